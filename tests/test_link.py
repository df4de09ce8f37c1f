"""The ``link`` check: stray, hidden, unknown, malformed and dead links."""

from __future__ import annotations

import contextlib
import io
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from govlint.checks.link import probe as linkcheck
from govlint.checks.link.urls import host_of, malformed
from govlint.cli.main import main
from govlint.config import Config, ConfigError, from_mapping
from govlint.engine import check_document
from govlint.readers.html import read_html
from govlint.readers.markdown import read_markdown

REPO = Path(__file__).resolve().parents[1]
CLEAN_WECHAT = (REPO / "tests" / "data" / "wechat-clean.html").read_text(encoding="utf-8")

LEAD = "11月19日，普安县召开秋冬季农业生产暨乡村振兴重点工作推进会，总结前一阶段工作成效，安排部署下一阶段重点工作。"
MORE = "会议要求，各乡镇、各部门要加强统筹协调，强化督查调度，确保全年目标任务圆满完成。"


def findings(source: str, select: str = "link", fmt: str = "html", config: Config | None = None):
    reader = read_html if fmt == "html" else read_markdown
    document = reader(source, f"draft.{'html' if fmt == 'html' else 'md'}", "utf-8")
    config = replace(config or Config(), select=(select,))
    return list(check_document(document, config).findings)


def rules(found) -> list[str]:
    return [f.rule for f in found]


def wechat(*paragraphs: str) -> str:
    body = "\n".join(paragraphs)
    return (
        "<html><head><meta charset='utf-8'></head><body><div id='js_article'>"
        "<div class='rich_media_content' id='js_content' style='visibility: hidden;'>"
        f"<section style='font-size: 15px; color: rgb(62, 62, 62);'><section>{body}</section></section>"
        "</div></div></body></html>"
    )


def p(inner: str) -> str:
    return f"<p style='text-align: justify;'><span style='font-size: 15px;'>{inner}</span></p>"


# --------------------------------------------------------------------------- clean drafts give nothing


def test_clean_wechat_article_gives_no_link_finding():
    assert findings(CLEAN_WECHAT) == []


def test_clean_markdown_example_gives_no_link_finding():
    source = (REPO / "examples" / "clean-article.md").read_text(encoding="utf-8")
    assert findings(source, fmt="markdown") == []


def test_cms_example_navigation_and_relative_links_are_fine():
    source = (REPO / "examples" / "cms-page.html").read_text(encoding="utf-8")
    assert findings(source) == []


# --------------------------------------------------------------------------- the planted defects


def test_wechat_example_stray_top_link_and_hidden_link():
    source = (REPO / "examples" / "wechat-article.html").read_text(encoding="utf-8")
    found = findings(source)
    assert rules(found) == ["link.top-stray", "link.hidden"]
    top, hidden = found
    assert top.severity.value == "error" and top.stage.value == "初审"
    assert "www.example-bet88.com" in top.message and top.text.startswith('<a href="http://www.example-bet88.com"')
    assert hidden.severity.value == "error" and hidden.stage.value == "终审"
    assert "display:none" in hidden.message and "example-bet88.com/app/index.html" in hidden.message


# --------------------------------------------------------------------------- link.top-stray


def test_bare_url_at_the_head_is_stray_but_trusted_links_are_not():
    source = wechat(p("www.example-casino.vip 最新注册送彩金"), p(LEAD), p(MORE))
    found = findings(source)
    assert rules(found) == ["link.top-stray"] and found[0].text == "www.example-casino.vip"
    trusted = wechat(
        p("<a href='https://www.gov.cn/zhengce/'>中国政府网</a>"), p("<a href='/zwgk/'>政务公开</a>"), p(LEAD)
    )
    assert findings(trusted, "link.top-stray") == []


def test_link_at_the_very_start_of_the_first_paragraph_is_stray():
    source = wechat(p(f"<a href='https://www.example-loan.cn/'>点此</a>{LEAD}"), p(MORE))
    assert rules(findings(source, "link.top-stray")) == ["link.top-stray"]
    later = wechat(p(f"{LEAD}详见<a href='https://www.example-loan.cn/'>此处</a>。"), p(MORE))
    assert findings(later, "link.top-stray") == []
    assert rules(findings(later, "link.unknown-domain")) == ["link.unknown-domain"]


def test_markdown_stray_link_before_the_first_paragraph():
    source = f"[领取福利](https://www.example-gift.top/)\n\n{LEAD}\n\n{MORE}\n"
    assert rules(findings(source, fmt="markdown")) == ["link.top-stray"]


# --------------------------------------------------------------------------- link.hidden


SPAM = "<a href='https://www.example-bet.com/'>澳门博彩娱乐平台</a>"


@pytest.mark.parametrize(
    ("wrapper", "technique"),
    [
        ("<span style='display:none'>{}</span>", "display:none"),
        ("<span style='visibility: hidden'>{}</span>", "visibility:hidden"),
        ("<span style='font-size:0px'>{}</span>", "字号为 0"),
        ("<div style='opacity: 0'>{}</div>", "opacity:0"),
        ("<div style='width:0;height:0;overflow:hidden'>{}</div>", "overflow:hidden"),
        ("<div style='position:absolute; left:-9999px; top:-9999px'>{}</div>", "position"),
        ("<div style='text-indent:-10000px'>{}</div>", "text-indent"),
        ("<span style='color:#fff'>{}</span>".replace("{}", SPAM.replace("<a ", "<a style='color:#ffffff' ")), "背景色"),
        ("<div hidden>{}</div>", "hidden"),
        ("<span class='hid'>{}</span>", "display:none"),
        ("<marquee style='height: 1px; width: 1px; overflow: hidden; max-height: 0'>{}</marquee>", "overflow:hidden"),
    ],
)
def test_hiding_techniques(wrapper, technique):
    spam = wrapper.format(SPAM) if "{}" in wrapper else wrapper
    source = wechat(p(LEAD), p(MORE + spam)).replace("</head>", "<style>.hid { display: none }</style></head>")
    found = findings(source)
    assert rules(found) == ["link.hidden"], found
    assert technique in found[0].message


def test_zero_width_link_text_is_hidden():
    source = wechat(p(LEAD), p(MORE + "<a href='https://www.example-bet.com/'>\u200b\u200b</a>"))
    found = findings(source)
    assert rules(found) == ["link.hidden"] and "零宽字符" in found[0].message


def test_hidden_text_without_a_link_is_reported():
    source = wechat(p(LEAD), p(MORE + "<span style='display:none'>澳门博彩在线娱乐</span>"))
    found = findings(source)
    assert rules(found) == ["link.hidden"] and found[0].text == "澳门博彩在线娱乐"
    short = wechat(p(LEAD), p(MORE + "<span style='display:none'>1</span>"))
    assert findings(short) == []


def test_visible_coloured_text_and_the_hidden_wechat_container_are_not_hidden():
    badge = (
        "<section style='background-color: rgb(0, 82, 255);'><p><span style='color: #fff;'>一、聚焦重点任务</span>"
        "<a href='https://www.gov.cn/' style='color: #ffffff'>政策原文</a></p></section>"
    )
    banner = "<section style='background-image: url(https://mmbiz.qpic.cn/a.png)'><p style='color:#fff'>二、压实责任</p></section>"
    source = wechat(p(LEAD), badge, banner, p(MORE))
    assert findings(source) == []


def test_hidden_spam_links_in_the_page_footer_outside_the_body():
    page = (
        "<html><head><link rel='stylesheet' href='/css/site.css'></head><body>"
        "<nav><a href='/'>首页</a><a href='/zwgk/'>政务公开</a></nav>"
        f"<div class='TRS_Editor'><p>{LEAD}</p><p>{MORE}</p></div>"
        "<a href='#main' style='position:absolute;left:-9999px'>跳到正文</a>"
        "<footer><a href='https://www.example-partner.com/'>友情链接</a>"
        "<a href='/wza/' style='display:none'>无障碍浏览</a>"
        "<a href='http://www.gsxt.gov.cn/' style='color:#fff'>国家企业信用信息公示系统</a>"
        "<div style='position:absolute;top:-999px;left:-999px'>"
        "<a href='https://www.example-bet.com/'>澳门博彩</a><a href='https://www.example-porn.com/'>成人视频</a>"
        "</div></footer></body></html>"
    )
    found = findings(page)
    # The footer's white link may sit on a dark background from site.css:
    # only the off-screen links count; the visible footer link is chrome.
    assert rules(found) == ["link.hidden", "link.hidden"]
    assert all("正文外" in f.message for f in found)


# --------------------------------------------------------------------------- link.unknown-domain


def test_unknown_domain_and_configured_trusted_domains():
    source = wechat(
        p(LEAD),
        p("报名方式详见<a href='https://www.example-training.com/signup'>培训报名平台</a>，"
          "政策见<a href='https://www.puan.gov.cn/zwgk/'>县政府网</a>和<a href='https://news.cn/a.htm'>新华网</a>，"
          "另见<a href='https://gov.cn.example-evil.com/'>假冒网站</a>。"),
    )
    found = findings(source, "link.unknown-domain")
    assert [f.text for f in found] == [
        "<a href='https://www.example-training.com/signup'>培训报名平台",
        "<a href='https://gov.cn.example-evil.com/'>假冒网站",
    ]
    assert found[0].severity.value == "warning" and found[0].stage.value == "复审"
    config = Config(trusted_domains=("example-training.com", "example-evil.com"))
    assert findings(source, "link.unknown-domain", config=config) == []


def test_trusted_domains_from_configuration_file(tmp_path):
    config = from_mapping({"trusted_domains": ["Example-Training.com."]}, "cfg", tmp_path)
    source = wechat(p(LEAD), p("详见<a href='https://sub.example-training.com/'>培训平台</a>。"))
    assert findings(source, "link.unknown-domain", config=config) == []


# --------------------------------------------------------------------------- small link rules


def test_javascript_and_empty_links():
    source = wechat(
        p(LEAD),
        p("详见<a href='javascript:void(0)'>方案全文</a>、<a href='#'>附件</a>、<a href=''>解读</a>、"
          "<a href='#fj2'>附件2</a><a name='_GoBack'></a>。"),
    )
    assert rules(findings(source, "link.javascript")) == ["link.javascript"]
    assert [f.text[-2:] for f in findings(source, "link.empty")] == ["附件", "解读"]


def test_text_mismatch():
    source = wechat(
        p(LEAD),
        p("网址：<a href='http://www.example-bet88.com/'>www.gov.cn</a>，"
          "<a href='https://www.gov.cn/zhengce/'>https://www.gov.cn/zhengce/</a>，"
          "<a href='https://sousuo.www.gov.cn/'>www.gov.cn</a>"),
    )
    found = findings(source, "link.text-mismatch")
    assert len(found) == 1 and "www.gov.cn" in found[0].message and "www.example-bet88.com" in found[0].message


def test_shortener_links_and_bare_short_urls():
    source = wechat(p(LEAD), p("报名入口：<a href='https://t.cn/A6xYz12'>点击报名</a>，或访问 https://url.cn/5abc 报名。"))
    found = findings(source, "link.shortener")
    assert len(found) == 2 and "t.cn" in found[0].message and found[1].text == "https://url.cn/5abc"
    assert findings(source, "link.unknown-domain") == []


def test_insecure_links_to_sites_that_serve_https():
    source = wechat(p(LEAD), p("详见<a href='http://www.gov.cn/zhengce/'>中国政府网</a>。"))
    found = findings(source, "link.insecure")
    assert len(found) == 1 and found[0].severity.value == "notice"
    assert found[0].suggestion == "https://www.gov.cn/zhengce/"
    other = wechat(p(LEAD), p("详见<a href='http://www.example.com/'>某网站</a>。"))
    assert findings(other, "link.insecure") == []


def test_bare_urls_in_the_body():
    source = wechat(
        p(LEAD),
        p("申报系统网址：https://zwfw.example.gov.cn/sb/login，逾期不予受理。咨询邮箱 puan@example.com。"),
        p("<a href='https://www.gov.cn/'>https://www.gov.cn/</a>"),
        "<pre><code>curl https://www.example.com/api</code></pre>",
    )
    found = findings(source, "link.bare-url")
    assert [f.text for f in found] == ["https://zwfw.example.gov.cn/sb/login"]
    assert found[0].severity.value == "notice"
    markdown = f"{LEAD}\n\n详见 <https://www.gov.cn/>，或登录 www.12306.cn 查询。\n"
    assert [f.text for f in findings(markdown, "link.bare-url", fmt="markdown")] == ["www.12306.cn"]


# --------------------------------------------------------------------------- link.dead: malformed addresses


@pytest.mark.parametrize(
    ("href", "fixed"),
    [
        ("www.gov.cn/zhengce/", "https://www.gov.cn/zhengce/"),
        ("http//www.gov.cn/", "http://www.gov.cn/"),
        ("http:/www.gov.cn/", "http://www.gov.cn/"),
        ("http：//www.gov.cn/", "http://www.gov.cn/"),
        ("https://www。gov。cn/", None),
        ("https:///zhengce/", None),
        ("http://www gov cn/", None),
    ],
)
def test_malformed_addresses_are_dead(href, fixed):
    assert malformed(href)
    source = wechat(p(LEAD), p(f"详见<a href='{href}'>中国政府网</a>。"))
    found = findings(source, "link.dead")
    assert rules(found) == ["link.dead"] and found[0].suggestion == fixed


@pytest.mark.parametrize(
    "href", ["https://www.gov.cn/", "/zwgk/", "../a.html", "#top", "mailto:a@b.cn", "https://政府.cn/", "//www.gov.cn"]
)
def test_well_formed_addresses(href):
    assert malformed(href) is None


def test_host_of():
    assert host_of("HTTPS://WWW.Gov.CN./a") == "www.gov.cn"
    assert host_of("//news.cn/x") == "news.cn"
    assert host_of("/zwgk/") is None and host_of("javascript:void(0)") is None and host_of("http://[::1") is None


# --------------------------------------------------------------------------- link.dead: --check-links


class _Server:
    """A local HTTP server that records what it was asked."""

    def __init__(self) -> None:
        requests: list[tuple[str, str]] = []
        self.requests = requests

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, with_body: bool) -> None:
                requests.append((self.command, self.path))
                routes = {
                    "/ok": (200, None),
                    "/missing": (404, None),
                    "/moved": (301, "/ok"),
                    "/moved-missing": (302, "/missing"),
                    "/loop": (302, "/loop"),
                    "/to-localhost": (302, f"http://localhost:{self.server.server_port}/ok"),
                }
                if self.path == "/no-head" and self.command == "HEAD":
                    status, location = 405, None
                elif self.path == "/no-head":
                    status, location = 200, None
                else:
                    status, location = routes.get(self.path, (404, None))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                body = b"x" * 200_000 if self.path == "/no-head" else b"ok"
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if with_body:
                    with contextlib.suppress(OSError):
                        self.wfile.write(body)

            def do_HEAD(self) -> None:
                self._answer(False)

            def do_GET(self) -> None:
                self._answer(True)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def server():
    linkcheck.clear_cache()
    running = _Server()
    running.thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()
    linkcheck.clear_cache()


def _links_page(server: _Server, *paths: str) -> str:
    links = "、".join(f"<a href='{server.url(path)}'>链接{i}</a>" for i, path in enumerate(paths))
    return wechat(p(LEAD), p(f"相关链接：{links}。"))


def test_check_links_reports_dead_links_on_a_local_server(server):
    source = _links_page(server, "/ok", "/missing", "/moved", "/moved-missing", "/no-head", "/loop")
    config = Config(check_links=True, allow_private_links=True)
    found = findings(source, "link.dead", config=config)
    dead = {f.text.split("'")[1].rsplit("/", 1)[1]: f.message for f in found}
    assert set(dead) == {"missing", "moved-missing", "loop"}
    assert "HTTP 404" in dead["missing"] and "重定向" in dead["loop"]
    assert ("HEAD", "/no-head") in server.requests and ("GET", "/no-head") in server.requests


def test_loopback_links_are_refused_and_never_contacted(server):
    source = _links_page(server, "/ok", "/missing")
    assert findings(source, "link.dead", config=Config(check_links=True)) == []
    assert server.requests == []
    assert findings(source, "link.dead") == [] and server.requests == []  # off by default


def test_redirect_to_a_private_address_is_refused(server, monkeypatch):
    # 127.0.0.1 stands for a public server here; "localhost" stays private.
    real = linkcheck.public_address

    def public_address(host, port, allow_private):
        return real(host, port, allow_private or host == "127.0.0.1")

    monkeypatch.setattr(linkcheck, "public_address", public_address)
    answer = linkcheck.check_url(server.url("/to-localhost"))
    assert answer.skipped and not answer.ok
    assert ("GET", "/ok") not in server.requests and ("HEAD", "/ok") not in server.requests


def test_private_address_guard():
    with pytest.raises(linkcheck.RefusedError):
        linkcheck.public_address("127.0.0.1", 80, allow_private=False)
    with pytest.raises(linkcheck.RefusedError):
        linkcheck.public_address("10.1.2.3", 80, allow_private=False)
    with pytest.raises(linkcheck.RefusedError):
        linkcheck.public_address("169.254.169.254", 80, allow_private=False)
    assert linkcheck.public_address("127.0.0.1", 80, allow_private=True) == "127.0.0.1"


def test_cli_check_links_option(server, tmp_path):
    draft = tmp_path / "draft.html"
    draft.write_text(_links_page(server, "/missing"), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([str(draft), "--select", "link.dead", "--check-links", "--format", "json"])
    assert code == 0 and server.requests == []  # loopback refused without --allow-private-links
    with contextlib.redirect_stdout(out):
        code = main([str(draft), "--select", "link.dead", "--check-links", "--allow-private-links", "--format", "json"])
    assert code == 1 and ("HEAD", "/missing") in server.requests


def test_check_links_configuration_keys(tmp_path):
    config = from_mapping({"check_links": True, "allow_private_links": False}, "cfg", tmp_path)
    assert config.check_links and not config.allow_private_links
    with pytest.raises(ConfigError, match="check_links"):
        from_mapping({"check_links": "yes"}, "cfg", tmp_path)


# --------------------------------------------------------------------------- the data


def _entries(relative: str) -> list[str]:
    from govlint.data import data_path

    lines = data_path(relative).read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


@pytest.mark.parametrize("relative", ["link/trusted-domains.txt", "link/shorteners.txt"])
def test_domain_lists_are_clean(relative):
    import re

    domains = _entries(relative)
    assert len(domains) == len(set(domains)), "duplicate entries"
    bad = [d for d in domains if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", d)]
    assert bad == [], "entries must be lower-case domain names"


def test_no_domain_is_both_trusted_and_a_shortener():
    trusted, short = set(_entries("link/trusted-domains.txt")), set(_entries("link/shorteners.txt"))
    assert trusted & short == set()
    assert {"gov.cn", "people.com.cn", "news.cn", "xinhuanet.com", "cctv.com", "mp.weixin.qq.com"} <= trusted
    assert "qq.com" not in trusted and "weixin.qq.com" not in trusted  # only articles, not every Tencent host
