"""The HTML editor report: one self-contained page to print, sign and archive.

The page shows each draft's source with every finding highlighted in place
(message on hover, numbered list in the margin), the 三审 checklist and blank
sign-off blocks. It loads nothing (inline CSS, no script, no font or image
URL) and forbids everything else with a Content-Security-Policy, and all
article content goes through Jinja's autoescaping: a hostile draft's
``<script>`` or ``onerror=`` is shown as text, never run.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TextIO

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from govlint import __version__
from govlint.checklist import (
    CHECK_LABELS,
    STATUS_LABELS,
    FileReport,
    build_reports,
    check_counts,
    severity_counts,
)
from govlint.findings import FileResult, Finding
from govlint.formats import TEMPLATES

_TAG = re.compile(r"<[^<>]*>")
_TAG_SPLIT = re.compile(r"(<[^<>]*>)")
FULL_SOURCE_LINES = 300  # longer sources (and HTML pages) show only the lines around findings
CONTEXT_LINES = 2


@dataclass
class Segment:
    """A stretch of one source line, with the findings (numbers) that cover it."""

    text: str
    numbers: tuple[int, ...] = ()  # 1-based finding numbers covering the stretch
    severity: str = ""  # the highest severity among them, for the colour
    title: str = ""  # their messages, for the hover
    labels: tuple[int, ...] = ()  # finding numbers that start here (the superscript)
    inserts: tuple[tuple[int, str], ...] = ()  # empty-range findings (a missing character) before the text
    markup: bool = False  # HTML source: show tags dimmed so the article text stands out

    @property
    def parts(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, is_markup) for display."""
        if not self.markup:
            return [(self.text, False)]
        return [(piece, bool(_TAG.fullmatch(piece))) for piece in _TAG_SPLIT.split(self.text) if piece]


@dataclass
class SourceLine:
    number: int  # 0 for a gap of omitted lines
    segments: list[Segment] = field(default_factory=list)


def render(results: Sequence[FileResult], out: TextIO) -> None:
    out.write(render_page(results))


def render_page(results: Sequence[FileResult], generated: str | None = None) -> str:
    reports = build_reports(results)
    template = _environment().get_template("report.html.j2")
    return template.render(
        version=__version__,
        generated=generated or _today(),
        reports=[_file_view(report, index) for index, report in enumerate(reports, 1)],
        severities=[(s.value, s.label, n) for s, n in severity_counts(results).items()],
        checks=[(c, CHECK_LABELS[c], n) for c, n in check_counts(results).items()],
        files=len(results),
        findings=sum(len(r.findings) for r in results),
        status_labels=STATUS_LABELS,
    )


def _environment() -> Environment:
    # Autoescape everything, whatever the template's name: article text is hostile input.
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _today() -> str:
    # SOURCE_DATE_EPOCH gives reproducible reports (and tests), as for builds.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch else _dt.datetime.now()
    return moment.strftime("%Y-%m-%d %H:%M")


def _file_view(report: FileReport, index: int) -> dict:
    result = report.result
    return {
        "index": index,
        "report": report,
        "result": result,
        "metadata": report.metadata,
        "severities": [(s.value, s.label, n) for s, n in report.by_severity.items()],
        "checks": [(c, CHECK_LABELS[c], n) for c, n in report.by_check.items() if n],
        "findings": [
            {"number": n, "finding": f, "items": [i.item.text for i in report.items_for(n - 1)]}
            for n, f in enumerate(result.findings, 1)
        ],
        "lines": source_view(result),
        "checklist": report.checklist,
        "signoffs": report.signoffs,
    }


def source_view(result: FileResult) -> list[SourceLine]:
    """The source lines to show, each cut into highlighted segments; gaps as number 0."""
    count = len(result.source_lines)
    if count <= FULL_SOURCE_LINES and result.format != "html":
        shown = list(range(1, count + 1))
    else:
        wanted: set[int] = set()
        for f in result.findings:
            wanted.update(range(max(1, f.line - CONTEXT_LINES), min(count, f.end_line + CONTEXT_LINES) + 1))
        shown = sorted(wanted)
    lines: list[SourceLine] = []
    previous = 0
    for number in shown:
        if number != previous + 1:
            lines.append(SourceLine(0))
        lines.append(SourceLine(number, _segments(result, number)))
        previous = number
    if shown and previous != count:
        lines.append(SourceLine(0))
    return lines


# A finding's stretch of one line: (start, end, finding number, finding),
# columns 0-based and clamped to the line.
_Span = tuple[int, int, int, Finding]


def _segments(result: FileResult, number: int) -> list[Segment]:
    """Line ``number`` cut at every finding boundary, so that each segment is
    covered by one fixed set of findings (one highlight, one hover)."""
    text = result.line_text(number)
    spans = _spans(result.findings, number, len(text))
    cuts = sorted({0, len(text)} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    markup = result.format == "html"
    segments = [_segment(text, a, b, spans, number, markup) for a, b in pairwise(cuts)]
    # The end of the line has no text left: only insertion points (a missing
    # character at the very end) may remain there.
    tail = _inserts(spans, len(text))
    if tail:
        segments.append(Segment("", inserts=tail))
    return segments


def _spans(findings: Sequence[Finding], number: int, length: int) -> list[_Span]:
    """The part of line ``number`` each finding covers: a multi-line finding
    runs from its column to the end of its first line, covers its middle lines
    whole and ends at its end column on its last line."""
    spans: list[_Span] = []
    for n, f in enumerate(findings, 1):
        if f.line <= number <= f.end_line:
            start = f.column - 1 if number == f.line else 0
            end = f.end_column - 1 if number == f.end_line else length
            spans.append((min(start, length), min(max(start, end), length), n, f))
    return spans


def _segment(text: str, a: int, b: int, spans: list[_Span], number: int, markup: bool) -> Segment:
    """The segment ``text[a:b]``, with the findings covering it; empty spans
    only mark insertion points, they cover nothing."""
    covering = [(n, f) for s, e, n, f in spans if s <= a and b <= e and s < e]
    numbers = tuple(n for n, _ in covering)
    severity = max((f.severity for _, f in covering), key=lambda s: s.rank, default=None)
    # The number is shown once, where the finding starts (not on its later lines).
    labels = tuple(n for s, e, n, f in spans if s == a and s < e and f.line == number)
    return Segment(
        text[a:b],
        numbers,
        severity.value if severity else "",
        _title(spans, numbers),
        labels,
        _inserts(spans, a),
        markup,
    )


def _inserts(spans: list[_Span], at: int) -> tuple[tuple[int, str], ...]:
    """The empty-range findings (a missing character) at column ``at``."""
    return tuple((n, _describe(n, f)) for s, e, n, f in spans if s == e == at)


def _title(spans: list[_Span], numbers: tuple[int, ...]) -> str:
    by_number = {n: f for _, _, n, f in spans}
    return "\n".join(_describe(n, by_number[n]) for n in numbers)


def _describe(number: int, finding: Finding) -> str:
    text = f"[{number}] {finding.severity.label} {finding.rule}：{finding.message}"
    if finding.suggestion is not None:
        text += f"（建议：{finding.suggestion or '删除'}）"
    return text


def reporter():
    return render
