"""The HTML editor report: one self-contained page to print, sign and archive.

The page shows each draft's article as readers see it (its paragraphs with
their size, family and alignment, hidden text marked), every finding
highlighted on its words (message on hover, numbered list in the margin,
positions as 第N段第M字), the source behind a toggle for the newsroom
developer, the 三审 checklist and blank sign-off blocks. It loads nothing (inline CSS, no script, no font or image
URL) and forbids everything else with a Content-Security-Policy, and all
article content goes through Jinja's autoescaping: a hostile draft's
``<script>`` or ``onerror=`` is shown as text, never run.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping, Sequence
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
    overview,
    severity_counts,
)
from govlint.findings import FileResult, Finding
from govlint.formats import TEMPLATES
from govlint.rules import Severity

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
    hidden: bool = False  # article text readers cannot see (shown marked, for the editor)

    @property
    def parts(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, is_markup) for display."""
        if not self.markup:
            return [(self.text, False)]
        return [(piece, bool(_TAG.fullmatch(piece))) for piece in _TAG_SPLIT.split(self.text) if piece]


@dataclass
class ArticleLine:
    """A paragraph of the rendered article: its place, the element it is
    shown as (h1, h2, p ...), its look and its highlighted segments."""

    index: int  # the paragraph's index in FileResult.article (the anchor findings link to)
    label: str
    tag: str
    css: str
    segments: list[Segment]


@dataclass
class SourceLine:
    number: int  # 0 for a gap of omitted lines
    segments: list[Segment] = field(default_factory=list)


def render(results: Sequence[FileResult], out: TextIO) -> None:
    out.write(render_page(results))


def render_page(
    results: Sequence[FileResult],
    generated: str | None = None,
    signed: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The report page; ``signed`` fills the sign-off boxes (stage name, such
    as 初审, to its reviewer, date and opinion), as ``govlint serve`` does
    with what the editors typed; by default the boxes are blank, to sign on paper."""
    reports = build_reports(results)
    template = _environment().get_template("report.html.j2")
    return template.render(
        signed=signed or {},
        version=__version__,
        generated=generated or _today(),
        reports=[_file_view(report, index) for index, report in enumerate(reports, 1)],
        overview=overview(reports) if len(reports) > 1 else [],
        severity_order=list(Severity),
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
        finalize=visible_controls,
    )


# C0 controls but tab and line feed, DEL, C1 controls, bidirectional
# overrides and isolates: as the terminal format shows them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_controls(value: object) -> object:
    """Every value the template prints, with control characters shown as
    visible escapes (``\\u001b``): a draft's raw ESC must not reach a
    terminal the report is written to, nor reorder the text shown."""
    if isinstance(value, str) and _UNSAFE.search(value):
        return type(value)(_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", value))
    return value


def _today() -> str:
    # SOURCE_DATE_EPOCH gives reproducible reports (and tests), as for builds.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch else _dt.datetime.now()
    return moment.strftime("%Y-%m-%d %H:%M")


def _file_view(report: FileReport, index: int) -> dict:
    result = report.result
    items: dict[int, list[str]] = {}  # the checklist lines each finding counts against, found in one pass
    for item in report.checklist:
        for finding in dict.fromkeys(item.findings):
            items.setdefault(finding, []).append(item.item.text)
    return {
        "index": index,
        "report": report,
        "result": result,
        "metadata": report.metadata,
        "severities": [(s.value, s.label, n) for s, n in report.by_severity.items()],
        "checks": [(c, CHECK_LABELS[c], n) for c, n in report.by_check.items() if n],
        "findings": [
            {"number": n, "finding": f, "items": items.get(n - 1, [])} for n, f in enumerate(result.findings, 1)
        ],
        "lines": source_view(result),
        "article": article_view(result),
        "checklist": report.checklist,
        "signoffs": report.signoffs,
    }


def source_view(result: FileResult) -> list[SourceLine]:
    """The source lines to show, each cut into highlighted segments; gaps as number 0."""
    count = len(result.source_lines)
    on_line: dict[int, list[tuple[int, Finding]]] = {}  # each line's findings, found once
    for n, f in enumerate(result.findings, 1):
        for number in range(max(1, f.line), min(count, f.end_line) + 1):
            on_line.setdefault(number, []).append((n, f))
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
        lines.append(SourceLine(number, _segments(result, number, on_line.get(number, []))))
        previous = number
    if shown and previous != count:
        lines.append(SourceLine(0))
    return lines


# A finding's stretch of one line: (start, end, finding number, finding),
# columns 0-based and clamped to the line.
_Span = tuple[int, int, int, Finding]
TITLE_FINDINGS = 20  # a hover lists at most this many findings, then their count


def _segments(result: FileResult, number: int, findings: Sequence[tuple[int, Finding]]) -> list[Segment]:
    """Source line ``number`` cut at every finding boundary; a finding's
    number is shown once, where it starts (not on its later lines)."""
    text = result.line_text(number)
    starts_here = {n for n, f in findings if f.line == number}
    return _cut(text, _spans(findings, number, len(text)), starts_here, result.format == "html")


def _cut(
    text: str, spans: list[_Span], labelled: set[int], markup: bool, hidden: Sequence[tuple[int, int]] = ()
) -> list[Segment]:
    """``text`` cut at every span and hidden-stretch boundary, so that each
    segment is covered by one fixed set of findings (one highlight, one hover).

    One sweep along the text: the findings covering the current stretch are
    kept as findings start and end, so the cost grows with the findings and
    cuts of the line, not their product (thousands of findings on one line
    of brackets took minutes)."""
    bounds = {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans} | {x for pair in hidden for x in pair}
    cuts = sorted({0, len(text)} | bounds)
    starting: dict[int, list[_Span]] = {}
    ending: dict[int, list[_Span]] = {}
    inserts: dict[int, list[tuple[int, str]]] = {}
    for span in spans:
        s, e, n, f = span
        if s < e:
            starting.setdefault(s, []).append(span)
            ending.setdefault(e, []).append(span)
        else:  # empty spans only mark insertion points, they cover nothing
            inserts.setdefault(s, []).append((n, _describe(n, f)))
    covering: dict[int, Finding] = {}
    view: tuple[tuple[int, ...], str, str] = ((), "", "")
    segments = []
    for a, b in pairwise(cuts):
        changed = a in starting or a in ending
        for _, _, n, _ in ending.get(a, ()):
            covering.pop(n, None)
        for _, _, n, f in starting.get(a, ()):
            covering[n] = f
        if changed:
            view = _covering_view(covering)
        labels = tuple(n for _, _, n, _ in starting.get(a, ()) if n in labelled)
        unseen = any(h0 <= a < h1 for h0, h1 in hidden)
        segments.append(Segment(text[a:b], *view, labels, tuple(inserts.get(a, ())), markup, unseen))
    # The end of the line has no text left: only insertion points (a missing
    # character at the very end) may remain there.
    tail = tuple(inserts.get(len(text), ()))
    if tail:
        segments.append(Segment("", inserts=tail))
    return segments


_BLOCK_TAGS = {"title": "h1", "quote": "blockquote", "code": "pre"}  # other kinds: p


def article_view(result: FileResult) -> list[ArticleLine]:
    """The article as readers see it (``FileResult.article``), each finding
    highlighted on its words; text outside the article (a page's menus) left out."""
    on_block: dict[int, list[_Span]] = {}
    for n, f in enumerate(result.findings, 1):
        place = f.place
        if place is not None and 0 <= place.block < len(result.article):
            start = place.column - 1
            on_block.setdefault(place.block, []).append((start, start + place.length, n, f))
    lines = []
    for index, block in enumerate(result.article):
        if block.label == "正文外":
            continue
        spans = on_block.get(index, [])
        length = len(block.text)
        spans = [(min(s, length), min(max(s, e), length), n, f) for s, e, n, f in spans]
        segments = _cut(block.text, spans, {n for _, _, n, _ in spans}, False, block.hidden)
        if block.label == "标题":
            tag = "h1"
        elif block.kind == "heading":
            tag = f"h{min(block.level + 1, 4)}"
        else:
            tag = _BLOCK_TAGS.get(block.kind, "p")
        lines.append(ArticleLine(index, block.label, tag, block.css, segments))
    return lines


def _spans(findings: Sequence[tuple[int, Finding]], number: int, length: int) -> list[_Span]:
    """The part of line ``number`` each finding covers: a multi-line finding
    runs from its column to the end of its first line, covers its middle lines
    whole and ends at its end column on its last line."""
    spans: list[_Span] = []
    for n, f in findings:
        start = f.column - 1 if number == f.line else 0
        end = f.end_column - 1 if number == f.end_line else length
        spans.append((min(start, length), min(max(start, end), length), n, f))
    spans.sort(key=lambda span: span[2])
    return spans


def _covering_view(covering: dict[int, Finding]) -> tuple[tuple[int, ...], str, str]:
    """Numbers, colour and hover of a stretch covered by ``covering``."""
    numbers = tuple(sorted(covering))
    severity = max((f.severity for f in covering.values()), key=lambda s: s.rank, default=None)
    title = [_describe(n, covering[n]) for n in numbers[:TITLE_FINDINGS]]
    if len(numbers) > TITLE_FINDINGS:
        title.append(f"……共 {len(numbers)} 处问题")
    return numbers, severity.value if severity else "", "\n".join(title)


def _describe(number: int, finding: Finding) -> str:
    text = f"[{number}] {finding.severity.label} {finding.rule}：{finding.message}"
    if finding.suggestion is not None:
        text += f"（建议：{finding.suggestion or '删除'}）"
    return text


def reporter():
    return render
