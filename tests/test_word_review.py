"""The reviewed copy of a .docx (``govlint 稿件.docx --review``, govlint/formats/review/):
findings as Word comments on their text, fixes as tracked changes, read back
by python-docx and opened by LibreOffice."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
TYPO_LINE = "为切实做好今冬明春森林防火工作，各单位要坚持预防为主，按步就班推进隐患排查， 加强加强宣传教育。"
FIXED_LINE = "为切实做好今冬明春森林防火工作，各单位要坚持预防为主，按部就班推进隐患排查， 加强宣传教育。"


def make_draft(path: Path) -> Path:
    """A 公文-like draft: safe typo fixes across two runs (按步|就班) and beside a
    space, a pasted paragraph in 小四宋体, a link to an unknown site, a line
    break, and a typo in the header (which Word cannot comment on)."""
    draft = docx.Document()
    normal = draft.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    title = draft.add_paragraph()
    title.alignment = 1
    title.add_run("关于做好秋冬季森林防火工作的通知").font.size = Pt(22)
    draft.add_paragraph("各乡镇人民政府，县直各单位：")
    body = draft.add_paragraph("为切实做好今冬明春森林防火工作，各单位要坚持预防为主，")
    body.add_run("按步")
    body.add_run("就班推进隐患排查， 加强加强宣传教育。")
    pasted = draft.add_paragraph().add_run("这是从网页粘贴来的一段文字，字号为小四宋体。")
    pasted.font.size = Pt(12)
    pasted.font.name = "宋体"
    pasted._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    link = draft.add_paragraph("详情请登录")
    target = draft.part.relate_to("http://www.example-bet88.com/", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), target)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "县政府网站"
    run.append(text)
    hyperlink.append(run)
    link._p.append(hyperlink)
    link.add_run("查看。")
    draft.add_paragraph("某某县应急管理局\n2026年11月20日")
    draft.sections[0].header.paragraphs[0].text = "某某县人民政府办公室 按步就班"
    draft.save(path)
    return path


def govlint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "GOVLINT_RESULTS_CACHE": "off"}  # module-scoped runs: no monkeypatch
    return subprocess.run(
        [sys.executable, "-m", "govlint", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """The draft, its bytes, the copy written by ``--review -o``, the findings (JSON report) and the run."""
    folder = tmp_path_factory.mktemp("review")
    draft = make_draft(folder / "通知.docx")
    original = draft.read_bytes()
    (folder / "out").mkdir()
    done = govlint("通知.docx", "--review", "-o", "out/审校稿.docx", "--format", "json", cwd=folder)
    report = json.loads(done.stdout)
    return draft, original, folder / "out" / "审校稿.docx", report["files"][0]["findings"], done


def _comment_ranges(document: etree._Element) -> dict[str, tuple[str, str]]:
    """Comment id -> (text under its range as the draft was, as it is once every change is accepted)."""
    open_ranges: dict[str, tuple[list[str], list[str]]] = {}
    done: dict[str, tuple[str, str]] = {}
    for element in document.iter():
        if element.tag == W + "commentRangeStart":
            open_ranges[element.get(W + "id")] = ([], [])
        elif element.tag == W + "commentRangeEnd":
            before, after = open_ranges.pop(element.get(W + "id"))
            done[element.get(W + "id")] = ("".join(before), "".join(after))
        elif element.tag in (W + "t", W + "delText"):
            inserted = any(a.tag == W + "ins" for a in element.iterancestors())
            for before, after in open_ranges.values():
                if not inserted:
                    before.append(element.text or "")
                if element.tag == W + "t":
                    after.append(element.text or "")
    return done


def _paragraph_texts(document: etree._Element, accept: bool) -> list[str]:
    """Each paragraph's text with the tracked changes accepted (or rejected)."""
    texts = []
    for paragraph in document.iter(W + "p"):
        parts = []
        for node in paragraph.iter(W + "t", W + "delText"):
            inserted = any(a.tag == W + "ins" for a in node.iterancestors())
            if (accept and node.tag == W + "t") or (not accept and not inserted):
                parts.append(node.text or "")
        texts.append("".join(parts))
    return texts


def _document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def test_the_cli_writes_the_copy_and_says_where(reviewed):
    _, _, out, findings, done = reviewed
    assert done.returncode == 1, done.stderr  # findings of level error: the usual exit code
    fixes = [f for f in findings if f["fix"] and f["line"] == 3]
    assert {f["text"] for f in fixes} == {"按步就班", "加强加强"}
    assert out.is_file()
    line = f"govlint: 通知.docx: 审校稿已写入 out/审校稿.docx（批注 {len(findings)} 条，修订 2 处）"
    assert done.stderr.strip() == line


def test_comments_are_anchored_on_the_findings_text(reviewed):
    _, _, out, findings, _ = reviewed
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == len(findings)
    assert {(c.author, c.initials) for c in comments} == {("govlint", "GL")}
    ranges = _comment_ranges(_document_xml(out))
    by_rule = {}
    for comment in comments:
        first = comment.paragraphs[0].text
        same = [f for f in findings if first == f"【{_label(f)}】{f['message']}（{f['rule']}）"]
        finding = next(f for f in same if (f["line"] > 6) == ("位置：" in comment.text))  # 7: the header
        by_rule.setdefault(finding["rule"], []).append((finding, comment))
        before, after = ranges[str(comment.comment_id)]
        if finding["line"] <= 6:  # body lines: on the finding's own text
            assert before == finding["text"]
            assert after == (finding["fix"]["replacement"] if finding["fix"] else finding["text"])
        else:  # the header: at the start of the body, naming the place
            assert (before, after) == ("", "")
            assert "位置：页眉“按步就班”" in comment.text
    assert "建议改为：按部就班" in by_rule["typo.confusion"][0][1].text
    assert {f["text"] for f, _ in by_rule["font.mixed-size"]} == {"这是从网页粘贴来的一段文字，字号为小四宋体。"}
    assert [f["text"] for f, _ in by_rule["link.unknown-domain"]] == ["县政府网站"]


def _label(finding: dict) -> str:
    return {"error": "错误", "warning": "警告", "notice": "提示"}[finding["severity"]]


def test_fixes_are_tracked_changes_that_accept_to_the_corrected_text(reviewed):
    _, _, out, _, _ = reviewed
    document = _document_xml(out)
    changes = document.findall(".//w:ins", NS) + document.findall(".//w:del", NS)
    assert len(changes) == 4  # two fixes, each a deletion and an insertion
    assert {c.get(W + "author") for c in changes} == {"govlint"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", c.get(W + "date")) for c in changes)
    ids = [e.get(W + "id") for e in document.iter(W + "ins", W + "del", W + "commentRangeStart")]
    assert len(ids) == len(set(ids))
    accepted, rejected = _paragraph_texts(document, accept=True), _paragraph_texts(document, accept=False)
    assert FIXED_LINE in accepted and TYPO_LINE not in accepted
    assert TYPO_LINE in rejected
    # split runs keep their look and their spaces
    for node in document.iter(W + "t", W + "delText"):
        if node.text and node.text != node.text.strip():
            assert node.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve", node.text
    assert not [t for t in document.iter(W + "delText") if t.text == "按步就班"]  # deleted across the two runs
    assert "".join(t.text for t in document.iter(W + "delText")) == "按步就班加强加强"
    # the header's typo is only commented: Word has no comments in headers
    with zipfile.ZipFile(out) as archive:
        assert b"w:ins" not in archive.read("word/header1.xml")


def test_the_original_is_untouched_and_the_other_parts_copied_as_they_were(reviewed):
    draft, original, out, _, _ = reviewed
    assert draft.read_bytes() == original
    with zipfile.ZipFile(draft) as before, zipfile.ZipFile(out) as after:
        names = [i.filename for i in after.infolist()]
        assert names == [i.filename for i in before.infolist()] + ["word/comments.xml"]
        changed = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
        for name in set(before.namelist()) - changed:
            assert after.read(name) == before.read(name), name
        root = after.read("word/document.xml").decode("utf-8")
        assert root.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
        start_tag = root[: root.index(">", root.index("<w:document"))]
        for prefix in re.search(r'mc:Ignorable="([^"]*)"', start_tag).group(1).split():
            assert f"xmlns:{prefix}=" in start_tag  # else Word calls the file corrupt
        assert "ns0:" not in root


def test_libreoffice_opens_the_copy_and_keeps_comments_and_changes(reviewed, require_tool, tmp_path):
    soffice = require_tool("soffice")
    _, _, out, findings, _ = reviewed
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for kind in ("pdf", "docx"):
        folder = tmp_path / kind
        done = subprocess.run(
            [soffice, profile, "--headless", "--convert-to", kind, "--outdir", str(folder), str(out)],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
        assert (folder / f"审校稿.{kind}").stat().st_size > 1000
    back = tmp_path / "docx" / "审校稿.docx"
    comments = list(docx.Document(str(back)).comments)
    assert len(comments) == len(findings)
    assert all(c.author == "govlint" for c in comments)
    document = _document_xml(back)
    changes = document.findall(".//w:ins", NS) + document.findall(".//w:del", NS)
    assert changes and {c.get(W + "author") for c in changes} == {"govlint"}
    assert FIXED_LINE in _paragraph_texts(document, accept=True)
    assert TYPO_LINE in _paragraph_texts(document, accept=False)


def test_default_name_beside_the_draft_and_the_draft_is_never_the_output(tmp_path):
    draft = make_draft(tmp_path / "稿件.docx")
    original = draft.read_bytes()
    done = govlint("稿件.docx", "--review", "-q", cwd=tmp_path)
    assert done.returncode == 1 and "审校稿已写入 稿件-审校.docx" in done.stderr
    assert len(docx.Document(str(tmp_path / "稿件-审校.docx")).comments) > 0
    refused = govlint("稿件.docx", "--review", "-o", "./稿件.docx", "-q", cwd=tmp_path)
    assert refused.returncode == 2 and "未生成审校稿" in refused.stderr
    assert draft.read_bytes() == original


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["notice.md", "--review"], "--review 只用于 Word 文稿（.docx），“notice.md”不是 .docx 文件"),
        (["a.docx", "--review", "--fix"], "--review 不能与 --fix 或 --diff 同用"),
        (["a.docx", "b.docx", "--review", "-o", "c.docx"], "只能给一个 .docx 文件"),
    ],
)
def test_review_usage_errors_are_one_line(tmp_path, args, says):
    (tmp_path / "notice.md").write_text("# 通知\n\n按步就班。\n", encoding="utf-8")
    done = govlint(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert says in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr and not done.stdout


def test_a_draft_with_comments_gets_fresh_ids_appended(tmp_path):
    """In-process, on the function: earlier comments stay, new ones take ids above every id used."""
    from govlint.config import Config
    from govlint.engine import lint_file
    from govlint.formats.review import reviewed_docx

    draft = docx.Document()
    run = draft.add_paragraph("会议要求，").add_run("要加强加强宣传。")
    draft.add_comment(run, text="此处请核对", author="李四", initials="LS")
    path = tmp_path / "批注.docx"
    draft.save(path)
    result = lint_file(path, Config())
    copy = reviewed_docx(path.read_bytes(), result, datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc), 1 << 26)
    out = tmp_path / "out.docx"
    out.write_bytes(copy.data)
    earlier, *ours = docx.Document(str(out)).comments
    assert (earlier.author, earlier.text) == ("李四", "此处请核对")
    assert len(ours) == len(result.findings) == copy.comments
    assert all(c.author == "govlint" and c.comment_id > earlier.comment_id for c in ours)
    assert {c.timestamp for c in ours} == {datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)}
    assert copy.changes == 1 and "会议要求，要加强宣传。" in _paragraph_texts(_document_xml(out), accept=True)
    with zipfile.ZipFile(out) as archive:
        assert archive.read("[Content_Types].xml").count(b"comments+xml") == 1
