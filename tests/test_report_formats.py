"""Every report format on the examples and on a hostile draft.

The hostile draft (tests/data/hostile-draft.html) carries ``<script>``,
``onerror=``, ``javascript:`` URLs, ``</textarea>``, Markdown table and code
syntax and fake workflow commands in its metadata and in finding excerpts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from bs4 import BeautifulSoup

from govlint.checklist import build_report
from govlint.checks import all_rules
from govlint.cli.main import EXIT_FINDINGS, main
from govlint.config import Config, discover
from govlint.engine import discover_files, lint_file
from govlint.formats import github, markdown, names

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
HOSTILE = REPO / "tests" / "data" / "hostile-draft.html"
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
JSON_SCHEMA = json.loads((REPO / "docs" / "json-output.schema.json").read_text(encoding="utf-8"))
FORMATS = ("terminal", "json", "html", "markdown", "sarif", "github")
STATUS_TEXT = {"pass": "通过", "fail": "未通过", "review": "待人工确认"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, str]:
    """Each format's report of examples/ plus the hostile draft, written with --output."""
    folder = tmp_path_factory.mktemp("reports")
    outputs = {}
    for fmt in FORMATS:
        target = folder / f"report.{fmt}"
        code = main([str(EXAMPLES), str(HOSTILE), "--format", fmt, "--output", str(target)])
        assert code == EXIT_FINDINGS, fmt
        outputs[fmt] = target.read_text(encoding="utf-8")
    return outputs


@pytest.fixture(scope="module")
def results():
    # The same files, in the same order, as the command line lints them.
    paths = discover_files(EXAMPLES, lambda p: discover(p.resolve().parent))  # examples/.govlint.toml
    return [lint_file(p, Config(), display=str(p)) for p in [*paths, HOSTILE]]


def test_every_format_is_registered_and_offered():
    assert set(FORMATS) <= set(names())


def test_json_checklist_per_file_indexes_that_files_findings(reports, results):
    data = json.loads(reports["json"])
    jsonschema.validate(data, JSON_SCHEMA)
    assert len(data["files"]) == len(results)
    for entry in data["files"]:
        assert [c["stage"] for c in entry["signoff"]] == ["初审", "复审", "终审"]
        assert all(c["reviewer"] is None for c in entry["signoff"])
        referenced = set()
        for line in entry["checklist"]:
            assert line["status"] in {"pass", "fail", "review"}
            for index in line["findings"]:
                assert entry["findings"][index]["rule"] in line["rules"] or line["status"] == "review"
                referenced.add(index)
            assert (line["status"] == "fail") == (bool(line["findings"]) and line["reason"] is None)
        # Every finding counts against some checklist line.
        assert referenced == set(range(len(entry["findings"])))


def test_terminal_report_shows_the_checklist_per_file_unless_quiet(capsys):
    draft = EXAMPLES / "notice.md"
    assert main([str(draft)]) == EXIT_FINDINGS
    out = capsys.readouterr().out
    assert "三审清单：" in out and "无错别字、漏字" in out and "同意发布" in out
    assert "未通过" in out and "待人工确认" in out and "签字：初审（编辑）" in out
    assert "标题：2027年度城乡居民医保集中缴费开始啦" in out
    assert "第17段第16字" in out  # the typo item lists the finding's position, as the editor counts
    assert main([str(draft), "--quiet"]) == EXIT_FINDINGS
    quiet = capsys.readouterr().out
    assert "三审清单" not in quiet and " typo.duplicate]" in quiet


def test_terminal_checklist_colours_statuses(monkeypatch, capsys):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    main([str(EXAMPLES / "notice.md")])
    out = capsys.readouterr().out
    assert re.search(r"\x1b\[[0-9;]*31m未通过", out)  # red
    assert re.search(r"\x1b\[[0-9;]*33m待人工确认", out)  # yellow


# --- HTML -----------------------------------------------------------------------


def test_html_report_is_self_contained_and_inert(reports):
    page = reports["html"]
    soup = BeautifulSoup(page, "lxml")
    assert soup.find("script") is None
    assert soup.find("svg") is None and soup.find("img") is None and soup.find("iframe") is None
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), (tag.name, attribute)
            if attribute in {"href", "src", "action", "srcset"}:
                assert str(value).startswith("#"), (tag.name, attribute, value)  # in-page anchors only
    assert "http://" not in page.split("<body", 1)[0].replace("http-equiv", "")
    assert "@import" not in page and "url(" not in page
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp and "default-src 'none'" in csp["content"]


def test_html_report_shows_hostile_content_as_text(reports):
    soup = BeautifulSoup(reports["html"], "lxml")
    section = soup.find_all("section", class_="file")[-1]
    text = section.get_text()
    assert "关于</title><script>document.title='PWNED'</script>开展排查的通知" in text
    assert "onerror=\"document.body.setAttribute('data-pwned','author')\"" in text
    assert "</textarea></title></style></script><script>" in text
    assert "javascript:document.title='PWNED'" in text
    # The page itself kept its own title.
    assert soup.title.get_text() == "三审报告 · govlint"


def test_html_report_highlights_each_finding_in_place_with_its_message(reports, results):
    soup = BeautifulSoup(reports["html"], "lxml")
    sections = soup.find_all("section", class_="file")
    assert len(sections) == len(results)
    for section, result in zip(sections, results, strict=True):
        marks = section.select(".source mark, .source .ins")
        titles = " ".join(m.get("title", "") for m in marks)
        for number, finding in enumerate(result.findings, 1):
            assert f"[{number}]" in titles and finding.message in titles, (result.path, finding)
            entry = section.select_one(f"li#f{sections.index(section) + 1}-{number}")
            assert entry is not None and finding.message in entry.get_text()
        for number, finding in enumerate(result.findings, 1):
            if finding.line != finding.end_line or not finding.text:
                continue
            line = section.select_one(f"#f{sections.index(section) + 1}-l{finding.line}")
            covered = [m for m in line.select("mark") if str(number) in m["data-findings"].split()]
            for mark in covered:
                for label in mark.select("sup"):
                    label.decompose()
            assert "".join(m.get_text() for m in covered) == finding.text, (result.path, finding)


def test_html_report_carries_metadata_summary_checklist_and_signoff(reports, results):
    soup = BeautifulSoup(reports["html"], "lxml")
    for section, result in zip(soup.find_all("section", class_="file"), results, strict=True):
        report = build_report(result)
        rows = section.select("table.checklist tbody tr")
        assert len(rows) == len(report.checklist)
        for row, line in zip(rows, report.checklist, strict=True):
            cells = [c.get_text(strip=True) for c in row.find_all("td")]
            assert cells[0] == line.stage.value and cells[1] == line.item.text
            assert cells[2] == STATUS_TEXT[line.status]
            assert row.select_one(f".status.{line.status}") is not None
        meta = section.select_one("table.meta").get_text()
        if result.metadata.title:
            assert result.metadata.title in meta
        boxes = section.select(".signoff .box")
        assert [b.select_one(".stage").get_text() for b in boxes] == ["初审（编辑）", "复审（部门负责人）", "终审（总编辑或分管领导）"]
        assert all("审核人" in b.get_text() and "日" in b.get_text() and "审核意见" in b.get_text() for b in boxes)
    header = soup.find("header").get_text()
    total = sum(len(r.findings) for r in results)
    assert f"{total} 个问题" in header and "错误" in header and "乱码（garbled）" in header


def test_html_report_is_printable_on_a4(reports):
    page = reports["html"]
    assert "@page { size: A4;" in page and "@media print" in page


# --- Markdown -------------------------------------------------------------------


def test_markdown_escape_neutralises_tables_code_links_and_html():
    hostile = "a|b `c` [x](javascript:alert(1)) <script>&amp; *e* _f_ ![i](y)\nnext"
    escaped = markdown.escape(hostile)
    assert "\n" not in escaped
    assert re.search(r"(?<!\\)[|`\[\]*_!]", escaped) is None
    assert "<" not in escaped and ">" not in escaped
    assert "&amp;amp;" in escaped


def test_markdown_report_tables_keep_their_shape_on_hostile_content(reports, results):
    text = reports["markdown"]
    assert "<script" not in text and "<img" not in text and "<textarea" not in text.replace("&lt;", "<x")
    tables = [block.splitlines() for block in re.findall(r"(?m)(?:^\|.*\n)+", text)]
    # The counts, the overview of several files, then per file: metadata, findings, checklist, sign-off.
    assert len(tables) == 2 + 3 * len(results) + sum(1 for r in results if r.findings)
    for table in tables:
        # Unescaped pipes delimit cells: every row of a table has as many as its header.
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table}
        assert len(widths) == 1, table
    for result in results:
        report = build_report(result)
        for line in report.checklist:
            assert f"| {line.stage.value} | {markdown.escape(line.item.text)} |" in text
    assert text.count("### 审核签字") == len(results)
    assert "| 终审（总编辑或分管领导） |  |  |  |" in text
    assert "| 原创/转载 | 原创 |" in text  # metadata of the WeChat example


# --- SARIF ----------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_2_1_0_schema(reports):
    log = json.loads(reports["sarif"])
    jsonschema.validate(log, SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    assert log["version"] == "2.1.0"


def test_sarif_results_match_the_findings(reports, results):
    run = json.loads(reports["sarif"])["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in all_rules()]
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    expected = [(result, f) for result in results for f in result.findings]
    assert len(run["results"]) == len(expected)
    levels = {"error": "error", "warning": "warning", "notice": "note"}
    for entry, (result, finding) in zip(run["results"], expected, strict=True):
        assert entry["ruleId"] == finding.rule and rules[entry["ruleIndex"]]["id"] == finding.rule
        assert entry["level"] == levels[finding.severity.value]
        location = entry["locations"][0]["physicalLocation"]
        assert unquote(location["artifactLocation"]["uri"]).removeprefix("file://") == Path(result.path).as_posix()
        region = location["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            finding.line, finding.column, finding.end_line, finding.end_column,
        )
        assert region["snippet"]["text"] == finding.text
        # An edit a viewer may apply is a SARIF fix; a display-only one (a masked number) is not.
        if finding.fix is not None and finding.fix.applicability.value != "display":
            replacement = entry["fixes"][0]["artifactChanges"][0]["replacements"][0]
            assert replacement["insertedContent"]["text"] == finding.fix.replacement
        else:
            assert "fixes" not in entry
    assert run["columnKind"] == "unicodeCodePoints"
    reports_bag = run["properties"]["reports"]
    assert [r["path"] for r in reports_bag] == [r.path for r in results]
    assert all(len(r["signoff"]) == 3 and r["checklist"] for r in reports_bag)


def test_sarif_reports_unreadable_files_as_notifications(tmp_path, capsys):
    broken = tmp_path / "坏稿.txt"
    broken.write_bytes(b"\x00\x01\x02\x03" * 64)
    target = tmp_path / "out.sarif"
    assert main([str(broken), "--format", "sarif", "--output", str(target)]) == 2
    log = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(log, SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "坏稿.txt" in unquote(invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])


# --- GitHub annotations ---------------------------------------------------------

ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^,:]+)::(.*)$"
)


def test_github_escaping_follows_the_runner_rules():
    assert github.escape_data("100%\r\n好") == "100%25%0D%0A好"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert github.escape_data("\x1b[31m") == "\\u001b[31m"
    line = github.command("warning", "第一行\n::error::伪造", file="目录/稿,件:1.md", line=3)
    assert line == "::warning file=目录/稿%2C件%3A1.md,line=3::第一行%0A::error::伪造"
    assert "\n" not in line


def test_github_annotations_one_per_finding(reports, results):
    lines = reports["github"].splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    expected = [(r, f) for r in results for f in r.findings]
    assert len(annotations) == len(expected)
    for line, (result, finding) in zip(annotations, expected, strict=True):
        match = ANNOTATION.match(line)
        assert match, line
        level, file, *numbers, title, message = match.groups()
        assert level == {"error": "error", "warning": "warning", "notice": "notice"}[finding.severity.value]
        assert file == result.path
        assert tuple(map(int, numbers)) == (finding.line, finding.column, finding.end_line, finding.end_column)
        assert title.startswith(finding.rule)
        assert "%0A" not in message or "\n" in finding.message
    # The hostile draft's fake command and comma stay inside its message, escaped.
    plain = [line for line in lines if not line.startswith("::")]
    assert len(plain) == len(results) and all("三审清单" in line for line in plain)


# --- the overview of several files ------------------------------------------------


def test_a_report_of_several_files_opens_with_an_overview_worst_first(tmp_path, capsys):
    (tmp_path / "a-clean.md").write_text("# 通知\n\n各部门要认真开展自查自纠。\n", encoding="utf-8")
    (tmp_path / "b-one.txt").write_text("各部门要认真进行进行自查自纠。\n", encoding="utf-8")
    (tmp_path / "c-two.txt").write_text("各部门要认真进行进行自查自纠，加强加强管理。\n", encoding="utf-8")
    (tmp_path / "d-binary.txt").write_bytes(b"\x00\x01binary\x00")
    main([str(tmp_path), "--format", "markdown", "-o", str(tmp_path / "report.md")])
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    overview = text.split("## 总览（问题多的在前）", 1)[1].split("\n## ", 1)[0]
    rows = [row for row in overview.splitlines() if row.startswith("| ") and "---" not in row][1:]
    assert [row.split(" | ")[0].rsplit("/", 1)[1] for row in rows] == ["d-binary.txt", "c-two.txt", "b-one.txt", "a-clean.md"]
    assert [row.split(" | ")[1] for row in rows] == ["无法检查", "未通过", "未通过", "待人工确认"]
    assert rows[2].endswith("| 1 | 0 | 0 | 词语“进行”连续重复，疑为多字 |")
    main([str(tmp_path / "a-clean.md"), str(tmp_path / "b-one.txt"), "--format", "html", "-o", str(tmp_path / "r.html")])
    page = BeautifulSoup((tmp_path / "r.html").read_text(encoding="utf-8"), "lxml")
    links = [a["href"] for a in page.select("section.overview a")]
    assert links == ["#file-2", "#file-1"] and all(page.select_one(href) for href in links)
    main([str(tmp_path / "a-clean.md"), "--format", "markdown", "-o", str(tmp_path / "one.md")])
    assert "总览" not in (tmp_path / "one.md").read_text(encoding="utf-8")  # one file needs none
    capsys.readouterr()
