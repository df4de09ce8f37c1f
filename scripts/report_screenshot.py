"""Make the README's screenshots of the HTML editor report and the audit dashboard.

    apt-get install -y chromium fonts-wqy-microhei   # Debian: the browser and a CJK font
    python scripts/report_screenshot.py               # writes docs/report-screenshot.png
    python scripts/report_screenshot.py --dashboard   # writes docs/dashboard-screenshot.png

It runs ``govlint --format html`` on a draft (default: examples/notice.md),
(or, with ``--dashboard``, ``govlint audit`` on the fixture quarter), then
renders the page in headless Chromium at a reduced device scale so the
whole report (article, margin notes, checklist, sign-off) fits a small PNG.
The report's date comes from SOURCE_DATE_EPOCH (fixed here), so the picture
only changes when the report does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from govlint.formats.browser import chromium_command

REPO = Path(__file__).resolve().parents[1]
MAX_BYTES = 300_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("drafts", nargs="*", default=["examples/notice.md"], help="drafts to report on")
    parser.add_argument("--dashboard", action="store_true", help="the audit dashboard of tests/fixtures/quarter")
    parser.add_argument("--output", help="default docs/report-screenshot.png or docs/dashboard-screenshot.png")
    parser.add_argument("--width", type=int, default=1280, help="CSS pixels")
    parser.add_argument("--height", type=int, default=1500, help="CSS pixels")
    parser.add_argument("--scale", type=float, default=0.6, help="device scale factor (image = size × scale)")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        sys.stderr.write("report_screenshot: chromium not found (apt-get install -y chromium)\n")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1795000000")}
        # Relative paths, as an editor types them, so the report shows them so.
        subprocess.run(_command(args, page, Path(folder)), cwd=REPO, env=env, check=False)
        if not page.exists():
            sys.stderr.write("report_screenshot: govlint wrote no report\n")
            return 2
        default = "docs/dashboard-screenshot.png" if args.dashboard else "docs/report-screenshot.png"
        output = (REPO / (args.output or default)).resolve()
        subprocess.run(
            chromium_command(
                browser, Path(folder) / "profile",
                f"--force-device-scale-factor={args.scale}", f"--window-size={args.width},{args.height}",
                f"--screenshot={output}", page.as_uri(),
            ),
            check=True, capture_output=True, timeout=180,
        )
    size = output.stat().st_size
    print(f"{output.relative_to(REPO) if output.is_relative_to(REPO) else output}: {size // 1024} KB")
    if size > MAX_BYTES:
        sys.stderr.write(f"report_screenshot: {size} bytes, over {MAX_BYTES}: lower --scale or --height\n")
        return 1
    return 0


def _command(args: argparse.Namespace, page: Path, folder: Path) -> list[str]:
    if args.dashboard:
        return [
            sys.executable, "-m", "govlint", "audit", "tests/fixtures/quarter", "--from", "2026-07-01",
            "--to", "2026-09-30", "--format", "html", "--output", str(page), "--no-progress",
            "--cache-dir", str(folder / "cache"),
        ]
    return [sys.executable, "-m", "govlint", *args.drafts, "--format", "html", "--output", str(page)]


if __name__ == "__main__":
    sys.exit(main())
