"""Inline suppression comments in HTML and Markdown drafts.

``<!-- govlint-disable [RULE...] -->`` ... ``<!-- govlint-enable [RULE...] -->``
and ``<!-- govlint-disable-next-line [RULE...] -->``. RULE is a rule id
(``typo.duplicate``), a rule name or a check id (``typo``); none means all.
Suppression filters findings after detection, by the line they start on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govlint.checks import resolve
from govlint.model import SourceText

_DIRECTIVE = re.compile(
    r"<!--\s*govlint-(disable-next-line|disable|enable)\b([^>]{0,500}?)-->", re.IGNORECASE
)


@dataclass(frozen=True)
class Suppressions:
    ranges: tuple[tuple[int, int, frozenset[str] | None], ...] = ()  # lines [first, last], rules

    def suppresses(self, rule_id: str, line: int) -> bool:
        return any(
            first <= line <= last and (rules is None or rule_id in rules)
            for first, last, rules in self.ranges
        )


def _rules(words: str) -> frozenset[str] | None:
    names = [w for w in re.split(r"[\s,，]+", words.strip()) if w]
    if not names:
        return None
    ids: set[str] = set()
    for name in names:
        try:
            ids.update(r.id for r in resolve(name))
        except KeyError:
            continue  # an unknown id suppresses nothing
    return frozenset(ids)


def parse_suppressions(source: SourceText) -> Suppressions:
    if "govlint-" not in source.text:
        return Suppressions()
    ranges: list[tuple[int, int, frozenset[str] | None]] = []
    open_ranges: list[tuple[int, frozenset[str] | None]] = []
    last_line = source.line_count
    for match in _DIRECTIVE.finditer(source.text):
        kind = match.group(1).lower()
        rules = _rules(match.group(2))
        start_line, _ = source.locate(match.start())
        end_line, _ = source.locate(match.end())
        if kind == "disable-next-line":
            ranges.append((end_line + 1, end_line + 1, rules))
        elif kind == "disable":
            open_ranges.append((start_line, rules))
        else:  # enable: closes the ranges it names (all of them when it names none)
            still_open = []
            for first, disabled in open_ranges:
                if rules is None or disabled is None or disabled <= rules:
                    ranges.append((first, start_line, disabled))
                else:
                    still_open.append((first, disabled))
            open_ranges = still_open
    ranges.extend((first, last_line, rules) for first, rules in open_ranges)
    return Suppressions(tuple(ranges))
