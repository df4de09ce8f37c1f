"""The provenance check: 原创/转载 labels and credits in WeChat HTML, CMS HTML and Markdown."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

import jsonschema
import pytest

from govlint.checklist import REVIEW, build_report
from govlint.cli.main import main
from govlint.config import Config
from govlint.data import data_path, entries, word_list
from govlint.engine import check_document, lint_file
from govlint.findings import FileResult
from govlint.readers.html import read_html
from govlint.readers.markdown import read_markdown
from govlint.readers.text import read_text
from govlint.rules import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((REPO / "docs" / "json-output.schema.json").read_text(encoding="utf-8"))
PROVENANCE = Config(select=("provenance",))

_SPAN = '<span style="font-size: 15px; color: rgb(62, 62, 62); letter-spacing: 1px;"><span leaf="">{}</span></span>'


def wechat(paragraphs: list[str], foot: list[str] = (), badge: str | None = "原创", account: str = "普安之声") -> str:
    """A page as the WeChat editor exports it: meta area with the 原创 badge, #js_content body."""
    badge_html = (
        f'<span id="copyright_logo" class="rich_media_meta icon_appmsg_tag appmsg_tag_copyright">{badge}</span>\n'
        if badge else ""
    )
    body = "\n".join(f'<p style="text-indent: 2em;">{_SPAN.format(p)}</p>' for p in paragraphs)
    tail = "\n".join(f'<p style="text-align: right;">{_SPAN.format(line)}</p>' for line in foot)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta property="og:title" content="普安县召开秋冬季农业生产推进会">
<title>普安县召开秋冬季农业生产推进会</title>
</head>
<body id="activity-detail" class="zh_CN wx_wap_page">
<div id="js_article" class="rich_media">
<h1 class="rich_media_title" id="activity-name">普安县召开秋冬季农业生产推进会</h1>
<div id="meta_content" class="rich_media_meta_list">
{badge_html}<span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><span class="rich_media_meta_link" id="js_name">{account}</span></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">2026-11-20 09:30</em>
</div>
<div class="rich_media_content" id="js_content">
<section style="margin: 0px 8px;">
{body}
</section>
{tail}
</div>
</div>
</body>
</html>
"""


def cms(paragraphs: list[str], source: str | None = "普安县人民政府办公室", label: str | None = None) -> str:
    """A county government CMS (TRS-style) article page with meta tags and an info bar."""
    metas = ['<meta name="SiteName" content="普安县人民政府" />']
    if source is not None:
        metas.append(f'<meta name="ContentSource" content="{source}" />')
    if label is not None:
        metas.append(f'<meta name="label" content="{label}" />')
    body = "\n".join(f"<p>　　{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>全国秋粮收购进度过半_要闻动态_普安县人民政府</title>
{chr(10).join(metas)}
<meta name="ArticleTitle" content="全国秋粮收购进度过半" />
<meta name="PubDate" content="2026-11-18 10:00" />
</head>
<body>
<nav class="menu"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></nav>
<div class="main w1200">
  <div class="article">
    <div class="article-title"><h1>全国秋粮收购进度过半</h1></div>
    <div class="article-content" id="zoom">
<div class="TRS_Editor">
{body}
</div>
    </div>
  </div>
</div>
<footer class="footer"><p>主办单位：普安县人民政府办公室</p></footer>
</body>
</html>
"""


def markdown(front: dict[str, str | None], body: str) -> str:
    lines = ["---"] + [f"{key}:" + (f" {value}" if value else "") for key, value in front.items()] + ["---", "", body]
    return "\n".join(lines) + "\n"


def lint(source: str, fmt: str = "markdown", config: Config = PROVENANCE) -> FileResult:
    reader = {"markdown": read_markdown, "html": read_html, "text": read_text}[fmt]
    return check_document(reader(source, f"draft.{ {'markdown': 'md', 'html': 'html', 'text': 'txt'}[fmt]}", "utf-8"), config)


def found(result: FileResult) -> list[tuple[str, int, str]]:
    return [(f.rule, f.line, f.text) for f in result.findings]


WIRE = "新华社北京11月17日电（记者 张三）记者17日从国家粮食和物资储备局获悉，全国秋粮收购进度已经过半。"
LOCAL = "11月19日，普安县召开秋冬季农业生产推进会，安排部署下一阶段重点工作。"
MORE = "会议要求，各乡镇、各部门要加强统筹协调，确保全年目标任务圆满完成。"


# -- original-with-source ---------------------------------------------------------


def test_wechat_original_badge_with_a_foreign_source_line_is_an_error_at_the_line():
    source = wechat([LOCAL, MORE], foot=["来源：新华社", "编辑：吴静　审核：杨帆"])
    result = lint(source, "html")
    assert found(result) == [("provenance.original-with-source", source.splitlines().index(
        next(line for line in source.splitlines() if "来源：新华社" in line)) + 1, "来源：新华社")]
    assert "新华社" in result.findings[0].message


def test_wechat_original_badge_with_the_own_account_as_source_is_fine():
    for credit in ("来源：普安之声", "来源：“普安之声”微信公众号", "来源：本站"):
        assert found(lint(wechat([LOCAL, MORE], foot=[credit, "编辑：吴静"]), "html")) == [], credit


def test_another_organisation_of_the_same_county_is_not_the_account():
    # 普安县融媒体中心 runs 普安之声, but only exact or normalised names are taken as the account.
    result = lint(wechat([LOCAL], foot=["来源：普安县融媒体中心"]), "html")
    assert [f.rule for f in result.findings] == ["provenance.original-with-source"]


def test_markdown_original_with_a_foreign_source_points_at_the_front_matter_line():
    source = markdown({"title": "全国秋粮收购进度过半", "account": "普安之声", "label": "原创", "source": "新华社"}, LOCAL)
    result = lint(source)
    assert found(result) == [("provenance.original-with-source", 5, "source: 新华社")]
    assert (result.findings[0].column, result.findings[0].end_column) == (1, 12)


def test_markdown_original_with_a_wire_dateline_is_an_error_at_the_dateline():
    result = lint(markdown({"title": "全国秋粮收购进度过半", "account": "普安之声", "label": "原创"}, WIRE))
    assert found(result) == [("provenance.original-with-source", 7, "新华社北京11月17日电")]


def test_original_flag_in_front_matter_counts_as_the_label():
    result = lint(markdown({"title": "全国秋粮收购进度过半", "original": "true"}, "据央视新闻报道，全国秋粮收购进度已经过半。"))
    assert found(result) == [("provenance.original-with-source", 6, "据央视新闻报道")]


def test_cms_label_meta_with_a_source_other_than_the_configured_account():
    config = Config(select=("provenance",), account="普安县人民政府")
    result = lint(cms([LOCAL], source="贵州日报", label="原创"), "html", config)
    assert found(result) == [("provenance.original-with-source", 7, '<meta name="ContentSource" content="贵州日报" />')]
    own = lint(cms([LOCAL], source="普安县人民政府", label="原创"), "html", config)
    assert found(own) == []


def test_without_a_known_account_only_outlets_count_as_foreign():
    front = {"title": "普安县秋粮收购进度过半", "label": "原创", "source": "普安县农业农村局"}
    assert found(lint(markdown(front, LOCAL))) == []
    credited = markdown({"title": "全国秋粮收购进度过半", "label": "原创"}, LOCAL + "\n\n作者：新华社记者 张三")
    assert [f.rule for f in lint(credited).findings] == ["provenance.original-with-source"]


def test_a_photo_credit_is_not_a_source_of_the_text():
    source = markdown({"title": "普安县秋粮收购", "account": "普安之声", "label": "原创"}, LOCAL + "\n\n图片来源：新华社")
    assert found(lint(source)) == []


# -- repost-without-source ----------------------------------------------------------


def test_the_notice_example_is_a_repost_with_an_empty_source():
    result = lint_file(REPO / "examples" / "notice.md", PROVENANCE)
    assert found(result) == [
        ("provenance.repost-without-source", 5, "label: 转载"),
        ("provenance.empty-credit", 6, "source:"),
    ]
    assert result.facts["provenance"]["label"] == "转载"
    assert result.facts["provenance"]["source"] is None


def test_wechat_repost_line_without_a_source():
    source = wechat(["转载", LOCAL, MORE], badge=None)
    result = lint(source, "html")
    assert [(f.rule, f.text) for f in result.findings] == [("provenance.repost-without-source", "转载")]


def test_wire_dateline_without_label_or_source_is_a_repost_without_source():
    # The CMS page's SiteName (普安县人民政府) is the account: the dateline names another outlet.
    result = lint(cms([WIRE, MORE], source=None), "html")
    assert [(f.rule, f.severity, f.text) for f in result.findings] == [
        ("provenance.repost-without-source", Severity.ERROR, "新华社北京11月17日电"),
    ]


def test_empty_repost_credit_is_both_a_repost_without_source_and_an_empty_credit():
    result = lint("普安县秋粮收购\n\n" + LOCAL + "\n\n转自：\n")
    assert sorted((f.rule, f.text) for f in result.findings) == [
        ("provenance.empty-credit", "转自："),
        ("provenance.repost-without-source", "转自："),
    ]


CCTV = (
    "全国冬春农田水利建设全面展开\n"
    "\n"
    "央视网消息（新闻联播）：入冬以来，各地抢抓有利时机，全面开展冬春农田水利建设，"
    "加快推进高标准农田建设和灌区续建配套与现代化改造，为明年粮食丰收打牢基础。\n"
    "\n"
    "在江西，今冬明春计划新建和改造提升高标准农田一百余万亩，目前已开工项目过半。"
    "在河南，各地组织施工队伍开展渠道清淤、泵站维修，确保春灌用水。\n"
)


def _json_file(tmp_path: Path, account: str | None) -> dict:
    """The CLI's JSON record of the CCTV story, with ``account`` configured or not."""
    story = tmp_path / "news" / "cctv-0001.txt"
    story.parent.mkdir(exist_ok=True)
    story.write_text(CCTV, encoding="utf-8")
    config = tmp_path / ".govlint.toml"
    config.write_text('select = ["provenance"]\n' + (f'account = "{account}"\n' if account else ""), encoding="utf-8")
    data = _json(str(story), "--config", str(config))
    jsonschema.validate(data, SCHEMA)
    return data["files"][0]


def _json_findings(tmp_path: Path, account: str | None) -> list[dict]:
    """The provenance findings on the CCTV story as the CLI reports them, with ``account`` configured or not."""
    return _json_file(tmp_path, account)["findings"]


def test_own_outlet_dateline_without_a_known_account_is_a_question_for_the_checklist(tmp_path):
    # The outlet may well be the publisher, and the dateline names the source:
    # not a defect of the text, so no finding; the checklist asks instead.
    record = _json_file(tmp_path, None)
    assert record["findings"] == []
    [item] = [i for i in record["checklist"] if i["id"] == "provenance"]
    assert item["status"] == "review" and item["findings"] == []
    assert item["reason"] == (
        "“转载未注来源”正文开头的电头注明稿件来自“央视网”，未配置本账号名称（account），"
        "无法判断是否为转载；如为转载请标注“转载”，需人工确认"
    )
    assert "没有注明来源" not in item["reason"]  # the dateline is the source being named


def test_dateline_of_another_outlet_than_the_configured_account_is_an_error(tmp_path):
    findings = _json_findings(tmp_path, "普安之声")
    assert [(f["rule"], f["severity"], f["text"]) for f in findings] == [
        ("provenance.repost-without-source", "error", "央视网消息"),
    ]
    assert findings[0]["message"] == "正文开头的电头表明稿件来自“央视网”，但没有注明来源，请标注转载并注明来源"


@pytest.mark.parametrize("account", ["央视网", "“央视网”微信公众号"])
def test_dateline_of_the_configured_account_itself_gives_nothing(tmp_path, account):
    assert _json_findings(tmp_path, account) == []


def test_markdown_front_matter_account_other_than_the_dateline_is_an_error():
    source = markdown({"title": "全国秋粮收购进度过半", "account": "普安之声", "author": "陈思远"}, WIRE + "\n\n" + MORE)
    result = lint(source, config=PROVENANCE)
    assert [(f.rule, f.severity.value, f.line, f.text) for f in result.findings] == [
        ("provenance.repost-without-source", "error", 7, "新华社北京11月17日电"),
    ]
    own = markdown({"title": "全国秋粮收购进度过半", "account": "新华社", "author": "张三"}, WIRE + "\n\n" + MORE)
    assert found(lint(own)) == []


def test_a_configured_severity_raises_no_finding_without_an_account_but_sets_the_error():
    raised = Config(select=("provenance",), severity=(("provenance.repost-without-source", Severity.WARNING),))
    assert lint(CCTV, "text", raised).findings == ()
    known = Config(select=("provenance",), account="普安之声",
                   severity=(("provenance.repost-without-source", Severity.WARNING),))
    assert [f.severity for f in lint(CCTV, "text", known).findings] == [Severity.WARNING]


def test_reported_by_an_outlet_without_a_known_account_is_left_to_the_checklist():
    result = lint("中国经济运行稳中向好\n\n据人民日报报道，" + LOCAL[6:] + MORE + "\n", "text")
    assert result.findings == ()
    assert dict(result.rules_unchecked)["provenance.repost-without-source"].startswith(
        "正文开头的电头注明稿件来自“人民日报”，"
    )


# A government work report as published: the Xinhua dateline, no label, no account.
XINHUA = (
    "新华社北京3月5日电 政府工作报告——2025年3月5日在第十四届全国人民代表大会第三次会议上。"
    "过去一年，我国经济运行总体平稳、稳中有进，高质量发展扎实推进，全年国内生产总值增长百分之五。"
)


def _provenance_item(result: FileResult):
    return next(i for i in build_report(result).checklist if i.item.id == "provenance")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_published_wire_story_without_an_account_is_review_in_the_checklist(fmt):
    if fmt == "markdown":
        source = markdown({"title": "政府工作报告"}, XINHUA)
    else:
        source = (
            f"<html><head><title>政府工作报告</title></head><body><h1>政府工作报告</h1><p>{XINHUA}</p></body></html>"
        )
    result = lint(source, fmt)
    assert result.findings == ()
    assert [r for r, _ in result.rules_unchecked] == ["provenance.repost-without-source"]
    item = _provenance_item(result)
    assert item.status == REVIEW
    assert item.reason == (
        "“转载未注来源”正文开头的电头注明稿件来自“新华社”，未配置本账号名称（account），"
        "无法判断是否为转载；如为转载请标注“转载”，需人工确认"
    )


def test_published_wire_story_with_an_account_is_still_an_error():
    result = lint(markdown({"title": "政府工作报告", "account": "普安之声"}, XINHUA))
    assert [(f.rule, f.severity, f.text) for f in result.findings] == [
        ("provenance.repost-without-source", Severity.ERROR, "新华社北京3月5日电"),
    ]
    assert result.rules_unchecked == ()
    assert _provenance_item(result).status == "fail"
    # The configured account does the same as the front matter's.
    configured = lint(
        markdown({"title": "政府工作报告"}, XINHUA), config=Config(select=("provenance",), account="普安之声")
    )
    assert [f.rule for f in configured.findings] == ["provenance.repost-without-source"]


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        (markdown({"title": "全国秋粮收购进度过半", "account": "普安之声", "label": "转载", "source": "新华社"}, WIRE), "markdown"),
        (wechat(["本文转载自“人民日报”微信公众号", WIRE, MORE], badge=None), "html"),
        (cms([WIRE, MORE], source="新华社"), "html"),
        (wechat([WIRE, MORE], foot=["来源：新华社", "编辑：吴静"], badge=None), "html"),
    ],
    ids=["markdown", "wechat-repost-line", "cms-meta", "wechat-foot"],
)
def test_a_correctly_credited_repost_gives_nothing(source, fmt):
    assert found(lint(source, fmt)) == []


def test_a_vague_source_is_no_credit_for_a_repost():
    source = markdown({"title": "医保缴费指南", "account": "普安之声", "label": "转载"}, LOCAL + "\n\n来源：网络")
    assert [f.rule for f in lint(source).findings] == ["provenance.repost-without-source"]


def test_a_name_that_merely_starts_with_an_outlet_is_not_that_outlet():
    source = markdown({"title": "网络安全宣传周", "label": "原创"}, LOCAL + "\n\n来源：中国网络空间研究院")
    assert found(lint(source)) == []
    reporter = markdown({"title": "网络安全宣传周", "label": "原创"}, LOCAL + "\n\n来源：中国网记者 李四")
    assert [f.rule for f in lint(reporter).findings] == ["provenance.original-with-source"]


# -- conflicting-labels -----------------------------------------------------------------


def test_front_matter_original_and_a_repost_line_conflict():
    source = markdown({"title": "普安县召开推进会", "label": "原创"}, "【转载】" + LOCAL)
    result = lint(source)
    assert ("provenance.conflicting-labels", 6, "转载") in found(result)
    assert "第 3 行" in next(f.message for f in result.findings if f.rule == "provenance.conflicting-labels")


def test_wechat_badge_and_a_repost_credit_conflict():
    result = lint(wechat([LOCAL, MORE], foot=["本文转载自人民日报"]), "html")
    rules = {f.rule for f in result.findings}
    assert "provenance.conflicting-labels" in rules
    assert "provenance.original-with-source" not in rules  # the label is unknown, not original


def test_a_repost_clause_in_a_foot_line_conflicts_with_the_cms_label():
    result = lint(cms([LOCAL, "本文为转载，版权归原作者所有。"], source="普安县人民政府", label="原创"), "html")
    assert [(f.rule, f.text) for f in result.findings] == [("provenance.conflicting-labels", "本文为转载")]
    assert result.facts["provenance"]["label"] is None


def test_a_rights_notice_is_not_a_repost_mark():
    source = markdown({"title": "普安县召开推进会", "account": "普安之声", "label": "原创"},
                      LOCAL + "\n\n本文为普安之声原创，转载请注明出处。")
    result = lint(source)
    assert found(result) == []
    assert result.facts["provenance"]["label"] == "原创"


# -- empty-credit ---------------------------------------------------------------------


def test_empty_credit_in_a_wechat_sign_off_line_points_at_the_label():
    source = wechat([LOCAL], foot=["编辑：吴静　审核：　终审：罗晓东"])
    result = lint(source, "html")
    assert [(f.rule, f.text) for f in result.findings] == [("provenance.empty-credit", "审核：")]
    assert result.facts["provenance"]["editor"] == "吴静"


def test_empty_front_matter_author_and_text_source_line():
    source = markdown({"title": "普安县召开推进会", "account": "普安之声", "label": "原创", "author": None}, LOCAL + "\n\n来源：")
    assert found(lint(source)) == [("provenance.empty-credit", 5, "author:"), ("provenance.empty-credit", 10, "来源：")]


def test_a_phrase_with_a_colon_inside_a_sentence_is_not_a_credit():
    body = "项目资金来源：县财政统筹整合涉农资金。" + MORE
    source = markdown({"title": "普安县召开推进会", "account": "普安之声", "label": "原创", "author": "陈思远"}, body)
    result = lint(source)
    assert found(result) == []
    assert [e["kind"] for e in result.facts["provenance"]["evidence"]] == ["label", "author"]


# -- unlabelled -------------------------------------------------------------------------


KNOWN = Config(select=("provenance",), account="普安之声")
UNLABELLED_REASON = "稿件未标注原创或转载，也未注明来源，未配置本账号名称（account），无法判断稿件性质"


def test_the_county_notice_is_unlabelled_at_the_start_of_its_body():
    result = lint_file(REPO / "examples" / "county-notice-gbk.txt", KNOWN)
    assert [(f.rule, f.line, f.column, f.text) for f in result.findings] == [("provenance.unlabelled", 3, 1, "")]


def test_without_an_account_an_unlabelled_article_is_a_question_for_the_checklist():
    result = lint_file(REPO / "examples" / "county-notice-gbk.txt", PROVENANCE)
    assert result.findings == ()
    assert result.rules_unchecked == (("provenance.unlabelled", UNLABELLED_REASON),)
    item = _provenance_item(result)
    assert (item.status, item.reason) == (REVIEW, f"“未标原创转载”{UNLABELLED_REASON}，需人工确认")


def test_a_short_fragment_without_metadata_is_not_asked_for_a_label():
    assert found(lint("各部门要认真进行自查自纠。\n", "text", KNOWN)) == []
    assert found(lint("", "markdown", KNOWN)) == []
    assert lint("各部门要认真进行自查自纠。\n", "text").rules_unchecked == ()
    assert [f.rule for f in lint("通知\n\n" + LOCAL * 6 + "\n", "text", KNOWN).findings] == ["provenance.unlabelled"]


def test_markdown_without_label_points_at_the_front_matter():
    result = lint(markdown({"title": "普安县召开推进会", "account": "普安之声", "author": "陈思远"}, LOCAL))
    assert found(result) == [("provenance.unlabelled", 1, "---")]
    result = lint(markdown({"title": "普安县召开推进会", "author": "陈思远"}, LOCAL))
    assert found(result) == [] and dict(result.rules_unchecked) == {"provenance.unlabelled": UNLABELLED_REASON}


def test_unlabelled_wechat_page_points_at_the_body_and_a_source_is_evidence_enough():
    result = lint(wechat([LOCAL, MORE], badge=None), "html")
    assert [f.rule for f in result.findings] == ["provenance.unlabelled"]
    body_start = result.findings[0]
    assert LOCAL in result.line_text(body_start.line)
    assert found(lint(cms([LOCAL, MORE]), "html")) == []  # 来源 meta tag: credited, no label needed


# -- examples, record and JSON ------------------------------------------------------


def test_clean_example_gives_nothing_and_records_its_label():
    result = lint_file(REPO / "examples" / "clean-article.md", Config(select=("provenance", "privacy")))
    assert result.findings == ()
    assert result.facts["provenance"] == {
        "label": "原创",
        "source": None,
        "author": "陈思远",
        "editor": "吴静",
        "evidence": [
            {"line": 5, "kind": "label", "text": "label: 原创"},
            {"line": 6, "kind": "author", "text": "author: 陈思远"},
            {"line": 7, "kind": "editor", "text": "editor: 吴静"},
        ],
    }


def test_the_record_is_computed_when_a_single_provenance_rule_is_selected():
    path = REPO / "examples" / "wechat-article.html"
    full = lint_file(path, PROVENANCE).facts["provenance"]
    for rule_id in ("provenance.unlabelled", "provenance.empty-credit"):
        assert lint_file(path, Config(select=(rule_id,))).facts["provenance"] == full
    assert full["label"] == "原创" and full["source"] == "普安县农业农村局" and full["editor"] == "吴静"


def _json(*args: str) -> dict:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        main([*args, "--format", "json"])
    return json.loads(buffer.getvalue())


def test_json_output_carries_the_record_and_validates(tmp_path):
    draft = tmp_path / "repost.md"
    draft.write_text(markdown({"title": "全国秋粮收购进度过半", "account": "普安之声", "label": "转载", "source": "新华社"}, WIRE),
                     encoding="utf-8")
    data = _json(str(draft))
    jsonschema.validate(data, SCHEMA)
    record = data["files"][0]["provenance"]
    assert record["label"] == "转载" and record["source"] == "新华社"
    assert {"line": 8, "kind": "wire", "text": "新华社北京11月17日电"} in record["evidence"]
    not_run = _json(str(draft), "--select", "typo")
    jsonschema.validate(not_run, SCHEMA)
    assert not_run["files"][0]["provenance"] is None


# -- data -------------------------------------------------------------------------------


def test_provenance_data_is_clean():
    outlets = entries(data_path("provenance/outlets.txt"))
    assert len(outlets) == len(set(outlets)) == len(word_list("provenance/outlets.txt"))
    with data_path("provenance/labels.toml").open("rb") as handle:
        labels = tomllib.load(handle)
    assert "credits" not in labels, "credit labels belong in the one byline list, dictionaries/bylines.tsv"
    marks = labels["marks"]
    for key in marks:
        assert len(marks[key]) == len(set(marks[key])), key
    assert not set(marks["original"]) & set(marks["repost"])
    assert not set(marks["rights"]) & set(marks["repost"])
    assert all("转载" in phrase or "转" in phrase for phrase in marks["rights"])
