"""Gathering provenance evidence from a document: the metadata the readers
extract, and the label lines, credit lines, rights notices and datelines
at the head and foot of the article that a reader sees."""

from __future__ import annotations

from collections.abc import Iterator

from govlint import bylines
from govlint.checks.provenance.evidence import Evidence
from govlint.checks.provenance.vocabulary import (
    BRACKETED_MARK,
    BRACKETS,
    CLAUSE,
    CREDIT_FIELDS,
    MARKS,
    ORIGINAL,
    OWN_CLAIM,
    PUNCTUATION,
    REPOST,
    rights_phrases,
    wire,
)
from govlint.model import Block, Document

_HEAD_BLOCKS = 3  # body blocks at the start searched for labels, credits and datelines
_FOOT_BLOCKS = 6  # body blocks at the end searched for labels and credits
_MAX_LABEL_LINE = 80  # characters: label lines are short; a long paragraph is prose


def gather(document: Document) -> Iterator[Evidence]:
    """Every piece of evidence: the metadata's, then the head's and the foot's blocks'."""
    yield from _from_metadata(document)
    head, foot = _head_and_foot(document)
    for block in head + [b for b in foot if b not in head]:
        yield from _from_block(block, in_head=block in head)


# -- metadata ---------------------------------------------------------------


def _from_metadata(document: Document) -> Iterator[Evidence]:
    metadata = document.metadata
    label = _label_value(metadata.label)
    if label:
        positions = metadata.positions
        key = "label" if "label" in positions or "original" not in positions else "original"
        yield from _declared(document, "label", label, key)
    for field in ("source", "author", "editor"):
        yield from _declared(document, field, getattr(metadata, field), field)


def _declared(document: Document, kind: str, value: str | None, key: str) -> Iterator[Evidence]:
    """The evidence of a metadata key, where the key was declared (none where it was not)."""
    if key in document.metadata.positions:
        start, end = document.metadata.positions[key]
        text = document.source.text[start:end].strip()
        yield Evidence(kind, value, start, end, text, key, from_metadata=True)


def _label_value(declared: str | None) -> str | None:
    if not declared:
        return None
    text = declared.strip().lower()
    if ORIGINAL in text or text in {"original", "首发", "独家"}:
        return ORIGINAL
    if REPOST in text or text in {"repost", "reprint", "转发"}:
        return REPOST
    return None


# -- blocks -----------------------------------------------------------------


def _head_and_foot(document: Document) -> tuple[list[Block], list[Block]]:
    body = [b for b in document.body_blocks if b.is_prose]
    titles = [b for b in document.blocks if not b.in_body and b.kind == "title"]
    return titles + body[:_HEAD_BLOCKS], body[-_FOOT_BLOCKS:]


def _item(block: Block, kind: str, value: str | None, start: int, end: int, name: str) -> Evidence:
    """Evidence standing on block text [start, end)."""
    a, b = block.source_range(start, end)
    return Evidence(kind, value, a, b, block.text[start:end].strip(), name)


def _from_block(block: Block, in_head: bool) -> Iterator[Evidence]:
    yield from _label_evidence(block)
    yield from _credit_evidence(block)
    yield from _rights_evidence(block)
    if in_head and block.kind != "title":
        yield from _wire_evidence(block)


def _label_evidence(block: Block) -> Iterator[Evidence]:
    mark = label_mark(block.text)
    if mark is not None and block.shown(mark[1], mark[2]):
        yield _item(block, "label", mark[0], mark[1], mark[2], block.text[mark[1]:mark[2]])


def _credit_evidence(block: Block) -> Iterator[Evidence]:
    text = block.text
    for kind, label, start, end, value_start, value_end in credits(text):
        if not block.shown(start):
            continue
        raw = text[value_start:value_end]
        value = bylines.clean_value(raw)
        stop = value_start + raw.find(value) + len(value) if value else end  # the credit as written, trimmed
        if kind == "repost":
            yield _item(block, "label", REPOST, start, stop, label)
            kind = "source"
        yield _item(block, kind, value or None, start, stop, label)


def _rights_evidence(block: Block) -> Iterator[Evidence]:
    """The first rights notice a block shows (转载请注明出处), longest phrase first."""
    for phrase in rights_phrases():
        index = block.text.find(phrase)
        if index >= 0 and block.shown(index):
            yield _item(block, "rights", phrase, index, index + len(phrase), phrase)
            return


def _wire_evidence(block: Block) -> Iterator[Evidence]:
    found = wire(block.text)
    if found is not None and block.shown(found[1]):
        yield _item(block, "wire", found[0], found[1], found[2], block.text[found[1]:found[2]])


# -- reading a line -----------------------------------------------------------


def label_mark(text: str) -> tuple[str, int, int] | None:
    """A bracketed label prefix (【转载】…), or in a short line a clause that
    is a label (原创, 本文为转载) or claims the text (本文为普安之声原创)."""
    bracketed = BRACKETED_MARK.match(text)
    if bracketed:
        return MARKS[bracketed.group(2)], bracketed.start(1), bracketed.end(1)
    if len(text) > _MAX_LABEL_LINE:
        return None
    for clause in CLAUSE.finditer(text):
        stripped = clause.group().strip(PUNCTUATION + BRACKETS)
        if stripped in MARKS:
            start = clause.start() + clause.group().index(stripped)
            return MARKS[stripped], start, start + len(stripped)
        claim = OWN_CLAIM.match(clause.group())
        if claim:
            return ORIGINAL, clause.start() + claim.start(1), clause.start() + claim.end(1)
    return None


def credits(text: str) -> Iterator[tuple[str, str, int, int, int, int]]:
    """(kind, label, label start, separator end, value start, value end) of each credit."""
    for credit in bylines.credits(text, *CREDIT_FIELDS):
        yield credit.field, credit.label, credit.start, credit.label_end, credit.label_end, credit.value_end

