"""Load news articles from files, folders, globs, URLs, records, strings or DataFrames.

``load(source)`` returns the *articles* table: one row per article with the columns
``article_id, title, text, outlet, published, url, author`` first (see
:data:`newslens.schema.ARTICLE_COLUMNS`), then ``file`` for articles read from files, then
every extra column of the source.

How it works (one module per step)
----------------------------------
* **Sources** (:mod:`~newslens.load.sources`, :mod:`~newslens.load.locations`).  A file, a
  folder (read recursively in sorted order, hidden files skipped, files of other types ignored
  and noted, as is the folder of files a browser saves beside a page, ``Story_files``), a zip
  archive (read as the folder it packs, its files never written to disk), a tar archive
  (``.tar``, ``.tgz``, ``.tar.gz``: read as it streams, in its own order), a glob, an fsspec URL
  (``s3://…``) to any of these, a list of paths, a list of texts or records, or a DataFrame.  A
  file ending in ``.gz`` is read through gzip as the type before it (``corpus.jsonl.gz``).  A
  file in an archive or compressed that would be read whole is refused when it unpacks beyond
  ``MAX_UNPACKED`` bytes (CSV, JSONL, mailboxes and tar archives are read as streams).
  A folder (or archive) may hold a ``metadata.csv`` with a ``file`` column (paths relative to
  that folder) and any of ``outlet, published, author, url, title, article_id`` (other columns
  become extra columns); its non-empty values take precedence over what a one-article file
  (.txt, .html, .docx, .pdf …) says and fill what the records of
  other files lack.  The metadata file itself is not loaded as articles.
* **Readers** (:mod:`~newslens.load.readers`).  One small function per file type, looked up
  by suffix in :data:`READERS` (``.csv .tsv .xlsx .xls .ods .json .jsonl .parquet .txt .html .htm
  .mhtml .mht .webarchive .eml .mbox .docx .doc .odt .rtf .pdf``, and RSS or Atom feeds ``.rss
  .atom .xml``).  A ``.txt`` or ``.html`` file, a news agency's XML (NITF, as in the New York
  Times Annotated Corpus, or a Reuters RCV1 ``<newsitem>``: :mod:`~newslens.load.newsxml`), a page
  saved as one file (MHTML, Safari's web archive: :mod:`~newslens.load.saved_pages`), an e-mail
  message (a newsletter: :mod:`~newslens.load.mail`), a Word (``.docx``, or Word 97–2003's
  ``.doc``: :mod:`~newslens.load.word97`), OpenDocument, RTF or PDF document holds one article (a
  PDF's paragraphs rebuilt from its lines' positions, :mod:`~newslens.load.pdf`); tabular files
  (a workbook's first sheet), JSON files, feeds (one article per item, the feed's title its
  outlet), mailboxes (one per message) and news archive exports
  (Nexis Uni's, in Word, RTF, PDF or saved as text: one article per "End of Document"; LexisNexis
  Academic's text download: one per "1 of 25 DOCUMENTS"; Factiva's RTF download or a Factiva
  page saved as HTML: one per article; ProQuest's text download: one per "Document 1 of 25";
  each with its publication, date, byline and section;
  :mod:`~newslens.load.archives`) hold many.
* **Column maps** (:mod:`~newslens.load.columns`).  Common exports are recognised from
  their columns (:data:`EXPORTS`): news-please, Media Cloud, AllSides, NELA-GT, BASIL, NewsAPI
  and the New York Times Article Search API (whose records a JSON response holds inside an
  envelope, ``{"response": {"docs": [...]}}``), plus a generic map of usual names.  Keywords
  ``text_col=``, ``title_col=``, ``date_col=``, ``outlet_col=``, ``id_col=``, ``url_col=``,
  ``author_col=`` always win; ``export=`` forces a map.
* **Repair** (:mod:`~newslens.load.encoding`, :mod:`~newslens.load.clean`).  Text is decoded
  (UTF-8 with or without BOM, UTF-16 with BOM, else cp1252 / latin-1, recorded in
  ``attrs["notes"]``), mojibake is fixed only where a cheap check sees it (curly quotes kept,
  HTML entities not decoded again), control characters removed, spaces collapsed and
  paragraphs separated by exactly one blank line.  A text field of a table or of records that
  holds HTML markup (``<p>``, ``<br>``, ``<a …>``: CMS and API exports) is read as HTML — a
  paragraph per block, tags dropped, entities decoded once — and counted in ``attrs["notes"]``.
* **Dates** (:mod:`~newslens.load.dates`) parse to UTC, one value at a time whatever the
  batch; dates without a zone are taken to be UTC.  A date without a day or month is set to
  the first of the period and listed in ``attrs["partial_dates"]``; values that cannot be
  parsed become NaT and are counted in ``attrs["unparsed_dates"]``.
* **Ids** (:mod:`~newslens.load.normalise`).  The source's id (``article_id``, ``id``,
  ``ID``, ``uuid``, ``stories_id`` or ``id_col``) when it has one, else the first 16 hex
  digits of ``sha1(url + "\\n" + title + "\\n" + text)``, so the same article always gets the
  same id.  Repeated ids get ``-2``, ``-3`` … and are listed in ``attrs["duplicate_ids"]``.
* **Bad records** (no or empty text, text that is not a string, a malformed JSON line, a
  malformed CSV row, undecodable bytes, an unreadable file inside a folder) are skipped with
  one :class:`~newslens.errors.NewsLensWarning` and listed in ``attrs["errors"]`` as dicts
  with keys ``source, row, line, reason, detail``.  Records in = rows out + errors.  A source
  that cannot be read at all raises :class:`~newslens.errors.SourceError`.
* **Chunks and partitions** (:mod:`~newslens.load.stream`, :mod:`~newslens.load.partitions`).
  :func:`iter_load` streams a source in chunks; :func:`partitions` plans pieces that other
  machines load with :func:`load_partition`.
"""
from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import SourceError
from .clean import clean_text
from .columns import EXPORTS, OVERRIDES, ColumnMap
from .dates import parse_dates, read_dates
from .html import html_article
from .normalise import stable_id
from .partitions import Partition, load_partition, partitions
from .readers import READERS
from .stream import collect, iter_chunks, plan, warn

__all__ = [
    "load",
    "load_example",
    "example_path",
    "iter_load",
    "partitions",
    "load_partition",
    "Partition",
    "clean_text",
    "parse_dates",
    "read_dates",
    "stable_id",
    "html_article",
    "ColumnMap",
    "READERS",
    "EXPORTS",
    "OVERRIDES",
]


def load(source, **overrides) -> pd.DataFrame:
    """Load news articles into one table, one row per article.

    Parameters
    ----------
    source : str, path, list or DataFrame
        A file (``.csv .tsv .xlsx .xls .ods .json .jsonl .parquet .txt .html .htm .mhtml .mht
        .webarchive .eml .mbox .docx .doc .odt .rtf .pdf .rss .atom .xml``; a Nexis Uni export in
        Word, RTF, PDF or text, a LexisNexis Academic or ProQuest text download, or a Factiva RTF
        download or page saved as HTML is one article per document), a folder (read recursively,
        sorted; a ``metadata.csv`` describes its files), a ``.zip`` archive (read as the folder it
        packs, as is an archive inside a folder), a tar archive (``.tar``, ``.tgz``, ``.tar.gz``:
        read as it streams), a ``.gz`` file (read through gzip as the type before it:
        ``corpus.jsonl.gz``), a glob pattern, an
        fsspec URL to any of these (``s3://bucket/corpus/``, with the store's package
        installed), a list of paths, a list of dicts (one per article), a list of strings, or
        a DataFrame.  A list of strings is read as *paths* when its items are one-line strings
        of which at least one names an existing file or folder, a matching glob or a URL — the
        output of ``glob.glob(...)`` — and then every item must name one (else
        :class:`~newslens.errors.SourceError`); otherwise the strings are article texts (a
        first line standing alone is taken as the title).  Pass ``pathlib.Path`` objects to
        be explicit.  An empty string is an error, not the current folder (pass ``"."``).
    text_col, title_col, date_col, outlet_col, id_col, url_col, author_col : str, optional
        The source column holding that field; these win over detection.
    export : str, optional
        Force a column map: one of ``EXPORTS.names()`` ('allsides', 'basil', 'generic',
        'media-cloud', 'nela-gt', 'news-please').  Detected from the columns when omitted.

    Returns
    -------
    DataFrame
        ``article_id`` (str, unique), ``title``, ``text``, ``outlet``, ``published``
        (datetime64[ns, UTC], NaT when unknown), ``url``, ``author`` (authors joined with ", "),
        then ``file`` (articles read from files: the path as given, or relative to the folder),
        then the source's other columns.  ``attrs``: ``errors`` (skipped records: source, row,
        line, reason, detail), ``duplicate_ids``, ``unparsed_dates`` (a count),
        ``partial_dates`` (dates without a day or month, set to the first of the period:
        source, row, line, article_id, value, published), ``notes`` (e.g. encoding fallbacks)
        and ``newslens`` (the column maps used).

    Raises
    ------
    SourceError
        When the source cannot be read at all (missing path, empty path, empty glob,
        unsupported type, corrupt file, a folder without readable files, a list mixing paths
        and texts).
    OptionError
        For an unknown keyword or export name.

    Warns
    -----
    NewsLensWarning
        Once, when records were skipped, ids repeated, or dates were partial or could not be parsed.

    Examples
    --------
    >>> import newslens as nl
    >>> arts = nl.load([{"title": "Storm hits coast", "text": "The storm hit.", "date": "June 19, 2024"}])
    >>> arts.loc[0, ["title", "text"]].tolist(), str(arts.loc[0, "published"])
    (['Storm hits coast', 'The storm hit.'], '2024-06-19 00:00:00+00:00')
    """
    out = collect(plan(source, 100_000, overrides))
    warn(out, stacklevel=2)
    return out


def iter_load(source, *, chunksize: int = 10_000, **overrides) -> Iterator[pd.DataFrame]:
    """Load articles in chunks of at most ``chunksize`` rows, for corpora larger than memory.

    Files are read one after another; CSV/TSV and JSONL in chunks, Parquet by batches.  Every
    chunk is normalised exactly like :func:`load` (ids are unique across chunks) and carries
    its own ``attrs["errors"]``, ``attrs["unparsed_dates"]``, ``attrs["partial_dates"]`` and
    ``attrs["notes"]``; the last chunk also carries ``attrs["duplicate_ids"]`` for the whole
    source.  One warning is issued per chunk that skipped or repaired records.

    Parameters
    ----------
    source : path, folder, glob, list or DataFrame
        As for :func:`load`.
    chunksize : int, default 10_000
        The most rows a chunk holds.
    **overrides
        As for :func:`load`.

    Yields
    ------
    DataFrame
        Articles tables with the columns of :func:`load`.

    Examples
    --------
    >>> from newslens.load import iter_load
    >>> texts = [f"Headline {i}\\n\\nBody text number {i}." for i in range(5)]
    >>> [len(chunk) for chunk in iter_load(texts, chunksize=2)]
    [2, 2, 1]
    """
    return iter_chunks(plan(source, chunksize, overrides))


def example_path() -> Path:
    """The folder of the bundled example corpus (for ``nl.analyze`` and the CLI)."""
    return Path(str(_example_root()))


def _example_root():
    """The bundled corpus folder (a Traversable inside the installed package)."""
    return resources.files("newslens").joinpath("data", "corpus")


def load_example(**overrides) -> pd.DataFrame:
    """Load the corpus bundled with newslens: short articles about three events by four outlets.

    The corpus ships inside the package (``newslens/data/corpus``: .txt, .jsonl and .html
    files described by ``metadata.csv``), so this works after a plain ``pip install``.

    Parameters
    ----------
    **overrides
        As for :func:`load`.

    Returns
    -------
    DataFrame
        The articles table (see :func:`load`); ``file`` is relative to the corpus folder.

    Examples
    --------
    >>> import newslens as nl
    >>> arts = nl.load_example()
    >>> arts["outlet"].nunique() >= 4
    True
    """
    root = _example_root()
    if not root.is_dir():
        raise SourceError(
            f"The bundled example corpus is missing from this installation ({root}). "
            "Reinstall newslens (pip install --force-reinstall newslens), or load your own articles with nl.load(path)."
        )
    with resources.as_file(root) as path:
        return load(path, **overrides)
