"""The ``newslens`` command: batch analysis and rendered reports.

    newslens analyze INPUT... -o results.parquet [--measures sentiment,stance] [--engine pandas|dask]
    newslens report INPUT -o report.html
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import NewsLensError

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newslens",
        description="Measure sentiment, stance, framing, quotes and sourcing in news articles, with evidence.",
        epilog="Examples:\n  newslens analyze articles/*.jsonl -o results.parquet\n  newslens report articles/ -o report.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"newslens {__version__}")
    sub = p.add_subparsers(dest="command", metavar="{analyze,report}")

    a = sub.add_parser("analyze", help="run measures over a corpus and write one Parquet dataset per measure",
                       description="Run measures over files, folders or globs of articles (any format nl.load reads), "
                                   "chunk by chunk with a progress bar; an interrupted run resumes.")
    a.add_argument("inputs", nargs="+", help="files, folders or globs of articles")
    a.add_argument("-o", "--out", default="results", help="output folder, e.g. results.parquet (default: results/): one Parquet dataset per measure, read back with nl.read_results(OUT); never an input")
    a.add_argument("-m", "--measures", default=None, help="comma-separated measures (default: all): " + ", ".join(("sentiment", "stance", "frames", "quotes", "sourcing")))
    a.add_argument("--engine", default="pandas", choices=("pandas", "dask"), help="pandas streams in this process; dask runs partitions in parallel")
    a.add_argument("--chunksize", type=int, default=1000, help="articles per chunk/partition (default 1000)")
    a.add_argument("--scheduler", default=None, help="dask scheduler address, e.g. tcp://host:8786 (engine dask)")
    a.add_argument("--no-resume", action="store_true", help="recompute chunks an earlier run finished")
    a.add_argument("--profile", default="default", choices=("default", "fast", "accurate"),
                   help="methods of the measures: default; fast (lexicons and small learned models only, for millions of "
                        "articles); accurate (the best held-out methods, about a tenth of the default's speed)")
    a.add_argument("--quiet", action="store_true", help="no progress bar")

    r = sub.add_parser("report", help="render an HTML report (a notebook executed on the corpus)",
                       description="Execute the report notebook on a corpus and write a self-contained HTML file with the plots inline.")
    r.add_argument("input", help="a file, folder or glob of articles")
    r.add_argument("-o", "--out", default="report.html", help="output HTML file (default report.html)")
    r.add_argument("--title", default=None, help="report title")
    r.add_argument("--quiet", action="store_true", help="no progress lines")
    return p


def _report_progress(index: int, total: int, heading: str) -> None:
    print(f"[{index}/{total}] {heading or 'setup'}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "analyze":
            from .scale import analyze

            # Path objects: always read as files (a missing one is an error, never an article text)
            source = Path(args.inputs[0]) if len(args.inputs) == 1 else [Path(p) for p in args.inputs]
            measures = args.measures.split(",") if args.measures else None
            res = analyze(source, measures, out=args.out, engine=args.engine, chunksize=args.chunksize,
                          progress=not args.quiet, resume=not args.no_resume, scheduler=args.scheduler,
                          profile=args.profile)
            print(f"{res.articles} articles in {res.chunks} chunks ({res.resumed_chunks} resumed), "
                  f"{len(res.errors)} records skipped, {res.seconds:.1f} s")
            for name, path in res.paths.items():
                print(f"  {name:10s} {path}  ({res.rows.get(name, res.articles) if name != 'articles' else res.articles} rows)")
            return 0
        if args.command == "report":
            from .report import report

            path = report(args.input, out=args.out, title=args.title, on_cell=None if args.quiet else _report_progress)
            print(f"wrote {path}")
            return 0
    except NewsLensError as exc:
        print(f"newslens: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
