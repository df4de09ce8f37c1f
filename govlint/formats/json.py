"""The JSON contract (docs/json-output.md): stable keys, stable order."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from govlint import __version__
from govlint.checklist import build_report
from govlint.findings import FileResult
from govlint.rules import CHECK_IDS, Severity


def file_entry(result: FileResult) -> dict:
    return {
        "path": result.path,
        "format": result.format,
        "encoding": result.encoding,
        "chars": result.chars,
        "metadata": result.article_metadata(),
        "findings": [finding.as_dict() for finding in result.findings],
        # Computed by the provenance check (govlint/checks/provenance.py); null when it did not run.
        "provenance": result.facts.get("provenance"),
        **_review(result),
        "error": result.error,
    }


def _review(result: FileResult) -> dict:
    """The 三审 checklist and the blank sign-off blocks (govlint/report)."""
    report = build_report(result)
    return {
        "checklist": [item.as_dict() for item in report.checklist],
        "signoff": [signoff.as_dict() for signoff in report.signoffs],
    }


def summary(results: Sequence[FileResult]) -> dict:
    findings = [f for r in results for f in r.findings]
    by_check = Counter(f.check for f in findings)
    by_severity = Counter(f.severity.value for f in findings)
    return {
        "files": len(results),
        "findings": len(findings),
        "errors": sum(1 for r in results if r.error),
        # Every check and severity is present, zero included, in a fixed order.
        "by_check": {check: by_check.get(check, 0) for check in CHECK_IDS},
        "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
    }


def document(results: Sequence[FileResult]) -> dict:
    return {
        "govlint": __version__,
        "files": [file_entry(r) for r in results],
        "summary": summary(results),
    }


def render(results: Sequence[FileResult], out: TextIO) -> None:
    out.write(json.dumps(document(results), ensure_ascii=False, indent=2))
    out.write("\n")


def reporter():
    return render
