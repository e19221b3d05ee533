"""Load news articles from files, folders, globs, records, strings or DataFrames.

``load(source)`` returns the *articles* table: one row per article with the columns
``article_id, title, text, outlet, published, url, author`` first (see
:data:`newslens.schema.ARTICLE_COLUMNS`), then ``file`` for articles read from files, then
every extra column of the source.

How it works
------------
* **Readers.**  One small function per file type, looked up by suffix in :data:`READERS`
  (``.csv .tsv .json .jsonl .parquet .txt .html .htm``).  A ``.txt`` or ``.html`` file holds
  one article; tabular and JSON files hold many.  A folder is read recursively in sorted
  order (hidden files skipped, files of other types ignored and noted).
* **Column maps.**  Common exports are recognised from their columns (:data:`EXPORTS`):
  news-please, Media Cloud, AllSides/Article-Bias-Prediction, NELA-GT and BASIL, plus a
  generic map of usual names (``text``/``body``/``content``, ``headline``, ``date``, …).
  Keywords ``text_col=``, ``title_col=``, ``date_col=``, ``outlet_col=``, ``id_col=``,
  ``url_col=``, ``author_col=`` always win; ``export=`` forces a map by name.
* **metadata.csv.**  A folder may hold a ``metadata.csv`` with a ``file`` column (paths
  relative to that folder) and any of ``outlet, published, author, url, title, article_id``
  (other columns become extra columns).  Its non-empty values describe the article in that
  file: for one-article files (.txt, .html) they take precedence over what the file itself
  says; for many-article files they only fill values the records lack.  The metadata file
  itself is not loaded as articles.
* **Repair.**  Text is decoded (UTF-8 with or without BOM, UTF-16 with BOM, else cp1252 /
  latin-1, which is recorded in ``attrs["notes"]``), mojibake is fixed with ftfy only where a
  cheap check sees it (curly quotes are kept, HTML entities are not decoded again), control
  characters are removed, spaces collapsed and paragraphs separated by exactly one blank line.
* **Dates** parse to UTC; dates without a zone are taken to be UTC.  Values that cannot be
  parsed become NaT and are counted in ``attrs["unparsed_dates"]``.
* **Ids.**  The source's id (``article_id``, ``id``, ``ID``, ``uuid``, ``stories_id`` or
  ``id_col``) when it has one, else the first 16 hex digits of
  ``sha1(url + "\\n" + title + "\\n" + text)``, so the same article always gets the same id.
  Repeated ids get ``-2``, ``-3`` … and are listed in ``attrs["duplicate_ids"]``.
* **Bad records** (no or empty text, text that is not a string, a malformed JSON line, a
  malformed CSV row, undecodable bytes, an unreadable file inside a folder) are skipped with
  one :class:`~newslens.errors.NewsLensWarning` and listed in ``attrs["errors"]`` as dicts
  with keys ``source, row, line, reason, detail``.  Records in = rows out + errors.  A source
  that cannot be read at all raises :class:`~newslens.errors.SourceError`.
"""
from __future__ import annotations

import ast
import codecs
import glob as _glob
import hashlib
import json
import os
import posixpath
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import NewsLensError, NewsLensWarning, OptionError, SourceError, invalid_choice, missing_columns
from .registry import Registry
from .schema import ARTICLE_COLUMNS, empty_articles
from .segment import normalize_for_compare, replace_surrogates

__all__ = [
    "load",
    "load_example",
    "iter_load",
    "partitions",
    "load_partition",
    "Partition",
    "clean_text",
    "parse_dates",
    "stable_id",
    "ColumnMap",
    "READERS",
    "EXPORTS",
    "OVERRIDES",
]

#: Keyword overrides accepted by :func:`load` and the column each one names.
OVERRIDES = {
    "id_col": "article_id",
    "title_col": "title",
    "text_col": "text",
    "outlet_col": "outlet",
    "date_col": "published",
    "url_col": "url",
    "author_col": "author",
}
_KEYWORDS = (*OVERRIDES, "export")

# ============================================================== text repair
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_MOJI_TABLE = {
    "â€™": "’", "â€˜": "‘", "â€œ": "“", "â€\x9d": "”", "â€”": "—", "â€“": "–", "â€¦": "…",
    "â€¢": "•", "â€": "”", "Â ": " ", "Â\u00a0": " ",
}
_MOJI_FIX = re.compile("|".join(re.escape(k) for k in sorted(_MOJI_TABLE, key=len, reverse=True)))
_ODD_CHARS = re.compile("[\ud800-\udfff\r\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\t]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff]")
_HSPACE = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_EDGE = re.compile(" ?\n ?")
_PARA_BREAK = re.compile("\n{3,}")
_ANY_SPACE = re.compile(r"\s+")


def clean_text(text):
    """Repair one text: mojibake, control characters, whitespace; curly quotes kept.

    Returns None for anything that is not a string.

    Examples
    --------
    >>> clean_text("It\\u00e2\\u20ac\\u2122s  here.\\r\\n\\r\\n\\r\\nNext\\x00 line ")
    'It’s here.\\n\\nNext line'
    """
    if not isinstance(text, str):
        return None
    if ("\u00c3" in text or "\u00c2" in text or "\u00e2" in text) and _MOJIBAKE.search(text):
        text = _fix_mojibake(text)
    if "  " in text or " \n" in text or "\n " in text or "\n\n\n" in text or _ODD_CHARS.search(text):
        text = replace_surrogates(_NEWLINES.sub("\n", text))
        text = _CONTROL.sub("", text)
        text = _HSPACE.sub(" ", text)
        text = _LINE_EDGE.sub("\n", text)
        text = _PARA_BREAK.sub("\n\n", text)
    return text.strip()


def _fix_mojibake(text: str) -> str:
    import ftfy

    fixed = ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False, fix_line_breaks=False)
    return _MOJI_FIX.sub(lambda m: _MOJI_TABLE[m.group(0)], fixed)


def _clean_line(value):
    """A one-line field (title, outlet, url, author): cleaned, whitespace collapsed, '' → None."""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v).strip() for v in value if isinstance(v, str) and v.strip()) or None
    if not isinstance(value, str):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return None
        value = str(value)
    value = clean_text(value)
    value = _ANY_SPACE.sub(" ", value) if value else value
    return value or None


def _clean_author(value):
    """Authors as one string; lists (or their string repr) joined with ', '."""
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            parsed = None
        if isinstance(parsed, (list, tuple)):
            value = list(parsed)
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return _clean_line(value)


def _split_title(text: str, *, strict: bool) -> tuple[str | None, str]:
    """Take the first line of ``text`` as the title; drop its repeat as the next paragraph.

    With ``strict=False`` (strings passed directly) the first line is only taken when it looks
    like a heading: alone in its paragraph, at most 25 words, not ending like a sentence.
    """
    first, _, rest = text.partition("\n")
    title, rest = first.strip(), rest.strip()
    if not rest or not title:
        return None, text
    if not strict and (
        text.partition("\n\n")[0].strip() != title or len(title.split()) > 25 or title[-1] in ".,;:"
    ):
        return None, text
    para, _, after = rest.partition("\n\n")
    if normalize_for_compare(para) == normalize_for_compare(title):
        rest = after.strip()
    if not rest:
        return None, text
    return title, rest


# ============================================================== dates
_TZINFOS = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0,
    "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
    "MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
    "BST": 3600, "CET": 3600, "CEST": 7200, "EET": 7200, "EEST": 10800, "MSK": 10800,
    "JST": 9 * 3600, "KST": 9 * 3600, "AEST": 10 * 3600, "AEDT": 11 * 3600,
}
_DIGITS = re.compile(r"[+-]?\d+(?:\.\d+)?")
_LO = pd.Timestamp("1678-01-01", tz="UTC")
_HI = pd.Timestamp("2262-01-01", tz="UTC")


@lru_cache(maxsize=65536)
def _parse_one(value: str):
    """Parse one date string that ISO 8601 parsing could not; None when impossible."""
    from dateutil import parser

    ts = None
    if _DIGITS.fullmatch(value):
        digits = value.lstrip("+-").split(".")[0]
        try:
            if len(digits) == 8:  # YYYYMMDD
                ts = pd.Timestamp(f"{digits[:4]}-{digits[4:6]}-{digits[6:]}", tz="UTC")
            elif len(digits) in (9, 10):  # seconds since 1970
                ts = pd.Timestamp(float(value), unit="s", tz="UTC")
            elif len(digits) in (12, 13):  # milliseconds since 1970
                ts = pd.Timestamp(float(value), unit="ms", tz="UTC")
        except (ValueError, OverflowError):
            ts = None
    else:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                dt = parser.parse(value, tzinfos=_TZINFOS)
            ts = pd.Timestamp(dt)
            ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
        except (ValueError, OverflowError, TypeError, parser.ParserError):
            ts = None
    if ts is None or ts is pd.NaT or not (_LO <= ts < _HI):
        return None
    return ts


def _date_key(v):
    """A value as a date string, or None when it is missing."""
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, str):
        v = v.strip()
        return v or None
    if isinstance(v, (bool, np.bool_)):
        return str(v)
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return None if np.isnan(v) else (str(int(v)) if float(v).is_integer() else str(float(v)))
    if hasattr(v, "isoformat"):
        try:
            return pd.Timestamp(v).isoformat()
        except (ValueError, TypeError):
            return str(v)
    return str(v)


def parse_dates(values) -> tuple[pd.Series, int]:
    """Parse dates in any common format to ``datetime64[ns, UTC]``.

    ISO 8601 values are parsed vectorised; the rest one distinct value at a time (RFC 2822,
    "June 19, 2024", "19 Jun 2024 10:00 EST", Unix seconds or milliseconds, YYYYMMDD, …).
    Values without a time zone are taken to be UTC.  Missing values become NaT; values that
    cannot be parsed become NaT too and are counted.

    Returns
    -------
    (Series, int)
        The parsed dates (a RangeIndex) and the number of non-empty values that could not be parsed.

    Examples
    --------
    >>> s, bad = parse_dates(["2024-06-19T10:00:00+02:00", "June 19, 2024", "soon", None])
    >>> [str(x) for x in s], bad
    (['2024-06-19 08:00:00+00:00', '2024-06-19 00:00:00+00:00', 'NaT', 'NaT'], 1)
    """
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").dt.as_unit("ns").reset_index(drop=True), 0
    if isinstance(values, pd.Series) and pd.api.types.is_datetime64_dtype(values.dtype):
        return values.dt.tz_localize("UTC").dt.as_unit("ns").reset_index(drop=True), 0
    keys = [_date_key(v) for v in (values.tolist() if isinstance(values, pd.Series) else list(values))]
    s = pd.Series(keys, dtype=object)
    present = s.notna()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns, UTC]")
    if not present.any():
        return out, 0
    if len(keys) <= 32:  # small batches: one cached parse per value beats a vectorised call
        parsed = [_parse_one(k) if k is not None else None for k in keys]
        out = pd.Series([p if p is not None else pd.NaT for p in parsed], dtype="datetime64[ns, UTC]")
        return out, sum(p is None and k is not None for p, k in zip(parsed, keys))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        iso = pd.to_datetime(s[present], format="ISO8601", utc=True, errors="coerce")
    iso = iso.dt.as_unit("ns")
    out[present] = iso
    # ISO parsing may accept bare numbers as years etc.: re-check digit-only values
    todo = present & (out.isna() | s.map(lambda k: isinstance(k, str) and bool(_DIGITS.fullmatch(k)) and len(k) != 4))
    unparsed = 0
    if todo.any():
        parsed = [_parse_one(k) for k in s[todo]]
        out[todo] = pd.Series(parsed, index=s[todo].index, dtype="datetime64[ns, UTC]")
        unparsed = sum(p is None for p in parsed)
    return out, int(unparsed)


# ============================================================== ids
def stable_id(url, title, text) -> str:
    """First 16 hex digits of ``sha1(url + "\\n" + title + "\\n" + text)`` (missing parts as '').

    >>> stable_id(None, "Storm", "The storm hit.") == stable_id("", "Storm", "The storm hit.")
    True
    """
    raw = f"{url or ''}\n{title or ''}\n{text or ''}"
    return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _id_value(v):
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, float):
        if np.isnan(v):
            return None
        return str(int(v)) if v.is_integer() else str(v)
    if isinstance(v, (np.integer, int)) and not isinstance(v, bool):
        return str(int(v))
    v = str(v).strip()
    return v or None


class _IdState:
    """Ids seen so far in one load, to make repeats unique across files and chunks."""

    def __init__(self):
        self.seen: set[str] = set()
        self.duplicates: dict[str, list[str]] = {}

    def assign(self, ids: list[str]) -> list[str]:
        out = []
        for i in ids:
            if i in self.seen:
                k = 2
                while f"{i}-{k}" in self.seen:
                    k += 1
                new = f"{i}-{k}"
                self.duplicates.setdefault(i, [i]).append(new)
                i = new
            self.seen.add(i)
            out.append(i)
        return out


# ============================================================== column maps
@dataclass(frozen=True)
class ColumnMap:
    """How one kind of export names the article columns.

    Parameters
    ----------
    name : str
        The export's name (a key of :data:`EXPORTS`).
    signatures : tuple of frozenset
        The map applies when all columns of any one signature are present.
    columns : mapping
        Canonical column → candidate source columns, first present wins (before the generic names).
    values : mapping
        Canonical column → function applied to each raw value (e.g. joining BASIL paragraphs).
    priority : int
        Lower is tried first.
    """

    name: str
    signatures: tuple
    columns: Mapping[str, tuple] = field(default_factory=dict)
    values: Mapping[str, Callable] = field(default_factory=dict)
    priority: int = 50

    def matches(self, cols: set[str]) -> bool:
        return any(sig <= cols for sig in self.signatures)


#: Registry of known export formats: name → :class:`ColumnMap`.
EXPORTS = Registry("export")

_GENERIC = {
    "article_id": ("article_id", "id", "uuid", "stories_id", "doc_id"),
    "title": ("title", "headline", "heading"),
    "text": (
        "text", "body", "content", "maintext", "content_original", "article_text", "full_text",
        "fulltext", "story_text", "article_body", "articlebody", "body_text", "article", "story",
    ),
    "outlet": ("outlet", "source", "media_name", "source_domain", "publisher", "publication", "sitename", "site_name", "media", "source_name", "newspaper"),
    "published": ("published", "date", "publish_date", "date_publish", "published_at", "publication_date", "pubdate", "pub_date", "published_date", "datetime", "timestamp"),
    "url": ("url", "link", "article_url", "news_link", "href", "permalink"),
    "author": ("author", "authors", "byline", "writer", "writers", "creator"),
}


def _join_paragraph_lists(value):
    """BASIL ``body-paragraphs``: a list of paragraphs (each a list of sentences) → blank-line text."""
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return value
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        paras = []
        for p in value:
            if isinstance(p, np.ndarray):
                p = p.tolist()
            if isinstance(p, (list, tuple)):
                p = " ".join(s.strip() for s in p if isinstance(s, str) and s.strip())
            if isinstance(p, str) and p.strip():
                paras.append(p.strip())
        return "\n\n".join(paras)
    return value


_BASIL_OUTLETS = {"nyt": "New York Times", "fox": "Fox News", "hpo": "HuffPost"}


def _basil_outlet(value):
    return _BASIL_OUTLETS.get(value.strip().lower(), value) if isinstance(value, str) else value


EXPORTS.register("basil", ColumnMap(
    "basil", (frozenset({"body-paragraphs"}),),
    {"article_id": ("uuid",), "text": ("body-paragraphs",), "outlet": ("source",), "published": ("date",), "title": ("title",), "url": ("url",)},
    {"text": _join_paragraph_lists, "outlet": _basil_outlet},
    priority=10,
))
EXPORTS.register("news-please", ColumnMap(
    "news-please", (frozenset({"maintext"}),),
    {"text": ("maintext",), "published": ("date_publish",), "outlet": ("source_domain",), "author": ("authors",), "title": ("title",), "url": ("url",)},
    priority=20,
))
EXPORTS.register("allsides", ColumnMap(
    "allsides", (frozenset({"content_original"}), frozenset({"bias_text", "content"})),
    {"article_id": ("ID",), "text": ("content_original", "content"), "outlet": ("source",), "published": ("date",), "author": ("authors",), "title": ("title",), "url": ("url",)},
    priority=30,
))
EXPORTS.register("media-cloud", ColumnMap(
    "media-cloud", (frozenset({"stories_id"}), frozenset({"media_name", "publish_date"})),
    {"article_id": ("stories_id",), "published": ("publish_date",), "outlet": ("media_name",), "url": ("url",), "title": ("title",)},
    priority=40,
))
EXPORTS.register("nela-gt", ColumnMap(
    "nela-gt", (frozenset({"content", "source", "date"}),),
    {"article_id": ("id",), "text": ("content",), "outlet": ("source",), "published": ("date",), "author": ("author",), "title": ("title",), "url": ("url",)},
    priority=50,
))
EXPORTS.register("generic", ColumnMap("generic", (frozenset(),), {}, priority=100))


def _detect(cols: list[str], export: str | None) -> ColumnMap:
    if export is not None:
        return EXPORTS.get(export)
    have = set(cols)
    for name in sorted(EXPORTS.names(), key=lambda n: EXPORTS.get(n).priority):
        cmap = EXPORTS.get(name)
        if cmap.matches(have):
            return cmap
    return EXPORTS.get("generic")


def _resolve(cols: list[str], overrides: dict, export: str | None, source: str) -> tuple[ColumnMap, dict]:
    """Canonical column → source column (or None) for a table with columns ``cols``."""
    cmap = _detect(cols, export)
    lower: dict[str, str] = {}
    for c in cols:
        lower.setdefault(str(c).lower(), c)
    mapping: dict[str, object] = {}
    used: set = set()
    for key, canon in OVERRIDES.items():
        col = overrides.get(key)
        if col is not None:
            if col not in cols:
                raise missing_columns(
                    source, [col], cols,
                    fix=f"`{key}` must name a column of the source; pass one of the columns listed, or leave `{key}` out to detect it.",
                )
            mapping[canon] = col
            used.add(col)
    for canon in ARTICLE_COLUMNS:
        if canon in mapping:
            continue
        found = None
        for cand in (*cmap.columns.get(canon, ()), *_GENERIC[canon]):
            col = cand if cand in cols else lower.get(cand.lower())
            if col is not None and col not in used:
                found = col
                break
        mapping[canon] = found
        if found is not None:
            used.add(found)
    return cmap, mapping


def _string_columns(cols: list[str], overrides: dict, export: str | None) -> set:
    """Source columns that will be read as strings (ids keep leading zeros; text stays text)."""
    try:
        _, mapping = _resolve(cols, overrides, export, "source")
    except NewsLensError:  # the same error is raised with the file name during normalisation
        return set()
    return {c for c in mapping.values() if c is not None}


# ============================================================== encodings
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BLOCK = 1 << 22


@dataclass
class _Encoding:
    name: str  # codec for the whole file
    mixed: bool = False  # UTF-8 with some undecodable bytes: those records are errors
    note: str | None = None


def _sniff(path: Path) -> _Encoding:
    """Decide how to decode a file by scanning its bytes once."""
    with open(path, "rb") as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return _Encoding("utf-8-sig")
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return _Encoding("utf-16")
        f.seek(0)
        dec = codecs.getincrementaldecoder("utf-8")()
        valid, has_multi, cp_ok = True, False, True
        while True:
            block = f.read(_BLOCK)
            final = not block
            if not has_multi and _UTF8_MULTI.search(block):
                has_multi = True
            if valid:
                try:
                    dec.decode(block, final=final)
                except UnicodeDecodeError:
                    valid = False
            if not valid and cp_ok:
                try:
                    block.decode("cp1252")
                except UnicodeDecodeError:
                    cp_ok = False
            if final:
                break
    if valid:
        return _Encoding("utf-8")
    if has_multi:
        return _Encoding("utf-8", mixed=True, note=f"{path}: some bytes are not valid UTF-8; records containing them were skipped")
    name = "cp1252" if cp_ok else "latin-1"
    return _Encoding(name, note=f"{path}: not UTF-8; decoded as {name}")


def _decode_bytes(data: bytes, label: str) -> tuple[str, str | None]:
    """Decode a whole one-document file; returns (text, note or None)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTI.search(data):
        bad = len(data.decode("utf-8", "replace")) - len(data.decode("utf-8", "ignore"))
        return data.decode("utf-8", "replace"), f"{label}: {bad} undecodable byte(s) replaced with U+FFFD"
    try:
        return data.decode("cp1252"), f"{label}: not UTF-8; decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"{label}: not UTF-8; decoded as latin-1"


# ============================================================== readers
@dataclass
class _Batch:
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
class _Ctx:
    label: str
    overrides: dict
    export: str | None
    chunksize: int
    single: bool = False  # one article per file
    meta: dict | None = None
    file: str | None = None


#: Registry of file readers: suffix → function(path, ctx) yielding raw record batches.
READERS = Registry("file type")


def _reader(*suffixes):
    def deco(fn):
        for s in suffixes:
            READERS.register(s, fn)
        return fn

    return deco


def _error(source, reason, *, row=None, line=None, detail=None) -> dict:
    return {"source": source, "row": row, "line": line, "reason": reason, "detail": detail}


def _unreadable(path, why: str, fix: str) -> SourceError:
    return SourceError(f"Cannot read {str(path)!r}: {why}. {fix}")


_SKIP_LINE = re.compile(r"Skipping line (\d+): (.*)")
_SURROGATE = re.compile("[\udc80-\udcff]")


def _read_delimited(path: Path, ctx: _Ctx, sep: str) -> Iterator[_Batch]:
    enc = _sniff(path)
    opts = {"sep": sep, "encoding": enc.name, "encoding_errors": "surrogateescape" if enc.mixed else "strict"}
    try:
        header = pd.read_csv(path, nrows=0, **opts)
    except pd.errors.EmptyDataError:
        raise _unreadable(path, "the file is empty", "Check that it was exported completely.") from None
    except (pd.errors.ParserError, UnicodeError, ValueError) as e:
        raise _unreadable(path, f"it is not a readable {'tab' if sep == chr(9) else 'comma'}-separated file ({e})", "Check the delimiter and quoting, or load it with pandas and pass the DataFrame.") from None
    cols = [str(c) for c in header.columns]
    dtype = object if enc.mixed else {c: object for c in _string_columns(cols, ctx.overrides, ctx.export)}
    reader = pd.read_csv(path, dtype=dtype, chunksize=ctx.chunksize, on_bad_lines="warn", **opts)
    notes = [enc.note] if enc.note else []
    row = 0
    it = iter(reader)
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                chunk = next(it)
            except StopIteration:
                break
            except (pd.errors.ParserError, UnicodeError, ValueError) as e:
                raise _unreadable(path, f"parsing stopped after {row} rows ({e})", "Fix the file at that point, or load it with pandas and pass the DataFrame.") from None
        errors = []
        for w in caught:
            for m in _SKIP_LINE.finditer(str(w.message)):
                errors.append(_error(ctx.label, "malformed row", line=int(m.group(1)), detail=m.group(2).strip()))
        rows = list(range(row, row + len(chunk)))
        row += len(chunk)
        if enc.mixed:
            bad = np.zeros(len(chunk), dtype=bool)
            for c in chunk.columns:
                if chunk[c].dtype == object:
                    bad |= np.array([isinstance(v, str) and bool(_SURROGATE.search(v)) for v in chunk[c]], dtype=bool)
            if bad.any():
                for r in np.flatnonzero(bad):
                    errors.append(_error(ctx.label, "undecodable bytes", row=rows[r], detail="the record has bytes that are not valid UTF-8"))
                chunk = chunk[~bad]
                rows = [r for r, b in zip(rows, bad) if not b]
        yield _Batch(frame=chunk.reset_index(drop=True), rows=rows, errors=errors, notes=notes)
        notes = []


@_reader(".csv")
def _read_csv(path: Path, ctx: _Ctx) -> Iterator[_Batch]:
    """Comma-separated values, header in the first row; read in chunks."""
    return _read_delimited(path, ctx, ",")


@_reader(".tsv", ".tab")
def _read_tsv(path: Path, ctx: _Ctx) -> Iterator[_Batch]:
    """Tab-separated values, header in the first row; read in chunks."""
    return _read_delimited(path, ctx, "\t")


def _records_batches(records, ctx: _Ctx, *, notes=()) -> Iterator[_Batch]:
    """Chunk a list of JSON values into batches; non-objects become errors."""
    errors, notes = [], list(notes)
    good, rows = [], []
    for i, rec in enumerate(records):
        if isinstance(rec, Mapping):
            good.append(rec)
            rows.append(i)
        else:
            errors.append(_error(ctx.label, "not a JSON object", row=i, detail=f"got {type(rec).__name__}"))
        if len(good) >= ctx.chunksize:
            yield _Batch(records=good, rows=rows, errors=errors, notes=notes)
            good, rows, errors, notes = [], [], [], []
    if good or errors or notes:
        yield _Batch(records=good, rows=rows, errors=errors, notes=notes)


_RECORD_KEYS = ("articles", "data", "records", "items", "results", "stories", "documents", "docs")


@_reader(".json")
def _read_json(path: Path, ctx: _Ctx) -> Iterator[_Batch]:
    """A JSON list of article objects, one article object, or one object per line."""
    text, note = _decode_bytes(path.read_bytes(), str(path))
    notes = [note] if note else []
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":  # several objects: one per line
            yield from _jsonl_lines(text.splitlines(), ctx, notes)
            return
        raise _unreadable(path, f"it is not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})",
                          "Fix the file, or write one JSON object per line (.jsonl) so that one bad record only skips that line.") from None
    if isinstance(obj, Mapping):
        lists = [k for k in _RECORD_KEYS if isinstance(obj.get(k), list)]
        obj = obj[lists[0]] if lists else [obj]
    if not isinstance(obj, list):
        raise _unreadable(path, f"the JSON holds a {type(obj).__name__}, not articles", "Save a list of article objects, or one object per article.")
    yield from _records_batches(obj, ctx, notes=notes)


def _jsonl_lines(lines, ctx: _Ctx, notes, *, raw: bool = False, encoding: str = "utf-8", first: int = 1) -> Iterator[_Batch]:
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
                errors.append(_error(ctx.label, "undecodable bytes", line=lineno, detail="the line has bytes that are not valid UTF-8"))
                continue
        elif not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as e:
            errors.append(_error(ctx.label, "malformed JSON line", line=lineno, detail=str(e)))
            continue
        if not isinstance(rec, dict):
            errors.append(_error(ctx.label, "not a JSON object", line=lineno, detail=f"got {type(rec).__name__}"))
            continue
        records.append(rec)
        lns.append(lineno)
        if len(records) >= ctx.chunksize:
            yield _Batch(records=records, lines=lns, errors=errors, notes=notes)
            records, lns, errors, notes = [], [], [], []
    if records or errors or notes:
        yield _Batch(records=records, lines=lns, errors=errors, notes=notes)


@_reader(".jsonl", ".ndjson")
def _read_jsonl(path: Path, ctx: _Ctx) -> Iterator[_Batch]:
    """One JSON object per line; a bad line skips only that record."""
    if path.stat().st_size == 0:
        raise _unreadable(path, "the file is empty", "Check that it was exported completely.")
    enc = _sniff(path)
    notes = [enc.note] if enc.note and not enc.mixed else []
    if enc.name == "utf-16":
        yield from _jsonl_lines(path.read_text("utf-16").splitlines(), ctx, notes)
        return
    with open(path, "rb") as f:
        yield from _jsonl_lines(f, ctx, notes, raw=True, encoding="utf-8" if enc.name == "utf-8-sig" else enc.name)


def _read_jsonl_range(path: Path, ctx: _Ctx, start: int, end: int, first_line: int, encoding: str, notes: list) -> Iterator[_Batch]:
    """The lines of a JSONL file between byte offsets ``start`` and ``end`` (a partition)."""
    def lines(f):
        pos = start
        while pos < end:
            line = f.readline()
            if not line:
                return
            pos += len(line)
            yield line

    with open(path, "rb") as f:
        f.seek(start)
        yield from _jsonl_lines(lines(f), ctx, list(notes), raw=True, encoding=encoding, first=first_line)


def _jsonl_ranges(path: Path, lines_per_range: int) -> list[tuple[int, int, int]]:
    """``(start byte, end byte, first line number)`` of consecutive blocks of non-blank lines."""
    ranges, start, first, count, pos, lineno = [], 0, 1, 0, 0, 0
    with open(path, "rb") as f:
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


@_reader(".parquet", ".pq")
def _read_parquet(path: Path, ctx: _Ctx) -> Iterator[_Batch]:
    """Apache Parquet, read in batches of at most ``chunksize`` rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError, ValueError) as e:
        raise _unreadable(path, f"it is not a valid Parquet file ({e})", "Re-export it, or load it with another tool and pass a DataFrame.") from None
    row = 0
    try:
        for rb in pf.iter_batches(batch_size=ctx.chunksize):
            df = rb.to_pandas()
            yield _Batch(frame=df, rows=list(range(row, row + len(df))))
            row += len(df)
    except (pa.ArrowException, OSError, ValueError) as e:
        raise _unreadable(path, f"the Parquet data is corrupt after {row} rows ({e})", "Re-export the file.") from None


@_reader(".txt")
def _read_txt(path: Path, ctx: _Ctx) -> Iterator[_Batch]:
    """One article: the first non-empty line is the title, the rest the text.

    A repeat of the title as the next paragraph is dropped.
    """
    text, note = _decode_bytes(path.read_bytes(), str(path))
    text = clean_text(text)
    title, body = _split_title(text, strict=True) if text else (None, text)
    yield _Batch(records=[{"title": title, "text": body}], notes=[note] if note else [])


@_reader(".html", ".htm")
def _read_html(path: Path, ctx: _Ctx) -> Iterator[_Batch]:
    """One article: main text, title, author, date, url and site name extracted from HTML."""
    text, note = _decode_bytes(path.read_bytes(), str(path))
    rec = html_article(text)
    yield _Batch(records=[rec], notes=[note] if note else [])


# ---------------------------------------------------------------- HTML extraction
def _doc_paragraphs(body) -> list[str]:
    paras = []
    for el in body:
        if el.tag == "list":
            items = [" ".join("".join(i.itertext()).split()) for i in el.iter("item")]
            paras.append("\n".join(i for i in items if i))
        elif el.tag == "table":
            rows = [" | ".join(" ".join("".join(c.itertext()).split()) for c in r.iter("cell")) for r in el.iter("row")]
            paras.append("\n".join(r for r in rows if r.strip(" |")))
        else:
            paras.append(" ".join("".join(el.itertext()).split()))
    return [p for p in paras if p]


_HTML_DROP = "//script|//style|//noscript|//template|//iframe|//svg|//form|//nav|//footer|//aside"
_HTML_BLOCKS = "//body//*[self::p or self::h2 or self::h3 or self::h4 or self::li or self::blockquote or self::pre]"


def _meta(tree, *xpaths):
    for xp in xpaths:
        vals = [v.strip() for v in tree.xpath(xp) if isinstance(v, str) and v.strip()]
        if vals:
            return vals[0]
    return None


def _lxml_article(html: str) -> dict:
    """Plain lxml extraction for pages trafilatura declines (very short pages)."""
    from lxml import etree
    from lxml import html as lhtml

    try:
        tree = lhtml.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return {}
    out = {
        "author": _meta(tree, "//meta[@name='author']/@content", "//meta[@property='article:author']/@content", "//*[@rel='author']/text()"),
        "published": _meta(tree, "//meta[@property='article:published_time']/@content", "//meta[@name='date']/@content",
                           "//meta[@name='pubdate']/@content", "//meta[@itemprop='datePublished']/@content", "//time/@datetime"),
        "url": _meta(tree, "//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"),
        "outlet": _meta(tree, "//meta[@property='og:site_name']/@content"),
    }
    for el in tree.xpath(_HTML_DROP):
        el.drop_tree()
    h1 = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    title = _meta(tree, "//meta[@property='og:title']/@content") or (h1[0] if h1 else None) or _meta(tree, "//title/text()")
    blocks = [" ".join(b.text_content().split()) for b in tree.xpath(_HTML_BLOCKS) if not b.xpath("ancestor::p|ancestor::li|ancestor::blockquote")]
    blocks = [b for b in blocks if b]
    if not blocks:
        body = tree.find("body")
        text = body.text_content() if body is not None else ""
        blocks = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    out["title"] = title
    out["text"] = "\n\n".join(blocks)
    return out


def html_article(html: str) -> dict:
    """Extract one article from an HTML page: ``title, text, author, published, url, outlet``.

    trafilatura finds the main text; if it returns nothing (very short pages) a plain lxml
    extraction is used.  ``<script>``/``<style>`` content never reaches ``text``; entities are
    decoded once by the HTML parser and never again.

    >>> html_article("<html><body><h1>Hi</h1><p>Tom &amp; Ann said &lt;b&gt; is bold.</p><script>x()</script></body></html>")["text"]
    'Tom & Ann said <b> is bold.'
    """
    import trafilatura

    rec: dict = {"title": None, "text": None, "author": None, "published": None, "url": None, "outlet": None}
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_images=False, favor_recall=True,
            date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
        )
    except Exception:  # trafilatura raises assorted errors on odd markup; fall back below
        doc = None
    fallback = _lxml_article(html) if html.strip() else {}
    if doc is not None and getattr(doc, "body", None) is not None:
        paras = _doc_paragraphs(doc.body)
        title = doc.title or fallback.get("title")
        if paras and title and normalize_for_compare(paras[0]) == normalize_for_compare(title):
            paras = paras[1:]
        rec.update(title=title, text="\n\n".join(paras) or None, author=doc.author, published=doc.date, url=doc.url, outlet=doc.sitename)
    fb_text, fb_title = fallback.get("text"), fallback.get("title")
    if rec["text"] and fb_text and fb_title:
        # on very short pages trafilatura may glue the headline onto the first paragraph
        if normalize_for_compare(rec["text"]) == normalize_for_compare(f"{fb_title} {fb_text}"):
            rec["text"] = fb_text
    if not rec["text"]:
        rec["text"] = fallback.get("text") or None
        if rec["text"] and rec["title"] is None and fallback.get("title"):
            first, _, rest = rec["text"].partition("\n\n")
            if normalize_for_compare(first) == normalize_for_compare(fallback["title"]):
                rec["text"] = rest or rec["text"]
    for k in ("title", "author", "published", "url", "outlet"):
        if not rec[k]:
            rec[k] = fallback.get(k)
    return rec


# ============================================================== normalisation
_META_COLUMNS = ("article_id", "title", "outlet", "published", "url", "author")


def _text_status(v):
    """(clean text or None, error reason or None) for one raw text value."""
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None, "missing text"
    if not isinstance(v, str):
        return None, "non-string text"
    t = clean_text(v)
    if not t:
        return None, "empty text"
    return t, None


def _missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v))


def _normalise(batch: _Batch, ctx: _Ctx, ids: _IdState) -> tuple[pd.DataFrame | None, list, int, dict]:
    """Raw batch → articles rows, errors, number of unparsed dates, the column mapping used."""
    errors = list(batch.errors)
    n = len(batch)
    if n == 0:
        return None, errors, 0, {}
    rows = batch.rows if batch.rows is not None else [None] * n
    lines = batch.lines if batch.lines is not None else [None] * n
    sources = batch.sources if batch.sources is not None else [ctx.label] * n
    frame = batch.frame
    if frame is not None:
        cols = [str(c) for c in frame.columns]
        if list(frame.columns) != cols:
            frame = frame.set_axis(cols, axis=1)

        def column(c):
            return frame[c].tolist()
    else:
        cols = list(dict.fromkeys(str(k) for r in batch.records for k in r))
        records = [r if all(isinstance(k, str) for k in r) else {str(k): v for k, v in r.items()} for r in batch.records]

        def column(c):
            return [r.get(c) for r in records]
    cmap, mapping = _resolve(cols, ctx.overrides, ctx.export, ctx.label)
    used_map = {"export": cmap.name, **mapping}
    if mapping["text"] is None:
        fix = f"Pass text_col=… naming the column that holds the article text (columns: {', '.join(cols)})."
        errors.extend(_error(src, "no text column", row=r, line=ln, detail=fix) for src, r, ln in zip(sources, rows, lines))
        return None, errors, 0, used_map

    def raw(canon):
        col = mapping[canon]
        if col is None:
            return [None] * n
        vals = column(col)
        fn = cmap.values.get(canon)
        return [fn(v) for v in vals] if fn else vals

    data = {c: raw(c) for c in ARTICLE_COLUMNS}
    metas = batch.metas if batch.metas is not None else ([ctx.meta] * n if ctx.meta else None)
    meta_extra: dict[str, list] = {}
    if metas is not None:
        for i, m in enumerate(metas):
            for key, value in (m or {}).items():
                if key in _META_COLUMNS:
                    single = batch.singles[i] if batch.singles is not None else ctx.single
                    if single or _missing(data[key][i]) or data[key][i] == "":
                        data[key][i] = value
                else:
                    meta_extra.setdefault(key, [None] * n)[i] = value

    status = [_text_status(v) for v in data["text"]]
    keep = np.array([st[1] is None for st in status], dtype=bool)
    for (_, reason), src, r, ln in zip(status, sources, rows, lines):
        if reason is not None:
            errors.append(_error(src, reason, row=r, line=ln))
    if not keep.any():
        return None, errors, 0, used_map
    idx = np.flatnonzero(keep)

    def pick(vals):
        return [vals[i] for i in idx]

    text = [status[i][0] for i in idx]
    def cleaned(canon, fn):
        if mapping[canon] is None and metas is None:
            return [None] * len(idx)
        return [fn(v) for v in pick(data[canon])]

    title = cleaned("title", _clean_line)
    outlet = cleaned("outlet", _clean_line)
    url = cleaned("url", _clean_line)
    author = cleaned("author", _clean_author)
    published, unparsed = parse_dates(pick(data["published"]))
    src_ids = [_id_value(v) for v in pick(data["article_id"])]
    art_ids = ids.assign([i if i is not None else stable_id(u, t, x) for i, u, t, x in zip(src_ids, url, title, text)])

    out = {
        "article_id": pd.Series(art_ids, dtype=object),
        "title": pd.Series(title, dtype=object),
        "text": pd.Series(text, dtype=object),
        "outlet": pd.Series(outlet, dtype=object),
        "published": published,
        "url": pd.Series(url, dtype=object),
        "author": pd.Series(author, dtype=object),
    }
    if batch.files is not None and any(f is not None for f in batch.files):
        out["file"] = pd.Series(pick(batch.files), dtype=object)
    elif ctx.file is not None:
        out["file"] = pd.Series([ctx.file] * len(idx), dtype=object)
    used = {c for c in mapping.values() if c is not None}
    extras = [c for c in cols if c not in used]
    for c in extras:
        name = c if c not in out else f"{c}_original"
        if frame is not None:
            out[name] = frame[c].iloc[idx].reset_index(drop=True)
        else:
            out[name] = pd.Series(pick(column(c)))
    for key, vals in meta_extra.items():
        if key not in out:
            out[key] = pd.Series(pick(vals))
    return pd.DataFrame(out), errors, unparsed, used_map


# ============================================================== sources
_GLOB_CHARS = re.compile(r"[*?\[]")


class _Metadata:
    """metadata.csv files of the folders being read, parsed once each."""

    def __init__(self):
        self._cache: dict[Path, dict | None] = {}
        self.notes: list[str] = []

    def table(self, folder: Path):
        if folder not in self._cache:
            self._cache[folder] = self._read(folder / "metadata.csv")
        return self._cache[folder]

    @staticmethod
    def is_metadata(path: Path) -> bool:
        if path.name != "metadata.csv":
            return False
        try:
            return "file" in pd.read_csv(path, nrows=0).columns
        except (ValueError, OSError, pd.errors.ParserError, UnicodeError):
            return False

    def _read(self, path: Path):
        if not path.is_file() or not self.is_metadata(path):
            return None
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=_sniff(path).name)
        table = {}
        for rec in df.to_dict("records"):
            key = posixpath.normpath(str(rec.pop("file")).strip().replace("\\", "/"))
            table[key] = {k.strip(): v.strip() for k, v in rec.items() if isinstance(v, str) and v.strip()}
        return table

    def lookup(self, path: Path, root: Path):
        folder = path.parent
        while True:
            table = self.table(folder)
            if table:
                key = path.relative_to(folder).as_posix()
                if key in table:
                    return table[key]
            if folder == root or folder == folder.parent or root not in folder.parents:
                return None
            folder = folder.parent


@dataclass
class _Part:
    """One readable piece of a source: a file, or an in-memory table."""

    label: str
    batches: Callable[[_Ctx], Iterator[_Batch]]
    single: bool = False
    meta: dict | None = None
    file: str | None = None
    path: Path | None = None


def _file_part(path: Path, label: str, meta: dict | None) -> _Part:
    reader = READERS.get(path.suffix.lower())
    single = path.suffix.lower() in (".txt", ".html", ".htm")
    return _Part(label, lambda ctx: reader(path, ctx), single=single, meta=meta, file=label, path=path)


def _supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def _unsupported_type(path: Path) -> SourceError:
    return _unreadable(
        path, f"files ending in {path.suffix or '(no suffix)'!r} are not supported (supported: {', '.join(READERS.names())})",
        "Convert it to one of these (e.g. pandas.read_excel(...).to_csv(...)), or read it yourself and pass a DataFrame.",
    )


def _parts(source) -> tuple[list[_Part], list[str], bool]:
    """Split a source into parts; returns (parts, notes, multi_file)."""
    if isinstance(source, pd.DataFrame):
        return [_frame_part(source, "<DataFrame>")], [], False
    if isinstance(source, pd.Series):
        source = source.tolist()
    if isinstance(source, Mapping):
        source = [source]
    if isinstance(source, (str, os.PathLike)):
        return _path_parts(source)
    if isinstance(source, (list, tuple)):
        if all(isinstance(x, os.PathLike) for x in source) and source:
            parts, notes = [], []
            for p in source:
                ps, ns, _ = _path_parts(p)
                parts += ps
                notes += ns
            return parts, notes, True
        return [_list_part(list(source))], [], False
    raise SourceError(
        f"Cannot load a {type(source).__name__}. Pass a path to a file or folder, a glob pattern, "
        "a list of dicts (one per article), a list of strings, or a pandas DataFrame."
    )


def _frame_part(df: pd.DataFrame, label: str) -> _Part:
    def batches(ctx: _Ctx):
        for start in range(0, max(len(df), 1), ctx.chunksize):
            chunk = df.iloc[start:start + ctx.chunksize].reset_index(drop=True)
            yield _Batch(frame=chunk, rows=list(range(start, start + len(chunk))))

    return _Part(label, batches)


def _list_part(items: list) -> _Part:
    def batches(ctx: _Ctx):
        if any(isinstance(x, str) for x in items):
            yield from _strings_batches(items, ctx)
        else:
            yield from _dicts_batches(items, ctx)

    return _Part("<list>", batches)


def _strings_batches(items: list, ctx: _Ctx):
    for start in range(0, len(items), ctx.chunksize):
        titles, texts, rows, errors = [], [], [], []
        for i in range(start, min(start + ctx.chunksize, len(items))):
            x = items[i]
            if not isinstance(x, str):
                errors.append(_error("<list>", "non-string text", row=i, detail=f"got {type(x).__name__}"))
                continue
            t = clean_text(x)
            title, body = _split_title(t, strict=False) if t else (None, t)
            titles.append(title)
            texts.append(body)
            rows.append(i)
        yield _Batch(records=[{"title": a, "text": b} for a, b in zip(titles, texts)], rows=rows, errors=errors)


def _dicts_batches(items: list, ctx: _Ctx):
    for start in range(0, len(items), ctx.chunksize):
        recs, rows, errors = [], [], []
        for i in range(start, min(start + ctx.chunksize, len(items))):
            x = items[i]
            if isinstance(x, Mapping):
                recs.append(x)
                rows.append(i)
            else:
                errors.append(_error("<list>", "not a record", row=i, detail=f"got {type(x).__name__}; pass dicts (one per article) or strings"))
        yield _Batch(records=recs, rows=rows, errors=errors)


def _path_parts(source) -> tuple[list[_Part], list[str], bool]:
    text = os.fspath(source)
    path = Path(text).expanduser()
    meta = _Metadata()
    if path.is_file():
        if not _supported(path):
            raise _unsupported_type(path)
        return [_file_part(path, text, meta.lookup(path, path.parent))], meta.notes, False
    if path.is_dir():
        files, ignored = [], Counter()
        for p in sorted(path.rglob("*"), key=lambda q: q.relative_to(path).as_posix()):
            rel = p.relative_to(path)
            if not p.is_file() or any(part.startswith(".") for part in rel.parts):
                continue
            if not _supported(p):
                ignored[p.suffix or "(no suffix)"] += 1
                continue
            if _Metadata.is_metadata(p):
                continue
            files.append(p)
        notes = []
        if ignored:
            notes.append(f"{text}: ignored {sum(ignored.values())} file(s) of unsupported types ({', '.join(sorted(ignored))})")
        if not files:
            raise _unreadable(
                text, f"the folder holds no files of a supported type ({', '.join(READERS.names())})",
                "Point to the folder that contains the articles, or convert them to one of these types.",
            )
        parts = [_file_part(p, p.relative_to(path).as_posix(), meta.lookup(p, path)) for p in files]
        _check_metadata(path, files, meta, notes)
        return parts, notes, True
    if _GLOB_CHARS.search(text):
        matched = [Path(m) for m in sorted(_glob.glob(os.path.expanduser(text), recursive=True))]
        files = [p for p in matched if p.is_file() and _supported(p) and not _Metadata.is_metadata(p)]
        if not files:
            raise _unreadable(
                text, "the pattern matches no readable files" + (f" ({len(matched)} match(es) of unsupported types)" if matched else ""),
                f"Check the pattern from the current folder ({os.getcwd()}); supported types: {', '.join(READERS.names())}.",
            )
        return [_file_part(p, str(p), meta.lookup(p, p.parent)) for p in files], meta.notes, True
    raise _unreadable(text, "no such file or folder", f"Check the path (relative paths start at the current folder, {os.getcwd()}).")


def _check_metadata(root: Path, files: list[Path], meta: _Metadata, notes: list[str]) -> None:
    listed = {}
    for folder, table in meta._cache.items():
        for key in table or {}:
            listed[(folder / key).resolve()] = f"{(folder / 'metadata.csv')}: {key}"
    present = {p.resolve() for p in files}
    missing = [v for k, v in listed.items() if k not in present]
    if missing:
        notes.append(f"metadata.csv lists {len(missing)} file(s) not found: {', '.join(missing[:5])}")


# ============================================================== public API
def _check_overrides(overrides: dict) -> dict:
    for key, value in overrides.items():
        if key not in _KEYWORDS:
            raise invalid_choice("keyword", key, _KEYWORDS, fix="Name the source's columns with these keywords, e.g. text_col='body'.")
        if value is not None and not isinstance(value, str):
            raise OptionError(f"`{key}` must be a column name (str); got {value!r}. Pass e.g. {key}='{OVERRIDES.get(key, 'text')}'.")
    if overrides.get("export") is not None:
        EXPORTS.get(overrides["export"])
    return {k: v for k, v in overrides.items() if k in OVERRIDES and v is not None}


def _prepare(source, chunksize, overrides: dict) -> dict:
    """Check the arguments and split the source into parts (eagerly, so errors surface at the call)."""
    if not isinstance(chunksize, (int, np.integer)) or isinstance(chunksize, bool) or chunksize < 1:
        raise OptionError(f"`chunksize` must be a positive integer; got {chunksize!r}. Pass e.g. chunksize=10_000.")
    cols = _check_overrides(overrides)
    parts, notes, multi = _parts(source)
    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else "the source"
    return {"parts": parts, "notes": notes, "multi": multi, "cols": cols, "export": overrides.get("export"),
            "chunksize": int(chunksize), "name": name}


def _iter_chunks(plan: dict) -> Iterator[tuple[pd.DataFrame | None, dict]]:
    """Yield (articles chunk, report) pairs, then (None, {"duplicate_ids": …}) at the end."""
    chunksize, cols, export, multi = plan["chunksize"], plan["cols"], plan["export"], plan["multi"]
    ids = _IdState()
    readable = 0
    file_errors: list[dict] = []
    pending = {"errors": [], "notes": list(plan["notes"]), "unparsed_dates": 0, "maps": {}}
    buffer: list[pd.DataFrame] = []
    buffered = 0

    def new_merged():
        return _Batch(records=[], rows=[], lines=[], sources=[], files=[], metas=[], singles=[])

    merged = new_merged()

    def flush():
        nonlocal buffer, buffered, pending
        frames = [f for f in buffer if len(f)]
        out = pd.concat(frames, ignore_index=True, sort=False) if frames else empty_articles()
        report = {**pending, "duplicate_ids": {}}
        buffer, buffered = [], 0
        pending = {"errors": [], "notes": [], "unparsed_dates": 0, "maps": {}}
        return out, report

    def process(batch: _Batch, ctx: _Ctx):
        nonlocal buffered
        pending["notes"].extend(batch.notes)
        df, errs, unparsed, mapping = _normalise(batch, ctx, ids)
        pending["errors"].extend(errs)
        pending["unparsed_dates"] += unparsed
        if mapping:
            pending["maps"].setdefault(mapping.pop("export"), mapping)
        if df is not None and len(df):
            for start in range(0, len(df), chunksize):  # no chunk may exceed chunksize
                piece = df.iloc[start:start + chunksize]
                if buffered + len(piece) > chunksize:
                    yield flush()
                buffer.append(piece)
                buffered += len(piece)

    def process_merged():
        nonlocal merged
        if len(merged) or merged.errors or merged.notes:
            batch, merged = merged, new_merged()
            yield from process(batch, _Ctx(batch.sources[0] if batch.sources else plan["name"], cols, export, chunksize))

    def failed(part, e):
        if not multi:
            raise e
        err = _error(part.label, "unreadable file", detail=str(e))
        pending["errors"].append(err)
        file_errors.append(err)

    for part in plan["parts"]:
        ctx = _Ctx(part.label, cols, export, chunksize, single=part.single, meta=part.meta, file=part.file)
        try:
            for b in part.batches(ctx):
                if b.frame is not None:  # tabular: normalise as it comes
                    yield from process_merged()
                    yield from process(b, ctx)
                    continue
                # records (one-article files, JSON): gather those of the same shape across files
                keys = set(b.records[0]) if b.records else None
                if merged.records and keys is not None and keys != set(merged.records[0]):
                    yield from process_merged()
                k = len(b)
                merged.records.extend(b.records)
                merged.rows.extend(b.rows if b.rows is not None else [None] * k)
                merged.lines.extend(b.lines if b.lines is not None else [None] * k)
                merged.sources.extend([part.label] * k)
                merged.files.extend([part.file] * k)
                merged.metas.extend([part.meta] * k)
                merged.singles.extend([part.single] * k)
                merged.errors.extend(b.errors)
                merged.notes.extend(b.notes)
                if len(merged) >= chunksize:
                    yield from process_merged()
            readable += 1
        except SourceError as e:
            failed(part, e)
    yield from process_merged()
    if multi and readable == 0:
        shown = "; ".join(e["detail"] for e in file_errors[:3])
        raise SourceError(f"None of the {len(plan['parts'])} file(s) in {plan['name']} could be read: {shown}")
    if buffer or pending["errors"] or pending["notes"] or pending["unparsed_dates"] or not ids.seen:
        yield flush()
    yield None, {"duplicate_ids": ids.duplicates}


def _collect(plan) -> pd.DataFrame:
    """All chunks of a load plan as one articles table, with their errors, notes and maps in ``attrs``."""
    frames, report = [], {"errors": [], "notes": [], "unparsed_dates": 0, "maps": {}, "duplicate_ids": {}}
    for df, rep in _iter_chunks(plan):
        if df is None:
            report["duplicate_ids"] = rep["duplicate_ids"]
            break
        if len(df):
            frames.append(df)
        report["errors"] += rep["errors"]
        report["notes"] += rep["notes"]
        report["unparsed_dates"] += rep["unparsed_dates"]
        for k, v in rep["maps"].items():
            report["maps"].setdefault(k, v)
    out = pd.concat(frames, ignore_index=True, sort=False) if frames else empty_articles()
    return _attach(out, report)


def _attach(df: pd.DataFrame, report: dict) -> pd.DataFrame:
    df.attrs["errors"] = report["errors"]
    df.attrs["duplicate_ids"] = report["duplicate_ids"]
    df.attrs["unparsed_dates"] = report["unparsed_dates"]
    df.attrs["notes"] = report["notes"]
    df.attrs["newslens"] = {"step": "load", "column_maps": report["maps"]}
    return df


def _warn(df: pd.DataFrame, *, stacklevel: int) -> None:
    errors, dups, unparsed = df.attrs["errors"], df.attrs["duplicate_ids"], df.attrs["unparsed_dates"]
    parts = []
    if errors:
        by = Counter(e["reason"] for e in errors)
        parts.append(f"skipped {len(errors)} of {len(errors) + len(df)} records ({', '.join(f'{n} {r}' for r, n in by.most_common())})")
        fixes = {e["detail"] for e in errors if e["reason"] == "no text column"}
        if fixes:
            parts.append(next(iter(fixes)))
    if dups:
        ex = ", ".join(f"{k!r} → {v[1]!r}" for k, v in list(dups.items())[:3])
        parts.append(f"made {sum(len(v) - 1 for v in dups.values())} repeated article_id(s) unique ({ex})")
    if unparsed:
        parts.append(f"{unparsed} date(s) could not be parsed (published is NaT)")
    if parts:
        msg = "nl.load " + "; ".join(parts) + ". Details: articles.attrs['errors'], attrs['duplicate_ids'], attrs['unparsed_dates']."
        warnings.warn(msg, NewsLensWarning, stacklevel=stacklevel + 1)


def iter_load(source, *, chunksize: int = 10_000, **overrides) -> Iterator[pd.DataFrame]:
    """Load articles in chunks of at most ``chunksize`` rows, for corpora larger than memory.

    Files are read one after another; CSV/TSV and JSONL in chunks, Parquet by batches.  Every
    chunk is normalised exactly like :func:`load` (ids are unique across chunks) and carries
    its own ``attrs["errors"]``, ``attrs["unparsed_dates"]`` and ``attrs["notes"]``; the last
    chunk also carries ``attrs["duplicate_ids"]`` for the whole source.  One warning is issued
    per chunk that skipped records.

    Parameters
    ----------
    source : path, folder, glob, list or DataFrame
        As for :func:`load`.
    chunksize : int, default 10_000
        The most rows a chunk holds.
    **overrides
        As for :func:`load`.

    Yields
    ------
    DataFrame
        Articles tables with the columns of :func:`load`.

    Examples
    --------
    >>> from newslens.load import iter_load
    >>> texts = [f"Headline {i}\\n\\nBody text number {i}." for i in range(5)]
    >>> [len(chunk) for chunk in iter_load(texts, chunksize=2)]
    [2, 2, 1]
    """
    return _iter_load(_prepare(source, chunksize, overrides))


def _iter_load(plan: dict) -> Iterator[pd.DataFrame]:
    prev = None
    for df, report in _iter_chunks(plan):
        if df is None:  # end: the duplicate ids of the whole run go on the last chunk
            if prev is not None:
                prev.attrs["duplicate_ids"] = report["duplicate_ids"]
                _warn(prev, stacklevel=2)
                yield prev
            return
        if prev is not None:
            _warn(prev, stacklevel=2)
            yield prev
        prev = _attach(df, {**report, "duplicate_ids": {}})


@dataclass(frozen=True)
class Partition:
    """A piece of a file source that a worker can load on its own (picklable, no data inside).

    ``files`` holds ``(path, label, meta, byte range or None, first line, encoding, notes)``
    per file; a JSONL file is cut into byte ranges of ``chunksize`` lines, files of other
    types are read whole (one-article files are grouped ``chunksize`` at a time).
    """

    files: tuple
    chunksize: int
    overrides: tuple
    name: str


def partitions(source, *, chunksize: int = 10_000, **overrides) -> list[Partition] | None:
    """Plan how to load a file source in independent pieces, without reading its records.

    Returns None for in-memory sources (DataFrames, lists), which :func:`iter_load` chunks.
    Each :class:`Partition` is loaded by :func:`load_partition`, anywhere (e.g. on a Dask
    worker).  The rows are those :func:`iter_load` gives, in the same order; ids that repeat
    *across* partitions are not renamed (within one they are).

    Examples
    --------
    >>> from newslens.load import example_path, partitions, load_partition
    >>> parts = partitions(example_path(), chunksize=10)
    >>> sum(len(load_partition(p)) for p in parts) == len(load(example_path()))
    True
    """
    plan = _prepare(source, chunksize, overrides)
    if not all(part.path is not None for part in plan["parts"]):
        return None
    opts = tuple(sorted((k, v) for k, v in overrides.items() if v is not None))
    out: list[Partition] = []
    group: list[tuple] = []
    first_notes = list(plan["notes"])

    def flush():
        nonlocal group
        if group:
            out.append(Partition(tuple(group), plan["chunksize"], opts, plan["name"]))
            group = []

    for part in plan["parts"]:
        path = part.path
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            enc = _sniff(path)
            if enc.name != "utf-16":
                flush()
                notes = [enc.note] if enc.note and not enc.mixed else []
                codec = "utf-8" if enc.name == "utf-8-sig" else enc.name
                for start, end, first in _jsonl_ranges(path, plan["chunksize"]):
                    spec = (path, part.label, part.meta, (start, end), first, codec, tuple(notes + first_notes))
                    out.append(Partition((spec,), plan["chunksize"], opts, plan["name"]))
                    notes, first_notes = [], []
                continue
        if not part.single:
            flush()
        group.append((path, part.label, part.meta, None, 1, None, tuple(first_notes)))
        first_notes = []
        if not part.single or len(group) >= plan["chunksize"]:
            flush()
    flush()
    return out


def load_partition(partition: Partition) -> pd.DataFrame:
    """Load one :class:`Partition` planned by :func:`partitions` as an articles table.

    ``attrs`` carry the partition's ``errors``, ``notes`` and ``unparsed_dates`` as for
    :func:`load`; no warning is issued (the caller collects the errors).
    """
    parts, notes = [], []
    for path, label, meta, rng, first, codec, pnotes in partition.files:
        notes.extend(pnotes)
        if rng is None:
            parts.append(_file_part(Path(path), label, meta))
        else:
            def batches(ctx, path=Path(path), rng=rng, first=first, codec=codec):
                return _read_jsonl_range(path, ctx, rng[0], rng[1], first, codec, [])

            parts.append(_Part(label, batches, meta=meta, file=label, path=Path(path)))
    overrides = dict(partition.overrides)
    cols = _check_overrides(overrides)
    plan = {"parts": parts, "notes": notes, "multi": True, "cols": cols, "export": overrides.get("export"),
            "chunksize": partition.chunksize, "name": partition.name}
    return _collect(plan)


def load(source, **overrides) -> pd.DataFrame:
    """Load news articles into one table, one row per article.

    Parameters
    ----------
    source : str, path, list or DataFrame
        A file (``.csv .tsv .json .jsonl .parquet .txt .html .htm``), a folder (read
        recursively, sorted; a ``metadata.csv`` describes its files), a glob pattern, a list of
        dicts (one per article), a list of strings (a first line standing alone is taken as the
        title), or a DataFrame.
    text_col, title_col, date_col, outlet_col, id_col, url_col, author_col : str, optional
        The source column holding that field; these win over detection.
    export : str, optional
        Force a column map: one of ``EXPORTS.names()`` ('allsides', 'basil', 'generic',
        'media-cloud', 'nela-gt', 'news-please').  Detected from the columns when omitted.

    Returns
    -------
    DataFrame
        ``article_id`` (str, unique), ``title``, ``text``, ``outlet``, ``published``
        (datetime64[ns, UTC], NaT when unknown), ``url``, ``author`` (authors joined with ", "),
        then ``file`` (articles read from files: the path as given, or relative to the folder),
        then the source's other columns.  ``attrs``: ``errors`` (skipped records: source, row,
        line, reason, detail), ``duplicate_ids``, ``unparsed_dates``, ``notes`` (e.g. encoding
        fallbacks) and ``newslens`` (the column maps used).

    Raises
    ------
    SourceError
        When the source cannot be read at all (missing path, empty glob, unsupported type,
        corrupt file, a folder without readable files).
    OptionError
        For an unknown keyword or export name.

    Warns
    -----
    NewsLensWarning
        Once, when records were skipped, ids repeated or dates could not be parsed.

    Examples
    --------
    >>> import newslens as nl
    >>> arts = nl.load([{"title": "Storm hits coast", "text": "The storm hit.", "date": "June 19, 2024"}])
    >>> arts.loc[0, ["title", "text"]].tolist(), str(arts.loc[0, "published"])
    (['Storm hits coast', 'The storm hit.'], '2024-06-19 00:00:00+00:00')
    """
    out = _collect(_prepare(source, 100_000, overrides))
    _warn(out, stacklevel=2)
    return out


def example_path() -> Path:
    """The folder of the bundled example corpus (for ``nl.analyze`` and the CLI)."""
    return Path(str(_example_root()))


def _example_root():
    """The bundled corpus folder (a Traversable inside the installed package)."""
    return resources.files("newslens").joinpath("data", "corpus")


def load_example(**overrides) -> pd.DataFrame:
    """Load the corpus bundled with newslens: short articles about three events by four outlets.

    The corpus ships inside the package (``newslens/data/corpus``: .txt, .jsonl and .html
    files described by ``metadata.csv``), so this works after a plain ``pip install``.

    Parameters
    ----------
    **overrides
        As for :func:`load`.

    Returns
    -------
    DataFrame
        The articles table (see :func:`load`); ``file`` is relative to the corpus folder.

    Examples
    --------
    >>> import newslens as nl
    >>> arts = nl.load_example()
    >>> arts["outlet"].nunique() >= 4
    True
    """
    root = _example_root()
    if not root.is_dir():
        raise SourceError(
            f"The bundled example corpus is missing from this installation ({root}). "
            "Reinstall newslens (pip install --force-reinstall newslens), or load your own articles with nl.load(path)."
        )
    with resources.as_file(root) as path:
        return load(path, **overrides)
