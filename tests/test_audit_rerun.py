"""`govlint audit` re-runs: the stat cache, the stored records and the report
spliced from them (issue 8: a re-run with nothing changed must be fast, and
never serve a stale result).

Uses the built-in quarter (tests/fixtures/quarter) and the two rules whose
defects are planted there, as tests/test_audit.py does.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.audit import runner
from govlint.audit.aggregate import Period
from govlint.audit.inputs import discover_posts
from govlint.audit.runner import RunOptions, run
from govlint.audit.store import DB_NAME, Store
from govlint.cli.audit import main
from govlint.config import Config
from govlint.dates import parse_datetime
from govlint.formats.audit import post_entry

REPO = Path(__file__).resolve().parents[1]
QUARTER = REPO / "tests" / "fixtures" / "quarter"
PERIOD = ["--from", "2026-07-01", "--to", "2026-09-30", "--at", "2026-09-30"]
SELECT = ["--select", "typo.duplicate,garbled.replacement-char"]
CONFIG = Config(select=("typo.duplicate", "garbled.replacement-char"))


def audit(folder: Path, cache: Path) -> tuple[int, dict[str, dict]]:
    """(posts linted, {file name: stored post}) of one run."""
    store = Store(cache)
    try:
        stats = run(discover_posts([str(folder)]), CONFIG, store, Period(checkpoint=parse_datetime("2026-09-30 23:59")),
                    RunOptions(jobs=1))
        return stats.linted, {Path(row["path"]).name: row for row in store.posts()}
    finally:
        store.close()


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every file content the run hashes (so: every file it reads)."""
    hashed: list[bytes] = []
    original = runner.content_digest

    def spy(data: bytes) -> bytes:
        hashed.append(data)
        return original(data)

    monkeypatch.setattr(runner, "content_digest", spy)
    return hashed


@pytest.fixture
def voice(tmp_path: Path) -> Path:
    folder = tmp_path / "puan-voice"
    shutil.copytree(QUARTER / "puan-voice", folder)
    return folder


def edit_in_place_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    with path.open("r+b") as handle:  # in place: same inode
        data = handle.read()
        assert old.encode() in data
        handle.seek(0)
        handle.write(data.replace(old.encode(), new.encode()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def test_unchanged_files_are_not_read_again_and_an_in_place_edit_is_relinted(voice, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "RACY_NS", 0)  # the copies are seconds old: trust their stat at once
    assert audit(voice, tmp_path / "cache")[0] == 7
    hashed = count_reads(monkeypatch)
    linted, _ = audit(voice, tmp_path / "cache")
    assert (linted, hashed) == (0, [])  # served from the stat cache and the records
    # The editor fixes the source in place: same size, and the modification
    # time is set back (as `touch -d` or a sync tool would); ctime moves.
    post = voice / "post-03.md"
    edit_in_place_keeping_size_and_mtime(post, "人民网", "新华网")
    linted, rows = audit(voice, tmp_path / "cache")
    assert linted == 1 and len(hashed) == 1
    assert rows["post-03.md"]["source"] == "新华网"


def test_a_file_replaced_by_rename_with_the_same_size_and_mtime_is_relinted(voice, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "RACY_NS", 0)
    assert audit(voice, tmp_path / "cache")[0] == 7
    post = voice / "post-03.md"
    before = post.stat()
    draft = voice / ".post-03.md.tmp"  # as an editor saves: write a new file, rename it over the old one
    draft.write_bytes(post.read_bytes().replace("人民网".encode(), "新华网".encode()))
    os.utime(draft, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(draft, post)
    linted, rows = audit(voice, tmp_path / "cache")
    assert linted == 1 and rows["post-03.md"]["source"] == "新华网"


def test_a_file_changed_just_before_the_run_is_hashed_again_next_time(voice, tmp_path):
    # Files changed within 2 s of a run are not entered in the stat cache: an
    # edit in the same clock tick could leave size, mtime and ctime as they were.
    assert audit(voice, tmp_path / "cache")[0] == 7
    with sqlite3.connect(tmp_path / "cache" / DB_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM files").fetchone() == (0,)
    edit_in_place_keeping_size_and_mtime(voice / "post-03.md", "人民网", "新华网")
    linted, rows = audit(voice, tmp_path / "cache")
    assert linted == 1 and rows["post-03.md"]["source"] == "新华网"


def run_json(tmp_path: Path, name: str, *extra: str) -> bytes:
    out = tmp_path / name
    main([str(QUARTER), *PERIOD, *SELECT, "--format", "json", "-o", str(out), "--no-progress", "--jobs", "1",
          "--cache-dir", str(tmp_path / "cache"), *extra])
    return out.read_bytes()


def test_a_rerun_writes_the_same_reports_as_the_cold_run(tmp_path):
    cold = run_json(tmp_path, "cold.json")
    again = run_json(tmp_path, "again.json")
    assert again == cold
    fresh = run_json(tmp_path, "fresh.json", "--no-cache")
    assert fresh == cold
    # Each post is one line, exactly as json.dumps writes the contract's entry
    # (the findings are spliced in from the store as text).
    lines = [line.strip().rstrip(",") for line in cold.decode().splitlines() if line.startswith('    {"path"')]
    data = json.loads(cold)
    assert len(lines) == len(data["posts"]) == 38
    assert sum(len(p["findings"]) for p in data["posts"]) > 0
    for line, entry in zip(lines, data["posts"], strict=True):
        assert line == json.dumps(post_entry(entry), ensure_ascii=False, separators=(", ", ": "))
    for fmt in ("csv", "html", "terminal"):
        outputs = []
        for name in (f"cold-{fmt}", f"again-{fmt}"):
            cache = tmp_path / ("cache" if name.startswith("again") else f"cache-{fmt}")
            main([str(QUARTER), *PERIOD, *SELECT, "--format", fmt, "-o", str(tmp_path / name), "--no-progress",
                  "--jobs", "1", "--cache-dir", str(cache)])
            target = tmp_path / name
            outputs.append([p.read_bytes() for p in sorted(target.iterdir())] if target.is_dir() else
                           target.read_bytes())
        assert outputs[0] == outputs[1], fmt


def test_a_cache_of_an_older_govlint_is_replaced(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    with sqlite3.connect(cache / DB_NAME) as db:  # the layout before the schema was versioned
        db.execute("CREATE TABLE cache (key TEXT PRIMARY KEY, record TEXT NOT NULL)")
        db.execute("INSERT INTO cache VALUES ('k', '{}')")
        db.execute("CREATE TABLE posts (path TEXT PRIMARY KEY, findings TEXT NOT NULL)")
    linted, rows = audit(QUARTER / "puan-voice", cache)
    assert linted == 7 and rows["post-05.md"]["kind"] == "repost"
    with sqlite3.connect(cache / DB_NAME) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"records", "files"}  # each run's posts are its own (a TEMP table), not in the file


def test_a_rerun_with_nothing_to_lint_does_not_load_the_checks(tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    shutil.copy(QUARTER / "puan-voice" / "post-01.md", folder)
    script = (
        "import sys\n"
        "from govlint.cli.audit import main\n"
        f"code = main([{str(folder)!r}, '--format', 'json', '-o', {str(tmp_path / 'a.json')!r}, '--no-progress'])\n"
        "print(code, any(m.startswith('govlint.checks.') for m in sys.modules))\n"
    )
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    assert first.stdout.split()[1] == "True"  # the post was linted
    assert again.stdout.split()[1] == "False", again.stderr
    assert "缓存命中 1 篇" in again.stderr
