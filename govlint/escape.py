"""Escaping of draft text and file names for plain-text outputs.

Shared by the terminal format, the audit's CSV and terminal reports and the
``dict check`` output: a draft or a file name that carries terminal control
sequences (ESC ``\\x1b[...``), other C0/C1 controls or bidirectional overrides
cannot recolour or move the reader's terminal, or hide text in a spreadsheet.
"""

from __future__ import annotations

import re

# C0/C1 controls (but tab), DEL, bidirectional marks, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to write to a terminal: controls shown as visible escapes
    (``\\u001b``), a tab as a space; one line."""
    text = text.replace("\t", " ")
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def shown_path(path: str) -> str:
    """A file name that is not UTF-8, kept by Python as lone surrogates, shown
    as its bytes' escapes (``\\xff``): no report format can encode a surrogate."""
    if not _SURROGATE.search(path):
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def path_bytes(path: str) -> bytes:
    """A file name's bytes as the file system holds them (for a URI or a hash)."""
    return path.encode("utf-8", "surrogateescape")
