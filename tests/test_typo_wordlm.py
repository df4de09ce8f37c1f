"""The typo engine's word bigram model: how it is built from an ARPA file,
how it scores a sentence, and what it adds to the engine."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from govlint.typo import engine, features, hashing, modelfile, propose, scoring, wordlm
from govlint.typo.correct import correct_sentences
from govlint.typo.hashing import bloom_filter
from govlint.typo.protect import protected_masks

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
import build_typo_model  # noqa: E402

# A tiny model in ARPA form: log10 probabilities, back-off weights.
ARPA = """
\\data\\
ngram 1=6
ngram 2=3

\\1-grams:
-3.0\t<unk>\t0
-1.0\t加强\t-0.5
-1.5\t施工\t-0.4
-1.2\t管理\t-0.3
-2.0\t工\t-0.2
-2.5\tabc\t0

\\2-grams:
-0.3\t加强 施工
-0.4\t施工 管理
-1.6\t管理 加强

\\end\\
"""


def tiny_model() -> SimpleNamespace:
    arrays, meta = build_typo_model.word_lm_tables(*build_typo_model.read_arpa(iter(ARPA.splitlines(True))))
    pairs = np.cumsum(arrays["lm_pair_delta"], dtype=np.uint64)
    m = SimpleNamespace(
        lm_h=arrays["lm_h"], lm_u=arrays["lm_u"], lm_b=arrays["lm_b"], lm_pair=pairs, lm_pair_q=arrays["lm_pair_q"],
        lm_h_bloom=bloom_filter(arrays["lm_h"]), lm_pair_bloom=bloom_filter(pairs),
        lm_unk=np.float32(meta["unk"] - wordlm.UNKNOWN_EXTRA), meta=meta,
    )
    m.char_word_ids = lambda cp: wordlm.one_char_ids(m, cp)
    return m


def test_arpa_becomes_sorted_tables_of_han_words_and_pruned_bigrams():
    m = tiny_model()
    assert m.meta["words"] == 4  # 加强 施工 管理 工; not <unk>, not abc
    assert m.meta["bigrams_in_file"] == 3
    # 管理 加强 (-1.6) is within 0.5 of its back-off estimate (-0.3 + -1.0): not kept.
    assert m.meta["bigrams"] == 2
    assert bool(np.all(m.lm_h[1:] > m.lm_h[:-1])) and bool(np.all(m.lm_pair[1:] > m.lm_pair[:-1]))


def test_best_segmentation_uses_bigrams_and_backs_off():
    m = tiny_model()
    # 加强 施工 管理: unigram of the first word, then two stored bigrams.
    assert wordlm.sentence_score(m, "加强施工管理") == pytest.approx(-1.0 - 0.3 - 0.4, abs=0.01)
    # 管理 加强 was pruned: back-off weight of 管理 plus the unigram of 加强.
    assert wordlm.sentence_score(m, "管理加强") == pytest.approx(-1.2 + (-0.3 - 1.0), abs=0.01)
    # A break (punctuation) resets the context; an unknown character costs <unk> and more.
    assert wordlm.sentence_score(m, "加强，管理") == pytest.approx(-1.0 - 1.2, abs=0.01)
    assert wordlm.sentence_score(m, "加强师") == pytest.approx(-1.0 - 0.5 + (-3.0 - wordlm.UNKNOWN_EXTRA), abs=0.01)


def test_the_real_model_prefers_the_right_word():
    assert wordlm.sentence_score(modelfile.model(), "要加强施工管理") > wordlm.sentence_score(modelfile.model(), "要加强师公管理") + 2
    assert wordlm.sentence_score(modelfile.model(), "请把垃圾扔进垃圾桶") > wordlm.sentence_score(modelfile.model(), "请把垃圾仍进垃圾桶")


@pytest.mark.parametrize(
    ("text", "index", "right"),
    [
        ("他明天取北京参加培训。", 3, "去"),  # 取 and 去 are both words: no misspelt word to find
        ("请把垃圾仍进垃圾桶。", 4, "扔"),
    ],
)
def test_a_slip_between_one_character_words_is_corrected(text, index, right):
    assert correct_sentences([text]) == [{index: right}]


def edits(c: features.Candidates) -> set[tuple[int, int, int, int]]:
    return set(zip(c.pos.tolist(), c.new.tolist(), c.pos2.tolist(), c.new2.tolist(), strict=True))


def test_the_first_stage_only_drops_edits():
    text = "要坚持以人民为中心，切实解决群众急难愁盼问提。他明天取北京参加培训。"
    every = edits(engine.candidates(text, prune=False))
    kept = edits(engine.candidates(text))
    assert kept < every
    assert (text.index("提"), ord("题"), -1, 0) in kept
    assert scoring.first_stage().features == features.FIRST_STAGE


def test_a_document_number_issuer_is_never_corrected():
    text = "根据《普安县人民政府关于印发措施的通知》（普政发〔2026〕8号）要求。"
    mask = protected_masks([text], ())[0]
    start = text.index("普政发")
    assert mask[start : start + 3].all() and not mask[text.index("要求")]
    assert correct_sentences([text]) == [{}]


def test_word_model_is_the_libime_model_as_recorded():
    m = modelfile.model()
    with np.load(REPO / "dictionaries/typo/model.npz") as data:
        meta = json.loads(bytes(data["meta"]).decode())["word_lm"]
    assert len(m.lm_h) == meta["words"] and len(m.lm_pair) == meta["bigrams"]
    assert math.isclose(float(m.lm_unk), meta["unk"] - wordlm.UNKNOWN_EXTRA, abs_tol=1e-5)


def test_bigram_gains_follow_their_definition():
    """left: the bigram entering the edit's first character; right: log c(ab)
    - log c(a) over the bigrams from it on (4 of them), Han pairs only."""
    text = "切实解决群众急难愁盼问提。他明天取北京参加培训，加强师公管理。\n布署工作"
    m = modelfile.model()
    cp = hashing.codes(text)
    han = hashing.is_han(cp)
    t = features.text_tables(m, cp, han, propose.word_windows(m, cp, han)[1])
    edits = [(p, c, -1, "") for p in range(len(text)) for c in "题取施"]
    edits += [(p, c, p + d, c2) for p in range(len(text) - 3) for d in (1, 2, 3) for c, c2 in ("施工", "部署")]
    pos, pos2 = np.array([e[0] for e in edits]), np.array([e[2] for e in edits])
    new = np.array([ord(e[1]) for e in edits], dtype=np.uint64)
    new2 = np.array([ord(e[3]) if e[3] else 0 for e in edits], dtype=np.uint64)
    left, right = features.lm_gains(m, t, pos, new, pos2, new2)

    def bi(a: str, b: str) -> float:
        return float(features.bigram_logf(m, hashing.codes(a), hashing.codes(b))[0])

    def uni(a: str) -> float:
        return float(modelfile.unigram_logf(m, hashing.codes(a))[0])

    is_han = [bool(h) for h in han]
    for k, (p, c, p2, c2) in enumerate(edits):
        edited = list(text)
        edited[p] = c
        if p2 >= 0:
            edited[p2] = c2
        pair = [i >= 0 and i + 1 < len(text) and is_han[i] and is_han[i + 1] for i in range(p - 1, p + 4)]
        want_left = bi(edited[p - 1], c) - bi(text[p - 1], text[p]) if pair[0] else 0.0
        want_right = sum(
            (bi(edited[i], edited[i + 1]) - bi(text[i], text[i + 1])) - (uni(edited[i]) - uni(text[i]))
            for i, ok in zip(range(p, p + 4), pair[1:], strict=True)
            if ok
        )
        assert left[k] == pytest.approx(want_left, abs=1e-4) and right[k] == pytest.approx(want_right, abs=1e-4)
    assert (left != 0).any() and (right[pos2 >= 0] != 0).any()
