"""A long term the document repeats, written once short of a character
(one kind of typo.missing-char): 习平总书记 among several 习近平总书记,
长江济带 beside 长江经济带, 核心价观 beside 核心价值观.

``missing.py`` compares four-character phrases; a term of five to eight
characters (习近平总书记, 社会主义核心价值观 cut to its words) has no
four-character window that stands as whole words, so a loss inside it went
unseen. Here every window of 5-8 Han characters the document writes twice
or more is a candidate term, and each place the document writes it with one
character (not the first) dropped is a proposal; so is each place where a
standard formulation of ``dictionaries/typo/formulations.txt`` is written
with a character inside it dropped, even once (习近平新时代中国特色社会主思想).
Hashing and an automaton find the places in a few array operations;
``missing.py`` segments and weighs only those, as it does the
four-character phrases' (and a little more strictly).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from govlint.automata import automaton
from govlint.data import word_list
from govlint.typo.hashing import LENGTH_SALT, POWERS, codes, is_han, matches, span_hashes, window_valid

if TYPE_CHECKING:
    from ahocorasick_rs import AhoCorasick

SHORTEST, LONGEST = 5, 8  # characters of a term (four: missing.py)
FORMULATIONS_FILE = "typo/formulations.txt"
# Characters a writer may leave out of a term on purpose (发展改革委员会 for
# 发展和改革委员会, 中央国家机关 for 中央和国家机关), and numerals, which are
# other numbers: never taken for a lost character.
OPTIONAL_CHARACTERS = frozenset("和与及的之并暨或同等")
NUMERALS = frozenset("〇一二三四五六七八九十百千万亿零两0123456789０１２３４５６７８９")

# A proposal: (text index, start of the shortened form in the text, index k
# of the missing character in the term, the term).
Proposal = tuple[int, int, int, str]


def proposals(texts: list[str]) -> list[Proposal]:
    """Every place of the texts (one document's) where a window of 5-8 Han
    characters that the document writes at least twice, or a standard
    formulation, is written with one of its characters after the first
    dropped, by place. Code points are compared, so a hash collision
    changes nothing."""
    return proposals_many([texts])[0]


# Mixed into a window's hash by its document's number, so that a batch of
# documents is searched in one pass and a window repeats only within one.
_DOCUMENT_SALT = np.uint64(0xD6E8FEB86659FD93)


def proposals_many(documents: list[list[str]]) -> list[list[Proposal]]:
    """``proposals`` of each document (its texts), found for the whole batch
    in one pass: numpy's cost per call, not per character, is most of a
    short post's."""
    texts = [text for document in documents for text in document]
    owner = np.repeat(np.arange(len(documents)), [len(d) for d in documents])
    first_text = np.cumsum([0] + [len(d) for d in documents])
    joined = "\n".join(texts)
    cp = codes(joined)
    han = is_han(cp)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts])
    with np.errstate(over="ignore"):
        salt = np.repeat(owner.astype(np.uint64) * _DOCUMENT_SALT, np.diff(starts))[: len(cp)]
    found: list[tuple[int, int, int, str]] = []
    repeated = None  # where a window of SHORTEST characters starts that its document writes again
    for length in range(SHORTEST, LONGEST + 1):
        places, repeated = _places(joined, cp, han, salt, length, repeated)
        if repeated is None:
            break  # no window repeats: no longer one does
        found.extend(places)
    found.extend(_listed_places(joined))
    found.sort()
    out: list[list[Proposal]] = [[] for _ in documents]
    for at, _, k, term in found:
        t = int(np.searchsorted(starts, at, side="right")) - 1
        d = int(owner[t])
        out[d].append((t - int(first_text[d]), at - int(starts[t]), k, term))
    return out


def _places(
    joined: str, cp: np.ndarray, han: np.ndarray, salt: np.ndarray, length: int, repeated: np.ndarray | None
) -> tuple[list[tuple[int, int, int, str]], np.ndarray | None]:
    """(place in ``joined``, -length, k, term) of the shortened forms of the
    repeated ``length``-character windows (hashes mixed with each place's
    document ``salt``), and where the windows of ``SHORTEST`` characters
    repeat (None: nowhere). A longer window repeats only where its first
    and last ``SHORTEST`` characters do: the others are never hashed."""
    valid = window_valid(han, length)
    if repeated is not None:
        shift = length - SHORTEST
        valid &= repeated[: len(valid)] & repeated[shift : shift + len(valid)]
    windows = np.nonzero(valid)[0]
    if len(windows) < 2:
        return [], repeated if length > SHORTEST else None
    with np.errstate(over="ignore"):
        window_hashes = span_hashes(cp, length)[windows] + salt[windows]
    _, first, inverse, counts = np.unique(window_hashes, return_index=True, return_inverse=True, return_counts=True)
    if length == SHORTEST:
        repeated = np.zeros(len(cp), dtype=bool)
        repeated[windows[counts[inverse] >= 2]] = True
    at = windows[first[counts >= 2]]
    if len(at) == 0:
        return [], repeated if length > SHORTEST else None
    term_cp = cp[at[:, None] + np.arange(length)]
    with np.errstate(over="ignore"):
        keys = (_deletion_hashes(term_cp) + salt[at][:, None]).T.ravel()  # by k, then by term
        order = np.argsort(keys, kind="stable")
        short = np.nonzero(window_valid(han, length - 1))[0]
        rows, hit = matches(keys[order], span_hashes(cp, length - 1)[short] + salt[short])
    place, key = short[rows], order[hit]
    term_index, k = key % len(at), key // len(at) + 1
    # A last character is lost only before what is no Han character (策源能力 is no 策源地 short of 地).
    keep = _losable(term_cp[term_index], k) & ((k < length - 1) | ~_han_at(han, place + length - 1))
    out = []
    for p, t, kk in zip(place[keep].tolist(), term_index[keep].tolist(), k[keep].tolist(), strict=True):
        term = joined[int(at[t]) : int(at[t]) + length]
        if joined[p : p + length - 1] == term[:kk] + term[kk + 1 :] and not _written_whole(joined, p, term):
            out.append((p, -length, kk, term))
    return out, repeated


_NOT_LOST = np.zeros(0x10001, dtype=bool)  # by code point + 1; a window's characters are Han of the BMP
_NOT_LOST[codes("".join(OPTIONAL_CHARACTERS | NUMERALS)).astype(np.intp)] = True


def _losable(terms: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Whether the k-th character of each term (rows of code points + 1) can
    be its lost one: no optional joining character or numeral, and not one
    of a doubled pair (领导小组组成 short of a 组 reads 领导小组成员)."""
    rows = np.arange(len(k))
    lost = terms[rows, k]
    after = terms[rows, np.minimum(k + 1, terms.shape[1] - 1)]
    doubled = (lost == terms[rows, k - 1]) | ((k + 1 < terms.shape[1]) & (lost == after))
    return ~_NOT_LOST[np.minimum(lost, 0x10000).astype(np.intp)] & ~doubled


def _han_at(han: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Whether a Han character stands at each of ``index`` (False past the end)."""
    inside = index < len(han)
    return inside & han[np.where(inside, index, 0)]


def _deletion_hashes(rows: np.ndarray) -> np.ndarray:
    """For each row of code points + 1 (length L) and each k of 1..L-1: the
    hash of the row without its k-th character, as ``row_hashes`` gives it,
    from prefix and suffix sums in one pass."""
    length = rows.shape[1]
    with np.errstate(over="ignore"):
        before = np.cumsum(rows * POWERS[:length], axis=1) - rows * POWERS[:length]  # characters left of k
        shifted = rows[:, 1:] * POWERS[: length - 1]  # character i > 0 moved to place i - 1
        after = shifted.sum(axis=1, dtype=np.uint64)[:, None] - np.cumsum(shifted, axis=1)  # right of k
        return np.uint64(length - 1) * LENGTH_SALT + before[:, 1:] + after


def _written_whole(joined: str, place: int, term: str) -> bool:
    """Whether the term is written in full at ``place`` or one character
    earlier: its shortened form is then a part of it (a doubled character)."""
    return joined.startswith(term, place) or (place > 0 and joined.startswith(term, place - 1))


def formulations() -> frozenset[str]:
    """The standard formulations (``dictionaries/typo/formulations.txt``)."""
    return word_list(FORMULATIONS_FILE)


@lru_cache(maxsize=1)
def _listed_variants() -> tuple[list[tuple[str, int]], AhoCorasick | None]:
    """Each standard formulation with one inner character dropped, as (the
    formulation, k), and an automaton over the shortened forms in that order."""
    variants = [(term, k) for term in sorted(formulations()) for k in range(1, len(term) - 1)]
    return variants, automaton((term[:k] + term[k + 1 :] for term, k in variants), longest=False)


def _listed_places(joined: str) -> list[tuple[int, int, int, str]]:
    """(place, -length, k, formulation) of each standard formulation written with an inner character dropped."""
    variants, found = _listed_variants()
    if found is None:
        return []
    out = []
    for index, place, _ in found.find_matches_as_indexes(joined, overlapping=True):
        term, k = variants[index]
        if not _written_whole(joined, place, term):
            out.append((place, -len(term), k, term))
    return out
