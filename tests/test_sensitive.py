"""The sensitive check on the drafts and pages editors and hackers actually produce."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml

from govlint.checklist import FAIL, REVIEW, build_report
from govlint.config import Config, ConfigError, from_mapping
from govlint.data import toml_data
from govlint.engine import check_document, lint_file
from govlint.readers.html import read_html
from govlint.readers.markdown import read_markdown
from govlint.readers.text import read_text
from govlint.rules import Severity, Stage
from govlint.terms import CATEGORIES, default_list_paths, load_list
from govlint.terms.cache import CACHE_FORMAT
from govlint.terms.listfile import parse_list
from govlint.terms.lists import PLACEHOLDER, TermListError
from govlint.terms.normalize import (
    ARRAY_FROM,
    _normalize_array,
    _normalize_by_str,
    _translate,
    _translate_by_str,
    normalize,
    normalize_term,
)

REPO = Path(__file__).resolve().parents[1]

SENSITIVE = Config(select=("sensitive",))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Compiled lists go to a folder of the test's own, never the user's cache."""
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path / "cache"))


def checked(text: str, config: Config = SENSITIVE, reader=read_text, name: str = "t.txt"):
    return check_document(reader(text + "\n", name, "utf-8"), config)


def findings(text: str, config: Config = SENSITIVE, reader=read_text, name: str = "t.txt"):
    return checked(text, config, reader, name).findings


def reporting(text: str, config: Config = SENSITIVE, reader=read_text, name: str = "t.txt") -> str | None:
    """What sensitive.term left to the checklist (terms in a reporting context), or None."""
    return dict(checked(text, config, reader, name).rules_unchecked).get("sensitive.term")


def sensitive_item(result):
    return next(i for i in build_report(result).checklist if i.item.id == "sensitive")


def found(text: str, config: Config = SENSITIVE, reader=read_text) -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.severity.value) for f in findings(text, config, reader)]


# --- normalisation and evasions -------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["真人荷官", "真人 荷官", "真人*荷官", "真人_荷官", "真人\u200b荷官", "真人😀荷官", "眞人荷官", "真人-荷-官", "真人·荷官"],
)
def test_evasions_match_and_report_the_original_characters(written):
    text = f"本网站提供{written}在线服务。"
    assert found(text) == [("sensitive.term", written, "error")]


def test_traditional_full_width_and_case_evasions():
    assert found("歡迎光臨網上賭場。") == [("sensitive.term", "網上賭場", "error")]
    assert found("下载ＡＶ女优合集。") == [("sensitive.term", "ＡＶ女优", "error")]
    assert found("下载Av女優合集。") == [("sensitive.term", "Av女優", "error")]


def test_chinese_clause_punctuation_is_not_a_separator():
    # Deleting ， would join words across clauses; an evasion uses symbols, not a comma.
    assert found("他们在澳门赌，场面很大。") == []


def test_latin_terms_match_whole_words_only():
    from govlint.terms import Matcher
    from govlint.terms.lists import Term

    term = Term("ag88", normalize_term("ag88"), "x", "gambling", Severity.ERROR, Stage.FINAL)
    matcher = Matcher([term])
    assert [(h.start, h.end) for h in matcher.find("访问 AG88 注册")] == [(3, 7)]
    assert matcher.find("编号bag880") == []


def test_normalised_positions_map_back_to_the_original():
    text = "甲 赌\u200b*博 乙"
    normalized = normalize(text)
    assert normalized.text == "甲赌博乙"
    start, end = normalized.original_span(1, 3)
    assert text[start:end] == "赌\u200b*博"


def test_long_texts_are_normalised_as_short_ones_are():
    # An article is mapped as an array of code points, a term or a clause
    # with str.translate: the two must agree character for character.
    rng = random.Random(7)
    pools = [
        "赌博網上賭場娱乐，。、；：！？\n", " \u200b*_-.()“”《》【】\u3000", "ABCxyz０１９ＡＺａｚ",
        "\U0001f600\ufe0f\U00020000\U0002a6d6\x00\t", "\udc80\ud800",
    ]
    for _ in range(300):
        text = "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(ARRAY_FROM, 3 * ARRAY_FROM)))
        assert _normalize_array(text) == _normalize_by_str(text)
        for keep in (False, True):
            assert _translate(text, keep) == _translate_by_str(text, keep)
    assert len(normalize("甲 赌*博 乙" * ARRAY_FROM).text) == 4 * ARRAY_FROM


def test_finding_spans_point_at_the_original_characters_in_html():
    html = '<p>首页</p>\n<p>欢迎来到<span style="color:red">網上 賭場</span>娱乐。</p>\n'
    result = check_document(read_html(html, "p.html", "utf-8"), SENSITIVE)
    [finding] = result.findings
    assert finding.text == "網上 賭場"
    assert html.splitlines()[finding.line - 1][finding.column - 1 : finding.end_column - 1] == finding.text


# --- allow-contexts and the organisation's allowlist ---------------------------------------


def test_allow_context_phrase_is_left_to_the_final_review_not_a_finding():
    result = checked("县公安局持续开展打击网络赌博专项行动。")
    assert result.findings == ()
    assert result.rules_unchecked == (
        ("sensitive.term", "涉赌词“网络赌博”出现在“打击网络赌博”等报道语境中，由终审确认"),
    )


def test_cue_word_in_the_same_paragraph_is_context_but_not_in_the_next_paragraph():
    text = "警方捣毁赌博网站3个。\n\n有网友推荐赌博网站。"
    assert found(text) == [("sensitive.term", "赌博网站", "error")]
    assert reporting(text) == "涉赌词“赌博网站”出现在“捣毁”等报道语境中，由终审确认"


def test_per_term_allow_context_for_an_idiom():
    assert found("这样做无异于瞎子摸象。") == []
    assert reporting("这样做无异于瞎子摸象。") is not None
    assert found("他骂人是瞎子。") == [("sensitive.term", "瞎子", "warning")]
    assert reporting("他骂人是瞎子。") is None


# A government report stating the position on separatism (as published, no account).
STANCE = "我们要坚持一个中国原则和“九二共识”，坚决反对“台独”分裂行径和外部势力干涉，推进祖国统一。"


@pytest.mark.parametrize("reader", [read_text, read_markdown])
def test_a_stance_against_separatism_is_no_finding_but_a_checklist_question(reader):
    name = "report.md" if reader is read_markdown else "report.txt"
    result = checked("# 政府工作报告\n\n" + STANCE if reader is read_markdown else STANCE, reader=reader, name=name)
    assert result.findings == ()
    reason = dict(result.rules_unchecked)["sensitive.term"]
    assert reason == "涉政词“台独”出现在“反对台独”等报道语境中，由终审确认"
    item = sensitive_item(result)
    assert (item.status, item.reason) == (REVIEW, f"“敏感词”{reason}，需人工确认")


def test_a_term_outside_a_reporting_context_stays_a_finding_beside_the_question():
    result = checked(STANCE + "\n\n本平台提供真人荷官在线服务，注册即玩。")
    assert [(f.rule, f.text, f.severity, f.stage) for f in result.findings] == [
        ("sensitive.term", "真人荷官", Severity.ERROR, Stage.FINAL),
    ]
    assert "请核实后删改" in result.findings[0].message
    item = sensitive_item(result)
    assert item.status == FAIL  # the finding decides the item; the question is not a finding
    assert "sensitive.term" in dict(result.rules_unchecked)


def test_the_reason_names_at_most_three_terms_and_counts_the_rest():
    text = "警方捣毁赌博网站3个，查处百家乐、真人荷官等网络赌博广告，打击网络赌博犯罪，再次查处赌博网站。"
    reason = reporting(text)
    assert reason.startswith("涉赌词“赌博网站”“百家乐”“真人荷官”等 ")
    assert reason.endswith("等报道语境中，由终审确认")
    assert found(text) == []


def test_allow_terms_in_the_configuration_silences_words_and_phrases(tmp_path):
    config = from_mapping({"select": ["sensitive"], "allow_terms": ["百家乐园"]}, "cfg", tmp_path)
    assert config.allow_terms == frozenset({"百家乐园"})
    assert found("欢迎到百家乐园小区参观。") == [("sensitive.term", "百家乐", "error")]
    assert found("欢迎到百家乐园小区参观。", config) == []
    assert found("欢迎玩百家乐。", config) == [("sensitive.term", "百家乐", "error")]


def test_a_configured_severity_changes_the_level_and_a_reporting_context_stays_a_question():
    config = Config(select=("sensitive",), severity=(("sensitive.term", Severity.WARNING),))
    text = "欢迎玩百家乐。\n\n警方查处百家乐赌局。"
    assert found(text, config) == [("sensitive.term", "百家乐", "warning")]
    assert reporting(text, config) == "涉赌词“百家乐”出现在“查处百家乐”等报道语境中，由终审确认"


# --- organisation lists through the configuration ------------------------------------------

ORG_LIST = """\
# Source: 本单位保密办
name: 普安县内部项目代号
category: secrecy
severity: error
stage: 终审
source: 普安县保密办提供
terms:
  - 青松工程
  - term: 蓝盾计划
    note: 未公开的专项行动代号
"""


def test_an_organisation_list_added_by_configuration(tmp_path):
    (tmp_path / "words.yaml").write_text(ORG_LIST, encoding="utf-8")
    config = from_mapping({"dictionaries": ["words.yaml"], "select": ["sensitive"]}, "cfg", tmp_path)
    assert found("县里启动青松 工程建设。", config) == [("sensitive.secrecy-marker", "青松 工程", "error")]
    message = findings("蓝盾计划进展顺利。", config)[0].message
    assert "普安县内部项目代号" in message and "未公开的专项行动代号" in message


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (ORG_LIST.replace("category: secrecy", "category: secret"), 3, "未知类别“secret”"),
        (ORG_LIST.replace("stage: 终审", "stage: 审核"), 5, "stage 应为"),
        (ORG_LIST.replace("  - 青松工程", "  - 青松工程: [x"), 8, "YAML 语法错误"),
        (ORG_LIST.replace("    note:", "    notes:"), 10, "未知的键“notes”"),
        (ORG_LIST.replace("  - 青松工程", "  - '***'"), 8, "只由空白、标点或符号组成"),
        (ORG_LIST + "    allow: [蓝天计划]\n", 11, "不含词条“蓝盾计划”"),
    ],
)
def test_a_malformed_organisation_list_is_a_one_line_config_error_with_file_and_line(tmp_path, text, line, reason):
    (tmp_path / "words.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        from_mapping({"dictionaries": ["words.yaml"]}, "cfg", tmp_path)
    message = str(error.value)
    assert f"words.yaml:{line}: " in message and reason in message and "\n" not in message


def test_a_malformed_list_makes_the_cli_exit_2_without_a_traceback(tmp_path, capsys):
    from govlint.cli.main import main

    (tmp_path / "words.yaml").write_text(ORG_LIST.replace("severity: error", "severity: fatal"), encoding="utf-8")
    (tmp_path / ".govlint.toml").write_text('dictionaries = ["words.yaml"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("正文。\n", encoding="utf-8")
    assert main([str(tmp_path / "a.md")]) == 2
    err = capsys.readouterr().err
    assert "words.yaml:4: severity 应为 error、warning 或 notice" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_compiled_lists_are_cached_as_versioned_json_and_rebuilt_when_the_list_changes(tmp_path):
    path = tmp_path / "words.yaml"
    path.write_text(ORG_LIST, encoding="utf-8")
    first = load_list(path)
    [cached] = list((tmp_path / "cache" / "terms").glob("*.json"))
    data = json.loads(cached.read_text(encoding="utf-8"))
    assert data["format"] == CACHE_FORMAT and data["list"]["name"] == "普安县内部项目代号"
    path.write_text(ORG_LIST.replace("青松工程", "翠柏工程"), encoding="utf-8")
    second = load_list(path)
    assert first.terms[0].text == "青松工程" and second.terms[0].text == "翠柏工程"


def test_a_damaged_cache_file_is_ignored(tmp_path):
    path = tmp_path / "words.yaml"
    path.write_text(ORG_LIST, encoding="utf-8")
    load_list(path)
    [cached] = list((tmp_path / "cache" / "terms").glob("*.json"))
    cached.write_text("{not json", encoding="utf-8")
    path.write_text(ORG_LIST + "  - 白杨工程\n", encoding="utf-8")  # new stat: bypass the in-process cache
    path.write_text(ORG_LIST, encoding="utf-8")
    assert [t.text for t in load_list(path).terms] == ["青松工程", "蓝盾计划"]


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(blocker / "sub"))
    path = tmp_path / "words.yaml"
    path.write_text(ORG_LIST, encoding="utf-8")
    assert len(load_list(path).terms) == 2


# --- realistic articles -------------------------------------------------------------------

CLEAN_ARTICLE = """\
---
title: 我县召开2026年秋冬季安全生产工作推进会
account: 普安之声
date: 2026-11-20
label: 原创
---

11月19日，普安县召开2026年秋冬季安全生产工作推进会，总结前一阶段工作，部署秋冬季安全防范重点任务。副县长李明出席会议并讲话。

会议指出，今年以来，全县各级各部门坚持人民至上、生命至上，扎实开展安全生产治本攻坚三年行动，全县未发生较大及以上生产安全事故，安全生产形势总体平稳。但也要清醒看到，部分企业主体责任落实不到位，道路交通、燃气、消防等领域隐患依然存在。

会议强调，要坚定道路自信、理论自信、制度自信、文化自信，完整、准确、全面贯彻新发展理念，坚持创新、协调、绿色、开放、共享，统筹发展和安全。要聚焦燃气、道路交通、建筑施工、森林防火等重点领域，深入开展隐患排查整治，建立问题清单、责任清单和整改清单，做到隐患整改闭环管理。

会议要求，各乡镇、各部门要压紧压实属地管理责任、部门监管责任和企业主体责任，加强应急值守和信息报送，严格执行24小时值班和领导带班制度，遇有重大情况及时报告。要广泛开展安全宣传“五进”活动，引导群众增强安全意识和自救互救能力。

县应急管理局、县住房城乡建设局、县交通运输局等单位负责同志作了交流发言。欢迎转发本文，让更多群众了解秋冬季安全知识。
"""

CRACKDOWN_ARTICLE = """\
---
title: 普安县公安局破获一起特大网络赌博案
account: 普安公安
date: 2026-11-21
label: 原创
---

近日，普安县公安局成功破获一起特大网络赌博案，捣毁赌博网站3个，抓获犯罪嫌疑人12名，冻结涉案资金300余万元。

今年8月，县公安局网安大队在工作中发现，有人在网上发布“真人荷官”“百家乐”等广告，诱导群众下载赌博APP参赌。警方随即成立专案组开展侦查。经查，该团伙以境外博彩平台为依托，通过客服微信拉人入群，引导参赌人员上分、下分，非法获利巨大。

11月上旬，专案组在多地同步开展收网行动，一举抓获以陈某为首的犯罪团伙成员12名。目前，案件正在进一步侦办中。

警方提醒：网络赌博“十赌九骗”，所谓的“高额返利”“稳赚不赔”都是诈骗陷阱。广大群众要自觉远离网络赌博，发现赌博违法犯罪线索请及时拨打110举报。
"""


def test_a_clean_article_gives_nothing():
    assert findings(CLEAN_ARTICLE, reader=read_markdown, name="clean.md") == ()


def test_a_report_on_a_gambling_crackdown_gives_no_finding_but_asks_the_final_reviewer():
    result = checked(CRACKDOWN_ARTICLE, reader=read_markdown, name="crackdown.md")
    assert result.findings == ()
    reason = dict(result.rules_unchecked)["sensitive.term"]  # the words are still named for the 终审 reviewer
    assert reason.startswith("涉赌词“网络赌博”“赌博网站”") and "等报道语境中，由终审确认" in reason
    assert sensitive_item(result).status == REVIEW


def test_the_bundled_clean_example_gives_nothing():
    result = lint_file(REPO / "examples" / "clean-article.md", SENSITIVE)
    assert result.error is None and result.findings == ()


# --- spam injection ----------------------------------------------------------------------

SPAM = "bet99上分客服微信_bet99现金棋牌app下载_xx体育娱乐平台办公厅"


def test_injected_spam_in_a_text_file_is_an_error():
    text = f"关于做好冬季森林防火工作的通知\n\n各乡镇人民政府：\n\n请认真做好冬季森林防火工作。\n\n{SPAM}\n2026年11月20日\n"
    result = [f for f in findings(text) if f.rule == "sensitive.spam-injection"]
    assert [(f.text, f.severity, f.stage) for f in result] == [(SPAM, Severity.ERROR, Stage.FINAL)]


def test_injected_spam_in_a_cms_page_with_empty_tags_is_reported_in_text_and_markup():
    html = (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>关于做好冬季森林防火工作的通知</title></head>\n"
        "<body><div class=\"article\">\n<p>请各乡镇认真做好冬季森林防火工作。</p>\n"
        '<p class="sign">bet99上分客服微信_bet99现金棋牌app下载_xx体育娱乐平台<samp id="q7zt"></samp>'
        '<sup id="q7zt"></sup><dfn id="q7zt"></dfn>办公厅</p>\n'
        '<div style="display:none">真人荷官百家乐棋牌上分</div>\n'
        "</div></body></html>\n"
    )
    result = check_document(read_html(html, "page.html", "utf-8"), Config(select=("sensitive.spam-injection",)))
    texts = [f.text for f in result.findings]
    assert all(f.severity is Severity.ERROR for f in result.findings)
    assert '<samp id="q7zt"></samp><sup id="q7zt"></sup><dfn id="q7zt"></dfn>' in texts
    assert "真人荷官百家乐棋牌上分" in texts  # hidden, and still published
    assert any(t.startswith("bet99上分客服微信_bet99现金棋牌app下载") for t in texts)


@pytest.mark.parametrize(
    "text",
    [
        "澳门新葡京官网下载|百家乐真人荷官|棋牌上分",
        "365bet体育投注官网",
        "真人荷官 百家乐 棋牌 上分 下分 客服微信",
    ],
)
def test_spam_shapes_are_recognised(text):
    assert [r for r, _, _ in found(text)].count("sensitive.spam-injection") == 1


@pytest.mark.parametrize(
    "text",
    [
        CRACKDOWN_ARTICLE,
        "该团伙通过客服微信引导参赌人员在棋牌平台上分、下分。",
        "县体育中心举办棋牌比赛，设围棋、象棋两个项目。",
        "发布时间：2026-11-20 | 来源：县政府办公室 | 浏览次数：125",
    ],
)
def test_honest_text_is_not_spam(text):
    result = findings(text, Config(select=("sensitive.spam-injection",)), read_markdown, "a.md")
    assert result == ()


def test_a_single_anchor_or_different_ids_are_not_a_spam_run():
    html = '<p><a id="top"></a>正文<span id="a1"></span><span id="b2"></span></p>'
    assert check_document(read_html(html, "a.html", "utf-8"), Config(select=("sensitive.spam-injection",))).findings == ()


# --- secrecy markers, expressions, engagement ----------------------------------------------


@pytest.mark.parametrize("mark", ["机密★5年", "绝密★长期", "秘密★6个月", "机密 ★ 十年", "秘密★"])
def test_classification_marks(mark):
    assert found(f"{mark}\n关于印发防汛应急预案的通知") == [("sensitive.secrecy-marker", mark, "error")]


def test_internal_only_notices_and_their_explanations():
    assert found("内部资料，注意保存") == [("sensitive.secrecy-marker", "内部资料，注意保存", "error")]
    assert found("本文件请勿外传。") == [("sensitive.secrecy-marker", "请勿外传", "error")]
    assert found("县保密工作会议强调，涉密文件不得外传。") == [("sensitive.secrecy-marker", "不得外传", "notice")]


SECRECY = Config(select=("sensitive.secrecy-marker",))

# The wordings of issue 21: (first part, second part).
NOTICES = [
    ("内部资料", "注意保密"),
    ("内部资料", "严禁外传"),
    ("内部资料", "请勿外传"),
    ("内部文件", "请勿转发"),
    ("内部材料", "不得外传"),
    ("内部资料", "注意保存"),
    ("内部参考", "注意保密"),
    ("仅供内部参考", "请勿外传"),
    ("内部刊物", "不得转载"),
    ("仅供内部使用", "请勿扩散"),
]
# Between the parts: nothing, any width of space, or one mark (with spaces around it).
GAPS = ["", " ", "   ", "\u3000", "\u3000\u3000", "\xa0", "\t", " \u3000 ", "，", "、", "：", "；", "！", " ，", "\u3000：\u3000", ",", "——"]

BRIEFING = """县应急管理局
工作简报
{notice}
2025年第7期（总第86期）

　　7月以来，我县持续强降雨，县应急管理局启动防汛四级应急响应，组织各乡镇转移群众1200余人。
"""


def secrecy_findings(text: str, reader=read_text, name: str = "t.txt") -> list[tuple[str, str]]:
    return [(f.text, f.severity.value) for f in check_document(reader(text, name, "utf-8"), SECRECY).findings]


@pytest.mark.parametrize("gap", GAPS, ids=repr)
@pytest.mark.parametrize(("first", "second"), NOTICES)
def test_two_part_notices_with_any_spacing_in_a_text_draft(first, second, gap):
    notice = f"{first}{gap}{second}"
    assert secrecy_findings(BRIEFING.format(notice=notice)) == [(notice, "error")]


@pytest.mark.parametrize(("first", "second"), NOTICES)
@pytest.mark.parametrize(
    "between", ["", " ", "&nbsp;&nbsp;", "&#12288;", "\u3000\u3000", "，", "<br>", "</p>\n<p>", "</span> <span>"],
)
def test_two_part_notices_in_an_html_page(first, second, between):
    html = (
        "<html><head><title>工作简报</title></head><body>\n"
        f'<div class="head"><p><span>{first}</span>{between}<span>{second}</span></p></div>\n'
        "<p>7月以来，我县持续强降雨，县应急管理局启动防汛四级应急响应。</p>\n</body></html>\n"
    )
    start = html.index(first)
    expected = html[start : html.index(second, start) + len(second)]
    assert secrecy_findings(html, read_html, "brief.html") == [(expected, "error")]


@pytest.mark.parametrize(("first", "second"), NOTICES)
@pytest.mark.parametrize(
    "template",
    [
        "**{first}　{second}**",
        "> {first}，{second}",
        "{first}{second}",
        "【{first}  {second}】",
        "{first}  \n{second}",  # a hard line break
        "{first}\n\n{second}",  # two paragraphs
    ],
)
def test_two_part_notices_in_a_markdown_draft(first, second, template):
    notice = template.format(first=first, second=second)
    markdown = f"# 县应急管理局工作简报\n\n{notice}\n\n7月以来，我县持续强降雨，县应急管理局启动防汛四级应急响应。\n"
    start = markdown.index(first)
    expected = markdown[start : markdown.index(second, start) + len(second)]
    assert secrecy_findings(markdown, read_markdown, "brief.md") == [(expected, "error")]


@pytest.mark.parametrize(
    ("text", "notice"),
    [
        ("内部资料\n注意保密\n关于做好防汛工作的通知", "内部资料\n注意保密"),  # set on two lines
        ("内部资料，注意保密，严禁外传", "内部资料，注意保密，严禁外传"),  # one notice, not three
        ("内部资料 注意保密 严禁翻印", "内部资料 注意保密 严禁翻印"),
        ("（内部资料　请勿外传）", "内部资料　请勿外传"),
        ("本材料为内部资料，请勿外传。", "内部资料，请勿外传"),
        ("仅供内部参考，请勿转发朋友圈。", "仅供内部参考，请勿转发"),
        ("內部資料　請勿轉發", "內部資料　請勿轉發"),  # traditional characters
        ("内部资料 注意保密 关于做好防汛工作的通知", "内部资料 注意保密"),
    ],
)
def test_notice_shapes(text, notice):
    assert secrecy_findings(text + "\n") == [(notice, "error")]


@pytest.mark.parametrize(
    "text",
    [
        "仅供内部参考",
        "本报告仅供内部参考。",
        "此件不公开",
    ],
)
def test_phrases_that_are_a_notice_on_their_own(text):
    assert [t for t, _ in secrecy_findings(text + "\n")] == [text.removeprefix("本报告").rstrip("。")]


@pytest.mark.parametrize(
    "text",
    [
        "记者查阅了内部资料发现，该企业多次违规排污。",
        "要注意保密工作，严守纪律规矩。",
        "加强保密教育，严防泄密。",
        "各单位要对内部资料妥善保管，定期清点。",
        "将内部文件注意保存好，是档案管理的基本要求。",
        "来源不明的消息请勿转发，做到不信谣、不传谣。",
        "任何单位不得公开个人隐私信息。",
        "本站信息仅供参考。",
        "县档案馆整理内部刊物200余册，供研究人员查阅。",
        "内部资料室已完成改造。严禁外来人员进入。",
        "他在内部简报上撰文，提醒大家注意保暖。",
        "会议强调，涉及内部材料时要注意保密，不得随意扩散。",
    ],
)
def test_ordinary_sentences_are_not_notices(text):
    assert secrecy_findings(text + "\n") == []


def test_ordinary_article_mentioning_the_parts_gives_nothing():
    article = (
        "# 县档案馆开展档案安全大检查\n\n"
        "近日，县档案馆对馆藏档案和内部资料开展安全检查。检查组查阅了内部资料目录，"
        "要求各科室注意保密工作，加强保密教育，严防泄密。\n\n"
        "检查组还提醒，网上来源不明的消息请勿转发，不得公开他人个人信息。\n"
    )
    assert secrecy_findings(article, read_markdown, "news.md") == []


def test_a_notice_explained_in_a_secrecy_paragraph_is_a_final_review_notice():
    [finding] = findings("县保密工作会议强调，内部资料，注意保密。", SECRECY)
    assert (finding.text, finding.severity, finding.stage) == ("内部资料，注意保密", Severity.NOTICE, Stage.FINAL)
    assert "保密工作" in finding.message
    [finding] = findings("内部资料　注意保密", SECRECY)
    assert finding.severity is Severity.ERROR and "内部资料 注意保密" in finding.message


def test_allow_terms_silence_a_notice(tmp_path):
    config = from_mapping(
        {"select": ["sensitive.secrecy-marker"], "allow_terms": ["内部资料注意保存"]}, "cfg", tmp_path,
    )
    assert found("内部资料　注意保存", config) == []
    assert found("内部资料　请勿转发", config) == [("sensitive.secrecy-marker", "内部资料　请勿转发", "error")]


def test_notice_parts_are_data_and_never_reported_alone():
    data = toml_data("sensitive/secrecy-notices.toml")
    first, second = data["first"], data["second"]
    assert len(first) == len(set(first)) and len(second) == len(set(second)) and not set(first) & set(second)
    assert data["source"].strip() and data["marks"] and data["allow_near"]
    standalone = {t.key for tl in _bundled() if tl.category == "secrecy" for t in tl.terms}
    for part in first + second:
        if not any(key in normalize_term(part) for key in standalone):
            assert secrecy_findings(f"报道提到了{part}这个说法。\n") == [], part


@pytest.mark.parametrize(
    ("text", "wrong", "canonical"),
    [
        ("台湾总统发表讲话。", "台湾总统", "台湾地区领导人"),
        ("推动中港两地合作。", "中港两地", "内地与香港两地"),
        ("大陆与香港的经贸往来。", "大陆与香港", "内地与香港"),
        ("北朝鲜举行阅兵。", "北朝鲜", "朝鲜"),
        ("要增强政治意识、核心意识、大局意识、看齐意识。", "政治意识、核心意识、大局意识、看齐意识", "政治意识、大局意识、核心意识、看齐意识"),
        ("统筹推进经济建设、政治建设、社会建设、文化建设、生态文明建设", "经济建设、政治建设、社会建设、文化建设、生态文明建设",
         "经济建设、政治建设、文化建设、社会建设、生态文明建设"),
        ("富强、民主、文明、和谐，自由、平等、法治、公正，爱国、敬业、诚信、友善",
         "富强、民主、文明、和谐，自由、平等、法治、公正，爱国、敬业、诚信、友善",
         "富强、民主、文明、和谐，自由、平等、公正、法治，爱国、敬业、诚信、友善"),
    ],
)
def test_wrong_expressions_are_errors_with_the_canonical_suggestion(text, wrong, canonical):
    [finding] = findings(text, Config(select=("sensitive.expression",)))
    assert (finding.text, finding.suggestion, finding.severity) == (wrong, canonical, Severity.ERROR)
    assert "依据" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "台湾地区“总统”选举结果揭晓。",  # the quoted title is the accepted form
        "推动内地与香港两地合作，深化两岸关系。",
        "大陆与台湾同属一个中国。",
        "坚持创新、协调、绿色、开放、共享的新发展理念。",
        "建设业务中台和数据中台。",  # 中台 as in a software platform
    ],
)
def test_correct_expressions_are_not_reported(text):
    assert findings(text, Config(select=("sensitive.expression",))) == ()


def test_engagement_fraud():
    assert found("转发本文集赞满30个，凭点赞截图领取礼品。") == [
        ("sensitive.engagement-fraud", "集赞", "warning"),
        ("sensitive.engagement-fraud", "点赞截图", "warning"),
    ]
    assert found("关注本公众号领红包，关注领红包！") == [("sensitive.engagement-fraud", "关注领红包", "warning")]
    assert found("各单位严禁刷票、买粉。") == [
        ("sensitive.engagement-fraud", "刷票", "notice"),
        ("sensitive.engagement-fraud", "买粉", "notice"),
    ]


# --- the bundled lists are data: tested as data ---------------------------------------------


def _bundled():
    return [load_list(p) for p in default_list_paths()]


def test_bundled_lists_are_valid_documented_and_cover_the_categories():
    lists = _bundled()
    assert {t.category for t in lists} >= {
        "politics", "secrecy", "porn", "gambling", "violence-terror", "cult-superstition",
        "discrimination", "banned-media-usage", "engagement",
    }
    assert all(t.category in CATEGORIES and t.source and t.description for t in lists)
    assert len({t.name for t in lists}) == len(lists)
    readme = (REPO / "dictionaries" / "sensitive" / "README.md").read_text(encoding="utf-8")
    for path in default_list_paths():
        assert path.name in readme, f"{path.name} is not documented in dictionaries/sensitive/README.md"


def test_bundled_lists_have_no_duplicates_and_no_term_both_denied_and_allowed():
    from govlint.cli.dictionaries import conflicts, duplicates, too_short

    lists = _bundled()
    assert duplicates(lists) == []
    assert conflicts(lists) == []
    assert too_short(lists) == []
    denied = {t.key for tl in lists for t in tl.terms}
    allowed = {phrase for tl in lists for _, phrase, _ in tl.all_allow_phrases()}
    assert "打击网络赌博" in allowed  # list-level templates are expanded for the check
    assert not denied & allowed


def test_expression_and_spam_data_are_clean():
    data = toml_data("sensitive/expressions.toml")
    wrong = [w for entry in data["replace"] for w in entry["wrong"]]
    canonical = {entry["canonical"] for entry in data["replace"]}
    assert len(wrong) == len(set(wrong)) and not set(wrong) & canonical
    assert all(entry["source"].strip() for entry in data["replace"] + data["order"])
    assert all(len(e["items"]) == len(set(e["items"])) >= 3 for e in data["order"])
    spam = toml_data("sensitive/spam.toml")
    assert len(spam["strong"]) == len(set(spam["strong"])) and len(spam["weak"]) == len(set(spam["weak"]))
    assert not set(spam["strong"]) & set(spam["weak"])


def test_list_level_allow_needs_the_placeholder():
    text = ORG_LIST.replace("terms:", "allow: [打击]\nterms:")
    with pytest.raises(TermListError, match=r"应含且只含一个 \{\}"):
        parse_list(text, "x.yaml")
    assert PLACEHOLDER == "{}"


def test_rules_are_documented_with_their_list_routes():
    from govlint.checks import resolve

    ids = {r.id for r in resolve("sensitive")}
    assert ids == {
        "sensitive.term", "sensitive.spam-injection", "sensitive.secrecy-marker",
        "sensitive.expression", "sensitive.engagement-fraud",
    }


def test_every_bundled_list_file_parses_as_plain_yaml():
    for path in default_list_paths():
        assert isinstance(yaml.safe_load(Path(path).read_text(encoding="utf-8")), dict)
