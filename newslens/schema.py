"""Column contracts of the tables newslens passes around, and their validation.

The articles table (the output of :func:`newslens.load`) always starts with
:data:`ARTICLE_COLUMNS`; any further columns are the extra columns of the source.

What kind of table a DataFrame is (articles, paragraphs or sentences) is declared, not guessed
from its column names: :func:`newslens.paragraphs` and :func:`newslens.sentences` mark their
output in ``df.attrs["newslens_table"]`` (pandas keeps ``attrs`` through filtering, ``assign``,
sorting, ``concat`` of marked tables and Parquet), and :func:`as_table` marks a table built
elsewhere.  An unmarked table is an articles table — unless it has *every* column of
``nl.paragraphs()``/``nl.sentences()`` output (the mark was lost, e.g. by ``merge`` or a CSV
round trip): then it is read as that kind with a :class:`~newslens.errors.NewsLensWarning` that
says how to mark it.  An articles table with one extra column called ``paragraph`` stays an
articles table.

Ids are compared in one way everywhere (:func:`id_key`): by their text, with whole numbers
written without a decimal point, so ``1``, ``1.0``, ``np.int64(1)`` and ``"1"`` are one id
while ``"01"`` is another.  Outputs keep the ids as they were given (same values, same dtype).

>>> import pandas as pd
>>> from newslens.schema import validate_articles
>>> arts = pd.DataFrame({"article_id": ["a", "b"], "text": ["One.", "Two."]})
>>> validate_articles(arts, columns=("article_id", "text")) is arts
True
"""
from __future__ import annotations

import numbers
import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .errors import ColumnError, NewsLensWarning, invalid_choice, missing_columns

__all__ = [
    "ARTICLE_COLUMNS",
    "ARTICLE_DTYPES",
    "PARAGRAPH_COLUMNS",
    "SENTENCE_COLUMNS",
    "ERROR_KEYS",
    "EVIDENCE_KEYS",
    "TABLE_ATTR",
    "TABLE_KINDS",
    "validate_articles",
    "empty_articles",
    "as_table",
    "table_kind",
    "id_key",
    "keep_id_dtype",
    "check_unique_columns",
    "check_unique_keys",
]

#: The columns every articles table starts with, in this order.
ARTICLE_COLUMNS = ("article_id", "title", "text", "outlet", "published", "url", "author")

#: Their types. ``"str"`` means Python strings (object or pandas string dtype), missing as
#: None/NaN; ``article_id`` and ``text`` are never missing.
ARTICLE_DTYPES = {
    "article_id": "str",
    "title": "str",
    "text": "str",
    "outlet": "str",
    "published": "datetime64[ns, UTC]",
    "url": "str",
    "author": "str",
}

#: Columns of ``nl.paragraphs()`` and ``nl.sentences()``.
PARAGRAPH_COLUMNS = ("article_id", "paragraph", "kind", "duplicate", "text", "start", "end")
SENTENCE_COLUMNS = ("article_id", "paragraph", "sentence", "text", "start", "end")

#: Where a table's kind is declared: ``df.attrs[TABLE_ATTR]`` is one of :data:`TABLE_KINDS`.
TABLE_ATTR = "newslens_table"
#: Each kind of table: the columns it needs and the columns that identify a row.
TABLE_KINDS = {
    "articles": {"columns": ("text",), "keys": ("article_id",)},
    "paragraphs": {"columns": ("article_id", "paragraph", "text"), "keys": ("article_id", "paragraph")},
    "sentences": {"columns": ("article_id", "paragraph", "sentence", "text"), "keys": ("article_id", "sentence")},
}

#: Keys of each dict in ``articles.attrs["errors"]``.
ERROR_KEYS = ("source", "row", "line", "reason")

#: Keys every evidence dict carries (plus measure-specific ones).
EVIDENCE_KEYS = ("text", "start", "end")

_LOAD_FIX = "Load the articles with nl.load(), which builds every column, or add the missing ones."


def empty_articles() -> pd.DataFrame:
    """An articles table with no rows and the right columns and dtypes.

    >>> empty_articles().columns.tolist()
    ['article_id', 'title', 'text', 'outlet', 'published', 'url', 'author']
    """
    data = {c: pd.Series([], dtype=object) for c in ARTICLE_COLUMNS}
    data["published"] = pd.Series([], dtype="datetime64[ns, UTC]")
    return pd.DataFrame(data)


def validate_articles(df, *, columns: Iterable[str] = ARTICLE_COLUMNS, strict: bool = False, table: str = "articles") -> pd.DataFrame:
    """Check that ``df`` is a usable articles table and return it unchanged.

    Parameters
    ----------
    df : DataFrame
        The table to check.
    columns : iterable of str, default :data:`ARTICLE_COLUMNS`
        The columns the caller needs.  ``article_id`` is always checked for unique,
        non-missing values when present.
    strict : bool, default False
        Also check the types: ``published`` must be ``datetime64[ns, UTC]`` and ``text``
        must hold strings.
    table : str, default "articles"
        How the table is called in error messages.

    Returns
    -------
    DataFrame
        ``df`` itself (not a copy), so the call can be chained.

    Raises
    ------
    ColumnError
        Naming the missing columns, the duplicated or missing ids, or the wrong type, and the fix.

    Examples
    --------
    >>> import pandas as pd
    >>> validate_articles(pd.DataFrame({"article_id": ["a", "a"], "text": ["x", "y"]}), columns=["text"])
    Traceback (most recent call last):
    ...
    newslens.errors.ColumnError: The articles table has 1 duplicated article_id value(s): 'a'. ...
    """
    if not isinstance(df, pd.DataFrame):
        raise ColumnError(
            f"The {table} table must be a pandas DataFrame; got a {type(df).__name__}. "
            "Build it with nl.load(source), which accepts paths, lists and DataFrames."
        )
    check_unique_columns(df, table=table)
    need = list(columns)
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise missing_columns(table, missing, list(df.columns), fix=_LOAD_FIX)
    if "article_id" in df.columns:
        ids = df["article_id"]
        if ids.isna().any():
            n = int(ids.isna().sum())
            raise ColumnError(
                f"The {table} table has {n} missing article_id value(s). "
                "Give every article an id, or load it with nl.load(), which derives stable ids from url, title and text."
            )
        dup = ids[id_key(ids).duplicated(keep=False)]
        if len(dup):
            shown = list(dict.fromkeys(dup.astype(str)))
            more = f" (and {len(shown) - 5} more)" if len(shown) > 5 else ""
            raise ColumnError(
                f"The {table} table has {len(shown)} duplicated article_id value(s): "
                f"{', '.join(repr(s) for s in shown[:5])}{more}. Make them unique, e.g. pass the table "
                "through nl.load(df), which suffixes repeats with '-2', '-3'."
            )
    if strict:
        if "published" in df.columns and str(df["published"].dtype) != ARTICLE_DTYPES["published"]:
            raise ColumnError(
                f"Column `published` of the {table} table must have dtype datetime64[ns, UTC]; it has "
                f"{df['published'].dtype}. Fix: df.assign(published=pd.to_datetime(df['published'], utc=True, "
                "errors='coerce').astype('datetime64[ns, UTC]')), or load it with nl.load()."
            )
        if "text" in df.columns:
            bad = [i for i, t in enumerate(df["text"].tolist()) if not isinstance(t, str)]
            if bad:
                raise ColumnError(
                    f"Column `text` of the {table} table must hold strings; {len(bad)} row(s) do not "
                    f"(first at position {bad[0]}). Load it with nl.load(), which skips and reports such rows."
                )
    return df


# ---------------------------------------------------------------- ids
def id_key(ids) -> pd.Series:
    """The text each id is compared by: whole numbers without a decimal point, missing as None.

    Every join of newslens (scores with articles, codes with units, one article of a table)
    compares ids through this one function, so an id read back as ``1.0`` (a column with a gap
    becomes float), ``np.int64(1)`` or ``"1"`` (a CSV round trip) still finds article ``1``.
    Outputs keep the ids as they were given; only the comparison uses these keys.

    Parameters
    ----------
    ids : Series or sequence
        Ids of any dtype: strings, integers, floats, categorical or a mix.

    Returns
    -------
    Series of object
        One key per id (same index), None where the id is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> id_key(pd.Series([1, 2.0, "3", "03", None], dtype=object)).tolist()
    ['1', '2', '3', '03', None]
    """
    s = ids if isinstance(ids, pd.Series) else pd.Series(list(ids), dtype=object)
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = np.array(id_key(pd.Series(s.cat.categories, dtype=object)).tolist() + [None], dtype=object)
        return pd.Series(cats[s.cat.codes.to_numpy()], index=s.index, dtype=object)  # code -1 -> None
    if pd.api.types.is_integer_dtype(s.dtype) and not s.hasnans:
        return pd.Series([str(int(v)) for v in s.tolist()], index=s.index, dtype=object)
    return pd.Series([_key(v) for v in s.tolist()], index=s.index, dtype=object)


def keep_id_dtype(out: pd.DataFrame, ids: pd.Series) -> pd.DataFrame:
    """``out`` with its ``article_id`` column in the dtype of the ``ids`` it was made from (in place).

    Integer, float, categorical and mixed ids keep their dtype; text ids come back in pandas'
    default string dtype (whatever their storage was), as every table built from rows does.

    >>> import pandas as pd
    >>> ids = pd.Series(["b", "a"], dtype="category")
    >>> keep_id_dtype(pd.DataFrame({"article_id": ["a"]}), ids)["article_id"].dtype
    CategoricalDtype(categories=['a', 'b'], ordered=False, categories_dtype=str)
    """
    if "article_id" not in out.columns:
        return out
    src = ids.dtype
    have = out["article_id"]
    if have.dtype == src:
        return out
    textual = pd.api.types.is_string_dtype(src) and not isinstance(src, pd.CategoricalDtype)
    if textual and all(isinstance(v, str) for v in have.tolist()):
        return out
    try:
        out["article_id"] = have.astype(src)
    except (TypeError, ValueError):  # values the dtype cannot hold: leave them as they are
        pass
    return out


def _key(v):
    if isinstance(v, str):
        return v
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        f = float(v)
        if f != f:
            return None
        return str(int(f)) if f.is_integer() else repr(f)
    return str(v)


# ---------------------------------------------------------------- columns and keys
def check_unique_columns(df: pd.DataFrame, *, table: str = "input") -> pd.DataFrame:
    """Raise :class:`ColumnError` when ``df`` has two columns of one name; return ``df``.

    >>> import pandas as pd
    >>> check_unique_columns(pd.DataFrame([[1, "a", "b"]], columns=["article_id", "text", "text"]))
    Traceback (most recent call last):
    ...
    newslens.errors.ColumnError: The input table has 2 columns named 'text'. ...
    """
    dup = df.columns[df.columns.duplicated()]
    if len(dup):
        names = list(dict.fromkeys(dup))
        counts = ", ".join(f"{int((df.columns == n).sum())} columns named {n!r}" for n in names)
        raise ColumnError(
            f"The {table} table has {counts}. newslens cannot tell which one to use: rename or drop the "
            "repeats, e.g. df = df.loc[:, ~df.columns.duplicated()] keeps the first of each."
        )
    return df


def check_unique_keys(df: pd.DataFrame, keys, *, table: str = "input", fix: str | None = None) -> pd.DataFrame:
    """Raise :class:`ColumnError` naming the repeated or missing key values of ``df``; return ``df``.

    Ids are compared with :func:`id_key` (``1`` and ``"1"`` are one id).

    >>> import pandas as pd
    >>> check_unique_keys(pd.DataFrame({"article_id": [1, "1", 2]}), ["article_id"])
    Traceback (most recent call last):
    ...
    newslens.errors.ColumnError: The input table has 1 repeated article_id value(s): 1. ...
    """
    keys = [k for k in keys if k in df.columns]
    if not keys or df.empty:
        return df
    if "article_id" in keys and df["article_id"].isna().any():
        n = int(df["article_id"].isna().sum())
        raise ColumnError(
            f"The {table} table has {n} missing article_id value(s) (first at row {int(np.flatnonzero(df['article_id'].isna())[0])}). "
            "Give every article an id, or load it with nl.load(), which derives stable ids from url, title and text."
        )
    frame = pd.DataFrame({k: id_key(df[k]) if k == "article_id" else df[k] for k in keys})
    rep = frame.duplicated(keep=False).to_numpy()
    if not rep.any():
        return df
    first = df.loc[rep, keys][~frame[rep].duplicated().to_numpy()]  # each repeated id as first written
    shown = list(dict.fromkeys(tuple(r) if len(keys) > 1 else r[0] for r in first.itertuples(index=False, name=None)))
    more = f" (and {len(shown) - 5} more)" if len(shown) > 5 else ""
    what = keys[0] if len(keys) == 1 else "(" + ", ".join(keys) + ")"
    raise ColumnError(
        f"The {table} table has {len(shown)} repeated {what} value(s): {', '.join(map(repr, shown[:5]))}{more}. "
        + (fix or "Make them unique.")
    )


# ---------------------------------------------------------------- kinds of table
def as_table(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Declare what kind of table ``df`` is, for the measures: a marked copy of ``df``.

    ``nl.paragraphs()`` and ``nl.sentences()`` mark their output themselves; use this for a
    table built elsewhere (your own sentence split, a table read back from CSV) or after a
    ``merge``, which drops the mark.

    Parameters
    ----------
    df : DataFrame
        The table.
    kind : {"articles", "paragraphs", "sentences"}
        ``"articles"``: one row per article (``text``; ``article_id`` unique), segmented by the
        measures.  ``"paragraphs"``: ``article_id, paragraph, text`` (plus ``kind`` and
        ``duplicate`` if you have them), one row per paragraph.  ``"sentences"``:
        ``article_id, paragraph, sentence, text``, one row per sentence, scored as given.

    Returns
    -------
    DataFrame
        A shallow copy with ``attrs["newslens_table"] = kind``.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> mine = pd.DataFrame({"article_id": ["a", "a"], "paragraph": [0, 0], "sentence": [0, 1],
    ...                      "text": ["Good news.", "Bad news."]})
    >>> nl.sentiment(nl.as_table(mine, "sentences"))["label"].tolist()
    ['positive', 'negative']
    """
    if kind not in TABLE_KINDS:
        raise invalid_choice("kind", kind, TABLE_KINDS)
    if not isinstance(df, pd.DataFrame):
        raise ColumnError(f"`df` must be a pandas DataFrame; got a {type(df).__name__}.")
    need = TABLE_KINDS[kind]["columns"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise missing_columns(
            kind, missing, list(df.columns),
            fix=f"A {kind} table needs {', '.join(map(repr, need))}"
            + (" (number the paragraphs 0, 1, … per article; use paragraph=0 when you do not know them)." if kind != "articles" else "."),
        )
    out = df.copy(deep=False)
    out.attrs[TABLE_ATTR] = kind
    return out


def table_kind(df: pd.DataFrame, *, warn: bool = True) -> str:
    """The kind of ``df``: as declared in its ``attrs`` (see :func:`as_table`), else "articles".

    A table without the mark that has every column of ``nl.paragraphs()`` or ``nl.sentences()``
    output lost its mark (``merge``, CSV): it is read as that kind, with a warning saying how to
    keep the mark, so results do not change silently.

    >>> import pandas as pd
    >>> table_kind(pd.DataFrame({"article_id": ["a"], "paragraph": [1], "text": ["x"]}))
    'articles'
    """
    declared = df.attrs.get(TABLE_ATTR)
    if declared is not None:
        if declared not in TABLE_KINDS:
            raise invalid_choice(f"attrs[{TABLE_ATTR!r}]", declared, TABLE_KINDS, fix="Declare the table with nl.as_table(df, kind).")
        missing = [c for c in TABLE_KINDS[declared]["columns"] if c not in df.columns]
        if missing:
            raise missing_columns(
                declared, missing, list(df.columns),
                fix=f"The table is marked as a {declared} table but lost these columns; keep them, or mark it anew "
                "with nl.as_table(df, kind).",
            )
        return declared
    cols = set(df.columns)
    for kind, full in (("sentences", SENTENCE_COLUMNS), ("paragraphs", PARAGRAPH_COLUMNS)):
        if set(full) <= cols:
            if warn:
                warnings.warn(
                    f"The table has every column of nl.{kind}() output but not its mark (lost by merge or a CSV "
                    f"round trip), so it is read as a {kind} table. Mark it to say so: nl.as_table(df, {kind!r}); "
                    "or drop those columns to have it read as articles.",
                    NewsLensWarning, stacklevel=_outside_newslens(),
                )
            return kind
    return "articles"


def _outside_newslens() -> int:
    """The ``stacklevel`` of the first caller outside the newslens package (warnings point at user code)."""
    import inspect
    import os

    root = os.path.dirname(os.path.abspath(__file__))
    level = 1
    frame = inspect.currentframe()
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(root):
        frame = frame.f_back
        level += 1
    return level - 1
