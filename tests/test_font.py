"""The ``font`` check and the style computation it stands on (govlint/readers/css/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.checks._prose import letter_count
from govlint.config import Config
from govlint.engine import check_document
from govlint.model import Element
from govlint.readers.css.cascade import StyleResolver
from govlint.readers.css.values import font_tag_size, parse_color, parse_font_size
from govlint.readers.html import read_html
from govlint.readers.markdown import read_markdown

REPO = Path(__file__).resolve().parents[1]
CLEAN_WECHAT = (REPO / "tests" / "data" / "wechat-clean.html").read_text(encoding="utf-8")


def findings(source: str, select: str = "font", fmt: str = "html"):
    reader = read_html if fmt == "html" else read_markdown
    document = reader(source, f"draft.{'html' if fmt == 'html' else 'md'}", "utf-8")
    return [f for f in check_document(document, Config(select=(select,))).findings]


def wechat(*paragraphs: str, style: str = "") -> str:
    """A WeChat-editor export: #js_content > section > section > p > span > span."""
    body = "\n".join(paragraphs)
    head = f"<style>{style}</style>" if style else ""
    return (
        f"<html><head><meta charset='utf-8'>{head}</head><body><div id='js_article'>"
        "<div class='rich_media_content' id='js_content' style='visibility: hidden;'>"
        "<section style='font-family: -apple-system, &quot;PingFang SC&quot;, sans-serif;'>"
        f"<section style='margin: 0px 8px;'>{body}</section></section></div></div></body></html>"
    )


def para(text: str, size: str = "15px", family: str = "微软雅黑", extra: str = "") -> str:
    return (
        "<p style='margin: 0px 0px 16px; line-height: 1.75em; text-align: justify; text-indent: 2em;'>"
        f"<span style='font-size: {size}; color: rgb(62, 62, 62); font-family: {family};{extra}'>"
        f"<span leaf=''>{text}</span></span></p>"
    )


BODY = [
    "11月19日，县政府召开秋冬季农业生产工作推进会，总结前一阶段工作成效，安排部署下一阶段重点工作。",
    "会议指出，今年以来全县粮食生产再获丰收，全年粮食总产量达到18.7万吨，农村人居环境明显改善。",
    "会议要求，各乡镇、各部门要加强统筹协调，强化督查调度，确保全年目标任务圆满完成。",
    "要持续健全防止返贫动态监测和帮扶机制，对脱贫不稳定户做到早发现、早干预、早帮扶。",
]


# --------------------------------------------------------------------------- clean drafts give nothing


def test_clean_wechat_article_gives_no_font_finding():
    # 15px body set through a <style> class, 16px bold headings in a template
    # badge, 12px captions, 13px credit lines, a 14px quote and tip box,
    # link lists and END: a well-made article.
    assert findings(CLEAN_WECHAT) == []


def test_clean_markdown_example_gives_no_font_finding():
    source = (REPO / "examples" / "clean-article.md").read_text(encoding="utf-8")
    assert findings(source, fmt="markdown") == []


def test_uniform_15px_body_with_16px_headings_and_small_credits_is_clean():
    source = wechat(
        "<p><strong><span style='font-size: 16px;'>一、抓实秋冬种生产</span></strong></p>",
        *(para(t) for t in BODY),
        "<h2 style='font-size: 17px;'>二、巩固拓展脱贫攻坚成果</h2>",
        para(BODY[0]),
        "<p style='text-align: right;'><span style='font-size: 12px;'>责任编辑：吴静</span></p>",
        "<p style='text-align: center;'><span style='font-size: 12px;'>▲会议现场</span></p>",
        "<p><span style='font-size: 12px;'>图片来源：县融媒体中心</span></p>",
    )
    assert findings(source) == []


# --------------------------------------------------------------------------- the planted defects


def test_wechat_example_18px_paragraph_among_15px_ones():
    source = (REPO / "examples" / "wechat-article.html").read_text(encoding="utf-8")
    found = findings(source)
    assert [f.rule for f in found] == ["font.mixed-size"]
    (finding,) = found
    assert finding.severity.value == "error"
    assert "18px" in finding.message and "15px" in finding.message
    document = read_html(source, "wechat-article.html", "utf-8")
    paragraph = next(b for b in document.blocks if b.text.startswith("会议强调"))
    start, end = paragraph.source_range(0, len(paragraph.text))
    assert finding.offset == start and finding.text == source[start:end]


def test_markdown_example_span_in_20px_within_plain_text():
    source = (REPO / "examples" / "notice.md").read_text(encoding="utf-8")
    found = findings(source, fmt="markdown")
    assert [(f.rule, f.text) for f in found] == [("font.mixed-size", "每人每年420元")]
    assert "20px" in found[0].message and "16px" in found[0].message


# --------------------------------------------------------------------------- font.mixed-size


def test_paragraph_in_another_size_reports_paragraph_and_body_size():
    source = wechat(*(para(t) for t in BODY[:3]), para(BODY[3], size="12pt"))
    found = findings(source, "font.mixed-size")
    assert len(found) == 1
    assert found[0].text.startswith("要持续健全")
    assert "16px" in found[0].message and "15px" in found[0].message  # 12pt = 16px


def test_run_inside_a_paragraph_in_another_size():
    odd = (
        "<p><span style='font-size: 15px;'>会议强调，各乡镇要切实增强责任感和紧迫感，</span>"
        "<span style='font-size: 20px;'>坚持问题导向，压实工作责任，</span>"
        "<span style='font-size: 15px;'>确保各项任务按时保质完成。</span></p>"
    )
    found = findings(wechat(*(para(t) for t in BODY), odd), "font.mixed-size")
    assert [f.text for f in found] == ["坚持问题导向，压实工作责任，"]
    assert "20px" in found[0].message


def test_sizes_from_style_block_classes_ids_and_descendants():
    style = (
        ".rich_media_content p { font-size: 15px; } "
        "p.lead { font-size: 18px; } "
        "#js_content .box { font-size: 15px; } #js_content .box p { font-size: 1.2em; } "
        "section > p.ok { font-size: 15px !important; } "
        "a:hover { font-size: 40px; } "  # a pseudo-class: not decidable, ignored
        "broken { font-size: ; } }}} p {"  # garbage is skipped, never a crash
    )
    source = wechat(
        *(f"<p>{t}</p>" for t in BODY),
        f"<p class='lead'>{BODY[0]}</p>",
        f"<section class='box'><p>{BODY[1]}</p></section>",
        f"<p class='ok lead' style='font-size: 30px'>{BODY[2]}</p>",
    )
    found = findings(source.replace("<html><head><meta charset='utf-8'>", "<html><head><meta charset='utf-8'>"
                                    f"<style>{style}</style>"), "font.mixed-size")
    assert [(f.text[:6], "18px" in f.message) for f in found] == [
        (BODY[0][:6], True),  # p.lead beats the descendant rule by specificity
        (BODY[1][:6], True),  # 1.2em of the 15px of its .box container
    ]


def test_font_tag_and_pt_sizes_in_cms_page():
    cms = (
        "<html><head><title>通知</title></head><body><nav><a href='/'>首页</a></nav>"
        "<div class='TRS_Editor'>"
        + "".join(
            f"<p style='font-size: 16pt; font-family: 仿宋_GB2312; text-indent: 2em;'>{t}</p>" for t in BODY
        )
        + f"<p><font size='3' face='仿宋_GB2312'>{BODY[0]}</font></p>"
        + "</div><footer><p>主办：县人民政府办公室</p></footer></body></html>"
    )
    found = findings(cms, "font.mixed-size")
    assert len(found) == 1 and found[0].text == BODY[0]
    assert "本段字号为 16px，与正文字号 21.3px（16pt） 不一致" in found[0].message


def test_unstyled_text_under_an_external_style_sheet_has_no_known_size():
    # The site's CSS decides the size of unstyled paragraphs: they are not
    # compared with the one paragraph that sets its own size.
    page = (
        "<html><head><link rel='stylesheet' href='/css/article.css'></head><body>"
        "<div class='TRS_Editor'>" + "".join(f"<p>{t}</p>" for t in BODY)
        + f"<p style='font-size: 16px'>{BODY[0]}</p></div></body></html>"
    )
    assert findings(page) == []


def test_headings_captions_and_credit_lines_are_not_body_text():
    source = wechat(
        *(para(t) for t in BODY),
        "<h3 style='font-size: 20px'>三、加快发展乡村特色产业</h3>",
        "<p style='text-align: center;'><span style='font-size: 11px;'>图为县农机服务队在田间作业</span></p>",
        "<p><span style='font-size: 13px;'>责任编辑：吴静 审核：杨帆 校对：李华</span></p>",
        "<p><span style='font-size: 13px;'>（县融媒体中心记者 张伟 摄）</span></p>",
    )
    assert findings(source, "font.mixed-size") == []


def test_markdown_without_inline_html_has_no_sizes():
    source = "# 标题\n\n" + "\n\n".join(BODY) + "\n"
    assert findings(source, fmt="markdown") == []


def test_markdown_inline_html_block_in_another_size():
    source = "\n\n".join(BODY) + "\n\n<p style=\"font-size: 22px\">" + BODY[0] + "</p>\n"
    found = findings(source, "font.mixed-size", fmt="markdown")
    assert len(found) == 1 and found[0].text == BODY[0] and "22px" in found[0].message


# --------------------------------------------------------------------------- font.aside-size


def test_heading_smaller_than_body_and_caption_larger_are_notices():
    source = wechat(
        "<p><strong><span style='font-size: 12px;'>一、抓实秋冬种生产</span></strong></p>",
        *(para(t) for t in BODY),
        "<p><span style='font-size: 20px;'>来源：县农业农村局</span></p>",
    )
    found = findings(source, "font.aside-size")
    assert [(f.text, f.severity.value) for f in found] == [
        ("一、抓实秋冬种生产", "notice"),
        ("来源：县农业农村局", "notice"),
    ]
    assert "12px" in found[0].message and "15px" in found[0].message


# --------------------------------------------------------------------------- font.mixed-family


def test_songti_paragraph_among_yahei_ones():
    source = wechat(*(para(t) for t in BODY[:3]), para(BODY[3], family="宋体, SimSun"))
    found = findings(source, "font.mixed-family")
    assert len(found) == 1 and found[0].text.startswith("要持续健全")
    assert "宋体" in found[0].message and "微软雅黑" in found[0].message
    assert found[0].severity.value == "warning"


def test_fonts_that_render_alike_are_not_a_mix():
    source = wechat(
        para(BODY[0]), para(BODY[1], family="'PingFang SC', sans-serif"),
        para(BODY[2], family="-apple-system, BlinkMacSystemFont"), para(BODY[3], family="Microsoft YaHei UI"),
    )
    assert findings(source, "font.mixed-family") == []


def test_fangsong_run_inside_a_paragraph():
    mixed = (
        "<p><span style='font-family: 仿宋_GB2312;'>各乡镇要抢抓有利天气，</span>"
        "<span style='font-family: 楷体_GB2312;'>组织农机服务队开展代耕代种，</span>"
        "<span style='font-family: 仿宋_GB2312;'>确保11月底前全面完成秋冬种任务。</span></p>"
    )
    body = [f"<p style='font-family: 仿宋_GB2312'>{t}</p>" for t in BODY]
    found = findings(wechat(*body, mixed), "font.mixed-family")
    assert [f.text for f in found] == ["组织农机服务队开展代耕代种，"]


def test_a_heading_line_in_heiti_or_kaiti_is_no_body_paragraph():
    # GB/T 9704: 一级标题 in 黑体, 二级标题 in 楷体, neither bold, each a line of its own.
    body = [f"<p style='font-family: 仿宋_GB2312'>{t}</p>" for t in BODY]
    headings = [
        "<p style='font-family: 黑体'>一、总体要求</p>",
        "<p style='font-family: 楷体_GB2312'>（一）加强宣传教育</p>",
        "<p style='font-family: 黑体'>03工业和建筑业</p>",
    ]
    assert findings(wechat(headings[0], *body[:2], headings[1], *body[2:], headings[2]), "font.mixed-family") == []
    # A sentence in 黑体 is still body text in another font.
    sentence = "<p style='font-family: 黑体'>各乡镇要抢抓有利天气，确保11月底前全面完成秋冬种任务。</p>"
    assert len(findings(wechat(*body, sentence), "font.mixed-family")) == 1


def test_a_line_of_figures_is_no_body_paragraph():
    # A statistical bulletin's chart labels, one number a line, in the chart's own size.
    body = [para(t) for t in BODY]
    assert findings(wechat(*body, para("15767", size="12px"), para("183946", size="12px")), "font.mixed-size") == []


def test_endnotes_after_a_notes_heading_may_be_set_smaller():
    # A statistical bulletin: body in 16pt, then 注释： and its numbered notes in 14pt.
    body = [para(t, size="16pt") for t in BODY]
    notes = [
        para("1.本公报中数据均为初步统计数，部分数据因四舍五入的原因，存在总项与分项合计不等的情况。", size="14pt"),
        para("2.规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。", size="14pt"),
    ]
    assert findings(wechat(*body, para("注释：", size="16pt"), *notes), "font.mixed-size") == []
    # Without the heading they are body paragraphs in another size.
    assert len(findings(wechat(*body, *notes), "font.mixed-size")) == 2
    # A body paragraph before the notes is still held to the body size.
    early = para("会议还通报了全县安全生产形势，对冬春火灾防控工作作了安排。", size="14pt")
    found = findings(wechat(*body[:2], early, *body[2:], para("注释：", size="16pt"), *notes), "font.mixed-size")
    assert [f.text for f in found] == ["会议还通报了全县安全生产形势，对冬春火灾防控工作作了安排。"]


# --------------------------------------------------------------------------- font.too-small


def test_body_text_under_12px():
    source = wechat(*(para(t, size="11px") for t in BODY[:1]), *(para(t) for t in BODY[1:]))
    found = findings(source, "font.too-small")
    assert len(found) == 1 and "11px" in found[0].message


def test_small_captions_and_zero_size_text_are_not_too_small():
    source = wechat(
        *(para(t) for t in BODY),
        "<p><span style='font-size: 10px;'>图片来源：县融媒体中心</span></p>",
        para("澳门博彩在线娱乐平台注册送彩金", size="0px"),  # hidden: link.hidden's business
    )
    assert findings(source, "font.too-small") == []


# --------------------------------------------------------------------------- css.py


@pytest.mark.parametrize(
    ("value", "parent", "expected"),
    [
        ("15px", 16, 15), ("12pt", 16, 16), ("1.5em", 14, 21), ("150%", 14, 21), ("2rem", 10, 32),
        ("small", 16, 13), ("x-large", 16, 24), ("xxx-large", 16, 48), ("smaller", 18, 15), ("larger", 15, 18),
        ("0", 16, 0), ("calc(1em + 2px)", 16, None), ("big", 16, None), ("-3px", 16, None),
    ],
)
def test_font_size_values(value, parent, expected):
    size = parse_font_size(value, parent)
    assert (size if size is None else round(size, 2)) == expected


def test_font_tag_sizes_and_colours():
    assert [font_tag_size(str(n)) for n in range(1, 8)] == [10, 13, 16, 18, 24, 32, 48]
    assert font_tag_size("+1") == 18 and font_tag_size("-5") == 10 and font_tag_size("x") is None
    assert parse_color("#FFF") == (255, 255, 255, 1.0)
    assert parse_color("rgb(62, 62, 62)") == (62, 62, 62, 1.0)
    assert parse_color("rgba(0, 0, 0, 0)")[3] == 0
    assert parse_color("white") == (255, 255, 255, 1.0) and parse_color("var(--x)") is None


def test_inheritance_and_caching_along_a_shared_chain():
    resolver = StyleResolver([".t { font-size: 14px } .t b { font-family: 宋体 }"])
    section = Element("section", (("style", "font-size: 20px; color: #333"),))
    p = Element("p", (("class", "t"),))
    b = Element("b")
    chain = (section, p, b)
    style = resolver.style(chain)
    assert style.font_size == 14 and style.font_family == "宋体" and style.bold and style.color[:3] == (51, 51, 51)
    assert resolver.style(chain) is style  # cached per chain
    assert resolver.style((section,)).font_size == 20


def test_the_reader_decides_each_link_s_style_and_the_page_s_unknown_styles():
    """Checks compute no style: the reader leaves the link's computed style
    and hiding technique on the link, as on runs, and says when a linked
    style sheet leaves sizes and the background unknown."""
    page = (
        "<html><head><style>.tip{position:absolute;left:-9999px}</style></head><body>"
        "<p>全县秋粮收购进度过半。<a class=\"tip\" href=\"https://bet.example.com/\">娱乐城</a></p>"
        "<p>详见<a href=\"https://www.gov.cn/\">中国政府网</a>。</p></body></html>"
    )
    document = read_html(page, "a.html", "utf-8")
    tip, gov = document.links
    assert tip.hiding is not None and tip.style is not None
    assert gov.hiding is None and gov.style is not None and gov.style.font_size == 16
    assert document.styles_complete
    linked = read_html(page.replace("<head>", '<head><link rel="stylesheet" href="/site.css">'), "a.html", "utf-8")
    assert not linked.styles_complete


def test_byline_labels_are_clean():
    # One list (dictionaries/bylines.tsv) for font and provenance: each label once, in one field.
    from govlint import bylines
    from govlint.data import data_path, rows

    labels = [label for label, _field in rows(data_path(bylines.FILE))]
    assert len(labels) == len(set(labels)), "a label twice (or in two fields)"
    assert {"来源", "编辑", "责任编辑", "审核", "校对", "图片来源", "作者"} <= set(bylines.labels())
    assert bylines.labels().index("责任编辑") < bylines.labels().index("编辑"), "longest first"
    assert set(bylines.fields("editor")) >= {"编辑", "责任编辑", "责编"}
    assert bylines.fields()["转自"] == "repost"


def test_long_descendant_selectors_on_deep_chains():
    # WeChat nests sections dozens deep; a long descendant selector that fails
    # only at its leftmost compound must not backtrack through every subset.
    resolver = StyleResolver(["article " + "div " * 10 + "span { font-size: 40px }", "div > div span { font-size: 12px }"])
    chain = (*(Element("div") for _ in range(47)), Element("span"))
    assert resolver.style(chain).font_size == 12
    assert resolver.style((Element("article"), *chain)).font_size == 40


def test_letters_are_counted_without_punctuation_spaces_or_emoji():
    # The body size is the size of most letters: punctuation, spaces and emoji do not vote.
    text = "第1条：Hello， 世界！😀"
    assert letter_count(text) == 10
    assert letter_count(text, 4, 9) == 5  # Hello
    assert letter_count(text, 9, 100) == 2  # past the end: up to the end
    assert letter_count("", 0, 0) == letter_count("。！", 0, 2) == 0
