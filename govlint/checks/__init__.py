"""Checks: one module per check id (``typo.py``, ``font.py``, ...).

Importing this package imports every module in it, and each module registers
its rules with :func:`govlint.rules.rule`; a module whose name is not a check
id is an error, so a typo in a file name cannot silently drop a check.
"""

from __future__ import annotations

import importlib
import pkgutil

from govlint.rules import CHECK_IDS

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module.startswith("_"):
        continue  # shared helpers for several checks
    if _module not in CHECK_IDS:
        raise ImportError(f"govlint/checks/{_module}.py is not a check id ({', '.join(CHECK_IDS)})")
    importlib.import_module(f"{__name__}.{_module}")
