"""Words misused in a context that decides (``dictionaries/typo/misuse.toml``).

截止 is right in 截止日期 and wrong in 截止2025年底; 泄漏 is right for gas
and wrong for information. Each entry names the misused word, the right
one, and regular expressions for the text just before and just after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from govlint.data import toml_data

BEFORE = 12  # characters before the word that its `before` patterns see
AFTER = 16  # characters after it that its `after` patterns see


@dataclass(frozen=True)
class Misuse:
    wrong: str
    right: str
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    not_before: re.Pattern[str] | None
    not_after: re.Pattern[str] | None
    why: str
    source: str

    def fits(self, text: str, start: int) -> bool:
        """Whether the context of ``wrong`` at ``start`` of ``text`` is the misuse."""
        head = text[max(0, start - BEFORE) : start]
        tail = text[start + len(self.wrong) : start + len(self.wrong) + AFTER]
        return (
            (self.before is None or self.before.search(head) is not None)
            and (self.after is None or self.after.match(tail) is not None)
            and (self.not_before is None or self.not_before.search(head) is None)
            and (self.not_after is None or self.not_after.match(tail) is None)
        )


def _pattern(source: str, at_end: bool) -> re.Pattern[str] | None:
    if not source:
        return None
    # A `before` pattern must reach the word: anchored at the end unless it says so itself.
    return re.compile(source if not at_end or source.endswith("$") else f"(?:{source})$")


def parse(data: dict) -> tuple[Misuse, ...]:
    """The entries of a misuse file's parsed TOML; a malformed one raises ValueError."""
    entries = []
    for number, entry in enumerate(data.get("misuse", []), 1):
        try:
            wrong, right, why, source = (str(entry[key]) for key in ("wrong", "right", "why", "source"))
            before, after = str(entry.get("before", "")), str(entry.get("after", ""))
            if not wrong or wrong == right or not (before or after):
                raise ValueError("wrong、right 不能为空或相同，且至少要有 before 或 after 之一")
            entries.append(
                Misuse(
                    wrong, right, _pattern(before, True), _pattern(after, False),
                    _pattern(str(entry.get("not_before", "")), True), _pattern(str(entry.get("not_after", "")), False),
                    why, source,
                )
            )
        except (KeyError, re.error, ValueError) as error:
            raise ValueError(f"misuse.toml 第 {number} 条：{error}") from error
    return tuple(entries)


@lru_cache(maxsize=1)
def misuses() -> tuple[Misuse, ...]:
    return parse(toml_data("typo/misuse.toml"))


@lru_cache(maxsize=1)
def _first_chars() -> re.Pattern[str]:
    """Any misused word's first character: a text without one is passed over."""
    return re.compile("|".join(sorted({re.escape(m.wrong) for m in misuses()})))


def misuse_matches(text: str) -> Iterator[tuple[int, Misuse]]:
    """(start, entry) of each misused word of ``text``, the first fitting
    entry where several name the same word."""
    for found in _first_chars().finditer(text):
        start = found.start()
        for entry in misuses():
            if text.startswith(entry.wrong, start) and entry.fits(text, start):
                yield start, entry
                break
