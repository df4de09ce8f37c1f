"""One step of the cascade: an element's computed :class:`Style` from its
parent's and the declarations the cascade gave it.

One function per property family (size, family, colour, weight, alignment,
visibility, background, the techniques that hide text). Each starts from
what the parent passes down (inheritance), applies the browser's defaults
and presentational attributes (``<font>``, ``align``, ``bgcolor``), then the
author's declared value, which wins.
"""

from __future__ import annotations

from collections.abc import Mapping

from govlint.model import Element
from govlint.readers.css.values import (
    ZERO_LENGTH,
    first_family,
    font_tag_size,
    parse_color,
    parse_font_size,
    parse_length,
    parse_number,
)
from govlint.style import LINK_COLOR, Color, Style

# UA style sheet: heading sizes in em, and the elements that shrink text.
_UA_EM = {"h1": 2.0, "h2": 1.5, "h3": 1.17, "h4": 1.0, "h5": 0.83, "h6": 0.67, "small": 1 / 1.2, "big": 1.2}
_UA_BOLD = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"})
_UA_CENTER = frozenset({"center", "th", "caption"})
_CLIP_ZERO = ("rect(0,0,0,0)", "rect(0000)", "rect(0px,0px,0px,0px)", "rect(0px0px0px0px)", "rect(1px,1px,1px,1px)")


def compute(parent: Style, element: Element, values: Mapping[str, str], neutral: bool = False) -> Style:
    """The style of ``element`` from its parent's and its cascaded ``values``.

    ``neutral`` marks the article's container, whose visibility and opacity
    hide nothing (WeChat reveals it by script)."""
    size, size_set = font_size(parent, element, values)
    family, family_set = font_family(parent, element, values)
    background, background_set = background_color(parent, element, values)
    return Style(
        size,
        size_set,
        family,
        family_set,
        color(parent, element, values),
        background,
        background_set,
        visibility(parent, values, neutral),
        text_align(parent, element, values),
        bold(parent, element, values),
        parent.hidden or hides(element, values, size, neutral),
    )


def font_size(parent: Style, element: Element, values: Mapping[str, str]) -> tuple[float, bool]:
    """(size in px, whether anything set it): the declared size, else the
    browser's for the tag, else the parent's."""
    declared = values.get("font-size")
    if declared is not None:
        computed = parse_font_size(declared, parent.font_size)
        if computed is not None:
            return computed, True
    return _tag_font_size(parent, element)


def _tag_font_size(parent: Style, element: Element) -> tuple[float, bool]:
    tag = element.tag
    if tag == "font":
        tag_size = font_tag_size(element.attr("size") or "")
        if tag_size is not None:
            return tag_size, True
    elif tag in _UA_EM:  # headings count as set sizes, <small>/<big> do not
        return parent.font_size * _UA_EM[tag], parent.font_size_set or tag.startswith("h")
    elif tag in ("sub", "sup"):
        return parent.font_size / 1.2, parent.font_size_set
    return parent.font_size, parent.font_size_set


def font_family(parent: Style, element: Element, values: Mapping[str, str]) -> tuple[str, bool]:
    """(first family, whether anything set it): declared, ``<font face>``, inherited."""
    declared = values.get("font-family")
    if declared and declared not in ("inherit", "initial", "unset"):
        return first_family(declared), True
    face = element.attr("face") if element.tag == "font" else None
    if face and face.strip():
        return first_family(face), True
    return parent.font_family, parent.family_set


def color(parent: Style, element: Element, values: Mapping[str, str]) -> Color:
    """The text colour: declared, ``<font color>``, the link blue, inherited."""
    declared = values.get("color")
    if declared:
        parsed = parent.color if declared in ("inherit", "currentcolor") else parse_color(declared)
        if parsed is not None:
            return parsed
    if element.tag == "font":
        tag_color = parse_color(element.attr("color") or "")
        if tag_color is not None:
            return tag_color
    if element.tag == "a" and element.attr("href") is not None:
        return LINK_COLOR
    return parent.color


def bold(parent: Style, element: Element, values: Mapping[str, str]) -> bool:
    weight = values.get("font-weight")
    if weight:
        return weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
    return parent.bold or element.tag in _UA_BOLD


def text_align(parent: Style, element: Element, values: Mapping[str, str]) -> str:
    if "text-align" in values:
        return values["text-align"]
    if element.attr("align"):
        return element.attr("align", "").strip().lower()
    return "center" if element.tag in _UA_CENTER else parent.text_align


def visibility(parent: Style, values: Mapping[str, str], neutral: bool) -> str:
    declared = values.get("visibility", parent.visibility)
    if neutral and declared in ("hidden", "collapse"):
        return parent.visibility
    return declared


def background_color(parent: Style, element: Element, values: Mapping[str, str]) -> tuple[Color | None, bool]:
    """(nearest opaque background colour or None, whether the document set it)."""
    if values.get("background-image", "none") != "none" or element.attr("background"):
        return None, parent.background_set  # an image may be behind the text: colour tells nothing
    declared = values.get("background-color") or element.attr("bgcolor")
    if declared:
        parsed = parse_color(declared)
        if parsed is not None and parsed[3] > 0.5:
            return parsed, True
    return parent.background, parent.background_set


def hides(element: Element, values: Mapping[str, str], size: float, neutral: bool) -> str | None:
    """The technique by which this element hides its content, if any (the
    first that applies, in this order)."""
    if element.attr("hidden") is not None:
        return "hidden"
    if values.get("display") == "none":
        return "display:none"
    if not neutral and parse_number(values.get("opacity")) == 0:
        return "opacity:0"
    return _zero_box(values) or _off_screen(values, size) or _clipped_or_scaled(values)


def _zero_box(values: Mapping[str, str]) -> str | None:
    """A box of zero width or height that clips what overflows it."""
    if values.get("overflow", values.get("overflow-x", values.get("overflow-y"))) not in ("hidden", "clip"):
        return None
    for name in ("width", "height", "max-width", "max-height"):
        value = values.get(name)
        if value is not None and ZERO_LENGTH.match(value.replace(" ", "")):
            return f"{name}:0;overflow:hidden"
    return None


def _off_screen(values: Mapping[str, str], size: float) -> str | None:
    """Positioned or indented a thousand pixels or more off the page."""
    if values.get("position") in ("absolute", "fixed"):
        for name in ("left", "top", "right", "bottom"):
            offset = parse_length(values.get(name, ""), size)
            if offset is not None and offset <= -999:
                return f"position:{name}:{values[name]}"
    indent = parse_length(values.get("text-indent", ""), size)
    if indent is not None and indent <= -999:
        return f"text-indent:{values['text-indent']}"
    return None


def _clipped_or_scaled(values: Mapping[str, str]) -> str | None:
    if values.get("clip", "").replace(" ", "") in _CLIP_ZERO:
        return "clip:rect(0,0,0,0)"
    if values.get("transform", "").replace(" ", "") in ("scale(0)", "scale(0,0)"):
        return "transform:scale(0)"
    return None
