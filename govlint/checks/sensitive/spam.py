"""Injected gambling and porn spam, for ``sensitive.spam-injection``: clauses
made of trade words and casino brands (``dictionaries/sensitive/spam.toml``),
and the runs of empty elements sharing one id that spam kits leave."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache

import ahocorasick_rs

from govlint.automata import automaton
from govlint.checks.sensitive.joined import Joined
from govlint.rules import Hit
from govlint.terms.normalize import map_characters
from govlint.terms.spam import spam_words

# (start, end, word) of a keyword or brand in a clause.
Span = tuple[int, int, str]


# Clause ends: spam strings carry no Chinese punctuation, honest sentences do.
_CLAUSE = re.compile(r"[^。，、；：！？“”‘’《》（）()【】\n]+")
# Casino brands: letters and digits glued together (bet99, 365bet, ag88).
_BRAND = re.compile(r"(?<![a-z0-9])(?:[a-z]{2,}[0-9]{2,}|[0-9]{2,}[a-z]{2,})[a-z0-9]*")
_JOINERS = re.compile(r"[_|｜＿]")
_MIN_COVERAGE = 0.5  # share of a spam clause's characters that are trade words or brands


def _keyword_spans(text: str, words: tuple[str, ...]) -> list[Span]:
    spans = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            spans.append((start, start + len(word), word))
            start = text.find(word, start + 1)
    return spans


def _covered(spans: list[Span]) -> int:
    covered: set[int] = set()
    for start, end, _ in spans:
        covered.update(range(start, end))
    return len(covered)


def spam_reason(clause: str) -> str | None:
    """Why a clause (text without Chinese punctuation) is injected spam, or None."""
    strong, weak = spam_words()
    text = map_characters(clause).lower()
    strong_spans = _keyword_spans(text, strong)
    if not strong_spans:
        return None
    brands = [(m.start(), m.end(), m.group(0)) for m in _BRAND.finditer(text)]
    if _brand_glued(brands, strong_spans):
        return "博彩品牌名紧接博彩用语"
    if _joined_keywords(text, strong + weak):
        return "以“_”或“|”连缀的博彩关键词串"
    if _dense(text, strong_spans, _keyword_spans(text, weak) + brands):
        return "密集堆砌的博彩、色情关键词"
    return None


def _brand_glued(brands: list[Span], strong_spans: list[Span]) -> bool:
    """A casino brand right before or after a gambling word (bet99上分)."""
    starts = {s for s, _, _ in strong_spans}
    ends = {e for _, e, _ in strong_spans}
    return any(end in starts or start in ends for start, end, _ in brands)


def _joined_keywords(text: str, words: tuple[str, ...]) -> bool:
    """Two or more pieces joined by _ or | that hold a keyword each."""
    segments = [s for s in _JOINERS.split(text) if s.strip()]
    if len(segments) < 2:
        return False
    return len([s for s in segments if any(w in s for w in words)]) >= 2


def _dense(text: str, strong_spans: list[Span], other_spans: list[Span]) -> bool:
    """Three or more different strong words, and keywords and brands making up half the clause."""
    kinds = {word for _, _, word in strong_spans}
    letters = sum(1 for ch in text if ch.isalnum())
    coverage = _covered(strong_spans + other_spans) / max(letters, 1)
    return len(kinds) >= 3 and coverage >= _MIN_COVERAGE


@lru_cache(maxsize=1)
def _strong_automaton() -> ahocorasick_rs.AhoCorasick | None:
    return automaton(spam_words()[0], longest=False)


def text_spam(joined: Joined) -> Iterator[Hit]:
    # One pass finds every strong word; only the clauses that hold one are examined.
    strong = _strong_automaton()
    if strong is None:
        return
    positions = [start for _, start, _ in strong.find_matches_as_indexes(joined.mapped)]
    if not positions:
        return
    for match in _CLAUSE.finditer(joined.text):
        index = bisect.bisect_left(positions, match.start())
        if index == len(positions) or positions[index] >= match.end():
            continue
        clause = match.group(0)
        reason = spam_reason(clause)
        if reason is None:
            continue
        start = match.start() + len(clause) - len(clause.lstrip())
        end = match.end() - (len(clause) - len(clause.rstrip()))
        block, a, b = joined.locate(start, end)
        message = f"疑似被植入的博彩、色情垃圾内容（{reason}），页面可能已被篡改"
        yield Hit.in_block(block, a, b, message)


# One empty element with an id: <samp id="q7zt"></samp>. Linear: no nested repetition.
_EMPTY_WITH_ID = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9]{0,15})\s+id\s*=\s*[\"']?([A-Za-z0-9_-]{2,40})[\"']?\s*>[ \t\r\n]*</\1\s*>"
)
_MIN_RUN = 2


def empty_element_runs(source: str) -> Iterator[tuple[int, int, str, int]]:
    """(start, end, id, count) of each run of adjacent empty elements sharing one id."""
    run_start = run_end = -1
    run_id, count = "", 0
    for match in _EMPTY_WITH_ID.finditer(source):
        adjacent = run_end >= 0 and not source[run_end : match.start()].strip()
        if adjacent and match.group(2) == run_id:
            run_end, count = match.end(), count + 1
            continue
        if count >= _MIN_RUN:
            yield run_start, run_end, run_id, count
        run_start, run_end, run_id, count = match.start(), match.end(), match.group(2), 1
    if count >= _MIN_RUN:
        yield run_start, run_end, run_id, count
