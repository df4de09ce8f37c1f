"""The multi-pattern matcher: every term of every list in one automaton.

Terms are matched in the normalised copy of the text (see ``normalize``),
leftmost-longest and without overlaps, by the automaton of
:mod:`govlint.automata`; spans are mapped back to the original characters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import NamedTuple

from govlint.automata import automaton
from govlint.terms.lists import Term
from govlint.terms.normalize import Normalized, normalize, normalize_term, translation_table

# Cue words (allow_near) count in the hit's paragraph: a report on a crackdown
# names the police in one sentence and the gambling site in the next.
_BREAK = re.compile("\n")


class TermHit(NamedTuple):
    term: Term
    start: int  # [start, end) in the original text
    end: int
    context: str | None = None  # the allow phrase or cue word that makes this reporting, not content


class Matcher:
    def __init__(self, terms: Iterable[Term], drop: Iterable[str] = ()) -> None:
        by_key: dict[str, list[Term]] = {}
        for term in terms:
            by_key.setdefault(term.key, []).append(term)
        self.keys = list(by_key)
        self.terms = [tuple(by_key[k]) for k in self.keys]
        # Organisation allowlist (allow_terms): hits inside these are not reported at all.
        self.drop = tuple(dict.fromkeys(d for d in (normalize_term(w) for w in drop) if d))
        self._automaton = automaton(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, text: str, normalized: Normalized | None = None) -> list[TermHit]:
        """The hits in ``text``; ``normalized`` is its normalised copy where
        the caller has it already (the sensitive check matches one text twice)."""
        if self._automaton is None:
            return []
        if normalized is None:
            normalized = normalize(text)
        norm = normalized.text
        cues = _CueCache(norm)
        hits: list[TermHit] = []
        for index, start, end in self._automaton.find_matches_as_indexes(norm):
            key = self.keys[index]
            a, b = normalized.original_span(start, end)
            if not _word_bounded(text, key, a, b) or (self.drop and _inside_any(norm, key, start, self.drop)):
                continue
            for term in self.terms[index]:
                hits.append(TermHit(term, a, b, _context(term, norm, start, end, cues)))
        return hits


class _CueCache:
    """The first cue word of a paragraph, per cue tuple: many hits share a paragraph.

    Paragraph bounds come from one sorted list of line breaks, so a
    megabyte-long line with many hits costs a bisection per hit, not a scan.
    """

    def __init__(self, norm: str) -> None:
        self.norm = norm
        self.known: dict[tuple[int, int], str | None] = {}
        self._breaks: list[int] | None = None

    def _bounds(self, start: int) -> tuple[int, int]:
        if self._breaks is None:
            self._breaks = [m.start() for m in _BREAK.finditer(self.norm)]
        index = bisect.bisect_left(self._breaks, start)
        left = self._breaks[index - 1] + 1 if index else 0
        right = self._breaks[index] if index < len(self._breaks) else len(self.norm)
        return left, right

    def first(self, start: int, cues: tuple[str, ...]) -> str | None:
        left, right = self._bounds(start)
        key = (left, id(cues))
        if key not in self.known:
            paragraph = self.norm[left:right]
            self.known[key] = next((cue for cue in cues if cue in paragraph), None)
        return self.known[key]


def _is_ascii_alnum(char: str) -> bool:
    mapped = char.translate(translation_table())
    return len(mapped) == 1 and mapped.isascii() and mapped.isalnum()


def _word_bounded(text: str, key: str, start: int, end: int) -> bool:
    """Latin terms match whole words only: ``sex`` is not in ``Sussex``."""
    if key[0].isascii() and key[0].isalnum() and start > 0 and _is_ascii_alnum(text[start - 1]):
        return False
    return not (key[-1].isascii() and key[-1].isalnum() and end < len(text) and _is_ascii_alnum(text[end]))


def _inside_any(norm: str, key: str, start: int, phrases: Iterable[str]) -> str | None:
    """The first phrase that contains this occurrence of ``key`` in the text."""
    for phrase in phrases:
        offset = phrase.find(key)
        while offset >= 0:
            begin = start - offset
            if begin >= 0 and norm.startswith(phrase, begin):
                return phrase
            offset = phrase.find(key, offset + 1)
    return None


def _context(term: Term, norm: str, start: int, end: int, cues: _CueCache) -> str | None:
    if term.allow:
        phrase = _inside_any(norm, term.key, start, term.allow)
        if phrase:
            return phrase
    for before, after in term.around:
        if start >= len(before) and norm.startswith(before, start - len(before)) and norm.startswith(after, end):
            return before + term.key + after
    return cues.first(start, term.allow_near) if term.allow_near else None
