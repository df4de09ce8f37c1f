"""The conventions that users of ruff, Vale, textlint and autocorrect expect
(issue 25): ``-`` for standard input with ``--stdin-filename``, ``--diff``,
``--exit-zero``, the commands in ``--help``, and a one-line checklist for
hooks; the audit's report written whole or not at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from govlint.cli.main import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, main

DOUBLED = "各部门要认真进行进行自查自纠。\n"
CLEAN = "各部门要认真进行自查自纠。\n"


def govlint(*args: str, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govlint", *args], input=stdin, capture_output=True, cwd=cwd, timeout=120
    )


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_standard_input_is_read_as_text_by_default():
    done = govlint("-", "-q", stdin=DOUBLED.encode("utf-8"))
    assert done.returncode == EXIT_FINDINGS, done.stderr.decode()
    assert done.stdout.decode("utf-8").startswith("-:1:7: 第1段第7字 错误 [重复字词 typo.duplicate]")


def test_the_stdin_filename_gives_the_type_the_configuration_and_the_name(tmp_path):
    folder = tmp_path / "稿件"
    folder.mkdir()
    (folder / ".govlint.toml").write_text('account = "普安之声"\nignore = ["provenance"]\n', encoding="utf-8")
    draft = "---\ntitle: 关于开展自查的通知\nlabel: 原创\n---\n\n" + DOUBLED
    done = govlint(
        "-", "--stdin-filename", "稿件/通知.md", "--format", "json", stdin=draft.encode("utf-8"), cwd=tmp_path
    )
    (result,) = json.loads(done.stdout)["files"]
    assert result["path"] == "稿件/通知.md" and result["format"] == "markdown"
    assert result["metadata"]["title"] == "关于开展自查的通知"  # read as Markdown: front matter
    assert result["provenance"] is None  # the folder's configuration ignores the check
    assert [f["rule"] for f in result["findings"]] == ["typo.duplicate"]


def test_standard_input_in_gbk_is_decoded_as_a_file_is():
    done = govlint("-", "-q", stdin=DOUBLED.encode("gb18030"))
    assert " typo.duplicate]" in done.stdout.decode("utf-8")


def test_standard_input_over_the_size_limit_is_refused_in_one_line(tmp_path):
    (tmp_path / ".govlint.toml").write_text("max_file_size = 100\n", encoding="utf-8")
    done = govlint("-", stdin=("测试" * 200).encode("utf-8"), cwd=tmp_path)
    assert done.returncode == EXIT_ERROR
    assert done.stderr.decode("utf-8").strip().splitlines() == [
        "govlint: -: 输入过大，超过上限 100 B；可在配置中调整 max_file_size"
    ]


def test_standard_input_must_be_alone_and_is_never_fixed(capsys, tmp_path):
    other = tmp_path / "a.txt"
    other.write_text(CLEAN, encoding="utf-8")
    assert run(capsys, "-", str(other))[2].strip() == "govlint: 参数错误：- （标准输入）须是唯一的 PATH"
    assert run(capsys, "-", "--fix")[2].strip() == "govlint: 参数错误：标准输入不能用 --fix 修改；用 --diff 查看修改"
    assert run(capsys, str(other), "--stdin-filename", "x.md")[0] == EXIT_ERROR


def test_diff_shows_the_fix_and_writes_nothing(tmp_path, capsys):
    draft = tmp_path / "稿件.txt"
    draft.write_bytes(("标题\n\n" + DOUBLED).encode("gb18030"))
    code, out, _ = run(capsys, "--diff", str(draft))
    assert code == EXIT_FINDINGS
    assert out.splitlines() == [
        f"--- a/{draft}",
        f"+++ b/{draft}",
        "@@ -1,3 +1,3 @@",
        " 标题",
        " ",
        "-各部门要认真进行进行自查自纠。",
        "+各部门要认真进行自查自纠。",
    ]
    assert draft.read_bytes() == ("标题\n\n" + DOUBLED).encode("gb18030")
    assert run(capsys, "--diff", "--exit-zero", str(draft))[0] == EXIT_OK


def test_diff_of_a_clean_draft_is_empty(tmp_path, capsys):
    draft = tmp_path / "稿件.txt"
    draft.write_text(CLEAN, encoding="utf-8")
    assert run(capsys, "--diff", str(draft))[:2] == (EXIT_OK, "")


def test_diff_reads_standard_input_too():
    done = govlint("-", "--diff", stdin=DOUBLED.encode("utf-8"))
    assert done.returncode == EXIT_FINDINGS
    assert "+各部门要认真进行自查自纠。" in done.stdout.decode("utf-8").splitlines()


def test_exit_zero_keeps_findings_from_the_exit_code_but_not_errors(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text(DOUBLED, encoding="utf-8")
    assert run(capsys, "--exit-zero", str(bad))[0] == EXIT_OK
    assert run(capsys, "--exit-zero", str(tmp_path / "missing.txt"))[0] == EXIT_ERROR


def test_help_names_the_other_commands(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == EXIT_OK
    assert "govlint audit DIR" in out and "govlint dict check FILE" in out


def test_the_one_line_checklist_for_hooks(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text(DOUBLED, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(CLEAN, encoding="utf-8")
    code, out, _ = run(capsys, "--checklist", "line", str(bad), str(good))
    assert code == EXIT_FINDINGS
    lines = [line for line in out.splitlines() if line.startswith("三审清单")]
    assert lines == [f"三审清单：{bad} 未通过 1 项（“无错别字、漏字、多字”），待人工确认 4 项，通过 9 项"]
    assert "┃" not in out and "签字" not in out  # no table, no sign-off boxes


def test_the_audit_report_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    from govlint.cli import audit as audit_cli

    (tmp_path / "posts" / "普安之声").mkdir(parents=True)
    (tmp_path / "posts" / "普安之声" / "2026-09-01-0900.md").write_text(CLEAN, encoding="utf-8")
    report = tmp_path / "audit.json"
    report.write_text("previous report", encoding="utf-8")
    args = [str(tmp_path / "posts"), "--from", "2026-09-01", "--to", "2026-09-30", "--at", "2026-09-30",
            "--format", "json", "-o", str(report), "--no-progress", "--cache-dir", str(tmp_path / "cache")]

    def broken(fmt, audit, store, out, base):
        out.write('{"partial": ')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(audit_cli, "_render", broken)
    assert audit_cli.main(args) == EXIT_ERROR
    assert report.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".audit.json")] == []
    monkeypatch.undo()
    audit_cli.main(args)
    assert json.loads(report.read_text(encoding="utf-8"))["posts"]


def test_jobs_lint_many_files_in_processes_with_the_same_report(tmp_path, capsys):
    for n in range(20):  # 3 batches of files at least
        (tmp_path / f"稿件{n:02d}.txt").write_text(DOUBLED if n % 3 == 0 else CLEAN, encoding="utf-8")
    alone = run(capsys, str(tmp_path), "--format", "json")
    together = run(capsys, str(tmp_path), "--format", "json", "--jobs", "2")
    assert alone[0] == together[0] == EXIT_FINDINGS
    assert json.loads(alone[1]) == json.loads(together[1])
    assert len([f for f in json.loads(together[1])["files"] if f["findings"]]) == 7


def test_jobs_must_be_a_count(capsys):
    code, _, err = run(capsys, "--jobs", "-1", "a.txt")
    assert code == EXIT_ERROR and "--jobs" in err and "应为非负整数" in err


def test_an_unchanged_draft_comes_from_the_cache_of_plain_runs(tmp_path, capsys, monkeypatch):
    """The second run of the same drafts lints nothing and reports the same;
    an edited draft, another configuration or --no-cache lint again."""
    import govlint.engine

    monkeypatch.setenv("GOVLINT_RESULTS_CACHE", str(tmp_path / "cache"))
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    bad = drafts / "bad.txt"
    bad.write_text(DOUBLED, encoding="utf-8")
    (drafts / "good.md").write_text("# 通知\n\n" + CLEAN, encoding="utf-8")
    first = run(capsys, str(drafts), "--format", "json")
    linted: list[int] = []
    real = govlint.engine.lint_files

    def counting(paths, config, data=None):
        linted.append(len(paths))
        return real(paths, config, data)

    monkeypatch.setattr(govlint.engine, "lint_files", counting)
    assert run(capsys, str(drafts), "--format", "json") == first and linted == []
    bad.write_text(DOUBLED + DOUBLED, encoding="utf-8")
    edited = json.loads(run(capsys, str(drafts), "--format", "json")[1])
    assert linted == [1] and len(edited["files"][0]["findings"]) == 2  # only the edited draft
    run(capsys, str(drafts), "--select", "typo", "--format", "json")  # another configuration
    run(capsys, str(drafts), "--no-cache", "-q")
    assert linted == [1, 2, 2]


def test_a_torn_cache_entry_is_a_miss(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GOVLINT_RESULTS_CACHE", str(tmp_path / "cache"))
    draft = tmp_path / "bad.txt"
    draft.write_text(DOUBLED, encoding="utf-8")
    first = run(capsys, str(draft), "--format", "json")
    for entry in (tmp_path / "cache").glob("*.json"):
        entry.write_text('{"format": "text", "findi', encoding="utf-8")
    assert run(capsys, str(draft), "--format", "json") == first
