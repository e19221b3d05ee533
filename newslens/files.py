"""Files: the resources the package ships (word lists, models), and writing results safely."""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path

__all__ = ["atomic_write", "lexicon", "read_lexicon", "read_lexicon_json"]


def lexicon(name: str):
    """The shipped resource ``newslens/lexicons/<name>`` (a ``Traversable``; it may not exist)."""
    return resources.files("newslens.lexicons").joinpath(name)


def read_lexicon(name: str) -> str:
    """The text of ``newslens/lexicons/<name>`` (``FileNotFoundError`` when it is not shipped)."""
    return lexicon(name).read_text(encoding="utf-8")


def read_lexicon_json(name: str):
    """``newslens/lexicons/<name>`` parsed as JSON."""
    return json.loads(read_lexicon(name))


def atomic_write(path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a hidden file beside ``path``, then move it into place.

    A crash or error while writing leaves the old ``path`` (or none) and no temporary file,
    never half a file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
