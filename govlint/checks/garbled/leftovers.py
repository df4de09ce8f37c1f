"""What was meant for a machine and shows up as text: HTML entities, tags,
forum code (BBCode) and template placeholders.

Each function reads one text and returns block offsets; whether a reader
sees them is the rule's question. Patterns are linear: character classes
and bounded repeats only.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator
from functools import lru_cache

from govlint import han
from govlint.checks._prose import inside, url_spans
from govlint.checks.garbled.tables import PUNCTUATION_CJK
from govlint.data import data_path, rows

# --------------------------------------------------------------------------- entities

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
# Entities browsers also decode without the semicolon, and editors type that way.
_BARE_ENTITIES = frozenset(
    {"nbsp", "amp", "lt", "gt", "quot", "ldquo", "rdquo", "mdash", "hellip", "middot", "emsp", "ensp"}
)
_SPACES = " \xa0\u2002\u2003\u2009"


def entity_value(entity: str) -> str | None:
    """The character(s) an entity stands for, or None when it is no entity."""
    body = entity[1:]
    if body.startswith("#"):
        return _character_reference(body)
    if not body.endswith(";"):
        return html.entities.html5.get(body) if body in _BARE_ENTITIES else None
    return html.entities.html5.get(body)


def _character_reference(body: str) -> str | None:
    """The character of ``#123;`` or ``#x7b;``, or None when the number is out of range."""
    try:
        number = int(body[2:].rstrip(";"), 16) if body[1:2] in "xX" and len(body) > 1 else int(body[1:].rstrip(";"))
    except ValueError:
        return None
    return chr(number) if 0 < number <= 0x10FFFF else None


def entities(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, suggestion) of each entity in ``text``; a bare one
    (no semicolon) inside a URL is a query string (a=1&amp=2), not one."""
    urls: list[tuple[int, int]] | None = None
    for match in _ENTITY.finditer(text):
        value = entity_value(match.group())
        start, end = match.span()
        if value is None:
            continue
        if not match.group().endswith(";"):
            if urls is None:
                urls = url_spans(text)  # only now: most texts have no bare entity
            if inside(urls, start, end):
                continue
        yield start, end, _entity_suggestion(value, text, start, end)


def _entity_suggestion(value: str, text: str, start: int, end: int) -> str:
    """The entity's character; for a space, nothing beside Chinese text (which has no spaces)."""
    if value.strip(_SPACES) == "":
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        wide = any(ch and (han.is_han(ch) or ch in PUNCTUATION_CJK) for ch in (before, after))
        return "" if wide else " "
    return value


# --------------------------------------------------------------------------- markup


@lru_cache(maxsize=1)
def markup_patterns() -> tuple[re.Pattern[str], ...]:
    """(HTML tags, BBCode, template placeholders), tried in this order; the
    tag and BBCode names are those of markup.txt."""
    table = rows(data_path("garbled/markup.txt"))
    tags = sorted({name for kind, name in table if kind == "html"}, key=len, reverse=True)
    codes = sorted({name for kind, name in table if kind == "bbcode"}, key=len, reverse=True)
    tag = "|".join(tags)
    code = "|".join(codes)
    return (
        re.compile(rf"</?(?:{tag})(?![A-Za-z0-9])(?:\s[^<>\n]{{0,300}})?/?>|<!--", re.I),
        re.compile(rf"\[/?(?:{code})(?:=[^\[\]\n]{{1,200}})?\]", re.I),
        re.compile(
            r"\{\{\s{0,3}[A-Za-z_][\w.]{0,40}\s{0,3}\}\}"  # {{title}}  (Jinja, Mustache)
            r"|\$\{[A-Za-z_][\w.]{0,40}\}"  # ${title}  (FreeMarker, JS)
            r"|\{\$[A-Za-z_][\w.]{0,40}\}"  # {$title}  (Smarty, DedeCMS)
            r"|(?<![\w$])\$[A-Za-z_][A-Za-z0-9_]{1,40}\$(?![\w$])"  # $title$  (TRS, StringTemplate)
            r"|<%=?\s{0,3}[\w.]{1,40}\s{0,3}%>"  # <%= title %>  (ASP, JSP)
            r"|\{dede:[a-z]{1,20}[^{}\n]{0,200}\}"  # {dede:field name='title'/}
        ),
    )


def markup_spans(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of every match of each markup pattern in turn (they may overlap)."""
    for pattern in markup_patterns():
        for match in pattern.finditer(text):
            yield match.span()
