"""Doubled words and characters (typo.duplicate): 进行进行, 的的.

A doubled word is a token of jieba's segmentation with its copy right before
or after it; a doubled character is a listed function character written
twice where both copies stand alone. the tokenizer is loaded only for a text
that holds a repeat at all.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from govlint.data import word_list
from govlint.han import is_han
from govlint.model import Block
from govlint.typo.segment import dictionary_words, tokenizer

# The longest word of jieba's dictionary (16 characters; a test checks the
# installed jieba): a repeat longer than that cannot be one word written twice.
# A constant, so that a draft without any repeat never loads jieba (0.5 s).
LONGEST_WORD = 16
# The Han characters jieba puts in words of two or more (its ``re_han_default``;
# a test checks the installed jieba): a property of the tokenizer, narrower
# than govlint.han's. A wider class here could let one repeat that holds a
# character jieba never joins hide, in a greedy search, a real one beside it.
JIEBA_HAN = "\u4e00-\u9fd5"
# jieba's ``re_han_default``: the runs it segments on their own (a test
# checks it against the installed jieba's).
RE_HAN_DEFAULT = re.compile(rf"([{JIEBA_HAN}a-zA-Z0-9+#&\._%\-]+)")


@lru_cache(maxsize=1)
def _repeat_pattern() -> re.Pattern[str]:
    """Two equal runs of 2+ Han characters, no longer than jieba's longest
    word, back to back: what every duplicated word needs. The characters are
    those jieba segments into words (``re_han_default``): it never puts any
    other character in a word of two or more."""
    return re.compile(rf"([{JIEBA_HAN}]{{2,{LONGEST_WORD}}})\1")


def _tokens_near_repeats(text: str) -> Iterator[tuple[str, int, int]]:
    """jieba's tokens (word, start, end) of ``text``, but only in the runs it
    segments on their own (Han, letters, digits) that hold a repeated
    stretch of Han characters: no other token can be a duplicated word."""
    return _chunk_tokens(text, [m.start() for m in _repeat_pattern().finditer(text)])


def _chunk_tokens(text: str, places: list[int]) -> Iterator[tuple[str, int, int]]:
    """jieba's tokens (word, start, end) of the runs of ``text`` it segments
    on their own that hold one of ``places`` (sorted offsets)."""
    if not places:
        return
    cut = tokenizer().cut
    for chunk in RE_HAN_DEFAULT.finditer(text):
        at = bisect.bisect_left(places, chunk.start())
        if at == len(places) or places[at] >= chunk.end():
            continue
        start = chunk.start()
        for word in cut(chunk.group(), HMM=False):
            yield word, start, start + len(word)
            start += len(word)


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
    return doubled_tokens(block.text, _tokens_near_repeats(block.text), allowed)


def doubled_tokens(
    text: str, tokens: Iterable[tuple[str, int, int]], allowed: frozenset[str]
) -> Iterator[tuple[int, int, str]]:
    """``duplicate_spans`` given the jieba tokens (word, start, end) of ``text``."""
    last_end = -1
    previous = ""
    for word, start, end in tokens:
        size = len(word)
        before, previous = previous, word
        if size < 2 or start < last_end or not all(map(is_han, word)) or _legitimate_repeat(word, allowed):
            continue
        if text.startswith(word, end):
            span = (start, end + size)
        elif start >= size and text.startswith(word, start - size) and not _compound_before(before, word):
            span = (start - size, end)
        else:
            continue
        if span[0] < last_end:
            continue
        last_end = span[1]  # 进行进行进行 is one finding, not two
        yield span[0], span[1], word


def _compound_before(before: str, word: str) -> bool:
    """Whether the token before ``word`` is a longer common word ending in it
    (总决赛 决赛: the year-end finals' final): a compound and then the word,
    not the word written twice. The model's lexicon decides, which lists 总决赛
    and not 经济发展 (经济发展发展 is still a doubled word)."""
    if not (len(before) > len(word) and before.endswith(word)):
        return False
    from govlint.typo.hashing import MAX_LEN  # only here: the lexicon maps the typo model
    from govlint.typo.lexicon import is_word

    return len(before) <= MAX_LEN and is_word(before)


DOUBLED_FILE = "typo/doubled_chars.txt"  # function characters never doubled; words that hold such a pair


@lru_cache(maxsize=1)
def _doubled_pattern() -> re.Pattern[str]:
    """A listed function character written twice in a row (的的)."""
    chars = sorted(w for w in word_list(DOUBLED_FILE) if len(w) == 1)
    return re.compile("([" + "".join(chars) + r"])\1")


def _inside_word(text: str, at: int, words: Iterable[str]) -> bool:
    """Whether the pair at ``at`` lies inside one of ``words`` as written there."""
    pair = text[at : at + 2]
    for word in words:
        offset = word.find(pair)
        while offset >= 0:
            if at >= offset and text.startswith(word, at - offset):
                return True
            offset = word.find(pair, offset + 1)
    return False


def _in_a_word(text: str, at: int) -> bool:
    """Whether the first copy of the pair at ``at`` ends a word of jieba's
    dictionary or the second starts one (中和 + 和, 和 + 和谐). jieba's
    segmentation alone prefers frequent single characters to a rare word:
    碳中和和政策 comes out as 碳/中/和/和/政策."""
    window = max(0, at - LONGEST_WORD + 1)
    words = dictionary_words(text[window : at + 1 + LONGEST_WORD])
    ends = (text[at - k : at + 1] for k in range(1, LONGEST_WORD) if k <= at)
    starts = (text[at + 1 : at + 1 + k] for k in range(2, LONGEST_WORD + 1) if at + k < len(text))
    return any(word in words for word in (*ends, *starts))


def doubled_chars(text: str, allowed: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, character) of each function character written twice in a
    row (的的, 了了, 是是) where neither copy belongs to a longer word.

    Both copies must be one-character tokens of jieba's segmentation, and
    neither may make a word of its dictionary with its other neighbour: a
    copy that ends or starts a word is that word's (目的的, 为了了解, 但是是否,
    实事求是是, 碳中和和). Not reported either: a pair inside a listed or
    allowed word (的的确确, 不了了之), a run of three or more (是是是, 对对对:
    speech), and a clause that is nothing but the pair (是是，: an answer).
    """
    pairs = []
    for found in _doubled_pattern().finditer(text):
        at = found.start()
        before, after = text[at - 1 : at], text[at + 2 : at + 3]
        if text[at] in (before, after):
            continue  # a run of three or more
        if not (before and is_han(before)) and not (after and is_han(after)):
            continue  # the whole clause
        pairs.append(at)
    if not pairs:
        return
    legitimate = [w for w in word_list(DOUBLED_FILE) if len(w) > 1]
    singles = {start for word, start, _ in _chunk_tokens(text, pairs) if len(word) == 1}
    for at in pairs:
        pair = text[at : at + 2]
        if (
            at in singles
            and at + 1 in singles
            and not _in_a_word(text, at)
            and not _inside_word(text, at, [*legitimate, *(w for w in allowed if pair in w)])
        ):
            yield at, at + 2, text[at]
