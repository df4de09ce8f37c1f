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


# A paragraph longer than this is read in windows of about this size: the
# engine's arrays take some 2.5 KB per character of the text it is given (a
# 2 MB paragraph took 4.7 GB). Each window carries ``WINDOW_CONTEXT``
# characters of its neighbours on either side, far more than any word,
# n-gram or edit gap reaches, and keeps the edits of its own core only; cuts
# fall after a sentence end where one is near.
WINDOW_CHARS = 20_000
WINDOW_CONTEXT = 200
_SENTENCE_ENDS = "。！？；!?;\n"


def windows(text: str, size: int = WINDOW_CHARS, context: int = WINDOW_CONTEXT) -> list[tuple[int, int, int, int]]:
    """``text`` cut into windows (context start, core start, core end,
    context end): the cores tile the text, each at most ``size`` long; a
    text of at most ``size`` characters is one window, itself."""
    if len(text) <= size:
        return [(0, 0, len(text), len(text))]
    found, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(mark, start + size // 2, end) for mark in _SENTENCE_ENDS)
            end = cut + 1 if cut >= 0 else end
        found.append((max(0, start - context), start, end, min(len(text), end + context)))
        start = end
    return found


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
