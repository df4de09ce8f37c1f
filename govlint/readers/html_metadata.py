"""An HTML page's article metadata (title, account, author, date, 原创/转载 ...).

A page states its article's facts in several places, and each field takes
the first that has it, in an order chosen for what a reader of the page
sees:

- the page's ``<meta>`` tags, among them those the 政府网站发展指引 asks
  government sites to carry (``ArticleTitle``, ``PubDate``,
  ``ContentSource``, ``SiteName``, ``SiteDomain``, ``ColumnName``);
- the info line around the article (``来源：新华网``, ``发布时间：…``,
  ``责任编辑：…``), read by :mod:`govlint.readers.page_info`; it outranks
  the meta tags, which CMSs fill at re-publication or with ids;
- WeChat's header (``#js_name``, ``#js_author_name``, the 原创 badge
  ``meta_original_tag``, the publish time or the ``ct`` timestamp of its
  script);
- for the title, the visible headline that agrees with the declared title,
  else the declared title without the site's name.

Positions point at the declaration, so findings about metadata can point
there too.
"""

from __future__ import annotations

import re
from datetime import datetime

from bs4 import BeautifulSoup, Tag

from govlint import bylines
from govlint.dates import SHANGHAI
from govlint.model import Metadata
from govlint.readers import page_info
from govlint.readers.soup import TagIndex, start_tag_range, text_range

Position = tuple[int, int]

# Field -> meta names/properties, lower-cased, in order of preference.
_META_FIELDS = {
    "title": ("articletitle", "og:title", "title", "dc.title", "twitter:title"),
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
    "label": ("#copyright_logo", ".meta_original_tag"),
}
# The platform's own name, which WeChat pages declare as og:site_name.
_PLATFORMS = {"微信公众平台", "微信", "weixin"}
# WeChat's script keeps the publish time when the page shows none (a saved page).
_WECHAT_TIME = re.compile(r"""\b(?:var\s+)?(?:ct|publish_time|createTime)\s*=\s*["'](?P<value>[^"']{6,30})["']""")


def read_metadata(
    soup: BeautifulSoup,
    title_tag: Tag | None,
    index: TagIndex | None = None,
    body: Tag | None = None,
    declared: dict[str, tuple[str, Tag]] | None = None,
) -> Metadata:
    """The page's metadata; ``title_tag`` is the visible headline the reader
    found, ``body`` the article element (None or the soup: a draft) and
    ``declared`` the page's meta tags (:func:`meta_tags`)."""
    index = index or TagIndex(soup)
    declared = meta_tags(soup) if declared is None else declared
    fields = _Fields()
    near = page_info.around(soup, body, title_tag)
    info = page_info.read_info(soup, near)
    fields.offer_tag("title", title_tag, soup)
    fields.offer("account", *marker_fields(soup, index, ["account"]).get("account", (None, None)))
    for name in ("source", "author", "editor", "date"):
        fields.offer(name, info.values.get(name), info.positions.get(name))
    for name, keys in _META_FIELDS.items():
        fields.offer_meta(name, keys, declared, soup)
    missing = [name for name in _WECHAT_FIELDS if not fields.values.get(name)]
    for name, (value, position) in marker_fields(soup, index, missing).items():
        fields.offer(name, value, position)
    if "date" not in fields.values:
        fields.offer("date", *_wechat_time(soup, index))
        fields.offer("date", *(page_info.start_date(soup, near) or (None, None)))
        fields.offer("date", *(page_info.bare_date(soup, near) or (None, None)))
    if body is not None and body is not soup:
        fields.offer("title", *_declared_title(soup, declared))
    fields.offer("title", visible_title(soup), None)
    values = fields.values
    values["label"] = _label(values.get("label"))
    site = page_info.site_host(soup, {k: v for k, (v, _) in declared.items()})
    return Metadata(**{k: values.get(k) for k in _META_FIELDS}, site=site, positions=fields.positions)


class _Fields:
    """Field values with where each was declared; the first offer wins."""

    def __init__(self) -> None:
        self.values: dict[str, str | None] = {}
        self.positions: dict[str, Position] = {}

    def offer(self, name: str, value: str | None, position: Position | None) -> None:
        value = _clean(name, value)
        if value and not self.values.get(name):
            self.values[name] = value
            if position is not None:
                self.positions[name] = position

    def offer_tag(self, name: str, tag: Tag | None, soup: BeautifulSoup) -> None:
        if tag is not None and tag.get_text(strip=True):
            self.offer(name, _squeeze(tag.get_text()), text_range(soup, tag))

    def offer_meta(
        self, name: str, keys: tuple[str, ...], declared: dict[str, tuple[str, Tag]], soup: BeautifulSoup
    ) -> None:
        for key in keys:
            if key in declared:
                value, tag = declared[key]
                if name == "title" and key != "articletitle":
                    value = page_info.strip_site_name(value, _site_names(declared))
                self.offer(name, value, start_tag_range(soup, tag))
                if self.values.get(name):
                    return


def _clean(name: str, value: str | None) -> str | None:
    """A declared value as the field holds it, or None where it names nothing."""
    if not value:
        return None
    value = _squeeze(value)
    if name == "source":
        value = re.sub(rf"^(?:{'|'.join(bylines.labels('source'))})\s*[:：]\s*", "", value)
        value = bylines.clean_value(value)
    if name == "account" and value.lower() in _PLATFORMS:
        return None
    if name == "author" and not _is_name(value):
        return None
    return value or None


def _is_name(value: str) -> bool:
    """An author worth showing: not a CMS's user id (``105464``,
    ``L_104485``) or a list of the site's domains (``www.yunnan.cn,…``)."""
    return not (re.fullmatch(r"[\w.-]*\d[\w.-]*", value, re.ASCII) or "www." in value)


def declared_titles(soup: BeautifulSoup, declared: dict[str, tuple[str, Tag]]) -> list[str]:
    """What the page declares its title: ``ArticleTitle``, ``og:title``, ``<title>``."""
    titles = [declared[k][0] for k in ("articletitle", "og:title") if k in declared]
    title = soup.find("title")
    return [*titles, title.get_text()] if title is not None else titles


def _declared_title(soup: BeautifulSoup, declared: dict[str, tuple[str, Tag]]) -> tuple[str | None, Position | None]:
    """A page's ``<title>`` without the site's name, where nothing better names the article."""
    title = soup.find("title")
    if title is None or not title.get_text(strip=True):
        return None, None
    return page_info.strip_site_name(_squeeze(title.get_text()), _site_names(declared)), text_range(soup, title)


def _site_names(declared: dict[str, tuple[str, Tag]]) -> list[str]:
    return [declared[k][0] for k in ("sitename", "og:site_name", "columnname") if k in declared]


def meta_tags(soup: BeautifulSoup) -> dict[str, tuple[str, Tag]]:
    """Lower-cased meta name -> (content, tag) of the first such tag with content."""
    found: dict[str, tuple[str, Tag]] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("name") or tag.get("property") or tag.get("itemprop") or "").strip().lower()
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
        for marker in index.select(selector):
            if marker.get_text(strip=True):
                return marker
    return None


def _wechat_time(soup: BeautifulSoup, index: TagIndex) -> tuple[str | None, Position | None]:
    """The publish time a saved WeChat page keeps only in its script."""
    if index.select_one("#js_content") is None:
        return None, None
    for script in soup.find_all("script"):
        match = _WECHAT_TIME.search(script.get_text())
        if match:
            value = match.group("value").strip()
            if value.isdigit() and len(value) in (10, 13):
                moment = datetime.fromtimestamp(int(value) / (1000 if len(value) == 13 else 1), SHANGHAI)
                value = moment.strftime("%Y-%m-%d %H:%M")
            return value, start_tag_range(soup, script)
    return None, None


def visible_title(soup: BeautifulSoup) -> str | None:
    """The title of a draft (the article's headline is offered first): the
    first ``<h1>``, else the ``<title>``."""
    heading = soup.find("h1")
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
