"""Output formats: each module here renders results and knows nothing of rules.

A format is chosen by name; its module is imported only when it is chosen,
so a run in one format never loads another's libraries (jinja2 for html).
Each module exposes ``reporter()``, which returns the function (or object)
that writes the results. The audit's renderers (``audit.py``) and the
helpers the formats share (``console.py``, ``browser.py``) live here too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from govlint.findings import FileResult

# The Jinja templates of the html report and the audit dashboard.
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

Reporter = Callable[[Sequence[FileResult], TextIO], None]

# name -> module under govlint.formats
_MODULES = {
    "github": "github",
    "html": "html",
    "json": "json",
    "markdown": "markdown",
    "sarif": "sarif",
    "terminal": "terminal",
}


def names() -> tuple[str, ...]:
    return tuple(_MODULES)


def get(name: str) -> Reporter:
    """The reporter of a format; KeyError for a name that is not one."""
    module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
    return module.reporter()
