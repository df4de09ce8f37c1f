"""``govlint serve`` end to end: the real server (uvicorn on a free port, in a
thread) driven by Playwright in Debian's Chromium, plus plain HTTP requests
for what a browser would never send (no token, an oversized body, a foreign
Host header)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator

import docx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from govlint.config import Config
from govlint.formats.browser import HEADLESS_FLAGS
from govlint.serve.app import CSP, create_app
from govlint.serve.command import bind

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
    sock = bind("127.0.0.1", 0)
    app = create_app(TOKEN, Config(max_file_size=LIMIT))
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
    assert "各部门要认真进行自查自纠，按部就班推进整改。" in corrected and corrected.startswith("# 关于开展自查的通知\n")
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
    assert status == 200 and headers["content-security-policy"] == CSP
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
    assert "button" not in body.split('id="findings"')[1].split("</ol>")[0]  # no 采纳 on a Word draft
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
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
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
    from govlint.findings import FileResult
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
