"""Byline labels (来源、作者、编辑、审核 ...): the words that open a credit
line, each with the credit it introduces (source, author, editor ...).

The one list of them is ``dictionaries/bylines.tsv`` (label, field); every
check that reads credit lines asks here, so font's "not body text" and
provenance's credits cannot drift apart.
"""

from __future__ import annotations

from functools import lru_cache

from govlint.data import data_path, rows

FILE = "bylines.tsv"


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str], ...]:
    return tuple((label, field) for label, field in rows(data_path(FILE)))


def fields(*only: str) -> dict[str, str]:
    """label -> field, for every label, or for the labels of the fields ``only`` names."""
    return {label: field for label, field in _rows() if not only or field in only}


def labels(*only: str) -> tuple[str, ...]:
    """The labels (of the fields ``only`` names, or all), longest first: in a
    regular-expression alternation 责任编辑 must be tried before 编辑."""
    return tuple(sorted(fields(*only), key=len, reverse=True))
