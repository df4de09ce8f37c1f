"""Issue 28, faults 1 and 2: an audit never reports a wrong result with a
normal exit when its posts change under it or when another audit of the same
folder runs at the same time.

1. A post edited while the audit runs: the record stored must be keyed by the
   bytes that were linted, never by the bytes hashed a moment earlier (in
   both directions: a clean post must not inherit a gambling post's
   findings, nor a gambling post a clean one's).
2. Two audits of the same folder (the same cache) at once: each writes a
   complete report, or fails with one Chinese line and a non-zero exit.

The moments that matter (after the parent hashed a post, while another run
holds the database) are forced with hooks or barrier files, so each test
reproduces its fault every time instead of by chance.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from govlint.audit import runner
from govlint.audit import store as store_module
from govlint.cli.audit import main

REPO = Path(__file__).resolve().parents[1]
QUARTER = REPO / "tests" / "fixtures" / "quarter"
PERIOD = ["--from", "2026-07-01", "--to", "2026-09-30", "--at", "2026-09-30"]
SELECT = ["--select", "sensitive,privacy"]
GAMBLING = "\n欢迎访问百家乐娱乐平台，咨询电话13812345678。\n".encode()


def audit(folder: Path, cache: Path, out: Path, *extra: str) -> tuple[int, dict]:
    code = main([str(folder), *PERIOD, *SELECT, "--format", "json", "-o", str(out), "--no-progress",
                 "--cache-dir", str(cache), *extra])
    return code, json.loads(out.read_text(encoding="utf-8"))


def rules_of(data: dict, name: str) -> list[str]:
    (entry,) = [p for p in data["posts"] if Path(p["path"]).name == name]
    return sorted(f["rule"] for f in entry["findings"])


@pytest.fixture
def voice(tmp_path: Path) -> Path:
    folder = tmp_path / "puan-voice"
    shutil.copytree(QUARTER / "puan-voice", folder)
    return folder


def swap_after_hashing(monkeypatch: pytest.MonkeyPatch, post: Path, content: bytes) -> None:
    """Once the audit has hashed ``post``, the file holds ``content`` (an
    editor saving while the audit runs), before any worker reads it."""
    hashed = runner._digest

    def digest_then_edit(path: str, *args: object) -> bytes:
        digest = hashed(path, *args)
        if Path(path).name == post.name:
            post.write_bytes(content)
        return digest

    monkeypatch.setattr(runner, "_digest", digest_then_edit)


# --------------------------------------------------------------------------- 1. edits during a run


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_post_edited_during_the_audit_and_restored_is_not_reported_with_the_edit(voice, tmp_path, monkeypatch,
                                                                                    jobs):
    post = voice / "post-01.md"
    clean = post.read_bytes()
    swap_after_hashing(monkeypatch, post, clean + GAMBLING)
    audit(voice, tmp_path / "cache", tmp_path / "during.json", "--jobs", jobs)
    monkeypatch.undo()
    post.write_bytes(clean)  # restored byte for byte
    _, data = audit(voice, tmp_path / "cache", tmp_path / "after.json", "--jobs", jobs)
    assert rules_of(data, "post-01.md") == []
    _, fresh = audit(voice, tmp_path / "cache", tmp_path / "fresh.json", "--jobs", jobs, "--no-cache")
    assert data == fresh
    # The edited content, audited again, is reported with its own findings.
    post.write_bytes(clean + GAMBLING)
    _, data = audit(voice, tmp_path / "cache", tmp_path / "edited.json", "--jobs", jobs)
    assert rules_of(data, "post-01.md") == ["privacy.phone", "sensitive.term"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_gambling_post_blanked_during_the_audit_is_reported_with_its_findings(voice, tmp_path, monkeypatch, jobs):
    post = voice / "post-01.md"
    clean = post.read_bytes()
    post.write_bytes(clean + GAMBLING)
    swap_after_hashing(monkeypatch, post, clean)  # a moment of the clean text (a save in progress)
    audit(voice, tmp_path / "cache", tmp_path / "during.json", "--jobs", jobs)
    monkeypatch.undo()
    post.write_bytes(clean + GAMBLING)
    _, data = audit(voice, tmp_path / "cache", tmp_path / "after.json", "--jobs", jobs)
    assert rules_of(data, "post-01.md") == ["privacy.phone", "sensitive.term"]


def test_the_report_of_a_run_lists_what_its_workers_read(voice, tmp_path, monkeypatch):
    # The run that saw the edit reports the text its worker linted, and stores
    # it under that text's key: a later run of the same text hits that record.
    post = voice / "post-01.md"
    clean = post.read_bytes()
    swap_after_hashing(monkeypatch, post, clean + GAMBLING)
    _, during = audit(voice, tmp_path / "cache", tmp_path / "during.json", "--jobs", "1")
    monkeypatch.undo()
    assert rules_of(during, "post-01.md") == ["privacy.phone", "sensitive.term"]
    with sqlite3.connect(tmp_path / "cache" / store_module.DB_NAME) as db:
        stored = {key: findings for key, findings in db.execute("SELECT key, findings FROM records")}
    gambling = [key for key, findings in stored.items() if "sensitive.term" in findings]
    assert len(gambling) == 1  # one record with the edit's findings, and it is the edit's own key
    from govlint.audit.worker import config_fingerprint, content_digest, record_key
    from govlint.cli.main import _rule_selectors
    from govlint.config import discover, with_overrides

    config = with_overrides(discover(voice.resolve()), select=_rule_selectors("sensitive,privacy", "--select"),
                            ignore=None, fail_on=None)
    assert gambling == [record_key(content_digest(clean + GAMBLING), config_fingerprint(config))]


# --------------------------------------------------------------------------- 2. concurrent audits

# A driver for one audit in its own process. ROLE picks the hooks that force
# the interleaving of the two runs; barrier files in FLAGS order them.
DRIVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path

    role, flags, *argv = sys.argv[1:]
    flags = Path(flags)

    def signal(name):
        (flags / name).touch()

    def wait_for(name, seconds=60.0):
        end = time.monotonic() + seconds
        while not (flags / name).exists():
            if time.monotonic() > end:
                sys.stderr.write(f"driver: gave up waiting for {name}\\n")
                return
            time.sleep(0.02)

    from govlint.audit import runner
    from govlint.audit.store import Store
    from govlint.cli import audit

    if role == "report-late":
        # Ran its posts, then waits for the other run to start before it reports.
        build = audit.build

        def late_build(*args, **kwargs):
            signal("first-ran")
            wait_for("second-started")
            return build(*args, **kwargs)

        audit.build = late_build
        write = audit._write

        def write_then_signal(*args, **kwargs):
            write(*args, **kwargs)
            signal("first-reported")

        audit._write = write_then_signal
    elif role == "start-between":
        # Starts once the other has run its posts, then waits for its report.
        start_run = Store.start_run

        def start_between(self):
            start_run(self)
            signal("second-started")
            wait_for("first-reported")

        Store.start_run = start_between
        wait_for("first-ran")
    elif role == "slow-linter":
        # Lints its first batch, then takes 8 s over the second (a long post):
        # the other run starts meanwhile.
        batch = runner.audit_batch
        calls = []

        def slow_batch(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                signal("first-linting")
                wait_for("second-done", 8.0)
            return batch(*args, **kwargs)

        runner.audit_batch = slow_batch
    elif role == "after-first-lints":
        wait_for("first-linting")
    code = audit.main(argv)
    if role == "after-first-lints":
        signal("second-done")
    sys.exit(code)
    """
)


def start(role: str, flags: Path, folder: Path, cache: Path, out: Path, *extra: str) -> subprocess.Popen:
    argv = [str(folder), *PERIOD, *SELECT, "--format", "json", "-o", str(out), "--no-progress",
            "--cache-dir", str(cache), *extra]
    return subprocess.Popen([sys.executable, "-c", DRIVER, role, str(flags), *argv], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=90)
    return process.returncode, err


@pytest.fixture
def quarter(tmp_path: Path) -> Path:
    folder = tmp_path / "quarter"
    shutil.copytree(QUARTER, folder)
    return folder


def test_a_run_that_starts_while_another_reports_leaves_its_report_whole(quarter, tmp_path):
    # Warm cache: the first run has stored its posts and is about to report
    # when the second starts. The second used to empty the posts table both
    # shared: the first reported "posts": [] with a normal exit.
    expected_code, expected = audit(quarter, tmp_path / "cache", tmp_path / "expected.json", "--jobs", "1")
    assert len(expected["posts"]) == 38
    flags = tmp_path / "flags"
    flags.mkdir()
    first = start("report-late", flags, quarter, tmp_path / "cache", tmp_path / "first.json", "--jobs", "1")
    second = start("start-between", flags, quarter, tmp_path / "cache", tmp_path / "second.json", "--jobs", "1")
    (code_1, err_1), (code_2, err_2) = finish(first), finish(second)
    assert "gave up" not in err_1 + err_2  # the interleaving did happen
    assert (code_1, code_2) == (expected_code, expected_code), err_1 + err_2
    for name in ("first.json", "second.json"):
        assert json.loads((tmp_path / name).read_text(encoding="utf-8")) == expected, name


def test_a_cold_run_waits_for_another_run_that_is_linting(quarter, tmp_path):
    # Cold cache: the first run holds a write open while it lints a long
    # batch; the second used to die after 5 s with "database is locked".
    flags = tmp_path / "flags"
    flags.mkdir()
    first = start("slow-linter", flags, quarter, tmp_path / "cache", tmp_path / "first.json", "--jobs", "1")
    second = start("after-first-lints", flags, quarter, tmp_path / "cache", tmp_path / "second.json", "--jobs", "1")
    (code_1, err_1), (code_2, err_2) = finish(first), finish(second)
    _, expected = audit(quarter, tmp_path / "fresh", tmp_path / "expected.json", "--jobs", "1", "--no-cache")
    assert "gave up" not in err_2  # the second did start while the first was linting
    assert "locked" not in err_2 and "内部错误" not in err_2, err_2
    assert code_1 == code_2 == 2, err_1 + err_2  # 2: the fixture's broken post
    for name in ("first.json", "second.json"):
        assert json.loads((tmp_path / name).read_text(encoding="utf-8")) == expected, name


def test_audits_started_together_on_one_folder_write_the_same_reports(quarter, tmp_path):
    _, expected = audit(quarter, tmp_path / "fresh", tmp_path / "expected.json", "--jobs", "1", "--no-cache")
    for round_ in ("cold", "warm"):
        flags = tmp_path / round_
        flags.mkdir()
        runs = [start("plain", flags, quarter, tmp_path / "cache", flags / f"{n}.json", "--jobs", "1")
                for n in range(2)]
        for n, process in enumerate(runs):
            code, err = finish(process)
            assert code == 2, err
            assert json.loads((flags / f"{n}.json").read_text(encoding="utf-8")) == expected, (round_, n)


def test_a_cache_held_too_long_by_another_process_is_one_chinese_line(quarter, tmp_path, monkeypatch, capsys):
    audit(quarter, tmp_path / "cache", tmp_path / "warm.json", "--jobs", "1")
    capsys.readouterr()
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT", 0.3)
    holder = sqlite3.connect(tmp_path / "cache" / store_module.DB_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program keeps the database to itself
    try:
        started = time.monotonic()
        code = main([str(quarter), *PERIOD, *SELECT, "--format", "json", "-o", str(tmp_path / "held.json"),
                     "--no-progress", "--cache-dir", str(tmp_path / "cache"), "--jobs", "1"])
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "缓存" in lines[0] and "占用" in lines[0] and "--no-cache" in lines[0], err
    assert "Traceback" not in err and "内部错误" not in err
    assert elapsed < 20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_pool_workers_end_with_a_killed_run():
    """``kill -9`` of an audit must not leave its workers to finish their
    batch and print a BrokenPipeError traceback into the user's terminal
    (found by fuzz/faults.py, audit-kill): they die with their parent."""
    script = (
        "import multiprocessing, time\n"
        "from govlint.audit.worker import die_with_parent\n"
        "def work(_):\n"
        "    time.sleep(30)\n"
        "if __name__ == '__main__':\n"
        "    pool = multiprocessing.get_context('fork').Pool(2, initializer=die_with_parent)\n"
        "    pool.map_async(work, range(2))\n"
        "    time.sleep(0.5)\n"
        "    print(' '.join(str(p.pid) for p in pool._pool), flush=True)\n"
        "    time.sleep(60)\n"
    )
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in run.stdout.readline().split()]
    assert len(workers) == 2
    os.kill(run.pid, signal.SIGKILL)
    run.wait()

    def alive(pid: int) -> bool:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return False
        return "\nState:\tZ" not in status  # a zombie is dead, waiting for its reaper

    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)
    assert "Traceback" not in run.stderr.read()
