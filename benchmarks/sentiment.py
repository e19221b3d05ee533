"""Sentence sentiment against human ratings: ``python -m benchmarks.sentiment``.

NYT editorial sentences (Hutto & Gilbert 2014): Pearson r with the mean human rating, and
3-class macro-F1 with gold = mean / 4 cut at ±0.05 (≥ 0.05 positive, ≤ −0.05 negative) against
the label each method gives (VADER: its score cut the same way, as in the VADER paper; the
neural model: its most probable class).  Tweets (sanity check: VADER's published r ≈ 0.88), movie and
Amazon sentences: r.  News sets (DATASETS.md §14): SemEval-2007 trial headlines (valence r),
SemEval-2017 Task 5 financial headlines (cosine similarity, the task's metric), Financial
PhraseBank (macro-F1), NewsMTSC test sentences (macro-F1 of a derived sentence label); on the
labelled sets also the calibration of the score against the label −1/0/+1 (expected calibration
error in ten bins, and the mean score beside the mean label: what a mean over sentences estimates).  Every
row says its method, whether the data is held out and what was tuned on what; the sentences/s
of every method are timed against vaderSentiment in the same run.

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

from .common import (DataMissing, calibration_error, interval_text, macro_f1, macro_f1_interval, pearson, pearson_interval,
                     result, three_class)
from .speed import _vader_seconds
from .train_sentiment import CORPORA, cross_validate, load_corpus

PUBLISHED = {  # Hutto & Gilbert (2014), Table 4, transcribed in ../shared/data/vader_hutto2014
    ("nyt", "pearson_r"): "VADER 0.492 (Hutto & Gilbert, ICWSM 2014, Table 4); one human rater 0.745",
    ("nyt", "macro_f1"): "VADER 0.55 (Hutto & Gilbert, ICWSM 2014, Table 4); one human rater 0.65",
    ("tweets", "pearson_r"): "VADER 0.881 (Hutto & Gilbert, ICWSM 2014, Table 4)",
    ("movie", "pearson_r"): "VADER 0.451 (Hutto & Gilbert, ICWSM 2014, Table 4)",
    ("amazon", "pearson_r"): "VADER 0.565 (Hutto & Gilbert, ICWSM 2014, Table 4)",
}


def _newslens(texts: list[str], method: str) -> tuple[np.ndarray, list[str]]:
    """Scores (NaN → 0) and labels that ``nl.sentiment`` gives the texts, one sentence each."""
    import newslens as nl

    sents = nl.as_table(pd.DataFrame({"article_id": [str(i) for i in range(len(texts))], "paragraph": 0, "sentence": 0, "text": texts}), "sentences")
    out = nl.sentiment(sents, method=method)
    return out["sentiment"].fillna(0.0).to_numpy(), out["label"].fillna("neutral").tolist()  # unreadable: 0, neutral


def _newslens_scores(texts: list[str], method: str) -> np.ndarray:
    return _newslens(texts, method)[0]


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


def _metrics(scores: np.ndarray, gold: np.ndarray, labels: list[str] | None = None) -> tuple[float, float]:
    """Pearson r with gold / 4, and macro-F1 of ``labels`` (default: the scores cut at ±0.05) against gold / 4 cut at ±0.05."""
    g = list(gold / 4.0)
    s = [float(x) for x in scores]
    pred = labels if labels is not None else [three_class(x) for x in s]
    return pearson(s, g), macro_f1([three_class(x) for x in g], pred, ("negative", "neutral", "positive"))


def _intervals(scores: np.ndarray, gold: np.ndarray, labels: list[str] | None = None) -> tuple[str, str]:
    """The 95% bootstrap intervals over sentences of :func:`_metrics`' two numbers, as row details."""
    g = gold / 4.0
    pred = labels if labels is not None else [three_class(float(x)) for x in scores]
    return (interval_text(pearson_interval(scores, g)),
            interval_text(macro_f1_interval([three_class(float(x)) for x in g], pred, ("negative", "neutral", "positive"))))


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
    nl.sentiment(sents, method="vader")
    t_measure = time.perf_counter() - t0
    return {"n": len(all_texts), "vader_s": t_vader, "engine_s": t_ours, "measure_s": t_measure}


NEWS_TUNED = ("trained on NewsMTSC train sentences, SEntFiN and GoodNewsEveryone headlines (not their dev parts); "
              "epoch choice and calibration on those dev parts and NewsSD-ENG val")


ENCODER_TUNED = ("sentiment encoder: all-MiniLM-L6-v2 fine-tuned on the same sentences, its head's penalty and its "
                 "epoch chosen on NewsMTSC and SEntFiN dev")
SMALL_TUNED = ENCODER_TUNED.replace("all-MiniLM-L6-v2", "the first three layers of all-MiniLM-L6-v2")


def _tuned(method: str, corpus: str) -> tuple[bool, str]:
    """``(held_out, tuned_on)`` of a method's row on a corpus."""
    if method.startswith("vader_ridge"):
        return (corpus != "nyt", "NYT editorial sentences" + (" (5-fold CV)" if corpus == "nyt" else ""))
    if method == "encoder":
        return True, ENCODER_TUNED
    if method == "combined":
        return True, NEWS_TUNED + "; small " + SMALL_TUNED + "; its stacker (a regression or the encoder head's own probabilities) chosen and fitted on NewsMTSC and SEntFiN dev sentences"
    if method in ("neural", "minilm"):
        return True, NEWS_TUNED
    return True, "nothing (lexicon and rules as published)"


def _jsonl(path) -> list[dict]:
    import json

    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def news_sets() -> dict:
    """The news evaluation sets beyond Hutto & Gilbert: ``name -> (texts, gold, kind)``.

    ``kind`` "valence" (gold on [−1, 1]: Pearson r; SemEval-2017 also cosine) or "classes"
    (gold negative/neutral/positive: macro-F1 of the label, and r of the score with −1/0/+1).
    """
    from .common import NEWSMTSC_CLASSES, dataset

    ns = dataset("news_sentiment")
    out = {}
    rows = _jsonl(ns / "semeval2007_affective_text" / "trial.jsonl")
    out["semeval2007"] = ([r["headline"] for r in rows], np.array([r["valence"] / 100.0 for r in rows]), "valence")
    rows = _jsonl(ns / "semeval2017_task5_headlines" / "train.jsonl") + _jsonl(ns / "semeval2017_task5_headlines" / "trial.jsonl")
    out["semeval2017"] = ([r["title"] for r in rows], np.array([float(r["sentiment"]) for r in rows]), "valence")
    for agree in ("allagree", "50agree"):
        rows = _jsonl(ns / "financial_phrasebank" / f"sentences_{agree}.jsonl")
        out[f"phrasebank_{agree}"] = ([r["sentence"] for r in rows], np.array([LABEL_VALUE[r["label"]] for r in rows]), "classes")
    texts, gold = [], []
    for split in ("rw_test", "mt_test"):
        for o in _jsonl(dataset("newsmtsc") / "paper_dev_test_split" / f"{split}.jsonl"):
            signs = {NEWSMTSC_CLASSES[t["polarity"]] - 1 for t in o["targets"]} - {0}
            if len(signs) <= 1:  # targets that disagree in sign give no sentence label
                texts.append(o["sentence_normalized"])
                gold.append(signs.pop() if signs else 0)
    out["newsmtsc_test"] = (texts, np.array(gold, dtype=float), "classes")
    return out


LABEL_VALUE = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}
NEWS_NAMES = {
    "semeval2007": ("SemEval-2007 Task 14 headlines", "trial", "valence r (gold valence / 100)",
                    "UPAR7 r 0.477 (Strapparava & Mihalcea 2007; NOT VERIFIED here)"),
    "semeval2017": ("SemEval-2017 Task 5 financial headlines", "train + trial", "cosine similarity",
                    "Fortia-FBK 0.745 (secondary source; NOT VERIFIED)"),
    "phrasebank_allagree": ("Financial PhraseBank (all annotators agree)", "all", "macro-F1 (label)", ""),
    "phrasebank_50agree": ("Financial PhraseBank (≥ 50 % agree)", "all", "macro-F1 (label)", ""),
    "newsmtsc_test": ("NewsMTSC sentences (targets agree in sign)", "rw_test + mt_test", "macro-F1 (label)", ""),
}


def _labels_of(scores: np.ndarray) -> list[str]:
    return [three_class(float(x)) for x in scores]


def _news_metric(name: str, scores: np.ndarray, gold: np.ndarray, labels: list[str] | None = None) -> float:
    if name == "semeval2017":
        return float(scores @ gold / (np.linalg.norm(scores) * np.linalg.norm(gold))) if np.linalg.norm(scores) else 0.0
    if NEWS_NAMES[name][2].startswith("valence"):
        return pearson(list(scores), list(gold))
    pred = labels if labels is not None else _labels_of(scores)
    return macro_f1([three_class(float(x)) for x in gold], pred, ("negative", "neutral", "positive"))


ECE = "calibration error of the score against the label −1/0/+1 (ECE, 10 bins; lower is better)"


def _news_rows(names: list[str]) -> list[dict]:
    """Each method's row on each news set; on the labelled sets also the calibration of its score
    (a score meant as the expected label should have a small ECE and a mean near the mean label)."""
    rows = []
    for name, (texts, gold, kind) in news_sets().items():
        base = _baselines(texts)
        dataset_name, split, metric, published = NEWS_NAMES[name]
        bvals = {b: round(_news_metric(name, s, gold), 4) for b, s in base.items()}
        for m in names:
            held, tuned = _tuned(m, name)
            scores, labels = _newslens(texts, m)
            row = {"dataset": dataset_name, "split": split, "n": len(texts), "method": m,
                   "held_out": held, "tuned_on": tuned, "published": published}
            rows.append({**row, "metric": metric, "newslens": round(_news_metric(name, scores, gold, labels), 4), "baselines": bvals})
            if kind == "classes":
                rows.append({**row, "metric": ECE, "newslens": round(calibration_error(scores, gold), 4), "published": "",
                             "baselines": {b: round(calibration_error(np.clip(v, -1, 1), gold), 4) for b, v in base.items()},
                             "detail": f"mean score {scores.mean():+.3f}, mean label {gold.mean():+.3f}"})
    return rows


def _method_speed(texts: list[str], names: list[str]) -> list[dict]:
    """Sentences/s of ``nl.sentiment`` per method (with evidence) and of vaderSentiment, in the same run."""
    from newslens import sentence_model

    _newslens_scores(texts[:50], names[0])  # load resources outside the timing
    t_vader = _vader_seconds(texts)
    rows = []
    for m in names:
        _newslens_scores(texts[:20], m)
        sentence_model.clear_cache()  # every sentence encoded afresh
        t0 = time.perf_counter()
        _newslens_scores(texts, m)
        sec = time.perf_counter() - t0
        rows.append({"dataset": "vader_hutto2014/nytEditorialSnippets", "split": "all", "n": len(texts),
                     "metric": "sentences per second (nl.sentiment, evidence included)", "method": m,
                     "newslens": round(len(texts) / sec, 1), "held_out": True, "tuned_on": "nothing (a timing)",
                     "baselines": {"vaderSentiment 3.3.2": round(len(texts) / t_vader, 1)},
                     "detail": f"ratio to vaderSentiment in the same run {t_vader / sec:.3f}"})
    return rows


def run() -> dict:
    """Score every method and baseline; return the benchmark table (see module docstring)."""
    from newslens.measures.sentiment import methods

    rows = []
    corpora = {name: load_corpus(name) for name in CORPORA}
    names = [m for m in methods.names() if m != "vader_ridge"]
    for name in ("nyt", "tweets", "movie", "amazon"):
        _, gold, texts = corpora[name]
        base = {b: _metrics(s, gold) for b, s in _baselines(texts).items()}
        ours, spread = {}, {}
        for m in names:
            scores, labels = _newslens(texts, m)
            ours[m] = _metrics(scores, gold, labels)
            if name == "nyt":  # the out-of-domain test of the goals: how far each number could move
                spread[m] = _intervals(scores, gold, labels)
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
                held, tuned = _tuned(m, name)
                rows.append({
                    "dataset": f"vader_hutto2014/{CORPORA[name]}", "split": "all", "n": len(texts),
                    "metric": metric, "method": m, "newslens": round(vals[mi], 4), "held_out": held, "tuned_on": tuned,
                    "baselines": {b: round(v[mi], 4) for b, v in base.items()},
                    "published": PUBLISHED.get((name, metric), ""),
                    **({"detail": spread[m][mi]} if m in spread else {}),
                })
    rows += _news_rows(names)
    rows += _method_speed(corpora["nyt"][2], names)
    all_texts = [t for c in corpora.values() for t in c[2]]
    sp = _speed(all_texts)
    rows.append({
        "dataset": "vader_hutto2014 (all four files)", "split": "all", "n": sp["n"], "metric": "sentences per second",
        "method": "vader engine (polarity_scores batch)", "newslens": round(sp["n"] / sp["engine_s"], 1),
        "held_out": True, "tuned_on": "nothing (a timing)",
        "baselines": {"vaderSentiment 3.3.2": round(sp["n"] / sp["vader_s"], 1)},
        "detail": f"speed ratio newslens/vaderSentiment = {sp['vader_s'] / sp['engine_s']:.2f}; "
                  f"nl.sentiment(method='vader') on a sentences table (with evidence, DataFrame) = {sp['vader_s'] / sp['measure_s']:.2f}",
    })
    return result(
        "sentiment",
        "Sentence sentiment vs human ratings (Hutto & Gilbert 2014) and news sentiment sets",
        rows,
        notes=("Hutto & Gilbert: gold = mean rating / 4 cut at ±0.05; predicted class = the label nl.sentiment gives "
               "(VADER, pattern: the score cut at ±0.05, as in the VADER paper; neural: its most probable class). "
               "NaN (unreadable) scores count as 0. "
               "vader_ridge was fitted on NYT: its NYT row is 5-fold cross-validated (penalty and output scale chosen "
               "by inner CV on the training folds only); on the other corpora the shipped NYT-trained model is used. "
               "News sets: the same predicted class; SemEval-2017 scores the whole "
               "headline (not the company); NewsMTSC sentence gold = the sign of its non-neutral targets, sentences whose "
               "targets disagree in sign left out. Calibration (ECE): the size-weighted mean gap between the mean score and "
               "the mean label (−1/0/+1) in ten equal bins of the score; the baselines' scores clipped to [−1, 1]. "
               "The learned methods never saw the VADER corpora, Financial "
               "PhraseBank, SemEval-2007/2017 or the NewsMTSC test files."),
        tuned_on="vader/pattern: nothing tuned. vader_ridge: NYT editorial sentences (reported by 5-fold CV). "
                 "neural: " + NEWS_TUNED + ". encoder: " + ENCODER_TUNED + ". combined: neural, the small " + SMALL_TUNED + ", and its stacker (a regression or "
                 "the encoder head's own probabilities) chosen and fitted on NewsMTSC and SEntFiN dev sentences (lexicons/sentiment_stack.md).",
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
