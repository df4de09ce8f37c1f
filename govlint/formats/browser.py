"""Headless Chromium command lines for rendering the HTML editor report.

govlint never starts a browser itself. scripts/report_screenshot.py (the
README's screenshot) and tests/test_report_chromium.py (the report renders
and runs nothing) do, and take their flags from here so both render the
report the same way.
"""

from __future__ import annotations

from pathlib import Path

# Why each flag: no window; runs as root in a container (CI, Docker); no GPU
# on a server; no network of the browser's own (QUIC, background requests,
# component updates, sync), so rendering a report requests nothing; no
# first-run dialogs; /tmp instead of a small /dev/shm in containers; and
# no scroll bars in screenshots.
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def chromium_command(binary: str, profile: Path, *args: str) -> list[str]:
    """``binary`` headless with a throw-away profile folder, then ``args``
    (``--dump-dom URL``, ``--screenshot=PNG URL`` ...)."""
    return [binary, *HEADLESS_FLAGS, f"--user-data-dir={profile}", *args]
