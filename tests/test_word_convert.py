""".doc and .wps drafts through LibreOffice (govlint/readers/word/convert.py):
converted where LibreOffice is installed, refused in one line where it is
not, and every way a conversion can go wrong is one Chinese line too."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import word_drafts as wd

from govlint.readers import format_of, read_document, size_limit
from govlint.readers.word import convert
from govlint.readers.word.package import OLE_MAGIC
from govlint.source import InputError


@pytest.fixture(scope="module")
def word97(require_tool, tmp_path_factory) -> dict[str, Path]:
    """The notice with a pasted 小四 paragraph, saved by LibreOffice as Word 97
    (.doc), and the same file named .wps (WPS's own files are OLE like it)."""
    soffice = require_tool("soffice")
    folder = tmp_path_factory.mktemp("doc")
    source = wd.build_gongwen(folder / "通知.docx", pasted=True, tracked=True)
    doc = wd.convert(soffice, source, "doc", folder / "out")
    assert doc.read_bytes().startswith(OLE_MAGIC)
    wps = folder / "out" / "通知.wps"
    shutil.copyfile(doc, wps)
    return {"doc": doc, "wps": wps}


def govlint(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govlint", *args], capture_output=True, timeout=600, env=env)


def test_doc_and_wps_are_converted_and_checked(word97):
    done = govlint(str(word97["doc"]), str(word97["wps"]), "--format", "json")
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    files = json.loads(done.stdout)["files"]
    assert [f["path"] for f in files] == [str(word97["doc"]), str(word97["wps"])]  # the names given
    lines = read_document(word97["doc"].read_bytes(), "x.doc", "doc").source.lines()
    pasted = next(n for n, line in enumerate(lines, 1) if line == wd.PASTED)
    tracked = next(n for n, line in enumerate(lines, 1) if line.startswith(wd.BEFORE))
    for result in files:
        assert result["error"] is None and result["format"] == "docx"
        found = {(f["rule"], f["line"], f["column"]) for f in result["findings"]}
        assert ("font.mixed-size", pasted, 1) in found
        # The tracked change survives Word 97's format and LibreOffice's round trip.
        assert ("draft.tracked-change", tracked, len(wd.BEFORE) + 1) in found


def test_without_libreoffice_one_line_says_what_to_install(word97):
    # Python by absolute path; a PATH that has no soffice and no libreoffice.
    env = {**os.environ, "PATH": "/nonexistent-bin"}
    done = govlint(str(word97["doc"]), "-q", env=env)
    assert done.returncode == 2
    assert done.stderr.decode("utf-8").strip().splitlines() == [f"govlint: {word97['doc']}: {convert.NOT_INSTALLED}"]


def test_doc_and_wps_are_word_formats_with_the_word_size_limit():
    assert format_of(Path("a.DOC")) == "doc" and format_of(Path("b.wps")) == "wps"
    assert size_limit("wps", 100) == size_limit("docx", 100) > 100


# ----------------------------------------------------------------------------- conversion failures


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """Put a shell script named soffice first on PATH; returns a function taking its body."""
    if os.name != "posix":
        pytest.skip("the fake LibreOffice is a shell script")

    def install(body: str) -> Path:
        script = tmp_path / "bin" / "soffice"
        script.parent.mkdir(exist_ok=True)
        script.write_text("#!/bin/sh\nPATH=/usr/bin:/bin\n" + body + "\n", encoding="utf-8")
        script.chmod(0o755)
        monkeypatch.setenv("PATH", str(script.parent))
        return script

    return install


def test_a_conversion_that_hangs_is_killed_at_the_time_limit(fake_soffice, tmp_path):
    marker = tmp_path / "child.pid"
    # The launcher starts a child that would outlive it, as soffice.bin does.
    fake_soffice(f"sleep 60 & echo $! > {marker}; wait")
    started = time.monotonic()
    with pytest.raises(InputError, match=r"^LibreOffice 转换超时（超过 1 秒）"):
        convert.to_docx(OLE_MAGIC + bytes(600), ".doc", timeout=1)
    assert time.monotonic() - started < 10
    child = int(marker.read_text())
    time.sleep(0.2)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead but unreaped (its parent, the shell, was killed too).
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def test_a_conversion_that_writes_nothing_fails_in_one_line(fake_soffice):
    fake_soffice("echo 'Error: source file could not be loaded' >&2; exit 0")
    with pytest.raises(InputError, match=r"^LibreOffice 无法转换此文件，可能已损坏或不是 \.wps 文件"):
        convert.to_docx(OLE_MAGIC + bytes(600), ".wps")


def test_the_profile_is_private_and_the_output_is_read(fake_soffice, tmp_path):
    # A stand-in that records its arguments and "converts" by copying a .docx.
    docx = wd.build_gongwen(tmp_path / "n.docx")
    log = tmp_path / "args"
    fake_soffice(
        f'printf "%s\\n" "$@" > {log}\n'
        "for last; do :; done\n"  # the source file, in the private folder
        f'mkdir -p "$(dirname "$last")/out" && cp {docx} "$(dirname "$last")/out/draft.docx"'
    )
    data = convert.to_docx(OLE_MAGIC + bytes(600), ".doc")
    assert read_document(data, "n.doc", "docx").blocks[0].text == wd.TITLE
    args = log.read_text(encoding="utf-8").splitlines()
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
    assert "govlint-doc-" in profile and "--headless" in args and args[-1].endswith("draft.doc")
    assert not Path(profile.removeprefix("-env:UserInstallation=file://")).exists()  # removed after use


def test_inputs_that_need_no_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice: none of these may call it
    docx = wd.build_gongwen(tmp_path / "renamed.docx").read_bytes()
    assert convert.to_docx(docx, ".doc") is docx  # a .docx renamed .doc is read as it is
    encrypted = OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(InputError, match="设有打开密码"):
        convert.to_docx(encrypted, ".doc")
    with pytest.raises(InputError, match="文件是空的"):
        convert.to_docx(b"", ".wps")
    with pytest.raises(InputError, match=r"^需要安装 LibreOffice"):
        convert.to_docx(OLE_MAGIC + bytes(600), ".doc")
