"""Findings (what reporters render) and per-file results."""

from __future__ import annotations

from dataclasses import dataclass, field

from govlint.model import Metadata
from govlint.rules import Applicability, Severity, Stage


@dataclass(frozen=True)
class Fix:
    """An edit a finding offers: replace the source range [start, end) by
    ``replacement`` (empty: delete it), as ``applicability`` allows. The
    finding's ``suggestion`` is the hint shown; this is what ``--fix`` does."""

    start: int  # source offsets, for applying
    end: int
    line: int  # and the same range as positions, for the JSON output
    column: int
    end_line: int
    end_column: int
    replacement: str
    applicability: Applicability

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "replacement": self.replacement,
            "applicability": self.applicability.value,
        }


@dataclass(frozen=True, order=False)
class Finding:
    check: str
    rule: str
    severity: Severity
    stage: Stage
    line: int
    column: int
    end_line: int
    end_column: int
    text: str  # the exact source excerpt of [line:column, end_line:end_column)
    suggestion: str | None
    message: str
    offset: int = field(default=0, compare=False)  # source offset of the start, for sorting
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.line, self.column, self.end_line, self.end_column, self.rule, self.message)

    def as_dict(self) -> dict:
        return {
            "check": self.check,
            "rule": self.rule,
            "severity": self.severity.value,
            "stage": self.stage.value,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "suggestion": self.suggestion,
            "message": self.message,
            "fix": self.fix.as_dict() if self.fix else None,
        }


@dataclass(frozen=True)
class FileResult:
    path: str
    format: str | None
    encoding: str | None = None
    chars: int = 0
    metadata: Metadata = field(default_factory=Metadata)
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    source_lines: tuple[str, ...] = field(default=(), compare=False, repr=False)
    rules_run: tuple[str, ...] = ()  # ids of the rules that ran to completion on this file
    rule_errors: tuple[tuple[str, str], ...] = ()  # (rule id, reason) of rules that failed
    # (rule id, what it left unchecked) of rules that ran but could not check everything (rules.Context)
    rules_unchecked: tuple[tuple[str, str], ...] = ()
    facts: dict[str, object] = field(default_factory=dict, compare=False)  # see rules.Context
    # What each source line is for an editor (第3段, 页眉), for formats whose
    # lines are not the file's own (Word: ``Document.places``); else empty.
    places: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def line_text(self, line: int) -> str:
        return self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else ""

    def line_place(self, line: int) -> str | None:
        """What a line is for an editor (第3段, 页眉); None for a format whose lines are the file's own."""
        return self.places[line - 1] if 0 < line <= len(self.places) else None

    def place(self, line: int, column: int) -> str | None:
        """Where a position is, as an editor counts: 第3段第5字, 页眉第2字;
        None for a format whose line:column is the file's own."""
        label = self.line_place(line)
        return None if label is None else f"{label}第{column}字"

    def position(self, finding: Finding) -> str:
        """A finding's position for an editor: its place, or line:column."""
        return self.place(finding.line, finding.column) or f"{finding.line}:{finding.column}"
