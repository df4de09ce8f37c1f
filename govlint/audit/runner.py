"""Running an audit: cache look-ups, then the map step on an engine
(inline, a local process pool, or Dask), streaming results into the store."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from govlint.audit.aggregate import Period, resolve
from govlint.audit.inputs import AuditInputError, PostRef
from govlint.audit.store import FileStat, Packed, Store, pack
from govlint.audit.worker import (
    POSTS_PER_BATCH,
    audit_batch,
    config_fingerprint,
    content_digest,
    pool_init,
    pool_task,
    record_key,
    warm_up,
)
from govlint.config import Config
from govlint.readers import format_of, size_limit
from govlint.source import InputError, check_status, os_reason, read_limited


@dataclass(frozen=True)
class RunOptions:
    jobs: int = 0  # 0: all cores
    timeout: float | None = 60.0
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # Dask scheduler address
    progress: bool = False
    batch: int = 32  # posts per Dask task
    # Called with the number of posts entered so far, after each one (from the
    # cache or linted): how govlint serve shows an audit's progress.
    on_post: Callable[[int], None] | None = None


@dataclass
class RunStats:
    posts: int = 0
    cache_hits: int = 0
    linted: int = 0
    seconds: float = 0.0


# A file whose modification or status-change time is this close to the start of
# the run (or later) is not entered in the stat cache: an edit in the same clock
# tick as our read, keeping the size, could leave its stat unchanged (the
# "racily clean" entries of git). 2 s covers the coarsest timestamps (FAT).
RACY_NS = 2_000_000_000


def run(posts: list[PostRef], config: Config, store: Store, period: Period, options: RunOptions) -> RunStats:
    """Fill the store's ``posts`` table for this run; lint only cache misses."""
    started = time.perf_counter()
    trusted_before = time.time_ns() - RACY_NS
    stats = RunStats(posts=len(posts))
    fingerprint = config_fingerprint(config)
    by_path = {p.path: p for p in posts}
    store.start_run()
    entered = 0

    def enter(row: dict, key: str | None = None, findings: str = "[]") -> None:
        nonlocal entered
        store.add_post(row, key, findings)
        entered += 1
        if options.on_post is not None:
            options.on_post(entered)

    misses: list[tuple[str, str]] = []
    for post in posts:
        if post.error:  # a folder that could not be listed
            enter(resolve(post, _unreadable(post.error), period))
            continue
        try:
            limit = size_limit(format_of(Path(post.path)), config.max_file_size)
            digest = _digest(post.path, store, trusted_before, limit)
        except InputError as error:  # a FIFO, a device, a file over the limit, a symlink loop
            enter(resolve(post, _unreadable(str(error)), period))
            continue
        key = record_key(digest, fingerprint)
        record = store.cached(key)
        if record is None:
            misses.append((key, post.path))
        else:
            stats.cache_hits += 1
            enter(resolve(post, record, period), key)
    store.commit()

    def accept(key: str, path: str, record: dict) -> None:
        # The record is stored under the digest of the bytes the worker linted,
        # not under ``key`` (the parent's earlier read): a post edited between
        # the two reads must not leave one content's findings under the other's key.
        packed = pack(record)
        read = record.get("digest")
        linted_key = record_key(bytes.fromhex(read), fingerprint) if read else None
        # A timeout may pass next time; a post that could not be read has no content to key.
        cached = linted_key is not None and not record.get("timed_out")
        if cached:
            store.put_cache(linted_key, packed)
        enter(resolve(by_path[path], packed, period), linted_key if cached else None, packed.findings)
        stats.linted += 1

    with _Progress(options.progress, len(misses)) as advance:
        if options.engine == "dask":
            _run_dask(misses, config, options, accept, advance)
        else:
            _run_local(misses, config, options, accept, advance)
    store.commit()
    stats.seconds = time.perf_counter() - started
    return stats


def _digest(path: str, store: Store, trusted_before: int, max_size: int) -> bytes:
    """The content digest of a post: from the stat cache when its size, times,
    inode and device are those recorded, else by reading the file.

    What is not a regular file of at most ``max_size`` bytes raises
    :class:`InputError` before a byte is read (a FIFO would block the audit,
    ``/dev/zero`` or a sparse 4 GB file exhaust its memory), and no more than
    ``max_size + 1`` bytes are ever read.

    The stat is taken before the read, so a file edited while it is read is
    recorded with its old stat and read again next time. An edit that keeps
    the size and sets the modification time back still changes the
    status-change time (ctime, which no user call can set); an edit within
    the clock tick of our read is excluded by entering only files last changed
    before ``trusted_before``."""
    absolute = os.path.abspath(path)
    try:
        info = os.stat(path)
    except OSError as error:
        raise InputError(os_reason(error)) from None
    check_status(info, max_size)
    stat = FileStat(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
    digest = store.file_digest(absolute, stat)
    if digest is not None:
        return digest
    data, info = read_limited(path, max_size)
    digest = content_digest(data)
    if max(info.st_mtime_ns, info.st_ctime_ns) < trusted_before:
        stat = FileStat(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
        store.put_file(absolute, stat, digest)
    return digest


def _unreadable(reason: str) -> Packed:
    return pack({"metadata": {}, "provenance": None, "findings": [], "error": reason})


def _run_local(misses, config: Config, options: RunOptions, accept, advance) -> None:
    jobs = options.jobs or os.cpu_count() or 1
    if jobs == 1 or len(misses) <= 1:
        for i in range(0, len(misses), POSTS_PER_BATCH):
            for key, path, record in audit_batch(misses[i : i + POSTS_PER_BATCH], config, options.timeout):
                accept(key, path, record)
                advance()
        return
    import multiprocessing

    # fork shares the parent's loaded modules; elsewhere (macOS, Windows) spawn works too.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    if method == "fork":
        warm_up(config)  # once, in the parent: the workers inherit the loaded dictionaries
    # Tasks of up to two engine batches; a small audit still shares its posts among the workers.
    size = max(1, min(2 * POSTS_PER_BATCH, len(misses) // (jobs * 4)))
    tasks = [misses[i : i + size] for i in range(0, len(misses), size)]
    with context.Pool(jobs, initializer=pool_init, initargs=(config, options.timeout)) as pool:
        for records in pool.imap_unordered(pool_task, tasks):
            for key, path, record in records:
                accept(key, path, record)
                advance()


def _run_dask(misses, config: Config, options: RunOptions, accept, advance) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise AuditInputError("参数错误：--engine dask 需要 Dask（pip install 'govlint[dask]'）") from None
    try:
        client = Client(options.scheduler, timeout="30s") if options.scheduler else Client(processes=False)
    except (OSError, TimeoutError, ValueError) as error:
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise AuditInputError(f"{options.scheduler}: 无法连接 Dask 调度器（{reason}）") from None
    try:
        batches = [misses[i : i + options.batch] for i in range(0, len(misses), options.batch)]
        config_future = client.scatter(config, broadcast=True)
        window = max(4, 4 * max(1, len(client.scheduler_info().get("workers", {}))))
        pending = iter(batches)
        queue = as_completed()
        for batch in _take(pending, window):
            queue.add(client.submit(audit_batch, batch, config_future, options.timeout, pure=False))
        for future in queue:
            for key, path, record in future.result():
                accept(key, path, record)
                advance()
            future.release()
            for batch in _take(pending, 1):
                queue.add(client.submit(audit_batch, batch, config_future, options.timeout, pure=False))
    finally:
        client.close()


def _take(iterator: Iterator, n: int) -> list:
    out = []
    for item in iterator:
        out.append(item)
        if len(out) >= n:
            break
    return out


def _no_progress() -> None:
    pass


class _Progress:
    """A rich progress bar on a terminal (posts/s and ETA), nothing otherwise."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled = enabled and total > 0
        self.total = total

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return _no_progress
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("检查稿件"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]} 篇/秒"),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        self.bar.__enter__()
        self.task = self.bar.add_task("audit", total=self.total, rate="-")
        self.started = time.perf_counter()
        self.done = 0

        def advance() -> None:
            self.done += 1
            elapsed = time.perf_counter() - self.started
            rate = f"{self.done / elapsed:.1f}" if elapsed > 0 else "-"
            self.bar.update(self.task, advance=1, rate=rate)

        return advance

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.bar.__exit__(*exc)
