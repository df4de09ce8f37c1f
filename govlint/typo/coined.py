"""Names their writers coined, which typo.wrong-char leaves alone.

The engine's evidence (word and n-gram counts) cannot tell these from
misspellings, because a coinage is rare by nature:

* a short name in quotation marks (“福见康养”, “陕耀全球”, “湾事通”):
  campaign, brand and slogan names are coined, often on a pun (福见 for
  福建), and a quoted phrase is the writer's exact wording. An edit there is
  reported only where it makes the whole quoted phrase a dictionary word or
  idiom (“重男经女” -> 重男轻女): a misspelt set phrase, not a coinage;
* a place name followed by another word (安徽行, 昌平线): the engine would
  complete the place into its administrative name (安徽省, 昌平县).

Foreign names spelt by transliteration are protected with the other names
(``protect.py``).
"""

from __future__ import annotations

import re

from govlint.data import word_list
from govlint.han import CLASS as HAN

# 2-8 characters between paired quotation marks or title marks, none of them
# punctuation: a name or a slogan, not a quoted sentence.
_QUOTED = re.compile(rf"[“‘「『《]([{HAN}0-9A-Za-z]{{2,8}})[”’」』》]")
PLACE_SUFFIXES_FILE = "typo/place-suffixes.txt"
IDIOMS_FILE = "typo/idioms.txt"


def quoted_names(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each short quoted name in ``text``."""
    return [m.span(1) for m in _QUOTED.finditer(text)]


def _completes_place(text: str, index: int, suffix: str) -> bool:
    from govlint.typo.protect import is_name

    return any(is_name(text[index - k : index] + suffix) for k in (1, 2, 3) if index >= k)


def _set_phrase(phrase: str) -> bool:
    """Whether ``phrase`` is a dictionary word or an idiom as a whole."""
    from govlint.typo.lexicon import is_word
    from govlint.typo.segment import tokens

    if phrase in word_list(IDIOMS_FILE) or (len(phrase) <= 4 and is_word(phrase)):
        return True
    return len(tokens(phrase)) == 1


def coined(text: str, index: int, suggestion: str) -> bool:
    """Whether changing ``text[index]`` to ``suggestion`` would "correct" a
    coined name: inside a short quoted name that the change does not turn
    into a set phrase, or a place name's suffix where the place's name
    stands without it (安徽行 -> 安徽省)."""
    if suggestion in word_list(PLACE_SUFFIXES_FILE) and _completes_place(text, index, suggestion):
        return True
    for start, end in quoted_names(text):
        if start <= index < end:
            fixed = text[start:index] + suggestion + text[index + 1 : end]
            return not _set_phrase(fixed)
    return False
