"""Measurements that need a fresh process: peak memory of ``nl.analyze`` and Dask speed-up.

    python -m benchmarks.scale_memory memory 100000 [MEASURES]   # peak RSS of one streaming run
    python -m benchmarks.scale_memory dask 3000 [MEASURES]       # 1 vs 2 LocalCluster workers
    python -m benchmarks.scale_memory stories 100000 [batch|stream] [DAYS]  # nl.stories on a synthetic corpus

MEASURES is comma-separated (default ``sentiment``; ``-`` for none: load and write only).
Prints one JSON line on stdout (used by ``benchmarks/speed.py``).
"""
from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    """Peak resident memory of this process in MB.

    Linux's VmHWM belongs to this program's own address space; ``ru_maxrss`` may instead
    report the parent's peak inherited through fork (then exec), so it is only the fallback.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _measures(arg: str | None) -> list[str]:
    if arg is None:
        return ["sentiment"]
    return [] if arg == "-" else [m for m in arg.split(",") if m]


def memory(n: int, measures: list[str], chunksize: int = 1000) -> dict:
    import newslens as nl

    from .speed import write_corpus

    with tempfile.TemporaryDirectory() as tmp:
        path = write_corpus(Path(tmp) / "corpus.jsonl", n)
        _warm(measures)  # import the measure modules and their resources before the baseline
        base = _rss_mb()
        t0 = time.perf_counter()
        res = nl.analyze(path, measures, out=Path(tmp) / "out", chunksize=chunksize, progress=False)
        sec = time.perf_counter() - t0
    return {"n": n, "articles": res.articles, "measures": measures or ["(none: load + write)"], "seconds": sec,
            "peak_rss_mb": round(_rss_mb(), 1), "base_rss_mb": round(base, 1), "chunksize": chunksize}


def _warm(measures: list[str]) -> None:
    import newslens.measures as m

    for name in measures:
        m.get(name)(["A short warm-up text.\n\nIt said nothing."])


def dask_speedup(n: int, measures: list[str], chunksize: int = 250) -> dict:
    import distributed

    import newslens as nl

    from .speed import write_corpus

    out = {"n": n, "measures": measures, "chunksize": chunksize}
    with tempfile.TemporaryDirectory() as tmp:
        path = write_corpus(Path(tmp) / "corpus.jsonl", n)
        for workers in (1, 2):
            with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                          dashboard_address=None) as cluster, distributed.Client(cluster) as client:
                # warm the workers (imports, lexicons) so the timing is the work itself
                client.run(_warm, measures)
                t0 = time.perf_counter()
                nl.analyze(path, measures, out=Path(tmp) / f"out{workers}", engine="dask", chunksize=chunksize,
                           client=client, progress=False)
                out[f"seconds_{workers}"] = time.perf_counter() - t0
    return out


def stories(n: int, mode: str = "batch", days: int = 365) -> dict:
    """Seconds (wall and CPU) and peak memory of ``nl.stories`` on ``n`` synthetic articles.

    ``batch``: the whole table loaded, then matched; ``stream``: read in chunks of 5,000 from a
    JSONL file in date order (``chunks=``), so only the last window of articles is held."""
    import newslens as nl
    from newslens.load import iter_load

    from .stories import pair_counts, write_synthetic

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stories.jsonl"
        write_synthetic(path, n, days=days)
        nl.stories(["warm up", "warm up"])
        table = nl.load(path) if mode == "batch" else None
        _reset_peak()  # the peak of writing the corpus is not nl.stories's
        base = _rss_mb()
        cpu0, t0 = time.process_time(), time.perf_counter()
        if mode == "batch":
            found = nl.stories(table)
        else:
            found = nl.stories(chunks=lambda: iter_load(path, chunksize=5000))
        sec, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        peak = _rss_mb()  # before the gold events are read back for scoring
        gold = _gold_events(path)
    m = pair_counts(gold.reindex(found["article_id"]).to_numpy(), found["story"])
    return {"n": n, "mode": mode, "seconds": sec, "cpu_seconds": cpu, "peak_rss_mb": round(peak, 1),
            "base_rss_mb": round(base, 1), "f1": m["f1"], "ari": m["ari"], "stories": m["stories"], "gold_stories": m["gold_stories"],
            "largest_story": int(found["story_size"].max()), "largest_event": int(gold.value_counts().max())}


def _reset_peak() -> None:
    """Start the peak-memory count (VmHWM) afresh from the current resident size (Linux ≥ 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        pass


def _gold_events(path):
    """The gold ``event`` of each article id of a synthetic JSONL corpus."""
    import pandas as pd

    ev = pd.read_json(path, lines=True, dtype={"article_id": str})
    return ev.set_index("article_id")["event"]


def main(argv: list[str]) -> int:
    what, n = argv[0], int(argv[1])
    if what == "stories":
        print(json.dumps(stories(n, argv[2] if len(argv) > 2 else "batch", int(argv[3]) if len(argv) > 3 else 365)))
        return 0
    measures = _measures(argv[2] if len(argv) > 2 else None)
    res = memory(n, measures) if what == "memory" else dask_speedup(n, measures)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
