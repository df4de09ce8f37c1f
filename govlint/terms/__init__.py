"""Term lists for the ``sensitive`` check: format, normalisation, matching, cache.

- :mod:`govlint.terms.lists`: the compiled list and its terms;
- :mod:`govlint.terms.listfile`: the YAML list file, read and validated;
- :mod:`govlint.terms.normalize`: the normalised copy of a text and its index map;
- :mod:`govlint.terms.matcher`: one Aho-Corasick automaton over every term;
- :mod:`govlint.terms.cache`: compiled lists cached on disk as versioned JSON.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from govlint.data import data_path
from govlint.terms.cache import load_list
from govlint.terms.lists import CATEGORIES, Term, TermList, TermListError
from govlint.terms.matcher import Matcher, TermHit

__all__ = [
    "CATEGORIES", "Matcher", "Term", "TermHit", "TermList", "TermListError",
    "default_list_paths", "load_list", "load_lists", "matcher_for",
]

#: Folder of the bundled lists (one YAML file per list).
DEFAULT_LISTS = "sensitive/lists"


@lru_cache(maxsize=1)
def default_list_paths() -> tuple[Path, ...]:
    """The bundled lists: part of the installed package, listed once per
    process (a glob of the folder cost 60 µs, paid by every document)."""
    folder = data_path(DEFAULT_LISTS)
    return tuple(sorted(p for p in folder.glob("*.yaml") if p.is_file()))


def load_lists(paths: tuple[Path, ...]) -> tuple[TermList, ...]:
    """Compiled lists; a malformed one raises :class:`TermListError`."""
    return tuple(load_list(p) for p in paths)


def matcher_for(extra: tuple[Path, ...] = (), allow: frozenset[str] = frozenset()) -> Matcher:
    """The matcher over the bundled lists plus an organisation's own."""
    paths = (*default_list_paths(), *extra)
    return _matcher(tuple(load_lists(paths)), tuple(sorted(allow)))


@lru_cache(maxsize=16)
def _matcher(lists: tuple[TermList, ...], allow: tuple[str, ...]) -> Matcher:
    return Matcher((t for term_list in lists for t in term_list.terms), allow)
