"""A phrase short of a character (the phrase half of typo.missing-char).

Three kinds of phrase: an idiom written with three of its characters
(迫不待 for 迫不及待); a four-character phrase the document itself uses at
least twice written once without one of its characters (乡村振 among
several 乡村振兴); and a longer term the document repeats, found by
``longterms.py`` (习平总书记 among several 习近平总书记). A place counts only
where the shortened form is no word of its own, no number is written
another way, and putting the character back makes the text segment better
(far better for an idiom); for a repeated phrase whose shortened form is
still words (伟大兴), makes it read far likelier by the word bigram model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from govlint.data import data_path, rows, word_list
from govlint.han import HAN_RUN
from govlint.typo import longterms, wordlm
from govlint.typo.batching import owners, regroup
from govlint.typo.features import segmentation_gains
from govlint.typo.hashing import LENGTH_SALT, MAX_LEN, POWERS, codes, is_han, matches, span_hashes, window_valid
from govlint.typo.idioms import curated_confusable, idiom_deletions, idiom_matches
from govlint.typo.lexicon import is_word, word_logf
from govlint.typo.modelfile import model, pair_kind
from govlint.typo.protect import listed_spans
from govlint.typo.segment import boundaries, tokens

MISSING_GAIN = 4.0  # nats of segmentation gain an idiom's missing character must bring
# A phrase the document itself repeats is evidence only where putting its
# character back makes the text segment better. At -2 (before issue 21)
# 比上年增长 "lost" the 加 of 上年增加 in published reports; at 0
# abbreviations still did (县域医共体 beside 县域医疗). 0.4 nats: 55 -> 40
# such findings on published reports and news, for 9 of 111 planted losses
# the phrase search found (1.0 nats: 29 findings, but 33 losses missed, 乡村振
# among them) (benchmarks/README.md).
MISSING_TERM_GAIN = 0.4
# Where the lost character leaves words of their own (伟大兴: 伟大 / 兴,
# 全贯彻: 全 / 贯彻), segmenting into lexicon words gains nothing from
# putting it back, but the word bigram model does (伟大 复兴 is written,
# 伟大 兴 is not). A phrase the document repeats then needs the bigram model
# to find the text with it at least 1,000 times likelier (log10 3), and the
# unigram segmentation to lose no more than 2 nats by it: planted losses
# found 937 -> 953 of 1,284, for one more finding on 1.1 million characters
# of published reports and news (蹄疾步稳推进; benchmarks/README.md).
MISSING_TERM_LM_GAIN = 3.0
MISSING_TERM_LM_FLOOR = -2.0

# A match: (insertion index, missing character, phrase).
Match = tuple[int, str, str]
# A proposal: (text index, start of the phrase in the text, index k of the
# missing character in the phrase, the phrase, the gain it needs, the text
# around it as written and with the character put back).
_Proposal = tuple[int, int, int, str, float, str, str]


def document_terms(texts: Iterable[str]) -> tuple[str, ...]:
    """4-character phrases used at least twice in the document: a draft that
    writes 乡村振兴 five times and 乡村振 once has dropped a character. The
    most used first, then the first written: where a shortened form could
    be several of them (保基本: 保持基本, 保障基本), ``missing_matches``
    names the first, whatever the hash seed."""
    joined = "\n".join(texts)
    cp = codes(joined)
    if len(cp) < 4:
        return ()
    starts = np.nonzero(window_valid(is_han(cp), 4))[0]
    _, first, counts = np.unique(span_hashes(cp, 4)[starts], return_index=True, return_counts=True)
    repeated = counts >= 2
    first, counts = first[repeated], counts[repeated]
    order = np.lexsort((first, -counts))  # by count, most first; then by first place (``first`` indexes ``starts``)
    return tuple(joined[a : a + 4] for a in starts[first[order]].tolist())


def missing_matches(
    documents: list[list[str]], terms: Sequence[Sequence[str]], allowed: Sequence[Sequence[str]] | None = None
) -> list[list[list[Match]]]:
    """For each document (its texts, and its phrases: ``document_terms``, in
    the order preferred), for each text: (insertion index, missing
    character, phrase) where a known 4-character phrase (an idiom, or one
    the document uses elsewhere) appears with one character dropped and
    putting it back makes the text segment far better. Each document's
    texts are joined by line breaks and their 3-character windows hashed
    once; only those equal to a phrase with a character dropped are
    examined, and the proposals of every document are scored in one array
    pass (the pass costs per call about as much as per proposal). Nothing is
    lost in the characters of a government term or of the document's
    ``allowed`` words (保基本 of 保基本民生)."""
    everything = [t for texts in documents for t in texts]
    idiom_matches(everything)  # looked up together here, then known to every rule that asks
    idiom_hits = regroup(idiom_deletions(everything), map(len, documents))
    long_terms = longterms.proposals_many(documents)  # one pass for the batch
    proposals = [
        _proposals(texts, phrases, hits, long)
        for texts, phrases, hits, long in zip(documents, terms, idiom_hits, long_terms, strict=True)
    ]
    flat = [p for found in proposals for p in found]
    gains = segmentation_gains([p[5] for p in flat], [p[6] for p in flat]).tolist() if flat else []
    words = allowed if allowed is not None else [()] * len(documents)
    return [
        _accepted(texts, found, found_gains, tuple(own))
        for texts, found, found_gains, own in zip(
            documents, proposals, regroup(gains, map(len, proposals)), words, strict=True
        )
    ]


def _accepted(
    texts: list[str], found: list[_Proposal], gains: list[float], words: tuple[str, ...]
) -> list[list[Match]]:
    """The matches of one document's proposals (scored ``gains``): at each
    place, the first proposal that holds outside the listed words."""
    accepted: list[list[Match]] = [[] for _ in texts]
    done: set[tuple[int, int]] = set()
    inserted: set[tuple[int, int]] = set()  # a loss a four-character phrase and a longer term both find
    listed: dict[int, list[tuple[int, int]]] = {}  # per text, found on its first proposal
    memo: dict[tuple[str, ...], bool] = {}  # the document's answers so far: each question scans every text
    for proposal, gain in zip(found, gains, strict=True):
        n, start, k, phrase = proposal[:4]
        if (n, start) in done or (n, start + k) in inserted or not _holds(texts, proposal, gain, memo):
            continue
        if n not in listed:
            listed[n] = listed_spans(texts[n], words)
        if any(a < start + len(phrase) - 1 and start < b for a, b in listed[n]):  # 保基本 of 保基本民生
            continue
        done.add((n, start))
        inserted.add((n, start + k))
        accepted[n].append((start + k, phrase[k], phrase))
    return accepted


def _holds(texts: list[str], proposal: _Proposal, gain: float, memo: dict[tuple[str, ...], bool]) -> bool:
    """Whether a proposal with its segmentation ``gain`` is a lost character
    (``memo``: the answers about the whole document so far, which a phrase
    written thousands of times would otherwise ask each time)."""
    n, start, k, phrase, needed, before, inserted = proposal
    segments_better = gain >= needed or (phrase in longterms.formulations() and _orphaned(texts[n], start + k))
    # Else a repeated phrase may still read far likelier whole: asked last, the model's search costs.
    may_read_better = needed == MISSING_TERM_GAIN and gain >= MISSING_TERM_LM_FLOOR
    if not (segments_better or may_read_better) or not _shortened_is_slip(texts[n], start, k, phrase):
        return False
    # The gain a proposal needs tells its kind: a document phrase's or an idiom's.
    if needed == MISSING_TERM_GAIN:
        short = texts[n][start : start + len(phrase) - 1]
        if len(phrase) > 4:
            own_form = not _long_term_loss(phrase, k)  # it checks the short forms itself
        else:
            own_form = _abbreviated(phrase, k) or _suffixed_word(short)
        if own_form:
            return False
        if ("again", short, phrase) not in memo:
            memo["again", short, phrase] = _written_so_again(texts, short, phrase)
        if memo["again", short, phrase] or not _document_phrase_fits(texts, n, start, phrase, memo):
            return False
        if segments_better:
            return True
        if ("reads", before, inserted) not in memo:  # a repetitive draft asks the same again
            memo["reads", before, inserted] = _reads_better(before, inserted)
        return memo["reads", before, inserted]
    if not segments_better:
        return False
    if needed == MISSING_GAIN:
        return _idiom_end_lost(texts[n], start, k)
    return True


def _reads_better(before: str, inserted: str) -> bool:
    """Whether the word bigram model finds the text with the character put
    back (``inserted``) far likelier than as written (``before``)."""
    m = model()
    return wordlm.sentence_score(m, inserted) - wordlm.sentence_score(m, before) >= MISSING_TERM_LM_GAIN


ABBREVIATIONS_FILE = "typo/abbreviations.tsv"


@lru_cache(maxsize=1)
def _short_forms() -> dict[str, str]:
    """Two-character words and the characters they are shortened to (美国: 美)."""
    return {word: short for word, short in rows(data_path(ABBREVIATIONS_FILE))}


def _abbreviated(phrase: str, k: int) -> bool:
    """Whether dropping ``phrase[k]`` shortens one of the phrase's words to
    its listed short form (美国调查 -> 美调查, 中央和地方 -> 央地): an
    abbreviation, not a lost character."""
    word, kept = _word_at(phrase, k)
    return len(word) == 2 and kept in _short_forms().get(word, "")


def _word_at(phrase: str, k: int) -> tuple[str, str]:
    """The word of ``phrase`` (by its segmentation) that holds ``phrase[k]``, and that word without it."""
    at = 0
    for part in tokens(phrase):
        if at <= k < at + len(part):
            return part, part[: k - at] + part[k - at + 1 :]
        at += len(part)
    return "", ""


# Numerals: a phrase and its shortened form that differ by one (全国第一,
# 全国第1; 第十二条, 第二条) are two ways of writing a number, or two numbers.
_NUMERALS = longterms.NUMERALS


def _shortened_is_slip(text: str, start: int, k: int, phrase: str) -> bool:
    """Whether the three characters at ``start`` of ``text``, ``phrase``
    without its k-th character, can be a slip at all: the shortened form is
    no lexicon word of its own (零售额, 高技术: a shorter word, not a lost
    character), and no number is written another way."""
    end = start + len(phrase) - 1
    short, after = text[start:end], text[end : end + 1]
    return not (phrase[k] in _NUMERALS or after in _NUMERALS or (len(short) <= MAX_LEN and is_word(short)))


def _written_so_again(texts: list[str], short: str, phrase: str) -> bool:
    """Whether the document writes the shortened form more than once, not
    counting where it is part of the phrase itself (遵医嘱 beside 遵循医嘱,
    never 乡村振 inside 乡村振兴): the writer's own usage, as a lost
    character is rarely lost the same way twice."""
    return sum(text.replace(phrase, "\n").count(short) for text in texts) >= 2


NOUN_SUFFIXES_FILE = "typo/noun-suffixes.txt"


def _suffixed_word(short: str) -> bool:
    """Whether a shortened form is a word with a noun suffix (快递业, 邮政业,
    文化游): a word of its own beside a repeated 快递企业, 邮政业务."""
    return short[2] in word_list(NOUN_SUFFIXES_FILE) and is_word(short[:2])


STRADDLE_LOGF = 4.0  # log count of a word across an edge that makes the edge no word boundary (教育部: 7.7)


def _straddled(text: str, edge: int) -> bool:
    """Whether a common lexicon word of 2-4 characters runs across ``edge``
    of ``text`` (教育部|负责 read as 教育 + 部负责): jieba's segmentation
    can cut a word it ranks lower than its neighbours'. An edge before the
    particle 的 is crossed by none: the lexicon's 党的 and 党的领导 (of
    中国共产党的领导) are a word, its particle and more, which jieba cuts
    at 的."""
    if text[edge : edge + 1] == "的":
        return False
    windows = (
        text[a:b]
        for a in range(max(edge - 3, 0), edge)
        for b in range(edge + 1, min(edge + 3, len(text)) + 1)
        if 2 <= b - a <= 4
    )
    return any(HAN_RUN.fullmatch(w) and word_logf(w) >= STRADDLE_LOGF for w in windows)


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


def _orphaned(text: str, gap: int) -> bool:
    """Whether a character beside ``gap`` stands alone in the text's
    segmentation: a standard formulation short of a character there
    (人类运共同体, 中共产党) is lost whatever the segmentation gains by
    putting it back, where one that leaves whole words (中国现代化 of
    中国式现代化) needs the gain."""
    cuts = boundaries(text)
    return any(a in cuts and a + 1 in cuts and HAN_RUN.match(text[a]) for a in (gap - 1, gap) if 0 <= a < len(text))


def _long_term_loss(term: str, k: int) -> bool:
    """The conditions a longer term's loss meets beyond a four-character
    phrase's (``longterms`` has kept a lost last character only where no
    Han character follows): the character is no optional joining one (的 of
    以习近平同志为核心的党中央); and, unless the term is a standard
    formulation (written whole: 党央 is no abbreviation there), the word of
    the term that loses it is cut neither to its listed short form
    (美联邦执法人员 beside 美国联邦执法人员) nor to a shorter word
    (皮脂分泌 beside 皮脂腺分泌, 购车礼包 beside 购车大礼包)."""
    if term[k] in longterms.OPTIONAL_CHARACTERS:
        return False
    return term in longterms.formulations() or not (_cut_to_short_form(term, k) or _cut_to_word(term, k))


def _cut_to_short_form(term: str, k: int) -> bool:
    """Whether a two-character word around ``term[k]`` keeps its listed short
    form without it (美国 -> 美: ``abbreviations.tsv``)."""
    for a in (k - 1, k):
        word, kept = term[a : a + 2], term[a:k] + term[k + 1 : a + 2]
        if a >= 0 and len(word) == 2 and kept and kept in _short_forms().get(word, ""):
            return True
    return False


def _cut_to_word(term: str, k: int) -> bool:
    """Whether the word of ``term`` (by its segmentation) that holds
    ``term[k]`` is, without it, a lexicon word of two characters or more."""
    kept = _word_at(term, k)[1]
    return 2 <= len(kept) <= MAX_LEN and is_word(kept)


def _document_phrase_fits(
    texts: list[str], n: int, start: int, phrase: str, memo: dict[tuple[str, ...], bool]
) -> bool:
    """Whether a phrase the document repeats is the kind whose shortened
    form is a lost character: two or more whole words, none a function
    word (所以我们 is no term), standing as whole words where the document
    writes it (not 发展中国 of 发展中国家, 现代化产 of 现代化产业), and the
    shortened form standing as whole words where it is written (外投资 of
    对外投资 is no 外商投资 short of 商). A standard formulation
    (``longterms.formulations``) is a term whatever the document writes:
    only the place of its shortened form counts (高质量展 of 高质量展示 is
    no 高质量发展 short of 发)."""
    listed = phrase in longterms.formulations()
    parts = () if listed else tokens(phrase)
    function_words = word_list("typo/function-words.txt")
    if not listed and (len(parts) < 2 or any(len(p) < 2 or p in function_words for p in parts)):
        return False
    text = texts[n]
    cuts = boundaries(text)
    end = start + len(phrase) - 1
    if start not in cuts or end not in cuts or _straddled(text, start) or _straddled(text, end):
        return False
    if listed:
        return True
    if ("whole", phrase) not in memo:
        memo["whole", phrase] = _stands_whole(texts, phrase)
    return memo["whole", phrase]


def _stands_whole(texts: list[str], phrase: str) -> bool:
    """Whether the document writes ``phrase`` as whole words at least half the times it writes it."""
    aligned = total = 0
    for other in texts:
        found = other.find(phrase)
        if found < 0:
            continue
        other_cuts = boundaries(other)
        while found >= 0:
            total += 1
            aligned += found in other_cuts and found + len(phrase) in other_cuts
            found = other.find(phrase, found + 1)
    return total > 0 and 2 * aligned >= total


def _proposals(
    texts: list[str],
    terms: Sequence[str],
    idiom_hits: list[dict[int, list[tuple[str, int]]]],
    long_terms: list[longterms.Proposal],
) -> list[_Proposal]:
    """The places of one document where a phrase (one of ``terms``, an
    idiom: ``idiom_hits``, or a longer term: ``long_terms``) is written
    short of a character, each with the text around it as written and with
    the character put back. A place a phrase or an idiom finds is named by
    it: the longer terms' come last."""
    joined = "\n".join(texts)
    cp = codes(joined)
    if len(cp) < 3:
        return []
    han = is_han(cp)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts])
    # Bounds of the run of the model's Han characters around each place:
    # the text compared and rewritten never runs past it.
    index = np.arange(len(cp))
    run_start = np.maximum.accumulate(np.where(han, -1, index)) + 1
    run_end = np.minimum.accumulate(np.where(han, len(cp), index)[::-1])[::-1]
    g, k, phrases, needed = _options(texts, joined, cp, han, terms, idiom_hits)
    if len(g):
        where, _ = owners(texts, g)
        skip = _misspelt_places(texts, starts, where)[g + k] | _one_confusable_off(cp, g, run_end[g], phrases)
        keep = np.nonzero(~skip)[0]
        g, k, phrases, needed = g[keep], k[keep], [phrases[i] for i in keep], [needed[i] for i in keep]
    # By place of the lost character, the shortest term first: 核心价值观, not 社会主义核心价值.
    long_terms = sorted(long_terms, key=lambda p: (p[0], p[1] + p[2], len(p[3])))
    g = np.concatenate((g, [int(starts[n]) + offset for n, offset, _, _ in long_terms])).astype(np.int64)
    k = np.concatenate((k, [kk for _, _, kk, _ in long_terms])).astype(np.int64)
    phrases = [*phrases, *(term for *_, term in long_terms)]
    needed = [*needed, *[MISSING_TERM_GAIN] * len(long_terms)]
    if len(g) == 0:
        return []
    where, offsets = owners(texts, g)
    short = np.array([len(p) - 1 for p in phrases])
    first, last = np.maximum(run_start[g], g - 4), np.minimum(run_end[g], g + short + 4)
    proposals: list[_Proposal] = []
    for i, n, at, kk, a0, a1, offset in zip(
        range(len(g)), where.tolist(), g.tolist(), k.tolist(), first.tolist(), last.tolist(), offsets.tolist(),
        strict=True,
    ):
        phrase = phrases[i]
        before = joined[a0:a1]
        inserted = joined[a0 : at + kk] + phrase[kk] + joined[at + kk : a1]
        proposals.append((n, offset, kk, phrase, needed[i], before, inserted))
    return proposals


def _options(
    texts: list[str],
    joined: str,
    cp: np.ndarray,
    han: np.ndarray,
    terms: Sequence[str],
    idiom_hits: list[dict[int, list[tuple[str, int]]]],
) -> tuple[np.ndarray, np.ndarray, list[str], list[float]]:
    """The options (place in the joined texts, k, phrase, gain needed), in
    the order they are tried: by place, the document's phrases (in their
    order) before the idioms."""
    windows = np.nonzero(window_valid(han, 3))[0]
    term_list = list(terms)
    term_at, term_index, term_k = _term_options(term_list, cp, windows, span_hashes(cp, 3)[windows])
    starts = np.cumsum([0] + [len(t) + 1 for t in texts])
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
    order = np.argsort(places, kind="stable")
    return (
        np.array(places, dtype=np.int64)[order],
        np.array(ks, dtype=np.int64)[order],
        [phrases[i] for i in order.tolist()],
        [needed[i] for i in order.tolist()],
    )


def _misspelt_places(texts: list[str], starts: np.ndarray, where: np.ndarray) -> np.ndarray:
    """True at each character (of the texts joined by line breaks) of an
    idiom that ``typo.idiom`` finds misspelt, in the texts ``where``:
    a phrase one character short there is one wrong character, not a
    missing one."""
    misspelt = np.zeros(int(starts[-1]), dtype=bool)
    owner_list = sorted(set(where.tolist()))
    for n, found in zip(owner_list, idiom_matches([texts[n] for n in owner_list]), strict=True):
        for start, _ in found:
            misspelt[starts[n] + start : starts[n] + start + 4] = True
    return misspelt


def _one_confusable_off(cp: np.ndarray, at: np.ndarray, run_end: np.ndarray, phrases: list[str]) -> np.ndarray:
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
        kinds = pair_kind(model(), written[rows, col] - one, phrase_cp[rows, col] - one)
        off[rows] = curated_confusable(kinds)
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
    rows, found = matches(flat, hashes)
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
