"""What a Han character (汉字) is, defined once for every check.

The CJK Unified Ideographs and all their extension blocks (A to I, in the
BMP and planes 2 and 3), and the two CJK Compatibility Ideographs blocks. Not
the radicals, strokes or ideographic punctuation (〇 and 々 are letters of
their own, not Han characters here). Code that needs a narrower set for a
reason of its own (a model table that covers U+4E00–U+9FFF only) says so
where it uses it.
"""

from __future__ import annotations

import re

# (first, last) code points, inclusive.
RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2FA1F),  # Extensions B-F, I and the Compatibility Supplement (plane 2)
    (0x30000, 0x323AF),  # Extensions G and H (plane 3)
)

# The body of a regular-expression character class: f"[{CLASS}]".
CLASS = "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in RANGES)
HAN = re.compile(f"[{CLASS}]")
HAN_RUN = re.compile(f"[{CLASS}]+")


# 1 at the BMP's Han code points: checks ask is_han of nearly every character
# of a post, and a table look-up is several times quicker than the ranges.
_BMP = bytearray(0x10000)
for _first, _last in RANGES:
    if _first < 0x10000:
        _BMP[_first : min(_last, 0xFFFF) + 1] = b"\x01" * (min(_last, 0xFFFF) + 1 - _first)


def is_han(ch: str) -> bool:
    """Whether one character is a Han character."""
    code = ord(ch)
    if code < 0x10000:
        return _BMP[code] == 1
    return any(first <= code <= last for first, last in RANGES)


def count(text: str) -> int:
    """The number of Han characters in a text."""
    return len(HAN.findall(text))
