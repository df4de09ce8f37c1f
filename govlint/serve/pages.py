"""The Jinja environment of the serve pages and of the report extras."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from govlint.formats import TEMPLATES
from govlint.formats.html import visible_controls


def environment() -> Environment:
    """Autoescape everything: the draft is hostile input (as in formats/html.py)."""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES / "serve")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=visible_controls,
    )
