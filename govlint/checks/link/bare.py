"""URLs written as plain text (``www.example.com``, ``https://...``,
``example.cn/path``): the one notion of "a URL in text" for the link rules,
and the bare URLs of a document's visible body text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from govlint.checks.link.urls import bare_host
from govlint.han import CLASS as HAN_CLASS
from govlint.model import Block, Document

# What ends a URL in Chinese text: white space, quotes, angle brackets, CJK
# and full-width punctuation, and any Han character.
_STOP = rf"\s<>\"'\u3000-\u303f{HAN_CLASS}\uff00-\uffef"
_TLDS = r"com|cn|net|org|gov|edu|cc|top|vip|xyz|info|io|me|tv|co|biz|site|online|shop|club|app|hk|tw"
# Case-insensitive only where letters are matched (re.I over the whole
# pattern case-folds its wide negated class: 10 ms of start-up a run).
BARE_URL = re.compile(
    rf"(?<![\w@./-])(?:(?i:https?|ftp)://[^{_STOP}]+"
    rf"|(?i:www)\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#][^{_STOP}]*)?"
    rf"|[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?i:{_TLDS})(?![\w.-])(?:/[^{_STOP}]*)?)"
)
_TRAILING = ".,;:!?)]}'\""  # sentence punctuation after a URL is not part of it


@dataclass(frozen=True)
class Bare:
    """A URL written as plain text in a body block."""

    block: Block
    start: int
    end: int
    url: str
    host: str | None


def shown_host(text: str) -> str | None:
    """The host of the first URL written in ``text`` (a link's text), or None."""
    match = BARE_URL.search(text)
    return bare_host(match.group().rstrip(_TRAILING)) if match else None


def bare_urls(document: Document) -> Iterator[Bare]:
    """URLs in visible body text that no link encloses (HTML or Markdown)."""
    spans = _link_spans(document)
    for block in document.body_blocks:
        if block.is_prose and "." in block.text:
            yield from _bare_in(block, spans.get(block.index, []))


def _link_spans(document: Document) -> dict[int, list[tuple[int, int]]]:
    """Source ranges of the links in each block, by block index, sorted by start."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for link in document.links:  # sorted by start
        if link.block is not None:
            spans.setdefault(link.block, []).append((link.start, link.end))
    return spans


def _bare_in(block: Block, links: list[tuple[int, int]]) -> Iterator[Bare]:
    """The shown URLs of one block outside its links (``links``: their source ranges)."""
    link_starts = [a for a, _ in links]
    for match in BARE_URL.finditer(block.text):
        url = match.group().rstrip(_TRAILING)
        start = match.start()
        if block.shown(start) and not _in_link(block.starts[start], links, link_starts):
            yield Bare(block, start, start + len(url), url, bare_host(url))


def _in_link(offset: int, links: list[tuple[int, int]], link_starts: list[int]) -> bool:
    nearest = bisect.bisect_right(link_starts, offset) - 1
    return nearest >= 0 and links[nearest][0] <= offset < links[nearest][1]
