"""Diff the findings of two ``govlint --format json`` outputs.

Usage::

    govlint examples/ tests/fixtures/ --format json -o /tmp/before.json   # on the old commit
    govlint examples/ tests/fixtures/ --format json -o /tmp/after.json    # on the new one
    python scripts/diff_findings.py /tmp/before.json /tmp/after.json

A refactoring that must keep every finding (issue 27) shows none here but the
ones it means to change. A finding is compared by file, rule, range, message,
suggestion and its ``fix`` object (an output from before fixes were data has
none: pass ``--ignore-fix``); the files that one output could read and the
other not are listed too. Exit code 0 when the findings are the same, 1 when
they differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

KEY = ("rule", "severity", "line", "column", "end_line", "end_column", "message", "suggestion")


def findings(path: Path, with_fix: bool = True) -> tuple[Counter, dict[str, str | None]]:
    """The findings of an output as a multiset of (file, key...) tuples, and each file's error."""
    data = json.loads(path.read_text(encoding="utf-8"))
    found: Counter = Counter()
    errors = {}
    for entry in data["files"]:
        errors[entry["path"]] = entry.get("error")
        for f in entry["findings"]:
            fix = json.dumps(f.get("fix"), ensure_ascii=False, sort_keys=True) if with_fix else None
            found[(entry["path"], *(f.get(k) for k in KEY), fix)] += 1
    return found, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore-fix", action="store_true", help="do not compare the findings' fix objects")
    args = parser.parse_args()
    before, before_errors = findings(args.before, not args.ignore_fix)
    after, after_errors = findings(args.after, not args.ignore_fix)
    gone, new = before - after, after - before
    for label, diff in (("-", gone), ("+", new)):
        for (path, rule, severity, line, column, *_rest, message, _suggestion, _fix), n in sorted(diff.items()):
            print(f"{label} {path}:{line}:{column} {rule} {severity} {message}" + (f" (×{n})" if n > 1 else ""))
    paths = before_errors.keys() | after_errors.keys()
    changed = sorted(p for p in paths if before_errors.get(p) != after_errors.get(p))
    for path in changed:
        print(f"! {path}: {before_errors.get(path)!r} -> {after_errors.get(path)!r}")
    print(f"{sum(gone.values())} findings gone, {sum(new.values())} new, {len(changed)} files read differently",
          file=sys.stderr)
    return 1 if gone or new or changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
