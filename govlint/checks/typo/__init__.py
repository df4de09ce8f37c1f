"""Check ``typo`` (错别字、漏字、多字): the rules.

Their helpers beside them: ``duplicates`` (doubled words and characters),
``prepare`` (the batch steps of typo.missing-char and typo.wrong-char). The
engine and its lexicons are ``govlint/typo/`` (docs/typo-engine.md).
"""

from __future__ import annotations

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
    name="duplicate-word",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="同一词语或虚词连续重复（如“进行进行”“的的”），多字",
    fixable=True,
)
def duplicate(document: Document, context: Context) -> Iterator[Hit]:
    """A word, or a function character, is written twice in a row.

    Doubled words (多字) come from editing: a phrase pasted twice, or a
    sentence rewritten without deleting the old word. Words that Chinese
    legitimately reduplicates (研究研究, 雪白雪白, 一步一步) are listed in
    ``dictionaries/typo/reduplication.txt`` and not reported; add your own
    with ``allow_words`` in the configuration. A single character is reported
    only if it is a function word that is never doubled (的的, 了了, 是是;
    the list is ``dictionaries/typo/doubled_chars.txt``) and the segmentation
    keeps both copies apart from their neighbours: 的的确确, 不了了之,
    是是非非, 目的的 (目的 + 的) and 为了了解 (为了 + 了解) are correct.
    The suggestion keeps one copy.

    Measured (benchmarks/README.md; published reports and news with one
    planted defect per 2,000 Han characters): recall 98%, precision
    99.9%; 0.01 findings per 10,000 characters of the published text itself.

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
    name="common-misspelling",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="常见错误写法（如“按步就班”应为“按部就班”）",
    fixable=True,
)
def confusion(document: Document, context: Context) -> Iterator[Hit]:
    """A phrase is written in a well-known wrong form.

    The pairs come from ``dictionaries/typo/confusion.tsv``: a few hundred
    misspellings that usage guides list again and again (按步就班, 一愁莫展,
    默守成规, 穿流不息 ...), each with its right form. Add your own with the
    ``confusion_pairs`` configuration key (files of ``wrong<TAB>right`` lines);
    words in ``allow_words`` are never reported.

    Measured (benchmarks/README.md; published reports and news with one
    planted defect per 2,000 Han characters): recall 100%, precision
    99.8%; 0.01 findings per 10,000 characters of the published text itself.

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
    name="misused-word",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="语境决定的用词错误（如“截止2025年底”应为“截至”，信息“泄漏”应为“泄露”）",
    fixable=True,
    applicability=Applicability.UNSAFE,
)
def misuse(document: Document, context: Context) -> Iterator[Hit]:
    """A word is misused where its context decides.

    These are the misuses that 公文 proofreading guides list first: 截止
    before a date where 截至 is meant (截止日期 and 截止到 are right), 泄漏
    of information (泄露; gas 泄漏 is right), 显着 for 显著, 善长 for
    擅长, 与论 for 舆论, 芳龄 for survey respondents (a register only for young
    women), 的 between an adverbial and its verb (积极地推进) and before a
    complement (做得很扎实). The rules are data with their sources
    (``dictionaries/typo/misuse.toml``); the message gives the reason. Pairs
    that ``typo.confusion`` lists are left to it, and ``allow_words`` are never
    reported. Its edits are unsafe (``--fix --unsafe-fixes``): a context
    rule can still misjudge a sentence. Measured (benchmarks/README.md:
    published reports and news, one planted defect per 2,000 Han
    characters): recall 89%, precision 100%; no finding on the 1.1 million
    characters of published text itself, so an error.

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
    name="misspelt-idiom",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="成语或固定说法中有错别字",
    fixable=True,
)
def idiom(document: Document, context: Context) -> Iterator[Hit]:
    """A four-character idiom or fixed expression has one wrong character.

    The idioms are the four-character entries that jieba's dictionary tags as
    idioms (成语) or fixed expressions (习用语), about 35,000. A window of four
    characters that is no word itself, differs from one of them in a single
    character, and whose two characters sound or look alike (pycorrector's
    same-pinyin and same-stroke sets) is reported with the idiom. Pairs that
    ``typo.confusion`` lists are left to it.

    Measured (benchmarks/README.md; published reports and news with one
    planted defect per 2,000 Han characters): recall 84%, precision
    99.3%; 0.03 findings per 10,000 characters of the published text itself.

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
    name="missing-character",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="词语、成语或段首漏字（如“乡村振兴”写成“乡村振”）",
    fixable=True,
    applicability=Applicability.UNSAFE,
    prepare=prepare_missing_char,
)
def missing_char(document: Document, context: Context) -> Iterator[Hit]:
    """A phrase has lost a character.

    Three kinds of evidence: a four-character idiom written with three of its
    characters (迫不待 for 迫不及待); a four-character phrase that the
    same document uses at least twice but writes once without one of its
    characters (乡村振 among several 乡村振兴); and a body paragraph whose
    first character was cut off (民政府召开 for 人民政府召开, 日，某部通报 for
    近日，, 们要 for 我们要: "第一段文字开头漏字" in the provincial monitoring
    reports). A document phrase counts only where the shortened form is no
    word of its own, no number is written another way, and phrase and
    shortened form stand as whole words (发展中国 of 发展中国家 does not).
    The character must be missing by the text's own segmentation too:
    putting it back has to turn the place into lexicon words. The finding is an empty range at the insertion point,
    with the missing character as suggestion.

    Measured (benchmarks/README.md; published reports and news with one
    planted defect per 2,000 Han characters): recall 67% (a cut-off
    first paragraph 81%, a phrase the document repeats 37%, an idiom 64%),
    precision 93%; 0.48 findings per 10,000 characters of the published text.

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
    name="wrong-character",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="疑似错别字（离线模型：词频与字搭配证据）",
    fixable=True,
    applicability=Applicability.UNSAFE,
    prepare=prepare_wrong_char,
)
def wrong_char(document: Document, context: Context) -> Iterator[Hit]:
    """A character is probably a typo for a similar-sounding or similar-looking one.

    The offline engine (docs/typo-engine.md) suspects a character that sits
    in no frequent word, tries the characters that sound or look like it,
    and reports a replacement only when it makes a frequent lexicon word and
    the sentence segments and reads clearly better. Person and place names
    (pycorrector's lists) and ``allow_words`` are never changed; nor is a
    character the document writes with the same neighbour again (its own
    usage). It is a warning: on public test sets about 19 in 20 of its
    sentence-level findings are right, but on published official writing,
    whose current vocabulary its evidence lacks, it still raises 3.4 false
    findings per 10,000 characters; with one planted defect per 2,000
    characters it finds 89% of them and 70% of its findings are right
    (benchmarks/README.md). With the ``deep`` extra and ``typo_model`` set, a
    local MacBERT model adds its corrections.

    **Bad**

    ```text
    要坚持以人民为中心，切实解决群众急难愁盼问提。
    ```

    **Good**

    ```text
    要坚持以人民为中心，切实解决群众急难愁盼问题。
    ```
    """
    if WRONG_KEY not in context.prepared:  # checked on its own: a batch of one
        prepare_wrong_char([document], [context])
    given, found = context.prepared.pop(WRONG_KEY)
    deep = _deep_edits(given.texts, context)
    document_text = "\n".join(given.texts)
    offset = 0
    for n, block in enumerate(given.blocks):
        text = block.text
        here, offset = offset, offset + len(text) + 1
        protected = given.masks[n]
        edits = {e.index: e.suggestion for e in found[n]}
        for index, suggestion in deep[n].items():
            if not protected[index]:
                edits.setdefault(index, suggestion)
        for index, suggestion in sorted(edits.items()):
            if block.shown(index) and not _written_so_elsewhere(document_text, here + index, suggestion):
                message = f"“{text[index]}”疑为错别字，建议改为“{suggestion}”"
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
