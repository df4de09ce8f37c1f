"""Writing what a command produces: to standard output, or to a file
written whole or not at all, never over one of the drafts."""

from __future__ import annotations

import dataclasses
import errno
import io
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from govlint.escape import printable, shown_path
from govlint.findings import FileResult


def names_an_input(output: str, files: list[Path]) -> bool:
    """Whether the report would be written over one of the drafts (the same
    file by another name or a hard link included)."""
    try:
        target = os.stat(output)
    except OSError:
        return False  # not there yet: no draft to overwrite
    for file in files:
        try:
            status = os.stat(file)
        except OSError:
            continue
        if (status.st_dev, status.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False


def emit(output: str | None, render: Callable[[TextIO], object], command: str = "govlint") -> bool:
    """Write what ``render`` writes to ``output`` (:func:`write_file`) or to
    standard output; False, said on stderr after ``command``, when the
    output file cannot be written."""
    if not output:
        stream = sys.stdout
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")
        render(stream)
        return True
    try:
        write_file(output, render)
    except OSError as error:
        sys.stderr.write(f"{command}: {printable(output)}: 无法写入报告：{error.strerror or error}\n")
        return False
    return True


def write_file(output: str, render: Callable[[TextIO], object]) -> None:
    """Write what ``render`` writes to the file ``output``, whole or not at
    all: the text goes to a temporary file beside it, renamed over it once
    complete, so a run that fails keeps the previous report. A device or a
    FIFO (/dev/stdout) is written directly. Raises OSError."""
    target = Path(os.path.realpath(output))  # through a symlink, as writing to it would
    if target.exists() and not target.is_file() and not target.is_dir():  # /dev/stdout, /dev/null, a FIFO
        with open(output, "w", encoding="utf-8", errors="backslashreplace") as handle:
            render(handle)
        return
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "是一个目录")
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with open(descriptor, "w", encoding="utf-8", errors="backslashreplace") as handle:
            render(handle)
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def displayable(result: FileResult) -> FileResult:
    """The result with a file name that is not UTF-8 shown as its bytes'
    escapes (``\\xff``): Python keeps such a name as lone surrogates, which
    no report format can encode (a JSON string, a terminal line)."""
    shown = shown_path(result.path)
    return result if shown == result.path else dataclasses.replace(result, path=shown)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
