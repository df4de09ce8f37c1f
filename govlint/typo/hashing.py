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
POWERS = np.array([1, 0x9E3779B97F4A7C15, 0, 0, 0], dtype=np.uint64)
with np.errstate(over="ignore"):
    for _k in range(2, len(POWERS)):
        POWERS[_k] = POWERS[_k - 1] * P


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


def masked(h: np.ndarray, cp_at: np.ndarray, k: int) -> np.ndarray:
    """Hashes ``h`` with the character at offset ``k`` (values ``cp_at``) masked."""
    with np.errstate(over="ignore"):
        return h - cp_at * POWERS[k] + MASK * POWERS[k]


def word_hashes(words: list[str], length: int) -> np.ndarray:
    """Hashes of words that all have ``length`` characters."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    cp = codes("".join(words)).reshape(len(words), length)
    with np.errstate(over="ignore"):
        h = np.full(len(words), np.uint64(length) * LENGTH_SALT, dtype=np.uint64)
        for k in range(length):
            h += cp[:, k] * POWERS[k]
    return h


HAN_FIRST, HAN_LAST = 0x4E00, 0x9FFF  # the characters the syllable table covers


def sound_hash(syllables: list[int]) -> np.uint64:
    """Hash of a sequence of syllable ids, as ``span_hashes`` gives it for the
    same ids (so the engine can hash every window of a text's syllables)."""
    return span_hashes(np.array(syllables, dtype=np.uint64), len(syllables))[0]
