"""Sentence sentiment against human ratings (Hutto & Gilbert 2014): ``python -m benchmarks.sentiment``.

NYT editorial sentences: Pearson r with the mean human rating, and 3-class macro-F1 with
gold = mean / 4 and scores cut at ±0.05 (≥ 0.05 positive, ≤ −0.05 negative), as in the VADER
paper.  Tweets (sanity check: VADER's published r ≈ 0.88), movie and Amazon sentences: r.

Each sentence is one row of a sentences table passed to ``nl.sentiment`` (so the public API is
what is measured).  Unreadable sentences (NaN) count as 0.0, i.e. neutral.  ``vader_ridge`` is
fitted on NYT, so its NYT numbers are 5-fold cross-validated predictions
(``benchmarks/train_sentiment.py``); its numbers on the other corpora use the shipped model.
Also measured: the speed of newslens' VADER re-implementation against ``vaderSentiment``'s
``polarity_scores`` on all 23,703 sentences, in the same run.
"""
from __future__ import annotations

import time

import numpy as np
import pandas as pd

from .common import DataMissing, macro_f1, pearson, result, three_class
from .speed import _vader_seconds
from .train_sentiment import CORPORA, cross_validate, load_corpus

PUBLISHED = {  # Hutto & Gilbert (2014), Table 4, transcribed in ../shared/data/vader_hutto2014
    ("nyt", "pearson_r"): "VADER 0.492 (Hutto & Gilbert, ICWSM 2014, Table 4); one human rater 0.745",
    ("nyt", "macro_f1"): "VADER 0.55 (Hutto & Gilbert, ICWSM 2014, Table 4); one human rater 0.65",
    ("tweets", "pearson_r"): "VADER 0.881 (Hutto & Gilbert, ICWSM 2014, Table 4)",
    ("movie", "pearson_r"): "VADER 0.451 (Hutto & Gilbert, ICWSM 2014, Table 4)",
    ("amazon", "pearson_r"): "VADER 0.565 (Hutto & Gilbert, ICWSM 2014, Table 4)",
}


def _newslens_scores(texts: list[str], method: str) -> np.ndarray:
    import newslens as nl

    sents = nl.as_table(pd.DataFrame({"article_id": [str(i) for i in range(len(texts))], "paragraph": 0, "sentence": 0, "text": texts}), "sentences")
    return nl.sentiment(sents, method=method)["sentiment"].fillna(0.0).to_numpy()


def _baselines(texts: list[str]) -> dict[str, np.ndarray]:
    out = {}
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    out["vaderSentiment 3.3.2"] = np.array([sia.polarity_scores(t)["compound"] for t in texts])
    try:
        from textblob import TextBlob

        out["TextBlob"] = np.array([TextBlob(t).sentiment.polarity for t in texts])
    except ImportError:  # optional baseline
        pass
    return out


def _metrics(scores: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    g = list(gold / 4.0)
    s = [float(x) for x in scores]
    return pearson(s, g), macro_f1([three_class(x) for x in g], [three_class(x) for x in s])


def _speed(all_texts: list[str]) -> dict:
    from newslens.measures.sentiment import VaderEngine, polarity_scores

    VaderEngine.vader()  # load resources outside the timing
    t_vader = _vader_seconds(all_texts)
    t0 = time.perf_counter()
    polarity_scores(all_texts)
    t_ours = time.perf_counter() - t0
    import newslens as nl

    sents = nl.as_table(pd.DataFrame({"article_id": [str(i) for i in range(len(all_texts))], "paragraph": 0, "sentence": 0, "text": all_texts}), "sentences")
    t0 = time.perf_counter()
    nl.sentiment(sents)
    t_measure = time.perf_counter() - t0
    return {"n": len(all_texts), "vader_s": t_vader, "engine_s": t_ours, "measure_s": t_measure}


def run() -> dict:
    """Score every method and baseline; return the benchmark table (see module docstring)."""
    from newslens.measures.sentiment import methods

    rows = []
    corpora = {name: load_corpus(name) for name in CORPORA}
    names = [m for m in methods.names() if m != "vader_ridge"]
    for name in ("nyt", "tweets", "movie", "amazon"):
        _, gold, texts = corpora[name]
        base = {b: _metrics(s, gold) for b, s in _baselines(texts).items()}
        ours = {m: _metrics(_newslens_scores(texts, m), gold) for m in names}
        if name == "nyt":
            cv = cross_validate(texts, gold / 4.0)
            ours["vader_ridge (5-fold CV)"] = _metrics(cv, gold)
        else:
            try:
                ours["vader_ridge"] = _metrics(_newslens_scores(texts, "vader_ridge"), gold)
            except Exception:  # model file not trained yet
                pass
        metrics = ("pearson_r", "macro_f1") if name == "nyt" else ("pearson_r",)
        for mi, metric in enumerate(metrics):
            for m, vals in ours.items():
                rows.append({
                    "dataset": f"vader_hutto2014/{CORPORA[name]}", "split": "all", "n": len(texts),
                    "metric": metric, "method": m, "newslens": round(vals[mi], 4),
                    "baselines": {b: round(v[mi], 4) for b, v in base.items()},
                    "published": PUBLISHED.get((name, metric), ""),
                })
    all_texts = [t for c in corpora.values() for t in c[2]]
    sp = _speed(all_texts)
    rows.append({
        "dataset": "vader_hutto2014 (all four files)", "split": "all", "n": sp["n"], "metric": "sentences per second",
        "method": "vader engine (polarity_scores batch)", "newslens": round(sp["n"] / sp["engine_s"], 1),
        "baselines": {"vaderSentiment 3.3.2": round(sp["n"] / sp["vader_s"], 1)},
        "detail": f"speed ratio newslens/vaderSentiment = {sp['vader_s'] / sp['engine_s']:.2f}; "
                  f"nl.sentiment on a sentences table (with evidence, DataFrame) = {sp['vader_s'] / sp['measure_s']:.2f}",
    })
    return result(
        "sentiment",
        "Sentence sentiment vs human ratings (Hutto & Gilbert 2014)",
        rows,
        notes=("Gold = mean rating / 4; 3-class cut ±0.05 on both. NaN (unreadable) scores count as 0. "
               "vader_ridge was fitted on NYT: its NYT row is 5-fold cross-validated (penalty and output scale chosen "
               "by inner CV on the training folds only); on the other corpora the shipped NYT-trained model is used."),
        tuned_on="vader/pattern: nothing tuned. vader_ridge: NYT editorial sentences (reported by 5-fold CV).",
    )


def main() -> None:
    try:
        res = run()
    except DataMissing as exc:
        print(f"skipped: {exc}")
        return
    print(f"# {res['title']}\n")
    for r in res["rows"]:
        base = ", ".join(f"{k} {v}" for k, v in r["baselines"].items())
        print(f"{r['dataset']:<45} {r['metric']:<22} {r.get('method', ''):<38} newslens {r['newslens']:<8} | {base}"
              + (f" | published: {r['published']}" if r["published"] else "") + (f" | {r['detail']}" if r.get("detail") else ""))
    print(f"\n{res['notes']}")


if __name__ == "__main__":
    main()
