"""The editor report: what every output format shows about one file.

A :class:`FileReport` gathers, for one linted file, its metadata, a summary
by severity and check, the 三审 checklist with statuses, and the sign-off
stages; the reporters (terminal, HTML, Markdown, JSON, SARIF) only render it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from govlint.checklist.items import (
    FAIL,
    PASS,
    REVIEW,
    STATUS_LABELS,
    Checklist,
    ItemResult,
    evaluate,
    load_checklist,
)
from govlint.findings import FileResult, Finding
from govlint.rules import CHECK_IDS, Severity, Stage

__all__ = [
    "CHECK_LABELS",
    "FAIL",
    "METADATA_LABELS",
    "PASS",
    "REVIEW",
    "STATUS_LABELS",
    "FileReport",
    "OverviewRow",
    "SignOff",
    "build_report",
    "build_reports",
    "check_counts",
    "overview",
    "severity_counts",
]

#: The metadata keys of ``Metadata.as_dict()`` with their Chinese labels, in display order.
METADATA_LABELS = {
    "title": "标题",
    "account": "发布账号",
    "author": "作者",
    "editor": "编辑",
    "date": "日期",
    "label": "原创/转载",
    "source": "来源",
}


#: Short Chinese names of the checks, for summaries.
CHECK_LABELS = {
    "typo": "错别字",
    "font": "字号字体",
    "link": "链接",
    "garbled": "乱码",
    "sensitive": "敏感内容",
    "provenance": "来源标注",
    "structure": "编排规范",
    "privacy": "个人隐私",
    "draft": "修订批注",
}


@dataclass(frozen=True)
class SignOff:
    """One stage's sign-off block, left blank for the reviewer to fill in."""

    stage: Stage
    role: str
    items: tuple[ItemResult, ...]

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(i.status for i in self.items)
        return {status: counts.get(status, 0) for status in (PASS, FAIL, REVIEW)}

    def as_dict(self) -> dict:
        return {"stage": self.stage.value, "role": self.role, "reviewer": None, "date": None, "opinion": None}


@dataclass(frozen=True)
class FileReport:
    result: FileResult
    checklist: tuple[ItemResult, ...]
    signoffs: tuple[SignOff, ...]

    @property
    def metadata(self) -> list[tuple[str, str | None]]:
        """The header's fields: the article as ``FileResult.article_metadata`` says it,
        so the report never says 来源（未注明） where the draft names one."""
        values = self.result.article_metadata()
        return [(label, values.get(key)) for key, label in METADATA_LABELS.items()]

    @property
    def by_severity(self) -> dict[Severity, int]:
        return severity_counts([self.result])

    @property
    def by_check(self) -> dict[str, int]:
        return check_counts([self.result])

    @property
    def status_counts(self) -> dict[str, int]:
        counts = Counter(i.status for i in self.checklist)
        return {status: counts.get(status, 0) for status in (PASS, FAIL, REVIEW)}

    def items_for(self, finding_index: int) -> list[ItemResult]:
        """The checklist lines a finding counts against."""
        return [i for i in self.checklist if finding_index in i.findings]


def build_report(result: FileResult, checklist: Checklist | None = None) -> FileReport:
    checklist = checklist or load_checklist()
    items = evaluate(result, checklist)
    signoffs = tuple(
        SignOff(info.stage, info.role, tuple(i for i in items if i.stage == info.stage)) for info in checklist.stages
    )
    return FileReport(result, items, signoffs)


@dataclass(frozen=True)
class OverviewRow:
    """One file of a report's overview: its verdict, its counts and its worst finding."""

    index: int  # the file's number in the report (its section)
    report: FileReport
    verdict: str  # 无法检查 / 未通过 / 待人工确认
    counts: dict[Severity, int]
    worst: Finding | None


def overview(reports: Sequence[FileReport]) -> list[OverviewRow]:
    """A report's files, worst first: those that could not be checked, then by
    errors, warnings and notices, and each file's most severe finding (the
    first of them). The verdict is the checklist's: 未通过 if an item failed,
    待人工确认 otherwise (an editor still signs every file)."""
    rows = []
    for index, report in enumerate(reports, 1):
        result = report.result
        counts = report.by_severity
        verdict = "无法检查" if result.error else "未通过" if report.status_counts[FAIL] else "待人工确认"
        worst = max(result.findings, key=lambda f: f.severity.rank, default=None)
        if worst is not None:  # the first finding of the highest severity
            worst = next(f for f in result.findings if f.severity is worst.severity)
        rows.append(OverviewRow(index, report, verdict, counts, worst))
    rows.sort(key=lambda r: (not r.report.result.error, *(-r.counts.get(s, 0) for s in Severity), r.index))
    return rows


def build_reports(results: Sequence[FileResult]) -> list[FileReport]:
    checklist = load_checklist()
    return [build_report(r, checklist) for r in results]


def severity_counts(results: Sequence[FileResult]) -> dict[Severity, int]:
    counts = Counter(f.severity for r in results for f in r.findings)
    return {s: counts.get(s, 0) for s in Severity}


def check_counts(results: Sequence[FileResult]) -> dict[str, int]:
    counts = Counter(f.check for r in results for f in r.findings)
    return {c: counts.get(c, 0) for c in CHECK_IDS}
