"""Train the generic-frames model shipped as ``newslens/lexicons/frames_generic_model.json``.

Data: Frermann, Li, Khanehzar & Mikolajczak (ACL 2023) narrative frames, 428 climate-change
articles (``../shared/data/narrative_frames_frermann2023``, from phenixace/narrative-framing, MIT).

Recipe (CPU only, numpy + scipy; scikit-learn is not used):

* features of an article: its word stems (``newslens.measures.frames.model_terms``: the shared
  tokenizer + Snowball stems) kept when they occur in at least ``MIN_DF`` training articles,
  valued ``(1 + log count) * idf`` and scaled to unit length; plus the generic dictionary's cue
  densities (cues per 1,000 words), ``log1p(density) * dict_scale``, one per frame;
* one L2-regularised logistic regression per frame (one-vs-rest, classes weighted to balance,
  strength ``C``), fitted with scipy's L-BFGS;
* ``C`` and ``dict_scale`` are chosen from ``GRID`` by macro-F1 of out-of-fold probabilities of an
  inner ``INNER``-fold split of the training articles (:func:`choose_recipe`) — never on test ids;
* the probability threshold of each frame maximises F1 on out-of-fold probabilities of the
  inner split; the model is then refitted on all the training articles.

Evaluation (:func:`cross_validate`, also run by ``python -m benchmarks.frames``): the paper's five
folds; for each fold the whole recipe — the grid choice included — sees only that fold's train +
dev ids and is scored on its test ids; F1 is averaged over the folds.

The SHIPPED model is the same recipe (grid choice included) fitted on all 428 articles (every
fold's train, dev and test ids): its card says so, and the numbers it reports are the 5-fold
figures of the recipe.

    python -m benchmarks.train_frames          # cross-validate, train on all, write model + card
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

from benchmarks.common import ROOT, binary_f1

OUT = ROOT / "newslens" / "lexicons" / "frames_generic_model.json"
CARD = ROOT / "newslens" / "lexicons" / "frames_generic_model.md"
RESULTS = ROOT / "benchmarks" / "results" / "frames.json"
NAME, VERSION = "frames_generic_model", "2.0"
MIN_DF = 3
INNER = 5
GRID = {"C": (0.0003, 0.001, 0.003), "dict_scale": (0.0, 1.0 / 3.0, 1.0)}
EVIDENCE_TOP = 8
SEED = 0
HYPERPARAMETERS = {"min_df": MIN_DF, "inner_folds": INNER, "grid": {k: list(v) for k, v in GRID.items()}, "seed": SEED,
                   "evidence_top": EVIDENCE_TOP}
"""What ``python -m benchmarks.train_frames`` runs with (recorded in the model file; a test compares)."""


# ---------------------------------------------------------------- data and features
def corpus():
    """``(ids, term counts per article, dictionary densities (n x 5), gold (n x 5), frames, folds)``."""
    import newslens as nl
    from benchmarks.frames import FRERMANN, frermann_articles, frermann_folds
    from newslens.measures.frames import load_scheme, model_terms

    arts = frermann_articles()
    frames = load_scheme("generic").frame_ids
    ids = arts["article_id"].tolist()
    counts = [Counter(t[0] for t in model_terms(text)) for text in arts["text"]]
    dic = nl.frames(arts[["article_id", "text"]], scheme="generic", level="article")
    dens = dic.pivot(index="article_id", columns="frame", values="score").loc[ids, frames].to_numpy(float)
    gold = arts.set_index("article_id").loc[ids, frames].to_numpy(bool)
    assert set(FRERMANN.values()) == set(frames)
    return ids, counts, dens, gold, frames, frermann_folds()


def vocabulary(counts: list[Counter]) -> tuple[list[str], np.ndarray]:
    """Stems in at least ``MIN_DF`` of the given articles, and their smoothed idf."""
    df = Counter(k for c in counts for k in c)
    vocab = sorted(k for k, n in df.items() if n >= MIN_DF)
    n = len(counts)
    idf = np.array([np.log((1 + n) / (1 + df[k])) + 1.0 for k in vocab])
    return vocab, idf


def design(counts: list[Counter], dens: np.ndarray, model: dict) -> sp.csr_matrix:
    """Feature matrix built with the runtime's own ``model_features`` (words, then densities)."""
    from newslens.measures.frames import model_features

    r, c, v = [], [], []
    nv = len(model["vocab"])
    for i, (cnt, d) in enumerate(zip(counts, dens)):
        rows, vals, dvals = model_features(cnt, d, model)
        r.extend([i] * (len(rows) + len(dvals)))
        c.extend(rows.tolist() + list(range(nv, nv + len(dvals))))
        v.extend(vals.tolist() + dvals.tolist())
    return sp.csr_matrix((v, (r, c)), shape=(len(counts), nv + dens.shape[1]))


# ---------------------------------------------------------------- fitting
def fit_binary(X: sp.csr_matrix, y: np.ndarray, C_: float, *, nonnegative: bool = False) -> tuple[np.ndarray, float]:
    """Class-balanced L2 logistic regression (intercept not penalised); with ``nonnegative``, every
    weight is kept ≥ 0 (the intercept is free)."""
    n, d = X.shape
    pos = max(y.sum(), 1.0)
    sw = np.where(y == 1, n / (2 * pos), n / (2 * max(n - pos, 1.0)))

    def fg(w):
        W, b = w[:d], w[d]
        z = X @ W + b
        p = 1.0 / (1.0 + np.exp(-z))
        loss = np.sum(sw * (np.logaddexp(0, z) - y * z)) / n + 0.5 * C_ * W @ W
        g = sw * (p - y) / n
        return loss, np.concatenate([X.T @ g + C_ * W, [g.sum()]])

    bounds = [(0.0, None)] * d + [(None, None)] if nonnegative else None
    res = minimize(fg, np.zeros(d + 1), jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 500})
    return res.x[:d], float(res.x[d])


def _fit_weights(counts, dens, gold, frames, C: float, dict_scale: float) -> dict:
    vocab, idf = vocabulary(counts)
    model = {"vocab": vocab, "index": {w: i for i, w in enumerate(vocab)}, "idf": idf, "dict_scale": dict_scale,
             "frames": list(frames), "C": C}
    X = design(counts, dens, model)
    nv = len(vocab)
    W, D, b = np.zeros((nv, len(frames))), np.zeros((len(frames), len(frames))), np.zeros(len(frames))
    for k in range(len(frames)):
        w, b[k] = fit_binary(X, gold[:, k].astype(float), C)
        W[:, k], D[:, k] = w[:nv], w[nv:]
    model.update(W=W, D=D, bias=b)
    return model


def predict(model: dict, counts, dens) -> np.ndarray:
    """Probabilities (n x frames), computed as the runtime does."""
    X = design(counts, dens, model)
    z = X @ np.vstack([model["W"], model["D"]]) + model["bias"]
    return 1.0 / (1.0 + np.exp(-z))


def best_threshold(p: np.ndarray, g: np.ndarray) -> float:
    """The probability cut maximising F1 (ties: the lower cut)."""
    best = (-1.0, 0.5)
    for t in np.unique(p):
        f = binary_f1(g, p >= t)
        if f > best[0] + 1e-12:
            best = (f, float(t))
    return best[1]


def _out_of_fold(counts, dens, gold, frames, C: float, dict_scale: float) -> np.ndarray:
    """Probabilities of every article from models fitted on the other inner folds."""
    n = len(counts)
    part = np.random.RandomState(SEED).permutation(n) % INNER
    oof = np.zeros((n, len(frames)))
    for k in range(INNER):
        tr, te = np.flatnonzero(part != k), np.flatnonzero(part == k)
        m = _fit_weights([counts[i] for i in tr], dens[tr], gold[tr], frames, C, dict_scale)
        oof[te] = predict(m, [counts[i] for i in te], dens[te])
    return oof


def choose_recipe(counts, dens, gold, frames) -> tuple[dict, dict]:
    """``(best, scores)``: the ``GRID`` point with the best inner out-of-fold macro-F1 (each frame
    at its F1-optimal threshold), using only the given (training) articles."""
    scores = {}
    for C in GRID["C"]:
        for ds in GRID["dict_scale"]:
            oof = _out_of_fold(counts, dens, gold, frames, C, ds)
            f = float(np.mean([binary_f1(gold[:, k], oof[:, k] >= best_threshold(oof[:, k], gold[:, k]))
                               for k in range(len(frames))]))
            scores[(C, ds)] = f
    C, ds = max(scores, key=scores.get)
    return {"C": C, "dict_scale": ds}, {f"C={c} dict_scale={d:.4f}": round(v, 4) for (c, d), v in scores.items()}


def train(counts, dens, gold, frames) -> dict:
    """The full recipe on the given articles: grid choice and thresholds by inner CV, then a refit on all."""
    best, scores = choose_recipe(counts, dens, gold, frames)
    oof = _out_of_fold(counts, dens, gold, frames, best["C"], best["dict_scale"])
    model = _fit_weights(counts, dens, gold, frames, best["C"], best["dict_scale"])
    model["grid_scores"] = scores
    model["thresholds"] = {f: best_threshold(oof[:, k], gold[:, k]) for k, f in enumerate(frames)}
    model["oof_f1"] = {f: binary_f1(gold[:, k], oof[:, k] >= model["thresholds"][f]) for k, f in enumerate(frames)}
    return model


# ---------------------------------------------------------------- evaluation
def cross_validate(data=None) -> dict:
    """The paper's 5 folds: train on train+dev ids, score test ids.  Per-frame F1 per fold."""
    ids, counts, dens, gold, frames, folds = data or corpus()
    pos = {a: i for i, a in enumerate(ids)}
    per_fold, chosen = {}, {}
    for fold, fd in folds.groupby("fold"):
        tr = np.array([pos[a] for a in fd.loc[fd["split"].isin(["train", "dev"]), "article_id"]])
        te = np.array([pos[a] for a in fd.loc[fd["split"] == "test", "article_id"]])
        m = train([counts[i] for i in tr], dens[tr], gold[tr], frames)
        p = predict(m, [counts[i] for i in te], dens[te])
        per_fold[int(fold)] = {f: binary_f1(gold[te, k], p[:, k] >= m["thresholds"][f]) for k, f in enumerate(frames)}
        chosen[int(fold)] = {"C": m["C"], "dict_scale": round(m["dict_scale"], 4)}
    mean = {f: float(np.mean([r[f] for r in per_fold.values()])) for f in frames}
    return {"per_fold": per_fold, "f1": mean, "macro_f1": float(np.mean(list(mean.values()))),
            "n_test": int((folds["split"] == "test").sum()), "chosen": chosen}


# ---------------------------------------------------------------- writing
def write(model: dict, cv: dict, n: int) -> None:
    frames = model["frames"]
    meta = {
        "name": NAME, "version": VERSION,
        "source": "trained for newslens by benchmarks/train_frames.py",
        "licence": "MIT (weights: newslens; training data: phenixace/narrative-framing, MIT)",
        "training_data": (f"Frermann et al. 2023 narrative frames, all {n} articles (every fold's train, dev and "
                          "test ids of the paper's 5 folds)"),
        "hyperparameters": HYPERPARAMETERS,
        "recipe": {"features": "stems (min_df %d, (1+log tf)*idf, L2) + log1p(dictionary cues per 1,000 words)*dict_scale" % MIN_DF,
                   "chosen": {"C": model["C"], "dict_scale": round(model["dict_scale"], 4)}, "class_weight": "balanced",
                   "choice": f"grid point with the best {INNER}-fold out-of-fold macro-F1 of the training articles",
                   "thresholds": f"F1-optimal on {INNER}-fold out-of-fold probabilities", "grid_scores": model["grid_scores"]},
        "dictionary": "frames_generic " + _dictionary_version(),
        "cv_5fold_paper_folds": {"macro_f1": round(cv["macro_f1"], 4), "f1": {f: round(v, 4) for f, v in cv["f1"].items()},
                                 "chosen_per_fold": cv["chosen"]},
        "train_oof_f1": {f: round(v, 4) for f, v in model["oof_f1"].items()},
        "n_vocab": len(model["vocab"]),
        "n_train": n,
        "date": date.today().isoformat(),
    }
    out = {
        "_meta": meta,
        "frames": frames,
        "thresholds": {f: round(model["thresholds"][f], 6) for f in frames},
        "bias": {f: round(float(model["bias"][k]), 6) for k, f in enumerate(frames)},
        "dict_scale": model["dict_scale"],
        "dict_weights": {f: [round(float(x), 6) for x in model["D"][:, k]] for k, f in enumerate(frames)},
        "evidence_top": EVIDENCE_TOP,
        "vocab": model["vocab"],
        "idf": [round(float(x), 5) for x in model["idf"]],
        "weights": {f: [round(float(x), 5) for x in model["W"][:, k]] for k, f in enumerate(frames)},
    }
    OUT.write_text(json.dumps(out, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


def _dictionary_version() -> str:
    from newslens.measures.frames import load_scheme

    return load_scheme("generic").version


def _model_rows() -> list[dict]:
    if not RESULTS.exists():
        return []
    return [r for r in json.loads(RESULTS.read_text("utf-8"))["rows"] if str(r.get("method", "")).startswith("model")]


def write_card():
    """Render ``frames_generic_model.md`` from the model file and ``benchmarks/results/frames.json``."""
    meta = json.loads(OUT.read_text("utf-8"))["_meta"]
    frames = json.loads(OUT.read_text("utf-8"))["frames"]
    chosen = meta["recipe"]["chosen"]
    rows = _model_rows()
    table = "\n".join(
        f"  | {r['metric']} | {r['split']} | {r['n']} | {r['newslens']:.3f} | "
        + ", ".join(f"{k} {v:.3f}" for k, v in r.get("baselines", {}).items()) + f" | {'yes' if r['held_out'] else 'no'} |"
        for r in rows) or "  | (run `python -m benchmarks frames`) | | | | | |"
    text = f"""# {NAME} — model card

*Generated by `python -m benchmarks.train_frames` / `python -m benchmarks --render` from `{OUT.name}` and
`benchmarks/results/frames.json`; do not edit by hand.*

* **Name / version:** {NAME} {meta['version']} (`{OUT.name}`), used by `nl.frames(data, scheme="generic", method="model")`.
  The default method stays `"dictionary"`. Built on the generic dictionary {meta['dictionary']}.
* **What it is:** one logistic regression per generic frame ({", ".join(frames)}), L2-regularised, classes weighted
  to balance, fitted with scipy L-BFGS on CPU. Features of an article: its Snowball word stems seen in at least
  {MIN_DF} training articles, valued (1 + log count) × idf and scaled to unit length, plus the generic dictionary's
  cue densities (log1p of cues per 1,000 words × dict_scale). Runtime needs only the JSON file and numpy. `score` =
  probability; `present` = probability ≥ the frame's threshold (F1-optimal on {INNER}-fold out-of-fold probabilities
  of the training articles).
* **Recipe choice:** C ∈ {list(GRID['C'])} and dict_scale ∈ {[round(x, 4) for x in GRID['dict_scale']]} chosen by the
  inner {INNER}-fold out-of-fold macro-F1 of the training articles only (never test ids). Shipped model: C =
  {chosen['C']}, dict_scale = {chosen['dict_scale']}. In the 5-fold figures below, each fold repeated the choice on its
  own train + dev ids (chosen per fold: {meta['cv_5fold_paper_folds']['chosen_per_fold']}).
* **Training data:** Frermann, Li, Khanehzar & Mikolajczak (ACL 2023), "Conflicts, Villains, Resolutions:
  Towards models of Narrative Media Framing" — 428 English climate-change news articles with binary labels
  for resolution (compared with `responsibility`), human interest, conflict, morality and economic frames;
  from github phenixace/narrative-framing (MIT). **The shipped model saw all {meta['n_train']} articles
  — every fold's train, dev and test ids.** Its own scores on those articles are therefore not a test.
* **Scores** (5-fold cross-validation of the whole recipe on the paper's folds, from `benchmarks/results/frames.json`;
  development data: the corpus was used while building the recipe, and the dictionary's earlier version carried its
  vocabulary):

  | metric | split | n | newslens | baselines | held out |
  |---|---|---|---|---|---|
{table}

* **Licence:** weights MIT (newslens); training data MIT (phenixace/narrative-framing).
* **Evidence:** each score lists the dictionary cues of the frame that fired (`kind` = "cue", `weight` = the
  cue's share of the density feature's contribution to the frame's logit) and the {EVIDENCE_TOP} vocabulary words
  with the largest |weight × value| (`kind` = "word", `cue` = the stem, `weight` = contribution to the logit,
  negative when the word speaks against the frame), each at its first occurrence in the article.
* **Limits:** climate-change articles only (2017–2019 outlets across the political spectrum); topic words of
  climate coverage carry weight, so on other topics the probabilities are unreliable — use the dictionary
  method there. English only. Article level only (it was not trained on paragraphs or sentences).
  428 articles is small: human interest and morality have the fewest positives and are the least reliable frames.
  Probabilities are not calibrated (classes were re-weighted); compare them within a corpus, not as rates.
* **Trained:** {meta['date']}; vocabulary {meta['n_vocab']} stems.
"""
    CARD.write_text(text, encoding="utf-8")
    return CARD


def main() -> int:
    data = corpus()
    ids, counts, dens, gold, frames, _ = data
    cv = cross_validate(data)
    model = train(counts, dens, gold, frames)
    write(model, cv, len(ids))
    write_card()
    print(f"5-fold macro-F1 {cv['macro_f1']:.4f}: " + ", ".join(f"{f} {v:.3f}" for f, v in cv["f1"].items()))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB) and {CARD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
