"""The typo model file: unpacking, caching and memory-mapping its tables.

``dictionaries/typo/model.npz`` holds the engine's sorted hash tables
(words, n-grams, masked words, homophone words, confusion pairs, the word
model). The first use unpacks it, with the tables derived from it (idiom
tables, Bloom filters, the look-alike pairs), into the user's cache folder;
later processes map the ``.npy`` files into memory. ``Model`` gives the
tables as attributes, and per-character tables made once per process.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from govlint.data import data_path, entries, word_list
from govlint.typo import wordlm, wordtables
from govlint.typo.hashing import HAN_FIRST, HAN_LAST, LENGTH_SALT, bloom_filter, find, idiom_tables, lookup

MODEL_FILE = "typo/model.npz"
LOOKALIKES_FILE = "typo/lookalikes.txt"
NAMES_FILE = "pycorrector/names.txt"  # the person and place names' table is derived from it


class Model:
    """The hash tables of ``dictionaries/typo/model.npz``.

    The file is compressed (it ships in the wheel); the first use unpacks it
    into the user's cache folder (``GOVLINT_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/govlint`` or ``~/.cache/govlint``) as ``.npy`` files
    that later processes map into memory in milliseconds.
    """

    def __init__(self, path: Path | None = None, arrays: dict[str, np.ndarray] | None = None) -> None:
        if arrays is None:
            arrays = load_arrays(path or data_path(MODEL_FILE))
        for name, value in arrays.items():
            if name != "meta":
                setattr(self, name, value)
        meta = json.loads(bytes(np.asarray(arrays["meta"])).decode())
        self.log_total = float(meta["total_words"])
        self.lm_unk = np.float32(meta["word_lm"]["unk"] - wordlm.UNKNOWN_EXTRA)

    def word_logf(self, hashes: np.ndarray) -> np.ndarray:
        return lookup(self.word_h, self.word_v, hashes, bloom=self.word_h_bloom)

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
    the hash tables when the model is unpacked (``char_tables``: 10 ms
    each process took) so that the engine's many one-character lookups are
    plain indexing."""

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
        return cls(m.char_word, m.char_uni, m.char_lm_id)

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
                keep = char_word_logf(m, new + np.uint64(1)) > min_word
                kept_before = np.concatenate(([0], np.cumsum(keep)))
                self.confusable[key] = (kept_before[start], new[keep])
        return self.confusable[key]


def per_char(table: np.ndarray, chars: np.ndarray, fallback) -> np.ndarray:
    """``table[c]`` for each of ``chars`` (code points + 1) inside the table,
    else ``fallback`` of the character's one-character hash."""
    c = chars - np.uint64(1)  # 0 ("no character") wraps around: outside
    inside = c < np.uint64(len(table))
    out = table[np.where(inside, c, 0).astype(np.intp)]
    if not inside.all():
        with np.errstate(over="ignore"):
            out[~inside] = fallback(LENGTH_SALT + chars[~inside])
    return out


def unigram_logf(m: Model, chars: np.ndarray) -> np.ndarray:
    """Character unigram log count of each character (code point + 1)."""
    return per_char(m.chars.uni, chars, lambda h: lookup(m.uni_h, m.uni_v, h))


def char_word_logf(m: Model, chars: np.ndarray) -> np.ndarray:
    """Log count of each character (code point + 1) as a word of its own."""
    return per_char(m.chars.word, chars, m.word_logf)


# Confusion pair kinds: 1 same pinyin and tone, 2 other tone, 3 similar shape
# (pycorrector's groups), 4 same syllable, 5 fuzzy pinyin, 6 stroke order one
# stroke apart (the model's), 7 a shared component (dictionaries/typo/lookalikes.txt).
COMPONENT_KIND = 7
CURATED_KINDS = 6  # the kinds the curated rules take as confusable: a component look-alike needs word evidence


def pair_kind(m: Model, orig: np.ndarray, new: np.ndarray) -> np.ndarray:
    """The confusion kind (1-7) of each pair of code points, 0 where they are no confusion pair."""
    at, found = find(m.pair_keys, (orig << np.uint64(21)) | new, m.pair_keys_bloom)
    return np.where(found, m.pair_kind[at], 0)


def cache_dir() -> Path:
    base = os.environ.get("GOVLINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "govlint"


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    """The model's arrays, memory-mapped from the cache when possible."""
    with zipfile.ZipFile(path) as archive:
        members = sorted((i.filename, i.CRC, i.file_size) for i in archive.infolist())
    # New derived tables, look-alikes or names: a new folder.
    sources = [hashlib.sha1(data_path(name).read_bytes()).hexdigest() for name in (LOOKALIKES_FILE, NAMES_FILE)]
    key = hashlib.sha1(repr((members, DERIVED, *sources)).encode()).hexdigest()[:16]
    folder = cache_dir() / f"typo-model-{key}"
    shipped = [_unpacked_name(name.removesuffix(".npy")) for name, _, _ in members]
    names = [name for name in shipped if name not in wordtables.SHIPPED] + list(DERIVED)
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
# 2 MB; the Bloom filters, random bits that do not compress, 32 MB; the word tables 8 MB).
CHAR_TABLES = ("char_word", "char_uni", "char_lm_id")  # CharTables' arrays, by char_tables
BLOOMED = ("word_h", "bi_h", "tri_h", "lm_h", "lm_pair", "pair_keys", "name_h", "mask_h", "snd_h")
DERIVED = (
    "idiom_mask_h", "idiom_mask_i", "idiom_del_h", "idiom_del_i", *(f"{n}_bloom" for n in BLOOMED),
    *wordtables.TABLES, *CHAR_TABLES,
)


def lookalike_pairs(path: Path) -> np.ndarray:
    """The pair keys (``orig << 21 | new``) of ``dictionaries/typo/lookalikes.txt``,
    sorted: each line a character, a tab, the characters it looks like."""
    keys = []
    for entry in entries(path):
        char, _, others = entry.partition("\t")
        keys.extend((ord(char) << 21) | ord(other) for other in others if other != char)
    return np.unique(np.array(keys, dtype=np.uint64))


def with_lookalikes(keys: np.ndarray, kinds: np.ndarray, extra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The model's confusion pairs and the look-alike pairs it lacks
    (COMPONENT_KIND), sorted by key; a pair the model has keeps its kind."""
    extra = extra[~find(keys, extra)[1]]
    merged = np.concatenate((keys, extra))
    order = np.argsort(merged, kind="stable")
    return merged[order], np.concatenate((kinds, np.full(len(extra), COMPONENT_KIND, kinds.dtype)))[order]


def _read(path: Path) -> dict[str, np.ndarray]:
    """Every array of the model, the derived ones included, read into memory."""
    with np.load(path) as data:
        arrays = {_unpacked_name(name): _unpacked(name, data[name]) for name in data.files}
    arrays.update(wordtables.derived_tables(arrays, word_list(NAMES_FILE)))
    arrays["pair_keys"], arrays["pair_kind"] = with_lookalikes(
        arrays["pair_keys"], arrays["pair_kind"], lookalike_pairs(data_path(LOOKALIKES_FILE))
    )
    arrays.update(idiom_tables(arrays["idioms"]))
    arrays.update({f"{name}_bloom": bloom_filter(arrays[name]) for name in BLOOMED})
    arrays.update(char_tables(Model(arrays=arrays)))
    return arrays


def char_tables(m: Model) -> dict[str, np.ndarray]:
    """CharTables' arrays: each character of the Basic Multilingual Plane
    as a word of its own (log count), its unigram log count and its word
    model id."""
    chars = np.arange(1, BMP + 1, dtype=np.uint64)  # code points + 1
    with np.errstate(over="ignore"):
        one = LENGTH_SALT + chars
    return dict(zip(CHAR_TABLES, (m.word_logf(one), lookup(m.uni_h, m.uni_v, one), wordlm.one_char_ids(m, chars)),
                    strict=True))


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

