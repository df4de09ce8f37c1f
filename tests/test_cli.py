"""The command line as an editor and a newsroom script use it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.cli.main import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main

DOUBLED = "各部门要认真进行进行自查自纠。\n"
CLEAN = "各部门要认真进行自查自纠。\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_exit_codes_follow_findings_and_threshold(tmp_path, capsys):
    bad = write(tmp_path, "bad.txt", DOUBLED)
    good = write(tmp_path, "good.txt", CLEAN)
    assert run(capsys, str(good))[0] == EXIT_OK
    assert run(capsys, str(bad))[0] == EXIT_FINDINGS
    # An error-severity finding downgraded to a notice no longer fails the run...
    write(tmp_path, ".govlint.toml", '[severity]\n"typo.duplicate" = "notice"\n')
    assert run(capsys, str(bad))[0] == EXIT_OK
    # ...unless the threshold goes down to notices.
    assert run(capsys, str(bad), "--fail-on", "notice")[0] == EXIT_FINDINGS


def test_terminal_output_shows_position_source_line_and_suggestion(tmp_path, capsys):
    bad = write(tmp_path, "bad.txt", DOUBLED)
    code, out, _ = run(capsys, str(bad))
    assert code == EXIT_FINDINGS
    # The file's line:column for tools, then the place an editor counts and the rule's Chinese name.
    assert f"{bad}:1:7: 第1段第7字 错误 [重复字词 typo.duplicate] 词语“进行”连续重复" in out
    assert " 第1段 │ 各部门要认真进行进行自查自纠。" in out
    assert "^^^^^^^^" in out  # four wide characters, eight cells
    assert "建议：进行" in out
    assert "发现 1 个问题" in out
    assert "\x1b[" not in out  # not a terminal: no colour codes


def test_terminal_output_neutralises_control_sequences(tmp_path, capsys):
    bad = write(tmp_path, "bad.txt", "\x1b[2J\x1b[31m各部门要认真进行进行自查。\n")
    code, out, _ = run(capsys, str(bad))
    assert code == EXIT_FINDINGS
    assert "\x1b" not in out and "\\u001b[2J" in out


def test_select_and_ignore(tmp_path, capsys):
    bad = write(tmp_path, "bad.txt", "进行进行�\n")
    code, out, _ = run(capsys, str(bad), "--format", "json", "--select", "garbled")
    assert {f["rule"] for f in json.loads(out)["files"][0]["findings"]} == {"garbled.replacement-char"}
    code, out, _ = run(capsys, str(bad), "--format", "json", "--ignore", "garbled.replacement-char")
    assert {f["rule"] for f in json.loads(out)["files"][0]["findings"]} == {"typo.duplicate"}
    code, _, err = run(capsys, str(bad), "--select", "typo.nonsense")
    assert code == EXIT_ERROR and "typo.nonsense" in err and "不存在" in err


def test_directories_are_walked_for_drafts_only(tmp_path, capsys):
    write(tmp_path, "a/one.md", DOUBLED)
    write(tmp_path, "a/b/two.HTML", f"<p>{DOUBLED}</p>")
    write(tmp_path, "a/notes.pdf", b"%PDF-1.7")
    write(tmp_path, "a/.git/three.md", DOUBLED)
    code, out, _ = run(capsys, str(tmp_path / "a"), "--format", "json")
    paths = [Path(f["path"]).name for f in json.loads(out)["files"]]
    assert code == EXIT_FINDINGS and paths == ["two.HTML", "one.md"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.md", None, "路径不存在"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制文件"),
        ("draft.pdf", b"%PDF-1.7", "不支持的文件类型"),
        ("draft.docx", b"PK\x03\x04", "Word 文件已损坏"),
        ("front.md", "---\ntitle: [未闭合\n---\n正文\n", "YAML"),
    ],
)
def test_bad_input_gets_one_line_error_and_exit_2(tmp_path, capsys, name, content, reason):
    path = tmp_path / name
    if content is not None:
        write(tmp_path, name, content)
    good = write(tmp_path, "good.txt", DOUBLED)
    code, out, err = run(capsys, str(path), str(good))
    assert code == EXIT_ERROR
    [line] = err.strip().splitlines()
    assert line.startswith(f"govlint: {path}: ") and reason in line
    assert "Traceback" not in err
    assert "typo.duplicate" in out  # the other input is still linted


def test_empty_directory_is_an_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, str(tmp_path / "empty"))
    assert code == EXIT_ERROR and "没有可检查的文稿" in err


def test_empty_file_is_linted_cleanly(tmp_path, capsys):
    path = write(tmp_path, "empty.md", "")
    code, out, _ = run(capsys, str(path), "--format", "json")
    entry = json.loads(out)["files"][0]
    assert code == EXIT_OK and entry["error"] is None and entry["findings"] == [] and entry["chars"] == 0


def test_oversized_file_is_reported_not_read(tmp_path, capsys):
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    code, out, err = run(capsys, str(path), "--format", "json")
    assert code == EXIT_ERROR
    assert "文件过大（50.0 MB）" in err and "max_file_size" in err
    assert json.loads(out)["files"][0]["error"].startswith("文件过大")


def test_max_file_size_is_configurable(tmp_path, capsys):
    path = write(tmp_path, "draft.txt", DOUBLED * 10)
    write(tmp_path, ".govlint.toml", 'max_file_size = "100B"\n')
    code, _, err = run(capsys, str(path))
    assert code == EXIT_ERROR and "超过上限 100 B" in err


def test_invalid_html_is_linted_not_rejected(tmp_path, capsys):
    path = write(tmp_path, "bad.html", "<div><p>未闭合的<b>段落进行进行</i><![if !supportLists]>检查</p></td></table")
    code, out, err = run(capsys, str(path), "--format", "json")
    assert err == "" and code == EXIT_FINDINGS
    [finding] = json.loads(out)["files"][0]["findings"]
    assert finding["text"] == "进行进行"


def test_input_files_are_never_modified(tmp_path, capsys):
    paths = [
        write(tmp_path, "a.html", f"<p>{DOUBLED}</p>"),
        write(tmp_path, "b.md", DOUBLED),
        write(tmp_path, "c.txt", DOUBLED.encode("gbk")),
    ]
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    run(capsys, str(tmp_path), "--format", "json")
    run(capsys, str(tmp_path))
    assert before == {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.md", "c.txt"]


def test_config_is_found_walking_up_and_validated(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[tool.govlint]\nignore = ["typo"]\n')
    draft = write(tmp_path, "posts/2026/a.txt", DOUBLED)
    assert run(capsys, str(draft))[0] == EXIT_OK
    write(tmp_path, "posts/.govlint.toml", "selekt = [\"typo\"]\n")
    code, _, err = run(capsys, str(draft))
    assert code == EXIT_ERROR and "未知配置项 selekt" in err and ".govlint.toml" in err
    write(tmp_path, "posts/.govlint.toml", "select = [\n")
    code, _, err = run(capsys, str(draft))
    assert code == EXIT_ERROR and "TOML 语法错误" in err
    # --config overrides the search.
    explicit = write(tmp_path, "strict.toml", 'select = ["typo"]\n')
    assert run(capsys, str(draft), "--config", str(explicit))[0] == EXIT_FINDINGS


def test_allow_words_from_config(tmp_path, capsys):
    draft = write(tmp_path, "a.txt", "请大家学习学习文件，再推进推进工作。\n")
    _code, out, _ = run(capsys, str(draft), "--format", "json")
    assert [f["text"] for f in json.loads(out)["files"][0]["findings"]] == ["推进推进"]
    write(tmp_path, ".govlint.toml", 'allow_words = ["推进"]\n')
    assert run(capsys, str(draft))[0] == EXIT_OK


def test_inline_suppression_comments(tmp_path, capsys):
    draft = write(
        tmp_path,
        "a.md",
        "第一段进行进行。\n\n<!-- govlint-disable-next-line typo.duplicate -->\n第二段进行进行。\n\n"
        "<!-- govlint-disable typo -->\n第三段进行进行。\n\n<!-- govlint-enable -->\n\n第四段进行进行。\n",
    )
    _code, out, _ = run(capsys, str(draft), "--format", "json")
    lines = [f["line"] for f in json.loads(out)["files"][0]["findings"]]
    assert lines == [1, 11]


def test_list_rules_and_explain(capsys):
    code, out, _ = run(capsys, "--list-rules")
    assert code == EXIT_OK and "typo.duplicate" in out and "garbled.replacement-char" in out
    assert "重复字词：" in out  # each rule's Chinese name before its summary
    code, out, _ = run(capsys, "--explain", "typo.duplicate")
    assert code == EXIT_OK and out.startswith("重复字词（typo.duplicate，duplicate-word）")
    assert "**错误示例**" in out and "**正确示例**" in out and "进行进行" in out and "初审" in out
    assert "**Bad**" not in out
    code, _, err = run(capsys, "--explain", "typo.nope")
    assert code == EXIT_ERROR and "typo.nope" in err


def test_usage_errors(capsys):
    assert run(capsys)[0] == EXIT_ERROR
    code, _, err = run(capsys, "x.md", "--format", "yaml")
    assert code == EXIT_ERROR and "yaml" in err
    code, _, err = run(capsys, "--frobnicate")
    assert code == EXIT_ERROR and len(err.strip().splitlines()) == 1


def test_output_file(tmp_path, capsys):
    draft = write(tmp_path, "a.txt", DOUBLED)
    report = tmp_path / "out" / "report.json"
    code, _, err = run(capsys, str(draft), "--format", "json", "--output", str(report))
    assert code == EXIT_ERROR and "无法写入报告" in err  # the folder does not exist
    report.parent.mkdir()
    assert run(capsys, str(draft), "--format", "json", "--output", str(report))[0] == EXIT_FINDINGS
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["findings"] == 1


def test_real_process_version_no_color_and_no_traceback(tmp_path):
    draft = write(tmp_path, "a.txt", DOUBLED)
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": ""}
    version = subprocess.run([sys.executable, "-m", "govlint", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("govlint ")
    done = subprocess.run(
        [sys.executable, "-m", "govlint", str(draft), str(tmp_path / "nope.md")],
        capture_output=True, text=True, env=env,
    )
    assert done.returncode == EXIT_ERROR
    assert "typo.duplicate" in done.stdout and "\x1b[" not in done.stdout
    assert done.stderr.strip() == f"govlint: {tmp_path / 'nope.md'}: 路径不存在"


def test_a_crashing_rule_is_reported_in_one_line_and_the_others_still_run(tmp_path, capsys, monkeypatch):
    import dataclasses

    from govlint import rules

    def boom(document, context):
        raise ValueError("simulated bug\nsecond line")

    broken = dataclasses.replace(rules._REGISTRY["garbled.replacement-char"], function=boom)
    monkeypatch.setitem(rules._REGISTRY, "garbled.replacement-char", broken)
    draft = write(tmp_path, "a.txt", DOUBLED)
    code, out, err = run(capsys, str(draft))
    assert code == EXIT_ERROR
    assert err.strip() == f"govlint: {draft}: 规则 garbled.replacement-char 运行出错（ValueError: simulated bug），请报告此问题"
    assert "typo.duplicate" in out


def test_an_internal_error_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    import govlint.engine

    def broken(*args, **kwargs):
        raise FileNotFoundError("dictionaries missing")

    monkeypatch.setattr(govlint.engine, "lint_files", broken)  # looked up at each run
    monkeypatch.delenv("GOVLINT_DEBUG", raising=False)
    code, _, err = run(capsys, str(write(tmp_path, "a.txt", DOUBLED)))
    assert code == EXIT_ERROR
    assert err.strip() == "govlint: 内部错误：FileNotFoundError: dictionaries missing（设置 GOVLINT_DEBUG=1 可查看详情，请报告此问题）"
