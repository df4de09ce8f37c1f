"""The curated lexicons: confusion pairs (wrong<TAB>right), the government
terms, and the model's word counts of a written word.

Everything here is built lazily from ``dictionaries/typo/`` and the model
file, once per process. The idioms are in ``idioms``, the missing-character
search in ``missing``, what the engine must not change in ``protect``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from govlint.automata import automaton
from govlint.data import data_path, numbered_entries, word_list
from govlint.typo.batching import remember
from govlint.typo.hashing import word_hashes
from govlint.typo.modelfile import model

WORD_MIN_LOGF = 2.5  # jieba lists some misspellings (按步就班) with counts under 10


@dataclass(frozen=True)
class Pair:
    wrong: str
    right: str
    safe: bool


def read_pairs(path: Path) -> list[Pair]:
    """``wrong<TAB>right[<TAB>safe]`` lines; ``#`` starts a comment."""
    pairs = []
    for number, entry in numbered_entries(path):
        cols = entry.split("\t")
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
    found_by, pairs = _confusion_automaton(table)
    found = () if found_by is None else tuple(
        (start, pairs[index]) for index, start, _ in found_by.find_matches_as_indexes(text)
    )
    # The table is kept alive with its answers: its id is not reused meanwhile.
    remember(_KNOWN_CONFUSIONS, {(id(table), text): (table, found)}, KNOWN_CONFUSIONS_SIZE)
    return found


_KNOWN_CONFUSIONS: dict[tuple[int, str], tuple[dict[str, Pair], tuple[tuple[int, Pair], ...]]] = {}
KNOWN_CONFUSIONS_SIZE = 4096


# One automaton per confusion table (the tables are few and cached): the
# entry keeps its table alive, so the id cannot be reused by another dict.
_AUTOMATA: dict[int, tuple[dict[str, Pair], object, list[Pair]]] = {}


def _confusion_automaton(table: dict[str, Pair]):
    entry = _AUTOMATA.get(id(table))
    if entry is None or entry[0] is not table:
        words = list(table)
        if len(_AUTOMATA) >= 16:
            _AUTOMATA.clear()
        entry = _AUTOMATA[id(table)] = (table, automaton(words), [table[w] for w in words])
    return entry[1], entry[2]


@lru_cache(maxsize=1)
def government_terms() -> frozenset[str]:
    return word_list("typo/terms.txt")


def word_logf(word: str) -> float:
    """The model's log count of ``word`` as a lexicon word (0: none)."""
    return float(model().word_logf(word_hashes([word], len(word)))[0])


def is_word(word: str) -> bool:
    return word_logf(word) >= WORD_MIN_LOGF
