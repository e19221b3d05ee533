"""What a source *is*, as a digest that changes whenever its content does (for resuming runs).

Files: the path as given, size, modification time and a BLAKE2 hash of the bytes of every
file (and the ``metadata.csv`` values that apply to it); for URLs the store's size and
checksum (ETag) instead of reading the object twice.  DataFrames and lists: a hash of every
value, the column names and dtypes.
"""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd

from ..errors import SourceError
from . import locations as loc
from .sources import parts_of

__all__ = ["source_digest"]

_BLOCK = 1 << 20


def _file_hash(path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with loc.open_binary(path) as f:
        for block in iter(lambda: f.read(_BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def _describe_file(part) -> dict:
    out = {"file": part.label, **loc.stat_identity(part.path), "meta": part.meta}
    if not isinstance(part.path, str):
        try:
            out["blake2b"] = _file_hash(part.path)
        except (SourceError, OSError) as e:  # a damaged file: the run reads it as an error row, with the rest
            out["unreadable"] = str(e)
    return out


def _jsonable(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (np.generic,)):
        return v.item()
    return repr(v)


def _frame_hash(df: pd.DataFrame) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([[str(c), str(t)] for c, t in df.dtypes.items()]).encode())
    for c in range(df.shape[1]):
        col = df.iloc[:, c]
        try:
            h.update(pd.util.hash_pandas_object(col, index=False).to_numpy().tobytes())
        except TypeError:  # cells holding lists or dicts
            h.update(json.dumps(col.tolist(), default=_jsonable, sort_keys=True).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def source_digest(source) -> dict:
    """A JSON-able description of ``source`` whose ``digest`` changes when any input changes.

    >>> a = source_digest(["First text.", "Second text."])
    >>> a == source_digest(["First text.", "Second text."]), a == source_digest(["First text.", "Other."])
    (True, False)
    """
    if isinstance(source, pd.Series):
        source = source.to_frame()
    if isinstance(source, pd.DataFrame):
        desc = {"kind": "DataFrame", "rows": len(source), "hash": _frame_hash(source)}
    else:
        parts, _, _ = parts_of(source)
        if parts and all(p.path is not None for p in parts):
            desc = {"kind": "files", "files": [_describe_file(p) for p in parts]}
        else:
            items = [source] if isinstance(source, dict) else list(source)
            data = json.dumps(items, default=_jsonable, sort_keys=True).encode("utf-8", "surrogatepass")
            desc = {"kind": "list", "rows": len(items), "hash": hashlib.blake2b(data, digest_size=16).hexdigest()}
    desc["digest"] = hashlib.blake2b(json.dumps(desc, sort_keys=True, default=str).encode(), digest_size=16).hexdigest()
    return desc
