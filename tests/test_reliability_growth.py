"""Reliability under faults (issue 28): bounded input and growth.

Front matter bounded in aliases and depth; Markdown nesting never drops
text; the inline-HTML stack, the HTML report and the typo engine's long
paragraphs grow linearly. Growth tests time two sizes, ten times apart, and
require far less than the hundredfold of a quadratic algorithm.
"""

from __future__ import annotations

import time

import pytest

from govlint.readers.markdown import read_markdown
from govlint.source import InputError


def cost(function, *args) -> float:
    """CPU seconds of the best of three calls (robust on a loaded machine)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        function(*args)
        best = min(best, time.process_time() - start)
    return max(best, 1e-4)


def assert_linear(small: float, large: float, limit: float = 25.0) -> None:
    """Ten times the input: a linear algorithm costs about 10x, a quadratic one 100x."""
    assert large / small < limit, f"{small:.4f}s -> {large:.4f}s ({large / small:.1f}x for 10x the input)"


# -- 5: front matter bounded in aliases and depth -------------------------


def alias_bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "---\n" + "\n".join(lines) + "\n---\n\n# 标题\n\n正文。\n"


@pytest.mark.parametrize(
    "front, message",
    [
        (alias_bomb()[4:].split("\n---")[0], "别名"),
        ("a: &x [*x]", "别名"),
        ("a: " + "[" * 200_000 + "]" * 200_000, "嵌套"),  # libyaml's composer crashed the process
        ("a:" + "".join(f"\n{' ' * i}- " for i in range(0, 400, 2)) + "x", "嵌套"),
    ],
    ids=["alias bomb", "alias cycle", "deep flow", "deep block"],
)
def test_front_matter_bombs_are_refused_before_they_are_built(front, message, monkeypatch):
    """Refused, in one line, from the first YAML events past the limits: the
    reader counts, it does not build (work counted, not timed)."""
    from govlint.readers import markdown

    events: list[object] = []

    class Counting(markdown._FAST_LOADER):
        def get_event(self):
            event = super().get_event()
            events.append(event)
            return event

    monkeypatch.setattr(markdown, "_FAST_LOADER", Counting)
    with pytest.raises(InputError, match=message) as error:
        read_markdown(f"---\n{front}\n---\n\n正文。\n", "post.md", "utf-8")
    assert "\n" not in str(error.value)
    assert len(events) <= 2 * markdown.MAX_FRONT_MATTER_DEPTH + 200, len(events)


def test_front_matter_with_modest_aliases_still_reads():
    source = "---\nauthor: &who 张三\neditor: *who\ntags: &t [甲, 乙]\nmore: *t\n---\n\n正文。\n"
    document = read_markdown(source, "post.md", "utf-8")
    assert document.metadata.author == document.metadata.editor == "张三"


# -- 8a: nested inline HTML in Markdown ------------------------------------


def nested_spans(depth: int, paragraphs: int = 1) -> str:
    paragraph = "<span>文字" * depth + "百家乐" + "</span>" * depth + "正文\n\n"
    return "# 标题\n\n" + paragraph * paragraphs


def test_nested_inline_spans_read_in_linear_time():
    small = cost(read_markdown, nested_spans(200, 3), "post.md", "utf-8")
    large = cost(read_markdown, nested_spans(200, 30), "post.md", "utf-8")
    assert_linear(small, large)


def test_inline_nesting_beyond_the_limit_is_a_quick_file_error(monkeypatch):
    """Refused at the first element past the limit, not after walking the
    rest (400 KB took minutes): pushes counted, not timed."""
    from govlint.readers import markdown

    read_markdown(nested_spans(markdown.MAX_INLINE_DEPTH), "post.md", "utf-8")
    pushes: list[int] = []
    real = markdown._ElementStack.push

    def counting(self, element):
        pushes.append(len(self.items))
        return real(self, element)

    monkeypatch.setattr(markdown._ElementStack, "push", counting)
    with pytest.raises(InputError, match="第 3 行：行内 HTML 标签嵌套超过"):
        read_markdown(nested_spans(20_000), "post.md", "utf-8")
    assert len(pushes) == markdown.MAX_INLINE_DEPTH + 1


def test_inline_hidden_state_follows_the_nesting():
    source = '段落<span style="display:none">甲<span>乙</span>丙</span>丁<b>戊</b>\n'
    document = read_markdown(source, "post.md", "utf-8")
    (block,) = document.blocks
    hidden = {block.text[i] for i in range(len(block.text)) if block.hidden_at(i)}
    assert hidden == {"甲", "乙", "丙"}


# -- 8b and ESC: the HTML report -------------------------------------------


def bracket_result(count: int):
    from govlint.findings import FileResult, Finding
    from govlint.rules import Severity, Stage

    line = "（" * count
    findings = tuple(
        Finding(
            "structure",
            "structure.unbalanced",
            Severity.WARNING,
            Stage.FIRST,
            1,
            i,
            1,
            i + 1,
            "（",
            None,
            "“（”没有配对的“）”",
        )
        for i in range(1, count + 1)
    )
    return FileResult("brackets.md", "markdown", "utf-8", count, findings=findings, source_lines=(line,))


def test_html_report_is_linear_in_findings_per_line():
    from govlint.formats.html import render_page

    small = cost(render_page, [bracket_result(300)], "2024-01-01 00:00")
    large = cost(render_page, [bracket_result(3_000)], "2024-01-01 00:00")
    assert_linear(small, large)


def test_html_report_hover_of_many_overlapping_findings_is_bounded():
    from dataclasses import replace

    from govlint.formats.html import TITLE_FINDINGS, source_view

    result = bracket_result(50)
    wide = tuple(replace(f, column=1, end_column=51) for f in result.findings)
    segments = source_view(replace(result, findings=wide))[0].segments
    assert len(segments) == 1 and len(segments[0].numbers) == 50
    assert segments[0].title.count("\n") == TITLE_FINDINGS
    assert segments[0].labels == tuple(range(1, 51))


def test_html_report_shows_control_characters_as_visible_escapes():
    from dataclasses import replace

    from govlint.formats.html import render_page

    result = bracket_result(3)
    finding = replace(result.findings[0], message="含\x1b[31m控制\x07字符", text="\x1b")
    result = replace(
        result,
        path="evil\x1b]0;title\x07.md",
        findings=(finding, *result.findings[1:]),
        source_lines=("（\x1b[2J（\x9b（\u202e",),
    )
    page = render_page([result], "2024-01-01 00:00")
    assert not any(ch in page for ch in "\x1b\x07\x9b\u202e")
    assert "evil\\u001b]0;title\\u0007.md" in page
    assert all(shown in page for shown in ("\\u001b", "\\u009b", "\\u202e", "含\\u001b[31m控制\\u0007字符"))


# -- 7: Markdown nested deeper than markdown-it's default limit ------------

DEEP_QUOTE = "# 通知\n\n" + ">" * 25 + " 请访问百家乐，电话13812345678。\n"
DEEP_LIST = (
    "# 通知\n\n" + "".join("  " * i + "- 项目\n" for i in range(25)) + "  " * 25 + "- 请访问百家乐，电话13812345678。\n"
)


@pytest.mark.parametrize("source, where", [(DEEP_QUOTE, (3, 30)), (DEEP_LIST, (28, 56))], ids=["blockquotes", "lists"])
def test_text_nested_25_levels_deep_is_checked_in_place(source, where):
    from govlint.config import Config
    from govlint.engine import check_document

    document = read_markdown(source, "post.md", "utf-8")
    result = check_document(document, Config(select=("sensitive", "privacy")))
    found = {(f.rule, f.line, f.column, f.text) for f in result.findings}
    line, column = where
    assert ("sensitive.term", line, column, "百家乐") in found
    assert ("privacy.phone", line, column + 6, "13812345678") in found


@pytest.mark.parametrize(
    "source",
    [">" * 300 + " 百家乐\n", "".join("  " * i + "- 项\n" for i in range(80)) + "  " * 80 + "- 百家乐\n"],
    ids=["blockquotes", "lists"],
)
def test_nesting_beyond_the_parser_limit_is_a_file_error_not_a_pass(source):
    with pytest.raises(InputError, match="嵌套过深"):
        read_markdown(source, "post.md", "utf-8")


# -- 8d: one long paragraph in the typo engine -----------------------------


def long_paragraph(chars: int) -> str:
    from pathlib import Path

    examples = Path(__file__).parent.parent / "examples"
    text = "".join("".join(p.read_text(encoding="utf-8").split()) for p in sorted(examples.glob("*.md")))
    return (text * (chars // len(text) + 1))[:chars]


def peak_memory(function, *args) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_typo_engine_memory_is_bounded_on_one_long_paragraph():
    from govlint.typo.batching import WINDOW_CHARS
    from govlint.typo.engine import detect_many

    detect_many(["预热模型。"])  # the model's tables are loaded once, not counted
    small = peak_memory(detect_many, [long_paragraph(WINDOW_CHARS)])
    large = peak_memory(detect_many, [long_paragraph(5 * WINDOW_CHARS)])
    assert large < 1.5 * small, f"{small / 1e6:.0f} MB -> {large / 1e6:.0f} MB for 5x the paragraph"


def test_windows_find_the_same_edits_as_the_whole_paragraph(monkeypatch):
    import govlint.typo.engine as engine
    from govlint.typo.batching import windows

    text = long_paragraph(9_000)
    assert len(windows(text, 2_000)) >= 4
    whole = [(e.index, e.original, e.suggestion) for e in engine.detect(text)]
    assert whole, "the paragraph should hold some suspected typos"
    monkeypatch.setattr(engine, "windows", lambda t: windows(t, 2_000))  # many seams in a short test
    assert [(e.index, e.original, e.suggestion) for e in engine.detect_many([text])[0]] == whole


def test_missing_char_segments_a_long_paragraph_once(monkeypatch):
    """jieba reads a long paragraph about once, not once per candidate place
    (which made the rule quadratic): counted, not timed."""
    from govlint.config import Config
    from govlint.engine import check_document
    from govlint.typo import segment

    real = segment.tokenizer()
    read: list[int] = []

    class Counting:
        def cut(self, text, *args, **kwargs):
            read.append(len(text))
            return real.cut(text, *args, **kwargs)

    monkeypatch.setattr(segment, "tokenizer", lambda: Counting())
    segment.boundaries.cache_clear()
    paragraph = long_paragraph(30_000)
    document = read_markdown("# 标题\n\n" + paragraph + "\n", "post.md", "utf-8")
    check_document(document, Config(select=("typo.missing-char",)))
    assert sum(read) <= 3 * len(paragraph), f"jieba read {sum(read)} characters of a {len(paragraph)}-character paragraph"


def test_missing_char_asks_the_whole_document_once_per_phrase(monkeypatch):
    """A draft that writes a phrase and its shortened form thousands of
    times: whether the writer uses the shortened form, and whether the
    phrase stands as whole words, scan every text, so each is asked once per
    phrase, not once per place (37 s for 224,000 characters before):
    counted, not timed."""
    from govlint.typo import missing

    asked: list[str] = []
    real = missing._written_so_again

    def counting(texts, short, phrase):
        asked.append(phrase)
        return real(texts, short, phrase)

    monkeypatch.setattr(missing, "_written_so_again", counting)
    texts = ["推进高质量发展，推进高质量展，坚持乡村振兴，坚持乡村振。" * 2_000]
    missing.missing_matches([texts], [missing.document_terms(texts)])
    assert asked and len(asked) == len(set(asked)) <= 20, f"asked {len(asked)} times"
