"""The one word tokenizer shared by all measures (compiled once, offsets kept)."""
from __future__ import annotations

import re
from operator import add

__all__ = ["WORD", "FUNCTION_WORDS", "word_spans", "word_starts", "words"]

# words with inner apostrophes/hyphens, numbers with separators; curly apostrophes included
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.U)

FUNCTION_WORDS = frozenset(
    "a an the this that these those there here it its it's itself i me my mine myself we us our ours ourselves "
    "you your yours yourself yourselves he him his himself she her hers herself they them their theirs themselves "
    "who whom whose which what when where why how whether if then than so as of to in on at by for with from into "
    "onto upon about above below over under after before during until since through between among against within "
    "without around across along toward towards and or nor but yet also too very just only even both either neither "
    "each every all any some such no not own same other another more most many much few less least is are was were "
    "be been being am has have had having do does did doing will would shall should can could may might must "
    "'s ’s s t d ll re ve m up down out off again once further".split()
)
"""English function words (lower case), never shown as evidence of a learned model on their own: a
reader cannot check "the" or "my" against the text, although the model's weights for them count in
its score.  A measure shows one all the same where its own published cue lists name it (VADER's
negations and boosters for sentiment, the opinion scorer's modals and pronouns for opinion)."""


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
