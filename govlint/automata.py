"""Aho-Corasick automata over word lists, built one way for every check.

ahocorasick_rs (Rust) was measured against pyahocorasick and a regular
expression alternation in benchmarks/matcher.py: the fastest on our lists,
with leftmost-longest matching built in.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick_rs

_LONG_PATTERN = 256  # characters: beyond this, build an NFA (see below)


def automaton(words: Iterable[str], *, longest: bool = True) -> ahocorasick_rs.AhoCorasick | None:
    """An automaton that finds ``words`` in a text, or None for no words
    (ahocorasick_rs refuses an empty list).

    ``longest``: at each place the longest word wins and matches do not
    overlap (a term list: 百家乐 over 百家). Otherwise the standard
    non-overlapping matches, first word found first.
    """
    patterns = list(words)
    if not patterns:
        return None
    kind = ahocorasick_rs.MatchKind.LeftmostLongest if longest else ahocorasick_rs.MatchKind.Standard
    # The library picks a DFA for a short list, whose construction grows with
    # the square of a long repetitive pattern (16,000 characters: 9.5 s); a
    # contiguous NFA builds in linear time and still searches fast.
    if max(map(len, patterns)) > _LONG_PATTERN:
        implementation = ahocorasick_rs.Implementation.ContiguousNFA
        return ahocorasick_rs.AhoCorasick(patterns, matchkind=kind, implementation=implementation)
    return ahocorasick_rs.AhoCorasick(patterns, matchkind=kind)
