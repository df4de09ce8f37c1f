"""Running the typo engine's array passes over many texts at once.

The passes cost per call more than per character, so texts are joined with
line breaks (part of no word, no window and no n-gram) and looked up
together; these helpers cut the joined text into batches, find which text a
place of it lies in, and hand per-text results back in groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

import numpy as np

_T = TypeVar("_T")


def batches(texts: Sequence[str], batch_chars: int) -> Iterator[range]:
    """Consecutive runs of ``texts`` whose joined length stays under
    ``batch_chars`` (a longer text is a batch of its own)."""
    i = 0
    while i < len(texts):
        j, size = i, 0
        while j < len(texts) and (j == i or size + len(texts[j]) < batch_chars):
            size += len(texts[j]) + 1
            j += 1
        yield range(i, j)
        i = j


def owners(texts: Sequence[str], positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For positions in ``texts`` joined by line breaks: the index of the
    text each lies in, and the position within that text."""
    bounds = np.cumsum([len(t) + 1 for t in texts])  # start of the next text
    found = np.searchsorted(bounds, positions, side="right")
    return found, positions - np.concatenate(([0], bounds))[found]


def regroup(flat: Sequence[_T], sizes: Iterable[int]) -> list[list[_T]]:
    """``flat`` cut back into consecutive groups of ``sizes``: the results of
    a batch of several documents' texts, handed back document by document."""
    groups, first = [], 0
    for size in sizes:
        groups.append(list(flat[first : first + size]))
        first += size
    return groups


def remember(known: dict, computed: dict, size: int) -> None:
    """Add ``computed`` to a table of recent answers of at most ``size``
    entries, emptied first when they would not fit."""
    if len(known) + len(computed) > size:
        known.clear()
    known.update(computed)
