"""Check ``font`` (字号 / 字体不统一): body text in mixed sizes or families.

Sizes and families come from :mod:`govlint.readers.css` (inline styles, ``<font>``,
``<style>`` rules, inheritance, the 16px default). Only *body text* is held to
the body size: headings (h1-h6, short bold lines), captions and credit lines
(来源、编辑、审核 ...) and the endnotes after a notes heading (注释：) are
looked at by ``font.aside-size`` alone, and text a layout sets apart
(quotes, boxes, link lists, short centred lines) by none.
Text whose size nothing in the document sets, in a page that links an
external style sheet, has an unknown size and is left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from govlint import bylines
from govlint.checks._prose import letter_count
from govlint.data import data_path, entries
from govlint.han import is_han
from govlint.model import Block, Document, Run
from govlint.rules import Context, Hit, Severity, Stage, rule
from govlint.style import ROOT, Style

MIN_READABLE_PX = 12.0
_TOLERANCE = 0.5  # px: 14pt is 18.67px, and editors round
_SHORT_LINE = 30  # a bold or centred line this short is a title line
_SET_APART = frozenset({"blockquote", "figcaption", "figure", "aside", "sub", "sup"})
_TINY_LINE = 5  # END, （完）, 扫码关注: too short to be body text
_RUNNING_KINDS = frozenset({"paragraph", "list_item"})  # a quote is set apart by its layout
# A line that opens the endnotes: 注释：, 附注, 注：, 备注 (a line of its own).
_NOTES_HEADING = re.compile(r"^[（(【\[]?(?:注释|附注|注|备注|说明)[）)】\]]?[:：]?$")
_CAPTION_MARK = re.compile(r"^[▲△▼▽↑↓●◆■]|^图为|[（(][^（）()]{0,12}摄[）)]$|^[（(]?图[/／]")


class _Piece(NamedTuple):  # a tuple: built for every run of every document
    """A stretch of one run of visible text with its computed style."""

    start: int
    end: int
    style: Style
    words: int  # letters and Han characters in it (punctuation and spaces do not count)
    in_link: bool


class _Line(NamedTuple):
    block: Block
    role: str  # body, heading or aside
    pieces: tuple[_Piece, ...]


# --------------------------------------------------------------------------- reading the document


@lru_cache(maxsize=1)
def _aside_openings() -> re.Pattern[str]:
    """A byline label opening a line (来源：, 【编辑】, 图片来源 |)."""
    return re.compile(r"^[（(【\[]?\s*(?:" + "|".join(map(re.escape, bylines.labels())) + r")\s*[:：|丨｜/]")


def _lines(document: Document) -> tuple[_Line, ...]:
    """Body blocks with their visible pieces, each with its role; cached per document."""
    cached = _CACHE.get(id(document))
    if cached is not None and cached[0] is document:
        return cached[1]
    size_unknown = not document.styles_complete  # a linked style sheet may set sizes too
    lines = []
    in_notes = False
    for block in document.body_blocks:
        if not block.is_prose or block.kind == "table_cell":
            continue
        pieces = [piece for run in block.runs if (piece := _piece(block, run, size_unknown)) is not None]
        if not pieces:
            continue
        role = _role(block, pieces)
        # After a notes heading (注释：) come the document's endnotes, set
        # apart as asides: a statistical bulletin sets them a size smaller.
        if in_notes and role == "body":
            role = "aside"
        in_notes = in_notes or bool(_NOTES_HEADING.match(block.text.strip()))
        lines.append(_Line(block, role, tuple(pieces)))
    result = tuple(lines)
    _CACHE.clear()  # one document at a time: the checks run document by document
    _CACHE[id(document)] = (document, result)
    return result


_CACHE: dict[int, tuple[Document, tuple[_Line, ...]]] = {}


def _piece(block: Block, run: Run, size_unknown: bool) -> _Piece | None:
    """The run as a piece of visible text with letters in it, or None
    (hidden, a subscript or superscript, or no letters)."""
    if run.hidden or any(e.tag in ("sub", "sup") for e in run.elements[-3:]):
        return None
    style = run.style or ROOT
    if style.invisible:
        return None
    if size_unknown and not style.font_size_set:
        style = replace(style, font_size=-1.0)  # set by a style sheet we cannot see
    words = letter_count(block.text, run.start, run.end)
    if not words:
        return None
    return _Piece(run.start, run.end, style, words, any(e.tag == "a" for e in run.elements))


def _role(block: Block, pieces: list[_Piece]) -> str:
    """body; heading (h1-h6, a short bold line); aside (caption, credit line);
    or other: text a layout may set apart (quotes, boxed text, link lists,
    short centred lines such as 点击上方蓝字关注我们, END, （完）)."""
    return _role_by_kind(block) or _role_by_text(block.text.strip(), pieces)


def _role_by_kind(block: Block) -> str | None:
    """The role the block's kind or enclosing elements decide, or None for a paragraph or list item."""
    if block.kind in ("heading", "title"):
        return "heading"
    if block.kind == "caption":
        return "aside"
    if block.kind not in _RUNNING_KINDS:
        return "other"
    if block.runs and any(e.tag in _SET_APART for e in block.runs[0].elements):
        return "other"
    return None


def _role_by_text(text: str, pieces: list[_Piece]) -> str:
    """The role of a paragraph or list item, read from its text and the style of its pieces."""
    if _aside_openings().match(text) or _CAPTION_MARK.search(text):
        return "aside"
    if not any(map(is_han, text)):  # a figure, a number or a label (15767, END): no prose
        return "other"
    visible = sum(p.words for p in pieces)
    short = visible <= _SHORT_LINE and not text.endswith(("。", "；", "，"))
    if short and (all(p.style.bold for p in pieces) or _set_as_heading(pieces)):
        return "heading"
    if visible < _TINY_LINE or (short and _all_aligned_aside(pieces)):
        return "other"
    if all(p.in_link for p in pieces) or all(p.style.background_set for p in pieces):
        return "other"
    return "body"


def _set_as_heading(pieces: list[_Piece]) -> bool:
    """A line wholly in 黑体 or 楷体: GB/T 9704 sets headings so (一级标题
    黑体, 二级标题楷体), without bold; the caller asks that it be short and
    end without a sentence's punctuation."""
    return all(p.style.family_set and family_class(p.style.font_family) in _RUN_IN_CLASSES for p in pieces)


def _all_aligned_aside(pieces: list[_Piece]) -> bool:
    """Every piece centred or right-aligned: a layout line, not running text."""
    return all(p.style.text_align in ("center", "right") for p in pieces)


def _size_key(size: float) -> float:
    return round(size, 1)


def _px(size: float) -> str:
    """``15px``; a size set in points shows them too: ``21.3px（16pt）``."""
    text = f"{size:.1f}".rstrip("0").rstrip(".") + "px"
    points = size * 0.75
    if abs(size - round(size)) > 0.05 and abs(points * 2 - round(points * 2)) < 0.05:
        text += f"（{points:g}pt）" if points == int(points) else f"（{round(points * 2) / 2:g}pt）"
    return text


@lru_cache(maxsize=1)
def _size_names() -> dict[float, str]:
    """Points -> 字号 name (三号, 小四 ...), from ``dictionaries/font/zihao.tsv``."""
    names = {}
    for entry in entries(data_path("font/zihao.tsv")):
        name, points = entry.split("\t")
        names[float(points)] = name
    return names


def _size(size: float, document: Document) -> str:
    """A size as the editor set it: px in a web page, 字号 and points in a
    Word draft (``小四（12pt）``, ``13pt`` where the size has no name)."""
    if document.format != "docx":
        return _px(size)
    points = round(size * 0.75 * 2) / 2
    name = _size_names().get(points)
    return f"{name}（{points:g}pt）" if name else f"{points:g}pt"


def _majority(counter: Counter) -> object | None:
    return counter.most_common(1)[0][0] if counter else None


def _body_size(lines: tuple[_Line, ...]) -> float | None:
    counts: Counter[float] = Counter()
    for line in lines:
        if line.role == "body":
            for piece in line.pieces:
                if piece.style.font_size >= 0:
                    counts[_size_key(piece.style.font_size)] += piece.words
    return _majority(counts)  # type: ignore[return-value]


def _block_span(line: _Line) -> tuple[int, int]:
    return line.pieces[0].start, line.pieces[-1].end


def _stretches(line: _Line, odd) -> Iterator[tuple[int, int, object]]:
    """Consecutive pieces for which ``odd(piece)`` gives the same non-None value."""
    current: list = []
    for piece in line.pieces:
        value = odd(piece)
        if current and value != current[2]:
            yield tuple(current)
            current = []
        if value is not None:
            if current:
                current[1] = piece.end
            else:
                current = [piece.start, piece.end, value]
    if current:
        yield tuple(current)


def _dominant(line: _Line, key) -> object | None:
    counts: Counter = Counter()
    for piece in line.pieces:
        value = key(piece)
        if value is not None:
            counts[value] += piece.words
    return _majority(counts)


# --------------------------------------------------------------------------- rules


@rule(
    "font.mixed-size",
    title="字号不统一",
    name="mixed-font-size",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="正文段落字号与全文正文字号不一致",
)
def mixed_size(document: Document, context: Context) -> Iterator[Hit]:
    """正文段落或段内部分文字的字号与正文字号不一致。

    正文字号取正文中多数字符的字号。省级监测通报把文章各段字号不一列为版式问题，常见原因是从
    其他稿件或 Word 中粘贴段落时带入了原有字号。标题、加粗的短标题行、图注和署名行（来源、编辑、
    审核……）、引文、文本框、链接列表、居中的短行（点击上方蓝字关注我们、END）以及“注释：”
    “附注”等单独成行的标题之后的文末注释（统计公报常用小一号字）都不算正文，不要求与正文字号
    一致。字号按浏览器的方式计算：行内样式、``<font size>``、``<style>`` 规则和
    样式继承，单位支持 ``px``、``pt``、``em``、``rem``、``%`` 和关键字，默认为 16px。

    **Bad**

    ```html
    <p><span style="font-size: 15px;">11月19日，县政府召开秋冬季农业生产工作推进会，部署下一阶段工作。</span></p>
    <p><span style="font-size: 18px;">会议强调，各乡镇、各部门要增强责任感和紧迫感，确保任务按时完成。</span></p>
    <p><span style="font-size: 15px;">会议要求，各乡镇要加强统筹协调，强化督查调度，确保完成全年任务。</span></p>
    ```

    **Good**

    ```html
    <p><strong><span style="font-size: 16px;">一、抓实秋冬种生产</span></strong></p>
    <p><span style="font-size: 15px;">11月19日，县政府召开秋冬季农业生产工作推进会，部署下一阶段工作。</span></p>
    <p><span style="font-size: 15px;">会议强调，各乡镇、各部门要增强责任感和紧迫感，确保任务按时完成。</span></p>
    <p style="text-align: right;"><span style="font-size: 12px;">编辑：吴静　审核：杨帆</span></p>
    ```
    """
    lines = _lines(document)
    body = _body_size(lines)
    if body is None:
        return

    def size_of(piece: _Piece) -> float | None:
        size = piece.style.font_size
        return _size_key(size) if size >= 0 else None

    for line in lines:
        if line.role != "body":
            continue
        dominant = _dominant(line, size_of)
        if dominant is None:
            continue
        if abs(dominant - body) > _TOLERANCE:  # type: ignore[operator]
            start, end = _block_span(line)
            message = f"本段字号为 {_size(dominant, document)}，与正文字号 {_size(body, document)} 不一致，请统一字号"  # type: ignore[arg-type]
            yield Hit.in_block(line.block, start, end, message)
            continue

        def odd(piece: _Piece) -> float | None:
            size = size_of(piece)
            return size if size is not None and abs(size - body) > _TOLERANCE else None

        for start, end, size in _stretches(line, odd):
            message = f"此处文字字号为 {_size(size, document)}，与正文字号 {_size(body, document)} 不一致，请统一字号"  # type: ignore[arg-type]
            yield Hit.in_block(line.block, start, end, message)


@rule(
    "font.aside-size",
    title="标题、图注字号异常",
    name="odd-aside-size",
    severity=Severity.NOTICE,
    stage=Stage.FIRST,
    summary="小标题小于正文字号，或图注、署名等辅助文字大于正文字号",
)
def aside_size(document: Document, context: Context) -> Iterator[Hit]:
    """小标题字号小于正文，或图注、署名行字号大于正文。

    标题和标题行的字号通常不小于正文，图注和署名行（图注、来源、编辑、审核……）通常不大于正文。
    反过来多半是字号丢失或粘贴时带入；但版式设计也可能有意如此，所以本规则只作提示。

    **Bad**

    ```html
    <p><strong><span style="font-size: 12px;">一、抓实秋冬种生产</span></strong></p>
    <p><span style="font-size: 15px;">各乡镇要抢抓有利天气，组织农机服务队开展代耕代种，按时完成秋冬种。</span></p>
    <p><span style="font-size: 15px;">农业农村部门要加强技术指导，做好病虫害监测预警，提高单产水平。</span></p>
    ```

    **Good**

    ```html
    <p><strong><span style="font-size: 17px;">一、抓实秋冬种生产</span></strong></p>
    <p><span style="font-size: 15px;">各乡镇要抢抓有利天气，组织农机服务队开展代耕代种，按时完成秋冬种。</span></p>
    <p><span style="font-size: 15px;">农业农村部门要加强技术指导，做好病虫害监测预警，提高单产水平。</span></p>
    <p><span style="font-size: 13px;">来源：县农业农村局</span></p>
    ```
    """
    lines = _lines(document)
    body = _body_size(lines)
    if body is None:
        return
    for line in lines:
        if line.role == "body":
            continue
        dominant = _dominant(line, lambda p: _size_key(p.style.font_size) if p.style.font_size >= 0 else None)
        if dominant is None:
            continue
        start, end = _block_span(line)
        if line.role == "heading" and dominant < body - _TOLERANCE:  # type: ignore[operator]
            message = f"标题字号 {_size(dominant, document)} 小于正文字号 {_size(body, document)}，请核对"  # type: ignore[arg-type]
            yield Hit.in_block(line.block, start, end, message)
        elif line.role == "aside" and dominant > body + _TOLERANCE:  # type: ignore[operator]
            message = f"图注或署名字号 {_size(dominant, document)} 大于正文字号 {_size(body, document)}，请核对"  # type: ignore[arg-type]
            yield Hit.in_block(line.block, start, end, message)


_FAMILY_CLASSES = (  # (substring of the family name, visual class), most specific first
    ("小标宋", "小标宋"),
    ("xiaobiaosong", "小标宋"),
    ("仿宋", "仿宋"),
    ("fangsong", "仿宋"),
    ("楷", "楷体"),
    ("kai", "楷体"),
    ("sans", "黑体"),
    ("宋", "宋体"),
    ("song", "宋体"),
    ("serif", "宋体"),
    ("times", "宋体"),
    ("georgia", "宋体"),
    ("黑", "黑体"),
    ("hei", "黑体"),
    ("pingfang", "黑体"),
    ("苹方", "黑体"),
    ("system", "黑体"),
    ("apple", "黑体"),
    ("arial", "黑体"),
    ("helvetica", "黑体"),
    ("mp-quote", "黑体"),
    ("optima", "黑体"),
    ("等线", "黑体"),
    ("dengxian", "黑体"),
    ("segoe", "黑体"),
    ("roboto", "黑体"),
    ("tahoma", "黑体"),
    ("verdana", "黑体"),
    ("noto sans", "黑体"),
    ("思源黑", "黑体"),
)


def family_class(name: str) -> str:
    """The visual class of a family (宋体、黑体、仿宋、楷体 ...), so that
    微软雅黑 and PingFang SC, which render alike, do not count as a mix."""
    for needle, visual in _FAMILY_CLASSES:
        if needle in name:
            return visual
    return name


@rule(
    "font.mixed-family",
    title="字体不统一",
    name="mixed-font-family",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="正文使用了不止一种字体",
)
def mixed_family(document: Document, context: Context) -> Iterator[Hit]:
    """正文使用了不止一种字体（如宋体与微软雅黑混用）。

    字体按读者看到的效果比较：微软雅黑、黑体、PingFang SC 和系统无衬线字体算一类，宋体和衬线
    字体算一类，仿宋、楷体、小标宋各算一类。没有设置字体的文字不参与比较，因为显示什么字体由
    平台决定。标题、图注和署名行不算正文；单独成行、整行用黑体或楷体、末尾没有句号的短行
    是小标题（GB/T 9704：一级标题用黑体，二级标题用楷体），没有汉字的行（图表中的数字）也不算
    正文。段首与正文连排、用楷体或黑体的序号小标题（如“（一）加强宣传教育。”）不报告，
    GB/T 9704 就是这样排的。

    **Bad**

    ```html
    <p><span style="font-family: 微软雅黑;">会议指出，今年以来全县粮食生产再获丰收，农村人居环境明显改善。</span></p>
    <p><span style="font-family: 微软雅黑;">会议强调，各乡镇要增强责任感和紧迫感，确保各项任务按时完成。</span></p>
    <p><span style="font-family: 宋体, SimSun;">会议要求，各部门要加强统筹协调，确保全年目标任务圆满完成。</span></p>
    ```

    **Good**

    ```html
    <p><span style="font-family: 微软雅黑;">会议指出，今年以来全县粮食生产再获丰收，农村人居环境明显改善。</span></p>
    <p><span style="font-family: 'PingFang SC', sans-serif;">会议强调，各乡镇要增强责任感，确保按时完成。</span></p>
    ```
    """
    lines = _lines(document)
    names: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    for line in lines:
        if line.role == "body":
            for piece in line.pieces:
                if piece.style.family_set:
                    names[piece.style.font_family] += piece.words
                    classes[family_class(piece.style.font_family)] += piece.words
    body_class = _majority(classes)
    if body_class is None or len(classes) < 2:
        return
    body_name = next(n for n, _ in names.most_common() if family_class(n) == body_class)

    def family_of(piece: _Piece) -> str | None:
        return piece.style.font_family if piece.style.family_set else None

    for line in lines:
        if line.role != "body":
            continue
        dominant = _dominant(line, family_of)
        if dominant is None:
            continue
        if family_class(dominant) != body_class:  # type: ignore[arg-type]
            start, end = _block_span(line)
            message = f"本段字体为“{dominant}”，与正文字体“{body_name}”不一致，请统一字体"
            yield Hit.in_block(line.block, start, end, message)
            continue

        def odd(piece: _Piece) -> str | None:
            family = family_of(piece)
            return family if family is not None and family_class(family) != body_class else None

        for start, end, family in _stretches(line, odd):
            if _run_in_heading(line, start, end, family):  # type: ignore[arg-type]
                continue
            message = f"此处文字字体为“{family}”，与正文字体“{body_name}”不一致，请统一字体"
            yield Hit.in_block(line.block, start, end, message)


# A 公文 heading number: 一、 （一） 1. （1） 第一条.
_HEADING_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、]|[（(]\d{1,2}[)）]|第[一二三四五六七八九十百]+条)"
)
_RUN_IN_CLASSES = frozenset({"黑体", "楷体"})


def _run_in_heading(line: _Line, start: int, end: int, family: str) -> bool:
    """A heading run into its paragraph: “（一）加强宣传教育。” in 楷体 (or
    黑体) at the start, body text after it; GB/T 9704 sets headings so."""
    return (
        start == line.pieces[0].start
        and end < line.pieces[-1].end
        and end - start <= _SHORT_LINE + 10
        and family_class(family) in _RUN_IN_CLASSES
        and bool(_HEADING_NUMBER.match(line.block.text[start:end]))
    )


@rule(
    "font.too-small",
    title="字号过小",
    name="font-too-small",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="正文字号小于 12px，读者难以看清",
)
def too_small(document: Document, context: Context) -> Iterator[Hit]:
    """正文字号小于 12px。

    字号小于 12px 时，汉字在手机屏幕上会丢失笔画；政务新媒体的正文一般为 14 至 17px。字号为
    0px（或小于 1px）的文字属于隐藏文字，改由 ``link.hidden`` 报告；图注和署名行可以用小字号，
    不在检查范围内。

    **Bad**

    ```html
    <p><span style="font-size: 10px;">各乡镇要抢抓有利天气，组织农机服务队开展代耕代种，按时完成秋冬种。</span></p>
    ```

    **Good**

    ```html
    <p><span style="font-size: 15px;">各乡镇要抢抓有利天气，组织农机服务队开展代耕代种，按时完成秋冬种。</span></p>
    ```
    """
    for line in _lines(document):
        if line.role != "body":
            continue

        def small(piece: _Piece) -> float | None:
            size = piece.style.font_size
            return _size_key(size) if 0 <= size < MIN_READABLE_PX - 0.01 else None

        for start, end, size in _stretches(line, small):
            message = (
                f"字号仅 {_size(size, document)}，小于 {_size(MIN_READABLE_PX, document)}，读者难以看清，请调大字号"  # type: ignore[arg-type]
            )
            yield Hit.in_block(line.block, start, end, message)
