"""On-disk cache of compiled term lists.

Parsing and validating a YAML list of 10,000 terms takes far longer than
reading the compiled result back, so compiled lists are kept as versioned
JSON (never pickle: a cache file is data, not code), keyed by a hash of the
list's bytes, its path and the normaliser version. The cache lives in the
user's cache folder (``GOVLINT_CACHE_DIR`` overrides it; ``off`` disables it);
when it cannot be written, lists are simply compiled every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from govlint.data import cache_folder
from govlint.terms.lists import TermList, read_list_text
from govlint.terms.normalize import NORMALIZER_VERSION

CACHE_FORMAT = 3  # bumped when validation changes (a list valid before may not be now)


def cache_dir() -> Path | None:
    return cache_folder("terms")


def _key(path: Path, text: str) -> str:
    digest = hashlib.sha256(f"{CACHE_FORMAT}:{NORMALIZER_VERSION}:{path}\n".encode())
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def _read_cached(file: Path, key: str) -> TermList | None:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if data.get("format") != CACHE_FORMAT or data.get("key") != key:
            return None
        return TermList.from_json(data["list"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, stale or damaged: compile again


def _write_cached(file: Path, key: str, term_list: TermList) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"format": CACHE_FORMAT, "key": key, "list": term_list.as_json()}, ensure_ascii=False)
        handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(payload)
        os.replace(temporary, file)
    except OSError:
        pass  # a read-only home or full disk only costs speed


def load_list(path: Path) -> TermList:
    """A compiled list, from the cache when its bytes are unchanged.

    Raises :class:`~govlint.terms.lists.TermListError` for a malformed list.
    """
    stat = _stat(path)
    return _load_list(path, stat)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


@lru_cache(maxsize=128)
def _load_list(path: Path, _stat: tuple[int, int] | None) -> TermList:
    text = read_list_text(path)
    folder = cache_dir()
    key = _key(path, text)
    file = folder / f"{key[:32]}.json" if folder else None
    if file is not None:
        cached = _read_cached(file, key)
        if cached is not None:
            return cached
    from govlint.terms.listfile import parse_list  # PyYAML: only for a list not cached

    term_list = parse_list(text, str(path))
    if file is not None:
        _write_cached(file, key, term_list)
    return term_list
