"""Modules loaded when first used rather than when imported.

The standard library's ``importlib.util.LazyLoader`` cannot do this for a
module another package imports by name: in Python 3.11 the ``import``
statement itself reads the lazy module's ``__spec__`` and so loads it. The
stand-in here has the attributes an import reads (its name and spec), and
loads the module at the first other attribute asked.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

_LOADING = threading.Lock()


class _Deferred(types.ModuleType):
    """What ``import name`` gives until one of the module's own attributes
    is asked: then the module is loaded, takes the stand-in's place in
    ``sys.modules``, and lends the stand-in its attributes."""

    def __getattr__(self, attr: str) -> object:  # only for attributes the stand-in lacks
        with _LOADING:
            name = self.__name__
            if sys.modules.get(name) is self:
                del sys.modules[name]
            module = importlib.import_module(name)
            self.__dict__.update(module.__dict__)
        return getattr(module, attr)


def defer_import(name: str) -> None:
    """Have ``import name`` give a stand-in that loads the module at its
    first use. Nothing is done for a module already imported or missing (its
    importer then meets the ImportError it would have met)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    stand_in = _Deferred(name)
    stand_in.__spec__ = spec  # what find_spec answers for a module in sys.modules
    sys.modules[name] = stand_in
