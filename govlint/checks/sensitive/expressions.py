"""Standard political expressions (``dictionaries/sensitive/expressions.toml``):
wrong forms with their canonical one, and fixed formulations whose items
have a fixed order, for ``sensitive.expression``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from govlint.checks.sensitive.joined import Joined
from govlint.data import toml_data
from govlint.rules import Hit, Severity, Stage
from govlint.terms import Matcher, Term
from govlint.terms.normalize import normalize_term


@dataclass(frozen=True)
class _Replacement:
    wrong: str
    canonical: str
    source: str


@dataclass(frozen=True)
class _Ordered:
    name: str
    items: tuple[str, ...]
    source: str
    pattern: re.Pattern[str]


_ITEM_SEPARATOR = r"(?:[、，,]|和|与|及)"


@dataclass(frozen=True)
class Expressions:
    matcher: Matcher  # over the wrong forms
    replacements: dict[str, _Replacement]  # by the normalised wrong form
    ordered: tuple[_Ordered, ...]


@lru_cache(maxsize=1)
def expressions() -> Expressions:
    data = toml_data("sensitive/expressions.toml")
    replacements: dict[str, _Replacement] = {}
    terms = []
    for entry in data["replace"]:
        for wrong in entry["wrong"]:
            key = normalize_term(wrong)
            replacements[key] = _Replacement(wrong, entry["canonical"], entry["source"])
            terms.append(Term(wrong, key, "expressions", "politics", Severity.ERROR, Stage.FINAL))
    ordered = tuple(_ordered(entry) for entry in data["order"])
    return Expressions(Matcher(terms), replacements, ordered)


def _ordered(entry: dict) -> _Ordered:
    """A fixed formulation and the pattern of its items in any order."""
    items = tuple(entry["items"])
    alternatives = "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))
    pattern = re.compile(rf"(?:{alternatives})(?:{_ITEM_SEPARATOR}(?:{alternatives})){{{len(items) - 1}}}")
    return _Ordered(entry["name"], items, entry["source"], pattern)


def expression_hits(joined: Joined, data: Expressions) -> Iterator[Hit]:
    # Separators kept: an expression in quotes (台湾“总统”) is the accepted form and must not match.
    mapped = joined.mapped
    for hit in data.matcher.find(mapped):
        if mapped[hit.start : hit.end] != hit.term.key:
            continue  # matched only through a deleted separator: not written as the wrong form
        entry = data.replacements[hit.term.key]
        block, start, end = joined.locate(hit.start, hit.end)
        shown = block.text[start:end]
        message = f"“{shown}”不符合规范表述，应为“{entry.canonical}”（依据：{entry.source}）"
        yield Hit.in_block(block, start, end, message, entry.canonical)


def order_hits(joined: Joined, data: Expressions) -> Iterator[Hit]:
    for formulation in data.ordered:
        for match in formulation.pattern.finditer(joined.text):
            found = _split_items(match.group(0), formulation.items)
            if found is None or tuple(found[0]) == formulation.items or set(found[0]) != set(formulation.items):
                continue
            separators = found[1]
            suggestion = formulation.items[0] + "".join(
                sep + item for sep, item in zip(separators, formulation.items[1:], strict=True)
            )
            message = f"“{formulation.name}”的表述顺序有误，应为“{suggestion}”（依据：{formulation.source}）"
            block, start, end = joined.locate(match.start(), match.end())
            yield Hit.in_block(block, start, end, message, suggestion)


def _split_items(text: str, items: tuple[str, ...]) -> tuple[list[str], list[str]] | None:
    """The items and the separators between them, in the order written."""
    found: list[str] = []
    separators: list[str] = []
    position = 0
    by_length = sorted(items, key=len, reverse=True)
    while position < len(text):
        if found:
            separator = re.match(_ITEM_SEPARATOR, text[position:])
            if not separator:
                return None
            separators.append(separator.group(0))
            position += separator.end()
        item = next((i for i in by_length if text.startswith(i, position)), None)
        if item is None:
            return None
        found.append(item)
        position += len(item)
    return found, separators
