"""``govlint --diff``: what ``--fix`` would change, as a unified diff."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable
from pathlib import Path

from govlint.cli.output import emit
from govlint.config import Config
from govlint.escape import printable
from govlint.findings import FileResult
from govlint.fix import rewrite
from govlint.source import InputError, read_bytes

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


def show_diffs(
    args: argparse.Namespace, results: list[FileResult], usage_error: bool, config_for: Callable[[Path], Config]
) -> int:
    """--diff: what --fix would change, as a unified diff, instead of the
    report; exit 1 when there is a change (0 with --exit-zero)."""
    chunks: list[str] = []
    for result in results:
        original = _original_bytes(args, result, config_for)
        if original is None:
            continue
        planned = rewrite(original, result, args.unsafe_fixes)
        if planned.error:
            sys.stderr.write(f"govlint: {printable(result.path)}: 无法生成修改：{planned.error}\n")
        if planned.new is not None:
            chunks.append(unified_diff(printable(result.path), planned.before, planned.after))
    if not emit(args.output, lambda out: out.write("".join(chunks))):
        return EXIT_ERROR
    if usage_error or any(r.error or r.rule_errors for r in results):
        return EXIT_ERROR
    return EXIT_CHANGES if chunks and not args.exit_zero else EXIT_OK


def _original_bytes(
    args: argparse.Namespace, result: FileResult, config_for: Callable[[Path], Config]
) -> bytes | None:
    """The bytes a result was linted from: standard input's, or the file's
    read again (None, said on stderr, when it cannot be)."""
    if result.error or result.format is None or not result.findings:
        return None
    if args.paths == ["-"]:
        return getattr(args, "stdin_bytes", None)
    path = Path(result.path)
    try:
        return read_bytes(path, config_for(path).max_file_size)
    except InputError as error:
        sys.stderr.write(f"govlint: {printable(result.path)}: {error}\n")
        return None


def unified_diff(name: str, before: str, after: str) -> str:
    """``before`` -> ``after`` as a unified diff (a/NAME, b/NAME), each line
    ending in a newline as patch tools expect."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
