"""Reading a draft from disk: size limits, binary detection and decoding.

Everything here raises :class:`InputError` with a one-line Chinese reason;
the CLI turns that into ``path: reason`` and exit code 2.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import webencodings

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

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-.:]+)""", re.I)


DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024  # 10 MiB: a long article is under 1 MiB (config max_file_size)


class InputError(Exception):
    """A file that cannot be linted; the message is the one-line reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    errors: tuple[int, ...]  # text offsets where undecodable bytes were replaced by U+FFFD


def read_bytes(path: Path, max_size: int) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes.

    The size and the kind of file are checked before a byte is read (a FIFO
    would block, ``/dev/zero`` or a sparse 4 GB file would exhaust memory),
    again on the opened descriptor (the path may have been replaced
    meanwhile), and at most ``max_size + 1`` bytes are ever read."""
    return read_limited(path, max_size)[0]


def read_limited(path: Path | str, max_size: int) -> tuple[bytes, os.stat_result]:
    """``read_bytes`` with the status of the descriptor that was read."""
    check_status(_stat(path), max_size)
    try:
        # O_NONBLOCK: a FIFO swapped in after the stat above opens without
        # waiting for a writer, and fstat below refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(os_reason(error)) from None
    try:
        status = os.fstat(fd)
        check_status(status, max_size)
        chunks = []
        left = max_size + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise InputError(os_reason(error)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_size:  # it grew after stat()
        raise InputError(f"文件过大，超过上限 {_human(max_size)}；可在配置中调整 max_file_size")
    return data, status


def read_stream(stream: BinaryIO, max_size: int) -> bytes:
    """At most ``max_size`` bytes of a stream (standard input), refused
    beyond: a pipe has no size to check before it is read."""
    chunks = []
    left = max_size + 1
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    data = b"".join(chunks)
    if len(data) > max_size:
        raise InputError(f"输入过大，超过上限 {_human(max_size)}；可在配置中调整 max_file_size")
    return data


def check_status(status: os.stat_result, max_size: int) -> None:
    """Refuse what is not a regular file of at most ``max_size`` bytes."""
    if stat.S_ISDIR(status.st_mode):
        raise InputError("这是一个目录，不是文件")
    if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block or never end
        raise InputError("不是普通文件（管道或设备），未读取")
    if status.st_size > max_size:
        raise InputError(
            f"文件过大（{_human(status.st_size)}），超过上限 {_human(max_size)}；可在配置中调整 max_file_size"
        )


def _stat(path: Path | str) -> os.stat_result:
    try:
        return os.stat(path)
    except OSError as error:
        raise InputError(os_reason(error)) from None


# Reasons an editor can act on, in Chinese; the system's English text otherwise.
_OS_REASONS = {
    errno.ENOENT: "文件不存在（或是指向不存在文件的符号链接）",
    errno.ELOOP: "符号链接循环（链接指向自身），未读取",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EIO: "读取时发生输入输出错误（磁盘或网络盘故障）",
}


def os_reason(error: OSError) -> str:
    """The one-line Chinese reason for a failed file system call."""
    known = _OS_REASONS.get(error.errno or 0)
    if known:
        return known
    return f"无法读取文件：{error.strerror or type(error).__name__}"


def decode(data: bytes, *, html: bool = False) -> Decoded:
    """Decode a draft: BOM, then strict UTF-8, then a declared HTML charset,
    then charset-normalizer among the Chinese encodings. Bytes that still do
    not decode become U+FFFD and are recorded, never an exception."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_recording(data, name)
    if _looks_binary(data):
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
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
            except (UnicodeError, LookupError):  # bytes the declared encoding does not hold
                pass
    from charset_normalizer import from_bytes  # only for a file that is not UTF-8: most are

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


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text saved without a BOM (its ASCII and many CJK characters
    hold NUL bytes, which would mark it binary): the byte order whose strict
    decoding gives text, else None. Text here is printable characters and
    line breaks, with no C0 controls and no unassigned code points."""
    if len(data) < 2 or len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _text_score(text)
        if score >= 0.98 and (best is None or score > best[0]):
            best = (score, encoding, text)
    if best is None:
        return None
    return Decoded(best[2], best[1], ())


def _text_score(text: str) -> float:
    """The share of characters a draft is made of: CJK, ASCII and common
    punctuation; a C0 control other than white space rules the text out."""
    if not text:
        return 0.0
    plausible = core = 0
    for char in text:
        code = ord(char)
        if code < 0x20:
            if char not in "\t\n\r\f":
                return 0.0
            plausible += 1
            core += 1
        elif code < 0x7F or 0x3000 <= code <= 0x9FFF or 0xFF00 <= code <= 0xFFEF or 0x2000 <= code <= 0x206F:
            plausible += 1
            core += 1
        elif 0xA0 <= code < 0x2000 or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF:
            plausible += 1 if char.isprintable() else 0
    # Binary bytes decode to printable Latin and combining marks just as
    # well (00 01 02 03 -> Ā̂): a draft is mostly CJK and ASCII.
    if core < 0.8 * len(text):
        return 0.0
    return plausible / len(text)


def _declared_charset(data: bytes) -> str | None:
    """The Python codec of an HTML ``<meta charset>`` label, only when the
    label is one browsers honour (the WHATWG Encoding Standard's list, as
    ``webencodings`` holds it): a page is decoded as a browser shows it,
    never by a codec only Python has (``palmos``, ``cp037``, ``undefined``,
    ``hex``); such a label is ignored and the encoding detected."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    encoding = webencodings.lookup(match.group(1).decode("ascii", "ignore"))
    if encoding is None or encoding.name in _NOT_HONOURED:
        return None
    return _DECODED_AS.get(encoding.name, encoding.codec_info.name)


# WHATWG encodings a <meta> label names that decide nothing here: UTF-8 was
# tried first, HTML reads a UTF-16 label in <meta> as UTF-8, and the other
# two are no text encoding of a draft.
_NOT_HONOURED = frozenset({"utf-8", "utf-16le", "utf-16be", "replacement", "x-user-defined"})
# The standard's GBK decoder is GB18030's; Big5 keeps the name drafts report.
_DECODED_AS = {"gbk": "gb18030", "gb18030": "gb18030", "big5": "big5"}


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
