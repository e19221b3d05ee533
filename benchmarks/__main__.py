"""Run every benchmark task and write the results (``python -m benchmarks`` / ``make bench``).

Writes ``benchmarks/results/<task>.json`` per task (tracked in git, so each task's last run is
kept with its date and command), ``benchmarks/RESULTS.md`` (one table per task) and
``newslens/data/benchmarks.json`` (read by ``nl.card``), both rebuilt from the per-task files.  Tasks whose data is absent
are listed as skipped.  ``python -m benchmarks sentiment stance`` runs only those tasks (the
other tasks keep their last results).
"""
from __future__ import annotations

import datetime as _dt
import importlib
import json
import platform
import sys
import time
from importlib import metadata

from .common import ROOT, DataMissing

TASKS = ("boundaries", "sentiment", "stance", "frames", "quotes", "outlets", "stories", "speed")
RESULTS_DIR = ROOT / "benchmarks" / "results"
PACKAGE_COPY = ROOT / "newslens" / "data" / "benchmarks.json"


def _versions() -> dict:
    out = {"python": platform.python_version()}
    for pkg in ("newslens", "vaderSentiment", "nltk", "pandas", "numpy", "textblob"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    return out


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return "" if v is None else str(v)


def render_markdown(results: list[dict]) -> str:
    """One Markdown table per task, in TASKS order."""
    lines = [
        "# newslens benchmark results",
        "",
        "Written by `python -m benchmarks` (`make bench`); nothing here is typed by hand.",
        "Public data from `../shared/data` (see its DATASETS.md). Tuning only on train/dev splits, as noted per task.",
        "",
    ]
    for res in results:
        lines += [f"## {res['title']}", ""]
        meta = res.get("meta", {})
        if res.get("skipped"):
            lines += [f"Skipped: {res['skipped']}", ""]
            continue
        baselines = sorted({b for r in res["rows"] for b in r.get("baselines", {})})
        has_detail = any(r.get("detail") for r in res["rows"])
        head = ["dataset", "split", "n", "metric", "newslens", *baselines, "published best"] + (["detail"] if has_detail else [])
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        for r in res["rows"]:
            name = r["newslens"]
            cells = [r["dataset"], r["split"], r["n"], r["metric"] + (f" ({r['method']})" if r.get("method") else ""), name]
            cells += [r["baselines"].get(b) for b in baselines]
            cells.append(r.get("published", ""))
            if has_detail:
                cells.append(r.get("detail", ""))
            lines.append("| " + " | ".join(_fmt(c) for c in cells) + " |")
        lines.append("")
        if res.get("tuned_on"):
            lines += [f"Tuned on: {res['tuned_on']}", ""]
        if res.get("notes"):
            lines += [res["notes"], ""]
        lines += [
            f"Run {meta.get('date', '')} in {meta.get('seconds', 0):.0f} s with "
            + ", ".join(f"{k} {v}" for k, v in meta.get("versions", {}).items())
            + f". Command: `{meta.get('command', '')}`",
            "",
        ]
    return "\n".join(lines)


def run_task(name: str) -> dict:
    mod = importlib.import_module(f"benchmarks.{name}")
    t0 = time.perf_counter()
    try:
        res = mod.run()
    except DataMissing as exc:
        res = {"task": name, "title": getattr(mod, "TITLE", name), "rows": [], "skipped": str(exc)}
    res["meta"] = {
        "date": _dt.date.today().isoformat(),
        "seconds": time.perf_counter() - t0,
        "versions": _versions(),
        "command": f"python -m benchmarks {name}",
    }
    return res


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    unknown = [a for a in argv if a not in TASKS]
    if unknown:
        print(f"unknown task(s) {unknown}; choose from {list(TASKS)}", file=sys.stderr)
        return 2
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for name in argv or TASKS:
        try:
            importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError:
            continue
        print(f"== {name}", flush=True)
        res = run_task(name)
        (RESULTS_DIR / f"{name}.json").write_text(json.dumps(res, indent=1, default=str) + "\n", encoding="utf-8")
        print(render_markdown([res]), flush=True)
    # a task never run into benchmarks/results/ keeps its last results from the package copy
    shipped = json.loads(PACKAGE_COPY.read_text("utf-8")) if PACKAGE_COPY.exists() else {}
    results = [json.loads((RESULTS_DIR / f"{t}.json").read_text("utf-8")) if (RESULTS_DIR / f"{t}.json").exists() else shipped[t]
               for t in TASKS if (RESULTS_DIR / f"{t}.json").exists() or t in shipped]
    (ROOT / "benchmarks" / "RESULTS.md").write_text(render_markdown(results), encoding="utf-8")
    PACKAGE_COPY.parent.mkdir(parents=True, exist_ok=True)
    PACKAGE_COPY.write_text(json.dumps({r["task"]: r for r in results}, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"wrote {ROOT / 'benchmarks' / 'RESULTS.md'} and {PACKAGE_COPY}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
