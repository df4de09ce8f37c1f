"""The data in dictionaries/ is reviewed data: tests keep it clean (codespell-style)."""

from __future__ import annotations

import re
from collections import Counter

from govlint import data
from govlint.data import dictionaries_dir
from govlint.han import CLASS

HAN = re.compile(rf"^[{CLASS}]{{2,}}$")


def entries(relative: str) -> list[str]:
    return data.entries(data.data_path(relative))


def _line_files():
    return sorted(p for p in dictionaries_dir().rglob("*") if p.is_file() and p.suffix in {".txt", ".tsv"})


def test_reduplication_list_is_clean():
    words = entries("typo/reduplication.txt")
    assert len(words) == len(set(words)), "duplicate entries"
    assert all(HAN.match(w) for w in words), [w for w in words if not HAN.match(w)]
    # 进行 is the canonical doubled-word typo; allowing it would hide the defect.
    assert "进行" not in words


def test_every_data_file_is_utf8_with_a_source_note():
    for path in dictionaries_dir().rglob("*"):
        if path.is_file() and path.suffix in {".txt", ".yaml", ".yml", ".toml"}:
            text = path.read_text(encoding="utf-8")
            assert "Source" in text or "source" in text or "来源" in text, f"{path} says nowhere where its data comes from"


def test_every_line_file_keeps_the_one_comment_syntax():
    """govlint.data reads every .txt and .tsv one way: ``#`` starts a comment
    to the end of the line. A ``#`` glued to an entry would silently cut it,
    so a comment after an entry must follow white space; a byte-order mark
    would become part of the first entry."""
    assert len(_line_files()) >= 10
    for path in _line_files():
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{path}: byte-order mark"
        for number, line in enumerate(raw.decode("utf-8").splitlines(), 1):
            before = line.split("#", 1)[0]
            assert "#" not in line or not before or before[-1].isspace(), f"{path}:{number}: “#” glued to an entry"


def test_every_tsv_row_has_its_file_s_number_of_fields():
    for path in (p for p in _line_files() if p.suffix == ".tsv"):
        widths = Counter(len(row) for row in data.rows(path))
        assert len(widths) == 1, f"{path}: rows of {dict(widths)} fields"
        assert all(all(row) for row in data.rows(path)), f"{path}: an empty field"
