"""Group summaries with cluster-bootstrap intervals and effective N; near-duplicate articles."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import newslens as nl
from newslens.errors import ColumnError, OptionError
from newslens.summarize import duplicates, summarize

_WORDS = (
    "council mayor bridge river storm coast school budget vote police court judge hospital nurse "
    "union strike market price farmer harbour airport train road fire flood election minister "
    "protest factory worker village city region border army ship island bank tax energy water"
).split()


def _story(rng: np.random.Generator, n_words: int = 120) -> str:
    return " ".join(rng.choice(_WORDS, size=n_words)).capitalize() + "."


def _corpus(n_per_outlet: int, *, seed: int = 0, dupes: int = 0):
    """Articles of two outlets with per-article scores; ``dupes`` wire copies republished by outlet B."""
    rng = np.random.default_rng(seed)
    rows, scores = [], []
    for outlet, mu in (("A", 0.3), ("B", -0.2)):
        for i in range(n_per_outlet):
            aid = f"{outlet}{i}"
            rows.append({"article_id": aid, "outlet": outlet, "text": _story(rng),
                         "published": pd.Timestamp("2024-01-01", tz="UTC") + pd.Timedelta(days=int(rng.integers(0, 60)))})
            for s in range(3):
                scores.append({"article_id": aid, "sentence": s, "sentiment": float(np.clip(rng.normal(mu, 0.3), -1, 1))})
    arts = pd.DataFrame(rows)
    sc = pd.DataFrame(scores)
    if dupes:
        # outlet B republishes the wire story B0 several times with different debris
        base = arts[arts["article_id"] == "B0"].iloc[0]
        extra, extra_sc = [], []
        for j in range(dupes):
            aid = f"Bcopy{j}"
            extra.append({**base.to_dict(), "article_id": aid, "text": f"By Staff Writer {j}\n\n" + base["text"] + f"\n\nAP Photo/Photographer {j}"})
            extra_sc += [{"article_id": aid, "sentence": s, "sentiment": v} for s, v in enumerate(sc.loc[sc["article_id"] == "B0", "sentiment"])]
        arts = pd.concat([arts, pd.DataFrame(extra)], ignore_index=True)
        sc = pd.concat([sc, pd.DataFrame(extra_sc)], ignore_index=True)
    return arts, sc


def test_summarize_interval_contains_mean_and_columns():
    arts, sc = _corpus(40)
    out = summarize(sc, arts, n_boot=500)
    assert list(out.columns) == ["outlet", "mean", "ci_low", "ci_high", "n", "n_effective", "n_units"]
    assert out["outlet"].tolist() == ["A", "B"]
    assert (out["ci_low"] < out["mean"]).all() and (out["mean"] < out["ci_high"]).all()
    assert out["n"].tolist() == [40, 40] and out["n_units"].tolist() == [120, 120]
    # the mean is the mean of the article means (cluster bootstrap over articles)
    art_means = sc.merge(arts, on="article_id").groupby(["outlet", "article_id"])["sentiment"].mean().groupby("outlet").mean()
    assert np.allclose(out.set_index("outlet")["mean"], art_means)
    assert out.loc[0, "mean"] > out.loc[1, "mean"]


def test_summarize_interval_shrinks_with_n():
    small = summarize(*reversed(_corpus(15, seed=1)), n_boot=500)
    large = summarize(*reversed(_corpus(150, seed=1)), n_boot=500)
    w_small = (small["ci_high"] - small["ci_low"]).to_numpy()
    w_large = (large["ci_high"] - large["ci_low"]).to_numpy()
    assert (w_large < w_small * 0.6).all()


def test_summarize_effective_n_counts_duplicates_once():
    arts, sc = _corpus(20, dupes=5)
    out = summarize(sc, arts, n_boot=300).set_index("outlet")
    assert out.loc["B", "n"] == 25 and out.loc["B", "n_effective"] == 20
    assert out.loc["A", "n"] == out.loc["A", "n_effective"] == 20
    no_dedupe = summarize(sc, arts, n_boot=300, dedupe=False).set_index("outlet")
    assert no_dedupe.loc["B", "n_effective"] == 25
    # the republished story weighs once, not six times
    b = sc.merge(arts, on="article_id")
    b = b[(b["outlet"] == "B") & ~b["article_id"].str.startswith("Bcopy")]
    assert np.isclose(out.loc["B", "mean"], b.groupby("article_id")["sentiment"].mean().mean())


def test_summarize_freq_groups_by_period():
    arts, sc = _corpus(30)
    out = summarize(sc, arts, by=None, freq="M", n_boot=200)
    assert list(out.columns[:1]) == ["period"]
    assert out["period"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]
    assert out["n"].sum() == 60
    weekly = summarize(sc, arts, by="outlet", freq="W", n_boot=200)
    assert {"outlet", "period"} <= set(weekly.columns) and len(weekly) > 4
    with pytest.raises(OptionError, match="`freq`"):
        summarize(sc, arts, freq="fortnight")


def test_summarize_by_none_is_whole_corpus():
    arts, sc = _corpus(25)
    out = summarize(sc, arts, by=None, n_boot=300)
    assert len(out) == 1 and out.loc[0, "n"] == 50
    assert out.loc[0, "ci_low"] < out.loc[0, "mean"] < out.loc[0, "ci_high"]
    # whole corpus without an articles table: no de-duplication, same mean
    alone = summarize(sc, None, by=None, n_boot=300)
    assert np.isclose(alone.loc[0, "mean"], out.loc[0, "mean"])


def test_summarize_long_format_and_labels():
    arts, _ = _corpus(10)
    rng = np.random.default_rng(3)
    frames = pd.DataFrame([
        {"article_id": a, "frame": f, "score": float(rng.random()), "present": bool(rng.random() > 0.5)}
        for a in arts["article_id"] for f in ("conflict", "economic")
    ])
    out = summarize(frames, arts, n_boot=200)
    assert {"outlet", "frame"} <= set(out.columns) and len(out) == 4
    shares = summarize(frames, arts, value="present", n_boot=200)
    assert shares["mean"].between(0, 1).all()
    labels = pd.DataFrame({"article_id": arts["article_id"].repeat(2).to_numpy(),
                           "label": ["commentary", "reported"] * len(arts)})
    out = summarize(labels, arts, by=None, n_boot=200)
    assert out["label"].tolist() == ["commentary", "reported"] and np.allclose(out["mean"], 0.5)


def test_summarize_sourcing_shares(seed_path):
    raw = seed_path.read_text("utf-8")
    arts = pd.DataFrame({"article_id": ["seed"], "outlet": ["abc"], "text": [raw[raw.index("LONDON —"):]]})
    out = summarize(nl.sourcing(arts, opinion="lexical"), arts, n_boot=100)
    assert np.isclose(out["mean"].sum(), 1.0)
    assert out.set_index("label").loc["commentary", "mean"] >= 2 / 9  # the closing paragraphs (tests/test_sourcing.py)
    assert out["ci_low"].isna().all()  # one article: no interval, said honestly


def test_summarize_bad_inputs_name_the_columns():
    arts, sc = _corpus(5)
    with pytest.raises(ColumnError, match="'desk'.*Pass the articles"):
        summarize(sc, arts, by="desk")
    with pytest.raises(ColumnError, match="article_id"):
        summarize(sc.drop(columns="article_id"), arts)
    with pytest.raises(ColumnError, match="value="):
        summarize(pd.DataFrame({"article_id": ["A0"], "a": [1.0], "b": [2.0]}), arts)
    with pytest.raises(ColumnError, match="'published'"):
        summarize(sc, arts.drop(columns="published"), freq="W")
    with pytest.raises(ColumnError, match="'nope'"):
        summarize(sc, arts, value="nope")


def test_summarize_articles_without_an_outlet_are_a_group_of_their_own():
    arts, sc = _corpus(10)
    full = summarize(sc, arts, n_boot=300)
    arts.loc[arts["outlet"] == "B", "outlet"] = None  # articles loaded without an outlet
    out = summarize(sc, arts, n_boot=300)
    assert len(out) == 2 and out["outlet"].isna().tolist() == [False, True]
    # the same numbers as when the outlet had a name: only the key is missing
    assert np.allclose(out[["mean", "ci_low", "ci_high"]].to_numpy(), full[["mean", "ci_low", "ci_high"]].to_numpy())
    assert out["n"].tolist() == [10, 10]
    arts["outlet"] = None
    assert summarize(sc, arts, n_boot=300)["n"].tolist() == [20]


def test_summarize_is_reproducible_and_does_not_mutate():
    arts, sc = _corpus(20)
    before = sc.copy()
    a = summarize(sc, arts, n_boot=300, seed=7)
    b = summarize(sc, arts, n_boot=300, seed=7)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(sc, before)
    assert a.attrs["newslens"]["value"] == "sentiment"


# ---------------------------------------------------------------- duplicates
def test_duplicates_finds_republished_wire_copy_not_different_stories():
    rng = np.random.default_rng(5)
    wire = "\n\n".join(_story(rng, 60) for _ in range(5))
    other = "\n\n".join(_story(rng, 60) for _ in range(5))
    arts = pd.DataFrame({
        "article_id": ["wire", "copy1", "copy2", "other", "empty"],
        "text": [
            wire,
            "By Jane Roe | Reuters\n\n" + wire + "\n\nSign up for our newsletter.\n\nAP Photo/John Doe",
            "UPDATED 5 PM\n\n" + wire.replace("council", "City Council", 3) + "\n\n© 2024 The Daily",
            other,
            "",
        ],
    })
    out = duplicates(arts)
    g = dict(zip(out["article_id"], out["group"]))
    assert g["wire"] == g["copy1"] == g["copy2"]
    assert len({g["wire"], g["other"], g["empty"]}) == 3
    assert out.set_index("article_id").loc["wire", "size"] == 3


def test_duplicates_threshold_is_exact_jaccard():
    # two texts sharing exactly half their 1-word shingles
    a, b = "alpha beta gamma delta", "alpha beta epsilon zeta"
    j = 2 / 6
    assert duplicates([a, b], k=1, threshold=j)["group"].nunique() == 1
    assert duplicates([a, b], k=1, threshold=j + 0.01)["group"].nunique() == 2


def test_duplicates_scales_past_quadratic():
    import time

    rng = np.random.default_rng(9)
    took = {}
    for n in (1000, 4000):
        texts = [_story(rng, 80) for _ in range(n)]
        texts += [t + " Photo: AP" for t in texts[:50]]
        best = float("inf")
        for _ in range(2):  # best of two: the timing of the work, not of a busy machine
            t0 = time.perf_counter()
            out = duplicates(texts)
            best = min(best, time.perf_counter() - t0)
        took[n] = best
        assert out["group"].nunique() == n
        assert (out["size"] == 2).sum() == 100
    # four times the articles: about four times the work (16 times if every pair were compared)
    assert took[4000] < 8 * took[1000], took


def test_duplicates_bad_inputs():
    with pytest.raises(OptionError, match="`threshold`"):
        duplicates(["a"], threshold=1.5)
    with pytest.raises(OptionError, match="`k`"):
        duplicates(["a"], k=0)
    with pytest.raises(ColumnError, match="'text'"):
        duplicates(pd.DataFrame({"article_id": ["a"], "body": ["x"]}))


def test_duplicates_public_name():
    out = nl.duplicates(["Same words here today", "Same words here today", "Different"])
    assert out["group"].tolist() == [0, 0, 1]
    assert callable(nl.summarize)


# ---------------------------------------------------------------- the tables a user has at this step
def test_summarize_matches_ids_whatever_their_type():
    arts = pd.DataFrame({"article_id": [1, 2, 3], "outlet": ["A", "A", "B"], "text": ["One.", "Two two.", "Three."]})
    expect = summarize(pd.DataFrame({"article_id": [1, 2, 3], "sentiment": [0.2, 0.4, -0.5]}), arts)
    for ids in ([1.0, 2.0, 3.0], ["1", "2", "3"], [np.int64(1), 2, "3"]):
        got = summarize(pd.DataFrame({"article_id": pd.Series(ids, dtype=object), "sentiment": [0.2, 0.4, -0.5]}), arts)
        pd.testing.assert_frame_equal(got, expect)
    assert expect["mean"].tolist() == pytest.approx([0.3, -0.5])
    with pytest.warns(nl.errors.NewsLensWarning, match=r"1 article_id value\(s\) of the scores are not in the articles table \('9'\)"):
        lost = summarize(pd.DataFrame({"article_id": [1, 9], "sentiment": [0.2, 0.4]}), arts)
    assert lost["outlet"].isna().sum() == 1


def test_summarize_by_a_column_the_scores_already_have():
    arts, sc = _corpus(5)
    merged = sc.merge(arts[["article_id", "outlet"]])
    expect = summarize(sc, arts, by="outlet")
    pd.testing.assert_frame_equal(summarize(merged, arts, by="outlet"), expect)  # was KeyError: 'outlet'
    alone = summarize(merged, by="outlet")  # no articles: no de-duplication, same groups and means
    assert alone["outlet"].tolist() == ["A", "B"] and alone["mean"].tolist() == pytest.approx(expect["mean"].tolist())
    with pytest.raises(ColumnError, match=r"`by` needs column\(s\) 'desk', which the scores table does not have .* and no articles table was passed"):
        summarize(merged, by="desk")
    with pytest.raises(ColumnError, match=r"and the articles table has 'article_id', 'outlet'"):
        summarize(sc, arts[["article_id", "outlet"]], by="desk")
    with pytest.raises(ColumnError, match=r"`freq` needs column\(s\) 'published'"):
        summarize(merged, by="outlet", freq="M")


def test_summarize_repeated_article_ids_in_articles_are_an_error():
    arts, sc = _corpus(3)
    twice = pd.concat([arts, arts.head(1)], ignore_index=True)
    with pytest.raises(ColumnError, match=r"articles table has 1 repeated article_id value\(s\): 'A0'"):
        summarize(sc, twice)
