"""Is a sentence the writer's own opinion?  Opinion scorers, one signature, chosen by name.

An *opinion scorer* is a function::

    scorer(texts: list[str], *, evidence: bool = True) -> list[tuple[float, list[dict]]]

that gives, for each sentence, the probability that it states the writer's own evaluation,
speculation, prediction or exhortation (the SUBJ class of news-subjectivity data), and the words
behind that probability as dicts ``{"word", "start", "end", "weight"}`` (offsets into that
sentence; ``weight`` > 0 pushes toward opinion, < 0 away from it; an empty list when
``evidence=False``).  Scorers live in the registry :data:`scorers`; ``nl.sourcing(...,
opinion=name)`` looks them up, so a new scorer with this signature plugs in with one line::

    newslens.opinion.scorers.register("my_model", my_scores)

A scorer may carry a ``threshold`` attribute (the probability from which a sentence counts as
opinion, or a function returning it); without one, 0.5 applies (:func:`threshold_of`).

Five scorers are registered:

* ``"lexical"`` — a logistic regression over published word lists and grammar (below);
* ``"neural"`` — the opinion head of the sentence model (:func:`newslens.sentence_model.opinion_scores`:
  a small learned encoder, thousands of sentences per second, exact word shares as evidence),
  with its threshold chosen on NewsSD-ENG validation sentences;
* ``"encoder"`` — a sentence encoder (all-MiniLM-L6-v2 fine-tuned for opinion, int8 ONNX) and a logistic
  regression trained on NewsSD-ENG train (``lexicons/opinion_encoder.md``);
* ``"combined"`` — a logistic regression stacking the three log-odds, fitted on NewsSD-ENG
  validation sentences (where no input has seen the gold label); its evidence is the three
  scorers' word evidence weighted by the stacker;
* ``"ensemble"`` — the mean of the three scorers' log-odds, each measured from its own threshold
  (nothing fitted to labels).

Both read the slow encoder only for the sentences whose label it could change (:func:`_stacked`).

The threshold of ``"neural"``, the stacker, the ensemble's estimate and the choice of :data:`DEFAULT`
(the scorer of ``nl.sourcing``, chosen by development scores and speed, never by test) are written by
``benchmarks/train_opinion_stack.py`` into ``lexicons/opinion_stack.json`` (card
``lexicons/opinion_stack.md``).

The ``"lexical"`` scorer is a logistic regression over features that come from
published word lists and grammar, not from any text it is shown on: hedges, weasel and filler
words (the MIT-licensed lists of Titus Wormer), first- and second-person pronouns, modals of
obligation and prediction, contrast connectives and stance adverbials (closed classes written
from standard grammars), VADER's evaluative words, boosters, dampeners and negations (read from
the installed vaderSentiment package), quotation and attribution cues, numbers, time words,
capitalised words and length — plus, when the recipe chose it, word stems.  Its weights and its
threshold were fitted on NewsSD-ENG train + validation sentences (CC BY 4.0) by
``benchmarks/train_opinion.py``; its card is ``lexicons/opinion_lexical.md``.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from .files import read_lexicon_json
from .registry import Registry
from .sentence_model import encoder_info  # the metadata of the encoder scorer's model (lexicons/opinion_encoder.json)

__all__ = ["scorers", "DEFAULT", "lexical_scores", "neural_scores", "encoder_scores", "combined_scores", "ensemble_scores", "estimated_z",
           "ensemble_shift", "load_stack",
           "encoder_info", "threshold_of", "features", "stem_terms", "stem_vector", "load_model", "FEATURES", "CUE_FILE",
           "MODEL_FILE"]

CUE_FILE = "opinion_cues.json"
MODEL_FILE = "opinion_lexical.json"
STACK_FILE = "opinion_stack.json"
DEFAULT = "combined"
"""The opinion scorer ``nl.sourcing`` uses unless told otherwise: among the scorers fast enough for
``nl.analyze``, the one with the best mean of two development scores — leave-one-out on NewsSD-ENG
validation sentences and BABE's development half (news of other outlets, labelled by another
group) — the faster of two close ones (``opinion_stack.json`` records the scores and the choice; a
test checks that they agree)."""

scorers = Registry("opinion")
"""Registered opinion scorers: name -> ``(texts, *, evidence=True) -> [(probability, evidence), ...]``."""

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d,.:]*|[?!]|[\"“”]")
_APOS = str.maketrans({"’": "'", "‘": "'"})
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august "
    "september october november december yesterday today tonight tomorrow".split()
)
_DEMONSTRATIVE = frozenset(("this", "these", "that", "those", "it", "there"))
_GROUPS = ("hedge", "weasel", "filler", "first_person", "second_person", "obligation", "prediction", "contrast",
           "stance_adverb")
FEATURES = (*_GROUPS, "vader_positive", "vader_negative", "vader_strongest", "booster", "dampener", "negation",
            "question", "exclamation", "quotation", "attribution", "number", "time_word", "capitalised", "length",
            "superlative", "ly_adverb", "demonstrative_start")
"""Names of the lexical scorer's features, in the model's order."""
_WORDLESS = frozenset(("capitalised", "length", "vader_strongest"))  # no single word carries these
MAX_CHARS = 20_000
"""A longer "sentence" (a segmentation failure, or garbage) is scored on its first MAX_CHARS characters."""


@lru_cache(maxsize=1)
def _phrases() -> dict:
    """First word -> [(words, feature), …] of every cue list, longest phrase first."""
    from .measures.sentiment import BOOSTER_DICT, NEGATE

    spec = read_lexicon_json(CUE_FILE)
    lists = {g: spec["groups"][g]["cues"] for g in _GROUPS}
    lists["booster"] = [k for k, v in BOOSTER_DICT.items() if v > 0]
    lists["dampener"] = [k for k, v in BOOSTER_DICT.items() if v < 0]
    lists["negation"] = sorted(NEGATE)
    index: dict[str, list] = {}
    for feat, cues in lists.items():
        for cue in cues:
            words = tuple(cue.lower().translate(_APOS).split())
            if words:
                index.setdefault(words[0], []).append((words, feat))
    for lst in index.values():
        lst.sort(key=lambda e: -len(e[0]))
    return index


@lru_cache(maxsize=1)
def _vader() -> dict:
    from .measures.sentiment import _vader_files

    return _vader_files()[0]


def _attribution_spans(text: str) -> list[tuple[int, int]]:
    from .measures.sourcing import attribution_cues

    return [(s, e) for s, e, _ in attribution_cues(text)]


def features(text: str) -> tuple[list[float], list[tuple[int, int, int]]]:
    """The lexical features of one sentence and the words behind them.

    Returns ``(values, hits)``: ``values`` in :data:`FEATURES` order (counts as ``log1p``,
    VADER sums on its ±4 scale divided by 4, ``capitalised`` a share, ``length`` the log of
    the number of words) and ``hits``, one ``(feature index, start, end)`` per word or phrase
    that counted toward a feature.

    >>> v, hits = features("We should, perhaps, act now!")
    >>> [FEATURES[i] for i, _, _ in hits]  # "should" is both a hedge and a modal of obligation
    ['first_person', 'hedge', 'obligation', 'hedge', 'filler', 'exclamation']
    """
    toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    low = [t.lower().translate(_APOS) for t, _, _ in toks]
    pos = {f: i for i, f in enumerate(FEATURES)}
    counts = dict.fromkeys(FEATURES, 0.0)
    hits: list[tuple[int, int, int]] = []

    def hit(feat: str, s: int, e: int, amount: float = 1.0) -> None:
        counts[feat] += amount
        hits.append((pos[feat], s, e))

    index = _phrases()
    taken: dict[str, int] = {}
    for i, w in enumerate(low):
        for words, feat in index.get(w, ()):
            if taken.get(feat, 0) > i or tuple(low[i:i + len(words)]) != words:
                continue
            taken[feat] = i + len(words)
            hit(feat, toks[i][1], toks[i + len(words) - 1][2])
    lex = _vader()
    words = [(t, s, e, w) for (t, s, e), w in zip(toks, low) if t[0].isalpha()]
    strongest = 0.0
    for t, s, e, w in words:
        v = lex.get(w)
        if v:
            hit("vader_positive" if v > 0 else "vader_negative", s, e, abs(v) / 4.0)
            strongest = max(strongest, abs(v) / 4.0)
        if w in _TIME_WORDS:
            hit("time_word", s, e)
        if len(w) > 5 and w.endswith("est"):
            hit("superlative", s, e)
        if len(w) > 4 and w.endswith("ly"):
            hit("ly_adverb", s, e)
    for t, s, e in toks:
        if t == "?":
            hit("question", s, e)
        elif t == "!":
            hit("exclamation", s, e)
        elif t in "\"“”":
            hit("quotation", s, e, 0.5)
        elif t[0].isdigit():
            hit("number", s, e)
    for s, e in _attribution_spans(text):
        hit("attribution", s, e)
    if words and words[0][3] in _DEMONSTRATIVE:
        hit("demonstrative_start", words[0][1], words[0][2])
    n = max(1, len(words))
    values = []
    for f in FEATURES:
        if f == "capitalised":
            values.append(sum(1 for t, _, _, _ in words[1:] if t[0].isupper()) / n)
        elif f == "length":
            values.append(math.log(n))
        elif f == "vader_strongest":
            values.append(strongest)
        else:
            values.append(math.log1p(counts[f]))
    return values, hits


def stem_terms(text: str) -> list[tuple[str, int, int]]:
    """``(stem, start, end)`` of every word: the stem features' units (shared with training).

    >>> [t[0] for t in stem_terms("Critics were hoping")]
    ['critic', 'were', 'hope']
    """
    from .measures.frames import _stem

    return [(_stem(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text) if m.group()[0].isalpha()]


def stem_vector(terms, model: dict) -> tuple[np.ndarray, np.ndarray, list[list[tuple[int, int]]]]:
    """In-vocabulary stems of a sentence: ``(rows, values, spans per row)``; values are
    ``(1 + log count) * idf`` scaled to unit length, times the model's ``stem_scale``."""
    index = model["index"]
    spans: dict[int, list] = {}
    for stem, s, e in terms:
        j = index.get(stem)
        if j is not None:
            spans.setdefault(j, []).append((s, e))
    if not spans:
        return np.zeros(0, dtype=np.int64), np.zeros(0), []
    rows = np.fromiter(spans, dtype=np.int64, count=len(spans))
    vals = (1.0 + np.log([len(spans[j]) for j in rows])) * model["idf"][rows]
    vals = vals / np.sqrt(vals @ vals) * model["stem_scale"]
    return rows, vals, [spans[j] for j in rows]


@lru_cache(maxsize=1)
def load_model() -> dict:
    """The shipped lexical opinion model: weights, scaling, threshold, vocabulary and metadata.

    >>> m = load_model()
    >>> m["features"] == list(FEATURES) and 0 < m["threshold"] < 1
    True
    """
    raw = read_lexicon_json(MODEL_FILE)
    vocab = raw.get("vocab", [])
    return {
        "meta": raw["_meta"],
        "features": list(raw["features"]),
        "mean": np.asarray(raw["mean"], dtype=np.float64),
        "scale": np.asarray(raw["scale"], dtype=np.float64),
        "weights": np.asarray(raw["weights"], dtype=np.float64),
        "bias": float(raw["bias"]),
        "threshold": float(raw["threshold"]),
        "vocab": vocab,
        "index": {w: i for i, w in enumerate(vocab)},
        "idf": np.asarray(raw.get("idf", []), dtype=np.float64),
        "stem_weights": np.asarray(raw.get("stem_weights", []), dtype=np.float64),
        "stem_scale": float(raw.get("stem_scale", 0.0)),
    }


def _evidence(text: str, hits, contrib_feat: np.ndarray, stem_parts) -> list[dict]:
    """Word evidence: each feature's contribution shared among the words that triggered it,
    plus each stem's contribution; strongest first."""
    per_feat: dict[int, list] = {}
    for k, s, e in hits:
        per_feat.setdefault(k, []).append((s, e))
    acc: dict[tuple[int, int], float] = {}
    for k, spans in per_feat.items():
        if FEATURES[k] in _WORDLESS:
            continue
        share = contrib_feat[k] / len(spans)
        for sp in spans:
            acc[sp] = acc.get(sp, 0.0) + share
    for (spans, value) in stem_parts:
        for sp in spans:
            acc[sp] = acc.get(sp, 0.0) + value / len(spans)
    return _evidence_dicts(text, acc)


def _evidence_dicts(text: str, acc: dict, top: int | None = None) -> list[dict]:
    """``{word, start, end, weight}`` of every span in ``acc`` (span → weight) with |weight| ≥ 0.01, strongest first."""
    out = [{"word": text[s:e], "start": s, "end": e, "weight": round(float(w), 4)}
           for (s, e), w in acc.items() if abs(w) >= 0.01]
    out.sort(key=lambda d: (-abs(d["weight"]), d["start"]))
    return out[:top]


@scorers.register("lexical")
def lexical_scores(texts, *, evidence: bool = True) -> list[tuple[float, list[dict]]]:
    """Opinion probability of each sentence from the lexical model, with word evidence.

    Parameters
    ----------
    texts : list of str
        Sentences (a longer text is scored as one unit; beyond ``MAX_CHARS`` characters only
        its beginning is read).
    evidence : bool, keyword-only
        Also return the words behind each probability (``word, start, end, weight``;
        ``weight`` is the word's contribution to the log-odds of opinion).

    Returns
    -------
    list of (float, list of dict)
        One ``(probability, evidence)`` per text; an empty or wordless text gets NaN and ``[]``.

    Examples
    --------
    >>> (p1, ev1), (p2, _) = lexical_scores(["We must act now, and frankly the plan is a disgrace.",
    ...                                      "The council met on Tuesday, officials said."])
    >>> p1 > threshold_of(lexical_scores) > p2
    True
    >>> any(e["word"] == "must" and e["weight"] > 0 for e in ev1)
    True
    """
    m = load_model()
    out = []
    for text in texts:
        text = text[:MAX_CHARS] if isinstance(text, str) else ""
        if not any(ch.isalpha() for ch in text):
            out.append((float("nan"), []))
            continue
        values, hits = features(text)
        x = np.asarray(values)
        z = (x - m["mean"]) / m["scale"]
        logit = float(z @ m["weights"]) + m["bias"]
        stem_parts = []
        if m["stem_scale"] and m["vocab"]:
            rows, vals, spans = stem_vector(stem_terms(text), m)
            if rows.size:
                sc = vals * m["stem_weights"][rows]
                logit += float(sc.sum())
                stem_parts = list(zip(spans, sc.tolist()))
        prob = 1.0 / (1.0 + math.exp(-logit))
        ev = _evidence(text, hits, x / m["scale"] * m["weights"], stem_parts) if evidence else []
        out.append((prob, ev))
    return out


def _lexical_threshold() -> float:
    return load_model()["threshold"]


lexical_scores.threshold = _lexical_threshold  # read from the model file when first asked


def threshold_of(scorer) -> float:
    """The probability from which ``scorer`` calls a sentence opinion: its ``threshold``
    attribute (a number, or a function returning one), else 0.5.

    >>> threshold_of(lambda texts, *, evidence=True: [])
    0.5
    """
    t = getattr(scorer, "threshold", 0.5)
    return float(t() if callable(t) else t)


@lru_cache(maxsize=1)
def load_stack() -> dict:
    """The neural threshold, the stacker of ``"combined"`` and the validation scores behind
    :data:`DEFAULT` (``lexicons/opinion_stack.json``).

    >>> st = load_stack()
    >>> 0 < st["neural"]["threshold"] < 1 and st["default"] == DEFAULT
    True
    """
    return read_lexicon_json(STACK_FILE)


def _sigmoid(z: float) -> float:
    from .sentence_model import _sigmoid

    return _sigmoid(z)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1.0 - p))


@scorers.register("neural")
def neural_scores(texts, *, evidence: bool = True) -> list[tuple[float, list[dict]]]:
    """Opinion probability of each sentence from the sentence model's opinion head, with word evidence.

    The probability and evidence of :func:`newslens.sentence_model.opinion_scores` (the evidence
    ``weight`` is the word's exact share of the calibrated log-odds); the threshold
    (``neural_scores.threshold``) was chosen on NewsSD-ENG validation sentences.

    Examples
    --------
    >>> (p1, ev1), (p2, _) = neural_scores(["Frankly, this plan is a disgrace.", "The council met on Tuesday."])
    >>> p1 > threshold_of(neural_scores) > p2
    True
    >>> sorted(ev1[0]) == ["end", "start", "weight", "word"]
    True
    """
    from .sentence_model import opinion_scores

    return opinion_scores([t if isinstance(t, str) else "" for t in texts], evidence=evidence)


neural_scores.threshold = lambda: load_stack()["neural"]["threshold"]


_TOP = 8
"""At most this many evidence words a sentence from the encoder scorer."""


@scorers.register("encoder")
def encoder_scores(texts, *, evidence: bool = True) -> list[tuple[float, list[dict]]]:
    """Opinion probability from a sentence encoder (all-MiniLM-L6-v2 fine-tuned on NewsSD-ENG train) and a
    logistic regression.

    The log-odds are a constant plus one exact share per word piece (the embedding is a
    normalised mean of token states, and the regression is linear), so a word's evidence
    ``weight`` is the sum of its pieces' shares.  Function words ("the", "of" …) are not shown
    unless the opinion cue lists name them ("we", "should" …): their shares count in the
    log-odds, but a reader cannot check them against the text.  Each distinct sentence is read
    once and remembered (:func:`newslens.sentence_model.encoder_read`).  Model card:
    ``lexicons/opinion_encoder.md``.

    Examples
    --------
    >>> (p1, ev1), (p2, _) = encoder_scores(["Frankly, this plan is a disgrace and we should scrap it.",
    ...                                      "The council met on Tuesday."])
    >>> p1 > threshold_of(encoder_scores) > p2
    True
    >>> all(e["word"] == "Frankly, this plan is a disgrace and we should scrap it."[e["start"]:e["end"]] for e in ev1)
    True
    """
    from .sentence_model import _checkable, encoder_read, readable

    texts = [t if isinstance(t, str) else "" for t in texts]
    todo = [i for i, t in enumerate(texts) if readable(t)]
    out: list = [(float("nan"), [])] * len(texts)
    for i, r in zip(todo, encoder_read([texts[i] for i in todo]) if todo else []):
        ev: list[dict] = []
        if evidence:
            ev = _evidence_dicts(texts[i], {(int(a), int(b)): float(v) for a, b, v in _checkable(r.words, texts[i], "opinion")[:, :3]},
                                 _TOP)
        out[i] = (_sigmoid(float(r.logits[0])), ev)
    return out


encoder_scores.threshold = lambda: encoder_info()["threshold"]


def estimated_z(l, n, weights, bias: float, cut: float, est: dict, width: float):
    """``z`` of a stacked scorer with the encoder's log-odds estimated from ``l`` and ``n`` (the
    lexical and neural log-odds; numbers or arrays), and whether the encoder must read the
    sentence: the estimate leaves ``z`` closer to ``cut`` than ``width`` times ``|w_e|`` times the
    estimate's residual standard deviation (``est``: ``opinion_stack.json``'s ``encoder_estimate``)."""
    (a_l, a_n), a0, sd = est["weights"], est["bias"], est["residual_sd"]
    w_l, w_n, w_e = weights
    z = bias + w_l * l + w_n * n + w_e * (a0 + a_l * l + a_n * n)
    return z, abs(z - cut) < width * abs(w_e) * sd


def _stacked(texts, *, evidence: bool, weights, bias: float, cut: float, width: float) -> list[tuple[float, list[dict]]]:
    """``z = bias + w_l · l + w_n · n + w_e · e`` over the log-odds of the lexical, neural and encoder
    scorers, the encoder read only for the sentences whose label it could change.

    ``e`` is first estimated from ``l`` and ``n`` (``opinion_stack.json``, ``encoder_estimate``: a
    least-squares fit on unlabelled news sentences); the encoder reads a sentence when that
    estimate leaves ``z`` closer to ``cut`` than ``width`` times ``|w_e|`` times the fit's residual
    standard deviation (the scorer's ``read_width`` in that file, chosen under the speed floor),
    and elsewhere ``z`` uses the estimate.  A word's evidence weight is its share of
    ``z``: its weights in the scorers read, times their coefficients (with the estimate, the
    lexical and neural coefficients grow by the part of ``e`` they predict).  An input that cannot
    read a text gets the mean log-odds of the others (NaN when none can).
    """
    est = load_stack()["encoder_estimate"]
    (a_l, a_n), w_l, w_n, w_e = est["weights"], *weights
    texts = [t if isinstance(t, str) else "" for t in texts]
    lex, neu = lexical_scores(texts, evidence=evidence), neural_scores(texts, evidence=evidence)
    z_est: dict[int, float] = {}
    todo = []
    for i, ((pl, _), (pn, _)) in enumerate(zip(lex, neu)):
        if pl == pl and pn == pn:
            z_est[i], needed = estimated_z(_logit(pl), _logit(pn), weights, bias, cut, est, width)
            if not needed:
                continue
        todo.append(i)
    read = dict(zip(todo, encoder_scores([texts[i] for i in todo], evidence=evidence))) if todo else {}
    out = []
    for i, text in enumerate(texts):
        if i in read:
            scored = [lex[i], neu[i], read[i]]
            known = [_logit(p) for p, _ in scored if p == p]
            if not known:
                out.append((float("nan"), []))
                continue
            fill = sum(known) / len(known)  # an input that cannot read the text: the others' mean
            z = bias + sum(w * (_logit(p) if p == p else fill) for w, (p, _) in zip(weights, scored))
            parts = [(w, words) for w, (_, words) in zip(weights, scored)]
        else:
            z = z_est[i]
            parts = [(w_l + w_e * a_l, lex[i][1]), (w_n + w_e * a_n, neu[i][1])]
        acc: dict[tuple[int, int], float] = {}
        for scale, words in parts:
            for w in words:
                acc[(w["start"], w["end"])] = acc.get((w["start"], w["end"]), 0.0) + scale * w["weight"]
        out.append((_sigmoid(z), _evidence_dicts(text, acc)))
    return out


@scorers.register("combined")
def combined_scores(texts, *, evidence: bool = True) -> list[tuple[float, list[dict]]]:
    """Opinion probability from a logistic regression over the lexical, neural and encoder log-odds.

    ``logit = a · logit(lexical) + b · logit(neural) + c · logit(encoder) + d`` (in
    ``opinion_stack.json``, fitted on NewsSD-ENG validation sentences), the encoder read only for
    the sentences whose label it could change (:func:`_stacked`); a word's evidence weight is its
    share of the log-odds of opinion.

    Examples
    --------
    >>> (p1, ev1), (p2, _) = combined_scores(["We must act now; frankly, this plan is a disgrace.",
    ...                                       "The council met on Tuesday, officials said."])
    >>> p1 > threshold_of(combined_scores) > p2
    True
    >>> any(e["word"] == "disgrace" and e["weight"] > 0 for e in ev1)
    True
    """
    st = load_stack()["combined"]
    return _stacked(texts, evidence=evidence, weights=st["weights"], bias=st["bias"], cut=_logit(st["threshold"]),
                    width=st["read_width"])


combined_scores.threshold = lambda: load_stack()["combined"]["threshold"]


@scorers.register("ensemble")
def ensemble_scores(texts, *, evidence: bool = True) -> list[tuple[float, list[dict]]]:
    """Opinion from the mean log-odds of the lexical, neural and encoder scorers, each measured from its own threshold.

    ``z = (l − t_l + n − t_n + e − t_e) / 3`` with ``t`` the logit of each scorer's threshold, so
    the three count alike and nothing is fitted to labels; opinion when ``z ≥ 0`` (probability
    ``sigmoid(z) ≥ 0.5``).  The encoder reads only the sentences whose label it could change
    (:func:`_stacked`).

    Examples
    --------
    >>> (p1, ev1), (p2, _) = ensemble_scores(["We must act now; frankly, this plan is a disgrace.",
    ...                                       "The council met on Tuesday, officials said."])
    >>> p1 >= 0.5 > p2
    True
    >>> any(e["word"] == "disgrace" and e["weight"] > 0 for e in ev1)
    True
    """
    return _stacked(texts, evidence=evidence, weights=(1 / 3, 1 / 3, 1 / 3), bias=-ensemble_shift(), cut=0.0,
                    width=load_stack()["ensemble"]["read_width"])


def ensemble_shift(thresholds=None) -> float:
    """The mean logit of the lexical, neural and encoder thresholds: ``"ensemble"`` subtracts it, so
    each input counts from its own threshold.  ``thresholds``: the three probabilities in that order
    (default: the shipped scorers' own, :func:`threshold_of`).

    >>> round(ensemble_shift((0.5, 0.5, 0.5)), 6)
    0.0
    """
    if thresholds is None:
        thresholds = [threshold_of(fn) for fn in (lexical_scores, neural_scores, encoder_scores)]
    return sum(_logit(t) for t in thresholds) / 3.0


ensemble_scores.threshold = 0.5
