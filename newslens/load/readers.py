"""File readers: one small function per format, looked up by suffix in :data:`READERS`.

A reader turns one file into raw record batches (:class:`Batch`) of at most ``chunksize``
records; normalising them into articles is :mod:`newslens.load.normalise`'s job.  A ``.txt``
or ``.html`` file holds one article; tabular and JSON files and RSS or Atom feeds hold many.
Readers that can read part of a file (JSONL and CSV byte ranges, Parquet row groups) take a
*span* planned by :mod:`newslens.load.partitions`.  Records that fail while reading become
errors (dicts with ``source, row, line, reason, detail``); a file that cannot be read at all
raises :class:`~newslens.errors.SourceError`.
"""
from __future__ import annotations

import codecs
import contextlib
import io
import itertools
import json
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import SourceError
from ..registry import Registry
from .archives import (MAX_UNPACKED, NotWordDocument, export_articles, factiva_articles, factiva_text_articles,
                       odf_encrypted, odt_paragraphs, proquest_articles, rtf_paragraphs)
from .clean import clean_text, split_title
from .columns import string_columns
from .encoding import Encoding, decode_bytes, sniff
from .html import html_article, looks_like_html
from .locations import BROKEN_ZIP, open_binary, read_bytes, size, suffix
from .mail import mailbox_messages, message_record
from .newsxml import news_xml_record
from .pdf import pdf_paragraphs
from .saved_pages import SAVED_PAGES, NotSavedPage, saved_page
from .word97 import LOCKED_FIX, doc_paragraphs, encrypted_office, xls_damage

__all__ = ["READERS", "Batch", "Ctx", "CsvSpan", "ParquetSpan", "LineSpan", "MailSpan", "TarSpan", "error", "frame_batches", "unreadable",
           "read_jsonl_lines"]


@dataclass
class Batch:
    """Raw records read from one source, before normalisation."""

    frame: pd.DataFrame | None = None  # tabular sources
    records: list | None = None  # or: a list of dicts (JSON, text files, lists)
    rows: list | None = None  # 0-based record index in the source, per record
    lines: list | None = None  # 1-based line in the file, per record
    errors: list = field(default_factory=list)  # records that failed while reading
    notes: list = field(default_factory=list)
    sources: list | None = None  # per record, when records of several files are merged
    files: list | None = None
    metas: list | None = None
    singles: list | None = None  # per record: metadata overrides (True) or fills (False)

    def __len__(self) -> int:
        return len(self.frame) if self.frame is not None else len(self.records or ())


@dataclass
class Ctx:
    """What a reader and the normaliser know about the part being read."""

    label: str
    overrides: dict
    export: str | None
    chunksize: int
    single: bool = False  # one article per file
    meta: dict | None = None
    file: str | None = None


@dataclass(frozen=True)
class LineSpan:
    """Lines of a JSONL file between two byte offsets (a partition)."""

    start: int
    end: int
    first_line: int
    encoding: Encoding


@dataclass(frozen=True)
class CsvSpan:
    """Records of a CSV/TSV file between two byte offsets; the header ends at ``header_end``.

    Lines are counted as pandas counts them (a record or a blank line is one line).
    """

    header_end: int
    header_lines: int
    start: int
    end: int
    first_row: int
    first_line: int
    encoding: Encoding


@dataclass(frozen=True)
class ParquetSpan:
    """Rows ``skip … skip + take`` of some consecutive row groups of a Parquet file."""

    row_groups: tuple
    skip: int
    take: int
    first_row: int


@dataclass(frozen=True)
class MailSpan:
    """The messages of a mailbox (``.mbox``) between two byte offsets, each at a ``From `` line."""

    start: int
    end: int


@dataclass(frozen=True)
class TarSpan:
    """The files ``first … stop - 1`` of a tar archive, counted in its order among those read."""

    first: int
    stop: int


#: Registry of file readers: suffix → function(location, ctx, span=None) yielding raw record batches.
READERS = Registry("file type")


def _reader(*suffixes):
    def deco(fn):
        for s in suffixes:
            READERS.register(s, fn)
        return fn

    return deco


def error(source, reason, *, row=None, line=None, detail=None) -> dict:
    """One skipped record, as listed in ``articles.attrs["errors"]``."""
    return {"source": source, "row": row, "line": line, "reason": reason, "detail": detail}


def unreadable(loc, why: str, fix: str) -> SourceError:
    return SourceError(f"Cannot read {str(loc)!r}: {why}. {fix}")


# ---------------------------------------------------------------- delimited text
_SKIP_LINE = re.compile(r"Skipping line (\d+): (.*)")
_SURROGATE = re.compile("[\udc80-\udcff]")


def _csv_opener(loc, span: CsvSpan | None):
    """A function opening what pandas reads: the file, or its header plus one byte range."""
    if span is None:
        return (lambda: loc) if isinstance(loc, Path) else (lambda: open_binary(loc))
    with open_binary(loc) as f:
        header = f.read(span.header_end)
        f.seek(span.start)
        data = header + f.read(span.end - span.start)
    return lambda: io.BytesIO(data)


def _undecodable_rows(chunk: pd.DataFrame) -> np.ndarray:
    bad = np.zeros(len(chunk), dtype=bool)
    for c in chunk.columns:
        if chunk[c].dtype == object:
            bad |= np.array([isinstance(v, str) and bool(_SURROGATE.search(v)) for v in chunk[c]], dtype=bool)
    return bad


def _read_delimited(loc, ctx: Ctx, sep: str, span: CsvSpan | None) -> Iterator[Batch]:
    enc = span.encoding if span is not None else sniff(loc)
    opts = {"sep": sep, "encoding": enc.name, "encoding_errors": "surrogateescape" if enc.mixed else "strict"}
    kind = "tab" if sep == "\t" else "comma"
    source = _csv_opener(loc, span)
    try:
        header = pd.read_csv(source(), nrows=0, **opts)
    except pd.errors.EmptyDataError:
        raise unreadable(loc, "the file is empty", "Check that it was exported completely.") from None
    except (pd.errors.ParserError, UnicodeError, ValueError) as e:
        raise unreadable(loc, f"it is not a readable {kind}-separated file ({e})", "Check the delimiter and quoting, or load it with pandas and pass the DataFrame.") from None
    cols = [str(c) for c in header.columns]
    dtype = object if enc.mixed else {c: object for c in string_columns(cols, ctx.overrides, ctx.export)}
    # line numbers pandas reports count from the start of what it reads: shift them to the file's
    line_shift = 0 if span is None else span.first_line - span.header_lines - 1
    reader = pd.read_csv(source(), dtype=dtype, chunksize=ctx.chunksize, on_bad_lines="warn", **opts)
    notes = [enc.note] if enc.note and span is None else []
    row = 0 if span is None else span.first_row
    it = iter(reader)
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                chunk = next(it)
            except StopIteration:
                break
            except (pd.errors.ParserError, UnicodeError, ValueError) as e:
                raise unreadable(loc, f"parsing stopped after {row} rows ({e})", "Fix the file at that point, or load it with pandas and pass the DataFrame.") from None
        errors = [error(ctx.label, "malformed row", line=int(m.group(1)) + line_shift, detail=m.group(2).strip())
                  for w in caught for m in _SKIP_LINE.finditer(str(w.message))]
        rows = list(range(row, row + len(chunk)))
        row += len(chunk)
        if enc.mixed:
            bad = _undecodable_rows(chunk)
            if bad.any():
                errors += [error(ctx.label, "undecodable bytes", row=rows[r], detail="the record has bytes that are not valid UTF-8") for r in np.flatnonzero(bad)]
                chunk = chunk[~bad]
                rows = [r for r, b in zip(rows, bad) if not b]
        yield Batch(frame=chunk.reset_index(drop=True), rows=rows, errors=errors, notes=notes)
        notes = []


@_reader(".csv")
def _read_csv(loc, ctx: Ctx, span: CsvSpan | None = None) -> Iterator[Batch]:
    """Comma-separated values, header in the first row; read in chunks."""
    return _read_delimited(loc, ctx, ",", span)


def _unpacked_size(data: bytes) -> int:
    """The bytes the members of a zip archive declare they unpack to (0 when ``data`` is no zip)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(i.file_size for i in z.infolist())
    except BROKEN_ZIP:
        return 0


_RESAVE_SHEET = "Re-save it from the spreadsheet program as .xlsx, or as CSV."  # how to recover from a damaged workbook

# the library that reads each kind of workbook: openpyxl the Office Open XML ones, calamine the
# older Excel formats and OpenDocument spreadsheets
_SHEET_ENGINES = {".xlsx": "openpyxl", ".xlsm": "openpyxl", ".xls": "calamine", ".ods": "calamine"}


@_reader(*_SHEET_ENGINES)
def _read_excel(loc, ctx: Ctx, span=None) -> Iterator[Batch]:
    """The first sheet of a workbook (Excel ``.xlsx .xlsm .xls``, OpenDocument ``.ods``), one
    article per row, its header in the first row (a spreadsheet of coded articles, a Google Sheets
    or LibreOffice download); read like a CSV file."""
    engine = _SHEET_ENGINES[suffix(loc)]
    broken: tuple = (*BROKEN_ZIP, IndexError)
    if engine == "calamine":
        import python_calamine

        broken += (python_calamine.CalamineError,)
    data = read_bytes(loc)
    if kind := ("Office workbook" if encrypted_office(data) else "OpenDocument spreadsheet" if odf_encrypted(data) else None):
        raise unreadable(loc, f"it is locked with a password (an encrypted {kind})", LOCKED_FIX)
    if engine == "calamine" and (damage := xls_damage(data)):
        raise unreadable(loc, f"it is not a readable spreadsheet: {damage}", _RESAVE_SHEET)
    if (unpacked := _unpacked_size(data)) > MAX_UNPACKED:
        raise unreadable(loc, f"it unpacks to {unpacked:,} bytes (at most {MAX_UNPACKED:,} are read: a zip bomb is refused)",
                         "Split the workbook, or save its sheet as CSV.")
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine=engine)
        header = pd.read_excel(book, sheet_name=0, nrows=0)
        cols = [str(c) for c in header.columns]
        frame = pd.read_excel(book, sheet_name=0, dtype={c: object for c in string_columns(cols, ctx.overrides, ctx.export)})
    except broken as e:
        raise unreadable(loc, f"it is not a readable spreadsheet ({type(e).__name__}: {e})", _RESAVE_SHEET) from None
    except BaseException as e:  # a damaged file can make calamine's Rust code panic (pyo3's PanicException)
        if type(e).__name__ != "PanicException":
            raise
        raise unreadable(loc, f"it is not a readable spreadsheet (the reader stopped: {str(e).splitlines()[0] if str(e) else 'panic'})",
                         _RESAVE_SHEET) from None
    notes = [f"{ctx.label}: the first of {len(book.sheet_names)} sheets was read ({book.sheet_names[0]!r}); for another, "
             f"pass nl.load(pandas.read_excel(path, sheet_name=...))"] if len(book.sheet_names) > 1 else []
    frame = frame.dropna(how="all").set_axis(cols, axis=1)  # rows left empty between records
    rows = frame.index.to_list()
    yield from frame_batches(frame, ctx, rows, lines=[r + 2 for r in rows], notes=notes)  # line: the sheet's row number


def frame_batches(frame: pd.DataFrame, ctx: Ctx, rows: list, *, lines: list | None = None, notes=()) -> Iterator[Batch]:
    """``frame`` in batches of at most ``ctx.chunksize`` rows (one, empty, for an empty frame);
    ``rows`` (and ``lines``) give each row's place in its source; ``notes`` go with the first batch."""
    notes = list(notes)
    for start in range(0, max(len(frame), 1), ctx.chunksize):
        chunk = frame.iloc[start:start + ctx.chunksize].reset_index(drop=True)
        end = start + len(chunk)
        yield Batch(frame=chunk, rows=rows[start:end], lines=lines[start:end] if lines is not None else None, notes=notes)
        notes = []


@_reader(".tsv", ".tab")
def _read_tsv(loc, ctx: Ctx, span: CsvSpan | None = None) -> Iterator[Batch]:
    """Tab-separated values, header in the first row; read in chunks."""
    return _read_delimited(loc, ctx, "\t", span)


# ---------------------------------------------------------------- JSON
def records_batches(records, ctx: Ctx, *, notes=()) -> Iterator[Batch]:
    """Chunk a list of JSON values into batches; non-objects become errors."""
    errors, notes = [], list(notes)
    good, rows = [], []
    for i, rec in enumerate(records):
        if isinstance(rec, Mapping):
            good.append(rec)
            rows.append(i)
        else:
            errors.append(error(ctx.label, "not a JSON object", row=i, detail=f"got {type(rec).__name__}"))
        if len(good) >= ctx.chunksize:
            yield Batch(records=good, rows=rows, errors=errors, notes=notes)
            good, rows, errors, notes = [], [], [], []
    if good or errors or notes:
        yield Batch(records=good, rows=rows, errors=errors, notes=notes)


_RECORD_KEYS = ("articles", "data", "records", "items", "results", "stories", "documents", "docs")


def _records_in(obj: Mapping, depth: int = 3):
    """The list of records an API response holds under one of :data:`_RECORD_KEYS`, at its top
    level (``{"articles": [...]}``) or inside an envelope (``{"response": {"docs": [...]}}``);
    None when there is none."""
    for k in _RECORD_KEYS:
        if isinstance(obj.get(k), list):
            return obj[k]
    if depth > 1:
        for v in obj.values():
            if isinstance(v, Mapping):
                found = _records_in(v, depth - 1)
                if found is not None:
                    return found
    return None


@_reader(".json")
def _read_json(loc, ctx: Ctx, span=None) -> Iterator[Batch]:
    """A JSON list of article objects, one article object, or one object per line."""
    text, note = decode_bytes(read_bytes(loc), str(loc))
    notes = [note] if note else []
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":  # several objects: one per line
            yield from read_jsonl_lines(text.splitlines(), ctx, notes)
            return
        raise unreadable(loc, f"it is not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})",
                         "Fix the file, or write one JSON object per line (.jsonl) so that one bad record only skips that line.") from None
    if isinstance(obj, Mapping):
        found = _records_in(obj)
        obj = found if found is not None else [obj]
    if not isinstance(obj, list):
        raise unreadable(loc, f"the JSON holds a {type(obj).__name__}, not articles", "Save a list of article objects, or one object per article.")
    yield from records_batches(obj, ctx, notes=notes)


def read_jsonl_lines(lines, ctx: Ctx, notes, *, raw: bool = False, encoding: str = "utf-8", first: int = 1) -> Iterator[Batch]:
    """Records of JSON lines (text, or bytes when ``raw``); a bad line skips only that record."""
    records, lns, errors = [], [], []
    for lineno, line in enumerate(lines, first):
        if raw:
            if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[3:]
            if not line.strip():
                continue
            try:
                line = line.decode(encoding)
            except UnicodeDecodeError:
                errors.append(error(ctx.label, "undecodable bytes", line=lineno, detail="the line has bytes that are not valid UTF-8"))
                continue
        elif not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as e:
            errors.append(error(ctx.label, "malformed JSON line", line=lineno, detail=str(e)))
            continue
        if not isinstance(rec, dict):
            errors.append(error(ctx.label, "not a JSON object", line=lineno, detail=f"got {type(rec).__name__}"))
            continue
        records.append(rec)
        lns.append(lineno)
        if len(records) >= ctx.chunksize:
            yield Batch(records=records, lines=lns, errors=errors, notes=notes)
            records, lns, errors, notes = [], [], [], []
    if records or errors or notes:
        yield Batch(records=records, lines=lns, errors=errors, notes=notes)


def _lines_between(f, start: int, end: int):
    pos = start
    f.seek(start)
    while pos < end:
        line = f.readline()
        if not line:
            return
        pos += len(line)
        yield line


@_reader(".jsonl", ".ndjson")
def _read_jsonl(loc, ctx: Ctx, span: LineSpan | None = None) -> Iterator[Batch]:
    """One JSON object per line; a bad line skips only that record."""
    if span is not None:
        with open_binary(loc) as f:
            yield from read_jsonl_lines(_lines_between(f, span.start, span.end), ctx, [], raw=True,
                                        encoding=span.encoding.codec, first=span.first_line)
        return
    if size(loc) == 0:
        raise unreadable(loc, "the file is empty", "Check that it was exported completely.")
    enc = sniff(loc)
    notes = [enc.note] if enc.note and not enc.mixed else []
    if enc.name == "utf-16":
        yield from read_jsonl_lines(read_bytes(loc).decode("utf-16").splitlines(), ctx, notes)
        return
    with open_binary(loc) as f:
        yield from read_jsonl_lines(f, ctx, notes, raw=True, encoding=enc.codec)


# ---------------------------------------------------------------- Parquet
@_reader(".parquet", ".pq")
def _read_parquet(loc, ctx: Ctx, span: ParquetSpan | None = None) -> Iterator[Batch]:
    """Apache Parquet, read in batches of at most ``chunksize`` rows (some row groups for a span)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with (contextlib.nullcontext(str(loc)) if isinstance(loc, Path) else open_binary(loc)) as handle:
        try:
            pf = pq.ParquetFile(handle)
        except (pa.ArrowException, OSError, ValueError) as e:
            raise unreadable(loc, f"it is not a valid Parquet file ({e})", "Re-export it, or load it with another tool and pass a DataFrame.") from None
        groups = list(span.row_groups) if span is not None else None
        skip = span.skip if span is not None else 0
        left = span.take if span is not None else None
        row = span.first_row if span is not None else 0
        try:
            for rb in pf.iter_batches(batch_size=ctx.chunksize, row_groups=groups):
                if skip >= rb.num_rows:
                    skip -= rb.num_rows
                    continue
                rb = rb.slice(skip, rb.num_rows - skip if left is None else min(left, rb.num_rows - skip))
                skip = 0
                rb.validate(full=True)  # a damaged file's text that is not UTF-8 fails here, not in a measure
                df = rb.to_pandas()
                yield Batch(frame=df, rows=list(range(row, row + len(df))))
                row += len(df)
                if left is not None:
                    left -= len(df)
                    if left <= 0:
                        return
        except (pa.ArrowException, OSError, ValueError, KeyError, TypeError, NotImplementedError) as e:  # KeyError: damaged pandas metadata
            raise unreadable(loc, f"the Parquet data is corrupt after {row} rows ({type(e).__name__}: {e})",
                             "Re-export the file.") from None


# ---------------------------------------------------------------- one article per file
@_reader(".txt")
def _read_txt(loc, ctx: Ctx, span=None) -> Iterator[Batch]:
    """One article: the first non-empty line is the title, the rest the text.

    A repeat of the title as the next paragraph is dropped.  A news database export saved as
    text (Nexis Uni's, articles each closed by an "End of Document" line, or LexisNexis
    Academic's, each opened by "1 of 25 DOCUMENTS") is one article per document.
    """
    text, note = decode_bytes(read_bytes(loc), str(loc))
    text = clean_text(text)
    yield from _one_or_export(text, text.split("\n") if text else [], ctx, [note] if note else [])


# the paragraphs of each kind of document
_DOCUMENTS = {".docx": doc_paragraphs, ".doc": doc_paragraphs, ".odt": odt_paragraphs, ".rtf": rtf_paragraphs,
              ".pdf": pdf_paragraphs}


@_reader(*_DOCUMENTS)
def _read_document(loc, ctx: Ctx, span=None) -> Iterator[Batch]:
    """A Word document (2007 or later, or Word 97–2003's ``.doc``: :mod:`newslens.load.word97`), an
    OpenDocument text (LibreOffice's), a Rich Text Format document (saved by TextEdit, WordPad or
    Word) or a PDF (its text, paragraphs rebuilt from the lines' positions,
    :mod:`newslens.load.pdf`): one article (the first paragraph its title), or a news database
    export (Nexis Uni's Word, RTF or PDF download, Factiva's RTF download, ProQuest's), one article
    per document.  A ``.doc`` or ``.docx`` that is really the other, RTF or
    a web page (as some databases save their "Word" downloads) is read as what it is."""
    data = read_bytes(loc)
    if suffix(loc) in (".doc", ".docx") and looks_like_html(data):
        yield from _html_batches(data, ctx, str(loc))
        return
    try:
        paragraphs = _DOCUMENTS[suffix(loc)](data)
    except NotWordDocument as e:
        raise unreadable(loc, str(e), e.fix or "Open it in a word processor and save it as .docx or plain text (.txt).") from None
    text = clean_text("\n\n".join(p.replace("\n", " ") for p in paragraphs))  # a line break inside a paragraph
    yield from _one_or_export(text, paragraphs, ctx, [])


# the news databases whose downloads a text, Word, OpenDocument or RTF file may be, in the order tried
_EXPORTS = ((export_articles, "Nexis Uni or LexisNexis"), (factiva_text_articles, "Factiva"), (proquest_articles, "ProQuest"))


def _one_or_export(text: str, paragraphs: list[str], ctx: Ctx, notes: list) -> Iterator[Batch]:
    """One article (the first paragraph its title), or the articles of a news database export (read
    line by line: a line break inside a paragraph separates fields as a paragraph break does)."""
    lines = [line for p in paragraphs for line in p.split("\n")]
    for read, archive in _EXPORTS:
        found = read(lines)
        if found is not None:
            yield from _many(found, ctx, notes, archive)
            return
    title, body = split_title(text, strict=True) if text else (None, text)
    yield Batch(records=[{"title": title, "text": body}], notes=notes)


@_reader(".html", ".htm")
def _read_html(loc, ctx: Ctx, span=None) -> Iterator[Batch]:
    """One article: main text, title, author, date, url and site name extracted from HTML; a
    Factiva page of articles saved as HTML is one article per article."""
    yield from _html_batches(read_bytes(loc), ctx, str(loc))


@_reader(*SAVED_PAGES)
def _read_saved_page(loc, ctx: Ctx, span=None) -> Iterator[Batch]:
    """One article from a web page saved as one file (MHTML, or Safari's web archive): the page's
    own HTML read as an ``.html`` file is, the address it was saved from its ``url`` when the page
    names none."""
    try:
        text, url = saved_page(read_bytes(loc), suffix(loc))
    except NotSavedPage as e:
        raise unreadable(loc, str(e), "Open it in a browser and save it again, as 'Web Page, HTML only' (.html).") from None
    yield from _html_batches(text, ctx, str(loc), url=url)


@_reader(".eml")
def _read_eml(loc, ctx: Ctx, span=None) -> Iterator[Batch]:
    """One article: an e-mail message (a newsletter) — its subject the title, its date the publication
    date, its sender the outlet, its HTML part read as a page is (:mod:`newslens.load.mail`)."""
    rec = message_record(read_bytes(loc))
    if not rec["title"] and not rec["text"]:
        raise unreadable(loc, "it is not an e-mail message (no subject and no text)",
                         "Save the message again from your mail program (File > Save As… as .eml).")
    yield Batch(records=[rec])


@_reader(".mbox")
def _read_mbox(loc, ctx: Ctx, span=None) -> Iterator[Batch]:
    """Many articles: a mailbox (Gmail's Takeout, Thunderbird, Apple Mail), one per message, read as
    it streams (:mod:`newslens.load.mail`); with a :class:`MailSpan`, only the messages in it."""
    with open_binary(loc) as f:
        messages = mailbox_messages(f if span is None else _lines_between(f, span.start, span.end))
        first = next(messages, None)
        if first is None:
            raise unreadable(loc, "it is not a mailbox (no message starts with a 'From ' line)",
                             "Export the mailbox again as mbox, or save the messages as .eml files.")
        yield from records_batches(map(message_record, itertools.chain([first], messages)), ctx)


def _html_batches(data: bytes | str, ctx: Ctx, where: str, url: str | None = None) -> Iterator[Batch]:
    text, note = decode_bytes(data, where) if isinstance(data, bytes) else (data, None)
    found = factiva_articles(text)
    if found is None:
        rec = html_article(text)
        if url and not rec.get("url") and not url.startswith(("file:", "about:")):
            rec["url"] = url
        yield Batch(records=[rec], notes=[note] if note else [])
        return
    yield from _many(found, ctx, [note] if note else [], "Factiva")


def _many(found: list[dict], ctx: Ctx, notes: list, archive: str) -> Iterator[Batch]:
    """The articles of one archive export: a batch of records, each its own article."""
    notes = [*notes, f"{ctx.label}: a {archive} export, read as {len(found)} article(s)"]
    for batch in records_batches(found, ctx, notes=notes):
        batch.singles = [False] * len(batch)  # metadata.csv fills, not overrides, each article's fields
        yield batch


#: Suffixes of files that hold one article each.
SINGLE_ARTICLE = (".txt", ".html", ".htm", ".eml", *SAVED_PAGES, *_DOCUMENTS)  # (unless the file is an export of many)


def _feed_items(root) -> list[dict]:
    """The items of an RSS 2.0, RSS 1.0 (RDF) or Atom document as records with ``article_id,
    title, text, published, url, author, outlet`` (the feed's title); tags read without their namespace."""
    from lxml import etree

    def local(el) -> str:
        return el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""

    def child_text(el, *names, markup: bool = False) -> str | None:
        for name in names:
            for c in el:
                if local(c) != name:
                    continue
                if markup and len(c):  # Atom content of type "xhtml": the markup itself, read as HTML on normalising
                    return ((c.text or "") + "".join(etree.tostring(x, encoding="unicode") for x in c)).strip() or None
                if c.text and c.text.strip():
                    return c.text.strip()
        return None

    def link(el) -> str | None:
        for c in el:
            if local(c) == "link":
                href = c.get("href")
                if href and c.get("rel", "alternate") == "alternate":
                    return href.strip()
                if c.text and c.text.strip():
                    return c.text.strip()
        return None

    channel = next((el for el in root.iter() if local(el) in ("channel", "feed")), root)
    outlet = child_text(channel, "title")
    items = []
    for el in root.iter():
        if local(el) not in ("item", "entry"):
            continue
        author = child_text(el, "creator", "author")
        if author is None:  # Atom: <author><name>…</name></author>
            author = next((child_text(a, "name") for a in el if local(a) == "author"), None)
        items.append({"article_id": child_text(el, "guid", "id"), "title": child_text(el, "title"),
                      "text": child_text(el, "encoded", "content", "description", "summary", markup=True),
                      "published": child_text(el, "pubdate", "published", "date", "updated"),
                      "url": link(el), "author": author, "outlet": outlet})
    return items


@_reader(".rss", ".atom", ".xml")
def _read_feed(loc, ctx: Ctx, span=None) -> Iterator[Batch]:
    """An RSS or Atom feed: one article per item (its full text where the feed carries
    ``content:encoded``, else its description); the feed's title is the outlet.  An ``.xml`` file in
    a news agency's format is one article: NITF (the New York Times Annotated Corpus) or a Reuters
    RCV1 ``<newsitem>`` (:mod:`newslens.load.newsxml`)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(read_bytes(loc), parser)
    except etree.XMLSyntaxError as e:
        raise unreadable(loc, f"it is not well-formed XML ({e.msg})", "Fix the file, or read the items yourself and pass a list of dicts.") from None
    article = news_xml_record(root) if root is not None else None
    if article is not None:
        yield Batch(records=[article])
        return
    items = _feed_items(root) if root is not None else []
    if not items:
        raise unreadable(loc, "it is XML but not an RSS or Atom feed (no <item> or <entry>) nor a news agency's article (NITF, <newsitem>)",
                         "Read the articles into a list of dicts (title, text, published, url) and pass that.")
    yield from records_batches(items, ctx)
