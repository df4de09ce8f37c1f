"""Punctuation and number slips in a block's text, for ``structure.punctuation``:
doubled marks, half-width marks and stray spaces between Han characters,
malformed numbers (85.%, 1..5, mixed full- and half-width digits).

Each pattern starts with the character it is about, which the regular
expression engine scans for quickly; a look-behind first is tried at every place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from govlint import bylines
from govlint.han import CLASS, is_han

# (start, end, message, suggestion) of one slip.
Slip = tuple[int, int, str, str | None]

_DOUBLED = re.compile(r"[。，、；：]{2,}|[？！][。，、；：]{1,8}|[！？]{2,}")
_TWO_MARKS = re.compile(r"[。，、；：？！][。，、；：？！]")  # what every _DOUBLED match starts with
_HALF_WIDTH = re.compile(rf"[,;:?!](?<=[{CLASS}].)(?=[{CLASS}])")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_SPACE = re.compile(rf" (?<=[{CLASS}] ) {{0,7}}(?=[{CLASS}])")
_CLAUSE_END = frozenset("，。；：！？、")
_SHORT_RUN = 3  # Han characters: a run this short beside a space is a name or an item
_NUMBER = re.compile(r"[0-9０-９][0-9０-９.．]{0,40}[%％]?")
_HALF_DIGITS = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_DOT_PERCENT = re.compile(r"[.．][%％]$")
_TWO_DOTS = re.compile(r"[.．]{2}")
_ASCII_DIGIT = re.compile(r"[0-9]")
_WIDE_DIGIT = re.compile(r"[０-９]")


def punctuation_problems(text: str) -> Iterator[Slip]:
    """(start, end, message, suggestion) of punctuation and number slips in a block's text."""
    yield from _doubled_marks(text)
    yield from _half_width_marks(text)
    yield from _stray_spaces(text)
    yield from _malformed_numbers(text)


def quoted(text: str) -> list[bool]:
    """For each character, whether it stands inside “” or 「」 (quoted speech)."""
    depth = 0
    inside = []
    for ch in text:
        if ch in "”」":
            depth = max(0, depth - 1)
        inside.append(depth > 0)
        if ch in "“「":
            depth += 1
    return inside


def _doubled_marks(text: str) -> Iterator[Slip]:
    if not _TWO_MARKS.search(text):
        return
    inside: list[bool] | None = None  # computed for the first doubled ！ or ？ only
    for match in _DOUBLED.finditer(text):
        marks = match.group()
        if marks in ("？！", "！？"):
            continue  # GB/T 15834 allows a question mark and an exclamation mark together
        if set(marks) <= set("！？"):
            if inside is None:
                inside = quoted(text)
            if inside[match.start()]:
                continue  # “太好了！！” is speech, quoted as said
        yield _doubled(match, marks)


def _doubled(match: re.Match[str], marks: str) -> Slip:
    if set(marks) == {"。"} and len(marks) >= 3:
        return match.start(), match.end(), f"用“{marks}”表示省略，应使用省略号“……”", "……"
    suggestion = marks[0] if len(set(marks)) == 1 else None
    return match.start(), match.end(), f"标点“{marks}”重复使用", suggestion


def _half_width_marks(text: str) -> Iterator[Slip]:
    for match in _HALF_WIDTH.finditer(text):
        mark = match.group()
        yield match.start(), match.end(), f"汉字之间使用了半角标点“{mark}”，应为全角“{_FULL[mark]}”", _FULL[mark]


@lru_cache(maxsize=1)
def _meta_line() -> re.Pattern[str]:
    """A byline label and its colon (编辑：), from the one byline list."""
    return re.compile(f"(?:{'|'.join(map(re.escape, bylines.labels()))})\\s?[：:]")


def _stray_spaces(text: str) -> Iterator[Slip]:
    """Spaces inside a sentence of Han characters; not those that separate
    names or items, nor those of a meta line (编辑：吴静 审核：杨帆)."""
    if _meta_line().search(text):
        return
    spaces = list(_SPACE.finditer(text))
    sides = [(_run_before(text, m.start()), _run_after(text, m.end())) for m in spaces]
    short_sides = sum(min(left, right) <= _SHORT_RUN for left, right in sides)
    for match, (left, right) in zip(spaces, sides, strict=True):
        if min(left, right) <= _SHORT_RUN and (max(left, right) <= _SHORT_RUN or short_sides >= 2):
            continue  # names or items separated by spaces: 县委书记 张明 县长 李华
        following = text[match.end() + right : match.end() + right + 1]
        if following not in _CLAUSE_END:
            continue  # a headline-style separator: 县委常委会召开会议 研究部署安全生产工作
        yield match.start(), match.end(), "汉字之间多了空格", ""


def _run_before(text: str, index: int) -> int:
    """Han characters right before ``index``, up to 20."""
    size = 0
    while index - size - 1 >= 0 and is_han(text[index - size - 1]) and size < 20:
        size += 1
    return size


def _run_after(text: str, index: int) -> int:
    """Han characters from ``index`` on, up to 20."""
    size = 0
    while index + size < len(text) and is_han(text[index + size]) and size < 20:
        size += 1
    return size


def _malformed_numbers(text: str) -> Iterator[Slip]:
    for match in _NUMBER.finditer(text):
        number = match.group()
        if number.isascii() and "." not in number:
            continue  # digits alone, with or without a %: nothing below applies
        slip = _number_slip(number)
        if slip is not None:
            yield match.start(), match.end(), *slip


def _number_slip(number: str) -> tuple[str, str | None] | None:
    """(message, suggestion) for a malformed number, None for a good one."""
    if _DOT_PERCENT.search(number):
        return f"数字“{number}”格式有误，小数点后缺少数字", number[:-2] + number[-1]
    if _TWO_DOTS.search(number):
        return f"数字“{number}”中小数点重复", None
    if _ASCII_DIGIT.search(number) and _WIDE_DIGIT.search(number):
        return f"数字“{number}”中全角、半角数字混用", number.translate(_HALF_DIGITS)
    return None
