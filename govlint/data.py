"""Locating and reading the data in ``dictionaries/``.

In a wheel the folder is installed as ``govlint/_dictionaries``; in a source
checkout (or an editable install) it is the top-level ``dictionaries/``.

Every line-based data file (``.txt``, ``.tsv``) has one syntax, read here and
nowhere else: one entry per line, ``#`` starts a comment that runs to the end
of the line, blank lines are skipped, and a TSV's fields are separated by
tabs. ``tests/test_data_files.py`` holds every bundled file to it. YAML and
TOML files follow their own formats.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def dictionaries_dir() -> Path:
    for candidate in (_PACKAGE / "_dictionaries", _PACKAGE.parent / "dictionaries"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("govlint 的词典目录缺失，安装不完整：请重新安装 govlint")


def cache_folder(name: str) -> Path | None:
    """The folder where govlint keeps its cache ``name`` (the unpacked typo
    model, compiled term lists, the results of plain runs): ``GOVLINT_CACHE_DIR``,
    else the user's cache folder (platformdirs: ``$XDG_CACHE_HOME/govlint``
    or ``~/.cache/govlint`` on Linux). None when ``GOVLINT_CACHE_DIR`` turns
    caching off (``off``, ``0``, ``none`` or empty) or there is no home."""
    configured = os.environ.get("GOVLINT_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in {"", "off", "0", "none"} else Path(configured) / name
    try:
        from platformdirs import user_cache_dir  # the platform's convention, not a guess of ours

        return Path(user_cache_dir("govlint", appauthor=False)) / name
    except Exception:  # no home folder
        return None


def data_path(relative: str) -> Path:
    return dictionaries_dir() / relative


def toml_data(relative: str) -> dict[str, Any]:
    """A bundled TOML file's content. The rules' own structured data is TOML:
    the standard library reads it, where PyYAML's import alone was 14 ms of
    every run (YAML stays the format of the term lists an organisation writes)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    with data_path(relative).open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=64)
def word_list(relative: str) -> frozenset[str]:
    """A bundled list file's entries as a set."""
    return frozenset(entries(data_path(relative)))


def _entry(line: str) -> str:
    """A line's entry: the line less its comment and surrounding white space."""
    return (line.partition("#")[0] if "#" in line else line).strip()


def numbered_entries(path: Path) -> list[tuple[int, str]]:
    """A data file's entries with their line numbers (for error messages):
    comments removed, surrounding white space stripped, blank lines skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, entry) for number, line in enumerate(lines, 1) if (entry := _entry(line))]


def entries(path: Path) -> list[str]:
    """A data file's entries, one per line (no numbered pairs: the 29,500
    idioms' pairs were garbage to collect, 10 ms of a run)."""
    return [entry for line in path.read_text(encoding="utf-8").splitlines() if (entry := _entry(line))]


def rows(path: Path) -> list[tuple[str, ...]]:
    """A TSV data file's rows: each entry split at tabs, fields stripped."""
    return [tuple(field.strip() for field in entry.split("\t")) for entry in entries(path)]
