"""Check ``draft``: what a Word draft carries that must not go out with it.

Tracked changes never accepted, comments left in, hidden text, fields that
show an error, and the names a file's properties keep. The Word reader
(``govlint.readers.word``) records them as ``Document.annotations`` and
``Document.properties``, and marks hidden text with its own technique
(``style.WORD_HIDDEN``); other formats have none, so these rules are quiet
there.
"""

from __future__ import annotations

from collections.abc import Iterator

from govlint import dates
from govlint.data import word_list
from govlint.model import Annotation, Block, Document
from govlint.readers.word import is_generic_name
from govlint.rules import Context, Hit, Severity, Stage, rule
from govlint.style import WORD_HIDDEN

_QUOTED = 20  # characters of changed, deleted or commented text quoted in a message


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTED else text[:_QUOTED] + "…"


def _when(value: str) -> str:
    shown = dates.chinese(value) if value else ""
    return f"（{shown}）" if shown else ""


def _who(author: str) -> str:
    return author.strip() or "未署名的修订者"


@rule(
    "draft.tracked-change",
    name="tracked-change",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="文稿中有尚未接受或拒绝的修订",
)
def tracked_change(document: Document, context: Context) -> Iterator[Hit]:
    """The draft still holds tracked changes (修订) nobody accepted or rejected.

    govlint checks the text as it reads once every change is accepted, but
    the file is not final while they remain: copied into the WeChat editor
    or a CMS, or opened by the next reviewer with 显示标记, both versions
    show. A deletion next to an insertion is one replacement and one
    finding; formatting changes count too (they are revisions Word keeps).

    In Word: 审阅 → 接受 → 接受所有修订 (or reject them), then save. The
    examples are the paragraph as Word stores it (``word/document.xml``).

    **Bad**: 张三 replaced 认真 by 切实 with 修订 on.

    ```wordml
    <w:p><w:r><w:t>各单位要</w:t></w:r><w:ins w:id="1" w:author="张三" w:date="2026-12-01T10:00:00Z"><w:r><w:t>切实</w:t></w:r></w:ins><w:del w:id="2" w:author="张三" w:date="2026-12-01T10:00:00Z"><w:r><w:delText>认真</w:delText></w:r></w:del><w:r><w:t>落实责任。</w:t></w:r></w:p>
    ```

    **Good**: the change accepted.

    ```wordml
    <w:p><w:r><w:t>各单位要切实落实责任。</w:t></w:r></w:p>
    ```
    """
    revisions = sorted(
        (a for a in document.annotations if a.kind in ("insertion", "deletion", "format-change")),
        key=lambda a: (a.start, a.end),
    )
    for group in _replacements(revisions):
        start = min(a.start for a in group)
        end = max(a.end for a in group)
        yield Hit(start, end, _revision_message(group))


def _replacements(revisions: list[Annotation]) -> Iterator[list[Annotation]]:
    """Revisions in order, an insertion and a deletion by one author that
    touch each other grouped as one replacement."""
    group: list[Annotation] = []
    for revision in revisions:
        if group and _touch(group[-1], revision) and {group[-1].kind, revision.kind} == {"insertion", "deletion"}:
            group.append(revision)
            yield group
            group = []
            continue
        if group:
            yield group
        group = [revision]
    if group:
        yield group


def _touch(a: Annotation, b: Annotation) -> bool:
    return a.author == b.author and (a.end == b.start or a.start == b.end or a.start == b.start)


def _revision_message(group: list[Annotation]) -> str:
    first = group[0]
    inserted = next((a for a in group if a.kind == "insertion"), None)
    deleted = next((a for a in group if a.kind == "deletion"), None)
    if inserted and deleted:
        change = f"将“{_quote(deleted.text)}”改为此处文字"
    elif inserted:
        change = "插入了此处文字"
    elif deleted:
        change = f"删除了“{_quote(deleted.text)}”"
    else:
        change = "修改了此处格式"
    return f"有未处理的修订：{_who(first.author)}{_when(first.date)}{change}；发布前请接受或拒绝全部修订"


@rule(
    "draft.comment",
    name="comment-left",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="文稿中留有批注",
)
def comment(document: Document, context: Context) -> Iterator[Hit]:
    """A comment (批注) is still in the draft.

    Comments are the reviewers' notes to each other (此处数据请核对, 领导
    姓名待确认); left in, they travel with the file to the next office or
    the CMS, and what they ask may still be open. Each comment is one
    finding on the text it is anchored to, quoting its author and words.

    In Word: answer the comment, then 审阅 → 删除 → 删除文档中的所有批注.

    **Bad**: a comment on the figure.

    ```wordml
    <w:p><w:r><w:t>今年全县粮食总产量达到</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>52.3万吨</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:t>。</w:t></w:r></w:p>
    <!-- part: word/comments.xml -->
    <w:comments><w:comment w:id="0" w:author="李四"><w:p><w:r><w:t>此处数据请核对</w:t></w:r></w:p></w:comment></w:comments>
    ```

    **Good**: the figure checked, the comment deleted.

    ```wordml
    <w:p><w:r><w:t>今年全县粮食总产量达到52.3万吨。</w:t></w:r></w:p>
    ```
    """
    for note in document.annotations:
        if note.kind == "comment":
            words = f"：“{_quote(note.text)}”" if note.text.strip() else ""
            yield Hit(
                note.start,
                note.end,
                f"文稿中留有批注（{_who(note.author)}{words}），请处理后删除批注",
            )


@rule(
    "draft.hidden-text",
    name="hidden-text",
    severity=Severity.WARNING,
    stage=Stage.FIRST,
    summary="文稿中有设为“隐藏”的文字",
)
def hidden_text(document: Document, context: Context) -> Iterator[Hit]:
    """Text is formatted as hidden (字体 → 隐藏, ``w:vanish``).

    Word does not show or print it by default, so reviewers never read it;
    but it is in the file, and pasting into a web editor, converting the
    file, or another reader's settings show it. Each hidden stretch of a
    paragraph is one finding. (Text hidden by other means, white on white
    or a zero size, is ``link.hidden``'s, as in web pages.)

    Delete the hidden text, or unhide it and have it reviewed.

    **Bad**: a note formatted as hidden.

    ```wordml
    <w:p><w:r><w:t>会议强调，要压实各级责任。</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>内部备注：讲话稿待定</w:t></w:r></w:p>
    ```

    **Good**

    ```wordml
    <w:p><w:r><w:t>会议强调，要压实各级责任。</w:t></w:r></w:p>
    ```
    """
    for block in document.blocks:
        for start, end in _word_hidden(block):
            text = block.text[start:end]
            if text.strip():
                message = (
                    f"有设为“隐藏”的文字“{_quote(text)}”，审稿时看不到，发布或转换后可能显示；请删除或取消隐藏后审读"
                )
                yield Hit.in_block(block, start, end, message)


def _word_hidden(block: Block) -> Iterator[tuple[int, int]]:
    """The [start, end) stretches of a block that Word's hidden attribute hides."""
    start = end = -1
    for run in block.runs:
        if run.hiding != WORD_HIDDEN:
            continue
        if run.start != end:
            if start >= 0:
                yield start, end
            start = run.start
        end = run.end
    if start >= 0:
        yield start, end


@rule(
    "draft.field-error",
    name="field-error",
    severity=Severity.ERROR,
    stage=Stage.FIRST,
    summary="域（目录、交叉引用、页码）显示错误或尚未更新",
)
def field_error(document: Document, context: Context) -> Iterator[Hit]:
    """A field shows an error, or a table of contents was never updated.

    A cross-reference to a heading or bookmark that was deleted shows
    “错误！未找到引用源。” (Error! Reference source not found.); a table of
    contents built before the headings shows “未找到目录项”. Readers see
    these words in the published text. A table of contents Word was told
    to update on opening (``w:dirty``) may be out of date: a warning.

    In Word: select all, press F9 (更新域), fix or delete the broken reference.

    **Bad**: a cross-reference to a deleted heading.

    ```wordml
    <w:p><w:r><w:t>具体要求详见</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref123 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>错误！未找到引用源。</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>。</w:t></w:r></w:p>
    ```

    **Good**: the reference updated.

    ```wordml
    <w:p><w:r><w:t>具体要求详见</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref123 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>第五条</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>。</w:t></w:r></w:p>
    ```
    """
    errors = word_list("draft/field-errors.txt")
    for field in document.annotations:
        if field.kind != "field":
            continue
        shown = field.result.strip()
        if any(error in shown for error in errors):
            yield Hit(field.start, field.end, f"域显示错误“{_quote(shown)}”，请更新域（F9）或删除错误的引用")
        elif field.dirty and field.text.split()[:1] == ["TOC"]:
            yield Hit(
                field.start,
                field.end,
                "目录尚未更新，页码和标题可能与正文不符；请在目录上右键“更新域”",
                severity=Severity.WARNING,
            )


@rule(
    "draft.properties",
    name="document-properties",
    severity=Severity.NOTICE,
    stage=Stage.SECOND,
    summary="文档属性中留有个人姓名或其他单位名称",
)
def properties(document: Document, context: Context) -> Iterator[Hit]:
    """The file's properties keep a person's name, or another organisation.

    Under 文件 → 信息 → 属性, Word writes the user's name as 作者 and
    最后修改者, and keeps the
    company of the computer or of the file a draft was copied from. They go
    out with every copy of the file (an attachment on the website, a file
    sent to another office). Names tools fill in (Administrator, 微软用户)
    are not reported (``dictionaries/draft/generic-authors.txt``); the
    company is compared with the configured ``account`` only when one is set.

    In Word: 文件 → 信息 → 检查问题 → 检查文档 → 文档属性和个人信息 → 全部删除.

    **Bad**: the file keeps its author's name (``docProps/core.xml``).

    ```wordml
    <w:p><w:r><w:t>会议强调，要压实各级责任。</w:t></w:r></w:p>
    <!-- part: docProps/core.xml -->
    <cp:coreProperties><dc:creator>王五</dc:creator><cp:lastModifiedBy>张三</cp:lastModifiedBy></cp:coreProperties>
    ```

    **Good**: the personal information removed.

    ```wordml
    <w:p><w:r><w:t>会议强调，要压实各级责任。</w:t></w:r></w:p>
    <!-- part: docProps/core.xml -->
    <cp:coreProperties><dc:creator></dc:creator></cp:coreProperties>
    ```
    """
    found = document.properties
    people = []
    for key, label in (("creator", "作者"), ("lastModifiedBy", "最后修改者")):
        value = found.get(key, "").strip()
        if not is_generic_name(value) and not any(value in p for p in people):
            people.append(f"{label}“{value}”")
    account = (context.config.account or "").strip()
    company = found.get("company", "").strip()
    if company and account and company not in account and account not in company:
        people.append(f"单位“{company}”（本账号为“{account}”）")
    if people:
        yield Hit(0, 0, f"文档属性中留有{'、'.join(people)}；外发或公开前请在“文件—信息—检查文档”中删除个人信息")
