"""Text left over from scraped or template pages (以上就是小编整理的全部内容,
如有侵权请联系删除): the phrases of ``dictionaries/structure/boilerplate.txt``
and the normalised text they are found in, for ``structure.boilerplate``."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import ahocorasick_rs

from govlint.automata import automaton
from govlint.data import data_path, rows
from govlint.han import CLASS, is_han

# What the phrases are compared without: all but Han characters, ASCII letters and digits.
IGNORED = re.compile(rf"[^{CLASS}A-Za-z0-9]+")


class Phrase(NamedTuple):
    text: str
    where: str  # any, or middle: not reported in the last paragraphs


class Boilerplate(NamedTuple):
    matcher: ahocorasick_rs.AhoCorasick
    phrases: list[Phrase]  # in the order of the matcher's patterns


@lru_cache(maxsize=1)
def boilerplate_phrases() -> Boilerplate:
    """The matcher over the normalised phrases of boilerplate.txt, and the phrases."""
    table = rows(data_path("structure/boilerplate.txt"))
    phrases = [Phrase(row[0], row[1] if len(row) > 1 and row[1] else "any") for row in table]
    matcher = automaton(normalise(phrase.text)[0] for phrase in phrases)
    assert matcher is not None, "structure/boilerplate.txt lists no phrase"
    return Boilerplate(matcher, phrases)


def normalise(text: str) -> tuple[str, list[int]]:
    """Han characters and lower-cased ASCII letters and digits, with their indices."""
    kept, where = [], []
    for i, ch in enumerate(text):
        if is_han(ch) or (ch.isascii() and ch.isalnum()):
            kept.append(ch.lower())
            where.append(i)
    return "".join(kept), where
