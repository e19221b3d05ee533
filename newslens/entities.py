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

import re
from functools import lru_cache

from .files import read_lexicon_json

__all__ = [
    "KINDS",
    "name_spans",
    "strip_title",
    "demonym_to_country",
    "country_of",
    "resolve_aliases",
    "country_aliases",
    "lexicon_info",
    "AliasIndex",
    "generic_name_word",
    "is_person_name",
    "is_sentence_opener",
    "organization_in_context",
    "organization_prefixes",
    "mention_kind",
    "name_gender",
    "title_roles",
    "role_nouns",
]

KINDS = ("person", "organization", "country", "place", "unknown")

# a capitalised token: a word with inner apostrophes/hyphens/dots (U.S., Sen.), or an initial
_TOKEN = re.compile(r"[^\W_]+(?:['’\-.][^\W_]+)*\.?|[^\W_]\.", re.U)
_POSSESSIVE = re.compile(r"['’]s?$")
_SENT_START = re.compile(r"(?:^|[.!?:;]['\"”’)]?\s++|(?<!\s)[^\S\n]*+\n\s*+|[\"“‘(]\s*+)$")


@lru_cache(maxsize=None)
def _json(name: str) -> dict:
    return read_lexicon_json(name)


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
    connectors = set(names["connectors"])
    # token-level title words as written ("Sen.", "Vice", "former"), for strip_title
    real = {w for t in names["titles"] for w in t.split() if w not in connectors}
    real |= {w[:1].upper() + w[1:] for w in real if w[:1].islower()}
    single_orgs = {o for o in names["organizations"] if " " not in o and (o.replace(".", "").isupper())}
    heads = names["description_heads"]
    return {
        "country": country,
        "demonym": demonym,
        "places": places,
        "titles": titles,
        "title_words": title_words,
        "org_suffixes": set(names["org_suffixes"]),
        "orgs": set(names["organizations"]),
        "function": set(names["function_words"]),
        "connectors": connectors,
        "max_title": max(len(t.split()) for t in titles),
        "max_demonym": max(len(d.split()) for d in demonym),
        "title_tokens": frozenset(real),
        "title_modifiers": frozenset(names["title_words"]),
        "title_gender": dict(names["title_gender"]),
        "roles": dict(names["roles"]),
        "org_words": frozenset(set(names["org_suffixes"]) | single_orgs),
        "org_heads": frozenset(heads["organization"]),
        "anon_heads": frozenset(heads["anonymous"]),
        "given": {**{n: "m" for n in names["given_names"]["male"]}, **{n: "f" for n in names["given_names"]["female"]}},
        "demonym_first": frozenset(d.split()[0] for d in demonym),
        "openers": frozenset(names["sentence_openers"]),
        "place_titles": frozenset(w.lower() for w in names["place_titles"]),
        "org_titles": frozenset(w.lower() for w in names["org_titles"]),
        "generic_org": frozenset(names["generic_org_words"]),
        "place_first": frozenset(names["place_first_words"]),
        "place_last": frozenset(names["place_last_words"]),
        "event_first": frozenset(names["event_first_words"]),
        "lead_desc": frozenset(set(names["function_words"]) - _DETERMINERS),
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


def _runs(text: str, toks: list[tuple[str, int, int]]):
    """Maximal runs of capitalised tokens (with name particles) as lists of (tok, start, end);
    ``toks``: the ``_TOKEN`` matches of ``text`` as (tok, start, end)."""
    t = _tables()
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


def _lower_words(toks: list[tuple[str, int, int]]) -> set[str]:
    return {tok for tok, _, _ in toks if tok[:1].islower()}


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
    if len(words) == 1 and len(name.replace(".", "")) >= 2 and name.replace(".", "").isupper():
        # an acronym ("FBI"); a long all-capital word is a shouted word or a dateline ("MILLTOWN")
        return "organization" if len(name.replace(".", "")) <= 5 else "unknown"
    if len(words) >= 2:
        if all(w.isupper() and len(w) > 1 for w in words):
            return "unknown"  # "PORT CALDER": a dateline or a headline, not a person
        if words[0] in t["event_first"]:
            return "unknown"  # "Storm Imogen"
        if words[-1] in t["place_last"] or (words[0] in t["place_first"] and words[0] not in t["given"]):
            return "place"  # "Harbor Street", "Port Calder"
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
        sentence_initial = k == 0 and (s == 0 or bool(_SENT_START.search(text[max(0, s - 4):s])))
        # a sentence-initial opener ("Wherever Governor Hale", "Furious residents") is no name
        is_function = w in t["function"] or (sentence_initial and (w.lower() in lower or _opener(w)))
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
        # "<Place> Mayor <Name>", "<Company> Chief Executive <Name>": the words before an inner
        # title are a mention of their own, the words after it a titled person
        if not titled:
            split = _inner_title(rest)
            if split is not None:
                j, size, title = split
                _emit(out, rest[:j], text, False, title)
                rest, titled = rest[j + size:], True
                while len(rest) > 1 and " ".join(w for w, _, _ in rest[:1]).lower() in t["titles"]:
                    rest = rest[1:]  # "Health Director Dr. Samuel Adeyemi"
        _emit(out, rest, text, titled, None)
    return out


def _opener(w: str) -> bool:
    """A word that opens sentences without being a name: "Furious", "Meanwhile", "Wherever"."""
    t = _tables()
    return w in t["openers"] or (len(w) > 5 and w[1:].islower() and (w.endswith("ever") or "-of-" in w))


def _inner_title(rest):
    """``(index, size, title)`` of a title after the first word of ``rest`` that is followed by
    a name ("Milltown Mayor Tom Ortiz"), or None; never inside an organisation name."""
    t = _tables()
    n = len(rest)
    if n < 3 or rest[-1][0] in t["org_suffixes"]:
        return None
    for j in range(1, n - 1):
        for size in range(min(t["max_title"], n - 1 - j), 0, -1):
            cand = " ".join(w for w, _, _ in rest[j:j + size]).lower()
            if cand in t["titles"]:
                after = rest[j + size:]
                if all(w.lower() in t["titles"] or w.lower() in t["title_words"] for w, _, _ in after):
                    return None
                return j, size, cand
    return None


def _emit(out, rest, text: str, titled: bool, title: str | None):
    """Append the mention ``rest`` (tokens) with its kind; ``title``: the office written after it."""
    t = _tables()
    while rest and rest[0][0] in t["connectors"]:  # connectors at the edges are never part of a name
        rest = rest[1:]
    while rest and rest[-1][0] in t["connectors"]:
        rest = rest[:-1]
    if title is not None:  # "White House Press Secretary": the words before the title are part of it
        while rest and rest[-1][0] in t["title_modifiers"]:
            rest = rest[:-1]
    if not rest:
        return
    words = [w for w, _, _ in rest]
    if words[0].lower() in t["title_words"] and len(words) == 1 and not titled:
        return
    if len(words) == 1 and not titled and words[0] in t["generic_org"] and words[0] not in t["orgs"]:
        return  # a lone "Authority" or "Council" names nothing without the rest of the name
    s, e = rest[0][1], rest[-1][2]
    kind = _classify(words, titled)
    if title is not None and kind in ("person", "unknown"):
        kind = "place" if title in t["place_titles"] else "organization" if title in t["org_titles"] else kind
    elif kind == "unknown" and all(w.isupper() for w in words) and _DATELINE.match(text, e) and _line_start(text, s):
        kind = "place"  # "MILLTOWN —", "PORT CALDER, March 4"
    out.append((text[s:e], s, e, kind))


_DATELINE = re.compile(r"(?<![ \t])[ \t]*+(?:[,—–(]|-{1,2}\s)")


def _line_start(text: str, s: int) -> bool:
    k = s
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    return k == 0 or text[k - 1] == "\n"


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
    toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    lower = _lower_words(toks)
    out = []
    for run in _runs(text, toks):
        out.extend(_split_run(run, text, lower))
    return out


# ---------------------------------------------------------------- titles, gender, roles
_CUT = re.compile(r"(?<!\s)\s*+(?:,|\(|—|–|- |;).*$", re.S)
# words that open a description ("the ministry", "his spokesman"): kept by strip_title(descriptions=True)
_DETERMINERS = frozenset(
    "The A An This That These Those His Her Its Their Our My Your One Two Three Several Some Many Other "
    "Another Each Every Both All No Most Few Such".split())


def _abbreviation(tok: str) -> bool:
    """True for a token whose final period belongs to it ("U.S.", "Jr.", "Inc.", "Sen.", "Sept.")."""
    t = _tables()
    core = tok[:-1]
    return (len(tok) <= 4 or "." in core or core.isupper() or tok in t["title_tokens"] or tok in t["org_words"]
            or tok in t["function"] or tok.lower() in t["titles"])


def _title_flags(toks: list[str], exact: bool) -> list[int]:
    """Per token: 2 for a title or demonym ("Sen.", "Russian"), 1 for a title word ("White House Press"), else 0."""
    t = _tables()
    tt, mods = t["title_tokens"], t["title_modifiers"]
    flags = []
    for w in toks:
        if w in tt or w + "." in tt or (not exact and w.lower() in t["titles"]):
            flags.append(2)
        elif w in mods:
            flags.append(1)
        else:
            flags.append(0)
    i, n = 0, len(toks)
    first = t["demonym_first"]
    while i < n:  # demonyms, up to max_demonym words ("North Korean")
        took = 1
        if toks[i][:1].isupper() and toks[i].lower() in first:
            for size in range(min(t["max_demonym"], n - i), 0, -1):
                cand = " ".join(toks[i:i + size])
                if cand.lower() in t["demonym"] and cand not in t["country"]:
                    flags[i:i + size] = [2] * size
                    took = size
                    break
        i += took
    return flags


def strip_title(name: str, *, gender: bool = False, descriptions: bool = False):
    """A name without titles, demonyms, ages, affiliations and possessive ending.

    Everything up to the last title word before the name is dropped ("Texas Gov. Greg Abbott",
    "White House Press Secretary Sarah Sanders", "Russian President Vladimir Putin's"), unless the
    phrase names an organisation ("Senate Intelligence Committee").  Capitalised function words
    in front ("But", "Asked") go, as do an apposition after a comma, a sentence end caught before
    the name ("Hester. Michael Mulgrew") and a place after "of" ("Mike Thompson of California").

    Parameters
    ----------
    name : str
        A name or speaker phrase as written.
    gender : bool, default False
        Also return the gender a title states ("Mr." → "m", "Ms." → "f", else None).
    descriptions : bool, default False
        The phrase may be a description ("the ministry", "a senior official"): keep a leading
        determiner and match titles only as written (so "the deputy director" stays).

    Returns
    -------
    str, or (str, str or None) when ``gender=True``

    Examples
    --------
    >>> strip_title("Sen. Ruth Kamau, a Democrat from Ohio")
    'Ruth Kamau'
    >>> strip_title("Ruth Kamau, 54,"), strip_title("Russian President Vladimir Putin's")
    ('Ruth Kamau', 'Vladimir Putin')
    >>> strip_title("Mr. Steele", gender=True)
    ('Steele', 'm')
    """
    if not isinstance(name, str):
        return ("", None) if gender else ""
    out, g = _strip(name, bool(descriptions))
    return (out, g) if gender else out


@lru_cache(maxsize=65536)
def _strip(name: str, descriptions: bool) -> tuple[str, str | None]:
    """strip_title's work, cached: the same names recur throughout a corpus."""
    t = _tables()
    toks = _CUT.sub("", " ".join(name.split())).split()
    if toks:
        toks[-1] = _bare(toks[-1])
    # a sentence end caught inside a capitalised run: "Hester. Michael Mulgrew" -> "Michael Mulgrew"
    for k in range(len(toks) - 2, -1, -1):
        w = toks[k]
        if len(w) > 3 and w.endswith(".") and w[:-1].isalpha() and not _abbreviation(w):
            toks = toks[k + 1:]
            break
    if toks and toks[-1].endswith(".") and not _abbreviation(toks[-1]):
        toks[-1] = toks[-1][:-1]
    lead = t["lead_desc"] if descriptions else t["function"]
    while len(toks) > 1 and (toks[0] in lead or _opener(toks[0])):
        toks = toks[1:]
    flags = _title_flags(toks, exact=descriptions)
    last, real, g = -1, False, None
    for k in range(len(toks) - 1):
        if flags[k]:
            last, real = k, real or flags[k] == 2
            g = t["title_gender"].get(toks[k], g)
        elif last >= 0 and k > last + 1:
            break
    # organisation words count before an "of" that follows a name ("Professor Alan Moss of Calder
    # University" is a person; "Calder County Department of Health" an organisation)
    of_at = toks.index("of", 2) if "of" in toks[2:] else len(toks)
    org = any(f == 0 and w.strip(".,") in t["org_words"] for w, f in zip(toks[:of_at], flags))
    if real and not org:
        toks = toks[last + 1:]
        if "of" in toks[1:2] and toks[0][:1].isupper():
            toks = toks[:1]  # "Mr. Morgan of the Sierra Club" -> "Morgan"
    if "of" in toks[2:] and not org and toks[0] not in ("The", "the"):
        toks = toks[:toks.index("of", 2)]  # "Mike Thompson of California" -> "Mike Thompson"
    return " ".join(toks).strip(" ,;:"), g


def is_sentence_opener(word: str) -> bool:
    """True for a capitalised word that opens sentences without being a name ("Furious", "Wherever").

    >>> is_sentence_opener("Furious"), is_sentence_opener("Meanwhile"), is_sentence_opener("Hale")
    (True, True, False)
    """
    if not isinstance(word, str) or " " in word.strip():
        return False
    w = word.strip()
    return _opener(w)


def organization_in_context(name: str, text: str, *, known=(), prefixes=None) -> bool:
    """True when ``text`` (or ``known``) shows that the capitalised ``name`` is an organisation.

    Either a longer organisation name starts with it ("Northgate" … "Northgate Paper Co."), or
    a description noun introduces it ("the utility Calder Power"), or it is in ``known`` (names
    :func:`organization_prefixes` found elsewhere in the same collection).  A name that starts
    with a common given name, or a surname that ``text`` gives a person ("Donald Trump" for
    "Trump"), is left alone.  ``prefixes``: ``organization_prefixes([text])`` when the caller
    has it already (it is computed from ``text`` otherwise).

    >>> organization_in_context("Northgate", "Northgate Paper Co. will close the mill.")
    True
    >>> organization_in_context("Calder Power", "the utility Calder Power said.")
    True
    >>> organization_in_context("Ana Ruiz", "Ana Ruiz said.")
    False
    """
    if not isinstance(name, str) or not isinstance(text, str) or not name.strip():
        return False
    name = name.strip()
    t = _tables()
    if name.split()[0] in t["given"]:
        return False
    if name not in known and name not in (organization_prefixes([text]) if prefixes is None else prefixes):
        return False
    # "Donald Trump" … "Trump Organization": a person's surname stays a person
    for m in _surname_pattern(name).finditer(text):
        if m.group(1) in t["given"]:
            return False
    return True


_ORG_NAME = None


def organization_prefixes(texts) -> frozenset:
    """Every leading part of the organisation names in ``texts`` ("Northgate Paper Co." →
    "Northgate", "Northgate Paper") and every name a description noun introduces ("the
    utility Calder Power"): the capitalised names a collection shows to be organisations.

    >>> sorted(organization_prefixes(["Northgate Paper Co. said so."]))
    ['Northgate', 'Northgate Paper']
    """
    global _ORG_NAME
    if _ORG_NAME is None:
        t = _tables()
        suffixes = "|".join(re.escape(w) for w in sorted(t["org_suffixes"], key=len, reverse=True))
        heads = "|".join(re.escape(w) for w in sorted(_org_heads(), key=len, reverse=True))
        _ORG_NAME = re.compile(
            rf"(?<![\w'’.-])(?P<org>[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){{0,3}})\s+(?:{suffixes})(?![\w'’-])"
            rf"|(?<![\w'’-])[Tt]he\s+(?:[a-z][\w\-]*\s+)?(?:{heads})\s+(?P<named>[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){{0,3}})")
    t = _tables()
    out = set()
    for text in texts:
        if not isinstance(text, str):
            continue
        for m in _ORG_NAME.finditer(text):
            if m.group("org"):
                words = m.group("org").split()
                if words[0] in t["function"] or words[0] in t["given"]:
                    continue
                out.update(" ".join(words[:k]) for k in range(1, len(words) + 1))
            else:
                out.add(m.group("named"))
    return frozenset(out)


def _org_heads() -> frozenset:
    return _tables()["org_heads"] | {"utility", "firm", "company", "operator", "insurer", "manufacturer",
                                     "retailer", "developer", "contractor", "charity"}


@lru_cache(maxsize=4096)
def _surname_pattern(name: str):
    return re.compile(rf"(?<![\w'’-])([A-Z][\w'’\-]*)\s+(?:[A-Z]\.\s+)?{re.escape(name)}(?![\w'’-])")


def name_gender(name: str) -> str | None:
    """'f' or 'm' when a name of two or more words starts with a common given name of that gender.

    For he/she resolution only (a shipped list of common given names); None when unknown.

    >>> name_gender("Ana Ruiz"), name_gender("Bo Lee"), name_gender("Ruiz")
    ('f', None, None)
    """
    toks = name.split() if isinstance(name, str) else []
    if len(toks) < 2:
        return None
    return _tables()["given"].get(toks[0])


@lru_cache(maxsize=1)
def _role_table() -> dict[str, str]:
    return {k.lower().rstrip("."): v for k, v in _tables()["roles"].items()}


def title_roles(phrase: str) -> list[str]:
    """Role nouns of the titles written before a name ("Gov. Mike Pence" → ['governor']).

    >>> title_roles("Texas Gov. Greg Abbott"), title_roles("Greg Abbott")
    (['governor'], [])
    """
    roles = _role_table()
    toks = phrase.split() if isinstance(phrase, str) else []
    return [roles[w] for w in (x.lower().rstrip(".") for x in toks[:-1]) if w in roles]


def role_nouns() -> list[str]:
    """All role nouns ("president", "governor", …), longest first, for matching descriptions."""
    return sorted(set(_tables()["roles"].values()), key=len, reverse=True)


# ---------------------------------------------------------------- kinds of mentions
_DESC_OPENERS = frozenset({"The", "A", "An", "One", "Two", "Three", "Several", "Some", "Many", "Its", "His", "Her"})


def is_person_name(name: str) -> bool:
    """True for a multi-word name that is not an organisation or a description.

    >>> is_person_name("Ruth Kamau"), is_person_name("Foreign Ministry"), is_person_name("Kamau")
    (True, False, False)
    """
    return _is_person_name(name) if isinstance(name, str) else False


@lru_cache(maxsize=65536)
def _is_person_name(name: str) -> bool:
    toks = name.split()
    if len(toks) < 2 or toks[0] in ("The", "the"):
        return False
    t = _tables()
    return name not in t["orgs"] and not any(w.strip(".,") in t["org_words"] for w in toks)


_POST_MODIFIERS = frozenset({"familiar", "close", "briefed", "with", "who", "of", "for", "at", "in", "inside", "within", "from",
                             "to", "on"})


def mention_kind(phrase: str) -> tuple[str, bool]:
    """``(kind, named)`` of a source phrase: kind 'person', 'organization' or 'anonymous'.

    A capitalised name is named; a description ("the ministry", "a senior official") is not,
    and its head noun decides its kind.

    >>> mention_kind("Ruth Kamau"), mention_kind("the ministry"), mention_kind("a senior official")
    (('person', True), ('organization', False), ('anonymous', False))
    >>> mention_kind("Hale's office"), mention_kind("a person familiar with the talks")
    (('organization', True), ('anonymous', False))
    """
    t = _tables()
    toks = phrase.split() if isinstance(phrase, str) else []
    if not toks:
        return "anonymous", False
    if phrase in t["orgs"] or any(w.strip(".,") in t["org_words"] for w in toks):
        return "organization", True
    if len(toks) == 1 and toks[0].lower() in t["anon_heads"]:
        return "anonymous", False  # "Officials" opening a sentence
    if len(toks) >= 2 and _POSSESSIVE.search(toks[-2]) and toks[-2][:1].isupper() and toks[-1].lower() in t["org_heads"]:
        return "organization", True  # "Hale's office": a named organisation
    # a description: lower-case first word, a determiner, or a capitalised sentence start before a
    # lower-case head ("Industry analysts")
    if toks[0][:1].islower() or toks[0] in _DESC_OPENERS or (len(toks) >= 2 and toks[-1][:1].islower()
                                                            and toks[-1] not in t["connectors"]):
        # the head noun comes before its modifiers: "a person [familiar with the talks]",
        # "a spokesman [for the governor]"
        cut = next((i for i, w in enumerate(toks) if i >= 1 and w.lower() in _POST_MODIFIERS), len(toks))
        toks = toks[:cut]
        if not toks[-1][:1].isupper():
            head = toks[-1].lower().strip(".,")
            if head in t["org_heads"]:
                return "organization", False
            if head in t["anon_heads"]:
                return "anonymous", False
            return "person", False
        return "organization", True
    return "person", True


# ---------------------------------------------------------------- aliases
@lru_cache(maxsize=65536)
def _full_person(name: str) -> bool:
    t = _tables()
    w = name.split()
    return (len(w) >= 2 and w[0][:1].isupper() and w[-1][:1].isupper() and w[0] not in t["function"]
            and all(x[:1].isupper() or x in t["connectors"] for x in w)
            and country_of(name) is None and name not in t["places"] and _classify(w, False) == "person")


def generic_name_word(word: str) -> bool:
    """True for a word that names no one on its own, so it is never a short form of a longer name.

    A word of the shipped organisation, place and title vocabularies ("House", "Court",
    "Department", "Street", "President"), an organisation's one-word name ("Senate"), or a
    function word.  "House" is not the White House; "Court" is not the Supreme Court.

    >>> generic_name_word("House"), generic_name_word("Department"), generic_name_word("Putin")
    (True, True, False)
    """
    t = _tables()
    w = word.strip(".,") if isinstance(word, str) else ""
    return bool(w) and (w in t["org_words"] or w in t["generic_org"] or w in t["orgs"] or w in t["title_modifiers"]
                        or w.lower() in t["title_words"] or w in t["place_last"] or w in t["place_first"]
                        or w in t["function"])


class AliasIndex:
    """Full person names seen so far, to resolve surname-only and other partial back-references.

    ``add(name)`` records a full name ("Vladimir Putin"); ``resolve(name)`` maps a part of a
    recorded full name ("Putin", "Kim Jong" of "Kim Jong Un") to it, and anything else (an
    unknown name) to itself.  Names are taken as given: strip titles first
    (:func:`strip_title`).  :func:`resolve_aliases` is this index over a whole text.

    Parameters
    ----------
    first : bool, default False
        How a part shared by several full names resolves.  False: it is ambiguous and stays
        itself ("Clinton" with "Bill Clinton" and "Hillary Clinton"), for counting mentions of
        a whole text.  True: reading order, as news style does it — the first full name
        introduces the surname and later bare surnames refer to it; only surnames (last
        words) resolve, and a full name is never re-mapped to a longer one.

    Examples
    --------
    >>> idx = AliasIndex()
    >>> idx.add("Michael Steele")
    True
    >>> idx.resolve("Steele"), idx.resolve("Mr. Smith")
    ('Michael Steele', 'Mr. Smith')
    """

    def __init__(self, *, first: bool = False):
        self.first = bool(first)
        self._full: dict[str, None] = {}
        self._part: dict[str, list[str]] = {}
        self._seen: dict[str, bool] = {}

    def add(self, name: str) -> bool:
        """Record ``name`` when it is a full person name; return whether it is one."""
        ok = self._seen.get(name)
        if ok is None:
            ok = self._seen[name] = _full_person(name)
            if ok:
                self._register(name)
        return ok

    def add_resolve(self, name: str) -> str:
        """``add(name)``, then the full name ``name`` stands for (:meth:`resolve`), in one call.

        >>> idx = AliasIndex(first=True)
        >>> idx.add_resolve("Michael Steele"), idx.add_resolve("Steele")
        ('Michael Steele', 'Michael Steele')
        """
        if name not in self._seen:
            self.add(name)
        return self.resolve(name)

    def _register(self, f: str):
        words = f.split()
        if self.first:
            self._part.setdefault(words[-1], []).append(f)
            self._full[f] = None
            return
        conn = _tables()["connectors"]
        for w in words:
            if w in conn or len(w) < 2 or w.endswith("."):
                continue
            self._part.setdefault(w, []).append(f)
        padded = f" {f} "
        for g in self._full:  # a shorter full name inside a longer one ("Kim Jong" in "Kim Jong Un")
            if padded in f" {g} ":
                self._part.setdefault(f, []).append(g)
            elif f" {g} " in padded:
                self._part.setdefault(g, []).append(f)
        self._full[f] = None

    def resolve(self, name: str) -> str:
        """The full name ``name`` stands for, or ``name`` itself."""
        fulls = self._part.get(name)
        if not fulls:
            return name
        if self.first:
            return name if name in self._full else fulls[0]
        return fulls[0] if len(set(fulls)) == 1 else name

    def __contains__(self, name) -> bool:
        return name in self._full


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
    names = [n for n in names if isinstance(n, str) and n.strip()]
    stripped = {n: strip_title(n) or n.strip() for n in names}
    index = AliasIndex()
    for s in dict.fromkeys(stripped.values()):
        index.add(s)
    out = {}
    for n, s in stripped.items():
        c = country_of(s)
        out[n] = c if c is not None else index.resolve(s)
    return out
