"""Argument types the commands share."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from govlint.escape import printable


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


REVIEW_SUFFIX = "-审校"  # 稿件.docx -> 稿件-审校.docx


def add_review_option(parser: argparse.ArgumentParser) -> None:
    """``--review``: the reviewed copy of a .docx (govlint.formats.review)."""
    parser.add_argument(
        "--review",
        action="store_true",
        help=f"生成 Word 审校稿：每个问题作为批注、可自动修改的建议作为修订（可在 Word、WPS 中接受或拒绝），"
        f"写入 .docx 的副本，不改原稿。副本默认写在原稿旁，名为“原名{REVIEW_SUFFIX}.docx”，可给多个 .docx 文件；"
        "只给一个文件时可用 -o 指定副本路径（报告照常输出到终端）",
    )


def review_problem(paths: list[str], output: str | None, fix: bool, diff: bool) -> str | None:
    """What is wrong with a ``--review`` run's arguments, before any file is read."""
    if fix or diff:
        return "--review 不能与 --fix 或 --diff 同用：审校稿把修改标为修订，不改原稿"
    if "-" in paths:
        return "--review 须给出 .docx 文件，不能从标准输入读取"
    other = next((p for p in paths if not p.lower().endswith(".docx")), None)
    if other is not None:
        return f"--review 只用于 Word 文稿（.docx），“{printable(other)}”不是 .docx 文件"
    if output and len(paths) > 1:
        return "--review 与 -o 同用时只能给一个 .docx 文件；给多个文件时不加 -o，审校稿各写在原稿旁"
    return None
