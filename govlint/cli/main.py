"""The ``govlint`` command line."""

from __future__ import annotations

import argparse
import dataclasses
import errno
import io
import itertools
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from govlint import __version__
from govlint.checks import all_rules, is_known, resolve
from govlint.cli.errors import internal_error
from govlint.config import Config, ConfigError, discover, load_file, with_overrides
from govlint.engine import PathError, discover_files, lint_file, lint_files
from govlint.findings import FileResult
from govlint.formats import get as get_reporter
from govlint.formats import names as reporter_names
from govlint.formats.terminal import TerminalReporter, printable
from govlint.rules import Severity

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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govlint",
        description="政务新媒体文稿检查：错别字、字号、链接、乱码、敏感词、来源标注、编排与隐私。",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="文稿文件或目录（.html .htm .md .markdown .txt）")
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
    parser.add_argument("--config", metavar="PATH", help="配置文件（.govlint.toml 或 pyproject.toml），不再向上查找")
    parser.add_argument("--quiet", "-q", action="store_true", help="只输出问题，不输出原文摘录与汇总")
    parser.add_argument("--list-rules", action="store_true", help="列出全部规则")
    parser.add_argument("--explain", metavar="RULE", help="显示一条规则的说明与正误示例")
    parser.add_argument("--fix", action="store_true", help="自动修改可安全修复的问题（原子写入），再报告其余问题")
    parser.add_argument(
        "--unsafe-fixes", action="store_true",
        help="与 --fix 同用：也应用需核对的修改（如离线模型的错别字建议、补回的漏字），请修改后复核",
    )
    parser.add_argument(
        "--check-links", action="store_true", help="联网检查正文链接能否打开（link.dead；默认不联网）"
    )
    parser.add_argument(
        "--allow-private-links", action="store_true", help="检查链接时允许访问内网、本机地址（默认拒绝）"
    )
    parser.add_argument("--version", action="version", version=f"govlint {__version__}")
    return parser


def _rule_selectors(value: str | None, option: str) -> tuple[str, ...]:
    if not value:
        return ()
    selectors = tuple(s.strip() for s in value.split(",") if s.strip())
    for selector in selectors:
        if not is_known(selector):
            raise ConfigError(f"{option} 中的规则或检查项“{selector}”不存在（govlint --list-rules 查看）")
    return selectors


def list_rules(out) -> None:
    for rule in all_rules():
        fix = f"（{rule.applicability.label}）" if rule.fixable and rule.applicability else ""
        out.write(f"{rule.id:<32} {rule.severity.value:<8} {rule.stage.value}  {rule.summary}{fix}\n")


def explain(selector: str, out) -> int:
    try:
        rules = resolve(selector)
    except KeyError:
        sys.stderr.write(f"govlint: 规则“{selector}”不存在（govlint --list-rules 查看）\n")
        return EXIT_ERROR
    if not rules:
        sys.stderr.write(f"govlint: 检查项“{selector}”尚无规则\n")
        return EXIT_ERROR
    for rule in rules:
        out.write(f"{rule.id} ({rule.name})\n")
        fix = f"  修复：{rule.applicability.label}" if rule.applicability else ""
        out.write(f"级别：{rule.severity.value}  三审环节：{rule.stage.value}{fix}\n")
        out.write(f"{rule.summary}\n\n{rule.doc}\n\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    discover.cache_clear()  # a long-lived caller may have changed config files
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:  # argparse: --help, --version, usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    except ConfigError as error:
        sys.stderr.write(f"govlint: 配置错误：{error}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("govlint: 已中断\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a bug of govlint's: one line, never a traceback
        return internal_error("govlint", error)


# Subcommands live in their own modules, each with ``main(argv) -> int``;
# a path that happens to be named like one can be linted as ./audit.
SUBCOMMANDS = {
    "audit": "govlint.cli.audit",  # batch audit of a quarter's posts
    "dict": "govlint.cli.dictionaries",  # validating term lists
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
    linted = _lint_paths(args, config_for)
    if linted is None:
        return EXIT_ERROR
    results, usage_error = linted
    if not _write_report(args, results):
        return EXIT_ERROR
    return _exit_code(results, usage_error, config_for)


def _usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with a lint run's arguments, checked before any file is
    read; argparse cannot say it (the formats are loaded by name)."""
    if args.format not in reporter_names():
        return f"未知输出格式“{args.format}”（可用：{'、'.join(reporter_names())}）"
    if not args.paths:
        return "请给出要检查的文件或目录，如 govlint 文章.html"
    if args.unsafe_fixes and not args.fix:
        return "--unsafe-fixes 须与 --fix 同用"
    return None


def _config_for(args: argparse.Namespace) -> Callable[[Path], Config]:
    """Each file's configuration: the one given by --config, else the nearest
    one above the file, with the command line's options on top. Bad options
    and a bad --config file fail here (ConfigError), before any file is read."""
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
    if args.output and _names_an_input(args.output, [f for _, _, files in found for f in files]):
        sys.stderr.write(f"govlint: {printable(args.output)}: --output 指向了要检查的文稿，未写入报告以免覆盖原稿\n")
        return None
    results: list[FileResult] = []
    for tree, unlisted, files in found:
        for result in unlisted:
            _warn_failures(result)
            results.append(result)
        for file, config, result in _lint_in_batches(files, config_for):
            if args.fix:
                result = _fix(file, result, config, args.unsafe_fixes, tree)
            _warn_failures(result)
            results.append(result)
    return results, usage_error


def _names_an_input(output: str, files: list[Path]) -> bool:
    """Whether the report would be written over one of the drafts (the same
    file by another name or a hard link included)."""
    try:
        target = os.stat(output)
    except OSError:
        return False  # not there yet: no draft to overwrite
    for file in files:
        try:
            status = os.stat(file)
        except OSError:
            continue
        if (status.st_dev, status.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False


def _warn_failures(result: FileResult) -> None:
    """Say on stderr, as each file is done, that it could not be read or that a
    rule crashed on it: the report alone would let such a file pass unnoticed."""
    if result.error:
        sys.stderr.write(f"govlint: {printable(result.path)}: {printable(result.error)}\n")
    for rule_id, reason in result.rule_errors:
        shown = printable(result.path)
        sys.stderr.write(f"govlint: {shown}: 规则 {rule_id} 运行出错（{printable(reason)}），请报告此问题\n")


def _write_report(args: argparse.Namespace, results: list[FileResult]) -> bool:
    """Write the report to --output or stdout; False (said on stderr) when the
    output file cannot be written.

    The file is written whole or not at all: the report goes to a temporary
    file beside it, renamed over it once complete, so a run that fails keeps
    the previous report. A file name that is not UTF-8 (kept by Python as
    lone surrogates) is written as a ``\\udcXX`` escape, never a crash."""
    reporter = TerminalReporter(quiet=args.quiet) if args.format == "terminal" else get_reporter(args.format)
    results = [_displayable(result) for result in results]
    if not args.output:
        stream = sys.stdout
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")
        reporter(results, stream)
        return True
    target = Path(os.path.realpath(args.output))  # through a symlink, as writing to it would
    if target.exists() and not target.is_file() and not target.is_dir():  # /dev/stdout, /dev/null, a FIFO
        return _write_directly(args.output, reporter, results)
    temporary = None
    try:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "是一个目录")
        descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        temporary = Path(name)
        with open(descriptor, "w", encoding="utf-8", errors="backslashreplace") as handle:
            reporter(results, handle)
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        sys.stderr.write(f"govlint: {printable(args.output)}: 无法写入报告：{error.strerror or error}\n")
        return False
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return True


def _displayable(result: FileResult) -> FileResult:
    """The result with a file name that is not UTF-8 shown as its bytes'
    escapes (``\\xff``): Python keeps such a name as lone surrogates, which
    no report format can encode (a SARIF URI, a JSON string)."""
    if not _SURROGATE.search(result.path):
        return result
    shown = result.path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return dataclasses.replace(result, path=shown)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _write_directly(output: str, reporter: Callable, results: list[FileResult]) -> bool:
    try:
        with open(output, "w", encoding="utf-8", errors="backslashreplace") as handle:
            reporter(results, handle)
    except OSError as error:
        sys.stderr.write(f"govlint: {printable(output)}: 无法写入报告：{error.strerror or error}\n")
        return False
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Files checked together (the typo engine runs once over their paragraphs).
FILES_PER_BATCH = 8


def _lint_in_batches(
    files: list[Path], config_for: Callable[[Path], Config]
) -> Iterator[tuple[Path, Config, FileResult]]:
    """Each file with its configuration and result, in order; runs of files
    that share a configuration are linted ``FILES_PER_BATCH`` at a time."""
    for config, run in itertools.groupby(files, key=config_for):
        same = list(run)
        for i in range(0, len(same), FILES_PER_BATCH):
            group = same[i : i + FILES_PER_BATCH]
            yield from zip(group, itertools.repeat(config), lint_files(group, config))


def _fix(file: Path, result: FileResult, config: Config, unsafe: bool, tree: Path | None = None) -> FileResult:
    """Apply the safe fixes (the unsafe ones too when asked), say what was
    done on stderr, and lint again. ``tree`` is the PATH the file was found
    under: a symbolic link leading out of it is not written through."""
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


def _exit_code(results: list[FileResult], usage_error: bool, config_for: Callable[[Path], Config]) -> int:
    if usage_error or any(r.error or r.rule_errors for r in results):
        return EXIT_ERROR
    for result in results:
        threshold = config_for(Path(result.path)).fail_on.rank
        if any(f.severity.rank >= threshold for f in result.findings):
            return EXIT_FINDINGS
    return EXIT_OK
