"""The measures: one module each, all of the same shape, and the registry that lists them.

>>> import newslens as nl
>>> "sentiment" in nl.measures.available()
True
"""
from __future__ import annotations

import functools

import pandas as pd

from ..registry import Registry
from ..schema import keep_id_dtype

__all__ = ["registry", "register", "get", "available"]

registry = Registry("measure")


def register(name: str):
    """Register a measure function ``(data, **options) -> DataFrame`` under ``name``.

    The registered measure returns ``article_id`` in the dtype the input's ids had (integers
    stay integers, categories stay categories), however the function built its rows.
    """
    def deco(fn):
        @functools.wraps(fn)
        def measure(data, *args, **kwargs):
            out = fn(data, *args, **kwargs)
            if isinstance(data, pd.DataFrame) and isinstance(out, pd.DataFrame) and "article_id" in data.columns:
                keep_id_dtype(out, data["article_id"])
            return out

        return registry.register(name, measure)

    return deco


def get(name: str):
    """Return the measure registered as ``name`` (an unknown name lists the valid ones)."""
    _load_all()
    return registry.get(name)


def available() -> list[str]:
    """Names of the registered measures."""
    _load_all()
    return registry.names()


_MODULES = ("sentiment", "stance", "frames", "quotes", "sourcing")


def _load_all() -> None:
    from importlib import import_module

    for mod in _MODULES:
        try:
            import_module(f"{__name__}.{mod}")
        except ModuleNotFoundError as exc:  # a measure module not written yet
            if exc.name != f"{__name__}.{mod}":
                raise
