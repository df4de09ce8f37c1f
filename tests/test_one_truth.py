"""One truth about the article (issue 26, item 4): the JSON metadata, the
report header and the provenance facts cannot disagree."""

from __future__ import annotations

import json

from govlint.cli.main import main

DRAFT = """---
title: 关于开展秋冬季森林防火工作的通知
label: 转载
---

来源：新华社

各乡镇要认真做好森林防火工作。

编辑：吴静
"""


def test_the_source_the_text_names_is_the_metadata_and_the_header(tmp_path, capsys):
    draft = tmp_path / "通知.md"
    draft.write_text(DRAFT, encoding="utf-8")
    main([str(draft), "--format", "json"])
    entry = json.loads(capsys.readouterr().out)["files"][0]
    assert entry["provenance"]["source"] == "新华社"
    assert (entry["metadata"]["source"], entry["metadata"]["editor"]) == ("新华社", "吴静")
    main([str(draft), "--format", "markdown"])
    report = capsys.readouterr().out
    assert "| 来源 | 新华社 |" in report and "| 编辑 | 吴静 |" in report


def test_header_metadata_and_provenance_agree_on_every_example_and_fixture(capsys):
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    drafts = sorted(
        str(p) for folder in (repo / "examples", repo / "tests" / "fixtures")
        for p in folder.rglob("*") if p.suffix in (".md", ".html", ".txt") and p.name.lower() != "readme.md"
    )
    main([*drafts, "--format", "json"])
    files = json.loads(capsys.readouterr().out)["files"]
    assert len(files) > 20
    for entry in files:
        found = entry["provenance"] or {}
        for key in ("label", "source", "author", "editor"):
            if found.get(key):
                assert entry["metadata"][key], (entry["path"], key, found[key])
