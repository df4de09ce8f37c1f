"""Proposing candidate edits: which characters are suspects, and what each
could have been.

A character that no frequent word covers is a suspect. An edit replaces it
by a character that sounds or looks like it (the model's confusion pairs,
``dictionaries/typo/lookalikes.txt``) when that makes a lexicon word more
frequent than the window as written; by one or two characters that make a
homophone word (师公 -> 施工); by another member of its character set
(的/地/得); or by a one-character word read the same (取 -> 去). Each
proposal carries the word counts the first features need; ``distinct``
keeps one row per edit.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from govlint.data import word_list
from govlint.typo.hashing import (
    HAN_FIRST,
    HAN_LAST,
    MASK,
    MAX_LEN,
    POWERS,
    expand,
    find,
    masked,
    matches,
    member,
    span_hashes,
    window_valid,
)
from govlint.typo.modelfile import COMPONENT_KIND, Model, char_word_logf, pair_kind

BIG_PATTERN_KINDS = (1, 2, 3, 4, 5, COMPONENT_KIND)  # tried in crowded masked patterns
SUSPECT_COVER = 8.0  # log count: a character inside a word seen 3,000+ times is not suspected


def word_windows(m: Model, cp: np.ndarray, han: np.ndarray):
    """Each window of 2-4 Han characters: (length, hashes, valid, word log
    count), and the best log count of a word covering each index."""
    n = len(cp)
    cover = np.zeros(n, dtype=np.float32)
    windows = []
    for length in range(2, MAX_LEN + 1):
        if n < length:
            break
        h = span_hashes(cp, length)
        valid = window_valid(han, length)
        wf = np.where(valid, m.word_logf(h), 0).astype(np.float32)
        for k in range(length):
            np.maximum(cover[k : k + len(wf)], wf, out=cover[k : k + len(wf)])
        windows.append((length, h, valid, wf))
    return cover, windows


def suspects(cp: np.ndarray, han: np.ndarray, cover: np.ndarray, protected: np.ndarray | None) -> np.ndarray:
    """The characters an edit may change: those outside every frequent word
    (``cover``: the best log count of a word covering each), and not one
    inside a parallel pattern (宜居宜业, 依规依纪, 自查自纠): such phrases
    are coined freely and rarely listed in a lexicon. Nor a protected one."""
    suspect = (cover < SUSPECT_COVER) & ~_parallel(cp, han)
    if protected is not None:
        suspect &= ~protected[: len(cp)]
    return suspect


def _parallel(cp: np.ndarray, han: np.ndarray) -> np.ndarray:
    """True at i when text[i-1] == text[i+1] or text[i] == text[i-2] or text[i+2]
    (Han), and when the frame text[i-1], text[i+1] recurs 3 or 4 characters
    away (含科量、含智量)."""
    out = np.zeros(len(cp), dtype=bool)
    n = len(cp)
    if n >= 3:
        out[1:-1] |= (cp[:-2] == cp[2:]) & han[:-2]
        same = (cp[:-2] == cp[2:]) & han[2:]
        out[2:] |= same
        out[:-2] |= same
    for d in (3, 4):
        if n < d + 3:
            break
        # frame[j]: text[j] == text[j + d] and text[j + 2] == text[j + 2 + d], all Han (j = i - 1 for slot i)
        frame = (cp[: n - d - 2] == cp[d : n - 2]) & (cp[2 : n - d] == cp[2 + d :]) & han[: n - d - 2] & han[2 : n - d]
        out[1 : n - d - 1] |= frame  # the slot before its twin
        out[1 + d : n - 1] |= frame  # and the twin's slot
    return out


def confusables(
    m: Model, orig: np.ndarray, kinds: tuple[int, ...], min_word: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Every character confusable with each of ``orig`` (code points + 1) by
    one of the pair ``kinds`` (and a word of its own more frequent than
    ``min_word``, if given): (row in orig, new code point)."""
    c = orig.astype(np.int64) - 1 - HAN_FIRST  # every character with pairs is Han
    c = np.where((c >= 0) & (c <= HAN_LAST - HAN_FIRST), c, -1)
    start, new = m.chars.close_pairs(m, kinds, min_word)
    lo = np.where(c >= 0, start[c], 0)
    rows, idx = expand(lo, np.where(c >= 0, start[c + 1], 0))
    return rows, new[idx]


def _confusable_words(
    m: Model, q: np.ndarray, lo: np.ndarray, hi: np.ndarray, near: np.ndarray, k: int, floor: np.ndarray
):
    """For masked windows whose pattern fits too many words: try each
    character confusable with the original and keep those making a word
    more frequent than the window (log count ``floor``; the original's
    characters are ``near[lo:hi]``, from ``_confusables_at``).
    Stroke-sequence edits are not tried there (they add lookups, not right
    edits, on the development sets); fuzzy pinyin is (总于 -> 终于).
    Returns (row in q, new character, word log count)."""
    rows, idx = expand(lo, hi)
    new = near[idx]
    with np.errstate(over="ignore"):
        h = q[rows] - MASK * POWERS[k] + (new + np.uint64(1)) * POWERS[k]
    logf = m.word_logf(h)
    found = (logf >= np.float32(np.log(4))) & (logf > floor[rows])  # the masked table's minimum count (3)
    return rows[found], new[found].astype(np.uint32), logf[found]


def _confusables_at(m: Model, cp: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The characters confusable (BIG_PATTERN_KINDS) with each
    of the text's characters at sorted ``positions``: position i's are
    ``new[offsets[i]:offsets[i + 1]]``. A character in several crowded
    windows (up to nine) is expanded once."""
    rows, new = confusables(m, cp[positions], BIG_PATTERN_KINDS)
    offsets = np.zeros(len(positions) + 1, dtype=np.intp)
    np.cumsum(np.bincount(rows, minlength=len(positions)), out=offsets[1:])
    return offsets, new


class _Crowded(NamedTuple):
    """Windows of one length and masked place whose pattern fits too many
    words to list: their candidates go in ``parts[slot]``."""

    slot: int
    q: np.ndarray  # the masked patterns' hashes
    at: np.ndarray  # the windows' starts
    hashes: np.ndarray  # the windows' own hashes: equal for equal windows
    k: int  # the masked place
    wf: np.ndarray  # log count of every window of this length
    length: int


def _masked_candidates(m: Model, cp: np.ndarray, windows, suspect: np.ndarray):
    """Single-character edits that turn a window into a lexicon word more
    frequent than the window: (position, new code point, word log count,
    window log count, length). The counts are compared before a word's
    character is read."""
    parts: list[tuple | None] = []
    crowded: list[_Crowded] = []  # filled in below, in their place
    for length, h, valid, wf in windows:
        for k in range(length):
            starts = np.nonzero(valid & suspect[k : k + len(valid)])[0]
            if len(starts) == 0:
                continue
            q = masked(h[starts], cp[starts + k], k)
            big = member(m.mask_big, q)
            if big.any():
                crowded.append(_Crowded(len(parts), q[big], starts[big], h[starts[big]], k, wf, length))
                parts.append(None)
            rows, idx = matches(m.mask_h, q, m.mask_h_bloom)
            logf, owin = m.mask_v[idx], wf[starts[rows]]
            better = np.nonzero(logf > owin)[0]
            if len(better):
                rows, idx = rows[better], idx[better]
                parts.append((starts[rows] + k, m.mask_c[idx], logf[better], owin[better], length))
    if crowded:
        # What a window yields depends only on its characters (the pattern and
        # the masked one): each distinct window is tried once, and its words
        # handed to every place a text repeats it (工作, 发展 ...).
        distinct = [np.unique(c.hashes, return_index=True, return_inverse=True)[1:] for c in crowded]
        firsts = [c.at[first] + c.k for c, (first, _) in zip(crowded, distinct, strict=True)]
        # return_index: numpy's plain unique asks whether the array is masked,
        # which imports numpy.ma, 7 ms of a one-file run.
        positions = np.unique(np.concatenate(firsts), return_index=True)[0]
        offsets, new = _confusables_at(m, cp, positions)
        for c, (first, inverse) in zip(crowded, distinct, strict=True):
            i = np.searchsorted(positions, c.at[first] + c.k)
            floor = c.wf[c.at[first]]  # each distinct window's own count
            rows, chars, logf = _confusable_words(m, c.q[first], offsets[i], offsets[i + 1], new, c.k, floor)
            counts = np.bincount(rows, minlength=len(first))
            begin = np.cumsum(counts) - counts
            window, j = expand(begin[inverse], begin[inverse] + counts[inverse])
            at = c.at[window]
            parts[c.slot] = (at + c.k, chars[j], logf[j], c.wf[at], c.length)
    return parts


def syllables(m: Model, cp: np.ndarray) -> np.ndarray:
    """Toneless syllable id of each character (0: none)."""
    c = cp.astype(np.int64) - 1 - HAN_FIRST
    inside = (c >= 0) & (c <= HAN_LAST - HAN_FIRST)
    return np.where(inside, m.syl_of[np.clip(c, 0, HAN_LAST - HAN_FIRST)], 0).astype(np.uint64)


def _sound_candidates(m: Model, cp: np.ndarray, windows, suspect: np.ndarray):
    """Edits of one or two characters that turn a window into a more frequent
    lexicon word read with the same syllables (pinyin input's typical slip:
    师公 -> 施工, 布署 -> 部署): (pos, new, pos2, new2, word, window, length)."""
    syl = syllables(m, cp)
    voiced = syl > 0
    out = []
    for length, _, valid, wf in windows:
        ok = valid & window_valid(voiced, length)
        any_suspect = np.zeros(len(ok), dtype=bool)
        for k in range(length):
            any_suspect |= suspect[k : k + len(ok)]
        starts = np.nonzero(ok & any_suspect)[0]
        if len(starts) == 0:
            continue
        key = span_hashes(syl, length)[starts]
        rows, idx = matches(m.snd_h, key, m.snd_h_bloom)
        if len(idx) == 0:
            continue
        at = starts[rows]
        logf = m.snd_v[idx].astype(np.float32)
        better = np.nonzero(logf > wf[at])[0]  # only a word more frequent than the window: checked before reading it
        at, idx, logf = at[better], idx[better], logf[better]
        word = m.snd_w[idx, :length].astype(np.uint64)
        span = at[:, None] + np.arange(length)[None, :]
        diff = word != cp[span] - np.uint64(1)
        ndiff = diff.sum(axis=1)
        keep = (ndiff >= 1) & (ndiff <= 2) & (diff & suspect[span]).any(axis=1)
        if not keep.any():
            continue
        diff, word, at, logf, ndiff = diff[keep], word[keep], at[keep], logf[keep], ndiff[keep]
        r = np.arange(len(at))
        k1 = np.argmax(diff, axis=1)
        rest = diff.copy()
        rest[r, k1] = False
        k2 = np.argmax(rest, axis=1)
        two = ndiff == 2
        out.append((
            at + k1, word[r, k1], np.where(two, at + k2, -1), np.where(two, word[r, k2], 0),
            logf, wf[at], np.full(len(at), length, dtype=np.float32),
        ))
    return out


CHAR_SETS_FILE = "typo/char_sets.txt"


@lru_cache(maxsize=1)
def _char_sets() -> tuple[np.ndarray, np.ndarray]:
    """(sorted code points, the code points of the other members of each
    one's set, zero-padded rows) from ``dictionaries/typo/char_sets.txt``."""
    sets = sorted(word_list(CHAR_SETS_FILE))
    width = max((len(s) for s in sets), default=1) - 1
    pairs = {ord(c): [ord(o) for o in group if o != c] for group in sets for c in group}
    keys = np.array(sorted(pairs), dtype=np.uint64)
    others = np.zeros((len(keys), max(width, 1)), dtype=np.uint64)
    for i, k in enumerate(keys):
        row = pairs[int(k)]
        others[i, : len(row)] = row
    return keys, others


SINGLE_FLOOR = 0.0  # nats of character-bigram gain a one-character-word edit must reach to be weighed
SINGLE_MIN_WORD = 9.0  # log count (about 8,000) the replacing character must reach as a word of its own
SINGLE_KINDS = (1, 2)  # pair kinds tried as one-character words at every suspect: same pinyin, with or without tone


def _single_candidates(m: Model, cp: np.ndarray, han: np.ndarray, suspect: np.ndarray):
    """Each suspect character replaced by each character read the same
    that is a word of its own (帮我取火车站 -> 去, 不会仍在 -> 扔): a slip
    that makes no misspelt word, left to the word model to judge.
    Returns (pos, new, word, window, length 0)."""
    # The word model reads no numbers and no context across punctuation: it
    # cannot judge 20座 against 20坐, nor a character standing alone (（座）).
    c = cp - np.uint64(1)
    digit = ((c >= ord("0")) & (c <= ord("9"))) | ((c >= ord("０")) & (c <= ord("９")))
    left_han, right_han, after_digit = (np.zeros(len(cp), dtype=bool) for _ in range(3))
    left_han[1:], right_han[:-1], after_digit[1:] = han[:-1], han[1:], digit[:-1]
    pos = np.nonzero(suspect & (left_han | right_han) & ~after_digit)[0]
    if len(pos) == 0:
        return []
    rows, new = confusables(m, cp[pos], SINGLE_KINDS, SINGLE_MIN_WORD)
    p = pos[rows]
    return [(p, new, char_word_logf(m, new + np.uint64(1)), char_word_logf(m, cp[p]), 0)]


def _set_candidates(m: Model, cp: np.ndarray, han: np.ndarray, protected: np.ndarray | None):
    """Each occurrence of a character of a confusion set (的地得, 在再 ...)
    replaced by each other member: (pos, new, word, window, length)."""
    keys, others = _char_sets()
    if len(keys) == 0:
        return []
    at, member = find(keys, cp - np.uint64(1))
    pos = np.nonzero(member & han)[0]
    if protected is not None:
        pos = pos[~protected[pos]]
    if len(pos) == 0:
        return []
    new = others[at[pos]]
    rows, cols = np.nonzero(new)
    p, c = pos[rows], new[rows, cols]
    return [(p, c, char_word_logf(m, c + np.uint64(1)), char_word_logf(m, cp[p]), 1)]


@dataclass(frozen=True)
class Proposals:
    """Raw candidate edits, one row per (edit, window that suggested it)."""

    pos: np.ndarray
    new: np.ndarray
    pos2: np.ndarray
    new2: np.ndarray
    word: np.ndarray  # log count of the word the edit makes
    window: np.ndarray  # log count of the window before the edit (0: no word)
    length: np.ndarray  # the window's length (1: a character-set edit)

    def take(self, rows: np.ndarray) -> Proposals:
        return Proposals(*(getattr(self, f.name)[rows] for f in fields(self)))


def _single(pos, new, word, window, length) -> tuple[np.ndarray, ...]:
    size = len(pos)
    return pos, new, np.full(size, -1), np.zeros(size, np.uint64), word, window, np.full(size, length, np.float32)


def propose(m: Model, cp: np.ndarray, han: np.ndarray, windows, suspect, protected) -> Proposals | None:
    """Every edit proposed at the ``suspect`` characters (the character-set
    edits at every member of a set), one row per window that suggests it;
    none that changes a ``protected`` character. None when nothing is proposed."""
    groups = []
    for p, c, logf, owin, length in _masked_candidates(m, cp, windows, suspect):
        c = c.astype(np.uint64)
        # Any replacement may complete a 3-4 character word (概莫如外 -> 概莫能外);
        # a 2-character word needs a confusable one.
        keep = c != cp[p] - np.uint64(1)  # more frequent than the window already (_masked_candidates)
        if length < 3:
            keep &= pair_kind(m, cp[p] - np.uint64(1), c) > 0
        groups.append(_single(p[keep], c[keep], logf[keep], owin[keep], length))
    groups.extend(_sound_candidates(m, cp, windows, suspect))
    groups.extend(_single(*group) for group in _set_candidates(m, cp, han, protected))
    groups.extend(_single(*group) for group in _single_candidates(m, cp, han, suspect & han))
    if not groups:
        return None
    cols = [np.concatenate([g[j] for g in groups]) for j in range(7)]
    found = Proposals(
        cols[0].astype(np.int64), cols[1].astype(np.uint64), cols[2].astype(np.int64), cols[3].astype(np.uint64),
        *(c.astype(np.float32) for c in cols[4:]),
    )
    if protected is not None:
        found = found.take(~protected[found.pos] & ~(protected[np.maximum(found.pos2, 0)] & (found.pos2 >= 0)))
    return found


def distinct(p: Proposals) -> Proposals:
    """One row per distinct edit, in the edits' order (position, character,
    then the second change): the window that gains most, the first such
    row on a tie."""
    if len(p.pos) == 0:
        return p
    key = _edit_keys(p)
    gain = p.word - p.window
    if key is None:  # a text too long for one 64-bit key per edit: a three-key sort
        first_change = (p.pos.astype(np.uint64) << np.uint64(21)) | p.new
        second_change = ((p.pos2 + 1).astype(np.uint64) << np.uint64(21)) | p.new2
        order = np.lexsort((-gain, second_change, first_change))
        a, b = first_change[order], second_change[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
        return p.take(order[first])
    # One plain sort of the keys (a tenth of a three-key sort's time), then
    # the best gain of each run of equal keys, and the earliest row having it.
    order = np.argsort(key)
    sorted_key, sorted_gain = key[order], gain[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = sorted_key[1:] != sorted_key[:-1]
    starts = np.flatnonzero(first)
    best = np.maximum.reduceat(sorted_gain, starts)[np.cumsum(first) - 1]
    return p.take(np.minimum.reduceat(np.where(sorted_gain == best, order, len(order)), starts))


# An edit as one 64-bit key ordered as (position, character, second position,
# second character): bits for the position, a character (21 each), and the
# second change's distance after the first (0: none; a two-character edit
# changes at most 4 characters apart).
_POS_BITS, _GAP_BITS = 64 - 21 - 3 - 21, 3


def _edit_keys(p: Proposals) -> np.ndarray | None:
    two = p.pos2 >= 0
    gap = np.where(two, p.pos2 - p.pos, 0)
    if (p.pos.max() >> _POS_BITS) or (two & ((gap < 1) | (gap >= 1 << _GAP_BITS))).any():
        return None
    with np.errstate(over="ignore"):
        return (
            (p.pos.astype(np.uint64) << np.uint64(64 - _POS_BITS))
            | (p.new << np.uint64(21 + _GAP_BITS))
            | (gap.astype(np.uint64) << np.uint64(21))
            | p.new2
        )
