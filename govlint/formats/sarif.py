"""SARIF 2.1.0 output, for code scanning on GitHub and GitLab.

One run: the driver lists every registered rule (help text from its doc,
default level from its severity); each finding is a result with its region
(columns in Unicode code points, as govlint counts them) and, when there is
a suggestion, a fix. The editor report (metadata, checklist, sign-off) goes
into property bags, which SARIF consumers ignore and archives keep.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import TextIO
from urllib.parse import quote

from govlint import __version__
from govlint.checklist import FileReport, build_reports, check_counts, severity_counts
from govlint.checks import all_rules
from govlint.escape import path_bytes, shown_path
from govlint.findings import FileResult, Finding
from govlint.formats.ruledocs import rule_help
from govlint.rules import Applicability, Rule, Severity

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
INFORMATION_URI = "https://github.com/govlint/govlint"


def artifact_uri(path: str) -> str:
    """A path as a URI reference, its bytes percent-encoded (Chinese file
    names are common; a name that is not UTF-8 keeps its own bytes, %FF)."""
    pure = PurePath(path)
    encoded = quote(path_bytes(pure.as_posix()))
    return "file://" + encoded if pure.is_absolute() else encoded


def sarif_log(results: Sequence[FileResult]) -> dict:
    rules = all_rules()
    index = {r.id: i for i, r in enumerate(rules)}
    reports = build_reports(results)
    notifications = _notifications(results)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "govlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(r) for r in rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "artifacts": [_artifact(r) for r in results],
                "results": [
                    _result(result, finding, index, artifact)
                    for artifact, result in enumerate(results)
                    for finding in result.findings
                ],
                "properties": {
                    "summary": {
                        "by_severity": {s.value: n for s, n in severity_counts(results).items()},
                        "by_check": check_counts(results),
                    },
                    "reports": [_report(r) for r in reports],
                },
            }
        ],
    }


def _descriptor(rule: Rule) -> dict:
    first = rule.doc.partition("\n")[0]
    shown = rule_help(rule) or rule.summary
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": first.strip() or rule.summary},
        "help": {"text": shown, "markdown": shown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "check": rule.check,
            "stage": rule.stage.value,
            "tags": ["govlint", rule.check, rule.stage.value],
        },
    }


def _artifact(result: FileResult) -> dict:
    artifact: dict = {"location": {"uri": artifact_uri(result.path)}}
    if result.encoding:
        artifact["encoding"] = result.encoding
    if result.format:
        artifact["sourceLanguage"] = result.format
    return artifact


def _region(finding: Finding) -> dict:
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "snippet": {"text": finding.text},
    }


def _result(result: FileResult, finding: Finding, index: dict[str, int], artifact: int) -> dict:
    location = {"uri": artifact_uri(result.path), "index": artifact}
    message = finding.message
    if finding.suggestion is not None:
        message += f"（建议：{finding.suggestion or '删除'}）"
    entry: dict = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": _region(finding)}}],
        "partialFingerprints": {"govlint/v1": _fingerprint(result, finding)},
        "properties": {"stage": finding.stage.value, "check": finding.check},
    }
    if finding.rule in index:
        entry["ruleIndex"] = index[finding.rule]
    fix = finding.fix
    if fix is not None and fix.applicability is not Applicability.DISPLAY:
        # SARIF's fixes are proposals a viewer may apply; an unsafe one says so.
        description = f"改为“{fix.replacement}”" if fix.replacement else "删除"
        if fix.applicability is Applicability.UNSAFE:
            description += "（请核对）"
        entry["fixes"] = [
            {
                "description": {"text": description},
                "artifactChanges": [
                    {
                        "artifactLocation": location,
                        "replacements": [
                            {"deletedRegion": _region(finding), "insertedContent": {"text": fix.replacement}}
                        ],
                    }
                ],
            }
        ]
    return entry


def _fingerprint(result: FileResult, finding: Finding) -> str:
    # Stable across edits elsewhere in the file: the rule, the text and its line, not the line number.
    key = "\x1f".join((result.path, finding.rule, finding.text, result.line_text(finding.line).strip()))
    return hashlib.sha256(path_bytes(key)).hexdigest()[:32]


def _notifications(results: Sequence[FileResult]) -> list[dict]:
    notes = []
    for result in results:
        where = [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(result.path)}}}]
        if result.error:
            notes.append({"level": "error", "message": {"text": f"文件无法检查：{result.error}"}, "locations": where})
        for rule_id, reason in result.rule_errors:
            notes.append(
                {
                    "level": "error",
                    "message": {"text": f"规则 {rule_id} 运行出错：{reason}"},
                    "locations": where,
                    "descriptor": {"id": rule_id},
                }
            )
    return notes


def _report(report: FileReport) -> dict:
    return {
        "path": shown_path(report.result.path),
        "metadata": report.result.metadata.as_dict(),
        "by_severity": {s.value: n for s, n in report.by_severity.items()},
        "by_check": report.by_check,
        "checklist": [item.as_dict() for item in report.checklist],
        "signoff": [s.as_dict() for s in report.signoffs],
    }


def render(results: Sequence[FileResult], out: TextIO) -> None:
    out.write(json.dumps(sarif_log(results), ensure_ascii=False, indent=2))
    out.write("\n")


def reporter():
    return render
