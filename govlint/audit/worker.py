"""The per-post map step: lint one post and return a plain, picklable record.

The same :func:`audit_post` runs inline, in a local process pool and on Dask
workers. Each process loads the rules and their dictionaries once
(:func:`warm_up`, the pool's initializer) rather than once per post.
"""

from __future__ import annotations

import hashlib
import json
import signal
import threading
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from govlint import __version__
from govlint.config import Config
from govlint.engine import active_rules, lint_file
from govlint.readers import read_document
from govlint.rules import all_rules


class PostTimeout(BaseException):
    """Raised by the alarm inside a post's lint; a BaseException so that the
    engine's per-rule ``except Exception`` cannot swallow it."""


@lru_cache(maxsize=4)
def warm_up(config: Config) -> int:
    """Load the active checks, their dictionaries and jieba once per process
    (lazily loaded data is loaded by running the rules on a short sample)."""
    from govlint.engine import check_document

    rules = all_rules()
    sample = "---\ntitle: 预热\n---\n\n县人民政府召开常务会议，研究部署冬季安全生产工作。\n".encode()
    check_document(read_document(sample, "warm-up.md", "markdown"), config)
    return len(rules)


def config_fingerprint(config: Config) -> str:
    """A hash of everything besides the file's bytes that changes findings:
    the govlint version, the configuration and the set of registered rules."""
    settings = {
        "version": __version__,
        "select": config.select,
        "ignore": config.ignore,
        "severity": [(rule, severity.value) for rule, severity in config.severity],
        "account": config.account,
        "allow_words": sorted(config.allow_words),
        "dictionaries": [str(p) for p in config.dictionaries],
        "trusted_domains": config.trusted_domains,
        "max_file_size": config.max_file_size,
        "rules": [(r.id, r.severity.value) for r in active_rules(config)],
    }
    return hashlib.sha256(json.dumps(settings, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


def content_key(data: bytes, fingerprint: str) -> str:
    """The cache key of one post: its bytes plus the configuration fingerprint."""
    return hashlib.blake2b(data, digest_size=16, person=fingerprint[:16].encode()).hexdigest()


def audit_post(path: str, config: Config, timeout: float | None = None) -> dict:
    """Lint one post; never raises. The record holds what the audit needs:
    metadata, provenance facts, findings as in the lint JSON contract, and an
    error (unreadable, timed out, or a rule that crashed)."""
    warm_up(config)
    started = time.perf_counter()
    try:
        with _Deadline(timeout):
            result = lint_file(Path(path), config, display=path)
    except PostTimeout:
        return {
            "metadata": {},
            "provenance": None,
            "findings": [],
            "chars": 0,
            "error": f"检查超时（超过 {timeout:g} 秒），已跳过",
            "timed_out": True,
            "seconds": round(time.perf_counter() - started, 3),
        }
    except Exception as error:  # a bug in a reader: report the post, keep auditing
        reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
        return {
            "metadata": {},
            "provenance": None,
            "findings": [],
            "chars": 0,
            "error": f"检查出错（{reason}）",
            "timed_out": False,
            "seconds": round(time.perf_counter() - started, 3),
        }
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


def audit_batch(tasks: Iterable[tuple[str, str]], config: Config, timeout: float | None = None) -> list:
    """``[(key, path, record)]`` for ``[(key, path)]``: the Dask task, a batch of
    the very same per-post function (one task per post costs more than a lint)."""
    return [(key, path, audit_post(path, config, timeout)) for key, path in tasks]


def _plain(value: object) -> object:
    """Facts made JSON-safe (a check may leave tuples or other objects)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


class _Deadline:
    """Interrupt the current post after ``seconds`` with SIGALRM, where signals
    work (the main thread of a Unix process: inline runs and pool workers).
    Elsewhere (Dask worker threads) posts run without a time limit."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.armed = bool(
            seconds
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )

    def __enter__(self) -> None:
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, _raise_timeout)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def _raise_timeout(signum: int, frame: object) -> None:
    raise PostTimeout()


# Process-pool plumbing: the configuration travels once, in the initializer.
_POOL_CONFIG: tuple[Config, float | None] | None = None


def pool_init(config: Config, timeout: float | None) -> None:
    global _POOL_CONFIG
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the parent
    _POOL_CONFIG = (config, timeout)
    warm_up(config)  # a no-op after fork when the parent warmed up


def pool_task(task: tuple[str, str]) -> tuple[str, str, dict]:
    key, path = task
    assert _POOL_CONFIG is not None, "pool_init was not run"
    config, timeout = _POOL_CONFIG
    return key, path, audit_post(path, config, timeout)
