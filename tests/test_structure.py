"""The ``structure`` check (编排) on realistic WeChat, CMS and Markdown drafts."""

from __future__ import annotations

import pytest

from govlint.config import Config
from govlint.data import dictionaries_dir
from govlint.engine import check_document, lint_file
from govlint.readers.html import read_html
from govlint.readers.markdown import read_markdown
from govlint.readers.text import read_text

_READERS = {"html": read_html, "markdown": read_markdown, "text": read_text}
_SUFFIX = {"html": "html", "markdown": "md", "text": "txt"}
_CREDIT = "来源：普安县融媒体中心　编辑：吴静　审核：杨帆"


def findings(source: str, fmt: str = "html", select: tuple[str, ...] = ("structure",)):
    document = _READERS[fmt](source, f"draft.{_SUFFIX[fmt]}", "utf-8")
    result = check_document(document, Config(select=select))
    assert result.rule_errors == ()
    return result.findings


def found(source: str, fmt: str = "html", select: tuple[str, ...] = ("structure",)) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.text, f.suggestion) for f in findings(source, fmt, select)]


def wechat(*paragraphs: str) -> str:
    """A WeChat-editor export; a paragraph starting with "#" is a bold blue subheading."""
    style = "margin: 0px; padding: 0px; max-width: 100%; box-sizing: border-box; font-size: 15px; color: rgb(62, 62, 62); letter-spacing: 1px;"
    parts = []
    for p in paragraphs:
        if p.startswith("#"):
            parts.append(
                '<p style="margin: 24px 0px 16px; line-height: 1.75em;"><strong><span style="font-size: 15px; color: rgb(0, 82, 255);">'
                f'<span leaf="">{p[1:]}</span></span></strong></p>'
            )
        else:
            parts.append(f'<p style="margin: 0px 0px 16px; text-indent: 2em;"><span style="{style}"><span leaf="">{p}</span></span></p>')
    parts.append(f'<p style="text-align: right;"><span style="{style}">{_CREDIT}</span></p>')
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>普安县召开推进会</title></head>'
        '<body id="activity-detail"><div id="js_article" class="rich_media"><h1 class="rich_media_title" id="activity-name">普安县召开推进会</h1>'
        '<div class="rich_media_content" id="js_content" style="visibility: hidden;"><section style="margin: 0px 8px;">\n'
        + "\n".join(parts)
        + "\n</section></div></div></body></html>"
    )


def cms(*paragraphs: str) -> str:
    """A TRS-style county government page with navigation and footer."""
    body = "\n".join(f"<p>　　{p}</p>" for p in paragraphs) + f'\n<p style="text-align: right;">{_CREDIT}</p>'
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>通知_普安县人民政府</title></head><body>'
        '<nav class="menu"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></nav>'
        '<div class="main"><div class="article"><h1>关于做好冬春农田水利基本建设的通知</h1>'
        '<div class="article-content" id="zoom"><div class="TRS_Editor">\n' + body + "\n</div></div></div></div>"
        '<footer class="footer"><p>主办单位：普安县人民政府办公室</p></footer></body></html>'
    )


def markdown(*paragraphs: str) -> str:
    front = "---\ntitle: 普安县召开推进会\naccount: 普安之声\ndate: 2026-11-18\nlabel: 原创\n---\n\n"
    return front + "\n\n".join(paragraphs) + "\n"


# ----------------------------------------------------------------------------- numbering-gap


def test_heading_gap_in_wechat_subheadings():
    source = wechat(
        "#一、抓实秋冬种生产",
        "要严格落实粮食安全党政同责，稳定小麦、油菜等夏收作物播种面积。",
        "#二、巩固拓展脱贫攻坚成果",
        "要持续健全防止返贫动态监测和帮扶机制。",
        "#四、持续改善农村人居环境",
        "要深入开展村庄清洁行动。",
    )
    result = findings(source, select=("structure.numbering-gap",))
    assert [(f.text, f.severity.value, f.stage.value) for f in result] == [("四、", "error", "初审")]
    assert "缺少“三、”" in result[0].message


@pytest.mark.parametrize(
    ("source", "fmt", "text", "words"),
    [
        (cms("（一）开展隐患排查。", "（二）加快农田建设。", "（二）推进管护改革。"), "html", "（二）", "重复"),
        (markdown("1、除职工医保应参保人员以外的城乡居民；", "2、在校大中小学生；", "4、非本县户籍居民。"), "markdown", "4、", "缺少“3、”"),
        (cms("第一条　为规范公文处理工作，制定本办法。", "第二条　本办法适用于县直各部门。", "第四条　本办法自印发之日起施行。"), "html", "第四条", "缺少“第三条”"),
        (cms("附件：1.任务分解表", "2.领导小组成员名单", "4.项目进度报送表"), "html", "4.", "缺少“3.”"),
        ("关于开展森林防火工作的通知\n\n一、工作目标\n（一）摸清底数。\n（三）整改隐患。\n", "text", "（三）", "缺少“（二）”"),
        (cms("（3）严格督查考核。", "（2）强化资金保障。"), "html", "（2）", "倒退"),
    ],
)
def test_numbering_gaps_repeats_and_reversals(source, fmt, text, words):
    result = findings(source, fmt, ("structure.numbering-gap",))
    assert [f.text for f in result] == [text]
    assert words in result[0].message


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        # nested levels restart under each higher level
        (cms("一、目标任务", "（一）排查隐患。", "（二）建设农田。", "二、保障措施", "（一）加强领导。", "（二）强化保障。",
             "1.资金保障。", "2.人员保障。", "三、工作要求", "1.按时报送。"), "html"),
        # a new list starts over at 1; decimals and years are not markers
        (markdown("1. 线上缴费；", "2. 银行缴费。", "## 温馨提示", "1. 谨防诈骗。", "1.5万亩高标准农田已建成。", "2026年全县粮食增产。"), "markdown"),
        # 二、三月份 is a date range, not item 二
        (cms("一、工作目标", "二、三月份是春耕备耕的关键时期，要抓紧抓实。", "二、重点任务"), "html"),
        # a table's own numbering is not the article's
        ('<table><tr><td>1.</td><td>城关镇</td></tr><tr><td>3.</td><td>罗家乡</td></tr></table><p>全县共有12个乡镇，下表列出部分乡镇的完成情况。</p>', "html"),
    ],
)
def test_numbering_that_is_fine(source, fmt):
    assert found(source, fmt, ("structure.numbering-gap",)) == []


# ----------------------------------------------------------------------------- unbalanced


@pytest.mark.parametrize(
    ("source", "fmt", "text"),
    [
        (wechat("县政府印发《普安县冬春农田水利基本建设实施方案，要求各乡镇抓好落实。"), "html", "《"),
        (cms("坚持“以工代赈方式，鼓励村集体经济组织参与工程建设。"), "html", "“"),
        (markdown("各乡镇（街道具体任务见下表。"), "markdown", "（"),
        (cms("确保工程建得成、管得好、长受益】。"), "html", "】"),
    ],
)
def test_unpaired_marks_are_warnings(source, fmt, text):
    result = findings(source, fmt, ("structure.unbalanced",))
    assert [(f.text, f.severity.value) for f in result] == [(text, "warning")]


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        (wechat("会议指出，要把“三农”工作摆在突出位置，认真落实《实施方案》（以下简称《方案》）。"), "html"),
        # a quotation over two paragraphs closes only at its end
        (cms("县委书记强调：“要压实工作责任，确保各项任务按时完成。", "“要加强统筹协调，强化督查调度。”"), "html"),
        (markdown("1) 线上缴费；2) 银行网点缴费；a) 村（社区）代收。"), "markdown"),
        (markdown("详见 https://zh.wikipedia.org/wiki/Foo_(bar) 和 It’s a test。"), "markdown"),
        (markdown("代码 `arr[i` 不检查。", "```\nif (x {\n```"), "markdown"),
    ],
)
def test_balanced_or_intended_marks(source, fmt):
    assert found(source, fmt, ("structure.unbalanced",)) == []


# ----------------------------------------------------------------------------- doc-number


@pytest.mark.parametrize(
    ("paragraph", "text", "suggestion"),
    [
        ("根据《通知》（湘政办发[2021]15号）要求", "[2021]15号", "〔2021〕15号"),
        ("根据湘政办发（2021）15号文件精神", "（2021）15号", "〔2021〕15号"),
        ("湘政办发【2021】15号", "【2021】15号", "〔2021〕15号"),
        ("国办函(2024) 3号", "(2024) 3号", "〔2024〕3号"),
    ],
)
def test_doc_numbers_without_hexagonal_brackets(paragraph, text, suggestion):
    assert found(cms(paragraph), select=("structure.doc-number",)) == [("structure.doc-number", text, suggestion)]


@pytest.mark.parametrize(
    "paragraph",
    [
        "根据《通知》（湘政办发〔2021〕15号）要求，制定本方案。",
        "（2021）湘0102民初1234号民事判决书已生效。",  # a court case number
        "全县2021年（2021）共完成投资15亿元。",
    ],
)
def test_correct_doc_numbers_and_lookalikes(paragraph):
    assert found(wechat(paragraph), select=("structure.doc-number",)) == []


# ----------------------------------------------------------------------------- punctuation


@pytest.mark.parametrize(
    ("source", "fmt", "text", "suggestion"),
    [
        (wechat("全年粮食总产量达到18.7万吨，，同比增长3.2%。"), "html", "，，", "，"),
        (cms("各乡镇要高度重视。。确保按时完成。"), "html", "。。", "。"),
        (markdown("欢迎大家积极参保！！！"), "markdown", "！！！", "！"),
        (wechat("会议指出,要压实工作责任。"), "html", ",", "，"),
        (wechat("时间:2026年11月19日，地点在县政府会议室;请准时参加。"), "html", ";", "；"),
        (cms("农村居民人均可支配收入同比增长85.%，增速居全市第一。"), "html", "85.%", "85%"),
        (wechat("全县共有行政村１2个。"), "html", "１2", "12"),
        (cms("各乡镇要进行 深入调研，逐户摸清监测对象的收入来源。"), "html", " ", ""),
        (wechat("他说了很多。。。大家都听进去了。"), "html", "。。。", "……"),
        (cms("项目总投资1..5亿元，当年完成。"), "html", "1..5", None),
        (wechat("一、会议要求？。各单位务必参加。"), "html", "？。", None),
    ],
)
def test_punctuation_slips(source, fmt, text, suggestion):
    assert found(source, fmt, ("structure.punctuation",)) == [("structure.punctuation", text, suggestion)]


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        (wechat("群众纷纷表示：“太好了！！这条路终于修通了！！”"), "html"),  # quoted speech
        (wechat("县委书记 张明 县长 李华 出席会议。"), "html"),  # names separated by spaces
        (wechat("编辑：吴静 审核：杨帆 终审：罗晓东"), "html"),  # a meta line
        (wechat("县委常委会召开会议 研究部署冬季安全生产工作", "点击上方蓝字 关注我们"), "html"),  # headline separators
        (markdown("增长3.5%，达到1.2万亩；Hello, world; see https://www.gov.cn/a,b?c=1!"), "markdown"),
        (markdown("```\n会议,要求。。\n```", "代码 `a,b` 示例。"), "markdown"),
        (wechat("12:30，县长说：“大家辛苦了！”时间：2026年11月19日。"), "html"),
    ],
)
def test_punctuation_that_is_fine(source, fmt):
    assert found(source, fmt, ("structure.punctuation",)) == []


# ----------------------------------------------------------------------------- boilerplate


@pytest.mark.parametrize(
    ("source", "fmt", "text"),
    [
        (wechat("全县冬春农田水利基本建设全面启动。", "本文来自网络，如有侵权，请联系删除。", "各乡镇要抓好落实。", "确保按期完成。", "会议要求加强督查。"), "html", "本文来自网络"),
        (markdown("以上就是小编整理的全部内容，更多精彩请关注我们。", "正文继续。", "再一段。", "最后一段。"), "markdown", "以上就是小编"),
        (cms("点击阅读原文查看更多。", "为切实做好今冬明春农田水利基本建设工作，制定本方案。", "一、目标任务", "二、保障措施"), "html", "点击阅读原文"),
        (wechat("请输入标题", "全县冬春农田水利基本建设全面启动。"), "html", "请输入标题"),
    ],
)
def test_boilerplate_left_in_the_body(source, fmt, text):
    result = findings(source, fmt, ("structure.boilerplate",))
    assert result and (result[0].rule, result[0].text) == ("structure.boilerplate", text)


def test_boilerplate_matches_across_punctuation_and_spaces():
    result = findings(markdown("如有侵权， 请 联系删除。", "正文。", "正文。", "正文。"), "markdown", ("structure.boilerplate",))
    assert [f.text for f in result] == ["如有侵权， 请 联系删除"]


@pytest.mark.parametrize(
    "source",
    [
        wechat("全县冬春农田水利基本建设全面启动。", "各乡镇要抓好落实。", "点击阅读原文，查看实施方案全文。"),  # the normal WeChat ending
        wechat("小编带您了解今年的医保缴费政策。", "网络安全宣传周活动在我县举行，来源于网络的谣言要及时辟谣。"),
    ],
)
def test_boilerplate_ignores_normal_endings_and_words(source):
    assert found(source, select=("structure.boilerplate",)) == []


def test_boilerplate_data_is_clean():
    rows = [line.split("\t") for line in (dictionaries_dir() / "structure/boilerplate.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    phrases = [r[0] for r in rows]
    assert len(phrases) == len(set(phrases))
    assert all(len(r) == 2 and r[1] in ("any", "middle") for r in rows), rows
    assert all(p == p.strip() and not any(ch in p for ch in "，。 ,") for p in phrases)


# ----------------------------------------------------------------------------- a clean article, the examples, speed

CLEAN_ARTICLE = """\
---
title: 普安县出台十二条措施推进冬春农田水利基本建设
account: 普安之声
date: 2026-11-20
label: 原创
author: 陈思远
editor: 吴静
---

11月19日，普安县人民政府印发《普安县2026—2027年冬春农田水利基本建设实施方案》（普政办发〔2026〕15号，以下简称《方案》），明确今冬明春全县新建山塘20座，整治灌排渠道75.5公里，建成高标准农田1.8万亩，新增和恢复有效灌溉面积1.2万亩。

县水务局负责同志介绍，2025年全县完成水利投资3.6亿元，同比增长12.4%，农村自来水普及率达到92%。但部分乡镇仍存在工程老化、管护不到位等问题。此次出台的《方案》坚持问题导向，聚焦“建、管、用”三个环节，着力补齐农业基础设施短板。

## 一、目标任务

到2027年4月30日，全县要完成以下任务：

（一）开展水利设施隐患排查。各乡镇要对辖区内山塘、小型水库、灌排渠系进行全面排查，建立问题清单，明确整改时限和责任人，于2026年12月15日前将排查结果报县水务局。

（二）加快高标准农田建设。县农业农村局要会同各乡镇加快项目前期工作，严格执行项目法人制、招标投标制、工程监理制和合同管理制，确保工程质量和资金安全。

（三）推进小型水利工程管护改革。推行“以工代赈”方式，鼓励村集体经济组织、农民用水合作组织参与工程建设和日常管护，确保工程建得成、管得好、长受益。

## 二、保障措施

（一）加强组织领导。成立由分管副县长任组长的工作领导小组，县水务局、县农业农村局、县财政局等部门主要负责同志为成员。

（二）强化资金保障。县财政今年安排专项资金8600万元，其中中央和省级资金5200万元，县级配套资金3400万元，严禁截留、挤占、挪用。

（三）严格督查考核。县人民政府督查室每月开展一次督查，督查结果纳入年度目标考核，对工作滞后的乡镇进行通报。

## 三、群众反响

“渠道修好了，今年的油菜再也不愁水了！”罗家乡新华村村民张喆高兴地说。城关镇党委书记李堃表示，镇里将把工程质量放在首位，确保每一分钱都用在刀刃上。乾隆年间修建的沈家堰经过整修，也将于明年春灌前恢复灌溉功能。

据悉，县里还将组织“水利科技下乡”活动，邀请省水利水电科学研究院（Provincial Institute of Water Resources）的专家开展技术培训，推广喷灌、滴灌等高效节水技术。相关政策可登录[普安县人民政府网](https://www.gov.cn/)查询，或拨打12345政务服务便民热线咨询。

下一步，县水务局将加强政策宣传和跟踪问效，指导各乡镇结合实际制定实施细则，推动各项措施落地见效。

附件：1.普安县冬春农田水利基本建设任务分解表

2.普安县冬春农田水利基本建设工作领导小组成员名单

3.普安县冬春农田水利建设项目进度报送表
"""


def test_a_long_clean_government_article_gives_no_finding():
    assert len(CLEAN_ARTICLE) > 1000
    assert found(CLEAN_ARTICLE, "markdown", ("garbled", "structure")) == []


def test_the_clean_article_as_wechat_html_gives_no_finding():
    body = CLEAN_ARTICLE.split("---\n", 2)[2]
    paragraphs = [p.replace("## ", "#").replace("[普安县人民政府网](https://www.gov.cn/)", "普安县人民政府网")
                  for p in body.strip().split("\n\n")]
    assert found(wechat(*paragraphs), "html", ("garbled", "structure")) == []


def test_clean_wechat_fixture_gives_no_finding(repo_root):
    result = lint_file(repo_root / "tests/data/wechat-clean.html", Config(select=("garbled", "structure")))
    assert result.findings == ()


def test_examples_give_only_the_planted_structure_findings(repo_root):
    config = Config(select=("structure",))
    assert lint_file(repo_root / "examples/clean-article.md", config).findings == ()
    cms_page = lint_file(repo_root / "examples/cms-page.html", config)
    assert [(f.rule, f.text, f.suggestion) for f in cms_page.findings] == [
        ("structure.doc-number", "[2026]15号", "〔2026〕15号"),
        ("structure.numbering-gap", "4.", None),
    ]
    wechat_page = lint_file(repo_root / "examples/wechat-article.html", config)
    assert [(f.rule, f.text) for f in wechat_page.findings] == [("structure.numbering-gap", "四、")]
    for name in ("notice.md", "county-notice-gbk.txt"):
        assert lint_file(repo_root / "examples" / name, config).findings == ()


def test_structure_check_is_linear_on_adversarial_megabyte():
    """Every rule of the check completes on ~1 MB built to trip backtracking (no timing assertion)."""
    pieces = [
        "一" * 3000 + "、",
        "（" * 3000,
        "“" * 3000 + "”" * 10,
        "湘" * 3000 + "[2021" + "1" * 3000,
        "，" * 3000,
        "中 " * 3000,
        "1." * 3000 + "%",
        "１2" * 3000,
        "以上就是小" * 1000,
        "!" * 3000,
    ]
    text = "".join(pieces)
    text = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    # Long lines (one paragraph of 50,000 characters each), as a pasted dump would be.
    source = "\n".join(text[i : i + 50_000] for i in range(0, len(text), 50_000))
    result = check_document(read_text(source, "big.txt", "utf-8"), Config(select=("structure",)))
    assert result.rule_errors == ()
    assert len(result.rules_run) == 5


def test_thousands_of_runs_with_thousands_of_hits():
    """Each hit looks up its run by binary search: a linear scan per hit made this quadratic."""
    html = "<p>" + "<span>（</span><code>x</code>" * 5000 + "</p>"
    result = findings(html, "html", ("structure.unbalanced",))
    assert len(result) == 5000 and {f.text for f in result} == {"（"}


@pytest.mark.parametrize(
    "text",
    [
        # A line broken inside the brackets by a converter: paired, not missing.
        "今年重点城市细颗粒物（PM\n2.5\n）平均浓度下降9.1%，空气质量持续改善。\n",
        "根据《\n中华人民共和国国民经济和社会发展第十四个五年规划纲要\n》，国务院编制了年度计划。\n",
        "推动“\n一带一路\n”建设走深走实，对外开放迈出新步伐。\n",
    ],
)
def test_a_pair_cut_by_a_line_break_is_no_lone_mark(text):
    assert found(text, "text", ("structure.unbalanced",)) == []


def test_a_lone_mark_beside_a_long_line_is_still_reported():
    text = (
        "县政府印发《普安县冬春农田水利基本建设实施方案，要求各乡镇抓好落实。\n"
        "各乡镇要结合实际制定具体措施，明确责任分工，确保各项任务按期完成，取得实效。\n"
        "请于12月底前报送落实情况》。\n"
    )
    assert [t for _, t, _ in found(text, "text", ("structure.unbalanced",))] == ["《", "》"]


def test_a_mismatched_closer_after_a_break_is_still_reported():
    text = "全市义务教育（小学、初中\n)、高中阶段教育稳步发展。\n"
    assert [t for _, t, _ in found(text, "text", ("structure.unbalanced",))] == ["（", ")"]
