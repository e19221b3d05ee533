"""Names in news text: people, organisations, countries and places, found without a model.

The rules work over runs of capitalised words.  A run is split and labelled with shipped
lists (``lexicons/entities_countries.json`` and ``lexicons/entities_names.json``):

* honorifics and offices ("President", "Sen.", "Gov.", "Chief", "Dr.") are stripped from the
  name and mark it as a person;
* a leading demonym ("Russian President Vladimir Putin") becomes its own country mention;
* country names, their other names and demonyms are countries, listed cities and states places;
* a last word such as "Inc.", "Ministry", "Party", "Council" or "News" marks an organisation, as
  do well-known acronyms and organisation names;
* capitalised function words (sentence openers, days, months) are never names, and a
  sentence-initial word that appears in lower case elsewhere in the text is not a name.

Everything else of two or more words is taken as a person; a single unknown word is
``"unknown"``.  :func:`resolve_aliases` then maps surname-only back-references to the full
name used in the same text.  No model is needed; nothing is downloaded.

>>> [(n, k) for n, s, e, k in name_spans("Russian President Vladimir Putin thanked Kim Jong Un.")]
[('Russian', 'country'), ('Vladimir Putin', 'person'), ('Kim Jong Un', 'person')]
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

__all__ = [
    "KINDS",
    "name_spans",
    "strip_title",
    "demonym_to_country",
    "country_of",
    "resolve_aliases",
    "country_aliases",
    "lexicon_info",
]

KINDS = ("person", "organization", "country", "place", "unknown")

# a capitalised token: a word with inner apostrophes/hyphens/dots (U.S., Sen.), or an initial
_TOKEN = re.compile(r"[^\W_]+(?:['’\-.][^\W_]+)*\.?|[^\W_]\.", re.U)
_POSSESSIVE = re.compile(r"['’]s?$")
_SENT_START = re.compile(r"(?:^|[.!?:;]['\"”’)]?\s+|\n\s*|[\"“‘(]\s*)$")


@lru_cache(maxsize=None)
def _json(name: str) -> dict:
    return json.loads(resources.files("newslens.lexicons").joinpath(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _tables():
    geo = _json("entities_countries.json")
    names = _json("entities_names.json")
    country = {}  # any surface form (name, alias, capital-free) -> canonical country
    demonym = {}  # demonym (any case) -> canonical country
    for c in geo["countries"]:
        country[c["name"]] = c["name"]
        if c["name"].startswith("the "):
            country[c["name"][4:].capitalize()] = c["name"]
        for a in c["aliases"]:
            country[a] = c["name"]
            if a.startswith("the "):
                country[a[4:]] = c["name"]
        for d in c["demonyms"]:
            demonym[d.lower()] = c["name"]
    places = set(geo["places"]) | {c["capital"] for c in geo["countries"] if c.get("capital")}
    titles = {t.lower() for t in names["titles"]}
    title_words = {w for t in titles for w in t.split()}
    return {
        "country": country,
        "demonym": demonym,
        "places": places,
        "titles": titles,
        "title_words": title_words,
        "org_suffixes": set(names["org_suffixes"]),
        "orgs": set(names["organizations"]),
        "function": set(names["function_words"]),
        "connectors": set(names["connectors"]),
        "max_title": max(len(t.split()) for t in titles),
        "max_demonym": max(len(d.split()) for d in demonym),
    }


def lexicon_info() -> dict:
    """Name, version, source and licence of the shipped entity lists (for provenance)."""
    return {k: dict(_json(f"{k}.json")["_meta"]) for k in ("entities_countries", "entities_names")}


def demonym_to_country(word: str) -> str | None:
    """The country (or region) a demonym or adjective refers to, or None.

    Parameters
    ----------
    word : str
        "Russian", "North Korean", "Ukrainians", "Western" …  (case-insensitive).

    Examples
    --------
    >>> demonym_to_country("North Korean"), demonym_to_country("Western"), demonym_to_country("table")
    ('North Korea', 'the West', None)
    """
    if not isinstance(word, str):
        return None
    return _tables()["demonym"].get(" ".join(word.split()).lower())


def country_of(name: str) -> str | None:
    """The canonical country for a country name, other name or demonym ("U.S." → "United States").

    >>> country_of("U.S."), country_of("Russians"), country_of("Vladimir Putin")
    ('United States', 'Russia', None)
    """
    if not isinstance(name, str):
        return None
    t = _tables()
    name = " ".join(name.split())
    return t["country"].get(name) or t["demonym"].get(name.lower())


def country_aliases(country: str) -> list[str]:
    """Every surface form of a canonical country: its name, other names and demonyms.

    >>> country_aliases("North Korea")[:3]
    ['North Korea', 'DPRK', 'North Korean']
    """
    t = _tables()
    out = [country]
    out += [a for a, c in t["country"].items() if c == country and a != country]
    out += [d for d, c in t["demonym"].items() if c == country]
    # demonyms are stored lower-case; restore capitals word by word
    fixed = []
    for a in out:
        fixed.append(a if a[:1].isupper() or a.startswith("the ") else " ".join(w.capitalize() for w in a.split()))
    seen: dict[str, None] = {}
    for a in fixed:
        seen.setdefault(a, None)
    return list(seen)


# ---------------------------------------------------------------- tokens and runs
def _cap(tok: str) -> bool:
    return tok[:1].isupper()


def _bare(tok: str) -> str:
    """Token without a possessive ending."""
    return _POSSESSIVE.sub("", tok) if ("'" in tok or "’" in tok) else tok


def _runs(text: str):
    """Maximal runs of capitalised tokens (with name particles) as lists of (tok, start, end)."""
    t = _tables()
    toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    runs, cur = [], []
    i = 0
    n = len(toks)
    while i < n:
        tok, s, e = toks[i]
        if _cap(tok):
            # a sentence-final period is not part of a word ("Ukraine.") unless it is an abbreviation
            if tok.endswith(".") and len(tok) > 2 and "." not in tok[:-1] and tok.lower() not in t["titles"] and tok not in t["org_suffixes"]:
                tok, e = tok[:-1], e - 1
            joined = bool(cur) and text[cur[-1][2]:s] == " "
            if cur and not joined:
                runs.append(cur)
                cur = []
            cur.append((tok, s, e))
            if tok != _bare(tok):  # possessive ends the name
                runs.append(cur)
                cur = []
        elif cur and tok in t["connectors"] and i + 1 < n and _cap(toks[i + 1][0]) and text[cur[-1][2]:s] == " " and text[e:toks[i + 1][1]] == " " and _connector_ok(tok, cur):
            cur.append((tok, s, e))
        else:
            if cur:
                runs.append(cur)
                cur = []
        i += 1
    if cur:
        runs.append(cur)
    return runs


_PARTICLES = {"de", "da", "del", "der", "van", "von", "bin", "ibn", "al", "el", "la", "le", "du"}


def _connector_ok(tok: str, cur) -> bool:
    if tok in _PARTICLES:
        return True
    t = _tables()
    heads = {_bare(w) for w, _, _ in cur}
    return bool(heads & t["org_suffixes"]) or any(_bare(w).lower() in t["title_words"] for w, _, _ in cur)


def _lower_words(text: str) -> set[str]:
    return {m.group() for m in _TOKEN.finditer(text) if m.group()[:1].islower()}


def _classify(words: list[str], titled: bool) -> str:
    t = _tables()
    name = " ".join(words)
    if name in t["country"] or name.lower() in t["demonym"]:
        return "country"
    if name in t["orgs"] or words[-1] in t["org_suffixes"] or (words[0] in t["org_suffixes"] and len(words) > 2):
        return "organization"
    if titled:
        return "person"
    if name in t["places"] or name.title() in t["places"]:
        return "place"
    if len(words) == 1 and len(name) >= 2 and name.replace(".", "").isupper():
        return "organization"
    if len(words) >= 2:
        return "person"
    return "unknown"


def _split_run(run, text: str, lower: set[str]):
    """Turn one run of capitalised tokens into (name, start, end, kind) tuples."""
    t = _tables()
    out = []
    toks = [(_bare(w), s, s + len(_bare(w))) for w, s, _ in run]
    # drop capitalised function words anywhere (they split the run)
    pieces, cur = [], []
    for k, (w, s, e) in enumerate(toks):
        sentence_initial = bool(_SENT_START.search(text[max(0, s - 4):s])) or s == 0
        is_function = w in t["function"] or (w.lower() in lower and (sentence_initial and k == 0)) or (
            w.lower() in lower and w.lower() not in t["title_words"] and w.lower() not in t["demonym"] and k == 0 and sentence_initial
        )
        if is_function:
            if cur:
                pieces.append(cur)
            cur = []
        else:
            cur.append((w, s, e))
    if cur:
        pieces.append(cur)
    for piece in pieces:
        i = 0
        titled = False
        while i < len(piece):
            # leading demonym, up to two words ("North Korean")
            took = False
            for size in range(min(t["max_demonym"], len(piece) - i), 0, -1):
                cand = " ".join(w for w, _, _ in piece[i:i + size])
                if cand.lower() in t["demonym"] and cand not in t["country"]:
                    out.append((cand, piece[i][1], piece[i + size - 1][2], "country"))
                    i += size
                    took = True
                    break
            if took:
                continue
            # leading title, longest first ("Supreme Leader", "Sen.")
            for size in range(min(t["max_title"], len(piece) - i), 0, -1):
                cand = " ".join(w for w, _, _ in piece[i:i + size]).lower()
                if cand in t["titles"] and not (size == len(piece) - i and not titled and cand.title() in t["orgs"]):
                    i += size
                    titled = True
                    took = True
                    break
            if took:
                continue
            break
        rest = piece[i:]
        # connectors at the edges are never part of a name
        while rest and rest[0][0] in t["connectors"]:
            rest = rest[1:]
        while rest and rest[-1][0] in t["connectors"]:
            rest = rest[:-1]
        if not rest:
            continue
        words = [w for w, _, _ in rest]
        if words[0].lower() in t["title_words"] and len(words) == 1 and not titled:
            continue
        out.append((text[rest[0][1]:rest[-1][2]], rest[0][1], rest[-1][2], _classify(words, titled)))
    return out


def name_spans(text: str) -> list[tuple[str, int, int, str]]:
    """Capitalised names in ``text`` with their offsets and a rough kind.

    Parameters
    ----------
    text : str
        Any English text (an article, a paragraph, a sentence).

    Returns
    -------
    list of (name, start, end, kind)
        ``text[start:end] == name``; titles and possessive endings are outside the span.
        ``kind`` is one of "person", "organization", "country", "place", "unknown".  A demonym
        ("Russian") is returned as it is written, with kind "country"; map it with
        :func:`demonym_to_country`.

    Examples
    --------
    >>> name_spans("Critics accused Governor Hale of squandering the fund.")
    [('Hale', 25, 29, 'person')]
    """
    if not isinstance(text, str) or not text:
        return []
    lower = _lower_words(text)
    out = []
    for run in _runs(text):
        out.extend(_split_run(run, text, lower))
    return out


_CUT = re.compile(r"\s*(?:,|\(|—|–| - |;).*$", re.S)


def strip_title(name: str) -> str:
    """A name without titles, demonyms, ages, affiliations and possessive ending.

    Examples
    --------
    >>> strip_title("Sen. Ruth Kamau, a Democrat from Ohio")
    'Ruth Kamau'
    >>> strip_title("Ruth Kamau, 54,"), strip_title("Russian President Vladimir Putin's")
    ('Ruth Kamau', 'Vladimir Putin')
    """
    if not isinstance(name, str):
        return ""
    t = _tables()
    s = _CUT.sub("", " ".join(name.split()))
    words = s.split()
    if words:
        words[-1] = _bare(words[-1])
    i = 0
    while i < len(words) - 1:
        hit = 0
        for size in range(min(max(t["max_title"], t["max_demonym"]), len(words) - 1 - i), 0, -1):
            cand = " ".join(words[i:i + size])
            if cand.lower() in t["titles"] or (cand.lower() in t["demonym"] and cand not in t["country"]) or cand in t["function"]:
                hit = size
                break
        if not hit:
            break
        i += hit
    return " ".join(words[i:])


def resolve_aliases(names) -> dict[str, str]:
    """Map every name form to the full name it stands for in the same text.

    Surname-only and given-name-only forms map to the one full person name that contains
    them ("Putin" → "Vladimir Putin", "Kim" → "Kim Jong Un"); a form shared by two full names
    ("Clinton" with "Bill Clinton" and "Hillary Clinton") is ambiguous and maps to itself.
    Titles are stripped first ("Mr. Putin" → "Vladimir Putin"), country names and demonyms
    map to the canonical country ("Russian" → "Russia", "U.S." → "United States").

    Parameters
    ----------
    names : iterable of str
        The names found in one article (e.g. ``[n for n, *_ in name_spans(text)]``).

    Returns
    -------
    dict
        Each input name (as given) → its canonical form.

    Examples
    --------
    >>> resolve_aliases(["Vladimir Putin", "Putin", "Russian", "Mr. Putin"])["Mr. Putin"]
    'Vladimir Putin'
    """
    t = _tables()
    names = [n for n in names if isinstance(n, str) and n.strip()]
    stripped = {n: strip_title(n) or n.strip() for n in names}
    full = []
    for s in dict.fromkeys(stripped.values()):
        w = s.split()
        if len(w) >= 2 and country_of(s) is None and _classify(w, False) == "person" and s not in t["places"]:
            full.append(s)
    part_of: dict[str, set[str]] = {}
    for f in full:
        for w in f.split():
            if w in t["connectors"] or len(w) < 2 or w.endswith("."):
                continue
            part_of.setdefault(w, set()).add(f)
    # a shorter full name inside a longer one ("Kim Jong" in "Kim Jong Un")
    for f in full:
        longer = [g for g in full if g != f and f" {f} " in f" {g} "]
        if len(longer) == 1:
            part_of.setdefault(f, set()).add(longer[0])
    out = {}
    for n, s in stripped.items():
        c = country_of(s)
        if c is not None:
            out[n] = c
        elif s in part_of and len(part_of[s]) == 1 and s not in full:
            out[n] = next(iter(part_of[s]))
        elif s in part_of and s in full and len(part_of[s]) == 1:
            out[n] = next(iter(part_of[s]))
        else:
            out[n] = s
    return out
