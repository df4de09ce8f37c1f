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
sentences per second of CPU time (one process, one core; the model load is
excluded and reported separately; CPU time, not wall time, so that a busy
machine does not distort the figure), for the first pass over the set (the
model's pages still coming from disk) and the best of ``--passes`` passes
(the steady state of a batch audit).

``--cli FILE ...`` measures the route a user takes: all source sentences of
a set are written to one text file, one paragraph each, and the installed
CLI checks it (``python -m govlint FILE --select typo --format json``). The
figures follow the SIGHAN definition: precision is over every sentence the
CLI changes or flags in any way (a missing-character or doubled-word finding
included), so a wrong correction of an erroneous sentence counts against
it; a sentence is detected when the flagged positions equal the gold ones,
and corrected when, besides, every suggestion equals the gold character.

``--clean FILE ...`` instead runs every typo rule of govlint on texts taken
as error-free (one paragraph per line, grouped into drafts of about 2,000
characters) and prints the findings per 10,000 Han characters: the false
findings an editor would see. ``--cut-off FILE ...`` measures the
paragraph-start part of typo.missing-char: each paragraph as published and
with its first character removed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from collections import Counter

from govlint.typo.correct import correct_sentences

HAN = re.compile(r"[\u4e00-\u9fff]")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp else 0.0
    recall = tp / (tp + fn) if tp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(path: Path, passes: int = 3) -> dict[str, float]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 2 and len(cols[0]) == len(cols[1]):
            pairs.append((cols[0], cols[1]))
    # The first pass also pays for reading the model's pages from disk; the
    # best of the later ones is the steady state of a batch audit.
    times = []
    for _ in range(passes):
        start = time.process_time()
        predictions = correct_sentences([s for s, _ in pairs])
        times.append(time.process_time() - start)
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
        "false_alarm": fp / negatives if negatives else 0.0,
        "first_pass": len(pairs) / times[0], "per_second": len(pairs) / min(times),
    }


def load_seconds() -> float:
    """Time to make the engine ready in a fresh process (model + names + tables)."""
    code = (
        "import time; t = time.perf_counter();"
        "from govlint.typo.correct import correct_sentences; correct_sentences(['预热一下']);"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    return float(out.stdout.strip())


def clean_findings(path: Path) -> tuple[int, Counter]:
    """Han characters of the text and govlint's typo findings on it, by rule."""
    from govlint.config import Config
    from govlint.engine import check_document
    from govlint.readers.text import read_text

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".tsv":  # a CSC set: its correct sentences
        text = "\n".join(s for s, t in (line.split("\t") for line in text.splitlines()) if s == t)
    found: Counter = Counter()
    for draft in drafts(text.splitlines()):
        result = check_document(read_text(draft + "\n", path.name, "utf-8"), Config(select=("typo",)))
        found.update(f.rule for f in result.findings)
    return len(HAN.findall(text)), found


def drafts(lines: list[str], size: int = 2000) -> list[str]:
    """The lines grouped into drafts of about ``size`` characters, the length
    of an article (typo.missing-char compares the phrases within one draft)."""
    out, current, length = [], [], 0
    for line in lines:
        current.append(line)
        length += len(line)
        if length >= size:
            out.append("\n".join(current))
            current, length = [], 0
    return out + (["\n".join(current)] if current else [])


def cut_off_rates(path: Path) -> tuple[int, float, float, float]:
    """The paragraphs of ``path`` that start with Han text: the share reported
    as they are, and with their first character removed (reported, and with
    the right character suggested)."""
    from govlint.typo.cutoff import cut_starts

    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if HAN.match(line[:1])]
    as_is = [cut_starts([line])[0] for line in lines]
    cut = [cut_starts([line[1:]])[0] for line in lines]
    right = sum(1 for line, found in zip(lines, cut, strict=True) if found and found[0] == line[0])
    n = max(len(lines), 1)
    return len(lines), sum(f is not None for f in as_is) / n, sum(f is not None for f in cut) / n, right / n


def _pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 2 and len(cols[0]) == len(cols[1]) and cols[0].strip():
            pairs.append((cols[0], cols[1]))
    return pairs


def cli_flags(sentences: list[str]) -> list[dict[int, str | None]]:
    """For each sentence: {index: suggested character, or None where the CLI
    flags the place without a same-length correction}, from one CLI run
    over a file of the sentences, one paragraph (line) each."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "sentences.txt"
        # A blank first line: a short first line must not be read as the title.
        draft.write_text("\n" + "\n".join(sentences) + "\n", encoding="utf-8")
        config = Path(tmp) / ".govlint.toml"
        config.write_text("", encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "govlint", str(draft), "--select", "typo", "--format", "json",
             "--config", str(config)],
            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
        )
    if done.returncode not in (0, 1):
        raise SystemExit(f"govlint exited {done.returncode}: {done.stderr.strip()[:300]}")
    flags: list[dict[int, str | None]] = [{} for _ in sentences]
    for f in json.loads(done.stdout)["files"][0]["findings"]:
        n, at, text, suggestion = f["line"] - 2, f["column"] - 1, f["text"], f["suggestion"]
        if not 0 <= n < len(sentences):
            continue
        if suggestion is not None and len(suggestion) == len(text) and text:
            for k, (a, b) in enumerate(zip(text, suggestion, strict=True)):
                if a != b:
                    flags[n][at + k] = b
        else:  # an insertion, a deletion or a bare flag: a detection, never a correction
            flags[n].setdefault(at, None)
    return flags


def evaluate_cli(path: Path) -> dict[str, float]:
    pairs = _pairs(path)
    flags = cli_flags([s for s, _ in pairs])
    wrong = sum(1 for s, t in pairs if s != t)
    flagged = det_tp = cor_tp = clean_flagged = 0
    for (source, target), found in zip(pairs, flags, strict=True):
        if not found:
            continue
        flagged += 1
        gold = {i: b for i, (a, b) in enumerate(zip(source, target, strict=True)) if a != b}
        clean_flagged += source == target
        if gold and set(found) == set(gold):
            det_tp += 1
            cor_tp += all(found[i] == gold[i] for i in gold)
    clean = len(pairs) - wrong

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    det_p, det_r = det_tp / max(flagged, 1), det_tp / max(wrong, 1)
    cor_p, cor_r = cor_tp / max(flagged, 1), cor_tp / max(wrong, 1)
    return {"sentences": len(pairs), "det_p": det_p, "det_r": det_r, "det_f1": f1(det_p, det_r),
            "cor_p": cor_p, "cor_r": cor_r, "cor_f1": f1(cor_p, cor_r), "clean_flagged": clean_flagged / max(clean, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark govlint's typo engine on CSC test sets.")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--clean", action="store_true", help="count typo findings on error-free texts")
    parser.add_argument("--passes", type=int, default=3, help="timed passes per set (sent/s: the best one)")
    parser.add_argument("--cut-off", action="store_true", help="paragraph starts cut off: rates on a text's paragraphs")
    parser.add_argument("--cli", action="store_true", help="the user's route: one file of all sentences, the CLI")
    args = parser.parse_args(argv)
    if args.cli:
        print("| set | sentences | det P | det R | det F1 | cor P | cor R | cor F1 | clean sentences flagged |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for path in args.files:
            r = evaluate_cli(path)
            print(f"| {path.stem} | {r['sentences']} | {r['det_p']:.3f} | {r['det_r']:.3f} | {r['det_f1']:.3f} "
                  f"| {r['cor_p']:.3f} | {r['cor_r']:.3f} | {r['cor_f1']:.3f} | {r['clean_flagged']:.1%} |", flush=True)
        return 0
    if args.cut_off:
        print("| text | paragraphs | reported as published | reported with the first character cut | right character |")
        print("|---|---:|---:|---:|---:|")
        for path in args.files:
            n, as_is, cut, right = cut_off_rates(path)
            print(f"| {path.name} | {n} | {as_is:.2%} | {cut:.1%} | {right:.1%} |", flush=True)
        return 0
    if args.clean:
        print("| text | Han characters | findings | per 10,000 characters | by rule |")
        print("|---|---:|---:|---:|---|")
        for path in args.files:
            chars, found = clean_findings(path)
            total = sum(found.values())
            rules = ", ".join(f"{rule} {n}" for rule, n in found.most_common())
            print(f"| {path.name} | {chars:,} | {total} | {total * 10000 / max(chars, 1):.1f} | {rules} |", flush=True)
        return 0
    print(f"engine ready in a fresh process: {load_seconds():.2f} s")
    correct_sentences(["预热一下"])
    print("| set | sentences | det P | det R | det F1 | cor P | cor R | cor F1 | false alarms "
          "| sent/s first pass | sent/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in args.files:
        r = evaluate(path, args.passes)
        print(
            f"| {path.stem} | {r['sentences']} | {r['det_p']:.3f} | {r['det_r']:.3f} | {r['det_f1']:.3f} "
            f"| {r['cor_p']:.3f} | {r['cor_r']:.3f} | {r['cor_f1']:.3f} | {r['false_alarm']:.1%} "
            f"| {r['first_pass']:.0f} | {r['per_second']:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
