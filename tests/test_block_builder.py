"""BlockBuilder: source text and synthetic characters are added by different methods.

A reader appends literal source text with ``add_source`` (each character is
the source character at its offset) and the characters it makes up (the line
break of a ``<br>``, a Markdown hard break, the newline after a code line)
with ``add_synthetic`` (an empty source range: they stand for no source text).
"""

from __future__ import annotations

from govlint.model import BlockBuilder
from govlint.readers import read_document
from govlint.rules import Hit

NOTICE_LINE = "各乡镇（街道）要于11月30日前完成自查，并将自查报告报县农业农村局。"


def test_add_source_maps_each_character_to_its_own_source_character() -> None:
    source = "# 关于开展秋冬季农业生产检查的通知\n" + NOTICE_LINE + "\n"
    start = source.index(NOTICE_LINE)
    builder = BlockBuilder()
    builder.add_source(NOTICE_LINE, start)
    block = builder.build(0, "paragraph")
    assert block is not None and block.text == NOTICE_LINE
    assert [source[a:b] for a, b in zip(block.starts, block.ends, strict=True)] == list(NOTICE_LINE)


def test_add_synthetic_characters_claim_no_source_text() -> None:
    source = "<p>联系人：王科长<br>联系电话：0851-12345678</p>"
    br = source.index("<br>")
    builder = BlockBuilder()
    builder.add_source("联系人：王科长", source.index("联系人"))
    builder.add_synthetic("\n", br)
    builder.add_source("联系电话：0851-12345678", source.index("联系电话"))
    block = builder.build(0, "paragraph")
    assert block is not None and block.text == "联系人：王科长\n联系电话：0851-12345678"
    newline = block.text.index("\n")
    assert (block.starts[newline], block.ends[newline]) == (br, br)
    # A finding on the made-up line break alone is an insertion point at the <br>.
    hit = Hit.in_block(block, newline, newline + 1, "x")
    assert (hit.start, hit.end) == (br, br)
    # One spanning it covers the real characters on both sides.
    hit = Hit.in_block(block, newline - 2, newline + 3, "x")
    assert source[hit.start : hit.end] == "科长<br>联系"


def _synthetic(document) -> list[tuple[str, int]]:
    """(character, offset) of every block character with an empty source range."""
    return [
        (block.text[i], block.starts[i])
        for block in document.blocks
        for i in range(len(block.text))
        if block.starts[i] == block.ends[i]
    ]


def test_readers_add_line_breaks_they_make_up_as_synthetic() -> None:
    html = "<section><p>一、会议要求<br/>各单位要高度重视。</p></section>".encode()
    document = read_document(html, "draft.html", "html")
    assert _synthetic(document) == [("\n", html.decode().index("<br/>"))]

    markdown = (
        "---\ntitle: 通知\n---\n\n"
        "联系人：王科长  \n联系电话：0851-12345678<br>地址：县政府三楼\n\n"
        "```\n国办发〔2024〕1号\n```\n"
    )
    document = read_document(markdown.encode(), "draft.md", "markdown")
    hard_break = markdown.index("  \n") + 2
    assert _synthetic(document) == [("\n", hard_break), ("\n", markdown.index("<br>"))]
    code = next(b for b in document.blocks if b.kind == "code")
    assert code.text == "国办发〔2024〕1号"  # its trailing synthetic newline is trimmed
    # Every other character is the source character it maps to.
    for block in document.blocks:
        for i, ch in enumerate(block.text):
            if block.starts[i] != block.ends[i]:
                assert markdown[block.starts[i] : block.ends[i]] == ch
