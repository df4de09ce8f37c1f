"""Per-post results on disk (SQLite), so memory does not grow with the quarter.

One database holds two tables:

- ``cache``: lint records keyed by content hash + govlint version + configuration
  fingerprint; kept across runs, so a re-run re-lints only changed posts;
- ``posts``: this run's posts with what the audit resolved for each (account,
  publish time, label, ...), cleared when a run starts; the reports stream
  from it.

Writes are committed in small transactions, so a run that is interrupted
keeps every post finished before the interruption (WAL journal).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts (
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
    findings TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_account ON posts (in_range, account, epoch);
"""
DB_NAME = "audit.sqlite3"
POST_COLUMNS = (
    "path", "account", "published_at", "epoch", "title", "label", "source", "kind",
    "mislabelled", "in_range", "error", "n_error", "n_warning", "n_notice", "score", "findings",
)


class Store:
    """The audit's SQLite database in ``folder`` (created if missing)."""

    def __init__(self, folder: Path, commit_every: float = 1.0) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / DB_NAME
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.commit_every = commit_every
        self._last_commit = time.monotonic()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def start_run(self) -> None:
        self.db.execute("DELETE FROM posts")
        self.db.commit()

    def cached(self, key: str) -> dict | None:
        row = self.db.execute("SELECT record FROM cache WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_cache(self, key: str, record: dict) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO cache (key, record) VALUES (?, ?)",
            (key, json.dumps(record, ensure_ascii=False, separators=(",", ":"))),
        )
        self._maybe_commit()

    def add_post(self, row: dict) -> None:
        values = [row[c] for c in POST_COLUMNS]
        values[-1] = json.dumps(row["findings"], ensure_ascii=False, separators=(",", ":"))
        placeholders = ", ".join("?" for _ in POST_COLUMNS)
        self.db.execute(f"INSERT OR REPLACE INTO posts ({', '.join(POST_COLUMNS)}) VALUES ({placeholders})", values)
        self._maybe_commit()

    def _maybe_commit(self) -> None:
        now = time.monotonic()
        if now - self._last_commit >= self.commit_every:
            self.db.commit()
            self._last_commit = now

    def commit(self) -> None:
        self.db.commit()

    def posts(self, where: str = "in_range = 1", order: str = "path", limit: int | None = None) -> Iterator[dict]:
        """This run's posts, one dict at a time (findings decoded)."""
        query = f"SELECT {', '.join(POST_COLUMNS)} FROM posts WHERE {where} ORDER BY {order}"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        for values in self.db.execute(query):
            row = dict(zip(POST_COLUMNS, values, strict=True))
            row["findings"] = json.loads(row["findings"])
            row["mislabelled"] = bool(row["mislabelled"])
            yield row

    def count(self, where: str) -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM posts WHERE {where}").fetchone()[0]
