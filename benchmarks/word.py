"""A Word draft against the same text as .txt (issue 23: under 0.5 s of work beyond it).

Usage::

    python benchmarks/word.py [--chars 5000] [--runs 9]

Builds, with python-docx (a test dependency), a draft of about ``--chars``
Han characters from the paragraphs of the bundled examples, formatted as a
公文 is (仿宋_GB2312 三号 in the Normal style, each paragraph in three runs
with direct formatting, a 黑体 heading every ten paragraphs, a table, a
header and a footer), and writes the same paragraphs as a .txt. Then, median
of ``--runs``:

1. in one process: the reader alone (``read_document``) and reading plus all
   checks (``check_document``), for each file;
2. whole process: ``python -m govlint FILE --checklist line`` for each file.

The difference between the two files is the cost of Word.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from govlint.config import Config  # noqa: E402
from govlint.engine import check_document  # noqa: E402
from govlint.readers import read_document  # noqa: E402


def paragraphs(chars: int) -> list[str]:
    """Sentences from the bundled examples, repeated up to ``chars`` Han characters."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.md")))
    text = re.sub(r"<[^>]+>|[#>*`\[\]()!|-]+|https?://\S+", " ", text)
    found = [s.strip() for s in re.findall(r"[^。！？\n]{12,}[。！？]", text)]
    out: list[str] = []
    total = 0
    while total < chars:
        for sentence in found:
            out.append(sentence)
            total += sum(1 for ch in sentence if "\u4e00" <= ch <= "\u9fff")
            if total >= chars:
                break
    return out


def build(folder: Path, chars: int) -> tuple[Path, Path]:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    texts = paragraphs(chars)
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    for number, text in enumerate(texts):
        if number % 10 == 0:
            heading = document.add_paragraph().add_run(f"{'一二三四五六七八九十'[number // 10 % 10]}、工作要求")
            heading.font.name = "黑体"
            heading.element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")
        paragraph = document.add_paragraph()
        third = max(1, len(text) // 3)
        for piece in (text[:third], text[third : 2 * third], text[2 * third :]):
            run = paragraph.add_run(piece)
            run.font.size = Pt(16)
    table = document.add_table(rows=3, cols=3)
    for row in table.rows:
        for cell in row.cells:
            cell.text = "责任单位"
    document.sections[0].header.paragraphs[0].text = "某某县人民政府办公室"
    document.sections[0].footer.paragraphs[0].text = "第1页"
    word = folder / "draft.docx"
    document.save(word)
    plain = folder / "draft.txt"
    plain.write_text("\n".join(texts) + "\n", encoding="utf-8")
    return word, plain


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        word, plain = build(Path(folder), args.chars)
        config = Config()
        rows = []
        for path, fmt in ((plain, "text"), (word, "docx")):
            data = path.read_bytes()
            check_document(read_document(data, str(path), fmt), config)  # warm: data files, the typo model
            read = median_seconds(lambda d=data, p=path, f=fmt: read_document(d, str(p), f), args.runs)
            full = median_seconds(
                lambda d=data, p=path, f=fmt: check_document(read_document(d, str(p), f), config), args.runs
            )
            command = [sys.executable, "-m", "govlint", str(path), "--checklist", "line", "--no-cache"]
            whole = median_seconds(lambda c=command: subprocess.run(c, capture_output=True, cwd=REPO), args.runs)
            han = sum(1 for ch in read_document(data, str(path), fmt).source.text if "\u4e00" <= ch <= "\u9fff")
            rows.append((path.suffix, len(data), han, read, full, whole))
        print(f"{'file':6} {'bytes':>8} {'Han':>6} {'read':>8} {'read+check':>11} {'whole run':>10}")
        for suffix, size, han, read, full, whole in rows:
            print(f"{suffix:6} {size:8d} {han:6d} {read:7.3f}s {full:10.3f}s {whole:9.3f}s")
        (_, _, _, read_t, full_t, whole_t), (_, _, _, read_w, full_w, whole_w) = rows
        print(
            f"Word beyond .txt: reader {read_w - read_t:+.3f} s, reader+checks {full_w - full_t:+.3f} s, "
            f"whole run {whole_w - whole_t:+.3f} s"
        )


if __name__ == "__main__":
    main()
