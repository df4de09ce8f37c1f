"""Resource limits and bad configuration (issue 9): refused clearly, never read whole, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.cli.main import main
from govlint.config import DEFAULT_MAX_FILE_SIZE, Config
from govlint.engine import lint_file

REPO = Path(__file__).resolve().parents[1]


def test_default_limit_is_ten_mebibytes_and_documented():
    assert DEFAULT_MAX_FILE_SIZE == 10 * 1024 * 1024
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "max_file_size" in readme and "10 MiB" in readme


def test_a_file_over_the_limit_is_refused_without_being_read(tmp_path, monkeypatch):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # 50 MB, sparse: costs no disk
        handle.truncate(50 * 1024 * 1024)
    opened: list[str] = []
    real_open = Path.open

    def spy(self, *args, **kwargs):
        opened.append(str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    result = lint_file(huge, Config())
    assert result.error is not None and "文件过大" in result.error and "max_file_size" in result.error
    assert str(huge) not in opened


def test_the_limit_is_configurable(tmp_path, capsys):
    draft = tmp_path / "稿件.txt"
    draft.write_text("各部门要认真进行自查自纠。\n" * 200, encoding="utf-8")
    (tmp_path / ".govlint.toml").write_text('max_file_size = "1KB"\n', encoding="utf-8")
    assert main([str(draft)]) == 2
    assert "文件过大" in capsys.readouterr().err


def test_memory_stays_bounded_on_a_large_draft(tmp_path):
    # About 9 MB of text: peak memory must stay a modest multiple of it.
    draft = tmp_path / "large.txt"
    line = "各部门要认真开展自查自纠工作，确保政策落实到位，进行进行整改。\n"
    draft.write_text(line * (9 * 1024 * 1024 // len(line.encode("utf-8"))), encoding="utf-8")
    probe = (
        "import resource, sys\n"
        "from govlint.cli.main import main\n"
        "code = main([sys.argv[1], '--select', 'typo.duplicate,garbled', '--format', 'json', '-o', sys.argv[2]])\n"
        "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(draft), str(tmp_path / "out.json")], capture_output=True, timeout=900
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    code, peak_kib = (int(v) for v in done.stdout.split())
    assert code in (0, 1)
    assert peak_kib < 3 * 1024 * 1024, f"peak memory {peak_kib // 1024} MiB on a 9 MB draft"


@pytest.mark.parametrize(
    "content, said",
    [
        ('select = ["typo"\nignore = []\n', "方括号 [ ] 未闭合（第 2 行第 1 列）"),
        ('fail_on = "error"\n\nseverity = { "typo.duplicate" = }\n',
         '值的写法不对（字符串要加引号，如 account = "普安之声"）（第 3 行第 33 列）'),
        ('allow_words = ["研究研究",\n  "一步一步"\n  "雪白雪白"]\n', "方括号 [ ] 未闭合（第 3 行第 3 列）"),
        ('account "普安之声"\n', "键后面缺少“=”（第 1 行第 9 列）"),
        ('select = ["typo"\n', "方括号 [ ] 未闭合（文件末尾）"),
    ],
)
def test_toml_syntax_error_names_file_line_and_column_in_chinese(tmp_path, capsys, content, said):
    (tmp_path / ".govlint.toml").write_text(content, encoding="utf-8")
    draft = tmp_path / "稿件.txt"
    draft.write_text("正文。\n", encoding="utf-8")
    assert main([str(draft)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert ".govlint.toml" in err and err.strip().endswith(f"TOML 语法错误：{said}"), err


@pytest.mark.parametrize(
    "content, words",
    [
        ("allow_words = [1, 2]\n", "allow_words 应为字符串列表"),
        ('allow_word = ["研究研究"]\n', "未知配置项 allow_word"),
        ('exclude = "a", "b"\n', "TOML 语法错误"),
        ('dictionaries = ["missing.txt"]\n', "dictionaries 中的文件不存在"),
        ('select = ["typo.no-such-rule"]\n', "不存在"),
    ],
)
def test_a_wrong_list_is_an_error_never_silently_ignored(tmp_path, capsys, content, words):
    (tmp_path / ".govlint.toml").write_text(content, encoding="utf-8")
    draft = tmp_path / "稿件.txt"
    draft.write_text("正文。\n", encoding="utf-8")
    assert main([str(draft)]) == 2
    err = capsys.readouterr().err
    assert words in err and ".govlint.toml" in err and "Traceback" not in err


def test_a_broken_pyproject_with_a_govlint_table_is_reported(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.govlint]\nallow_words = = ["研究研究"]\n', encoding="utf-8")
    draft = tmp_path / "稿件.txt"
    draft.write_text("正文。\n", encoding="utf-8")
    assert main([str(draft)]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err and "TOML 语法错误" in err and "第 5 行" in err


def test_a_fifo_named_like_a_draft_does_not_hang(tmp_path, capsys):
    fifo = tmp_path / "管道.txt"
    os.mkfifo(fifo)
    (tmp_path / "正常.txt").write_text("正文。\n", encoding="utf-8")
    assert main([str(tmp_path)]) == 2
    assert "不是普通文件" in capsys.readouterr().err
