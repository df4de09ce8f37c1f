"""Secrecy marks (机密★5年) and two-part internal-only notices (内部资料　注意保密),
for ``sensitive.secrecy-marker``. The notice parts are data
(``dictionaries/sensitive/secrecy-notices.toml``), matched in the
normalised joined text the term lists are matched in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from govlint.checks.sensitive.joined import Joined
from govlint.data import toml_data
from govlint.model import Block
from govlint.rules import Hit, Severity, Stage
from govlint.terms.normalize import normalize_term

# 绝密★长期, 机密★5年, 秘密★6个月; ★ marks in full and half width, ☆ as typed by mistake.
_SECRECY_MARK = re.compile(
    r"(?:绝密|机密|秘密)\s*[★☆]\s*(?:长期|[0-9０-９]{1,2}\s*(?:年|个月)|[一二三四五六七八九十]{1,3}\s*(?:年|个月))?"
    r"|[★]\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*年(?:内|期)?(?=\s|$|[）)】])"
)


def mark_hits(blocks: tuple[Block, ...]) -> Iterator[Hit]:
    """Security classification marks, in every block: all of it is published."""
    for block in blocks:
        for match in _SECRECY_MARK.finditer(block.text):
            message = f"“{match.group(0)}”是密级标志，涉密材料不得公开发布"
            yield Hit.in_block(block, match.start(), match.end(), message)


@dataclass(frozen=True)
class _Notices:
    """The two-part notices of ``secrecy-notices.toml`` as one pattern over normalised text."""

    pattern: re.Pattern[str]
    not_after: frozenset[str]  # a first part right after one of these is an object (对内部资料…)
    cues: tuple[str, ...]  # normalised allow_near cue words


def _alternatives(parts: list[str]) -> str:
    # Longest first: 内部参考资料 before 内部参考.
    keys = {normalize_term(part) for part in parts}
    return "(?:" + "|".join(re.escape(k) for k in sorted(keys, key=lambda k: (-len(k), k))) + ")"


@lru_cache(maxsize=1)
def _notices() -> _Notices:
    data = toml_data("sensitive/secrecy-notices.toml")
    # Whitespace and ASCII punctuation are gone after normalisation; line
    # breaks and the Chinese marks are kept, so they are allowed here.
    gap = rf"[\n\r]*(?:[{re.escape(data['marks'])}][\n\r]*)?"
    second = _alternatives(data["second"])
    # No look-behind for not_after: a pattern that opens with its literals is
    # scanned for their first characters, seven times faster.
    pattern = re.compile(rf"{_alternatives(data['first'])}{gap}{second}(?:{gap}{second})*")
    not_after = frozenset(normalize_term(data["not_after"]))
    cues = tuple(dict.fromkeys(c for c in (normalize_term(w) for w in data["allow_near"]) if c))
    return _Notices(pattern, not_after, cues)


def notice_hits(joined: Joined, allow_terms: frozenset[str]) -> Iterator[Hit]:
    """The two-part notices, matched over the whole document (a notice may
    be set on two lines) in its normalised copy, reported as written."""
    notices = _notices()
    norm = joined.normalized.text
    allowed = [k for k in (normalize_term(w) for w in allow_terms) if k]
    for match in notices.pattern.finditer(norm):
        s, e = match.span()
        if (s and norm[s - 1] in notices.not_after) or any(_covers(norm, phrase, s, e) for phrase in allowed):
            continue
        yield _notice_hit(joined, s, e, _paragraph_cue(norm, s, e, notices.cues))


def _notice_hit(joined: Joined, s: int, e: int, cue: str | None) -> Hit:
    """The hit on the notice at normalised [s, e), from its first character
    to its last as written (it may span blocks)."""
    a, b = joined.normalized.original_span(s, e)
    first, fa, _ = joined.locate(a, a + 1)
    last, lb, _ = joined.locate(b - 1, b)
    start, end = first.source_range(fa, fa + 1)[0], last.source_range(lb, lb + 1)[1]
    shown = " ".join(joined.text[a:b].split())
    if cue:
        message = f"“{shown}”是内部资料的不公开提示，出现在“{cue}”等讲解保密的语境中，请终审确认"
        return Hit(start, end, message, None, Severity.NOTICE, Stage.FINAL)
    return Hit(start, end, f"“{shown}”是内部资料的不公开提示，带此提示的材料不得公开发布，请核实后删改")


def _paragraph_cue(norm: str, s: int, e: int, cues: tuple[str, ...]) -> str | None:
    """The first cue word (保密工作 ...) in the paragraph of normalised [s, e)."""
    left = norm.rfind("\n", 0, s) + 1
    right = norm.find("\n", e)
    paragraph = norm[left : right if right >= 0 else len(norm)]
    return next((c for c in cues if c in paragraph), None)


def _covers(norm: str, phrase: str, start: int, end: int) -> bool:
    """Whether an occurrence of ``phrase`` in ``norm`` holds all of [start, end)."""
    if len(phrase) < end - start:
        return False
    return norm.find(phrase, max(0, end - len(phrase)), start + len(phrase)) >= 0
