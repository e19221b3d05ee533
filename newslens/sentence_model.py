"""Sentence sentiment and opinion from one small learned encoder with two heads.

The model (``lexicons/sentence_model.onnx``, card ``lexicons/sentence_model.md``, trained by
``benchmarks/train_sentence_model.py``) reads a sentence as WordPiece tokens
(:func:`newslens.neural.encode_sentence`), gives each token a static embedding, mixes a few
neighbouring tokens with convolutions, and then, for each of its two heads, weighs the tokens
(attention) and adds up their values.  Because the output of a head is a weighted *sum over
tokens*, each word's share of it is exact, not estimated: the evidence of a score is the words
with the largest shares, and the shares add up to the score's logit (minus a constant).

* **Sentiment**: an ordinal head (negative < neutral < positive) calibrated on development
  data; the score is the expected label ``P(positive) − P(negative)`` on [−1, 1], so the mean of
  many sentences estimates the balance of positive and negative sentences.
* **Opinion**: the probability that the sentence is the writer's own opinion, speculation or
  exhortation rather than a report (NewsSD-ENG's SUBJ), Platt-calibrated on development data.

Each distinct sentence is encoded once and kept in a small memory, so ``nl.sentiment`` and
``nl.sourcing`` run over the same chunk share one model run.  It needs ``numpy`` and
``onnxruntime`` (core dependencies) and downloads nothing.

Examples
--------
>>> from newslens.sentence_model import opinion_scores
>>> [(round(p, 2) > 0.5) for p, _ in opinion_scores(["The council met on Tuesday.",
...                                                  "This is the worst idea the council has ever had."], evidence=False)]
[False, True]
"""
from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np

from . import neural
from .files import read_lexicon_json
from .tokens import FUNCTION_WORDS

__all__ = ["opinion_scores", "sentiment_scores", "analyse", "readable", "model_info", "clear_cache", "encoder_info", "encoder_read",
           "encoder_sentiment_scores", "combined_sentiment_scores", "stack_info", "combined_encoder"]

NAME = "sentence_model"
BATCH = 64            # sentences per model run (of one padded length)
BUCKET = 8            # sentences are padded to a multiple of this many pieces
MAX_LEN = 128         # word pieces read per sentence (the rest of a very long unit is not read)
MAX_CHARS = 4000      # characters read per sentence (bounds the time and memory of any input)
TOP_WORDS = 8         # evidence words kept per sentence and head
MIN_SHARE = 0.005     # evidence words whose |share of the logit| is below this are left out …
MIN_RELATIVE = 0.1    # … and so are those below a tenth of the sentence's largest share
_MEMORY = 20000       # distinct sentences remembered (one chunk of 1,000 articles; about 15 MB)
_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()
ENCODER = "opinion_encoder"
"""The sentence encoder (all-MiniLM-L6-v2 fine-tuned for opinion) with an opinion head, ``lexicons/opinion_encoder.onnx``: the
``"encoder"`` opinion scorer and the encoder input of the ``"combined"`` and ``"ensemble"`` opinion scorers."""
SENTIMENT_ENCODER = "sentiment_encoder"
"""The sentence encoder (all-MiniLM-L6-v2) fine-tuned for news sentiment, ``lexicons/sentiment_encoder.onnx``: the
``"encoder"`` sentiment method."""
SENTIMENT_ENCODER_SMALL = "sentiment_encoder_small"
"""The first three layers of that encoder fine-tuned alike, ``lexicons/sentiment_encoder_small.onnx``: the encoder
half of the ``"combined"`` sentiment method (about twice as fast)."""
_encoder_caches: dict[str, OrderedDict] = {ENCODER: OrderedDict(), SENTIMENT_ENCODER: OrderedDict(),
                                           SENTIMENT_ENCODER_SMALL: OrderedDict()}


@lru_cache(maxsize=1)
def model_info() -> dict:
    """The shipped model's metadata (``lexicons/sentence_model.json``): recipe, calibration, dev scores."""
    return read_lexicon_json(f"{NAME}.json")


def clear_cache() -> None:
    """Forget the sentences encoded so far, by this model and by the sentence encoders (results stay
    identical; only the time changes)."""
    with _lock:
        _cache.clear()
        for cache in _encoder_caches.values():
            cache.clear()


class _Result:
    """One sentence's raw model output: the two logits and each word's share of them."""

    __slots__ = ("z_sent", "z_op", "words")

    def __init__(self, z_sent: float, z_op: float, words: np.ndarray):
        self.z_sent = z_sent
        self.z_op = z_op
        self.words = words  # float32 (n_words, 4): start, end, share of the sentiment logit, share of the opinion logit


def _run(seqs: list[list[int]], bias=None, *, model: str = f"{NAME}.onnx", batch: int = BATCH) -> list:
    """Per-token outputs ``(n_tokens, 4)`` for each id sequence, in batches of one padded length
    (with ``batch=1``, each sequence alone and unpadded).

    ``model`` is the shipped ONNX file run (any model with inputs ``input_ids`` and
    ``attention_mask`` and per-token outputs; the ``"encoder"`` opinion scorer uses it too).

    With ``bias`` (the heads' value biases), each item is instead ``(logits (2,), shares (n_tokens, 2))``
    computed for the whole batch at once: the same numbers as :func:`_shares` on each sentence.
    """
    sess = neural.session(model, threads=1)
    out: list = [None] * len(seqs)
    b = None if bias is None else np.asarray(bias)
    # each sentence is padded to a length that depends on it alone (the next multiple of BUCKET), and
    # only sentences of one length share a run: its numbers do not depend on the other sentences.
    # One sentence per run is not padded at all: the int8 encoders scale their activations per run,
    # and padded positions would widen that scale (their export checks run sentences unpadded too).
    groups: dict[int, list[int]] = {}
    for i, x in enumerate(seqs):
        groups.setdefault(len(x) if batch == 1 else -(-len(x) // BUCKET) * BUCKET, []).append(i)
    for n, members in sorted(groups.items()):
        for k in range(0, len(members), batch):
            _run_batch(sess, seqs, members[k:k + batch], n, b, out)
    return out


def _run_batch(sess, seqs, idx, n, b, out) -> None:
    """One model run over the sentences ``idx`` padded to ``n`` pieces; results written into ``out``."""
    ids = np.zeros((len(idx), n), dtype=np.int64)
    mask = np.zeros_like(ids)
    for r, i in enumerate(idx):
        ids[r, : len(seqs[i])] = seqs[i]
        mask[r, : len(seqs[i])] = 1
    tok = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]
    if b is None:
        for r, i in enumerate(idx):
            out[i] = tok[r, : len(seqs[i])]
        return
    a = np.where(mask[:, :, None] > 0, tok[:, :, 0::2].astype(np.float64), -np.inf)
    a = np.exp(a - a.max(1, keepdims=True))
    a /= a.sum(1, keepdims=True)
    share = a * (tok[:, :, 1::2] - b)
    z = b + share.sum(1)
    for r, i in enumerate(idx):
        out[i] = (z[r], share[r, : len(seqs[i])])


def _shares(tok: np.ndarray, bias: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Attention pooling per head for one sentence: the logits and every token's share ``a_t · (v_t − b)``.

    ``logit = b + Σ_t share_t`` exactly (``b`` the value bias of the head).  The readable
    reference of what :func:`_run` computes for a whole batch (a test compares them).
    """
    a = tok[:, 0::2].astype(np.float64)
    a = np.exp(a - a.max(0, keepdims=True))
    a /= a.sum(0, keepdims=True)
    share = a * (tok[:, 1::2] - np.asarray(bias))
    return np.asarray(bias) + share.sum(0), share


_ALNUM = re.compile(r"[^\W_]")


def _encode_new(texts: list[str]) -> dict[str, _Result]:
    meta = model_info()
    encoded = [neural.encode_sentence(t, max_len=MAX_LEN, vocab_name=meta["vocab"], max_chars=MAX_CHARS) for t in texts]
    pooled = _run([ids for ids, _ in encoded], bias=meta["value_bias"])
    out = {}
    for t, (_, spans), (z, share) in zip(texts, encoded, pooled):
        words: dict = {}
        for sp, (ss, so) in zip(spans, share.tolist()):
            if sp is None:
                continue
            w = words.get(sp, 0)
            if w is None:
                continue
            if w == 0:
                if not _ALNUM.search(t, sp[0], sp[1]):
                    words[sp] = None  # punctuation: its share stays in the constant
                    continue
                words[sp] = [ss, so]
            else:
                w[0] += ss
                w[1] += so
        kept = [(a, b, w[0], w[1]) for (a, b), w in words.items() if w is not None]
        out[t] = _Result(float(z[0]), float(z[1]), np.array(kept, dtype=np.float32).reshape(len(kept), 4))
    return out


def _remembered(texts: list[str], cache: OrderedDict, compute) -> list:
    """``compute``'s result for each text, each distinct text computed once and kept in ``cache``
    (at most ``_MEMORY`` texts, the oldest forgotten first; a huge unit is not kept)."""
    results: dict = {}
    todo = []
    with _lock:
        for t in dict.fromkeys(texts):
            r = cache.get(t)
            if r is None:
                todo.append(t)
            else:
                results[t] = r
    if todo:
        new = compute(todo)
        results.update(new)
        with _lock:
            cache.update((t, r) for t, r in new.items() if len(t) <= MAX_CHARS)
            while len(cache) > _MEMORY:
                cache.popitem(last=False)
    return [results[t] for t in texts]


def analyse(texts: list[str]) -> list[_Result]:
    """Raw model output for each text; each distinct text is encoded once (and remembered)."""
    return _remembered(texts, _cache, _encode_new)


@lru_cache(maxsize=None)
def encoder_info(name: str = ENCODER) -> dict:
    """A sentence encoder's metadata (``lexicons/<name>.json``: :data:`ENCODER`, :data:`SENTIMENT_ENCODER` or
    :data:`SENTIMENT_ENCODER_SMALL`): heads, biases, recipe, checks."""
    if name not in _encoder_caches:
        raise ValueError(f"unknown sentence encoder {name!r}; choose one of {sorted(_encoder_caches)}")
    return read_lexicon_json(f"{name}.json")


class _Read:
    """One sentence read by the sentence encoder: each head's logit and each word's share of it."""

    __slots__ = ("logits", "words")

    def __init__(self, logits: np.ndarray, words: np.ndarray):
        self.logits = logits  # (n_heads,) = bias + the sum of every piece's share (punctuation and markers included)
        self.words = words    # (n_words, 2 + n_heads): start, end, then the word's share of each head's logit


def _encoder_new(texts: list[str], name: str) -> dict[str, _Read]:
    info = encoder_info(name)
    bias = np.atleast_1d(np.asarray(info["bias"], dtype=np.float64))
    encoded = [neural.encode_sentence(t, max_len=info["hyperparameters"]["max_len"], vocab_name=info["vocab"],
                                      max_chars=MAX_CHARS) for t in texts]
    # one sentence per run: int8 activations are quantised per run, so a sentence's numbers depend on it alone
    shares = _run([ids for ids, _ in encoded], model=f"{name}.onnx", batch=1)
    out = {}
    for t, (_, spans), sh in zip(texts, encoded, shares):
        sh = sh.astype(np.float64)
        acc: dict = {}
        for sp, v in zip(spans, sh):
            if sp is not None and any(ch.isalnum() for ch in t[sp[0]:sp[1]]):  # punctuation stays in the constant
                acc[sp] = acc[sp] + v if sp in acc else v.copy()
        words = np.array([[a, b, *v] for (a, b), v in acc.items()], dtype=np.float64).reshape(len(acc), 2 + len(bias))
        out[t] = _Read(bias + sh.sum(0), words)
    return out


def encoder_read(texts: list[str], name: str = ENCODER) -> list[_Read]:
    """A sentence encoder's output for each text (the heads of ``encoder_info(name)["heads"]``).

    Each distinct text is read once per encoder and remembered, so the methods that use one encoder
    over the same chunk share its run; a few milliseconds a sentence on one core (``nl.card("sentiment")``
    has the measured speed).  Callers decide which texts are worth it (``readable`` ones, and in the
    stacked methods only those whose label the encoder could change).
    """
    encoder_info(name)  # an unknown name fails here, with the valid ones
    return _remembered(texts, _encoder_caches[name], lambda todo: _encoder_new(todo, name))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def _sentiment_probs(z: float) -> tuple[float, float, float]:
    """Calibrated ordinal probabilities ``(negative, neutral, positive)`` of a sentiment logit."""
    cal = model_info()["calibration"]["sentiment_ordinal"]
    s = cal["scale"] * z
    ge_neu = _sigmoid(s - cal["c1"])
    ge_pos = _sigmoid(s - cal["c2"])
    return 1.0 - ge_neu, ge_neu - ge_pos, ge_pos


@lru_cache(maxsize=2)
def _cue_words(measure: str) -> frozenset[str]:
    """The function words a measure's published cue lists name (so its evidence may show them):
    ``"sentiment"`` VADER's negations and boosters; ``"opinion"`` the single-word cues of the
    opinion scorer's lists (hedges, modals, pronouns …, ``newslens.opinion``)."""
    if measure == "sentiment":
        from .measures.sentiment import BOOSTER_DICT, NEGATE

        cues = set(NEGATE) | set(BOOSTER_DICT)
    elif measure == "opinion":
        from .opinion import _phrases

        cues = {words[0] for lst in _phrases().values() for words, _ in lst if len(words) == 1}
    else:
        raise ValueError(f"measure={measure!r}: choose 'sentiment' or 'opinion'")
    return frozenset(w for w in cues if w in FUNCTION_WORDS)


def _opening(measure: str) -> frozenset[str]:
    """Function words a measure's cues name as the first word of a sentence: for ``"opinion"`` the
    openers of the lexical feature "the sentence opens with a demonstrative" ("it", "this" …)."""
    if measure != "opinion":
        return frozenset()
    from .opinion import _DEMONSTRATIVE

    return _DEMONSTRATIVE


def _checkable(words: np.ndarray, text: str, measure: str) -> np.ndarray:
    """The rows of ``words`` (start, end, …) a reader can check against ``text``: a function word
    (:data:`newslens.tokens.FUNCTION_WORDS`) only where the measure's cue lists name it
    (:func:`_cue_words`, anywhere; :func:`_opening`, as the sentence's first word).  The others'
    shares still count in the score."""
    if not len(words):
        return words
    keep, opening = _cue_words(measure), _opening(measure)
    first = next((i for i, ch in enumerate(text) if ch.isalnum()), -1)
    low = [(text[int(a):int(b)].casefold().replace("’", "'"), int(a)) for a, b in words[:, :2]]
    return words[np.array([w not in FUNCTION_WORDS or w in keep or (w in opening and a == first) for w, a in low], dtype=bool)]


def _top(words: np.ndarray, k: int, scale: float, text: str, measure: str = "sentiment") -> list[tuple[int, int, float]]:
    """The ``TOP_WORDS`` words of ``text`` a reader can check (:func:`_checkable`) with the largest |share|
    (column ``k``), scaled to calibrated logit units, in text order."""
    words = _checkable(words, text, measure)
    w = words[:, k].astype(np.float64) * scale
    if not len(w):
        return []
    keep = np.flatnonzero(np.abs(w) >= max(MIN_SHARE, MIN_RELATIVE * np.abs(w).max()))
    keep = keep[np.argsort(-np.abs(w[keep]), kind="stable")][:TOP_WORDS]
    return [(int(words[i, 0]), int(words[i, 1]), float(w[i])) for i in sorted(keep)]


def readable(text: str) -> bool:
    """Whether the part of ``text`` the model reads has English in it (``nl.sentiment``'s test of every method)."""
    from .measures.sentiment import VaderEngine

    return VaderEngine.vader().readable(text[:MAX_CHARS])


def sentiment_scores(texts: list[str], *, evidence: bool = True) -> list[tuple[float, tuple[float, float, float], list[tuple]]]:
    """Calibrated sentiment of each text: ``(score, (p_neg, p_neu, p_pos), words)``.

    ``score`` = P(positive) − P(negative) on [−1, 1]; ``words``: ``(start, end, share)`` with the
    word's exact share of the calibrated logit (positive: pushed towards positive).

    >>> s, p, words = sentiment_scores(["What a wonderful, generous gift."])[0]
    >>> s > 0.3 and round(sum(p), 6) == 1.0
    True
    """
    scale = model_info()["calibration"]["sentiment_ordinal"]["scale"]
    out = []
    texts = list(texts)
    for t, r in zip(texts, analyse(texts)):
        p = _sentiment_probs(r.z_sent)
        out.append((p[2] - p[0], p, _top(r.words, 2, scale, t) if evidence else []))
    return out


SENTIMENT_STACK = "sentiment_stack.json"
_POS_NEG = np.array([-1.0, 0.0, 1.0])  # the encoder's positive − negative logit, from (negative, neutral, positive)
_NEU = np.array([-0.5, 1.0, -0.5])     # its neutral − mean(negative, positive)


@lru_cache(maxsize=1)
def stack_info() -> dict:
    """The ``"combined"`` sentiment method's stacker and margin, and the development scores behind
    the default of ``nl.sentiment`` (``lexicons/sentiment_stack.json``)."""
    return read_lexicon_json(SENTIMENT_STACK)


def combined_encoder() -> str:
    """The sentence encoder the ``"combined"`` stacker was fitted with and reads (:data:`SENTIMENT_ENCODER_SMALL`)."""
    return stack_info()["_meta"]["hyperparameters"]["encoder"]


def _softmax(L: np.ndarray) -> np.ndarray:
    e = np.exp(L - L.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _top_of(acc: dict, text: str) -> list[tuple[int, int, float]]:
    """The strongest words of ``{(start, end): share}`` in ``text`` (the rule of :func:`_top`), in text order."""
    if not acc:
        return []
    arr = np.array([[a, b, w] for (a, b), w in acc.items()], dtype=np.float64)
    return _top(arr, 2, 1.0, text)


def encoder_sentiment_scores(texts: list[str], *, evidence: bool = True) -> list[tuple[float, tuple[float, float, float], list[tuple]]]:
    """Sentiment from the sentence encoder's head alone: ``(score, (p_neg, p_neu, p_pos), words)`` as
    :func:`sentiment_scores`; a word's share is its exact share of the positive − negative logit.
    Every readable text is read by the encoder (a few milliseconds a sentence); the others get NaN.

    >>> s, p, words = encoder_sentiment_scores(["What a wonderful, generous gift."])[0]
    >>> s > 0.3 and round(sum(p), 6) == 1.0
    True
    """
    texts = list(texts)
    todo = [i for i, t in enumerate(texts) if readable(t)]
    nan = float("nan")
    out: list = [(nan, (nan, nan, nan), [])] * len(texts)
    for i, r in zip(todo, encoder_read([texts[i] for i in todo], SENTIMENT_ENCODER) if todo else []):
        p = _softmax(r.logits)
        words = _top_of({(int(a), int(b)): float(w) for a, b, w in zip(r.words[:, 0], r.words[:, 1], r.words[:, 2:] @ _POS_NEG)},
                        texts[i]) if evidence else []
        out[i] = (float(p[2] - p[0]), tuple(float(x) for x in p), words)
    return out


def combined_sentiment_scores(texts: list[str], *, evidence: bool = True) -> list[tuple[float, tuple[float, float, float], list[tuple]]]:
    """Sentiment from the sentence model, with the sentence encoder read where the model is unsure:
    ``(score, (p_neg, p_neu, p_pos), words)`` as :func:`sentiment_scores`.

    Where the sentence model's two most probable classes are at least ``margin`` apart
    (``sentiment_stack.json``) its result stands, exactly that of :func:`sentiment_scores`.  Elsewhere
    the encoder reads the sentence and the stacker of ``sentiment_stack.json`` decides from three
    numbers: the sentence model's calibrated logit ``z`` and the encoder head's contrasts positive −
    negative and neutral − the mean of the two (either a multinomial logistic regression fitted on
    development sentences or weights that give the encoder head's own probabilities, whichever did
    better out of fold there).  A word's share is then its exact share of the stacked positive −
    negative logit: its shares of the inputs, times their coefficients.  The encoder is the one the stacker was fitted with (:data:`SENTIMENT_ENCODER_SMALL`),
    and the margin is the one with the best development score among those that keep the method
    above the speed floor of ``nl.sentiment``'s default (``lexicons/sentiment_stack.md``).

    >>> s, p, words = combined_sentiment_scores(["What a wonderful, generous gift."])[0]
    >>> s > 0.3 and round(sum(p), 6) == 1.0
    True
    """
    return _combined_sentiment(list(texts), stack_info()["combined"], evidence=evidence)


def _combined_sentiment(texts: list[str], st: dict, *, evidence: bool) -> list[tuple[float, tuple[float, float, float], list[tuple]]]:
    """:func:`combined_sentiment_scores` with the stacker ``st`` (``sentiment_stack.json``'s ``"combined"``)."""
    W, bias = np.asarray(st["weights"]), np.asarray(st["bias"])
    c = W[2] - W[0]  # the stacked positive − negative logit per input
    scale = model_info()["calibration"]["sentiment_ordinal"]["scale"]
    student = analyse(texts)
    probs = [_sentiment_probs(r.z_sent) for r in student]
    todo = [i for i, (t, p) in enumerate(zip(texts, probs)) if _margin(p) < st["margin"] and readable(t)]
    read = dict(zip(todo, encoder_read([texts[i] for i in todo], combined_encoder()))) if todo else {}
    out = []
    for i, (r, p) in enumerate(zip(student, probs)):
        e = read.get(i)
        if e is None:
            out.append((p[2] - p[0], p, _top(r.words, 2, scale, texts[i]) if evidence else []))
            continue
        q = _softmax(np.array([scale * r.z_sent, e.logits @ _POS_NEG, e.logits @ _NEU]) @ W.T + bias)
        words: list = []
        if evidence:
            acc = {(int(a), int(b)): float(w) * scale * c[0] for a, b, w in zip(r.words[:, 0], r.words[:, 1], r.words[:, 2])}
            for a, b, w in zip(e.words[:, 0], e.words[:, 1], e.words[:, 2:] @ (c[1] * _POS_NEG + c[2] * _NEU)):
                acc[(int(a), int(b))] = acc.get((int(a), int(b)), 0.0) + float(w)
            words = _top_of(acc, texts[i])
        out.append((float(q[2] - q[0]), tuple(float(x) for x in q), words))
    return out


def _margin(p) -> float:
    """How far apart the two most probable of three class probabilities are."""
    a, b = sorted(p)[1:]
    return b - a


def opinion_scores(texts: list[str], *, evidence: bool = True) -> list[tuple[float, list[dict]]]:
    """Probability that each text is the writer's opinion (not a report), with word evidence.

    Parameters
    ----------
    texts : list of str
        Sentences (one unit each; a longer text is read up to its first 128 word pieces).
    evidence : bool
        Also return the words that moved the probability.  They cost nothing extra.

    Returns
    -------
    list of (float, list of dict)
        Per text: the calibrated probability of opinion (NaN for an empty text or one with no
        English to read), and evidence dicts ``{word, start, end, weight}``: offsets into that
        text, ``weight`` the word's exact share of the calibrated log-odds (positive: pushed
        towards opinion), at most 8 words, strongest first.

    Examples
    --------
    >>> p, ev = opinion_scores(["Frankly, this plan is a disgrace."])[0]
    >>> p > 0.5, all(set(e) >= {"word", "start", "end", "weight"} for e in ev)
    (True, True)
    """
    texts = list(texts)
    platt = model_info()["calibration"]["opinion_platt"]
    out = []
    for t, r in zip(texts, analyse(texts)):
        if not readable(t):
            out.append((float("nan"), []))
            continue
        p = _sigmoid(platt["scale"] * r.z_op + platt["bias"])
        ev = []
        if evidence:
            ev = [{"word": t[a:b], "start": a, "end": b, "weight": round(w, 4)}
                  for a, b, w in _top(r.words, 3, platt["scale"], t, "opinion")]
            ev.sort(key=lambda e: -abs(e["weight"]))
        out.append((p, ev))
    return out
