"""Helpers shared by the text checks (garbled, structure, font, link): where URLs are in prose, how much
of a text is letters. Whether a reader sees text is the model's question (``Block.shown``)."""

from __future__ import annotations

import re

from govlint import han

# A URL or www. address written in text: its characters are not prose.
URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"“”‘’（）《》【】，。；！？、]+"
    r"|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s<>\"“”‘’（）《》【】，。；！？、]*"
)


# A letter, digit or Han character: what a reader counts as text.
LETTER = re.compile(rf"[\w{han.CLASS}]")
_NOT_LETTERS = re.compile(rf"[^\w{han.CLASS}]+")


def letter_count(text: str, start: int = 0, end: int | None = None) -> int:
    """Letters, digits and Han characters in ``text[start:end]`` (punctuation
    and spaces do not count). Counted as the length less the runs of other
    characters, which are few: a list of every letter would cost more than
    twice as much."""
    end = len(text) if end is None else min(end, len(text))
    return max(0, end - start) - sum(map(len, _NOT_LETTERS.findall(text, start, end)))


def url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in URL.finditer(text)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)
