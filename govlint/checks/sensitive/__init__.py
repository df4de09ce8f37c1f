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
from govlint.checks.sensitive.joined import joined, term_findings
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
    yield from term_findings(document, context, None)


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
    yield from term_findings(document, context, "engagement")


# --- sensitive.expression ------------------------------------------------------------------


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
    yield from text_spam(joined(document))
    if document.format in ("html", "markdown"):
        for start, end, element_id, count in empty_element_runs(document.source.text):
            message = f"{count} 个相连的空元素共用随机 id“{element_id}”，是垃圾内容植入工具留下的代码"
            yield Hit(start, end, message)
