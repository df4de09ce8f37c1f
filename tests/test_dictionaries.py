"""The data in dictionaries/ is reviewed data: tests keep it clean (codespell-style)."""

from __future__ import annotations

import re

from govlint.data import dictionaries_dir

HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def entries(relative: str) -> list[str]:
    lines = (dictionaries_dir() / relative).read_text(encoding="utf-8").splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


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
