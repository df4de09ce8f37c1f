"""The 三审 checklist: its data, and statuses that follow the rules.

pass only when every bound rule ran to completion and found nothing; fail on
findings; review for anything less (rule deselected, failed, not written yet,
unreadable file) and, always, for items no machine can decide.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from govlint.checklist import build_report
from govlint.checklist.items import (
    FAIL,
    PASS,
    REVIEW,
    ChecklistError,
    evaluate,
    load_checklist,
    parse_checklist,
)
from govlint.checks import all_rules
from govlint.config import Config
from govlint.engine import check_document, lint_file
from govlint.findings import FileResult, Finding
from govlint.readers import read_document
from govlint.rules import CHECK_IDS, Severity, Stage

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if p.suffix in {".html", ".md", ".txt"} and p.stem != "README")
DOUBLED = "各部门要认真进行进行自查自纠。\n"


def lint_text(text: str, config: Config | None = None) -> FileResult:
    document = read_document(text.encode("utf-8"), "draft.txt", "text")
    return check_document(document, config or Config())


def item(results, item_id: str):
    return next(i for i in results if i.item.id == item_id)


def finding(rule: str, line: int = 1) -> Finding:
    check = rule.split(".")[0]
    return Finding(check, rule, Severity.ERROR, Stage.FIRST, line, 1, line, 3, "进行", None, "示例")


# --- the data file ---------------------------------------------------------------


def test_checklist_covers_the_three_stages_in_order_with_unique_items():
    checklist = load_checklist()
    assert [s.stage for s in checklist.stages] == list(Stage)
    assert all(s.role for s in checklist.stages)
    ids = [i.id for i in checklist.items]
    assert len(ids) == len(set(ids))
    assert [i.stage for i in checklist.items] == sorted((i.stage for i in checklist.items), key=list(Stage).index)
    for stage in Stage:
        assert any(i.stage == stage for i in checklist.items), stage
    # The items the issue names are there, the decision to publish last.
    texts = [i.text for i in checklist.items]
    assert texts[-1] == "同意发布"
    for expected in ("无错别字、漏字、多字", "无乱码", "无个人隐私信息", "数据与事实经核对", "无涉密标识"):
        assert expected in texts


def test_every_check_and_every_registered_rule_decides_some_item():
    checklist = load_checklist()
    decidable = [i for i in checklist.items if not i.manual]
    bound_checks = {c for i in decidable for c in i.checks}
    assert bound_checks == set(CHECK_IDS)
    for rule in all_rules():
        assert any(i.binds(rule.id) for i in decidable), f"{rule.id} belongs to no checklist item"


def test_secret_marks_are_their_own_item_not_double_counted():
    checklist = load_checklist()
    by_id = {i.id: i for i in checklist.items}
    secret, sensitive = by_id["secret"], by_id["sensitive"]
    assert secret.binds("sensitive.secret-mark") and not sensitive.binds("sensitive.secret-mark")
    assert sensitive.binds("sensitive.gambling") and not secret.binds("sensitive.gambling")
    for rule in all_rules():
        if rule.check == "sensitive" and "secre" in rule.id:
            assert secret.binds(rule.id) and not sensitive.binds(rule.id), rule.id


def test_malformed_checklist_data_is_refused_with_the_item_named():
    stages = [{"name": s.value, "role": "审核人"} for s in Stage]
    good = {"id": "typo", "stage": "初审", "text": "无错别字", "checks": ["typo"]}
    assert parse_checklist({"stage": stages, "item": [good]}).items[0].id == "typo"
    cases = [
        ({"stage": stages, "item": [good, good]}, "重复"),
        ({"stage": stages, "item": [{**good, "checks": ["spelling"]}]}, "spelling"),
        ({"stage": stages, "item": [{**good, "stage": "四审"}]}, "四审"),
        ({"stage": stages, "item": [{**good, "checks": []}]}, "typo"),
        ({"stage": stages, "item": [{**good, "colour": "red"}]}, "colour"),
        ({"stage": stages[:2], "item": [good]}, "终审"),
    ]
    for data, needle in cases:
        with pytest.raises(ChecklistError, match=needle):
            parse_checklist(data)


# --- statuses on real drafts -------------------------------------------------------


def test_findings_make_their_item_fail_and_are_listed_by_index():
    result = lint_text("请查�收。\n" + DOUBLED)
    items = build_report(result).checklist
    typo, garbled = item(items, "typo"), item(items, "garbled")
    assert typo.status == FAIL and garbled.status == FAIL
    assert [result.findings[i].rule for i in typo.findings] == ["typo.duplicate"]
    assert [result.findings[i].rule for i in garbled.findings] == ["garbled.replacement-char"]
    assert result.findings[typo.findings[0]].line == 2


def test_an_item_whose_rules_ran_clean_passes():
    result = lint_text("各部门要认真进行自查自纠。\n")
    typo = item(build_report(result).checklist, "typo")
    assert typo.status == PASS and typo.findings == () and typo.reason is None
    assert "typo.duplicate" in typo.rules and set(typo.rules) <= set(result.rules_run)


def test_a_deselected_rule_makes_its_item_review_never_pass():
    ignored = lint_text(DOUBLED, Config(ignore=("typo.duplicate",)))
    typo = item(build_report(ignored).checklist, "typo")
    assert typo.status == REVIEW and "“重复字词”" in typo.reason  # the rule as the editor knows it
    # --select of another check: the typo item was not checked at all.
    selected = lint_text("各部门要认真进行自查自纠。\n", Config(select=("garbled",)))
    items = build_report(selected).checklist
    assert item(items, "typo").status == REVIEW
    assert item(items, "garbled").status == PASS


def test_a_rule_that_crashed_makes_its_item_review():
    rules = [r for r in all_rules() if r.id == "typo.duplicate"]
    crashed = FileResult("a.txt", "text", rules_run=(), rule_errors=(("typo.duplicate", "RuntimeError: boom"),))
    typo = item(evaluate(crashed, rules=rules), "typo")
    assert typo.status == REVIEW and "出错" in typo.reason and "“重复字词”" in typo.reason
    # The same result with the rule run to completion passes: the error alone made the difference.
    ran = FileResult("a.txt", "text", rules_run=("typo.duplicate",))
    assert item(evaluate(ran, rules=rules), "typo").status == PASS


def test_a_check_without_registered_rules_is_review():
    # No rule of the secret-mark kind registered (an empty registry for it).
    rules = [r for r in all_rules() if not r.id.startswith("sensitive.secre")]
    result = FileResult("a.txt", "text", rules_run=tuple(r.id for r in rules))
    secret = item(evaluate(result, rules=rules), "secret")
    assert secret.status == REVIEW and secret.rules == () and "尚无" in secret.reason


def test_findings_outweigh_a_rule_that_did_not_run():
    rules = [r for r in all_rules() if r.check == "typo"]
    partial = FileResult("a.txt", "text", findings=(finding(rules[0].id),), rules_run=())
    assert item(evaluate(partial, rules=[*rules]), "typo").status == FAIL


def test_manual_items_are_always_review_even_on_a_clean_complete_run():
    for result in (lint_text("各部门要认真进行自查自纠。\n"), lint_text(DOUBLED)):
        for entry in build_report(result).checklist:
            if entry.item.manual:
                assert entry.status == REVIEW and entry.reason
    publish = item(build_report(lint_text("各部门要认真进行自查自纠。\n")).checklist, "publish")
    assert publish.status == REVIEW


def test_an_unreadable_file_passes_nothing(tmp_path):
    binary = tmp_path / "broken.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    result = lint_file(binary, Config())
    assert result.error
    assert {i.status for i in build_report(result).checklist} == {REVIEW}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_pass_means_every_bound_rule_ran_and_found_nothing_on_every_example(path):
    checks = ("typo", "garbled", "font", "privacy")
    configs = [Config()] + [Config(ignore=combo) for combo in itertools.combinations(checks, 2)]
    configs += [Config(select=(check,)) for check in checks]
    for config in configs:
        result = lint_file(path, config)
        for entry in build_report(result).checklist:
            findings = [f for f in result.findings if entry.item.binds(f.rule)]
            if entry.status == PASS:
                assert entry.rules and set(entry.rules) <= set(result.rules_run), (config, entry)
                assert not findings
            elif entry.status == FAIL:
                assert findings and [result.findings[i] for i in entry.findings] == findings
            else:
                assert entry.item.manual or not findings or result.error
