"""Notebook widgets: ``explore()`` to browse a corpus, ``code()`` to code units by hand.

ipywidgets is imported here only.  The widgets are thin shells over pure functions
(:func:`article_view`, :func:`corpus_view`), which the tests and other code can call
directly.  Library code never calls ``display()``: the functions return the widget, and
Jupyter shows it when it is the last value of a cell.
"""
from __future__ import annotations

import html
import io
import os
from functools import lru_cache
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .files import atomic_write
from .errors import invalid_choice, missing_columns
from .scale import DEFAULT_MEASURES as MEASURES

__all__ = ["explore", "code", "article_view", "corpus_view", "CODE_CHOICES", "Explorer", "Coder"]

CODE_CHOICES = {
    "sentiment": ("negative", "neutral", "positive"),
    "stance": ("negative", "neutral", "positive"),
    "sourcing": ("attributed", "reported", "commentary"),
    "frames": ("absent", "present"),
    "quotes": ("no quote", "quote, speaker right", "quote, speaker wrong"),
}


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _table_html(df: pd.DataFrame, max_rows: int = 15) -> str:
    return df.head(max_rows).to_html(index=False, escape=True, float_format=lambda v: f"{v:.2f}", na_rep="", border=0)


def _label(value) -> str:
    return "(unknown)" if pd.isna(value) else str(value)


# ---------------------------------------------------------------- pure views
def article_view(articles: pd.DataFrame, article_id: str, measure: str) -> dict:
    """Everything the explorer shows for one article and measure.

    Returns a dict with ``html`` (the highlighted article, escaped), ``png`` (a plot of the
    measure for this article, or None), and ``table`` (the measure's rows for the article).
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from . import measures as _m
    from . import plot
    from .highlight import highlight

    if measure not in MEASURES:
        raise invalid_choice("measure", measure, MEASURES)
    row = articles[articles["article_id"] == article_id]
    if row.empty:
        raise invalid_choice("article_id", article_id, articles["article_id"].head(10).tolist(), fix="(first 10 shown)")
    hl = highlight(row, by=measure)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    png = None
    if measure == "sentiment":
        table = hl.scores
        from .segment import paragraphs

        plot.sentiment_arc(_m.get("sentiment")(row, level="paragraph"), paragraphs=paragraphs(row), ax=ax)
    elif measure == "stance":
        table = _m.get("stance")(row, level="article")
        if len(table):
            plot.stance_heatmap(table, columns="article_id", ax=ax)
    elif measure == "frames":
        table = _m.get("frames")(row, level="article")
        ax.barh(table["frame"].astype(str), table["score"].astype(float), color="#0072B2")
        ax.set_xlabel("frame cues per 1,000 words")
        ax.set_title("Frame cues in this article")
    elif measure == "quotes":
        table = hl.scores
        if len(table):
            who = table["speaker_name"] if "speaker_name" in table.columns else table["speaker"]
            counts = table.assign(_who=who.map(_label)).groupby("_who")["group"].nunique().sort_values(ascending=False)
            ax.barh(counts.index.astype(str), counts.to_numpy(), color="#009E73")
            ax.invert_yaxis()
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlabel("quotations (direct and reported)")
            ax.set_title("Who is quoted")
    else:
        table = hl.scores
        if len(table):
            plot.sourcing(table, ax=ax)
    if ax.has_data() or ax.images or ax.collections or ax.patches:
        png = _png(fig)
    else:
        plt.close(fig)
    cols = [c for c in table.columns if c not in ("evidence", "cues", "text")]
    return {"html": hl.html, "png": png, "table": table[cols]}


def corpus_view(articles: pd.DataFrame, measure: str) -> dict:
    """The outlet comparison of the explorer's corpus tab: ``png`` and ``table``."""
    import matplotlib.pyplot as plt

    from . import measures as _m
    from . import plot
    from .summarize import summarize

    if measure not in MEASURES:
        raise invalid_choice("measure", measure, MEASURES)
    fig, ax = plt.subplots(figsize=(7, 3.8))
    if measure == "sentiment":
        table = summarize(_m.get("sentiment")(articles, level="article"), articles, by=["outlet"])
        plot.compare(table, ax=ax)
    elif measure == "stance":
        st = _m.get("stance")(articles, level="article")
        top = st.groupby("target")["n_mentions"].sum().nlargest(8).index
        table = st[st["target"].isin(top)]
        plot.stance_heatmap(table, articles=articles, columns="outlet", ax=ax)
    elif measure == "frames":
        table = _m.get("frames")(articles, level="article")
        plot.frames(table, articles=articles, by="outlet", ax=ax)
    elif measure == "quotes":
        table = _m.get("sources")(articles)
        plot.sources(table, articles=articles, by="outlet", ax=ax)
    else:
        sg = _m.get("sourcing")(articles).merge(articles[["article_id", "outlet"]], on="article_id")
        table = (sg.groupby("outlet")["label"].value_counts(normalize=True).unstack(fill_value=0) * 100).round(1).reset_index()
        table.set_index("outlet").plot.barh(stacked=True, ax=ax, color=["#0072B2", "#E69F00", "#D55E00"][: table.shape[1] - 1])
        ax.set_xlabel("share of body paragraphs (%)")
        ax.set_title("Reporting or commentary, by outlet")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    cols = [c for c in table.columns if c not in ("evidence", "cues", "text")]
    return {"png": _png(fig), "table": table[cols]}


# ---------------------------------------------------------------- explore
def explore(articles: pd.DataFrame):
    """An explorer widget: pick an outlet, an article and a measure; compare outlets.

    Tab "Article": the article with its evidence highlighted, a plot and the numbers.
    Tab "Outlets": the chosen measure compared across outlets (press *Compare outlets*).

    Examples
    --------
    >>> import newslens as nl
    >>> w = nl.explore(nl.load_example())
    >>> w.measure.value = "quotes"
    >>> "Who is quoted" in w.numbers.value or w.text.value != ""
    True
    """
    return _build_explorer(articles)


class Explorer(w.Tab):
    """The explorer widget (see :func:`explore`); its parts are attributes for scripting."""


def _build_explorer(articles: pd.DataFrame) -> Explorer:
    need = {"article_id", "text", "outlet"}
    if not need <= set(articles.columns):
        raise missing_columns("articles", sorted(need - set(articles.columns)), articles.columns, fix="Pass the output of nl.load().")
    arts = articles.reset_index(drop=True)
    outlets = sorted(arts["outlet"].map(_label).unique())
    outlet = w.Dropdown(options=["(all)", *outlets], value="(all)", description="Outlet")
    article = w.Dropdown(description="Article", layout=w.Layout(width="32em"))
    measure = w.Dropdown(options=list(MEASURES), value="sentiment", description="Measure")
    text = w.HTML()
    image = w.Image(format="png", layout=w.Layout(max_width="520px"))
    numbers = w.HTML()
    status = w.HTML()
    compare_btn = w.Button(description="Compare outlets", icon="bar-chart", button_style="primary")
    corpus_image = w.Image(format="png", layout=w.Layout(max_width="640px"))
    corpus_table = w.HTML()

    @lru_cache(maxsize=64)
    def view(aid, m):
        return article_view(arts, aid, m)

    @lru_cache(maxsize=8)
    def cview(m):
        return corpus_view(arts, m)

    def article_options(*_):
        sub = arts if outlet.value == "(all)" else arts[arts["outlet"].map(_label) == outlet.value]
        opts = [(f"{_label(o)} — {str(t)[:60]}", a) for a, o, t in zip(sub["article_id"], sub["outlet"], sub.get("title", sub["article_id"]))]
        article.options = opts
        if opts:
            article.value = opts[0][1]

    def refresh(*_):
        if article.value is None:
            text.value, numbers.value = "<i>No article.</i>", ""
            return
        try:
            v = view(article.value, measure.value)
        except Exception as exc:  # shown to the user instead of a broken widget
            status.value = f"<span style='color:#b00'>{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</span>"
            return
        status.value = ""
        text.value = v["html"]
        image.value = v["png"] or b""
        image.layout.display = None if v["png"] else "none"
        numbers.value = _table_html(v["table"])

    def compare(*_):
        compare_btn.disabled = True
        try:
            v = cview(measure.value)
            corpus_image.value = v["png"]
            corpus_table.value = _table_html(v["table"], max_rows=30)
        finally:
            compare_btn.disabled = False

    outlet.observe(article_options, names="value")
    article.observe(refresh, names="value")
    measure.observe(refresh, names="value")
    measure.observe(lambda *_: setattr(corpus_table, "value", ""), names="value")
    compare_btn.on_click(compare)
    article_options()
    refresh()

    article_tab = w.VBox([w.HBox([outlet, measure]), article, status,
                          w.HBox([w.Box([text], layout=w.Layout(width="58%", max_height="640px", overflow="auto")),
                                  w.VBox([image, numbers], layout=w.Layout(width="42%"))])])
    corpus_tab = w.VBox([w.HTML("Compare the chosen measure across outlets, with 95% intervals where they apply."),
                         compare_btn, corpus_image, corpus_table])
    tabs = Explorer(children=[article_tab, corpus_tab])
    tabs.set_title(0, "Article")
    tabs.set_title(1, "Outlets")
    # handles for notebooks and tests
    for name, obj in dict(outlet=outlet, article=article, measure=measure, text=text, image=image, numbers=numbers,
                          status=status, compare_button=compare_btn, corpus_image=corpus_image, corpus_table=corpus_table).items():
        setattr(tabs, name, obj)
    return tabs


# ---------------------------------------------------------------- code
def code(sample: pd.DataFrame, *, measure: str = "sentiment", coders: list[str] | tuple[str, ...] = ("coder",),
         path: str | os.PathLike | None = None, choices: list[str] | None = None):
    """A coding widget: one unit at a time, highlighted, with the measure's code choices.

    Parameters
    ----------
    sample : DataFrame
        Units to code (from :func:`newslens.sample`): needs ``text``; ``unit`` is made from the keys when missing.
    measure : str
        Which measure the codes are compared with; sets the default choices and the highlighting.
    coders : list of str
        Names of the people coding; pick the current one in the widget.
    path : str or Path, optional
        CSV or Parquet file the codes are saved to after every click (atomically) and read
        back from when it exists, so coding resumes where it stopped.
    choices : list of str, optional
        Code choices; default ``CODE_CHOICES[measure]``.

    Returns
    -------
    widget
        ``widget.codes`` is the long table ``unit, coder, code`` to pass to :func:`newslens.agreement`.
    """
    from .validate import unit_ids

    if measure not in CODE_CHOICES:
        raise invalid_choice("measure", measure, sorted(CODE_CHOICES))
    if "text" not in sample.columns:
        raise missing_columns("sample", ["text"], sample.columns, fix="Pass units from nl.sample().")
    if not coders:
        raise ValueError("`coders` must name at least one coder, e.g. coders=['ana', 'ben'].")
    units = sample.reset_index(drop=True)
    if "unit" not in units.columns:
        units.insert(0, "unit", unit_ids(units))
    units["unit"] = units["unit"].astype(str)
    options = list(choices or CODE_CHOICES[measure])
    path = Path(path) if path is not None else None
    codes = _read_codes(path)
    coder = w.Dropdown(options=list(coders), value=list(coders)[0], description="Coder")
    choice = w.ToggleButtons(options=options, value=None, description="Code")
    back = w.Button(description="Back", icon="arrow-left")
    nxt = w.Button(description="Next", icon="arrow-right")
    progress = w.IntProgress(min=0, max=len(units), description="Coded")
    where = w.HTML()
    text = w.HTML()
    state = {"i": 0, "codes": codes, "busy": False}
    rendered: dict[int, str] = {}

    def coded_by(name):
        c = state["codes"]
        return set(c.loc[c["coder"] == name, "unit"])

    def show(*_):
        i = state["i"]
        state["busy"] = True
        try:
            if not len(units):
                text.value, where.value = "<i>No units to code.</i>", ""
                return
            u = units.iloc[i]
            if i not in rendered:
                rendered[i] = _unit_html(u, measure)
            text.value = rendered[i]
            c = state["codes"]
            hit = c[(c["unit"] == u["unit"]) & (c["coder"] == coder.value)]
            choice.value = hit["code"].iloc[-1] if len(hit) and hit["code"].iloc[-1] in options else None
            done = len(coded_by(coder.value) & set(units["unit"]))
            progress.value = done
            where.value = f"Unit {i + 1} of {len(units)} · {done} coded by {html.escape(coder.value)}"
        finally:
            state["busy"] = False

    def record(change):
        if state["busy"] or change["new"] is None or not len(units):
            return
        u = units.iloc[state["i"]]["unit"]
        c = state["codes"]
        c = c[~((c["unit"] == u) & (c["coder"] == coder.value))]
        state["codes"] = pd.concat([c, pd.DataFrame({"unit": [u], "coder": [coder.value], "code": [change["new"]]})], ignore_index=True)
        if path is not None:
            _write_codes(state["codes"], path)
        show()

    def move(step):
        state["i"] = min(max(state["i"] + step, 0), max(len(units) - 1, 0))
        show()

    choice.observe(record, names="value")
    coder.observe(show, names="value")
    back.on_click(lambda _: move(-1))
    nxt.on_click(lambda _: move(+1))
    box = Coder([w.HBox([coder, progress]), where, text, choice, w.HBox([back, nxt])])
    box._state = state
    box.choice, box.next_button, box.back_button, box.coder, box.text, box.progress = choice, nxt, back, coder, text, progress
    show()
    return box


class Coder(w.VBox):
    """The coding widget (see :func:`code`)."""

    @property
    def codes(self) -> pd.DataFrame:
        """The codes so far: one row per unit × coder (``unit, coder, code``)."""
        return self._state["codes"].reset_index(drop=True).astype(str)


def _unit_html(unit: pd.Series, measure: str) -> str:
    from .highlight import highlight

    try:
        return highlight(str(unit["text"]), by=measure).html
    except Exception:  # highlighting is a help, never a reason not to code
        return f"<p>{html.escape(str(unit['text']))}</p>"


def _read_codes(path: Path | None) -> pd.DataFrame:
    empty = pd.DataFrame({"unit": pd.Series(dtype=object), "coder": pd.Series(dtype=object), "code": pd.Series(dtype=object)})
    if path is None or not path.exists():
        return empty
    df = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype=str)
    need = {"unit", "coder", "code"}
    if not need <= set(df.columns):
        raise missing_columns(f"codes file {path}", sorted(need - set(df.columns)), df.columns, fix="Use another `path`, or fix the file.")
    return df[["unit", "coder", "code"]].astype({"unit": str, "coder": str})


def _write_codes(codes: pd.DataFrame, path: Path) -> None:
    if path.suffix == ".parquet":
        atomic_write(path, lambda tmp: codes.to_parquet(tmp, index=False))
    else:
        atomic_write(path, lambda tmp: codes.to_csv(tmp, index=False))
