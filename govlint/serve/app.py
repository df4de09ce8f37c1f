"""The Starlette application behind ``govlint serve``.

Safe by default: every request carries the server's token (in the URL of a
page or download, as a hidden field of every form) or is refused with 403;
request bodies are capped (413, with a Chinese page); every response forbids
scripts, frames and loads from anywhere with a Content-Security-Policy, but
for three narrow exceptions: the start page runs its one drop-zone script
(allowed by its hash only), the result page may frame the 原稿排版 route of
this server, and that route is a sandbox that may be framed by this server's
pages only (layout.py). All draft text reaches the pages through Jinja's
autoescaping, or for the 原稿排版 frame through layout.py's sanitiser. The app
makes no network request of its own.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from govlint import __version__
from govlint.checklist import STATUS_LABELS, build_report
from govlint.config import Config, ConfigError, discover
from govlint.findings import FileResult
from govlint.formats.html import article_view
from govlint.readers import size_limit
from govlint.rules import Applicability
from govlint.serve import drafts, settings
from govlint.serve.audits import AuditBusyError, AuditJobs
from govlint.serve.drafts import Draft, DraftError, DraftStore, TooLargeError
from govlint.serve.forms import BadFormError, BodyTooLargeError, Form, read_form
from govlint.serve.layout import FRAME_CSP, sanitised
from govlint.serve.pages import environment
from govlint.serve.settings import Settings, SettingsError

# No script, no frame, nothing loaded from anywhere; forms post only here.
# base-uri is added to the brief's policy: a <base> tag could redirect the forms' relative actions.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # the token in the URL never leaves in a Referer
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),  # drafts are not kept in the browser's cache either
]
FORM_OVERHEAD = 64 * 1024  # a form's fields and multipart headers around the draft
SETTINGS_CAP = 1024 * 1024  # the settings form: four fields of at most a few thousand lines

# The one script of the pages: the start page's drop zone puts a file dropped
# on it into the file input and submits the form (without it, a file dropped
# on the input itself still fills it: the browser's own behaviour). Allowed by
# its hash alone, so no other script, even one a draft smuggled in, could run.
DROP_SCRIPT = """
(function () {
  var zone = document.getElementById("drop"), input = document.getElementById("file");
  if (!zone || !input || !window.DataTransfer) return;
  function stop(event) { event.preventDefault(); }
  window.addEventListener("dragover", stop);  // a file dropped beside the zone is not opened in its place
  window.addEventListener("drop", stop);
  zone.addEventListener("dragover", function (event) { stop(event); zone.classList.add("over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (event) {
    stop(event);
    zone.classList.remove("over");
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || !files.length) return;
    var one = new DataTransfer();
    one.items.add(files[0]);
    input.files = one.files;
    document.getElementById("chosen").textContent = "已放入：" + files[0].name + "，正在检查……";
    input.form.requestSubmit(document.getElementById("check"));
  });
})();
"""
DROP_HASH = base64.b64encode(hashlib.sha256(DROP_SCRIPT.encode()).digest()).decode()
START_CSP = f"{CSP}; script-src 'sha256-{DROP_HASH}'"
RESULT_CSP = f"{CSP}; frame-src 'self'"  # the 原稿排版 frame, itself sandboxed (layout.py)


class SecurityHeaders:
    """ASGI middleware: the headers above on every response, errors included."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                # A response may set its own policy (the start page's script,
                # the layout frame); every other header is added as above.
                headers = list(message.get("headers", []))
                own = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in own]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


class Site:
    """The routes of one server: its token, configuration and drafts."""

    def __init__(self, token: str, config: Config, store: DraftStore | None = None, folder: Path | None = None) -> None:
        self.token = token
        self.store = store or DraftStore()
        self.templates = environment()
        self.folder = folder or Path.cwd()  # the settings and audit pages' default folder
        self.audits = AuditJobs()
        self.use(config)

    def use(self, config: Config) -> None:
        """Check with ``config`` from now on (at start, and after the settings page saved).
        The page never contacts a link's server, whatever a file says (no network of its own)."""
        config = replace(config, check_links=False, allow_private_links=False)
        self.config = config
        self.cap = size_limit("docx", config.max_file_size) + FORM_OVERHEAD

    # -- responses --------------------------------------------------------

    def page(
        self, name: str, status: int = 200, token: str | None = None, csp: str | None = None, **values
    ) -> HTMLResponse:
        token = self.token if token is None else token
        html = self.templates.get_template(name).render(token=token, version=__version__, **values)
        headers = {"content-security-policy": csp} if csp else None
        return HTMLResponse(html, status_code=status, headers=headers)

    def problem(self, message: str, status: int) -> HTMLResponse:
        # Some problems are said before the token is checked (a body over the
        # cap): no problem page holds the token, not even in a link.
        return self.page("problem.html.j2", status, "", message=message, status_code=status)

    def to_draft(self, draft: Draft) -> RedirectResponse:
        return RedirectResponse(f"/draft/{draft.id}?token={quote(self.token)}", status_code=303)

    def allowed(self, given: str | None) -> bool:
        return secrets.compare_digest((given or "").encode(), self.token.encode())

    # -- routes ----------------------------------------------------------

    async def start(self, request: Request) -> Response:
        if not self.allowed(request.query_params.get("token")):
            return _forbidden(self)
        limit = drafts.size_text(self.config.max_file_size)
        return self.page(
            "start.html.j2",
            csp=START_CSP,
            suffixes=" ".join(drafts.UPLOAD_SUFFIXES),
            limit=limit,
            drop_script=Markup(DROP_SCRIPT),
        )

    async def submit(self, request: Request) -> Response:
        try:
            form = await read_form(request, self.cap)
        except BodyTooLargeError:
            return self.problem(_too_large(self.config), 413)
        except BadFormError:
            return self.problem("无法读取提交的表单，请返回重试", 400)
        if not self.allowed(form.get("token")):
            return _forbidden(self)
        upload = form.files.get("file")
        try:
            if upload is not None and upload.name:
                name, data, fmt = upload.name, upload.data, drafts.format_of_upload(upload.name)
            else:
                data, name, fmt = drafts.pasted(form.get("text"), form.get("kind", "text"))
            result = await run_in_threadpool(drafts.check, data, name, fmt, self.config)
        except TooLargeError as error:
            return self.problem(str(error), 413)
        except DraftError as error:
            return self.problem(str(error), 400)
        return self.to_draft(self.store.add(name, fmt, data, result))

    async def show(self, request: Request) -> Response:
        draft = self._draft(request, request.query_params.get("token"))
        if isinstance(draft, Response):
            return draft

        def view() -> dict:
            with draft.lock:  # a consistent draft: no action half done
                notice, draft.notice = draft.notice, None
                return {**_result_view(draft), "notice": notice}

        return self.page("result.html.j2", csp=RESULT_CSP, **await run_in_threadpool(view))

    async def accept(self, request: Request) -> Response:
        return await self._act(
            request, lambda draft, form: drafts.accept(draft, _index(form.get("finding")), self.config)
        )

    async def accept_safe(self, request: Request) -> Response:
        return await self._act(request, lambda draft, form: drafts.accept_safe(draft, self.config))

    async def accept_rule(self, request: Request) -> Response:
        return await self._act(request, lambda draft, form: drafts.accept_rule(draft, form.get("rule"), self.config))

    async def layout(self, request: Request) -> Response:
        """The HTML draft as its own markup renders, made harmless (layout.py),
        for the page's sandboxed 原稿排版 frame."""
        draft = self._draft(request, request.query_params.get("token"))
        if isinstance(draft, Response):
            return draft
        if draft.fmt != "html":
            return self.problem("只有 HTML 稿件有原稿排版", 404)

        def render() -> str:
            with draft.lock:
                data = draft.data
            return sanitised(data)

        html = await run_in_threadpool(render)
        headers = {"content-security-policy": FRAME_CSP, "x-frame-options": "SAMEORIGIN"}
        return HTMLResponse(html, headers=headers)

    async def settings_page(self, request: Request) -> Response:
        """The office's settings: GET reads a folder's .govlint.toml, POST saves it."""
        notice = error = None
        if request.method == "POST":
            form = await self._posted(request, SETTINGS_CAP)
            if isinstance(form, Response):
                return form
            typed = form.get("folder")
        else:
            if not self.allowed(request.query_params.get("token")):
                return _forbidden(self)
            form, typed = None, request.query_params.get("folder", "")
        try:
            folder = settings.folder_of(typed, self.folder)
        except SettingsError as problem:
            return self.page("settings.html.j2", 400, **self._settings_view(Settings(Path(typed)), str(problem), None))
        try:
            current = await run_in_threadpool(settings.read, folder)
        except SettingsError as problem:
            current, error = Settings(folder), str(problem)
        if form is not None:
            current, notice, error = await run_in_threadpool(self._save, folder, form)
        return self.page(
            "settings.html.j2", 200 if error is None else 400, **self._settings_view(current, error, notice)
        )

    def _save(self, folder: Path, form) -> tuple[Settings, str | None, str | None]:
        wanted = Settings(folder, account=" ".join(form.get("account").split()))
        try:
            for key in settings.MANAGED[1:]:
                setattr(wanted, key, settings.lines(form.get(key)))
            config = settings.save(wanted)
        except SettingsError as problem:
            return wanted, None, str(problem)
        self.use(config)
        wanted.exists = True
        return wanted, f"已保存到 {wanted.path}。之后检查的稿件都使用这些设置。", None

    def _settings_view(self, current: Settings, error: str | None, notice: str | None) -> dict:
        return {
            "settings": current,
            "error": error,
            "notice": notice,
            "in_use": self.config.path,
            "default_folder": self.folder,
        }

    async def ignore(self, request: Request) -> Response:
        return await self._act(
            request, lambda draft, form: drafts.ignore(draft, _index(form.get("finding")), form.get("reason"))
        )

    async def restore(self, request: Request) -> Response:
        return await self._act(request, lambda draft, form: drafts.restore(draft, _index(form.get("finding"))))

    async def download(self, request: Request) -> Response:
        draft = self._draft(request, request.query_params.get("token"))
        if isinstance(draft, Response):
            return draft

        def corrected() -> tuple[bytes, str]:
            with draft.lock:
                return drafts.corrected(draft, self.config)

        try:
            data, name = await run_in_threadpool(corrected)
        except DraftError as error:
            return self.problem(str(error), 409)
        return _attachment(data, name, _MEDIA_TYPES.get(draft.fmt, "application/octet-stream"))

    async def report(self, request: Request) -> Response:
        """The 三审 report: GET as last signed on the page; POST (the page's
        sign-off form) keeps the boxes' values first and fills them in."""
        signoffs = None
        if request.method == "POST":
            try:
                form = await read_form(request, FORM_OVERHEAD)
            except (BodyTooLargeError, BadFormError):
                return self.problem("无法读取提交的表单，请返回重试", 400)
            token = form.get("token")
            signoffs = {stage: {name: form.get(f"{name}:{stage}") for name in drafts.MAX_SIGNOFF} for stage in _STAGES}
        else:
            token = request.query_params.get("token")
        draft = self._draft(request, token)
        if isinstance(draft, Response):
            return draft

        def run() -> tuple[bytes, str]:
            with draft.lock:
                if signoffs is not None:
                    drafts.set_signoffs(draft, signoffs)
                return drafts.report(draft)

        data, name = await run_in_threadpool(run)
        return _attachment(data, name, "text/html; charset=utf-8")

    async def audit_start(self, request: Request) -> Response:
        """The audit page (GET) and the start of an audit of a folder (POST)."""
        if request.method == "GET":
            if not self.allowed(request.query_params.get("token")):
                return _forbidden(self)
            return self.page("audit.html.j2", **self._audit_view(str(self.folder), None))
        form = await self._posted(request, FORM_OVERHEAD)
        if isinstance(form, Response):
            return form
        typed = form.get("folder")
        try:
            folder = settings.folder_of(typed, self.folder)
            # The settings the page checks with when they come from a file (--config, the
            # settings page); otherwise, as govlint audit does, the folder's own.
            config = self.config if self.config.path else await run_in_threadpool(discover, folder)
            job = self.audits.start(folder, config)
        except (SettingsError, ConfigError, AuditBusyError) as error:
            return self.page("audit.html.j2", 400, **self._audit_view(typed, str(error)))
        return RedirectResponse(f"/audit/{job.id}?token={quote(self.token)}", status_code=303)

    async def audit_status(self, request: Request) -> Response:
        """An audit's progress (the page reloads itself each second), then its dashboard."""
        job = self._job(request)
        if isinstance(job, Response):
            return job
        if job.state == "done":
            return RedirectResponse(f"/audit/{job.id}/dashboard?token={quote(self.token)}", status_code=303)
        return self.page("audit-progress.html.j2", job=job)

    async def audit_cancel(self, request: Request) -> Response:
        """Stop a running audit (the progress page's 取消审计 button)."""
        form = await self._posted(request, FORM_OVERHEAD)
        if isinstance(form, Response):
            return form
        job = self.audits.cancel(request.path_params["job"])
        if job is None:
            return self.problem("找不到这项审计：服务已重新启动，或记录已被清除。请重新开始审计。", 404)
        return RedirectResponse(f"/audit/{job.id}?token={quote(self.token)}", status_code=303)

    async def audit_dashboard(self, request: Request) -> Response:
        job = self._job(request)
        if isinstance(job, Response):
            return job
        if job.dashboard is None:
            return self.problem("审计尚未完成", 409)
        data = job.dashboard.encode("utf-8")
        if request.query_params.get("download"):
            return _attachment(data, f"{job.folder.name or '稿件'}-审计报告.html", "text/html; charset=utf-8")
        return HTMLResponse(data)

    def _job(self, request: Request):
        if not self.allowed(request.query_params.get("token")):
            return _forbidden(self)
        job = self.audits.get(request.path_params["job"])
        if job is None:
            return self.problem("找不到这项审计：服务已重新启动，或记录已被清除。请重新开始审计。", 404)
        return job

    def _audit_view(self, folder: str, error: str | None) -> dict:
        return {"folder": folder, "error": error, "jobs": self.audits.all(), "in_use": self.config.path}

    # -- helpers -----------------------------------------------------------

    async def _posted(self, request: Request, cap: int) -> Form | Response:
        """The posted form, or the answer that refuses it: unreadable, or without this session's token."""
        try:
            form = await read_form(request, cap)
        except (BodyTooLargeError, BadFormError):
            return self.problem("无法读取提交的表单，请返回重试", 400)
        if not self.allowed(form.get("token")):
            return _forbidden(self)
        return form

    def _draft(self, request: Request, token: str | None) -> Draft | Response:
        if not self.allowed(token):
            return _forbidden(self)
        draft = self.store.get(request.path_params["draft"])
        if draft is None:
            return self.problem("找不到这篇稿件：服务已重新启动，或稿件太久未使用已被清除。请重新提交。", 404)
        return draft

    async def _act(self, request: Request, action: Callable) -> Response:
        try:
            form = await read_form(request, FORM_OVERHEAD)
        except (BodyTooLargeError, BadFormError):
            return self.problem("无法读取提交的表单，请返回重试", 400)
        draft = self._draft(request, form.get("token"))
        if isinstance(draft, Response):
            return draft

        def run() -> None:
            with draft.lock:
                if form.get("version") != str(draft.version):
                    draft.notice = "稿件已经修改过，页面已刷新，请在新的检查结果上重新操作。"
                    return
                try:
                    action(draft, form)
                except DraftError as error:
                    draft.notice = str(error)

        await run_in_threadpool(run)
        return self.to_draft(draft)


def _index(value: str) -> int:
    return int(value) if value.isdigit() else -1


def _forbidden(site: Site) -> HTMLResponse:
    return site.problem("访问被拒绝：请使用 govlint serve 启动时显示的完整网址（含 token）打开本页面。", 403)


def _too_large(config: Config) -> str:
    return (
        f"稿件过大，已拒绝：文稿不能超过 {drafts.size_text(config.max_file_size)}"
        f"（Word 文件 {drafts.size_text(size_limit('docx', config.max_file_size))}），请拆分后再检查。"
    )


# The 三审 stages whose sign-off boxes the page has (the checklist's: 初审, 复审, 终审).
_STAGES = tuple(s.stage.value for s in build_report(FileResult("", None)).signoffs)

_MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _attachment(data: bytes, name: str, media_type: str) -> Response:
    # RFC 6266: an ASCII fallback name and the real (Chinese) one, percent-encoded.
    disposition = f"attachment; filename=\"govlint-download\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})


def _result_view(draft: Draft) -> dict:
    # The page shows the findings not ignored, numbered among themselves (as
    # the article view and the checklist number them); each form names a
    # finding by its index among all of the draft's findings.
    shown = drafts.shown(draft)
    result = drafts.shown_result(draft)
    numbered = [(n, index, f) for n, (index, f) in enumerate(shown, 1)]
    # The side list in reading order: paragraph, then character; findings
    # outside the article's text (the draft's properties) first.
    numbered.sort(key=lambda entry: (entry[2].place.block, entry[2].place.column) if entry[2].place else (-1, 0))
    report = build_report(result)
    rule_safe: dict[str, int] = {}
    for f in result.findings:
        if _safe(f):
            rule_safe[f.rule] = rule_safe.get(f.rule, 0) + 1
    return {
        "draft": draft,
        "result": result,
        "article": article_view(result),
        "findings": [
            {
                "number": n,
                "finding": f,
                "index": index,
                "acceptable": _acceptable(draft, f),
                "rule_safe": rule_safe.get(f.rule, 0) if _safe(f) and draft.editable else 0,
            }
            for n, index, f in numbered
        ],
        "ignored": drafts.ignored(draft),
        "safe": sum(1 for f in result.findings if f.fix and f.fix.applicability is Applicability.SAFE),
        "checklist": report.checklist,
        "signoffs": [(s, draft.signoffs.get(s.stage.value, {})) for s in report.signoffs],
        "status_labels": STATUS_LABELS,
        "max_reason": drafts.MAX_REASON,
        "max_signoff": drafts.MAX_SIGNOFF,
    }


def _safe(finding) -> bool:
    return finding.fix is not None and finding.fix.applicability is Applicability.SAFE


def _acceptable(draft: Draft, finding) -> bool:
    return draft.editable and finding.fix is not None and finding.fix.applicability is not Applicability.DISPLAY


def create_app(token: str, config: Config, local_only: bool = True, folder: Path | None = None) -> Starlette:
    """The application of one server. ``local_only``: answer only requests
    addressed to 127.0.0.1 or localhost (against DNS rebinding); ``folder``:
    the settings page's default folder (the current one if not given)."""
    site = Site(token, config, folder=folder)
    routes = [
        Route("/", site.start, methods=["GET"]),
        Route("/check", site.submit, methods=["POST"]),
        Route("/draft/{draft}", site.show, methods=["GET"]),
        Route("/draft/{draft}/accept", site.accept, methods=["POST"]),
        Route("/draft/{draft}/accept-safe", site.accept_safe, methods=["POST"]),
        Route("/draft/{draft}/accept-rule", site.accept_rule, methods=["POST"]),
        Route("/draft/{draft}/layout", site.layout, methods=["GET"]),
        Route("/settings", site.settings_page, methods=["GET", "POST"]),
        Route("/audit", site.audit_start, methods=["GET", "POST"]),
        Route("/audit/{job}", site.audit_status, methods=["GET"]),
        Route("/audit/{job}/dashboard", site.audit_dashboard, methods=["GET"]),
        Route("/audit/{job}/cancel", site.audit_cancel, methods=["POST"]),
        Route("/draft/{draft}/ignore", site.ignore, methods=["POST"]),
        Route("/draft/{draft}/restore", site.restore, methods=["POST"]),
        Route("/draft/{draft}/download", site.download, methods=["GET"]),
        Route("/draft/{draft}/report", site.report, methods=["GET", "POST"]),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if local_only:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"]))
    app = Starlette(routes=routes, middleware=middleware)
    app.state.site = site
    return app
