"""The default offline typo engine: word-lexicon evidence + character bigrams.

See docs/typo-engine.md for the design and measurements. In short: a
character is suspected only where replacing it by a confusable character
(same pinyin, same syllable, similar shape) turns a window of 2-4
characters into a frequent lexicon word while the original window is not
one; the edit is kept when the gain in word frequency and in character
bigram likelihood both pass strict thresholds. Every lookup is a batched
``numpy.searchsorted`` over sorted 64-bit hash tables.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from govlint.data import data_path
from govlint.typo.hashing import LENGTH_SALT, MASK, MAX_LEN, POWERS, codes, masked, span_hashes

MODEL_FILE = "typo/model.npz"


def pycorrector_data():
    """pycorrector's data folder, found without importing its package root
    (which imports torch)."""
    import importlib.util

    spec = importlib.util.find_spec("pycorrector")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("pycorrector 未安装：请重新安装 govlint")
    return Path(spec.submodule_search_locations[0]) / "data"


@dataclass(frozen=True)
class Edit:
    """Replace the character at ``index`` (of the checked text) by ``suggestion``."""

    index: int
    original: str
    suggestion: str
    score: float


@dataclass(frozen=True)
class Thresholds:
    word_gain: float = 2.0  # log-frequency gain of the best word the edit creates
    lm_gain: float = 1.0  # character bigram log-likelihood gain
    min_word: float = 4.0  # log count of the created word (jieba counts)
    score: float = 5.0  # word_gain + lm_gain


def sorted_search(keys: np.ndarray, query: np.ndarray, side: str = "left") -> np.ndarray:
    """``np.searchsorted`` with the queries sorted first: a batch of sorted
    queries walks the table in order and is several times faster."""
    if len(query) < 64:
        return np.searchsorted(keys, query, side=side)
    order = np.argsort(query)
    out = np.empty(len(query), dtype=np.intp)
    out[order] = np.searchsorted(keys, query[order], side=side)
    return out


def _lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray, default: float = 0.0) -> np.ndarray:
    """values[keys == query] for each query (keys sorted, unique), else default."""
    if len(query) == 0:
        return np.zeros(0, dtype=np.float32)
    pos = sorted_search(keys, query)
    pos[pos >= len(keys)] = len(keys) - 1
    found = keys[pos] == query
    return np.where(found, values[pos].astype(np.float32), np.float32(default))


class Model:
    """The hash tables of ``dictionaries/typo/model.npz``.

    The file is compressed (it ships in the wheel); the first use unpacks it
    into the user's cache folder (``GOVLINT_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/govlint`` or ``~/.cache/govlint``) as ``.npy`` files
    that later processes map into memory in milliseconds.
    """

    def __init__(self, path: Path | None = None) -> None:
        arrays = load_arrays(path or data_path(MODEL_FILE))
        for name, value in arrays.items():
            if name != "meta":
                setattr(self, name, value)
        meta = json.loads(bytes(np.asarray(arrays["meta"])).decode())
        self.log_total = float(meta["total_words"])

    def word_logf(self, hashes: np.ndarray) -> np.ndarray:
        return _lookup(self.word_h, self.word_v, hashes)


def cache_dir() -> Path:
    base = os.environ.get("GOVLINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "govlint"


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    """The model's arrays, memory-mapped from the cache when possible."""
    with zipfile.ZipFile(path) as archive:
        entries = sorted((i.filename, i.CRC, i.file_size) for i in archive.infolist())
    key = hashlib.sha1(repr(entries).encode()).hexdigest()[:16]
    folder = cache_dir() / f"typo-model-{key}"
    names = [name.removesuffix(".npy") for name, _, _ in entries]
    if not (folder / "complete").is_file():
        try:
            _unpack(path, folder)
        except OSError:
            with np.load(path) as data:  # a read-only home: keep it in memory
                return {name: data[name] for name in names}
    return {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in names}


def _unpack(path: Path, folder: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=".typo-model-", dir=_ensure(folder.parent)))
    with np.load(path) as data:
        for name in data.files:
            np.save(tmp / f"{name}.npy", data[name])
    (tmp / "complete").write_text("ok\n", encoding="utf-8")
    try:
        tmp.rename(folder)
    except OSError:  # another process got there first
        shutil.rmtree(tmp, ignore_errors=True)
        if not (folder / "complete").is_file():
            raise


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@lru_cache(maxsize=1)
def model() -> Model:
    return Model()


def _member(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    if len(query) == 0 or len(keys) == 0:
        return np.zeros(len(query), dtype=bool)
    at = sorted_search(keys, query)
    at[at >= len(keys)] = 0
    return keys[at] == query


def _confusable_words(m: Model, q: np.ndarray, orig: np.ndarray, k: int):
    """For masked windows whose pattern fits too many words: try each
    character confusable with the original and keep those making a word.
    Returns (row in q, new character, word log count)."""
    o = (orig - np.uint64(1)) << np.uint64(21)
    lo = sorted_search(m.pair_keys, o)
    hi = sorted_search(m.pair_keys, o + (np.uint64(1) << np.uint64(21)))
    counts = hi - lo
    rows = np.repeat(np.arange(len(q)), counts)
    idx = np.repeat(lo, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts))
    new = m.pair_keys[idx] & np.uint64((1 << 21) - 1)
    with np.errstate(over="ignore"):
        h = q[rows] - MASK * POWERS[k] + (new + np.uint64(1)) * POWERS[k]
    logf = m.word_logf(h)
    found = logf >= np.float32(np.log(4))  # the masked table's minimum count (3)
    return rows[found], new[found].astype(np.uint32), logf[found]


def _is_han(cp: np.ndarray) -> np.ndarray:
    c = cp - 1
    return (c >= 0x4E00) & (c <= 0x9FFF)


def _parallel(cp: np.ndarray, han: np.ndarray) -> np.ndarray:
    """True at i when text[i-1] == text[i+1] or text[i] == text[i-2] or text[i+2] (Han)."""
    out = np.zeros(len(cp), dtype=bool)
    if len(cp) >= 3:
        out[1:-1] |= (cp[:-2] == cp[2:]) & han[:-2]
        same = (cp[:-2] == cp[2:]) & han[2:]
        out[2:] |= same
        out[:-2] |= same
    return out


def _window_valid(han: np.ndarray, length: int) -> np.ndarray:
    n = len(han) - length + 1
    if n <= 0:
        return np.zeros(0, dtype=bool)
    ok = han[:n].copy()
    for k in range(1, length):
        ok &= han[k : k + n]
    return ok


def _bigram_logf(m: Model, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    from govlint.typo.hashing import LENGTH_SALT, POWERS

    with np.errstate(over="ignore"):
        h = np.uint64(2) * LENGTH_SALT + left * POWERS[0] + right * POWERS[1]
    return _lookup(m.bi_h, m.bi_v, h)


SEG_RADIUS = 4
LM_FLOOR = -1.0  # nats of character-bigram gain
SUSPECT_COVER = 8.0  # log count: a character inside a word seen 3,000+ times is not suspected
UNKNOWN_CHAR = 6.0  # extra cost (nats) of a character that is not even a one-character word


def _segment_scores(m: Model, win: np.ndarray) -> np.ndarray:
    """Best unigram-word segmentation log-probability of each row of ``win``.

    ``win`` holds code points + 1 (0 outside the text); like jieba, a word
    costs ``log(count / total)``; a non-Han character costs nothing.
    """
    rows, width = win.shape
    han = _is_han(win)
    best = np.full((rows, width + 1), -1e9, dtype=np.float32)
    best[:, 0] = 0
    for end in range(1, width + 1):
        for length in range(1, min(MAX_LEN, end) + 1):
            start = end - length
            seg = win[:, start:end]
            ok = np.all(han[:, start:end], axis=1)
            with np.errstate(over="ignore"):
                h = np.full(rows, np.uint64(length) * LENGTH_SALT, dtype=np.uint64)
                for k in range(length):
                    h += seg[:, k] * POWERS[k]
            logf = m.word_logf(h)
            if length == 1:
                cost = np.where(ok, np.where(logf > 0, logf - m.log_total, -m.log_total - UNKNOWN_CHAR), 0)
            else:
                cost = np.where(ok & (logf > 0), logf - m.log_total, -1e9)
            np.maximum(best[:, end], best[:, start] + cost, out=best[:, end])
    return best[:, width]


def _unigram_logf(m: Model, chars: np.ndarray) -> np.ndarray:
    from govlint.typo.hashing import LENGTH_SALT

    with np.errstate(over="ignore"):
        h = LENGTH_SALT + chars
    return _lookup(m.uni_h, m.uni_v, h)


FEATURES = (
    "bias", "word", "cover", "word_gain", "orig_window", "left_gain", "right_gain",
    "same_tone", "other_tone", "shape", "syllable", "uni_orig", "uni_new", "word_len", "seg_gain", "fuzzy",
    "strokes", "unrelated",
)


def candidates(text: str, protected: np.ndarray | None = None):
    """(positions, new characters, feature matrix) of every plausible edit of ``text``."""
    m = model()
    cp = codes(text)
    n = len(cp)
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64), np.zeros((0, len(FEATURES)), np.float32))
    if n < 2:
        return empty
    han = _is_han(cp)
    cover = np.zeros(n, dtype=np.float32)  # best log count of a word covering each index
    windows = []
    for length in range(2, MAX_LEN + 1):
        if n < length:
            break
        h = span_hashes(cp, length)
        valid = _window_valid(han, length)
        wf = np.where(valid, m.word_logf(h), 0).astype(np.float32)
        for k in range(length):
            np.maximum(cover[k : k + len(wf)], wf, out=cover[k : k + len(wf)])
        windows.append((length, h, valid, wf))
    # Only a character outside every frequent word is a suspect, and not one
    # inside a parallel pattern (宜居宜业, 依规依纪, 自查自纠): such phrases
    # are coined freely and rarely listed in a lexicon.
    suspect = (cover < SUSPECT_COVER) & ~_parallel(cp, han)
    cand_pos, cand_char, cand_word, cand_orig, cand_len = [], [], [], [], []
    for length, h, valid, wf in windows:
        for k in range(length):
            starts = np.nonzero(valid & suspect[k : k + len(valid)])[0]
            if len(starts) == 0:
                continue
            q = masked(h[starts], cp[starts + k], k)
            big = _member(m.mask_big, q)
            if big.any():
                got = _confusable_words(m, q[big], cp[starts[big] + k], k)
                rows, chars, logf = got
                cand_pos.append(starts[big][rows] + k)
                cand_char.append(chars)
                cand_word.append(logf)
                cand_orig.append(wf[starts[big][rows]])
                cand_len.append(np.full(len(rows), length, dtype=np.float32))
            lo = sorted_search(m.mask_h, q, side="left")
            hi = sorted_search(m.mask_h, q, side="right")
            hit = np.nonzero(hi > lo)[0]
            if len(hit) == 0:
                continue
            counts = hi[hit] - lo[hit]
            offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            idx = np.repeat(lo[hit], counts) + offsets
            cand_pos.append(np.repeat(starts[hit] + k, counts))
            cand_char.append(m.mask_c[idx])
            cand_word.append(m.mask_v[idx].astype(np.float32))
            cand_orig.append(np.repeat(wf[starts[hit]], counts))
            cand_len.append(np.full(len(idx), length, dtype=np.float32))
    if not cand_pos:
        return empty
    pos = np.concatenate(cand_pos)
    new = np.concatenate(cand_char).astype(np.uint64)
    word = np.concatenate(cand_word)
    owin = np.concatenate(cand_orig)
    wlen = np.concatenate(cand_len)
    orig = cp[pos] - np.uint64(1)
    keep = (new != orig) & (word > owin)
    if protected is not None:
        keep &= ~protected[pos]
    keys = (orig << np.uint64(21)) | new
    at = sorted_search(m.pair_keys, keys)
    at[at >= len(m.pair_keys)] = 0
    related = m.pair_keys[at] == keys
    # Any replacement may complete a 3-4 character word (概莫如外 -> 概莫能外).
    keep &= related | (wlen >= 3)
    sel = np.nonzero(keep)[0]
    if len(sel) == 0:
        return empty
    kind = np.where(related[sel], m.pair_kind[at[sel]], 0)
    pos, new, word, owin, wlen, orig = pos[sel], new[sel], word[sel], owin[sel], wlen[sel], orig[sel]
    # One row per (position, candidate): the window with the largest gain.
    key = pos.astype(np.uint64) << np.uint64(21) | new
    order = np.lexsort((-(word - owin), key))
    key = key[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    pick = order[first]
    pos, new, word, owin = pos[pick], new[pick], word[pick], owin[pick]
    wlen, orig, kind = wlen[pick], orig[pick], kind[pick]
    newc = new + np.uint64(1)
    origc = orig + np.uint64(1)
    has_left = pos > 0
    has_left[has_left] &= han[pos[has_left] - 1]
    has_right = pos < n - 1
    has_right[has_right] &= han[pos[has_right] + 1]
    li = np.where(has_left, pos - 1, 0)
    ri = np.where(has_right, pos + 1, 0)
    uni_new = _unigram_logf(m, newc)
    uni_orig = _unigram_logf(m, origc)
    left_gain = np.where(has_left, _bigram_logf(m, cp[li], newc) - _bigram_logf(m, cp[li], origc), 0)
    right_gain = np.where(
        has_right, _bigram_logf(m, newc, cp[ri]) - _bigram_logf(m, origc, cp[ri]) - (uni_new - uni_orig), 0
    )
    # An edit that makes the character bigrams clearly worse is never kept
    # (checked on the training sets): drop it before the costlier segmentation.
    ok = np.nonzero(left_gain + right_gain >= LM_FLOOR)[0]
    pos, new, newc, word, owin, wlen, kind = pos[ok], new[ok], newc[ok], word[ok], owin[ok], wlen[ok], kind[ok]
    left_gain, right_gain, uni_orig, uni_new = left_gain[ok], right_gain[ok], uni_orig[ok], uni_new[ok]
    offsets = np.arange(-SEG_RADIUS, SEG_RADIUS + 1)
    idx = pos[:, None] + offsets[None, :]
    inside = (idx >= 0) & (idx < n)
    win = np.where(inside, cp[np.clip(idx, 0, n - 1)], 0)
    win_new = win.copy()
    win_new[:, SEG_RADIUS] = newc
    # The original window is the same for every candidate at a position.
    _, first_row, inverse = np.unique(pos, return_index=True, return_inverse=True)
    seg_gain = _segment_scores(m, win_new) - _segment_scores(m, win[first_row])[inverse]
    x = np.stack(
        [
            np.ones(len(pos), np.float32), word, cover[pos], word - cover[pos], owin, left_gain, right_gain,
            kind == 1, kind == 2, kind == 3, kind == 4, uni_orig, uni_new, wlen, seg_gain, kind == 5,
            kind == 6, kind == 0,
        ],
        axis=1,
    ).astype(np.float32)
    return pos, new, x


WEIGHTS_FILE = "typo/weights.json"


@dataclass(frozen=True)
class Scorer:
    """A one-hidden-layer network over FEATURES: the logit that an edit is right."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float
    threshold: float

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return np.maximum(x @ self.w1 + self.b1, 0) @ self.w2 + self.b2


@lru_cache(maxsize=1)
def scorer() -> Scorer:
    data = json.loads(data_path(WEIGHTS_FILE).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{WEIGHTS_FILE}: features differ from the engine's; rerun scripts/train_typo_weights.py")
    return Scorer(
        np.array(data["w1"], dtype=np.float32),
        np.array(data["b1"], dtype=np.float32),
        np.array(data["w2"], dtype=np.float32),
        float(data["b2"]),
        float(data["threshold"]),
    )


def _decide(text: str, pos: np.ndarray, new: np.ndarray, x: np.ndarray, threshold: float) -> list[Edit]:
    score = scorer()(x)
    edits: dict[int, Edit] = {}
    for i in np.nonzero(score > threshold)[0]:
        p = int(pos[i])
        e = Edit(p, text[p], chr(int(new[i])), float(score[i]))
        if p not in edits or e.score > edits[p].score:
            edits[p] = e
    return sorted(edits.values(), key=lambda e: e.index)


def detect(text: str, protected: np.ndarray | None = None, threshold: float | None = None) -> list[Edit]:
    """Suspected wrong characters of ``text``; ``protected[i]`` excludes index i."""
    pos, new, x = candidates(text, protected)
    if len(pos) == 0:
        return []
    return _decide(text, pos, new, x, scorer().threshold if threshold is None else threshold)


def detect_many(
    texts: list[str],
    threshold: float | None = None,
    batch_chars: int = 20000,
    protected: list[np.ndarray] | None = None,
) -> list[list[Edit]]:
    """``detect`` for many texts, batched: the texts are joined with line
    breaks (never part of a word) so that one set of array operations
    serves many of them."""
    results: list[list[Edit]] = [[] for _ in texts]
    i = 0
    while i < len(texts):
        j, size = i, 0
        while j < len(texts) and (j == i or size + len(texts[j]) < batch_chars):
            size += len(texts[j]) + 1
            j += 1
        joined = "\n".join(texts[i:j])
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[i:j]])
        mask = None
        if protected is not None:
            mask = np.concatenate([np.append(p, True) for p in protected[i:j]])[: len(joined)]
        for e in detect(joined, mask, threshold=threshold):
            k = int(np.searchsorted(starts, e.index, side="right")) - 1
            results[i + k].append(Edit(e.index - int(starts[k]), e.original, e.suggestion, e.score))
        i = j
    return results


def correct(text: str, threshold: float | None = None) -> tuple[str, list[Edit]]:
    edits = detect(text, threshold=threshold)
    chars = list(text)
    for e in edits:
        chars[e.index] = e.suggestion
    return "".join(chars), edits
