"""Check ``link`` (不明链接, 暗链, 错链): links readers should not meet.

Trusted domains (``dictionaries/link/trusted-domains.txt`` plus the
``trusted_domains`` configuration key) cover their subdomains. Relative links
stay on the publishing site and are fine. Links outside the article body
(navigation, footers) are checked for hiding only: spam is injected
anywhere, but the page chrome is not the editor's draft. No rule does
network I/O unless ``check_links`` is set (``--check-links``).
"""

from __future__ import annotations

from collections.abc import Iterator

from govlint.checks._prose import letter_count
from govlint.checks.link.bare import Bare, shown_host
from govlint.checks.link.facts import (
    at_top,
    facts,
    hidden_stretches,
    in_running_text,
    published_page,
    visible_body_links,
)
from govlint.checks.link.urls import (
    fixed,
    host_of,
    is_share_button,
    is_shortener,
    known_domains,
    malformed,
    own_site,
    same_site,
    trusted_domains,
    within,
)
from govlint.model import Document, Link
from govlint.rules import Context, Hit, Severity, Stage, rule
from govlint.style import WORD_HIDDEN
from govlint.terms.spam import has_trade_word, is_spam_host

_HIDDEN_TEXT_WORDS = 4  # hidden stretches shorter than this are editor leftovers, not spam


def _rule_active(context: Context, rule_id: str) -> bool:
    from govlint.checks import active_rules  # the registry, loaded by the time a rule runs

    return any(r.id == rule_id for r in active_rules(context.config))


def _stray_links(document: Document, context: Context) -> Iterator[Link]:
    """Visible body links at the head of the article to untrusted sites."""
    found = facts(document)
    known = known_domains(context, document)
    for link in visible_body_links(document):
        host = host_of(link.href)
        if host and at_top(link.start, found) and not within(host, known) and not is_share_button(link.href):
            yield link


def _stray_bare(document: Document, context: Context) -> Iterator[Bare]:
    """Bare URLs at the head of the article to untrusted sites."""
    found = facts(document)
    known = known_domains(context, document)
    for bare in found.bare:
        start, _ = bare.block.source_range(bare.start, bare.end)
        if bare.host and at_top(start, found) and not within(bare.host, known):
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
    configuration adds), relative links, a published page's links to its
    own site and social platforms' share buttons are fine.

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
    engines still read such links; readers never see them. In the article,
    a hidden link counts when it leads to another site outside the trusted
    list and the page's own site (hidden skip links and ``javascript:``
    handles are page machinery).
    On the page around the article (header, menus, sidebars, footer, where
    templates get injected), a hidden link counts when its words or its host
    are gambling or porn spam (``dictionaries/sensitive/spam.yaml``): the
    site's own drop-down menus of partner sites are hidden too, and are not
    暗链. Spam words count on the site's own host too: hacked sites carry
    gambling pages of their own. Hidden body text of four characters or
    more counts too; on a site's published page (not a draft, not a post on
    WeChat or Weibo) only when it carries spam words, because CMS templates
    hide their helpers in the article element (crawler metadata such as
    发布时间 and 来源, player captions, share menus).

    **Bad**

    ```html
    <p>要深入开展村庄清洁行动，扎实推进农村户厕改造。<span style="display:none"><a href="http://www.example-bet88.com/app/">线上娱乐平台下载</a></span></p>
    ```

    **Good**

    ```html
    <p>要深入开展村庄清洁行动，扎实推进农村户厕改造。详见<a href="https://www.gov.cn/zhengce/">中国政府网</a>。</p>
    ```
    """
    hiding = facts(document).hidden
    trusted = trusted_domains(context)
    for link in document.links:
        reason = hiding.get(id(link))
        host = host_of(link.href)
        # Hidden links within the site (skip links, script handles of the
        # WeChat page, menus) and to trusted sites are page machinery; around
        # the article, so are the template's menus of partner sites.
        if reason is None or host is None or within(host, trusted):
            continue
        spam = has_trade_word(link.text) or is_spam_host(host)
        # The site's own hidden menus are machinery; its own pages with
        # gambling words are a hacked site's (寄生虫 pages).
        if spam or (link.in_body and not own_site(host, document)):
            where = "隐藏链接" if link.in_body else "页面正文外的隐藏链接"
            target = link.href.strip()
            yield _link_hit(link, f"{where}（{_hiding(reason)}）指向 {target}，疑为暗链，请删除")
    page = published_page(document)
    for block in document.body_blocks:
        for start, end, reason in hidden_stretches(block):
            # Word's own hidden-text attribute is a draft's note, draft.hidden-text's.
            if reason == WORD_HIDDEN or letter_count(block.text, start, end) < _HIDDEN_TEXT_WORDS:
                continue
            # A site's template hides its helpers in the article element
            # (crawler metadata, player captions, share menus): on a
            # published page only hidden spam words are 暗链 text.
            if not page or has_trade_word(block.text[start:end]):
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
    configuration; on a site's published page, the site's own hosts count
    as known, and so do social platforms' share buttons. Links at the head of the article are reported by
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
    found = facts(document)
    known = known_domains(context, document)
    skip_top = _rule_active(context, "link.top-stray")
    for link in visible_body_links(document):
        host = host_of(link.href)
        if not host or within(host, known) or is_shortener(host) or is_share_button(link.href):
            continue
        if skip_top and at_top(link.start, found):
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
    someone else's script. On a site's published page, only links that
    stand in a sentence count: the template's buttons (不感兴趣, 分享) are
    script handles by design.

    **Bad**

    ```html
    <p>详见<a href="javascript:void(0)">实施方案全文</a>。</p>
    ```

    **Good**

    ```html
    <p>详见<a href="/zwgk/zcwj/202611/t20261118_1.html">实施方案全文</a>。</p>
    ```
    """
    page = published_page(document)
    for link in visible_body_links(document):
        if not link.href.strip().lower().startswith("javascript:") or not link.text.strip():
            continue
        if not page or in_running_text(document, link):  # else the template's buttons (不感兴趣, 分享)
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
    In-page anchors (``#part2``) and named anchors without ``href`` are fine,
    and so, on a site's published page, are the template's buttons: only
    links that stand in a sentence count there.

    **Bad**

    ```html
    <p>详见<a href="#">实施方案全文</a>。</p>
    ```

    **Good**

    ```html
    <p>详见<a href="#fj1">附件1</a>。<a name="_GoBack"></a></p>
    ```
    """
    page = published_page(document)
    for link in visible_body_links(document):
        if link.elements and link.elements[-1].tag == "a" and link.elements[-1].attr("href") is None:
            continue  # a named anchor, not a link
        if link.href.strip() not in ("", "#") or not link.text.strip():
            continue
        if not page or in_running_text(document, link):  # else the template's buttons
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
    for link in visible_body_links(document):
        target = host_of(link.href)
        shown = shown_host(link.text) if target is not None else None
        if shown and not same_site(shown, target):
            yield _link_hit(link, f"链接文字显示 {shown}，实际却指向 {target}，请核实")


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
    for link in visible_body_links(document):
        host = host_of(link.href)
        if host and is_shortener(host):
            yield _link_hit(link, f"使用了短链接（{host}），读者看不出链接去向，请改用完整网址")
    for bare in facts(document).bare:
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
    for link in visible_body_links(document):
        href = link.href.strip()
        host = host_of(href)
        if host and href[:7].lower() == "http://" and within(host, trusted):
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
    stray = (
        {(b.block.index, b.start) for b in _stray_bare(document, context)}
        if _rule_active(context, "link.top-stray")
        else set()
    )
    for bare in facts(document).bare:
        if (bare.block.index, bare.start) in stray or (bare.host and is_shortener(bare.host)):
            continue
        yield Hit.in_block(bare.block, bare.start, bare.end, f"正文中有纯文本网址 {bare.url}，请核实或改为链接")


# --------------------------------------------------------------------------- dead links


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
    for link in visible_body_links(document):
        reason = malformed(link.href)
        if reason is not None:
            yield _link_hit(link, f"错链：{reason}，请改正", fixed(link.href))
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
