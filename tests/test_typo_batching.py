"""The typo rules work on a whole document at once (batched look-ups, a
prefilter before jieba): the findings must be those of the plain,
block-by-block way of computing them."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from govlint.checks.typo.duplicates import doubled_tokens, duplicate_spans
from govlint.model import BlockBuilder
from govlint.readers.soup import TagIndex as _TagIndex
from govlint.readers.soup import parse
from govlint.typo import idioms, lexicon
from govlint.typo.idioms import idiom_matches
from govlint.typo.missing import document_terms, missing_matches
from govlint.typo.protect import protected_masks

PROSE = (
    "县人民政府召开常务会议，研究部署冬季安全生产、森林防火和民生保障等工作。"
    "会议要求，各乡镇要以迫不及待的心情抓好落实，推动乡村振兴取得新成效。"
    "今年以来，全县新建和改造农村公路一百二十公里，群众出行条件明显改善。"
)


def block(text: str):
    builder = BlockBuilder()
    builder.add_source(text, 0)
    return builder.build(0, "paragraph")


@pytest.mark.parametrize(
    "text",
    [
        "全县上下要进行进行全面排查，推进推进改革。",
        # A repeated stretch of rare (CJK extension A) characters runs on into
        # a doubled word: jieba splits there, the doubled word must still be found.
        "。进行进行-推进推进改革。㐀㐁㐀㐁会议会议会议㐀㐁㐀㐁会议会议会议工作工作进行",
        "ab进行进行12会议会议，\u9fe0\u9fe0研究研究，一个一个地登记。",
        "侵华日军南京大屠杀遇难同胞纪念馆侵华日军南京大屠杀遇难同胞纪念馆",
        PROSE,
    ],
)
def test_duplicates_equal_a_full_segmentation(text):
    # jieba over the whole text, every token examined: typo.duplicate as first written.
    every_token = _jieba().tokenize(text, HMM=False)
    assert list(duplicate_spans(block(text), frozenset())) == list(doubled_tokens(text, every_token, frozenset()))


def test_document_batches_equal_one_block_at_a_time():
    texts = [
        "要以迫不待的心情抓好落实，推动乡村振兴。",
        "乡村振兴是大事，乡村振要抓实。",
        "工作简报",  # a whole block of 2-4 characters (a byline, a heading): protected
        "请北京市海淀区的张三同志联系，乡村振兴。",
        "",
    ]
    terms = document_terms(texts)
    assert "乡村振兴" in terms
    assert missing_matches([texts], [terms])[0] == [missing_matches([[t]], [terms])[0][0] for t in texts]
    assert (4, "及", "迫不及待") in missing_matches([texts], [terms])[0][0]
    assert (11, "兴", "乡村振兴") in missing_matches([texts], [terms])[0][1]
    words = ["张三"]
    for batched, text in zip(protected_masks(texts, words), texts, strict=True):
        assert np.array_equal(batched, protected_masks([text], words)[0])
    assert protected_masks(texts, words)[2].all()  # its ends are the block's, not the joining breaks


def test_documents_together_equal_one_document_at_a_time():
    # Each document's own phrases: 乡村振 is short of a character only in the
    # document that writes 乡村振兴 twice.
    documents = [
        ["要以迫不待的心情抓好落实，推动乡村振兴。", "乡村振兴是大事，乡村振要抓实。"],
        ["乡村振要抓实，迫不待。", ""],
        [],
        ["请张三同志联系。"],
    ]
    terms = [document_terms(texts) for texts in documents]
    together = missing_matches(documents, terms)
    assert together == [missing_matches([texts], [t])[0] for texts, t in zip(documents, terms, strict=True)]
    assert (11, "兴", "乡村振兴") in together[0][1]
    assert not any(phrase == "乡村振兴" for _, _, phrase in together[1][0])
    assert (9, "及", "迫不及待") in together[1][0]


IDIOM_TEXTS = [
    "对待群众要一视同人，遇到困难不能束手无测。",
    "按步就班抓落实，一视同人又一视同人。",  # three idioms in one text, one of them twice
    "",
    "No Han here, 123.",
    "今年以来，全县新建农村公路。",  # 今年以来 is two good words, not a misspelt 近年以来
    "束手无测",
]


def test_idioms_looked_up_together_equal_one_text_at_a_time(monkeypatch):
    monkeypatch.setattr(idioms, "_KNOWN_IDIOMS", {})
    alone = []
    for text in IDIOM_TEXTS:
        idioms._KNOWN_IDIOMS.clear()
        alone.append(idiom_matches([text])[0])
    assert alone[0] == ((5, "一视同仁"), (16, "束手无策"))
    assert [idiom for _, idiom in alone[1]] == ["按部就班", "一视同仁", "一视同仁"]
    assert alone[2] == alone[3] == alone[4] == ()
    idioms._KNOWN_IDIOMS.clear()
    texts = [*IDIOM_TEXTS, IDIOM_TEXTS[0]]  # a repeat in the batch
    assert idiom_matches(texts) == [*alone, alone[0]]
    assert set(idioms._KNOWN_IDIOMS) == set(IDIOM_TEXTS)
    # A full table is emptied before new texts go in; the answers stay the same.
    monkeypatch.setattr(idioms, "KNOWN_IDIOMS_SIZE", 3)
    assert idiom_matches(IDIOM_TEXTS[:2]) == alone[:2]
    assert [idiom_matches([t])[0] for t in reversed(IDIOM_TEXTS)] == alone[::-1]
    assert len(idioms._KNOWN_IDIOMS) <= len(IDIOM_TEXTS)


def test_curated_misspellings_are_kept_per_table(monkeypatch, tmp_path):
    monkeypatch.setattr(lexicon, "_KNOWN_CONFUSIONS", {})
    text = "各项工作要按步就班推进，不能默守成规。"
    base = lexicon.confusion_table()
    ours = tmp_path / "ours.tsv"
    ours.write_text("推进\t推动\n", encoding="utf-8")
    extended = lexicon.confusion_table((ours,))
    expected = [(5, "按部就班"), (14, "墨守成规")]
    assert [(i, p.right) for i, p in lexicon.confusion_matches(text, base)] == expected
    # The same text with another table (a user's pairs added) is looked up anew.
    assert [p.right for _, p in lexicon.confusion_matches(text, extended)] == ["按部就班", "推动", "墨守成规"]
    assert [(i, p.right) for i, p in lexicon.confusion_matches(text, base)] == expected
    # A full table is emptied before new texts go in; the answers stay the same.
    monkeypatch.setattr(lexicon, "KNOWN_CONFUSIONS_SIZE", 1)
    assert lexicon.confusion_matches("无误。", base) == ()
    assert [(i, p.right) for i, p in lexicon.confusion_matches(text, base)] == expected
    assert len(lexicon._KNOWN_CONFUSIONS) == 1


def test_tag_index_selects_what_soupsieve_selects():
    html = (
        '<html><body><div id="js_content" class="a rich_media_content a">正文</div>'
        '<p class="content">一</p><article><h1 class="rich_media_title">标题</h1></article>'
        '<main><span id="js_name">账号</span></main><div class="Content">大写</div>'
        "</body></html>"
    )
    soup = parse(html)
    index = _TagIndex(soup)
    for selector in ("#js_content", ".rich_media_content", ".content", "article", "main", "h1",
                     "#js_name", ".rich_media_title", "#meta_content span.rich_media_meta_text", "#missing"):
        assert index.select(selector) == soup.select(selector), selector
    # Compound selectors from an id: nothing where no element has the id, and
    # soupsieve's answer where one has (a selector list is always soupsieve's).
    with_id = parse(
        '<div id="meta_content"><em class="rich_media_meta_text">日期</em>'
        '<span class="rich_media_meta_text x">作者</span><p><span class="rich_media_meta_text">二</span></p></div>'
        '<span class="rich_media_meta_text">外面</span><div id="meta_content"><span class="rich_media_meta_text">再</span></div>'
    )
    for page in (soup, with_id):
        index = _TagIndex(page)
        for selector in ("#meta_content span.rich_media_meta_text", "#meta_content > span", "#meta_content + span",
                         "#meta_content em", "#missing span", "#missing, span.rich_media_meta_text",
                         "#missing ,span"):
            assert index.select(selector) == page.select(selector), selector
    assert [t.get_text() for t in _TagIndex(with_id).select("#meta_content span.rich_media_meta_text")] == [
        "作者", "二", "再"]
    # Inside a <template> soupsieve sees nothing: the index then leaves it to soupsieve.
    soup = parse('<template><div id="js_content">模板</div></template><div id="js_content">正文</div>')
    assert _TagIndex(soup).select("#js_content") == soup.select("#js_content")


def _drafts(tmp_path):
    """Drafts with wrong characters in several paragraphs, a GBK text file and
    an unreadable file in the middle of the list."""
    paths = []
    for n, text in enumerate([
        "# 通知\n\n要坚持以人民为中心，切实解决群众急难愁盼问提。\n\n各单位要加强师工管理。\n",
        "县人民政府召开常务会议，研究部署冬季安全生产工作。\n\n他很开兴地说，乡村振兴取得新成效。\n",
        # Missing characters: an idiom short of one, and a cut-off first paragraph.
        "民政府召开常务会议，要以迫不待的心情抓好落实。\n\n乡村振兴是大事。\n",
    ]):
        path = tmp_path / f"draft{n}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    broken = tmp_path / "broken.md"
    broken.write_bytes(b"\x00\x01\x02 not a draft")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("全体干部要认真学习，推动工作落食。\n".encode("gbk"))
    return [paths[0], broken, gbk, paths[1], paths[2]]


def test_files_linted_as_a_batch_have_the_findings_they_have_alone(tmp_path):
    from govlint.config import Config
    from govlint.engine import lint_file, lint_files

    paths = _drafts(tmp_path)
    config = Config()
    batched = lint_files(paths, config)
    alone = [lint_file(path, config) for path in paths]
    assert [r.path for r in batched] == [str(p) for p in paths]
    assert batched[1].error and not batched[2].error and batched[2].encoding == "gb18030"
    assert batched == alone
    suggestions = {f.suggestion for r in alone for f in r.findings if f.rule == "typo.wrong-char"}
    assert {"题", "心", "实"} <= suggestions
    assert {f.suggestion for f in batched[4].findings if f.rule == "typo.missing-char"} == {"人", "及"}


@pytest.mark.parametrize("rule_id", ["typo.wrong-char", "typo.missing-char"])
def test_a_failing_prepare_step_leaves_the_rule_to_work_per_document(tmp_path, monkeypatch, rule_id):
    import dataclasses

    from govlint import rules
    from govlint.config import Config
    from govlint.engine import lint_file, lint_files

    def broken(documents, contexts):
        contexts[0].prepared[rule_id] = "half-done"
        raise RuntimeError("batch failed")

    paths = _drafts(tmp_path)
    config = Config(select=("typo",))
    expected = [lint_file(path, config) for path in paths]
    rule = rules._REGISTRY[rule_id]
    monkeypatch.setitem(rules._REGISTRY, rule_id, dataclasses.replace(rule, prepare=broken))
    results = lint_files(paths, config)
    assert results == expected
    assert not any(r.rule_errors for r in results)


@functools.lru_cache(maxsize=1)
def _jieba():
    """jieba's own tokenizer (the test extra installs it), the reference
    that govlint's tokenizer (rjieba) is held to."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def test_the_repeat_pattern_covers_jiebas_longest_word():
    from govlint.checks.typo.duplicates import LONGEST_WORD

    assert max(map(len, _jieba().FREQ)) <= LONGEST_WORD


def test_a_draft_without_a_repeat_never_loads_jieba(tmp_path):
    # Loading jieba's dictionary is half of a one-file run (a pre-commit hook);
    # only a draft with a repeated stretch of Han characters needs it.
    import subprocess
    import sys

    probe = (
        "import sys; from govlint.cli.main import main; from govlint.typo.segment import tokenizer; "
        "code = main(sys.argv[1:] + ['-q']); print(code, tokenizer.cache_info().currsize)"
    )
    clean = tmp_path / "clean.md"
    clean.write_text("# 通知\n\n县人民政府召开常务会议，研究部署冬季安全生产工作。\n", encoding="utf-8")
    doubled = tmp_path / "doubled.md"
    doubled.write_text("# 通知\n\n各单位要进行进行全面排查。\n", encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-c", probe, str(p)], capture_output=True, text=True) for p in (clean, doubled)]
    assert [r.stdout.split()[-2:] for r in runs] == [["0", "0"], ["1", "1"]], [r.stderr for r in runs]
