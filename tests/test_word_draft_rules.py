"""The draft rules on Word files: what a reviewer misses in a .docx.

Each test builds the package from the XML Word writes (tests/wordml.py) and
runs the checks on it as the CLI does."""

from __future__ import annotations

from wordml import docx_from_wordml

from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.word import read_docx


def findings(example: str, config: Config | None = None, select: str = "draft"):
    document = read_docx(docx_from_wordml(example), "稿件.docx", 1 << 24)
    result = check_document(document, config or Config(select=(select,)))
    return result.findings


def run(text: str, props: str = "") -> str:
    return f"<w:r>{props and f'<w:rPr>{props}</w:rPr>'}<w:t xml:space=\"preserve\">{text}</w:t></w:r>"


REPLACED = (
    "<w:p>" + run("各单位要")
    + '<w:ins w:id="1" w:author="张三" w:date="2026-12-01T02:00:00Z">' + run("切实") + "</w:ins>"
    + '<w:del w:id="2" w:author="张三" w:date="2026-12-01T02:00:00Z"><w:r><w:delText>认真</w:delText></w:r></w:del>'
    + run("落实责任。") + "</w:p>"
)


def test_an_insertion_beside_a_deletion_is_one_replacement_on_the_accepted_text():
    [found] = findings(REPLACED)
    assert found.rule == "draft.tracked-change" and found.severity.value == "error"
    assert found.text == "切实" and (found.line, found.column) == (1, 5)
    assert "张三（2026年12月1日 10:00）将“认真”改为此处文字" in found.message


def test_changes_by_two_reviewers_and_a_formatting_change_are_each_reported():
    example = (
        "<w:p>" + run("会议")
        + '<w:ins w:id="1" w:author="张三">' + run("强调") + "</w:ins>"
        + run("，要")
        + '<w:del w:id="2" w:author="李四"><w:r><w:delText>切实</w:delText></w:r></w:del>'
        + '<w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="王五"><w:rPr/></w:rPrChange></w:rPr><w:t>压实</w:t></w:r>'
        + run("责任。") + "</w:p>"
    )
    messages = [f.message for f in findings(example)]
    assert len(messages) == 3
    assert "张三插入了此处文字" in messages[0]
    assert "李四删除了“切实”" in messages[1]
    assert "王五修改了此处格式" in messages[2]


def test_the_accepted_text_is_what_the_other_checks_read():
    # 进行 deleted between two 进行 would read as a doubled word in the shown
    # (all markup) view; accepted, the sentence is clean.
    example = (
        "<w:p>" + run("各部门要认真进行")
        + '<w:del w:id="1" w:author="张三"><w:r><w:delText>进行</w:delText></w:r></w:del>'
        + run("自查自纠。") + "</w:p>"
    )
    assert findings(example, select="typo") == ()
    doubled = example.replace("w:del ", "w:ins ").replace("</w:del>", "</w:ins>").replace("delText", "t")
    assert [f.rule for f in findings(doubled, select="typo")] == ["typo.duplicate"]


def test_a_comment_is_reported_on_the_text_it_is_anchored_to_with_its_words():
    example = (
        "<w:p>" + run("今年全县粮食总产量达到") + '<w:commentRangeStart w:id="7"/>' + run("52.3万吨")
        + '<w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r>' + run("。") + "</w:p>"
        "\n<!-- part: word/comments.xml -->\n"
        '<w:comments><w:comment w:id="7" w:author="李四"><w:p>' + run("此处数据请核对") + "</w:p></w:comment></w:comments>"
    )
    [found] = findings(example)
    assert found.rule == "draft.comment" and found.text == "52.3万吨"
    assert "李四：“此处数据请核对”" in found.message


def test_hidden_text_is_the_draft_rules_not_a_hidden_link():
    example = "<w:p>" + run("会议强调，要压实各级责任。") + run("内部备注：讲话稿待定", "<w:vanish/>") + "</w:p>"
    found = findings(example, Config())
    assert [(f.rule, f.text) for f in found] == [("draft.hidden-text", "内部备注：讲话稿待定")]


def test_white_text_on_the_page_is_still_a_hidden_stretch_for_link_hidden():
    example = "<w:p>" + run("会议强调，要压实各级责任。") + run("线上娱乐平台注册送彩金", '<w:color w:val="FFFFFF"/>') + "</w:p>"
    assert [f.rule for f in findings(example, Config())] == ["link.hidden"]


def field(instruction: str, shown: str, dirty: bool = False) -> str:
    begin = '<w:fldChar w:fldCharType="begin"' + (' w:dirty="true"' if dirty else "") + "/>"
    return (
        f"<w:r>{begin}</w:r><w:r><w:instrText xml:space=\"preserve\">{instruction}</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run(shown) + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_a_broken_cross_reference_and_a_stale_table_of_contents():
    broken = "<w:p>" + run("具体要求详见") + field(" REF _Ref1 \\h ", "错误！未找到引用源。") + run("。") + "</w:p>"
    stale = "<w:p>" + field(' TOC \\o "1-3" ', "一、总体要求\t1", dirty=True) + "</w:p>"
    fine = "<w:p>" + run("第") + field(" PAGE ", "3") + run("页") + "</w:p>"
    found = findings(broken + stale + fine)
    assert [(f.rule, f.severity.value, f.line) for f in found] == [
        ("draft.field-error", "error", 1),
        ("draft.field-error", "warning", 2),
    ]
    assert found[0].text == "错误！未找到引用源。"  # the result shown, not the instruction


def core(creator: str, modified_by: str = "") -> str:
    last = f"<cp:lastModifiedBy>{modified_by}</cp:lastModifiedBy>" if modified_by else ""
    return f"\n<!-- part: docProps/core.xml -->\n<cp:coreProperties><dc:creator>{creator}</dc:creator>{last}</cp:coreProperties>"


def app(company: str) -> str:
    return (
        "\n<!-- part: docProps/app.xml -->\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Company>{company}</Company></Properties>"
    )


BODY = "<w:p>" + run("会议强调，要压实各级责任。") + "</w:p>"


def test_personal_names_in_properties_are_a_notice_and_tool_defaults_are_not():
    [found] = findings(BODY + core("王五", "张三"))
    assert found.severity.value == "notice" and (found.line, found.column) == (1, 1)
    assert "作者“王五”、最后修改者“张三”" in found.message
    assert findings(BODY + core("Administrator", "微软用户")) == ()


def test_another_organisation_in_properties_counts_only_against_a_configured_account():
    example = BODY + app("某某科技有限公司")
    assert findings(example) == ()  # nobody said which account publishes
    [found] = findings(example, Config(select=("draft",), account="普安县人民政府"))
    assert "单位“某某科技有限公司”（本账号为“普安县人民政府”）" in found.message
    assert findings(BODY + app("普安县人民政府办公室"), Config(select=("draft",), account="普安县人民政府")) == ()


def fonted(text: str, font: str) -> str:
    return f'<w:r><w:rPr><w:rFonts w:eastAsia="{font}"/></w:rPr><w:t>{text}</w:t></w:r>'


FANGSONG_BODY = "".join(
    "<w:p>" + fonted("会议强调，各部门要压实责任，确保各项任务按时完成，切实维护人民群众生命财产安全。", "仿宋_GB2312") + "</w:p>"
    for _ in range(4)
)


def test_a_stretch_in_another_font_inside_a_paragraph_is_its_own_run():
    middle = (
        "<w:p>" + fonted("各乡镇要利用广播、标语等形式，", "仿宋_GB2312") + fonted("广泛宣传森林防火知识", "宋体")
        + fonted("，提高群众防火意识。", "仿宋_GB2312") + "</w:p>"
    )
    found = findings(FANGSONG_BODY + middle, select="font")
    assert [(f.rule, f.text) for f in found] == [("font.mixed-family", "广泛宣传森林防火知识")]
    assert "“宋体”" in found[0].message


def test_a_heading_run_into_its_paragraph_in_kaiti_is_the_standard_layout():
    run_in = (
        "<w:p>" + fonted("（一）加强宣传教育。", "楷体_GB2312")
        + fonted("各乡镇要利用广播、标语等形式，广泛宣传森林防火知识，提高群众防火意识。", "仿宋_GB2312") + "</w:p>"
    )
    assert findings(FANGSONG_BODY + run_in, select="font") == ()
    # The same words in 宋体 are a pasted stretch, not a heading.
    pasted = run_in.replace("楷体_GB2312", "宋体")
    assert [f.rule for f in findings(FANGSONG_BODY + pasted, select="font")] == ["font.mixed-family"]
