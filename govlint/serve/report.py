"""The 三审 report a page downloads: ``govlint --format html``'s report (one
report, shared with the command line) with the sign-off boxes filled in from
the page (``render_page(..., signed=...)``) and, before its footer, a small
section of our own template (``serve/report-extra.html.j2``, autoescaped)
listing the findings the editors ignored and why.
"""

from __future__ import annotations

from collections.abc import Sequence

from govlint.findings import FileResult, Finding
from govlint.formats.html import render_page
from govlint.serve.pages import environment

_environment = environment()


def report_page(result: FileResult, signoffs: dict[str, dict[str, str]], ignored: Sequence[tuple[Finding, str]]) -> str:
    """The downloaded report of ``result`` (its ignored findings already
    removed), sign-offs filled in, the ``ignored`` (finding, reason) listed."""
    page = render_page([result], signed=signoffs)
    if not ignored:
        return page
    extra = _environment.get_template("report-extra.html.j2").render(ignored=ignored)
    footer = page.rfind("<footer>")
    footer = footer if footer >= 0 else page.rfind("</body>")
    return page + extra if footer < 0 else page[:footer] + extra + page[footer:]
