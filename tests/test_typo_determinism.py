"""The typo rules give the same answer whatever the hash seed: a choice
between candidates never follows the iteration order of a set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from govlint.checks.typo.duplicates import JIEBA_HAN, RE_HAN_DEFAULT
from govlint.typo.missing import document_terms, missing_matches

REPO = Path(__file__).resolve().parents[1]

# 保基本 is 保持基本 short of 持 and 保障基本 short of 障, and the draft writes
# each of them twice: the phrase named must not depend on PYTHONHASHSEED.
TIED = [
    "今年全县财政收支保持基本平衡，重点领域投入保持基本稳定。",
    "要切实保障基本医疗，兜牢兜实保障基本生活的底线。",
    "下一步，要统筹做好保就业、保基本运转、保市场主体等工作。",  # not 保基本民生: a listed term
]
# The same draft with 保障基本 written once more: the more used phrase is named.
MORE_USED = [TIED[0], "要切实保障基本医疗，兜牢兜实保障基本生活的底线，保障基本公共服务。", TIED[2]]

PROBE = """
import json, sys
from govlint.typo.missing import document_terms, missing_matches
drafts = json.loads(sys.argv[1])
print(json.dumps([missing_matches([t], [document_terms(t)])[0] for t in drafts], ensure_ascii=False))
"""


def _named(seed: int) -> list:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([TIED, MORE_USED], ensure_ascii=False)],
        capture_output=True, text=True, cwd=REPO, env=env, check=True,
    )
    return json.loads(run.stdout)


def test_a_shortened_phrase_names_the_same_document_phrase_under_every_hash_seed():
    answers = [_named(seed) for seed in range(4)]  # before the fix, seeds 0 and 1 disagreed
    assert all(answer == answers[0] for answer in answers), answers
    tied, more_used = answers[0]
    # A tie in use: the phrase written first. Otherwise: the one used most.
    assert tied[2] == [[14, "持", "保持基本"]]
    assert more_used[2] == [[14, "障", "保障基本"]]


def test_document_phrases_come_most_used_first_then_first_written():
    def before(terms: tuple[str, ...], first: str, second: str) -> bool:
        return terms.index(first) < terms.index(second)

    assert before(document_terms(TIED), "保持基本", "保障基本")  # both twice: the first written
    assert before(document_terms(MORE_USED), "保障基本", "保持基本")  # three times against two
    assert missing_matches([TIED], [document_terms(TIED)])[0][2] == [(14, "持", "保持基本")]


def test_the_repeat_pattern_uses_the_han_characters_jieba_puts_in_words():
    # typo.duplicate's prefilter must find every repeat jieba can segment:
    # exactly the Han range of jieba's re_han_default, which is its own.
    import jieba

    assert jieba.re_han_default.pattern.startswith(f"([{JIEBA_HAN}")
    assert RE_HAN_DEFAULT.pattern == jieba.re_han_default.pattern
