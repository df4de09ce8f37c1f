"""Curated confusion pairs, idioms, names and missing-character search.

Everything here is built lazily from ``dictionaries/typo/`` and the model
file, once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np

from govlint.data import data_path
from govlint.typo import engine
from govlint.typo.hashing import LENGTH_SALT, POWERS, codes, find, masked, span_hashes, window_valid, word_hashes

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
MISSING_GAIN = 4.0  # nats of segmentation gain an idiom's missing character must bring
# A phrase the document itself repeats is evidence enough; putting its
# character back must not make the text segment worse (at -2, as before
# issue 21, 比上年增长 "lost" the 加 of 上年增加 in published reports).
MISSING_TERM_GAIN = 0.0
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


def confusion_matches(text: str, table: dict[str, Pair]) -> tuple[tuple[int, Pair], ...]:
    """(start, pair) of each curated misspelling in ``text``, leftmost first
    (the longest one where several start at the same character).
    typo.confusion, typo.idiom and typo.wrong-char each ask of every block:
    the answers of recent texts are kept (emptied when full)."""
    entry = _KNOWN_CONFUSIONS.get((id(table), text))
    if entry is not None and entry[0] is table:
        return entry[1]
    automaton, pairs = _confusion_automaton(table)
    found = () if automaton is None else tuple(
        (start, pairs[index]) for index, start, _ in automaton.find_matches_as_indexes(text)
    )
    # The table is kept alive with its answers: its id is not reused meanwhile.
    _remember(_KNOWN_CONFUSIONS, {(id(table), text): (table, found)}, KNOWN_CONFUSIONS_SIZE)
    return found


def _remember(known: dict, computed: dict, size: int) -> None:
    """Add ``computed`` to a table of recent answers of at most ``size``
    entries, emptied first when they would not fit."""
    if len(known) + len(computed) > size:
        known.clear()
    known.update(computed)


_KNOWN_CONFUSIONS: dict[tuple[int, str], tuple[dict[str, Pair], tuple[tuple[int, Pair], ...]]] = {}
KNOWN_CONFUSIONS_SIZE = 4096


# One automaton per confusion table (the tables are few and cached): the
# entry keeps its table alive, so the id cannot be reused by another dict.
_AUTOMATA: dict[int, tuple[dict[str, Pair], object, list[Pair]]] = {}


def _confusion_automaton(table: dict[str, Pair]):
    entry = _AUTOMATA.get(id(table))
    if entry is None or entry[0] is not table:
        import ahocorasick_rs

        words = list(table)
        automaton = (
            ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest) if words else None
        )
        if len(_AUTOMATA) >= 16:
            _AUTOMATA.clear()
        entry = _AUTOMATA[id(table)] = (table, automaton, [table[w] for w in words])
    return entry[1], entry[2]


@lru_cache(maxsize=1)
def _idioms() -> tuple[str, ...]:
    text = np.ascontiguousarray(engine.model().idioms, dtype="<u4").tobytes().decode("utf-32-le")
    return tuple(text[i : i + 4] for i in range(0, len(text), 4))


@lru_cache(maxsize=1)
def _nameable_idioms() -> tuple[bool, ...]:
    """For each of the model's idioms: whether a 成语 dictionary lists it
    (``dictionaries/typo/idioms.txt``). The model's idioms are jieba's
    idiom and fixed-expression entries, many of them free phrases (全身上下,
    提前完成): a text one character from one of those is no misspelt idiom."""
    from govlint.data import word_list

    real = word_list("typo/idioms.txt")
    return tuple(idiom in real for idiom in _idioms())


def _is_word(word: str) -> bool:
    return _word_logf(word) >= WORD_MIN_LOGF


@lru_cache(maxsize=4096)
def _confusable(a: str, b: str) -> bool:
    pair = [np.array([ord(c)], dtype=np.uint64) for c in (a, b)]
    return bool(_curated_confusable(engine._kind(engine.model(), *pair))[0])


def _curated_confusable(kinds: np.ndarray) -> np.ndarray:
    """The pair kinds the curated rules act on without the engine's word
    evidence (not the component look-alikes: 略抒己见 is no misspelt 各抒己见)."""
    return (kinds > 0) & (kinds <= engine.CURATED_KINDS)


def _table_hits(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(query index, value) for every entry of sorted ``keys`` equal to a query."""
    rows, at = engine._matches(keys, query)
    return rows, values[at]


def idiom_matches(text: str) -> Iterator[tuple[int, str]]:
    """(start, idiom) of 4-character windows one confusable character away
    from an idiom, where the window itself is no word."""
    yield from idiom_matches_many([text])[0]


_IdiomMatches = tuple[tuple[int, str], ...]
# idiom_matches of recent texts: typo.idiom, typo.missing-char and
# typo.wrong-char all ask for the same blocks. Emptied when full.
_KNOWN_IDIOMS: dict[str, _IdiomMatches] = {}
KNOWN_IDIOMS_SIZE = 4096


def idiom_matches_many(texts: Sequence[str]) -> list[_IdiomMatches]:
    """``idiom_matches`` of each text; those not known yet are looked up
    together. A look-up is four table searches of fixed cost, whatever the
    text's length: one per paragraph cost 2.5 ms a post of varied text,
    where few paragraphs repeat (benchmarks/README.md, session 8)."""
    # A local copy of what is known: another thread may empty the table meanwhile.
    found = {t: known for t in texts if (known := _KNOWN_IDIOMS.get(t)) is not None}
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        computed = dict(zip(missing, _idiom_matches_together(missing), strict=True))
        found.update(computed)
        _remember(_KNOWN_IDIOMS, computed, KNOWN_IDIOMS_SIZE)
    return [found[t] for t in texts]


def _idiom_matches_together(texts: list[str]) -> list[_IdiomMatches]:
    """``idiom_matches`` of each text, in one pass over the texts joined by
    line breaks (a window across one is not all Han)."""
    m = engine.model()
    joined = "\n".join(texts)
    cp = codes(joined)
    results: list[_IdiomMatches] = [() for _ in texts]
    if len(cp) < 4:
        return results
    h = span_hashes(cp, 4)
    starts = np.nonzero(window_valid(engine._is_han(cp), 4))[0]
    starts = starts[m.word_logf(h[starts]) < WORD_MIN_LOGF]
    if len(starts) == 0:
        return results
    idioms, nameable = _idioms(), _nameable_idioms()
    # (start in the joined texts, idiom), in the order they are tried: masked
    # place k, then the table's order; the first that fits at a place is its idiom.
    tried: list[tuple[int, str]] = []
    for k in range(4):
        rows, values = _table_hits(m.idiom_mask_h, m.idiom_mask_i, masked(h[starts], cp[starts + k], k))
        for g, v in zip(starts[rows].tolist(), values.tolist(), strict=False):
            idiom = idioms[v // 4]
            if v % 4 != k or not nameable[v // 4]:
                continue
            window = joined[g : g + 4]
            if window not in government_terms() and _confusable(window[k], idiom[k]):
                tried.append((g, idiom))
    if not tried:
        return results
    owners, places = _owners(texts, np.array([g for g, _ in tried]))
    options = list(zip(owners.tolist(), places.tolist(), (idiom for _, idiom in tried), strict=True))
    fits = _idiom_fits_many([(texts[n], a, idiom) for n, a, idiom in options])
    found: list[dict[int, str]] = [{} for _ in texts]
    for (n, a, idiom), fit in zip(options, fits, strict=True):
        if fit and a not in found[n]:
            found[n][a] = idiom
    for n, places in enumerate(found):
        matches, last = [], -4
        for a in sorted(places):
            if a >= last + 4:  # overlapping matches: the first wins
                matches.append((a, places[a]))
                last = a
        results[n] = tuple(matches)
    return results


IDIOM_GAIN = 3.0  # nats: the idiom must read clearly better than the words it replaces


def _idiom_fits_many(options: list[tuple[str, int, str]]) -> list[bool]:
    """For each (text, start, idiom): the idiom segments the place clearly
    better than the text does (今年以来 is two good words, not a misspelt
    近年以来); one segmentation pass for them all."""
    befores = [s[max(0, a - 3) : a + 7] for s, a, _ in options]
    afters = [s[max(0, a - 3) : a] + idiom + s[a + 4 : a + 7] for s, a, idiom in options]
    return (segmentation_gains(befores, afters) >= IDIOM_GAIN).tolist()


def document_terms(texts: Iterable[str]) -> set[str]:
    """4-character phrases used at least twice in the document: a draft that
    writes 乡村振兴 five times and 乡村振 once has dropped a character."""
    joined = "\n".join(texts)
    cp = codes(joined)
    if len(cp) < 4:
        return set()
    starts = np.nonzero(window_valid(engine._is_han(cp), 4))[0]
    _, first, counts = np.unique(span_hashes(cp, 4)[starts], return_index=True, return_counts=True)
    return {joined[a : a + 4] for a in starts[first[counts >= 2]].tolist()}


def _owners(texts: Sequence[str], positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For positions in ``texts`` joined by line breaks: the index of the
    text each lies in, and the position within that text."""
    bounds = np.cumsum([len(t) + 1 for t in texts])  # start of the next text
    owners = np.searchsorted(bounds, positions, side="right")
    return owners, positions - np.concatenate(([0], bounds))[owners]


def _idiom_deletion_hits(text: str) -> dict[int, list[tuple[str, int]]]:
    """Start of each 3-character window that is an idiom with a character dropped."""
    return _idiom_deletion_hits_many([text])[0]


def _idiom_deletion_hits_many(texts: list[str]) -> list[dict[int, list[tuple[str, int]]]]:
    """``_idiom_deletion_hits`` of each text, looked up in one pass over the
    texts joined by line breaks (a window across one is not all Han)."""
    m = engine.model()
    joined = "\n".join(texts)
    cp = codes(joined)
    hits: list[dict[int, list[tuple[str, int]]]] = [{} for _ in texts]
    if len(cp) < 3:
        return hits
    h = span_hashes(cp, 3)
    starts = np.nonzero(window_valid(engine._is_han(cp), 3))[0]
    rows, values = _table_hits(m.idiom_del_h, m.idiom_del_i, h[starts])
    if len(rows) == 0:
        return hits
    idioms, nameable = _idioms(), _nameable_idioms()
    owners, offsets = _owners(texts, starts[rows])
    for n, a, v in zip(owners.tolist(), offsets.tolist(), values.tolist(), strict=True):
        if nameable[v // 4]:
            hits[n].setdefault(a, []).append((idioms[v // 4], v % 4))
    for found in hits:
        for options in found.values():
            if len(options) > 1:  # the most common idiom first: 深恶痛绝 before its variant 深恶痛嫉
                options.sort(key=lambda option: -_word_logf(option[0]))
    return hits


def _word_logf(word: str) -> float:
    return float(engine.model().word_logf(word_hashes([word], len(word)))[0])


def missing_matches(text: str, terms: set[str]) -> Iterator[tuple[int, str, str]]:
    """(insertion index, missing character, phrase) where a known 4-character
    phrase (an idiom, or one the document uses elsewhere) appears with one
    character dropped and putting it back makes the text segment far better."""
    yield from missing_matches_many([text], terms)[0]


def missing_matches_many(texts: list[str], terms: set[str]) -> list[list[tuple[int, str, str]]]:
    """``missing_matches`` of each text of a document, in one pass: the
    3-character windows of the texts joined by line breaks are hashed once,
    only those equal to a phrase with a character dropped are examined, and
    every proposal is scored in one array pass."""
    return missing_matches_documents([texts], [terms])[0]


# A proposal: (text index, start of the phrase in the text, index k of the
# missing character in the phrase, the phrase, the gain it needs, the text
# around it as written and with the character put back).
_Proposal = tuple[int, int, int, str, float, str, str]


def missing_matches_documents(
    documents: list[list[str]], terms: list[set[str]]
) -> list[list[list[tuple[int, str, str]]]]:
    """``missing_matches_many`` of several documents (each its texts and
    its phrases), their proposals scored in one array pass: the pass costs
    per call about as much as per proposal."""
    everything = [t for texts in documents for t in texts]
    idiom_matches_many(everything)  # looked up together here, then known to every rule that asks
    idiom_hits = regroup(_idiom_deletion_hits_many(everything), map(len, documents))
    proposals = [
        _missing_proposals(texts, phrases, hits)
        for texts, phrases, hits in zip(documents, terms, idiom_hits, strict=True)
    ]
    flat = [p for found in proposals for p in found]
    gains = segmentation_gains([p[5] for p in flat], [p[6] for p in flat]).tolist() if flat else []
    results = []
    for texts, found, found_gains in zip(documents, proposals, regroup(gains, map(len, proposals)), strict=True):
        matches: list[list[tuple[int, str, str]]] = [[] for _ in texts]
        done: set[tuple[int, int]] = set()
        for (n, start, k, phrase, needed, _, _), gain in zip(found, found_gains, strict=True):
            if (n, start) in done or gain < needed or not _shortened_is_slip(texts[n], start, k, phrase):
                continue
            # The gain a proposal needs tells its kind: a document phrase's or an idiom's.
            if needed == MISSING_TERM_GAIN and not _document_phrase_fits(texts, n, start, phrase):
                continue
            if needed == MISSING_GAIN and not _idiom_end_lost(texts[n], start, k):
                continue
            done.add((n, start))
            matches[n].append((start + k, phrase[k], phrase))
        results.append(matches)
    return results


# Numerals: a phrase and its shortened form that differ by one (全国第一,
# 全国第1; 第十二条, 第二条) are two ways of writing a number, or two numbers.
_NUMERALS = frozenset("〇一二三四五六七八九十百千万亿零两0123456789０１２３４５６７８９")


def _shortened_is_slip(text: str, start: int, k: int, phrase: str) -> bool:
    """Whether the three characters at ``start`` of ``text``, ``phrase``
    without its k-th character, can be a slip at all: the shortened form is
    no lexicon word of its own (零售额, 高技术: a shorter word, not a lost
    character), and no number is written another way."""
    short = text[start : start + 3]
    after = text[start + 3 : start + 4]
    return not (phrase[k] in _NUMERALS or after in _NUMERALS or _is_word(short))


STRADDLE_LOGF = 4.0  # log count of a word across an edge that makes the edge no word boundary (教育部: 7.7)


def _straddled(text: str, edge: int) -> bool:
    """Whether a common lexicon word of 2-4 characters runs across ``edge``
    of ``text`` (教育部|负责 read as 教育 + 部负责): jieba's segmentation
    can cut a word it ranks lower than its neighbours'."""
    windows = (
        text[a:b]
        for a in range(max(edge - 3, 0), edge)
        for b in range(edge + 1, min(edge + 3, len(text)) + 1)
        if 2 <= b - a <= 4
    )
    return any(HAN_RUN.fullmatch(w) and _word_logf(w) >= STRADDLE_LOGF for w in windows)


# Characters that may follow an idiom whose last character was lost (迫不及待地
# written 迫不及地 is a lost 待 too): particles and conjunctions.
_AFTER_IDIOM = frozenset("的地得了着过和与及或而是也都就")


def _idiom_end_lost(text: str, start: int, k: int) -> bool:
    """Whether an idiom written without its last character really lost it:
    what follows is no Han character that could be the writer's own last
    one (积厚成势, 以邻为伴 are phrases of their own, not 积厚成器, 以邻为壑
    short of a character), unless it is a particle."""
    after = text[start + 3 : start + 4]
    return k != 3 or not after or not HAN_RUN.match(after) or after in _AFTER_IDIOM


def _document_phrase_fits(texts: list[str], n: int, start: int, phrase: str) -> bool:
    """Whether a phrase the document repeats is the kind whose shortened
    form is a lost character: two or more whole words, none a function
    word (所以我们 is no term), standing as whole words where the document
    writes it (not 发展中国 of 发展中国家, 现代化产 of 现代化产业), and the
    shortened form standing as whole words where it is written (外投资 of
    对外投资 is no 外商投资 short of 商)."""
    from govlint.data import word_list
    from govlint.typo.segment import boundaries, tokens

    parts = tokens(phrase)
    function_words = word_list("typo/function-words.txt")
    if len(parts) < 2 or any(len(p) < 2 or p in function_words for p in parts):
        return False
    text = texts[n]
    cuts = boundaries(text)
    if start not in cuts or start + 3 not in cuts or _straddled(text, start) or _straddled(text, start + 3):
        return False
    aligned = total = 0
    for other in texts:
        found = other.find(phrase)
        if found < 0:
            continue
        other_cuts = boundaries(other)
        while found >= 0:
            total += 1
            aligned += found in other_cuts and found + 4 in other_cuts
            found = other.find(phrase, found + 1)
    return total > 0 and 2 * aligned >= total


_T = TypeVar("_T")


def regroup(flat: Sequence[_T], sizes: Iterable[int]) -> list[list[_T]]:
    """``flat`` cut back into consecutive groups of ``sizes``: the results of
    a batch of several documents' texts, handed back document by document."""
    groups, first = [], 0
    for size in sizes:
        groups.append(list(flat[first : first + size]))
        first += size
    return groups


def _missing_proposals(
    texts: list[str], terms: set[str], idiom_hits: list[dict[int, list[tuple[str, int]]]]
) -> list[_Proposal]:
    """The places of one document where a phrase (one of ``terms``, or an
    idiom: ``idiom_hits``) is written short of a character, each with the
    text around it as written and with the character put back."""
    joined = "\n".join(texts)
    cp = codes(joined)
    if len(cp) < 3:
        return []
    han = engine._is_han(cp)
    windows = np.nonzero(window_valid(han, 3))[0]
    term_list = list(terms)
    term_at, term_index, term_k = _term_options(term_list, cp, windows, span_hashes(cp, 3)[windows])
    starts = np.cumsum([0] + [len(t) + 1 for t in texts])
    # The options (place in the joined texts, phrase, k, gain needed), in the
    # order they are tried: by place, the document's phrases before the idioms.
    places, ks = term_at.tolist(), term_k.tolist()
    phrases = [term_list[t] for t in term_index.tolist()]
    needed = [MISSING_TERM_GAIN] * len(places)
    for base, hits in zip(starts[:-1].tolist(), idiom_hits, strict=True):
        for a, options in hits.items():
            g = base + a
            four, shifted = joined[g : g + 4], joined[g - 1 : g + 3] if g else ""
            for phrase, k in options:
                if phrase != four and phrase != shifted:
                    places.append(g)
                    phrases.append(phrase)
                    ks.append(k)
                    needed.append(MISSING_GAIN)
    if not places:
        return []
    order = np.argsort(places, kind="stable")
    g, k = np.array(places)[order], np.array(ks)[order]
    phrases = [phrases[i] for i in order.tolist()]
    needed = [needed[i] for i in order.tolist()]
    owners, offsets = _owners(texts, g)
    # Bounds of the run of Han characters around each place (what HAN_RUN
    # finds): the text compared and rewritten never runs past it.
    index = np.arange(len(cp))
    run_start = (np.maximum.accumulate(np.where(han, -1, index)) + 1)[g]
    run_end = np.minimum.accumulate(np.where(han, len(cp), index)[::-1])[::-1][g]
    skip = _misspelt_places(texts, starts, owners)[g + k] | _one_confusable_off_many(cp, g, run_end, phrases)
    keep = np.nonzero(~skip)[0]
    g, k, owners, offsets = g[keep], k[keep], owners[keep], offsets[keep]
    first, last = np.maximum(run_start[keep], g - 4), np.minimum(run_end[keep], g + 7)
    proposals: list[_Proposal] = []
    for i, n, at, kk, a0, a1, offset in zip(
        keep.tolist(), owners.tolist(), g.tolist(), k.tolist(), first.tolist(), last.tolist(), offsets.tolist(),
        strict=True,
    ):
        phrase = phrases[i]
        before = joined[a0:a1]
        inserted = joined[a0 : at + kk] + phrase[kk] + joined[at + kk : a1]
        proposals.append((n, offset, kk, phrase, needed[i], before, inserted))
    return proposals


def _misspelt_places(texts: list[str], starts: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """True at each character (of the texts joined by line breaks) of an
    idiom that ``typo.idiom`` finds misspelt, in the texts of ``owners``:
    a phrase one character short there is one wrong character, not a
    missing one."""
    misspelt = np.zeros(int(starts[-1]), dtype=bool)
    owner_list = sorted(set(owners.tolist()))
    for n, matches in zip(owner_list, idiom_matches_many([texts[n] for n in owner_list]), strict=True):
        for start, _ in matches:
            misspelt[starts[n] + start : starts[n] + start + 4] = True
    return misspelt


def _one_confusable_off_many(cp: np.ndarray, at: np.ndarray, run_end: np.ndarray, phrases: list[str]) -> np.ndarray:
    """True where the four characters at each of ``at`` (within their Han
    run, which ends at ``run_end``) are the phrase with one character
    replaced by a confusable one: one wrong character, not a missing one.
    Only the windows with a single character off are looked up."""
    phrase_cp = codes("".join(phrases)).reshape(len(phrases), 4)
    written = np.concatenate((cp, np.zeros(4, dtype=cp.dtype)))[at[:, None] + np.arange(4)]
    differs = written != phrase_cp
    rows = np.nonzero((at + 4 <= run_end) & (differs.sum(axis=1) == 1))[0]
    off = np.zeros(len(at), dtype=bool)
    if len(rows):
        col = differs[rows].argmax(axis=1)
        one = np.uint64(1)
        kinds = engine._kind(engine.model(), written[rows, col] - one, phrase_cp[rows, col] - one)
        off[rows] = _curated_confusable(kinds)
    return off


# The three characters a phrase keeps when its k-th (1, 2 or 3) is dropped.
_KEPT = np.array([[0, 1, 2], [0, 2, 3], [0, 1, 3], [0, 1, 2]])


def _term_options(
    terms: list[str], cp: np.ndarray, windows: np.ndarray, hashes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each start of a 3-character window (``windows``, their ``hashes``)
    that is a document phrase with its second, third or fourth character
    dropped (a dropped first character is a different phrase more often than
    not): the (start, phrase index, k) triples, by start and then in the
    phrases' order, leaving out those the text writes in full right there
    or one character earlier. Code points are compared, so a hash collision
    changes nothing."""
    none = np.zeros(0, dtype=np.int64)
    if not terms:
        return none, none, none
    term_cp = codes("".join(terms)).reshape(len(terms), 4)
    keys = np.empty((len(terms), 3), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(1, 4):
            kept = term_cp[:, _KEPT[k]]
            h = np.full(len(terms), np.uint64(3) * LENGTH_SALT, dtype=np.uint64)
            for i in range(3):
                h += kept[:, i] * POWERS[i]
            keys[:, k - 1] = h
    flat = keys.ravel()
    order = np.argsort(flat, kind="stable")  # equal keys keep the phrases' order
    flat = flat[order]
    rows, found = engine._matches(flat, hashes)
    if len(found) == 0:
        return none, none, none
    pair = order[found]
    at = windows[rows]
    term, k = pair // 3, pair % 3 + 1
    padded = np.concatenate((np.zeros(1, dtype=cp.dtype), cp, np.zeros(4, dtype=cp.dtype)))
    phrase = term_cp[term]
    deleted = np.all(np.take_along_axis(phrase, _KEPT[k], axis=1) == padded[at[:, None] + 1 + np.arange(3)], axis=1)
    written = np.all(phrase == padded[at[:, None] + 1 + np.arange(4)], axis=1)
    earlier = np.all(phrase == padded[at[:, None] + np.arange(4)], axis=1)
    keep = deleted & ~written & ~earlier
    return at[keep], term[keep], k[keep]


def segmentation_gains(befores: list[str], afters: list[str]) -> np.ndarray:
    """How much better each of ``afters`` segments into lexicon words than
    the same place of ``befores``, in one array pass over the distinct
    strings (a document repeats its phrases)."""
    strings = list(dict.fromkeys([*befores, *afters]))
    row_of = {text: i for i, text in enumerate(strings)}
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    rows = np.zeros((len(strings), int(lengths.max())), dtype=np.uint64)
    rows[np.arange(rows.shape[1])[None, :] < lengths[:, None]] = codes("".join(strings))
    scores = engine.segment_scores(engine.model(), rows)
    return scores[[row_of[t] for t in afters]] - scores[[row_of[t] for t in befores]]



@lru_cache(maxsize=1)
def government_terms() -> frozenset[str]:
    from govlint.data import word_list

    return word_list("typo/terms.txt")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    from govlint.data import word_list

    return frozenset(name for line in word_list("typo/surnames.txt") for name in line.split())


_HAN = "\u4e00-\u9fff"
_NAME_CONTEXT = "、，,（()）：:·　 "  # punctuation of a list of names


@lru_cache(maxsize=1)
def _name_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Runs of Han characters (none on either side) that may be names outside
    pycorrector's lists: 2-4 characters after an opening bracket, up to a
    closing one or the text's end, and 2-3 characters starting with a common
    surname. Each pattern begins with the character it needs, which the
    regular expression engine scans for quickly."""
    first = re.escape("".join(sorted(name for name in surnames() if len(name) == 1)))
    bracketed = re.compile(rf"[（(]([{_HAN}]{{2,4}})(?=[）)]|\Z)")
    surnamed = re.compile(rf"[{first}](?<![{_HAN}].)[{_HAN}]{{1,2}}(?![{_HAN}])")
    return bracketed, surnamed


_AT_START = re.compile(rf"[{_HAN}]{{2,4}}(?=[）)]|\Z)")


def _name_spans(text: str) -> Iterator[tuple[int, int]]:
    """The [start, end) of each run of ``text`` taken for a name: a 2-4
    character byline in brackets ((艾力肯); the text's own ends count as
    brackets), and a run of 2-3 characters that starts with a common surname
    and stands next to name-list punctuation (张建国、李晓梅)."""
    bracketed, surnamed = _name_patterns()
    if at_start := _AT_START.match(text):
        yield at_start.span()
    for run in bracketed.finditer(text):
        yield run.span(1)
    for run in surnamed.finditer(text):
        start, end = run.span()
        if (start and text[start - 1] in _NAME_CONTEXT) or (end < len(text) and text[end] in _NAME_CONTEXT):
            yield start, end


# A document number (文号): the issuer's abbreviation before the year in
# brackets, 普政发〔2026〕8号, 国办发[2024]12号. The abbreviation is a name
# coined by the issuer (政发, 办发, 发改), never a misspelt word.
_YEAR_NUMBER = r"\s*[〔\[［【（(]\s*(?:19|20)\d\d\s*[〕\]］】）)]\s*\d+\s*号"
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,6}(?=" + _YEAR_NUMBER + ")")
_HAS_DOC_NUMBER = re.compile(_YEAR_NUMBER)  # searched first: the look-ahead at every Han character costs


@lru_cache(maxsize=8)
def _word_automaton(words: tuple[str, ...]) -> tuple[object | None, list[str]]:
    import ahocorasick_rs

    patterns = [w for w in dict.fromkeys((*words, *government_terms())) if w]
    return (ahocorasick_rs.AhoCorasick(patterns) if patterns else None), patterns


def _words_in(text: str, words: tuple[str, ...]) -> set[str]:
    """Which of ``words`` and the government terms occur in ``text``: one
    pass of a multi-pattern matcher instead of one search per word."""
    automaton, patterns = _word_automaton(words)
    if automaton is None:
        return set()
    return {patterns[i] for i, _, _ in automaton.find_matches_as_indexes(text, overlapping=True)}


def protected_mask(text: str, words: Iterable[str]) -> np.ndarray:
    """True at each index inside a person or place name (pycorrector's lists),
    a document number's issuer (普政发〔2026〕8号) or a user's allowed word:
    names and terms are never "corrected"."""
    return protected_masks([text], words)[0]


def protected_masks(texts: list[str], words: Iterable[str]) -> list[np.ndarray]:
    """``protected_mask`` of each text of a document: the lexicon look-ups run
    once over the texts joined by line breaks (part of no name or term)."""
    joined = "\n".join(texts)
    m = engine.model()
    mask = np.zeros(len(joined), dtype=bool)
    cp = codes(joined)
    for length in range(2, 5):
        if len(cp) < length:
            break
        starts = np.nonzero(find(m.name_h, span_hashes(cp, length), m.name_h_bloom)[1])[0]
        for k in range(length):
            mask[starts + k] = True
    for word in _words_in(joined, tuple(words)):
        for found in re.finditer(re.escape(word), joined):
            mask[found.start() : found.end()] = True
    masks = []
    start = 0
    for text in texts:
        own = mask[start : start + len(text)].copy()
        start += len(text) + 1
        for a, b in _name_spans(text):  # per text: its ends count as brackets
            own[a:b] = True
        for issuer in _DOC_NUMBER.finditer(text) if _HAS_DOC_NUMBER.search(text) else ():
            own[issuer.start() : issuer.end()] = True
        masks.append(own)
    return masks


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
