"""Batch runs over corpora larger than memory: ``nl.analyze``.

The corpus is read in chunks (files one after another, JSONL/CSV in row chunks, Parquet by
row groups — see :func:`newslens.load.iter_load`), every chunk is measured and written as
one Parquet file per measure (``out/<measure>/part-00000.parquet`` …), and a manifest records
finished chunks so an interrupted run resumes where it stopped.  All measures of a chunk share
one segmentation (``measures._base.units`` remembers it), so adding measures costs only
their own scoring.

``engine="dask"`` runs the same per-chunk work as Dask tasks: the driver only *plans* the
partitions (:func:`newslens.load.partitions`: byte ranges of ``chunksize`` lines in JSONL
files, groups of one-article files, whole tabular files) and every task loads its partition,
runs all measures and writes the same ``part-NNNNN.parquet`` files the pandas engine writes —
on the local machine (``scheduler="processes"``/``"threads"``), on a
``distributed.LocalCluster`` passed as ``client=``, or on a cluster given by
``scheduler="tcp://host:8786"``.  A ``dask.dataframe`` is accepted as ``source``.

Columns holding evidence (lists of dicts) are stored as JSON text so every engine writes the
same schema; :func:`read_results` turns them back into lists.
"""
from __future__ import annotations

import contextlib
import glob as _glob
import hashlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .files import atomic_write
from .errors import invalid_choice, missing_dependency
from .measures import available as _available
from .measures import get as _get_measure

__all__ = ["analyze", "read_results", "measure_dask", "measure_meta", "AnalyzeResult", "ENGINES", "DEFAULT_MEASURES"]

ENGINES = ("pandas", "dask")
DEFAULT_MEASURES = ("sentiment", "stance", "frames", "quotes", "sourcing")
EVIDENCE_COLUMNS = ("evidence", "cues", "values")
_MANIFEST = "_manifest.json"


@dataclass
class AnalyzeResult:
    """What ``nl.analyze`` did: counts, errors and where the results are."""

    out: Path
    engine: str
    measures: list[str]
    articles: int = 0
    chunks: int = 0
    resumed_chunks: int = 0
    errors: list[dict] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def paths(self) -> dict[str, Path]:
        """Parquet dataset folder of each measure (and of the articles)."""
        return {m: self.out / m for m in ["articles", *self.measures]}

    def read(self, measure: str) -> pd.DataFrame:
        """Read one measure's results back as a DataFrame."""
        return read_results(self.out, measure)

    def __repr__(self) -> str:
        return (f"AnalyzeResult(out={str(self.out)!r}, engine={self.engine!r}, articles={self.articles}, "
                f"chunks={self.chunks} (resumed {self.resumed_chunks}), errors={len(self.errors)}, rows={self.rows}, "
                f"seconds={self.seconds:.1f})")


# ---------------------------------------------------------------- shared pieces
def _check_measures(measures) -> list[str]:
    names = list(DEFAULT_MEASURES if measures is None else [measures] if isinstance(measures, str) else measures)
    valid = _available()
    for m in names:
        if m not in valid:
            raise invalid_choice("measures", m, valid)
    return names


def _encode_evidence(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in EVIDENCE_COLUMNS:
        if col in out.columns and out[col].dtype == object:
            out[col] = [json.dumps(v, ensure_ascii=False, default=str) for v in out[col]]
    for col in out.columns:  # keep Parquet happy with object columns of mixed scalars
        if out[col].dtype == object and col not in EVIDENCE_COLUMNS:
            if not all(isinstance(v, str) or v is None for v in out[col]):
                out[col] = [v if v is None or isinstance(v, str) else json.dumps(v, default=str) if isinstance(v, (list, dict, tuple)) else str(v) for v in out[col]]
    out.attrs = {}
    return out


def read_results(path, measure: str | None = None):
    """Read results written by :func:`analyze`, decoding evidence columns back into lists.

    ``path`` is one measure's dataset folder (``results/sentiment``) or file, or the whole
    output folder of a run (the ``out`` of :func:`analyze`, e.g. ``results.parquet``).  For the
    whole folder, ``measure="stance"`` reads one table and ``measure=None`` returns a dict
    ``{name: DataFrame}`` with the articles and every measure of the run (as
    ``pandas.read_excel(sheet_name=None)`` does for sheets).

    >>> import tempfile, newslens as nl
    >>> tmp = tempfile.TemporaryDirectory()
    >>> arts = nl.load(["Talks end\\n\\nThe mayor praised the deal."])
    >>> _ = nl.analyze(arts, ["sentiment"], out=tmp.name, progress=False)
    >>> sorted(nl.read_results(tmp.name))
    ['articles', 'sentiment']
    >>> nl.read_results(tmp.name, "sentiment")["label"].tolist()
    ['positive']
    >>> tmp.cleanup()
    """
    path = Path(path)
    if (path / "articles").is_dir():  # the output folder of a run
        order = [*DEFAULT_MEASURES, *(m for m in _available() if m not in DEFAULT_MEASURES)]
        names = ["articles", *(m for m in order if (path / m).is_dir())]
        if measure is None:
            return {m: read_results(path / m) for m in names}
        if measure not in names:
            raise invalid_choice("measure", measure, names)
        path = path / measure
    elif measure is not None:
        raise ValueError(f"{path} is not the output folder of a run (it has no 'articles' folder); "
                         "pass the folder given as `out` to nl.analyze, or drop `measure`.")
    df = pd.read_parquet(path)
    for col in EVIDENCE_COLUMNS:
        if col in df.columns:
            df[col] = [json.loads(v) if isinstance(v, str) else v for v in df[col]]
    return df


def measure_chunk(articles: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Run one measure on one chunk of articles; the table :func:`analyze` writes."""
    return _encode_evidence(_get_measure(measure)(articles))


def _atomic_parquet(df: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False))


def _fingerprint(source, measures, chunksize) -> str:
    if isinstance(source, (list, tuple)) and all(isinstance(x, os.PathLike) for x in source):
        src = [os.fspath(x) for x in source]
    else:
        src = source if isinstance(source, (str, os.PathLike)) else repr(type(source))
    return hashlib.sha1(json.dumps([str(src), sorted(measures), chunksize]).encode()).hexdigest()[:16]


def _check_out(out: Path, source) -> Path:
    """Refuse an output folder that is, contains or lies inside an input file or folder."""
    out = Path(out).resolve()
    srcs = [Path(s) for s in (source if isinstance(source, (list, tuple)) else [source]) if isinstance(s, (str, os.PathLike))]
    for s in srcs:
        base = s
        if _glob.has_magic(str(s)):  # a glob: its fixed leading folders are the input
            base = Path(*s.parts[: next(i for i, part in enumerate(s.parts) if _glob.has_magic(part))] or ["."])
        try:
            b = base.resolve()
        except OSError:
            continue
        if base.exists() and (b == out or b in out.parents or out in b.parents):
            raise ValueError(f"`out` ({out}) overlaps the input {s}: results would be written into or over the input. "
                             "Choose a separate folder, e.g. out='results/'.")
    return out


# ---------------------------------------------------------------- engines
def _run_pandas(source, names, out, chunksize, progress, resume, overrides, result):
    from tqdm.auto import tqdm

    from .load import iter_load

    manifest_path = out / _MANIFEST
    key = _fingerprint(source, names, chunksize)
    manifest = {"key": key, "done": []}
    if resume and manifest_path.exists():
        old = json.loads(manifest_path.read_text("utf-8"))
        if old.get("key") == key:
            manifest = old
    done = set(manifest["done"])
    bar = tqdm(unit="articles", desc="newslens analyze", disable=not progress)
    try:
        for i, chunk in enumerate(iter_load(source, chunksize=chunksize, **overrides)):
            result.chunks += 1
            result.articles += len(chunk)
            result.errors.extend(chunk.attrs.get("errors", []))
            if i in done:
                result.resumed_chunks += 1
                bar.update(len(chunk))
                continue
            for m, n in _process_partition(i, chunk, names, out)["rows"].items():
                result.rows[m] = result.rows.get(m, 0) + n
            manifest["done"].append(i)
            atomic_write(manifest_path, lambda tmp: tmp.write_text(json.dumps(manifest), encoding="utf-8"))
            bar.update(len(chunk))
    finally:
        bar.close()


_LOCAL_SCHEDULERS = ("threads", "processes", "sync", "synchronous", "single-threaded")


def _process_partition(index: int, piece, names: list[str], out: str) -> dict:
    """Load (when given a plan), measure and write one partition; what a Dask task does.

    Writes ``out/articles/part-NNNNN.parquet`` and ``out/<measure>/part-NNNNN.parquet`` exactly
    like the pandas engine, so both engines produce the same datasets; returns counts and errors.
    """
    from .load import Partition, load_partition

    chunk = load_partition(piece) if isinstance(piece, Partition) else piece
    out = Path(out)
    part = f"part-{index:05d}.parquet"
    _atomic_parquet(_encode_evidence(chunk), out / "articles" / part)
    rows = {}
    for m in names:
        scores = measure_chunk(chunk, m)
        rows[m] = len(scores)
        _atomic_parquet(scores, out / m / part)
    return {"articles": len(chunk), "rows": rows, "errors": list(chunk.attrs.get("errors", []))}


_META_ARTICLE = {
    "article_id": "meta", "title": "Council approves flood plan", "outlet": "Example Wire", "url": "https://example.org/a",
    "author": "A. Writer",
    "text": "Council approves flood plan\n\nThe council approved the plan on Monday, Mayor Ana Ruiz said. "
            "\u201cWe acted fast,\u201d she said.\n\nCritics called it costly.",
}


def measure_meta(measure: str) -> pd.DataFrame:
    """The empty table (columns and dtypes) that ``measure`` returns: explicit ``meta`` for Dask."""
    from .load import load

    return measure_chunk(load([_META_ARTICLE]), measure).iloc[:0]


def measure_dask(ddf, measure: str):
    """Run ``measure`` over a ``dask.dataframe`` of articles, partition by partition.

    ``ddf.map_partitions`` with explicit ``meta``; evidence columns are JSON text, as in the
    files :func:`analyze` writes. Compute it, or write it with ``.to_parquet(...)``.

    Examples
    --------
    >>> import dask.dataframe as dd, newslens as nl
    >>> arts = nl.load_example()[["article_id", "title", "text", "outlet"]]
    >>> ddf = dd.from_pandas(arts, npartitions=3)
    >>> len(measure_dask(ddf, "sentiment").compute()) == len(nl.sentiment(arts))
    True
    """
    _check_measures([measure])
    return ddf.map_partitions(measure_chunk, measure, meta=measure_meta(measure))


def _run_dask_frame(ddf, names, out, progress, client, local, result):
    """A dask DataFrame given by the user: one ``map_partitions`` per measure, written as Parquet."""
    import dask

    writes = [ddf.map_partitions(_encode_evidence, meta=_encode_evidence(ddf._meta)).to_parquet(out / "articles", write_index=False, compute=False)]
    writes += [measure_dask(ddf, m).to_parquet(out / m, write_index=False, compute=False) for m in names]
    if client is not None:
        client.compute(writes, sync=True)
    else:
        from dask.diagnostics import ProgressBar

        with (ProgressBar() if progress else contextlib.nullcontext()):
            dask.compute(*writes, scheduler=local)
    result.chunks = ddf.npartitions
    result.articles = len(pd.read_parquet(out / "articles", columns=["article_id"]))
    for m in names:
        result.rows[m] = len(pd.read_parquet(out / m, columns=["article_id"]))


def _dask_pieces(source, chunksize, overrides):
    """Partition plans (files: nothing is read here) or, for in-memory sources, chunks."""
    from .load import iter_load, partitions

    plans = partitions(source, chunksize=chunksize, **overrides)
    if plans is not None:
        return plans
    return list(iter_load(source, chunksize=chunksize, **overrides))  # already in memory


def _run_dask(source, names, out, chunksize, progress, scheduler, client, overrides, result):
    try:
        import dask
        from dask import delayed
    except ImportError:
        raise missing_dependency("dask", "engine='dask'", extra="scale") from None
    local = scheduler if scheduler in _LOCAL_SCHEDULERS else None
    own_client = None
    if client is None and scheduler is not None and local is None:
        try:
            from distributed import Client
        except ImportError:
            raise missing_dependency("distributed", "scheduler=", extra="scale") from None
        client = own_client = Client(scheduler)
    try:
        import dask.dataframe as dd

        if isinstance(source, dd.DataFrame):
            return _run_dask_frame(source, names, out, progress, client, local, result)
        pieces = _dask_pieces(source, chunksize, overrides)
        result.chunks = len(pieces)
        task = delayed(_process_partition, pure=False)
        tasks = [task(i, piece, names, str(out)) for i, piece in enumerate(pieces)]
        if client is not None:
            from distributed import as_completed
            from tqdm.auto import tqdm

            futures = client.compute(tasks)
            done = []
            with tqdm(total=len(futures), unit="partitions", desc="newslens analyze (dask)", disable=not progress) as bar:
                for fut in as_completed(futures):
                    done.append(fut.result())
                    bar.update(1)
        else:
            from dask.diagnostics import ProgressBar

            with (ProgressBar() if progress else contextlib.nullcontext()):
                done = dask.compute(*tasks, scheduler=local)
        for d in done:
            result.articles += d["articles"]
            result.errors.extend(d["errors"])
            for m, n in d["rows"].items():
                result.rows[m] = result.rows.get(m, 0) + n
    finally:
        if own_client is not None:
            own_client.close()


def analyze(source, measures: Iterable[str] | None = None, *, out="results/", engine: str = "pandas",
            chunksize: int = 1000, progress: bool = True, resume: bool = True, scheduler: str | None = None,
            client=None, **overrides) -> AnalyzeResult:
    """Measure a corpus of any size and write one Parquet dataset per measure.

    Parameters
    ----------
    source : path, folder, glob, list, DataFrame (or a dask DataFrame with engine="dask")
        Anything :func:`newslens.load` accepts.
    measures : list of str, optional
        Names from ``nl.measures.available()``; default all of ``DEFAULT_MEASURES``.
    out : path
        Output folder: ``out/articles/``, ``out/<measure>/`` with ``part-NNNNN.parquet`` files.
        Never an input file or folder.
    engine : {"pandas", "dask"}
        ``pandas`` streams chunk by chunk in this process (flat memory, resumable);
        ``dask`` runs one task per partition (load, all measures, write), on the local
        machine or on the cluster of ``scheduler="tcp://host:8786"`` / ``client=Client(...)``.
        Both write the same files; ids repeated *across* dask partitions are not renamed.
    chunksize : int
        Articles per chunk (pandas) or per partition (dask).
    progress : bool
        Show a progress bar (tqdm.auto: a widget in notebooks, text in terminals).
    resume : bool
        Skip chunks an earlier, interrupted run already finished (pandas engine).
    scheduler : str, optional
        engine="dask": a scheduler address (``"tcp://host:8786"``) or a local scheduler
        name (``"processes"``, ``"threads"``, ``"sync"``); default: a passed ``client``, else
        Dask's default.
    client : distributed.Client, optional
        engine="dask": run on this client's cluster.
    **overrides
        Column overrides passed to the loader (``text_col=``, ``date_col=`` …).

    Returns
    -------
    AnalyzeResult
        Counts, errors and paths; ``.read("sentiment")`` loads a measure back.

    Examples
    --------
    >>> import newslens as nl, tempfile
    >>> from newslens.load import example_path
    >>> res = nl.analyze(example_path(), ["sentiment"], out=tempfile.mkdtemp(), progress=False)
    >>> res.articles >= 24 and res.rows["sentiment"] > 0
    True
    """
    if engine not in ENGINES:
        raise invalid_choice("engine", engine, ENGINES)
    if not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"`chunksize` must be a positive whole number; got {chunksize!r}.")
    names = _check_measures(measures)
    out = _check_out(out, source)
    out.mkdir(parents=True, exist_ok=True)
    result = AnalyzeResult(out=out, engine=engine, measures=names)
    t0 = time.perf_counter()
    if engine == "pandas":
        _run_pandas(source, names, out, chunksize, progress, resume, overrides, result)
    else:
        _run_dask(source, names, out, chunksize, progress, scheduler, client, overrides, result)
    result.seconds = time.perf_counter() - t0
    return result
