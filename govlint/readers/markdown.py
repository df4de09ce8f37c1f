"""Markdown reader: markdown-it-py tokens, YAML front matter, inline HTML.

markdown-it gives each block token its source lines (``map``) but no columns,
and inline tokens have no position at all. Each block's inline ``content`` is
a verbatim copy of its source lines minus their block prefix (indentation,
``>``, list markers), so each content line is located once in its source line;
then the inline tokens are consumed in order along that content: text tokens
are verbatim, and with ``text_join`` disabled every escape and entity keeps
its source form in ``markup``. No position is found by searching the file.
"""

from __future__ import annotations

import bisect
import re
from datetime import date, datetime

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

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
from govlint.readers.html import read_fragment
from govlint.source import InputError

_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_TAG = re.compile(r"^<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)([^>]*?)(/?)\s*>$", re.S)
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed"}


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin).enable(["table", "strikethrough"])
    md.disable("text_join")  # keep escapes and entities as their own tokens
    return md


_MD = _parser()


def read_markdown(source: str, path: str, encoding: str, decode_errors: tuple[int, ...] = ()) -> Document:
    text = SourceText(source)
    tokens = _MD.parse(source)
    reader = _Reader(text, tokens)
    reader.read()
    return decide_visibility(Document(
        path=path,
        format="markdown",
        encoding=encoding,
        source=text,
        blocks=tuple(reader.blocks),
        links=tuple(sorted(reader.links, key=lambda link: link.start)),
        metadata=_metadata(reader.front_matter, reader.blocks, reader.front_matter_positions),
        stylesheets=tuple(reader.stylesheets),
        decode_errors=decode_errors,
    ))


class _Reader:
    def __init__(self, text: SourceText, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.stylesheets: list[str] = []
        self.front_matter: dict = {}
        self.front_matter_positions: dict[str, tuple[int, int]] = {}
        self._line_cursor: dict[int, int] = {}  # table rows: cells share one line

    def read(self) -> None:
        kinds: list[tuple[BlockKind, int]] = []
        for token in self.tokens:
            kind = kinds[-1] if kinds else ("paragraph", 0)
            if token.type == "front_matter":
                self.front_matter, self.front_matter_positions = _front_matter(token, self.text)
            elif token.type == "heading_open":
                kinds.append(("heading", int(token.tag[1])))
            elif token.type == "list_item_open":
                kinds.append(("list_item", 0))
            elif token.type == "blockquote_open":
                kinds.append(("quote", 0))
            elif token.type in ("th_open", "td_open"):
                kinds.append(("table_cell", 0))
            elif token.type in ("heading_close", "list_item_close", "blockquote_close", "th_close", "td_close"):
                kinds.pop()
            elif token.type == "inline" and token.map is not None:
                self._inline(token, kind[0], kind[1])
            elif token.type in ("fence", "code_block") and token.map is not None:
                self._code(token)
            elif token.type == "html_block" and token.map is not None:
                self._html_block(token, kind[0] if kinds else None)

    def _line_range(self, token: Token) -> tuple[int, int]:
        assert token.map is not None
        first, last = token.map
        start = self.text.line_start(first + 1)
        end = self.text.line_start(last + 1) if last < self.text.line_count else len(self.text.text)
        return start, end

    def _html_block(self, token: Token, kind: BlockKind | None) -> None:
        start, end = self._line_range(token)
        blocks, links, styles = read_fragment(self.text.text[start:end], start, len(self.blocks), kind)
        self.blocks.extend(blocks)
        self.links.extend(links)
        self.stylesheets.extend(styles)

    def _code(self, token: Token) -> None:
        assert token.map is not None
        first, last = token.map
        if token.type == "fence":
            first, last = first + 1, last - 1  # the fence lines themselves
        builder = BlockBuilder()
        for line in range(first + 1, min(last, self.text.line_count) + 1):
            content = self.text.line_text(line)
            builder.add_source(content, self.text.line_start(line))
            builder.add_synthetic("\n", self.text.line_start(line) + len(content))
        block = builder.build(len(self.blocks), "code")
        if block is not None:
            self.blocks.append(block)

    def _content_map(self, token: Token) -> tuple[list[int], list[int]]:
        """For each line of the inline content: its content offset and source offset."""
        assert token.map is not None
        content_starts, source_starts = [], []
        position = 0
        for k, line in enumerate(token.content.split("\n")):
            source_line_number = token.map[0] + k + 1
            if source_line_number > self.text.line_count:
                break
            source_line = self.text.line_text(source_line_number)
            if source_line.endswith(line):
                column = len(source_line) - len(line)
            elif source_line.rstrip().endswith(line.rstrip()) and line.strip():
                column = len(source_line.rstrip()) - len(line.rstrip())
            else:  # ATX closing hashes, table cells: the first place at or after the cursor
                cursor = self._line_cursor.get(source_line_number, 0)
                found = source_line.find(line, cursor) if line else -1
                column = found if found >= 0 else cursor
                self._line_cursor[source_line_number] = column + len(line)
            content_starts.append(position)
            source_starts.append(self.text.line_start(source_line_number) + column)
            position += len(line) + 1
        return content_starts, source_starts

    def _inline(self, token: Token, kind: BlockKind, level: int) -> None:
        content = token.content
        content_starts, source_starts = self._content_map(token)

        def at(offset: int) -> int:
            index = max(0, bisect.bisect_right(content_starts, offset) - 1)
            return source_starts[index] + offset - content_starts[index]

        builder = BlockBuilder()
        elements: list[Element] = []
        hidden = False
        cursor = 0
        link_stack: list[tuple[int, str, list[str]]] = []
        block_index = len(self.blocks)

        def take(needle: str) -> int:
            nonlocal cursor
            found = content.find(needle, cursor) if needle else cursor
            if found < 0:
                found = cursor
            cursor = found + len(needle)
            return found

        def add_text(text: str, offset: int) -> None:
            chain = tuple(elements)
            # Literal source text, one piece per line of the content (where ``at`` jumps).
            start, end = offset, offset + len(text)
            line = bisect.bisect_right(content_starts, start)
            while start < end:
                stop = content_starts[line] if line < len(content_starts) and content_starts[line] < end else end
                builder.add_source(text[start - offset : stop - offset], at(start), chain, hidden)
                start, line = stop, line + 1
            for _, _, parts in link_stack:
                parts.append(text)

        for child in token.children or []:
            kind_ = child.type
            if kind_ == "text":
                add_text(child.content, take(child.content))
            elif kind_ == "text_special":
                found = take(child.markup)
                builder.add_mapped(child.content, at(found), at(found) + len(child.markup), tuple(elements), hidden)
                for _, _, parts in link_stack:
                    parts.append(child.content)
            elif kind_ == "softbreak":
                found = take("\n")
                builder.add_mapped("\n", at(found), at(found) + 1, tuple(elements), hidden)
            elif kind_ == "hardbreak":
                found = take("\n")
                builder.add_synthetic("\n", at(found), tuple(elements), hidden)
            elif kind_ == "code_inline":
                take(child.markup)
                elements.append(Element("code", (), at(cursor)))
                add_text(child.content, take(child.content))
                elements.pop()
                take(child.markup)
            elif kind_ in ("strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close"):
                take(child.markup)
            elif kind_ == "link_open":
                start = take("<" if child.markup == "autolink" else "[")
                link_stack.append((at(start), str(child.attrs.get("href", "")), []))
            elif kind_ == "link_close":
                if child.markup == "autolink":
                    take(">")
                else:
                    cursor = _skip_link_tail(content, cursor)
                if link_stack:
                    start, href, parts = link_stack.pop()
                    self.links.append(Link(href, "".join(parts).strip(), start, at(cursor), False, True, block_index))
            elif kind_ == "image":
                begin = take("![")
                close = _matching_bracket(content, begin + 1)
                cursor = _skip_link_tail(content, close)
            elif kind_ == "html_inline":
                found = take(child.content)
                hidden = self._inline_html(child.content, at(found), elements, builder, link_stack, hidden)
        block = builder.build(block_index, kind, level)
        if block is not None:
            self.blocks.append(block)

    def _inline_html(
        self,
        html: str,
        offset: int,
        elements: list[Element],
        builder: BlockBuilder,
        link_stack: list[tuple[int, str, list[str]]],
        hidden: bool,
    ) -> bool:
        """Track inline tags so runs know their styles; returns the new hidden state."""
        match = _TAG.match(html.strip())
        if not match:
            return hidden  # a comment or something that is not a tag
        closing, name, attributes, self_closing = match.groups()
        name = name.lower()
        if name == "br":
            builder.add_synthetic("\n", offset, tuple(elements), hidden)
            return hidden
        if closing:
            for i in range(len(elements) - 1, -1, -1):
                if elements[i].tag == name:
                    del elements[i:]
                    break
            if name == "a" and link_stack:
                start, href, parts = link_stack.pop()
                text = "".join(parts).strip()
                chain = (*elements, Element("a", (("href", href),), start))
                self.links.append(Link(href, text, start, offset + len(html), hidden, True, len(self.blocks), chain))
            return any(is_hidden_element(e) for e in elements)
        if name in _VOID or self_closing:
            return hidden
        attrs = tuple(
            (key.lower(), value.strip("\"'") if value else "") for key, value in _ATTRIBUTE.findall(attributes)
        )
        element = Element(name, attrs, offset)
        elements.append(element)
        if name == "a":
            link_stack.append((offset, element.attr("href") or "", []))
        return hidden or is_hidden_element(element)


def _matching_bracket(content: str, position: int) -> int:
    """Index just past the ``]`` that closes the ``[`` before ``position``."""
    depth = 1
    i = position
    while i < len(content):
        ch = content[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(content)


def _skip_link_tail(content: str, position: int) -> int:
    """Skip ``](destination "title")`` or ``][ref]`` or ``]`` after link text."""
    i = position
    if i < len(content) and content[i] == "]":
        i += 1
    if i < len(content) and content[i] == "(":
        depth, i = 1, i + 1
        quote = ""
        while i < len(content) and depth:
            ch = content[i]
            if ch == "\\":
                i += 2
                continue
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'" and content[i - 1] in " \t\n":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            i += 1
        return i
    if i < len(content) and content[i] == "[":
        return _matching_bracket(content, i + 1)
    return i


def _front_matter(token: Token, text: SourceText) -> tuple[dict, dict[str, tuple[int, int]]]:
    """The front matter's mapping, and the source range of each top-level key's line."""
    try:
        node, data = _compose(_FAST_LOADER, token.content)
    except (yaml.YAMLError, ValueError):  # PyYAML's own loader says where and why (libyaml: less precisely)
        node, data = _checked_compose(token.content)
    if not isinstance(data, dict):
        raise InputError("YAML 头信息应为“键: 值”形式")
    return data, _key_positions(node, token, text)


# libyaml's loader where PyYAML was built with it: several times faster on a
# post's front matter (the batch audit reads hundreds of thousands).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(loader_class: type, content: str) -> tuple[yaml.Node | None, object]:
    loader = loader_class(content)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None) or {}
    finally:
        loader.dispose()


def _checked_compose(content: str) -> tuple[yaml.Node | None, object]:
    """``_compose`` with PyYAML's pure-Python loader, its errors as InputError."""
    try:
        return _compose(yaml.SafeLoader, content)
    except yaml.reader.ReaderError as error:  # a control character YAML refuses
        line = content.count("\n", 0, error.position) + 2
        raise InputError(f"第 {line} 行：YAML 头信息含有不允许的控制字符（U+{error.character:04X}）") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1  # +1 for the --- line, +1 for 1-based
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"第 {line} 行：YAML 头信息语法错误（{reason}）") from None


def _key_positions(node: yaml.Node, token: Token, text: SourceText) -> dict[str, tuple[int, int]]:
    """From the key to the end of its value, clipped to the key's line, for each
    top-level key; the YAML marks count lines and code points of the content,
    which starts on the line after the opening ``---``."""
    assert token.map is not None
    positions: dict[str, tuple[int, int]] = {}
    for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = token.map[0] + 2 + key.start_mark.line
        if line > text.line_count:
            continue
        line_start, line_length = text.line_start(line), len(text.line_text(line))
        end_column = value.end_mark.column if value.end_mark.line == key.start_mark.line else line_length
        start = line_start + min(key.start_mark.column, line_length)
        end = line_start + min(max(end_column, key.end_mark.column), line_length)
        positions.setdefault(str(key.value), (start, max(start, end)))
    return positions


def _text_value(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def _metadata(front: dict, blocks: list[Block], positions: dict[str, tuple[int, int]]) -> Metadata:
    values = {key: _text_value(front.get(key)) for key in ("title", "account", "author", "editor", "date", "source")}
    label = _text_value(front.get("label"))
    original = front.get("original")
    if label is None and isinstance(original, bool):
        label = "原创" if original else "转载"
    values["label"] = label
    if values["title"] is None:
        heading = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
        values["title"] = heading.text if heading else None
    extra = {str(k): str(v) for k, v in front.items() if k not in values and k != "original"}
    return Metadata(**values, extra=extra, positions=positions)
