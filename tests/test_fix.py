"""``--fix`` never loses an editor's text (issue 9)."""

from __future__ import annotations

import codecs
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from govlint.cli.main import main
from govlint.fix import TEMP_SUFFIX

DOUBLED = "各部门要认真进行进行自查自纠。\r\n第二段落实落实到位。\r\n"
FIXED = "各部门要认真进行自查自纠。\r\n第二段落实到位。\r\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-be-bom"])
def test_fix_rewrites_in_the_files_own_encoding_and_reports_the_rest(tmp_path, capsys, encoding):
    draft = tmp_path / "稿件.txt"
    if encoding == "utf-16-be-bom":
        draft.write_bytes(codecs.BOM_UTF16_BE + DOUBLED.encode("utf-16-be"))
    else:
        draft.write_bytes(DOUBLED.encode(encoding))
    os.chmod(draft, 0o640)
    code, out, err = run(capsys, "--fix", "--select", "typo.duplicate", str(draft))
    assert "已自动修复 2 处（typo.duplicate）" in err
    assert code == 0 and "未发现问题" in out  # re-linted after fixing
    if encoding == "utf-16-be-bom":
        assert draft.read_bytes() == codecs.BOM_UTF16_BE + FIXED.encode("utf-16-be")
    else:
        assert draft.read_bytes() == FIXED.encode(encoding)  # BOM and CRLF kept
    assert os.stat(draft).st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["稿件.txt"]  # no temporary file left


def test_without_fix_nothing_is_written(tmp_path, capsys):
    draft = tmp_path / "稿件.txt"
    draft.write_bytes(DOUBLED.encode("utf-8"))
    before = os.stat(draft).st_mtime_ns
    assert run(capsys, str(draft))[0] == 1
    assert draft.read_bytes() == DOUBLED.encode("utf-8") and os.stat(draft).st_mtime_ns == before


def test_fix_leaves_markup_and_undecodable_files_alone(tmp_path, capsys):
    # The doubled word spans two elements: replacing it would delete the tags.
    html = tmp_path / "a.html"
    html.write_text("<p>各部门要认真进行</span><span>进行自查自纠。</p>", encoding="utf-8")
    original = html.read_bytes()
    _, _, err = run(capsys, "--fix", str(html))
    assert html.read_bytes() == original and "已自动修复" not in err
    # A stray byte that did not decode would be lost by re-encoding.
    damaged = tmp_path / "b.txt"
    damaged.write_bytes("各部门要认真进行进行自查自纠。".encode() + b"\xff\n")
    original = damaged.read_bytes()
    _, _, err = run(capsys, "--fix", str(damaged))
    assert damaged.read_bytes() == original
    assert "未自动修复" in err and "无法解码" in err


def test_fix_follows_a_symlink_instead_of_replacing_it(tmp_path, capsys):
    real = tmp_path / "real.txt"
    real.write_bytes(DOUBLED.encode("utf-8"))
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    run(capsys, "--fix", str(link))
    assert link.is_symlink() and real.read_bytes() == FIXED.encode("utf-8")


_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    import govlint.fix
    from govlint.cli.main import main

    calls = 0
    real_write, real_replace = os.write, os.replace
    moment, stage = sys.argv[1], int(sys.argv[2])

    def write(fd, data):
        global calls
        calls += 1
        if moment == "write" and calls > stage:
            real_write(fd, bytes(data)[: len(data) // 2])  # half a chunk, then die
            os.kill(os.getpid(), signal.SIGKILL)
        return real_write(fd, data)

    def replace(src, dst):
        if moment == "before-replace":
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)
        if moment == "after-replace":
            os.kill(os.getpid(), signal.SIGKILL)

    govlint.fix._CHUNK = 4096
    govlint.fix.os.write = write
    govlint.fix.os.replace = replace
    sys.exit(main(["--fix", "-q", "--select", "typo.duplicate", sys.argv[3]]))
    """
)


@pytest.mark.parametrize(
    "moment, stage",
    [("write", 0), ("write", 3), ("write", 15), ("before-replace", 0), ("after-replace", 0)],
)
def test_a_kill_while_fixing_leaves_the_old_or_the_new_file_never_a_mix(tmp_path, moment, stage):
    paragraph = "各部门要认真进行进行自查自纠，确保政策落实到位。\n"
    original = (paragraph * 1500).encode("utf-8")  # about 110 KB: many chunks to interrupt
    fixed = (paragraph.replace("进行进行", "进行") * 1500).encode("utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_bytes(original)
    script = tmp_path / "killer.py"
    script.write_text(_KILLER, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), moment, str(stage), str(draft)], capture_output=True, timeout=600)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    content = draft.read_bytes()
    expected = fixed if moment == "after-replace" else original
    assert content == expected, "the draft is a mix of old and new text"
    # A left-over temporary file is hidden and never taken for a draft.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("draft.txt", "killer.py")]
    assert all(name.startswith(".") and name.endswith(TEMP_SUFFIX) for name in leftovers), leftovers
    # Fixing again, uninterrupted, completes the job.
    subprocess.run([sys.executable, "-m", "govlint", "--fix", "-q", "--select", "typo.duplicate", str(draft)],
                   capture_output=True, timeout=600)
    assert draft.read_bytes() == fixed


# --- fix safety per finding (issue 27) ------------------------------------------

UNSAFE_AND_SAFE = "这里山青水秀，风景宜人。\n各项工作要按步就班推进。\n要切实解决群众急难愁盼问提。\n"


def test_fix_applies_only_safe_edits_and_never_an_unsafe_curated_pair(tmp_path, capsys):
    # 山青水秀 is a pair marked "no" (right in some contexts): its edit is unsafe.
    draft = tmp_path / "稿件.txt"
    draft.write_text(UNSAFE_AND_SAFE, encoding="utf-8")
    code, out, err = run(capsys, "--fix", "--select", "typo", str(draft))
    assert draft.read_text(encoding="utf-8") == UNSAFE_AND_SAFE.replace("按步就班", "按部就班")
    assert code == 1 and "已自动修复 1 处（typo.confusion）" in err
    assert "建议（请核对）：山清水秀" in out and "建议（请核对）：题" in out  # still reported, as unsafe


def test_unsafe_fixes_apply_the_guesses_too(tmp_path, capsys):
    draft = tmp_path / "稿件.txt"
    draft.write_text(UNSAFE_AND_SAFE, encoding="utf-8")
    code, _, err = run(capsys, "--fix", "--unsafe-fixes", "--select", "typo", str(draft))
    assert draft.read_text(encoding="utf-8") == "这里山清水秀，风景宜人。\n各项工作要按部就班推进。\n要切实解决群众急难愁盼问题。\n"
    assert code == 0 and "已自动修复 3 处（typo.confusion、typo.wrong-char）" in err


def test_unsafe_fixes_without_fix_is_a_usage_error(tmp_path, capsys):
    draft = tmp_path / "稿件.txt"
    draft.write_text(UNSAFE_AND_SAFE, encoding="utf-8")
    code, _, err = run(capsys, "--unsafe-fixes", str(draft))
    assert code == 2 and err.strip() == "govlint: 参数错误：--unsafe-fixes 须与 --fix 或 --diff 同用"
    assert draft.read_text(encoding="utf-8") == UNSAFE_AND_SAFE


def test_each_finding_carries_its_edit_and_applicability_in_json(tmp_path, capsys):
    import json

    draft = tmp_path / "稿件.txt"
    draft.write_text(UNSAFE_AND_SAFE + "联系电话：13812345678。\n", encoding="utf-8")
    _, out, _ = run(capsys, "--format", "json", "--select", "typo,privacy.phone", str(draft))
    fixes = {f["text"]: f["fix"] for f in json.loads(out)["files"][0]["findings"]}
    assert fixes["按步就班"] == {"line": 2, "column": 6, "end_line": 2, "end_column": 10,
                                "replacement": "按部就班", "applicability": "safe"}
    assert fixes["山青水秀"]["applicability"] == "unsafe"
    assert fixes["提"]["applicability"] == "unsafe"
    assert fixes["13812345678"]["applicability"] == "display"  # the masked form, never applied


def test_a_rule_cannot_claim_edits_it_does_not_apply():
    from govlint.rules import Applicability, RegistryError, rule

    with pytest.raises(RegistryError):
        rule("typo.x", name="x", severity=None, stage=None, summary="", applicability=Applicability.SAFE)
    with pytest.raises(RegistryError):
        rule("typo.x", name="x", severity=None, stage=None, summary="", fixable=True,
             applicability=Applicability.DISPLAY)
