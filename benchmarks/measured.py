"""Measure every rule and write the figures its doc shows (issue 21).

Usage::

    python benchmarks/measured.py [CORPUS] [--out dictionaries/report/measured.tsv]

For each registered rule, from ``../shared/corpora/official`` (CORPUS):

* its findings per 10,000 Han characters on published text, all checks at
  default settings: the reports and news together, and the full web pages
  (``benchmarks/official.py``). That text is nearly error-free, so these
  are nearly all false findings;
* where ``benchmarks/planted.py`` can plant the rule's defects (about one per
  2,000 Han characters of the reports and news), its recall and precision.

The result is ``dictionaries/report/measured.tsv``: the rule's doc, as
``govlint --explain`` and the SARIF output show it, ends with these figures
(``govlint/formats/ruledocs.py``), so that an editor can weigh a finding and a
maintainer can see that each severity follows its measured precision. Only
counts and rates are written, never text of the corpus.
"""

from __future__ import annotations

import argparse
import datetime
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import official  # the benchmark scripts beside this one
import planted

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = ("reports", "news")
PAGES = "pages"


def rule_ids() -> list[str]:
    from govlint.checks import all_rules

    return [r.id for r in all_rules()]


def rates(corpus: Path, folders: tuple[str, ...]) -> tuple[Counter[str], int]:
    """Findings per rule over ``folders`` and their Han characters."""
    counts: Counter[str] = Counter()
    chars = 0
    for name in folders:
        files = official.drafts(corpus / name)
        chars += official.han_chars(files)
        for entry in official.lint(files, None):
            counts.update(f["rule"] for f in entry["findings"])
    return counts, chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=REPO.parent / "shared" / "corpora" / "official")
    parser.add_argument("--out", type=Path, default=REPO / "dictionaries" / "report" / "measured.tsv")
    args = parser.parse_args()
    published, published_chars = rates(args.corpus, PUBLISHED)
    pages, pages_chars = rates(args.corpus, (PAGES,))
    files = sorted((args.corpus / "reports").glob("*.txt")) + sorted((args.corpus / "news").glob("*.txt"))
    planted_figures: dict[str, tuple[float, float]] = {}
    for rule in planted.PLANTERS:
        r = planted.measure(files, rule, 2000, 21)
        findings = r["right"] + r["wrong"]
        planted_figures[rule] = (r["found"] / max(r["planted"], 1), r["right"] / max(findings, 1))
        print(f"{rule}: recall {planted_figures[rule][0]:.1%}, precision {planted_figures[rule][1]:.1%}", flush=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO).stdout
    lines = [
        "# What benchmarks/measured.py measured of each rule; govlint/formats/ruledocs.py shows it after the",
        "# rule's doc. Regenerate after a change to a rule: python benchmarks/measured.py",
        f"# Measured {datetime.date.today().isoformat()} at commit {commit.strip()} (plus the working tree).",
        f"# published: findings per 10,000 Han characters of published reports and news ({published_chars} Han",
        f"# characters); pages: the same on full government web pages ({pages_chars}); all checks, default",
        "# settings: nearly all of them false. recall, precision: defects planted one per 2,000 Han characters",
        "# of the reports and news (benchmarks/planted.py); - where the rule's defects are not planted.",
        "rule\tpublished\tpages\trecall\tprecision",
    ]
    for rule in rule_ids():
        recall, precision = planted_figures.get(rule, (None, None))
        row = [
            rule,
            f"{published[rule] * 10000 / published_chars:.2f}",
            f"{pages[rule] * 10000 / pages_chars:.2f}",
            "-" if recall is None else f"{recall:.3f}",
            "-" if precision is None else f"{precision:.3f}",
        ]
        lines.append("\t".join(row))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
