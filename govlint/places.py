"""Where a finding is, as an editor counts: 第3段第5字 and the sentence.

Editors do not read source lines (an HTML draft's line 46 column 455 is
inside markup); they count the article's paragraphs. A document's blocks in
order are its paragraphs: the title (or a leading level-1 heading) is 标题, a caption 图注, a Word file's
header 页眉 (the reader's ``Document.places``), and text outside the
article on a full web page 正文外; every other block of the article counts
as a paragraph. The quoted sentence is the block's text as readers see it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from govlint.findings import ArticleBlock, Place
from govlint.model import Block, Document

_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_QUOTE_SIDE = 40  # characters of a long sentence kept on each side of the finding


class Locator:
    """Source offsets to places, for one document (built once, asked per finding)."""

    def __init__(self, document: Document) -> None:
        self._labelled = list(_labelled(document))  # in the document's order: the article's
        # By the source offset of their first character; a block's characters are in source order.
        order = sorted(range(len(self._labelled)), key=lambda i: self._labelled[i][0].starts[0])
        self._blocks = [(*self._labelled[i], i) for i in order]
        self._firsts = [self._labelled[i][0].starts[0] for i in order]

    def article(self) -> tuple[ArticleBlock, ...]:
        """The document's paragraphs as readers see them, in order; a finding's
        ``Place.block`` indexes this."""
        return tuple(
            ArticleBlock(label, block.kind, block.level, block.text, _css(block), _hidden(block))
            for block, label, _ in self._labelled
        )

    def place(self, start: int, end: int) -> Place | None:
        """The place of source [start, end), or None outside every block's text.
        A range that begins in markup (a link's start tag) is placed at the
        first block that begins inside it."""
        k = bisect.bisect_right(self._firsts, start) - 1
        if k >= 0 and not self._after(k, start, end):
            return self._within(k, start, end)
        if k + 1 < len(self._blocks) and self._firsts[k + 1] < end:
            return self._within(k + 1, self._firsts[k + 1], end)
        return None

    def _after(self, k: int, start: int, end: int) -> bool:
        """Whether [start, end) begins after block ``k``'s text (an insertion
        point just after its last character is still in it)."""
        last = self._blocks[k][0].ends[-1]
        return start > last or (start == last and end > start)

    def _within(self, k: int, start: int, end: int) -> Place:
        block, label, paragraph, index = self._blocks[k]
        size = len(block.text)
        a = min(bisect.bisect_left(block.ends, start + 1), size)
        b = min(max(a, bisect.bisect_left(block.starts, end)), size) if end > start else a
        quote, qa, qb = _sentence(block.text, a, b)
        return Place(label, paragraph, a + 1, quote, qa, qb, b - a, index)


def _labelled(document: Document) -> Iterator[tuple[Block, str, int | None]]:
    """(block, label, paragraph number) for every block with text."""
    number = 0
    # A draft's leading "# 标题" or <h1> is its title when no block is one
    # (in Word, 一、总体要求 in the Heading 1 style is a heading, not the title).
    titled = any(b.kind == "title" and b.in_body for b in document.blocks)
    for block in document.blocks:
        if not block.text:
            continue
        leading = not titled and number == 0 and block.kind == "heading" and block.level == 1
        if document.places and not block.in_body:  # a Word file's header, footer or note
            line = document.source.locate(block.starts[0])[0]
            label = document.places[line - 1] if line <= len(document.places) else "正文外"
            yield block, label, None
        elif not block.in_body:
            yield block, "标题" if block.kind == "title" else "正文外", None
        elif block.kind == "title" or leading:
            titled = True  # one title
            yield block, "标题", None
        elif block.kind == "caption":
            yield block, "图注", None
        else:
            number += 1
            yield block, f"第{number}段", number


def _css(block: Block) -> str:
    """The look of a block's first visible run as CSS the report can show:
    values the reader computed (numbers, a family name kept to its letters), never the
    draft's own style text."""
    style = next((run.style for run in block.runs if not run.hidden and run.style is not None), None)
    if style is None:
        return ""
    parts = []
    if style.font_size_set and style.font_size > 0:
        parts.append(f"font-size:{min(style.font_size, 48):.1f}px")
    family = re.sub(r"[^\w\u4e00-\u9fff ,.-]", "", style.font_family)[:80]
    if style.family_set and family:
        parts.append(f"font-family:{family},serif")  # the reader's own font where the draft's is missing
    if style.bold:
        parts.append("font-weight:bold")
    if style.text_align in ("center", "right", "justify"):
        parts.append(f"text-align:{style.text_align}")
    return ";".join(parts)


def _hidden(block: Block) -> tuple[tuple[int, int], ...]:
    """The stretches of a block readers cannot see."""
    return tuple((run.start, run.end) for run in block.runs if run.hidden)


def _sentence(text: str, a: int, b: int) -> tuple[str, int, int]:
    """The sentence of ``text`` holding [a, b), at most about 2 × 40 characters
    beside the span, and the span's place in it."""
    # Bounded both ways: a finding is placed in constant time, however long
    # the paragraph, and a long span is quoted by its first 80 characters.
    b = min(b, a + 2 * _QUOTE_SIDE)
    floor = max(0, a - _QUOTE_SIDE)
    start = a
    while start > floor and not _SENTENCE_END.match(text[start - 1]):
        start -= 1
    ceiling = min(len(text), b + _QUOTE_SIDE)
    stop = _SENTENCE_END.search(text, b, ceiling)
    end = stop.end() if stop else ceiling
    window = text[start:end].replace("\n", " ")
    quote = window.strip()
    lead = len(window) - len(window.lstrip())
    clamp = lambda i: max(0, min(len(quote), i - start - lead))  # noqa: E731
    return quote, clamp(a), clamp(b)

