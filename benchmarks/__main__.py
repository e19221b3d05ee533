"""Run benchmark tasks and publish their results (``python -m benchmarks`` / ``make bench``).

Each task writes ``benchmarks/results/<task>.json`` (tracked in git, so each task's last run is
kept with its date and command).  ``benchmarks/RESULTS.md`` (one table per task),
``newslens/data/benchmarks.json`` (read by ``nl.card``) and the model cards generated from the
results (``newslens/lexicons/*.md``, see ``MODEL_CARDS``) are rebuilt from those files.

* ``python -m benchmarks`` runs every task; ``python -m benchmarks sentiment stance`` only those
  (the other tasks keep their last results files).
* A task that cannot run (its data is absent, or it fails) makes the run fail loudly: the
  command exits non-zero and names the task, and neither ``RESULTS.md`` nor the package copy is
  rewritten — old numbers are never re-published as if they were new.  The tasks that did run
  keep their fresh results files.
* ``python -m benchmarks --render`` runs nothing: it rebuilds ``RESULTS.md``, the package copy
  and the model cards from the tracked ``benchmarks/results/*.json``.
"""
from __future__ import annotations

import datetime as _dt
import importlib
import json
import platform
import sys
import time
import traceback
from importlib import metadata

from .common import REQUIRED_FIELDS, ROOT

TASKS = ("boundaries", "sentiment", "subjectivity", "stance", "frames", "quotes", "sourcing", "consistency", "outlets", "stories", "speed")
RESULTS_DIR = ROOT / "benchmarks" / "results"
RESULTS_MD = ROOT / "benchmarks" / "RESULTS.md"
PACKAGE_COPY = ROOT / "newslens" / "data" / "benchmarks.json"
MODEL_CARDS = ("benchmarks.train_stance", "benchmarks.train_stance_neural", "benchmarks.train_frames",
               "benchmarks.train_opinion", "benchmarks.sentence_model_card", "benchmarks.train_opinion_stack",
               "benchmarks.train_opinion_encoder", "benchmarks.train_sentiment_encoder", "benchmarks.train_sentiment_stack")
"""Training scripts whose ``write_card()`` renders a model card from the model file and the results."""
NOT_RECORDED = "not recorded"


def _versions() -> dict:
    out = {"python": platform.python_version()}
    for pkg in ("newslens", "vaderSentiment", "nltk", "pandas", "numpy", "textblob", "onnxruntime"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    return out


def _cpu() -> str:
    """The processor's architecture and the vector instructions that choose onnxruntime's float
    kernels: the int8 models' integer products are exact on every CPU, but the float steps between
    them (layer norm, softmax, GELU) follow these, so a learned row can move by a sentence or two on
    another machine."""
    flags: set[str] = set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            flags = next((set(line.split(":", 1)[1].split()) for line in fh if line.startswith("flags")), set())
    except OSError:
        pass
    simd = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni") if f in flags]
    return f"{platform.machine()} ({', '.join(simd)})" if simd else platform.machine()


def _fmt(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3f}"
    return "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")


def render_markdown(results: list[dict]) -> str:
    """One Markdown table per task, in the order given.

    Every row shows the method it scores, its split and n, whether it is held out (nothing
    tuned or developed on that data) and what was tuned on what; rows written before those
    fields were required say "not recorded".
    """
    lines = [
        "# newslens benchmark results",
        "",
        "Written by `python -m benchmarks` (`make bench`) from `benchmarks/results/<task>.json`; nothing here is typed by hand.",
        "Public data from `../shared/data` (see its DATASETS.md). Every row names the newslens method it scores and says",
        "whether it is **held out** (yes: nothing was tuned, chosen or developed on that data) and what was tuned on what;",
        "a row that is not held out is development data, and its number is optimistic.",
        "",
    ]
    for res in results:
        lines += [f"## {res['title']}", ""]
        meta = res.get("meta", {})
        if res.get("skipped"):
            lines += [f"Skipped: {res['skipped']}", ""]
            continue
        baselines = list(dict.fromkeys(b for r in res["rows"] for b in r.get("baselines", {})))
        has_detail = any(r.get("detail") for r in res["rows"])
        head = ["dataset", "split", "n", "metric", "method", "newslens", *baselines, "held out", "tuned on", "published best"]
        head += ["detail"] if has_detail else []
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        for r in res["rows"]:
            cells = [r["dataset"], r["split"], r["n"], r["metric"], r.get("method", NOT_RECORDED), r["newslens"]]
            cells += [r.get("baselines", {}).get(b) for b in baselines]
            cells += [r.get("held_out", NOT_RECORDED), r.get("tuned_on", NOT_RECORDED), r.get("published", "")]
            if has_detail:
                cells.append(r.get("detail", ""))
            lines.append("| " + " | ".join(_fmt(c) for c in cells) + " |")
        lines.append("")
        if res.get("tuned_on"):
            lines += [f"Tuned on (summary): {res['tuned_on']}", ""]
        if res.get("notes"):
            lines += [res["notes"], ""]
        lines += [
            f"Run {meta.get('date', '')} in {meta.get('seconds', 0):.0f} s with "
            + ", ".join(f"{k} {v}" for k, v in meta.get("versions", {}).items())
            + (f" on {meta['cpu']}" if meta.get("cpu") else "")
            + f". Command: `{meta.get('command', '')}`",
            "",
        ]
    return "\n".join(lines)


def run_task(name: str) -> dict:
    """Run one task; its exceptions (absent data included) propagate."""
    mod = importlib.import_module(f"benchmarks.{name}")
    t0 = time.perf_counter()
    res = mod.run()
    res["meta"] = {
        "date": _dt.date.today().isoformat(),
        "seconds": time.perf_counter() - t0,
        "versions": _versions(),
        "cpu": _cpu(),
        "command": f"python -m benchmarks {name}",
    }
    return res


def load_results() -> list[dict]:
    """The tracked results files, in ``TASKS`` order (tasks never run are absent)."""
    return [json.loads((RESULTS_DIR / f"{t}.json").read_text("utf-8")) for t in TASKS if (RESULTS_DIR / f"{t}.json").exists()]


def render() -> list[str]:
    """Rebuild ``RESULTS.md``, the package copy and the model cards from the results files."""
    results = load_results()
    RESULTS_MD.write_text(render_markdown(results), encoding="utf-8")
    PACKAGE_COPY.parent.mkdir(parents=True, exist_ok=True)
    PACKAGE_COPY.write_text(json.dumps({r["task"]: r for r in results}, indent=1, default=str) + "\n", encoding="utf-8")
    written = [str(RESULTS_MD), str(PACKAGE_COPY)]
    for mod in MODEL_CARDS:
        written.append(str(importlib.import_module(mod).write_card()))
    return written


def incomplete_rows(results: list[dict]) -> list[str]:
    """``task: metric`` of every row that lacks a required field (written before they were required)."""
    return [f"{res['task']}: {r.get('metric', '?')}" for res in results for r in res.get("rows", [])
            if any(k not in r for k in REQUIRED_FIELDS)]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--render"]:
        for path in render():
            print(f"wrote {path}")
        return 0
    unknown = [a for a in argv if a not in TASKS]
    if unknown:
        print(f"unknown task(s) {unknown}; choose from {list(TASKS)}, or pass --render alone", file=sys.stderr)
        return 2
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    failed = {}
    for name in argv or TASKS:
        print(f"== {name}", flush=True)
        try:
            res = run_task(name)
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none is hidden
            failed[name] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
            continue
        (RESULTS_DIR / f"{name}.json").write_text(json.dumps(res, indent=1, default=str) + "\n", encoding="utf-8")
        print(render_markdown([res]), flush=True)
    if failed:
        for name, why in failed.items():
            print(f"benchmark task {name!r} could not run: {why}", file=sys.stderr)
        print(f"{RESULTS_MD.name} and {PACKAGE_COPY.name} were NOT rewritten. Fix the task(s) above and run them again; "
              "`python -m benchmarks --render` rebuilds the summaries from the results files.", file=sys.stderr)
        return 1
    for path in render():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
