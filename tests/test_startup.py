"""What the command's process does to start and end quickly (issue 25):
modules loaded at first use, and the exit. Speed itself is measured in
``benchmarks/install.py``; these tests hold what must not change with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _module(folder: Path, name: str) -> None:
    """A module that counts its loads in ``loads.txt`` beside it."""
    (folder / f"{name}.py").write_text(
        "from pathlib import Path\n"
        "_count = Path(__file__).with_name('loads.txt')\n"
        "_count.write_text(_count.read_text() + 'x' if _count.exists() else 'x')\n"
        "def answer():\n    return 42\n"
        "VALUE = 'v'\n",
        encoding="utf-8",
    )


def _run(folder: Path, code: str) -> str:
    probe = f"import sys; sys.path.insert(0, {str(folder)!r})\nfrom govlint.cli.deferred import defer_import\n{code}"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=folder)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_a_deferred_module_loads_at_its_first_use_and_once(tmp_path):
    _module(tmp_path, "slowmod")
    out = _run(tmp_path, (
        "defer_import('slowmod')\n"
        "import slowmod, importlib.util\n"
        "from pathlib import Path\n"
        "assert importlib.util.find_spec('slowmod').name == 'slowmod'\n"
        "print(Path('loads.txt').exists())\n"  # imported by name, not yet loaded
        "print(slowmod.answer())\n"
        "from slowmod import VALUE\n"
        "import slowmod as again\n"
        "print(VALUE, again.answer(), type(sys.modules['slowmod']).__name__, Path('loads.txt').read_text())\n"
    ))
    assert out.split() == ["False", "42", "v", "42", "module", "x"]


def test_deferring_a_missing_or_loaded_module_changes_nothing(tmp_path):
    _module(tmp_path, "loaded")
    out = _run(tmp_path, (
        "import loaded\n"
        "defer_import('loaded')\n"
        "defer_import('no_such_module_here')\n"
        "print(sys.modules['loaded'] is loaded, 'no_such_module_here' in sys.modules)\n"
        "try:\n    import no_such_module_here\nexcept ImportError:\n    print('ImportError')\n"
    ))
    assert out.split() == ["True", "False", "ImportError"]


def test_a_page_that_needs_css_selectors_is_read_by_the_command(tmp_path):
    # Inside a <template> the readers' own index cannot answer a selector, so
    # bs4 asks soupsieve, which the command loads only then.
    page = tmp_path / "post.html"
    page.write_text(
        "<html><body><template><h1 id='activity-name'>模板里的标题</h1></template>"
        "<h1 id='activity-name' class='rich_media_title'>全县秋粮收购工作全面展开</h1>"
        "<div id='js_content'><p>今年以来，全县秋粮收购工作有序推进。</p></div></body></html>",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "govlint", "--format", "json", "--no-cache", str(page)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    assert report["files"][0]["metadata"]["title"] == "全县秋粮收购工作全面展开"
    assert run.stderr == ""
