"""Word reader: a .docx into the one document model.

Positions are paragraph-based. The source text the findings point into is
the document's text, one line per paragraph that has any: the body's
paragraphs in order (a table's cells row by row, each cell paragraph a
line), then the headers, footers, footnotes and endnotes, which are kept
out of the body. So a finding's ``line`` is the paragraph number in the
body (the title included), ``column`` the character in it;
``Document.places`` says which part each line is in (正文, 页眉, 脚注1).

The text is the accepted version of every tracked change; the changes,
comments and fields become ``Document.annotations`` for the draft rules.
Each run carries the style Word renders it with (``styles``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from xml.etree import ElementTree as ET

from govlint import dates, han
from govlint.bylines import is_generic_author
from govlint.model import Annotation, Block, BlockBuilder, BlockKind, Document, Element, Link, Metadata, Run, SourceText
from govlint.readers.word.package import Package, W, open_package
from govlint.readers.word.styles import DEFAULT_HALF_POINTS, Props, Styles, read_styles
from govlint.readers.word.walk import Mark, Paragraph, Walker
from govlint.style import BLACK, WHITE, WORD_HIDDEN, Style

_SENTENCE_END = tuple("。！？；：.!?;:")
# What an editor calls the parts outside the body (Document.places); the
# body's lines are 正文, numbered as editors count them by govlint.places.
BODY_PLACE = "正文"
PART_PLACES = {"header": "页眉", "footer": "页脚", "footnote": "脚注", "endnote": "尾注"}
_ALIGN = {"center": "center", "right": "right", "end": "right", "both": "justify", "distribute": "justify"}


def read_docx(data: bytes, path: str, limit: int) -> Document:
    """The document of a .docx's bytes; ``limit`` bounds the XML inflated.
    Raises InputError with a one-line reason for anything that is no readable .docx."""
    package = open_package(data, limit)
    walked = walk_package(package)
    return _document(path, walked, _properties(package))


@dataclass
class Walked:
    """A package walked: its paragraphs (body first) and what they carry."""

    walker: Walker
    body: int  # paragraphs [0, body) are the body's
    notes: dict[int, str]  # first paragraph of each footnote/endnote -> its label
    comments: dict[str, tuple[str, str, str]]  # comment id -> (author, date, text)

    def lines(self) -> list[int]:
        """The paragraphs that are source lines, in order: line ``n`` (1-based)
        is paragraph ``lines()[n - 1]``. A paragraph with no text but white
        space has no line."""
        return [i for i, p in enumerate(self.walker.paragraphs) if line_text(p).strip(" \t\u3000\xa0")]


def line_text(paragraph: Paragraph) -> str:
    """A paragraph's text as its source line (a stray line break inside a ``w:t`` is a space)."""
    return paragraph.text.replace("\r", " ").replace("\n", " ")


def walk_package(package: Package) -> Walked:
    """Walk the main part, then its headers, footers and notes, in that order."""
    relationships = package.relationships(package.main)
    by_kind: dict[str, list[str]] = {}
    for rel in relationships:
        if not rel.external:
            by_kind.setdefault(rel.kind, []).append(rel.target)
    first = {kind: targets[0] for kind, targets in by_kind.items()}
    styles = read_styles(package.optional_xml(first.get("styles")), package.optional_xml(first.get("theme")))
    walker = Walker(styles)
    walker.part(package.xml(package.main), "body", relationships)
    body = len(walker.paragraphs)
    notes: dict[int, str] = {}
    for kind in ("header", "footer"):
        for target in sorted(set(by_kind.get(kind, ())), key=_natural):
            if package.has(target):
                walker.part(package.xml(target), kind, package.relationships(target))
    for kind, part in (("footnote", "footnotes"), ("endnote", "endnotes")):
        target = first.get(part)
        root = package.optional_xml(target)
        if root is None or target is None:
            continue
        for number, first_paragraph in enumerate(walker.part(root, kind, package.relationships(target)), 1):
            notes[first_paragraph] = f"{PART_PLACES[kind]}{number}"
    return Walked(walker, body, notes, _comments(package.optional_xml(first.get("comments"))))


def _natural(name: str) -> tuple:
    """header2.xml before header10.xml."""
    number = re.search(r"(\d+)\D*$", name)
    return (re.sub(r"\d+", "", name), int(number.group(1)) if number else 0, name)


def _comments(root: ET.Element | None) -> dict[str, tuple[str, str, str]]:
    found: dict[str, tuple[str, str, str]] = {}
    if root is None:
        return found
    for comment in root.findall(W + "comment"):
        text = "".join(t.text or "" for t in comment.iter(W + "t"))
        found[comment.get(W + "id", "")] = (comment.get(W + "author", ""), comment.get(W + "date", ""), text)
    return found


# ----------------------------------------------------------------------------- the document


def _document(path: str, walked: Walked, properties: dict[str, str]) -> Document:
    paragraphs = walked.walker.paragraphs
    line_of: dict[int, int] = {}  # paragraph index -> 0-based line
    places: list[str] = []
    texts: list[str] = []
    note_label = ""
    lines = set(walked.lines())
    for index, paragraph in enumerate(paragraphs):
        note_label = walked.notes.get(index, note_label)
        if index not in lines:
            continue
        line_of[index] = len(texts)
        texts.append(line_text(paragraph))
        if index < walked.body:
            places.append(BODY_PLACE)
        else:
            places.append(note_label or PART_PLACES.get(paragraph.part, paragraph.part))
    source = SourceText("\n".join(texts))
    starts = [source.line_start(n + 1) for n in range(len(texts))] if texts else []
    styles = walked.walker.styles
    blocks: list[Block] = []
    links: list[Link] = []
    styler = _Styler()
    for index, paragraph in enumerate(paragraphs):
        if index not in line_of:
            continue
        kind, level = _kind(paragraph, styles, first=not blocks and index < walked.body)
        block = _block(paragraph, starts[line_of[index]], len(blocks), kind, level, index < walked.body, styler)
        if block is None:
            continue
        blocks.append(block)
        links.extend(_links(block, paragraph.in_table))
    position = _Positions(paragraphs, line_of, starts, len(source.text))
    annotations = tuple(_annotations(walked, position))
    title = next((b.text for b in blocks if b.kind == "title"), None) or _core_title(properties)
    metadata = Metadata(
        title=title,
        author=_person(properties.get("creator")),
        date=_date(properties.get("modified") or properties.get("created")),
    )
    return Document(
        path=path,
        format="docx",
        encoding="utf-8",  # the encoding of a Word file's XML (docs/json-output.md)
        source=source,
        blocks=tuple(blocks),
        links=tuple(links),
        metadata=metadata,
        places=tuple(places),
        annotations=annotations,
        properties=properties,
    )


def _kind(paragraph: Paragraph, styles: Styles, first: bool) -> tuple[BlockKind, int]:
    if paragraph.part != "body":
        return "paragraph", 0
    style = paragraph.style_id
    if styles.is_title(style):
        return "title", 0
    level = styles.heading_level(style)
    outline = paragraph.props.get("outline")
    if not level and isinstance(outline, int) and 0 <= outline <= 8:
        level = outline + 1
    if level:
        return "heading", level
    if styles.is_caption(style):
        return "caption", 0
    if paragraph.in_table:
        return "table_cell", 0
    if first and _looks_like_title(paragraph):
        return "title", 0
    level = _numbered_heading_level(paragraph.text)
    if level:
        return "heading", level
    if paragraph.props.get("numbered"):
        return "list_item", 0
    return "paragraph", 0


# The four levels of a 公文's headings (GB/T 9704-2012, 7.3.3): 一、 （一） 1. （1）.
_HEADING_NUMBERS = (
    re.compile(r"^[一二三四五六七八九十百]+、"),
    re.compile(r"^[（(][一二三四五六七八九十百]+[）)]"),
    re.compile(r"^\d{1,2}[.．](?!\d)"),
    re.compile(r"^[（(]\d{1,2}[）)]"),
)
_RUN_ON = re.compile("[。！？；]")  # a heading run into its paragraph: body text follows
_HEADING_LINE = 30  # characters; a numbered line this short that ends no sentence is a heading


def _numbered_heading_level(text: str) -> int:
    """1-4 for a short line that opens with a 公文 heading number and ends no
    sentence (typed in 黑体 or 楷体 by direct formatting, with no heading
    style: most drafts), else 0."""
    line = text.strip(" \t\u3000\xa0")
    if len(line) > _HEADING_LINE or line.endswith(("，", "、", ",", *_SENTENCE_END)) or _RUN_ON.search(line):
        return 0
    return next((n for n, number in enumerate(_HEADING_NUMBERS, 1) if number.match(line)), 0)


def _looks_like_title(paragraph: Paragraph) -> bool:
    """A first line that is short, centred and ends no sentence: the 公文 or article title."""
    text = paragraph.text.strip(" \t\u3000\xa0")
    return paragraph.props.get("jc") == "center" and len(text) <= 40 and not text.endswith(_SENTENCE_END)


def _block(
    paragraph: Paragraph, start: int, index: int, kind: BlockKind, level: int, in_body: bool, styler: _Styler
) -> Block | None:
    builder = BlockBuilder()
    offset = start
    # Leading white space of the line is trimmed by build(); pieces map one to one.
    for piece in paragraph.pieces:
        elements = styler.elements(piece.props, piece.href, any(han.is_han(ch) for ch in piece.text))
        hidden = styler.style(elements).invisible is not None
        if piece.synthetic:
            builder.add_synthetic(piece.text, offset, elements, hidden)
        else:
            text = piece.text.replace("\r", " ").replace("\n", " ")
            builder.add_source(text, offset, elements, hidden)
            offset += len(text)
    block = builder.build(index, kind, level, in_body)
    if block is None:
        return None
    runs = []
    for run in block.runs:
        style = styler.style(run.elements)
        runs.append(Run(run.start, run.end, run.elements, run.hidden, style.invisible, style))
    return replace(block, runs=tuple(runs))


class _Styler:
    """One elements tuple per distinct look, so that the block's runs split
    where the formatting changes, and the Style each stands for."""

    def __init__(self) -> None:
        self._elements: dict[tuple, tuple[Element, ...]] = {}
        self._styles: dict[int, Style] = {}

    def elements(self, props: Props, href: str | None, wide: bool) -> tuple[Element, ...]:
        key = (tuple(sorted((k, str(v)) for k, v in props.items())), href, wide)
        found = self._elements.get(key)
        if found is None:
            # Numbered, so that looks differ by equality too (BlockBuilder compares marks with ==).
            found = (Element("w:r", (("look", str(len(self._elements))),)),)
            if href is not None:
                found = (Element("a", (("href", href),)), *found)
            vertical = props.get("vertAlign")
            if vertical in ("superscript", "subscript"):
                found = (*found, Element("sup" if vertical == "superscript" else "sub"))
            self._elements[key] = found
            self._styles[id(found)] = _style(props, wide)
        return found

    def style(self, elements: tuple[Element, ...]) -> Style:
        return self._styles[id(elements)]


def _style(props: Props, wide: bool) -> Style:
    half_points = props.get("sz", DEFAULT_HALF_POINTS)
    points = (half_points if isinstance(half_points, int) else DEFAULT_HALF_POINTS) / 2
    family = str(props.get("eastAsia" if wide else "ascii") or props.get("hAnsi") or "")
    background = props.get("background") is True
    return Style(
        font_size=points * 4 / 3,
        font_size_set=True,
        font_family=family,
        family_set=bool(family),
        color=_color(props.get("color")),
        background=None if background else WHITE,
        background_set=background,
        text_align=_ALIGN.get(str(props.get("jc", "")), "start"),
        bold=props.get("b") is True,
        hidden=WORD_HIDDEN if props.get("vanish") is True or props.get("specVanish") is True else None,
    )


def _color(value: object) -> tuple[int, int, int, float]:
    text = str(value or "")
    if len(text) == 6:
        try:
            return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16), 1.0
        except ValueError:
            pass
    return BLACK  # "auto" and anything unreadable: Word's automatic colour on white is black


def _links(block: Block, in_table: bool) -> Iterator[Link]:
    """A link per stretch of runs under one ``a`` element."""
    current: tuple[str, int, int, Run] | None = None
    for run in block.runs:
        anchor = next((e for e in run.elements if e.tag == "a"), None)
        href = anchor.attr("href") if anchor is not None else None
        if current is not None and (href != current[0] or run.start != current[2]):
            yield _link(block, *current)
            current = None
        if href is not None:
            current = (href, current[1] if current else run.start, run.end, current[3] if current else run)
    if current is not None:
        yield _link(block, *current)


def _link(block: Block, href: str, start: int, end: int, run: Run) -> Link:
    a, b = block.source_range(start, end)
    hidden = all(block.hidden_at(i) for i in range(start, end))
    return Link(
        href=href,
        text=block.text[start:end],
        start=a,
        end=b,
        hidden=hidden,
        in_body=block.in_body,
        block=block.index,
        elements=tuple(e for e in run.elements if e.tag == "a"),
        style=run.style,
        hiding=run.hiding if hidden else None,
    )


# ----------------------------------------------------------------------------- annotations


@dataclass
class _Positions:
    paragraphs: list[Paragraph]
    line_of: dict[int, int]
    starts: list[int]
    end: int

    def offset(self, paragraph: int, column: int) -> int:
        """The source offset of a walk position; a paragraph without a line
        maps to the start of the next line that exists (or the end)."""
        line = self.line_of.get(paragraph)
        if line is not None:
            return self.starts[line] + min(column, self.paragraphs[paragraph].length)
        later = [n for i, n in self.line_of.items() if i > paragraph]
        return self.starts[min(later)] if later else self.end


def _annotations(walked: Walked, position: _Positions) -> Iterator[Annotation]:
    for mark in walked.walker.marks:
        start = position.offset(mark.paragraph, mark.start)
        end = max(start, position.offset(mark.end_paragraph, mark.end))
        yield _annotation(mark, start, end, walked.comments)


def _annotation(mark: Mark, start: int, end: int, comments: dict[str, tuple[str, str, str]]) -> Annotation:
    if mark.kind == "comment":
        author, date, text = comments.get(mark.id, ("", "", ""))
        return replace(mark.note, start=start, end=end, author=author, date=date, text=text)
    if mark.kind == "deletion":  # the point where the deleted text stood
        return replace(mark.note, start=start, end=start)
    return replace(mark.note, start=start, end=end)


# ----------------------------------------------------------------------------- properties

_CORE = {"title", "subject", "creator", "keywords", "description", "lastModifiedBy", "created", "modified", "category"}
_APP = {"Company", "Manager"}


def _properties(package: Package) -> dict[str, str]:
    found: dict[str, str] = {}
    for rel in package.relationships(""):
        kind = rel.kind
        if rel.external or kind not in ("core-properties", "extended-properties"):
            continue
        root = package.optional_xml(rel.target)
        if root is None:
            continue
        wanted = _CORE if kind == "core-properties" else _APP
        for child in root:
            name = child.tag.rsplit("}", 1)[-1]
            value = (child.text or "").strip()
            if name in wanted and value:
                found[name[0].lower() + name[1:]] = value
    return found


def _person(value: str | None) -> str | None:
    return None if value is None or is_generic_author(value) else value


def _core_title(properties: dict[str, str]) -> str | None:
    title = properties.get("title", "").strip()
    return title or None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dates.iso(dates.parse_datetime(value))
    except dates.DateError:
        return None
