"""Check ``provenance``: original-versus-repost labelling (原创/转载) and credits.

Government accounts must credit what they repost, and must not label
coordinated reposts as original (把协同转发内容标注为原创). The evidence is
gathered once per document from every place a draft keeps it: the metadata
the readers extract (front matter, meta tags, the WeChat 原创 badge), credit
lines at the head and foot of the article (来源：, 作者：, 编辑：, 转自 …), label
lines (原创, 【转载】) and wire datelines (新华社北京9月2日电). The rules only
judge that evidence; the record of it is left in ``context.facts`` for the
JSON output and the batch audit.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from govlint.data import data_path, word_list
from govlint.model import Block, Document
from govlint.rules import Context, Hit, Severity, Stage, rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ORIGINAL, REPOST = "原创", "转载"
_MIN_ARTICLE = 200  # characters of body text that make a draft without metadata an article
_HEAD_BLOCKS = 3  # body blocks at the start searched for labels, credits and datelines
_FOOT_BLOCKS = 6  # body blocks at the end searched for labels and credits
_FIELD_NAMES = {"source": "来源", "author": "作者", "editor": "编辑"}
_SEGMENT_START = r"(?<![^\s|｜丨/／;；，,。、【】\[\]（）()])"
_SEPARATOR = r"[ \t\u3000\xa0]*([:：丨|])"
_PUNCTUATION = " \t\u3000\xa0|｜丨/／;；，,。.、:：!！?？·•-—"
_BRACKETS = "【】[]［］〔〕()（）「」『』<>《》"


@dataclass(frozen=True)
class Evidence:
    """One piece of provenance evidence with the source range it stands on.

    ``kind`` is ``label`` (value 原创/转载), a credit field (``source``,
    ``author``, ``editor``, ``reviewer``, ``proofreader``, ``photo``; value
    None when the credit is empty), ``wire`` (value: the outlet of a
    dateline) or ``rights`` (a notice such as 转载请注明出处).
    """

    kind: str
    value: str | None
    start: int
    end: int
    text: str  # as written: the front-matter line, the meta tag, the credit line
    name: str  # what declared it, for messages: 来源, label, #copyright_logo, ...
    from_metadata: bool = False


@dataclass(frozen=True)
class Provenance:
    evidence: tuple[Evidence, ...]
    own_names: frozenset[str]  # normalised names of the publishing account

    def of(self, kind: str) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.kind == kind)

    @property
    def labels(self) -> tuple[Evidence, ...]:
        return self.of("label")

    @property
    def label(self) -> str | None:
        """The declared label, or None when there is none or both are declared."""
        values = {e.value for e in self.labels}
        return values.pop() if len(values) == 1 else None

    @property
    def named_sources(self) -> tuple[Evidence, ...]:
        """Source credits that name someone (not empty, not 来源：网络)."""
        return tuple(e for e in self.of("source") if e.value and not _is_vague(e.value))

    def first_value(self, kind: str) -> str | None:
        return next((e.value for e in self.of(kind) if e.value), None)

    def is_own(self, name: str) -> bool:
        """True when ``name`` names the publishing account (exactly, after normalising)."""
        normalised = normalise_account(name)
        return normalised in self.own_names or normalised in _own_source_words()

    def foreign(self) -> tuple[Evidence, ...]:
        """Sources, datelines and outlet credits that name someone other than the account.

        Without a known account only a named outlet counts: a source such as
        县农业农村局 may well be the account itself.
        """
        return tuple(e for e in self.evidence if e.value and not _is_vague(e.value) and self._is_foreign(e))

    def _is_foreign(self, item: Evidence) -> bool:
        assert item.value is not None
        if item.kind == "wire":
            return not self.is_own(item.value)
        if item.kind == "source":
            return self._names_other(item.value, outlets_only=not self.own_names)
        if item.kind == "author":
            return self._names_other(item.value, outlets_only=True)
        return False

    def _names_other(self, value: str, outlets_only: bool) -> bool:
        """True when one of the names in a credit (普安之声、新华社) is not the account."""
        for part in re.split(r"[、，,/／;；&＆]", value):
            part = part.strip(_PUNCTUATION)
            if not part or self.is_own(part):
                continue
            if not outlets_only:
                return True
            outlet = outlet_in(part)
            if outlet and not self.is_own(outlet):
                return True
        return False

    def record(self, document: Document) -> dict:
        """The JSON ``provenance`` record of the file (docs/json-output.md)."""
        seen = set()
        evidence = []
        for item in sorted(self.evidence, key=lambda e: (e.start, e.end)):
            line = document.source.locate(item.start)[0]
            key = (line, item.kind, item.text)
            if key not in seen:
                seen.add(key)
                evidence.append({"line": line, "kind": item.kind, "text": item.text})
        return {
            "label": self.label,
            "source": self.first_value("source"),
            "author": self.first_value("author"),
            "editor": self.first_value("editor"),
            "evidence": evidence,
        }


# -- the rules --------------------------------------------------------------


@rule(
    "provenance.original-with-source",
    name="original-with-source",
    severity=Severity.ERROR,
    stage=Stage.SECOND,
    summary="标注为原创，但来源、电头或署名指向其他媒体或账号",
)
def original_with_source(document: Document, context: Context) -> Iterator[Hit]:
    """The draft is labelled original (原创) but credits another outlet or account.

    A source line (来源：…, source in front matter or meta tags), a wire
    dateline (新华社北京9月2日电, 人民日报记者, 据央视新闻报道) or an author
    credit naming a news outlet says the text comes from someone else; then
    the 原创 label is wrong, the kind of mislabelling provincial notices
    criticise (把协同转发内容标注为原创). A source equal to the publishing
    account (front matter ``account``, the WeChat account name, or the
    ``account`` configuration key; compared after normalising quotes, spaces
    and endings such as 微信公众号) is consistent with original, and so is
    来源：本站. When the account is not known, only sources naming a news outlet
    are reported. Photo credits (图片来源) are not a source of the text.

    **Bad**

    ```markdown
    ---
    title: 全国秋粮收购进度过半
    account: 普安之声
    label: 原创
    source: 新华社
    ---

    全国秋粮收购进度过半。
    ```

    **Good**

    ```markdown
    ---
    title: 普安县秋粮收购进度过半
    account: 普安之声
    label: 原创
    source: 普安之声
    ---

    普安县秋粮收购进度过半。
    ```
    """
    found = provenance(document, context)
    if found.label != ORIGINAL:
        return
    for item in found.foreign():
        yield Hit(item.start, item.end, _foreign_message(item))


@rule(
    "provenance.repost-without-source",
    name="repost-without-source",
    severity=Severity.ERROR,
    stage=Stage.SECOND,
    summary="转载稿件未注明来源",
)
def repost_without_source(document: Document, context: Context) -> Iterator[Hit]:
    """The draft is a repost but names no source.

    Content from others must be published with its source. A draft labelled
    转载 (front matter, meta tags, a 转载 or 【转载】 line, 转自 with nothing
    after it), or evidently reposted (a wire dateline such as
    新华社北京9月2日电 at the head), needs a named source: ``source`` in front
    matter, a source meta tag, or a line such as 来源：新华社 or 转自人民日报.
    The finding points at the label, or at the dateline when there is no label.

    A dateline without a label is an error only when the publishing account
    is known (front matter ``account``, the WeChat account name, the site
    name of a CMS page, or the ``account`` configuration key) and the
    dateline names another outlet; a dateline of the account itself
    (央视网消息 published by 央视网) gives nothing. When the account is not
    known, the outlet may well be the publisher and the dateline itself names
    the source: the finding is then a notice asking for the 转载 label if the
    text is a repost (a configured severity does not raise it); configuring
    ``account`` makes the check exact.

    **Bad**

    ```markdown
    ---
    title: 医保缴费指南
    label: 转载
    ---

    2027年度城乡居民医保集中缴费工作已经启动。
    ```

    **Good**

    ```markdown
    ---
    title: 医保缴费指南
    label: 转载
    source: 普安县医疗保障局
    ---

    2027年度城乡居民医保集中缴费工作已经启动。
    ```
    """
    found = provenance(document, context)
    if found.named_sources:
        return
    reposts = [e for e in found.labels if e.value == REPOST]
    if reposts:
        yield Hit(reposts[0].start, reposts[0].end, "稿件标注为转载，但没有注明来源，请补充原发媒体或账号名称")
    elif found.label is None and not found.labels:
        for wire in [w for w in found.of("wire") if not found.is_own(w.value or "")][:1]:
            if found.own_names:
                message = f"正文开头的电头表明稿件来自“{wire.value}”，但没有注明来源，请标注转载并注明来源"
                yield Hit(wire.start, wire.end, message)
            else:
                # Nobody said who publishes the text: the outlet may be the
                # publisher, and the dateline names the source either way.
                message = (
                    f"正文开头的电头注明稿件来自“{wire.value}”；如为转载，请标注“转载”。"
                    "在配置中填写本账号名称（account）后可准确判断是否为转载"
                )
                yield Hit(wire.start, wire.end, message, severity=Severity.NOTICE)


@rule(
    "provenance.conflicting-labels",
    name="conflicting-labels",
    severity=Severity.ERROR,
    stage=Stage.SECOND,
    summary="同时出现原创和转载标注",
)
def conflicting_labels(document: Document, context: Context) -> Iterator[Hit]:
    """The draft carries both an original (原创) and a repost (转载) mark.

    The label must be one or the other: monitoring reports count each
    account's original posts, and a draft marked both ways is counted wrong
    by someone. Marks are read from front matter, meta tags, the WeChat 原创
    badge and label lines (原创, 【转载】, 转自 …). Each mark that contradicts
    the first one is reported; a rights notice such as 转载请注明出处 is not a
    repost mark.

    **Bad**

    ```markdown
    ---
    title: 普安县召开秋冬季农业生产推进会
    label: 原创
    ---

    【转载】11月19日，普安县召开秋冬季农业生产推进会。
    ```

    **Good**

    ```markdown
    ---
    title: 普安县召开秋冬季农业生产推进会
    label: 原创
    ---

    11月19日，普安县召开秋冬季农业生产推进会。本文为原创，转载请注明出处。
    ```
    """
    labels = sorted(provenance(document, context).labels, key=lambda e: e.start)
    if not labels:
        return
    first = labels[0]
    first_line = document.source.locate(first.start)[0]
    for item in labels[1:]:
        if item.value != first.value:
            message = f"此处标注为“{item.value}”，与第 {first_line} 行的“{first.value}”标注矛盾，请只保留正确的一个"
            yield Hit(item.start, item.end, message)


@rule(
    "provenance.empty-credit",
    name="empty-credit",
    severity=Severity.WARNING,
    stage=Stage.SECOND,
    summary="署名或来源栏为空",
)
def empty_credit(document: Document, context: Context) -> Iterator[Hit]:
    """A credit line or field has nothing after its label.

    A line such as 来源：, 作者： or 编辑： with nothing after the colon, or a
    front-matter ``source:``, ``author:`` or ``editor:`` left empty, is a
    template field nobody filled in: fill it in or delete it.

    **Bad**

    ```text
    普安县召开秋冬季农业生产推进会

    11月19日，普安县召开秋冬季农业生产推进会。

    来源：
    编辑：吴静
    ```

    **Good**

    ```text
    普安县召开秋冬季农业生产推进会

    11月19日，普安县召开秋冬季农业生产推进会。

    来源：普安县农业农村局
    编辑：吴静
    ```
    """
    for item in provenance(document, context).evidence:
        if item.kind in _CREDIT_KINDS and not item.value:
            if item.from_metadata:
                yield Hit(item.start, item.end, f"头信息中的“{item.name}”为空，请补全或删除这一项")
            else:
                yield Hit(item.start, item.end, f"“{item.name}：”后没有内容，请补全或删除这一栏")


@rule(
    "provenance.unlabelled",
    name="unlabelled",
    severity=Severity.NOTICE,
    stage=Stage.SECOND,
    summary="未标注原创或转载，也没有来源信息，需人工确认",
)
def unlabelled(document: Document, context: Context) -> Iterator[Hit]:
    """The draft says neither original nor repost and names no source.

    With no label, no source, no dateline and no rights notice, nothing tells
    the reviewer whether the text is the account's own; the 三审 checklist
    asks a human to decide and label it. The finding points at the front
    matter (Markdown) or at the start of the article body. Only articles are
    asked: a draft with front matter or meta tags, or with at least 200
    characters of body text; a short fragment linted on its own is not.

    **Bad**

    ```markdown
    ---
    title: 普安县召开秋冬季农业生产推进会
    author: 陈思远
    ---

    11月19日，普安县召开秋冬季农业生产推进会。
    ```

    **Good**

    ```markdown
    ---
    title: 普安县召开秋冬季农业生产推进会
    author: 陈思远
    label: 原创
    ---

    11月19日，普安县召开秋冬季农业生产推进会。
    ```
    """
    found = provenance(document, context)
    if found.labels or found.named_sources or found.of("wire") or found.of("rights"):
        return
    if not document.metadata.positions and sum(len(b.text) for b in document.body_blocks) < _MIN_ARTICLE:
        return
    start, end = _absence_range(document)
    yield Hit(start, end, "未标注原创或转载，也未注明来源，请人工确认稿件性质并标注")


# -- gathering the evidence ---------------------------------------------------

_CACHE: weakref.WeakKeyDictionary[Document, tuple[frozenset[str], Provenance]] = weakref.WeakKeyDictionary()
_CREDIT_KINDS = frozenset({"source", "author", "editor", "reviewer", "proofreader", "photo"})


def provenance(document: Document, context: Context) -> Provenance:
    """The document's provenance, computed once per document and account,
    and recorded in ``context.facts["provenance"]`` whichever rule asks first."""
    names = (document.metadata.account, context.config.account)
    own = frozenset(n for n in (normalise_account(name) for name in names if name) if n)
    cached = _CACHE.get(document)
    if cached is None or cached[0] != own:
        cached = (own, Provenance(tuple(_gather(document)), own))
        _CACHE[document] = cached
    if "provenance" not in context.facts:
        context.facts["provenance"] = cached[1].record(document)
    return cached[1]


def _gather(document: Document) -> Iterator[Evidence]:
    yield from _from_metadata(document)
    head, foot = _head_and_foot(document)
    for block in head + [b for b in foot if b not in head]:
        yield from _from_block(block, document, in_head=block in head)


def _from_metadata(document: Document) -> Iterator[Evidence]:
    metadata, source = document.metadata, document.source.text
    positions = metadata.positions

    def evidence(kind: str, value: str | None, key: str, name: str) -> Evidence | None:
        if key not in positions:
            return None
        start, end = positions[key]
        return Evidence(kind, value, start, end, source[start:end].strip(), name, from_metadata=True)

    label = _label_value(metadata.label)
    if label:
        key = "label" if "label" in positions or "original" not in positions else "original"
        item = evidence("label", label, key, key)
        if item:
            yield item
    for field in ("source", "author", "editor"):
        item = evidence(field, getattr(metadata, field), field, field)
        if item:
            yield item


def _label_value(declared: str | None) -> str | None:
    if not declared:
        return None
    text = declared.strip().lower()
    if ORIGINAL in text or text in {"original", "首发", "独家"}:
        return ORIGINAL
    if REPOST in text or text in {"repost", "reprint", "转发"}:
        return REPOST
    return None


def _head_and_foot(document: Document) -> tuple[list[Block], list[Block]]:
    body = [b for b in document.body_blocks if b.kind != "code"]
    titles = [b for b in document.blocks if not b.in_body and b.kind == "title"]
    return titles + body[:_HEAD_BLOCKS], body[-_FOOT_BLOCKS:]


def _from_block(block: Block, document: Document, in_head: bool) -> Iterator[Evidence]:
    text = block.text

    def visible(index: int) -> bool:
        return not block.hidden_at(index)

    def item(kind: str, value: str | None, start: int, end: int, name: str) -> Evidence:
        a, b = block.source_range(start, end)
        return Evidence(kind, value, a, b, text[start:end].strip(), name)

    mark = _label_mark(text)
    if mark is not None and visible(mark[1]) and visible(mark[2] - 1):
        yield item("label", mark[0], mark[1], mark[2], text[mark[1]:mark[2]])
    for kind, label, start, end, value_start, value_end in _credits(text):
        if not visible(start):
            continue
        raw = text[value_start:value_end]
        value = _clean_value(raw)
        stop = value_start + raw.find(value) + len(value) if value else end  # the credit as written, trimmed
        if kind == "repost":
            yield item("label", REPOST, start, stop, label)
            kind = "source"
        yield item(kind, value or None, start, stop, label)
    for phrase in _rights_phrases():
        index = text.find(phrase)
        if index >= 0 and visible(index):
            yield item("rights", phrase, index, index + len(phrase), phrase)
            break
    if in_head and block.kind != "title":
        wire = _wire(text)
        if wire is not None and visible(wire[1]):
            yield item("wire", wire[0], wire[1], wire[2], text[wire[1]:wire[2]])


def _label_mark(text: str) -> tuple[str, int, int] | None:
    """A bracketed label prefix (【转载】…), or in a short line a clause that
    is a label (原创, 本文为转载) or claims the text (本文为普安之声原创)."""
    bracketed = _BRACKETED_MARK.match(text)
    if bracketed:
        return _MARKS[bracketed.group(2)], bracketed.start(1), bracketed.end(1)
    if len(text) > _MAX_LABEL_LINE:
        return None
    for clause in _CLAUSE.finditer(text):
        stripped = clause.group().strip(_PUNCTUATION + _BRACKETS)
        if stripped in _MARKS:
            start = clause.start() + clause.group().index(stripped)
            return _MARKS[stripped], start, start + len(stripped)
        claim = _OWN_CLAIM.match(clause.group())
        if claim:
            return ORIGINAL, clause.start() + claim.start(1), clause.start() + claim.end(1)
    return None


def _credits(text: str) -> Iterator[tuple[str, str, int, int, int, int]]:
    """(kind, label, label start, separator end, value start, value end) of each credit."""
    matches = [m for m in _CREDIT.finditer(text) if m.group("sep") or _CREDIT_KIND[m.group("label")] == "repost"]
    for k, match in enumerate(matches):
        value_end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        sentence_end = _SENTENCE_END.search(text, match.end(), value_end)
        if sentence_end:
            value_end = sentence_end.start()
        if len(text[match.end():value_end].strip()) > _MAX_CREDIT:
            continue  # a sentence that happens to start with 来源：, not a credit
        label = match.group("label")
        yield _CREDIT_KIND[label], label, match.start(), match.end(), match.end(), value_end


def _clean_value(value: str) -> str:
    value = value.strip(_PUNCTUATION)
    # A closing bracket of a credit in brackets: （来源：新华社）
    while value and value[-1] in "）)】]" and not any(c in value for c in "（(【["):
        value = value[:-1].rstrip(_PUNCTUATION)
    return value


def _wire(text: str) -> tuple[str, int, int] | None:
    """(outlet, start, end) of a wire dateline or report formula at the start of ``text``."""
    for pattern in (_DATELINE, _REPORTER, _REPORTED):
        match = pattern.match(text)
        if match:
            return match.group("outlet"), match.start("all"), match.end("all")
    match = _REPORTED_ANY.match(text)
    if match and match.group("outlet").endswith(_outlet_suffixes()):
        return match.group("outlet"), match.start("all"), match.end("all")
    return None


def _absence_range(document: Document) -> tuple[int, int]:
    """Where a missing label is reported: the front matter's opening line, or
    an empty range at the start of the article body."""
    if document.format == "markdown" and document.metadata.positions:
        return 0, len(document.source.line_text(1))
    body = document.body_blocks or document.blocks
    if body:
        start, _ = body[0].source_range(0, 0)
        return start, start
    return 0, 0


def _foreign_message(item: Evidence) -> str:
    if item.kind == "wire":
        return f"稿件标注为原创，但正文开头的电头表明内容来自“{item.value}”，请核实后改标转载并注明来源"
    what = _FIELD_NAMES.get(item.name, item.name)
    return f"稿件标注为原创，但{what}为“{item.value}”，不是本账号，请核实后改标转载或更正{what}"


# -- data -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _labels() -> dict:
    with data_path("provenance/labels.toml").open("rb") as handle:
        return tomllib.load(handle)


def _credit_kinds() -> dict[str, str]:
    return {label: kind for kind, table in _labels()["credits"].items() for label in table["labels"]}


@lru_cache(maxsize=1)
def _own_source_words() -> frozenset[str]:
    return frozenset(normalise_account(w) for w in _labels()["marks"]["own_source"])


def _rights_phrases() -> tuple[str, ...]:
    return tuple(sorted(_labels()["marks"]["rights"], key=len, reverse=True))


def _outlet_suffixes() -> tuple[str, ...]:
    return tuple(_labels()["outlet_suffixes"]["suffixes"])


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _outlets() -> tuple[str, ...]:
    return tuple(sorted(word_list("provenance/outlets.txt"), key=len, reverse=True))


def outlet_in(text: str) -> str | None:
    """The known outlet ``text`` names (新华社记者 张三 -> 新华社), or None.

    The name must start the text and be followed by nothing, a space or
    punctuation, or a word such as 记者 or 客户端: 中国网络空间研究院 does not
    name 中国网."""
    text = text.strip(_PUNCTUATION + _BRACKETS + "“”\"")
    for outlet in _outlets():
        if text.startswith(outlet):
            rest = text[len(outlet):].lstrip("“”\"")
            if not rest or rest[0] in _PUNCTUATION + _BRACKETS or rest.startswith(_outlet_followers()):
                return outlet
    return None


def _outlet_followers() -> tuple[str, ...]:
    return tuple(_labels()["outlet_followers"]["followers"])


def _is_vague(value: str) -> bool:
    return normalise_account(value) in _vague_sources()


@lru_cache(maxsize=1)
def _vague_sources() -> frozenset[str]:
    return frozenset(normalise_account(v) for v in _labels()["marks"]["vague_source"])


@lru_cache(maxsize=4096)
def normalise_account(name: str) -> str:
    """Compare account names: NFKC, case, no quotes, spaces or punctuation,
    no channel ending (“普安之声”微信公众号 -> 普安之声)."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = re.sub(r"[\s\"'“”‘’「」『』《》〈〉【】\[\]()（）·•.,，。:：!！?？|｜丨/／-]", "", text)
    for suffix in sorted(_labels()["account_suffixes"]["suffixes"], key=len, reverse=True):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text


_CREDIT_KIND = _credit_kinds()
_MARKS = {m: ORIGINAL for m in _labels()["marks"]["original"]} | {m: REPOST for m in _labels()["marks"]["repost"]}
_CREDIT = re.compile(
    _SEGMENT_START + rf"(?P<label>{_alternation(_CREDIT_KIND)})(?:{_SEPARATOR.replace('(', '(?P<sep>', 1)})?"
)
_BRACKETED_MARK = re.compile(rf"^\s*[【\[［〔]\s*(({_alternation(_MARKS)}))\s*[】\]］〕]")
_OWN_CLAIM = re.compile(r"^\s*((?:本文|此文|本稿)(?:为|系|是|属)[^，。,]{0,20}?原创)")
_CLAUSE = re.compile(r"[^，,。；;！!？?|｜丨]+")
_MAX_LABEL_LINE = 80  # characters: label lines are short; a long paragraph is prose
_SENTENCE_END = re.compile(r"[。！？!?，,；;]")
_MAX_CREDIT = 30  # characters: longer "values" are sentences, not names
_OUTLET = _alternation(_outlets())
_DATELINE = re.compile(
    rf"^\s*[【\[（(]?(?P<all>(?P<outlet>{_OUTLET})"
    rf"(?:[\u4e00-\u9fff]{{0,10}}?\d{{1,2}}月\d{{1,2}}日电|(?:客户端|网)?(?:讯|消息)(?=[：:，,（(\s]|$)))"
)
_REPORTER = re.compile(rf"^\s*[【\[（(]?(?P<all>(?P<outlet>{_OUTLET})(?:[\u4e00-\u9fff]{{0,4}}?)记者)")
_REPORTED = re.compile(rf"^\s*(?P<all>据(?P<outlet>{_OUTLET})(?:客户端|微信公众号|官方微博)?(?:报道|消息))")
_REPORTED_ANY = re.compile(r"^\s*(?P<all>据(?P<outlet>[\u4e00-\u9fffA-Za-z]{2,12}?)(?:报道|消息))")
