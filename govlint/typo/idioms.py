"""Four-character idioms: one written with a wrong character (typo.idiom), or
short of one (the idiom half of typo.missing-char).

The idioms are the model's (jieba's idiom and fixed-expression entries);
only those a 成语 dictionary lists are named. Their masked and
deleted-character hash tables are derived when the model is unpacked.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from govlint.data import word_list
from govlint.typo.batching import owners, remember
from govlint.typo.features import segmentation_gains
from govlint.typo.hashing import codes, is_han, masked, matches, span_hashes, window_valid
from govlint.typo.lexicon import WORD_MIN_LOGF, government_terms, word_logf
from govlint.typo.modelfile import CURATED_KINDS, model, pair_kind

IDIOM_GAIN = 3.0  # nats: the idiom must read clearly better than the words it replaces

IdiomMatches = tuple[tuple[int, str], ...]
# idiom_matches of recent texts: typo.idiom, typo.missing-char and
# typo.wrong-char all ask for the same blocks. Emptied when full.
_KNOWN_IDIOMS: dict[str, IdiomMatches] = {}
KNOWN_IDIOMS_SIZE = 4096


def _idiom(number: int) -> str:
    """The model's idiom ``number``. Made when a window matches it: all
    34,630 as strings took 12 ms of every run."""
    return "".join(map(chr, model().idioms[number].tolist()))


def _nameable(idiom: str) -> bool:
    """Whether a 成语 dictionary lists the idiom
    (``dictionaries/typo/idioms.txt``). The model's idioms are jieba's
    idiom and fixed-expression entries, many of them free phrases (全身上下,
    提前完成): a text one character from one of those is no misspelt idiom."""
    return idiom in word_list("typo/idioms.txt")


@lru_cache(maxsize=4096)
def _kind(a: str, b: str) -> int:
    """The confusion kind of two characters (modelfile.pair_kind; 0: none)."""
    pair = [np.array([ord(c)], dtype=np.uint64) for c in (a, b)]
    return int(pair_kind(model(), *pair)[0])


@lru_cache(maxsize=4096)
def _confusable(a: str, b: str) -> bool:
    return bool(curated_confusable(np.array([_kind(a, b)]))[0])


# A window of two common words (各自所长: each seen about 400 times or more)
# one look-alike character from an idiom (各有所长: 自 and 有 are a stroke
# apart) is a free phrase the writer chose. Not where the two sound alike:
# an input method's idiom slip often makes two real words (多次一举,
# 眉头苍蝇, 难以自信), so a sound-alike window is still an idiom one character off.
TWO_WORDS_LOGF = 6.0
SHAPE_KINDS = frozenset({3, 6})  # similar shape, stroke order one stroke apart (modelfile.pair_kind)


def _free_phrase(window: str, k: int, idiom: str) -> bool:
    return (
        _kind(window[k], idiom[k]) in SHAPE_KINDS
        and word_logf(window[:2]) >= TWO_WORDS_LOGF
        and word_logf(window[2:]) >= TWO_WORDS_LOGF
    )


def curated_confusable(kinds: np.ndarray) -> np.ndarray:
    """The pair kinds the curated rules act on without the engine's word
    evidence (not the component look-alikes: 略抒己见 is no misspelt 各抒己见)."""
    return (kinds > 0) & (kinds <= CURATED_KINDS)


def _table_hits(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(query index, value) for every entry of sorted ``keys`` equal to a query."""
    rows, at = matches(keys, query)
    return rows, values[at]


def idiom_matches(texts: Sequence[str]) -> list[IdiomMatches]:
    """For each text: (start, idiom) of its 4-character windows one
    confusable character away from an idiom, where the window itself is no
    word. The texts not known yet are looked up together, in one pass over
    them joined by line breaks (a window across one is not all Han): a
    look-up is four table searches of fixed cost, whatever the text's
    length, and one per paragraph cost 2.5 ms a post of varied text, where
    few paragraphs repeat (benchmarks/README.md, session 8)."""
    # A local copy of what is known: another thread may empty the table meanwhile.
    found = {t: known for t in texts if (known := _KNOWN_IDIOMS.get(t)) is not None}
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        computed = dict(zip(missing, _look_up(missing), strict=True))
        found.update(computed)
        remember(_KNOWN_IDIOMS, computed, KNOWN_IDIOMS_SIZE)
    return [found[t] for t in texts]


def _look_up(texts: list[str]) -> list[IdiomMatches]:
    """``idiom_matches`` of texts none of which is known yet."""
    tried = _idioms_tried("\n".join(texts))
    if not tried:
        return [() for _ in texts]
    where, places = owners(texts, np.array([g for g, _ in tried]))
    options = list(zip(where.tolist(), places.tolist(), (idiom for _, idiom in tried), strict=True))
    fits = _idiom_fits([(texts[n], a, idiom) for n, a, idiom in options])
    first: list[dict[int, str]] = [{} for _ in texts]
    for (n, a, idiom), fit in zip(options, fits, strict=True):
        if fit and a not in first[n]:
            first[n][a] = idiom
    return [_apart(chosen) for chosen in first]


def _idioms_tried(joined: str) -> list[tuple[int, str]]:
    """(start in ``joined``, idiom) of each window that is a nameable idiom
    with one character replaced by a confusable one, and is neither a word
    nor a government term, in the order they are tried: masked place k,
    then the table's order (the first that fits at a place is its idiom)."""
    m = model()
    cp = codes(joined)
    if len(cp) < 4:
        return []
    h = span_hashes(cp, 4)
    starts = np.nonzero(window_valid(is_han(cp), 4))[0]
    starts = starts[m.word_logf(h[starts]) < WORD_MIN_LOGF]
    if len(starts) == 0:
        return []
    tried: list[tuple[int, str]] = []
    for k in range(4):
        rows, values = _table_hits(m.idiom_mask_h, m.idiom_mask_i, masked(h[starts], cp[starts + k], k))
        for g, v in zip(starts[rows].tolist(), values.tolist(), strict=False):
            if v % 4 != k:
                continue
            idiom = _idiom(v // 4)
            if not _nameable(idiom):
                continue
            window = joined[g : g + 4]
            if window in government_terms() or not _confusable(window[k], idiom[k]):
                continue
            if not _free_phrase(window, k, idiom):
                tried.append((g, idiom))
    return tried


def _apart(places: dict[int, str]) -> IdiomMatches:
    """The matches of one text in order; of overlapping ones the first wins."""
    found, last = [], -4
    for a in sorted(places):
        if a >= last + 4:
            found.append((a, places[a]))
            last = a
    return tuple(found)


def _idiom_fits(options: list[tuple[str, int, str]]) -> list[bool]:
    """For each (text, start, idiom): the idiom segments the place clearly
    better than the text does (今年以来 is two good words, not a misspelt
    近年以来); one segmentation pass for them all."""
    befores = [s[max(0, a - 3) : a + 7] for s, a, _ in options]
    afters = [s[max(0, a - 3) : a] + idiom + s[a + 4 : a + 7] for s, a, idiom in options]
    return (segmentation_gains(befores, afters) >= IDIOM_GAIN).tolist()


def idiom_deletions(texts: list[str]) -> list[dict[int, list[tuple[str, int]]]]:
    """For each text: the start of each 3-character window that is an idiom
    with its second, third or fourth character dropped, and the (idiom,
    index of the dropped character) options there, the most common idiom
    first. One pass over the texts joined by line breaks (a window across
    one is not all Han)."""
    m = model()
    joined = "\n".join(texts)
    cp = codes(joined)
    hits: list[dict[int, list[tuple[str, int]]]] = [{} for _ in texts]
    if len(cp) < 3:
        return hits
    h = span_hashes(cp, 3)
    starts = np.nonzero(window_valid(is_han(cp), 3))[0]
    rows, values = _table_hits(m.idiom_del_h, m.idiom_del_i, h[starts])
    if len(rows) == 0:
        return hits
    where, offsets = owners(texts, starts[rows])
    for n, a, v in zip(where.tolist(), offsets.tolist(), values.tolist(), strict=True):
        idiom = _idiom(v // 4)
        if _nameable(idiom):
            hits[n].setdefault(a, []).append((idiom, v % 4))
    for found in hits:
        for options in found.values():
            if len(options) > 1:  # the most common idiom first: 深恶痛绝 before its variant 深恶痛嫉
                options.sort(key=lambda option: -word_logf(option[0]))
    return hits
