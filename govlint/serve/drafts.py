"""A draft the page holds: its bytes, its check result and what an editor does
with it (accept one suggestion, accept all safe ones, download the corrected
draft or the 三审 report). Everything is in memory; nothing here knows HTTP.

Each action goes through govlint's own code: ``readers.read_document`` and
``engine.check_document`` check, ``fix.rewrite`` edits (the same edits as
``--fix``), ``formats.html.render_page`` is the report and
``formats.review.reviewed_docx`` the reviewed copy of a Word draft.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import PurePath

from govlint.config import Config
from govlint.engine import check_document
from govlint.findings import FileResult, Finding
from govlint.fix import rewrite
from govlint.readers import FORMATS, WORD_XML_FACTOR, read_document, size_limit
from govlint.rules import Applicability
from govlint.source import InputError

#: The formats a page accepts: by upload (the suffix decides) or pasted (the select decides).
UPLOAD_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".txt", ".docx")
PASTED = {"text": ".txt", "markdown": ".md", "html": ".html"}
PASTED_NAME = "粘贴的文稿"
MAX_DRAFTS = 20  # drafts kept at once; the least recently used is forgotten first
MAX_BYTES = 256 * 1024 * 1024  # and their bytes at most this (the newest draft is always kept)
MAX_REASON = 200  # characters of an ignore reason
MAX_SIGNOFF = {"reviewer": 40, "date": 40, "opinion": 1000}  # characters of each sign-off field

# Checks run one at a time: the typo engine loads its model on first use and
# keeps caches that were written for one thread.
_CHECKING = threading.Lock()


class DraftError(Exception):
    """Why a draft cannot be checked or an action done: one line in Chinese."""


class TooLargeError(DraftError):
    """A draft over the size limit."""


@dataclass
class Draft:
    id: str
    name: str  # the file name shown and used for downloads
    fmt: str  # html, markdown, text, docx
    original: bytes  # as uploaded or pasted
    data: bytes  # as edited by the accepted suggestions
    result: FileResult
    version: int = 1  # bumped by every edit: a form from an older page is refused
    accepted: int = 0
    notice: str | None = None  # said once on the next page
    # Ignored findings by ``finding_keys`` (they survive a re-check), with the editor's reason.
    ignored: dict[tuple, str] = field(default_factory=dict)
    # The sign-off boxes as last filled in on the page: stage (初审 …) → {reviewer, date, opinion}.
    signoffs: dict[str, dict[str, str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)  # one action at a time

    @property
    def editable(self) -> bool:
        """Word drafts are not edited in place: their fixes go in the reviewed copy."""
        return self.fmt != "docx"


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def format_of_upload(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise DraftError(f"不支持的文件类型“{suffix or name}”：请选择 {' '.join(UPLOAD_SUFFIXES)} 文件")
    return FORMATS[suffix]


def check(data: bytes, name: str, fmt: str, config: Config) -> FileResult:
    """The check result of a draft's bytes, as ``govlint FILE`` gives it."""
    limit = size_limit(fmt, config.max_file_size)
    if len(data) > limit:
        raise TooLargeError(f"稿件过大（{size_text(len(data))}），超过上限 {size_text(limit)}，请拆分后再检查")
    try:
        document = read_document(data, name, fmt, config.max_file_size)
    except InputError as error:
        raise DraftError(f"无法读取稿件：{error}") from None
    with _CHECKING:
        return check_document(document, config)


def pasted(text: str, kind: str) -> tuple[bytes, str, str]:
    """Pasted text as a draft's (bytes, name, format). Browsers send a
    textarea's line breaks as CRLF; the draft keeps the editor's LF."""
    if kind not in PASTED:
        raise DraftError("请选择粘贴内容的格式：纯文本、Markdown 或 HTML")
    if not text.strip():
        raise DraftError("请粘贴文稿内容或选择一个文件")
    data = text.replace("\r\n", "\n").encode("utf-8")
    return data, PASTED_NAME + PASTED[kind], FORMATS[PASTED[kind]]


def finding_keys(findings: tuple[Finding, ...]) -> list[tuple]:
    """What names each finding across re-checks: its rule and message, its
    words, the sentence around them and the paragraph (第N段) they are in;
    not its offset, which an edit elsewhere moves. (The same words of the same
    sentence twice in one paragraph share a name: ignored together.)"""
    keys = []
    for f in findings:
        place = f.place
        where = (place.label, place.quote, place.start) if place else ("", "", -1)
        keys.append((f.rule, f.message, f.text, *where))
    return keys


def shown(draft: Draft) -> list[tuple[int, Finding]]:
    """The findings not ignored, with their index in ``draft.result.findings``."""
    keys = finding_keys(draft.result.findings)
    return [(i, f) for i, f in enumerate(draft.result.findings) if keys[i] not in draft.ignored]


def shown_result(draft: Draft) -> FileResult:
    """The check result without the ignored findings: what the page and the report show."""
    return replace(draft.result, findings=tuple(f for _, f in shown(draft)))


def ignored(draft: Draft) -> list[tuple[int, Finding, str]]:
    """The ignored findings of the current result: (index, finding, reason)."""
    keys = finding_keys(draft.result.findings)
    found = ((i, f, draft.ignored.get(keys[i])) for i, f in enumerate(draft.result.findings))
    return [(i, f, reason) for i, f, reason in found if reason is not None]


def _key(draft: Draft, index: int) -> tuple | None:
    findings = draft.result.findings
    return finding_keys(findings)[index] if 0 <= index < len(findings) else None


def ignore(draft: Draft, index: int, reason: str) -> None:
    """Set finding ``index`` aside with the editor's reason (said in the report)."""
    key = _key(draft, index)
    if key is None:
        raise DraftError("找不到这条问题，请在新的检查结果上重新操作")
    reason = " ".join(reason.split())
    if not reason:
        raise DraftError("请填写忽略这条问题的理由（会写入三审报告）")
    draft.ignored[key] = reason[:MAX_REASON]
    draft.notice = "已忽略 1 个问题，理由会写入三审报告。"


def restore(draft: Draft, index: int) -> None:
    """Show an ignored finding again."""
    key = _key(draft, index)
    if key is None or draft.ignored.pop(key, None) is None:
        raise DraftError("找不到这条已忽略的问题，请在新的检查结果上重新操作")
    draft.notice = "已恢复 1 个问题。"


def set_signoffs(draft: Draft, values: dict[str, dict[str, str]]) -> None:
    """Keep the sign-off boxes as filled in (trimmed to their lengths)."""
    draft.signoffs = {
        stage: {name: fields.get(name, "").strip()[:size] for name, size in MAX_SIGNOFF.items()}
        for stage, fields in values.items()
    }


def accept(draft: Draft, index: int, config: Config) -> None:
    """Apply the edit of finding ``index`` (safe or needing review, never a
    display-only hint) and check the draft again."""
    findings = draft.result.findings
    if not draft.editable or not 0 <= index < len(findings):
        raise DraftError("这条建议不能自动采纳")
    if _key(draft, index) in draft.ignored:
        raise DraftError("这条问题已被忽略，请先恢复再采纳")
    fix = findings[index].fix
    if fix is None or fix.applicability is Applicability.DISPLAY:
        raise DraftError("这条建议只作参考，请手工修改")
    one = replace(draft.result, findings=(findings[index],))
    _apply(draft, rewrite(draft.data, one, unsafe=True), config)


def accept_safe(draft: Draft, config: Config) -> None:
    """Apply every safe edit (what ``govlint --fix`` applies) but those of
    ignored findings, and check again."""
    if not draft.editable:
        raise DraftError("Word 文稿不能直接修改，请下载审校稿在 Word 或 WPS 中逐条接受")
    _apply(draft, rewrite(draft.data, shown_result(draft), unsafe=False), config)


def safe_of_rule(draft: Draft, rule: str) -> list[Finding]:
    """The shown findings of ``rule`` with a safe edit: what "采纳本类全部" applies."""
    return [f for _, f in shown(draft) if f.rule == rule and f.fix and f.fix.applicability is Applicability.SAFE]


def accept_rule(draft: Draft, rule: str, config: Config) -> None:
    """Apply every safe edit of one rule (as ``accept_safe``, limited to
    ``rule``; ignored findings keep theirs) and check again."""
    if not draft.editable:
        raise DraftError("Word 文稿不能直接修改，请下载审校稿在 Word 或 WPS 中逐条接受")
    findings = safe_of_rule(draft, rule)
    if not findings:
        raise DraftError("这一类问题没有可以安全自动采纳的修改，请逐条处理")
    _apply(draft, rewrite(draft.data, replace(draft.result, findings=tuple(findings)), unsafe=False), config)


def _apply(draft: Draft, edited, config: Config) -> None:
    if edited.error:
        raise DraftError(f"未修改：{edited.error}")
    if edited.new is None:
        raise DraftError("没有可以自动采纳的修改（修改处可能含有排版标记或与其他修改重叠），请手工修改")
    draft.result = check(edited.new, draft.name, draft.fmt, config)
    draft.data = edited.new
    draft.version += 1
    draft.accepted += len(edited.applied)
    draft.notice = f"已采纳 {len(edited.applied)} 处修改，并重新检查了稿件。"


def corrected(draft: Draft, config: Config) -> tuple[bytes, str]:
    """The draft to download, and its file name: the edited draft, or for a
    Word draft the reviewed copy (the findings not ignored as comments, their
    fixes as tracked changes)."""
    path = PurePath(draft.name)
    if draft.editable:
        return draft.data, f"{path.stem}-修改后{path.suffix}"
    from govlint.formats.review import ReviewError, reviewed_docx

    try:
        copy = reviewed_docx(
            draft.data, shown_result(draft), datetime.now(timezone.utc), config.max_file_size * WORD_XML_FACTOR
        )
    except (InputError, ReviewError) as error:
        raise DraftError(f"未生成审校稿：{error}") from None
    return copy.data, f"{path.stem}-审校.docx"


def report(draft: Draft) -> tuple[bytes, str]:
    """The 三审 report (the HTML report of ``govlint --format html`` of the
    findings not ignored, with the sign-off boxes filled in and the ignored
    findings listed with their reasons) and its file name."""
    from govlint.serve.report import report_page

    page = report_page(shown_result(draft), draft.signoffs, [(f, reason) for _, f, reason in ignored(draft)])
    return page.encode("utf-8"), f"{PurePath(draft.name).stem}-三审报告.html"


class DraftStore:
    """The drafts of one server, by random id; at most ``cap`` of them
    holding at most ``max_bytes``, the least recently used forgotten first.
    Never written to disk."""

    def __init__(self, cap: int = MAX_DRAFTS, max_bytes: int = MAX_BYTES) -> None:
        self._cap = cap
        self._max_bytes = max_bytes
        self._drafts: OrderedDict[str, Draft] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, name: str, fmt: str, data: bytes, result: FileResult) -> Draft:
        draft = Draft(secrets.token_urlsafe(16), name, fmt, data, data, result)
        with self._lock:
            self._drafts[draft.id] = draft
            while len(self._drafts) > self._cap or (len(self._drafts) > 1 and self._bytes() > self._max_bytes):
                self._drafts.popitem(last=False)
        return draft

    def get(self, draft_id: str) -> Draft | None:
        with self._lock:
            draft = self._drafts.get(draft_id)
            if draft is not None:
                self._drafts.move_to_end(draft_id)
            return draft

    def __len__(self) -> int:
        with self._lock:
            return len(self._drafts)

    def _bytes(self) -> int:
        return sum(len(d.original) + (len(d.data) if d.data is not d.original else 0) for d in self._drafts.values())
