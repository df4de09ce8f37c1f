"""Parser errors an editor meets (front matter, term lists, .govlint.toml) are told in Chinese."""

from __future__ import annotations

import re

import pytest

from govlint.cli.main import main

BROKEN = {
    "unclosed bracket": ("title: [未闭合", "方括号 [ ] 未闭合：此处应为“,”或“]”，却是文件结尾"),
    "colon in a value": ("title: 通知: 关于开展自查", "此处不能写“键: 值”"),
    "unclosed quote": ('title: "关于开展自查', "引号未闭合"),
    "tab indent": ("title: 通知\n\tlabel: 原创", "字符“\\t”不能出现在这里（YAML 不能用 Tab 缩进）"),
}


@pytest.mark.parametrize("front, said", BROKEN.values(), ids=BROKEN.keys())
def test_front_matter_errors_are_in_chinese(tmp_path, capsys, front, said):
    draft = tmp_path / "稿件.md"
    draft.write_text(f"---\n{front}\n---\n\n正文。\n", encoding="utf-8")
    assert main([str(draft), "-q"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert said in line
    english = re.findall(r"[A-Za-z]{3,}", line.split("稿件.md: ", 1)[1])
    assert set(english) <= {"YAML", "Tab"}, line  # no PyYAML English left


def test_term_list_errors_are_in_chinese(tmp_path, capsys):
    terms = tmp_path / "词表.yaml"
    terms.write_text("name: 本单位词表\nterms:\n  - [未闭合\n", encoding="utf-8")
    main(["dict", "check", str(terms)])
    out = capsys.readouterr().out
    assert "YAML 语法错误：方括号 [ ] 未闭合" in out and "expected" not in out

