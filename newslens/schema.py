"""Column contracts of the tables newslens passes around, and their validation.

The articles table (the output of :func:`newslens.load`) always starts with
:data:`ARTICLE_COLUMNS`; any further columns are the extra columns of the source.

>>> import pandas as pd
>>> from newslens.schema import validate_articles
>>> arts = pd.DataFrame({"article_id": ["a", "b"], "text": ["One.", "Two."]})
>>> validate_articles(arts, columns=("article_id", "text")) is arts
True
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .errors import ColumnError, missing_columns

__all__ = [
    "ARTICLE_COLUMNS",
    "ARTICLE_DTYPES",
    "PARAGRAPH_COLUMNS",
    "SENTENCE_COLUMNS",
    "ERROR_KEYS",
    "EVIDENCE_KEYS",
    "validate_articles",
    "empty_articles",
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
        dup = ids[ids.duplicated(keep=False)]
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
