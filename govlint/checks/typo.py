"""Check ``typo`` (错别字、漏字、多字)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from govlint.data import word_list
from govlint.model import Block, Document
from govlint.rules import Applicability, Context, Hit, Severity, Stage, rule
from govlint.typo.segment import tokenizer

if TYPE_CHECKING:
    import numpy as np

# Blocks whose text is prose; code is quoted verbatim and not proofread.
_PROSE = frozenset({"title", "heading", "paragraph", "list_item", "table_cell", "caption", "quote"})


# jieba's tokenizer, loaded once per process and shared with typo.missing-char.
_tokenizer = tokenizer


# The longest word of jieba's dictionary (16 characters; a test checks the
# installed jieba): a repeat longer than that cannot be one word written twice.
# A constant, so that a draft without any repeat never loads jieba (0.5 s).
LONGEST_WORD = 16


@lru_cache(maxsize=1)
def _repeat_pattern() -> re.Pattern[str]:
    """Two equal runs of 2+ Han characters, no longer than jieba's longest
    word, back to back: what every duplicated word needs. The characters are
    those jieba segments into words (``re_han_default``): it never puts any
    other character in a word of two or more."""
    return re.compile(rf"([\u4e00-\u9fd5]{{2,{LONGEST_WORD}}})\1")


def _tokens_near_repeats(text: str) -> Iterator[tuple[str, int, int]]:
    """jieba's tokens (word, start, end) of ``text``, but only in the runs it
    segments on their own (Han, letters, digits) that hold a repeated
    stretch of Han characters: no other token can be a duplicated word."""
    return _chunk_tokens(text, [m.start() for m in _repeat_pattern().finditer(text)])


def _chunk_tokens(text: str, places: list[int]) -> Iterator[tuple[str, int, int]]:
    """jieba's tokens (word, start, end) of the runs of ``text`` it segments
    on their own that hold one of ``places`` (sorted offsets)."""
    if not places:
        return
    import jieba

    tokenizer = _tokenizer()
    for chunk in jieba.re_han_default.finditer(text):
        at = bisect.bisect_left(places, chunk.start())
        if at == len(places) or places[at] >= chunk.end():
            continue
        start = chunk.start()
        for word in tokenizer.cut(chunk.group(), HMM=False):
            yield word, start, start + len(word)
            start += len(word)


def _is_han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in word)


def _legitimate_repeat(word: str, allowed: frozenset[str]) -> bool:
    if word in allowed or word in word_list("typo/reduplication.txt"):
        return True
    # Numeral + classifier repeats distributively: 一个一个、一步一步、一天一天.
    return len(word) == 2 and word[0] == "一"


def duplicate_spans(block: Block, allowed: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of each word of 2+ Han characters written twice in a row.

    The word must be a token of jieba's segmentation, and the copy must stand
    right before or after it: jieba often glues the copy to its neighbour
    (推进推进改革 -> 推进 / 推进改革), so equal consecutive tokens are not enough.
    """
    return doubled_tokens(block.text, _tokens_near_repeats(block.text), allowed)


def doubled_tokens(
    text: str, tokens: Iterable[tuple[str, int, int]], allowed: frozenset[str]
) -> Iterator[tuple[int, int, str]]:
    """``duplicate_spans`` given the jieba tokens (word, start, end) of ``text``."""
    last_end = -1
    for word, start, end in tokens:
        size = len(word)
        if size < 2 or start < last_end or not _is_han(word) or _legitimate_repeat(word, allowed):
            continue
        if text.startswith(word, end):
            span = (start, end + size)
        elif start >= size and text.startswith(word, start - size):
            span = (start - size, end)
        else:
            continue
        if span[0] < last_end:
            continue
        last_end = span[1]  # 进行进行进行 is one finding, not two
        yield span[0], span[1], word


DOUBLED_FILE = "typo/doubled_chars.txt"  # function characters never doubled; words that hold such a pair


@lru_cache(maxsize=1)
def _doubled_pattern() -> re.Pattern[str]:
    """A listed function character written twice in a row (的的)."""
    chars = sorted(w for w in word_list(DOUBLED_FILE) if len(w) == 1)
    return re.compile("([" + "".join(chars) + r"])\1")


def _inside_word(text: str, at: int, words: Iterable[str]) -> bool:
    """Whether the pair at ``at`` lies inside one of ``words`` as written there."""
    pair = text[at : at + 2]
    for word in words:
        offset = word.find(pair)
        while offset >= 0:
            if at >= offset and text.startswith(word, at - offset):
                return True
            offset = word.find(pair, offset + 1)
    return False


def _in_a_word(text: str, at: int) -> bool:
    """Whether the first copy of the pair at ``at`` ends a word of jieba's
    dictionary or the second starts one (中和 + 和, 和 + 和谐). jieba's
    segmentation alone prefers frequent single characters to a rare word:
    碳中和和政策 comes out as 碳/中/和/和/政策."""
    freq = _tokenizer().FREQ
    ends = (text[at - k : at + 1] for k in range(1, LONGEST_WORD) if k <= at)
    starts = (text[at + 1 : at + 1 + k] for k in range(2, LONGEST_WORD + 1) if at + k < len(text))
    return any(freq.get(word) for word in (*ends, *starts))


def doubled_chars(text: str, allowed: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, character) of each function character written twice in a
    row (的的, 了了, 是是) where neither copy belongs to a longer word.

    Both copies must be one-character tokens of jieba's segmentation, and
    neither may make a word of its dictionary with its other neighbour: a
    copy that ends or starts a word is that word's (目的的, 为了了解, 但是是否,
    实事求是是, 碳中和和). Not reported either: a pair inside a listed or
    allowed word (的的确确, 不了了之), a run of three or more (是是是, 对对对:
    speech), and a clause that is nothing but the pair (是是，: an answer).
    """
    pairs = []
    for found in _doubled_pattern().finditer(text):
        at = found.start()
        before, after = text[at - 1 : at], text[at + 2 : at + 3]
        if text[at] in (before, after):
            continue  # a run of three or more
        if not (before and _is_han(before)) and not (after and _is_han(after)):
            continue  # the whole clause
        pairs.append(at)
    if not pairs:
        return
    legitimate = [w for w in word_list(DOUBLED_FILE) if len(w) > 1]
    singles = {start for word, start, _ in _chunk_tokens(text, pairs) if len(word) == 1}
    for at in pairs:
        pair = text[at : at + 2]
        if (
            at in singles
            and at + 1 in singles
            and not _in_a_word(text, at)
            and not _inside_word(text, at, [*legitimate, *(w for w in allowed if pair in w)])
        ):
            yield at, at + 2, text[at]


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
    for block in document.blocks:
        if block.kind not in _PROSE:
            continue
        found = [(start, end, f"词语“{word}”", word) for start, end, word in duplicate_spans(block, allowed)]
        found += [(start, end, f"字“{char}”", char) for start, end, char in doubled_chars(block.text, allowed)]
        for start, end, what, kept in sorted(found):
            if block.hidden_at(start) or block.code_at(start):
                continue
            yield Hit.in_block(block, start, end, f"{what}连续重复，疑为多字", kept)


# ---------------------------------------------------------------------------
# The offline engine's rules (govlint/typo/; design in docs/typo-engine.md).


def _prose_blocks(document: Document) -> Iterator[Block]:
    for block in document.blocks:
        if block.kind in _PROSE:
            yield block


def _visible(block: Block, start: int) -> bool:
    return not (block.hidden_at(start) or block.code_at(start))


def _confusion_table(context: Context):
    from govlint.typo.lexicon import confusion_table

    return confusion_table(tuple(getattr(context.config, "confusion_pairs", ())))


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
    return _visible(block, start)


def _curated_spans(text: str, context: Context, missing: list[tuple[int, str, str]]) -> list[tuple[int, int]]:
    """Spans that typo.confusion, typo.misuse, typo.idiom and
    typo.missing-char (``missing``: the text's missing-character matches)
    report: not reported twice."""
    from govlint.typo.lexicon import confusion_matches, idiom_matches
    from govlint.typo.misuse import misuse_matches

    spans = [(i, i + len(p.wrong)) for i, p in confusion_matches(text, _confusion_table(context))]
    spans += [(i, i + len(m.wrong)) for i, m in misuse_matches(text)]
    spans += [(i, i + 4) for i, _ in idiom_matches(text)]
    # The three characters written of the idiom lie within 3 of the insertion point.
    spans += [(max(0, i - 3), i + 3) for i, _, _ in missing]
    return spans


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

    table = _confusion_table(context)
    allowed = context.config.allow_words
    for block in _prose_blocks(document):
        for start, pair in confusion_matches(block.text, table):
            if pair.wrong in allowed or not _visible(block, start):
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

    table = _confusion_table(context)
    allowed = context.config.allow_words
    for block in _prose_blocks(document):
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
    from govlint.typo.lexicon import idiom_matches

    table = _confusion_table(context)
    allowed = context.config.allow_words
    for block in _prose_blocks(document):
        curated = _confusion_places(block.text, table)
        for start, right in idiom_matches(block.text):
            wrong = block.text[start : start + 4]
            if not _reportable(block, start, start + 4, allowed, curated):
                continue
            yield Hit.in_block(block, start, start + 4, f"成语“{wrong}”有误，应为“{right}”", right)


@dataclass
class _MissingFound:
    """What typo.missing-char finds in a document, computed for a batch of
    documents at once: the phrases short of a character in each prose
    paragraph (typo.wrong-char leaves their places alone) and, once looked
    for, the cut-off start of each body paragraph."""

    matches: list[list[tuple[int, str, str]]]
    cut: list[tuple[str, str] | None] | None = None


def _missing_found(documents: Sequence[Document], contexts: Sequence[Context], cut: bool) -> list[_MissingFound]:
    """Each document's ``_MissingFound`` (in ``context.prepared``), the
    parts not yet there computed for all of them together: the proposals
    of the whole batch are scored in one array pass."""
    from govlint.typo.cutoff import cut_starts_documents
    from govlint.typo.lexicon import document_terms, missing_matches_documents

    todo = [n for n, context in enumerate(contexts) if "typo.missing-char" not in context.prepared]
    if todo:
        texts = [[b.text for b in _prose_blocks(documents[n])] for n in todo]
        for n, matches in zip(todo, missing_matches_documents(texts, [document_terms(t) for t in texts]), strict=True):
            contexts[n].prepared["typo.missing-char"] = _MissingFound(matches)
    entries: list[_MissingFound] = [context.prepared["typo.missing-char"] for context in contexts]
    todo = [n for n, entry in enumerate(entries) if cut and entry.cut is None]
    if todo:
        paragraphs = [[b.text for b in _body_paragraphs(documents[n])] for n in todo]
        for n, starts in zip(todo, cut_starts_documents(paragraphs, thorough=1), strict=True):
            entries[n].cut = starts
    return entries


def _body_paragraphs(document: Document) -> list[Block]:
    return [b for b in document.body_blocks if b.kind == "paragraph"]


def _prepare_missing_char(documents: Sequence[Document], contexts: Sequence[Context]) -> None:
    """typo.missing-char's prepare step: a batch's matches and cut-off starts together."""
    _missing_found(documents, contexts, cut=True)


@rule(
    "typo.missing-char",
    name="missing-character",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="词语、成语或段首漏字（如“乡村振兴”写成“乡村振”）",
    fixable=True,
    applicability=Applicability.UNSAFE,
    prepare=_prepare_missing_char,
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
    found = _missing_found([document], [context], cut=True)[0]
    allowed = context.config.allow_words
    for block, matches in zip(_prose_blocks(document), found.matches, strict=True):
        for index, char, phrase in matches:
            if phrase in allowed or not _visible(block, max(index - 1, 0)):
                continue
            yield Hit.in_block(block, index, index, f"疑似漏字：“{phrase}”少了“{char}”", char)
    # Body paragraphs whose first character seems lost (民政府召开 for 人民政府召开);
    # the article's first paragraph, where monitoring reports find it, is tried hardest.
    for block, start in zip(_body_paragraphs(document), found.cut or (), strict=True):
        if start and start[1] not in allowed and _visible(block, 0):
            char, word = start
            yield Hit.in_block(block, 0, 0, f"段首疑似缺字：开头可能是“{word}”，少了“{char}”", char)


@dataclass
class _EngineInput:
    """A document's paragraphs as the wrong-character engine sees them, and
    the characters it must not change (names, allowed words, spans the
    curated rules and the missing-character search already report)."""

    blocks: list[Block]
    texts: list[str]
    masks: list[np.ndarray]


def _engine_input(document: Document, context: Context) -> _EngineInput:
    from govlint.typo.lexicon import protected_masks

    blocks = list(_prose_blocks(document))
    texts = [b.text for b in blocks]
    masks = protected_masks(texts, tuple(context.config.allow_words))
    missing = _missing_found([document], [context], cut=False)[0].matches
    for text, protected, dropped in zip(texts, masks, missing, strict=True):
        for start, end in _curated_spans(text, context, dropped):
            protected[start:end] = True
    return _EngineInput(blocks, texts, masks)


def _prepare_wrong_char(documents: Sequence[Document], contexts: Sequence[Context]) -> None:
    """Run the engine once over the paragraphs of a batch of documents (its
    array passes cost per call more than per character: a document's
    paragraphs go together, and 8 posts of 2,400 characters take a third
    less time together than one by one) and leave each document its inputs
    and edits."""
    from govlint.typo import engine
    from govlint.typo.lexicon import regroup

    _missing_found(documents, contexts, cut=False)  # the engine leaves their places alone
    inputs = [_engine_input(d, c) for d, c in zip(documents, contexts, strict=True)]
    texts = [t for i in inputs for t in i.texts]
    found = engine.detect_many(texts, protected=[m for i in inputs for m in i.masks]) if texts else []
    for given, context, edits in zip(inputs, contexts, regroup(found, (len(i.texts) for i in inputs)), strict=True):
        context.prepared["typo.wrong-char"] = (given, edits)


@rule(
    "typo.wrong-char",
    name="wrong-character",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="疑似错别字（离线模型：词频与字搭配证据）",
    fixable=True,
    applicability=Applicability.UNSAFE,
    prepare=_prepare_wrong_char,
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
    if "typo.wrong-char" not in context.prepared:  # checked on its own: a batch of one
        _prepare_wrong_char([document], [context])
    given, found = context.prepared.pop("typo.wrong-char")
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
            if _visible(block, index) and not _written_so_elsewhere(document_text, here + index, suggestion):
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
        if start < 0 or len(pair) < 2 or not _is_han(pair):
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
