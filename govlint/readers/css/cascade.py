"""The cascade: which declarations apply to an element, and the computed
style of every element chain of a document, cached.

Declarations are ordered by importance, origin (a ``<style>`` rule before an
inline ``style`` attribute), specificity and source order; the ``font`` and
``background`` shorthands are expanded into the longhands the checks read.
Inheritance happens one element at a time down the chain
(:func:`govlint.readers.css.compute.compute`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from govlint.model import Element
from govlint.readers.css.compute import compute
from govlint.readers.css.stylesheet import StyleSheet, inline_declarations
from govlint.readers.css.values import font_shorthand, parse_color
from govlint.style import ROOT, Style

# Sort key of a declaration: (important, inline, specificity, source order).
_Rank = tuple[bool, int, tuple[int, int, int], int]


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
        by_value = self.sheet.empty and not neutral
        key = (id(parent), element.tag, element.attrs)
        if by_value:
            cached = self._by_value.get(key)
            if cached is not None:
                return cached
        values = cascade(self.sheet, chain[: index + 1])
        style = compute(parent, element, values, neutral=neutral)
        style = self._interned.setdefault(style, style)
        if by_value:
            self._by_value[key] = style
        return style


def cascade(sheet: StyleSheet, chain: tuple[Element, ...]) -> dict[str, str]:
    """The winning value of each property declared for the last element of
    ``chain``, by its style sheet rules and its ``style`` attribute."""
    element = chain[-1]
    ranked: list[tuple[_Rank, str, str]] = []
    for name, value, important, specificity, order in sheet.declarations(chain):
        ranked.append(((important, 0, specificity, order), name, value))
    style_attribute = element.attr("style")
    if style_attribute:
        for order, (name, value, important) in enumerate(inline_declarations(style_attribute)):
            ranked.append(((important, 1, (0, 0, 0), order), name, value))
    ranked.sort(key=lambda item: item[0])
    values: dict[str, str] = {}
    for _, name, value in ranked:  # later (stronger) declarations overwrite earlier ones
        if name in ("font", "background"):
            _expand(name, value, values)
        else:
            values[name] = value
    return values


def _expand(name: str, value: str, values: dict[str, str]) -> None:
    if name == "font":
        size, family = font_shorthand(value)
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
