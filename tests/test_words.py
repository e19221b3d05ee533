"""nl.keyness (Fightin' Words), nl.kwic and its HTML view, nl.plot.keyness."""
from __future__ import annotations

import math

import pandas as pd
import pytest

import newslens as nl
from newslens.errors import ColumnError, OptionError


@pytest.fixture
def small():
    # group A: 8 words, group B: 8 words (body paragraphs; no captions or bylines)
    return pd.DataFrame({
        "article_id": ["a1", "a2", "b1", "b2"],
        "outlet": ["A", "A", "B", "B"],
        "text": ["Tax cuts help families.", "Tax cuts work.", "Tax hikes hurt.", "Families fear tax hikes now."],
    })


def test_keyness_z_scores_equal_a_hand_computed_reference(small):
    out = nl.keyness(small, by="outlet", groups=("A", "B"), prior=10).set_index("word")
    # counts: A = tax 2, cuts 2, help 1, families 1, work 1 (7 words); B = tax 2, hikes 2, hurt 1, families 1, fear 1, now 1 (8 words)
    # all words: 15; "cuts": y_a 2, y_b 0, corpus count 2 -> alpha = 10 * 2 / 15 = 4/3
    a = 10 * 2 / 15
    delta = math.log((2 + a) / (7 + 10 - 2 - a)) - math.log((0 + a) / (8 + 10 - 0 - a))
    z = delta / math.sqrt(1 / (2 + a) + 1 / (0 + a))
    assert out.at["cuts", "log_odds"] == pytest.approx(delta, rel=1e-12)
    assert out.at["cuts", "z"] == pytest.approx(z, rel=1e-12)
    # "tax": 2 against 2, alpha = 10 * 4 / 15
    a = 10 * 4 / 15
    delta = math.log((2 + a) / (7 + 10 - 2 - a)) - math.log((2 + a) / (8 + 10 - 2 - a))
    assert out.at["tax", "z"] == pytest.approx(delta / math.sqrt(2 / (2 + a)), rel=1e-12)
    assert out.at["cuts", "n_a"] == 2 and out.at["cuts", "n_b"] == 0
    assert out.at["hikes", "z"] < 0 and out.at["hikes", "favours"] == "B"
    assert out.attrs["newslens"]["words_a"] == 7 and out.attrs["newslens"]["words_b"] == 8


def test_keyness_chi2_matches_scipy_with_yates_correction(small):
    stats = pytest.importorskip("scipy.stats")
    out = nl.keyness(small, groups=("A", "B")).set_index("word")
    table = [[2, 0], [7 - 2, 8 - 0]]
    chi2, p, _, _ = stats.chi2_contingency(table, correction=True)
    assert out.at["cuts", "chi2"] == pytest.approx(chi2)
    assert out.at["cuts", "p_chi2"] == pytest.approx(p)
    assert out.at["hikes", "chi2"] < 0  # signed toward group b


def test_keyness_stop_words_only_by_option_and_phrases(small):
    arts = small.assign(text=small["text"] + " The end of the day.")
    kept = nl.keyness(arts, groups=("A", "B"))
    assert "the" in set(kept["word"])
    dropped = nl.keyness(arts, groups=("A", "B"), stop_words="english", ngrams=(1, 2))
    assert "the" not in set(dropped["word"]) and "tax cuts" in set(dropped["word"])
    assert not any("the" in w.split() for w in dropped["word"])
    custom = nl.keyness(arts, groups=("A", "B"), stop_words=["tax"])
    assert "tax" not in set(custom["word"])


def test_keyness_counts_body_paragraphs_only(corpus_with_debris):
    out = nl.keyness(corpus_with_debris, groups=("A", "B"))
    assert "photo" not in set(out["word"]) and "subscribe" not in set(out["word"])


@pytest.fixture
def corpus_with_debris():
    return pd.DataFrame({
        "article_id": ["1", "2"], "outlet": ["A", "B"],
        "text": ["The mill will close.\n\n(Photo by Sam Ortiz/Civic Wire)\n\nSign up for our newsletter to subscribe.",
                 "The storm flooded homes.\n\nThe river rose overnight."],
    })


def test_keyness_one_group_against_the_rest_and_bad_groups(small):
    three = pd.concat([small, pd.DataFrame({"article_id": ["c1"], "outlet": ["C"], "text": ["Tax cuts again."]})])
    rest = nl.keyness(three, groups=("A", None))
    assert rest.attrs["newslens"]["groups"] == ["A", "rest"] and rest.attrs["newslens"]["articles_b"] == 3
    with pytest.raises(OptionError, match="groups"):
        nl.keyness(three)  # three outlets: the pair must be named
    with pytest.raises(OptionError, match="'Z'"):
        nl.keyness(small, groups=("A", "Z"))
    with pytest.raises(OptionError, match="overlap"):
        nl.keyness(small, groups=(["A", "B"], "B"))
    with pytest.raises(ColumnError, match="leaning"):
        nl.keyness(small, by="leaning")
    with pytest.raises(OptionError, match="prior"):
        nl.keyness(small, prior=0)


def test_keyness_empty_and_single_article_groups(small):
    empty = small.assign(text="")
    with pytest.warns(nl.errors.NewsLensWarning, match="no words to count in 'A' .* and 'B'"):
        out = nl.keyness(empty, groups=("A", "B"))
    assert out.empty and "z" in out.columns
    one = nl.keyness(small.iloc[[0, 2]], groups=("A", "B"))
    assert len(one) > 0 and one["z"].notna().all()


def test_kwic_offsets_point_into_the_article_text():
    arts = nl.load_example()
    k = nl.kwic(arts, "Hale", window=5)
    assert len(k) > 10 and list(k.columns[:7]) == ["article_id", "paragraph", "left", "match", "right", "start", "end"]
    text = dict(zip(arts["article_id"], arts["text"]))
    assert all(text[a][s:e] == m for a, s, e, m in zip(k["article_id"], k["start"], k["end"], k["match"]))
    assert k["left"].str.split().str.len().le(5).all() and "outlet" in k.columns


def test_kwic_phrases_regex_case_and_whole_words():
    texts = ["The flood  defence fund was spent.", "FLOOD DEFENCE plans; Halesworth is not Hale.", "hale and hearty"]
    assert len(nl.kwic(texts, "flood defence")) == 2  # any run of spaces between the words
    assert len(nl.kwic(texts, "flood defence", case="match")) == 1
    assert nl.kwic(texts, "Hale")["match"].tolist() == ["Hale", "hale"]
    assert nl.kwic(texts, "Hale", case="match")["match"].tolist() == ["Hale"]
    assert nl.kwic(texts, "Hale", whole_words=False)["match"].tolist() == ["Hale", "Hale", "hale"]
    assert nl.kwic(texts, r"flood\s+defen[cs]e", regex=True)["article_id"].tolist() == ["0", "1"]
    assert nl.kwic(texts, "Hale", window=0)[["left", "right"]].eq("").all().all()
    with pytest.raises(OptionError, match="regular expression"):
        nl.kwic(texts, "(unclosed", regex=True)
    with pytest.raises(OptionError, match="case"):
        nl.kwic(texts, "Hale", case="upper")
    with pytest.raises(OptionError, match="pattern"):
        nl.kwic(texts, "  ")
    assert nl.kwic([""], "Hale").empty


def test_kwic_view_escapes_untrusted_text():
    hostile = ['Hale said <img src=x onerror=alert(1)> "quoted" & <script>alert(2)</script>']
    view = nl.kwic_view(nl.kwic(pd.DataFrame({"article_id": ["x"], "title": ['<b onmouseover="x">t</b>'], "text": hostile}), "Hale"))
    assert "<script" not in view.html and "<img" not in view.html and "onmouseover=\"x\"" not in view.html
    assert "&lt;img" in view.html and "<mark>Hale</mark>" in view.html
    assert view._repr_html_() == view.html
    with pytest.raises(ColumnError, match="nl.kwic"):
        nl.kwic_view(pd.DataFrame({"a": [1]}))


def test_plot_keyness_labels_do_not_overlap(tmp_path):
    arts = nl.load_example()
    table = nl.keyness(arts, groups=("The Daily Flash", "The Harbor Ledger"), stop_words="english")
    ax = nl.plot.keyness(table, top=15)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text() in set(table["word"])]
    assert len(labels) >= 5
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not any(boxes[i].overlaps(boxes[j]) for i in range(len(boxes)) for j in range(i + 1, len(boxes)))
    assert ax.get_xscale() == "log"
    fig.savefig(tmp_path / "keyness.png")
    with pytest.raises(ColumnError, match="nl.keyness"):
        nl.plot.keyness(pd.DataFrame({"word": ["x"]}))


def test_keyness_and_kwic_on_awkward_input(small):
    # one outlet only: the default pair cannot be formed, "the rest" would be empty
    with pytest.raises(OptionError, match="1 values"):
        nl.keyness(small.assign(outlet="A"))
    with pytest.raises(OptionError, match=r"second group \('rest'\) has no articles"):
        nl.keyness(small.assign(outlet="A"), groups=("A", None))
    # one article, an empty table, an outlet column with no value
    with pytest.raises(OptionError, match="must be one of 'A'; got 'B'"):
        nl.keyness(small.iloc[:1], groups=("A", "B"))
    with pytest.raises(OptionError, match="the articles table is empty"):
        nl.keyness(small.iloc[:0], groups=("A", "B"))
    with pytest.raises(OptionError, match="every 'outlet' is missing"):
        nl.keyness(small.assign(outlet=None), groups=("A", "B"))
    # empty texts in one group: a warning naming the group, the other group's words still counted
    with pytest.warns(nl.errors.NewsLensWarning, match="no words to count in 'B' \\(2 article"):
        out = nl.keyness(small.assign(text=["Tax cuts help.", "Cuts work.", "", None]), groups=("A", "B"))
    # against nothing, no word is distinctive (the prior is group A's own distribution)
    assert set(out["word"]) == {"tax", "cuts", "help", "work"} and out["n_b"].eq(0).all()
    assert out["z"].abs().max() == pytest.approx(0.0, abs=1e-9) and out["favours"].eq("neither").all()
    # identical texts: nothing is distinctive
    same = nl.keyness(small.assign(text="Tax cuts help families."), groups=("A", "B"))
    assert same["z"].abs().max() == pytest.approx(0.0, abs=1e-9)
    # dates play no part: missing or mixed time zones change nothing
    dated = small.assign(published=["2024-01-01T10:00:00+02:00", None, "2024-01-02", "not a date"])
    assert nl.keyness(dated, groups=("A", "B")).equals(nl.keyness(small, groups=("A", "B")))
    # kwic: empty, missing and identical texts, one article
    assert nl.kwic(small.assign(text=["", None, "Tax.", "Tax."]), "tax")["article_id"].tolist() == ["b1", "b2"]
    assert nl.kwic(small.iloc[:1], "families")["match"].tolist() == ["families"]
    assert nl.kwic(small.iloc[:0], "tax").empty
    assert nl.kwic(dated, "tax")["article_id"].nunique() == 4
