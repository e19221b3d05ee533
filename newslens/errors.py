"""Errors raised by newslens, and the one place their wording lives.

Every message says what was wrong, what was given and how to recover, in the style of
scikit-learn and spaCy: a bad choice lists the valid ones.
"""
from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "NewsLensError",
    "SourceError",
    "ColumnError",
    "OptionError",
    "MissingDependencyError",
    "NewsLensWarning",
    "invalid_choice",
    "missing_columns",
    "missing_dependency",
]


class NewsLensError(Exception):
    """Base class of every error newslens raises on purpose."""


class SourceError(NewsLensError, OSError):
    """A source (file, folder, glob, object) that cannot be read at all."""


class ColumnError(NewsLensError, ValueError):
    """A table lacks a column newslens needs, or a column has the wrong type."""


class OptionError(NewsLensError, ValueError):
    """A parameter got a value outside its allowed set."""


class MissingDependencyError(NewsLensError, ImportError):
    """An optional package is needed for this feature."""


class NewsLensWarning(UserWarning):
    """Something was skipped or repaired; the details are in the result (e.g. ``attrs['errors']``)."""


def _fmt(values: Iterable) -> str:
    return ", ".join(repr(v) for v in values)


def invalid_choice(param: str, got, valid: Iterable, *, fix: str | None = None) -> OptionError:
    """Build the standard error for a parameter outside its allowed values.

    >>> str(invalid_choice("level", "para", ["sentence", "paragraph", "article"]))
    "`level` must be one of 'sentence', 'paragraph', 'article'; got 'para'."
    """
    msg = f"`{param}` must be one of {_fmt(valid)}; got {got!r}."
    if fix:
        msg += f" {fix}"
    return OptionError(msg)


def missing_columns(table: str, missing: Iterable[str], have: Iterable[str], *, fix: str) -> ColumnError:
    """Build the standard error for a table without the columns a step needs."""
    return ColumnError(
        f"The {table} table has no column {_fmt(missing)} (it has {_fmt(have)}). {fix}"
    )


def missing_dependency(package: str, feature: str, extra: str | None = None) -> MissingDependencyError:
    """Build the standard error for an optional package that is not installed."""
    how = f"pip install 'newslens[{extra}]'" if extra else f"pip install {package}"
    return MissingDependencyError(f"{feature} needs the package {package!r}, which is not installed. Install it with: {how}")
