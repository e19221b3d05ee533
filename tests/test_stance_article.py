"""The article-level stance estimator on real text: who counts as the target, how tone is read, evidence."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import newslens as nl
from newslens.errors import OptionError
from newslens.measures import stance as st

HALE = ("Governor Marian Hale visited Port Calder on Monday.\n\n"
        "The governor said the levee would be finished by June. Critics accused Hale of squandering the fund. "
        "She was booed by residents who lost their homes.\n\n"
        "Fire Chief Dana Blake praised her crews.")

LIBRARY = ("Mayor Ruth Okafor opened the new library on Saturday. She thanked the volunteers who built it.\n\n"
           "The flood last spring destroyed the old building, ruined thousands of books and left the town in despair.")


def test_default_article_level_counts_surname_role_noun_and_pronoun():
    """"Hale", "the governor" and "she" count for "Marian Hale" with the default method too,
    each as evidence a reader can find in the text."""
    row = nl.stance([HALE], targets=["Marian Hale"], level="article").iloc[0]
    assert row["n_mentions"] == 4 and row["n_references"] == 2
    roles = {e["role"] for e in row["evidence"]}
    assert {"mention", "role", "pronoun"} <= roles
    for e in row["evidence"]:
        assert HALE[e["start"]:e["end"]] == e["text"]
    said = {e["text"] for e in row["evidence"] if e["role"] in ("mention", "role", "pronoun")}
    assert {"Hale", "The governor", "She"} <= said
    assert row["mention_stance"] < 0  # accused, squandering, booed


def _collect(text, target, **tone):
    ment, sents, refs, people, _ = st.scored_mentions([text], False, {target: None}, top=5, method="rules", references=True)
    return st.collect_articles(ment, sents, refs, people, **tone), sents


def test_tone_scope_reads_the_targets_sentences_or_the_whole_article():
    """The target's own sentences are positive; the article's last paragraph (no mention of her) is
    dark.  Read over her sentences the tone is positive; over the whole article it is lower."""
    own, sents = _collect(LIBRARY, "Ruth Okafor", tone="model", scope="sentences")
    whole, _ = _collect(LIBRARY, "Ruth Okafor", tone="model", scope="article")
    (d_own,), (d_whole,) = own.values(), whole.values()
    assert set(d_own["tone"]) == {0, 1}  # "Mayor Ruth Okafor opened …", "She thanked …"
    assert set(d_whole["tone"]) == set(range(len(sents)))
    mean = lambda d: sum(d["tone"].values()) / len(d["tone"])  # noqa: E731
    assert mean(d_own) > 0 and mean(d_whole) < mean(d_own)
    # VADER reads the same sentences
    vader, _ = _collect(LIBRARY, "Ruth Okafor", tone="vader", scope="sentences")
    assert set(next(iter(vader.values()))["tone"]) == {0, 1}


def test_encoder_tone_reads_only_the_sentences_in_scope(monkeypatch):
    """Tone "encoder" is the sentiment encoder (P(pos) − P(neg)) on exactly the
    sentences in scope: over the target's own sentences the encoder reads those two and no other
    (it costs milliseconds a sentence), and each value is what ``encoder_sentiment_scores`` gives."""
    from newslens import sentence_model

    read = []
    real = sentence_model.encoder_read
    monkeypatch.setattr(sentence_model, "encoder_read", lambda texts, *name: read.extend(texts) or real(texts, *name))
    sentence_model.clear_cache()
    own, sents = _collect(LIBRARY, "Ruth Okafor", tone="encoder", scope="sentences")
    (d,) = own.values()
    assert set(d["tone"]) == {0, 1}
    assert sorted(read) == sorted(sents["text"].iloc[[0, 1]])
    expected = [sc[0] for sc in sentence_model.encoder_sentiment_scores(sents["text"].iloc[[0, 1]].tolist(), evidence=False)]
    assert [d["tone"][i] for i in (0, 1)] == pytest.approx(expected)
    whole, _ = _collect(LIBRARY, "Ruth Okafor", tone="encoder", scope="article")
    (dw,) = whole.values()
    assert set(dw["tone"]) == set(range(len(sents)))
    mean = lambda x: sum(x["tone"].values()) / len(x["tone"])  # noqa: E731
    assert mean(d) > 0 and mean(dw) < mean(d)  # her sentences are warm, the flood paragraph is not


def test_tone_weight_moves_the_decision_and_shows_its_sentences():
    got, _ = _collect(LIBRARY, "Ruth Okafor", tone="model", scope="article")
    plain = st.decide_articles(got, params={"tone": 0.0, "t_pos": 0.9, "t_neg": -0.9}).iloc[0]
    heavy = st.decide_articles(got, params={"tone": 2.0, "t_pos": 0.9, "t_neg": -0.9}).iloc[0]
    assert "tone" not in {e["role"] for e in plain["evidence"]}
    tone_ev = [e for e in heavy["evidence"] if e["role"] == "tone"]
    assert tone_ev and all(LIBRARY[e["start"]:e["end"]] == e["text"] for e in tone_ev)
    assert heavy["stance"] != plain["stance"]


def test_tone_options_are_checked():
    ment, sents, refs, people, _ = st.scored_mentions([HALE], False, {"Marian Hale": None}, top=5, method="rules", references=True)
    with pytest.raises(OptionError, match="vader"):
        st.collect_articles(ment, sents, refs, people, tone="bert")
    with pytest.raises(OptionError, match="paragraphs"):
        st.collect_articles(ment, sents, refs, people, scope="page")


def test_article_level_finds_persent_references(shared_data):
    """PerSenT marks every reference to the article's person ([TGT] in ``masked_text``).  On the first
    dev articles the article level, which adds the resolver's "he", "his", "the senator", comes closer to
    that count than the names alone do."""
    from benchmarks.tune_stance_article import _as_written, _detokenise

    path = shared_data("persent", "persent_dev.jsonl")
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(next(fh)) for _ in range(12)]
    marked = names = article = 0
    for k, r in enumerate(rows):
        arts = nl.load(pd.DataFrame([{"article_id": f"p{k}", "text": _detokenise(r["text"])}]))
        target = _as_written(r["target"], arts["text"].iat[0])  # "MORRIS" of a headline in capitals: "Morris"
        marked += r["masked_text"].count("[TGT]")
        names += len(nl.stance(arts, targets=[target], method="rules"))
        got = nl.stance(arts, targets=[target], level="article", method="rules")
        article += int(got["n_mentions"].sum())
    assert article > names
    assert abs(article - marked) < abs(names - marked)


def test_recorded_article_settings_match_the_tuning_script():
    """``lexicons/stance_article.json`` is written by ``benchmarks/tune_stance_article.py``: each
    method's tone source and scope, and the weights it searched, are the script's; the shipped
    weights are among them and the tone source is one ``collect_articles`` accepts."""
    from benchmarks.tune_stance_article import FIXED, METHODS, TONE

    from newslens.files import read_lexicon_json

    shipped = read_lexicon_json("stance_article.json")["methods"]
    assert set(shipped) == set(METHODS)
    for method in METHODS:
        got = shipped[method]
        assert (got["tone_source"], got["tone_scope"]) == (TONE[method]["tone"], TONE[method]["scope"])
        assert got["tone_source"] in st.TONE_SOURCES and got["tone_scope"] in st.TONE_SCOPES
        assert got["searched"] == {k: list(v) for k, v in FIXED[method].items()}
        assert all(got["params"][k] in v for k, v in FIXED[method].items())
        assert st._article_tone(method) == TONE[method]


def test_article_level_counts_an_epithet_for_the_person_just_named():
    """"The billionaire businessman" right after Omar Vance is Vance (the article's resolver says so)."""
    text = ("Omar Vance toured the mill on Monday. The billionaire businessman has promised to keep it open.\n\n"
            "Workers cheered him.")
    ment, sents, refs, people, _ = st.scored_mentions([text], False, {"Omar Vance": None}, top=5, method="rules",
                                                      references=True)
    assert sorted((r[5], r[8]) for r in refs) == [("The billionaire businessman", "epithet"), ("him", "pronoun")]
    row = nl.stance([text], targets=["Omar Vance"], level="article", method="rules").iloc[0]
    assert row["n_mentions"] == 3 and row["n_references"] == 2


def test_a_target_is_read_as_the_loaded_text_is_written():
    # names from a spreadsheet or a scraped label: mojibake, punctuation at the edges, doubled spaces
    text = ("Mayor José Ortiz opened the new ferry terminal on Monday. Ortiz said the city would pay for the "
            "repairs, and he thanked the crews for finishing early.")
    clean = nl.stance([text], targets=["José Ortiz"], level="article")
    assert clean["n_mentions"].iloc[0] >= 2
    for raw in ("José Ortiz".encode("utf-8").decode("cp1252"), "-- José Ortiz,", "José  Ortiz"):
        got = nl.stance([text], targets=[raw], level="article")
        assert got["target"].tolist() == [raw]  # the caller's name is kept as the key
        assert got[["n_mentions", "label", "stance"]].values.tolist() == clean[["n_mentions", "label", "stance"]].values.tolist()
    aliased = nl.stance([text], targets={"-- José Ortiz": ["the mayor"]}, level="article")
    assert aliased["n_mentions"].iloc[0] >= 1
    with pytest.raises(OptionError, match="letter or digit"):  # punctuation alone names no one
        nl.stance([text], targets=["--"], level="article")
