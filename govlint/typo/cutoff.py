"""A paragraph whose first character was cut off (民政府召开 for 人民政府召开).

Provincial monitoring reports name "第一段文字开头漏字" among the defects of
government accounts: a character lost when the text was pasted. The start
is tested against the lexicon: the words whose tail is the paragraph's
first one to three characters (?民政 fits 人民政府 ...) are put in front,
and the best unigram-word segmentation of the first eight characters with
and without the added character is compared. A start that reads as it
stands (会议指出, 近日, 为深入贯彻) segments as well without any character
added; a cut-off one gains clearly from the right one.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from govlint.typo import engine
from govlint.typo.hashing import LENGTH_SALT, MASK, MAX_LEN, POWERS, codes
from govlint.typo.lexicon import regroup, segmentation_gains

WINDOW = 8  # characters of the paragraph start that are segmented
MIN_GAIN = 4.0  # nats of segmentation score the added character must gain (社区卫生 3.2 must not pass)
MIN_WORD = 6.0  # log count of the completed word: only common words are proposed
_HAN_START = re.compile(r"[\u4e00-\u9fff]{2,}")


def cut_starts(texts: list[str], thorough: int = 1) -> list[tuple[str, str] | None]:
    """For each paragraph: (missing first character, the word it completes)
    when its start looks cut off, else None. The first ``thorough``
    paragraphs also try every common character in front of a tail that
    ends too many words to list (?村: 乡村, 农村 ...)."""
    return cut_starts_documents([texts], thorough)[0]


def cut_starts_documents(documents: list[list[str]], thorough: int = 1) -> list[list[tuple[str, str] | None]]:
    """``cut_starts`` of the paragraphs of several documents, looked up and
    scored together (the array passes cost per call)."""
    texts = [t for paragraphs in documents for t in paragraphs]
    ranks = [n for paragraphs in documents for n in range(len(paragraphs))]
    return regroup(_cut_starts(texts, [rank < thorough for rank in ranks]), map(len, documents))


def _cut_starts(texts: list[str], thorough: list[bool]) -> list[tuple[str, str] | None]:
    m = engine.model()
    starts = [_han_start(t) for t in texts]
    owners, chars, words, heads = [], [], [], []
    for n, char, word in _completions(m, starts, thorough):
        owners.append(n)
        chars.append(char)
        words.append(word)
        heads.append(char + starts[n])
    out: list[tuple[str, str] | None] = [None for _ in texts]
    if not owners:
        return out
    gains = segmentation_gains([starts[n] for n in owners], heads)
    best: dict[int, tuple[float, str, str]] = {}
    for n, gain, char, word in zip(owners, gains.tolist(), chars, words, strict=True):
        # Equal gains: name the longer word (人民政府 rather than 人民).
        if gain >= MIN_GAIN and (n not in best or (gain, len(word)) > (best[n][0], len(best[n][2]))):
            best[n] = (gain, char, word)
    for n, (_, char, word) in best.items():
        out[n] = (char, word)
    return out


def _han_start(text: str) -> str:
    """The paragraph's first WINDOW characters when it starts with Han text."""
    found = _HAN_START.match(text)
    return found.group()[:WINDOW] if found else ""


def _completions(m: engine.Model, starts: list[str], thorough: list[bool]) -> list[tuple[int, str, str]]:
    """(paragraph, first character, word) of the common lexicon words of 2-4
    characters whose tail is the start of a paragraph's ``starts`` (""
    where none), by paragraph, then word length, then table order; the
    paragraphs flagged ``thorough`` also with every common first character
    where a tail ends too many words to list. The patterns of all paragraphs
    are looked up together, one length at a time."""
    rows = [n for n, start in enumerate(starts) if start]
    if not rows:
        return []
    head = np.zeros((len(rows), MAX_LEN - 1), dtype=np.uint64)  # the first characters' code points + 1
    for i, n in enumerate(rows):
        first = codes(starts[n][: MAX_LEN - 1])
        head[i, : len(first)] = first
    sizes = np.array([len(starts[n]) for n in rows])
    out: list[tuple[int, int, str, str]] = []
    for length in range(2, MAX_LEN + 1):
        take = np.nonzero(sizes >= length - 1)[0]
        if len(take) == 0:
            break
        # The hash of "?" + the start's first length-1 characters, as the masked table keys it.
        with np.errstate(over="ignore"):
            pattern = np.uint64(length) * LENGTH_SALT + MASK * POWERS[0]
            pattern = pattern + (head[take, : length - 1] * POWERS[1:length]).sum(axis=1, dtype=np.uint64)
        owner = [rows[i] for i in take.tolist()]
        crowded = engine._member(m.mask_big, pattern) & np.array([thorough[n] for n in owner], dtype=bool)
        for i in np.nonzero(crowded)[0].tolist():
            tail = starts[owner[i]][: length - 1]
            out += [(owner[i], length, char, word) for char, word in _common_completions(m, pattern[i], tail)]
        listed = np.nonzero(~crowded)[0]
        at, found = engine._matches(m.mask_h, pattern[listed], m.mask_h_bloom)
        common = m.mask_v[found] >= MIN_WORD
        for i, j in zip(listed[at[common]].tolist(), found[common].tolist(), strict=True):
            char = chr(int(m.mask_c[j]))
            out.append((owner[i], length, char, char + starts[owner[i]][: length - 1]))
    out.sort(key=lambda found: found[:2])  # stable: the table order stays within a length
    return [(n, char, word) for n, _, char, word in out]


@lru_cache(maxsize=1)
def _common_chars() -> np.ndarray:
    """Code points + 1 of pycorrector's 3,500 common characters."""
    text = (engine.pycorrector_data() / "common_char_set.txt").read_text(encoding="utf-8")
    return codes("".join(sorted({c for c in text if "\u4e00" <= c <= "\u9fff"})))


def _common_completions(m: engine.Model, pattern: np.uint64, tail: str) -> list[tuple[str, str]]:
    """(character, word) for each common character that makes a common word
    in front of ``tail``; ``pattern`` is the hash of "?" + ``tail``."""
    first = _common_chars()
    with np.errstate(over="ignore"):
        h = pattern - MASK * POWERS[0] + first * POWERS[0]
    logf = m.word_logf(h)
    return [(chr(int(c) - 1), chr(int(c) - 1) + tail) for c in first[logf >= MIN_WORD]]
