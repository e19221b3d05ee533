"""Benchmarks of ``nl.frames``: generic frames (Frermann et al. 2023) and a custom scheme (GVFC).

(a) Narrative frames of Frermann, Li, Khanehzar & Mikolajczak (ACL 2023) on 428 climate-change
    articles, with the paper's five cross-validation folds.  For each fold the ``present``
    thresholds (min cues per 1,000 words and min distinct cues, per frame) are chosen on that
    fold's train and dev ids only and scored on its test ids; per-frame F1 and macro-F1 are
    averaged over the folds.  RE (resolution) is compared with ``responsibility``.
(b) Gun Violence Frame Corpus headlines (Akyürek et al. 2020 English file, 1,300 headlines) with
    the nine-frame dictionary ``newslens/lexicons/frames_gvfc.yaml`` written from the codebook's
    definitions — no training, no tuning on the labels.  Multi-label macro-F1 (a frame is gold
    when it is Theme1 or Theme2, predicted when it has a cue) and first-frame accuracy (the
    top-scoring frame equals Theme1).

(c) The learned option ``nl.frames(method="model")`` on the same Frermann folds: the recipe of
    ``benchmarks/train_frames.py`` is refitted per fold on that fold's train + dev ids only
    (thresholds from an inner split of those ids) and scored on its test ids.  The shipped model
    itself saw all 428 articles (its card says so); these rows are the recipe's 5-fold figures.

``python -m benchmarks.frames`` prints the table.  ``choose_thresholds`` is also what produced
the default thresholds shipped in ``frames_generic.yaml`` (fold 1, train + dev ids).
"""
from __future__ import annotations

import sys
from datetime import date

import numpy as np
import pandas as pd

from benchmarks.common import binary_f1, dataset, result

DICT_TUNED = ("each fold's train + dev ids: present thresholds; development data: version 1 of the dictionary "
              "carried this corpus's climate vocabulary, removed in version 2")
FRERMANN = {"RE": "responsibility", "HI": "human_interest", "CO": "conflict", "MO": "morality", "EC": "economic"}
GVFC = {1: "gun_rights", 2: "gun_control", 3: "politics", 4: "mental_health", 5: "public_safety",
        6: "race_ethnicity", 7: "public_opinion", 8: "society_culture", 9: "economic"}
MIN_CUES = (1, 2, 3, 4, 5)


def _bool(s: pd.Series) -> pd.Series:
    return s.astype(str).str.strip().str.rstrip(")").str.lower().map({"true": True, "false": False, "1": True, "0": False}).fillna(False)


def frermann_articles() -> pd.DataFrame:
    """Articles (article_id, text) and the five gold frame columns."""
    d = pd.read_csv(dataset("narrative_frames_frermann2023") / "articles_metadata.tsv", sep="\t")
    out = pd.DataFrame({"article_id": d["ID"].astype(str), "text": d["text"].fillna("").astype(str)})
    for code, frame in FRERMANN.items():
        out[frame] = _bool(d[code]).to_numpy()
    return out


def frermann_folds() -> pd.DataFrame:
    f = pd.read_csv(dataset("narrative_frames_frermann2023") / "cv_folds_ids.tsv", sep="\t")
    return pd.DataFrame({"fold": f["fold"], "split": f["split"], "article_id": f["ID"].astype(str)})


def choose_thresholds(wide_score: pd.DataFrame, wide_ncues: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Per frame, the ``(min_score, min_cues)`` maximising F1 of ``present`` on the given rows.

    ``wide_*`` and ``gold`` are article × frame tables over the SAME (training) articles.
    Candidate scores are the observed ones; ties go to the lower threshold.
    """
    out = {}
    for frame in gold.columns:
        s, k, g = wide_score[frame].to_numpy(), wide_ncues[frame].to_numpy(), gold[frame].to_numpy(bool)
        best = (-1.0, 0.0, 1)
        for mc in MIN_CUES:
            for t in np.unique(np.concatenate([[0.0], s])):
                pred = (s >= t) & (k >= mc) & (s > 0)
                f1 = binary_f1(g, pred)
                if f1 > best[0] + 1e-12:
                    best = (f1, float(t), mc)
        out[frame] = {"min_score": round(best[1], 3), "min_cues": best[2], "train_f1": round(best[0], 4)}
    return out


def _apply(wide_score, wide_ncues, thr: dict) -> pd.DataFrame:
    return pd.DataFrame({f: (wide_score[f] >= t["min_score"]) & (wide_ncues[f] >= t["min_cues"]) & (wide_score[f] > 0)
                         for f, t in thr.items()})


def run_frermann() -> tuple[list[dict], dict]:
    import newslens as nl

    arts = frermann_articles()
    folds = frermann_folds()
    scores = nl.frames(arts[["article_id", "text"]], scheme="generic", level="article")
    ws = scores.pivot(index="article_id", columns="frame", values="score")
    wk = scores.pivot(index="article_id", columns="frame", values="n_cues")
    gold = arts.set_index("article_id")[list(FRERMANN.values())]
    frames = list(FRERMANN.values())
    per_fold, base_all, base_none, fold_thr = [], [], [], {}
    for fold, fd in folds.groupby("fold"):
        train_ids = fd.loc[fd["split"].isin(["train", "dev"]), "article_id"]
        test_ids = fd.loc[fd["split"] == "test", "article_id"]
        thr = choose_thresholds(ws.loc[train_ids, frames], wk.loc[train_ids, frames], gold.loc[train_ids])
        fold_thr[int(fold)] = thr
        pred = _apply(ws.loc[test_ids], wk.loc[test_ids], thr)
        g = gold.loc[test_ids]
        per_fold.append({f: binary_f1(g[f], pred[f]) for f in frames})
        base_all.append({f: binary_f1(g[f], [True] * len(g)) for f in frames})
        base_none.append({f: binary_f1(g[f], [False] * len(g)) for f in frames})
    mean = lambda rows, f: float(np.mean([r[f] for r in rows]))  # noqa: E731
    n = int((folds["split"] == "test").sum())
    rows = []
    for f in frames:
        rows.append({"dataset": "narrative_frames_frermann2023", "split": "5-fold test (paper folds)", "n": n,
                     "metric": f"F1 {f}", "newslens": round(mean(per_fold, f), 4), "method": "dictionary (generic)",
                     "held_out": False, "tuned_on": DICT_TUNED,
                     "baselines": {"all-present": round(mean(base_all, f), 4), "majority (absent)": round(mean(base_none, f), 4)}})
    macro = lambda rows_: float(np.mean([np.mean([r[f] for f in frames]) for r in rows_]))  # noqa: E731
    rows.append({"dataset": "narrative_frames_frermann2023", "split": "5-fold test (paper folds)", "n": n,
                 "metric": "macro-F1 (5 frames)", "newslens": round(macro(per_fold), 4), "method": "dictionary (generic)",
                 "held_out": False, "tuned_on": DICT_TUNED,
                 "baselines": {"all-present": round(macro(base_all), 4), "majority (absent)": round(macro(base_none), 4)},
                 "published": "not verified (Frermann et al. 2023)"})
    return rows, fold_thr


def gvfc_headlines() -> pd.DataFrame:
    d = pd.read_csv(dataset("gvfc") / "akyurek2020_english.csv")
    d = d[d["Q3 Theme1"] != 99]
    return pd.DataFrame({"article_id": d["ID"].astype(str), "text": d["news_title"].fillna("").astype(str),
                         "theme1": d["Q3 Theme1"].astype(int), "theme2": d["Q3 Theme2"].astype(int)})


def run_gvfc() -> list[dict]:
    import newslens as nl

    h = gvfc_headlines().drop_duplicates("article_id")
    scores = nl.frames(h[["article_id", "text"]], scheme="gvfc", level="article")
    frames = list(GVFC.values())
    ws = scores.pivot(index="article_id", columns="frame", values="score").loc[h["article_id"], frames]
    wp = scores.pivot(index="article_id", columns="frame", values="present").loc[h["article_id"], frames]
    t1 = h["theme1"].map(GVFC).to_numpy()
    t2 = h["theme2"].map(GVFC).to_numpy()  # NaN when 99
    gold = pd.DataFrame({f: (t1 == f) | (t2 == f) for f in frames})
    macro = float(np.mean([binary_f1(gold[f], wp[f].to_numpy()) for f in frames]))
    # first frame: highest score, ties broken by codebook order; no cue at all -> no prediction
    arr = ws.to_numpy()
    top = np.where(arr.max(axis=1) > 0, np.array(frames, dtype=object)[arr.argmax(axis=1)], None)
    acc = float(np.mean(top == t1))
    coverage = float(np.mean(arr.max(axis=1) > 0))
    maj = pd.Series(t1).mode()[0]
    maj_macro = float(np.mean([binary_f1(gold[f], [f == maj] * len(h)) for f in frames]))
    maj_acc = float(np.mean(t1 == maj))
    n = len(h)
    common = {"dataset": "gvfc (akyurek2020_english.csv, Theme1 != 99)", "split": "all (no training)", "n": n,
              "method": "dictionary (gvfc codebook scheme)", "held_out": False,
              "tuned_on": ("nothing fitted to the labels; development data all the same: version 1 of the dictionary carried "
                           "names from these 2018 headlines, which version 2 removed once that was found")}
    return [
        {**common, "metric": "macro-F1 (9 frames, multi-label vs Theme1/Theme2)", "newslens": round(macro, 4),
         "baselines": {f"majority ({maj})": round(maj_macro, 4)},
         "published": "Akyürek et al. 2020 EngBERT multiclass F1-macro 0.77 (trained, 5-fold)"},
        {**common, "metric": "first-frame accuracy (top frame == Theme1)", "newslens": round(acc, 4),
         "baselines": {f"majority ({maj})": round(maj_acc, 4)},
         "published": "Akyürek et al. 2020 EngBERT multiclass EM-1 0.86 (trained)"},
        {**common, "metric": "coverage (headlines with any cue)", "newslens": round(coverage, 4), "baselines": {}},
    ]


def run_frermann_model() -> list[dict]:
    """Per-frame F1 and macro-F1 of the learned recipe, 5-fold on the paper's folds."""
    from benchmarks.train_frames import MIN_DF, cross_validate

    cv = cross_validate()
    common = {"dataset": "narrative_frames_frermann2023", "split": "5-fold test (paper folds)", "n": cv["n_test"],
              "method": f"model (generic; logistic regression, stems min_df {MIN_DF} + cue densities; C, dict_scale and "
                        "thresholds chosen inside each fold's train + dev ids)",
              "held_out": False,
              "tuned_on": ("each fold's train + dev ids: weights, C, dict_scale, thresholds (test ids unseen by that fold's "
                           "choices); development data: the recipe's design was developed on this corpus")}
    rows = [{**common, "metric": f"F1 {f}", "newslens": round(v, 4)} for f, v in cv["f1"].items()]
    rows.append({**common, "metric": "macro-F1 (5 frames)", "newslens": round(cv["macro_f1"], 4),
                 "published": "not verified (Frermann et al. 2023)",
                 "detail": {"per_fold": {k: {f: round(x, 4) for f, x in r.items()} for k, r in cv["per_fold"].items()},
                            "chosen_per_fold": cv["chosen"]}})
    return rows


def run() -> dict:
    rows, fold_thr = run_frermann()
    base = {r["metric"]: r["baselines"] for r in rows}
    rows += [{**r, "baselines": base.get(r["metric"], {})} for r in run_frermann_model()]
    rows += run_gvfc()
    notes = (
        "Frermann: thresholds per frame chosen on each fold's train+dev ids, scored on its test ids, "
        "averaged over the 5 paper folds; RE (resolution) is compared with `responsibility`. "
        "Model rows: the benchmarks/train_frames.py recipe refitted per fold on train+dev ids (C, dict_scale and "
        "thresholds from an inner 5-fold split of those ids), scored on test ids; the shipped model saw all 428 articles. "
        "No frames row is held out: the generic dictionary's version 1 carried this corpus's climate vocabulary "
        "(removed in version 2) and the GVFC dictionary's version 1 the headlines' names (removed in version 2). "
        f"Fold-1 thresholds: {fold_thr[1]}. GVFC: dictionary written from the codebook's frame definitions, "
        f"not fitted to the labels; present = at least one cue. Run {date.today().isoformat()}."
    )
    return result("frames", "Frames: generic (Frermann 2023 folds) and a custom codebook scheme (GVFC)", rows,
                  notes=notes, tuned_on="Frermann: each fold's train+dev ids (dictionary thresholds; model weights and thresholds); GVFC: nothing")


def _print(res: dict) -> None:
    print(f"## {res['title']}\n")
    print("| dataset | split | n | metric | method | newslens | baselines | published |")
    print("|---|---|---|---|---|---|---|---|")
    for r in res["rows"]:
        base = ", ".join(f"{k} {v}" for k, v in r["baselines"].items())
        print(f"| {r['dataset']} | {r['split']} | {r['n']} | {r['metric']} | {r.get('method', '')} | {r['newslens']} | {base} | {r['published']} |")
    print(f"\n{res['notes']}\n\nTuned on: {res['tuned_on']}")


if __name__ == "__main__":
    _print(run())
    sys.exit(0)
