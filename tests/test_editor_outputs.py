"""What editors read speaks their language (issue 26, done-when): no report
or dashboard shows a rule id without its Chinese name, a source line:column
as a location, the draft's markup, or an ISO timestamp; the terminal quotes
article text. Over every example and the fixture quarter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from govlint.checks import all_rules
from govlint.cli.audit import main as audit_main
from govlint.cli.main import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = [p for p in sorted((REPO / "examples").iterdir()) if p.suffix in (".md", ".html", ".txt") and p.name != "README.md"]
QUARTER = REPO / "tests" / "fixtures" / "quarter"
TITLES = {rule.id: rule.title for rule in all_rules()}
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
LOCATION = re.compile(r"^(?:第\d+段|标题|图注|正文外|页眉|页脚|脚注\d+|尾注\d+)第\d+字$|^头信息或元数据$")
# A finding outside the article's text says what it is about, never a line:column.
ABOUT = re.compile(r"^(?:(?:第\d+段|标题|图注|正文外)第\d+字|头信息第\d+行|网页元数据|文档属性)$")


def test_the_html_report_names_rules_places_findings_and_shows_no_markup(tmp_path):
    out = tmp_path / "report.html"
    main([*map(str, EXAMPLES), "--format", "html", "-o", str(out)])
    page = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    entries = page.select("aside.margin li")
    assert entries
    for entry in entries:
        rule = entry.select_one("code").get_text().split(" · ")
        assert rule[0] == TITLES[rule[1]]  # 重复字词 · typo.duplicate · 初审
        assert ABOUT.match(entry.select_one("a.pos").get_text())
    for quote in page.select("aside.margin .quote"):
        assert "<" not in quote.get_text()
    assert not ISO.search(page.get_text())


def test_the_markdown_report_names_rules_and_places_findings(tmp_path, capsys):
    main([*map(str, EXAMPLES), "--format", "markdown"])
    rows = [line for line in capsys.readouterr().out.splitlines() if re.match(r"^\| \d+ \| ", line)]
    assert rows
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        rule = re.fullmatch(r"(.+)（([a-z]+\.[a-z0-9-]+)）", cells[3])
        assert rule and rule.group(1) == TITLES[rule.group(2)], row
        assert ABOUT.match(cells[1]), row
        assert "</" not in cells[4], row


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory) -> BeautifulSoup:
    folder = tmp_path_factory.mktemp("dash")
    out = folder / "dash.html"
    audit_main([str(QUARTER), "--from", "2026-07-01", "--to", "2026-09-30", "--format", "html", "-o", str(out),
                "--no-progress", "--jobs", "1", "--cache-dir", str(folder / "cache")])
    return BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")


def test_the_dashboard_names_rules_and_places_findings(dashboard):
    for code in dashboard.select("td > code"):
        rule = code.get_text()
        assert code.parent.get_text().strip().startswith(TITLES[rule]), rule
    rows = [row.select("td") for row in dashboard.select("section[id^=post-] tr") if row.select("td")]
    assert rows and all(LOCATION.match(cells[0].get_text()) for cells in rows), [r[0] for r in rows]
    assert not ISO.search(dashboard.get_text())
    assert not any("<" in cells[4].get_text() for cells in rows)


def test_the_terminal_quotes_article_text_not_markup(capsys):
    main([str(REPO / "examples" / "wechat-article.html"), "--checklist", "line"])
    quoted = [line for line in capsys.readouterr().out.splitlines() if " │ " in line and not line.strip().startswith("│")]
    assert quoted and not any("<" in line.split(" │ ", 1)[1] for line in quoted), quoted
