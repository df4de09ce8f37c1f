"""Byline labels (来源、作者、编辑、审核 ...): the words that open a credit
line, each with the credit it introduces (source, author, editor ...), and
the reading of credit lines (来源：新华社 作者：张三).

The one list of them is ``dictionaries/bylines.tsv`` (label, field); every
reader and check that reads credit lines asks here, so font's "not body
text", provenance's credits and the HTML reader's page metadata cannot
drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from govlint.data import data_path, entries, rows

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


# -- reading credit lines -----------------------------------------------------

PUNCTUATION = " \t\u3000\xa0|｜丨/／;；，,。.、:：!！?？·•-—"
# A label starts a line or a segment: after a space, a bar, punctuation or a bracket.
_SEGMENT_START = r"(?<![^\s|｜丨/／;；，,。、【】\[\]（）()])"
_SEPARATOR = r"[ \t\u3000\xa0]*(?P<sep>[:：丨|])"
_SENTENCE_END = re.compile(r"[。！？!?，,；;]")
MAX_CREDIT = 30  # characters: longer "values" are sentences, not names


class Credit(NamedTuple):
    """One credit in a line: its field, its label and where label and value stand."""

    field: str
    label: str
    start: int  # the label's start
    label_end: int  # after the label and its separator
    value_end: int  # the value runs from label_end to here (untrimmed)


@lru_cache(maxsize=8)
def _pattern(only: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(label) for label in labels(*only))
    return re.compile(_SEGMENT_START + rf"(?P<label>{alternation})(?:{_SEPARATOR})?")


def credits(text: str, *only: str) -> Iterator[Credit]:
    """Each credit of ``text`` (of the fields ``only`` names, or all): a label
    with its separator (来源：), or a repost label running into its source
    (转自人民日报). A value ends at the next credit or the end of its clause;
    a "value" longer than a name is a sentence that happens to open with a
    label, and is skipped."""
    kinds = fields(*only)
    matches = [m for m in _pattern(only).finditer(text) if m.group("sep") or kinds[m.group("label")] == "repost"]
    for k, match in enumerate(matches):
        value_end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        sentence_end = _SENTENCE_END.search(text, match.end(), value_end)
        if sentence_end:
            value_end = sentence_end.start()
        if len(text[match.end():value_end].strip()) > MAX_CREDIT:
            continue
        label = match.group("label")
        yield Credit(kinds[label], label, match.start(), match.end(), value_end)


def clean_value(value: str) -> str:
    """A credit's value without surrounding punctuation or the closing
    bracket of a credit in brackets (（来源：新华社） -> 新华社)."""
    value = value.strip(PUNCTUATION)
    while value and value[-1] in "）)】]" and not any(c in value for c in "（(【["):
        value = value[:-1].rstrip(PUNCTUATION)
    return value


def is_generic_author(value: str) -> bool:
    """An author name Word, WPS or a tool fills in where no person is named
    (Administrator, 微软用户: ``dictionaries/draft/generic-authors.txt``)."""
    name = value.strip().lower()
    return not name or name in _generic_authors()


@lru_cache(maxsize=1)
def _generic_authors() -> frozenset[str]:
    return frozenset(entries(data_path("draft/generic-authors.txt")))
