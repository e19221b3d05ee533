"""Tests of nl.frames: dictionary matching, long format, offsets, schemes and errors."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import newslens as nl
from newslens.errors import NewsLensWarning, OptionError
from newslens.measures.frames import load_scheme, match_cues

GENERIC = ["conflict", "human_interest", "economic", "morality", "responsibility"]

PARAGRAPHS = {
    "conflict": (
        "The two parties clashed bitterly over the plan. Opposition leaders accused the mayor of "
        "lying, and critics on both sides dismissed the deal as a defeat for the city."
    ),
    "human_interest": (
        "Maria Lopez, a 62-year-old grandmother, cried as she described losing her home. Her "
        "daughter and grandchildren now sleep at a neighbour's house, and the family is struggling."
    ),
    "economic": (
        "The closure will cost the region about $40 million a year in lost revenue, economists said, "
        "and hundreds of jobs at local businesses depend on the plant's spending."
    ),
    "morality": (
        "The bishop said it was a moral duty to care for creation, and that God asks believers to "
        "act with conscience and honesty toward future generations."
    ),
    "responsibility": (
        "The government is responsible for fixing the problem, the report says, and urges ministers "
        "to take action: a new regulation and a funding plan are needed urgently."
    ),
}
NEUTRAL = "The meeting took place on Tuesday afternoon in the library on Elm Street, beside the river."


def _wide(df):
    return df.set_index("frame")


@pytest.mark.parametrize("frame", GENERIC)
def test_frames_generic_frame_fires_on_its_paragraph(frame):
    out = _wide(nl.frames([PARAGRAPHS[frame]], level="paragraph"))
    assert out.loc[frame, "present"]
    # the frame the paragraph was written for is among the strongest
    assert out.loc[frame, "score"] >= out["score"].median()


def test_frames_generic_silent_on_neutral_text():
    out = nl.frames([NEUTRAL], level="paragraph")
    assert not out["present"].any()
    assert (out["score"] == 0).all()


def test_frames_stemming_matches_inflections():
    scheme = {"econ": ["economy"]}
    for word in ["economy", "economies", "Economy", "ECONOMIES"]:
        assert match_cues(f"The {word} grew.", scheme=scheme), word
    # 'economic' has another stem: it is listed separately in the generic scheme
    texts = ["The economy slowed.", "Economic damage spread.", "Both economies shrank."]
    out = nl.frames(texts, level="article")
    econ = out[out["frame"] == "economic"]
    assert (econ["count"] >= 1).all()


def test_frames_multiword_cue_matches_consecutive_words_only():
    scheme = {"balance": ["on the other hand", "two sides"]}
    hits = match_cues("On the other hand, there are two sides.", scheme=scheme)
    assert [h["cue"] for h in hits] == ["on the other hand", "two sides"]
    assert match_cues("two of the sides", scheme=scheme) == []
    # the longest cue wins inside one frame: 'carbon tax' is one match, not 'tax' + 'carbon tax'
    hits = match_cues("a carbon tax", scheme={"money": ["tax", "carbon tax"]})
    assert [h["text"] for h in hits] == ["carbon tax"]


def test_frames_wildcards_prefix_and_inner():
    scheme = {"econ": ["econom*"], "age": ["*-year-old"]}
    text = "Economists fear economic pain; a 45-year-old worker agreed."
    hits = match_cues(text, scheme=scheme)
    assert [(h["frame"], h["text"]) for h in hits] == [("econ", "Economists"), ("econ", "economic"), ("age", "45-year-old")]
    assert match_cues("The ecology is fine.", scheme=scheme) == []


def test_frames_negation_insensitive():
    pos = _wide(nl.frames(["The parties clashed and the critics disagreed."]))
    neg = _wide(nl.frames(["The parties never clashed and no critics disagreed."]))
    assert pos.loc["conflict", "count"] == neg.loc["conflict", "count"] == 3


def test_frames_custom_dict_and_files(tmp_path):
    cues = {"weather": ["rain", "storm*"], "sport": ["match", "goal"]}
    text = ["Storms and heavy rain stopped the match."]
    a = nl.frames(text, scheme=cues)
    assert set(a["frame"]) == {"weather", "sport"}
    assert _wide(a).loc["weather", "count"] == 2
    yml = tmp_path / "mine.yaml"
    yml.write_text("name: mine\nversion: '2'\nframes:\n  weather:\n    description: wet\n    cues: [rain, storm*]\n  sport: [match, goal]\n")
    js = tmp_path / "mine.json"
    js.write_text(json.dumps(cues))
    b, c = nl.frames(text, scheme=str(yml)), nl.frames(text, scheme=js)
    for df in (b, c):
        assert _wide(df).loc["weather", "count"] == 2 and _wide(df).loc["sport", "count"] == 1
    assert b.attrs["newslens"]["resources"]["scheme"] == "mine"
    assert b.attrs["newslens"]["resources"]["version"] == "2"
    assert a.attrs["newslens"]["resources"]["version"].startswith("sha1:")


def test_frames_long_format_all_frames_every_unit():
    texts = [PARAGRAPHS["conflict"], NEUTRAL, ""]
    out = nl.frames(texts, scheme="policy")
    policy = load_scheme("policy").frame_ids
    assert len(policy) == 15 and "legality_constitutionality_jurisprudence" in policy
    assert len(out) == 3 * 15
    assert out.groupby("article_id")["frame"].apply(list).map(lambda f: f == policy).all()
    assert list(out.columns) == ["article_id", "frame", "score", "count", "n_cues", "n_words", "present", "cues"]
    meta = out.attrs["newslens"]
    assert meta["measure"] == "frames" and meta["resources"]["scheme"] == "policy" and meta["resources"]["version"]


def test_frames_levels_keep_keys_and_offsets_slice_article():
    text = PARAGRAPHS["conflict"] + "\n\n" + PARAGRAPHS["economic"] + "\n\n" + PARAGRAPHS["human_interest"]
    arts = pd.DataFrame({"article_id": ["a1"], "text": [text], "outlet": ["X"]})
    for level, keys in [("sentence", ["article_id", "paragraph", "sentence"]),
                        ("paragraph", ["article_id", "paragraph"]),
                        ("article", ["article_id"])]:
        out = nl.frames(arts, level=level)
        assert list(out.columns[: len(keys)]) == keys
        cues = [c for cl in out["cues"] for c in cl]
        assert cues, level
        for c in cues:
            assert text[c["start"]:c["end"]] == c["text"]
            assert set(c) == {"text", "start", "end", "frame", "cue"}
    # paragraph level: the economic paragraph carries the economic frame
    para = nl.frames(arts, level="paragraph").set_index(["paragraph", "frame"])
    assert para.loc[(1, "economic"), "present"] and not para.loc[(1, "conflict"), "present"]
    # sentence level: score is the count
    sent = nl.frames(arts, level="sentence")
    assert (sent["score"] == sent["count"]).all()


def test_frames_article_level_from_sentences_table_keeps_article_offsets():
    text = "Intro line here.\n\n" + PARAGRAPHS["conflict"]
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    sents = nl.sentences(arts)
    out = nl.frames(sents, level="article")
    assert list(out["article_id"].unique()) == ["a"]
    row = out.set_index("frame").loc["conflict"]
    assert row["count"] >= 4
    for c in row["cues"]:
        assert text[c["start"]:c["end"]] == c["text"]
    # the counts agree with running on the article directly
    direct = nl.frames(arts, level="paragraph").groupby("frame")["count"].sum()
    assert out.set_index("frame")["count"].to_dict() == direct.to_dict()


def test_frames_empty_and_non_english_are_zero():
    out = nl.frames(["", None, "Der Bundestag tagte am Dienstag in Berlin über das Wetter."])
    assert (out["score"] == 0).all() and not out["present"].any()
    assert out["cues"].map(len).eq(0).all()


def test_frames_of_a_loaded_table_with_every_record_skipped_is_empty():
    # nl.load keeps the columns of a file whose every text is empty; frames then has no unit
    with pytest.warns(NewsLensWarning):
        arts = nl.load(pd.DataFrame({"article_id": ["a", "b"], "text": ["   ", ""]}))
    for level in ("article", "paragraph", "sentence"):
        out = nl.frames(arts, level=level)
        assert out.empty and {"article_id", "frame", "score", "cues"} <= set(out.columns)


def test_frames_bad_scheme_and_level_list_valid_values():
    with pytest.raises(OptionError) as e:
        nl.frames(["x"], scheme="generik")
    msg = str(e.value)
    assert "`scheme`" in msg and "'generic'" in msg and "'policy'" in msg and "'generik'" in msg
    with pytest.raises(OptionError) as e:
        nl.frames(["x"], level="para")
    assert "'sentence', 'paragraph', 'article'" in str(e.value)
    with pytest.raises(OptionError):
        nl.frames(["x"], scheme={"f": [1, 2]})
    for bad in ({"min_score": -1}, {"min_score": "2"}, {"min_cues": 1.5}, {"min_cues": -1}):
        with pytest.raises(OptionError, match=f"`{next(iter(bad))}` must be"):
            nl.frames(["x"], **bad)
    with pytest.raises(OptionError, match="probability between 0 and 1"):
        nl.frames(["x"], method="model", min_score=3)


def test_frames_thresholds_documented_and_overridable():
    s = load_scheme("generic")
    assert set(s.thresholds) == set(GENERIC)
    text = ["The rivals clashed."]
    default = _wide(nl.frames(text))
    strict = _wide(nl.frames(text, min_cues=3))
    assert default.loc["conflict", "count"] == 2 and default.loc["conflict", "present"]
    assert not strict.loc["conflict", "present"]
    assert nl.frames(text, min_cues=3).attrs["newslens"]["thresholds"]["conflict"]["min_cues"] == 3


def test_frames_gvfc_example_scheme_and_input_untouched():
    arts = pd.DataFrame({"article_id": ["h1", "h2"],
                         "text": ["NRA sues over new background check law", "Walmart stops selling guns; gun stocks fall"]})
    before = arts.copy()
    out = nl.frames(arts, scheme="gvfc").set_index(["article_id", "frame"])
    pd.testing.assert_frame_equal(arts, before)
    assert out.loc[("h1", "gun_control"), "present"] and out.loc[("h1", "gun_rights"), "present"]
    assert out.loc[("h2", "economic"), "present"] and not out.loc[("h2", "mental_health"), "present"]
    assert len(load_scheme("gvfc").frame_ids) == 9


def test_frames_registered_measure_and_parquet_roundtrip(tmp_path):
    assert "frames" in nl.measures.available()
    out = nl.frames([PARAGRAPHS["conflict"], NEUTRAL])
    p = tmp_path / "f.parquet"
    out.to_parquet(p)
    back = pd.read_parquet(p)
    assert len(back) == len(out)


def test_frames_seed_article(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    arts = pd.DataFrame({"article_id": ["seed"], "text": [text]})
    out = nl.frames(arts, level="paragraph")
    assert set(out["frame"]) == set(GENERIC)
    for cl in out["cues"]:
        for c in cl:
            assert text[c["start"]:c["end"]] == c["text"]


# ---------------------------------------------------------------- method="model"
def test_frames_model_same_columns_scores_are_probabilities():
    texts = [PARAGRAPHS[f] for f in GENERIC] + [NEUTRAL]
    dic = nl.frames(texts)
    mod = nl.frames(texts, method="model")
    assert list(mod.columns) == list(dic.columns)
    assert mod["frame"].tolist() == dic["frame"].tolist()
    assert mod["score"].between(0, 1).all()
    # the dictionary's counts are carried unchanged
    assert mod["count"].tolist() == dic["count"].tolist() and mod["n_words"].tolist() == dic["n_words"].tolist()
    wide = mod.pivot(index="article_id", columns="frame", values="score")
    for i, frame in enumerate(GENERIC):
        assert wide.loc[str(i)].idxmax() == frame, (frame, wide.loc[str(i)].to_dict())
    assert not mod[mod["article_id"] == str(len(GENERIC))]["present"].any()


def test_frames_model_evidence_has_weights_and_article_offsets():
    text = "Intro line here.\n\n" + PARAGRAPHS["conflict"] + "\n\n" + PARAGRAPHS["economic"]
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    for data in (arts, nl.sentences(arts)):
        out = nl.frames(data, method="model")
        dic = nl.frames(data)
        for (_, row), (_, drow) in zip(out.iterrows(), dic.iterrows()):
            cues = [c for c in row["cues"] if c["kind"] == "cue"]
            words = [c for c in row["cues"] if c["kind"] == "word"]
            # the dictionary cues that fired are all there, plus the strongest words
            assert [(c["start"], c["cue"]) for c in cues] == [(c["start"], c["cue"]) for c in drow["cues"]]
            assert 0 < len(words) <= nl.measures.frames.load_model()["evidence_top"]
            for c in row["cues"]:
                assert set(c) == {"text", "start", "end", "frame", "cue", "weight", "kind"}
                assert c["frame"] == row["frame"] and isinstance(c["weight"], float)
                assert text[c["start"]:c["end"]] == c["text"]
            # ordered by the size of their contribution
            sizes = [abs(c["weight"]) for c in words]
            assert sizes == sorted(sizes, reverse=True)


def test_frames_model_word_weights_are_the_largest_contributions():
    from newslens.measures.frames import load_model, model_features, model_terms

    m = load_model()
    text = PARAGRAPHS["human_interest"]
    out = nl.frames([text], method="model").set_index("frame")
    counts: dict = {}
    for stem, *_ in model_terms(text):
        counts[stem] = counts.get(stem, 0) + 1
    row = out.loc["human_interest"]
    dens = [1000.0 * out.loc[f, "count"] / out.loc[f, "n_words"] for f in m["frames"]]
    rows, vals, dvals = model_features(counts, dens, m)
    k = m["frames"].index("human_interest")
    contrib = vals * m["W"][rows, k]
    logit = contrib.sum() + dvals @ m["D"][:, k] + m["bias"][k]
    assert row["score"] == pytest.approx(1 / (1 + np.exp(-logit)), rel=1e-9)
    top = sorted(np.abs(contrib), reverse=True)[: m["evidence_top"]]
    got = [abs(c["weight"]) for c in row["cues"] if c["kind"] == "word"]
    assert got == pytest.approx([round(x, 4) for x in top], abs=1e-4)
    assert {c["cue"] for c in row["cues"] if c["kind"] == "word"} <= set(counts)


def test_frames_model_present_follows_thresholds():
    texts = [PARAGRAPHS[f] for f in GENERIC] + [NEUTRAL, PARAGRAPHS["conflict"] + " " + PARAGRAPHS["economic"]]
    out = nl.frames(texts, method="model")
    thr = out.attrs["newslens"]["thresholds"]
    expect = [s >= thr[f]["probability"] for f, s in zip(out["frame"], out["score"])]
    assert out["present"].tolist() == expect and out["present"].any() and not out["present"].all()
    strict = nl.frames(texts, method="model", min_score=0.999)
    assert strict["present"].sum() < out["present"].sum()
    assert strict.attrs["newslens"]["thresholds"]["conflict"]["probability"] == 0.999
    loose = nl.frames(texts, method="model", min_score=0.0)
    assert loose["present"].all()


def test_frames_model_provenance_names_model_and_training_data():
    out = nl.frames([PARAGRAPHS["morality"]], method="model")
    meta = out.attrs["newslens"]
    assert meta["method"] == "model" and meta["measure"] == "frames" and meta["score_unit"] == "probability"
    res = meta["resources"]
    assert res["model"] == "frames_generic_model" and res["model_version"]
    assert "Frermann" in res["training_data"] and "428" in res["training_data"]
    assert nl.frames([PARAGRAPHS["morality"]]).attrs["newslens"]["method"] == "dictionary"


def test_frames_model_empty_text_cannot_decide():
    out = nl.frames(["", PARAGRAPHS["economic"]], method="model")
    empty = out[out["article_id"] == "0"]
    assert empty["score"].isna().all() and not empty["present"].any() and empty["cues"].map(len).eq(0).all()
    assert out[out["article_id"] == "1"]["score"].notna().all()


def test_frames_model_bad_method_scheme_level_combinations():
    with pytest.raises(OptionError) as e:
        nl.frames(["x"], method="modle")
    msg = str(e.value)
    assert "`method`" in msg and "'dictionary'" in msg and "'model'" in msg and "'modle'" in msg
    for scheme in ("policy", "gvfc", {"weather": ["rain"]}):
        with pytest.raises(OptionError) as e:
            nl.frames(["x"], scheme=scheme, method="model")
        msg = str(e.value)
        assert "scheme='generic'" in msg and "method='dictionary'" in msg
    with pytest.raises(OptionError) as e:
        nl.frames(["x"], method="model", level="paragraph")
    assert "'article'" in str(e.value) and "'paragraph'" in str(e.value)
    with pytest.raises(OptionError) as e:
        nl.frames(["x"], method="model", min_cues=2)
    assert "min_cues" in str(e.value) and "min_score" in str(e.value)


def test_frames_model_files_small_with_card_and_parquet(tmp_path):
    from importlib import resources

    from newslens.measures.frames import MODEL_FILE, load_model

    lex = resources.files("newslens.lexicons")
    assert len(lex.joinpath(MODEL_FILE).read_bytes()) < 2_000_000
    card = lex.joinpath("frames_generic_model.md").read_text("utf-8")
    assert "all 428 articles" in card and "MIT" in card and "climate" in card.lower()
    meta = load_model()["meta"]
    assert meta["cv_5fold_paper_folds"]["macro_f1"] > 0 and meta["licence"]
    out = nl.frames([PARAGRAPHS["conflict"], NEUTRAL], method="model")
    p = tmp_path / "m.parquet"
    out.to_parquet(p)
    assert pd.read_parquet(p)["cues"].map(len).tolist() == out["cues"].map(len).tolist()


def test_frames_model_seed_article(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    out = nl.frames(pd.DataFrame({"article_id": ["seed"], "text": [text]}), method="model")
    assert set(out["frame"]) == set(GENERIC) and out["score"].between(0, 1).all()
    for cl in out["cues"]:
        for c in cl:
            assert text[c["start"]:c["end"]] == c["text"]


def test_frames_acronym_cues_match_only_capitals():
    from newslens.measures.frames import match_cues

    cues = match_cues("Kim Jong Un thanked the UN envoy.", scheme={"diplomacy": ["UN", "envoy"]})
    assert [c["text"] for c in cues] == ["UN", "envoy"]
    assert match_cues("un peu", scheme={"diplomacy": ["UN"]}) == []


# ---------------------------------------------------------------- the fast matcher keeps the results
def _reference_match(text, scheme):
    """The plain algorithm: every word's keys, every cue of every key, longest first per frame."""
    from newslens.measures.frames import _matcher_for
    from newslens.tokens import WORD

    m = _matcher_for(load_scheme(scheme))
    spans = [(w.group(), w.start(), w.end()) for w in WORD.finditer(text)]
    keys = [m.keys(w) for w, _, _ in spans]
    found, taken = [], {}
    for i in range(len(spans)):
        entries = sorted((e for k in keys[i] for e in m.index.get(k, ())), key=lambda e: -e[3])
        for rest, frame, cue, length in entries:
            if taken.get(frame, 0) > i or i + length > len(spans):
                continue
            if not all(rest[j] in keys[i + 1 + j] for j in range(len(rest))):
                continue
            taken[frame] = i + length
            s, e = spans[i][1], spans[i + length - 1][2]
            found.append({"text": text[s:e], "start": s, "end": e, "frame": frame, "cue": cue})
    return found


def test_frames_matcher_same_as_reference_algorithm(seed_path):
    texts = [seed_path.read_text(encoding="utf-8"), *PARAGRAPHS.values(), NEUTRAL,
             ("Economists said the UN and un-elected 45-year-old critics, on the other hand, clashed; "
              "a carbon tax, two sides, two  sides, economy’s economies — Economic ECONOMY.")]
    custom = {"econ": ["econom*", "carbon tax", "tax", "UN"], "age": ["*-year-old", "e*o"],
              "balance": ["on the other hand", "two sides", "other"]}
    for scheme in ("generic", "policy", "gvfc", custom):
        for text in texts:
            assert match_cues(text, scheme=scheme) == _reference_match(text, scheme)


def test_frames_word_offsets_agree_with_the_tokenizer_regex():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from newslens.tokens import WORD, word_spans, word_starts, words

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(list("ab1 _-'’.\u00e9\u4e2d\n\t,") + ["ab", "a-b", "'a", "ab'"]), max_size=30))
    def check(pieces):
        text = "".join(pieces)
        expect = [(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
        assert word_spans(text) == expect
        assert word_starts(text, words(text)) == [s for _, s, _ in expect]

    check()


def test_frames_model_word_evidence_points_at_first_use(seed_path):
    from newslens.measures.frames import model_terms

    text = "Intro line here.\n\n" + PARAGRAPHS["economic"] + "\n\n" + PARAGRAPHS["conflict"] + "\n\n" + PARAGRAPHS["economic"]
    arts = pd.DataFrame({"article_id": ["a", "seed"], "text": [text, seed_path.read_text(encoding="utf-8")]})
    for data in (arts, nl.sentences(arts)):
        out = nl.frames(data, method="model")
        for aid, full in zip(arts["article_id"], arts["text"]):
            first = {}
            for stem, word, s, e in model_terms(full):
                first.setdefault(stem, (word, s, e))
            words = [c for cl in out.loc[out["article_id"] == aid, "cues"] for c in cl if c["kind"] == "word"]
            assert words
            for c in words:
                if data is arts:
                    assert (c["text"], c["start"], c["end"]) == first[c["cue"]]
                else:  # sentences skip the article's debris, so the first use is among the body's words
                    assert full[c["start"]:c["end"]] == c["text"] and model_terms(c["text"])[0][0] == c["cue"]


def test_frames_results_same_when_word_memory_is_full(monkeypatch, seed_path):
    import newslens.measures.frames as F

    text = seed_path.read_text(encoding="utf-8")
    scheme = {"econ": ["econom*", "carbon tax", "tax"], "talk": ["said", "on the other hand"], "age": ["*-year-old"]}
    expect = nl.frames([text, PARAGRAPHS["economic"]], scheme=scheme, level="paragraph")
    F._MATCHERS.clear()
    monkeypatch.setattr(F, "_CACHE_MAX", 3)  # almost nothing remembered: every text computes its words afresh
    got = nl.frames([text, PARAGRAPHS["economic"]], scheme=scheme, level="paragraph")
    assert len(F._matcher_for(load_scheme(scheme))._cache) <= 3
    pd.testing.assert_frame_equal(got, expect)
    assert got["cues"].tolist() == expect["cues"].tolist()


def test_frames_shipped_dictionaries_carry_no_benchmark_topic_vocabulary():
    """The generic dictionary holds no climate-debate words (its benchmark is climate coverage) and the
    GVFC scheme no 2018 person, firm or campaign name (its benchmark is 2018 headlines)."""
    from newslens.measures.frames import load_scheme, match_cues

    generic = {c.lower() for cues in load_scheme("generic").frames.values() for c in cues}
    climate = {"denier", "deniers", "hoax", "carbon tax", "paris agreement", "net zero", "net-zero", "renewables",
               "clean energy", "green new deal", "decarbonis*", "emissions trading", "future generations", "climate justice",
               "alarmist", "skeptics", "farmers", "epa"}
    assert generic & climate == set()
    gvfc = {c.lower() for cues in load_scheme("gvfc").frames.values() for c in cues}
    names = {"trump", "obama", "cuomo", "rubio", "pelosi", "delta", "bank of america", "walmart", "dick's", "kroger",
             "remington", "fedex", "hertz", "march for our lives", "nfl"}
    assert gvfc & names == set()
    # only the generic words "tax" and "agreement" remain cues here
    assert {c["cue"] for c in match_cues("Deniers called the carbon tax and the Paris agreement a hoax.")} == {"tax", "agreement"}
    assert [c["frame"] for c in match_cues("Delta and Walmart cut ties.", scheme="gvfc")] == []
