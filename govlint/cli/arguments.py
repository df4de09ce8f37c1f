"""Argument types the commands share."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum`` (0 or 1)."""
    noun = "正整数" if minimum >= 1 else "非负整数"

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"应为{noun}：{value}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"应为{noun}：{value}")
        return number

    return parse
