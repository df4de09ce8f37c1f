"""An HTML page's article metadata (title, account, author, date, 原创/转载 ...).

Each field comes from the first source that has it: the page's ``<meta>``
tags, then the marker elements WeChat exports carry (``#js_name``,
``#publish_time`` ...), then, for the title only, the visible heading or the
``<title>``. Each reader below reads one source; positions point at the
declaration, so findings about metadata can point there too.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from govlint.model import Metadata
from govlint.readers.soup import TagIndex, start_tag_range, text_range

Position = tuple[int, int]

# Field -> meta names/properties, lower-cased, in order of preference.
_META_FIELDS = {
    "title": ("og:title", "articletitle", "title", "dc.title"),
    "account": ("sitename", "og:site_name", "account", "govlint:account"),
    "author": ("author", "articleauthor", "dc.creator"),
    "editor": ("editor", "responsibleeditor"),
    "date": ("pubdate", "publishdate", "article:published_time", "firstpublishedtime", "date", "dc.date"),
    "label": ("label", "govlint:label", "copyright"),
    "source": ("contentsource", "source", "og:source", "articlesource"),
}
# Field -> WeChat's marker elements, in order of preference.
_WECHAT_FIELDS = {
    "title": ("#activity-name", ".rich_media_title"),
    "account": ("#js_name", ".profile_nickname"),
    "author": ("#js_author_name", "#meta_content span.rich_media_meta_text"),
    "date": ("#publish_time",),
    "label": ("#copyright_logo",),
}


def read_metadata(soup: BeautifulSoup, title_tag: Tag | None, index: TagIndex | None = None) -> Metadata:
    """The page's metadata; ``title_tag`` is the visible title the reader found."""
    values, positions = meta_tag_fields(soup)
    missing = [name for name in _WECHAT_FIELDS if not values.get(name)]
    for name, (value, position) in marker_fields(soup, index or TagIndex(soup), missing).items():
        values[name], positions[name] = value, position
    if not values.get("title"):
        values["title"] = visible_title(soup, title_tag)
    values["label"] = _label(values.get("label"))
    return Metadata(**values, positions=positions)


def meta_tag_fields(soup: BeautifulSoup) -> tuple[dict[str, str | None], dict[str, Position]]:
    """Every field (None where absent) from ``<meta name|property content>``,
    with the range of the start tag each was read from."""
    declared = _meta_tags(soup)
    values: dict[str, str | None] = {}
    positions: dict[str, Position] = {}
    for field_name, keys in _META_FIELDS.items():
        key = next((k for k in keys if k in declared), None)
        values[field_name] = declared[key][0] if key is not None else None
        if key is not None:
            positions[field_name] = start_tag_range(soup, declared[key][1])
    return values, positions


def _meta_tags(soup: BeautifulSoup) -> dict[str, tuple[str, Tag]]:
    """Lower-cased meta name -> (content, tag) of the first such tag with content."""
    found: dict[str, tuple[str, Tag]] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or "").strip().lower()
        content = tag.get("content")
        if key and isinstance(content, str) and content.strip():
            found.setdefault(key, (content.strip(), tag))
    return found


def marker_fields(soup: BeautifulSoup, index: TagIndex, names: list[str]) -> dict[str, tuple[str, Position]]:
    """The ``names`` fields WeChat's marker elements give, with the range of their text."""
    found: dict[str, tuple[str, Position]] = {}
    for name in names:
        marker = _first_marker(index, _WECHAT_FIELDS[name])
        if marker is not None:
            found[name] = (_squeeze(marker.get_text()), text_range(soup, marker))
    return found


def _first_marker(index: TagIndex, selectors: tuple[str, ...]) -> Tag | None:
    for selector in selectors:
        marker = index.select_one(selector)
        if marker is not None and marker.get_text(strip=True):
            return marker
    return None


def visible_title(soup: BeautifulSoup, title_tag: Tag | None) -> str | None:
    """The title readers see: the article's heading, else the first ``<h1>``,
    else the ``<title>``."""
    heading = title_tag or soup.find("h1")
    title = heading if heading is not None else soup.find("title")
    if title is not None and title.get_text(strip=True):
        return _squeeze(title.get_text())
    return None


def _label(label: str | None) -> str | None:
    """原创 or 转载 from a declared label such as ``原创声明``; None if neither."""
    if not label or label in ("原创", "转载"):
        return label
    return "原创" if "原创" in label else "转载" if "转载" in label else None


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
