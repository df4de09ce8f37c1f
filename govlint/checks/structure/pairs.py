"""Paired marks (《》 “” ‘’ （） 【】 () []): the ones a paragraph leaves without
a partner, and the characters that look like them but pair with nothing
(list markers, URLs, English apostrophes): what ``structure.unbalanced`` reports."""

from __future__ import annotations

import re

from govlint.checks._prose import url_spans
from govlint.model import Block

PAIRS = {"《": "》", "“": "”", "‘": "’", "（": "）", "【": "】", "(": ")", "[": "]"}
CLOSERS = {v: k for k, v in PAIRS.items()}
_APOSTROPHE = re.compile("’")
_BRACKETS = re.compile(r"[《》“”‘’（）【】()\[\]]")
# 1) a) 一） used as list markers: a closer without an opener, by design.
_LIST_CLOSER = re.compile(r"(?:^|(?<=[\s，。；：、]))(?:\d{1,2}|[A-Za-z]|[一二三四五六七八九十]{1,3})[)）]")
SPLIT_LINE = 30  # characters: a line this short between the halves of a pair may be its middle


def unbalanced_marks(text: str, skip: set[int]) -> list[tuple[int, str]]:
    """(index, character) of each bracket or quote without its partner."""
    open_at: dict[str, list[int]] = {k: [] for k in PAIRS}
    lonely: list[tuple[int, str]] = []
    for match in _BRACKETS.finditer(text):
        i, ch = match.start(), match.group()
        if i in skip:
            continue
        if ch in PAIRS:
            open_at[ch].append(i)
        else:
            stack = open_at[CLOSERS[ch]]
            if stack:
                stack.pop()
            else:
                lonely.append((i, ch))
    for opener, positions in open_at.items():
        lonely.extend((i, opener) for i in positions)
    return sorted(lonely)


def _apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return before.isascii() and before.isalpha() and (not after or after.isascii())


def not_brackets(text: str) -> set[int]:
    """Places of ``text`` whose bracket characters are no brackets: list
    markers (1) 一）), URLs and English apostrophes (don’t)."""
    skip = {m.end() - 1 for m in _LIST_CLOSER.finditer(text)} if ")" in text or "）" in text else set()
    for a, b in url_spans(text):
        skip.update(range(a, b))
    skip.update(m.start() for m in _APOSTROPHE.finditer(text) if _apostrophe(text, m.start()))
    return skip


def split_pairs(blocks: list[Block], lonely: list[list[tuple[int, str]]]) -> set[tuple[int, int]]:
    """(block, index) of the halves of pairs that a line break cut apart: a
    paragraph's last lone opener and the first lone mark of the next
    paragraph, or of the one after a short line with no bracket between
    (细颗粒物（PM / 2.5 / ）浓度下降: a line broken inside the brackets, as
    converters and pasted web text break them). The marks are paired, not
    missing; the broken line is for the editor's eye, not this rule."""
    split: set[tuple[int, int]] = set()
    for n, marks in enumerate(lonely):
        if not marks or marks[-1][1] not in PAIRS:
            continue
        at, opener = marks[-1]
        for m in range(n + 1, min(n + 3, len(blocks))):
            if lonely[m]:
                if lonely[m][0][1] == PAIRS[opener]:
                    split.update({(n, at), (m, lonely[m][0][0])})
                break
            if len(blocks[m].text) > SPLIT_LINE or _BRACKETS.search(blocks[m].text):
                break
    return split
