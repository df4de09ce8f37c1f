"""Readers turn a file into the document model; one per input format."""

from __future__ import annotations

from pathlib import Path

from govlint.model import Document
from govlint.source import decode

FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def read_document(data: bytes, path: str, fmt: str) -> Document:
    """Decode and parse a draft; raises InputError with a one-line reason."""
    decoded = decode(data, html=fmt == "html")
    text = decoded.text
    if fmt == "html":
        from govlint.readers.html import read_html

        return read_html(text, path, decoded.encoding, decoded.errors)
    if fmt == "markdown":
        from govlint.readers.markdown import read_markdown

        return read_markdown(text, path, decoded.encoding, decoded.errors)
    from govlint.readers.text import read_text

    return read_text(text, path, decoded.encoding, decoded.errors)
