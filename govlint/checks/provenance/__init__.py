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

import weakref
from collections.abc import Iterator

from govlint.checks.provenance.evidence import CREDIT_KINDS, Evidence, Provenance
from govlint.checks.provenance.gathering import gather
from govlint.checks.provenance.vocabulary import ORIGINAL, REPOST, normalise_account, outlet_in
from govlint.model import Document
from govlint.rules import Context, Hit, Severity, Stage, rule

# The names other code may ask of the check (the provenance record and its vocabulary).
__all__ = ["ORIGINAL", "REPOST", "Evidence", "Provenance", "normalise_account", "outlet_in", "provenance"]

_MIN_ARTICLE = 200  # characters of body text that make a draft without metadata an article
_FIELD_NAMES = {"source": "来源", "author": "作者", "editor": "编辑"}


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
        if item.kind in CREDIT_KINDS and not item.value:
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


# -- the provenance of a document -------------------------------------------

_CACHE: weakref.WeakKeyDictionary[Document, tuple[frozenset[str], Provenance]] = weakref.WeakKeyDictionary()


def provenance(document: Document, context: Context) -> Provenance:
    """The document's provenance, computed once per document and account,
    and recorded in ``context.facts["provenance"]`` whichever rule asks first."""
    names = (document.metadata.account, context.config.account)
    own = frozenset(n for n in (normalise_account(name) for name in names if name) if n)
    cached = _CACHE.get(document)
    if cached is None or cached[0] != own:
        cached = (own, Provenance(tuple(gather(document)), own))
        _CACHE[document] = cached
    if "provenance" not in context.facts:
        context.facts["provenance"] = cached[1].record(document)
    return cached[1]


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
