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

from govlint import parsererrors
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


# markdown-it stops reading a container nested this deep and drops its text
# without a word (its default of 20 let 百家乐 pass inside 20 ``>``). Its
# block parser recurses a few frames per level: 128 levels stay far from
# Python's recursion limit; deeper nesting is refused as a file error
# (``_check_nesting``), never dropped.
MAX_NESTING = 128


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    md.use(front_matter_plugin).enable(["table", "strikethrough"])
    md.disable("text_join")  # keep escapes and entities as their own tokens
    return md


_MD = _parser()


def read_markdown(source: str, path: str, encoding: str, decode_errors: tuple[int, ...] = ()) -> Document:
    text = SourceText(source)
    tokens = _MD.parse(source)
    _check_nesting(tokens, text)
    reader = _Reader(text, tokens)
    reader.read()
    return decide_visibility(
        Document(
            path=path,
            format="markdown",
            encoding=encoding,
            source=text,
            blocks=tuple(reader.blocks),
            links=tuple(sorted(reader.links, key=lambda link: link.start)),
            metadata=_metadata(reader.front_matter, reader.blocks, reader.front_matter_positions),
            stylesheets=tuple(reader.stylesheets),
            decode_errors=decode_errors,
        )
    )


def _check_nesting(tokens: list[Token], text: SourceText) -> None:
    """Refuse a document whose containers reach markdown-it's nesting limit,
    where it stops reading and would drop their text unchecked."""
    for token in tokens:
        if token.nesting == 1 and token.level >= MAX_NESTING - 1:
            line = token.map[0] + 1 if token.map else 1
            raise InputError(
                f"第 {line} 行：Markdown 引用或列表嵌套过深（解析层级超过 {MAX_NESTING}），其中的文字无法检查"
            )


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
        stack = _ElementStack(self.text)
        elements = stack.items
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
            chain, hidden = tuple(elements), stack.hidden
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
                builder.add_mapped(
                    child.content, at(found), at(found) + len(child.markup), tuple(elements), stack.hidden
                )
                for _, _, parts in link_stack:
                    parts.append(child.content)
            elif kind_ == "softbreak":
                found = take("\n")
                builder.add_mapped("\n", at(found), at(found) + 1, tuple(elements), stack.hidden)
            elif kind_ == "hardbreak":
                found = take("\n")
                builder.add_synthetic("\n", at(found), tuple(elements), stack.hidden)
            elif kind_ == "code_inline":
                take(child.markup)
                stack.push(Element("code", (), at(cursor)))
                add_text(child.content, take(child.content))
                stack.pop()
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
                self._inline_html(child.content, at(found), stack, builder, link_stack)
        block = builder.build(block_index, kind, level)
        if block is not None:
            self.blocks.append(block)

    def _inline_html(
        self,
        html: str,
        offset: int,
        stack: _ElementStack,
        builder: BlockBuilder,
        link_stack: list[tuple[int, str, list[str]]],
    ) -> None:
        """Track inline tags so runs know their styles and hidden state."""
        match = _TAG.match(html.strip())
        if not match:
            return  # a comment or something that is not a tag
        closing, name, attributes, self_closing = match.groups()
        name = name.lower()
        if name == "br":
            builder.add_synthetic("\n", offset, tuple(stack.items), stack.hidden)
            return
        if closing:
            hidden = stack.hidden  # a link is hidden by the elements around it, itself included
            stack.close(name)
            if name == "a" and link_stack:
                start, href, parts = link_stack.pop()
                text = "".join(parts).strip()
                chain = (*stack.items, Element("a", (("href", href),), start))
                self.links.append(Link(href, text, start, offset + len(html), hidden, True, len(self.blocks), chain))
            return
        if name in _VOID or self_closing:
            return
        attrs = tuple(
            (key.lower(), value.strip("\"'") if value else "") for key, value in _ATTRIBUTE.findall(attributes)
        )
        element = Element(name, attrs, offset)
        stack.push(element)
        if name == "a":
            link_stack.append((offset, element.attr("href") or "", []))


# Each run of text keeps the chain of its open inline elements: nesting
# without bound costs memory quadratic in the paragraph. No article nests
# inline tags this deep; deeper is refused as a file error, never dropped.
MAX_INLINE_DEPTH = 256


class _ElementStack:
    """The open inline elements, with what each question about them needs
    kept up to date as they open and close (constant time each, amortized):
    whether any of them hides its text, and where the innermost element of
    each tag is. Walking the stack at every tag is quadratic in the nesting
    (300 KB of nested ``<span>`` took minutes)."""

    def __init__(self, text: SourceText) -> None:
        self._text = text
        self.items: list[Element] = []
        self._hidden: list[bool] = []  # [i]: whether any of items[: i + 1] hides
        self._by_tag: dict[str, list[int]] = {}

    @property
    def hidden(self) -> bool:
        return bool(self._hidden) and self._hidden[-1]

    def push(self, element: Element) -> None:
        if len(self.items) >= MAX_INLINE_DEPTH:
            line, _ = self._text.locate(element.offset)
            raise InputError(f"第 {line} 行：行内 HTML 标签嵌套超过 {MAX_INLINE_DEPTH} 层，其中的文字无法可靠检查")
        self._by_tag.setdefault(element.tag, []).append(len(self.items))
        self._hidden.append(self.hidden or is_hidden_element(element))
        self.items.append(element)

    def pop(self) -> None:
        self._truncate(len(self.items) - 1)

    def close(self, tag: str) -> None:
        """Close the innermost open ``tag`` and everything opened inside it."""
        indices = self._by_tag.get(tag)
        if indices:
            self._truncate(indices[-1])

    def _truncate(self, length: int) -> None:
        for element in self.items[length:]:
            self._by_tag[element.tag].pop()
        del self.items[length:], self._hidden[length:]


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
        try:
            _check_bounds(token.content)
            node, data = _compose(_FAST_LOADER, token.content)
        except (yaml.YAMLError, ValueError):  # PyYAML's own loader says where and why (libyaml: less precisely)
            node, data = _checked_compose(token.content)
    except RecursionError:
        # PyYAML without libyaml parses flow collections by recursion: deep
        # nesting exhausts Python's stack before the depth check sees it.
        raise InputError(f"YAML 头信息嵌套过深（超过 {MAX_FRONT_MATTER_DEPTH} 层），拒绝读取") from None
    if not isinstance(data, dict):
        raise InputError("YAML 头信息应为“键: 值”形式")
    return data, _key_positions(node, token, text)


# libyaml's loader where PyYAML was built with it: several times faster on a
# post's front matter (the batch audit reads hundreds of thousands).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Front matter is a few keys: anything nested deeper, or expanding through
# aliases into more nodes, is refused before it is built. libyaml's composer
# recurses in C (a few hundred thousand ``[`` crash the process) and an alias
# bomb of 400 bytes expands into billions of strings when shown.
MAX_FRONT_MATTER_DEPTH = 64
MAX_FRONT_MATTER_NODES = 10_000
_OPEN_EVENTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_bounds(content: str) -> None:
    """Refuse front matter nested deeper than ``MAX_FRONT_MATTER_DEPTH``
    (read as events, which libyaml produces without recursion) or whose
    aliases expand it beyond ``MAX_FRONT_MATTER_NODES`` nodes."""
    loader = _FAST_LOADER(content)
    depth, aliases = 0, False
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _OPEN_EVENTS):
                depth += 1
                if depth > MAX_FRONT_MATTER_DEPTH:
                    line = event.start_mark.line + 2 if event.start_mark else 1
                    raise InputError(f"第 {line} 行：YAML 头信息嵌套超过 {MAX_FRONT_MATTER_DEPTH} 层，拒绝读取")
            elif isinstance(event, _CLOSE_EVENTS):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases = True
    finally:
        loader.dispose()
    if aliases:
        loader = _FAST_LOADER(content)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        if node is not None and _expanded_size(node) > MAX_FRONT_MATTER_NODES:
            raise InputError(f"YAML 头信息的别名（*）展开后超过 {MAX_FRONT_MATTER_NODES} 项，拒绝读取")


def _expanded_size(root: yaml.Node) -> int:
    """The number of nodes ``root`` stands for once every alias is expanded
    (each shared node counted once per use); a node that contains itself
    counts as unbounded. Linear in the distinct nodes."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), MAX_FRONT_MATTER_NODES + 1)
            continue
        if key in sizes:
            continue
        if key in on_path:
            return MAX_FRONT_MATTER_NODES + 1  # a node that contains itself
        on_path.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in on_path:
                return MAX_FRONT_MATTER_NODES + 1
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


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
        reason = parsererrors.explain(getattr(error, "problem", None) or str(error).splitlines()[0],
                                    getattr(error, "context", None))
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
