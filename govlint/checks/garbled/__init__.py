"""Check ``garbled`` (乱码): text a reader sees as garbage.

Every rule here reads block text (what a reader sees), skips code blocks,
inline code and text hidden from readers, and reports block ranges through
the block's own source maps. Patterns are linear: character classes and
bounded repeats only, no nested quantifiers.

This module holds the rules, whose docstrings are their documentation; the
modules beside it find the spans: ``mojibake`` (wrong encodings and lost
characters), ``leftovers`` (entities and markup), ``controls`` (characters
that are no text), ``pinyin``, ``script`` (traditional characters) and
``tables`` (other projects' data).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govlint.checks.garbled import controls, leftovers, mojibake, pinyin, script
from govlint.checks.garbled.tables import proper_names
from govlint.model import Block, Document
from govlint.rules import Applicability, Context, Hit, Severity, Stage, rule

_REPLACEMENT_RUN = re.compile("\ufffd+")


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in taken)


# --------------------------------------------------------------------------- replacement-char


@rule(
    "garbled.replacement-char",
    name="replacement-char",
    title="替换字符乱码",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="正文中出现替换字符 �（U+FFFD），原文字已丢失",
)
def replacement_char(document: Document, context: Context) -> Iterator[Hit]:
    """正文中出现替换字符 �（U+FFFD），原来的文字已经丢失。

    U+FFFD 是软件遇到无法解码的字符时填入的替换符号：原字已经丢失，读者看到的是一个黑色菱形问号，
    也就是乱码。这通常是因为稿件按一种编码保存、又按另一种编码打开，或者文件在传输中受损。
    文件本身有无法解码的字节时，也同样报告，并注明 govlint 读取该文件时所用的编码。

    **Bad**

    ```text
    本次会议由县政府办公室�织召开。
    ```

    **Good**

    ```text
    本次会议由县政府办公室组织召开。
    ```
    """
    damaged = set(document.decode_errors)
    reported: set[int] = set()
    for block in document.blocks:
        for match in _REPLACEMENT_RUN.finditer(block.text):
            if block.hidden_throughout(match.start(), match.end()):
                continue
            hit = Hit.in_block(block, match.start(), match.end(), _replacement_message(match, block, damaged, document))
            reported.update(range(hit.start, hit.end))
            yield hit
    for offset in document.decode_errors:
        if offset not in reported:
            message = f"文件中有无法按 {document.encoding} 解码的字节（此处显示为 �），请检查文件编码"
            yield Hit(offset, offset + 1, message)


def _replacement_message(match: re.Match[str], block: Block, damaged: set[int], document: Document) -> str:
    """Bytes of the file that did not decode, or U+FFFD characters the file holds."""
    count = match.end() - match.start()
    start, _ = block.source_range(match.start(), match.end())
    if start in damaged:
        return f"此处有 {count} 个字节无法按 {document.encoding} 解码，显示为乱码 �，请检查文件编码"
    return f"出现 {count} 个替换字符 �（U+FFFD），原文字已丢失，请核对原稿补正"


# --------------------------------------------------------------------------- kunkao


@rule(
    "garbled.kunkao",
    name="kunkao",
    title="锟斤拷乱码",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="出现“锟斤拷”“烫烫烫”“屯屯屯”等典型乱码",
)
def kunkao(document: Document, context: Context) -> Iterator[Hit]:
    """正文中出现“锟斤拷”“烫烫烫”等典型乱码。

    “锟斤拷”是两个替换字符 U+FFFD 按 UTF-8 保存、又按 GBK 读出的结果（按 Big5 读出则是“嚙踝蕭”）；
    “烫烫烫”“屯屯屯”是有缺陷的程序把未初始化的内存（字节 0xCC、0xCD）按 GBK 显示出来的结果。
    原处的文字已经丢失，请对照原稿补正。这些乱码串及其来源字节见 ``dictionaries/garbled/kunkao.txt``。

    **Bad**

    ```text
    会议要求各单位锟斤拷锟斤拷认真落实。
    ```

    **Good**

    ```text
    会议要求各单位认真落实。
    ```
    """
    pattern, first_chars = mojibake.kunkao_pattern()
    for block in document.prose_blocks:
        if not first_chars.search(block.text):
            continue  # a character-class scan is much faster than the alternation
        for match in pattern.finditer(block.text):
            if block.shown(match.start(), match.end()):
                message = f"出现典型乱码“{match.group()}”，原文字已丢失，请核对原稿补正"
                yield Hit.in_block(block, match.start(), match.end(), message)


# --------------------------------------------------------------------------- mojibake-gbk


@rule(
    "garbled.mojibake-gbk",
    name="mojibake-gbk",
    title="生僻字乱码",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="UTF-8 文字被按 GBK 或 Big5 解码，成为生僻字乱码（如“鏀垮簻”）",
    fixable=True,
)
def mojibake_gbk(document: Document, context: Context) -> Iterator[Hit]:
    """UTF-8 文字被按 GBK/GB18030 或 Big5 解码，变成了一串生僻字。

    以 UTF-8 保存的稿件按 GBK 打开后，“政府工作报告”会变成“鏀垮簻宸ヤ綔鎶ュ憡”：
    每两个汉字变成三个不常见的字。govlint 把每段可疑文字按这种错误的编码还原成字节，再按 UTF-8 解码；
    如果得到的是常用汉字，就判定为乱码，并把修复后的文字作为修改建议。正常文字（包括其中的生僻字）
    经不起这样的往返转换，因此不会被误报。

    **Bad**

    ```text
    县政府召开常务会议，审议鏀垮簻宸ヤ綔鎶ュ憡征求意见稿。
    ```

    **Good**

    ```text
    县政府召开常务会议，审议政府工作报告征求意见稿。
    ```
    """
    for block in document.prose_blocks:
        taken: list[tuple[int, int]] = []  # a stretch is reported once, as the first codec repairs it
        for codec, label in mojibake.CODECS:
            for start, end, repaired in mojibake.mojibake_spans(block.text, codec):
                if _overlaps(taken, start, end) or not block.shown(start, end):
                    continue
                taken.append((start, end))
                message = f"疑为乱码：UTF-8 文字被按 {label} 解码，原文应为“{repaired}”"
                yield Hit.in_block(block, start, end, message, repaired)


# --------------------------------------------------------------------------- mojibake-latin1


@rule(
    "garbled.mojibake-latin1",
    name="mojibake-latin1",
    title="西文字母乱码",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="UTF-8 文字被按 Latin-1/cp1252 解码，成为“Ã©”“æ”¿”一类乱码",
    fixable=True,
)
def mojibake_latin1(document: Document, context: Context) -> Iterator[Hit]:
    """UTF-8 文字被按 Latin-1 或 Windows-1252 解码，变成了西文字母乱码。

    文字经过默认使用西文编码的系统转贴后，é 会变成 ``Ã©``，“政府”会变成 ``æ”¿åºœ``。
    govlint 找出这类乱码，用 ftfy（``fix_encoding``）修复；ftfy 只改动确属这类乱码的文字，café、
    naïve 和弯引号等都保持原样。

    **Bad**

    ```text
    县政府与法国合作伙伴在CafÃ© de Flore举行座谈。
    ```

    **Good**

    ```text
    县政府与法国合作伙伴在Café de Flore举行座谈。
    ```
    """
    for block in document.prose_blocks:
        for start, end, repaired in mojibake.latin1_spans(block.text):
            if block.shown(start, end):
                message = f"疑为乱码：UTF-8 文字被按 Latin-1 解码，原文应为“{repaired}”"
                yield Hit.in_block(block, start, end, message, repaired)


# --------------------------------------------------------------------------- control-char


@rule(
    "garbled.control-char",
    name="control-char",
    title="不可见字符",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="出现控制字符、私用区字符、未分配码位或孤立代理码位",
    fixable=True,
)
def control_char(document: Document, context: Context) -> Iterator[Hit]:
    """正文中出现控制字符、私用区字符或未分配码位。

    C0、C1 控制字符（制表符和换行符除外）、私用区字符、未分配码位和孤立代理码位，
    在读者手机上会显示为方框、问号，或者什么也不显示，因机型而异。
    它们多来自从 PDF 或文字处理软件中复制的内容，或是已损坏的文件。
    图标字体放在 ``<i>`` 或 ``.icon`` 元素中的私用区字形，
    以及比当前 Python 的 Unicode 字符表更新的汉字，不报告。修改建议是删除该字符。

    **Bad**

    ```text
    全县共完成造林\ue00012.6万亩。
    ```

    **Good**

    ```text
    全县共完成造林12.6万亩。
    ```
    """
    for block in document.prose_blocks:
        for i, kind in controls.shown_controls(block):
            message = f"出现不可见的{kind} U+{ord(block.text[i]):04X}，在读者手机上显示为方框或问号，应删除"
            yield Hit.in_block(block, i, i + 1, message, "")


# --------------------------------------------------------------------------- entity


@rule(
    "garbled.entity",
    name="entity",
    title="字符实体残留",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="读者看到的文字中出现 &nbsp;、&amp;amp;、&#x4e2d; 等 HTML 实体",
    fixable=True,
)
def entity(document: Document, context: Context) -> Iterator[Hit]:
    """读者看到的文字中出现 ``&nbsp;`` 等 HTML 实体。

    稿件被转义了两次（HTML 源码中写成 ``&amp;nbsp;``），或者把 HTML 源码里的文字复制进了纯文本编辑器，
    读者就会直接看到实体本身。报告位置指向源码中产生这个可见实体的字符；
    修改建议是该实体所代表的字符（夹在汉字之间的多余不换行空格则直接删除）。代码中的实体不报告。

    **Bad**

    ```html
    <p>会议由县委副书记&amp;nbsp;张明主持。</p>
    ```

    **Good**

    ```html
    <p>会议由县委副书记张明主持。</p>
    ```
    """
    for block in document.prose_blocks:
        for start, end, suggestion in leftovers.entities(block.text):
            if block.shown(start, end):
                message = f"读者会看到 HTML 实体“{block.text[start:end]}”，应改为它所代表的字符"
                yield Hit.in_block(block, start, end, message, suggestion)


# --------------------------------------------------------------------------- markup


@rule(
    "garbled.markup",
    name="markup",
    title="标签、占位符残留",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="读者看到的文字中出现 HTML 标签、[img] 等论坛代码或 {{title}} 等模板占位符",
)
def markup(document: Document, context: Context) -> Iterator[Hit]:
    """读者看到的文字中出现 HTML 标签、论坛代码或模板占位符。

    源码中被转义的标签（``&lt;p&gt;``）、随文章一起复制来的论坛代码（``[img]``、``[/url]``），
    以及内容管理系统没有填上内容的模板占位符（``{{title}}``、``${title}``、``$title$``、
    ``{dede:field/}``），都会作为文字显示给读者。只有已知的标签名才算数，所以公式里的 ``a<b`` 不算标签；
    代码部分不检查。

    **Bad**

    ```html
    <p>会议强调，要压实工作责任。&lt;br&gt;各乡镇要抓好落实。</p>
    ```

    **Good**

    ```html
    <p>会议强调，要压实工作责任。<br>各乡镇要抓好落实。</p>
    ```
    """
    for block in document.prose_blocks:
        taken: list[tuple[int, int]] = []  # the first pattern to claim a stretch reports it
        for start, end in leftovers.markup_spans(block.text):
            if _overlaps(taken, start, end) or not block.shown(start, end):
                continue
            taken.append((start, end))
            message = f"读者会看到代码或占位符“{block.text[start:end]}”，应删除或替换为实际内容"
            yield Hit.in_block(block, start, end, message)


# --------------------------------------------------------------------------- pinyin-annotation


@rule(
    "garbled.pinyin-annotation",
    name="pinyin-annotation",
    title="多余注音",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="字后跟着括号注音（如“建设(shè)”），是转换工具留下的",
    fixable=True,
)
def pinyin_annotation(document: Document, context: Context) -> Iterator[Hit]:
    """汉字后面跟着括号注音，是转换工具留下的。

    有些转换工具和输入法会给汉字标上读音，出现“建设(shè)”这样的文字。
    有意的注音是为了说明生僻字或多音字的读法，如“亳（bó）州”；给只有一个读音的常用字注音，
    或者一段中出现三处及以上注音，就是转换工具的产物。括号中的拼音必须是该字的读音（用 pypinyin 核对），
    因此“公司（ABC）”不算注音。修改建议是删除拼音。

    **Bad**

    ```text
    全面推进乡村振兴，加快建设(shè)农业强县。
    ```

    **Good**

    ```text
    全面推进乡村振兴，加快建设农业强县。亳（bó）州市代表团来我县考察。
    ```
    """
    for block in document.prose_blocks:
        for match in pinyin.converter_annotations(block):
            start = match.start(1) + 1
            message = f"“{match.group(1)}”后的注音“{match.group()[1:]}”疑为转换工具留下，应删除"
            yield Hit.in_block(block, start, match.end(), message, "")


# --------------------------------------------------------------------------- question-marks


@rule(
    "garbled.question-marks",
    name="question-marks",
    title="问号乱码",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="连串问号“??”出现在汉字之间，疑为文字在转码中丢失",
)
def question_marks(document: Document, context: Context) -> Iterator[Hit]:
    """一串问号出现在本应是汉字的位置，原来的汉字已经丢失。

    把中文按容纳不了汉字的编码（Latin-1、ASCII）保存时，每个汉字都会变成 ``?``：
    “县人民政府”变成 ``???????``。两个及以上连续的半角问号后面接着汉字，或者出现在段首，就是这种丢字；
    句末的 ``好吗??``、全角的 ``？？``，以及网址和代码中的问号，不报告。

    **Bad**

    ```text
    11月19日，??县召开秋冬季农业生产推进会。
    ```

    **Good**

    ```text
    11月19日，普安县召开秋冬季农业生产推进会。真的吗??
    ```
    """
    for block in document.prose_blocks:
        for start, end in mojibake.lost_characters(block.text):
            if block.shown(start, end):
                message = f"出现 {end - start} 个连续问号，疑为汉字在转码中丢失，请核对原稿补正"
                yield Hit.in_block(block, start, end, message)


# --------------------------------------------------------------------------- mixed-script


@rule(
    "garbled.mixed-script",
    name="mixed-script",
    title="繁简混用",
    severity=Severity.NOTICE,
    stage=Stage.FIRST,
    summary="简体文章中夹杂个别繁体字",
    fixable=True,
    applicability=Applicability.UNSAFE,  # 乾, 於 and the like stay right in names
)
def mixed_script(document: Document, context: Context) -> Iterator[Hit]:
    """简体文章中夹杂着个别繁体字。

    用繁体输入法录入、或从港澳台来源粘贴的文字，会在简体文章中留下“國”“這”“們”等繁体字。
    只有 CC-CEDICT（通过 zhon）列为繁体、且从不作为简体使用的字才算数，
    因此“乾隆”“沈阳”“著名”“于”都没有问题；整体上并非明显简体的文章、有意用繁体书写的分句、
    《》中的标题以及已知人名（如“文徵明”）都不报告。修改建议采用 OpenCC 按词组转换的结果。

    **Bad**

    ```text
    县人民政府召开常务会议，研究部署今冬明春農田水利基本建设工作，要求各乡镇加强组织领导，确保按期完成任务。
    ```

    **Good**

    ```text
    县人民政府召开常务会议，研究部署今冬明春农田水利基本建设工作。乾隆年间修建的沈家堰已列入保护名录。
    ```
    """
    blocks = [b for b in document.prose_blocks if b.in_body or b.kind == "title"]
    if not script.simplified_with_traditional([b.text for b in blocks]):
        return  # not a simplified article with a few traditional characters
    names = proper_names()
    for block in blocks:
        for start, end, suggestion in script.traditional_spans(block.text, names):
            if block.shown(start, end):
                message = f"简体文章中夹杂繁体字“{block.text[start:end]}”，应为“{suggestion}”"
                yield Hit.in_block(block, start, end, message, suggestion)
