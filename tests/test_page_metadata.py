"""A published page's metadata (issue 22, step 2 and 4): the title, date,
source and credits a CMS, news or WeChat page states about its article, read
from its meta tags, its info line and WeChat's header; the site the page
belongs to; and the report and the audit that use them.

The pages are built as the templates of such sites render them: a
government portal (meta tags of the 政府网站发展指引 and an info line), a
news site whose info line splits label and value into elements and keeps
the editor below the text, a republished page whose meta date is newer than
the date it shows, and a WeChat article saved by a browser.
"""

from __future__ import annotations

import json
from pathlib import Path

from govlint.cli.audit import main as audit_main
from govlint.cli.main import main as lint_main
from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.html import read_html

PARAGRAPHS = "".join(
    f"<p>{text}</p>"
    for text in (
        "11月28日，县政府召开常务会议，研究部署今冬明春安全生产和森林防火工作。",
        "会议指出，当前已进入森林防火紧要期，各乡镇、各部门要压实属地责任，加强巡山护林和野外火源管控。",
        "会议要求，要深入开展安全生产隐患排查整治，对排查出的问题建立台账、限期整改。",
    )
)
MENU = "".join(f'<li><a href="https://www.puan.example.cn/col{n}/">栏目{n}</a></li>' for n in range(12))
SIDEBAR = "".join(f'<li><a href="https://news.puan.example.cn/{n}.html">普安县召开第{n}次专题会议</a></li>' for n in range(8))


def news_page(info: str, after: str = "", head: str = "", title: str = "县政府召开常务会议_普安新闻网") -> str:
    """A news site's article page: a header with its own <h1> logo, menus and
    a sidebar linking the site, the headline in a <div>, an info line."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>
<body><div class="top"><h1 class="logo">全部导航</h1><ul>{MENU}</ul></div>
<div class="crumb">首页 &gt; 要闻</div>
<div class="headline">县政府召开常务会议</div>
<div class="info">{info}</div>
<div class="article-body">{PARAGRAPHS}</div>
{after}
<div class="side"><ul>{SIDEBAR}</ul></div>
<div class="foot">普安新闻网 版权所有</div></body></html>"""


def metadata(source: str) -> dict:
    return read_html(source, "page.html", "utf-8").metadata.as_dict()


def test_a_split_info_line_gives_date_source_and_the_editor_below_the_text():
    page = news_page(
        '<span>2026-11-28 10:30</span><span>来源：</span><span><a href="https://www.xinhuanet.com/">新华网</a></span>'
        '<span>作者：王明</span>',
        after='<div class="editor">（责任编辑：李华）</div>',
    )
    found = metadata(page)
    assert found["title"] == "县政府召开常务会议"  # the visible headline, not the header's <h1> logo
    assert (found["date"], found["source"], found["author"], found["editor"]) == (
        "2026-11-28 10:30", "新华网", "王明", "李华"
    )


def test_the_positions_point_at_the_info_line():
    page = news_page("发布时间：2026-11-28 10:30 来源：普安县应急管理局")
    document = read_html(page, "page.html", "utf-8")
    start, end = document.metadata.positions["source"]
    assert page[start:end] == "来源：普安县应急管理局"
    start, end = document.metadata.positions["date"]
    assert page[start:end] == "2026-11-28 10:30"


def test_the_date_the_page_shows_outranks_a_republished_meta_date():
    page = news_page(
        "发布日期：2026-11-28 来源：普安县人民政府办公室",
        head='<meta name="PubDate" content="2027-03-02 09:00:00"><meta name="ContentSource" content="来源：普安县政府">',
    )
    found = metadata(page)
    assert (found["date"], found["source"]) == ("2026-11-28", "普安县人民政府办公室")


def test_government_meta_tags_fill_what_the_page_does_not_show():
    page = news_page(
        "",
        head='<meta name="ArticleTitle" content="县政府召开常务会议"><meta name="PubDate" content="2026-11-28 10:30">'
        '<meta name="ContentSource" content="来源：普安县人民政府办公室"><meta name="SiteName" content="普安县人民政府">'
        '<meta name="author" content="105464">',
    )
    found = metadata(page)
    assert (found["title"], found["date"], found["source"], found["account"]) == (
        "县政府召开常务会议", "2026-11-28 10:30", "普安县人民政府办公室", "普安县人民政府"
    )
    assert found["author"] is None  # a CMS's user id is no author


def test_a_title_with_the_site_name_is_cut_where_no_heading_agrees():
    page = news_page("", title="关于做好今冬明春森林防火工作的通知_政务公开_普安县人民政府").replace(
        '<div class="headline">县政府召开常务会议</div>', ""
    )
    assert metadata(page)["title"] == "关于做好今冬明春森林防火工作的通知"


def test_a_saved_wechat_article_gives_account_time_and_the_original_badge():
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>县政府召开常务会议</title>
<meta property="og:site_name" content="微信公众平台">
<meta property="og:url" content="http://mp.weixin.qq.com/s?__biz=MzA&amp;mid=1&amp;idx=1">
</head><body><div id="img-content"><h1 class="rich_media_title" id="activity-name">县政府召开常务会议</h1>
<div id="meta_content"><span class="rich_media_meta meta_original_tag">原创</span>
<span class="rich_media_meta rich_media_meta_text">普安县融媒体中心</span>
<a id="js_name">普安之声</a><em id="publish_time"></em></div>
<div class="rich_media_content" id="js_content">""" + PARAGRAPHS + """</div></div>
<script>var ct = "1764297000";</script></body></html>"""
    found = metadata(page)
    assert (found["title"], found["account"], found["label"], found["date"]) == (
        "县政府召开常务会议", "普安之声", "原创", "2025-11-28 10:30"
    )
    # A post on a platform belongs to its account, not to the platform's
    # site: its article is the account's text, checked as a draft is.
    hidden = '<p style="display:none">此段内容为旧稿，发布前应删除</p>'
    document = read_html(page.replace(PARAGRAPHS, PARAGRAPHS + hidden), "wechat.html", "utf-8")
    assert document.metadata.site is None
    found = check_document(document, Config(select=("link",))).findings
    assert [f.rule for f in found] == ["link.hidden"]


def test_the_pages_own_site_is_neither_stray_nor_unknown():
    """Links to the site's own hosts (www., news.) in the article, the
    share buttons and the template's buttons draw nothing; an unknown site
    in the text does."""
    body = (
        '<p>详见<a href="https://news.puan.example.cn/zt/1.html">专题报道</a>。</p>'
        '<div class="share"><a href="https://service.weibo.com/share/share.php?url=x">微博</a>'
        '<a href="javascript:void(0)">不感兴趣</a><a href="#">分享：</a></div>'
        '<p>报名请登录<a href="https://www.example-training.com/">培训平台</a>。</p>'
    )
    page = news_page("来源：普安新闻网").replace(PARAGRAPHS, PARAGRAPHS + body)
    document = read_html(page, "page.html", "utf-8")
    assert document.metadata.site is not None
    found = check_document(document, Config(select=("link",))).findings
    assert [(f.rule, f.message) for f in found] == [
        ("link.unknown-domain", "链接指向可信名单以外的网站（www.example-training.com），请核实")
    ]


def _table_page(crumbs: str) -> str:
    """An older portal's page, laid out in tables: relative menu links, the
    breadcrumb and the article in one cell, no declared site."""
    menu = "".join(f'<a href="col{n}.htm">栏目{n}</a> ' for n in range(8))
    return f"""<html><head><meta charset="utf-8"><title>县政府召开常务会议</title></head><body>
<table><tr><td>{menu}</td></tr></table>
<table><tr><td><div class="nav">{crumbs}</div>
<div class="title">县政府召开常务会议</div>{PARAGRAPHS}</td></tr></table></body></html>"""


def test_a_breadcrumb_names_the_site_of_a_page_that_declares_none():
    """首页 >> 栏目 links at the head of the article are the site's own
    navigation, not stray links; links joined by | are a list of other
    sites (友情链接) and still count, as do arrows that lead to two sites."""
    crumbs = '<a href="http://www.puan.example.cn">普安县</a>&nbsp;&gt;&gt;&nbsp;<a href="http://www.puan.example.cn/xw/index.htm">新闻中心</a>&nbsp;&gt;&gt;&nbsp;正文'
    document = read_html(_table_page(crumbs), "page.html", "utf-8")
    assert document.metadata.site == "www.puan.example.cn"
    assert check_document(document, Config(select=("link.top-stray",))).findings == ()

    relative_first = '<a href="/index.htm">首页</a> › <a href="http://xw.puan.example.cn/">新闻中心</a>'
    assert read_html(_table_page(relative_first), "page.html", "utf-8").metadata.site == "xw.puan.example.cn"

    for others in (
        '<a href="http://www.example-bet.com">娱乐城</a> | <a href="http://www.example-loan.com">网贷</a>',
        '<a href="http://www.puan.example.cn">首页</a> &gt; <a href="http://www.example-bet.com">娱乐城</a>',
    ):
        document = read_html(_table_page(others), "page.html", "utf-8")
        assert document.metadata.site is None
        found = check_document(document, Config(select=("link.top-stray",))).findings
        assert [f.rule for f in found] == ["link.top-stray", "link.top-stray"]


def test_on_a_published_page_hidden_helpers_pass_and_hidden_spam_is_caught():
    helpers = '<div style="display:none"><span>2026-11-28 10:30:00</span><span>来源：普安新闻网</span></div>'
    spam = '<div style="display:none">澳门新葡京娱乐城 真人百家乐 在线开户</div>'
    clean = news_page("来源：普安新闻网").replace(PARAGRAPHS, helpers + PARAGRAPHS)
    assert check_document(read_html(clean, "page.html", "utf-8"), Config(select=("link",))).findings == ()
    injected = clean.replace(PARAGRAPHS, PARAGRAPHS + spam)
    found = check_document(read_html(injected, "page.html", "utf-8"), Config(select=("link",))).findings
    assert [f.rule for f in found] == ["link.hidden"]


def test_a_hidden_link_to_the_sites_own_host_with_gambling_words_is_caught():
    """Hacked sites carry gambling pages on their own host (寄生虫)."""
    own = '<div style="display:none"><a href="https://www.puan.example.cn/bet/">澳门百家乐官网</a></div>'
    page = news_page("来源：普安新闻网", after=own)
    found = check_document(read_html(page, "page.html", "utf-8"), Config(select=("link",))).findings
    assert [f.rule for f in found] == ["link.hidden"]


def test_the_report_header_names_the_source_the_page_or_draft_names(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(news_page("<span>来源：</span><span>普安县应急管理局</span>"), encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# 县政府召开常务会议\n\n" + "会议要求，要深入开展安全生产隐患排查整治。\n\n" * 3 + "来源：普安县应急管理局\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.md"
    lint_main([str(page), str(draft), "--format", "markdown", "-o", str(out)])
    report = out.read_text(encoding="utf-8")
    assert report.count("| 来源 | 普安县应急管理局 |") == 2, report
    assert "来源 | （未注明）" not in report


def test_the_audit_reads_date_title_and_source_from_saved_pages(tmp_path: Path):
    folder = tmp_path / "普安新闻网"
    folder.mkdir()
    for day, source in ((3, "普安县应急管理局"), (10, "新华网"), (17, "普安县人民政府办公室")):
        (folder / f"page-{day}.html").write_text(
            news_page(f"发布时间：2026-09-{day:02d} 09:00 来源：{source}"), encoding="utf-8"
        )
    out = tmp_path / "audit.json"
    audit_main([str(tmp_path), "--from", "2026-09-01", "--to", "2026-09-30", "--at", "2026-09-30",
                "--select", "typo.duplicate", "--format", "json", "-o", str(out), "--no-progress",
                "--cache-dir", str(tmp_path / "cache")])
    posts = sorted(json.loads(out.read_text(encoding="utf-8"))["posts"], key=lambda p: p["published_at"])
    assert [(p["published_at"][:16], p["title"], p["source"]) for p in posts] == [
        ("2026-09-03T09:00", "县政府召开常务会议", "普安县应急管理局"),
        ("2026-09-10T09:00", "县政府召开常务会议", "新华网"),
        ("2026-09-17T09:00", "县政府召开常务会议", "普安县人民政府办公室"),
    ]
