"""typo.misuse: words misused where the context decides (issue 21)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from govlint.config import Config
from govlint.engine import check_document
from govlint.readers.markdown import read_markdown
from govlint.typo.misuse import misuses, parse

TYPO = Config(select=("typo",))


def findings(text: str) -> list[tuple[str, str, str | None]]:
    result = check_document(read_markdown(text + "\n", "稿件.md", "utf-8"), TYPO)
    return [(f.rule, f.text, f.suggestion) for f in result.findings]


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("截止2025年底，全市累计发放补贴1.2亿元。", "截止", "截至"),
        ("截止目前已有3万人次参与。", "截止", "截至"),  # also a curated pair: reported once, by one rule
        ("截止发稿时，事故原因正在调查中。", "截止", "截至"),
        ("个别工作人员导致群众个人信息被泄漏，已依法处理。", "泄漏", "泄露"),
        ("严防泄漏国家秘密和工作秘密。", "泄漏", "泄露"),
        ("今年以来，改革取得显着成效。", "显着", "显著"),
        ("各项指标改善效果显着。", "显着", "显著"),
        ("该同志善长做群众工作。", "善长", "擅长"),
        ("切实做好网络与论引导工作。", "与论", "舆论"),
        ("本次调查的受访者平均芳龄为42岁。", "芳龄", "年龄"),
        ("各地要积极的推进垃圾分类工作。", "的", "地"),
        ("这项工作落实的很扎实。", "的", "得"),
    ],
)
def test_a_misused_word_is_reported_with_the_right_one(text, wrong, right):
    found = [f for f in findings(text) if f[0] in ("typo.misuse", "typo.confusion")]
    assert len(found) == 1
    assert found[0][1].startswith(wrong) and found[0][2].startswith(right)


@pytest.mark.parametrize(
    "text",
    [
        "报名截止日期为2026年5月31日，逾期不予受理。",
        "截止到2025年底，全市累计完成投资120亿元。",
        "申报工作已于6月30日截止。",
        "某小区发生燃气泄漏，消防人员迅速处置。",
        "严防危化品泄漏事故发生。",
        "要加强网络与论坛的管理。",
        "他把理论与论证结合起来。",
        "进一步完善长江经济带协调发展机制。",
        "各地积极的态度值得肯定。",
        "在各方积极的推动下，项目顺利落地。",
        "我们做的很多工作群众看得见。",
        "这是认真的学习态度。",
        "文中显著的变化令人鼓舞。",
    ],
)
def test_the_same_words_in_a_right_context_are_quiet(text):
    assert [f for f in findings(text) if f[0] == "typo.misuse"] == []


def test_the_engine_does_not_report_the_misused_word_again():
    rules = [f[0] for f in findings("切实做好网络与论引导工作，成效显着。")]
    assert rules.count("typo.misuse") == 2 and "typo.wrong-char" not in rules


def test_allowed_words_are_never_reported(tmp_path):
    config = tmp_path / ".govlint.toml"
    config.write_text('allow_words = ["截止"]\n', encoding="utf-8")
    draft = tmp_path / "稿件.txt"
    draft.write_text("截止2025年底，全市累计发放补贴1.2亿元。\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "govlint", str(draft), "--config", str(config), "--select", "typo.misuse", "-q"],
        capture_output=True, text=True,
    )
    assert done.returncode == 0 and done.stdout == ""


def test_a_context_rules_edit_is_unsafe(tmp_path):
    draft = tmp_path / "稿件.txt"
    text = "截止2025年底，全市累计发放补贴1.2亿元。\n"
    draft.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "govlint", str(draft), "--select", "typo.misuse", "--fix"]
    subprocess.run(command, capture_output=True, text=True)
    assert draft.read_text(encoding="utf-8") == text  # --fix alone leaves it to the editor
    subprocess.run([*command, "--unsafe-fixes"], capture_output=True, text=True)
    assert draft.read_text(encoding="utf-8") == text.replace("截止", "截至")


def test_every_shipped_entry_has_a_reason_and_a_source():
    entries = misuses()
    assert len(entries) >= 10
    assert all(m.why and m.source and (m.before or m.after) for m in entries)


@pytest.mark.parametrize(
    "entry",
    [
        {"wrong": "截止", "right": "截至", "why": "w", "source": "s"},  # no context: a plain misspelling
        {"wrong": "截止", "right": "截止", "before": "x", "why": "w", "source": "s"},
        {"wrong": "截止", "right": "截至", "after": "(", "why": "w", "source": "s"},
        {"wrong": "截止", "right": "截至", "after": "x", "source": "s"},
    ],
)
def test_a_malformed_entry_is_refused_with_its_number(entry):
    with pytest.raises(ValueError, match="第 1 条"):
        parse({"misuse": [entry]})
