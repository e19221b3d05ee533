"""Train the lexical opinion scorer shipped as ``newslens/lexicons/opinion_lexical.json``.

Data: NewsSD-ENG (Antici et al. 2024, the English data of CheckThat! 2023 task 2; CC BY 4.0):
``train.jsonl`` + ``val.jsonl`` sentences labelled SUBJ (the writer's opinion) or OBJ.  The test
file is never read here (``python -m benchmarks sourcing`` scores it).

Recipe (CPU, numpy + scipy, seconds):

* features of a sentence: :func:`newslens.opinion.features` (counts of published hedge, weasel
  and filler words, pronouns, modals, connectives, stance adverbials, VADER evaluative words,
  boosters and negations, punctuation, quotation and attribution cues, numbers, time words,
  capitalisation, length …), standardised; plus, when ``stem_scale`` > 0, the sentence's word
  stems seen in at least ``MIN_DF`` training sentences, ``(1 + log count) * idf`` scaled to unit
  length and multiplied by ``stem_scale``;
* a class-balanced L2 logistic regression (``benchmarks.train_frames.fit_binary``);
* ``C`` and ``stem_scale`` chosen on a blocked ``FOLDS``-fold cross-validation over train + val
  (contiguous blocks, so the sentences of one article stay in one fold), by macro-F1 of the
  out-of-fold predictions at their best threshold; the threshold is the probability cut that
  maximises macro-F1 on the chosen recipe's out-of-fold probabilities; the model is then refitted
  on all train + val sentences.

The TF-IDF + logistic-regression baseline of the benchmark (stems only, ``C`` from the same
cross-validation) is :func:`fit_tfidf_baseline`.

    python -m benchmarks.train_opinion        # choose, fit, write the model and its card
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date

import numpy as np
import scipy.sparse as sp

from benchmarks.common import ROOT, dataset, macro_f1
from benchmarks.train_frames import fit_binary

OUT = ROOT / "newslens" / "lexicons" / "opinion_lexical.json"
CARD = ROOT / "newslens" / "lexicons" / "opinion_lexical.md"
RESULTS = ROOT / "benchmarks" / "results" / "sourcing.json"
NAME, VERSION = "opinion_lexical", "1.0"
HYPERPARAMETERS = {"C_grid": [0.03, 0.1, 0.3, 1.0], "stem_scale_grid": [0.0, 1.0, 3.0, 10.0], "min_df": 2, "folds": 5,
                   "class_weight": "balanced", "selection": "blocked CV over train + val, macro-F1 at the best threshold"}
"""The recipe's settings: ``python -m benchmarks.train_opinion`` uses exactly these (a test checks
that the shipped model recorded the same)."""
MIN_DF = HYPERPARAMETERS["min_df"]
FOLDS = HYPERPARAMETERS["folds"]


# ---------------------------------------------------------------- data
def read_newssd(split: str) -> list[tuple[str, int]]:
    """``(sentence, 1 if SUBJ else 0)`` of a NewsSD-ENG split (``train``, ``val`` or ``test``)."""
    path = dataset("subjectivity") / "newssd_eng" / f"{split}.jsonl"
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [(r["sentence"].strip(), int(r["label"] == "SUBJ")) for r in rows]


def read_babe_opinion() -> dict[str, list[tuple[str, int]]]:
    """BABE's sentences labelled "Expresses writer's opinion" (1) or "Entirely factual" (0), in two halves by outlet.

    BABE (Spinde et al. 2021; AGPL-3.0: for evaluation, never for training) is news from other
    outlets, labelled by another group with another guideline than NewsSD-ENG.  Its outlets,
    largest first, alternate between ``"development"`` (used to choose the default opinion scorer)
    and ``"held-out"`` (only reported); "somewhat factual" and disagreed sentences are left out.
    """
    import csv

    path = dataset("babe") / "final_labels_SG2.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter=";")
                if r["label_opinion"] == "Entirely factual" or r["label_opinion"].startswith("Expresses")]
    order = [o for o, _ in Counter(r["outlet"] for r in rows).most_common()]
    half = {o: ("development", "held-out")[k % 2] for k, o in enumerate(order)}
    out: dict[str, list[tuple[str, int]]] = {"development": [], "held-out": []}
    for r in rows:
        out[half[r["outlet"]]].append((r["text"].strip(), int(r["label_opinion"] != "Entirely factual")))
    return out


def scorer_labels(name: str, texts: list[str]) -> list[int]:
    """1 where the registered opinion scorer ``name`` reaches its threshold, else 0 (also where it cannot read)."""
    from newslens.opinion import scorers, threshold_of

    scorer = scorers.get(name)
    t = threshold_of(scorer)
    return [int(p == p and p >= t) for p, _ in scorer(texts, evidence=False)]


def blocks(n: int, k: int = FOLDS) -> np.ndarray:
    """Fold of each of ``n`` rows in file order: ``k`` contiguous blocks (articles stay together)."""
    return (np.arange(n) * k) // n


# ---------------------------------------------------------------- features
def lexical_matrix(texts: list[str]) -> np.ndarray:
    from newslens.opinion import features

    return np.array([features(t)[0] for t in texts], dtype=np.float64)


def stem_counts(texts: list[str]) -> list[Counter]:
    from newslens.opinion import stem_terms

    return [Counter(s for s, _, _ in stem_terms(t)) for t in texts]


def vocabulary(counts: list[Counter]) -> tuple[list[str], np.ndarray]:
    """Stems in at least ``MIN_DF`` of the sentences, and their smoothed idf."""
    df = Counter(k for c in counts for k in c)
    vocab = sorted(k for k, n in df.items() if n >= MIN_DF)
    n = len(counts)
    return vocab, np.array([np.log((1 + n) / (1 + df[k])) + 1.0 for k in vocab])


def stem_matrix(counts: list[Counter], vocab: list[str], idf: np.ndarray, scale: float) -> sp.csr_matrix:
    """Unit-length ``(1 + log tf) * idf`` rows times ``scale`` (the runtime's ``stem_vector``)."""
    index = {w: i for i, w in enumerate(vocab)}
    r, c, v = [], [], []
    for i, cnt in enumerate(counts):
        cols = [index[k] for k in cnt if k in index]
        if not cols:
            continue
        vals = np.array([(1.0 + np.log(cnt[vocab[j]])) * idf[j] for j in cols])
        vals = vals / np.sqrt(vals @ vals) * scale
        r += [i] * len(cols)
        c += cols
        v += vals.tolist()
    return sp.csr_matrix((v, (r, c)), shape=(len(counts), len(vocab)))


def fit(lex: np.ndarray, counts: list[Counter], y: np.ndarray, C: float, stem_scale: float) -> dict:
    """One fitted model (the runtime's format) on the given sentences."""
    mean, scale = lex.mean(0), lex.std(0) + 1e-9
    parts = [sp.csr_matrix((lex - mean) / scale)]
    vocab, idf = vocabulary(counts) if stem_scale else ([], np.zeros(0))
    if stem_scale:
        parts.append(stem_matrix(counts, vocab, idf, stem_scale))
    w, b = fit_binary(sp.hstack(parts).tocsr(), y.astype(float), C)
    nf = lex.shape[1]
    return {"mean": mean, "scale": scale, "weights": w[:nf], "bias": b, "vocab": vocab, "idf": idf,
            "stem_weights": w[nf:], "stem_scale": stem_scale}


def predict(model: dict, lex: np.ndarray, counts: list[Counter]) -> np.ndarray:
    z = ((lex - model["mean"]) / model["scale"]) @ model["weights"] + model["bias"]
    if model["stem_scale"]:
        z = z + stem_matrix(counts, model["vocab"], model["idf"], model["stem_scale"]) @ model["stem_weights"]
    return 1.0 / (1.0 + np.exp(-z))


def best_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """``(threshold, macro-F1)``: the probability cut maximising macro-F1 (ties: nearest 0.5)."""
    best = (-1.0, 0.5)
    for t in np.unique(np.round(p, 4)):
        f = macro_f1(list(y), list((p >= t).astype(int)), [0, 1])
        if f > best[0] + 1e-12 or (abs(f - best[0]) <= 1e-12 and abs(t - 0.5) < abs(best[1] - 0.5)):
            best = (f, float(t))
    return best[1], best[0]


def out_of_fold(lex, counts, y, C, stem_scale) -> np.ndarray:
    part = blocks(len(y))
    oof = np.zeros(len(y))
    for k in range(FOLDS):
        tr, te = np.flatnonzero(part != k), np.flatnonzero(part == k)
        m = fit(lex[tr], [counts[i] for i in tr], y[tr], C, stem_scale)
        oof[te] = predict(m, lex[te], [counts[i] for i in te])
    return oof


def choose(lex, counts, y) -> dict:
    """The grid's blocked-CV scores and the chosen ``(C, stem_scale)``."""
    grid = {}
    for C in HYPERPARAMETERS["C_grid"]:
        for s in HYPERPARAMETERS["stem_scale_grid"]:
            oof = out_of_fold(lex, counts, y, C, s)
            t, f = best_threshold(oof, y)
            grid[f"C={C} stem_scale={s}"] = {"C": C, "stem_scale": s, "macro_f1": round(f, 4), "threshold": round(t, 4)}
    best = max(grid.values(), key=lambda g: (g["macro_f1"], -g["stem_scale"], -g["C"]))
    return {"grid": grid, "best": best}


# ---------------------------------------------------------------- the baseline of the benchmark
def fit_tfidf_baseline(texts: list[str], y: np.ndarray) -> tuple[dict, dict]:
    """TF-IDF (stems) + logistic regression: ``C`` by the same blocked CV, threshold 0.5
    (balanced classes).  Returns ``(model, cv scores by C)``."""
    counts = stem_counts(texts)
    empty = np.zeros((len(texts), 0))
    scores = {}
    for C in HYPERPARAMETERS["C_grid"]:
        oof = out_of_fold(empty, counts, y, C, 1.0)
        scores[C] = macro_f1(list(y), list((oof >= 0.5).astype(int)), [0, 1])
    C = max(scores, key=scores.get)
    return fit(empty, counts, y, C, 1.0) | {"C": C}, scores


def predict_tfidf_baseline(model: dict, texts: list[str]) -> np.ndarray:
    return predict(model, np.zeros((len(texts), 0)), stem_counts(texts))


# ---------------------------------------------------------------- writing
def write(model: dict, meta: dict) -> None:
    from newslens.opinion import FEATURES

    out = {
        "_meta": meta,
        "features": list(FEATURES),
        "mean": [round(float(x), 6) for x in model["mean"]],
        "scale": [round(float(x), 6) for x in model["scale"]],
        "weights": [round(float(x), 6) for x in model["weights"]],
        "bias": round(float(model["bias"]), 6),
        "threshold": meta["threshold"],
        "stem_scale": model["stem_scale"],
        "vocab": model["vocab"],
        "idf": [round(float(x), 5) for x in model["idf"]],
        "stem_weights": [round(float(x), 5) for x in model["stem_weights"]],
    }
    OUT.write_text(json.dumps(out, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


def _test_rows() -> list[dict]:
    if not RESULTS.exists():
        return []
    return [r for r in json.loads(RESULTS.read_text("utf-8"))["rows"] if r["dataset"].startswith("NewsSD-ENG")]


def write_card():
    """Render ``opinion_lexical.md`` from the model file and ``benchmarks/results/sourcing.json``."""
    meta = json.loads(OUT.read_text("utf-8"))["_meta"]
    from newslens.opinion import FEATURES

    raw = json.loads(OUT.read_text("utf-8"))
    top = sorted(zip(FEATURES, raw["weights"]), key=lambda t: -abs(t[1]))[:8]
    rows = _test_rows()
    table = "\n".join(
        f"  | {r['metric']} | {r['method']} | {r['n']} | {r['newslens']:.3f} | "
        + ", ".join(f"{k} {v:.3f}" for k, v in r.get("baselines", {}).items()) + f" | {'yes' if r['held_out'] else 'no'} |"
        for r in rows) or "  | (run `python -m benchmarks sourcing`) | | | | | |"
    best = meta["chosen"]
    text = f"""# {NAME} — model card

*Generated by `python -m benchmarks.train_opinion` / `python -m benchmarks --render` from `{OUT.name}` and
`benchmarks/results/sourcing.json`; do not edit by hand.*

* **Name / version:** {NAME} {meta['version']} (`{OUT.name}`), the opinion scorer `"lexical"` of `newslens.opinion`,
  one of the scorers `nl.sourcing(opinion=...)` can use to call an unattributed sentence commentary (which one is the
  default, and why, is said in `opinion_stack.md`).
* **What it is:** a class-balanced logistic regression (L2 penalty C, larger = stronger) over {len(FEATURES)} features of a sentence that come from
  published word lists and grammar (`lexicons/opinion_cues.json`: hedges, weasel and filler words of Titus Wormer's
  MIT lists; pronouns, modals, connectives and stance adverbials written from standard grammars; VADER's evaluative
  words, boosters, dampeners and negations from the vaderSentiment package; punctuation, quotation and attribution
  cues, numbers, time words, capitalisation, length){' plus word stems (tf-idf, scale ' + str(best['stem_scale']) + ', ' + str(len(raw['vocab'])) + ' stems)' if best['stem_scale'] else ''}.
  Probability of opinion = the logistic output; a sentence is opinion from {meta['threshold']:.3f} on.
  Runtime: the JSON file, numpy and the word lists; no model download.
* **Training data:** NewsSD-ENG (Antici et al. 2024; CheckThat! 2023 task 2 English train and dev; CC BY 4.0):
  {meta['n_train']} train + validation sentences ({meta['n_subj']} SUBJ). The test file is never read by the training script.
* **Recipe chosen on train + validation only:** blocked {FOLDS}-fold cross-validation (contiguous blocks, so an
  article's sentences stay in one fold) over the L2 penalty C ∈ {HYPERPARAMETERS['C_grid']} and stem scale ∈
  {HYPERPARAMETERS['stem_scale_grid']}: chosen C = {best['C']}, stem scale = {best['stem_scale']} (out-of-fold macro-F1
  {best['macro_f1']:.3f}); threshold = the macro-F1-optimal cut of the chosen recipe's out-of-fold probabilities.
* **Strongest features (weight on the standardised value):** {", ".join(f"{f} {w:+.2f}" for f, w in top)}.
* **Scores on NewsSD-ENG test** (from `benchmarks/results/sourcing.json`):

  | metric | method | n | newslens | baselines | held out |
  |---|---|---|---|---|---|
{table}

* **Licence:** weights MIT (newslens), trained on CC BY 4.0 data (cite Antici et al. 2024); word lists as stated in
  `opinion_cues.json`.
* **Evidence:** each word that counted toward a feature gets its share of that feature's contribution to the log-odds
  (and each stem its own contribution); positive weights push toward opinion.
* **Limits:** 830 training sentences from a few dozen opinionated web articles; a word list cannot see sarcasm,
  rhetorical framing or evaluation carried by facts chosen. News-subjectivity labels are themselves noisy (the
  annotators disagreed on {meta.get('n_conflict', 'some')} training sentences). English only.
* **Trained:** {meta['date']}.
"""
    CARD.write_text(text, encoding="utf-8")
    return CARD


def main() -> int:
    rows = read_newssd("train") + read_newssd("val")
    texts = [t for t, _ in rows]
    y = np.array([g for _, g in rows])
    lex, counts = lexical_matrix(texts), stem_counts(texts)
    sel = choose(lex, counts, y)
    best = sel["best"]
    oof = out_of_fold(lex, counts, y, best["C"], best["stem_scale"])
    threshold, f = best_threshold(oof, y)
    model = fit(lex, counts, y, best["C"], best["stem_scale"])
    with open(dataset("subjectivity") / "newssd_eng" / "train.jsonl", encoding="utf-8") as fh:
        conflicts = sum(json.loads(line).get("solved_conflict") == "True" for line in fh if line.strip())
    meta = {
        "name": NAME, "version": VERSION,
        "source": "trained for newslens by benchmarks/train_opinion.py",
        "licence": "MIT (weights: newslens); training data NewsSD-ENG, CC BY 4.0 (Antici et al. 2024)",
        "training_data": "NewsSD-ENG train.jsonl + val.jsonl (test never read)",
        "hyperparameters": HYPERPARAMETERS,
        "chosen": best, "threshold": round(threshold, 4), "cv_macro_f1_at_threshold": round(f, 4),
        "grid": sel["grid"], "n_train": int(len(y)), "n_subj": int(y.sum()), "n_conflict": int(conflicts),
        "date": date.today().isoformat(),
    }
    write(model, meta)
    write_card()
    print(json.dumps({k: meta[k] for k in ("chosen", "threshold", "cv_macro_f1_at_threshold")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
