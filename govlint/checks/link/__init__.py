"""Check ``link`` (不明链接, 暗链, 错链): links readers should not meet.

Trusted domains (``dictionaries/link/trusted-domains.txt`` plus the
``trusted_domains`` configuration key) cover their subdomains. Relative links
stay on the publishing site and are fine. Links outside the article body
(navigation, footers) are checked for hiding only: spam is injected
anywhere, but the page chrome is not the editor's draft. No rule does
network I/O unless ``check_links`` is set (``--check-links``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from govlint.checks._prose import LETTER, letter_count
from govlint.data import word_list
from govlint.model import Block, Document, Link, Run
from govlint.readers.css import background_known, resolver_for
from govlint.rules import Context, Hit, Severity, Stage, rule

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
_BODY_KINDS = frozenset({"paragraph", "list_item", "quote"})
_FIRST_PARAGRAPH_WORDS = 20  # a shorter line at the top is a title, a lead-in or a stray link
_HIDDEN_TEXT_WORDS = 4  # hidden stretches shorter than this are editor leftovers, not spam
_STOP = r"\s<>\"'\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_TLDS = r"com|cn|net|org|gov|edu|cc|top|vip|xyz|info|io|me|tv|co|biz|site|online|shop|club|app|hk|tw"
_BARE_URL = re.compile(
    rf"(?<![\w@./-])(?:(?:https?|ftp)://[^{_STOP}]+"
    rf"|www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#][^{_STOP}]*)?"
    rf"|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{_TLDS})(?![\w.-])(?:/[^{_STOP}]*)?)",
    re.I,
)
_TRAILING = ".,;:!?)]}'\""


# --------------------------------------------------------------------------- domains


@lru_cache(maxsize=32)
def _trusted(extra: tuple[str, ...]) -> frozenset[str]:
    return word_list("link/trusted-domains.txt") | {d.lower().strip(".") for d in extra}


def trusted_domains(context: Context) -> frozenset[str]:
    return _trusted(tuple(context.config.trusted_domains))


def _in(host: str, domains: frozenset[str]) -> bool:
    """``host`` is one of ``domains`` or a subdomain of one."""
    host = host.lower().rstrip(".")
    while True:
        if host in domains:
            return True
        _, dot, host = host.partition(".")
        if not dot:
            return False


def is_shortener(host: str) -> bool:
    return _in(host, word_list("link/shorteners.txt"))


def host_of(href: str) -> str | None:
    """The host an absolute or protocol-relative http(s) URL points to, else None."""
    href = href.strip()
    lowered = href[:8].lower()
    if not (lowered.startswith(("http://", "https://")) or href.startswith("//")):
        return None
    try:
        host = urlsplit(href).hostname
    except ValueError:
        return None
    return host.rstrip(".") if host else None


def _bare_host(url: str) -> str | None:
    return host_of(url if "://" in url else "http://" + url)


# --------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class _Bare:
    """A URL written as plain text in a body block."""

    block: Block
    start: int
    end: int
    url: str
    host: str | None


@dataclass(frozen=True)
class _Links:
    """What every link rule needs, computed once per document."""

    hidden: dict[int, str]  # id(link) -> the technique that hides it
    top_end: int  # source offset where the head of the article ends (-1: no body paragraph)
    bare: tuple[_Bare, ...]


_CACHE: dict[int, tuple[Document, _Links]] = {}


def _facts(document: Document) -> _Links:
    cached = _CACHE.get(id(document))
    if cached is not None and cached[0] is document:
        return cached[1]
    facts = _Links(_hidden_links(document), _top_end(document), tuple(_bare_urls(document)))
    _CACHE.clear()
    _CACHE[id(document)] = (document, facts)
    return facts


def _hidden_links(document: Document) -> dict[int, str]:
    resolver = resolver_for(document)  # for the links' own elements: a run's style is decided already
    known = background_known(document)
    blocks = document.blocks
    anchors: dict[int, dict[int, list[Run]]] = {}  # block index -> id(<a>) -> its runs
    hidden: dict[int, str] = {}
    for link in document.links:
        reason = None
        if link.elements:
            reason = resolver.style(link.elements).hidden_reason(known)
        if reason is None and link.hidden:
            reason = "hidden"
        if reason is None and link.elements and link.block is not None and 0 <= link.block < len(blocks):
            block = blocks[link.block]
            if link.block not in anchors:
                anchors[link.block] = _runs_by_anchor(block)
            runs = anchors[link.block].get(id(link.elements[-1]), [])
            reason = _hidden_text(block, runs)
        if reason is None and _ZERO_WIDTH_RE.search(link.text):
            visible = _ZERO_WIDTH_RE.sub("", link.text).strip()
            if not visible:
                reason = "zero-width"
        if reason is not None:
            hidden[id(link)] = reason
    return hidden


def _runs_by_anchor(block: Block) -> dict[int, list[Run]]:
    """The runs of a block under each ``<a>`` element, in one pass."""
    found: dict[int, list[Run]] = {}
    for run in block.runs:
        for element in run.elements:
            if element.tag == "a":
                found.setdefault(id(element), []).append(run)
    return found


def _hidden_text(block: Block, runs: list[Run]) -> str | None:
    """Why all the text of a link (its ``runs`` in ``block``) is invisible, if it is."""
    reasons = []
    for run in runs:
        if not LETTER.search(block.text, run.start, run.end):
            continue
        reason = _run_hiding(run)
        if reason is None:
            return None
        reasons.append(reason)
    return reasons[0] if reasons else None


def _words(block: Block) -> int:
    return letter_count(block.text)


def _top_end(document: Document) -> int:
    """Source offset of the third character of the first real body paragraph."""
    link_words: dict[int, int] = {}
    for link in document.links:
        if link.block is not None:
            link_words[link.block] = link_words.get(link.block, 0) + letter_count(link.text)
    for block in document.body_blocks:
        if block.kind not in _BODY_KINDS:
            continue
        words = _words(block)
        if words >= _FIRST_PARAGRAPH_WORDS and link_words.get(block.index, 0) * 2 < words:
            return block.source_range(min(2, len(block.text) - 1), min(3, len(block.text)))[0]
    return -1


def _bare_urls(document: Document) -> Iterator[_Bare]:
    """URLs in visible body text that no link encloses (HTML or Markdown)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for link in document.links:  # sorted by start
        if link.block is not None:
            spans.setdefault(link.block, []).append((link.start, link.end))
    for block in document.body_blocks:
        if block.kind == "code" or "." not in block.text:
            continue
        links = spans.get(block.index, [])
        link_starts = [a for a, _ in links]
        for match in _BARE_URL.finditer(block.text):
            url = match.group().rstrip(_TRAILING)
            start, end = match.start(), match.start() + len(url)
            if block.quiet_at(start):
                continue
            offset = block.starts[start]
            nearest = bisect.bisect_right(link_starts, offset) - 1
            if nearest >= 0 and links[nearest][0] <= offset < links[nearest][1]:
                continue
            yield _Bare(block, start, end, url, _bare_host(url))


def _visible_body_links(document: Document) -> Iterator[Link]:
    hidden = _facts(document).hidden
    for link in document.links:
        if link.in_body and id(link) not in hidden:
            yield link


def _at_top(link_start: int, facts: _Links) -> bool:
    return link_start < facts.top_end


def _rule_active(context: Context, rule_id: str) -> bool:
    from govlint.checks import active_rules  # the registry, loaded by the time a rule runs

    return any(r.id == rule_id for r in active_rules(context.config))


def _stray_links(document: Document, context: Context) -> Iterator[Link]:
    facts = _facts(document)
    trusted = trusted_domains(context)
    for link in _visible_body_links(document):
        host = host_of(link.href)
        if host and _at_top(link.start, facts) and not _in(host, trusted):
            yield link


def _stray_bare(document: Document, context: Context) -> Iterator[_Bare]:
    facts = _facts(document)
    trusted = trusted_domains(context)
    for bare in facts.bare:
        start, _ = bare.block.source_range(bare.start, bare.end)
        if bare.host and _at_top(start, facts) and not _in(bare.host, trusted):
            yield bare


def _link_hit(link: Link, message: str, suggestion: str | None = None) -> Hit:
    return Hit(link.start, link.end, message, suggestion)


# --------------------------------------------------------------------------- rules


@rule(
    "link.top-stray",
    name="stray-top-link",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="正文开头出现不明链接或网址",
)
def top_stray(document: Document, context: Context) -> Iterator[Hit]:
    """A link or a bare URL to an untrusted domain stands at the head of the article.

    The head is everything before the first body paragraph and the very
    start of that paragraph. Monitoring reports cite articles that open with
    an unknown link (the 普安之声 case): a gambling or advertising link
    pasted from another page, or injected into the draft. Links to trusted
    domains (gov.cn, the central media, mp.weixin.qq.com and what the
    configuration adds) and relative links are fine.

    **Bad**

    ```html
    <p style="text-align: center;"><a href="http://www.example-bet88.com">点击进入官方网站，注册即送体验金</a></p>
    <p>11月19日，普安县召开秋冬季农业生产暨乡村振兴重点工作推进会，安排部署下一阶段重点工作。</p>
    ```

    **Good**

    ```html
    <p>11月19日，普安县召开秋冬季农业生产暨乡村振兴重点工作推进会，安排部署下一阶段重点工作。</p>
    <p>相关政策可登录<a href="https://www.gov.cn/zhengce/">中国政府网</a>查询。</p>
    ```
    """
    for link in _stray_links(document, context):
        host = host_of(link.href)
        yield _link_hit(link, f"正文开头有指向不明网站（{host}）的链接，请核实并删除")
    for bare in _stray_bare(document, context):
        yield Hit.in_block(bare.block, bare.start, bare.end, f"正文开头有不明网址（{bare.host}），请核实并删除")


_HIDING = {
    "hidden": "hidden 属性或隐藏样式",
    "display:none": "display:none",
    "visibility:hidden": "visibility:hidden",
    "opacity:0": "opacity:0",
    "font-size:0": "字号为 0",
    "color:transparent": "透明文字颜色",
    "color=background": "文字颜色与背景色相同",
    "zero-width": "零宽字符",
}


def _hiding(reason: str) -> str:
    return _HIDING.get(reason, reason)


@rule(
    "link.hidden",
    name="hidden-link",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="页面中有读者看不见的暗链或隐藏文字",
)
def hidden(document: Document, context: Context) -> Iterator[Hit]:
    """A link or text is hidden from readers (暗链).

    Injected gambling and porn SEO spam hides its links with
    ``display:none``, ``visibility:hidden``, ``font-size:0``, ``opacity:0``,
    a zero width or height with ``overflow:hidden``, far off-screen
    positioning or text indent, text coloured like its background, the
    ``hidden`` attribute, or link text made of zero-width characters. Search
    engines still read such links; readers never see them. Links anywhere
    in the page count, footers and navigation included, when they lead to
    another site outside the trusted list (hidden skip links, ``javascript:``
    handles and menus of the site itself are page machinery); hidden body
    text of four characters or more counts too.

    **Bad**

    ```html
    <p>要深入开展村庄清洁行动，扎实推进农村户厕改造。<span style="display:none"><a href="http://www.example-bet88.com/app/">线上娱乐平台下载</a></span></p>
    ```

    **Good**

    ```html
    <p>要深入开展村庄清洁行动，扎实推进农村户厕改造。详见<a href="https://www.gov.cn/zhengce/">中国政府网</a>。</p>
    ```
    """
    facts = _facts(document)
    trusted = trusted_domains(context)
    for link in document.links:
        reason = facts.hidden.get(id(link))
        host = host_of(link.href)
        # Hidden links within the site (skip links, script handles of the
        # WeChat page, menus) and to trusted sites are page machinery.
        if reason is not None and host is not None and not _in(host, trusted):
            where = "隐藏链接" if link.in_body else "页面正文外的隐藏链接"
            target = link.href.strip()
            yield _link_hit(link, f"{where}（{_hiding(reason)}）指向 {target}，疑为暗链，请删除")
    for block in document.body_blocks:
        yield from _hidden_text_runs(block)


def _run_hiding(run: Run) -> str | None:
    """How the reader found a run hidden (the technique), or None."""
    return run.hiding or ("hidden" if run.hidden else None)


def _hidden_text_runs(block: Block) -> Iterator[Hit]:
    start = end = -1
    reason = ""
    for run in block.runs:
        why = None if any(e.tag == "a" for e in run.elements) else _run_hiding(run)
        if why is not None and (start < 0 or run.start <= end + 1):
            if start < 0:
                start, reason = run.start, why
            end = run.end
            continue
        if start >= 0 and letter_count(block.text, start, end) >= _HIDDEN_TEXT_WORDS:
            yield Hit.in_block(block, start, end, _hidden_text_message(reason))
        start = end = -1
        if why is not None:
            start, end, reason = run.start, run.end, why
    if start >= 0 and letter_count(block.text, start, end) >= _HIDDEN_TEXT_WORDS:
        yield Hit.in_block(block, start, end, _hidden_text_message(reason))


def _hidden_text_message(reason: str) -> str:
    return f"正文中有读者看不见的隐藏文字（{_hiding(reason)}），疑为暗链内容，请删除"


@rule(
    "link.unknown-domain",
    name="unknown-domain",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="正文链接指向可信名单以外的网站",
)
def unknown_domain(document: Document, context: Context) -> Iterator[Hit]:
    """A body link points to a domain outside the trusted list.

    Government posts link to government sites, the central media and
    official accounts; a link elsewhere needs a second look before
    publishing. Add your own sites with ``trusted_domains`` in the
    configuration. Links at the head of the article are reported by
    ``link.top-stray``, short links by ``link.shortener``, hidden ones by
    ``link.hidden``.

    **Bad**

    ```html
    <p>报名方式详见<a href="https://www.example-training.com/signup">培训报名平台</a>。</p>
    ```

    **Good**

    ```html
    <p>详见<a href="https://www.gov.cn/fuwu/">中国政府网服务频道</a>和<a href="/zwgk/">本站政务公开栏目</a>。</p>
    ```
    """
    facts = _facts(document)
    trusted = trusted_domains(context)
    skip_top = _rule_active(context, "link.top-stray")
    for link in _visible_body_links(document):
        host = host_of(link.href)
        if not host or _in(host, trusted) or is_shortener(host):
            continue
        if skip_top and _at_top(link.start, facts):
            continue
        yield _link_hit(link, f"链接指向可信名单以外的网站（{host}），请核实")


@rule(
    "link.javascript",
    name="javascript-link",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="正文链接是 javascript: 脚本",
)
def javascript(document: Document, context: Context) -> Iterator[Hit]:
    """A body link runs a ``javascript:`` script instead of opening a page.

    Pasted from a web page, such a link does nothing for readers, or runs
    someone else's script.

    **Bad**

    ```html
    <p>详见<a href="javascript:void(0)">实施方案全文</a>。</p>
    ```

    **Good**

    ```html
    <p>详见<a href="/zwgk/zcwj/202611/t20261118_1.html">实施方案全文</a>。</p>
    ```
    """
    for link in _visible_body_links(document):
        if link.href.strip().lower().startswith("javascript:") and link.text.strip():
            yield _link_hit(link, "链接是 javascript: 脚本，读者点开无效，请改为实际网址")


@rule(
    "link.empty",
    name="empty-link",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="正文链接地址为空",
)
def empty(document: Document, context: Context) -> Iterator[Hit]:
    """A body link has an empty address (``href=""`` or ``#``).

    The editor meant to link something and never filled in the address.
    In-page anchors (``#part2``) and named anchors without ``href`` are fine.

    **Bad**

    ```html
    <p>详见<a href="#">实施方案全文</a>。</p>
    ```

    **Good**

    ```html
    <p>详见<a href="#fj1">附件1</a>。<a name="_GoBack"></a></p>
    ```
    """
    for link in _visible_body_links(document):
        if link.elements and link.elements[-1].tag == "a" and link.elements[-1].attr("href") is None:
            continue  # a named anchor, not a link
        if link.href.strip() in ("", "#") and link.text.strip():
            yield _link_hit(link, "链接地址为空，读者点开无效，请补上网址或删除链接")


@rule(
    "link.text-mismatch",
    name="link-text-mismatch",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="链接文字中的网址与实际链接地址不符",
)
def text_mismatch(document: Document, context: Context) -> Iterator[Hit]:
    """The visible text of a link is a URL of another domain than the link's address.

    Readers trust the address they see; a link that shows one site and opens
    another is how phishing works, and how a copy-pasted link goes wrong.

    **Bad**

    ```html
    <p>网址：<a href="http://www.example-bet88.com/">www.gov.cn</a></p>
    ```

    **Good**

    ```html
    <p>网址：<a href="https://www.gov.cn/">www.gov.cn</a></p>
    ```
    """
    for link in _visible_body_links(document):
        shown = _BARE_URL.search(link.text)
        target = host_of(link.href)
        if shown is None or target is None:
            continue
        shown_host = _bare_host(shown.group().rstrip(_TRAILING))
        if shown_host and not _same_site(shown_host, target):
            yield _link_hit(link, f"链接文字显示 {shown_host}，实际却指向 {target}，请核实")


def _same_site(a: str, b: str) -> bool:
    a, b = a.lower().removeprefix("www."), b.lower().removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


@rule(
    "link.shortener",
    name="short-link",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="正文使用短链接，读者看不出链接去向",
)
def shortener(document: Document, context: Context) -> Iterator[Hit]:
    """A body link or URL goes through a URL shortener (t.cn, url.cn, dwz.cn, bit.ly ...).

    A short link hides where it leads, so neither the reviewer nor the reader
    can tell whether it is an official site, and it breaks when the service
    closes. Give the full address.

    **Bad**

    ```html
    <p>报名入口：<a href="https://t.cn/A6xYz12">点击报名</a></p>
    ```

    **Good**

    ```html
    <p>报名入口：<a href="https://www.gov.cn/fuwu/">点击报名</a></p>
    ```
    """
    for link in _visible_body_links(document):
        host = host_of(link.href)
        if host and is_shortener(host):
            yield _link_hit(link, f"使用了短链接（{host}），读者看不出链接去向，请改用完整网址")
    for bare in _facts(document).bare:
        if bare.host and is_shortener(bare.host):
            yield Hit.in_block(bare.block, bare.start, bare.end, f"使用了短链接（{bare.host}），请改用完整网址")


@rule(
    "link.insecure",
    name="insecure-link",
    severity=Severity.NOTICE,
    stage=Stage.SECOND,
    summary="链接使用 http，应使用 https",
)
def insecure(document: Document, context: Context) -> Iterator[Hit]:
    """A body link to a trusted site uses ``http:`` where the site serves ``https:``.

    Government sites and the central media serve their pages over HTTPS;
    an ``http:`` link can be tampered with on the way and browsers mark it
    as not secure. Links to other sites are left to ``link.unknown-domain``.

    **Bad**

    ```html
    <p>详见<a href="http://www.gov.cn/zhengce/">中国政府网</a>。</p>
    ```

    **Good**

    ```html
    <p>详见<a href="https://www.gov.cn/zhengce/">中国政府网</a>。</p>
    ```
    """
    trusted = trusted_domains(context)
    for link in _visible_body_links(document):
        href = link.href.strip()
        host = host_of(href)
        if host and href[:7].lower() == "http://" and _in(host, trusted):
            yield _link_hit(link, "链接使用不安全的 http，请改为 https", "https://" + href[7:])


@rule(
    "link.bare-url",
    name="bare-url",
    severity=Severity.NOTICE,
    stage=Stage.SECOND,
    summary="正文中出现纯文本网址",
)
def bare_url(document: Document, context: Context) -> Iterator[Hit]:
    """A URL is written as plain text in the body.

    In a WeChat post a URL in the text cannot be tapped, and in a web page
    it is not a link either; readers have to copy it. Make it a link (on a
    web page), or check that it is meant to be copied. A bare URL to an
    unknown site at the head of the article is ``link.top-stray``.

    **Bad**

    ```html
    <p>申报系统网址：https://www.example-declare.com/login，逾期不予受理。</p>
    ```

    **Good**

    ```html
    <p>请登录<a href="https://www.gov.cn/fuwu/">国家政务服务平台</a>在线申报，逾期不予受理。</p>
    ```
    """
    stray = {(b.block.index, b.start) for b in _stray_bare(document, context)} if _rule_active(
        context, "link.top-stray"
    ) else set()
    for bare in _facts(document).bare:
        if (bare.block.index, bare.start) in stray or (bare.host and is_shortener(bare.host)):
            continue
        yield Hit.in_block(bare.block, bare.start, bare.end, f"正文中有纯文本网址 {bare.url}，请核实或改为链接")


# --------------------------------------------------------------------------- dead links

_SCHEME_TYPO = re.compile(r"^(?:h{0,2}t{1,3}p{1,2}s?)\s*[:：;]?\s*[/\\／]{1,3}", re.I)
_HOST_OK = re.compile(r"^[a-z0-9\u00a0-\uffff]([a-z0-9\u00a0-\uffff-]*[a-z0-9\u00a0-\uffff])?"
                      r"(\.[a-z0-9\u00a0-\uffff]([a-z0-9\u00a0-\uffff-]*[a-z0-9\u00a0-\uffff])?)*$", re.I)
_FULL_WIDTH = re.compile("[\u3000-\u303f\uff00-\uffef]")


def malformed(href: str) -> str | None:
    """Why a link address cannot work, read from the address alone; None if it may."""
    href = href.strip()
    lowered = href.lower()
    if not href or href.startswith(("#", "/", "./", "../", "?")) or lowered.startswith(("mailto:", "tel:")):
        return None
    if lowered.startswith("www."):
        return "地址缺少 http:// 或 https://，点开会指向本站下的错误地址"
    if lowered.startswith(("http://", "https://")):
        rest = href.split("://", 1)[1]
        authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
        host = authority.rsplit("@", 1)[-1]
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        if not host:
            return "地址中没有网站域名"
        if _FULL_WIDTH.search(host):
            return "域名中有全角字符（如全角句号、冒号）"
        if " " in host or not _HOST_OK.match(host) or ("." not in host and host.lower() != "localhost"):
            return f"域名“{host}”不合法"
        return None
    if _SCHEME_TYPO.match(href):
        return "网址开头的 http:// 写错了"
    return None


@rule(
    "link.dead",
    name="dead-link",
    severity=Severity.ERROR,
    stage=Stage.SECOND,
    summary="错链：链接地址写错或无法打开",
)
def dead(document: Document, context: Context) -> Iterator[Hit]:
    """A body link cannot open (错链): its address is malformed, or, with ``--check-links``, it does not answer.

    Without network access the address itself is read: a missing or
    mistyped ``http://`` (``www.`` alone is a relative link to the wrong
    place, ``http//``, ``http:/``, ``http：//``), full-width characters or
    spaces in the host name. With ``--check-links`` (or ``check_links = true``)
    each link is also requested (HEAD, then GET), concurrently with a
    timeout; an error status or no answer is a dead link. Private and
    loopback addresses are never contacted unless ``--allow-private-links``.

    **Bad**

    ```html
    <p>详见<a href="www.gov.cn/zhengce/">中国政府网</a>。</p>
    ```

    **Good**

    ```html
    <p>详见<a href="https://www.gov.cn/zhengce/">中国政府网</a>。</p>
    ```
    """
    remote: list[Link] = []
    for link in _visible_body_links(document):
        reason = malformed(link.href)
        if reason is not None:
            yield _link_hit(link, f"错链：{reason}，请改正", _fixed(link.href))
        elif host_of(link.href) and link.href.strip()[:2] != "//":
            remote.append(link)
    if not remote:
        return
    if not context.config.check_links:
        # Only the addresses were read: whether the links open is for a human (or --check-links).
        context.unchecked["link.dead"] = f"有 {len(remote)} 个链接未检查能否打开（未启用 --check-links）"
        return
    from govlint.checks.link.probe import check_urls

    answers = check_urls([link.href.strip() for link in remote], context.config.allow_private_links)
    skipped = 0
    for link in remote:
        answer = answers[link.href.strip()]
        skipped += answer.skipped
        if not answer.ok and not answer.skipped:
            yield _link_hit(link, f"错链：链接无法打开（{answer.reason}），请核实地址")
    if skipped:
        context.unchecked["link.dead"] = f"有 {skipped} 个内网地址的链接未检查能否打开（未启用 --allow-private-links）"


def _fixed(href: str) -> str | None:
    href = href.strip()
    if href.lower().startswith("www."):
        return "https://" + href
    match = re.match(r"^(https?)\s*[:：;]?\s*[/\\／]{0,3}", href, re.I)
    if match and not href.lower().startswith(("http://", "https://")):
        return f"{match.group(1).lower()}://{href[match.end():]}"
    return None


BARE_URL = _BARE_URL  # for other checks that want the same notion of "URL in text"
