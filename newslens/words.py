"""Which words set two groups of articles apart (``nl.keyness``), and where they occur (``nl.kwic``).

``keyness()`` counts words (and phrases) in the body paragraphs of two groups — two outlets,
or one outlet and the rest — and ranks them by the log-odds ratio with an informative
Dirichlet prior and its z-score (Monroe, Colaresi & Quinn 2008, "Fightin' Words: Lexical
Feature Selection and Evaluation for Identifying the Content of Political Conflict",
*Political Analysis* 16(4)): a word used 3 times against 0 is not "infinitely" distinctive,
and a word used 3,000 times against 2,000 is more reliably distinctive than one used 3 times
against 2.  Pearson's chi-square (with Yates' correction, signed by direction, as quanteda's
``textstat_keyness`` reports it) is given beside it.

``kwic()`` lists every match of a word, phrase or regular expression with the words around
it, so a distinctive word can be read in context; ``kwic_view()`` shows that table as escaped
HTML with the matches marked.
"""
from __future__ import annotations

import hashlib
import math
import re
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

import numpy as np
import pandas as pd

from .errors import ColumnError, NewsLensWarning, OptionError, invalid_choice, missing_columns
from .highlight import _attr
from .tokens import WORD

__all__ = ["keyness", "kwic", "kwic_view", "KwicView"]

_CASES = ("ignore", "match")
#: a word for counting: an abbreviation with dots ("U.S.", "F.B.I.") is one word, else newslens's word pattern
_COUNTED = re.compile(r"(?:[^\W\d_]\.){2,}|" + WORD.pattern, re.U)


# ---------------------------------------------------------------- shared: body paragraphs
def _body(articles: pd.DataFrame) -> pd.DataFrame:
    """Body paragraphs (captions, bylines, boilerplate and repeated paragraphs left out), with offsets."""
    from .measures._base import units

    return units(articles, level="paragraph")


def _articles(articles, what: str) -> pd.DataFrame:
    if isinstance(articles, (str, list, tuple, pd.Series)):
        from .measures._base import as_texts

        return as_texts(articles)
    if not isinstance(articles, pd.DataFrame):
        raise ColumnError(f"{what} needs the articles table from nl.load() (or a list of texts); got {type(articles).__name__}.")
    if "text" not in articles.columns:
        raise missing_columns("articles", ["text"], articles.columns, fix="Pass the output of nl.load() (or nl.paragraphs()).")
    return articles


# ---------------------------------------------------------------- keyness
def _stop_set(stop_words) -> frozenset[str]:
    if stop_words is None or stop_words is False:
        return frozenset()
    if isinstance(stop_words, str):
        if stop_words != "english":
            raise invalid_choice("stop_words", stop_words, ["english", None],
                                 fix="(or pass your own collection of words)")
        from .stories import stop_words as shipped

        return shipped()
    return frozenset(str(w).casefold() for w in stop_words)


def _ngrams(tokens: list[str], sizes: tuple[int, ...], stop: frozenset[str]) -> Iterable[str]:
    for n in sizes:
        for i in range(len(tokens) - n + 1):
            gram = tokens[i: i + n]
            if stop and any(t in stop for t in gram):
                continue
            yield " ".join(gram)


def _group_mask(values: pd.Series, group, by: str) -> pd.Series:
    wanted = list(group) if isinstance(group, (list, tuple, set, frozenset)) else [group]
    found = set(values.dropna().unique())
    if not found:
        raise OptionError(f"keyness() needs articles with a value of {by!r}; "
                          + ("the articles table is empty." if values.empty else f"every {by!r} is missing.")
                          + f" Pass the articles table from nl.load() with its {by!r} column filled.")
    missing = [g for g in wanted if g not in found]
    if missing:
        raise invalid_choice(f"groups (values of {by!r})", missing[0], sorted(map(str, found)))
    return values.isin(wanted)


def _label(group) -> str:
    return " + ".join(map(str, group)) if isinstance(group, (list, tuple, set, frozenset)) else str(group)


def keyness(articles, *, by: str = "outlet", groups=None, ngrams=1, stop_words=None, lowercase: bool = True,
            prior: float = 1000.0, min_count: int = 1) -> pd.DataFrame:
    """Distinctive words of one group of articles against another ("Fightin' Words").

    For each word ``w`` with counts ``y_a``, ``y_b`` in groups of ``n_a``, ``n_b`` words, and a
    prior ``alpha_w = prior * (count of w in all articles given) / (all words)``:

    ``log_odds = log((y_a + alpha_w) / (n_a + prior - y_a - alpha_w)) - log((y_b + alpha_w) / (n_b + prior - y_b - alpha_w))``,
    ``z = log_odds / sqrt(1 / (y_a + alpha_w) + 1 / (y_b + alpha_w))`` (Monroe et al. 2008, eq. 16–22).

    Parameters
    ----------
    articles : DataFrame
        The articles table from ``nl.load()`` (or its paragraphs) with the ``by`` column.
        Only body paragraphs are counted: captions, bylines, credits, boilerplate and
        repeated paragraphs would otherwise top the list.
    by : str, default "outlet"
        The column whose values form the groups.
    groups : tuple, optional
        ``(a, b)``: each a value of ``by`` or a list of values; ``b=None`` means every other
        article.  Default: the two values of ``by`` when there are exactly two.
    ngrams : int or tuple of int, default 1
        Word sequences to count: 1 (words), 2 (two-word phrases), or e.g. (1, 2).
    stop_words : None, "english" or collection, default None
        Words to leave out (and phrases containing them).  None keeps every word;
        "english" is the list shipped with newslens (``newslens.stories.stop_words()``).
    lowercase : bool, default True
        Count "Senate" and "senate" as one word.
    prior : float, default 1000
        Total pseudo-count of the informative Dirichlet prior, spread over words by their
        frequency in all the articles given.  Larger values shrink rare words more.
    min_count : int, default 1
        Leave out words seen fewer times in both groups together.

    Returns
    -------
    DataFrame
        One row per word, most distinctive of group a first: ``word``, ``n_a``, ``n_b``
        (counts), ``per_1000_a``, ``per_1000_b`` (rates per 1,000 words), ``log_odds``,
        ``se``, ``z`` (positive: typical of a), ``chi2`` (signed like ``z``), ``p_chi2``, and
        ``favours`` (the group's label).  ``attrs['newslens']`` records the groups, their word
        counts and the options.

    Examples
    --------
    >>> import pandas as pd, newslens as nl
    >>> arts = pd.DataFrame({"article_id": ["1", "2"], "outlet": ["A", "B"],
    ...                      "text": ["The mill closes. Jobs lost at the mill.", "The storm floods homes. The storm passes."]})
    >>> top = nl.keyness(arts, by="outlet", groups=("A", "B"))
    >>> top.iloc[0]["word"], top.iloc[-1]["word"]
    ('mill', 'storm')
    """
    arts = _articles(articles, "keyness()")
    if by not in arts.columns:
        raise missing_columns("articles", [by], arts.columns, fix="Pass `by=` a column of the articles table (e.g. 'outlet').")
    if not isinstance(prior, (int, float)) or isinstance(prior, bool) or not prior > 0:
        raise OptionError(f"`prior` must be a positive number (pseudo-counts); got {prior!r}. Use e.g. prior=1000.")
    sizes = (ngrams,) if isinstance(ngrams, int) else tuple(ngrams)
    if not sizes or any(not isinstance(n, (int, np.integer)) or n < 1 for n in sizes):
        raise OptionError(f"`ngrams` must be a positive integer or a tuple of them (e.g. 1 or (1, 2)); got {ngrams!r}.")
    if groups is None:
        values = sorted(arts[by].dropna().unique(), key=str)
        if len(values) != 2:
            raise OptionError(f"`groups` is needed: {by!r} has {len(values)} values ({', '.join(map(repr, values[:8]))}"
                              f"{', …' if len(values) > 8 else ''}). Pass groups=(a, b), or groups=(a, None) for a against the rest.")
        groups = tuple(values)
    if not isinstance(groups, (tuple, list)) or len(groups) != 2:
        raise OptionError(f"`groups` must be a pair (a, b); got {groups!r}.")
    ga, gb = groups
    in_a = _group_mask(arts[by], ga, by)
    in_b = ~in_a & arts[by].notna() if gb is None else _group_mask(arts[by], gb, by)
    if (in_a & in_b).any():
        raise OptionError(f"`groups` overlap: {_label(ga)!r} and {_label(gb)!r} share articles. Give each value of {by!r} to one group.")
    if not in_b.any():
        raise OptionError(f"The second group ({'rest' if gb is None else _label(gb)!r}) has no articles: every article with "
                          f"a value of {by!r} is in {_label(ga)!r}. Compare two groups that both have articles.")
    stop = _stop_set(stop_words)
    paras = _body(arts[in_a | in_b])
    side = paras["article_id"].astype(str).map(dict(zip(arts["article_id"].astype(str), np.where(in_a, "a", "b"))))
    counts = {"a": Counter(), "b": Counter()}
    totals = {"a": 0, "b": 0}
    for text, s in zip(paras["text"], side):
        text = text.replace("’", "'")  # one apostrophe, so "it’s" and "it's" are one word
        toks = _COUNTED.findall(text.casefold() if lowercase else text)
        if stop:
            totals[s] += sum(t not in stop for t in toks)
        else:
            totals[s] += len(toks)
        counts[s].update(_ngrams(toks, sizes, stop))
    label_a = _label(ga)
    label_b = "rest" if gb is None else _label(gb)
    empty = [f"{label!r} ({int(mask.sum())} article(s))" for label, mask, side in ((label_a, in_a, "a"), (label_b, in_b, "b"))
             if totals[side] == 0]
    if empty:
        from .schema import _outside_newslens

        warnings.warn(f"keyness(): no words to count in {' and '.join(empty)}: their body paragraphs are empty "
                      "(or hold only stop words); the table has no row from them. Check the `text` column.",
                      NewsLensWarning, stacklevel=_outside_newslens())
    out = _fightin_words(counts["a"], counts["b"], totals["a"], totals["b"], float(prior), int(min_count), label_a, label_b)
    out.attrs["newslens"] = {
        "measure": "keyness", "method": "log-odds ratio with informative Dirichlet prior (Monroe, Colaresi & Quinn 2008); "
        "chi-square with Yates' correction", "by": by, "groups": [label_a, label_b], "words_a": totals["a"],
        "words_b": totals["b"], "articles_a": int(in_a.sum()), "articles_b": int(in_b.sum()), "prior": float(prior),
        "ngrams": list(sizes), "stop_words": "english" if stop_words == "english" else (None if not stop else "custom"),
        "lowercase": lowercase, "counted": "body paragraphs (nl.paragraphs kind 'body', repeats skipped)",
    }
    return out


def _fightin_words(ca: Counter, cb: Counter, na: int, nb: int, prior: float, min_count: int,
                   label_a: str, label_b: str) -> pd.DataFrame:
    words = sorted(set(ca) | set(cb))
    cols = ["word", "n_a", "n_b", "per_1000_a", "per_1000_b", "log_odds", "se", "z", "chi2", "p_chi2", "favours"]
    if not words:
        return pd.DataFrame(columns=cols)
    ya = np.array([ca.get(w, 0) for w in words], dtype=float)
    yb = np.array([cb.get(w, 0) for w in words], dtype=float)
    keep = (ya + yb) >= min_count
    total = ya.sum() + yb.sum()
    alpha = prior * (ya + yb) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((ya + alpha) / (na + prior - ya - alpha)) - np.log((yb + alpha) / (nb + prior - yb - alpha))
        se = np.sqrt(1.0 / (ya + alpha) + 1.0 / (yb + alpha))
        z = delta / se
        chi2 = _yates_chi2(ya, yb, float(na), float(nb)) * np.sign(ya / max(na, 1) - yb / max(nb, 1))
    p = np.array([math.erfc(math.sqrt(abs(c) / 2.0)) for c in chi2])
    out = pd.DataFrame({
        "word": words, "n_a": ya.astype("int64"), "n_b": yb.astype("int64"),
        "per_1000_a": 1000 * ya / max(na, 1), "per_1000_b": 1000 * yb / max(nb, 1),
        "log_odds": delta, "se": se, "z": z, "chi2": chi2, "p_chi2": p,
        "favours": np.where(z > 0, label_a, np.where(z < 0, label_b, "neither")),
    })[keep]
    return out.sort_values(["z", "word"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _yates_chi2(ya: np.ndarray, yb: np.ndarray, na: float, nb: float) -> np.ndarray:
    """Pearson's chi-square of the 2×2 table (word / other words × a / b), Yates-corrected."""
    oa, ob = na - ya, nb - yb
    n = na + nb
    row1, row2 = ya + yb, oa + ob
    num = n * np.maximum(np.abs(ya * ob - yb * oa) - n / 2, 0) ** 2
    den = row1 * row2 * na * nb
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / den, 0.0)


# ---------------------------------------------------------------- keyword in context
def _pattern(pattern, *, regex: bool, case: str, whole_words: bool) -> re.Pattern:
    if isinstance(pattern, re.Pattern):
        return pattern
    if not isinstance(pattern, str) or not pattern.strip():
        raise OptionError(f"`pattern` must be a non-empty word, phrase or regular expression; got {pattern!r}.")
    if case not in _CASES:
        raise invalid_choice("case", case, _CASES)
    body = pattern if regex else r"\s+".join(re.escape(p) for p in pattern.split())
    if whole_words:
        body = rf"(?<![\w])(?:{body})(?![\w])"
    try:
        return re.compile(body, re.IGNORECASE if case == "ignore" else 0)
    except re.error as exc:
        raise OptionError(f"`pattern` {pattern!r} is not a valid regular expression ({exc}). "
                          "Pass regex=False to search for it literally.") from None


def _context(text: str, end_or_start: int, n: int, before: bool) -> str:
    if before:
        spans = [m.start() for m in WORD.finditer(text, 0, end_or_start)]
        return text[spans[-n]:end_or_start].strip() if len(spans) >= n and n else (text[:end_or_start].strip() if n else "")
    ends = [m.end() for m in WORD.finditer(text, end_or_start)][:n]
    return text[end_or_start:ends[-1]].strip() if ends else ""


def kwic(articles, pattern, *, window: int = 8, regex: bool = False, case: str = "ignore",
         whole_words: bool = True) -> pd.DataFrame:
    """Every match of a word, phrase or regular expression with the words around it.

    Parameters
    ----------
    articles : DataFrame or list of str
        The articles table from ``nl.load()`` (body paragraphs are searched), its paragraphs,
        or a list of texts.
    pattern : str or compiled regex
        A word or phrase (``"Hale"``, ``"flood fund"``: any run of spaces between its words
        matches), or a regular expression with ``regex=True`` (``r"Hale'?s?"``).
    window : int, default 8
        Words of context on each side.
    regex : bool, default False
        Treat ``pattern`` as a regular expression.
    case : {"ignore", "match"}, default "ignore"
        Whether "hale" finds "Hale".
    whole_words : bool, default True
        Match only whole words ("Hale" does not match "Halesworth").

    Returns
    -------
    DataFrame
        ``article_id, paragraph, left, match, right, start, end`` — ``start``/``end`` are
        offsets of the match in the article's ``text`` — plus ``outlet`` and ``title`` when the
        articles table has them.  Show it with :func:`kwic_view`.

    Examples
    --------
    >>> import newslens as nl
    >>> k = nl.kwic(["Governor Hale said the fund was spent. Critics blamed Hale."], "hale", window=2)
    >>> k[["left", "match", "right"]].values.tolist()
    [['Governor', 'Hale', 'said the'], ['Critics blamed', 'Hale', '']]
    """
    if not isinstance(window, (int, np.integer)) or isinstance(window, bool) or window < 0:
        raise OptionError(f"`window` must be a whole number of words ≥ 0; got {window!r}. Use e.g. window=8.")
    rx = _pattern(pattern, regex=regex, case=case, whole_words=whole_words)
    arts = _articles(articles, "kwic()")
    paras = _body(arts)
    rows = []
    for aid, pno, text, p_start in zip(paras["article_id"], paras["paragraph"] if "paragraph" in paras.columns else [0] * len(paras),
                                       paras["text"], paras["start"]):
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            rows.append((aid, int(pno), _context(text, m.start(), int(window), True), m.group(0),
                         _context(text, m.end(), int(window), False), int(p_start) + m.start(), int(p_start) + m.end()))
    out = pd.DataFrame(rows, columns=["article_id", "paragraph", "left", "match", "right", "start", "end"])
    for extra in ("outlet", "title"):
        if extra in arts.columns and "article_id" in arts.columns:
            out[extra] = out["article_id"].map(dict(zip(arts["article_id"], arts[extra])))
    out.attrs["newslens"] = {"measure": "kwic", "pattern": rx.pattern, "window": int(window), "regex": regex,
                             "case": case, "whole_words": whole_words, "searched": "body paragraphs"}
    return out


# ---------------------------------------------------------------- HTML view
_KWIC_CSS = """
{w} {{ font-family: Helvetica, Arial, sans-serif; font-size: 13px; color: #1a1a1a; background: #ffffff; }}
{w} table {{ border-collapse: collapse; width: 100%; }}
{w} td {{ padding: 2px 6px; border-bottom: 1px solid #eeeeee; vertical-align: top; }}
{w} td.nl-left {{ text-align: right; white-space: nowrap; overflow: hidden; max-width: 38ch; direction: rtl; }}
{w} td.nl-left span {{ direction: ltr; unicode-bidi: embed; }}
{w} td.nl-right {{ text-align: left; white-space: nowrap; overflow: hidden; max-width: 38ch; }}
{w} td.nl-match {{ text-align: center; white-space: nowrap; }}
{w} mark {{ background: #fff4d6; border-bottom: 2px solid #E69F00; padding: 0 2px; font-weight: bold; color: #1a1a1a; }}
{w} td.nl-src {{ color: #666666; font-size: 11.5px; white-space: nowrap; }}
{w} .nl-note {{ color: #666666; font-size: 11.5px; margin-bottom: 6px; }}
"""


@dataclass
class KwicView:
    """A keyword-in-context table as escaped HTML; displays itself in Jupyter."""

    html: str
    table: pd.DataFrame = field(repr=False)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<KwicView: {len(self.table)} matches; display in Jupyter or use .html>"


def kwic_view(table: pd.DataFrame, *, max_rows: int = 50) -> KwicView:
    """Show a :func:`kwic` table as HTML: left context, the match marked, right context, source.

    All text passes through ``html.escape`` (the articles are untrusted input); no scripts,
    no event handlers, one style block scoped to this output.

    Examples
    --------
    >>> import newslens as nl
    >>> view = nl.kwic_view(nl.kwic(["<b>Hale</b> said <script>x</script>"], "Hale"))
    >>> "<script>" in view.html, "&lt;script&gt;" in view.html
    (False, True)
    """
    needed = ["left", "match", "right"]
    if not isinstance(table, pd.DataFrame) or any(c not in table.columns for c in needed):
        raise ColumnError("kwic_view() needs the table from nl.kwic(articles, pattern) (columns left, match, right).")
    if not isinstance(max_rows, (int, np.integer)) or max_rows < 1:
        raise OptionError(f"`max_rows` must be a positive integer; got {max_rows!r}.")
    shown = table.head(int(max_rows))
    rows = []
    for r in shown.to_dict("records"):
        src = " · ".join(str(r[c]) for c in ("outlet", "article_id") if c in r and r[c] is not None and not pd.isna(r[c]))
        title = r.get("title")
        hover = f' title="{_attr(title)}"' if isinstance(title, str) and title else ""
        rows.append(f'<tr><td class="nl-src"{hover}>{escape(src, quote=True)}</td>'
                    f'<td class="nl-left"><span>{escape(str(r["left"]), quote=True)}</span></td>'
                    f'<td class="nl-match"><mark>{escape(str(r["match"]), quote=True)}</mark></td>'
                    f'<td class="nl-right">{escape(str(r["right"]), quote=True)}</td></tr>')
    meta = table.attrs.get("newslens", {}) if isinstance(table.attrs.get("newslens"), dict) else {}
    note = f"{len(table)} matches" + (f" of {meta['pattern']!r}" if meta.get("pattern") else "") + (
        f"; first {len(shown)} shown" if len(shown) < len(table) else "")
    inner = f'<div class="nl-note">{escape(note, quote=True)}</div><table>{"".join(rows)}</table>'
    uid = "newslens-kwic-" + hashlib.sha1(inner.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    css = _KWIC_CSS.replace("{w}", f"div.{uid}").replace("{{", "{").replace("}}", "}").replace("</", "<\\/")
    return KwicView(html=f'<div class="{uid}"><style>{css}</style>{inner}</div>', table=table)
