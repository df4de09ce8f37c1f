"""Check ``typo`` (错别字、漏字、多字)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import lru_cache

from govlint.data import word_list
from govlint.model import Block, Document
from govlint.rules import Context, Hit, Severity, Stage, rule

# Blocks whose text is prose; code is quoted verbatim and not proofread.
_PROSE = frozenset({"title", "heading", "paragraph", "list_item", "table_cell", "caption", "quote"})


@lru_cache(maxsize=1)
def _tokenizer():
    """jieba's tokenizer, loaded once per process (about half a second)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _is_han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in word)


def _legitimate_repeat(word: str, allowed: frozenset[str]) -> bool:
    if word in allowed or word in word_list("typo/reduplication.txt"):
        return True
    # Numeral + classifier repeats distributively: 一个一个、一步一步、一天一天.
    return len(word) == 2 and word[0] == "一"


def duplicate_spans(block: Block, allowed: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of each word of 2+ Han characters written twice in a row.

    The word must be a token of jieba's segmentation, and the copy must stand
    right before or after it: jieba often glues the copy to its neighbour
    (推进推进改革 -> 推进 / 推进改革), so equal consecutive tokens are not enough.
    """
    text = block.text
    last_end = -1
    for word, start, end in _tokenizer().tokenize(text, HMM=False):
        size = len(word)
        if size < 2 or start < last_end or not _is_han(word) or _legitimate_repeat(word, allowed):
            continue
        if text.startswith(word, end):
            span = (start, end + size)
        elif start >= size and text.startswith(word, start - size):
            span = (start - size, end)
        else:
            continue
        if span[0] < last_end:
            continue
        last_end = span[1]  # 进行进行进行 is one finding, not two
        yield span[0], span[1], word


@rule(
    "typo.duplicate",
    name="duplicate-word",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="同一词语连续重复（如“进行进行”），多字",
    fixable=True,
)
def duplicate(document: Document, context: Context) -> Iterator[Hit]:
    """A word of two or more characters is written twice in a row.

    Doubled words (多字) come from editing: a phrase pasted twice, or a
    sentence rewritten without deleting the old word. Words that Chinese
    legitimately reduplicates (研究研究, 雪白雪白, 一步一步) are listed in
    ``dictionaries/typo/reduplication.txt`` and not reported; add your own
    with ``allow_words`` in the configuration. The suggestion keeps one copy.

    **Bad**

    ```text
    各部门要认真进行进行自查自纠。
    ```

    **Good**

    ```text
    各部门要认真进行自查自纠。
    ```
    """
    for block in document.blocks:
        if block.kind not in _PROSE:
            continue
        for start, end, word in duplicate_spans(block, context.config.allow_words):
            if block.hidden_at(start) or block.code_at(start):
                continue
            yield Hit.in_block(block, start, end, f"词语“{word}”连续重复，疑为多字", word)
