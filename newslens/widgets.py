"""Notebook widgets: ``explore()`` to browse a corpus, ``code()`` to code units by hand.

ipywidgets is imported here only.  The widgets are thin shells over pure functions
(:func:`article_view`, :func:`corpus_view`), which the tests and other code can call
directly.  Library code never calls ``display()`` on its own: the functions return the
widget, and Jupyter shows it when it is the last value of a cell.

Shared pages.  When Jupyter shows one of these widgets, it shows two outputs: the live
widget, and a static snapshot of its current view (plain HTML with the chart as an inline
PNG) that follows the widget as it changes.  Where the live widget renders (JupyterLab with
a kernel, or a rendered page that can load the widget renderer), a style rule hides the
snapshot; where it cannot (a page opened offline, a notebook reopened without its kernel),
the snapshot is what the reader sees.
"""
from __future__ import annotations

import base64
import html
import io
import os
from functools import lru_cache
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .errors import NewsLensError, OptionError, invalid_choice, missing_columns
from .files import atomic_write
from .scale import DEFAULT_MEASURES as MEASURES

__all__ = ["explore", "code", "article_view", "corpus_view", "CODE_CHOICES", "Explorer", "Coder", "CodeConflictError"]

CODE_CHOICES = {
    "sentiment": ("negative", "neutral", "positive"),
    "stance": ("negative", "neutral", "positive"),
    "sourcing": ("attributed", "reported", "commentary"),
    "frames": ("absent", "present"),
    "quotes": ("no quote", "quote, speaker right", "quote, speaker wrong"),
}

#: rows of a table shown at once in a widget (the rest by paging or download)
PAGE_ROWS = 15
#: the class of a live widget's element; the snapshot beside it is hidden while it renders
LIVE_CLASS = "newslens-live"
SNAPSHOT_CLASS = "newslens-snapshot"
_HIDE_WHEN_LIVE = (
    f"<style>.jp-OutputArea-child:has(.{LIVE_CLASS}) + .jp-OutputArea-child .{SNAPSHOT_CLASS},"
    f".output_area:has(.{LIVE_CLASS}) + .output_area .{SNAPSHOT_CLASS}{{display:none}}</style>"
)
_TABLE_CSS = ("<style>.newslens-table{overflow-x:auto;max-width:100%}"
              ".newslens-table table{border-collapse:collapse;font-size:13px}"
              ".newslens-table th,.newslens-table td{padding:2px 8px;text-align:left;vertical-align:top}"
              ".newslens-table td{max-width:28em;overflow-wrap:break-word}"
              ".newslens-error{color:#8a1c1c;background:#fdecea;border-left:4px solid #c62828;padding:6px 10px;margin:4px 0}"
              "</style>")


class CodeConflictError(NewsLensError):
    """A code would replace one that this coding widget did not make."""


# ---------------------------------------------------------------- small pieces
def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    finally:
        plt.close(fig)
    return buf.getvalue()


def _img(png: bytes | None, alt: str) -> str:
    if not png:
        return ""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" style="max-width:100%;height:auto">'


def _label(value) -> str:
    return "(unknown)" if pd.isna(value) else str(value)


def _title_of(articles: pd.DataFrame, article_id) -> str:
    row = articles.loc[articles["article_id"] == article_id]
    title = row["title"].iloc[0] if "title" in row.columns and len(row) else None
    return str(title) if title is not None and pd.notna(title) and str(title).strip() else f"article {article_id}"


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _table_html(df: pd.DataFrame, *, start: int = 0, rows: int = PAGE_ROWS) -> str:
    """Rows ``start``…``start+rows`` of ``df`` as escaped HTML in a horizontally scrolling box."""
    body = df.iloc[start:start + rows].to_html(index=False, escape=True, float_format=lambda v: f"{v:.2f}",
                                               na_rep="", border=0)
    return f'<div class="newslens-table">{body}</div>'


def _page_note(df: pd.DataFrame, start: int, rows: int = PAGE_ROWS) -> str:
    if len(df) <= rows:
        return f"{len(df)} row{'s' if len(df) != 1 else ''}"
    return f"Rows {start + 1}–{min(start + rows, len(df))} of {len(df)} (the table is longer than one page)"


def _csv_link(df: pd.DataFrame, name: str) -> str:
    data = base64.b64encode(df.to_csv(index=False).encode("utf-8")).decode("ascii")
    return (f'<a download="{html.escape(name)}" href="data:text/csv;base64,{data}">'
            f"Download all {len(df)} rows (CSV)</a>")


def _error_html(exc: BaseException, doing: str) -> str:
    """An error as a short message in plain words; newslens errors already say how to fix them."""
    if isinstance(exc, NewsLensError):
        msg = str(exc)
    else:
        msg = (f"{type(exc).__name__}: {exc}. This is not something you did wrong; please report it "
               "with this message to the newslens issue tracker.")
    return f'<div class="newslens-error"><b>Could not {html.escape(doing)}.</b> {html.escape(msg)}</div>'


class _Table:
    """A paged table: the rows shown, "Rows 1–15 of 80", previous/next buttons and a CSV download link."""

    def __init__(self, name: str):
        self.name = name
        self.df = pd.DataFrame()
        self.start = 0
        self.html = w.HTML()
        self.note = w.HTML()
        self.prev = w.Button(description="Previous rows", icon="arrow-up", layout=w.Layout(width="auto"))
        self.next = w.Button(description="Next rows", icon="arrow-down", layout=w.Layout(width="auto"))
        self.prev.on_click(lambda _: self.page(-1))
        self.next.on_click(lambda _: self.page(+1))
        self.box = w.VBox([self.html, w.HBox([self.note, self.prev, self.next])])
        self.show(self.df)

    def show(self, df: pd.DataFrame, name: str | None = None) -> None:
        self.df, self.start = df.reset_index(drop=True), 0
        self.name = name or self.name
        self._draw()

    def page(self, step: int) -> None:
        last = max((len(self.df) - 1) // PAGE_ROWS * PAGE_ROWS, 0)
        self.start = min(max(self.start + step * PAGE_ROWS, 0), last)
        self._draw()

    def _draw(self) -> None:
        if self.df.empty:
            self.html.value, self.note.value = "", ""
            self.prev.layout.display = self.next.layout.display = "none"
            return
        self.html.value = _TABLE_CSS + _table_html(self.df, start=self.start)
        long = len(self.df) > PAGE_ROWS
        self.note.value = _page_note(self.df, self.start) + (" · " + _csv_link(self.df, self.name) if long else "")
        self.prev.layout.display = self.next.layout.display = None if long else "none"
        self.prev.disabled = self.start == 0
        self.next.disabled = self.start + PAGE_ROWS >= len(self.df)

    def snapshot(self) -> str:
        if self.df.empty:
            return ""
        more = len(self.df) > PAGE_ROWS
        return (_table_html(self.df, start=self.start) + f"<p><small>{html.escape(_page_note(self.df, self.start))}"
                + (" · " + _csv_link(self.df, self.name) if more else "") + "</small></p>")


def _snapshot_frame(body: str) -> str:
    return (_HIDE_WHEN_LIVE + _TABLE_CSS
            + f'<div class="{SNAPSHOT_CLASS}" style="border:1px solid #ccc;border-radius:4px;padding:8px 12px">'
            + '<p style="margin:0 0 6px;color:#555"><small>Static view of the widget as it was last shown: run the '
            + "notebook in Jupyter to use it.</small></p>" + body + "</div>")


class _WithSnapshot:
    """Shown by Jupyter as the live widget followed by a static snapshot of its view (see the module docstring).

    Subclasses define ``snapshot_html()`` and ``_describe()`` and call ``_snapshot()`` after each change.
    """

    _snapshot_handles: list

    def snapshot_html(self) -> str:
        raise NotImplementedError

    def _describe(self) -> str:
        raise NotImplementedError

    def _snapshot(self) -> None:
        if self._snapshot_handles:
            from IPython.display import HTML

            for handle in list(self._snapshot_handles):
                handle.update(HTML(_snapshot_frame(self.snapshot_html())))

    def _ipython_display_(self, **kwargs):
        from IPython.display import HTML, display

        display(self._repr_mimebundle_(), raw=True)
        self._snapshot_handles.append(display(HTML(_snapshot_frame(self.snapshot_html())), display_id=True))

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self._describe()
        return bundle


# ---------------------------------------------------------------- pure views
def article_view(articles: pd.DataFrame, article_id: str, measure: str) -> dict:
    """Everything the explorer shows for one article and measure.

    Returns a dict with ``html`` (the highlighted article, escaped), ``png`` (a plot of the
    measure for this article, or None), ``table`` (the measure's rows for the article) and
    ``title`` (the article's title).
    """
    from . import measures as _m
    from . import plot
    from .highlight import highlight
    from .segment import paragraphs

    if measure not in MEASURES:
        raise invalid_choice("measure", measure, MEASURES)
    row = articles[articles["article_id"] == article_id]
    if row.empty:
        raise invalid_choice("article_id", article_id, articles["article_id"].head(10).tolist(), fix="(first 10 shown)")
    title = _title_of(articles, article_id)
    short = f"\u201c{_short(title, 50)}\u201d"
    hl = highlight(row, by=measure)
    ax = None
    if measure == "sentiment":
        table = hl.scores
        ax = plot.sentiment_arc(_m.get("sentiment")(row, level="paragraph"), paragraphs=paragraphs(row),
                                title=f"Sentiment through {short}")
    elif measure == "stance":
        table = _m.get("stance")(row, level="article")
        if len(table):
            ax = plot.stance_heatmap(table, columns="article_id", title=f"Stance toward each target in {short}")
            ax.set_xticks(ax.get_xticks(), [_short(title, 24)], rotation=0, ha="center")
            ax.set_xlabel("")
    elif measure == "frames":
        table = _m.get("frames")(row, level="article")
        ax = plot.frame_scores(table, title=f"Frame cues in {short}")
    elif measure == "quotes":
        table = hl.scores
        if len(table):
            import matplotlib.pyplot as plt
            from matplotlib.ticker import MaxNLocator

            who = table["speaker_name"] if "speaker_name" in table.columns else table["speaker"]
            counts = table.assign(_who=who.map(_label)).groupby("_who")["group"].nunique().sort_values(ascending=False)
            _, ax = plt.subplots(figsize=(7, 1.4 + 0.4 * len(counts)), layout="constrained")
            ax.barh([_short(str(s), 30) for s in counts.index], counts.to_numpy(), color="#009E73")
            ax.invert_yaxis()
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlabel("quotations (direct and reported)")
            ax.set_title(f"Who is quoted in {short}", loc="left")
    else:
        table = hl.scores
        if len(table):
            ax = plot.sourcing(_m.get("sourcing")(row, level="sentence"), paragraphs=paragraphs(row),
                               title=f"Sourcing, sentence by sentence: {short}")
    png = _png(ax.figure) if ax is not None else None
    cols = [c for c in table.columns if c not in ("evidence", "cues", "text", "article_id")]
    return {"html": hl.html, "png": png, "table": table[cols], "title": title}


def _require_groups(articles: pd.DataFrame, by: str) -> None:
    """A plain-words error when ``by`` is missing or empty, saying how to add it."""
    how = (f"Load the articles with the column that names the {by}, e.g. nl.load(path, outlet_col='source'), "
           f"or add one (articles['{by}'] = ...), or compare by another column with nl.explore(articles, by='...').")
    if by not in articles.columns:
        raise missing_columns("articles", [by], articles.columns, fix=how)
    if articles[by].isna().all():
        raise NewsLensError(f"No `{by}` to compare: every article's `{by}` is empty. {how}")


def _with_titles(table: pd.DataFrame, articles: pd.DataFrame, by: str) -> pd.DataFrame:
    """``table`` with the article's group and title in front, instead of its hash id."""
    meta = articles[["article_id", by] + (["title"] if "title" in articles.columns else [])].drop_duplicates("article_id")
    out = table.drop(columns=[c for c in (by, "title") if c in table.columns]).merge(meta, on="article_id", how="left")
    front = [by] + (["title"] if "title" in out.columns else [])
    return out[front + [c for c in out.columns if c not in front and c != "article_id"]]


def corpus_view(articles: pd.DataFrame, measure: str, *, by: str = "outlet") -> dict:
    """The explorer's group comparison for ``measure``: ``png``, ``table`` (readable: groups and
    titles, no hash ids) and ``title``.

    Raises a :class:`~newslens.errors.NewsLensError` saying how to fix it when ``by`` is missing.
    """
    from . import measures as _m
    from . import plot
    from .summarize import summarize

    if measure not in MEASURES:
        raise invalid_choice("measure", measure, MEASURES)
    _require_groups(articles, by)
    arts = articles.assign(**{by: articles[by].map(_label)})
    if measure == "sentiment":
        summary = summarize(_m.get("sentiment")(arts, level="article"), arts, by=[by])
        ax = plot.compare(summary, by=by, measure="sentiment")
        table = summary
        title = f"Sentiment by {by}: mean article tone with 95% intervals"
    elif measure == "stance":
        st = _m.get("stance")(arts, level="article")
        if st.empty:
            raise NewsLensError("No people, organisations or places were found to measure stance toward in these articles.")
        top = st.groupby("target")["n_mentions"].sum().nlargest(8).index
        st = st[st["target"].isin(top)]
        ax = plot.stance_heatmap(st, articles=arts, columns="outlet") if by == "outlet" else \
            plot.stance_heatmap(st.merge(arts[["article_id", by]]).rename(columns={by: "outlet"}), columns="outlet")
        g = st.merge(arts[["article_id", by]], on="article_id").groupby([by, "target"])
        table = g.agg(mean_stance=("stance", "mean"), mentions=("n_mentions", "sum"), articles=("article_id", "nunique")).reset_index()
        title = f"Stance toward the 8 most-mentioned targets, by {by}"
    elif measure == "frames":
        fr = _m.get("frames")(arts, level="article")
        ax = plot.frames(fr, articles=arts, by=by)
        j = fr.merge(arts[["article_id", by]], on="article_id")
        table = (j.groupby([by, "frame"]).agg(share_present=("present", "mean"), articles=("article_id", "nunique"))
                 .reset_index().assign(share_present=lambda d: (d["share_present"] * 100).round(1)))
        title = f"Frames by {by}: share of articles in which each frame is present (%)"
    elif measure == "quotes":
        src = _m.get("sources")(arts)
        if src.empty:
            raise NewsLensError("No quoted or cited sources were found in these articles.")
        ax = plot.sources(src, articles=arts, by=by)
        keep = [c for c in ("article_id", "source", "type", "named", "n_quotes", "n_attributions") if c in src.columns]
        table = _with_titles(src[keep], arts, by)
        title = f"Who is quoted, by {by}"
    else:
        sg = _m.get("sourcing")(arts)
        ax = plot.sourcing_shares(sg, articles=arts, by=by)
        j = sg.merge(arts[["article_id", by]], on="article_id")
        table = (j.groupby(by)["label"].value_counts(normalize=True).unstack(fill_value=0) * 100).round(1).reset_index()
        title = f"Reporting or commentary, by {by}: share of body paragraphs (%)"
    cols = [c for c in table.columns if c not in ("evidence", "cues", "text")]
    return {"png": _png(ax.figure), "table": table[cols].reset_index(drop=True), "title": title}


# ---------------------------------------------------------------- explore
def explore(articles: pd.DataFrame, *, by: str = "outlet"):
    """An explorer widget: pick an outlet, an article and a measure; compare outlets.

    Tab "Article": the article with its evidence highlighted, a plot and the numbers.
    Tab "Outlets": the chosen measure compared across the groups of ``by`` (drawn when the tab
    is opened or *Compare* is pressed, and again when the measure changes).  Errors are shown
    in the widget, in plain words with the fix.  Shown in Jupyter, the widget comes with a
    static snapshot of its view, which rendered pages show when the live widget cannot run.

    Parameters
    ----------
    articles : DataFrame
        The ``nl.load()`` table (``article_id``, ``text``; ``title`` and ``by`` when present).
    by : str, default "outlet"
        The column whose groups the Outlets tab compares (e.g. ``"leaning"``).

    Examples
    --------
    >>> import newslens as nl
    >>> w = nl.explore(nl.load_example())
    >>> w.measure.value = "quotes"
    >>> "speaker" in w.numbers.value
    True
    """
    need = {"article_id", "text"}
    if not need <= set(articles.columns):
        raise missing_columns("articles", sorted(need - set(articles.columns)), articles.columns, fix="Pass the output of nl.load().")
    return Explorer(articles, by=by)


class Explorer(_WithSnapshot, w.VBox):
    """The explorer widget (see :func:`explore`); its parts are attributes for scripting."""

    def __init__(self, articles: pd.DataFrame, *, by: str = "outlet"):
        arts = articles.reset_index(drop=True)
        self.articles, self.by = arts, by
        self._snapshot_handles: list = []
        groups = arts[by].map(_label) if by in arts.columns else pd.Series("(unknown)", index=arts.index)
        self._groups = groups
        self.measure = w.Dropdown(options=list(MEASURES), value="sentiment", description="Measure")
        self.outlet = w.Dropdown(options=["(all)", *sorted(groups.unique())], value="(all)", description=by.capitalize())
        self.article = w.Dropdown(description="Article", layout=w.Layout(width="min(52em, 100%)"))
        self.status = w.HTML()
        self.text = w.HTML()
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%", width="auto", height="auto", align_self="flex-start", display="none"))
        self.table = _Table("article.csv")
        self.numbers = self.table.html
        self.corpus_heading = w.HTML()
        self.corpus_status = w.HTML()
        self.compare_button = w.Button(description="Compare", icon="bar-chart", button_style="primary",
                                       layout=w.Layout(width="auto"))
        self.corpus_image = w.Image(format="png", layout=w.Layout(max_width="100%", width="auto", height="auto", align_self="flex-start", display="none"))
        self.corpus = _Table(f"{by}s.csv")
        self.corpus_table = self.corpus.html
        self._view = lru_cache(maxsize=64)(lambda aid, m: article_view(arts, aid, m))
        self._cview = lru_cache(maxsize=8)(lambda m: corpus_view(arts, m, by=by))
        self._drawn: str | None = None  # the measure the Outlets tab shows

        # the chart at full width (its fonts stay readable), then the article beside its numbers
        article_tab = w.VBox([
            w.HBox([self.outlet, self.article], layout=w.Layout(flex_flow="row wrap")), self.status, self.image,
            w.HBox([w.Box([self.text], layout=w.Layout(flex="1 1 420px", max_height="640px", overflow="auto", min_width="0")),
                    w.Box([self.table.box], layout=w.Layout(flex="1 1 380px", min_width="0", overflow="auto"))],
                   layout=w.Layout(flex_flow="row wrap", width="100%")),
        ])
        corpus_tab = w.VBox([self.corpus_heading, self.compare_button, self.corpus_status, self.corpus_image, self.corpus.box])
        self.tabs = w.Tab(children=[article_tab, corpus_tab], titles=("Article", f"{by.capitalize()}s"))
        super().__init__([self.measure, self.tabs])
        self.add_class(LIVE_CLASS)

        self.outlet.observe(self._article_options, names="value")
        self.article.observe(self._refresh, names="value")
        self.measure.observe(self._on_measure, names="value")
        self.tabs.observe(self._on_tab, names="selected_index")
        self.compare_button.on_click(lambda _: self.compare())
        self._article_options()
        self._heading()

    # -- article tab
    def _article_options(self, *_):
        arts = self.articles
        sub = arts if self.outlet.value == "(all)" else arts[self._groups == self.outlet.value]
        titles = sub["title"] if "title" in sub.columns else sub["article_id"]
        opts = [(f"{_short(_label(g), 24)} — {_short(t if pd.notna(t) else a, 70)}", a)
                for a, g, t in zip(sub["article_id"], self._groups[sub.index], titles)]
        self.article.options = opts
        self.article.value = opts[0][1] if opts else None
        if not opts:
            self._refresh()

    def _refresh(self, *_):
        if self.article.value is None:
            self.text.value, self.status.value = "<i>No article to show.</i>", ""
            self.table.show(pd.DataFrame())
            self.image.layout.display = "none"
            self._snapshot()
            return
        try:
            v = self._view(self.article.value, self.measure.value)
        except Exception as exc:  # shown in the widget, never only in a log
            self.status.value = _TABLE_CSS + _error_html(exc, f"show {self.measure.value} for this article")
            self._snapshot()
            return
        self.status.value = ""
        self.text.value = v["html"]
        self.image.value = v["png"] or b""
        self.image.layout.display = None if v["png"] else "none"
        self.table.show(v["table"], name=f"{self.measure.value}_{self.article.value}.csv")
        self._snapshot()

    # -- outlets tab
    def _heading(self):
        m = self.measure.value
        self.corpus_heading.value = (f"<b>Measure: {html.escape(m)}</b> — compared across {html.escape(self.by)}s "
                                     "(95% intervals where they apply).")
        self.compare_button.description = f"Compare {self.by}s: {m}"

    def compare(self):
        """Draw the Outlets tab for the current measure (what the *Compare* button does)."""
        m = self.measure.value
        self.compare_button.disabled = True
        self.corpus_status.value = f"<i>Computing {html.escape(m)} for {len(self.articles)} articles…</i>"
        try:
            v = self._cview(m)
        except Exception as exc:  # shown in the widget, never only in a log
            self.corpus_status.value = _TABLE_CSS + _error_html(exc, f"compare {self.by}s on {m}")
            self.corpus_image.layout.display = "none"
            self.corpus.show(pd.DataFrame())
            self._drawn = None
        else:
            self.corpus_status.value = f"<b>{html.escape(v['title'])}</b>"
            self.corpus_image.value = v["png"]
            self.corpus_image.layout.display = None
            self.corpus.show(v["table"], name=f"{m}_by_{self.by}.csv")
            self._drawn = m
        finally:
            self.compare_button.disabled = False
        self._snapshot()

    def _on_measure(self, *_):
        self._heading()
        self._refresh()
        if self._drawn is not None or self.tabs.selected_index == 1:
            self.compare()

    def _on_tab(self, change):
        if change["new"] == 1 and self._drawn != self.measure.value:
            self.compare()

    # -- display
    def snapshot_html(self) -> str:
        """The current view as static HTML (article, measure, chart, table; the comparison when drawn)."""
        m = html.escape(self.measure.value)
        aid = self.article.value
        title = html.escape(_title_of(self.articles, aid)) if aid is not None else "(no article)"
        parts = [f"<h4 style='margin:4px 0'>newslens explorer · measure: {m}</h4>",
                 f"<p><b>Article:</b> {title} <small>({html.escape(self.by)}: {html.escape(str(self.outlet.value))})</small></p>",
                 self.status.value]
        if aid is not None:
            try:
                v = self._view(aid, self.measure.value)
            except Exception:
                v = None
            if v is not None:
                parts += [_img(v["png"], f"{m} chart for the article"), self.table.snapshot(),
                          f"<details open><summary>The article with its evidence</summary>{v['html']}</details>"]
        if self._drawn is not None:
            v = self._cview(self._drawn)
            parts += [f"<h4 style='margin:10px 0 4px'>{html.escape(v['title'])}</h4>",
                      _img(v["png"], v["title"]), self.corpus.snapshot()]
        elif self.corpus_status.value:
            parts.append(self.corpus_status.value)
        return "".join(parts)

    def _describe(self) -> str:
        return f"newslens explorer ({len(self.articles)} articles, measure {self.measure.value})"


# ---------------------------------------------------------------- code
def code(sample: pd.DataFrame, *, measure: str = "sentiment", coders: list[str] | tuple[str, ...] = ("coder",),
         path: str | os.PathLike | None = None, choices: list[str] | None = None, replace: bool = False):
    """A coding widget: one unit at a time, highlighted, with the measure's code choices.

    Codes already in ``path`` when the widget starts (a classmate's, or yours from an earlier
    day) are never replaced unless you ask: choosing another code for such a unit shows
    a message and keeps the saved code, until you tick *Let me change saved codes* (or pass
    ``replace=True``).  Codes made in this widget can be changed freely.  Each save re-reads the
    file and changes only this widget's codes, so two widgets on one file lose nothing.

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
        back from when it exists, so coding resumes where it stopped. None: codes are kept in
        the widget only.
    choices : list of str, optional
        Code choices; default ``CODE_CHOICES[measure]``.
    replace : bool, default False
        Allow replacing codes this widget did not make (those read from ``path``).

    Returns
    -------
    widget
        ``widget.codes`` is the long table ``unit, coder, code`` to pass to :func:`newslens.agreement`;
        ``widget.set_code(i, code)`` codes unit ``i`` for the selected coder from a script.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> c = nl.code(pd.DataFrame({"text": ["Good news.", "Bad news."]}), coders=["example"])
    >>> c.set_code(1, "negative"); c.codes["code"].tolist()
    ['negative']
    """
    from .validate import unit_ids

    if measure not in CODE_CHOICES:
        raise invalid_choice("measure", measure, sorted(CODE_CHOICES))
    if "text" not in sample.columns:
        raise missing_columns("sample", ["text"], sample.columns, fix="Pass units from nl.sample().")
    if not coders:
        raise OptionError("`coders` must name at least one coder, e.g. coders=['ana', 'ben'].")
    units = sample.reset_index(drop=True)
    if "unit" not in units.columns:
        units.insert(0, "unit", unit_ids(units))
    units["unit"] = units["unit"].astype(str)
    return Coder(units, measure=measure, coders=list(coders), path=Path(path) if path is not None else None,
                 options=list(choices or CODE_CHOICES[measure]), replace=replace)


class Coder(_WithSnapshot, w.VBox):
    """The coding widget (see :func:`code`)."""

    def __init__(self, units: pd.DataFrame, *, measure: str, coders: list[str], path: Path | None,
                 options: list[str], replace: bool):
        self.units, self.measure, self.path, self.options = units, measure, path, options
        self._snapshot_handles: list = []
        self._saved = _read_codes(path)       # codes on disk, as last read
        self._mine: dict[tuple[str, str], str] = {}  # (unit, coder) -> code made in this widget
        self._i, self._busy = 0, False
        self._rendered: dict[int, str] = {}
        self.coder = w.Dropdown(options=coders, value=coders[0], description="Coder")
        self.choice = w.ToggleButtons(options=options, value=None, description="Code")
        self.back_button = w.Button(description="Back", icon="arrow-left")
        self.next_button = w.Button(description="Next", icon="arrow-right")
        self.progress = w.IntProgress(min=0, max=len(units), description="Coded")
        self.unlock = w.Checkbox(value=bool(replace), description="Let me change saved codes", indent=False)
        self.where = w.HTML()
        self.message = w.HTML()
        self.text = w.HTML()
        saved = f"Codes are saved to {html.escape(str(path))} after every click." if path else \
            "Codes are kept in this widget only (no file): pass path= to save them."
        super().__init__([w.HBox([self.coder, self.progress]), self.where, self.text, self.choice, self.message,
                          w.HBox([self.back_button, self.next_button, self.unlock]), w.HTML(f"<small>{saved}</small>")])
        self.add_class(LIVE_CLASS)
        self.choice.observe(self._record, names="value")
        self.coder.observe(lambda _: self._show(), names="value")
        self.back_button.on_click(lambda _: self._move(-1))
        self.next_button.on_click(lambda _: self._move(+1))
        self._show()

    @property
    def codes(self) -> pd.DataFrame:
        """The codes so far (saved ones and this widget's): one row per unit × coder (``unit, coder, code``)."""
        return self._merged().reset_index(drop=True).astype(str)

    def set_code(self, i: int, code: str) -> None:
        """Code unit number ``i`` (0-based) as ``code`` for the selected coder, as a click would."""
        if not 0 <= int(i) < len(self.units):
            raise invalid_choice("i", i, [0, len(self.units) - 1], fix="(unit numbers run from the first to the last)")
        if code not in self.options:
            raise invalid_choice("code", code, self.options)
        self._i = int(i)
        self._store(code)
        self._show()

    # -- internals
    def _merged(self) -> pd.DataFrame:
        c = self._saved
        if self._mine:
            mine = pd.DataFrame([(u, k, v) for (u, k), v in self._mine.items()], columns=["unit", "coder", "code"])
            keys = set(self._mine)
            c = c[[(u, k) not in keys for u, k in zip(c["unit"], c["coder"])]]
            c = pd.concat([c, mine], ignore_index=True)
        return c

    def _store(self, code: str) -> None:
        """Record ``code`` for the current unit and coder; refuse to replace a saved code unless unlocked."""
        u, who = self.units.iloc[self._i]["unit"], self.coder.value
        if self.path is not None:
            self._saved = _read_codes(self.path)  # someone else may have saved since
        old = self._saved[(self._saved["unit"] == u) & (self._saved["coder"] == who)]
        if (u, who) not in self._mine and len(old) and old["code"].iloc[-1] != code and not self.unlock.value:
            raise CodeConflictError(
                f"{who} already coded unit {self._i + 1} as {old['code'].iloc[-1]!r}"
                + (f" (saved in {self.path})" if self.path else "") + " before this widget was opened; it was kept. "
                "To change it, tick 'Let me change saved codes' (or pass replace=True to nl.code), "
                "or code under another coder name.")
        self._mine[(u, who)] = code
        if self.path is not None:
            _write_codes(self._merged(), self.path)

    def _record(self, change):
        if self._busy or change["new"] is None or not len(self.units):
            return
        try:
            self._store(change["new"])
        except CodeConflictError as exc:
            self._show()
            self.message.value = _TABLE_CSS + f'<div class="newslens-error">{html.escape(str(exc))}</div>'
            self._snapshot()
            return
        self._show()

    def _move(self, step):
        self._i = min(max(self._i + step, 0), max(len(self.units) - 1, 0))
        self._show()

    def _show(self):
        self._busy = True
        try:
            self.message.value = ""
            if not len(self.units):
                self.text.value, self.where.value = "<i>No units to code.</i>", ""
                return
            u = self.units.iloc[self._i]
            if self._i not in self._rendered:
                self._rendered[self._i] = _unit_html(u, self.measure)
            self.text.value = self._rendered[self._i]
            c = self._merged()
            mine = c[c["coder"] == self.coder.value]
            hit = mine[mine["unit"] == u["unit"]]
            self.choice.value = hit["code"].iloc[-1] if len(hit) and hit["code"].iloc[-1] in self.options else None
            done = len(set(mine["unit"]) & set(self.units["unit"]))
            self.progress.value = done
            self.where.value = (f"Unit {self._i + 1} of {len(self.units)} · {done} coded by "
                                f"{html.escape(self.coder.value)}")
        finally:
            self._busy = False
        self._snapshot()

    def snapshot_html(self) -> str:
        """The current view as static HTML: the unit, the coder and the code chosen."""
        chosen = self.choice.value or "(not coded yet)"
        return (f"<h4 style='margin:4px 0'>newslens coder · {html.escape(self.measure)}</h4>"
                f"<p>{self.where.value} · code: <b>{html.escape(chosen)}</b></p>{self.message.value}{self.text.value}")

    def _describe(self) -> str:
        return f"newslens coder ({len(self.units)} units, {self.measure})"


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
