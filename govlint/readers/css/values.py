"""CSS values: lengths, font sizes and families, colours, as the cascade reads them.

Pure parsers of one declared value each; None wherever a value cannot be
known without a browser (``var()``, ``calc()``, unknown units or names).
"""

from __future__ import annotations

import re

from govlint.style import DEFAULT_FONT_SIZE, Color

# CSS absolute-size keywords (CSS Fonts 4, scaling factors on a 16px medium).
KEYWORD_SIZES = {
    "xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0,
    "large": 18.0, "x-large": 24.0, "xx-large": 32.0, "xxx-large": 48.0,
}
# HTML <font size=1..7>, as the HTML standard maps it to the keywords above.
_FONT_TAG_SIZES = {1: 10.0, 2: 13.0, 3: 16.0, 4: 18.0, 5: 24.0, 6: 32.0, 7: 48.0}

NUMBER = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))([a-z%]*)$")
ZERO_LENGTH = re.compile(r"^(?:[+-]?0+(?:\.0+)?[a-z%]*)$")


def parse_length(value: str, parent_size: float, root_size: float = DEFAULT_FONT_SIZE) -> float | None:
    """A CSS length in px, em and % relative to ``parent_size``; None if unknown."""
    value = value.strip().lower()
    if value in ("0", "0.0"):
        return 0.0
    match = NUMBER.match(value)
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
    if value in KEYWORD_SIZES:
        return KEYWORD_SIZES[value]
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


def parse_number(value: str | None) -> float | None:
    """A bare number or percentage (``opacity``), or None."""
    if value is None:
        return None
    try:
        return float(value.strip().rstrip("%"))
    except ValueError:
        return None


_NAMED_COLORS: dict[str, Color] = {
    "black": (0, 0, 0, 1.0), "white": (255, 255, 255, 1.0), "red": (255, 0, 0, 1.0),
    "green": (0, 128, 0, 1.0), "blue": (0, 0, 255, 1.0), "yellow": (255, 255, 0, 1.0),
    "gray": (128, 128, 128, 1.0), "grey": (128, 128, 128, 1.0), "silver": (192, 192, 192, 1.0),
    "snow": (255, 250, 250, 1.0), "ghostwhite": (248, 248, 255, 1.0), "whitesmoke": (245, 245, 245, 1.0),
    "ivory": (255, 255, 240, 1.0), "navy": (0, 0, 128, 1.0), "maroon": (128, 0, 0, 1.0),
    "orange": (255, 165, 0, 1.0), "purple": (128, 0, 128, 1.0), "transparent": (0, 0, 0, 0.0),
}
_RGB = re.compile(r"^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$")
_HEX_DIGITS = frozenset("0123456789abcdef")


def parse_color(value: str) -> Color | None:
    """A CSS colour (hex, rgb(), rgba(), a few names); None if not understood."""
    value = value.strip().lower()
    if value in _NAMED_COLORS:
        return _NAMED_COLORS[value]
    if value.startswith("#"):
        return _hex_color(value[1:])
    match = _RGB.match(value)
    return _rgb_color(match) if match else None


def _hex_color(digits: str) -> Color | None:
    """``#rgb``, ``#rgba``, ``#rrggbb`` or ``#rrggbbaa`` without its ``#``."""
    if len(digits) in (3, 4):
        digits = "".join(c * 2 for c in digits)
    if len(digits) not in (6, 8) or not all(c in _HEX_DIGITS for c in digits):
        return None
    alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), alpha)


def _rgb_color(match: re.Match[str]) -> Color:
    """``rgb()``/``rgba()`` with channels as numbers or percentages."""

    def channel(text: str) -> int:
        return round(float(text[:-1]) * 2.55) if text.endswith("%") else round(float(text))

    alpha_text = match.group(4)
    alpha = 1.0
    if alpha_text:
        alpha = float(alpha_text[:-1]) / 100 if alpha_text.endswith("%") else float(alpha_text)
    return (channel(match.group(1)), channel(match.group(2)), channel(match.group(3)), alpha)


def first_family(value: str) -> str:
    """The first family of a ``font-family`` list, unquoted and lower-cased."""
    first = value.split(",", 1)[0].strip().strip("\"'").strip()
    return first.lower()


def font_shorthand(value: str) -> tuple[str | None, str | None]:
    """(size, family) from the ``font`` shorthand, e.g. ``bold 14px/1.5 宋体``."""
    tokens = value.replace("/", " / ").split()
    for index, token in enumerate(tokens):
        if token in KEYWORD_SIZES or token in ("smaller", "larger") or (
            NUMBER.match(token) and not token.replace(".", "").isdigit()
        ):
            rest = tokens[index + 1:]
            if rest[:1] == ["/"]:
                rest = rest[2:]
            return token, " ".join(rest) or None
    return None, None
