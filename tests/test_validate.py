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


def test_validate_card_names_method_heldout_and_tuning_of_each_row(monkeypatch):
    import newslens.validate as v

    rows = [
        {"dataset": "NewsMTSC", "split": "test-rw", "n": 803, "metric": "macro-F1", "newslens": 0.623, "method": "learned (default)",
         "held_out": True, "tuned_on": "train.jsonl; rw_dev", "baselines": {"VADER sentence": 0.513}, "published": ""},
        {"dataset": "NewsMTSC", "split": "test-rw", "n": 803, "metric": "macro-F1", "newslens": 0.749, "method": "neural (opt-in)",
         "held_out": True, "tuned_on": "train.jsonl; epochs on dev", "baselines": {"newslens learned": 0.623}, "published": ""},
        {"dataset": "old", "split": "all", "n": 3, "metric": "accuracy", "newslens": 0.5, "published": ""},
    ]
    monkeypatch.setattr(v, "_benchmarks", lambda: {"stance": {"rows": rows, "notes": "labels neg/neu/pos"}})
    card = nl.card("stance")
    assert card.scores["method"].tolist() == ["learned (default)", "neural (opt-in)", "not recorded"]
    assert card.scores["held_out"].tolist()[:2] == [True, True] and card.scores["tuned_on"].iloc[2] == "not recorded"
    text = str(card)
    assert "method: learned (default); held out: yes; tuned on: train.jsonl; rw_dev" in text
    assert "method: neural (opt-in); held out: yes; tuned on: train.jsonl; epochs on dev" in text
    assert "baselines: newslens learned 0.623" in text
    html = card._repr_html_()
    assert "neural (opt-in)" in html and "epochs on dev" in html and "<th>held out</th>" in html
    assert card.notes == {"stance": "labels neg/neu/pos"}


def test_validate_cards_read_the_licence_of_every_shipped_model_from_the_model_file():
    """Each trained file the package ships is named by a card, which shows the licence the file itself records."""
    from importlib import resources

    from newslens.files import read_lexicon_json
    from newslens.validate import _card_texts

    named = set()
    for measure, info in _card_texts().items():
        for r, shown in zip(info.get("resources", []), nl.card(measure).info["resources"]):
            for name in r.get("files", []):
                m = read_lexicon_json(name)
                named.add(name)
                assert ((m.get("_meta") or {}).get("licence") or m["licence"]) in shown["licence"], (measure, name)
    models = {p.name.replace(".onnx", ".json") for p in resources.files("newslens.lexicons").iterdir() if p.name.endswith(".onnx")}
    assert models <= named, f"shipped models no card names: {sorted(models - named)}"


def test_validate_card_resource_whose_file_records_no_licence_is_an_error(monkeypatch):
    import newslens.files
    from newslens.validate import _resources

    monkeypatch.setattr(newslens.files, "read_lexicon_json", lambda name: {"_meta": {"name": name}})
    with pytest.raises(ValueError, match="new_model.json records no licence"):
        _resources({"resources": [{"name": "a model", "files": ["new_model.json"], "source": "a script"}]})


def test_validate_every_card_row_of_the_package_names_method_and_tuning():
    """The shipped results: every row of every measure's card says its method and what it was tuned on."""
    from newslens.validate import _card_texts

    for measure in _card_texts():
        sc = nl.card(measure).scores
        if sc.empty:
            continue
        assert (sc["method"] != "not recorded").all(), (measure, sc.loc[sc["method"] == "not recorded", "metric"].tolist())
        assert (sc["tuned_on"] != "not recorded").all(), measure
        assert sc["held_out"].map(lambda x: isinstance(x, bool)).all(), measure


def test_validate_every_measure_has_a_card_with_benchmark_rows():
    """Every registered measure has a card, and its card shows at least one benchmark row, each
    naming its method, whether it is held out and what it was tuned on."""
    for measure in nl.measures.available():
        sc = nl.card(measure).scores
        assert len(sc), measure
        assert sc["method"].str.strip().ne("").all() and sc["tuned_on"].str.strip().ne("").all(), measure
        assert sc["held_out"].map(lambda x: isinstance(x, bool)).all(), measure
    rows = nl.card("consistency").scores
    assert rows["held_out"].any() and (~rows["held_out"]).any()  # held-out news and development data, told apart


# ---------------------------------------------------------------- benchmark publication and training recipes
def test_validate_benchmarks_fail_loudly_without_republishing(tmp_path, monkeypatch, capsys):
    import json

    import benchmarks.__main__ as bm
    from benchmarks.common import DataMissing

    monkeypatch.setattr(bm, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(bm, "RESULTS_MD", tmp_path / "RESULTS.md")
    monkeypatch.setattr(bm, "PACKAGE_COPY", tmp_path / "benchmarks.json")
    monkeypatch.setattr(bm, "MODEL_CARDS", ())
    good = {"task": "boundaries", "title": "B", "notes": "", "tuned_on": "",
            "rows": [{"dataset": "d", "split": "test", "n": 2, "metric": "accuracy", "newslens": 1.0, "method": "m",
                      "held_out": True, "tuned_on": "nothing", "baselines": {}, "published": ""}]}

    def fake_run(name):
        if name == "sourcing":
            raise DataMissing("../shared/data/polnear not found")
        return {**good, "task": name, "meta": {"date": "today", "seconds": 0.0, "versions": {}, "command": name}}

    monkeypatch.setattr(bm, "run_task", fake_run)
    assert bm.main(["boundaries", "sourcing"]) == 1
    err = capsys.readouterr().err
    assert "'sourcing' could not run" in err and "polnear not found" in err and "NOT rewritten" in err
    assert not (tmp_path / "RESULTS.md").exists() and not (tmp_path / "benchmarks.json").exists()
    assert (tmp_path / "results" / "boundaries.json").exists()  # what did run keeps its fresh file
    assert bm.main(["--render"]) == 0
    md = (tmp_path / "RESULTS.md").read_text()
    assert "| d | test | 2 | accuracy | m | 1.000 | yes | nothing |" in md
    assert json.loads((tmp_path / "benchmarks.json").read_text())["boundaries"]["rows"][0]["held_out"] is True
    assert bm.main(["nope"]) == 2


def test_validate_shipped_model_cards_are_rendered_from_results(tmp_path, monkeypatch):
    """Each model card equals what its training script renders from the model and results files."""
    import importlib

    from benchmarks.__main__ import MODEL_CARDS

    for name in MODEL_CARDS:
        mod = importlib.import_module(name)
        if hasattr(mod, "VARIANTS"):  # one card per shipped model of the script
            for variant in mod.VARIANTS:
                card = mod.paths(variant)[2]
                assert card.read_text("utf-8") == mod.render(variant), f"{card.name} differs from its rendering: run python -m benchmarks --render"
            continue
        shipped = mod.CARD.read_text("utf-8")
        monkeypatch.setattr(mod, "CARD", tmp_path / mod.CARD.name)
        assert mod.write_card().read_text("utf-8") == shipped, f"{mod.CARD.name} differs from its rendering: run python -m benchmarks --render"


def test_validate_training_defaults_reproduce_the_shipped_models():
    """The hyperparameters each shipped model recorded are the defaults of its training script."""
    import json

    import benchmarks.train_frames as tf
    import benchmarks.train_opinion as to
    import benchmarks.train_stance as ts
    import benchmarks.train_stance_neural as tn

    for name, layers in tn.VARIANTS.items():  # the six-layer encoder and the three-layer one (--small)
        neural = json.loads(tn.paths(name)[1].read_text("utf-8"))
        defaults = vars(tn.parser().parse_args(["--small"] if layers < 6 else []))
        assert tn.recorded_hyperparameters(neural) == {k: defaults[k] for k in tn.HYPERPARAMETERS}
        assert neural.get("layers", 6) == layers
    assert json.loads(to.OUT.read_text("utf-8"))["_meta"]["hyperparameters"] == to.HYPERPARAMETERS
    assert json.loads(tf.OUT.read_text("utf-8"))["_meta"]["hyperparameters"] == json.loads(json.dumps(tf.HYPERPARAMETERS))
    assert json.loads(ts.OUT.read_text("utf-8"))["_meta"]["hyperparameters"] == ts.HYPERPARAMETERS


def test_benchmark_macro_f1_interval_brackets_the_score_and_narrows_with_more_items():
    """The bootstrap interval the opinion rows publish: it holds the macro-F1 of the sample, collapses
    when every prediction is right, and is narrower on four times the items."""
    from benchmarks.common import macro_f1, macro_f1_interval

    rng = np.random.default_rng(3)

    def sample(n):
        gold = rng.integers(0, 2, n)
        return gold, np.where(rng.random(n) < 0.8, gold, 1 - gold)

    gold, pred = sample(200)
    lo, hi = macro_f1_interval(gold, pred, [0, 1])
    assert lo < macro_f1(list(gold), list(pred), [0, 1]) < hi and hi - lo > 0.05
    assert macro_f1_interval(gold, gold, [0, 1]) == (1.0, 1.0)
    big_lo, big_hi = macro_f1_interval(*sample(800), [0, 1])
    assert big_hi - big_lo < 0.75 * (hi - lo)


def test_benchmark_pearson_interval_brackets_r_and_narrows_with_more_items():
    from benchmarks.common import pearson, pearson_interval

    rng = np.random.default_rng(4)

    def sample(n):
        x = rng.normal(size=n)
        return x, 0.6 * x + 0.8 * rng.normal(size=n)

    x, y = sample(300)
    lo, hi = pearson_interval(x, y)
    assert lo < pearson(list(x), list(y)) < hi
    big_lo, big_hi = pearson_interval(*sample(1200))
    assert big_hi - big_lo < 0.75 * (hi - lo)
