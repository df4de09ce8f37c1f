"""Deterministic, vectorised 64-bit hashes of short Han strings.

The model's tables are sorted arrays of these hashes, so that a batch of
lookups is one ``numpy.searchsorted`` call and the files load with no parsing.
A string of length L hashes to ``sum((cp[k] + 1) * P**k) + L * LENGTH_SALT``
(mod 2**64); a masked string uses ``MASK`` in place of the masked character.
"""

from __future__ import annotations

import numpy as np

P = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier (golden ratio)
LENGTH_SALT = np.uint64(0xC2B2AE3D27D4EB4F)
MASK = np.uint64(0x200000)  # above every Unicode code point + 1
MAX_LEN = 4
# P**k for the strings hashed: the model's words (MAX_LEN) and the longer
# terms typo.missing-char compares within a document (typo/longterms.py).
POWERS = np.array([1, 0x9E3779B97F4A7C15, 0, 0, 0, 0, 0, 0, 0], dtype=np.uint64)
with np.errstate(over="ignore"):
    for _k in range(2, len(POWERS)):
        POWERS[_k] = POWERS[_k - 1] * P


def _distinct_sorted(query: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct queries in order (nearly: see below), the sort order of
    ``query``, and for each sorted query the index of its distinct value.
    The engine's batches repeat queries (the same bigram for every candidate
    at a position, a word the text uses again): a quarter to a half of them
    on varied text, more on repetitive text; a binary search costs its cache
    misses, a repeat only a pass over the sorted queries."""
    if query.dtype != np.uint64:
        order = np.argsort(query)
    else:
        # One plain sort, a third quicker than an argsort: each query's high
        # bits with its index in the low bits. Queries equal in the high bits
        # only are ordered by index, so a value may recur after another (it is
        # then searched twice, with the same answer); the table is still
        # walked in order.
        low = np.uint64((1 << max(1, (len(query) - 1).bit_length())) - 1)
        keyed = (query & ~low) | np.arange(len(query), dtype=np.uint64)
        keyed.sort()
        order = (keyed & low).astype(np.intp)
    ordered = query[order]
    new = np.empty(len(ordered), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return ordered[new], order, np.cumsum(new) - 1


def sorted_search(keys: np.ndarray, query: np.ndarray, side: str = "left") -> np.ndarray:
    """``np.searchsorted`` of the distinct queries in sorted order: a batch
    of sorted queries walks the table in order, several times faster."""
    if len(query) < 64:
        return np.searchsorted(keys, query, side=side)
    distinct, order, which = _distinct_sorted(query)
    out = np.empty(len(query), dtype=np.intp)
    out[order] = np.searchsorted(keys, distinct, side=side)[which]
    return out


def sorted_ranges(
    keys: np.ndarray, query: np.ndarray, bloom: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For each query, the range ``lo:hi`` of sorted ``keys`` equal to it
    (``sorted_search`` on both sides, the queries sorted once; with
    ``bloom``, an empty range for the queries it rules out)."""
    if bloom is not None and len(query) >= BLOOM_MIN_QUERIES:
        maybe = np.flatnonzero(might_hold(bloom, query))
        lo, hi = np.zeros(len(query), dtype=np.intp), np.zeros(len(query), dtype=np.intp)
        lo[maybe], hi[maybe] = sorted_ranges(keys, query[maybe])
        return lo, hi
    if len(query) < 64:
        return np.searchsorted(keys, query, side="left"), np.searchsorted(keys, query, side="right")
    distinct, order, which = _distinct_sorted(query)
    lo, hi = np.empty(len(query), dtype=np.intp), np.empty(len(query), dtype=np.intp)
    lo[order] = np.searchsorted(keys, distinct, side="left")[which]
    hi[order] = np.searchsorted(keys, distinct, side="right")[which]
    return lo, hi


def find(keys: np.ndarray, query: np.ndarray, bloom: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For each query: a position in sorted ``keys`` (inside the array) and
    whether the key there is the query. With ``bloom`` (``bloom_filter(keys)``)
    only the queries it lets through are searched: most look-ups of the
    engine miss (a masked pattern with each confusable character: 6% are
    words), and a miss then costs one memory access, not a binary search."""
    if bloom is not None and len(query) >= BLOOM_MIN_QUERIES:
        maybe = np.flatnonzero(might_hold(bloom, query))
        at, found = np.zeros(len(query), dtype=np.intp), np.zeros(len(query), dtype=bool)
        at[maybe], found[maybe] = find(keys, query[maybe])
        return at, found
    if len(keys) == 0:
        return np.zeros(len(query), dtype=np.intp), np.zeros(len(query), dtype=bool)
    at = sorted_search(keys, query)
    at[at >= len(keys)] = 0
    return at, keys[at] == query


def member(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Whether each query is one of sorted ``keys``."""
    return find(keys, query)[1]


def lookup(
    keys: np.ndarray, values: np.ndarray, query: np.ndarray, default: float = 0.0, bloom: np.ndarray | None = None
) -> np.ndarray:
    """values[keys == query] for each query (keys sorted, unique), else default."""
    if len(query) == 0:
        return np.zeros(0, dtype=np.float32)
    at, found = find(keys, query, bloom)
    return np.where(found, values[at].astype(np.float32), np.float32(default))


def matches(keys: np.ndarray, query: np.ndarray, bloom: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(query row, key index) of every entry of sorted ``keys`` equal to a query."""
    return expand(*sorted_ranges(keys, query, bloom))


def expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, table index) of every entry in the ranges ``lo[row]:hi[row]``."""
    counts = hi - lo
    rows = np.repeat(np.arange(len(lo)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows, np.repeat(lo, counts) + offsets


# A one-hash Bloom filter per large table: 2**k bits for n keys, k = ceil(log2 n) + 5
# (32-64 bits a key), so that 2-3% of absent keys get through to the search.
BLOOM_EXTRA_BITS = 5
BLOOM_MIN_QUERIES = 256  # fewer queries: the plain search is as quick
_MIX = np.uint64(0x9E3779B97F4A7C15)  # spreads keys that are not hashes (pair keys: id << 18 | id) over the bits


def _bloom_slot(h: np.ndarray, bits: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        return ((h * _MIX) >> np.uint64(64 - bits)).astype(np.intp)


def bloom_filter(keys: np.ndarray) -> np.ndarray:
    """The filter of ``keys`` for ``find``: bits packed little-endian."""
    bits = max(10, int(np.ceil(np.log2(max(len(keys), 1)))) + BLOOM_EXTRA_BITS)
    flags = np.zeros(1 << bits, dtype=bool)
    flags[_bloom_slot(keys, bits)] = True
    return np.packbits(flags, bitorder="little")


def might_hold(bloom: np.ndarray, query: np.ndarray) -> np.ndarray:
    """False where ``query`` is surely absent from the filter's keys."""
    bits = (len(bloom) * 8).bit_length() - 1
    slot = _bloom_slot(query, bits)
    return ((bloom[slot >> 3] >> (slot & 7).astype(np.uint8)) & np.uint8(1)).astype(bool)


def codes(text: str) -> np.ndarray:
    """Code points + 1 (so that 0 can stand for "no character")."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64) + np.uint64(1)


def span_hashes(cp: np.ndarray, length: int) -> np.ndarray:
    """Hash of every window ``cp[a:a+length]``; ``cp`` holds code points + 1."""
    n = len(cp) - length + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = np.full(n, np.uint64(length) * LENGTH_SALT, dtype=np.uint64)
        for k in range(length):
            h += cp[k : k + n] * POWERS[k]
    return h


def touched_words(cur: np.ndarray, changed: np.ndarray, han: np.ndarray, length: int):
    """For each row of edited windows (``cur``: code points + 1) and each
    word of ``length`` characters in it: whether it holds a changed column,
    whether all its characters are Han, and its hash."""
    rows, width = cur.shape
    span = width - length + 1
    touch = np.zeros((rows, span), dtype=bool)
    all_han = np.ones((rows, span), dtype=bool)
    with np.errstate(over="ignore"):
        h = np.full((rows, span), np.uint64(length) * LENGTH_SALT, dtype=np.uint64)
        for k in range(length):
            touch |= changed[:, k : k + span]
            all_han &= han[:, k : k + span]
            h += cur[:, k : k + span] * POWERS[k]
    return touch, all_han, h


def window_valid(han: np.ndarray, length: int) -> np.ndarray:
    """True at i when ``han[i:i+length]`` are all true."""
    n = len(han) - length + 1
    if n <= 0:
        return np.zeros(0, dtype=bool)
    ok = han[:n].copy()
    for k in range(1, length):
        ok &= han[k : k + n]
    return ok


def masked(h: np.ndarray, cp_at: np.ndarray, k: int) -> np.ndarray:
    """Hashes ``h`` with the character at offset ``k`` (values ``cp_at``) masked."""
    with np.errstate(over="ignore"):
        return h - cp_at * POWERS[k] + MASK * POWERS[k]


def word_hashes(words: list[str], length: int) -> np.ndarray:
    """Hashes of words that all have ``length`` characters."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    return row_hashes(codes("".join(words)).reshape(len(words), length))


def row_hashes(cp: np.ndarray) -> np.ndarray:
    """Hashes of the strings whose code points + 1 are the rows of ``cp``."""
    rows, length = cp.shape
    with np.errstate(over="ignore"):
        h = np.full(rows, np.uint64(length) * LENGTH_SALT, dtype=np.uint64)
        for k in range(length):
            h += cp[:, k] * POWERS[k]
    return h


# The Han characters of the model: its syllable and confusion tables are
# indexed by code point over U+4E00-U+9FFF only, and its windows, words and
# n-grams were counted over those characters. A property of the model, not
# govlint.han's definition of a Han character (which adds the extensions).
HAN_FIRST, HAN_LAST = 0x4E00, 0x9FFF


def is_han(cp: np.ndarray) -> np.ndarray:
    """Which of ``cp`` (code points + 1) are Han characters of the model (U+4E00-U+9FFF)."""
    c = cp - 1
    return (c >= HAN_FIRST) & (c <= HAN_LAST)


def sound_hash(syllables: list[int]) -> np.uint64:
    """Hash of a sequence of syllable ids, as ``span_hashes`` gives it for the
    same ids (so the engine can hash every window of a text's syllables)."""
    return span_hashes(np.array(syllables, dtype=np.uint64), len(syllables))[0]


def idiom_tables(idioms: np.ndarray) -> dict[str, np.ndarray]:
    """From the idioms' code points (one row of 4 each): every idiom with one
    character masked and with one of characters 2-4 deleted, as sorted
    hashes and ``4 * idiom index + position`` (the idiom rules' tables;
    derived when the model is unpacked rather than shipped)."""
    cp = idioms.astype(np.uint64) + np.uint64(1)
    index = np.arange(len(cp), dtype=np.uint32) * 4
    with np.errstate(over="ignore"):
        h = np.uint64(4) * LENGTH_SALT + sum(cp[:, k] * POWERS[k] for k in range(4))
        mask_h = np.concatenate([masked(h, cp[:, k], k) for k in range(4)])
        kept = [[j for j in range(4) if j != k] for k in range(1, 4)]
        del_h = np.concatenate(
            [np.uint64(3) * LENGTH_SALT + sum(cp[:, j] * POWERS[i] for i, j in enumerate(js)) for js in kept]
        )
    mask_i = np.concatenate([index + k for k in range(4)])
    del_i = np.concatenate([index + k for k in range(1, 4)])
    o1 = np.lexsort((mask_i, mask_h))
    o2 = np.lexsort((del_i, del_h))
    return {"idiom_mask_h": mask_h[o1], "idiom_mask_i": mask_i[o1], "idiom_del_h": del_h[o2], "idiom_del_i": del_i[o2]}
