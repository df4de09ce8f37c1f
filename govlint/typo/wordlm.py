"""Word-bigram language-model evidence for the typo engine.

The model file holds a word bigram model with back-off (log10
probabilities; from libime's ``lm_sc.arpa``, see
``scripts/build_typo_model.py``): the vocabulary as sorted word hashes
(``lm_h``, a word's id is its index there), unigram log-probabilities and
back-off weights (``lm_u``, ``lm_b``), and the bigrams as sorted keys
``id1 << ID_BITS | id2`` (``lm_pair``) with quantised log-probabilities
(``lm_pair_q``: ``-q * PAIR_STEP``).

An edit's evidence is the gain in the best segmentation of the text around
it scored by that model (a Viterbi search over words of 1-4 characters):
a character-level model sees 施 and 工 apart, a word model sees that
加强 施工 管理 is a likely sentence and 加强 师 公 管理 is not.
"""

from __future__ import annotations

import numpy as np

from govlint.typo.hashing import LENGTH_SALT, MAX_LEN, codes, find, is_han, span_hashes, touched_words, window_valid

ID_BITS = 18  # vocabulary ids fit in 18 bits (the model has about 164,000 words)
PAIR_STEP = 0.1  # log10 quantisation step of the stored bigram log-probabilities
NO_WORD = -1  # a window of 2-4 characters that is no vocabulary word
UNKNOWN = -2  # a Han character outside the vocabulary: <unk>
UNKNOWN_EXTRA = 2.0  # log10 penalty added to <unk>, as for a character no text ever used
RADIUS = 6  # characters of context on each side of an edit (right: up to 9 after a two-character edit)
WIDTH = 2 * RADIUS + 4
_NONE = np.float32(-1e9)


def word_ids(m, h: np.ndarray) -> np.ndarray:
    """Vocabulary id of each hash, NO_WORD where it is none."""
    at, found = find(m.lm_h, h, m.lm_h_bloom)
    return np.where(found, at, NO_WORD).astype(np.int64)


def one_char_ids(m, cp: np.ndarray) -> np.ndarray:
    """``word_ids`` of each character (code point + 1) as a one-character
    word. ``modelfile.Model.char_word_ids`` gives the same from a
    per-character table; ``m`` provides that method to this module."""
    with np.errstate(over="ignore"):
        return word_ids(m, LENGTH_SALT + cp)


def text_ids(m, cp: np.ndarray, han: np.ndarray, windows) -> np.ndarray:
    """ids[i, L-1]: the id of the word ``text[i:i+L]`` (UNKNOWN for a Han
    character outside the vocabulary, NO_WORD elsewhere)."""
    n = len(cp)
    ids = np.full((n, MAX_LEN), NO_WORD, dtype=np.int64)
    one = m.char_word_ids(cp)
    ids[:, 0] = np.where(han, np.where(one >= 0, one, UNKNOWN), NO_WORD)
    for length, h, valid, _ in windows:
        ids[: len(h), length - 1] = np.where(valid, word_ids(m, h), NO_WORD)
    return ids


def _edited_ids(m, text_id: np.ndarray, at, inside, cur, changed, han_new) -> np.ndarray:
    """ids[r, s, L-1] of the words of each row's window; only the words
    holding a changed character are looked up."""
    rows, width = cur.shape
    ids = np.full((rows, width, MAX_LEN), NO_WORD, dtype=np.int64)
    for length in range(1, MAX_LEN + 1):
        span = width - length + 1
        fits = inside[:, :span] & inside[:, length - 1 : length - 1 + span]
        ids[:, :span, length - 1] = np.where(fits, text_id[at[:, :span], length - 1], NO_WORD)
        touch, all_han, h = touched_words(cur, changed, han_new, length)
        if length == 1:
            found = m.char_word_ids(cur[touch])
            found = np.where(found >= 0, found, UNKNOWN)
        else:
            found = word_ids(m, h[touch])
        ids[:, :span, length - 1][touch] = np.where(all_han[touch], found, NO_WORD)
    return ids


def _unigrams(m, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unigram log-probabilities and back-off weights of ``ids`` (any shape)."""
    word = ids >= 0
    safe = np.where(word, ids, 0)
    uni = np.where(word, m.lm_u[safe], np.where(ids == UNKNOWN, m.lm_unk, _NONE)).astype(np.float32)
    return uni, np.where(word, m.lm_b[safe], 0).astype(np.float32)


def _transitions(m, ids, uni, backoff, base=None, changed=None) -> np.ndarray:
    """trans[a-1, b-1, s, r]: log P(word at s+a of b characters | word at s
    of a characters) in row r's window. With ``base`` (the same windows
    before the edit; filled in and returned, not copied) only the pairs
    that hold a changed column are looked up again: first those holding a
    column every row changes (the edit's first character), for all rows at
    once, then the rows that change more columns (two-character edits)."""
    _, width, rows = ids.shape
    if base is None:
        trans = np.full((MAX_LEN, MAX_LEN, width, rows), _NONE, dtype=np.float32)
        _pairs(m, ids, uni, backoff, trans, 0, width, ALL)
        return trans
    everywhere = changed.all(axis=1)
    for column in np.nonzero(everywhere)[0]:
        _pairs(m, ids, uni, backoff, base, int(column), int(column) + 1, ALL)
    for column in np.nonzero(changed.any(axis=1) & ~everywhere)[0]:
        some = np.nonzero(changed[column])[0]
        _pairs(m, ids, uni, backoff, base, int(column), int(column) + 1, some)
    return base


ALL = slice(None)


def _pairs(m, ids, uni, backoff, trans, lo: int, hi: int, rows) -> None:
    """Fill ``trans`` for the word pairs holding a column of [lo, hi) in
    ``rows`` (indices, or ALL: a view, no copies). With indices, numpy puts
    the row axis first in every indexed array here and in the assignment
    alike (an integer and an index array around a slice), so they match."""
    width = ids.shape[1]
    for a in range(1, MAX_LEN + 1):
        for b in range(1, MAX_LEN + 1):
            start, stop = max(lo - a - b + 1, 0), min(hi, width - a - b + 1)
            if stop <= start:
                continue
            first, second = ids[a - 1, start:stop, rows], ids[b - 1, start + a : stop + a, rows]
            est = backoff[a - 1, start:stop, rows] + uni[b - 1, start + a : stop + a, rows]
            both = (first >= 0) & (second >= 0)
            key = (first[both].astype(np.uint64) << np.uint64(ID_BITS)) | second[both].astype(np.uint64)
            at, found = find(m.lm_pair, key, m.lm_pair_bloom)
            est[both] = np.where(found, m.lm_pair_q[at] * np.float32(-PAIR_STEP), est[both])
            trans[a - 1, b - 1, start:stop, rows] = np.where((first != NO_WORD) & (second != NO_WORD), est, _NONE)


def _viterbi(ids: np.ndarray, brk: np.ndarray, uni: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """The log10 probability of the best segmentation of each row's window;
    a break column (not Han) is passed for free and resets the context."""
    _, width, rows = ids.shape
    best = np.full((width + 1, MAX_LEN, rows), _NONE, dtype=np.float32)  # best[end, L-1]: last word of L
    free = np.full((width + 1, rows), _NONE, dtype=np.float32)  # paths ending at a break
    free[0] = 0
    for end in range(1, width + 1):
        free[end] = np.where(brk[end - 1], np.maximum(free[end - 1], best[end - 1].max(axis=0)), _NONE)
        for b in range(1, min(MAX_LEN, end) + 1):
            s = end - b
            score = free[s] + uni[b - 1, s]
            for a in range(1, min(MAX_LEN, s) + 1):
                np.maximum(score, best[s, a - 1] + trans[a - 1, b - 1, s - a], out=score)
            best[end, b - 1] = np.where(ids[b - 1, s] == NO_WORD, _NONE, score)
    return np.maximum(free[width], best[width].max(axis=0))


def _rows_last(a: np.ndarray) -> np.ndarray:
    """[r, c, ...] -> [..., c, r]: every step of the search is then one
    contiguous vector over the rows."""
    return np.ascontiguousarray(a.transpose(*range(a.ndim - 1, 0, -1), 0))


def best_scores(m, ids: np.ndarray, han: np.ndarray) -> np.ndarray:
    """The log10 probability of the best segmentation of each row's window
    (``ids[r, s, L-1]`` as from ``_edited_ids``; ``han[r, c]``: a Han
    character, else a break)."""
    ids = _rows_last(ids)
    uni, backoff = _unigrams(m, ids)
    return _viterbi(ids, ~_rows_last(han), uni, _transitions(m, ids, uni, backoff))


def sentence_score(m, text: str) -> float:
    """The log10 probability of the best segmentation of ``text`` (a few
    dozen characters at most): for typo.missing-char's repeated phrases, tests
    and inspection."""
    cp = codes(text)
    han = is_han(cp)
    windows = [(n, span_hashes(cp, n), window_valid(han, n), None) for n in range(2, MAX_LEN + 1) if len(cp) >= n]
    return float(best_scores(m, text_ids(m, cp, han, windows)[None], han[None])[0])


def gain(m, text_id: np.ndarray, text_han: np.ndarray, first, inverse, at, inside, cur, changed) -> np.ndarray:
    """Gain in the word-bigram score of the best segmentation of each
    edit's window (``features._edited`` from ``pos - RADIUS``, ``WIDTH``
    columns), the edit applied against the text as it is. The original
    window is the same for every edit at a position: ``first`` holds one
    row per position, ``inverse`` each row's position."""
    han = np.where(inside, text_han[at], False)
    han_new = han | changed
    old_ids = _rows_last(
        _edited_ids(m, text_id, at[first], inside[first], cur[first], np.zeros_like(changed[first]), han[first])
    )
    old_uni, old_backoff = _unigrams(m, old_ids)
    old_trans = _transitions(m, old_ids, old_uni, old_backoff)
    old = _viterbi(old_ids, ~_rows_last(han[first]), old_uni, old_trans)
    new_ids = _rows_last(_edited_ids(m, text_id, at, inside, cur, changed, han_new))
    uni, backoff = _unigrams(m, new_ids)
    # Indexing with ``inverse`` makes a new array: _transitions may fill it in.
    trans = _transitions(m, new_ids, uni, backoff, old_trans[..., inverse], _rows_last(changed))
    return _viterbi(new_ids, ~_rows_last(han_new), uni, trans) - old[inverse]
