"""Stance toward actors: how each sentence treats the people, organisations and countries it names.

``nl.stance(data, targets=None, level="sentence")`` finds every mention of each target (its name,
aliases, surname back-references, demonyms such as "Russian" or "North Korean") and scores the
mention from *target-dependent* evidence — the words governed near the mention, not the whole
sentence:

* "Critics accused Governor Hale of squandering the fund" → negative toward Hale (Hale is the
  object of "accused" and the agent of "squandering");
* "Hale praised the nurses" → neutral toward Hale (praise evaluates its object, not its subject);
* "the terrible storm destroyed homes, but Chief Blake's crews rescued every family" →
  positive toward Blake ("but" starts Blake's clause; the possessor of the rescuers is credited).

Four methods are registered (``method=``):

``"rules"``
    Transparent rules: clause boundaries (";", "but", "although" …), roles of the target towards
    evaluative verbs (``lexicons/stance_cues.json``: *patient* verbs like praise/accuse evaluate
    their object, *agent* verbs like rescue/squander evaluate who does them), possessives,
    negation, and VADER word valences (read from the installed vaderSentiment package) weighted
    by distance to the mention inside its clause.
``"learned"``
    A multinomial logistic regression over target-relative features (words by side and distance
    to the mention, the sentence's words, VADER valences in windows, the rule cues), trained by
    ``benchmarks/train_stance.py`` on NewsMTSC ``train.jsonl`` only and shipped as
    ``lexicons/stance_model.json`` (model card: ``lexicons/stance_model.md``).  Its evidence is the
    content words that pushed the score, each with its weight.  One construction a bag of words
    cannot see is left to the rules: when the target's people do an evaluative deed ("Chief
    Blake's crews rescued …", role ``possessor-agent``), the rules' score and evidence are used.
``"neural"`` (runs with ``onnxruntime``, a core dependency)
    A MiniLM-L6 encoder fine-tuned on NewsMTSC ``train.jsonl`` by
    ``benchmarks/train_stance_neural.py``, shipped as an int8 ONNX file
    (``lexicons/stance_neural.onnx``, model card ``lexicons/stance_neural.md``; int8 arithmetic,
    quantised dynamically, so each window is run alone and its score never depends on the other
    mentions) and run offline on the CPU with onnxruntime.  It reads :data:`WINDOW_PIECES` word pieces around the mention
    (marked in place and repeated after the sentence); stance is P(positive) − P(negative).
    Evidence is measured by *occlusion*: each word within 8 words of the mention is masked in
    turn and the change of the stance is its ``valence`` (role ``"occlusion"``) — what the model
    reacted to, not an explanation of why.  One extra model run per word of evidence makes it
    the slowest method; ``score_mentions(..., evidence=False)`` skips the occlusion.
``"hybrid"`` (default)
    The learned model decides the mentions it is sure of (top probability at least
    :data:`HYBRID_CONFIDENCE`), an encoder the others (:data:`HYBRID_ENCODER`: the first three
    layers of the neural method's encoder, fine-tuned alike, model card
    ``lexicons/stance_neural_small.md``); each distinct window is encoded once.
    Its evidence is the rules' evaluative words near the mention that agree with its label.
    The most accurate method on held-out NewsMTSC whose speed meets the default pipeline's floor
    in ``benchmarks/stance.py`` (``nl.card("stance")`` shows the measurements).  Like the
    encoder it scores the one who praises as favoured ("Hale praised the nurses"), where
    ``"learned"`` and ``"rules"`` keep praise on its object.

``level="article"`` is an estimator of its own (:func:`article_stance`): every mention of the
target — names, and with whole articles as input the references the article's resolver of names
and pronouns ties to it ("the governor", "she") and the title — weighted by where it stands,
with the tone of the sentences around them and a decision rule whose few numbers were tuned on
article-level data (``lexicons/stance_article.json``).

A unit of more than 1,000 words is no sentence (a table or a scrape without punctuation); with
the rules and the learned model each mention in it is analysed with the 50 words on either side
only, so the time grows with the length of the unit, not with its square.

Examples
--------
>>> import newslens as nl
>>> df = nl.stance(["Critics accused Governor Hale of squandering the fund."], targets=["Hale"], method="rules")
>>> df[["target", "mention", "label"]].values.tolist()
[['Hale', 'Hale', 'negative']]
"""
from __future__ import annotations

import json
import math
import re
import warnings
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict
from functools import lru_cache

import pandas as pd

from .. import entities
from ..errors import NewsLensWarning, OptionError, invalid_choice
from ..files import lexicon, read_lexicon_json
from ..registry import Registry
from ..schema import _outside_newslens
from ..textnorm import plain_quotes
from ..tokens import FUNCTION_WORDS, WORD, word_starts
from . import register
from ._base import check_level, keys_of, provenance, units

__all__ = ["stance", "article_stance", "collect_articles", "decide_articles", "ARTICLE_METHOD", "methods", "score_mention", "score_mentions", "LABELS", "FUNCTION_WORDS", "WINDOW_PIECES",
           "DEFAULT_METHOD", "clear_cache"]

LABELS = ("negative", "neutral", "positive")
methods = Registry("method")

_CLAUSE_PUNCT = re.compile(r"[;:—–]|--|\(|\)")
_PASSIVE_AUX = {"was", "were", "been", "being", "is", "are", "be", "got", "get", "gets"}
_DISCOVER_KINDS = ("person", "organization", "country")
# a sentence with none of these among six or more words is taken as not English: neutral, no evidence
_ENGLISH = frozenset(
    "the a an of to in on for with and or but is are was were be been has have had it its this that "
    "he she they we his her their said says not no never by at from as who which will would i you all after about".split()
)
_COLUMNS_SENT = ["target", "mention", "start", "end", "stance", "label", "evidence"]
# The default method at each level, chosen by measurement (benchmarks/stance.py): for mentions
# (what nl.analyze runs) the most accurate on held-out data among the methods whose speed meets
# the default pipeline's floor — the hybrid (neural is more accurate on NewsMTSC test-rw but, with
# its occlusion evidence, much slower than the floor allows); for articles, which nl.analyze does
# not run, the hybrid, chosen on development data: it scores higher cross-validated on PerSenT dev
# (the held-out PerSenT fixed test and BASIL were not used to choose; they disagree on which is better).
DEFAULT_METHOD = "hybrid"
ARTICLE_METHOD = "hybrid"


# ---------------------------------------------------------------- resources (loaded once)
@lru_cache(maxsize=1)
def _cues() -> dict:
    d = read_lexicon_json("stance_cues.json")
    d["negators"] = set(d["negators"])
    d["contrast"] = set(d["contrast"])
    return d


@lru_cache(maxsize=1)
def _vader() -> dict[str, float]:
    """VADER's word valences, read from the installed vaderSentiment package (not copied)."""
    from .sentiment import _vader_files

    try:
        return _vader_files()[0]
    except (ImportError, FileNotFoundError):  # pragma: no cover - vaderSentiment is a core dependency
        from ..errors import missing_dependency

        raise missing_dependency("vaderSentiment", "nl.stance()") from None


@lru_cache(maxsize=1)
def _model() -> dict:
    path = lexicon("stance_model.json")
    if not path.is_file():
        raise OptionError(
            "`method` 'learned' needs newslens/lexicons/stance_model.json, which is missing. "
            "Run `python -m benchmarks.train_stance` to build it, or pass method='rules'."
        )
    d = json.loads(path.read_text(encoding="utf-8"))
    d["weights"] = {k: tuple(v) for k, v in d["weights"].items()}
    return d


# ---------------------------------------------------------------- one unit, tokenised once
# A "sentence" of more than _LONG_UNIT words is no sentence (a table, a list or a scrape without
# punctuation): each mention in it is analysed with the _WINDOW words on either side of it only,
# so the work per mention stays bounded and a huge unit costs time in proportion to its length.
# Every sentence of the benchmark corpora is shorter (NewsMTSC at most 791 words, AllSides 398),
# so their results do not depend on this.
_LONG_UNIT = 1000
_WINDOW = 50
_POSSESSIVE_ENDS = ("'s", "’s")


def _window(n: int, i0: int, i1: int) -> tuple[int, int]:
    """Token range [wlo, whi) a mention at tokens i0..i1 of an n-token unit is analysed in."""
    if n <= _LONG_UNIT:
        return 0, n
    return max(0, i0 - _WINDOW), min(n, i1 + 1 + _WINDOW)


class _Unit:
    """The text of one unit tokenised once, with the per-token facts all its mentions share.

    Several mentions in one sentence (and the same sentence met again) reuse the tokens, the
    clause boundaries, VADER valences and the model's per-word weights instead of recomputing
    them for each mention.  The lazily built parts are computed on first use.
    """

    __slots__ = ("_adj", "_entries", "_pairs", "_stops", "_sums", "ends", "low", "n", "raw", "starts", "text", "toks")

    def __init__(self, text: str):
        found = WORD.findall(text)
        starts = word_starts(text, found)
        low = [w.lower().replace("’", "'") for w in found]  # "didn’t" is "didn't" to the word lists and the model
        ends = [s + len(w) for w, s in zip(found, starts)]
        self.text = text
        self.toks = list(zip(found, low, starts, ends))
        self.low, self.starts, self.ends, self.n = low, starts, ends, len(found)
        vader = _vader()
        self.raw = [vader.get(w) for w in low]
        self._stops = self._entries = self._pairs = self._adj = self._sums = None

    def locate(self, a: int, b: int):
        """Token range (i0, i1) of the mention ``text[a:b]``: the words it overlaps, else the
        word starting nearest to it; None when the unit has no words."""
        n = self.n
        if not n:
            return None
        i0 = bisect_right(self.ends, a)  # first word ending after a
        i1 = bisect_left(self.starts, b) - 1  # last word starting before b
        if i0 <= i1:
            return i0, i1
        starts = self.starts
        p = bisect_left(starts, a)
        if p == 0:
            k = 0
        elif p == n or abs(starts[p - 1] - a) <= abs(starts[p] - a):
            k = p - 1
        else:
            k = p
        return k, k

    def stops(self):
        """``(gap, contrast)``: clause punctuation between words j and j+1; word j a contrast word."""
        if self._stops is None:
            text, starts, ends = self.text, self.starts, self.ends
            gap = [False] * self.n
            for j in range(self.n - 1):
                g = text[ends[j]:starts[j + 1]]
                if g != " " and _CLAUSE_PUNCT.search(g):
                    gap[j] = True
            contrast = _cues()["contrast"]
            self._stops = gap, [w in contrast for w in self.low]
        return self._stops

    def adjusted(self):
        """VADER valence of each word, flipped (×-0.74) after a negator among the three words
        before it; 0.0 for words without a valence."""
        if self._adj is None:
            neg = _cues()["negators"]
            low = self.low
            adj = []
            for j, v in enumerate(self.raw):
                if not v:
                    adj.append(0.0)
                    continue
                if any(low[k] in neg for k in range(max(0, j - 3), j)):
                    v = -0.74 * v
                adj.append(v)
            self._adj = adj
        return self._adj

    def sums(self, lo: int, hi: int) -> tuple[float, float]:
        """Positive and negative (as a positive number) totals of :meth:`adjusted` over [lo, hi)."""
        if lo == 0 and hi == self.n and self._sums is not None:
            return self._sums
        pos = neg = 0.0
        for v in self.adjusted()[lo:hi]:
            if not v:
                continue
            if v > 0:
                pos += v
            else:
                neg -= v
        if lo == 0 and hi == self.n:
            self._sums = pos, neg
        return pos, neg

    def entries(self):
        """The model's word weights for each word (see :func:`_index`), None for unknown words."""
        if self._entries is None:
            get = _index()[0].get
            self._entries = [get(w) for w in self.low]
        return self._entries

    def pairs(self):
        """The model's bigram weights for words j, j+1, None when the model has no such bigram."""
        if self._pairs is None:
            bigrams = _index()[1]
            low = self.low
            out = [None] * max(self.n - 1, 0)
            for j in range(self.n - 1):
                d = bigrams.get(low[j])
                if d is not None:
                    out[j] = d.get(low[j + 1])
            self._pairs = out
        return self._pairs


@lru_cache(maxsize=1)
def _index():
    """The model's weights indexed for one lookup per word: ``(words, bigrams, other)``.

    ``words[w]`` is a tuple of 8 slots for the features ``w:``, ``L1:``-``L3:``, ``R1:``-``R3:``
    and ``c:`` of the word ``w`` (None where the model has no weight); ``bigrams[w1][w2]`` the
    ``b:w1_w2`` feature; ``other`` every other feature by name.  Each weight is stored as
    ``(w_neg, w_neu, w_pos, w_pos - w_neg, role)``.
    """
    slots = {"w": 0, "L1": 1, "L2": 2, "L3": 3, "R1": 4, "R2": 5, "R3": 6, "c": 7}
    words: dict[str, list] = {}
    bigrams: dict[str, dict] = {}
    other = {}
    for name, w in _model()["weights"].items():
        prefix, _, rest = name.partition(":")
        entry = (w[0], w[1], w[2], w[2] - w[0], _ROLE_OF.get(prefix, "near " + prefix), abs(w[2] - w[0]))
        if prefix in slots:
            words.setdefault(rest, [None] * 8)[slots[prefix]] = entry
        elif prefix == "b":  # words never hold "_" (tokens.WORD), so the split is unique
            left, _, right = rest.partition("_")
            bigrams.setdefault(left, {})[right] = entry
        else:
            other[name] = entry
    return {k: tuple(v) for k, v in words.items()}, bigrams, other


# ---------------------------------------------------------------- analysis of one mention
def _negated(toks, j: int, lo: int) -> bool:
    neg = _cues()["negators"]
    return any(toks[k][1] in neg or toks[k][1].endswith("n't") for k in range(max(lo, j - 3), j))


def _analyze(text: str, a: int, b: int):
    """Tokens, the mention's token range, its clause and the role cues toward it.

    Returns ``(toks, i0, i1, lo, hi, cues)`` where ``cues`` is a list of
    ``(token_index, weight, role)`` — the target-dependent evidence of the rules.
    """
    u = _Unit(text)
    return _analyze_unit(u, u.locate(a, b))


def _analyze_unit(u: _Unit, loc):
    """:func:`_analyze` on a tokenised unit, the mention at tokens ``loc = (i0, i1)``."""
    toks = u.toks
    if loc is None:
        return toks, 0, -1, 0, 0, []
    i0, i1 = loc
    text, low, raw = u.text, u.low, u.raw
    wlo, whi = _window(u.n, i0, i1)
    gap, con = u.stops()
    lo, hi = wlo, whi  # the clause holding the mention
    for j in range(i0 - 1, wlo - 1, -1):
        if gap[j] or con[j]:
            lo = j + 1
            break
    for j in range(i1 + 1, whi):
        if gap[j - 1] or con[j]:
            hi = j
            break
    c = _cues()
    patient, agent = c["patient"], c["agent"]
    possessive = low[i1].endswith(_POSSESSIVE_ENDS) or text[toks[i1][3]:toks[i1][3] + 2] in _POSSESSIVE_ENDS
    cues = []
    skip_after = None  # the target is the speaker of an evaluation: what follows is about someone else
    # words after the mention (the target as subject / possessor)
    for j in range(i1 + 1, hi):
        w = low[j]
        d = j - i1
        passive = j > 0 and low[j - 1] in _PASSIVE_AUX
        if w in patient:
            if passive:  # "Hale was praised" → Hale is the patient
                cues.append((j, patient[w], "patient"))
            elif d <= 6:  # "Hale praised the nurses" → Hale is the agent of someone else's evaluation
                skip_after = j
                cues.append((j, 0.0, "speaker"))
                break
            continue
        if w in agent and d <= 8 and not passive:
            role = "possessor-agent" if possessive else "agent"
            cues.append((j, agent[w], role))
            continue
        if w in agent and passive and d <= 4:  # "homes were destroyed" → a victim, no evaluation
            continue
        v = raw[j]
        if v is not None and abs(v) >= 0.5:
            cues.append((j, v / 4.0 / (1.0 + d / 5.0), "context"))
    # words before the mention (the target as object / described)
    for j in range(i0 - 1, lo - 1, -1):
        w = low[j]
        d = i0 - j
        if w in patient and d <= 5:
            if j + 1 < len(toks) and low[j + 1] == "by" and j + 1 == i0 - 1:  # "praised by Hale"
                cues.append((j, 0.0, "speaker"))
            else:
                cues.append((j, patient[w], "patient"))
            continue
        if w in agent:
            if low[i0 - 1] == "by" and d <= 3:  # "destroyed by Hale"
                cues.append((j, agent[w], "agent"))
            continue
        v = raw[j]
        if v is not None and abs(v) >= 0.5:
            cues.append((j, v / 4.0 / (1.0 + d / 4.0), "context"))
    # "accused Hale of squandering": the agent verb in an of/for-complement after a patient cue
    if any(r == "patient" for _, _, r in cues):
        for j in range(i1 + 1, min(hi, i1 + 4)):
            if low[j] in ("of", "for") and j + 1 < hi and low[j + 1] in agent:
                cues.append((j + 1, agent[low[j + 1]], "agent"))
                break
    if skip_after is not None:
        cues = [c_ for c_ in cues if c_[0] <= skip_after]
    # negation flips a cue (VADER's scalar)
    out = []
    seen = set()
    for j, wgt, role in cues:
        if j in seen:
            continue
        seen.add(j)
        if wgt and _negated(toks, j, lo):
            wgt, role = -0.74 * wgt, role + "-negated"
        out.append((j, wgt, role))
    return toks, i0, i1, lo, hi, out


# ---------------------------------------------------------------- methods
def _label(x: float, cut: float) -> str:
    if x != x:
        return "neutral"
    return "positive" if x >= cut else "negative" if x <= -cut else "neutral"


def _rules_one(analysis) -> tuple[float, str, list[dict]]:
    """Transparent rules: roles toward evaluative verbs and valences inside the mention's clause."""
    toks, i0, i1, lo, hi, cues = analysis
    total = sum(w for _, w, _ in cues)
    s = math.tanh(1.5 * total)
    ev = [
        {"text": toks[j][0], "start": toks[j][2], "end": toks[j][3], "valence": round(w, 4), "role": role}
        for j, w, role in sorted(cues, key=lambda c: -abs(c[1]))
    ]
    return s, _label(s, _RULES_CUT), ev


def _bucket(d: int) -> str:
    return "1" if d <= 3 else "2" if d <= 8 else "3"


def _valence_and_cue_features(pos, neg, cpos, cneg, cues, toks, i0, i1, wlo, whi) -> list:
    """The model's VADER-sum, rule-cue and position features of one mention (shared by both feature paths)."""
    feats = [("vader:pos", pos / 4, None), ("vader:neg", neg / 4, None),
             ("vader:clause_pos", cpos / 4, None), ("vader:clause_neg", cneg / 4, None)]
    for j, wgt, role in cues:
        if wgt:
            feats.append((f"cue:{role.split('-')[0]}:{'pos' if wgt > 0 else 'neg'}", abs(wgt), j))
    rs = sum(w for _, w, _ in cues)
    feats.append(("rules:pos", max(rs, 0.0), None))
    feats.append(("rules:neg", max(-rs, 0.0), None))
    if i0 == wlo:
        feats.append(("pos:first", 1.0, None))
    if i1 + 1 < whi and toks[i1][1].endswith(_POSSESSIVE_ENDS):
        feats.append(("pos:possessive", 1.0, None))
    return feats


def _features(text: str, a: int, b: int):
    """Target-relative features of one mention: ``(tokens, [(name, value, token_index or None)], analysis)``.

    Shared by ``benchmarks/train_stance.py`` (which trains the shipped model on them) and
    :func:`_learned_reference`; :func:`_learned_unit` computes the same sums without building
    the feature names.  ``analysis`` is the rules' :func:`_analyze` result.
    """
    analysis = _analyze(text, a, b)
    toks, i0, i1, lo, hi, cues = analysis
    vader = _vader()
    feats = []
    n = len(toks)
    wlo, whi = _window(n, i0, i1)
    for j in range(wlo, whi):
        w = toks[j][1]
        if i0 <= j <= i1:
            continue
        feats.append(("w:" + w, 1.0, j))
        if j < i0:
            d = i0 - j
            feats.append((f"L{_bucket(d)}:" + w, 1.0, j))
        else:
            d = j - i1
            feats.append((f"R{_bucket(d)}:" + w, 1.0, j))
        if lo <= j < hi:
            feats.append(("c:" + w, 1.0, j))
    for j in range(wlo, whi - 1):
        if i0 <= j <= i1 or i0 <= j + 1 <= i1:
            continue
        feats.append(("b:" + toks[j][1] + "_" + toks[j + 1][1], 1.0, j))
    pos = neg = cpos = cneg = 0.0
    neg_words = _cues()["negators"]
    for j in range(wlo, whi):
        v = vader.get(toks[j][1])
        if not v:
            continue
        if any(toks[k][1] in neg_words for k in range(max(0, j - 3), j)):
            v = -0.74 * v
        if v > 0:
            pos += v
        else:
            neg -= v
        if lo <= j < hi:
            if v > 0:
                cpos += v
            else:
                cneg -= v
    feats += _valence_and_cue_features(pos, neg, cpos, cneg, cues, toks, i0, i1, wlo, whi)
    if not feats:
        feats.append(("empty", 1.0, None))
    return toks, feats, analysis


_ROLE_OF = {"w": "sentence", "c": "clause", "b": "phrase", "cue": "cue"}


# rule roles that override the learned model: a construction its bag of words cannot see
# ("Chief Blake's crews rescued every family").  Chosen on rw_dev + mt_dev: overriding with
# every role cue (patient/agent/possessor) lowered rw_dev macro-F1 (0.664 -> 0.646); the
# possessor-agent role alone left rw_dev unchanged and raised mt_dev (0.616 -> 0.620).
_RULE_OVERRIDE = frozenset({"possessor-agent"})


def _overridden(cues) -> bool:
    return any(w and role in _RULE_OVERRIDE for _, w, role in cues)


def _learned_result(z, contrib: dict, roles: dict, toks) -> tuple[float, str, list[dict], tuple]:
    """Softmax of the class sums ``z``, the evidence, and the class probabilities.

    The evidence is the words whose weights pushed the score, function words ("the", "a",
    "my" …, :data:`FUNCTION_WORDS`) left out: their weights count in the score, but a reader
    cannot check them against the text.
    """
    top = max(z)
    e = [math.exp(v - top) for v in z]
    s = sum(e)
    p = [v / s for v in e]
    score = p[2] - p[0]
    best = max(range(3), key=p.__getitem__)
    strong = [(j, c) for j, c in contrib.items()
              if j is not None and abs(c) >= 0.05 and toks[j][1] not in FUNCTION_WORDS]
    strong.sort(key=lambda t: -abs(t[1]))  # stable: ties keep the order the words were met
    ev = [
        {"text": toks[j][0], "start": toks[j][2], "end": toks[j][3], "valence": round(c, 4), "role": roles[j]}
        for j, c in strong[: _model().get("evidence_top", 8)]
    ]
    return score, LABELS[best], ev, tuple(p)


def _ruled(analysis) -> tuple[float, str, list[dict], None]:
    """:func:`_rules_one` as a scorer's result: no class probabilities (the rules decided)."""
    return (*_rules_one(analysis), None)


def _learned_reference(text: str, a: int, b: int) -> tuple[float, str, list[dict]]:
    """The learned method computed plainly from :func:`_features` (one lookup per feature name).

    The definition :func:`_learned_unit` must reproduce exactly; kept for the tests and for
    reading.  The rules' possessor-agent override is applied as in the measure.
    """
    W = _model()["weights"]
    toks, feats, analysis = _features(text, a, b)
    if _overridden(analysis[5]):
        return _rules_one(analysis)
    z = list(_model()["bias"])
    contrib: dict[int | None, float] = {}
    roles: dict[int | None, str] = {}
    for name, x, j in feats:
        w = W.get(name)
        if w is None:
            continue
        z[0] += x * w[0]
        z[1] += x * w[1]
        z[2] += x * w[2]
        c = x * (w[2] - w[0])
        if j is not None:
            contrib[j] = contrib.get(j, 0.0) + c
            if abs(c) >= abs(contrib[j]) - abs(c) or j not in roles:
                roles[j] = _ROLE_OF.get(name.split(":")[0], "near " + name.split(":")[0])
    return _learned_result(z, contrib, roles, toks)[:3]


def _learned_unit(u: _Unit, loc, analysis) -> tuple[float, str, list[dict], tuple | None]:
    """Logistic regression over target-relative features (see ``lexicons/stance_model.md``).

    The same sums, in the same order, as :func:`_learned_reference`, with one lookup per word
    in :func:`_index` instead of one per feature name.  When the rules find a possessor-agent
    cue (the target's people doing an evaluative deed), the rules' score and evidence are used
    (and no probabilities).  The fourth value is the class probabilities.
    """
    toks, i0, i1, lo, hi, cues = analysis
    if _overridden(cues):
        return _ruled(analysis)
    other = _index()[2]
    n = u.n
    wlo, whi = _window(n, i0, i1)
    z0, z1, z2 = _model()["bias"]
    contrib: dict[int, float] = {}
    roles: dict[int, str] = {}
    if n:
        entries = u.entries()
        for j in range(wlo, whi):  # words, words by side and distance, clause words
            e = entries[j]
            if e is None or i0 <= j <= i1:
                continue
            if j < i0:
                d = i0 - j
                side = e[1] if d <= 3 else e[2] if d <= 8 else e[3]
            else:
                d = j - i1
                side = e[4] if d <= 3 else e[5] if d <= 8 else e[6]
            # each word is met once here, so its sum starts at 0.0; unrolled: w:, side, c:
            cur, role = 0.0, None
            f = e[0]
            if f is not None:
                z0 += f[0]
                z1 += f[1]
                z2 += f[2]
                cur += f[3]
                role = f[4]
            if side is not None:
                z0 += side[0]
                z1 += side[1]
                z2 += side[2]
                cur += side[3]
                if role is None or side[5] >= abs(cur) - side[5]:
                    role = side[4]
            f = e[7] if lo <= j < hi else None
            if f is not None:
                z0 += f[0]
                z1 += f[1]
                z2 += f[2]
                cur += f[3]
                if role is None or f[5] >= abs(cur) - f[5]:
                    role = f[4]
            if role is not None:
                contrib[j] = cur
                roles[j] = role
        pairs = u.pairs()
        for j in range(wlo, whi - 1):  # bigrams not touching the mention
            f = pairs[j]
            if f is None or i0 <= j <= i1 or i0 <= j + 1 <= i1:
                continue
            z0 += f[0]
            z1 += f[1]
            z2 += f[2]
            c = f[3]
            cur = contrib[j] = contrib.get(j, 0.0) + c
            if abs(c) >= abs(cur) - abs(c) or j not in roles:
                roles[j] = f[4]
    pos, neg = u.sums(wlo, whi)
    cpos, cneg = u.sums(lo, hi) if hi > lo else (0.0, 0.0)
    rest = _valence_and_cue_features(pos, neg, cpos, cneg, cues, toks, i0, i1, wlo, whi)
    for name, x, j in rest:
        f = other.get(name)
        if f is None:
            continue
        z0 += x * f[0]
        z1 += x * f[1]
        z2 += x * f[2]
        if j is not None:
            c = x * f[3]
            cur = contrib[j] = contrib.get(j, 0.0) + c
            if abs(c) >= abs(cur) - abs(c) or j not in roles:
                roles[j] = f[4]
    return _learned_result([z0, z1, z2], contrib, roles, toks)


def _rules_unit(u: _Unit, loc, analysis) -> tuple[float, str, list[dict], None]:
    """Transparent rules: roles toward evaluative verbs and valences inside the mention's clause."""
    return _ruled(analysis)


def _each(one, items, *, evidence: bool = True, analyses: bool = False):
    """``one(unit, loc, analysis)`` for each ``(text, start, end)`` mention of ``items``.

    Consecutive mentions in the same text share one :class:`_Unit`; a mention met again (the
    same sentence republished) is scored once and its evidence copied.  Each result is
    ``(stance, label, evidence, probabilities or None)``; ``evidence=False`` gives empty lists.
    ``analyses=True`` also returns the rules' analysis of each mention.
    """
    out, found = [], []
    done: dict = {}
    u = None
    for item in items:
        hit = done.get(item)
        if hit is not None:
            r, an = hit
            out.append((*r[:2], [dict(e) for e in r[2]], *r[3:]))
            found.append(an)
            continue
        text, a, b = item
        if u is None or u.text != text:
            u = _Unit(text)
        loc = u.locate(a, b)
        an = _analyze_unit(u, loc)
        r = one(u, loc, an)
        if not evidence:
            r = (r[0], r[1], [], r[3])
        done[item] = (r, an)
        out.append(r)
        found.append(an)
    return (out, found) if analyses else out


def _batch(one):
    """A batch scorer over ``(text, start, end)`` mentions for a per-mention scorer ``one``."""
    def batch(items, *, evidence: bool = True):
        return _each(one, items, evidence=evidence)

    batch.__doc__ = one.__doc__
    return batch


methods.register("rules")(_batch(_rules_unit))
methods.register("learned")(_batch(_learned_unit))


_OCCLUDE_WINDOW = 8  # words on each side of the mention whose masking is measured
# Word pieces the encoder reads per mention (the mention marked in place and repeated; words
# far from it cut on both sides).  Chosen on rw_dev + mt_dev with the shipped encoder: the best
# sum of macro-F1 among 48, 64, 96 and 128 pieces (as in training), the shorter on a tie; the
# development rows of ``python -m benchmarks stance`` record each length's scores.
WINDOW_PIECES = 64
_SEEN_MAX = 20000  # distinct windows whose probabilities are remembered (republished copy repeats them)
_seen: OrderedDict = OrderedDict()


_CHARS_PER_PIECE = 16  # characters kept on each side of a mention, per piece read, before tokenising


def _encode(text: str, a: int, b: int):
    """The encoder's input for the mention ``text[a:b]`` (``neural.encode_mention``), tokenising
    only ``_CHARS_PER_PIECE * WINDOW_PIECES`` characters on either side of it (cut at a space): the
    encoder reads :data:`WINDOW_PIECES` pieces, so a mention in a huge unit costs no more than in a
    sentence.  Word spans are offsets into ``text``."""
    cut = _CHARS_PER_PIECE * WINDOW_PIECES
    lo = text.rfind(" ", 0, max(0, a - cut)) + 1 if a > cut else 0
    hi = text.find(" ", b + cut) if len(text) - b > cut else -1
    hi = len(text) if hi < 0 else hi
    ids, spans = _encode_cut(text[lo:hi], a - lo, b - lo, WINDOW_PIECES)
    return list(ids), [None if sp is None else (sp[0] + lo, sp[1] + lo) for sp in spans]


@lru_cache(maxsize=8192)
def _encode_cut(text: str, a: int, b: int, pieces: int):
    """``neural.encode_mention`` of one cut window (at most ``pieces`` pieces), remembered: repeated
    sentences (wire copy, boilerplate, a unit that repeats itself) are tokenised once."""
    from .. import neural

    ids, spans = neural.encode_mention(text, a, b, max_len=pieces)
    return tuple(ids), tuple(spans)


def _run_neural(seqs: list[list[int]], model: str = "stance_neural.onnx"):
    """Class probabilities (n, 3) of the encoder ``model`` (a file in ``lexicons``) for token-id sequences.

    Each distinct sequence is run once (and the last ``_SEEN_MAX`` are remembered), one sequence
    per model run: the model is quantised dynamically (its activations are scaled per run), so a
    batch would make a sequence's probabilities depend on the others; alone, it has no padding
    either.
    """
    import numpy as np

    from .. import neural

    probs = np.zeros((len(seqs), 3), dtype=np.float64)
    todo: dict[tuple, list[int]] = {}
    for i, x in enumerate(seqs):
        key = (model, *x)
        hit = _seen.get(key)
        if hit is not None:
            probs[i] = hit
            _seen.move_to_end(key)
        else:
            todo.setdefault(key, []).append(i)
    if todo:
        sess = neural.session(model)
        sep = neural.vocab()[neural.SEP]
        for key, where in todo.items():
            seq = key[1:]  # key[0] is the model's name
            ids = np.array([seq], dtype=np.int64)
            types = np.zeros_like(ids)
            types[0, seq.index(sep) + 1:] = 1
            z = sess.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": types})[0][0].astype(np.float64)
            e = np.exp(z - z.max())
            row = e / e.sum()
            probs[where] = row
            _seen[key] = row
        while len(_seen) > _SEEN_MAX:
            _seen.popitem(last=False)
    return probs


def clear_cache() -> None:
    """Forget the mention windows read and tokenised so far and the names found in sentences
    (results stay identical; only the time changes).

    >>> clear_cache()
    """
    _seen.clear()
    _encode_cut.cache_clear()
    _cached_name_spans.cache_clear()


def _occlusion_words(text: str, spans, a: int, b: int):
    """Word spans (start, end) within ``_OCCLUDE_WINDOW`` words of the mention, and their piece positions."""
    words: dict[tuple[int, int], list[int]] = {}
    for pos, sp in enumerate(spans):
        if sp is None or (sp[1] > a and sp[0] < b):
            continue
        if not any(ch.isalnum() for ch in text[sp[0]:sp[1]]):
            continue
        words.setdefault(sp, []).append(pos)
    left = sorted((sp for sp in words if sp[1] <= a), reverse=True)[:_OCCLUDE_WINDOW]
    right = sorted(sp for sp in words if sp[0] >= b)[:_OCCLUDE_WINDOW]
    return [(sp, words[sp]) for sp in sorted(left + right)]


@methods.register("neural")
def _neural(items, *, evidence: bool = True):
    """Fine-tuned MiniLM-L6 (int8 ONNX, ``lexicons/stance_neural.md``); evidence by occlusion.

    Stance is P(positive) - P(negative); the label is the most probable class.  Evidence: each
    word within 8 words of the mention is replaced by ``[MASK]`` and the drop of the stance is
    its ``valence`` (positive: the word pushed the score up), ``role`` "occlusion".  As for the
    learned method, a possessor-agent cue of the rules ("Chief Blake's crews rescued …") hands
    the mention to the rules (on rw_dev/mt_dev this changed no macro-F1: 0.778 / 0.709).
    """
    from .. import neural

    analyses = [_analyze(t, a, b) for t, a, b in items]
    ruled = {k for k, an in enumerate(analyses) if _overridden(an[5])}

    encoded = [_encode(t, a, b) for t, a, b in items]
    seqs = [ids for ids, _ in encoded]
    plans = []
    if evidence:
        mask_id = neural.vocab()["[MASK]"]
        for (t, a, b), (ids, spans) in zip(items, encoded):
            words = _occlusion_words(t, spans, a, b)
            first = len(seqs)
            for _, positions in words:
                v = list(ids)
                for pos in positions:
                    v[pos] = mask_id
                seqs.append(v)
            plans.append((first, words))
    p = _run_neural(seqs) if seqs else None
    out = []
    for k, (t, a, b) in enumerate(items):
        if k in ruled:
            r = _ruled(analyses[k])
            out.append(r if evidence else (r[0], r[1], [], None))
            continue
        score = float(p[k, 2] - p[k, 0])
        label = LABELS[int(p[k].argmax())]
        ev = []
        if evidence:
            first, words = plans[k]
            for r, ((ws, we), _) in enumerate(words):
                eff = score - float(p[first + r, 2] - p[first + r, 0])
                if abs(eff) >= 0.01:
                    ev.append({"text": t[ws:we], "start": ws, "end": we, "valence": round(eff, 4), "role": "occlusion"})
            ev.sort(key=lambda e: -abs(e["valence"]))
            ev = ev[:8]
        out.append((score, label, ev, tuple(float(x) for x in p[k])))
    return out


# The hybrid method hands a mention to the encoder HYBRID_ENCODER when the learned model's most
# probable class has less than HYBRID_CONFIDENCE.  Both were chosen by benchmarks/stance.py
# (hybrid_rows): among each shipped encoder (stance_neural, six layers; stance_neural_small, its
# first three, fine-tuned alike) and each threshold, among the pairs whose speed meets the stance
# step's floor (STANCE_FLOOR; FLOOR_SAFETY to spare for a pair that would replace this one), the
# fastest within HYBRID_MARGIN of the best macro-F1 on rw_dev + mt_dev.
HYBRID_CONFIDENCE = 0.7
HYBRID_ENCODER = "stance_neural_small.onnx"


def _cue_evidence(analysis, label: str) -> list[dict]:
    """The rules' cues near a mention (role cues and lexicon valences in its clause) that agree
    with ``label``: the evaluative words a reader can check, without running the model again."""
    toks, _, _, _, _, cues = analysis
    keep = [(j, w, role) for j, w, role in cues
            if w and (label == "neutral" or (w > 0) == (label == "positive"))]
    keep.sort(key=lambda c: -abs(c[1]))
    return [{"text": toks[j][0], "start": toks[j][2], "end": toks[j][3], "valence": round(w, 4), "role": role}
            for j, w, role in keep[:8]]


@methods.register("hybrid")
def _hybrid(items, *, evidence: bool = True):
    """The learned model where it is sure, the encoder where it is not.

    Each mention is scored by the learned model first; when its most probable class has a
    probability below :data:`HYBRID_CONFIDENCE`, the fine-tuned encoder :data:`HYBRID_ENCODER`
    (:data:`WINDOW_PIECES` word pieces around the mention) decides instead, and the evidence
    is the rules' cues near the mention that agree with its label (role ``"cue"`` roles and
    lexicon valences; no occlusion, which would cost one model run per word).
    """
    out, analyses = _each(_learned_unit, items, evidence=evidence, analyses=True)
    unsure = [k for k, r in enumerate(out) if r[3] is not None and max(r[3]) < HYBRID_CONFIDENCE]
    if unsure:
        p = _run_neural([_encode(*items[k])[0] for k in unsure], HYBRID_ENCODER)
        for row, k in zip(p, unsure):
            label = LABELS[int(row.argmax())]
            out[k] = (float(row[2] - row[0]), label, _cue_evidence(analyses[k], label) if evidence else [],
                      tuple(float(x) for x in row))
    return out


@lru_cache(maxsize=2)
def _meta_neural(model: str = "stance_neural.onnx") -> str:
    try:
        d = read_lexicon_json(model.replace(".onnx", ".json"))
    except FileNotFoundError:
        return "missing"
    try:
        from importlib.metadata import version

        ort = version("onnxruntime")
    except Exception:  # pragma: no cover - reported, not required
        ort = "unknown"
    return f"{d.get('name', model)} {d.get('version', '?')} (onnxruntime {ort})"


def _is_english(text: str) -> bool:
    """True when ``text`` has fewer than six words or one of the common English words.

    Stops at the first English word, so a long English unit costs only its first few words.
    """
    n = 0
    for m in WORD.finditer(text):
        if m.group().lower() in _ENGLISH:
            return True
        n += 1
    return n < 6


def score_mentions(mentions, *, method: str = DEFAULT_METHOD, evidence: bool = True) -> list[tuple[float, str, list[dict]]]:
    """Score many mentions at once: ``mentions`` is a list of ``(text, start, end)``.

    Returns one ``(stance, label, evidence)`` per mention, evidence offsets relative to its
    ``text``.  ``evidence=False`` returns empty evidence lists with every method, and skips the
    work evidence costs (the neural method's occlusion).  Non-English text is neutral.

    >>> [label for _, label, _ in score_mentions([("Voters praised Hale.", 15, 19)], method="rules")]
    ['positive']
    """
    return [r[:3] for r in _score(mentions, method=method, evidence=evidence)]


def _score(mentions, *, method: str, evidence: bool) -> list[tuple]:
    """:func:`score_mentions` with each mention's class probabilities as a fourth item (None when
    rules decided, or the text is not English)."""
    scorer = methods.get(method)
    out: list = [(0.0, "neutral", [], None)] * len(mentions)
    todo = []
    last, english = None, False
    for i, (t, _, _) in enumerate(mentions):
        if t is not last:  # once per unit: mentions of one sentence come together
            last, english = t, _is_english(t)
        if english:
            todo.append(i)
    if todo:
        for i, r in zip(todo, scorer([mentions[i] for i in todo], evidence=evidence)):
            out[i] = r
    return out


def score_mention(text: str, start: int, end: int, *, method: str = DEFAULT_METHOD) -> tuple[float, str, list[dict]]:
    """Score one mention ``text[start:end]`` inside a sentence.

    Returns ``(stance, label, evidence)`` with evidence offsets relative to ``text``.

    >>> s, label, ev = score_mention("Hale praised the nurses.", 0, 4, method="rules")
    >>> label
    'neutral'
    """
    return score_mentions([(text, start, end)], method=method)[0]


# ---------------------------------------------------------------- targets and mentions
_TARGET_EDGES = re.compile(r"^[\W_]+|[^\w.)]+$")


@lru_cache(maxsize=4096)
def _matchable(name: str) -> str:
    """A target name as the articles' text is written after loading: the same repair
    (mojibake, spaces; ``"Fernando SÃ¡nchez"`` → ``"Fernando Sánchez"``) and no punctuation
    at its edges (``"-- Donald Trump"``, ``"Donald Trump,"`` → ``"Donald Trump"``)."""
    from ..load.clean import clean_line

    return _TARGET_EDGES.sub("", clean_line(name) or "")


def _norm_targets(targets):
    """None, list or dict → (discover: bool, {target: [aliases] or None for automatic})."""
    if targets is None:
        return True, {}
    if isinstance(targets, str):
        targets = [targets]
    if isinstance(targets, dict):
        out = {}
        for k, v in targets.items():
            if not isinstance(k, str) or not _matchable(k):
                raise OptionError(f"`targets` keys must be names (str with a letter or digit); got {k!r}.")
            if isinstance(v, str):
                v = [v]
            if v is None:
                v = []
            if not all(isinstance(x, str) for x in v):
                raise OptionError(f"`targets` maps each name to a list of alias strings; got {v!r} for {k!r}.")
            out[k.strip()] = list(dict.fromkeys(f for f in map(_matchable, [k, *v]) if f))
        return False, out
    if isinstance(targets, (list, tuple, set, pd.Series)):
        bad = [t for t in targets if not isinstance(t, str) or not _matchable(t)]
        if bad:
            raise OptionError(f"`targets` must be None, a list of names (each with a letter or digit) or a dict "
                              f"name -> aliases; the list holds {bad[0]!r}.")
        return False, {t.strip(): None for t in targets}
    raise OptionError(
        f"`targets` must be None (discover), a list of names, or a dict name -> [aliases]; got a {type(targets).__name__}."
    )


# name_spans of a sentence, cached: republished wire copy and boilerplate repeat whole sentences
_SPAN_CACHE_CHARS = 2000  # longer units are not cached (rarely repeated, costly to keep)


@lru_cache(maxsize=16384)
def _cached_name_spans(text: str) -> tuple:
    return tuple(entities.name_spans(text))


def _name_spans(text: str):
    return _cached_name_spans(text) if len(text) <= _SPAN_CACHE_CHARS else entities.name_spans(text)


def _article_targets(texts: list[str], discover: bool, wanted: dict, top: int) -> dict[str, list[str]]:
    """Target → surface forms to look for, for one article (its sentence texts)."""
    if not discover and all(v is not None for v in wanted.values()):
        return dict(wanted)  # every target has its exact aliases: no names needed
    located = [(t, s) for t in texts for s in _name_spans(t)]
    names = [s[0] for _, s in located]
    if discover:
        amap = entities.resolve_aliases(names)
        kinds: dict[str, str] = {}
        counts: Counter = Counter()
        for t, (n, a, b, k) in located:
            if entities.dateline_credit(t, a, b) or (k == "organization" and _venue(t, a, b)):
                continue  # "PORT CALDER (Civic Wire) —", "told Fox News": who carried the words, not an actor
            canon = amap.get(n, n)
            if k == "unknown" and canon != n:
                k = "person"
            if k in _DISCOVER_KINDS:
                counts[canon] += 1
                kinds.setdefault(canon, k)
        chosen = [c for c, _ in sorted(counts.items(), key=lambda t: (-t[1], t[0]))[:top]]
        out = {}
        for c in chosen:
            forms = {c, *(n for n in names if amap.get(n) == c)}
            if kinds[c] == "country":
                forms |= set(entities.country_aliases(c))
            else:
                forms = _specific(c, forms, texts)
            out[c] = sorted(forms)
        return out
    out = {}
    for key, aliases in wanted.items():
        if aliases is not None:
            out[key] = aliases
            continue
        target = _matchable(key) or key
        country = entities.country_of(target)
        if country is not None:
            out[key] = sorted({target, *entities.country_aliases(country)})
            continue
        name = entities.strip_title(target) or target
        words = name.split()
        if len(words) >= 2 and not _person_target(name):
            out[key] = [target]  # an organisation's name: its full form only ("White House", not "House")
            continue
        amap = entities.resolve_aliases([*names, target])
        canon = amap.get(target, target)
        forms = {target, *(n for n in names if amap.get(n) == canon)}
        if len(words) >= 2:
            forms.add(words[-1])  # a person's surname ("Hale" of "Marian Hale")
        out[key] = sorted(_specific(target, forms, texts))
    return out


# an organisation that carries someone's words rather than acts in the story: "in an interview with
# CBS", "appeared on CNN", "wrote in The Times", "on ABC's “This Week”", "told Fox News" (after
# "told" only a news organisation's name, or one followed by its host: "told the FBI" is an actor)
_VENUE_BEFORE = re.compile(r"(?:\binterviews?\s+(?:with|on)|\binterviewed\s+(?:by|on)|\bappear(?:s|ed|ing)?\s+on"
                           r"|\bspeaking\s+on|\bsaid\s+on|\bwrote\s+(?:in|for)|\bwriting\s+(?:in|for)|\bop-ed\s+in)"
                           r"\s+(?:the\s+)?$", re.I)
_TOLD_BEFORE = re.compile(r"\btold\s+(?:the\s+)?$", re.I)
_SHOW_AFTER = re.compile(r"['’]s\s+[\"“‘]")
_HOST_AFTER = re.compile(r"(?<!\s)['’]?s?\s++(?:host|anchor|reporter|correspondent|interviewer)s?\b", re.I)
_NEWS_WORDS = frozenset({"News", "Times", "Post", "Journal", "Radio", "TV", "Television", "Network", "Channel", "Tribune",
                         "Herald", "Gazette", "Telegraph", "Guardian", "Magazine", "Broadcasting", "Media", "Newspaper"})


def _venue(text: str, start: int, end: int) -> bool:
    """Whether the organisation named at ``text[start:end]`` is where someone spoke or wrote."""
    lo = max(0, start - 40)
    if _VENUE_BEFORE.search(text, lo, start):
        return True
    if _TOLD_BEFORE.search(text, lo, start):
        return text[start:end].split()[-1] in _NEWS_WORDS or bool(_HOST_AFTER.match(text, end))
    return bool(_SHOW_AFTER.match(text, end)) and text[max(0, start - 3):start].lower() == "on "


def _person_target(name: str) -> bool:
    """Whether a multi-word target (titles stripped) is a person's name, whose surname may stand alone."""
    return entities.is_person_name(name) and not entities.generic_name_word(name.split()[-1])


def _specific(target: str, forms: set[str], texts: list[str]) -> set[str]:
    """``forms`` without the one-word short forms that are generic words.

    A short form of a longer target is dropped when it is a generic word of names
    (:func:`newslens.entities.generic_name_word`: "House", "Court", "Street" …) or, unless the
    target starts with a known given name, when the article itself writes it in lower case
    ("the reserve requirement" next to "Federal Reserve"): then it is a common word, not a name.
    """
    short = [f for f in forms if f != target and " " not in f and len(target.split()) >= 2]
    if not short:
        return forms
    confident = entities.name_gender(entities.strip_title(target) or target) is not None
    lower = None
    drop = set()
    for f in short:
        if entities.generic_name_word(f):
            drop.add(f)
            continue
        if not confident:
            if lower is None:
                lower = {w for t in texts for w in WORD.findall(t) if w[:1].islower()}
            if f.lower() in lower:
                drop.add(f)
    return forms - drop


def _alias_regex(tmap: dict[str, list[str]]):
    owner = {}
    for target, forms in tmap.items():
        for f in forms:
            owner.setdefault(f, target)
    if not owner:
        return None, owner
    return _compile_aliases(frozenset(owner)), owner


@lru_cache(maxsize=1024)
def _compile_aliases(forms: frozenset):
    """One regex for a set of surface forms, compiled once per set (targets recur across articles).

    Longer forms come first so the longest form at a position wins; forms of equal length can
    never match at the same position, so their order (here alphabetical) does not matter.
    """
    alts = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    return re.compile(rf"(?<![\w'’-])(?:{alts})(?![\w-])")


# ---------------------------------------------------------------- the measure
@register("stance")
def stance(data, *, targets=None, level: str = "sentence", method: str | None = None, top: int = 5) -> pd.DataFrame:
    """Stance toward named actors, one row per mention (or per unit × target), with evidence.

    Parameters
    ----------
    data : DataFrame or list of str
        Articles (``nl.load``), paragraphs, sentences, any DataFrame with ``text``, or strings.
    targets : None, list of str, or dict of str -> list of str
        ``None`` discovers the ``top`` most-mentioned people, organisations and countries of each
        article (surnames, aliases and demonyms counted with their full name; an agency named
        in the dateline, "LONDON (Reuters) —", or where someone spoke, "told Fox News", "on
        ABC's “This Week”", is not an actor of the story); each article
        names its targets as it writes them, and :func:`newslens.entities.link_names` links
        "Hale" to "Marian Hale" across the articles of the table.  A list names the
        targets: a person's name also matches the surname alone and the partial names the
        article's name resolver ties to it, a country its demonyms; an organisation's name
        ("White House", "Supreme Court") matches only in full.  A short form that is a generic
        word ("House", "Court", "May") is never used, nor, unless the name starts with a known
        given name, one the article writes in lower case ("reserve" beside "Federal Reserve");
        declare such aliases yourself.  A dict maps each target to the exact aliases to look for.
    level : {"sentence", "paragraph", "article"}
        ``"sentence"``: one row per mention.  ``"paragraph"``: one row per paragraph × target
        with the mean stance of its mentions.  ``"article"``: the article-level estimator (see
        :func:`article_stance`): every mention of the target in the article (with whole
        articles as input also "the governor", "she" … as the article's resolver of names and
        pronouns reads them, and the title), weighted by where it stands, with the tone of the
        sentences around them and a decision rule tuned on article-level data.
    method : {"learned", "hybrid", "rules", "neural"}, optional
        How each mention is scored (see the module docstring); default :data:`DEFAULT_METHOD`
        ("hybrid"), and :data:`ARTICLE_METHOD` ("hybrid") at ``level="article"``.
        ``"hybrid"`` and ``"neural"`` run the shipped ONNX encoder (package onnxruntime).
    top : int
        How many targets to discover per article when ``targets`` is None.

    Returns
    -------
    DataFrame
        Sentence level: the input keys (``article_id, paragraph, sentence``), ``target``,
        ``mention``, ``start``, ``end`` (offsets into the article text), ``stance`` in [-1, 1],
        ``label`` in {"negative", "neutral", "positive"}, ``evidence`` (list of dicts with
        ``text, start, end, valence, role``).  Paragraph level: keys, ``target``, ``stance``
        (mean), ``n_mentions``, ``label``, ``evidence`` (the strongest items).  Article level:
        see :func:`article_stance`.  Provenance in ``attrs["newslens"]``.

    Examples
    --------
    >>> import newslens as nl
    >>> s = "The terrible storm destroyed homes, but Chief Blake's crews rescued every family."
    >>> nl.stance([s], targets=["Blake"], method="rules")["label"].tolist()
    ['positive']
    """
    check_level(level)
    if method is None:
        method = ARTICLE_METHOD if level == "article" else DEFAULT_METHOD
    methods.get(method)  # fail early with the valid names
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise OptionError(f"`top` must be a positive integer (how many targets to discover per article); got {top!r}.")
    discover, wanted = _norm_targets(targets)
    out, sents, refs, people, votes = scored_mentions(data, discover, wanted, top=top, method=method,
                                                      references=level == "article")
    from .sentiment import _vader_files

    resources_ = {
        "stance_cues": _meta("stance_cues.json"),
        "vader_lexicon": "vaderSentiment " + _vader_files()[2],
        **entities.lexicon_info(),
    }
    if method in ("learned", "hybrid"):
        resources_["stance_model"] = _meta("stance_model.json")
    if method in ("neural", "hybrid"):
        encoder = HYBRID_ENCODER if method == "hybrid" else "stance_neural.onnx"
        resources_[encoder.removesuffix(".onnx")] = _meta_neural(encoder)
    if level == "article":
        resources_["stance_article"] = _meta("stance_article.json")
        out = article_stance(out, sents, refs, people, params=_article_params(method), **_article_tone(method))
    elif level != "sentence":
        out = _aggregate(out, votes, keys_of(sents, level), method=method)
    return provenance(out, measure="stance", method=method, level=level, resources=resources_,
                      targets="discovered" if discover else sorted(wanted))


def written_forms(name: str, texts) -> Counter:
    """How often ``texts`` write ``name`` as a whole word in each case ("Marian Hale", "MARIAN HALE")."""
    rx = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
    return Counter(m.group() for t in texts for m in rx.finditer(t))


def _warn_unmatched(wanted: dict, matched: set, texts: list[str]) -> None:
    """Warn when a named target matched nowhere but the texts write it in another case.

    Names match as written ("Hale", not "hale": lower-case words are not names), so a target
    typed in the wrong case silently gives no rows; the warning names the forms the texts use.
    """
    for target in wanted:
        if target in matched:
            continue
        forms = written_forms(target, texts)
        if forms:
            written = ", ".join(repr(f) for f, _ in forms.most_common(3))
            warnings.warn(f"No mention of the target {target!r} was found: names match as written (case matters), "
                          f"and the texts write {written}. Pass targets=[{forms.most_common(1)[0][0]!r}].",
                          NewsLensWarning, stacklevel=_outside_newslens())


def scored_mentions(data, discover: bool, wanted: dict, *, top: int, method: str, references: bool):
    """The mentions of the targets, scored: ``(sentence-level table, sentences, references, people)``.

    ``references=True`` also finds and scores what the article-level estimator reads beyond
    the names (see :func:`_article_references`), each as a tuple ending with its
    ``(stance, label, evidence)``, and counts the mentions of people in each article
    (``people``: article_id -> count, from the resolver).
    """
    sents = units(data, "sentence")
    keys = keys_of(sents, "sentence")
    rows, votes = [], []  # votes: each mention's class probabilities (one-hot when rules decided)
    refs = []  # article level: references found by the resolver and title mentions
    people: dict = {}
    if len(sents):
        aids = sents["article_id"].tolist()
        texts = sents["text"].tolist()
        starts = [int(x) if x == x else 0 for x in sents["start"].tolist()]
        keyvals = list(zip(*(sents[k].tolist() for k in keys)))
        by_article: dict = {}
        found = []  # (sentence index, target, mention, start, end) — scored in one batch below
        for i, aid in enumerate(aids):
            by_article.setdefault(aid, []).append(i)
        tmaps = {}
        for aid, idx in by_article.items():
            tmap = tmaps[aid] = _article_targets([texts[i] for i in idx], discover, wanted, top)
            rx, owner = _alias_regex(tmap)
            if rx is None:
                continue
            for i in idx:
                for m in rx.finditer(texts[i]):
                    found.append((i, owner[m.group()], m.group(), m.start(), m.end()))
        if not discover:
            _warn_unmatched(wanted, {t for _, t, *_ in found}, texts)
        items = [(texts[i], a, b) for i, _, _, a, b in found]
        if references:
            refs, people = _article_references(data, sents, by_article, found, tmaps)
            items += [(t, a, b) for t, a, b, *_ in refs]
        scored = _score(items, method=method, evidence=True)
        for (i, target, mention, a, b), (s, label, ev, probs) in zip(found, scored):
            base = starts[i]
            for e in ev:
                e["start"] += base
                e["end"] += base
            rows.append((*keyvals[i], target, mention, base + a, base + b, float(s), label, ev))
            votes.append(probs if probs is not None else _ONE_HOT[label])
        refs = [(*r, *sc) for r, sc in zip(refs, scored[len(found):])]
    out = pd.DataFrame(rows, columns=[*keys, *_COLUMNS_SENT])
    out["stance"] = out["stance"].astype(float)
    return out, sents, refs, people, votes


# ---------------------------------------------------------------- the article-level estimator
# The parameters of the decision rule for each mention method, tuned by
# benchmarks/tune_stance_article.py (a handful of numbers, never a model); these stand in for a
# method the file does not cover: every mention weighs the same, its stance as scored, no tone,
# labels cut at ±0.2.
_ARTICLE_DEFAULTS = {"w_title": 1.0, "w_lead": 1.0, "w_ref": 1.0, "tone": 0.0, "vote": 0.0, "t_pos": 0.2, "t_neg": -0.2}
_VOTE = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}
ARTICLE_COLUMNS = ["article_id", "target", "stance", "label", "n_mentions", "n_references", "in_title",
                   "share", "mention_stance", "tone", "evidence"]


def _article_method(method: str) -> dict:
    """The entry of ``method`` in ``lexicons/stance_article.json`` ({} when the file is missing)."""
    try:
        d = read_lexicon_json("stance_article.json")
    except FileNotFoundError:
        d = {}
    return d.get("methods", {}).get(method, {})


def _article_params(method: str) -> dict:
    return {**_ARTICLE_DEFAULTS, **_article_method(method).get("params", {})}


def _article_tone(method: str) -> dict:
    """How the article-level estimator of ``method`` reads tone: ``{"tone": source, "scope": scope}``
    (see :func:`collect_articles`), from ``lexicons/stance_article.json``."""
    got = _article_method(method)
    return {"tone": got.get("tone_source", "vader"), "scope": got.get("tone_scope", "sentences")}


def _article_texts(data):
    """``{article_id: (text, title)}`` when ``data`` holds whole articles, else an empty dict."""
    from ._base import as_texts, input_kind

    if isinstance(data, pd.DataFrame):
        if input_kind(data) not in ("articles", "texts"):
            return {}
        titles = data["title"].tolist() if "title" in data.columns else [None] * len(data)
        df = as_texts(data)
        return {aid: (t, ti if isinstance(ti, str) else None) for aid, t, ti in zip(df["article_id"], df["text"], titles)}
    df = as_texts(data)
    return {aid: (t, None) for aid, t in zip(df["article_id"], df["text"])}


def _article_references(data, sents, by_article, found, tmaps) -> tuple[list[tuple], dict]:
    """Mentions the name patterns do not find: references the article's resolver ties to a target
    ("the governor", "she", "Hale" where it refers to her), and the target's name in the title.

    Returns ``(unit text, start, end, article_id, target, mention, article start, article end,
    form, sentence index or None)``; offsets ``start, end`` are into the unit text (a sentence
    of ``sents`` or the title).  Also returns the number of mentions of people the resolver
    finds in each article's body.
    """
    whole = _article_texts(data)
    people: dict = {}
    if not whole:
        return [], people
    texts = sents["text"].tolist()
    s0 = [int(x) for x in sents["start"].tolist()]
    s1 = [int(x) for x in sents["end"].tolist()]
    paras = sents["paragraph"].tolist()
    named: dict = {}
    for i, target, _, a, b in found:
        named.setdefault((sents["article_id"].iat[i], target), []).append((s0[i] + a, s0[i] + b))
    out = []
    for aid, idx in by_article.items():
        text, title = whole.get(aid, ("", None))
        tmap = tmaps.get(aid) or {}
        if not tmap or not text:
            continue
        spans: dict = {}
        for i in idx:
            lo, hi = spans.get(paras[i], (s0[i], s1[i]))
            spans[paras[i]] = (min(lo, s0[i]), max(hi, s1[i]))
        doc = entities.parse(text, paragraphs=sorted(spans.values()))
        people[aid] = sum(m.type == "person" for m in doc.mentions)
        starts = [s0[i] for i in idx]
        for target in tmap:
            own = named.get((aid, target), [])
            ents = {m.entity for a, b in own for m in doc.mentions_in(a, b) if m.entity}
            name = _matchable(target) or target
            if name in doc.entities:
                ents.add(name)
            taken = _Spans(own)
            for m in doc.mentions:
                if m.entity not in ents or taken.overlaps(m.start, m.end):
                    continue
                k = bisect_right(starts, m.start) - 1
                if k < 0:
                    continue
                i = idx[k]
                if m.end > s1[i]:
                    continue
                taken.add(m.start, m.end)
                out.append((texts[i], m.start - s0[i], m.end - s0[i], aid, target, m.text, m.start, m.end, m.form, i))
        if title:
            rx, owner = _alias_regex(tmap)
            for m in rx.finditer(title) if rx is not None else ():
                out.append((title, m.start(), m.end(), aid, owner[m.group()], m.group(), m.start(), m.end(), "title", None))
    return out, people


class _Spans:
    """Spans already read (the target's names, then the references taken), kept as disjoint sorted
    intervals, so whether a new span overlaps any of them is one bisection (an article of
    thousands of mentions costs no more per mention than a short one)."""

    def __init__(self, spans):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for a, b in sorted(spans):
            if self.ends and a < self.ends[-1]:  # overlapping spans: their union overlaps the same spans
                self.ends[-1] = max(self.ends[-1], b)
            else:
                self.starts.append(a)
                self.ends.append(b)

    def overlaps(self, a: int, b: int) -> bool:
        k = bisect_left(self.starts, b) - 1  # the last span starting before b: the only one that can reach past a
        return k >= 0 and self.ends[k] > a

    def add(self, a: int, b: int) -> None:
        """Add a span that overlaps none of them."""
        k = bisect_left(self.starts, a)
        self.starts.insert(k, a)
        self.ends.insert(k, b)


def article_stance(mentions: pd.DataFrame, sents: pd.DataFrame, refs=(), people=None, *, params: dict | None = None,
                   tone: str = "vader", scope: str = "sentences") -> pd.DataFrame:
    """The stance of each article toward each target, from all its mentions: the estimator.

    Each mention ``i`` has a stance ``s_i`` — ``(1 - vote)`` times its score plus ``vote`` times
    its label as -1/0/+1 (the score says how sure, the label what the method decided) — and a
    weight ``w_i``:
    ``w_title`` for the target's name in the title, ``w_lead`` in the first body paragraph,
    ``w_ref`` for a reference the resolver ties to the target ("the governor", "she"), 1
    otherwise.  The article's ``mention_stance`` is ``sum(w_i s_i) / sum(w_i)``; its ``tone`` the
    mean tone of the sentences that mention or refer to the target (``tone``/``scope``: VADER
    compound, the learned sentence model or the sentiment encoder, over those
    sentences, their paragraphs or the whole article — see :func:`collect_articles`; each method's choice is in the JSON file below); its decision score
    ``mention_stance + tone_weight * tone`` (clipped to [-1, 1]) is labelled positive at or above
    ``t_pos``, negative at or below ``t_neg``, neutral between, and ``stance`` is that score
    rescaled so that the thresholds sit at ±0.05 (:data:`ARTICLE_CUT`): its sign is the label's.  The weights and thresholds are
    the seven numbers tuned on article-level data (``lexicons/stance_article.json``).  An
    article with a single mention of the target takes that mention's stance and label, so a
    one-mention article never contradicts its mention.

    Parameters
    ----------
    mentions : DataFrame
        Sentence-level stance rows (``nl.stance(..., level="sentence")``).
    sents : DataFrame
        The sentences they come from (``article_id, paragraph, sentence, text, start, end``).
    refs : list of tuple
        Further scored mentions (references and title mentions; see :func:`stance`).
    people : dict, optional
        Mentions of people in each article's body (article_id -> count), for ``share``.
    params : dict, optional
        ``w_title, w_lead, w_ref, tone, vote, t_pos, t_neg``.
    tone, scope : str
        How the tone is read (:func:`collect_articles`); default VADER over the target's sentences.

    Returns
    -------
    DataFrame
        ``article_id, target, stance, label, n_mentions`` (all mentions counted),
        ``n_references`` (of them, references and title mentions), ``in_title`` (bool),
        ``share`` (the target's share of the article's mentions of people — of the mentions of
        all targets when the resolver did not read the article),
        ``mention_stance``, ``tone`` and ``evidence``: the mentions that drove the label (role
        ``"mention"``, ``"title"``, ``"pronoun"``, ``"role"`` …, ``valence`` its weighted
        push), each followed by its strongest word, offsets into the article text (into the
        title for role ``"title"`` and its word, role ``"word (title)"``); when the tone weighs
        in, the sentences whose tone pushed most (role ``"tone"``).

    Examples
    --------
    >>> import newslens as nl
    >>> text = "Critics accused Governor Marian Hale of squandering the fund. She wasted millions."
    >>> row = nl.stance([text], targets=["Marian Hale"], level="article", method="rules").iloc[0]
    >>> row["label"], int(row["n_mentions"]), int(row["n_references"])
    ('negative', 2, 1)
    """
    return decide_articles(collect_articles(mentions, sents, refs, people, tone=tone, scope=scope), params=params)


TONE_SOURCES = ("vader", "model", "encoder")
TONE_SCOPES = ("sentences", "paragraphs", "article")


def collect_articles(mentions: pd.DataFrame, sents: pd.DataFrame, refs=(), people=None, votes=None, *,
                     tone: str = "vader", scope: str = "sentences") -> dict:
    """Everything the article-level decision reads, per ``(article_id, target)``.

    ``{"mentions": [(stance, label, kind, form, mention, start, end, sentence, evidence)],
    "tone": {sentence index: tone}, "share": float}``; ``kind`` is "title", "lead"
    (first body paragraph), "reference" or "lead reference", or "body".  Kept apart from
    :func:`decide_articles` so the decision's few parameters can be tuned on it.

    ``tone``: how each sentence's tone is read — ``"vader"`` (VADER compound), ``"model"``
    (the learned sentence model of ``nl.sentiment``, P(positive) − P(negative); ONNX) or
    ``"encoder"`` (the sentiment encoder of ``nl.sentiment(method="encoder")``, P(positive) −
    P(negative); better on held-out news than the small model but about 6 ms a sentence, so only
    the sentences in scope are read; a sentence it cannot read carries no tone).
    ``scope``: which sentences — those that mention or refer to the target (``"sentences"``),
    all sentences of the paragraphs that do (``"paragraphs"``), or every body sentence of the
    article (``"article"``).
    """
    from .sentiment import polarity_scores

    if tone not in TONE_SOURCES:
        raise invalid_choice("tone", tone, TONE_SOURCES)
    if scope not in TONE_SCOPES:
        raise invalid_choice("scope", scope, TONE_SCOPES)

    first_para: dict = {}
    for aid, para in zip(sents["article_id"], sents["paragraph"]):
        first_para.setdefault(aid, para)
    key_sent = dict(zip(zip(sents["article_id"], sents["paragraph"], sents["sentence"]), range(len(sents))))
    s_text = sents["text"].tolist()
    s_start = [int(x) for x in sents["start"].tolist()]
    s_para = sents["paragraph"].tolist()
    got: dict = {}
    for r in mentions.itertuples(index=False):
        i = key_sent.get((r.article_id, r.paragraph, r.sentence))
        kind = "lead" if first_para.get(r.article_id) == r.paragraph else "body"
        got.setdefault((r.article_id, r.target), []).append(
            (float(r.stance), r.label, kind, "mention", r.mention, int(r.start), int(r.end), i, r.evidence))
    for (_, _, _, aid, target, mention, sa, sb, form, i, score, label, ev, _probs) in refs:
        if i is not None:
            ev = [dict(e, start=e["start"] + s_start[i], end=e["end"] + s_start[i]) for e in ev]
            kind = "lead reference" if s_para[i] == first_para.get(aid) else "reference"
        else:
            kind = "title"
        got.setdefault((aid, target), []).append((float(score), label, kind, form, mention, int(sa), int(sb), i, ev))
    totals = Counter()
    for (aid, _), ms in got.items():
        totals[aid] += len(ms)
    s_aid = sents["article_id"].tolist()
    s_end = [int(x) for x in sents["end"].tolist()]
    members: dict = {}  # per (article_id, target): the sentences whose tone is read
    if scope == "article":
        by_aid: dict = {}
        for i, aid in enumerate(s_aid):
            by_aid.setdefault(aid, []).append(i)
        members = {k: by_aid.get(k[0], []) for k in got}
    else:
        by_para: dict = {}
        if scope == "paragraphs":
            for i, (aid, para) in enumerate(zip(s_aid, s_para)):
                by_para.setdefault((aid, para), []).append(i)
        for k, ms in got.items():
            own = sorted({x[7] for x in ms if x[7] is not None})
            members[k] = own if scope == "sentences" else sorted(
                {j for para in dict.fromkeys(s_para[i] for i in own) for j in by_para[(k[0], para)]})
    need = sorted({i for idx in members.values() for i in idx})
    texts = [s_text[i] for i in need]
    if tone == "model":
        from .. import sentence_model

        values = [sc[0] for sc in sentence_model.sentiment_scores(texts, evidence=False)]
    elif tone == "encoder":
        from .. import sentence_model

        values = [sc[0] for sc in sentence_model.encoder_sentiment_scores(texts, evidence=False)]
    else:
        # VADER's negations are spelled with a plain apostrophe ("didn't"; vaderSentiment issue #66)
        values = [sc["compound"] for sc in polarity_scores([plain_quotes(t) for t in texts], method="vader")]
    tone_of = {i: v for i, v in zip(need, values) if v == v}  # NaN: a sentence the encoder cannot read
    people = people or {}

    def share(aid, ms):
        body = sum(x[2] != "title" for x in ms)
        return min(1.0, body / people[aid]) if people.get(aid) else len(ms) / totals[aid]

    return {k: {"mentions": ms, "tone": {i: tone_of[i] for i in members[k] if i in tone_of}, "share": share(k[0], ms),
                "sentences": {i: (s_text[i], s_start[i], s_end[i]) for i in members[k]}}
            for k, ms in got.items()}


def _weight(kind: str, p: dict) -> float:
    if kind == "title":
        return p["w_title"]
    w = p["w_ref"] if kind.endswith("reference") else 1.0
    return w * p["w_lead"] if kind.startswith("lead") else w


def decide_articles(collected: dict, *, params: dict | None = None) -> pd.DataFrame:
    """The article-level table from :func:`collect_articles` and the decision's parameters."""
    p = {**_ARTICLE_DEFAULTS, **(params or {})}
    rows = []
    for (aid, target), d in collected.items():
        ms = d["mentions"]
        ws = [_weight(x[2], p) for x in ms]
        wsum = sum(ws)
        v = p["vote"]
        m = sum(((1 - v) * x[0] + v * _VOTE[x[1]]) * w for x, w in zip(ms, ws)) / wsum if wsum else 0.0
        tone = sum(d["tone"].values()) / len(d["tone"]) if d["tone"] else 0.0
        if len(ms) == 1:
            score, label = ms[0][0], ms[0][1]
        else:
            raw = max(-1.0, min(1.0, m + p["tone"] * tone))
            label = "positive" if raw >= p["t_pos"] else "negative" if raw <= p["t_neg"] else "neutral"
            score = _centred(raw, p["t_neg"], p["t_pos"])
        ev = _article_evidence(ms, ws, label, wsum)
        if p["tone"] and len(ms) > 1:
            ev += _tone_evidence(d, label, p["tone"])
        rows.append((aid, target, score, label, len(ms), sum(x[3] != "mention" for x in ms),
                     any(x[2] == "title" for x in ms), d["share"], m, tone, ev))
    out = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    return out.astype({"stance": float, "n_mentions": int, "n_references": int, "in_title": bool, "share": float,
                       "mention_stance": float, "tone": float})


ARTICLE_CUT = 0.05
"""An article's ``stance`` is at or beyond ±ARTICLE_CUT exactly when its label is not neutral."""


def _centred(raw: float, t_neg: float, t_pos: float, cut: float = ARTICLE_CUT) -> float:
    """The decision score rescaled piecewise-linearly so that the tuned thresholds sit at ±``cut``.

    The thresholds tuned on article-level data are not symmetric around 0 (PerSenT's are about
    -0.56 and -0.02: a mention scorer reads news more negatively than its readers), so a raw
    score of -0.1 can be a positive article.  Rescaled, the sign of ``stance`` is its label's and
    means over articles (per outlet, per story) keep the label's direction; ``-1`` and ``1`` stay.

    >>> _centred(-0.02, -0.56, -0.02), _centred(-0.56, -0.56, -0.02), _centred(1.0, -0.56, -0.02)
    (0.05, -0.05, 1.0)
    >>> -0.05 < _centred(-0.3, -0.56, -0.02) < 0.05
    True
    """
    hi, lo = min(t_pos, 1.0 - 1e-9), max(t_neg, -1.0 + 1e-9)
    if raw >= hi:
        return round(cut + (1 - cut) * (raw - hi) / (1 - hi), 6)
    if raw <= lo:
        return round(-cut - (1 - cut) * (lo - raw) / (lo + 1), 6)
    return round(-cut + 2 * cut * (raw - lo) / (hi - lo), 6) if hi > lo else 0.0


def _evaluative(word: str) -> bool:
    """A word with a valence of its own: in VADER's lexicon or among the rules' evaluative verbs."""
    w = word.lower()
    c = _cues()
    return any(ch.isalpha() for ch in w) and (w in _vader() or w in c["patient"] or w in c["agent"])


def _article_evidence(ms, ws, label: str, wsum: float, k: int = 4) -> list[dict]:
    """The mentions that pushed the article's label most (``valence``: each one's weighted push),
    each followed by its strongest evaluative evidence word (one with a valence of its own that
    pushes the same way; "said" or "Senator" may weigh in a model, but are no reason a reader
    can check)."""
    sign = 1 if label == "positive" else -1 if label == "negative" else 0
    push = [x[0] * w / wsum if wsum else 0.0 for x, w in zip(ms, ws)]
    order = sorted(range(len(ms)), key=lambda j: -(push[j] * sign) if sign else -abs(push[j]))
    out = []
    for j in order[:k]:
        score, _, kind, form, mention, a, b, _, ev = ms[j]
        role = "title" if kind == "title" else form
        out.append({"text": mention, "start": a, "end": b, "valence": round(push[j], 4), "role": role})
        words = [e for e in ev if not (e["start"] >= a and e["end"] <= b) and _evaluative(e["text"])
                 and (push[j] == 0 or (e["valence"] > 0) == (push[j] > 0))]
        if words:
            e = words[0]
            out.append({"text": e["text"], "start": int(e["start"]), "end": int(e["end"]),
                        "valence": round(float(e["valence"]), 4), "role": f"word ({role})"})
    return out


def _tone_evidence(d: dict, label: str, weight: float, k: int = 2) -> list[dict]:
    """The sentences whose tone pushed the article's decision most toward its label (role
    ``"tone"``; ``valence``: the sentence's tone times the tone's weight over the number of
    sentences read, i.e. its share of the decision score)."""
    sent = d.get("sentences") or {}
    tone = d["tone"]
    if not tone or not sent:
        return []
    sign = 1 if label == "positive" else -1 if label == "negative" else 0
    order = sorted(tone, key=lambda i: -(tone[i] * sign) if sign else -abs(tone[i]))
    out = []
    for i in order[:k]:
        text, a, b = sent[i]
        out.append({"text": text, "start": int(a), "end": int(b), "valence": round(weight * tone[i] / len(tone), 4),
                    "role": "tone"})
    return out


_RULES_CUT = 0.15  # the rules' label: stance at or beyond ±0.15
_ONE_HOT = {lab: tuple(float(lab == other) for other in LABELS) for lab in LABELS}


def _unit_label(mean: float, votes: list[tuple], method: str) -> str:
    """The label of a unit's mentions, by the rule that labels one mention with ``method``.

    Rules: the mean stance cut at ±0.15, as each mention's score is.  Learned and neural: the
    most probable class of the mean class probabilities, as each mention's label is the most
    probable class of its own (a mention the rules decided counts as certain of its label).
    The stance of a unit is the mean of P(positive) − P(negative), so it agrees with that mean.
    So one mention gives its unit the mention's own label.
    """
    if method == "rules":
        return _label(mean, _RULES_CUT)
    mean_p = [sum(v[k] for v in votes) / len(votes) for k in range(3)]
    return LABELS[max(range(3), key=mean_p.__getitem__)]


def _aggregate(df: pd.DataFrame, votes: list[tuple], keys: list[str], *, method: str) -> pd.DataFrame:
    """Mean stance per unit × target, its label (:func:`_unit_label`) and the strongest evidence items."""
    cols = [*keys, "target", "stance", "n_mentions", "label", "evidence"]
    if df.empty:
        return pd.DataFrame(columns=cols).astype({"stance": float, "n_mentions": int})
    rows = []
    for k, g in df.groupby([*keys, "target"], sort=False):  # df has a RangeIndex: labels are positions
        k = k if isinstance(k, tuple) else (k,)
        idx = g.index
        mean = float(g["stance"].mean())
        items = [e for ev in g["evidence"] for e in ev]
        items.sort(key=lambda e: -abs(e["valence"]))
        rows.append((*k, mean, len(g), _unit_label(mean, [votes[i] for i in idx], method), items[:8]))
    return pd.DataFrame(rows, columns=cols)


@lru_cache(maxsize=None)
def _meta(name: str) -> str:
    try:
        if name == "stance_model.json":
            d = _model()
        else:
            d = read_lexicon_json(name)
    except (FileNotFoundError, OptionError):
        return "missing"
    m = d.get("_meta", {})
    return f"{m.get('name', name)} {m.get('version', '?')}"
