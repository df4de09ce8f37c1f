"""Full published pages (issue 22): the article is found inside a CMS template
that has no <nav>/<header>/<footer> tags, the template's own links and
hidden menus draw nothing, and 暗链 injected into the template are caught.

The template is a county portal's article page as such CMSs render it: a
top bar, a menu with hidden drop-downs of partner sites, a breadcrumb, the
article in a plain <div>, a sidebar of headlines and a footer of links.
"""

from __future__ import annotations

import pytest

from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.html import read_html

ARTICLE = [
    "11月28日，县政府召开常务会议，研究部署今冬明春安全生产和森林防火工作。",
    "会议指出，当前已进入森林防火紧要期，各乡镇、各部门要压实属地责任，加强巡山护林和野外火源管控，确保不发生重大森林火灾。",
    "会议要求，要深入开展安全生产隐患排查整治，重点抓好道路交通、燃气、建筑施工等领域，对排查出的问题建立台账、限期整改。",
    "会议还研究了其他事项。",
]
MENU = ["首页", "政务公开", "政务服务", "互动交流", "走进普安", "专题专栏"]
PARTNERS = [  # a drop-down of partner sites, hidden until hovered: the site's own machinery
    ("https://www.qxnrmt.cn/", "黔西南融媒"),
    ("https://www.gzrbs.com.cn/", "贵州日报"),
    ("https://www.ddcpc.cn/", "当代先锋网"),
    ("https://www.gog.cn/", "多彩贵州网"),
]
HEADLINES = [f"普安县召开第{n}次专题会议" for n in range(1, 11)]


def page(header: str = "", footer: str = "", body_extra: str = "") -> str:
    menu = "".join(f'<li><a href="/col{n}/">{name}</a></li>' for n, name in enumerate(MENU))
    partners = "".join(f'<li><a href="{href}" target="_blank">{name}</a></li>' for href, name in PARTNERS)
    sidebar = "".join(f'<li><a href="/xwzx/{n}.html">{title}</a></li>' for n, title in enumerate(HEADLINES))
    paragraphs = "".join(f"<p>{text}</p>" for text in ARTICLE)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>县政府召开常务会议_普安县人民政府</title>
<meta name="ArticleTitle" content="县政府召开常务会议"><meta name="PubDate" content="2026-11-28 10:30">
<meta name="ContentSource" content="普安县人民政府办公室">
<style>.dropdown{{display:none}}.menu li:hover .dropdown{{display:block}}</style></head>
<body>
<div class="topbar"><a href="/">普安县人民政府</a> <a href="/wza/">无障碍</a> <a href="/en/">English</a>{header}</div>
<div class="menu"><ul>{menu}<li><a href="#">友情链接</a><ul class="dropdown">{partners}</ul></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; 政务要闻</div>
<div class="main">
<div class="article-title"><h1>县政府召开常务会议</h1></div>
<div class="info">发布时间：2026-11-28 10:30 来源：普安县人民政府办公室</div>
<div class="article-con">{paragraphs}{body_extra}</div>
</div>
<div class="side"><h3>热点新闻</h3><ul>{sidebar}</ul></div>
<div class="foot"><a href="/about/">关于我们</a> <a href="/sitemap/">网站地图</a> <a href="/contact/">联系我们</a>
<p>主办：普安县人民政府办公室 黔ICP备12345678号</p>{footer}</div>
</body></html>"""


def link_findings(source: str) -> list:
    document = read_html(source, "county.html", "utf-8")
    return [f for f in check_document(document, Config(select=("link",))).findings]


def test_the_article_is_found_in_a_template_without_chrome_tags():
    document = read_html(page(), "county.html", "utf-8")
    text = [block.text for block in document.body_blocks]
    assert text == ARTICLE
    # the template is still read: its links are known, outside the body
    outside = [link for link in document.links if not link.in_body]
    assert len(outside) > 20


def test_the_clean_template_draws_no_link_finding():
    assert [(f.rule, f.message) for f in link_findings(page())] == []


@pytest.mark.parametrize(
    ("where", "injected"),
    [
        ("footer", '<div style="display:none"><a href="http://www.bet365vip.com/">线上娱乐城</a>'
                   '<a href="http://www.amxpj.com/">真人百家乐</a></div>'),
        ("header", '<div style="position:absolute;left:-9999px;top:-9999px">'
                   '<a href="http://yulecheng88.net/">澳门新葡京</a><a href="http://qipai-app.com/">手机版下载</a></div>'),
        ("footer", '<span style="font-size:0"><a href="https://www.hg-casino.com/">体育投注官网</a>'
                   '<a href="https://caipiao.example.com/">时时彩开户</a></span>'),
    ],
)
def test_injected_template_links_are_caught_and_nothing_else(where, injected):
    found = link_findings(page(**{where: injected}))
    assert [f.rule for f in found] == ["link.hidden", "link.hidden"], [(f.rule, f.message) for f in found]
    assert all("页面正文外的隐藏链接" in f.message and "疑为暗链" in f.message for f in found)


def test_a_hidden_link_in_the_article_is_caught_whatever_its_words():
    injected = '<span style="display:none"><a href="https://www.example-partner.com/">合作伙伴</a></span>'
    found = link_findings(page(body_extra=f"<p>详情请咨询县应急管理局。{injected}</p>"))
    assert [f.rule for f in found] == ["link.hidden"]
    assert found[0].message.startswith("隐藏链接")


def test_a_draft_saved_as_a_whole_page_stays_whole():
    """A WeChat editor export saved with <html><body>: a draft, with no site
    around it, keeps every part (two sections, a lead and a closing line)."""
    draft = (
        "<html><body><section><p>导语：全县秋粮收购进度过半。</p></section>"
        f"<section>{''.join(f'<p>{text}</p>' for text in ARTICLE)}</section>"
        "<section><p>来源：普安县融媒体中心</p></section></body></html>"
    )
    document = read_html(draft, "draft.html", "utf-8")
    assert [block.text for block in document.body_blocks] == [
        "导语：全县秋粮收购进度过半。", *ARTICLE, "来源：普安县融媒体中心"
    ]
