"""newslens — measure news text with evidence you can check.

>>> import newslens as nl
>>> arts = nl.load_example()
>>> sorted(arts.columns[:7])
['article_id', 'author', 'outlet', 'published', 'text', 'title', 'url']

Every public name is imported on first use, so ``import newslens`` stays fast and has no
side effects (no downloads, no printing, no plotting back-end chosen).
"""
from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "load": "load",
    "load_example": "load",
    "paragraphs": "segment",
    "sentences": "segment",
    "as_table": "schema",
    "sentiment": "measures.sentiment",
    "stance": "measures.stance",
    "frames": "measures.frames",
    "quotes": "measures.quotes",
    "sources": "measures.quotes",
    "sourcing": "measures.sourcing",
    "consistency": "measures.sourcing",
    "summarize": "summarize",
    "duplicates": "summarize",
    "stories": "stories",
    "compare": "stories",
    "keyness": "words",
    "kwic": "words",
    "kwic_view": "words",
    "analyze": "scale",
    "read_results": "scale",
    "card": "validate",
    "sample": "validate",
    "agreement": "validate",
    "highlight": "highlight",
    "link_names": "entities",
    "explore": "widgets",
    "code": "widgets",
    "NewsLensError": "errors",
    "SourceError": "errors",
    "ColumnError": "errors",
    "OptionError": "errors",
}
_MODULES = {"measures", "plot", "lexicons", "errors", "schema"}

__all__ = sorted([*_EXPORTS, *_MODULES, "__version__"])

# These modules share their name with their main function.  Importing such a module binds the
# module as an attribute of the package, so the functions are bound here, once, up front.
from .highlight import highlight as highlight  # noqa: E402
from .load import load as load, load_example as load_example  # noqa: E402
from .summarize import duplicates as duplicates, summarize as summarize  # noqa: E402
from .stories import compare as compare, stories as stories  # noqa: E402


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _MODULES:
        mod = import_module(f".{name}", __name__)
        globals()[name] = mod
        return mod
    raise AttributeError(f"module 'newslens' has no attribute {name!r}")


def __dir__():
    return __all__
