"""What a published page says about its article around it: the headline, the
info line (来源：… 作者：… 发布时间：…) and the site the page belongs to.

A CMS or news page shows the article's facts on the lines between the
headline and the text (``2024-05-15 08:58:52 来源：新华网``), in the
公开 table of a government page (``发布机构``, ``发文日期``) or below the text
(``责任编辑：…``, ``信息来源：…``); the values often stand in an element of
their own (``来源：`` then ``新华网``). This module reads the visible strings
in a window before and after the article element, in document order, with
the one byline list (:mod:`govlint.bylines`) and the one date reader
(:mod:`govlint.dates`). Each value keeps the source range it was read from.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeGuard
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from govlint import bylines
from govlint.data import word_list
from govlint.dates import DateError, parse_datetime
from govlint.model import Element, is_hidden_element
from govlint.readers.soup import NOT_TEXT, Soup, TagIndex, text_range

Position = tuple[int, int]

HEAD_STRINGS = 24  # visible strings before the article: headline, info line, 公开 table
START_STRINGS = 30  # at the start of the article element, where many CMSs put the info line or 公开 table
FOOT_STRINGS = 10  # after it: 责任编辑, 信息来源 lines
_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d\d\s*(?:[-/.]|年)\s*\d{1,2}\s*(?:[-/.]|月)\s*\d{1,2}\s*日?"
    r"(?:\s*\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：分]\s*\d{1,2})?)?(?!\d)"
)
# A label that introduces a date: 发布时间, 发布日期, 发文日期, 时间 ...
_DATE_LABEL = re.compile(r"(?P<label>[\u4e00-\u9fff]{0,4}(?:时间|日期))\s*[:：]")
_PUBLISHED = ("发布", "发稿", "发表", "公开", "上线")  # labels of the publication date, first choice
# Where a credit's value ends inside its string: a date, a date label, a bar, a gap.
_VALUE_END = re.compile(rf"{_DATE.pattern}|[\u4e00-\u9fff]{{0,4}}(?:时间|日期)\s*[:：]|[|｜丨]|\s{{2,}}|\u3000")
_HEADING_CLASS = re.compile(r"(?:^|[-_\s])(?:title|tit|headline|article-?title|news-?title|bt)(?:$|[-_\s\d])", re.I)
_TITLE_ENDS = "_-|｜—–:：(（[【<《"  # what follows a headline in a declared title: the site's name
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|--|——|\s-\s|\s\|\s|｜|\|)\s*")
_SITE_WORDS = ("网", "网站", "频道", "门户", "政府", "客户端", "首页", "官网", "新闻", "平台", "中心")
_SLD = {"com", "net", "org", "gov", "edu", "ac", "mil"}  # second-level labels under country codes
_HEADLINE_GAP = 8  # visible strings between a headline and its article at most
_SITE_NAME = 8  # characters: a declared title this short names the site, not an article
_SITE_LINKS = 10  # absolute links before the commonest host counts as the site's own
_SITE_SHARE = 0.4
# What separates the links of a breadcrumb trail (首页 > 新闻中心 > 正文); not | or /,
# which also separate a list of friends' sites (友情链接).
_CRUMB_SEPARATOR = re.compile(r"[\s\u00a0]*(?:>{1,2}|»|›|→|＞{1,2}|-{1,2}>)[\s\u00a0]*")


@dataclass
class PageInfo:
    """The fields read from the page around the article, with their ranges."""

    values: dict[str, str] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)

    def offer(self, name: str, value: str | None, position: Position | None) -> None:
        """Keep the first value offered for a field."""
        if value and name not in self.values:
            self.values[name] = value
            if position is not None:
                self.positions[name] = position


# -- the visible strings around the article -------------------------------------


@dataclass(frozen=True)
class _Piece:
    """A visible string: its text stripped, and the node it came from."""

    text: str
    node: NavigableString
    offset: int  # of the stripped text within the node


def _visible(node: object) -> TypeGuard[NavigableString]:
    """Text a reader sees: not markup's content, not hidden by an element's
    own attributes (the CSS cascade is the document's, decided later)."""
    return (
        type(node) is NavigableString
        and bool(node.strip())
        and not any(p.name in NOT_TEXT or _hidden(p) for p in node.parents if isinstance(p, Tag))
    )


def _hidden(tag: Tag) -> bool:
    if "style" not in tag.attrs and "hidden" not in tag.attrs:
        return False
    attrs = tuple((k, str(tag.attrs[k])) for k in ("style", "hidden") if k in tag.attrs)
    return is_hidden_element(Element(tag.name, attrs))


def _piece(node: NavigableString) -> _Piece:
    text = str(node)
    return _Piece(text.strip(), node, len(text) - len(text.lstrip()))


def _first_visible(nodes: Iterable[object], limit: int) -> list[_Piece]:
    """The first ``limit`` visible strings among ``nodes``."""
    found: list[_Piece] = []
    for node in nodes:
        if _visible(node):
            found.append(_piece(node))
            if len(found) >= limit:
                break
    return found


def strings_before(tag: Tag, limit: int) -> list[_Piece]:
    """The last ``limit`` visible strings before ``tag``, in document order."""
    return _first_visible(tag.previous_elements, limit)[::-1]


def strings_inside(tag: Tag, limit: int) -> list[_Piece]:
    """The first ``limit`` visible strings inside ``tag``."""
    return _first_visible(tag.descendants, limit)


def strings_after(tag: Tag, limit: int) -> list[_Piece]:
    """The first ``limit`` visible strings after ``tag`` (not inside it)."""
    last: object = tag
    while isinstance(last, Tag) and last.contents:
        last = last.contents[-1]
    return _first_visible(last.next_elements if isinstance(last, (Tag, NavigableString)) else (), limit)


def _range(soup: BeautifulSoup, piece: _Piece, start: int, end: int) -> Position | None:
    """Source range of ``piece.text[start:end]``; of its element's text
    where the parser folded the string's white space."""
    ranges = soup.ranges.get(id(piece.node)) if isinstance(soup, Soup) else None
    if ranges is not None and len(ranges[0]) == len(piece.node) and end > start:
        return int(ranges[0][piece.offset + start]), int(ranges[1][piece.offset + end - 1])
    parent = piece.node.parent
    return text_range(soup, parent) if isinstance(parent, Tag) else None


# -- the info line ------------------------------------------------------------------


@dataclass(frozen=True)
class Around:
    """The visible strings around the article element: before it, at its
    start and after it."""

    before: list[_Piece] = field(default_factory=list)
    start: list[_Piece] = field(default_factory=list)
    after: list[_Piece] = field(default_factory=list)


def around(soup: BeautifulSoup, article: Tag | None, title: Tag | None) -> Around:
    """The strings around the article of a page (the strings after the
    headline where the article is the whole page; none for a draft)."""
    if article is None or article is soup:
        return Around(after=strings_after(title, FOOT_STRINGS)) if title is not None else Around()
    before = strings_before(article, HEAD_STRINGS)
    return Around(before, strings_inside(article, START_STRINGS), strings_after(article, FOOT_STRINGS))


def read_info(soup: BeautifulSoup, near: Around) -> PageInfo:
    """Source, author, editor and date from the strings around the article:
    labelled values (before the article, at its start, after it). The date
    is one labelled as the publication date (发布时间), else one labelled
    otherwise (发文日期, 时间) outside the article's text: at its start, 时间：
    may be a meeting's (see :func:`start_date`)."""
    info = PageInfo()
    for pieces in (near.before, near.start, near.after):
        _credits(soup, pieces, info)
    for pieces in (near.before, near.start, near.after):
        _labelled_date(soup, pieces, info, published_only=True)
    for pieces in (near.before, near.after):
        _labelled_date(soup, pieces, info, published_only=False)
    return info


def start_date(soup: BeautifulSoup, near: Around) -> tuple[str, Position | None] | None:
    """A date labelled otherwise (时间：, 成文日期：) at the start of the article element."""
    info = PageInfo()
    _labelled_date(soup, near.start, info, published_only=False)
    return (info.values["date"], info.positions.get("date")) if "date" in info.values else None


def bare_date(soup: BeautifulSoup, near: Around) -> tuple[str, Position | None] | None:
    """The first date standing alone on the info line (``2022-02-13 07:00:00``)
    just before the article or at its start; a date in a sentence of the
    text is the date of an event, not of the article."""
    lines = near.before[-8:] + near.start
    for piece in lines:
        for match in _DATE.finditer(piece.text):
            alone = len(match.group()) * 2 >= len(piece.text) or piece in near.before
            if alone and _is_date(match.group()):
                return match.group(), _range(soup, piece, match.start(), match.end())
    return None


def _credits(soup: BeautifulSoup, pieces: list[_Piece], info: PageInfo) -> None:
    for k, piece in enumerate(pieces):
        for credit in bylines.credits(piece.text):
            name = {"repost": "source"}.get(credit.field, credit.field)
            if name not in ("source", "author", "editor") or name in info.values:
                continue
            value, _, end = _value(piece.text, credit.label_end, credit.value_end)
            position = _range(soup, piece, credit.start, end)
            if not value and credit.value_end == len(piece.text) and k + 1 < len(pieces):
                value = _value_in(pieces[k + 1])  # 来源： then 新华网 in an element of its own
                following = pieces[k + 1]
                position = _span(
                    _range(soup, piece, credit.start, credit.label_end), _range(soup, following, 0, len(following.text))
                ) if value else position
            info.offer(name, value, position)


def _value(text: str, start: int, end: int) -> tuple[str, int, int]:
    """A credit's value in ``text[start:end]``, cut where a date, a date label,
    a bar or a gap begins; with where it starts and ends in ``text``."""
    cut = _VALUE_END.search(text, start, end)
    stop = cut.start() if cut and cut.start() > start else end
    if cut and cut.start() == start:  # the value is empty: 来源：| 2024-…
        stop = start
    raw = text[start:stop]
    value = bylines.clean_value(raw)
    if not value:
        return "", start, start
    first = start + raw.find(value)
    return value, first, first + len(value)


def _value_in(piece: _Piece) -> str:
    """The next string as a credit's value: short, not itself a label or a date."""
    text = piece.text
    if len(text) > bylines.MAX_CREDIT or _DATE.search(text) or any(bylines.credits(text)) or re.search("[:：]", text):
        return ""
    return _value(text, 0, len(text))[0]


def _span(a: Position | None, b: Position | None) -> Position | None:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def _labelled_date(soup: BeautifulSoup, pieces: list[_Piece], info: PageInfo, published_only: bool) -> None:
    if "date" in info.values:
        return
    for k, piece in enumerate(pieces):
        for label in _DATE_LABEL.finditer(piece.text):
            if published_only != label.group("label").startswith(_PUBLISHED):
                continue
            found = _date_after(soup, piece, label.end())
            if found is None and label.end() >= len(piece.text.rstrip()) and k + 1 < len(pieces):
                found = _date_after(soup, pieces[k + 1], 0)
            if found is not None:
                info.offer("date", *found)
                return


def _date_after(soup: BeautifulSoup, piece: _Piece, start: int) -> tuple[str, Position | None] | None:
    """The date right after ``start`` (spaces aside) in a piece, if it reads as one."""
    match = _DATE.match(piece.text, start + len(piece.text[start:]) - len(piece.text[start:].lstrip()))
    if match and _is_date(match.group()):
        return match.group(), _range(soup, piece, match.start(), match.end())
    return None


def _is_date(text: str) -> bool:
    try:
        parse_datetime(text)
    except DateError:
        return False
    return True


# -- the headline -------------------------------------------------------------------


def normalise_title(text: str) -> str:
    """Compare titles: NFKC, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def headline(soup: Soup, index: TagIndex, article: Tag, references: Iterable[str]) -> Tag | None:
    """The element that shows the article's headline, outside the article
    element, judged by what the page declares its title (``<title>``,
    ``og:title``, ``ArticleTitle``): the heading or ``title``-classed
    element that agrees with it best; else an element just before the
    article whose text agrees with it (a plain ``<div>`` headline); else,
    where the page declares no title but its site's name, the last heading
    before the article, out of the page's header and menus."""
    refs = [r for r in (normalise_title(r) for r in references if r) if len(r) >= 4]
    best, nearest = _headings(soup, index, article, refs)
    if best is not None:
        return best
    before = strings_before(article, HEAD_STRINGS)
    line = _agreeing_line(before, refs)
    if line is not None:
        return line
    # The headline stands right above the article, an info line between;
    # a heading further up is the site's logo or a menu's.
    close = {id(p.node) for p in before[-_HEADLINE_GAP:]}
    if nearest is not None and not any(id(s) in close for s in nearest.find_all(string=True)):
        return None
    # A declared title that the page shows elsewhere (in a 公开 table inside
    # the article) names the article better than a heading; the metadata
    # then takes it. A short one is the site's name (<title>松花江网</title>).
    shown = normalise_title(" ".join(p.text for p in before) + article.get_text())
    if any(len(ref) > _SITE_NAME and ref in shown for ref in refs):
        return None
    return nearest


def _headings(soup: Soup, index: TagIndex, article: Tag, refs: list[str]) -> tuple[Tag | None, Tag | None]:
    """The heading that agrees best with the declared titles, and the last
    plain heading before the article."""
    best: tuple[int, int, Tag] | None = None
    nearest: tuple[int, Tag] | None = None
    start = soup.tag_offset(article)
    for candidate in _heading_candidates(index):
        if candidate is article or article in candidate.parents or candidate in article.parents:
            continue
        text = normalise_title(candidate.get_text())
        if not 4 <= len(text) <= 200:
            continue
        score = max((_agreement(text, ref) for ref in refs), default=0)
        if score and (best is None or (score, len(text)) > (best[0], best[1])):
            best = (score, len(text), candidate)
        offset = soup.tag_offset(candidate)
        if offset < start and (nearest is None or offset > nearest[0]) and _plain_heading(candidate, text):
            nearest = (offset, candidate)
    return (best[2] if best else None), (nearest[1] if nearest else None)


def _agreeing_line(before: list[_Piece], refs: list[str]) -> Tag | None:
    """The element, among those just before the article, whose whole text
    is the declared title's headline."""
    for piece in reversed(before):
        parent = piece.node.parent
        text = normalise_title(piece.text)
        if (
            isinstance(parent, Tag)
            and len(text) >= 4
            and normalise_title(parent.get_text()) == text
            and any(_agreement(text, ref) >= 2 for ref in refs)
        ):
            return parent
    return None


def _plain_heading(tag: Tag, text: str) -> bool:
    """A heading that can stand for the headline: short, out of the page's
    header and menus, and not an info line (no date, no credit)."""
    return len(text) <= 80 and not _in_chrome(tag) and not _DATE.search(text) and not any(bylines.credits(text))


def _in_chrome(tag: Tag) -> bool:
    return any(p.name in ("nav", "header", "footer", "aside", "a") for p in [tag, *tag.parents])


def _heading_candidates(index: TagIndex) -> Iterator[Tag]:
    seen: set[int] = set()
    for selector in ("#activity-name", ".rich_media_title", "h1", "h2", "h3"):
        for tag in index.select(selector):
            if id(tag) not in seen:
                seen.add(id(tag))
                yield tag
    if index.exact:
        by = index.by
        named = [t for kind in "#." for name, tags in by[kind].items() if _HEADING_CLASS.search(name) for t in tags]
    else:
        named = [t for t in index.soup.find_all(True) if _HEADING_CLASS.search(_names(t))]
    for tag in named:
        if id(tag) not in seen:
            seen.add(id(tag))
            yield tag


def _names(tag: Tag) -> str:
    classes = tag.get("class") or []
    return " ".join(classes if isinstance(classes, list) else [str(classes)]) + " " + str(tag.get("id") or "")


def _agreement(text: str, reference: str) -> int:
    """3: the same text; 2: the heading is the start of the declared title
    (which adds the site's name); 1: inside it; 0: unrelated."""
    if text == reference:
        return 3
    if reference.startswith(text) and reference[len(text)] in _TITLE_ENDS:
        return 2
    return 1 if text in reference and len(text) * 2 >= len(reference) else 0


def strip_site_name(title: str, site_names: Iterable[str]) -> str:
    """A declared ``<title>`` without the site and column names CMSs append
    (``标题_频道_某某网``): trailing segments that name a site or are short."""
    names = {normalise_title(n) for n in site_names if n}
    parts = _TITLE_SEPARATORS.split(title.strip())
    while len(parts) > 1:
        last = parts[-1].strip()
        head = " ".join(parts[:-1])
        sitey = normalise_title(last) in names or last.endswith(_SITE_WORDS) or not re.search(r"[\u4e00-\u9fff]", last)
        if not (sitey or (len(last) <= 8 and len(head) >= 8)):
            break
        parts = parts[:-1]
    return _rejoin(title, parts)


def _rejoin(title: str, parts: list[str]) -> str:
    """The leading ``parts`` as they stand in ``title`` (separators kept)."""
    if not parts:
        return title.strip()
    end = 0
    for part in parts:
        end = title.index(part, end) + len(part)
    return title[:end].strip()


# -- the site -----------------------------------------------------------------------

_DECLARED_SITE = ("sitedomain", "og:url", "url", "canonical")


def site_host(soup: BeautifulSoup, declared: dict[str, str]) -> str | None:
    """The host of the site the page belongs to, or None where none is
    known or the page is an account's post on a platform (WeChat, Weibo …:
    ``dictionaries/link/platform-hosts.txt``)."""
    host = _site_host(soup, declared)
    if host is None or _on_platform(host):
        return None
    return host


def _on_platform(host: str) -> bool:
    platforms = word_list("link/platform-hosts.txt")
    labels = host.lower().split(".")
    return any(".".join(labels[k:]) in platforms for k in range(len(labels) - 1))


def _site_host(soup: BeautifulSoup, declared: dict[str, str]) -> str | None:
    """Declared (``SiteDomain``, ``og:url``, a canonical link, ``<base
    href>``, a browser's ``saved from url`` comment), else the host that most
    of the page's own links point to (a site's menus link to itself)."""
    for key in _DECLARED_SITE:
        host = _host(declared.get(key, ""))
        if host:
            return host
    for tag in soup.find_all(["link", "base"], href=True):
        if tag.name == "base" or "canonical" in (tag.get("rel") or []):
            host = _host(str(tag["href"]))
            if host:
                return host
    # A browser writes its "saved from" comment at the top of the file.
    top = [*soup.contents[:4], *(soup.html.contents[:4] if soup.html is not None else [])]
    for comment in (node for node in top if isinstance(node, Comment) and "saved from url=" in node):
        host = _host(re.sub(r"^.*?saved from url=\(\d+\)", "", str(comment)).strip())
        if host:
            return host
    return _commonest_host(soup) or _breadcrumb_host(soup)


def _host(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if "://" not in value and not value.startswith("//"):
        value = "//" + value  # SiteDomain is often a bare host
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None
    return host if host and "." in host else None


def _commonest_host(soup: BeautifulSoup) -> str | None:
    hosts = Counter(
        registrable(host)
        for host in (_host(str(a["href"])) for a in soup.find_all("a", href=True) if "//" in str(a["href"]))
        if host
    )
    total = sum(hosts.values())
    if total < _SITE_LINKS:
        return None
    host, count = hosts.most_common(1)[0]
    return host if count >= _SITE_SHARE * total else None


def _breadcrumb_host(soup: BeautifulSoup) -> str | None:
    """The host of the first breadcrumb trail (two or more links joined by
    arrows: 首页 >> 新闻中心 >> 正文) whose absolute links all go to one
    site. A breadcrumb is the site's own navigation, so that site is the
    page's, where a page declares none and its menus link by relative paths."""
    for link in soup.find_all("a", href=True):
        hosts, links, node = [], 0, link
        while isinstance(node, Tag) and node.name == "a" and node.get("href") is not None:
            links += 1
            href = str(node["href"])
            hosts.append(_host(href) if "//" in href else "")  # a relative link: the same site
            separator = node.next_sibling
            if not (isinstance(separator, NavigableString) and _CRUMB_SEPARATOR.fullmatch(str(separator))):
                break
            node = separator.next_sibling
        absolute = [host for host in hosts if host]
        if links >= 2 and absolute and None not in hosts and len({registrable(h) for h in absolute}) == 1:
            return absolute[0]
    return None


def registrable(host: str) -> str:
    """The site a host belongs to: its last two labels, three under a
    country code's com/gov/org… (news.sina.com.cn -> sina.com.cn)."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SLD:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
