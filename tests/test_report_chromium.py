"""The HTML report rendered by a real browser (Debian's headless Chromium).

The report of the examples plus a hostile draft is rendered; the test reads
the DOM *after* scripts would have run (``--dump-dom``) and takes a
screenshot. A control page, with the same payloads unescaped, proves the
harness would see a script that ran.
"""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from govlint.checklist import build_report
from govlint.cli.main import EXIT_FINDINGS, main
from govlint.config import Config, discover
from govlint.engine import discover_files, lint_file
from govlint.formats.browser import chromium_command

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
HOSTILE = REPO / "tests" / "data" / "hostile-draft.html"
PAYLOAD = """<script>document.title = "PWNED"</script>
<img src="missing.png" onerror="document.body.setAttribute('data-pwned', 'img')">"""


def chromium(binary: str, profile: Path, *args: str) -> str:
    done = subprocess.run(
        chromium_command(binary, profile, *args),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def browser(require_tool) -> str:
    return require_tool("chromium")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("html") / "report.html"
    assert main([str(EXAMPLES), str(HOSTILE), "--format", "html", "--output", str(target)]) == EXIT_FINDINGS
    return target


def test_the_harness_sees_a_script_that_runs(browser, tmp_path):
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><html><head><title>对照</title></head><body>{PAYLOAD}</body></html>", "utf-8")
    dom = BeautifulSoup(chromium(browser, tmp_path / "profile", "--dump-dom", control.as_uri()), "lxml")
    assert dom.title.get_text() == "PWNED"
    assert dom.body.get("data-pwned") == "img"


def test_rendered_report_has_the_checklist_and_ran_nothing(browser, report, tmp_path):
    dom = BeautifulSoup(chromium(browser, tmp_path / "profile", "--dump-dom", report.as_uri()), "lxml")
    assert dom.title.get_text() == "三审报告 · govlint"
    assert dom.body.get("data-pwned") is None
    assert dom.find("script") is None and dom.find("img") is None and dom.find("svg") is None
    paths = discover_files(EXAMPLES, lambda p: discover(p.resolve().parent))  # examples/.govlint.toml
    results = [lint_file(p, Config(), display=str(p)) for p in paths]
    results.append(lint_file(HOSTILE, Config(), display=str(HOSTILE)))
    sections = dom.select("section.file")
    assert len(sections) == len(results)
    for section, result in zip(sections, results, strict=True):
        rows = section.select("table.checklist tbody tr")
        expected = build_report(result).checklist
        assert [r["data-item"] for r in rows] == [i.item.id for i in expected]
        assert [r.select_one(".status")["class"][1] for r in rows] == [i.status for i in expected]
    # The hostile draft's payloads are on the page, as text.
    hostile = sections[-1].get_text()
    assert "<script>document.body.setAttribute(\"data-pwned\",\"script\");document.title=\"PWNED\"</script>" in hostile


def test_screenshot_of_the_report(browser, report, tmp_path):
    shot = tmp_path / "report.png"
    chromium(browser, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000", report.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    # A blank or unstyled page compresses to a few kilobytes; the report has text, tables and colours.
    assert len(data) > 60_000, len(data)
