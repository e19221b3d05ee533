"""Which source column holds which article field: known exports and the keyword overrides.

Common exports are recognised from their columns (:data:`EXPORTS`): news-please, Media Cloud,
AllSides/Article-Bias-Prediction, NELA-GT and BASIL, plus a generic map of usual names
(``text``/``body``/``content``, ``headline``, ``date``, …).  The keywords of :data:`OVERRIDES`
(``text_col=`` …) always win; ``export=`` forces a map by name.
"""
from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import NewsLensError, OptionError, invalid_choice, missing_columns
from ..registry import Registry
from ..schema import ARTICLE_COLUMNS

__all__ = ["ColumnMap", "EXPORTS", "OVERRIDES", "KEYWORDS", "check_overrides", "resolve", "string_columns"]

#: Keyword overrides accepted by :func:`newslens.load` and the column each one names.
OVERRIDES = {
    "id_col": "article_id",
    "title_col": "title",
    "text_col": "text",
    "outlet_col": "outlet",
    "date_col": "published",
    "url_col": "url",
    "author_col": "author",
}
#: Every keyword :func:`newslens.load` accepts besides the source.
KEYWORDS = (*OVERRIDES, "export")


@dataclass(frozen=True)
class ColumnMap:
    """How one kind of export names the article columns.

    Parameters
    ----------
    name : str
        The export's name (a key of :data:`EXPORTS`).
    signatures : tuple of frozenset
        The map applies when all columns of any one signature are present.
    columns : mapping
        Canonical column → candidate source columns, first present wins (before the generic names).
    values : mapping
        Canonical column → function applied to each raw value (e.g. joining BASIL paragraphs).
    priority : int
        Lower is tried first.
    """

    name: str
    signatures: tuple
    columns: Mapping[str, tuple] = field(default_factory=dict)
    values: Mapping[str, Callable] = field(default_factory=dict)
    priority: int = 50

    def matches(self, cols: set[str]) -> bool:
        return any(sig <= cols for sig in self.signatures)


#: Registry of known export formats: name → :class:`ColumnMap`.
EXPORTS = Registry("export")

_GENERIC = {
    "article_id": ("article_id", "id", "uuid", "stories_id", "doc_id"),
    "title": ("title", "headline", "heading"),
    "text": (
        "text", "body", "content", "maintext", "content_original", "article_text", "full_text",
        "fulltext", "story_text", "article_body", "articlebody", "body_text", "article", "story",
    ),
    "outlet": ("outlet", "source", "media_name", "source_domain", "publisher", "publication", "sitename", "site_name", "media", "source_name", "newspaper"),
    "published": ("published", "date", "publish_date", "date_publish", "published_at", "publishedat", "publication_date", "pubdate",
                  "pub_date", "published_date", "datepublished", "datetime", "timestamp"),
    "url": ("url", "link", "article_url", "news_link", "href", "permalink"),
    "author": ("author", "authors", "byline", "writer", "writers", "creator"),
}


def _join_paragraph_lists(value):
    """BASIL ``body-paragraphs``: a list of paragraphs (each a list of sentences) → blank-line text."""
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return value
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        paras = []
        for p in value:
            if isinstance(p, np.ndarray):
                p = p.tolist()
            if isinstance(p, (list, tuple)):
                p = " ".join(s.strip() for s in p if isinstance(s, str) and s.strip())
            if isinstance(p, str) and p.strip():
                paras.append(p.strip())
        return "\n\n".join(paras)
    return value


_BASIL_OUTLETS = {"nyt": "New York Times", "fox": "Fox News", "hpo": "HuffPost"}


def _basil_outlet(value):
    return _BASIL_OUTLETS.get(value.strip().lower(), value) if isinstance(value, str) else value


EXPORTS.register("basil", ColumnMap(
    "basil", (frozenset({"body-paragraphs"}),),
    {"article_id": ("uuid",), "text": ("body-paragraphs",), "outlet": ("source",), "published": ("date",), "title": ("title",), "url": ("url",)},
    {"text": _join_paragraph_lists, "outlet": _basil_outlet},
    priority=10,
))
EXPORTS.register("news-please", ColumnMap(
    "news-please", (frozenset({"maintext"}),),
    {"text": ("maintext",), "published": ("date_publish",), "outlet": ("source_domain",), "author": ("authors",), "title": ("title",), "url": ("url",)},
    priority=20,
))
EXPORTS.register("allsides", ColumnMap(
    "allsides", (frozenset({"content_original"}), frozenset({"bias_text", "content"})),
    {"article_id": ("ID",), "text": ("content_original", "content"), "outlet": ("source",), "published": ("date",), "author": ("authors",), "title": ("title",), "url": ("url",)},
    priority=30,
))
EXPORTS.register("media-cloud", ColumnMap(
    "media-cloud", (frozenset({"stories_id"}), frozenset({"media_name", "publish_date"})),
    {"article_id": ("stories_id",), "published": ("publish_date",), "outlet": ("media_name",), "url": ("url",), "title": ("title",)},
    priority=40,
))
EXPORTS.register("nela-gt", ColumnMap(
    "nela-gt", (frozenset({"content", "source", "date"}),),
    {"article_id": ("id",), "text": ("content",), "outlet": ("source",), "published": ("date",), "author": ("author",), "title": ("title",), "url": ("url",)},
    priority=50,
))


def _named(value):
    """A source or headline given as an object (``{"id": "bbc-news", "name": "BBC News"}``,
    ``{"main": "…"}``): its name."""
    if isinstance(value, Mapping):
        for key in ("name", "main", "title", "print_headline", "id"):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key]
        return None
    return value


EXPORTS.register("newsapi", ColumnMap(
    "newsapi", (frozenset({"publishedAt", "urlToImage"}), frozenset({"publishedAt", "source", "content"})),
    {"text": ("content", "description"), "published": ("publishedAt",), "outlet": ("source",), "author": ("author",),
     "title": ("title",), "url": ("url",)},
    {"outlet": _named},
    priority=25,
))
EXPORTS.register("nyt-api", ColumnMap(
    "nyt-api", (frozenset({"web_url", "pub_date"}),),
    {"article_id": ("_id",), "text": ("lead_paragraph", "abstract", "snippet"), "published": ("pub_date",),
     "outlet": ("source",), "title": ("headline",), "url": ("web_url",), "author": ("byline",)},
    {"title": _named, "author": lambda v: v.get("original") or None if isinstance(v, Mapping) else v},  # {"original": "By …"}
    priority=25,
))
EXPORTS.register("generic", ColumnMap("generic", (frozenset(),), {}, priority=100))


def check_overrides(overrides: dict) -> dict:
    """Validate :func:`newslens.load`'s keywords; return the column overrides that were given."""
    for key, value in overrides.items():
        if key not in KEYWORDS:
            raise invalid_choice("keyword", key, KEYWORDS, fix="Name the source's columns with these keywords, e.g. text_col='body'.")
        if value is not None and not isinstance(value, str):
            raise OptionError(f"`{key}` must be a column name (str); got {value!r}. Pass e.g. {key}='{OVERRIDES.get(key, 'text')}'.")
    if overrides.get("export") is not None:
        EXPORTS.get(overrides["export"])
    return {k: v for k, v in overrides.items() if k in OVERRIDES and v is not None}


def _detect(cols: list[str], export: str | None) -> ColumnMap:
    if export is not None:
        return EXPORTS.get(export)
    have = set(cols)
    for name in sorted(EXPORTS.names(), key=lambda n: EXPORTS.get(n).priority):
        cmap = EXPORTS.get(name)
        if cmap.matches(have):
            return cmap
    return EXPORTS.get("generic")


def resolve(cols: list[str], overrides: dict, export: str | None, source: str) -> tuple[ColumnMap, dict]:
    """The export map and canonical column → source column (or None) for a table with ``cols``."""
    cmap = _detect(cols, export)
    lower: dict[str, str] = {}
    for c in cols:
        lower.setdefault(str(c).lower(), c)
    mapping: dict[str, object] = {}
    used: set = set()
    for key, canon in OVERRIDES.items():
        col = overrides.get(key)
        if col is not None:
            if col not in cols:
                raise missing_columns(
                    source, [col], cols,
                    fix=f"`{key}` must name a column of the source; pass one of the columns listed, or leave `{key}` out to detect it.",
                )
            mapping[canon] = col
            used.add(col)
    for canon in ARTICLE_COLUMNS:
        if canon in mapping:
            continue
        found = None
        for cand in (*cmap.columns.get(canon, ()), *_GENERIC[canon]):
            col = cand if cand in cols else lower.get(cand.lower())
            if col is not None and col not in used:
                found = col
                break
        mapping[canon] = found
        if found is not None:
            used.add(found)
    return cmap, mapping


def string_columns(cols: list[str], overrides: dict, export: str | None) -> set:
    """Source columns that will be read as strings (ids keep leading zeros; text stays text)."""
    try:
        _, mapping = resolve(cols, overrides, export, "source")
    except NewsLensError:  # the same error is raised with the file name during normalisation
        return set()
    return {c for c in mapping.values() if c is not None}
