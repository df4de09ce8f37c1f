"""Issue 28: trust boundaries and output escaping (items 8c, 9, 10, 11), the
escaping of controls in the audit CSV and `govlint dict check`, and a damaged
audit cache (set aside and rebuilt; a damaged record relinted)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from govlint.audit.store import DB_NAME
from govlint.cli.audit import main as audit_main
from govlint.cli.main import main
from govlint.formats import github

REPO = Path(__file__).resolve().parents[1]
QUARTER = REPO / "tests" / "fixtures" / "quarter"
PERIOD = ["--from", "2026-07-01", "--to", "2026-09-30", "--at", "2026-09-30"]
SELECT = ["--select", "typo.duplicate,garbled.replacement-char"]

LIST_HEAD = "name: 测试词表\ncategory: gambling\nseverity: error\nstage: 终审\nsource: 测试\nterms:\n"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path / "term-cache"))


def dict_check(capsys, *paths: Path) -> tuple[int, str, str]:
    code = main(["dict", "check", *map(str, paths)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- 8c: `dict check` is linear in a term's length ------------------------------


def test_dict_check_refuses_an_overlong_term_in_linear_time(tmp_path, capsys):
    # A 40,000-character repetitive term cost 40 s (the matcher's automaton is
    # quadratic in it); a term is a word or a phrase, so a long one is refused.
    timings = []
    for size in (4_000, 40_000):
        path = tmp_path / f"long-{size}.yaml"
        path.write_text(LIST_HEAD + "  - 网赌平台\n  - " + "赌" * size + "\n", encoding="utf-8")
        started = time.perf_counter()
        code, out, _ = dict_check(capsys, path)
        timings.append(time.perf_counter() - started)
        assert code == 1
        assert f"{path}:8: 词条过长（{size} 字，最多 64 字）" in out
        assert "赌赌赌" not in out  # the term itself is not echoed
    assert timings[1] < 2.0, timings


def test_a_term_of_the_longest_length_is_accepted(tmp_path, capsys):
    from govlint.terms.lists import MAX_TERM_LENGTH

    path = tmp_path / "ok.yaml"
    path.write_text(LIST_HEAD + "  - " + "网赌平台" * (MAX_TERM_LENGTH // 4) + "\n", encoding="utf-8")
    code, out, _ = dict_check(capsys, path)
    assert "过长" not in out and code in (0, 1)


# --- raw ESC bytes in `dict check` output and the audit CSV ---------------------


def test_dict_check_escapes_control_characters(tmp_path, capsys):
    path = tmp_path / "esc\x1b[2Jname.yaml"
    path.write_text(LIST_HEAD + "  - 网赌\x1b]0;owned\x07平台\n  - 网赌\x1b]0;owned\x07平台\n", encoding="utf-8")
    code, out, err = dict_check(capsys, path)
    assert code == 1
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\u001b" in out  # shown, visibly


def test_dict_check_escapes_controls_in_a_yaml_error(tmp_path, capsys):
    path = tmp_path / "bad\x1b[31m.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    _, out, err = dict_check(capsys, path)
    assert "\x1b" not in out + err and "\\u001b" in out + err


def test_the_audit_csv_escapes_control_characters(tmp_path):
    folder = tmp_path / "posts"
    shutil.copytree(QUARTER / "puan-voice", folder)
    post = sorted(folder.glob("*.md"))[0]
    text = post.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "\ntitle:" in text
    title = text.split("\ntitle: ", 1)[1].split("\n", 1)[0]
    # YAML's "\e" is ESC: a title that clears the screen of whoever cats the CSV.
    text = text.replace(f"\ntitle: {title}", f'\ntitle: "\\e[31m红\\e[0m\\b{title}"', 1)
    post.write_text(text, encoding="utf-8")
    post.rename(folder / ("\x1b]2;x\x07" + post.name))
    out = tmp_path / "report"
    code = audit_main([str(folder), *PERIOD, *SELECT, "--format", "csv", "-o", str(out),
                       "--no-cache", "--no-progress", "-j", "1"])
    assert code in (0, 1)
    data = (out / "posts.csv").read_text(encoding="utf-8-sig")
    assert "\x1b" not in data and "\x07" not in data and "\x08" not in data
    assert "\\u001b[31m红" in data and "\\u001b]2;x\\u0007" in data
    assert list(csv.DictReader(io.StringIO(data)))  # still a CSV


# --- 10: GitHub format and the legacy ##[command] form ----------------------------


@pytest.mark.parametrize("name", [
    "##[stop-commands]token.md",
    "a ##[error]injected.md",
    "##[set-output name=x;]y.md",
    "::error::x.md",
    " ::stop-commands::t.md",
])
def test_github_lines_never_carry_a_workflow_command(tmp_path, name):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / name).write_text("# 标题\n\n我们要要认真学习，请点击链接##[error]正文注入 ::warning::正文。\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    main([str(folder), "--format", "github", "-o", str(out)])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        assert "##[" not in line, line
        stripped = line.strip()
        if stripped.startswith("::"):  # one of ours: an annotation, its own properties first
            assert stripped.split(" ", 1)[0] in ("::error", "::warning", "::notice"), line
            assert line.count("::") == 2, line
        else:
            assert "::" not in line, line


def test_github_escape_functions_break_the_legacy_prefix():
    assert "##[" not in github.escape_data("x ##[stop-commands]y")
    assert "##[" not in github.escape_property("###[error]")
    assert "##[" not in github.plain("##[group]x")
    assert github.escape_data("#[ok] ## [ok]") == "#[ok] ## [ok]"


# --- a damaged audit cache --------------------------------------------------------


def _audit_json(folder: Path, cache: Path, capsys) -> tuple[int, dict, str]:
    code = audit_main([str(folder), *PERIOD, *SELECT, "--format", "json", "--cache-dir", str(cache),
                       "--no-progress", "-j", "1"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_a_cache_that_is_not_a_database_is_set_aside_and_rebuilt(tmp_path, capsys):
    cache = tmp_path / "cache"
    code, cold, _ = _audit_json(QUARTER / "puan-voice", cache, capsys)
    (cache / DB_NAME).write_bytes(b"not a database\x00" * 500)
    for name in (f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
        (cache / name).unlink(missing_ok=True)
    again, report, err = _audit_json(QUARTER / "puan-voice", cache, capsys)
    assert again == code and report["posts"] == cold["posts"]
    notes = [line for line in err.splitlines() if "损坏" in line]
    assert len(notes) == 1 and "已移至 audit.sqlite3.corrupt-" in notes[0] and "重建缓存" in notes[0]
    assert len(list(cache.glob(f"{DB_NAME}.corrupt-*"))) == 1
    third, report3, err3 = _audit_json(QUARTER / "puan-voice", cache, capsys)  # the new cache works
    assert third == code and report3["posts"] == cold["posts"] and "损坏" not in err3


def test_a_malformed_cache_page_is_set_aside_and_rebuilt(tmp_path, capsys):
    cache = tmp_path / "cache"
    code, cold, _ = _audit_json(QUARTER / "puan-voice", cache, capsys)
    with sqlite3.connect(cache / DB_NAME) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray((cache / DB_NAME).read_bytes())
    assert len(data) >= 3 * page
    data[page : len(data)] = b"\xa5" * (len(data) - page)  # every page but the first (the header)
    (cache / DB_NAME).write_bytes(bytes(data))
    again, report, err = _audit_json(QUARTER / "puan-voice", cache, capsys)
    assert again == code and report["posts"] == cold["posts"]
    assert sum("缓存数据库已损坏" in line for line in err.splitlines()) == 1


def test_a_cached_record_with_bad_json_is_linted_again(tmp_path, capsys):
    cache = tmp_path / "cache"
    code, cold, _ = _audit_json(QUARTER / "puan-voice", cache, capsys)
    with sqlite3.connect(cache / DB_NAME) as db:
        db.execute("UPDATE records SET findings = substr(findings, 1, length(findings) - 1) || ',{'")
        db.execute("UPDATE records SET tally = '[[' WHERE tally != ''")
    again, report, err = _audit_json(QUARTER / "puan-voice", cache, capsys)  # json.loads: it parses
    assert again == code and report["posts"] == cold["posts"]
    assert "检查 7 篇、缓存命中 0 篇" in err
    _, _, err3 = _audit_json(QUARTER / "puan-voice", cache, capsys)  # the records were replaced
    assert "检查 0 篇、缓存命中 7 篇" in err3


# --- 9: a configuration found in the checked tree cannot reach outside it ---------


@pytest.mark.parametrize("setting", ["check_links = true", "allow_private_links = true"])
def test_a_discovered_config_cannot_switch_on_the_network(tmp_path, capsys, setting):
    (tmp_path / ".govlint.toml").write_text(setting + "\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# 标题\n\n见 http://169.254.169.254/latest/meta-data/ 。\n", encoding="utf-8")
    code = main([str(tmp_path / "a.md"), "--format", "json"])
    err = capsys.readouterr().err
    key = setting.split(" ")[0]
    assert code == 2 and len(err.splitlines()) == 1
    assert ".govlint.toml" in err and f"{key} = true 不能写在检查目录中的配置文件里" in err


def test_a_discovered_pyproject_cannot_switch_on_the_network(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text("[tool.govlint]\nallow_private_links = true\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# 标题\n", encoding="utf-8")
    assert main([str(tmp_path / "a.md")]) == 2
    assert "pyproject.toml [tool.govlint]: allow_private_links" in capsys.readouterr().err


def test_the_network_settings_come_from_the_command_line_or_an_explicit_config(tmp_path):
    from govlint.config import discover, load_file, with_overrides

    (tmp_path / ".govlint.toml").write_text("check_links = false\n", encoding="utf-8")  # false is harmless
    discover.cache_clear()
    found = discover(tmp_path)
    assert not found.check_links
    assert with_overrides(found, check_links=True, allow_private_links=True).allow_private_links
    chosen = tmp_path / "mine.toml"
    chosen.write_text("check_links = true\nallow_private_links = true\n", encoding="utf-8")
    assert load_file(chosen, trusted=True).allow_private_links
    from govlint.config import ConfigError

    with pytest.raises(ConfigError, match="check_links = true 不能"):
        load_file(chosen)  # the default is the safe one


@pytest.mark.parametrize("key", ["dictionaries", "confusion_pairs", "typo_model"])
def test_a_discovered_config_cannot_name_a_file_outside_its_folder(tmp_path, capsys, key):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "shadow"
    secret.write_text("root:$y$SECRET:19000:0:99999:7:::\n", encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link").symlink_to(secret if key != "typo_model" else outside)
    (tree / "a.md").write_text("# 标题\n", encoding="utf-8")
    for value in (str(secret if key != "typo_model" else outside), "../outside/shadow", "link"):
        shown = f'"{value}"' if key == "typo_model" else f'["{value}"]'
        (tree / ".govlint.toml").write_text(f"{key} = {shown}\n", encoding="utf-8")
        from govlint.config import discover

        discover.cache_clear()
        assert main([str(tree / "a.md")]) == 2
        err = capsys.readouterr().err
        assert f"{key} 中的路径" in err and "在配置文件所在目录之外" in err and "SECRET" not in err
        assert len(err.splitlines()) == 1


def test_audit_trusts_its_explicit_config(tmp_path, capsys):
    from govlint.config import ConfigError, load_file

    outside = tmp_path / "lists"
    outside.mkdir()
    (outside / "words.yaml").write_text(LIST_HEAD + "  - 网赌平台\n", encoding="utf-8")
    chosen = tmp_path / "conf" / "govlint.toml"
    chosen.parent.mkdir()
    chosen.write_text(f'dictionaries = ["{outside / "words.yaml"}"]\ncheck_links = false\n', encoding="utf-8")
    assert load_file(chosen, trusted=True).dictionaries == (outside / "words.yaml",)
    with pytest.raises(ConfigError):
        load_file(chosen)
    code = audit_main([str(QUARTER / "puan-voice"), *PERIOD, *SELECT, "--config", str(chosen), "--no-cache",
                       "--no-progress", "-j", "1", "--format", "json"])
    assert code in (0, 1), capsys.readouterr().err


# --- 11: errors never echo a file outside the configuration's folder --------------


def test_a_term_list_outside_the_config_folder_is_not_quoted_in_the_error(tmp_path):
    from govlint.config import ConfigError, load_file

    secret = tmp_path / "etc" / "shadow"
    secret.parent.mkdir()
    secret.write_text("root:$y$j9T$SECRET:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", encoding="utf-8")
    chosen = tmp_path / "conf" / "govlint.toml"
    chosen.parent.mkdir()
    for key in ("dictionaries", "confusion_pairs"):
        chosen.write_text(f'{key} = ["{secret}"]\n', encoding="utf-8")
        with pytest.raises(ConfigError) as error:
            load_file(chosen, trusted=True)  # even a chosen config: the list is not what was asked for
        message = str(error.value)
        assert "SECRET" not in message and "$y$" not in message, message
        assert str(secret) in message and "第 1 行" in message and "\n" not in message


def test_a_term_list_inside_the_config_folder_keeps_its_detailed_reason(tmp_path):
    from govlint.config import ConfigError, from_mapping

    (tmp_path / "words.yaml").write_text(LIST_HEAD.replace("terms:\n", "notes: x\nterms:\n") + "  - 网赌\n",
                                         encoding="utf-8")
    with pytest.raises(ConfigError, match="未知的键“notes”"):
        from_mapping({"dictionaries": ["words.yaml"]}, "cfg", tmp_path, trusted=False)
