"""Sourcing profile of each sentence and paragraph, and place/date conflicts inside an article.

``sourcing()`` labels every body sentence (captions, credits, bylines and repeated paragraphs
are skipped) as

* ``attributed`` — a source stands behind it: it quotes two or more words (a quotation may run
  over several sentences of a paragraph, and one left open goes on to the paragraph's end, as a
  quotation that continues in the next paragraph is written), or has an attribution cue — a verb
  of communication (*said, told, announced, wrote, warned, criticized …*) or a reporting phrase
  (*according to, citing, in a statement*), not one the writer says of themselves outside
  quotation marks (*I believe*, *we can expect*) — or ``nl.quotes`` gives its words to a labelled
  speaker (a headline "Hale: No new taxes", a transcript's "TAPPER: …") or to the speaker of a
  quotation that goes on from another sentence (the one pass of ``nl.quotes``, shared);
* ``commentary`` — an opinion scorer (:mod:`newslens.opinion`) finds it likely to be the
  writer's own evaluation, speculation, prediction or exhortation, and either nothing in it is
  attributed or its writer's own words, the source's taken out (its quotations and the speech
  ``nl.quotes`` gives to someone), still score as opinion by a margin ("The mayor called the plan
  “a fresh start,” but it is a cynical giveaway to developers"; :data:`WRITER_MARGIN`);
* ``reported`` — neither: the reporter states it without a source and without opinion; its
  evidence is its concrete details (times, dates, numbers, places, titled actors) when it has
  any.

A paragraph's label aggregates its sentences by a documented rule (``rule=``, a registry
lookup; see :data:`rules`).  Attribution cues live in ``lexicons/sourcing_cues.json`` (written
for newslens from Levin's verbs of communication; nothing in it comes from the seed article or a
test split); the default opinion scorer and its word lists are described in
:mod:`newslens.opinion`.

``consistency()`` finds the same event placed in two incompatible places, or on two
different dates, within one article (e.g. a summit said to be in Pyongyang and later in
Vladivostok, or a museum said to have reopened on Friday, June 6 and later on Sunday, June 8).
"""
from __future__ import annotations

import numbers
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import combinations, islice

import pandas as pd

from .. import entities
from ..errors import OptionError
from ..files import read_lexicon_json
from ..opinion import scorers as opinion_scorers
from ..opinion import DEFAULT as DEFAULT_OPINION
from ..opinion import _logit, _sigmoid, threshold_of
from ..registry import Registry
from . import register
from ._base import check_level, provenance, units

__all__ = ["sourcing", "consistency", "LABELS", "rules", "attribution_cues", "attributed_sentences", "reported_cues",
           "reported_speech", "quote_cues",
           "ATTRIBUTION_TYPES"]

LABELS = ("attributed", "reported", "commentary")
_CUE_FILE = "sourcing_cues.json"
_PLACE_FILE = "sourcing_places.json"
_CUE_LABELS = ("attributed", "reported")
ATTRIBUTION_TYPES = ("speech_verb", "according_to", "belief", "evidential")
"""The cue types of ``sourcing_cues.json`` that make a sentence attributed.  Chosen among four
candidate sets on PolNeAR train + dev sentences (``benchmarks/sourcing.py``): adding the belief
(*believes, expects, wants*) and evidential (*a poll found, data show*) verbs to the speech verbs
and reporting phrases raised F1 there (the development rows of that benchmark give the figures)."""

# ---------------------------------------------------------------- cues
_WORDS2 = re.compile(r"\w\W++\w")  # two words (linear: no run is re-scanned)


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return read_lexicon_json(_CUE_FILE)


def _alternation(patterns: list[str]) -> str:
    return r"(?<!\w)(?:" + "|".join("(?:" + p + ")" for p in patterns) + r")(?!\w)"


_LITERAL_PREFIX = re.compile(r"[a-z]+")
_TOKEN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _compiled():
    """The cue lexicon compiled for one pass over the text.

    Returns ``(dispatch, lengths, scanned)``: ``dispatch`` maps the literal first letters of
    a cue (``"said"``, ``"accord"``) to ``(label, cue_type, regex)`` entries that are tried
    only where a word starts with them; ``lengths`` maps a word's first two letters to the
    prefix lengths worth looking up; ``scanned`` are ``(label, cue_type, regex)`` searched over
    the whole text (cues that do not start with a literal word, and the case-sensitive
    place/actor cues).
    """
    lex = _lexicon()
    grouped: dict[str, dict[tuple[str, str], list[str]]] = {}
    scanned = []
    for label in _CUE_LABELS:
        for cue_type, pats in lex[label].items():
            general = []
            for pat in pats:
                m = _LITERAL_PREFIX.match(pat)
                prefix = m.group() if m else ""
                if m and m.end() < len(pat) and pat[m.end()] in "?*{":
                    prefix = prefix[:-1]  # the last letter is optional
                if len(prefix) >= 2:
                    grouped.setdefault(prefix, {}).setdefault((label, cue_type), []).append(pat)
                else:
                    general.append(pat)
            if general:
                scanned.append((label, cue_type, re.compile(_alternation(general), re.I)))
        for cue_type, pats in lex.get(f"{label}_cased", {}).items():
            scanned.append((label, cue_type, re.compile("(?:" + "|".join(pats) + ")", re.M)))
    dispatch = {
        prefix: tuple((label, cue_type, re.compile(_alternation(pats), re.I)) for (label, cue_type), pats in groups.items())
        for prefix, groups in grouped.items()
    }
    # the prefix lengths worth looking up, by a word's first two letters (every prefix has >= 2)
    lengths: dict[str, tuple[int, ...]] = {}
    for p in dispatch:
        lengths[p[:2]] = tuple(sorted({*lengths.get(p[:2], ()), len(p)}))
    return dispatch, lengths, tuple(scanned)


def _find_cues(text: str, labels=_CUE_LABELS) -> dict[str, list[tuple[int, int, str]]]:
    """Non-overlapping lexicon cues of each of ``labels``: label -> [(start, end, cue_type), …] in text order."""
    found: dict[str, list[tuple[int, int, str]]] = {lab: [] for lab in labels}
    dispatch, lengths, scanned = _compiled()
    for tm in _TOKEN.finditer(text.lower()):
        tok = tm.group()
        ns = lengths.get(tok[:2])
        if ns is None:
            continue
        pos = tm.start()
        for n in ns:
            if n > len(tok):
                break
            for label, cue_type, rx in dispatch.get(tok[:n], ()):
                if label not in found:
                    continue
                m = rx.match(text, pos)
                if m and m.end() > pos:
                    found[label].append((pos, m.end(), cue_type))
    for label, cue_type, rx in scanned:
        if label not in found:
            continue
        for m in rx.finditer(text):
            s, e = m.span()
            s += len(m.group()) - len(m.group().lstrip())
            if e > s:
                found[label].append((s, e, cue_type))
    return {label: _non_overlapping(cues) for label, cues in found.items()}


def _non_overlapping(cues: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The cues in text order, the longest at a position first, none overlapping a kept one."""
    kept: list[tuple[int, int, str]] = []
    for c in sorted(cues, key=lambda c: (c[0], -(c[1] - c[0]))):
        if not kept or c[0] >= kept[-1][1]:
            kept.append(c)
    return kept


def _quotations(text: str) -> list[tuple[int, int, str]]:
    """Quotations of two or more words, or of one that a naming verb gives ("called it
    “reckless”"; other one-word "scare quotes" are not attribution), paired as
    ``nl.quotes`` pairs them (:func:`newslens.entities.quote_marks`: marks of mixed styles, a
    quotation left open runs to the end of the paragraph, as one that goes on in the next
    paragraph does); the marks of a nickname inside a name quote no one."""
    out = []
    for o, c, _ in entities.quote_marks(text):
        if entities.nickname_marks(text, o, c):
            continue
        end = len(text) if c is None else c + 1
        if _WORDS2.search(text, o + 1, end) or _named_before(text, o):
            out.append((o, end, "quote"))
    return out


# the writer speaking for themselves: "I believe", "we can expect", "you know", "as one might
# think" right before a verb of saying or believing, in a sentence with no quotation mark (inside a
# quotation the pronoun is the speaker's); "one" only with a modal or an adverb before the verb
# ("One said …" is one of the people just named)
_WRITER_AUX = (r"(?:[^\S\n]++(?:\w+ly|can|could|will|would|should|must|may|might|do|did|does|don[’']t|didn[’']t"
               r"|have|had|also|all|just|still|never|always|often|really|too|yourself|ourselves|myself|not)|[’'](?:ll|d))")
_WRITER = re.compile(rf"(?<![\w'’])(?:(?:I|[Ww]e|[Yy]ou){_WRITER_AUX}*+|[Oo]ne{_WRITER_AUX}++)[^\S\n]++$")
_MARKS = re.compile("[“”\"«»„]")


def _lexical_cues(text: str, types) -> list[tuple[int, int, str]]:
    """The lexicon cues of ``types`` in ``text``, without a verb the writer says of themselves
    ("I believe it falls short", "we can expect a fight": the writer's own view, not a source's)."""
    cues = [c for c in _find_cues(text, ("attributed",))["attributed"] if c[2] in types]
    if cues and _MARKS.search(text) is None:
        cues = [c for c in cues if c[2] == "according_to" or _WRITER.search(text, max(0, c[0] - 50), c[0]) is None]
    return cues


def attribution_cues(text: str, *, types=ATTRIBUTION_TYPES) -> list[tuple[int, int, str]]:
    """Attribution cues in ``text``: ``(start, end, cue_type)`` of quotations of two or more
    words and of the lexicon cues of ``types``, in text order, not overlapping.

    >>> attribution_cues("“We will rebuild,” the mayor said, according to aides.")
    [(0, 18, 'quote'), (29, 33, 'speech_verb'), (35, 47, 'according_to')]
    """
    lexical = _lexical_cues(text, types)
    return _non_overlapping(_quotations(text) + lexical)


def reported_cues(text: str) -> list[tuple[int, int, str]]:
    """Concrete-reporting cues (``time``, ``number``, ``place``, ``actor``) in ``text``.

    >>> [c[2] for c in reported_cues("Mayor Ana Ruiz spoke in Leeds on Monday to 40 aides.")]
    ['actor', 'place', 'time', 'number']
    """
    return _find_cues(text, ("reported",))["reported"]


# ---------------------------------------------------------------- paragraph rules
rules = Registry("rule")
"""How sentence labels become a paragraph label: name -> ``(labels) -> label or None``."""


@rules.register("attribution_first")
def _attribution_first(labels: list) -> str | None:
    """Attributed when any sentence is attributed; else commentary when at least half of the
    decided sentences are commentary; else reported when any sentence is decided; else None."""
    decided = [lab for lab in labels if lab is not None]
    if not decided:
        return None
    if "attributed" in decided:
        return "attributed"
    if 2 * decided.count("commentary") >= len(decided):
        return "commentary"
    return "reported"


@rules.register("majority")
def _majority(labels: list) -> str | None:
    """The most frequent sentence label (ties: attributed > reported > commentary); None when
    no sentence is decided."""
    decided = [lab for lab in labels if lab is not None]
    if not decided:
        return None
    return max(LABELS, key=lambda lab: (decided.count(lab), -LABELS.index(lab)))


# ---------------------------------------------------------------- the measure
def _quoted_sentences(sents: pd.DataFrame) -> list[list[tuple[int, int, str]]]:
    """Per sentence, the quotations of its paragraph that overlap it (a quotation may run over
    several sentences); offsets relative to the sentence."""
    out: list[list] = [[] for _ in range(len(sents))]
    keys = [k for k in ("article_id", "paragraph") if k in sents.columns]
    groups = sents.groupby(keys, sort=False).indices if keys else {None: range(len(sents))}
    texts = sents["text"].tolist()
    for idx in groups.values():
        idx = list(idx)
        joined, starts, pos = [], [], 0
        for i in idx:
            starts.append(pos)
            joined.append(texts[i])
            pos += len(texts[i]) + 1
        ends = [s0 + len(texts[i]) for i, s0 in zip(idx, starts)]
        for qs, qe, kind in _quotations(" ".join(joined)):
            for k in _overlapping(starts, ends, qs, qe):
                out[idx[k]].append((max(qs, starts[k]) - starts[k], min(qe, ends[k]) - starts[k], kind))
    return out


def _overlapping(starts: list[int], ends: list[int], a: int, b: int, ordered: bool = True):
    """Positions of the units that overlap ``[a, b)``.  Units in order and not overlapping each
    other (``ordered``: ``starts`` and ``ends`` ascending, as a text's sentences are) are found by
    bisection, so a paragraph of thousands of sentences and quotations costs no more per quotation
    than a short one; other units (a table of overlapping spans) one by one."""
    if ordered:
        return range(bisect_right(ends, a), bisect_left(starts, b))
    return [k for k, (s, e) in enumerate(zip(starts, ends)) if s < b and e > a]


_WORD = re.compile(r"\w+")
# a verb that credits a name to someone right before a short quotation: "called it “absolute chaos”",
# "described it as a ‘profoundly immoral’ act" (not "so-called")
_NAMING = re.compile(r"(?<![\w-])(?:calls?|called|calling|dub(?:s|bed)|label(?:s|l?ed)|brand(?:s|ed)|term(?:s|ed)"
                     r"|describ(?:e|es|ed|ing)(?:\s++\w++){0,3}?\s++as)"
                     # what is named ("him", "the plan", "Mr. Cole", "the mayor's budget") and the article before the name
                     r"(?:\s++(?:it|him|her|them|us|me|you|this|that|these|those)"
                     r"|\s++(?:the|his|her|their|its|this|that|these|those)(?:\s++[\w’'-]++){0,3}"
                     r"|(?:\s++[A-Z][\w’'.-]*+){1,3})?(?:\s++(?:a|an|the|his|their|its))?\s*+$")


def _named_before(text: str, o: int) -> bool:
    """Whether a naming verb stands right before the quotation mark at ``text[o]`` (a mark typed as
    two apostrophes, ``''``, counts from its first)."""
    while o > 0 and text[o - 1] == "'":
        o -= 1
    return _NAMING.search(text, max(0, o - 60), o) is not None


def attributed_sentences(sents: pd.DataFrame, *, types=ATTRIBUTION_TYPES, speech: dict | None = None,
                         quote_cues: dict | None = None) -> list[list[tuple[int, int, str]]]:
    """Per sentence of a sentences table, its attribution cues (offsets relative to the sentence):
    the quotations of its paragraph that overlap it, and its lexicon cues of ``types``.  A
    quotation of two words counts only in a paragraph with a lexicon cue or as
    :func:`_sourced_quotation` says: alone it is a scare quote or a slogan ("the ‘left behind’
    places"), not a source's words.  ``speech`` (:func:`reported_speech`, article id → spans in
    the article's offsets): a sentence with no cue of its own whose words that speech covers
    gets the covered words as its cue (``reported_speech``: "Hale: No new taxes").  ``quote_cues``
    (:func:`quote_cues`, the same form): a sentence with no cue of its own that holds the cue of
    a quotation in another sentence gets that cue (``quote_cue``: "Cole continued:" before a
    quoted paragraph, "― Ann Cole" after one).  A sentence is attributed when the list is not
    empty."""
    quoted = _quoted_sentences(sents)
    texts = sents["text"].tolist()
    lexical = {t: _lexical_cues(t, types) for t in dict.fromkeys(texts)}
    keys = [k for k in ("article_id", "paragraph") if k in sents.columns]
    paras = list(zip(*(sents[k].tolist() for k in keys))) if keys else [None] * len(texts)
    cued = {key for key, t in zip(paras, texts) if lexical[t]}
    out = [_non_overlapping([c for c in q if key in cued or _sourced_quotation(t, c[0], c[1])] + lexical[t])
           for key, t, q in zip(paras, texts, quoted)]
    for i, covered in enumerate(_spans_in(sents, speech)):
        if covered and not out[i]:
            out[i] = [(min(a for a, _ in covered), max(b for _, b in covered), "reported_speech")]
    for i, cues in enumerate(_spans_in(sents, quote_cues)):
        if cues and not out[i]:
            out[i] = [(a, b, "quote_cue") for a, b in cues]
    return out


def _spans_in(sents: pd.DataFrame, spans: dict | None) -> list[list[tuple[int, int]]]:
    """Per sentence, the spans of ``spans`` (article id → ``(start, end)`` in article offsets)
    that overlap it, cut to it and relative to it; none for a sentence without offsets."""
    out: list[list] = [[] for _ in range(len(sents))]
    if not spans or not {"article_id", "start"} <= set(sents.columns):
        return out
    by_article: dict = {}
    for i, (aid, s0, text) in enumerate(zip(sents["article_id"], sents["start"], sents["text"])):
        if s0 == s0 and aid in spans:
            by_article.setdefault(aid, []).append((int(s0), int(s0) + len(text), i))
    for aid, units in by_article.items():
        units.sort()
        starts, ends = [u[0] for u in units], [u[1] for u in units]
        ordered = all(e <= s for e, s in zip(ends, starts[1:]))
        for a, b in spans[aid]:
            for k in _overlapping(starts, ends, a, b, ordered):
                s0, s1, i = units[k]
                out[i].append((max(a, s0) - s0, min(b, s1) - s0))
    return out


# the rules of nl.quotes whose speech no cue of the sentence shows: a labelled speaker, a speaker
# carried from another sentence or paragraph.  Its other rules read a cue of the sentence, which
# the lexicon sees too or leaves out on purpose (verbs such as "argue", "insist" and "claim",
# which made opinion sentences of BABE's development half attributed).
_SPEECH_RULES = frozenset({"headline", "label", "continued", "same_paragraph", "previous_paragraph", "block"})


def reported_speech(articles) -> dict:
    """Article id → ``(start, end)`` (article offsets) of the speech of three words or more that
    ``nl.quotes`` gives to a labelled speaker ("Hale: No new taxes", "TAPPER: …") or to a
    speaker carried from another sentence, read from the one pass over each article that
    ``nl.quotes`` and ``nl.sources`` share (remembered, so measures of the same articles share it)."""
    return _speech(articles)[0]


def quote_cues(articles) -> dict:
    """Article id → ``(start, end)`` (article offsets) of the cue of every direct quotation of three
    words or more that ``nl.quotes`` reads from its cue ("before" and "after" rules).  Only a cue
    outside the quotation's sentence makes a difference (:func:`attributed_sentences` gives it to
    a sentence with no cue of its own): the line that introduces a quoted paragraph ("Cole
    continued:") or signs it ("― Ann Cole")."""
    return _speech(articles)[2]


def _speech(articles) -> tuple[dict, dict, dict]:
    """:func:`reported_speech`, article id → ``(start, end)`` of every quotation or reported
    clause ``nl.quotes`` gives to someone (the source's words), and :func:`quote_cues`, from the
    one shared pass."""
    from .quotes import _paragraph_units, _quote_rows

    labelled: dict = {}
    said: dict = {}
    cues: dict = {}
    for r in _quote_rows(_paragraph_units(articles)):
        said.setdefault(r["article_id"], []).append((r["start"], r["end"]))
        if _three_words(r["quote"] or ""):
            if r["rule"] in _SPEECH_RULES:
                labelled.setdefault(r["article_id"], []).append((r["start"], r["end"]))
            elif r["kind"] == "direct" and r["rule"] in ("before", "after"):
                cues.setdefault(r["article_id"], []).extend(
                    (e["start"], e["end"]) for e in r["evidence"] if e["role"] == "cue" and e["start"] is not None)
    return labelled, said, cues


def _three_words(text: str) -> bool:
    """Whether ``text`` has three words or more (it stops counting at three)."""
    return next(islice(_WORD.finditer(text), 2, None), None) is not None


def _sourced_quotation(text: str, s: int, e: int) -> bool:
    """Whether the quotation ``text[s:e]`` reads as someone's words even with no speech verb in
    its paragraph: three words or more, a naming verb right before it ("called it “absolute
    chaos”") or a name before it in the sentence, of a person or of no known kind ("Putin thanked
    Kim for his “unwavering support”"); not a scare quote or a slogan ("the ‘left behind’ places")."""
    return (len(_WORD.findall(text, s, e)) > 2 or _named_before(text, s)
            or any(kind in ("person", "unknown") for _, _, _, kind in entities.name_spans(text[:s])))


_NOT_OPINION_WORDS = 4
"""At most this many words a reported sentence without concrete details gets as evidence."""

WRITER_MARGIN = 0.47
"""How far above the scorer's threshold, in log-odds, the writer's own words of a sentence with
a source must score for the sentence to be commentary (0.55 for the default scorer).  Chosen on
development data: the margin that most raised commentary = opinion on NewsSD-ENG val and BABE's
development half while costing PolNeAR train + dev attributed F1 at most 0.01."""
_WRITER_WORDS = 5
"""At least this many words of the writer's own, or the sentence stays attributed: the scorer
cannot judge a fragment ("Trump", "Obama: .")."""


def _writers_words(text: str, att: list, said: list) -> str | None:
    """``text`` with the source's words blanked (its quotations, the speech ``nl.quotes`` gives
    to someone: ``said``, offsets relative to ``text``), offsets kept; None when fewer than
    :data:`_WRITER_WORDS` words are left."""
    chars = list(text)
    for s, e in [(s, e) for s, e, t in att if t in ("quote", "reported_speech")] + said:
        chars[s:e] = " " * (e - s)
    left = "".join(chars)
    return left if len(_WORD.findall(left)) >= _WRITER_WORDS else None


def _sentence_labels(sents: pd.DataFrame, scorer, threshold: float, speech: dict | None = None,
                     said: dict | None = None, cues: dict | None = None):
    """Label, opinion probability and evidence (offsets relative to the sentence) of every sentence
    (``speech``, ``cues``: see :func:`attributed_sentences`; ``said``: the source's words, see :func:`_speech`).

    A sentence with a source is commentary when the sentence scores as opinion and so do the
    writer's own words in it, the source's blanked (:func:`_writers_words`), by
    :data:`WRITER_MARGIN` above the threshold: "The mayor called the plan “a fresh start,” but it
    is a cynical giveaway to developers"."""
    texts = sents["text"].tolist()
    # each distinct sentence is scored once: republished wire copy and boilerplate repeat whole sentences
    distinct = list(dict.fromkeys(texts))
    by_text = dict(zip(distinct, scorer(distinct, evidence=True))) if distinct else {}
    scores = [by_text[t] for t in texts]
    atts = attributed_sentences(sents, speech=speech, quote_cues=cues)
    own = [_writers_words(t, att, sd) if att and float(p) >= threshold else None
           for t, (p, _), att, sd in zip(texts, scores, atts, _spans_in(sents, said))]
    mine = list(dict.fromkeys(w for w in own if w is not None))
    by_own = dict(zip(mine, scorer(mine, evidence=True))) if mine else {}
    writer_thr = _sigmoid(_logit(threshold) + WRITER_MARGIN)
    labels, probs, evidence = [], [], []
    reported: dict[str, list] = {}
    for text, (prob, words), att, w in zip(texts, scores, atts, own):
        prob = float(prob)
        if att and w is not None and by_own[w][0] >= writer_thr:
            label = "commentary"
            ev = [(x["start"], x["end"], "opinion", x["weight"]) for x in by_own[w][1] if x["weight"] > 0]
        elif att:
            label, ev = "attributed", [(s, e, t, None) for s, e, t in att]
        elif prob != prob:  # no words: the scorer cannot decide, nor can we
            label, ev = None, []
        elif prob >= threshold:
            label = "commentary"
            ev = [(w["start"], w["end"], "opinion", w["weight"]) for w in words if w["weight"] > 0]
        else:
            if text not in reported:
                reported[text] = reported_cues(text)
            label, ev = "reported", [(s, e, t, None) for s, e, t in reported[text]]
            if not ev:  # no concrete detail: the words that kept the scorer below the threshold
                ev = [(w["start"], w["end"], "not_opinion", w["weight"]) for w in words if w["weight"] < 0][:_NOT_OPINION_WORDS]
        labels.append(label)
        probs.append(prob)
        evidence.append(ev)
    return labels, probs, evidence


def _evidence_dicts(text: str, base: int, label, cues) -> list[dict]:
    out = []
    for s, e, cue_type, weight in cues:
        d = {"text": text[s:e], "start": base + s, "end": base + e, "cue_type": cue_type, "label": label}
        if weight is not None:
            d["weight"] = weight
        out.append(d)
    return out


@register("sourcing")
def sourcing(articles, *, level: str = "paragraph", rule: str = "attribution_first", opinion: str | None = None,
             threshold: float | None = None) -> pd.DataFrame:
    """Label each body sentence or paragraph as attributed, reported or commentary, with evidence.

    Parameters
    ----------
    articles : DataFrame or list of str
        ``nl.load()`` output (captions, credits, bylines and repeated paragraphs are skipped),
        a paragraphs or sentences table, any DataFrame with ``text`` or a list of strings
        (each string is an article; paragraphs are split on blank lines).
    level : {"paragraph", "sentence"}, keyword-only
        ``"sentence"``: one row per body sentence.  ``"paragraph"`` (default): one row per
        body paragraph, its label aggregated from its sentences by ``rule``.
    rule : str, default "attribution_first"
        How sentence labels make a paragraph label (a registry lookup, see ``rules``):

        * ``"attribution_first"`` — attributed when any of its sentences is attributed;
          otherwise commentary when at least half of its sentences are commentary; otherwise
          reported;
        * ``"majority"`` — the most frequent sentence label (ties: attributed > reported >
          commentary).
    opinion : str, optional
        The opinion scorer (a registry lookup in ``newslens.opinion.scorers``: ``"lexical"``,
        ``"neural"``, ``"encoder"``, ``"combined"``, ``"ensemble"`` or one you registered).  Default:
        ``newslens.opinion.DEFAULT``, the scorer with the best development scores among the fast
        ones (its card, ``lexicons/opinion_stack.md``, says why).
    threshold : float, optional
        Opinion probability from which an unattributed sentence is commentary; default: the
        scorer's own threshold (``newslens.opinion.threshold_of``).  A sentence with a source is
        commentary when it reaches this and its writer's own words reach it by
        :data:`WRITER_MARGIN` (log-odds).

    Returns
    -------
    DataFrame
        ``level="sentence"``: ``article_id, paragraph, sentence, label, opinion, evidence,
        text, start, end``; ``opinion`` is the scorer's probability (NaN for a sentence with no
        words, whose label is None).  ``level="paragraph"``: ``article_id, paragraph, label,
        evidence, n_attributed, n_reported, n_commentary, text, start, end``; ``n_*`` count its
        sentences of each label.  ``evidence`` lists dicts ``{text, start, end, cue_type,
        label}`` with offsets into the article text: quotations and attribution cues
        (``quote``, ``speech_verb``, ``according_to``, …; ``reported_speech``: the words
        ``nl.quotes`` gives to a labelled or carried speaker; ``quote_cue``: the cue of a
        quotation in another sentence, "Cole continued:") of attributed sentences, the words that
        pushed a commentary sentence toward opinion (``cue_type`` "opinion", with their
        ``weight``; in a sentence with a source, only the writer's own words), and the
        concrete details of reported sentences (``time``, ``number``, ``place``, ``actor``) or,
        for a reported sentence with none, the words that kept it below the opinion threshold
        (``cue_type`` "not_opinion", negative ``weight``).  A paragraph's evidence is that of
        its sentences with its label, and of any commentary sentence in it whatever its label
        (each item's ``label`` is its sentence's), so unsourced opinion is never hidden by the
        paragraph rule.

    Examples
    --------
    >>> import newslens as nl
    >>> text = ("The mayor said the bridge will reopen on Monday.\\n\\n"
    ...         "Frankly, we should all be ashamed of this disgraceful mess.")
    >>> nl.sourcing([text])["label"].tolist()
    ['attributed', 'commentary']
    >>> s = nl.sourcing([text], level="sentence")
    >>> [e["text"] for e in s["evidence"].iloc[0]]
    ['said']
    """
    check_level(level, ("sentence", "paragraph"))
    decide = rules.get(rule)
    opinion = DEFAULT_OPINION if opinion is None else opinion
    scorer = opinion_scorers.get(opinion)
    if threshold is not None and not (isinstance(threshold, numbers.Real) and not isinstance(threshold, bool)
                                      and 0 < threshold < 1):
        raise OptionError(f"`threshold` must be a probability between 0 and 1 (the opinion scorer's cut-off); got "
                          f"{threshold!r}. Leave it None for the {opinion!r} scorer's own {threshold_of(scorer):.3f}.")
    thr = threshold_of(scorer) if threshold is None else float(threshold)
    sents = units(articles, "sentence").reset_index(drop=True)
    labels, probs, cues = _sentence_labels(sents, scorer, thr, *_speech(articles))
    starts = [int(s) if s == s else 0 for s in sents["start"]] if "start" in sents else [0] * len(sents)
    evidence = [_evidence_dicts(t, b, lab, c) for t, b, lab, c in zip(sents["text"], starts, labels, cues)]
    meta = dict(measure="sourcing", method=f"attribution cues + opinion scorer {opinion!r} ({rule})", level=level,
                resources={_lexicon()["name"]: _lexicon()["version"], "opinion": opinion}, rule=rule, opinion=opinion,
                threshold=thr, attribution_types=list(ATTRIBUTION_TYPES))
    if level == "sentence":
        keys = [k for k in ("article_id", "paragraph", "sentence") if k in sents.columns]
        out = sents[keys].copy()
        out["label"] = pd.Series(labels, dtype=object)
        out["opinion"] = pd.Series(probs, dtype="float64")
        out["evidence"] = pd.Series(evidence, dtype=object)
        for col in ("text", "start", "end"):
            if col in sents.columns:
                out[col] = sents[col].to_numpy()
        return provenance(out, **meta)
    return provenance(_paragraphs(articles, sents, labels, evidence, decide), **meta)


def _paragraphs(articles, sents: pd.DataFrame, labels: list, evidence: list, decide) -> pd.DataFrame:
    """One row per body paragraph: the rule's label, its sentences' evidence and label counts."""
    paras = units(articles, "paragraph").reset_index(drop=True)
    keys = [k for k in ("article_id", "paragraph") if k in paras.columns and k in sents.columns]
    by_para: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(*(sents[k].tolist() for k in keys))):
        by_para.setdefault(key, []).append(i)
    rows_label, rows_ev, counts = [], [], {lab: [] for lab in LABELS}
    for key in zip(*(paras[k].tolist() for k in keys)):
        idx = by_para.get(key, [])
        labs = [labels[i] for i in idx]
        label = decide(labs)
        rows_label.append(label)
        rows_ev.append([e for i in idx if labels[i] in (label, "commentary") for e in evidence[i]] if label else [])
        for lab in LABELS:
            counts[lab].append(labs.count(lab))
    out = paras[keys].copy()
    out["label"] = pd.Series(rows_label, dtype=object)
    out["evidence"] = pd.Series(rows_ev, dtype=object)
    for lab in LABELS:
        out[f"n_{lab}"] = pd.Series(counts[lab], dtype="int64")
    for col in ("text", "start", "end"):
        out[col] = paras[col].to_numpy()
    return out


# ---------------------------------------------------------------- consistency
_TRIGGER = re.compile(
    r"\b(met|meet|meets|meeting|meetings|talks|summit|summits|visit|visits|visited|visiting|trip|"
    r"ceremony|conference|forum|rally|held|hosted|hosts|hosting)\b",
    re.I,
)
_FAMILY = {
    **dict.fromkeys(("met", "meet", "meets", "meeting", "meetings", "talks", "summit", "summits"), "meeting"),
    **dict.fromkeys(("visit", "visits", "visited", "visiting", "trip"), "visit"),
    "ceremony": "ceremony", "conference": "conference", "forum": "conference", "rally": "rally",
}
_CAP = r"(?:[A-Z][a-z’'.]+|[A-Z]\.[A-Z]\.)"
_PLACE_NAME = rf"(?!(?:{'|'.join(('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'The', 'A', 'An', 'His', 'Her', 'Their', 'Its', 'Western', 'Eastern'))})\b){_CAP}(?:[ -](?:de |of )?{_CAP}){{0,3}}"
_PLACE_AFTER = re.compile(rf"\b(?P<prep>in|at)\s+(?:(?P<the>the)\s+)?(?P<place>{_PLACE_NAME})(?:,\s+(?P<parent>{_PLACE_NAME}))?")
_CONTAINED = re.compile(rf"(?P<place>{_PLACE_NAME}),\s+(?P<parent>{_PLACE_NAME})")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_MONTH_DAY = rf"{_MONTH}\.?\s+\d{{1,2}}(?!\d)(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b[Oo]n\s+(?P<wd>{_WEEKDAY})\b(?:,?\s+(?P<wmd>{_MONTH_DAY}))?(?:,?\s+(?P<wy>\d{{4}})\b)?"
    rf"|\b(?P<wd2>{_WEEKDAY})['’]s\b"
    rf"|\b[Oo]n\s+(?P<md>{_MONTH_DAY})(?:,?\s+(?P<y>\d{{4}})\b)?"
)
_OTHER_EVENT = re.compile(r"\b(?:again|another|next|previous|earlier|last|upcoming|following|former|first|second|later|future|planned)\b", re.I)
_NAME_TOKEN = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_NOT_NAMES = frozenset(
    "The A An And But In On At Of For With During After Before While When Where Despite Overall "
    "President Prime Minister Leader Supreme Secretary Chancellor Governor Senator Mayor Chief General "
    "King Queen Prince Mr Mrs Ms Dr He She They It This That These Those His Her Their Its We "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Russian North South East West Korean American British "
    "Chinese Western Eastern Hundreds Thousands Dozens Many Some Several Most Few Workers Residents "
    "Officials Organisers Organizers Protesters Supporters Critics".split()
)
_NEAR = 90  # characters between an event word and its place
_NEAR_DATE = 40  # characters between an event word and its date ("on Monday", "Monday's")
_VERB_DATE = 50  # characters from a one-off event verb to the date after it

# Verbs of events that happen once to their subject (and object): a museum reopens, a minister
# resigns, a court rules, a bill is signed.  The same one of these given two dates is a
# contradiction; verbs of things that recur (rose, fell, met, said, won, voted) are not here.
_ONE_OFF_VERBS = frozenset("""
    opened reopened closed shut launched began started ended died resigned retired arrested indicted
    sentenced convicted acquitted released freed signed elected inaugurated founded unveiled collapsed
    exploded erupted crashed landed arrived departed married hired appointed nominated ruled passed
    approved vetoed enacted repealed filed sued invaded surrendered evacuated debuted premiered
    completed""".split())
_DEED_TOKEN = re.compile(r"[A-Za-z][\w’'-]*|[,;:—–()]")
# words skipped between a verb and its subject ("the museum, which had finally reopened")
_SUBJECT_SKIP = frozenset(
    "was were is are be been being had has have also then finally officially formally quietly reportedly "
    "eventually only just which that who , ( )".split()
)
_NOT_HEADS = frozenset(
    "the a an this that these those it its he she they we i you his her their our my your him them us "
    "of in on at to for with by from as and or but after before when while if than ; : — –".split()
)
_DETERMINERS = frozenset("the a an its his her their our this that these those some any".split())
_PREPOSITIONS = frozenset(
    "on in at to for with by from as after before during since until into onto over under about "
    "against between through and or but".split()
)


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], dict[str, str], frozenset[str], str]:
    """(city -> country, alias -> country, countries, version), all casefolded."""
    spec = read_lexicon_json(_PLACE_FILE)
    city_country: dict[str, str] = {}
    for country, cities in spec["countries"].items():
        for c in cities:
            city_country[c.casefold()] = country.casefold()
    alias_country = {a.casefold(): c.casefold() for c, aliases in spec.get("aliases", {}).items() for a in aliases}
    countries = frozenset(c.casefold() for c in spec["countries"])
    return city_country, alias_country, countries, spec["version"]


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    """Continents and world regions (casefolded): they hold places of many countries, so they conflict with none."""
    return frozenset(r.casefold() for r in read_lexicon_json(_PLACE_FILE).get("regions", ()))


def _canon(place: str) -> str:
    return re.sub(r"^the\s+", "", place.strip(), flags=re.I).rstrip(".").casefold()


def _country_of(place: str, parents: dict[str, str]) -> tuple[str | None, bool]:
    """(country of ``place`` or None when unknown, whether ``place`` is itself a country)."""
    city_country, alias_country, countries, _ = _gazetteer()
    if place in countries:
        return place, True
    if place in alias_country:
        return alias_country[place], True
    seen = set()
    p = place
    while p in parents and p not in seen:  # the article's own "City, Country"
        seen.add(p)
        p = parents[p]
        if p in countries:
            return p, False
        if p in alias_country:
            return alias_country[p], False
        if p in city_country:
            return city_country[p], False
    if place in city_country:
        return city_country[place], False
    return None, False


def _places_conflict(a: str, b: str, parents: dict[str, str], *, both_in: bool = False) -> bool:
    """True when two places cannot both be right: different countries, or different cities of one country.

    Two places that are both unknown to the gazetteer conflict only when both are written as
    "in <Place>" (a town, not a venue "at <Place>") and the article never puts one inside the
    other ("Milltown, Calder County").
    """
    if a == b or a in _regions() or b in _regions():
        return False
    ca, a_is_country = _country_of(a, parents)
    cb, b_is_country = _country_of(b, parents)
    if ca is None and cb is None:
        linked = parents.get(a) == b or parents.get(b) == a or a in b or b in a
        return both_in and not linked
    if ca is None or cb is None:
        return False  # one unknown place: cannot tell, so no claim
    if ca != cb:
        return True
    # same country: a country contains its cities; two different cities conflict
    return not (a_is_country or b_is_country or ca in (a, b) or cb in (a, b))


def _date_key(m: re.Match) -> tuple[str | None, str | None, str | None]:
    """``(weekday, month-day, year)`` of a date expression, each None when not written."""
    wd = m.group("wd") or m.group("wd2")
    md = m.group("wmd") or m.group("md")
    if md:
        month, day = re.sub(r"\s+", " ", md).replace(".", "").split(" ")
        md = f"{month[:3].lower()} {int(day.rstrip('stndrh'))}"
    return (wd.lower() if wd else None), md, m.group("wy") or m.group("y")


def _dates_conflict(a: tuple, b: tuple) -> bool:
    """Two dates of one event disagree: different weekdays or different days of the month.

    Dates written with two different years are taken as two occasions, not a conflict.
    """
    (wa, ma, ya), (wb, mb, yb) = a, b
    if ya and yb and ya != yb:
        return False
    return bool(wa and wb and wa != wb) or bool(ma and mb and ma != mb)


def _mentions(text: str):
    """Event mentions in one sentence: dicts with family, place, date, names."""
    out = []
    trig = list(_TRIGGER.finditer(text))
    families = [_FAMILY[m.group(1).lower()] for m in trig if m.group(1).lower() in _FAMILY]
    names = {t for t in _NAME_TOKEN.findall(text) if t not in _NOT_NAMES}
    for m in trig:
        word = m.group(1).lower()
        fam = _FAMILY.get(word) or (families[0] if families else None)
        if fam is None:
            continue
        if _OTHER_EVENT.search(text[max(0, m.start() - 25): m.end() + 25]):
            continue  # "another meeting", "met again", "last year's summit": a different event
        window_end = min(len(text), m.end() + _NEAR)
        place = prep = None
        pm = _PLACE_AFTER.search(text, m.end(), window_end)
        if pm:
            # "in the White House", "in the Senate": a venue, not a town ("in the" is never both_in)
            place, prep = pm.group("place"), pm.group("prep").lower() + (" the" if pm.group("the") else "")
            if place.endswith(".") and not text[pm.end():].strip() and not re.search(r"[A-Z]\.[A-Z]\.$", place):
                place = place[:-1]  # the sentence's full stop, not part of the name
        date = None
        best = None
        for dm in _DATE.finditer(text, max(0, m.start() - _NEAR_DATE), min(len(text), m.end() + _NEAR_DATE)):
            dist = abs(dm.start() - m.start())
            if best is None or dist < best:
                best, date = dist, dm
        out.append({
            "family": fam, "trigger": word, "place": place, "prep": prep, "date": _date_key(date) if date else None,
            "date_text": date.group(0) if date else None,
            "names": names - ({t for t in _NAME_TOKEN.findall(place)} if place else set()),
        })
    return out + _dated_deeds(text)


def _dated_deeds(text: str) -> list[dict]:
    """One-off events with a date in one sentence: "The museum reopened to visitors on Friday, June 6".

    Each is a mention ``{family: "deed", verb, subject, object, date, …}``: the verb (one of
    :data:`_ONE_OFF_VERBS`), the head word of its subject ("museum" in "the museum, which
    reopened …"; none for a pronoun), the head of its object if one follows directly, and the
    date written right after the verb (within 50 characters, no clause in between) or opening
    the sentence ("On Friday, the museum reopened").  A deed marked as another occasion
    (*again, next, last, first …*) is left out.
    """
    toks = [(m.group(), m.start(), m.end()) for m in _DEED_TOKEN.finditer(text)]
    dates = list(_DATE.finditer(text))
    if not dates:
        return []
    out = []
    for k, (w, s, e) in enumerate(toks):
        verb = w.lower()
        if verb not in _ONE_OFF_VERBS:
            continue
        if _OTHER_EVENT.search(text[max(0, s - 25): e + 25]):
            continue
        date = next((d for d in dates if e <= d.start() <= e + _VERB_DATE and not _CLAUSE_BREAK.search(text, e, d.start())), None)
        if date is None and dates[0].start() <= 3 and dates[0].end() < s:  # "On Friday, June 6, the museum reopened"
            date = dates[0]
        subject = _subject(toks, k)
        if date is None or subject is None:
            continue
        out.append({
            "family": "deed", "trigger": verb, "verb": verb, "subject": subject, "object": _object(toks, k),
            "place": None, "prep": None, "date": _date_key(date), "date_text": date.group(0), "names": set(),
        })
    return out


_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s*(?:and|but|while|after|before|when|which|who)\b|\b(?:and|but|while|when|after|before)\s")


def _subject(toks: list, k: int) -> str | None:
    """The head word of the subject of the verb at token ``k`` (None for a pronoun or no subject)."""
    j = k - 1
    while j >= 0 and (toks[j][0].lower() in _SUBJECT_SKIP or toks[j][0].lower().endswith("ly")):
        j -= 1
    if j < 0:
        return None
    head = re.sub(r"['’]s?$", "", toks[j][0]).lower()
    return None if head in _NOT_HEADS or not head.isalpha() else head


def _object(toks: list, k: int) -> str | None:
    """The head word of a noun phrase right after the verb at token ``k`` ("the budget"), else None."""
    words = []
    for w, _, _ in toks[k + 1:k + 6]:
        low = w.lower()
        if low in _PREPOSITIONS or not w[0].isalpha():
            break
        if low not in _DETERMINERS:
            words.append(low)
    return words[-1] if words else None


def _same_event(a: dict, b: dict) -> bool:
    if a["family"] != b["family"]:
        return False
    if a["family"] == "deed":  # one verb, one subject, and no two different objects
        return (a["verb"] == b["verb"] and a["subject"] == b["subject"]
                and (a["object"] is None or b["object"] is None or a["object"] == b["object"]))
    na, nb = a["names"], b["names"]
    if not na and not nb:
        return True
    need = min(2, len(na), len(nb))
    return need >= 1 and len(na & nb) >= need


@register("consistency")
def consistency(articles) -> pd.DataFrame:
    """Conflicts inside an article: the same event placed in two places or on two dates.

    An *event mention* is a sentence with an event word (met, meeting, talks, summit, visit,
    ceremony, conference, held, hosted …) and a place (``in/at <Place>`` within 90
    characters after it) and/or a date (``on <weekday>``, ``<weekday>'s``, ``on <Month day>``
    nearest to it, within 40 characters). Two mentions are the same event when their event words are of one kind
    (meeting/talks/summit, visit, ceremony, …), they share at least two named participants
    (one when a sentence names only one; none needed when neither names any), and neither is
    marked as another occasion (*again, another, earlier, last, next …*). Their places
    conflict when they lie in different countries or are different cities of one country;
    containment ("Vladivostok, Russia", a capital and its country) is not a conflict. A
    place whose country is unknown (not in ``lexicons/sourcing_places.json`` nor written as
    "City, Country" in the article) conflicts only with another unknown place, when both are
    written "in <Place>" and the article never puts one inside the other (local towns; "in the
    White House" is a venue, not a town).  A continent or world region ("Asia", "the Middle
    East") holds places of many countries and conflicts with none.

    A *dated deed* is a one-off event verb (reopened, resigned, signed, ruled, died … —
    ``_ONE_OFF_VERBS``; not verbs of things that recur such as rose, met or said) with its
    subject and a date written right after it or opening the sentence: "The museum reopened to
    visitors on Friday, June 6" and "the museum, which reopened on Sunday, June 8" are one deed
    (same verb, same subject head word, no two different objects).  A pronoun subject ties
    nothing together.

    Two dates of one event conflict when their weekdays differ or their days of the month
    differ ("on Friday, June 6" and "on June 6" agree); dates with two different years, and
    mentions marked as another occasion (*again, next, last, first …*), are not conflicts.

    Parameters
    ----------
    articles : DataFrame or list of str
        ``nl.load()`` output, a sentences/paragraphs table, a DataFrame with ``text`` or a
        list of strings.

    Returns
    -------
    DataFrame
        One row per conflict: ``article_id, kind`` ("place" or "date"), ``values`` (the two
        conflicting values in text order), ``evidence`` (the two sentences as dicts
        ``{text, start, end, value}`` with offsets into the article text). No conflict, no row.

    Examples
    --------
    >>> import newslens as nl
    >>> out = nl.consistency(["Putin met Kim Jong Un in Pyongyang on Wednesday.\\n\\n"
    ...                       "Putin recently met with Kim Jong Un in Vladivostok, Russia."])
    >>> out[["kind", "values"]].values.tolist()
    [['place', ['Pyongyang', 'Vladivostok']]]
    """
    sents = units(articles, "sentence")
    rows = []
    for aid, group in sents.groupby("article_id", sort=False):
        article_text = "\n".join(group["text"])
        parents: dict[str, str] = {}
        for cm in _CONTAINED.finditer(article_text):
            parents.setdefault(_canon(cm.group("place")), _canon(cm.group("parent")))
        mentions = []
        for text, start in zip(group["text"], group["start"]):
            start = int(start)
            for men in _mentions(text):
                men["sentence"] = {"text": text, "start": start, "end": start + len(text)}
                mentions.append(men)
        seen = set()
        for a, b in combinations(mentions, 2):
            if a["sentence"]["start"] == b["sentence"]["start"] or not _same_event(a, b):
                continue
            checks = []
            both_in = a["prep"] == "in" and b["prep"] == "in"
            if a["place"] and b["place"] and _places_conflict(_canon(a["place"]), _canon(b["place"]), parents, both_in=both_in):
                checks.append(("place", a["place"], b["place"]))
            if a["date"] and b["date"] and _dates_conflict(a["date"], b["date"]):
                checks.append(("date", a["date_text"], b["date_text"]))
            for kind, va, vb in checks:
                key = (kind, frozenset((_canon(va), _canon(vb))))
                if key in seen:
                    continue
                seen.add(key)
                rows.append({
                    "article_id": aid, "kind": kind, "values": [va, vb],
                    "evidence": [{**a["sentence"], "value": va}, {**b["sentence"], "value": vb}],
                })
    out = pd.DataFrame(rows, columns=["article_id", "kind", "values", "evidence"])
    gaz_version = _gazetteer()[3]
    return provenance(
        out, measure="consistency", method="event mentions with place/date, same participants", level="article",
        resources={"sourcing_places": gaz_version},
    )
