"""Small named registries (in the spirit of catalogue): measures, methods, frame schemes.

A bad name fails with the list of valid ones.
"""
from __future__ import annotations

from collections.abc import Callable

from .errors import invalid_choice

__all__ = ["Registry"]


class Registry:
    """A name → object table that lists its names in errors.

    >>> methods = Registry("method")
    >>> @methods.register("upper")
    ... def _upper(s): return s.upper()
    >>> methods.get("upper")("a")
    'A'
    >>> methods.get("lower")
    Traceback (most recent call last):
    ...
    newslens.errors.OptionError: `method` must be one of 'upper'; got 'lower'.
    """

    def __init__(self, param: str):
        self.param = param
        self._items: dict[str, object] = {}

    def register(self, name: str, obj: object | None = None) -> Callable:
        """Register ``obj`` under ``name``; use as a decorator when ``obj`` is omitted."""
        if obj is not None:
            self._items[name] = obj
            return obj

        def deco(o):
            self._items[name] = o
            return o

        return deco

    def get(self, name: str):
        """Return the object registered as ``name`` or raise an error listing the valid names."""
        try:
            return self._items[name]
        except (KeyError, TypeError):
            raise invalid_choice(self.param, name, sorted(self._items)) from None

    def names(self) -> list[str]:
        """Sorted registered names."""
        return sorted(self._items)

    def __contains__(self, name) -> bool:
        return name in self._items

    def __repr__(self) -> str:
        return f"Registry({self.param!r}: {', '.join(self.names())})"
