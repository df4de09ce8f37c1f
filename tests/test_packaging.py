"""The built wheel works on its own: installed in a fresh virtualenv and run outside the checkout.

The dictionaries travel inside the wheel as ``govlint/_dictionaries``; these tests
make sure an installed govlint finds them there and not in this checkout.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

DRAFT = "各部门要认真进行进行自查自纠。\n"  # "进行" doubled: typo.duplicate
DICTIONARY_IN_WHEEL = "govlint/_dictionaries/typo/reduplication.txt"


def run(command: list, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
    )


def check(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{result.args} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    check(
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, repo_root], cwd=out)
    )
    (built,) = out.glob("govlint-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed; dependencies come from this environment, nothing is downloaded."""
    venv = tmp_path_factory.mktemp("venv")
    workdir = tmp_path_factory.mktemp("work")
    # --without-pip: pip too comes from the shared site-packages, which saves seconds.
    check(run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv], cwd=workdir))
    python = venv_bin(venv) / "python"
    if sys.prefix != sys.base_prefix:
        # pytest runs in a virtualenv: --system-site-packages exposed the *base* interpreter's
        # packages, but govlint's dependencies (and pip) are in this virtualenv. Add its
        # site-packages after the new venv's own, so the wheel installed below still comes first.
        purelib = check(run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=workdir))
        lines = [f"import site; site.addsitedir({path!r})\n" for path in site.getsitepackages()]
        (Path(purelib.stdout.strip()) / "_govlint_tests_parent_env.pth").write_text("".join(lines), encoding="utf-8")
    # The editable install of this checkout is visible through the shared site-packages;
    # pip leaves it alone ("outside environment") and installs the wheel into the venv.
    check(
        run(
            [python, "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall", wheel],
            cwd=workdir,
            env=venv_env(),
        )
    )
    return venv


def venv_bin(venv: Path) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin")


def venv_env() -> dict[str, str]:
    """The caller's environment, minus what could put this checkout ahead of the venv's copy."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONNOUSERSITE"] = "1"  # a `pip install --user govlint` is not what is under test either
    return env


@pytest.fixture
def outside_checkout(tmp_path: Path, repo_root: Path) -> Path:
    assert not tmp_path.resolve().is_relative_to(repo_root), "the temporary directory must be outside the checkout"
    return tmp_path


def test_wheel_contains_the_dictionaries(wheel: Path, repo_root: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert DICTIONARY_IN_WHEEL in names
    in_repo = {
        f"govlint/_dictionaries/{path.relative_to(repo_root / 'dictionaries').as_posix()}"
        for path in (repo_root / "dictionaries").rglob("*")
        if path.is_file()
    }
    assert in_repo - names == set(), "dictionary files missing from the wheel"


def test_installed_govlint_is_the_venv_copy(venv: Path, outside_checkout: Path) -> None:
    result = check(
        run(
            [
                venv_bin(venv) / "python",
                "-c",
                "import govlint, govlint.data; print(govlint.__file__); print(govlint.data.dictionaries_dir())",
            ],
            cwd=outside_checkout,
            env=venv_env(),
        )
    )
    module, dictionaries = (Path(line).resolve() for line in result.stdout.splitlines())
    assert module.is_relative_to(venv.resolve()), f"govlint imported from {module}, not from the venv"
    assert dictionaries.is_relative_to(venv.resolve()), f"dictionaries found at {dictionaries}, not in the wheel"
    assert (dictionaries / "typo" / "reduplication.txt").is_file()


def test_installed_command_finds_doubled_word(venv: Path, outside_checkout: Path) -> None:
    draft = outside_checkout / "通知.txt"
    draft.write_text(DRAFT, encoding="utf-8")

    result = run([venv_bin(venv) / "govlint", "--format", "json", draft.name], cwd=outside_checkout, env=venv_env())

    assert result.returncode == 1, f"expected findings (exit 1)\n{result.stdout}\n{result.stderr}"
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"govlint printed no JSON report\n{result.stdout}\n{result.stderr}")
    rules = [finding["rule"] for file in report["files"] for finding in file["findings"]]
    assert "typo.duplicate" in rules
