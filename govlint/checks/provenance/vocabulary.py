"""The words of provenance: credit labels, label marks, outlets and account names.

The data is the byline list of :mod:`govlint.bylines` (credit labels),
``dictionaries/provenance/labels.toml`` (marks, name endings) and the outlet
list of :mod:`govlint.outlets`; this module
reads it once and compiles the patterns the evidence is gathered with.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from govlint import bylines
from govlint.data import data_path
from govlint.han import CLASS
from govlint.outlets import outlets

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ORIGINAL, REPOST = "原创", "转载"
PUNCTUATION = bylines.PUNCTUATION
BRACKETS = "【】[]［］〔〕()（）「」『』<>《》"


@lru_cache(maxsize=1)
def _labels() -> dict:
    with data_path("provenance/labels.toml").open("rb") as handle:
        return tomllib.load(handle)


# The credits provenance reads; the byline list holds more (data, video …)
# that only font needs.
CREDIT_FIELDS = ("source", "repost", "author", "editor", "reviewer", "proofreader", "photo")


@lru_cache(maxsize=1)
def _own_source_words() -> frozenset[str]:
    return frozenset(normalise_account(w) for w in _labels()["marks"]["own_source"])


def rights_phrases() -> tuple[str, ...]:
    """Rights notices (转载请注明出处), longest first."""
    return tuple(sorted(_labels()["marks"]["rights"], key=len, reverse=True))


def _outlet_suffixes() -> tuple[str, ...]:
    return tuple(_labels()["outlet_suffixes"]["suffixes"])


def _outlet_followers() -> tuple[str, ...]:
    return tuple(_labels()["outlet_followers"]["followers"])


@lru_cache(maxsize=1)
def _vague_sources() -> frozenset[str]:
    return frozenset(normalise_account(v) for v in _labels()["marks"]["vague_source"])


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# -- names ------------------------------------------------------------------


@lru_cache(maxsize=4096)
def normalise_account(name: str) -> str:
    """Compare account names: NFKC, case, no quotes, spaces or punctuation,
    no channel ending (“普安之声”微信公众号 -> 普安之声)."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"[\s\"'“”‘’「」『』《》〈〉【】\[\]()（）·•.,，。:：!！?？|｜丨/／-]", "", text)
    for suffix in sorted(_labels()["account_suffixes"]["suffixes"], key=len, reverse=True):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text


def is_own_source_word(name: str) -> bool:
    """True for a word that names the publishing account itself (本站, 本网原创)."""
    return normalise_account(name) in _own_source_words()


def is_vague(value: str) -> bool:
    """True for a source that names nobody (网络, 综合整理)."""
    return normalise_account(value) in _vague_sources()


def outlet_in(text: str) -> str | None:
    """The known outlet ``text`` names (新华社记者 张三 -> 新华社), or None.

    The name must start the text and be followed by nothing, a space or
    punctuation, or a word such as 记者 or 客户端: 中国网络空间研究院 does not
    name 中国网."""
    text = text.strip(PUNCTUATION + BRACKETS + "“”\"")
    for outlet in outlets():
        if text.startswith(outlet):
            rest = text[len(outlet):].lstrip("“”\"")
            if not rest or rest[0] in PUNCTUATION + BRACKETS or rest.startswith(_outlet_followers()):
                return outlet
    return None


# -- patterns ---------------------------------------------------------------

MARKS = {m: ORIGINAL for m in _labels()["marks"]["original"]} | {m: REPOST for m in _labels()["marks"]["repost"]}
BRACKETED_MARK = re.compile(rf"^\s*[【\[［〔]\s*(({_alternation(MARKS)}))\s*[】\]］〕]")
OWN_CLAIM = re.compile(r"^\s*((?:本文|此文|本稿)(?:为|系|是|属)[^，。,]{0,20}?原创)")
CLAUSE = re.compile(r"[^，,。；;！!？?|｜丨]+")

_OUTLET = _alternation(outlets())
_DATELINE = re.compile(
    rf"^\s*[【\[（(]?(?P<all>(?P<outlet>{_OUTLET})"
    rf"(?:[{CLASS}]{{0,10}}?\d{{1,2}}月\d{{1,2}}日电|(?:客户端|网)?(?:讯|消息)(?=[：:，,（(\s]|$)))"
)
_REPORTER = re.compile(rf"^\s*[【\[（(]?(?P<all>(?P<outlet>{_OUTLET})(?:[{CLASS}]{{0,4}}?)记者)")
_REPORTED = re.compile(rf"^\s*(?P<all>据(?P<outlet>{_OUTLET})(?:客户端|微信公众号|官方微博)?(?:报道|消息))")
_REPORTED_ANY = re.compile(rf"^\s*(?P<all>据(?P<outlet>[{CLASS}A-Za-z]{{2,12}}?)(?:报道|消息))")


def wire(text: str) -> tuple[str, int, int] | None:
    """(outlet, start, end) of a wire dateline or report formula at the start of ``text``."""
    for pattern in (_DATELINE, _REPORTER, _REPORTED):
        match = pattern.match(text)
        if match:
            return match.group("outlet"), match.start("all"), match.end("all")
    match = _REPORTED_ANY.match(text)
    if match and match.group("outlet").endswith(_outlet_suffixes()):
        return match.group("outlet"), match.start("all"), match.end("all")
    return None
