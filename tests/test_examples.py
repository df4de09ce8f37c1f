"""`govlint examples/ --format json` follows the documented contract."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from govlint.cli.main import EXIT_FINDINGS, main
from govlint.source import decode

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SCHEMA = json.loads((REPO / "docs" / "json-output.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def output() -> tuple[int, str]:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main([str(EXAMPLES), "--format", "json"])
    return code, buffer.getvalue()


def test_output_is_valid_against_the_schema(output):
    code, text = output
    assert code == EXIT_FINDINGS
    jsonschema.validate(json.loads(text), SCHEMA)


def test_output_is_byte_identical_between_runs(output):
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        main([str(EXAMPLES), "--format", "json"])
    assert buffer.getvalue() == output[1]


def test_every_finding_points_at_its_text_in_the_original_file(output):
    data = json.loads(output[1])
    checked = 0
    for entry in data["files"]:
        source = Path(entry["path"])
        decoded = decode(source.read_bytes(), html=entry["format"] == "html").text
        lines = decoded.splitlines(keepends=True)
        for finding in entry["findings"]:
            start = sum(map(len, lines[: finding["line"] - 1])) + finding["column"] - 1
            end = sum(map(len, lines[: finding["end_line"] - 1])) + finding["end_column"] - 1
            assert decoded[start:end] == finding["text"], (entry["path"], finding)
            checked += 1
    assert checked >= 5


def test_summary_counts_match_the_files(output):
    data = json.loads(output[1])
    findings = [f for entry in data["files"] for f in entry["findings"]]
    assert data["summary"]["files"] == len(data["files"])
    assert data["summary"]["findings"] == len(findings)
    assert sum(data["summary"]["by_check"].values()) == len(findings)
    assert data["summary"]["by_severity"]["error"] == sum(f["severity"] == "error" for f in findings)


def test_each_defective_example_has_findings_and_the_clean_one_has_none(output):
    data = json.loads(output[1])
    by_name = {Path(entry["path"]).name: entry for entry in data["files"]}
    assert by_name["clean-article.md"]["findings"] == []
    for name in ("wechat-article.html", "cms-page.html", "notice.md", "county-notice-gbk.txt"):
        assert by_name[name]["findings"], name
        assert by_name[name]["error"] is None
    assert by_name["county-notice-gbk.txt"]["encoding"] == "gb18030"
    assert by_name["wechat-article.html"]["metadata"]["account"] == "普安之声"
    assert by_name["wechat-article.html"]["metadata"]["label"] == "原创"
    assert by_name["notice.md"]["metadata"]["label"] == "转载"
