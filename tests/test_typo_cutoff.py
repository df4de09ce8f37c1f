"""typo.missing-char on a paragraph whose first character was cut off
("第一段文字开头漏字", named by provincial monitoring reports)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.markdown import read_markdown
from govlint.readers.text import read_text
from govlint.typo.cutoff import cut_starts

MISSING = Config(select=("typo.missing-char",))

WECHAT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>县政府召开常务会议</title></head>
<body><div class="rich_media_content" id="js_content">
<p style="font-size: 16px;">民政府召开常务会议，研究部署冬季安全生产工作。</p>
<p style="font-size: 16px;">会议指出，要切实做好冬季安全生产和民生保障工作。</p>
<p style="font-size: 16px;">区卫生健康局、应急管理局等部门负责同志参加会议。</p>
</div></body></html>
"""


def only_typo_finding(draft: Path, html: str) -> dict:
    """The one typo finding of the CLI on ``html`` written to ``draft`` (exit code 1)."""
    draft.write_text(html, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "govlint", str(draft), "--select", "typo", "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    assert out.returncode == 1, out.stderr
    (finding,) = json.loads(out.stdout)["files"][0]["findings"]
    return finding


def test_cut_off_first_paragraph_is_found_at_its_start_with_the_character(tmp_path):
    finding = only_typo_finding(tmp_path / "article.html", WECHAT)
    assert (finding["rule"], finding["line"], finding["column"], finding["suggestion"]) == (
        "typo.missing-char", 4, 29, "人",
    )
    assert "人民政府" in finding["message"]


def test_unsafe_fixes_put_the_lost_character_back(tmp_path):
    # Which character was lost is a guess: --fix alone leaves it to the editor.
    draft = tmp_path / "article.html"
    draft.write_text(WECHAT, encoding="utf-8")
    command = [sys.executable, "-m", "govlint", str(draft), "--select", "typo.missing-char", "--fix", "-q"]
    subprocess.run(command, capture_output=True, text=True, check=False)
    assert draft.read_text(encoding="utf-8") == WECHAT
    subprocess.run([*command, "--unsafe-fixes"], capture_output=True, text=True, check=False)
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


# --- A start of one character: 日，for 近日，(首段漏字) ---------------------------

NEWS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>市市场监管局通报一批典型案例</title></head>
<body><div class="rich_media_content" id="js_content">
<p style="text-indent: 2em;">日，市市场监管局通报了一批侵害消费者权益的典型案例。</p>
<p style="text-indent: 2em;">通报指出，各地要加大执法力度，切实维护消费者合法权益。</p>
</div></body></html>
"""


def test_first_paragraph_that_lost_the_first_of_two_characters_is_found(tmp_path):
    finding = only_typo_finding(tmp_path / "news.html", NEWS)
    assert (finding["rule"], finding["line"], finding["column"], finding["suggestion"]) == (
        "typo.missing-char", 4, 30, "近",
    )
    assert finding["message"] == "段首疑似缺字：开头可能是“近日”，少了“近”"


@pytest.mark.parametrize(
    ("start", "word"),
    [
        ("外，各乡镇还要加强督促检查。", "另外"),
        ("年，全县经济运行稳中向好。", "今年"),
        ("前，全县秋粮收购工作进展顺利。", "目前"),
        ("悉，该项目总投资12亿元。", "据悉"),
        ("们要进一步提高政治站位。", "我们"),  # a particle no sentence opens with
        ("们《关于做好秋冬种工作的请示》收悉。", "我们"),  # before a mark as well
        ("了进一步做好安全生产工作，现将有关事项通知如下。", "为了"),
    ],
)
def test_one_character_starts_in_markdown_propose_a_sentence_opener(start, word):
    doc = read_markdown(f"# 标题\n\n{start}\n", "n.md", "utf-8")
    assert [(f.line, f.column, f.suggestion, f.message) for f in check_document(doc, MISSING).findings] == [
        (3, 1, word[0], f"段首疑似缺字：开头可能是“{word}”，少了“{word[0]}”"),
    ]


def test_a_later_paragraph_is_tried_too():
    text = "县委召开常委会会议。\n\n时，会议研究了其他事项。\n"
    assert [(f.line, f.suggestion) for f in check_document(read_text(text, "t.txt", "utf-8"), MISSING).findings] == [
        (3, "同"),
    ]


@pytest.mark.parametrize(
    "start",
    [
        "但，这并不意味着可以放松要求。",  # conjunctions of written style stand alone
        "而，这恰恰是问题的关键。",
        "是，我们马上核实。",  # an answer
        "嗯，这个情况我们了解。",
        "一、总体要求",  # list numbering
        "一，加强组织领导。",
        "甲、乙双方应当遵守本合同。",
        "注：以上数据均为初步统计。",  # labels
        "问：新政策什么时候实施？",
        "中、小学校要做好开学准备。",  # a coordinated abbreviation before 、
        "省、市、县三级联动。",
        "了解群众诉求是做好工作的前提。",  # the particle starts a word
        "着力推进乡村全面振兴。",
        "着便装的工作人员在现场引导。",  # 着 (wear) opens literary sentences
        "日前，县委召开常委会会议。",  # two characters: the segmentation search's business
    ],
)
def test_starts_of_one_character_that_stand_alone_are_not_reported(start):
    assert check_document(read_text(start + "\n", "t.txt", "utf-8"), MISSING).findings == ()


def test_the_opener_is_the_most_frequent_one_by_the_model_not_a_fixed_word():
    from govlint.data import word_list
    from govlint.typo import modelfile
    from govlint.typo.cutoff import MIN_WORD, _openers
    from govlint.typo.hashing import word_hashes

    openers = sorted(w for w in word_list("typo/paragraph_starts.txt") if len(w) == 2)
    counts = dict(zip(openers, modelfile.model().word_logf(word_hashes(openers, 2)).tolist(), strict=True))
    for char, word in _openers().items():
        rivals = [w for w in openers if w[1] == char]
        assert counts[word] == max(counts[w] for w in rivals) >= MIN_WORD, (char, word)
    assert _openers()["日"] == "近日"


def test_paragraph_starts_list_is_clean():
    from govlint.data import word_list

    entries = word_list("typo/paragraph_starts.txt")
    assert all(len(e) in (1, 2) and all("\u4e00" <= c <= "\u9fff" for c in e) for e in entries)
    standalone = {e for e in entries if len(e) == 1}
    assert set("但而故又且则若如虽一二三第甲乙注问答") <= standalone
    # An opener is proposed for a character only if that character cannot stand alone.
    assert {"近日", "目前", "另外", "今年", "我们", "为了"} <= entries
    # The day or evening of writing is named by its date in official copy.
    assert not {"今日", "今天", "昨日", "昨天", "今晚"} & entries


@pytest.mark.parametrize(
    ("start", "char", "outlet"),
    [
        ("视网消息（新闻联播）：今天上午，全国春耕生产现场会在湖南召开。", "央", "央视网"),
        ("华社北京3月5日电 十四届全国人大三次会议5日上午开幕。", "新", "新华社"),
        ("民日报记者 张晓 近日，记者从省农业农村厅获悉。", "人", "人民日报"),
    ],
)
def test_a_dateline_that_lost_its_first_character_is_found(start, char, outlet):
    assert cut_starts([start]) == [(char, outlet)]


@pytest.mark.parametrize(
    "start",
    [
        "央视网消息（新闻联播）：今天上午，全国春耕生产现场会在湖南召开。",
        "明日报道组将继续跟进。",
        "华社会各界人士踊跃参加。",
    ],
)
def test_a_whole_dateline_or_a_lookalike_start_is_quiet(start):
    assert cut_starts([start]) == [None]


def test_a_dateline_is_read_in_any_paragraph():
    # Under a headline the text reader keeps as a paragraph, or as the second
    # story of a post that gathers several: the dateline is the same fixed form.
    assert cut_starts(["今天召开会议。", "视网消息（新闻联播）：今天上午"], thorough=1) == [None, ("央", "央视网")]
    assert cut_starts(["今天召开会议。", "华社会各界人士踊跃参加。"], thorough=1) == [None, None]


@pytest.mark.parametrize(
    ("start", "word"),
    [
        ("省、自治区、直辖市人民政府，国务院各部委、各直属机构：", "各省"),
        ("乡镇人民政府，县直各单位：", "各乡镇"),
        ("县（市、区）人民政府，市直有关部门：", "各县（市、区）"),
    ],
)
def test_a_recipients_line_that_lost_its_ge_is_found(start, word):
    # A notice addressed to every body of a level opens with 各 (GB/T 9704).
    assert cut_starts([start]) == [("各", word)]


@pytest.mark.parametrize(
    "start",
    [
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",  # whole
        "城关镇人民政府：",  # one body, named
        "县直有关单位：",
        "省、市、县三级联动，形成工作合力。",  # no recipients line
        "乡镇人民政府要切实履行属地责任：一是……",
        "乡镇人民政府、街道办事处要做到以下几点：",  # a sentence, not a line of names
    ],
)
def test_other_first_lines_are_no_cut_recipients_line(start):
    assert cut_starts([start]) == [None]


def test_a_recipients_line_under_a_document_number_is_read_too():
    # The 主送机关 line stands below the title and the document number.
    assert cut_starts(["普政办发〔2026〕8号", "乡镇人民政府，县直各单位："], thorough=1) == [None, ("各", "各乡镇")]
