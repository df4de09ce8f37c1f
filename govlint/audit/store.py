"""Per-post results on disk (SQLite), so memory does not grow with the quarter.

The database holds two shared tables:

- ``records``: lint records keyed by content hash + govlint version +
  configuration fingerprint; kept across runs, so a re-run re-lints only
  changed posts. A record is stored ready for the reports: its findings as
  the JSON text the report splices in as is (never decoded and re-encoded on
  a re-run), its counts per severity and a small tally per rule;
- ``files``: the stat cache, path + (size, mtime, ctime, inode, device) →
  content digest, so an unchanged file is not read and hashed again (see
  :mod:`govlint.audit.runner` for when an entry is trusted);

and one table of each run's own, ``posts``: the run's posts with what the
audit resolved for each (account, publish time, label, ...) and the key of
their record; the reports stream from it. It is a TEMP table of the run's
connection, so two audits sharing a cache (the same folder audited twice at
once) never see, or empty, each other's posts.

Several audits may use one database at once (WAL journal): writes are
buffered and flushed in short ``BEGIN IMMEDIATE`` transactions, so no run
holds the write lock while it lints, and a run that finds the lock taken
waits up to ``BUSY_TIMEOUT`` seconds for it. Flushes come every
``commit_every`` seconds, so a run that is interrupted keeps every post
finished before the interruption (less the last fraction of a second).
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

# The cache folder an audit uses by default, in the folder it audits.
DEFAULT_FOLDER = ".govlint-cache"
SCHEMA_VERSION = 3  # PRAGMA user_version; a database of another version is rebuilt
# Seconds a run waits for another run's write to end before giving up (its
# writes last milliseconds; a longer wait means a stuck process).
BUSY_TIMEOUT = 120.0
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS records (
    key TEXT PRIMARY KEY,
    -- what resolving a post needs; untyped, so a value comes back as it was stored
    account, date, title, label, source, provenance_label, provenance_source,
    error TEXT,
    n_error INTEGER NOT NULL,
    n_warning INTEGER NOT NULL,
    n_notice INTEGER NOT NULL,
    tally TEXT NOT NULL,
    findings TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    device INTEGER NOT NULL,
    digest BLOB NOT NULL
)""",
)
# This run's posts: a TEMP table, private to the connection (its name hides no
# shared table: version 3 databases have none called ``posts``).
RUN_SCHEMA = (
    """CREATE TEMP TABLE IF NOT EXISTS posts (
    path TEXT PRIMARY KEY,
    account TEXT,
    published_at TEXT,
    epoch REAL,
    title TEXT,
    label TEXT,
    source TEXT,
    kind TEXT NOT NULL,
    mislabelled INTEGER NOT NULL,
    in_range INTEGER NOT NULL,
    error TEXT,
    n_error INTEGER NOT NULL,
    n_warning INTEGER NOT NULL,
    n_notice INTEGER NOT NULL,
    score INTEGER NOT NULL,
    tally TEXT NOT NULL,
    key TEXT,
    findings TEXT
)""",
    "CREATE INDEX IF NOT EXISTS temp.posts_account ON posts (in_range, account, epoch)",
)
_OLD_TABLES = ("cache", "records", "files", "posts")  # dropped when the schema version differs
DB_NAME = "audit.sqlite3"
POST_COLUMNS = (
    "path", "account", "published_at", "epoch", "title", "label", "source", "kind",
    "mislabelled", "in_range", "error", "n_error", "n_warning", "n_notice", "score", "tally",
)
_INSERT_POST = (
    f"INSERT OR REPLACE INTO temp.posts ({', '.join(POST_COLUMNS)}, key, findings) "
    f"VALUES ({', '.join('?' for _ in POST_COLUMNS)}, ?, ?)"
)
# A post's findings: in its cached record, else (a record not cached: a timeout) in the post's row.
_POST_SELECT = (
    "SELECT " + ", ".join(f"p.{c}" for c in POST_COLUMNS) + ", COALESCE(p.findings, r.findings, '[]')"
    " FROM temp.posts p LEFT JOIN records r ON r.key = p.key"
)
# The encoding of findings in the records and, spliced in as they are, in the JSON report.
FINDINGS_SEPARATORS = (", ", ": ")


class Packed(NamedTuple):
    """A lint record as stored: what resolving a post needs (its metadata and
    provenance facts), the findings as JSON text, and the counts the
    aggregation needs."""

    account: str | None
    date: str | None
    title: str | None
    label: str | None
    source: str | None
    provenance_label: str | None  # the provenance check's facts, which outrank the metadata
    provenance_source: str | None
    error: str | None
    n_error: int
    n_warning: int
    n_notice: int
    tally: str  # JSON [[rule, check, severity, count], ...] in first-seen order; "" without findings
    findings: str | None  # JSON text, FINDINGS_SEPARATORS, ensure_ascii=False; None: left in the store


_RECORD_COLUMNS = Packed._fields[:-1]  # what Store.cached reads: all but the findings, stored last in a row
# A record whose findings or tally are not the JSON arrays pack() wrote (a damaged
# row) is not used: the post is linted again and the record replaced, so the
# findings spliced into a JSON report always parse. json_valid() runs in SQLite,
# without decoding the findings in Python.
_SELECT_RECORD = (
    f"SELECT {', '.join(_RECORD_COLUMNS)} FROM records WHERE key = ?"
    " AND CASE WHEN json_valid(findings) THEN substr(findings, 1, 1) = '[' ELSE 0 END"
    " AND (tally = '' OR CASE WHEN json_valid(tally) THEN substr(tally, 1, 1) = '[' ELSE 0 END)"
)
_INSERT_RECORD = (
    f"INSERT OR REPLACE INTO records (key, {', '.join(Packed._fields)}) VALUES (?{', ?' * len(Packed._fields)})"
)
_INSERT_FILE = (
    "INSERT OR REPLACE INTO files (path, size, mtime_ns, ctime_ns, inode, device, digest) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def pack(record: dict) -> Packed:
    """A worker's record (findings as dicts of the lint contract) in its stored form."""
    meta = record.get("metadata") or {}
    provenance = record.get("provenance") or {}
    findings = record.get("findings") or []
    counts = {"error": 0, "warning": 0, "notice": 0}
    tally: dict[tuple[str, str, str], int] = {}
    for finding in findings:
        counts[finding["severity"]] = counts.get(finding["severity"], 0) + 1
        item = (finding["rule"], finding["check"], finding["severity"])
        tally[item] = tally.get(item, 0) + 1
    return Packed(
        account=meta.get("account"),
        date=meta.get("date"),
        title=meta.get("title"),
        label=meta.get("label"),
        source=meta.get("source"),
        provenance_label=provenance.get("label"),
        provenance_source=provenance.get("source"),
        error=record.get("error"),
        n_error=counts["error"],
        n_warning=counts["warning"],
        n_notice=counts["notice"],
        tally=json.dumps([[*k, n] for k, n in tally.items()], ensure_ascii=False) if tally else "",
        findings=json.dumps(findings, ensure_ascii=False, separators=FINDINGS_SEPARATORS),
    )


class FileStat(NamedTuple):
    """What the stat cache compares: an entry is used only when all of it is unchanged."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int


class StoreBusyError(sqlite3.OperationalError):
    """Another process kept the database locked for longer than BUSY_TIMEOUT."""


# SQLite's result codes for a damaged database file.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def is_corrupt(error: BaseException) -> bool:
    """Whether ``error`` says the database file is damaged or is not a
    database (never a lock held by another run: that is waited for)."""
    if not isinstance(error, sqlite3.DatabaseError) or isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    text = str(error).lower()
    return "malformed" in text or "not a database" in text


def set_aside(folder: Path, opened: tuple[int, int] | None = None) -> Path | None:
    """Rename a damaged database in ``folder`` (with its WAL and shared-memory
    files) to ``audit.sqlite3.corrupt-YYYYmmdd-HHMMSS``, so the next open builds
    a new one and the old one is kept for a look. ``opened``: the (device,
    inode) of the file found damaged; when another run has already replaced
    it, nothing is moved. The new name, or None when nothing was moved."""
    path = folder / DB_NAME
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    if opened is not None and (info.st_dev, info.st_ino) != opened:
        return None  # already set aside and rebuilt by another run
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{DB_NAME}.corrupt-{stamp}"
    number = 1
    while target.exists():  # set aside twice in one second
        number += 1
        target = folder / f"{DB_NAME}.corrupt-{stamp}-{number}"
    path.rename(target)
    for extra in ("-wal", "-shm"):  # a damaged file's journal must not be applied to the new one
        companion = folder / f"{DB_NAME}{extra}"
        if companion.exists():
            companion.rename(target.with_name(target.name + extra))
    return target


class Store:
    """The audit's SQLite database in ``folder`` (created if missing).

    The connection runs in autocommit mode: reads see the latest committed
    state, and writes (records, stat-cache entries, this run's posts) wait in
    memory until :meth:`commit` writes them in one short transaction."""

    def __init__(self, folder: Path, commit_every: float = 0.5) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / DB_NAME
        self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            info = self.path.stat()
            self.identity: tuple[int, int] | None = (info.st_dev, info.st_ino)  # for set_aside()
        except OSError:
            self.identity = None
        try:
            _retry_busy(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
            self.db.execute("PRAGMA synchronous=NORMAL")
            with self._transaction():  # one migration at a time: a second run waits, then finds it done
                if self.db.execute("PRAGMA main.user_version").fetchone()[0] != SCHEMA_VERSION:
                    for table in _OLD_TABLES:  # an older govlint's cache: its records cannot be reused
                        self.db.execute(f"DROP TABLE IF EXISTS main.{table}")
                    self.db.execute(f"PRAGMA main.user_version = {SCHEMA_VERSION}")
                for statement in SCHEMA:
                    self.db.execute(statement)
            for statement in RUN_SCHEMA:
                self.db.execute(statement)
        except BaseException:
            self.db.close()
            raise
        self.commit_every = commit_every
        self._last_commit = time.monotonic()
        self._posts: list[list] = []  # rows of add_post not yet inserted (inserted in batches)
        self._records: dict[str, Packed] = {}  # put_cache, not yet written
        self._files: dict[str, tuple] = {}  # put_file, not yet written
        self._busy = False  # a write gave up waiting for another process's lock

    def close(self) -> None:
        try:
            if not self._busy:  # after a wait that timed out, do not wait the whole time again
                self.commit()
        finally:
            self.db.close()

    def start_run(self) -> None:
        """Empty this run's posts (the connection's own table: other runs keep theirs)."""
        self._posts.clear()
        self.db.execute("DELETE FROM temp.posts")

    # --- the record cache ---

    def cached(self, key: str) -> Packed | None:
        """The record stored under ``key``, without its findings' text (the
        reports read it from the record; the findings, the bulk of a record,
        come last in the row so that this read stops before them)."""
        pending = self._records.get(key)
        if pending is not None:
            return pending._replace(findings=None)
        row = self.db.execute(_SELECT_RECORD, (key,)).fetchone()
        return None if row is None else Packed(*row, None)

    def put_cache(self, key: str, packed: Packed) -> None:
        self._records[key] = packed
        self._maybe_commit()

    # --- the stat cache ---

    def file_digest(self, path: str, stat: FileStat) -> bytes | None:
        """The content digest recorded for ``path`` if its stat is unchanged."""
        row = self._files.get(path) or self.db.execute(
            "SELECT size, mtime_ns, ctime_ns, inode, device, digest FROM files WHERE path = ?", (path,)
        ).fetchone()
        if row is None or tuple(row[:5]) != stat:
            return None
        return row[5]

    def put_file(self, path: str, stat: FileStat, digest: bytes) -> None:
        self._files[path] = (*stat, digest)
        self._maybe_commit()

    # --- this run's posts ---

    def add_post(self, row: dict, key: str | None = None, findings: str = "[]") -> None:
        """A resolved post; ``key`` names its cached record (whose findings it
        shares), else ``findings`` are stored with the post."""
        values = [row[c] for c in POST_COLUMNS]
        values += [key, None if key else findings]
        self._posts.append(values)
        if len(self._posts) >= 500:
            self._flush()
        self._maybe_commit()

    def _flush(self) -> None:
        """This run's pending posts into its own table (no lock on the shared tables)."""
        if self._posts:
            with self._transaction(immediate=False):
                self.db.executemany(_INSERT_POST, self._posts)
            self._posts.clear()

    def _maybe_commit(self) -> None:
        now = time.monotonic()
        if now - self._last_commit >= self.commit_every:
            self.commit()
            self._last_commit = now

    def commit(self) -> None:
        """Write what is pending: the shared tables in one short transaction
        (the only time this run holds the write lock), then the posts; the
        reports read only after this."""
        if self._records or self._files:
            try:
                with self._transaction():
                    if self._files:
                        self.db.executemany(_INSERT_FILE, [(path, *row) for path, row in self._files.items()])
                    if self._records:
                        rows = [(key, *packed) for key, packed in self._records.items()]
                        self.db.executemany(_INSERT_RECORD, rows)
            except StoreBusyError:
                self._busy = True
                raise
            self._files.clear()
            self._records.clear()
        self._flush()

    def _transaction(self, immediate: bool = True) -> _Transaction:
        return _Transaction(self.db, immediate)

    def post_rows(self, where: str = "in_range = 1", order: str = "path", limit: int | None = None) -> Iterator[tuple]:
        """This run's posts as tuples: POST_COLUMNS, then the findings' JSON text."""
        self.commit()
        query = f"{_POST_SELECT} WHERE {_qualified(where)} ORDER BY {_qualified(order)}"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        return self.db.execute(query)

    def entries(self) -> Iterator[tuple]:
        """The posts of the period by path, as the JSON report lists them: path,
        account, published_at, title, label, source, kind, mislabelled, the
        findings' JSON text, error."""
        self.commit()
        return self.db.execute(
            "SELECT p.path, p.account, p.published_at, p.title, p.label, p.source, p.kind, p.mislabelled,"
            " COALESCE(p.findings, r.findings, '[]'), p.error"
            " FROM temp.posts p LEFT JOIN records r ON r.key = p.key WHERE p.in_range = 1 ORDER BY p.path"
        )

    def posts(self, where: str = "in_range = 1", order: str = "path", limit: int | None = None) -> Iterator[dict]:
        """This run's posts, one dict at a time (findings decoded)."""
        for values in self.post_rows(where, order, limit):
            row = dict(zip(POST_COLUMNS, values, strict=False))
            row["findings"] = json.loads(values[-1])
            row["mislabelled"] = bool(row["mislabelled"])
            yield row

    def count(self, where: str) -> int:
        self.commit()
        return self.db.execute(f"SELECT COUNT(*) FROM temp.posts WHERE {where}").fetchone()[0]


class _Transaction:
    """``BEGIN IMMEDIATE`` (the write lock at once, waiting up to BUSY_TIMEOUT
    for it, so that a run never reads a state another run then changes
    before its own write) ... ``COMMIT``; rolled back on an error."""

    def __init__(self, db: sqlite3.Connection, immediate: bool) -> None:
        self.db = db
        self.immediate = immediate

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE" if self.immediate else "BEGIN")
        except sqlite3.OperationalError as error:
            if _busy(error):
                raise StoreBusyError(str(error)) from None
            raise

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is not None:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            return
        try:
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if _busy(error):
                raise StoreBusyError(str(error)) from None
            raise


def _retry_busy(statement: Callable[[], object]) -> None:
    """Run a statement that SQLite may refuse at once as busy without calling
    its busy handler (switching to WAL while another connection opens the
    same new database): retried until BUSY_TIMEOUT."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _qualified(clause: str) -> str:
    """Column names of the posts table in a WHERE / ORDER BY clause, prefixed
    ``p.`` (the records table joined in has columns of the same names)."""
    return re.sub(r"\b(" + "|".join(POST_COLUMNS) + r")\b", r"p.\1", clause)
