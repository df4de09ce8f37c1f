"""What the typo engine must not change: names, document numbers' issuers
and the words a user allows.

Person and place names come from pycorrector's lists (hashed in the model
file) and from patterns of a byline, a list of names or a transliterated
foreign name; a document number's
issuer (普政发〔2026〕8号) is a coined abbreviation, never a misspelt word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np

from govlint.automata import automaton
from govlint.data import word_list
from govlint.han import CLASS as HAN
from govlint.typo.hashing import codes, find, span_hashes, word_hashes
from govlint.typo.lexicon import government_terms
from govlint.typo.modelfile import model

_NAME_CONTEXT = "、，,（()）：:·　 "  # punctuation of a list of names


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(name for line in word_list("typo/surnames.txt") for name in line.split())


@lru_cache(maxsize=1)
def _name_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Runs of Han characters (none on either side) that may be names outside
    pycorrector's lists: 2-4 characters after an opening bracket, up to a
    closing one or the text's end, and 2-3 characters starting with a common
    surname. Each pattern begins with the character it needs, which the
    regular expression engine scans for quickly."""
    first = re.escape("".join(sorted(name for name in surnames() if len(name) == 1)))
    bracketed = re.compile(rf"[（(]([{HAN}]{{2,4}})(?=[）)]|\Z)")
    surnamed = re.compile(rf"[{first}](?<![{HAN}].)[{HAN}]{{1,2}}(?![{HAN}])")
    return bracketed, surnamed


TITLES_FILE = "typo/titles.txt"


@lru_cache(maxsize=1)
def _titled_name() -> re.Pattern[str]:
    """A title or form of address, then 2-3 characters starting with a
    common surname: the name it introduces (大使宋扬, 书记张建国)."""
    titles = "|".join(map(re.escape, sorted(word_list(TITLES_FILE), key=len, reverse=True)))
    first = re.escape("".join(sorted(name for name in surnames() if len(name) == 1)))
    return re.compile(rf"(?:{titles})([{first}][{HAN}]{{1,2}})")


TRANSLITERATION_FILE = "typo/transliteration.txt"


@lru_cache(maxsize=1)
def _foreign_names() -> re.Pattern[str]:
    """Foreign names, as runs of the transliteration tables' characters:
    parts joined by a middle dot (萨维·德托夫), or three characters or more
    (欧尔班, 库拉霍沃). They are spelt by convention, so a likelier
    character is no fix."""
    chars = re.escape("".join(sorted({ch for line in word_list(TRANSLITERATION_FILE) for ch in line})))
    return re.compile(rf"[{chars}]+(?:[·•‧・][{chars}]+)+|[{chars}]{{3,}}")


_AT_START = re.compile(rf"[{HAN}]{{2,4}}(?=[）)]|\Z)")


def _name_spans(text: str) -> Iterator[tuple[int, int]]:
    """The [start, end) of each run of ``text`` taken for a name: a 2-4
    character byline in brackets ((艾力肯); the text's own ends count as
    brackets), a run of 2-3 characters that starts with a common surname
    and stands next to name-list punctuation (张建国、李晓梅), and one that
    follows a title (大使宋扬: ``dictionaries/typo/titles.txt``)."""
    bracketed, surnamed = _name_patterns()
    if at_start := _AT_START.match(text):
        yield at_start.span()
    for run in bracketed.finditer(text):
        yield run.span(1)
    for run in surnamed.finditer(text):
        start, end = run.span()
        if (start and text[start - 1] in _NAME_CONTEXT) or (end < len(text) and text[end] in _NAME_CONTEXT):
            yield start, end
    for run in _titled_name().finditer(text):
        yield run.span(1)


# A document number (文号): the issuer's abbreviation before the year in
# brackets, 普政发〔2026〕8号, 国办发[2024]12号. The abbreviation is a name
# coined by the issuer (政发, 办发, 发改), never a misspelt word.
_YEAR_NUMBER = r"\s*[〔\[［【（(]\s*(?:19|20)\d\d\s*[〕\]］】）)]\s*\d+\s*号"
_DOC_NUMBER = re.compile(rf"[{HAN}]{{1,6}}(?={_YEAR_NUMBER})")
_HAS_DOC_NUMBER = re.compile(_YEAR_NUMBER)  # searched first: the look-ahead at every Han character costs


@lru_cache(maxsize=8)
def _word_automaton(words: tuple[str, ...]) -> tuple[object | None, list[str]]:
    patterns = [w for w in dict.fromkeys((*words, *government_terms())) if w]
    return automaton(patterns, longest=False), patterns


def _words_in(text: str, words: tuple[str, ...]) -> set[str]:
    """Which of ``words`` and the government terms occur in ``text``: one
    pass of a multi-pattern matcher instead of one search per word."""
    found_by, patterns = _word_automaton(words)
    if found_by is None:
        return set()
    return {patterns[i] for i, _, _ in found_by.find_matches_as_indexes(text, overlapping=True)}


def listed_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """[start, end) of each occurrence in ``text`` of a government term or of
    one of ``words``: characters that belong to a listed word, whole."""
    return [
        (found.start(), found.end())
        for word in _words_in(text, tuple(words))
        for found in re.finditer(re.escape(word), text)
    ]


def is_name(word: str) -> bool:
    """Whether ``word`` (2-4 characters) is a person or place name of pycorrector's lists."""
    m = model()
    return bool(find(m.name_h, word_hashes([word], len(word)), m.name_h_bloom)[1][0])


def protected_masks(texts: list[str], words: Iterable[str]) -> list[np.ndarray]:
    """For each text of a document: True at each index inside a person or
    place name (pycorrector's lists), a document number's issuer
    (普政发〔2026〕8号) or a user's allowed word: names and terms are never
    "corrected". The lexicon look-ups run once over the texts joined by
    line breaks (part of no name or term)."""
    joined = "\n".join(texts)
    m = model()
    mask = np.zeros(len(joined), dtype=bool)
    cp = codes(joined)
    for length in range(2, 5):
        if len(cp) < length:
            break
        starts = np.nonzero(find(m.name_h, span_hashes(cp, length), m.name_h_bloom)[1])[0]
        for k in range(length):
            mask[starts + k] = True
    for start, end in listed_spans(joined, words):
        mask[start:end] = True
    masks = []
    start = 0
    for text in texts:
        own = mask[start : start + len(text)].copy()
        start += len(text) + 1
        for a, b in _name_spans(text):  # per text: its ends count as brackets
            own[a:b] = True
        for name in _foreign_names().finditer(text):
            own[name.start() : name.end()] = True
        for issuer in _DOC_NUMBER.finditer(text) if _HAS_DOC_NUMBER.search(text) else ():
            own[issuer.start() : issuer.end()] = True
        masks.append(own)
    return masks
