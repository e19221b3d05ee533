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


# ---------------------------------------------------------------- properties over ids of every dtype
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

POOL = [
    "Critics accused Governor Hale of squandering the fund.",
    "The terrible storm destroyed homes, but Chief Blake's crews rescued every family.",
    "Government budget time means budget language time.",
    "“We will rebuild,” Mayor Ana Ruiz said on Monday.",
    "The council approved the budget. Officials said the vote was close.",
    "Hale praised the nurses.",
]
JUNK = ["sentiment", "label", "evidence", "n_sentences", "start", "end", "_v", "_dup", "_key", "period", "mean", "n", "group"]


def _distinct(values):
    """Ids that stay distinct when compared as newslens compares them (schema.id_key)."""
    return st.lists(values, min_size=1, max_size=4, unique_by=lambda v: id_key([v])[0])


IDS = st.one_of(
    _distinct(st.integers(-10**12, 10**12)).map(lambda v: pd.Series(v, dtype="int64")),
    _distinct(st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)).map(lambda v: pd.Series(v, dtype="float64")),
    _distinct(st.text(min_size=1, max_size=6)).map(lambda v: pd.Series(v, dtype=object)),
    _distinct(st.text(alphabet="abc01", min_size=1, max_size=3)).map(lambda v: pd.Series(v, dtype="category")),
    _distinct(st.one_of(st.integers(0, 99), st.text(alphabet="xyz9", min_size=1, max_size=3)))
    .map(lambda v: pd.Series(v, dtype=object)),
)


def _articles(ids: pd.Series, picks: list[int]) -> pd.DataFrame:
    texts = ["\n\n".join(POOL[(k + j) % len(POOL)] for j in range(1 + k % 3)) for k in picks[:len(ids)]]
    texts += [POOL[0]] * (len(ids) - len(texts))
    return pd.DataFrame({"article_id": ids.reset_index(drop=True), "text": texts,
                         "outlet": [("A", "B")[k % 2] for k in range(len(ids))]})


def _same_rows(got: pd.DataFrame, ref: pd.DataFrame, ids: pd.Series, ref_ids: list[str]):
    """``got`` equals ``ref`` once the reference ids are replaced by the ids given."""
    back = dict(zip(ref_ids, ids.tolist()))
    assert [id_key([v])[0] for v in got["article_id"]] == [id_key([back[v]])[0] for v in ref["article_id"]]
    pd.testing.assert_frame_equal(got.drop(columns="article_id").reset_index(drop=True),
                                  ref.drop(columns="article_id").reset_index(drop=True), check_dtype=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids=IDS, picks=st.lists(st.integers(0, 50), min_size=4, max_size=4))
def test_schema_property_ids_of_every_dtype_give_the_same_results(ids, picks):
    arts = _articles(ids, picks)
    ref_ids = [f"r{i}" for i in range(len(arts))]
    ref = arts.assign(article_id=ref_ids)
    runs = {
        "sentiment/sentence": lambda d: nl.sentiment(d),
        "sentiment/article": lambda d: nl.sentiment(d, level="article"),
        "stance/article": lambda d: nl.stance(d, method="rules", level="article"),
        "frames/article": lambda d: nl.frames(d, level="article"),
        "sourcing": lambda d: nl.sourcing(d),
        "quotes": lambda d: nl.quotes(d),
    }
    for name, run in runs.items():
        got, want = run(arts), run(ref)
        _same_rows(got, want, ids, ref_ids)
        if len(got) and not pd.api.types.is_string_dtype(ids.dtype):
            assert got["article_id"].dtype == ids.dtype, name  # ints stay ints, categories stay categories
    # summarize matches the ids whatever form the scores carry them in
    scores = nl.sentiment(arts, level="article")
    expect = nl.summarize(nl.sentiment(ref, level="article"), ref, n_boot=50)
    pd.testing.assert_frame_equal(nl.summarize(scores, arts, n_boot=50), expect)
    as_text = scores.assign(article_id=id_key(scores["article_id"]))
    pd.testing.assert_frame_equal(nl.summarize(as_text, arts, n_boot=50), expect)
    # user columns named like outputs or internals change nothing
    junk = arts.assign(**{c: "junk" for c in JUNK})
    _same_rows(nl.sentiment(junk, level="article"), nl.sentiment(ref, level="article"), ids, ref_ids)
    _same_rows(nl.stance(junk, method="rules"), nl.stance(ref, method="rules"), ids, ref_ids)
    pd.testing.assert_frame_equal(nl.summarize(scores, junk, n_boot=50), expect)


@settings(max_examples=25, deadline=None)
@given(ids=IDS, data=st.data())
def test_schema_property_repeated_ids_and_duplicate_columns_are_errors(ids, data):
    arts = _articles(ids, [0, 1, 2, 3])
    k = data.draw(st.integers(0, len(arts) - 1))
    repeated = pd.concat([arts, arts.iloc[[k]]], ignore_index=True)
    if isinstance(ids.dtype, pd.CategoricalDtype):
        repeated["article_id"] = repeated["article_id"].astype(ids.dtype)
    shown = repr(arts["article_id"].tolist()[k])
    for run in (nl.sentiment, lambda d: nl.stance(d, method="rules"), nl.frames, nl.sourcing, nl.paragraphs):
        with pytest.raises(ColumnError, match="repeated article_id") as err:
            run(repeated)
        assert shown in str(err.value)
    scores = nl.sentiment(arts, level="article")
    with pytest.raises(ColumnError, match="repeated article_id"):
        nl.summarize(scores, repeated, n_boot=10)
    name = data.draw(st.sampled_from(["text", "article_id", "outlet"]))
    twice = pd.concat([arts, arts[[name]]], axis=1)
    with pytest.raises(ColumnError, match=f"2 columns named {name!r}"):
        nl.sentiment(twice)
    with pytest.raises(ColumnError, match=f"2 columns named {name!r}"):
        nl.summarize(scores, twice, n_boot=10)
