"""The Markdown editor report, for a merge request or an OA system.

Every string that comes from a draft (path, metadata, excerpts, messages
that quote the draft) goes through :func:`escape`: in a table cell it can
neither end the cell, open code or a link, nor inject HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

from govlint import __version__
from govlint.checklist import (
    CHECK_LABELS,
    STATUS_LABELS,
    FileReport,
    build_reports,
    check_counts,
    overview,
    severity_counts,
)
from govlint.findings import FileResult, Finding
from govlint.rules import Severity

_STATUS_MARK = {"pass": "✅", "fail": "❌", "review": "⚠️"}
# Markdown punctuation that could end a table cell or start code, emphasis, a link or an image
# (``<`` ``>`` ``&`` become entities first, so no HTML and no autolink survives).
_SPECIAL = re.compile(r"([\\`*_\[\]!|~])")
# Line breaks and other controls, bidi overrides: nothing may break a table row or hide text.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape(text: str | None) -> str:
    """``text`` as literal Markdown inline content (safe in a table cell)."""
    if not text:
        return ""
    text = _CONTROLS.sub(" ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def render(results: Sequence[FileResult], out: TextIO) -> None:
    out.write(render_markdown(results))


def render_markdown(results: Sequence[FileResult]) -> str:
    lines = [
        "# 政务新媒体文稿三审报告",
        "",
        f"由 govlint {__version__} 生成：{len(results)} 个文件，{sum(len(r.findings) for r in results)} 个问题"
        + "（" + "，".join(f"{s.label} {n}" for s, n in severity_counts(results).items()) + "）。",
        "",
        "| 检查项 | " + " | ".join(f"{CHECK_LABELS[c]}（{c}）" for c in check_counts(results)) + " |",
        "|---|" + "---:|" * len(check_counts(results)),
        "| 问题数 | " + " | ".join(str(n) for n in check_counts(results).values()) + " |",
        "",
    ]
    reports = build_reports(results)
    if len(reports) > 1:
        lines.extend(_overview(reports))
    for report in reports:
        lines.extend(_file_section(report))
    return "\n".join(lines).rstrip("\n") + "\n"


def _overview(reports: list[FileReport]) -> list[str]:
    """The files worst first, with their verdict and most severe finding."""
    lines = ["## 总览（问题多的在前）", "", "| 文件 | 结论 | 错误 | 警告 | 提示 | 最严重的问题 |"]
    lines.append("|---|---|---:|---:|---:|---|")
    for row in overview(reports):
        counts = " | ".join(str(row.counts.get(s, 0)) for s in Severity)
        worst = escape(row.worst.message) if row.worst else escape(row.report.result.error) or "—"
        lines.append(f"| {escape(row.report.result.path)} | {row.verdict} | {counts} | {worst} |")
    return [*lines, ""]


def _rule_name(finding: Finding) -> str:
    """The rule as an editor reads it: its Chinese name, then its id."""
    return f"{finding.title}（{finding.rule}）" if finding.title else finding.rule


def _excerpt(finding: Finding) -> str:
    """The words the finding is about as readers see them (never markup)."""
    place = finding.place
    return place.quote[place.start : place.end] if place and place.end > place.start else finding.text


def _file_section(report: FileReport) -> list[str]:
    result = report.result
    lines = [f"## {escape(result.path)}", "", "| 项目 | 内容 |", "|---|---|"]
    lines += [f"| {label} | {escape(value) if value else '（未注明）'} |" for label, value in report.metadata]
    lines += ["", _counts_line(report), ""]
    if result.error:
        lines += [f"> **文件无法检查**：{escape(result.error)}", ""]
    for rule_id, reason in result.rule_errors:
        lines += [f"> **规则 {escape(rule_id)} 运行出错**：{escape(reason)}", ""]
    if result.findings:
        lines += ["### 问题", "", "| # | 位置 | 级别 | 规则 | 原文 | 说明 | 建议 |", "|---:|---|---|---|---|---|---|"]
        for number, f in enumerate(result.findings, 1):
            suggestion = "" if f.suggestion is None else (escape(f.suggestion) or "（删除）")
            lines.append(
                f"| {number} | {result.position(f)} | {f.severity.label} | {escape(_rule_name(f))} | "
                f"{escape(_excerpt(f))} | {escape(f.message)} | {suggestion} |"
            )
        lines.append("")
    lines += ["### 三审清单", "", "| 环节 | 检查项 | 状态 | 问题 | 说明 |", "|---|---|---|---|---|"]
    for item in report.checklist:
        numbers = "、".join(str(i + 1) for i in item.findings)
        note = escape(item.reason) if item.reason else ""
        lines.append(
            f"| {item.stage.value} | {escape(item.item.text)} | {_STATUS_MARK[item.status]} "
            f"{STATUS_LABELS[item.status]} | {numbers} | {note} |"
        )
    lines += ["", "### 审核签字", "", "| 环节 | 审核人 | 日期 | 审核意见 |", "|---|---|---|---|"]
    lines += [f"| {s.stage.value}（{escape(s.role)}） |  |  |  |" for s in report.signoffs]
    lines.append("")
    return lines


def _counts_line(report: FileReport) -> str:
    severities = "，".join(f"{s.label} {n}" for s, n in report.by_severity.items())
    checks = "，".join(f"{CHECK_LABELS[c]} {n}" for c, n in report.by_check.items() if n)
    statuses = "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in report.status_counts.items())
    text = f"问题 {len(report.result.findings)} 个（{severities}）"
    if checks:
        text += f"；按检查项：{checks}"
    return text + f"；三审清单：{statuses}。"


def reporter():
    return render
