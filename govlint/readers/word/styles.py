"""Word's formatting, resolved as Word resolves it for each run of text.

A run's font size and family come from, in rising priority: the document
defaults (``w:docDefaults``), the paragraph style and the styles it is
``basedOn``, the character style and its chain, and the run's own
properties. Fonts may name a theme slot (``minorEastAsia``), read from the
theme part. Chinese text takes the East Asian slot (``w:eastAsia``), Latin
text the ASCII one. Sizes are in half-points (``w:sz w:val="32"`` is 16 pt,
三号).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from xml.etree import ElementTree as ET

from govlint.readers.word.package import W

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_OFF = frozenset({"0", "false", "off", "none"})
DEFAULT_HALF_POINTS = 20  # Word's size where nothing sets one: 10 pt

Props = Mapping[str, object]


def toggle(element: ET.Element | None) -> bool | None:
    """An on/off property: ``<w:b/>`` is on, ``<w:b w:val="0"/>`` off, absent None."""
    if element is None:
        return None
    return element.get(W + "val", "true").lower() not in _OFF


def run_properties(rpr: ET.Element | None, theme: Mapping[str, str]) -> dict[str, object]:
    """The properties a ``w:rPr`` sets, by name; unset ones are absent."""
    found: dict[str, object] = {}
    if rpr is None:
        return found
    size = rpr.find(W + "sz")
    if size is not None and (value := _int(size.get(W + "val"))) is not None and value > 0:
        found["sz"] = value
    fonts = rpr.find(W + "rFonts")
    if fonts is not None:
        for slot, themed in (("eastAsia", "eastAsiaTheme"), ("ascii", "asciiTheme"), ("hAnsi", "hAnsiTheme")):
            name = theme.get(fonts.get(W + themed, "")) or fonts.get(W + slot)
            if name:
                found[slot] = name
    for name in ("b", "vanish", "specVanish", "strike", "dstrike"):
        if (on := toggle(rpr.find(W + name))) is not None:
            found[name] = on
    color = rpr.find(W + "color")
    if color is not None and color.get(W + "val"):
        found["color"] = color.get(W + "val", "").lower()
    highlight = rpr.find(W + "highlight")
    if highlight is not None:
        found["background"] = highlight.get(W + "val", "none").lower() not in _OFF
    shading = rpr.find(W + "shd")
    if shading is not None and shading.get(W + "fill", "auto").lower() not in ("auto", "ffffff"):
        found["background"] = True
    vertical = rpr.find(W + "vertAlign")
    if vertical is not None:
        found["vertAlign"] = vertical.get(W + "val", "baseline")
    return found


def paragraph_properties(ppr: ET.Element | None) -> dict[str, object]:
    """What a ``w:pPr`` sets that the reader uses: outline level, numbering, alignment."""
    found: dict[str, object] = {}
    if ppr is None:
        return found
    outline = ppr.find(W + "outlineLvl")
    if outline is not None and (level := _int(outline.get(W + "val"))) is not None:
        found["outline"] = level
    numbering = ppr.find(W + "numPr")
    if numbering is not None:
        number = numbering.find(W + "numId")
        found["numbered"] = number is None or number.get(W + "val") != "0"
    align = ppr.find(W + "jc")
    if align is not None:
        found["jc"] = align.get(W + "val", "left")
    return found


@dataclass(frozen=True)
class StyleDef:
    """One ``w:style``: its kind, name, parent and own properties."""

    id: str
    type: str
    name: str
    based_on: str | None
    run: Props = field(default_factory=dict)
    paragraph: Props = field(default_factory=dict)


@dataclass
class Styles:
    """The styles part and theme fonts of a document, with resolution cached."""

    defaults_run: Props = field(default_factory=dict)
    defaults_paragraph: Props = field(default_factory=dict)
    styles: dict[str, StyleDef] = field(default_factory=dict)
    default_paragraph: str | None = None
    default_character: str | None = None
    theme: Mapping[str, str] = field(default_factory=dict)
    _chains: dict[tuple[str, str], tuple[Props, Props]] = field(default_factory=dict)

    def name(self, style_id: str | None) -> str:
        style = self.styles.get(style_id or "")
        return style.name if style else ""

    def chain(self, style_id: str | None, kind: str) -> tuple[Props, Props]:
        """The run and paragraph properties a style gives, its ``basedOn`` chain merged."""
        key = (style_id or "", kind)
        if key not in self._chains:
            run: dict[str, object] = {}
            paragraph: dict[str, object] = {}
            seen: list[StyleDef] = []
            current = self.styles.get(style_id or "")
            while current is not None and current not in seen and len(seen) < 32:  # a loop is a broken file
                seen.append(current)
                current = self.styles.get(current.based_on or "")
            for style in reversed(seen):
                run.update(style.run)
                paragraph.update(style.paragraph)
            self._chains[key] = (MappingProxyType(run), MappingProxyType(paragraph))
        return self._chains[key]

    def heading_level(self, style_id: str | None) -> int:
        """1-9 for a heading style (by name, as Word and WPS write it), else 0."""
        name = self.name(style_id).lower().replace(" ", "")
        for prefix in ("heading", "标题"):
            if name.startswith(prefix) and name[len(prefix) :].isdigit():
                return min(9, max(1, int(name[len(prefix) :])))
        return 0

    def is_title(self, style_id: str | None) -> bool:
        return self.name(style_id).lower() in ("title", "标题")

    def is_caption(self, style_id: str | None) -> bool:
        return self.name(style_id).lower() in ("caption", "题注")


def read_styles(styles: ET.Element | None, theme_part: ET.Element | None) -> Styles:
    theme = theme_fonts(theme_part)
    if styles is None:
        return Styles(theme=theme)
    defaults = styles.find(W + "docDefaults")
    result = Styles(theme=theme)
    if defaults is not None:
        result.defaults_run = MappingProxyType(run_properties(defaults.find(f"{W}rPrDefault/{W}rPr"), theme))
        result.defaults_paragraph = MappingProxyType(paragraph_properties(defaults.find(f"{W}pPrDefault/{W}pPr")))
    for style in styles.iter(W + "style"):
        style_id = style.get(W + "styleId", "")
        kind = style.get(W + "type", "paragraph")
        name = style.find(W + "name")
        based = style.find(W + "basedOn")
        result.styles[style_id] = StyleDef(
            style_id,
            kind,
            name.get(W + "val", "") if name is not None else "",
            based.get(W + "val") if based is not None else None,
            MappingProxyType(run_properties(style.find(W + "rPr"), theme)),
            MappingProxyType(paragraph_properties(style.find(W + "pPr"))),
        )
        if style.get(W + "default") in ("1", "true", "on"):
            if kind == "paragraph":
                result.default_paragraph = style_id
            elif kind == "character":
                result.default_character = style_id
    return result


def theme_fonts(theme: ET.Element | None) -> dict[str, str]:
    """Theme slot names (``minorEastAsia``, ``majorHAnsi`` ...) to typefaces."""
    found: dict[str, str] = {}
    if theme is None:
        return found
    for scheme, prefix in (("majorFont", "major"), ("minorFont", "minor")):
        fonts = theme.find(f".//{_A}{scheme}")
        if fonts is None:
            continue
        latin = fonts.find(_A + "latin")
        east = fonts.find(_A + "ea")
        east_name = east.get("typeface", "") if east is not None else ""
        if not east_name:  # the East Asian typeface is often left to the script list
            hans = next((f for f in fonts.findall(_A + "font") if f.get("script") == "Hans"), None)
            east_name = hans.get("typeface", "") if hans is not None else ""
        latin_name = latin.get("typeface", "") if latin is not None else ""
        for slot, name in (("EastAsia", east_name), ("HAnsi", latin_name), ("Ascii", latin_name), ("Bidi", "")):
            if name:
                found[prefix + slot] = name
    return found


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
