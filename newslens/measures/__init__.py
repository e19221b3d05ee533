"""The measures: one module each, all of the same shape, and the registry that lists them.

>>> import newslens as nl
>>> "sentiment" in nl.measures.available()
True
"""
from __future__ import annotations

from ..registry import Registry

__all__ = ["registry", "register", "get", "available"]

registry = Registry("measure")


def register(name: str):
    """Register a measure function ``(data, **options) -> DataFrame`` under ``name``."""
    return registry.register(name)


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
