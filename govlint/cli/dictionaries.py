"""``govlint dict check PATH...``: validate term lists before an organisation uses them.

Reports, one line each as ``path:line: 问题``:

- syntax and format errors (YAML, unknown keys, categories, severities ...);
- duplicate terms (the same term after normalisation) within a list and
  across the lists checked, including the bundled lists;
- conflicts between deny and allow: a term that is also an allow phrase,
  so that it would be both reported and allowed;
- terms too short or too common to be useful: a single character, a Latin
  word of one or two letters, and terms that match the bundled example
  drafts (the clean one must give nothing) or many documents of a corpus
  given with ``--corpus``.

Exit codes as the linter's: 0 clean, 1 problems, 2 a list or corpus that
cannot be read or a usage error.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from govlint.escape import printable
from govlint.terms import Matcher, TermList, TermListError, default_list_paths, load_list
from govlint.terms.lists import read_list_text

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
_LIST_SUFFIXES = {".yaml", ".yml"}
#: A term found in this share of a corpus's documents (and in at least two) matches everywhere.
COMMON_SHARE = 0.2
#: The bundled draft with no defect: a term that matches it would raise a false alarm.
CLEAN_EXAMPLE = "clean-article.md"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # Terms, phrases and file names are shown with their control characters escaped.
        return printable(f"{self.path}:{self.line}: {self.message}")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        sys.stderr.write(f"govlint dict: 参数错误：{message}（govlint dict --help 查看用法）\n")
        raise SystemExit(EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="govlint dict", description="敏感词表工具。")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = commands.add_parser("check", help="检查词表：语法、重复、与允许语境冲突、过短或过于常见的词条")
    check.add_argument("paths", nargs="+", metavar="PATH", help="词表文件（.yaml）或含词表的目录")
    check.add_argument(
        "--corpus", action="append", default=[], metavar="DIR",
        help="另用此目录中的文稿衡量词条是否过于常见（可重复；默认只用内置示例文稿）",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    if args.command != "check":
        sys.stderr.write("govlint dict: 请给出子命令，如 govlint dict check 词表.yaml\n")
        return EXIT_ERROR
    return check(args.paths, args.corpus, sys.stdout, sys.stderr)


def _list_files(raw: str) -> list[Path]:
    path = Path(raw)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in _LIST_SUFFIXES and p.is_file())
    return [path]


def check(paths: Sequence[str], corpora: Sequence[str], out, err) -> int:
    unreadable = False
    problems: list[Problem] = []
    lists: list[TermList] = []
    files = [f for raw in paths for f in _list_files(raw)]
    if not files:
        err.write("govlint dict: 没有找到词表文件（.yaml）\n")
        return EXIT_ERROR
    for file in files:
        try:
            read_list_text(file)
        except TermListError as error:
            err.write(printable(f"govlint dict: {error.path}: {error.reason}") + "\n")
            unreadable = True
            continue
        try:
            lists.append(load_list(file))
        except TermListError as error:
            problems.append(Problem(error.path, error.line, error.reason))
    bundled = [load_list(p) for p in default_list_paths() if p.resolve() not in {f.resolve() for f in files}]
    problems += duplicates(lists, bundled)
    problems += conflicts(lists)
    problems += too_short(lists)
    documents, corpus_errors = _corpus(corpora, err)
    unreadable = unreadable or corpus_errors
    problems += too_common(lists, documents)
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.message)):
        out.write(f"{problem}\n")
    terms = sum(len(t.terms) for t in lists)
    out.write(f"检查了 {len(files)} 个词表（{terms} 个词条），发现 {len(problems)} 个问题。\n")
    if unreadable:
        return EXIT_ERROR
    return EXIT_PROBLEMS if problems else EXIT_OK


def duplicates(lists: Sequence[TermList], bundled: Sequence[TermList] = ()) -> list[Problem]:
    """The same normalised term twice in a list, or in two lists."""
    problems = []
    seen: dict[str, tuple[TermList, int, str]] = {}
    for term_list in bundled:
        for term in term_list.terms:
            seen.setdefault(term.key, (term_list, term.line, term.text))
    for term_list in lists:
        for term in term_list.terms:
            if term.key in seen:
                other, line, text = seen[term.key]
                where = f"第 {line} 行" if other is term_list else f"词表 {other.name}（{other.path}:{line}）"
                same = "" if text == term.text else f"（“{text}”归一化后与之相同）"
                problems.append(Problem(term_list.path, term.line, f"词条“{term.text}”重复：已见于{where}{same}"))
            else:
                seen[term.key] = (term_list, term.line, term.text)
    return problems


def conflicts(lists: Sequence[TermList]) -> list[Problem]:
    """A term that is also an allow phrase: it would be both reported and allowed."""
    problems = []
    denied = {t.key: (term_list, t) for term_list in lists for t in term_list.terms}
    for term_list in lists:
        bare = {line for before, after, line in term_list.templates if not before and not after}
        for line in sorted(bare):
            message = "词表级 allow 短语“{}”就是词条本身，所有词条都永远不会被报告"
            problems.append(Problem(term_list.path, line, message))
        for key, phrase, line in term_list.all_allow_phrases():
            if phrase == key and line in bare:
                continue  # reported once for the template above
            if phrase == key:
                message = f"allow 短语“{phrase}”就是词条本身，该词条永远不会被报告"
                problems.append(Problem(term_list.path, line, message))
            elif phrase in denied:
                other_list, other = denied[phrase]
                problems.append(Problem(
                    term_list.path, line,
                    f"allow 短语“{phrase}”同时是词表 {other_list.name} 第 {other.line} 行的禁用词条，相互冲突",
                ))
    return problems


def too_short(lists: Sequence[TermList]) -> list[Problem]:
    problems = []
    for term_list in lists:
        for term in term_list.terms:
            if len(term.key) == 1:
                message = f"词条“{term.text}”只有一个字，几乎每篇文稿都会匹配"
            elif term.key.isascii() and len(term.key) <= 2:
                message = f"词条“{term.text}”是一两个字母或数字，误报太多"
            else:
                continue
            problems.append(Problem(term_list.path, term.line, message))
    return problems


def _corpus(folders: Sequence[str], err) -> tuple[list[tuple[str, str]], bool]:
    """(name, text) of the bundled examples and every draft under ``folders``."""
    from govlint.config import Config
    from govlint.data import dictionaries_dir
    from govlint.engine import PathError, discover_files
    from govlint.readers import format_of, read_document, size_limit
    from govlint.source import InputError, read_bytes

    config = Config()
    roots = [(p, True) for p in (dictionaries_dir().parent / "examples",) if p.is_dir()]
    roots += [(Path(f), False) for f in folders]
    documents, failed = [], False
    for root, optional in roots:
        try:
            files = discover_files(root, lambda _: config)
        except PathError as error:
            if not optional:
                err.write(printable(f"govlint dict: {root}: {error}") + "\n")
                failed = True
            continue
        for file in files:
            if file.name.lower() == "readme.md":
                continue  # notes about the drafts, not drafts
            try:
                fmt = format_of(file)
                limit = config.max_file_size
                document = read_document(read_bytes(file, size_limit(fmt, limit)), str(file), fmt, limit)
            except InputError as error:
                err.write(printable(f"govlint dict: {file}: {error}") + "\n")
                failed = True
                continue
            documents.append((str(file), "\n".join(b.text for b in document.blocks)))
    return documents, failed


def too_common(lists: Sequence[TermList], documents: Sequence[tuple[str, str]]) -> list[Problem]:
    """Terms that match the clean example or a large share of the corpus."""
    if not documents or not lists:
        return []
    matcher = Matcher(t for term_list in lists for t in term_list.terms)
    found_in: dict[str, list[str]] = {}
    for name, text in documents:
        for key in {hit.term.key for hit in matcher.find(text)}:
            found_in.setdefault(key, []).append(name)
    needed = max(2, math.ceil(COMMON_SHARE * len(documents)))
    problems = []
    for term_list in lists:
        for term in term_list.terms:
            names = found_in.get(term.key, [])
            clean = [n for n in names if Path(n).name == CLEAN_EXAMPLE]
            if clean:
                message = f"词条“{term.text}”在无问题的示例文稿 {clean[0]} 中也会匹配，误报太多"
            elif len(names) >= needed:
                message = f"词条“{term.text}”在 {len(documents)} 篇文稿中的 {len(names)} 篇里都会匹配，过于常见"
            else:
                continue
            problems.append(Problem(term_list.path, term.line, message))
    return problems
