"""A rule's doc as editors read it, with what the benchmarks measured of it.

``dictionaries/report/measured.tsv`` is written by ``benchmarks/measured.py``:
a rule's findings per 10,000 Han characters of published official text (nearly
all false) and, where its defects can be planted, its recall and precision.
``govlint --explain`` and the SARIF rule help show the doc with these figures,
so that an editor can weigh a finding and each severity stands next to the
precision it was set by.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from govlint.data import data_path, rows
from govlint.rules import Rule

MEASURED_FILE = "report/measured.tsv"


@dataclass(frozen=True)
class Measured:
    published: float  # findings per 10,000 Han characters of published reports and news
    pages: float  # the same on full government web pages
    recall: float | None  # of defects planted in published text; None where none are planted
    precision: float | None


@lru_cache(maxsize=1)
def measurements() -> dict[str, Measured]:
    table = {}
    for row in rows(data_path(MEASURED_FILE)):
        if row[0] == "rule":  # the header
            continue
        rule_id, published, pages, recall, precision = row
        table[rule_id] = Measured(float(published), float(pages), _planted(recall), _planted(precision))
    return table


def _planted(field: str) -> float | None:
    return None if field == "-" else float(field)  # "-": the rule's defects are not planted


def _rate(per_10k: float) -> str:
    return "没有报告" if per_10k == 0 else f"每万字 {per_10k:.2f} 处"


def measured_note(rule_id: str) -> str:
    """The rule's measured figures as a Chinese paragraph ("" if it was never measured)."""
    m = measurements().get(rule_id)
    if m is None:
        return ""
    if m.published == 0 and m.pages == 0:
        found = "在已发布的政府工作报告、新闻稿和政府网站的完整网页上没有任何报告"
    else:
        found = (
            f"在已发布的政府工作报告和新闻稿上{_rate(m.published)}，在政府网站的完整网页上{_rate(m.pages)}，"
            "这些报告几乎都是误报"
        )
    note = f"**实测**（``benchmarks/measured.py``，详见 ``benchmarks/README.md``）：{found}"
    if m.recall is not None and m.precision is not None:
        note += f"；在这些文字中每 2000 字植入一处错误时，召回率 {m.recall:.0%}，报告的精确率 {m.precision:.0%}"
    return note + "。"


def rule_help(rule: Rule) -> str:
    """The rule's doc as editors read it, with its measured figures."""
    note = measured_note(rule.id)
    return f"{rule.shown_doc}\n\n{note}" if note else rule.shown_doc
