"""The one word tokenizer shared by all measures (compiled once, offsets kept)."""
from __future__ import annotations

import re
from operator import add

__all__ = ["WORD", "word_spans", "word_starts", "words"]

# words with inner apostrophes/hyphens, numbers with separators; curly apostrophes included
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.U)


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` for every word of ``text``.

    >>> word_spans("Kim's “unwavering” support")
    [("Kim's", 0, 5), ('unwavering', 7, 17), ('support', 19, 26)]
    """
    found = WORD.findall(text)
    starts = word_starts(text, found)
    return list(zip(found, starts, map(add, starts, map(len, found))))


def words(text: str) -> list[str]:
    """The words of ``text`` (no offsets)."""
    return WORD.findall(text)


def word_starts(text: str, found: list[str]) -> list[int]:
    """Start offsets in ``text`` of its words ``found`` (the output of ``words(text)``).

    Cheaper than :func:`word_spans` when the words are already known and only some offsets
    are needed: no match objects are made.  Each word starts at the first letter or digit
    after the end of the word before it (nothing in between can begin a word), so searching
    for it from there finds it.

    >>> text = "Kim's  big-day, 2024!"
    >>> word_starts(text, words(text))
    [0, 7, 16]
    """
    out = []
    find = text.find
    pos = 0
    for w in found:
        pos = find(w, pos)
        out.append(pos)
        pos += len(w)
    return out
