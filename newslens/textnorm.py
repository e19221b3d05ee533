"""Small text folds shared by loading, segmentation and the models (so none imports another).

``replace_surrogates`` makes any string storable as UTF-8; ``plain_spaces`` writes no-break and
other typographic spaces as plain ones, and ``plain_text`` does both (what every measure reads:
a scraped "Omar\u00a0Vance" is the name "Omar Vance"); ``normalize_for_compare`` folds a
paragraph or title so that repeats written with other quotes, dashes or spacing compare equal;
``plain_quotes`` writes typographic apostrophes and quotation marks as the plain ones, so that a
model reads "didn’t" as it reads "didn't" (one character for one: offsets stay valid).
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["replace_surrogates", "plain_spaces", "plain_text", "normalize_for_compare", "plain_quotes", "PLAIN_QUOTES"]

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


# no-break, en/em, thin, hair, narrow no-break, medium mathematical and ideographic spaces (the
# horizontal spaces ``newslens.load`` also folds); not zero-width ones, which are not spaces
_PLAIN_SPACE = str.maketrans({c: " " for c in (0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)})


def plain_spaces(text: str) -> str:
    """``text`` with no-break and other typographic spaces written as plain spaces, one character
    for one (offsets stay valid), so that the rules that read names and clauses see one space.

    >>> plain_spaces("Omar\u00a0Vance said")
    'Omar Vance said'
    """
    return text if text.isascii() else text.translate(_PLAIN_SPACE)


def plain_text(text: str) -> str:
    """What the measures read of a text: lone surrogates replaced (:func:`replace_surrogates`) and
    typographic spaces plain (:func:`plain_spaces`); as long as ``text``, so offsets stay valid."""
    return plain_spaces(replace_surrogates(text))


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
