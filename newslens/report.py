"""Rendered reports: a notebook executed on a corpus, written as self-contained HTML.

Used by ``newslens report`` and ``make demo``. Plots are embedded as PNG, so the HTML can be
shared and opened anywhere; every piece of article text the report shows is escaped.
"""
from __future__ import annotations

import html
from pathlib import Path

from .files import atomic_write
from .errors import OptionError, missing_dependency

__all__ = ["report", "execute_notebook", "run_notebook", "report_notebook"]


def _nb_modules():
    try:
        import nbformat
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import ExecutePreprocessor
    except ImportError:
        raise missing_dependency("nbconvert", "Rendering reports", extra="notebook") from None
    return nbformat, HTMLExporter, ExecutePreprocessor


def run_notebook(nb, *, cwd: Path | None = None, timeout: int | None = 600, on_cell=None):
    """Execute a notebook object top to bottom in place (outputs and widget state included) and return it.

    The kernel talks to this process over local IPC sockets in a private temporary folder
    (not TCP), so nothing listens on the network and no transport warning is printed.
    ``timeout``: seconds a cell may run (None: no limit).  ``on_cell(index, total, heading)``
    is called before each code cell runs, ``heading`` the title of the section it is in.
    """
    import tempfile

    from jupyter_client.manager import KernelManager

    _, _, ExecutePreprocessor = _nb_modules()
    ep = ExecutePreprocessor(timeout=timeout, kernel_name="python3")
    if on_cell is not None:
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        headings, last = {}, ""
        for i, c in enumerate(nb.cells):
            if c.cell_type == "markdown" and c.source.lstrip().startswith("#"):
                last = c.source.lstrip().lstrip("#").strip().splitlines()[0]
            headings[i] = last
        ep.on_cell_execute = lambda cell, cell_index: on_cell(code.index(cell_index) + 1, len(code), headings[cell_index])
    with tempfile.TemporaryDirectory(prefix="newslens-kernel-") as sockets:
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        try:
            ep.preprocess(nb, {"metadata": {"path": str(cwd or Path.cwd())}}, km=km)
        finally:  # a kernel manager passed in is not shut down by the preprocessor
            if km.has_kernel:
                km.shutdown_kernel(now=False)
    return nb


def execute_notebook(nb, out: Path, *, cwd: Path | None = None, timeout: int | None = 600, on_cell=None) -> Path:
    """Execute a notebook object top to bottom (:func:`run_notebook`) and write it as HTML to ``out`` (atomically).

    Widgets are shown by their static snapshots (see :mod:`newslens.widgets`); the widget
    state is kept in the page too, so a viewer that can load the widget renderer shows them live.
    """
    _, HTMLExporter, _ = _nb_modules()
    body, _ = HTMLExporter().from_notebook_node(run_notebook(nb, cwd=cwd, timeout=timeout, on_cell=on_cell))
    return atomic_write(out, lambda tmp: tmp.write_text(body, encoding="utf-8"))


def report_notebook(source: str, *, title: str | None = None):
    """The report as an (unexecuted) notebook for the corpus at ``source``."""
    nbformat, _, _ = _nb_modules()
    v4 = nbformat.v4
    heading = html.escape(title or f"newslens report: {Path(str(source)).name}")
    src = html.escape(str(source))
    cells = [
        v4.new_markdown_cell(f"# {heading}\n\nCorpus: <code>{src}</code>. Every number below comes with the evidence "
                             "that produced it; see `nl.card(...)` for what each measure can and cannot do."),
        v4.new_code_cell("import warnings\n\nimport matplotlib.pyplot as plt\nimport pandas as pd\nimport newslens as nl\n"
                         "%matplotlib inline\npd.set_option('display.max_rows', 60)\n"
                         "with warnings.catch_warnings():  # skipped records are listed below, not as warnings\n"
                         "    warnings.simplefilter('ignore', nl.errors.NewsLensWarning)\n"
                         f"    articles = nl.load({str(source)!r})\n"
                         "skipped = articles.attrs.get('errors', [])\n"
                         "print(f\"{len(articles)} articles from {articles['outlet'].nunique()} outlets; {len(skipped)} records skipped\")\n"
                         "for e in skipped[:5]:\n    print('  skipped:', e)\n"
                         "titles = articles[['article_id', 'outlet', 'title']]\n"
                         "articles[['outlet', 'published', 'title']].head(20)"),
        v4.new_markdown_cell("## Near-duplicates\nRepublished copies (wire stories) are counted once in the intervals below."),
        v4.new_code_cell("dups = nl.duplicates(articles)\ncopies = dups[dups['size'] > 1].merge(titles)\n"
                         "print(f\"{copies['group'].nunique()} groups of near-duplicates, {len(copies)} articles\")\n"
                         "copies.sort_values('group')[['group', 'outlet', 'title']].head(30)"),
        v4.new_markdown_cell("## Sentiment by outlet\nMean sentence sentiment per article (the default method, named on the axis; "
                             "`nl.card('sentiment')` says how well it agrees with people), with 95% bootstrap intervals. "
                             "Outlets with fewer than three independent articles are listed but not drawn."),
        v4.new_code_cell("sent = nl.sentiment(articles, level='article')\nsummary = nl.summarize(sent, articles, by=['outlet'])\n"
                         "nl.plot.compare(summary)\nplt.show()\nsummary.round(3)"),
        v4.new_markdown_cell("## Frames\nShare of articles in which each generic news frame is present."),
        v4.new_code_cell("fr = nl.frames(articles, scheme='generic', level='article')\nnl.plot.frames(fr, articles=articles, by='outlet')\nplt.show()"),
        v4.new_markdown_cell("## Stance toward the most-mentioned actors\nThe people and organisations each article "
                             "mentions most; a name an article writes only in part (\"Hale\") is linked to the one full "
                             "name other articles give it (`nl.link_names`; the column `target_as_found` keeps the "
                             "article's own)."),
        v4.new_code_cell("st = nl.link_names(nl.stance(articles, level='article'))\nif len(st):\n"
                         "    top = st.groupby('target')['n_mentions'].sum().nlargest(10).index\n"
                         "    nl.plot.stance_heatmap(st[st['target'].isin(top)], articles=articles, columns='outlet')\n"
                         "    plt.show()\nelse:\n    print('No people, organisations or places were found to measure stance toward.')"),
        v4.new_markdown_cell("## Who gets quoted"),
        v4.new_code_cell("src = nl.sources(articles)\nif len(src):\n    nl.plot.sources(src, articles=articles, by='outlet', top=20)\n"
                         "    plt.show()\nelse:\n    print('No quoted or cited sources were found.')"),
        v4.new_markdown_cell("## Reporting or commentary?\nShare of body paragraphs per label, by outlet."),
        v4.new_code_cell("sg = nl.sourcing(articles)\nnl.plot.sourcing_shares(sg, articles=articles, top=20)\nplt.show()\n"
                         "(sg.merge(titles).groupby('outlet')['label'].value_counts(normalize=True).unstack(fill_value=0) * 100).round(1)"),
        v4.new_markdown_cell("## Internal contradictions"),
        v4.new_code_cell("conflicts = nl.consistency(articles)\nprint(f'{len(conflicts)} conflicts found inside articles')\n"
                         "conflicts.merge(titles, on='article_id').drop(columns='article_id').head(30)"),
    ]
    return v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def report(source, *, out="report.html", title: str | None = None, on_cell=None) -> Path:
    """Execute the report notebook on ``source`` and write self-contained HTML to ``out``.

    The output never overwrites an input file.  A cell runs as long as the corpus needs (the
    measures of 1,300 news articles take about six minutes on one core); ``on_cell(index, total,
    heading)`` is told before each one starts (the command line prints it).
    """
    out = Path(out)
    if Path(str(source)).exists() and Path(str(source)).resolve() == out.resolve():
        raise OptionError(f"`out` ({out}) is the input file; choose another name, e.g. report.html.")
    source = str(Path(str(source)).resolve()) if Path(str(source)).exists() else str(source)
    return execute_notebook(report_notebook(source, title=title), out, timeout=None, on_cell=on_cell)
