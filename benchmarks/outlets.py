"""Do frames, stance, sentiment and sourcing differ between left, center and right outlets?

AllSides / Article-Bias-Prediction test articles (Baly et al. 2020): 1,300 articles from 29
outlets; the leaning label belongs to the outlet, so articles of one outlet are not
independent.  Differences between leanings are therefore given with intervals from a
cluster bootstrap that resamples OUTLETS within each leaning.  These are effect sizes for
discussion, not a classifier.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .common import dataset, result

TITLE = "Outlets: differences between left, center and right (AllSides test articles)"
LEANINGS = ("left", "center", "right")
TARGETS = {"Donald Trump": ["Donald Trump", "Trump", "President Trump"],
           "Democrats": ["Democrats", "Democratic Party", "Democrat"],
           "Republicans": ["Republicans", "Republican Party", "GOP", "Republican"]}


def article_features(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article: the measures summarised as numbers that can be compared."""
    import newslens as nl

    feats = articles[["article_id", "outlet", "bias_text"]].copy()
    sent = nl.sentiment(articles, level="article").set_index("article_id")
    feats["sentiment"] = feats["article_id"].map(sent["sentiment"])
    fr = nl.frames(articles, scheme="generic", level="article")
    present = fr.pivot_table(index="article_id", columns="frame", values="present", aggfunc="max")
    for frame in present.columns:
        feats[f"frame: {frame}"] = feats["article_id"].map(present[frame].astype(float))
    sg = nl.sourcing(articles)
    shares = sg.groupby("article_id")["label"].value_counts(normalize=True).unstack(fill_value=0.0)
    for lab in ("attributed", "commentary"):
        if lab in shares.columns:
            feats[f"share {lab}"] = feats["article_id"].map(shares[lab]).fillna(0.0)
    # stance toward the actor most of these articles mention (AllSides' test topics are US politics)
    st = nl.stance(articles, targets=TARGETS, level="article")
    for target, grp in st.groupby("target"):
        feats[f"stance toward {target}"] = feats["article_id"].map(grp.set_index("article_id")["stance"])
    src = nl.sources(articles)
    anon = src.assign(anon=src["type"] == "anonymous").groupby("article_id")["anon"].mean()
    feats["share anonymous sources"] = feats["article_id"].map(anon)
    return feats


def _method_of(column: str) -> str:
    """The newslens call behind a feature column of :func:`article_features`."""
    from newslens.opinion import DEFAULT

    for prefix, method in (("sentiment", "nl.sentiment (default method), article mean"),
                           ("frame: ", "nl.frames generic dictionary, present"),
                           ("share anonymous", "nl.sources, share of unnamed sources"),
                           ("share ", f"nl.sourcing (default: paragraph labels from sentence labels, opinion scorer {DEFAULT!r})"),
                           ("stance toward", "nl.stance (default method), article level")):
        if column.startswith(prefix):
            return method
    return column


def _cluster_mean(df: pd.DataFrame, col: str, rng, n_boot: int) -> tuple[float, np.ndarray]:
    by_outlet = df.groupby("outlet")[col].agg(["sum", "count"])
    est = by_outlet["sum"].sum() / by_outlet["count"].sum()
    k = len(by_outlet)
    idx = rng.integers(0, k, size=(n_boot, k))
    sums, counts = by_outlet["sum"].to_numpy()[idx].sum(1), by_outlet["count"].to_numpy()[idx].sum(1)
    return est, sums / counts


def run(n_boot: int = 2000, seed: int = 0) -> dict:
    import newslens as nl

    path = dataset("allsides_baly2020") / "test_articles.jsonl"
    articles = nl.load(path)
    feats = article_features(articles)
    rng = np.random.default_rng(seed)
    rows = []
    for col in [c for c in feats.columns if c not in ("article_id", "outlet", "bias_text")]:
        sub = feats.dropna(subset=[col])
        if any(sub.loc[sub["bias_text"] == lean, "outlet"].nunique() < 2 for lean in LEANINGS):
            continue  # too few outlets in a leaning for an interval
        boots, ests = {}, {}
        for lean in LEANINGS:
            part = sub[sub["bias_text"] == lean]
            ests[lean], boots[lean] = _cluster_mean(part, col, rng, n_boot)
        for a, b in (("right", "left"), ("left", "center"), ("right", "center")):
            diff = boots[a] - boots[b]
            lo, hi = np.percentile(diff, [2.5, 97.5])
            rows.append({
                "dataset": "AllSides (Baly et al. 2020)", "split": "test", "n": int(len(sub)),
                "metric": f"{col}: {a} − {b}", "newslens": float(ests[a] - ests[b]),
                "baselines": {}, "published": "", "method": _method_of(col), "held_out": True,
                "tuned_on": "nothing fitted on these articles (effect sizes of the default methods)",
                "detail": f"95% CI [{lo:.3f}, {hi:.3f}]; means {a} {ests[a]:.3f}, {b} {ests[b]:.3f}; outlets {sub[sub.bias_text == a].outlet.nunique()}/{sub[sub.bias_text == b].outlet.nunique()}",
            })
    notes = ("Stance is toward Donald Trump, Democrats and Republicans (aliases listed in the script), over "
             "the articles that mention them. Differences of means between leanings; intervals from a cluster bootstrap over outlets "
             f"({n_boot} resamples), because the leaning is a property of the outlet. An interval that "
             "excludes 0 suggests a difference between these outlets in this sample of topics — not a "
             "property of 'the left' or 'the right'.")
    return result("outlets", TITLE, rows, notes=notes, tuned_on="nothing (no fitting)")


if __name__ == "__main__":
    from .__main__ import render_markdown

    print(render_markdown([run()]))
