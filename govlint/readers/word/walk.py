"""Walking a Word part: its paragraphs, each a list of pieces of text in order.

The walk reads the text as it will stand once every tracked change is
accepted: inserted runs (``w:ins``, ``w:moveTo``) are in, deleted ones
(``w:del``, ``w:moveFrom``) out; a field's instruction (``HYPERLINK "…"``,
``PAGE``) is out and its shown result in. What was changed, commented or
left in a field on the way is kept as :class:`Mark` records.

Each piece keeps the XML elements it came from, so that the reviewed copy
(:mod:`govlint.formats.review`) can find the text a finding is about by the
same walk. Paragraphs without text are kept too, for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal
from xml.etree import ElementTree as ET

from govlint.model import Annotation
from govlint.readers.word.package import R, Relationship, W
from govlint.readers.word.styles import Props, Styles, paragraph_properties, run_properties
from govlint.source import InputError

_CONTAINERS = frozenset(W + tag for tag in ("smartTag", "customXml", "sdtContent", "dir", "bdo"))
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:\\[lo]\s+)?"?([^"\s]+)"?(?:\s+\\l\s+"([^"]*)")?', re.I)
MAX_PARAGRAPHS = 200_000
RevisionKind = Literal["insertion", "deletion", "format-change"]


@dataclass
class Piece:
    """A stretch of one run's text: ``node`` is the ``w:t`` (or ``w:tab`` …)
    it comes from, ``offset`` where it starts in that node's text.
    A ``synthetic`` piece (the line break of a ``w:br``) is block text
    with no character in the source line."""

    text: str
    props: Props
    run: ET.Element | None = None
    node: ET.Element | None = None
    offset: int = 0
    synthetic: bool = False
    href: str | None = None


@dataclass
class Paragraph:
    element: ET.Element
    part: str  # body, header, footer, footnote, endnote
    style_id: str | None
    props: Props  # paragraph properties, styles merged: outline, numbered, jc
    in_table: bool
    pieces: list[Piece] = field(default_factory=list)
    length: int = 0  # characters of source text (pieces that are not synthetic)

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces if not p.synthetic)


@dataclass
class Mark:
    """Something the draft carries besides its text (``note``: a tracked
    change, a comment, a field), at ``[(paragraph, start), (end_paragraph,
    end))`` of the walk's paragraphs; the reader turns the range into source
    offsets. ``id`` is Word's (a comment's, to find its words)."""

    paragraph: int
    start: int
    end_paragraph: int
    end: int
    note: Annotation
    id: str = ""

    @property
    def kind(self) -> str:
        return self.note.kind


@dataclass
class _Field:
    instruction: str = ""
    separated: bool = False
    start: tuple[int, int] = (0, 0)
    result: list[str] = field(default_factory=list)
    dirty: bool = False

    @property
    def href(self) -> str | None:
        match = _HYPERLINK_FIELD.match(self.instruction)
        if not match:
            return None
        target, anchor = match.group(1), match.group(2)
        if self.instruction.split()[1:2] == ["\\l"]:
            return "#" + target
        return target + ("#" + anchor if anchor else "")


class Walker:
    """Collects the paragraphs and marks of one document's parts, in order."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.paragraphs: list[Paragraph] = []
        self.marks: list[Mark] = []
        self._fields: list[_Field] = []
        self._comments: dict[str, tuple[int, int]] = {}  # open comment ranges: id -> start
        self._anchored: set[str] = set()  # comments whose range has ended (their reference adds no mark)
        self._links: Mapping[str, Relationship] = {}
        self._part = "body"

    # ------------------------------------------------------------------ parts

    def part(self, root: ET.Element, kind: str, relationships: list[Relationship]) -> list[int]:
        """Walk a part's block content (the body, a header, the notes); for
        notes, the index of each note's first paragraph."""
        self._part = kind
        self._links = {rel.id: rel for rel in relationships}
        self._fields = []  # a field never spans parts
        if kind not in ("footnote", "endnote"):
            body = root.find(W + "body")
            self.blocks(body if body is not None else root, in_table=False)
            return []
        firsts = []
        for note in root.findall(W + kind):
            if note.get(W + "type") in (None, "normal"):  # not the separator lines
                firsts.append(len(self.paragraphs))
                self.blocks(note, in_table=False)
        return firsts

    def blocks(self, container: ET.Element, in_table: bool) -> None:
        for child in container:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child, in_table)
            elif tag == W + "tbl":
                for row in child.findall(W + "tr"):
                    for cell in row.findall(W + "tc"):
                        self.blocks(cell, in_table=True)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.blocks(content, in_table)
            elif tag in _CONTAINERS or tag in (W + "ins", W + "moveTo"):
                self.blocks(child, in_table)

    # ------------------------------------------------------------ paragraphs

    @property
    def cursor(self) -> tuple[int, int]:
        return len(self.paragraphs) - 1, self.paragraphs[-1].length if self.paragraphs else 0

    def paragraph(self, element: ET.Element, in_table: bool) -> None:
        if len(self.paragraphs) >= MAX_PARAGRAPHS:
            raise InputError(f"Word 文件的段落超过 {MAX_PARAGRAPHS} 个，疑为恶意文件，未读取")
        ppr = element.find(W + "pPr")
        style_element = ppr.find(W + "pStyle") if ppr is not None else None
        style_id = style_element.get(W + "val") if style_element is not None else self.styles.default_paragraph
        style_run, style_paragraph = self.styles.chain(style_id, "paragraph")
        props = {**self.styles.defaults_paragraph, **style_paragraph, **paragraph_properties(ppr)}
        run_base = {**self.styles.defaults_run, **style_run}
        if props.get("jc"):  # alignment is the paragraph's; runs carry it for the font check
            run_base["jc"] = props["jc"]
        paragraph = Paragraph(element, self._part, style_id, MappingProxyType(props), in_table)
        self.paragraphs.append(paragraph)
        self.inline(element, MappingProxyType(run_base), None)
        if ppr is not None:
            index = len(self.paragraphs) - 1
            change = ppr.find(W + "pPrChange")
            if change is not None:
                self._mark("format-change", (index, 0), change)
            mark = ppr.find(W + "rPr")
            for kind, tag in (("insertion", "ins"), ("deletion", "del")):
                revision = mark.find(W + tag) if mark is not None else None
                if revision is not None:  # the paragraph mark itself was inserted or deleted
                    self._mark(kind, self.cursor, revision)

    def inline(self, element: ET.Element, base: Props, href: str | None) -> None:
        for child in element:
            tag = child.tag
            if tag == W + "r":
                self.run(child, base, href)
            elif tag == W + "hyperlink":
                self.inline(child, base, self._hyperlink(child) or href)
            elif tag in (W + "ins", W + "moveTo"):
                start = self.cursor
                self.inline(child, base, href)
                self._mark("insertion", start, child)
            elif tag in (W + "del", W + "moveFrom"):
                deleted = "".join(t.text or "" for t in child.iter(W + "delText"))
                self._mark("deletion", self.cursor, child, text=deleted)
            elif tag == W + "fldSimple":
                self._fields.append(
                    _Field(child.get(W + "instr", ""), True, self.cursor, dirty=_on(child.get(W + "dirty")))
                )
                self.inline(child, base, href)
                self._end_field()
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.inline(content, base, href)
            elif tag in _CONTAINERS:
                self.inline(child, base, href)
            elif tag == W + "commentRangeStart":
                self._comments[child.get(W + "id", "")] = self.cursor
            elif tag == W + "commentRangeEnd":
                comment = child.get(W + "id", "")
                start = self._comments.pop(comment, self.cursor)
                self._anchored.add(comment)
                self.marks.append(Mark(*start, *self.cursor, Annotation("comment", 0, 0), comment))

    def run(self, run: ET.Element, base: Props, href: str | None) -> None:
        rpr = run.find(W + "rPr")
        style = rpr.find(W + "rStyle") if rpr is not None else None
        style_id = style.get(W + "val") if style is not None else self.styles.default_character
        props = MappingProxyType(
            {**base, **self.styles.chain(style_id, "character")[0], **run_properties(rpr, self.styles.theme)}
        )
        start = self.cursor
        for child in run:
            tag = child.tag
            if tag == W + "t":
                self._text(child.text or "", props, run, child, href)
            elif tag == W + "tab":
                self._text("\t", props, run, child, href)
            elif tag in (W + "br", W + "cr"):
                self._text("\n", props, run, child, href, synthetic=True)
            elif tag == W + "noBreakHyphen":
                self._text("-", props, run, child, href)
            elif tag == W + "instrText":
                if self._fields:
                    self._fields[-1].instruction += child.text or ""
            elif tag == W + "fldChar":
                self._field_char(child)
            elif tag == W + "commentReference":
                comment = child.get(W + "id", "")
                if comment not in self._anchored:
                    self._anchored.add(comment)
                    self.marks.append(Mark(*self.cursor, *self.cursor, Annotation("comment", 0, 0), comment))
        change = rpr.find(W + "rPrChange") if rpr is not None else None
        if change is not None:
            self._mark("format-change", start, change)

    # --------------------------------------------------------------- helpers

    def _text(
        self, text: str, props: Props, run: ET.Element, node: ET.Element, href: str | None, synthetic: bool = False
    ) -> None:
        if not text or not self.paragraphs or any(not f.separated for f in self._fields):
            return  # a field's instruction is no text a reader sees
        field_href = next((f.href for f in reversed(self._fields) if f.href), None)
        paragraph = self.paragraphs[-1]
        paragraph.pieces.append(Piece(text, props, run, node, 0, synthetic, href or field_href))
        if not synthetic:
            paragraph.length += len(text)
            for open_field in self._fields:
                open_field.result.append(text)

    def _field_char(self, element: ET.Element) -> None:
        kind = element.get(W + "fldCharType")
        if kind == "begin":
            self._fields.append(_Field(dirty=_on(element.get(W + "dirty"))))
        elif kind == "separate" and self._fields:
            self._fields[-1].separated = True
            self._fields[-1].start = self.cursor
        elif kind == "end" and self._fields:
            self._end_field()

    def _end_field(self) -> None:
        done = self._fields.pop()
        start = done.start if done.separated else self.cursor
        shown = "".join(done.result)
        note = Annotation("field", 0, 0, text=done.instruction.strip(), result=shown, dirty=done.dirty)
        self.marks.append(Mark(*start, *self.cursor, note))

    def _hyperlink(self, element: ET.Element) -> str | None:
        relationship = self._links.get(element.get(R + "id", ""))
        target = relationship.target if relationship is not None else None
        anchor = element.get(W + "anchor")
        if target and anchor:
            return f"{target}#{anchor}"
        return target or (f"#{anchor}" if anchor else None)

    def _mark(self, kind: RevisionKind, start: tuple[int, int], element: ET.Element, text: str = "") -> None:
        note = Annotation(kind, 0, 0, element.get(W + "author", ""), element.get(W + "date", ""), text)
        self.marks.append(Mark(*start, *self.cursor, note, element.get(W + "id", "")))


def _on(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")
