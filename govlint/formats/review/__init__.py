"""The reviewed copy of a .docx (``govlint 稿件.docx --review``): each finding a
Word comment on its text, each fix a tracked change (Word, WPS, LibreOffice).

The copy is made by the reader's own walk (``walk_package``), so a finding's
line and column name the same characters. Every boundary is first cut into
the runs (a ``w:r`` split in two, each keeping its ``w:rPr``). A fix (``safe``
or ``unsafe``, never ``display``) on plain text of one paragraph (no line
break, field, drawing or earlier revision in it, no other fix overlapping)
becomes ``w:del`` + ``w:ins``; every finding a comment around its range.
A finding in a header, footer or note (Word allows no comment in a header)
is anchored at the start of the first body paragraph, its comment naming the
place and quoting the text. Only the parts that change are rewritten; every
other zip entry is copied unchanged, in order.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from govlint.findings import FileResult, Finding
from govlint.formats.review.package import AUTHOR, comment_parts, preserve_space, rezip, serialise
from govlint.readers.word import PART_PLACES, Walked, line_text, walk_package
from govlint.readers.word.package import W, open_package
from govlint.readers.word.walk import Paragraph
from govlint.rules import Applicability

# Run content a tracked change may move into a w:del: text only. A break, a
# field character, a drawing or a note reference would be lost or broken.
_PLAIN_RUN = frozenset(W + t for t in ("rPr", "t", "tab", "noBreakHyphen", "softHyphen", "lastRenderedPageBreak"))
_MARKS = ("proofErr", "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd")
_BETWEEN_RUNS = frozenset(W + t for t in ("r", *_MARKS))
# Where a w:del/w:ins may stand: not inside another revision.
_CHANGE_PARENTS = frozenset(W + t for t in ("p", "hyperlink", "sdtContent", "smartTag", "customXml"))
# Containers a comment's reference run is kept out of: inside a link it
# would become link text, inside a revision it would be deleted with it.
_WRAPPERS = frozenset(W + t for t in ("hyperlink", "fldSimple", "ins", "del", "moveTo", "moveFrom", "smartTag"))
_HEADROOM = 4 * 1024 * 1024  # XML the walk does not read: [Content_Types].xml and the relationships


class ReviewError(Exception):
    """Why no reviewed copy was made, one line in Chinese."""


@dataclass(frozen=True)
class Reviewed:
    data: bytes  # the reviewed copy
    comments: int
    changes: int  # tracked changes


def reviewed_docx(original: bytes, result: FileResult, now: datetime, limit: int) -> Reviewed:
    """The reviewed copy of the .docx ``original`` whose lint result is
    ``result``; ``now`` dates the comments and revisions, ``limit`` bounds
    the XML inflated (as for reading). Raises InputError for a file that is
    no readable .docx and ReviewError when ``result`` is not of these bytes."""
    package = open_package(original, limit + _HEADROOM)
    walked = walk_package(package)
    lines = walked.lines()
    texts = [line_text(walked.walker.paragraphs[i]) for i in lines]
    if texts != list(result.source_lines):
        raise ReviewError("文稿在检查后被改动，与检查结果不一致，未生成审校稿；请重新运行")
    document = package.parsed[package.main]
    # Fresh w:id values above every id the parts use: none clashes with a bookmark or an earlier comment.
    taken = (el.get(W + "id", "") for root in package.parsed.values() for el in root.iter())
    ids = itertools.count(1 + max((int(value) for value in taken if value.isdigit()), default=0))
    stamp = now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    review = _Review(walked, lines, document, ids, stamp)
    placed = [review.place(finding) for finding in result.findings]
    review.cut_all(placed)
    changes = sum(review.change(p) for p in placed)
    comments = [review.comment(p) for p in placed]
    parts = comment_parts(package, comments, stamp)
    parts[package.main] = serialise(document, package.raw[package.main])
    return Reviewed(rezip(package, parts, now), len(comments), changes)


@dataclass
class _Placed:
    """A finding in the walk: ``start``/``end`` (paragraph, character) of its text,
    or None for one anchored at the start of the body (``place`` says where it is)."""

    finding: Finding
    start: tuple[int, int] | None
    end: tuple[int, int] | None
    place: str = ""
    change: tuple[int, int, int, str] | None = None  # paragraph, start, end, replacement
    changed: bool = False


@dataclass
class _Segment:
    """[start, end) of a paragraph's line in ``node`` (a w:t, w:tab ...) of
    ``run``, after the cuts; a line break is synthetic, start == end."""

    start: int
    end: int
    run: ET.Element
    node: ET.Element
    synthetic: bool


_Point = tuple[ET.Element, int]  # a run, and 0: before it, 1: after it


class _Review:
    def __init__(self, walked: Walked, lines: list[int], document: ET.Element, ids: Iterator[int], stamp: str) -> None:
        self.walked = walked
        self.paragraphs: list[Paragraph] = walked.walker.paragraphs
        self.lines = lines
        self.document = document
        self.ids = ids
        self.stamp = stamp
        self.segments: dict[int, list[_Segment]] = {}
        # change boundaries: (paragraph, offset) -> the w:del starting / the w:ins or w:del ending there
        self.change_starts: dict[tuple[int, int], ET.Element] = {}
        self.change_ends: dict[tuple[int, int], ET.Element] = {}
        self.changed: dict[int, list[tuple[int, int]]] = {}

    def place(self, finding: Finding) -> _Placed:
        start = self._position(finding.line, finding.column)
        end = self._end(finding.line, finding.end_line, finding.end_column)
        if start is None or start[0] >= self.walked.body:
            return _Placed(finding, None, None, self._place_name(finding, start))
        if end is None or end[0] >= self.walked.body or end < start:
            end = (start[0], self.paragraphs[start[0]].length)
        placed = _Placed(finding, start, end)
        fix = finding.fix
        if fix is not None and fix.applicability is not Applicability.DISPLAY:
            a = self._position(fix.line, fix.column)
            b = self._end(fix.line, fix.end_line, fix.end_column)
            if a is not None and b is not None and a[0] == b[0] == start[0] and a[1] <= b[1]:
                placed.change = (a[0], a[1], b[1], fix.replacement)
        return placed

    def _position(self, line: int, column: int) -> tuple[int, int] | None:
        if not 0 < line <= len(self.lines):
            return None
        index = self.lines[line - 1]
        return index, max(0, min(column - 1, self.paragraphs[index].length))

    def _end(self, line: int, end_line: int, end_column: int) -> tuple[int, int] | None:
        """An end position; one at the start of a later line is the end of the line before."""
        if end_line > line and end_column <= 1 and 1 < end_line <= len(self.lines) + 1:
            index = self.lines[end_line - 2]
            return index, self.paragraphs[index].length
        return self._position(end_line, end_column)

    def _place_name(self, finding: Finding, start: tuple[int, int] | None) -> str:
        if start is None:
            return f"第{finding.line}行第{finding.column}字"
        label = PART_PLACES.get(self.paragraphs[start[0]].part, "")
        notes = [(i, name) for i, name in self.walked.notes.items() if i <= start[0]]
        if self.paragraphs[start[0]].part in ("footnote", "endnote") and notes:
            label = max(notes)[1]
        return label or "正文以外"

    def cut_all(self, placed: list[_Placed]) -> None:
        """Cut the runs at every boundary first: later splits would leave
        earlier anchors pointing at runs that hold more than their range."""
        for p in placed:
            if p.start is not None and p.end is not None:
                self._cut(*p.start)
                self._cut(*p.end)
            if p.change is not None:
                self._cut(p.change[0], p.change[1])
                self._cut(p.change[0], p.change[2])

    def _segments(self, index: int) -> list[_Segment]:
        found = self.segments.get(index)
        if found is None:
            found, offset = [], 0
            for piece in self.paragraphs[index].pieces:
                size = 0 if piece.synthetic else len(piece.text)
                if piece.run is not None and piece.node is not None:
                    found.append(_Segment(offset, offset + size, piece.run, piece.node, piece.synthetic))
                offset += size
            self.segments[index] = found
        return found

    def _cut(self, index: int, offset: int) -> None:
        """Make ``offset`` of paragraph ``index`` a run boundary: the text
        before it and after it in different runs, a line break between them
        in a run of its own."""
        segments = self._segments(index)
        for i, s in enumerate(segments):
            if not s.synthetic and s.start < offset < s.end and s.node.tag == W + "t":
                segments.insert(i + 1, _split_text(s, offset - s.start))
                break
        before = [s for s in segments if not s.synthetic and s.end <= offset]
        after = [s for s in segments if not s.synthetic and s.start >= offset]
        if before and after and before[-1].run is after[0].run:
            run = after[0].run
            at = list(run).index(after[0].node)
            self._split_run(index, run, at)
            between = at - list(run).index(before[-1].node) - 1
            if between > 0:  # a line break between the two texts goes to a run of its own
                self._split_run(index, run, at - between)

    def _split_run(self, index: int, run: ET.Element, at: int) -> None:
        """Move the children of ``run`` from ``at`` on into a copy of it placed after it."""
        parent = _parent(self.paragraphs[index].element, run)
        second = ET.Element(run.tag, dict(run.attrib))
        properties = run.find(W + "rPr")
        if properties is not None:
            second.append(copy.deepcopy(properties))
        moved = list(run)[at:]
        for child in moved:
            run.remove(child)
            second.append(child)
        parent.insert(list(parent).index(run) + 1, second)
        for segment in self._segments(index):
            if segment.run is run and any(segment.node is child for child in moved):
                segment.run = second

    def change(self, placed: _Placed) -> bool:
        """Turn the finding's fix into w:del + w:ins where it may be made (``_site``); whether it was."""
        site = self._site(*placed.change) if placed.change is not None else None
        if placed.change is None or site is None:
            return False
        index, a, b, replacement = placed.change
        span, (node, after) = site
        parent = _parent(self.paragraphs[index].element, node)
        at = list(parent).index(node) + after
        for element in span:
            parent.remove(element)
        made = [self._revision("del", span)] if span else []
        for text in made[0].iter(W + "t") if made else ():
            text.tag = W + "delText"
        if replacement:
            made.append(self._revision("ins", [_new_run(node, replacement)]))
        for offset, element in enumerate(made):
            parent.insert(at + offset, element)
        self.change_starts[(index, a)] = made[0]
        self.change_ends[(index, b)] = made[-1]
        self.changed.setdefault(index, []).append((a, b))
        placed.changed = True
        return True

    def _site(self, index: int, a: int, b: int, replacement: str) -> tuple[list[ET.Element], _Point] | None:
        """The elements a change deletes and the run it goes before (0) or
        after (1): where [a, b) is plain text of one paragraph, outside any
        field, overlapping no other change; else None (a comment only)."""
        if "\n" in replacement or "\r" in replacement or (a == b and not replacement):
            return None
        if any((a < end and start < b) or start == a or end == b for start, end in self.changed.get(index, [])):
            return None
        if self._in_field(index, a, b):
            return None
        if a == b:
            point = self._insertion_point(index, a)
            return None if point is None else ([], point)
        span = self._plain_runs(index, a, b)
        return None if span is None else (span, (span[0], 0))

    def _revision(self, kind: str, content: list[ET.Element]) -> ET.Element:
        element = ET.Element(W + kind, {W + "id": str(next(self.ids)), W + "author": AUTHOR, W + "date": self.stamp})
        element.extend(content)
        return element

    def _plain_runs(self, index: int, a: int, b: int) -> list[ET.Element] | None:
        """The elements from the first run of [a, b) to its last, when they are plain text runs side by side."""
        segments = self._segments(index)
        texts = [s for s in segments if not s.synthetic and a <= s.start and s.end <= b]
        if not texts or any(s.synthetic and a < s.start < b for s in segments):
            return None
        if sum(s.end - s.start for s in texts) != b - a:
            return None
        element = self.paragraphs[index].element
        parent = _parent(element, texts[0].run)
        if parent.tag not in _CHANGE_PARENTS or _parent(element, texts[-1].run) is not parent:
            return None
        children = list(parent)
        span = children[children.index(texts[0].run) : children.index(texts[-1].run) + 1]
        if any(c.tag not in _BETWEEN_RUNS for c in span):
            return None
        if any(c.tag not in _PLAIN_RUN for run in span if run.tag == W + "r" for c in run):
            return None
        return span

    def _insertion_point(self, index: int, a: int) -> _Point | None:
        """(run, 1) to insert after the run ending at ``a`` (text typed there takes its look), or (run, 0) before
        the run starting there; where neither stands where a revision may, None."""
        segments = [s for s in self._segments(index) if not s.synthetic]
        preceding = next((s for s in reversed(segments) if s.end <= a), None)
        following = next((s for s in segments if s.start >= a), None)
        paragraph = self.paragraphs[index].element
        for segment, after in ((preceding, 1), (following, 0)):
            if segment is not None and _parent(paragraph, segment.run).tag in _CHANGE_PARENTS:
                return segment.run, after
        return None

    def _in_field(self, index: int, a: int, b: int) -> bool:
        """Whether [a, b] touches a field's shown result (a field update would overwrite the change)."""
        fields = (m for m in self.walked.walker.marks if m.kind == "field")
        return any((m.paragraph, m.start) <= (index, b) and (index, a) <= (m.end_paragraph, m.end) for m in fields)

    def comment(self, placed: _Placed) -> tuple[str, list[str]]:
        """Anchor the finding's comment; its id and paragraphs of text."""
        comment_id = str(next(self.ids))
        start_mark = ET.Element(W + "commentRangeStart", {W + "id": comment_id})
        end_mark = ET.Element(W + "commentRangeEnd", {W + "id": comment_id})
        reference = ET.Element(W + "r")
        ET.SubElement(reference, W + "commentReference", {W + "id": comment_id})
        if placed.start is None or placed.end is None:
            start = _paragraph_start(self._first_body_paragraph())
        else:
            start = self._anchor(*placed.start, at_start=True)
        _insert(start, start_mark)
        if placed.start is None or placed.end is None or (placed.start == placed.end and not placed.changed):
            end = (start[0], start_mark, "after")
        else:
            end = self._anchor(*placed.end, at_start=False)
        _insert(end, end_mark)
        _insert(_outside(end[0], end_mark), reference)
        return comment_id, _comment_text(placed)

    def _anchor(self, index: int, offset: int, at_start: bool) -> _Anchor:
        """Where a range boundary's mark goes: before the first run at or
        after ``offset`` (a range start), after the last run before it (an
        end); around a tracked change made there."""
        paragraph = self.paragraphs[index].element
        if at_start and (index, offset) in self.change_starts:
            return paragraph, self.change_starts[(index, offset)], "before"
        if not at_start and (index, offset) in self.change_ends:
            return paragraph, self.change_ends[(index, offset)], "after"
        segments = [s for s in self._segments(index) if not s.synthetic]
        following = next((s for s in segments if s.start >= offset), None)
        preceding = next((s for s in reversed(segments) if s.end <= offset), None)
        if (at_start or preceding is None) and following is not None:
            return paragraph, following.run, "before"
        if preceding is not None:
            return paragraph, preceding.run, "after"
        return _paragraph_start(paragraph)

    def _first_body_paragraph(self) -> ET.Element:
        if self.walked.body:
            return self.paragraphs[0].element
        paragraph = ET.Element(W + "p")  # a body without paragraphs: one of its own
        body = self.document.find(W + "body")
        (body if body is not None else self.document).insert(0, paragraph)
        return paragraph


_Anchor = tuple[ET.Element, ET.Element, str]  # paragraph, node, "before" / "after" it ("first": into the paragraph)


def _paragraph_start(paragraph: ET.Element) -> _Anchor:
    properties = paragraph.find(W + "pPr")  # the first child where there is one
    return (paragraph, properties, "after") if properties is not None else (paragraph, paragraph, "first")


def _insert(anchor: _Anchor, element: ET.Element) -> None:
    paragraph, node, where = anchor
    if where == "first":
        paragraph.insert(0, element)
        return
    parent = _parent(paragraph, node)
    at = list(parent).index(node)
    parent.insert(at if where == "before" else at + 1, element)


def _outside(paragraph: ET.Element, mark: ET.Element) -> _Anchor:
    """Just after ``mark``, or after the link or revision it stands in."""
    node = mark
    parent = _parent(paragraph, node)
    while parent is not paragraph and parent.tag in _WRAPPERS:
        node, parent = parent, _parent(paragraph, parent)
    return paragraph, node, "after"


def _split_text(segment: _Segment, at: int) -> _Segment:
    """Split a w:t at character ``at``: the first part stays in ``segment``,
    the returned one is a new w:t right after it in the same run."""
    text = segment.node.text or ""
    segment.node.text = text[:at]
    second = ET.Element(W + "t")
    second.text = text[at:]
    for node in (segment.node, second):
        preserve_space(node)
    children = list(segment.run)
    segment.run.insert(children.index(segment.node) + 1, second)
    end, segment.end = segment.end, segment.start + at
    return _Segment(segment.start + at, end, segment.run, second, False)


def _new_run(template: ET.Element | None, text: str) -> ET.Element:
    """A run of ``text`` in the look of ``template`` (its w:rPr without an earlier format change)."""
    run = ET.Element(W + "r")
    properties = template.find(W + "rPr") if template is not None else None
    if properties is not None:
        properties = copy.deepcopy(properties)
        for change in properties.findall(W + "rPrChange"):
            properties.remove(change)
        run.append(properties)
    node = ET.SubElement(run, W + "t")
    node.text = text
    preserve_space(node)
    return run


def _parent(root: ET.Element, child: ET.Element) -> ET.Element:
    for parent in root.iter():
        if any(c is child for c in parent):
            return parent
    raise ValueError("element not under root")  # a bug of ours: the walk gave this element


# ----------------------------------------------------------------------------- the comments part


def _comment_text(placed: _Placed) -> list[str]:
    """The paragraphs of a finding's comment, as the editor reads them."""
    finding = placed.finding
    paragraphs = [f"【{finding.severity.label}】{finding.message}（{finding.rule}）"]
    if placed.place:
        paragraphs.append(f"位置：{placed.place}“{finding.text[:40]}”")
    if finding.suggestion is not None:
        paragraphs.append(f"建议改为：{finding.suggestion}" if finding.suggestion else "建议删除")
    if placed.changed:
        paragraphs.append("已按建议作修订标记，可在“审阅”中接受或拒绝")
    return paragraphs
