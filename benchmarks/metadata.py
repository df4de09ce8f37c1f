"""Page metadata on the 55 corpus pages (issue 22, step 2): title, date and
source as govlint reads them, against a gold file made by hand.

Usage::

    python benchmarks/metadata.py [--corpus DIR] [--per-page]
    python benchmarks/metadata.py --make-gold PLAIN.tsv   # write the gold file

The gold file ``benchmarks/metadata-gold.tsv`` has one row per page of
``DIR/pages`` and ``DIR/wechat`` (default ``../shared/corpora/official``):
the page, then for title and source a fingerprint of the value and for the
date the day (``YYYY-MM-DD``), ``-`` where the page states none. The
values were read by a person from each page as it shows itself (the
headline; the date and source of the info line, or of the meta tags where
the page shows none) without running govlint. The corpus's texts may not be
copied into the project, so the gold file keeps no text: a fingerprint is
the first 16 hex digits of SHA-256 of the value after NFKC normalisation
with white space removed; the plain annotation stays outside the project.

Score: a field is right when govlint's value, normalised the same way, has
the gold fingerprint (for the date: when it parses to the gold day). The
table gives, per field, the pages where the page states the field and how
many of them govlint reads right; and the pages where the page states no
such field but govlint reports one.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govlint.config import Config  # noqa: E402
from govlint.dates import DateError, parse_datetime  # noqa: E402
from govlint.engine import load_document  # noqa: E402
from govlint.model import Document  # noqa: E402

GOLD = ROOT / "benchmarks" / "metadata-gold.tsv"
FIELDS = ("title", "date", "source")


def fingerprint(value: str) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_datetime(value).date().isoformat()
    except DateError:
        return None


def make_gold(plain: Path) -> None:
    with plain.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    with GOLD.open("w", encoding="utf-8", newline="") as out:
        out.write("# Page metadata gold for benchmarks/metadata.py: see its docstring.\n")
        out.write("page\ttitle\tdate\tsource\n")
        for row in rows:
            title, date, source = row["title"], row["date"], row["source"]
            out.write("\t".join([
                row["page"],
                fingerprint(title) if title != "-" else "-",
                date,
                fingerprint(source) if source != "-" else "-",
            ]) + "\n")
    print(f"wrote {GOLD} ({len(rows)} pages)")


def read_gold() -> list[dict[str, str]]:
    lines = [line for line in GOLD.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def judge(document: Document, gold: dict[str, str]) -> dict[str, str]:
    """Per field: ``right``, ``wrong``, ``missed``, ``extra`` (stated by
    govlint, not by the page) or ``none`` (neither)."""
    metadata = document.metadata
    verdicts = {}
    for name in FIELDS:
        value = getattr(metadata, name)
        expected = gold[name]
        if expected == "-":
            verdicts[name] = "extra" if value else "none"
        elif not value:
            verdicts[name] = "missed"
        elif name == "date":
            verdicts[name] = "right" if day(value) == expected else "wrong"
        else:
            verdicts[name] = "right" if fingerprint(value) == expected else "wrong"
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "official")
    parser.add_argument("--per-page", action="store_true")
    parser.add_argument("--make-gold", type=Path, metavar="PLAIN.tsv")
    args = parser.parse_args()
    if args.make_gold:
        make_gold(args.make_gold)
        return 0
    tally = {name: {"right": 0, "wrong": 0, "missed": 0, "extra": 0, "none": 0} for name in FIELDS}
    for gold in read_gold():
        loaded = load_document(args.corpus / gold["page"], Config())
        if not isinstance(loaded, Document):
            print(f"{gold['page']}: not read ({loaded.error})")
            continue
        verdicts = judge(loaded, gold)
        for name, verdict in verdicts.items():
            tally[name][verdict] += 1
        if args.per_page and any(v not in ("right", "none") for v in verdicts.values()):
            wrong = {n: v for n, v in verdicts.items() if v not in ("right", "none")}
            shown = {n: f"{v}: {getattr(loaded.metadata, n)!r}" for n, v in wrong.items()}
            print(gold["page"], shown)
    print("| field | pages stating it | read right | wrong | missed | right share | reported where none stated |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, counts in tally.items():
        stated = counts["right"] + counts["wrong"] + counts["missed"]
        share = counts["right"] / stated if stated else 0.0
        right, wrong, missed, extra = (counts[k] for k in ("right", "wrong", "missed", "extra"))
        print(f"| {name} | {stated} | {right} | {wrong} | {missed} | {share:.0%} | {extra} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
