"""The optional deep engine: a local MacBERT-CSC model through pycorrector.

Used only when the user installs the ``deep`` extra (torch, transformers)
and points ``typo_model`` (configuration) or ``GOVLINT_TYPO_MODEL`` at a
model folder. Nothing is ever downloaded: the folder must exist, and the
model is loaded with ``local_files_only``-style paths only.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path


class DeepModelError(Exception):
    """The configured model cannot be used; the message says why."""


@lru_cache(maxsize=2)
def _corrector(path: str):
    folder = Path(path)
    if importlib.util.find_spec("torch") is None:
        raise DeepModelError("使用 typo_model 需要安装 deep 扩展：pip install 'govlint[deep]'")
    if not (folder / "config.json").is_file():
        raise DeepModelError(f"{path}: 不是本地模型目录（缺少 config.json），govlint 不会下载模型")
    try:
        # Imported here only: pycorrector's package root imports torch.
        from pycorrector.macbert.macbert_corrector import MacBertCorrector
    except ImportError as error:
        raise DeepModelError(f"使用 typo_model 需要安装 deep 扩展（pip install 'govlint[deep]'）：{error}") from None
    return MacBertCorrector(str(folder.resolve()))


def corrections(path: str, texts: list[str]) -> list[dict[int, str]]:
    """{index: corrected character} for each text (same-length substitutions only)."""
    corrector = _corrector(path)
    out: list[dict[int, str]] = []
    results = corrector.correct_batch(texts) if texts else []
    for text, result in zip(texts, results, strict=False):
        fixed = result.get("target", text) if isinstance(result, dict) else str(result)
        edits: dict[int, str] = {}
        if len(fixed) == len(text):
            edits = {i: b for i, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b}
        out.append(edits)
    return out
