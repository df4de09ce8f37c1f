"""Plain-text reader: one block per non-blank line.

Chinese .txt drafts put one paragraph on a line, usually indented with
full-width spaces; a short first line followed by a blank line is the title.
"""

from __future__ import annotations

from govlint.model import Block, BlockBuilder, Document, Metadata, SourceText

_SENTENCE_END = tuple("。！？；：.!?;:")


def read_text(source: str, path: str, encoding: str, decode_errors: tuple[int, ...] = ()) -> Document:
    text = SourceText(source)
    blocks: list[Block] = []
    lines = text.lines()
    for number, line in enumerate(lines, start=1):
        if not line.strip(" \t\u3000\xa0\f\v"):
            continue
        builder = BlockBuilder()
        builder.add_source(line, text.line_start(number))
        kind = "title" if not blocks and _is_title(line, lines, number) else "paragraph"
        block = builder.build(len(blocks), kind, in_body=kind != "title")
        if block is not None:
            blocks.append(block)
    title = blocks[0].text if blocks and blocks[0].kind == "title" else None
    return Document(
        path=path,
        format="text",
        encoding=encoding,
        source=text,
        blocks=tuple(blocks),
        metadata=Metadata(title=title),
        decode_errors=decode_errors,
    )


def _is_title(line: str, lines: list[str], number: int) -> bool:
    stripped = line.strip(" \t\u3000\xa0")
    next_blank = number >= len(lines) or not lines[number].strip(" \t\u3000\xa0")
    return next_blank and len(stripped) <= 40 and not stripped.endswith(_SENTENCE_END) and number < len(lines)
