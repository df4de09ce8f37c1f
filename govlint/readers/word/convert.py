"""Word 97-2003 (.doc) and WPS (.wps) drafts, converted to .docx by LibreOffice.

Both are OLE compound files whose text model nobody should parse by hand;
LibreOffice reads them as Word does. Each conversion runs ``soffice
--headless --convert-to docx`` on a copy in a private temporary folder,
with a throwaway profile there (a user's running LibreOffice and parallel
govlint processes do not collide), macros off and untrusted links blocked,
under a time limit. Every failure is one Chinese line (:class:`InputError`).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from govlint.readers.word.package import OLE_MAGIC
from govlint.source import InputError

TIMEOUT = 120  # seconds; a long .doc converts in a few
NOT_INSTALLED = "需要安装 LibreOffice 才能检查 .doc/.wps 文件（如 apt install libreoffice-writer-nogui）"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS = "请用 Word 或 WPS 另存为 .docx 后再检查"

# The private profile's settings: no macro runs, no link is fetched to
# render the draft, no first-start wizard.
_SETTINGS = (
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Setup/Office", "FirstStartWizardCompleted", "true"),
)


def find_soffice() -> str | None:
    """The LibreOffice command on PATH, by either of its names."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, suffix: str, timeout: float = TIMEOUT) -> bytes:
    """The .docx bytes of a .doc or .wps file's ``data`` (``suffix`` is ``.doc`` or ``.wps``)."""
    if data.startswith(b"PK"):
        return data  # a .docx renamed .doc, as editors often do: no conversion needed
    if data.startswith(OLE_MAGIC) and _ENCRYPTED in data:
        raise InputError("文件设有打开密码（已加密），无法读取；请取消密码后再检查")
    if not data.strip():
        raise InputError("文件是空的")
    soffice = find_soffice()
    if soffice is None:
        raise InputError(NOT_INSTALLED)
    with tempfile.TemporaryDirectory(prefix="govlint-doc-") as folder:
        work = Path(folder)
        source = work / f"draft{suffix}"
        source.write_bytes(data)
        profile = _profile(work / "profile")
        _run(_command(soffice, profile, source, work / "out"), timeout)
        produced = work / "out" / "draft.docx"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise InputError(f"LibreOffice 无法转换此文件，可能已损坏或不是 {suffix} 文件；{_SAVE_AS}")
        return produced.read_bytes()


def _profile(folder: Path) -> Path:
    """A fresh LibreOffice profile with the settings above."""
    user = folder / "user"
    user.mkdir(parents=True)
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
        for path, name, value in _SETTINGS
    )
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n' + items + "</oor:items>\n",
        encoding="utf-8",
    )
    return folder


def _command(soffice: str, profile: Path, source: Path, out: Path) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        str(source),
    ]


def _run(command: list[str], timeout: float) -> None:
    """Run LibreOffice in its own process group, so that a timeout ends
    soffice.bin too and not only the launcher script."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as error:
        raise InputError(f"无法启动 LibreOffice（{error.strerror or error}）") from None
    try:
        process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise InputError(f"LibreOffice 转换超时（超过 {timeout:g} 秒），未能读取；{_SAVE_AS}") from None


def _kill(process: subprocess.Popen) -> None:
    killpg = getattr(os, "killpg", None)  # POSIX; on Windows the launcher alone
    try:
        if killpg is not None:
            killpg(process.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()
