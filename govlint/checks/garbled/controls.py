"""Characters that are no text: controls, private use, unassigned code
points and lone surrogates, and where a reader sees them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from govlint.checks.garbled.mojibake import latin1_spans
from govlint.model import Block

CONTROL = "控制字符"
PRIVATE_USE = "私用区字符"

# Everything outside the ranges where printable text lives; each candidate is
# then classified with unicodedata.
_UNUSUAL = re.compile(
    r"[^\t\n\r\x20-\x7e\xa0-\u036f\u2000-\u206f\u2e80-\u9fff\uff00-\uffef\u3000-\u303f"
    r"\u0370-\u1fff\u2070-\u2e7f\ua000-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd]"
)
# Where Unicode puts CJK characters, deliberately wider than govlint.han: a
# code point this Python's tables do not know yet (Cn) in these blocks may be
# a newer character (a Han extension such as J at U+323B0, which han.RANGES
# do not list yet), so it is not reported as unassigned.
_CJK_BLOCKS = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
_CATEGORY_KINDS = {"Cc": CONTROL, "Cs": "孤立代理码位", "Co": PRIVATE_USE}


def control_kind(ch: str) -> str | None:
    """Why a character is garbage, or None when it is ordinary."""
    category = unicodedata.category(ch)
    if category != "Cn":
        return _CATEGORY_KINDS.get(category)
    code = ord(ch)
    if any(a <= code <= b for a, b in _CJK_BLOCKS):
        return None
    return "未分配码位" if (code & 0xFFFE) != 0xFFFE and not 0xFDD0 <= code <= 0xFDEF else "非字符码位"


def _icon_font(block: Block, index: int) -> bool:
    """Private-use characters inside an icon element are icon-font glyphs, not garbage."""
    run = block.run_at(index)
    return run is not None and any(e.tag == "i" or any("icon" in c.lower() for c in e.classes) for e in run.elements)


def _is_c1(ch: str, kind: str) -> bool:
    return kind == CONTROL and 0x80 <= ord(ch) <= 0x9F


def shown_controls(block: Block) -> Iterator[tuple[int, str]]:
    """(index, kind) of each such character a reader sees in the block. Icon
    glyphs are not reported, nor C1 controls inside Latin-1 mojibake (the
    mojibake is reported, as garbled.mojibake-latin1)."""
    latin1: list[tuple[int, int]] | None = None
    for match in _UNUSUAL.finditer(block.text):
        ch, i = match.group(), match.start()
        kind = control_kind(ch)
        if kind is None or not block.shown(i) or (kind == PRIVATE_USE and _icon_font(block, i)):
            continue
        if _is_c1(ch, kind):
            if latin1 is None:  # only now: C1 controls are rare
                latin1 = [(a, b) for a, b, _ in latin1_spans(block.text)]
            if any(a <= i < b for a, b in latin1):
                continue
        yield i, kind
