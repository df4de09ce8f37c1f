"""The document as one text, and the term-list hits found in it.

Every block's text is joined by line breaks so that one pass of an
automaton or a pattern matches them all; the joined text, its normalised
and its character-mapped copies and the term hits are computed once for
the document the rules are checking, and read by all of them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from govlint.model import Block, Document
from govlint.rules import Context, Hit, Severity, Stage
from govlint.terms import CATEGORIES, TermHit, matcher_for
from govlint.terms.normalize import Normalized, map_characters, normalize

# Which rule reports the hits of a list of this category (None: sensitive.term).
_RULE_OF_CATEGORY = {"secrecy": "secrecy", "engagement": "engagement"}


@dataclass(frozen=True)
class Joined:
    """Every block's text joined by line breaks, so that one pass matches them all."""

    text: str
    blocks: tuple[Block, ...]
    offsets: tuple[int, ...]  # where each block's text starts in ``text``

    def locate(self, start: int, end: int) -> tuple[Block, int, int]:
        """The block holding joined [start, end), and the range in its text."""
        index = bisect.bisect_right(self.offsets, start) - 1
        base = self.offsets[index]
        return self.blocks[index], start - base, end - base

    @cached_property
    def normalized(self) -> Normalized:
        """The normalised copy the term lists and the secrecy notices are matched in."""
        return normalize(self.text)

    @cached_property
    def mapped(self) -> str:
        """The text with the normaliser's character mapping, same length (ASCII lower-cased)."""
        return map_characters(self.text)


def _join(document: Document) -> Joined:
    blocks = tuple(b for b in document.blocks if b.text)
    offsets, position = [], 0
    for block in blocks:
        offsets.append(position)
        position += len(block.text) + 1
    return Joined("\n".join(b.text for b in blocks), blocks, tuple(offsets))


# The last document's joined text and hits: every rule reads them, computed
# once (documents compare by identity; the lists are looked up, and checked
# on disk, once too).
_LAST_JOINED: list[tuple[Document, Joined]] = []
_LAST_HITS: list[tuple[Document, tuple, list[TermHit]]] = []


def joined(document: Document) -> Joined:
    """The document's joined text, computed once per document."""
    if not (_LAST_JOINED and _LAST_JOINED[0][0] is document):
        _LAST_JOINED[:] = [(document, _join(document))]
    return _LAST_JOINED[0][1]


def term_hits(document: Document, context: Context) -> list[TermHit]:
    """The hits of every term list the configuration names, in the joined text."""
    lists = (context.config.dictionaries, context.config.allow_terms)
    if _LAST_HITS and _LAST_HITS[0][0] is document and _LAST_HITS[0][1] == lists:
        return _LAST_HITS[0][2]
    text = joined(document)
    hits = matcher_for(*lists).find(text.text, text.normalized)
    _LAST_HITS[:] = [(document, lists, hits)]
    return hits


def term_findings(document: Document, context: Context, route: str | None) -> Iterator[Hit]:
    """The findings of the term hits one rule reports (``route``: a key of
    ``_RULE_OF_CATEGORY``'s values, None for sensitive.term)."""
    for block, start, end, hit in located_term_hits(document, context, route):
        yield term_hit(block, start, end, hit)


def located_term_hits(document: Document, context: Context, route: str | None) -> list[tuple[Block, int, int, TermHit]]:
    """The term hits one rule reports, one per span (the strongest of the
    lists that hold the term), in order, each with its block and the range
    in the block's text."""
    best: dict[tuple[int, int], TermHit] = {}
    for hit in term_hits(document, context):
        if _RULE_OF_CATEGORY.get(hit.term.category) != route:
            continue
        span = (hit.start, hit.end)
        if span not in best or _strength(hit) > _strength(best[span]):
            best[span] = hit
    text = joined(document)
    return [(*text.locate(start, end), hit) for (start, end), hit in sorted(best.items())]


_NAMED_AT_MOST = 3  # terms a reporting-context reason names before it counts the rest


def reporting_reason(found: list[tuple[Block, int, int, TermHit]]) -> str:
    """The checklist reason for terms found only in reporting contexts
    (反对台独, 打击网络赌博): one sentence naming at most three of them,
    counting the rest, e.g. ``涉政词“台独”出现在“反对台独”等报道语境中，由终审确认``."""
    named: dict[str, list[str]] = {}  # category label -> the terms as written, in order
    shown: set[str] = set()
    contexts: list[str] = []
    for block, start, end, hit in found:
        text = block.text[start:end]
        if text not in shown and len(shown) < _NAMED_AT_MOST:
            shown.add(text)
            label = CATEGORIES.get(hit.term.category, hit.term.category)
            named.setdefault(label, []).append(f"“{text}”")
        if hit.context and hit.context not in contexts:
            contexts.append(hit.context)
    terms = "、".join(f"{label}词{''.join(words)}" for label, words in named.items())
    count = f"等 {len(found)} 处" if len(found) > len(shown) else ""
    where = "”“".join(contexts[:2])
    return f"{terms}{count}出现在“{where}”等报道语境中，由终审确认"


def _strength(hit: TermHit) -> tuple[int, int]:
    return (0 if hit.context else 1, hit.term.severity.rank)


def term_hit(block: Block, start: int, end: int, hit: TermHit) -> Hit:
    """The finding of one term hit: an error (or the list's level) as it
    stands, a final-review notice in a reporting context (the secrecy and
    engagement rules; sensitive.term gives those to the checklist instead)."""
    term = hit.term
    label = CATEGORIES.get(term.category, term.category)
    shown = block.text[start:end]
    note = f"（{term.note}）" if term.note else ""
    if hit.context:
        message = f"“{shown}”属{label}词（词表 {term.list_name}），出现在“{hit.context}”等报道语境中，请终审确认{note}"
        return Hit.in_block(block, start, end, message, None, Severity.NOTICE, Stage.FINAL)
    message = f"“{shown}”属{label}词（词表 {term.list_name}），请核实后删改{note}"
    return Hit.in_block(block, start, end, message, None, term.severity, term.stage)
