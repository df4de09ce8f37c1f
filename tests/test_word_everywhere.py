"""Word drafts everywhere a draft goes: folder walks, the reports an editor
reads (positions as 第N段第M字), the machine formats (paragraph lines) and
the quarter's audit of a folder of Word posts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import word_drafts as wd

from govlint.cli.audit import main as audit_main
from govlint.cli.main import EXIT_FINDINGS, main


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """An account's folder: two dated Word posts (one with a pasted paragraph and
    a tracked change) beside a Markdown post."""
    root = tmp_path_factory.mktemp("posts") / "某某县人民政府"
    root.mkdir()
    wd.build_gongwen(root / "2026-09-01-防火通知.docx", pasted=True, tracked=True)
    wd.build_gongwen(root / "2026-09-20-防火通知（修订）.docx")
    (root / "2026-09-25-简讯.md").write_text("# 简讯\n\n各乡镇认真开展森林防火宣传。\n", encoding="utf-8")
    return root


def lint(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def pasted_paragraph(folder: Path) -> int:
    """The source line of the pasted paragraph (the title is line 1)."""
    from govlint.readers import read_document

    path = folder / "2026-09-01-防火通知.docx"
    document = read_document(path.read_bytes(), str(path), "docx")
    (line,) = [n for n, text in enumerate(document.source.lines(), 1) if text == wd.PASTED]
    return line


def test_a_folder_walk_takes_the_word_drafts_too(folder, capsys):
    code, out = lint(capsys, str(folder), "--format", "json")
    files = json.loads(out)["files"]
    assert code == EXIT_FINDINGS
    assert sorted((Path(f["path"]).suffix, f["format"]) for f in files) == [
        (".docx", "docx"), (".docx", "docx"), (".md", "markdown")
    ]


def test_the_terminal_and_markdown_report_say_which_paragraph(folder, capsys):
    number = pasted_paragraph(folder)
    draft = str(folder / "2026-09-01-防火通知.docx")
    _, out = lint(capsys, draft, "--select", "font.mixed-size", "--checklist", "line")
    # The title is 标题, not a paragraph: the pasted line is paragraph number - 1.
    assert f"{draft}:{number}:1: 第{number - 1}段第1字 错误 [" in out
    assert "小四（12pt）" in out and "三号（16pt）" in out  # sizes as Word names them
    _, report = lint(capsys, draft, "--select", "font.mixed-size", "--format", "markdown")
    assert f"| 1 | 第{number - 1}段第1字 | 错误 |" in report


def test_json_and_sarif_keep_paragraph_lines(folder, capsys):
    number = pasted_paragraph(folder)
    draft = str(folder / "2026-09-01-防火通知.docx")
    _, out = lint(capsys, draft, "--select", "font.mixed-size", "--format", "json")
    [finding] = json.loads(out)["files"][0]["findings"]
    assert (finding["line"], finding["column"], finding["place"], finding["paragraph"]) == (
        number, 1, f"第{number - 1}段", number - 1
    )
    assert finding["text"] == wd.PASTED
    _, sarif = lint(capsys, draft, "--select", "font.mixed-size", "--format", "sarif")
    [result] = json.loads(sarif)["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (number, 1)


def test_the_html_report_of_a_word_draft_shows_its_paragraphs(folder, capsys, tmp_path):
    out = tmp_path / "report.html"
    code, _ = lint(capsys, str(folder / "2026-09-01-防火通知.docx"), "--format", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert code == EXIT_FINDINGS
    assert wd.PASTED in page and "draft.tracked-change" in page
    assert "<w:" not in page  # the article's words, never Word's XML


def test_the_audit_dates_word_posts_by_their_file_names(folder, tmp_path):
    out = tmp_path / "audit.json"
    code = audit_main(
        [str(folder), "--from", "2026-09-01", "--to", "2026-09-30", "--format", "json", "-o", str(out), "--no-progress",
         "--no-cache"]
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert code in (0, 1)
    posts = {Path(p["path"]).name: p for p in data["posts"]}
    # The properties say 2026-03-02 (when the file was saved); the file name says when it went out.
    assert posts["2026-09-01-防火通知.docx"]["published_at"].startswith("2026-09-01")
    assert posts["2026-09-20-防火通知（修订）.docx"]["published_at"].startswith("2026-09-20")
    rules = [f["rule"] for f in posts["2026-09-01-防火通知.docx"]["findings"]]
    assert "draft.tracked-change" in rules and "font.mixed-size" in rules
    [account] = data["accounts"]
    drafts = sum(f["rule"].startswith("draft.") for p in posts.values() for f in p["findings"])
    assert account["posts"] == 3 and account["findings_by_check"]["draft"] == drafts >= 1
