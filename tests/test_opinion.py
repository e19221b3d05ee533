"""Opinion scorers: one signature, word evidence that adds up, the default chosen by the recorded rule."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

import newslens as nl
from newslens import opinion
from newslens.opinion import DEFAULT, scorers, threshold_of

OPINION = "Frankly, this plan is a disgrace and we should scrap it before it ruins the town."
REPORT = "The council met on Tuesday and approved the budget, officials said."


@pytest.mark.parametrize("name", ["lexical", "neural", "encoder", "combined", "ensemble"])
def test_every_scorer_separates_opinion_from_report_with_word_evidence(name):
    scorer = scorers.get(name)
    (p1, ev1), (p2, _), (p3, ev3) = scorer([OPINION, REPORT, "  — 12 —  "])
    assert p1 > threshold_of(scorer) > p2, (name, p1, p2)
    assert 0 < threshold_of(scorer) < 1
    assert ev1 and all(OPINION[e["start"]:e["end"]] == e["word"] for e in ev1)
    assert any(e["weight"] > 0 for e in ev1)
    assert all(type(e["weight"]) is float and type(e["start"]) is int for e in ev1)  # plain numbers, as JSON writes them
    assert math.isnan(p3) and ev3 == []  # nothing to read: no probability, no evidence
    assert [p for p, ev in scorer([OPINION], evidence=False)] == pytest.approx([p1], abs=1e-9)
    assert scorer([OPINION], evidence=False)[0][1] == []


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _stack_of(name: str) -> tuple[list[float], float, float, float]:
    """Weights, bias, cut (log-odds) and read width of the stacked scorer ``name``, from the shipped files."""
    st = opinion.load_stack()[name]
    if name == "combined":
        return st["weights"], st["bias"], _logit(st["threshold"]), st["read_width"]
    shift = sum(_logit(threshold_of(scorers.get(n))) for n in ("lexical", "neural", "encoder")) / 3
    return [1 / 3] * 3, -shift, 0.0, st["read_width"]


@pytest.mark.parametrize("name", ["combined", "ensemble"])
def test_stacked_scorers_read_the_encoder_only_where_it_could_change_the_label(monkeypatch, name):
    """z = bias + the weighted log-odds of the three scorers when the encoder is read, the recorded
    estimate of the encoder's log-odds otherwise; the encoder reads exactly the sentences whose
    estimated z lies within read width × |w_e| residual sds of the cut; a word's weight is its share of z."""
    weights, bias, cut, width = _stack_of(name)
    est = opinion.load_stack()["encoder_estimate"]
    (a_l, a_n), a0, sd = est["weights"], est["bias"], est["residual_sd"]
    texts = [OPINION, REPORT, "That would be a mistake.", "The bill is expected to pass easily.",
             "Some residents said the decision was unfair, while others welcomed it.", "Prices rose 3 percent in May.",
             "It remains to be seen whether voters will agree.", "Critics have long argued that the scheme is too expensive.",
             "The mayor's record speaks for itself."]
    read: list[str] = []
    real = opinion.encoder_scores

    def spy(ts, **kw):
        read.extend(ts)
        return real(ts, **kw)

    spy.threshold = real.threshold
    monkeypatch.setattr(opinion, "encoder_scores", spy)
    out = scorers.get(name)(texts)
    monkeypatch.undo()
    for text, (p, ev) in zip(texts, out):
        (pl, evl), (pn, evn), (pe, eve) = (scorers.get(n)([text])[0] for n in ("lexical", "neural", "encoder"))
        l, n = _logit(pl), _logit(pn)
        z_est = bias + weights[0] * l + weights[1] * n + weights[2] * (a0 + a_l * l + a_n * n)
        assert (text in read) == (abs(z_est - cut) < width * abs(weights[2]) * sd), text
        if text in read:
            z = bias + weights[0] * l + weights[1] * n + weights[2] * _logit(pe)
            parts = [(weights[0], evl), (weights[1], evn), (weights[2], eve)]
        else:
            z, parts = z_est, [(weights[0] + weights[2] * a_l, evl), (weights[1] + weights[2] * a_n, evn)]
        assert _logit(p) == pytest.approx(z, abs=1e-9)
        word = max(ev, key=lambda e: abs(e["weight"]))
        expected = sum(k * sum(e["weight"] for e in words if (e["start"], e["end"]) == (word["start"], word["end"]))
                       for k, words in parts)
        assert word["weight"] == pytest.approx(expected, abs=2e-4)
    assert 0 < len(read) < len(texts), read  # these sentences exercise both paths


def test_encoder_shares_add_up_to_the_log_odds_and_do_not_depend_on_the_batch():
    from newslens.neural import encode_sentence

    from newslens import sentence_model

    info = opinion.encoder_info()
    ids = encode_sentence(OPINION, vocab_name=info["vocab"])[0]
    shares = sentence_model._run([ids], model=f"{sentence_model.ENCODER}.onnx", batch=1)[0][:, info["heads"].index("opinion")]
    p = opinion.encoder_scores([OPINION])[0][0]
    assert info["bias"] + shares.astype(float).sum() == pytest.approx(math.log(p / (1 - p)), abs=1e-9)
    batch = [REPORT, OPINION, "Short one.", OPINION + " Indeed."]
    alone = [opinion.encoder_scores([t], evidence=False)[0][0] for t in batch]
    assert [p for p, _ in opinion.encoder_scores(batch, evidence=False)] == pytest.approx(alone, abs=1e-6)


def test_default_is_the_choice_the_recorded_rule_makes():
    """The default of nl.sourcing is the scorer the stack file chose: among the scorers above the
    speed floor, the best mean of validation (leave-one-out) and BABE development macro-F1."""
    from benchmarks.train_opinion_stack import HYPERPARAMETERS

    st = opinion.load_stack()
    assert st["default"] == DEFAULT
    val, babe, speed = st["validation_macro_f1"], st["babe_development"]["macro_f1"], st["sentences_per_second"]
    score = {k: (val[k]["leave_one_out"] + babe[k]) / 2 for k in val}
    assert score == pytest.approx(st["selection_score"], abs=1e-4)
    fast = [k for k in score if speed[k] >= HYPERPARAMETERS["speed_floor_vs_vader"] * speed["vader"]]
    best = max(score[k] for k in fast)
    near = [k for k in fast if score[k] >= best - HYPERPARAMETERS["speed_margin"]]
    assert DEFAULT == max(near, key=speed.get)
    assert set(val) == set(babe) == set(scorers.names())
    assert nl.sourcing([REPORT]).attrs["newslens"]["opinion"] == DEFAULT


@pytest.mark.parametrize("name", ["combined", "ensemble"])
def test_read_width_is_the_choice_the_recorded_rule_makes(name):
    """Each stacked scorer reads the encoder as widely as the rule chose: the best mean of validation
    (leave-one-out) and BABE development macro-F1 among the widths at or above the speed floor, the
    narrower of equals; its recorded scores and speed are that width's."""
    from benchmarks.train_opinion_stack import HYPERPARAMETERS

    st = opinion.load_stack()
    floor = HYPERPARAMETERS["speed_floor_vs_vader"] * st["sentences_per_second"]["vader"]
    by = {float(w): v for w, v in st[name]["by_read_width"].items()}
    assert sorted(by) == HYPERPARAMETERS["read_width_grid"]
    for v in by.values():
        assert v["selection_score"] == pytest.approx((v["leave_one_out"] + v["babe_development"]) / 2, abs=1e-4)
    fast = [w for w in by if by[w]["sentences_per_second"] >= floor] or [min(by)]
    assert st[name]["read_width"] == max(fast, key=lambda w: (by[w]["selection_score"], -w))
    chosen = by[st[name]["read_width"]]
    assert st["sentences_per_second"][name] == chosen["sentences_per_second"]
    assert st["babe_development"]["macro_f1"][name] == chosen["babe_development"]
    assert st["validation_macro_f1"][name]["leave_one_out"] == chosen["leave_one_out"]
    reads = [by[w]["encoder_read"] for w in sorted(by)]
    assert reads == sorted(reads) and reads[0] == 0  # a wider read reads at least as much; width 0 never reads


def test_combined_stacker_is_fitted_with_non_negative_weights():
    """The recipe keeps each input's weight ≥ 0 where an unconstrained fit would not, and the
    shipped stacker was fitted that way."""
    import scipy.sparse as sp

    from benchmarks.train_frames import fit_binary

    rng = np.random.default_rng(0)
    good, slip = rng.normal(size=200), rng.normal(scale=0.5, size=200)
    y = (good - slip + rng.normal(scale=0.3, size=200) > 0).astype(float)
    X = sp.csr_matrix(np.column_stack([good, good + slip]))  # both inputs rise with y; the second also carries a slip
    assert np.corrcoef(X[:, 1].toarray().ravel(), y)[0, 1] > 0.3
    free, _ = fit_binary(X, y, 1e-4)
    kept, _ = fit_binary(X, y, 1e-4, nonnegative=True)
    assert free.min() < 0 <= kept.min() and kept.max() > 0
    st = opinion.load_stack()
    assert st["_meta"]["hyperparameters"]["stack_nonnegative"] and min(st["combined"]["weights"]) >= 0


def test_recorded_hyperparameters_match_the_training_scripts():
    from benchmarks import train_opinion_encoder, train_opinion_stack

    assert opinion.load_stack()["_meta"]["hyperparameters"] == json.loads(json.dumps(train_opinion_stack.HYPERPARAMETERS))
    assert opinion.encoder_info()["hyperparameters"] == json.loads(json.dumps(train_opinion_encoder.HYPERPARAMETERS))


def test_encoder_int8_model_was_checked_against_float(shared_data):
    """The shipped int8 file is the one the export check measured: its validation macro-F1 at the
    recorded threshold, re-measured here, is the recorded one, and that was close to the float model's."""
    from benchmarks.common import macro_f1
    from benchmarks.train_opinion_encoder import EXPORT_CHECK

    info = opinion.encoder_info()
    assert info["int8_vs_float_max_logit_diff"] < EXPORT_CHECK["max_logit_diff"]
    f1 = info["val_macro_f1"]
    assert abs(f1["onnx_int8"]["at_threshold"] - f1["torch"]["at_threshold"]) <= EXPORT_CHECK["macro_f1_within"]
    rows = [json.loads(line) for line in shared_data("subjectivity", "newssd_eng", "val.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    probs = [p for p, _ in opinion.encoder_scores([r["sentence"].strip() for r in rows], evidence=False)]
    pred = [int(p >= info["threshold"]) for p in probs]
    assert round(macro_f1([int(r["label"] == "SUBJ") for r in rows], pred, [0, 1]), 4) == f1["onnx_int8"]["at_threshold"]


def test_encoder_shipped_by_its_recorded_rules():
    """Re-apply the training script's rules to the recorded numbers: the number of fine-tuning epochs
    is the best out-of-fold macro-F1 (ties to fewer); a fine-tuned model ships only if one of its int8
    variants passes the export check; the shipped variant is the passing one of the first form with any
    (seven-bit signed, the same smoothed, eight-bit unsigned: all the same on every CPU) with the smallest
    largest difference, every variant timed against seven-bit all-int8; the smoothing's alpha is the
    one closest to the float model on the training sentences that chose it."""
    from benchmarks.train_opinion_encoder import EXPORT_TIERS, SPEED_REFERENCE, passes

    info = opinion.encoder_info()
    cv = {int(k): v for k, v in info["cv_macro_f1_by_epochs"].items()}
    best = max(cv, key=lambda e: (cv[e], -e))
    miss = info["fine_tuned_not_shipped"]
    if miss is None:
        assert info["epochs"] == best
    else:
        assert info["epochs"] == 0 and miss["epochs"] == best > 0
        assert not any(passes(v, miss["val_macro_f1_float"]) for v in miss["quantisation"].values())
    tried, f1 = info["quantisation"], info["val_macro_f1"]["torch"]["at_threshold"]
    assert [v["form"] for v in tried.values()] == sorted((v["form"] for v in tried.values()), key=list(EXPORT_TIERS).index)
    assert tried[SPEED_REFERENCE]["speed_vs_all_int8"] == 1.0
    for form, (weights, smoothed) in EXPORT_TIERS.items():
        assert all(v["weights"] == weights and (v["smoothing_alpha"] is not None) == smoothed
                   for v in tried.values() if v["form"] == form)
        ok = {k: v for k, v in tried.items() if v["form"] == form and passes(v, f1)}
        if ok:
            chosen = tried[min(ok, key=lambda k: ok[k]["int8_vs_float_max_logit_diff"])]
            assert (info["form"], info["keep_float"]) == (chosen["form"], chosen["keep_float"])
            break
    else:
        assert (info["weights"], info["keep_float"]) == ("uint8", "")
    assert info["export_check_passed"] == any(passes(v, f1) for v in tried.values())
    grid = info["hyperparameters"]["smoothing"]["alpha_grid"]
    by = info["smoothing"]["mean_logit_diff_by_alpha"]
    assert info["smoothing"]["alpha"] == min(grid, key=lambda a: (by[str(a)], a))


def test_smoothing_keeps_the_float_numbers_and_narrows_the_int8_error(tmp_path):
    """SmoothQuant moves a wide activation channel into the weights: the float model computes the same
    numbers, two products of one input share one division, the head is left alone, and the dynamic
    int8 version is closer to the float numbers than the plain int8 version."""
    onnx = pytest.importorskip("onnx")
    pytest.importorskip("onnxruntime.quantization")
    from onnx import TensorProto, helper, numpy_helper

    from benchmarks.train_opinion_encoder import activation_ranges, dynamic_int8, onnx_shares, smooth

    rng = np.random.default_rng(0)
    emb = rng.normal(size=(50, 16)).astype(np.float32)
    emb[:, 3] *= 100  # one channel spreads a hundred times wider, as in transformer activations
    w1, w3 = rng.normal(size=(16, 16)).astype(np.float32), rng.normal(size=(16, 16)).astype(np.float32)
    w2 = rng.normal(size=(16, 1)).astype(np.float32)
    g = helper.make_graph(
        [helper.make_node("Gather", ["emb", "input_ids"], ["x"]), helper.make_node("MatMul", ["x", "w1"], ["h1"], name="/layer.0/a/MatMul"),
         helper.make_node("MatMul", ["x", "w3"], ["h3"], name="/layer.0/b/MatMul"), helper.make_node("Add", ["h1", "h3"], ["h"]),
         helper.make_node("Relu", ["h"], ["r"]), helper.make_node("Cast", ["attention_mask"], ["m"], to=TensorProto.FLOAT),
         helper.make_node("Unsqueeze", ["m", "axis"], ["m3"]), helper.make_node("Mul", ["r", "m3"], ["rm"]),
         helper.make_node("MatMul", ["rm", "w2"], ["shares"], name="/MatMul")],
        "toy", [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "s"]),
                helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["b", "s"])],
        [helper.make_tensor_value_info("shares", TensorProto.FLOAT, ["b", "s", 1])],
        [numpy_helper.from_array(emb, "emb"), numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(w2, "w2"),
         numpy_helper.from_array(w3, "w3"),
         numpy_helper.from_array(np.array([-1], dtype=np.int64), "axis")])
    fp32 = tmp_path / "toy.onnx"
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]), str(fp32))
    seqs = [list(rng.integers(0, 50, size=12)) for _ in range(40)]
    ranges = activation_ranges(fp32, seqs)
    assert ranges["x"].argmax() == 3
    smooth(fp32, tmp_path / "smooth.onnx", ranges, 0.8)
    smoothed = onnx.load(str(tmp_path / "smooth.onnx")).graph
    assert [n.input[0] for n in smoothed.node if n.op_type == "Mul" and n.name.endswith("_smooth")] == ["x"]  # one division, shared
    assert {i.name for i in smoothed.initializer} >= {"w1_smoothed", "w3_smoothed", "w2"} and "w1" not in {i.name for i in smoothed.initializer}
    z = np.array([s.sum() for s in onnx_shares(fp32, seqs)])
    assert np.allclose([s.sum() for s in onnx_shares(tmp_path / "smooth.onnx", seqs)], z, rtol=1e-4, atol=1e-3)
    err = {}
    for name, src in (("plain", fp32), ("smoothed", tmp_path / "smooth.onnx")):
        dynamic_int8(src, tmp_path / f"{name}_int7.onnx", weights="int7")
        err[name] = np.abs(np.array([s.sum() for s in onnx_shares(tmp_path / f"{name}_int7.onnx", seqs)]) - z).mean()
    assert err["smoothed"] < 0.75 * err["plain"]


def test_opinion_cards_are_generated_from_the_results_files():
    from benchmarks import train_opinion_encoder, train_opinion_stack

    for mod in (train_opinion_stack, train_opinion_encoder):
        assert mod.CARD.read_text("utf-8") == mod.render(), f"regenerate with: python -m benchmarks --render ({mod.CARD.name})"


def test_neural_scorer_is_the_sentence_models_opinion_head():
    from newslens.sentence_model import opinion_scores

    assert opinion.neural_scores([OPINION, REPORT]) == opinion_scores([OPINION, REPORT])


def _seed_labels(seed_path) -> tuple[list, list]:
    """The default's paragraph labels of the seed and which of its seven expectations they meet
    (paragraphs 1–4 not commentary, the last three commentary)."""
    labels = nl.sourcing(nl.load(str(seed_path)))["label"].tolist()
    return labels, [lab != "commentary" for lab in labels[:4]] + [lab == "commentary" for lab in labels[-3:]]


def test_default_on_the_seed_article_is_what_the_benchmark_published(seed_path):
    """The seed (notebook 02's demo), with no cue, rule or threshold taken from it, read by the
    default scorer: nine body paragraphs, the second attributed (a quotation), and the share of
    the seven expectations met is the one the sourcing benchmark published for the default."""
    from benchmarks.sourcing import SEED_FILE
    from benchmarks.common import ROOT

    assert seed_path.name == SEED_FILE
    labels, met = _seed_labels(seed_path)
    assert len(labels) == 9 and labels[1] == "attributed"
    rows = json.loads((ROOT / "benchmarks" / "results" / "sourcing.json").read_text("utf-8"))["rows"]
    published = next(r for r in rows if r["dataset"].startswith("seed") and r["method"].endswith("(default)"))
    assert f"opinion={DEFAULT!r}" in published["method"]
    assert published["newslens"] == round(sum(met) / 7, 4), "re-run: python -m benchmarks sourcing"


def test_default_on_the_seed_article_finds_where_commentary_begins(seed_path):
    """Sentence by sentence (notebook 02's view), the default puts no commentary in the reporting
    paragraphs 1–4 and at least one commentary sentence in each of the last three paragraphs."""
    par = nl.sourcing(nl.load(str(seed_path)))
    assert (par["n_commentary"].iloc[:4] == 0).all() and (par["n_commentary"].iloc[-3:] >= 1).all(), par["n_commentary"].tolist()
    assert par["n_commentary"].iloc[:-3].sum() <= 1


@pytest.mark.xfail(strict=True, reason="known limit: the default labels two of the seed's last three paragraphs "
                                       "reported: each holds one commentary sentence of three, and the paragraph rule "
                                       "needs half; the share met is published by python -m benchmarks sourcing")
def test_default_on_the_seed_article_meets_every_expectation(seed_path):
    """The goal: paragraphs 1–4 not commentary and the last three commentary."""
    labels, met = _seed_labels(seed_path)
    assert all(met), labels


def test_every_scorer_on_newssd_val_beats_the_majority_class(shared_data):
    """On validation sentences (development data), every scorer is well above always saying OBJ."""
    rows = [json.loads(line) for line in shared_data("subjectivity", "newssd_eng", "val.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    texts, gold = [r["sentence"].strip() for r in rows], np.array([r["label"] == "SUBJ" for r in rows])
    from benchmarks.common import macro_f1

    for name in scorers.names():
        scorer = scorers.get(name)
        pred = [int(p == p and p >= threshold_of(scorer)) for p, _ in scorer(texts, evidence=False)]
        assert macro_f1(list(gold.astype(int)), pred, [0, 1]) > 0.5, name
