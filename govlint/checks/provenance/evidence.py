"""The records of provenance: one piece of evidence, and a document's whole
provenance with the judgments the rules ask of it (label, named sources,
what names someone other than the account) and its JSON record."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govlint.checks.provenance.vocabulary import PUNCTUATION, is_own_source_word, is_vague, normalise_account, outlet_in
from govlint.model import Document

# Evidence kinds that are credit fields (a credit line or a metadata field).
CREDIT_KINDS = frozenset({"source", "author", "editor", "reviewer", "proofreader", "photo"})
# How a credit value that names several parties is split (普安之声、新华社).
_NAME_SEPARATORS = re.compile(r"[、，,/／;；&＆]")


@dataclass(frozen=True)
class Evidence:
    """One piece of provenance evidence with the source range it stands on.

    ``kind`` is ``label`` (value 原创/转载), a credit field (``source``,
    ``author``, ``editor``, ``reviewer``, ``proofreader``, ``photo``; value
    None when the credit is empty), ``wire`` (value: the outlet of a
    dateline) or ``rights`` (a notice such as 转载请注明出处).
    """

    kind: str
    value: str | None
    start: int
    end: int
    text: str  # as written: the front-matter line, the meta tag, the credit line
    name: str  # what declared it, for messages: 来源, label, #copyright_logo, ...
    from_metadata: bool = False


@dataclass(frozen=True)
class Provenance:
    evidence: tuple[Evidence, ...]
    own_names: frozenset[str]  # normalised names of the publishing account

    def of(self, kind: str) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.kind == kind)

    @property
    def labels(self) -> tuple[Evidence, ...]:
        return self.of("label")

    @property
    def label(self) -> str | None:
        """The declared label, or None when there is none or both are declared."""
        values = {e.value for e in self.labels}
        return values.pop() if len(values) == 1 else None

    @property
    def named_sources(self) -> tuple[Evidence, ...]:
        """Source credits that name someone (not empty, not 来源：网络)."""
        return tuple(e for e in self.of("source") if e.value and not is_vague(e.value))

    def first_value(self, kind: str) -> str | None:
        return next((e.value for e in self.of(kind) if e.value), None)

    def is_own(self, name: str) -> bool:
        """True when ``name`` names the publishing account (exactly, after normalising)."""
        return normalise_account(name) in self.own_names or is_own_source_word(name)

    def foreign(self) -> tuple[Evidence, ...]:
        """Sources, datelines and outlet credits that name someone other than the account.

        Without a known account only a named outlet counts: a source such as
        县农业农村局 may well be the account itself.
        """
        return tuple(e for e in self.evidence if e.value and not is_vague(e.value) and self._is_foreign(e))

    def _is_foreign(self, item: Evidence) -> bool:
        assert item.value is not None
        if item.kind == "wire":
            return not self.is_own(item.value)
        if item.kind == "source":
            return self._names_other(item.value, outlets_only=not self.own_names)
        if item.kind == "author":
            return self._names_other(item.value, outlets_only=True)
        return False

    def _names_other(self, value: str, outlets_only: bool) -> bool:
        """True when one of the names in a credit (普安之声、新华社) is not the account."""
        for part in _NAME_SEPARATORS.split(value):
            part = part.strip(PUNCTUATION)
            if not part or self.is_own(part):
                continue
            if not outlets_only:
                return True
            outlet = outlet_in(part)
            if outlet and not self.is_own(outlet):
                return True
        return False

    def record(self, document: Document) -> dict:
        """The JSON ``provenance`` record of the file (docs/json-output.md)."""
        return {
            "label": self.label,
            "source": self.first_value("source"),
            "author": self.first_value("author"),
            "editor": self.first_value("editor"),
            "evidence": _evidence_record(self.evidence, document),
        }


def _evidence_record(evidence: tuple[Evidence, ...], document: Document) -> list[dict]:
    """Each piece of evidence once per line, kind and text, in source order."""
    seen = set()
    found = []
    for item in sorted(evidence, key=lambda e: (e.start, e.end)):
        line = document.source.locate(item.start)[0]
        key = (line, item.kind, item.text)
        if key not in seen:
            seen.add(key)
            found.append({"line": line, "kind": item.kind, "text": item.text})
    return found
