"""HTML reader: WeChat exports, CMS pages and fragments into the document model.

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
    Comment,
    GuessedAtParserWarning,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.builder import HTMLParserTreeBuilder
from bs4.builder._htmlparser import BeautifulSoupHTMLParser
from bs4.element import Declaration, Doctype, ProcessingInstruction
from bs4.exceptions import ParserRejectedMarkup

from govlint.model import (
    Block,
    BlockBuilder,
    BlockKind,
    Document,
    Element,
    Link,
    Metadata,
    SourceText,
    is_hidden_element,
)
from govlint.readers.css import decide_visibility

_BLOCK_KINDS: dict[str, BlockKind] = {
    "p": "paragraph",
    "h1": "heading", "h2": "heading", "h3": "heading",
    "h4": "heading", "h5": "heading", "h6": "heading",
    "li": "list_item", "dt": "paragraph", "dd": "paragraph",
    "td": "table_cell", "th": "table_cell",
    "caption": "caption", "figcaption": "caption",
    "blockquote": "quote", "pre": "code",
}
# Elements that end the text before them and start a new block.
_BREAKS = {
    "address", "article", "aside", "body", "center", "details", "dialog", "div", "dl",
    "fieldset", "figure", "footer", "form", "header", "hr", "html", "main", "nav", "ol",
    "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
} | set(_BLOCK_KINDS)
# Never article text: code, styles, embedded objects, form widgets, the head.
_SKIPPED = {
    "script", "style", "noscript", "template", "head", "iframe", "object", "embed",
    "svg", "math", "select", "option", "textarea", "button", "canvas", "audio", "video",
}
# Where CMS platforms and WeChat put the article body, most specific first.
_BODY_SELECTORS = (
    "#js_content", ".rich_media_content", ".TRS_Editor", "#zoom", "#UCAP-CONTENT",
    ".article-content", ".article_content", "#article-content", ".pages_content",
    "article", "main", "#content", ".content",
)
_PAGE_CHROME = {"nav", "header", "footer", "aside"}
_MAX_CHAIN = 48  # elements kept per run: enough for inheritance, bounded on deep nesting


class _PositionParser(BeautifulSoupHTMLParser):
    """Records the source range of every text character bs4 receives."""

    def __init__(self, soup: _Soup, *args: Any, **kwargs: Any) -> None:
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


class _Soup(BeautifulSoup):
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
        if tag.sourceline is None:
            return 0
        return self.newline_starts[tag.sourceline - 1] + (tag.sourcepos or 0) + self.shift


def parse(source: str, shift: int = 0) -> _Soup:
    # bs4 warns on stderr about drafts that look like XML or a file name; the
    # editor cannot act on that, and a warning shown once per process would
    # make two identical runs in one process print different output.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=GuessedAtParserWarning)
        warnings.simplefilter("ignore", category=MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", category=XMLParsedAsHTMLWarning)
        try:
            return _Soup(source, shift)
        except ParserRejectedMarkup:
            # html.parser gives up on a few malformed declarations (`<![x[`).
            # Blank them out with spaces of the same length, so that every other
            # position stays exact, and parse again.
            return _Soup(_MARKED_SECTION.sub(lambda m: " " * len(m.group()), source), shift)


_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)[^>]*>?")


def read_html(source: str, path: str, encoding: str, decode_errors: tuple[int, ...] = ()) -> Document:
    soup = parse(source)
    index = _TagIndex(soup)
    body = find_body(soup, index)
    walker = _Walker(soup, body)
    title_tag = _title_element(soup, body, index)
    if title_tag is not None:
        walker.walk(title_tag, kind="title", in_body=False)
    walker.walk(body, in_body=True)
    if body is not soup:
        # Links outside the article body (footers, injected spam) still count.
        walker.collect_outside_links(soup, body)
    return decide_visibility(Document(
        path=path,
        format="html",
        encoding=encoding,
        source=SourceText(source),
        blocks=tuple(walker.blocks),
        links=tuple(sorted(walker.links, key=lambda link: link.start)),
        metadata=read_metadata(soup, title_tag, index),
        stylesheets=tuple(s.get_text() for s in soup.find_all("style")),
        decode_errors=decode_errors,
    ), walker.article(body))


def read_fragment(
    fragment: str, shift: int, first_index: int, kind: BlockKind | None = None
) -> tuple[list[Block], list[Link], tuple[str, ...]]:
    """Blocks, links and style sheets of HTML embedded in another format
    (HTML blocks in Markdown); ``shift`` is the fragment's offset in the file."""
    soup = parse(fragment, shift)
    walker = _Walker(soup, soup, first_index)
    walker.walk(soup, kind=kind)
    stylesheets = tuple(s.get_text() for s in soup.find_all("style"))
    return walker.blocks, walker.links, stylesheets


class _TagIndex:
    """``soup.select`` for the simple selectors used here (``#id``, ``.class``,
    ``tag``) from one walk over the tree: each ``select`` walks the whole
    tree, and a page is asked about twenty of them."""

    _SIMPLE = re.compile(r"([#.]?)([A-Za-z][\w-]*)")
    # A compound selector that starts at an id (``#meta_content span.x``; not
    # a selector list): soupsieve walks the whole tree for it, about 3 ms a
    # page, to find nothing where no element has that id.
    _ANCESTOR_ID = re.compile(r"#([A-Za-z][\w-]*)\s+\S")

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
            return self.soup.select(selector)
        kind, name = match.groups()
        return self.by[kind].get(name if kind else name.lower(), [])

    def select_one(self, selector: str) -> Tag | None:
        found = self.select(selector)
        return found[0] if found else None


def find_body(soup: BeautifulSoup, index: _TagIndex | None = None) -> Tag:
    """The element that holds the article text."""
    index = index or _TagIndex(soup)
    for selector in _BODY_SELECTORS:
        for candidate in index.select(selector):
            if len(candidate.get_text(strip=True)) >= 20:
                return candidate
    if not soup.find(_PAGE_CHROME):
        return soup  # a fragment or a bare article
    # A page with chrome: the element whose own paragraphs hold the most text.
    credit: dict[int, tuple[int, Tag]] = {}
    for paragraph in soup.find_all(["p", "br"]):
        parent = paragraph.parent
        if parent is None or any(p.name in _PAGE_CHROME for p in paragraph.parents):
            continue
        size = len(paragraph.get_text(strip=True)) if paragraph.name == "p" else 10
        total, _ = credit.get(id(parent), (0, parent))
        credit[id(parent)] = (total + size, parent)
    if not credit:
        return soup
    return max(credit.values(), key=lambda item: item[0])[1]


def _title_element(soup: BeautifulSoup, body: Tag, index: _TagIndex | None = None) -> Tag | None:
    """The article's visible title when it stands outside the body element."""
    if body is soup:
        return None
    index = index or _TagIndex(soup)
    for selector in ("#activity-name", ".rich_media_title", "h1"):
        for candidate in index.select(selector):
            if body not in candidate.parents and candidate is not body and candidate.get_text(strip=True):
                return candidate
    return None


class _Walker:
    """Walks elements in document order, cutting text into blocks."""

    def __init__(self, soup: _Soup, body: Tag, first_index: int = 0) -> None:
        self.soup = soup
        self.body = body
        self.first_index = first_index  # index of the first block this walker makes
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self._builder = BlockBuilder()
        self._elements: dict[int, Element] = {}
        self._pending_links: list[_PendingLink] = []

    def _element(self, tag: Tag) -> Element:
        element = self._elements.get(id(tag))
        if element is None:
            attrs = tuple(
                (key, " ".join(value) if isinstance(value, list) else str(value))
                for key, value in tag.attrs.items()
            )
            element = Element(tag.name, attrs, self.soup.tag_offset(tag))
            self._elements[id(tag)] = element
        return element

    def _flush(self, kind: BlockKind, level: int, in_body: bool) -> None:
        if len(self._builder):
            block = self._builder.build(self.first_index + len(self.blocks), kind, level, in_body)
            if block is not None:
                self.blocks.append(block)
        self._builder = BlockBuilder()

    def article(self, body: Tag) -> Element | None:
        """The element of the article body, or None where the body is the whole page."""
        return self._element(body) if isinstance(body, Tag) and body.name != "[document]" else None

    def walk(self, root: Tag, kind: BlockKind | None = None, in_body: bool = True) -> None:
        """Iterative walk (deeply nested markup must not hit the recursion limit)."""
        base_kind: BlockKind = kind or "paragraph"
        # Context: (block kind, heading level, element chain, hidden)
        ancestors = [p for p in reversed(list(root.parents)) if isinstance(p, Tag) and p.name != "[document]"]
        root_chain = tuple(self._element(p) for p in ancestors)[-_MAX_CHAIN:]
        if isinstance(root, Tag) and root.name != "[document]":
            root_chain = ((*root_chain, self._element(root)))[-_MAX_CHAIN:]
        # The body element itself never counts as hidden: WeChat exports carry
        # `visibility: hidden` on #js_content, which its script then reveals.
        hidden_root = any(is_hidden_element(e) for e in root_chain[:-1])
        stack: list[tuple[Any, bool, tuple]] = [(root, True, (base_kind, 0, root_chain, hidden_root, None))]
        first = True
        while stack:
            node, entering, context = stack.pop()
            block_kind, level, chain, hidden, link = context
            if isinstance(node, Tag):
                if not first and not entering:
                    if node.name in _BREAKS:
                        self._flush(block_kind, level, in_body)
                    continue
                name = node.name
                if not first:
                    if name in _SKIPPED or name == "title":
                        continue
                    if name == "br":
                        self._builder.add_synthetic("\n", self.soup.tag_offset(node), chain, hidden)
                        continue
                    if name in _BREAKS:
                        self._flush(block_kind, level, in_body)
                    element = self._element(node)
                    chain = ((*chain, element))[-_MAX_CHAIN:]
                    hidden = hidden or is_hidden_element(element)
                    if name in _BLOCK_KINDS and (kind is None or name in ("th", "td", "li")):
                        block_kind = _BLOCK_KINDS[name]
                        level = int(name[1]) if block_kind == "heading" else 0
                    if name == "a":
                        link = self._start_link(node, chain, hidden, in_body)
                    stack.append((node, False, (block_kind, level, chain, hidden, link)))
                first = False
                new_context = (block_kind, level, chain, hidden, link)
                for child in reversed(node.contents):
                    stack.append((child, True, new_context))
            elif isinstance(node, NavigableString):
                first = False
                if isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
                    continue
                if type(node) is not NavigableString:  # Script, Stylesheet, TemplateString
                    continue
                self._add_text(node, chain, hidden, link)
        self._flush(base_kind, 0, in_body)
        self._finish_links()

    def _add_text(self, node: NavigableString, chain: tuple, hidden: bool, link: _PendingLink | None) -> None:
        ranges = self.soup.ranges.get(id(node))
        text = str(node)
        if ranges is not None and len(ranges[0]) == len(text):
            self._builder.add_ranges(text, ranges[0], ranges[1], chain, hidden)
        elif ranges is not None and len(ranges[0]):
            # bs4 folded a white-space-only string to " " or "\n".
            self._builder.add_mapped(text, ranges[0][0], ranges[1][-1], chain, hidden)
        else:
            return
        if link is not None:
            link.parts.append(text)
            link.block = self.first_index + len(self.blocks)
            link.end = max(link.end, ranges[1][-1])

    def _start_link(self, tag: Tag, chain: tuple[Element, ...], hidden: bool, in_body: bool) -> _PendingLink:
        link = _PendingLink(tag, chain, hidden, in_body, self.soup.tag_offset(tag))
        self._pending_links.append(link)
        return link

    def _finish_links(self) -> None:
        self.links.extend(link.freeze() for link in self._pending_links)
        self._pending_links.clear()

    def collect_outside_links(self, soup: BeautifulSoup, body: Tag) -> None:
        for tag in soup.find_all("a"):
            if body in tag.parents:
                continue
            ancestors = [p for p in reversed(list(tag.parents)) if isinstance(p, Tag) and p.name != "[document]"]
            chain = tuple(self._element(p) for p in [*ancestors, tag])[-_MAX_CHAIN:]
            link = _PendingLink(tag, chain, any(is_hidden_element(e) for e in chain), False, self.soup.tag_offset(tag))
            for string in tag.find_all(string=True):
                ranges = self.soup.ranges.get(id(string))
                if ranges is not None and len(ranges[1]):
                    link.parts.append(str(string))
                    link.end = max(link.end, ranges[1][-1])
            self.links.append(link.freeze())


class _PendingLink:
    """A link whose text is still being read."""

    def __init__(self, tag: Tag, chain: tuple[Element, ...], hidden: bool, in_body: bool, start: int) -> None:
        self.tag, self.chain, self.hidden, self.in_body = tag, chain, hidden, in_body
        self.start = self.end = start
        self.parts: list[str] = []
        self.block: int | None = None

    def freeze(self) -> Link:
        href = self.tag.get("href")
        return Link(
            href=href if isinstance(href, str) else "",
            text=re.sub(r"\s+", " ", "".join(self.parts)).strip(),
            start=self.start,
            end=max(self.end, self.start + 2),
            hidden=self.hidden,
            in_body=self.in_body,
            block=self.block,
            elements=self.chain,
        )


_META_FIELDS = {
    "title": ("og:title", "articletitle", "title", "dc.title"),
    "account": ("sitename", "og:site_name", "account", "govlint:account"),
    "author": ("author", "articleauthor", "dc.creator"),
    "editor": ("editor", "responsibleeditor"),
    "date": ("pubdate", "publishdate", "article:published_time", "firstpublishedtime", "date", "dc.date"),
    "label": ("label", "govlint:label", "copyright"),
    "source": ("contentsource", "source", "og:source", "articlesource"),
}
_WECHAT_FIELDS = {
    "title": ("#activity-name", ".rich_media_title"),
    "account": ("#js_name", ".profile_nickname"),
    "author": ("#js_author_name", "#meta_content span.rich_media_meta_text"),
    "date": ("#publish_time",),
    "label": ("#copyright_logo",),
}


def read_metadata(soup: BeautifulSoup, title_tag: Tag | None, index: _TagIndex | None = None) -> Metadata:
    meta: dict[str, str] = {}
    meta_tags: dict[str, Tag] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or "").strip().lower()
        content = tag.get("content")
        if key and isinstance(content, str) and content.strip():
            meta.setdefault(key, content.strip())
            meta_tags.setdefault(key, tag)
    values: dict[str, str | None] = {}
    positions: dict[str, tuple[int, int]] = {}
    for field_name, keys in _META_FIELDS.items():
        values[field_name] = next((meta[k] for k in keys if k in meta), None)
        key = next((k for k in keys if k in meta), None)
        if key is not None:
            positions[field_name] = _start_tag_range(soup, meta_tags[key])
    for field_name, selectors in _WECHAT_FIELDS.items():
        if values.get(field_name):
            continue
        for selector in selectors:
            found = (index or _TagIndex(soup)).select_one(selector)
            if found is not None and found.get_text(strip=True):
                values[field_name] = re.sub(r"\s+", " ", found.get_text()).strip()
                positions[field_name] = _text_range(soup, found)
                break
    if not values.get("title"):
        heading = title_tag or soup.find("h1")
        title = heading if heading is not None else soup.find("title")
        if title is not None and title.get_text(strip=True):
            values["title"] = re.sub(r"\s+", " ", title.get_text()).strip()
    label = values.get("label")
    if label and label not in ("原创", "转载"):
        values["label"] = "原创" if "原创" in label else "转载" if "转载" in label else None
    return Metadata(**values, positions=positions)


_START_TAG = re.compile(r"""<[^\s/>]+(?:[^>"']|"[^"]*"|'[^']*')*>""")


def _start_tag_range(soup: BeautifulSoup, tag: Tag) -> tuple[int, int]:
    """Source range of ``tag``'s start tag, parsed forward from its known offset."""
    if not isinstance(soup, _Soup):
        return 0, 0
    start = soup.tag_offset(tag) - soup.shift
    match = _START_TAG.match(soup.source, start)
    end = match.end() if match else start
    return start + soup.shift, end + soup.shift


def _text_range(soup: BeautifulSoup, tag: Tag) -> tuple[int, int]:
    """Source range of the text of a marker element (its first to last visible
    character), or of its start tag when the text has no recorded range."""
    if isinstance(soup, _Soup):
        strings = [s for s in tag.find_all(string=True) if s.strip() and id(s) in soup.ranges]
        strings = [s for s in strings if len(soup.ranges[id(s)][0]) == len(s)]
        if strings:
            first, last = strings[0], strings[-1]
            i = len(first) - len(first.lstrip())
            j = len(last.rstrip()) - 1
            return soup.ranges[id(first)][0][i], soup.ranges[id(last)][1][j]
    return _start_tag_range(soup, tag)
