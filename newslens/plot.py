"""Plots of newslens tables: data first, keyword options, ``ax`` in, matplotlib ``Axes`` out.

Every function takes the table a newslens function returned (``nl.sentiment``, ``nl.stance``,
``nl.frames``, ``nl.summarize``, ``nl.sources``, ``nl.sourcing``), draws on ``ax`` (or on the
current axes while it is still empty, else a new figure sized for the plot) and returns the Axes.
Nothing is shown or printed: in Jupyter the figure appears by itself; in a script call
``plt.show()`` or ``ax.figure.savefig(...)``.

Defaults aim at a reader who has never seen the data: a title, axis labels with units, the
legend outside the data, the Okabe–Ito colour-blind-safe palette, a diverging red–blue map
centred on 0 for signed scores, and long outlet or target names wrapped.

>>> import pandas as pd, newslens as nl
>>> scores = pd.DataFrame({"article_id": "a", "paragraph": [0, 1, 2], "sentiment": [0.4, -0.2, 0.0]})
>>> ax = nl.plot.sentiment_arc(scores)
>>> ax.get_ylabel()
'sentiment (−1…1)'
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from .errors import ColumnError, OptionError, invalid_choice, missing_columns
from .schema import id_key
from .registry import Registry

__all__ = [
    "OKABE_ITO",
    "sentiment_arc",
    "stance_heatmap",
    "frames",
    "frames_over_time",
    "frame_scores",
    "sourcing_shares",
    "compare",
    "trend",
    "sources",
    "sourcing",
    "keyness",
    "within_story",
]

#: Okabe & Ito (2008) colour-blind-safe palette (black dropped; it is kept for text).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999")
POSITIVE = "#0072B2"   # blue
NEGATIVE = "#D55E00"   # vermilion
NEUTRAL = "#999999"
DIVERGING = "RdBu"     # red = negative, blue = positive, white = 0
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

SENTIMENT_COLOURS = {"positive": POSITIVE, "neutral": NEUTRAL, "negative": NEGATIVE}

SOURCING_COLOURS = {"attributed": "#0072B2", "reported": "#56B4E9", "commentary": "#E69F00"}
SOURCING_HATCH = {"attributed": "", "reported": "..", "commentary": "//"}
SOURCING_MEANING = {
    "attributed": "attributed (a named or described source says it)",
    "reported": "reported (facts stated by the reporter)",
    "commentary": "commentary (unsourced opinion or analysis)",
}

_STATS = {"mean", "ci_low", "ci_high", "n", "n_effective", "n_units", "sd", "se", "std", "median", "measure", "value", "column"}

_UNITS = {
    "sentiment": "sentiment (−1…1)",
    "stance": "stance (−1 negative … +1 positive)",
    "frames": "frame score",
    "score": "frame score",
    "present": "share with the frame present (0…1)",
}

_PERIOD_DAYS = {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366}
_FREQ_NAMES = {"D": "day", "W": "week", "M": "month", "ME": "month", "MS": "month", "Q": "quarter", "Y": "year", "A": "year"}


# ------------------------------------------------------------------ helpers
def _require(df, cols, *, table: str, producer: str) -> pd.DataFrame:
    """Check ``df`` is a DataFrame with ``cols``; the error says which nl.* function makes it."""
    if not isinstance(df, pd.DataFrame):
        raise ColumnError(
            f"The {table} table must be a pandas DataFrame, got a {type(df).__name__}. Pass the output of {producer}."
        )
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise missing_columns(table, missing, list(df.columns), fix=f"Pass the output of {producer}.")
    return df


def _axes(ax, figsize):
    """``ax`` if given; else the current axes when it is still empty (e.g. made by
    ``plt.subplot``), else a new figure of ``figsize`` — so a plot never lands on top of another."""
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    if plt.get_fignums() and plt.gcf().get_axes():
        current = plt.gca()
        if not current.has_data() and not current.texts:
            return current
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _despine(ax) -> None:
    """Hide the top and right spines (the frame a chart does not need)."""
    ax.spines[["top", "right"]].set_visible(False)


def _wrap(label, width: int = 18) -> str:
    """Wrap a long outlet/target name onto several lines (words are broken only when longer than ``width``)."""
    text = str(label)
    lines = textwrap.wrap(text, width=width, break_long_words=False)
    lines = [piece for line in lines for piece in (textwrap.wrap(line, width, break_long_words=True) if len(line) > width + 6 else [line])]
    return "\n".join(lines) or text


def _with_group(df: pd.DataFrame, articles, by: str, *, table: str, producer: str) -> pd.DataFrame:
    """Return ``df`` with column ``by``, joined from ``articles`` on article_id when needed."""
    if by in df.columns:
        return df
    if articles is None:
        raise missing_columns(
            table, [by], list(df.columns),
            fix=f"Pass articles=<the nl.load() table> so `{by}` can be joined on article_id, or add the column to the output of {producer}.",
        )
    _require(articles, ["article_id", by], table="articles", producer="nl.load()")
    if "article_id" not in df.columns:
        raise missing_columns(table, ["article_id"], list(df.columns), fix=f"Pass the output of {producer}.")
    meta = pd.DataFrame({"_key": id_key(articles["article_id"]).to_numpy(), by: articles[by].to_numpy()}).drop_duplicates("_key")
    return df.assign(_key=id_key(df["article_id"]).to_numpy()).merge(meta, on="_key", how="left").drop(columns="_key")


def _unknown(values: pd.Series) -> pd.Series:
    """``values`` as objects, missing ones shown as "(unknown)"."""
    return values.astype(object).where(values.notna(), "(unknown)")


def _paragraph_labels(paragraphs: pd.DataFrame) -> pd.Series:
    """Per paragraph: its kind, or "duplicate" for a body paragraph that repeats an earlier one."""
    kinds = paragraphs["kind"].astype(str)
    dup = paragraphs["duplicate"].astype(bool) if "duplicate" in paragraphs.columns else pd.Series(False, index=paragraphs.index)
    return kinds.where(kinds != "body", np.where(dup, "duplicate", "body"))


def _sentiment_labels(values) -> tuple[list[str], float]:
    """The label nl.sentiment gives each score (neutral within its cut-off of 0), and the cut-off."""
    from .measures.sentiment import CUT

    y = np.asarray(values, dtype=float)
    return ["positive" if v >= CUT else "negative" if v <= -CUT else "neutral" for v in y], CUT


def _legend_outside(ax, **kw):
    handles, labels = ax.get_legend_handles_labels()
    if not handles and "handles" not in kw:
        return None
    opts = dict(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, borderaxespad=0.0)
    opts.update(kw)
    return ax.legend(**opts)


#: a group pooled from the groups past ``top`` is called this (with the number pooled)
OTHER = "other"


def _pool(df: pd.DataFrame, col: str, *, top: int | None, what: str) -> tuple[pd.DataFrame, str]:
    """Keep the ``top`` groups of ``col`` with most articles; the rest become one "other (k …)" group.

    Returns the table and a caption sentence ("" when nothing was pooled).
    """
    if top is None:
        return df, ""
    if int(top) < 1:
        raise OptionError(f"`top` must be a positive number of groups or None (all groups); got {top!r}.")
    counts = df.groupby(col)["article_id"].nunique() if "article_id" in df.columns else df[col].value_counts()
    counts = counts.sort_values(ascending=False, kind="stable")
    if len(counts) <= int(top) + 1:  # pooling one group into "other" hides its name for nothing
        return df, ""
    keep = set(counts.index[: int(top)])
    rest = counts.index[int(top):]
    label = f"{OTHER} ({len(rest)} {what})"
    pooled = df[col].where(df[col].isin(keep), label)
    note = (f"The {len(keep)} {what} with most articles are shown; the other {len(rest)} are pooled as "
            f"\u201c{label}\u201d.")
    return df.assign(**{col: pooled}), note


def _caption(ax, text: str) -> None:
    """A note under the x axis label (left-aligned), e.g. which groups were pooled or left out."""
    if not text:
        return
    ax.annotate(text, xy=(0, 0), xycoords=(ax.transAxes, ax.xaxis.label), xytext=(0, -6),
                textcoords="offset points", ha="left", va="top", fontsize=8.5, color="#444444",
                wrap=True, gid="caption")


def _join_notes(ax, *notes: str) -> str:
    """Notes as lines wrapped to the figure's width."""
    width = max(40, int(ax.figure.get_size_inches()[0] * 13))
    return "\n".join(textwrap.fill(n, width) for n in notes if n)


def _one_article(df: pd.DataFrame, article_id, *, what: str):
    """Rows of one article (``article_id`` or the only one)."""
    if "article_id" not in df.columns:
        return df, article_id
    keys = id_key(df["article_id"])
    ids = pd.unique(keys.dropna())
    if article_id is None:
        if len(ids) > 1:
            shown = ", ".join(repr(i) for i in ids[:5]) + (", …" if len(ids) > 5 else "")
            raise OptionError(
                f"`article_id` is needed: the {what} table holds {len(ids)} articles ({shown}). "
                f"Pass article_id=<one of them>, or filter the table to one article first."
            )
        article_id = ids[0] if len(ids) else None
    elif id_key([article_id])[0] not in set(ids):
        raise invalid_choice("article_id", article_id, list(ids)[:20], fix=f"The {what} table has no rows for it.")
    return df[(keys == id_key([article_id])[0]).to_numpy()], article_id


def _too_few(summary: pd.DataFrame, min_n: int) -> pd.Series:
    """Per row of a summary: whether it rests on fewer than ``min_n`` independent articles
    (``n_effective``, else ``n``; no count: never)."""
    size = summary["n_effective"] if "n_effective" in summary.columns else summary["n"] if "n" in summary.columns else None
    if size is None:
        return pd.Series(False, index=summary.index)
    return pd.to_numeric(size, errors="coerce").fillna(0) < int(min_n)


def _style(i: int) -> tuple[str, str]:
    """Colour and marker of the ``i``-th series: no two of the first 64 share both."""
    return OKABE_ITO[i % len(OKABE_ITO)], MARKERS[(i + i // len(OKABE_ITO)) % len(MARKERS)]


def _period_labels(periods: pd.Series) -> pd.Series:
    """Start dates of periods as text: "2024" when every one starts a year, "2024-03" a month, else "2024-03-04"."""
    t = pd.to_datetime(periods)
    d = t.dropna()
    fmt = "%Y-%m-%d" if not len(d) or (d.dt.day != 1).any() else "%Y-%m" if (d.dt.month != 1).any() else "%Y"
    return t.dt.strftime(fmt).where(t.notna(), None)


def _unit(name, meta: dict) -> str:
    """The axis unit of a measure, naming the sentiment method that made the scores when the table's
    provenance (``attrs["newslens"]``, or the ``source`` of a summary made from it) says which."""
    meta = meta if isinstance(meta, dict) else {}
    source = meta.get("source") if isinstance(meta.get("source"), dict) else {}
    method = meta.get("method") if meta.get("measure") == "sentiment" else source.get("method")
    if str(name) == "sentiment" and method:
        return "sentiment (VADER compound, −1…1)" if str(method).lower() == "vader" else f"sentiment ({method}, −1…1)"
    return _UNITS.get(str(name), str(name) if name else "value")


# ------------------------------------------------------------------ sentiment arc
_ARC_LEVELS = Registry("by")
_ARC_LEVELS.register("paragraph", "paragraph")
_ARC_LEVELS.register("sentence", "sentence")


def sentiment_arc(scores, *, paragraphs=None, by="paragraph", article_id=None, title=None, ax=None):
    """Sentiment through one article, paragraph by paragraph (or sentence by sentence).

    Parameters
    ----------
    scores : DataFrame
        Output of ``nl.sentiment(..., level="sentence")`` or ``level="paragraph"`` with columns
        ``paragraph`` (and ``sentence`` for ``by="sentence"``) and ``sentiment``.
        Sentence scores are averaged per paragraph when ``by="paragraph"``.
    paragraphs : DataFrame, optional
        Output of ``nl.paragraphs(articles)``. Captions, credits, bylines, boilerplate and
        duplicate paragraphs are then shaded and labelled where they sit in the article.
    by : {"paragraph", "sentence"}
        The unit on the x axis.
    article_id : str, optional
        Which article to draw when ``scores`` holds several.
    title : str, optional
        Plot title; by default names the article.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        The line (gid ``"sentiment"``) and the zero line (gid ``"zero"``) are on it.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> s = pd.DataFrame({"article_id": "a", "paragraph": [0, 1, 3], "sentiment": [0.5, -0.3, 0.1]})
    >>> p = pd.DataFrame({"article_id": "a", "paragraph": [0, 1, 2, 3],
    ...                   "kind": ["body", "body", "caption", "body"], "duplicate": False})
    >>> ax = nl.plot.sentiment_arc(s, paragraphs=p)
    >>> [t.get_text() for t in ax.texts]
    ['caption']
    """
    level = _ARC_LEVELS.get(by)
    need = ["paragraph", "sentiment"] + (["sentence"] if level == "sentence" else [])
    _require(scores, need, table="sentiment",
             producer='nl.sentiment(articles, level="sentence")' if level == "sentence" else 'nl.sentiment(articles, level="paragraph")')
    df, article_id = _one_article(scores, article_id, what="sentiment")
    if paragraphs is not None:
        _require(paragraphs, ["paragraph", "kind"], table="paragraphs", producer="nl.paragraphs(articles)")
        paragraphs, _ = _one_article(paragraphs, article_id, what="paragraphs")

    if level == "paragraph":
        pts = df.groupby("paragraph", sort=True)["sentiment"].mean()
        x = pts.index.to_numpy(dtype=float)
        xlabel = "paragraph (in article order)"
    else:
        df = df.sort_values("sentence")
        pts = df.set_index("sentence")["sentiment"]
        x = pts.index.to_numpy(dtype=float)
        xlabel = "sentence (in article order)"
    y = pts.to_numpy(dtype=float)

    ax = _axes(ax, (9, 3.8))
    ax.axhline(0, color="#444444", lw=0.9, ls="--", zorder=1, gid="zero")
    ax.plot(x, y, color="#555555", lw=1.4, zorder=2, gid="sentiment", label="_sentiment")
    labels, cut = _sentiment_labels(y)
    ax.scatter(x, y, c=[SENTIMENT_COLOURS[lab] for lab in labels], s=36, zorder=3, edgecolors="white", linewidths=0.6)
    for lab in ("positive", "neutral", "negative"):
        ax.scatter([], [], c=SENTIMENT_COLOURS[lab], s=36, label=lab if lab != "neutral" else f"neutral (|score| < {cut:g})")

    if paragraphs is not None and len(paragraphs):
        _mark_non_body(ax, paragraphs, df, level)

    ax.set_ylim(-1.08, 1.18)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(_unit("sentiment", scores.attrs.get("newslens", {})))
    ax.xaxis.get_major_locator().set_params(integer=True)
    name = f" {article_id}" if article_id is not None else ""
    ax.set_title(title or f"Sentiment through article{name}, {level} by {level}", loc="left")
    _legend_outside(ax)
    return ax


def _mark_non_body(ax, paragraphs: pd.DataFrame, scores: pd.DataFrame, level: str) -> None:
    """Shade (paragraph axis) or tick (sentence axis) captions, credits, bylines, boilerplate, duplicates."""
    labels = _paragraph_labels(paragraphs)
    marked = paragraphs[labels != "body"]
    if marked.empty:
        return
    label_of = labels[labels != "body"]
    if level == "paragraph":
        xs = marked["paragraph"].to_numpy(dtype=float)
    else:  # place between the sentences around the paragraph
        sent_par = scores["paragraph"].to_numpy(dtype=float)
        sent_no = scores["sentence"].to_numpy(dtype=float)
        xs = []
        for p in marked["paragraph"].to_numpy(dtype=float):
            before = sent_no[sent_par < p]
            xs.append((before.max() + 0.5) if len(before) else (sent_no.min() - 0.5 if len(sent_no) else 0.0))
        xs = np.asarray(xs)
    trans = ax.get_xaxis_transform()
    at: dict[float, list[str]] = {}
    for xv, lab in zip(xs, label_of):
        at.setdefault(float(xv), []).append(str(lab))
    first = True
    for xv, labs in at.items():
        if level == "paragraph":
            ax.axvspan(xv - 0.45, xv + 0.45, color="#BBBBBB", alpha=0.35, lw=0, zorder=0,
                       label="not body text" if first else "_nolegend_")
        else:
            ax.axvline(xv, color="#888888", lw=1.2, ls=":", zorder=0,
                       label="not body text" if first else "_nolegend_")
        counts = pd.Series(labs).value_counts(sort=False)
        text = ", ".join(k if c == 1 else f"{k} ×{c}" for k, c in counts.items())
        ax.text(xv, 0.985, text, transform=trans, rotation=90, ha="center", va="top",
                fontsize=7.5, color="#555555", clip_on=True,
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.7, pad=0.5))
        first = False


# ------------------------------------------------------------------ stance heatmap
_STANCE_COLUMNS = Registry("columns")
_STANCE_COLUMNS.register("outlet", "outlet")
_STANCE_COLUMNS.register("article_id", "article_id")


def stance_heatmap(stance, *, columns="outlet", articles=None, top=12, min_n=1, title=None, ax=None):
    """Mean stance toward each target (rows) by outlet or article (columns).

    Parameters
    ----------
    stance : DataFrame
        Output of ``nl.stance(...)`` at any level: ``target``, ``stance`` and ``article_id``
        (plus ``n_mentions`` at article level; at sentence level each row is one mention).
    columns : {"outlet", "article_id"}
        What the columns are. ``outlet`` is joined from ``articles`` when the stance table lacks it.
    articles : DataFrame, optional
        The ``nl.load()`` table, used to look up ``outlet`` by ``article_id``.
    top : int or None, default 12
        Draw the ``top`` columns with most articles; the others are pooled into one
        "other (k outlets)" column, as the caption says. None: every column.
    min_n : int, default 1
        Cells resting on fewer mentions are not coloured; their count is still written.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        Cells coloured by mean stance on a red–blue map centred on 0, each annotated with its
        mean and number of mentions (while cells are wide enough to hold it); cells without
        mentions are left blank, as one note under the plot says; a labelled colour bar.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> st = pd.DataFrame({"article_id": ["a", "b"], "target": "Putin", "stance": [-0.5, 0.2],
    ...                    "n_mentions": [3, 1], "outlet": ["CNN", "Fox"]})
    >>> ax = nl.plot.stance_heatmap(st)
    >>> ax.images[0].norm.vcenter
    0.0
    """
    import matplotlib as mpl
    from matplotlib.colors import TwoSlopeNorm

    col = _STANCE_COLUMNS.get(columns)
    _require(stance, ["target", "stance"], table="stance", producer="nl.stance(articles, targets=[...])")
    df = _with_group(stance, articles, col, table="stance", producer="nl.stance(articles, targets=[...])")
    counts = df["n_mentions"] if "n_mentions" in df.columns else df["stance"].notna().astype(int)
    df = df.assign(_n=pd.to_numeric(counts, errors="coerce").fillna(0), _s=pd.to_numeric(df["stance"], errors="coerce"))
    df = df.assign(**{col: _unknown(df[col])})
    what = "outlets" if col == "outlet" else "articles"
    df, pooled = _pool(df, col, top=top, what=what)
    g = df.groupby(["target", col], sort=True)
    means = g["_s"].mean().unstack(col)
    n = g["_n"].sum().unstack(col).reindex_like(means).fillna(0)
    if pooled:  # the pooled column goes last
        order = [c for c in means.columns if not str(c).startswith(f"{OTHER} (")] + \
                [c for c in means.columns if str(c).startswith(f"{OTHER} (")]
        means, n = means[order], n[order]
    vals = means.to_numpy(dtype=float)
    few = (n.to_numpy(dtype=float) < max(int(min_n), 1)) & np.isfinite(vals)
    shown = np.where(few, np.nan, vals)

    finite = np.abs(shown[np.isfinite(shown)])
    lim = float(np.ceil(max(finite.max() if finite.size else 0.0, 0.05) * 10) / 10)
    lim = min(max(lim, 0.1), 1.0)
    norm = TwoSlopeNorm(vmin=-lim, vcenter=0.0, vmax=lim)

    nr, nc = vals.shape
    ax = _axes(ax, (min(max(3.0 + 0.7 * nc, 6.0), 15), min(2.4 + 0.5 * nr, 12)))
    cmap = mpl.colormaps[DIVERGING].with_extremes(bad="white")
    im = ax.imshow(np.ma.masked_invalid(shown), cmap=cmap, norm=norm, aspect="auto")
    cell_in = ax.figure.get_size_inches()[0] / max(nc + 3, 1)
    for i in range(nr):
        for j in range(nc):
            v, k = vals[i, j], int(n.iat[i, j])
            if not np.isfinite(v):
                continue  # no mentions: a blank cell (the caption says so)
            if few[i, j]:
                ax.text(j, i, f"n={k}", ha="center", va="center", fontsize=7.5, color="#777777", gid="cell")
            elif cell_in >= 0.45:
                colour = "white" if abs(v) > 0.6 * lim else "#222222"
                ax.text(j, i, f"{v:+.2f}\nn={k}", ha="center", va="center", fontsize=8, color=colour, gid="cell")
    ax.set_xticks(np.arange(nc + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(nr + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="#DDDDDD", lw=0.6)
    ax.tick_params(which="minor", length=0)
    ax.set_xticks(range(nc), [_wrap(c, 14) for c in means.columns], rotation=0 if nc <= 6 else 45,
                  ha="center" if nc <= 6 else "right", rotation_mode="anchor")
    ax.set_yticks(range(nr), [_wrap(t, 22) for t in means.index])
    ax.set_xlabel("outlet" if col == "outlet" else "article")
    ax.set_ylabel("target")
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    cbar = ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.03)
    cbar.set_label("mean stance (−1 negative … 0 … +1 positive)")
    notes = []
    if (~np.isfinite(vals)).any():
        notes.append("Blank cells: no mentions of the target there.")
    if few.any():
        notes.append(f"Grey n=…: fewer than {int(min_n)} mentions, too few to colour.")
    if cell_in < 0.45 and np.isfinite(vals).any():
        notes.append("Cells are too narrow for their numbers; draw fewer columns (top=…) to read them.")
    _caption(ax, _join_notes(ax, " ".join(notes), pooled))
    ax.set_title(title or f"Stance toward each target by {ax.get_xlabel()}\n(n = mentions)", loc="left")
    return ax


# ------------------------------------------------------------------ frames
def _frame_presence(frames_df: pd.DataFrame) -> pd.DataFrame:
    """One row per (article_id, frame): present in any unit of the article."""
    _require(frames_df, ["article_id", "frame"], table="frames", producer="nl.frames(articles)")
    if "present" in frames_df.columns:
        pres = frames_df["present"].fillna(False).astype(bool)
    elif "score" in frames_df.columns:
        pres = pd.to_numeric(frames_df["score"], errors="coerce").fillna(0) > 0
    else:
        raise missing_columns("frames table", ["present"], list(frames_df.columns), fix="Pass the output of nl.frames(articles).")
    df = frames_df.assign(_present=pres, article_id=id_key(frames_df["article_id"]).to_numpy())
    return df.groupby(["article_id", "frame"], sort=False, as_index=False)["_present"].any()


def frames(frames, *, by="outlet", articles=None, top=7, title=None, ax=None):
    """Share of articles in which each frame is present, per group (grouped bars or small multiples).

    Parameters
    ----------
    frames : DataFrame
        Output of ``nl.frames(...)`` (long format: ``article_id``, ``frame``, ``present``).
        At sentence or paragraph level an article counts when the frame is present anywhere in it.
    by : str or None
        Group column (``outlet`` by default, joined from ``articles`` when missing);
        ``None`` draws the whole corpus as one group.
    articles : DataFrame, optional
        The ``nl.load()`` table for looking up ``by``.
    top : int or None, default 7
        Draw the ``top`` groups with most articles; the others are pooled into one
        "other (k …)" group, as the caption says. None: every group.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        Bars in percent (0–100); the legend gives each group's number of articles. When the
        bars would be thinner than a few points (many groups times many frames), the groups
        are drawn as small multiples, one panel per group, inside the space of ``ax``; the
        first panel is returned and all are in ``ax.figure.axes``.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> f = pd.DataFrame({"article_id": ["a", "a", "b", "b"], "frame": ["conflict", "economic"] * 2,
    ...                   "present": [True, False, True, True], "outlet": ["X", "X", "X", "X"]})
    >>> ax = nl.plot.frames(f)
    >>> [round(p.get_height()) for p in ax.patches]
    [100, 50]
    """
    pres = _frame_presence(frames)
    if by is not None:
        pres = _with_group(pres, frames if by in frames.columns else articles, by, table="frames", producer="nl.frames(articles)")
        group = by
    else:
        pres = pres.assign(_all="all articles")
        group = "_all"
    pres = pres.assign(**{group: _unknown(pres[group])})
    pres, pooled = _pool(pres, group, top=top, what=f"{by}s" if by else "groups")
    n_art = pres.groupby(group)["article_id"].nunique().sort_values(ascending=False, kind="stable")
    share = pres.groupby([group, "frame"], sort=True)["_present"].mean().unstack("frame") * 100
    order = list(dict.fromkeys(frames["frame"].astype(str)))
    share = share.reindex(columns=[f for f in order if f in share.columns])
    groups = [g for g in n_art.index if not str(g).startswith(f"{OTHER} (")] + \
             [g for g in n_art.index if str(g).startswith(f"{OTHER} (")]
    share = share.loc[groups]

    frame_names = list(share.columns)
    ng, nf = len(groups), len(frame_names)
    what = f"by {by}" if by is not None else "across the corpus"
    heading = title or f"Articles in which each frame is present, {what}"
    if ng * nf > 40 and ng > 1:
        return _frames_facets(share, n_art, ax=ax, title=heading, caption=pooled, by=by)
    ax = _axes(ax, (min(max(3.5 + 0.9 * nf + 0.14 * nf * ng, 7.5), 13), 4.4))
    width = 0.8 / max(ng, 1)
    xs = np.arange(nf)
    for gi, gname in enumerate(groups):
        colour = OKABE_ITO[gi % len(OKABE_ITO)] if not str(gname).startswith(f"{OTHER} (") else "#BBBBBB"
        heights = share.loc[gname].to_numpy(dtype=float)
        label = f"{_wrap(gname, 24)} (n={int(n_art.get(gname, 0))})"
        ax.bar(xs + (gi - (ng - 1) / 2) * width, np.nan_to_num(heights), width=width * 0.95,
               color=colour, label=label, edgecolor="white", linewidth=0.5)
    _frame_ticks(ax, frame_names)
    ax.set_ylim(0, 105)
    ax.set_ylabel("share of articles (%)")
    ax.set_xlabel("frame")
    ax.grid(axis="y", color="#DDDDDD", lw=0.7)
    ax.set_axisbelow(True)
    _despine(ax)
    ax.set_title(heading, loc="left")
    _legend_outside(ax, title=by if by is not None else None)
    _caption(ax, _join_notes(ax, pooled))
    return ax


def _frame_ticks(ax, frame_names) -> None:
    xs = np.arange(len(frame_names))
    if len(frame_names) > 6:  # many frames (the policy scheme): slanted one-line labels do not collide
        ax.set_xticks(xs, [f.replace("_", " ") for f in frame_names], rotation=35, ha="right", rotation_mode="anchor")
    else:
        ax.set_xticks(xs, [_wrap(f.replace("_", " "), 14) for f in frame_names])


def _facet_axes(ax, n: int, *, ncols: int, panel: tuple[float, float]):
    """``n`` panels in a grid with ``ncols`` columns, in the space of ``ax`` (or of a new figure)."""
    import matplotlib.pyplot as plt

    nrows = int(np.ceil(n / ncols))
    if ax is None:
        fig = plt.figure(figsize=(min(panel[0] * ncols + 1.0, 15), min(panel[1] * nrows + 1.4, 24)), layout="constrained")
        grid = fig.add_gridspec(nrows, ncols)
    else:
        fig, grid = ax.figure, ax.get_subplotspec().subgridspec(nrows, ncols)
        ax.remove()
    first = None
    axes = []
    for i in range(n):
        a = fig.add_subplot(grid[i // ncols, i % ncols], sharey=first, sharex=first)
        first = first or a
        axes.append(a)
    return axes


def _frames_facets(share: pd.DataFrame, n_art: pd.Series, *, ax, title: str, caption: str, by) -> "object":
    """Small multiples of :func:`frames`: one panel per group, frames on the x axis."""
    frame_names = list(share.columns)
    ncols = 4 if len(frame_names) <= 6 else 3
    axes = _facet_axes(ax, len(share.index), ncols=ncols, panel=(0.45 * len(frame_names) + 1.2, 2.3))
    xs = np.arange(len(frame_names))
    for i, (a, gname) in enumerate(zip(axes, share.index)):
        colour = OKABE_ITO[0] if not str(gname).startswith(f"{OTHER} (") else "#999999"
        a.bar(xs, np.nan_to_num(share.loc[gname].to_numpy(dtype=float)), color=colour, width=0.75)
        a.set_title(f"{_wrap(gname, 26)} (n={int(n_art.get(gname, 0))})", fontsize=9, loc="left")
        a.set_ylim(0, 105)
        a.grid(axis="y", color="#DDDDDD", lw=0.7)
        a.set_axisbelow(True)
        _despine(a)
        last_row = i >= len(axes) - ncols
        if last_row:
            a.set_xticks(xs, [f.replace("_", " ") for f in frame_names], rotation=40, ha="right",
                         rotation_mode="anchor", fontsize=8.5)
        else:
            a.tick_params(axis="x", labelbottom=False)
        if i % ncols == 0:
            a.set_ylabel("articles (%)")
    fig = axes[0].figure
    fig.suptitle(title + " (one panel per " + (str(by) if by else "group") + ")", x=0.01, ha="left", fontsize=12)
    if caption:
        fig.supxlabel(textwrap.fill(caption, max(40, int(fig.get_size_inches()[0] * 13))), x=0.01, ha="left",
                      fontsize=8.5, color="#444444")
    return axes[0]


def frames_over_time(frames, articles, *, freq="W", frame=None, title=None, ax=None):
    """Share of articles per period in which each frame is present (one line per frame).

    Parameters
    ----------
    frames : DataFrame
        Output of ``nl.frames(...)``.
    articles : DataFrame
        The ``nl.load()`` table (``article_id``, ``published``).
    freq : str
        A pandas period alias: ``"D"`` day, ``"W"`` week, ``"M"`` month, ``"Q"``, ``"Y"``.
    frame : str or list of str, optional
        Only these frames.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "published": pd.to_datetime(["2024-01-01", "2024-01-09"], utc=True)})
    >>> f = pd.DataFrame({"article_id": ["a", "b"], "frame": "conflict", "present": [True, False]})
    >>> ax = nl.plot.frames_over_time(f, arts)
    >>> [float(y) for y in ax.lines[0].get_ydata()]
    [100.0, 0.0]
    """
    pres = _frame_presence(frames)
    _require(articles, ["article_id", "published"], table="articles", producer="nl.load()")
    if frame is not None:
        keep = [frame] if isinstance(frame, str) else list(frame)
        unknown = [f for f in keep if f not in set(pres["frame"])]
        if unknown:
            raise invalid_choice("frame", unknown[0], sorted(set(pres["frame"])))
        pres = pres[pres["frame"].isin(keep)]
    pub = pd.to_datetime(articles["published"], errors="coerce", utc=True)
    meta = pd.DataFrame({"article_id": id_key(articles["article_id"]).to_numpy(), "_t": pub.dt.tz_localize(None).to_numpy()})
    df = pres.merge(meta.drop_duplicates("article_id"), on="article_id", how="left").dropna(subset=["_t"])
    try:
        period = df["_t"].dt.to_period(freq).dt.start_time
    except (ValueError, TypeError) as exc:
        raise OptionError(f"`freq` must be a pandas period alias such as 'D', 'W', 'M', 'Q' or 'Y'; got {freq!r}.") from exc
    share = df.assign(_p=period).groupby(["_p", "frame"])["_present"].mean().unstack("frame") * 100
    order = [f for f in dict.fromkeys(frames["frame"].astype(str)) if f in share.columns]
    share = share.reindex(columns=order).sort_index()

    ax = _axes(ax, (9, 4))
    for i, f in enumerate(share.columns):
        ax.plot(share.index, share[f].to_numpy(dtype=float), marker=MARKERS[i % len(MARKERS)], ms=5,
                color=OKABE_ITO[i % len(OKABE_ITO)], lw=1.6, label=f.replace("_", " "))
    unit = _FREQ_NAMES.get(str(freq).upper(), str(freq))
    ax.set_ylim(0, 105)
    ax.set_ylabel(f"share of articles per {unit} (%)")
    ax.set_xlabel(f"{unit} (UTC, start of period)")
    ax.grid(axis="y", color="#DDDDDD", lw=0.7)
    _despine(ax)
    ax.set_title(title or f"Frames over time: share of articles per {unit} in which each frame is present", loc="left")
    _legend_outside(ax, title="frame")
    if 0 < len(share.index) <= 16:
        import matplotlib.dates as mdates

        ax.set_xticks(list(share.index))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d" if unit in ("day", "week") else "%Y-%m"))
    if len(share.index):
        ax.figure.autofmt_xdate()
    return ax


# ------------------------------------------------------------------ compare
def compare(summary_or_scores, *, articles=None, by="outlet", measure=None, min_n=3, title=None, ax=None, **summarize_options):
    """A measure by group: means as points with their 95% bootstrap intervals.

    Parameters
    ----------
    summary_or_scores : DataFrame
        Either the output of ``nl.summarize(...)`` (``mean``, ``ci_low``, ``ci_high``, ``n``
        and the group columns) — drawn as is — or a score table, which is first summarised with
        ``nl.summarize(scores, articles, by=[by], **summarize_options)``.
    articles : DataFrame, optional
        Needed when a score table is passed (for the group column).
    by : str
        The group on the y axis. One further group column in a summary (e.g. ``target`` or
        ``frame``) is drawn as coloured, dodged points.
    measure : str, optional
        Name for the axis label; taken from the table's provenance when omitted.
    min_n : int, default 3
        Groups resting on fewer independent articles (``n_effective``, else ``n``) are not
        drawn: their row says "too few to estimate" with the count, and a note under the plot
        says how many were left out.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        One errorbar container per hue level; the sample size is written beside each point.
        The figure grows with the number of groups.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> summ = pd.DataFrame({"outlet": ["A", "B"], "mean": [0.1, -0.2], "ci_low": [0.0, -0.4],
    ...                      "ci_high": [0.2, 0.0], "n": [30, 25], "n_effective": [28, 20]})
    >>> ax = nl.plot.compare(summ, measure="sentiment")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['A', 'B']
    """
    df = summary_or_scores
    if not isinstance(df, pd.DataFrame):
        _require(df, [], table="summary", producer="nl.summarize(scores, articles, by=[...])")
    if not {"mean", "ci_low", "ci_high"} <= set(df.columns):
        from .summarize import summarize as _summarize

        df = _summarize(summary_or_scores, articles, by=[by], **summarize_options)
    _require(df, ["mean", "ci_low", "ci_high", by], table="summary",
             producer=f'nl.summarize(scores, articles, by=["{by}"])')
    extra = [c for c in df.columns if c != by and c not in _STATS and not str(c).startswith("_")
             and not pd.api.types.is_numeric_dtype(df[c])]
    if len(extra) > 1:
        raise OptionError(
            f"compare() draws `by` plus at most one more group column; the summary has {', '.join(map(repr, extra))} "
            f"besides {by!r}. Filter it to one value of the others first, e.g. summary[summary[{extra[1]!r}] == ...]."
        )
    hue = extra[0] if extra else None
    if hue is not None and pd.api.types.is_datetime64_any_dtype(df[hue]):  # periods: in time order, as dates
        df = df.sort_values(hue, kind="stable")
        df = df.assign(**{hue: _period_labels(df[hue])})
    df = df.assign(**{c: _unknown(df[c]) for c in (by, hue) if c})  # articles without an outlet: "(unknown)"

    groups = list(dict.fromkeys(df.sort_index()[by].astype(str)))
    hues = list(dict.fromkeys(df[hue].astype(str))) if hue else [None]
    ax = _axes(ax, (8.5, min(2.2 + 0.38 * len(groups) * max(1, len(hues) ** 0.5), 22)))
    ypos = {g: i for i, g in enumerate(groups)}
    step = 0.7 / max(len(hues), 1)
    few = _too_few(df, min_n)
    too_few = df[few]
    df = df[~few]
    too_few = too_few[~too_few[by].isin(set(df[by]))].drop_duplicates(by)  # groups with nothing drawn
    for g, k in zip(too_few[by].astype(str), too_few["n"] if "n" in too_few.columns else too_few["n_effective"]):
        ax.annotate(f"n={int(k)}: too few to estimate", (0, ypos[g]), xycoords=("axes fraction", "data"),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=8.5, color="#777777",
                    style="italic", gid="too few")
    for hi, h in enumerate(hues):
        part = df if h is None else df[df[hue].astype(str) == h]
        y = np.array([ypos[g] for g in part[by].astype(str)], dtype=float) + (hi - (len(hues) - 1) / 2) * step
        m = part["mean"].to_numpy(dtype=float)
        lo = m - part["ci_low"].to_numpy(dtype=float)
        hi_ = part["ci_high"].to_numpy(dtype=float) - m
        colour, marker = _style(hi) if h is not None else ("#222222", MARKERS[0])
        ax.errorbar(m, y, xerr=np.vstack([np.clip(lo, 0, None), np.clip(hi_, 0, None)]), fmt=marker,
                    color=colour, ecolor=colour, elinewidth=1.6, capsize=3, ms=6,
                    label=_wrap(h.replace("_", " ") if hue == "frame" else h, 24) if h is not None else "_mean")
        if "n" in part.columns:
            neff = part["n_effective"] if "n_effective" in part.columns else [None] * len(part)
            for xv, yv, k, ke in zip(part["ci_high"].to_numpy(dtype=float), y, part["n"], neff):
                if not np.isfinite(xv):
                    continue
                lab = f"n={int(k)}" + (f" (eff. {float(ke):.0f})" if ke is not None and pd.notna(ke) and float(ke) != float(k) else "")
                ax.annotate(lab, (xv, yv), xytext=(5, 0), textcoords="offset points", va="center",
                            fontsize=8.5, color="#444444")
    ax.set_yticks(range(len(groups)), [_wrap(g, 20) for g in groups])
    ax.set_ylim(len(groups) - 0.5, -0.5)
    lo_all = np.nanmin(df["ci_low"].to_numpy(dtype=float)) if len(df) else 0
    hi_all = np.nanmax(df["ci_high"].to_numpy(dtype=float)) if len(df) else 0
    if np.isfinite(lo_all) and np.isfinite(hi_all) and lo_all <= 0 <= hi_all:
        ax.axvline(0, color="#444444", lw=1.0, ls="--", zorder=1.5, gid="zero")
    if np.isfinite(hi_all):
        left, right = ax.get_xlim()
        ax.set_xlim(left, right + 0.18 * (right - left))  # room for the n labels
    meta = df.attrs.get("newslens", {}) or {}
    name = measure or meta.get("of") or (meta.get("measure") if meta.get("measure") != "summarize" else None) \
        or (df["measure"].iloc[0] if "measure" in df.columns and len(df) else None)
    unit = _unit(name, meta)
    score_unit = (meta.get("source") or {}).get("score_unit") if isinstance(meta.get("source"), dict) else None
    if score_unit and str(name) in ("frames", "score"):
        unit = f"{unit} ({score_unit})"
    ax.set_xlabel(f"mean {unit}; bars: 95% bootstrap interval")
    ax.set_ylabel(by)
    ax.grid(axis="x", color="#EEEEEE", lw=0.7)
    _despine(ax)
    ax.set_title(title or f"{(str(name) if name else 'Measure').capitalize()} by {by}, with 95% intervals", loc="left")
    if hue:
        _legend_outside(ax, title=hue)
    if len(too_few):
        n_left = len(too_few)
        _caption(ax, _join_notes(ax, f"{n_left} of {len(groups)} groups rest on fewer than {int(min_n)} independent "
                                     f"articles and are not drawn (min_n={int(min_n)})."))
    return ax


# ------------------------------------------------------------------ trend
def _every_period(periods: pd.Series, freq) -> pd.DatetimeIndex | None:
    """The start of every period from the first to the last of ``periods`` (a pandas period alias
    ``freq``), or None when ``freq`` is no alias those starts fit."""
    when = pd.DatetimeIndex(pd.to_datetime(periods).dropna().unique()).sort_values()
    if not len(when) or not isinstance(freq, str):
        return None
    try:
        every = pd.period_range(when[0], when[-1], freq=freq).start_time
    except (ValueError, TypeError):
        return None
    return every if when.isin(every).all() else None


def trend(summary_or_scores, *, articles=None, by="outlet", freq="M", measure=None, min_n=3, top=6, title=None, ax=None,
          **summarize_options):
    """A measure over time: its mean per period with the 95% bootstrap interval, one line per group.

    Parameters
    ----------
    summary_or_scores : DataFrame
        Either the output of ``nl.summarize(..., freq=...)`` (``period``, ``mean``, ``ci_low``,
        ``ci_high``, ``n`` and the group column) — drawn as is — or a score table, which is first
        summarised with ``nl.summarize(scores, articles, by=[by], freq=freq, **summarize_options)``.
    articles : DataFrame, optional
        Needed when a score table is passed (``published`` and the group column).
    by : str or None, default "outlet"
        One line per value of this column; None (or a summary without it): one line for the corpus.
    freq : str, default "M"
        The period when a score table is passed (a pandas period alias: "D", "W", "M", "Q", "Y").
    measure : str, optional
        Name for the axis label; taken from the table's provenance when omitted.
    min_n : int, default 3
        A period resting on fewer independent articles (``n_effective``, else ``n``) is not drawn:
        the line breaks there, and a note under the plot says how many points were left out.  A
        period with no article of the group breaks its line too (when the summary's ``freq`` is
        known), so no line runs across a stretch nobody wrote about.
    top : int, default 6
        Lines for at most this many groups, those with the most articles; the note names how many
        were left out.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        One line per group (``ax.lines``, labelled with the group) and its interval as a band.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> summ = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "period": pd.to_datetime(["2024-01-01", "2024-02-01"] * 2),
    ...                      "mean": [0.1, 0.2, -0.1, 0.0], "ci_low": [0.0, 0.1, -0.2, -0.1],
    ...                      "ci_high": [0.2, 0.3, 0.0, 0.1], "n": [10, 12, 9, 11]})
    >>> ax = nl.plot.trend(summ, measure="sentiment")
    >>> [line.get_label() for line in ax.lines if not line.get_label().startswith("_")]
    ['A', 'B']
    """
    df = summary_or_scores
    if not isinstance(df, pd.DataFrame):
        _require(df, [], table="summary", producer="nl.summarize(scores, articles, freq='M')")
    if not {"mean", "ci_low", "ci_high"} <= set(df.columns):
        from .summarize import summarize as _summarize

        df = _summarize(summary_or_scores, articles, by=[by] if by else None, freq=freq, **summarize_options)
    _require(df, ["period", "mean", "ci_low", "ci_high"], table="summary",
             producer=f"nl.summarize(scores, articles, by={[by] if by else None!r}, freq={freq!r})")
    group = by if by and by in df.columns else None
    df = df.assign(period=pd.to_datetime(df["period"]), _g=_unknown(df[group]).astype(str) if group else "all articles")
    few = _too_few(df, min_n)
    weight = pd.to_numeric(df["n"], errors="coerce").fillna(0) if "n" in df.columns else pd.Series(1, index=df.index)
    ranked = weight.groupby(df["_g"], sort=False).sum().sort_values(ascending=False, kind="stable")
    drawable = set(df.loc[~few, "_g"])
    ranked = ranked[[g in drawable for g in ranked.index]]  # a group with no period to draw gets no line
    shown = list(ranked.index[: max(int(top), 1)])
    ax = _axes(ax, (9, 4.5))
    meta = df.attrs.get("newslens", {}) or {}
    freq = meta.get("freq") or freq  # the summary's own periods
    every = _every_period(df["period"], freq)
    for i, g in enumerate(shown):
        part = df[df["_g"] == g].sort_values("period")
        part = part.assign(_few=few.loc[part.index].to_numpy()).drop_duplicates("period").set_index("period")
        if every is not None:  # a period with no article of the group: a gap too, not a line across it
            part = part.reindex(every[(every >= part.index.min()) & (every <= part.index.max())])
        drop = part["_few"].fillna(True).to_numpy(dtype=bool)
        m = np.where(drop, np.nan, part["mean"].to_numpy(dtype=float))  # NaN: the line breaks
        lo = np.where(drop, np.nan, part["ci_low"].to_numpy(dtype=float))
        hi = np.where(drop, np.nan, part["ci_high"].to_numpy(dtype=float))
        colour, marker = _style(i)
        x = part.index.to_numpy()
        ax.fill_between(x, lo, hi, color=colour, alpha=0.15, lw=0, gid=f"interval {g}")
        ax.plot(x, m, marker=marker, ms=5, lw=1.6, color=colour, label=_wrap(g, 24))
        alone = np.isfinite(m) & ~np.isfinite(np.r_[np.nan, m[:-1]]) & ~np.isfinite(np.r_[m[1:], np.nan])
        if alone.any():  # a band needs two periods: a point with no drawn neighbour shows its interval as a bar
            ax.errorbar(x[alone], m[alone], yerr=np.vstack([m[alone] - lo[alone], hi[alone] - m[alone]]).clip(0),
                        fmt="none", ecolor=colour, elinewidth=1.2, capsize=3, alpha=0.6)
    drawn = df[df["_g"].isin(shown) & ~few]
    lo_all, hi_all = (np.nanmin(drawn["ci_low"].to_numpy(dtype=float)), np.nanmax(drawn["ci_high"].to_numpy(dtype=float))) \
        if len(drawn) else (np.nan, np.nan)
    if np.isfinite(lo_all) and np.isfinite(hi_all) and lo_all <= 0 <= hi_all:
        ax.axhline(0, color="#444444", lw=1.0, ls="--", zorder=1.5, gid="zero")
    name = measure or meta.get("of") or (meta.get("measure") if meta.get("measure") != "summarize" else None)
    unit = _unit(name, meta)
    period = _FREQ_NAMES.get(str(freq).upper(), "period")
    ax.set_ylabel(f"mean {unit}")
    ax.set_xlabel(f"{period} (UTC, start of period); bands: 95% bootstrap interval")
    ax.grid(axis="y", color="#EEEEEE", lw=0.7)
    _despine(ax)
    ax.set_title(title or f"{(str(name) if name else 'Measure').capitalize()} per {period}"
                 + (f" by {group}" if group else ""), loc="left")
    if group and shown:
        _legend_outside(ax, title=group)
    if len(drawn):
        when = pd.DatetimeIndex(drawn["period"].unique())
        if len(when) == 1:  # one period: centred, labelled, a period either side
            import matplotlib.dates as mdates

            pad = pd.Timedelta(days=_PERIOD_DAYS.get(period, 30))
            ax.set_xlim(when[0] - pad, when[0] + pad)
            ax.set_xticks(list(when))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        ax.figure.autofmt_xdate()
    else:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.text(0.5, 0.5, f"No {period} rests on {int(min_n)} or more independent articles:\n"
                          "summarise over a longer period (freq=) or lower min_n.",
                transform=ax.transAxes, ha="center", va="center", color="#444444", gid="nothing drawn")
    notes = []
    n_groups = df["_g"].nunique()
    if n_groups > len(shown):
        notes.append(f"{n_groups - len(shown)} of {n_groups} groups are not drawn: those with fewer articles (top={int(top)}) "
                     f"and those with no {period} of {int(min_n)} or more.")
    hidden = int((few & df["_g"].isin(shown)).sum())
    if hidden:
        notes.append(f"{hidden} point(s) rest on fewer than {int(min_n)} independent articles and are not drawn "
                     f"(min_n={int(min_n)}): the line breaks there.")
    _caption(ax, _join_notes(ax, *notes))
    return ax


# ------------------------------------------------------------------ sources
_SOURCE_COUNTS = Registry("count")
_SOURCE_COUNTS.register("n_quotes", "quotes")
_SOURCE_COUNTS.register("n_attributions", "attributions")
_SOURCE_COUNTS.register("sources", "distinct sources")


def sources(sources, *, articles=None, by="outlet", count="n_quotes", percent=False, top=None, title=None, ax=None):
    """Who gets quoted, by outlet: named vs anonymous sources as stacked horizontal bars.

    Parameters
    ----------
    sources : DataFrame
        Output of ``nl.sources(articles)``: ``article_id``, ``source``, ``named`` (bool) and
        ``n_quotes`` / ``n_attributions``.
    articles : DataFrame, optional
        The ``nl.load()`` table for looking up ``by``.
    by : str
        Group column (one bar per group).
    count : {"n_quotes", "n_attributions", "sources"}
        What is counted: quotes, attributions ("according to …"), or distinct sources.
    percent : bool
        Draw shares (%) instead of counts.
    top : int or None
        Draw the ``top`` groups with most articles and pool the others as "other (k …)".
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        Two bar containers (named, anonymous); the anonymous share is written at each bar's end.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> s = pd.DataFrame({"article_id": ["a", "a"], "source": ["Kim", "an official"], "named": [True, False],
    ...                   "n_quotes": [3, 1], "n_attributions": [0, 2], "outlet": "X"})
    >>> ax = nl.plot.sources(s)
    >>> [float(p.get_width()) for p in ax.patches]
    [3.0, 1.0]
    """
    what = _SOURCE_COUNTS.get(count)
    need = ["article_id", "source", "named"] + ([count] if count != "sources" else [])
    _require(sources, need, table="sources", producer="nl.sources(articles)")
    df = _with_group(sources, articles, by, table="sources", producer="nl.sources(articles)")
    df = df.assign(**{by: _unknown(df[by]), "_named": df["named"].fillna(False).astype(bool)})
    df, pooled = _pool(df, by, top=top, what=f"{by}s")
    if count == "sources":
        vals = df.assign(_k=df["source"].astype(str).str.casefold()).groupby([by, "_named"])["_k"].nunique()
    else:
        vals = df.assign(_v=pd.to_numeric(df[count], errors="coerce").fillna(0)).groupby([by, "_named"])["_v"].sum()
    table = vals.unstack("_named").reindex(columns=[True, False]).fillna(0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    total = table.sum(axis=1).replace(0, np.nan)
    if percent:
        table = table.div(total, axis=0).fillna(0) * 100

    groups = list(table.index)
    ax = _axes(ax, (8.5, min(1.9 + 0.38 * len(groups), 20)))
    y = np.arange(len(groups))
    named = table[True].to_numpy(dtype=float)
    anon = table[False].to_numpy(dtype=float)
    ax.barh(y, named, color=OKABE_ITO[0], label="named source", edgecolor="white", height=0.7)
    ax.barh(y, anon, left=named, color=OKABE_ITO[1], hatch="//", label="anonymous / unnamed", edgecolor="white", height=0.7)
    share_anon = (anon / (named + anon + 1e-12)) * 100
    for yi, end, s, tot in zip(y, named + anon, share_anon, named + anon):
        if tot > 0:
            ax.annotate(f"{s:.0f}% anonymous", (end, yi), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=8, color="#444444")
    ax.set_yticks(y, [_wrap(g, 20) for g in groups])
    ax.set_ylim(len(groups) - 0.5, -0.5)
    right = float(np.nanmax(named + anon)) if len(groups) else 1.0
    ax.set_xlim(0, (100 if percent else max(right, 1)) * 1.35)
    ax.set_xlabel(f"share of {what} (%)" if percent else f"{what} (count)")
    ax.set_ylabel(by)
    ax.grid(axis="x", color="#EEEEEE", lw=0.7)
    ax.set_axisbelow(True)
    _despine(ax)
    ax.set_title(title or f"Who is quoted: {what} from named and anonymous sources, by {by}", loc="left")
    _legend_outside(ax)
    _caption(ax, _join_notes(ax, pooled))
    return ax


# ------------------------------------------------------------------ sourcing strip
def sourcing(sourcing, *, article_id=None, paragraphs=None, title=None, ax=None):
    """One article's paragraphs as a strip coloured attributed / reported / commentary.

    Given a sentence table (``nl.sourcing(articles, level="sentence")``), each paragraph's column is
    shared among its sentences, stacked bottom to top in reading order and coloured by their own
    labels, so one commentary sentence in a paragraph labelled reported stays visible.

    Parameters
    ----------
    sourcing : DataFrame
        Output of ``nl.sourcing(articles)``: ``article_id``, ``paragraph``, ``label`` (and
        ``sentence`` for the sentence level).
    article_id : str, optional
        Which article, when the table holds several.
    paragraphs : DataFrame, optional
        Output of ``nl.paragraphs(articles)``; paragraphs that were not scored (captions,
        credits, bylines, boilerplate, duplicates) are then drawn grey and named.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        One rectangle per paragraph (``ax.patches``), colour and hatching by label.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> s = pd.DataFrame({"article_id": "a", "paragraph": [0, 1, 2],
    ...                   "label": ["reported", "attributed", "commentary"]})
    >>> ax = nl.plot.sourcing(s)
    >>> len(ax.patches)
    3
    >>> s2 = pd.DataFrame({"article_id": "a", "paragraph": [0, 0, 1], "sentence": [0, 1, 0],
    ...                    "label": ["reported", "commentary", "attributed"]})
    >>> [r.get_height() for r in nl.plot.sourcing(s2).patches]
    [0.5, 0.5, 1.0]
    """
    from matplotlib.patches import Patch, Rectangle

    _require(sourcing, ["paragraph", "label"], table="sourcing", producer="nl.sourcing(articles)")
    df, article_id = _one_article(sourcing, article_id, what="sourcing")
    by_sentence = "sentence" in df.columns
    if by_sentence:
        df = df.sort_values(["paragraph", "sentence"], kind="stable")
    parts: dict[int, list[str]] = {}  # paragraph -> the labels of its parts, bottom to top
    for p, lab in zip(df["paragraph"].astype(int), df["label"]):
        if pd.notna(lab):
            parts.setdefault(p, []).append(str(lab))
    kinds: dict[int, str] = {}
    if paragraphs is not None:
        _require(paragraphs, ["paragraph", "kind"], table="paragraphs", producer="nl.paragraphs(articles)")
        pdf, _ = _one_article(paragraphs, article_id, what="paragraphs")
        for p, k in zip(pdf["paragraph"].astype(int), _paragraph_labels(pdf)):
            kinds[p] = k
    allp = sorted(set(parts) | set(kinds))
    ax = _axes(ax, (max(6, min(0.32 * len(allp) + 2.5, 16)), 2.3))
    unknown = set()
    for p in allp:
        got = parts.get(p, [])
        if got and all(x in SOURCING_COLOURS for x in got):
            h = 1 / len(got)
            for k, x in enumerate(got):
                ax.add_patch(Rectangle((p - 0.5, k * h), 1, h, facecolor=SOURCING_COLOURS[x], hatch=SOURCING_HATCH[x],
                                       edgecolor="white", lw=1.2 if k == 0 else 0.6, label=x, gid=x))
            continue
        why = kinds.get(p, "not scored") if not got else got[0]
        unknown.add(why)
        ax.add_patch(Rectangle((p - 0.5, 0), 1, 1, facecolor="#E6E6E6", edgecolor="white", lw=1.2,
                               label="not scored", gid="not scored"))
        ax.text(p, 0.5, why, rotation=90, ha="center", va="center", fontsize=7.5, color="#555555")
    if allp:
        ax.set_xlim(allp[0] - 0.6, allp[-1] + 0.6)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    step = 1 if len(allp) <= 30 else int(np.ceil(len(allp) / 30))
    ax.set_xticks(allp[::step])
    unit = "sentence" if by_sentence else "paragraph"
    ax.set_xlabel("paragraph (in article order)" + ("; each column split among its sentences" if by_sentence else ""))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    handles = [Patch(facecolor=SOURCING_COLOURS[k], hatch=SOURCING_HATCH[k], edgecolor="white", label=SOURCING_MEANING[k])
               for k in SOURCING_COLOURS]
    if unknown:
        handles.append(Patch(facecolor="#E6E6E6", label="not scored (" + ", ".join(sorted(unknown)) + ")"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=2 if len(handles) > 2 else len(handles),
              frameon=False, fontsize=8)
    name = f" {article_id}" if article_id is not None else ""
    ax.set_title(title or f"Sourcing, {unit} by {unit}: article{name}", loc="left")
    return ax


# ------------------------------------------------------------------ one article's frames
def frame_scores(frames, *, article_id=None, title=None, ax=None):
    """One article's frame scores as bars, with the threshold that makes a frame ``present``.

    ``present`` needs both a score at or above the frame's ``min_score`` (the tick on each bar's
    row) and at least ``min_cues`` *different* cue words, so a high bar can be "not present"
    (one cue word repeated) and a short one "present"; the label at each bar says which rule held.

    Parameters
    ----------
    frames : DataFrame
        Output of ``nl.frames(article, level="article")``: ``frame``, ``score``, ``n_cues``,
        ``present``; the thresholds are read from ``attrs["newslens"]["thresholds"]``.
    article_id : str, optional
        Which article, when the table holds several.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        One bar per frame (``ax.patches``), solid when present and pale when not.

    Examples
    --------
    >>> import newslens as nl
    >>> f = nl.frames(nl.load_example().iloc[:1], level="article")
    >>> ax = nl.plot.frame_scores(f)
    >>> len(ax.patches) == len(f)
    True
    """
    _require(frames, ["frame", "score", "present"], table="frames", producer='nl.frames(articles, level="article")')
    df, article_id = _one_article(frames, article_id, what="frames")
    meta = frames.attrs.get("newslens", {}) if isinstance(frames, pd.DataFrame) else {}
    rules = meta.get("thresholds") or {}
    unit = meta.get("score_unit") or "score"
    names = df["frame"].astype(str).tolist()
    scores = pd.to_numeric(df["score"], errors="coerce").fillna(0).to_numpy(dtype=float)
    present = df["present"].fillna(False).astype(bool).to_numpy()
    cues = pd.to_numeric(df["n_cues"], errors="coerce").fillna(0).astype(int).to_numpy() if "n_cues" in df.columns else None
    ax = _axes(ax, (7.5, 1.6 + 0.5 * len(names)))
    y = np.arange(len(names))
    ax.barh(y, scores, color=[OKABE_ITO[0] if p else "#C9DDEB" for p in present], height=0.65,
            edgecolor=[OKABE_ITO[0]] * len(names))
    right = max(float(scores.max()) if len(scores) else 0.0, 1.0)
    for yi, name, sc, pr in zip(y, names, scores, present):
        rule = rules.get(name, {})
        need_score, need_cues = rule.get("min_score"), rule.get("min_cues")
        if need_score is not None:
            ax.plot([need_score, need_score], [yi - 0.42, yi + 0.42], color="#222222", lw=1.6, gid="threshold")
            right = max(right, float(need_score))
        k = int(cues[yi]) if cues is not None else None
        if pr:
            why = "present" + (f": {k} different cues" if k is not None else "")
        elif need_cues is not None and k is not None and k < int(need_cues):
            why = f"not present: {k} different cue{'s' if k != 1 else ''}, needs {int(need_cues)}"
        elif need_score is not None and sc < float(need_score):
            why = f"not present: score below {float(need_score):g}"
        else:
            why = "not present"
        at = max(sc, float(need_score)) if need_score is not None else sc  # clear of the threshold tick
        ax.annotate(why, (at, yi), xytext=(5, 0), textcoords="offset points", va="center", fontsize=8.5,
                    color="#222222" if pr else "#666666")
    ax.set_xlim(0, right * 1.9)
    ax.set_yticks(y, [n.replace("_", " ") for n in names])
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlabel(f"frame score ({unit}); black tick: the score a frame needs")
    _despine(ax)
    ax.set_title(title or "Frame cues in this article", loc="left")
    _caption(ax, _join_notes(ax, "Solid bar: the frame is present (score at or above the tick and enough different "
                                 "cue words); pale bar: not present."))
    return ax


# ------------------------------------------------------------------ sourcing by group
def sourcing_shares(sourcing, *, articles=None, by="outlet", top=None, title=None, ax=None):
    """Share of body paragraphs labelled attributed / reported / commentary, per group (stacked bars).

    The colours and hatching are those of :func:`sourcing` and of the highlighted article.

    Parameters
    ----------
    sourcing : DataFrame
        Output of ``nl.sourcing(articles)``: ``article_id``, ``label``.
    articles : DataFrame, optional
        The ``nl.load()`` table for looking up ``by``.
    by : str
        Group column (one bar per group).
    top : int or None
        Draw the ``top`` groups with most articles and pool the others as "other (k …)".
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> s = pd.DataFrame({"article_id": ["a", "a", "b"], "label": ["reported", "commentary", "attributed"],
    ...                   "outlet": ["X", "X", "Y"]})
    >>> ax = nl.plot.sourcing_shares(s)
    >>> [round(p.get_width()) for p in ax.patches if p.get_width() > 0]
    [100, 50, 50]
    """
    _require(sourcing, ["article_id", "label"], table="sourcing", producer="nl.sourcing(articles)")
    df = _with_group(sourcing, articles, by, table="sourcing", producer="nl.sourcing(articles)")
    df = df[df["label"].isin(list(SOURCING_COLOURS))]
    df = df.assign(**{by: _unknown(df[by])})
    df, pooled = _pool(df, by, top=top, what=f"{by}s")
    share = (df.groupby(by)["label"].value_counts(normalize=True).unstack(fill_value=0) * 100)
    share = share.reindex(columns=list(SOURCING_COLOURS), fill_value=0)
    groups = list(share.index)
    ax = _axes(ax, (8.5, min(1.9 + 0.38 * len(groups), 20)))
    y = np.arange(len(groups))
    left = np.zeros(len(groups))
    for lab in SOURCING_COLOURS:
        vals = share[lab].to_numpy(dtype=float)
        ax.barh(y, vals, left=left, color=SOURCING_COLOURS[lab], hatch=SOURCING_HATCH[lab], edgecolor="white",
                height=0.7, label=SOURCING_MEANING[lab])
        left = left + vals
    ax.set_yticks(y, [_wrap(g, 20) for g in groups])
    ax.set_ylim(len(groups) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of body paragraphs (%)")
    ax.set_ylabel(by)
    _despine(ax)
    ax.set_title(title or f"Reporting or commentary, by {by}", loc="left")
    _legend_outside(ax)
    _caption(ax, _join_notes(ax, pooled))
    return ax


# ------------------------------------------------------------------ distinctive words (nl.keyness)
def _place_labels(ax, points, labels, colours) -> list:
    """Write ``labels`` beside ``points`` (data coordinates), trying a few offsets for each so no
    two labels overlap; a label with no free place is left out.  Returns the texts written."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    placed, boxes = [], []
    offsets = [(6, 0, "left", "center"), (-6, 0, "right", "center"), (0, 7, "center", "bottom"),
               (0, -7, "center", "top"), (8, 9, "left", "bottom"), (-8, 9, "right", "bottom"),
               (8, -9, "left", "top"), (-8, -9, "right", "top"), (14, 16, "left", "bottom"), (-14, -16, "right", "top")]
    axes_box = ax.get_window_extent(renderer)
    for (x, y), lab, col in zip(points, labels, colours):
        for dx, dy, ha, va in offsets:
            t = ax.annotate(lab, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, fontsize=8.5,
                            color=col, zorder=5, bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.85),
                            arrowprops=None if abs(dx) + abs(dy) < 15 else dict(arrowstyle="-", color="#999999", lw=0.6))
            box = t.get_window_extent(renderer).expanded(1.04, 1.12)
            inside = axes_box.contains(box.x0, box.y0) and axes_box.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(b) for b in boxes):
                boxes.append(box)
                placed.append(t)
                break
            t.remove()
    return placed


def keyness(table, *, top: int = 12, title=None, ax=None):
    """The "Fightin' Words" chart: each word's frequency against its z-score, the most distinctive labelled.

    Parameters
    ----------
    table : DataFrame
        The output of ``nl.keyness(...)``.
    top : int, default 12
        Words labelled on each side (the highest and lowest z, even when inside ±1.96, so a
        small corpus still shows its leading words: those labels are grey, like their points);
        labels never overlap (a label with no free place nearby is left out).
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        x: words per 1,000 in both groups together (log scale); y: z-score.  Words beyond
        |z| = 1.96 are coloured by the group they are typical of; the dashed lines mark ±1.96.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> arts = pd.DataFrame({"article_id": ["1", "2"], "outlet": ["A", "B"],
    ...                      "text": ["The mill closes. Jobs lost at the mill.", "The storm floods homes. The storm passes."]})
    >>> ax = nl.plot.keyness(nl.keyness(arts, groups=("A", "B")), top=2)
    >>> ax.get_ylabel()
    'z-score of the log-odds ratio (a vs b)'
    """
    _require(table, ["word", "n_a", "n_b", "z"], table="keyness", producer='nl.keyness(articles, by="outlet", groups=(a, b))')
    if not isinstance(top, (int, np.integer)) or top < 0:
        raise OptionError(f"`top` must be a whole number ≥ 0; got {top!r}.")
    meta = table.attrs.get("newslens", {}) or {}
    ga, gb = (meta.get("groups") or ["a", "b"])[:2]
    words_total = float(meta.get("words_a", 0) + meta.get("words_b", 0)) or float((table["n_a"] + table["n_b"]).sum()) or 1.0
    ax = _axes(ax, (9, 6.5))
    freq = 1000.0 * (table["n_a"] + table["n_b"]).to_numpy(dtype=float) / words_total
    z = table["z"].to_numpy(dtype=float)
    strong = np.abs(z) >= 1.96
    col_a, col_b = POSITIVE, NEGATIVE
    ax.scatter(freq[~strong], z[~strong], s=9, color="#BBBBBB", alpha=0.6, lw=0, label="not distinctive (|z| < 1.96)", zorder=2)
    ax.scatter(freq[strong & (z > 0)], z[strong & (z > 0)], s=16, color=col_a, marker="o", lw=0, label=f"typical of {ga}", zorder=3)
    ax.scatter(freq[strong & (z < 0)], z[strong & (z < 0)], s=16, color=col_b, marker="s", lw=0, label=f"typical of {gb}", zorder=3)
    ax.set_xscale("log")
    for yv in (1.96, -1.96):
        ax.axhline(yv, color="#777777", lw=0.8, ls="--", zorder=1)
    ax.axhline(0, color="#444444", lw=0.8, zorder=1)
    if len(z):
        low, high = min(np.nanmin(z), -2.5), max(np.nanmax(z), 2.5)
        pad = 0.08 * (high - low)
        ax.set_ylim(low - pad, high + pad)
        ax.set_xlim(np.nanmin(freq) / 1.6, np.nanmax(freq) * 2.2)
    ax.set_xlabel("frequency in both groups (words per 1,000, log scale)")
    ax.set_ylabel("z-score of the log-odds ratio (a vs b)")
    ax.grid(color="#EEEEEE", lw=0.6, zorder=0)
    _despine(ax)
    ax.set_title(title or f"Distinctive words: {ga} (up) vs {gb} (down)", loc="left")
    _legend_outside(ax, fontsize=8.5)
    if top and len(z):
        ax.figure.canvas.draw()
        order = np.argsort(-z, kind="stable")
        picks = [i for i in order[:top] if z[i] > 0] + [i for i in order[::-1][:top] if z[i] < 0]
        picks.sort(key=lambda i: -abs(z[i]))
        _place_labels(ax, [(freq[i], z[i]) for i in picks], [str(table["word"].iloc[i]) for i in picks],
                      [("#666666" if not strong[i] else col_a if z[i] > 0 else col_b) for i in picks])
    return ax


# ------------------------------------------------------------------ within-story differences (nl.compare)
def within_story(comparison, *, title=None, ax=None):
    """Paired differences between groups on the stories both covered, beside the raw difference.

    Parameters
    ----------
    comparison : DataFrame
        The output of ``nl.compare(scores, articles, by=..., within="story")``.  With a
        ``target`` or ``frame`` column, each target/frame is a colour.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        One row per pair "a − b": a filled marker and bar for the within-story difference and
        its 95% interval, a hollow marker for the raw difference of all their articles, and
        the number of shared stories at the right.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> cmp = pd.DataFrame({"outlet_a": ["X"], "outlet_b": ["Y"], "difference": [0.3], "ci_low": [0.1],
    ...                     "ci_high": [0.5], "n_stories": [12], "raw_difference": [0.05]})
    >>> ax = nl.plot.within_story(cmp)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['X − Y']
    """
    _require(comparison, ["difference", "ci_low", "ci_high", "n_stories"], table="comparison",
             producer='nl.compare(scores, articles, by="outlet", within="story")')
    a_col = next((c for c in comparison.columns if str(c).endswith("_a") and not str(c).startswith(("n_", "raw_"))), None)
    b_col = a_col[:-2] + "_b" if a_col else None
    if a_col is None or b_col not in comparison.columns:
        raise ColumnError("The comparison table needs the pair columns `<by>_a` and `<by>_b`; pass the output of nl.compare().")
    by = a_col[:-2]
    hue = next((c for c in ("target", "frame") if c in comparison.columns), None)
    df = comparison.assign(_pair=comparison[a_col].astype(str) + " − " + comparison[b_col].astype(str))
    pairs = list(dict.fromkeys(df["_pair"]))
    hues = list(dict.fromkeys(df[hue].astype(str))) if hue else [None]
    ax = _axes(ax, (8.5, min(1.8 + 0.5 * len(pairs) * max(1, len(hues) ** 0.5), 11)))
    step = 0.7 / max(len(hues), 1)
    for k, h in enumerate(hues):
        part = df if h is None else df[df[hue].astype(str) == h]
        y = np.array([pairs.index(p) for p in part["_pair"]], dtype=float) + (k - (len(hues) - 1) / 2) * step
        m = part["difference"].to_numpy(dtype=float)
        err = np.vstack([np.clip(m - part["ci_low"].to_numpy(dtype=float), 0, None), np.clip(part["ci_high"].to_numpy(dtype=float) - m, 0, None)])
        colour = OKABE_ITO[k % len(OKABE_ITO)] if h is not None else "#222222"
        ax.errorbar(m, y, xerr=np.nan_to_num(err), fmt=MARKERS[k % len(MARKERS)], color=colour, ecolor=colour, elinewidth=1.6,
                    capsize=3, ms=6, label=(f"{h}: " if h else "") + "within shared stories (95% interval)", zorder=3)
        if "raw_difference" in part.columns:
            ax.scatter(part["raw_difference"].to_numpy(dtype=float), y, s=40, facecolors="none", edgecolors=colour, lw=1.2,
                       marker=MARKERS[k % len(MARKERS)], label=(f"{h}: " if h else "") + "raw: all articles of each", zorder=4)
        for yv, ns in zip(y, part["n_stories"]):
            ax.annotate(f"{int(ns)} stories", (1.0, yv), xycoords=("axes fraction", "data"), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=7.5, color="#555555")
    ax.axvline(0, color="#444444", lw=1.0, ls="--", zorder=1.5)
    ax.set_yticks(range(len(pairs)), [_wrap(p, 28) for p in pairs])
    ax.set_ylim(len(pairs) - 0.5, -0.5)
    meta = comparison.attrs.get("newslens", {}) or {}
    name = meta.get("of") or meta.get("value") or "score"
    ax.set_xlabel(f"difference in mean {_unit(name, meta)} (a − b)")
    ax.set_ylabel(f"{by} pair (a − b)")
    ax.grid(axis="x", color="#EEEEEE", lw=0.7)
    _despine(ax)
    ax.set_title(title or f"{str(name).capitalize()}: differences between {by}s on the same stories", loc="left")
    _legend_outside(ax, loc="upper left", bbox_to_anchor=(0.0, -0.16), ncol=2, fontsize=8)
    return ax
