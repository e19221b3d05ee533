"""Train the stance model shipped as ``newslens/lexicons/stance_model.json``.

Data: NewsMTSC ``train.jsonl`` only (``../shared/data/newsmtsc``).  The regularisation strength
is chosen on the paper dev files (``rw_dev.jsonl`` + ``mt_dev.jsonl``); the test files are never
read here.  CPU only, a minute or so: a multinomial logistic regression (L2, fitted with scipy's
L-BFGS) over the target-relative features of ``newslens.measures.stance._features``.

    python -m benchmarks.train_stance
"""
from __future__ import annotations

import json
import time
from collections import Counter

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

from benchmarks.common import ROOT, accuracy, dataset, macro_f1
from benchmarks.common import read_newsmtsc as read
from newslens.measures.stance import LABELS, _features

OUT = ROOT / "newslens" / "lexicons" / "stance_model.json"
CARD = ROOT / "newslens" / "lexicons" / "stance_model.md"
MIN_COUNT = 3
C_GRID = (3e-3, 1e-2)
HYPERPARAMETERS = {"min_count": MIN_COUNT, "C_grid": list(C_GRID), "maxiter": 400}
"""What ``python -m benchmarks.train_stance`` runs with (recorded in the model file; a test compares)."""


def featurize(rows, vocab=None):
    feats = [_features(s, a, b)[1] for s, a, b, _ in rows]
    if vocab is None:
        counts = Counter(name for f in feats for name in {n for n, _, _ in f})
        vocab = {k: i for i, k in enumerate(sorted(k for k, n in counts.items() if n >= MIN_COUNT))}
    r, c, v = [], [], []
    for i, f in enumerate(feats):
        acc: dict[int, float] = {}
        for name, x, _ in f:
            j = vocab.get(name)
            if j is not None:
                acc[j] = acc.get(j, 0.0) + x
        for j, x in acc.items():
            r.append(i)
            c.append(j)
            v.append(x)
    return sp.csr_matrix((v, (r, c)), shape=(len(rows), len(vocab))), vocab


def fit(X, y, C: float):
    n, d = X.shape
    K = 3
    Y = np.eye(K)[y]

    def fg(w):
        W = w[: d * K].reshape(d, K)
        b = w[d * K:]
        Z = X @ W + b
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        loss = -np.sum(Y * np.log(P + 1e-12)) / n + 0.5 * C * np.sum(W * W)
        G = (P - Y) / n
        return loss, np.concatenate([(X.T @ G + C * W).ravel(), G.sum(0)])

    res = minimize(fg, np.zeros(d * K + K), jac=True, method="L-BFGS-B", options={"maxiter": 400})
    return res.x[: d * K].reshape(d, K), res.x[d * K:]


def evaluate(W, b, X, y) -> tuple[float, float]:
    pred = list((X @ W + b).argmax(1))
    gold = list(y)
    return macro_f1(gold, pred, [0, 1, 2]), accuracy(gold, pred)


def main() -> dict:
    t0 = time.time()
    base = dataset("newsmtsc")
    train = read(base / "train.jsonl")
    dev = {n: read(base / "paper_dev_test_split" / f"{n}_dev.jsonl") for n in ("rw", "mt")}
    X, vocab = featurize(train)
    y = np.array([r[3] for r in train])
    Xd = {n: featurize(rows, vocab)[0] for n, rows in dev.items()}
    yd = {n: np.array([r[3] for r in rows]) for n, rows in dev.items()}
    best = None
    scores = {}
    for C in C_GRID:
        W, b = fit(X, y, C)
        s = {n: evaluate(W, b, Xd[n], yd[n]) for n in dev}
        scores[C] = s
        key = s["rw"][0] + s["mt"][0]
        if best is None or key > best[0]:
            best = (key, C, W, b)
    _, C, W, b = best
    inv = sorted(vocab, key=vocab.get)
    weights = {name: [round(float(x), 4) for x in W[i]] for i, name in enumerate(inv) if np.abs(W[i]).max() >= 5e-4}
    model = {
        "_meta": {
            "name": "stance_model",
            "version": "1.0",
            "source": "trained for newslens by benchmarks/train_stance.py on NewsMTSC train.jsonl (Hamborg & Donnay 2021)",
            "licence": "MIT (weights: newslens; training data: NewsMTSC repository, MIT)",
            "classes": list(LABELS),
            "C": C,
            "hyperparameters": HYPERPARAMETERS,
            "dev_macro_f1": {n: round(scores[C][n][0], 4) for n in dev},
            "dev_accuracy": {n: round(scores[C][n][1], 4) for n in dev},
            "n_train": len(train),
            "n_features": len(weights),
        },
        "bias": [round(float(x), 4) for x in b],
        "evidence_top": 8,
        "weights": weights,
    }
    OUT.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    return {"C": C, "grid": {str(k): v for k, v in scores.items()}, "n_features": len(weights), "seconds": round(time.time() - t0, 1)}


def write_card():
    """Render ``stance_model.md`` from ``stance_model.json`` and ``benchmarks/results/stance.json``."""
    meta = json.loads(OUT.read_text("utf-8"))["_meta"]
    path = ROOT / "benchmarks" / "results" / "stance.json"
    rows = [r for r in json.loads(path.read_text("utf-8"))["rows"] if str(r.get("method", "")).startswith("learned")] if path.exists() else []
    test = "\n".join(
        f"  | {r['split']} ({r['n']}) | {r['metric']} | {r['newslens']:.3f} | "
        + ", ".join(f"{k} {v:.3f}" for k, v in r.get("baselines", {}).items()) + f" | {r.get('published', '')} |"
        for r in rows) or "  | (run `python -m benchmarks stance`) | | | | |"
    text = f"""# stance_model — model card

*Generated by `python -m benchmarks --render` from `stance_model.json` and `benchmarks/results/stance.json`; do not
edit by hand.*

* **Name / version:** {meta['name']} {meta['version']} (`stance_model.json`), used by `nl.stance(method="learned")` and, for the mentions it is sure of, by the default `method="hybrid"`.
* **What it is:** a multinomial logistic regression (classes {" / ".join(meta['classes'])}, L2-regularised, C =
  {meta['C']}, fitted with scipy L-BFGS on CPU) over {meta['n_features']} target-relative features of one mention in one
  sentence: the sentence's words, words by side of the mention and distance bucket, words of the mention's clause,
  word bigrams, VADER valences (with negation) in the sentence and clause, and the cues of the transparent `rules`
  method. Mention words themselves are excluded. Runtime needs only the JSON file (pure Python).
* **Training data:** NewsMTSC `train.jsonl` only ({meta['n_train']} targets; Hamborg & Donnay, EACL 2021; repository
  licence MIT). C chosen from {meta.get('hyperparameters', {}).get('C_grid', 'a small grid')} on the paper dev files
  `rw_dev.jsonl` + `mt_dev.jsonl` (dev macro-F1 rw {meta['dev_macro_f1']['rw']:.3f}, mt {meta['dev_macro_f1']['mt']:.3f}).
  The test files are never read by `benchmarks/train_stance.py` (`python -m benchmarks.train_stance` reproduces the model).
* **Licence:** {meta['licence']}.
* **Test scores** (from `benchmarks/results/stance.json`; held out):

  | split (n) | metric | learned | baselines | published best |
  |---|---|---|---|---|
{test}

* **Evidence:** each score lists the words that pushed it, with `valence` = the word's contribution to (positive −
  negative) logit and `role` = the feature group (sentence, clause, near L1/R1 …, cue).
* **Limits:** a bag-of-words model: it does not parse, so it misses structure the rules catch (`nl.stance` lets the
  rules decide when they find a possessor-agent cue, tuned on the dev files); it learned from US political news about
  persons (2014–2020 outlets), and may be unreliable on other topics, on organisations and countries, and on
  non-English text. Words typical of one side of politics can carry weight learned from that training data.
"""
    CARD.write_text(text, encoding="utf-8")
    return CARD


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
    write_card()
