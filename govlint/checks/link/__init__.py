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
    title="开头不明链接",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="正文开头出现不明链接或网址",
)
def top_stray(document: Document, context: Context) -> Iterator[Hit]:
    """文章开头出现指向不可信网站的链接或纯文本网址。

    “开头”指第一个正文段落之前的全部内容，以及第一段的起始处。
    监测通报曾点名开头就出现不明链接的文章（“普安之声”一案）：这类链接多是从别的网页粘贴过来、
    或被人植入稿件的赌博、广告链接。指向可信域名的链接（gov.cn、中央媒体、
    mp.weixin.qq.com 以及配置中添加的域名）、相对链接、已发布网页指向本站的链接，
    以及社交平台的分享按钮，都不报告。

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
    title="暗链",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="页面中有读者看不见的暗链或隐藏文字",
)
def hidden(document: Document, context: Context) -> Iterator[Hit]:
    """页面中有读者看不见的链接或文字（暗链）。

    被植入的赌博、色情 SEO 垃圾内容会用这些手段隐藏链接：``display:none``、``visibility:hidden``、
    ``font-size:0``、``opacity:0``、宽度或高度为零并加 ``overflow:hidden``、
    用定位或首行缩进移到屏幕之外很远处、文字颜色与背景色相同、``hidden`` 属性，
    或者链接文字全部由零宽字符组成。搜索引擎照样读取这些链接，读者却永远看不到。

    在正文中，隐藏链接只要指向可信名单和本站以外的网站就报告（隐藏的“跳到正文”链接和 ``javascript:``
    脚本是页面自身的功能）。在正文以外的页面部分（页眉、菜单、侧栏、页脚，也是模板常被植入的地方），
    只有链接文字或其域名属于赌博、色情垃圾内容（``dictionaries/sensitive/spam.toml``）时才报告：
    网站自己的合作网站下拉菜单同样是隐藏的，但不是暗链。垃圾词出现在本站域名的链接上也报告，
    因为被攻破的网站会挂上本站自己的赌博页面。

    正文中四个字及以上的隐藏文字也报告；但在网站已发布的网页上（不是草稿，也不是微信、微博推文），
    只有含垃圾词时才报告，因为内容管理系统的模板会把辅助内容藏在文章元素里（供爬虫读取的“发布时间”“来源”
    等元数据、播放器字幕、分享菜单）。

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
    title="可信名单外链接",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="正文链接指向可信名单以外的网站",
)
def unknown_domain(document: Document, context: Context) -> Iterator[Hit]:
    """正文链接指向可信名单以外的网站。

    政务新媒体的链接应指向政府网站、中央媒体和官方账号；指向其他网站的链接，发布前需要再核实一遍。
    本单位的网站可在配置中用 ``trusted_domains`` 添加；在网站已发布的网页上，
    本站的域名和社交平台的分享按钮也视为已知。文章开头的链接由 ``link.top-stray`` 报告，
    短链接由 ``link.shortener`` 报告，隐藏链接由 ``link.hidden`` 报告。

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
    title="脚本链接",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="正文链接是 javascript: 脚本",
)
def javascript(document: Document, context: Context) -> Iterator[Hit]:
    """正文链接执行 ``javascript:`` 脚本，而不是打开网页。

    这种链接多是从网页上粘贴来的，读者点开没有任何反应，或者会运行别人的脚本。在网站已发布的网页上，
    只报告夹在句子中的链接：模板里的按钮（“不感兴趣”“分享”）本来就是脚本。

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
    title="空链接",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="正文链接地址为空",
)
def empty(document: Document, context: Context) -> Iterator[Hit]:
    """正文链接的地址为空（``href=""`` 或 ``#``）。

    编辑本想加链接，却没有填写地址。页内锚点（``#part2``）和没有 ``href`` 的命名锚点不报告；
    在网站已发布的网页上，模板里的按钮也不报告，只报告夹在句子中的链接。

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
    title="链接文字与地址不符",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="链接文字中的网址与实际链接地址不符",
)
def text_mismatch(document: Document, context: Context) -> Iterator[Hit]:
    """链接文字显示的网址与实际链接地址不属于同一网站。

    读者相信自己看到的网址；显示的是一个网站、打开的却是另一个网站，这正是网络钓鱼的手法，
    也是复制粘贴链接时常出的错。

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
    title="短链接",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="正文使用短链接，读者看不出链接去向",
)
def shortener(document: Document, context: Context) -> Iterator[Hit]:
    """正文链接或网址使用了短链接服务（t.cn、url.cn、dwz.cn、bit.ly 等）。

    短链接看不出指向哪里，审核人员和读者都无法判断它是不是官方网站；短链接服务一旦关停，链接也随之失效。
    请使用完整网址。

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
    title="不安全链接",
    severity=Severity.NOTICE,
    stage=Stage.SECOND,
    summary="链接使用 http，应使用 https",
)
def insecure(document: Document, context: Context) -> Iterator[Hit]:
    """正文中指向可信网站的链接使用了 ``http:``，而该网站支持 ``https:``。

    政府网站和中央媒体都通过 HTTPS 提供网页；``http:`` 链接在传输途中可能被篡改，
    浏览器也会把它标为“不安全”。指向其他网站的链接由 ``link.unknown-domain`` 负责。

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
    title="纯文本网址",
    severity=Severity.NOTICE,
    stage=Stage.SECOND,
    summary="正文中出现纯文本网址",
)
def bare_url(document: Document, context: Context) -> Iterator[Hit]:
    """正文中的网址是纯文本，没有做成链接。

    微信推文正文中的网址无法点击，网页中的纯文本网址也不是链接，读者只能复制。在网页上请把它做成链接，
    或者确认它本来就是供读者复制的。文章开头指向不明网站的纯文本网址由 ``link.top-stray`` 报告。

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
    title="错链",
    severity=Severity.ERROR,
    stage=Stage.SECOND,
    summary="错链：链接地址写错或无法打开",
)
def dead(document: Document, context: Context) -> Iterator[Hit]:
    """正文链接打不开（错链）：地址格式有误，或启用 ``--check-links`` 时请求无响应。

    不联网时只检查地址本身：缺少或写错 ``http://``（只写 ``www.`` 会成为指向错误位置的相对链接；
    还有 ``http//``、``http:/``、``http：//``），以及主机名中含全角字符或空格。
    启用 ``--check-links``（或配置 ``check_links = true``）后，还会并发请求每个链接（先 HEAD，再 GET），
    并设有超时；返回错误状态码或没有响应，就是错链。内网地址和本机回环地址一律不访问，
    除非启用 ``--allow-private-links``。

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
