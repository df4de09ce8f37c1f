"""Author style sheets: the ``<style>`` rules a chain of ancestors can decide.

Rules are parsed with tinycss2. Selectors are compounds of type, class, id,
attribute-presence (or exact value) and universal parts joined by the
descendant and child combinators; rules that need siblings or
pseudo-classes, and at-rules, are skipped. Inline ``style`` attributes are
read here too (:func:`inline_declarations`), the cascade orders both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import tinycss2

from govlint.model import Element

Declaration = tuple[str, str, bool]  # (property, value, important)


@dataclass(frozen=True)
class _Compound:
    tag: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    attributes: tuple[tuple[str, str | None], ...]  # (name, exact value or None for presence)

    def matches(self, element: Element) -> bool:
        if self.tag is not None and self.tag != element.tag:
            return False
        if self.ids and (element.attr("id") or "") not in self.ids:
            return False
        if self.classes:
            have = element.classes
            if not all(c in have for c in self.classes):
                return False
        for name, value in self.attributes:
            actual = element.attr(name)
            if actual is None or (value is not None and actual != value):
                return False
        return True


@dataclass(frozen=True)
class _Selector:
    parts: tuple[tuple[str, _Compound], ...]  # (combinator before it, compound); first combinator ""
    specificity: tuple[int, int, int]

    def matches(self, chain: Sequence[Element], index: int) -> bool:
        if not self.parts[-1][1].matches(chain[index]):
            return False
        return len(self.parts) == 1 or _match_from(self.parts, len(self.parts) - 1, chain, index, {})


def _match_from(
    parts: tuple[tuple[str, _Compound], ...], part: int, chain: Sequence[Element], index: int, seen: dict
) -> bool:
    """Backtracking match of ``parts[:part + 1]`` ending at ``chain[index]``,
    memoised so that long descendant selectors on deep chains stay linear."""
    key = (part, index)
    if key in seen:
        return seen[key]
    combinator, compound = parts[part]
    if not compound.matches(chain[index]):
        result = False
    elif part == 0:
        result = True
    elif combinator == ">":
        result = index > 0 and _match_from(parts, part - 1, chain, index - 1, seen)
    else:
        result = any(_match_from(parts, part - 1, chain, i, seen) for i in range(index - 1, -1, -1))
    seen[key] = result
    return result


@lru_cache(maxsize=1)
def _compound_token() -> re.Pattern[str]:
    """A compound selector's next part. Compiled on first use: the class as wide
    as U+00A0-U+FFFF costs 8 ms, which a page without a <style> block never pays."""
    return re.compile(r"([#.]?)(-?[_a-zA-Z\u00a0-\uffff][-_a-zA-Z0-9\u00a0-\uffff]*|\*)|\[([^\]]*)\]")
_ATTRIBUTE = re.compile(r"""^\s*([-_a-zA-Z0-9]+)\s*(?:=\s*["']?([^"']*)["']?\s*)?$""")


def parse_selector(text: str) -> _Selector | None:
    """A complex selector of compounds joined by descendant/child combinators,
    or None for what a chain of ancestors cannot decide (siblings, pseudo-classes)."""
    text = text.strip()
    if not text or any(c in text for c in "+~:|,"):
        return None
    tokens = re.split(r"\s*(>)\s*|\s+", text)
    parts: list[tuple[str, _Compound]] = []
    combinator = ""
    ids = classes = tags = 0
    for token in tokens:
        if token is None or token == "":
            continue
        if token == ">":
            if not parts or combinator == ">":
                return None
            combinator = ">"
            continue
        compound = _parse_compound(token)
        if compound is None:
            return None
        ids += len(compound.ids)
        classes += len(compound.classes) + len(compound.attributes)
        tags += compound.tag is not None
        parts.append((combinator if parts else "", compound))
        combinator = ""
    if not parts or combinator:
        return None
    return _Selector(tuple(parts), (ids, classes, tags))


def _parse_compound(token: str) -> _Compound | None:
    tag: str | None = None
    ids: list[str] = []
    classes: list[str] = []
    attributes: list[tuple[str, str | None]] = []
    position = 0
    while position < len(token):
        match = _compound_token().match(token, position)
        if not match:
            return None
        prefix, name, attribute = match.group(1), match.group(2), match.group(3)
        if attribute is not None:
            parsed = _ATTRIBUTE.match(attribute)
            if not parsed:
                return None
            attributes.append((parsed.group(1).lower(), parsed.group(2)))
        elif prefix == "#":
            ids.append(name)
        elif prefix == ".":
            classes.append(name)
        elif position == 0:
            tag = None if name == "*" else name.lower()
        else:
            return None
        position = match.end()
    return _Compound(tag, tuple(ids), tuple(classes), tuple(attributes))


@dataclass(frozen=True)
class _Rule:
    selector: _Selector
    declarations: tuple[Declaration, ...]
    order: int


def parse_declarations(text: str) -> tuple[Declaration, ...]:
    """Declarations of a style attribute or rule body: (name, value, important)."""
    result = []
    for item in tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            value = tinycss2.serialize(item.value).strip().lower()
            result.append((item.lower_name, value, bool(item.important)))
    return tuple(result)


@lru_cache(maxsize=4096)
def inline_declarations(text: str) -> tuple[Declaration, ...]:
    """A fast path for inline styles: ``name: value`` pairs split on ``;``.

    Inline styles are by far the most numerous (every WeChat span has one)
    and rarely hold anything a split cannot read; ones with comments,
    strings holding ``;`` or escapes go through tinycss2.
    """
    if "/*" in text or "\\" in text or ("url(" in text and ";" in text.split("url(", 1)[1].split(")", 1)[0]):
        return parse_declarations(text)
    result = []
    for part in text.split(";"):
        name, sep, value = part.partition(":")
        if not sep:
            continue
        name = name.strip().lower()
        value = value.strip().lower()
        important = value.endswith("!important")
        if important:
            value = value[: -len("!important")].strip()
        if name:
            result.append((name, value, important))
    return tuple(result)


def parse_stylesheet(text: str, first_order: int = 0) -> list[_Rule]:
    """The rules of a style sheet a chain can decide; anything else is skipped."""
    rules: list[_Rule] = []
    for node in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if node.type != "qualified-rule":
            continue  # at-rules (@media, @font-face, ...) and parse errors
        declarations = parse_declarations(tinycss2.serialize(node.content))
        if not declarations:
            continue
        prelude = tinycss2.serialize(node.prelude)
        for selector_text in prelude.split(","):
            selector = parse_selector(selector_text)
            if selector is not None:
                rules.append(_Rule(selector, declarations, first_order + len(rules)))
    return rules


def _readable_rules(text: str, first_order: int) -> list[_Rule]:
    try:
        return parse_stylesheet(text, first_order)
    except Exception:  # a style sheet we cannot read is one we ignore
        return []


class StyleSheet:
    """The author rules of a document, indexed by the key of their last compound."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.by_id: dict[str, list[_Rule]] = {}
        self.by_class: dict[str, list[_Rule]] = {}
        self.by_tag: dict[str, list[_Rule]] = {}
        self.universal: list[_Rule] = []
        order = 0
        for text in texts:
            parsed = _readable_rules(text, order)
            order += len(parsed)
            for rule in parsed:
                self._index(rule)
        self.empty = not (self.by_id or self.by_class or self.by_tag or self.universal)

    def _index(self, rule: _Rule) -> None:
        """File a rule under its last compound's id, else class, else tag."""
        last = rule.selector.parts[-1][1]
        if last.ids:
            self.by_id.setdefault(last.ids[0], []).append(rule)
        elif last.classes:
            self.by_class.setdefault(last.classes[0], []).append(rule)
        elif last.tag:
            self.by_tag.setdefault(last.tag, []).append(rule)
        else:
            self.universal.append(rule)

    def declarations(self, chain: Sequence[Element]) -> list[tuple[str, str, bool, tuple, int]]:
        """Matching declarations for the last element of ``chain``, with their sort key."""
        if self.empty:
            return []
        element = chain[-1]
        candidates: list[_Rule] = list(self.universal)
        candidates += self.by_tag.get(element.tag, ())
        element_id = element.attr("id")
        if element_id:
            candidates += self.by_id.get(element_id, ())
        for name in element.classes:
            candidates += self.by_class.get(name, ())
        found = []
        index = len(chain) - 1
        for rule in candidates:
            if rule.selector.matches(chain, index):
                for name, value, important in rule.declarations:
                    found.append((name, value, important, rule.selector.specificity, rule.order))
        return found
