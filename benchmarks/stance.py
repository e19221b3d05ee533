"""Stance toward persons: mentions (NewsMTSC), articles (PerSenT, BASIL), speed, and the default.

Mention level — NewsMTSC (Hamborg & Donnay 2021), paper split test-rw and test-mt: each
target's mention (its ``from``/``to`` offsets) is scored exactly; polarity 2.0/4.0/6.0 →
negative/neutral/positive.  Baselines: VADER compound on the whole sentence (±0.05), VADER on a
±10-token window around the mention, TextBlob polarity (±0.05).  Every method is trained or
tuned on ``train.jsonl`` and the dev files only (``benchmarks/train_stance.py``,
``benchmarks/train_stance_neural.py``; the hybrid's encoder and confidence threshold — the best
rw_dev + mt_dev macro-F1 among the pairs whose speed meets ``STANCE_FLOOR`` — and the encoder's
window on rw_dev + mt_dev, rows below).

Article level — the author's stance toward the article's main person: PerSenT
``persent_fixed_test.jsonl`` (827 articles, never tuned on: the test), ``persent_dev.jsonl``
(the seven numbers of the decision were tuned on it: development data, also 5-fold
cross-validated) and BASIL's article-level author feelings (612 article × entity pairs: with
the shipped numbers, which never saw BASIL, and 5-fold cross-validated by event with numbers
tuned on the other folds).  Baselines: the majority class, VADER on the whole article (±0.05),
and the mean of the mention labels of the target's names (the estimator's predecessor).

The bundled corpus — whether each outlet's designed slant toward each person
(``newslens/data/README.md``) comes out with its sign in the mean over the outlet's articles, at
the article and the sentence level: a demonstration on data this project wrote, not a measurement.

Speed — mentions per second of each method on test-rw, and ``nl.stance`` with each method on
the generated speed corpus as a ratio to vaderSentiment on the same sentences in the same run
(each the fastest of ``SPEED_ROUNDS`` interleaved rounds).
The default mention method is the one with the best held-out score (test-rw macro-F1) among
those whose stance step fits its share of the pipeline's speed floor (see ``STANCE_FLOOR``);
the row "choice of the default" compares that with the package's ``DEFAULT_METHOD``.

    python -m benchmarks stance            # the table (writes benchmarks/results/stance.json)
    python -m benchmarks.stance --speed    # mentions per second of each method on test-rw
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.common import accuracy, dataset, macro_f1, read_newsmtsc, result, three_class
from benchmarks.speed import _vader_seconds, write_corpus
from newslens.errors import MissingDependencyError
from newslens.measures.stance import (ARTICLE_METHOD, DEFAULT_METHOD, HYBRID_CONFIDENCE, HYBRID_ENCODER, LABELS, WINDOW_PIECES,
                                      score_mentions)
from newslens.tokens import word_spans

PUBLISHED = {
    "test-rw": "GRU-TSC (RoBERTa) F1m 0.831 (Hamborg & Donnay, EACL 2021, Table 2)",
    "test-mt": "GRU-TSC (RoBERTa) F1m 0.825 (Hamborg & Donnay, EACL 2021, Table 2)",
}
SPLITS = {"test-rw": "rw_test.jsonl", "test-mt": "mt_test.jsonl"}
DEV = {"rw_dev": "rw_dev.jsonl", "mt_dev": "mt_dev.jsonl"}
METHODS = ("hybrid", "learned", "neural", "rules")
ARTICLE_METHODS = ("hybrid", "learned")  # the methods benchmarks/tune_stance_article.py tunes the decision for
HYBRID_GRID = (0.5, 0.55, 0.6, 0.7, 1.01)
ENCODERS = ("stance_neural.onnx", "stance_neural_small.onnx")  # the shipped encoders the hybrid may read
HYBRIDS = [(e, t) for e in ENCODERS for t in HYBRID_GRID]
WINDOW_GRID = (48, 64, 96, 128)
# The pipeline's floor is 0.02 of vaderSentiment's throughput (issue 10); the lexicon measures
# other than stance cost about 4.3 vaderSentiment-times and the sentence model about as much as
# stance may: stance gets half of the rest, (1/0.02 - 4.3) / 2 ≈ 23 vaderSentiment-times.
STANCE_FLOOR = 1 / 23
FLOOR_SAFETY = 0.15
"""A method or hybrid pair that would replace the shipped one counts as meeting ``STANCE_FLOOR``
when it runs at least this much faster than the floor; the shipped one keeps its place while it
meets the floor itself.  One configuration's ratio wandered by about ±8 % between runs (the
six-layer hybrid at threshold 0.7: 0.046 and 0.048 on one machine, 0.042 to 0.046 in four runs on
another), so a pair just above a single line in one run fell under it in the next and the choice
flipped back and forth on timing noise alone; with the two lines, noise around either of them no
longer flips it (the small hybrid at threshold 0.7 measured 0.049 and 0.052 in two runs on a
machine without int8 dot-product instructions, against 0.050 to replace and 0.043 to stay)."""
SPEED_ROUNDS = 3  # nl.stance runs of each method on the speed corpus; each keeps its fastest
HYBRID_MARGIN = 0.01
"""Hybrid pairs whose mean development macro-F1 is within this of the best count as tied, and the
faster wins (the opinion default's ``speed_margin``): a pair at the speed floor was chosen in one run
and not in the next on timing noise alone (the small encoder on every mention measured 0.040, 0.042
and 0.044 of vaderSentiment's speed against a floor of 0.043, for 0.003 more mean macro-F1)."""
TUNED_MENTION = ("NewsMTSC train.jsonl (model weights); rw_dev + mt_dev (regularisation, rule thresholds, learned/rules "
                 "combination, neural epochs, hybrid threshold, encoder window)")


def read(path):
    """NewsMTSC targets with their gold label as a name."""
    return [(s, a, b, LABELS[c]) for s, a, b, c in read_newsmtsc(path)]


def _window(sentence: str, a: int, b: int, k: int = 10) -> str:
    spans = word_spans(sentence)
    idx = [i for i, (_, s, e) in enumerate(spans) if e > a and s < b] or [0]
    lo = max(0, idx[0] - k)
    hi = min(len(spans), idx[-1] + k + 1)
    return sentence[spans[lo][1]:spans[hi - 1][2]] if spans else sentence


def _labels(rows, method: str) -> list[str]:
    return [label for _, label, _ in score_mentions([(s, a, b) for s, a, b, _ in rows], method=method, evidence=False)]


def _available(method: str) -> bool:
    try:
        score_mentions([("Critics accused Hale.", 16, 20)], method=method, evidence=False)
    except MissingDependencyError:
        return False
    return True


# ---------------------------------------------------------------- mention level
def mention_rows(methods) -> list[dict]:
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    base = dataset("newsmtsc") / "paper_dev_test_split"
    out = []
    for split, fname in SPLITS.items():
        rows = read(base / fname)
        gold = [r[3] for r in rows]
        preds = {m: _labels(rows, m) for m in methods}
        base_preds = {
            "VADER sentence": [three_class(sia.polarity_scores(s)["compound"]) for s, _, _, _ in rows],
            "VADER ±10 tokens": [three_class(sia.polarity_scores(_window(s, a, b))["compound"]) for s, a, b, _ in rows],
            "TextBlob": [three_class(TextBlob(s).sentiment.polarity) for s, _, _, _ in rows],
        }
        for metric, fn in (("macro-F1", lambda g, p: macro_f1(g, p, LABELS)), ("accuracy", accuracy)):
            bl = {k: round(fn(gold, p), 4) for k, p in base_preds.items()}
            for m in methods:
                out.append({
                    "dataset": "NewsMTSC", "split": split, "n": len(rows), "metric": metric,
                    "newslens": round(fn(gold, preds[m]), 4), "method": m + (" (default)" if m == DEFAULT_METHOD else ""),
                    "baselines": bl, "published": PUBLISHED[split] if metric == "macro-F1" else "",
                    "held_out": True, "tuned_on": TUNED_MENTION,
                })
    return out


def hybrid_rows() -> list[dict]:
    """Development data: the hybrid's encoder and threshold, and the encoder's window, on rw_dev + mt_dev.

    Every pair of a shipped encoder (``ENCODERS``) and a threshold (``HYBRID_GRID``) is scored; the
    window rows read the six-layer encoder alone (``"neural"``), whose window the hybrid shares."""
    import newslens.measures.stance as st

    base = dataset("newsmtsc") / "paper_dev_test_split"
    out = []
    saved, window = (st.HYBRID_ENCODER, st.HYBRID_CONFIDENCE), st.WINDOW_PIECES
    try:
        for split, fname in DEV.items():
            rows = read(base / fname)
            gold = [r[3] for r in rows]
            items = [(s, a, b) for s, a, b, _ in rows]
            first = st._each(st._learned_unit, items)
            for encoder, thr in HYBRIDS:
                st.HYBRID_ENCODER, st.HYBRID_CONFIDENCE = encoder, thr
                labels = [lab for _, lab, _ in score_mentions(items, method="hybrid", evidence=False)]
                share = sum(r[3] is not None and max(r[3]) < thr for r in first) / len(first)
                out.append({"dataset": "NewsMTSC", "split": split + " (development)", "n": len(rows),
                            "metric": _hybrid_metric(encoder, thr),
                            "newslens": round(macro_f1(gold, labels, LABELS), 4), "method": "hybrid",
                            "detail": f"{share:.0%} of mentions to the encoder" + (" (shipped)" if (encoder, thr) == saved else ""),
                            "held_out": False, "tuned_on": "this row chose the encoder and the threshold"})
            st.HYBRID_ENCODER, st.HYBRID_CONFIDENCE = saved
            for pieces in WINDOW_GRID:  # the encoder alone, reading each window length
                st.WINDOW_PIECES = pieces
                probs = st._run_neural([st._encode(*item)[0] for item in items])
                out.append({"dataset": "NewsMTSC", "split": split + " (development)", "n": len(rows),
                            "metric": f"macro-F1 (encoder, {pieces} word pieces)", "method": "neural",
                            "newslens": round(macro_f1(gold, [LABELS[int(k)] for k in probs.argmax(1)], LABELS), 4),
                            "detail": "shipped" if pieces == window else "", "held_out": False,
                            "tuned_on": "this row chose the window (best rw_dev + mt_dev sum; the shorter on a tie)"})
            st.WINDOW_PIECES = window
    finally:
        (st.HYBRID_ENCODER, st.HYBRID_CONFIDENCE), st.WINDOW_PIECES = saved, window
    return out


def _encoder_name(model: str) -> str:
    return model.removesuffix(".onnx")


def meets_floor(ratio: float, *, shipped: bool = False) -> bool:
    """Whether a speed ratio to vaderSentiment clears ``STANCE_FLOOR``: with ``FLOOR_SAFETY`` to
    spare for a configuration that would replace the shipped one, the floor itself for the shipped one."""
    return ratio >= STANCE_FLOOR * (1 if shipped else 1 + FLOOR_SAFETY)


def choose_hybrid(rows: list[dict], fast: dict, shipped: tuple[str, float] | None = None
                  ) -> tuple[tuple[str, float] | None, str]:
    """The hybrid's (encoder, threshold): among the pairs whose ``nl.stance`` speed meets
    ``STANCE_FLOOR`` (:func:`meets_floor`; ``shipped`` is the pair the package ships), the fastest of those within
    ``HYBRID_MARGIN`` of the best mean rw_dev + mt_dev macro-F1, and why (the dev column is the sum of the two
    macro-F1s)."""
    dev: dict[tuple[str, float], float] = {}
    for encoder, thr in HYBRIDS:
        got = [r["newslens"] for r in rows if r["metric"] == _hybrid_metric(encoder, thr)]
        if len(got) == len(DEV):
            dev[encoder, thr] = round(sum(got), 4)
    ratio = {k: fast[_hybrid_label(*k)]["ratio"] for k in dev if _hybrid_label(*k) in fast}
    ok = {k: v for k, v in dev.items() if k in ratio and meets_floor(ratio[k], shipped=k == shipped)}
    if not ok:
        return None, "no pair meets the floor"
    top = max(ok.values())
    near = [k for k in ok if ok[k] >= top - HYBRID_MARGIN * len(DEV)]
    best = max(near, key=lambda k: (ratio[k], ok[k]))
    why = "; ".join(f"{_hybrid_label(*k)}: dev {v:.4f} at {ratio[k]:.3f}" + ("" if k in ok else " (too slow)")
                    for k, v in sorted(dev.items(), key=lambda kv: -kv[1]) if k in ratio)
    return best, why


def _hybrid_label(encoder: str, thr: float) -> str:
    return f"hybrid ({_encoder_name(encoder)}, threshold {thr})"


def _hybrid_metric(encoder: str, thr: float) -> str:
    return f"macro-F1 (hybrid, {_encoder_name(encoder)}, threshold {thr})"


# ---------------------------------------------------------------- article level
def _majority(gold: list[str], classes) -> str:
    return max(classes, key=gold.count)


def article_rows(methods) -> list[dict]:
    from benchmarks.tune_stance_article import FIXED, _arrays, collect, cross_validate, evaluate, read_basil, read_persent
    from newslens.measures.stance import _article_params
    from newslens.measures.sentiment import polarity_scores

    out = []
    shipped = json.loads((Path(__file__).resolve().parents[1] / "newslens" / "lexicons" / "stance_article.json").read_text("utf-8"))
    sets = [("PerSenT", "fixed test", read_persent("fixed_test"), True, "persent_test"),
            ("PerSenT", "dev (development data)", read_persent("dev"), False, "persent_dev"),
            ("BASIL", "all (shipped numbers)", read_basil(), True, "basil")]
    for name, split, recs, held, key in sets:
        gold = [r["gold"] for r in recs]
        g = np.array([LABELS.index(x) for x in gold])
        maj = _majority(gold, LABELS)
        vader = [three_class(d["compound"]) for d in polarity_scores([r["text"] for r in recs], method="vader")]
        bl_f1 = {"majority class": round(macro_f1(gold, [maj] * len(gold), LABELS), 4),
                 "VADER whole article": round(macro_f1(gold, vader, LABELS), 4)}
        bl_acc = {"majority class": round(accuracy(gold, [maj] * len(gold)), 4),
                  "VADER whole article": round(accuracy(gold, vader), 4)}
        for m in methods:
            arrays = _arrays(collect(recs, m, key))
            mean_labels = evaluate(arrays, g, {"w_title": 0.0, "w_lead": 1.0, "w_ref": 0.0, "tone": 0.0, "vote": 0.0,
                                               "t_pos": 0.2, "t_neg": -0.2})["pred"]
            got = evaluate(arrays, g, _article_params(m))
            tone = shipped["methods"].get(m, {})
            tuned = (f"decision's seven numbers on PerSenT dev ({m} mentions; PerSenT: CC BY 4.0 per its dataset card, no "
                     f"licence in its repository; tone: {tone.get('tone_source', 'vader')} over the target's "
                     f"{tone.get('tone_scope', 'sentences')}); mention scorer: {TUNED_MENTION}")
            method = m + (" (default)" if m == ARTICLE_METHOD else "")
            for metric, v, bl, fn in (("macro-F1", got["macro_f1"], bl_f1, lambda p: macro_f1(gold, p, LABELS)),
                                      ("accuracy", got["accuracy"], bl_acc, lambda p: accuracy(gold, p))):
                out.append({"dataset": name, "split": split, "n": len(recs), "metric": metric, "newslens": v,
                            "method": method, "baselines": {**bl, "mean of name mentions (±0.2)": round(fn(mean_labels), 4)},
                            "held_out": held, "tuned_on": tuned,
                            "detail": f"labels {dict((c, got['pred'].count(c)) for c in LABELS)}; gold {dict((c, gold.count(c)) for c in LABELS)}"})
            if key == "persent_dev":
                cv = shipped["methods"].get(m, {}).get("dev_5fold_cv")
                if cv:
                    out.append({"dataset": name, "split": "dev, 5-fold cross-validated", "n": len(recs), "metric": "macro-F1",
                                "newslens": cv["macro_f1"], "method": method, "baselines": bl_f1, "held_out": False,
                                "tuned_on": "the decision's thresholds tuned on the other four folds (weights as shipped)",
                                "detail": f"accuracy {cv['accuracy']}"})
            if key == "basil":
                cv = cross_validate(arrays, g, [r["group"] for r in recs], grid=FIXED.get(m))
                out.append({"dataset": name, "split": "5-fold cross-validated by event", "n": len(recs), "metric": "macro-F1",
                            "newslens": cv["macro_f1"], "method": method, "baselines": bl_f1, "held_out": False,
                            "tuned_on": "the decision's thresholds tuned on the other four folds of BASIL (weights as shipped)",
                            "detail": f"accuracy {cv['accuracy']} (majority {bl_acc['majority class']})"})
    return out


# ---------------------------------------------------------------- speed and the default
def speed(split: str = "test-rw") -> dict[str, float]:
    """Mentions per second of each method (and VADER on the sentence) on one test split."""
    import newslens.measures.stance as st

    rows = read(dataset("newsmtsc") / "paper_dev_test_split" / SPLITS[split])
    items = [(s, a, b) for s, a, b, _ in rows]
    out = {"vaderSentiment (sentence)": len(items) / _vader_seconds([s for s, _, _ in items])}
    for method, ev in (("rules", True), ("learned", True), ("hybrid", True), ("neural", False), ("neural", True)):
        try:
            score_mentions(items[:4], method=method, evidence=ev)  # load resources first
        except MissingDependencyError:
            continue
        st.clear_cache()
        t = time.perf_counter()
        score_mentions(items, method=method, evidence=ev)
        out[f"{method}{'' if ev else ' (no evidence)'}"] = len(items) / (time.perf_counter() - t)
    return {k: round(v, 1) for k, v in out.items()}


def pipeline_speed(methods, n: int = 300, hybrids=(), rounds: int = SPEED_ROUNDS) -> dict[str, dict]:
    """``nl.stance`` (sentence level, discovered targets, as ``nl.analyze`` runs it) with each
    method, and with the hybrid at each (encoder, threshold) of ``hybrids``, on ``n`` generated
    articles, against vaderSentiment on the same sentences.  The runs take turns ``rounds`` times,
    each with nothing remembered and vaderSentiment timed just before it; every run and vaderSentiment
    keep their fastest time (a busy moment of a shared machine hits one round, not one method).  The
    shipped hybrid is also one of the ``hybrids`` pairs: its two labels are one configuration and
    report the fastest of all its runs (timed apart, they differed by 2 % in one run, either side of
    the floor)."""
    import newslens as nl
    import newslens.measures.stance as st
    from newslens import neural

    with tempfile.TemporaryDirectory() as tmp:
        arts = nl.load(write_corpus(Path(tmp) / "corpus.jsonl", n))
    texts = nl.sentences(arts)["text"].tolist()
    nl.stance(arts.head(3), method="rules")
    runs = [(m, m, None) for m in methods] + [(_hybrid_label(*h), "hybrid", h) for h in hybrids]
    saved = st.HYBRID_ENCODER, st.HYBRID_CONFIDENCE
    best: dict[str, float] = {label: float("inf") for label, _, _ in runs}
    mentions: dict[str, int] = {}
    vader = float("inf")
    try:
        for k in range(rounds):
            for label, m, setting in runs:
                if k and m == "neural":
                    continue  # about twenty times under the floor: one round (over two minutes) says enough
                st.HYBRID_ENCODER, st.HYBRID_CONFIDENCE = setting or saved
                nl.stance(arts.head(2), method=m)
                if m in ("hybrid", "neural"):  # the encoder is loaded before the clock starts, as the other models are
                    neural.session(st.HYBRID_ENCODER if m == "hybrid" else "stance_neural.onnx")
                st.clear_cache()
                vader = min(vader, _vader_seconds(texts))
                t = time.perf_counter()
                mentions[label] = len(nl.stance(arts, method=m))
                best[label] = min(best[label], time.perf_counter() - t)
    finally:
        st.HYBRID_ENCODER, st.HYBRID_CONFIDENCE = saved
    same = _hybrid_label(*saved)
    if "hybrid" in best and same in best:  # one configuration timed under two labels: both keep the fastest of all its runs
        best["hybrid"] = best[same] = min(best["hybrid"], best[same])
    out = {label: {"seconds": sec, "mentions": mentions[label], "ratio": vader / sec, "articles_per_s": len(arts) / sec,
                   "mentions_per_s": mentions[label] / sec} for label, sec in best.items()}
    out["_vader"] = {"seconds": vader, "articles": len(arts), "sentences": len(texts)}
    return out


def choose_default(rows: list[dict], fast: dict, shipped: str | None = None) -> tuple[str, str]:
    """The method with the best test-rw macro-F1 among those meeting ``STANCE_FLOOR`` (:func:`meets_floor`;
    ``shipped`` is the package's default), and why."""
    score = {r["method"].split(" ")[0]: r["newslens"] for r in rows
             if r["dataset"] == "NewsMTSC" and r["split"] == "test-rw" and r["metric"] == "macro-F1"}
    ok = {m: s for m, s in score.items() if m in fast and meets_floor(fast[m]["ratio"], shipped=m == shipped)}
    if not ok:
        return "", "no method meets the floor"
    best = max(ok, key=ok.get)
    slow = {m: s for m, s in score.items() if m not in ok}
    why = (f"{best}: test-rw macro-F1 {ok[best]} at {fast[best]['ratio']:.3f} of vaderSentiment's speed "
           f"(floor {STANCE_FLOOR:.3f} for the default, {STANCE_FLOOR * (1 + FLOOR_SAFETY):.3f} with {FLOOR_SAFETY:.0%} "
           f"to spare to replace it)" + "".join(f"; {m} {s} but {fast[m]['ratio']:.3f}" for m, s in slow.items() if m in fast)
           + "".join(f"; {m} {s}" for m, s in ok.items() if m != best))
    return best, why


# The designed slant of each outlet of the bundled corpus toward each person (``newslens/data/README.md``,
# "The outlets' intended slant"): +1 / -1 where the design gives a direction ("neutral-to-critical"
# counts as critical), 0 where it says neutral.  The Daily Flash does not write about Omar Vance.
DESIGNED_SLANT = {("The Harbor Ledger", "Marian Hale"): -1, ("The Harbor Ledger", "Dana Blake"): 1, ("The Harbor Ledger", "Omar Vance"): 0,
                  ("The Daily Flash", "Marian Hale"): -1, ("The Daily Flash", "Dana Blake"): 1,
                  ("Civic Wire", "Marian Hale"): 0, ("Civic Wire", "Omar Vance"): 0, ("Civic Wire", "Dana Blake"): 0,
                  ("The Calder Sentinel", "Marian Hale"): -1, ("The Calder Sentinel", "Omar Vance"): 1, ("The Calder Sentinel", "Dana Blake"): 1}


def corpus_rows() -> list[dict]:
    """The bundled corpus: is each designed direction (``DESIGNED_SLANT``) recovered, with its sign,
    by the mean stance of each outlet's articles (article level, the default estimator) and of
    its mentions (sentence level, the default method)?  A demonstration on a corpus this project
    wrote and read while developing, not a measurement; the means of the neutral pairs are listed too."""
    import newslens as nl

    arts = nl.load_example()
    people = sorted({p for _, p in DESIGNED_SLANT})
    outlet = dict(zip(arts["article_id"], arts["outlet"]))
    rows = []
    for level, method in (("article", ARTICLE_METHOD), ("sentence", DEFAULT_METHOD)):
        got = nl.stance(arts, targets=people, level=level)
        means = got.assign(outlet=got["article_id"].map(outlet)).groupby(["outlet", "target"])["stance"].mean()
        signed = {k: d for k, d in DESIGNED_SLANT.items() if d}
        hit = [k for k, d in signed.items() if k in means and np.sign(means[k]) == d]
        rows.append({"dataset": "bundled corpus (newslens/data/corpus)", "split": f"{len(arts)} articles, {len(signed)} designed directions",
                     "n": len(signed), "metric": f"share of designed slants recovered with their sign (outlet mean, {level} level)",
                     "newslens": round(len(hit) / len(signed), 4), "method": method + " (default)", "held_out": False,
                     "tuned_on": "nothing fitted on it; the corpus was written by this project and read while developing "
                                 "(a demonstration, not a measurement)",
                     "detail": "; ".join(f"{o} → {p} {means.get((o, p), float('nan')):+.3f} (designed "
                                         f"{'+' if d > 0 else '−' if d < 0 else 'neutral'}{'' if not d else ' ✓' if (o, p) in hit else ' ✗'})"
                                         for (o, p), d in DESIGNED_SLANT.items())})
    return rows


def run() -> dict:
    methods = [m for m in METHODS if _available(m)]
    skipped = [m for m in METHODS if m not in methods]
    rows = mention_rows(methods)
    if "hybrid" in methods:
        rows += hybrid_rows()
    rows += article_rows([m for m in ARTICLE_METHODS if m in methods])
    rows += corpus_rows()
    fast = pipeline_speed(methods, hybrids=HYBRIDS if "hybrid" in methods else ())
    v = fast.pop("_vader")
    for m, d in fast.items():
        rows.append({"dataset": "generated (speed corpus)", "split": f"{v['articles']} articles, nl.stance sentence level",
                     "n": v["articles"], "metric": "throughput ratio to vaderSentiment", "newslens": round(d["ratio"], 4),
                     "method": m + (" (default)" if m == DEFAULT_METHOD else ""), "baselines": {"vaderSentiment": 1.0},
                     "held_out": True, "tuned_on": "nothing" if m in METHODS else "this row chose the hybrid's encoder and threshold",
                     "detail": f"{d['articles_per_s']:,.1f} articles/s, {d['mentions_per_s']:,.0f} mentions/s "
                               f"({d['mentions']} mentions; floor for stance {STANCE_FLOOR:.3f})"})
    if "hybrid" in methods:
        shipped = (HYBRID_ENCODER, HYBRID_CONFIDENCE)
        pair, why = choose_hybrid(rows, fast, shipped)
        rows.append({"dataset": "NewsMTSC dev + speed corpus", "split": "choice of the hybrid", "n": 0,
                     "metric": "encoder and threshold (fastest within HYBRID_MARGIN of the best rw_dev + mt_dev macro-F1 meeting the floor)",
                     "newslens": float(pair == shipped), "method": _hybrid_label(*shipped), "held_out": False,
                     "tuned_on": "rw_dev + mt_dev (development)",
                     "detail": f"measured best: {_hybrid_label(*pair) if pair else 'none'} ({why}); the package ships "
                               f"{_hybrid_label(*shipped)}"})
    best, why = choose_default(rows, fast, DEFAULT_METHOD)
    rows.append({"dataset": "NewsMTSC + speed corpus", "split": "choice of the default", "n": 0,
                 "metric": "default method (best held-out macro-F1 meeting the floor)",
                 "newslens": float(best == DEFAULT_METHOD), "method": DEFAULT_METHOD, "held_out": True,
                 "tuned_on": "nothing", "detail": f"measured best: {why}; the package's default is {DEFAULT_METHOD}"})
    notes = ("Labels negative/neutral/positive; baselines cut at ±0.05. Article level: the estimator's seven numbers "
             "were tuned on PerSenT dev only (no model is trained on PerSenT or BASIL, whose licences do not allow "
             f"shipping one); PerSenT text repaired (commas, tokenisation) before scoring; a target the data names in "
             f"another case than the article writes it (BASIL's 'supreme court', PerSenT's 'MORRIS') is read as written. The hybrid sends a mention to "
             f"the encoder {_encoder_name(HYBRID_ENCODER)} when the learned model's top probability is below "
             f"{HYBRID_CONFIDENCE}; the encoders read {WINDOW_PIECES} word pieces.")
    if skipped:
        notes += f" Skipped (onnxruntime missing): {', '.join(skipped)}."
    return result("stance", "Stance toward persons: mentions (NewsMTSC), articles (PerSenT, BASIL), speed", rows,
                  notes=notes, tuned_on=TUNED_MENTION + "; article decision: PerSenT dev")


def main() -> None:
    if "--speed" in sys.argv:
        print(json.dumps(speed(), indent=1))
        return
    res = run()
    print(f"{res['title']}  (tuned on: {res['tuned_on']})")
    for r in res["rows"]:
        base = ", ".join(f"{k} {v}" for k, v in r.get("baselines", {}).items())
        print(f"{r['dataset']} | {r['split']} | n={r['n']} | {r['metric']} | {r.get('method', '')}: {r['newslens']} | {base} | {r.get('detail', '')}")
    if res["notes"]:
        print(res["notes"])


if __name__ == "__main__":
    main()
