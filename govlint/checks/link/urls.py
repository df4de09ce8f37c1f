"""Link addresses read as text: the host a URL points to, whether it is in a
list of domains (trusted sites, URL shorteners), whether two hosts are one
site, and what makes an address unusable (错链) with the address that was
meant. Pure functions of strings; no network I/O (that is ``probe``)."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urlsplit

from govlint.data import word_list
from govlint.model import Document
from govlint.readers.page_info import registrable
from govlint.rules import Context

# --------------------------------------------------------------------------- hosts and domains


@lru_cache(maxsize=32)
def _trusted(extra: tuple[str, ...]) -> frozenset[str]:
    return word_list("link/trusted-domains.txt") | {d.lower().strip(".") for d in extra}


def trusted_domains(context: Context) -> frozenset[str]:
    """The bundled trusted domains plus the ``trusted_domains`` configuration key."""
    return _trusted(tuple(context.config.trusted_domains))


def known_domains(context: Context, document: Document) -> frozenset[str]:
    """The trusted domains plus the site a page belongs to (its ``SiteDomain``,
    canonical address, or the host its menus link to): a page's links to its
    own site are neither stray nor unknown."""
    trusted = trusted_domains(context)
    site = document.metadata.site
    return trusted | {registrable(site)} if site else trusted


def own_site(host: str, document: Document) -> bool:
    """``host`` belongs to the site the page belongs to."""
    site = document.metadata.site
    return bool(site) and within(host, frozenset({registrable(site)}))


def within(host: str, domains: frozenset[str]) -> bool:
    """``host`` is one of ``domains`` or a subdomain of one."""
    host = host.lower().rstrip(".")
    while True:
        if host in domains:
            return True
        _, dot, host = host.partition(".")
        if not dot:
            return False


def is_shortener(host: str) -> bool:
    return within(host, word_list("link/shorteners.txt"))


def is_share_button(href: str) -> bool:
    """A social platform's share address (service.weibo.com/share/…): a
    page's share button (``dictionaries/link/share-endpoints.txt``)."""
    address = re.sub(r"^(?:https?:)?//", "", href.strip(), flags=re.I).lower()
    return address.startswith(tuple(word_list("link/share-endpoints.txt")))


def host_of(href: str) -> str | None:
    """The host an absolute or protocol-relative http(s) URL points to, else
    None: lower case, an IPv6 literal without its brackets (``::1``), without
    the one trailing dot of a fully qualified name."""
    href = href.strip()
    lowered = href[:8].lower()
    if not (lowered.startswith(("http://", "https://")) or href.startswith("//")):
        return None
    try:
        host = urlsplit(href).hostname
    except ValueError:
        return None
    if host and host.endswith("."):
        host = host[:-1]  # the DNS root: www.gov.cn. is www.gov.cn
    return host or None


def bare_host(url: str) -> str | None:
    """The host of a URL as written in text, where ``http://`` may be left out."""
    return host_of(url if "://" in url else "http://" + url)


def same_site(a: str, b: str) -> bool:
    """One host is the other, or a subdomain of it (``www.`` aside)."""
    a, b = a.lower().removeprefix("www."), b.lower().removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


# --------------------------------------------------------------------------- malformed addresses

_SCHEME_TYPO = re.compile(r"^(?:h{0,2}t{1,3}p{1,2}s?)\s*[:：;]?\s*[/\\／]{1,3}", re.I)


# A host name's shape: labels of letters, digits and any BMP character from
# U+00A0 on, hyphens inside. The classes are written as their complements: a
# class that lists U+00A0-U+FFFF costs re about 2 ms to compile each time it
# occurs (a 64K bitmap filled in Python), its complement a few microseconds.
_LABEL_END = "[^\\x00-/:-@\\[-`{-\\x9f\\U00010000-\\U0010ffff]"  # [A-Za-z0-9\u00a0-\uffff]
_LABEL_INNER = "[^\\x00-,./:-@\\[-`{-\\x9f\\U00010000-\\U0010ffff]"  # the same and "-"
_HOST_OK = re.compile(
    rf"^{_LABEL_END}({_LABEL_INNER}*{_LABEL_END})?(\.{_LABEL_END}({_LABEL_INNER}*{_LABEL_END})?)*$"
)
_FULL_WIDTH = re.compile("[\u3000-\u303f\uff00-\uffef]")


def malformed(href: str) -> str | None:
    """Why a link address cannot work, read from the address alone; None if it may."""
    href = href.strip()
    lowered = href.lower()
    if _stays_on_site(href, lowered):
        return None
    if lowered.startswith("www."):
        return "地址缺少 http:// 或 https://，点开会指向本站下的错误地址"
    if lowered.startswith(("http://", "https://")):
        return _bad_host(_written_host(href))
    if _SCHEME_TYPO.match(href):
        return "网址开头的 http:// 写错了"
    return None


def _stays_on_site(href: str, lowered: str) -> bool:
    """Empty, in-page, relative, mail and telephone addresses: nothing to read a host from."""
    return not href or href.startswith(("#", "/", "./", "../", "?")) or lowered.startswith(("mailto:", "tel:"))


def _written_host(href: str) -> str:
    """The host of an http(s) address as written, without user or port (urlsplit would reject a bad one).
    An IPv6 literal keeps its brackets: ``[::1]``."""
    rest = href.split("://", 1)[1]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = authority.rsplit("@", 1)[-1]
    if host.startswith("["):
        closing = host.find("]")
        if closing >= 0 and re.fullmatch(r"(:\d*)?", host[closing + 1 :]):
            return host[: closing + 1]
        return host  # unclosed, or text after the bracket: not a literal
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _bad_host(host: str) -> str | None:
    """Why a host name cannot resolve, or None. A bracketed IPv6 literal is
    fine when it parses; one trailing dot (the DNS root: ``www.gov.cn.``) is
    fine; an empty label (``a..cn``, a lone ``.``) is not."""
    if host.startswith("["):
        return None if _ipv6_literal(host) else f"IPv6 地址“{host}”不合法"
    if host.endswith(".") and host != ".":
        host = host[:-1]
    if not host:
        return "地址中没有网站域名"
    if _FULL_WIDTH.search(host):
        return "域名中有全角字符（如全角句号、冒号）"
    if " " in host or not _HOST_OK.match(host) or ("." not in host and host.lower() != "localhost"):
        return f"域名“{host}”不合法"
    return None


def _ipv6_literal(host: str) -> bool:
    """``[address]`` or ``[address%25zone]`` (RFC 3986, RFC 6874)."""
    if not host.endswith("]"):
        return False
    address, percent, zone = host[1:-1].partition("%25")
    if percent and not re.fullmatch(r"[A-Za-z0-9._~%-]+", zone):
        return False
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return False
    return True


def fixed(href: str) -> str | None:
    """The address a malformed ``www.`` or mistyped ``http://`` address meant, or None."""
    href = href.strip()
    if href.lower().startswith("www."):
        return "https://" + href
    match = re.match(r"^(https?)\s*[:：;]?\s*[/\\／]{0,3}", href, re.I)
    if match and not href.lower().startswith(("http://", "https://")):
        return f"{match.group(1).lower()}://{href[match.end() :]}"
    return None
