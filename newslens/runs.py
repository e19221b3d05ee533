"""The output folder of a batch run: part files, a journal while it runs, a manifest when done.

An output folder holds exactly one finished run::

    out/_manifest.json                       what the run is and every file it wrote (written last)
    out/articles/part-00000-<run>.parquet    the articles of chunk 0
    out/<measure>/part-00000-<run>.parquet   one measure's scores for chunk 0 …

* While a run works, every finished chunk is appended to ``out/_progress.jsonl``.  Part
  files carry the run's id in their name, so a new run never overwrites the files of the
  run the manifest lists: until it finishes, :func:`read_results` keeps reading the last
  finished run (with a warning that another one is under way or was interrupted).
* When the run is done, the manifest is written atomically, then the files no manifest lists
  (parts of earlier runs, of measures no longer asked for, of interrupted runs) are deleted
  and the journal removed.
* A run *resumes* (reuses chunks) only when its fingerprint — the input's content, every
  option that changes results, the newslens version and the digest of the shipped lexicons
  and models — equals that of the journal or the manifest; anything else is recomputed.
* Columns holding lists or dicts (evidence, cues …) are stored as JSON text, and each file
  records which columns it encoded, so :func:`read_results` decodes exactly those: a user's
  text column named ``evidence`` stays text.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import NewsLensWarning, OptionError, SourceError, invalid_choice
from .files import atomic_write

__all__ = ["read_results", "RunFolder", "write_part", "encode_columns", "fingerprint_key", "resources_digest"]

MANIFEST = "_manifest.json"
JOURNAL = "_progress.jsonl"
FORMAT = 2
#: Columns of a measure's output that hold lists or dicts (always stored as JSON text).
EVIDENCE_COLUMNS = ("evidence", "cues", "values")
_STORAGE = "newslens_storage"  # the attrs key (kept by pandas in the Parquet metadata) of a part's encoding


# ---------------------------------------------------------------- encoding columns
def _is_null(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


def _json_value(v):
    """What JSON writes for a value it has no rule for: a numpy array as its (nested) list, anything else as text."""
    return v.tolist() if isinstance(v, np.ndarray) else str(v)


def _dumps(v) -> str:
    return json.dumps(v, ensure_ascii=False, default=_json_value)


def encode_columns(df: pd.DataFrame, always=()) -> tuple[pd.DataFrame, list[str]]:
    """Make a table storable as Parquet: (copy, names of the columns stored as JSON text).

    Object columns whose values are all lists, tuples, dicts or arrays (and the columns named
    in ``always``) become JSON text and are listed; object columns mixing other types become
    text (not listed: they read back as text).  String columns are left alone, whatever their name.
    """
    out = df.copy()
    encoded = []
    for col in out.columns:
        if out[col].dtype != object:
            continue
        values = out[col].tolist()
        present = [v for v in values if not _is_null(v)]
        if col in always or (present and all(isinstance(v, (list, tuple, dict, np.ndarray)) for v in present)):
            out[col] = [_dumps(v) if col in always or not _is_null(v) else None for v in values]
            encoded.append(str(col))
        elif not all(isinstance(v, str) or v is None for v in values):  # mixed scalars: keep Parquet happy
            out[col] = [v if v is None or isinstance(v, str) else _dumps(v) if isinstance(v, (list, dict, tuple)) else str(v) for v in values]
    out.attrs = {}
    return out, encoded


def write_part(df: pd.DataFrame, path: Path, encoded: list[str]) -> None:
    """Write one part file atomically, recording its JSON-encoded columns in the file's metadata."""
    df = df.copy(deep=False)
    df.attrs = {_STORAGE: {"encoded": encoded}}  # pandas keeps attrs in the Parquet metadata
    atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False))


def rename_ids(path: Path, moved: dict[str, str]) -> None:
    """Rewrite one part file with its ``article_id`` values renamed by ``moved`` (old -> new)."""
    df = pd.read_parquet(path)
    encoded = df.attrs.get(_STORAGE, {}).get("encoded", [])
    if "article_id" in df.columns:
        df["article_id"] = pd.Series([moved.get(v, v) for v in df["article_id"]], index=df.index, dtype=df["article_id"].dtype)
    write_part(df, path, encoded)


def _decode(df: pd.DataFrame, columns) -> pd.DataFrame:
    for col in columns:
        if col in df.columns:
            df[col] = pd.Series([json.loads(v) if isinstance(v, str) else None for v in df[col]], index=df.index, dtype=object)
    return df


def _decode_legacy(df: pd.DataFrame) -> pd.DataFrame:
    """Files without our metadata (e.g. ``measure_dask(...).to_parquet``): decode evidence columns
    by name, only when every value is JSON."""
    for col in EVIDENCE_COLUMNS:
        if col in df.columns:
            try:
                decoded = [json.loads(v) if isinstance(v, str) else v for v in df[col]]
            except ValueError:
                continue
            df[col] = decoded
    return df


def _read_file(path: Path) -> pd.DataFrame:
    df = pd.read_parquet(path)
    storage = df.attrs.pop(_STORAGE, None)
    df.attrs = {}
    return _decode(df, storage["encoded"]) if storage is not None else _decode_legacy(df)


def _holds_missing(dtype) -> bool:
    """Whether a column of this type can hold a missing value as itself (text, floats, times)."""
    return (isinstance(dtype, pd.StringDtype) or pd.api.types.is_float_dtype(dtype)
            or pd.api.types.is_datetime64_any_dtype(dtype))


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The part files' tables as one.  A column that is empty in one part (stored with no type) takes
    the type the other parts give it, so that the table, its types and its missing values do not
    depend on how the run was cut into parts (a chunk whose articles all lack a title)."""
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0] if frames else pd.DataFrame()
    if len(full) == 1:
        return full[0].reset_index(drop=True)
    for col in dict.fromkeys(c for f in full for c in f.columns):
        empty = [col in f.columns and f[col].dtype == object and f[col].isna().all() for f in full]
        types = {f[col].dtype for f, e in zip(full, empty) if col in f.columns and not e}
        if any(empty) and len(types) == 1 and _holds_missing(dtype := types.pop()):
            full = [f.assign(**{col: f[col].astype(dtype)}) if e else f for f, e in zip(full, empty)]
    return pd.concat(full, ignore_index=True)


# ---------------------------------------------------------------- fingerprints
def _canonical(v):
    """A value as deterministic JSON data (sets sorted, tuples as lists, the rest by repr)."""
    if isinstance(v, dict):
        return {str(k): _canonical(x) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}
    if isinstance(v, (list, tuple)):
        return [_canonical(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return sorted((_canonical(x) for x in v), key=repr)
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return repr(v)


def fingerprint_key(fingerprint: dict) -> str:
    """The digest of a run's fingerprint (what resuming compares)."""
    return hashlib.blake2b(json.dumps(_canonical(fingerprint), sort_keys=True).encode(), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def resources_digest() -> dict:
    """The newslens version, a digest of the shipped lexicons and models, and the versions of
    the packages whose resources the measures use."""
    h = hashlib.blake2b(digest_size=16)
    root = resources.files("newslens.lexicons")
    for f in sorted((f for f in root.iterdir() if f.is_file()), key=lambda f: f.name):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    from . import __version__

    versions = {}
    for pkg in ("vaderSentiment", "nltk", "onnxruntime"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {"newslens": __version__, "lexicons": h.hexdigest(), "packages": versions}


# ---------------------------------------------------------------- the folder of a run
def _read_json(path: Path):
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _read_manifest(out: Path) -> dict | None:
    m = _read_json(out / MANIFEST)
    return m if isinstance(m, dict) and m.get("format") == FORMAT else None


def _read_journal(out: Path) -> tuple[dict | None, dict[int, dict]]:
    """(header, finished chunks) of the journal; a torn last line is ignored."""
    try:
        lines = (out / JOURNAL).read_text("utf-8").splitlines()
    except OSError:
        return None, {}
    entries, header = {}, None
    for i, line in enumerate(lines):
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if i == 0:
            header = rec
        elif isinstance(rec, dict) and "chunk" in rec:
            entries[rec["chunk"]] = rec
    return header, entries


@dataclass
class RunFolder:
    """The run being written to ``out``: the chunks it may reuse, its journal and its manifest."""

    out: Path
    fingerprint: dict
    run: str = field(default_factory=lambda: secrets.token_hex(4))
    reusable: dict = field(default_factory=dict)
    done: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return fingerprint_key(self.fingerprint)

    @classmethod
    def start(cls, out: Path, fingerprint: dict, *, resume: bool) -> RunFolder:
        """Open ``out`` for a run: find reusable chunks (same fingerprint) and start the journal."""
        self = cls(Path(out), fingerprint)
        if resume:
            manifest = _read_manifest(self.out)
            if manifest and manifest.get("key") == self.key:
                self.reusable.update({c["chunk"]: c for c in manifest["chunks"]})
            header, entries = _read_journal(self.out)
            if header and header.get("key") == self.key:
                self.reusable.update(entries)
            self.reusable = {i: c for i, c in self.reusable.items() if all((self.out / f).is_file() for f in c["files"].values())}
        head = {"format": FORMAT, "key": self.key, "run": self.run, "started": _now()}
        lines = [head, *(self.reusable[i] for i in sorted(self.reusable))]
        atomic_write(self.out / JOURNAL, lambda tmp: tmp.write_text("".join(json.dumps(x, default=str) + "\n" for x in lines), "utf-8"))
        return self

    def part_name(self, index: int) -> str:
        return f"part-{index:05d}-{self.run}.parquet"

    def reuse(self, index: int) -> dict | None:
        """The finished chunk ``index`` of an earlier run with this fingerprint, if any."""
        entry = self.reusable.get(index)
        if entry is not None:
            self.done[index] = entry
        return entry

    def record(self, entry: dict) -> None:
        """Note a finished chunk in the journal (appended and flushed: a crash loses at most this line)."""
        self.done[entry["chunk"]] = entry
        with open(self.out / JOURNAL, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, default=str) + "\n")
            f.flush()

    def finish(self, tables: list[str], summary: dict) -> dict:
        """Write the manifest (last, atomically), delete every file it does not list, drop the journal."""
        chunks = [self.done[i] for i in sorted(self.done)]
        manifest = {"format": FORMAT, "key": self.key, "run": self.run, "finished": _now(), "tables": tables,
                    **summary, "fingerprint": self.fingerprint, "chunks": chunks}
        previous = _read_manifest(self.out)
        atomic_write(self.out / MANIFEST, lambda tmp: tmp.write_text(json.dumps(manifest, indent=1, default=str), "utf-8"))
        keep = {self.out / f for c in chunks for f in c["files"].values()}
        folders = set(tables) | set((previous or {}).get("tables", ())) | _known_tables()
        for name in folders:
            _clean_folder(self.out / name, keep, remove_empty=name not in tables)
        (self.out / JOURNAL).unlink(missing_ok=True)
        return manifest


def _known_tables() -> set[str]:
    from .measures import available

    return {"articles", *available()}


def _clean_folder(folder: Path, keep: set, *, remove_empty: bool) -> None:
    """Delete part files (and leftover temporary files) in ``folder`` that the manifest does not list."""
    if not folder.is_dir():
        return
    for f in folder.iterdir():
        ours = f.suffix == ".parquet" or (f.name.startswith(".") and ".tmp-" in f.name)
        if f.is_file() and ours and f not in keep:
            f.unlink(missing_ok=True)
    if remove_empty and not any(folder.iterdir()):
        folder.rmdir()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------- reading a run
def _read_table(root: Path, manifest: dict, table: str) -> pd.DataFrame:
    frames = [_read_file(root / c["files"][table]) for c in manifest["chunks"] if table in c["files"]]
    return _concat(frames)


def _warn_unfinished(root: Path, manifest: dict) -> None:
    header, entries = _read_journal(root)
    if header is not None:
        warnings.warn(
            f"{root} also holds a run that has not finished (started {header.get('started')}, {len(entries)} chunk(s) "
            f"done); these are the results of the last finished run ({manifest.get('finished')}). Run nl.analyze again "
            "with the same arguments to finish it.", NewsLensWarning, stacklevel=3)


def read_results(path, measure: str | None = None):
    """Read results written by :func:`newslens.analyze`, decoding evidence columns back into lists.

    ``path`` is the output folder of a run (the ``out`` of :func:`~newslens.analyze`, e.g.
    ``results.parquet``), one table's folder inside it (``results/sentiment``), or any Parquet
    file or folder.  For the output folder, ``measure="stance"`` reads one table and
    ``measure=None`` returns a dict ``{name: DataFrame}`` with the articles and every measure
    of the run (as ``pandas.read_excel(sheet_name=None)`` does for sheets).  Only the files the
    run's manifest lists are read, so parts left by earlier runs never mix in.

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
    manifest = _read_manifest(path) if path.is_dir() else None
    if manifest is not None:
        _warn_unfinished(path, manifest)
        tables = manifest["tables"]
        if measure is None:
            return {t: _read_table(path, manifest, t) for t in tables}
        if measure not in tables:
            raise invalid_choice("measure", measure, tables)
        return _read_table(path, manifest, measure)
    if measure is not None:
        raise OptionError(f"{path} is not the output folder of a run (it has no {MANIFEST}); "
                         "pass the folder given as `out` to nl.analyze, or drop `measure`.")
    parent = _read_manifest(path.parent) if path.is_dir() else None
    if parent is not None and path.name in parent["tables"]:
        _warn_unfinished(path.parent, parent)
        return _read_table(path.parent, parent, path.name)
    if (path / "articles").is_dir() or (path / JOURNAL).is_file():
        raise SourceError(
            f"{path} holds no finished run (it has no {MANIFEST} of this newslens version): the run was interrupted "
            "or written by an older newslens. Run nl.analyze(..., out=...) into it again; an interrupted run resumes."
        )
    if path.is_file():
        return _read_file(path)
    return _decode_legacy(pd.read_parquet(path))  # a Parquet dataset written by other means
