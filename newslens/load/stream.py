"""A load plan turned into articles tables: chunks of at most ``chunksize`` rows, and their reports.

:func:`plan` checks the arguments and splits the source into parts (eagerly, so errors surface
at the call).  :class:`Chunker` reads the parts one after another, normalises their batches
and cuts the rows into chunks; records of one-article files and JSON are gathered across
files first so that a folder of small files is normalised in large batches.  Every chunk
comes with a :class:`Report` of what was skipped or repaired since the chunk before.
"""
from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import NewsLensWarning, OptionError, SourceError
from ..schema import empty_articles
from .columns import check_overrides
from .normalise import IdState, normalise
from .readers import Batch, Ctx, error
from .sources import Part, parts_of

__all__ = ["Plan", "Report", "Chunker", "plan", "collect", "iter_chunks", "warn", "none_readable"]


@dataclass
class Plan:
    """A source split into parts, with the options every part is read with."""

    parts: list[Part]
    notes: list[str]
    multi: bool  # several files: one unreadable file is an error record, not a failure
    cols: dict  # column overrides
    export: str | None
    chunksize: int
    name: str
    whole: bool = True  # the entire source; a partition (one piece of it) leaves "none readable" to its caller


def none_readable(n: int, name: str, errors: list[dict]) -> SourceError:
    """The error of a source none of whose ``n`` files could be read (the first three reasons shown)."""
    shown = "; ".join(e["detail"] for e in errors[:3])
    return SourceError(f"None of the {n} file(s) in {name} could be read: {shown}")


def plan(source, chunksize, overrides: dict) -> Plan:
    """Check the arguments and split the source into parts."""
    if not isinstance(chunksize, (int, np.integer)) or isinstance(chunksize, bool) or chunksize < 1:
        raise OptionError(f"`chunksize` must be a positive integer; got {chunksize!r}. Pass e.g. chunksize=10_000.")
    cols = check_overrides(overrides)
    parts, notes, multi = parts_of(source)
    name = str(source) if isinstance(source, str) or hasattr(source, "__fspath__") else "the source"
    return Plan(parts, notes, multi, cols, overrides.get("export"), int(chunksize), name)


@dataclass
class Report:
    """What loading some records skipped, repaired or noticed (``attrs`` of an articles table)."""

    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    unparsed_dates: int = 0
    partial_dates: list = field(default_factory=list)
    maps: dict = field(default_factory=dict)
    duplicate_ids: dict = field(default_factory=dict)
    markup: int = 0

    def __bool__(self) -> bool:
        return bool(self.errors or self.notes or self.unparsed_dates or self.partial_dates or self.markup)

    def add(self, other: Report) -> None:
        self.errors += other.errors
        self.notes += other.notes
        self.unparsed_dates += other.unparsed_dates
        self.partial_dates += other.partial_dates
        self.markup += other.markup
        for k, v in other.maps.items():
            self.maps.setdefault(k, v)

    def attach(self, df: pd.DataFrame) -> pd.DataFrame:
        notes = list(self.notes)
        if self.markup:
            notes.append(f"{self.markup} text(s) held HTML markup (<p>, <br>, <a> …) and were read as HTML: a paragraph "
                         "per block, tags dropped, entities decoded once")
        if self.partial_dates:
            ex = self.partial_dates[0]
            notes.append(f"{len(self.partial_dates)} date(s) without a day or month were set to the first day of the period "
                         f"(e.g. {ex['value']!r} → {ex['published'][:10]}); they are listed in attrs['partial_dates']")
        df.attrs["errors"] = self.errors
        df.attrs["duplicate_ids"] = self.duplicate_ids
        df.attrs["unparsed_dates"] = self.unparsed_dates
        df.attrs["partial_dates"] = self.partial_dates
        df.attrs["notes"] = notes
        df.attrs["newslens"] = {"step": "load", "column_maps": self.maps}
        return df


def _gathering() -> Batch:
    return Batch(records=[], rows=[], lines=[], sources=[], files=[], metas=[], singles=[])


class Chunker:
    """Read a plan's parts and yield ``(articles chunk, report)`` pairs.

    After the last pair, :attr:`ids` holds every id given (``ids.duplicates``: the repeats
    made unique).
    """

    def __init__(self, plan: Plan):
        self.plan = plan
        self.ids = IdState()
        self.pending = Report(notes=list(plan.notes))
        self.buffer: list[pd.DataFrame] = []
        self.buffered = 0
        self.gathered = _gathering()
        self.readable = 0
        self.file_errors: list[dict] = []

    def __iter__(self) -> Iterator[tuple[pd.DataFrame, Report]]:
        for part in self.plan.parts:
            try:
                yield from self._read(part)
                self.readable += 1
            except SourceError as e:
                self._failed(part, e)
        yield from self._normalise_gathered()
        if self.plan.multi and self.plan.whole and self.readable == 0:
            raise none_readable(len(self.plan.parts), self.plan.name, self.file_errors)
        if self.buffer or self.pending or not self.ids.seen:
            yield self._flush()

    def _read(self, part: Part):
        p = self.plan
        ctx = Ctx(part.label, p.cols, p.export, p.chunksize, single=part.single, meta=part.meta, file=part.file)
        for b in part.batches(ctx):
            if b.frame is not None:  # tabular: normalise as it comes
                yield from self._normalise_gathered()
                yield from self._normalise(b, ctx)
                continue
            # records (one-article files, JSON): gather those of the same shape across files
            if self.gathered.records and b.records and set(b.records[0]) != set(self.gathered.records[0]):
                yield from self._normalise_gathered()
            self._gather(b, part)
            if len(self.gathered) >= p.chunksize:
                yield from self._normalise_gathered()

    def _gather(self, b: Batch, part: Part) -> None:
        g, k = self.gathered, len(b)
        g.records.extend(b.records)
        g.rows.extend(b.rows if b.rows is not None else [None] * k)
        g.lines.extend(b.lines if b.lines is not None else [None] * k)
        g.sources.extend(b.sources if b.sources is not None else [part.label] * k)  # an archive's reader names its files
        g.files.extend(b.files if b.files is not None else [part.file] * k)
        g.metas.extend([part.meta] * k)
        g.singles.extend(b.singles if b.singles is not None else [part.single] * k)
        g.errors.extend(b.errors)
        g.notes.extend(b.notes)

    def _normalise_gathered(self):
        g = self.gathered
        if len(g) or g.errors or g.notes:
            self.gathered = _gathering()
            p = self.plan
            yield from self._normalise(g, Ctx(g.sources[0] if g.sources else p.name, p.cols, p.export, p.chunksize))

    def _normalise(self, batch: Batch, ctx: Ctx):
        self.pending.notes.extend(batch.notes)
        got = normalise(batch, ctx, self.ids)
        self.pending.errors.extend(got.errors)
        self.pending.unparsed_dates += got.unparsed_dates
        self.pending.partial_dates.extend(got.partial_dates)
        self.pending.markup += got.markup
        if got.mapping:
            mapping = dict(got.mapping)
            self.pending.maps.setdefault(mapping.pop("export"), mapping)
        df, size = got.frame, self.plan.chunksize
        if df is not None and len(df):
            for start in range(0, len(df), size):  # no chunk may exceed chunksize
                piece = df.iloc[start:start + size]
                if self.buffered + len(piece) > size:
                    yield self._flush()
                self.buffer.append(piece)
                self.buffered += len(piece)

    def _flush(self) -> tuple[pd.DataFrame, Report]:
        frames = [f for f in self.buffer if len(f)]
        out = pd.concat(frames, ignore_index=True, sort=False) if frames else empty_articles()
        report, self.pending = self.pending, Report()
        self.buffer, self.buffered = [], 0
        return out, report

    def _failed(self, part: Part, e: SourceError) -> None:
        if not self.plan.multi:
            raise e
        err = error(part.label, "unreadable file", detail=str(e))
        self.pending.errors.append(err)
        self.file_errors.append(err)


def collect(plan: Plan) -> pd.DataFrame:
    """All chunks of a plan as one articles table, with their reports in ``attrs``."""
    frames, report = [], Report()
    chunker = Chunker(plan)
    for df, rep in chunker:
        if len(df):
            frames.append(df)
        report.add(rep)
    report.duplicate_ids = chunker.ids.duplicates
    out = pd.concat(frames, ignore_index=True, sort=False) if frames else empty_articles()
    return report.attach(out)


def iter_chunks(plan: Plan) -> Iterator[pd.DataFrame]:
    """The chunks of a plan with their reports in ``attrs``; the last one also carries the
    duplicate ids of the whole source.  One warning per chunk that skipped or repaired records."""
    prev, chunker = None, Chunker(plan)
    for df, report in chunker:
        if prev is not None:
            warn(prev, stacklevel=2)
            yield prev
        prev = report.attach(df)
    if prev is not None:
        prev.attrs["duplicate_ids"] = chunker.ids.duplicates
        warn(prev, stacklevel=2)
        yield prev


def warn(df: pd.DataFrame, *, stacklevel: int) -> None:
    """One :class:`NewsLensWarning` summing up what loading skipped or repaired, if anything."""
    errors, dups, unparsed = df.attrs["errors"], df.attrs["duplicate_ids"], df.attrs["unparsed_dates"]
    partial = df.attrs.get("partial_dates", [])
    parts = []
    if errors:
        by = Counter(e["reason"] for e in errors)
        parts.append(f"skipped {len(errors)} of {len(errors) + len(df)} records ({', '.join(f'{n} {r}' for r, n in by.most_common())})")
        fixes = {e["detail"] for e in errors if e["reason"] == "no text column"}
        if fixes:
            parts.append(next(iter(fixes)))
    if dups:
        ex = ", ".join(f"{k!r} → {v[1]!r}" for k, v in list(dups.items())[:3])
        parts.append(f"made {sum(len(v) - 1 for v in dups.values())} repeated article_id(s) unique ({ex})")
    if unparsed:
        parts.append(f"{unparsed} date(s) could not be parsed (published is NaT)")
    if partial:
        parts.append(f"{len(partial)} date(s) had no day or month and were set to the first day of the period")
    if parts:
        msg = ("nl.load " + "; ".join(parts) + ". Details: articles.attrs['errors'], attrs['duplicate_ids'], "
               "attrs['unparsed_dates'], attrs['partial_dates'].")
        warnings.warn(msg, NewsLensWarning, stacklevel=stacklevel + 1)
