"""Locating and loading the data in ``dictionaries/``.

In a wheel the folder is installed as ``govlint/_dictionaries``; in a source
checkout (or an editable install) it is the top-level ``dictionaries/``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def dictionaries_dir() -> Path:
    for candidate in (_PACKAGE / "_dictionaries", _PACKAGE.parent / "dictionaries"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("govlint 的词典目录缺失，安装不完整：请重新安装 govlint")


def data_path(relative: str) -> Path:
    return dictionaries_dir() / relative


@lru_cache(maxsize=64)
def word_list(relative: str) -> frozenset[str]:
    """A list file: one entry per line; ``#`` starts a comment."""
    return frozenset(_entries(data_path(relative)))


def _entries(path: Path) -> list[str]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries
