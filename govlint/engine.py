"""Linting: files in, FileResults out. No output formats here."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from govlint.checks import active_rules
from govlint.config import Config
from govlint.findings import FileResult, Finding, Fix
from govlint.model import Document
from govlint.places import Locator
from govlint.readers import FORMATS, format_of, read_document, size_limit
from govlint.rules import Context, Hit, Rule, Severity
from govlint.source import InputError, os_reason, read_bytes, read_stream
from govlint.suppress import parse_suppressions


class PathError(Exception):
    """A path given on the command line that names nothing to lint."""


def discover_files(
    path: Path,
    config_for: Callable[[Path], Config],
    on_error: Callable[[Path, str], None] | None = None,
) -> list[Path]:
    """Drafts under ``path``: the file itself, or the files with a draft suffix
    below a directory, sorted, skipping hidden folders and excluded paths.

    A folder below ``path`` that cannot be listed is passed to ``on_error``
    with its one-line Chinese reason (never skipped without a word); a file
    whose path cannot be resolved (a symlink to itself) is kept, for its
    reading to report why it cannot be linted."""
    if not path.exists():
        if path.is_symlink():
            raise PathError(_unreadable_path(path))
        raise PathError("路径不存在")
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise PathError("不是普通文件或目录")
    found = []
    unlisted: list[tuple[Path, str]] = []

    def unreadable(error: OSError) -> None:
        unlisted.append((Path(error.filename or path), "无法读取目录：" + os_reason(error)))

    for folder, subfolders, files in os.walk(path, onerror=unreadable):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d != "node_modules")
        for name in sorted(files):
            candidate = Path(folder) / name
            if candidate.suffix.lower() in FORMATS and not _excluded(candidate, config_for):
                found.append(candidate)
    for folder, reason in unlisted:
        if folder == path:  # the PATH itself
            raise PathError(reason)
        if on_error is not None:
            on_error(folder, reason)
    found.sort(key=lambda p: p.as_posix())
    if not found and (not unlisted or on_error is None):
        raise PathError(f"目录中没有可检查的文稿（{' '.join(sorted(FORMATS))}）")
    return found


def _excluded(candidate: Path, config_for: Callable[[Path], Config]) -> bool:
    """Whether the configuration excludes a file; a path that cannot be
    resolved (a symlink loop) is not excluded: reading it says what is wrong."""
    try:
        return config_for(candidate).is_excluded(candidate)
    except (OSError, RuntimeError):  # RuntimeError: pathlib's "Symlink loop" before Python 3.13
        return False


def _unreadable_path(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as error:
        return os_reason(error)
    return "路径不存在"


def lint_file(path: Path, config: Config, display: str | None = None) -> FileResult:
    """Read, check and collect one file; unreadable input becomes ``error``."""
    loaded = load_document(path, config, display)
    return loaded if isinstance(loaded, FileResult) else check_document(loaded, config)


def lint_files(
    paths: Sequence[Path], config: Config, data: Sequence[bytes | None] | None = None
) -> list[FileResult]:
    """``lint_file`` for several files, the readable ones checked as one
    batch (the same findings, less work per file: see ``prepare_documents``).
    ``data`` holds the bytes already read of each path (None: read it here)."""
    given = data if data is not None else [None] * len(paths)
    loaded = [
        load_document(path, config) if raw is None else _given(path, raw, config.max_file_size)
        for path, raw in zip(paths, given, strict=True)
    ]
    documents = [d for d in loaded if isinstance(d, Document)]
    contexts = iter(prepare_documents(documents, config))
    return [d if isinstance(d, FileResult) else check_document(d, config, next(contexts)) for d in loaded]


def load_document(
    path: Path, config: Config, display: str | None = None, on_read: Callable[[bytes], None] | None = None
) -> Document | FileResult:
    """The document of a file, or a result holding why it cannot be read.

    ``on_read`` receives the bytes read, the very bytes the document is made
    of (the audit keys its cache by their digest: a file edited meanwhile
    must not be stored under another content's key)."""
    shown = display or str(path)
    fmt = format_of(path)
    if fmt is None:
        return FileResult(shown, None, error=_unsupported(path))
    limit = config.max_file_size
    return _document(lambda: read_bytes(path, size_limit(fmt, limit)), shown, fmt, limit, on_read)


def lint_stream(
    stream: BinaryIO, name: str, display: str, config: Config, on_read: Callable[[bytes], None] | None = None
) -> FileResult:
    """Read, check and collect a draft from a stream (standard input);
    ``name`` (``--stdin-filename``) gives its type, ``display`` how reports
    show it, ``on_read`` receives the bytes read."""
    fmt = format_of(Path(name))
    if fmt is None:
        return FileResult(display, None, error=_unsupported(Path(name)))
    limit = config.max_file_size
    loaded = _document(lambda: read_stream(stream, size_limit(fmt, limit)), display, fmt, limit, on_read)
    return loaded if isinstance(loaded, FileResult) else check_document(loaded, config)


def _given(path: Path, data: bytes, max_file_size: int) -> Document | FileResult:
    """The document of bytes already read from ``path``."""
    fmt = format_of(path)
    if fmt is None:
        return FileResult(str(path), None, error=_unsupported(path))
    return _document(lambda: data, str(path), fmt, max_file_size)


def _unsupported(path: Path) -> str:
    return f"不支持的文件类型“{path.suffix or '无扩展名'}”（支持 {' '.join(sorted(FORMATS))}）"


def _document(
    read: Callable[[], bytes],
    shown: str,
    fmt: str,
    max_file_size: int,
    on_read: Callable[[bytes], None] | None = None,
) -> Document | FileResult:
    """The document of the bytes ``read`` gives, or a result holding why not."""
    try:
        data = read()
        if on_read is not None:
            on_read(data)
        return read_document(data, shown, fmt, max_file_size)
    except InputError as error:
        return FileResult(shown, fmt, error=str(error))
    except RecursionError:
        return FileResult(shown, fmt, error="文档嵌套过深，无法解析")
    except Exception as error:  # a reader's bug on one file: reported for that file, the run goes on
        reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
        return FileResult(shown, fmt, error=f"读取或解析出错（{reason}），请报告此问题")


def prepare_documents(documents: Sequence[Document], config: Config) -> list[Context]:
    """One context per document, with what the active rules' ``prepare``
    steps computed for the whole batch. A prepare step that fails leaves
    nothing behind: its rule then does the work per document (and reports
    its own error there)."""
    contexts = [Context(config) for _ in documents]
    if len(documents) < 2:
        return contexts
    for rule in active_rules(config):
        if rule.prepare is None:
            continue
        try:
            rule.prepare(documents, contexts)
        except Exception:
            for context in contexts:
                context.prepared.pop(rule.id, None)
    return contexts


def check_document(document: Document, config: Config, context: Context | None = None) -> FileResult:
    context = context or Context(config)
    suppressions = parse_suppressions(document.source)
    findings: list[Finding] = []
    ran: list[str] = []
    failed: list[tuple[str, str]] = []
    locator = Locator(document)
    for rule in active_rules(config):
        try:
            found = list(_findings(rule, document, context, locator))
        except Exception as error:
            failed.append((rule.id, f"{type(error).__name__}: {error}".splitlines()[0][:200]))
            continue
        ran.append(rule.id)
        findings.extend(f for f in found if not suppressions.suppresses(f.rule, f.line))
    findings.sort(key=lambda f: f.sort_key)
    return FileResult(
        path=document.path,
        format=document.format,
        encoding=document.encoding,
        chars=len(document.source.text),
        metadata=document.metadata,
        findings=tuple(_unique(findings)),
        source_lines=tuple(document.source.lines()),
        rules_run=tuple(ran),
        rule_errors=tuple(failed),
        rules_unchecked=tuple((r, why) for r, why in sorted(context.unchecked.items()) if r in ran),
        facts=context.facts,
        article=locator.article(),
    )


def _findings(rule: Rule, document: Document, context: Context, locator: Locator) -> Iterator[Finding]:
    configured = context.config.severity_for(rule.id, None)  # type: ignore[arg-type]
    source = document.source
    for hit in rule.run(document, context):
        severity = _hit_severity(hit, configured, rule.severity)
        start, end = sorted((hit.start, hit.end))
        line, column = source.locate(start)
        end_line, end_column = source.locate(end)
        applicability = hit.applicability or rule.applicability
        fix = None
        if hit.suggestion is not None and applicability is not None:
            fix = Fix(start, end, line, column, end_line, end_column, hit.suggestion, applicability)
        yield Finding(
            check=rule.check,
            rule=rule.id,
            severity=severity,
            stage=hit.stage or rule.stage,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            text=source.text[start:end],
            suggestion=hit.suggestion,
            message=hit.message,
            offset=start,
            fix=fix,
            place=locator.place(start, end) if hit.in_text else None,
            title=rule.title,
        )


def _hit_severity(hit: Hit, configured: Severity | None, default: Severity) -> Severity:
    """A configured override sets the rule's level over the hit's own (a term
    list's); a hit its rule downgraded to a notice because of its context
    (reporting on a crackdown) stays a notice."""
    if hit.severity is Severity.NOTICE:
        return Severity.NOTICE
    return configured or hit.severity or default


def _unique(findings: Iterable[Finding]) -> Iterator[Finding]:
    seen = set()
    for finding in findings:
        key = finding.sort_key
        if key not in seen:
            seen.add(key)
            yield finding
