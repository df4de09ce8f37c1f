"""Check ``sensitive`` (敏感词、垃圾内容植入、涉密标识、规范表述、诱导互动).

The term lists are data (``dictionaries/sensitive/lists/*.yaml`` plus the
organisation's own, from the ``dictionaries`` configuration key), matched in
one pass over the whole document by the automaton of :mod:`govlint.terms`;
a list's category decides which rule reports its hits (secrecy ->
``sensitive.secrecy-marker``, engagement -> ``sensitive.engagement-fraud``,
every other -> ``sensitive.term``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs
import yaml

from govlint.data import data_path
from govlint.model import Block, Document
from govlint.rules import Applicability, Context, Hit, Severity, Stage, rule
from govlint.terms import CATEGORIES, Matcher, Term, TermHit, matcher_for
from govlint.terms.normalize import map_characters, normalize, normalize_term

# Which rule reports the hits of a list of this category.
_RULE_OF_CATEGORY = {"secrecy": "secrecy", "engagement": "engagement"}


# --- the document as one text --------------------------------------------------------------


@dataclass(frozen=True)
class _Joined:
    """Every block's text joined by line breaks, so that one pass matches them all."""

    text: str
    blocks: tuple[Block, ...]
    offsets: tuple[int, ...]  # where each block's text starts in ``text``

    def locate(self, start: int, end: int) -> tuple[Block, int, int]:
        index = bisect.bisect_right(self.offsets, start) - 1
        base = self.offsets[index]
        return self.blocks[index], start - base, end - base


def _joined(document: Document) -> _Joined:
    blocks = tuple(b for b in document.blocks if b.text)
    offsets, position = [], 0
    for block in blocks:
        offsets.append(position)
        position += len(block.text) + 1
    return _Joined("\n".join(b.text for b in blocks), blocks, tuple(offsets))


# The last document's hits: three rules read them, computed once (documents
# compare by identity; the lists are looked up, and checked on disk, once too).
_LAST: list[tuple[Document, tuple, list[TermHit], _Joined]] = []


def _term_hits(document: Document, context: Context) -> tuple[list[TermHit], _Joined]:
    lists = (context.config.dictionaries, context.config.allow_terms)
    if _LAST and _LAST[0][0] is document and _LAST[0][1] == lists:
        return _LAST[0][2], _LAST[0][3]
    matcher = matcher_for(*lists)
    joined = _joined(document)
    hits = matcher.find(joined.text)
    _LAST[:] = [(document, lists, hits, joined)]
    return hits, joined


def _term_findings(document: Document, context: Context, route: str | None) -> Iterator[Hit]:
    hits, joined = _term_hits(document, context)
    best: dict[tuple[int, int], TermHit] = {}
    for hit in hits:
        if _RULE_OF_CATEGORY.get(hit.term.category) != route:
            continue
        span = (hit.start, hit.end)
        # One finding per span: the strongest of the lists that hold this term.
        if span not in best or _strength(hit) > _strength(best[span]):
            best[span] = hit
    for (start, end), hit in sorted(best.items()):
        block, a, b = joined.locate(start, end)
        yield _term_hit(block, a, b, hit)


def _strength(hit: TermHit) -> tuple[int, int]:
    return (0 if hit.context else 1, hit.term.severity.rank)


def _term_hit(block: Block, start: int, end: int, hit: TermHit) -> Hit:
    term = hit.term
    label = CATEGORIES.get(term.category, term.category)
    shown = block.text[start:end]
    note = f"（{term.note}）" if term.note else ""
    if hit.context:
        message = f"“{shown}”属{label}词（词表 {term.list_name}），出现在“{hit.context}”等报道语境中，请终审确认{note}"
        return Hit.in_block(block, start, end, message, None, Severity.NOTICE, Stage.FINAL)
    message = f"“{shown}”属{label}词（词表 {term.list_name}），请核实后删改{note}"
    return Hit.in_block(block, start, end, message, None, term.severity, term.stage)


@rule(
    "sensitive.term",
    name="sensitive-term",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="敏感词表中的词语（级别与三审环节由词表规定，报道打击整治的语境降为提示）",
)
def term(document: Document, context: Context) -> Iterator[Hit]:
    """A word from a sensitive term list appears in the text.

    The bundled lists (``dictionaries/sensitive/lists/``) cover gambling,
    pornography, violence and terror, cults and superstition, separatist
    slogans, contemptuous names and banned internet slang; an organisation
    adds its own lists with the ``dictionaries`` configuration key and
    silences words with ``allow_terms``. Each list sets the severity and the
    三审 stage of its hits. Evasions are matched: full-width letters,
    traditional characters and separators inside a word (``赌 博``, ``賭*博``).
    A hit inside one of the term's allow-contexts (``打击{}``), or in a
    paragraph with one of its cue words (打击, 查处, 破获 ...), is reporting on
    a crackdown rather than the content itself: it is kept as a 终审 notice.

    **Bad**

    ```text
    本平台提供真人荷官在线服务，注册即玩。
    ```

    **Good**

    ```text
    本平台提供政务服务事项在线办理，注册即用。
    ```
    """
    yield from _term_findings(document, context, None)


@rule(
    "sensitive.secrecy-marker",
    name="secrecy-marker",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="密级标志或“内部资料 注意保密”“仅供内部参考”等不公开提示，可能泄露国家秘密",
)
def secrecy_marker(document: Document, context: Context) -> Iterator[Hit]:
    """A security classification mark or an internal-only notice is in the text.

    Material marked 绝密, 机密 or 秘密 with a ★ and a term (``机密★5年``,
    GB/T 9704-2012), or carrying an internal-only notice, must not be
    published: leaking state secrets fails a government account outright.

    A notice is found in its common wordings: a first part that says what
    the material is (内部资料, 内部文件, 内部材料, 仅供内部参考 ...) followed by
    one or more second parts that forbid passing it on (注意保密, 注意保存,
    严禁外传, 请勿转发, 不得公开 ...), with nothing, any whitespace (full-width
    too), or one mark (，、：；！) or a line break between them:
    ``内部资料　注意保密``, ``内部资料，请勿外传``, ``内部文件 请勿转发``. The
    parts are data (``dictionaries/sensitive/secrecy-notices.yaml``); neither
    is reported alone, since 查阅内部资料 and 要注意保密工作 are ordinary prose.
    Phrases that are a notice by themselves (请勿外传, 不得外传, 仅供内部参考,
    此件不公开) come from lists of category ``secrecy``, where an
    organisation can add its internal project names. A notice in a paragraph
    that explains the secrecy rules (保密工作, 保密教育 ...) is kept as a 终审
    notice.

    **Bad**

    ```text
    机密★1年
    内部资料　注意保密
    关于做好防汛工作的通知
    ```

    **Good**

    ```text
    关于做好防汛工作的通知
    各单位要注意保密工作，妥善保管内部资料。
    ```
    """
    notices = list(_notice_hits(document, context))
    for hit in _term_findings(document, context, "secrecy"):
        # 请勿外传 inside 内部资料，请勿外传: the notice is reported once, as a whole.
        if not any(n.start < hit.end and hit.start < n.end for n in notices):
            yield hit
    yield from notices
    for block in document.blocks:
        for match in _SECRECY_MARK.finditer(block.text):
            message = f"“{match.group(0)}”是密级标志，涉密材料不得公开发布"
            yield Hit.in_block(block, match.start(), match.end(), message)


# 绝密★长期, 机密★5年, 秘密★6个月; ★ marks in full and half width, ☆ as typed by mistake.
_SECRECY_MARK = re.compile(
    r"(?:绝密|机密|秘密)\s*[★☆]\s*(?:长期|[0-9０-９]{1,2}\s*(?:年|个月)|[一二三四五六七八九十]{1,3}\s*(?:年|个月))?"
    r"|[★]\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*年(?:内|期)?(?=\s|$|[）)】])"
)


@dataclass(frozen=True)
class _Notices:
    """The two-part notices of ``secrecy-notices.yaml`` as one pattern over normalised text."""

    pattern: re.Pattern[str]
    not_after: frozenset[str]  # a first part right after one of these is an object (对内部资料…)
    cues: tuple[str, ...]  # normalised allow_near cue words


@lru_cache(maxsize=1)
def _notices() -> _Notices:
    data = yaml.safe_load(data_path("sensitive/secrecy-notices.yaml").read_text(encoding="utf-8"))

    def alternatives(parts: list[str]) -> str:
        # Longest first: 内部参考资料 before 内部参考.
        keys = {normalize_term(part) for part in parts}
        return "(?:" + "|".join(re.escape(k) for k in sorted(keys, key=lambda k: (-len(k), k))) + ")"

    # Whitespace and ASCII punctuation are gone after normalisation; line
    # breaks and the Chinese marks are kept, so they are allowed here.
    gap = rf"[\n\r]*(?:[{re.escape(data['marks'])}][\n\r]*)?"
    second = alternatives(data["second"])
    # No look-behind for not_after: a pattern that opens with its literals is
    # scanned for their first characters, seven times faster.
    pattern = re.compile(rf"{alternatives(data['first'])}{gap}{second}(?:{gap}{second})*")
    not_after = frozenset(normalize_term(data["not_after"]))
    cues = tuple(dict.fromkeys(c for c in (normalize_term(w) for w in data["allow_near"]) if c))
    return _Notices(pattern, not_after, cues)


def _notice_hits(document: Document, context: Context) -> Iterator[Hit]:
    """The two-part notices, matched over the whole document (a notice may
    be set on two lines) in its normalised copy, reported as written."""
    notices = _notices()
    _, joined = _term_hits(document, context)
    normalized = normalize(joined.text)
    norm = normalized.text
    allowed = [k for k in (normalize_term(w) for w in context.config.allow_terms) if k]
    for match in notices.pattern.finditer(norm):
        s, e = match.span()
        if (s and norm[s - 1] in notices.not_after) or any(_covers(norm, phrase, s, e) for phrase in allowed):
            continue
        a, b = normalized.original_span(s, e)
        first, fa, _ = joined.locate(a, a + 1)
        last, lb, _ = joined.locate(b - 1, b)
        start, end = first.source_range(fa, fa + 1)[0], last.source_range(lb, lb + 1)[1]
        shown = " ".join(joined.text[a:b].split())
        left = norm.rfind("\n", 0, s) + 1
        right = norm.find("\n", e)
        paragraph = norm[left : right if right >= 0 else len(norm)]
        cue = next((c for c in notices.cues if c in paragraph), None)
        if cue:
            message = f"“{shown}”是内部资料的不公开提示，出现在“{cue}”等讲解保密的语境中，请终审确认"
            yield Hit(start, end, message, None, Severity.NOTICE, Stage.FINAL)
        else:
            yield Hit(start, end, f"“{shown}”是内部资料的不公开提示，带此提示的材料不得公开发布，请核实后删改")


def _covers(norm: str, phrase: str, start: int, end: int) -> bool:
    """Whether an occurrence of ``phrase`` in ``norm`` holds all of [start, end)."""
    if len(phrase) < end - start:
        return False
    return norm.find(phrase, max(0, end - len(phrase)), start + len(phrase)) >= 0


@rule(
    "sensitive.engagement-fraud",
    name="engagement-fraud",
    severity=Severity.WARNING,
    stage=Stage.FINAL,
    summary="以奖励诱导或强迫读者集赞、转发、刷票、关注（弄虚作假、商业抽奖）",
)
def engagement_fraud(document: Document, context: Context) -> Iterator[Hit]:
    """Readers are asked to like, share, vote or follow for a reward or under pressure.

    Provincial notices list buying fans and forced likes or votes (刷粉,
    刷票, 强制点赞) among the defects that fail a government account, and
    inspection reports criticise commercial lotteries on government accounts.
    The phrases come from lists of category ``engagement``; a paragraph that
    forbids the practice (严禁刷票) is kept as a notice.

    **Bad**

    ```text
    转发本文集赞满30个，凭点赞截图领取精美礼品。
    ```

    **Good**

    ```text
    欢迎转发本文，让更多群众了解这项惠民政策。
    ```
    """
    yield from _term_findings(document, context, "engagement")


# --- sensitive.expression ------------------------------------------------------------------


@dataclass(frozen=True)
class _Replacement:
    wrong: str
    canonical: str
    source: str


@dataclass(frozen=True)
class _Ordered:
    name: str
    items: tuple[str, ...]
    source: str
    pattern: re.Pattern[str]


_ITEM_SEPARATOR = r"(?:[、，,]|和|与|及)"


@lru_cache(maxsize=1)
def _expressions() -> tuple[Matcher, dict[str, _Replacement], tuple[_Ordered, ...]]:
    data = yaml.safe_load(data_path("sensitive/expressions.yaml").read_text(encoding="utf-8"))
    replacements: dict[str, _Replacement] = {}
    terms = []
    for entry in data["replace"]:
        for wrong in entry["wrong"]:
            key = normalize_term(wrong)
            replacements[key] = _Replacement(wrong, entry["canonical"], entry["source"])
            terms.append(Term(wrong, key, "expressions", "politics", Severity.ERROR, Stage.FINAL))
    ordered = []
    for entry in data["order"]:
        items = tuple(entry["items"])
        alternatives = "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))
        pattern = re.compile(rf"(?:{alternatives})(?:{_ITEM_SEPARATOR}(?:{alternatives})){{{len(items) - 1}}}")
        ordered.append(_Ordered(entry["name"], items, entry["source"], pattern))
    return Matcher(terms), replacements, tuple(ordered)


def _expression_hits(joined: _Joined, matcher: Matcher, replacements: dict[str, _Replacement]) -> Iterator[Hit]:
    # Separators kept: an expression in quotes (台湾“总统”) is the accepted form and must not match.
    mapped = map_characters(joined.text)
    for hit in matcher.find(mapped):
        if mapped[hit.start : hit.end] != hit.term.key:
            continue  # matched only through a deleted separator: not written as the wrong form
        entry = replacements[hit.term.key]
        block, start, end = joined.locate(hit.start, hit.end)
        shown = block.text[start:end]
        message = f"“{shown}”不符合规范表述，应为“{entry.canonical}”（依据：{entry.source}）"
        yield Hit.in_block(block, start, end, message, entry.canonical)


def _order_hits(joined: _Joined, ordered: tuple[_Ordered, ...]) -> Iterator[Hit]:
    for formulation in ordered:
        for match in formulation.pattern.finditer(joined.text):
            found = _split_items(match.group(0), formulation.items)
            if found is None or tuple(found[0]) == formulation.items or set(found[0]) != set(formulation.items):
                continue
            separators = found[1]
            suggestion = formulation.items[0] + "".join(
                sep + item for sep, item in zip(separators, formulation.items[1:], strict=True)
            )
            message = f"“{formulation.name}”的表述顺序有误，应为“{suggestion}”（依据：{formulation.source}）"
            block, start, end = joined.locate(match.start(), match.end())
            yield Hit.in_block(block, start, end, message, suggestion)


def _split_items(text: str, items: tuple[str, ...]) -> tuple[list[str], list[str]] | None:
    """The items and the separators between them, in the order written."""
    found: list[str] = []
    separators: list[str] = []
    position = 0
    by_length = sorted(items, key=len, reverse=True)
    while position < len(text):
        if found:
            separator = re.match(_ITEM_SEPARATOR, text[position:])
            if not separator:
                return None
            separators.append(separator.group(0))
            position += separator.end()
        item = next((i for i in by_length if text.startswith(i, position)), None)
        if item is None:
            return None
        found.append(item)
        position += len(item)
    return found, separators


@rule(
    "sensitive.expression",
    name="political-expression",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="规范表述有误：涉台港澳与国名称谓、固定提法的内容或顺序",
    applicability=Applicability.DISPLAY,  # the standard form, for the 终审 editor to put in
)
def expression(document: Document, context: Context) -> Iterator[Hit]:
    """A standard political expression is written in a wrong form or order.

    The data file ``dictionaries/sensitive/expressions.yaml`` lists the
    canonical forms and their known wrong variants, each with its source:
    the naming norms for Taiwan, Hong Kong and Macao and for countries from
    Xinhua's list of banned and cautioned words (2016 revision), and fixed
    formulations whose items have a fixed order (四个自信, 四个意识,
    五位一体, 新发展理念, 社会主义核心价值观). The suggestion is the
    canonical form; a quoted title (台湾地区“总统”) is not reported.

    **Bad**

    ```text
    要坚定道路自信、制度自信、理论自信、文化自信。
    ```

    **Good**

    ```text
    要坚定道路自信、理论自信、制度自信、文化自信。
    ```
    """
    matcher, replacements, ordered = _expressions()
    joined = _joined(document)
    yield from _expression_hits(joined, matcher, replacements)
    yield from _order_hits(joined, ordered)


# --- sensitive.spam-injection --------------------------------------------------------------


@lru_cache(maxsize=1)
def _spam_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = yaml.safe_load(data_path("sensitive/spam.yaml").read_text(encoding="utf-8"))
    strong = tuple(sorted({normalize_term(w) for w in data["strong"]}, key=len, reverse=True))
    weak = tuple(sorted({normalize_term(w) for w in data["weak"]} - set(strong), key=len, reverse=True))
    return strong, weak


# Clause ends: spam strings carry no Chinese punctuation, honest sentences do.
_CLAUSE = re.compile(r"[^。，、；：！？“”‘’《》（）()【】\n]+")
# Casino brands: letters and digits glued together (bet99, 365bet, ag88).
_BRAND = re.compile(r"(?<![a-z0-9])(?:[a-z]{2,}[0-9]{2,}|[0-9]{2,}[a-z]{2,})[a-z0-9]*")
_JOINERS = re.compile(r"[_|｜＿]")
_MIN_COVERAGE = 0.5  # share of a spam clause's characters that are trade words or brands


def _keyword_spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int, str]]:
    spans = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            spans.append((start, start + len(word), word))
            start = text.find(word, start + 1)
    return spans


def _covered(spans: list[tuple[int, int, str]]) -> int:
    covered: set[int] = set()
    for start, end, _ in spans:
        covered.update(range(start, end))
    return len(covered)


def spam_reason(clause: str) -> str | None:
    """Why a clause (text without Chinese punctuation) is injected spam, or None."""
    strong, weak = _spam_words()
    text = map_characters(clause).lower()
    strong_spans = _keyword_spans(text, strong)
    if not strong_spans:
        return None
    kinds = {word for _, _, word in strong_spans}
    brands = [(m.start(), m.end(), m.group(0)) for m in _BRAND.finditer(text)]
    starts = {s for s, _, _ in strong_spans}
    ends = {e for _, e, _ in strong_spans}
    if any(end in starts or start in ends for start, end, _ in brands):
        return "博彩品牌名紧接博彩用语"
    segments = [s for s in _JOINERS.split(text) if s.strip()]
    if len(segments) >= 2:
        with_words = [s for s in segments if any(w in s for w in strong + weak)]
        if len(with_words) >= 2:
            return "以“_”或“|”连缀的博彩关键词串"
    letters = sum(1 for ch in text if ch.isalnum())
    coverage = _covered(strong_spans + _keyword_spans(text, weak) + brands) / max(letters, 1)
    if len(kinds) >= 3 and coverage >= _MIN_COVERAGE:
        return "密集堆砌的博彩、色情关键词"
    return None


@lru_cache(maxsize=1)
def _strong_automaton() -> ahocorasick_rs.AhoCorasick:
    return ahocorasick_rs.AhoCorasick(list(_spam_words()[0]))


def _text_spam(document: Document) -> Iterator[Hit]:
    joined = _joined(document)
    mapped = map_characters(joined.text)  # ASCII already lower-cased, length kept
    # One pass finds every strong word; only the clauses that hold one are examined.
    positions = [start for _, start, _ in _strong_automaton().find_matches_as_indexes(mapped)]
    if not positions:
        return
    for match in _CLAUSE.finditer(joined.text):
        index = bisect.bisect_left(positions, match.start())
        if index == len(positions) or positions[index] >= match.end():
            continue
        clause = match.group(0)
        reason = spam_reason(clause)
        if reason is None:
            continue
        start = match.start() + len(clause) - len(clause.lstrip())
        end = match.end() - (len(clause) - len(clause.rstrip()))
        block, a, b = joined.locate(start, end)
        message = f"疑似被植入的博彩、色情垃圾内容（{reason}），页面可能已被篡改"
        yield Hit.in_block(block, a, b, message)


# One empty element with an id: <samp id="q7zt"></samp>. Linear: no nested repetition.
_EMPTY_WITH_ID = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9]{0,15})\s+id\s*=\s*[\"']?([A-Za-z0-9_-]{2,40})[\"']?\s*>[ \t\r\n]*</\1\s*>"
)
_MIN_RUN = 2


def empty_element_runs(source: str) -> Iterator[tuple[int, int, str, int]]:
    """(start, end, id, count) of each run of adjacent empty elements sharing one id."""
    run_start = run_end = -1
    run_id, count = "", 0
    for match in _EMPTY_WITH_ID.finditer(source):
        adjacent = run_end >= 0 and not source[run_end : match.start()].strip()
        if adjacent and match.group(2) == run_id:
            run_end, count = match.end(), count + 1
            continue
        if count >= _MIN_RUN:
            yield run_start, run_end, run_id, count
        run_start, run_end, run_id, count = match.start(), match.end(), match.group(2), 1
    if count >= _MIN_RUN:
        yield run_start, run_end, run_id, count


@rule(
    "sensitive.spam-injection",
    name="spam-injection",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="被植入的博彩、色情垃圾内容或垃圾代码（页面疑被篡改）",
)
def spam_injection(document: Document, context: Context) -> Iterator[Hit]:
    """Gambling or porn SEO spam has been injected into the page.

    Hacked government pages carry spam such as a sign-off rewritten to
    ``bet99上分客服微信_bet99现金棋牌app下载_xx体育娱乐平台办公厅``, often
    hidden, and runs of empty elements sharing one random id
    (``<samp id="q7zt"></samp><sup id="q7zt"></sup>``) left by spam kits.
    A clause (text between Chinese punctuation marks) is spam when a casino
    brand of letters and digits is glued to a gambling word, when keyword
    strings are joined by ``_`` or ``|``, or when three or more different
    gambling or porn words make up at least half of it. An honest report on
    a gambling crackdown writes sentences with punctuation and is not
    reported here (its words may still be notices of ``sensitive.term``).
    The keywords are in ``dictionaries/sensitive/spam.yaml``.

    **Bad**

    ```html
    <p>bet99上分客服微信_bet99现金棋牌app下载_xx体育娱乐平台办公厅</p>
    ```

    **Good**

    ```html
    <p>普安县人民政府办公厅</p>
    ```
    """
    yield from _text_spam(document)
    if document.format in ("html", "markdown"):
        for start, end, element_id, count in empty_element_runs(document.source.text):
            message = f"{count} 个相连的空元素共用随机 id“{element_id}”，是垃圾内容植入工具留下的代码"
            yield Hit(start, end, message)
