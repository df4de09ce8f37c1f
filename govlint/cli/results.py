"""The cache of plain runs: a draft whose bytes, type and configuration are
unchanged costs a read and a hash, not a lint (a pre-commit hook run again, an
editor checking a folder twice).

Each result is stored as JSON, never pickle, in the user's cache folder
(``data.cache_folder("results")``; ``GOVLINT_RESULTS_CACHE`` names another
folder, or ``off`` turns this cache alone off), one file per key: the key is a hash of
the draft's bytes, its type and the configuration's fingerprint (the audit's:
govlint's version and installed files, every setting, the contents of the
lists the configuration names). A file that cannot be read or parsed is a
miss; the folder is pruned to its newest ``MAX_ENTRIES`` files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path

from govlint.config import Config
from govlint.data import cache_folder
from govlint.findings import ArticleBlock, FileResult, Finding, Fix, Place
from govlint.model import Metadata
from govlint.rules import Applicability, Severity, Stage

FORMAT = 1  # bumped when the stored form changes
MAX_ENTRIES = 4000


def fingerprint(config: Config) -> str:
    """What besides a draft's bytes shapes its result: the audit's fingerprint
    of the configuration and installation (one definition; a few ms, so once
    a batch)."""
    from govlint.audit.worker import config_fingerprint

    return config_fingerprint(config)


def key(data: bytes, fmt: str, configuration: str) -> str:
    """The entry of a draft's bytes and type under a configuration's :func:`fingerprint`."""
    digest = hashlib.blake2b(data, digest_size=20)
    digest.update(f"\0{FORMAT}\0{fmt}\0{configuration}".encode())
    return digest.hexdigest()


def folder() -> Path | None:
    configured = os.environ.get("GOVLINT_RESULTS_CACHE")
    if configured is not None:
        return None if configured.strip().lower() in {"", "off", "0", "none"} else Path(configured)
    return cache_folder("results")


def load(entry: str, display: str) -> FileResult | None:
    """The stored result of ``entry``, shown under ``display``; None on a miss."""
    folder_ = folder()
    if folder_ is None:
        return None
    try:
        stored = json.loads((folder_ / f"{entry}.json").read_text(encoding="utf-8"))
        return _result(stored, display)
    except (OSError, ValueError, KeyError, TypeError):  # missing, torn or from another version
        return None


def save(entry: str, result: FileResult) -> None:
    """Store a result (not one that could not be read or whose rules failed)."""
    target = folder()
    if target is None or result.error or result.rule_errors:
        return
    name = None
    try:
        target.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(_stored(result), out, ensure_ascii=False)
        os.replace(name, target / f"{entry}.json")
        name = None
    except (OSError, ValueError):  # a read-only or full cache, text JSON cannot hold: uncached
        return
    finally:
        if name is not None:
            Path(name).unlink(missing_ok=True)
    _prune(target)


def _prune(folder: Path) -> None:
    try:
        entries = list(folder.glob("*.json"))
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda p: p.stat().st_mtime)
        for old in entries[: len(entries) - MAX_ENTRIES // 2]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def _stored(result: FileResult) -> dict:
    metadata = result.metadata
    return {
        "format": result.format,
        "encoding": result.encoding,
        "chars": result.chars,
        "metadata": {**metadata.as_dict(), "site": metadata.site, "extra": dict(metadata.extra),
                     "positions": {k: list(v) for k, v in metadata.positions.items()}},
        "findings": [_finding(f) for f in result.findings],
        "source_lines": list(result.source_lines),
        "rules_run": list(result.rules_run),
        "rules_unchecked": [list(item) for item in result.rules_unchecked],
        "facts": result.facts,
        "article": [dataclasses.asdict(block) for block in result.article],
    }


def _finding(finding: Finding) -> dict:
    stored = {name: getattr(finding, name) for name in _FINDING_FIELDS}
    stored.update(severity=finding.severity.value, stage=finding.stage.value)
    if finding.fix is not None:
        stored["fix"] = {**{name: getattr(finding.fix, name) for name in _FIX_FIELDS},
                         "applicability": finding.fix.applicability.value}
    if finding.place is not None:
        stored["place"] = dataclasses.asdict(finding.place)
    return stored


_FINDING_FIELDS = (
    "check", "rule", "line", "column", "end_line", "end_column", "text", "suggestion", "message", "offset", "title"
)
_FIX_FIELDS = ("start", "end", "line", "column", "end_line", "end_column", "replacement")


def _result(stored: dict, display: str) -> FileResult:
    meta = stored["metadata"]
    metadata = Metadata(
        **{name: meta[name] for name in ("title", "account", "author", "editor", "date", "label", "source", "site")},
        extra=meta["extra"],
        positions={k: tuple(v) for k, v in meta["positions"].items()},
    )
    return FileResult(
        path=display,
        format=stored["format"],
        encoding=stored["encoding"],
        chars=stored["chars"],
        metadata=_frozen(metadata),
        findings=tuple(_unstored(f) for f in stored["findings"]),
        source_lines=tuple(stored["source_lines"]),
        rules_run=tuple(stored["rules_run"]),
        rules_unchecked=tuple(tuple(item) for item in stored["rules_unchecked"]),
        facts=stored["facts"],
        article=tuple(_block(b) for b in stored["article"]),
    )


def _block(stored: dict) -> ArticleBlock:
    return ArticleBlock(**{**stored, "hidden": tuple(tuple(pair) for pair in stored["hidden"])})


def _frozen(metadata: Metadata) -> Metadata:
    """Metadata with its mappings read-only, as the readers make them."""
    metadata.__setstate__(metadata.__getstate__())
    return metadata


def _unstored(stored: dict) -> Finding:
    fix = stored.get("fix")
    return Finding(
        **{name: stored[name] for name in _FINDING_FIELDS},
        severity=Severity(stored["severity"]),
        stage=Stage(stored["stage"]),
        fix=Fix(**{name: fix[name] for name in _FIX_FIELDS}, applicability=Applicability(fix["applicability"]))
        if fix else None,
        place=Place(**stored["place"]) if stored.get("place") else None,
    )
