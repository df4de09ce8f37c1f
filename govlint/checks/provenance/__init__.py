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
    title="转载标为原创",
)
def original_with_source(document: Document, context: Context) -> Iterator[Hit]:
    """稿件标注为原创，却注明了其他媒体或账号的来源。

    来源栏（“来源：……”，或 Markdown 头信息、网页 meta 标签中的来源）、电头（新华社北京9月2日电、
    人民日报记者、据央视新闻报道），或写着新闻媒体名称的作者署名，都说明内容来自别处，
    这时“原创”标注就是错的，正是省级通报批评的“把协同转发内容标注为原创”。

    来源就是发布账号本身时（头信息中的 ``account``、微信公众号名称或配置项 ``account``；
    比较前先统一引号、空格，并去掉“微信公众号”等后缀），与原创并不矛盾，“来源：本站”也一样。
    不知道发布账号时，只报告写明新闻媒体的来源。“图片来源”注明的是图片出处，不算正文的来源。

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
    title="转载未注来源",
)
def repost_without_source(document: Document, context: Context) -> Iterator[Hit]:
    """稿件是转载的，但没有注明来源。

    转载他人内容必须注明来源。标注为转载的稿件（Markdown 头信息、网页 meta 标签、单独一行的“转载”或“【转载】”、
    后面什么也没写的“转自”），或明显是转载的稿件（开头有新华社北京9月2日电这样的电头），
    都要写明来源：头信息中的 ``source``、来源 meta 标签，或“来源：新华社”“转自人民日报”这样的一行。
    问题标在转载标注处；没有转载标注时，标在电头处。

    只有电头、没有转载标注的，要在知道发布账号（头信息中的 ``account``、微信公众号名称、
    网站内容管理系统页面的站点名称或配置项 ``account``）且电头是别的媒体时，才作为错误报告；
    电头就是本账号的（央视网发布的“央视网消息”）不报告。不知道发布账号时，这家媒体很可能
    就是发布者，电头本身也已说明了来源：这不算稿件的问题，不作为问题报告，而是写进三审清单
    “来源标注”一项待人工确认的原因（电头注明稿件来自哪家媒体、未配置本账号名称，无法判断
    是否为转载），请编辑在确属转载时加上“转载”标注；配置 ``account`` 后即可准确判断。

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
                # publisher, and the dateline names the source either way. Not
                # a defect of the text but a question for the editor, asked by
                # the checklist item (来源标注) rather than by a finding.
                context.unchecked["provenance.repost-without-source"] = (
                    f"正文开头的电头注明稿件来自“{wire.value}”，未配置本账号名称（account），"
                    "无法判断是否为转载；如为转载请标注“转载”"
                )


@rule(
    "provenance.conflicting-labels",
    name="conflicting-labels",
    severity=Severity.ERROR,
    stage=Stage.SECOND,
    summary="同时出现原创和转载标注",
    title="原创转载标注矛盾",
)
def conflicting_labels(document: Document, context: Context) -> Iterator[Hit]:
    """稿件同时带有原创和转载两种标注。

    两者只能选其一：监测报告要统计各账号的原创稿件数，两种都标的稿件总会被人算错。
    标注从头信息、meta 标签、微信“原创”标识和标注行（原创、【转载】、转自……）中读取。
    与第一个标注相矛盾的每一处都会报告；“转载请注明出处”这类版权声明不算转载标注。

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
    title="署名栏空白",
)
def empty_credit(document: Document, context: Context) -> Iterator[Hit]:
    """署名或来源栏只有栏目名，后面没有内容。

    “来源：”“作者：”“编辑：”这样的一行冒号后什么也没写，或头信息中的 ``source:``、
    ``author:``、``editor:`` 留空，都是没人填写的模板栏目：请补全或删除。

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
    title="未标原创转载",
)
def unlabelled(document: Document, context: Context) -> Iterator[Hit]:
    """稿件既没有标注原创或转载，也没有注明来源。

    没有标注、没有来源、没有电头，也没有版权声明，审稿人就无从判断稿件是不是本账号原创；
    三审清单要求由人工判断并加以标注。只检查成篇的文章，即有头信息或 meta 标签、
    或正文不少于200字的稿件；单独检查的短小片段不报告。

    知道发布账号（头信息中的 ``account``、微信公众号名称、网站内容管理系统页面的站点名称
    或配置项 ``account``）时，是本单位在核对自己的稿件，作为提示报告，标在头信息处（Markdown）
    或正文开头。不知道发布账号时（多为核查已发布的稿件），这是三审清单本来就要问的问题，
    不作为问题报告，而是写进三审清单“来源标注”一项待人工确认的原因。

    **Bad**

    ```markdown
    ---
    title: 普安县召开秋冬季农业生产推进会
    account: 普安之声
    author: 陈思远
    ---

    11月19日，普安县召开秋冬季农业生产推进会。
    ```

    **Good**

    ```markdown
    ---
    title: 普安县召开秋冬季农业生产推进会
    account: 普安之声
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
    if not found.own_names:
        # Published text read without its account: a question the checklist
        # item (来源标注) asks anyway, not a defect of the text.
        context.unchecked["provenance.unlabelled"] = (
            "稿件未标注原创或转载，也未注明来源，未配置本账号名称（account），无法判断稿件性质"
        )
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
