"""A paragraph whose first character was cut off (民政府召开 for 人民政府召开).

Provincial monitoring reports name "第一段文字开头漏字" among the defects of
government accounts: a character lost when the text was pasted. The start
is tested against the lexicon: the words whose tail is the paragraph's
first one to three characters (?民政 fits 人民政府 ...) are put in front,
and the best unigram-word segmentation of the first eight characters with
and without the added character is compared. A start that reads as it
stands (会议指出, 近日, 为深入贯彻) segments as well without any character
added; a cut-off one gains clearly from the right one.

A start of one Han character is too short to segment. One followed by a
comma (日，某部通报) or a lone particle that no sentence opens with (们要加强,
了进一步做好) is cut off unless the character opens a sentence on its own
(但，…; 是，…; 一，…): the word proposed is the most frequent sentence
opener ending in it (近日, 我们, 为了). Both lists are data
(``dictionaries/typo/paragraph_starts.txt``).

Two fixed forms are known whole: a dateline whose outlet lost its first
character (视网消息 for 央视网消息), and a 主送机关 line addressed to every
body of a level that lost its 各 (乡镇人民政府，县直各单位：;
``dictionaries/typo/recipient-levels.txt``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from govlint.data import word_list
from govlint.han import CLASS as HAN
from govlint.han import is_han
from govlint.outlets import outlets
from govlint.typo.batching import regroup
from govlint.typo.features import segmentation_gains
from govlint.typo.hashing import LENGTH_SALT, MASK, MAX_LEN, POWERS, codes, matches, member, word_hashes
from govlint.typo.modelfile import Model, model

WINDOW = 8  # characters of the paragraph start that are segmented
MIN_GAIN = 4.0  # nats of segmentation score the added character must gain (社区卫生 3.2 must not pass)
MIN_WORD = 6.0  # log count of the completed word: only common words are proposed
_HAN_START = re.compile(rf"[{HAN}]{{2,}}")
STARTS_FILE = "typo/paragraph_starts.txt"  # characters that open a sentence alone; sentence openers
LONE_PUNCTUATION = "，"  # after a lone first character: where a sentence opener stands (近日，)
# Particles that open no sentence as words of their own. Not 着: as zhuó
# (wear) it opens literary ones (着便装的…); not 的: no opener of the
# lexicon ends in it.
PARTICLES = "了们"


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
    m = model()
    starts = [_han_start(t) for t in texts]
    owners, chars, words, heads = [], [], [], []
    for n, char, word in _completions(m, starts, thorough):
        owners.append(n)
        chars.append(char)
        words.append(word)
        heads.append(char + starts[n])
    # A dateline is a fixed form wherever it stands: the first paragraph
    # under a long headline the text reader keeps as a paragraph, or each
    # item of a post that gathers several news stories.
    out: list[tuple[str, str] | None] = [_cut_dateline(t) or _cut_recipients(t) or _lone_start(m, t) for t in texts]
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


def _lone_start(m: Model, text: str) -> tuple[str, str] | None:
    """(missing character, word) when the paragraph starts with one Han
    character that cannot open it alone: before a comma (日，: 近日) or a
    particle that makes no lexicon word with the Han text after it (们要:
    我们; not 了解, 了不起) or stands before a mark (们《关于…》: 我们). The
    openers' list is evidence enough in any paragraph (a lone 、 or 。 is
    not tried: 中、小学, and no opener stands before them). The segmentation
    search overrules it."""
    first, after = text[:1], text[1:2]
    if not after or first in _standalone():
        return None
    if after in LONE_PUNCTUATION:
        if not is_han(first):
            return None
    elif first not in PARTICLES or (is_han(after) and _starts_word(m, text)):
        return None
    word = _openers().get(first)
    return (word[0], word) if word else None


# What follows an outlet's name in a dateline: 新华社北京3月5日电, 央视网消息（新闻联播）,
# 人民日报记者, 中新社客户端.
_DATELINE_TAIL = re.compile(r"(?:消息|电|讯|记者|客户端|[（(]|北京|\d|[一二三四五六七八九十]{1,3}月)")


@lru_cache(maxsize=1)
def _outlets() -> tuple[str, ...]:
    """The news outlets of 3 or more characters whose names open datelines,
    longest first, then in code-point order (``govlint.outlets``): 民日报
    is always 人民日报's, never 农民日报's as the hash of a set chose."""
    return tuple(name for name in outlets() if len(name) >= 3)


@lru_cache(maxsize=1)
def _outlets_by_start() -> dict[str, tuple[str, ...]]:
    """``_outlets`` by their second character, the one a name that lost its
    first starts with (视 of 央视网), in the same order: every paragraph is
    tried, and each tries only the few outlets it could be."""
    by_start: dict[str, list[str]] = {}
    for outlet in _outlets():
        by_start.setdefault(outlet[1], []).append(outlet)
    return {char: tuple(names) for char, names in by_start.items()}


def _cut_dateline(text: str) -> tuple[str, str] | None:
    """(missing character, outlet) when the paragraph opens with a dateline
    whose outlet lost its first character (视网消息 for 央视网消息, 华社北京
    3月5日电 for 新华社): a dateline is a fixed form, so its cut start is
    known even where the rest reads as words (视网 is in the lexicon)."""
    for outlet in _outlets_by_start().get(text[:1], ()):
        tail = outlet[1:]
        if text.startswith(tail) and _DATELINE_TAIL.match(text, len(tail)):
            return outlet[0], outlet
    return None


RECIPIENTS_FILE = "typo/recipient-levels.txt"
MAX_RECIPIENTS_LINE = 120  # characters: a 主送机关 line is one line of names
# The last characters of the names of public bodies (人民政府, 各部门, 各单位,
# 各直属机构, 机关, 办事处, 委员会, 党组, 学校, 公司, 中心, 局, 厅, 院 …).
_BODY_ENDS = frozenset("府门位构关委处会组校司心局办厅部院所站队室团业")


@lru_cache(maxsize=1)
def _recipient_levels() -> tuple[str, ...]:
    return tuple(sorted(word_list(RECIPIENTS_FILE), key=len, reverse=True))


def _cut_recipients(text: str) -> tuple[str, str] | None:
    """(各, its level) when the paragraph is a 主送机关 line addressed to every
    body of a level that lost its 各 (省、自治区、直辖市人民政府，…： for
    各省、…): a line of names ending in a colon that opens with a level
    (``dictionaries/typo/recipient-levels.txt``)."""
    line = text.strip()
    if len(line) > MAX_RECIPIENTS_LINE or not line.endswith(("：", ":")) or "。" in line:
        return None
    # Names only: each part between commas ends as a body's name does (政府, 部门, 单位 …).
    if not all(part.strip()[-1:] in _BODY_ENDS for part in re.split("[，,]", line[:-1])):
        return None
    for level in _recipient_levels():
        if line.startswith(level):
            return "各", "各" + level.rstrip("、")
    return None


@lru_cache(maxsize=1)
def _standalone() -> frozenset[str]:
    """The characters that open a sentence on their own (但，一、注：)."""
    return frozenset(w for w in word_list(STARTS_FILE) if len(w) == 1)


@lru_cache(maxsize=1)
def _openers() -> dict[str, str]:
    """For each last character, the most frequent common two-character
    sentence opener ending in it (日: 近日), by the model's word counts."""
    words = sorted(w for w in word_list(STARTS_FILE) if len(w) == 2)
    best: dict[str, tuple[float, str]] = {}
    for word, logf in zip(words, model().word_logf(word_hashes(words, 2)).tolist(), strict=True):
        if logf >= MIN_WORD and (word[1] not in best or logf > best[word[1]][0]):
            best[word[1]] = (logf, word)
    return {char: word for char, (_, word) in best.items()}


def _starts_word(m: Model, text: str) -> bool:
    """Whether the text's first 2-4 characters (Han) make a lexicon word (了解, 了不起, 了如指掌)."""
    start = _HAN_START.match(text)
    if not start:
        return False
    head = start.group()[:MAX_LEN]
    hashes = np.concatenate([word_hashes([head[:n]], n) for n in range(2, len(head) + 1)])
    return bool((m.word_logf(hashes) > 0).any())


def _han_start(text: str) -> str:
    """The paragraph's first WINDOW characters when it starts with Han text."""
    found = _HAN_START.match(text)
    return found.group()[:WINDOW] if found else ""


def _completions(m: Model, starts: list[str], thorough: list[bool]) -> list[tuple[int, str, str]]:
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
        crowded = member(m.mask_big, pattern) & np.array([thorough[n] for n in owner], dtype=bool)
        for i in np.nonzero(crowded)[0].tolist():
            tail = starts[owner[i]][: length - 1]
            out += [(owner[i], length, char, word) for char, word in _common_completions(m, pattern[i], tail)]
        listed = np.nonzero(~crowded)[0]
        at, found = matches(m.mask_h, pattern[listed], m.mask_h_bloom)
        common = m.mask_v[found] >= MIN_WORD
        for i, j in zip(listed[at[common]].tolist(), found[common].tolist(), strict=True):
            char = chr(int(m.mask_c[j]))
            out.append((owner[i], length, char, char + starts[owner[i]][: length - 1]))
    out.sort(key=lambda found: found[:2])  # stable: the table order stays within a length
    return [(n, char, word) for n, _, char, word in out]


@lru_cache(maxsize=1)
def _common_chars() -> np.ndarray:
    """Code points + 1 of pycorrector's 3,500 common characters."""
    return codes("".join(sorted(c for c in word_list("pycorrector/common-chars.txt") if is_han(c))))


def _common_completions(m: Model, pattern: np.uint64, tail: str) -> list[tuple[str, str]]:
    """(character, word) for each common character that makes a common word
    in front of ``tail``; ``pattern`` is the hash of "?" + ``tail``."""
    first = _common_chars()
    with np.errstate(over="ignore"):
        h = pattern - MASK * POWERS[0] + first * POWERS[0]
    logf = m.word_logf(h)
    return [(chr(int(c) - 1), chr(int(c) - 1) + tail) for c in first[logf >= MIN_WORD]]
