"""A .docx made from a rule doc's ``wordml`` example: the paragraphs of
``word/document.xml`` as Word stores them, optionally followed by other
parts, each after a line ``<!-- part: NAME -->`` (``word/comments.xml``,
``docProps/core.xml``). The namespaces and the package's plumbing
(content types, relationships) are added here, so that an example shows
only what the rule is about."""

from __future__ import annotations

import io
import re
import zipfile

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
_DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
_PART = re.compile(r"^\s*<!-- part: (\S+) -->\s*$", re.M)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CONTENT_TYPES = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "word/comments.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
    "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
# Parts the package itself relates to (_rels/.rels), by relationship type.
_PACKAGE_PARTS = {
    "docProps/core.xml": "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
    "docProps/app.xml": _REL + "extended-properties",
}


def _declared(xml: str) -> str:
    """The part with every namespace declared on its root element."""
    return re.sub(r"^(\s*<[\w:]+)", lambda m: f"{m.group(1)} {_DECLARATIONS}", xml.strip(), count=1)


def docx_from_wordml(example: str) -> bytes:
    pieces = _PART.split(example)
    parts = {"word/document.xml": f"<w:document {_DECLARATIONS}><w:body>{pieces[0].strip()}</w:body></w:document>"}
    for name, xml in zip(pieces[1::2], pieces[2::2], strict=True):
        parts[name] = _declared(xml)
    package_rels = [("rId1", _REL + "officeDocument", "word/document.xml")]
    package_rels += [(f"rId{n}", _PACKAGE_PARTS[name], name) for n, name in enumerate(parts, 1) if name in _PACKAGE_PARTS]
    document_rels = [("rId1", _REL + "comments", "comments.xml")] if "word/comments.xml" in parts else []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/{name}" ContentType="{_CONTENT_TYPES[name]}"/>' for name in parts
        )
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>',
        )
        archive.writestr("_rels/.rels", _relationships(package_rels))
        if document_rels:
            archive.writestr("word/_rels/document.xml.rels", _relationships(document_rels))
        for name, xml in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
    return buffer.getvalue()


def _relationships(rels: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
    return f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'
