"""False findings on published official text (issue 21).

Usage::

    python benchmarks/official.py [CORPUS] [--top N] [--select CHECKS] [--json FILE]

CORPUS defaults to ``../shared/corpora/official``. Its folders ``reports``,
``news``, ``pages`` and ``wechat`` are linted apart, each with one run of the
installed CLI (``python -m govlint FOLDER --format json``, all checks, default
settings), exactly as an editor or a monitoring office would run it. Gold
main-text files (``*.body.txt``) are annotations, not published drafts, and
are left out.

The text is published and nearly error-free, so almost every error or
warning is a false alarm: the script prints, per folder, the findings per
10,000 Han characters by check, by rule and by severity, and the most frequent
messages. Han characters are counted over the decoded files as the corpus's
README counts them (U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+20000-2FFFF),
for HTML pages over the whole source.

Nothing of the corpus is written anywhere unless ``--json`` asks for the
counts (which hold the quoted text of frequent messages: keep such a file
out of the repository).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FOLDERS = ("reports", "news", "pages", "wechat")
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")


def drafts(folder: Path) -> list[Path]:
    """The published files of a corpus folder (the gold ``.body.txt`` left out)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".body.txt")
                  and p.suffix in {".txt", ".html", ".htm", ".md"})


def han_chars(files: list[Path]) -> int:
    from charset_normalizer import from_bytes

    total = 0
    for file in files:
        data = file.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = str(from_bytes(data).best() or "")
        total += len(HAN.findall(text))
    return total


def lint(files: list[Path], select: str | None) -> list[dict]:
    """The CLI's JSON file entries for ``files`` (one process)."""
    with tempfile.TemporaryDirectory() as tmp:
        # An empty configuration beside nothing: the corpus has none, and the
        # project's own pyproject.toml must not be picked up either.
        config = Path(tmp) / ".govlint.toml"
        config.write_text("", encoding="utf-8")
        command = [sys.executable, "-m", "govlint", "--format", "json", "--config", str(config)]
        if select:
            command += ["--select", select]
        done = subprocess.run(command + [str(f) for f in files], capture_output=True, text=True, cwd=REPO)
    if done.returncode not in (0, 1):
        raise SystemExit(f"govlint exited {done.returncode}: {done.stderr.strip()[:500]}")
    return json.loads(done.stdout)["files"]


def per10k(count: int, chars: int) -> str:
    return f"{count * 10000 / chars:.2f}" if chars else "-"


def summarise(name: str, entries: list[dict], chars: int, top: int) -> dict:
    by_rule: Counter[tuple[str, str]] = Counter()
    messages: Counter[tuple[str, str]] = Counter()
    for entry in entries:
        for f in entry["findings"]:
            by_rule[(f["rule"], f["severity"])] += 1
            messages[(f["rule"], f["message"])] += 1
    by_severity: Counter[str] = Counter()
    by_check: Counter[str] = Counter()
    for (rule_id, severity), n in by_rule.items():
        by_severity[severity] += n
        by_check[rule_id.split(".")[0]] += n
    errors = [e["path"] for e in entries if e.get("error")]
    unreadable = f", {len(errors)} unreadable" if errors else ""
    print(f"\n## {name}: {len(entries)} files, {chars:,} Han characters{unreadable}")
    total = sum(by_rule.values())
    loud = by_severity["error"] + by_severity["warning"]
    typo = by_check["typo"]
    print(f"all findings {total} ({per10k(total, chars)} per 10k); error+warning {loud} ({per10k(loud, chars)}); "
          f"typo {typo} ({per10k(typo, chars)})")
    print("severity: " + ", ".join(f"{s} {n} ({per10k(n, chars)})" for s, n in sorted(by_severity.items())))
    print("\n| rule | severity | findings | per 10k |\n|---|---|---:|---:|")
    for (rule_id, severity), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {rule_id} | {severity} | {n} | {per10k(n, chars)} |")
    if top:
        print(f"\nmost frequent messages (top {top}):")
        for (rule_id, message), n in messages.most_common(top):
            print(f"  {n:4d}  {rule_id}  {message}")
    return {
        "files": len(entries), "han_chars": chars, "findings": total, "error_warning": loud, "typo": typo,
        "by_rule": {f"{r} {s}": n for (r, s), n in sorted(by_rule.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=REPO.parent / "shared" / "corpora" / "official")
    parser.add_argument("--top", type=int, default=15, help="how many frequent messages to print per folder")
    parser.add_argument("--select", help="only these checks or rules (as govlint --select)")
    parser.add_argument("--folders", default=",".join(FOLDERS), help="corpus folders to lint, comma-separated")
    parser.add_argument("--json", type=Path, help="also write the counts to this file (keep it out of the repo)")
    args = parser.parse_args()
    results = {}
    for name in args.folders.split(","):
        files = drafts(args.corpus / name)
        results[name] = summarise(name, lint(files, args.select), han_chars(files), args.top)
    text = [k for k in ("reports", "news") if k in results]
    if text:
        chars = sum(results[k]["han_chars"] for k in text)
        loud = sum(results[k]["error_warning"] for k in text)
        typo = sum(results[k]["typo"] for k in text)
        total = sum(results[k]["findings"] for k in text)
        print(f"\n## reports + news: {chars:,} Han characters: typo {per10k(typo, chars)} per 10k (any severity), "
              f"error+warning {per10k(loud, chars)}, all findings {per10k(total, chars)}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
