"""The news outlets whose names open wire datelines and credits (新华社, 央视网 ...).

One list (``dictionaries/provenance/outlets.txt``), read here for every
reader of it: the provenance check names the source of a dateline with it,
the typo check restores an outlet whose first character was cut.
"""

from __future__ import annotations

from functools import lru_cache

from govlint.data import word_list


@lru_cache(maxsize=1)
def outlets() -> tuple[str, ...]:
    """Every outlet, longest first (新华网 before 新华), then in code-point
    order, so that the order never depends on the hash of a set."""
    return tuple(sorted(word_list("provenance/outlets.txt"), key=lambda name: (-len(name), name)))
