"""Small text folds shared by loading, segmentation and the models (so none imports another).

``replace_surrogates`` makes any string storable as UTF-8; ``normalize_for_compare`` folds a
paragraph or title so that repeats written with other quotes, dashes or spacing compare equal;
``plain_quotes`` writes typographic apostrophes and quotation marks as the plain ones, so that a
model reads "didn’t" as it reads "didn't" (one character for one: offsets stay valid).
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["replace_surrogates", "normalize_for_compare", "plain_quotes", "PLAIN_QUOTES"]

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NONWORD = re.compile(r"[\W_]+", re.U)


def replace_surrogates(text: str) -> str:
    """Replace lone surrogates (from ``\\udc80`` JSON escapes or surrogateescape) with U+FFFD.

    They cannot be encoded as UTF-8, so Arrow-backed strings and Parquet refuse them; one
    character becomes one character, so offsets into the text stay valid.

    >>> replace_surrogates("bad \\udc80 byte")
    'bad \\ufffd byte'
    """
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


# Typographic apostrophes, primes and quotation marks → the plain ones.  Outlets differ in which
# they print, and the models' training text mixes the two.
PLAIN_QUOTES = {"’": "'", "‘": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}
_PLAIN = str.maketrans(PLAIN_QUOTES)


def plain_quotes(text: str) -> str:
    """``text`` with typographic apostrophes and quotation marks written as the plain ones.

    >>> print(plain_quotes("“Hale’s plan didn’t work”"))
    "Hale's plan didn't work"
    """
    return text.translate(_PLAIN)


def normalize_for_compare(text: str) -> str:
    """Fold case, quotes, dashes, accents-as-composed and whitespace so that repeats compare equal.

    >>> normalize_for_compare("“Hale’s  plan” — FAILED")
    'hale s plan failed'
    """
    # curly quotes, primes and dashes (like their ASCII forms) are non-word characters, which the
    # final substitution turns into a space anyway, so they need no separate fold
    t = str(text)
    if not t.isascii():
        t = unicodedata.normalize("NFKC", t)
    return _NONWORD.sub(" ", t.casefold()).strip()
