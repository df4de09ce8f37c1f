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
        # 经济发展 is no common word of the typo model's lexicon: a doubled 发展 still.
        ("推动经济发展发展取得新成效。", [("发展发展", "发展")]),
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
        "这个办法不错不错，真是厉害厉害！",  # praise said twice as a formula
        "该好好教训教训他，让他平静平静。",  # verb and adjective reduplication
        "天天学习，人人参与，常常反思。",  # single characters are another rule's business
        "进行，进行，再进行。",  # punctuation in between
        "按时完成了任务。任务完成后召开总结会。",  # across a sentence boundary with other words
        "郑钦文晋级女子网球选手协会年终总决赛决赛。",  # 总决赛 and then its 决赛: a compound, then the word
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


# --- A function character written twice (的的, 了了, 是是) -------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("要切实解决群众反映强烈的的问题。", [("的的", "的")]),
        ("全县已经完成了了年度目标任务。", [("了了", "了")]),
        ("这是是一项惠及千家万户的民生工程。", [("是是", "是")]),
        ("各单位要在在规定时间内报送材料。", [("在在", "在")]),
        ("我们同时也也要看到存在的不足。", [("也也", "也")]),
        ("坚持以以人民为中心的发展思想。", [("以以", "以")]),
    ],
)
def test_doubled_function_characters_are_found(text, expected):
    assert duplicates(text) == expected


def test_doubled_character_message_and_span():
    (finding,) = check_document(read_text("推动改革与与发展相互促进。\n", "t.txt", "utf-8"), CONFIG).findings
    assert (finding.rule, finding.column, finding.text, finding.suggestion) == ("typo.duplicate", 5, "与与", "与")
    assert finding.message == "字“与”连续重复，疑为多字"


@pytest.mark.parametrize(
    "text",
    [
        "他的的确确为群众办了不少实事。",  # AABB of 的确
        "有的的确如此，有的还需核实。",  # 有的 + 的确
        "有些问题一拖再拖，最后不了了之。",  # set phrase
        "为了了解基层情况，调研组深入村组走访。",  # 为了 + 了解
        "除了了解情况，还要帮助解决困难。",  # 除了 + 了解
        "会议结束了了解情况的工作还在继续。",  # 了 + 了解
        "这是实现目的的手段，而不是目的本身。",  # 目的 + 的
        "要分清是是非非，不能含糊其辞。",  # AABB of 是非
        "关键在于方案是否可行，但是是否推广还要研究。",  # 但是 + 是否
        "实事求是是党的思想路线的核心。",  # 实事求是 + 是
        "他为群众做了了不起的贡献。",  # 了 + 了不起
        "推进碳达峰碳中和和生态环境保护工作。",  # 碳中和 + 和, which jieba does not know
        "实实在在为群众办实事，从从容容应对挑战。",
        "是是是，您说得对。",  # a run: speech
        "是是，这个情况我们马上核实。",  # an answer
        "全县一把把钥匙都已登记在册。",  # measure word
        "研究所所长出席会议。",  # 研究所 + 所长
    ],
)
def test_legitimate_doubled_characters_are_not_reported(text):
    assert duplicates(text) == []


def test_allow_words_covers_doubled_characters():
    text = "工作组前往和和村调研。"  # a place name the dictionaries do not know
    assert duplicates(text) == [("和和", "和")]
    assert duplicates(text, Config(select=("typo.duplicate",), allow_words=frozenset({"和和村"}))) == []


def test_doubled_word_and_doubled_character_in_one_paragraph_come_in_order():
    assert duplicates("要解决好群众的的急难愁盼，进行进行全面排查。") == [("的的", "的"), ("进行进行", "进行")]


def test_doubled_character_list_is_clean():
    from govlint.data import word_list

    entries = word_list("typo/doubled_chars.txt")
    chars = {e for e in entries if len(e) == 1}
    assert chars and all("\u4e00" <= c <= "\u9fff" for c in chars)
    # Characters that do reduplicate must never be listed (看看, 天天, 人人, 个个).
    assert not chars & set("看天人个常慢对好不")
    # Each legitimate word holds a listed character doubled.
    for word in entries - chars:
        assert any(c + c in word for c in chars), word
