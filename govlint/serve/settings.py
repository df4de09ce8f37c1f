"""The settings an office keeps, read from and saved to a folder's
``.govlint.toml``: the account name, trusted domains, allowed words and the
office's term lists (keys ``account``, ``trusted_domains``, ``allow_words``,
``dictionaries`` of govlint/config.py).

The file may hold other keys and comments the page does not manage: it is
edited in place, line by line (each managed key's assignment replaced,
removed or added at the end of the top-level keys), never rewritten from the
parsed values, so what the page does not show is kept as written. The edited
text is parsed again before it is written: unless it holds exactly the old
keys with the new values, nothing is written and the editor is told why.
The file is replaced atomically (a temporary file in the same folder, then
``os.replace``).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govlint import parsererrors
from govlint.config import Config, ConfigError, from_mapping, load_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

FILE_NAME = ".govlint.toml"
MANAGED = ("account", "trusted_domains", "allow_words", "dictionaries")
MAX_ITEMS = 2000  # lines of one list field
MAX_ITEM = 200  # characters of one item


class SettingsError(Exception):
    """Why the settings cannot be read or saved: one line in Chinese."""


@dataclass
class Settings:
    folder: Path
    account: str = ""
    trusted_domains: tuple[str, ...] = ()
    allow_words: tuple[str, ...] = ()
    dictionaries: tuple[str, ...] = ()
    exists: bool = False  # the folder has a .govlint.toml

    @property
    def path(self) -> Path:
        return self.folder / FILE_NAME


def folder_of(typed: str, default: Path) -> Path:
    """The folder the editor typed (``~`` expanded; empty: ``default``), which must exist."""
    typed = typed.strip()
    folder = Path(typed).expanduser() if typed else default
    if not folder.is_absolute():
        folder = default / folder
    if not folder.is_dir():
        raise SettingsError(f"文件夹不存在：{folder}（请填写已有文件夹的完整路径）")
    return folder.resolve()


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except FileNotFoundError:
        return "", {}
    except tomllib.TOMLDecodeError as error:
        why = parsererrors.explain_toml(str(error))
        raise SettingsError(f"{path} 不是有效的 TOML 文件（{why}），请先手工改正") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"无法读取 {path}：{error}") from None


def read(folder: Path) -> Settings:
    """The managed settings of ``folder``'s ``.govlint.toml`` (empty when it has none)."""
    settings = Settings(folder)
    _, data = _read(settings.path)
    settings.exists = settings.path.is_file()
    account = data.get("account")
    settings.account = account if isinstance(account, str) else ""
    for key in MANAGED[1:]:
        value = data.get(key, [])
        setattr(settings, key, tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ())
    return settings


def lines(text: str) -> tuple[str, ...]:
    """A textarea's items: one a line, trimmed, blank lines and repeats dropped."""
    items = [" ".join(line.split()) for line in text.splitlines()]
    items = list(dict.fromkeys(item for item in items if item))
    if len(items) > MAX_ITEMS or any(len(item) > MAX_ITEM for item in items):
        raise SettingsError(f"每一栏最多 {MAX_ITEMS} 行、每行最多 {MAX_ITEM} 字")
    return tuple(items)


def save(settings: Settings) -> Config:
    """Write ``settings`` into its folder's ``.govlint.toml`` (other keys and
    comments kept) and return the configuration it now gives."""
    path = settings.path
    text, old = _read(path)
    values: dict[str, Any] = {
        "account": settings.account.strip() or None,
        "trusted_domains": list(settings.trusted_domains) or None,
        "allow_words": list(settings.allow_words) or None,
        "dictionaries": list(settings.dictionaries) or None,
    }
    expected = {k: v for k, v in old.items() if k not in MANAGED}
    expected.update({k: v for k, v in values.items() if v is not None})
    try:  # the settings must load before anything is written (a missing term list, a bad domain)
        from_mapping(expected, str(path), settings.folder, trusted=True)
    except ConfigError as error:
        raise SettingsError(f"未保存：{error}") from None
    new = edit(text, values)
    try:
        reparsed = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        reparsed = None
    if reparsed != expected:
        raise SettingsError(
            f"未保存：{path} 的写法本页面无法在保留其他内容的前提下修改（例如这些设置写在了表或多处），"
            "为免丢失原有设置，请用文本编辑器手工修改"
        )
    _write(path, new)
    try:
        return load_file(path, trusted=True)
    except ConfigError as error:  # pragma: no cover - validated above
        raise SettingsError(str(error)) from None


def edit(text: str, values: dict[str, Any]) -> str:
    """``text`` with each managed key's assignment replaced by ``values``' (None: removed)."""
    rows = text.splitlines(keepends=True)
    if rows and not rows[-1].endswith("\n"):
        rows[-1] += "\n"
    added = []
    for key, value in values.items():
        found = _assignment(rows, key)
        line = [] if value is None else [f"{key} = {_toml(value)}\n"]
        if found is None:
            added += line
        else:
            start, end = found
            rows[start:end] = line
    if added:
        header = next((i for i, row in enumerate(rows) if re.match(r"\s*\[", row) and _is_header(rows, i)), len(rows))
        at = header
        while at > 0 and not rows[at - 1].strip():
            at -= 1  # after the last key, before the blank lines that lead to the first table
        rows[at:at] = added + (["\n"] if at == header < len(rows) else [])
    return "".join(rows)


def _is_header(rows: list[str], index: int) -> bool:
    """Whether ``rows[index]`` (starting with ``[``) is a table header, not a line of a multi-line array."""
    try:
        tomllib.loads("".join(rows[:index]))
    except tomllib.TOMLDecodeError:
        return False  # the lines before it are an unfinished value
    return True


def _assignment(rows: list[str], key: str) -> tuple[int, int] | None:
    """The lines ``[start, end)`` of the top-level assignment of ``key``."""
    pattern = re.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    for start, row in enumerate(rows):
        if re.match(r"\s*\[", row) and _is_header(rows, start):
            return None  # top-level keys come before the first table
        if pattern.match(row) and _is_header(rows, start):  # not inside another value
            for end in range(start + 1, len(rows) + 1):
                try:
                    if key in tomllib.loads("".join(rows[start:end])):
                        return start, end
                except tomllib.TOMLDecodeError:
                    continue
            return None
    return None


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    return "[" + ", ".join(_string(item) for item in value) + "]"


def _string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _write(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    handle, temporary = tempfile.mkstemp(prefix=".govlint-", suffix=".toml.tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise SettingsError(f"无法写入 {path}：{error.strerror or error}") from None
