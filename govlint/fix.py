"""``--fix``: apply the safe fixes of a lint result to the file, atomically.

Only the findings' edits are applied (``Finding.fix``): the safe ones, and
with ``--unsafe-fixes`` the unsafe ones too, never a display-only one,
never two that overlap, from the end of the file backwards, on the
text decoded from the file's ORIGINAL bytes. The result is encoded in the
file's own encoding (its BOM kept), written to a dot-prefixed temporary file
in the same folder, fsynced, renamed over the draft with ``os.replace`` and
the folder fsynced: a crash at any moment leaves the old or the new file,
never a mix. A file that would not round-trip exactly (undecodable bytes, an
encoding that cannot hold the new text) is left untouched, with the reason.
"""

from __future__ import annotations

import codecs
import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from govlint.findings import FileResult, Finding, Fix
from govlint.rules import Applicability
from govlint.source import InputError, decode, read_bytes

TEMP_SUFFIX = ".govlint-tmp"
_CHUNK = 1 << 20  # bytes per write call
# Characters that are markup, not text: a span holding one crosses tags or
# escapes, and replacing it with plain text would delete markup.
_MARKUP = {"html": set("<>&"), "markdown": set("<>&*_`[]\\"), "text": set()}


@dataclass(frozen=True)
class FixOutcome:
    applied: tuple[Finding, ...] = ()
    skipped: int = 0  # fixable findings not applied (overlap, markup inside)
    error: str | None = None  # why the file was not written


def applies(fix: Fix | None, unsafe: bool) -> bool:
    """Whether ``--fix`` (with ``--unsafe-fixes`` when ``unsafe``) applies an edit."""
    if fix is None:
        return False
    return fix.applicability is Applicability.SAFE or (unsafe and fix.applicability is Applicability.UNSAFE)


def fixable_edits(
    text: str, fmt: str, findings: tuple[Finding, ...], unsafe: bool = False
) -> tuple[list[Finding], int]:
    """The findings whose edits to apply, in source order, and how many
    applicable ones were left out (overlapping, or with markup inside)."""
    candidates = sorted(
        (f for f in findings if applies(f.fix, unsafe)),
        key=lambda f: (f.fix.start, f.fix.end),  # type: ignore[union-attr]
    )
    chosen: list[Finding] = []
    last_end = -1
    for finding in candidates:
        start, end = finding.fix.start, finding.fix.end  # type: ignore[union-attr]
        if text[start:end] != finding.text or start < last_end:
            continue  # the file changed since it was linted, or overlaps the previous fix
        if _MARKUP.get(fmt, set()) & set(finding.text):
            continue
        chosen.append(finding)
        last_end = end
    return chosen, len(candidates) - len(chosen)


def apply_edits(text: str, edits: list[Finding]) -> str:
    """Replace each edit's range by its replacement, from the end backwards."""
    for finding in reversed(edits):
        fix = finding.fix
        assert fix is not None  # fixable_edits chose only findings with an edit
        text = text[: fix.start] + fix.replacement + text[fix.end :]
    return text


def encode_like(text: str, original: bytes, encoding: str) -> bytes:
    """``text`` in the encoding and byte order of ``original``, BOM included."""
    name = codecs.lookup(encoding).name
    if name in ("utf-16", "utf-32"):
        width = 2 if name == "utf-16" else 4
        little = original.startswith(codecs.BOM_UTF16_LE if width == 2 else codecs.BOM_UTF32_LE)
        return original[:width] + text.encode(f"{name}-{'le' if little else 'be'}")
    return text.encode(name)


def fix_file(path: Path, result: FileResult, max_size: int, unsafe: bool = False) -> FixOutcome:
    """Apply the safe edits of ``result`` (the unsafe ones too when ``unsafe``)
    to ``path``; never raises for bad input."""
    if result.error or result.format is None or not result.findings:
        return FixOutcome()
    try:
        original = read_bytes(path, max_size)
        decoded = decode(original, html=result.format == "html")
    except InputError as error:
        return FixOutcome(error=str(error))
    edits, skipped = fixable_edits(decoded.text, result.format, result.findings, unsafe)
    if not edits:
        return FixOutcome(skipped=skipped)
    if decoded.errors:
        return FixOutcome(skipped=skipped + len(edits), error="文件含有无法解码的字节，为免丢失原文未作修改")
    try:
        if encode_like(decoded.text, original, decoded.encoding) != original:
            reason = f"按 {decoded.encoding} 重新编码后与原文不一致，未作修改"
            return FixOutcome(skipped=skipped + len(edits), error=reason)
        new = encode_like(apply_edits(decoded.text, edits), original, decoded.encoding)
    except (UnicodeError, LookupError):
        return FixOutcome(skipped=skipped + len(edits), error=f"修改后的文字无法用 {decoded.encoding} 编码，未作修改")
    try:
        write_atomically(path, new)
    except OSError as error:
        return FixOutcome(skipped=skipped + len(edits), error=f"无法写入修改：{error.strerror or error}")
    return FixOutcome(applied=tuple(edits), skipped=skipped)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path``'s content with ``data``: all of it or none of it."""
    target = path.resolve()  # a symbolic link keeps pointing at the fixed file
    folder = target.parent
    mode = target.stat().st_mode & 0o7777
    temp = folder / f".{target.name}.{os.getpid()}{TEMP_SUFFIX}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view[:_CHUNK])
                view = view[written:]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems do not support fsync on a directory
    finally:
        os.close(fd)
