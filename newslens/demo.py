"""``make demo``: execute the quickstart and seed notebooks and write rendered HTML to build/.

Run from the repository (``python -m newslens.demo``); the HTML files have their plots
inline as PNG so they can be shared as they are.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

NOTEBOOKS = ("01_quickstart.ipynb", "02_the_seed_article.ipynb")


def main(argv: list[str] | None = None) -> int:
    import nbformat

    from .report import execute_notebook

    root = Path.cwd()
    nb_dir, build = root / "notebooks", root / "build"
    if not nb_dir.is_dir():
        print("newslens demo: run it from the repository folder (the one with notebooks/), e.g. `make demo`.", file=sys.stderr)
        return 2
    written = []
    for name in (argv or sys.argv[1:]) or NOTEBOOKS:
        t0 = time.perf_counter()
        nb = nbformat.read(nb_dir / name, as_version=4)
        out = execute_notebook(nb, build / name.replace(".ipynb", ".html"), cwd=nb_dir)
        written.append(out)
        print(f"executed {name} in {time.perf_counter() - t0:.0f} s -> {out}")
    print("\nOpen in a browser:")
    for p in written:
        print(f"  {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
