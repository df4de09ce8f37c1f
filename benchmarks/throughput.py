"""Throughput of the whole lint path (read, model, checks) on the bundled examples.

Usage: python benchmarks/throughput.py [--repeat N] [PATH...]

Prints the cold start (first file, which loads jieba's dictionary), then files
per second and characters per second over N passes of the warm path, on one
core (a single process).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from govlint.config import Config
from govlint.engine import discover_files, lint_file

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=[str(REPO / "examples")])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    config = Config()
    files = [f for p in args.paths for f in discover_files(Path(p), lambda _: config)]

    started = time.perf_counter()
    lint_file(files[0], config)
    cold = time.perf_counter() - started

    chars = 0
    started = time.perf_counter()
    for _ in range(args.repeat):
        for file in files:
            chars += lint_file(file, config).chars
    elapsed = time.perf_counter() - started
    count = len(files) * args.repeat
    print(f"files: {len(files)}  passes: {args.repeat}")
    print(f"cold start (first file, jieba load included): {cold * 1000:.0f} ms")
    print(f"warm: {count / elapsed:.1f} files/s, {chars / elapsed / 1e6:.2f} M chars/s")


if __name__ == "__main__":
    main()
