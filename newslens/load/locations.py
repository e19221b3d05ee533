"""Where files are: local paths, fsspec URLs (``s3://bucket/corpus/``) or files inside a zip
archive, behind one small API.

A location is a :class:`pathlib.Path` (local), a URL string that fsspec opens (``s3://``,
``gs://``, ``abfs://``, ``memory://`` …; the store's package, e.g. ``s3fs``, must be installed),
or a :class:`Member` of a zip archive at either (a news database's download of many files, a
zipped corpus), any of which may be :class:`Gzipped` (``corpus.jsonl.gz``: read through gzip,
its type the one before ``.gz``); a file read from a tar archive as it streams is a :class:`Blob`
(its bytes in memory).  Local paths are made absolute before they are sent to other
machines (:func:`absolute`); URLs pass through untouched.  Web pages (``http://``,
``https://``) are not fetched.
"""
from __future__ import annotations

import glob as _glob
import gzip
import io
import os
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import MissingDependencyError, SourceError, missing_dependency

__all__ = ["Member", "Gzipped", "Blob", "gzipped", "hidden", "zip_members", "is_url", "absolute", "open_binary",
           "read_bytes", "size", "suffix", "name", "is_file", "is_dir", "join", "parent", "relative", "walk", "glob",
           "has_glob", "stat_identity"]

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+://")
_WEB = re.compile(r"^https?://", re.I)
_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Member:
    """A file inside a zip archive, or a folder of it (``name`` "" its top): ``archive`` is where the
    archive is (a path or URL), ``name`` the member's path in it."""

    archive: object
    name: str

    def __str__(self) -> str:
        return f"{self.archive}/{self.name}" if self.name else str(self.archive)


@dataclass(frozen=True)
class Gzipped:
    """A gzip-compressed file (``corpus.jsonl.gz``), read through gzip; its type is the one before ``.gz``."""

    inner: object

    def __str__(self) -> str:
        return str(self.inner)


@dataclass(frozen=True)
class Blob:
    """A file already read into memory (a member of a tar archive, read as the archive streams):
    ``label`` its archive's path and its own, ``data`` its bytes."""

    label: str
    data: bytes

    def __str__(self) -> str:
        return self.label


def gzipped(path):
    """``path`` as a :class:`Gzipped` location when its name ends in ``.gz``, else unchanged."""
    return Gzipped(path) if not isinstance(path, Gzipped) and suffix(path) == ".gz" else path


class _Gunzip(gzip.GzipFile):
    """A gzip stream over another file, which it closes too; a broken stream is a SourceError naming the file."""

    def __init__(self, loc: Gzipped):
        self._where, self._raw = loc, open_binary(loc.inner)
        super().__init__(fileobj=self._raw, mode="rb")

    def _guarded(self, method, *args):
        try:
            return method(*args)
        except (OSError, EOFError, zlib.error) as e:
            raise SourceError(f"Cannot read {str(self._where)!r}: it is not a readable gzip file ({e}). Download it "
                              "again, or unpack it (gunzip) and load the result.") from None

    def read(self, size=-1):
        return self._guarded(super().read, size)

    def read1(self, size=-1):
        return self._guarded(super().read1, size)

    def readline(self, size=-1):
        return self._guarded(super().readline, size)

    def peek(self, n=0):
        return self._guarded(super().peek, n)

    def close(self):
        try:
            super().close()
        finally:
            self._raw.close()


BROKEN_ZIP = (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, NotImplementedError, zlib.error)
"""What reading a damaged zip can raise: a bad header or checksum, a missing part, a name that is not
UTF-8 (a ``ValueError``), a compression method Python lacks, a cut or corrupt deflate stream."""


class _MemberFile(io.RawIOBase):
    """A member of a zip archive as a file whose damage (a bad header or checksum, a corrupt stream)
    is a SourceError naming the member and saying what to do, not zipfile's or zlib's own error."""

    def __init__(self, m: Member):
        self._where = m
        self._f = self._guarded(lambda: _archive(m).open(m.name))

    def _guarded(self, method, *args):
        try:
            return method(*args)
        except SourceError:
            raise
        except BROKEN_ZIP as e:
            raise SourceError(f"Cannot read {str(self._where)!r}: the zip archive is damaged here ({e or type(e).__name__}). "
                              "Download it again, or unpack what can be unpacked and load the folder.") from None
        except RuntimeError as e:  # zipfile's word for a member locked with a password
            if "encrypted" not in str(e):
                raise
            raise SourceError(f"Cannot read {str(self._where)!r}: it is locked with a password in the zip archive. "
                              "Unpack the archive with its password and load the folder.") from None

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self._guarded(self._f.read, len(b))
        b[:len(data)] = data
        return len(data)

    def seekable(self) -> bool:
        return self._f.seekable()

    def seek(self, pos, whence=io.SEEK_SET):
        return self._guarded(self._f.seek, pos, whence)

    def tell(self) -> int:
        return self._f.tell()

    def close(self):
        try:
            if getattr(self, "_f", None) is not None:
                self._f.close()
        finally:
            super().close()


@lru_cache(maxsize=4)
def _zip(archive, identity: tuple) -> zipfile.ZipFile:
    """The open archive (its directory read once; ``identity`` renews it when the file changes)."""
    return zipfile.ZipFile(open_binary(archive) if isinstance(archive, str) else archive)


def _archive(m: Member) -> zipfile.ZipFile:
    try:
        return _zip(m.archive, tuple(sorted(stat_identity(m.archive).items())))
    except BROKEN_ZIP as e:
        raise SourceError(f"Cannot read {str(m.archive)!r}: it is not a readable zip archive ({e}). Download it again, "
                          "or unpack it and load the folder.") from None


def hidden(rel: str) -> bool:
    """Whether the file at the relative path ``rel`` (forward slashes) is hidden, or in a hidden
    folder (``.DS_Store``, ``._story.txt``, ``.git/…``): never read as an article."""
    return any(part.startswith(".") for part in rel.split("/"))


def zip_members(archive) -> list[zipfile.ZipInfo]:
    """The files of a zip archive (its folders and macOS's ``__MACOSX`` copies left out)."""
    return [i for i in _archive(Member(archive, "")).infolist() if not i.is_dir() and "__MACOSX" not in i.filename.split("/")]


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
    if isinstance(loc, Member):
        return Member(absolute(loc.archive), loc.name)
    if isinstance(loc, Gzipped):
        return Gzipped(absolute(loc.inner))
    return loc if isinstance(loc, str) else Path(os.path.abspath(Path(loc).expanduser()))


def open_binary(loc):
    """Open a location for reading bytes (a context manager)."""
    if isinstance(loc, Member):
        return io.BufferedReader(_MemberFile(loc))
    if isinstance(loc, Gzipped):
        return _Gunzip(loc)
    if isinstance(loc, Blob):
        return io.BytesIO(loc.data)
    if isinstance(loc, str):
        fs, path = _fs(loc)
        return fs.open(path, "rb")
    return open(loc, "rb")


def read_bytes(loc) -> bytes:
    with open_binary(loc) as f:
        return f.read()


def size(loc) -> int:
    """Bytes stored (a gzip-compressed file's compressed size: 0 only when it is empty)."""
    if isinstance(loc, Gzipped):
        return size(loc.inner)
    if isinstance(loc, Blob):
        return len(loc.data)
    if isinstance(loc, Member):
        return _archive(loc).getinfo(loc.name).file_size
    if isinstance(loc, str):
        fs, path = _fs(loc)
        return int(fs.size(path))
    return Path(loc).stat().st_size


def stat_identity(loc) -> dict:
    """What identifies a file's version without reading it: size and mtime, or the store's checksum
    (a zip member: its archive's, its name and its CRC)."""
    if isinstance(loc, Gzipped):
        return stat_identity(loc.inner)
    if isinstance(loc, Member):
        info = _archive(loc).getinfo(loc.name)
        return {**stat_identity(loc.archive), "member": loc.name, "crc": info.CRC, "size": info.file_size}
    if isinstance(loc, str):
        fs, path = _fs(loc)
        return {"size": int(fs.size(path)), "checksum": str(fs.checksum(path))}
    st = Path(loc).stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def suffix(loc) -> str:
    if isinstance(loc, Gzipped):  # the type inside: ".jsonl" for corpus.jsonl.gz
        inner = name(loc.inner)
        return posixpath.splitext(inner[:-3] if inner.lower().endswith(".gz") else inner)[1].lower()
    if isinstance(loc, (Member, Blob)):
        base = posixpath.basename(loc.name if isinstance(loc, Member) else loc.label)
    else:
        base = posixpath.basename(loc.split("?")[0]) if isinstance(loc, str) else Path(loc).name
    return posixpath.splitext(base)[1].lower()


def name(loc) -> str:
    if isinstance(loc, Gzipped):
        return name(loc.inner)
    if isinstance(loc, Blob):
        return posixpath.basename(loc.label)
    if isinstance(loc, Member):
        return posixpath.basename(loc.name) if loc.name else name(loc.archive)
    return posixpath.basename(loc.rstrip("/")) if isinstance(loc, str) else Path(loc).name


def is_file(loc) -> bool:
    if isinstance(loc, Gzipped):
        return is_file(loc.inner)
    if isinstance(loc, Member):
        return loc.name in _archive(loc).NameToInfo and not loc.name.endswith("/")
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
    if isinstance(folder, Member):
        return Member(folder.archive, posixpath.join(folder.name, name))
    return f"{folder.rstrip('/')}/{name}" if isinstance(folder, str) else Path(folder) / name


def parent(loc):
    """The folder a location is in; the top of a zip archive is its own parent."""
    if isinstance(loc, Gzipped):
        return parent(loc.inner)
    if isinstance(loc, Member):
        return Member(loc.archive, posixpath.dirname(loc.name))
    if isinstance(loc, str):
        scheme, _, rest = loc.partition("://")
        return f"{scheme}://{posixpath.dirname(rest.rstrip('/'))}"
    return Path(loc).parent


def relative(loc, root) -> str:
    """``loc`` relative to the folder ``root``, with forward slashes."""
    if isinstance(loc, Gzipped):
        return relative(loc.inner, root)
    if isinstance(loc, Member):
        return loc.name[len(root.name) + 1:] if root.name else loc.name
    if isinstance(loc, str):
        return loc[len(root.rstrip("/")) + 1:]
    return Path(loc).relative_to(root).as_posix()


def walk(folder) -> list:
    """Every file under ``folder`` (or in a zip archive, ``Member(archive, "")``), sorted by relative
    path; hidden files and folders skipped (and macOS's ``__MACOSX`` copies in an archive)."""
    if isinstance(folder, Member):
        top = folder.name + "/" if folder.name else ""
        files = [Member(folder.archive, i.filename) for i in zip_members(folder.archive) if i.filename.startswith(top)]
    elif isinstance(folder, str):
        fs, path = _fs(folder)
        root = folder.rstrip("/")
        base = path.rstrip("/")
        files = [f"{root}/{p[len(base) + 1:]}" for p in fs.find(path)]
    else:
        files = [p for p in folder.rglob("*") if p.is_file()]
    files = [p for p in files if not hidden(relative(p, folder))]
    return sorted(files, key=lambda p: relative(p, folder))


def glob(pattern: str) -> list:
    """Everything matching a glob pattern (``**`` recursive), sorted; folders included."""
    if is_url(pattern):
        fs, path = _fs(pattern)
        return sorted(fs.unstrip_protocol(p) for p in fs.glob(path))
    return [Path(m) for m in sorted(_glob.glob(os.path.expanduser(pattern), recursive=True))]
