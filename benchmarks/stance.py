"""Target stance on NewsMTSC (Hamborg & Donnay 2021), paper split test-rw and test-mt.

Each target's mention (its ``from``/``to`` offsets) is scored exactly; polarity 2.0/4.0/6.0 →
negative/neutral/positive.  Baselines: VADER compound on the whole sentence (±0.05), VADER on
a ±10-token window around the mention, TextBlob polarity (±0.05).  The shipped model was
trained on ``train.jsonl`` with its regularisation chosen on ``rw_dev``/``mt_dev``
(``benchmarks/train_stance.py``); the rule thresholds were set on the dev files.  The opt-in
``neural`` method (``benchmarks/train_stance_neural.py``: MiniLM-L6 fine-tuned on
``train.jsonl``, epochs chosen on the dev files, int8 ONNX) gets its own rows; they are skipped
with a note when onnxruntime is not installed.

    python -m benchmarks.stance            # the table
    python -m benchmarks.stance --speed    # mentions per second of each method on test-rw
"""
from __future__ import annotations

import json
import sys
import time

from benchmarks.common import accuracy, dataset, macro_f1, read_newsmtsc, result, three_class
from benchmarks.speed import _vader_seconds
from newslens.errors import MissingDependencyError
from newslens.measures.stance import LABELS, score_mentions
from newslens.tokens import word_spans

PUBLISHED = {
    "test-rw": "GRU-TSC (RoBERTa) F1m 0.831 (Hamborg & Donnay, EACL 2021, Table 2)",
    "test-mt": "GRU-TSC (RoBERTa) F1m 0.825 (Hamborg & Donnay, EACL 2021, Table 2)",
}
SPLITS = {"test-rw": "rw_test.jsonl", "test-mt": "mt_test.jsonl"}


def read(path):
    """NewsMTSC targets with their gold label as a name."""
    return [(s, a, b, LABELS[c]) for s, a, b, c in read_newsmtsc(path)]


def _window(sentence: str, a: int, b: int, k: int = 10) -> str:
    spans = word_spans(sentence)
    idx = [i for i, (_, s, e) in enumerate(spans) if e > a and s < b] or [0]
    lo = max(0, idx[0] - k)
    hi = min(len(spans), idx[-1] + k + 1)
    return sentence[spans[lo][1]:spans[hi - 1][2]] if spans else sentence


def _labels(rows, method: str) -> list[str]:
    return [label for _, label, _ in score_mentions([(s, a, b) for s, a, b, _ in rows], method=method, evidence=False)]


def _neural_labels(rows):
    """Labels of the neural method, or None (and the reason) when it cannot run here."""
    try:
        return _labels(rows, "neural"), ""
    except MissingDependencyError as exc:
        return None, f"neural method skipped: {exc}"


def run() -> dict:
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    base = dataset("newsmtsc") / "paper_dev_test_split"
    out = []
    skipped = ""
    for split, fname in SPLITS.items():
        rows = read(base / fname)
        gold = [r[3] for r in rows]
        neural, skipped = _neural_labels(rows)
        preds = {
            "learned": _labels(rows, "learned"),
            "rules": _labels(rows, "rules"),
            "vader_sentence": [three_class(sia.polarity_scores(s)["compound"]) for s, _, _, _ in rows],
            "vader_window10": [three_class(sia.polarity_scores(_window(s, a, b))["compound"]) for s, a, b, _ in rows],
            "textblob": [three_class(TextBlob(s).sentiment.polarity) for s, _, _, _ in rows],
        }
        for metric, fn in (("macro-F1", lambda g, p: macro_f1(g, p, LABELS)), ("accuracy", accuracy)):
            score = {k: round(fn(gold, p), 4) for k, p in preds.items()}
            out.append({
                "dataset": "NewsMTSC", "split": split, "n": len(rows), "metric": metric,
                "newslens": score["learned"], "method": "learned (default)",
                "held_out": True, "tuned_on": "NewsMTSC train.jsonl (weights); rw_dev + mt_dev (regularisation, rule thresholds, learned/rules combination)",
                "baselines": {"newslens rules": score["rules"], "VADER sentence": score["vader_sentence"],
                              "VADER ±10 tokens": score["vader_window10"], "TextBlob": score["textblob"]},
                "published": PUBLISHED[split] if metric == "macro-F1" else "",
            })
            if neural is not None:
                out.append({
                    "dataset": "NewsMTSC", "split": split, "n": len(rows), "metric": metric,
                    "newslens": round(fn(gold, neural), 4),
                    "method": "neural (opt-in, onnxruntime)",
                    "held_out": True, "tuned_on": "NewsMTSC train.jsonl (weights); rw_dev + mt_dev (epochs)",
                    "baselines": {"newslens learned": score["learned"], "VADER sentence": score["vader_sentence"]},
                    "published": PUBLISHED[split] if metric == "macro-F1" else "",
                })
    notes = "Labels negative/neutral/positive; baselines cut at ±0.05."
    if skipped:
        notes += " " + skipped
    return result("stance", "Target stance toward persons in news (NewsMTSC)", out, notes=notes,
                  tuned_on="NewsMTSC train.jsonl (model weights); rw_dev + mt_dev (regularisation, rule thresholds, "
                           "learned/rules combination, neural epochs)")


def speed(split: str = "test-rw") -> dict[str, float]:
    """Mentions per second of each method (and VADER on the sentence) on one test split."""
    rows = read(dataset("newsmtsc") / "paper_dev_test_split" / SPLITS[split])
    items = [(s, a, b) for s, a, b, _ in rows]
    out = {"vaderSentiment (sentence)": len(items) / _vader_seconds([s for s, _, _ in items])}
    for method, ev in (("rules", True), ("learned", True), ("neural", False), ("neural", True)):
        try:
            score_mentions(items[:4], method=method, evidence=ev)  # load resources first
        except MissingDependencyError:
            continue
        t = time.perf_counter()
        score_mentions(items, method=method, evidence=ev)
        out[f"{method}{'' if ev else ' (no evidence)'}"] = len(items) / (time.perf_counter() - t)
    return {k: round(v, 1) for k, v in out.items()}


def main() -> None:
    if "--speed" in sys.argv:
        print(json.dumps(speed(), indent=1))
        return
    res = run()
    print(f"{res['title']}  (tuned on: {res['tuned_on']})")
    for r in res["rows"]:
        base = ", ".join(f"{k} {v}" for k, v in r["baselines"].items())
        print(f"{r['split']} | n={r['n']} | {r['metric']} | {r.get('method', '')}: {r['newslens']} | {base}")
    if res["notes"]:
        print(res["notes"])
    for split in dict.fromkeys(r["split"] for r in res["rows"]):
        print(f"published {split}: {PUBLISHED[split]}")


if __name__ == "__main__":
    main()
