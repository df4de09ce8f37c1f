"""The features of each candidate edit, from the text around it.

Cheap ones first (the words the edit makes and loses, the character
bigrams, the kind of confusion, the competition at its position): the
first-stage scorer drops most edits on those alone. Then the costly ones
(the gain in the best unigram-word segmentation, the character trigrams
and the word bigram model, ``wordlm``), each looked up only for the words
and n-grams an edit's new characters create.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from govlint.typo import wordlm
from govlint.typo.hashing import LENGTH_SALT, MAX_LEN, POWERS, codes, is_han, lookup, touched_words
from govlint.typo.modelfile import COMPONENT_KIND, Model, char_word_logf, model, pair_kind, unigram_logf
from govlint.typo.propose import Proposals, syllables

SEG_RADIUS = 4
LM_FLOOR = -1.0  # nats of character-bigram gain
UNKNOWN_CHAR = 6.0  # extra cost (nats) of a character that is not even a one-character word
# Context widths, fixed so that a sentence's features never depend on the
# other sentences of its batch (an edit changes at most 4 characters apart).
TRIGRAM_WIDTH, SEG_WIDTH = 8, 2 * SEG_RADIUS + 4

# The first stage decides on FIRST_STAGE alone; the second on all of FEATURES.
FIRST_STAGE = (
    "bias", "word", "cover", "word_gain", "orig_window", "left_gain", "right_gain", "same_tone", "other_tone",
    "shape", "syllable", "uni_orig", "uni_new", "word_len", "fuzzy", "strokes", "unrelated", "two_chars", "rivals",
    "best_word_gain", "char_set", "component",
)
FEATURES = (
    "bias", "word", "cover", "word_gain", "orig_window", "left_gain", "right_gain",
    "same_tone", "other_tone", "shape", "syllable", "uni_orig", "uni_new", "word_len", "seg_gain", "fuzzy",
    "strokes", "unrelated", "two_chars", "rivals", "best_word_gain", "trigram_gain", "char_set",
    "word_lm_gain", "best_word_lm_gain", "word_lm_behind", "component",
)


@dataclass(frozen=True)
class Candidates:
    """Candidate edits of one text, one row each: replace the character at
    ``pos`` by ``new`` and, where ``pos2 >= 0``, the one at ``pos2`` by
    ``new2`` (two wrong characters in one word: 师公 -> 施工)."""

    pos: np.ndarray
    new: np.ndarray
    pos2: np.ndarray
    new2: np.ndarray
    x: np.ndarray

    def __len__(self) -> int:
        return len(self.pos)


def no_candidates() -> Candidates:
    i, c = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return Candidates(i, c, i, c, np.zeros((0, len(FEATURES)), np.float32))


def bigram_logf(m: Model, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Log count of each character bigram (code points + 1)."""
    with np.errstate(over="ignore"):
        h = np.uint64(2) * LENGTH_SALT + left * POWERS[0] + right * POWERS[1]
    return lookup(m.bi_h, m.bi_v, h, bloom=m.bi_h_bloom)


def _trigram_logf(m: Model, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        h = np.uint64(3) * LENGTH_SALT + a * POWERS[0] + b * POWERS[1] + c * POWERS[2]
    return lookup(m.tri_h, m.tri_v, h, bloom=m.tri_h_bloom)


@dataclass(frozen=True)
class TextTables:
    """Per-position lookups of one text, made once so that an edit's
    features look up only the n-grams and words its new characters create."""

    cp: np.ndarray
    han: np.ndarray
    uni: np.ndarray  # unigram log count of text[i]
    bi: np.ndarray  # bigram log count of text[i:i+2]
    tri: np.ndarray  # trigram log count of text[i:i+3]
    cost: np.ndarray  # cost[i, L-1]: segmentation cost of the word text[i:i+L]
    lm_id: np.ndarray  # lm_id[i, L-1]: word-model id of text[i:i+L] (wordlm.text_ids)


def text_tables(m: Model, cp: np.ndarray, han: np.ndarray, windows) -> TextTables:
    n = len(cp)
    pad = np.zeros(2, dtype=np.uint64)
    nxt = np.concatenate([cp[1:], pad[:1]])
    nxt2 = np.concatenate([cp[2:], pad])[:n]
    cost = np.full((n, MAX_LEN), -1e9, dtype=np.float32)
    cost[:, 0] = _word_cost(m, char_word_logf(m, cp), han, 1)
    for length, _, valid, wf in windows:
        cost[: len(wf), length - 1] = np.where(valid & (wf > 0), wf - m.log_total, -1e9)
    return TextTables(
        cp, han, unigram_logf(m, cp), bigram_logf(m, cp, nxt), _trigram_logf(m, cp, nxt, nxt2), cost,
        wordlm.text_ids(m, cp, han, windows),
    )


def _word_cost(m: Model, logf: np.ndarray, han: np.ndarray, length: int) -> np.ndarray:
    """Segmentation cost of words of ``length`` characters from their log
    counts: ``log(count / total)`` like jieba; a one-character non-word
    costs UNKNOWN_CHAR more, a non-Han character nothing, a longer non-word
    is impossible."""
    if length == 1:
        return np.where(han, np.where(logf > 0, logf - m.log_total, -m.log_total - UNKNOWN_CHAR), 0)
    return np.where(han & (logf > 0), logf - m.log_total, -1e9)


def _edited(t: TextTables, pos, new, pos2, new2, lo: int, width: int):
    """The text around each edit, from ``pos + lo`` on: text indices (clipped),
    whether inside the text, the new code points (+1), and which columns changed."""
    n = len(t.cp)
    idx = pos[:, None] + np.arange(lo, lo + width)[None, :]
    inside = (idx >= 0) & (idx < n)
    at = np.clip(idx, 0, n - 1)
    cur = np.where(inside, t.cp[at], 0)
    changed = np.zeros(cur.shape, dtype=bool)
    cur[:, -lo] = new + np.uint64(1)
    changed[:, -lo] = True
    rows = np.nonzero(pos2 >= 0)[0]
    cols = -lo + pos2[rows] - pos[rows]
    cur[rows, cols] = new2[rows] + np.uint64(1)
    changed[rows, cols] = True
    return at, inside, cur, changed


def lm_gains(m: Model, t: TextTables, pos, new, pos2, new2):
    """Character-bigram log-likelihood gain of each edit, split into the
    bigram entering the first changed character (left) and the rest (right):
    sum of log c(ab) - log c(a) over the bigrams from ``pos - 1`` on."""
    left, right = np.zeros(len(pos), np.float32), np.zeros(len(pos), np.float32)
    one = pos2 < 0
    left[one], right[one] = _one_char_lm_gains(m, t, pos[one], new[one])
    two = ~one
    if two.any():
        left[two], right[two] = _two_char_lm_gains(m, t, pos[two], new[two], pos2[two], new2[two])
    return left, right


def _one_char_lm_gains(m: Model, t: TextTables, pos, new):
    """``_lm_gains`` of one-character edits (nearly all of them), from the
    two bigrams around the character alone."""
    last = len(t.cp) - 1
    before, after = np.maximum(pos - 1, 0), np.minimum(pos + 1, last)
    c = new + np.uint64(1)
    left_ok = (pos > 0) & t.han[before] & t.han[pos]
    right_ok = (pos < last) & t.han[pos] & t.han[after]
    left = bigram_logf(m, t.cp[before[left_ok]], c[left_ok]) - t.bi[before[left_ok]]
    right = bigram_logf(m, c[right_ok], t.cp[after[right_ok]]) - t.bi[pos[right_ok]]
    right -= unigram_logf(m, c[right_ok]) - t.uni[pos[right_ok]]
    out_left, out_right = np.zeros(len(pos), np.float32), np.zeros(len(pos), np.float32)
    out_left[left_ok], out_right[right_ok] = left, right
    return out_left, out_right


def _two_char_lm_gains(m: Model, t: TextTables, pos, new, pos2, new2):
    """``_lm_gains`` of two-character edits (``pos2`` up to 4 after ``pos``):
    the bigrams from ``pos - 1`` to ``pos + 4``, looked up only where they
    hold a changed character."""
    last = len(t.cp) - 1
    columns = []  # text indices pos - 1 ... pos + 4: (clipped index, Han, edited code point + 1, changed)
    for j in range(-1, 5):
        i = pos + j
        at = np.clip(i, 0, last)
        first, second = i == pos, i == pos2
        cur = np.where(first, new + np.uint64(1), np.where(second, new2 + np.uint64(1), t.cp[at]))
        columns.append((at, (i >= 0) & (i <= last) & t.han[at], cur, first | second))
    gains = []
    for j, ((at, ok, cur, changed), (_, ok_next, cur_next, changed_next)) in enumerate(pairwise(columns)):
        pair = ok & ok_next
        gain = np.zeros(len(pos), np.float32)
        touch = pair & (changed | changed_next)
        gain[touch] = bigram_logf(m, cur[touch], cur_next[touch]) - t.bi[at[touch]]
        if j:  # from pos on, log c(ab) - log c(a): the changed first character's unigram too
            gain[changed] -= unigram_logf(m, cur[changed]) - t.uni[at[changed]]
        gains.append(np.where(pair, gain, 0))
    # Summed as one (rows, 4) array, in the order numpy reduces it (the scorer was fitted on those values).
    return gains[0], np.stack(gains[1:], axis=1).sum(axis=1)


def _trigram_gain(m: Model, t: TextTables, at, inside, cur, changed) -> np.ndarray:
    """Gain in the summed log counts of the character trigrams that touch
    the changed characters (edited windows from ``pos - 2``, as ``_edited``)."""
    ok = inside & t.han[at]
    triple = ok[:, :-2] & ok[:, 1:-1] & ok[:, 2:]
    touch = triple & (changed[:, :-2] | changed[:, 1:-1] | changed[:, 2:])
    gain = np.zeros(triple.shape, dtype=np.float32)
    gain[touch] = (
        _trigram_logf(m, cur[:, :-2][touch], cur[:, 1:-1][touch], cur[:, 2:][touch]) - t.tri[at[:, :-2]][touch]
    )
    return gain.sum(axis=1)


def _best_segmentation(cost: np.ndarray) -> np.ndarray:
    """Best segmentation score of each row's window; ``cost[r, s, L-1]`` is
    the cost of the word of L characters starting at column s."""
    rows, width, _ = cost.shape
    best = np.full((rows, width + 1), -1e9, dtype=np.float32)
    best[:, 0] = 0
    for end in range(1, width + 1):
        for length in range(1, min(MAX_LEN, end) + 1):
            np.maximum(best[:, end], best[:, end - length] + cost[:, end - length, length - 1], out=best[:, end])
    return best[:, width]


def segment_scores(m: Model, win: np.ndarray) -> np.ndarray:
    """Best unigram-word segmentation log-probability of each row of ``win``
    (code points + 1, 0 outside the text)."""
    rows, width = win.shape
    han = is_han(win)
    cost = np.full((rows, width, MAX_LEN), -1e9, dtype=np.float32)
    for length in range(1, min(MAX_LEN, width) + 1):
        span = width - length + 1
        ok = np.ones((rows, span), dtype=bool)
        with np.errstate(over="ignore"):
            h = np.full((rows, span), np.uint64(length) * LENGTH_SALT, dtype=np.uint64)
            for k in range(length):
                h += win[:, k : k + span] * POWERS[k]
                ok &= han[:, k : k + span]
        cost[:, :span, length - 1] = _word_cost(m, m.word_logf(h.ravel()), ok.ravel(), length).reshape(rows, span)
    return _best_segmentation(cost)


def _segment_gain(m: Model, t: TextTables, first, inverse, at, inside, cur, changed) -> np.ndarray:
    """Gain in the best unigram-word segmentation of the edited windows
    (from ``pos - SEG_RADIUS``, as ``_edited``); only the words holding a
    changed character are looked up. ``first``/``inverse``: one row per
    position and each row's position (the original windows)."""
    rows, width = cur.shape
    han = np.where(inside, t.han[at], False)
    han_new = han | changed
    cost = np.full((rows, width, MAX_LEN), -1e9, dtype=np.float32)
    for length in range(1, MAX_LEN + 1):
        span = width - length + 1
        fits = inside[:, :span] & inside[:, length - 1 : length - 1 + span]
        cost[:, :span, length - 1] = np.where(fits, t.cost[at[:, :span], length - 1], -1e9 if length > 1 else 0)
    new_cost = cost.copy()
    for length in range(1, MAX_LEN + 1):
        span = width - length + 1
        touch, all_han, h = touched_words(cur, changed, han_new, length)
        logf = char_word_logf(m, cur[touch]) if length == 1 else m.word_logf(h[touch])
        new_cost[:, :span, length - 1][touch] = _word_cost(m, logf, all_han[touch], length)
    return _best_segmentation(new_cost) - _best_segmentation(cost[first])[inverse]




def cheap_features(m: Model, t: TextTables, p: Proposals, cover, left_gain, right_gain) -> dict[str, np.ndarray]:
    """The features the first stage decides on: the words made and lost,
    the character bigrams, the kind of confusion, the competition."""
    pos, new, pos2, word = p.pos, p.new, p.pos2, p.word
    kind = pair_kind(m, t.cp[pos] - np.uint64(1), new)
    syl = syllables(m, t.cp[pos])
    same_syllable = (kind == 0) & (syl > 0) & (syl == syllables(m, new + np.uint64(1)))
    kind = np.where(same_syllable, 4, kind)
    two = pos2 >= 0
    cov = np.maximum(cover[pos], np.where(two, cover[np.maximum(pos2, 0)], 0))
    # How crowded the position is, and whether this edit makes the most
    # frequent word of all the edits proposed there.
    _, where, rivals = np.unique(pos, return_inverse=True, return_counts=True)
    best = np.full(len(rivals), -np.inf, dtype=np.float32)
    np.maximum.at(best, where, word)
    return {
        "bias": np.ones(len(pos), np.float32), "word": word, "cover": cov, "word_gain": word - cov,
        "orig_window": p.window, "left_gain": left_gain, "right_gain": right_gain,
        "same_tone": kind == 1, "other_tone": kind == 2, "shape": kind == 3, "syllable": kind == 4,
        "uni_orig": t.uni[pos], "uni_new": unigram_logf(m, new + np.uint64(1)), "word_len": p.length,
        "fuzzy": kind == 5, "strokes": kind == 6, "unrelated": kind == 0, "two_chars": two,
        "rivals": np.log(rivals[where]), "best_word_gain": word >= best[where], "char_set": p.length == 1,
        "component": kind == COMPONENT_KIND,
    }


def _columns(edit: tuple[np.ndarray, ...], lo: int, width: int) -> tuple[np.ndarray, ...]:
    """The columns of the word model's edited windows (``_edited`` from
    ``pos - wordlm.RADIUS``) that ``_edited(..., lo, width)`` would give."""
    start = lo + wordlm.RADIUS
    assert start >= 0 and start + width <= wordlm.WIDTH, "a window wider than the word model's"
    return tuple(a[:, start : start + width] for a in edit)


def costly_features(m: Model, t: TextTables, p: Proposals) -> dict[str, np.ndarray]:
    """Segmentation, character-trigram and word-model gains of the edits
    (the word model's also against the other edits at the position)."""
    # One edited window, the word model's (the widest), serves all three;
    # the original windows are the same for every edit at a position.
    edit = _edited(t, p.pos, p.new, p.pos2, p.new2, -wordlm.RADIUS, wordlm.WIDTH)
    _, first, where = np.unique(p.pos, return_index=True, return_inverse=True)
    lm_gain = wordlm.gain(m, t.lm_id, t.han, first, where, *edit)
    best_lm = np.full(len(first), -np.inf, dtype=np.float32)
    np.maximum.at(best_lm, where, lm_gain)
    return {
        "seg_gain": _segment_gain(m, t, first, where, *_columns(edit, -SEG_RADIUS, SEG_WIDTH)),
        "trigram_gain": _trigram_gain(m, t, *_columns(edit, -2, TRIGRAM_WIDTH)),
        "word_lm_gain": lm_gain,
        "best_word_lm_gain": lm_gain >= best_lm[where],
        "word_lm_behind": lm_gain - best_lm[where],
    }


def segmentation_gains(befores: list[str], afters: list[str]) -> np.ndarray:
    """How much better each of ``afters`` segments into lexicon words than
    the same place of ``befores``, in one array pass over the distinct
    strings (a document repeats its phrases)."""
    strings = list(dict.fromkeys([*befores, *afters]))
    row_of = {text: i for i, text in enumerate(strings)}
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    rows = np.zeros((len(strings), int(lengths.max())), dtype=np.uint64)
    rows[np.arange(rows.shape[1])[None, :] < lengths[:, None]] = codes("".join(strings))
    scores = segment_scores(model(), rows)
    return scores[[row_of[t] for t in afters]] - scores[[row_of[t] for t in befores]]
