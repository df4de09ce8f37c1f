"""Check ``structure`` (编排): numbering, pairing, document numbers, punctuation, leftovers.

Rules read block text (what a reader sees), skip code, inline code and
hidden text, and report through the block's own source maps. Patterns are
linear: character classes and bounded repeats, no nested quantifiers.
The rules are here; what each looks for is in a helper module beside them
(numbering, pairs, slips, leftovers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govlint.checks._prose import inside, url_spans
from govlint.checks.structure.leftovers import IGNORED, boilerplate_phrases, normalise
from govlint.checks.structure.numbering import numbering_problems
from govlint.checks.structure.pairs import CLOSERS, PAIRS, not_brackets, split_pairs, unbalanced_marks
from govlint.checks.structure.slips import punctuation_problems
from govlint.han import CLASS
from govlint.model import Block, Document
from govlint.rules import Context, Hit, Severity, Stage, rule

# Blocks whose numbering and punctuation belong to the article's own text.
_TEXT_KINDS = frozenset({"paragraph", "heading", "list_item", "quote"})


def _body_prose(document: Document) -> list[Block]:
    """The article body's prose blocks (no code, nothing outside the body)."""
    return [block for block in document.prose_blocks if block.in_body]


# --------------------------------------------------------------------------- numbering-gap


@rule(
    "structure.numbering-gap",
    name="numbering-gap",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="同一级序号跳号、重号或倒退（如“一、二、四、”“（一）（二）（二）”）",
    title="序号不连续",
)
def numbering_gap(document: Document, context: Context) -> Iterator[Hit]:
    """同一级序号跳号、重号或倒退。

    标题和条目的序号写成“一、二、四、”“（一）（二）（二）”“1. 2. 4.”“第一条 第二条 第四条”，
    或附件写成“附件：1. 2. 4.”，通常是删除或挪动了某一部分后没有重新编号。
    只读取正文段落、标题和列表项开头的序号；每种序号样式算一级，上一级序号会让它下面各级
    重新计数（每个“一、”下面的“（一）”都重新开始）。从1重新开始的是新的列表，不报告。

    **Bad**

    ```markdown
    ## 一、目标任务

    ## 二、重点工作

    ## 四、保障措施
    ```

    **Good**

    ```markdown
    ## 一、目标任务

    （一）开展隐患排查。

    （二）加快农田建设。

    ## 二、保障措施

    （一）加强组织领导。
    ```
    """
    blocks = [b for b in _body_prose(document) if b.kind in _TEXT_KINDS]
    for marker, message in numbering_problems(blocks):
        if marker.block.shown(marker.start, marker.end):
            yield Hit.in_block(marker.block, marker.start, marker.end, message)


# --------------------------------------------------------------------------- unbalanced


@rule(
    "structure.unbalanced",
    name="unbalanced",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="段落中书名号、引号、括号不成对",
    title="标号不成对",
)
def unbalanced(document: Document, context: Context) -> Iterator[Hit]:
    """段落中的书名号、引号或括号缺少配对的另一半。

    《》 “” ‘’ （） 【】 () [] 都应在同一段内成对出现，落单的一个往往说明删掉或打错了字。
    以下情况不报告：跨越几段的引文，按国家标准《标点符号用法》（GB/T 15834）的规定，
    每段开头都用前引号“，只在引文结束处用后引号”；被换行拆开的一对（一行以“细颗粒物（PM”结尾，
    接着是只有“2.5”的短行，再以“）浓度下降”开头）；1) 这样的列表序号、英文里的撇号（don’t）、
    网址和代码。

    **Bad**

    ```text
    县政府印发《普安县冬春农田水利基本建设实施方案，要求各乡镇抓好落实。
    ```

    **Good**

    ```text
    县政府印发《普安县冬春农田水利基本建设实施方案》（以下简称“方案”），要求各乡镇抓好落实。
    ```
    """
    blocks = list(document.prose_blocks)
    lonely = [unbalanced_marks(block.text, not_brackets(block.text)) for block in blocks]
    split = split_pairs(blocks, lonely)
    for position, block in enumerate(blocks):
        following = blocks[position + 1].text.lstrip(" \u3000") if position + 1 < len(blocks) else ""
        for i, ch in lonely[position]:
            if ch in "“‘" and following.startswith(ch):
                continue  # a quotation that goes on in the next paragraph
            if (position, i) in split or not block.shown(i):
                continue
            partner = PAIRS.get(ch) or CLOSERS[ch]
            yield Hit.in_block(block, i, i + 1, f"“{ch}”没有配对的“{partner}”，请检查是否漏字或多字")


# --------------------------------------------------------------------------- doc-number

_DOC_NUMBER = re.compile(
    rf"(?<=[{CLASS}])([\[【（(［〔])\s?((?:19|20)\d{{2}})\s?([\]】）)］〕])\s?(第?\d{{1,5}})\s?号"
)


@rule(
    "structure.doc-number",
    name="doc-number",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="发文字号年份未用六角括号〔〕（如“湘政办发[2021]15号”）",
    title="发文字号括号",
    fixable=True,
)
def doc_number(document: Document, context: Context) -> Iterator[Hit]:
    """发文字号的年份没有用六角括号〔〕。

    按 GB/T 9704-2012《党政机关公文格式》，发文字号中的年份用六角括号括入：湘政办发〔2021〕15号。
    〔〕不好输入，误用方括号、圆括号或【】的情况很常见。修改建议把年份改用〔〕括起。
    法院案号（如（2021）湘01民初15号）按其自身规范使用圆括号，不在检查之列。

    **Bad**

    ```text
    根据《关于做好冬春农田水利建设的通知》（湘政办发[2021]15号）要求，制定本方案。
    ```

    **Good**

    ```text
    根据《关于做好冬春农田水利建设的通知》（湘政办发〔2021〕15号）要求，制定本方案。
    ```
    """
    for block in document.prose_blocks:
        for match in _DOC_NUMBER.finditer(block.text):
            opener, year, closer, number = match.group(1, 2, 3, 4)
            if opener == "〔" and closer == "〕":
                continue
            if not block.shown(match.start(), match.end()):
                continue
            fixed = f"〔{year}〕{number}号"
            message = f"发文字号的年份应使用六角括号〔〕，“{match.group()}”应为“{fixed}”"
            yield Hit.in_block(block, match.start(), match.end(), message, fixed)


# --------------------------------------------------------------------------- punctuation


@rule(
    "structure.punctuation",
    name="punctuation",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="标点重复、汉字间用半角标点或空格、数字格式错误（如“85.%”）",
    title="标点与数字格式",
    fixable=True,
)
def punctuation(document: Document, context: Context) -> Iterator[Hit]:
    """标点重复、误用半角标点、多余空格或数字格式错误。

    报告以下问题：标点重复（引语以外的“。。”“，，”“！！！”，以及用“。。。”充当省略号）；
    汉字之间用了半角的逗号、分号、冒号、问号或叹号；连续的中文中间夹了空格；数字格式错误
    （85.%、1..5，同一个数里全角、半角数字混用）。分隔姓名或并列项的空格（县委书记 张明 县长 李华）、
    “编辑：吴静 审核：杨帆”这类信息行，以及网址、小数和代码，都不报告。已发布原文上的报告
    多数确实是半角标点（见下方实测）。

    **Bad**

    ```text
    今年全县粮食总产量达到18.7万吨，，同比增长3.%，农民收入稳步增长,群众满意度持续提高。
    ```

    **Good**

    ```text
    今年全县粮食总产量达到18.7万吨，同比增长3.5%，农民收入稳步增长。群众说：“太好了！！”
    ```
    """
    for block in document.prose_blocks:
        if not (block.in_body or block.kind == "title"):
            continue
        text = block.text
        urls = url_spans(text) if ("://" in text or "www." in text) else []
        for start, end, message, suggestion in punctuation_problems(text):
            if inside(urls, start, end) or not block.shown(start, end):
                continue
            yield Hit.in_block(block, start, end, message, suggestion)


# --------------------------------------------------------------------------- boilerplate


@rule(
    "structure.boilerplate",
    name="boilerplate",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="正文中残留采集或模板文字（如“以上就是小编整理的全部内容”“如有侵权请联系删除”）",
    title="采集模板残留",
)
def boilerplate(document: Document, context: Context) -> Iterator[Hit]:
    """正文中残留着采集网页或模板带来的文字。

    内容农场的页脚（以上就是小编整理的全部内容、本文来自网络、如有侵权请联系删除）、
    出现在文章中间的转发提示（点击阅读原文），以及编辑器里没填的占位文字（请输入标题），
    都说明文字是照搬来的，没有经过编辑。这些短语是数据，见
    ``dictionaries/structure/boilerplate.txt``；短语中间的空格和标点不影响匹配。
    “点击阅读原文”出现在最后三段时，是微信文章的正常结尾，不报告。

    **Bad**

    ```markdown
    全县冬春农田水利基本建设工作全面启动。

    本文来自网络，如有侵权，请联系删除。

    各乡镇要抓好落实。
    ```

    **Good**

    ```markdown
    全县冬春农田水利基本建设工作全面启动。

    各乡镇要抓好落实。

    点击阅读原文，查看实施方案全文。
    ```
    """
    matcher, phrases = boilerplate_phrases()
    blocks = _body_prose(document)
    for position, block in enumerate(blocks):
        if not matcher.find_matches_as_indexes(IGNORED.sub("", block.text).lower()):
            continue  # the common case, without building the index map in Python
        key, where = normalise(block.text)
        near_end = position >= len(blocks) - 3
        for index, first, last in matcher.find_matches_as_indexes(key):
            if phrases[index].where == "middle" and near_end:
                continue
            start, end = where[first], where[last - 1] + 1
            if not block.shown(start, end):
                continue
            message = f"疑为采集或模板残留文字“{block.text[start:end]}”，发布前应删除"
            yield Hit.in_block(block, start, end, message)
