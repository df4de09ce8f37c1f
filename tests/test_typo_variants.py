"""typo.wrong-char never turns a recommended word form into its variant
(账户 -> 帐户), from ``dictionaries/typo/variants.tsv`` (issue 21)."""

from __future__ import annotations

import pytest

from govlint.config import Config
from govlint.data import data_path, word_list
from govlint.engine import check_document
from govlint.readers.text import read_text
from govlint.typo import scoring

TYPO = Config(select=("typo",))
# The engine proposed 账 -> 帐 here (到帐后) before variants.tsv existed.
ACCOUNT = "补贴资金到账后，乡镇财政所要及时转入农户账户。"


def wrong_chars(text: str) -> list[tuple[str, str | None]]:
    result = check_document(read_text(text + "\n", "t.txt", "utf-8"), TYPO)
    return [(f.text, f.suggestion) for f in result.findings if f.rule == "typo.wrong-char"]


@pytest.mark.parametrize(
    ("text", "index"),
    [("请核对账户余额", 3), ("账户", 0), ("资金到账后", 3), ("财务人员负责记账、报账", 10), ("流水账", 2)],
)
def test_a_recommended_account_word_is_never_turned_into_its_variant(text, index):
    assert text[index] == "账"
    assert scoring._to_variant(text, index, ord("帐"))


@pytest.mark.parametrize(
    ("text", "index", "new"),
    [
        ("他在营地搭起账篷", 6, "帐"),  # 账篷 is no entry: 帐篷 is the right word
        ("挂起蚊账", 3, "帐"),
        ("请核对帐户余额", 3, "账"),  # the variant back to the recommended form
        ("请核对账户余额", 3, "张"),  # another change of the same character: not this rule's business
        ("账", 0, "帐"),  # no word around it
    ],
)
def test_other_changes_are_left_to_the_scorer(text, index, new):
    assert not scoring._to_variant(text, index, ord(new))


def test_a_word_is_matched_where_it_stands_only():
    # 户 after the position, but 账户 must start at it: 报账户 holds 账户 at 1.
    assert scoring._to_variant("报账户", 1, ord("帐"))
    # an offset reaching before the text's start is no match (no wrap-around)
    assert not scoring._to_variant("账号", 0, ord("张"))
    assert scoring._to_variant("成分", 1, ord("份")) and not scoring._to_variant("分", 0, ord("份"))


def test_the_engine_proposes_the_tent_and_not_the_account():
    assert wrong_chars("他在营地搭起账篷。") == [("账", "帐")]
    assert wrong_chars(ACCOUNT) == []


def test_the_account_sentence_was_changed_without_the_list(monkeypatch):
    monkeypatch.setattr(scoring, "_to_variant", lambda text, index, new: False)
    assert ("账", "帐") in wrong_chars(ACCOUNT)


def test_variant_list_is_well_formed():
    path = data_path(scoring.VARIANTS_FILE)
    lines = [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    entries = [line for line in lines if line]
    assert len(entries) == len(set(entries)) == len(word_list(scoring.VARIANTS_FILE)) >= 50
    recommended = set()
    for entry in entries:
        columns = entry.split("\t")
        assert len(columns) == 2, entry
        word, variant = columns
        assert len(word) == len(variant) >= 2, entry
        assert sum(a != b for a, b in zip(word, variant, strict=True)) == 1, entry
        assert all("\u4e00" <= ch <= "\u9fff" for ch in word + variant), entry
        recommended.add(word)
    # no form is both recommended and a variant
    assert not recommended & {entry.split("\t")[1] for entry in entries}
    for word in ("账户", "账号", "账目", "账本", "账簿", "报账", "结账", "记账", "对账", "转账", "到账"):
        assert f"{word}\t{word.replace('账', '帐')}" in entries
    assert not any("帐篷" in entry or "蚊帐" in entry for entry in entries)
