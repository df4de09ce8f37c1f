"""Per-rule counts and throughput of the layout checks (font, link, garbled, structure).

Usage:
    python benchmarks/checks.py [PATH ...] [--repeat N] [--checks font,link,garbled,structure]
    python benchmarks/checks.py --accuracy

The first form reads every draft under the paths once (default: examples/),
then runs each registered rule of the selected checks over all of them N
times, and prints per-rule finding counts and time, and the throughput of
the checks alone and of reading plus checking. Checks with no rules yet are
listed as such, so the script works before and after they land.

``--accuracy`` measures the garbled check on real sentences: the corrected
side of pycorrector's SIGHAN-2015 test set plus person and place names
(read from pycorrector's data folder), clean and turned into mojibake (UTF-8
decoded as GBK, Big5, cp1252, as a browser would show it), and counts the
findings of the garbled and structure checks on the clean text (false
alarms) and the mojibake the garbled check finds and repairs.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import time
from collections import Counter
from pathlib import Path

from govlint.checks import active_rules, resolve
from govlint.config import Config
from govlint.engine import check_document, discover_files
from govlint.readers import format_of, read_document
from govlint.readers.text import read_text
from govlint.rules import Context
from govlint.source import InputError, read_bytes

REPO = Path(__file__).resolve().parents[1]
CHECKS = ("font", "link", "garbled", "structure")


def throughput(paths: list[Path], checks: tuple[str, ...], repeat: int) -> None:
    config = Config(select=checks)
    files = [f for p in paths for f in discover_files(p, lambda _: config)]

    unreadable: list[str] = []

    def read_all() -> list:
        documents = []
        for file in files:
            try:
                data = read_bytes(file, config.max_file_size)
                documents.append(read_document(data, str(file), format_of(file) or "text"))
            except InputError as error:  # a deliberately broken draft: govlint reports it, we skip it
                unreadable.append(f"{file}: {error}")
        return documents

    read_all()  # warm-up: imports and parser set-up are start-up cost, not throughput
    files = [f for f in files if not any(u.startswith(f"{f}: ") for u in unreadable)]
    started = time.perf_counter()
    documents = read_all()
    read_seconds = time.perf_counter() - started
    chars = sum(len(d.source.text) for d in documents)
    rules = active_rules(config)

    # Warm-up pass: loads lazy data (jieba, tables) once and counts findings.
    counts: Counter[str] = Counter()
    for document in documents:
        for finding in check_document(document, config).findings:
            counts[finding.rule] += 1
    seconds: Counter[str] = Counter()
    for _ in range(repeat):
        for rule in rules:
            started = time.perf_counter()
            for document in documents:
                for _hit in rule.run(document, Context(config)):
                    pass
            seconds[rule.id] += time.perf_counter() - started
    total = sum(seconds.values())

    print(f"files: {len(files)}  chars: {chars:,}  passes: {repeat}  (skipped unreadable: {len(unreadable)})")
    for check in checks:
        if not resolve(check):
            print(f"{check}: no rules registered yet")
    print(f"{'rule':32} {'findings':>8} {'ms/pass':>9}")
    for rule in rules:
        print(f"{rule.id:32} {counts[rule.id]:>8} {seconds[rule.id] * 1000 / repeat:>9.2f}")
    print(f"{'total':32} {sum(counts.values()):>8} {total * 1000 / repeat:>9.2f}")
    if total:
        per_pass = total / repeat
        print(f"checks only: {len(files) / per_pass:,.1f} files/s, {chars / per_pass / 1e6:.2f} M chars/s")
        both = per_pass + read_seconds
        print(f"read + checks: {len(files) / both:,.1f} files/s, {chars / both / 1e6:.2f} M chars/s")


def _corpus() -> tuple[list[str], list[str]]:
    """(sentences, names) from pycorrector's data folder, read without importing it."""
    spec = importlib.util.find_spec("pycorrector")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    lines = (folder / "sighan2015_test.tsv").read_text(encoding="utf-8").splitlines()
    sentences = [line.split("\t")[1] for line in lines if "\t" in line]
    names = []
    for name in ("person_name.txt", "place_name.txt"):
        names += [line.split()[0] for line in (folder / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return sentences, names


def accuracy() -> None:
    sentences, names = _corpus()
    rng = random.Random(2026)
    lines = sentences + ["会议由" + "、".join(rng.sample(names, 6)) + "等同志参加。" for _ in range(2000)]
    clean = "\n".join(lines) + "\n"
    config = Config(select=("garbled", "structure"))
    started = time.perf_counter()
    result = check_document(read_text(clean, "clean.txt", "utf-8"), config)
    elapsed = time.perf_counter() - started
    false_alarms = Counter(f.rule for f in result.findings)
    print(f"clean text: {len(lines)} lines, {len(clean):,} chars, {elapsed:.2f} s")
    print(f"  findings (garbled + structure): {sum(false_alarms.values())} {dict(false_alarms)}")

    from govlint.checks.garbled.mojibake import latin1_spans, mojibake_spans

    for label, codec in (("GBK", "gbk"), ("Big5", "cp950"), ("cp1252", "cp1252")):
        found = repaired = 0
        for sentence in sentences:
            garbled = sentence.encode("utf-8").decode(codec, errors="replace")
            spans = list(latin1_spans(garbled) if codec == "cp1252" else mojibake_spans(garbled, codec))
            found += bool(spans)
            fixed = "".join(s[2] for s in spans)
            repaired += bool(spans) and len(fixed) >= 0.8 * len(sentence.rstrip("。！？"))
        print(f"  UTF-8 read as {label}: {found}/{len(sentences)} sentences flagged, "
              f"{repaired} repaired to at least 80% of their text")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[REPO / "examples"])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--checks", default=",".join(CHECKS), help="comma-separated check or rule ids")
    parser.add_argument("--accuracy", action="store_true", help="measure the garbled check on real sentences")
    args = parser.parse_args()
    if args.accuracy:
        accuracy()
        return
    checks = tuple(c.strip() for c in args.checks.split(",") if c.strip())
    throughput(args.paths, checks, args.repeat)


if __name__ == "__main__":
    main()
