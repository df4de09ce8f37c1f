"""The Word reader on real files: a 公文 built with python-docx the way a county
office types it (tests/word_drafts.py), files LibreOffice writes, and broken
or hostile files, each refused in one line naming the file."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import word_drafts as wd

from govlint.cli.main import EXIT_ERROR, EXIT_FINDINGS, main
from govlint.model import Block, Document
from govlint.readers import read_document
from govlint.readers.word.package import OLE_MAGIC

# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, Path]:
    """The clean notice and the same notice with every defect planted."""
    folder = tmp_path_factory.mktemp("word")
    return {
        "clean": wd.build_gongwen(folder / "clean.docx"),
        "full": wd.build_gongwen(
            folder / "full.docx",
            pasted=True,
            hyperlink="http://www.example-bet88.com/",
            tracked=True,
            comment=True,
            hidden=True,
            field_error=True,
        ),
    }


@pytest.fixture(scope="module")
def clean(drafts) -> Document:
    return read(drafts["clean"])


@pytest.fixture(scope="module")
def full(drafts) -> Document:
    return read(drafts["full"])


def read(path: Path) -> Document:
    return read_document(path.read_bytes(), str(path), "docx")


def block(document: Document, text: str) -> Block:
    """The one block whose text starts with ``text``."""
    (found,) = [b for b in document.blocks if b.text.startswith(text)]
    return found


def looks(b: Block) -> list[tuple[str, float, str]]:
    """(text, size in pt, family) per run of a block."""
    return [(b.text[r.start : r.end], round(r.style.font_size * 3 / 4, 1), r.style.font_family) for r in b.runs]


def lint_json(*paths: Path) -> tuple[int, list[dict]]:
    done = subprocess.run(
        [sys.executable, "-m", "govlint", *map(str, paths), "--format", "json"],
        capture_output=True,
        timeout=300,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    return done.returncode, json.loads(done.stdout)["files"]


# ----------------------------------------------------------------------------- the 公文


def test_blocks_their_kinds_and_the_accepted_text(full):
    body = [(b.kind, b.level, b.text) for b in full.blocks if b.in_body]
    assert body[:8] == [
        ("title", 0, wd.TITLE),
        ("paragraph", 0, wd.ADDRESSEE),
        ("paragraph", 0, wd.OPENING),
        ("heading", 1, wd.HEADING_1),  # outline level 1 from the style's parent
        ("paragraph", 0, wd.PRINCIPLE),
        ("heading", 2, wd.HEADING_2),
        # The tracked insertion is in, the deletion out: the text once accepted.
        ("paragraph", 0, wd.BEFORE + wd.INSERTED + wd.AFTER),
        ("list_item", 0, wd.LIST_ITEMS[0]),
    ]
    # A field's instruction is no text; its result is.
    assert block(full, "各村").text == wd.LINKS
    assert "HYPERLINK" not in full.source.text and "REF" not in full.source.text
    assert wd.DELETED not in full.source.text
    assert block(full, "具体分工").text == wd.REFERENCE
    # A 公文 heading number on a short line typed in 黑体 without a heading style.
    assert (block(full, wd.HEADING_DIRECT).kind, block(full, wd.HEADING_DIRECT).level) == ("heading", 1)
    assert block(full, wd.MEASURES).kind == "paragraph"
    cells = [b.text for b in full.blocks if b.kind == "table_cell"]
    assert cells == [text for row in wd.TABLE for text in row]  # row by row


def test_one_source_line_per_paragraph_and_its_place(full):
    lines = full.source.lines()
    assert lines[0] == wd.TITLE and lines[6] == wd.BEFORE + wd.INSERTED + wd.AFTER
    body = sum(b.in_body for b in full.blocks)
    assert full.places[:body] == ("正文",) * body
    assert full.places[body:] == ("页眉", "页脚", "脚注1")
    assert lines[body:] == [wd.HEADER, wd.FOOTER, " " + wd.FOOTNOTE]
    # Each block's characters map back to its own line.
    for b in full.blocks:
        line, column = full.source.locate(b.starts[0])
        assert lines[line - 1][column - 1 :].startswith(b.text[:5])


def test_headers_footers_and_notes_are_out_of_the_body(full):
    outside = [(b.text, b.in_body) for b in full.blocks if not b.in_body]
    assert outside == [(wd.HEADER, False), (wd.FOOTER, False), (wd.FOOTNOTE, False)]


def test_sizes_and_families_resolved_as_word_renders_them(full):
    assert looks(block(full, wd.TITLE)) == [(wd.TITLE, 22.0, wd.TITLE_FONT)]  # direct formatting
    assert looks(block(full, wd.ADDRESSEE)) == [(wd.ADDRESSEE, 16.0, wd.BODY_FONT)]  # the Normal style
    # 黑体 from 公文标题, two basedOn steps up; the size from Normal, three up
    # (the document defaults say 11 pt).
    assert looks(block(full, wd.HEADING_1)) == [(wd.HEADING_1, 16.0, wd.HEADING_FONT)]
    assert looks(block(full, wd.HEADING_2)) == [(wd.HEADING_2, 16.0, wd.SUBHEADING_FONT)]
    # The run names 宋体 and the theme slot: the theme's typeface wins, as in Word.
    assert looks(block(full, wd.OPENING)) == [(wd.OPENING, 16.0, wd.BODY_FONT)]
    pasted = block(full, wd.PASTED)
    assert looks(pasted) == [(wd.PASTED, 12.0, wd.PASTED_FONT), (wd.HIDDEN, 16.0, wd.BODY_FONT)]
    assert [r.hidden for r in pasted.runs] == [False, True]
    assert looks(block(full, wd.FOOTNOTE)) == [(wd.FOOTNOTE, 12.0, wd.BODY_FONT)]


def test_links_from_a_hyperlink_and_from_a_field(full):
    links = [(link.href, link.text, link.in_body, link.block) for link in full.links]
    paragraph = block(full, "各村").index
    assert links == [
        ("http://www.example-bet88.com/", wd.LINK_TEXT, True, paragraph),
        (wd.FIELD_LINK, wd.FIELD_LINK_TEXT, True, paragraph),
    ]
    for link in full.links:
        assert full.source.text[link.start : link.end] == link.text


def test_annotations_point_at_their_text(full):
    found = {a.kind: a for a in full.annotations if a.kind != "field"}
    text = full.source.text
    comment, inserted, deleted = found["comment"], found["insertion"], found["deletion"]
    assert (comment.author, comment.text, text[comment.start : comment.end]) == ("李四", wd.COMMENT_TEXT, wd.COMMENTED)
    assert (inserted.author, inserted.date, text[inserted.start : inserted.end]) == (
        "张三",
        "2026-03-01T10:00:00Z",
        wd.INSERTED,
    )
    assert (deleted.author, deleted.text, deleted.start == deleted.end == inserted.end) == ("张三", wd.DELETED, True)
    fields = [(a.text, a.result, text[a.start : a.end]) for a in full.annotations if a.kind == "field"]
    assert fields == [
        (f'HYPERLINK "{wd.FIELD_LINK}"', wd.FIELD_LINK_TEXT, wd.FIELD_LINK_TEXT),
        ("REF _Ref12345 \\h", wd.FIELD_ERROR, wd.FIELD_ERROR),
        ("PAGE", "1", "1"),  # in the footer
    ]


def test_metadata_and_properties(clean):
    assert clean.metadata.title == wd.TITLE
    assert clean.metadata.author == wd.AUTHOR
    assert clean.metadata.date == "2026-03-02T17:30:00+08:00"  # 09:30 UTC, shown in China time
    assert clean.properties["lastModifiedBy"] == wd.AUTHOR


def test_a_clean_draft_reads_without_annotations_or_hidden_text(clean):
    assert [a.kind for a in clean.annotations] == ["field", "field"]  # the HYPERLINK and PAGE fields
    assert not any(r.hidden for b in clean.blocks for r in b.runs)
    assert block(clean, wd.BEFORE).text == wd.RESPONSIBILITY


# ----------------------------------------------------------------------------- through the CLI


def test_the_planted_defects_are_found_at_their_paragraph(drafts):
    code, (result,) = lint_json(drafts["full"])
    assert code == EXIT_FINDINGS and result["error"] is None
    found = {(f["rule"], f["line"], f["text"]) for f in result["findings"]}
    line = wd_line(drafts["full"], wd.PASTED)
    assert ("font.mixed-size", line, wd.PASTED) in found
    assert ("font.mixed-family", line, wd.PASTED) in found
    assert ("link.unknown-domain", wd_line(drafts["full"], wd.LINKS[:10]), wd.LINK_TEXT) in found
    column = next(f["column"] for f in result["findings"] if f["rule"] == "link.unknown-domain")
    assert column == wd.LINKS.index(wd.LINK_TEXT) + 1


def wd_line(path: Path, text: str) -> int:
    """The 1-based paragraph line of ``text`` in the draft at ``path``."""
    lines = read(path).source.lines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(text))


def test_the_clean_draft_has_no_error_or_warning(drafts):
    code, (result,) = lint_json(drafts["clean"])
    loud = [(f["rule"], f["line"], f["message"]) for f in result["findings"] if f["severity"] != "notice"]
    assert loud == [] and result["error"] is None
    # Notices an editor should see on any such draft: the author left in the
    # file's properties, and no 原创/转载 label (a notice for every format).
    assert {f["rule"] for f in result["findings"]} <= {"draft.properties", "provenance.unlabelled"}
    assert code == 0


# ----------------------------------------------------------------------------- LibreOffice's .docx

_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="仿宋_GB2312" svg:font-family="仿宋_GB2312"/>
  <style:font-face style:name="黑体" svg:font-family="黑体"/>
  <style:font-face style:name="宋体" svg:font-family="宋体"/>
  <style:font-face style:name="方正小标宋简体" svg:font-family="方正小标宋简体"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:text-properties style:font-name-asian="仿宋_GB2312" fo:font-size="16pt" style:font-size-asian="16pt"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph"/>
  <style:style style:name="公文正文" style:family="paragraph" style:parent-style-name="Standard"/>
  <style:style style:name="公文标题" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
   <style:text-properties style:font-name-asian="方正小标宋简体" style:font-size-asian="22pt" fo:font-size="22pt"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
   style:parent-style-name="Standard" style:default-outline-level="1">
   <style:text-properties style:font-name-asian="黑体" style:font-size-asian="16pt" fo:font-size="16pt"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="T1" style:family="text">
   <style:text-properties style:font-name-asian="宋体" fo:font-size="12pt" style:font-size-asian="12pt"/>
  </style:style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:p text:style-name="公文标题">关于开展安全生产大检查的通知</text:p>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">一、检查范围</text:h>
  <text:p text:style-name="公文正文">各乡镇、各部门要对辖区内企业开展全面检查，做到不留死角。</text:p>
  <text:p text:style-name="公文正文"><text:span text:style-name="T1">这一段是从网页粘贴来的文字，字号为小四。</text:span></text:p>
 </office:text></office:body>
</office:document>
"""

_HTML = """<html><head><meta charset="utf-8">
<style>p { font-family: "仿宋_GB2312"; font-size: 16pt }</style></head><body>
<p style="text-align:center; font-family:'方正小标宋简体'; font-size:22pt">关于开展安全生产大检查的通知</p>
<p>各乡镇、各部门要对辖区内企业开展全面检查，做到不留死角。</p>
</body></html>
"""


@pytest.fixture(scope="module")
def libreoffice_docx(require_tool, tmp_path_factory) -> dict[str, Path]:
    """A flat ODF text and an HTML page, converted by LibreOffice in one run."""
    soffice = require_tool("soffice")
    folder = tmp_path_factory.mktemp("lo")
    (folder / "styled.fodt").write_text(_FODT, encoding="utf-8")
    (folder / "page.html").write_text(_HTML, encoding="utf-8")
    out = folder / "out"
    wd.convert(soffice, folder / "styled.fodt", "docx:MS Word 2007 XML", out)
    wd.convert(soffice, folder / "page.html", "docx:MS Word 2007 XML", out)
    return {"fodt": out / "styled.docx", "html": out / "page.docx"}


def test_libreoffice_docx_styles_come_through(libreoffice_docx):
    # LibreOffice writes the body font in docDefaults and flattens style
    # chains; the pasted span becomes direct run formatting.
    document = read(libreoffice_docx["fodt"])
    kinds = [(b.kind, b.level) for b in document.blocks]
    assert kinds == [("title", 0), ("heading", 1), ("paragraph", 0), ("paragraph", 0)]
    assert [looks(b)[0][1:] for b in document.blocks] == [
        (22.0, "方正小标宋简体"),
        (16.0, "黑体"),
        (16.0, "仿宋_GB2312"),
        (12.0, "宋体"),
    ]


def test_libreoffice_docx_from_html(libreoffice_docx):
    # From HTML, LibreOffice puts the style sheet's font in its Body Text
    # style and the title's in direct formatting (with the paragraph mark's).
    document = read(libreoffice_docx["html"])
    assert [(b.kind, looks(b)[0][1:]) for b in document.blocks] == [
        ("title", (22.0, "方正小标宋简体")),
        ("paragraph", (16.0, "仿宋_GB2312")),
    ]


def test_libreoffice_docx_through_the_cli(libreoffice_docx):
    _, (result,) = lint_json(libreoffice_docx["fodt"])
    rules = {(f["rule"], f["line"]) for f in result["findings"] if f["severity"] != "notice"}
    assert rules == {("font.mixed-size", 4), ("font.mixed-family", 4)}


# ----------------------------------------------------------------------------- bad input


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _rewritten(source: Path, changes: dict[str, bytes | None]) -> bytes:
    """The .docx at ``source`` with parts replaced (or removed, for None)."""
    buffer = BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in changes:
                new.writestr(info, old.read(info))
        for name, data in changes.items():
            if data is not None:
                new.writestr(name, data)
    return buffer.getvalue()


def _bomb(path: Path, megabytes: int, claimed: int | None = None) -> Path:
    """A .docx whose document.xml is ``megabytes`` MB of spaces, deflated while
    it is written (a few hundred KB on disk, one MB in memory at a time).
    With ``claimed``, both zip headers lie that it inflates to that many bytes."""
    chunk = b" " * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/document.xml", "w") as stream,
    ):
        stream.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">')
        for _ in range(megabytes):
            stream.write(chunk)
        stream.write(b"</w:document>")
    if claimed is not None:
        data = bytearray(path.read_bytes())
        central = data.rindex(b"PK\x01\x02")
        data[22:26] = data[central + 24 : central + 28] = struct.pack("<I", claimed)
        path.write_bytes(bytes(data))
    return path


_BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE w:document [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"""


def _ole(name: str) -> bytes:
    """The start of an OLE compound file whose directory names ``name`` (as Office encrypts a .docx)."""
    return OLE_MAGIC + bytes(504) + name.encode("utf-16-le") + bytes(64)


BAD_INPUTS = {
    "no-document-part": (lambda p, d: _zip({"hello.txt": b"hi"}), "没有正文部件“word/document.xml”"),
    "malformed-xml": (
        lambda p, d: _rewritten(d, {"word/document.xml": b"<w:document><w:body><w:p>"}),
        "“word/document.xml”不是有效的 XML（第 1 行",
    ),
    "entity-bomb": (
        lambda p, d: _rewritten(d, {"word/document.xml": _BILLION_LAUGHS}),
        "含有文档类型声明，疑为恶意文件",
    ),
    "encrypted": (lambda p, d: _ole("EncryptedPackage"), "设有打开密码"),
    "word-97": (lambda p, d: _ole("WordDocument"), "旧版 Word（.doc）或 WPS 文件"),
    "truncated": (lambda p, d: d.read_bytes()[: d.stat().st_size // 2], "已损坏或不完整，无法打开（压缩包的目录缺失"),
    "corrupt-data": (lambda p, d: _flipped(d), "已损坏或不完整，无法解压“word/document.xml”"),
    "empty": (lambda p, d: b"", "不是 Word 文档"),
    "odt": (lambda p, d: _zip({"content.xml": b"<x/>", "mimetype": b"x"}), "OpenDocument（.odt）"),
}


def _flipped(source: Path) -> bytes:
    """The .docx with document.xml's deflated bytes garbled in the middle."""
    data = bytearray(_rewritten(source, {}))
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("word/document.xml")
    start = data.find(b"word/document.xml") + len("word/document.xml")  # its local header
    for i in range(start + 40, start + 240):
        data[i] ^= 0x5A
    assert info.compress_size > 240
    return bytes(data)


def _one_error_line(capsys, path: Path) -> str:
    code = main([str(path), "-q"])
    out, err = capsys.readouterr()
    assert code == EXIT_ERROR
    assert "Traceback" not in out + err
    (line,) = err.strip().splitlines()
    prefix = f"govlint: {path}: "
    assert line.startswith(prefix)
    return line[len(prefix) :]


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_in_one_line(case, drafts, tmp_path, capsys):
    make, reason = BAD_INPUTS[case]
    path = tmp_path / f"{case}.docx"
    path.write_bytes(make(path, drafts["clean"]))
    message = _one_error_line(capsys, path)
    assert reason in message
    assert "\n" not in message and len(message) < 200


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, capsys):
    bomb = _bomb(tmp_path / "bomb.docx", 300)
    assert bomb.stat().st_size < 2_000_000
    assert "疑为压缩炸弹" in _one_error_line(capsys, bomb)


def test_a_bomb_that_lies_about_its_size_is_not_inflated(tmp_path, capsys):
    # Headers claiming 1 KB: the part is read only that far, and its checksum fails.
    bomb = _bomb(tmp_path / "liar.docx", 50, claimed=1024)
    assert zipfile.ZipFile(bomb).getinfo("word/document.xml").file_size == 1024
    assert "无法解压“word/document.xml”（校验和不符）" in _one_error_line(capsys, bomb)


def test_a_missing_styles_part_still_reads(drafts):
    # The relationship names word/styles.xml but the part is gone (a broken
    # export): Word's defaults apply, as LibreOffice does when it opens it.
    data = _rewritten(drafts["clean"], {"word/styles.xml": None})
    document = read_document(data, "x.docx", "docx")
    assert document.blocks[0].text == wd.TITLE
    assert looks(block(document, wd.ADDRESSEE)) == [(wd.ADDRESSEE, 10.0, "")]  # Word's 10 pt default


def test_a_missing_header_part_still_reads(drafts):
    data = _rewritten(drafts["clean"], {"word/header1.xml": None})
    document = read_document(data, "x.docx", "docx")
    assert "页眉" not in document.places and "页脚" in document.places


def test_bad_files_in_one_real_process_each_get_their_line(drafts, tmp_path):
    paths = []
    for case in ("truncated", "entity-bomb", "encrypted"):
        make, _ = BAD_INPUTS[case]
        path = tmp_path / f"{case}.docx"
        path.write_bytes(make(path, drafts["clean"]))
        paths.append(path)
    paths.append(drafts["clean"])
    done = subprocess.run([sys.executable, "-m", "govlint", *map(str, paths), "-q"], capture_output=True, timeout=300)
    err = done.stderr.decode("utf-8").strip().splitlines()
    assert done.returncode == EXIT_ERROR and b"Traceback" not in done.stderr + done.stdout
    assert [line.split(": ")[1] for line in err] == [str(p) for p in paths[:3]]


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、总体要求", 1),
        ("十二、附则", 1),
        ("（一）压实防火责任", 2),
        ("1.严格野外用火审批", 3),
        ("（1）建立台账", 4),
        ("（一）加强宣传。各乡镇要做好", 0),  # a heading run into its paragraph
        ("一、会议要求如下：", 0),
        ("3.14是圆周率的近似值", 0),
        ("2026年3月2日", 0),
    ],
)
def test_numbered_lines_that_are_headings(line, level):
    from govlint.readers.word import _numbered_heading_level

    assert _numbered_heading_level(line) == level
