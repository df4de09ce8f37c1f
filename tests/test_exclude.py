"""``exclude`` in the configuration: what a directory run skips.

``govlint examples/`` lints the example drafts and not examples/README.md
(examples/.govlint.toml); a newsroom folder skips its archive the same way.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from govlint.cli.main import EXIT_ERROR, main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DRAFTS = ["clean-article.md", "cms-page.html", "county-notice-gbk.txt", "notice.md", "wechat-article.html"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def linted(out: str) -> list[str]:
    return [Path(entry["path"]).name for entry in json.loads(out)["files"]]


def test_the_examples_folder_lints_the_drafts_only(capsys, monkeypatch):
    for cwd in (REPO, EXAMPLES, REPO.parent):  # excludes are relative to the config file, not the cwd
        monkeypatch.chdir(cwd)
        _, out, _ = run(capsys, str(EXAMPLES), "--format", "json")
        assert linted(out) == DRAFTS


def test_an_excluded_file_named_on_the_command_line_is_still_linted(capsys):
    _, out, _ = run(capsys, str(EXAMPLES / "README.md"), "--format", "json")
    assert linted(out) == ["README.md"]
    # The drafts' own results do not change: the folder's configuration sets nothing else.
    _, out, _ = run(capsys, str(EXAMPLES / "wechat-article.html"), "--format", "json")
    rules = [f["rule"] for f in json.loads(out)["files"][0]["findings"]]
    assert "link.top-stray" in rules and "link.hidden" in rules


def test_a_newsroom_folder_skips_its_archive_and_templates(tmp_path, capsys):
    posts = tmp_path / "posts"
    (posts / "archive" / "2025").mkdir(parents=True)
    (posts / "templates").mkdir()
    shutil.copy(EXAMPLES / "notice.md", posts / "notice.md")
    shutil.copy(EXAMPLES / "cms-page.html", posts / "archive" / "2025" / "old-page.html")
    shutil.copy(EXAMPLES / "wechat-article.html", posts / "templates" / "wechat-template.html")
    (posts / ".govlint.toml").write_text('exclude = ["archive/**", "*-template.html"]\n', encoding="utf-8")
    _, out, _ = run(capsys, str(posts), "--format", "json")
    assert linted(out) == ["notice.md"]
    # A folder whose every draft is excluded has nothing to lint.
    code, _, err = run(capsys, str(posts / "archive"))
    assert code == EXIT_ERROR and "没有可检查的文稿" in err


def test_a_malformed_exclude_is_a_one_line_configuration_error(tmp_path, capsys):
    shutil.copy(EXAMPLES / "notice.md", tmp_path / "notice.md")
    config = tmp_path / ".govlint.toml"
    config.write_text("exclude = [\"archive/**\", 3]\n", encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path))
    assert code == EXIT_ERROR and out == ""
    assert err.count("\n") == 1 and str(config) in err and "exclude 应为字符串列表" in err
