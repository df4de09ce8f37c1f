"""What the link rules know about one document, computed once: which links
are hidden and how, where the head of the article ends, and the bare URLs of
its body text. Hiding is the reader's verdict (``Run.hidden``/``Run.hiding``,
``Link.hidden``) plus the computed style of a link's own elements."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from govlint.checks._prose import LETTER, letter_count
from govlint.checks.link.bare import Bare, bare_urls
from govlint.model import Block, Document, Link, Run

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
_BODY_KINDS = frozenset({"paragraph", "list_item", "quote"})
_FIRST_PARAGRAPH_WORDS = 20  # a shorter line at the top is a title, a lead-in or a stray link


@dataclass(frozen=True)
class LinkFacts:
    """What every link rule needs, computed once per document."""

    hidden: dict[int, str]  # id(link) -> the technique that hides it
    top_end: int  # source offset where the head of the article ends (-1: no body paragraph)
    bare: tuple[Bare, ...]


_CACHE: dict[int, tuple[Document, LinkFacts]] = {}


def facts(document: Document) -> LinkFacts:
    """The document's link facts; cached for the document being checked."""
    cached = _CACHE.get(id(document))
    if cached is not None and cached[0] is document:
        return cached[1]
    found = LinkFacts(hidden_links(document), top_end(document), tuple(bare_urls(document)))
    _CACHE.clear()  # one document at a time: the checks run document by document
    _CACHE[id(document)] = (document, found)
    return found


def visible_body_links(document: Document) -> Iterator[Link]:
    """The links of the article body that readers see."""
    hidden = facts(document).hidden
    for link in document.links:
        if link.in_body and id(link) not in hidden:
            yield link


def published_page(document: Document) -> bool:
    """The document is a page as a site publishes it (the reader found the
    site it belongs to), not a draft: the site's template puts its own
    buttons, share links and hidden helpers inside the article element."""
    return document.format == "html" and document.metadata.site is not None


def in_running_text(document: Document, link: Link) -> bool:
    """The link stands in a sentence (详见<a>…</a>。), not in a block of
    links only, as buttons and menu entries do."""
    blocks = document.blocks
    if link.block is None or not 0 <= link.block < len(blocks) or blocks[link.block].index != link.block:
        return False
    linked = sum(letter_count(other.text) for other in document.links if other.block == link.block)
    return letter_count(blocks[link.block].text) > linked + 2


def at_top(source_start: int, found: LinkFacts) -> bool:
    """Whether a source offset lies in the head of the article."""
    return source_start < found.top_end


# --------------------------------------------------------------------------- hidden links


def hidden_links(document: Document) -> dict[int, str]:
    """id(link) -> how it is hidden, for every hidden link of the document."""
    anchors = _AnchorRuns(document.blocks)
    hidden: dict[int, str] = {}
    for link in document.links:
        reason = (
            link.hiding  # the reader's decision from the page's CSS
            or ("hidden" if link.hidden else None)
            or _text_hiding(link, anchors)
            or _zero_width_hiding(link)
        )
        if reason is not None:
            hidden[id(link)] = reason
    return hidden


def _zero_width_hiding(link: Link) -> str | None:
    """Hidden by "zero-width" when the link's text is nothing but zero-width characters."""
    if _ZERO_WIDTH_RE.search(link.text) and not _ZERO_WIDTH_RE.sub("", link.text).strip():
        return "zero-width"
    return None


class _AnchorRuns:
    """The runs under each ``<a>`` element, gathered per block on first use."""

    def __init__(self, blocks: tuple[Block, ...]) -> None:
        self.blocks = blocks
        self._by_block: dict[int, dict[int, list[Run]]] = {}

    def block_of(self, link: Link) -> Block | None:
        if link.block is not None and 0 <= link.block < len(self.blocks):
            return self.blocks[link.block]
        return None

    def runs(self, link: Link) -> list[Run]:
        """The runs of the link's text (its ``<a>`` element's), in its block."""
        index = link.block
        if index not in self._by_block:
            self._by_block[index] = _runs_by_anchor(self.blocks[index])
        return self._by_block[index].get(id(link.elements[-1]), [])


def _runs_by_anchor(block: Block) -> dict[int, list[Run]]:
    """The runs of a block under each ``<a>`` element, in one pass."""
    found: dict[int, list[Run]] = {}
    for run in block.runs:
        for element in run.elements:
            if element.tag == "a":
                found.setdefault(id(element), []).append(run)
    return found


def _text_hiding(link: Link, anchors: _AnchorRuns) -> str | None:
    """Why all the text of a link is invisible, if the reader hid every letter of it."""
    block = anchors.block_of(link)
    if not link.elements or block is None:
        return None
    reasons = []
    for run in anchors.runs(link):
        if not LETTER.search(block.text, run.start, run.end):
            continue
        reason = run_hiding(run)
        if reason is None:
            return None
        reasons.append(reason)
    return reasons[0] if reasons else None


def run_hiding(run: Run) -> str | None:
    """How the reader found a run hidden (the technique), or None."""
    return run.hiding or ("hidden" if run.hidden else None)


def hidden_stretches(block: Block) -> Iterator[tuple[int, int, str]]:
    """(start, end, technique) of hidden text outside links: hidden runs at
    most one character apart are one stretch, named by its first run."""
    current: list | None = None  # [start, end, technique]
    for run in block.runs:
        why = None if any(e.tag == "a" for e in run.elements) else run_hiding(run)
        if why is not None and current is not None and run.start <= current[1] + 1:
            current[1] = run.end
            continue
        if current is not None:
            yield current[0], current[1], current[2]
        current = [run.start, run.end, why] if why is not None else None
    if current is not None:
        yield current[0], current[1], current[2]


# --------------------------------------------------------------------------- the head of the article


def top_end(document: Document) -> int:
    """Source offset of the third character of the first real body paragraph."""
    link_words = _link_words(document)
    for block in document.body_blocks:
        if block.kind not in _BODY_KINDS:
            continue
        words = letter_count(block.text)
        if words >= _FIRST_PARAGRAPH_WORDS and link_words.get(block.index, 0) * 2 < words:
            return block.source_range(min(2, len(block.text) - 1), min(3, len(block.text)))[0]
    return -1


def _link_words(document: Document) -> dict[int, int]:
    """Letters of link text in each block, by block index."""
    counts: dict[int, int] = {}
    for link in document.links:
        if link.block is not None:
            counts[link.block] = counts.get(link.block, 0) + letter_count(link.text)
    return counts
