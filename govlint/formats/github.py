"""GitHub Actions workflow commands: one annotation per finding, for CI logs.

``::error file=a.md,line=3,col=5,endLine=3,endColumn=9,title=typo.duplicate::message``

GitHub parses these lines itself, so draft text in them is escaped as its
runner does (``%``, ``\\r``, ``\\n`` in the message; also ``:`` and ``,`` in
property values): a draft cannot end an annotation early or inject another
workflow command. Other control characters are shown as visible escapes.

The runner also still parses the legacy form ``##[command]`` anywhere in a
line (``##[error]``, ``##[set-output name=x;]``, ``##[stop-commands]``, which
would hide every later annotation), and ``::command`` at the start of a
plain line: every line written has ``##[`` broken by a zero-width space, and
the plain lines ``::`` too, so a file name or a draft never reads as either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

from govlint.checklist import STATUS_LABELS, build_reports
from govlint.findings import FileResult, Finding
from govlint.rules import Severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}
_LEGACY = re.compile(r"##\[")  # the runner's legacy command prefix, parsed anywhere in a line
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_data(text: str) -> str:
    """A workflow command's message (after ``::``)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    text = _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return _LEGACY.sub("##\u200b[", text)


def escape_property(text: str) -> str:
    """A workflow command's property value (``file=``, ``title=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def plain(text: str) -> str:
    """A log line that is not a command: no ``::`` or ``##[`` left in it."""
    return escape_data(text).replace("::", ":\u200b:")


def command(level: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{level} {props}::{escape_data(message)}" if props else f"::{level}::{escape_data(message)}"


def annotation(result: FileResult, finding: Finding) -> str:
    message = finding.message
    if finding.suggestion is not None:
        message += f"（建议：{finding.suggestion or '删除'}）"
    return command(
        LEVELS[finding.severity],
        message,
        file=result.path,
        line=finding.line,
        col=finding.column,
        endLine=finding.end_line,
        endColumn=finding.end_column,
        title=f"{finding.rule}（{finding.stage.value}）",
    )


def render(results: Sequence[FileResult], out: TextIO) -> None:
    for report in build_reports(results):
        result = report.result
        if result.error:
            out.write(command("error", f"文件无法检查：{result.error}", file=result.path, title="govlint") + "\n")
        for rule_id, reason in result.rule_errors:
            out.write(command("error", f"规则 {rule_id} 运行出错：{reason}", file=result.path, title="govlint") + "\n")
        for finding in result.findings:
            out.write(annotation(result, finding) + "\n")
        # A plain log line (not a command) per file: the checklist at a glance.
        counts = "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in report.status_counts.items())
        failed = "、".join(f"“{i.item.text}”" for i in report.checklist if i.status == "fail")
        line = f"{result.path}：三审清单 {counts}" + (f"；未通过：{failed}" if failed else "")
        out.write(plain(line) + "\n")


def reporter():
    return render
