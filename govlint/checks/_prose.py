"""Helpers shared by the text checks (garbled, structure): where prose is."""

from __future__ import annotations

import re

from govlint.model import Block

# A URL or www. address written in text: its characters are not prose.
URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"“”‘’（）《》【】，。；！？、]+"
    r"|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+[^\s<>\"“”‘’（）《》【】，。；！？、]*"
)


def shown(block: Block, start: int, end: int) -> bool:
    """True when [start, end) is text a reader sees as prose: not hidden, not inline code."""
    return not any(block.quiet_at(i) for i in (start, max(start, end - 1)))


def url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in URL.finditer(text)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)
