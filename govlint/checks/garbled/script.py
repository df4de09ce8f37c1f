"""Traditional characters scattered through a simplified article, and
OpenCC's traditional-to-simplified conversion that repairs them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from govlint.checks._prose import inside
from govlint.checks.garbled.tables import script_sets, t2s_tables

_CLAUSE = re.compile(r"[^，。、；：？！,.;:?!\s“”‘’「」『』《》（）()【】]+")
_TITLE = re.compile(r"《[^《》\n]{1,100}》")


def to_simplified(text: str) -> str:
    """OpenCC's t2s conversion: longest phrase first, then character by character."""
    phrases, characters, longest = t2s_tables()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        for size in range(min(longest, n - i), 1, -1):
            phrase = phrases.get(text[i : i + size])
            if phrase is not None:
                out.append(phrase)
                i += size
                break
        else:
            out.append(characters.get(text[i], text[i]))
            i += 1
    return "".join(out)


def _script_counts(texts: Iterable[str]) -> tuple[int, int]:
    """(simplified-only, traditional-only) characters in the texts."""
    simplified_only, traditional_only = script_sets()
    simplified = traditional = 0
    for text in texts:
        for ch in text:
            if ch in simplified_only:
                simplified += 1
            elif ch in traditional_only:
                traditional += 1
    return simplified, traditional


def simplified_with_traditional(texts: list[str]) -> bool:
    """Whether the texts are a simplified article with a few traditional
    characters (not one written in traditional, nor one too short to tell)."""
    # A set test finds the article that has no traditional-only character (most
    # do) as fast as a pattern would, without compiling a class of 2,000 characters.
    traditional_only = script_sets()[1]
    if all(traditional_only.isdisjoint(text) for text in texts):
        return False
    simplified, traditional = _script_counts(texts)
    return traditional > 0 and simplified >= max(10, 3 * traditional)


def traditional_spans(text: str, names: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, simplified) of each group of traditional characters in
    ``text``, outside titles in 《》 and known names."""
    titles = [m.span() for m in _TITLE.finditer(text)]
    for clause in _CLAUSE.finditer(text):
        for start, end, suggestion in _clause_fixes(clause.group()):
            a, b = clause.start() + start, clause.start() + end
            if not inside(titles, a, b) and not _in_name(text, a, b, names):
                yield a, b, suggestion


def _clause_fixes(part: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, simplified) of the groups of traditional characters in a
    clause, unless the clause is written in traditional on purpose."""
    simplified_only, traditional_only = script_sets()
    marks = [i for i, ch in enumerate(part) if ch in traditional_only]
    if not marks:
        return
    if len(marks) >= 2 and len(marks) >= sum(1 for ch in part if ch in simplified_only):
        return  # a clause written in traditional on purpose
    converted = to_simplified(part)
    for start, end in _groups(marks):
        # The clause's conversion knows the phrase; when it changed the length, convert the group alone.
        suggestion = converted[start:end] if len(converted) == len(part) else to_simplified(part[start:end])
        if suggestion != part[start:end]:
            yield start, end, suggestion


def _groups(indices: list[int]) -> Iterator[tuple[int, int]]:
    """Adjacent indices as [start, end) ranges."""
    start = previous = indices[0]
    for index in indices[1:]:
        if index != previous + 1:
            yield start, previous + 1
            start = index
        previous = index
    yield start, previous + 1


def _in_name(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    """Whether text[start:end] lies in a known name of two to four characters."""
    for size in (2, 3, 4):
        for a in range(max(0, end - size), min(start, len(text) - size) + 1):
            if text[a : a + size] in names:
                return True
    return False
