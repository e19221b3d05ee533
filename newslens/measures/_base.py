"""What every measure shares: turning any input into units with keys, and provenance.

A measure accepts an articles table, a paragraphs or sentences table, any DataFrame with a
``text`` column, a Series of strings or a list of strings.  :func:`as_texts` turns all of
these into one DataFrame with key columns and ``text``; :func:`units` splits it to the level
asked for (``sentence``, ``paragraph`` or ``article``), keeping the keys and the offsets into
the article text.

The kind of a table is declared, never guessed from one column name
(:func:`newslens.schema.table_kind`): ``nl.paragraphs()``/``nl.sentences()`` output and tables
marked with ``nl.as_table(df, kind)`` are read as such; any other table is one article per row,
so its ``article_id`` values must be unique — repeats are an error naming them, not pooled.
Ids keep their values and dtype on the way through.

Segmenting is the costliest step every measure shares, so :func:`units` remembers the
paragraphs and sentences of the last few inputs it split (keyed on their ids, titles and
texts, not on object identity): running several measures on the same chunk of articles —
as ``nl.analyze`` does — segments it once.  Results are identical to segmenting afresh;
:func:`clear_cache` empties the memory.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd

from .. import __version__
from ..errors import ColumnError, invalid_choice, missing_columns
from ..schema import TABLE_ATTR, TABLE_KINDS, check_unique_columns, check_unique_keys, table_kind
from ..segment import paragraphs as _paragraphs
from ..segment import paragraph_sentences
from ..textnorm import plain_text

__all__ = ["LEVELS", "KEYS", "as_texts", "units", "keys_of", "check_level", "provenance", "input_kind", "clear_cache"]

LEVELS = ("sentence", "paragraph", "article")
KEYS = ("article_id", "paragraph", "sentence")


def check_level(level: str, allowed=LEVELS) -> str:
    """Validate ``level`` against ``allowed``."""
    if level not in allowed:
        raise invalid_choice("level", level, allowed)
    return level


def input_kind(df: pd.DataFrame) -> str:
    """Classify a DataFrame as 'sentences', 'paragraphs', 'articles' or 'texts' (no ``article_id``).

    The kind is the one declared in ``df.attrs`` (see :func:`newslens.schema.table_kind`).
    """
    if "article_id" not in df.columns and df.attrs.get(TABLE_ATTR) is None:
        return "texts"
    return table_kind(df)


_REPEATED_FIX = {
    "articles": "A measure reads one row per article, so rows sharing an id would be pooled into one result. "
                "Make the ids unique (nl.load(df) suffixes repeats with '-2', '-3'), drop the repeats "
                "(df.drop_duplicates('article_id')), or, if the rows are paragraphs or sentences of one article, "
                "number them and declare the table: nl.as_table(df, 'paragraphs') or nl.as_table(df, 'sentences').",
    "paragraphs": "Each paragraph needs its own number within its article; renumber them, e.g. "
                  "df.assign(paragraph=df.groupby('article_id').cumcount()).",
    "sentences": "Each sentence needs its own number within its article; renumber them, e.g. "
                 "df.assign(sentence=df.groupby('article_id').cumcount()).",
}


def as_texts(data) -> pd.DataFrame:
    """Return a DataFrame with ``text`` and an ``article_id`` key from any accepted input.

    Lists and Series of strings get ``article_id`` "0", "1", … (their position).  A
    DataFrame without ``article_id`` gets its row position as ``article_id``.  Non-string
    text (NaN, None, numbers) becomes the empty string, so a measure returns a neutral/NaN
    result for it instead of failing.  Text is read as :func:`newslens.textnorm.plain_text`
    gives it (no-break and other typographic spaces as plain ones, one character for one, so
    offsets into the given text stay valid).  The returned copy carries its kind in ``attrs``
    (:func:`newslens.schema.table_kind`); repeated keys and duplicate column names are errors.
    """
    if isinstance(data, str):
        data = [data]
    if isinstance(data, pd.Series):
        data = data.tolist()
    if isinstance(data, (list, tuple)):
        if not all(isinstance(x, str) or x is None or (isinstance(x, float) and x != x) for x in data):
            bad = next(i for i, x in enumerate(data) if not (isinstance(x, str) or x is None or (isinstance(x, float) and x != x)))
            raise ColumnError(
                f"Item {bad} of the list is a {type(data[bad]).__name__}, not a string. Pass a list of "
                "strings, or load records (dicts) with nl.load() first."
            )
        texts = [plain_text(t) if isinstance(t, str) else "" for t in data]
        df = pd.DataFrame({"article_id": [str(i) for i in range(len(data))], "text": texts})
        df.attrs[TABLE_ATTR] = "articles"
    elif isinstance(data, pd.DataFrame):
        check_unique_columns(data)
        if "text" not in data.columns:
            raise missing_columns("input", ["text"], data.columns, fix="Pass nl.load() output, nl.paragraphs()/nl.sentences() output, or a DataFrame with a `text` column.")
        kind = table_kind(data)
        df = data.copy()
        if "article_id" not in df.columns:
            df.insert(0, "article_id", [str(i) for i in range(len(df))])
        check_unique_keys(df, TABLE_KINDS[kind]["keys"], fix=_REPEATED_FIX[kind])
        # a Series of object dtype: a plain list would give an empty table a float column
        df["text"] = pd.Series([plain_text(t) if isinstance(t, str) else "" for t in df["text"]], index=df.index, dtype=object)
        df.attrs[TABLE_ATTR] = kind
    else:
        raise ColumnError(
            f"Cannot measure a {type(data).__name__}. Pass a DataFrame with a `text` column, a list of strings, "
            "or the output of nl.load(), nl.paragraphs() or nl.sentences()."
        )
    return df


def keys_of(df: pd.DataFrame, level: str) -> list[str]:
    """The key columns present at ``level``."""
    want = {"article": KEYS[:1], "paragraph": KEYS[:2], "sentence": KEYS}[level]
    return [k for k in want if k in df.columns]


def units(data, level: str = "sentence") -> pd.DataFrame:
    """Split any accepted input into units of ``level`` with keys, ``text``, ``start``, ``end``.

    * articles table → debris removed: body paragraphs, duplicates skipped (as ``nl.sentences``);
    * paragraphs table → its body, non-duplicate rows;
    * sentences table → its rows (``level='sentence'``) or rows grouped (higher levels);
    * a list or Series of strings, or a table with only ``text`` → one article per text, as an
      articles table (:func:`as_texts` gives each an ``article_id``).

    ``start``/``end`` are offsets into the text of the unit's article (when known).
    """
    check_level(level)
    df = as_texts(data)
    kind = input_kind(df)
    if level == "article" and kind == "articles":
        out = df.copy()
        out["start"] = 0
        out["end"] = out["text"].str.len()
        return out
    if kind == "sentences":
        if "start" not in df.columns:
            df = df.assign(start=0, end=df["text"].str.len())
        if level == "sentence":
            return df.copy()
        return _join_up(df, level)
    if kind == "paragraphs":
        paras = df
        if "kind" in paras.columns:
            paras = paras[paras["kind"] == "body"]
        if "duplicate" in paras.columns:
            paras = paras[~paras["duplicate"].astype(bool)]
        if "start" not in paras.columns:
            paras = paras.assign(start=0, end=paras["text"].str.len())
        if level == "paragraph":
            return paras.reset_index(drop=True)
        if level == "article":
            return _join_up(paras, "article")
        return paragraph_sentences(paras)
    # articles: segmenting is what the cache saves
    key = _content_key(df)
    paras = _cached((key, "paragraph"), lambda: _body_paragraphs(df))
    if level == "paragraph":
        return paras.copy()
    return _cached((key, "sentence"), lambda: paragraph_sentences(paras)).copy()


def _body_paragraphs(df: pd.DataFrame) -> pd.DataFrame:
    """Body, non-duplicate paragraphs of an articles table."""
    paras = _paragraphs(df)
    return paras[(paras["kind"] == "body") & ~paras["duplicate"]].reset_index(drop=True)


# ---------------------------------------------------------------- segmentation memory
_CACHE_SIZE = 4  # (input, level) entries: the sentences and paragraphs of the last two inputs
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


def _content_key(df: pd.DataFrame) -> tuple:
    """What segmentation depends on: the ids (with their types: 1 == 1.0 in Python), texts and titles, in order."""
    ids = df["article_id"]
    id_types = tuple(map(type, ids.tolist())) if ids.dtype == object else str(ids.dtype)
    return ("articles", id_types, *(tuple(df[c].tolist()) if c in df.columns else None for c in ("article_id", "text", "title")))


def _cached(key: tuple, compute):
    try:
        with _cache_lock:
            hit = _cache.get(key)
            if hit is not None:
                _cache.move_to_end(key)
                return hit
    except (TypeError, ValueError):  # unhashable or ambiguous values (arrays, pd.NA): no memory
        return compute()
    value = compute()
    with _cache_lock:
        _cache[key] = value
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def clear_cache() -> None:
    """Forget the segmentations :func:`units` remembers (they are recomputed when needed).

    >>> clear_cache()
    """
    with _cache_lock:
        _cache.clear()


def _join_up(df: pd.DataFrame, level: str) -> pd.DataFrame:
    """Group finer units into ``level`` units, joining their text with blank lines."""
    keys = keys_of(df, level)
    g = df.groupby(keys, sort=False)
    out = g.agg(text=("text", "\n\n".join), start=("start", "min"), end=("end", "max")).reset_index()
    return out


def provenance(df: pd.DataFrame, *, measure: str, method: str, level: str, resources: dict | None = None, **extra) -> pd.DataFrame:
    """Record how a score table was made in ``df.attrs['newslens']`` and return ``df``."""
    df.attrs["newslens"] = {
        "measure": measure,
        "method": method,
        "level": level,
        "resources": dict(resources or {}),
        "newslens_version": __version__,
        **extra,
    }
    return df
