"""Numbering markers (一、 （一） 1. ① 第一条) and the gaps, repeats and steps
back in a sequence of them: what ``structure.numbering-gap`` reports."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from govlint.model import Block

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "[一二三四五六七八九十百零〇]{1,4}"


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral up to 999 (一, 十一, 二十三, 一百零五), None if malformed."""
    total, digit, seen = 0, None, False
    for ch in text:
        if ch in _CN_DIGIT:
            if digit is not None:
                return None  # two digits in a row: 一二
            digit = _CN_DIGIT[ch]
        elif ch in "十百":
            unit = 10 if ch == "十" else 100
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + (digit or 0)


@dataclass(frozen=True)
class Style:
    name: str
    pattern: re.Pattern[str]
    chinese: bool
    template: str  # how to write the marker for a number, {} is the numeral


# Marker at the start of a block; the first group is the numeral. Order
# matters: （一） must be tried before 一、 is impossible anyway, 1） after （1）.
_STYLES = (
    Style("chapter", re.compile(rf"第({_CN})章"), True, "第{}章"),
    Style("section", re.compile(rf"第({_CN})节"), True, "第{}节"),
    Style("article", re.compile(rf"第({_CN})条"), True, "第{}条"),
    Style("part", re.compile(rf"第({_CN})部分"), True, "第{}部分"),
    Style("ordinal", re.compile(rf"第({_CN})[，,、：:]"), True, "第{}，"),
    Style("cn-comma", re.compile(rf"({_CN})、(?![一二三四五六七八九十])"), True, "{}、"),
    Style("cn-paren", re.compile(rf"[（(]({_CN})[）)]"), True, "（{}）"),
    Style("arabic-paren", re.compile(r"[（(](\d{1,3})[）)]"), False, "（{}）"),
    Style("arabic", re.compile(r"(?:附件[：:]\s?)?(\d{1,3})(?:[.．](?![\d.．%％])|、)"), False, "{}."),
    Style("arabic-half", re.compile(r"(\d{1,3})[）)]"), False, "{}）"),
    Style("circled", re.compile(r"([①-⑳])"), False, "{}"),
)
_LEADING = re.compile(r"[\s\u3000\xa0]*")


@dataclass
class Marker:
    style: Style
    value: int
    text: str
    block: Block
    start: int
    end: int


def block_marker(block: Block) -> Marker | None:
    """The numbering marker a block starts with, if any."""
    text = block.text
    offset = _LEADING.match(text).end()
    for style in _STYLES:
        match = style.pattern.match(text, offset)
        if match is None:
            continue
        value = _value(style, match.group(1))
        if not value:
            return None
        start = match.start(1) if style.name == "arabic" else match.start()
        return Marker(style, value, text[start : match.end()], block, start, match.end())
    return None


def _value(style: Style, numeral: str) -> int | None:
    """The number a marker's numeral stands for (③ 3, 十二 12, 7 7)."""
    if style.name == "circled":
        return ord(numeral) - ord("①") + 1
    if style.chinese:
        return chinese_number(numeral)
    return int(numeral)


def _chinese(value: int) -> str:
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    if value < 20:
        return "十" + (digits[value % 10] if value % 10 else "")
    if value < 100:
        return digits[value // 10] + "十" + (digits[value % 10] if value % 10 else "")
    return str(value)


def marker_name(marker: Marker, value: int) -> str:
    """How ``value`` is written in the style of ``marker`` (1. or 1、, 一、, ③, 第三条)."""
    style = marker.style
    if style.name == "circled":
        return chr(ord("①") + value - 1) if value <= 20 else str(value)
    if style.chinese:
        return style.template.format(_chinese(value))
    if style.name == "arabic":
        return f"{value}{marker.text[-1]}"
    return style.template.format(value)


def numbering_problems(blocks: list[Block]) -> Iterator[tuple[Marker, str]]:
    """Markers that skip, repeat or go back within their level.

    Levels are nested as they appear: a marker of a style already open
    closes every level opened after it (so （一）… restarts under each 一、);
    a new level may start anywhere, and a return to 1 starts a new list.
    """
    stack: list[Marker] = []
    for block in blocks:
        marker = block_marker(block)
        if marker is None:
            continue
        level = next((i for i, m in enumerate(stack) if m.style.name == marker.style.name), None)
        if level is None:
            stack.append(marker)
            continue
        previous = stack[level]
        del stack[level:]
        stack.append(marker)
        if marker.value == previous.value + 1 or marker.value == 1:
            continue
        yield marker, _step_message(marker, previous)


def _step_message(marker: Marker, previous: Marker) -> str:
    """What is wrong with a marker that does not follow ``previous`` by one."""
    before = marker_name(marker, previous.value)
    here = marker.text
    if marker.value == previous.value:
        return f"序号“{here}”与上一项重复，应为“{marker_name(marker, previous.value + 1)}”"
    if marker.value < previous.value:
        return f"序号“{here}”排在“{before}”之后，序号倒退"
    missing = marker_name(marker, previous.value + 1)
    return f"序号从“{before}”跳到“{here}”，缺少“{missing}”"
