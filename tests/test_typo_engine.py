"""The offline typo engine and its rules on realistic government sentences."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from govlint.config import Config, ConfigError, from_mapping
from govlint.engine import check_document, lint_file
from govlint.readers.markdown import read_markdown
from govlint.readers.text import read_text
from govlint.typo import features, hashing, modelfile, propose, wordlm
from govlint.typo.correct import correct_sentences
from govlint.typo.hashing import LENGTH_SALT, codes, find, might_hold, sorted_ranges, sorted_search
from govlint.typo.protect import protected_masks

REPO = Path(__file__).resolve().parents[1]
TYPO = Config(select=("typo",))


def findings(text: str, config: Config = TYPO) -> list[tuple[str, str, str | None]]:
    result = check_document(read_text(text + "\n", "t.txt", "utf-8"), config)
    return [(f.rule, f.text, f.suggestion) for f in result.findings]


def test_wrong_character_is_found_with_its_correction():
    assert findings("要坚持以人民为中心，切实解决群众急难愁盼问提。") == [("typo.wrong-char", "提", "题")]


def test_curated_misspellings_are_found_once_with_the_right_form():
    assert findings("各项工作要按步就班推进，不能默守成规。") == [
        ("typo.confusion", "按步就班", "按部就班"),
        ("typo.confusion", "默守成规", "墨守成规"),
    ]


def test_misspelt_idiom_outside_the_curated_list():
    assert findings("对待群众要一视同人，遇到困难不能束手无测。") == [
        ("typo.idiom", "一视同人", "一视同仁"),
        ("typo.idiom", "束手无测", "束手无策"),
    ]


def test_missing_character_of_an_idiom_is_an_empty_range_with_the_character():
    result = check_document(read_text("要以迫不待的心情抓好落实。\n", "t.txt", "utf-8"), TYPO)
    (finding,) = result.findings
    assert (finding.rule, finding.column, finding.end_column, finding.suggestion) == ("typo.missing-char", 5, 5, "及")


def test_wechat_example_missing_character_is_found_where_it_is():
    result = lint_file(REPO / "examples" / "wechat-article.html", Config(select=("typo.missing-char",)))
    (finding,) = result.findings
    source = (REPO / "examples" / "wechat-article.html").read_text(encoding="utf-8")
    assert source[finding.offset - 3 : finding.offset] == "乡村振" and finding.suggestion == "兴"


@pytest.mark.parametrize(
    "text",
    [
        "11月19日，普安县召开秋冬季农业生产暨乡村振兴重点工作推进会，安排部署下一阶段重点工作。",
        "县委督查室、县政府督查室要对重点工作落实情况开展督查，定期通报进展。",
        "今年以来，全县农村人居环境明显改善，粮食生产再获丰收。",
        "各地要因地制宜、分类施策，确保各项惠民政策落地见效。",
        "参保人员可通过国家医保服务平台查询缴费记录，也可拨打12393咨询。",
        "张建国同志任县人民政府办公室主任，李晓梅同志任县发展和改革局局长。",
        "关注“普安医保”微信公众号，或登录国家医保服务平台，按提示完成缴费。",  # 登录, not 登陆
        "全县新建山塘20座，整治灌排渠道75公里。",  # a classifier after a number, a water-works term
        "根据《普安县支持新型农村集体经济发展的若干措施》（普政发〔2026〕8号）要求，现通知如下。",
        "近日，中央网信办召开会议，部署下一阶段重点工作。",  # 网信办, not 网申办
        "会议由网格化管理负责同志主持，各有关单位参加。",  # 网格化, not 网络化
    ],
)
def test_clean_government_sentences_give_no_finding(text):
    assert findings(text) == []


def test_names_and_allowed_words_are_protected():
    mask = protected_masks(["请北京市海淀区的张三同志联系"], ["张三"])[0]
    assert mask[1:4].all() and mask[8:10].all() and not mask[0]
    config = Config(select=("typo",), allow_words=frozenset({"问提"}))
    assert findings("切实解决群众急难愁盼问提。", config) == []


@pytest.mark.parametrize(
    ("text", "protected"),
    [
        ("参会人员：张建国、李晓梅、王强", "张建国李晓梅王强"),  # a list of names after a surname
        ("张建国同志主持会议", ""),  # 张建国同志 runs on: no list punctuation beside it
        ("（艾力肯）", "艾力肯"),  # a byline in brackets, whatever its first character
        ("工作简报", "工作简报"),  # a whole text of 2-4 characters counts as bracketed
        ("工作简报\n", ""),  # but not when a line break ends it
        ("（认真做好秋冬种工作）", ""),  # too long for a byline
        ("张建国强、李四", "李四"),  # four characters are no listed name
        ("国务卿鲁比奥表示愿意继续对话", "鲁比奥"),  # three characters of the transliteration tables
        ("总统萨维·德托夫发表讲话", "萨维·德托夫"),  # a foreign name's parts joined by a middle dot
        ("要加强基础设施建设", ""),  # two such characters in a row are ordinary words
    ],
)
def test_name_like_runs_are_protected(text, protected):
    mask = protected_masks([text], ())[0]
    assert "".join(c for c, kept in zip(text, mask, strict=True) if kept) == protected


def test_batched_engine_matches_one_sentence_at_a_time():
    texts = ["切实解决群众急难愁盼问提。", "各项工作要按步就班推进。", "会议由县长主持。"]
    batched = correct_sentences(texts)
    assert batched == [correct_sentences([t])[0] for t in texts]
    assert batched[0] == {11: "题"} and batched[1] == {6: "部"} and batched[2] == {}


def test_user_confusion_pairs_file(tmp_path):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("# 本单位常见笔误\n普按县\t普安县\n", encoding="utf-8")
    config = from_mapping({"confusion_pairs": ["pairs.tsv"], "select": ["typo.confusion"]}, "t.toml", tmp_path)
    assert findings("普按县召开会议。", config) == [("typo.confusion", "普按县", "普安县")]


def test_bad_confusion_pairs_file_is_a_config_error(tmp_path):
    (tmp_path / "bad.tsv").write_text("只有一列\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="confusion_pairs"):
        from_mapping({"confusion_pairs": ["bad.tsv"]}, "t.toml", tmp_path)
    with pytest.raises(ConfigError, match="typo_model"):
        from_mapping({"typo_model": "no-such-model"}, "t.toml", tmp_path)


def test_code_and_hidden_text_are_not_proofread():
    document = read_markdown("命令 `按步就班` 原样引用。\n\n```\n问提\n```\n", "c.md", "utf-8")
    assert check_document(document, TYPO).findings == ()


def test_model_is_unpacked_to_the_cache_and_memory_mapped(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path))
    first = modelfile.Model()
    (folder,) = tmp_path.iterdir()
    assert (folder / "complete").is_file() and (folder / "word_h.npy").is_file()
    second = modelfile.Model()
    assert (first.word_h[:100] == second.word_h[:100]).all()
    assert first.log_total > 10


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("各地要加强冬季防火宣船，提高群众安全意识。", "船", "传"),  # a homophone of a common word
        ("要严格落实安全生产则任制。", "则", "责"),
        ("完善社会保帐体系，增进民生福祉。", "帐", "障"),
        ("全县上下要坚决打赢脱贫攻坚占。", "占", "战"),
    ],
)
def test_typed_homophones_are_corrected(text, wrong, right):
    assert findings(text) == [("typo.wrong-char", wrong, right)]


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("坚决纠正重男经女的错误观念。", "经", "轻"),  # a wrong radical beside the right part (纟 for 车)
        ("确保院成全年目标任务。", "院", "完"),  # a radical added (院 = 阝 + 完)
    ],
)
def test_component_lookalikes_are_corrected(text, wrong, right):
    # Neither pair is in pycorrector's confusion sets; both come from
    # dictionaries/typo/lookalikes.txt (scripts/build_lookalikes.py).
    assert findings(text) == [("typo.wrong-char", wrong, right)]
    assert findings(text.replace(wrong, right)) == []


def test_a_sentence_gets_the_same_edits_whatever_its_batch():
    # Two wrong characters side by side widen the context windows of their
    # edits; the other sentences of the batch must not be scored differently.
    alone = ["完善社会保帐体系，增进民生福祉。", "会议由县长主持。"]
    crowd = ["要求师公单位对政府投资项目垫资建设。", *alone, "各部门要认真布署今冬明春安全生产工作。"]
    assert correct_sentences(crowd)[1:3] == correct_sentences(alone) == [{5: "障"}, {}]


def test_per_character_tables_agree_with_the_hash_tables():
    # The engine indexes per-character tables instead of hashing one-character
    # words; a character beyond the tables (𠮷, U+20BB7) falls back to the hashes.
    m = modelfile.model()
    text = "的地得施工师公乡村振兴𠮷a，"
    cp = codes(text)
    with np.errstate(over="ignore"):
        one = LENGTH_SALT + cp
    assert (modelfile.char_word_logf(m, cp) == m.word_logf(one)).all()
    assert (modelfile.unigram_logf(m, cp) == hashing.lookup(m.uni_h, m.uni_v, one)).all()
    assert (m.char_word_ids(cp) == wordlm.word_ids(m, one)).all()
    rows, new = propose.confusables(m, cp, tuple(range(1, modelfile.COMPONENT_KIND + 1)))  # every kind
    for i, c in enumerate(text):
        o = np.uint64(ord(c)) << np.uint64(21)
        pairs = m.pair_keys[(m.pair_keys >= o) & (m.pair_keys < o + (np.uint64(1) << np.uint64(21)))]
        assert sorted(new[rows == i].tolist()) == sorted((pairs & np.uint64((1 << 21) - 1)).tolist())
    assert correct_sentences(["𠮷祥路施工单位要加强安全管理。"]) == [{}]


def test_fuzzy_pinyin_slip_in_a_common_pattern_is_corrected():
    # 总/终 differ only by zh/z: a slip of southern speakers and fuzzy-pinyin input.
    assert correct_sentences(["我们总于等到了这一天。"]) == [{2: "终"}]


@pytest.mark.parametrize("table", modelfile.BLOOMED)
def test_bloom_filtered_lookups_equal_the_plain_search(table):
    # Every look-up of a large table first asks its Bloom filter; a key of the
    # table must always get through, and the answers must be the search's own.
    m = modelfile.model()
    keys = getattr(m, table)
    bloom = getattr(m, f"{table}_bloom")
    rng = np.random.default_rng(7)
    present = keys[rng.integers(0, len(keys), 5000)]
    absent = rng.integers(0, np.iinfo(np.int64).max, 20000, dtype=np.int64).astype(np.uint64)
    query = np.concatenate([present, absent, keys[:300] + np.uint64(1)])
    assert might_hold(bloom, present).all()
    assert might_hold(bloom, absent).mean() < 0.06  # the point of the filter
    at, found = find(keys, query, bloom)
    plain_at, plain_found = find(keys, query)
    assert (found == plain_found).all() and found[:5000].all()
    assert (at[found] == plain_at[found]).all()
    lo, hi = sorted_ranges(keys, query, bloom)  # the masked and homophone tables repeat keys
    plain_lo, plain_hi = sorted_ranges(keys, query)
    assert ((hi - lo) == (plain_hi - plain_lo)).all() and (lo[hi > lo] == plain_lo[hi > lo]).all()


@pytest.mark.parametrize("size", [10, 63, 64, 5000])
def test_searches_of_repeated_queries_equal_numpy_searchsorted(size):
    # A batch of the engine repeats most of its queries and each distinct one
    # is searched once: the answers must still be numpy's for every query,
    # whatever the order, in tables that repeat keys too.
    rng = np.random.default_rng(size)
    keys = np.sort(rng.integers(0, 800, 600).astype(np.uint64))
    query = rng.integers(0, 850, size).astype(np.uint64)
    for side in ("left", "right"):
        assert (sorted_search(keys, query, side) == np.searchsorted(keys, query, side)).all()
    lo, hi = sorted_ranges(keys, query)
    assert (lo == np.searchsorted(keys, query, "left")).all() and (hi == np.searchsorted(keys, query, "right")).all()


def test_distinct_edits_keep_the_best_window_as_a_three_key_sort_does(monkeypatch):
    # Many windows propose the same edit; the one that gains most is kept,
    # the first such row on a tie, and the edits come out in order. The
    # one-key sort must agree with the plain three-key sort (its fallback).
    rng = np.random.default_rng(3)
    n = 4000
    pos = rng.integers(0, 100, n)
    two = rng.random(n) < 0.3
    pos2 = np.where(two, pos + rng.choice([1, 4], n), -1)
    proposals = propose.Proposals(
        pos, rng.integers(0x4E00, 0x4E04, n).astype(np.uint64), pos2,
        np.where(two, rng.integers(0x4E00, 0x4E02, n), 0).astype(np.uint64),
        rng.integers(0, 4, n).astype(np.float32), rng.integers(0, 3, n).astype(np.float32),
        rng.integers(1, 5, n).astype(np.float32),
    )
    fast = propose.distinct(proposals)
    monkeypatch.setattr(propose, "_edit_keys", lambda p: None)
    plain = propose.distinct(proposals)
    assert len(fast.pos) < n / 2  # the case at hand: many repeats and ties
    for name in ("pos", "new", "pos2", "new2", "word", "window", "length"):
        assert np.array_equal(getattr(fast, name), getattr(plain, name)), name


def test_a_model_unpacked_by_an_older_govlint_is_not_reused_but_removed(tmp_path, monkeypatch):
    # The cache folder's name covers the derived tables, so a folder unpacked
    # without the Bloom filters is never taken for a complete one; unpacking
    # the new one removes it (each is 35-100 MB), and an interrupted
    # unpacking left over an hour ago.
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(modelfile, "DERIVED", modelfile.DERIVED[:4])
    modelfile.Model()
    (older,) = tmp_path.iterdir()
    interrupted, recent = tmp_path / ".typo-model-interrupted", tmp_path / ".typo-model-in-progress"
    for folder in (interrupted, recent):
        folder.mkdir()
    os.utime(interrupted, (time.time() - 7200, time.time() - 7200))
    monkeypatch.undo()
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path))
    m = modelfile.Model()
    (current,) = tmp_path.glob("typo-model-*")
    assert current != older and (current / "complete").is_file() and m.word_h_bloom.any()
    assert not older.exists() and not interrupted.exists() and recent.exists()


def test_a_cache_folder_removed_while_loading_falls_back_to_the_shipped_file(tmp_path, monkeypatch):
    # Another govlint version unpacking its model removes this one's folder;
    # a process that found it complete a moment before must still start.
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path))
    modelfile.Model()
    (folder,) = tmp_path.glob("typo-model-*")
    (folder / "word_h.npy").unlink()
    m = modelfile.Model()
    assert len(m.word_h) > 600_000 and m.word_h_bloom.any()
    assert (m.word_logf(m.word_h[:1000]) > 0).all()


def test_frequent_confusable_characters_are_the_confusable_ones_filtered():
    # typo.wrong-char tries, at a suspect, the characters read the same that
    # are common words of their own: a table made for that, in the same order.
    m = modelfile.model()
    start, new = m.chars.close_pairs(m, propose.SINGLE_KINDS)
    f_start, f_new = m.chars.close_pairs(m, propose.SINGLE_KINDS, propose.SINGLE_MIN_WORD)
    for char in "仍去在座做的":
        i = ord(char) - hashing.HAN_FIRST
        every = new[start[i] : start[i + 1]]
        frequent = every[modelfile.char_word_logf(m, every + np.uint64(1)) > propose.SINGLE_MIN_WORD]
        assert f_new[f_start[i] : f_start[i + 1]].tolist() == frequent.tolist()
    i = ord("取") - hashing.HAN_FIRST
    assert "".join(map(chr, f_new[f_start[i] : f_start[i + 1]])) == "区去"  # 帮我取火车站 -> 去


def _pair_kind(a: str, b: str) -> int:
    one = [np.array([ord(c)], dtype=np.uint64) for c in (a, b)]
    return int(modelfile.pair_kind(modelfile.model(), *one)[0])


def test_component_lookalikes_are_confusion_pairs_of_their_own_kind():
    # dictionaries/typo/lookalikes.txt: 经/轻 share their right part (重男经女
    # for 轻), 女 is a part of 奴 (奴朋友 for 女); the scorer weighs the kind
    # with its own feature. Every pair of the file is in the table, and the
    # table stays sorted for its binary searches.
    assert _pair_kind("经", "轻") == _pair_kind("轻", "经") == modelfile.COMPONENT_KIND
    assert _pair_kind("奴", "女") == modelfile.COMPONENT_KIND
    m = modelfile.model()
    extra = modelfile.lookalike_pairs(modelfile.data_path(modelfile.LOOKALIKES_FILE))
    assert len(extra) > 20_000
    assert hashing.find(m.pair_keys, extra, m.pair_keys_bloom)[1].all()
    assert (m.pair_keys[1:] > m.pair_keys[:-1]).all()
    assert "component" in features.FEATURES and "component" in features.FIRST_STAGE


def test_a_lookalike_pair_the_model_has_keeps_its_closer_kind():
    keys, kinds = np.array([5, 9, 20], dtype=np.uint64), np.array([1, 3, 6], dtype=np.uint8)
    merged, merged_kinds = modelfile.with_lookalikes(keys, kinds, np.array([9, 12, 30], dtype=np.uint64))
    assert merged.tolist() == [5, 9, 12, 20, 30]
    assert merged_kinds.tolist() == [1, 3, modelfile.COMPONENT_KIND, 6, modelfile.COMPONENT_KIND]


def test_a_new_lookalikes_file_unpacks_the_model_again(tmp_path, monkeypatch):
    # The cache folder's name covers the look-alikes merged into the pairs:
    # a govlint with a new list never reads pairs unpacked from an older one.
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path))
    modelfile.Model()
    (older,) = tmp_path.glob("typo-model-*")
    shipped = modelfile.data_path(modelfile.LOOKALIKES_FILE)
    edited = tmp_path / "lookalikes.txt"
    edited.write_text(shipped.read_text(encoding="utf-8") + "甲\t申\n", encoding="utf-8")
    real = modelfile.data_path
    monkeypatch.setattr(modelfile, "data_path", lambda rel: edited if rel == modelfile.LOOKALIKES_FILE else real(rel))
    m = modelfile.Model()
    (current,) = tmp_path.glob("typo-model-*")
    assert current != older and not older.exists()
    key = np.array([(ord("甲") << 21) | ord("申")], dtype=np.uint64)
    assert hashing.find(m.pair_keys, key)[1].all()
