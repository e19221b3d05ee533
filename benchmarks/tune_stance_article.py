"""Tune the article-level stance decision (a handful of numbers) and read its evaluation data.

The article-level estimator (``newslens.measures.stance.article_stance``) weighs every mention
of the target (title, lead paragraph, references the resolver ties to the target) and the tone
of the sentences around them, then labels the article with two thresholds.  Its seven numbers —
``w_title, w_lead, w_ref, tone, vote, t_pos, t_neg`` — are chosen here for each mention method by a
grid search that maximises macro-F1 (ties: accuracy) on PerSenT ``persent_dev.jsonl`` (578
articles): the two thresholds, with the five weights fixed as version 1.0 chose them (``FIXED``;
``--grid`` searches all seven again).  How each method reads tone (``TONE``) is fixed here too.  Nothing else is fitted: PerSenT and BASIL carry no licence that would let a model
trained on them ship, so they only set these thresholds and weights (said in the card).

The PerSenT fixed test (``persent_fixed_test.jsonl``) is never read here.  BASIL is read by
``benchmarks/stance.py`` with the shipped numbers (held out) and, cross-validated, with numbers
tuned on four fifths of its articles and scored on the fifth.

    python -m benchmarks.tune_stance_article            # writes newslens/lexicons/stance_article.json
    python -m benchmarks.tune_stance_article --diagnose # prints the dev/BASIL diagnosis of the decision (writes nothing)

``--diagnose`` measures, on PerSenT dev and BASIL only, why the decision carries over as it does:
the out-of-fold confusion on dev, the decision score by gold class and by number of mentions, the
mean mention stance of each dataset (political news reads lower than PerSenT dev), and variants of
the decision score (contrast with the article's tone or with the other people's mentions, title and
vote weights, length scaling), each with its thresholds re-tuned inside dev folds (by article) and
BASIL folds (by event) over ten fold shuffles, and tuned on all of dev then scored on BASIL.  None
raised both cross-validations, so the shipped decision is unchanged (nor did the sentence
encoder's tone, ``TONE``).

The scored mentions of each dataset and method are kept in ``$NEWSLENS_TRAIN_DIR``
(default ``/tmp/stance_article``) so that tuning and the benchmark score them once; the file name
carries a fingerprint of the stance models and code, so a changed model is scored afresh.  The
tone is read from the cached sentences each time, so a change of ``TONE`` needs no re-scoring
(and never reads a cache made with another tone).
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import pickle
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.common import accuracy, dataset, macro_f1  # noqa: E402

OUT = ROOT / "newslens" / "lexicons" / "stance_article.json"
WORK = Path(os.environ.get("NEWSLENS_TRAIN_DIR", "/tmp/stance_article"))
LABELS = ("negative", "neutral", "positive")
# "neural" (opt-in, slow) keeps the untuned decision: with every mention read by the encoder, the
# hybrid's five weights and the thresholds tuned inside the folds, PerSenT dev cross-validated
# macro-F1 is 0.523 (accuracy 0.579; mean of five fold shuffles) against the hybrid's 0.532
# (0.574), and reading dev's mentions so takes 16 minutes on one core (0.6 articles/s).  Computed
# with this file's functions: cross_validate(_arrays(collect(dev, m, "persent_dev")), gold, groups,
# seed=s, grid=FIXED["hybrid"]) for m in ("neural", "hybrid") and s in 0..4.
METHODS = ("hybrid", "learned")
GRID = {
    "w_title": (0.0, 2.0, 4.0, 8.0),
    "w_lead": (1.0, 1.5, 2.0),
    "w_ref": (0.5, 1.0),
    "tone": (0.0, 0.25, 0.5),
    "vote": (0.0, 0.5, 1.0),
}
THRESHOLDS = np.round(np.arange(-0.6, 0.61, 0.02), 2)
# The five weights of each method as version 1.0 chose them on PerSenT dev with ``GRID``; since
# the mention scorer changed, re-searching ``GRID`` overfits dev (its 5-fold cross-validated
# macro-F1 fell below that of re-tuning the two thresholds alone with these weights), so only
# the thresholds are tuned now (``FIXED``; ``--grid`` searches ``GRID`` again).
FIXED = {"hybrid": {"w_title": (8.0,), "w_lead": (1.0,), "w_ref": (1.0,), "tone": (0.0,), "vote": (0.5,)},
         "learned": {"w_title": (2.0,), "w_lead": (1.5,), "w_ref": (1.0,), "tone": (0.25,), "vote": (0.0,)}}
# How each method's decision reads the tone of the article (``collect_articles(tone=, scope=)``).
# The learned sentence model's tone (``tone="model"``, over the target's sentences, their
# paragraphs or the whole article) was measured as an alternative on PerSenT dev with the same
# cross-validation and did not raise it.  The encoder's tone (``tone="encoder"``, then a frozen
# all-MiniLM-L6-v2 with a logistic regression) was measured for the hybrid with its tone weight
# tuned inside the folds (0, 0.25, 0.5) and at fixed weights, over the target's sentences or their
# paragraphs, and as the target's tone minus
# the article's (encoder over every body sentence): no variant raised both PerSenT dev
# (by article) and BASIL (by event) cross-validation.  A light tone (0.25, paragraphs) lifts dev
# (mean of five fold shuffles 0.499 -> 0.511) and lowers BASIL (0.353 -> 0.347); a heavy one (1.0)
# lifts BASIL (to 0.36-0.39) and lowers dev (to 0.47-0.49): the two datasets want opposite tone
# weights.  Re-searching all of ``GRID`` (tone up to 1.0) chooses tone 0 on all of dev, whatever
# the source.  VADER over the target's sentences stays; it also keeps ``profile="fast"`` (method
# "learned") free of ONNX and the hybrid's article level fast (the encoder's tone alone reads
# about 14 (article, person) pairs a second on one core, PerSenT dev and BASIL).  Measured again
# with the fine-tuned sentiment encoder (``lexicons/sentiment_encoder.md``), the rule fixed before:
# adopt a variant only if it raises both cross-validations and not dev accuracy.  Mean of five fold
# shuffles (seeds 13-17) of ``cross_validate(_arrays(collect(recs, "hybrid", name, {"tone": "encoder",
# "scope": scope})), gold, groups, seed=seed, grid={**FIXED["hybrid"], "tone": weights})``, macro-F1
# on PerSenT dev (by article) / BASIL (by event): shipped 0.526 / 0.358; target's sentences, tone
# 0.25: 0.525 / 0.359; 0.5: 0.515 / 0.354; tuned in the folds: 0.524 / 0.353; their paragraphs,
# 0.25: 0.526 / 0.354; 0.5: 0.494 / 0.367; tuned: 0.521 / 0.359.  None raises both: VADER stays.
TONE = {"hybrid": {"tone": "vader", "scope": "sentences"}, "learned": {"tone": "vader", "scope": "sentences"}}


# ---------------------------------------------------------------- the data
def _detokenise(text: str) -> str:
    """PerSenT text as news: its commas were replaced by double spaces, and the fixed test's
    text is tokenised ("Trump ' s", "U . S .", "did n't", "they 're", "-LRB-", "$ 5")."""
    text = re.sub(r"[ \t]{2,}", ", ", text)
    text = re.sub(r"\b([A-Z]) \. ([A-Z]) \.", r"\1.\2.", text)
    text = re.sub(r" (['’]) ?s\b", r"\1s", text)
    text = re.sub(r"(\w) (n['’]t|['’](?:re|ve|ll|d|m))\b", r"\1\2", text)
    text = text.replace("-LRB-", "(").replace("-RRB-", ")")  # the spaces inside go below
    text = re.sub(r"\$ (?=\d)", "$", text)
    text = re.sub(r" ([.,;:!?)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    return "\n\n".join(p.strip(" ,") for p in text.split("\n") if p.strip(" ,"))


def read_persent(split: str) -> list[dict]:
    """PerSenT articles: ``article_id, title, text, target, gold``."""
    out = []
    with open(dataset("persent") / f"persent_{split}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            o = json.loads(line)
            title = o.get("title") if isinstance(o.get("title"), str) else ""
            title, text = _detokenise(title), _detokenise(o["text"])
            out.append({"article_id": f"persent-{o['id']}", "title": title, "text": text,
                        "target": _as_written(o["target"], text, title), "gold": o["label"].lower()})
    return out


def _as_written(name: str, text: str, title: str = "") -> str:
    """The target's name as the article writes it (its body first, then its title): the datasets'
    names are not always in the article's case (BASIL's "supreme court", "Lois lerner"; PerSenT's
    "MORRIS" from a headline in capitals), and names match as written."""
    from newslens.measures.stance import written_forms

    for part in (text, title):
        forms = written_forms(name, [part])
        if forms:
            return name if name in forms else forms.most_common(1)[0][0]
    return name


def read_basil() -> list[dict]:
    """BASIL article × main entity pairs with the author's feeling toward the entity."""
    base = dataset("basil")
    names = {"neg": "negative", "neu": "neutral", "pos": "positive"}
    out = []
    for ann in sorted((base / "annotations").glob("*/*_ann.json")):
        art = base / "articles" / ann.parent.name / ann.name.replace("_ann.json", ".json")
        a = json.loads(art.read_text(encoding="utf-8"))
        labels = json.loads(ann.read_text(encoding="utf-8")).get("article-level-annotations", {})
        text = "\n\n".join(" ".join(p) for p in a.get("body-paragraphs", []))
        for key, value in labels.items():
            if not key.startswith("author_feeling_") or key == "author_feeling_main_event" or value not in names:
                continue
            title = a.get("title") or ""
            out.append({"article_id": f"basil-{art.stem}", "title": title, "text": text,
                        "target": _as_written(key[len("author_feeling_"):].replace("_", " "), text, title),
                        "gold": names[value],
                        "group": a.get("triplet-uuid", art.stem)})
    return out


def _fingerprint() -> str:
    """A short hash of what scores the mentions: the stance models, the resolver's word lists and the
    code that finds and reads mentions."""
    root = Path(__file__).resolve().parents[1] / "newslens"
    files = sorted((root / "lexicons").glob("stance_*")) + sorted((root / "lexicons").glob("entities_*")) + [
        root / "measures" / "stance.py", root / "entities.py", root / "sentence_model.py", root / "neural.py"]
    h = hashlib.sha1()
    for f in files:
        if f.suffix != ".md" and f.name != "stance_article.json":  # cards, and the decision's own parameters
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:10]


def scored(records: list[dict], method: str, name: str) -> dict[str, tuple]:
    """The scored mentions of the records' articles, per target (``scored_mentions``: mentions,
    sentences, references, people), cached in ``WORK`` under a fingerprint of the scorers and of
    the records' texts (a change of how a dataset is read scores it afresh).

    Articles are grouped by target so that each group's mentions are scored in one batch.  The
    tone is not part of it, so a change of tone source or scope reads the cache.
    """
    import pandas as pd

    import newslens as nl
    from newslens.measures.stance import _norm_targets, scored_mentions

    texts = hashlib.sha1("\0".join(f"{r['target']}\0{r['title']}\0{r['text']}" for r in records).encode()).hexdigest()[:8]
    path = WORK / f"{name}-{method}-{_fingerprint()}-{texts}-mentions.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    WORK.mkdir(parents=True, exist_ok=True)
    out = {}
    for target in dict.fromkeys(r["target"] for r in records):
        rows = [{c: r[c] for c in ("article_id", "title", "text")} for r in records if r["target"] == target]
        arts = nl.load(pd.DataFrame(rows).drop_duplicates("article_id"))
        discover, wanted = _norm_targets([target])
        ment, sents, refs, people, _ = scored_mentions(arts, discover, wanted, top=5, method=method, references=True)
        out[target] = (ment, sents, refs, people)
    path.write_bytes(pickle.dumps(out))
    return out


def collect(records: list[dict], method: str, name: str, tone: dict | None = None) -> list[dict | None]:
    """What the decision reads for each record (``collect_articles`` with ``tone``, default the
    method's ``TONE``), from the cached scored mentions.  None for a record whose target is never mentioned."""
    from newslens.measures.stance import collect_articles

    tone = TONE.get(method, {}) if tone is None else tone
    out: list = [None] * len(records)
    for target, (ment, sents, refs, people) in scored(records, method, name).items():
        got = collect_articles(ment, sents, refs, people, **tone)
        for k, r in enumerate(records):
            if r["target"] == target:
                out[k] = got.get((r["article_id"], target))
    return out


# ---------------------------------------------------------------- the decision, vectorised
class Arrays:
    """The records' mentions flattened for fast re-weighting: score, kind flags and record of each
    mention, and per record its tone, number of mentions and first mention's label."""

    def __init__(self, collected):
        rec, score, vote, title, ref, lead = [], [], [], [], [], []
        self.tone = np.zeros(len(collected))
        self.n = np.zeros(len(collected), dtype=int)
        self.first = np.zeros(len(collected), dtype=int)
        for k, d in enumerate(collected):
            if d is None:
                continue
            ms = d["mentions"]
            self.n[k] = len(ms)
            self.first[k] = LABELS.index(ms[0][1])
            self.tone[k] = float(np.mean(list(d["tone"].values()))) if d["tone"] else 0.0
            for x in ms:
                rec.append(k)
                score.append(x[0])
                vote.append(LABELS.index(x[1]) - 1.0)
                title.append(x[2] == "title")
                ref.append(x[2].endswith("reference"))
                lead.append(x[2].startswith("lead"))
        self.rec, self.score, self.vote = np.array(rec, dtype=int), np.array(score), np.array(vote)
        self.title, self.ref, self.lead = np.array(title), np.array(ref), np.array(lead)

    def __len__(self):
        return len(self.n)

    def subset(self, idx) -> "Arrays":
        out = Arrays([])
        idx = np.asarray(idx)
        pos = np.full(len(self), -1)
        pos[idx] = np.arange(len(idx))
        keep = pos[self.rec] >= 0
        out.rec, out.score, out.vote = pos[self.rec[keep]], self.score[keep], self.vote[keep]
        out.title, out.ref, out.lead = self.title[keep], self.ref[keep], self.lead[keep]
        out.tone, out.n, out.first = self.tone[idx], self.n[idx], self.first[idx]
        return out


def _arrays(collected) -> Arrays:
    return Arrays(collected)


def scores(a: Arrays, p: dict) -> tuple[np.ndarray, np.ndarray]:
    """``(stance, single)``: the estimator's score per record (as ``decide_articles`` computes it)
    and, for a record with one mention, ``-1 - label`` of that mention (0 otherwise); records
    without a mention score 0."""
    w = np.where(a.title, p["w_title"], np.where(a.ref, p["w_ref"], 1.0) * np.where(a.lead, p["w_lead"], 1.0))
    ws = np.bincount(a.rec, weights=w, minlength=len(a))
    s = (1 - p["vote"]) * a.score + p["vote"] * a.vote
    sw = np.bincount(a.rec, weights=w * s, minlength=len(a))
    m = np.divide(sw, ws, out=np.zeros(len(a)), where=ws > 0)
    z = np.clip(m + p["tone"] * a.tone, -1.0, 1.0)
    one = a.n == 1
    first_score = np.zeros(len(a))
    np.add.at(first_score, a.rec[np.isin(a.rec, np.flatnonzero(one))], a.score[np.isin(a.rec, np.flatnonzero(one))])
    z = np.where(one, first_score, z)
    single = np.where(one, -1 - a.first, 0)
    return z, single


def labels_of(z, single, t_pos: float, t_neg: float) -> np.ndarray:
    pred = np.where(z >= t_pos, 2, np.where(z <= t_neg, 0, 1))
    return np.where(single < 0, -1 - single, pred)


def _f1_acc(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float]:
    """Macro-F1 over the three classes and accuracy (``benchmarks.common.macro_f1``, vectorised)."""
    cm = np.bincount(gold * 3 + pred, minlength=9).reshape(3, 3)
    tp = np.diag(cm)
    denom = cm.sum(0) + cm.sum(1)
    f1 = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    return float(f1.mean()), float(tp.sum() / len(gold))


def best_thresholds(z, single, gold) -> tuple[tuple[float, float], tuple[float, float]]:
    """``((macro-F1, accuracy), (t_pos, t_neg))``: the threshold pair with the best macro-F1 (ties: accuracy)."""
    best = None
    for t_pos, t_neg in itertools.product(THRESHOLDS, THRESHOLDS):
        if t_neg < t_pos:
            key = tuple(round(v, 6) for v in _f1_acc(gold, labels_of(z, single, t_pos, t_neg)))
            if best is None or key > best[0]:
                best = (key, (float(t_pos), float(t_neg)))
    return best


def group_folds(groups: list, folds: int, seed: int) -> np.ndarray:
    """Fold of each record: its group's place in a seeded shuffle of the groups, modulo ``folds``."""
    uniq = sorted(set(groups))
    random.Random(seed).shuffle(uniq)
    fold_of = {g: i % folds for i, g in enumerate(uniq)}
    return np.array([fold_of[g] for g in groups])


def tune(arrays, gold: np.ndarray, grid: dict | None = None) -> tuple[dict, dict]:
    """The grid point with the best macro-F1 (ties: accuracy) and its scores."""
    grid = GRID if grid is None else grid
    best = None
    for values in itertools.product(*grid.values()):
        p = dict(zip(grid, values))
        key, (t_pos, t_neg) = best_thresholds(*scores(arrays, p), gold)
        if best is None or key > best[0]:
            best = (key, {**p, "t_pos": t_pos, "t_neg": t_neg})
    (f1, acc), p = best
    return p, {"macro_f1": round(f1, 4), "accuracy": round(acc, 4)}


def evaluate(arrays, gold, p: dict) -> dict:
    z, single = scores(arrays, p)
    pred = labels_of(z, single, p["t_pos"], p["t_neg"])
    return {"macro_f1": round(macro_f1(list(gold), list(pred), (0, 1, 2)), 4), "accuracy": round(accuracy(list(gold), list(pred)), 4),
            "pred": [LABELS[i] for i in pred]}


def cross_validate(arrays, gold: np.ndarray, groups: list, *, folds: int = 5, seed: int = 13, grid: dict | None = None) -> dict:
    """Tune on four fifths of the groups, score the fifth; the pooled predictions' scores."""
    fold = group_folds(groups, folds, seed)
    pred = np.zeros(len(gold), dtype=int)
    for f in range(folds):
        tr, te = np.flatnonzero(fold != f).tolist(), np.flatnonzero(fold == f).tolist()
        p, _ = tune(arrays.subset(tr), gold[tr], grid)
        z, single = scores(arrays.subset(te), p)
        pred[te] = labels_of(z, single, p["t_pos"], p["t_neg"])
    return {"macro_f1": round(macro_f1(list(gold), list(pred), (0, 1, 2)), 4), "accuracy": round(accuracy(list(gold), list(pred)), 4),
            "folds": folds}


def main() -> dict:
    t0 = time.time()
    dev = read_persent("dev")
    gold = np.array([LABELS.index(r["gold"]) for r in dev])
    groups = [r["article_id"] for r in dev]
    out = {"_meta": {"name": "stance_article", "version": "1.1",
                     "source": "tuned for newslens by benchmarks/tune_stance_article.py",
                     "licence": "MIT (newslens); seven numbers tuned on PerSenT persent_dev.jsonl (no licence stated; "
                                "CC BY 4.0 on its dataset card) — no model trained on it is shipped"},
           "tuned_on": "PerSenT persent_dev.jsonl (578 articles; CC BY 4.0 per its dataset card, no licence in its repository): "
                       "grid search, macro-F1 then accuracy; the weights from version 1.0's search of the same dev set",
           "grid": {**{k: list(v) for k, v in GRID.items()}, "t_pos, t_neg": [float(THRESHOLDS[0]), float(THRESHOLDS[-1]), 0.02]},
           "methods": {}}
    for method in METHODS:
        try:
            arrays = _arrays(collect(dev, method, "persent_dev"))
        except Exception as exc:  # onnxruntime missing: that method is left out
            print(f"{method}: skipped ({exc})", flush=True)
            continue
        grid = GRID if "--grid" in sys.argv else FIXED[method]
        p, dev_scores = tune(arrays, gold, grid)
        cv = cross_validate(arrays, gold, groups, grid=grid)
        out["methods"][method] = {"params": p, "searched": {k: list(v) for k, v in grid.items()}, "tone_source": TONE[method]["tone"], "tone_scope": TONE[method]["scope"],
                                  "dev": dev_scores, "dev_5fold_cv": cv}
        print(method, json.dumps(out["methods"][method]), f"{time.time() - t0:.0f}s", flush=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return out


# ---------------------------------------------------------------- diagnosis (``--diagnose``; writes nothing)
def article_tone(records: list[dict]) -> np.ndarray:
    """Mean VADER compound over every body sentence of each record's article."""
    import pandas as pd

    import newslens as nl
    from newslens.measures._base import units
    from newslens.measures.sentiment import polarity_scores

    arts = pd.DataFrame([{c: r[c] for c in ("article_id", "title", "text")} for r in records]).drop_duplicates("article_id")
    sents = units(nl.load(arts), "sentence")
    v = [d["compound"] for d in polarity_scores(sents["text"].tolist(), method="vader")]
    mean = pd.Series(v, index=sents["article_id"].to_numpy()).groupby(level=0).mean()
    return np.array([float(mean.get(r["article_id"], 0.0)) for r in records])


def _cv_scores(z, single, gold, groups, *, folds: int = 5, seed: int = 13) -> np.ndarray:
    """Out-of-fold labels of a fixed decision score: the two thresholds tuned on the other folds."""
    fold = group_folds(groups, folds, seed)
    pred = np.zeros(len(gold), dtype=int)
    for f in range(folds):
        _, (t_pos, t_neg) = best_thresholds(z[fold != f], single[fold != f], gold[fold != f])
        pred[fold == f] = labels_of(z[fold == f], single[fold == f], t_pos, t_neg)
    return pred


def others_score(records: list[dict], method: str) -> np.ndarray:
    """Mean stance of the mentions of the other people each record's article names most (up to
    six discovered names, the target's own left out; 0 when there are none), scored by ``method``."""
    import pandas as pd

    import newslens as nl
    from newslens.measures.stance import scored_mentions

    arts = nl.load(pd.DataFrame([{c: r[c] for c in ("article_id", "title", "text")} for r in records]).drop_duplicates("article_id"))
    ment, *_ = scored_mentions(arts, True, {}, top=6, method=method, references=False)
    by: dict = {}
    for aid, target, s in zip(ment["article_id"], ment["target"], ment["stance"]):
        by.setdefault(aid, {}).setdefault(target, []).append(float(s))
    out = []
    for r in records:
        own = r["target"].lower()
        sur = own.split()[-1]
        vals = [s for c, v in by.get(r["article_id"], {}).items() if not (sur in c.lower().split() or c.lower() in own) for s in v]
        out.append(float(np.mean(vals)) if vals else 0.0)
    return np.array(out)


def _variants(a: Arrays, p: dict, art: np.ndarray, others: np.ndarray):
    """Decision scores measured against the shipped one: ``(name, score, single)``."""
    z, single = scores(a, p)
    yield "shipped weights", z, single
    for c in (0.25, 0.5):
        yield f"- {c} x other people's mean mention stance", np.clip(z - c * others, -1, 1), single
    for c in (0.25, 0.5, 1.0):
        yield f"+ {c} x (target tone - article tone)", np.clip(z + c * (a.tone - art), -1, 1), single
    for c in (0.25, 0.5):
        yield f"- {c} x article tone", np.clip(z - c * art, -1, 1), single
    for w in (0.0, 1.0, 2.0, 4.0):
        yield f"w_title {w}", scores(a, {**p, "w_title": w})[0], single
    for v in (0.0, 1.0):
        yield f"vote {v}", scores(a, {**p, "vote": v})[0], single
    yield "x n/(n+2) (short articles shrunk)", z * a.n / (a.n + 2.0), single
    w = np.where(a.title, p["w_title"], np.where(a.ref, p["w_ref"], 1.0) * np.where(a.lead, p["w_lead"], 1.0))
    ws, ww = np.bincount(a.rec, weights=w, minlength=len(a)), np.bincount(a.rec, weights=w * w, minlength=len(a))
    neff = np.divide(ws ** 2, ww, out=np.ones(len(a)), where=ww > 0)
    yield "x sqrt(effective n)/3 (evidence grows with mentions)", np.clip(z * np.sqrt(neff) / 3, -1, 1), single


def diagnose(seeds: int = 10) -> dict:
    """Why the decision tuned on PerSenT dev carries over as it does: out-of-fold confusion on dev,
    the decision score by gold class, and variants of the score, each cross-validated on dev (by
    article) and BASIL (by event) over ``seeds`` fold shuffles, and tuned on all of dev then scored
    on BASIL.  Reads PerSenT dev and BASIL only."""
    dev, basil = read_persent("dev"), read_basil()
    sets = {"dev": (dev, "persent_dev", [r["article_id"] for r in dev]),
            "basil": (basil, "basil", [r["group"] for r in basil])}
    out: dict = {}
    for method in METHODS:
        p = json.loads(OUT.read_text("utf-8"))["methods"][method]["params"]
        data = {}
        for key, (recs, name, groups) in sets.items():
            a = _arrays(collect(recs, method, name))
            data[key] = (a, np.array([LABELS.index(r["gold"]) for r in recs]), groups, article_tone(recs), others_score(recs, method))
        a, gold, groups, art, _ = data["dev"]
        z, single = scores(a, p)
        pred = _cv_scores(z, single, gold, groups)
        by_n = {}
        for lo, hi in ((1, 4), (4, 8), (8, 15), (15, 10 ** 6)):
            k = (a.n >= lo) & (a.n < hi)
            by_n[f"{lo}-{hi - 1}" if hi < 10 ** 6 else f"{lo}+"] = {
                "articles": int(k.sum()), "gold": np.bincount(gold[k], minlength=3).tolist(),
                "predicted": np.bincount(pred[k], minlength=3).tolist(), "accuracy": round(float(np.mean(pred[k] == gold[k])), 4)}
        res = {"dev_oof_confusion (rows gold, cols predicted: negative, neutral, positive)":
               np.bincount(gold * 3 + pred, minlength=9).reshape(3, 3).tolist(),
               "dev_oof_by_number_of_mentions": by_n,
               "mean_article_vader_tone": {k: round(float(d[3].mean()), 4) for k, d in data.items()},
               "mean_other_people_stance": {k: round(float(d[4].mean()), 4) for k, d in data.items()},
               "dev_score_quantiles_by_gold (10, 25, 50, 75, 90 %; articles with 2+ mentions)":
               {LABELS[g]: np.round(np.quantile(z[(gold == g) & (a.n > 1)], [.1, .25, .5, .75, .9]), 3).tolist() for g in range(3)},
               "mean_mention_score": {k: round(float(d[0].score.mean()), 4) for k, d in data.items()},
               "variants": {}}
        both = {k: list(_variants(d[0], p, d[3], d[4])) for k, d in data.items()}
        for (name, zd, sd), (_, zb, sb) in zip(both["dev"], both["basil"]):
            row = {}
            for key, zz, ss in (("dev_cv", zd, sd), ("basil_cv_by_event", zb, sb)):
                _, g, grp, *_ = data[key.split("_")[0]]
                f1 = [_f1_acc(g, _cv_scores(zz, ss, g, grp, seed=s))[0] for s in range(13, 13 + seeds)]
                row[key] = {"macro_f1_mean": round(float(np.mean(f1)), 4), "sd": round(float(np.std(f1)), 4)}
            _, (t_pos, t_neg) = best_thresholds(zd, sd, data["dev"][1])
            f1, acc = _f1_acc(data["basil"][1], labels_of(zb, sb, t_pos, t_neg))
            row["dev_tuned_on_basil"] = {"macro_f1": round(f1, 4), "accuracy": round(acc, 4)}
            res["variants"][name] = row
            print(method, name, json.dumps(row), flush=True)
        out[method] = res
    print(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    diagnose() if "--diagnose" in sys.argv else main()
