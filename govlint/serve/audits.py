"""The quarter's audit of a folder, started from the page: ``govlint audit``'s
own Python API (``audit.inputs.discover_posts``, ``audit.runner.run``,
``audit.aggregate.build``, ``formats.audit.write_html``), run in a child
process that a background thread of the server watches.

Why a child process: the audit lints many posts with the same engine the
page's checks use, whose typo caches were written for one thread (drafts.py
runs checks one at a time), and it may start a process pool, which must not
be forked from a server full of threads. A spawned child has neither
problem; it says its progress (posts entered in the audit's store, out of
all) through a queue, and sends back the dashboard's HTML.

The audit keeps its cache where ``govlint audit`` keeps it by default
(``.govlint-cache`` in the folder), so a run from the page and one from the
command line share it.
"""

from __future__ import annotations

import io
import multiprocessing
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from govlint.audit.store import DEFAULT_FOLDER as CACHE_DIR
from govlint.config import Config

MAX_JOBS = 10  # audits remembered; the oldest finished one is forgotten first
STATES = {
    "starting": "正在准备",
    "checking": "正在检查稿件",
    "reporting": "正在生成报告",
    "cancelling": "正在取消",
    "done": "已完成",
    "failed": "未完成",
    "cancelled": "已取消",
}
# Seconds an audit asked to stop may take to stop on its own (it stops
# between two posts) before its process is killed.
CANCEL_GRACE = 15.0


class AuditBusyError(Exception):
    """Another audit is running."""


@dataclass
class AuditJob:
    id: str
    folder: Path
    state: str = "starting"
    done: int = 0  # posts entered in the audit so far
    total: int = 0  # posts found in the folder
    message: str = ""  # why it failed, in Chinese
    dashboard: str | None = None  # the audit's HTML dashboard when done
    summary: dict = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    # Set to ask the audit's process to stop (a multiprocessing event, made with the process).
    stop: object | None = field(default=None, repr=False)
    cancel_asked: float | None = None

    @property
    def running(self) -> bool:
        return self.state not in ("done", "failed", "cancelled")

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def label(self) -> str:
        return STATES[self.state]


class AuditJobs:
    """The audits of one server, one running at a time."""

    def __init__(self, cap: int = MAX_JOBS) -> None:
        self._cap = cap
        self._jobs: OrderedDict[str, AuditJob] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, folder: Path, config: Config) -> AuditJob:
        with self._lock:
            if any(job.running for job in self._jobs.values()):
                raise AuditBusyError("已有一项审计正在进行，请等它完成后再开始新的审计")
            job = AuditJob(secrets.token_urlsafe(12), folder)
            self._jobs[job.id] = job
            while len(self._jobs) > self._cap:
                oldest = next((key for key, old in self._jobs.items() if not old.running), None)
                if oldest is None:
                    break
                del self._jobs[oldest]
        threading.Thread(target=_watch, args=(job, config), name=f"govlint-audit-{job.id}", daemon=True).start()
        return job

    def cancel(self, job_id: str) -> AuditJob | None:
        """Ask a running audit to stop; it stops between two posts, and what
        it has checked stays in its cache for the next run."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None and job.running and job.cancel_asked is None:
                job.cancel_asked = time.monotonic()
                job.state = "cancelling"
                if job.stop is not None:
                    job.stop.set()  # type: ignore[attr-defined]
            return job

    def get(self, job_id: str) -> AuditJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[AuditJob]:
        with self._lock:
            return list(reversed(self._jobs.values()))


def _watch(job: AuditJob, config: Config) -> None:
    """Start the child and follow what it says until it ends."""
    context = multiprocessing.get_context("spawn")
    # A pipe, not a Queue: a Queue's feeder thread in the child would be there
    # when the audit forks its process pool.
    receiving, sending = context.Pipe(duplex=False)
    stop = context.Event()
    job.stop = stop
    if job.cancel_asked is not None:  # asked before the process was made
        stop.set()
    # Not a daemon: the audit may start its own process pool (a daemon may not have children).
    child = context.Process(target=_child, args=(str(job.folder), config, sending, stop), daemon=False)
    try:
        child.start()
        sending.close()  # the child's end: the parent only reads
        while True:
            try:
                if not receiving.poll(0.5):
                    if job.cancel_asked is not None and time.monotonic() - job.cancel_asked > CANCEL_GRACE:
                        child.kill()
                        _cancelled(job)
                        break
                    if not child.is_alive() and not receiving.poll(0):
                        _fail(job, "审计进程意外结束，未生成报告，请重试")
                        break
                    continue
                message = receiving.recv()
            except (EOFError, OSError):
                _fail(job, "审计进程意外结束，未生成报告，请重试")
                break
            kind = message[0]
            if kind == "total":
                job.total = message[1]
                if job.state == "starting":
                    job.state = "checking"
            elif kind == "progress":
                job.done = message[1]
            elif kind == "reporting" and job.cancel_asked is None:
                job.state = "reporting"
            elif kind == "cancelled":
                _cancelled(job)
                break
            elif kind == "done":
                job.dashboard, job.summary = message[1], message[2]
                job.done, job.state, job.finished = job.total, "done", time.monotonic()
                break
            elif kind == "failed":
                _fail(job, message[1])
                break
    except Exception as error:
        _fail(job, f"审计出错：{error}")
    finally:
        receiving.close()
        if child.pid is not None:  # started
            child.join(timeout=10)
            if child.is_alive():
                child.kill()


def _fail(job: AuditJob, message: str) -> None:
    job.message, job.state, job.finished = message, "failed", time.monotonic()


def _cancelled(job: AuditJob) -> None:
    job.message = "审计已按要求取消，未生成报告；已检查的稿件保存在审计缓存中，再次审计时不再重复检查"
    job.state, job.finished = "cancelled", time.monotonic()


class _CancelledError(Exception):
    """The page asked the audit to stop."""


def _child(folder: str, config: Config, messages, stop) -> None:  # pragma: no cover - runs in the child process
    """The audit, in the spawned child: discover, run, build, render."""
    import sqlite3
    from datetime import datetime

    from govlint.audit.aggregate import Criteria, Period, build
    from govlint.audit.inputs import AuditInputError, discover_posts
    from govlint.audit.runner import RunOptions, run
    from govlint.audit.store import Store, StoreBusyError
    from govlint.dates import SHANGHAI
    from govlint.formats.audit import write_html
    from govlint.readers import FORMATS

    try:
        posts = discover_posts([folder])
        if not posts:
            messages.send(("failed", f"文件夹中没有可检查的稿件（{' '.join(sorted(FORMATS))}）"))
            return
        messages.send(("total", len(posts)))
        period = Period(None, None, datetime.now(SHANGHAI))  # as govlint audit without --from/--to/--at
        store = Store(Path(folder) / CACHE_DIR)

        def entered(count: int) -> None:
            messages.send(("progress", count))
            if stop.is_set():  # between two posts; the pool's workers end with the run
                raise _CancelledError

        try:
            run(posts, config, store, period, RunOptions(on_post=entered))
            if stop.is_set():
                raise _CancelledError
            messages.send(("reporting",))
            audit = build(store, period, Criteria())
            out = io.StringIO()
            write_html(audit, store, out, None)
        finally:
            store.close()
        messages.send(("done", out.getvalue(), audit.get("summary", {})))
    except _CancelledError:
        messages.send(("cancelled",))
    except StoreBusyError:
        messages.send(("failed", "审计缓存被另一项审计占用，请稍后重试"))
    except (AuditInputError, OSError) as error:
        messages.send(("failed", f"审计未完成：{error}"))
    except sqlite3.Error as error:
        messages.send(("failed", f"审计缓存出错（{error}）；可删除文件夹中的 {CACHE_DIR} 后重试"))
    except Exception as error:
        messages.send(("failed", f"审计出错：{type(error).__name__}: {error}"))
