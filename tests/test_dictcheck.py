"""`govlint dict check`: what an organisation's editor sees before adding a list."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.cli.main import main

REPO = Path(__file__).resolve().parents[1]

GOOD = """\
# Source: 普安县委宣传部
name: 普安县补充词表
category: gambling
severity: warning
stage: 终审
source: 普安县委宣传部 2026 年整理
allow_near: [打击, 查处]
terms:
  - 棋牌上分
  - term: 网赌平台
    allow: ["打击{}"]
"""


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path / "cache"))


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["dict", "check", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_list_is_clean(tmp_path, capsys):
    code, out, err = run(capsys, str(write(tmp_path, "good.yaml", GOOD)))
    assert (code, err) == (0, "")
    assert out == ["检查了 1 个词表（2 个词条），发现 0 个问题。"]


def test_the_bundled_lists_are_clean(capsys):
    code, out, _ = run(capsys, str(REPO / "dictionaries" / "sensitive" / "lists"))
    assert code == 0 and out[-1].endswith("发现 0 个问题。")


def test_duplicates_conflicts_and_useless_terms_are_reported_with_lines(tmp_path, capsys):
    text = GOOD + (
        "  - 棋牌 上分\n"  # 12: the same term after normalisation
        "  - 县\n"  # 13: one character
        "  - 人民政府\n"  # 14: in the clean example
        "  - term: 打击网赌平台\n"  # 15: denied here, allowed by 网赌平台's phrase
        "  - 真人荷官\n"  # 16: already in the bundled gambling list
        "  - term: 开奖\n"  # 17
        "    allow: [开奖]\n"  # 18: the term allowed everywhere
    )
    path = write(tmp_path, "words.yaml", text)
    code, out, _ = run(capsys, str(path))
    assert code == 1
    problems = "\n".join(out)
    assert f"{path}:12: 词条“棋牌 上分”重复：已见于第 9 行" in problems
    assert f"{path}:13: 词条“县”只有一个字" in problems
    assert f"{path}:14: 词条“人民政府”在无问题的示例文稿" in problems and "clean-article.md" in problems
    assert f"{path}:11: allow 短语“打击网赌平台”同时是词表 普安县补充词表 第 15 行的禁用词条" in problems
    assert f"{path}:16: 词条“真人荷官”重复：已见于词表 gambling" in problems
    assert f"{path}:18: allow 短语“开奖”就是词条本身" in problems
    assert out[-1] == "检查了 1 个词表（8 个词条），发现 7 个问题。"


def test_a_term_common_in_a_corpus_folder(tmp_path, capsys):
    corpus = tmp_path / "posts"
    corpus.mkdir()
    for n in range(5):
        write(corpus, f"{n}.md", f"# 第{n}期\n\n本期开展志愿服务活动，志愿者{n}人参加。\n")
    path = write(tmp_path, "words.yaml", GOOD + "  - 志愿服务\n")
    code, out, _ = run(capsys, str(path), "--corpus", str(corpus))
    assert code == 1
    assert any(line.startswith(f"{path}:12: 词条“志愿服务”在 ") and "篇里都会匹配" in line for line in out)
    # Without the corpus the bundled examples do not contain it.
    code, out, _ = run(capsys, str(path))
    assert code == 0


def test_syntax_and_format_errors_are_problems_with_lines(tmp_path, capsys):
    path = write(tmp_path, "bad.yaml", GOOD.replace("category: gambling", "category: casino"))
    code, out, _ = run(capsys, str(path))
    assert code == 1 and out[0].startswith(f"{path}:3: 未知类别“casino”")
    path = write(tmp_path, "broken.yaml", GOOD.replace("  - 棋牌上分", "  - [棋牌上分"))
    code, out, _ = run(capsys, str(path))
    assert code == 1 and out[0].startswith(f"{path}:9: YAML 语法错误")


def test_unreadable_lists_exit_2(tmp_path, capsys):
    code, _, err = run(capsys, str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml" in err and "无法读取词表" in err
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(GOOD.encode("gbk"))
    code, _, err = run(capsys, str(gbk))
    assert code == 2 and "不是 UTF-8 编码" in err and "Traceback" not in err


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["dict"]) == 2
    assert main(["dict", "check"]) == 2
    assert main(["dict", "check", str(tmp_path)]) == 2  # a folder without lists
    code, _, err = run(capsys, str(write(tmp_path, "good.yaml", GOOD)), "--corpus", str(tmp_path / "nowhere"))
    assert code == 2 and "nowhere" in err
