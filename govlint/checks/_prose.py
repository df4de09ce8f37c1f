"""Helpers shared by the text checks (garbled, structure, font, link): where prose is, how much of it."""

from __future__ import annotations

import re

from govlint.model import Block

# A URL or www. address written in text: its characters are not prose.
URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"“”‘’（）《》【】，。；！？、]+"
    r"|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s<>\"“”‘’（）《》【】，。；！？、]*"
)


# A letter, digit or Han character: what a reader counts as text.
LETTER = re.compile(r"[\w\u3400-\u9fff]")
_NOT_LETTERS = re.compile(r"[^\w\u3400-\u9fff]+")


def letter_count(text: str, start: int = 0, end: int | None = None) -> int:
    """Letters, digits and Han characters in ``text[start:end]`` (punctuation
    and spaces do not count). Counted as the length less the runs of other
    characters, which are few: a list of every letter would cost more than
    twice as much."""
    end = len(text) if end is None else min(end, len(text))
    return max(0, end - start) - sum(map(len, _NOT_LETTERS.findall(text, start, end)))


def shown(block: Block, start: int, end: int) -> bool:
    """True when [start, end) is text a reader sees as prose: not hidden, not inline code."""
    return not any(block.quiet_at(i) for i in (start, max(start, end - 1)))


def url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in URL.finditer(text)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)
