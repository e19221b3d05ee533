"""The one word tokenizer shared by all measures (compiled once, offsets kept)."""
from __future__ import annotations

import re

__all__ = ["WORD", "word_spans", "words"]

# words with inner apostrophes/hyphens, numbers with separators; curly apostrophes included
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.U)


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` for every word of ``text``.

    >>> word_spans("Kim's “unwavering” support")
    [("Kim's", 0, 5), ('unwavering', 7, 17), ('support', 19, 26)]
    """
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def words(text: str) -> list[str]:
    """The words of ``text`` (no offsets)."""
    return WORD.findall(text)
