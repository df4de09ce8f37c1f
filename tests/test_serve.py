"""``govlint serve`` end to end: the real server (uvicorn on a free port, in a
thread) driven by Playwright in Debian's Chromium, plus plain HTTP requests
for what a browser would never send (no token, an oversized body, a foreign
Host header)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from govlint.checklist import build_report
from govlint.config import Config
from govlint.findings import FileResult
from govlint.formats.browser import HEADLESS_FLAGS
from govlint.serve.app import CSP, START_CSP, create_app
from govlint.serve.command import bind

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES, DOCS = ROOT / "examples", ROOT / "docs"
TOKEN = "test-token-QbV2x"
LIMIT = 200_000  # the server's max_file_size: an oversized draft stays cheap to send
DOUBLED = "各部门要认真进行进行自查自纠。"
MARKDOWN = "# 关于开展自查的通知\n\n各部门要认真进行进行自查自纠，按步就班推进整改。\n\n请于本月底前报送。\n"
HOSTILE = (
    "<p>正文第一段。</p><script>document.title='PWNED'</script>"
    "<p><img src=x onerror=\"document.title='PWNED'\">图片后的文字。</p>"
    "<p><a href=\"javascript:document.title='PWNED'\">点击这里</a>查看详情。</p>"
)


class _Server:
    def __init__(self, base: str, server: uvicorn.Server, thread: threading.Thread) -> None:
        self.base, self.server, self.thread = base, server, thread

    @property
    def start(self) -> str:
        return f"{self.base}/?token={TOKEN}"


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    yield from serving(create_app(TOKEN, Config(max_file_size=LIMIT)))


def serving(app) -> Iterator[_Server]:
    """Run ``app`` on a free port in a thread until the generator is closed."""
    sock = bind("127.0.0.1", 0)
    uv = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert uv.started, "the server did not start"
    yield _Server(f"http://127.0.0.1:{sock.getsockname()[1]}", uv, thread)
    uv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser(require_tool) -> Iterator[Browser]:
    chromium = require_tool("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=list(HEADLESS_FLAGS))
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    yield opened
    context.close()


def _paste(page: Page, server: _Server, text: str, kind: str = "text") -> None:
    page.goto(server.start)
    page.select_option("#kind", kind)
    page.fill("#text", text)
    page.click("#check")
    page.wait_for_load_state()


def _findings_text(page: Page) -> str:
    return page.locator("#findings").inner_text() if page.locator("#findings").count() else ""


def test_pasted_text_shows_the_doubled_word_highlighted_in_its_paragraph(page, server):
    _paste(page, server, DOUBLED)
    marks = page.locator(".rendered mark")
    assert marks.count() == 1
    assert marks.first.inner_text().endswith("进行进行")
    item = page.locator("#findings li").first
    text = item.inner_text()
    assert "第1段第7字" in text and "重复字词" in text and "三审环节：" in text
    assert "原文：「各部门要认真进行进行自查自纠。」" in text
    assert not re.search(r"\b\d+:\d+\b", text), "a position is 第N段, never line:column"
    assert page.locator("table.checklist tbody tr").count() > 0


def test_uploaded_markdown_accept_one_then_all_safe_and_download(page, server):
    page.goto(server.start)
    page.set_input_files("#file", {"name": "通知.md", "mimeType": "text/markdown", "buffer": MARKDOWN.encode()})
    page.click("#check")
    assert "进行进行" in page.locator(".rendered").inner_text()
    assert "typo.duplicate" in _findings_text(page)
    page.locator("li[data-rule='typo.duplicate'] button.accept").click()
    page.wait_for_load_state()
    assert "已采纳 1 处修改" in page.locator("#notice").inner_text()
    article = page.locator(".rendered").inner_text()
    assert "认真进行自查自纠" in article and "进行进行" not in article
    assert "typo.duplicate" not in _findings_text(page)
    page.click("#accept-safe")  # 按步就班 → 按部就班, a safe edit
    page.wait_for_load_state()
    assert "按部就班" in page.locator(".rendered").inner_text()
    assert page.locator("#accept-safe").count() == 0  # no safe edit left
    with page.expect_download() as info:
        page.click("#download")
    download = info.value
    assert download.suggested_filename == "通知-修改后.md"
    corrected = download.path().read_text(encoding="utf-8")
    assert "各部门要认真进行自查自纠，按部就班推进整改。" in corrected and corrected.startswith(
        "# 关于开展自查的通知\n"
    )
    with page.expect_download() as info:
        page.click("#report")
    report = info.value.path().read_text(encoding="utf-8")
    assert info.value.suggested_filename == "通知-三审报告.html"
    assert "三审清单" in report and "审核签字" in report


def test_a_hostile_html_draft_runs_nothing(page, server):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _paste(page, server, HOSTILE, kind="html")
    page.wait_for_timeout(300)
    assert page.title() == "粘贴的文稿.html · govlint 稿件检查"
    assert not dialogs
    assert "图片后的文字" in page.locator(".rendered").inner_text()
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0


def test_a_hostile_html_file_is_shown_as_text_where_its_text_has_markup(page, server):
    shown = "<p>文中写着 &lt;script&gt;document.title='PWNED'&lt;/script&gt; 字样。</p>"
    page.goto(server.start)
    page.set_input_files("#file", {"name": "稿.html", "mimeType": "text/html", "buffer": shown.encode()})
    page.click("#check")
    shown_text = page.locator(".rendered").inner_text()  # the visible tags are findings (garbled.markup)
    assert "<script>document.title='PWNED'" in shown_text and "</script> 字样" in shown_text
    assert page.title() == "稿.html · govlint 稿件检查"


def test_an_oversized_upload_is_refused_in_chinese(page, server):
    big = ("各部门要认真自查自纠。\n" * (LIMIT // 20)).encode()
    assert len(big) > LIMIT
    page.goto(server.start)
    page.set_input_files("#file", {"name": "长稿.txt", "mimeType": "text/plain", "buffer": big})
    with page.expect_response(lambda response: response.url.endswith("/check")) as answer:
        page.click("#check")
    assert answer.value.status == 413
    assert "稿件过大" in page.locator("#problem").inner_text()


# -- plain HTTP ---------------------------------------------------------------


def _request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> tuple[bytes, dict]:
    boundary = "govlintTestBoundary7MA4YWxk"
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data) in (files or {}).items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode())
        body.write(b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def _submit(server: _Server, fields: dict[str, str], files=None) -> tuple[int, dict, str]:
    body, headers = _multipart(fields, files)
    return _request(f"{server.base}/check", body, headers)


def test_requests_without_the_token_are_refused(server):
    status, headers, body = _request(server.start)
    assert status == 200 and headers["content-security-policy"] == START_CSP  # CSP and the drop zone's script hash
    for url in (f"{server.base}/", f"{server.base}/?token=wrong"):
        status, headers, body = _request(url)
        assert status == 403 and "访问被拒绝" in body and TOKEN not in body
        assert headers["content-security-policy"] == CSP
    for fields in ({"kind": "text", "text": DOUBLED}, {"token": "wrong", "kind": "text", "text": DOUBLED}):
        status, _, body = _submit(server, fields)
        assert status == 403 and TOKEN not in body
    status, _, body = _submit(server, {"token": TOKEN, "kind": "text", "text": DOUBLED})
    assert status == 200 and "进行进行" in body  # urllib followed the 303 to the draft page
    draft = re.search(r"/draft/([\w-]+)/report", body).group(1)
    assert _request(f"{server.base}/draft/{draft}/report")[0] == 403
    assert _request(f"{server.base}/draft/{draft}/accept", b"finding=0&version=1")[0] == 403
    assert _request(f"{server.base}/draft/{draft}/report?token={TOKEN}")[0] == 200


def test_oversized_bodies_and_drafts_get_413(server):
    status, _, body = _submit(server, {"token": TOKEN, "kind": "text", "text": "字" * (LIMIT // 3 + 10)})
    assert status == 413 and "稿件过大" in body
    status, _, body = _submit(server, {"token": TOKEN}, {"file": ("a.md", b"x" * (LIMIT + 1))})
    assert status == 413 and "稿件过大" in body
    # A body over even a Word file's limit is refused before the token is read, and never kept whole.
    status, _, body = _submit(server, {}, {"file": ("a.docx", b"x" * (LIMIT * 10 + 70_000))})
    assert status == 413 and "稿件过大" in body and TOKEN not in body


def test_unsupported_files_and_foreign_hosts_are_refused(server):
    status, _, body = _submit(server, {"token": TOKEN}, {"file": ("a.exe", b"MZ")})
    assert status == 400 and "不支持的文件类型" in body
    status, _, _ = _request(server.start, headers={"Host": "evil.example"})
    assert status == 400  # DNS rebinding: only 127.0.0.1 and localhost are answered


def test_a_word_draft_downloads_as_the_reviewed_copy(server):
    document = docx.Document()
    document.add_paragraph(DOUBLED)
    buffer = io.BytesIO()
    document.save(buffer)
    status, _, body = _submit(server, {"token": TOKEN}, {"file": ("通知.docx", buffer.getvalue())})
    assert status == 200 and "进行进行" in body and "下载审校稿" in body
    assert 'class="small accept"' not in body.split('id="findings"')[1].split("</ol>")[0]  # no 采纳 on a Word draft
    draft = re.search(r"/draft/([\w-]+)/download", body).group(1)
    status, headers, _ = _request(f"{server.base}/draft/{draft}/download?token={TOKEN}")
    assert status == 200 and "%E5%AE%A1%E6%A0%A1.docx" in headers["content-disposition"]  # 通知-审校.docx
    with urllib.request.urlopen(f"{server.base}/draft/{draft}/download?token={TOKEN}") as response:
        names = zipfile.ZipFile(io.BytesIO(response.read())).namelist()
    assert "word/comments.xml" in names


# -- the command ---------------------------------------------------------------


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch, capsys):
    from govlint.cli.main import main

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if govlint[serve] were not installed
    assert main(["serve", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'govlint[serve]'" in err


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_the_command_prints_its_address_and_serves_it(tmp_path, host):
    process = subprocess.Popen(
        [sys.executable, "-m", "govlint", "serve", "--no-browser", "--host", host],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        line = process.stdout.readline()
        url = re.search(r"http://\S+", line).group()
        assert url.startswith("http://127.0.0.1:") and "/?token=" in url
        status, _, body = _request(url)
        assert status == 200 and "开始检查" in body
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert ("警告" in err) == (host != "127.0.0.1")


def test_the_draft_store_forgets_the_least_recently_used_beyond_its_caps():
    from govlint.serve.drafts import DraftStore

    store = DraftStore(cap=2, max_bytes=10)
    first = store.add("a.txt", "text", b"1234", FileResult("a.txt", "text"))
    second = store.add("b.txt", "text", b"1234", FileResult("b.txt", "text"))
    assert store.get(first.id) is first  # now the most recently used
    store.add("c.txt", "text", b"12", FileResult("c.txt", "text"))
    assert store.get(second.id) is None and store.get(first.id) is first and len(store) == 2
    store.add("d.txt", "text", b"x" * 20, FileResult("d.txt", "text"))  # over max_bytes alone: kept alone
    assert len(store) == 1
    assert len({store.add("e.txt", "text", b"", FileResult("e.txt", "text")).id for _ in range(50)}) == 50


# -- ignore, sign-off, concurrency, screenshot ----------------------------------


def _download_report(page: Page) -> str:
    with page.expect_download() as info:
        page.click("#report")
    return info.value.path().read_text(encoding="utf-8")


def test_an_ignored_finding_leaves_the_list_and_the_highlights_with_its_reason_in_the_report(page, server):
    _paste(page, server, MARKDOWN, kind="markdown")
    duplicate = page.locator("#findings li[data-rule='typo.duplicate']")
    duplicate.locator("summary").click()
    duplicate.locator("input.reason").fill("引用原文<b>保持</b>")
    duplicate.locator("button.confirm-ignore").click()
    page.wait_for_load_state()
    assert "已忽略 1 个问题" in page.locator("#notice").inner_text()
    assert "typo.duplicate" not in _findings_text(page)
    assert all("进行进行" not in text for text in page.locator(".rendered mark").all_inner_texts())
    assert "已忽略（1）" in page.locator("aside.margin").inner_text()
    assert "理由：引用原文<b>保持</b>" in page.locator("#ignored").inner_text()  # shown as text
    report = _download_report(page)
    listed, extra = report.split('id="ignored"')
    assert "typo.duplicate · " not in listed and "按部就班" in listed  # the other finding stays
    assert "编辑已忽略的问题（1）" in extra and "typo.duplicate" in extra
    assert "引用原文&lt;b&gt;保持&lt;/b&gt;" in extra and "<b>保持" not in extra
    page.locator("#ignored button.restore").click()  # and back again
    page.wait_for_load_state()
    assert "typo.duplicate" in _findings_text(page) and page.locator("#ignored").count() == 0


def test_the_signoff_boxes_are_filled_into_the_downloaded_report(page, server):
    _paste(page, server, DOUBLED)
    roles = [f"{s.stage.value}（{s.role}）" for s in build_report(FileResult("", None)).signoffs]
    assert page.locator(".signoff legend").all_inner_texts() == roles and roles[0].startswith("初审")
    page.fill("input[name='reviewer:初审']", "张编辑")
    page.fill("input[name='date:初审']", "2026-12-07")
    page.fill("textarea[name='opinion:初审']", "已核对，同意报送 a+b <script>x</script>")
    page.fill("input[name='reviewer:终审']", "王主任")
    report = _download_report(page)
    signoff = report.split('<section class="signoff-section">')[1]
    assert "<span>审核人：</span><span>张编辑</span>" in signoff
    assert "2026-12-07" in signoff and "王主任" in signoff
    assert "已核对，同意报送 a+b &lt;script&gt;x&lt;/script&gt;" in signoff and "<script>" not in report
    page.reload()  # the boxes keep what was filled in
    assert page.input_value("input[name='reviewer:初审']") == "张编辑"


def test_the_report_fills_the_signoff_boxes_escaped():
    from govlint.formats.html import render_page

    page = render_page([FileResult("a.txt", "text")], signed={"初审": {"reviewer": "张<编辑>", "opinion": "同意"}})
    assert "<span>张&lt;编辑&gt;</span>" in page and '<span class="signed-opinion">同意</span>' in page
    assert "张<编辑>" not in page


def _draft_of(chars: int) -> str:
    """A realistic Markdown draft of ``chars`` characters: examples/notice.md's paragraphs, repeated."""
    body = (EXAMPLES / "notice.md").read_text(encoding="utf-8").split("---", 2)[2].strip()
    return "\n\n".join([body] * (chars // len(body) + 1))[:chars]


def test_twenty_concurrent_checks_all_succeed(server):
    text = _draft_of(5000)
    fields = {"token": TOKEN, "kind": "markdown", "text": text}
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: _submit(server, fields), range(20)))
    assert [status for status, _, _ in answers] == [200] * 20
    ids = {re.search(r"/draft/([\w-]+)/report", body).group(1) for _, _, body in answers}
    assert len(ids) == 20 and all('id="findings"' in body for _, _, body in answers)


def test_a_screenshot_of_the_result_page(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        page.goto(server.start)
        page.set_input_files("#file", str(EXAMPLES / "notice.md"))
        page.click("#check")
        page.wait_for_load_state()
        assert page.locator("#findings li").count() > 0
        update = os.environ.get("GOVLINT_UPDATE_SCREENSHOTS") == "1"
        target = DOCS / "serve-screenshot.png" if update else tmp_path / "serve-screenshot.png"
        page.screenshot(path=str(target))
    finally:
        context.close()
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and 20_000 < len(data) < 3_000_000


def test_ignoring_names_one_paragraph_survives_a_recheck_and_leaves_the_reviewed_copy():
    from govlint.serve import drafts

    config = Config(max_file_size=LIMIT)
    text = f"{DOUBLED}\n\n{DOUBLED}\n\n按步就班推进。\n".encode()
    draft = drafts.DraftStore().add("a.txt", "text", text, drafts.check(text, "a.txt", "text", config))
    doubled = [i for i, f in enumerate(draft.result.findings) if f.rule == "typo.duplicate"]
    assert len(doubled) == 2
    drafts.ignore(draft, doubled[1], "  第二段是引用\n原文 ")
    assert [i for i, _ in drafts.shown(draft)].count(doubled[0]) == 1 and doubled[1] not in dict(drafts.shown(draft))
    drafts.accept_safe(draft, config)  # 按步就班 → 按部就班 and the first 进行进行, re-checked
    assert [(f.rule, reason) for _, f, reason in drafts.ignored(draft)] == [("typo.duplicate", "第二段是引用 原文")]
    assert draft.data.decode().count("进行进行") == 1 and all(
        f.rule != "typo.duplicate" for _, f in drafts.shown(draft)
    )
    with pytest.raises(drafts.DraftError):
        drafts.ignore(draft, 0, "  ")  # a reason is required
    document = docx.Document()
    document.add_paragraph(DOUBLED)
    buffer = io.BytesIO()
    document.save(buffer)
    word = drafts.DraftStore().add(
        "b.docx", "docx", buffer.getvalue(), drafts.check(buffer.getvalue(), "b.docx", "docx", config)
    )
    drafts.ignore(word, next(i for i, f in enumerate(word.result.findings) if f.rule == "typo.duplicate"), "引用")
    with zipfile.ZipFile(io.BytesIO(drafts.corrected(word, config)[0])) as copy:
        comments = copy.read("word/comments.xml").decode() if "word/comments.xml" in copy.namelist() else ""
    assert "进行进行" not in comments and "重复" not in comments
