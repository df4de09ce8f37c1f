"""Positions point at the right characters of the original file, whatever the reader."""

from __future__ import annotations

import pytest

from govlint.config import Config
from govlint.engine import check_document, lint_file
from govlint.model import Document
from govlint.readers.html import read_html
from govlint.readers.markdown import read_markdown
from govlint.readers.text import read_text

DUPLICATE_ONLY = Config(select=("typo.duplicate",))


def slice_of(source: str, finding) -> str:
    """The source text between a finding's (line, column) and (end_line, end_column)."""
    lines = source.splitlines(keepends=True)

    def offset(line: int, column: int) -> int:
        return sum(len(x) for x in lines[: line - 1]) + column - 1

    return source[offset(finding.line, finding.column) : offset(finding.end_line, finding.end_column)]


def assert_blocks_map_to_source(document: Document) -> None:
    """Every literal character of block text comes from exactly that source character."""
    source = document.source.text
    for block in document.blocks:
        for i, ch in enumerate(block.text):
            start, end = block.starts[i], block.ends[i]
            piece = source[start:end]
            if end - start == 1 and not ch.isspace():
                assert piece == ch, (block.text, i, piece)
            elif end > start:  # a character reference or escape
                assert piece[0] in "&\\" or piece.isspace(), piece


WECHAT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>标题</title>
<script>var x = "进行进行";</script><style>.a{font-size:15px}</style></head>
<body>
<h1 class="rich_media_title" id="activity-name">
    关于开展安全检查的通知
</h1>
<span id="js_name">普安之声</span><span id="copyright_logo">原创</span>
<div class="rich_media_content" id="js_content">
<section style="font-size: 15px;"><section><p style="text-align: justify;"><span style="font-size: 15px;">各部门要认真</span><span style="font-size: 15px;">进行</span><span style="font-size: 15px;">进行自查自纠&nbsp;&amp;整改。</span></p></section></section>
<!-- 进行进行 in a comment is not text -->
<p title="进行进行">属性里的字不是正文，<br>开展开展工作。</p>
</div></body></html>
"""


def test_html_positions_across_spans_and_entities():
    document = read_html(WECHAT, "a.html", "utf-8")
    assert_blocks_map_to_source(document)
    result = check_document(document, DUPLICATE_ONLY)
    texts = [f.text for f in result.findings]
    assert texts == ['进行</span><span style="font-size: 15px;">进行', "开展开展"]
    for finding in result.findings:
        assert slice_of(WECHAT, finding) == finding.text
    first = result.findings[0]
    line_number = next(n for n, line in enumerate(WECHAT.splitlines(), 1) if "进行</span>" in line)
    line = WECHAT.splitlines()[line_number - 1]
    assert (first.line, first.column) == (line_number, line.index("进行</span>") + 1)
    assert document.metadata.account == "普安之声"
    assert document.metadata.label == "原创"
    assert document.metadata.title == "关于开展安全检查的通知"


def test_html_script_style_comments_and_attributes_are_not_text():
    document = read_html(WECHAT, "a.html", "utf-8")
    text = "\n".join(b.text for b in document.blocks)
    assert "var x" not in text and "font-size" not in text and "comment" not in text
    assert "属性里的字不是正文" in text and 'title="' not in text


def test_html_crlf_and_entity_columns():
    source = "<p>第一段。</p>\r\n<p>&lt;注意&gt;要求要求严格。</p>\r\n"
    document = read_html(source, "crlf.html", "utf-8")
    assert_blocks_map_to_source(document)
    result = check_document(document, DUPLICATE_ONLY)
    [finding] = result.findings
    assert finding.text == "要求要求"
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 14, 2, 18)


def test_html_fragment_without_html_element():
    document = read_html("<p>工作工作要抓实。</p><p>第二段</p>", "frag.html", "utf-8")
    assert [b.text for b in document.blocks] == ["工作工作要抓实。", "第二段"]


def test_cms_page_keeps_the_article_and_drops_navigation():
    source = """<html><head><meta name="ArticleTitle" content="县政府召开常务会议">
<meta name="PubDate" content="2026-11-18 10:00"><meta name="ContentSource" content="县政府办公室"></head>
<body><nav><a href="/">首页</a> <a href="/zwgk">政务公开</a></nav>
<div class="TRS_Editor"><p>　　11月18日，县政府召开常务会议。</p><p>　　会议研究了冬季安全生产工作。</p></div>
<footer>主办单位：普安县人民政府办公室</footer></body></html>"""
    document = read_html(source, "cms.html", "utf-8")
    assert [b.text for b in document.body_blocks] == ["11月18日，县政府召开常务会议。", "会议研究了冬季安全生产工作。"]
    assert document.metadata.title == "县政府召开常务会议"
    assert document.metadata.date == "2026-11-18 10:00"
    assert document.metadata.source == "县政府办公室"
    outside = [link for link in document.links if not link.in_body]
    assert [link.text for link in outside] == ["首页", "政务公开"]


def test_hidden_link_is_recorded_as_hidden():
    source = '<p>正文<span style="display:none"><a href="http://bet.example">娱乐</a></span></p>'
    document = read_html(source, "h.html", "utf-8")
    [link] = document.links
    assert link.hidden and link.href == "http://bet.example" and link.text == "娱乐"
    assert source[link.start : link.start + 2] == "<a"


MARKDOWN = """---
title: 关于做好冬季安全生产工作的通知
account: 普安之声
date: 2026-11-15
label: 转载
---

# 关于做好冬季安全生产工作的通知

各乡镇要**加强加强**隐患排查，\\*重点\\* &amp; [落实落实](https://www.gov.cn/)责任。

- 第一项：要求要求明确
- 第二项：`代码代码`不查

> 引用里的推进推进也要查。

| 项目 | 说明 |
|---|---|
| 一 | 部署部署到位 |

<p style="font-size:18px">嵌入的 HTML 里<span>工作工作</span>也查。</p>
"""


def test_markdown_positions_inline_markup_lists_tables_and_html():
    document = read_markdown(MARKDOWN, "n.md", "utf-8")
    assert_blocks_map_to_source(document)
    result = check_document(document, DUPLICATE_ONLY)
    texts = [f.text for f in result.findings]
    assert texts == ["加强加强", "落实落实", "要求要求", "推进推进", "部署部署", "工作工作"]
    for finding in result.findings:
        assert slice_of(MARKDOWN, finding) == finding.text
    assert document.metadata.account == "普安之声"
    assert document.metadata.date == "2026-11-15"
    assert document.metadata.label == "转载"
    [link] = document.links
    assert link.href == "https://www.gov.cn/" and link.text == "落实落实"
    styled = [b for b in document.blocks if any(e.tag == "p" for r in b.runs for e in r.elements)]
    assert styled and styled[0].runs[0].elements[0].style["font-size"] == "18px"


def test_markdown_soft_break_between_chinese_lines_is_not_a_space():
    document = read_markdown("各单位要认真\n落实。\n", "s.md", "utf-8")
    assert document.blocks[0].text == "各单位要认真落实。"


def test_text_reader_lines_indentation_and_title():
    source = "关于开展检查的通知\n\n　　各单位：\r\n　　请认真开展开展自查。\n"
    document = read_text(source, "t.txt", "utf-8")
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("title", "关于开展检查的通知"),
        ("paragraph", "各单位："),
        ("paragraph", "请认真开展开展自查。"),
    ]
    result = check_document(document, DUPLICATE_ONLY)
    [finding] = result.findings
    assert (finding.line, finding.column, finding.end_column) == (4, 6, 10)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5", "utf-16", "utf-8-sig"])
def test_encoded_files_report_positions_in_characters(tmp_path, encoding):
    text = "關於開展檢查的通知\n\n　　請認真開展開展自查。\n" if encoding == "big5" else "关于开展检查的通知\n\n　　请认真开展开展自查。\n"
    path = tmp_path / "draft.txt"
    path.write_bytes(text.encode(encoding))
    result = lint_file(path, DUPLICATE_ONLY)
    assert result.error is None
    expected = {"gbk": "gb18030", "utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, encoding)
    assert result.encoding == expected
    if encoding != "big5":  # jieba's dictionary is simplified Chinese
        [finding] = result.findings
        assert (finding.line, finding.column, finding.end_column) == (3, 6, 10)
        assert finding.text == "开展开展"


def test_undecodable_bytes_become_findings_not_crashes(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes("各部门认真".encode() + b"\xff\xfe" + "落实。\n".encode())
    result = lint_file(path, Config(select=("garbled",)))
    assert result.error is None and result.encoding == "utf-8"
    [finding] = result.findings
    assert finding.rule == "garbled.replacement-char"
    assert (finding.line, finding.column, finding.end_column) == (1, 6, 8)
    assert "解码" in finding.message


def test_wechat_body_hidden_until_script_runs_is_still_read():
    source = """<div id="meta_content"><em id="publish_time" class="rich_media_meta_text">2026-11-20</em></div>
<div class="rich_media_content" id="js_content" style="visibility: hidden;">
<p>各部门要认真进行进行自查自纠，确保各项工作落到实处。</p></div>"""
    document = read_html(source, "w.html", "utf-8")
    [finding] = check_document(document, DUPLICATE_ONLY).findings
    assert finding.text == "进行进行"
    assert document.metadata.author is None  # the date is not the author
    assert document.metadata.date == "2026-11-20"
