"""Word boundaries by jieba's dictionary segmentation.

typo.duplicate asks which tokens are doubled; typo.missing-char asks
whether a phrase it would complete stands as whole words where it is
written. jieba's dictionary is loaded once per process (about half a
second), only when one of them has something to ask.
"""

from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def tokenizer():
    """jieba's tokenizer, loaded once per process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    loaded = jieba.Tokenizer()
    loaded.initialize()
    return loaded


@lru_cache(maxsize=16)
def boundaries(text: str) -> frozenset[int]:
    """The offsets of ``text`` where a word starts or ends, by jieba's
    dictionary segmentation (no HMM: unknown runs fall into single
    characters rather than into guessed words). Kept for the last texts
    asked: typo.missing-char asks once per place it weighs, and segmenting
    a long paragraph again at each made it quadratic (a 1 MB paragraph took
    minutes)."""
    cuts = {0}
    at = 0
    for word in tokenizer().cut(text, HMM=False):
        at += len(word)
        cuts.add(at)
    return frozenset(cuts)


def tokens(text: str) -> list[str]:
    """jieba's dictionary segmentation of ``text``."""
    return list(tokenizer().cut(text, HMM=False))
