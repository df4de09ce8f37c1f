"""The vocabulary of injected gambling and porn spam (``dictionaries/sensitive/spam.toml``),
read once for the checks that look for it: sensitive.spam-injection (clauses of
trade words in the text) and link.hidden (hidden links around the article that
lead to spam)."""

from __future__ import annotations

import re
from functools import lru_cache

from govlint.data import toml_data
from govlint.terms.normalize import map_characters, normalize_term

_HOST_SPLIT = re.compile(r"[.\-0-9]+")


@lru_cache(maxsize=1)
def _data() -> dict:
    return toml_data("sensitive/spam.toml")


@lru_cache(maxsize=1)
def spam_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(strong, weak) trade words, normalised, longest first: strong words
    belong to the gambling and porn trade, weak ones to its download and
    sign-up pitch and count only beside strong ones."""
    data = _data()
    strong = tuple(sorted({normalize_term(w) for w in data["strong"]}, key=len, reverse=True))
    weak = tuple(sorted({normalize_term(w) for w in data["weak"]} - set(strong), key=len, reverse=True))
    return strong, weak


def has_trade_word(text: str) -> bool:
    """Whether a short text (a link's words) holds a strong trade word."""
    mapped = map_characters(text).lower()
    return any(word in mapped for word in spam_words()[0])


def is_spam_host(host: str) -> bool:
    """Whether a host name is made of gambling or porn words (bet365, yulecheng)."""
    pieces = set(_HOST_SPLIT.split(host.lower()))
    return not pieces.isdisjoint(_data()["host_pieces"])
