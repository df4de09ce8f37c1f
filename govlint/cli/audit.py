"""``govlint audit``: the quarterly audit of folders of posts, per account."""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from govlint.audit import store as audit_store
from govlint.audit.aggregate import Criteria, Period, build
from govlint.audit.inputs import AuditInputError, discover_posts
from govlint.audit.runner import RunOptions, RunStats, run
from govlint.audit.store import Store, StoreBusyError
from govlint.cli.arguments import at_least
from govlint.cli.errors import internal_error
from govlint.cli.output import write_file
from govlint.config import Config, ConfigError, discover, load_file, with_overrides
from govlint.dates import SHANGHAI, DateError, parse_day
from govlint.formats.audit import FORMATS, write_csv, write_html, write_json, write_terminal
from govlint.readers import FORMATS as DRAFT_FORMATS

EXIT_OK = 0  # every account passed
EXIT_FAILED_ACCOUNTS = 1  # at least one account failed its verdict
EXIT_ERROR = 2  # a usage error, or some posts could not be audited (unreadable, timed out)
CACHE_DIR = audit_store.DEFAULT_FOLDER


_ARGPARSE_MESSAGES = (
    ("the following arguments are required: PATH", "请给出存放稿件的目录，如 govlint audit 稿件/"),
    ("the following arguments are required", "缺少参数"),
    ("invalid choice", "无效的取值"),
    ("(choose from", "（可选"),
    ("')", "'）"),
    ("expected one argument", "需要一个取值"),
    ("unrecognized arguments", "无法识别的参数"),
    ("argument ", "参数 "),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        for english, chinese in _ARGPARSE_MESSAGES:
            message = message.replace(english, chinese)
        sys.stderr.write(f"govlint audit: 参数错误：{message}（govlint audit --help 查看用法）\n")
        raise SystemExit(EXIT_ERROR)


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为秒数：{value}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"应为正数：{value}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govlint audit",
        description="政务新媒体季度检查：按账号统计更新频率、集中发布、原创与转载、稿件问题，给出合格结论。",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="存放稿件的目录或稿件文件")
    parser.add_argument("--from", dest="start", metavar="DATE", help="监测期起始日期（含），如 2026-07-01")
    parser.add_argument("--to", dest="end", metavar="DATE", help="监测期截止日期（含），如 2026-09-30")
    parser.add_argument(
        "--at", dest="checkpoint", metavar="CHECKPOINT", help="监测时间点（默认 --to 的当天末尾，否则为当前时间）"
    )
    parser.add_argument("--format", default="terminal", choices=FORMATS, help="输出格式：terminal、json、csv、html")
    parser.add_argument("--output", "-o", metavar="PATH", help="报告写入的文件（csv：目录或文件名）")
    parser.add_argument(
        "--csv-headers", choices=("zh", "en"), default="zh",
        help="csv 的列名与取值：zh（默认，中文，供 Excel 阅读）或 en（英文列名与原始取值，供程序读取）",
    )
    parser.add_argument("--config", metavar="PATH", help="配置文件（.govlint.toml 或 pyproject.toml）")
    parser.add_argument("--select", metavar="RULES", help="只运行这些检查或规则，逗号分隔")
    parser.add_argument("--ignore", metavar="RULES", help="不运行这些检查或规则，逗号分隔")
    parser.add_argument("--jobs", "-j", type=at_least(1), default=0, metavar="N", help="并行进程数（默认全部核心）")
    parser.add_argument(
        "--timeout", type=_seconds, default=60.0, metavar="SECONDS", help="单篇稿件检查时限，秒（默认 60）"
    )
    parser.add_argument("--engine", choices=("local", "dask"), default="local", help="执行引擎：local（默认）或 dask")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="Dask 调度器地址，如 tcp://10.0.0.5:8786")
    parser.add_argument("--cache-dir", metavar="DIR", help=f"缓存与结果目录（默认第一个 PATH 下的 {CACHE_DIR}）")
    parser.add_argument("--no-cache", action="store_true", help="不读写缓存（结果存于临时目录）")
    parser.add_argument(
        "--burst-hour", type=at_least(1), default=8, metavar="N", help="60 分钟内发稿超过此数视为集中发布（默认 8）"
    )
    parser.add_argument(
        "--burst-day", type=at_least(1), default=8, metavar="M", help="一天发稿超过此数视为集中发布（默认 8）"
    )
    parser.add_argument(
        "--worst", type=at_least(1), default=20, metavar="N", help="列出问题最多的稿件篇数（默认 20）"
    )
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    except (ConfigError, AuditInputError, DateError) as error:
        sys.stderr.write(f"govlint audit: {error}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("govlint audit: 已中断（已完成的稿件已存入缓存，重新运行将从中断处继续）\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a bug of govlint's: one line, never a traceback
        return internal_error("govlint audit", error)


def period_from(args: argparse.Namespace) -> Period:
    def day(value: str | None, option: str, end: bool) -> datetime | None:
        if value is None:
            return None
        try:
            return parse_day(value, end_of_day=end)
        except DateError as error:
            raise DateError(f"参数错误：{option} {error}") from None

    start = day(args.start, "--from", False)
    end = day(args.end, "--to", True)
    checkpoint = day(args.checkpoint, "--at", True) or end or datetime.now(SHANGHAI)
    if start and end and start > end:
        raise DateError("参数错误：--from 晚于 --to")
    return Period(start, end, checkpoint)


def _main(argv: list[str]) -> int:
    from govlint.cli.main import _rule_selectors

    args = build_parser().parse_args(argv)
    if args.engine == "dask" and not args.scheduler:
        sys.stderr.write("govlint audit: 参数错误：--engine dask 需要 --scheduler ADDRESS\n")
        return EXIT_ERROR
    if args.format == "csv" and not args.output:
        sys.stderr.write("govlint audit: 参数错误：csv 格式需要 --output（目录，或账号表的文件名）\n")
        return EXIT_ERROR
    period = period_from(args)
    select = _rule_selectors(args.select, "--select")
    ignore = _rule_selectors(args.ignore, "--ignore")
    first = Path(args.paths[0])
    folder = first if first.is_dir() else first.parent
    # --config is the user's own choice (trusted); a file found in the tree is not (govlint.config).
    base = load_file(Path(args.config), trusted=True) if args.config else discover(folder.resolve())
    config: Config = with_overrides(base, select=select, ignore=ignore, fail_on=None)
    posts = discover_posts(args.paths)
    if not posts:
        suffixes = " ".join(sorted(DRAFT_FORMATS))
        sys.stderr.write(f"govlint audit: {args.paths[0]}: 目录中没有可检查的稿件（{suffixes}）\n")
        return EXIT_ERROR
    criteria = Criteria(burst_hour=args.burst_hour, burst_day=args.burst_day, worst=args.worst)
    options = RunOptions(
        jobs=args.jobs,
        timeout=args.timeout,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=not args.no_progress and sys.stderr.isatty(),
    )
    done = _audit(args, posts, config, period, criteria, options, first)
    if done is None:
        return EXIT_ERROR
    stats, audit = done
    # The rate is of the posts linted; a run served from the cache has none to give.
    rate = f"（{stats.linted / stats.seconds:.1f} 篇/秒）" if stats.seconds and stats.linted else ""
    sys.stderr.write(
        f"govlint audit: {stats.posts} 篇稿件，检查 {stats.linted} 篇、缓存命中 {stats.cache_hits} 篇，"
        f"用时 {stats.seconds:.1f} 秒{rate}\n"
    )
    summary = audit["summary"]
    for account in audit["accounts"]:
        if account["verdict"] == "fail":
            break
    else:
        account = None
    if summary["failed"]:
        return EXIT_ERROR
    return EXIT_FAILED_ACCOUNTS if account else EXIT_OK


def _audit(args: argparse.Namespace, posts: list, config: Config, period: Period, criteria: Criteria,
           options: RunOptions, first: Path) -> tuple[RunStats, dict] | None:
    """Run the audit in its cache and write the report; None (with one line
    said) when the cache cannot be used. A damaged cache is set aside, said
    in one line, and the audit run again in a new one (once, and only if no
    report was started)."""
    # A scratch folder only for --no-cache: one made on every run was left
    # behind, empty, by every run that was killed.
    scratch = tempfile.TemporaryDirectory(prefix="govlint-audit-") if args.no_cache else contextlib.nullcontext()
    with scratch as scratch_path:
        folder = Path(scratch_path) if scratch_path else cache_folder(args.cache_dir, first)
        for attempt in (1, 2):
            writing = False  # set when the report starts: a second run would write it twice
            store: Store | None = None
            try:
                store = Store(folder)
                try:
                    stats = run(posts, config, store, period, options)
                    audit = build(store, period, criteria)
                    writing = True
                    _write(args, audit, store)
                finally:
                    store.close()
            except sqlite3.Error as error:  # another run held the cache too long, or it broke under us
                if audit_store.is_corrupt(error):
                    _set_aside(folder, store, error)
                    if attempt == 1 and not writing:
                        continue
                    if writing:
                        sys.stderr.write(f"govlint audit: {folder}: 写报告时发现缓存损坏，报告不完整；请重新运行\n")
                        return None
                sys.stderr.write(_cache_error(folder, error))
                return None
            except OSError as error:
                if store is not None:
                    raise
                sys.stderr.write(f"govlint audit: {folder}: 无法打开缓存目录：{error.strerror or error}\n")
                return None
            return stats, audit
    return None


def _set_aside(folder: Path, store: Store | None, error: sqlite3.Error) -> Path | None:
    """Move a damaged cache database aside (one line says so); None when it
    could not be moved (the caller then reports the error)."""
    try:
        moved = audit_store.set_aside(folder, store.identity if store is not None else None)
    except OSError:
        return None
    if moved is not None:
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        sys.stderr.write(
            f"govlint audit: {folder / audit_store.DB_NAME}: 缓存数据库已损坏（{reason}），"
            f"已移至 {moved.name} 并重建缓存\n"
        )
    return moved


def _cache_error(folder: Path, error: sqlite3.Error) -> str:
    """One line for a cache the audit cannot use; no report is written."""
    if isinstance(error, StoreBusyError) or "locked" in str(error) or "busy" in str(error):
        waited = audit_store.BUSY_TIMEOUT
        return (
            f"govlint audit: {folder}: 缓存数据库被另一个进程占用，等待 {waited:g} 秒仍未释放，未生成报告；"
            "请稍后重试，或用 --cache-dir 指定其他缓存目录、--no-cache 不用缓存\n"
        )
    reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
    return (
        f"govlint audit: {folder}: 缓存数据库出错（{reason}），未生成报告；"
        "可用 --no-cache 不用缓存，或删除该缓存目录后重新运行\n"
    )


def cache_folder(option: str | None, first: Path) -> Path:
    if option:
        return Path(option)
    return (first if first.is_dir() else first.parent) / CACHE_DIR


def _write(args: argparse.Namespace, audit: dict, store: Store) -> None:
    if args.format == "csv":
        try:
            write_csv(audit, store, Path(args.output), args.csv_headers)
        except OSError as error:
            raise AuditInputError(f"{args.output}: 无法写入报告：{error.strerror or error}") from None
        return
    if not args.output:
        _render(args.format, audit, store, sys.stdout, None)
        return
    base = Path(args.output).resolve().parent
    try:  # whole or not at all: a failed run keeps the previous report
        write_file(args.output, lambda handle: _render(args.format, audit, store, handle, base))
    except OSError as error:
        raise AuditInputError(f"{args.output}: 无法写入报告：{error.strerror or error}") from None


def _render(fmt: str, audit: dict, store: Store, out, base: Path | None) -> None:
    if fmt == "json":
        write_json(audit, store, out)
    elif fmt == "html":
        write_html(audit, store, out, base)
    else:
        write_terminal(audit, store, out, color=None if out is sys.stdout else False)
