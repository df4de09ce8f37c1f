"""The editor report in the terminal: metadata, counts, checklist table, sign-off line.

Rendered with rich objects built from ``Text`` (never markup), and every
string from the draft goes through :func:`printable`, as in the findings.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from govlint.findings import FileResult
from govlint.report import CHECK_LABELS, STATUS_LABELS, build_report
from govlint.reporters.terminal import printable

STATUS_STYLES = {"pass": "green", "fail": "bold red", "review": "yellow"}


def checklist_panel(result: FileResult) -> Group:
    report = build_report(result)
    head = Text()
    head.append(f"三审清单：{printable(result.path)}", style="bold")
    shown = [(label, value) for label, value in report.metadata if value]
    if shown:
        head.append("\n" + "  ".join(f"{label}：{printable(value)}" for label, value in shown), style="dim")
    counts = "，".join(f"{s.label} {n}" for s, n in report.by_severity.items())
    checks = "，".join(f"{CHECK_LABELS[c]} {n}" for c, n in report.by_check.items() if n)
    head.append(f"\n问题 {len(result.findings)} 个（{counts}）" + (f"；按检查项：{checks}" if checks else ""))

    table = Table(show_edge=True, header_style="bold", pad_edge=False)
    for column in ("环节", "检查项", "状态", "问题", "说明"):
        table.add_column(column, overflow="fold")
    for item in report.checklist:
        locations = "、".join(
            f"{result.findings[i].line}:{result.findings[i].column}" for i in item.findings[:6]
        ) + ("…" if len(item.findings) > 6 else "")
        table.add_row(
            Text(item.stage.value),
            Text(item.item.text),
            Text(STATUS_LABELS[item.status], style=STATUS_STYLES[item.status]),
            Text(locations),
            Text(printable(item.reason or ""), style="dim"),
        )
    signoff = Text("签字：" + "  ".join(f"{s.stage.value}（{s.role}）________" for s in report.signoffs), style="dim")
    return Group(head, table, signoff)
