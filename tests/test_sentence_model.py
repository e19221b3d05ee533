"""Tests of the learned sentence model: tokenizer, equivalence, properties, evidence, the opinion interface."""
from __future__ import annotations

import json
import math
import time
import tracemalloc

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newslens as nl
from newslens import neural, sentence_model
from newslens.sentence_model import opinion_scores, sentiment_scores

MILLTOWN = "Six hundred and forty families in Milltown learned this week what Governor Marian Hale's promises are worth"


# ------------------------------------------------------------------ tokenizer
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZé Äß\u0130\u200b\t\n.,'\u2019\u201c\u4e00x1\x00\x0b\ufb01\u00ad\u2014-")), max_size=30))
def test_sentence_model_fast_basic_tokenizer_equals_reference(text):
    assert neural._basic(text) == neural._basic_reference(text)


def test_sentence_model_fast_basic_tokenizer_on_news(shared_data):
    path = shared_data("newsmtsc", "devtest_rw.jsonl")
    texts = [json.loads(line)["sentence_normalized"] for line in path.read_text("utf-8").splitlines()]
    assert all(neural._basic(t) == neural._basic_reference(t) for t in texts)


def test_sentence_model_encode_sentence_bounds_length_and_keeps_offsets():
    text = "Hale's   crews rescued every family."
    ids, spans = neural.encode_sentence(text)
    v = neural.vocab()
    assert ids[0] == v[neural.CLS] and ids[-1] == v[neural.SEP] and spans[0] is None and spans[-1] is None
    assert [text[a:b] for a, b in dict.fromkeys(s for s in spans if s)] == ["Hale", "'", "s", "crews", "rescued", "every", "family", "."]
    long_ids, _ = neural.encode_sentence("word " * 1000, max_len=50)
    assert len(long_ids) == 50


def test_typographic_and_plain_quotation_marks_and_dashes_score_alike():
    """An outlet that prints ’ “ ” — … and one that types ' " -- ... get the same numbers for the same words."""
    from newslens import opinion
    from newslens.measures.stance import score_mentions

    curly = ["The council’s “rescue” plan didn’t reach the families it promised to help.",
             "‘We were left on our own,’ said a tenant who’d waited three weeks for repairs.",
             "The levy passed — barely — after a night of angry testimony.",
             "Tenants waited and waited…Nobody came, and the families were furious."]
    plain = [t.translate(str.maketrans("’‘“”", "''\"\"")).replace("—", "--").replace("…", "...") for t in curly]
    assert all(c != p for c, p in zip(curly, plain))
    assert [neural.encode_sentence(t)[0] for t in curly] == [neural.encode_sentence(t)[0] for t in plain]
    for method in ("combined", "encoder", "neural"):
        a, b = nl.sentiment(curly, method=method), nl.sentiment(plain, method=method)
        assert a["sentiment"].tolist() == b["sentiment"].tolist() and a["label"].tolist() == b["label"].tolist()
        assert [[e["text"] for e in ev] for ev in a["evidence"]] == [[e["text"] for e in ev] for ev in b["evidence"]]
        assert all(t[e["start"]:e["end"]] == e["text"] for t, ev in zip(plain, b["evidence"]) for e in ev)
    for scorer in ("encoder", "neural"):  # the lexical scorer reads ‘…’ as a quotation and a plain '…' not (it may be apostrophes)
        f = getattr(opinion, f"{scorer}_scores")
        assert [s for s, _ in f(curly, evidence=False)] == [s for s, _ in f(plain, evidence=False)]
    assert opinion.combined_scores(curly[:1], evidence=False) == opinion.combined_scores(plain[:1], evidence=False)
    at = curly[0].index("council")
    assert score_mentions([(curly[0], at, at + 7)], method="neural") == score_mentions([(plain[0], at, at + 7)], method="neural")


# ------------------------------------------------------------------ equivalence
def test_sentence_model_int8_matches_float_model_within_recorded_tolerance():
    meta = sentence_model.model_info()
    probe, ref = meta["probe_sentences"], meta["probe_float"]
    tol = meta["int8_vs_float_tolerance"]
    sent = [s for s, _, _ in sentiment_scores(probe, evidence=False)]
    op = [p for p, _ in opinion_scores(probe, evidence=False)]
    assert np.max(np.abs(np.array(sent) - ref["sentiment"])) <= tol
    assert np.max(np.abs(np.array(op) - ref["opinion"])) <= tol


def test_sentence_model_batch_equals_one_by_one():
    """Each sentence is padded to a length of its own: its numbers do not depend on the rest of the batch."""
    texts = ["The plan is a disaster.", "Shares rose after the results.", MILLTOWN,
             "The mayor, who took office in 2019 after a bitter campaign, said on Monday that the budget would be cut."]
    sentence_model.clear_cache()
    batch = sentiment_scores(texts), opinion_scores(texts)
    single_s, single_o = [], []
    for t in texts:
        sentence_model.clear_cache()
        single_s.append(sentiment_scores([t])[0])
        single_o.append(opinion_scores([t])[0])
    assert batch == (single_s, single_o)


def test_sentence_model_shares_add_up_to_the_logit():
    meta = sentence_model.model_info()
    seqs = [neural.encode_sentence(t)[0] for t in (MILLTOWN, "Markets fell.", "The council, after a long and bitter debate, approved the plan.")]
    z, share = sentence_model._shares(sentence_model._run(seqs[:1])[0], tuple(meta["value_bias"]))
    assert np.allclose(z, np.asarray(meta["value_bias"]) + share.sum(0))
    for tok, (zb, sb) in zip(sentence_model._run(seqs), sentence_model._run(seqs, bias=meta["value_bias"])):
        zr, sr = sentence_model._shares(tok, tuple(meta["value_bias"]))  # the batched path equals the reference
        assert np.allclose(zb, zr, atol=1e-9) and np.allclose(sb, sr, atol=1e-9)
    r = sentence_model.analyse([MILLTOWN])[0]
    assert r.z_sent == pytest.approx(z[0]) and r.z_op == pytest.approx(z[1])


def test_sentence_model_card_is_generated_from_the_results_files():
    from benchmarks.sentence_model_card import CARD, render

    assert CARD.read_text("utf-8") == render(), "regenerate with: python -m benchmarks.sentence_model_card"


def test_sentence_model_recorded_hyperparameters_match_the_training_script():
    from benchmarks.train_sentence_model import DEFAULTS

    assert sentence_model.model_info()["hyperparameters"] == DEFAULTS


def test_sentence_model_records_the_teachers_it_learned_from():
    """A model distilled from teachers records their script's settings and their development scores."""
    from benchmarks.train_teachers import TEACHER

    info = sentence_model.model_info()
    hp = info["hyperparameters"]
    if not (hp.get("kd_sentiment", 0) > 0 or hp.get("kd_opinion", 0) > 0):
        assert info.get("teachers") is None
        return
    t = info["teachers"]
    assert t["settings"] == TEACHER
    assert t["n_soft_labelled"] >= info["n_train"]["sentiment"]
    se = t["sentiment"]
    assert se["C"] in TEACHER["sentiment_C_grid"]
    # the chosen C is the best on dev by the recorded key
    assert se["dev"][str(se["C"])]["key"] == max(v["key"] for v in se["dev"].values())


# ------------------------------------------------------------------ properties
@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=5))
def test_sentence_model_scores_are_bounded(texts):
    for s, p, _ in sentiment_scores(texts):
        assert -1.0 <= s <= 1.0 and all(0.0 <= x <= 1.0 for x in p) and math.isclose(sum(p), 1.0, abs_tol=1e-9)
    for p, ev in opinion_scores(texts):
        assert math.isnan(p) or 0.0 <= p <= 1.0
        assert all(0 <= e["start"] < e["end"] for e in ev)


def test_sentence_model_empty_and_non_english_text():
    (p_empty, ev_empty), (p_de, _), (p_ja, _) = opinion_scores(["", "Die Regierung hat das Gesetz nicht verabschiedet.", "東京は晴れです。"])
    assert math.isnan(p_empty) and ev_empty == [] and math.isnan(p_de) and math.isnan(p_ja)
    df = nl.sentiment(["Die Regierung hat das Gesetz nicht verabschiedet.", "It was a fine day."])
    assert math.isnan(df.loc[0, "sentiment"]) and pd.isna(df.loc[0, "label"]) and df.loc[0, "evidence"] == []
    assert not math.isnan(df.loc[1, "sentiment"])


@pytest.mark.slow
def test_sentence_model_ten_megabyte_input_is_bounded():
    text = ("the council said the plan was good and " * 300_000)[:10_000_000]
    tracemalloc.start()
    t0 = time.perf_counter()
    (p, ev), = opinion_scores([text])
    (s, _, _), = sentiment_scores([text + "!"])
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert 0.0 <= p <= 1.0 and -1.0 <= s <= 1.0
    assert all(e["end"] <= 4000 for e in ev)  # only the first characters are read
    assert seconds < 10 and peak < 200 * 2**20


# ------------------------------------------------------------------ behaviour on real sentences
@pytest.mark.xfail(strict=True, reason="the shipped model scores the issue's example positive, as VADER does; "
                   "it was not tuned on it (see lexicons/sentence_model.md, Limits)")
def test_sentence_model_milltown_example_is_not_positive():
    df = nl.sentiment([MILLTOWN])
    assert df.loc[0, "label"] != "positive"


def test_sentence_model_evidence_points_into_the_text():
    text = "Critics say the governor's reckless plan will wreck the town, and they are right."
    df = nl.sentiment([text])
    ev = df.loc[0, "evidence"]
    assert ev and all(text[e["start"]:e["end"]] == e["text"] and e["rule"] == "learned" for e in ev)
    assert df.loc[0, "sentiment"] < 0 and min(ev, key=lambda e: e["valence"])["valence"] < 0
    (p, oev), = opinion_scores([text])
    assert all(text[e["start"]:e["end"]] == e["word"] for e in oev)
    assert [abs(e["weight"]) for e in oev] == sorted((abs(e["weight"]) for e in oev), reverse=True)


def test_sentiment_default_is_the_choice_the_recorded_rule_makes_and_vader_stays():
    """The default of nl.sentiment is the method the stack file chose: among the methods above the
    speed floor, the best mean development macro-F1 (NewsMTSC and SEntFiN dev; combined out of fold)."""
    from benchmarks.train_sentiment_stack import FIT_ON, HYPERPARAMETERS
    from newslens.measures.sentiment import DEFAULT_METHOD, methods

    st = sentence_model.stack_info()
    dev, speed = st["development"], st["sentences_per_second"]
    score = {m: np.mean([dev[m][n]["macro_f1"] for n in FIT_ON]) for m in dev}
    assert score == pytest.approx(st["selection_score"], abs=1e-4)
    fast = [m for m in score if speed[m] >= HYPERPARAMETERS["speed_floor_vs_vader"] * speed["vader"]]
    assert DEFAULT_METHOD == st["default"] == max(fast, key=score.get)
    assert set(dev) <= set(methods.names())
    assert nl.sentiment(["The plan is good."]).attrs["newslens"]["method"] == DEFAULT_METHOD
    assert nl.sentiment(["The plan is good."], method="vader").attrs["newslens"]["method"] == "vader"


# ------------------------------------------------------------------ the sentence encoders and "combined"
NEWS = ["The plan is a disaster.", "Shares rose after the results.", MILLTOWN, "The council met on Tuesday.",
        "Critics say the governor's reckless plan will wreck the town, and they are right.",
        "Officials said the cuts were painful but necessary.", "The company reported a smaller loss than expected.",
        "Residents praised the rescue crews, though many homes were lost."]


@pytest.mark.parametrize("name", [sentence_model.ENCODER, sentence_model.SENTIMENT_ENCODER, sentence_model.SENTIMENT_ENCODER_SMALL])
def test_sentence_encoder_shares_add_up_to_every_heads_logit(name):
    info = sentence_model.encoder_info(name)
    bias = np.atleast_1d(np.asarray(info["bias"], dtype=np.float64))
    seqs = [neural.encode_sentence(t, vocab_name=info["vocab"])[0] for t in NEWS[:3]]
    sentence_model.clear_cache()
    for t, ids, tok in zip(NEWS, seqs, sentence_model._run(seqs, model=f"{name}.onnx", batch=1)):
        assert tok.shape == (len(ids), len(info["heads"])) == (len(ids), len(bias))
        r = sentence_model.encoder_read([t], name)[0]
        assert np.allclose(r.logits, bias + tok.astype(np.float64).sum(0), atol=1e-9)
        assert all(t[int(a):int(b)].strip() for a, b in r.words[:, :2])  # word offsets point into the text
        if name == sentence_model.SENTIMENT_ENCODER:
            p = sentence_model.encoder_sentiment_scores([t])[0][1]
            e = np.exp(r.logits - r.logits.max())
            assert np.allclose(p, e / e.sum())


def test_the_two_encoders_are_read_and_remembered_apart():
    """Sentiment reads the fine-tuned encoder, opinion the frozen one; an unknown name lists the valid ones."""
    from newslens import opinion

    sentence_model.clear_cache()
    sentence_model.encoder_sentiment_scores(NEWS[:2])
    assert set(sentence_model._encoder_caches[sentence_model.SENTIMENT_ENCODER]) == set(NEWS[:2])
    assert not sentence_model._encoder_caches[sentence_model.ENCODER]
    opinion.encoder_scores(NEWS[2:4])
    assert set(sentence_model._encoder_caches[sentence_model.ENCODER]) == set(NEWS[2:4])
    assert sentence_model.encoder_info(sentence_model.SENTIMENT_ENCODER)["heads"] == ["negative", "neutral", "positive"]
    assert sentence_model.encoder_info()["heads"] == ["opinion"]
    with pytest.raises(ValueError, match="sentiment_encoder"):
        sentence_model.encoder_read(["x"], "sentiment")


@pytest.mark.parametrize("name", [sentence_model.SENTIMENT_ENCODER, sentence_model.SENTIMENT_ENCODER_SMALL])
def test_sentiment_encoder_was_checked_against_float_and_trained_as_recorded(name):
    """The shipped file records the training script's settings, the probe's penalty and the epoch its
    rules choose (the best development key; epoch 0, the frozen encoder, competes), and an int8 check."""
    from benchmarks import train_sentiment_encoder as tse
    from benchmarks.train_teachers import TEACHER

    info = sentence_model.encoder_info(name)
    assert info["hyperparameters"] == json.loads(json.dumps(tse.VARIANTS[name]))
    assert info["heads"] == tse.HEADS
    probe = info["linear_probe"]
    assert probe["C"] in TEACHER["sentiment_C_grid"] and set(probe["dev_by_C"]) == {str(c) for c in TEACHER["sentiment_C_grid"]}
    assert probe["dev_by_C"][str(probe["C"])]["key"] == max(v["key"] for v in probe["dev_by_C"].values())
    history = info["finetune"]["history"]
    assert [h["epoch"] for h in history] == list(range(tse.HYPERPARAMETERS["finetune"]["epochs"] + 1))
    best = max(history, key=lambda h: h["dev"]["key"])  # the first of equal keys, as the script keeps it
    assert info["finetune"]["best_epoch"] == best["epoch"]
    assert history[0]["dev"]["newsmtsc"] == probe["dev_by_C"][str(probe["C"])]["newsmtsc"]  # epoch 0 is the probe
    for name, f1 in info["dev_macro_f1"].items():
        assert abs(f1["onnx_int8"] - f1["torch"]) <= 0.03 and f1["onnx_fp32"] == pytest.approx(f1["torch"], abs=1e-3)
        assert f1["torch"] == pytest.approx(best["dev"][name], abs=1e-3)


def test_combined_sentiment_is_the_sentence_model_where_it_is_sure_and_reads_the_encoder_elsewhere():
    st = sentence_model.stack_info()["combined"]
    sentence_model.clear_cache()
    combined, neural_ = sentence_model.combined_sentiment_scores(NEWS), sentiment_scores(NEWS)
    assert not sentence_model._encoder_caches[sentence_model.SENTIMENT_ENCODER]  # the small encoder, not the whole one
    sure = [sentence_model._margin(p) >= st["margin"] for _, p, _ in neural_]
    assert any(sure) and not all(sure)  # these sentences exercise both paths
    for t, c, n, ok in zip(NEWS, combined, neural_, sure):
        assert (c == n) == ok
        assert (t in sentence_model._encoder_caches[sentence_model.SENTIMENT_ENCODER_SMALL]) != ok  # the encoder read exactly the unsure ones
        assert -1 <= c[0] <= 1 and math.isclose(sum(c[1]), 1.0, abs_tol=1e-9) and c[0] == pytest.approx(c[1][2] - c[1][0])
        assert all(t[a:b].strip() for a, b, _ in c[2])


def test_combined_sentiment_evidence_is_each_words_share_of_the_stacked_logit():
    """Where the encoder read, a word's share = its sentence-model share and its encoder shares times the stack's coefficients."""
    st = sentence_model.stack_info()["combined"]
    W = np.asarray(st["weights"])
    c = W[2] - W[0]
    scale = sentence_model.model_info()["calibration"]["sentiment_ordinal"]["scale"]
    checked = 0
    for t, (_, p, words) in zip(NEWS, sentence_model.combined_sentiment_scores(NEWS)):
        if sentence_model._margin(sentence_model._sentiment_probs(sentence_model.analyse([t])[0].z_sent)) >= st["margin"]:
            continue
        s_words = {(int(a), int(b)): w * scale * c[0] for a, b, w, _ in sentence_model.analyse([t])[0].words}
        e = sentence_model.encoder_read([t], sentence_model.SENTIMENT_ENCODER_SMALL)[0]
        for a, b, *h in e.words:  # h: the word's shares of the negative, neutral and positive logits
            d, u = h[2] - h[0], h[1] - (h[0] + h[2]) / 2
            s_words[(int(a), int(b))] = s_words.get((int(a), int(b)), 0.0) + c[1] * d + c[2] * u
        for a, b, w in words:
            assert w == pytest.approx(s_words[(a, b)], abs=1e-6)
        checked += 1
    assert checked


def test_combined_and_encoder_sentiment_batch_equals_one_by_one_and_unreadable_is_nan():
    texts = NEWS + ["", "Die Regierung hat das Gesetz nicht verabschiedet."]
    for fn in (sentence_model.combined_sentiment_scores, sentence_model.encoder_sentiment_scores):
        sentence_model.clear_cache()
        batch = fn(texts)
        single = []
        for t in texts:
            sentence_model.clear_cache()
            single.append(fn([t])[0])
        assert [b[0] for b in batch] == pytest.approx([s[0] for s in single], abs=1e-9, nan_ok=True)
    for method in ("combined", "encoder"):
        df = nl.sentiment(NEWS + texts[-1:], method=method)
        assert math.isnan(df["sentiment"].iloc[-1]) and pd.isna(df["label"].iloc[-1])
        assert df["sentiment"].iloc[:-1].between(-1, 1).all() and df.attrs["newslens"]["method"] == method


def test_sentiment_stack_recorded_hyperparameters_and_card():
    from benchmarks import train_sentiment_stack

    st = sentence_model.stack_info()
    assert st["_meta"]["hyperparameters"] == json.loads(json.dumps(train_sentiment_stack.HYPERPARAMETERS))
    hp = train_sentiment_stack.HYPERPARAMETERS
    by_margin = st["combined"]["by_margin"]
    assert set(by_margin) == {str(m) for m in hp["margin_grid"]}
    floor = hp["speed_floor_vs_vader"] * st["sentences_per_second"]["vader"]
    fast = [m for m in hp["margin_grid"] if by_margin[str(m)]["sentences_per_second"] >= floor]
    assert fast, "no margin met the speed floor"
    assert st["combined"]["margin"] == max(fast, key=lambda m: (by_margin[str(m)]["oof_macro_f1"], -m))
    assert st["sentences_per_second"]["combined"] == by_margin[str(st["combined"]["margin"])]["sentences_per_second"]
    assert st["combined"]["encoder_read_news"] == by_margin[str(st["combined"]["margin"])]["encoder_read_news"]
    by = st["combined"]["oof_macro_f1_by_decision"]
    assert set(by) == set(hp["decisions"])
    assert st["combined"]["decision"] == max(hp["decisions"], key=lambda d: (by[d], d == "stacker"))
    if st["combined"]["decision"] == "encoder head":  # the head's own probabilities, exactly
        assert np.allclose(st["combined"]["weights"], train_sentiment_stack.ENCODER_HEAD[0])
        assert np.allclose(st["combined"]["bias"], train_sentiment_stack.ENCODER_HEAD[1])
        t = NEWS[0]
        e = sentence_model.encoder_read([t], sentence_model.SENTIMENT_ENCODER_SMALL)[0]
        W, b = train_sentiment_stack.ENCODER_HEAD
        f = np.array([0.0, e.logits @ sentence_model._POS_NEG, e.logits @ sentence_model._NEU])
        assert np.allclose(sentence_model._softmax(f @ W.T + b), sentence_model._softmax(e.logits))
    assert train_sentiment_stack.CARD.read_text("utf-8") == train_sentiment_stack.render(), \
        "regenerate with: python -m benchmarks --render"


def test_combined_sentiment_calibration_is_recorded_with_its_plot():
    """The card of the default shows its reliability: ten bins out of fold, an ECE that is the
    size-weighted gap of those bins (within the share of sentences in bins under 10), and the plot."""
    from benchmarks import train_sentiment_stack

    cal = sentence_model.stack_info()["calibration"]["combined"]
    n = sentence_model.stack_info()["_meta"]["n_fit"]
    covered = sum(b[2] for b in cal["bins"])
    gap = sum(b[2] * abs(b[0] - b[1]) for b in cal["bins"]) / n
    assert 0.5 * n < covered <= n and gap - 1e-3 <= cal["ece"] <= gap + 2 * (n - covered) / n + 1e-3
    assert set(cal["means"]) == set(train_sentiment_stack.FIT_ON)
    assert train_sentiment_stack.PLOT.exists() and train_sentiment_stack.PLOT.name in train_sentiment_stack.render()


def test_sentence_model_paragraph_level_is_mean_of_sentences():
    text = "The storm destroyed the pier. Volunteers rebuilt it in a week, to everyone's delight."
    sent = nl.sentiment([text])
    para = nl.sentiment([text], level="paragraph")
    assert para.loc[0, "sentiment"] == pytest.approx(sent["sentiment"].mean(), abs=1e-4)


# ------------------------------------------------------------------ int8 models on every CPU
_INT8_MODELS = ("sentiment_encoder.onnx", "sentiment_encoder_small.onnx", "stance_neural.onnx", "stance_neural_small.onnx",
                "opinion_encoder.onnx")


def _exact_integer_products(model):
    """``model`` with each ``MatMulInteger`` replaced by a float product of the same integers (exact:
    the sums stay far below 2**24), the arithmetic of a CPU whose int8 products never saturate."""
    from onnx import TensorProto, helper

    nodes = []
    for n in model.graph.node:
        if n.op_type != "MatMulInteger":
            nodes.append(n)
            continue
        p, ins = n.output[0], list(n.input) + [""] * (4 - len(n.input))
        sides = []
        for k, (x, zero) in enumerate(((ins[0], ins[2]), (ins[1], ins[3]))):
            nodes.append(helper.make_node("Cast", [x], [f"{p}_{k}f"], to=TensorProto.FLOAT))
            sides.append(f"{p}_{k}f")
            if zero:
                nodes.append(helper.make_node("Cast", [zero], [f"{p}_{k}z"], to=TensorProto.FLOAT))
                nodes.append(helper.make_node("Sub", [sides[-1], f"{p}_{k}z"], [f"{p}_{k}s"]))
                sides[-1] = f"{p}_{k}s"
        nodes.append(helper.make_node("MatMul", sides, [f"{p}_mm"]))
        nodes.append(helper.make_node("Cast", [f"{p}_mm"], [p], to=TensorProto.INT32))
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    return model


@pytest.mark.parametrize("name", _INT8_MODELS)
def test_int8_models_give_the_same_numbers_on_every_cpu(name):
    """The encoders' weights are seven-bit signed or eight-bit unsigned integers, so onnxruntime's
    16-bit pair sums on x86 CPUs without VNNI cannot saturate: on any machine the shipped model equals
    exact integer arithmetic."""
    onnx = pytest.importorskip("onnx")
    import onnxruntime as ort
    from onnx import numpy_helper

    from newslens.files import lexicon

    model = onnx.load(str(lexicon(name)))
    multiplied = {n.input[1] for n in model.graph.node if n.op_type == "MatMulInteger"}
    weights = [w for w in model.graph.initializer if w.name in multiplied]
    assert len(weights) >= 12 and len({w.data_type for w in weights}) == 1
    if weights[0].data_type == onnx.TensorProto.INT8:
        assert max(int(np.abs(numpy_helper.to_array(w).astype(np.int32)).max()) for w in weights) <= 64
    else:
        assert weights[0].data_type == onnx.TensorProto.UINT8
    exact = ort.InferenceSession(_exact_integer_products(model).SerializeToString(), providers=["CPUExecutionProvider"])
    shipped = neural.session(name, threads=1)
    texts = ["The council approved the budget after a long and bitter debate on Tuesday night.",
             "Critics called the plan a reckless gamble with other people's savings!",
             "Shares of the company rose 4 percent, the highest close since March."]
    for text in texts:
        ids, _ = neural.encode_sentence(text)
        feed = {"input_ids": np.array([ids], dtype=np.int64), "attention_mask": np.ones((1, len(ids)), dtype=np.int64)}
        if any(i.name == "token_type_ids" for i in shipped.get_inputs()):
            feed["token_type_ids"] = np.zeros((1, len(ids)), dtype=np.int64)
        got, want = shipped.run(None, feed)[0], exact.run(None, feed)[0]
        np.testing.assert_allclose(got, want, atol=1e-4, rtol=1e-4, err_msg=f"{name}: {text}")


def test_a_demonstrative_is_opinion_evidence_only_where_it_opens_the_sentence():
    """The lexical opinion feature names "it", "this" … as a sentence's first word, so that word can
    be shown; the same word later in the sentence (or in sentiment evidence) stays hidden."""
    from newslens.sentence_model import _checkable

    text = "“It is wrong, and it shows."
    rows = np.array([[1, 3, 0.4], [7, 12, 0.9], [18, 20, 0.3]])
    assert [text[int(a):int(b)] for a, b, _ in _checkable(rows, text, "opinion")] == ["It", "wrong"]
    assert [text[int(a):int(b)] for a, b, _ in _checkable(rows, text, "sentiment")] == ["wrong"]


@pytest.mark.parametrize("measure,method", [("sentiment", "neural"), ("sentiment", "encoder"), ("sentiment", "combined"),
                                            ("opinion", "neural"), ("opinion", "encoder"),
                                            ("opinion", "combined"), ("opinion", "ensemble")])
def test_learned_evidence_shows_only_words_a_reader_can_check(measure, method):
    """Function words ("the", "a", "with" …) carry shares of a learned model's score, but its
    evidence shows them only where the measure's published cue lists name them (VADER's "not",
    the opinion lists' "should", "we" … anywhere; the opinion feature's demonstrative openers "it",
    "this" … as a sentence's first word); content words are shown."""
    from newslens.sentence_model import _cue_words, _opening
    from newslens.tokens import FUNCTION_WORDS

    sents = nl.sentences(nl.load_example().head(6))["text"].tolist()
    if measure == "sentiment":
        table = nl.sentiment(sents, method=method)
        shown = [(e["text"], False) for ev in table["evidence"] for e in ev]
    else:
        table = nl.sourcing(sents, level="sentence", opinion=method)
        first = {i: next(k for k, ch in enumerate(t) if ch.isalnum()) for i, t in zip(table.index, table["text"])}
        shown = [(e["text"], e["start"] - start == first[i]) for i, ev, start in zip(table.index, table["evidence"], table["start"])
                 for e in ev if e.get("cue_type") == "opinion"]
    low = [(w.casefold().replace("’", "'"), opens) for w, opens in shown]
    assert len(low) > 20
    assert not [w for w, opens in low
                if w in FUNCTION_WORDS and w not in _cue_words(measure) and not (opens and w in _opening(measure))]
    assert sum(w not in FUNCTION_WORDS for w, _ in low) > len(low) / 2
