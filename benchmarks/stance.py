"""Target stance on NewsMTSC (Hamborg & Donnay 2021), paper split test-rw and test-mt.

Each target's mention (its ``from``/``to`` offsets) is scored exactly; polarity 2.0/4.0/6.0 →
negative/neutral/positive.  Baselines: VADER compound on the whole sentence (±0.05), VADER on
a ±10-token window around the mention, TextBlob polarity (±0.05).  The shipped model was
trained on ``train.jsonl`` with its regularisation chosen on ``rw_dev``/``mt_dev``
(``benchmarks/train_stance.py``); the rule thresholds were set on the dev files.

    python -m benchmarks.stance
"""
from __future__ import annotations

import json

from benchmarks.common import accuracy, dataset, macro_f1, result, three_class
from newslens.measures.stance import score_mention
from newslens.tokens import word_spans

LABEL = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
PUBLISHED = {
    "test-rw": "GRU-TSC (RoBERTa) F1m 0.831 (Hamborg & Donnay, EACL 2021, Table 2)",
    "test-mt": "GRU-TSC (RoBERTa) F1m 0.825 (Hamborg & Donnay, EACL 2021, Table 2)",
}
SPLITS = {"test-rw": "rw_test.jsonl", "test-mt": "mt_test.jsonl"}


def read(path):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            o = json.loads(line)
            for t in o["targets"]:
                rows.append((o["sentence_normalized"], t["from"], t["to"], LABEL[t["polarity"]]))
    return rows


def _window(sentence: str, a: int, b: int, k: int = 10) -> str:
    spans = word_spans(sentence)
    idx = [i for i, (_, s, e) in enumerate(spans) if e > a and s < b] or [0]
    lo = max(0, idx[0] - k)
    hi = min(len(spans), idx[-1] + k + 1)
    return sentence[spans[lo][1]:spans[hi - 1][2]] if spans else sentence


def run() -> dict:
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    base = dataset("newsmtsc") / "paper_dev_test_split"
    out = []
    for split, fname in SPLITS.items():
        rows = read(base / fname)
        gold = [r[3] for r in rows]
        preds = {
            "learned": [score_mention(s, a, b, method="learned")[1] for s, a, b, _ in rows],
            "rules": [score_mention(s, a, b, method="rules")[1] for s, a, b, _ in rows],
            "vader_sentence": [three_class(sia.polarity_scores(s)["compound"]) for s, _, _, _ in rows],
            "vader_window10": [three_class(sia.polarity_scores(_window(s, a, b))["compound"]) for s, a, b, _ in rows],
            "textblob": [three_class(TextBlob(s).sentiment.polarity) for s, _, _, _ in rows],
        }
        for metric, fn in (("macro-F1", macro_f1), ("accuracy", accuracy)):
            score = {k: round(fn(gold, p) if fn is accuracy else fn(gold, p, ["negative", "neutral", "positive"]), 4) for k, p in preds.items()}
            out.append({
                "dataset": "NewsMTSC", "split": split, "n": len(rows), "metric": metric,
                "newslens": score["learned"], "method": "learned (default)",
                "baselines": {"newslens rules": score["rules"], "VADER sentence": score["vader_sentence"],
                              "VADER ±10 tokens": score["vader_window10"], "TextBlob": score["textblob"]},
                "published": PUBLISHED[split] if metric == "macro-F1" else "",
            })
    return result("stance", "Target stance toward persons in news (NewsMTSC)", out,
                  notes="Labels negative/neutral/positive; baselines cut at ±0.05.",
                  tuned_on="NewsMTSC train.jsonl (model weights); rw_dev + mt_dev (regularisation, rule thresholds)")


def main() -> None:
    res = run()
    print(f"{res['title']}  (tuned on: {res['tuned_on']})")
    head = ["split", "n", "metric", "newslens", *res["rows"][0]["baselines"]]
    print(" | ".join(head))
    for r in res["rows"]:
        print(" | ".join(str(x) for x in [r["split"], r["n"], r["metric"], r["newslens"], *r["baselines"].values()]))
    for r in res["rows"]:
        if r["published"]:
            print(f"published {r['split']}: {r['published']}")


if __name__ == "__main__":
    main()
