"""Install size, install time and start-up (issue 25).

Usage::

    python benchmarks/install.py [--skip-install] [--skip-precommit] [--runs 5] [--compare DIR]

1. ``pip install .`` of this checkout into a new virtual environment (a copy
   of the files git tracks, so nothing local leaks in): wall time, and the
   environment's size on disk, in total and less an empty environment's
   (``python -m venv`` alone: pip and setuptools);
2. the pre-commit hook's environment as pre-commit builds it (``pre-commit
   run`` in a new repository whose configuration names a snapshot commit
   of this checkout, with a fresh ``PRE_COMMIT_HOME``): its size on disk and
   the first run's time;
3. start-up in that environment: the whole-process wall time of ``govlint
   --no-cache examples/wechat-article.html`` (all checks, linted each time),
   of the same run served from the cache of plain runs, and of ``govlint
   --version``, median of ``--runs``; with ``--compare DIR``, the same two
   commands of another checkout installed the same way in a venv of its own
   (with ``--skip-install``: ``python -m govlint`` inside ``DIR``), every
   command run in turn, each with its own cache folder, and the ratio;
4. ``python -X importtime``: the modules the full run imports, summed by top
   package (self time), to see what start-up is made of.

pip's cache is used as a user's would be (a warm cache on a second
install); the first figure printed says whether the run was warm.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "wechat-article.html"


def size_mb(path: Path) -> float:
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            file = Path(folder) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total / 1e6


def tracked_copy(target: Path) -> Path:
    listed = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]  # new files too
    files = subprocess.run(listed, cwd=REPO, capture_output=True, check=True).stdout
    for name in files.decode().split("\0"):
        if name and (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    return target


def install(work: Path) -> Path:
    empty = work / "empty-venv"
    subprocess.run([sys.executable, "-m", "venv", str(empty)], check=True)
    source = tracked_copy(work / "src")
    venv, took = venv_with(source, work / "venv")
    total, bare = size_mb(venv), size_mb(empty)
    print(f"pip install . : {took:.1f} s, environment {total:.0f} MB on disk "
          f"({total - bare:.0f} MB more than an empty venv's {bare:.0f} MB)")
    return venv


def venv_with(source: Path, venv: Path) -> tuple[Path, float]:
    """A new venv at ``venv`` with ``pip install source``, and the install's wall time."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    start = time.perf_counter()
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(source)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return venv, time.perf_counter() - start


def precommit(work: Path) -> None:
    tool = shutil.which("pre-commit")
    if tool is None:
        print("pre-commit: not installed, skipped")
        return
    snapshot = tracked_copy(work / "hook-repo")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT_"))}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", PRE_COMMIT_HOME=str(work / "pc-home"))
    for folder in (snapshot, work / "project"):
        folder.mkdir(exist_ok=True)
        subprocess.run(["git", "init", "-q"], cwd=folder, env=env, check=True)
    git = ["git", "-c", "user.name=b", "-c", "user.email=b@example.invalid"]
    subprocess.run(["git", "add", "-A"], cwd=snapshot, env=env, check=True)
    subprocess.run([*git, "commit", "-qm", "snapshot"], cwd=snapshot, env=env, check=True)
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=snapshot, env=env, capture_output=True, text=True).stdout
    project = work / "project"
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {sha.strip()}\n    hooks:\n      - id: govlint\n", encoding="utf-8"
    )
    (project / "a.md").write_text("# 标题\n\n各部门要认真开展自查自纠。\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=project, env=env, check=True)
    start = time.perf_counter()
    done = subprocess.run([tool, "run", "--files", "a.md"], cwd=project, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        print(f"pre-commit run failed ({done.returncode}): {done.stdout[-500:]}")
    envs = [p for p in (work / "pc-home").glob("*/py_env-*") if p.is_dir()]
    print(f"pre-commit hook environment: {sum(size_mb(p) for p in envs):.0f} MB on disk, "
          f"first run (build + check) {took:.1f} s")


def median_times(commands: list[tuple[list[str], Path, dict[str, str]]], runs: int) -> list[float]:
    """The median wall time of each (command, folder, environment), the
    commands run in turn so that a change in the machine's load falls on
    all of them; one run of each first, unmeasured, so that each has its
    typo model unpacked in its own cache folder."""
    times: list[list[float]] = [[] for _ in commands]
    for measured in [False] + [True] * runs:
        for n, (command, cwd, env) in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if measured:
                times[n].append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def startup(venv: Path | None, runs: int, compare: Path | None, work: Path) -> None:
    # The installed command (a module run from the checkout would import the checkout's code).
    here = [str(venv / "bin" / "govlint")] if venv else [sys.executable, "-m", "govlint"]
    python = str(venv / "bin" / "python") if venv else sys.executable
    env = dict(os.environ, GOVLINT_CACHE_DIR=str(work / "cache"))
    # --no-cache: every run lints the draft. Without it, the second run of an
    # unchanged draft is served from the cache of plain runs (also printed).
    lint = [str(EXAMPLE), "--no-cache"]
    timed = [([*here, *lint], REPO, env), ([*here, str(EXAMPLE)], REPO, env), ([*here, "--version"], REPO, env)]
    if compare is not None:
        # The other commit installed the same way, in a venv of its own; with
        # --skip-install, ``python -m`` from inside its checkout.
        other = [str(venv_with(compare, work / "venv-compare")[0] / "bin" / "govlint")] if venv else here
        other_env = dict(os.environ, GOVLINT_CACHE_DIR=str(work / "cache-compare"))
        timed += [([*other, *lint], compare, other_env), ([*other, "--version"], compare, other_env)]
    full, cached, version, *others = median_times(timed, runs)
    print(f"govlint --no-cache {EXAMPLE.relative_to(REPO)} (all checks): {full:.2f} s; unchanged, from the cache: "
          f"{cached:.2f} s; govlint --version: {version:.2f} s (median of {runs})")
    if others:
        full_other, version_other = others
        print(f"  {compare}: {full_other:.2f} s and {version_other:.2f} s; "
              f"ratio this/that {full / full_other:.2f} and {version / version_other:.2f}")
    # As the console script runs it (govlint.cli.main.run: some imports deferred).
    probe = "from govlint.cli.main import run; run()"
    done = subprocess.run([python, "-X", "importtime", "-c", probe, "--no-cache", str(EXAMPLE), "-q"],
                          cwd=work_folder(venv), env=env, capture_output=True, text=True)
    by_package: Counter[str] = Counter()
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if match:
            by_package[match.group(2).split(".")[0]] += int(match.group(1))
    top = ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in by_package.most_common(8))
    print(f"imports of the full run: {sum(by_package.values()) / 1000:.0f} ms in all; {top}")


def work_folder(venv: Path | None) -> Path:
    """Where to run the installed code from: not the checkout, whose govlint
    would come first on ``sys.path``."""
    return venv.parent if venv else REPO


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-install", action="store_true", help="time start-up in this Python instead")
    parser.add_argument("--skip-precommit", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", type=Path, metavar="DIR", help="another checkout to time side by side")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govlint-install-") as folder:
        work = Path(folder)
        venv = None if args.skip_install else install(work)
        if not args.skip_precommit:
            precommit(work)
        startup(venv, args.runs, args.compare, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
