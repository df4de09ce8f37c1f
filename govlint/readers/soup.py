"""HTML parsed with the source range of every character, and a fast tag index.

Parsing is beautifulsoup4's, with the standard-library tokenizer behind it
(``html.parser``), because it is the tokenizer that reports where each event
starts. libxml2 (lxml) keeps only a line number per element and none for text,
which cannot give exact columns. Each text chunk and each character reference
is recorded with its source offsets as the tokenizer emits it, so every
character of block text knows the exact source range it came from.
"""

from __future__ import annotations

import re
import warnings
from array import array
from typing import Any

from bs4 import (
    BeautifulSoup,
    GuessedAtParserWarning,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.builder import HTMLParserTreeBuilder
from bs4.builder._htmlparser import BeautifulSoupHTMLParser
from bs4.exceptions import ParserRejectedMarkup


class _PositionParser(BeautifulSoupHTMLParser):
    """Records the source range of every text character bs4 receives."""

    def __init__(self, soup: Soup, *args: Any, **kwargs: Any) -> None:
        super().__init__(soup, *args, **kwargs)
        self._reference: tuple[int, int] | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.soup.newline_starts[line - 1] + column + self.soup.shift

    def handle_data(self, data: str) -> None:
        soup = self.soup
        if self._reference is not None:
            start, end = self._reference
            soup.pending_starts.extend([start] * len(data))
            soup.pending_ends.extend([end] * len(data))
        else:
            start = self._offset()
            soup.pending_starts.extend(range(start, start + len(data)))
            soup.pending_ends.extend(range(start + 1, start + 1 + len(data)))
        super().handle_data(data)

    def _with_reference(self, length: int, handler: Any, name: str) -> None:
        start = self._offset()
        end = start + length
        if self.soup.source.startswith(";", end - self.soup.shift):
            end += 1
        self._reference = (start, end)
        try:
            handler(name)
        finally:
            self._reference = None

    def handle_charref(self, name: str) -> None:
        self._with_reference(2 + len(name), super().handle_charref, name)

    def handle_entityref(self, name: str) -> None:
        self._with_reference(1 + len(name), super().handle_entityref, name)


class _Builder(HTMLParserTreeBuilder):
    def feed(self, markup: Any) -> None:
        args, kwargs = self.parser_args
        parser = _PositionParser(self.soup, *args, **kwargs)
        try:
            parser.feed(markup)
            parser.close()
        except AssertionError as error:  # html.parser's way of giving up
            raise ParserRejectedMarkup(error) from None
        parser.already_closed_empty_element = []


class Soup(BeautifulSoup):
    """A BeautifulSoup that attaches source ranges to each string it creates."""

    def __init__(self, source: str, shift: int = 0) -> None:
        self.source = source
        self.shift = shift  # offset of ``source`` in the file (HTML inside Markdown)
        self.newline_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.pending_starts = array("l")
        self.pending_ends = array("l")
        self.ranges: dict[int, tuple[array, array]] = {}
        super().__init__(source, builder=_Builder())

    def endData(self, containerClass: Any = None) -> None:  # noqa: N802, N803 - bs4's names
        starts, ends = self.pending_starts, self.pending_ends
        self.pending_starts, self.pending_ends = array("l"), array("l")
        before = self._most_recent_element
        super().endData(containerClass)
        created = self._most_recent_element
        if created is not before and isinstance(created, NavigableString) and starts:
            self.ranges[id(created)] = (starts, ends)

    def tag_offset(self, tag: Tag) -> int:
        """Source offset of ``tag``'s start tag in the file."""
        if tag.sourceline is None:
            return 0
        return self.newline_starts[tag.sourceline - 1] + (tag.sourcepos or 0) + self.shift


def parse(source: str, shift: int = 0) -> Soup:
    """``source`` parsed, with ``shift`` added to every recorded offset."""
    # bs4 warns on stderr about drafts that look like XML or a file name; the
    # editor cannot act on that, and a warning shown once per process would
    # make two identical runs in one process print different output.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=GuessedAtParserWarning)
        warnings.simplefilter("ignore", category=MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", category=XMLParsedAsHTMLWarning)
        try:
            return Soup(source, shift)
        except ParserRejectedMarkup:
            # html.parser gives up on a few malformed declarations (`<![x[`).
            # Blank them out with spaces of the same length, so that every other
            # position stays exact, and parse again.
            return Soup(_MARKED_SECTION.sub(lambda m: " " * len(m.group()), source), shift)


_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)[^>]*>?")


class TagIndex:
    """``soup.select`` for the simple selectors used here (``#id``, ``.class``,
    ``tag``) from one walk over the tree: each ``select`` walks the whole
    tree, and a page is asked about twenty of them."""

    _SIMPLE = re.compile(r"([#.]?)([A-Za-z][\w-]*)")
    # A compound selector that starts at an id (``#meta_content span.x``; not
    # a selector list): soupsieve walks the whole tree for it, about 3 ms a
    # page, to find nothing where no element has that id.
    _ANCESTOR_ID = re.compile(r"#([A-Za-z][\w-]*)\s+\S")
    # ``#id tag.class``, answered from the index: soupsieve's first use
    # compiles its own patterns, 0.15 s of a one-file run.
    _WITHIN_ID = re.compile(r"#([A-Za-z][\w-]*)\s+([A-Za-z][\w-]*)?(?:\.([A-Za-z][\w-]*))?")

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        self.by: dict[str, dict[str, list[Tag]]] = {"#": {}, ".": {}, "": {}}
        # Like soupsieve, never look inside a <template>: leave such pages to it.
        self.exact = soup.find("template") is None
        if not self.exact:
            return
        for tag in soup.find_all(True):
            self.by[""].setdefault(tag.name.lower(), []).append(tag)
            ident = tag.attrs.get("id")
            if isinstance(ident, str):
                self.by["#"].setdefault(ident, []).append(tag)
            classes = tag.attrs.get("class", ())
            for name in dict.fromkeys(classes.split() if isinstance(classes, str) else classes):
                self.by["."].setdefault(name, []).append(tag)

    def select(self, selector: str) -> list[Tag]:
        match = self._SIMPLE.fullmatch(selector)
        if match is None or not self.exact:
            scope = self._ANCESTOR_ID.match(selector) if self.exact and "," not in selector else None
            if scope is not None and scope.group(1) not in self.by["#"]:
                return []  # no element has the id (most CMS pages)
            within = self._WITHIN_ID.fullmatch(selector) if self.exact else None
            if within is not None:
                return self._within(*within.groups())
            return self.soup.select(selector)
        kind, name = match.groups()
        return self.by[kind].get(name if kind else name.lower(), [])

    def _within(self, ident: str, name: str | None, class_name: str | None) -> list[Tag]:
        """Descendants of the elements with id ``ident``, of tag ``name``
        and class ``class_name`` (either may be absent), in document order."""
        found: dict[int, Tag] = {}  # by identity: bs4 compares tags by their markup
        for scope in self.by["#"].get(ident, []):
            for tag in scope.find_all(name.lower() if name else True):
                classes = tag.attrs.get("class", ())
                names = classes.split() if isinstance(classes, str) else classes
                if class_name is None or class_name in names:
                    found.setdefault(id(tag), tag)
        return list(found.values())

    def select_one(self, selector: str) -> Tag | None:
        found = self.select(selector)
        return found[0] if found else None



# Never article text: code, styles, embedded objects, form widgets, the head.
NOT_TEXT = frozenset({
    "script", "style", "noscript", "template", "head", "iframe", "object", "embed",
    "svg", "math", "select", "option", "textarea", "button", "canvas", "audio", "video",
    "title",
})

_START_TAG = re.compile(r"""<[^\s/>]+(?:[^>"']|"[^"]*"|'[^']*')*>""")


def start_tag_range(soup: BeautifulSoup, tag: Tag) -> tuple[int, int]:
    """Source range of ``tag``'s start tag, parsed forward from its known offset."""
    if not isinstance(soup, Soup):
        return 0, 0
    start = soup.tag_offset(tag) - soup.shift
    match = _START_TAG.match(soup.source, start)
    end = match.end() if match else start
    return start + soup.shift, end + soup.shift


def text_range(soup: BeautifulSoup, tag: Tag) -> tuple[int, int]:
    """Source range of the text of a marker element (its first to last visible
    character), or of its start tag when the text has no recorded range."""
    if isinstance(soup, Soup):
        strings = [s for s in tag.find_all(string=True) if s.strip() and id(s) in soup.ranges]
        strings = [s for s in strings if len(soup.ranges[id(s)][0]) == len(s)]
        if strings:
            first, last = strings[0], strings[-1]
            i = len(first) - len(first.lstrip())
            j = len(last.rstrip()) - 1
            return soup.ranges[id(first)][0][i], soup.ranges[id(last)][1][j]
    return start_tag_range(soup, tag)
