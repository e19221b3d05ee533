"""nl.plot: artists are inspected (line data, bar heights, norms, labels), not only that a call ran."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import newslens as nl  # noqa: E402
from newslens.errors import ColumnError, OptionError  # noqa: E402
from newslens.plot import NEGATIVE, POSITIVE, SOURCING_COLOURS  # noqa: E402

OUTLETS = ["CNN", "Fox News", "The New York Times Opinion Section", "Reuters"]


@pytest.fixture(autouse=True)
def _close_and_forbid_show(monkeypatch):
    def _no_show(*a, **k):
        raise AssertionError("plot functions must never call plt.show()")

    monkeypatch.setattr(plt, "show", _no_show)
    plt.close("all")
    yield
    plt.close("all")


def _save(ax, tmp_path, name):
    path = tmp_path / f"{name}.png"
    ax.figure.savefig(path, dpi=60, bbox_inches="tight")
    assert path.stat().st_size > 1000


@pytest.fixture
def corpus():
    rng = np.random.default_rng(7)
    n = 24
    arts = pd.DataFrame({
        "article_id": [f"a{i}" for i in range(n)],
        "outlet": [OUTLETS[i % 4] for i in range(n)],
        "published": pd.date_range("2024-03-04", periods=n, freq="3D", tz="UTC"),
    })
    frames = pd.DataFrame([(a, f, bool(rng.random() < p)) for a in arts.article_id
                           for f, p in [("conflict", .7), ("economic", .4), ("human_interest", .2)]],
                          columns=["article_id", "frame", "present"])
    return arts, frames


# ------------------------------------------------------------------ sentiment_arc
def test_plot_sentiment_arc_paragraph_line_zero_and_nonbody(tmp_path, seed_path):
    text = seed_path.read_text("utf-8")
    arts = pd.DataFrame({"article_id": ["seed"], "text": [text]})
    paras = nl.paragraphs(arts)
    body = paras[(paras.kind == "body") & ~paras.duplicate]
    # two sentences per body paragraph; the arc averages them per paragraph
    sent = pd.concat([body[["article_id", "paragraph"]].assign(sentiment=v, _k=k)
                      for k, v in ((0, 0.6), (1, -0.2))]).sort_values(["paragraph", "_k"]).reset_index(drop=True)
    sent = sent.drop(columns="_k").assign(sentence=range(len(sent)))
    sent.loc[sent.paragraph == body.paragraph.iloc[1], "sentiment"] = -0.9
    ax = nl.plot.sentiment_arc(sent, paragraphs=paras)
    line = next(l for l in ax.lines if l.get_gid() == "sentiment")
    expected = sent.groupby("paragraph")["sentiment"].mean()
    assert list(line.get_xdata()) == list(expected.index.astype(float))
    assert np.allclose(line.get_ydata(), expected.to_numpy())
    zero = next(l for l in ax.lines if l.get_gid() == "zero")
    assert list(zero.get_ydata()) == [0, 0]
    labels = " ".join(t.get_text() for t in ax.texts)
    for kind in ("caption", "credit", "byline", "duplicate"):
        assert kind in labels
    assert len([p for p in ax.patches]) >= (paras.kind != "body").sum() - 1  # shaded bands (adjacent ones merged by label)
    pts = ax.collections[0].get_facecolors()
    ys = expected.to_numpy()
    assert to_hex(pts[int(np.argmax(ys))]) == POSITIVE.lower() and to_hex(pts[int(np.argmin(ys))]) == NEGATIVE.lower()
    assert "−1…1" in ax.get_ylabel() and ax.get_title(loc="left") and ax.get_legend() is not None
    _save(ax, tmp_path, "arc")


def test_plot_sentiment_arc_sentence_level_and_errors(tmp_path):
    s = pd.DataFrame({"article_id": "a", "paragraph": [0, 0, 2, 2], "sentence": [0, 1, 2, 3], "sentiment": [.1, -.4, .3, 0]})
    p = pd.DataFrame({"article_id": "a", "paragraph": [0, 1, 2], "kind": ["body", "caption", "body"], "duplicate": False})
    ax = nl.plot.sentiment_arc(s, paragraphs=p, by="sentence")
    line = next(l for l in ax.lines if l.get_gid() == "sentiment")
    assert list(line.get_ydata()) == [.1, -.4, .3, 0]
    marker = [l for l in ax.lines if l.get_gid() not in ("sentiment", "zero")]
    assert marker and marker[0].get_xdata()[0] == 1.5  # the caption sits between sentences 1 and 2
    assert ax.get_xlabel().startswith("sentence")
    _save(ax, tmp_path, "arc_sentence")
    with pytest.raises(OptionError, match="'paragraph', 'sentence'"):
        nl.plot.sentiment_arc(s, by="word")
    with pytest.raises(ColumnError, match=r"^The sentiment table has no column 'sentiment' .*nl\.sentiment"):
        nl.plot.sentiment_arc(s.drop(columns="sentiment"))
    with pytest.raises(ColumnError, match=r"^The sentiment table must be a pandas DataFrame"):
        nl.plot.sentiment_arc(s.to_dict("records"))
    two = pd.concat([s, s.assign(article_id="b")])
    with pytest.raises(OptionError, match="article_id"):
        nl.plot.sentiment_arc(two)
    ax2 = nl.plot.sentiment_arc(two, article_id="b", ax=plt.figure().gca())
    assert "b" in ax2.get_title(loc="left")


# ------------------------------------------------------------------ stance_heatmap
def test_plot_stance_heatmap_centred_norm_and_counts(tmp_path, corpus):
    arts, _ = corpus
    rng = np.random.default_rng(1)
    st = pd.DataFrame([(a, t, float(rng.uniform(-.8, .3)), int(rng.integers(1, 4)))
                       for a in arts.article_id for t in ["Russia", "North Korea"]],
                      columns=["article_id", "target", "stance", "n_mentions"])
    before = st.copy()
    ax = nl.plot.stance_heatmap(st, articles=arts)
    pd.testing.assert_frame_equal(st, before)
    im = ax.images[0]
    assert im.norm.vcenter == 0 and im.norm.vmin == -im.norm.vmax
    merged = st.merge(arts, on="article_id")
    means = merged.groupby(["target", "outlet"])["stance"].mean().unstack()
    assert np.allclose(np.asarray(im.get_array()), means.to_numpy())
    counts = merged.groupby(["target", "outlet"])["n_mentions"].sum().unstack()
    cells = [t.get_text() for t in ax.texts if t.get_gid() == "cell"]
    assert len(cells) == counts.size
    assert f"n={counts.iat[0, 0]}" in cells[0] and f"{means.iat[0, 0]:+.2f}" in cells[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert any("\n" in t for t in ticks)  # the long outlet name is wrapped
    cbar_ax = ax.figure.axes[-1]
    assert "stance" in cbar_ax.get_ylabel()
    _save(ax, tmp_path, "stance")


def test_plot_stance_heatmap_sentence_rows_and_missing_outlet():
    st = pd.DataFrame({"article_id": ["a", "a", "b"], "target": "Kim", "stance": [0.5, -0.1, 0.2]})
    ax = nl.plot.stance_heatmap(st, columns="article_id")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    cells = [t.get_text() for t in ax.texts if t.get_gid() == "cell"]
    assert cells == ["+0.20\nn=2", "+0.20\nn=1"]
    with pytest.raises(ColumnError, match="articles="):
        nl.plot.stance_heatmap(st)
    with pytest.raises(ColumnError, match=r"^The articles table has no column 'outlet' .*nl\.load"):
        nl.plot.stance_heatmap(st, articles=pd.DataFrame({"article_id": ["a", "b"]}))
    with pytest.raises(OptionError, match="'article_id', 'outlet'"):
        nl.plot.stance_heatmap(st, columns="author")


# ------------------------------------------------------------------ frames
def test_plot_frames_bar_heights_are_article_shares(tmp_path, corpus):
    arts, frames = corpus
    # sentence-level rows: an article counts once however many sentences carry the frame
    doubled = pd.concat([frames.assign(sentence=0), frames.assign(sentence=1, present=False)])
    ax = nl.plot.frames(doubled, articles=arts)
    share = frames.merge(arts, on="article_id").groupby(["outlet", "frame"])["present"].mean().unstack() * 100
    order = ["conflict", "economic", "human_interest"]
    expected = [share.loc[o, f] for o in sorted(OUTLETS) for f in order]
    heights = [p.get_height() for p in ax.patches]
    assert np.allclose(heights, expected)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["conflict", "economic", "human interest"]
    assert ax.get_ylabel() == "share of articles (%)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "CNN (n=6)" and len(legend) == 4
    assert len({to_hex(p.get_facecolor()) for p in ax.patches}) == 4
    _save(ax, tmp_path, "frames")
    ax = nl.plot.frames(frames, by=None, ax=plt.figure().gca())
    assert np.allclose([p.get_height() for p in ax.patches], frames.groupby("frame", sort=False)["present"].mean() * 100)


def test_plot_frames_over_time_weekly_share(tmp_path, corpus):
    arts, frames = corpus
    ax = nl.plot.frames_over_time(frames, arts, freq="W")
    assert [l.get_label() for l in ax.lines] == ["conflict", "economic", "human interest"]
    m = frames.merge(arts, on="article_id")
    week = m["published"].dt.tz_localize(None).dt.to_period("W").dt.start_time
    exp = m[m.frame == "conflict"].groupby(week[m.frame == "conflict"])["present"].mean() * 100
    assert np.allclose(ax.lines[0].get_ydata(), exp.to_numpy())
    assert "week" in ax.get_ylabel() and "%" in ax.get_ylabel()
    _save(ax, tmp_path, "frames_time")
    with pytest.raises(OptionError, match="frame"):
        nl.plot.frames_over_time(frames, arts, frame="nope")


# ------------------------------------------------------------------ compare
def test_plot_compare_summary_points_and_intervals(tmp_path):
    summ = pd.DataFrame({"outlet": OUTLETS, "mean": [0.1, -0.2, 0.05, 0.0], "ci_low": [0.0, -0.35, -0.1, -0.05],
                         "ci_high": [0.2, -0.05, 0.2, 0.05], "n": [30, 25, 40, 60], "n_effective": [28, 20, 40, 45]})
    ax = nl.plot.compare(summ, measure="sentiment")
    cont = ax.containers[0]
    xs, ys = cont.lines[0].get_data()
    assert np.allclose(xs, summ["mean"]) and list(ys) == [0, 1, 2, 3]
    segs = cont.lines[2][0].get_segments()
    assert np.allclose([s[0][0] for s in segs], summ["ci_low"]) and np.allclose([s[1][0] for s in segs], summ["ci_high"])
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[:2] == ["CNN", "Fox News"] and "\n" in ticks[2]
    notes = [t.get_text() for t in ax.texts]
    assert "n=30 (eff. 28)" in notes and "n=40" in notes
    assert any(l.get_gid() == "zero" for l in ax.lines)
    # a table without provenance: the unit, and no claim about the method that made the scores
    assert ax.get_xlabel() == "mean sentiment (−1…1); bars: 95% bootstrap interval"
    _save(ax, tmp_path, "compare")


@pytest.mark.parametrize("method", [None, "vader"])
def test_plot_sentiment_axes_name_the_method_that_made_the_scores(method):
    arts = nl.load_example()
    scores = nl.sentiment(nl.sentences(arts), **({} if method is None else {"method": method}))
    made_by = scores.attrs["newslens"]["method"]  # the default's name when method is None
    named = "VADER compound" if made_by == "vader" else made_by
    summ = nl.summarize(scores, arts, by=["outlet"])
    assert f"sentiment ({named}, −1…1)" in nl.plot.compare(summ).get_xlabel()
    one = scores[scores["article_id"] == scores["article_id"].iloc[0]]
    assert nl.plot.sentiment_arc(one).get_ylabel() == f"sentiment ({named}, −1…1)"
    comp = nl.compare(scores, arts, by="outlet", within="story")
    assert f"sentiment ({named}, −1…1)" in nl.plot.within_story(comp).get_xlabel()
    plt.close("all")


def test_plot_compare_hue_and_errors():
    base = pd.DataFrame({"outlet": ["A", "B"], "mean": [0.1, 0.3], "ci_low": [0.0, 0.2], "ci_high": [0.2, 0.4], "n": [5, 6]})
    summ = pd.concat([base.assign(target="Russia"), base.assign(target="Ukraine", mean=[-.1, -.3], ci_low=[-.2, -.4], ci_high=[0, -.2])])
    ax = nl.plot.compare(summ, measure="stance")
    assert len(ax.containers) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Russia", "Ukraine"]
    y0 = ax.containers[0].lines[0].get_ydata()
    y1 = ax.containers[1].lines[0].get_ydata()
    assert all(a < b for a, b in zip(y0, y1))  # dodged
    with pytest.raises(OptionError, match="at most one more group"):
        nl.plot.compare(summ.assign(frame="x"))
    with pytest.raises(ColumnError, match="nl.summarize"):
        nl.plot.compare(base.drop(columns="outlet"), by="outlet")


def test_plot_compare_scores_go_through_summarize(corpus):
    arts, _ = corpus
    rng = np.random.default_rng(3)
    scores = pd.DataFrame({"article_id": arts.article_id, "sentiment": rng.uniform(-1, 1, len(arts))})
    ax = nl.plot.compare(scores, articles=arts)
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert set(ticks) == set(OUTLETS)
    means = nl.summarize(scores, arts, by=["outlet"]).set_index("outlet")["mean"]
    drawn = ax.containers[0].lines[0].get_xdata()
    assert list(drawn) == pytest.approx(means.loc[ticks].tolist())
    # scores already merged with the outlet (the usual table at this step): same plot, with or without articles
    merged = scores.merge(arts[["article_id", "outlet"]])
    for kw in ({"articles": arts}, {}):
        ax2 = nl.plot.compare(merged, ax=plt.figure().gca(), **kw)
        assert [t.get_text().replace("\n", " ") for t in ax2.get_yticklabels()] == ticks
    assert list(ax2.containers[0].lines[0].get_xdata()) == pytest.approx(means.loc[ticks].tolist())
    # articles loaded without an outlet: one group, labelled as the other plots label it
    unknown = nl.plot.compare(scores, articles=arts.assign(outlet=None), ax=plt.figure().gca())
    assert [t.get_text() for t in unknown.get_yticklabels()] == ["(unknown)"]
    plt.close("all")


def test_plot_compare_periods_in_time_order_and_series_told_apart():
    """A summary by period: the periods in time order, labelled as dates; nine series, no two
    drawn in the same colour and marker."""
    periods = pd.to_datetime([f"{y}-01-01" for y in range(2024, 2015, -1)])  # newest first, as a table may come
    summ = pd.DataFrame({"outlet": "A", "period": periods, "mean": np.linspace(-0.2, 0.2, 9),
                         "ci_low": np.linspace(-0.3, 0.1, 9), "ci_high": np.linspace(-0.1, 0.3, 9), "n": 10})
    ax = nl.plot.compare(summ, measure="sentiment")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [str(y) for y in range(2016, 2025)]
    styles = [(to_hex(c.lines[0].get_color()), c.lines[0].get_marker()) for c in ax.containers]
    assert len(set(styles)) == 9


def test_plot_trend_lines_bands_gaps_and_top(tmp_path, corpus):
    arts, _ = corpus
    months = pd.to_datetime(["2024-03-01", "2024-04-01", "2024-05-01"])
    summ = pd.DataFrame({"outlet": ["CNN"] * 3 + ["Reuters"] * 3 + ["Fox News"],
                         "period": list(months[::-1]) + list(months) + [months[0]],
                         "mean": [0.3, 0.2, 0.1, -0.1, -0.2, -0.3, 0.5], "ci_low": [0.2, 0.1, 0.0, -0.2, -0.3, -0.4, 0.4],
                         "ci_high": [0.4, 0.3, 0.2, 0.0, -0.1, -0.2, 0.6], "n": [10, 12, 2, 20, 20, 20, 3]})
    ax = nl.plot.trend(summ, measure="sentiment", top=2)
    lines = {line.get_label(): line for line in ax.lines if not line.get_label().startswith("_")}
    assert list(lines) == ["Reuters", "CNN"]  # the groups with the most articles; Fox News left out
    x = pd.to_datetime(lines["CNN"].get_xdata())
    assert list(x) == list(months)  # in time order
    y = lines["CNN"].get_ydata()
    assert np.isnan(y[0]) and list(y[1:]) == [0.2, 0.3]  # March rests on 2 articles: not drawn, a gap
    assert len(ax.collections) == 2  # one interval band per line
    caption = " ".join(t.get_text() for t in ax.texts)
    assert "1 of 3 groups" in caption and "1 point(s)" in caption
    assert ax.get_ylabel() == "mean sentiment (−1…1)" and ax.get_xlabel().startswith("month")
    _save(ax, tmp_path, "trend")
    # a score table is summarised per period first; without a group, one line for the corpus
    rng = np.random.default_rng(5)
    scores = pd.DataFrame({"article_id": arts.article_id, "sentiment": rng.uniform(-1, 1, len(arts))})
    one = nl.plot.trend(scores, articles=arts, by=None, freq="M", ax=plt.figure().gca())
    drawn = [line for line in one.lines if not line.get_label().startswith("_")]
    expected = nl.summarize(scores, arts, by=None, freq="M")
    assert len(drawn) == 1 and list(drawn[0].get_ydata()) == pytest.approx(expected["mean"].tolist())
    # a month with no article of the group breaks its line too (the summary's freq says months)
    gap = summ[summ["outlet"] == "Reuters"].iloc[[0, 2]]
    gap.attrs["newslens"] = {"freq": "M"}
    y = nl.plot.trend(gap, ax=plt.figure().gca()).lines[0].get_ydata()
    assert len(y) == 3 and np.isnan(y[1])
    with pytest.raises(ColumnError, match="period"):
        nl.plot.trend(summ.drop(columns="period"))
    # nothing to draw: no line, and the plot says why and what to change
    empty = nl.plot.trend(summ.assign(n=1), ax=plt.figure().gca())
    assert not [line for line in empty.lines if not line.get_label().startswith("_")]
    assert any(t.get_gid() == "nothing drawn" and "freq=" in t.get_text() for t in empty.texts)


# ------------------------------------------------------------------ sources
def test_plot_sources_stacked_named_and_anonymous(tmp_path, corpus):
    arts, _ = corpus
    rows = []
    for i, a in enumerate(arts.article_id):
        rows += [(a, "Vladimir Putin", True, 2, 1), (a, "a senior official", False, i % 3, 0)]
    src = pd.DataFrame(rows, columns=["article_id", "source", "named", "n_quotes", "n_attributions"])
    ax = nl.plot.sources(src, articles=arts)
    m = src.merge(arts, on="article_id")
    tot = m.groupby(["outlet", "named"])["n_quotes"].sum().unstack()
    order = tot.sum(axis=1).sort_values(ascending=False).index
    named_bars, anon_bars = ax.containers
    assert np.allclose([b.get_width() for b in named_bars], tot.loc[order, True])
    assert np.allclose([b.get_width() for b in anon_bars], tot.loc[order, False])
    assert np.allclose([b.get_x() for b in anon_bars], tot.loc[order, True])  # stacked
    assert anon_bars[0].get_hatch() == "//"  # anonymous readable without colour
    share = round(100 * tot.loc[order[0], False] / tot.loc[order[0]].sum())
    assert f"{share:.0f}% anonymous" in [t.get_text() for t in ax.texts]
    assert ax.get_xlabel() == "quotes (count)"
    _save(ax, tmp_path, "sources")
    ax = nl.plot.sources(src, articles=arts, percent=True, count="sources", ax=plt.figure().gca())
    named_bars, anon_bars = ax.containers
    assert np.allclose([a.get_width() + b.get_width() for a, b in zip(named_bars, anon_bars)], 100)
    with pytest.raises(OptionError, match="'n_attributions', 'n_quotes', 'sources'"):
        nl.plot.sources(src, articles=arts, count="quotes")


# ------------------------------------------------------------------ sourcing
def test_plot_sourcing_strip_colours_and_legend(tmp_path):
    lab = ["reported", "attributed", "commentary", "commentary"]
    s = pd.DataFrame({"article_id": "a", "paragraph": [0, 1, 3, 4], "label": lab})
    p = pd.DataFrame({"article_id": "a", "paragraph": [0, 1, 2, 3, 4], "kind": ["body", "body", "caption", "body", "body"],
                      "duplicate": False})
    ax = nl.plot.sourcing(s, paragraphs=p)
    rects = sorted(ax.patches, key=lambda r: r.get_x())
    assert len(rects) == 5
    assert [to_hex(r.get_facecolor()) for r in rects[:2]] == [SOURCING_COLOURS["reported"].lower(), SOURCING_COLOURS["attributed"].lower()]
    assert rects[2].get_gid() == "not scored" and rects[3].get_hatch() == "//"
    legend = " ".join(t.get_text() for t in ax.get_legend().get_texts())
    for word in ("attributed", "reported", "commentary", "caption"):
        assert word in legend
    assert "caption" in [t.get_text() for t in ax.texts]
    _save(ax, tmp_path, "sourcing")
    with pytest.raises(ColumnError, match=r"nl\.sourcing"):
        nl.plot.sourcing(s.drop(columns="label"))


def test_plot_sourcing_sentence_table_splits_each_paragraph_among_its_sentences(tmp_path):
    """One commentary sentence in a paragraph the rule labels reported stays visible."""
    text = ("The council approved the budget on Tuesday. It passed by six votes to three.\n\n"
            "The mayor said the plan would cut waiting times.\n\n"
            "The vote came after a long debate. It ended at midnight. "
            "Frankly, this plan is a disgrace and the council should be ashamed of it.")
    sents = nl.sourcing([text], level="sentence")
    paras = nl.sourcing([text])
    ax = nl.plot.sourcing(sents)
    rects = sorted(ax.patches, key=lambda r: (r.get_x(), r.get_y()))
    assert len(rects) == len(sents)
    assert [r.get_gid() for r in rects] == sents.sort_values(["paragraph", "sentence"])["label"].tolist()
    for p, n in sents.groupby("paragraph").size().items():
        assert [round(r.get_height(), 6) for r in rects if round(r.get_x() + 0.5) == p] == [round(1 / n, 6)] * n
    last = [r.get_gid() for r in rects if round(r.get_x() + 0.5) == sents["paragraph"].max()]
    assert paras["label"].iloc[-1] == "reported" and last == ["reported", "reported", "commentary"]
    assert ax.get_title(loc="left").startswith("Sourcing, sentence by sentence")
    _save(ax, tmp_path, "sourcing_sentences")


def test_plot_functions_return_the_given_axes(corpus):
    arts, frames = corpus
    fig, axes = plt.subplots(1, 2)
    assert nl.plot.frames(frames, articles=arts, ax=axes[1]) is axes[1]
    assert len(axes[0].patches) == 0  # nothing drawn on the other Axes
    s = pd.DataFrame({"article_id": "a", "paragraph": [0, 1], "label": ["reported", "commentary"]})
    assert nl.plot.sourcing(s, ax=axes[0]) is axes[0]
