"""Opening a .docx safely: the zip, its parts and their relationships.

A .docx is a zip of XML parts (Office Open XML, ECMA-376). Everything a
hostile or broken file can do is refused here with a one-line Chinese
reason (:class:`InputError`): a file that is no zip, a zip bomb, a missing
main part, XML that does not parse, a document type declaration (no Word
part has one; it is how entity bombs start), an encrypted file (an OLE
container, as is a Word 97-2003 .doc).

The standard library's zipfile and ElementTree do the work: python-docx
would bring lxml (14 MB) into the default install and still leaves
revisions, comments, fields and style inheritance to be read from the XML.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from xml.etree import ElementTree as ET

from govlint.source import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .doc, .wps, encrypted .docx
# A part's text may not inflate past this multiple of the file limit, nor
# past this ratio to its compressed size: a 40 KB zip that unpacks to 4 GB
# is a bomb, a real document.xml compresses 5-20 times.
MAX_RATIO = 200
MAX_PARTS = 5000


@dataclass
class Package:
    """The parts of an opened .docx, read on demand with limits."""

    archive: zipfile.ZipFile
    budget: int  # bytes of XML still allowed to be inflated
    main: str = "word/document.xml"
    names: frozenset[str] = field(default_factory=frozenset)
    # Each part is inflated and parsed once: the budget counts it once, and
    # the reviewed copy edits the very trees the walk's pieces point into.
    raw: dict[str, bytes] = field(default_factory=dict)
    parsed: dict[str, ET.Element] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        """The bytes of a part, inflated under the package's budget."""
        info = self.archive.getinfo(name)
        if info.file_size > self.budget or (
            info.compress_size and info.file_size > MAX_RATIO * max(info.compress_size, 1024)
        ):
            raise InputError(f"Word 文件中的“{name}”解压后过大，疑为压缩炸弹，未读取")
        try:
            with self.archive.open(info) as stream:
                data = stream.read(self.budget + 1)  # the declared size may lie
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
            raise InputError(f"Word 文件已损坏或不完整，无法解压“{name}”（{_zip_reason(error)}）") from None
        except (NotImplementedError, RuntimeError):  # an unknown compression method, a password
            raise InputError(f"Word 文件中的“{name}”使用了无法读取的压缩或加密方式") from None
        if len(data) > self.budget:
            raise InputError(f"Word 文件中的“{name}”解压后过大，疑为压缩炸弹，未读取")
        self.budget -= len(data)
        return data

    def xml(self, name: str) -> ET.Element:
        """A part parsed as XML (once); refuses a document type declaration."""
        if name not in self.parsed:
            self.raw[name] = self.read(name)
            self.parsed[name] = parse_xml(self.raw[name], name)
        return self.parsed[name]

    def optional_xml(self, name: str | None) -> ET.Element | None:
        return self.xml(name) if name and self.has(name) else None

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of ``part`` (``word/_rels/document.xml.rels``), targets resolved."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        root = self.optional_xml(rels)
        if root is None:
            return []
        found = []
        for rel in root.iter(_RELS + "Relationship"):
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
            found.append(Relationship(rel.get("Id", ""), rel.get("Type", ""), target, external))
        return found


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # a part name inside the package, or an external address
    external: bool

    @property
    def kind(self) -> str:
        """The last part of the type URI: ``header``, ``footnotes``, ``hyperlink`` ..."""
        return self.type.rsplit("/", 1)[-1]


def parse_xml(data: bytes, name: str) -> ET.Element:
    # expat expands no external entity; a DTD is the only way to declare
    # internal ones (billion laughs), and no Office part has one.
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise InputError(f"Word 文件中的“{name}”含有文档类型声明，疑为恶意文件，未读取")
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        line, column = error.position
        where = f"第 {line} 行第 {column + 1} 列"
        raise InputError(f"Word 文件中的“{name}”不是有效的 XML（{where}），文件可能已损坏") from None


def open_package(data: bytes, limit: int) -> Package:
    """The package of a .docx's bytes; ``limit`` bounds the XML inflated in all."""
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError("Word 文件设有打开密码（已加密），无法读取；请取消密码后再检查")
        raise InputError(
            "这是旧版 Word（.doc）或 WPS 文件，不是 .docx；请另存为 .docx，或将扩展名改为 .doc 由 LibreOffice 转换"
        )
    if not data.startswith(b"PK"):
        raise InputError("不是 Word 文档（.docx 应为 zip 压缩包）")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise InputError(f"Word 文件已损坏或不完整，无法打开（{_zip_reason(error)}）") from None
    if len(infos) > MAX_PARTS:
        raise InputError(f"Word 文件含有 {len(infos)} 个部件，超过上限 {MAX_PARTS}，疑为恶意文件，未读取")
    if any(info.flag_bits & 0x1 for info in infos):
        raise InputError("Word 文件设有打开密码（已加密），无法读取；请取消密码后再检查")
    package = Package(archive, budget=limit, names=frozenset(info.filename for info in infos))
    main = next(
        (rel.target for rel in package.relationships("") if rel.type == OFFICE_DOCUMENT and not rel.external),
        "word/document.xml",
    )
    if not package.has(main):
        if package.has("content.xml"):
            raise InputError("这是 OpenDocument（.odt）文件，不是 .docx；请另存为 .docx 后再检查")
        raise InputError(f"不是 Word 文档：压缩包中没有正文部件“{main}”")
    package.main = main
    return package


def _zip_reason(error: Exception) -> str:
    """What broke, for an editor: the usual zipfile errors in Chinese."""
    text = str(error)
    if "not a zip file" in text or "End-of-central-directory" in text or "Truncated" in text:
        return "压缩包的目录缺失，文件可能只下载或复制了一部分"
    if "CRC" in text:
        return "校验和不符"
    if isinstance(error, zlib.error) or "decompress" in text.lower() or "invalid" in text.lower():
        return "压缩数据已损坏"
    return text.splitlines()[0][:100] if text else type(error).__name__
