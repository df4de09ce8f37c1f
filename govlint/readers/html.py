"""HTML reader: WeChat exports, CMS pages and fragments into the document model.

The page is parsed with the source range of every character
(:mod:`govlint.readers.soup`); this module finds the article body and its
title, walks the elements in document order cutting text into blocks and
collecting links, and leaves metadata to :mod:`govlint.readers.html_metadata`
and style and visibility to :mod:`govlint.readers.css`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from govlint.model import (
    Block,
    BlockBuilder,
    BlockKind,
    Document,
    Element,
    Link,
    SourceText,
    is_hidden_element,
)
from govlint.readers import page_info
from govlint.readers.css import decide_visibility
from govlint.readers.html_metadata import declared_titles, meta_tags, read_metadata
from govlint.readers.soup import NOT_TEXT, Soup, TagIndex, parse

_BLOCK_KINDS: dict[str, BlockKind] = {
    "p": "paragraph",
    "h1": "heading", "h2": "heading", "h3": "heading",
    "h4": "heading", "h5": "heading", "h6": "heading",
    "li": "list_item", "dt": "paragraph", "dd": "paragraph",
    "td": "table_cell", "th": "table_cell",
    "caption": "caption", "figcaption": "caption",
    "blockquote": "quote", "pre": "code",
}
# Inside a fragment read as one kind of block (a Markdown table cell), only
# these still start a block of their own kind.
_KIND_IN_FRAGMENT = ("th", "td", "li")
# Elements that end the text before them and start a new block.
_BREAKS = {
    "address", "article", "aside", "body", "center", "details", "dialog", "div", "dl",
    "fieldset", "figure", "footer", "form", "header", "hr", "html", "main", "nav", "ol",
    "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
} | set(_BLOCK_KINDS)

# Where CMS platforms and WeChat put the article body, most specific first.
_BODY_SELECTORS = (
    "#js_content", ".rich_media_content", ".TRS_Editor", "#zoom", "#UCAP-CONTENT",
    ".article-content", ".article_content", "#article-content", ".pages_content",
    "article", "main", "#content", ".content",
)
_PAGE_CHROME = {"nav", "header", "footer", "aside"}
_MAX_CHAIN = 48  # elements kept per run: enough for inheritance, bounded on deep nesting


def read_html(source: str, path: str, encoding: str, decode_errors: tuple[int, ...] = ()) -> Document:
    soup = parse(source)
    index = TagIndex(soup)
    body = find_body(soup, index)
    walker = _Walker(soup, body)
    declared = meta_tags(soup)
    title_tag = _title_element(soup, body, index, declared_titles(soup, declared))
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
        metadata=read_metadata(soup, title_tag, index, body, declared),
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


_WHOLE_PAGE = ("html", "head", "body")
# Links outside the article that mark a site's page: the 21 such pages of the
# corpus have 20 to 309, a draft (WeChat editor export) almost none.
_SITE_LINKS = 10


def find_body(soup: BeautifulSoup, index: TagIndex | None = None) -> Tag:
    """The element that holds the article text."""
    index = index or TagIndex(soup)
    for selector in _BODY_SELECTORS:
        for candidate in index.select(selector):
            if len(candidate.get_text(strip=True)) >= 20:
                return candidate
    if soup.find(_PAGE_CHROME):
        return _densest_parent(soup)
    if soup.find(_WHOLE_PAGE) is None:
        return soup  # a fragment or a bare article: a draft, checked whole
    # A whole page of a CMS without chrome tags (most Chinese sites): the
    # densest paragraphs, where the site's menus, headline lists and footer
    # around them show it is a published page and not a draft
    # (benchmarks/README.md, main-text extraction: F1 0.872 -> 0.984).
    densest = _densest_parent(soup)
    around = sum(1 for link in soup.find_all("a", href=True) if densest not in link.parents)
    return densest if around >= _SITE_LINKS else soup


def _densest_parent(soup: BeautifulSoup) -> Tag:
    """On a page with chrome: the element whose own paragraphs hold the most text."""
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


def _title_element(soup: Soup, body: Tag, index: TagIndex, declared: list[str]) -> Tag | None:
    """The article's visible headline when it stands outside the body element."""
    if body is soup:
        return None
    return page_info.headline(soup, index, body, declared)


def _ancestors(tag: PageElement) -> list[Tag]:
    """The elements enclosing ``tag``, outermost first (not the document itself)."""
    return [p for p in reversed(list(tag.parents)) if isinstance(p, Tag) and p.name != "[document]"]


def _is_text(node: NavigableString) -> bool:
    """Article text, not a comment, declaration, doctype, processing
    instruction or the content of a script, style sheet or template (all of
    them subclasses)."""
    return type(node) is NavigableString


class _Context(NamedTuple):
    """What the elements around a node give its text."""

    kind: BlockKind
    level: int  # heading level, 0 for other kinds
    chain: tuple[Element, ...]  # enclosing elements, outermost first, at most _MAX_CHAIN
    hidden: bool  # an enclosing element hides it by its own attributes
    link: _PendingLink | None  # the link it is the text of


# A node to visit: (node, entering it or leaving it, the context around it).
_Frame = tuple[PageElement, bool, _Context]


class _Walker:
    """Walks elements in document order, cutting text into blocks."""

    def __init__(self, soup: Soup, body: Tag, first_index: int = 0) -> None:
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
        """Cut the text inside ``root`` into blocks. ``kind`` forces the kind
        of its blocks (a title, a Markdown table cell).

        Iterative, with an explicit stack of (node, entering, context):
        deeply nested markup must not hit the recursion limit. Leaving an
        element that breaks the text flushes the block it ends."""
        base_kind: BlockKind = kind or "paragraph"
        root_context = self._root_context(root, base_kind)
        stack: list[_Frame] = [(child, True, root_context) for child in reversed(root.contents)]
        while stack:
            node, entering, context = stack.pop()
            if isinstance(node, Tag):
                if entering:
                    self._enter(node, context, kind, in_body, stack)
                elif node.name in _BREAKS:
                    self._flush(context.kind, context.level, in_body)
            elif isinstance(node, NavigableString) and _is_text(node):
                self._add_text(node, context)
        self._flush(base_kind, 0, in_body)
        self._finish_links()

    def _root_context(self, root: Tag, kind: BlockKind) -> _Context:
        chain = tuple(self._element(p) for p in _ancestors(root))[-_MAX_CHAIN:]
        if root.name != "[document]":
            chain = (*chain, self._element(root))[-_MAX_CHAIN:]
        # The body element itself never counts as hidden: WeChat exports carry
        # `visibility: hidden` on #js_content, which its script then reveals.
        hidden = any(is_hidden_element(e) for e in chain[:-1])
        return _Context(kind, 0, chain, hidden, None)

    def _enter(self, tag: Tag, context: _Context, kind: BlockKind | None, in_body: bool, stack: list[_Frame]) -> None:
        """Start an element: skip it, break the line, or push its content
        (and the marker that leaves it) with the context it gives."""
        name = tag.name
        if name in NOT_TEXT:
            return
        if name == "br":
            self._builder.add_synthetic("\n", self.soup.tag_offset(tag), context.chain, context.hidden)
            return
        if name in _BREAKS:
            self._flush(context.kind, context.level, in_body)
        inside = self._context_inside(tag, context, kind, in_body)
        stack.append((tag, False, inside))
        stack.extend((child, True, inside) for child in reversed(tag.contents))

    def _context_inside(self, tag: Tag, context: _Context, kind: BlockKind | None, in_body: bool) -> _Context:
        name = tag.name
        element = self._element(tag)
        chain = (*context.chain, element)[-_MAX_CHAIN:]
        hidden = context.hidden or is_hidden_element(element)
        block_kind, level = context.kind, context.level
        if name in _BLOCK_KINDS and (kind is None or name in _KIND_IN_FRAGMENT):
            block_kind = _BLOCK_KINDS[name]
            level = int(name[1]) if block_kind == "heading" else 0
        link = self._start_link(tag, chain, hidden, in_body) if name == "a" else context.link
        return _Context(block_kind, level, chain, hidden, link)

    def _add_text(self, node: NavigableString, context: _Context) -> None:
        ranges = self.soup.ranges.get(id(node))
        text = str(node)
        if ranges is not None and len(ranges[0]) == len(text):
            self._builder.add_ranges(text, ranges[0], ranges[1], context.chain, context.hidden)
        elif ranges is not None and len(ranges[0]):
            # bs4 folded a white-space-only string to " " or "\n".
            self._builder.add_mapped(text, ranges[0][0], ranges[1][-1], context.chain, context.hidden)
        else:
            return
        link = context.link
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
        """Links outside the article body: their text is in no block."""
        for tag in soup.find_all("a"):
            if body not in tag.parents:
                self.links.append(self._outside_link(tag).freeze())

    def _outside_link(self, tag: Tag) -> _PendingLink:
        chain = tuple(self._element(p) for p in [*_ancestors(tag), tag])[-_MAX_CHAIN:]
        link = _PendingLink(tag, chain, any(is_hidden_element(e) for e in chain), False, self.soup.tag_offset(tag))
        for string in tag.find_all(string=True):
            ranges = self.soup.ranges.get(id(string))
            if ranges is not None and len(ranges[1]):
                link.parts.append(str(string))
                link.end = max(link.end, ranges[1][-1])
        return link


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
