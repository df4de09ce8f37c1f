"""Configuration: ``[tool.govlint]`` in pyproject.toml or a ``.govlint.toml``.

Found by walking up from each linted file; ``--config`` overrides the search.
Every key is checked against a schema when it loads: an unknown key, a wrong
type or an unknown rule id is a :class:`ConfigError` naming the file.

Trust. A configuration file found in the checked tree was written by whoever
can add a file to the drafts' repository, not by whoever runs govlint (a CI
job, an editor). Such a file may choose rules, severities, excludes, words
and its own term lists, but not settings that reach outside the tree:

- ``check_links = true`` and ``allow_private_links = true`` (govlint would
  contact the links' servers, and with the second, the intranet and the
  cloud metadata address 169.254.169.254);
- ``dictionaries``, ``confusion_pairs`` and ``typo_model`` paths that are
  absolute or lead out of the file's folder (``..``, a symlink), which would
  read any file the runner can read.

A discovered file that sets one is a :class:`ConfigError`, one line naming
the file and the key, never silently ignored. These settings come only from
whoever runs govlint: the command line (``--check-links``,
``--allow-private-links``) or a file given with ``--config``, which
:func:`load_file` trusts only when asked (``trusted=True``). VS Code's
restricted mode (workspace settings cannot choose executables) and git's
``safe.directory`` draw the same line.

Errors about a term list or a pairs file quote its content (a term, a key)
only when the file is inside the configuration's folder; of a file outside
it they give the line, never the text (a list set to ``/etc/shadow`` must not
print that file's first line).
"""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from govlint import parsererrors
from govlint.rules import Severity
from govlint.source import DEFAULT_MAX_FILE_SIZE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib



class ConfigError(Exception):
    """An invalid configuration; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()  # rule or check id -> severity
    fail_on: Severity = Severity.ERROR
    account: str | None = None
    allow_words: frozenset[str] = frozenset()
    allow_terms: frozenset[str] = frozenset()  # words and phrases the sensitive check never reports
    dictionaries: tuple[Path, ...] = ()
    trusted_domains: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    check_links: bool = False  # link.dead may contact the links' servers (--check-links)
    allow_private_links: bool = False  # ... including private and loopback addresses
    confusion_pairs: tuple[Path, ...] = ()  # the user's wrong<TAB>right files for typo.confusion
    typo_model: Path | None = None  # a local MacBERT-CSC folder for the optional deep typo engine
    path: Path | None = None  # the file this came from
    root: Path | None = None  # the folder relative to which excludes apply

    def severity_for(self, rule_id: str, default: Severity) -> Severity:
        overrides = dict(self.severity)
        check = rule_id.split(".", 1)[0]
        return overrides.get(rule_id, overrides.get(check, default))

    def is_excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False
        try:
            relative = path.resolve().relative_to((self.root or Path.cwd()).resolve()).as_posix()
        except ValueError:
            relative = path.as_posix()
        return any(
            fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern)
            for pattern in self.exclude
        )


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$", re.I)
_UNITS = {"b": 1, "kb": 1024, "kib": 1024, "mb": 1024**2, "mib": 1024**2, "gb": 1024**3, "gib": 1024**3}


def parse_size(value: Any, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        match = _SIZE.match(value)
        if match:
            return int(float(match.group(1)) * _UNITS[(match.group(2) or "b").lower()])
    raise ConfigError(f"{where}: max_file_size 应为正整数（字节）或如 \"10MB\" 的大小")


def _string_list(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} 应为字符串列表")
    return tuple(value)


def _is_known(selector: str) -> bool:
    # Imported late: loading every check costs time that a configuration
    # without rule names (and an audit rerun that lints nothing) never needs.
    from govlint.checks import is_known

    return is_known(selector)


def _rule_list(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = _string_list(data, key, where)
    for value in values:
        if not _is_known(value):
            raise ConfigError(f"{where}: {key} 中的规则或检查项“{value}”不存在（运行 govlint --list-rules 查看）")
    return values


_KEYS = {
    "select", "ignore", "severity", "fail_on", "account", "allow_words",
    "dictionaries", "trusted_domains", "exclude", "max_file_size", "allow_terms",
    "check_links", "allow_private_links", "confusion_pairs", "typo_model",
}


# Settings that make govlint reach outside the checked tree (see the module docstring).
_NETWORK_KEYS = {
    "check_links": "--check-links",
    "allow_private_links": "--allow-private-links",
}
_PATH_KEYS = ("dictionaries", "confusion_pairs", "typo_model")


def _refuse_outside_reach(data: dict[str, Any], where: str, base: Path) -> None:
    """A configuration found in the checked tree may not reach outside it."""
    for key, option in _NETWORK_KEYS.items():
        if data.get(key) is True:
            raise ConfigError(
                f"{where}: {key} = true 不能写在检查目录中的配置文件里（提交稿件的人不应能让 govlint 联网），"
                f"请在命令行使用 {option}，或写入用 --config 指定的配置文件"
            )
    root = base.resolve()
    for key in _PATH_KEYS:
        value = data.get(key)
        for item in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
            if isinstance(item, str) and not _inside(base / item, root):
                raise ConfigError(
                    f"{where}: {key} 中的路径 {item!r} 在配置文件所在目录之外，检查目录中的配置文件只能引用"
                    "本目录内的文件；目录外的文件请写入用 --config 指定的配置文件"
                )


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path``, symlinks followed, is ``root`` or under it."""
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def from_mapping(data: dict[str, Any], where: str, base: Path, *, trusted: bool = True) -> Config:
    """Validate a ``[tool.govlint]`` table; paths are relative to ``base``.

    ``trusted``: the mapping comes from whoever runs govlint (the caller's
    own mapping, or a file given with ``--config``). An untrusted one (a file
    found in the checked tree) may not set what reaches outside the tree."""
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: 未知配置项 {', '.join(unknown)}（可用：{', '.join(sorted(_KEYS))}）")
    if not trusted:
        _refuse_outside_reach(data, where, base)
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: severity 应为表，如 severity = {{\"typo.duplicate\" = \"warning\"}}")
    overrides = []
    for rule_id, level in sorted(severity.items()):
        if not _is_known(rule_id):
            raise ConfigError(f"{where}: severity 中的规则“{rule_id}”不存在")
        overrides.append((rule_id, _severity(level, f"{where}: severity.{rule_id}")))
    account = data.get("account")
    if account is not None and not isinstance(account, str):
        raise ConfigError(f"{where}: account 应为字符串")
    dictionaries = tuple(base / p for p in _string_list(data, "dictionaries", where))
    for dictionary in dictionaries:
        if not dictionary.is_file():
            raise ConfigError(f"{where}: dictionaries 中的文件不存在：{dictionary}")
    _check_term_lists(dictionaries, where, base)
    return Config(
        select=_rule_list(data, "select", where),
        ignore=_rule_list(data, "ignore", where),
        severity=tuple(overrides),
        fail_on=_severity(data.get("fail_on", "error"), f"{where}: fail_on"),
        account=account,
        allow_words=frozenset(_string_list(data, "allow_words", where)),
        allow_terms=frozenset(w.strip() for w in _string_list(data, "allow_terms", where) if w.strip()),
        dictionaries=dictionaries,
        trusted_domains=tuple(d.lower().strip(".") for d in _string_list(data, "trusted_domains", where)),
        exclude=_string_list(data, "exclude", where),
        max_file_size=parse_size(data.get("max_file_size", DEFAULT_MAX_FILE_SIZE), where),
        check_links=_boolean(data, "check_links", where),
        allow_private_links=_boolean(data, "allow_private_links", where),
        confusion_pairs=_typo_pair_files(data, where, base),
        typo_model=_typo_model(data, where, base),
        root=base,
    )


def _typo_pair_files(data: dict[str, Any], where: str, base: Path) -> tuple[Path, ...]:
    paths = tuple(base / p for p in _string_list(data, "confusion_pairs", where))
    for path in paths:
        if not path.is_file():
            raise ConfigError(f"{where}: confusion_pairs 中的文件不存在：{path}")
        from govlint.typo.lexicon import read_pairs  # imported late: numpy

        try:
            read_pairs(path)
        except UnicodeDecodeError:
            raise ConfigError(f"{where}: confusion_pairs 中的 {path} 不是 UTF-8 编码的词对文件") from None
        except ValueError as error:
            if _inside(path, base.resolve()):
                raise ConfigError(f"{where}: confusion_pairs 文件格式有误：{error}") from None
            line = re.match(r".*?:(\d+): ", str(error))
            at = f"（第 {line.group(1)} 行）" if line else ""
            raise ConfigError(f"{where}: confusion_pairs 中的 {path} 不是有效的词对文件{at}") from None
    return paths


def _typo_model(data: dict[str, Any], where: str, base: Path) -> Path | None:
    value = data.get("typo_model")
    if value is None:
        return None
    if not isinstance(value, str) or not (base / value).is_dir():
        raise ConfigError(f"{where}: typo_model 应为本地模型目录的路径（govlint 不会下载模型）：{value!r}")
    return base / value


def _check_term_lists(paths: tuple[Path, ...], where: str, base: Path) -> None:
    """A malformed organisation term list is a configuration error, never
    ignored; the reason (which may quote the file) only for a list inside
    the configuration's folder."""
    if not paths:
        return
    from govlint.terms import TermListError, load_lists  # imported late: YAML and the matcher

    try:
        load_lists(paths)
    except TermListError as error:
        if error.line == 0 or _inside(Path(error.path), base.resolve()):  # line 0: unreadable, no content
            raise ConfigError(f"{where}: dictionaries 中的词表有误：{error}") from None
        raise ConfigError(
            f"{where}: dictionaries 中的 {error.path} 不是有效的词表（第 {error.line} 行有误；"
            f"可运行 govlint dict check {error.path} 查看详情）"
        ) from None


def _boolean(data: dict[str, Any], key: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} 应为 true 或 false")
    return value


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(f"{where} 应为 error、warning 或 notice，而不是 {value!r}") from None


def load_file(path: Path, *, trusted: bool = False) -> Config:
    """Load ``.govlint.toml`` (whole file) or ``pyproject.toml`` ([tool.govlint]).

    ``trusted=True`` only for a file the user chose (``--config``): a file
    found in the tree may not set what reaches outside it (module docstring)."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: 配置文件不存在") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: TOML 语法错误：{parsererrors.explain_toml(str(error))}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: 无法读取配置文件：{error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("govlint", {})
        where = f"{path} [tool.govlint]"
    else:
        where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: 应为表")
    return replace(from_mapping(data, where, path.parent, trusted=trusted), path=path)


@lru_cache(maxsize=256)
def discover(directory: Path) -> Config:
    """The configuration that applies to files in ``directory`` (a file found
    here is untrusted: it cannot reach outside the tree)."""
    for folder in (directory, *directory.parents):
        candidate = folder / ".govlint.toml"
        if candidate.is_file():
            return load_file(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_govlint_table(pyproject):
            return load_file(pyproject)
    return Config()


def _has_govlint_table(pyproject: Path) -> bool:
    try:
        with pyproject.open("rb") as handle:
            return "govlint" in tomllib.load(handle).get("tool", {})
    except tomllib.TOMLDecodeError:
        # A broken pyproject.toml that is not ours is not our error to report;
        # one with a [tool.govlint] table is, or its settings would be silently ignored.
        return b"[tool.govlint" in pyproject.read_bytes().replace(b" ", b"")
    except (OSError, UnicodeDecodeError):
        return False


def with_overrides(
    config: Config,
    *,
    select: tuple[str, ...] | None = None,
    ignore: tuple[str, ...] | None = None,
    fail_on: Severity | None = None,
    check_links: bool = False,
    allow_private_links: bool = False,
) -> Config:
    """Apply command-line options, which win over files (the two link
    options only switch on: a ``--config`` file that enables them is not
    overridden; a file found in the tree cannot)."""
    changes: dict[str, Any] = {}
    if select:
        changes["select"] = select
    if ignore:
        changes["ignore"] = tuple(dict.fromkeys(config.ignore + ignore))
    if fail_on is not None:
        changes["fail_on"] = fail_on
    if check_links:
        changes["check_links"] = True
    if allow_private_links:
        changes["allow_private_links"] = True
    return replace(config, **changes) if changes else config
