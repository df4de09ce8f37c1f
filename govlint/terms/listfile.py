"""The term list file: YAML, read and checked (the format is described in
:mod:`govlint.terms.lists` and ``dictionaries/sensitive/README.md``).

Imported only to read a list that is not in the cache of compiled lists
(``terms/cache.py``), so that PyYAML stays out of most runs.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from govlint import parsererrors
from govlint.rules import Severity, Stage
from govlint.terms.lists import (
    CATEGORIES,
    MAX_TERM_LENGTH,
    PLACEHOLDER,
    Term,
    TermList,
    TermListError,
    read_list_text,
)
from govlint.terms.normalize import normalize_term

_LIST_KEYS = {"name", "category", "severity", "stage", "description", "source", "allow", "allow_near", "terms"}
_TERM_KEYS = {"term", "allow", "allow_near", "severity", "stage", "note"}
_STAGES = {s.value: s for s in Stage}


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




def load_list_uncached(path: Path) -> TermList:
    return parse_list(read_list_text(path), str(path))
