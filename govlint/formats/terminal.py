"""Terminal output (rich): one finding per entry with its source line.

Unless ``--quiet``, each file's editor report follows: metadata, counts,
the 三审 checklist table and the sign-off line.

Article text is shown through :func:`~govlint.escape.printable`
(imported here too by older callers), so a draft that contains terminal
control sequences cannot recolour or move the editor's terminal, and every
string goes through rich ``Text`` objects, never markup.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from govlint.checklist import CHECK_LABELS, STATUS_LABELS, build_report
from govlint.escape import printable
from govlint.findings import FileResult, Finding
from govlint.rules import Applicability, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTICE: "cyan"}
_WINDOW = 70  # cells of source shown around a finding on long lines


def _excerpt(line: str, column: int, end_column: int) -> tuple[str, int, int]:
    """A window of ``line`` around [column, end_column) (1-based, exclusive end)
    and the span's start and width in terminal cells within it."""
    start = max(0, column - 1)
    end = max(start, min(len(line), end_column - 1))
    left = start
    while left > 0 and cell_len(line[left - 1 : start]) < _WINDOW // 2:
        left -= 1
    right = end
    while right < len(line) and cell_len(line[end : right + 1]) < _WINDOW // 2:
        right += 1
    prefix = ("…" if left > 0 else "") + printable(line[left:start])
    body = printable(line[start:end])
    if cell_len(body) > _WINDOW // 2:
        # A span across markup (进行</span><span style=…>进行): keep both ends.
        body = _cut_cells(body, _WINDOW // 6) + "…" + _cut_cells(body[::-1], _WINDOW // 6)[::-1]
    suffix = printable(line[end:right]) + ("…" if right < len(line) else "")
    return prefix + body + suffix, cell_len(prefix), max(1, cell_len(body))


class TerminalReporter:
    """``checklist``: ``full``, each file's 三审 checklist as a table; ``line``,
    one line of it for each file with findings (a pre-commit hook's output)."""

    def __init__(self, quiet: bool = False, checklist: str = "full") -> None:
        self.quiet = quiet
        self.checklist = checklist

    def __call__(self, results: Sequence[FileResult], out: TextIO) -> None:
        console = Console(
            file=out,
            highlight=False,
            soft_wrap=True,
            no_color=bool(os.environ.get("NO_COLOR")),
            emoji=False,
            markup=False,
        )
        for result in results:
            for finding in result.findings:
                self._finding(console, result, finding)
            if self.quiet:
                continue
            if result.error:  # no checklist for a file nobody could check
                reason = f"{printable(result.path)}：无法读取，未能检查（{printable(result.error)}）"
                console.print(Text(reason, style="bold red"))
            elif self.checklist == "line":
                if result.findings:
                    console.print(checklist_line(result))
            else:  # the 三审 checklist of the file (govlint/checklist)
                console.print(checklist_panel(result))
        if not self.quiet:
            console.print(self._summary(results))

    def _finding(self, console: Console, result: FileResult, finding: Finding) -> None:
        head = Text()
        # path:line:col first, for editors' tools to jump to the source; then the place an editor counts.
        head.append(f"{printable(result.path)}:{finding.line}:{finding.column}", style="bold")
        head.append(": ")
        if finding.place is not None:
            head.append(f"{finding.place.text} ", style="bold")
        head.append(finding.severity.label, style=_STYLE[finding.severity])
        name = f"{finding.title} {finding.rule}" if finding.title else finding.rule
        head.append(f" [{name}] ", style="dim")
        head.append(printable(finding.message))
        console.print(head)
        if self.quiet:
            return
        if finding.place is not None:  # the sentence as readers see it, never markup
            place = finding.place
            shown, offset, width = _excerpt(place.quote, place.start + 1, place.end + 1)
            label = place.label
        else:
            line = result.line_text(finding.line)
            end_column = finding.end_column if finding.end_line == finding.line else len(line) + 1
            shown, offset, width = _excerpt(line, finding.column, end_column)
            label = str(finding.line)
        gutter = " " * max(0, 6 - cell_len(label)) + label + " │ "
        source = Text(gutter, style="dim")
        source.append(shown)
        start = cell_len(gutter)
        source.stylize(_STYLE[finding.severity] + " underline", len(gutter) + len(shown[: _char_index(shown, offset)]),
                       len(gutter) + _char_index(shown, offset + width))
        console.print(source)
        console.print(Text(" " * (start - 2) + "│ " + " " * offset + "^" * width, style=_STYLE[finding.severity]))
        if finding.suggestion is not None:
            shown_suggestion = printable(finding.suggestion) if finding.suggestion else "（删除）"
            # An unsafe edit is applied only by --fix --unsafe-fixes: the editor is told to check it.
            unsafe = finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
            label = "建议（请核对）" if unsafe else "建议"
            console.print(Text(" " * len(gutter) + f"{label}：{shown_suggestion}", style="green"))

    def _summary(self, results: Sequence[FileResult]) -> Text:
        """One line an editor can trust: a file that could not be read is
        never counted as checked, and nothing checked is not "no problem"."""
        findings = [f for r in results for f in r.findings]
        counts = Counter(f.severity for f in findings)
        unreadable = sum(1 for r in results if r.error)
        checked = len(results) - unreadable
        text = Text()
        if not results:
            text.append("没有检查任何文件。", style="bold red")
        elif not checked:
            text.append(f"{unreadable} 个文件无法读取，未能检查。", style="bold red")
            return text
        elif not findings:
            text.append(f"检查了 {checked} 个文件，未发现问题。", style="green")
        else:
            parts = "，".join(f"{s.label} {counts[s]}" for s in Severity if counts[s])
            text.append(f"检查了 {checked} 个文件，发现 {len(findings)} 个问题（{parts}）。", style="bold")
        if unreadable:
            text.append(f" 另有 {unreadable} 个文件无法读取，未能检查。", style="bold red")
        return text


def _cut_cells(text: str, cells: int) -> str:
    """The longest prefix of ``text`` that fits in ``cells`` terminal cells."""
    return text[: _char_index(text, cells)]


def _char_index(text: str, cells: int) -> int:
    """Index of the first character at or after ``cells`` terminal cells."""
    total = 0
    for index, ch in enumerate(text):
        if total >= cells:
            return index
        total += cell_len(ch)
    return len(text)


def reporter():
    return TerminalReporter()


STATUS_STYLES = {"pass": "green", "fail": "bold red", "review": "yellow"}


def checklist_line(result: FileResult) -> Text:
    """A file's 三审 checklist in one line: the items failed, by name."""
    report = build_report(result)
    counts = report.status_counts
    failed = "、".join(f"“{item.item.text}”" for item in report.checklist if item.status == "fail")
    text = Text(f"三审清单：{printable(result.path)} ", style="bold")
    text.append(f"未通过 {counts['fail']} 项", style=STATUS_STYLES["fail"])
    if failed:
        text.append(f"（{failed}）")
    text.append(f"，待人工确认 {counts['review']} 项，通过 {counts['pass']} 项", style="dim")
    return text


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
            result.position(result.findings[i]) for i in item.findings[:6]
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
