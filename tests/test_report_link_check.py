"""The checklist's link item is not 通过 when the links were never opened.

``link.dead`` reads link addresses offline; only ``--check-links`` opens them.
Without it, a draft with links to other sites leaves "do the links open" to a
human, and every report format (JSON, HTML, Markdown, terminal) says so.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from govlint.checklist import build_report
from govlint.checklist.items import PASS, REVIEW, evaluate
from govlint.checks import all_rules
from govlint.checks.link import probe as linkcheck
from govlint.cli.main import main
from govlint.config import Config
from govlint.engine import lint_file

ARTICLE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>普安县召开秋冬季农业生产推进会</title></head>
<body><div id="js_article"><div class="rich_media_content" id="js_content">
<section style="font-size: 15px; color: rgb(62, 62, 62);">
<p><span style="font-size: 15px;">11月19日，普安县召开秋冬季农业生产暨乡村振兴重点工作推进会，总结前一阶段工作成效，安排部署下一阶段重点工作。</span></p>
<p><span style="font-size: 15px;">会议要求，各乡镇、各部门要加强统筹协调，强化督查调度，确保全年目标任务圆满完成。</span></p>
<p><span style="font-size: 15px;">政策原文详见<a href="{href}">中国政府网政策文件库</a>。</span></p>
</section></div></div></body></html>
"""
NO_LINKS = ARTICLE.replace('详见<a href="{href}">中国政府网政策文件库</a>', "详见县政府门户网站政策文件栏目")


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def _draft(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "draft.html"
    path.write_text(text, encoding="utf-8")
    return path


def test_without_check_links_the_link_item_needs_a_human_in_every_format(tmp_path):
    draft = _draft(tmp_path, ARTICLE.format(href="https://www.gov.cn/zhengce/"))

    code, out = _run([str(draft), "--select", "link", "--format", "json"])
    assert code == 0
    entry = json.loads(out)["files"][0]
    assert entry["findings"] == []  # every link rule ran and found nothing, yet:
    link = next(i for i in entry["checklist"] if i["id"] == "link")
    assert link["status"] == "review"
    assert "“错链”" in link["reason"] and "未检查" in link["reason"] and "--check-links" in link["reason"]

    html = tmp_path / "report.html"
    _run([str(draft), "--select", "link", "--format", "html", "--output", str(html)])
    row = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml").select_one('tr[data-item="link"]')
    assert row.select_one(".status")["class"] == ["status", "review"]
    assert row.select_one(".status").get_text() == "待人工确认"
    assert link["reason"] in row.get_text()

    _, markdown = _run([str(draft), "--select", "link", "--format", "markdown"])
    line = next(x for x in markdown.splitlines() if "无不明链接、暗链" in x)
    assert "待人工确认" in line and "通过" not in line and "--check-links" in line

    _, terminal = _run([str(draft), "--select", "link"])
    assert "--check-links" in terminal


def test_a_draft_without_links_to_open_passes_the_link_item(tmp_path):
    result = lint_file(_draft(tmp_path, NO_LINKS), Config(select=("link",)))
    link = next(i for i in build_report(result).checklist if i.item.id == "link")
    assert link.status == PASS and link.reason is None
    assert result.rules_unchecked == ()


class _AlwaysUp(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self.do_HEAD()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site():
    linkcheck.clear_cache()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AlwaysUp)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/zhengce/"
    server.shutdown()
    server.server_close()
    linkcheck.clear_cache()


def _link_item(result):
    """The link item judged on link.dead alone (the local server is plain http on an IP address)."""
    dead = [r for r in all_rules() if r.id == "link.dead"]
    return next(i for i in evaluate(result, rules=dead) if i.item.id == "link")


def test_with_check_links_an_answering_link_passes_and_a_refused_one_does_not(tmp_path, site):
    draft = _draft(tmp_path, ARTICLE.format(href=site))
    only_dead = Config(select=("link.dead",))
    assert _link_item(lint_file(draft, only_dead)).status == REVIEW

    result = lint_file(draft, replace(only_dead, check_links=True, allow_private_links=True))
    assert result.findings == () and result.rules_unchecked == ()
    assert _link_item(result).status == PASS

    # Checking on, but the (loopback) address is never contacted without --allow-private-links.
    link = _link_item(lint_file(draft, replace(only_dead, check_links=True)))
    assert link.status == REVIEW and "--allow-private-links" in link.reason
