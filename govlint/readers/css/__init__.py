"""Computed style of a run of text: what a browser would render, in short.

The checks need a few computed values per run: the font size in px, the font
family, the text and background colours, and whether the text is hidden from
readers (and why). This package computes them from the element chain a reader
records for each run (``Run.elements`` / ``Link.elements``, outermost first):

* the browser's defaults (16px, headings, ``<small>``, ``<font size=1..7>``,
  blue links, bold ``<b>``/``<strong>``) and the properties' values
  (:mod:`.values`, :mod:`.compute`);
* rules of the document's ``<style>`` blocks, parsed with tinycss2: type,
  class, id, attribute-presence and universal selectors, compounds such as
  ``p.x`` and the descendant and child combinators, ordered by importance,
  specificity and source order. Rules whose selectors need siblings or
  pseudo-classes (which a chain cannot decide) and at-rules are skipped
  (:mod:`.stylesheet`);
* inline ``style`` attributes, which win over non-important rules
  (:mod:`.cascade`);
* inheritance of the inherited properties (font size and family, colour,
  visibility, text alignment, weight); the non-inherited ones that hide text
  (display, opacity, clipped zero size, off-screen position or indent) are
  looked up along the whole chain (:mod:`.compute`).

Everything is a pure function of the style sheets and the chain, and it is
cached: element chains are shared tuples, and each step of a chain is
computed once per chain prefix (a trie keyed by element identity). This
module holds what works on a whole document: deciding each run's and each
link's style and visibility once.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from govlint.model import Block, Element, Link, Run
from govlint.readers.css.cascade import StyleResolver

if TYPE_CHECKING:
    from govlint.model import Document

# A page that links a style sheet we cannot read: its sizes and backgrounds are unknown.
EXTERNAL_CSS = re.compile(r"<link\b[^>]*\bstylesheet\b", re.I)
# Elements that may enclose the whole article without being part of its text.
_CONTAINERS = frozenset({"html", "body", "div", "section", "article", "main"})


def background_known(document: Document) -> bool:
    """Whether the page's default background is the browser's white (no
    linked style sheet can have changed it)."""
    return not (document.format == "html" and EXTERNAL_CSS.search(document.source.text))


def decide_visibility(document: Document, article: Element | None = None) -> Document:
    """``document`` with each run's and each link's computed style and
    visibility decided once, from all the CSS the page carries: text is
    hidden by its own elements (``hidden``, an inline ``display:none``) or
    by any technique the cascade gives it (a ``<style>`` class, off-screen,
    transparent, text the colour of its background). Readers call this;
    checks read ``Run.hidden``, ``Run.hiding``, ``Run.style``, ``Link.hiding``,
    ``Link.style`` and ``Document.styles_complete``, and compute no style.
    ``article`` is the element the reader took for the article body: like
    the containers of every body run, its visibility hides nothing (WeChat
    ships #js_content with ``visibility: hidden`` for its script to reveal)."""
    known = background_known(document)
    has_elements = any(run.elements for block in document.blocks for run in block.runs)
    if not has_elements and not any(link.elements for link in document.links):
        return replace(document, styles_complete=known)
    neutral = _container_elements(document) | ({id(article)} if article is not None else set())
    resolver = StyleResolver(document.stylesheets, frozenset(neutral))
    blocks = tuple(_styled(block, resolver, known) for block in document.blocks)
    links = tuple(_styled_link(link, resolver, known) for link in document.links)
    return replace(document, blocks=blocks, links=links, styles_complete=known)


def _styled(block: Block, resolver: StyleResolver, background: bool) -> Block:
    return replace(block, runs=tuple(_styled_run(run, resolver, background) for run in block.runs))


def _styled_run(run: Run, resolver: StyleResolver, background: bool) -> Run:
    if not run.elements:
        return run
    style = resolver.style(run.elements)
    hiding = "hidden" if run.hidden else style.hidden_reason(background)
    return Run(run.start, run.end, run.elements, hiding is not None, hiding, style)


def _styled_link(link: Link, resolver: StyleResolver, background: bool) -> Link:
    if not link.elements:
        return link
    style = resolver.style(link.elements)
    return replace(link, style=style, hiding=style.hidden_reason(background))


def _container_elements(document: Document) -> frozenset[int]:
    """Elements that enclose every body run: the page and the article container."""
    blocks = [b for b in document.body_blocks if b.runs]
    if len(blocks) < 2:
        return frozenset()
    common: tuple[Element, ...] | None = None
    for block in blocks:
        for run in block.runs:
            common = run.elements if common is None else _common_prefix(common, run.elements)
    return frozenset(id(e) for e in (common or ()) if e.tag in _CONTAINERS)


def _common_prefix(a: tuple[Element, ...], b: tuple[Element, ...]) -> tuple[Element, ...]:
    """The elements two chains share from the top (the same objects, not equal ones)."""
    length = 0
    for x, y in zip(a, b, strict=False):
        if x is not y:
            break
        length += 1
    return a[:length]
