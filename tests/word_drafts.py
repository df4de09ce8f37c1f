"""Realistic Word drafts for the tests: a 公文 built with python-docx plus raw XML.

``build_gongwen(path)`` writes a clean notice as a county office types it in
Word: 仿宋_GB2312 三号 body (set in the Normal style, East Asian slot too), a
centred 方正小标宋简体 二号 title, 黑体 and 楷体 headings through a chain of
paragraph styles, a numbered list, a table, a footnote, a header, a footer
with a PAGE field, a trusted hyperlink and a trusted HYPERLINK field, and
one paragraph whose East Asian font is the theme's (``minorEastAsia``).

Keyword flags plant one defect each, as editors find them in real drafts:
``pasted`` (a 小四 宋体 paragraph pasted from a web page, direct run
formatting), ``hyperlink`` (the address of the ``w:hyperlink``),
``tracked`` (an unaccepted insertion and deletion by 张三), ``comment`` (a
comment by 李四), ``hidden`` (``w:vanish`` text), ``field_error`` (a
cross-reference showing 错误！未找到引用源。).

The texts are module constants, so that tests can find them; ``PARAGRAPHS``
lists the body lines of the clean draft in order (table cells row by row).
``convert(soffice, source, to, out_dir)`` runs LibreOffice on a file with a
private profile. Usage::

    from word_drafts import build_gongwen  # tests/ is on sys.path under pytest
    path = build_gongwen(tmp_path / "通知.docx", pasted=True)
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

TITLE = "关于做好2026年秋冬季森林防火工作的通知"
ADDRESSEE = "各乡镇人民政府，县直各单位："
OPENING = "为切实做好今冬明春森林防火工作，保护人民群众生命财产安全，经县人民政府同意，现将有关事项通知如下。"
HEADING_1 = "一、总体要求"
PRINCIPLE = "坚持预防为主、积极消灭的方针，全面落实森林防火行政首长负责制，确保不发生重特大森林火灾。"
COMMENTED = "确保不发生重特大森林火灾"
COMMENT_TEXT = "此处表述请与省厅文件核对"
HEADING_2 = "（一）压实防火责任"
# The tracked paragraph: BEFORE + inserted + (deleted) + AFTER.
BEFORE, INSERTED, DELETED, AFTER = "各乡镇要将防火责任", "切实", "层层", "落实到村、到组、到山头地块。"
RESPONSIBILITY = BEFORE + AFTER  # the clean draft's text of that paragraph
LIST_ITEMS = ("加强野外火源管控。", "开展火灾隐患排查整治。")
LINK_TEXT = "中国政府网"
FIELD_LINK_TEXT = "国家林业和草原局网站"
FIELD_LINK = "https://www.forestry.gov.cn/"
LINKS = "各村要组织护林员开展日常巡查，可登录" + LINK_TEXT + "查询政策，或访问" + FIELD_LINK_TEXT + "查询火险等级。"
HEADING_DIRECT = "二、工作措施"  # 黑体 by direct formatting, no heading style: as most drafts
MEASURES = "各乡镇要在清明、春节等重点时段加强值守，严防野外用火。"
PASTED = "据统计，今年以来全县共发生森林火情3起，均已及时扑灭，未造成人员伤亡。"
HIDDEN = "内部备注：此段待领导审定后删除"
FIELD_ERROR = "错误！未找到引用源。"
REFERENCE = "具体分工见附件（第" + FIELD_ERROR + "页）。"
TABLE = (("单位", "职责"), ("县应急管理局", "统筹协调"), ("县林业局", "巡查监测"))
SIGNATURE = ("某某县人民政府", "2026年3月2日")
HEADER = "某某县人民政府办公室"
FOOTER = "— 1 —"
FOOTNOTE = "依据《森林防火条例》第五条。"
AUTHOR, TITLE_PROPERTY = "王五", TITLE
CREATED = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)

BODY_FONT, TITLE_FONT, HEADING_FONT, SUBHEADING_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
PASTED_FONT = "宋体"


def build_gongwen(
    path: Path,
    *,
    pasted: bool = False,
    hyperlink: str = "https://www.gov.cn/",
    tracked: bool = False,
    comment: bool = False,
    hidden: bool = False,
    field_error: bool = False,
    header: bool = True,
    table: bool = True,
) -> Path:
    """Write the notice to ``path`` (clean unless a flag plants a defect) and return ``path``."""
    document = docx.Document()
    _styles(document)
    _theme_east_asia(document, BODY_FONT)
    _title(document)
    document.add_paragraph(ADDRESSEE)
    _themed_paragraph(document, OPENING)
    document.add_paragraph(HEADING_1, style="一级标题")
    principle = document.add_paragraph(PRINCIPLE.split(COMMENTED)[0])
    target = principle.add_run(COMMENTED)
    principle.add_run("。")
    _footnote_reference(principle)
    if comment:
        document.add_comment(target, text=COMMENT_TEXT, author="李四", initials="LS")
    document.add_paragraph(HEADING_2, style="二级标题")
    _responsibility(document, tracked)
    for item in LIST_ITEMS:
        document.add_paragraph(item, style="List Number")
    _links(document, hyperlink)
    _fonts(document.add_paragraph().add_run(HEADING_DIRECT)._r.get_or_add_rPr(), HEADING_FONT)
    document.add_paragraph(MEASURES)
    if pasted:
        _pasted(document.add_paragraph())
    if hidden:
        document.paragraphs[-1].add_run(HIDDEN).font.hidden = True
    if field_error:
        _reference(document.add_paragraph())
    if table:
        grid = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
        for r, row in enumerate(TABLE):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    for line in SIGNATURE:
        document.add_paragraph(line).alignment = 2  # right, as a 公文 signs
    if header:
        section = document.sections[0]
        section.header.paragraphs[0].text = HEADER
        _page_footer(section.footer.paragraphs[0])
    _footnotes(document)
    _properties(document)
    document.save(str(path))
    return path


def convert(soffice: str, source: Path, to: str, out_dir: Path) -> Path:
    """``source`` converted by LibreOffice to format ``to`` (docx, doc ...) in
    ``out_dir``, with a private profile so parallel runs do not collide."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", to, "--outdir", str(out_dir), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    return out_dir / f"{source.stem}.{to.split(':')[0]}"


# ----------------------------------------------------------------------------- parts


def _styles(document: docx.Document) -> None:
    """Normal in 仿宋_GB2312 三号; headings through a basedOn chain: 公文标题
    (黑体, size from Normal) <- 一级标题 (outline 1) <- 二级标题 (楷体, outline 2)."""
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    _fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    base = document.styles.add_style("公文标题", 1)
    base.base_style = normal
    _fonts(base.element.get_or_add_rPr(), HEADING_FONT)
    first = document.styles.add_style("一级标题", 1)
    first.base_style = base
    _outline(first, 0)
    second = document.styles.add_style("二级标题", 1)
    second.base_style = first
    _fonts(second.element.get_or_add_rPr(), SUBHEADING_FONT)
    _outline(second, 1)


def _fonts(rpr, name: str) -> None:
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(slot), name)


def _outline(style, level: int) -> None:
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    style.element.get_or_add_pPr().append(outline)


def _theme_east_asia(document: docx.Document, typeface: str) -> None:
    """Name ``typeface`` as the theme's minor East Asian font (python-docx's theme leaves it empty)."""
    theme = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.THEME)
    minor = theme.blob.decode("utf-8").split("<a:minorFont>", 1)
    minor[1] = minor[1].replace('<a:ea typeface=""/>', f'<a:ea typeface="{typeface}"/>', 1)
    theme._blob = "<a:minorFont>".join(minor).encode("utf-8")


def _title(document: docx.Document) -> None:
    title = document.add_paragraph()
    title.alignment = 1
    run = title.add_run(TITLE)
    run.font.size = Pt(22)
    _fonts(run._r.get_or_add_rPr(), TITLE_FONT)


def _themed_paragraph(document: docx.Document, text: str) -> None:
    """A paragraph whose run names 宋体 and the theme slot: Word takes the theme slot."""
    run = document.add_paragraph().add_run(text)
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), PASTED_FONT)
    fonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")


def _responsibility(document: docx.Document, tracked: bool) -> None:
    paragraph = document.add_paragraph(BEFORE)
    if tracked:
        when = {"w:author": "张三", "w:date": "2026-03-01T10:00:00Z"}
        paragraph._p.append(_revision("w:ins", "101", when, _run(INSERTED)))
        paragraph._p.append(_revision("w:del", "102", when, _run(DELETED, tag="w:delText")))
    paragraph.add_run(AFTER)


def _revision(tag: str, ident: str, attrs: dict[str, str], run) -> object:
    element = OxmlElement(tag)
    element.set(qn("w:id"), ident)
    for key, value in attrs.items():
        element.set(qn(key), value)
    element.append(run)
    return element


def _run(text: str, tag: str = "w:t"):
    run, node = OxmlElement("w:r"), OxmlElement(tag)
    node.text = text
    run.append(node)
    return run


def _links(document: docx.Document, address: str) -> None:
    """One w:hyperlink (an external relationship) and one HYPERLINK field."""
    head, rest = LINKS.split(LINK_TEXT, 1)
    middle, tail = rest.split(FIELD_LINK_TEXT, 1)
    paragraph = document.add_paragraph(head)
    rid = document.part.relate_to(address, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    link.append(_run(LINK_TEXT))
    paragraph._p.append(link)
    paragraph.add_run(middle)
    _complex_field(paragraph, f' HYPERLINK "{FIELD_LINK}" ', FIELD_LINK_TEXT)
    paragraph.add_run(tail)


def _complex_field(paragraph: Paragraph, instruction: str, result: str) -> None:
    """fldChar begin, instrText, separate, the shown result, end: as Word writes a field."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, result), ("end", None)):
        run = OxmlElement("w:r")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        else:
            node = OxmlElement("w:instrText" if text == instruction else "w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = text
            run.append(node)
        paragraph._p.append(run)


def _pasted(paragraph: Paragraph) -> None:
    """Text pasted from a web page keeps its 小四 宋体 as direct run formatting."""
    run = paragraph.add_run(PASTED)
    run.font.size = Pt(12)
    _fonts(run._r.get_or_add_rPr(), PASTED_FONT)


def _reference(paragraph: Paragraph) -> None:
    head, tail = REFERENCE.split(FIELD_ERROR)
    paragraph.add_run(head)
    _complex_field(paragraph, " REF _Ref12345 \\h ", FIELD_ERROR)
    paragraph.add_run(tail)


def _page_footer(paragraph: Paragraph) -> None:
    paragraph.alignment = 1
    paragraph.add_run("— ")
    _complex_field(paragraph, " PAGE ", "1")
    paragraph.add_run(" —")


def _footnote_reference(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    rpr = run._r.get_or_add_rPr()
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    rpr.append(align)
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    run._r.append(reference)


def _footnotes(document: docx.Document) -> None:
    """word/footnotes.xml by hand (python-docx has no API): the two separators and note 1 in 小四."""
    xml = (
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve"> {FOOTNOTE}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    parse_xml(xml)  # fail here, not in the reader, if the XML above is broken
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def _properties(document: docx.Document) -> None:
    properties = document.core_properties
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.title = TITLE_PROPERTY
    properties.created = properties.modified = CREATED.replace(tzinfo=None)
