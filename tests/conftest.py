"""Shared test helpers. Keep each helper small and say what it is for."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

#: The root of the govlint checkout these tests belong to.
REPO = Path(__file__).resolve().parents[1]


def _require_tool(name: str) -> str:
    """The path of the system tool ``name`` (git, pre-commit, ...).

    A missing tool skips the test on a developer's machine; with
    ``GOVLINT_REQUIRE_TOOLS=1`` (set by CI) it fails the test instead, so that CI
    never passes by skipping.
    """
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("GOVLINT_REQUIRE_TOOLS") == "1":
        pytest.fail(f"this test needs `{name}`, which is not on PATH (GOVLINT_REQUIRE_TOOLS=1)", pytrace=False)
    pytest.skip(f"this test needs `{name}`, which is not on PATH")


@pytest.fixture(scope="session")
def require_tool() -> Callable[[str], str]:
    """``require_tool("git")`` returns the tool's path, or skips (fails in CI) when it is missing."""
    return _require_tool


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The root of the govlint checkout (same as ``REPO``), for tests that prefer a fixture."""
    return REPO


@pytest.fixture(autouse=True)
def _no_results_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain runs keep a cache of results in the user's folder: a test that
    changes a rule or the engine must see it run, so the cache is off unless
    a test turns it on (tests/test_cli_conventions.py)."""
    monkeypatch.setenv("GOVLINT_RESULTS_CACHE", "off")
