"""Corrections of whole sentences: what typo.confusion, typo.idiom and
typo.wrong-char together suggest (same-length edits only).

The route of the CSC benchmarks (``benchmarks/typo.py``) and of the tests
that hold the engine to sentences: the curated corrections first, then the
engine on the rest, names and allowed words protected.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from govlint.typo.batching import batches, owners
from govlint.typo.engine import detect
from govlint.typo.idioms import idiom_matches
from govlint.typo.lexicon import confusion_matches, confusion_table
from govlint.typo.protect import protected_masks


def correct_sentences(
    texts: list[str], allow_words: Iterable[str] = (), batch_chars: int = 20000
) -> list[dict[int, str]]:
    """{index: corrected character} for each text, batched: the texts are
    joined with line breaks (never inside a word), so one set of array
    operations serves many."""
    words = tuple(allow_words)
    results: list[dict[int, str]] = [{} for _ in texts]
    for batch in batches(texts, batch_chars):
        part = texts[batch.start : batch.stop]
        fixes = _corrections("\n".join(part), words)
        where, offsets = owners(part, np.array(list(fixes), dtype=np.int64))
        for n, index, char in zip(where.tolist(), offsets.tolist(), fixes.values(), strict=True):
            results[batch.start + n][index] = char
    return results


def _corrections(text: str, words: tuple[str, ...]) -> dict[int, str]:
    """{index: corrected character} for one text (a batch joined): the
    curated corrections, and the engine's where they leave it free."""
    fixes: dict[int, str] = {}
    for start, pair in confusion_matches(text, confusion_table()):
        if len(pair.right) == len(pair.wrong):
            fixes.update(_substitutions(start, pair.wrong, pair.right))
    for start, idiom in idiom_matches([text])[0]:
        fixes.update(_substitutions(start, text[start : start + 4], idiom))
    mask = protected_masks([text], words)[0]
    mask[list(fixes)] = True
    found = {e.index: e.suggestion for e in detect(text, mask)}
    return {**found, **fixes}


def _substitutions(start: int, wrong: str, right: str) -> dict[int, str]:
    return {start + i: b for i, (a, b) in enumerate(zip(wrong, right, strict=True)) if a != b}
