"""The vocabulary of checks: severities, stages, hits, rules and the registry.

A rule is a small frozen record and one function from a document to hits;
the engine turns hits into findings with positions, so a check never deals
with line/column arithmetic or output formats.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govlint.config import Config
    from govlint.model import Block, Document

CHECK_IDS = ("typo", "font", "link", "garbled", "sensitive", "provenance", "structure", "privacy", "draft")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "notice": 1}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "notice": "提示"}[self.value]


class Stage(str, Enum):
    FIRST = "初审"
    SECOND = "复审"
    FINAL = "终审"


class Applicability(str, Enum):
    """What may be done with a finding's edit (as ruff's fix applicability).

    SAFE: ``--fix`` applies it; the right form is certain (a curated
    misspelling, 〔〕 in a document number). UNSAFE: right in most places
    but a guess (a statistical correction, a lost character put back), so
    only ``--fix --unsafe-fixes`` applies it. DISPLAY: a replacement to show
    the editor, never applied (a masked ID number)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display"

    @property
    def label(self) -> str:
        return {"safe": "可自动修复", "unsafe": "需核对后修复", "display": "仅供参考"}[self.value]


@dataclass(frozen=True)
class Hit:
    """What a rule reports: a source range [start, end) and its message."""

    start: int
    end: int
    message: str
    # The replacement of [start, end) (an empty string deletes it); the
    # rule's ``applicability`` says whether it is an edit and how safe.
    suggestion: str | None = None
    # A rule whose level depends on data (a term list's severity and stage, a
    # downgrade to a notice) sets these; None means the rule's own.
    severity: Severity | None = None
    stage: Stage | None = None
    # A hit whose edit is less safe than its rule's usual ones (a curated
    # pair marked "no") sets this; None means the rule's own.
    applicability: Applicability | None = None
    # False for a hit about the file rather than its text (a Word file's
    # properties): it has no paragraph, and editors are told where instead.
    in_text: bool = True

    @classmethod
    def in_block(
        cls, block: Block, start: int, end: int, message: str, suggestion: str | None = None,
        severity: Severity | None = None, stage: Stage | None = None,
        applicability: Applicability | None = None,
    ) -> Hit:
        a, b = block.source_range(start, end)
        return cls(a, b, message, suggestion, severity, stage, applicability)


@dataclass(frozen=True)
class Context:
    """What a rule may read besides the document: configuration and data.

    ``facts`` is where a check leaves what it learnt about the file as a
    whole (the provenance check: label, source, author), for reporters and
    the batch audit; keys are check ids.

    ``unchecked`` is where a rule that ran says what it was not able to
    check on this file (rule id -> a Chinese phrase, e.g. ``link.dead``
    without ``--check-links`` never opened the links), so the editor report
    does not call the item checked.

    ``prepared`` holds what a rule's ``prepare`` step computed for this file
    as one of a batch, or what a rule found that another rule of its check
    needs too (rule id -> the rule's own data); never output.
    """

    config: Config
    facts: dict[str, object] = field(default_factory=dict)
    unchecked: dict[str, str] = field(default_factory=dict)
    prepared: dict[str, object] = field(default_factory=dict)


RuleFunction = Callable[["Document", Context], Iterable[Hit]]
# Work a rule does for a batch of documents at once (one context each), left
# in ``context.prepared``: the typo engine's array passes cost per call.
PrepareFunction = Callable[[Sequence["Document"], Sequence[Context]], None]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    stage: Stage
    summary: str  # one line, Chinese, for --list-rules
    doc: str  # Chinese, for editors (--explain), with "Bad" and "Good" examples
    function: RuleFunction = field(repr=False, compare=False)
    fixable: bool = False
    aliases: tuple[str, ...] = ()
    prepare: PrepareFunction | None = field(default=None, repr=False, compare=False)
    # What the rule's suggestions are as edits: None where a suggestion is a
    # hint only; SAFE by default for a fixable rule.
    applicability: Applicability | None = None
    # The rule's short Chinese name (重复字词), which editor outputs show
    # before the id; the id and ``name`` stay for configuration and machines.
    title: str = ""

    @property
    def check(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def shown_doc(self) -> str:
        """The doc as editors read it: the examples' markers (kept in English
        in the source, where the tests find them) in Chinese."""
        return self.doc.replace("**Bad**", "**错误示例**").replace("**Good**", "**正确示例**")

    def run(self, document: Document, context: Context) -> Iterator[Hit]:
        yield from self.function(document, context)


class RegistryError(Exception):
    pass


_REGISTRY: dict[str, Rule] = {}
_ALIASES: dict[str, str] = {}
_RULE_ID = re.compile(r"^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$")


def rule(
    rule_id: str,
    *,
    name: str,
    severity: Severity,
    stage: Stage,
    summary: str,
    title: str = "",
    fixable: bool = False,
    applicability: Applicability | None = None,
    aliases: tuple[str, ...] = (),
    prepare: PrepareFunction | None = None,
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule; its docstring is its documentation. ``prepare``, if
    given, may fill ``context.prepared[rule_id]`` for a batch of documents
    before the rule runs on each; the rule must also work without it.

    A ``fixable`` rule's suggestions are edits, safe unless ``applicability``
    says UNSAFE; a rule that is not fixable may still offer its suggestions
    as DISPLAY edits (shown, never applied)."""
    if fixable and applicability is Applicability.DISPLAY:
        raise RegistryError(f"{rule_id}: a fixable rule's edits are applied, not display only")
    if not fixable and applicability not in (None, Applicability.DISPLAY):
        raise RegistryError(f"{rule_id}: only a fixable rule's edits can be applied")
    if fixable and applicability is None:
        applicability = Applicability.SAFE

    def register(function: RuleFunction) -> RuleFunction:
        if not _RULE_ID.match(rule_id) or rule_id.split(".")[0] not in CHECK_IDS:
            raise RegistryError(f"invalid rule id {rule_id!r}")
        for key in (rule_id, *aliases):
            if key in _REGISTRY or key in _ALIASES:
                raise RegistryError(f"duplicate rule id {key!r}")
        doc = inspect.cleandoc(function.__doc__ or "")
        _REGISTRY[rule_id] = Rule(
            rule_id, name, severity, stage, summary, doc, function, fixable, aliases, prepare, applicability, title
        )
        for alias in aliases:
            _ALIASES[alias] = rule_id
        return function

    return register


def registered() -> tuple[Rule, ...]:
    """The rules registered so far, in check order then by id. Importing
    :mod:`govlint.checks` registers them all; use its ``all_rules``."""
    return tuple(sorted(_REGISTRY.values(), key=lambda r: (CHECK_IDS.index(r.check), r.id)))


def canonical_id(selector: str) -> str:
    """A rule's id for one of its aliases; anything else unchanged."""
    return _ALIASES.get(selector, selector)
