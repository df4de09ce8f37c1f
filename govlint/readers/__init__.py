"""Readers turn a file into the document model; one per input format."""

from __future__ import annotations

from pathlib import Path

from govlint.model import Document
from govlint.source import DEFAULT_MAX_FILE_SIZE, decode

FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".docx": "docx",
    # Word 97-2003 and WPS files: converted to .docx by LibreOffice, then read
    # as one (the document's format is then "docx"; findings keep the path).
    ".doc": "doc",
    ".wps": "wps",
}
WORD_FORMATS = frozenset({"docx", "doc", "wps"})
_CONVERTED = {"doc": ".doc", "wps": ".wps"}

# A Word file holds its pictures too: it may be this many times the
# configured max_file_size, and its XML may inflate to this many times it.
WORD_FILE_FACTOR = 10
WORD_XML_FACTOR = 8


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def size_limit(fmt: str | None, max_file_size: int) -> int:
    """The most bytes a file of format ``fmt`` may have."""
    return max_file_size * WORD_FILE_FACTOR if fmt in WORD_FORMATS else max_file_size


def read_document(data: bytes, path: str, fmt: str, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Document:
    """Decode and parse a draft; raises InputError with a one-line reason."""
    if fmt in WORD_FORMATS:
        from govlint.readers.word import read_docx

        if fmt in _CONVERTED:
            from govlint.readers.word.convert import to_docx

            data = to_docx(data, _CONVERTED[fmt])
        return read_docx(data, path, max_file_size * WORD_XML_FACTOR)
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
