"""typo.missing-char on a paragraph whose first character was cut off
("第一段文字开头漏字", named by provincial monitoring reports)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.markdown import read_markdown
from govlint.readers.text import read_text

MISSING = Config(select=("typo.missing-char",))

WECHAT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>县政府召开常务会议</title></head>
<body><div class="rich_media_content" id="js_content">
<p style="font-size: 16px;">民政府召开常务会议，研究部署冬季安全生产工作。</p>
<p style="font-size: 16px;">会议指出，要切实做好冬季安全生产和民生保障工作。</p>
<p style="font-size: 16px;">区卫生健康局、应急管理局等部门负责同志参加会议。</p>
</div></body></html>
"""


def test_cut_off_first_paragraph_is_found_at_its_start_with_the_character(tmp_path):
    draft = tmp_path / "article.html"
    draft.write_text(WECHAT, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "govlint", str(draft), "--select", "typo", "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    assert out.returncode == 1, out.stderr
    (finding,) = json.loads(out.stdout)["files"][0]["findings"]
    assert (finding["rule"], finding["line"], finding["column"], finding["suggestion"]) == (
        "typo.missing-char", 4, 29, "人",
    )
    assert "人民政府" in finding["message"]


def test_fix_puts_the_lost_character_back(tmp_path):
    draft = tmp_path / "article.html"
    draft.write_text(WECHAT, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "govlint", str(draft), "--select", "typo.missing-char", "--fix", "-q"],
                   capture_output=True, text=True, check=False)
    assert "<p style=\"font-size: 16px;\">人民政府召开常务会议" in draft.read_text(encoding="utf-8")


def test_paragraph_after_a_heading_in_markdown():
    doc = read_markdown("# 全县安全生产工作会议召开\n\n委书记主持会议并讲话。\n", "n.md", "utf-8")
    assert [(f.rule, f.line, f.column, f.suggestion) for f in check_document(doc, MISSING).findings] == [
        ("typo.missing-char", 3, 1, "党"),
    ]


@pytest.mark.parametrize(
    "start",
    [
        "会议指出，要切实做好冬季安全生产工作。",
        "近日，县委召开常委会会议。",
        "为深入贯彻落实党的二十大精神，现将有关事项通知如下。",
        "今年以来，全县上下凝心聚力、攻坚克难。",
        "区卫生健康局、应急管理局等部门负责同志参加会议。",
        "县人民政府召开常务会议。",
        "各乡镇要高度重视，压实责任。",
        "一是加强组织领导，二是强化督促检查。",
        "市场监管局开展节前食品安全检查。",
        "据悉，该项目总投资12亿元。",
    ],
)
def test_ordinary_paragraph_starts_are_not_reported(start):
    assert check_document(read_text(start + "\n", "t.txt", "utf-8"), MISSING).findings == ()


def test_allowed_word_is_not_proposed():
    config = Config(select=("typo.missing-char",), allow_words=frozenset({"人民政府"}))
    assert check_document(read_text("民政府召开常务会议。\n", "t.txt", "utf-8"), config).findings == ()


def test_paragraphs_checked_together_get_what_each_gets_alone():
    from govlint.typo.cutoff import cut_starts, cut_starts_documents

    paragraphs = [
        "民政府召开常务会议，研究部署冬季安全生产工作。",
        "会议指出，要切实做好冬季安全生产工作。",
        "村振兴工作推进会召开。",  # a tail that ends many words (?村): tried hard only when first
        "Hello，县委召开常委会会议。",
        "",
        "委召开常委会会议。",
    ]
    alone = [cut_starts([p])[0] for p in paragraphs]
    assert cut_starts(paragraphs, thorough=len(paragraphs)) == alone
    assert alone[0] == ("人", "人民政府") and alone[1] is None and alone[3] is None
    # Only the first paragraph gets the thorough search; the others the listed words.
    assert cut_starts(paragraphs)[1:] == [cut_starts(["，", p], thorough=1)[1] for p in paragraphs[1:]]
    # Documents together: the first paragraph of each is tried hard, as alone.
    documents = [paragraphs[:2], paragraphs[2:], [], paragraphs[:1]]
    assert cut_starts_documents(documents) == [cut_starts(d) for d in documents]
    assert cut_starts_documents(documents)[3] == [("人", "人民政府")]
