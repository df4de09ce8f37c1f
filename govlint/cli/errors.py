"""What every command does with an error that is govlint's own bug: one line
on stderr and exit code 2, never a traceback (``GOVLINT_DEBUG=1`` shows it)."""

from __future__ import annotations

import os
import sys


def internal_error(prog: str, error: Exception) -> int:
    """Report ``error`` as one line for ``prog`` and return the exit code;
    with ``GOVLINT_DEBUG`` set, raise it instead."""
    if os.environ.get("GOVLINT_DEBUG"):
        raise error
    reason = f"{type(error).__name__}: {error}".splitlines()[0][:300]
    sys.stderr.write(f"{prog}: 内部错误：{reason}（设置 GOVLINT_DEBUG=1 可查看详情，请报告此问题）\n")
    return 2
