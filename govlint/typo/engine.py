"""The default offline typo engine: lexicons, homophones, n-grams and a word model.

See docs/typo-engine.md for the design and measurements. In short: a
character that no frequent word covers is a suspect; candidate edits make a
lexicon word one confusable character away, a more frequent homophone word
one or two characters away (师公 -> 施工), swap a member of a character set
(的/地/得), or put a one-character word of the same pinyin in its place
(取 -> 去). A first small network on cheap word and character-bigram
evidence drops the clearly wrong edits; a second one, which also weighs
segmentation, character trigrams and the word bigram model
(``wordlm.py``), decides which to report. Every lookup is a batched
``numpy.searchsorted`` over sorted 64-bit hash tables.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import numpy as np

from govlint.data import data_path
from govlint.typo import wordlm
from govlint.typo.hashing import (
    HAN_FIRST,
    HAN_LAST,
    LENGTH_SALT,
    MASK,
    MAX_LEN,
    POWERS,
    bloom_filter,
    codes,
    idiom_tables,
    masked,
    sorted_ranges,
    span_hashes,
    touched_words,
    window_valid,
)
from govlint.typo.hashing import find as _find
from govlint.typo.hashing import is_han as _is_han

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


def _lookup(
    keys: np.ndarray, values: np.ndarray, query: np.ndarray, default: float = 0.0, bloom: np.ndarray | None = None
) -> np.ndarray:
    """values[keys == query] for each query (keys sorted, unique), else default."""
    if len(query) == 0:
        return np.zeros(0, dtype=np.float32)
    at, found = _find(keys, query, bloom)
    return np.where(found, values[at].astype(np.float32), np.float32(default))


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
        self.lm_unk = np.float32(meta["word_lm"]["unk"] - wordlm.UNKNOWN_EXTRA)

    def word_logf(self, hashes: np.ndarray) -> np.ndarray:
        return _lookup(self.word_h, self.word_v, hashes, bloom=self.word_h_bloom)

    @cached_property
    def chars(self) -> CharTables:
        return CharTables.of(self)

    def char_word_ids(self, chars: np.ndarray) -> np.ndarray:
        """The word model's id of each character (code point + 1) as a word of its own."""
        return per_char(self.chars.lm_id, chars, lambda h: wordlm.word_ids(self, h))


BMP = 0x10000  # the characters the per-character tables cover


@dataclass(frozen=True)
class CharTables:
    """Per-character values over the Basic Multilingual Plane, looked up in
    the hash tables once per process (a few milliseconds) so that the
    engine's many one-character lookups are plain indexing."""

    word: np.ndarray  # log count of the character as a word of its own
    uni: np.ndarray  # character unigram log count
    lm_id: np.ndarray  # the word model's id of the one-character word (wordlm.NO_WORD if none)
    # By pair kinds K: (start, new), the characters confusable with Han
    # character c by one of the kinds K being new[start[i] : start[i + 1]],
    # i = c - HAN_FIRST, in pair_keys order; made on first use of each K.
    # Under (K, w): only those that are words of their own above log count w.
    confusable: dict[object, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    @classmethod
    def of(cls, m: Model) -> CharTables:
        chars = np.arange(1, BMP + 1, dtype=np.uint64)  # code points + 1
        with np.errstate(over="ignore"):
            one = LENGTH_SALT + chars
        return cls(m.word_logf(one), _lookup(m.uni_h, m.uni_v, one), wordlm.one_char_ids(m, chars))

    def close_pairs(
        self, m: Model, kinds: tuple[int, ...], min_word: float | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """With ``min_word``: only the confusable characters that are words
        of their own seen more often than that (log count), in the same order."""
        key = kinds if min_word is None else (kinds, min_word)
        if key not in self.confusable:
            if min_word is None:
                keys = m.pair_keys[np.isin(m.pair_kind, kinds)]
                han = np.arange(HAN_FIRST, HAN_LAST + 2, dtype=np.uint64) << np.uint64(21)
                self.confusable[key] = (np.searchsorted(keys, han), keys & np.uint64((1 << 21) - 1))
            else:
                start, new = self.close_pairs(m, kinds)
                keep = _char_word_logf(m, new + np.uint64(1)) > min_word
                kept_before = np.concatenate(([0], np.cumsum(keep)))
                self.confusable[key] = (kept_before[start], new[keep])
        return self.confusable[key]


def per_char(table: np.ndarray, chars: np.ndarray, lookup) -> np.ndarray:
    """``table[c]`` for each of ``chars`` (code points + 1) inside the table,
    else ``lookup`` of the character's one-character hash."""
    c = chars - np.uint64(1)  # 0 ("no character") wraps around: outside
    inside = c < np.uint64(len(table))
    out = table[np.where(inside, c, 0).astype(np.intp)]
    if not inside.all():
        with np.errstate(over="ignore"):
            out[~inside] = lookup(LENGTH_SALT + chars[~inside])
    return out


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
    # New derived tables or look-alikes: a new folder.
    lookalikes = hashlib.sha1(data_path(LOOKALIKES_FILE).read_bytes()).hexdigest()
    key = hashlib.sha1(repr((entries, DERIVED, lookalikes)).encode()).hexdigest()[:16]
    folder = cache_dir() / f"typo-model-{key}"
    names = [_unpacked_name(name.removesuffix(".npy")) for name, _, _ in entries] + list(DERIVED)
    if not (folder / "complete").is_file():
        try:
            _unpack(path, folder)
        except OSError:
            return _read(path)  # a read-only home: keep it in memory
    # Plain ndarray views: numpy's memmap subclass costs a Python call per indexing.
    try:
        return {name: np.load(folder / f"{name}.npy", mmap_mode="r").view(np.ndarray) for name in names}
    except OSError:  # removed meanwhile by another govlint version unpacking its own model
        return _read(path)


DELTA = "_delta"  # a sorted key array shipped as differences (they compress to half), summed when unpacked


def _unpacked_name(name: str) -> str:
    return name.removesuffix(DELTA)


def _unpacked(name: str, array: np.ndarray) -> np.ndarray:
    return np.cumsum(array, dtype=np.uint64) if name.endswith(DELTA) else array


# Tables computed from shipped ones when the model is unpacked (shipped, they would add
# 2 MB; the Bloom filters, random bits that do not compress, 32 MB).
BLOOMED = ("word_h", "bi_h", "tri_h", "lm_h", "lm_pair", "pair_keys", "name_h", "mask_h", "snd_h")
DERIVED = ("idiom_mask_h", "idiom_mask_i", "idiom_del_h", "idiom_del_i", *(f"{n}_bloom" for n in BLOOMED))


LOOKALIKES_FILE = "typo/lookalikes.txt"


def lookalike_pairs(path: Path) -> np.ndarray:
    """The pair keys (``orig << 21 | new``) of ``dictionaries/typo/lookalikes.txt``,
    sorted: each line a character, a tab, the characters it looks like."""
    keys = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            char, _, others = line.partition("\t")
            keys.extend((ord(char) << 21) | ord(other) for other in others if other != char)
    return np.unique(np.array(keys, dtype=np.uint64))


def with_lookalikes(keys: np.ndarray, kinds: np.ndarray, extra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The model's confusion pairs and the look-alike pairs it lacks
    (COMPONENT_KIND), sorted by key; a pair the model has keeps its kind."""
    extra = extra[~_find(keys, extra)[1]]
    merged = np.concatenate((keys, extra))
    order = np.argsort(merged, kind="stable")
    return merged[order], np.concatenate((kinds, np.full(len(extra), COMPONENT_KIND, kinds.dtype)))[order]


def _read(path: Path) -> dict[str, np.ndarray]:
    """Every array of the model, the derived ones included, read into memory."""
    with np.load(path) as data:
        arrays = {_unpacked_name(name): _unpacked(name, data[name]) for name in data.files}
    arrays["pair_keys"], arrays["pair_kind"] = with_lookalikes(
        arrays["pair_keys"], arrays["pair_kind"], lookalike_pairs(data_path(LOOKALIKES_FILE))
    )
    arrays.update(idiom_tables(arrays["idioms"]))
    arrays.update({f"{name}_bloom": bloom_filter(arrays[name]) for name in BLOOMED})
    return arrays


def _unpack(path: Path, folder: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=".typo-model-", dir=_ensure(folder.parent)))
    for name, array in _read(path).items():
        np.save(tmp / f"{name}.npy", array)
    (tmp / "complete").write_text("ok\n", encoding="utf-8")
    try:
        tmp.rename(folder)
    except OSError:  # another process got there first
        shutil.rmtree(tmp, ignore_errors=True)
        if not (folder / "complete").is_file():
            raise
    _remove_older_unpackings(folder)


def _remove_older_unpackings(current: Path) -> None:
    """Delete the folders other models (an earlier govlint) were unpacked to,
    35-100 MB each, and unpackings interrupted over an hour ago. A process
    still using one keeps its mapped pages; another installation that needs
    its folder unpacks it again (about a second)."""
    for other in current.parent.glob("typo-model-*"):
        if other != current and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    for stale in current.parent.glob(".typo-model-*"):
        try:
            if time.time() - stale.stat().st_mtime > 3600:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            pass


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@lru_cache(maxsize=1)
def model() -> Model:
    return Model()


def _member(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    return _find(keys, query)[1]


# Confusion pair kinds: 1 same pinyin and tone, 2 other tone, 3 similar shape
# (pycorrector's groups), 4 same syllable, 5 fuzzy pinyin, 6 stroke order one
# stroke apart (the model's), 7 a shared component (dictionaries/typo/lookalikes.txt).
COMPONENT_KIND = 7
CURATED_KINDS = 6  # the kinds the curated rules take as confusable: a component look-alike needs word evidence
BIG_PATTERN_KINDS = (1, 2, 3, 4, 5, COMPONENT_KIND)  # tried in crowded masked patterns


def _confusables(
    m: Model, orig: np.ndarray, kinds: tuple[int, ...], min_word: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Every character confusable with each of ``orig`` (code points + 1) by
    one of the pair ``kinds`` (and a word of its own more frequent than
    ``min_word``, if given): (row in orig, new code point)."""
    c = orig.astype(np.int64) - 1 - HAN_FIRST  # every character with pairs is Han
    c = np.where((c >= 0) & (c <= HAN_LAST - HAN_FIRST), c, -1)
    start, new = m.chars.close_pairs(m, kinds, min_word)
    lo = np.where(c >= 0, start[c], 0)
    rows, idx = _expand(lo, np.where(c >= 0, start[c + 1], 0))
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
    rows, idx = _expand(lo, hi)
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
    rows, new = _confusables(m, cp[positions], BIG_PATTERN_KINDS)
    offsets = np.zeros(len(positions) + 1, dtype=np.intp)
    np.cumsum(np.bincount(rows, minlength=len(positions)), out=offsets[1:])
    return offsets, new


def _parallel(cp: np.ndarray, han: np.ndarray) -> np.ndarray:
    """True at i when text[i-1] == text[i+1] or text[i] == text[i-2] or text[i+2] (Han)."""
    out = np.zeros(len(cp), dtype=bool)
    if len(cp) >= 3:
        out[1:-1] |= (cp[:-2] == cp[2:]) & han[:-2]
        same = (cp[:-2] == cp[2:]) & han[2:]
        out[2:] |= same
        out[:-2] |= same
    return out


def _bigram_logf(m: Model, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    from govlint.typo.hashing import LENGTH_SALT, POWERS

    with np.errstate(over="ignore"):
        h = np.uint64(2) * LENGTH_SALT + left * POWERS[0] + right * POWERS[1]
    return _lookup(m.bi_h, m.bi_v, h, bloom=m.bi_h_bloom)


SEG_RADIUS = 4
LM_FLOOR = -1.0  # nats of character-bigram gain
SUSPECT_COVER = 8.0  # log count: a character inside a word seen 3,000+ times is not suspected
UNKNOWN_CHAR = 6.0  # extra cost (nats) of a character that is not even a one-character word


def _unigram_logf(m: Model, chars: np.ndarray) -> np.ndarray:
    return per_char(m.chars.uni, chars, lambda h: _lookup(m.uni_h, m.uni_v, h))


def _char_word_logf(m: Model, chars: np.ndarray) -> np.ndarray:
    """Log count of each character (code point + 1) as a word of its own."""
    return per_char(m.chars.word, chars, m.word_logf)


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


def _no_candidates() -> Candidates:
    i, c = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return Candidates(i, c, i, c, np.zeros((0, len(FEATURES)), np.float32))


def _matches(
    keys: np.ndarray, query: np.ndarray, bloom: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(query row, key index) of every entry of sorted ``keys`` equal to a query."""
    return _expand(*sorted_ranges(keys, query, bloom))


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, table index) of every entry in the ranges ``lo[row]:hi[row]``."""
    counts = hi - lo
    rows = np.repeat(np.arange(len(lo)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows, np.repeat(lo, counts) + offsets


def _windows(m: Model, cp: np.ndarray, han: np.ndarray):
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
            big = _member(m.mask_big, q)
            if big.any():
                crowded.append(_Crowded(len(parts), q[big], starts[big], h[starts[big]], k, wf, length))
                parts.append(None)
            rows, idx = _matches(m.mask_h, q, m.mask_h_bloom)
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
        positions = np.unique(np.concatenate(firsts))
        offsets, new = _confusables_at(m, cp, positions)
        for c, (first, inverse) in zip(crowded, distinct, strict=True):
            i = np.searchsorted(positions, c.at[first] + c.k)
            floor = c.wf[c.at[first]]  # each distinct window's own count
            rows, chars, logf = _confusable_words(m, c.q[first], offsets[i], offsets[i + 1], new, c.k, floor)
            counts = np.bincount(rows, minlength=len(first))
            begin = np.cumsum(counts) - counts
            window, j = _expand(begin[inverse], begin[inverse] + counts[inverse])
            at = c.at[window]
            parts[c.slot] = (at + c.k, chars[j], logf[j], c.wf[at], c.length)
    return parts


def _syllables(m: Model, cp: np.ndarray) -> np.ndarray:
    """Toneless syllable id of each character (0: none)."""
    c = cp.astype(np.int64) - 1 - HAN_FIRST
    inside = (c >= 0) & (c <= HAN_LAST - HAN_FIRST)
    return np.where(inside, m.syl_of[np.clip(c, 0, HAN_LAST - HAN_FIRST)], 0).astype(np.uint64)


def _sound_candidates(m: Model, cp: np.ndarray, windows, suspect: np.ndarray):
    """Edits of one or two characters that turn a window into a more frequent
    lexicon word read with the same syllables (pinyin input's typical slip:
    师公 -> 施工, 布署 -> 部署): (pos, new, pos2, new2, word, window, length)."""
    syl = _syllables(m, cp)
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
        rows, idx = _matches(m.snd_h, key, m.snd_h_bloom)
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
    from govlint.data import word_list

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
    rows, new = _confusables(m, cp[pos], SINGLE_KINDS, SINGLE_MIN_WORD)
    p = pos[rows]
    return [(p, new, _char_word_logf(m, new + np.uint64(1)), _char_word_logf(m, cp[p]), 0)]


def _set_candidates(m: Model, cp: np.ndarray, han: np.ndarray, protected: np.ndarray | None):
    """Each occurrence of a character of a confusion set (的地得, 在再 ...)
    replaced by each other member: (pos, new, word, window, length)."""
    keys, others = _char_sets()
    if len(keys) == 0:
        return []
    at, member = _find(keys, cp - np.uint64(1))
    pos = np.nonzero(member & han)[0]
    if protected is not None:
        pos = pos[~protected[pos]]
    if len(pos) == 0:
        return []
    new = others[at[pos]]
    rows, cols = np.nonzero(new)
    p, c = pos[rows], new[rows, cols]
    return [(p, c, _char_word_logf(m, c + np.uint64(1)), _char_word_logf(m, cp[p]), 1)]


def _trigram_logf(m: Model, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        h = np.uint64(3) * LENGTH_SALT + a * POWERS[0] + b * POWERS[1] + c * POWERS[2]
    return _lookup(m.tri_h, m.tri_v, h, bloom=m.tri_h_bloom)


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


def _text_tables(m: Model, cp: np.ndarray, han: np.ndarray, windows) -> TextTables:
    n = len(cp)
    pad = np.zeros(2, dtype=np.uint64)
    nxt = np.concatenate([cp[1:], pad[:1]])
    nxt2 = np.concatenate([cp[2:], pad])[:n]
    cost = np.full((n, MAX_LEN), -1e9, dtype=np.float32)
    cost[:, 0] = _word_cost(m, _char_word_logf(m, cp), han, 1)
    for length, _, valid, wf in windows:
        cost[: len(wf), length - 1] = np.where(valid & (wf > 0), wf - m.log_total, -1e9)
    return TextTables(
        cp, han, _unigram_logf(m, cp), _bigram_logf(m, cp, nxt), _trigram_logf(m, cp, nxt, nxt2), cost,
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


def _lm_gains(m: Model, t: TextTables, pos, new, pos2, new2):
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
    left = _bigram_logf(m, t.cp[before[left_ok]], c[left_ok]) - t.bi[before[left_ok]]
    right = _bigram_logf(m, c[right_ok], t.cp[after[right_ok]]) - t.bi[pos[right_ok]]
    right -= _unigram_logf(m, c[right_ok]) - t.uni[pos[right_ok]]
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
        gain[touch] = _bigram_logf(m, cur[touch], cur_next[touch]) - t.bi[at[touch]]
        if j:  # from pos on, log c(ab) - log c(a): the changed first character's unigram too
            gain[changed] -= _unigram_logf(m, cur[changed]) - t.uni[at[changed]]
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
    han = _is_han(win)
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
        logf = _char_word_logf(m, cur[touch]) if length == 1 else m.word_logf(h[touch])
        new_cost[:, :span, length - 1][touch] = _word_cost(m, logf, all_han[touch], length)
    return _best_segmentation(new_cost) - _best_segmentation(cost[first])[inverse]


def _kind(m: Model, orig: np.ndarray, new: np.ndarray) -> np.ndarray:
    """The confusion kind (1-7) of each pair of code points, 0 where they are no confusion pair."""
    at, found = _find(m.pair_keys, (orig << np.uint64(21)) | new, m.pair_keys_bloom)
    return np.where(found, m.pair_kind[at], 0)


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


def _proposals(m: Model, cp: np.ndarray, han: np.ndarray, windows, suspect, protected) -> Proposals | None:
    groups = []
    for p, c, logf, owin, length in _masked_candidates(m, cp, windows, suspect):
        c = c.astype(np.uint64)
        # Any replacement may complete a 3-4 character word (概莫如外 -> 概莫能外);
        # a 2-character word needs a confusable one.
        keep = c != cp[p] - np.uint64(1)  # more frequent than the window already (_masked_candidates)
        if length < 3:
            keep &= _kind(m, cp[p] - np.uint64(1), c) > 0
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


def _distinct(p: Proposals) -> Proposals:
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


# Context widths, fixed so that a sentence's features never depend on the
# other sentences of its batch (an edit changes at most 4 characters apart).
TRIGRAM_WIDTH, SEG_WIDTH = 8, 2 * SEG_RADIUS + 4


def candidates(text: str, protected: np.ndarray | None = None, prune: bool = True) -> Candidates:
    """Every plausible edit of ``text`` with its features. With ``prune``,
    the edits that the first-stage scorer (cheap features only) rules out
    are dropped before the costly features (segmentation, trigrams, word
    model) are computed."""
    m = model()
    cp = codes(text)
    if len(cp) < 2:
        return _no_candidates()
    han = _is_han(cp)
    cover, windows = _windows(m, cp, han)
    # Only a character outside every frequent word is a suspect, and not one
    # inside a parallel pattern (宜居宜业, 依规依纪, 自查自纠): such phrases
    # are coined freely and rarely listed in a lexicon.
    suspect = (cover < SUSPECT_COVER) & ~_parallel(cp, han)
    if protected is not None:
        suspect &= ~protected[: len(cp)]
    found = _proposals(m, cp, han, windows, suspect, protected)
    if found is None or len(found.pos) == 0:
        return _no_candidates()
    p = _distinct(found)
    t = _text_tables(m, cp, han, windows)
    left_gain, right_gain = _lm_gains(m, t, p.pos, p.new, p.pos2, p.new2)
    # An edit that makes the character bigrams clearly worse is never kept
    # (checked on the training sets): drop it before the costlier features.
    ok = np.nonzero(left_gain + right_gain >= np.where(p.length == 0, SINGLE_FLOOR, LM_FLOOR))[0]
    p = p.take(ok)
    if len(p.pos) == 0:
        return _no_candidates()
    f = _cheap_features(m, t, p, cover, left_gain[ok], right_gain[ok])
    gate = first_stage() if prune else None
    if gate is not None:
        cheap = np.stack([f[name] for name in gate.features], axis=1, dtype=np.float32)
        keep = np.nonzero(gate(cheap) >= gate.threshold)[0]
        p = p.take(keep)
        if len(p.pos) == 0:
            return _no_candidates()
        f = {name: value[keep] for name, value in f.items()}
    f.update(_costly_features(m, t, p))
    x = np.stack([f[name] for name in FEATURES], axis=1, dtype=np.float32)
    return Candidates(p.pos, p.new, p.pos2, p.new2, x)


def _cheap_features(m: Model, t: TextTables, p: Proposals, cover, left_gain, right_gain) -> dict[str, np.ndarray]:
    """The features the first stage decides on: the words made and lost,
    the character bigrams, the kind of confusion, the competition."""
    pos, new, pos2, word = p.pos, p.new, p.pos2, p.word
    kind = _kind(m, t.cp[pos] - np.uint64(1), new)
    syl = _syllables(m, t.cp[pos])
    same_syllable = (kind == 0) & (syl > 0) & (syl == _syllables(m, new + np.uint64(1)))
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
        "uni_orig": t.uni[pos], "uni_new": _unigram_logf(m, new + np.uint64(1)), "word_len": p.length,
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


def _costly_features(m: Model, t: TextTables, p: Proposals) -> dict[str, np.ndarray]:
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


WEIGHTS_FILE = "typo/weights.json"


@dataclass(frozen=True)
class Scorer:
    """A one-hidden-layer network over ``features`` (columns in that order):
    the logit that an edit is right."""

    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float
    threshold: float
    features: tuple[str, ...] = FEATURES

    def __call__(self, x: np.ndarray) -> np.ndarray:
        # OpenBLAS would spread these small products over every core and
        # keep its threads spinning: 40% more CPU time for the same result,
        # and in the audit each worker would take the other workers' cores.
        with _blas().limit(limits=1, user_api="blas"):
            return np.maximum(x @ self.w1 + self.b1, 0) @ self.w2 + self.b2

    @classmethod
    def from_json(cls, data: dict) -> Scorer:
        return cls(
            np.array(data["w1"], dtype=np.float32),
            np.array(data["b1"], dtype=np.float32),
            np.array(data["w2"], dtype=np.float32),
            float(data["b2"]),
            float(data["threshold"]),
            tuple(data["features"]),
        )


@lru_cache(maxsize=1)
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@lru_cache(maxsize=1)
def _weights() -> dict:
    return json.loads(data_path(WEIGHTS_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def scorer() -> Scorer:
    data = _weights()
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{WEIGHTS_FILE}: features differ from the engine's; rerun scripts/train_typo_weights.py")
    return Scorer.from_json(data)


@lru_cache(maxsize=1)
def first_stage() -> Scorer | None:
    """The scorer that prunes edits on their cheap features; its threshold
    keeps nearly every right edit of the training sets."""
    data = _weights().get("first_stage")
    return None if data is None else Scorer.from_json(data)


# An accepted edit blocks other edits this close to it: each was scored on the
# original text, so the words and n-grams that justify one may hold the very
# character the other changes (他很开兴: 开->高 for 高兴 and 兴->心 for 开心 are
# each plausible, never both). Two changes that belong together are proposed
# as one two-character edit. Distance 2 measured best on the dev sets
# (benchmarks/README.md); 0 only forbids editing one character twice.
EDIT_GAP = 2
# 的, 地 and 得 are told apart by grammar (an adverbial before a verb takes
# 地, a complement after it 得), which a model of word and character counts
# does not see. Writers slip into the default 的; 地 and 得 are chosen on
# purpose. So the engine may still turn 的 into 地 or 得, but never 地 or
# 得 into another particle: on published official text it did so 108 times,
# every time wrongly (benchmarks/README.md, issue 21).
STRUCTURAL_PARTICLES = frozenset(map(ord, "的地得"))
MARKED_PARTICLES = frozenset("地得")


def _decide(text: str, c: Candidates, threshold: float) -> list[Edit]:
    """The edits scoring above ``threshold``, best first, none within
    ``EDIT_GAP`` characters of a character an earlier one changed."""
    score = scorer()(c.x)
    taken: dict[int, Edit] = {}
    for i in sorted(np.nonzero(score > threshold)[0], key=lambda i: -score[i]):
        changes = [(int(c.pos[i]), int(c.new[i]))]
        if c.pos2[i] >= 0:
            changes.append((int(c.pos2[i]), int(c.new2[i])))
        if any(_near(text, p, taken) or _particle_swap(text[p], ch) or _to_variant(text, p, ch) for p, ch in changes):
            continue
        for p, ch in changes:
            taken[p] = Edit(p, text[p], chr(ch), float(score[i]))
    return sorted(taken.values(), key=lambda e: e.index)


def _particle_swap(original: str, new: int) -> bool:
    return original in MARKED_PARTICLES and new in STRUCTURAL_PARTICLES


# Word pairs of two standard forms, recommended<TAB>variant, differing in one
# character (账户/帐户): the engine never turns the recommended word, as
# written, into its variant. Word-level, since the character may be right
# elsewhere (账篷 -> 帐篷 stays possible).
VARIANTS_FILE = "typo/variants.tsv"


@lru_cache(maxsize=1)
def _variants() -> dict[tuple[str, str], list[tuple[str, int]]]:
    """(original char, new char) -> [(recommended word, offset of that char)]."""
    from govlint.data import word_list

    index: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for line in sorted(word_list(VARIANTS_FILE)):
        word, variant = line.split("\t")
        for k, (a, b) in enumerate(zip(word, variant, strict=True)):
            if a != b:
                index.setdefault((a, b), []).append((word, k))
    return index


def _to_variant(text: str, index: int, new: int) -> bool:
    """Whether changing ``text[index]`` to ``chr(new)`` turns a recommended
    word standing there into its variant (账户 -> 帐户)."""
    for word, k in _variants().get((text[index], chr(new)), ()):
        if index >= k and text[index - k : index - k + len(word)] == word:
            return True
    return False


def _near(text: str, index: int, taken: dict[int, Edit]) -> bool:
    """Whether an accepted edit lies within ``EDIT_GAP`` of ``index`` on the
    same line (``detect_many`` joins texts with line breaks: edits in two
    texts never block each other)."""
    for other in range(index - EDIT_GAP, index + EDIT_GAP + 1):
        if other in taken and "\n" not in text[min(index, other) : max(index, other)]:
            return True
    return False


def detect(text: str, protected: np.ndarray | None = None, threshold: float | None = None) -> list[Edit]:
    """Suspected wrong characters of ``text``; ``protected[i]`` excludes index i."""
    found = candidates(text, protected)
    if len(found) == 0:
        return []
    return _decide(text, found, scorer().threshold if threshold is None else threshold)


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
