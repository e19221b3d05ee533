"""Shared helpers of the benchmark scripts: where the data is, metrics, and result files.

Every task script exposes ``run() -> dict`` built with :func:`result` and is run by
``python -m benchmarks`` (``make bench``), which writes ``benchmarks/results/<task>.json``,
``benchmarks/RESULTS.md`` and the package copy read by ``nl.card`` (``newslens/data/benchmarks.json``).
Nothing in those files is typed by hand.
"""
from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSLENS_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"


class DataMissing(RuntimeError):
    """The dataset a task needs is not present (``../shared/data`` absent)."""


def dataset(name: str) -> Path:
    """Path of ``../shared/data/<name>``; raise :class:`DataMissing` when it is absent."""
    p = DATA / name
    if not p.exists():
        raise DataMissing(f"{p} not found; benchmarks need ../shared/data beside the repository")
    return p


REQUIRED_FIELDS = ("dataset", "split", "n", "metric", "newslens", "method", "held_out", "tuned_on")
"""Fields every benchmark row carries (:func:`result` refuses a row without one of them)."""


def result(task: str, title: str, rows: list[dict], *, notes: str = "", tuned_on: str = "") -> dict:
    """Package one task's table.

    Each row: ``dataset, split, n, metric, newslens`` (float), ``method`` (which newslens method
    the number scores), ``held_out`` (bool: True only when nothing was tuned, chosen or developed
    on that data), ``tuned_on`` (what was tuned on what; "nothing" when nothing was), ``baselines``
    (name -> float, in the same row where they exist), ``published`` (str, value with citation,
    or "") and optional ``detail``.  ``tuned_on`` of the task is a one-line summary.

    >>> row = {"dataset": "d", "split": "test", "n": 3, "metric": "accuracy", "newslens": 0.5,
    ...        "method": "rules", "held_out": True, "tuned_on": "nothing"}
    >>> result("t", "T", [row])["rows"][0]["baselines"]
    {}
    >>> result("t", "T", [{k: v for k, v in row.items() if k != "held_out"}])
    Traceback (most recent call last):
    ...
    ValueError: benchmark row 0 of 't' (accuracy) lacks ['held_out']: every row names its newslens `method`, whether it is `held_out` (True only when nothing was tuned or developed on that data) and what it was `tuned_on`.
    """
    for i, r in enumerate(rows):
        missing = [k for k in REQUIRED_FIELDS if k not in r]
        if missing:
            raise ValueError(
                f"benchmark row {i} of {task!r} ({r.get('metric', '?')}) lacks {missing}: every row names its newslens "
                "`method`, whether it is `held_out` (True only when nothing was tuned or developed on that data) and what "
                "it was `tuned_on`."
            )
        if not isinstance(r["held_out"], bool):
            raise ValueError(f"benchmark row {i} of {task!r}: `held_out` must be True or False; got {r['held_out']!r}.")
        if not str(r["tuned_on"]).strip() or not str(r["method"]).strip():
            raise ValueError(f"benchmark row {i} of {task!r}: `method` and `tuned_on` must say something (\"nothing\" when nothing was tuned).")
        r.setdefault("baselines", {})
        r.setdefault("published", "")
    return {"task": task, "title": title, "rows": rows, "notes": notes, "tuned_on": tuned_on}


def write_cards(names, paths, render) -> str:
    """Write the model card of each shipped model ``name`` of a training script (``paths(name)[2]``,
    the text ``render(name)``); the cards' paths, comma-separated."""
    written = []
    for name in names:
        card = paths(name)[2]
        card.write_text(render(name), encoding="utf-8")
        written.append(str(card))
    return ", ".join(written)


# ---------------------------------------------------------------- timing
def sentences_per_second(scorers: dict, texts: list[str], *, clear, rounds: int = 1) -> dict[str, float]:
    """Sentences per second of each scorer (``name -> fn(texts)``) on ``texts``: each is warmed up on
    eight texts, ``clear()`` runs before the warm-up and before the timing, the scorers take turns
    ``rounds`` times and each keeps its fastest round (a busy moment of the machine hits one round,
    not one scorer)."""
    best = {name: float("inf") for name in scorers}
    for _ in range(rounds):
        for name, fn in scorers.items():
            clear()
            fn(texts[:8])
            clear()
            t0 = time.perf_counter()
            fn(texts)
            best[name] = min(best[name], time.perf_counter() - t0)
    return {name: round(len(texts) / t, 1) for name, t in best.items()}


def fast_enough(speed: dict[str, float], names, floor_vs_vader: float) -> list[str]:
    """The ``names`` whose sentences/s in ``speed`` are at least ``floor_vs_vader`` times VADER's
    (``speed["vader"]``, timed in the same run): the speed floor of the sentiment and opinion defaults."""
    return [n for n in names if speed[n] >= floor_vs_vader * speed["vader"]]


# ---------------------------------------------------------------- metrics
def accuracy(gold: Sequence, pred: Sequence) -> float:
    return sum(g == p for g, p in zip(gold, pred)) / len(gold) if len(gold) else float("nan")


def prf_counts(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from true-positive, false-positive and false-negative counts (0.0 when undefined)."""
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def prf(gold: Sequence, pred: Sequence, label) -> tuple[float, float, float]:
    tp = sum(g == label and p == label for g, p in zip(gold, pred))
    fp = sum(g != label and p == label for g, p in zip(gold, pred))
    fn = sum(g == label and p != label for g, p in zip(gold, pred))
    return prf_counts(tp, fp, fn)


def macro_f1(gold: Sequence, pred: Sequence, labels: Sequence | None = None) -> float:
    labels = sorted(set(gold)) if labels is None else labels
    return sum(prf(gold, pred, lab)[2] for lab in labels) / len(labels)


def macro_f1_interval(gold: Sequence, pred: Sequence, labels: Sequence, *, n_boot: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% percentile bootstrap interval of :func:`macro_f1` over items (resampled with replacement):
    how far the score could move on another sample of the same size from the same source."""
    import numpy as np

    code = {lab: k for k, lab in enumerate(labels)}  # small integers: the resamples stay small
    g = np.array([code.get(x, -1) for x in gold], dtype=np.int8)
    p = np.array([code.get(x, -2) for x in pred], dtype=np.int8)
    idx = np.random.default_rng(seed).integers(0, len(g), size=(n_boot, len(g)))
    gb, pb = g[idx], p[idx]
    f1 = np.zeros(n_boot)
    for k in range(len(labels)):
        tp = ((gb == k) & (pb == k)).sum(1)
        denom = (gb == k).sum(1) + (pb == k).sum(1)
        f1 += np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    lo, hi = np.percentile(f1 / len(labels), [2.5, 97.5])
    return float(lo), float(hi)


def interval_text(lo_hi: tuple[float, float]) -> str:
    """How a benchmark row's ``detail`` gives a 95% bootstrap interval."""
    return f"95% bootstrap interval over sentences {lo_hi[0]:.3f}–{lo_hi[1]:.3f}"


def pearson_interval(x: Sequence[float], y: Sequence[float], *, n_boot: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% percentile bootstrap interval of :func:`pearson` over items (resampled with replacement)."""
    import numpy as np

    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    idx = np.random.default_rng(seed).integers(0, len(a), size=(n_boot, len(a)))
    xa, yb = a[idx], b[idx]
    xa = xa - xa.mean(1, keepdims=True)
    yb = yb - yb.mean(1, keepdims=True)
    r = (xa * yb).sum(1) / np.sqrt((xa ** 2).sum(1) * (yb ** 2).sum(1))
    lo, hi = np.nanpercentile(r, [2.5, 97.5])
    return float(lo), float(hi)


def binary_f1(gold: Sequence[bool], pred: Sequence[bool]) -> float:
    return prf([bool(g) for g in gold], [bool(p) for p in pred], True)[2]


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else float("nan")


def reliability_bins(pred, gold, lo: float, hi: float, n_bins: int, min_n: int) -> list[tuple[float, float, int]]:
    """``(mean prediction, mean gold, n)`` of each of ``n_bins`` equal bins of the prediction over
    ``[lo, hi]`` that hold at least ``min_n`` items: the points of a reliability plot."""
    import numpy as np

    pred, gold = np.asarray(pred, dtype=float), np.asarray(gold, dtype=float)
    k = np.clip(np.digitize(pred, np.linspace(lo, hi, n_bins + 1)) - 1, 0, n_bins - 1)
    return [(float(pred[k == b].mean()), float(gold[k == b].mean()), int((k == b).sum()))
            for b in range(n_bins) if (k == b).sum() >= min_n]


def calibration_error(pred, gold, lo: float = -1.0, hi: float = 1.0, n_bins: int = 10) -> float:
    """Expected calibration error: the size-weighted mean gap between the mean prediction and the
    mean gold value in ``n_bins`` equal bins of the prediction over ``[lo, hi]``."""
    bins = reliability_bins(pred, gold, lo, hi, n_bins, 1)
    return sum(n * abs(a - b) for a, b, n in bins) / sum(n for *_, n in bins)


def three_class(score: float, cut: float = 0.05) -> str:
    """The VADER paper's 3-class rule: >= cut positive, <= -cut negative, else neutral."""
    return "positive" if score >= cut else "negative" if score <= -cut else "neutral"


def adamw_linear_schedule(torch, named_parameters, lr: float, total: int, *, extra_no_decay=(), weight_decay: float = 0.01,
                           warm_share: float = 0.1):
    """The fine-tuning optimiser of the package's encoders: AdamW with weight decay on the trainable weight
    matrices only (not on biases, LayerNorm weights or ``extra_no_decay``), and a learning rate that rises
    linearly over the first ``warm_share`` of the ``total`` steps and falls linearly to 0 at the last.

    ``torch`` is passed in (the training scripts' environment has it, the package's does not).
    Returns ``(optimizer, scheduler)``; call ``scheduler.step()`` after every ``optimizer.step()``.
    """
    no_decay = ("bias", "LayerNorm.weight")
    named = [(n, p) for n, p in named_parameters if p.requires_grad]
    opt = torch.optim.AdamW([{"params": [p for n, p in named if not any(k in n for k in no_decay)], "weight_decay": weight_decay},
                             {"params": [p for n, p in named if any(k in n for k in no_decay)] + list(extra_no_decay),
                              "weight_decay": 0.0}], lr=lr)
    warm = max(1, int(warm_share * total))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm)))
    return opt, sched


def length_groups(lengths: Sequence[int], size: int) -> list[list[int]]:
    """Indices in groups of at most ``size`` items of similar length (sorted by length): batches for prediction."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    return [order[k:k + size] for k in range(0, len(order), size)]


# ---------------------------------------------------------------- datasets read by several scripts
def read_brat(path) -> tuple[dict, list[dict]]:
    """A brat standoff file: ``({T-id: (type, [(start, end), …], text)}, [relation dicts of E lines])``.

    Lines that are not well-formed spans (a few PolNeAR train files have some) are skipped.
    """
    spans, rels = {}, []
    for line in Path(path).read_text("utf-8").splitlines():
        if line.startswith("T"):
            tid, mid, txt = (line.split("\t") + ["", ""])[:3]
            typ, _, rng = mid.partition(" ")
            try:
                frags = [tuple(int(x) for x in f.split()) for f in rng.split(";")]
            except ValueError:
                continue
            if frags and all(len(f) == 2 for f in frags):
                spans[tid] = (typ, frags, txt)
        elif line.startswith("E"):
            parts = line.split("\t")[1].split() if "\t" in line else []
            rels.append(dict(p.split(":", 1) for p in parts if ":" in p))
    return spans, rels


NEWSMTSC_CLASSES = {2.0: 0, 4.0: 1, 6.0: 2}  # polarity codes -> negative, neutral, positive


def read_newsmtsc(path) -> list[tuple[str, int, int, int]]:
    """``(sentence, from, to, class)`` for every target of a NewsMTSC JSONL file (class 0/1/2 = neg/neu/pos)."""
    import json

    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            o = json.loads(line)
            for t in o["targets"]:
                out.append((o["sentence_normalized"], t["from"], t["to"], NEWSMTSC_CLASSES[t["polarity"]]))
    return out
