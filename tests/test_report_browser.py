"""The screenshot script and the browser tests start Chromium the same way.

Both take their command line from govlint.formats.browser. The script is run
for real on examples/notice.md, with a stand-in ``chromium`` on PATH that
records how it was started (no browser needed for this test).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from govlint.formats.browser import HEADLESS_FLAGS, chromium_command

REPO = Path(__file__).resolve().parents[1]

FAKE_CHROMIUM = """#!{python}
import json, shutil, sys
from pathlib import Path
from urllib.parse import unquote, urlsplit
log = Path({log!r})
args = sys.argv[1:]
page = Path(unquote(urlsplit(args[-1]).path))
shutil.copy(page, log.with_suffix(".html"))
log.write_text(json.dumps(args), encoding="utf-8")
shot = next(a.split("=", 1)[1] for a in args if a.startswith("--screenshot="))
Path(shot).write_bytes(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(100))
"""


def test_the_command_keeps_the_browser_off_the_network_and_headless(tmp_path):
    command = chromium_command("/usr/bin/chromium", tmp_path / "profile", "--dump-dom", "file:///r.html")
    assert command[0] == "/usr/bin/chromium" and command[-2:] == ["--dump-dom", "file:///r.html"]
    assert f"--user-data-dir={tmp_path / 'profile'}" in command
    for flag in ("--headless", "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        assert flag in command
    assert len(set(HEADLESS_FLAGS)) == len(HEADLESS_FLAGS)


def test_the_screenshot_script_starts_chromium_with_the_shared_flags(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "chromium-args.json"
    fake = bin_dir / "chromium"
    fake.write_text(FAKE_CHROMIUM.format(python=sys.executable, log=str(log)), encoding="utf-8")
    fake.chmod(0o755)
    shot = tmp_path / "shot.png"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "report_screenshot.py"), "--output", str(shot)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    args = json.loads(log.read_text(encoding="utf-8"))
    assert args[: len(HEADLESS_FLAGS)] == list(HEADLESS_FLAGS)
    assert args[len(HEADLESS_FLAGS)].startswith("--user-data-dir=")
    assert f"--screenshot={shot}" in args and "--window-size=1280,1500" in args
    # What it rendered is govlint's HTML report of the example draft.
    page = BeautifulSoup(log.with_suffix(".html").read_text(encoding="utf-8"), "lxml")
    assert page.title.get_text() == "三审报告 · govlint"
    assert "examples/notice.md" in page.get_text()
    assert shot.read_bytes().startswith(b"\x89PNG")
