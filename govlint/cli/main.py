"""The ``govlint`` command line."""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from govlint import __version__
from govlint.cli.arguments import add_review_option, at_least, review_problem
from govlint.cli.deferred import defer_import
from govlint.cli.errors import internal_error
from govlint.escape import printable
from govlint.rules import Severity

# The rest of govlint is imported where it is used: ``govlint --version``
# and ``--help`` load none of it, and each command only what it runs.
if TYPE_CHECKING:
    from govlint.config import Config
    from govlint.findings import FileResult

# govlint works in parallel across files (``govlint audit`` runs a process per
# core); numpy's BLAS threads would only add threads that spin after each small
# matrix product (the typo engine's scorer), about doubling the CPU time a file
# costs. This runs before numpy is first imported; a value set by the user wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Exit codes, as ruff and ESLint use them.
EXIT_OK = 0  # nothing at or above the --fail-on threshold
EXIT_FINDINGS = 1  # findings at or above the threshold
EXIT_ERROR = 2  # a usage error, a bad configuration, or an input that could not be read


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        sys.stderr.write(f"govlint: 参数错误：{message}（govlint --help 查看用法）\n")
        raise SystemExit(EXIT_ERROR)


_COMMANDS = """\
其他命令：
  govlint audit DIR ...        批量审核一个季度的稿件（更新频率、突击发稿、各账号问题汇总），
                               govlint audit --help 查看用法
  govlint dict check FILE ...  检查本单位的敏感词表（语法、重复、冲突、过短词条），govlint dict --help 查看用法
  govlint serve                在浏览器中检查稿件（本机网页：上传或粘贴、采纳修改、下载报告），
                               需 pip install 'govlint[serve]'，govlint serve --help 查看用法

退出码：0 未发现达到 --fail-on 级别的问题；1 发现问题；2 参数、配置错误或文件无法读取。
"""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govlint",
        description="政务新媒体文稿检查：错别字、字号、链接、乱码、敏感词、来源标注、编排与隐私。",
        epilog=_COMMANDS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="文稿文件或目录（.html .htm .md .markdown .txt .docx .doc .wps）；- 表示从标准输入读取",
    )
    parser.add_argument(
        "--stdin-filename", metavar="NAME",
        help="从标准输入读取时（PATH 为 -）稿件的文件名：决定按哪种格式读取、适用哪个配置，并用于报告（默认按 .txt）",
    )
    parser.add_argument(
        "--format", default="terminal", help="输出格式：terminal（默认）、json、html、markdown、sarif、github"
    )
    parser.add_argument("--output", "-o", metavar="PATH", help="把报告写入文件而不是标准输出")
    parser.add_argument(
        "--select", metavar="RULES", help="只运行这些检查或规则，逗号分隔（如 typo,garbled.replacement-char）"
    )
    parser.add_argument("--ignore", metavar="RULES", help="不运行这些检查或规则，逗号分隔")
    parser.add_argument(
        "--fail-on", choices=[s.value for s in Severity], help="达到此级别的问题使退出码为 1（默认 error）"
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="发现问题时退出码仍为 0（参数错误、文件无法读取仍为 2）"
    )
    parser.add_argument(
        "--jobs", "-j", type=at_least(0), default=1, metavar="N",
        help="同时检查文件的进程数（默认 1；0 表示全部核心），检查大量文稿时使用",
    )
    parser.add_argument(
        "--no-cache", action="store_true",
        help="不使用检查结果缓存（默认：内容、类型与配置都未变的文稿直接取上次的结果；"
        "缓存在用户缓存目录，GOVLINT_RESULTS_CACHE 可改）",
    )
    parser.add_argument("--config", metavar="PATH", help="配置文件（.govlint.toml 或 pyproject.toml），不再向上查找")
    parser.add_argument("--quiet", "-q", action="store_true", help="只输出问题，不输出原文摘录与汇总")
    parser.add_argument(
        "--checklist", choices=("full", "line"), default="full",
        help="终端输出中每个文稿的三审清单：full 完整表格（默认）；line 一行摘要（pre-commit 钩子使用）",
    )
    parser.add_argument("--list-rules", action="store_true", help="列出全部规则")
    parser.add_argument("--explain", metavar="RULE", help="显示一条规则的说明与正误示例")
    parser.add_argument("--fix", action="store_true", help="自动修改可安全修复的问题（原子写入），再报告其余问题")
    parser.add_argument(
        "--diff", action="store_true", help="显示 --fix 将作的修改（统一差异格式），不修改文件；有修改时退出码为 1"
    )
    parser.add_argument(
        "--unsafe-fixes", action="store_true",
        help="与 --fix 或 --diff 同用：也应用需核对的修改（如离线模型的错别字建议、补回的漏字），请修改后复核",
    )
    add_review_option(parser)
    parser.add_argument(
        "--check-links", action="store_true", help="联网检查正文链接能否打开（link.dead；默认不联网）"
    )
    parser.add_argument(
        "--allow-private-links", action="store_true", help="检查链接时允许访问内网、本机地址（默认拒绝）"
    )
    parser.add_argument("--version", action="version", version=f"govlint {__version__}")
    return parser


def _rule_selectors(value: str | None, option: str) -> tuple[str, ...]:
    from govlint.checks import is_known
    from govlint.config import ConfigError

    if not value:
        return ()
    selectors = tuple(s.strip() for s in value.split(",") if s.strip())
    for selector in selectors:
        if not is_known(selector):
            raise ConfigError(f"{option} 中的规则或检查项“{selector}”不存在（govlint --list-rules 查看）")
    return selectors


def list_rules(out) -> None:
    from govlint.checks import all_rules

    for rule in all_rules():
        fix = f"（{rule.applicability.label}）" if rule.fixable and rule.applicability else ""
        out.write(f"{rule.id:<32} {rule.severity.value:<8} {rule.stage.value}  {rule.title}：{rule.summary}{fix}\n")


def explain(selector: str, out) -> int:
    from govlint.checks import resolve
    from govlint.formats.ruledocs import rule_help

    try:
        rules = resolve(selector)
    except KeyError:
        sys.stderr.write(f"govlint: 规则“{selector}”不存在（govlint --list-rules 查看）\n")
        return EXIT_ERROR
    if not rules:
        sys.stderr.write(f"govlint: 检查项“{selector}”尚无规则\n")
        return EXIT_ERROR
    for rule in rules:
        out.write(f"{rule.title}（{rule.id}，{rule.name}）\n")
        fix = f"  修复：{rule.applicability.label}" if rule.applicability else ""
        out.write(f"级别：{rule.severity.label}（{rule.severity.value}）  三审环节：{rule.stage.value}{fix}\n")
        out.write(f"{rule.summary}\n\n{rule_help(rule)}\n\n")
    return EXIT_OK


def run() -> NoReturn:
    """The ``govlint`` console script and ``python -m govlint``: :func:`main`
    in a process of its own, which it then ends."""
    # bs4 imports soupsieve, its CSS selector engine, and charset_normalizer,
    # to guess the encoding of bytes, whenever bs4 is imported: 45 ms of a
    # 0.5 s run that, on most pages, never selects (readers.soup.TagIndex
    # answers the readers) and hands bs4 text, not bytes.
    defer_import("soupsieve")
    defer_import("charset_normalizer")
    code = main(sys.argv[1:])
    # The interpreter's last collections at exit would walk every object left
    # (a page's tree, the typo tables) only to free memory the exit frees:
    # 40 ms of a 0.5 s run. Frozen objects are left out of them.
    gc.freeze()
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:  # argparse: --help, --version, usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("govlint: 已中断\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        from govlint.config import ConfigError

        if isinstance(error, ConfigError):
            sys.stderr.write(f"govlint: 配置错误：{error}\n")
            return EXIT_ERROR
        return internal_error("govlint", error)  # a bug of govlint's: one line, never a traceback


# Subcommands live in their own modules, each with ``main(argv) -> int``;
# a path that happens to be named like one can be linted as ./audit.
SUBCOMMANDS = {
    "audit": "govlint.cli.audit",  # batch audit of a quarter's posts
    "dict": "govlint.cli.dictionaries",  # validating term lists
    "serve": "govlint.serve.command",  # the local web page (the optional extra govlint[serve])
}


def _main(argv: list[str]) -> int:
    if argv and argv[0] in SUBCOMMANDS:
        import importlib

        return importlib.import_module(SUBCOMMANDS[argv[0]]).main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.list_rules:
        list_rules(sys.stdout)
        return EXIT_OK
    if args.explain:
        return explain(args.explain, sys.stdout)
    problem = _usage_problem(args)
    if problem:
        sys.stderr.write(f"govlint: 参数错误：{problem}\n")
        return EXIT_ERROR
    config_for = _config_for(args)
    review_output, args.output = (args.output, None) if args.review else (None, args.output)  # the report: terminal
    linted = _lint_paths(args, config_for)
    if linted is None:
        return EXIT_ERROR
    results, usage_error = linted
    if args.diff:
        from govlint.cli.diffs import show_diffs

        return show_diffs(args, results, usage_error, config_for)
    if args.review and not _write_reviews(results, review_output, config_for):
        usage_error = True  # said on stderr; the report still follows
    if not _write_report(args, results):
        return EXIT_ERROR
    code = _exit_code(results, usage_error, config_for)
    return EXIT_OK if code == EXIT_FINDINGS and args.exit_zero else code


def _usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with a lint run's arguments, checked before any file is
    read; argparse cannot say it (the formats are loaded by name)."""
    from govlint.formats import names as reporter_names

    if args.format not in reporter_names():
        return f"未知输出格式“{args.format}”（可用：{'、'.join(reporter_names())}）"
    if not args.paths:
        return "请给出要检查的文件或目录，如 govlint 文章.html"
    if args.review and (problem := review_problem(args.paths, args.output, args.fix, args.diff)):
        return problem
    if args.unsafe_fixes and not (args.fix or args.diff):
        return "--unsafe-fixes 须与 --fix 或 --diff 同用"
    if args.fix and args.diff:
        return "--fix 与 --diff 不能同用：--diff 只显示修改，不写入"
    if "-" in args.paths and len(args.paths) > 1:
        return "- （标准输入）须是唯一的 PATH"
    if "-" in args.paths and args.fix:
        return "标准输入不能用 --fix 修改；用 --diff 查看修改"
    if args.stdin_filename and "-" not in args.paths:
        return "--stdin-filename 只在 PATH 为 -（从标准输入读取）时使用"
    return None


def _config_for(args: argparse.Namespace) -> Callable[[Path], Config]:
    """Each file's configuration: the one given by --config, else the nearest
    one above the file, with the command line's options on top. Bad options
    and a bad --config file fail here (ConfigError), before any file is read."""
    from govlint.config import discover, load_file, with_overrides

    discover.cache_clear()  # a long-lived caller may have changed config files
    select = _rule_selectors(args.select, "--select")
    ignore = _rule_selectors(args.ignore, "--ignore")
    fail_on = Severity(args.fail_on) if args.fail_on else None
    # An explicit --config is the user's own choice: trusted with the settings
    # that reach outside the tree (a config found in the tree is not).
    fixed_config = load_file(Path(args.config), trusted=True) if args.config else None

    def config_for(path: Path) -> Config:
        base = fixed_config or discover(_folder_of(path))
        return with_overrides(
            base,
            select=select,
            ignore=ignore,
            fail_on=fail_on,
            check_links=args.check_links,
            allow_private_links=args.allow_private_links,
        )

    return config_for


def _folder_of(path: Path) -> Path:
    """The folder whose configuration applies to a file: the resolved file's,
    else (a symlink loop, a dangling link) the folder the name lies in."""
    try:
        return path.resolve().parent
    except (OSError, RuntimeError):  # RuntimeError: pathlib's "Symlink loop" before Python 3.13
        return Path(os.path.abspath(path)).parent


def _lint_paths(
    args: argparse.Namespace, config_for: Callable[[Path], Config]
) -> tuple[list[FileResult], bool] | None:
    """The results of every file under the PATHs, in order, and whether a PATH
    was unusable; a missing path is reported and skipped, the rest still run.
    A folder that cannot be listed is an error entry of its own. None (said
    on stderr) when --output names one of the drafts: nothing is read then."""
    from govlint.cli.output import names_an_input
    from govlint.engine import PathError, discover_files
    from govlint.findings import FileResult

    if args.paths == ["-"]:
        return [_lint_stdin(args, config_for)], False
    usage_error = False
    found: list[tuple[Path, list[FileResult], list[Path]]] = []
    for raw in args.paths:
        unlisted: list[FileResult] = []

        def unreadable(folder: Path, reason: str, unlisted: list[FileResult] = unlisted) -> None:
            unlisted.append(FileResult(str(folder), None, error=reason))

        try:
            files = discover_files(Path(raw), config_for, on_error=unreadable)
        except PathError as error:
            sys.stderr.write(f"govlint: {printable(raw)}: {error}\n")
            usage_error = True
            continue
        found.append((Path(raw), unlisted, files))
    if args.output and names_an_input(args.output, [f for _, _, files in found for f in files]):
        sys.stderr.write(f"govlint: {printable(args.output)}: --output 指向了要检查的文稿，未写入报告以免覆盖原稿\n")
        return None
    results: list[FileResult] = []
    for tree, unlisted, files in found:
        for result in unlisted:
            _warn_failures(result)
            results.append(result)
        jobs = args.jobs or os.cpu_count() or 1  # 0: one process per core
        for file, config, result in _lint_in_batches(files, config_for, jobs, not args.no_cache):
            if args.fix:
                result = _fix(file, result, config, args.unsafe_fixes, tree)
            _warn_failures(result)
            results.append(result)
    return results, usage_error


STDIN_DEFAULT_NAME = "-.txt"  # standard input without --stdin-filename: plain text


def _lint_stdin(args: argparse.Namespace, config_for: Callable[[Path], Config]) -> FileResult:
    """The draft on standard input, typed and configured by --stdin-filename;
    its bytes are kept on ``args`` for --diff."""
    from govlint.engine import lint_stream

    name = args.stdin_filename or STDIN_DEFAULT_NAME
    config = config_for(Path(name))

    def keep(data: bytes) -> None:
        args.stdin_bytes = data

    result = lint_stream(sys.stdin.buffer, name, args.stdin_filename or "-", config, on_read=keep)
    _warn_failures(result)
    return result


def _warn_failures(result: FileResult) -> None:
    """Say on stderr, as each file is done, that it could not be read or that a
    rule crashed on it: the report alone would let such a file pass unnoticed."""
    if result.error:
        sys.stderr.write(f"govlint: {printable(result.path)}: {printable(result.error)}\n")
    for rule_id, reason in result.rule_errors:
        shown = printable(result.path)
        sys.stderr.write(f"govlint: {shown}: 规则 {rule_id} 运行出错（{printable(reason)}），请报告此问题\n")


def _write_report(args: argparse.Namespace, results: list[FileResult]) -> bool:
    """Write the report to --output (whole or not at all) or stdout; False
    (said on stderr) when the output file cannot be written. A file name
    that is not UTF-8 (kept by Python as lone surrogates) is written as a
    ``\\udcXX`` escape, never a crash."""
    from govlint.cli.output import displayable, emit
    from govlint.formats import get as get_reporter
    from govlint.formats.terminal import TerminalReporter

    if args.format == "terminal":
        reporter = TerminalReporter(quiet=args.quiet, checklist=args.checklist)
    else:
        reporter = get_reporter(args.format)
    # SARIF keeps a name's own bytes in its URIs (%FF) and escapes it where it shows it.
    shown = results if args.format == "sarif" else [displayable(result) for result in results]
    return emit(args.output, lambda out: reporter(shown, out))


# Files checked together (the typo engine runs once over their paragraphs).
FILES_PER_BATCH = 8


def _lint_in_batches(
    files: list[Path], config_for: Callable[[Path], Config], jobs: int = 1, cache: bool = True
) -> Iterator[tuple[Path, Config, FileResult]]:
    """Each file with its configuration and result, in order; runs of files
    that share a configuration are linted ``FILES_PER_BATCH`` at a time, the
    batches on ``jobs`` processes when there are several."""
    batches: list[tuple[list[Path], Config]] = []
    for config, run in itertools.groupby(files, key=config_for):
        same = list(run)
        batches.extend((same[i : i + FILES_PER_BATCH], config) for i in range(0, len(same), FILES_PER_BATCH))
    workers = min(jobs, len(batches))
    if workers < 2:
        for group, config in batches:
            yield from zip(group, itertools.repeat(config), lint_batch(group, config, cache))
        return
    from concurrent.futures import ProcessPoolExecutor

    from govlint.audit.worker import die_with_parent

    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent) as pool:
        pending = [pool.submit(lint_batch, group, config, cache) for group, config in batches]
        for (group, config), done in zip(batches, pending, strict=True):
            yield from zip(group, itertools.repeat(config), done.result())


def lint_batch(group: list[Path], config: Config, cache: bool) -> list[FileResult]:
    """The results of a batch of files: from the cache of plain runs where
    the bytes, type and configuration are unchanged, else linted (the bytes
    hashed are the bytes linted: a file edited meanwhile is never stored
    under another content's key) and stored."""
    from govlint.engine import lint_files

    if not cache or config.check_links:  # a link that answered yesterday may be dead today
        return lint_files(group, config)
    from govlint.cli import results
    from govlint.readers import format_of, size_limit
    from govlint.source import InputError, read_bytes

    found: list[FileResult | None] = []
    data: list[bytes | None] = []
    keys: list[str | None] = []
    configuration = results.fingerprint(config)
    for path in group:
        fmt = format_of(path)
        try:
            raw = read_bytes(path, size_limit(fmt, config.max_file_size)) if fmt else None
        except InputError:
            raw = None  # linting says why, in its one-line error
        entry = results.key(raw, fmt, configuration) if raw is not None and fmt else None
        found.append(results.load(entry, str(path)) if entry else None)
        data.append(raw)
        keys.append(entry)
    missed = [i for i, result in enumerate(found) if result is None]
    linted = lint_files([group[i] for i in missed], config, [data[i] for i in missed]) if missed else []
    for i, result in zip(missed, linted, strict=True):
        found[i] = result
        if keys[i] is not None:
            results.save(keys[i], result)
    return [result for result in found if result is not None]


def _fix(file: Path, result: FileResult, config: Config, unsafe: bool, tree: Path | None = None) -> FileResult:
    """Apply the safe fixes (the unsafe ones too when asked), say what was
    done on stderr, and lint again. ``tree`` is the PATH the file was found
    under: a symbolic link leading out of it is not written through."""
    from govlint.engine import lint_file
    from govlint.fix import fix_file

    outcome = fix_file(file, result, config.max_file_size, unsafe, tree=tree)
    shown = printable(result.path)
    if outcome.error:
        sys.stderr.write(f"govlint: {shown}: 未自动修复：{outcome.error}\n")
    if not outcome.applied:
        return result
    rules = "、".join(sorted({f.rule for f in outcome.applied}))
    sys.stderr.write(f"govlint: {shown}: 已自动修复 {len(outcome.applied)} 处（{rules}）\n")
    return lint_file(file, config, display=str(file))


def _write_reviews(results: list[FileResult], output: str | None, config_for: Callable[[Path], Config]) -> bool:
    """``--review``: write each .docx's reviewed copy (to ``output``, else
    beside it as 稿件-审校.docx) and say where on stderr; False when one
    could not be made. Unreadable drafts were reported already."""
    from datetime import datetime, timezone

    from govlint.cli.arguments import REVIEW_SUFFIX
    from govlint.cli.output import names_an_input, write_file
    from govlint.formats.review import ReviewError, reviewed_docx
    from govlint.readers import WORD_XML_FACTOR, size_limit
    from govlint.source import InputError, read_bytes

    done = True
    for result in results:
        if result.error or result.format != "docx":
            continue
        source = Path(result.path)
        target = output or str(source.with_name(source.stem + REVIEW_SUFFIX + ".docx"))
        shown = printable(result.path)
        limit = config_for(source).max_file_size
        try:
            if names_an_input(target, [source]):
                raise ReviewError("审校稿的路径指向原稿，未写入，以免覆盖原稿")
            data = read_bytes(source, size_limit("docx", limit))
            copy = reviewed_docx(data, result, datetime.now(timezone.utc), limit * WORD_XML_FACTOR)
            write_file(target, lambda out, data=copy.data: out.buffer.write(data))
        except (InputError, ReviewError) as error:
            sys.stderr.write(f"govlint: {shown}: 未生成审校稿：{printable(str(error))}\n")
            done = False
            continue
        except OSError as error:
            sys.stderr.write(f"govlint: {printable(target)}: 无法写入审校稿：{error.strerror or error}\n")
            done = False
            continue
        counts = f"批注 {copy.comments} 条，修订 {copy.changes} 处"
        sys.stderr.write(f"govlint: {shown}: 审校稿已写入 {printable(target)}（{counts}）\n")
    return done


def _exit_code(results: list[FileResult], usage_error: bool, config_for: Callable[[Path], Config]) -> int:
    if usage_error or any(r.error or r.rule_errors for r in results):
        return EXIT_ERROR
    for result in results:
        threshold = config_for(Path(result.path)).fail_on.rank
        if any(f.severity.rank >= threshold for f in result.findings):
            return EXIT_FINDINGS
    return EXIT_OK
