"""How far the numbers can be trusted: samples for human coding, agreement, measurement cards.

* :func:`sample` draws a stratified sample of units (articles, paragraphs or sentences) to code.
* :func:`agreement` computes Krippendorff's α between human coders, and between each coder and
  the tool, with bootstrap intervals.
* :func:`confusion` cross-tabulates two coders (or a coder and the tool).
* :func:`card` shows what a measure is, what its evidence means, its benchmark scores (as
  written by ``python -m benchmarks``), its known failure modes and the licences of its resources.
"""
from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .errors import ColumnError, OptionError, invalid_choice, missing_columns
from .schema import check_unique_columns, id_key

__all__ = ["sample", "unit_ids", "agreement", "confusion", "card", "Card", "ORDERED_LABELS"]

ORDERED_LABELS = {
    "negative": -1, "neutral": 0, "positive": 1,
    "commentary": None, "reported": None, "attributed": None,  # nominal: listed so they are recognised
}
_ORDINAL_SETS = ({"negative", "neutral", "positive"}, {"negative", "positive"}, {"negative", "neutral"}, {"neutral", "positive"})
_LEVELS = ("nominal", "ordinal", "interval", "ratio")


# ---------------------------------------------------------------- sampling
def unit_ids(units: pd.DataFrame) -> pd.Series:
    """A string id per row built from its keys: ``a1``, ``a1:3`` (paragraph) or ``a1:3:7`` (sentence)."""
    keys = [k for k in ("article_id", "paragraph", "sentence") if k in units.columns]
    if not keys:
        return pd.Series([str(i) for i in range(len(units))], index=units.index, name="unit")
    out = id_key(units[keys[0]]).astype(str)
    for k in keys[1:]:
        out = out + ":" + id_key(units[k]).astype(str)
    return out.rename("unit")


def sample(units: pd.DataFrame, n: int, *, by: list[str] | str | None = None, seed: int = 0,
           allocation: str = "proportional") -> pd.DataFrame:
    """A stratified random sample of ``n`` units for human coding.

    Parameters
    ----------
    units : DataFrame
        Articles, paragraphs, sentences or any measure table. A ``unit`` column is added
        (from the keys) when missing, so codes join back to the units.
    n : int
        Sample size (capped at the number of units).
    by : str or list of str, optional
        Strata, e.g. ``["outlet"]``. Every stratum gets at least one unit while ``n`` allows.
    seed : int
        Random seed; the same seed gives the same sample.
    allocation : {"proportional", "equal"}
        Units per stratum proportional to its size, or equal across strata.

    Examples
    --------
    >>> import newslens as nl
    >>> arts = nl.load_example()
    >>> s = nl.sample(arts, 8, by="outlet", seed=1)
    >>> len(s), s["outlet"].nunique() == arts["outlet"].nunique()
    (8, True)
    """
    if allocation not in ("proportional", "equal"):
        raise invalid_choice("allocation", allocation, ["proportional", "equal"])
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise OptionError(f"`n` must be a positive whole number; got {n!r}.")
    df = units.copy()
    if "unit" not in df.columns:
        df.insert(0, "unit", unit_ids(df))
    n = min(int(n), len(df))
    rng = np.random.default_rng(seed)
    if not by:
        return df.iloc[np.sort(rng.choice(len(df), size=n, replace=False))].reset_index(drop=True)
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by if c not in df.columns]
    if missing:
        raise missing_columns("units", missing, df.columns, fix="Join the article metadata first (e.g. units.merge(articles[['article_id', 'outlet']]))")
    groups = {k: g.index.to_numpy() for k, g in df.reset_index(drop=True).groupby(by, sort=True, dropna=False)}
    sizes = pd.Series({k: len(v) for k, v in groups.items()})
    quota = _allocate(sizes, n, allocation)
    picked = []
    for k, idx in groups.items():
        take = int(quota[k])
        if take:
            picked.extend(rng.choice(idx, size=take, replace=False))
    return df.iloc[np.sort(picked)].reset_index(drop=True)


def _allocate(sizes: pd.Series, n: int, allocation: str) -> pd.Series:
    """Largest-remainder allocation with at least one per stratum while n allows."""
    k = len(sizes)
    base = pd.Series(1 if n >= k else 0, index=sizes.index)
    if n < k:  # fewer units than strata: the largest strata get one each
        base[sizes.sort_values(ascending=False).index[:n]] = 1
        return base
    rest = n - k
    weights = sizes - 1 if allocation == "proportional" else (sizes > 1).astype(float)
    room = sizes - 1
    quota = base.copy()
    while rest > 0 and room.sum() > 0:
        w = weights.where(room > 0, 0).astype(float)
        if w.sum() == 0:
            w = (room > 0).astype(float)
        share = w / w.sum() * rest
        add = np.minimum(np.floor(share).astype(int), room)
        if add.sum() == 0:  # hand out the remainders one by one
            order = (share - np.floor(share)).sort_values(ascending=False).index
            for key in order:
                if rest and room[key] > 0:
                    add[key] = 1
                    rest -= 1
            quota += add
            room -= add
            continue
        quota += add
        room -= add
        rest -= int(add.sum())
    return quota


# ---------------------------------------------------------------- agreement
def _choose_level(values: pd.Series) -> str:
    vals = values.dropna()
    if vals.empty:
        return "nominal"
    if vals.map(lambda v: isinstance(v, str)).all():
        return "ordinal" if set(vals) and any(set(vals) <= s for s in _ORDINAL_SETS) and len(set(vals)) > 1 else "nominal"
    if vals.map(lambda v: isinstance(v, (bool, np.bool_))).all():
        return "nominal"
    num = pd.to_numeric(vals, errors="coerce")
    if num.isna().any():
        return "nominal"
    if (num == num.round()).all() and num.nunique() <= 7:
        return "ordinal"
    return "interval"


def _encoder(values: pd.Series):
    """A function turning codes into numbers for krippendorff (ordered labels keep their order)."""
    vals = values.dropna()
    if len(vals) and vals.map(lambda v: isinstance(v, str)).all():
        labels = sorted(set(vals), key=lambda v: (ORDERED_LABELS.get(v) if ORDERED_LABELS.get(v) is not None else 99, v))
        mapping = {lab: float(i) for i, lab in enumerate(labels)}
        return lambda v: mapping.get(v, np.nan)
    return lambda v: np.nan if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def _alpha(matrix: np.ndarray, level: str) -> float:
    import krippendorff

    pairable = (np.sum(~np.isnan(matrix), axis=0) >= 2).sum()
    if pairable < 1 or len(np.unique(matrix[~np.isnan(matrix)])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


def _alpha_with_ci(wide: pd.DataFrame, level: str, n_boot: int, rng) -> tuple[float, float, float]:
    matrix = wide.to_numpy(dtype=float).T  # coders x units
    a = _alpha(matrix, level)
    if n_boot <= 0 or matrix.shape[1] < 2 or np.isnan(a):
        return a, float("nan"), float("nan")
    boots = []
    for _ in range(n_boot):
        cols = rng.integers(0, matrix.shape[1], matrix.shape[1])
        b = _alpha(matrix[:, cols], level)
        if not np.isnan(b):
            boots.append(b)
    if not boots:
        return a, float("nan"), float("nan")
    lo, hi = np.percentile(boots, [2.5, 97.5])
    return a, float(lo), float(hi)


def _is_label(values: pd.Series) -> bool:
    vals = values.dropna()
    return len(vals) > 0 and vals.map(lambda v: isinstance(v, str)).all()


def _mapped(s: pd.Series, mapping: dict) -> pd.Series:
    """The tool's codes translated by the declared ``mapping`` (every value must be in it)."""
    if not isinstance(mapping, dict) or not mapping:
        raise OptionError(f"`mapping` must be a non-empty dict from the tool's codes to the human codes; got {mapping!r}.")
    unknown = [v for v in pd.unique(s.dropna()) if v not in mapping]
    if unknown:
        raise OptionError(
            f"`mapping` has no entry for the tool's code(s) {', '.join(map(repr, unknown[:5]))} "
            f"(it maps {', '.join(map(repr, mapping))}). Add them, e.g. mapping={{**mapping, {unknown[0]!r}: ...}}."
        )
    return s.map(lambda v: np.nan if pd.isna(v) else mapping[v])


def _mismatch_error(col: str, tool: pd.Series, human: pd.Series) -> ColumnError:
    """The error for numeric human codes against the tool's labels: says exactly what to pass."""
    labels = sorted(map(str, pd.unique(tool.dropna())), key=lambda v: (ORDERED_LABELS.get(v) if ORDERED_LABELS.get(v) is not None else 99, v))
    codes = sorted(pd.unique(human.dropna()).tolist())
    if codes and set(labels) <= {"negative", "neutral", "positive"} and set(codes) <= {-1, 0, 1}:
        example = "{" + ", ".join(f"{lab!r}: {ORDERED_LABELS[lab]}" for lab in labels) + "}"
    else:
        example = "{" + ", ".join(f"{lab!r}: <code>" for lab in labels[:4]) + "}"
    return ColumnError(
        f"The human codes are numbers ({', '.join(map(str, codes[:6]))}) but the tool's `{col}` holds labels "
        f"({', '.join(map(repr, labels[:6]))}), and newslens will not guess how one maps to the other. Declare it: "
        f"nl.agreement(codes, scores, mapping={example})."
    )


def _tool_codes(scores, like: pd.Series, mapping: dict | None = None) -> pd.Series:
    """Turn ``scores`` into one code per unit on the scale of the human codes."""
    if isinstance(scores, pd.Series):
        s = scores.copy()
        s.index = s.index.astype(str)
    elif isinstance(scores, pd.DataFrame):
        df = scores if "unit" in scores.columns else scores.assign(unit=unit_ids(scores))
        col = next((c for c in ("code", "label", "present", "sentiment", "stance", "score") if c in df.columns), None)
        if col is None:
            raise missing_columns("scores", ["code", "label", "present", "sentiment", "stance", "score"], df.columns,
                                  fix="Pass the measure's output, or a table with `unit` and `code`.")
        s = df.set_index(df["unit"].astype(str))[col]
    else:
        raise ColumnError("`scores` must be a DataFrame (unit + code, or a measure table) or a Series indexed by unit.")
    col = s.name if isinstance(s.name, str) else "code"
    if mapping is not None:
        s = _mapped(s, mapping)
    elif _is_label(s) and len(like.dropna()) and not _is_label(like):
        raise _mismatch_error(col, s, like)
    human_is_label = like.dropna().map(lambda v: isinstance(v, str)).all()
    if human_is_label and pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        s = s.map(lambda v: np.nan if pd.isna(v) else ("positive" if v >= 0.05 else "negative" if v <= -0.05 else "neutral"))
    return s[~s.index.duplicated()]


def _wide_codes(codes: pd.DataFrame, scores, mapping: dict | None = None) -> tuple[pd.DataFrame, list]:
    """One row per unit, one column per coder (and ``tool`` with ``scores``); the coders."""
    wide = codes.assign(unit=codes["unit"].astype(str)).pivot_table(index="unit", columns="coder", values="code", aggfunc="first")
    coders = list(wide.columns)
    if scores is not None:
        if "tool" in coders:
            raise ColumnError(
                "A coder in `codes` is named 'tool', the name agreement() gives the measure's codes, so one would "
                "overwrite the other. Rename the coder, e.g. "
                "codes.assign(coder=codes['coder'].replace({'tool': 'tool (human)'}))."
            )
        wide["tool"] = _tool_codes(scores, codes["code"], mapping).reindex(wide.index)
    elif mapping is not None:
        raise OptionError("`mapping` translates the tool's codes, so it needs `scores`; pass scores=<the measure's output>.")
    return wide, coders


def agreement(codes: pd.DataFrame, scores=None, *, mapping: dict | None = None, level_of_measurement: str | None = None,
              per_coder: bool = True, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Krippendorff's α among human coders, and between each coder and the tool.

    Parameters
    ----------
    codes : DataFrame
        Long format ``unit, coder, code`` (as written by :func:`newslens.code`). Missing codes
        (a coder who skipped a unit) are allowed.
    scores : DataFrame or Series, optional
        The tool's codes: a measure table (``label``/``present``/``sentiment`` column; ``unit``
        or key columns), a ``unit, code`` table, or a Series indexed by unit. Numeric sentiment
        or stance is cut at ±0.05 when the human codes are labels.
    mapping : dict, optional
        How the tool's codes translate into the human codes, e.g.
        ``{"negative": -1, "neutral": 0, "positive": 1}`` when people coded −1/0/1 and the
        measure gives labels.  Numeric human codes against labels without a mapping are an
        error that says what to pass (newslens does not guess a scale).
    level_of_measurement : {"nominal", "ordinal", "interval", "ratio"}, optional
        Chosen from the codes when omitted: negative/neutral/positive → ordinal, other labels
        → nominal, few whole numbers → ordinal, other numbers → interval.
    per_coder : bool
        With ``scores``: add one ``<coder> vs tool`` row per coder (turn off for many coders).
    n_boot : int
        Bootstrap resamples of units for the 95% interval (0 to skip).

    Returns
    -------
    DataFrame
        One row per comparison — row 0 is all human coders together, then ``<coder> vs tool``
        for each coder, then ``all coders + tool`` — with ``comparison, coders, n_units,
        level, alpha, ci_low, ci_high``.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> codes = pd.DataFrame({"unit": ["u1", "u2", "u3", "u1", "u2", "u3"],
    ...                       "coder": ["ana"] * 3 + ["ben"] * 3,
    ...                       "code": ["positive", "negative", "neutral", "positive", "negative", "negative"]})
    >>> float(round(nl.agreement(codes, n_boot=0)["alpha"][0], 3))
    0.778
    """
    need = {"unit", "coder", "code"}
    if isinstance(codes, pd.DataFrame):
        check_unique_columns(codes, table="codes")
    if not isinstance(codes, pd.DataFrame) or not need <= set(codes.columns):
        have = list(codes.columns) if isinstance(codes, pd.DataFrame) else []
        raise missing_columns("codes", sorted(need - set(have)), have, fix="Pass the long table written by nl.code(): one row per unit × coder.")
    level = level_of_measurement or _choose_level(codes["code"])
    if level not in _LEVELS:
        raise invalid_choice("level_of_measurement", level, _LEVELS)
    wide, coders = _wide_codes(codes, scores, mapping)
    encode = _encoder(pd.concat([codes["code"], wide["tool"]]) if scores is not None else codes["code"])
    wide_num = wide.astype(object).map(encode).astype(float)
    rng = np.random.default_rng(seed)
    rows = []

    def add(name, cols):
        sub = wide_num[cols].dropna(how="all")
        sub = sub[sub.notna().sum(axis=1) >= 2]
        a, lo, hi = _alpha_with_ci(sub, level, n_boot, rng)
        rows.append({"comparison": name, "coders": ", ".join(map(str, cols)), "n_units": len(sub), "level": level,
                     "alpha": a, "ci_low": lo, "ci_high": hi})

    add("all coders", coders)
    if scores is not None:
        for c in coders if per_coder else ():
            add(f"{c} vs tool", [c, "tool"])
        add("all coders + tool", [*coders, "tool"])
    return pd.DataFrame(rows)


def confusion(codes: pd.DataFrame, a: str, b: str, scores=None, *, mapping: dict | None = None) -> pd.DataFrame:
    """Cross-tabulate the codes of coder ``a`` (rows) against coder ``b`` or ``"tool"`` (columns).

    ``mapping`` translates the tool's codes as in :func:`agreement`.
    """
    wide, _ = _wide_codes(codes, scores, mapping)
    for who in (a, b):
        if who not in wide.columns:
            raise invalid_choice("coder", who, list(wide.columns))
    pair = wide[[a, b]].dropna()
    return pd.crosstab(pair[a], pair[b], rownames=[a], colnames=[b])


# ---------------------------------------------------------------- cards
@lru_cache(maxsize=1)
def _card_texts() -> dict:
    import yaml

    return yaml.safe_load(resources.files("newslens.data").joinpath("cards.yaml").read_text("utf-8"))


def _resources(info: dict) -> list[dict]:
    """The card's resources; one that names its shipped ``files`` gets its licence from what those
    files record (``_meta.licence`` or ``licence``), so the card cannot drift from the model it ships."""
    from .files import read_lexicon_json

    out = []
    for r in info.get("resources", []):
        if "files" in r:
            recorded = []
            for name in r["files"]:
                m = read_lexicon_json(name)
                lic = (m.get("_meta") or {}).get("licence") or m.get("licence")
                if not lic:
                    raise ValueError(f"{name} records no licence; add one to the file (its training script writes it).")
                recorded.append(lic)
            r = {**{k: v for k, v in r.items() if k != "files"}, "licence": "; ".join(dict.fromkeys(recorded))}
        out.append(r)
    return out


def _benchmarks() -> dict:
    path = resources.files("newslens.data").joinpath("benchmarks.json")
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}


_NOT_RECORDED = "not recorded"
_ROW_COLUMNS = ("task", "dataset", "split", "n", "metric", "method", "newslens", "held_out", "tuned_on")


def _card_rows(tasks: list[str], bench: dict) -> pd.DataFrame:
    """One row per benchmark row of ``tasks``: method, split, n, held out, tuned on, baselines."""
    rows = []
    for task in tasks:
        for r in bench.get(task, {}).get("rows", []):
            row = {"task": task, **{k: r.get(k, _NOT_RECORDED) for k in _ROW_COLUMNS[1:]}}
            row.update({f"baseline: {k}": v for k, v in r.get("baselines", {}).items()})
            row["published"] = r.get("published", "")
            row["detail"] = r.get("detail", "")
            rows.append(row)
    return pd.DataFrame(rows)


def _yes_no(v) -> str:
    return "yes" if v is True else "no" if v is False else str(v)


def _number(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


class Card:
    """A measurement card: renders as HTML in a notebook and as text with ``print``.

    ``scores`` holds one row per benchmark result: ``task, dataset, split, n, metric, method,
    newslens, held_out, tuned_on``, one ``baseline: <name>`` column per baseline, ``published``
    and ``detail``; ``notes`` maps each task to its notes (how it was scored).
    """

    def __init__(self, name: str, info: dict, scores: pd.DataFrame, notes: dict | None = None):
        self.name = name
        self.info = info
        self.scores = scores
        self.notes = dict(notes or {})

    def _baselines(self, row) -> str:
        return ", ".join(f"{k[len('baseline: '):]} {_number(v)}" for k, v in row.items()
                         if k.startswith("baseline: ") and v == v and v is not None)

    def _row_lines(self) -> list[str]:
        out = []
        for _, r in self.scores.iterrows():
            base = self._baselines(r)
            out.append(
                f"  - {r['metric']} = {_number(r['newslens'])}  [{r['dataset']}, {r['split']}, n={r['n']}]\n"
                f"      method: {r['method']}; held out: {_yes_no(r['held_out'])}; tuned on: {r['tuned_on']}"
                + (f"\n      baselines: {base}" if base else "")
                + (f"\n      published: {r['published']}" if r.get("published") else "")
            )
        return out

    def __str__(self) -> str:
        i = self.info
        parts = [f"{i['title']}", "", i["what"].strip(), "", "Evidence: " + i["evidence"].strip(), ""]
        if i.get("methods"):
            parts += ["Methods: " + i["methods"].strip(), ""]
        parts.append("Benchmarks (held out = nothing was tuned or developed on that data):")
        if self.scores.empty:
            parts.append("  (none recorded: run `python -m benchmarks`)")
        else:
            parts += self._row_lines()
        parts += ["", "Known failure modes:"] + [f"  - {f['what']} e.g. {f['example']!r}" for f in i["failures"]]
        parts += ["", "Resources and licences:"] + [f"  - {r['name']}: {r['licence']} ({r['source']})" for r in i["resources"]]
        return "\n".join(parts)

    def __repr__(self) -> str:
        return f"<newslens card {self.name!r}>"

    def _table_html(self) -> str:
        e = lambda s: html.escape(str(s), quote=True)  # noqa: E731
        head = ["metric", "newslens", "method", "dataset", "split", "n", "held out", "tuned on", "baselines", "published"]
        body = []
        for _, r in self.scores.iterrows():
            cells = [r["metric"], _number(r["newslens"]), r["method"], r["dataset"], r["split"], r["n"],
                     _yes_no(r["held_out"]), r["tuned_on"], self._baselines(r), r.get("published", "")]
            body.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        return ('<table style="font-size:0.9em"><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in head)
                + "</tr></thead><tbody>" + "".join(body) + "</tbody></table>")

    def _repr_html_(self) -> str:
        e = lambda s: html.escape(str(s), quote=True)  # noqa: E731
        i = self.info
        table = ("<p><i>No benchmark results recorded: run <code>python -m benchmarks</code>.</i></p>" if self.scores.empty
                 else "<p><small>held out = nothing was tuned or developed on that data; other rows are development "
                      "data and optimistic.</small></p>" + self._table_html())
        fails = "".join(f"<li>{e(f['what'])} <small>— e.g. “{e(f['example'])}”</small></li>" for f in i["failures"])
        res = "".join(f"<li><b>{e(r['name'])}</b>: {e(r['licence'])} <small>({e(r['source'])})</small></li>" for r in i["resources"])
        return (
            '<div class="newslens-card" style="border:1px solid #bbb;border-radius:6px;padding:10px 14px;max-width:72em">'
            f"<h3 style='margin-top:0'>{e(i['title'])}</h3><p>{e(i['what'].strip())}</p>"
            f"<p><b>Evidence.</b> {e(i['evidence'].strip())}</p>"
            + (f"<p><b>Methods.</b> {e(i['methods'].strip())}</p>" if i.get("methods") else "")
            + f"<h4>Benchmarks</h4>{table}<h4>Known failure modes</h4><ul>{fails}</ul>"
            f"<h4>Resources and licences</h4><ul>{res}</ul></div>"
        )

    @property
    def html(self) -> str:
        return self._repr_html_()


def card(measure: str) -> Card:
    """The measurement card of ``measure``: what it is, its evidence, scores, limits, licences.

    Every benchmark row names the method it scores, its split and n, whether it is held out
    (nothing tuned or developed on that data) and what was tuned on what, with its baselines.

    Examples
    --------
    >>> import newslens as nl
    >>> c = nl.card("sentiment")
    >>> "VADER" in str(c)
    True
    >>> {"method", "split", "n", "held_out", "tuned_on"} <= set(c.scores.columns)
    True
    """
    texts = _card_texts()
    if measure not in texts:
        raise invalid_choice("measure", measure, sorted(texts))
    info = texts[measure]
    bench = _benchmarks()
    tasks = info.get("benchmarks", [])
    notes = {t: bench[t].get("notes", "") for t in tasks if t in bench}
    return Card(measure, {**info, "resources": _resources(info)}, _card_rows(tasks, bench), notes)
