"""Checks: one module (or package, with its helpers) per check id, and the
registry's questions (``all_rules``, ``resolve``, ``is_known``,
``active_rules``).

The registry's first question imports every check in this package, and each
registers its rules with :func:`govlint.rules.rule`; a module whose name is not a check id
is an error, so a typo in a file name cannot silently drop a check. Modules
whose names start with ``_`` are helpers several checks share.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import TYPE_CHECKING

from govlint.rules import CHECK_IDS, Rule, canonical_id, registered

if TYPE_CHECKING:
    from govlint.config import Config


@functools.cache
def _load_checks() -> None:
    """Import every check, which registers its rules. Done on the registry's
    first question, not on import: a run that lints nothing (an audit whose
    posts are all cached) never pays for loading the checks."""
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        if module.startswith("_"):
            continue  # shared helpers for several checks
        if module not in CHECK_IDS:
            raise ImportError(f"govlint/checks/{module} is not a check id ({', '.join(CHECK_IDS)})")
        importlib.import_module(f"{__name__}.{module}")


def all_rules() -> tuple[Rule, ...]:
    """Every rule, in check order (``CHECK_IDS``) then by id."""
    _load_checks()
    return registered()


def resolve(selector: str) -> tuple[Rule, ...]:
    """Rules named by a check id, a rule id, a rule name or an alias.

    Raises KeyError for a selector that names nothing.
    """
    rule_id = canonical_id(selector)
    rules = all_rules()
    exact = tuple(r for r in rules if r.id == rule_id)
    if exact:
        return exact
    if selector in CHECK_IDS:
        return tuple(r for r in rules if r.check == selector)
    by_name = tuple(r for r in rules if r.name == selector)
    if by_name:
        return by_name
    raise KeyError(selector)


def is_known(selector: str) -> bool:
    try:
        resolve(selector)
    except KeyError:
        return False
    return True


def active_rules(config: Config) -> tuple[Rule, ...]:
    """The rules a configuration runs: its ``select`` (all when empty) less its ``ignore``."""
    selected = {r.id for s in config.select for r in resolve(s)} if config.select else None
    ignored = {r.id for s in config.ignore for r in resolve(s)}
    return tuple(
        r for r in all_rules() if (selected is None or r.id in selected) and r.id not in ignored
    )
