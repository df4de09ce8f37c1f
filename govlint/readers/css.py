"""Computed style of a run of text: what a browser would render, in short.

The checks need a few computed values per run: the font size in px, the font
family, the text and background colours, and whether the text is hidden from
readers (and why). This module computes them from the element chain a reader
records for each run (``Run.elements`` / ``Link.elements``, outermost first):

* the browser's defaults (16px, headings, ``<small>``, ``<font size=1..7>``,
  blue links, bold ``<b>``/``<strong>``);
* rules of the document's ``<style>`` blocks, parsed with tinycss2: type,
  class, id, attribute-presence and universal selectors, compounds such as
  ``p.x`` and the descendant and child combinators, ordered by importance,
  specificity and source order. Rules whose selectors need siblings or
  pseudo-classes (which a chain cannot decide) and at-rules are skipped;
* inline ``style`` attributes, which win over non-important rules;
* inheritance of the inherited properties (font size and family, colour,
  visibility, text alignment, weight); the non-inherited ones that hide text
  (display, opacity, clipped zero size, off-screen position or indent) are
  looked up along the whole chain.

Everything here is a pure function of the style sheets and the chain, and it
is cached: element chains are shared tuples, and each step of a chain is
computed once per chain prefix (a trie keyed by element identity).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import tinycss2

from govlint.model import Block, Element, Run
from govlint.style import DEFAULT_FONT_SIZE, LINK_COLOR, ROOT, Color, Style

if TYPE_CHECKING:
    from govlint.model import Document


# CSS absolute-size keywords (CSS Fonts 4, scaling factors on a 16px medium).
_KEYWORD_SIZES = {
    "xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0,
    "large": 18.0, "x-large": 24.0, "xx-large": 32.0, "xxx-large": 48.0,
}
# HTML <font size=1..7>, as the HTML standard maps it to the keywords above.
_FONT_TAG_SIZES = {1: 10.0, 2: 13.0, 3: 16.0, 4: 18.0, 5: 24.0, 6: 32.0, 7: 48.0}
# UA style sheet: heading sizes in em, and the elements that shrink text.
_UA_EM = {"h1": 2.0, "h2": 1.5, "h3": 1.17, "h4": 1.0, "h5": 0.83, "h6": 0.67, "small": 1 / 1.2, "big": 1.2}
_UA_BOLD = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"})
_UA_CENTER = frozenset({"center", "th", "caption"})

_NUMBER = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))([a-z%]*)$")
_INHERITED_TEXT = ("font-size", "font-family", "color", "visibility", "text-align", "font-weight")
_ZERO_LENGTH = re.compile(r"^(?:[+-]?0+(?:\.0+)?[a-z%]*)$")




# --------------------------------------------------------------------------- values


def parse_length(value: str, parent_size: float, root_size: float = DEFAULT_FONT_SIZE) -> float | None:
    """A CSS length in px, em and % relative to ``parent_size``; None if unknown."""
    value = value.strip().lower()
    if value in ("0", "0.0"):
        return 0.0
    match = _NUMBER.match(value)
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    factor = {
        "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6,
        "em": parent_size, "%": parent_size / 100, "rem": root_size, "ex": parent_size / 2, "ch": parent_size / 2,
    }.get(unit)
    if factor is None:
        return None
    return number * factor


def parse_font_size(value: str, parent_size: float) -> float | None:
    """The computed ``font-size`` in px, or None for what cannot be known."""
    value = value.strip().lower()
    if value in _KEYWORD_SIZES:
        return _KEYWORD_SIZES[value]
    if value == "smaller":
        return parent_size / 1.2
    if value == "larger":
        return parent_size * 1.2
    if value in ("inherit", "unset"):
        return parent_size
    if value == "initial":
        return DEFAULT_FONT_SIZE
    size = parse_length(value, parent_size)
    return size if size is not None and size >= 0 else None


def font_tag_size(value: str) -> float | None:
    """``<font size="N">``: 1..7, or +n/-n relative to the default 3."""
    value = value.strip()
    try:
        number = int(value)
    except ValueError:
        return None
    if value.startswith(("+", "-")):
        number += 3
    return _FONT_TAG_SIZES[max(1, min(7, number))]


_NAMED_COLORS: dict[str, Color] = {
    "black": (0, 0, 0, 1.0), "white": (255, 255, 255, 1.0), "red": (255, 0, 0, 1.0),
    "green": (0, 128, 0, 1.0), "blue": (0, 0, 255, 1.0), "yellow": (255, 255, 0, 1.0),
    "gray": (128, 128, 128, 1.0), "grey": (128, 128, 128, 1.0), "silver": (192, 192, 192, 1.0),
    "snow": (255, 250, 250, 1.0), "ghostwhite": (248, 248, 255, 1.0), "whitesmoke": (245, 245, 245, 1.0),
    "ivory": (255, 255, 240, 1.0), "navy": (0, 0, 128, 1.0), "maroon": (128, 0, 0, 1.0),
    "orange": (255, 165, 0, 1.0), "purple": (128, 0, 128, 1.0), "transparent": (0, 0, 0, 0.0),
}
_RGB = re.compile(r"^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$")


def parse_color(value: str) -> Color | None:
    """A CSS colour (hex, rgb(), rgba(), a few names); None if not understood."""
    value = value.strip().lower()
    if value in _NAMED_COLORS:
        return _NAMED_COLORS[value]
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) in (6, 8) and all(c in "0123456789abcdef" for c in digits):
            alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
            return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), alpha)
        return None
    match = _RGB.match(value)
    if match:
        def channel(text: str) -> int:
            return round(float(text[:-1]) * 2.55) if text.endswith("%") else round(float(text))

        alpha_text = match.group(4)
        alpha = 1.0
        if alpha_text:
            alpha = float(alpha_text[:-1]) / 100 if alpha_text.endswith("%") else float(alpha_text)
        return (channel(match.group(1)), channel(match.group(2)), channel(match.group(3)), alpha)
    return None


def first_family(value: str) -> str:
    """The first family of a ``font-family`` list, unquoted and lower-cased."""
    first = value.split(",", 1)[0].strip().strip("\"'").strip()
    return first.lower()


def _font_shorthand(value: str) -> tuple[str | None, str | None]:
    """(size, family) from the ``font`` shorthand, e.g. ``bold 14px/1.5 宋体``."""
    tokens = value.replace("/", " / ").split()
    for index, token in enumerate(tokens):
        if token in _KEYWORD_SIZES or token in ("smaller", "larger") or (
            _NUMBER.match(token) and not token.replace(".", "").isdigit()
        ):
            rest = tokens[index + 1:]
            if rest[:1] == ["/"]:
                rest = rest[2:]
            return token, " ".join(rest) or None
    return None, None


# --------------------------------------------------------------------------- style sheets


@dataclass(frozen=True)
class _Compound:
    tag: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    attributes: tuple[tuple[str, str | None], ...]  # (name, exact value or None for presence)

    def matches(self, element: Element) -> bool:
        if self.tag is not None and self.tag != element.tag:
            return False
        if self.ids and (element.attr("id") or "") not in self.ids:
            return False
        if self.classes:
            have = element.classes
            if not all(c in have for c in self.classes):
                return False
        for name, value in self.attributes:
            actual = element.attr(name)
            if actual is None or (value is not None and actual != value):
                return False
        return True


@dataclass(frozen=True)
class _Selector:
    parts: tuple[tuple[str, _Compound], ...]  # (combinator before it, compound); first combinator ""
    specificity: tuple[int, int, int]

    def matches(self, chain: Sequence[Element], index: int) -> bool:
        if not self.parts[-1][1].matches(chain[index]):
            return False
        return len(self.parts) == 1 or _match_from(self.parts, len(self.parts) - 1, chain, index, {})


def _match_from(
    parts: tuple[tuple[str, _Compound], ...], part: int, chain: Sequence[Element], index: int, seen: dict
) -> bool:
    """Backtracking match of ``parts[:part + 1]`` ending at ``chain[index]``,
    memoised so that long descendant selectors on deep chains stay linear."""
    key = (part, index)
    if key in seen:
        return seen[key]
    combinator, compound = parts[part]
    if not compound.matches(chain[index]):
        result = False
    elif part == 0:
        result = True
    elif combinator == ">":
        result = index > 0 and _match_from(parts, part - 1, chain, index - 1, seen)
    else:
        result = any(_match_from(parts, part - 1, chain, i, seen) for i in range(index - 1, -1, -1))
    seen[key] = result
    return result


_COMPOUND_TOKEN = re.compile(r"([#.]?)(-?[_a-zA-Z\u00a0-\uffff][-_a-zA-Z0-9\u00a0-\uffff]*|\*)|\[([^\]]*)\]")
_ATTRIBUTE = re.compile(r"""^\s*([-_a-zA-Z0-9]+)\s*(?:=\s*["']?([^"']*)["']?\s*)?$""")


def parse_selector(text: str) -> _Selector | None:
    """A complex selector of compounds joined by descendant/child combinators,
    or None for what a chain of ancestors cannot decide (siblings, pseudo-classes)."""
    text = text.strip()
    if not text or any(c in text for c in "+~:|,"):
        return None
    tokens = re.split(r"\s*(>)\s*|\s+", text)
    parts: list[tuple[str, _Compound]] = []
    combinator = ""
    ids = classes = tags = 0
    for token in tokens:
        if token is None or token == "":
            continue
        if token == ">":
            if not parts or combinator == ">":
                return None
            combinator = ">"
            continue
        compound = _parse_compound(token)
        if compound is None:
            return None
        ids += len(compound.ids)
        classes += len(compound.classes) + len(compound.attributes)
        tags += compound.tag is not None
        parts.append((combinator if parts else "", compound))
        combinator = ""
    if not parts or combinator:
        return None
    return _Selector(tuple(parts), (ids, classes, tags))


def _parse_compound(token: str) -> _Compound | None:
    tag: str | None = None
    ids: list[str] = []
    classes: list[str] = []
    attributes: list[tuple[str, str | None]] = []
    position = 0
    while position < len(token):
        match = _COMPOUND_TOKEN.match(token, position)
        if not match:
            return None
        prefix, name, attribute = match.group(1), match.group(2), match.group(3)
        if attribute is not None:
            parsed = _ATTRIBUTE.match(attribute)
            if not parsed:
                return None
            attributes.append((parsed.group(1).lower(), parsed.group(2)))
        elif prefix == "#":
            ids.append(name)
        elif prefix == ".":
            classes.append(name)
        elif position == 0:
            tag = None if name == "*" else name.lower()
        else:
            return None
        position = match.end()
    return _Compound(tag, tuple(ids), tuple(classes), tuple(attributes))


@dataclass(frozen=True)
class _Rule:
    selector: _Selector
    declarations: tuple[tuple[str, str, bool], ...]  # (property, value, important)
    order: int


def parse_declarations(text: str) -> tuple[tuple[str, str, bool], ...]:
    """Declarations of a style attribute or rule body: (name, value, important)."""
    result = []
    for item in tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            value = tinycss2.serialize(item.value).strip().lower()
            result.append((item.lower_name, value, bool(item.important)))
    return tuple(result)


@lru_cache(maxsize=4096)
def _inline_declarations(text: str) -> tuple[tuple[str, str, bool], ...]:
    """A fast path for inline styles: ``name: value`` pairs split on ``;``.

    Inline styles are by far the most numerous (every WeChat span has one)
    and rarely hold anything a split cannot read; ones with comments,
    strings holding ``;`` or escapes go through tinycss2.
    """
    if "/*" in text or "\\" in text or ("url(" in text and ";" in text.split("url(", 1)[1].split(")", 1)[0]):
        return parse_declarations(text)
    result = []
    for part in text.split(";"):
        name, sep, value = part.partition(":")
        if not sep:
            continue
        name = name.strip().lower()
        value = value.strip().lower()
        important = value.endswith("!important")
        if important:
            value = value[: -len("!important")].strip()
        if name:
            result.append((name, value, important))
    return tuple(result)


def parse_stylesheet(text: str, first_order: int = 0) -> list[_Rule]:
    """The rules of a style sheet a chain can decide; anything else is skipped."""
    rules: list[_Rule] = []
    for node in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if node.type != "qualified-rule":
            continue  # at-rules (@media, @font-face, ...) and parse errors
        declarations = parse_declarations(tinycss2.serialize(node.content))
        if not declarations:
            continue
        prelude = tinycss2.serialize(node.prelude)
        for selector_text in prelude.split(","):
            selector = parse_selector(selector_text)
            if selector is not None:
                rules.append(_Rule(selector, declarations, first_order + len(rules)))
    return rules


class StyleSheet:
    """The author rules of a document, indexed by the key of their last compound."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.by_id: dict[str, list[_Rule]] = {}
        self.by_class: dict[str, list[_Rule]] = {}
        self.by_tag: dict[str, list[_Rule]] = {}
        self.universal: list[_Rule] = []
        order = 0
        for text in texts:
            try:
                parsed = parse_stylesheet(text, order)
            except Exception:  # a style sheet we cannot read is one we ignore
                parsed = []
            order += len(parsed)
            for rule in parsed:
                last = rule.selector.parts[-1][1]
                if last.ids:
                    self.by_id.setdefault(last.ids[0], []).append(rule)
                elif last.classes:
                    self.by_class.setdefault(last.classes[0], []).append(rule)
                elif last.tag:
                    self.by_tag.setdefault(last.tag, []).append(rule)
                else:
                    self.universal.append(rule)
        self.empty = not (self.by_id or self.by_class or self.by_tag or self.universal)

    def declarations(self, chain: Sequence[Element]) -> list[tuple[str, str, bool, tuple, int]]:
        """Matching declarations for the last element of ``chain``, with their sort key."""
        if self.empty:
            return []
        element = chain[-1]
        candidates: list[_Rule] = list(self.universal)
        candidates += self.by_tag.get(element.tag, ())
        element_id = element.attr("id")
        if element_id:
            candidates += self.by_id.get(element_id, ())
        for name in element.classes:
            candidates += self.by_class.get(name, ())
        found = []
        index = len(chain) - 1
        for rule in candidates:
            if rule.selector.matches(chain, index):
                for name, value, important in rule.declarations:
                    found.append((name, value, important, rule.selector.specificity, rule.order))
        return found


# --------------------------------------------------------------------------- cascade


class _Node:
    """One element chain prefix: its computed style and its extensions by one element."""

    __slots__ = ("children", "element", "style")

    def __init__(self, style: Style, element: Element | None) -> None:
        self.style = style
        self.element = element  # kept alive, so its id in the parent's ``children`` stays unique
        self.children: dict[int, _Node] = {}


class StyleResolver:
    """Computes and caches :class:`Style` for element chains of one document.

    ``neutral`` holds ids of elements whose ``visibility``/``opacity`` do not
    hide anything: the article's container, which WeChat exports ship with
    ``visibility: hidden`` for its script to reveal.
    """

    def __init__(self, stylesheets: Iterable[str] = (), neutral: frozenset[int] = frozenset()) -> None:
        self.sheet = StyleSheet(stylesheets)
        self.neutral = neutral
        self._root = _Node(ROOT, None)
        # Without author rules a step depends on the parent style and the
        # element's own tag and attributes only, and WeChat repeats the same
        # span with the same style hundreds of times.
        self._by_value: dict[tuple[int, str, tuple], Style] = {}
        # Equal styles are one object, so that the caches above, keyed by
        # identity, hit across chains that differ only above a point.
        self._interned: dict[Style, Style] = {ROOT: ROOT}
        self._chains: dict[int, tuple[Style, tuple[Element, ...]]] = {}

    def style(self, chain: tuple[Element, ...]) -> Style:
        """The computed style of text whose enclosing elements are ``chain``."""
        cached = self._chains.get(id(chain))
        if cached is not None and cached[1] is chain:
            return cached[0]
        node = self._root  # a trie of chain prefixes: each prefix is computed once
        for index, element in enumerate(chain):
            child = node.children.get(id(element))
            if child is None or child.element is not element:
                child = _Node(self._step(node.style, chain, index), element)
                node.children[id(element)] = child
            node = child
        self._chains[id(chain)] = (node.style, chain)  # keeping the chain alive keeps its id unique
        return node.style

    def _step(self, parent: Style, chain: tuple[Element, ...], index: int) -> Style:
        element = chain[index]
        neutral = id(element) in self.neutral
        key = (id(parent), element.tag, element.attrs)
        if self.sheet.empty and not neutral:
            cached = self._by_value.get(key)
            if cached is not None:
                return cached
        style = compute(parent, element, self._cascade(chain[: index + 1], element), neutral=neutral)
        style = self._interned.setdefault(style, style)
        if self.sheet.empty and not neutral:
            self._by_value[key] = style
        return style

    def _cascade(self, chain: tuple[Element, ...], element: Element) -> dict[str, str]:
        ranked: list[tuple[tuple, str, str]] = []
        for name, value, important, specificity, order in self.sheet.declarations(chain):
            ranked.append(((important, 0, specificity, order), name, value))
        style_attribute = element.attr("style")
        if style_attribute:
            for order, (name, value, important) in enumerate(_inline_declarations(style_attribute)):
                ranked.append(((important, 1, (0, 0, 0), order), name, value))
        ranked.sort(key=lambda item: item[0])
        values: dict[str, str] = {}
        for _, name, value in ranked:
            if name in ("font", "background"):
                _expand(name, value, values)
            else:
                values[name] = value
        return values


def _expand(name: str, value: str, values: dict[str, str]) -> None:
    if name == "font":
        size, family = _font_shorthand(value)
        if size:
            values["font-size"] = size
        if family:
            values["font-family"] = family
        if "bold" in value.split():
            values["font-weight"] = "bold"
    else:  # background: a colour, or an image that hides what lies behind
        if "url(" in value or "gradient(" in value:
            values["background-image"] = "url"
        for token in re.split(r"\s+(?![^(]*\))", value):
            if parse_color(token) is not None:
                values["background-color"] = token
                break


def compute(parent: Style, element: Element, values: Mapping[str, str], neutral: bool = False) -> Style:
    """The style of ``element`` from its parent's and its cascaded ``values``."""
    tag = element.tag
    size, size_set = parent.font_size, parent.font_size_set
    family, family_set = parent.font_family, parent.family_set
    color = parent.color
    bold = parent.bold or tag in _UA_BOLD
    align = "center" if tag in _UA_CENTER else parent.text_align
    if tag in _UA_EM:
        size, size_set = size * _UA_EM[tag], size_set or tag.startswith("h")
    elif tag in ("sub", "sup"):
        size = size / 1.2
    if tag == "a" and element.attr("href") is not None:
        color = LINK_COLOR
    if tag == "font":
        tag_size = font_tag_size(element.attr("size") or "")
        if tag_size is not None:
            size, size_set = tag_size, True
        face = element.attr("face")
        if face and face.strip():
            family, family_set = first_family(face), True
        tag_color = parse_color(element.attr("color") or "")
        if tag_color is not None:
            color = tag_color
    if element.attr("align"):
        align = element.attr("align", "").strip().lower()

    declared = values.get("font-size")
    if declared is not None:
        computed = parse_font_size(declared, parent.font_size)
        if computed is not None:
            size, size_set = computed, True
    declared = values.get("font-family")
    if declared and declared not in ("inherit", "initial", "unset"):
        family, family_set = first_family(declared), True
    declared = values.get("color")
    if declared:
        parsed = parent.color if declared in ("inherit", "currentcolor") else parse_color(declared)
        if parsed is not None:
            color = parsed
    weight = values.get("font-weight")
    if weight:
        bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
    align = values.get("text-align", align)
    visibility = values.get("visibility", parent.visibility)
    if neutral and visibility in ("hidden", "collapse"):
        visibility = parent.visibility
    background, background_set = parent.background, parent.background_set
    declared = values.get("background-color") or element.attr("bgcolor")
    if values.get("background-image", "none") != "none" or element.attr("background"):
        background = None  # an image may be behind the text: colour tells nothing
    elif declared:
        parsed = parse_color(declared)
        if parsed is not None and parsed[3] > 0.5:
            background, background_set = parsed, True
    hidden = parent.hidden or _hides(element, values, size, neutral)
    return Style(size, size_set, family, family_set, color, background, background_set, visibility, align, bold, hidden)


def _hides(element: Element, values: Mapping[str, str], size: float, neutral: bool) -> str | None:
    """The technique by which this element hides its content, if any."""
    if element.attr("hidden") is not None:
        return "hidden"
    if values.get("display") == "none":
        return "display:none"
    if not neutral and _number(values.get("opacity")) == 0:
        return "opacity:0"
    if values.get("overflow", values.get("overflow-x", values.get("overflow-y"))) in ("hidden", "clip"):
        for name in ("width", "height", "max-width", "max-height"):
            value = values.get(name)
            if value is not None and _ZERO_LENGTH.match(value.replace(" ", "")):
                return f"{name}:0;overflow:hidden"
    if values.get("position") in ("absolute", "fixed"):
        for name in ("left", "top", "right", "bottom"):
            offset = parse_length(values.get(name, ""), size)
            if offset is not None and offset <= -999:
                return f"position:{name}:{values[name]}"
    indent = parse_length(values.get("text-indent", ""), size)
    if indent is not None and indent <= -999:
        return f"text-indent:{values['text-indent']}"
    clip = values.get("clip", "").replace(" ", "")
    if clip in ("rect(0,0,0,0)", "rect(0000)", "rect(0px,0px,0px,0px)", "rect(0px0px0px0px)", "rect(1px,1px,1px,1px)"):
        return "clip:rect(0,0,0,0)"
    if values.get("transform", "").replace(" ", "") in ("scale(0)", "scale(0,0)"):
        return "transform:scale(0)"
    return None


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip().rstrip("%"))
    except ValueError:
        return None


# --------------------------------------------------------------------------- per document

_RESOLVERS: weakref.WeakKeyDictionary[Document, StyleResolver] = weakref.WeakKeyDictionary()
# A page that links a style sheet we cannot read: its sizes and backgrounds are unknown.
EXTERNAL_CSS = re.compile(r"<link\b[^>]*\bstylesheet\b", re.I)


def background_known(document: Document) -> bool:
    """Whether the page's default background is the browser's white (no
    linked style sheet can have changed it)."""
    return not (document.format == "html" and EXTERNAL_CSS.search(document.source.text))


def decide_visibility(document: Document, article: Element | None = None) -> Document:
    """``document`` with each run's computed style and visibility decided
    once, from all the CSS the page carries: a run is hidden by its own
    elements (``hidden``, an inline ``display:none``) or by any technique
    the cascade gives it (a ``<style>`` class, off-screen, transparent,
    text the colour of its background). Readers call this; checks read
    ``Run.hidden``, ``Run.hiding`` and ``Run.style``. ``article`` is the
    element the reader took for the article body: like the containers of
    every body run, its visibility hides nothing (WeChat ships #js_content
    with ``visibility: hidden`` for its script to reveal)."""
    if not any(run.elements for block in document.blocks for run in block.runs):
        return document
    neutral = _container_elements(document) | ({id(article)} if article is not None else set())
    resolver = StyleResolver(document.stylesheets, frozenset(neutral))
    known = background_known(document)
    blocks = tuple(_styled(block, resolver, known) for block in document.blocks)
    decided = replace(document, blocks=blocks)
    _RESOLVERS[decided] = resolver  # the link check asks it for link elements' styles
    return decided


def _styled(block: Block, resolver: StyleResolver, background: bool) -> Block:
    runs = []
    for run in block.runs:
        if not run.elements:
            runs.append(run)
            continue
        style = resolver.style(run.elements)
        hiding = "hidden" if run.hidden else style.hidden_reason(background)
        runs.append(Run(run.start, run.end, run.elements, hiding is not None, hiding, style))
    return replace(block, runs=tuple(runs))


def resolver_for(document: Document) -> StyleResolver:
    """The shared resolver of a document (built once, whichever check asks first)."""
    resolver = _RESOLVERS.get(document)
    if resolver is None:
        resolver = StyleResolver(document.stylesheets, _container_elements(document))
        _RESOLVERS[document] = resolver
    return resolver


def _container_elements(document: Document) -> frozenset[int]:
    """Elements that enclose every body run: the page and the article container."""
    common: tuple[Element, ...] | None = None
    blocks = [b for b in document.body_blocks if b.runs]
    if len(blocks) < 2:
        return frozenset()
    for block in blocks:
        for run in block.runs:
            chain = run.elements
            if common is None:
                common = chain
                continue
            length = 0
            for a, b in zip(common, chain, strict=False):
                if a is not b:
                    break
                length += 1
            common = common[:length]
    containers = {"html", "body", "div", "section", "article", "main"}
    return frozenset(id(e) for e in (common or ()) if e.tag in containers)
