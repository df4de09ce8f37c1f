"""The default install carries what the default path imports (issue 25).

pycorrector, transformers and torch belong to the ``deep`` extra; the data
govlint reads from pycorrector is compiled into ``dictionaries/pycorrector/``
and must stay what the installed pycorrector gives.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("pycorrector", "transformers", "torch", "jieba", "pandas", "datasets", "pyarrow")


def test_linting_every_example_with_every_check_imports_nothing_heavy():
    probe = (
        "import json, sys\n"
        "from govlint.cli.main import main\n"
        "code = main(sys.argv[1:] + ['-q'])\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    examples = sorted(str(p) for p in (REPO / "examples").iterdir() if p.suffix in (".html", ".md", ".txt"))
    run = subprocess.run([sys.executable, "-c", probe, *examples], capture_output=True, text=True, cwd=REPO)
    loaded = set(json.loads(run.stdout.strip().splitlines()[-1]))
    assert "govlint" in loaded and "rjieba" in loaded, run.stderr  # the examples hold doubled words
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_the_default_dependencies_leave_the_deep_corrector_to_its_extra():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {dep.split(">")[0].split("=")[0].split(";")[0].strip().lower() for dep in project["dependencies"]}
    assert not names & set(HEAVY), sorted(names & set(HEAVY))
    deep = {dep.split(">")[0].strip() for dep in project["optional-dependencies"]["deep"]}
    assert {"pycorrector", "torch", "transformers"} <= deep


def test_the_compiled_pycorrector_data_is_what_pycorrector_gives():
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "compile_pycorrector_data.py"), "--check"],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr
