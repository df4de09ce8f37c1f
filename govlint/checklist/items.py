"""The 三审 checklist: items bound to rules, and their status for one file.

The items are data (``dictionaries/report/checklist.toml``). A status is
``pass`` only when every rule bound to the item ran to completion on the
file, checked all it is for and found nothing; a finding makes it ``fail``;
anything less than a complete clean run (a rule deselected, failed, not
written yet, left part unchecked as ``link.dead`` does without
``--check-links``, an unreadable file, an item no machine can decide) makes
it ``review``.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from govlint.checks import all_rules
from govlint.data import data_path, toml_data
from govlint.findings import FileResult
from govlint.rules import CHECK_IDS, Rule, Stage

CHECKLIST_FILE = "report/checklist.toml"

PASS, FAIL, REVIEW = "pass", "fail", "review"
STATUS_LABELS = {PASS: "通过", FAIL: "未通过", REVIEW: "待人工确认"}


class ChecklistError(Exception):
    """The checklist data file is malformed (a packaging or editing mistake)."""


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    role: str  # who signs this stage off, e.g. 部门负责人


@dataclass(frozen=True)
class Item:
    id: str
    stage: Stage
    text: str
    checks: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()  # rule ids or glob patterns
    exclude: tuple[str, ...] = ()
    manual: bool = False
    note: str | None = None

    def binds(self, rule_id: str) -> bool:
        """True when this item is decided (or, if manual, hinted) by ``rule_id``."""
        check = rule_id.split(".", 1)[0]
        bound = check in self.checks or any(fnmatch.fnmatchcase(rule_id, p) for p in self.rules)
        return bound and not any(fnmatch.fnmatchcase(rule_id, p) for p in self.exclude)


@dataclass(frozen=True)
class Checklist:
    stages: tuple[StageInfo, ...]
    items: tuple[Item, ...]

    def role(self, stage: Stage) -> str:
        return next(s.role for s in self.stages if s.stage == stage)


@dataclass(frozen=True)
class ItemResult:
    """One checklist line evaluated for one file."""

    item: Item
    status: str  # PASS | FAIL | REVIEW
    rules: tuple[str, ...]  # the registered rules bound to the item
    findings: tuple[int, ...]  # indices into FileResult.findings
    reason: str | None  # why the item needs a human (REVIEW), in Chinese

    @property
    def stage(self) -> Stage:
        return self.item.stage

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_dict(self) -> dict:
        return {
            "id": self.item.id,
            "stage": self.item.stage.value,
            "item": self.item.text,
            "status": self.status,
            "rules": list(self.rules),
            "findings": list(self.findings),
            "reason": self.reason,
        }


@lru_cache(maxsize=1)
def load_checklist() -> Checklist:
    try:
        data = toml_data(CHECKLIST_FILE)
    except (OSError, ValueError) as error:  # tomllib's TOMLDecodeError is a ValueError
        raise ChecklistError(f"三审清单文件 {data_path(CHECKLIST_FILE)} 无法读取：{error}") from error
    return parse_checklist(data)


def parse_checklist(data: dict) -> Checklist:
    """Validate and freeze the checklist data; errors name the item."""
    stages = []
    for entry in data.get("stage", []):
        stages.append(StageInfo(_stage(entry.get("name"), "stage"), _text(entry, "role", "stage")))
    if [s.stage for s in stages] != list(Stage):
        raise ChecklistError("三审清单必须依次列出初审、复审、终审三个环节")
    items, seen = [], set()
    for entry in data.get("item", []):
        item_id = _text(entry, "id", "item")
        if item_id in seen:
            raise ChecklistError(f"三审清单条目 id 重复：{item_id}")
        seen.add(item_id)
        unknown = set(entry) - {"id", "stage", "text", "checks", "rules", "exclude", "manual", "note"}
        if unknown:
            raise ChecklistError(f"三审清单条目 {item_id} 有未知字段：{', '.join(sorted(unknown))}")
        checks = tuple(entry.get("checks", ()))
        bad = [c for c in checks if c not in CHECK_IDS]
        if bad:
            raise ChecklistError(f"三审清单条目 {item_id} 引用了不存在的检查项：{', '.join(bad)}")
        manual = bool(entry.get("manual", False))
        if not manual and not checks and not entry.get("rules"):
            raise ChecklistError(f"三审清单条目 {item_id} 既非人工项，也未绑定任何检查或规则")
        items.append(
            Item(
                id=item_id,
                stage=_stage(entry.get("stage"), item_id),
                text=_text(entry, "text", item_id),
                checks=checks,
                rules=tuple(entry.get("rules", ())),
                exclude=tuple(entry.get("exclude", ())),
                manual=manual,
                note=entry.get("note"),
            )
        )
    items.sort(key=lambda i: list(Stage).index(i.stage))  # stable: file order within a stage
    return Checklist(tuple(stages), tuple(items))


def _stage(value: object, where: str) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise ChecklistError(f"三审清单 {where} 的环节“{value}”不是初审、复审或终审") from None


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ChecklistError(f"三审清单 {where} 缺少 {key}")
    return value


def evaluate(
    result: FileResult, checklist: Checklist | None = None, rules: Sequence[Rule] | None = None
) -> tuple[ItemResult, ...]:
    """Every checklist item's status for one linted file."""
    checklist = checklist or load_checklist()
    # Rule ids to the Chinese names the reasons give (an editor reads them).
    registered = {r.id: r.title or r.id for r in (rules if rules is not None else all_rules())}
    return tuple(_evaluate_item(item, result, registered) for item in checklist.items)


def _evaluate_item(item: Item, result: FileResult, registered: dict[str, str]) -> ItemResult:
    bound = tuple(r for r in registered if item.binds(r))
    found = tuple(i for i, f in enumerate(result.findings) if item.binds(f.rule))
    if item.manual:
        return ItemResult(item, REVIEW, bound, found, item.note or "此项无法由机器判定，需人工确认")
    if found:
        return ItemResult(item, FAIL, bound, found, None)
    status, reason = _clean_status(bound, result, registered)
    return ItemResult(item, status, bound, (), reason)


def _clean_status(bound: tuple[str, ...], result: FileResult, names: dict[str, str]) -> tuple[str, str | None]:
    """(status, reason) for an item none of whose rules found anything."""
    if result.error:
        return REVIEW, "文件无法读取，未经检查"
    if not bound:
        return REVIEW, "尚无可判定此项的规则，需人工确认"
    failed = {rule_id for rule_id, _ in result.rule_errors}
    ran = set(result.rules_run)
    crashed = [r for r in bound if r in failed]
    if crashed:
        return REVIEW, f"{_named(crashed, names)}运行出错，需人工确认"
    skipped = [r for r in bound if r not in ran]
    if len(skipped) == len(bound):
        return REVIEW, "本次未作此项检查（已停用或未选择），需人工确认"
    if skipped:
        return REVIEW, f"{_named(skipped, names)}本次未检查（已停用或未选择），需人工确认"
    unchecked = dict(result.rules_unchecked)
    partial = [f"{_named([r], names)}{unchecked[r]}" for r in bound if r in unchecked]
    if partial:
        return REVIEW, f"{'；'.join(partial)}，需人工确认"
    return PASS, None


def _named(rule_ids: list[str], names: dict[str, str]) -> str:
    """“重复字词”“漏字”：the rules as an editor knows them."""
    return "".join(f"“{names.get(r, r)}”" for r in rule_ids)
