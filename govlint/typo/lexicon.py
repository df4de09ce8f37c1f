"""Curated confusion pairs, idioms, names and missing-character search.

Everything here is built lazily from ``dictionaries/typo/`` and the model
file, once per process.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from govlint.data import data_path
from govlint.typo import engine
from govlint.typo.hashing import codes, masked, span_hashes, word_hashes

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
MISSING_GAIN = 4.0  # nats of segmentation gain an idiom's missing character must bring
# A phrase the document itself repeats is evidence enough; putting its
# character back must only not make the text segment clearly worse.
MISSING_TERM_GAIN = -2.0
WORD_MIN_LOGF = 2.5  # jieba lists some misspellings (按步就班) with counts under 10


@dataclass(frozen=True)
class Pair:
    wrong: str
    right: str
    safe: bool


def read_pairs(path: Path) -> list[Pair]:
    """``wrong<TAB>right[<TAB>safe]`` lines; ``#`` starts a comment."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0] or not cols[1] or cols[0] == cols[1]:
            raise ValueError(f"{path}:{number}: 应为“错误写法<TAB>正确写法”")
        pairs.append(Pair(cols[0], cols[1], len(cols) < 3 or cols[2].strip() != "no"))
    return pairs


@lru_cache(maxsize=8)
def confusion_table(extra: tuple[Path, ...] = ()) -> dict[str, Pair]:
    table = {p.wrong: p for p in read_pairs(data_path("typo/confusion.tsv"))}
    for path in extra:
        table.update({p.wrong: p for p in read_pairs(path)})
    return table


def confusion_matches(text: str, table: dict[str, Pair]) -> Iterator[tuple[int, Pair]]:
    """(start, pair) of each curated misspelling in ``text``, leftmost first."""
    lengths = sorted({len(w) for w in table}, reverse=True)
    i = 0
    while i < len(text):
        for length in lengths:
            pair = table.get(text[i : i + length])
            if pair is not None:
                yield i, pair
                i += length
                break
        else:
            i += 1


@lru_cache(maxsize=1)
def _idioms() -> tuple[str, ...]:
    text = np.ascontiguousarray(engine.model().idioms, dtype="<u4").tobytes().decode("utf-32-le")
    return tuple(text[i : i + 4] for i in range(0, len(text), 4))


def _is_word(word: str) -> bool:
    return bool(engine.model().word_logf(word_hashes([word], len(word)))[0] >= WORD_MIN_LOGF)


@lru_cache(maxsize=4096)
def _confusable(a: str, b: str) -> bool:
    m = engine.model()
    key = np.array([(ord(a) << 21) | ord(b)], dtype=np.uint64)
    at = min(int(np.searchsorted(m.pair_keys, key)[0]), len(m.pair_keys) - 1)
    return bool(m.pair_keys[at] == key[0])


def _table_hits(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(query index, value) for every entry of sorted ``keys`` equal to a query."""
    lo = engine.sorted_search(keys, query, side="left")
    hi = engine.sorted_search(keys, query, side="right")
    hit = np.nonzero(hi > lo)[0]
    counts = hi[hit] - lo[hit]
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(hit, counts), values[np.repeat(lo[hit], counts) + offsets]


def idiom_matches(text: str) -> Iterator[tuple[int, str]]:
    """(start, idiom) of 4-character windows one confusable character away
    from an idiom, where the window itself is no word."""
    m = engine.model()
    cp = codes(text)
    if len(cp) < 4:
        return
    h = span_hashes(cp, 4)
    valid = engine._window_valid(engine._is_han(cp), 4) & (m.word_logf(h) < WORD_MIN_LOGF)
    found: dict[int, str] = {}
    idioms = _idioms()
    for k in range(4):
        starts = np.nonzero(valid)[0]
        if len(starts) == 0:
            break
        rows, values = _table_hits(m.idiom_mask_h, m.idiom_mask_i, masked(h[starts], cp[starts + k], k))
        for a, v in zip(starts[rows].tolist(), values.tolist(), strict=False):
            idiom = idioms[v // 4]
            if v % 4 != k or a in found:
                continue
            window = text[a : a + 4]
            if window in government_terms() or not _confusable(window[k], idiom[k]):
                continue
            if _idiom_fits(text, a, idiom):
                found[a] = idiom
    last = -4
    for a in sorted(found):
        if a >= last + 4:
            yield a, found[a]
            last = a


IDIOM_GAIN = 3.0  # nats: the idiom must read clearly better than the words it replaces


def _idiom_fits(s: str, a: int, idiom: str) -> bool:
    """The idiom segments the place clearly better than the text does
    (今年以来 is two good words, not a misspelt 近年以来)."""
    before = s[max(0, a - 3) : a + 7]
    after = s[max(0, a - 3) : a] + idiom + s[a + 4 : a + 7]
    return _segmentation_gain(before, after) >= IDIOM_GAIN


def _segmentation_gain(before: str, after: str) -> float:
    """How much better ``after`` segments into lexicon words than ``before``."""
    width = max(len(before), len(after))
    rows = np.zeros((2, width), dtype=np.uint64)
    rows[0, : len(before)] = codes(before)
    rows[1, : len(after)] = codes(after)
    scores = engine._segment_scores(engine.model(), rows)
    return float(scores[1] - scores[0])


def document_terms(texts: Iterable[str]) -> set[str]:
    """4-character phrases used at least twice in the document: a draft that
    writes 乡村振兴 five times and 乡村振 once has dropped a character."""
    counts: Counter = Counter()
    for text in texts:
        for run in HAN_RUN.findall(text):
            counts.update(run[i : i + 4] for i in range(len(run) - 3))
    return {term for term, n in counts.items() if n >= 2}


def _one_confusable_off(window: str, phrase: str) -> bool:
    diffs = [(x, y) for x, y in zip(window, phrase, strict=False) if x != y]
    return len(window) == len(phrase) and len(diffs) == 1 and _confusable(*diffs[0])


def _idiom_deletion_hits(text: str) -> dict[int, list[tuple[str, int]]]:
    """Start of each 3-character window that is an idiom with a character dropped."""
    m = engine.model()
    cp = codes(text)
    hits: dict[int, list[tuple[str, int]]] = {}
    if len(cp) < 3:
        return hits
    h = span_hashes(cp, 3)
    starts = np.nonzero(engine._window_valid(engine._is_han(cp), 3))[0]
    rows, values = _table_hits(m.idiom_del_h, m.idiom_del_i, h[starts])
    idioms = _idioms()
    for a, v in zip(starts[rows].tolist(), values.tolist(), strict=False):
        hits.setdefault(a, []).append((idioms[v // 4], v % 4))
    return hits


def missing_matches(text: str, terms: set[str]) -> Iterator[tuple[int, str, str]]:
    """(insertion index, missing character, phrase) where a known 4-character
    phrase (an idiom, or one the document uses elsewhere) appears with one
    character dropped and putting it back makes the text segment far better."""
    deletions = _idiom_deletion_hits(text)
    if not deletions and not terms:
        return
    misspelt = {i for start, _ in idiom_matches(text) for i in range(start, start + 4)}
    term_deletions: dict[str, list[tuple[str, int]]] = {}
    for term in terms:
        for k in range(1, 4):  # a dropped first character is a different phrase more often than not
            term_deletions.setdefault(term[:k] + term[k + 1 :], []).append((term, k))
    proposals: list[tuple[int, int, str, float, str, str]] = []
    for run in HAN_RUN.finditer(text):
        s = run.group()
        for a in range(len(s) - 2):
            three = s[a : a + 3]
            options = [(t, k, MISSING_TERM_GAIN) for t, k in term_deletions.get(three, [])]
            options += [(t, k, MISSING_GAIN) for t, k in deletions.get(run.start() + a, [])]
            for phrase, k, needed in options:
                if s[a : a + 4] == phrase or (a > 0 and s[a - 1 : a + 3] == phrase):
                    continue
                if run.start() + a + k in misspelt or _one_confusable_off(s[a : a + 4], phrase):
                    continue  # one wrong character (typo.idiom), not a missing one
                before = s[max(0, a - 4) : a + 7]
                inserted = s[max(0, a - 4) : a + k] + phrase[k] + s[a + k : a + 7]
                proposals.append((run.start() + a, k, phrase, needed, before, inserted))
    if not proposals:
        return
    gains = _segmentation_gains([p[4] for p in proposals], [p[5] for p in proposals])
    done: set[int] = set()
    for (start, k, phrase, needed, _, _), gain in zip(proposals, gains, strict=True):
        if start not in done and gain >= needed:
            done.add(start)
            yield start + k, phrase[k], phrase


def _segmentation_gains(befores: list[str], afters: list[str]) -> np.ndarray:
    """``_segmentation_gain`` for many pairs at once (one array pass)."""
    width = max(max(map(len, befores)), max(map(len, afters)))
    rows = np.zeros((2 * len(befores), width), dtype=np.uint64)
    for i, (before, after) in enumerate(zip(befores, afters, strict=True)):
        rows[2 * i, : len(before)] = codes(before)
        rows[2 * i + 1, : len(after)] = codes(after)
    scores = engine._segment_scores(engine.model(), rows)
    return scores[1::2] - scores[0::2]


@lru_cache(maxsize=1)
def government_terms() -> frozenset[str]:
    from govlint.data import word_list

    return word_list("typo/terms.txt")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    from govlint.data import word_list

    return frozenset(name for line in word_list("typo/surnames.txt") for name in line.split())


_STANDALONE = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,4}(?![\u4e00-\u9fff])")
_NAME_CONTEXT = frozenset("、，,（()）：:·　 ")


def _looks_like_name(text: str, start: int, end: int) -> bool:
    """A run of 2-3 Han characters between name-list punctuation that starts
    with a common surname (张建国、李晓梅), or a 2-4 character byline in
    brackets ((艾力肯)): names outside pycorrector's lists."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before in "（(" and after in "）)":
        return True
    return end - start <= 3 and text[start] in surnames() and (before in _NAME_CONTEXT or after in _NAME_CONTEXT)


def protected_mask(text: str, words: Iterable[str]) -> np.ndarray:
    """True at each index inside a person or place name (pycorrector's lists)
    or a user's allowed word: names and terms are never "corrected"."""
    m = engine.model()
    mask = np.zeros(len(text), dtype=bool)
    cp = codes(text)
    for length in range(2, 5):
        if len(cp) < length:
            break
        h = span_hashes(cp, length)
        at = engine.sorted_search(m.name_h, h)
        at[at >= len(m.name_h)] = 0
        for a in np.nonzero(m.name_h[at] == h)[0].tolist():
            mask[a : a + length] = True
    for run in _STANDALONE.finditer(text):
        if _looks_like_name(text, run.start(), run.end()):
            mask[run.start() : run.end()] = True
    for word in (*words, *government_terms()):
        if word:
            for found in re.finditer(re.escape(word), text):
                mask[found.start() : found.end()] = True
    return mask


def _substitutions(start: int, wrong: str, right: str) -> dict[int, str]:
    return {start + i: b for i, (a, b) in enumerate(zip(wrong, right, strict=True)) if a != b}


def correct_text(text: str, allow_words: Iterable[str] = ()) -> dict[int, str]:
    """{index: corrected character} for ``text``: what typo.confusion,
    typo.idiom and typo.wrong-char together suggest (same-length edits only)."""
    fixes: dict[int, str] = {}
    for start, pair in confusion_matches(text, confusion_table()):
        if len(pair.right) == len(pair.wrong):
            fixes.update(_substitutions(start, pair.wrong, pair.right))
    for start, idiom in idiom_matches(text):
        fixes.update(_substitutions(start, text[start : start + 4], idiom))
    mask = protected_mask(text, allow_words)
    mask[list(fixes)] = True
    found = {e.index: e.suggestion for e in engine.detect(text, mask)}
    return {**found, **fixes}


def correct_sentences(
    texts: list[str], allow_words: Iterable[str] = (), batch_chars: int = 20000
) -> list[dict[int, str]]:
    """``correct_text`` for many sentences, batched: they are joined with line
    breaks (never inside a word), so one set of array operations serves many."""
    words = tuple(allow_words)
    results: list[dict[int, str]] = []
    i = 0
    while i < len(texts):
        j, size = i, 0
        while j < len(texts) and (j == i or size + len(texts[j]) < batch_chars):
            size += len(texts[j]) + 1
            j += 1
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[i:j]])
        batch: list[dict[int, str]] = [{} for _ in range(i, j)]
        for index, char in correct_text("\n".join(texts[i:j]), words).items():
            k = int(np.searchsorted(starts, index, side="right")) - 1
            batch[k][index - int(starts[k])] = char
        results.extend(batch)
        i = j
    return results
