"""Term lists: the YAML format, its validation, and the compiled form.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml

from govlint import parsererrors
from govlint.rules import Severity, Stage
from govlint.terms.normalize import normalize_term

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

_LIST_KEYS = {"name", "category", "severity", "stage", "description", "source", "allow", "allow_near", "terms"}
_TERM_KEYS = {"term", "allow", "allow_near", "severity", "stage", "note"}
_STAGES = {s.value: s for s in Stage}
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


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Reader:
    """Turns a YAML node tree into a TermList, with a line for every error."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, node: yaml.Node | None, reason: str) -> TermListError:
        return TermListError(self.path, _line(node) if node is not None else 1, reason)

    def mapping(self, node: yaml.Node, what: str, keys: set[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what}应为键值表")
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in keys:
                raise self.fail(key_node, f"{what}中有未知的键“{key}”（可用：{'、'.join(sorted(keys))}）")
            if key in result:
                raise self.fail(key_node, f"{what}中的键“{key}”重复")
            result[key] = value_node
        return result

    def string(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str" or not node.value.strip():
            raise self.fail(node, f"{what}应为非空字符串")
        return node.value.strip()

    def strings(self, node: yaml.Node | None, what: str) -> list[tuple[str, int]]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what}应为字符串列表")
        return [(self.string(item, what), _line(item)) for item in node.value]

    def severity(self, node: yaml.Node, default: Severity | None = None) -> Severity:
        if node is None and default is not None:
            return default
        value = self.string(node, "severity") if node is not None else ""
        try:
            return Severity(value)
        except ValueError:
            raise self.fail(node, f"severity 应为 error、warning 或 notice，而不是“{value}”") from None

    def stage(self, node: yaml.Node, default: Stage | None = None) -> Stage:
        if node is None and default is not None:
            return default
        value = self.string(node, "stage") if node is not None else ""
        if value not in _STAGES:
            raise self.fail(node, f"stage 应为 初审、复审 或 终审，而不是“{value}”")
        return _STAGES[value]

    def read(self, root: yaml.Node | None) -> TermList:
        if root is None:
            raise self.fail(None, "词表为空")
        top = self.mapping(root, "词表", _LIST_KEYS)
        for required in ("name", "category", "severity", "stage", "source", "terms"):
            if required not in top:
                raise self.fail(root, f"词表缺少必填项“{required}”")
        name = self.string(top["name"], "name")
        category = self.string(top["category"], "category")
        if category not in CATEGORIES:
            raise self.fail(top["category"], f"未知类别“{category}”（可用：{'、'.join(CATEGORIES)}）")
        severity, stage = self.severity(top["severity"]), self.stage(top["stage"])
        list_allow = self.strings(top.get("allow"), "allow")
        for phrase, line in list_allow:
            if phrase.count(PLACEHOLDER) != 1:
                raise TermListError(self.path, line, f"词表级 allow 短语“{phrase}”应含且只含一个 {{}}（代表词条）")
        templates = tuple(
            (normalize_term(phrase.split(PLACEHOLDER)[0]), normalize_term(phrase.split(PLACEHOLDER)[1]), line)
            for phrase, line in list_allow
        )
        around = tuple((before, after) for before, after, _ in templates)
        list_near = tuple(dict.fromkeys(
            c for c in (normalize_term(cue) for cue, _ in self.strings(top.get("allow_near"), "allow_near")) if c
        ))
        terms_node = top["terms"]
        if not isinstance(terms_node, yaml.SequenceNode) or not terms_node.value:
            raise self.fail(terms_node, "terms 应为非空列表")
        terms: list[Term] = []
        phrases: list[tuple[str, str, int]] = []
        for item in terms_node.value:
            term, term_phrases = self.term(item, name, category, severity, stage, around, list_near)
            terms.append(term)
            phrases.extend(term_phrases)
        description = self.string(top["description"], "description") if "description" in top else ""
        return TermList(self.path, name, category, severity, stage, description,
                        self.string(top["source"], "source"), tuple(terms), tuple(phrases), templates)

    def term(self, node, list_name, category, severity, stage, around, list_near):
        if isinstance(node, yaml.ScalarNode):
            fields: dict[str, yaml.Node] = {"term": node}
        else:
            fields = self.mapping(node, "词条", _TERM_KEYS)
            if "term" not in fields:
                raise self.fail(node, "词条缺少“term”")
        text = self.string(fields["term"], "term")
        key = normalize_term(text)
        if not key:
            raise self.fail(fields["term"], f"词条“{text}”只由空白、标点或符号组成，无法匹配")
        if len(key) > MAX_TERM_LENGTH:
            raise self.fail(fields["term"], f"词条过长（{len(key)} 字，最多 {MAX_TERM_LENGTH} 字），应为词语或短语")
        allow: list[str] = []
        phrases: list[tuple[str, str, int]] = []
        own = self.strings(fields.get("allow"), "allow")
        for phrase, line in own:
            expanded = normalize_term(phrase.replace(PLACEHOLDER, text))
            if key not in expanded:
                raise TermListError(self.path, line, f"allow 短语“{phrase}”不含词条“{text}”，无法作为其语境")
            if expanded not in allow:
                allow.append(expanded)
            phrases.append((key, expanded, line))
        own_near = [normalize_term(c) for c, _ in self.strings(fields.get("allow_near"), "allow_near")]
        near = tuple(dict.fromkeys(c for c in (*list_near, *own_near) if c)) if own_near else list_near
        note = self.string(fields["note"], "note") if "note" in fields else None
        term = Term(
            text, key, list_name, category,
            self.severity(fields.get("severity"), severity), self.stage(fields.get("stage"), stage),
            tuple(allow), near, _line(fields["term"]), note, around,
        )
        return term, phrases


def _loader() -> type:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_list(text: str, path: str) -> TermList:
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark  # where the unclosed construct starts
        line = mark.line + 1 if mark else 1
        reason = parsererrors.explain(error.problem, error.context)
        raise TermListError(path, line, f"YAML 语法错误：{reason}") from None
    except yaml.YAMLError as error:
        raise TermListError(path, 1, f"YAML 语法错误：{parsererrors.explain(str(error).splitlines()[0])}") from None
    return _Reader(path).read(root)


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


def load_list_uncached(path: Path) -> TermList:
    return parse_list(read_list_text(path), str(path))
