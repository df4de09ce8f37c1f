"""``--fix``: apply the safe fixes of a lint result to the file, atomically.

Only the findings' edits are applied (``Finding.fix``): the safe ones, and
with ``--unsafe-fixes`` the unsafe ones too, never a display-only one,
never two that overlap, from the end of the file backwards, on the
text decoded from the file's ORIGINAL bytes. The result is encoded in the
file's own encoding (its BOM kept). A file that would not round-trip
exactly (undecodable bytes, an encoding that cannot hold the new text) is
left untouched, with the reason.

What is written, and where (issue 28):

* **Symbolic links.** A link is followed and the file it points to is
  fixed, the link kept, but only when that file lies inside the *tree*:
  the PATH given on the command line (a folder itself, a file's own
  folder; ``fix_file(tree=...)``), or the linted file's own folder when
  no tree is given. Both are compared after resolving every link, so a
  link, or a linked folder, leading out of the tree (``/etc/passwd``,
  another user's files, the repository next door) is refused, never
  written through. The tree is what the user named, not the repository
  root: a plain ``govlint --fix draft.md`` must not reach files elsewhere.
* **Read-only files** are refused: a file without any write permission bit
  (``chmod a-w``), or one the user cannot write (``os.access``), is left
  alone, even for root, who could replace it. Replacing a file through
  write access to its folder is exactly what a read-only mark forbids.
* **Mode and owner.** The new file gets the old one's mode (setuid and
  sticky bits included) and, where permitted, its owner and group
  (``fchown``, done before ``fchmod`` since a chown clears setuid bits).
* **Atomic replacement** is the normal path: the new bytes go to a hidden
  temporary file in the same folder (``.<name>.<pid>.govlint-tmp``),
  fsynced, renamed over the draft with ``os.replace``, the folder fsynced;
  a crash at any moment leaves the old or the new file, never a mix. If the
  draft changed while it was being fixed (another size, time or inode),
  nothing is replaced.
* **Hard links, and owners that cannot be kept.** Renaming would give the
  draft a new inode: its other names would keep the old text, and a file
  owned by someone else would become the fixer's. Like ruff and black,
  which write in place (ruff issue #16003: the maintainers keep writing
  through hard links on purpose), such a file is rewritten *in place*,
  so every name sees the fix and mode, owner and links stay. To keep that
  safe, the new text is first written in full to the temporary file,
  fsynced, and renamed to ``.<name>.<pid>.govlint-copy``; only then is the
  draft overwritten, truncated and fsynced, and the copy deleted. If the
  write fails, the original bytes are written back. If the process is
  killed in that short window the draft may be a mix, but the complete new
  text survives in the ``.govlint-copy`` file, and every later ``--fix``
  of that draft refuses, naming the copy, until someone has checked it.
* **Left-over temporary files.** A ``.govlint-tmp`` file left by a kill
  holds a partial copy of a draft that was never touched. The first
  ``--fix`` of a file in that folder (once per folder and process)
  deletes those whose process no longer runs or that have not changed for
  ``STALE_AFTER`` seconds (a live writer touches its file continuously).
  ``.govlint-copy`` files are never deleted automatically.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from govlint.escape import printable
from govlint.findings import FileResult, Finding, Fix
from govlint.rules import Applicability
from govlint.source import InputError, decode, read_bytes

TEMP_SUFFIX = ".govlint-tmp"
COPY_SUFFIX = ".govlint-copy"
STALE_AFTER = 10 * 60  # seconds without a change after which a temporary file is abandoned
_CHUNK = 1 << 20  # bytes per write call
_NAME_PART = 100  # characters of the draft's name kept in a temporary file's name (NAME_MAX)
_TEMP_NAME = re.compile(r"^\..*\.(\d+)" + re.escape(TEMP_SUFFIX) + "$", re.S)
_scanned_folders: dict[str, list[str]] = {}  # folder -> its .govlint-copy files
# Characters that are markup, not text: a span holding one crosses tags or
# escapes, and replacing it with plain text would delete markup.
_MARKUP = {"html": set("<>&"), "markdown": set("<>&*_`[]\\"), "text": set()}


class RefusedError(Exception):
    """The file is not written; the message (one line, Chinese) says why."""


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


WORD_REFUSED = "Word 文件不能直接修改；请用 --review 生成带修订和批注的审校副本，在 Word 或 WPS 中逐条接受"


@dataclass(frozen=True)
class Rewrite:
    """What the fixes make of a draft's bytes, before anything is written."""

    new: bytes | None = None  # None: nothing to write (no edit, or refused: see error)
    applied: tuple[Finding, ...] = ()
    skipped: int = 0
    error: str | None = None
    before: str = ""  # the decoded text, and the text after the edits (for --diff)
    after: str = ""


def rewrite(original: bytes, result: FileResult, unsafe: bool = False) -> Rewrite:
    """The bytes ``original`` become under the safe edits of ``result`` (the
    unsafe ones too when ``unsafe``), in the same encoding and byte order;
    pure, for ``--fix`` and ``--diff`` alike."""
    if result.error or result.format is None or not result.findings:
        return Rewrite()
    if result.format == "docx":  # its text is not the file's bytes: edits go in a reviewed copy
        fixable = sum(1 for f in result.findings if f.fix is not None)
        return Rewrite(skipped=fixable, error=WORD_REFUSED if fixable else None)
    try:
        decoded = decode(original, html=result.format == "html")
    except InputError as error:
        return Rewrite(error=str(error))
    edits, skipped = fixable_edits(decoded.text, result.format, result.findings, unsafe)
    if not edits:
        return Rewrite(skipped=skipped)
    refused = skipped + len(edits)
    if decoded.errors:
        return Rewrite(skipped=refused, error="文件含有无法解码的字节，为免丢失原文未作修改")
    try:
        if encode_like(decoded.text, original, decoded.encoding) != original:
            return Rewrite(skipped=refused, error=f"按 {decoded.encoding} 重新编码后与原文不一致，未作修改")
        after = apply_edits(decoded.text, edits)
        new = encode_like(after, original, decoded.encoding)
    except (UnicodeError, LookupError):
        return Rewrite(skipped=refused, error=f"修改后的文字无法用 {decoded.encoding} 编码，未作修改")
    return Rewrite(new, tuple(edits), skipped, None, decoded.text, after)


def fix_file(
    path: Path, result: FileResult, max_size: int, unsafe: bool = False, tree: Path | None = None
) -> FixOutcome:
    """Apply the safe edits of ``result`` (the unsafe ones too when ``unsafe``)
    to ``path``; never raises for bad input. ``tree`` is the PATH the user
    named (a folder, or a file standing for its folder): a symbolic link to a
    file outside it is refused; by default the tree is ``path``'s folder."""
    if result.error or result.format is None or not result.findings:
        return FixOutcome()
    try:
        target, before = writable_target(path, tree)
        original = read_bytes(target, max_size)
    except RefusedError as refused:
        return FixOutcome(error=str(refused))
    except InputError as error:
        return FixOutcome(error=str(error))
    planned = rewrite(original, result, unsafe)
    if planned.new is None:
        return FixOutcome(skipped=planned.skipped, error=planned.error)
    try:
        _write(target, before, original, planned.new)
    except RefusedError as refused:
        return FixOutcome(skipped=planned.skipped + len(planned.applied), error=str(refused))
    except OSError as error:
        return FixOutcome(
            skipped=planned.skipped + len(planned.applied), error=f"无法写入修改：{error.strerror or error}"
        )
    return FixOutcome(applied=planned.applied, skipped=planned.skipped)


def writable_target(path: Path, tree: Path | None = None) -> tuple[Path, os.stat_result]:
    """The real file ``path`` names and its status, or :class:`RefusedError` with
    the reason it must not be written (see the module's docstring)."""
    try:
        target = path.resolve(strict=True)
        folder = path.parent if tree is None else tree if tree.is_dir() else tree.parent
        root = folder.resolve(strict=True)
        status = os.stat(target, follow_symlinks=False)
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop (older Pythons)
        raise RefusedError(f"无法确定文件的实际位置：{getattr(error, 'strerror', None) or error}") from None
    if not target.is_relative_to(root):
        raise RefusedError(f"这是指向检查范围之外的符号链接（{printable(str(target))}），未作修改")
    if not stat.S_ISREG(status.st_mode):
        raise RefusedError("不是普通文件，未作修改")
    if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise RefusedError("文件为只读，未作修改；如需修复请先取消只读属性")
    prefix = f".{target.name[:_NAME_PART]}."
    copies = [
        name
        for name in _scan(target.parent)
        if name.startswith(prefix) and os.path.lexists(target.parent / name)  # deleted since the scan: fine
    ]
    if copies:
        shown = printable(str(target.parent / min(copies)))
        raise RefusedError(f"上次修复在改写文件时中断，修改后的全文保存在 {shown}，请核对本文件后删除它再修复")
    return target, status


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path``'s content with ``data``: all of it or none of it
    (``path`` resolved; its mode and, where permitted, owner kept)."""
    target = path.resolve()
    status = os.stat(target)
    _replace(target, status, data)


def _write(target: Path, before: os.stat_result, original: bytes, data: bytes) -> None:
    now = os.stat(target, follow_symlinks=False)
    if _identity(now) != _identity(before):
        raise RefusedError("文件在修复期间被改动，未作修改")
    if before.st_nlink > 1 or not _can_own(before):
        _rewrite_in_place(target, original, data)
    else:
        _replace(target, before, data)


def _identity(status: os.stat_result) -> tuple[int, ...]:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, stat.S_IFMT(status.st_mode))


def _can_own(status: os.stat_result) -> bool:
    """Whether a new file can be given ``status``'s owner and group."""
    if not hasattr(os, "geteuid"):
        return True  # Windows: no owners to keep in this sense
    euid = os.geteuid()
    if euid == 0:
        return True
    return status.st_uid == euid and (status.st_gid == os.getegid() or status.st_gid in os.getgroups())


def _temp_name(target: Path) -> Path:
    return target.parent / f".{target.name[:_NAME_PART]}.{os.getpid()}{TEMP_SUFFIX}"


def _write_temp(target: Path, status: os.stat_result, data: bytes) -> Path:
    """A fsynced hidden copy of ``data`` beside ``target``, with its mode and owner."""
    temp = _temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        try:
            _write_all(fd, data)
            if hasattr(os, "fchown") and (status.st_uid, status.st_gid) != _owner(fd):
                with contextlib.suppress(PermissionError):  # _can_own said it may; a quota or NFS may still say no
                    os.fchown(fd, status.st_uid, status.st_gid)
            os.fchmod(fd, stat.S_IMODE(status.st_mode))
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def _owner(fd: int) -> tuple[int, int]:
    status = os.fstat(fd)
    return status.st_uid, status.st_gid


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:_CHUNK])
        view = view[written:]


def _replace(target: Path, status: os.stat_result, data: bytes) -> None:
    _move(_write_temp(target, status, data), target, os.replace)
    _fsync_folder(target.parent)


def _move(temp: Path, destination: Path, move: Callable[[Path, Path], None]) -> None:
    """Move a temporary file into place; if that fails, it is deleted."""
    try:
        move(temp, destination)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _rewrite_in_place(target: Path, original: bytes, data: bytes) -> None:
    """Overwrite ``target``'s own inode with ``data``, a complete copy kept
    beside it until the draft is fsynced (see the module's docstring)."""
    temp = _write_temp(target, os.stat(target), data)
    copy = temp.with_name(temp.name[: -len(TEMP_SUFFIX)] + COPY_SUFFIX)
    _move(temp, copy, os.rename)
    _fsync_folder(target.parent)
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        try:
            _overwrite(fd, data)
        except OSError:
            try:
                _overwrite(fd, original)  # the blocks the original used are still there
            except OSError:
                raise RefusedError(
                    f"改写文件时出错且无法恢复原文；修改后的全文保存在 {printable(str(copy))}，请核对"
                ) from None
            _discard(copy)
            raise
    finally:
        os.close(fd)
    _discard(copy)


def _overwrite(fd: int, data: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    _write_all(fd, data)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _discard(copy: Path) -> None:
    with contextlib.suppress(OSError):
        copy.unlink()
    _fsync_folder(copy.parent)


def _scan(folder: Path) -> list[str]:
    """The ``.govlint-copy`` files in ``folder``, after deleting the
    ``.govlint-tmp`` files a killed ``--fix`` left there (see the module's
    docstring). Once per folder and process: a folder of many drafts is
    listed once, not once per draft."""
    key = os.fspath(folder)
    if key in _scanned_folders:
        return _scanned_folders[key]
    copies: list[str] = []
    _scanned_folders[key] = copies
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return copies
    now = time.time()
    for entry in entries:
        if entry.name.endswith(COPY_SUFFIX):
            copies.append(entry.name)
        match = _TEMP_NAME.match(entry.name)
        if not match or int(match.group(1)) == os.getpid():
            continue
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            continue
        if now - status.st_mtime > STALE_AFTER or not _running(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    return copies


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists (on this machine); True when unsure."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


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
