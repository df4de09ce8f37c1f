"""One answer to "can a reader see this text?", decided by the reader (issue 27).

The HTML and Markdown readers decide each run's visibility once, with all
the CSS the page carries; every check reads that answer. Hidden text is for
link.hidden alone: a misspelling inside it is no typo finding.
"""

from __future__ import annotations

import pytest

from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.html import read_html
from govlint.readers.markdown import read_markdown

VISIBLE = "<p>各项工作要稳步推进，确保按期完成。</p>"
SPAM = "各项工作要按步就班推进，详见澳门百家乐官网。"

PAGES = {
    "a class hidden by <style>": f"<style>.x{{display:none}}</style>{VISIBLE}<p class=\"x\">{SPAM}</p>",
    "an inline style": f'{VISIBLE}<p style="display:none">{SPAM}</p>',
    "a class placed off-screen": (
        "<style>.y{position:absolute;left:-9999px}</style>" f'{VISIBLE}<div class="y"><p>{SPAM}</p></div>'
    ),
    "text the colour of its background": (
        '<style>.z{color:#fff;background:#fff}</style>' f'{VISIBLE}<p class="z">{SPAM}</p>'
    ),
}


def rules_found(source: str, read=read_html, path: str = "page.html") -> list[str]:
    document = read(source, path, "utf-8")
    result = check_document(document, Config(select=("typo", "link", "structure", "garbled", "font")))
    assert result.rule_errors == ()
    return sorted({f.rule for f in result.findings})


@pytest.mark.parametrize("how", PAGES)
def test_hidden_text_draws_only_the_hidden_text_finding(how):
    assert rules_found(f"<html><body>{PAGES[how]}</body></html>") == ["link.hidden"]


def test_the_same_text_shown_is_proofread():
    assert "typo.confusion" in rules_found(f"<html><body>{VISIBLE}<p>{SPAM}</p></body></html>")


def test_the_reader_records_the_decision_and_the_technique():
    document = read_html(f"<html><body>{PAGES['a class hidden by <style>']}</body></html>", "p.html", "utf-8")
    shown, hidden = document.blocks[-2], document.blocks[-1]
    assert not shown.hidden_at(0) and shown.runs[0].style is not None
    assert hidden.hidden_at(0) and hidden.runs[0].hiding == "display:none"


def test_a_wechat_article_container_shown_by_its_script_is_not_hidden():
    # WeChat exports ship #js_content with visibility:hidden for a script to reveal.
    page = (
        '<html><body><div class="rich_media_content" id="js_content" style="visibility: hidden;">'
        f"<p>{SPAM}</p><p>会议强调，要加强组织领导，确保各项任务落到实处。</p></div></body></html>"
    )
    assert "typo.confusion" in rules_found(page)


def test_inline_html_in_markdown_is_decided_the_same_way():
    draft = f"# 工作通报\n\n各项工作要稳步推进。\n\n<span style=\"display:none\">{SPAM}</span>\n"
    assert "typo.confusion" not in rules_found(draft, read_markdown, "draft.md")
