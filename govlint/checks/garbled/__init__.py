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
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="正文中出现替换字符 �（U+FFFD），原文字已丢失",
)
def replacement_char(document: Document, context: Context) -> Iterator[Hit]:
    """Visible text contains U+FFFD REPLACEMENT CHARACTER.

    U+FFFD is what software writes when it could not decode a character: the
    original character is lost, and readers see a black diamond (乱码). It
    comes from a draft saved in one encoding and read in another, or from
    bytes damaged in transfer. Bytes of the file itself that do not decode are
    reported the same way, with the encoding govlint read the file in.

    Measured (benchmarks/README.md; published reports and news with one
    planted defect per 2,000 Han characters): recall 100%, precision
    100%; no finding on the published text itself.

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
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="出现“锟斤拷”“烫烫烫”“屯屯屯”等典型乱码",
)
def kunkao(document: Document, context: Context) -> Iterator[Hit]:
    """Text contains a classic garbage string such as 锟斤拷 or 烫烫烫.

    锟斤拷 is two U+FFFD replacement characters saved as UTF-8 and read back
    as GBK (嚙踝蕭 as Big5); 烫烫烫 and 屯屯屯 are uninitialised memory
    (bytes 0xCC and 0xCD) printed as GBK by a buggy program. Whatever stood
    there is lost: restore it from the original. The strings are listed,
    with the bytes they come from, in ``dictionaries/garbled/kunkao.txt``.

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
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="UTF-8 文字被按 GBK 或 Big5 解码，成为生僻字乱码（如“鏀垮簻”）",
    fixable=True,
)
def mojibake_gbk(document: Document, context: Context) -> Iterator[Hit]:
    """UTF-8 text was decoded as GBK/GB18030 or Big5 and became rare characters.

    A draft saved as UTF-8 and opened as GBK turns 政府工作报告 into
    鏀垮簻宸ヤ綔鎶ュ憡: every two Chinese characters become three unusual
    ones. govlint encodes each suspicious run back with the wrong codec and
    decodes the bytes as UTF-8; when that gives common Chinese, the run is
    mojibake and the suggestion is the repaired text. Ordinary text, rare
    characters included, does not survive that round trip.

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
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="UTF-8 文字被按 Latin-1/cp1252 解码，成为“Ã©”“æ”¿”一类乱码",
    fixable=True,
)
def mojibake_latin1(document: Document, context: Context) -> Iterator[Hit]:
    """UTF-8 text was decoded as Latin-1 or Windows-1252.

    Text pasted through a system that assumed a Western encoding comes out
    as ``Ã©`` for é and ``æ”¿åºœ`` for 政府. govlint finds these runs and
    repairs them with ftfy (``fix_encoding``), which only changes text that
    really is such mojibake: café, naïve and curly quotes stay as they are.

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
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="出现控制字符、私用区字符、未分配码位或孤立代理码位",
    fixable=True,
)
def control_char(document: Document, context: Context) -> Iterator[Hit]:
    """Text contains control characters, private-use or unassigned code points.

    C0 and C1 control characters (other than tab and line breaks), private-use
    characters, unassigned code points and lone surrogates display as boxes,
    question marks or nothing, depending on the reader's phone. They come
    from copying out of PDFs and word processors, or from damaged files.
    Private-use glyphs of icon fonts inside ``<i>`` or ``.icon`` elements and
    Han characters newer than this Python's Unicode tables are not reported.
    The suggestion deletes the character.

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
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="读者看到的文字中出现 &nbsp;、&amp;amp;、&#x4e2d; 等 HTML 实体",
    fixable=True,
)
def entity(document: Document, context: Context) -> Iterator[Hit]:
    """Readers see an HTML entity such as ``&nbsp;`` as text.

    A draft escaped twice (``&amp;nbsp;`` in the HTML source), or text
    copied out of an HTML source into a plain-text editor, shows the entity
    itself to readers. The finding points at the source characters that
    produce the visible entity; the suggestion is the character it stands
    for (nothing for a stray no-break space between Chinese characters).
    Entities inside code are not reported.

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
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="读者看到的文字中出现 HTML 标签、[img] 等论坛代码或 {{title}} 等模板占位符",
)
def markup(document: Document, context: Context) -> Iterator[Hit]:
    """Readers see markup: an HTML tag, BBCode or a template placeholder.

    An escaped tag (``&lt;p&gt;`` in the source), forum code copied with an
    article (``[img]``, ``[/url]``) and template placeholders a CMS failed to
    fill (``{{title}}``, ``${title}``, ``$title$``, ``{dede:field/}``) show up
    as text. Only known tag names count, so ``a<b`` in a formula is not
    markup; code is not checked.

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
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="字后跟着括号注音（如“建设(shè)”），是转换工具留下的",
    fixable=True,
)
def pinyin_annotation(document: Document, context: Context) -> Iterator[Hit]:
    """A character is followed by its own pinyin in brackets, left by a converter.

    Some converters and input tools annotate characters with their reading,
    giving 建设(shè). A deliberate annotation explains a rare or
    polyphonic character (亳（bó）州); one on a common character that has a
    single reading, or three or more in one paragraph, is converter output.
    The pinyin must be a reading of the character (checked with pypinyin),
    so 公司（ABC） is not an annotation. The suggestion drops the pinyin.

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
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="连串问号“??”出现在汉字之间，疑为文字在转码中丢失",
)
def question_marks(document: Document, context: Context) -> Iterator[Hit]:
    """A run of ``?`` stands where Chinese characters were lost.

    Saving Chinese text in an encoding that cannot hold it (Latin-1, ASCII)
    turns each character into ``?``: 县人民政府 becomes ``???????``. A run
    of two or more half-width question marks followed by Chinese text, or
    at the start of a paragraph, is such a loss; ``好吗??`` ending a
    sentence, full-width ``？？``, URLs and code are not reported.

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
    severity=Severity.NOTICE,
    stage=Stage.FIRST,
    summary="简体文章中夹杂个别繁体字",
    fixable=True,
    applicability=Applicability.UNSAFE,  # 乾, 於 and the like stay right in names
)
def mixed_script(document: Document, context: Context) -> Iterator[Hit]:
    """Traditional characters are scattered through a simplified article.

    Characters typed with a traditional input method, or pasted from a
    Hong Kong or Taiwan source, leave 國, 這, 們 among simplified text. A
    character counts only when CC-CEDICT (through zhon) lists it as
    traditional and never as simplified, so 乾隆, 沈阳, 著名 and 于 are
    fine; an article that is not clearly simplified, a clause written in
    traditional on purpose, titles in 《》 and known person names (文徵明)
    are not reported. The suggestion is OpenCC's phrase-aware conversion.

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
