"""Sentence sentiment — a small learned model by default, VADER's rules for teaching — with evidence and honest aggregates.

``nl.sentiment(data, level="sentence")`` scores every sentence and returns, per unit, a score
in ``sentiment`` (−1 … 1), ``pos``/``neu``/``neg`` (see the methods), a three-class ``label``
(VADER's rules: the score cut at ±0.05, as in the VADER paper; the neural model: its most
probable class) and ``evidence``: the words that moved the score.

Methods (a registry; ``method=`` picks one)
-------------------------------------------
``"combined"`` (default)
    ``"neural"`` where that model is sure of its label; where its two most probable classes are
    close, a small sentence encoder (the first three layers of the one of ``"encoder"``, fine-tuned
    alike, ``lexicons/sentiment_encoder_small.md``) reads the sentence too and a small stacker fitted
    on development sentences decides from both (:func:`newslens.sentence_model.combined_sentiment_scores`,
    ``lexicons/sentiment_stack.md``).  How close is close is set by the speed floor: the encoder reads
    as many sentences as the method can afford and stay fast enough for the pipeline.  Evidence: each
    word's exact share of the stacked positive − negative logit.  It is the default because, among the methods fast enough for
    ``nl.analyze``, it has the best development macro-F1 (the rule is in ``sentiment_stack.json``).
``"encoder"``
    A sentence encoder (all-MiniLM-L6-v2) fine-tuned for sentiment, with a linear head, on the
    same news sentences and headlines as ``"neural"`` (``lexicons/sentiment_encoder.md``); every
    sentence is read, at about 3–6 ms a
    sentence on one core — for a few thousand sentences, not a corpus of millions.  Evidence:
    each word's exact share of the positive − negative logit.
``"neural"``
    The learned sentence model (:mod:`newslens.sentence_model`, ``lexicons/sentence_model.md``):
    static word-piece embeddings, a few words of context, and an attention pooling whose output
    is an exact sum over words; trained on news (NewsMTSC sentences, SEntFiN and
    GoodNewsEveryone headlines) and calibrated, so that ``sentiment`` is the expected label
    P(positive) − P(negative).  ``pos``/``neu``/``neg`` are its class probabilities.  Evidence:
    the words with the largest exact shares of the calibrated logit (``valence`` = the share,
    ``base`` 0, ``rule`` "learned").  It agrees better with human ratings of news sentences it
    never saw than VADER does (``nl.card("sentiment")`` shows both) at a tenth of VADER's speed.
``"vader"``
    VADER's rules and lexicon.  The rules are re-implemented here for speed (one pass per
    sentence, sets and compiled patterns, no repeated lower-casing; a lexicon word with no
    modifier among the three words before it skips the rule checks, which could not change
    its value; offsets are found only for the words that score); the lexicon and emoji
    files are read at run time from the installed ``vaderSentiment`` package (MIT).  The scores
    are identical to ``vaderSentiment`` 3.3.2 ``polarity_scores`` (compound, pos, neu, neg),
    which the test-suite checks on all 23,703 sentences of the VADER paper's data and on
    generated strings.  The transparent method for teaching what a lexicon can and cannot do —
    including that its negations are spelled with a plain apostrophe: "didn’t help", as many
    outlets print it, is not negated (vaderSentiment issue #66).  Identity with vaderSentiment is
    kept; ``newslens.textnorm.plain_quotes`` folds a text first for those who want VADER to read
    it as its authors meant.  The learned methods read ’ and ' alike.
``"pattern"``
    The same rule engine with the English subjectivity lexicon of the Pattern project
    (De Smedt & Daelemans 2012), read at run time from the ``textblob`` package
    (``textblob/en/en-sentiment.xml``; the file declares the PDDL public-domain dedication,
    TextBlob is MIT).  Polarity (−1 … 1, averaged over senses as TextBlob does) is scaled by 4
    to VADER's −4 … 4 range.  Chosen because its licence allows redistribution and use; AFINN
    (ODbL) and Hu & Liu's opinion lexicon (no clear licence) are not offered.
``"vader_ridge"``
    VADER's sentence features plus word weights learned by ridge regression
    (``benchmarks/train_sentiment.py``; weights in ``lexicons/sentiment_ridge.json`` with a
    sidecar saying what it was trained on).  Evidence is the VADER words plus the learned word
    weights.  Available only when that file is present.

Deliberate divergence from VADER (one, named)
---------------------------------------------
``unreadable="nan"`` (default, every method): a text VADER cannot read gets ``sentiment`` NaN
and a missing ``label`` (None) instead of a number.  Unreadable = empty/NaN; no letters at all
(numbers, punctuation); letters mostly of another script than the Latin one; or another language
(two or more German/French/Spanish/Italian/Portuguese/Dutch function words, more than the English
ones).  VADER would return 0.0, or score a stray homograph such as German "die" as English
"die".  Any other text is read: an English sentence without a sentiment word ("Government
budget time means budget language time.", a name and a date) is a real 0.0 with VADER,
``neutral`` — a neutral label always has a number.  ``unreadable="score"`` returns VADER's own
number for every text.

Levels
------
``"paragraph"`` and ``"article"`` aggregate the sentence scores: ``sentiment`` is the mean
of the sentence compounds (unreadable sentences excluded), ``share_positive`` and
``share_negative`` the shares of scored sentences at or beyond ±0.05, ``n_sentences`` the
number of sentences, and ``evidence`` the strongest few words.  VADER's compound on a whole
long text sums hundreds of words and saturates at ±1; the mean of sentences does not.
"""
from __future__ import annotations

import math
import re
import string
from functools import lru_cache
from importlib import resources
from itertools import compress, repeat

import numpy as np
import pandas as pd

from ..errors import missing_dependency
from ..files import read_lexicon_json
from ..registry import Registry
from . import register
from ._base import check_level, keys_of, provenance, units

__all__ = ["sentiment", "polarity_scores", "methods", "VaderEngine", "LABELS"]

LABELS = ("negative", "neutral", "positive")
CUT = 0.05
TOP_EVIDENCE = 5  # words kept as evidence at paragraph / article level

# ------------------------------------------------------------------ VADER's constants (3.3.2)
B_INCR = 0.293
B_DECR = -0.293
C_INCR = 0.733
N_SCALAR = -0.74

NEGATE = frozenset(
    ["aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
     "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
     "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
     "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
     "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
     "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
     "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
     "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite"]
)

_INCR_WORDS = (
    "absolutely amazingly awfully completely considerable considerably decidedly deeply effing "
    "enormous enormously entirely especially exceptional exceptionally extreme extremely "
    "fabulously flipping flippin frackin fracking fricking frickin frigging friggin fully fuckin "
    "fucking fuggin fugging greatly hella highly hugely incredible incredibly intensely major "
    "majorly more most particularly purely quite really remarkably so substantially thoroughly "
    "total totally tremendous tremendously uber unbelievably unusually utter utterly very"
).split()
_DECR_WORDS = (
    "almost barely hardly kinda kindof kind-of less little marginal marginally occasional "
    "occasionally partly scarce scarcely slight slightly somewhat sorta sortof sort-of"
).split()
BOOSTER_DICT = {**{w: B_INCR for w in _INCR_WORDS}, **{w: B_DECR for w in _DECR_WORDS},
                "just enough": B_DECR, "kind of": B_DECR, "sort of": B_DECR}

SPECIAL_CASES = {"the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0,
                 "yeah right": -2, "kiss of death": -1.5, "to die for": 3, "beating heart": 3.5}
# first words of the multi-word special cases and boosters: the idiom check is skipped
# unless one of them is near the word (it cannot change the valence otherwise)
_IDIOM_FIRST = frozenset(k.split()[0] for k in [*SPECIAL_CASES, *BOOSTER_DICT] if " " in k)

_THREE = 3
# words that change the valence of a lexicon word up to three places after them (boosters,
# negations, "least", "never so", "without doubt", "no", idiom starts): a lexicon word with
# none of them in the three words before it, not in capitals among lower-case words, and not
# itself special keeps its lexicon value, so VADER's rule checks can be skipped for it.
_MODIFIERS = frozenset([*(k for k in BOOSTER_DICT if " " not in k), *NEGATE, *_IDIOM_FIRST,
                        "no", "least", "so", "this", "never", "without"])
_SELF_SPECIAL = frozenset([*BOOSTER_DICT, *_IDIOM_FIRST, "kind", "no"])
_PUNCT = string.punctuation
_HAS_LETTER = re.compile(r"[^\W\d_]")

# English function words that other major European languages do not share (so "die", "in",
# "a", "was", "so" are left out): a text without any of them and without any word VADER knows
# has nothing VADER can read.
_ENGLISH_MARKERS = frozenset(
    """the and of to is are were be been being with that this these those it its he she they
    them their his her him we our us you your i my me not but for from has have had would could
    should shall may might must will said says which who whom whose what when where why how
    there than then after before about into over under again against very just only also off out
    up down because while although though if or any some all each other such no nor own same
    too can cannot did does doing do don't isn't aren't wasn't weren't won't it's i'm""".split()
)

# function words of German, French, Spanish, Italian, Portuguese and Dutch that are not English
# words: two or more of them, outnumbering the English markers, mark a text as not English.
_FOREIGN_MARKERS = frozenset(
    """der die das und nicht ist ein eine einen zu mit sich auf den dem des für von werden wird
    auch nach bei aus hat haben sind wir ich sie oder aber wie über le la les et est une des du
    que qui dans pour pas sur avec sont il elle nous vous ce cette au aux été être mais ou très
    el los las y es por para con del una se lo su al como más pero sus fue muy di che e non
    per della sono gli nel alla o os não em um uma com do da dos das het een van niet en zijn
    op met voor""".split()
)

# ------------------------------------------------------------------ resources
def _package_dir(package: str, feature: str):
    try:
        return resources.files(package)
    except ModuleNotFoundError:
        raise missing_dependency(package, feature) from None


@lru_cache(maxsize=1)
def _vader_files() -> tuple[dict, dict, str]:
    """VADER's lexicon and single-character emoji table, parsed exactly as vaderSentiment does."""
    root = _package_dir("vaderSentiment", "method='vader'")
    lex: dict[str, float] = {}
    for line in root.joinpath("vader_lexicon.txt").read_text("utf-8").rstrip("\n").split("\n"):
        if not line:
            continue
        word, measure = line.strip().split("\t")[0:2]
        lex[word] = float(measure)
    emojis: dict[str, str] = {}
    for line in root.joinpath("emoji_utf8_lexicon.txt").read_text("utf-8").rstrip("\n").split("\n"):
        emoji, description = line.strip().split("\t")[0:2]
        emojis[emoji] = description
    try:
        from importlib.metadata import version

        ver = version("vaderSentiment")
    except Exception:  # pragma: no cover - metadata missing
        ver = "unknown"
    return lex, {k: v for k, v in emojis.items() if len(k) == 1}, ver


@lru_cache(maxsize=1)
def _pattern_lexicon() -> tuple[dict, str]:
    """Pattern's English adjective polarities (mean over senses) × 4, from textblob's copy."""
    import xml.etree.ElementTree as ET

    root = _package_dir("textblob", "method='pattern'")
    tree = ET.fromstring(root.joinpath("en", "en-sentiment.xml").read_bytes())
    sums: dict[str, list[float]] = {}
    for w in tree.iter("word"):
        form = w.get("form", "").lower()
        if not form or " " in form:
            continue
        sums.setdefault(form, []).append(float(w.get("polarity", 0.0)))
    lex = {}
    for form, vals in sums.items():
        v = round(4.0 * sum(vals) / len(vals), 3)
        if v != 0.0:
            lex[form] = v
    return lex, tree.get("version", "unknown")


# ------------------------------------------------------------------ the rule engine
class VaderEngine:
    """VADER's rules over a lexicon; one instance per lexicon, built once.

    ``score(text)`` returns ``(compound, pos, neu, neg, words)`` where ``words`` lists the words
    with a non-zero final valence as ``(start, end, text, valence, base, rule)`` (offsets into
    ``text``).  With the VADER lexicon the numbers equal ``vaderSentiment`` 3.3.2.

    >>> eng = VaderEngine.vader()
    >>> eng.polarity_scores("The book was good.")
    {'neg': 0.0, 'neu': 0.508, 'pos': 0.492, 'compound': 0.4404}
    """

    def __init__(self, lexicon: dict, emojis: dict | None = None):
        self.lexicon = lexicon
        self.emojis = emojis or {}
        self._emoji_set = frozenset(self.emojis)
        self.known = frozenset(lexicon) | frozenset(BOOSTER_DICT) | NEGATE

    @classmethod
    @lru_cache(maxsize=1)
    def vader(cls) -> VaderEngine:
        lex, emojis, _ = _vader_files()
        return cls(lex, emojis)

    # -------------------------------------------------------------- tokens
    def _replace_emojis(self, text: str):
        """Emoji → description as vaderSentiment does; also a map back to the original offsets."""
        out, ostart, oend = [], [], []
        prev_space = True
        for j, ch in enumerate(text):
            desc = self.emojis.get(ch)
            if desc is not None:
                piece = desc if prev_space else " " + desc
                prev_space = False
            else:
                piece = ch
                prev_space = ch == " "
            out.append(piece)
            ostart.extend([j] * len(piece))
            oend.extend([j + 1] * len(piece))
        return "".join(out), ostart, oend

    def tokens(self, text: str):
        """VADER's words (punctuation stripped unless ≤ 2 characters remain), without offsets.

        Returns ``(text, raw, words, omap)``: the text after emoji replacement, its
        whitespace-separated tokens, the words, and the map back to the original offsets (None when no emoji was replaced).
        """
        omap = None
        if self._emoji_set and not text.isascii() and not self._emoji_set.isdisjoint(text):
            text, ostart, oend = self._replace_emojis(text)
            omap = (ostart, oend)
        raw = text.split()
        words = list(map(str.strip, raw, repeat(_PUNCT, len(raw))))
        # a token with two or fewer characters left after stripping is kept whole
        for k in compress(range(len(raw)), map(_THREE.__gt__, map(len, words))):
            words[k] = raw[k]
        return text, raw, words, omap

    @staticmethod
    def spans(text: str, raw: list[str], words: list[str], omap, which) -> dict:
        """Offsets ``{k: (start, end)}`` of the words at positions ``which`` (into the original text).

        ``raw`` are the maximal runs of non-space characters of ``text`` in order, so each one
        starts at the first occurrence of its characters after the end of the one before.
        """
        out = {}
        find = text.find
        pos = 0
        k = 0
        for want in which:  # ascending positions
            while k < want:
                pos = find(raw[k], pos) + len(raw[k])
                k += 1
            tok, w = raw[k], words[k]
            s = find(tok, pos)
            pos = s + len(tok)
            k += 1
            if w is not tok and len(w) != len(tok):
                s += len(tok) - len(tok.lstrip(_PUNCT))
            e = s + len(w)
            if omap is not None:
                s, e = omap[0][s], omap[1][e - 1]
            out[want] = (s, e, omap is not None and e - s != len(w))
        return out

    # -------------------------------------------------------------- scoring
    def score(self, text: str):
        """``(compound, pos, neu, neg, words, readable)`` of one text (see the class docstring)."""
        original = text
        text, raw, words, omap = self.tokens(text)
        n = len(words)
        if n == 0:
            return 0.0, 0.0, 0.0, 0.0, [], False
        lex = self.lexicon
        lows = list(map(str.lower, words))
        ncaps = sum(map(str.isupper, words))
        cap_diff = 0 < n - ncaps < n
        sentiments = [0] * n
        rules: dict[int, list[str]] = {}
        # only words of the lexicon can carry a valence; every other position stays 0
        in_lex = list(compress(range(n), map(lex.__contains__, lows)))
        # any word with "n't" negates: then every word takes the full checks ("'" lower-cases only from itself)
        plain_ok = "'" not in text or "n't" not in text.lower()
        for i in in_lex:
            low = lows[i]
            if (plain_ok and low not in _SELF_SPECIAL and (i == 0 or _MODIFIERS.isdisjoint(lows[i - 3 if i > 3 else 0:i]))
                    and not (cap_diff and words[i].isupper())):
                sentiments[i] = lex[low]  # no rule applies: VADER's checks would leave the value as is
                continue
            if low in BOOSTER_DICT:
                continue
            if low == "kind" and i < n - 1 and lows[i + 1] == "of":
                continue
            base = lex[low]
            valence = base
            tags = []
            if low == "no" and i != n - 1 and lows[i + 1] in lex:
                valence = 0.0
            if (i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no") or (
                i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor")
            ):
                valence = base * N_SCALAR
                tags.append("negated")
            if cap_diff and words[i].isupper():
                valence = valence + C_INCR if valence > 0 else valence - C_INCR
                tags.append("caps")
            for start_i in (0, 1, 2):
                if i <= start_i:
                    break
                j = i - (start_i + 1)
                prev = lows[j]
                if prev in lex:
                    continue
                # scalar_inc_dec
                s = 0.0
                if prev in BOOSTER_DICT:
                    s = BOOSTER_DICT[prev]
                    if valence < 0:
                        s *= -1
                    if cap_diff and words[j].isupper():
                        if valence > 0:
                            s += C_INCR
                        else:
                            s -= C_INCR
                    if start_i == 1 and s != 0:
                        s = s * 0.95
                    if start_i == 2 and s != 0:
                        s = s * 0.9
                    if s != 0:
                        tags.append("booster" if s * valence > 0 or valence == 0 and s > 0 else "dampener")
                valence = valence + s
                # _negation_check
                if start_i == 0:
                    if prev in NEGATE or "n't" in prev:
                        valence = valence * N_SCALAR
                        tags.append("negated")
                elif start_i == 1:
                    if lows[i - 2] == "never" and (lows[i - 1] == "so" or lows[i - 1] == "this"):
                        valence = valence * 1.25
                        tags.append("never-so")
                    elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
                        pass
                    elif prev in NEGATE or "n't" in prev:
                        valence = valence * N_SCALAR
                        tags.append("negated")
                else:
                    if (lows[i - 3] == "never" and (lows[i - 2] == "so" or lows[i - 2] == "this")) or (
                        lows[i - 1] == "so" or lows[i - 1] == "this"
                    ):
                        valence = valence * 1.25
                        tags.append("never-so")
                    elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
                        pass
                    elif prev in NEGATE or "n't" in prev:
                        valence = valence * N_SCALAR
                        tags.append("negated")
                    if (lows[i - 3] in _IDIOM_FIRST or lows[i - 2] in _IDIOM_FIRST
                            or lows[i - 1] in _IDIOM_FIRST or low in _IDIOM_FIRST):
                        valence, tag = _special_idioms(valence, lows, i)
                        if tag:
                            tags.append(tag)
            # _least_check
            if i > 1 and lows[i - 1] == "least" and "least" not in lex:
                if lows[i - 2] != "at" and lows[i - 2] != "very":
                    valence = valence * N_SCALAR
                    tags.append("least")
            elif i > 0 and lows[i - 1] == "least" and "least" not in lex:
                valence = valence * N_SCALAR
                tags.append("least")
            sentiments[i] = valence
            if tags:
                rules[i] = tags
        if in_lex and "but" in lows:
            before = list(sentiments)
            _but_check(lows, sentiments)  # replaces values in place: a 0 stays 0, a non-zero stays non-zero
            for k in in_lex:
                if before[k] != sentiments[k]:
                    rules.setdefault(k, []).append("but")
        nonzero = [k for k in in_lex if sentiments[k] != 0]
        compound, pos, neu, neg = _score_valence(sentiments, text, nonzero)
        found = []
        spans = self.spans(text, raw, words, omap, nonzero) if nonzero else {}
        for k in nonzero:
            s, e, from_emoji = spans[k]
            tags = rules.get(k, [])
            word = words[k]
            if from_emoji:  # a word of an emoji's description: show the emoji itself
                tags = ["emoji", *tags]
                word = original[s:e]
            found.append((s, e, word, float(sentiments[k]), lex[lows[k]], "+".join(dict.fromkeys(tags)) if tags else ""))
        readable = self._readable(lows, bool(in_lex))
        return compound, pos, neu, neg, found, readable

    def _readable(self, lows: list[str], has_lex: bool = False) -> bool:
        """Whether VADER can read this text as English (see ``unreadable`` in the module docs).

        ``has_lex``: the caller already knows a word of the lexicon is among ``lows``.
        """
        if not _FOREIGN_MARKERS.isdisjoint(lows):
            foreign = sum(1 for w in lows if w in _FOREIGN_MARKERS)
            if foreign >= 2 and foreign > sum(1 for w in lows if w in _ENGLISH_MARKERS):
                return False  # another language (a stray homograph such as German "die" is not English)
        if has_lex or not self.known.isdisjoint(lows) or not _ENGLISH_MARKERS.isdisjoint(lows):
            return True
        return _latin_letters("".join(lows))

    def readable(self, text: str) -> bool:
        """Whether ``text`` has English this engine can read (the ``unreadable`` test of ``nl.sentiment``).

        >>> VaderEngine.vader().readable("Die Regierung ist nicht gut."), VaderEngine.vader().readable("Good.")
        (False, True)
        """
        _, _, words, _ = self.tokens(text)
        lows = [w.lower() for w in words]
        return bool(lows) and self._readable(lows, not self.lexicon.keys().isdisjoint(lows))

    def polarity_scores(self, text: str) -> dict:
        """The same dict as ``vaderSentiment``'s ``polarity_scores``."""
        compound, pos, neu, neg, _, _ = self.score(text)
        return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}


def _latin_letters(text: str) -> bool:
    """True when ``text`` has letters and at least half of them are Latin (not another script)."""
    if text.isascii():
        return _HAS_LETTER.search(text) is not None
    letters = latin = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            latin += ch <= "\u024f"  # Basic Latin to Latin Extended-B
    return letters > 0 and 2 * latin >= letters


def _special_idioms(valence, lows, i):
    onezero = f"{lows[i - 1]} {lows[i]}"
    twoonezero = f"{lows[i - 2]} {lows[i - 1]} {lows[i]}"
    twoone = f"{lows[i - 2]} {lows[i - 1]}"
    threetwoone = f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}"
    threetwo = f"{lows[i - 3]} {lows[i - 2]}"
    tag = ""
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            tag = "idiom"
            break
    n = len(lows)
    if n - 1 > i:
        zeroone = f"{lows[i]} {lows[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
            tag = "idiom"
    if n - 1 > i + 1:
        zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
            tag = "idiom"
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
            tag = (tag + "+" if tag else "") + ("booster" if BOOSTER_DICT[n_gram] > 0 else "dampener")
    return valence, tag


def _but_check(lows, sentiments):
    """VADER's contrastive 'but', reproduced with its list-index behaviour (in place)."""
    bi = lows.index("but")
    for sentiment in sentiments:
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 0.5)
        elif si > bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 1.5)


def _score_valence(sentiments, text, nonzero):
    """VADER's ``score_valence``; ``nonzero``: the positions of the non-zero values."""
    sum_s = float(sum(sentiments))
    ep = text.count("!")
    if ep > 4:
        ep = 4
    amp = ep * 0.292
    qm = text.count("?")
    qm_amp = 0
    if qm > 1:
        qm_amp = qm * 0.18 if qm <= 3 else 0.96
    amp = amp + qm_amp
    if sum_s > 0:
        sum_s += amp
    elif sum_s < 0:
        sum_s -= amp
    compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
    if compound < -1.0:
        compound = -1.0
    elif compound > 1.0:
        compound = 1.0
    pos_sum = 0.0
    neg_sum = 0.0
    neu_count = len(sentiments) - len(nonzero)
    for k in nonzero:  # the same additions in the same order as over all values (zeros add nothing)
        s = sentiments[k]
        if s > 0:
            pos_sum += float(s) + 1
        else:
            neg_sum += float(s) - 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amp
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amp
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (round(compound, 4), round(math.fabs(pos_sum / total), 3),
            round(math.fabs(neu_count / total), 3), round(math.fabs(neg_sum / total), 3))


# ------------------------------------------------------------------ methods
class _Method:
    """A scoring method: name, engine factory, provenance; ``score_many(texts)`` → rows."""

    def __init__(self, name, engine, resources_fn):
        self.name = name
        self._engine = engine
        self._resources = resources_fn

    def engine(self) -> VaderEngine:
        return self._engine()

    def resources(self) -> dict:
        return self._resources()

    def score_many(self, texts):
        eng = self.engine()
        return [eng.score(t) for t in texts]

    def labels(self, scores: np.ndarray, pnn: np.ndarray) -> np.ndarray:
        """Three-class labels of the sentence scores: cut at ±0.05 (VADER's rule)."""
        return _labels(scores)


methods = Registry("method")


def _vader_resources():
    _, _, ver = _vader_files()
    return {"lexicon": "vader_lexicon", "lexicon_version": ver, "source": "vaderSentiment package (MIT)",
            "rules": "VADER 3.3.2 (Hutto & Gilbert 2014), re-implemented in newslens"}


methods.register("vader", _Method("vader", VaderEngine.vader, _vader_resources))


@lru_cache(maxsize=1)
def _pattern_engine() -> VaderEngine:
    lex, _ = _pattern_lexicon()
    return VaderEngine(lex, _vader_files()[1])


def _pattern_resources():
    _, ver = _pattern_lexicon()
    return {"lexicon": "pattern en-sentiment", "lexicon_version": ver,
            "source": "textblob package, en/en-sentiment.xml (PDDL; TextBlob MIT)",
            "rules": "VADER 3.3.2 rules (newslens re-implementation)", "scale": "polarity x 4"}


methods.register("pattern", _Method("pattern", _pattern_engine, _pattern_resources))


@lru_cache(maxsize=1)
def _ridge_model():
    try:
        spec = read_lexicon_json("sentiment_ridge.json")
    except FileNotFoundError:
        return None
    return spec


class _RidgeMethod(_Method):
    """VADER features + learned word weights (a ridge regression, see sentiment_ridge.json)."""

    def score_many(self, texts):
        spec = _ridge_model()
        if spec is None:  # pragma: no cover - file shipped with the package
            from ..errors import OptionError

            raise OptionError("method='vader_ridge' needs newslens/lexicons/sentiment_ridge.json; "
                              "run `python -m benchmarks.train_sentiment` to create it, or use method='vader'.")
        eng = VaderEngine.vader()
        return [ridge_score(eng.score(t), t, spec) for t in texts]


_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]", re.I)


def ridge_features(scored, text: str) -> tuple[list[float], list[tuple[str, int, int]]]:
    """VADER features of one scored text and its lower-case words with offsets (model input)."""
    compound, pos, neu, neg, found, _ = scored
    vsum = sum(f[3] for f in found)
    dense = [compound, pos, neg, vsum / math.sqrt(vsum * vsum + 15), float(len(found) > 0)]
    toks = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    return dense, toks


def ridge_score(scored, text: str, spec: dict):
    """Apply the shipped ridge model to one VADER-scored text; evidence gains learned words."""
    compound, pos, neu, neg, found, readable = scored
    dense, toks = ridge_features(scored, text)
    weights = spec["words"]
    y = spec["intercept"] + sum(c * (x - m) / sd for c, x, m, sd in zip(spec["dense_coef"], dense, spec["dense_mean"], spec["dense_sd"]))
    seen = set()
    learned = []
    for w, s, e in toks:
        if w in weights and w not in seen:
            seen.add(w)
            y += weights[w]
            learned.append((s, e, text[s:e], float(weights[w]), 0.0, "learned"))
    y = max(-1.0, min(1.0, y * spec.get("scale", 1.0)))
    have = {(f[0], f[1]) for f in found}
    ev = list(found) + [f for f in learned if (f[0], f[1]) not in have and abs(f[3]) >= spec.get("evidence_min", 0.02)]
    return round(y, 4), pos, neu, neg, ev, readable


def _ridge_resources():
    spec = _ridge_model() or {}
    return {"lexicon": "vader_lexicon + sentiment_ridge", "model": spec.get("name", "sentiment_ridge"),
            "model_version": spec.get("version", "missing"), "trained_on": spec.get("trained_on", "")}


methods.register("vader_ridge", _RidgeMethod("vader_ridge", VaderEngine.vader, _ridge_resources))



class _ModelMethod(_Method):
    """A learned method (``newslens.sentence_model``): calibrated score, class probabilities, exact word shares.

    ``scorer`` names the function of :mod:`newslens.sentence_model` that scores a list of texts.
    Rows have the shape of the VADER rows: ``pos``/``neu``/``neg`` are the model's calibrated
    class probabilities, and each evidence word is ``(start, end, text, share, 0.0, "learned")``
    with ``share`` the word's exact share of the calibrated logit.  Readability is VADER's test.
    A sentence's label is its most probable class (not a cut of the score).
    """

    def __init__(self, name, engine, resources_fn, scorer: str):
        super().__init__(name, engine, resources_fn)
        self.scorer = scorer

    def score_many(self, texts):
        from .. import sentence_model

        rows = []
        for t, (score, (p_neg, p_neu, p_pos), words) in zip(texts, getattr(sentence_model, self.scorer)(texts)):
            found = [(a, b, t[a:b], w, 0.0, "learned") for a, b, w in words]
            rows.append((round(score, 4), round(p_pos, 4), round(p_neu, 4), round(p_neg, 4), found, sentence_model.readable(t)))
        return rows

    def labels(self, scores: np.ndarray, pnn: np.ndarray) -> np.ndarray:
        """The most probable class (``pnn``: pos, neu, neg probabilities); None where the score is NaN."""
        best = np.nan_to_num(pnn, nan=0.0).argmax(1)  # 0 pos, 1 neu, 2 neg
        out = _LABEL_OF[2 - best]
        out[np.isnan(scores)] = None
        return out


@lru_cache(maxsize=1)
def why_default() -> str:
    """Why the default method is the default, from the shipped benchmark results (``nl.card("sentiment")``).

    >>> "development" in why_default()
    True
    """
    from ..validate import _benchmarks

    rows = _benchmarks().get("sentiment", {}).get("rows", [])

    def pick(method, metric, prefix="vader_hutto2014/nyt"):
        return next((r for r in rows if r.get("method") == method and r["metric"].startswith(metric)
                     and r["dataset"].startswith(prefix)), None)

    from ..sentence_model import stack_info

    st = stack_info()
    speed = st["sentences_per_second"]
    floor = st["_meta"]["hyperparameters"]["speed_floor_vs_vader"] * speed["vader"]
    parts = [f"chosen on development data: the best mean macro-F1 on NewsMTSC and SEntFiN dev sentences among the methods of "
             f"at least {st['_meta']['hyperparameters']['speed_floor_vs_vader']} times VADER's speed ("
             + ", ".join(f"{m} {v:.3f}{'' if speed[m] >= floor else ' (too slow)'}"
                         for m, v in st["selection_score"].items()) + "; lexicons/sentiment_stack.json)"]
    news = [(r, pick("vader", r["metric"], r["dataset"])) for r in rows if r.get("method") == DEFAULT_METHOD and r.get("held_out")
            and not r["dataset"].startswith(("vader_hutto2014/tweets", "vader_hutto2014/movie", "vader_hutto2014/amazon"))
            and "per second" not in r["metric"]]
    news = [(a, b) for a, b in news if b is not None]
    if news:
        better = sum((a["newslens"] < b["newslens"]) if "lower is better" in a["metric"] else (a["newslens"] > b["newslens"])
                     for a, b in news)
        parts.append(f"better than vader on {better} of {len(news)} held-out news measures")
    for metric, what in (("pearson_r", "NYT editorial sentences r"), ("macro_f1", "NYT macro-F1"),
                         ("sentences per second", "sentences/s")):
        a, b = pick(DEFAULT_METHOD, metric), pick("vader", metric)
        if a and b:
            parts.append(f"{what} {a['newslens']:g} ({DEFAULT_METHOD}) vs {b['newslens']:g} (vader)")
    if len(parts) == 1:
        return parts[0] + "; no held-out results shipped: run `python -m benchmarks sentiment`"
    return "; ".join(parts) + " — held-out data, same run (benchmarks/results/sentiment.json)"


def _model_resources():
    return dict(_model_resources_once())


@lru_cache(maxsize=1)
def _model_resources_once():
    from .. import sentence_model

    meta = sentence_model.model_info()
    return {"model": meta["name"], "model_version": meta["version"], "source": meta["source"],
            "default_method": DEFAULT_METHOD, "default_because": why_default(),
            "trained_on": "NewsMTSC train sentences, SEntFiN and GoodNewsEveryone headlines (see lexicons/sentence_model.md)",
            "calibration": meta["calibration"]["fitted_on"], "onnxruntime": _version("onnxruntime")}


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - a core dependency
        return "missing"


methods.register("neural", _ModelMethod("neural", VaderEngine.vader, _model_resources, "sentiment_scores"))


def _encoder_resources(name: str = "sentiment_encoder"):
    from .. import sentence_model

    info, st = sentence_model.encoder_info(name), sentence_model.stack_info()
    return {**_model_resources(), "encoder": f"{info['name']} {info['version']} ({info['base_model']}, fine-tuned)",
            "encoder_trained_on": info["trained_on"],
            "stack": f"{st['_meta']['name']} {st['_meta']['version']}, fitted on {st['_meta']['hyperparameters']['fit_on']}"}


def _combined_resources():
    from .. import sentence_model

    return _encoder_resources(sentence_model.combined_encoder())


methods.register("encoder", _ModelMethod("encoder", VaderEngine.vader, _encoder_resources, "encoder_sentiment_scores"))
methods.register("combined", _ModelMethod("combined", VaderEngine.vader, _combined_resources, "combined_sentiment_scores"))
DEFAULT_METHOD = "combined"
"""Chosen by measurement (``lexicons/sentiment_stack.json``, ``benchmarks/train_sentiment_stack.py``): among the
methods fast enough for ``nl.analyze``, the best development macro-F1; a test checks that they agree."""

# unreadable texts: NaN (honest) or VADER's own number
_UNREADABLE = Registry("unreadable")
_UNREADABLE.register("nan", True)
_UNREADABLE.register("score", False)


# ------------------------------------------------------------------ public API
def polarity_scores(texts, *, method: str = "vader"):
    """VADER-style score dicts (``neg, neu, pos, compound``) for one text or a list of texts.

    A fast batch equivalent of ``vaderSentiment``'s ``polarity_scores`` (identical numbers
    with ``method="vader"``).

    Examples
    --------
    >>> from newslens.measures.sentiment import polarity_scores
    >>> polarity_scores(["not good", "good"])[0]["compound"] < 0 < polarity_scores("good")["compound"]
    True
    """
    single = isinstance(texts, str)
    rows = methods.get(method).score_many([texts] if single else list(texts))
    out = [{"neg": r[3], "neu": r[2], "pos": r[1], "compound": r[0]} for r in rows]
    return out[0] if single else out


_LABEL_OF = np.array(LABELS, dtype=object)


def _labels(x: np.ndarray) -> np.ndarray:
    """The label of every value of a float array (cut ±CUT; NaN, an unreadable text → None), as an object array."""
    out = _LABEL_OF[1 + (x >= CUT).astype(np.int8) - (x <= -CUT).astype(np.int8)]
    out[np.isnan(x)] = None
    return out


def _evidence(found, offset: int) -> list[dict]:
    return [{"text": t, "start": offset + s, "end": offset + e, "valence": round(v, 4),
             "base": float(b), "rule": r} for s, e, t, v, b, r in found]


@register("sentiment")
def sentiment(data, *, level: str = "sentence", method: str = DEFAULT_METHOD, unreadable: str = "nan") -> pd.DataFrame:
    """Sentiment of sentences, paragraphs or articles, with the words that moved each score.

    Parameters
    ----------
    data : DataFrame, Series or list of str
        ``nl.load()`` articles, ``nl.paragraphs()``/``nl.sentences()`` output, any DataFrame
        with a ``text`` column, or a list of strings.  A sentences table is scored row by row.
    level : {"sentence", "paragraph", "article"}
        Unit of the output.  Higher levels aggregate the sentence scores (mean, shares).
    method : {"combined", "encoder", "neural", "vader", "pattern", "vader_ridge"}
        Model or lexicon (see the module docstring).  ``"combined"`` (default): the learned
        sentence model, with a sentence encoder where it is unsure; ``"vader"``: VADER 3.3.2, identical scores.
    unreadable : {"nan", "score"}
        ``"nan"``: a text VADER cannot read (empty, no letters, another script or language)
        gets ``sentiment`` NaN and ``label`` None; ``"score"``: VADER's own number (0.0 or a
        stray homograph's score).  A readable text without sentiment words is 0.0, "neutral".

    Returns
    -------
    DataFrame
        Sentence level: the input keys (``article_id``, ``paragraph``, ``sentence``), ``text``,
        ``start``, ``end``, ``sentiment`` (−1 … 1), ``pos``, ``neu``, ``neg`` (VADER's
        proportions, or the neural model's class probabilities), ``label``
        ("negative"/"neutral"/"positive": cut ±0.05, or the neural model's most probable class;
        None where ``sentiment`` is NaN) and ``evidence``: a list of
        ``{text, start, end, valence, base, rule}`` (offsets into the article text).  VADER:
        ``valence`` after its rules, ``base`` the lexicon value, ``rule`` e.g. "negated",
        "booster", "but", "caps", "least", "idiom", "never-so", joined by "+".  Neural:
        ``valence`` the word's exact share of the calibrated logit, ``base`` 0, ``rule`` "learned".
        Paragraph/article level: keys, ``text``, ``start``, ``end``, ``sentiment`` (mean of
        sentence compounds), ``share_positive``, ``share_negative``, ``n_sentences``,
        ``label`` and ``evidence`` (the strongest words).  Provenance in
        ``df.attrs["newslens"]``.

    Examples
    --------
    >>> import newslens as nl
    >>> df = nl.sentiment(["The food was good but the service was awful."], method="vader")
    >>> df.loc[0, "label"], [e["text"] for e in df.loc[0, "evidence"]]
    ('negative', ['good', 'awful'])
    >>> nl.sentiment(["The storm destroyed forty homes."]).loc[0, "label"]
    'negative'
    """
    check_level(level)
    meth = methods.get(method)
    nan_gate = _UNREADABLE.get(unreadable)
    sents = units(data, "sentence")
    rows = meth.score_many(sents["text"].tolist())
    compound = np.array([r[0] for r in rows], dtype=float)
    pnn = np.array([r[1:4] for r in rows], dtype=float).reshape(len(rows), 3)
    if nan_gate:
        readable = np.array([r[5] for r in rows], dtype=bool)
        compound[~readable] = np.nan
        pnn[~readable] = np.nan
    starts = [int(x) for x in sents["start"].tolist()]
    keys = keys_of(sents, "sentence")
    out = sents[keys + ["text"]].reset_index(drop=True)
    out["start"] = np.array(starts, dtype="int64")
    out["end"] = np.array([int(x) for x in sents["end"].tolist()], dtype="int64")
    out["sentiment"] = compound
    out["pos"] = pnn[:, 0]
    out["neu"] = pnn[:, 1]
    out["neg"] = pnn[:, 2]
    out["label"] = meth.labels(compound, pnn)
    found = [r[4] if r[4] and (r[5] or not nan_gate) else () for r in rows]
    if level != "sentence":
        return provenance(_aggregate(data, out, level, found, starts), measure="sentiment", method=method,
                          level=level, resources=meth.resources(), unreadable=unreadable, cut=CUT)
    out["evidence"] = [_evidence(f, s) if f else [] for f, s in zip(found, starts)]
    return provenance(out, measure="sentiment", method=method, level=level, resources=meth.resources(),
                      unreadable=unreadable, cut=CUT)


def _strength(word: tuple) -> float:
    """Sort key of a scored word: strongest (rounded) valence first."""
    return -abs(word[3])


def _aggregate(data, sent: pd.DataFrame, level: str, found: list, starts: list) -> pd.DataFrame:
    """Mean of sentence compounds, shares of positive/negative sentences, strongest words.

    ``found``: each sentence's scored words ``(start, end, text, valence, base, rule)`` (offsets
    into the sentence), ``starts``: the sentences' offsets into their articles.  Only the
    strongest words of each unit become evidence dicts.
    """
    target = units(data, level)
    keys = keys_of(target, level)
    base = target[keys + ["text", "start", "end"]].reset_index(drop=True)
    if keys:
        sk = [k for k in keys if k in sent.columns]
        sent_keys = sent[sk].itertuples(index=False, name=None)
        tkeys = list(base[sk].itertuples(index=False, name=None))
    else:  # pragma: no cover - units always carry article_id
        sent_keys = [()] * len(sent)
        tkeys = [()] * len(base)
    groups: dict = {}
    for key, c, f, off in zip(sent_keys, sent["sentiment"].tolist(), found, starts):
        g = groups.get(key)
        if g is None:
            g = groups[key] = [[], []]
        g[0].append(c)
        if f:
            g[1].extend([(off + s, off + e, t, round(v, 4), b, r) for s, e, t, v, b, r in f])
    means, pos, neg, ns, evs = [], [], [], [], []
    for key in tkeys:
        cs, ev = groups.get(key, ([], []))
        arr = np.asarray(cs, dtype=float)
        scored = arr[~np.isnan(arr)]
        ns.append(len(arr))
        if len(scored):
            means.append(float(scored.mean()))
            pos.append(float((scored >= CUT).mean()))
            neg.append(float((scored <= -CUT).mean()))
        else:
            means.append(np.nan)
            pos.append(np.nan)
            neg.append(np.nan)
        evs.append(_evidence(sorted(ev, key=_strength)[:TOP_EVIDENCE], 0))
    base["start"] = np.array([int(x) for x in base["start"]], dtype="int64")
    base["end"] = np.array([int(x) for x in base["end"]], dtype="int64")
    base["sentiment"] = np.round(np.array(means, dtype=float), 4)
    base["share_positive"] = pos
    base["share_negative"] = neg
    base["n_sentences"] = np.array(ns, dtype="int64")
    base["label"] = _labels(base["sentiment"].to_numpy(dtype=float))
    base["evidence"] = evs
    return base
