"""Word boundaries by jieba's dictionary segmentation.

typo.duplicate asks which tokens are doubled; typo.missing-char asks
whether a phrase it would complete stands as whole words where it is
written. The segmentation is jieba's, with its dictionary and without its
HMM, through rjieba: the bindings of jieba-rs, jieba's Rust port, which
segments as jieba does (``tests/test_segment.py`` holds the two side by
side) but loads its dictionary with the module in about 0.1 s, where
jieba's own tokenizer takes 0.7 s to unmarshal its cache in every process
(``benchmarks/README.md``, start-up).
"""

from __future__ import annotations

from functools import lru_cache


class _Rjieba:
    """The tokenizer's one method govlint uses, in jieba's signature."""

    def __init__(self) -> None:
        import rjieba  # the dictionary is loaded here, once per process

        self._cut = rjieba.cut
        self._cut_all = rjieba.cut_all

    def cut(self, text: str, HMM: bool = False) -> list[str]:  # noqa: N803 - jieba's name
        return self._cut(text, HMM)

    def cut_all(self, text: str) -> list[str]:
        return self._cut_all(text)


@lru_cache(maxsize=1)
def tokenizer() -> _Rjieba:
    """The tokenizer, loaded once per process and only when asked."""
    return _Rjieba()


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


def dictionary_words(text: str) -> frozenset[str]:
    """The words of jieba's dictionary, of two characters or more, written
    anywhere in ``text`` (its full mode: every word the dictionary holds,
    not one segmentation)."""
    return frozenset(word for word in tokenizer().cut_all(text) if len(word) >= 2)


def tokens(text: str) -> list[str]:
    """jieba's dictionary segmentation of ``text``."""
    return list(tokenizer().cut(text, HMM=False))
