"""The HTML report shows the article as readers see it (issue 26, item 2):
paragraphs with their look, each finding highlighted on its words, hidden
text marked, and the source behind a toggle for the newsroom developer."""

from __future__ import annotations

from bs4 import BeautifulSoup

from govlint.cli.main import main

DRAFT = (
    "<html><head><title>关于开展自查的通知</title></head><body>"
    "<h1>关于开展自查的通知</h1>"
    '<p style="font-size:15px">会议要求，<span style="color:#333">各部门要认真进行</span>进行自查自纠。</p>'
    '<p style="font-size:15px">会议强调，要压实各级责任。<span style="display:none">线上娱乐平台注册送彩金</span></p>'
    "<p onclick=\"document.title='PWNED'\">请各单位<script>document.title='PWNED'</script>按时报送。</p>"
    "</body></html>"
)


def report(tmp_path) -> BeautifulSoup:
    draft = tmp_path / "通知.html"
    draft.write_text(DRAFT, encoding="utf-8")
    out = tmp_path / "report.html"
    main([str(draft), "--format", "html", "-o", str(out)])
    return BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")


def test_the_article_is_shown_as_paragraphs_with_the_findings_on_their_words(tmp_path):
    page = report(tmp_path)
    article = page.select_one(".rendered")
    paragraphs = article.select(".para")
    assert [p.select_one(".plabel").get_text() for p in paragraphs] == ["标题", "第1段", "第2段", "第3段"]
    assert paragraphs[0].name == "h1" and "font-size:15.0px" in paragraphs[1]["style"]
    [doubled] = [m for m in paragraphs[1].select("mark")]
    assert doubled.get_text().lstrip("0123456789") == "进行进行"
    # The margin's entry links to that paragraph, not to a source line.
    number = doubled.select_one("sup").get_text()
    entry = page.select_one(f"li[id$='-{number}'] a.pos")
    assert entry.get_text() == "第1段第12字" and entry["href"].endswith("-p1")


def test_hidden_text_is_marked_and_the_draft_runs_nothing(tmp_path):
    page = report(tmp_path)
    article = page.select_one(".rendered")
    assert article.select_one(".unseen").get_text().endswith("线上娱乐平台注册送彩金")
    assert not page.select("script") and "onclick" not in str(article)
    assert "<span" not in article.get_text()  # words, never the draft's markup


def test_the_source_is_behind_a_toggle(tmp_path):
    page = report(tmp_path)
    toggle = page.select_one("details.source-toggle")
    assert toggle is not None and not toggle.has_attr("open")
    assert toggle.select(".source mark")  # the developer's view keeps its highlights
