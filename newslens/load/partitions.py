"""Partition planning: a source cut into pieces that any machine can load on its own.

:func:`partitions` reads no records: it lists the files and cuts large ones into spans of
about ``chunksize`` records — JSONL and CSV/TSV files into byte ranges (a CSV scan keeps
quoted newlines inside their record), Parquet files along row groups (a row group larger
than ``chunksize`` is sliced, which re-reads that group once per slice), mailboxes at the
``From`` lines of their messages, local tar archives into runs of their files (each
partition streams the archive from its start to its last file) — and groups one-article
files ``chunksize`` at a time; JSON arrays are read whole.  In-memory sources
(DataFrames, lists) are sliced, and each slice is normalised where it is loaded.  Local
paths are made absolute, URLs are kept as they are, so a :class:`Partition` can be pickled
and sent to a worker; :func:`load_partition` turns it into an articles table there.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import locations as loc
from .columns import check_overrides
from .encoding import sniff
from .mail import mailbox_start
from .readers import CsvSpan, LineSpan, MailSpan, ParquetSpan
from .sources import file_part, frame_part, list_part, tar_spans
from .stream import Plan, collect, plan

__all__ = ["Partition", "FilePiece", "MemoryPiece", "partitions", "load_partition"]


@dataclass(frozen=True)
class FilePiece:
    """A file, or one span of it, to read (``location`` is absolute or a URL)."""

    location: object
    label: str
    meta: dict | None = None
    span: object = None  # LineSpan, CsvSpan, ParquetSpan or None (the whole file)


@dataclass(frozen=True, eq=False)
class MemoryPiece:
    """Rows ``first_row …`` of an in-memory source: a DataFrame slice, or a list of texts or records."""

    data: object
    kind: str  # "frame", "texts" or "records"
    first_row: int = 0


@dataclass(frozen=True, eq=False)
class Partition:
    """A piece of a source that a worker can load on its own (picklable; files are not read yet).

    ``pieces`` holds :class:`FilePiece` objects (a JSONL or CSV byte range, some Parquet row
    groups, a whole file, or up to ``chunksize`` one-article files) or one :class:`MemoryPiece`.
    """

    pieces: tuple
    chunksize: int
    overrides: tuple
    name: str
    notes: tuple = ()


# ---------------------------------------------------------------- spans of one file
def _jsonl_ranges(path, lines_per_range: int) -> list[tuple[int, int, int]]:
    """``(start byte, end byte, first line number)`` of consecutive blocks of non-blank lines."""
    ranges, start, first, count, pos, lineno = [], 0, 1, 0, 0, 0
    with loc.open_binary(path) as f:
        for line in f:
            lineno += 1
            pos += len(line)
            if line.strip():
                count += 1
            if count >= lines_per_range:
                ranges.append((start, pos, first))
                start, first, count = pos, lineno + 1, 0
    if count or not ranges:
        ranges.append((start, pos, first))
    return ranges


def _mbox_ranges(path, per_range: int) -> list[tuple[int, int]]:
    """``(start byte, end byte)`` of runs of ``per_range`` messages of a mailbox, cut at ``From `` lines."""
    ranges, start, count, pos = [], 0, 0, 0
    with loc.open_binary(path) as f:
        for line in f:
            if mailbox_start(line):
                if count == per_range:
                    ranges.append((start, pos))
                    start, count = pos, 0
                count += 1
            pos += len(line)
    ranges.append((start, pos))
    return ranges


_BLANK = (b"\n", b"\r\n", b"\r")


def _csv_ranges(path, records_per_range: int) -> tuple[int | None, int, list[tuple[int, int, int, int]]]:
    """(end of the header, its lines, ``(start byte, end byte, first row, first line)`` per range).

    A record ends at a newline outside double quotes (``""`` inside a quoted field counts
    twice, so it never flips the state); blank lines are not records, as for pandas.  Lines
    are counted as pandas counts them in its messages: a record (whatever newlines its quoted
    fields hold) or a blank line is one line.
    """
    header_end, header_lines, ranges = None, 0, []
    pos = lines = quotes = count = row = 0
    start = first_line = None
    record_lines = 0
    with loc.open_binary(path) as f:
        for line in f:
            pos += len(line)
            record_lines += 1
            quotes += line.count(b'"')
            if quotes % 2:  # inside a quoted field: the record goes on
                continue
            lines += 1
            blank = record_lines == 1 and line in _BLANK
            quotes, record_lines = 0, 0
            if header_end is None:
                if not blank:
                    header_end, header_lines, start, first_line = pos, lines, pos, lines + 1
                continue
            count += not blank
            if count >= records_per_range:
                ranges.append((start, pos, row, first_line))
                row += count
                start, first_line, count = pos, lines + 1, 0
    if header_end is not None and (count or not ranges):
        ranges.append((start, pos, row, first_line))
    return header_end, header_lines, ranges


def _parquet_spans(path, rows_per_span: int) -> list[ParquetSpan] | None:
    """Spans of ``rows_per_span`` rows along the row groups; None when the footer cannot be read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with loc.open_binary(path) as f:
            meta = pq.ParquetFile(f).metadata
    except (pa.ArrowException, OSError, ValueError):
        return None
    starts, total = [], 0
    for g in range(meta.num_row_groups):
        starts.append(total)
        total += meta.row_group(g).num_rows
    spans = []
    for first in range(0, total, rows_per_span):
        last = min(first + rows_per_span, total)
        groups = tuple(g for g, s in enumerate(starts) if s < last and s + meta.row_group(g).num_rows > first)
        spans.append(ParquetSpan(groups, first - starts[groups[0]], last - first, first))
    return spans


def _file_spans(path, chunksize: int, label: str) -> tuple[list, list[str]]:
    """The spans to cut one file into (``[None]`` for the whole file) and the file's notes (a file in
    a zip archive or compressed with gzip is not cut: each span would unpack it from its start; a
    local tar archive is, compressed or not, as each of its files is worth far more work than
    unpacking the archive again)."""
    suffix = loc.suffix(path)
    if suffix in (".tar", ".tgz"):
        inner = path.inner if isinstance(path, loc.Gzipped) else path
        return tar_spans(path, label, chunksize) if isinstance(inner, Path) else ([None], [])
    if isinstance(path, (loc.Member, loc.Gzipped)):
        return [None], []
    if suffix in (".jsonl", ".ndjson"):
        enc = sniff(path)
        if enc.name != "utf-16":
            notes = [enc.note] if enc.note and not enc.mixed else []
            return [LineSpan(s, e, first, enc) for s, e, first in _jsonl_ranges(path, chunksize)], notes
    elif suffix in (".csv", ".tsv", ".tab"):
        enc = sniff(path)
        if enc.name != "utf-16":
            header_end, header_lines, ranges = _csv_ranges(path, chunksize)
            if len(ranges) > 1:
                spans = [CsvSpan(header_end, header_lines, s, e, row, line, enc) for s, e, row, line in ranges]
                return spans, [enc.note] if enc.note else []
    elif suffix == ".mbox":
        ranges = _mbox_ranges(path, chunksize)
        if len(ranges) > 1:
            return [MailSpan(s, e) for s, e in ranges], []
    elif suffix in (".parquet", ".pq"):
        spans = _parquet_spans(path, chunksize)
        if spans is not None and len(spans) > 1:
            return spans, []
    return [None], []


# ---------------------------------------------------------------- planning
def _memory_partitions(source, kind: str, size: int, opts: tuple, name: str) -> list[Partition]:
    """Slices of a DataFrame or list; ``kind`` (texts or records) was decided once for the whole list."""
    if isinstance(source, pd.DataFrame):
        items = source
    elif isinstance(source, pd.Series):
        items = source.tolist()
    else:
        items = [source] if isinstance(source, Mapping) else list(source)
    starts = range(0, max(len(items), 1), size)
    data = [items.iloc[i:i + size] if kind == "frame" else items[i:i + size] for i in starts]
    return [Partition((MemoryPiece(d, kind, i),), size, opts, name) for d, i in zip(data, starts)]


def partitions(source, *, chunksize: int = 10_000, **overrides) -> list[Partition]:
    """Plan how to load a source in independent pieces of about ``chunksize`` articles.

    Each :class:`Partition` is loaded by :func:`load_partition`, anywhere (e.g. on a Dask
    worker).  The rows are those :func:`newslens.load.iter_load` gives, in the same order;
    ids that repeat *across* partitions are not renamed here (within one they are; ``nl.analyze``
    renames them once every partition is done, as the pandas engine would).  Row numbers in
    a CSV partition's errors count the file's records (a malformed row counts too).

    Examples
    --------
    >>> from newslens.load import example_path, load, partitions, load_partition
    >>> parts = partitions(example_path(), chunksize=10)
    >>> sum(len(load_partition(p)) for p in parts) == len(load(example_path()))
    True
    >>> len(partitions(["First text.", "Second text.", "Third text."], chunksize=2))
    2
    """
    p = plan(source, chunksize, overrides)
    opts = tuple(sorted((k, v) for k, v in overrides.items() if v is not None))
    if not all(part.path is not None for part in p.parts):  # a DataFrame or a list of texts or records
        return _memory_partitions(source, p.parts[0].kind, p.chunksize, opts, p.name)
    out: list[Partition] = []
    group: list[FilePiece] = []
    notes = list(p.notes)

    def emit(pieces, more_notes=()):
        nonlocal notes
        out.append(Partition(tuple(pieces), p.chunksize, opts, p.name, tuple(notes + list(more_notes))))
        notes = []

    for part in p.parts:
        where = loc.absolute(part.path)
        spans, file_notes = _file_spans(where, p.chunksize, part.label) if not part.single else ([None], [])
        if spans != [None] or not part.single:
            if group:
                emit(group)
                group = []
            for i, span in enumerate(spans):
                emit([FilePiece(where, part.label, part.meta, span)], file_notes if i == 0 else ())
            continue
        group.append(FilePiece(where, part.label, part.meta))
        if len(group) >= p.chunksize:
            emit(group)
            group = []
    if group:
        emit(group)
    return out


def load_partition(partition: Partition) -> pd.DataFrame:
    """Load one :class:`Partition` planned by :func:`partitions` as an articles table.

    ``attrs`` carry the partition's ``errors``, ``notes``, ``unparsed_dates`` and
    ``partial_dates`` as for :func:`newslens.load`; no warning is issued (the caller collects
    the errors).  A partition whose files are all unreadable is an empty table carrying their
    errors: whether the source as a whole could be read is for the caller to say (``nl.analyze``
    raises when none of its files could).
    """
    first = partition.pieces[0]
    if isinstance(first, MemoryPiece):
        part = frame_part(first.data, first_row=first.first_row) if first.kind == "frame" else list_part(first.data, first.kind, first.first_row)
        parts, multi = [part], False
    else:
        parts = [file_part(f.location, f.label, f.meta, f.span) for f in partition.pieces]
        multi = True
    overrides = dict(partition.overrides)
    cols = check_overrides(overrides)
    return collect(Plan(parts, list(partition.notes), multi, cols, overrides.get("export"), partition.chunksize, partition.name,
                        whole=False))
