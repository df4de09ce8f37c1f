"""The typo check's data files are reviewed data: kept clean by tests."""

from __future__ import annotations

import json
import re
import sys
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from pypinyin import Style, pinyin

from govlint.data import data_path, word_list
from govlint.typo import modelfile, propose, wordlm, wordtables
from govlint.typo.hashing import MASK, POWERS, word_hashes
from govlint.typo.idioms import _confusable
from govlint.typo.lexicon import read_pairs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import compile_pycorrector_data

HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def _syllables(char: str) -> set[str]:
    return set(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


@lru_cache(maxsize=1)
def _strokes() -> dict[str, str]:
    # pycorrector's stroke table: a build input (the test extra installs pycorrector).
    lines = (compile_pycorrector_data.data_folder() / "stroke.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if "\t" in line and not line.startswith("#"))


def _plausible(wrong: str, right: str) -> bool:
    """Sounds alike (a shared syllable, or a fuzzy one) or looks alike (a
    pycorrector look-alike set, or stroke sequences at least 70% the same)."""
    if _syllables(wrong) & _syllables(right) or _confusable(wrong, right):
        return True
    a, b = _strokes().get(wrong, ""), _strokes().get(right, "")
    if a and b and SequenceMatcher(None, a, b).ratio() >= 0.7:
        return True
    fuzzy = {re.sub(r"^([zcs])h", r"\1", s).replace("ng", "n") for s in _syllables(wrong)}
    return bool(fuzzy & {re.sub(r"^([zcs])h", r"\1", s).replace("ng", "n") for s in _syllables(right)})


def test_confusion_pairs_are_clean():
    pairs = read_pairs(data_path("typo/confusion.tsv"))
    assert len(pairs) >= 200
    wrongs = [p.wrong for p in pairs]
    assert len(wrongs) == len(set(wrongs)), "duplicate wrong forms"
    rights = set(p.right for p in pairs)
    for pair in pairs:
        assert HAN.match(pair.wrong) and HAN.match(pair.right), pair
        assert pair.wrong != pair.right and len(pair.wrong) == len(pair.right), pair
        assert pair.wrong not in rights, f"{pair.wrong} is also listed as a right form"
        diffs = [(a, b) for a, b in zip(pair.wrong, pair.right, strict=True) if a != b]
        assert 1 <= len(diffs) <= 2, pair
        assert all(_plausible(a, b) for a, b in diffs), f"{pair}: not a plausible confusion"


def test_confusion_right_forms_are_not_reported_by_the_engine():
    from govlint.typo.correct import correct_sentences

    rights = sorted({p.right for p in read_pairs(data_path("typo/confusion.tsv"))})
    flagged = [r for r, fixes in zip(rights, correct_sentences(rights), strict=True) if fixes]
    assert flagged == []


def test_government_terms_list_is_clean():
    lines = [line.split("#", 1)[0].strip() for line in data_path("typo/terms.txt").read_text("utf-8").splitlines()]
    terms = [t for t in lines if t]
    assert len(terms) == len(set(terms)) and all(HAN.match(t) for t in terms)
    assert word_list("typo/terms.txt") == frozenset(terms)


def test_standard_formulations_list_is_clean():
    """Formulations of five Han characters or more (typo.missing-char
    compares shorter phrases otherwise), each listed once."""
    lines = [line.split("#", 1)[0].strip() for line in data_path("typo/formulations.txt").read_text("utf-8").splitlines()]
    listed = [f for f in lines if f]
    assert len(listed) == len(set(listed)) >= 30
    assert all(HAN.match(f) and len(f) >= 5 for f in listed)
    assert word_list("typo/formulations.txt") == frozenset(listed)


def test_model_records_its_inputs_and_tables_are_sorted():
    with np.load(data_path(modelfile.MODEL_FILE)) as data:
        meta = json.loads(bytes(data["meta"]).decode())
    assert set(meta["versions"]) == {"jieba", "pycorrector", "snownlp", "pypinyin", "wordfreq"}
    assert meta["word_lm"]["source"].startswith("libime") and meta["word_lm"]["words"] < 1 << wordlm.ID_BITS
    m = modelfile.model()  # as unpacked: the pair keys summed from their differences, the idiom tables derived
    for name in (
        "word_h", "bi_h", "uni_h", "tri_h", "mask_h", "snd_h", "pair_keys", "name_h", "idiom_mask_h", "idiom_del_h",
        "lm_h", "lm_pair",
    ):
        keys = getattr(m, name)
        assert len(keys) and bool(np.all(keys[1:] >= keys[:-1])), name
    assert len(m.lm_pair) == len(m.lm_pair_q) == meta["word_lm"]["bigrams"]
    assert len(np.unique(m.lm_pair)) == len(m.lm_pair) and int(m.lm_pair[-1]) < 1 << (2 * wordlm.ID_BITS)
    # 12.5 MB since its words ship as words (their tables are derived when unpacked); 20 MB before.
    assert data_path(modelfile.MODEL_FILE).stat().st_size <= 14 * 1024 * 1024


def test_character_sets_are_disjoint_single_characters():
    sets = sorted(word_list("typo/char_sets.txt"))
    members = [c for group in sets for c in group]
    assert sets and all(HAN.match(group) and len(group) >= 2 for group in sets)
    assert len(members) == len(set(members)), "a character belongs to one set only"
    keys, others = propose._char_sets()
    assert len(keys) == len(members) and others.shape[1] == max(map(len, sets)) - 1


def test_the_curated_rules_do_not_take_component_lookalikes_for_misspellings():
    # 略/各 and 眼/目 look alike by a component, but 略抒己见 and 眼光远大 are
    # sound phrases: without the engine's word evidence such a pair is not
    # enough to call a phrase a misspelt idiom.
    from govlint.typo.idioms import idiom_matches

    one = [np.array([ord(c)], dtype=np.uint64) for c in "略各"]
    assert modelfile.pair_kind(modelfile.model(), *one)[0] == modelfile.COMPONENT_KIND and not _confusable("略", "各")
    assert idiom_matches(["笔者也有兴趣略抒己见。"]) == [()]
    assert idiom_matches(["需要一批眼光远大的领导者。"]) == [()]
    assert idiom_matches(["全体干部再接再励，不负众望。"]) == [((4, "再接再厉"),)]  # a pair of the same pinyin


def test_the_model_packing_gives_back_the_same_arrays(tmp_path):
    """scripts/build_typo_model.py stores sorted key arrays as differences in
    an LZMA archive (a smaller wheel); govlint's loader must read back exactly
    the arrays written, and the same arrays must give the same bytes."""
    import build_typo_model

    arrays = {
        "word_h": np.array([3, 9, 2**63, 2**64 - 1], dtype=np.uint64),  # sorted keys: stored as differences
        "word_v": np.array([1.5, 2.0, -3.0, 0.0], dtype=np.float16),
        "snd_w": np.array([[5, 1], [2, 7]], dtype=np.uint32),
        "mixed": np.array([5, 1], dtype=np.uint64),  # not sorted: stored as is
        "lm_pair_delta": np.array([4, 2], dtype=np.uint32),  # already differences
    }
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    build_typo_model.write_model(first, arrays)
    build_typo_model.write_model(second, arrays)
    assert first.read_bytes() == second.read_bytes()
    with np.load(first) as data:
        assert sorted(data.files) == ["lm_pair_delta", "mixed", "snd_w", "word_h_delta", "word_v"]
        read = {modelfile._unpacked_name(n): modelfile._unpacked(n, data[n]) for n in data.files}
    for name in ("word_h", "word_v", "snd_w", "mixed"):
        assert read[name].dtype == arrays[name].dtype and np.array_equal(read[name], arrays[name])
    assert read["lm_pair"].tolist() == [4, 6]


def _small_lexicon() -> dict[str, int]:
    counts = {"中": 900, "国家": 50, "人民": 2, "中华人民": 10, "保障": 3, "保帐": 1}
    counts.update({c + "子": 5 + i for i, c in enumerate("一二三四五六七八九十百千万儿女父母孩男椅桌杯盘瓶箱柜鞋帽袜裙裤褂袄")})
    return counts


def _small_tables(counts: dict[str, int], sound_words: list[str], names: list[str]) -> dict[str, np.ndarray]:
    index = {w: i for i, w in enumerate(wordtables.lexicon_order(counts))}
    shipped = {**wordtables.pack_lexicon(counts), wordtables.SOUND_WORDS: np.array([index[w] for w in sound_words])}
    return wordtables.derived_tables(shipped, names)


def test_the_word_tables_are_derived_from_the_shipped_lexicon():
    """The model ships its words (2 MB packed, where their hash tables took
    8 MB); what is derived from them when the model is unpacked must be the
    tables the engine reads: each word's hash and count, each common word with
    one character masked (a crowded pattern listed apart), the homophone
    table's words and the names."""
    counts = _small_lexicon()
    tables = _small_tables(counts, ["国家", "保障", "中华人民"], ["张三", "北京", "X光", "张"])
    assert set(tables) == set(wordtables.TABLES)

    hashes = {w: int(word_hashes([w], len(w))[0]) for w in counts}
    assert tables["word_h"].tolist() == sorted(hashes.values())
    by_hash = dict(zip(tables["word_h"].tolist(), tables["word_v"].tolist(), strict=True))
    assert all(by_hash[hashes[w]] == float(np.float16(np.log(c + 1))) for w, c in counts.items())

    def masked(word: str, k: int) -> int:
        with np.errstate(over="ignore"):
            return int(np.uint64(hashes[word]) - np.uint64(ord(word[k]) + 1) * POWERS[k] + MASK * POWERS[k])

    rows = set(zip(tables["mask_h"].tolist(), tables["mask_c"].tolist(), strict=True))
    assert {(masked("国家", 0), ord("国")), (masked("国家", 1), ord("家")), (masked("保障", 1), ord("障"))} <= rows
    assert (masked("人民", 0), ord("人")) not in rows and (masked("保帐", 1), ord("帐")) not in rows  # rarer than 3
    assert (masked("中华人民", 2), ord("人")) in rows
    crowded = masked("椅子", 0)  # ?子 fits 33 words, more than MASK_MAX_PER_KEY
    assert crowded not in tables["mask_h"] and tables["mask_big"].tolist() == [crowded]
    assert (masked("椅子", 1), ord("子")) in rows
    assert bool(np.all(tables["mask_h"][1:] >= tables["mask_h"][:-1]))

    assert tables["snd_w"].tolist() == [[ord("国"), ord("家"), 0, 0], [ord("保"), ord("障"), 0, 0], [*map(ord, "中华人民")]]
    assert tables["snd_v"].tolist() == [float(np.float16(np.log(c + 1))) for c in (50, 3, 10)]
    assert tables["name_h"].tolist() == sorted(int(word_hashes([n], 2)[0]) for n in ("张三", "北京"))


def test_a_lexicon_word_must_fit_the_tables():
    for bad in ({"中华人民共和国": 5}, {"": 5}):
        with pytest.raises(ValueError, match="1-4"):
            wordtables.pack_lexicon(bad)


def test_repacking_an_older_model_keeps_its_tables_and_refuses_another_lexicon():
    """``build_typo_model.py --repack`` turns a model that shipped its word
    tables into one that ships the words: only if the lexicon the installed
    packages give derives exactly the same tables."""
    import build_typo_model

    counts = _small_lexicon()
    names = word_list(modelfile.NAMES_FILE)
    older = {**_small_tables(counts, ["国家", "保障"], names), "uni_v": np.array([1.0], dtype=np.float16)}
    current = build_typo_model.with_lexicon(older, counts)
    assert set(current) == {"uni_v", *wordtables.SHIPPED}
    again = wordtables.derived_tables(dict(current), names)
    assert all(np.array_equal(again[name], older[name]) for name in wordtables.TABLES)
    with pytest.raises(SystemExit, match="word_h"):
        build_typo_model.with_lexicon(older, {**counts, "新词": 4})
