"""nl.stories (same event across outlets) and nl.compare (differences within stories)."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

import newslens as nl
from newslens.errors import ColumnError, OptionError


def _pair_f1(gold, pred) -> float:
    gold, pred = np.asarray(gold), np.asarray(pred)
    same_g = gold[:, None] == gold[None, :]
    same_p = pred[:, None] == pred[None, :]
    iu = np.triu_indices(len(gold), 1)
    tp = (same_g & same_p)[iu].sum()
    p = tp / max(same_p[iu].sum(), 1)
    r = tp / max(same_g[iu].sum(), 1)
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.fixture(scope="module")
def corpus():
    return nl.load_example()


@pytest.fixture(scope="module")
def corpus_stories(corpus):
    return nl.stories(corpus)


def test_stories_bundled_corpus_one_story_per_event(corpus, corpus_stories):
    # the three events are a month apart: every story lies inside one of them, and each event is
    # one story (its commentary piece included; nothing was tuned on this corpus)
    month = corpus["published"].dt.month.to_numpy()
    for _, grp in corpus_stories.groupby("story"):
        assert len(set(month[grp.index])) == 1
    assert corpus_stories["story"].nunique() == len(set(month)) == 3
    assert list(corpus_stories["article_id"]) == list(corpus["article_id"])


def test_stories_wire_copies_share_a_story_and_are_marked(corpus, corpus_stories):
    by_id = corpus_stories.set_index("article_id")
    wire = "cw-2024-0402-mill"
    copies = corpus.loc[corpus["title"].str.contains("paper mill") & (corpus["article_id"] != wire)
                        & (corpus["published"].dt.day == 3), "article_id"].tolist()
    assert len(copies) == 2
    assert by_id.loc[copies, "story"].eq(by_id.at[wire, "story"]).all()
    assert by_id.loc[copies, "duplicate"].all() and not by_id.at[wire, "duplicate"]
    assert by_id.loc[copies, "duplicate_of"].eq(wire).all()
    assert by_id["duplicate"].sum() == 2


def test_stories_evidence_names_the_nearest_article_and_shared_words(corpus_stories):
    linked = corpus_stories[corpus_stories["story_size"] > 1]
    assert linked["nearest"].notna().all()
    assert (linked["similarity"] > 0).all()
    assert linked["shared_terms"].str.len().gt(0).all()
    assert corpus_stories.attrs["newslens"]["measure"] == "stories"


def test_stories_candidates_find_what_scoring_every_pair_finds(corpus, corpus_stories, monkeypatch):
    # candidates from the heaviest words of either article: the same nearest articles and stories
    # as comparing every pair that shares any key word
    import importlib

    mod = importlib.import_module("newslens.stories")
    monkeypatch.setattr(mod, "CANDIDATE_TERMS", mod.TOP_TERMS)
    monkeypatch.setattr(mod, "SOLO_POSTING", 10**9)
    every = nl.stories(corpus)
    assert every["story"].tolist() == corpus_stories["story"].tolist()
    assert every["nearest"].tolist() == corpus_stories["nearest"].tolist()
    # the fund hearings (13-14 March) reach the storm story through the 12 March report
    by_id = corpus_stories.set_index("article_id")
    assert by_id.at["cw-2024-0313-fund", "story"] == by_id.at["cw-2024-0304-storm", "story"]


def test_stories_window_keeps_far_apart_reports_apart():
    text = "Storm Imogen floods the harbour; boats rescue families from flooded homes in Port Calder."
    arts = pd.DataFrame({"article_id": ["a", "b"], "title": ["Storm floods harbour"] * 2, "text": [text, text],
                         "published": pd.to_datetime(["2024-03-04", "2024-05-04"], utc=True)})
    assert nl.stories(arts)["story"].nunique() == 2
    assert nl.stories(arts, window="90D")["story"].nunique() == 1
    assert nl.stories(arts, window=None)["story"].nunique() == 1


def test_stories_undated_articles_are_matched_on_text():
    arts = pd.DataFrame({"article_id": ["a", "b", "c"],
                         "title": ["Mill to close", "Paper mill closes", "Council election results"],
                         "text": ["Northgate will close the Milltown paper mill, cutting 640 jobs, the company said.",
                                  "The Milltown paper mill will close and 640 jobs will go, Northgate said on Tuesday.",
                                  "Voters re-elected the mayor; turnout was low in the council election."],
                         "published": [pd.Timestamp("2024-04-02", tz="UTC"), pd.NaT, pd.NaT]})
    out = nl.stories(arts)
    assert out["story"].tolist() == [0, 0, 1]


def test_stories_bad_input_gives_a_clear_result_or_error():
    # one article
    one = nl.stories(["Only one report."])
    assert one["story"].tolist() == [0] and one["story_size"].tolist() == [1]
    # empty texts: each its own story, nothing crashes
    empty = nl.stories(["", "", None])
    assert empty["story"].tolist() == [0, 1, 2]
    assert empty["similarity"].isna().all()
    # identical texts: one story, the copies marked as duplicates of the first
    same = "The city council voted on Tuesday to close the old bridge for repairs next spring, officials said."
    ident = nl.stories([same, same, same])
    assert ident["story"].nunique() == 1 and ident["duplicate"].tolist() == [False, True, True]
    # one outlet only
    arts = pd.DataFrame({"article_id": ["x", "y"], "outlet": ["A", "A"], "text": [same, same + " More later."]})
    assert nl.stories(arts)["n_outlets"].tolist() == [1, 1]
    # no rows
    assert len(nl.stories(pd.DataFrame({"article_id": [], "text": []}))) == 0
    with pytest.raises(OptionError, match="window"):
        nl.stories([same], window="a week")
    with pytest.raises(OptionError, match="threshold"):
        nl.stories([same], threshold=0)
    with pytest.raises(ColumnError, match="unique"):
        nl.stories(pd.DataFrame({"article_id": ["a", "a"], "text": [same, same]}))
    with pytest.raises(ColumnError, match="text"):
        nl.stories(pd.DataFrame({"article_id": ["a"]}))
    with pytest.raises(ColumnError, match="nl.load"):
        nl.stories(42)


def test_stories_streamed_in_chunks_refines_the_batch_result(corpus):
    ordered = corpus.sort_values("published").reset_index(drop=True)
    chunks = lambda: (ordered.iloc[i: i + 5] for i in range(0, len(ordered), 5))  # noqa: E731
    streamed = nl.stories(chunks=chunks).set_index("article_id")["story"]
    batch = nl.stories(ordered).set_index("article_id")["story"]
    streamed = streamed.reindex(batch.index)
    # every streamed story lies inside one batch story (streaming skips the follow-up merge)
    assert streamed.groupby(streamed).apply(lambda s: batch[s.index].nunique()).eq(1).all()
    with pytest.raises(OptionError, match="date order"):
        nl.stories(chunks=lambda: iter([ordered.iloc[12:], ordered.iloc[:12]]))


def _synthetic(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    vocab = np.array([f"w{i}" for i in range(5000)])
    zipf = 1 / np.arange(1, 5001) ** 1.1
    zipf /= zipf.sum()
    event = rng.integers(0, n // 3, size=n)
    event_words = rng.integers(500, 5000, size=(n // 3, 8))
    day = rng.integers(0, 120, size=n // 3)[event]
    texts = []
    for i in range(n):
        w = np.where(rng.random(120) < 0.15, event_words[event[i]][rng.integers(0, 8, 120)], rng.choice(5000, 120, p=zipf))
        texts.append(" ".join(vocab[w]))
    return pd.DataFrame({"article_id": [str(i) for i in range(n)], "title": [t[:40] for t in texts], "text": texts,
                         "published": pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(day, unit="D"), "event": event})


def test_stories_cost_grows_less_than_quadratically():
    small, large = _synthetic(600), _synthetic(2400, seed=1)
    nl.stories(small)  # warm up

    def best_of_two(arts):  # another test's work on a shared core only adds time
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            out = nl.stories(arts)
            times.append(time.perf_counter() - t0)
        return min(times), out

    t_small, _ = best_of_two(small)
    t_large, out = best_of_two(large)
    assert t_large / t_small < 10  # 4x the articles; all pairs would be 16x
    assert _pair_f1(large["event"], out["story"]) > 0.9


def test_stories_a_wire_story_run_by_thousands_of_papers_in_a_week_is_one_story():
    """Every key word of a story carried by 2,500 papers in five days is shared by more articles than
    MAX_POSTING, and the copies share nothing rarer: they still form one story, and a report on
    another event that week stays apart."""
    from newslens.stories import MAX_POSTING

    words = ("The regional water board approved a plan on Monday to rebuild the eastern reservoir dam after "
             "inspectors found seepage beneath its spillway; farmers downstream asked for compensation while "
             "the work lowers the lake through the summer, and engineers expect the repairs to last two years.").split() * 3
    n = 2_500
    assert n > MAX_POSTING
    texts = [f"From our partners, edition {i}. " + " ".join(f"town{i}" if j == i * 7 % len(words) else w
                                                             for j, w in enumerate(words)) for i in range(n)]
    other = ("A fire destroyed a furniture warehouse near the harbour overnight, and firefighters kept it from "
             "spreading to the fuel depot next door; the owners said the stock was insured.")
    arts = pd.DataFrame({"article_id": [f"a{i}" for i in range(n)] + ["fire"], "text": texts + [other],
                         "title": ["Water board backs dam rebuild"] * n + ["Warehouse fire at the harbour"],
                         "published": pd.Timestamp("2024-05-06", tz="UTC") + pd.to_timedelta([i % 5 for i in range(n)] + [2], unit="D")})
    out = nl.stories(arts).set_index("article_id")["story"]
    assert out.drop("fire").nunique() == 1
    assert out["fire"] != out["a0"]


@pytest.mark.shared
@pytest.mark.filterwarnings("ignore:nl.load made .* repeated article_id")  # BASIL repeats a placeholder id
def test_stories_recover_basil_events(shared_data):
    arts = nl.load(shared_data("basil", "articles"))
    out = nl.stories(arts)
    assert _pair_f1(arts["triplet-uuid"], out["story"]) >= 0.95


# ---------------------------------------------------------------- compare within stories
def _paired():
    arts = pd.DataFrame({"article_id": list("abcdefg"), "outlet": list("XYXYXYX"),
                         "event": [1, 1, 2, 2, 3, 3, 4], "text": ["."] * 7})
    scores = pd.DataFrame({"article_id": list("abcdefgg"), "sentiment": [0.5, 0.1, -0.2, -0.6, 0.0, -0.3, 0.9, 0.7]})
    return arts, scores


def test_compare_mean_of_story_differences_with_bootstrap_interval():
    arts, scores = _paired()
    out = nl.compare(scores, arts, by="outlet", within="event", n_boot=500)
    row = out.iloc[0]
    diffs = [0.5 - 0.1, -0.2 - (-0.6), 0.0 - (-0.3)]
    assert row["outlet_a"] == "X" and row["outlet_b"] == "Y"
    assert row["difference"] == pytest.approx(np.mean(diffs))
    assert row["ci_low"] <= row["difference"] <= row["ci_high"]
    assert min(diffs) - 1e-9 <= row["ci_low"] and row["ci_high"] <= max(diffs) + 1e-9
    assert row["n_stories"] == 3 and row["n_articles_a"] == 3 and row["n_articles_b"] == 3
    # the raw difference also counts story 4, which only X covered (its article mean is 0.8)
    assert row["raw_difference"] == pytest.approx(np.mean([0.5, -0.2, 0.0, 0.8]) - np.mean([0.1, -0.6, -0.3]))


def test_compare_splits_by_target_and_matches_stories_when_asked(corpus, corpus_stories):
    stance = pd.DataFrame({"article_id": list(corpus["article_id"]) * 2,
                           "target": ["Hale"] * len(corpus) + ["Vance"] * len(corpus),
                           "stance": np.linspace(-1, 1, 2 * len(corpus))})
    out = nl.compare(stance, corpus, by="outlet", n_boot=200)
    assert set(out["target"]) == {"Hale", "Vance"}
    assert len(out) == 2 * 6  # 4 outlets -> 6 pairs per target
    assert out["n_stories"].max() <= corpus_stories["story"].nunique()
    assert out.attrs["newslens"]["stories"] == "matched with nl.stories"


def test_compare_bad_input():
    arts, scores = _paired()
    with pytest.raises(OptionError, match=r"one value \('X', 7 article"):
        nl.compare(scores, arts.assign(outlet="X"), by="outlet", within="event")
    with pytest.raises(OptionError, match="one value"):
        nl.compare(scores.iloc[:1], arts.iloc[:1])  # one article
    with pytest.raises(ColumnError, match="None of the scored articles .*'zz'"):
        nl.compare(scores.assign(article_id="zz"), arts, within="event")
    with pytest.raises(ColumnError, match="all missing"):
        nl.compare(scores.assign(sentiment=np.nan), arts, within="event")
    with pytest.raises(ColumnError, match="outlet"):
        nl.compare(scores, arts.drop(columns="outlet"))
    with pytest.raises(ColumnError, match="numeric"):
        nl.compare(scores.assign(sentiment="high"), arts, within="event")
    with pytest.raises(ColumnError, match="within"):
        nl.compare(scores, arts, within="episode")
    with pytest.raises(ColumnError):
        nl.compare([0.1, 0.2], arts)


def test_plot_within_story_draws_each_pair(tmp_path):
    arts, scores = _paired()
    out = nl.compare(scores, arts, by="outlet", within="event", n_boot=200)
    ax = nl.plot.within_story(out)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["X − Y"]
    ax.figure.savefig(tmp_path / "within.png")
    with pytest.raises(ColumnError, match="nl.compare"):
        nl.plot.within_story(pd.DataFrame({"x": [1]}))


# ---------------------------------------------------------------- awkward input, each function
def _awkward():
    """Two events (a storm, a mill closure) reported by two outlets, a month apart."""
    storm = "Storm Imogen floods harbour homes; rescue boats reach families in Port Calder overnight."
    mill = "Northgate paper mill closes in Milltown, cutting 640 jobs, the company said on Monday."
    return pd.DataFrame({"article_id": ["a", "b", "c", "d"], "outlet": ["X", "Y", "X", "Y"],
                         "title": ["Storm floods Port Calder", "Port Calder storm", "Milltown mill closes", "Mill to close"],
                         "text": [storm, storm.replace("overnight", "on Monday"), mill, mill.replace("Monday", "Tuesday")],
                         "published": pd.to_datetime(["2024-03-04", "2024-03-05", "2024-04-02", "2024-04-03"], utc=True)})


def test_stories_dates_missing_unreadable_or_in_mixed_time_zones():
    arts = _awkward()
    expected = [0, 0, 1, 1]
    # no published column, all missing (NaT or NaN): matched on the text alone, said in attrs
    for table in (arts.drop(columns="published"), arts.assign(published=pd.NaT), arts.assign(published=np.nan)):
        out = nl.stories(table)
        assert out["story"].tolist() == expected and out.attrs["newslens"]["undated"] == 4
    # mixed time zones (strings with offsets, aware and naive values) are compared in UTC
    mixed = arts.assign(published=pd.Series(["2024-03-04T23:30:00-05:00", pd.Timestamp("2024-03-05 09:00", tz="Europe/Paris"),
                                             "2024-04-02", "2024-04-03T01:00:00Z"], dtype=object))
    out = nl.stories(mixed)
    assert out["story"].tolist() == expected and out.attrs["newslens"]["undated"] == 0
    # text that is not a date: a warning naming the first such article, then matched on text
    with pytest.warns(nl.errors.NewsLensWarning, match="article 'b', 'last week'"):
        out = nl.stories(arts.assign(published=["2024-03-04", "last week", "2024-04-02", None]))
    assert out["story"].tolist() == expected and out.attrs["newslens"]["undated"] == 2
    # numbers are not read as nanoseconds since 1970: a clear error with the fix
    with pytest.raises(ColumnError, match=r"article 'a'.*unit='s'"):
        nl.stories(arts.assign(published=[1709510400, 1709596800, 1712016000, 1712102400]))


def test_stories_identical_and_empty_texts_in_a_table():
    arts = _awkward()
    same = nl.stories(arts.assign(text=arts["text"][0], title="Storm"))
    # identical texts a month apart stay two stories (the window); the later copy in each is a duplicate
    assert same["story"].tolist() == [0, 0, 1, 1]
    assert same["duplicate"].tolist() == [False, True, False, True]
    assert same["duplicate_of"].fillna("-").tolist() == ["-", "a", "-", "c"]
    empty = nl.stories(arts.assign(text="", title=""))
    assert empty["story"].tolist() == [0, 1, 2, 3] and empty["shared_terms"].eq("").all()


def test_stories_bad_chunks_name_the_problem():
    arts = _awkward()
    with pytest.raises(OptionError, match="cannot be iterated"):
        nl.stories(chunks=lambda: 5)
    with pytest.raises(ColumnError, match="'a' appears in two chunks"):
        nl.stories(chunks=lambda: iter([arts.iloc[:2], arts.iloc[:1].assign(published=arts["published"][1])]))
    with pytest.raises(OptionError, match=r"article 'a' \(published 2024-03-04"):
        nl.stories(chunks=lambda: iter([arts.iloc[2:], arts.iloc[:2]]))
    with pytest.raises(ColumnError, match="Chunk 1 .*unique"):
        nl.stories(chunks=lambda: iter([arts.iloc[:2], arts.iloc[2:].assign(article_id="z")]))
    assert nl.stories(chunks=lambda: iter([])).empty
    out = nl.stories(chunks=lambda: iter([arts.iloc[:0], arts.iloc[:2], arts.iloc[2:]]))
    assert out["story"].tolist() == [0, 0, 1, 1] and out.attrs["newslens"]["window"] == "7D"


def test_compare_within_matched_stories_on_awkward_input():
    arts = _awkward()
    scores = pd.DataFrame({"article_id": list("abcd"), "sentiment": [0.4, 0.0, -0.2, -0.4]})
    for table in (arts.drop(columns="published"), arts.assign(published=pd.NaT),
                  arts.assign(published=pd.Series(["2024-03-04T23:30:00-05:00", "2024-03-05", "2024-04-02", "2024-04-03"]))):
        row = nl.compare(scores, table, by="outlet", n_boot=100).iloc[0]
        assert row["n_stories"] == 2 and row["difference"] == pytest.approx(0.3)
    # identical texts: the copies are one story per event, still compared story by story
    same = nl.compare(scores, arts.assign(text="Same words in every report of the day.", title=""), n_boot=100).iloc[0]
    assert same["n_stories"] == 2
    # empty texts: every article is its own story, so no story is shared: said, not guessed
    empty = nl.compare(scores, arts.assign(text="", title=""), n_boot=100).iloc[0]
    assert empty["n_stories"] == 0 and np.isnan(empty["difference"]) and np.isnan(empty["ci_low"])
    assert empty["raw_difference"] == pytest.approx(0.3)
