"""``--fix`` keeps files where they are and as they are (issue 28, "Also found"):
no writing through a symlink out of the tree, no replacing a read-only
file, owner, mode and hard links kept, no temporary file left after a kill."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest

import govlint.fix
from govlint.cli.main import main
from govlint.config import Config
from govlint.engine import lint_file
from govlint.fix import COPY_SUFFIX, TEMP_SUFFIX, fix_file

DOUBLED = "各部门要认真进行进行自查自纠。\n第二段落实落实到位。\n"
FIXED = "各部门要认真进行自查自纠。\n第二段落实到位。\n"
ONLY_DUPLICATES = Config(select=("typo.duplicate",))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def fix(path, tree=None):
    return fix_file(path, lint_file(path, ONLY_DUPLICATES), ONLY_DUPLICATES.max_file_size, tree=tree)


def draft_in(folder, name="稿件.txt", text=DOUBLED):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- symbolic links -------------------------------------------------------------


def test_a_symlink_to_a_file_outside_the_tree_is_refused(tmp_path, capsys):
    outside = draft_in(tmp_path / "elsewhere", "secret.txt")
    link = tmp_path / "drafts" / "稿件.txt"
    link.parent.mkdir()
    link.symlink_to(outside)
    code, _, err = run(capsys, "--fix", "--select", "typo.duplicate", str(link))
    assert outside.read_bytes() == DOUBLED.encode("utf-8") and link.is_symlink()
    assert "检查范围之外的符号链接" in err and "已自动修复" not in err
    assert code == 1
    message = [line for line in err.splitlines() if "未自动修复" in line]
    assert len(message) == 1  # one line


def test_a_linked_folder_leading_out_of_the_tree_is_refused(tmp_path):
    outside = draft_in(tmp_path / "elsewhere")
    tree = tmp_path / "drafts"
    tree.mkdir()
    (tree / "sub").symlink_to(outside.parent, target_is_directory=True)
    outcome = fix(tree / "sub" / outside.name, tree=tree)
    assert outcome.error and "检查范围之外" in outcome.error and not outcome.applied
    assert outside.read_bytes() == DOUBLED.encode("utf-8")


def test_a_symlink_inside_the_tree_is_followed_and_kept(tmp_path):
    tree = tmp_path / "drafts"
    real = draft_in(tree / "shared", "real.txt")
    link = tree / "a" / "link.txt"
    link.parent.mkdir()
    link.symlink_to(os.path.relpath(real, link.parent))
    # The tree is the folder named on the command line: drafts/, not drafts/a/.
    outcome = fix(link, tree=tree)
    assert outcome.error is None and len(outcome.applied) == 2
    assert link.is_symlink() and real.read_bytes() == FIXED.encode("utf-8")
    # Without the tree, only the link's own folder counts: refused, not written.
    real.write_bytes(DOUBLED.encode("utf-8"))
    assert "检查范围之外" in (fix(link).error or "")
    assert real.read_bytes() == DOUBLED.encode("utf-8")


def test_govlint_fix_on_a_folder_follows_a_link_within_that_folder(tmp_path, capsys):
    """The command line hands the folder it was given to the fixer as the tree."""
    tree = tmp_path / "drafts"
    real = draft_in(tree / "shared", "real.txt")
    link = tree / "a" / "link.txt"
    link.parent.mkdir()
    link.symlink_to(os.path.relpath(real, link.parent))
    run(capsys, str(tree), "--fix", "--select", "typo.duplicate")
    assert link.is_symlink() and real.read_bytes() == FIXED.encode("utf-8")


# --- read-only files, mode, owner ----------------------------------------------


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000], ids=oct)
def test_a_read_only_file_is_refused_not_replaced(tmp_path, capsys, mode):
    draft = draft_in(tmp_path)
    os.chmod(draft, mode)
    before = os.stat(draft)
    try:
        _, _, err = run(capsys, "--fix", "--select", "typo.duplicate", str(draft))
    finally:
        after = os.stat(draft)
        os.chmod(draft, 0o644)
    assert "文件为只读，未作修改" in err and "已自动修复" not in err
    assert (after.st_ino, stat.S_IMODE(after.st_mode)) == (before.st_ino, mode)
    assert draft.read_bytes() == DOUBLED.encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [draft.name]


def test_mode_and_owner_are_kept(tmp_path, capsys):
    draft = draft_in(tmp_path)
    try:
        os.chown(draft, 4321, 4322)
    except (PermissionError, AttributeError):
        pytest.skip("chown is not permitted here")
    os.chmod(draft, 0o2664)  # after chown, which clears set-id bits
    run(capsys, "--fix", "--select", "typo.duplicate", str(draft))
    status = os.stat(draft)
    assert draft.read_bytes() == FIXED.encode("utf-8")
    assert (status.st_uid, status.st_gid) == (4321, 4322)
    assert stat.S_IMODE(status.st_mode) == 0o2664


# --- hard links -----------------------------------------------------------------


def test_a_hard_linked_file_is_fixed_in_place_and_every_name_sees_it(tmp_path, capsys):
    draft = draft_in(tmp_path / "a")
    other = tmp_path / "b" / "同一文件.txt"
    other.parent.mkdir()
    os.link(draft, other)
    inode = os.stat(draft).st_ino
    code, _, err = run(capsys, "--fix", "--select", "typo.duplicate", str(draft))
    assert "已自动修复 2 处" in err and code == 0
    assert draft.read_bytes() == FIXED.encode("utf-8") == other.read_bytes()
    assert os.stat(draft).st_ino == inode == os.stat(other).st_ino and os.stat(draft).st_nlink == 2
    assert sorted(p.name for p in draft.parent.iterdir()) == [draft.name]  # the copy was deleted


def test_a_failed_in_place_write_restores_the_original(tmp_path, monkeypatch):
    draft = draft_in(tmp_path)
    os.link(draft, tmp_path / "twin.txt")
    real_overwrite = govlint.fix._overwrite
    calls = []

    def failing(fd, data):
        calls.append(data)
        if len(calls) == 1:
            os.write(fd, data[:5])
            raise OSError(28, "No space left on device")
        real_overwrite(fd, data)

    monkeypatch.setattr(govlint.fix, "_overwrite", failing)
    outcome = fix(draft)
    assert outcome.error == "无法写入修改：No space left on device" and not outcome.applied
    assert draft.read_bytes() == DOUBLED.encode("utf-8") == (tmp_path / "twin.txt").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["twin.txt", draft.name]


def test_an_interrupted_in_place_rewrite_blocks_the_next_fix_and_names_the_full_copy(tmp_path, capsys):
    draft = draft_in(tmp_path)
    copy = tmp_path / f".{draft.name}.12345{COPY_SUFFIX}"
    copy.write_bytes(FIXED.encode("utf-8"))
    _, _, err = run(capsys, "--fix", "--select", "typo.duplicate", str(draft))
    assert "上次修复在改写文件时中断" in err and copy.name in err
    assert draft.read_bytes() == DOUBLED.encode("utf-8") and copy.exists()


def test_a_file_changed_while_being_fixed_is_not_replaced(tmp_path, monkeypatch):
    draft = draft_in(tmp_path)
    real_read = govlint.fix.read_bytes

    def read_then_edit(path, max_size):
        data = real_read(path, max_size)
        with open(path, "ab") as handle:  # the editor saves meanwhile
            handle.write("新增一段。\n".encode())
        return data

    monkeypatch.setattr(govlint.fix, "read_bytes", read_then_edit)
    outcome = fix(draft)
    assert outcome.error == "文件在修复期间被改动，未作修改"
    assert draft.read_bytes() == (DOUBLED + "新增一段。\n").encode("utf-8")


# --- temporary files left by a kill ---------------------------------------------

_KILL_BEFORE_REPLACE = textwrap.dedent(
    """
    import os, signal, sys
    import govlint.fix
    from govlint.cli.main import main

    def replace(src, dst):
        os.kill(os.getpid(), signal.SIGKILL)

    govlint.fix.os.replace = replace
    sys.exit(main(["--fix", "-q", "--select", "typo.duplicate", sys.argv[1]]))
    """
)


def test_a_temporary_file_left_by_a_kill_is_cleaned_by_the_next_fix(tmp_path):
    drafts = tmp_path / "drafts"
    draft = draft_in(drafts)
    script = tmp_path / "killer.py"
    script.write_text(_KILL_BEFORE_REPLACE, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(draft)], capture_output=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    leftovers = [p.name for p in drafts.iterdir() if p != draft]
    assert len(leftovers) == 1 and leftovers[0].startswith(f".{draft.name}.") and leftovers[0].endswith(TEMP_SUFFIX)
    assert draft.read_bytes() == DOUBLED.encode("utf-8")
    subprocess.run(
        [sys.executable, "-m", "govlint", "--fix", "-q", "--select", "typo.duplicate", str(draft)],
        capture_output=True,
        timeout=300,
    )
    assert draft.read_bytes() == FIXED.encode("utf-8")
    assert sorted(p.name for p in drafts.iterdir()) == [draft.name]


def test_a_temporary_file_of_a_running_fix_is_left_alone_unless_abandoned(tmp_path):
    draft = draft_in(tmp_path)
    parent = os.getppid()  # a process that is running
    busy = tmp_path / f".other.txt.{parent}{TEMP_SUFFIX}"
    busy.write_bytes(b"partial")
    abandoned = tmp_path / f".third.txt.{parent}{TEMP_SUFFIX}"
    abandoned.write_bytes(b"partial")
    hour_ago = time.time() - 3600
    os.utime(abandoned, (hour_ago, hour_ago))
    unrelated = tmp_path / ".notes.govlint-tmp.bak"
    unrelated.write_bytes(b"keep")
    outcome = fix(draft)
    assert len(outcome.applied) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([draft.name, busy.name, unrelated.name])
