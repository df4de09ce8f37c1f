"""The draft's own HTML as it would render (the page's "原稿排版" frame), made
harmless first.

Three walls, each enough alone: this module removes what could run or load
(scripts, frames, plugins, event handlers, ``javascript:`` and other active
URLs, remote images, which leave a box saying where they stand, links that
would navigate); the route serves the result with a policy that forbids
every script (``script-src 'none'`` and the policy's own ``sandbox``); and
the page shows it in an ``<iframe sandbox>`` with no allowance (no scripts,
an opaque origin, no navigation of the page).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Doctype, Tag

# The policy of the frame's document: nothing runs, nothing loads but inline
# styles and data: images, it may be framed by the page only, and it is a
# sandbox even when opened on its own.
FRAME_CSP = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; "
    "frame-ancestors 'self'; base-uri 'none'; sandbox"
)

# Removed with everything inside them: what runs, embeds, loads or submits.
_DROPPED = frozenset(
    {
        "script", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
        "base", "link", "meta", "form", "input", "button", "select", "textarea", "audio", "video",
        "source", "track", "portal", "math", "svg", "canvas", "dialog", "slot", "title",
    }
)  # fmt: skip
# URL attributes: kept only for a data: image, otherwise removed.
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "data", "poster", "background", "xlink:href", "ping", "cite",
     "longdesc", "usemap", "lowsrc", "dynsrc", "codebase", "archive", "manifest", "itemtype"}
)  # fmt: skip
_ACTIVE_URL = re.compile(r"(javascript|vbscript|livescript):", re.I)
_DATA_IMAGE = re.compile(r"^\s*data:image/(png|gif|jpeg|webp|bmp);base64,[a-z0-9+/=\s]*$", re.I)
# CSS that could load or run (url(), @import, old IE expressions and behaviours).
_ACTIVE_CSS = re.compile(r"url\s*\(|@import|expression\s*\(|behavior\s*:|-moz-binding|javascript:", re.I)


def sanitised(data: bytes) -> str:
    """The HTML of ``data`` (a draft's bytes; bs4 finds the encoding) with
    nothing left that could run, load or navigate: a whole document."""
    soup = BeautifulSoup(data, "html.parser")
    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Doctype))):
        node.extract()  # conditional comments and the like
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        if tag.name.lower() in _DROPPED or ":" in tag.name:
            tag.decompose()
            continue
        _clean(tag)
        if tag.name.lower() == "img" and "src" not in tag.attrs:
            tag.replace_with(_image_placeholder(soup, tag))
    for style in soup.find_all("style"):
        if _ACTIVE_CSS.search(style.get_text()):
            style.decompose()
    if soup.body is not None:  # a whole document: its styles and its body's content
        styles = "".join(str(style) for style in soup.find_all("style") if style.find_parent("body") is None)
        body = styles + soup.body.decode_contents()
    else:
        body = str(soup)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>原稿排版</title></head>'
        f'<body style="margin:0;padding:12px 16px;background:#fff">{body}</body></html>'
    )


def _clean(tag: Tag) -> None:
    for name in list(tag.attrs):
        value = tag.attrs[name]
        text = " ".join(value) if isinstance(value, list) else str(value)
        lowered = name.lower()
        if lowered.startswith("on") or lowered in ("is", "http-equiv", "target", "formtarget"):
            del tag.attrs[name]
        elif lowered in _URL_ATTRIBUTES:
            del tag.attrs[name]
            if lowered == "src" and tag.name.lower() == "img" and _DATA_IMAGE.match(text):
                tag.attrs["src"] = text.strip()
            elif lowered == "href" and not tag.get("title") and re.match(r"\s*(https?:|mailto:)", text, re.I):
                tag.attrs["title"] = f"链接：{text}"[:300]  # said, not followed
        elif (lowered == "style" and _ACTIVE_CSS.search(text)) or _ACTIVE_URL.search(_squeezed(text)):
            del tag.attrs[name]


# Where a remote image stands: a box of its size, if the draft gives one,
# that says what is there without loading it.
_PLACEHOLDER_STYLE = (
    "display:inline-block;box-sizing:border-box;max-width:100%;border:1px dashed #999;color:#666;"
    "background:#f6f6f6;font-size:12px;line-height:1.5;padding:8px 12px;text-align:center;vertical-align:middle"
)


def _image_placeholder(soup: BeautifulSoup, image: Tag) -> Tag:
    """A box in place of an image the frame does not load (a remote one):
    its alternative text, and its width and height where the draft sets them."""
    box = soup.new_tag("span", attrs={"class": "image-placeholder"})
    size = "".join(
        f"{name}:{value}px;" for name in ("width", "height") if (value := str(image.get(name, "")).strip()).isdigit()
    )
    box["style"] = _PLACEHOLDER_STYLE + (";" + size if size else "")
    alt = str(image.get("alt") or "").strip()[:100]
    box.string = f"［图片：{alt}］（网络图片，本页不加载）" if alt else "［图片］（网络图片，本页不加载）"
    return box


def _squeezed(text: str) -> str:
    """``text`` without the blanks and controls a browser skips inside a URL scheme."""
    return re.sub(r"[\s\x00-\x1f]", "", text)
