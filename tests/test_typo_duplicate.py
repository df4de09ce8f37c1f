"""typo.duplicate on the sentences editors actually write."""

from __future__ import annotations

import pytest

from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.text import read_text

CONFIG = Config(select=("typo.duplicate",))


def duplicates(text: str, config: Config = CONFIG) -> list[tuple[str, str | None]]:
    result = check_document(read_text(text + "\n", "t.txt", "utf-8"), config)
    return [(f.text, f.suggestion) for f in result.findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全县上下要进行进行全面排查。", [("进行进行", "进行")]),
        ("会议要求要求各单位按时上报。", [("要求要求", "要求")]),
        ("我们要加强加强监管，推进推进改革。", [("加强加强", "加强"), ("推进推进", "推进")]),
        ("进行进行进行排查。", [("进行进行", "进行")]),
    ],
)
def test_doubled_words_are_found(text, expected):
    assert duplicates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "请大家把这个方案研究研究，再讨论讨论。",  # verb reduplication: try / a little
        "同志们一个一个地登记，一步一步地推进。",  # numeral + classifier
        "他的脸冻得通红通红的。",  # intensified adjective
        "天天学习，人人参与，常常反思。",  # single characters are another rule's business
        "进行，进行，再进行。",  # punctuation in between
        "按时完成了任务。任务完成后召开总结会。",  # across a sentence boundary with other words
    ],
)
def test_legitimate_repetition_is_not_reported(text):
    assert duplicates(text) == []


def test_allow_words_extends_the_list():
    assert duplicates("加油加油，冲刺冲刺！") == [("冲刺冲刺", "冲刺")]
    assert duplicates("加油加油，冲刺冲刺！", Config(select=("typo.duplicate",), allow_words=frozenset({"冲刺"}))) == []


def test_code_is_not_proofread():
    from govlint.readers.markdown import read_markdown

    document = read_markdown("命令 `进行进行` 原样引用。\n\n```\n进行进行\n```\n", "c.md", "utf-8")
    assert check_document(document, CONFIG).findings == ()
