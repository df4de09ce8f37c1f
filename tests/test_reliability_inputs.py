"""Inputs that must never take a run down (issue 28, items 4, 6 and 7 and
the decoding and --output findings): each bad file is one error entry of its
own, the good files are still reported, and the report is never lost."""

from __future__ import annotations

import json
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest

from govlint.cli import audit as audit_cli
from govlint.cli.main import EXIT_ERROR, EXIT_FINDINGS, main
from govlint.source import InputError, decode

GOOD = "# 通知\n\n县人民政府召开常务会议，研究部署冬季安全生产工作。\n"
GAMBLING = "# 通知\n\n县人民政府召开常务会议，欢迎访问百家乐网站。\n"
BODY = "<p>县人民政府召开常务会议，研究部署冬季安全生产工作。</p>"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@contextmanager
def deadline(seconds: int):
    """Turn a hang (a FIFO opened for reading) into a failure."""

    def expired(signum, frame):
        raise AssertionError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def special_files(folder: Path) -> dict[str, str]:
    """A folder of one good draft and the files that must be refused, each
    with the reason expected."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "fifo.md")
    (folder / "zero.md").symlink_to("/dev/zero")
    with open(folder / "sparse.md", "wb") as handle:
        handle.truncate(4 * 1024**3)  # sparse: 4 GB that take no disk space
    (folder / "self.md").symlink_to("self.md")
    return {"fifo.md": "不是普通文件", "zero.md": "不是普通文件", "sparse.md": "文件过大", "self.md": "符号链接循环"}


# --- 4 and 6: special files, the size limit before reading, symlink loops ---


def test_plain_run_refuses_special_files_and_loops_one_entry_each(tmp_path, capsys):
    expected = special_files(tmp_path / "posts")
    with deadline(60):
        code, out, err = run(capsys, str(tmp_path / "posts"), "--format", "json", "--select", "sensitive")
    assert code == EXIT_ERROR
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["good.md"]["error"] is None
    for name, reason in expected.items():
        assert reason in files[name]["error"], files[name]
        assert f"{name}: {reason}" in err
    assert "Traceback" not in err and "内部错误" not in err


def test_audit_refuses_special_files_and_completes(tmp_path, capsys):
    expected = special_files(tmp_path / "县政府")
    (tmp_path / "县政府" / "good.md").rename(tmp_path / "县政府" / "2026-07-03-通知.md")
    report = tmp_path / "audit.json"
    with deadline(120):
        code = audit_cli.main(
            [
                str(tmp_path),
                "--no-cache",
                "--jobs",
                "1",
                "--select",
                "sensitive",
                "--format",
                "json",
                "-o",
                str(report),
                "--no-progress",
            ]
        )
    err = capsys.readouterr().err
    assert code == audit_cli.EXIT_ERROR, err  # some posts could not be audited
    posts = {Path(p["path"]).name: p for p in json.loads(report.read_text(encoding="utf-8"))["posts"]}
    assert posts["2026-07-03-通知.md"]["error"] is None
    for name, reason in expected.items():
        assert reason in posts[name]["error"], posts[name]
    assert "内部错误" not in err


def test_audit_digest_refuses_before_reading_and_reads_at_most_the_limit(tmp_path, monkeypatch):
    from govlint.audit import runner

    big = tmp_path / "big.md"
    with open(big, "wb") as handle:
        handle.truncate(4 * 1024**3)
    read = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    with pytest.raises(InputError, match="文件过大"):
        runner._digest(str(big), store=None, trusted_before=0, max_size=1024)  # type: ignore[arg-type]
    assert read == []  # refused on its size alone

    # A file that grows after its size was checked: no more than limit + 1 bytes are read.
    grown = tmp_path / "grown.md"
    grown.write_bytes(b"x" * 100_000)
    monkeypatch.setattr("govlint.source.check_status", lambda status, max_size: None)
    from govlint.source import read_limited

    with pytest.raises(InputError, match="文件过大"):
        read_limited(grown, 1024)
    assert sum(read) <= 1025


# --- 6: one bad file never aborts the run ---


def test_undefined_meta_charset_with_gbk_bytes_is_decoded_and_the_rest_reported(tmp_path, capsys):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    page = f'<html><head><meta charset="undefined"><title>通知</title></head><body>{BODY}</body></html>'
    (tmp_path / "bad.html").write_bytes(page.encode("gbk"))
    _code, out, err = run(capsys, str(tmp_path), "--format", "json", "--select", "sensitive")
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert set(files) == {"good.md", "bad.html"}, err
    assert files["bad.html"]["error"] is None and files["bad.html"]["encoding"] == "gb18030"
    assert "内部错误" not in err


@pytest.mark.parametrize("label", ["palmos", "cp037", "hex", "undefined"])
def test_meta_charset_labels_browsers_do_not_know_fall_back_to_detection(label):
    page = f'<html><head><meta charset="{label}"></head><body>{BODY}</body></html>'.encode("gbk")
    decoded = decode(page, html=True)
    assert decoded.encoding == "gb18030"
    assert "县人民政府召开常务会议" in decoded.text


@pytest.mark.parametrize(
    ("label", "encoding", "expected"),
    [("x-gbk", "gbk", "gb18030"), ("GB2312", "gbk", "gb18030"), ("big5", "big5", "big5"), ("cn-big5", "big5", "big5")],
)
def test_meta_charset_labels_of_the_whatwg_list_are_honoured(label, encoding, expected):
    text = "縣人民政府召開常務會議，研究部署冬季安全生產工作。"
    page = f'<html><head><meta charset="{label}"></head><body><p>{text}</p></body></html>'.encode(encoding)
    decoded = decode(page, html=True)
    assert decoded.encoding == expected
    assert text in decoded.text


def test_a_reader_crash_on_one_file_is_that_files_error(tmp_path, capsys, monkeypatch):
    import govlint.engine as engine

    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.md").write_text(GAMBLING, encoding="utf-8")
    real = engine.read_document

    def flaky(data, path, fmt, *limits):
        if path.endswith("a.md"):
            raise ValueError("boom")
        return real(data, path, fmt, *limits)

    monkeypatch.setattr(engine, "read_document", flaky)
    code, out, err = run(capsys, str(tmp_path), "--format", "json", "--select", "sensitive")
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert code == EXIT_ERROR
    assert "ValueError: boom" in files["a.md"]["error"]
    assert [f["rule"] for f in files["b.md"]["findings"]] == ["sensitive.term"]
    assert "内部错误" not in err


def non_utf8_name(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    name = os.path.join(os.fsencode(folder), b"\xff\xfe-\xe9.md")
    with open(name, "wb") as handle:
        handle.write(GAMBLING.encode())
    return folder


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
@pytest.mark.parametrize("fmt", ["json", "sarif", "terminal", "github", "markdown", "html"])
def test_a_non_utf8_file_name_is_reported_in_every_format(tmp_path, capsys, fmt):
    folder = non_utf8_name(tmp_path / "posts")
    code, out, err = run(capsys, str(folder), "--format", fmt, "--select", "sensitive")
    assert code == EXIT_FINDINGS, err
    assert "内部错误" not in err
    if fmt in ("json", "sarif"):
        json.loads(out)
    assert "xff" in out  # the name's bytes, escaped


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_non_utf8_file_name_with_output_replaces_the_report_whole(tmp_path, capsys):
    folder = non_utf8_name(tmp_path / "posts")
    report = tmp_path / "report.sarif"
    report.write_text("previous report\n", encoding="utf-8")
    code, _, err = run(capsys, str(folder), "--format", "sarif", "-o", str(report), "--select", "sensitive")
    assert code == EXIT_FINDINGS, err
    sarif = json.loads(report.read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "sensitive.term"
    # The URI names the file's own bytes, as a SARIF viewer must open it.
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("/posts/%FF%FE-%E9.md")
    assert os.path.exists(unquote_to_bytes(uri.removeprefix("file://")))


def test_a_report_that_fails_midway_leaves_the_previous_one(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    report.write_text("previous report\n", encoding="utf-8")

    def broken(results, out):
        out.write("{half")
        raise RuntimeError("disk gone")

    monkeypatch.setattr("govlint.formats.get", lambda name: broken)
    code, _, err = run(capsys, str(tmp_path / "a.md"), "--format", "json", "-o", str(report))
    assert code == EXIT_ERROR and "RuntimeError: disk gone" in err
    assert report.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.json"]  # no temp file left


def test_a_new_report_file_gets_the_usual_permissions(tmp_path, capsys):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    report = tmp_path / "report.json"
    mask = os.umask(0o022)
    try:
        run(capsys, str(tmp_path / "a.md"), "--format", "json", "-o", str(report))
    finally:
        os.umask(mask)
    assert report.stat().st_mode & 0o777 == 0o644
    json.loads(report.read_text(encoding="utf-8"))


# --- 7: an unreadable subdirectory is said, not skipped ---


def _unlistable(monkeypatch, blocked: Path) -> None:
    """os.walk lists folders with os.scandir; as root, chmod 000 is not enforced."""
    real = os.scandir

    def scandir(path="."):
        if os.path.normpath(os.fspath(path)) == os.path.normpath(blocked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_subdirectory_is_an_error_entry(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.md").write_text(GAMBLING, encoding="utf-8")
    _unlistable(monkeypatch, tmp_path / "locked")
    code, out, err = run(capsys, str(tmp_path), "--format", "json", "--select", "sensitive")
    assert code == EXIT_ERROR
    files = {f["path"]: f for f in json.loads(out)["files"]}
    assert files[str(tmp_path / "a.md")]["error"] is None
    assert files[str(tmp_path / "locked")]["error"] == "无法读取目录：没有读取权限"
    assert f"{tmp_path / 'locked'}: 无法读取目录：没有读取权限" in err


def test_an_unreadable_subdirectory_is_an_unreadable_entry_of_the_audit(tmp_path, monkeypatch):
    from govlint.audit.inputs import discover_posts

    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    _unlistable(monkeypatch, tmp_path / "locked")
    refs = {ref.path: ref for ref in discover_posts([str(tmp_path)])}
    assert refs[str(tmp_path / "a.md")].error is None
    assert refs[str(tmp_path / "locked")].error == "无法读取目录：没有读取权限"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway")
def test_a_chmod_000_subdirectory_is_reported(tmp_path, capsys):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.md").write_text(GAMBLING, encoding="utf-8")
    locked.chmod(0)
    try:
        code, _, err = run(capsys, str(tmp_path), "--format", "json")
    finally:
        locked.chmod(0o755)
    assert code == EXIT_ERROR
    assert f"{locked}: 无法读取目录" in err


# --- Also found: UTF-16 without a BOM, -o naming an input ---


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text(tmp_path, capsys, encoding):
    draft = tmp_path / "通知.txt"
    draft.write_bytes("县人民政府召开会议，欢迎访问百家乐网站。\nTel 2024年\n".encode(encoding))
    code, out, err = run(capsys, str(draft), "--format", "json", "--select", "sensitive")
    (result,) = json.loads(out)["files"]
    assert result["error"] is None, err
    assert result["encoding"] == encoding
    assert [f["rule"] for f in result["findings"]] == ["sensitive.term"]
    assert code == EXIT_FINDINGS


def test_binary_with_nul_bytes_is_still_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    with pytest.raises(InputError, match="二进制"):
        decode(png)
    with pytest.raises(InputError, match="二进制"):
        decode("县人民政府".encode("utf-16-le") + b"\x01\x00\x02\x00")  # control characters


def test_output_naming_an_input_is_refused_before_anything_is_written(tmp_path, capsys):
    draft = tmp_path / "posts" / "通知.md"
    draft.parent.mkdir()
    draft.write_text(GAMBLING, encoding="utf-8")
    os.link(draft, tmp_path / "hard-link.md")
    for output in (draft, tmp_path / "posts" / "." / "通知.md", tmp_path / "hard-link.md"):
        code, _out, err = run(capsys, str(tmp_path / "posts"), "-o", str(output))
        assert code == EXIT_ERROR
        assert err.count("\n") == 1 and "--output 指向了要检查的文稿" in err
        assert draft.read_text(encoding="utf-8") == GAMBLING
