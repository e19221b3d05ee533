"""Paragraphs and sentences of articles, with debris tagged and offsets kept.

``paragraphs()`` splits each article's text on blank lines and tags every paragraph as
``body``, ``caption``, ``credit``, ``byline`` or ``boilerplate``; repeats are marked
``duplicate``.  ``sentences()`` splits the body paragraphs (duplicates skipped) with nltk's
Punkt tokenizer and the news abbreviations shipped in ``lexicons/punkt_news.json``.
Offsets (``start``, ``end``) always point into the article's ``text`` so evidence can be
highlighted later.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

import pandas as pd

from .errors import missing_columns

__all__ = ["paragraphs", "sentences", "split_sentences", "paragraph_kind", "normalize_for_compare", "KINDS"]

KINDS = ("body", "caption", "credit", "byline", "boilerplate")

_PARA_SPLIT = re.compile(r"\n[ \t\r\f\v]*\n\s*")

# ---------------------------------------------------------------- kinds of paragraph
_AGENCY = (
    r"(?:Getty(?:\s+Images)?|AP(?:\s+Photo)?|AFP|Reuters|EPA(?:-EFE)?|Shutterstock|Bloomberg|Pool|"
    r"Associated\s+Press|Xinhua|TASS|Sputnik|Anadolu|NurPhoto|SOPA\s+Images|ZUMA(?:\s+Press)?|"
    r"Contributor|Staff|File|Handout|Courtesy|Alamy|iStock|Images?|Photo(?:graph)?s?|Video)"
)
_CAPTION_PATTERNS = [
    re.compile(r"\((?:[^()]*\b(?:Photo|Photograph|Image|Video|Credit|Picture)s?\b[^()]*)\)\s*\.?\s*$", re.I),
    re.compile(r"\((?:AP|AFP|Reuters|EPA|Getty)\b[^()]*\)\s*\.?\s*$"),
    re.compile(r"(?:Photo|Photograph|Image|Picture|Video)\s*(?:credit)?\s*:\s*\S.{0,80}$", re.I),
    re.compile(r"\bCredit\s*:\s*\S.{0,80}$", re.I),
    re.compile(r"^(?:PHOTO|FILE PHOTO|VIDEO|WATCH|IMAGE|PICTURED)\s*[:\-—–]", re.I),
    re.compile(r"\b\w+(?:\s+\w+){0,3}\s*/\s*" + _AGENCY + r"(?:\s+via\s+[\w ]+)?\s*\.?\s*$"),
]
_CREDIT = re.compile(
    r"^\(?(?:(?:Photo|Image|Video|Picture)\s*(?:credit|by)?\s*[:\-]?\s*)?"
    r"(?:[\w.'’\- ]{0,40}/\s*)?" + _AGENCY + r"(?:\s*/\s*[\w.'’\- ]{1,40})?"
    r"(?:\s+via\s+[\w .'’\-]{1,40})?\)?\.?$",
    re.I,
)
_BYLINE_PATTERNS = [
    re.compile(r"^By\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3})*(?:\s*[,|—–-]\s*[\w .'’&]{1,60})?\.?$"),
    re.compile(r"\bcontributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\b", re.I),
    re.compile(r"^(?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled)\s+by\b", re.I),
    re.compile(r"^(?:Written|Reported|Edited)\s+by\b", re.I),
    re.compile(r"\b(?:Reporting|Editing)\s+by\b.{0,120};\s*(?:Editing|Writing|Reporting)\s+by\b", re.I),
    re.compile(r"^(?:Contact|Email|Follow)\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+)?\s+(?:at|on)\s+\S", re.I),
    re.compile(r"^[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3}\s+is\s+an?\s+(?:[\w\-]+\s+){0,3}(?:reporter|correspondent|writer|editor|journalist|columnist)\b", re.I),
]
_BOILERPLATE_PATTERNS = [
    re.compile(r"\bsign\s+up\b.{0,60}\b(?:newsletter|updates|alerts)\b", re.I),
    re.compile(r"\bsubscribe\b.{0,60}\b(?:newsletter|today|now|here|for)\b", re.I),
    re.compile(r"^(?:Read|Watch|See)\s+(?:more|also|next|the\s+full)\b", re.I),
    re.compile(r"^(?:RELATED|MORE|READ MORE|ALSO READ|RECOMMENDED|ADVERTISEMENT|Advertisement|Related)\b\s*(?::|$)"),
    re.compile(r"(?:©|\(c\)|\bCopyright\b)\s*(?:\d{4}|[A-Z])", re.I),
    re.compile(r"\ball\s+rights\s+reserved\b", re.I),
    re.compile(r"\bcookies?\b.{0,80}\b(?:accept|consent|policy|settings|use)\b", re.I),
    re.compile(r"^(?:Share|Tweet|Email)\s+(?:this|on)\b", re.I),
    re.compile(r"\bclick\s+here\b", re.I),
    re.compile(r"\bfollow\s+us\s+on\b", re.I),
    re.compile(r"^This\s+(?:article|story)\s+(?:was\s+)?(?:originally|first)\s+(?:published|appeared)\b", re.I),
    re.compile(r"\b(?:download|get)\s+(?:our|the)\s+app\b", re.I),
]


def paragraph_kind(text: str) -> str:
    """Tag one paragraph as body, caption, credit, byline or boilerplate.

    >>> paragraph_kind("Contributor/Getty Images")
    'credit'
    >>> paragraph_kind("ABC News' Joe Simonetti contributed to this report.")
    'byline'
    """
    t = text.strip()
    if not t:
        return "boilerplate"
    words = len(t.split())
    if words <= 8 and _CREDIT.match(t):
        return "credit"
    if words <= 40:
        for pat in _BYLINE_PATTERNS:
            if pat.search(t):
                return "byline"
    if words <= 80:
        for pat in _CAPTION_PATTERNS:
            if pat.search(t):
                return "caption"
    if words <= 60:
        for pat in _BOILERPLATE_PATTERNS:
            if pat.search(t):
                return "boilerplate"
    return "body"


_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"', "–": "-", "—": "-"})
_NONWORD = re.compile(r"[\W_]+", re.U)


def normalize_for_compare(text: str) -> str:
    """Fold case, quotes, dashes, accents-as-composed and whitespace so that repeats compare equal."""
    t = unicodedata.normalize("NFKC", str(text)).translate(_QUOTE_FOLD).casefold()
    return _NONWORD.sub(" ", t).strip()


def _require_text(articles: pd.DataFrame, table: str = "articles") -> pd.DataFrame:
    if not isinstance(articles, pd.DataFrame):
        from .load import load

        articles = load(articles)
    if "text" not in articles.columns:
        raise missing_columns(table, ["text"], articles.columns, fix="Pass the output of nl.load(), or a DataFrame with a `text` column.")
    if "article_id" not in articles.columns:
        articles = articles.assign(article_id=[str(i) for i in range(len(articles))])
    return articles


def _split_paragraphs(text: str):
    """Yield (start, end) of each non-empty paragraph of ``text`` (blank-line separated)."""
    pos = 0
    for m in _PARA_SPLIT.finditer(text):
        yield from _trimmed(text, pos, m.start())
        pos = m.end()
    yield from _trimmed(text, pos, len(text))


def _trimmed(text: str, start: int, end: int):
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        yield start + lead, start + lead + len(stripped)


def paragraphs(articles) -> pd.DataFrame:
    """One row per paragraph: ``article_id, paragraph, kind, duplicate, text, start, end``.

    Parameters
    ----------
    articles : DataFrame
        The output of :func:`newslens.load` (or any table with ``text``; ``article_id`` and
        ``title`` are used when present).

    Returns
    -------
    DataFrame
        ``paragraph`` counts from 0 within each article. ``kind`` is one of
        ``body, caption, credit, byline, boilerplate``. ``duplicate`` is True when the
        paragraph repeats the title or an earlier paragraph of the same article.

    Examples
    --------
    >>> import newslens as nl
    >>> arts = nl.load(["Storm hits coast\\n\\nThe storm hit the coast on Monday.\\n\\nAP Photo/Jane Doe"])
    >>> nl.paragraphs(arts)["kind"].tolist()
    ['body', 'credit']
    """
    articles = _require_text(articles)
    titles = articles["title"] if "title" in articles.columns else pd.Series([None] * len(articles), index=articles.index)
    rows = []
    for aid, text, title in zip(articles["article_id"], articles["text"], titles):
        if not isinstance(text, str):
            continue
        seen = set()
        if isinstance(title, str) and title.strip():
            seen.add(normalize_for_compare(title))
        for i, (s, e) in enumerate(_split_paragraphs(text)):
            ptext = text[s:e]
            key = normalize_for_compare(ptext)
            dup = bool(key) and key in seen
            seen.add(key)
            rows.append((aid, i, paragraph_kind(ptext), dup, ptext, s, e))
    out = pd.DataFrame(rows, columns=["article_id", "paragraph", "kind", "duplicate", "text", "start", "end"])
    return out.astype({"article_id": "string", "paragraph": "int64", "kind": "string", "duplicate": "bool", "start": "int64", "end": "int64"}).astype({"article_id": object, "kind": object})


# ---------------------------------------------------------------- sentences
@lru_cache(maxsize=1)
def _punkt_resources():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    spec = json.loads(resources.files("newslens.lexicons").joinpath("punkt_news.json").read_text("utf-8"))
    params = PunktParameters()
    params.abbrev_types = {a.lower() for a in spec["abbreviations"]}
    tok = PunktSentenceTokenizer(params)
    may_end = {a.lower() for a in spec["may_end_sentence"]}
    starters = frozenset(spec["sentence_starters"])
    return tok, may_end, starters


_ABBREV_END = re.compile(r"(?:^|[\s(\"“'‘])((?:[A-Za-z]\.)+[A-Za-z]?|[A-Za-z]+)\.$")
_NEXT_WORD = re.compile(r"\s+[\"“'‘(]?([A-Z][a-z]*)\b")
_STARTS_LOWER = re.compile(r"^[\"“”'‘’(\[]*\s*[a-z]")
_ENDS_QUOTED_QE = re.compile(r"[?!…]+[\"”'’)]*$|,[\"”'’]$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of one paragraph.

    Punkt with the shipped news abbreviations, then two news-specific repairs: a sentence
    that starts in lower case continues the previous one (``“Why?” she asked.``), and a
    sentence-final abbreviation such as ``U.S.`` or ``p.m.`` ends a sentence when the next
    word is a frequent sentence opener (``… at 5 p.m. The mayor left.``).

    >>> t = "“Will we win?” she asked. Sen. Ruth Kamau met the U.S. team at 9 a.m. The talks ended."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['“Will we win?” she asked.', 'Sen. Ruth Kamau met the U.S. team at 9 a.m.', 'The talks ended.']
    """
    if not text or not text.strip():
        return []
    tok, may_end, starters = _punkt_resources()
    spans = list(tok.span_tokenize(text))
    # split after a sentence-final abbreviation followed by a common opener
    split_spans = []
    for s, e in spans:
        cut = s
        for m in re.finditer(r"\.(?=\s+[\"“'‘(]?[A-Z])", text[s:e]):
            end = s + m.end()
            am = _ABBREV_END.search(text[cut:end])
            nm = _NEXT_WORD.match(text, end)
            if am and nm and am.group(1).lower().rstrip(".") in may_end and nm.group(1) in starters:
                split_spans.append((cut, end))
                nxt = end + len(text[end:e]) - len(text[end:e].lstrip())
                cut = nxt
        split_spans.append((cut, e))
    # merge a sentence that begins in lower case into the one before it
    merged: list[list[int]] = []
    for s, e in split_spans:
        if merged and _STARTS_LOWER.match(text[s:e]) and _ENDS_QUOTED_QE.search(text[merged[-1][0]:merged[-1][1]]):
            merged[-1][1] = e
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def sentences(articles) -> pd.DataFrame:
    """One row per sentence of the body paragraphs (duplicates skipped).

    Columns ``article_id, paragraph, sentence, text, start, end``; ``sentence`` counts from 0
    within each article; offsets point into the article's ``text``.

    Accepts an articles table or a paragraphs table (as returned by :func:`paragraphs`).

    Examples
    --------
    >>> import newslens as nl
    >>> arts = nl.load(["Talks end\\n\\nThe talks ended at 5 p.m. The mayor left. Dr. Lee stayed."])
    >>> nl.sentences(arts)["text"].tolist()
    ['The talks ended at 5 p.m.', 'The mayor left.', 'Dr. Lee stayed.']
    """
    if isinstance(articles, pd.DataFrame) and {"paragraph", "kind", "start"} <= set(articles.columns):
        paras = articles
    else:
        paras = paragraphs(articles)
    body = paras[(paras["kind"] == "body") & ~paras["duplicate"]] if len(paras) else paras
    rows = []
    counter: dict = {}
    for aid, pno, ptext, pstart in zip(body["article_id"], body["paragraph"], body["text"], body["start"]):
        for s, e in split_sentences(ptext):
            k = counter.get(aid, 0)
            counter[aid] = k + 1
            rows.append((aid, pno, k, ptext[s:e], pstart + s, pstart + e))
    out = pd.DataFrame(rows, columns=["article_id", "paragraph", "sentence", "text", "start", "end"])
    return out.astype({"paragraph": "int64", "sentence": "int64", "start": "int64", "end": "int64"})
