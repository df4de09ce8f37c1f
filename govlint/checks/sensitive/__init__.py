"""Check ``sensitive`` (敏感词、垃圾内容植入、涉密标识、规范表述、诱导互动).

The term lists are data (``dictionaries/sensitive/lists/*.yaml`` plus the
organisation's own, from the ``dictionaries`` configuration key), matched in
one pass over the whole document by the automaton of :mod:`govlint.terms`;
a list's category decides which rule reports its hits (secrecy ->
``sensitive.secrecy-marker``, engagement -> ``sensitive.engagement-fraud``,
every other -> ``sensitive.term``).

The rules are here; beside them: ``joined`` (the document as one text and
its term hits, computed once for all the rules), ``notices`` (secrecy marks
and notices), ``expressions`` (standard expressions) and ``spam``.
"""

from __future__ import annotations

from collections.abc import Iterator

from govlint.checks.sensitive.expressions import expression_hits, expressions, order_hits
from govlint.checks.sensitive.joined import joined, located_term_hits, reporting_reason, term_findings, term_hit
from govlint.checks.sensitive.notices import mark_hits, notice_hits
from govlint.checks.sensitive.spam import empty_element_runs, spam_reason, text_spam
from govlint.model import Document
from govlint.rules import Applicability, Context, Hit, Severity, Stage, rule

# What other code may ask of the check besides its rules.
__all__ = ["empty_element_runs", "spam_reason"]


@rule(
    "sensitive.term",
    name="sensitive-term",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="敏感词表中的词语（级别与三审环节由词表规定，报道打击、表明反对的语境中留待人工确认）",
    title="敏感词",
)
def term(document: Document, context: Context) -> Iterator[Hit]:
    """正文中出现了敏感词表里的词语。

    随附的词表（``dictionaries/sensitive/lists/``）收录涉赌、涉黄、暴恐、邪教与封建迷信、
    分裂口号、蔑称和禁用网络用语；各单位可用配置项 ``dictionaries`` 加入自己的词表，
    用 ``allow_terms`` 放行个别词语。每个词表规定其词语的问题级别和所属三审环节。
    常见的规避写法也能查出：全角字母、繁体字、词中夹分隔符（``赌 博``、``賭*博``）。

    词语出现在该词的放行语境中（``打击{}``、``反对{}``），或所在段落有打击、查处、破获等提示词时，
    说明稿件是在报道打击整治或表明反对立场，而不是内容本身涉敏：这不是稿件的问题，
    不作为问题报告，而是写进三审清单“敏感内容”一项待人工确认的原因，由终审编辑确认，
    例如：涉政词“台独”出现在“反对台独”等报道语境中，由终审确认（最多列出三个词，其余只计处数）。

    **Bad**

    ```text
    本平台提供真人荷官在线服务，注册即玩。
    ```

    **Good**

    ```text
    本平台提供政务服务事项在线办理，注册即用。
    ```
    """
    found = located_term_hits(document, context, None)
    reporting = [item for item in found if item[3].context]
    if reporting:
        context.unchecked["sensitive.term"] = reporting_reason(reporting)
    for block, start, end, hit in found:
        if not hit.context:
            yield term_hit(block, start, end, hit)


@rule(
    "sensitive.secrecy-marker",
    name="secrecy-marker",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="密级标志或“内部资料 注意保密”“仅供内部参考”等不公开提示，可能泄露国家秘密",
    title="涉密标识",
)
def secrecy_marker(document: Document, context: Context) -> Iterator[Hit]:
    """正文中出现了密级标志或“仅限内部”一类的不公开提示。

    标有绝密、机密、秘密并带★和保密期限的材料（``机密★5年``，见 GB/T 9704-2012），
    或带有不公开提示的材料，一律不得发布：泄露国家秘密会使政务账号直接被判为不合格。

    不公开提示按常见写法识别：前半部分说明材料性质（内部资料、内部文件、内部材料、
    仅供内部参考等），后面跟一个或几个禁止外传的后半部分（注意保密、注意保存、严禁外传、
    请勿转发、不得公开等），两部分之间可以紧挨，可以隔任意空白（含全角空格）、
    一个标点（，、：；！）或一次换行，如 ``内部资料　注意保密``、``内部资料，请勿外传``、
    ``内部文件 请勿转发``。两部分都是数据（``dictionaries/sensitive/secrecy-notices.toml``），
    单独出现哪一部分都不报告，因为“查阅内部资料”“要注意保密工作”都是正常行文。

    本身就是不公开提示的短语（请勿外传、不得外传、仅供内部参考、此件不公开）来自类别为
    ``secrecy`` 的词表，各单位可在其中加入本单位的内部项目名称。提示出现在讲解保密规定的
    段落中（保密工作、保密教育等）时，保留为终审环节的提示。

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
    notices = list(notice_hits(joined(document), context.config.allow_terms))
    for hit in term_findings(document, context, "secrecy"):
        # 请勿外传 inside 内部资料，请勿外传: the notice is reported once, as a whole.
        if not any(n.start < hit.end and hit.start < n.end for n in notices):
            yield hit
    yield from notices
    yield from mark_hits(document.blocks)


@rule(
    "sensitive.engagement-fraud",
    name="engagement-fraud",
    severity=Severity.WARNING,
    stage=Stage.FINAL,
    summary="以奖励诱导或强迫读者集赞、转发、刷票、关注（弄虚作假、商业抽奖）",
    title="诱导互动",
)
def engagement_fraud(document: Document, context: Context) -> Iterator[Hit]:
    """以奖励诱导或强制要求读者点赞、转发、投票或关注。

    多地省级通报把刷粉、刷票、强制点赞列为会使政务账号检查不合格的问题，
    检查通报也批评过政务账号搞商业抽奖。相关短语来自类别为 ``engagement`` 的词表；
    段落内容是禁止这种做法的（严禁刷票），保留为提示。

    **Bad**

    ```text
    转发本文集赞满30个，凭点赞截图领取精美礼品。
    ```

    **Good**

    ```text
    欢迎转发本文，让更多群众了解这项惠民政策。
    ```
    """
    yield from term_findings(document, context, "engagement")


# --- sensitive.expression ------------------------------------------------------------------


@rule(
    "sensitive.expression",
    name="political-expression",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="规范表述有误：涉台港澳与国名称谓、固定提法的内容或顺序",
    applicability=Applicability.DISPLAY,  # the standard form, for the 终审 editor to put in
    title="规范表述",
)
def expression(document: Document, context: Context) -> Iterator[Hit]:
    """规范政治表述的写法或顺序有误。

    数据文件 ``dictionaries/sensitive/expressions.toml`` 列出各条规范表述及其已知的错误写法，
    并注明出处：涉台港澳和国家名称的称谓规范出自新华社禁用词和慎用词（2016年修订）；
    固定提法中各项的顺序是固定的（四个自信、四个意识、五位一体、新发展理念、
    社会主义核心价值观）。修改建议给出规范写法；加了引号的称谓（台湾地区“总统”）不报告。

    **Bad**

    ```text
    要坚定道路自信、制度自信、理论自信、文化自信。
    ```

    **Good**

    ```text
    要坚定道路自信、理论自信、制度自信、文化自信。
    ```
    """
    data, text = expressions(), joined(document)
    yield from expression_hits(text, data)
    yield from order_hits(text, data)


# --- sensitive.spam-injection --------------------------------------------------------------


@rule(
    "sensitive.spam-injection",
    name="spam-injection",
    severity=Severity.ERROR,
    stage=Stage.FINAL,
    summary="被植入的博彩、色情垃圾内容或垃圾代码（页面疑被篡改）",
    title="垃圾内容植入",
)
def spam_injection(document: Document, context: Context) -> Iterator[Hit]:
    """页面被植入了博彩、色情类的搜索引擎推广垃圾内容。

    被黑的政府网页常带有这类内容，例如落款被改成
    ``bet99上分客服微信_bet99现金棋牌app下载_xx体育娱乐平台办公厅``，而且往往是隐藏的；
    垃圾内容植入工具还会留下一串共用同一个随机 id 的空元素
    （``<samp id="q7zt"></samp><sup id="q7zt"></sup>``）。

    以分句（中文标点之间的文字）为单位判断，有下列情况之一的视为垃圾内容：由字母和数字组成的
    博彩品牌名紧连着涉赌词语；关键词串用 ``_`` 或 ``|`` 连接；三个及以上不同的涉赌涉黄词语
    至少占分句的一半。如实报道打击赌博的稿件是带标点的完整句子，本规则不报告（其中的词语
    仍由 ``sensitive.term`` 检查，报道语境中的记入三审清单待人工确认）。关键词见 ``dictionaries/sensitive/spam.toml``。

    **Bad**

    ```html
    <p>bet99上分客服微信_bet99现金棋牌app下载_xx体育娱乐平台办公厅</p>
    ```

    **Good**

    ```html
    <p>普安县人民政府办公厅</p>
    ```
    """
    yield from text_spam(joined(document))
    if document.format in ("html", "markdown"):
        for start, end, element_id, count in empty_element_runs(document.source.text):
            message = f"{count} 个相连的空元素共用随机 id“{element_id}”，是垃圾内容植入工具留下的代码"
            yield Hit(start, end, message)
