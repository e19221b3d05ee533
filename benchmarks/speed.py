"""Throughput and memory of the whole pipeline, as ratios to vaderSentiment in the same run.

``python -m benchmarks.speed`` (or ``python -m benchmarks speed``) builds a corpus of realistic
articles from the bundled corpus (paragraphs of articles about the same event shuffled
together, names and numbers varied), writes it as JSONL and times every stage: load,
paragraphs + sentences, each measure, and the whole ``nl.analyze`` run with the default
measures.  Speeds are reported as articles/s and sentences/s and — because the machine may be
shared and noisy — as a ratio to ``vaderSentiment``'s ``polarity_scores`` alone on the same
sentences, timed in the same run.  Streaming memory (10k vs 100k articles through
``nl.analyze``, each in a fresh process) and the Dask speed-up of 2 workers over 1 are measured
in subprocesses (``benchmarks/scale_memory.py``).

Environment: ``NEWSLENS_SPEED_N`` (articles in the timing corpus, default 2000),
``NEWSLENS_SPEED_MEMORY`` (comma-separated corpus sizes for the memory runs, default
``10000,100000``; empty skips them; all default measures, about 7 minutes for 100k articles),
``NEWSLENS_SPEED_DASK`` (articles for the Dask runs with all default measures, default 1000;
0 skips them), ``NEWSLENS_STORIES_SPEED`` (corpus sizes for the ``nl.stories`` rows, default
``10000,100000``; empty skips them).  A skipped phase keeps the rows of the previous run
(``benchmarks/results/speed.json``), each marked "carried over" with that run's date, so that
the stage timings can be re-measured in minutes without publishing a table with holes.
"""
from __future__ import annotations

import datetime
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newslens.scale import DEFAULT_MEASURES

from .common import ROOT, result

MEMORY_MEASURES = ",".join(DEFAULT_MEASURES)
STAGE_MEASURES = ("sentiment", "stance", "frames", "quotes", "sources", "sourcing")
TITLE = "Speed and memory (generated news corpus and real news; ratios to vaderSentiment in the same run)"

# ---------------------------------------------------------------- the generated corpus
_FIRST = ["Ruth", "Omar", "Marian", "Dana", "Tom", "Lena", "Sam", "Ann", "Priya", "Carl", "Elena", "Rosa",
          "Jamal", "Lin", "Ana", "Gus", "Patty", "Leo", "Maya", "Ivan", "Nora", "Felix", "Hana", "Joel",
          "Aisha", "Pedro", "Greta", "Kofi", "Mina", "Raul", "Tessa", "Yusuf", "Olga", "Bruno", "Ines", "Kai"]
_LAST = ["Hale", "Vance", "Kamau", "Park", "Blake", "Ortiz", "Cole", "Adeyemi", "Green", "Fox", "Brandt",
         "Martin", "Cho", "Delgado", "Sorensen", "Nand", "Moss", "Price", "Chen", "Ruiz", "Moreno", "Lowe",
         "Wills", "Reyes", "Novak", "Okafor", "Silva", "Haddad", "Lindqvist", "Tanaka", "Mbeki", "Duarte",
         "Keller", "Rossi", "Nguyen", "Ibrahim", "Walsh", "Petrov", "Achebe", "Morales"]
_PLACES = ["Port Calder", "Milltown", "Bayview", "Eastside", "Northgate"]
_PLACE_POOL = ["Port Ellis", "Riverton", "Seaview", "Westbrook", "Kingsford", "Ashby", "Glenmoor", "Dunmore",
               "Fairhaven", "Lakeshore", "Stonebridge", "Oakridge", "Harwick", "Millbrook", "Southport"]
_MONTH_BEFORE = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? $")
_SURNAMES = re.compile(r"\b(" + "|".join(_LAST[:24]) + r")\b")
_PLACE_RE = re.compile(r"\b(" + "|".join(_PLACES) + r")\b")
_NUMBER = re.compile(r"(?<![\w.,$])(\d{2,3})(?![\w.,]\d|\d)(?=[\s%])")


def _vary(text: str, names: dict, places: dict, rng: random.Random) -> str:
    text = _SURNAMES.sub(lambda m: names[m.group(1)], text)
    text = _PLACE_RE.sub(lambda m: places[m.group(1)], text)
    return _NUMBER.sub(lambda m: m.group(1) if _MONTH_BEFORE.search(text, 0, m.start())
                       else str(max(10, int(int(m.group(1)) * rng.uniform(0.5, 1.8)))), text)


def generate(n: int = 2000, *, seed: int = 0) -> list[dict]:
    """``n`` article records built from the bundled corpus.

    Each article takes an article's title, outlet, byline and debris (captions, credits,
    boilerplate), and body paragraphs drawn from all articles about the same event (shuffled);
    surnames, places and numbers are replaced consistently within the article.
    """
    import newslens as nl
    from newslens.segment import paragraphs

    rng = random.Random(seed)
    arts = nl.load_example()
    paras = paragraphs(arts)
    event = dict(zip(arts["article_id"], arts["published"].dt.month))
    body = {}
    for aid, kind, dup, text in zip(paras["article_id"], paras["kind"], paras["duplicate"], paras["text"]):
        if kind == "body" and not dup:
            body.setdefault(event[aid], []).append(text)
    by_article = {aid: g for aid, g in paras.groupby("article_id", sort=False)}
    records = []
    rows = arts.to_dict("records")
    for i in range(n):
        base = rows[rng.randrange(len(rows))]
        names = dict(zip(_LAST[:24], rng.sample(_LAST, 24)))
        places = dict(zip(_PLACES, rng.sample(_PLACES + _PLACE_POOL, len(_PLACES))))
        own = by_article[base["article_id"]]
        pool = body[event[base["article_id"]]]
        k = rng.randint(6, 12)
        chosen = rng.sample(pool, min(k, len(pool)))
        head = [t for t, kd in zip(own["text"], own["kind"]) if kd == "byline"][:1]
        tail = [t for t, kd in zip(own["text"], own["kind"]) if kd not in ("body", "byline")]
        parts = head + chosen[:2] + tail[:1] + chosen[2:] + tail[1:]
        text = "\n\n".join(_vary(p, names, places, rng) for p in parts)
        day = base["published"] + datetime.timedelta(days=rng.randint(-60, 60))
        records.append({
            "article_id": f"gen-{i:07d}",
            "title": _vary(base["title"], names, places, rng),
            "text": text,
            "outlet": base["outlet"],
            "published": day.isoformat(),
            "url": f"https://example.org/{i}",
            "author": base["author"],
        })
    return records


def write_corpus(path: Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` generated articles to a JSONL file (in blocks, so large corpora stay small in memory)."""
    block = generate(min(n, 2000), seed=seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            rec = dict(block[i % len(block)], article_id=f"gen-{i:07d}")
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------- timing
def _timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def _vader_seconds(texts: list[str]) -> float:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    t0 = time.perf_counter()
    for t in texts:
        sia.polarity_scores(t)
    return time.perf_counter() - t0


def stage_times(path: Path, *, repeats: int = 1) -> dict:
    """Seconds of each stage on the JSONL corpus at ``path`` (best of ``repeats``)."""
    import newslens as nl
    from newslens.measures import get

    times: dict[str, float] = {}
    failed: dict[str, str] = {}

    def best(name, fn, *a, **k):
        out, sec = None, float("inf")
        for _ in range(repeats):
            _forget()
            try:
                out, s = _timed(fn, *a, **k)
            except Exception as exc:  # a stage that fails is reported, the others still run
                failed[name] = f"{type(exc).__name__}: {exc}"
                return None
            sec = min(sec, s)
        times[name] = sec
        return out

    arts = best("load", nl.load, path)
    sents = best("paragraphs+sentences", lambda a: nl.sentences(nl.paragraphs(a)), arts)
    texts = sents["text"].tolist()
    times["vaderSentiment"] = min(_vader_seconds(texts) for _ in range(repeats))
    for m in STAGE_MEASURES:
        best(m, get(m), arts)
    with tempfile.TemporaryDirectory() as tmp:
        best("analyze (all default measures)", lambda: nl.analyze(path, out=Path(tmp) / f"r{time.time_ns()}", progress=False, chunksize=1000))
        best("analyze (all default measures, profile fast)",
             lambda: nl.analyze(path, out=Path(tmp) / f"f{time.time_ns()}", progress=False, chunksize=1000, profile="fast"))
    times["vaderSentiment (again)"] = min(_vader_seconds(texts) for _ in range(repeats))
    return {"times": times, "failed": failed, "articles": len(arts), "sentences": len(sents), "texts": texts}


def _forget() -> None:
    """Empty the package's memories, so that a timed run starts with nothing remembered from an
    earlier one: it encodes its sentences and mention windows, finds its quotations (sources would
    reuse those of quotes) and segments its articles afresh."""
    from newslens import sentence_model
    from newslens.measures import _base, quotes, stance

    for memo in (sentence_model, quotes, stance, _base):
        memo.clear_cache()


def _analyze_against_vader(path: Path, out: Path, **kwargs) -> tuple[float, float, list[str]]:
    """Seconds of ``nl.analyze(path, **kwargs)`` starting with nothing remembered, the mean seconds of
    vaderSentiment on the same sentences run before and after it, and those sentences."""
    import newslens as nl

    texts = nl.sentences(nl.load(path))["text"].tolist()
    _forget()
    v0 = _vader_seconds(texts)
    _, sec = _timed(lambda: nl.analyze(path, out=out, progress=False, chunksize=1000, **kwargs))
    return sec, (v0 + _vader_seconds(texts)) / 2, texts


def accurate_profile_row(n: int = 200) -> dict:
    """``nl.analyze(profile="accurate")`` on ``n`` generated articles, starting with nothing remembered,
    against vaderSentiment on the same sentences (a smaller corpus than the stages': this profile is slow)."""
    import newslens as nl
    from newslens.scale import PROFILES

    with tempfile.TemporaryDirectory() as tmp:
        path = write_corpus(Path(tmp) / "corpus.jsonl", n)
        arts = nl.load(path)
        for measure, options in PROFILES["accurate"].items():  # models loaded outside the timing
            nl.measures.get(measure)(arts.head(2), **options)
        sec, vader, texts = _analyze_against_vader(path, Path(tmp) / "run", profile="accurate")
    return {"dataset": "generated", "split": "analyze (all measures, profile accurate)", "n": n,
            "metric": "throughput ratio to vaderSentiment", "newslens": round(vader / sec, 4), "baselines": {"vaderSentiment": 1.0},
            "method": "profile accurate: " + ", ".join(f"{m} {k} {v!r}" for m, o in PROFILES["accurate"].items() for k, v in o.items())
                      + ", the other measures' defaults",
            "detail": f"{n / sec:,.1f} articles/s, {len(texts) / sec:,.0f} sentences/s ({sec:.1f} s; {len(texts)} sentences, "
                      f"{len(set(texts))} distinct)"}


def real_news_row(n: int = 150) -> dict | None:
    """``nl.analyze`` with the default measures on the first ``n`` AllSides test articles (real news,
    whose sentences rarely repeat, unlike the generated corpus's), starting with nothing remembered,
    against vaderSentiment on the same sentences; ``None`` when ``../shared/data`` is absent."""
    from .common import DataMissing, dataset

    try:
        src = dataset("allsides_baly2020") / "test_articles.jsonl"
    except DataMissing:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "allsides.jsonl"
        with open(src, encoding="utf-8") as f:
            path.write_text("".join(line for _, line in zip(range(n), f)), encoding="utf-8")
        sec, vader, texts = _analyze_against_vader(path, Path(tmp) / "run")
    return {"dataset": "AllSides (Baly et al. 2020) test articles", "split": "analyze (all default measures), real news",
            "n": n, "metric": "throughput ratio to vaderSentiment", "newslens": round(vader / sec, 4),
            "tuned_on": "nothing (timings on real news)",
            "baselines": {"vaderSentiment": 1.0},
            "detail": f"{n / sec:,.1f} articles/s, {len(texts) / sec:,.0f} sentences/s ({sec:.1f} s; {len(texts)} sentences, "
                      f"{len(set(texts))} distinct; {len(texts) / n:.0f} sentences an article against about 19 in the generated corpus)"}


def sentence_model_steps(texts: list[str], vader_rate: float, *, n: int = 10000) -> list[dict]:
    """What each step of the sentence model costs on ``n`` corpus sentences (rows for the speed table).

    Tokenising, the model run (batched, one thread; and one sentence per run), the whole
    sentiment call with evidence on every distinct sentence, and the opinion call that follows
    it on the same sentences (it reuses the encoding).  Rates are sentences/s of the ``n``
    input sentences; the ratio is to vaderSentiment's rate measured in the same run.
    """
    from newslens import neural, sentence_model

    texts = texts[:n]
    distinct = list(dict.fromkeys(texts))
    sentence_model.sentiment_scores(texts[:50])  # session and vocabulary loaded outside the timing
    rows = []

    def row(step, sec, count, detail=""):
        rate = count / sec
        rows.append({"dataset": "generated", "split": f"sentence model: {step}", "n": count, "metric": "sentences/s",
                     "newslens": round(rate, 1), "baselines": {"ratio to vaderSentiment": round(rate / vader_rate, 3)},
                     "detail": detail})

    encoded, sec = _timed(lambda: [neural.encode_sentence(t)[0] for t in distinct])
    row("tokenise (pure Python WordPiece)", sec, len(distinct), "each distinct sentence once")
    _, sec = _timed(sentence_model._run, encoded)
    row("model run, batches of 64 by length, 1 thread", sec, len(distinct), f"mean {sum(map(len, encoded)) / len(encoded):.1f} pieces")
    few = encoded[:500]
    _, sec = _timed(lambda: [sentence_model._run([x]) for x in few])
    row("model run, one sentence per run", sec, len(few), "what batching saves")
    sentence_model.clear_cache()
    _, sec = _timed(sentence_model.sentiment_scores, texts, evidence=False)
    row("sentiment, no evidence", sec, len(texts), f"{len(distinct):,} distinct of {len(texts):,} sentences encoded")
    sentence_model.clear_cache()
    _, sec = _timed(sentence_model.sentiment_scores, texts)
    row("sentiment with evidence (exact word shares)", sec, len(texts), "the evidence costs only the word sums")
    _, sec_op = _timed(sentence_model.opinion_scores, texts)
    row("opinion with evidence, after sentiment (shared encoding)", sec_op, len(texts), "no second model run")
    row("sentiment + opinion together, evidence included", sec + sec_op, len(texts),
        f"{len(distinct) / (sec + sec_op):,.0f} distinct sentences/s (ratio {len(distinct) / (sec + sec_op) / vader_rate:.3f}); "
        "budget ≥ 1,000 sentences/s on one core")
    return rows


def quotes_stage_row(seconds: float, n_art: int, n_sent: int, vader: float) -> dict:
    """The quotes stage alone in articles/s (its goal: ≥ 50 on one core), from the stage timing."""
    return {"dataset": "generated", "split": "quotes stage alone (one core; paragraphs already split)", "n": n_art,
            "metric": "articles/s", "newslens": round(n_art / seconds, 1),
            "baselines": {"ratio to vaderSentiment": round(vader / seconds, 3)},
            "detail": f"nl.quotes with its quotations found afresh: {n_sent / seconds:,.0f} sentences/s "
                      f"({seconds:.2f} s); goal ≥ 50 articles/s"}


def _subprocess(args: list[str], timeout: float) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "benchmarks.scale_memory", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=str(ROOT))
    if proc.returncode != 0:
        raise RuntimeError(f"benchmarks.scale_memory {' '.join(args)} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# Which rows each long phase writes (to carry them over when the phase is skipped).
PHASES = {
    "memory": lambda r: (r["metric"] == "peak RSS (MB)" and r["split"].startswith("analyze "))
    or (r["metric"] == "peak RSS ratio" and not r["split"].startswith("stories")),
    "dask": lambda r: r["split"].startswith("dask "),
    "stories": lambda r: r["split"].startswith("stories"),
}


def carried_over(phase: str) -> list[dict]:
    """The rows ``phase`` wrote in the previous published run, marked as carried over (none without one)."""
    path = ROOT / "benchmarks" / "results" / "speed.json"
    if not path.exists():
        return []
    old = json.loads(path.read_text("utf-8"))
    when = old.get("meta", {}).get("date", "an earlier run")
    out = []
    for r in old["rows"]:
        if PHASES[phase](r):
            detail = r.get("detail", "").split(" [carried over")[0]
            out.append({**r, "detail": (detail + " " if detail else "") + f"[carried over from the run of {when}: not re-run]"})
    return out


def run() -> dict:
    n = int(os.environ.get("NEWSLENS_SPEED_N", "2000"))
    sizes = [int(s) for s in os.environ.get("NEWSLENS_SPEED_MEMORY", "10000,100000").split(",") if s.strip()]
    n_dask = int(os.environ.get("NEWSLENS_SPEED_DASK", "1000"))
    rows = []
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        path = write_corpus(Path(tmp) / "corpus.jsonl", n)
        st = stage_times(path)
    t, n_art, n_sent = st["times"], st["articles"], st["sentences"]
    vader = (t["vaderSentiment"] + t["vaderSentiment (again)"]) / 2
    base = {"vaderSentiment polarity_scores (same sentences)": round(n_sent / vader, 1)}
    for stage in ("load", "paragraphs+sentences", *STAGE_MEASURES, "analyze (all default measures)",
                  "analyze (all default measures, profile fast)"):
        if stage not in t:
            notes.append(f"Stage {stage!r} failed: {st['failed'].get(stage, 'not run')}.")
            continue
        sec = t[stage]
        rows.append({"dataset": "generated", "split": stage, "n": n_art, "metric": "throughput ratio to vaderSentiment",
                     "newslens": round(vader / sec, 3), "baselines": {"vaderSentiment": 1.0},
                     "detail": f"{n_art / sec:,.0f} articles/s, {n_sent / sec:,.0f} sentences/s ({sec:.2f} s)"})
    if "quotes" in t:
        rows.append(quotes_stage_row(t["quotes"], n_art, n_sent, vader))
    rows.append(accurate_profile_row())
    real = real_news_row()
    if real is None:
        notes.append("The real-news row needs ../shared/data (AllSides test articles); it was not run.")
    else:
        rows.append(real)
    rows += sentence_model_steps(st["texts"], n_sent / vader)
    rows.append({"dataset": "generated", "split": "vaderSentiment alone", "n": n_sent, "metric": "sentences/s",
                 "newslens": round(n_sent / vader, 1), "baselines": base,
                 "detail": f"{vader:.2f} s for {n_sent} sentences of {n_art} articles"})
    from .scale_memory import _rss_mb

    rows.append({"dataset": "generated", "split": "stages above", "n": n_art, "metric": "peak RSS (MB)",
                 "newslens": round(_rss_mb(), 1)})
    if sizes:
        mem = {}
        for size in sizes:
            mem[size] = _subprocess(["memory", str(size), MEMORY_MEASURES], timeout=3600)
            rows.append({"dataset": "generated", "split": f"analyze {size:,} articles (pandas, chunksize 1000)", "n": size,
                         "metric": "peak RSS (MB)", "newslens": mem[size]["peak_rss_mb"],
                         "detail": f"measures {','.join(mem[size]['measures'])}; {mem[size]['seconds']:.0f} s; "
                                   f"baseline RSS after imports {mem[size]['base_rss_mb']:.0f} MB"})
        if len(sizes) >= 2:
            lo, hi = min(sizes), max(sizes)
            rows.append({"dataset": "generated", "split": f"{hi:,} vs {lo:,} articles", "n": hi, "metric": "peak RSS ratio",
                         "newslens": round(mem[hi]["peak_rss_mb"] / mem[lo]["peak_rss_mb"], 3),
                         "detail": "goal ≤ 1.2 (each run in a fresh process)"})
    else:
        rows += carried_over("memory")
    if n_dask:
        dk = _subprocess(["dask", str(n_dask), MEMORY_MEASURES], timeout=1800)
        rows.append({"dataset": "generated", "split": "dask LocalCluster 2 workers vs 1", "n": n_dask, "metric": "speed-up",
                     "newslens": round(dk["seconds_1"] / dk["seconds_2"], 3),
                     "detail": f"1 worker {dk['seconds_1']:.1f} s, 2 workers {dk['seconds_2']:.1f} s "
                               f"(all default measures, threads_per_worker=1, chunksize {dk['chunksize']}, "
                               f"{os.cpu_count()} cores shared with other work)"})
    else:
        rows += carried_over("dask")
    story_sizes = [int(s) for s in os.environ.get("NEWSLENS_STORIES_SPEED", "10000,100000").split(",") if s.strip()]
    if story_sizes:
        from .stories import speed_rows

        rows += speed_rows(story_sizes)
        notes.append("Stories rows: nl.stories on the synthetic corpus of benchmarks/stories.py (many events, 1–12 reports each).")
    else:
        rows += carried_over("stories")
    if any("[carried over" in r.get("detail", "") for r in rows):
        notes.append("Rows marked \"carried over\" are from the previous run: their phase was skipped this time.")
    notes.append(f"Corpus: {n_art} generated articles, {n_sent} body sentences (from the bundled corpus, paragraphs "
                 f"shuffled within events, names/places/numbers varied), {len(set(st['texts']))} of them distinct: the "
                 "measures that read each distinct sentence once (the learned models, opinion and its cues) cost less "
                 "here than on news where few sentences repeat (the AllSides row measures that: real articles, longer, their "
                 "sentences almost all distinct). Every stage, nl.analyze included, starts with nothing "
                 "remembered from the stages before it (encoded sentences, mention windows, quotations, segmentations). "
                 "Ratio = vaderSentiment time / stage time on the same sentences in the same run (> 1 means faster than "
                 "vaderSentiment alone); the vaderSentiment time is the mean of a run before and after the stages.")
    rows = [{"method": "default method of each measure in the stage", "held_out": True, "tuned_on": "nothing (timings on generated articles)", **r} for r in rows]
    return result("speed", TITLE, rows, notes=" ".join(notes))


def main() -> None:
    res = run()
    print(res["title"])
    for r in res["rows"]:
        print(f"{r['split']:<48}{r['metric']:<36}{r['newslens']:>10}  {r.get('detail', '')}")
    print(res["notes"])


if __name__ == "__main__":
    main()
