"""Finding the posts of a quarter and what is known about each beforehand.

Per post, the audit needs its account, publish time, title, label and source.
In order of preference they come from the post itself (Markdown front matter,
HTML metadata; read by the lint engine), else from a ``manifest.csv`` beside
the posts, else from the folder layout ``ACCOUNT/YYYY-MM-DD[-HHMM]*.ext``.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from govlint.dates import DateError, parse_datetime
from govlint.readers import FORMATS
from govlint.source import os_reason

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("path", "account", "published_at", "title", "label", "source")
_LAYOUT_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_T ](\d{2})[-:]?(\d{2})(?!\d))?")


class AuditInputError(Exception):
    """A path or manifest the audit cannot use; the message is one Chinese line."""


@dataclass(frozen=True)
class PostRef:
    path: str  # as shown in reports: the audited path joined with the post's place below it
    manifest: dict[str, str] | None = None  # the manifest.csv row for this post, if any
    error: str | None = None  # why it cannot be audited, known before reading (a folder that cannot be listed)


def discover_posts(roots: list[str]) -> list[PostRef]:
    """Every draft below the given folders (or the files given), sorted by path,
    with its manifest row. Hidden folders (the cache) are skipped. A manifest
    covers the folder it lies in and the folders below (paths relative to it);
    the nearest manifest naming a post wins."""
    files: dict[str, None] = {}
    rows: dict[str, dict[str, str]] = {}
    errors: dict[str, str] = {}
    for root in roots:
        path = Path(root)
        if not path.exists():
            raise AuditInputError(f"{root}: 路径不存在")
        if path.is_file():
            if path.suffix.lower() not in FORMATS:
                raise AuditInputError(f"{root}: 不支持的文件类型（支持 {' '.join(sorted(FORMATS))}）")
            if (path.parent / MANIFEST).is_file():
                rows.update(load_manifest(path.parent / MANIFEST))
            files[str(path)] = None
            continue
        unlisted: list[OSError] = []
        for folder, subfolders, names in os.walk(path, onerror=unlisted.append):  # top-down: deeper manifests override
            subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d != "node_modules")
            if MANIFEST in names:
                rows.update(load_manifest(Path(folder) / MANIFEST))
            for name in names:
                if os.path.splitext(name)[1].lower() in FORMATS and not name.startswith("."):
                    files[os.path.join(folder, name)] = None
        for error in unlisted:  # never skipped without a word: an entry of its own, reported unreadable
            if os.path.normpath(error.filename or root) == os.path.normpath(root):
                raise AuditInputError(f"{root}: 无法读取目录：{os_reason(error)}")
            errors[error.filename] = f"无法读取目录：{os_reason(error)}"
    refs = [PostRef(p, rows.get(_norm(p)) if rows else None) for p in sorted(files)]
    refs += [PostRef(folder, None, reason) for folder, reason in sorted(errors.items())]
    refs.sort(key=lambda ref: ref.path)
    return refs


def _norm(path: Path | str) -> str:
    return os.path.normcase(os.path.abspath(path))


def load_manifest(path: Path) -> dict[str, dict[str, str]]:
    """Rows of a manifest.csv keyed by the absolute path of their post.

    UTF-8 (with or without BOM) or, as Excel saves it in China, GB18030.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AuditInputError(f"{path}: 无法读取清单：{error.strerror or error}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise AuditInputError(f"{path}: 清单编码无法识别（应为 UTF-8 或 GBK）")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    if "path" not in columns:
        raise AuditInputError(f"{path}: 清单缺少 path 列（应有列：{', '.join(MANIFEST_COLUMNS)}）")
    rows: dict[str, dict[str, str]] = {}
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        if not row.get("path"):
            raise AuditInputError(f"{path}: 第 {number} 行缺少 path")
        if row.get("published_at"):
            try:
                parse_datetime(row["published_at"])
            except DateError as error:
                raise AuditInputError(f"{path}: 第 {number} 行 published_at {error}") from None
        rows[_norm(path.parent / row["path"])] = {k: row.get(k, "") for k in MANIFEST_COLUMNS}
    return rows


def layout_account(path: str) -> str | None:
    """``ACCOUNT/2026-07-03*.md``: the folder holding the post names its account."""
    parent = os.path.basename(os.path.dirname(path))
    return parent or None


def layout_time(path: str) -> datetime | None:
    """``2026-07-03-0930-标题.md`` → 2026-07-03 09:30 Asia/Shanghai; a date alone is midnight."""
    match = _LAYOUT_DATE.match(os.path.basename(path))
    if not match:
        return None
    y, m, d, hh, mm = match.groups()
    text = f"{y}-{m}-{d}" + (f" {hh}:{mm}" if hh else "")
    try:
        return parse_datetime(text)
    except DateError:
        return None
