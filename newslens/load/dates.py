"""Publication dates: one parser for every value, whatever the size of the batch.

Each distinct value goes through the same steps, so a value parses the same alone or among
thousands:

* ``YYYY-MM-DD`` with an optional time and zone: ISO 8601 (vectorised, one call per batch);
* digits: ``YYYY`` (a year), ``YYYYMMDD``, Unix seconds (9–10 digits) or milliseconds (12–13);
* anything else: :mod:`dateutil` ("June 19, 2024", RFC 2822, "19 Jun 2024 10:00 EST", …).

A date without a day or month ("2024", "June 2024", "2024-06") is set to the first day of
its period — never to today's day or month — and reported as *partial*.  A value without a
year ("June 19", "Monday", "10:00") cannot be placed and is *unparsed* (NaT).  Values without a
time zone are taken to be UTC; every result is ``datetime64[ns, UTC]``.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np
import pandas as pd

__all__ = ["parse_dates", "read_dates", "ParsedDates"]

_TZINFOS = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0,
    "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
    "MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
    "BST": 3600, "CET": 3600, "CEST": 7200, "EET": 7200, "EEST": 10800, "MSK": 10800,
    "JST": 9 * 3600, "KST": 9 * 3600, "AEST": 10 * 3600, "AEDT": 11 * 3600,
}
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
#: A full ISO 8601 date, optionally with a time and a zone: parsed by pandas, vectorised.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?")
_LO = pd.Timestamp("1678-01-01", tz="UTC")
_HI = pd.Timestamp("2262-01-01", tz="UTC")
# two defaults that differ in year, month and day: a field that comes back different was absent
_DEFAULTS = (datetime(2000, 1, 1), datetime(2004, 12, 28))


@dataclass
class ParsedDates:
    """Dates parsed from a batch of values (all arrays in the order of the values)."""

    dates: pd.Series  # datetime64[ns, UTC], RangeIndex
    unparsed: np.ndarray  # bool: a non-empty value that could not be parsed (NaT)
    partial: np.ndarray  # bool: parsed, but without a day or month (set to the first)


def _in_range(ts):
    return ts if ts is not None and ts is not pd.NaT and _LO <= ts < _HI else None


def _parse_number(value: str):
    """Digits: a year, YYYYMMDD, or Unix seconds / milliseconds; (Timestamp or None, partial)."""
    digits = value.lstrip("+-").split(".")[0]
    try:
        if len(digits) == 4 and value == digits:  # a year alone
            return _in_range(pd.Timestamp(year=int(digits), month=1, day=1, tz="UTC")), True
        if len(digits) == 8:  # YYYYMMDD
            return _in_range(pd.Timestamp(f"{digits[:4]}-{digits[4:6]}-{digits[6:]}", tz="UTC")), False
        if len(digits) in (9, 10):  # seconds since 1970
            return _in_range(pd.Timestamp(float(value), unit="s", tz="UTC")), False
        if len(digits) in (12, 13):  # milliseconds since 1970
            return _in_range(pd.Timestamp(float(value), unit="ms", tz="UTC")), False
    except (ValueError, OverflowError):
        pass
    return None, False


def _parse_text(value: str):
    """Any other wording, with dateutil; a missing day or month becomes the first of the period."""
    from dateutil import parser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a, b = (parser.parse(value, default=d, tzinfos=_TZINFOS) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError, parser.ParserError):
        return None, False
    if a.year != b.year:  # no year: the date cannot be placed
        return None, False
    partial = a.month != b.month or a.day != b.day
    if a.month != b.month:
        a = a.replace(month=1, day=1)
    elif a.day != b.day:
        a = a.replace(day=1)
    ts = pd.Timestamp(a)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return _in_range(ts), partial


@lru_cache(maxsize=65536)
def _parse_one(value: str):
    """(Timestamp in UTC or None, partial) for one date string that is not a full ISO date."""
    if _NUMBER.fullmatch(value):
        return _parse_number(value)
    return _parse_text(value)


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
        except (NotImplementedError, OverflowError):  # beyond what Python's datetime can write (a damaged file's)
            return str(np.datetime_as_string(pd.Timestamp(v).to_datetime64(), unit="s"))  # reported as unparsed
    return str(v)


def _parse_distinct(keys: list[str]) -> tuple[list, list]:
    """Timestamps (or None) and partial flags of distinct date strings."""
    stamps: list = [None] * len(keys)
    partial = [False] * len(keys)
    iso = [i for i, k in enumerate(keys) if _ISO_DATE.fullmatch(k)]
    if iso:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(pd.Series([keys[i] for i in iso], dtype=object), format="ISO8601", utc=True, errors="coerce")
        for i, ts in zip(iso, parsed):
            stamps[i] = _in_range(ts)
    for i, k in enumerate(keys):
        if stamps[i] is None:
            stamps[i], partial[i] = _parse_one(k)
    return stamps, partial


def read_dates(values) -> ParsedDates:
    """Parse a batch of date values; which were unparsed and which partial (see the module).

    >>> got = read_dates(["2024", "June 2024", "2024-06-19", "June 19", None])
    >>> [str(d.date()) if d is not pd.NaT else "NaT" for d in got.dates], got.partial.tolist(), got.unparsed.tolist()
    (['2024-01-01', '2024-06-01', '2024-06-19', 'NaT', 'NaT'], [True, True, False, False, False], [False, False, False, True, False])
    """
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.DatetimeTZDtype):
        dates = values.dt.tz_convert("UTC").dt.as_unit("ns").reset_index(drop=True)
        return ParsedDates(dates, np.zeros(len(dates), bool), np.zeros(len(dates), bool))
    if isinstance(values, pd.Series) and pd.api.types.is_datetime64_dtype(values.dtype):
        dates = values.dt.tz_localize("UTC").dt.as_unit("ns").reset_index(drop=True)
        return ParsedDates(dates, np.zeros(len(dates), bool), np.zeros(len(dates), bool))
    keys = [_date_key(v) for v in (values.tolist() if isinstance(values, pd.Series) else list(values))]
    distinct = list(dict.fromkeys(k for k in keys if k is not None))
    stamps, partial = _parse_distinct(distinct)
    found = dict(zip(distinct, zip(stamps, partial)))
    got = [found[k] if k is not None else (None, False) for k in keys]
    dates = pd.Series([ts if ts is not None else pd.NaT for ts, _ in got], dtype="datetime64[ns, UTC]")
    unparsed = np.array([k is not None and ts is None for k, (ts, _) in zip(keys, got)], dtype=bool)
    return ParsedDates(dates, unparsed, np.array([p for _, p in got], dtype=bool))


def parse_dates(values) -> tuple[pd.Series, int]:
    """Parse dates in any common format to ``datetime64[ns, UTC]``.

    ISO 8601, RFC 2822, "June 19, 2024", "19 Jun 2024 10:00 EST", Unix seconds or
    milliseconds, YYYYMMDD, a year alone.  Values without a time zone are taken to be UTC; a
    missing day or month becomes the first of the period ("June 2024" → 2024-06-01; use
    :func:`read_dates` to learn which values were partial).  Missing values become NaT; values
    that cannot be parsed (also those without a year) become NaT too and are counted.  A value
    parses the same whatever else is in the batch.

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
    got = read_dates(values)
    return got.dates, int(got.unparsed.sum())
