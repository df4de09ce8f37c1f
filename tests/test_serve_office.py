"""``govlint serve``, the office's features end to end in Chromium: accept all
of one rule, drop a file on the start page, the draft's own HTML in a
sandboxed frame, and the settings page that writes ``.govlint.toml``.
The server and browser fixtures are tests/test_serve.py's."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_serve as shared
from playwright.sync_api import Page

from govlint.config import Config, load_file
from govlint.serve import settings
from govlint.serve.app import create_app
from govlint.serve.layout import FRAME_CSP, sanitised

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# tests/test_serve.py's fixtures (a server of this module's own, the browser, a page) and helpers.
browser, page, server = shared.browser, shared.page, shared.server
HOSTILE, LIMIT, TOKEN, _Server = shared.HOSTILE, shared.LIMIT, shared.TOKEN, shared._Server
_findings_text, _paste, _request, serving = shared._findings_text, shared._paste, shared._request, shared.serving

TWO_CONFUSIONS = "# 通知\n\n各部门要认真进行进行自查自纠，按步就班推进整改。\n\n请大家按步就班落实。\n"


# -- 1. accept all of one rule ---------------------------------------------------


def test_accept_all_of_one_rule_applies_only_that_rules_safe_edits(page, server):
    _paste(page, server, TWO_CONFUSIONS, kind="markdown")
    confusion = page.locator("#findings li[data-rule='typo.confusion']")
    assert confusion.count() == 2
    assert confusion.first.locator("button.accept-rule").inner_text() == "采纳本类全部（2）"
    assert page.locator("#findings li[data-rule='typo.duplicate'] button.accept-rule").count() == 0  # one only
    confusion.first.locator("button.accept-rule").click()
    page.wait_for_load_state()
    assert "已采纳 2 处修改" in page.locator("#notice").inner_text()
    article = page.locator(".rendered").inner_text()
    assert article.count("按部就班") == 2 and "按步就班" not in article
    assert "typo.confusion" not in _findings_text(page)
    assert "typo.duplicate" in _findings_text(page) and "进行进行" in article  # another rule: untouched


def test_accept_all_of_one_rule_skips_ignored_findings(page, server):
    _paste(page, server, TWO_CONFUSIONS, kind="markdown")
    second = page.locator("#findings li[data-rule='typo.confusion']").nth(1)
    second.locator("summary").click()
    second.locator("input.reason").fill("引用原文")
    second.locator("button.confirm-ignore").click()
    page.wait_for_load_state()
    # One safe edit of the rule is left: its own 采纳 does it, no "all of the rule" button.
    assert page.locator("button.accept-rule").count() == 0


# -- 2. drop a file on the start page ------------------------------------------------


def _drop(page: Page, name: str, text: str) -> None:
    transfer = page.evaluate_handle(
        """([name, text]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], name, {type: "text/plain"}));
            return transfer;
        }""",
        [name, text],
    )
    page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})


def test_a_file_dropped_on_the_start_page_is_checked_at_once(page, server):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    page.goto(server.start)
    with page.expect_navigation():
        _drop(page, "拖入的稿件.txt", "各部门要认真进行进行自查自纠。")
    assert page.title() == "拖入的稿件.txt · govlint 稿件检查"
    assert page.locator(".rendered mark").first.inner_text().endswith("进行进行")
    assert not violations  # the drop zone's script runs under the page's policy (its hash)


def test_without_scripts_the_file_chooser_still_works(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.start)
        assert page.locator("#drop .drop-hint").is_visible()
        page.set_input_files(
            "#file", {"name": "选择.txt", "mimeType": "text/plain", "buffer": "按步就班推进。".encode()}
        )
        page.click("#check")
        page.wait_for_load_state()
        assert page.title() == "选择.txt · govlint 稿件检查" and "typo.confusion" in _findings_text(page)
    finally:
        context.close()


# -- 3. the draft's own HTML in a sandboxed frame ------------------------------------------

HOSTILE_PAGE = (
    "<html><head><title>原稿</title><meta http-equiv='refresh' content='0;url=javascript:alert(1)'>"
    "<script>parent.document.title='PWNED'</script><base href='http://evil.example/'></head>"
    "<body onload=\"document.title='PWNED';parent.document.title='PWNED'\">"
    "<section style='color:#b3261e'><p>正文第一段。</p></section>"
    + HOSTILE
    + "<iframe src=\"javascript:parent.document.title='PWNED'\"></iframe>"
    "<svg onload=\"top.document.title='PWNED'\"><script>top.document.title='PWNED'</script></svg>"
    '<p><img src="http://evil.example/x.png">末段文字。</p></body></html>'
)


def test_the_drafts_own_html_shows_in_a_sandboxed_frame_and_runs_nothing(page, server):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    _paste(page, server, HOSTILE_PAGE, kind="html")
    frame_element = page.locator("iframe#layout-frame")
    assert frame_element.get_attribute("sandbox") == ""  # no allow-scripts, no allow-same-origin
    frame = page.frame_locator("iframe#layout-frame")
    shown = frame.locator("body").inner_text()
    assert "正文第一段" in shown and "图片后的文字" in shown and "末段文字" in shown
    assert frame.locator("section").get_attribute("style") == "color:#b3261e"  # the draft's own layout
    page.wait_for_timeout(300)
    assert page.title() == "粘贴的文稿.html · govlint 稿件检查"
    inner = next(f for f in page.frames if "/layout" in f.url)
    assert inner.title() == "原稿排版" and not dialogs
    for selector in ("script", "iframe", "svg", "base", "meta[http-equiv]", "[onerror]", "[onload]", "a[href]"):
        assert frame.locator(selector).count() == 0, selector
    assert all(url.startswith(server.base) for url in requests)  # nothing fetched from elsewhere


def test_the_layout_route_has_the_token_and_a_policy_without_scripts(page, server):
    _paste(page, server, HOSTILE, kind="html")
    source = page.locator("iframe#layout-frame").get_attribute("src")
    status, headers, body = _request(server.base + source)
    assert status == 200 and headers["content-security-policy"] == FRAME_CSP
    assert "script-src 'none'" in FRAME_CSP and FRAME_CSP.endswith("sandbox")
    assert "<script" not in body and "onerror" not in body and "javascript:" not in body
    status, _, body = _request(server.base + source.split("?")[0])
    assert status == 403 and TOKEN not in body
    _paste(page, server, "纯文本稿件。")
    assert page.locator("iframe").count() == 0  # a text draft has no layout of its own
    draft = page.url.split("/draft/")[1].split("?")[0]
    assert _request(f"{server.base}/draft/{draft}/layout?token={TOKEN}")[0] == 404


@pytest.mark.parametrize(
    "hostile",
    [
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        "<div style=\"background:url('http://evil.example/')\">x</div>",
        "<style>@import 'http://evil.example/a.css';</style>",
        "<object data='x.swf'></object><embed src='x'><form action='http://evil.example'><input></form>",
        "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
        "<!--[if IE]><script>alert(1)</script><![endif]-->",
        "<p formaction='javascript:alert(1)' data-x='javascript:alert(1)'>x</p>",
    ],
)
def test_the_layout_is_sanitised(hostile):
    html = sanitised(hostile.encode())
    lowered = html.lower()
    for bad in ("<script", "onerror", "javascript", "url(", "@import", "<object", "<embed", "<form", "<math"):
        assert bad not in lowered, (bad, html)


def test_a_remote_image_leaves_a_box_that_says_where_it_stands():
    html = sanitised(
        '<p>会议现场<img src="https://mmbiz.qpic.cn/a.jpg" alt="县长<b>讲话</b>" width="300" height="200">'
        '<img data-src="https://mmbiz.qpic.cn/b.png"><img src="data:image/png;base64,iVBORw0KGgo="></p>'.encode()
    )
    assert "mmbiz" not in html  # nothing the frame would load
    assert "［图片：县长&lt;b&gt;讲话&lt;/b&gt;］（网络图片，本页不加载）" in html  # its words, as text
    assert "width:300px;height:200px" in html and "［图片］（网络图片，本页不加载）" in html
    assert '<img src="data:image/png;base64,iVBORw0KGgo="/>' in html  # an embedded image is shown


# -- 4. settings an office keeps --------------------------------------------------------


DRAFT = "各部门要按步就班推进，网上有人做棋牌上分生意。"
OFFICE_TERMS = "name: 本单位补充词表\ncategory: gambling\nseverity: warning\nstage: 终审\nsource: 本单位整理\nterms:\n  - 棋牌上分\n"


@pytest.fixture
def office(tmp_path) -> Iterator[tuple[_Server, Path]]:
    folder = tmp_path / "office"
    folder.mkdir()
    yield from ((s, folder) for s in serving(create_app(TOKEN, Config(max_file_size=LIMIT), folder=folder)))


def test_settings_saved_on_the_page_are_written_and_used_by_later_checks(page, office):
    server, folder = office
    (folder / ".govlint.toml").write_text(
        '# 本单位设置\nselect = ["typo", "sensitive"]  # 只查这些\n\n[severity]\n"typo.duplicate" = "warning"\n',
        encoding="utf-8",
    )
    (folder / "terms").mkdir()
    (folder / "terms" / "office.yaml").write_text(OFFICE_TERMS, encoding="utf-8")
    _paste(page, server, DRAFT)
    assert "typo.confusion" in _findings_text(page) and "sensitive.term" not in _findings_text(page)
    page.click("#settings-link")
    assert page.input_value("#folder-read") == str(folder.resolve())
    page.fill("#account", '市"政务"\\发布')
    page.fill("#allow_words", "按步就班\n\n按步就班\n")
    page.fill("#trusted_domains", "gov.cn\nexample.gov.cn")
    page.fill("#dictionaries", "terms/office.yaml")
    page.click("#save-settings")
    page.wait_for_load_state()
    assert "已保存到" in page.locator("#notice").inner_text()
    text = (folder / ".govlint.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data == {
        "select": ["typo", "sensitive"],
        "severity": {"typo.duplicate": "warning"},
        "account": '市"政务"\\发布',
        "allow_words": ["按步就班"],
        "trusted_domains": ["gov.cn", "example.gov.cn"],
        "dictionaries": ["terms/office.yaml"],
    }
    assert text.startswith("# 本单位设置\n") and "# 只查这些" in text  # comments kept
    assert load_file(folder / ".govlint.toml").allow_words == frozenset({"按步就班"})
    assert not list(folder.glob(".govlint-*"))  # no temporary file left
    page.reload()  # the page reads back what it wrote
    assert page.input_value("#allow_words") == "按步就班" and page.input_value("#account") == '市"政务"\\发布'
    _paste(page, server, DRAFT)
    assert "typo.confusion" not in _findings_text(page)  # the allowed word is no longer flagged
    assert "sensitive.term" in _findings_text(page)  # and the office's term list is used
    page.click("#settings-link")
    page.fill("#allow_words", "")
    page.click("#save-settings")
    page.wait_for_load_state()
    assert "allow_words" not in tomllib.loads((folder / ".govlint.toml").read_text(encoding="utf-8"))
    _paste(page, server, DRAFT)
    assert "typo.confusion" in _findings_text(page)


def test_settings_that_would_not_load_or_a_broken_file_are_not_written(page, office, tmp_path):
    server, folder = office
    page.goto(f"{server.base}/settings?token={TOKEN}")
    page.fill("#dictionaries", "missing.yaml")
    page.click("#save-settings")
    page.wait_for_load_state()
    assert "未保存" in page.locator("#error").inner_text() and "missing.yaml" in page.locator("#error").inner_text()
    assert not (folder / ".govlint.toml").exists()
    other = tmp_path / "broken"
    other.mkdir()
    (other / ".govlint.toml").write_text('account = "未闭合\n', encoding="utf-8")
    page.fill("#folder-read", str(other))
    page.click("#read")
    page.wait_for_load_state()
    assert "不是有效的 TOML 文件" in page.locator("#error").inner_text()
    page.fill("#account", "新名称")
    page.click("#save-settings")
    page.wait_for_load_state()
    assert "不是有效的 TOML 文件" in page.locator("#error").inner_text()
    assert (other / ".govlint.toml").read_text(encoding="utf-8") == 'account = "未闭合\n'
    page.fill("#folder-read", str(tmp_path / "nowhere"))
    page.click("#read")
    assert "文件夹不存在" in page.locator("#error").inner_text()


def test_the_settings_page_needs_the_token(office):
    server, _ = office
    assert _request(f"{server.base}/settings")[0] == 403
    assert (
        _request(
            f"{server.base}/settings", b"account=x&folder=", {"Content-Type": "application/x-www-form-urlencoded"}
        )[0]
        == 403
    )
    status, _, body = _request(f"{server.base}/settings?token={TOKEN}")
    assert status == 200 and "保存设置" in body


def test_the_settings_file_is_edited_in_place_and_refused_when_it_cannot_be(tmp_path):
    text = (
        "# 注释\n"
        'account = "旧" # 旧名称\n'
        "allow_words = [\n"
        '  "甲", # 一\n'
        '  "乙",\n'
        "]\n"
        "ignore = [\n"
        '  "link",\n'
        "]\n"
        "\n"
        "[severity]\n"
        '"typo" = "warning"\n'
    )
    values = {"account": "新\t名\u0001", "trusted_domains": ["gov.cn"], "allow_words": None, "dictionaries": None}
    edited = settings.edit(text, values)
    assert tomllib.loads(edited) == {
        "account": "新\t名\u0001",
        "ignore": ["link"],
        "trusted_domains": ["gov.cn"],
        "severity": {"typo": "warning"},
    }
    assert edited.startswith("# 注释\n") and "[severity]" in edited
    # A file the settings would not load from (here a key inside a table) is refused, left as it was.
    broken = '[severity]\n"typo" = "warning"\naccount = "x"\n'
    (tmp_path / ".govlint.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(settings.SettingsError, match="未保存"):
        settings.save(settings.Settings(tmp_path, account="新"))
    assert (tmp_path / ".govlint.toml").read_text(encoding="utf-8") == broken


# -- 5. the quarter's audit ---------------------------------------------------------------

QUARTER = Path(__file__).resolve().parent / "fixtures" / "quarter" / "puan-voice"


def test_an_audit_of_a_small_folder_shows_its_progress_then_its_dashboard(page, office, tmp_path):
    server, _ = office
    posts = tmp_path / "本季度"
    posts.mkdir()
    for name in ("post-01.md", "post-02.md", "post-03.md"):
        shutil.copy(QUARTER / name, posts / name)
    progress: list[int] = []
    page.on(
        "response",
        lambda response: progress.append(response.status) if re.search(r"/audit/[\w-]+\?", response.url) else None,
    )
    page.goto(server.start)
    page.click("#audit-link")
    page.fill("#folder", str(posts))
    page.click("#start-audit")
    page.wait_for_load_state()
    assert "/audit/" in page.url  # the progress page, or already the dashboard
    page.wait_for_url("**/dashboard?**", timeout=120_000)  # the progress page reloads itself until done
    dashboard = page.content()
    assert "普安之声" in dashboard and page.title() == "政务新媒体季度检查报告"
    assert progress.count(200) >= 1 and progress[-1] == 303  # shown while running, then sent on to the dashboard
    assert page.locator("script").count() == 0
    assert (posts / ".govlint-cache").is_dir()  # govlint audit's own cache, shared with the command line
    page.goto(f"{server.base}/audit?token={TOKEN}")
    assert "已完成（3/3 篇）" in page.locator("#jobs").inner_text()
    with page.expect_download() as info:
        page.click("a.download-audit")
    assert info.value.suggested_filename == "本季度-审计报告.html"
    assert "普安之声" in info.value.path().read_text(encoding="utf-8")


def test_an_audit_shows_its_progress_and_says_why_it_did_not_finish(page, office, tmp_path):
    server, _ = office
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    page.goto(f"{server.base}/audit?token={TOKEN}")
    page.fill("#folder", str(empty))
    page.click("#start-audit")
    page.wait_for_load_state()
    assert page.locator("#progress").count() == 1  # the progress page
    page.wait_for_selector("#progress[data-state='failed']", timeout=60_000)
    assert "没有可检查的稿件" in page.locator("#error").inner_text()
    page.goto(f"{server.base}/audit?token={TOKEN}")
    page.fill("#folder", str(tmp_path / "不存在"))
    page.click("#start-audit")
    assert "文件夹不存在" in page.locator("#error").inner_text()
    assert _request(f"{server.base}/audit")[0] == 403
    assert _request(f"{server.base}/audit/nope?token={TOKEN}")[0] == 404


def test_a_running_audit_can_be_cancelled_and_keeps_what_it_checked(page, office, tmp_path):
    server, _ = office
    posts = tmp_path / "大文件夹"
    posts.mkdir()
    text = (QUARTER / "post-01.md").read_text(encoding="utf-8")
    for n in range(2000):  # minutes of work: the audit is still running when the button is pressed
        (posts / f"post-{n:04d}.md").write_text(text.replace("普安", f"普安{n}", 1), encoding="utf-8")
    page.goto(f"{server.base}/audit?token={TOKEN}")
    page.fill("#folder", str(posts))
    page.click("#start-audit")
    page.wait_for_load_state()
    page.click("#cancel-audit")
    page.wait_for_selector("#progress[data-state='cancelled']", timeout=60_000)
    assert "已按要求取消" in page.locator("#error").inner_text()
    assert page.locator("#cancel-audit").count() == 0
    page.goto(f"{server.base}/audit?token={TOKEN}")
    assert "已取消" in page.locator("#jobs").inner_text()
    assert (posts / ".govlint-cache").is_dir()  # what was checked is kept for the next run
    # Another audit may start at once; the cancel button asks for the token like every form.
    job = re.search(r"/audit/([\w-]+)\?", page.locator("#jobs a").first.get_attribute("href")).group(1)
    assert _request(f"{server.base}/audit/{job}/cancel", data=b"token=wrong")[0] == 403


def test_the_page_never_checks_links_whatever_a_settings_file_says(tmp_path):
    (tmp_path / ".govlint.toml").write_text("check_links = true\nallow_private_links = true\n", encoding="utf-8")
    site = create_app(TOKEN, load_file(tmp_path / ".govlint.toml", trusted=True), folder=tmp_path).state.site
    assert not site.config.check_links and not site.config.allow_private_links
    site.use(settings.save(settings.Settings(tmp_path, allow_words=("甲",))))
    assert not site.config.check_links and site.config.allow_words == frozenset({"甲"})
    assert tomllib.loads((tmp_path / ".govlint.toml").read_text(encoding="utf-8"))["check_links"] is True  # kept
