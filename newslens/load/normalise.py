"""Raw record batches → rows of the articles table, in small named steps.

1. read the batch's columns (:class:`_Table`) and decide which holds which field
   (:func:`newslens.load.columns.resolve`);
2. take each field's raw values, apply a folder's ``metadata.csv`` (:func:`_apply_metadata`);
3. keep the records with a usable text, the others become errors (:func:`_check_texts`);
4. clean the one-line fields, parse the dates, give every article an id (:func:`_fields`);
5. append the ``file`` column and the source's other columns (:func:`_extra_columns`).

Ids are the source's id when it has one, else the first 16 hex digits of
``sha1(url + "\\n" + title + "\\n" + text)``; repeats get ``-2``, ``-3`` … (:class:`IdState`).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..schema import ARTICLE_COLUMNS
from .clean import clean_author, clean_line, clean_text, is_markup, markup_text
from .columns import resolve
from .dates import read_dates
from .readers import Batch, Ctx, error

__all__ = ["stable_id", "IdState", "Normalised", "normalise"]

_META_COLUMNS = ("article_id", "title", "outlet", "published", "url", "author")


# ---------------------------------------------------------------- ids
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


class IdState:
    """Ids seen so far in one load, to make repeats unique across files and chunks."""

    def __init__(self):
        self.seen: set[str] = set()
        self.duplicates: dict[str, list[str]] = {}
        self._suffix: dict[str, int] = {}  # per repeated id, the last suffix tried (all below it are taken)

    def assign(self, ids: list[str]) -> list[str]:
        out = []
        for i in ids:
            if i in self.seen:
                k = self._suffix.get(i, 1) + 1
                while f"{i}-{k}" in self.seen:
                    k += 1
                self._suffix[i] = k
                new = f"{i}-{k}"
                self.duplicates.setdefault(i, [i]).append(new)
                i = new
            self.seen.add(i)
            out.append(i)
        return out


# ---------------------------------------------------------------- one batch
@dataclass
class Normalised:
    """What normalising one batch gave: rows, skipped records, date problems, the column map used."""

    frame: pd.DataFrame | None = None
    errors: list = field(default_factory=list)
    unparsed_dates: int = 0
    partial_dates: list = field(default_factory=list)
    mapping: dict = field(default_factory=dict)
    markup: int = 0  # texts read as HTML markup


class _Table:
    """Column access to a raw batch, whether it holds a DataFrame or a list of records."""

    def __init__(self, batch: Batch):
        self.frame = batch.frame
        if self.frame is not None:
            self.cols = [str(c) for c in self.frame.columns]
            if list(self.frame.columns) != self.cols:
                self.frame = self.frame.set_axis(self.cols, axis=1)
            self.records = None
        else:
            self.cols = list(dict.fromkeys(str(k) for r in batch.records for k in r))
            self.records = [r if all(isinstance(k, str) for k in r) else {str(k): v for k, v in r.items()} for r in batch.records]

    def column(self, c: str) -> list:
        return self.frame[c].tolist() if self.frame is not None else [r.get(c) for r in self.records]

    def take(self, c: str, idx: np.ndarray) -> pd.Series:
        """The kept rows of one column, keeping a DataFrame column's dtype."""
        if self.frame is not None:
            return self.frame[c].iloc[idx].reset_index(drop=True)
        vals = self.column(c)
        return pd.Series([vals[i] for i in idx])


@dataclass
class _Where:
    """Where each record of a batch came from (for errors)."""

    sources: list
    rows: list
    lines: list

    @classmethod
    def of(cls, batch: Batch, ctx: Ctx) -> _Where:
        n = len(batch)
        return cls(batch.sources if batch.sources is not None else [ctx.label] * n,
                   batch.rows if batch.rows is not None else [None] * n,
                   batch.lines if batch.lines is not None else [None] * n)

    def error(self, i: int, reason: str, detail=None) -> dict:
        return error(self.sources[i], reason, row=self.rows[i], line=self.lines[i], detail=detail)


def _missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v))


def _text_status(v, markup: bool = False):
    """(clean text or None, error reason or None) for one raw text value; ``markup``: an HTML
    fragment (see :func:`~newslens.load.clean.is_markup`) is read as HTML."""
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None, "missing text"
    if not isinstance(v, str):
        return None, "non-string text"
    t = markup_text(v) if markup else clean_text(v)
    if not t:
        return None, "empty text"
    return t, None


def _raw_fields(table: _Table, cmap, mapping: dict) -> dict[str, list]:
    """Canonical field → raw values (None where the source lacks the field)."""
    n = len(table.frame) if table.frame is not None else len(table.records)
    out = {}
    for canon in ARTICLE_COLUMNS:
        col = mapping[canon]
        if col is None:
            out[canon] = [None] * n
            continue
        vals = table.column(col)
        fn = cmap.values.get(canon)
        out[canon] = [fn(v) for v in vals] if fn else vals
    return out


def _apply_metadata(fields: dict, metas: list, singles: list) -> dict[str, list]:
    """Let ``metadata.csv`` values override (one-article files) or fill (others) the fields.

    Returns the metadata's other columns, as extra columns.
    """
    n = len(metas)
    extra: dict[str, list] = {}
    for i, m in enumerate(metas):
        for key, value in (m or {}).items():
            if key in _META_COLUMNS:
                if singles[i] or _missing(fields[key][i]) or fields[key][i] == "":
                    fields[key][i] = value
            else:
                extra.setdefault(key, [None] * n)[i] = value
    return extra


def _check_texts(raw: list, where: _Where, singles: list) -> tuple[np.ndarray, list, list, int]:
    """(indices of usable records, their clean texts, errors of the others, how many were HTML markup).

    A text field of a table or of records that holds HTML markup (a CMS or API export) is read as
    HTML; the text of a one-article file (``singles``) was read by its file's reader and never is.
    """
    markup = [not single and isinstance(v, str) and is_markup(v) for v, single in zip(raw, singles)]
    status = [_text_status(v, m) for v, m in zip(raw, markup)]
    errors = [where.error(i, reason) for i, (_, reason) in enumerate(status) if reason is not None]
    idx = np.array([i for i, (_, reason) in enumerate(status) if reason is None], dtype=int)
    return idx, [status[i][0] for i in idx], errors, sum(markup)


def _fields(fields: dict, idx: np.ndarray, text: list, present: dict, ids: IdState, where: _Where) -> tuple[dict, int, list]:
    """The article columns of the kept records: (columns, unparsed dates, partial dates)."""
    def cleaned(canon, fn):
        if not present[canon]:
            return [None] * len(idx)
        return [fn(fields[canon][i]) for i in idx]

    title, outlet, url = cleaned("title", clean_line), cleaned("outlet", clean_line), cleaned("url", clean_line)
    author = cleaned("author", clean_author)
    raw_dates = [fields["published"][i] for i in idx]
    dates = read_dates(raw_dates)
    src_ids = [_id_value(fields["article_id"][i]) for i in idx]
    art_ids = ids.assign([i if i is not None else stable_id(u, t, x) for i, u, t, x in zip(src_ids, url, title, text)])
    partial = [{"source": where.sources[idx[k]], "row": where.rows[idx[k]], "line": where.lines[idx[k]],
                "article_id": art_ids[k], "value": str(raw_dates[k]), "published": dates.dates[k].isoformat()}
               for k in np.flatnonzero(dates.partial)]
    columns = {
        "article_id": pd.Series(art_ids, dtype=object),
        "title": pd.Series(title, dtype=object),
        "text": pd.Series(text, dtype=object),
        "outlet": pd.Series(outlet, dtype=object),
        "published": dates.dates,
        "url": pd.Series(url, dtype=object),
        "author": pd.Series(author, dtype=object),
    }
    return columns, int(dates.unparsed.sum()), partial


def _extra_columns(out: dict, table: _Table, mapping: dict, meta_extra: dict, idx: np.ndarray) -> None:
    """Append the source's unused columns (renamed ``<name>_original`` on a clash), then metadata's."""
    used = {c for c in mapping.values() if c is not None}
    for c in table.cols:
        if c not in used:
            out[c if c not in out else f"{c}_original"] = table.take(c, idx)
    for key, vals in meta_extra.items():
        if key not in out:
            out[key] = pd.Series([vals[i] for i in idx])


def normalise(batch: Batch, ctx: Ctx, ids: IdState) -> Normalised:
    """Raw batch → articles rows, the records skipped, date problems and the column map used."""
    result = Normalised(errors=list(batch.errors))
    n = len(batch)
    if n == 0:
        return result
    where = _Where.of(batch, ctx)
    table = _Table(batch)
    cmap, mapping = resolve(table.cols, ctx.overrides, ctx.export, ctx.label)
    result.mapping = {"export": cmap.name, **mapping}
    if mapping["text"] is None:
        fix = f"Pass text_col=… naming the column that holds the article text (columns: {', '.join(table.cols)})."
        result.errors += [where.error(i, "no text column", detail=fix) for i in range(n)]
        return result
    fields = _raw_fields(table, cmap, mapping)
    singles = batch.singles if batch.singles is not None else [ctx.single] * n
    metas = batch.metas if batch.metas is not None else ([ctx.meta] * n if ctx.meta else None)
    meta_extra = {}
    if metas is not None:
        meta_extra = _apply_metadata(fields, metas, singles)
    idx, text, errors, result.markup = _check_texts(fields["text"], where, singles)
    result.errors += errors
    if not len(idx):
        return result
    present = {c: mapping[c] is not None or metas is not None for c in ARTICLE_COLUMNS}
    out, result.unparsed_dates, result.partial_dates = _fields(fields, idx, text, present, ids, where)
    if batch.files is not None and any(f is not None for f in batch.files):
        out["file"] = pd.Series([batch.files[i] for i in idx], dtype=object)
    elif ctx.file is not None:
        out["file"] = pd.Series([ctx.file] * len(idx), dtype=object)
    _extra_columns(out, table, mapping, meta_extra, idx)
    result.frame = pd.DataFrame(out)
    return result
