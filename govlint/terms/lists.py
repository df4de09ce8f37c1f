"""Term lists: the compiled form, and the format it is read from.

A list file (see ``dictionaries/sensitive/README.md``) is a mapping::

    name: gambling                # unique list name
    category: gambling            # one of CATEGORIES
    severity: error               # error | warning | notice
    stage: 终审                   # 初审 | 复审 | 终审
    description: ...              # what the list is for
    source: ...                   # where its terms come from
    allow: ["打击{}"]             # optional: phrases around every term ({} is the term)
    allow_near: [打击, 查处]      # optional: cue words; a hit in the same paragraph is a notice
    terms:
      - 网上赌场
      - term: 百家乐
        allow: [百家乐园]          # per-term phrases (the term itself or {} must occur in each)
        allow_near: [...]
        severity: warning          # per-term override
        note: why it is listed

Every problem is a :class:`TermListError` naming the file and the line.
The file is read by :mod:`govlint.terms.listfile`, which needs PyYAML; a run
whose lists all come from the cache (``terms/cache.py``) never imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from govlint.rules import Severity, Stage

CATEGORIES = {
    "politics": "涉政",
    "secrecy": "涉密",
    "porn": "涉黄",
    "gambling": "涉赌",
    "violence-terror": "暴恐",
    "cult-superstition": "邪教与封建迷信",
    "discrimination": "歧视性称谓",
    "banned-media-usage": "新闻禁用语",
    "engagement": "诱导互动",
    "other": "其他",
}

PLACEHOLDER = "{}"
#: The longest term, in normalised characters. A real term is a word or a short
#: phrase; a longer one can only be a mistake, and building the matcher's
#: automaton costs the square of a (repetitive) term's length.
MAX_TERM_LENGTH = 64


class TermListError(Exception):
    """A malformed list: ``path:line: reason`` on one line."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


class Term(NamedTuple):
    """One term of a list (a named tuple: 10,000 of them load from the cache in milliseconds)."""

    text: str  # as written in the list
    key: str  # normalised, what is matched
    list_name: str
    category: str
    severity: Severity
    stage: Stage
    allow: tuple[str, ...] = ()  # normalised phrases containing ``key`` (the term's own)
    allow_near: tuple[str, ...] = ()  # normalised cue words
    line: int = 0
    note: str | None = None
    around: tuple[tuple[str, str], ...] = ()  # the list's allow templates as (before, after), shared


@dataclass(frozen=True, eq=False)  # identity: compiled lists are cached objects
class TermList:
    path: str
    name: str
    category: str
    severity: Severity
    stage: Stage
    description: str
    source: str
    terms: tuple[Term, ...]
    # The terms' own allow phrases with their lines, for `govlint dict check`.
    allow_phrases: tuple[tuple[str, str, int], ...] = ()  # (term key, normalised phrase, line)
    templates: tuple[tuple[str, str, int], ...] = ()  # list-level allow: (before, after, line)

    def all_allow_phrases(self) -> list[tuple[str, str, int]]:
        """(term key, phrase, line) of every allow phrase, list-level templates expanded."""
        expanded = [(t.key, before + t.key + after, line) for t in self.terms for before, after, line in self.templates]
        return [*self.allow_phrases, *expanded]

    def as_json(self) -> dict:
        # Terms of one list share their allow tuples: stored once, by index.
        shared: dict[tuple[str, ...], int] = {}
        terms = [
            [t.text, t.key, t.severity.value, t.stage.value,
             shared.setdefault(t.allow, len(shared)), shared.setdefault(t.allow_near, len(shared)), t.line, t.note]
            for t in self.terms
        ]
        return {
            "path": self.path, "name": self.name, "category": self.category,
            "severity": self.severity.value, "stage": self.stage.value,
            "description": self.description, "source": self.source,
            "shared": [list(values) for values in shared],
            "terms": terms,
            "allow_phrases": [list(a) for a in self.allow_phrases],
            "templates": [list(a) for a in self.templates],
        }

    @classmethod
    def from_json(cls, data: dict) -> TermList:
        name, category = data["name"], data["category"]
        shared = [tuple(values) for values in data["shared"]]
        templates = tuple((before, after, line) for before, after, line in data["templates"])
        around = tuple((before, after) for before, after, _ in templates)
        severities = {s.value: s for s in Severity}
        stages = {s.value: s for s in Stage}
        terms = tuple(
            Term(text, key, name, category, severities[sev], stages[stage], shared[allow], shared[near], line, note,
                 around)
            for text, key, sev, stage, allow, near, line, note in data["terms"]
        )
        return cls(
            data["path"], name, category, Severity(data["severity"]), Stage(data["stage"]),
            data["description"], data["source"], terms, tuple(tuple(a) for a in data["allow_phrases"]), templates,
        )


def read_list_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TermListError(str(path), 0, f"无法读取词表：{error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TermListError(str(path), line, "词表不是 UTF-8 编码") from None
