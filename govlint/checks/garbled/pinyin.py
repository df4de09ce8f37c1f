"""Pinyin in brackets after a character (建设(shè)), left by a converter."""

from __future__ import annotations

import re

from govlint import han
from govlint.checks.garbled.script import to_simplified
from govlint.checks.garbled.tables import common_chars
from govlint.model import Block

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_ANNOTATION = re.compile(rf"([{han.CLASS}])[(（]\s?([a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}|[a-zü]{{1,6}}[1-5])\s?[)）]")


def _readings(ch: str) -> set[str]:
    """The character's readings, with tone marks and with tone numbers."""
    from pypinyin import Style, pinyin  # imported on first use: its tables take a while to load

    toned = set(pinyin(ch, heteronym=True, style=Style.TONE)[0])
    numbered = set(pinyin(ch, heteronym=True, style=Style.TONE3)[0])
    return toned | numbered


def _converter_like(ch: str, readings: set[str], common: frozenset[str]) -> bool:
    """A common character with one reading needs no annotation: a converter added it."""
    single = len({r for r in readings if not r[-1:].isdigit()}) <= 1
    return (to_simplified(ch) in common or ch in common) and single


def _annotations(block: Block) -> list[tuple[re.Match[str], bool]]:
    """(match, converter-like) of each annotation a reader sees whose pinyin
    is a reading of its character."""
    common = common_chars()
    found = []
    for match in _ANNOTATION.finditer(block.text):
        ch, reading = match.group(1), match.group(2)
        readings = _readings(ch)
        if reading in readings and block.shown(match.start(), match.end()):
            found.append((match, _converter_like(ch, readings, common)))
    return found


def converter_annotations(block: Block) -> list[re.Match[str]]:
    """The annotations a converter left: each one when the block holds three
    or more, else those on common characters with a single reading."""
    found = _annotations(block)
    dense = len(found) >= 3
    return [match for match, converter_like in found if dense or converter_like]
