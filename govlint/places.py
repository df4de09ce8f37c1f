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

from govlint.findings import Place
from govlint.model import Block, Document

_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_QUOTE_SIDE = 40  # characters of a long sentence kept on each side of the finding


class Locator:
    """Source offsets to places, for one document (built once, asked per finding)."""

    def __init__(self, document: Document) -> None:
        labelled = list(_labelled(document))
        # By the source offset of their first character; a block's characters are in source order.
        labelled.sort(key=lambda item: item[0].starts[0])
        self._blocks = labelled
        self._firsts = [block.starts[0] for block, _, _ in labelled]

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
        block, label, paragraph = self._blocks[k]
        size = len(block.text)
        a = min(bisect.bisect_left(block.ends, start + 1), size)
        b = min(max(a, bisect.bisect_left(block.starts, end)), size) if end > start else a
        quote, qa, qb = _sentence(block.text, a, b)
        return Place(label, paragraph, a + 1, quote, qa, qb)


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

