"""Paragraphs and sentences of articles, with debris tagged and offsets kept.

``paragraphs()`` splits each article's text on blank lines and tags every paragraph as
``body``, ``caption``, ``credit``, ``byline`` or ``boilerplate``; repeats are marked
``duplicate``.  ``sentences()`` splits the body paragraphs (duplicates skipped) with nltk's
Punkt tokenizer and the news abbreviations shipped in ``lexicons/punkt_news.json``.
Offsets (``start``, ``end``) always point into the article's ``text`` so evidence can be
highlighted later.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from .errors import missing_columns
from .files import read_lexicon_json
from .schema import (PARAGRAPH_COLUMNS, SENTENCE_COLUMNS, TABLE_ATTR, check_unique_columns, check_unique_keys,
                     keep_id_dtype, table_kind)
from .textnorm import normalize_for_compare, plain_text, replace_surrogates  # re-exported: older imports keep working

__all__ = ["paragraphs", "sentences", "split_sentences", "paragraph_sentences", "paragraph_kind", "normalize_for_compare", "replace_surrogates", "KINDS"]

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
    # "… on Saturday. Grant Wilder/Calder Sentinel": a sentence then a bare name/outlet credit
    re.compile(r"[.!?]\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3}\s*/\s*[A-Z][\w.'’\-]*(?:\s+[A-Z&][\w.'’\-]*){0,4}\.?$"),
    re.compile(r"\b\w+(?:\s+\w+){0,3}\s*/\s*" + _AGENCY + r"(?:\s+via\s+[\w ]+)?\s*\.?\s*$"),
]
_CREDIT_PATTERNS = [
    re.compile(
        r"^\(?(?:(?:Photo|Image|Video|Picture)\s*(?:credit|by)?\s*[:\-]?\s*)?"
        r"(?:[\w.'’\- ]{0,40}/\s*)?" + _AGENCY + r"(?:\s*/\s*[\w.'’\- ]{1,40})?"
        r"(?:\s+via\s+[\w .'’\-]{1,40})?\)?\.?$",
        re.I,
    ),
    # "Jane Roe/Civic Wire Photo": capitalised name / capitalised outlet, nothing else
    re.compile(r"^\(?[A-Z][^\s/]*(?:\s+[A-Z&][^\s/]*){0,3}\s*/\s*[A-Z][^\s/]*(?:\s+(?:[A-Z&][^\s/]*|for|of|via))*\)?\.?$"),
    # "Photo: Harbor Ledger staff"
    re.compile(r"^(?:Photo|Photograph|Image|Picture|Video)s?\s*(?:credit)?\s*:\s*[\w&'’/\-]+(?:\s+[\w&'’/\-]+){0,3}$", re.I),
]
_BYLINE_PATTERNS = [
    re.compile(r"^By\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,3})*(?:\s*[,|—–-]\s*[\w .'’&]{1,60})?\.?$"),
    re.compile(r"\bcontributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\b", re.I),
    # "Reporting by Tom Reyes in Port Calder; Editing by Ann Cole": names only, not a sentence
    re.compile(
        r"^(?i:Additional\s+)?(?i:Reporting|Writing|Editing|Compiled|Written|Reported|Edited|Photographs|Graphics)\s+(?i:by)\s+"
        r"[A-Z][\w.'’\-]*(?:\s*(?:,|and|&|in|from|at)?\s*[A-Z][\w.'’\-]*)*(?:\s*;.*)?\.?$"
    ),
    re.compile(r"\b(?:Reporting|Editing)\s+by\b.{0,120};\s*(?:Editing|Writing|Reporting)\s+by\b", re.I),
    re.compile(r"^(?:Contact|Email|Follow)\s+[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+)?\s+(?:at|on)\s+\S"),
    re.compile(r"^[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?\s+can\s+be\s+reached\s+(?:at|on|by)\b"),
    re.compile(r"^(?:From|Via)\s+(?:the\s+)?[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,3}\.?$"),
    re.compile(r"^[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3}\s+is\s+an?\s+(?:[\w\-]+\s+){0,3}(?:reporter|correspondent|writer|editor|journalist|columnist)\b", re.I),
    # a signature on its own: "— Tom Reyes, Calder Evening News", "-- The Associated Press"
    re.compile(r"^(?:—|–|--?)\s*[A-Z][\w.'’\-]*(?:\s+[A-Z&][\w.'’\-]*){0,3}"
               r"(?:\s*[,|/]\s*(?:the\s+)?[A-Z][\w.'’&\-]*(?:\s+(?:[A-Z&][\w.'’&\-]*|of|for|and|in))*){0,2}\.?$"),
]
_BOILERPLATE_PATTERNS = [
    re.compile(r"\bsign\s+up\b.{0,60}\b(?:newsletter|updates|alerts|briefing|digest|emails?)\b", re.I),
    re.compile(r"\bsubscribe\b.{0,60}\b(?:newsletter|today|now|here|for)\b", re.I),
    re.compile(r"^(?:Read|Watch|See)\s+(?:more|also|next|the\s+full)\b", re.I),
    re.compile(r"^(?:RELATED|MORE|READ MORE|ALSO READ|RECOMMENDED|ADVERTISEMENT|Advertisement|Related)\b\s*(?::|$)"),
    re.compile(r"(?:©|\([cC]\)|\b(?:Copyright|COPYRIGHT|copyright)\b)\s*(?:\d{4}|[A-Z])"),
    re.compile(r"\ball\s+rights\s+reserved\b", re.I),
    re.compile(r"\bcookies?\b.{0,80}\b(?:accept|consent|policy|settings|use)\b", re.I),
    re.compile(r"^(?:Share|Tweet|Email)\s+(?:this|on)\b", re.I),
    re.compile(r"\bclick\s+here\b", re.I),
    re.compile(r"\bfollow\s+us\s+on\b", re.I),
    re.compile(r"\bfollow\s+(?:us|the\s+[\w ]{1,30})\s+on\s+(?:social\s+media|twitter|x|facebook|instagram|tiktok)\b", re.I),
    re.compile(r"^(?:Got|Have)\s+a\s+(?:story|tip|news\s+tip)\b.{0,80}$", re.I),
    re.compile(r"^This\s+(?:article|story)\s+(?:was\s+)?(?:originally|first)\s+(?:published|appeared)\b", re.I),
    re.compile(r"\b(?:download|get)\s+(?:our|the)\s+app\b", re.I),
    # a newsletter's furniture: "View in browser", "Unsubscribe | Manage preferences", "You are receiving this
    # email because …", "Was this forwarded to you? …"
    re.compile(r"^(?:View|Read|Open)\s+(?:this\s+(?:e-?mail|newsletter|issue)\s+)?(?:in|on)\s+(?:your\s+|a\s+)?(?:web\s+)?browser\b",
               re.I),
    re.compile(r"(?:^|[.!|•·]\s*)unsubscribe\b|\bunsubscribe\s+from\s+this\s+(?:list|newsletter|e-?mail)\b"
               r"|\b(?:manage|update)\s+(?:your\s+)?(?:e-?mail\s+)?(?:preferences|subscriptions?)\b", re.I),
    re.compile(r"\byou\s+(?:are\s+receiving|received|(?:have\s+)?got)\s+this\s+(?:e-?mail|newsletter|message)\b", re.I),
    re.compile(r"\bforwarded\s+(?:to\s+you|this\s+(?:e-?mail|newsletter))\b|\bforward\s+this\s+(?:e-?mail|newsletter)\b", re.I),
]


# Each pattern above can only match when one of these (casefolded) strings occurs in the
# paragraph; checking the strings first skips most regex searches on ordinary body text.
# None: no cheap necessary condition (anchored patterns fail fast anyway).
_CAPTION_NEEDS = (")", ")", (":",), ("credit",), None, ("/",), ("/",))
_BYLINE_NEEDS = (None, ("contributed",), None, (";",), None, ("reached",), None,
                 ("reporter", "correspondent", "writer", "editor", "journalist", "columnist"), ("—", "–", "-"))
_BOILERPLATE_NEEDS = (("sign",), ("subscribe",), None, None, ("©", "(c)", "copyright"), ("reserved",),
                      ("cookie",), None, ("click",), ("follow",), ("follow",), None, None, ("app",), ("browser",),
                      ("unsubscribe", "preferences", "subscription"), ("this",), ("forward",))


def _guarded(patterns, needs):
    return tuple((p, (n,) if isinstance(n, str) else n) for p, n in zip(patterns, needs, strict=True))


_CAPTION_CHECKS = _guarded(_CAPTION_PATTERNS, _CAPTION_NEEDS)
_BYLINE_CHECKS = _guarded(_BYLINE_PATTERNS, _BYLINE_NEEDS)
_BOILERPLATE_CHECKS = _guarded(_BOILERPLATE_PATTERNS, _BOILERPLATE_NEEDS)


def _any_match(checks, text: str, folded: str) -> bool:
    for pat, needs in checks:
        if needs is not None and not any(n in folded for n in needs):
            continue
        if pat.search(text):
            return True
    return False


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
    if words > 80:
        return "body"
    if words <= 8 and any(p.match(t) for p in _CREDIT_PATTERNS):
        return "credit"
    folded = t.casefold()
    if not folded.isascii():  # re.IGNORECASE also matches dotless/dotted i to i
        folded = folded.replace("ı", "i").replace("i\u0307", "i")
    if words <= 40 and _any_match(_BYLINE_CHECKS, t, folded):
        return "byline"
    if _any_match(_CAPTION_CHECKS, t, folded):
        return "caption"
    if words <= 60 and _any_match(_BOILERPLATE_CHECKS, t, folded):
        return "boilerplate"
    return "body"


def _require_text(articles: pd.DataFrame, table: str = "articles") -> pd.DataFrame:
    if not isinstance(articles, pd.DataFrame):
        from .load import load

        articles = load(articles)
    check_unique_columns(articles, table=table)
    if "text" not in articles.columns:
        raise missing_columns(table, ["text"], articles.columns, fix="Pass the output of nl.load(), or a DataFrame with a `text` column.")
    if "article_id" not in articles.columns:
        articles = articles.assign(article_id=[str(i) for i in range(len(articles))])
    check_unique_keys(articles, ["article_id"], table=table, fix=(
        "Each row of an articles table is one article: make the ids unique (nl.load(df) suffixes repeats "
        "with '-2', '-3') or drop the repeats (df.drop_duplicates('article_id'))."))
    return articles


def _marked(out: pd.DataFrame, kind: str) -> pd.DataFrame:
    out.attrs[TABLE_ATTR] = kind
    return out


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
        paragraph repeats the title or an earlier paragraph of the same article.  ``text`` has
        no-break and other typographic spaces written as plain ones (one character for one: the
        offsets are those of the article's text).  ``article_id`` keeps the values and dtype of
        the input; the table is marked as a paragraphs table (``attrs["newslens_table"]``).

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
        text = plain_text(text)
        seen = set()
        if isinstance(title, str) and title.strip():
            seen.add(normalize_for_compare(replace_surrogates(title)))
        for i, (s, e) in enumerate(_split_paragraphs(text)):
            ptext = text[s:e]
            key = normalize_for_compare(ptext)
            dup = bool(key) and key in seen
            seen.add(key)
            rows.append((aid, i, paragraph_kind(ptext), dup, ptext, s, e))
    out = pd.DataFrame(rows, columns=list(PARAGRAPH_COLUMNS))
    out = out.astype({"paragraph": "int64", "kind": object, "duplicate": "bool", "start": "int64", "end": "int64"})
    return _marked(keep_id_dtype(out, articles["article_id"]), "paragraphs")


# ---------------------------------------------------------------- sentences
@lru_cache(maxsize=1)
def _punkt_resources():
    """The shipped news parameters: Punkt's abbreviations and the word lists of the boundary rules."""
    spec = read_lexicon_json("punkt_news.json")
    lower = lambda key: frozenset(a.lower() for a in spec[key])  # noqa: E731
    return {
        "abbrev": lower("abbreviations"),
        "may_end": lower("may_end_sentence"),
        "numeric": lower("before_numbers"),
        "starters": frozenset(spec["sentence_starters"]),
        "continuations": frozenset(spec["continuations"]),
        "speech": frozenset(spec["speech_verbs"]),
    }


# a candidate boundary: terminal punctuation, closing quotes/brackets, then whitespace
_CANDIDATE = re.compile(r"(?<![.?!…])[.?!…]++[\"”'’)\]]*(?=\s)")
_CLOSERS = "\"”'’)]"
_NEXT = re.compile(r"\s+([\"“‘'(\[]*)([^\s\"“‘'(\[]*)")
_WORD_BEFORE = re.compile(r"([^\s\"“‘'(\[]*)$")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_DIGITS = re.compile(r"\d{1,3}")
_ATTRIBUTION = re.compile(r"(?<!\s)\s++(?:[A-Z][\w’'.\-]*+\s++){1,4}([a-z]+)\b")
_LOOKBACK = 64  # characters searched for the word before a candidate boundary
# two sentences run together without a space, as pasted and scraped news often has them ("he
# said.By a margin", "the poll.Overall", "from individuals…This is"): a word ending in two lower-case
# letters, its full stop, question or exclamation mark or ellipsis ("..." or "…" alike) and closing
# quotes, then a capitalised word (not "Example.com")
_GLUED = re.compile(r"(?<=[a-z]{2})[.?!…]++[\"”’)\]]*+(?=[A-Z][a-z]++\b(?![.@/]))")


@lru_cache(maxsize=1)
def _punkt_tokenizer():
    """nltk's Punkt with the shipped abbreviations (no training data, nothing downloaded)."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(_punkt_resources()["abbrev"])
    return PunktSentenceTokenizer(params)


class _PunktEnds:
    """Punkt's sentence ends for one paragraph, computed only when a rule defers to Punkt."""

    __slots__ = ("text", "_ends")

    def __init__(self, text: str):
        self.text, self._ends = text, None

    def says_split(self, pos: int) -> bool:
        if self._ends is None:
            ends = set()
            for _, e in _punkt_tokenizer().span_tokenize(self.text):
                while e < len(self.text) and self.text[e] in _CLOSERS:
                    e += 1
                ends.add(e)
            self._ends = ends
        return pos in self._ends


def _word_before(text: str, end: int) -> re.Match:
    """The word ending at ``end``, looked for in the ``_LOOKBACK`` characters before it.

    The window keeps the work per candidate boundary constant (a paragraph with many
    boundaries stays linear); every abbreviation, number or initial is far shorter.
    """
    return _WORD_BEFORE.search(text, max(0, end - _LOOKBACK), end)


def _is_list_marker(text: str, at: int, res: dict) -> bool:
    """Whether the number starting at ``at`` opens the paragraph or follows a real sentence end."""
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return True
    if end == at:  # no space before the number: not after a sentence end
        return False
    k = end
    while k > 0 and text[k - 1] in _CLOSERS:
        k -= 1
    if k == 0 or text[k - 1] not in ".?!…":
        return False
    while k > 0 and text[k - 1] in _CLOSERS + ".?!…":
        k -= 1
    wb = _word_before(text, k)
    return not (wb and wb.group(1).lower() in res["abbrev"])  # "Oct. 1." is a date


_ARTICLE_ONLY = re.compile(r"[\W_]*+(?:(?:[Aa]n?|[Tt]he)\s++)?")
_INDEFINITE = re.compile(r"(?<![\w'’\-])[Aa]n?$")


def _after_indefinite(text: str, start: int, end: int) -> bool:
    """Whether "a" or "an" and white space, inside ``text[start:end]``, end at ``end`` (read back
    from ``end`` only: a linear scan from ``start`` at every candidate is quadratic in a long
    sentence)."""
    k = end
    while k > start and text[k - 1].isspace():
        k -= 1
    return k < end and _INDEFINITE.search(text, max(start, k - 2), k) is not None


def _decide(text: str, m: re.Match, punkt: _PunktEnds, res: dict, start: int = 0) -> bool:
    """Whether the candidate boundary ``m`` ends a sentence that began at ``start`` (Punkt decides
    where no rule applies)."""
    pos = m.end()
    nm = _NEXT.match(text, pos)
    if nm is None:
        return punkt.says_split(pos)
    opener, nxt = nm.group(1), nm.group(2)
    if not nxt:
        return punkt.says_split(pos)
    first = nxt[0]
    if first.islower():
        return False  # “Why?” she asked. / the U.N. to act / paused… then
    punct = m.group().rstrip(_CLOSERS)
    closed = len(punct) < len(m.group())
    if punct.startswith(".") and first == "." or nxt.startswith(". ."):
        return False  # inside a spaced ellipsis ". . ."
    word = nxt.strip(".,;:!?”’\"')]")
    if "?" in punct or "!" in punct or "…" in punct or punct.endswith("..") or text.endswith(". .", 0, m.start()):
        # a quoted question or exclamation followed by its attribution stays one sentence
        if closed and not opener:
            am = _ATTRIBUTION.match(text, pos)
            if am and am.group(1) in res["speech"]:
                return False
        if first.isupper() or first.isdigit() or opener:
            return True
        return punkt.says_split(pos)
    # a single period: look at the word it ends
    wb = _word_before(text, m.start())
    before = wb.group(1) if wb else ""
    low = before.lower()
    if _DIGITS.fullmatch(before) and _is_list_marker(text, wb.start(), res):
        return False  # "1." of a numbered list
    if first.isdigit():
        if low in res["numeric"] or low in res["abbrev"]:
            return False  # No. 1, Sept. 12, approx. 200
        return True
    if not (first.isupper() or opener):
        return punkt.says_split(pos)
    # the next word is capitalised (or opens a quote/bracket)
    single = len(before) == 1 and before.isupper()
    if single and wb.start() >= 2 and text[wb.start() - 2].isdigit():
        single = False  # "minus 4 F." is a unit, not an initial
    pre = text[max(0, wb.start() - _LOOKBACK):wb.start()].rstrip() if low == "st" else ""
    street = wb.start() >= 2 and pre[-1:].isalpha() and pre.split()[-1][:1].isupper()
    if low in res["may_end"] or street:
        if _ARTICLE_ONLY.fullmatch(text, start, wb.start()) or _after_indefinite(text, start, wb.start()):
            return False  # "A U.S. District Court judge …", "… with a U.S. District Court judge": a noun follows
        return word not in res["continuations"]
    if single or _INITIALS.fullmatch(before):
        return word in res["starters"]  # J.K. Rowling, John F. Kennedy / Plan B. The
    if low in res["abbrev"]:
        return False  # Gen. Smith, Dr. Nand, Sept. Smith
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of one paragraph.

    nltk's Punkt with the news abbreviations shipped in ``lexicons/punkt_news.json`` decides
    the boundaries; news rules then decide every candidate position (terminal punctuation
    plus closing quotes before whitespace) where they have evidence: a next word in lower
    case never starts a sentence (``“Why?” she asked.``), a quoted question followed by its
    attribution stays whole (``“Enough!” Hale said.``), title abbreviations and initials do
    not end sentences (``Gen. Smith``, ``J.K. Rowling``) while ``U.S.``, ``p.m.``, ``Inc.`` do
    unless a continuation follows (``the U.S. Army``, ``5 p.m. Eastern``), ``No.``/month
    abbreviations before numbers do not, nor do numbered-list markers or spaced ellipses.
    Two sentences pasted together without a space (``he said.By a margin``) are split.

    >>> t = "“Will we win?” she asked. Sen. Ruth Kamau met the U.S. team at 9 a.m. The talks ended."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['“Will we win?” she asked.', 'Sen. Ruth Kamau met the U.S. team at 9 a.m.', 'The talks ended.']
    """
    if not text or not text.strip():
        return []
    res = _punkt_resources()
    punkt = _PunktEnds(text)
    spans = []
    start = len(text) - len(text.lstrip())
    for m in _CANDIDATE.finditer(text):
        if m.end() <= start:
            continue
        if _decide(text, m, punkt, res, start):
            spans.append((start, m.end()))
            nxt = m.end()
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
            start = nxt
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    if _GLUED.search(text):
        spans = [piece for s, e in spans for piece in _unglue(text, s, e, res)]
    return spans


def _unglue(text: str, start: int, end: int, res: dict) -> list[tuple[int, int]]:
    """The sentence ``text[start:end]`` split where two sentences meet without a space, unless the
    word before the mark is an abbreviation ("Gov.Smith")."""
    out = []
    for m in _GLUED.finditer(text, start, end):
        wb = _word_before(text, m.start())
        if wb and wb.group(1).lower() in res["abbrev"]:
            continue
        out.append((start, m.end()))
        start = m.end()
    out.append((start, end))
    return out


def sentences(articles) -> pd.DataFrame:
    """One row per sentence of the body paragraphs (duplicates skipped).

    Columns ``article_id, paragraph, sentence, text, start, end``; ``sentence`` counts from 0
    within each article; offsets point into the article's ``text``.

    Accepts an articles table or a paragraphs table (as returned by :func:`paragraphs`, or
    declared with ``nl.as_table(df, "paragraphs")``).  The output is marked as a sentences
    table (``attrs["newslens_table"]``), which the measures read row by row.

    Examples
    --------
    >>> import newslens as nl
    >>> arts = nl.load(["Talks end\\n\\nThe talks ended at 5 p.m. The mayor left. Dr. Lee stayed."])
    >>> nl.sentences(arts)["text"].tolist()
    ['The talks ended at 5 p.m.', 'The mayor left.', 'Dr. Lee stayed.']
    """
    if isinstance(articles, pd.DataFrame) and table_kind(articles) == "paragraphs":
        paras = articles
        if "start" not in paras.columns:
            paras = paras.assign(start=0)
        if "kind" in paras.columns:
            paras = paras[paras["kind"] == "body"]
        if "duplicate" in paras.columns:
            paras = paras[~paras["duplicate"].astype(bool)]
        return _marked(paragraph_sentences(paras), "sentences")
    paras = paragraphs(articles)
    body = paras[(paras["kind"] == "body") & ~paras["duplicate"]] if len(paras) else paras
    return _marked(paragraph_sentences(body), "sentences")


def paragraph_sentences(paras: pd.DataFrame) -> pd.DataFrame:
    """Sentences of the given paragraph rows (``article_id, paragraph, text, start``), no filtering.

    ``sentence`` counts from 0 within each article; offsets point into the article's text.
    """
    rows = []
    counter: dict = {}
    for aid, pno, ptext, pstart in zip(paras["article_id"], paras["paragraph"], paras["text"], paras["start"]):
        for s, e in split_sentences(ptext):
            k = counter.get(aid, 0)
            counter[aid] = k + 1
            rows.append((aid, pno, k, ptext[s:e], int(pstart) + s, int(pstart) + e))
    out = pd.DataFrame(rows, columns=list(SENTENCE_COLUMNS))
    out = out.astype({"paragraph": "int64", "sentence": "int64", "start": "int64", "end": "int64"})
    return keep_id_dtype(out, paras["article_id"])
