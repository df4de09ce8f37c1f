"""Check ``garbled`` (乱码): text a reader sees as garbage."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govlint.model import Document
from govlint.rules import Context, Hit, Severity, Stage, rule

_REPLACEMENT_RUN = re.compile("\ufffd+")


@rule(
    "garbled.replacement-char",
    name="replacement-char",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="正文中出现替换字符 �（U+FFFD），原文字已丢失",
)
def replacement_char(document: Document, context: Context) -> Iterator[Hit]:
    """Visible text contains U+FFFD REPLACEMENT CHARACTER.

    U+FFFD is what software writes when it could not decode a character: the
    original character is lost, and readers see a black diamond (乱码). It
    comes from a draft saved in one encoding and read in another, or from
    bytes damaged in transfer. Bytes of the file itself that do not decode are
    reported the same way, with the encoding govlint read the file in.

    **Bad**

    ```text
    本次会议由县政府办公室�织召开。
    ```

    **Good**

    ```text
    本次会议由县政府办公室组织召开。
    ```
    """
    damaged = set(document.decode_errors)
    reported: set[int] = set()
    for block in document.blocks:
        for match in _REPLACEMENT_RUN.finditer(block.text):
            if all(block.hidden_at(i) for i in range(match.start(), match.end())):
                continue
            hit = Hit.in_block(block, match.start(), match.end(), _message(match, block, damaged, document))
            reported.update(range(hit.start, hit.end))
            yield hit
    for offset in document.decode_errors:
        if offset not in reported:
            message = f"文件中有无法按 {document.encoding} 解码的字节（此处显示为 �），请检查文件编码"
            yield Hit(offset, offset + 1, message)


def _message(match: re.Match[str], block, damaged: set[int], document: Document) -> str:
    count = match.end() - match.start()
    start, _ = block.source_range(match.start(), match.end())
    if start in damaged:
        return f"此处有 {count} 个字节无法按 {document.encoding} 解码，显示为乱码 �，请检查文件编码"
    return f"出现 {count} 个替换字符 �（U+FFFD），原文字已丢失，请核对原稿补正"
