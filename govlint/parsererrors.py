"""The YAML and TOML parsers' error messages in Chinese, for the editors who
write front matter, term lists and ``.govlint.toml``
(``dictionaries/report/parser-messages.tsv``)."""

from __future__ import annotations

import re
from functools import lru_cache

from govlint.data import data_path, rows

_QUOTED = re.compile(r"'([^']*)'")


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), chinese) for pattern, chinese in rows(data_path("report/parser-messages.tsv")))


def _token(text: str) -> str:
    """A token of a message in Chinese: '<stream end>' is 文件结尾, ',' is “,”."""
    for pattern, chinese in _table():
        if pattern.pattern.startswith("'") and pattern.fullmatch(text):
            return chinese
    return _QUOTED.sub(lambda m: f"“{m.group(1)}”", text).replace(" or ", "或")


def _sentence(message: str) -> str | None:
    for pattern, chinese in _table():
        if pattern.pattern.startswith("^") and (match := pattern.match(message)):
            return re.sub(r"\{(\d)\}", lambda m: _token(match.group(int(m.group(1)))), chinese)
    return None


def explain(problem: str | None, context: str | None = None) -> str:
    """The problem PyYAML reports (and the construct it was reading), in Chinese;
    an English message nobody translated yet is kept, so that nothing is lost."""
    said = _sentence(problem or "") or (problem or "语法错误")
    where = _sentence(context or "")
    return f"{where}：{said}" if where and where not in said and said not in where else said


_TOML_WHERE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")


def explain_toml(message: str) -> str:
    """tomllib's message in Chinese, its position as 第 N 行第 M 列 or 文件末尾."""
    where = _TOML_WHERE.search(message)
    text = message[: where.start()] if where else message
    said = _sentence("toml:" + text) or text
    if where is None:
        return said
    return f"{said}（第 {where.group(1)} 行第 {where.group(2)} 列）" if where.group(1) else f"{said}（文件末尾）"
