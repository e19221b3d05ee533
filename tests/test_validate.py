import numpy as np
import pandas as pd
import pytest

import newslens as nl
from newslens.errors import ColumnError, OptionError
from newslens.validate import confusion, unit_ids


def _codes(pairs):
    rows = []
    for unit, codes in pairs.items():
        for coder, code in codes.items():
            rows.append({"unit": unit, "coder": coder, "code": code})
    return pd.DataFrame(rows)


def test_validate_agreement_nominal_matches_hand_computation():
    # coincidences: (pos,pos)x2, (neg,neg)x2, (neu,neg)+(neg,neu); n_pos=2, n_neg=3, n_neu=1, n=6
    # Do = 2/6; De = (2*3 + 2*1 + 3*1) * 2 / (6*5) = 22/30; alpha = 1 - (1/3)/(22/30) = 6/11
    codes = _codes({"u1": {"ana": "positive", "ben": "positive"}, "u2": {"ana": "negative", "ben": "negative"},
                    "u3": {"ana": "neutral", "ben": "negative"}})
    res = nl.agreement(codes, level_of_measurement="nominal", n_boot=0)
    assert res.loc[0, "comparison"] == "all coders"
    assert res.loc[0, "alpha"] == pytest.approx(6 / 11)


def test_validate_agreement_ordinal_is_chosen_for_sentiment_labels():
    # ordinal metric: d(neg,neu) = (3+1-2)^2 = 4; Do = 8/6; De = 2*(3*1*4 + 3*2*12.25 + 1*2*2.25)/30 = 6
    codes = _codes({"u1": {"ana": "positive", "ben": "positive"}, "u2": {"ana": "negative", "ben": "negative"},
                    "u3": {"ana": "neutral", "ben": "negative"}})
    res = nl.agreement(codes, n_boot=0)
    assert res.loc[0, "level"] == "ordinal"
    assert res.loc[0, "alpha"] == pytest.approx(1 - (8 / 6) / 6)


def test_validate_agreement_krippendorff_reference_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example: alpha = 0.743
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
            [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    rows = [{"unit": u, "coder": c, "code": v} for c, row in zip("ABCD", data) for u, v in enumerate(row) if v is not None]
    res = nl.agreement(pd.DataFrame(rows), level_of_measurement="nominal", n_boot=0)
    assert res.loc[0, "alpha"] == pytest.approx(0.743, abs=5e-4)


def test_validate_agreement_with_tool_rows_and_intervals():
    rng = np.random.default_rng(0)
    truth = rng.choice(["negative", "neutral", "positive"], size=60)
    noisy = np.where(rng.random(60) < 0.2, rng.choice(["negative", "neutral", "positive"], size=60), truth)
    codes = pd.DataFrame({"unit": [f"u{i}" for i in range(60)] * 2, "coder": ["ana"] * 60 + ["ben"] * 60,
                          "code": list(truth) + list(noisy)})
    tool = pd.DataFrame({"unit": [f"u{i}" for i in range(60)],
                         "sentiment": [{"negative": -0.6, "neutral": 0.0, "positive": 0.7}[t] for t in truth]})
    res = nl.agreement(codes, tool, n_boot=200, seed=1)
    assert list(res["comparison"]) == ["all coders", "ana vs tool", "ben vs tool", "all coders + tool"]
    assert res.loc[1, "alpha"] == pytest.approx(1.0)  # the tool says what ana says
    assert res.loc[2, "alpha"] < 1.0
    assert (res["ci_low"] <= res["alpha"]).all() and (res["alpha"] <= res["ci_high"] + 1e-12).all()


def test_validate_agreement_rejects_bad_input():
    with pytest.raises(ColumnError, match="coder"):
        nl.agreement(pd.DataFrame({"unit": [1], "code": ["x"]}))
    with pytest.raises(OptionError, match="nominal"):
        nl.agreement(_codes({"u": {"a": "x", "b": "x"}}), level_of_measurement="ratioo")


def test_validate_confusion_crosstab():
    codes = _codes({"u1": {"ana": "a", "ben": "a"}, "u2": {"ana": "b", "ben": "a"}})
    tab = confusion(codes, "ana", "ben")
    assert tab.loc["b", "a"] == 1 and tab.loc["a", "a"] == 1
    with pytest.raises(OptionError, match="ana"):
        confusion(codes, "ana", "zoe")


def test_validate_sample_is_stratified_and_reproducible():
    units = pd.DataFrame({"article_id": [f"a{i}" for i in range(100)], "text": ["t"] * 100,
                          "outlet": ["big"] * 70 + ["mid"] * 25 + ["tiny"] * 5})
    s1 = nl.sample(units, 20, by="outlet", seed=3)
    s2 = nl.sample(units, 20, by="outlet", seed=3)
    assert len(s1) == 20 and s1["unit"].tolist() == s2["unit"].tolist()
    counts = s1["outlet"].value_counts()
    assert counts["big"] > counts["mid"] > counts["tiny"] >= 1
    eq = nl.sample(units, 15, by=["outlet"], allocation="equal", seed=0)["outlet"].value_counts()
    assert eq["tiny"] == 5 and eq["big"] == eq["mid"] == 5
    assert s1["unit"].is_unique


def test_validate_unit_ids_from_keys():
    df = pd.DataFrame({"article_id": ["a", "a"], "paragraph": [0, 1], "sentence": [0, 3]})
    assert unit_ids(df).tolist() == ["a:0:0", "a:1:3"]


def test_validate_card_shows_benchmark_rows_from_the_package_file(monkeypatch):
    import newslens.validate as v

    fake = {"sentiment": {"rows": [{"dataset": "NYT editorials", "split": "all", "n": 5190, "metric": "Pearson r",
                                    "newslens": 0.5029, "baselines": {"TextBlob": 0.299}, "published": "0.492"}]}}
    monkeypatch.setattr(v, "_benchmarks", lambda: fake)
    card = nl.card("sentiment")
    assert card.scores.loc[0, "newslens"] == pytest.approx(0.5029)
    assert "baseline: TextBlob" in card.scores.columns
    html = card._repr_html_()
    assert "NYT editorials" in html and "0.503" in html and "<h4>Known failure modes</h4>" in html
    assert "Pearson r" in str(card)


def test_validate_card_unknown_measure_lists_valid_ones():
    with pytest.raises(OptionError, match="'sentiment'"):
        nl.card("tone")


def test_validate_agreement_numeric_codes_against_labels_need_a_mapping():
    codes = _codes({"u1": {"ana": -1, "ben": -1}, "u2": {"ana": 0, "ben": 1}, "u3": {"ana": 1, "ben": 1},
                    "u4": {"ana": 0, "ben": 0}})
    tool = pd.DataFrame({"unit": ["u1", "u2", "u3", "u4"], "label": ["negative", "positive", "positive", "neutral"]})
    with pytest.raises(ColumnError, match=r"mapping=\{'negative': -1, 'neutral': 0, 'positive': 1\}"):
        nl.agreement(codes, tool)  # was: could not convert string to float: 'positive'
    res = nl.agreement(codes, tool, mapping={"negative": -1, "neutral": 0, "positive": 1}, n_boot=0)
    same = nl.agreement(codes, tool.assign(label=[-1, 1, 1, 0]), n_boot=0)
    pd.testing.assert_frame_equal(res, same)
    assert res.set_index("comparison").loc["ben vs tool", "alpha"] == pytest.approx(1.0)
    with pytest.raises(OptionError, match=r"no entry for the tool's code\(s\) 'neutral'"):
        nl.agreement(codes, tool, mapping={"negative": -1, "positive": 1})
    assert confusion(codes, "ana", "tool", tool, mapping={"negative": -1, "neutral": 0, "positive": 1}).loc[0, 1] == 1


def test_validate_agreement_coder_named_tool_is_not_overwritten():
    codes = _codes({"u1": {"ana": "positive", "tool": "negative"}, "u2": {"ana": "negative", "tool": "negative"}})
    alone = nl.agreement(codes, n_boot=0)
    assert alone.loc[0, "coders"] == "ana, tool"  # without scores "tool" is an ordinary coder
    with pytest.raises(ColumnError, match=r"coder in `codes` is named 'tool'.*replace"):
        nl.agreement(codes, pd.DataFrame({"unit": ["u1", "u2"], "label": ["positive", "negative"]}))


def test_validate_unit_ids_of_numeric_keys_match_whatever_their_type():
    a = unit_ids(pd.DataFrame({"article_id": [1, 2], "paragraph": [0, 3]}))
    b = unit_ids(pd.DataFrame({"article_id": [1.0, "2"], "paragraph": [0.0, 3]}))
    assert a.tolist() == b.tolist() == ["1:0", "2:3"]
