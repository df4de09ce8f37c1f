"""The model's word tables, derived from its word list when the model is unpacked.

The model file ships its lexicon as the words themselves (UTF-8, ordered by
length, then by code point) with their log counts: 2 MB packed, where the
tables derived from them took 8 MB in the wheel (the words' hashes, every
word with one character masked, the homophone table's words). The
person and place names' table is derived the same way from
``dictionaries/pycorrector/names.txt``, which govlint ships anyway.
``modelfile`` calls ``derived_tables`` once, when it unpacks the model into
the user's cache; ``scripts/build_typo_model.py`` writes the lexicon with
``pack_lexicon``, so that the build and the unpacking share one definition.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from govlint.typo.hashing import MAX_LEN, codes, masked, row_hashes

MASK_MIN_FREQ = 3  # words rarer than this in jieba's counts are mostly noise or misspellings
MASK_MAX_PER_KEY = 32  # a pattern fitting more words is listed apart (``mask_big``)
SEPARATOR = ord("\n")

# What the model file ships in place of the derived tables, and those tables.
LEXICON, LEXICON_LOGF, SOUND_WORDS = "lexicon", "lexicon_v", "snd_i"
SHIPPED = (LEXICON, LEXICON_LOGF, SOUND_WORDS)
TABLES = ("word_h", "word_v", "mask_h", "mask_c", "mask_v", "mask_big", "snd_w", "snd_v", "name_h")


def log_counts(counts: Iterable[int]) -> np.ndarray:
    """The model's value of a count: its log (of count + 1), as float16."""
    return np.log(np.fromiter(counts, dtype=np.float64) + 1).astype(np.float32).astype(np.float16)


def lexicon_order(words: Iterable[str]) -> list[str]:
    """The order the model ships its words in: by length, then by code point."""
    return sorted(words, key=lambda w: (len(w), w))


def pack_lexicon(counts: dict[str, int]) -> dict[str, np.ndarray]:
    """The lexicon's members of the model file: its words in ``lexicon_order``
    (UTF-8, one a line; they compress to a quarter) and their log counts."""
    words = lexicon_order(counts)
    if any(not 1 <= len(w) <= MAX_LEN or "\n" in w for w in words):
        raise ValueError(f"lexicon words must have 1-{MAX_LEN} characters and no line break")
    text = "".join(w + "\n" for w in words).encode("utf-8")
    return {LEXICON: np.frombuffer(text, dtype=np.uint8), LEXICON_LOGF: log_counts(counts[w] for w in words)}


def lexicon_rows(text: np.ndarray) -> Iterator[tuple[int, int, np.ndarray]]:
    """(length, index of the first word, code points + 1 of the words, one
    row each) for each word length, from ``pack_lexicon``'s text."""
    cp = np.frombuffer(bytes(text).decode("utf-8").encode("utf-32-le"), dtype=np.uint32)
    ends = np.flatnonzero(cp == SEPARATOR)
    lengths = np.diff(ends, prepend=-1) - 1
    start = 0
    for length in range(1, MAX_LEN + 1):
        n = int(np.count_nonzero(lengths == length))
        if n:
            begin = 0 if start == 0 else int(ends[start - 1]) + 1
            block = cp[begin : int(ends[start + n - 1]) + 1].reshape(n, length + 1)
            yield length, start, block[:, :length].astype(np.uint64) + np.uint64(1)
        start += n
    if start != len(ends):
        raise ValueError("the lexicon is not ordered by length")


def word_table(text: np.ndarray, logf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every word's hash, sorted, and its log count."""
    hashes, values = [], []
    for _, first, rows in lexicon_rows(text):
        hashes.append(row_hashes(rows))
        values.append(logf[first : first + len(rows)])
    h = np.concatenate(hashes)
    order = np.argsort(h, kind="stable")
    return h[order], np.concatenate(values)[order]


def masked_table(text: np.ndarray, logf: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every word of 2-4 characters seen at least ``MASK_MIN_FREQ`` times
    and each of its positions: the word's hash with that position masked, the
    masked character (its code point), the word's log count; sorted by hash,
    then character. A pattern that fits more than ``MASK_MAX_PER_KEY`` words
    (?子 fits a thousand) is left out and listed in the fourth array: the
    engine tries the confusable characters there instead of every word."""
    floor = log_counts([MASK_MIN_FREQ])[0]
    hashes, chars, values = [], [], []
    for length, first, rows in lexicon_rows(text):
        v = logf[first : first + len(rows)]
        if length < 2:
            continue
        keep = v >= floor
        rows, v = rows[keep], v[keep]
        h = row_hashes(rows)
        for k in range(length):
            hashes.append(masked(h, rows[:, k], k))
            chars.append((rows[:, k] - np.uint64(1)).astype(np.uint32))
            values.append(v)
    h, c, v = np.concatenate(hashes), np.concatenate(chars), np.concatenate(values)
    order = np.lexsort((c, h))
    h, c, v = h[order], c[order], v[order]
    first = np.r_[0, np.flatnonzero(h[1:] != h[:-1]) + 1]
    sizes = np.diff(np.r_[first, len(h)])
    crowded = np.repeat(sizes, sizes) > MASK_MAX_PER_KEY
    return h[~crowded], c[~crowded], v[~crowded], np.unique(h[crowded])


def word_codes(text: np.ndarray, index: np.ndarray) -> np.ndarray:
    """The code points of the words at ``index`` of the lexicon, one row of
    ``MAX_LEN`` each, padded with zeros (the homophone table's words)."""
    out = np.zeros((len(index), MAX_LEN), dtype=np.uint32)
    for length, first, rows in lexicon_rows(text):
        mine = (index >= first) & (index < first + len(rows))
        out[mine, :length] = (rows[index[mine] - first] - np.uint64(1)).astype(np.uint32)
    return out


def name_table(names: Iterable[str]) -> np.ndarray:
    """The sorted hashes of the person and place names of 2-4 Han characters."""
    by_length: dict[int, list[str]] = {}
    for name in set(names):
        if 2 <= len(name) <= MAX_LEN and all("\u4e00" <= c <= "\u9fff" for c in name):
            by_length.setdefault(len(name), []).append(name)
    hashes = [row_hashes(codes("".join(group)).reshape(len(group), length)) for length, group in by_length.items()]
    return np.sort(np.concatenate(hashes)) if hashes else np.zeros(0, dtype=np.uint64)


def derived_tables(shipped: dict[str, np.ndarray], names: Iterable[str]) -> dict[str, np.ndarray]:
    """The tables ``pack_lexicon``'s members (taken out of ``shipped``) and
    the names stand for, under the names the engine reads."""
    text, logf, sound = shipped.pop(LEXICON), shipped.pop(LEXICON_LOGF), shipped.pop(SOUND_WORDS)
    word_h, word_v = word_table(text, logf)
    mask_h, mask_c, mask_v, mask_big = masked_table(text, logf)
    return dict(
        word_h=word_h, word_v=word_v, mask_h=mask_h, mask_c=mask_c, mask_v=mask_v, mask_big=mask_big,
        snd_w=word_codes(text, sound), snd_v=logf[sound], name_h=name_table(names),
    )
