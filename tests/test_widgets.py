import pandas as pd
import pytest

import newslens as nl
from newslens.errors import OptionError
from newslens.widgets import article_view, corpus_view


@pytest.fixture(scope="module")
def articles():
    return nl.load_example()


def test_widgets_explore_follows_outlet_article_and_measure(articles):
    w = nl.explore(articles)
    outlet = sorted(articles["outlet"].unique())[1]
    w.outlet.value = outlet
    ids = [v for _, v in w.article.options]
    assert set(ids) == set(articles.loc[articles["outlet"] == outlet, "article_id"])
    title = articles.set_index("article_id").loc[w.article.value, "title"]
    assert pd.isna(title) or str(title)[:20].replace("&", "&amp;").replace("'", "&#x27;") in w.text.value
    w.measure.value = "quotes"
    assert "speaker" in w.numbers.value
    w.measure.value = "frames"
    assert "frame" in w.numbers.value and len(w.image.value) > 1000  # a PNG was drawn
    assert w.status.value == ""


def test_widgets_explore_compare_button_fills_corpus_tab(articles):
    w = nl.explore(articles)
    w.measure.value = "sentiment"
    assert w.corpus_table.value == ""
    w.compare_button.click()
    for outlet in articles["outlet"].unique():
        assert outlet in w.corpus_table.value
    assert w.corpus_image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_widgets_views_are_pure_functions(articles):
    aid = articles["article_id"].iloc[0]
    v = article_view(articles, aid, "sentiment")
    assert {"sentiment", "article_id"} <= set(v["table"].columns) and "evidence" not in v["table"].columns
    assert v["png"][:4] == b"\x89PNG"
    c = corpus_view(articles, "sourcing")
    assert set(c["table"]["outlet"]) == set(articles["outlet"])
    with pytest.raises(OptionError, match="sentiment"):
        article_view(articles, aid, "tone")


def test_widgets_code_records_resumes_and_feeds_agreement(articles, tmp_path):
    sents = nl.sentences(articles).merge(articles[["article_id", "outlet"]])
    sample = nl.sample(sents, 5, by="outlet", seed=0)
    path = tmp_path / "codes.csv"
    w = nl.code(sample, measure="sentiment", coders=["ana", "ben"], path=path)
    assert w.choice.options == ("negative", "neutral", "positive")
    w.choice.value = "negative"
    w.next_button.click()
    w.choice.value = "positive"
    assert w.progress.value == 2
    w.back_button.click()
    assert w.choice.value == "negative"  # the earlier code is shown again
    w.coder.value = "ben"
    assert w.choice.value is None
    w.choice.value = "negative"
    codes = w.codes
    assert list(codes.columns) == ["unit", "coder", "code"] and len(codes) == 3
    assert set(codes["unit"]) <= set(sample["unit"])
    # resume from the file in a new widget
    again = nl.code(sample, measure="sentiment", coders=["ana", "ben"], path=path)
    pd.testing.assert_frame_equal(again.codes.sort_values(["unit", "coder"]).reset_index(drop=True),
                                  codes.sort_values(["unit", "coder"]).reset_index(drop=True))
    res = nl.agreement(again.codes, n_boot=0)
    assert res.loc[0, "n_units"] == 1  # only one unit has two codes


def test_widgets_code_rejects_bad_measure(articles):
    with pytest.raises(OptionError, match="sentiment"):
        nl.code(pd.DataFrame({"text": ["a"]}), measure="mood")
