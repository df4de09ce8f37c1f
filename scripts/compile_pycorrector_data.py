"""Compile the pycorrector data that govlint reads at run time into
``dictionaries/pycorrector/``.

pycorrector is the source of this data, but the default install does not
carry it: its dependency chain (transformers, datasets, pyarrow, pandas) was
almost all of a 700 MB install, and govlint's default path only ever read
three of its data files. The files written here are what those reads need:

* ``common-chars.txt``: the 3,500 characters of the 现代汉语常用字表
  (pycorrector's ``data/common_char_set.txt``), one a line; the garbled
  rules and the typo engine's cut-off read it;
* ``names.txt``: the person and place names of pycorrector's
  ``data/person_name.txt`` and ``data/place_name.txt``, the name only (the
  frequency column dropped), each once, in the order of the two files; the
  garbled rules keep names' rare forms (文徵明) with it.

Run it after upgrading pycorrector (``pip install '.[model]'``), then commit
the files: ``python scripts/compile_pycorrector_data.py``. ``--check``
compares instead of writing (exit 1 when the files are not what the
installed pycorrector gives). pycorrector is licensed Apache-2.0, as govlint
is; each file's header names the source, its version and the licence.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "dictionaries" / "pycorrector"
HEADER = """\
# {what}
# Source: pycorrector {version} (https://github.com/shibing624/pycorrector, by
# XuMing), data/{sources}, compiled by scripts/compile_pycorrector_data.py:
# {change}
# pycorrector is licensed under the Apache License, Version 2.0 (the LICENSE
# file at the root of this repository); this derived file is distributed
# under the same licence. One entry a line.
"""


def data_folder() -> Path:
    """pycorrector's data folder, found without importing its package root
    (which imports torch)."""
    spec = importlib.util.find_spec("pycorrector")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pycorrector is not installed: pip install '.[model]'")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def common_chars(folder: Path) -> list[str]:
    lines = (folder / "common_char_set.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if len(line.strip()) == 1]


def names(folder: Path) -> list[str]:
    seen: dict[str, None] = {}
    for name in ("person_name.txt", "place_name.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if fields and "#" not in fields[0]:  # '#' opens a comment in govlint's data files
                seen.setdefault(fields[0], None)
    return list(seen)


def render() -> dict[str, str]:
    folder = data_folder()
    version = importlib.metadata.version("pycorrector")
    return {
        "common-chars.txt": HEADER.format(
            what="The 3,500 characters of the 现代汉语常用字表.",
            version=version,
            sources="common_char_set.txt",
            change="the characters as listed.",
        ) + "\n".join(common_chars(folder)) + "\n",
        "names.txt": HEADER.format(
            what="Person and place names.",
            version=version,
            sources="person_name.txt and place_name.txt",
            change="the name of each line (its frequency dropped), each name once.",
        ) + "\n".join(names(folder)) + "\n",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    args = parser.parse_args()
    stale = []
    for name, text in render().items():
        path = OUT / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        OUT.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({text.count(chr(10))} lines)")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
