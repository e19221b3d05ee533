"""Tests of nl.stance: target-dependent evidence, mentions, discovery, aggregation, inputs."""
from __future__ import annotations

import pandas as pd
import pytest

import newslens as nl
from newslens.errors import OptionError
from newslens.measures import stance as st

HALE = "Critics accused Governor Hale of squandering the fund."
NURSES = "Hale praised the nurses."
BLAKE = "The terrible storm destroyed homes, but Chief Blake's crews rescued every family."


def _one(text, target, method="rules"):
    df = nl.stance([text], targets=[target], method=method)
    assert len(df) == 1, df
    return df.iloc[0]


def test_stance_accused_patient_is_negative():
    row = _one(HALE, "Hale")
    assert row["label"] == "negative" and row["stance"] < 0
    cues = {e["text"]: e["role"] for e in row["evidence"]}
    assert cues["accused"] == "patient"
    assert "squandering" in cues


def test_stance_praise_evaluates_object_not_subject():
    df = nl.stance([NURSES], targets=["Hale", "nurses"], method="rules").set_index("target")
    assert df.loc["Hale", "label"] == "neutral"
    assert df.loc["nurses", "label"] == "positive"


def test_stance_but_clause_and_possessive_positive():
    row = _one(BLAKE, "Blake")
    assert row["label"] == "positive"
    texts = [e["text"] for e in row["evidence"]]
    assert "rescued" in texts
    assert "terrible" not in texts  # the other clause does not count


def test_stance_negation_flips():
    pos = _one("Voters praised Hale.", "Hale")
    neg = _one("Voters never praised Hale.", "Hale")
    assert pos["stance"] > 0 > neg["stance"]


def test_stance_learned_method_on_examples():
    row = _one(HALE, "Hale", method="learned")
    assert row["label"] == "negative" and row["stance"] < 0
    assert row["evidence"], "the learned score carries the words that pushed it"
    assert {"text", "start", "end", "valence", "role"} <= set(row["evidence"][0])
    top = row["evidence"][0]
    assert HALE[top["start"]:top["end"]] == top["text"] and top["valence"] < 0


def test_stance_offsets_slice_article_text(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    df = nl.stance([text], method="rules")
    assert len(df) > 10
    for row in df.itertuples():
        assert text[row.start:row.end] == row.mention
        for e in row.evidence:
            assert text[e["start"]:e["end"]] == e["text"]


def test_stance_discovery_on_seed(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    df = nl.stance([text], method="rules", top=6)
    targets = set(df["target"])
    assert {"Vladimir Putin", "Russia", "Kim Jong Un", "North Korea", "Ukraine", "the West"} <= targets
    mentions = set(df.loc[df["target"] == "Vladimir Putin", "mention"])
    assert "Putin" in mentions  # surname back-reference
    assert {"North Korean", "North Korea"} <= set(df.loc[df["target"] == "North Korea", "mention"])  # demonym
    assert "Western" in set(df.loc[df["target"] == "the West", "mention"])


def test_stance_aliases_surnames_demonyms_for_given_targets():
    texts = ["Russian President Vladimir Putin met officials. Putin praised them. Russian troops advanced."]
    df = nl.stance(texts, targets=["Vladimir Putin", "Russia"], method="rules")
    by = df.groupby("target")["mention"].apply(list).to_dict()
    assert by["Vladimir Putin"] == ["Vladimir Putin", "Putin"]
    assert by["Russia"] == ["Russian", "Russian"]


def test_stance_dict_targets_use_exactly_the_aliases():
    text = "The governor, Ann Lee, was praised. Lee smiled. The Governor spoke."
    df = nl.stance([text], targets={"Ann Lee": ["the governor", "The Governor"]}, method="rules")
    assert list(df["mention"]) == ["Ann Lee", "The Governor"]
    assert (df["target"] == "Ann Lee").all()


def test_stance_article_level_aggregates_mentions(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    sent = nl.stance([text], targets=["Vladimir Putin", "North Korea"], method="rules")
    art = nl.stance([text], targets=["Vladimir Putin", "North Korea"], method="rules", level="article")
    assert list(art.columns) == ["article_id", "target", "stance", "n_mentions", "label", "evidence"]
    for row in art.itertuples():
        sub = sent[sent["target"] == row.target]
        assert row.n_mentions == len(sub)
        assert row.stance == pytest.approx(sub["stance"].mean())
        assert -1 <= row.stance <= 1
    para = nl.stance([text], targets=["Vladimir Putin"], method="rules", level="paragraph")
    assert para["n_mentions"].sum() == (sent["target"] == "Vladimir Putin").sum()
    assert "paragraph" in para.columns


def test_stance_articles_table_keeps_keys_and_provenance():
    arts = pd.DataFrame({"article_id": ["a1", "a2"], "text": [HALE, BLAKE]})
    df = nl.stance(arts, targets=["Hale", "Blake"], method="rules")
    assert set(df["article_id"]) == {"a1", "a2"}
    assert {"article_id", "paragraph", "sentence", "target", "mention", "start", "end", "stance", "label", "evidence"} <= set(df.columns)
    meta = df.attrs["newslens"]
    assert meta["measure"] == "stance" and meta["method"] == "rules"
    assert "stance_cues" in meta["resources"]
    assert arts.columns.tolist() == ["article_id", "text"]  # input not mutated


def test_stance_empty_and_non_english_no_crash():
    df = nl.stance(["", None, "Это предложение на русском языке."], method="rules")
    assert df.empty
    assert {"target", "stance", "label", "evidence"} <= set(df.columns)
    df2 = nl.stance(["Der Präsident lobte heute die Krankenschwestern der Stadt Berlin."], targets=["Präsident"], method="rules")
    assert (df2["label"] == "neutral").all()
    art = nl.stance([""], level="article")
    assert art.empty and "n_mentions" in art.columns


def test_stance_bad_inputs_list_valid_choices():
    with pytest.raises(OptionError, match="'learned', 'neural', 'rules'"):
        nl.stance([HALE], method="magic")
    with pytest.raises(OptionError, match="'sentence', 'paragraph', 'article'"):
        nl.stance([HALE], level="para")
    with pytest.raises(OptionError, match="targets"):
        nl.stance([HALE], targets=[3])
    with pytest.raises(OptionError, match="targets"):
        nl.stance([HALE], targets=42)
    with pytest.raises(OptionError, match="top"):
        nl.stance([HALE], top=0)


def test_stance_registered_measure():
    assert "stance" in nl.measures.available()
    assert nl.measures.get("stance") is st.stance


def test_stance_evidence_keys_uniform_for_parquet(tmp_path, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    df = nl.stance([text])
    keys = {tuple(sorted(e)) for ev in df["evidence"] for e in ev}
    assert keys == {("end", "role", "start", "text", "valence")}
    df.to_parquet(tmp_path / "s.parquet")
    assert len(pd.read_parquet(tmp_path / "s.parquet")) == len(df)


def test_stance_newsmtsc_dev_beats_sentence_vader(shared_data):
    import json

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from benchmarks.common import macro_f1, three_class

    path = shared_data("newsmtsc", "paper_dev_test_split", "rw_dev.jsonl")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        o = json.loads(line)
        for t in o["targets"]:
            rows.append((o["sentence_normalized"], t["from"], t["to"], {2.0: "negative", 4.0: "neutral", 6.0: "positive"}[t["polarity"]]))
    gold = [r[3] for r in rows]
    ours = [st.score_mention(s, a, b)[1] for s, a, b, _ in rows]
    sia = SentimentIntensityAnalyzer()
    vader = [three_class(sia.polarity_scores(s)["compound"]) for s, *_ in rows]
    labels = ["negative", "neutral", "positive"]
    assert macro_f1(gold, ours, labels) > macro_f1(gold, vader, labels) + 0.05
