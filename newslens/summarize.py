"""Group summaries of any measure with bootstrap intervals, and near-duplicate articles.

``summarize()`` turns a score table into estimates per outlet (and/or period): the mean,
a 95% cluster-bootstrap interval, the number of articles ``n`` and the effective number
``n_effective`` after counting each near-duplicate group (the same wire story republished)
once.  ``duplicates()`` finds those groups with MinHash + LSH over word shingles.
"""
from __future__ import annotations

import re
import unicodedata
import warnings

import numpy as np
import pandas as pd

from .errors import ColumnError, NewsLensWarning, OptionError, invalid_choice, missing_columns
from .schema import check_unique_columns, check_unique_keys, id_key

__all__ = ["summarize", "duplicates", "VALUE_COLUMNS", "GROUP_COLUMNS"]

#: value columns recognised automatically, in order of preference
VALUE_COLUMNS = ("sentiment", "stance", "score", "value", "share", "compound", "polarity")
#: label columns of long-format score tables that summaries are split by automatically
GROUP_COLUMNS = ("frame", "target")
_KEYS = ("article_id", "paragraph", "sentence")
_NOT_VALUES = frozenset({*_KEYS, "start", "end", "n_words", "group", "size"})

# ---------------------------------------------------------------- near-duplicates
_TOKEN = re.compile(r"[^\W_]+", re.U)
_MERSENNE = np.uint64((1 << 61) - 1)
_NUM_PERM = 128


def _doc_shingles(codes: np.ndarray, k: int, mult: np.ndarray) -> np.ndarray:
    """Unique 64-bit hashes of the word k-shingles of one document (word codes in order)."""
    if codes.size == 0:
        return np.empty(0, dtype=np.uint64)
    if codes.size < k:  # a text shorter than one shingle is one shingle
        k = codes.size
    n = codes.size - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * mult[0] + (codes[j: j + n] + mult[1])
    return np.unique(h)


def _bands_for(threshold: float, num_perm: int) -> tuple[int, int]:
    """Largest rows-per-band r (fewest candidates) whose chance to propose a pair at
    Jaccard == threshold is at least 0.99; bands b = num_perm // r."""
    best = (num_perm, 1)
    for r in range(1, num_perm + 1):
        b = num_perm // r
        if b < 1:
            break
        if 1 - (1 - threshold ** r) ** b >= 0.99:
            best = (b, r)
    return best


def _find(parent: np.ndarray, i: int) -> int:
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root


def _union(parent: np.ndarray, a: int, b: int) -> None:
    """Join the groups of ``a`` and ``b`` (the smaller root, i.e. the earlier article, stays the root)."""
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def _word_codes(texts: list[str]) -> list[np.ndarray]:
    """Per text, its folded words as integer codes (one code per distinct word of the corpus)."""
    token_lists = [_TOKEN.findall(_fold(t)) for t in texts]
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(texts))
    flat = [w for toks in token_lists for w in toks]
    codes = pd.factorize(pd.Series(flat, dtype=object))[0].astype(np.uint64) if flat else np.empty(0, np.uint64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    return [codes[offsets[i]: offsets[i + 1]] for i in range(len(texts))]


def _hash_params(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The seeded shingle multipliers and the ``_NUM_PERM`` MinHash functions' ``a`` and ``b``."""
    rng = np.random.default_rng(seed)
    mult = rng.integers(1, np.iinfo(np.int64).max, size=2, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    a = rng.integers(1, np.iinfo(np.int64).max, size=_NUM_PERM, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    b = rng.integers(0, np.iinfo(np.int64).max, size=_NUM_PERM, dtype=np.int64).astype(np.uint64)
    return mult, a, b


def _exact_copies(shingles: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """``(parent, docs)``: each exact copy of a text (a wire story carried by a thousand outlets)
    joined to its first copy, and the first copies, the only ones hashed: the copies would put a
    million pairs in every band.  Empty texts are their own group and never hashed."""
    parent = np.arange(len(shingles))
    first: dict[bytes, int] = {}
    for i, sh in enumerate(shingles):
        if sh.size and (j := first.setdefault(sh.tobytes(), i)) != i:
            parent[i] = j
    return parent, np.fromiter(first.values(), dtype=np.int64, count=len(first))


def _signatures(shingles: list[np.ndarray], docs: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash signatures ``(n, _NUM_PERM)`` of the texts ``docs`` with the hash functions ``a``, ``b``
    (the other texts' rows are unused)."""
    sig = np.full((len(shingles), _NUM_PERM), np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in docs.tolist():
            # multiply-shift hashing: (a*x + b) mod 2^64, top 32 bits
            sig[i] = ((shingles[i][:, None] * a[None, :] + b[None, :]) >> np.uint64(32)).min(axis=0)
    return sig


def _buckets(sig: np.ndarray, docs: np.ndarray, bands: int, rows: int):
    """The LSH buckets of two or more of ``docs`` (equal signature rows in one band), each as a sorted list."""
    with np.errstate(over="ignore"):
        for band in range(bands):
            block = sig[docs, band * rows: (band + 1) * rows]
            key = np.zeros(len(docs), dtype=np.uint64)
            for j in range(rows):
                key = key * np.uint64(0x9E3779B97F4A7C15) + block[:, j]
            order = np.argsort(key, kind="stable")
            sk = key[order]
            starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
            ends = np.r_[starts[1:], len(sk)]
            for s, e in zip(starts[(ends - starts) > 1], ends[(ends - starts) > 1]):
                yield np.sort(docs[order[s:e]]).tolist()


_FEW_COMPONENTS = 32
"""Up to this many components in a bucket so far, a new member is verified pair by pair against one
member of each until one matches; beyond it, against all earlier members at once (:class:`_Postings`)."""


class _Postings:
    """What the members of one bucket share: each shingle held by two or more of them, with the
    shingles held by exactly the same members counted as one weighted set (a site's boilerplate,
    shared by all its articles, is one set), so that the shingles a member shares with every other
    member are counted by visiting only the sets it belongs to."""

    def __init__(self, members: list[int], shingles: list):
        self.sizes = np.fromiter((shingles[x].size for x in members), dtype=np.int64, count=len(members))
        keys = np.concatenate([shingles[x] for x in members])
        order = np.argsort(keys, kind="stable")  # stable: a shingle's holders in member order
        keys, owner = keys[order], np.repeat(np.arange(len(members)), self.sizes)[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        ends = np.r_[starts[1:], keys.size]
        sets: dict[bytes, int] = {}
        self.holders: list[np.ndarray] = []
        weights: list[int] = []
        for a, b in zip(starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist()):
            held = owner[a:b]
            k = sets.setdefault(held.tobytes(), len(self.holders))
            if k == len(self.holders):
                self.holders.append(held)
                weights.append(0)
            weights[k] += 1
        self.weights = np.array(weights, dtype=np.int64)
        lengths = np.fromiter((h.size for h in self.holders), dtype=np.int64, count=len(self.holders))
        flat = np.concatenate(self.holders) if self.holders else np.empty(0, dtype=np.int64)
        by_member = np.argsort(flat, kind="stable")
        self._set_of = np.repeat(np.arange(len(self.holders)), lengths)[by_member]
        self._bounds = np.searchsorted(flat[by_member], np.arange(len(members) + 1))

    def shared(self, t: int) -> np.ndarray:
        """How many shingles member ``t`` shares with each member before it."""
        ids = self._set_of[self._bounds[t]:self._bounds[t + 1]].tolist()
        if not ids:
            return np.zeros(t, dtype=np.int64)
        held = np.concatenate([self.holders[k] for k in ids])
        weight = np.repeat(self.weights[ids], [self.holders[k].size for k in ids])
        before = held < t
        return np.bincount(held[before], weights=weight[before], minlength=t)[:t].astype(np.int64)


def _join_bucket(members: list[int], parent: np.ndarray, shingles: list, threshold: float, below: set, n: int) -> None:
    """Join the members of one LSH bucket whose shingle sets have Jaccard ≥ ``threshold``.

    While the bucket's members so far form few components, each member is verified against the
    members of every other component until one matches, so the groups are the connected components
    of the verified candidate pairs, as if every pair were verified, while a bucket of a thousand
    near-copies of one wire story costs about a thousand verifications instead of half a million
    pairs.  A bucket of many different texts (a site's long boilerplate shared by all its articles
    puts them in one bucket) has as many components as members; there each member's exact
    Jaccard with every earlier member is computed at once from the bucket's postings.
    """
    groups: dict[int, list[int]] = {}  # the bucket's positions so far, by component (keyed by its first position)
    comp = np.zeros(len(members), dtype=np.int64)  # the component of each position
    postings = None
    for t, x in enumerate(members):
        groups[t], comp[t] = [t], t
        if len(groups) - 1 <= _FEW_COMPONENTS:
            for c in [c for c in groups if c != t]:
                g = groups[c]
                if _find(parent, members[g[0]]) == _find(parent, x) or any(
                        _verify(x, members[p], parent, shingles, threshold, below, n) for p in g):
                    _merge(groups, comp, c, comp[t])
            continue
        if postings is None:
            postings = _Postings(members, shingles)
        shared = postings.shared(t)
        for p in np.flatnonzero(shared / (postings.sizes[:t] + postings.sizes[t] - shared) >= threshold).tolist():
            if comp[p] != comp[t]:
                _union(parent, x, members[p])
                _merge(groups, comp, comp[p], comp[t])


def _merge(groups: dict, comp: np.ndarray, a: int, b: int) -> None:
    """Merge the bucket's components ``a`` and ``b`` (into the one whose first position is smaller)."""
    a, b = min(a, b), max(a, b)
    moved = groups.pop(b)
    groups[a].extend(moved)
    comp[moved] = a


def _verify(i: int, j: int, parent: np.ndarray, shingles: list, threshold: float, below: set, n: int) -> bool:
    """Whether articles ``i`` and ``j`` are near-duplicates (exact Jaccard); if so, their components are joined."""
    code = min(i, j) * n + max(i, j)
    if code in below:
        return False
    si, sj = shingles[i], shingles[j]
    inter = np.intersect1d(si, sj, assume_unique=True).size
    if inter / (si.size + sj.size - inter) < threshold:
        below.add(code)
        return False
    _union(parent, i, j)
    return True


def duplicates(articles, *, threshold: float = 0.5, k: int = 5, seed: int = 0) -> pd.DataFrame:
    """Group near-duplicate articles (the same story republished with other debris).

    Two articles are near-duplicates when the Jaccard similarity of their sets of word
    ``k``-shingles (sequences of ``k`` consecutive words after folding case, accents, quotes
    and punctuation) is at least ``threshold``; groups are the connected components of that
    relation.  Candidate pairs come from MinHash signatures (128 hash functions) and
    locality-sensitive hashing with bands chosen so that a pair at exactly ``threshold`` is
    proposed with probability ≥ 0.99; every candidate pair is then verified with the exact
    Jaccard of its shingle sets, so no pair below ``threshold`` is joined.  The cost grows
    with the number of articles, not with its square, so 100,000 articles are feasible: exact
    copies of a text (one wire story carried by many outlets) are hashed once, and an article is
    verified against the members of each story it shares a band with only until one matches, not
    against every copy (4,000 edited copies of one story: under a second); different articles that
    share a long footer, and so many bands, are verified together through the shingles they share
    (4,000 articles of one site whose footer is a third of each: about two seconds, where each pair
    verified alone took two minutes).

    Parameters
    ----------
    articles : DataFrame or list of str
        A table with ``text`` (``article_id`` used when present) or a list of strings.
    threshold : float, default 0.5
        Jaccard similarity of shingle sets from which two articles count as one story.
        0.5 keeps a wire story with a changed lede, captions or bylines together, while two
        different stories on one event share far fewer 5-word sequences.
    k : int, default 5
        Words per shingle.
    seed : int, default 0
        Seed of the MinHash functions (results are deterministic for a given seed).

    Returns
    -------
    DataFrame
        ``article_id, group, size``: one row per article, in input order; articles with the
        same ``group`` (an integer, numbered by first appearance) are near-duplicates;
        ``size`` is the number of articles in the group. Empty texts are their own group.

    Examples
    --------
    >>> import newslens as nl
    >>> story = "The city council voted on Tuesday to close the old bridge for repairs next spring."
    >>> out = nl.duplicates([story, story + " Photo: AP", "A storm hit the coast overnight."])
    >>> out["group"].tolist()
    [0, 0, 1]
    """
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise OptionError(f"`threshold` must be a number in (0, 1]; got {threshold!r}. Use e.g. threshold=0.5.")
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise OptionError(f"`k` must be a positive integer (words per shingle); got {k!r}. Use e.g. k=5.")
    ids, texts = _ids_and_texts(articles)
    n = len(texts)
    mult, a, b = _hash_params(seed)
    shingles = [_doc_shingles(codes, k, mult) for codes in _word_codes(texts)]
    parent, docs = _exact_copies(shingles)
    sig = _signatures(shingles, docs, a, b)
    bands, rows = _bands_for(float(threshold), _NUM_PERM)
    below: set[int] = set()  # candidate pairs verified below the threshold, never verified twice
    for members in _buckets(sig, docs, bands, rows):
        _join_bucket(members, parent, shingles, float(threshold), below, n)
    roots = np.array([_find(parent, i) for i in range(n)], dtype=np.int64)
    group = pd.factorize(roots)[0] if n else np.empty(0, dtype=np.int64)
    size = np.bincount(group)[group] if n else np.empty(0, dtype=np.int64)
    out = pd.DataFrame({"article_id": ids, "group": group.astype("int64"), "size": size.astype("int64")})
    out.attrs["newslens"] = {
        "measure": "duplicates", "method": "MinHash-LSH candidates, exact Jaccard of word shingles",
        "threshold": float(threshold), "k": int(k), "num_perm": _NUM_PERM, "bands": bands, "rows": rows,
        "seed": seed,
    }
    return out


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _ids_and_texts(articles) -> tuple[list, list[str]]:
    if isinstance(articles, str):
        articles = [articles]
    if isinstance(articles, pd.Series):
        articles = articles.tolist()
    if isinstance(articles, (list, tuple)):
        return [str(i) for i in range(len(articles))], [t if isinstance(t, str) else "" for t in articles]
    if not isinstance(articles, pd.DataFrame):
        raise ColumnError(
            f"`articles` must be a DataFrame with a `text` column or a list of strings; got {type(articles).__name__}. "
            "Pass the output of nl.load()."
        )
    if "text" not in articles.columns:
        raise missing_columns("articles", ["text"], articles.columns, fix="Pass the output of nl.load(), or a DataFrame with `article_id` and `text`.")
    ids = articles["article_id"].tolist() if "article_id" in articles.columns else [str(i) for i in range(len(articles))]
    return ids, [t if isinstance(t, str) else "" for t in articles["text"]]


# ---------------------------------------------------------------- summaries
def _joined(scores: pd.DataFrame, articles, *, val: str, by_cols: list, within_cols: list, freq) -> pd.DataFrame:
    """The rows to summarise: ``article_id`` (as :func:`~newslens.schema.id_key`), ``_v``, the group columns.

    Each ``by`` column (and ``published`` for ``freq``) is taken from the scores table when it
    has it (scores already merged with their metadata), else joined from ``articles`` on the
    ids, compared by :func:`~newslens.schema.id_key` (so ``1.0`` finds article ``1``).
    """
    s = pd.DataFrame({"article_id": id_key(scores["article_id"]).to_numpy()}, index=scores.index)
    for c in within_cols:
        if c != val:
            s[c] = scores[c].to_numpy()
    s["_v"] = scores[val].to_numpy()
    wanted = [*by_cols, *(["published"] if freq else [])]
    own = [c for c in wanted if c in scores.columns]
    need = [c for c in wanted if c not in scores.columns]
    for c in own:
        s[c] = scores[c].to_numpy()
    if not need:
        return s.reset_index(drop=True)
    have = [] if articles is None else list(articles.columns)
    miss = [c for c in need if c not in have]
    if miss:
        param = "freq" if miss == ["published"] else "by"
        where = ("no articles table was passed" if articles is None
                 else f"the articles table has {', '.join(map(repr, have))}")
        raise ColumnError(
            f"`{param}` needs column(s) {', '.join(map(repr, miss))}, which the scores table does not have "
            f"(it has {', '.join(map(repr, scores.columns))}) and {where}. Pass the articles from nl.load() as the "
            "second argument, merge the column into the scores first, or change `by`/`freq` "
            "(by=None summarises the whole corpus)."
        )
    check_unique_columns(articles, table="articles")
    check_unique_keys(articles, ["article_id"], table="articles", fix=(
        "summarize() joins one article to each id: make the ids unique (nl.load(df) suffixes repeats) "
        "or drop the repeats (articles.drop_duplicates('article_id'))."))
    meta = pd.DataFrame({"article_id": id_key(articles["article_id"]).to_numpy()})
    for c in need:
        meta[c] = articles[c].to_numpy()
    lost = sorted(set(s["article_id"].dropna()) - set(meta["article_id"]))
    if lost:
        warnings.warn(
            f"{len(lost)} article_id value(s) of the scores are not in the articles table "
            f"({', '.join(map(repr, lost[:5]))}{', …' if len(lost) > 5 else ''}); their "
            f"{', '.join(map(repr, need))} are unknown, so they form a group of missing values. Pass the articles "
            "the scores were computed from.",
            NewsLensWarning, stacklevel=3,
        )
    return s.reset_index(drop=True).merge(meta, on="article_id", how="left", validate="many_to_one")


def _value_column(scores: pd.DataFrame, value: str | None) -> str:
    if value is not None:
        if value not in scores.columns:
            raise missing_columns("scores", [value], scores.columns, fix="Pass `value=` the name of a column of the scores table.")
        return value
    for col in VALUE_COLUMNS:
        if col in scores.columns:
            return col
    if "label" in scores.columns:
        return "label"
    numeric = [c for c in scores.columns if c not in _NOT_VALUES and pd.api.types.is_numeric_dtype(scores[c]) and not pd.api.types.is_bool_dtype(scores[c])]
    if len(numeric) == 1:
        return numeric[0]
    raise ColumnError(
        f"Cannot tell which column of the scores table to summarise: none of {', '.join(map(repr, VALUE_COLUMNS))} "
        f"or 'label' is present (columns: {', '.join(map(repr, scores.columns))}). Pass `value=` the column name."
    )


def _bootstrap(values: np.ndarray, *, n_boot: int, rng: np.random.Generator, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of the mean of ``values`` (each value one cluster)."""
    m = values.size
    if m < 2:
        return float("nan"), float("nan")
    means = np.empty(n_boot)
    chunk = max(1, min(n_boot, 4_000_000 // m))
    for s in range(0, n_boot, chunk):
        e = min(n_boot, s + chunk)
        idx = rng.integers(0, m, size=(e - s, m))
        means[s:e] = values[idx].mean(axis=1)
    alpha = (1 - level) / 2
    lo, hi = np.quantile(means, [alpha, 1 - alpha])
    return float(lo), float(hi)


def summarize(
    scores: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    *,
    by: str | list[str] | None = ("outlet",),
    freq: str | None = None,
    value: str | None = None,
    within: str | list[str] | None = "auto",
    dedupe: bool = True,
    threshold: float = 0.5,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean, 95% bootstrap interval, n and effective n of a measure per group (and period).

    The unit of resampling is the article (a cluster bootstrap): unit scores (sentences,
    paragraphs, mentions) are first averaged per article, then near-duplicate articles
    (:func:`duplicates`, the same wire story republished) are averaged into one value per
    duplicate group, and those values are resampled ``n_boot`` times; the interval is the
    2.5th–97.5th percentile of the resampled means.  ``mean`` is the mean of the same
    de-duplicated values that the interval is computed from.

    Parameters
    ----------
    scores : DataFrame
        A score table with ``article_id`` (any measure's output).
    articles : DataFrame, optional
        The articles the scores came from (``nl.load()`` output), joined on ``article_id``
        (ids are compared as text, whole numbers without a decimal point: ``1.0`` finds
        article ``1``; see :func:`newslens.schema.id_key`): it supplies the ``by`` columns the
        scores lack, ``published`` for ``freq`` and ``text`` for de-duplication. None: only the
        scores table is used (no de-duplication).
    by : str or list of str or None, default ["outlet"]
        Columns to group by, each taken from ``scores`` when it has it (scores already merged
        with their metadata), else from ``articles``. None: the whole corpus.
    freq : str, optional
        A pandas period alias ("D", "W", "M", "Q", "Y"): adds a ``period`` column (the start
        of each period, from ``published`` of the scores or else of the articles); articles
        without a date are left out and counted in ``attrs['newslens']['undated']``.
    value : str, optional
        The column to summarise. Default: the first of ``sentiment, stance, score, value, …``
        present; else ``label``. A non-numeric value column (``label`` of ``nl.sourcing``,
        ``present`` …) is summarised as the share of units with each label (a ``label``
        column is added, one row per label).
    within : "auto" or list of str or None, default "auto"
        Label columns of long-format tables to split by as well: "auto" uses those of
        ``frame`` (``nl.frames``) and ``target`` (``nl.stance``) present. None: no split.
    dedupe : bool, default True
        Count near-duplicate articles once (needs ``articles.text``); False: n_effective == n.
    threshold : float, default 0.5
        Jaccard threshold of :func:`duplicates`.
    n_boot : int, default 2000
        Bootstrap resamples.
    seed : int, default 0
        Seed of the resampling (results are reproducible).

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns, ``period`` (with ``freq``), the ``within``
        columns, ``label`` (categorical values), then ``mean, ci_low, ci_high, n`` (articles),
        ``n_effective`` (duplicate groups), ``n_units`` (score rows). The interval is NaN
        when fewer than two independent articles are in a group.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...                      "text": ["One story.", "Another story.", "A third."]})
    >>> scores = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "sentiment": [0.5, 0.1, -0.2, 0.4]})
    >>> nl.summarize(scores, arts)[["outlet", "mean", "n"]].round(3).values.tolist()
    [['X', 0.05, 2], ['Y', 0.4, 1]]
    """
    if not isinstance(scores, pd.DataFrame):
        raise ColumnError(f"`scores` must be a DataFrame (a measure's output); got {type(scores).__name__}.")
    check_unique_columns(scores, table="scores")
    if "article_id" not in scores.columns:
        raise missing_columns("scores", ["article_id"], scores.columns, fix="Pass a measure's output, which keeps `article_id` to join with the articles.")
    if articles is not None and not isinstance(articles, pd.DataFrame):
        raise ColumnError(f"`articles` must be a DataFrame (nl.load() output) or None; got {type(articles).__name__}.")
    if articles is not None and "article_id" not in articles.columns:
        raise missing_columns("articles", ["article_id"], articles.columns, fix="Pass the output of nl.load(), which has `article_id`.")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise OptionError(f"`n_boot` must be a positive integer; got {n_boot!r}. Use e.g. n_boot=2000.")
    by_cols = [] if by is None else ([by] if isinstance(by, str) else list(by))
    val = _value_column(scores, value)
    if within == "auto":
        within_cols = [c for c in GROUP_COLUMNS if c in scores.columns and c != val]
    elif within is None:
        within_cols = []
    else:
        within_cols = [within] if isinstance(within, str) else list(within)
        miss = [c for c in within_cols if c not in scores.columns]
        if miss:
            raise missing_columns("scores", miss, scores.columns, fix="Pass `within=` columns of the scores table, or within=None.")

    s = _joined(scores, articles, val=val, by_cols=by_cols, within_cols=within_cols, freq=freq)
    undated = 0
    group_cols = list(by_cols)
    if freq:
        pub = pd.to_datetime(s["published"], errors="coerce", utc=True)
        try:
            period = pub.dt.tz_convert(None).dt.to_period(freq).dt.start_time
        except (ValueError, TypeError) as exc:
            raise invalid_choice("freq", freq, ["D", "W", "M", "Q", "Y"], fix=f"(or any pandas period alias; pandas said: {exc})") from None
        s["period"] = period
        undated = int(s.loc[period.isna(), "article_id"].nunique())
        s = s[period.notna()]
        group_cols.append("period")
    group_cols += within_cols

    # categorical values become shares: one indicator per label
    label_col: list[str] = []
    if not pd.api.types.is_numeric_dtype(s["_v"]) or pd.api.types.is_bool_dtype(s["_v"]):
        if pd.api.types.is_bool_dtype(s["_v"]):
            s["_v"] = s["_v"].astype(float)
        else:
            raw = s["_v"].astype(object)
            decided = raw.notna()
            labels = sorted(str(x) for x in pd.unique(raw[decided]))
            parts = []
            for lab in labels:
                part = s.copy()
                part["label"] = lab
                part["_v"] = (raw == lab).astype(float).where(decided)
                parts.append(part)
            s = pd.concat(parts, ignore_index=True) if parts else s.assign(label=pd.Series(dtype=object))
            label_col = ["label"]
            group_cols.append("label")
    s = s[s["_v"].notna()].copy()
    s["_v"] = s["_v"].astype(float)

    # duplicate groups of articles
    if dedupe and articles is not None and "text" in articles.columns:
        used = articles[id_key(articles["article_id"]).isin(set(s["article_id"])).to_numpy()]
        dup = duplicates(used, threshold=threshold)
        dmap = dict(zip(id_key(dup["article_id"]), dup["group"]))
        s["_dup"] = s["article_id"].map(dmap)
        s["_dup"] = s["_dup"].fillna(-1 - pd.Series(pd.factorize(s["article_id"])[0], index=s.index)).astype("int64")
    else:
        s["_dup"] = pd.factorize(s["article_id"])[0]

    rng = np.random.default_rng(seed)
    keys = group_cols if group_cols else ["_all"]
    if not group_cols:
        s["_all"] = 0
    # unit scores -> article means -> duplicate-group means
    art = s.groupby([*keys, "article_id"], sort=True, dropna=False).agg(v=("_v", "mean"), _dup=("_dup", "first"), n_units=("_v", "size")).reset_index()
    # groups by number: a missing value (an article without an outlet) is a group, and NaN keys do not look up
    art["_g"] = art.groupby(keys, sort=True, dropna=False).ngroup()
    dd_groups = dict(iter(art.groupby(["_g", "_dup"], sort=True)["v"].mean().reset_index().groupby("_g")))
    rows = []
    for gkey, g in art.groupby(keys, sort=True, dropna=False):
        vals = dd_groups[g["_g"].iat[0]]["v"].to_numpy(dtype=float)
        lo, hi = _bootstrap(vals, n_boot=int(n_boot), rng=rng)
        gkey = gkey if isinstance(gkey, tuple) else (gkey,)
        row = dict(zip(keys, gkey))
        row.update(mean=float(vals.mean()), ci_low=lo, ci_high=hi, n=int(g["article_id"].nunique()),
                   n_effective=int(vals.size), n_units=int(g["n_units"].sum()))
        rows.append(row)
    cols = [*group_cols, "mean", "ci_low", "ci_high", "n", "n_effective", "n_units"]
    out = pd.DataFrame(rows, columns=[*keys, "mean", "ci_low", "ci_high", "n", "n_effective", "n_units"])
    out = out[cols].reset_index(drop=True)
    src = dict(scores.attrs.get("newslens", {})) if isinstance(scores.attrs.get("newslens"), dict) else {}
    out.attrs["newslens"] = {
        "measure": "summarize", "of": src.get("measure"), "source": src, "value": val,
        "by": by_cols, "freq": freq, "within": within_cols, "label": bool(label_col),
        "interval": "95% percentile cluster bootstrap over articles (near-duplicates merged)",
        "n_boot": int(n_boot), "seed": seed, "dedupe": bool(dedupe and articles is not None and "text" in articles.columns),
        "threshold": threshold, "undated": undated,
    }
    return out
