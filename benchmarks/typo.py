"""Benchmark the typo check on Chinese spelling-check test sets.

Usage::

    python benchmarks/typo.py ../shared/benchmarks/csc/ecspell_odw.tsv [more.tsv ...]

Each file has ``source<TAB>target`` lines of equal length. The sentences go
through the same engine as ``typo.wrong-char`` (with the name protection and
the curated ``typo.confusion`` / ``typo.idiom`` corrections applied first).
Sentence-level figures follow pycorrector's ``evaluate_utils``: an error
sentence is a true positive when the prediction equals the target
(correction) or the flagged positions equal the gold positions (detection),
otherwise a false negative; a correct sentence that gets any change is a
false positive. Also printed: the share of correct sentences flagged, and
sentences per second (one process, one core; the model load is excluded and
reported separately).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govlint.typo.lexicon import correct_sentences


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp else 0.0
    recall = tp / (tp + fn) if tp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(path: Path) -> dict[str, float]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 2 and len(cols[0]) == len(cols[1]):
            pairs.append((cols[0], cols[1]))
    start = time.perf_counter()
    predictions = correct_sentences([s for s, _ in pairs])
    seconds = time.perf_counter() - start
    c_tp = c_fn = d_tp = d_fn = fp = negatives = 0
    for (source, target), edits in zip(pairs, predictions, strict=False):
        fixed = list(source)
        for index, char in edits.items():
            fixed[index] = char
        gold = {i for i, (a, b) in enumerate(zip(source, target, strict=False)) if a != b}
        if source == target:
            negatives += 1
            fp += bool(edits)
            continue
        c_tp += "".join(fixed) == target
        c_fn += "".join(fixed) != target
        d_tp += set(edits) == gold
        d_fn += set(edits) != gold
    dp, dr, df = prf(d_tp, fp, d_fn)
    cp, cr, cf = prf(c_tp, fp, c_fn)
    return {
        "sentences": len(pairs), "det_p": dp, "det_r": dr, "det_f1": df, "cor_p": cp, "cor_r": cr, "cor_f1": cf,
        "false_alarm": fp / negatives if negatives else 0.0, "per_second": len(pairs) / seconds,
    }


def load_seconds() -> float:
    """Time to make the engine ready in a fresh process (model + names + tables)."""
    code = (
        "import time; t = time.perf_counter();"
        "from govlint.typo.lexicon import correct_sentences; correct_sentences(['预热一下']);"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    return float(out.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark govlint's typo engine on CSC test sets.")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    print(f"engine ready in a fresh process: {load_seconds():.2f} s")
    correct_sentences(["预热一下"])
    print("| set | sentences | det P | det R | det F1 | cor P | cor R | cor F1 | false alarms | sent/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in args.files:
        r = evaluate(path)
        print(
            f"| {path.stem} | {r['sentences']} | {r['det_p']:.3f} | {r['det_r']:.3f} | {r['det_f1']:.3f} "
            f"| {r['cor_p']:.3f} | {r['cor_r']:.3f} | {r['cor_f1']:.3f} | {r['false_alarm']:.1%} "
            f"| {r['per_second']:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
