"""Text damaged by a wrong encoding: the spans the garbled rules report.

Classic garbage strings (锟斤拷), UTF-8 read as GBK or Big5 (鏀垮簻) and as
Latin-1 (Ã©), and characters a narrow encoding turned into ``?``. Each
function reads one text and returns block offsets; whether a reader sees
them is the rule's question. Patterns are linear: character classes and
bounded repeats only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache

from govlint import han
from govlint.checks._prose import inside, url_spans
from govlint.checks.garbled.tables import PUNCTUATION_CJK, common_chars
from govlint.data import data_path, rows

# (codec, the name the message gives it), tried in this order.
CODECS = (("gbk", "GBK"), ("cp950", "Big5"))

# --------------------------------------------------------------------------- kunkao


@lru_cache(maxsize=1)
def kunkao_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the pattern of all entries of kunkao.txt, a class of their first characters)."""
    parts = []
    firsts = set()
    for row in rows(data_path("garbled/kunkao.txt")):
        pattern = row[0]
        firsts.add(pattern[0])
        if len(set(pattern)) == 1:
            parts.append(f"{re.escape(pattern[0])}{{{len(pattern)},}}")
        else:
            parts.append(f"(?:{re.escape(pattern)})+")
    return re.compile("|".join(parts)), re.compile("[" + "".join(sorted(firsts)) + "]")


# --------------------------------------------------------------------------- UTF-8 read as GBK or Big5

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
# UTF-8 sequences of CJK text: ideographs, kana, CJK and general punctuation,
# full-width forms (lead bytes E2-E9 and EF); E0 and ED are excluded so any
# match decodes (no overlongs, no surrogates).
_UTF8_CJK = re.compile(rb"(?:[\xe2-\xe9\xef][\x80-\xbf][\x80-\xbf])+")


def _has_uncommon_han(text: str) -> bool:
    """Whether the text holds a Han character outside the common characters.
    A set difference, not a pattern: a class of the 3,500 characters took
    8 ms to compile."""
    return any(han.is_han(ch) for ch in set(text).difference(common_chars()))


def mojibake_spans(text: str, codec: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, repaired) of stretches that are UTF-8 bytes decoded as ``codec``.

    The stretch is encoded back with ``codec`` and decoded as UTF-8 (a real
    round trip); it counts when the result is common Chinese and the
    stretch itself is not: ordinary text almost never re-decodes as UTF-8.
    """
    if not _has_uncommon_han(text):
        return  # the usual paragraph: no run of it can be mojibake
    for run in _NON_ASCII_RUN.finditer(text):
        if _has_uncommon_han(run.group()):  # mojibake always has uncommon characters
            for start, end, repaired in _run_spans(run.group(), codec):
                yield run.start() + start, run.start() + end, repaired


def _run_spans(chars: str, codec: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, repaired) of the mojibake in one run without ASCII."""
    data = _encode(chars, codec)
    if not _UTF8_CJK.search(data):
        return
    offsets = _offsets(chars, codec, data)  # only now: most runs of uncommon characters end above
    boundaries = set(offsets)
    position = 0
    while (match := _UTF8_CJK.search(data, position)) is not None:
        position = match.end()
        found = _first_repair(chars, data, offsets, boundaries, match)
        if found is not None:
            yield found
            position = max(position, offsets[found[1]])


def _first_repair(
    chars: str, data: bytes, offsets: list[int], boundaries: set[int], match: re.Match[bytes]
) -> tuple[int, int, str] | None:
    """(start, end, repaired) in ``chars`` for the first alignment of a UTF-8
    match to a character boundary (within its first six bytes) that repairs
    a stretch of mostly uncommon characters to common Chinese."""
    common = common_chars()
    for first in range(match.start(), min(match.start() + 6, match.end() - 2)):
        found = _aligned_stretch(data, first, boundaries, common)
        if found is None:
            continue
        byte_start, repaired = found
        start = bisect.bisect_left(offsets, byte_start)
        end = bisect.bisect_left(offsets, byte_start + 3 * len(repaired))
        original = chars[start:end]
        if sum(1 for ch in original if ch not in common) * 3 >= len(original):
            return start, end, repaired
    return None


def _aligned_stretch(data: bytes, first: int, boundaries: set[int], common: frozenset[str]) -> tuple[int, str] | None:
    """The best stretch of the UTF-8 sequences that start at byte ``first``,
    when a character of the run starts there too."""
    if first not in boundaries:
        return None
    aligned = _UTF8_CJK.match(data, first)
    return None if aligned is None else _best_stretch(aligned.group().decode("utf-8"), first, boundaries, common)


def _encode(chars: str, codec: str) -> bytes:
    """``chars`` (a run without ASCII) encoded with ``codec``, a NUL byte for
    each character it cannot encode: it breaks any UTF-8 sequence. No
    character of GBK or Big5 has a "?" byte (trail bytes are 0x40 and up),
    so every "?" is a replaced one ("replace" is ten times quicker than an
    error handler of ours)."""
    return chars.encode(codec, errors="replace").replace(b"?", b"\x00")


def _offsets(chars: str, codec: str, data: bytes) -> list[int]:
    """The byte offset in ``data`` (``_encode(chars, codec)``) of each
    character, plus the end."""
    if len(data) == 2 * len(chars):  # the usual case: every character is double-byte
        return list(range(0, len(data) + 1, 2))
    widths = _WIDTHS.setdefault(codec, {})  # both codecs are stateless: a character's bytes are its own
    offsets, total = [0], 0
    for ch in chars:
        width = widths.get(ch)
        if width is None:
            width = widths[ch] = len(_encode(ch, codec))
        total += width
        offsets.append(total)
    return offsets


_WIDTHS: dict[str, dict[str, int]] = {}  # codec -> character -> encoded bytes


def _good_repaired(ch: str, common: frozenset[str]) -> bool:
    return ch in common or ch in PUNCTUATION_CJK


def _good_runs(decoded: str, common: frozenset[str]) -> Iterator[tuple[int, int]]:
    """[start, end) of each run of common characters and punctuation."""
    i, n = 0, len(decoded)
    while i < n:
        if not _good_repaired(decoded[i], common):
            i += 1
            continue
        j = i
        while j < n and _good_repaired(decoded[j], common):
            j += 1
        yield i, j
        i = j


def _best_stretch(decoded: str, first: int, boundaries: set[int], common: frozenset[str]) -> tuple[int, str] | None:
    """The longest stretch of common Chinese in ``decoded`` (the UTF-8 bytes
    from ``first`` on) that starts on a character boundary."""
    best: tuple[int, str] | None = None
    for i, j in _good_runs(decoded, common):
        k = i
        while k < j and first + 3 * k not in boundaries:
            k += 1
        stretch = decoded[k:j]
        if han.count(stretch) >= 2 and (best is None or len(stretch) > len(best[1])):
            best = (first + 3 * k, stretch)
    return best


# --------------------------------------------------------------------------- UTF-8 read as Latin-1

# Runs of Latin text (no spaces, no CJK) that hold a character UTF-8 lead
# bytes become in Latin-1/cp1252 (Ã Â â å æ ç è é ï ð ...). The excluded
# ranges are all wide characters (CJK, Hangul, full-width forms), not Han only.
_LATIN_RUN = re.compile(r"[^ \t\r\n\f\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+")
_LATIN_LEAD = re.compile(r"[\xc2-\xef]")


def latin1_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, repaired) of Latin-1/cp1252 mojibake, as ftfy repairs it."""
    for run in _LATIN_RUN.finditer(text):
        segment = run.group()
        if not _LATIN_LEAD.search(segment):
            continue
        import ftfy  # only now: it takes 30 ms to import and most text has no Latin lead byte

        fixed = ftfy.fix_encoding(segment)
        if fixed != segment and len(fixed) < len(segment):
            a, b = _unchanged_ends(segment, fixed)
            yield run.start() + a, run.end() - b, fixed[a : len(fixed) - b]


def _unchanged_ends(segment: str, fixed: str) -> tuple[int, int]:
    """How many characters ftfy left alone at the start and at the end, to point at the damage."""
    a = 0
    while a < len(fixed) and fixed[a] == segment[a]:
        a += 1
    b = 0
    while b < len(fixed) - a and fixed[-1 - b] == segment[-1 - b]:
        b += 1
    return a, b


# --------------------------------------------------------------------------- lost characters

_QUESTION_RUN = re.compile(r"\?{2,}")


def lost_characters(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of runs of two or more ``?`` followed by a Han character,
    not after an ASCII letter or digit and not in a URL: characters an
    encoding could not hold."""
    urls: list[tuple[int, int]] | None = None
    for match in _QUESTION_RUN.finditer(text):
        start, end = match.span()
        after = text[end] if end < len(text) else ""
        before = text[start - 1] if start else ""
        if not (after and han.is_han(after)) or (before and before.isascii() and before.isalnum()):
            continue
        if urls is None:
            urls = url_spans(text)  # only now: most texts have no such run
        if not inside(urls, start, end):
            yield start, end
