"""Batch runs over corpora larger than memory: ``nl.analyze``.

The corpus is read in chunks (files one after another, JSONL/CSV in row chunks, Parquet by
row groups — see :func:`newslens.load.iter_load`), every chunk is measured and written as one
Parquet file per table (``out/articles/``, ``out/<measure>/``), and the output folder is kept
by :class:`newslens.runs.RunFolder`: a journal of finished chunks while the run works, a
manifest of every part when it is done, and no file of any other run afterwards.  An
interrupted run resumes where it stopped; a run with another input, other options or another
newslens version starts afresh.  All measures of a chunk share one segmentation
(``measures._base.units`` remembers it), so adding measures costs only their own scoring.

``engine="dask"`` runs the same per-chunk work as Dask tasks: the driver only *plans* the
partitions (:func:`newslens.load.partitions`: byte ranges of about ``chunksize`` records in
JSONL and CSV files, Parquet row groups, runs of a tar archive's files, groups of one-article
files, slices of in-memory sources) and every task loads its partition, runs all measures and
writes the same part files the pandas engine writes — on the local machine
(``scheduler="processes"``/``"threads"``), on a ``distributed.LocalCluster`` passed as
``client=``, or on a cluster given by ``scheduler="tcp://host:8786"``.  A ``dask.dataframe`` is accepted as ``source``.
"""
from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import OptionError, invalid_choice, missing_dependency
from .measures import available as _available
from .measures import get as _get_measure
from .runs import EVIDENCE_COLUMNS, MANIFEST, RunFolder, encode_columns, read_results, rename_ids, resources_digest, write_part

__all__ = ["analyze", "read_results", "measure_dask", "measure_meta", "measure_chunk", "AnalyzeResult", "ENGINES", "DEFAULT_MEASURES",
           "PROFILES"]

ENGINES = ("pandas", "dask")
DEFAULT_MEASURES = ("sentiment", "stance", "frames", "quotes", "sourcing")
# Which method each measure uses in a run: "default" = each measure's own default (the most
# accurate methods that fit the speed floor of ``nl.analyze``, 20 articles/s on one core);
# "fast" = lexicons and the small learned models only, no ONNX encoder, for corpora of millions of
# articles; "accurate" = the method of each measure with the best held-out scores whatever its
# speed (``nl.card(measure)``; a test checks the choice against the shipped benchmark rows), for a
# course's or a study's few hundred articles: sentence sentiment reads every sentence with the
# sentiment encoder, stance every mention with the neural model, sourcing every sentence with the
# opinion encoder (about a tenth of the default's speed: the speed benchmark's rows).  A profile
# gives each measure's options; ``options=`` of :func:`analyze` overrides them.
PROFILES = {
    "default": {},
    "fast": {"sentiment": {"method": "vader"}, "stance": {"method": "learned"}, "sourcing": {"opinion": "neural"}},
    "accurate": {"sentiment": {"method": "encoder"}, "stance": {"method": "neural"}, "sourcing": {"opinion": "encoder"}},
}


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

    @property
    def manifest(self) -> Path:
        """The run's manifest: what it is (fingerprint) and every file it wrote."""
        return self.out / MANIFEST

    def read(self, measure: str) -> pd.DataFrame:
        """Read one measure's results back as a DataFrame."""
        return read_results(self.out, measure)

    def add(self, entry: dict, *, reused: bool = False) -> None:
        """Count one finished chunk."""
        self.articles += entry["articles"]
        self.resumed_chunks += reused
        self.errors.extend(entry["errors"])
        for m, n in entry["rows"].items():
            self.rows[m] = self.rows.get(m, 0) + n

    def __repr__(self) -> str:
        return (f"AnalyzeResult(out={str(self.out)!r}, engine={self.engine!r}, articles={self.articles}, "
                f"chunks={self.chunks} (resumed {self.resumed_chunks}), errors={len(self.errors)}, rows={self.rows}, "
                f"seconds={self.seconds:.1f})")


# ---------------------------------------------------------------- checks
def _check_measures(measures) -> list[str]:
    names = list(DEFAULT_MEASURES if measures is None else [measures] if isinstance(measures, str) else measures)
    valid = _available()
    for m in names:
        if m not in valid:
            raise invalid_choice("measures", m, valid)
    return names


def _check_options(options, names: list[str]) -> dict:
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise OptionError(f"`options` must map a measure to its keyword arguments, e.g. options={{'stance': {{'targets': ['Putin']}}}}; got {options!r}.")
    for m, opts in options.items():
        if m not in names:
            raise invalid_choice("options", m, names, fix="Give options only for measures of this run: add the measure to `measures`, or drop its options.")
        if not isinstance(opts, Mapping):
            raise OptionError(f"`options[{m!r}]` must be a dict of keyword arguments for nl.{m}(); got {opts!r}.")
    return {m: dict(o) for m, o in options.items()}


def _profile_options(profile: str, options: dict, names: list[str]) -> dict:
    """The options of ``profile`` for the measures of the run, under the user's ``options``."""
    if profile not in PROFILES:
        raise invalid_choice("profile", profile, list(PROFILES))
    merged = {m: {**PROFILES[profile].get(m, {}), **options.get(m, {})} for m in names}
    return {m: o for m, o in merged.items() if o}


def _check_out(out, source) -> Path:
    """Refuse an output folder that is, contains or lies inside an input file or folder."""
    from .load.locations import has_glob, is_url

    if isinstance(out, (str, os.PathLike)) and is_url(os.fspath(out)):
        raise OptionError(f"`out` must be a folder on a file system (for a cluster: one every worker can reach at the same path); got the URL {out!r}.")
    out = Path(out).resolve()
    srcs = [Path(s) for s in (source if isinstance(source, (list, tuple)) else [source])
            if isinstance(s, (str, os.PathLike)) and not is_url(os.fspath(s)) and os.fspath(s).strip()]
    for s in srcs:
        base = s
        if has_glob(str(s)):  # a glob: its fixed leading folders are the input
            base = Path(*s.parts[: next(i for i, part in enumerate(s.parts) if has_glob(part))] or ["."])
        try:
            b = base.resolve()
        except OSError:
            continue
        if base.exists() and (b == out or b in out.parents or out in b.parents):
            raise OptionError(f"`out` ({out}) overlaps the input {s}: results would be written into or over the input. "
                             "Choose a separate folder, e.g. out='results/'.")
    return out


def _is_dask_frame(source) -> bool:
    return type(source).__module__.startswith("dask") and hasattr(source, "to_delayed")


def _fingerprint(source, names, options, overrides, chunksize, engine) -> dict:
    """Everything that decides a run's results: what resuming must find unchanged."""
    if _is_dask_frame(source):
        from dask.base import tokenize

        src = {"kind": "dask DataFrame", "digest": tokenize(source)}
    else:
        from .load.identity import source_digest

        desc = source_digest(source)
        src = {"kind": desc["kind"], "digest": desc["digest"], "files": len(desc.get("files", ()))}
    return {"source": src, "measures": sorted(names), "options": options, "load": dict(sorted(overrides.items())),
            "chunksize": chunksize, "engine": engine, **resources_digest()}


# ---------------------------------------------------------------- one chunk
def _measure_table(articles: pd.DataFrame, measure: str, options: Mapping | None = None) -> tuple[pd.DataFrame, list[str]]:
    return encode_columns(_get_measure(measure)(articles, **(options or {})), always=EVIDENCE_COLUMNS)


def measure_chunk(articles: pd.DataFrame, measure: str, **options) -> pd.DataFrame:
    """Run one measure on one chunk of articles: the table :func:`analyze` writes (evidence as JSON text)."""
    return _measure_table(articles, measure, options)[0]


def _process_partition(index: int, piece, names: list[str], out: str, part: str, options: dict) -> dict:
    """Load (when given a plan), measure and write one partition; what a Dask task does.

    Writes ``out/articles/<part>`` and ``out/<measure>/<part>`` exactly like the pandas engine,
    so both engines produce the same files; returns the chunk's journal entry.
    """
    from .load import Partition, load_partition

    chunk = load_partition(piece) if isinstance(piece, Partition) else piece
    out = Path(out)
    table, encoded = encode_columns(chunk)
    write_part(table, out / "articles" / part, encoded)
    files, rows = {"articles": f"articles/{part}"}, {}
    for m in names:
        scores, encoded = _measure_table(chunk, m, options.get(m))
        write_part(scores, out / m / part, encoded)
        files[m], rows[m] = f"{m}/{part}", len(scores)
    entry = {"chunk": index, "articles": len(chunk), "rows": rows, "files": files, "errors": list(chunk.attrs.get("errors", []))}
    if isinstance(piece, Partition):  # the ids its loader renamed (new -> as the source gave it), for _unify_ids
        entry["renamed"] = {new: old for old, news in chunk.attrs.get("duplicate_ids", {}).items() for new in news[1:]}
    return entry


# ---------------------------------------------------------------- engines
def _run_pandas(source, names, run: RunFolder, chunksize, progress, options, overrides, result):
    from tqdm.auto import tqdm

    from .load import iter_load

    with tqdm(unit="articles", desc="newslens analyze", disable=not progress) as bar:
        for i, chunk in enumerate(iter_load(source, chunksize=chunksize, **overrides)):
            result.chunks += 1
            entry = run.reuse(i)
            if entry is None:
                entry = _process_partition(i, chunk, names, str(run.out), run.part_name(i), options)
                run.record(entry)
            result.add(entry, reused=run.reusable.get(i) is entry)
            bar.update(len(chunk))


_LOCAL_SCHEDULERS = ("threads", "processes", "sync", "synchronous", "single-threaded")


def _dask_pieces(source, chunksize, overrides) -> list:
    """Partition plans (nothing is read here), or the partitions of a dask DataFrame."""
    if _is_dask_frame(source):
        return list(source.to_delayed())
    from .load import partitions

    return partitions(source, chunksize=chunksize, **overrides)


def _run_dask(source, names, run: RunFolder, chunksize, progress, scheduler, client, options, overrides, result):
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
    from .load import Partition

    try:
        pieces = _dask_pieces(source, chunksize, overrides)
        result.chunks = len(pieces)
        todo = []
        for i, piece in enumerate(pieces):
            entry = run.reuse(i)
            if entry is not None:
                result.add(entry, reused=True)
            else:
                todo.append(delayed(_process_partition, pure=False)(i, piece, names, str(run.out), run.part_name(i), options))
        if client is not None:
            from distributed import as_completed
            from tqdm.auto import tqdm

            futures = client.compute(todo)
            try:
                with tqdm(total=len(futures), unit="partitions", desc="newslens analyze (dask)", disable=not progress) as bar:
                    for fut in as_completed(futures):
                        entry = fut.result()
                        run.record(entry)  # as each finishes: an interrupted cluster run resumes
                        result.add(entry)
                        bar.update(1)
            finally:
                client.cancel([f for f in futures if not f.done()])
        else:
            from dask.diagnostics import ProgressBar

            with (ProgressBar() if progress else contextlib.nullcontext()):
                done = dask.compute(*todo, scheduler=local)
            for entry in done:
                run.record(entry)
                result.add(entry)
        _check_readable(pieces, result)
        if any(isinstance(p, Partition) for p in pieces):
            _unify_ids(run)
    finally:
        if own_client is not None:
            own_client.close()


def _unify_ids(run: RunFolder) -> None:
    """Rename ids repeated *across* partitions as the pandas engine does (``-2``, ``-3`` … in the
    order of the source) and rewrite the part files of the partitions whose ids change.

    Each partition renamed its own repeats and recorded them (``entry["renamed"]``, new -> as
    the source gave it), so the source's ids are known without reading the source again; one
    :class:`~newslens.load.normalise.IdState` then gives them out in partition order.  Only the
    ``article_id`` column of each articles part is read; repeats across files are rare, so few
    parts are rewritten.  An entry's record is updated with its final names, so that a resumed
    run starts from the source's ids again.
    """
    import pyarrow.parquet as pq

    from .load.normalise import IdState

    ids = IdState()
    for i in sorted(run.done):
        entry = run.done[i]
        part = pq.ParquetFile(run.out / entry["files"]["articles"])
        if "article_id" not in part.schema_arrow.names:
            continue
        written = part.read(columns=["article_id"]).column(0).to_pylist()
        renamed = entry.get("renamed", {})
        source_ids = [renamed.get(x, x) for x in written]
        final = ids.assign(source_ids)
        moved = {old: new for old, new in zip(written, final) if old != new}
        if moved:
            for f in entry["files"].values():
                rename_ids(run.out / f, moved)
            entry["renamed"] = {new: old for new, old in zip(final, source_ids) if new != old}


def _check_readable(pieces: list, result: AnalyzeResult) -> None:
    """Raise, as the pandas engine does, when no file of the source could be read: each partition
    only notes its own unreadable files (one that holds nothing else is an empty table), so a
    folder with one bad file among good ones still runs."""
    from .load import Partition
    from .load.partitions import FilePiece
    from .load.stream import none_readable

    files = {f.label for p in pieces if isinstance(p, Partition) for f in p.pieces if isinstance(f, FilePiece)}
    unreadable = [e for e in result.errors if e.get("reason") == "unreadable file"]
    if files and not result.articles and files <= {e["source"] for e in unreadable}:
        raise none_readable(len(files), pieces[0].name, unreadable)


def analyze(source, measures: Iterable[str] | None = None, *, out="results/", engine: str = "pandas",
            chunksize: int = 1000, progress: bool = True, resume: bool = True, scheduler: str | None = None,
            client=None, options: Mapping[str, Mapping] | None = None, profile: str = "default",
            **overrides) -> AnalyzeResult:
    """Measure a corpus of any size and write one Parquet dataset per measure.

    Parameters
    ----------
    source : path, folder, glob, URL, list, DataFrame (or a dask DataFrame with engine="dask")
        Anything :func:`newslens.load` accepts.
    measures : list of str, optional
        Names from ``nl.measures.available()``; default all of ``DEFAULT_MEASURES``.
    out : path
        Output folder; it holds exactly one run: ``out/articles/``, ``out/<measure>/`` (part
        files) and ``out/_manifest.json`` (written last; :func:`read_results` reads only what
        it lists).  A new run replaces every part it does not reuse.  Never an input file or
        folder; for a cluster, a folder every worker reaches at the same path.
    engine : {"pandas", "dask"}
        ``pandas`` streams chunk by chunk in this process (flat memory);
        ``dask`` runs one task per partition (load, all measures, write), on the local
        machine or on the cluster of ``scheduler="tcp://host:8786"`` / ``client=Client(...)``.
        Both write the same rows: ids repeated in the source are renamed ``-2``, ``-3`` … in
        the source's order by either engine (across partitions once all are done).
    chunksize : int
        Articles per chunk (pandas) or about that many per partition (dask).  Each chunk is
        measured on its own: the one result that draws on other articles, the type of a
        one-word source in ``nl.sources``, reads only those of its chunk.
    progress : bool
        Show a progress bar (tqdm.auto: a widget in notebooks, text in terminals).
    resume : bool
        Reuse the chunks an earlier run into ``out`` finished — also an interrupted one — when
        that run had the same fingerprint: the same input content (size, modification time and
        hash of every file, or a hash of an in-memory table), measures, ``options``, column
        keywords, ``chunksize``, engine, newslens version and shipped lexicons/models.
        ``False`` recomputes everything.  Interrupted dask runs resume the partitions recorded
        as finished (with a distributed client: each as it completes).
    scheduler : str, optional
        engine="dask": a scheduler address (``"tcp://host:8786"``) or a local scheduler
        name (``"processes"``, ``"threads"``, ``"sync"``); default: a passed ``client``, else
        Dask's default.
    client : distributed.Client, optional
        engine="dask": run on this client's cluster.
    options : dict, optional
        Keyword arguments for each measure, e.g. ``{"stance": {"targets": ["Putin"]}}``.
    profile : {"default", "fast", "accurate"}
        Which methods the measures use (:data:`PROFILES`): ``"default"`` each measure's default;
        ``"fast"`` the lexicon and small learned methods only (no ONNX encoder), for corpora of
        millions of articles; ``"accurate"`` the methods with the best held-out scores (sentiment
        ``"encoder"``, stance ``"neural"``, sourcing ``opinion="encoder"``), about a tenth of the
        default's speed.  ``options`` given for a measure override its profile's.
    **overrides
        Column keywords passed to the loader (``text_col=``, ``date_col=`` …).

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
    if not isinstance(chunksize, int) or isinstance(chunksize, bool) or chunksize < 1:
        raise OptionError(f"`chunksize` must be a positive whole number; got {chunksize!r}.")
    names = _check_measures(measures)
    options = _profile_options(profile, _check_options(options, names), names)
    out = _check_out(out, source)
    t0 = time.perf_counter()
    fingerprint = _fingerprint(source, names, options, overrides, chunksize, engine)  # reads the source list: errors surface here
    run = RunFolder.start(out, fingerprint, resume=resume)
    result = AnalyzeResult(out=out, engine=engine, measures=names)
    if engine == "pandas":
        _run_pandas(source, names, run, chunksize, progress, options, overrides, result)
    else:
        _run_dask(source, names, run, chunksize, progress, scheduler, client, options, overrides, result)
    run.finish(["articles", *names], {"engine": engine, "articles": result.articles, "rows": result.rows,
                                      "errors": len(result.errors)})
    result.seconds = time.perf_counter() - t0
    return result


# ---------------------------------------------------------------- dask DataFrames
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
