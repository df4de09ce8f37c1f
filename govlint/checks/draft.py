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
from govlint.bylines import is_generic_author
from govlint.data import word_list
from govlint.model import Annotation, Block, Document
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
    title="未处理的修订",
)
def tracked_change(document: Document, context: Context) -> Iterator[Hit]:
    """文稿中还有没人接受或拒绝的修订。

    govlint 按接受全部修订后的文字进行检查，但只要修订还在，文件就不是定稿：复制到微信公众号编辑器
    或网站内容管理系统，或者下一位审稿人在“显示标记”状态下打开，新旧两个版本都会显示出来。
    同一人相邻的一处删除和一处插入算作一次替换，只报告一次；格式修改也算在内（Word 同样把它们作为修订保存）。

    在 Word 中：审阅 → 接受 → 接受所有修订（或全部拒绝），然后保存。下面的示例是 Word 保存的
    段落原文（``word/document.xml``）。

    **Bad**：张三在修订状态下把“认真”改成了“切实”。

    ```wordml
    <w:p><w:r><w:t>各单位要</w:t></w:r><w:ins w:id="1" w:author="张三" w:date="2026-12-01T10:00:00Z"><w:r><w:t>切实</w:t></w:r></w:ins><w:del w:id="2" w:author="张三" w:date="2026-12-01T10:00:00Z"><w:r><w:delText>认真</w:delText></w:r></w:del><w:r><w:t>落实责任。</w:t></w:r></w:p>
    ```

    **Good**：已接受修订。

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
    title="遗留批注",
)
def comment(document: Document, context: Context) -> Iterator[Hit]:
    """文稿中还留有批注。

    批注是审稿人之间的留言（此处数据请核对、领导姓名待确认）；不删除就会随文件传到下一个部门
    或网站内容管理系统，而且批注里提的问题可能还没有解决。每条批注报告一次，位置在批注所指的文字上，
    并引出批注人和批注内容。

    在 Word 中：先答复、处理批注，再点 审阅 → 删除 → 删除文档中的所有批注。

    **Bad**：数字上有一条批注。

    ```wordml
    <w:p><w:r><w:t>今年全县粮食总产量达到</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>52.3万吨</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:t>。</w:t></w:r></w:p>
    <!-- part: word/comments.xml -->
    <w:comments><w:comment w:id="0" w:author="李四"><w:p><w:r><w:t>此处数据请核对</w:t></w:r></w:p></w:comment></w:comments>
    ```

    **Good**：数字已核对，批注已删除。

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
    title="隐藏文字",
)
def hidden_text(document: Document, context: Context) -> Iterator[Hit]:
    """文稿中有文字被设成了隐藏格式（字体 → 隐藏，``w:vanish``）。

    Word 默认既不显示也不打印隐藏文字，审稿人根本看不到；但它仍在文件里，粘贴到网页编辑器、
    转换文件格式，或换一台显示设置不同的电脑打开，都可能让它显示出来。段落中每一段连续的隐藏文字
    报告一次。（用其他办法隐藏的文字，如白底白字、字号为零，和网页一样由 ``link.hidden`` 检查。）

    请删除隐藏文字，或者取消隐藏后送审。

    **Bad**：一条备注被设成了隐藏。

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
    title="域显示错误",
)
def field_error(document: Document, context: Context) -> Iterator[Hit]:
    """文稿中的域显示错误，或者目录一直没有更新。

    交叉引用指向的标题或书签被删除后，会显示“错误！未找到引用源。”（英文版为
    Error! Reference source not found.）；在写好标题之前生成的目录会显示“未找到目录项”。
    读者会在发布出来的文字里看到这些字样。被标记为“打开时更新”的目录（``w:dirty``）
    可能已经过时，报告为警告。

    在 Word 中：全选后按 F9（更新域），再修改或删除失效的引用。

    **Bad**：交叉引用指向已删除的标题。

    ```wordml
    <w:p><w:r><w:t>具体要求详见</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref123 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>错误！未找到引用源。</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>。</w:t></w:r></w:p>
    ```

    **Good**：引用已更新。

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
    title="文档属性含个人信息",
)
def properties(document: Document, context: Context) -> Iterator[Hit]:
    """文件属性中留有个人姓名或其他单位的名称。

    在“文件 → 信息 → 属性”中，Word 会把使用者的姓名记为“作者”和“最后修改者”，
    还会保留电脑登记的单位名称，或稿件所复制的原文件里的单位名称。这些信息随文件的每一份副本
    一起外发（网站上的附件、发给其他单位的文件）。软件自动填写的名称（Administrator、微软用户）
    不报告（``dictionaries/draft/generic-authors.txt``）；只有配置了 ``account``，
    才会把单位名称与它比较。

    在 Word 中：文件 → 信息 → 检查问题 → 检查文档 → 文档属性和个人信息 → 全部删除。

    **Bad**：文件中留有作者姓名（``docProps/core.xml``）。

    ```wordml
    <w:p><w:r><w:t>会议强调，要压实各级责任。</w:t></w:r></w:p>
    <!-- part: docProps/core.xml -->
    <cp:coreProperties><dc:creator>王五</dc:creator><cp:lastModifiedBy>张三</cp:lastModifiedBy></cp:coreProperties>
    ```

    **Good**：个人信息已删除。

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
        if not is_generic_author(value) and not any(value in p for p in people):
            people.append(f"{label}“{value}”")
    account = (context.config.account or "").strip()
    company = found.get("company", "").strip()
    if company and account and company not in account and account not in company:
        people.append(f"单位“{company}”（本账号为“{account}”）")
    if people:
        message = f"文档属性中留有{'、'.join(people)}；外发或公开前请在“文件—信息—检查文档”中删除个人信息"
        yield Hit(0, 0, message, in_text=False)
