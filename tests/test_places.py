"""Positions as an editor counts them (issue 26, item 1): 第N段第M字 and the
sentence as readers see it, in every format, beside the file's line:column."""

from __future__ import annotations

import json

from govlint.cli.main import main
from govlint.config import Config
from govlint.engine import check_document
from govlint.readers import read_document

DOUBLED = "各部门要认真进行进行自查自纠。"


def findings(source: str, name: str, fmt: str, select: str = "typo.duplicate"):
    document = read_document(source.encode("utf-8"), name, fmt)
    return check_document(document, Config(select=(select,))).findings


def test_an_html_finding_is_placed_in_its_paragraph_and_quoted_without_markup():
    page = (
        "<html><head><title>关于开展自查的通知</title></head><body>"
        '<h1>关于开展自查的通知</h1><p style="text-align:justify">会议要求，'
        '<span style="color:#333">各部门要认真进行</span><span style="font-size:15px">进行自查自纠。</span></p>'
        "</body></html>"
    )
    [found] = findings(page, "a.html", "html")
    place = found.place
    assert (place.label, place.paragraph, place.column) == ("第1段", 1, 12)
    assert place.quote == "会议要求，各部门要认真进行进行自查自纠。"
    assert place.quote[place.start : place.end] == "进行进行"
    assert "</span>" in found.text  # the file's own excerpt keeps the markup; the editor's never does


def test_the_title_and_captions_are_named_and_not_counted_as_paragraphs():
    draft = f"# 关于开展自查自纠进行进行的通知\n\n第一段。\n\n{DOUBLED}\n"
    labels = [(f.place.label, f.place.paragraph) for f in findings(draft, "a.md", "markdown")]
    assert labels == [("标题", None), ("第2段", 2)]


def test_metadata_has_no_place_and_keeps_its_line():
    draft = "---\ntitle: 通知\nlabel: 转载\n---\n\n各部门要认真开展自查自纠。\n"
    [found] = [f for f in findings(draft, "a.md", "markdown", select="provenance") if f.rule.startswith("provenance.repost")]
    assert found.place is None and found.line == 3


def test_a_link_finding_that_begins_at_its_tag_is_placed_at_its_words():
    page = (
        '<p><a href="http://www.example-bet88.com/">点击进入官方网站</a></p>'
        "<p>11月19日，普安县召开秋冬季农业生产暨乡村振兴重点工作推进会，安排部署下一阶段重点工作。</p>"
    )
    found = findings(page, "a.html", "html", select="link")
    [stray] = [f for f in found if f.rule == "link.top-stray"]
    assert stray.text.startswith("<a") and stray.place.label == "第1段"
    assert stray.place.quote == "点击进入官方网站"


def test_a_long_paragraph_is_quoted_around_the_finding_only():
    long = "各部门要认真开展自查自纠" * 400 + "进行进行" + "，确保各项工作落到实处" * 400 + "。"
    [found] = findings(long + "\n", "a.txt", "text")
    place = found.place
    assert len(place.quote) <= 2 * 40 + 80 and place.quote[place.start : place.end] == "进行进行"
    assert place.column == len("各部门要认真开展自查自纠" * 400) + 1


def test_json_gives_the_rule_name_and_the_editors_position(tmp_path, capsys):
    draft = tmp_path / "a.md"
    draft.write_text(f"# 通知\n\n第一段。\n\n{DOUBLED}\n", encoding="utf-8")
    main([str(draft), "--format", "json", "--select", "typo.duplicate"])
    [finding] = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert (finding["line"], finding["column"]) == (5, 7)
    assert finding["title"] == "重复字词"
    assert (finding["place"], finding["paragraph"], finding["place_column"]) == ("第2段", 2, 7)


def test_the_results_cache_keeps_the_places(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GOVLINT_RESULTS_CACHE", str(tmp_path / "cache"))
    draft = tmp_path / "a.txt"
    draft.write_text(DOUBLED + "\n", encoding="utf-8")
    outputs = []
    for _ in range(2):  # the second run is served from the cache
        main([str(draft), "--checklist", "line"])
        outputs.append(capsys.readouterr().out)
    assert any((tmp_path / "cache").iterdir())
    assert outputs[0] == outputs[1] and "第1段第7字" in outputs[1] and " 第1段 │ " in outputs[1]
