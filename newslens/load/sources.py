"""What a source is made of: its parts (files, or one in-memory table), before any record is read.

* A path to a file, a folder (read recursively in sorted order, hidden files skipped, files of
  other types ignored and noted), a zip archive (read as the folder it packs; an archive in a
  folder too), a glob pattern, or an fsspec URL to any of these; a file ending in ``.gz`` is read
  through gzip as the type before it (``corpus.jsonl.gz``).
* A ``metadata.csv`` with a ``file`` column in a folder describes the files under it; it is
  not loaded as articles (see :class:`Metadata`).
* A list of paths: ``Path`` objects, or strings when the list reads as paths (see
  :func:`list_kind`).  Otherwise a list of strings is a list of article texts, and a list of
  dicts a list of records.
* A DataFrame (or a Series of texts).
"""
from __future__ import annotations

import functools
import os
import posixpath
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import SourceError
from . import locations as loc
from .archives import MAX_UNPACKED
from .clean import clean_text, split_title
from .encoding import sniff
from .readers import READERS, SINGLE_ARTICLE, Batch, Ctx, TarSpan, error, frame_batches, unreadable

__all__ = ["Part", "Metadata", "parts_of", "file_part", "frame_part", "list_part", "list_kind", "tar_spans"]


class Metadata:
    """metadata.csv files of the folders being read, parsed once each."""

    def __init__(self):
        self._cache: dict = {}
        self.notes: list[str] = []

    def table(self, folder):
        if folder not in self._cache:
            self._cache[folder] = self._read(loc.join(folder, "metadata.csv"))
        return self._cache[folder]

    @staticmethod
    def is_metadata(path) -> bool:
        if loc.name(path) != "metadata.csv":
            return False
        try:
            with loc.open_binary(path) as f:
                return "file" in pd.read_csv(f, nrows=0).columns
        except (ValueError, OSError, pd.errors.ParserError, UnicodeError):
            return False

    def _read(self, path):
        if not loc.is_file(path) or not self.is_metadata(path):
            return None
        encoding = sniff(path).name
        with loc.open_binary(path) as f:
            df = pd.read_csv(f, dtype=str, keep_default_na=False, encoding=encoding)
        table = {}
        for rec in df.to_dict("records"):
            key = posixpath.normpath(str(rec.pop("file")).strip().replace("\\", "/"))
            table[key] = {k.strip(): v.strip() for k, v in rec.items() if isinstance(v, str) and v.strip()}
        return table

    def lookup(self, path, root):
        """The metadata of file ``path``, from the nearest metadata.csv between it and ``root``."""
        folder = loc.parent(path)
        while True:
            table = self.table(folder)
            if table:
                key = loc.relative(path, folder)
                if key in table:
                    return table[key]
            up = loc.parent(folder)
            if folder == root or up == folder or not _inside(folder, root):
                return None
            folder = up

    def listed_but_missing(self, files: list) -> list[str]:
        """Entries of the metadata files read so far that name none of ``files``."""
        present = {_key(p) for p in files}
        return [f"{loc.join(folder, 'metadata.csv')}: {k}" for folder, table in self._cache.items()
                for k in (table or {}) if _key(loc.join(folder, k)) not in present]


def _inside(folder, root) -> bool:
    if isinstance(folder, loc.Member):  # a folder of the archive whose top is ``root``
        return folder.name.startswith(root.name + "/") if root.name else bool(folder.name)
    if isinstance(folder, str):
        return folder.startswith(root.rstrip("/") + "/")
    return Path(root) in Path(folder).parents


def _key(path):
    if isinstance(path, loc.Gzipped):
        return _key(path.inner)
    return path if isinstance(path, (str, loc.Member)) else Path(path).resolve()


@dataclass
class Part:
    """One readable piece of a source: a file, or an in-memory table."""

    label: str
    batches: Callable[[Ctx], Iterator[Batch]]
    single: bool = False
    meta: dict | None = None
    file: str | None = None
    path: object = None  # the file's location (Path or URL); None for in-memory parts
    kind: str | None = None  # in-memory parts: "frame", "texts" or "records"


def file_part(path, label: str, meta: dict | None, span=None) -> Part:
    """A file (or one span of it) as a part.  A file that would be read whole (only CSV and JSONL
    are read as a stream) is refused when it unpacks to more than ``MAX_UNPACKED`` bytes: in a
    zip archive by the size it declares, before it is unpacked; gzip-compressed, by counting what
    it unpacks to, a megabyte at a time, before it is read (a zip or gzip bomb)."""
    reader = _unopened_archive if _is_zip(path) else READERS.get(loc.suffix(path))
    single = loc.suffix(path) in SINGLE_ARTICLE
    if loc.suffix(path) not in _STREAMED:
        if isinstance(path, loc.Member) and loc.size(path) > MAX_UNPACKED:
            reader = _unpacks_too_far
        elif isinstance(path, loc.Gzipped):
            reader = functools.partial(_within_cap, reader)
    return Part(label, lambda ctx: reader(path, ctx, span), single=single, meta=meta, file=label, path=path)


_STREAMED = (".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".mbox", ".tar")  # read in pieces, never whole


def _unopened_archive(path, ctx: Ctx, span=None) -> Iterator[Batch]:
    """A zip archive among other files that could not be opened: reading it says why (the other
    files are read)."""
    loc.zip_members(path)  # raises SourceError naming the archive and what to do
    return iter(())


def _unpacks_too_far(path, ctx: Ctx, span=None) -> Iterator[Batch]:
    """A file in a zip archive, read whole, that declares more than ``MAX_UNPACKED`` bytes: refused
    before it is unpacked (a zip bomb)."""
    raise unreadable(path, f"it unpacks to {loc.size(path):,} bytes (at most {MAX_UNPACKED:,} are read from an archive: a "
                     "zip bomb is refused)", "Unpack the archive and load the folder, or split the file.")


def _within_cap(read, path, ctx: Ctx, span=None) -> Iterator[Batch]:
    """``read(path, ctx, span)`` for a gzip-compressed file read whole, once it is known to unpack to
    at most ``MAX_UNPACKED`` bytes (counted a megabyte at a time, never held)."""
    unpacked = 0
    with loc.open_binary(path) as f:
        while unpacked <= MAX_UNPACKED and (block := f.read(1 << 20)):
            unpacked += len(block)
    if unpacked > MAX_UNPACKED:
        raise unreadable(path, f"it unpacks to more than {MAX_UNPACKED:,} bytes (a gzip bomb is refused)",
                         "Unpack it (gunzip) and split it, or save it as JSONL or CSV, which are read as a stream.")
    yield from read(path, ctx, span)


def _tar_entries(tar, within: str):
    """The members of a streaming tar archive as ``(kind, member, label, probe)``: kind ``"file"``
    (read by its type's reader), ``"metadata"`` (a ``metadata.csv``) or ``"ignored"`` (another
    type, or an archive inside it), ``probe`` an empty stand-in of the file for its type;
    folders, hidden files, ``__MACOSX`` and ``._`` copies are left out."""
    for m in tar:
        name = m.name.removeprefix("./").lstrip("/")
        if not m.isfile() or loc.hidden(name) or "__MACOSX" in name.split("/"):
            continue
        probe = loc.gzipped(loc.Blob(name, b""))
        if loc.name(probe) == "metadata.csv":
            kind = "metadata"
        elif not _supported(probe) or loc.suffix(probe) in (".tar", ".tgz"):
            kind = "ignored"
        else:
            kind = "file"
        yield kind, m, within + name, probe


def _tar_notes(label: str, ignored: Counter, described: bool) -> list[str]:
    notes = [_ignored_note(label, ignored)] if ignored else []
    if described:
        notes.append(f"{label}: its metadata.csv was not applied (a tar archive is read as it streams); unpack the "
                     "archive and load the folder to use it")
    return notes


def tar_spans(path, label: str, chunksize: int) -> tuple[list, list[str]]:
    """How :func:`newslens.load.partitions` cuts a tar archive: runs of ``chunksize`` of the files
    it reads (:class:`~newslens.load.readers.TarSpan`), and the archive's notes, from one pass over
    its headers.  ``[None]`` (read it whole) when it holds no more than ``chunksize`` files or
    cannot be read (reading it then says why).  Runs stop at a file too large to read: reading
    stops there, as it does when the archive is read whole."""
    import tarfile

    ignored: Counter = Counter()
    n, described = 0, False
    within = "" if label == str(path) else f"{label}/"
    try:
        with loc.open_binary(path) as raw, tarfile.open(fileobj=raw, mode="r|*") as tar:
            for kind, m, _, probe in _tar_entries(tar, within):
                if kind == "file":
                    n += 1
                    if m.size > MAX_UNPACKED:
                        break
                elif kind == "metadata":
                    described = True
                else:
                    ignored[_shown_suffix(probe)] += 1
    except (tarfile.TarError, EOFError, OSError, SourceError):
        return [None], []
    if n <= chunksize:
        return [None], []
    return [TarSpan(i, min(i + chunksize, n)) for i in range(0, n, chunksize)], _tar_notes(label, ignored, described)


def _tar_batches(path, ctx: Ctx, span=None) -> Iterator[Batch]:
    """A tar archive (``.tar``, ``.tgz``, ``.tar.gz``: the New York Times Annotated Corpus ships a
    month in each) read as it streams — a compressed tar cannot be read member by member out of
    order — each file by its type's reader, in memory (:class:`~newslens.load.locations.Blob`),
    labelled by its path in the archive; hidden files, ``__MACOSX`` and ``._`` copies, archives
    inside it and other types are left out and noted, as is a ``metadata.csv`` (not applied: it may
    come after the files it describes); a file its reader cannot
    read is an error row, and the rest is read; a file larger than ``MAX_UNPACKED`` is an error
    row that ends the reading (skipping it would mean unpacking it).

    With a :class:`~newslens.load.readers.TarSpan` (a partition, :func:`tar_spans`), only its files
    are read: the archive streams from its start (a compressed one is unpacked that far again) and
    stops after them; the archive's notes are the partition plan's."""
    import tarfile

    ignored: Counter = Counter()
    read, described = 0, False
    within = "" if ctx.label == str(path) else f"{ctx.label}/"  # given alone, as a zip archive is: its files' own paths
    try:
        with loc.open_binary(path) as raw, tarfile.open(fileobj=raw, mode="r|*") as tar:
            for kind, m, label, probe in _tar_entries(tar, within):
                if kind == "metadata":  # it may come after the files it describes in the stream
                    described = True
                    continue
                if kind == "ignored":
                    ignored[_shown_suffix(probe)] += 1
                    continue
                read += 1
                if span is not None and read <= span.first:
                    continue
                if span is not None and read > span.stop:
                    break
                if m.size > MAX_UNPACKED:  # stop: skipping it would mean unpacking it all (a tar bomb)
                    yield Batch(records=[], errors=[error(label, "unreadable file", detail=(
                        f"Cannot read {label!r}: it is {m.size:,} bytes (at most {MAX_UNPACKED:,} are read from an "
                        "archive), and the files after it in the archive were not read. Unpack the archive and split "
                        "the file."))])
                    break
                # read by the part a file of that type is (a gzipped one counted before it is read whole)
                part = file_part(loc.gzipped(loc.Blob(label, tar.extractfile(m).read())), label, None)
                try:
                    for b in part.batches(Ctx(label, ctx.overrides, ctx.export, ctx.chunksize, single=part.single,
                                              file=label)):
                        b.files, b.sources = [label] * len(b), [label] * len(b)
                        b.singles = b.singles if b.singles is not None else [part.single] * len(b)
                        yield b
                except SourceError as e:
                    yield Batch(records=[], errors=[error(label, "unreadable file", detail=str(e))])
    except (tarfile.TarError, EOFError, OSError) as e:
        raise unreadable(path, f"it is not a readable tar archive ({e})",
                         "Download it again, or unpack it (tar -xf) and load the folder.") from None
    if span is not None:
        return
    notes = _tar_notes(ctx.label, ignored, described)
    if not read:
        raise unreadable(path, "the tar archive holds no file of a supported type" + (f" ({notes[0]})" if notes else ""),
                         f"Supported types: {', '.join(READERS.names())}.")
    if notes:
        yield Batch(records=[], notes=notes)


for _suffix in (".tar", ".tgz"):
    READERS.register(_suffix, _tar_batches)


def frame_part(df: pd.DataFrame, label: str = "<DataFrame>", first_row: int = 0) -> Part:
    """A DataFrame (or a slice of one starting at row ``first_row``) as a part."""
    def batches(ctx: Ctx):
        yield from frame_batches(df, ctx, list(range(first_row, first_row + len(df))))

    return Part(label, batches, kind="frame")


def list_part(items: list, kind: str, first_row: int = 0) -> Part:
    """A list of texts (``kind="texts"``) or of records (``"records"``) as a part."""
    def batches(ctx: Ctx):
        read = _strings_batches if kind == "texts" else _dicts_batches
        yield from read(items, ctx, first_row)

    return Part("<list>", batches, kind=kind)


def _strings_batches(items: list, ctx: Ctx, first_row: int):
    for start in range(0, len(items), ctx.chunksize):
        titles, texts, rows, errors = [], [], [], []
        for i in range(start, min(start + ctx.chunksize, len(items))):
            x = items[i]
            if not isinstance(x, str):
                errors.append(error("<list>", "non-string text", row=first_row + i, detail=f"got {type(x).__name__}"))
                continue
            t = clean_text(x)
            title, body = split_title(t, strict=False) if t else (None, t)
            titles.append(title)
            texts.append(body)
            rows.append(first_row + i)
        yield Batch(records=[{"title": a, "text": b} for a, b in zip(titles, texts)], rows=rows, errors=errors)


def _dicts_batches(items: list, ctx: Ctx, first_row: int):
    for start in range(0, len(items), ctx.chunksize):
        recs, rows, errors = [], [], []
        for i in range(start, min(start + ctx.chunksize, len(items))):
            x = items[i]
            if isinstance(x, Mapping):
                recs.append(x)
                rows.append(first_row + i)
            else:
                errors.append(error("<list>", "not a record", row=first_row + i, detail=f"got {type(x).__name__}; pass dicts (one per article) or strings"))
        yield Batch(records=recs, rows=rows, errors=errors)


# ---------------------------------------------------------------- lists: paths or texts?
def _names_a_location(s: str) -> bool:
    """A one-line string naming an existing file or folder, a matching ``*``/``[]`` glob, or a URL.

    (A ``?`` alone does not make a glob here: headlines end with one.)
    """
    if "\n" in s or not s.strip() or len(s) > 4096:
        return False
    if loc.is_url(s):
        return True
    try:
        return os.path.exists(os.path.expanduser(s)) or (("*" in s or "[" in s) and bool(loc.glob(s)))
    except (OSError, ValueError):
        return False


def list_kind(items: list) -> str:
    """How a list is read: ``"paths"``, ``"texts"`` or ``"records"``.

    A list is read as paths when every item is a ``Path``, or when its items are ``Path``
    objects and one-line strings of which at least one names an existing file or folder, a
    matching glob or a URL (``glob.glob(...)`` output).  Such a list must then hold only paths:
    an item that names nothing raises :class:`~newslens.errors.SourceError` rather than being
    read as an article text.  Any other list with a string is a list of texts; otherwise of records.
    """
    if items and all(isinstance(x, os.PathLike) for x in items):
        return "paths"
    strings = [x for x in items if isinstance(x, str)]
    if strings and all(isinstance(x, (str, os.PathLike)) for x in items) and any(_names_a_location(s) for s in strings):
        bad = [s for s in strings if not _names_a_location(s)]
        if bad:
            named = next(s for s in strings if _names_a_location(s))
            raise SourceError(
                f"The list mixes paths (e.g. {named!r}) with {len(bad)} item(s) that name no file or folder "
                f"(first: {bad[0][:80]!r}). A list is read either as paths or as article texts: fix or drop "
                "those paths, or pass only texts. Pass pathlib.Path objects to say they are files."
            )
        return "paths"
    if any(isinstance(x, str) for x in items):
        return "texts"
    return "records"


# ---------------------------------------------------------------- paths
def parts_of(source) -> tuple[list[Part], list[str], bool]:
    """Split a source into parts; returns (parts, notes, multi_file)."""
    if isinstance(source, pd.DataFrame):
        return [frame_part(source)], [], False
    if isinstance(source, pd.Series):
        source = source.tolist()
    if isinstance(source, Mapping):
        source = [source]
    if isinstance(source, (str, os.PathLike)):
        return _path_parts(source)
    if isinstance(source, (list, tuple)):
        kind = list_kind(list(source))
        if kind != "paths":
            return [list_part(list(source), kind)], [], False
        parts, notes = [], []
        for p in source:
            ps, ns, _ = _path_parts(p)
            parts += ps
            notes += ns
        return parts, notes, True
    raise SourceError(
        f"Cannot load a {type(source).__name__}. Pass a path to a file or folder, a glob pattern, "
        "a list of dicts (one per article), a list of strings, or a pandas DataFrame."
    )


def _supported(path) -> bool:
    return loc.suffix(path) in READERS


_CONVERT = {  # how to get a supported file from a common unsupported one
    ".pages": "Export it from Pages (File > Export To > Word, or Plain Text): one article per file, the first line "
              "its title.",
    ".7z": "Unpack it and load the folder; .zip and .tar archives are read as they are.",
    ".rar": "Unpack it and load the folder; .zip and .tar archives are read as they are.",
}


def _shown_suffix(path) -> str:
    """The ending named when a file is not read: ".doc", ".doc.gz", ".gz" (a gzip file whose name
    says nothing of what it holds) or "(no suffix)"."""
    sfx = loc.suffix(path)
    if isinstance(path, loc.Gzipped):
        return sfx + ".gz"
    return sfx or "(no suffix)"


def _ignored_note(where: str, ignored: Counter) -> str:
    """The note of the files of other types a folder or archive held (``ignored``: by shown ending)."""
    return f"{where}: ignored {sum(ignored.values())} file(s) of unsupported types ({', '.join(sorted(ignored))})"


def _unsupported_type(path) -> SourceError:
    sfx = loc.suffix(path)
    if isinstance(path, loc.Gzipped) and not sfx:
        how = "Name it after the type it holds, e.g. corpus.jsonl.gz, rows.csv.gz or story.txt.gz."
    else:
        how = _CONVERT.get(sfx, "Convert it to one of these, or read it yourself and pass a DataFrame.")
    return unreadable(
        path, f"files ending in {_shown_suffix(path)!r} are not supported (supported: {', '.join(READERS.names())}, "
              "gzip-compressed files of these types, e.g. .jsonl.gz, and .zip archives of them)",
        how,
    )


def _path_parts(source) -> tuple[list[Part], list[str], bool]:
    text = os.fspath(source)
    if not text.strip():
        raise SourceError(
            f"`source` is an empty path ({text!r}). Pass a file, a folder (use '.' for the current folder, "
            f"{os.getcwd()}), a glob pattern such as 'corpus/*.jsonl', a list of texts or records, or a DataFrame."
        )
    path = text if loc.is_url(text) else Path(text).expanduser()
    meta = Metadata()
    if loc.is_file(path) and _is_zip(path):
        return _files_parts(loc.Member(path, ""), text, meta, loc.walk(loc.Member(path, "")))
    if loc.is_file(path):
        path = loc.gzipped(path)
        if not _supported(path):
            raise _unsupported_type(path)
        return [file_part(path, text, meta.lookup(path, loc.parent(path)))], meta.notes, False
    if loc.is_dir(path):
        return _files_parts(path, text, meta, loc.walk(path))
    if loc.has_glob(text):
        matched = [loc.gzipped(p) for p in loc.glob(text)]
        files = [p for p in matched if loc.is_file(p) and (_supported(p) or _is_zip(p)) and not Metadata.is_metadata(p)]
        if not files:
            raise unreadable(
                text, "the pattern matches no readable files" + (f" ({len(matched)} match(es) of unsupported types)" if matched else ""),
                f"Check the pattern from the current folder ({os.getcwd()}); supported types: {', '.join(READERS.names())}, "
                ".zip archives of them.",
            )
        parts, notes = [], []
        for p in files:
            if _is_zip(p):
                ps, ns = _archive_parts(p, text, f"{p}/")
                parts, notes = parts + ps, notes + ns
            else:
                parts.append(file_part(p, str(p), meta.lookup(p, loc.parent(p))))
        return parts, meta.notes + notes, True
    where = "" if loc.is_url(text) else f" (relative paths start at the current folder, {os.getcwd()})"
    raise unreadable(text, "no such file or folder", f"Check the path{where}.")


def _is_zip(path) -> bool:
    return loc.suffix(path) == ".zip" and not isinstance(path, (loc.Member, loc.Gzipped))  # (a zip inside a zip is not opened)


def _archive_parts(archive, text: str, within: str) -> tuple[list[Part], list[str]]:
    """A zip archive's files as parts labelled after ``within``, with their notes; an archive that
    cannot be opened is one part whose reading says why (an error, like any unreadable file)."""
    top = loc.Member(archive, "")
    try:
        parts, notes, _ = _files_parts(top, text, Metadata(), loc.walk(top), within)
    except SourceError:
        return [file_part(archive, within.rstrip("/"), None)], []
    return parts, notes


# the folder a browser's "Save Page As… (Web Page, complete)" writes beside page.html, in the
# languages whose browsers name it differently
_SAVED_FILES = ("_files", "_file", "-Dateien", "_fichiers", "_archivos", "_arquivos", "_bestanden", "_filer", "_tiedostot")


def _saved_page_files(rels: list[str]) -> set[str]:
    """The files (relative paths) inside the folders a browser saved beside a page: ``Story_files/…``
    next to ``Story.html`` (its images, scripts, style sheets and the pages of its frames and ads)."""
    pages = {r.rsplit(".", 1)[0] for r in rels if r.lower().endswith((".html", ".htm"))}
    out = set()
    for r in rels:
        parts = r.split("/")
        for i, folder in enumerate(parts[:-1]):
            if any(folder.endswith(end) and "/".join([*parts[:i], folder[:-len(end)]]) in pages for end in _SAVED_FILES):
                out.add(r)
                break
    return out


def _files_parts(path, text: str, meta: Metadata, found: list, within: str = "") -> tuple[list[Part], list[str], bool]:
    """The files ``found`` under a folder or at the top of a zip archive (``path``) as parts, in
    order, labelled by their path from there (after ``within``); a zip archive among them is
    opened and its files read the same way, labelled after the archive's path."""
    parts, files, ignored, notes = [], [], Counter(), []
    rels = [loc.relative(p, path) for p in found]
    resources = _saved_page_files(rels)
    for p, rel in zip(map(loc.gzipped, found), rels):
        if rel in resources:
            continue
        if _is_zip(p):
            more, more_notes = _archive_parts(p, text, within + rel + "/")
            parts += more
            notes += more_notes
        elif not _supported(p):
            ignored[_shown_suffix(p)] += 1
        elif not Metadata.is_metadata(p):
            files.append(p)
            parts.append(file_part(p, within + rel, meta.lookup(p, path)))
    where = f"{text} ({within.rstrip('/')})" if within else text
    if ignored:
        notes.append(_ignored_note(where, ignored))
    if resources:
        folders = sorted({r.rsplit("/", 1)[0] for r in resources})
        notes.append(f"{where}: left out the {len(resources)} file(s) a browser saved with its pages "
                     f"({', '.join(folders[:3])}{', …' if len(folders) > 3 else ''}): images, scripts and frames, not articles")
    if not parts and not within:
        what = "archive" if isinstance(path, loc.Member) else "folder"
        raise unreadable(
            text, f"the {what} holds no files of a supported type ({', '.join(READERS.names())}, or .zip archives of them)",
            "Point to the folder or archive that contains the articles, or convert them to one of these types.",
        )
    missing = meta.listed_but_missing(files)
    if missing:
        notes.append(f"metadata.csv lists {len(missing)} file(s) not found: {', '.join(missing[:5])}")
    return parts, notes, True
