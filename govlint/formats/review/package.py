"""Writing the reviewed copy's package: the comments part with its
relationship and content type, parts serialised with their own namespace
prefixes, and the zip with every other entry copied unchanged."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from datetime import datetime
from xml.etree import ElementTree as ET
from xml.sax.saxutils import quoteattr

from govlint.readers.word.package import MAX_RATIO, Package, W, parse_xml
from govlint.source import InputError

AUTHOR = "govlint"
INITIALS = "GL"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def preserve_space(node: ET.Element) -> None:
    """Keep a w:t's outer spaces (Word drops them without xml:space)."""
    if node.text and node.text != node.text.strip():
        node.set(_XML_SPACE, "preserve")


def comment_parts(package: Package, comments: list[tuple[str, list[str]]], stamp: str) -> dict[str, bytes]:
    """The parts that hold the comments: the comments part (the draft's own,
    with these appended, or a new one) and, for a new one, its relationship
    and content type."""
    if not comments:
        return {}
    targets = [r.target for r in package.relationships(package.main) if r.kind == "comments" and not r.external]
    related = targets[0] if targets else None
    name = related if related is not None and package.has(related) else _free_name(package)
    root = package.xml(name) if package.has(name) else ET.Element(W + "comments")
    for comment_id, paragraphs in comments:
        root.append(_comment_element(comment_id, paragraphs, stamp))
    parts = {name: serialise(root, package.raw.get(name))}
    if related != name:
        folder, base = posixpath.split(package.main)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        parts[rels] = _with_relationship(package.raw.get(rels), rels, package.main, name)
        parts["[Content_Types].xml"] = _with_override(package.read("[Content_Types].xml"), name)
    return parts


def _comment_element(comment_id: str, paragraphs: list[str], stamp: str) -> ET.Element:
    attributes = {W + "id": comment_id, W + "author": AUTHOR, W + "date": stamp, W + "initials": INITIALS}
    comment = ET.Element(W + "comment", attributes)
    for number, text in enumerate(paragraphs):
        paragraph = ET.SubElement(comment, W + "p")
        if number == 0:  # the comment's own mark, as Word writes it
            ET.SubElement(ET.SubElement(paragraph, W + "r"), W + "annotationRef")
        node = ET.SubElement(ET.SubElement(paragraph, W + "r"), W + "t")
        node.text = text
        preserve_space(node)
    return comment


def _free_name(package: Package) -> str:
    """A name for a new comments part beside the main part (a stray one not related to it is left alone)."""
    name = posixpath.join(posixpath.dirname(package.main), "comments.xml")
    return name if not package.has(name) else name.replace("comments.xml", "comments-govlint.xml")


def _with_relationship(data: bytes | None, name: str, source: str, target: str) -> bytes:
    root = parse_xml(data, name) if data else ET.Element(f"{{{_RELS_NS}}}Relationships")
    taken = {r.get("Id", "") for r in root}
    number = 1 + max((int(i[3:]) for i in taken if re.fullmatch(r"rId\d+", i)), default=0)
    relative = posixpath.relpath(target, posixpath.dirname(source) or ".")
    attributes = {"Id": f"rId{number}", "Type": COMMENTS_REL, "Target": relative}
    ET.SubElement(root, f"{{{_RELS_NS}}}Relationship", attributes)
    return _package_xml(root, _RELS_NS)


def _with_override(data: bytes, part: str) -> bytes:
    root = parse_xml(data, "[Content_Types].xml")
    name = "/" + part
    if not any(o.get("PartName", "").lower() == name.lower() for o in root.iter(f"{{{_TYPES_NS}}}Override")):
        ET.SubElement(root, f"{{{_TYPES_NS}}}Override", {"PartName": name, "ContentType": COMMENTS_TYPE})
    return _package_xml(root, _TYPES_NS)


def _package_xml(root: ET.Element, namespace: str) -> bytes:
    # The package's own parts use a default namespace with plain attributes,
    # which tostring(default_namespace=...) refuses; so "" is registered.
    ET.register_namespace("", namespace)
    return _DECLARATION + ET.tostring(root, encoding="unicode").encode("utf-8")


# ----------------------------------------------------------------------------- XML and zip


def serialise(root: ET.Element, raw: bytes | None) -> bytes:
    """A part's XML, with the prefixes of its original (``raw``).

    ElementTree names a namespace it has no prefix for ``ns0`` and declares
    only the namespaces elements use: Word then finds ``mc:Ignorable="w14
    wp14"`` naming undeclared prefixes and calls the file corrupt. So every
    prefix of the part is registered first, and the root declares again
    every namespace the original root declared."""
    ET.register_namespace("w", W[1:-1])
    declared: list[tuple[str, str]] = []  # the root's
    started = False
    for event, item in ET.iterparse(io.BytesIO(raw or b"<x/>"), events=("start-ns", "start")):
        if event == "start":
            started = True
            continue
        prefix, uri = item
        if prefix and not started:
            declared.append((prefix, uri))
        if prefix and not re.fullmatch(r"ns\d+", prefix):  # ElementTree refuses its own "ns0" names
            ET.register_namespace(prefix, uri)
    return _DECLARATION + _redeclare(ET.tostring(root, encoding="unicode"), declared).encode("utf-8")


def _redeclare(text: str, namespaces: list[tuple[str, str]]) -> str:
    """``text`` with its root start tag declaring each of ``namespaces`` it does not yet declare."""
    end = text.index(">")
    if text[end - 1] == "/":
        end -= 1
    tag = text[:end]
    added = "".join(f" xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in namespaces if f" xmlns:{prefix}=" not in tag)
    return tag + added + text[end:]


def rezip(package: Package, parts: dict[str, bytes], now: datetime) -> bytes:
    """The package with ``parts`` replaced or added; every other entry copied, in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in package.archive.infolist():
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.external_attr = info.external_attr
            if info.filename in parts:
                entry.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(entry, parts[info.filename])
            else:
                entry.compress_type = info.compress_type
                _copy_entry(package.archive, info, out, entry)
        stamp = max(now.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
        for name, data in parts.items():
            if not package.has(name):
                out.writestr(zipfile.ZipInfo(name, stamp), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _copy_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, out: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Copy an entry's bytes unchanged; a picture that inflates like a zip bomb is refused."""
    if info.compress_size and info.file_size > MAX_RATIO * max(info.compress_size, 1024):
        raise InputError(f"Word 文件中的“{info.filename}”解压后过大，疑为压缩炸弹，未生成审校稿")
    copied = 0
    try:
        with archive.open(info) as source, out.open(entry, "w", force_zip64=info.file_size > 1 << 30) as target:
            while chunk := source.read(1 << 20):
                copied += len(chunk)
                if copied > info.file_size:  # the declared size lied
                    raise InputError(f"Word 文件中的“{info.filename}”解压后过大，疑为压缩炸弹，未生成审校稿")
                target.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        raise InputError(f"Word 文件已损坏，无法解压“{info.filename}”（{error}）") from None
