"""The 三审 report a page downloads: ``govlint --format html``'s report with
the sign-off boxes filled in and the ignored findings listed.

The report is ``formats.html.render_page`` unchanged (govlint's one report,
shared with the command line), post-processed: its blank sign-off cells are
filled with the escaped values from the page, and a small section of our own
template (``serve/report-extra.html.j2``, autoescaped) goes before its
footer. Post-processing was chosen over a copy of the report's template: a
copy would drift from the command line's report, while the three blank
cells it fills are fixed strings, and if they ever change the values are not
lost but listed in the extra section instead (``filled`` is False).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

from govlint.checklist import build_report
from govlint.findings import FileResult, Finding
from govlint.formats.html import render_page, visible_controls
from govlint.serve.pages import environment

# The blank cells of one sign-off block of report.html.j2, in order.
BLANK_REVIEWER = '<div class="field"><span>审核人：</span><span></span></div>'
BLANK_DATE = '<div class="field"><span>日　期：</span><span></span></div>'
BLANK_OPINION = '<div class="opinion">审核意见：</div>'
SIGNOFF_SECTION = '<section class="signoff-section">'
OPINION_STYLE = ' style="color:#1d2125;font-size:14px;white-space:pre-wrap"'

_environment = environment()


def _filled(value: str, style: str = "") -> str:
    text = escape(visible_controls(value))
    return f'<span class="filled"{style}>{text}</span>' if value else ""


def fill_signoffs(page: str, stages: Sequence[str], values: dict[str, dict[str, str]]) -> tuple[str, bool]:
    """``page`` with the sign-off blocks of ``stages`` (in the report's order)
    filled from ``values`` (stage → reviewer, date, opinion), all escaped;
    and whether every block was found."""
    start = page.find(SIGNOFF_SECTION)
    if start < 0:
        return page, not any(any(v.values()) for v in values.values())
    head, rest = page[:start], page[start:]
    position = 0
    for stage in stages:
        fields = values.get(stage, {})
        for blank, name in ((BLANK_REVIEWER, "reviewer"), (BLANK_DATE, "date"), (BLANK_OPINION, "opinion")):
            found = rest.find(blank, position)
            if found < 0:
                return page, False
            if name == "opinion":
                # The blank box's caption is grey and small: the opinion itself is written in black.
                cell = blank.replace("：</div>", "：" + _filled(fields.get(name, ""), OPINION_STYLE) + "</div>")
            else:
                cell = blank.replace("<span></span>", "<span>" + _filled(fields.get(name, "")) + "</span>")
            rest = rest[:found] + cell + rest[found + len(blank) :]
            position = found + len(cell)
    return head + rest, True


def report_page(result: FileResult, signoffs: dict[str, dict[str, str]], ignored: Sequence[tuple[Finding, str]]) -> str:
    """The downloaded report of ``result`` (its ignored findings already
    removed), sign-offs filled in, the ``ignored`` (finding, reason) listed."""
    page = render_page([result])
    stages = [signoff.stage.value for signoff in build_report(result).signoffs]
    page, filled = fill_signoffs(page, stages, signoffs)
    unfilled = [] if filled else [(stage, signoffs.get(stage, {})) for stage in stages]
    if not ignored and not unfilled:
        return page
    extra = _environment.get_template("report-extra.html.j2").render(ignored=ignored, signoffs=unfilled)
    footer = page.rfind("<footer>")
    footer = footer if footer >= 0 else page.rfind("</body>")
    return page + extra if footer < 0 else page[:footer] + extra + page[footer:]
