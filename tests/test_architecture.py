"""The code's shape, held by tests (docs/architecture.md): imports run one
way, modules stay short enough to read, functions simple enough to test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "govlint"
MAX_LINES = 600
MAX_COMPLEXITY = 20  # radon rank C at most


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_imports_keep_the_layers_and_run_in_no_circle(capsys):
    """The import-linter contracts in pyproject.toml: each layer imports only
    the layers below it, and no two modules of a package import each other
    in a circle (directly or through others)."""
    from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

    status = lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True, no_logo=True)
    assert status == EXIT_STATUS_SUCCESS, capsys.readouterr().out


def test_no_module_is_longer_than_600_lines():
    long = {str(p.relative_to(REPO)): n for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def _justified() -> set[tuple[str, str]]:
    """(module, function) pairs that docs/architecture.md lists, with a reason,
    as allowed above the complexity limit."""
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc.split("## Functions above complexity 20", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([\w/.]+\.py)` \| `([\w.]+)` \|", section, re.M))


def test_no_function_is_more_complex_than_radon_c_unless_justified():
    from radon.complexity import cc_visit

    found = set()
    for path in _modules():
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > MAX_COMPLEXITY:
                name = f"{block.classname}.{block.name}" if getattr(block, "classname", None) else block.name
                found.add((str(path.relative_to(REPO)), name))
    justified = _justified()
    assert not found - justified, f"functions above complexity {MAX_COMPLEXITY}: {sorted(found - justified)}"
    assert not justified - found, f"docs/architecture.md justifies functions that no longer need it: {sorted(justified - found)}"


@pytest.mark.parametrize("module", ["govlint.cli.audit", "govlint.engine", "govlint.checks"])
def test_importing_a_command_or_the_engine_loads_no_check(module):
    """The registry loads the checks on its first question, so a command
    that lints nothing (an audit rerun from its cache) never pays for them."""
    import subprocess
    import sys

    probe = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('govlint.checks.')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip() == "[]"
