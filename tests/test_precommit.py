"""The ``govlint`` pre-commit hook, run by the real ``pre-commit try-repo``.

pre-commit builds the hook's environment the way a user's would be built: a new
virtualenv with govlint and its dependencies pip-installed (network needed; pip's
cache makes later runs faster). ``try-repo`` builds that environment afresh on every
call, in a temporary store, so each test here costs one install (about 20 s with a
warm pip cache, minutes with a cold one).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

FAILING_DRAFT = "# 关于开展自查自纠的通知\n\n各部门要认真进行进行自查自纠。\n"  # "进行" doubled
CLEAN_DRAFT = "# 关于开展自查自纠的通知\n\n各部门要认真开展自查自纠。\n"
INSTALL_TIMEOUT = 1200  # seconds; the first install downloads govlint's dependencies


def hermetic_env(pre_commit_home: Path) -> dict[str, str]:
    """The caller's environment (pip settings, proxies) without what would change git's or pre-commit's behaviour."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT_")) and k != "SKIP"}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", PRE_COMMIT_HOME=str(pre_commit_home))
    return env


def git(*args: str, cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def new_git_repo(path: Path, env: dict[str, str]) -> Path:
    path.mkdir(exist_ok=True)
    git("-c", "init.defaultBranch=main", "init", "-q", cwd=path, env=env)
    git("config", "user.name", "govlint tests", cwd=path, env=env)
    git("config", "user.email", "govlint-tests@example.invalid", cwd=path, env=env)
    return path


@dataclass
class TryRepo:
    """Runs the hook from ``hook_repo`` on drafts in the git repository ``project``."""

    pre_commit: str
    hook_repo: Path
    project: Path
    env: dict[str, str]

    def draft(self, name: str, text: str) -> Path:
        """Write a draft into the project and stage it, as a user would before committing."""
        (self.project / name).write_text(text, encoding="utf-8")
        git("add", "--", name, cwd=self.project, env=self.env)
        return self.project / name

    def word_draft(self, name: str, paragraphs: list[str]) -> Path:
        """A Word draft (python-docx), staged."""
        import docx

        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        document.save(self.project / name)
        git("add", "--", name, cwd=self.project, env=self.env)
        return self.project / name

    def run(self, draft: Path) -> subprocess.CompletedProcess[str]:
        """``pre-commit try-repo <hook_repo> govlint --files <draft>``, output and errors together."""
        return subprocess.run(
            [self.pre_commit, "try-repo", "--color", "never", str(self.hook_repo), "govlint", "--files", draft.name],
            cwd=self.project,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=INSTALL_TIMEOUT,
        )


@pytest.fixture(scope="module")
def hook(require_tool: Callable[[str], str], repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> TryRepo:
    """The govlint hook from a snapshot of this checkout, and a project repository to run it in.

    ``try-repo`` needs a commit to clone and would leave out untracked files, and the
    checkout may have neither commits nor tracked files. So the hook comes from a
    snapshot: a copy of the checkout with everything git does not ignore committed.
    """
    require_tool("git")
    pre_commit = require_tool("pre-commit")
    base = tmp_path_factory.mktemp("precommit")
    env = hermetic_env(base / "pre-commit-home")

    hook_repo = base / "govlint-snapshot"
    shutil.copytree(repo_root, hook_repo, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*_cache"))
    new_git_repo(hook_repo, env)
    git("add", "-A", cwd=hook_repo, env=env)  # honours the copied .gitignore
    git("commit", "-q", "--no-verify", "-m", "snapshot for pre-commit try-repo", cwd=hook_repo, env=env)

    return TryRepo(pre_commit, hook_repo, new_git_repo(base / "project", env), env)


def hook_status(output: str) -> str | None:
    """``Passed``/``Failed``/``Skipped`` from pre-commit's ``govlint....Passed`` line."""
    match = re.search(r"^govlint\.+(?:\(no files to check\))?(\w+)$", output, re.MULTILINE)
    return match.group(1) if match else None


def test_hook_rejects_draft_with_doubled_word(hook: TryRepo) -> None:
    draft = hook.draft("通知-有错.md", FAILING_DRAFT)

    result = hook.run(draft)

    assert result.returncode == 1, result.stdout  # 1: a hook failed (3 would be pre-commit's own error)
    assert hook_status(result.stdout) == "Failed", result.stdout
    assert "typo.duplicate" in result.stdout
    assert draft.name in result.stdout
    # The findings and one line of the 三审 checklist, not a table per file.
    assert f"三审清单：{draft.name} 未通过 1 项" in result.stdout
    assert "┃" not in result.stdout


def test_hook_accepts_clean_draft(hook: TryRepo) -> None:
    draft = hook.draft("通知-无误.md", CLEAN_DRAFT)

    result = hook.run(draft)

    assert result.returncode == 0, result.stdout
    assert hook_status(result.stdout) == "Passed", result.stdout  # the hook ran on the draft, not "Skipped"


def test_hook_checks_word_drafts(hook: TryRepo) -> None:
    draft = hook.word_draft("讲话稿.docx", ["关于开展自查自纠的通知", "各部门要认真进行进行自查自纠。"])

    result = hook.run(draft)

    assert result.returncode == 1, result.stdout
    assert hook_status(result.stdout) == "Failed", result.stdout  # not "(no files to check)Skipped"
    assert "typo.duplicate" in result.stdout
    assert "第2段第7字" in result.stdout  # positions as the editor counts paragraphs
