"""Reading a draft from disk: size limits, binary detection and decoding.

Everything here raises :class:`InputError` with a one-line Chinese reason;
the CLI turns that into ``path: reason`` and exit code 2.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

# BOMs first: they are unambiguous. UTF-32 must be tested before UTF-16
# because the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# What Chinese drafts are written in. charset-normalizer is asked to choose
# among these only: left free, it labels short GBK text as cp1252 or KOI8.
_CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16"]

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)

# Declared names that mean "GBK family": decode them all as GB18030, its superset.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "euc-cn"}


class InputError(Exception):
    """A file that cannot be linted; the message is the one-line reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    errors: tuple[int, ...]  # text offsets where undecodable bytes were replaced by U+FFFD


def read_bytes(path: Path, max_size: int) -> bytes:
    try:
        status = path.stat()
    except FileNotFoundError:
        raise InputError("文件不存在") from None
    except OSError as error:
        raise InputError(f"无法读取文件：{error.strerror or error}") from None
    size = status.st_size
    if stat.S_ISDIR(status.st_mode):
        raise InputError("这是一个目录，不是文件")
    if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block or never end
        raise InputError("不是普通文件（管道或设备），未读取")
    if size > max_size:
        raise InputError(
            f"文件过大（{_human(size)}），超过上限 {_human(max_size)}；可在配置中调整 max_file_size"
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(max_size + 1)
    except IsADirectoryError:
        raise InputError("这是一个目录，不是文件") from None
    except OSError as error:
        raise InputError(f"无法读取文件：{error.strerror or error}") from None
    if len(data) > max_size:  # it grew after stat()
        raise InputError(f"文件过大，超过上限 {_human(max_size)}；可在配置中调整 max_file_size")
    return data


def decode(data: bytes, *, html: bool = False) -> Decoded:
    """Decode a draft: BOM, then strict UTF-8, then a declared HTML charset,
    then charset-normalizer among the Chinese encodings. Bytes that still do
    not decode become U+FFFD and are recorded, never an exception."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_recording(data, name)
    if _looks_binary(data):
        raise InputError("这是二进制文件，不是文稿（含有 NUL 字节）")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError:
        pass
    utf8 = _decode_recording(data, "utf-8")
    non_ascii = len(data) - len(data.translate(None, _ASCII))
    if len(utf8.errors) <= max(3, non_ascii // 50):
        # Mostly valid UTF-8 with a few damaged bytes: a GBK reading would
        # turn every correct character into mojibake.
        return utf8
    if html:
        declared = _declared_charset(data)
        if declared:
            try:
                return Decoded(data.decode(declared), _canonical(declared), ())
            except (UnicodeDecodeError, LookupError):
                pass
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None and best.encoding != "utf_8":
        return Decoded(str(best), _canonical(best.encoding), ())
    # Nothing decodes cleanly: take the most plausible and record the damage.
    return min((utf8, _decode_recording(data, "gb18030")), key=lambda decoded: len(decoded.errors))


def _mark_undecodable(error: UnicodeError) -> tuple[str, int]:
    """One lone surrogate per undecodable byte, as ``surrogateescape`` gives,
    for every byte: surrogateescape itself gives up on bytes below 0x80
    (a UTF-16 or UTF-32 file cut off in the middle of a character)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "\udc80" * (error.end - error.start), error.end


codecs.register_error("govlint-mark", _mark_undecodable)


def _decode_recording(data: bytes, encoding: str) -> Decoded:
    # Each undecodable byte becomes one lone surrogate, which marks exactly
    # where the damage is; each becomes U+FFFD.
    raw = data.decode(encoding, errors="govlint-mark")
    errors = tuple(m.start() for m in _ESCAPED.finditer(raw))
    return Decoded(_ESCAPED.sub("\ufffd", raw) if errors else raw, _canonical(encoding), errors)


_ASCII = bytes(range(128))
_ESCAPED = re.compile("[\udc80-\udcff]")


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # `charset=hex` or `base64` names a bytes-to-bytes codec, not a text encoding.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _canonical(name: str) -> str:
    """Stable, user-facing encoding names for the JSON output."""
    name = codecs.lookup(name).name
    return {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030", "big5": "big5"}.get(
        name, name.replace("_", "-")
    )


def _human(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} B"
