"""Quotes benchmark: direct-quote extraction and speakers on PolNeAR, quote speakers on BASIL.

PolNeAR (``polnear/data/<split>``): brat ``.ann`` files; several annotators label some articles,
so ONE file per article is used — the first in sorted file-name order.  Gold = attributions
(``E`` lines) whose Content span is mainly a direct quotation: at least half of its
non-space characters lie between quote marks of the article text.

Matching (documented rule):

* predictions are grouped by ``group`` (pieces of one quotation split by its speech verb or
  continued over paragraphs form one predicted quotation, the union of their spans);
* a gold content is *found* when the characters of one predicted group cover ≥ 50 % of the
  gold content's characters (each group matches at most one gold, greedily by overlap);
  *exact* match: the same characters once quote marks, spaces and trailing punctuation are
  stripped from both ends;
* predicted groups that overlap a gold Content span which is NOT mainly a direct quote (a
  partial quote inside reported speech, annotated as indirect) are ignored, neither right
  nor wrong; every other unmatched group is a false positive;
* speaker accuracy over found quotes: correct when the predicted speaker mention overlaps the
  gold Source span, or the normalised predicted speaker equals the gold source text, or the
  gold source's last word (head/surname) is a word of the predicted speaker.  A gold quote
  without a Source counts as correct only when the predicted speaker is None.

BASIL (``basil``): phrase annotations with ``quote == "yes"`` and a named ``speaker`` id
(``Michael_Steele``; ids such as ``other_anti`` are skipped).  The phrase is located in the
article text; when it lies inside a predicted quote, the speaker is correct when the id's
last name part is a word of the predicted speaker.

Tuned on: PolNeAR dev.  Reported: PolNeAR test and BASIL (all; never used for tuning).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from .common import dataset, result

TITLE = "Quotes and speakers"
_QCHARS = "\"“”‘’"
_NORM = re.compile(r"[^\w]+")


def _read_ann(path: Path):
    spans, rels = {}, []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("T"):
            tid, mid, txt = (line.split("\t") + ["", ""])[:3]
            typ, rng = mid.split(" ", 1)
            frags = [tuple(int(x) for x in f.split()) for f in rng.split(";")]
            spans[tid] = (typ, frags, txt)
        elif line.startswith("E"):
            parts = line.split("\t")[1].split()
            rels.append(dict(p.split(":", 1) for p in parts))
    return spans, rels


def _inside_quote_mask(text: str) -> bytearray:
    """1 for characters between paired quote marks (the newslens scanner), else 0."""
    from newslens.measures.quotes import _scan_marks

    mask = bytearray(len(text))
    pos = 0
    for para in re.split(r"(\n\s*\n)", text):
        for o, c, _ in _scan_marks(para):
            e = c if c is not None else len(para)
            for i in range(pos + o, pos + e + 1 if c is not None else pos + e):
                mask[i] = 1
        pos += len(para)
    return mask


def _gold(split_dir: Path):
    """[(article_id, text, [gold quotes], [other content char sets])] with one .ann per article."""
    out = []
    anns = sorted((split_dir / "attributions").glob("*.ann"))
    chosen: dict[str, Path] = {}
    for a in anns:
        aid = a.stem.rsplit("_", 1)[0]
        chosen.setdefault(aid, a)
    for aid, ann in sorted(chosen.items()):
        text = (split_dir / "text" / f"{aid}.txt").read_text("utf-8")
        mask = _inside_quote_mask(text)
        spans, rels = _read_ann(ann)
        golds, others = [], []
        for r in rels:
            if "Content" not in r or r["Content"] not in spans:
                continue
            _, frags, _ = spans[r["Content"]]
            chars = {i for s, e in frags for i in range(s, e) if not text[i].isspace()}
            if not chars:
                continue
            inside = sum(mask[i] or text[i] in _QCHARS for i in chars)
            src = spans.get(r.get("Source", ""), None)
            if inside >= 0.5 * len(chars):
                golds.append({"chars": chars, "frags": frags,
                              "source": src[2] if src else None,
                              "source_chars": {i for s, e in src[1] for i in range(s, e)} if src else set()})
            else:
                others.append(chars)
        out.append((aid, text, golds, others))
    return out


def _norm(s) -> str:
    return _NORM.sub(" ", str(s or "")).strip().lower()


def _speaker_ok(pred: dict, gold: dict) -> bool:
    if gold["source"] is None:
        return pred["speaker"] is None
    if pred["speaker"] is None and pred["sp"] is None:
        return False
    if pred["sp"] is not None and gold["source_chars"] & pred["sp"]:
        return True
    p, g = _norm(pred["speaker"]), _norm(gold["source"])
    if not p:
        return False
    if p == g:
        return True
    head = g.split()[-1] if g else ""
    return bool(head) and head in p.split()


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    junk = _QCHARS + " \n,.;:!?—–-"
    while s < e and text[s] in junk:
        s += 1
    while e > s and text[e - 1] in junk:
        e -= 1
    return s, e


def score_polnear(split: str = "test") -> dict:
    import newslens as nl

    data = _gold(dataset("polnear") / "data" / split)
    texts = [t for _, t, _, _ in data]
    q = nl.quotes(texts)
    tp = fp = fn = exact = spk_ok = 0
    for k, (aid, text, golds, others) in enumerate(data):
        sub = q[q["article_id"] == str(k)]
        preds = []
        for _, g in sub.groupby("group", sort=True):
            chars = {i for s, e in zip(g["start"], g["end"]) for i in range(s, e) if not text[i].isspace()}
            r0 = g.iloc[0]
            sp = None
            for s0, s1 in zip(g["speaker_start"], g["speaker_end"]):
                if not pd.isna(s0):
                    sp = set(range(int(s0), int(s1)))
                    break
            spk = next((x for x in g["speaker"] if isinstance(x, str)), None)
            preds.append({"chars": chars, "speaker": spk, "sp": sp,
                          "span": (int(g["start"].min()), int(g["end"].max())), "used": False, "_r": r0})
        for gold in golds:
            best, bo = None, 0
            for p in preds:
                if p["used"]:
                    continue
                o = len(p["chars"] & gold["chars"])
                if o > bo:
                    best, bo = p, o
            if best is not None and bo >= 0.5 * len(gold["chars"]):
                best["used"] = True
                tp += 1
                gs = min(s for s, _ in gold["frags"])
                ge = max(e for _, e in gold["frags"])
                if _strip(text, gs, ge) == _strip(text, *best["span"]):
                    exact += 1
                spk_ok += _speaker_ok(best, gold)
            else:
                fn += 1
        for p in preds:
            if p["used"]:
                continue
            if any(len(p["chars"] & o) >= 0.5 * max(1, len(p["chars"])) for o in others):
                continue
            fp += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    ex_p = exact / (tp + fp) if tp + fp else 0.0
    ex_r = exact / (tp + fn) if tp + fn else 0.0
    ex_f1 = 2 * ex_p * ex_r / (ex_p + ex_r) if ex_p + ex_r else 0.0
    return {"n_gold": tp + fn, "n_pred": tp + fp, "precision": prec, "recall": rec, "f1": f1,
            "exact_f1": ex_f1, "speaker_accuracy": spk_ok / tp if tp else float("nan"), "n_matched": tp}


def score_basil() -> dict:
    import newslens as nl

    root = dataset("basil")
    texts, items = [], []
    for ann_path in sorted((root / "annotations").rglob("*_ann.json")):
        art_path = root / "articles" / ann_path.parent.name / ann_path.name.replace("_ann.json", ".json")
        if not art_path.exists():
            continue
        art = json.loads(art_path.read_text("utf-8"))
        text = "\n\n".join(" ".join(p) for p in art["body-paragraphs"])
        ann = json.loads(ann_path.read_text("utf-8"))
        k = len(texts)
        texts.append(text)
        for ph in ann.get("phrase-level-annotations", []):
            spk = ph.get("speaker") or ""
            if str(ph.get("quote", "")).lower() not in ("yes", "true") or "_" not in spk or spk.split("_")[0] in ("other", "others"):
                continue
            pos = text.find(ph["txt"])
            if pos >= 0:
                items.append((str(k), pos, pos + len(ph["txt"]), spk))
    q = nl.quotes(texts)
    by_art = {aid: g for aid, g in q.groupby("article_id")}
    found = ok = 0
    for aid, s, e, spk in items:
        g = by_art.get(aid)
        if g is None:
            continue
        hit = g[(g["start"] <= s + 2) & (g["end"] >= e - 2)]
        if not len(hit):
            continue
        found += 1
        pred = _norm(hit.iloc[0]["speaker"])
        ok += spk.split("_")[-1].lower() in pred.split()
    return {"n": len(items), "found": found, "found_share": found / len(items) if items else float("nan"),
            "speaker_accuracy": ok / found if found else float("nan")}


def run() -> dict:
    test = score_polnear("test")
    basil = score_basil()
    gg = "Gender Gap Tracker (other data): F1 83.7 / speaker 86.5"
    rows = [
        {"dataset": "PolNeAR", "split": "test", "n": test["n_gold"], "metric": "direct-quote precision (≥50% overlap)", "newslens": test["precision"], "published": ""},
        {"dataset": "PolNeAR", "split": "test", "n": test["n_gold"], "metric": "direct-quote recall (≥50% overlap)", "newslens": test["recall"], "published": ""},
        {"dataset": "PolNeAR", "split": "test", "n": test["n_gold"], "metric": "direct-quote F1 (≥50% overlap)", "newslens": test["f1"], "published": gg},
        {"dataset": "PolNeAR", "split": "test", "n": test["n_gold"], "metric": "direct-quote F1 (exact)", "newslens": test["exact_f1"], "published": "Citron on PARC3 (other data): content exact F1 59.3"},
        {"dataset": "PolNeAR", "split": "test", "n": test["n_matched"], "metric": "speaker accuracy (matched quotes)", "newslens": test["speaker_accuracy"], "published": gg},
        {"dataset": "BASIL", "split": "all", "n": basil["n"], "metric": "quoted phrases inside a found quote", "newslens": basil["found_share"], "published": ""},
        {"dataset": "BASIL", "split": "all", "n": basil["found"], "metric": "speaker accuracy (found quotes)", "newslens": basil["speaker_accuracy"], "published": ""},
    ]
    return result("quotes", TITLE, rows, notes=__doc__.split("Matching (documented rule):")[1].split("Tuned on")[0].strip().replace("\n", " "),
                  tuned_on="PolNeAR dev (one .ann per article: first in sorted order)")


if __name__ == "__main__":
    from .__main__ import render_markdown

    print(render_markdown([run()]))
