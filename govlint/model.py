"""The document model: one per file, built by a reader, read by every check.

Every character of block text carries the source range it came from, so a
finding's position is computed from the reader's own bookkeeping and never
re-found by searching the source (the bug class Vale keeps hitting).
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Literal

from govlint.style import Style

BlockKind = Literal[
    "title", "heading", "paragraph", "list_item", "table_cell", "caption", "quote", "code"
]


_LINE_BREAK = re.compile(r"\r\n|\n|\r")


class SourceText:
    """The decoded source of a file and its line index.

    Line breaks are ``\\n``, ``\\r\\n`` and a lone ``\\r`` (as in LSP). Columns
    count Unicode code points of the decoded line, 1-based.
    """

    __slots__ = ("_line_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # One regular-expression pass (linear; a find of "\r" from every line
        # start was quadratic on a file without one): a line starts after
        # each \r\n, \n or lone \r.
        self._line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._line_starts[line - 1]

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset, by binary search."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def lines(self) -> list[str]:
        return [self.line_text(n) for n in range(1, self.line_count + 1)]


@dataclass(frozen=True)
class Element:
    """An element that encloses a run of text (outermost first in ``Run.elements``)."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    offset: int = 0  # source offset of the start tag

    def attr(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return default

    @property
    def style(self) -> Mapping[str, str]:
        return parse_style(self.attr("style") or "")

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple((self.attr("class") or "").split())


def parse_style(style: str) -> Mapping[str, str]:
    """Parse an inline ``style`` attribute into lower-cased declarations."""
    result: dict[str, str] = {}
    for declaration in style.split(";"):
        name, sep, value = declaration.partition(":")
        if sep and name.strip():
            result[name.strip().lower()] = value.strip().lower().replace("!important", "").strip()
    return MappingProxyType(result)


def is_hidden_element(element: Element) -> bool:
    """True when an element's own attributes hide it from readers."""
    if element.attr("hidden") is not None:
        return True
    style = element.style
    if style.get("display") == "none" or style.get("visibility") == "hidden":
        return True
    return style.get("font-size", "").replace(" ", "") in {"0", "0px", "0pt", "0em", "0rem", "0%"}


@dataclass(frozen=True)
class Run:
    """A stretch of a block's text under one chain of enclosing elements.

    ``hidden`` is the one answer to "can a reader see this text": the HTML
    and Markdown readers decide it with all the CSS the page carries
    (``css.decide_visibility``: inline styles, ``<style>``, ``<font>``,
    inheritance), and ``hiding`` names the technique (``display:none``,
    ``color=background`` ...). ``style`` is the computed style (font size
    and family) of a run under elements. Checks read these; only
    ``link.hidden`` looks at hidden text on purpose."""

    start: int
    end: int
    elements: tuple[Element, ...] = ()
    hidden: bool = False
    hiding: str | None = None
    style: Style | None = field(default=None, compare=False)


@dataclass(frozen=True, eq=False)
class Block:
    """A unit of article text: a paragraph, heading, list item, table cell, ...

    ``starts[i]``/``ends[i]`` give the source range of ``text[i]``: one code
    point can come from several source characters (``&amp;``), and characters
    the reader synthesises (a space for a collapsed line break, a newline for
    ``<br>``) get an empty range at the place they stand for.
    """

    index: int
    kind: BlockKind
    text: str
    starts: array
    ends: array
    runs: tuple[Run, ...] = ()
    level: int = 0  # heading level, 0 for other kinds
    in_body: bool = True

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [a, b) covering block text [start, end)."""
        if not self.text:
            return 0, 0
        if start >= len(self.text):  # insertion point after the last character
            last = self.ends[len(self.text) - 1]
            return last, last
        a = self.starts[start]
        if end <= start:
            return a, a
        return a, max(a, self.ends[min(end, len(self.text)) - 1])

    @cached_property
    def _run_starts(self) -> list[int]:
        return [run.start for run in self.runs]

    def run_at(self, index: int) -> Run | None:
        """The run holding text[index], by binary search (runs are sorted and disjoint):
        a long block may hold thousands of runs and checks ask per hit."""
        k = bisect.bisect_right(self._run_starts, index) - 1
        if k >= 0 and index < self.runs[k].end:
            return self.runs[k]
        return None

    def hidden_at(self, index: int) -> bool:
        run = self.run_at(index)
        return run is not None and run.hidden

    def code_at(self, index: int) -> bool:
        """True inside inline code (``code``, ``kbd``, ``samp``), which is quoted verbatim."""
        run = self.run_at(index)
        return run is not None and any(e.tag in CODE_TAGS for e in run.elements)

    def quiet_at(self, index: int) -> bool:
        """True where text[index] is not prose a reader sees: hidden, or inline code."""
        run = self.run_at(index)
        return run is not None and (run.hidden or any(e.tag in CODE_TAGS for e in run.elements))

    # The visible-text view, defined here once: the reader decided what is
    # hidden (Run.hidden); checks ask these and never look at styles.
    @property
    def is_prose(self) -> bool:
        """Whether a reader reads the block as prose (a code block is quoted verbatim)."""
        return self.kind != "code"

    def shown(self, start: int, end: int | None = None) -> bool:
        """True when text[start:end] (one character if ``end`` is None) is
        prose a reader sees: neither its first nor its last character is
        hidden or inline code."""
        last = start if end is None else max(start, end - 1)
        return not (self.quiet_at(start) or self.quiet_at(last))

    def hidden_throughout(self, start: int, end: int) -> bool:
        """True when every character of text[start:end] is hidden from readers."""
        return all(self.hidden_at(i) for i in range(start, end))


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    start: int  # source offsets of the link (start tag or Markdown link text)
    end: int
    hidden: bool = False
    in_body: bool = True
    block: int | None = None  # index of the block holding the link text
    elements: tuple[Element, ...] = ()  # the <a> and its ancestors, outermost first (HTML)
    # Decided by the reader from all the page's CSS, as for runs: the
    # computed style of the <a> and the technique that hides it, if any.
    style: Style | None = None
    hiding: str | None = None


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    account: str | None = None
    author: str | None = None
    editor: str | None = None
    date: str | None = None
    label: str | None = None  # 原创 / 转载 as declared
    source: str | None = None
    # The host of the site an HTML page belongs to (declared by SiteDomain,
    # og:url, a canonical link, or the host its menus link to): links there
    # are the site's own. Not part of the JSON ``metadata`` object.
    site: str | None = None
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Source range [start, end) where each key was declared: the front-matter
    # line (Markdown, keys as written, empty values included) or the meta tag /
    # marker element (HTML, field names above), so findings about metadata
    # point at the declaration. Not part of the JSON ``metadata`` object.
    positions: Mapping[str, tuple[int, int]] = field(default_factory=lambda: MappingProxyType({}))

    def __getstate__(self) -> dict:
        # Read-only mappings do not pickle: plain dicts across processes (govlint --jobs).
        return {k: dict(v) if isinstance(v, MappingProxyType) else v for k, v in self.__dict__.items()}

    def __setstate__(self, state: dict) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, MappingProxyType(value) if isinstance(value, dict) else value)

    def as_dict(self) -> dict[str, str | None]:
        return {
            "title": self.title,
            "account": self.account,
            "author": self.author,
            "editor": self.editor,
            "date": self.date,
            "label": self.label,
            "source": self.source,
        }


@dataclass(frozen=True)
class Annotation:
    """What a draft carries beside its text, at source [start, end): a Word
    file's tracked changes, comments and fields (``readers.word``).

    kind: ``insertion``, ``deletion`` (``text`` is what was deleted; the
    range is the empty point where it stood), ``format-change``,
    ``comment`` (``text`` is the comment), ``field`` (``text`` its
    instruction, ``result`` what it shows, ``dirty`` when Word was told to
    update it)."""

    kind: Literal["insertion", "deletion", "format-change", "comment", "field"]
    start: int
    end: int
    author: str = ""
    date: str = ""
    text: str = ""
    result: str = ""
    dirty: bool = False


@dataclass(frozen=True, eq=False)
class Document:
    path: str
    format: Literal["html", "markdown", "text", "docx"]
    encoding: str
    source: SourceText
    blocks: tuple[Block, ...]
    links: tuple[Link, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    stylesheets: tuple[str, ...] = ()  # text of <style> elements, for the font check
    # False when the page links a style sheet govlint cannot read: sizes and
    # the page background may be set there (decided by the reader).
    styles_complete: bool = True
    decode_errors: tuple[int, ...] = ()  # source offsets of bytes that did not decode
    # Word: the part of the file each source line is in (正文, 页眉, 页脚,
    # 脚注1), one per line; empty for formats whose lines are the file's own.
    places: tuple[str, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    # Word: the file's document properties (creator, lastModifiedBy, company,
    # manager, title ...), as stored; not part of the JSON ``metadata``.
    properties: Mapping[str, str] = field(default_factory=dict)

    # Computed once: every rule asks for these (some 60 times a document), and
    # a document and its blocks are frozen.
    @cached_property
    def body_blocks(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.in_body)

    @cached_property
    def prose_blocks(self) -> tuple[Block, ...]:
        """The blocks a reader reads as prose: every block but code blocks."""
        return tuple(b for b in self.blocks if b.is_prose)


class BlockBuilder:
    """Accumulates text with its source ranges, then freezes into a Block."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts = array("l")
        self.ends = array("l")
        self.run_marks: list[tuple[int, tuple[Element, ...], bool]] = []

    def __len__(self) -> int:
        return len(self.chars)

    def add_source(
        self, text: str, start: int, elements: tuple[Element, ...] = (), hidden: bool = False
    ) -> None:
        """Append literal source text that begins at source offset ``start``:
        character ``i`` is the source character at ``start + i``."""
        self._mark(elements, hidden)
        self.chars.extend(text)
        self.starts.extend(range(start, start + len(text)))
        self.ends.extend(range(start + 1, start + len(text) + 1))

    def add_synthetic(
        self, text: str, at: int, elements: tuple[Element, ...] = (), hidden: bool = False
    ) -> None:
        """Append characters the reader makes up (the line break of a ``<br>``,
        the newline ending a code line) that stand for no source text: each
        maps to the empty range [at, at), so a finding on them alone is an
        insertion point at ``at`` and never claims source text they lack."""
        self._mark(elements, hidden)
        self.chars.extend(text)
        self.starts.extend([at] * len(text))
        self.ends.extend([at] * len(text))

    def add_mapped(
        self, text: str, start: int, end: int, elements: tuple[Element, ...] = (), hidden: bool = False
    ) -> None:
        """Append text that as a whole stands for source [start, end): an entity
        (``&amp;``), an escape (``\\*``), a character bs4 decoded from several."""
        self._mark(elements, hidden)
        for ch in text:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def add_ranges(
        self,
        text: str,
        starts: Iterable[int],
        ends: Iterable[int],
        elements: tuple[Element, ...] = (),
        hidden: bool = False,
    ) -> None:
        """Append text whose character ``i`` stands for source [starts[i], ends[i])."""
        self._mark(elements, hidden)
        self.chars.extend(text)
        self.starts.extend(starts)
        self.ends.extend(ends)

    def _mark(self, elements: tuple[Element, ...], hidden: bool) -> None:
        if not self.run_marks or self.run_marks[-1][1:] != (elements, hidden):
            self.run_marks.append((len(self.chars), elements, hidden))

    def build(self, index: int, kind: BlockKind, level: int = 0, in_body: bool = True) -> Block | None:
        """Collapse white space as CSS does, trim, and freeze.

        A run of ASCII white space becomes one space; one that holds a line
        break between two CJK characters disappears (CSS Text 3 segment-break
        rule), so a line-wrapped Chinese source reads as one sentence.
        """
        text = "".join(self.chars)
        pieces = self._collapsed(text)
        while pieces and text[pieces[0][0]] in _TRIMMED:
            a, b = pieces[0]
            pieces[0] = (a + 1, b)
            if a + 1 == b:
                pieces.pop(0)
        while pieces and text[pieces[-1][1] - 1] in _TRIMMED:
            a, b = pieces[-1]
            pieces[-1] = (a, b - 1)
            if a == b - 1:
                pieces.pop()
        if not pieces:
            return None
        # A kept source-backed white-space character is alone in its piece and reads as a space.
        kept = "".join(
            " " if b - a == 1 and text[a] in _COLLAPSIBLE and self.ends[a] > self.starts[a] else text[a:b]
            for a, b in pieces
        )
        starts, ends = array("l"), array("l")
        for a, b in pieces:
            starts.extend(self.starts[a:b])
            ends.extend(self.ends[a:b])
        return Block(index, kind, kept, starts, ends, self._runs(pieces), level, in_body)

    def _collapsed(self, text: str) -> list[tuple[int, int]]:
        """The [start, end) pieces of ``text`` that white-space collapsing keeps.

        Only runs of source-backed white space collapse; a synthetic
        character (a ``<br>`` line break) is kept and ends a run.
        """
        starts, ends, n = self.starts, self.ends, len(text)
        pieces: list[tuple[int, int]] = []
        kept_from = 0
        for match in _WHITE_RUN.finditer(text):
            i, stop = match.span()
            while i < stop:
                if ends[i] <= starts[i]:
                    i += 1
                    continue
                j = i
                while j < stop and ends[j] > starts[j]:
                    j += 1
                # The character before a run is always kept: it is no collapsible white space.
                before = text[i - 1] if i else ""
                after = text[j] if j < n else ""
                has_break = "\n" in text[i:j] or "\r" in text[i:j]
                pieces.append((kept_from, i))
                if before and after and before != "\n" and not (has_break and _is_wide(before) and _is_wide(after)):
                    pieces.append((i, i + 1))
                kept_from = i = j
        pieces.append((kept_from, n))
        return [(a, b) for a, b in pieces if b > a]

    def _runs(self, pieces: list[tuple[int, int]]) -> tuple[Run, ...]:
        if not self.run_marks:
            return ()
        mark_starts = [m[0] for m in self.run_marks]
        runs: list[Run] = []
        new = 0  # index in the block's text
        for a, b in pieces:
            m = bisect.bisect_right(mark_starts, a) - 1
            while a < b:
                _, elements, hidden = self.run_marks[m]
                stop = min(b, mark_starts[m + 1]) if m + 1 < len(mark_starts) else b
                if stop > a:
                    if runs and runs[-1].elements is elements and runs[-1].hidden == hidden:
                        runs[-1] = Run(runs[-1].start, new + stop - a, elements, hidden)
                    else:
                        runs.append(Run(new, new + stop - a, elements, hidden))
                    new += stop - a
                    a = stop
                m += 1
        return tuple(runs)


CODE_TAGS = frozenset({"code", "kbd", "samp", "tt", "pre"})
_COLLAPSIBLE = frozenset(" \t\r\n\f")
_WHITE_RUN = re.compile("[ \t\r\n\f]+")
_TRIMMED = frozenset(" \t\r\n\f\u3000\xa0")


def _is_wide(ch: str) -> bool:
    """CJK ideographs and full-width punctuation: no space is rendered between them."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )
