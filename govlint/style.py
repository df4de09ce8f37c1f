"""The computed style of a run of text: the values a browser renders it with.

The readers store one on each run (``Run.style``, decided by
``css.decide_visibility``); the checks read it. Kept apart from ``css``,
which computes it, so that the document model can name it without
importing the style engine.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_FONT_SIZE = 16.0  # px, every browser's "medium"
LINK_COLOR = (0, 0, 238, 1.0)  # the UA colour of a:link
BLACK = (0, 0, 0, 1.0)
WHITE = (255, 255, 255, 1.0)

Color = tuple[int, int, int, float]
WORD_HIDDEN = "w:vanish"  # Style.hidden of text Word's hidden-text attribute hides


@dataclass(frozen=True)
class Style:
    """The computed values the checks read.

    ``font_size_set`` tells whether anything in the chain set the size (an
    author style, a ``<font>`` tag or a heading); ``family_set`` the same for
    the family. ``hidden`` names the first technique that hides the text from
    readers, or is None; ``background`` is the nearest opaque background
    colour (None when an image may lie behind the text).
    """

    font_size: float = DEFAULT_FONT_SIZE
    font_size_set: bool = False
    font_family: str = ""
    family_set: bool = False
    color: Color = BLACK
    background: Color | None = WHITE
    background_set: bool = False
    visibility: str = "visible"
    text_align: str = "start"
    bold: bool = False
    hidden: str | None = None

    @property
    def invisible(self) -> str | None:
        """Why readers cannot see the text, including colour on its background."""
        return self.hidden_reason(default_background_known=True)

    def hidden_reason(self, default_background_known: bool) -> str | None:
        """Why readers cannot see the text. The colour test needs the
        background: with ``default_background_known`` False (the page links a
        style sheet we cannot read) only a background set in the document counts."""
        if self.hidden:
            return self.hidden
        if self.visibility in ("hidden", "collapse"):
            return "visibility:hidden"
        if self.font_size < 1:
            return "font-size:0"
        if self.color[3] == 0:
            return "color:transparent"
        if (
            self.background is not None
            and (self.background_set or default_background_known)
            and same_color(self.color, self.background)
        ):
            return "color=background"
        return None


ROOT = Style()


def same_color(a: Color, b: Color) -> bool:
    """Colours a reader cannot tell apart (each channel within 8 of 255)."""
    return a[3] > 0 and all(abs(x - y) <= 8 for x, y in zip(a[:3], b[:3], strict=True))
