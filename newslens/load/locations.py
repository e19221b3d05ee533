"""Where files are: local paths or fsspec URLs (``s3://bucket/corpus/``), behind one small API.

A location is a :class:`pathlib.Path` (local) or a URL string that fsspec opens
(``s3://``, ``gs://``, ``abfs://``, ``memory://`` …; the store's package, e.g. ``s3fs``, must be
installed).  Local paths are made absolute before they are sent to other machines
(:func:`absolute`); URLs pass through untouched.  Web pages (``http://``, ``https://``) are
not fetched.
"""
from __future__ import annotations

import glob as _glob
import os
import posixpath
import re
from pathlib import Path

from ..errors import MissingDependencyError, SourceError, missing_dependency

__all__ = ["is_url", "absolute", "open_binary", "read_bytes", "size", "suffix", "name", "is_file", "is_dir",
           "join", "parent", "relative", "walk", "glob", "has_glob", "stat_identity"]

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+://")
_WEB = re.compile(r"^https?://", re.I)
_GLOB_CHARS = re.compile(r"[*?\[]")


def is_url(text) -> bool:
    """True for ``scheme://…`` strings (fsspec URLs and web addresses alike)."""
    return isinstance(text, str) and bool(_URL.match(text))


def has_glob(text: str) -> bool:
    return bool(_GLOB_CHARS.search(text))


def _fs(url: str):
    """The fsspec filesystem and the path inside it for ``url``."""
    if _WEB.match(url):
        raise SourceError(
            f"Cannot read {url!r}: newslens does not fetch web pages. Save the pages first "
            "(e.g. with trafilatura.fetch_url or your crawler) and load the saved .html files."
        )
    try:
        import fsspec
    except ImportError:
        raise missing_dependency("fsspec", f"Reading {url!r}", extra="scale") from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as e:  # the store's package (s3fs, gcsfs …) is missing
        raise MissingDependencyError(f"Reading {url!r} needs a package that is not installed: {e}. Install it with pip.") from None
    except ValueError as e:  # an unknown protocol
        raise SourceError(f"Cannot read {url!r}: {e}. Pass a local path or a URL fsspec knows (s3://, gs://, …).") from None


def absolute(loc):
    """A local path made absolute (``~`` expanded, symlinks kept); a URL unchanged."""
    return loc if isinstance(loc, str) else Path(os.path.abspath(Path(loc).expanduser()))


def open_binary(loc):
    """Open a location for reading bytes (a context manager)."""
    if isinstance(loc, str):
        fs, path = _fs(loc)
        return fs.open(path, "rb")
    return open(loc, "rb")


def read_bytes(loc) -> bytes:
    with open_binary(loc) as f:
        return f.read()


def size(loc) -> int:
    if isinstance(loc, str):
        fs, path = _fs(loc)
        return int(fs.size(path))
    return Path(loc).stat().st_size


def stat_identity(loc) -> dict:
    """What identifies a file's version without reading it: size and mtime, or the store's checksum."""
    if isinstance(loc, str):
        fs, path = _fs(loc)
        return {"size": int(fs.size(path)), "checksum": str(fs.checksum(path))}
    st = Path(loc).stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def suffix(loc) -> str:
    name = posixpath.basename(loc.split("?")[0]) if isinstance(loc, str) else Path(loc).name
    return posixpath.splitext(name)[1].lower()


def name(loc) -> str:
    return posixpath.basename(loc.rstrip("/")) if isinstance(loc, str) else Path(loc).name


def is_file(loc) -> bool:
    if isinstance(loc, str):
        fs, path = _fs(loc)
        return fs.isfile(path)
    return Path(loc).is_file()


def is_dir(loc) -> bool:
    if isinstance(loc, str):
        fs, path = _fs(loc)
        return fs.isdir(path)
    return Path(loc).is_dir()


def join(folder, name: str):
    return f"{folder.rstrip('/')}/{name}" if isinstance(folder, str) else Path(folder) / name


def parent(loc):
    if isinstance(loc, str):
        scheme, _, rest = loc.partition("://")
        return f"{scheme}://{posixpath.dirname(rest.rstrip('/'))}"
    return Path(loc).parent


def relative(loc, root) -> str:
    """``loc`` relative to the folder ``root``, with forward slashes."""
    if isinstance(loc, str):
        return loc[len(root.rstrip("/")) + 1:]
    return Path(loc).relative_to(root).as_posix()


def walk(folder) -> list:
    """Every file under ``folder``, sorted by relative path; hidden files and folders skipped."""
    if isinstance(folder, str):
        fs, path = _fs(folder)
        root = folder.rstrip("/")
        base = path.rstrip("/")
        files = [f"{root}/{p[len(base) + 1:]}" for p in fs.find(path)]
    else:
        files = [p for p in folder.rglob("*") if p.is_file()]
    files = [p for p in files if not any(part.startswith(".") for part in relative(p, folder).split("/"))]
    return sorted(files, key=lambda p: relative(p, folder))


def glob(pattern: str) -> list:
    """Everything matching a glob pattern (``**`` recursive), sorted; folders included."""
    if is_url(pattern):
        fs, path = _fs(pattern)
        return sorted(fs.unstrip_protocol(p) for p in fs.glob(path))
    return [Path(m) for m in sorted(_glob.glob(os.path.expanduser(pattern), recursive=True))]
