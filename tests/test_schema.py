"""Input contracts: declared table kinds, ids of every dtype, repeated ids and duplicate columns."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import newslens as nl
from newslens.errors import ColumnError, NewsLensWarning, OptionError
from newslens.schema import TABLE_ATTR, id_key, table_kind

TEXTS = ["The plan is good. It works well.", "A terrible failure. Everyone was sad."]


@pytest.fixture(scope="module")
def example():
    return nl.load_example()


def test_schema_integer_ids_keep_their_dtype_and_match_at_every_level():
    df = pd.DataFrame({"article_id": [1, 2], "text": TEXTS})
    sent = nl.sentiment(df)
    assert sent["article_id"].dtype == np.int64 and sent["article_id"].tolist() == [1, 1, 2, 2]
    art = nl.sentiment(df, level="article")
    assert art["article_id"].tolist() == [1, 2] and art["n_sentences"].tolist() == [2, 2]
    assert art["sentiment"].to_numpy() == pytest.approx(sent.groupby("article_id")["sentiment"].mean().to_numpy(), abs=1e-4)
    para = nl.sentiment(df, level="paragraph")
    assert para["article_id"].dtype == np.int64 and para["n_sentences"].tolist() == [2, 2]
    assert nl.paragraphs(df)["article_id"].dtype == np.int64


def test_schema_repeated_ids_are_an_error_naming_them():
    df = pd.DataFrame({"article_id": ["a", "a", "b", 7, 7.0], "text": ["Good day.", "Bad day.", "Fine.", "x", "y"]})
    for measure in (nl.sentiment, nl.stance, nl.frames, nl.quotes, nl.sourcing, nl.consistency, nl.paragraphs):
        with pytest.raises(ColumnError, match=r"2 repeated article_id value\(s\): 'a', 7\b.*drop_duplicates"):
            measure(df)
    # marked paragraph tables need unique (article_id, paragraph) keys instead
    paras = nl.as_table(pd.DataFrame({"article_id": ["a", "a"], "paragraph": [0, 0], "text": ["x.", "y."]}), "paragraphs")
    with pytest.raises(ColumnError, match=r"\(article_id, paragraph\) value\(s\): \('a', 0\).*cumcount"):
        nl.sentiment(paras)


def test_schema_an_extra_paragraph_column_does_not_make_articles_paragraphs(example):
    plain = nl.sourcing(example)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for extra in ({"paragraph": 1}, {"paragraph": 1, "sentence": 2}, {"start": 0, "end": 5}):
            pd.testing.assert_frame_equal(nl.sourcing(example.assign(**extra)), plain)
    assert table_kind(example.assign(paragraph=1)) == "articles"


def test_schema_marks_survive_ordinary_pandas_operations(example):
    sents = nl.sentences(example)
    paras = nl.paragraphs(example)
    assert sents.attrs[TABLE_ATTR] == "sentences" and paras.attrs[TABLE_ATTR] == "paragraphs"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kept = sents[sents["paragraph"] > 0].sort_values("start").assign(x=1).reset_index(drop=True)
        assert table_kind(kept) == "sentences"
        assert len(nl.sentiment(kept)) == len(kept)
        assert table_kind(pd.concat([paras.head(3), paras.tail(3)])) == "paragraphs"
    # merge drops attrs: the full set of sentence columns is still read as sentences, with a warning
    merged = sents.merge(example[["article_id", "outlet"]])
    assert merged.attrs.get(TABLE_ATTR) is None
    with pytest.warns(NewsLensWarning, match=r"nl\.as_table\(df, 'sentences'\)"):
        out = nl.sentiment(merged)
    assert len(out) == len(sents)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(nl.sentiment(nl.as_table(merged, "sentences"))) == len(sents)


def test_schema_own_sentence_table_must_be_declared():
    mine = pd.DataFrame({"article_id": ["a", "a"], "paragraph": [0, 0], "sentence": [0, 1],
                         "text": ["Good news. Really.", "Bad news."]})
    with pytest.raises(ColumnError, match=r"nl\.as_table\(df, 'sentences'\)"):
        nl.sentiment(mine)
    out = nl.sentiment(nl.as_table(mine, "sentences"))
    assert out["sentence"].tolist() == [0, 1] and out["label"].tolist() == ["positive", "negative"]
    with pytest.raises(ColumnError, match=r"no column 'paragraph'.*paragraph=0"):
        nl.as_table(mine.drop(columns="paragraph"), "sentences")
    with pytest.raises(OptionError, match=r"`kind` must be one of 'articles', 'paragraphs', 'sentences'; got 'sentence'"):
        nl.as_table(mine, "sentence")
    marked = nl.as_table(mine, "sentences")
    with pytest.raises(ColumnError, match="marked as a sentences table but lost"):
        nl.sentiment(marked.drop(columns="sentence"))
    assert mine.attrs == {}  # the argument is not changed


def test_schema_duplicate_column_names_are_a_clear_error():
    twice = pd.DataFrame([[1, "Good.", "Bad."]], columns=["article_id", "text", "text"])
    for call in (nl.sentiment, nl.paragraphs, nl.stance):
        with pytest.raises(ColumnError, match=r"2 columns named 'text'.*~df\.columns\.duplicated\(\)"):
            call(twice)
    scores = pd.DataFrame([[1, 0.5, 0.2]], columns=["article_id", "sentiment", "sentiment"])
    with pytest.raises(ColumnError, match=r"scores table has 2 columns named 'sentiment'"):
        nl.summarize(scores)
    codes = pd.DataFrame([["u", "ana", "positive", "x"]], columns=["unit", "coder", "code", "code"])
    with pytest.raises(ColumnError, match=r"codes table has 2 columns named 'code'"):
        nl.agreement(codes)


def test_schema_id_key_compares_ids_as_text():
    assert id_key(pd.Series([1, 1.0, np.int64(1), "1", "01", 2.5, None, np.nan], dtype=object)).tolist() == [
        "1", "1", "1", "1", "01", "2.5", None, None]
    assert id_key(pd.Series(pd.Categorical([3, None, 3]))).tolist() == ["3", None, "3"]
    assert id_key(pd.Series([4, 5], dtype="Int64")).tolist() == ["4", "5"]
