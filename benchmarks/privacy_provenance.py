"""Throughput of the privacy and provenance checks.

Usage:
    python benchmarks/privacy_provenance.py [--megabytes 1] [--repeat 5]

privacy: builds a plain-text draft of about N MB from the paragraphs of
examples/ (decoded), with one ID number, one mobile number and one bank card
number in a card context planted every 50 paragraphs, reads it once, and times
the three privacy rules over it (characters per second, the number of
findings, which must equal the planted count).

provenance: reads every draft of examples/ and times gathering the
provenance record from scratch (the per-document cache cleared each pass)
plus all five rules, in documents per second.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from govlint.checks import active_rules
from govlint.checks import provenance as provenance_module
from govlint.config import Config
from govlint.engine import discover_files
from govlint.readers import format_of, read_document
from govlint.readers.text import read_text
from govlint.rules import Context
from govlint.source import read_bytes

REPO = Path(__file__).resolve().parents[1]
PLANTED = (
    "村民王某某（身份证号：11010519491231002X）已登记。",
    "联系人：罗某，联系电话：138-0013-8000。",
    "开户行：普安县农村信用社，银行卡号：6222021234567890128。",
)


def _documents(config: Config) -> list:
    files = discover_files(REPO / "examples", lambda _: config)
    return [read_document(read_bytes(f, config.max_file_size), str(f), format_of(f) or "text") for f in files]


def _hits(rules, document, config: Config) -> int:
    return sum(1 for rule in rules for _hit in rule.run(document, Context(config)))


def privacy(megabytes: float, repeat: int) -> None:
    config = Config(select=("privacy",))
    paragraphs = [b.text for d in _documents(config) for b in d.body_blocks if len(b.text) > 20]
    # Keep only paragraphs without personal data of their own, so the expected count is exact.
    rules = active_rules(config)
    clean = [p for p in paragraphs if not _hits(rules, read_text(p, "p.txt", "utf-8"), config)]
    target = int(megabytes * 1024 * 1024 / 3)  # about 3 bytes of UTF-8 per character
    lines: list[str] = []
    size = planted = 0
    while size < target:
        line = clean[len(lines) % len(clean)]
        if len(lines) % 50 == 0:
            line += PLANTED[planted % 3]
            planted += 1
        lines.append(line)
        size += len(line) + 1
    document = read_text("\n\n".join(lines), "big.txt", "utf-8")
    chars = len(document.source.text)
    best = float("inf")
    found = 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = _hits(rules, document, config)
        best = min(best, time.perf_counter() - started)
    print(f"privacy: {chars:,} chars ({len(document.source.text.encode()) / 1e6:.2f} MB UTF-8), "
          f"{len(document.blocks):,} blocks, planted {planted}, found {found}")
    print(f"  best of {repeat}: {best * 1000:.0f} ms = {chars / best / 1e6:.2f} M chars/s")


def provenance(repeat: int) -> None:
    config = Config(select=("provenance",))
    documents = _documents(config)
    rules = active_rules(config)
    best = float("inf")
    for _ in range(repeat):
        provenance_module._CACHE.clear()
        started = time.perf_counter()
        for document in documents:
            context = Context(config)
            for rule in rules:
                for _hit in rule.run(document, context):
                    pass
        best = min(best, time.perf_counter() - started)
    print(f"provenance: {len(documents)} documents, best of {repeat}: {best * 1000:.1f} ms "
          f"= {len(documents) / best:,.0f} documents/s (record gathered from scratch each pass)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    privacy(args.megabytes, args.repeat)
    provenance(args.repeat * 20)


if __name__ == "__main__":
    main()
