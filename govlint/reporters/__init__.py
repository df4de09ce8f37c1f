"""Reporters render results; they know nothing of rules. Chosen by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from govlint.findings import FileResult

Reporter = Callable[[Sequence[FileResult], TextIO], None]

_REPORTERS: dict[str, Callable[[], Reporter]] = {}


def register(name: str) -> Callable[[Callable[[], Reporter]], Callable[[], Reporter]]:
    def add(factory: Callable[[], Reporter]) -> Callable[[], Reporter]:
        if name in _REPORTERS:
            raise ValueError(f"duplicate reporter {name!r}")
        _REPORTERS[name] = factory
        return factory

    return add


def names() -> tuple[str, ...]:
    _load()
    return tuple(_REPORTERS)


def get(name: str) -> Reporter:
    _load()
    return _REPORTERS[name]()


def _load() -> None:
    from govlint.reporters import github, html, json_reporter, markdown, sarif, terminal  # noqa: F401
