"""Sentence opinion (subjectivity) in news: ``python -m benchmarks subjectivity``.

NewsSD-ENG (Antici et al. 2024; CC BY 4.0): news sentences labelled SUBJ (the writer's opinion,
speculation, sarcasm, exhortation) or OBJ.  The reported figure is macro-F1 over the two classes
on the **test** split (219 sentences), which no step of training or calibration read; the val
split (99) was used to choose the epoch and calibrate, so its row is development data.

Methods and baselines in the same rows:

* ``neural`` — :func:`newslens.sentence_model.opinion_scores`, opinion when p ≥ 0.5;
* ``TF-IDF + LR`` — word unigrams and bigrams, logistic regression (L2, C = 1, balanced class
  weights), fitted on the train split;
* ``VADER strength`` — opinion when VADER's abs(compound) ≥ a cut chosen on the train split
  (tone as a stand-in for opinion);
* ``MPQA clues`` — opinion when ``2·strong + weak`` subjectivity clues (Wilson et al. 2005; GPL,
  read from ``../shared`` for comparison only, never shipped) reach a cut chosen on train;
* majority class (OBJ).
"""
from __future__ import annotations

import json
import math
import re
import time
from collections import Counter

import numpy as np

from .common import dataset, macro_f1, result

TITLE = "Sentence opinion (subjectivity) in news (NewsSD-ENG)"
PUBLISHED = "TF-IDF + LR 0.55, SBERT + LR 0.69, mBERT 0.69–0.79 (NewsSD-ENG README, test macro-F1)"
_TOKEN = re.compile(r"[a-z0-9']+")


def read(split: str) -> tuple[list[str], list[int]]:
    path = dataset("subjectivity") / "newssd_eng" / f"{split}.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [r["sentence"].strip() for r in rows], [int(r["label"] == "SUBJ") for r in rows]


def _f1(gold, pred) -> float:
    return round(macro_f1(gold, [int(p) for p in pred], (0, 1)), 4)


# ---------------------------------------------------------------- baselines
def _grams(text: str) -> list[str]:
    toks = _TOKEN.findall(text.lower())
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]


def tfidf_lr(train_x, train_y, test_x, *, c: float = 1.0, iters: int = 300) -> np.ndarray:
    """TF-IDF (unigrams + bigrams, sublinear tf, l2-normalised rows) and an L2 logistic regression (Newton steps)."""
    df = Counter(g for t in train_x for g in set(_grams(t)))
    vocab = {g: i for i, g in enumerate(sorted(df))}
    n = len(train_x)
    idf = np.array([math.log((1 + n) / (1 + df[g])) + 1 for g in sorted(df)])

    def matrix(texts):
        m = np.zeros((len(texts), len(vocab)))
        for r, t in enumerate(texts):
            for g, k in Counter(_grams(t)).items():
                if g in vocab:
                    m[r, vocab[g]] = (1 + math.log(k)) * idf[vocab[g]]
        norm = np.linalg.norm(m, axis=1, keepdims=True)
        return m / np.where(norm > 0, norm, 1)

    from scipy.optimize import minimize

    X, y = matrix(train_x), np.asarray(train_y, dtype=float)
    cw = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))  # balanced class weights

    def loss(wb):  # scikit-learn's objective, class_weight="balanced": C · Σ weight · log-loss + ½‖w‖²
        w, b = wb[:-1], wb[-1]
        z = X @ w + b
        p = 1 / (1 + np.exp(-z))
        ll = np.sum(cw * (np.logaddexp(0, z) - y * z))
        g = X.T @ (cw * (p - y))
        return c * ll + 0.5 * w @ w, np.append(c * g + w, c * float((cw * (p - y)).sum()))

    wb = minimize(loss, np.zeros(X.shape[1] + 1), jac=True, method="L-BFGS-B", options={"maxiter": iters}).x
    return 1 / (1 + np.exp(-(matrix(test_x) @ wb[:-1] + wb[-1])))


def _best_cut(scores, gold) -> float:
    cuts = sorted(set(np.round(scores, 3)))
    return max(cuts, key=lambda c: macro_f1(gold, [int(s >= c) for s in scores], (0, 1)))


def vader_strength(texts) -> np.ndarray:
    from newslens.measures.sentiment import polarity_scores

    return np.array([abs(d["compound"]) for d in polarity_scores(texts, method="vader")])


def mpqa_clues(texts) -> np.ndarray | None:
    try:
        path = dataset("subjectivity") / "mpqa_subjectivity_lexicon" / "subjclues.jsonl"
    except Exception:
        return None
    if not path.exists():
        return None
    strength: dict[str, int] = {}
    for line in path.read_text("utf-8").splitlines():
        o = json.loads(line)
        w = o["word1"].lower()
        strength[w] = max(strength.get(w, 0), 2 if o["type"] == "strongsubj" else 1)
    return np.array([sum(strength.get(t, 0) for t in _TOKEN.findall(s.lower())) for s in texts], dtype=float)


def run() -> dict:
    from newslens.sentence_model import clear_cache, model_info, opinion_scores

    tr_x, tr_y = read("train")
    va_x, va_y = read("val")
    te_x, te_y = read("test")
    rows = []
    clear_cache()
    t0 = time.perf_counter()
    p_test = np.nan_to_num(np.array([p for p, _ in opinion_scores(te_x)]), nan=0.0)  # no English to read: not opinion
    sec = time.perf_counter() - t0
    p_val = np.nan_to_num(np.array([p for p, _ in opinion_scores(va_x)]), nan=0.0)
    base_test = {"TF-IDF + LR (train)": _f1(te_y, tfidf_lr(tr_x, tr_y, te_x) >= 0.5),
                 "majority (OBJ)": _f1(te_y, [0] * len(te_y))}
    base_val = {"TF-IDF + LR (train)": _f1(va_y, tfidf_lr(tr_x, tr_y, va_x) >= 0.5), "majority (OBJ)": _f1(va_y, [0] * len(va_y))}
    v_tr, v_te, v_va = vader_strength(tr_x), vader_strength(te_x), vader_strength(va_x)
    cut = _best_cut(v_tr, tr_y)
    base_test[f"VADER abs(compound) ≥ {cut:g} (cut on train)"] = _f1(te_y, v_te >= cut)
    base_val[f"VADER abs(compound) ≥ {cut:g} (cut on train)"] = _f1(va_y, v_va >= cut)
    m_tr, m_te, m_va = mpqa_clues(tr_x), mpqa_clues(te_x), mpqa_clues(va_x)
    if m_tr is not None:
        cut = _best_cut(m_tr, tr_y)
        base_test[f"MPQA clues 2·strong+weak ≥ {cut:g} (cut on train; GPL, not shipped)"] = _f1(te_y, m_te >= cut)
        base_val[f"MPQA clues 2·strong+weak ≥ {cut:g} (cut on train; GPL, not shipped)"] = _f1(va_y, m_va >= cut)
    meta = model_info()
    rows.append({"dataset": "NewsSD-ENG", "split": "test", "n": len(te_y), "metric": "macro-F1 (opinion when p ≥ 0.5)",
                 "method": "neural (sentence_model)", "newslens": _f1(te_y, p_test >= 0.5), "held_out": True,
                 "tuned_on": "nothing on test; trained on NewsSD-ENG train (+ sentiment data), epoch and Platt calibration on val",
                 "baselines": base_test, "published": PUBLISHED,
                 "detail": f"mean p {p_test.mean():.3f} vs share SUBJ {np.mean(te_y):.3f}; {len(te_x) / sec:,.0f} sentences/s with evidence"})
    rows.append({"dataset": "NewsSD-ENG", "split": "val (development)", "n": len(va_y), "metric": "macro-F1 (opinion when p ≥ 0.5)",
                 "method": "neural (sentence_model)", "newslens": _f1(va_y, p_val >= 0.5), "held_out": False,
                 "tuned_on": "epoch choice and Platt calibration", "baselines": base_val,
                 "detail": f"model json records {meta.get('dev_int8_calibrated', {}).get('newssd_val', {})}"})
    brier = float(np.mean((p_test - np.asarray(te_y)) ** 2))
    rows.append({"dataset": "NewsSD-ENG", "split": "test", "n": len(te_y), "metric": "Brier score (lower is better)",
                 "method": "neural (sentence_model)", "newslens": round(brier, 4), "held_out": True,
                 "tuned_on": "Platt calibration on val", "baselines": {"constant share SUBJ of train": round(float(np.mean((np.mean(tr_y) - np.asarray(te_y)) ** 2)), 4)}})
    return result("subjectivity", TITLE, rows,
                  notes="SUBJ = the writer's opinion; macro-F1 over SUBJ and OBJ. Baselines are fitted or cut on the train split only.",
                  tuned_on="neural: trained on NewsSD-ENG train, epoch and calibration on val; baselines: train split.")


def main() -> None:
    res = run()
    print(f"# {res['title']}\n")
    for r in res["rows"]:
        base = ", ".join(f"{k} {v}" for k, v in r["baselines"].items())
        print(f"{r['split']:<18} {r['metric']:<34} {r['method']:<24} newslens {r['newslens']:<7} | {base} | {r.get('detail', '')}")


if __name__ == "__main__":
    main()
