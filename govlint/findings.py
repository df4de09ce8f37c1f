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


@dataclass(frozen=True)
class Place:
    """Where a finding is, as an editor counts: the paragraph (``label``:
    第3段, 标题, 图注, 页眉; ``paragraph``, its number among the article's
    paragraphs, None for a title, caption or page part), the character in it
    (``column``, 1-based), and the sentence around it as readers see it
    (``quote``, never markup), the finding being ``quote[start:end]``."""

    label: str
    paragraph: int | None
    column: int
    quote: str
    start: int
    end: int
    length: int = 0  # characters of the finding in the paragraph (the quote may hold fewer)
    block: int = -1  # the paragraph's index in ``FileResult.article``

    @property
    def text(self) -> str:
        return f"{self.label}第{self.column}字"


@dataclass(frozen=True)
class ArticleBlock:
    """A paragraph of the article as readers see it, for the reports' rendered
    view: its place (``label``), kind and heading level, text, the CSS of
    its look (size, family, weight, alignment; values the reader computed,
    never the draft's own markup) and the stretches readers cannot see."""

    label: str
    kind: str
    level: int
    text: str
    css: str = ""
    hidden: tuple[tuple[int, int], ...] = ()


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
    place: Place | None = field(default=None, compare=False)  # None: not in the article's text (metadata)
    title: str = field(default="", compare=False)  # the rule's Chinese name, for editors

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
            # The rule's Chinese name and the editor's position (docs/json-output.md).
            "title": self.title,
            "place": self.place.label if self.place else None,
            "paragraph": self.place.paragraph if self.place else None,
            "place_column": self.place.column if self.place else None,
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
    # The article's paragraphs as readers see them (govlint.places), for the reports.
    article: tuple[ArticleBlock, ...] = field(default=(), compare=False, repr=False)

    def line_text(self, line: int) -> str:
        return self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else ""

    def article_metadata(self) -> dict[str, str | None]:
        """One truth about the article, for every output: what the draft
        declares (``metadata``), else what the provenance check read in its
        text (a 来源：… line, a 原创 mark, an 编辑 credit)."""
        values = self.metadata.as_dict()
        found = self.facts.get("provenance")
        if isinstance(found, dict):
            for key in ("label", "source", "author", "editor"):
                values[key] = values.get(key) or found.get(key)
        return values

    def position(self, finding: Finding) -> str:
        """A finding's position for an editor: 第3段第5字, or, for one not in
        the article's text, what it is about: the front matter's line, the
        page's metadata, the Word file's properties."""
        if finding.place is not None:
            return finding.place.text
        return {"markdown": f"头信息第{finding.line}行", "html": "网页元数据", "docx": "文档属性"}.get(
            self.format or "", f"第{finding.line}行"
        )
