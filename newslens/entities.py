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
``"unknown"``, and so are names of laws, wars and storms ("Affordable Care Act"), words in
capitals and a slogan that fills a quotation.  In a line written in title case (a headline:
"Storm Over Budget Leaves Okafor Fighting For Her Job") capitals mark no names, so a run there
keeps only the names the rest of the text gives ("Okafor").  :func:`resolve_aliases` then maps
surname-only back-references to the full name used in the same text.  No model is needed;
nothing is downloaded.

>>> [(n, k) for n, s, e, k in name_spans("Russian President Vladimir Putin thanked Kim Jong Un.")]
[('Russian', 'country'), ('Vladimir Putin', 'person'), ('Kim Jong Un', 'person')]
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from .errors import OptionError, missing_columns
from .files import read_lexicon_json

__all__ = [
    "KINDS",
    "name_spans",
    "dateline_credit",
    "dateline_end",
    "strip_title",
    "demonym_to_country",
    "country_of",
    "resolve_aliases",
    "link_names",
    "country_aliases",
    "lexicon_info",
    "AliasIndex",
    "generic_name_word",
    "is_person_name",
    "is_sentence_opener",
    "party_member_description",
    "office_description",
    "past_form",
    "past_participle",
    "surname_word",
    "organization_in_context",
    "organization_prefixes",
    "mention_kind",
    "name_gender",
    "title_roles",
    "role_nouns",
    "PIPELINE",
    "MENTION_COLUMNS",
    "FORMS",
    "Mention",
    "Entity",
    "Article",
    "parse",
    "mentions",
    "quote_marks",
    "two_apostrophes_as_marks",
    "readable_quote_marks",
    "straight_marks_as_curly",
]

KINDS = ("person", "organization", "country", "place", "unknown")

# a capitalised token: a word with inner apostrophes/hyphens/dots (U.S., Sen.), or an initial; a
# dot between a lower-case word and a capitalised one ends the word ("Malloy.Obama": two sentences)
_TOKEN = re.compile(r"[^\W_]+(?:(?:['’\-]|(?<![a-z][a-z])\.|\.(?![A-Z][a-z]))[^\W_]+)*\.?|[^\W_]\.", re.U)
_POSSESSIVE = re.compile(r"['’]s?$")
_SENT_START = re.compile(r"(?:^|[.!?:;]['\"”’)]?\s++|(?<!\s)[^\S\n]*+\n\s*+|[\"“‘(]\s*+)$")


@lru_cache(maxsize=None)
def _json(name: str) -> dict:
    return read_lexicon_json(name)


# what follows a word: punctuation, the end of a line or of the text, or a lower-case word
_NEXT_WORD = re.compile(r"(?<![^\S\n])[^\S\n]*+(?:[,.;:!?)\n]|\Z|([a-z]+)\b)")


@lru_cache(maxsize=1)
def _verbs_after_subject() -> frozenset:
    """Verbs of saying and auxiliaries (``quotes_cues.json``): the words that follow a subject."""
    lex = _json("quotes_cues.json")
    return frozenset(w.lower() for k in ("reported_verbs", "auxiliaries") for w in lex[k])


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
        "org_first": frozenset(names["org_first_words"]),
        "party_members": frozenset(names["party_members"]),
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
        "org_or_doc_heads": frozenset(heads["organization"]) | frozenset(heads["document"]),  # a document is its organisation's
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
        "thing_last": frozenset(names["thing_last_words"]),
        "newspaper": frozenset(names["newspaper_words"]),
        "groups": frozenset(names["group_words"]),
        "lead_desc": frozenset(set(names["function_words"]) - _DETERMINERS),
    }


def lexicon_info() -> dict:
    """Name, version, source and licence of the shipped entity lists (for provenance)."""
    return {k: dict(_json(f"{k}.json")["_meta"]) for k in ("entities_countries", "entities_names", "given_names_census")}


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


_NICKNAME_WORD = r"[A-Z][a-z'’\-]{1,14}"  # a nickname's one word, here and in the speaker patterns of quotes
_NICKNAME = re.compile(r"[ \t]([\"“])(" + _NICKNAME_WORD + r")([\"”])[ \t](?=[A-Z])")
"""A nickname in quotation marks between two parts of a name: ' "Bobby" ' in 'Robert C. "Bobby" Scott'."""


def nickname_at(text: str, end: int) -> re.Match | None:
    """The quoted nickname right after the name part ending at ``end``, when that part is a given
    name or an initial and a capitalised word follows: 'Robert C. "Bobby" Scott', 'Marcia “Cia”
    Price' (AP style); else None.  Its quotation marks quote no one.

    >>> text = 'Rep. Robert C. "Bobby" Scott said so.'
    >>> text[nickname_at(text, 14).start(2):nickname_at(text, 14).end(2)]
    'Bobby'
    >>> nickname_at('The film "Jaws" Scott saw', 8) is None
    True
    """
    m = _NICKNAME.match(text, end)
    if m is None or (m.group(1) == '"') != (m.group(3) == '"'):
        return None
    before = text[max(0, end - 20):end].split()
    w = before[-1] if before and not text[end - 1].isspace() else ""
    return m if w and (_given_gender(w) or re.fullmatch(r"[A-Z]\.", w)) else None


def nickname_marks(text: str, o: int, c: int | None) -> bool:
    """Whether the quotation marks at ``o`` and ``c`` enclose a nickname inside a name (:func:`nickname_at`)."""
    if c is None or o < 2:
        return False
    nick = nickname_at(text, o - 1)
    return nick is not None and nick.start(1) == o and nick.start(3) == c


def _runs(text: str, toks: list[tuple[str, int, int]]):
    """Maximal runs of capitalised tokens (with name particles) as lists of (tok, start, end);
    ``toks``: the ``_TOKEN`` matches of ``text`` as (tok, start, end).  A quoted nickname after a
    given name or an initial is left out of the run and does not break it (:func:`nickname_at`)."""
    t = _tables()
    runs, cur = [], []
    i = 0
    n = len(toks)
    alone: list[frozenset] = []  # the words that stand alone in the text, found once when first needed
    bridge = None  # the end of a nickname just passed over: the next word continues the run
    while i < n:
        tok, s, e = toks[i]
        if cur and bridge is None and (nick := nickname_at(text, cur[-1][2])) is not None and s == nick.start(2):
            bridge = nick.end()
            i += 1
            continue
        if _cap(tok):
            # a sentence-final period is not part of a word ("Ukraine.") unless it is an abbreviation
            if tok.endswith(".") and len(tok) > 2 and "." not in tok[:-1] and tok.lower() not in t["titles"] and tok not in t["org_suffixes"]:
                tok, e = tok[:-1], e - 1
            joined = bool(cur) and (text[cur[-1][2]:s] == " " or s == bridge)
            bridge = None
            if cur and not joined:
                runs.append(cur)
                cur = []
            cur.append((tok, s, e))
            if tok != _bare(tok):  # possessive ends the name
                runs.append(cur)
                cur = []
        elif cur and tok in t["connectors"] and i + 1 < n and _cap(toks[i + 1][0]) and text[cur[-1][2]:s] == " " and text[e:toks[i + 1][1]] == " " and _connector_ok(tok, cur):
            cur.append((tok, s, e))
        elif cur and tok in _AND and i + 1 < n and text[cur[-1][2]:s] == " " and _and_joins(text, toks, i, cur, alone):
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


_AND = ("and", "&")
_TENURE = frozenset({"Former", "Acting", "Interim"})


def _and_joins(text: str, toks: list[tuple[str, int, int]], i: int, cur, alone: list) -> bool:
    """Whether the "and" at ``toks[i]`` is inside one organisation's name: "Food and Drug
    Administration", "Housing and Urban Development Secretary …", "Smith & Wesson Holding Corp.".
    The words before it are one or two capitalised words (or an organisation's name so far), no
    given name among them and not a whole organisation's name ("Wall Street Journal and NBC News",
    "IRS and …" stay two), and the capitalised words after it have an organisation word
    (``org_suffixes``) as their second, third or fourth word, before any title word, given name,
    function word or possessive.  "Obama and Senate Majority Leader Harry Reid"
    and "Trump and Congress" stay apart (the organisation word first, or alone)."""
    t = _tables()
    last = cur[-1][0]
    if last in t["org_suffixes"] or last in t["orgs"] or (len(last) > 1 and last.replace(".", "").isupper()):
        return False  # a whole organisation before "and": "Wall Street Journal and NBC News", "IRS and …"
    if last.endswith(".") and last.lower() in t["titles"]:
        return False  # "former Pennsylvania Gov. and Democratic National Committee Chairman Ed Rendell"
    organisation = any(w in t["org_suffixes"] for w, _, _ in cur)  # "Department of Health and Human Services"
    if (len(cur) > 2 and not organisation) or any(w in t["given"] or w != _bare(w) for w, _, _ in cur):
        return False
    if len(cur) == 1:
        if not alone:
            alone.append(_standing_alone(text, toks))
        if last in alone[0]:
            return False  # "Goodlatte and Benghazi Committee Chairman …": a name of its own elsewhere in the text
    prev_end, found = toks[i][2], False
    for k, (w, s, e) in enumerate(toks[i + 1:i + 5]):
        if (not _cap(w) or text[prev_end:s] != " " or w.lower() in t["title_words"] or w in t["given"]
                or w in t["function"] or w != _bare(w) or (k == 0 and w in t["orgs"])):
            break
        found = found or (k >= 1 and (w in t["org_suffixes"] or w.rstrip(".") in t["org_suffixes"]))
        prev_end = e
    return found


def _standing_alone(text: str, toks: list[tuple[str, int, int]]) -> frozenset:
    """The capitalised words of ``text`` that occur somewhere as a name of their own: after a space
    inside a sentence, not followed by " and", " &" or another capitalised word ("… Chairman Bob
    Goodlatte (R-Va.)", "left Pixar in 2018").  The words of "Food and Drug Administration" are not
    among them, nor is a word before "and" where it is tested."""
    out = set()
    for k in range(len(toks) - 1):
        w, s, e = toks[k]
        if not _cap(w) or w in out:
            continue
        nxt, ns, _ = toks[k + 1]
        inside = text[s - 1:s] == " " and not _SENT_START.search(text[max(0, s - 4):s])
        if inside and not (text[e:ns] == " " and (_cap(nxt) or nxt in _AND)):
            out.add(w)
    return frozenset(out)


def _lower_words(toks: list[tuple[str, int, int]]) -> set[str]:
    """The words the text writes in lower case, as written and without a full stop after them
    ("stop." is also "stop")."""
    out = {tok for tok, _, _ in toks if tok[:1].islower()}
    return out | {tok[:-1] for tok in out if tok.endswith(".") and tok.count(".") == 1}


def _classify(words: list[str], titled: bool) -> str:
    t = _tables()
    name = " ".join(words)
    if name in t["country"] or name.lower() in t["demonym"]:
        return "country"
    if titled and _given_and_surname(words) and name not in t["orgs"]:
        return "person"  # "Mayor Don Guardian": a surname that is also an organisation word
    link = next((k for k, w in enumerate(words[1:], 1) if w in ("of", "for")), None)
    before_of = words[link - 1] if link else None  # "Communications Workers of America", "Partnership for Responsible Growth"
    if (name in t["orgs"] or _caucus(words) or words[-1] in t["org_suffixes"] or (words[0] in t["org_suffixes"] and len(words) > 2)
            or ("-" in words[-1] and (words[-1].rsplit("-", 1)[1] in t["org_suffixes"]
                                      or (len(words) > 1 and words[-1].split("-", 1)[0] in t["org_suffixes"])))  # "Chicago Sun-Times", "Post-Dispatch"
            or (words[0] in t["org_first"] and len(words) > 1) or before_of in t["org_suffixes"]
            or (len(words) > 1 and words[-1] in t["newspaper"] and words[-1] in t["function"])):  # "USA Today"
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
        if words[0] in t["event_first"] or (words[-1] in t["thing_last"] and words[0] not in t["given"]):
            return "unknown"  # "Storm Imogen", "Vietnam War", "Affordable Care Act"
        if words[-1] in t["place_last"] or (words[0] in t["place_first"] and words[0] not in t["given"]):
            return "place"  # "Harbor Street", "Port Calder"
        return "person"
    return "unknown"


def _caucus(words: list[str]) -> bool:
    """A party's group named after its members: "Senate Democrats", "House Republicans"."""
    t = _tables()
    return len(words) > 1 and words[-1] in t["orgs"] and words[-1][:-1] in t["party_members"]


def party_member_description(words: list[str]) -> bool:
    """Whether ``words`` describe a party member by place ("the Nevada Democrat", "Texas
    Republican"): a description of a person, not a name.

    >>> party_member_description("the Nevada Democrat".split()), party_member_description(["Democrats"])
    (True, False)
    """
    t = _tables()
    words = [w for w in words if w.lower() not in ("the", "a", "an")]
    return len(words) >= 2 and words[-1] in t["party_members"] and all(w[:1].isupper() for w in words)


def office_description(words: list[str]) -> bool:
    """True when the capitalised ``words`` name an office and no person: a place or an
    organisation, then an office with no name after it ("The Springfield Mayor", "Palm Beach
    County Supervisor of Elections", "Acme Chief Executive").

    >>> office_description("The Springfield Mayor".split()), office_description("Mayor Tom Ortiz".split())
    (True, False)
    >>> office_description("Rob Bishop".split()), office_description("the mayor".split())
    (False, False)
    """
    t = _tables()
    words = [w.rstrip(",") for w in words]
    if words and words[0].title() in _DETERMINERS:
        words = words[1:]
    if words and words[0].title() in _TENURE:
        words = words[1:]  # "former Pennsylvania Gov."
    if len(words) < 2 or not all(w[:1].isupper() or w in t["connectors"] for w in words) or words[0] in t["connectors"]:
        return False
    return _office_after(words) > 0


def _given_and_surname(words: list[str]) -> bool:
    """Two words, a common given name and another word ("Don Guardian", "Emily Post")."""
    t = _tables()
    return len(words) == 2 and words[0] in t["given"] and words[0] not in t["org_suffixes"]


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
        is_function = w in t["function"] or (sentence_initial and (w.lower() in lower or _opener(w)
                                                                   or _participle_opener(w, text, e)
                                                                   or (len(toks) > 1 and _verb_opener(w)
                                                                       and toks[1][0] in _surnames_in(text))))
        if (not is_function and k == 0 and len(toks) == 2 and (sentence_initial or w.lower() in lower)
                and toks[1][0] in _surnames_in(text) and w.lower() not in t["demonym"] and _common_word(w, text)
                and _classify([w, toks[1][0]], False) == "person"):
            # "Understated Perez raises …" opening a sentence, "Stop Trump" where the text writes
            # "stop": a word that is no given name, then the surname the text gives with one
            is_function = True
        if not is_function and ("'" in w or "’" in w):
            is_function = _CONTRACTION.split(w)[0] in t["function"]  # "They’ve", "It's": not a name
        if is_function and w in FUNCTION_SURNAMES and k and toks[k - 1][0] in t["given"]:
            is_function = False  # "Theresa May", "George Will", "Ian Read": a surname, not a month or a verb
        if is_function and k and w in t["newspaper"] and toks[k - 1][0] not in t["function"]:
            is_function = False  # "USA Today": the last word of a paper's name, not the adverb
        if is_function and w in t["org_words"] and (k > 0 or (len(toks) > 1 and toks[1][0] in t["org_suffixes"])):
            is_function = False  # "Capitol Police", "Police Department": inside a name; alone it names no one
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
                    if i + size == len(piece) - 1 and _common_word(piece[-1][0], text):
                        # "Western Journalism", "American Legion", "Saudi Arabia": a demonym and one
                        # common word name one thing, not a country and a person
                        kind = _classify([w for w, _, _ in piece[i:]], False)
                        out.append((text[piece[i][1]:piece[-1][2]], piece[i][1], piece[-1][2],
                                    "unknown" if kind == "person" else kind))
                        i = len(piece)
                        took = True
                        break
                    out.append((cand, piece[i][1], piece[i + size - 1][2], "country"))
                    i += size
                    took = True
                    break
            if took:
                continue
            # leading title, longest first ("Supreme Leader", "Sen."), unless the words after it
            # end in an organisation word first ("State Department", "Health Ministry")
            if not titled and _names_organization(piece, i + 1):
                break
            for size in range(min(t["max_title"], len(piece) - i), 0, -1):
                cand = " ".join(w for w, _, _ in piece[i:i + size]).lower()
                last_word = size == len(piece) - i
                if last_word and titled and i and piece[i - 1][0] in t["title_gender"]:
                    break  # "Mr. King", "Ms. May": after an honorific the last word is the name
                if cand in t["titles"] and not (last_word and not titled and cand.title() in t["orgs"]):
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
        _emit(out, rest, text, titled, None, lower)
    return out


# capitalised function words that are also surnames: after a given name they end a person's name
FUNCTION_SURNAMES = frozenset({"May", "June", "April", "August", "Will", "Read"})
_CONTRACTION = re.compile(r"['’]")


def _opener(w: str) -> bool:
    """A word that opens sentences without being a name: "Furious", "Meanwhile", "Wherever"."""
    t = _tables()
    return w in t["openers"] or (len(w) > 5 and w[1:].islower() and (w.endswith("ever") or "-of-" in w))


_GENERATION = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})


def surname_word(name: str) -> str:
    """The last word of a person's full name before a generational suffix: the word a later
    mention names the person by ("Theodore J. Boutrous Jr." → "Boutrous").

    >>> surname_word("Theodore J. Boutrous Jr."), surname_word("Ann Cole")
    ('Boutrous', 'Cole')
    """
    words = name.split()
    while len(words) > 2 and words[-1].rstrip(",") in _GENERATION:
        words.pop()
    return words[-1] if words else name


def _participle_opener(w: str, text: str, e: int) -> bool:
    """A past participle opening a sentence ("Leaked emails show", "Reached by phone, …"), not a
    name: a word of six letters or more ending in "ed", not a known given name, followed by a
    lower-case word that is not a verb after a subject ("Mohammed said" keeps its name) — or by any
    lower-case word when the word and its stem are both English words (:func:`_verb_participle`:
    "Leaked emails show", where "emails" could be a verb after a subject)."""
    if len(w) < 6 or not w.endswith("ed") or not w[1:].islower() or w in _tables()["given"]:
        return False
    m = _NEXT_WORD.match(text, e)
    if m is None or m.group(1) is None:
        return False
    return m.group(1) not in _verbs_after_subject() or _verb_participle(w.lower())


def _verb_opener(w: str) -> bool:
    """A verb form that can open a sentence before a name ("Debating Clinton's character",
    "Watching Trump talk"): a word of six letters or more ending in "ing" or "ed", no known given
    name, that is an English word or has an English stem ("debating": "debate"; "bashing": "bash")."""
    if len(w) < 6 or not w[1:].islower() or _given_gender(w):
        return False
    low, v = w.lower(), _vocab()
    cut = 3 if low.endswith("ing") else 2 if low.endswith("ed") else 0
    if not cut:
        return False
    stem = low[:-cut]
    return low in v or any(x in v for x in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem))


def _plain_word(w: str, text: str) -> bool:
    """A capitalised word that, in ``text``, is no name nor part of one: not a known given name, a
    title, an organisation word or a word written after a given name ("Understated"; not "Perez"
    where the text names "Thomas Perez")."""
    t = _tables()
    return (w[1:].islower() and not _given_gender(w) and w.lower() not in t["title_words"]
            and w not in t["org_words"] and w not in t["generic_org"] and w not in _surnames_in(text))


def _common_word(w: str, text: str) -> bool:
    """A :func:`_plain_word` that is an English word of the shipped vocabulary ("Journalism") or
    has the ending of one ("Understated"; not "Alastair", "Prescott")."""
    low = w.lower()
    return (low in _vocab() or (len(low) > 5 and low.endswith(("ed", "ing", "ly")))) and _plain_word(w, text)


@lru_cache(maxsize=8)
def _surnames_in(text: str) -> frozenset:
    """The words ``text`` writes after a known given name ("Hillary [Clinton]")."""
    return frozenset(m.group(2) for m in _GIVEN_THEN_WORD.finditer(text) if _given_gender(m.group(1)))


def _vocab():
    """The shipped English word-piece vocabulary (loaded once by :func:`newslens.neural.vocab`)."""
    from .neural import vocab

    return vocab()


def _verb_participle(low: str) -> bool:
    """Whether ``low`` ("leaked", "stopped") and its stem ("leak", "stop") are both whole words of the
    shipped English word-piece vocabulary; names ending in "ed" ("khaled", "fareed") are not both."""
    v = _vocab()
    stems = (low[:-2], low[:-3]) if len(low) > 4 and low[-3] == low[-4] else (low[:-2],)
    return low in v and any(st in v for st in stems)


def _names_organization(piece, k: int) -> bool:
    """True when the words of ``piece`` from ``k`` reach an organisation word ("Department",
    "Ministry", "Committee") before any title: "Justice Department", "Foreign Affairs Ministry";
    not a given name and a surname ("Mayor Don Guardian"), nor one of a place or body ("Del.
    Marcia Price of Newport News")."""
    t = _tables()
    words = [w for w, _, _ in piece[k:]]
    if _given_and_surname(words[:words.index("of")] if "of" in words else words):
        return False
    for w, _, _ in piece[k:]:
        if w in t["org_suffixes"]:
            return True
        if w.lower() in t["titles"]:
            return False
    return False


def _inner_title(rest):
    """``(index, size, title)`` of a title after the first word of ``rest`` that is followed by
    a name ("Milltown Mayor Tom Ortiz"), or None; never inside an organisation name."""
    t = _tables()
    n = len(rest)
    if n < 3 or (rest[-1][0] in t["org_suffixes"] and not _given_and_surname([w for w, _, _ in rest[-2:]])):
        return None
    for j in range(1, n - 1):
        for size in range(min(t["max_title"], n - 1 - j), 0, -1):
            cand = " ".join(w for w, _, _ in rest[j:j + size]).lower()
            if cand in t["titles"]:
                after = rest[j + size:]
                if all(w.lower() in t["titles"] or w.lower() in t["title_words"] or w in _GENERATION for w, _, _ in after):
                    return None  # "… Press Secretary", "Martin Luther King Jr.": no name after the title
                if after[-1][0] in t["thing_last"]:
                    return None  # "North American Free Trade Agreement": a thing's name, not a title and a name
                return j, size, cand
    return None


_POSSESSIVE_AFTER = re.compile(r"['’]s?(?!\w)")  # "the County Sheriff['s Department]": the office owns what follows


def _office_after(words: list[str]) -> int:
    """How many of the last ``words`` are an office held in a place or an organisation
    ("[Springfield] Mayor", "[Palm Beach County] Supervisor of Elections", "[Acme] Chief
    Executive"), 0 when they are not or when a given name comes before them ("Rob Bishop")."""
    t = _tables()
    for size in range(min(t["max_title"], len(words) - 1), 0, -1):
        cand = " ".join(words[-size:]).lower()
        if cand in t["place_titles"] or cand in t["org_titles"]:
            return 0 if any(w in t["given"] for w in words[:-size]) else size
    return 0


def _emit(out, rest, text: str, titled: bool, title: str | None, lower=frozenset()):
    """Append the mention ``rest`` (tokens) with its kind; ``title``: the office written after it;
    ``lower``: the words the text writes in lower case."""
    t = _tables()
    while rest and (rest[0][0] in t["connectors"] or rest[0][0] in _AND):  # connectors at the edges are never part of a name
        rest = rest[1:]
    while rest and (rest[-1][0] in t["connectors"] or rest[-1][0] in _AND):
        rest = rest[:-1]
    campaign = False
    if title is not None:  # "White House Press Secretary": the words before the title are part of it
        while rest and rest[-1][0] in t["title_modifiers"]:
            campaign = campaign or rest[-1][0] == "Campaign"
            rest = rest[:-1]
    if len(rest) > 1 and rest[0][0] in _TENURE and _classify([w for w, _, _ in rest[1:]], False) == "organization":
        rest = rest[1:]  # "[Former] Housing and Urban Development Secretary …": the office's, not the name's
    if not rest:
        return
    words = [w for w, _, _ in rest]
    if words[0].lower() in t["title_words"] and len(words) == 1 and not titled:
        return
    if len(words) == 1 and not titled and words[0] in t["generic_org"] and words[0] not in t["orgs"]:
        return  # a lone "Authority" or "Council" names nothing without the rest of the name
    if len(words) == 1 and words[0] in t["groups"]:
        return  # "Muslims", "Latinos", "a Muslim": a group of people, no one's name
    if not titled and len(words) >= 2 and words[-1] in t["party_members"]:
        _emit(out, rest[:-1], text, False, None)  # "Nevada Democrat": a place, then what the person is
        return
    office = _office_after(words) if not titled and title is None and not _POSSESSIVE_AFTER.match(text, rest[-1][2]) \
        and not all(w.isupper() for w in words) else 0
    if office:
        # "The Springfield Mayor said", "Acme Chief Executive": an office with no name after it;
        # the words before it are a place or an organisation, the office names no one (nor does
        # a word the text also writes in lower case: "Federal Judge", "Become President")
        if office < len(words) - 1 or words[0].lower() not in lower:
            _emit(out, rest[:-office], text, False, " ".join(words[-office:]).lower())
        return
    if len(words) >= 3 and words[-2] in t["given"] and not any(w in t["given"] for w in words[:-2]) and "of" not in words:
        # "[Supervisor of] Elections Susan Bucher": an office's last words, then a given name and a surname
        _emit(out, rest[-2:], text, True, None)
        return
    s, e = rest[0][1], rest[-1][2]
    kind = _classify(words, titled)
    if (kind == "person" and not titled and words[0] in _surnames_in(text) and not _given_gender(words[0])
            and (words[1].lower() in lower or words[1] in t["org_words"])):
        kind = "unknown"  # "Trump Tower", "Trump Train": a thing named after the person the text names
    if titled and kind != "person" and "of" in words[2:] and _given_and_surname(words[:words.index("of", 2)]):
        kind = "person"  # "Mayor Tom Ortiz of Fox News": a titled person of a body, not the body's name
    if kind == "person" and "of" in words[2:]:
        cut = words.index("of", 2)  # "Rep. Nancy Pelosi of California": the person, then the place
        _emit(out, rest[:cut], text, titled, title)
        _emit(out, rest[cut + 1:], text, False, None)
        return
    if title is not None and kind in ("person", "unknown") and not campaign:
        # ("Trump [Campaign Manager]": a campaign's owner is a candidate, of no kind the office says)
        kind = "place" if title in t["place_titles"] else "organization" if title in t["org_titles"] else kind
    elif kind == "unknown" and all(w.isupper() for w in words) and _DATELINE.match(text, e) and _line_start(text, s):
        kind = "place"  # "MILLTOWN —", "PORT CALDER, March 4"
    out.append((text[s:e], s, e, kind))


_DATELINE = re.compile(r"(?<![ \t])[ \t]*+(?:[,—–(]|-{1,2}\s)")


# a dateline at the start of a line: "WASHINGTON (Reuters) —", "PORT CALDER, March 4 (Civic Wire) —",
# "MILLTOWN —", "(CNN) —"; the place in capitals, an optional date, the agency's credit, a dash
_DATELINE_LEAD = re.compile(
    r"(?:[A-Z][A-Z.'’\- ]{1,40}(?:,[^()\n—–]{1,40})?(?:[ \t]*+\((?P<credit>[^()\n]{1,40})\))?"
    r"|\((?P<alone>[^()\n]{1,40})\))[ \t]*+(?:[—–]|-{1,2}(?=\s))[ \t]*+")


def dateline_end(text: str, start: int = 0) -> int:
    """Where the story begins after a dateline that opens ``text`` at ``start``, or ``start``.

    >>> t = "OSLO, June 9 (Nordic Press) — The minister said quotas would fall."
    >>> t[dateline_end(t):]
    'The minister said quotas would fall.'
    """
    m = _DATELINE_LEAD.match(text, start) if isinstance(text, str) else None
    return m.end() if m else start


def dateline_credit(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a news agency's credit in a dateline, not an actor.

    The name must stand in parentheses in a dateline at the start of a line (after the place in
    capitals and the date, if any) and be followed by a dash, as wire copy writes it.

    >>> t = "LONDON, May 2 (Reuters) — Prime Minister Keir Starmer said ..."
    >>> dateline_credit(t, 15, 22), dateline_credit(t, 41, 53)
    (True, False)
    """
    if start < 1 or text[start - 1] != "(":
        return False
    k = text.rfind("\n", 0, start) + 1
    m = _DATELINE_LEAD.match(text, k) if start - k <= 90 else None
    return m is not None and (start, end) in (m.span("credit"), m.span("alone"))


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
    lines = _title_case_lines(text, toks, lower)
    return _headline_names(out, text, lines) if lines else out


_MINOR_WORDS = frozenset("a an the and or nor but as at by for from in into of on onto over per to up via vs vs. with".split())
"""The words title case leaves in lower case (articles, conjunctions, short prepositions)."""


def _title_case_lines(text: str, toks: list[tuple[str, int, int]], lower: set[str]) -> list[tuple[int, int]]:
    """The lines of ``text`` written in title case, as headlines often are ("A Seismic Shift Among
    Voters May Have Won Cruz The Caucus"): after the first word, at least four words, none in lower
    case but articles, conjunctions and short prepositions, one capitalised word that is a function
    word or a word the text also writes in lower case ("The", "Have"), and not all in capitals.  A
    sentence ("Former New York Gov. George Pataki is endorsing John Kasich") has other words in
    lower case."""
    out, k, start, function = [], 0, 0, _tables()["function"]
    ends = [m.start() for m in re.finditer("\n", text)] + [len(text)]
    for end in ends:
        words = []
        while k < len(toks) and toks[k][1] < end:
            words.append(toks[k][0])
            k += 1
        rest = [w for w in words[1:] if w[:1].isalpha()]
        caps = [w for w in rest if w[:1].isupper()]
        if (len(rest) >= 4 and all(w[:1].isupper() or w in _MINOR_WORDS for w in rest)
                and any(w.lower() in lower or w in function for w in caps) and not all(w.isupper() for w in caps)):
            out.append((start, end))
        start = end + 1
    return out


def _headline_names(spans: list, text: str, lines: list[tuple[int, int]]) -> list:
    """Re-read the persons and names of unknown kind ``name_spans`` found in title-case ``lines``,
    where capitals do not mark names: "May Have Won Cruz", "Debating Clinton", "Trump Said" or
    "Francois Hollande Says Donald Trump" is no one's full name.  Such a run keeps the names the
    rest of the text gives — its persons' full names, their surnames and single names ("Cruz",
    "Donald Trump") — and nothing else.  Two
    or three words opened by a known given name stay a person when nothing but their last word
    is found ("Kelly Ayotte", "Cecile Richards" whom the text then calls "Richards"); any other
    run with no name found in it is of unknown kind."""
    def in_line(s: int) -> bool:
        k = bisect.bisect_right(lines, (s, len(text) + 1)) - 1
        return k >= 0 and s < lines[k][1]

    body = [x for x in spans if not in_line(x[1])]
    full = {n for n, _, _, k in body if k == "person" and " " in n}
    single = {surname_word(n) for n in full} | {n for n, _, _, k in body if " " not in n and k in ("person", "unknown")}
    out = []
    for name, s, e, kind in spans:
        if kind not in ("person", "unknown") or " " not in name or name in full or not in_line(s):
            out.append((name, s, e, kind))
            continue
        words = [(s + m.start(), s + m.end()) for m in _TOKEN.finditer(name)]
        found, i = [], 0
        while i < len(words):
            for size in range(len(words) - i, 0, -1):
                a, b = words[i][0], words[i + size - 1][1]
                if text[a:b] in (full if size > 1 else single):
                    found.append((text[a:b], a, b, "person" if size > 1 else "unknown"))
                    i += size
                    break
            else:
                i += 1
        first = text[words[0][0]:words[0][1]]
        if _given_gender(first) and len(words) <= 3 and all(f[2] == e for f in found):
            out.append((name, s, e, kind))  # "Cecile Richards", whom the text then calls "Richards"
        elif found:
            out.extend(found)
        else:
            out.append((name, s, e, "unknown"))
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
    org = any(f == 0 and w.strip(".,") in t["org_words"] for w, f in zip(toks[:of_at], flags)) or _caucus(toks)
    if real and last + 1 < len(toks) and toks[last + 1] in ("of", "to", "for"):
        # "Director of Public Policy Polling Tom Jensen", "Ambassador to Spain Ana Ruiz", "Minister for
        # Trade Li Wen": the office, then the person, named from a given name; with none, the phrase
        # stays a description ("Chad's Ambassador to France")
        given = [k for k in range(last + 2, len(toks) - 1) if toks[k] in t["given"]]
        if given:
            toks = toks[given[-1]:]
    elif real and not org:
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

    Either a longer organisation name starts with it ("Northgate" … "Northgate Paper Co.") or
    ends with it after a word that opens organisations' names ("Santander" … "Banco
    Santander"), or a description noun introduces it ("the utility Calder Power"), or it is in ``known`` (names
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


_ORG_NAME = _ORG_FIRST = None


def organization_prefixes(texts) -> frozenset:
    """Every leading part of the organisation names in ``texts`` ("Northgate Paper Co." →
    "Northgate", "Northgate Paper"), every name a description noun introduces ("the
    utility Calder Power") and the rest of a name after a word that opens organisations'
    names ("Daily Mail" → "Mail", "Banco Santander" → "Santander"): the capitalised names a
    collection shows to be organisations.

    >>> sorted(organization_prefixes(["Northgate Paper Co. said so."]))
    ['Northgate', 'Northgate Paper']
    """
    global _ORG_NAME, _ORG_FIRST
    if _ORG_NAME is None:
        t = _tables()
        suffixes = "|".join(re.escape(w) for w in sorted(t["org_suffixes"], key=len, reverse=True))
        heads = "|".join(re.escape(w) for w in sorted(_org_heads(), key=len, reverse=True))
        first = "|".join(re.escape(w) for w in sorted(t["org_first"], key=len, reverse=True))
        _ORG_NAME = re.compile(
            rf"(?<![\w'’.-])(?P<org>[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){{0,3}})\s+(?:{suffixes})(?![\w'’-])"
            rf"|(?<![\w'’-])[Tt]he\s+(?:[a-z][\w\-]*\s+)?(?:{heads})\s+(?P<named>[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){{0,3}})")
        _ORG_FIRST = re.compile(
            rf"(?<![\w'’.-])(?:{first})\s+([A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){{0,2}})(?![\w'’-])")
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
        out.update(m.group(1) for m in _ORG_FIRST.finditer(text))
    return frozenset(out)


def _org_heads() -> frozenset:
    return _tables()["org_heads"] | {"utility", "firm", "company", "operator", "insurer", "manufacturer",
                                     "retailer", "developer", "contractor", "charity",
                                     # media and other bodies a name follows ("the news site Harbour Wire")
                                     "site", "outlet", "blog", "tabloid", "broadcaster", "publication", "publisher",
                                     "station", "tank", "watchdog", "nonprofit", "airline", "automaker", "lender",
                                     "startup"}


# a capitalised word and the capitalised word after it (an initial between): "Henry Ford", "Harry S. Truman";
# a look-ahead at each word's start, so that every pair is read ("Mary Ann Smith": Mary Ann, Ann Smith)
_GIVEN_THEN_WORD = re.compile(r"(?<![\w'’-])(?=([A-Z][\w'’\-]*+)\s++(?:[A-Z]\.\s++)?([A-Z][\w'’\-]*+))")


@lru_cache(maxsize=4096)
def _surname_pattern(name: str):
    return re.compile(rf"(?<![\w'’-])([A-Z][\w'’\-]*)\s+(?:[A-Z]\.\s+)?{re.escape(name)}(?![\w'’-])")


def name_gender(name: str) -> str | None:
    """'f' or 'm' when a name of two or more words starts with a given name of that usual gender.

    For he/she resolution only: the curated list of ``entities_names.json``, then the 1990 US
    Census first names (``given_names_census.json``: a gender only where 95 % of a name's bearers
    have it, so "Jordan" has none); None when unknown.  It never decides what is a name.

    >>> name_gender("Ana Ruiz"), name_gender("Harvey Weinstein"), name_gender("Jordan Lee"), name_gender("Ruiz")
    ('f', 'm', None, None)
    """
    toks = name.split() if isinstance(name, str) else []
    if len(toks) < 2:
        return None
    return _given_gender(toks[0])


def _given_gender(word: str) -> str | None:
    """The usual gender of the given name ``word`` (the curated list, then the census names), None
    when it is no known given name."""
    return _tables()["given"].get(word) or _census_gender().get(word)


@lru_cache(maxsize=1)
def _census_gender() -> dict[str, str]:
    return dict(_json("given_names_census.json")["gender"])


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


# ---------------------------------------------------------------- quotation marks
_MARKS = re.compile(r"[\"“”‘’]")


def _is_word(ch: str) -> bool:
    return bool(ch) and (ch.isalnum())


_TWO_APOSTROPHES = re.compile(r"''(?!')")  # of three, the last two: "'old-school,'''" closes a single mark, then the double
_AFTER_WORDS = frozenset(".,;:!?…)]’\"'")  # what follows a word: a mark after it closes
_OTHER_MARKS = re.compile("[«»‹›„]")
# a guillemet pair in either order (French « », German » «), single ones, a German „ “ pair;
# at most one paragraph's worth between them, no other mark of the same kind inside
_OTHER_MARK_PAIR = re.compile("«([^«»\n]{0,1500})»|»([^«»\n]{0,1500})«|‹([^‹›\n]{0,600})›|›([^‹›\n]{0,600})‹|„([^„“”\n]{0,1500})[“”]")


def _curly_pair(m: re.Match) -> str:
    inner = next(g for g in m.groups() if g is not None)
    single = m.group(0)[0] in "‹›"
    return ("‘" if single else "“") + inner + ("’" if single else "”")


def readable_quote_marks(text: str) -> str:
    """Quotation marks written in other conventions become the ones the quote finder reads, one
    character for one, so offsets stay the same.

    * Guillemets (``« Oui », a-t-il dit``, ``»Ja«``) become curly marks: the first of a pair
      opens, so both the French and the German order work; single ones ``‹ ›`` likewise.
    * The German low opening mark ``„`` becomes ``“`` and the ``“`` that closes it ``”``.
    * Two apostrophes become a straight double mark (:func:`two_apostrophes_as_marks`).
    * Straight double marks that pair up become curly ones (:func:`straight_marks_as_curly`), so
      that ``said the governor "welcomes scrutiny"`` reads as ``said the governor “welcomes scrutiny”``.

    >>> readable_quote_marks("« Nous reconstruirons », a dit Ana Ruiz. „Ja“, sagte er. ''Yes,'' she said.")
    '“ Nous reconstruirons ”, a dit Ana Ruiz. “Ja”, sagte er.  “Yes,”  she said.'
    """
    if not text.isascii() and _OTHER_MARKS.search(text):
        text = _OTHER_MARK_PAIR.sub(_curly_pair, text)
    return straight_marks_as_curly(two_apostrophes_as_marks(text))


def _opens_straight(prev: str, nxt: str) -> bool:
    """Whether a straight double mark between the characters ``prev`` and ``nxt`` opens a quotation:
    at the start or after a space, a bracket, a dash or a slash, and before a word."""
    return (not prev.strip() or prev in "([—–-/") and bool(nxt) and not nxt.isspace()


def straight_marks_as_curly(text: str) -> str:
    """Straight double marks of one paragraph that pair up become curly, one character for one: a
    mark after a space, a bracket or a dash and before a word opens, the next straight mark closes;
    an opening mark never closed (a quotation that goes on in the next paragraph) opens.  Marks
    that do not pair this way stay straight (``“Yes," she said``: the reader pairs it as before),
    and so do a nickname's (``Wanda "Wendy" Okafor``, :func:`nickname_at`).

    >>> straight_marks_as_curly('"We will rebuild," she said, calling it "a fresh start". A 12" pipe')
    '“We will rebuild,” she said, calling it “a fresh start”. A 12" pipe'
    """
    if '"' not in text:
        return text
    chars = list(text)
    n = len(text)
    start = None
    i = text.find('"')
    while i >= 0:
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if start is None:
            nick = nickname_at(text, i - 1) if i else None
            if nick is not None and nick.start(1) == i:  # 'Wanda "Wendy" Okafor': part of a name, kept as written
                i = text.find('"', nick.end(3))
                continue
            if _opens_straight(prev, nxt):
                start = i
        else:
            chars[start], chars[i] = "“", "”"
            start = None
        i = text.find('"', i + 1)
    if start is not None:
        chars[start] = "“"
    return "".join(chars)


def two_apostrophes_as_marks(text: str) -> str:
    """Two apostrophes used as a quotation mark (``''Yes,'' she said``) become a straight double
    mark beside a space, so offsets stay the same: an opening pair ``''Y`` → `` "Y``, a
    closing pair ``,''`` → ``," ``.

    >>> two_apostrophes_as_marks("''Yes,'' she said.")
    ' "Yes,"  she said.'
    """
    if "''" not in text:
        return text

    def swap(m: re.Match) -> str:
        nxt = text[m.end():m.end() + 1]
        return ' "' if nxt and not nxt.isspace() and nxt not in ".,;:!?'" else '" '

    return _TWO_APOSTROPHES.sub(swap, text)


_ELIDED_YEAR = re.compile(r"\d\ds?(?![\w’])")


def quote_marks(text: str) -> list[tuple[int, int | None, bool]]:
    """Pair quote marks in one paragraph: ``(open, close or None, opens_paragraph)``.

    ``open`` is the index of the opening mark, ``close`` that of the closing mark (None when the
    quote runs to the end of the paragraph).  One pass, no backtracking.

    >>> quote_marks('“Yes,” she said. ‘Fine’ and "no"')
    [(0, 5, True), (17, 22, False), (28, 31, False)]
    """
    text = readable_quote_marks(text)
    out = []
    state = None  # None, '"', '“', '‘'
    start = 0
    n = len(text)
    for m in _MARKS.finditer(text):
        ch, i = m.group(), m.start()
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if state is None:
            if ch == "“" or ch == '"' and _opens_straight(prev, nxt):
                state, start = ch, i
            elif ch == "‘" and not _is_word(prev) and nxt and not nxt.isspace() and not _ELIDED_YEAR.match(text, i + 1):
                state, start = ch, i  # not "in ‘08", "the ‘90s": an apostrophe typed as an opening mark
            elif ch == "”" and _is_word(nxt) and not _is_word(prev) and prev not in _AFTER_WORDS:
                state, start = "“", i  # "”Sorry, no!” posted …": a closing mark written to open
        elif state in ('"', "“"):
            if ch in "”\"" or ch == "“" and prev in ",.!?…" and (not nxt or nxt.isspace()):
                # (an opening mark after the quotation's last punctuation closes it: "“It's unusual,“ said …")
                out.append((start, i, start == 0))
                state = None
            elif ch == "“":  # an unclosed quote: restart at the new opening mark
                state, start = ch, i
        else:  # inside ‘…’
            if ch == "’" and not _is_word(nxt) and prev and not prev.isspace():
                out.append((start, i, start == 0))
                state = None
            elif ch == "“":
                state, start = ch, i
    if state is not None:
        out.append((start, None, start == 0))
    return out


# ---------------------------------------------------------------- one parsed article
# The representation quotes, sources and stance share: an article's paragraphs and sentences,
# every mention of a person or organisation in it (names, surnames, "the governor", "the
# company", "a spokeswoman for X", "the billionaire businessman", he/she/they/it) and the entity
# each one refers to, built once per article by the components of PIPELINE, run in that order.
PIPELINE = ("paragraphs", "sentences", "quotations", "names", "descriptions", "epithets", "pronouns", "resolve")
MENTION_COLUMNS = ["mention", "start", "end", "paragraph", "sentence", "form", "entity", "type", "gender", "subject", "how"]
FORMS = ("name", "surname", "role", "organization noun", "spokesperson", "epithet", "pronoun")


class Mention(NamedTuple):
    """One mention of an entity: its span, its form, what it refers to and how that was decided.

    ``form`` is one of :data:`FORMS`; ``entity`` is the full name (or, for a spokesperson, "X's
    spokeswoman"), None when the mention could not be resolved; ``type`` is "person",
    "organization", "country", "place" or "unknown"; ``subject``: the mention is followed by a
    finite verb (it is the subject of its clause).
    """

    start: int
    end: int
    text: str
    form: str
    entity: str | None
    type: str
    gender: str | None
    subject: bool
    how: str
    sentence: int
    paragraph: int


class Entity(NamedTuple):
    """A person or organisation of one article: its full name, type, gender and roles."""

    name: str
    type: str
    gender: str | None
    roles: tuple[str, ...]
    first: int


@lru_cache(maxsize=1)
def _descriptions() -> dict:
    """The description lexicon, compiled: roles by title, organisation nouns, pronouns, patterns."""
    lex = _json("entities_descriptions.json")
    by_title: dict[str, set] = {}
    for role, titles in lex["person_roles"].items():
        for title in titles:
            by_title.setdefault(title.lower(), set()).add(role)
        by_title.setdefault(role, set()).add(role)
    roles = sorted(lex["person_roles"], key=len, reverse=True)
    gendered = dict(lex["gendered_roles"])
    org_nouns = {k: frozenset(v) for k, v in lex["organization_nouns"].items()}
    spokes = sorted(lex["spokes_nouns"], key=len, reverse=True)
    poss_org = sorted(lex["possessive_organizations"], key=len, reverse=True)
    alt = lambda words: "|".join(re.escape(w) for w in words)  # noqa: E731
    word = r"[A-Z](?:[\w\-]|['’](?=[A-Z]))*+\.?"  # O'Brien, but not the possessive of Hale's
    name = rf"{word}(?:\s{word}){{0,4}}"
    mods = (r"(?:(?:former|then|current|new|acting|interim|outgoing|incoming|longtime|top|senior|same|[A-Z][\w'’\-]*+|"
            r"[a-z][\w\-]*+['’]s|[a-z0-9]++(?:-[a-z0-9]++)++)\s++){0,3}?")  # "the four-term congressman", "that same governor"
    det = r"(?<![\w'’\-])(?:[Tt]he|[Tt]his|[Tt]hat)\s++"
    return {
        "lex": lex,
        "by_title": by_title,
        "roles": roles,
        "gendered": gendered,
        "org_nouns": org_nouns,
        "pronouns": dict(lex["pronouns"]),
        # "the governor", and capitalised as some outlets write it: "The Governor", "the CEO"
        "role": re.compile(rf"{det}{mods}(?P<noun>(?i:{alt(roles)}))(?![\w'’\-])"),
        "org": re.compile(rf"{det}{mods}(?P<noun>{alt(sorted(org_nouns, key=len, reverse=True))})(?![\w'’\-])"),
        "spokes_for": re.compile(
            rf"(?<![\w'’\-])(?:[Aa]n?|[Tt]he|[Oo]ne|[Aa]nother)\s++(?:[\w\-]+\s++){{0,2}}?(?P<noun>{alt(spokes)})"
            rf"\s++(?:for|to|of|with)\s++(?P<x>(?:the\s++)?(?:{name}|[a-z][\w\-]*+))"),
        "spokes_poss": re.compile(
            rf"(?<![\w'’\-])(?P<x>{name})['’]s?\s++(?:(?:[a-z][\w\-]*+)\s++){{0,2}}?(?P<noun>{alt(spokes + poss_org)})(?![\w'’\-])"),
        # "her office", "its spokesman": the owner is the pronoun's referent
        "spokes_pron": re.compile(
            rf"(?<![\w'’\-])(?P<x>[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s++(?:(?:[a-z][\w\-]*+)\s++){{0,2}}?"
            rf"(?P<noun>{alt(spokes + poss_org)})(?![\w'’\-])"),
        "poss_org": frozenset(poss_org),
        # a pronoun, also before a contraction ("He's said", "they'd")
        "pronoun": re.compile(rf"(?<![\w'’\-])(?i:{alt(sorted(lex['pronouns'], key=len, reverse=True))})"
                              rf"(?![\w\-])(?!['’](?!(?:s|ve|d|ll)\b))"),
        # titles and role nouns written just before a name: "Gov.", "state governor", "former"
        "before": re.compile(r"(?<![\w'’\-.])(?:(?:[A-Z][\w'’\-]*+\.?|[a-z][\w\-]*+)\s++){1,4}$"),
        # an apposition giving a role: "Marian Hale, the state's governor," / "Hale, governor of …"
        "appos": re.compile(rf",\s++(?:(?:the|a|an)\s++)?(?:[\w'’\-]+\s++){{0,3}}?(?P<noun>(?i:{alt(roles)}))(?![\w'’\-])"),
        # a role given with "as" right after the name: "named Lena Park as CEO", "Hale as governor"
        # (read at a mention's end: one try per space run)
        "as_role": re.compile(rf"(?<!\s)\s++as\s++(?:(?:the|its|their|a|an)\s++)?(?:[a-z][\w\-]*+\s++)?(?P<noun>(?i:{alt(roles)}))"
                              rf"(?![\w'’\-])"),
        "name_next": re.compile(r"(?<!\s),?\s*+[A-Z]"),  # read at a mention's end: one try per space run
        "of_name": re.compile(r"(?<!\s)\s++(?:of|at)\s++(?:the\s++)?"),  # "the chairman of Borr": read at the noun's end
    }


# a finite verb (or an apposition or a time, then one) right after a mention makes it a clause
# subject: "Hale said", "Hale, the governor, said", "Rick Santorum on Sunday tried"
_SUBJECT_AFTER = re.compile(
    r"(?<!\s)(?:\s*+,[^,.;:“”\"]{1,80},)?(?:\s++(?:on|last|this|early|late)\s++[A-Z]?[a-z]++)?"
    r"\s++(?:(?:also|later|then|once|again|still|just|[a-z]+ly)\s++)?(?P<w>[a-z]++)(?![\w'’\-])")


def _subject_before(text: str, e: int) -> bool:
    """Whether the mention ending at ``e`` is a clause subject: a finite verb follows it (after an
    optional apposition, time phrase or adverb): a past form, a third-person present or an
    auxiliary ("The judge [struck] a calm tone", "officials [say]", "Cole [has]")."""
    m = _SUBJECT_AFTER.match(text, e, min(len(text), e + 120))
    if m is None:
        return False
    w = m.group("w")
    return (len(w) > 2 and (w.endswith("ed") or (w.endswith("s") and w[-2] != "s"))) or w in _SUBJECT_VERBS


# where a noun phrase's post-modifiers start, and a common noun closing a phrase after its names
_POST_MODIFIER = re.compile(r"[,(]|\s(?:of|for|at|from|with|in|inside|who|which|whose|close|familiar|on|among|near|"
                            r"within|to|briefed)\s")
_TAIL_WORD = re.compile(r"(?<![\w'’\-])[a-z][\w\-]*+[\s.]*+$")
_PLACE_BEFORE = re.compile(r"(?<![\w'’\-])(?:in|at|from|of|near|outside|inside|within|across|around)\s++(?:[Tt]he\s++)?$")


_BACK = 50  # mentions an Article query reads back from a position (bounded: linear on any input)
_APPOSED = " \t\n\xa0,(—–-"  # what may stand between a name and its apposition


class Article:
    """One article parsed once: paragraphs, sentences, mentions and the entities they refer to.

    Build it with :func:`parse`.  Attributes: ``text``; ``paragraphs`` (``(start, end)``);
    ``sentences`` (``(start, end, paragraph)``); ``mentions`` (:class:`Mention`, in text
    order); ``entities`` (full name → :class:`Entity`).
    """

    def __init__(self, text: str, paragraphs=None):
        self.text = text
        self.paragraphs: list[tuple[int, int]] = list(paragraphs) if paragraphs is not None else []
        self.sentences: list[tuple[int, int, int]] = []
        self.mentions: list[Mention] = []
        self.entities: dict[str, Entity] = {}
        self._found: list[tuple] = []  # raw mentions before resolution
        self._starts: list[int] = []
        self._sent_starts: list[int] = []
        self.quotations: list[tuple[int, int]] = []  # spans between quotation marks, in order
        self._quote_starts: list[int] = []
        self._surnames: dict[str, list[str]] = {}  # surname_of's index of self.entities
        self._surnames_of: dict | None = None

    # ------------------------------------------------------------ look-ups
    def in_quotation(self, pos: int) -> bool:
        """True when offset ``pos`` lies between quotation marks."""
        k = bisect.bisect_right(self._quote_starts, pos) - 1
        return k >= 0 and pos < self.quotations[k][1]

    def sentence_at(self, pos: int) -> int:
        """Index of the sentence that contains (or last starts before) offset ``pos``; -1 before the first."""
        return bisect.bisect_right(self._sent_starts, pos) - 1

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The mentions that lie inside ``[start, end)``, in text order."""
        k = bisect.bisect_left(self._starts, start)
        out = []
        while k < len(self.mentions) and self.mentions[k].start < end:
            if self.mentions[k].end <= end:
                out.append(self.mentions[k])
            k += 1
        return out

    def head(self, start: int, end: int) -> Mention | None:
        """The mention a noun phrase ``[start, end)`` refers through, or None for a description.

        English noun phrases keep their head at the right, before any post-modifier: the phrase
        is cut at its first comma, parenthesis or post-modifying word ("Mr. Morgan [of the Sierra
        Club]", "Ruth Kamau[, a Democrat from Ohio]", "officials [in Washington]") and the last
        person or organisation mention before the cut is the head ("Homeland Security Secretary
        Jeh Johnson", "NBC's Dante Chinni").  A spokesperson mention that opens the phrase ("a
        spokesman for Hale") is the head; a phrase that ends in a common noun outside any
        mention ("a Homeland Security Department official") is a description: None.

        >>> doc = parse("Homeland Security Secretary Jeh Johnson met Mr. Morgan of the Sierra Club.")
        >>> doc.head(0, 39).text, doc.head(44, 75).text
        ('Jeh Johnson', 'Morgan')
        """
        inside = self.mentions_in(start, end)
        if not inside:
            return None
        last = inside[-1]
        opening = [m for m in inside if m.start == inside[0].start and m.form == "spokesperson"]
        spokes = max(opening, key=lambda m: m.end - m.start) if opening and opening[0].start - start <= 12 else None
        if (last.form == "name" and last.type in ("person", "unknown") and not self.text[last.end:end].strip(" ,.;")
                and (spokes is None or last.end > spokes.end)
                and not _PLACE_BEFORE.search(self.text, max(start, last.start - 12), last.start)):
            # a phrase closed by a person's name: "Supervisor of Elections Susan Bucher"; not a place
            # after a preposition: "a spokesman for the U.S. attorney [in Brooklyn]", "Rep. Ann Cole [of Riverton]"
            return last
        if spokes is not None:  # "a spokeswoman for Calder Power": the spokesperson, not the X they speak for
            m = spokes
            cut = _POST_MODIFIER.search(self.text, m.end, end)
            return None if _TAIL_WORD.search(self.text, m.end, cut.start() if cut else end) else m
        cut = _POST_MODIFIER.search(self.text, start + 1, end)
        stop = cut.start() if cut is not None else end
        before = [m for m in inside if m.end <= stop and m.type in ("person", "organization", "unknown")]
        if not before:
            places = [m for m in inside if m.end <= stop]
            return places[-1] if places and not _TAIL_WORD.search(self.text, start, stop) else None
        last = max(before, key=lambda m: (m.end, m.end - m.start))
        if _TAIL_WORD.search(self.text, last.end, stop):
            return None  # "a Homeland Security Department official": the noun after the names is the head
        return last

    def mentioned_between(self, entity: str, a: int, b: int) -> bool:
        """Whether a mention of ``entity`` other than a pronoun starts in ``(a, b)`` (a pronoun
        there may be the one in doubt: "A delegate said he tried …"); True when more than
        :data:`_BACK` mentions stand between (too far to tell)."""
        i = bisect.bisect_left(self._starts, b) - 1
        for _ in range(_BACK):
            if i < 0 or self.mentions[i].start <= a:
                return False
            if self.mentions[i].entity == entity and self.mentions[i].form != "pronoun":
                return True
            i -= 1
        return True

    def after_a_name(self, pos: int) -> bool:
        """Whether the phrase at ``pos`` stands in apposition right after a person's name
        ("Kashkari, a voting member of the committee, said"): it describes that person."""
        i = bisect.bisect_left(self._starts, pos) - 1
        while i >= 0 and self.mentions[i].end > pos:
            i -= 1
        if i < 0 or self.mentions[i].type != "person":
            return False
        m = self.mentions[i]
        return pos - m.end <= 4 and not self.text[m.end:pos].strip(_APPOSED)

    def surname_of(self, word: str) -> str | None:
        """The one person of the article whose full name ends with ``word`` ("Pence" or "PENCE"
        → "Mike Pence"), or None."""
        if self._surnames_of is not self.entities:  # indexed once per (finished) set of entities
            self._surnames = {}
            for n, e in self.entities.items():
                if e.type == "person" and " " in n:
                    self._surnames.setdefault(surname_word(n).lower(), []).append(n)
            self._surnames_of = self.entities
        hits = self._surnames.get(word.strip().lower(), ())
        return hits[0] if len(hits) == 1 else None

    def to_frame(self) -> pd.DataFrame:
        """The mentions as a DataFrame with :data:`MENTION_COLUMNS`."""
        rows = [(m.text, m.start, m.end, m.paragraph, m.sentence, m.form, m.entity, m.type, m.gender, m.subject, m.how)
                for m in self.mentions]
        df = pd.DataFrame(rows, columns=MENTION_COLUMNS)
        for col in ("entity", "gender"):  # missing stays None, not NaN
            df[col] = pd.Series([r[MENTION_COLUMNS.index(col)] for r in rows], dtype=object, index=df.index)
        return df.astype({"start": "int64", "end": "int64", "paragraph": "int64", "sentence": "int64", "subject": "bool"})


# ------------------------------------------------------------ the components, in PIPELINE order
def _c_paragraphs(doc: Article) -> None:
    if not doc.paragraphs:
        from .segment import _split_paragraphs

        doc.paragraphs = list(_split_paragraphs(doc.text))


def _c_sentences(doc: Article) -> None:
    from .segment import split_sentences

    for p, (ps, pe) in enumerate(doc.paragraphs):
        for s, e in split_sentences(doc.text[ps:pe]):
            doc.sentences.append((ps + s, ps + e, p))
    doc._sent_starts = [s for s, _, _ in doc.sentences]


def _c_quotations(doc: Article) -> None:
    """The spans between quotation marks, paragraph by paragraph (:func:`quote_marks`): a
    pronoun outside them is not resolved to a name quoted inside them."""
    for ps, pe in doc.paragraphs:
        para = doc.text[ps:pe]
        for o, c, _ in quote_marks(para):
            if not nickname_marks(para, o, c):
                doc.quotations.append((ps + o, ps + c if c is not None else pe))
    doc._quote_starts = [a for a, _ in doc.quotations]


def _title_facts(text: str, s: int, e: int, apposition: bool = True) -> tuple[set, str | None, bool]:
    """(roles, gender, titled) of the name ``text[s:e]`` from the titles written before it
    ("Gov.", "state governor", "Ms.") and, with ``apposition``, a role given in apposition after it."""
    d = _descriptions()
    t = _tables()
    roles: set = set()
    gender = None
    titled = False
    m = d["before"].search(text, max(0, s - 48), s)
    if m is not None:
        words = m.group().split()
        # the title words are those right before the name; stop at the first that is not one
        k = len(words)
        while k > 0:
            w = words[k - 1]
            lw = w.lower().rstrip(".")
            if w in t["title_tokens"] or lw in d["by_title"] or w.lower() in d["by_title"] or lw in t["title_words"] or lw in d["gendered"]:
                k -= 1
            else:
                break
        title = words[k:]
        if title and title[-1].lower() == "of":  # "the chief executive of Borr", "Daughter Of Putin": what is led, not the leader
            title = []
        for i in range(len(title)):
            for j in range(i + 1, min(len(title), i + 4) + 1):
                phrase = " ".join(title[i:j]).lower()
                if phrase in d["by_title"]:
                    roles |= d["by_title"][phrase]
                    titled = True
                elif phrase.rstrip(".") in d["by_title"]:
                    roles |= d["by_title"][phrase.rstrip(".")]
                    titled = True
        for w in title:
            g = t["title_gender"].get(w) or d["gendered"].get(w.lower())
            if g:
                gender, titled = g, True
            elif w in t["title_tokens"]:
                titled = True
    a = apposition and (d["appos"].match(text, e, min(len(text), e + 60)) or d["as_role"].match(text, e, min(len(text), e + 40)))
    if a and "." not in text[e:a.start("noun")]:
        noun = a.group("noun").lower()
        roles |= d["by_title"].get(noun, {noun})  # "CEO" is also "the chief executive"
        gender = gender or d["gendered"].get(noun)
    implied = {d["gendered"][r] for r in roles if r in d["gendered"]}
    if gender is None and len(implied) == 1:  # "Rep." may be a congressman or a congresswoman: no gender
        gender = implied.pop()
    return roles, gender, titled


def _c_names(doc: Article) -> None:
    """Capitalised names (:func:`name_spans`) with the titles and roles written around them;
    a name an organisation noun introduces ("the utility Calder Power") is an organisation."""
    text = doc.text
    intro = _org_intro()
    for name, s, e, kind in name_spans(text):
        roles, gender, titled = (set(), None, False)
        if kind in ("person", "unknown"):
            # a name of a thing takes no role from the words after it ("As reported by Western
            # Journalism, the former secretary of state was …": the clause's subject, not an apposition)
            roles, gender, titled = _title_facts(text, s, e, apposition=kind == "person" or " " not in name)
            if titled and kind == "unknown":
                kind = "person"
            elif not titled and intro.search(text, max(0, s - 40), s):
                kind = "organization"
            elif not titled and kind == "person" and _fills_quotation(doc, s, e):
                kind = "unknown"  # ''Stronger Together.'', "Make America Great Again": a slogan or a title
        doc._found.append((s, e, "name", kind, {"roles": roles, "gender": gender}))


_QUOTE_EDGE = " \t'\"“”‘’.,!?;:"


def _fills_quotation(doc: Article, s: int, e: int) -> bool:
    """Whether the name ``[s, e)`` is all a quotation holds and opens with no given name: a
    slogan, a nickname or a title quoted as such, not a person's name."""
    k = bisect.bisect_right(doc._quote_starts, s) - 1
    if k < 0 or s >= doc.quotations[k][1]:
        return False
    o, c = doc.quotations[k]
    first = doc.text[s:e].split()[0]
    return doc.text[o:c].strip(_QUOTE_EDGE) == doc.text[s:e] and not _given_gender(first)


@lru_cache(maxsize=1)
def _org_intro() -> re.Pattern:
    """"the utility ", "the ride-hailing company ": an organisation noun right before a name."""
    heads = "|".join(re.escape(w) for w in sorted(_org_heads(), key=len, reverse=True))
    return re.compile(rf"(?<![\w'’\-])[Tt]he\s++(?:[a-z][\w\-]*+\s++)?(?:{heads})\s++$")


def _c_descriptions(doc: Article) -> None:
    """Role nouns ("the governor"), organisation nouns ("the company"), spokespeople ("a
    spokeswoman for Hale", "Hale's office"); a noun followed by a name is that name's title."""
    d = _descriptions()
    text = doc.text
    spans = [(s, e) for s, e, *_ in doc._found]
    starts = [s for s, _ in spans]

    def name_right_after(pos: int) -> int | None:
        m = d["name_next"].match(text, pos, min(len(text), pos + 4))
        if m is None:
            return None
        k = bisect.bisect_left(starts, m.end() - 1)
        return spans[k] if k < len(starts) and starts[k] == m.end() - 1 else None

    kinds = {(s, e): k for s, e, _, k, _ in doc._found}

    def person_after_modifier(pos: int):
        """"the chief executive of Borr, Tom Hill,": the person set off by commas after the noun's
        "of"/"at" name — the noun is that person's title, not the first name's."""
        m = d["of_name"].match(text, pos, min(len(text), pos + 12))
        if m is None:
            return None
        k = bisect.bisect_left(starts, m.end())
        if k == len(starts) or starts[k] != m.end() or not text.startswith(",", spans[k][1]):
            return None
        nxt = name_right_after(spans[k][1])
        if nxt is None or kinds.get(nxt) not in ("person", "unknown") or not text.startswith(",", nxt[1]):
            return None
        return nxt

    taken = []
    for pat in (d["spokes_for"], d["spokes_poss"], d["spokes_pron"]):
        if pat is d["spokes_for"] and " for " not in text and " to " not in text:
            continue
        for m in pat.finditer(text):
            apposed = name_right_after(m.end())
            taken.append(m.start())
            doc._found.append((m.start(), m.end(), "spokesperson", "person",
                               {"noun": m.group("noun").lower(), "x": (m.start("x"), m.end("x")), "apposed": apposed,
                                "order": apposed[1] if apposed else m.end()}))
    taken_starts = frozenset(taken)

    def covered(a: int) -> bool:
        return a in taken_starts

    titles: dict[tuple[int, int], set] = {}  # a name's titles written as a noun before it
    for form, pat in (("role", d["role"]), ("organization noun", d["org"])):
        for m in pat.finditer(text):
            if covered(m.start()):
                continue
            nxt = name_right_after(m.end()) or (person_after_modifier(m.end()) if form == "role" else None)
            if nxt is not None:
                # "the governor, Marian Hale" / "the chairman of Borr, Tom Hill,": the noun is the name's title
                if form == "role":
                    noun = m.group("noun").lower()
                    titles.setdefault(nxt, set()).update(d["by_title"].get(noun, {noun}))
                continue
            doc._found.append((m.start(), m.end(), form, "person" if form == "role" else "organization",
                               {"noun": m.group("noun").lower()}))
    for s, e, f, k, x in doc._found:
        if (s, e) in titles and f == "name":
            x["roles"] = x.get("roles", set()) | titles[(s, e)]


_IRREGULAR_PAST = frozenset("led met won ran beat hit left lost sent spent kept held built made took gave saw wrote sold bought "
                            "told brought thought sought taught caught fought found knew chose drove rode broke stole struck "
                            "hid shot paid heard read".split())


# the verbs after a subject that neither end in -ed nor in -s: auxiliaries and irregular pasts
_SUBJECT_VERBS = _IRREGULAR_PAST | frozenset(
    "said spoke has had was is will would could did does can may might must went came put began felt got stood became "
    "grew drew threw flew fell fled dealt meant rose swore wore tore shook stuck hung withdrew oversaw upheld understood "
    "sat ate forgot".split())


def past_form(word: str) -> bool:
    """A past form ("praised", "oversaw", "fought"): ends in -ed, or an irregular past, after an
    optional prefix (over-, under-, out-, re-, mis-).

    >>> [past_form(w) for w in ("praised", "oversaw", "fought", "need", "wings")]
    [True, True, True, False, False]
    """
    if len(word) > 4 and word.endswith("ed"):
        return True
    return any(word.startswith(prefix) and word[len(prefix):] in _IRREGULAR_PAST for prefix in ("", "over", "under", "out", "re", "mis"))


# past participles that are no past form ("seen", "written"): a passive or a participle phrase, not a finite verb
_IRREGULAR_PARTICIPLE = frozenset("seen written taken given done known shown drawn chosen run".split())


def past_participle(word: str) -> bool:
    """A past participle ("interviewed", "appointed", "seen", "written"): a past form
    (:func:`past_form`) or one of the irregular participles that are no past form.

    >>> [past_participle(w) for w in ("interviewed", "seen", "told", "seeing")]
    [True, True, True, False]
    """
    return past_form(word) or word in _IRREGULAR_PARTICIPLE


_FINITE_AUX = frozenset("has had have is was are were will would could can may might must did does do should".split())
# the word after a subject: after an optional adverb ("The candidate [also] said"), or a comma opening an apposition
_WORD_AFTER = re.compile(r"(?<![\s,])(?:\s*+(?P<comma>,)|\s++(?:(?:also|still|now|then|later|again|once|already|never|"
                         r"often|always|even|just|first|ever|only|[a-z]+ly)\s++)?(?P<w>[a-z]++)(?![\w'’\-]))")
# the word before: a preposition, a gerund or "who" makes the phrase no clause subject ("becoming the nominee")
_WORD_BEFORE = re.compile(r"(?<![\w'’\-])(?P<w>[a-z]++)\s++$")
_NOT_BEFORE_SUBJECT = frozenset("of to for with about on in at by from into over under than like as who whom whether if "
                                "become became becomes be been being".split())


# nouns for someone other than the person just named (a story's witnesses, officers, victims,
# moderators), never read as another name for that person
_OTHERS = frozenset("man woman men women person people boy girl child kid resident witness victim suspect friend "
                    "neighbor neighbour mother father wife husband son daughter brother sister officer doctor nurse "
                    "lawyer attorney prosecutor investigator moderator host reporter interviewer anchor spokesman "
                    "spokeswoman spokesperson official source aide".split())
_EPITHET_BACK = 2000  # characters read back for an indefinite introduction ("an organizer … the organizer")


@lru_cache(maxsize=1)
def _epithets() -> dict:
    """The nouns of an epithet, "the billionaire [businessman]": a person noun of the source lists
    (``quotes_cues.json``), a gendered noun or a description role ("the candidate"), singular,
    that is no title's role ("the governor" is the last person titled governor), no organisation
    or document noun and no noun for someone else (:data:`_OTHERS`); a party member's noun
    capitalised ("the Wisconsin [Republican]")."""
    t, d = _tables(), _descriptions()
    nouns = {w.lower() for w in _json("quotes_cues.json")["source_nouns"]} | set(d["gendered"]) | set(d["roles"])
    excluded = set(role_nouns()) | set(d["org_nouns"]) | {w.lower() for w in d["lex"]["spokes_nouns"]}
    nouns = sorted((w for w in nouns if " " not in w and _singular(w) == w and w not in excluded
                    and w not in t["org_or_doc_heads"] and w not in _OTHERS), key=len, reverse=True)
    members = sorted((w for w in t["party_members"] if _singular(w.lower()) == w.lower()), key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in nouns)
    stop = r"(?:and|or|of|the|a|an|to|in|for|with|by|on|at|from|as|but|that|who|which|this|his|her|their|its)"
    # up to three words before the noun, no function word or possessive among them; the longest
    # phrase that ends in a noun: "the Republican presidential [candidate]", not "the [Republican]"
    # (one space between the words: a wider gap stands for a lost comma, "In the process  Claypool")
    mods = rf"(?:(?!{stop}\s)[A-Za-z][\w\-]*+\s(?!\s)){{0,3}}"
    return {
        "pattern": re.compile(rf"(?<![\w'’\-])[Tt]he\s(?!\s){mods}(?P<noun>{alt}|{'|'.join(map(re.escape, members))})(?![\w'’\-])"),
        # "a businessman", "one organizer", "another activist" (up to three words between)
        "introduced": re.compile(rf"(?<![\w'’\-])(?:[Aa]n?|[Oo]ne|[Aa]nother)\s++{mods}(?P<noun>{alt})(?![\w'’\-])"),
        # what makes the phrase describe someone new: a post-modifier ("the founder [of] Acme") or a name after it
        "after": re.compile(r"(?<![\s,])(?:\s++(?:of|for|at|from|with|in|who|whose|which|to)(?![\w'’\-])|,?\s*+[A-Z])"),
    }


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset:
    lex = _json("quotes_cues.json")
    return frozenset(v.lower() for v in lex["speech_verbs"] + lex["reported_verbs"] if " " not in v)


def _subject_of_verb(text: str, s: int, e: int) -> bool:
    """Whether the phrase ``text[s:e]`` is the subject of a verb: a finite verb follows it (an
    auxiliary, a verb of saying or a past form, after an optional adverb) or a comma opening an
    apposition, and no preposition or gerund governs it ("becoming [the nominee]") — not a noun
    modifying the next one ("the Republican [candidates]", "the executive [actions]")."""
    m = _WORD_AFTER.match(text, e, min(len(text), e + 40))
    if m is None or not (m.group("comma") or m.group("w") in _FINITE_AUX or m.group("w") in _speech_verbs()
                         or past_form(m.group("w"))):
        return False
    b = _WORD_BEFORE.search(text, max(0, s - 30), s)
    return b is None or not (b.group("w") in _NOT_BEFORE_SUBJECT or b.group("w").endswith("ing"))


def _c_epithets(doc: Article) -> None:
    """Definite descriptions that may be another name for the one person just named ("Donald
    Trump is telling supporters … The billionaire businessman says"): the resolver decides
    (:meth:`_Resolver.epithet`).  Not one the text introduced with an indefinite article in the
    :data:`_EPITHET_BACK` characters before ("an organizer … the organizer" is that organizer),
    nor one a post-modifier or a name follows ("the founder of Acme", "the businessman Tom Hill")."""
    ep, text = _epithets(), doc.text
    roles = {(f[0], f[1]): f[4] for f in doc._found if f[2] == "role"}  # "the candidate": a role that no title gave
    intro: dict[str, list[int]] = {}
    for m in ep["introduced"].finditer(text):
        intro.setdefault(m.group("noun").lower(), []).append(m.start())
    for m in ep["pattern"].finditer(text):
        noun = m.group("noun")
        if noun[:1].isupper() and noun not in _tables()["party_members"]:
            continue  # "the Union Leader": a name
        if ep["after"].match(text, m.end(), min(len(text), m.end() + 12)) or not _subject_of_verb(text, m.start(), m.end()):
            continue
        low = noun.lower()
        seen = intro.get(low, ())
        k = bisect.bisect_left(seen, m.start()) - 1
        if k >= 0 and seen[k] >= m.start() - _EPITHET_BACK:
            continue
        if (m.start(), m.end()) in roles:
            roles[(m.start(), m.end())]["epithet"] = True  # read as an epithet when no title gave the role
        else:
            doc._found.append((m.start(), m.end(), "epithet", "person", {"noun": low}))


def _c_pronouns(doc: Article) -> None:
    d = _descriptions()
    for m in d["pronoun"].finditer(doc.text):
        w = m.group().lower()
        doc._found.append((m.start(), m.end(), "pronoun", None, {"number": d["pronouns"][w]}))


_NEAREST = 64  # persons of one sentence a pronoun or an epithet looks back over (_Resolver._before)


def _start(seen: tuple) -> int:
    return seen[0]


class _Resolver:
    """The entities seen so far in one article, read left to right."""

    def __init__(self, doc: Article):
        self.doc = doc
        self.alias = AliasIndex(first=True)
        self.entities: dict[str, dict] = {}
        self._by_first: dict[str, list[str]] = {}  # first word -> the entities' names opening with it, in order
        self.by_role: dict[str, str] = {}
        self.persons: dict[int, list] = {}  # sentence -> [(start, entity, subject)] in text order
        self.named: dict[int, set] = {}  # sentence -> persons named there by a name or surname
        self.orgs: list[tuple[int, str, int]] = []  # (start, entity, sentence)
        self._org_by_word: dict[str, int] = {}  # a word of an organisation's name -> its last index in orgs
        self._org_short: dict[str, str] = {}  # "Northgate" -> "Northgate Paper Co.", "Gazette" -> "Daily Gazette"
        self._headline_only: set[str] = set()  # single names met so far only in the first paragraph (the headline)
        self.span_entity: dict[tuple[int, int], tuple[str | None, str]] = {}
        self._ends: dict[int, list[int]] = {}  # start -> ends of the spans resolved so far
        self._order: dict[tuple[int, int], int] = {}  # span -> when it was first resolved

    def resolved(self, s: int, e: int, entity: str | None, typ: str) -> None:
        """Remember what the span ``[s, e)`` refers to."""
        if (s, e) not in self._order:
            self._order[(s, e)] = len(self._order)
            self._ends.setdefault(s, []).append(e)
        self.span_entity[(s, e)] = (entity, typ)

    def inside(self, xs: int, xe: int) -> list[tuple[tuple[int, int], tuple[str | None, str]]]:
        """The resolved spans within ``[xs, xe)`` that refer to someone, in the order they were
        resolved (a look-up per character of the short span, not a scan of the article)."""
        keys = [(st, en) for st in range(xs, xe) for en in self._ends.get(st, ()) if en <= xe]
        keys.sort(key=self._order.__getitem__)
        return [(k, self.span_entity[k]) for k in keys if self.span_entity[k][0]]

    def entity(self, name: str, typ: str, pos: int, gender=None, roles=(), *, gender_from: str = "stated") -> dict:
        """The entity ``name``, created at its first mention; ``gender`` is recorded when it has
        none yet, or has only a guessed one and this one is stated.  ``gender_from``: "stated"
        (a title or given name with the full name), "pronoun" (:meth:`_person_before`) or
        "surname" (the title of a bare surname that named this person by reading order)."""
        e = self.entities.get(name)
        if e is None:
            e = self.entities[name] = {"name": name, "type": typ, "gender": None, "roles": set(), "first": pos,
                                       "gender_from": None}
            self._by_first.setdefault(name.split()[0] if name.split() else name, []).append(name)
        elif e["type"] == "unknown" and typ == "person" and roles:
            e["type"] = "person"  # "Obama, others vow …" in a headline, then "President Obama": a person
        if gender and (not e["gender"] or (e["gender_from"] != "stated" and gender_from == "stated")):
            e["gender"], e["gender_from"] = gender, gender_from
        for r in roles:
            e["roles"].add(r)
            self.by_role[r] = name
        return e

    def seen(self, name: str, typ: str, pos: int, sentence: int, subject: bool, named: bool = False) -> None:
        if typ == "person" or (typ == "unknown" and " " not in name):  # a lone unknown word may be a surname
            bisect.insort(self.persons.setdefault(sentence, []), (pos, name, subject), key=_start)
            if named and typ == "person":
                self.named.setdefault(sentence, set()).add(name)
        elif typ == "organization":
            for w in name.split():  # "the company" finds the last organisation named with a word of its kind
                self._org_by_word[w] = self._org_by_word[w.strip(".,")] = len(self.orgs)
            self.orgs.append((pos, name, sentence))

    # -------------------------------------------------------- by form
    def name(self, s, e, kind, info, paragraph):
        text = self.doc.text[s:e]
        roles, gender = info.get("roles", set()), info.get("gender")
        if kind == "country" and " " not in text and text not in _tables()["country"] and self._stands_alone(e):
            full = self.alias.resolve(text)
            if full != text:  # "Cuban said" after "Mark Cuban": a surname, not a demonym
                return full, "person", f"surname of {full}", "surname"
        if kind in ("country", "place"):
            c = country_of(text) if kind == "country" else None
            return c or text, kind, "country name or demonym" if kind == "country" else "place name"
        if kind == "organization":
            full = self.alias.resolve(text) if " " not in text else text
            if full != text:  # "Bloomberg" after "Michael Bloomberg": the person, not the company
                return full, "person", f"surname of {full}", "surname"
            if " " in text:
                self._short_forms(text)
            elif org := self.org_short(text):
                return org, kind, f"short form of {org}"
            return text, kind, "organisation name"
        words = text.split()
        if len(words) == 1:
            full, why = self._surname_owner(text, roles, gender)
            if full != text:
                return full, "person", f"surname of {full}{why}", "surname"
            if why:
                return text, "person", f"single name{why}"
            if not roles and gender is None and (org := self.org_short(text)):
                return org, "organization", f"short form of {org}"
            if text in self.entities and self.entities[text]["type"] == "organization":
                return text, "organization", "organisation name"
            unseen = text not in self.entities or text in self._headline_only  # a headline's "Kim" before "Kim Jong Un"
            if (gender is None and not roles and (text in _tables()["given"] or (kind == "unknown" and unseen))
                    and self._first_name_of(text)):  # "Barack", "Leo" after "Leo Apotheker"
                full = self._first_name_of(text)
                return full, "person", f"given name of {full}", "surname"
            if paragraph == 0:
                if text not in self.entities:
                    self._headline_only.add(text)
            else:
                self._headline_only.discard(text)
            return text, kind if kind != "unknown" or not roles else "person", "single name"
        if kind == "unknown":  # "Vietnam War", "PORT CALDER": name_spans found it is no person
            return text, kind, "name of no known kind"
        self.alias.add(text)
        full = self.alias.resolve(text)
        g = gender or name_gender(full)
        how = "full name" if full == text else f"part of {full}"
        return full, kind, how, "name", g

    def _short_forms(self, org: str) -> None:
        """Record the one-word short forms of the organisation name ``org``, which later stand
        for it: its first word before an organisation word ("Northgate [Paper Co.]"), or the
        word after one that opens organisations' names ("[Daily] Gazette") — never a place, a
        given name or a word that names no one alone ("Washington [Post]", "New [York Times]")."""
        t = _tables()
        words = org.split()
        if len(words) >= 2 and words[-1].rsplit("-", 1)[-1] in t["newspaper"]:
            # "the Post", "the Sun-Times": a newspaper by its last word, unless two of the article's
            # newspapers share it ("the Denver Post … the Washington Post … the Post")
            last = words[-1]
            self._org_short[last] = org if self._org_short.get(last, org) == org else None
        short = None
        if len(words) == 2 and words[0] in t["org_first"]:
            short = words[1]
        elif len(words) >= 2 and words[-1] in t["org_suffixes"]:
            short = words[0]
        if (short is None or short in self._org_short or not short[:1].isupper() or short in t["function"]
                or short in t["given"] or short in t["generic_org"] or short in t["org_first"] or short in t["places"]
                or short in t["place_first"] or short in t["country"] or short.lower() in t["demonym"]):
            return
        self._org_short[short] = org

    def org_short(self, word: str) -> str | None:
        """The organisation whose short form ``word`` is, unless the article gives a person that
        surname ("Henry Ford" beside "Ford Motor Co.")."""
        org = self._org_short.get(word)
        if org is None:
            return None
        return None if word in _surnames_in(self.doc.text) else org

    def _surname_owner(self, surname: str, roles, gender) -> tuple[str, str]:
        """The full name a bare surname stands for, and why when a title decided it.

        News style: the first full name that introduced the surname.  A title before the
        surname agrees with the person it names: "Mr." / "Ms." (a gendered title) never takes a
        full name of the other gender, and a title's role ("President Obama") prefers the full
        name given that role ("President Barack Obama") over one introduced earlier ("Sasha
        Obama"); otherwise the first full name that fits.  A gender a pronoun guessed (a pronoun
        resolved to an unknown-gender name) rules out nobody but puts its bearer after the others;
        one taken from "Mr." before a surname that went to the first full name counts for
        nothing here.  When no full name agrees, the surname stays its own person."""
        full = self.alias.resolve(surname)
        if full == surname or not (roles or gender):
            return full, ""

        def clash(f: str, how: str) -> bool:  # the other gender, known that way (entity())
            e = self.entities.get(f, {})
            return gender is not None and e.get("gender") not in (None, gender) and e.get("gender_from") == how

        fits = [f for f in self.alias.full_names_of(surname) if not clash(f, "stated")]
        if not fits:
            return surname, f" (the title's gender rules out {full})"
        fits.sort(key=lambda f: (not roles & self.entities.get(f, {}).get("roles", set()), clash(f, "pronoun")))
        owner = fits[0]
        if owner == full:
            return full, ""
        return owner, " (the title agrees)"

    def _stands_alone(self, e: int) -> bool:
        """Does the word ending at ``e`` stand as a noun — before punctuation, the end of the text
        or a verb of saying or an auxiliary ("Cuban said", "Cuban, who") — not as an adjective
        before a noun ("Cuban officials")?"""
        m = _NEXT_WORD.match(self.doc.text, e)
        return m is not None and (m.group(1) is None or m.group(1) in _verbs_after_subject())

    def _first_name_of(self, given: str) -> str | None:
        """The one person whose full name opens with ``given`` ("Oskar Lindqvist"), not with a
        surname before a generation ("Trump Jr." leaves "Trump" to the father)."""
        hits = [n for n in self._by_first.get(given, ())
                if self.entities[n]["type"] == "person" and not all(w in _GENERATION for w in n.split()[1:])]
        return hits[-1] if len(hits) == 1 else None

    def role(self, noun: str):
        who = self.by_role.get(noun)
        if who is None:
            return None, "person", f"'the {noun}': no person given this role before"
        return who, "person", f"'the {noun}': the last person given this role ({who})"

    def organization_noun(self, noun: str, pos: int):
        marks = _descriptions()["org_nouns"].get(noun, frozenset())
        last = (len(self.orgs) - 1 if not marks
                else max((self._org_by_word[w] for w in marks if w in self._org_by_word), default=-1))
        if last >= 0:
            name = self.orgs[last][1]
            return name, "organization", f"'the {noun}': the last organisation of that kind named ({name})"
        return None, "organization", f"'the {noun}': no organisation of that kind named before"

    def spokesperson(self, info):
        noun = info["noun"]
        if info.get("apposed") is not None:
            got = self.span_entity.get(info["apposed"])
            if got is not None and got[0]:
                return got[0], "person", f"a {noun} named in apposition ({got[0]})"
        xs, xe = info["x"]
        inner = self.inside(xs, xe)
        if not inner:
            x = self.doc.text[xs:xe]
            if x.lower() in _descriptions()["pronouns"]:
                return None, "person", f"{noun} of '{x}', which refers to no one found before"
            owner, how = x, "as written"
        else:
            (ks, ke), (owner, _) = max(inner, key=lambda kv: kv[0][1] - kv[0][0])
            how = "resolved"
        typ = "organization" if noun in _descriptions()["poss_org"] else "person"
        return f"{owner}'s {noun}", typ, f"{noun} of {owner} ({how})"

    def epithet(self, noun: str, pos: int, sentence: int):
        """"the billionaire businessman": the one person the text mentions in this sentence (before
        ``pos``) and the one before, when a name of that person is written there, the person's
        gender is known (stated, or from a given name) and a gendered noun fits it ("the actress"
        is no man, nor anyone of unknown gender)."""
        people = {name for k in (sentence - 1, sentence) for _, name, _ in self._before(k, pos)}
        if len(people) != 1:
            return None, "person", f"'the {noun}': {'no person' if not people else 'more than one person'} mentioned just before"
        who, = people
        e = self.entities[who]
        named = who in self.named.get(sentence, ()) or who in self.named.get(sentence - 1, ())
        gender = (e["gender"] if e["gender_from"] != "pronoun" else None) or name_gender(who)  # not a guess from "she"
        if e["type"] != "person" or not named or gender is None:
            return None, "person", f"'the {noun}': {who}, mentioned just before, is not named there as a person of known gender"
        if _descriptions()["gendered"].get(noun) not in (None, gender):
            return None, "person", f"'the {noun}' does not fit {who}"
        return who, "person", f"another name for {who}, the one person named just before"

    def _before(self, sentence: int, pos: int) -> list:
        """The persons mentioned in ``sentence`` before offset ``pos``, in text order: the nearest
        ``_NEAREST`` of them (a real sentence names far fewer; an unpunctuated transcript of
        thousands of names would otherwise make every pronoun and epithet scan them all)."""
        found = self.persons.get(sentence, ())
        end = bisect.bisect_left(found, pos, key=_start)
        return found[max(0, end - _NEAREST):end]

    def pronoun(self, pos, number, sentence):
        if number in ("m", "f"):
            return self._person_before(pos, number, sentence)
        if number == "thing":
            return self._org_before(pos, sentence, 1, "it")
        return self._org_before(pos, sentence, 1, "they")

    def _person_before(self, pos, gender, sentence):
        """The antecedent of he/she at ``pos``: in this sentence, then up to 7 before, the first
        person of that gender or of unknown gender, subjects first; a pronoun outside quotation
        marks never takes a name quoted inside them."""
        outside = not self.doc.in_quotation(pos)
        sex = ("male", "female")[gender == "f"]
        for k in range(sentence, max(-1, sentence - 8), -1):
            cands = [c for c in self._before(k, pos) if not (outside and self.doc.in_quotation(c[0]))]
            cands.sort(key=lambda c: (not c[2], c[0]))  # subjects first, then text order
            where = "same sentence" if k == sentence else f"{sentence - k} sentence(s) before"
            for _, name, _ in cands:
                e = self.entities[name]
                if e["gender"] == gender:
                    return name, "person", f"nearest earlier {sex} person, subjects first ({where})"
                if e["gender"] is None and (e["type"] == "person" or " " in name):  # not "Bayview"
                    e["gender"], e["gender_from"] = gender, "pronoun"  # the pronoun tells the gender from here on
                    return name, "person", f"nearest earlier person of unknown gender, subjects first ({where})"
        return None, "person", "no earlier person of that gender within 8 sentences"

    def _org_before(self, pos, sentence, window, word):
        for start, name, k in reversed(self.orgs):
            if start >= pos:
                continue
            if k < sentence - window:
                break
            return name, "organization", f"'{word}': the nearest organisation in this or the previous sentence ({name})"
        return None, "unknown", f"'{word}': no organisation in this or the previous sentence"


def _c_resolve(doc: Article) -> None:
    """Resolve every mention left to right: names through the article's full names, role and
    organisation nouns through the last entity of that role or kind, pronouns through the
    nearest earlier entity of their gender (subjects first), spokespeople through the one
    they speak for, epithets (and a role no title gave, "the candidate") through the one person
    named just before (:meth:`_Resolver.epithet`)."""
    text = doc.text
    res = _Resolver(doc)
    # inner mentions (and a name in apposition) before the phrases that hold them
    found = sorted(doc._found, key=lambda f: (f[4].get("order", f[1]), -f[0]))
    out = []
    for s, e, form, kind, info in found:
        sentence = doc.sentence_at(s)
        paragraph = doc.sentences[sentence][2] if sentence >= 0 else 0
        subject = _subject_before(text, e)
        gender = info.get("gender")
        if form == "name":
            got = res.name(s, e, kind, info, paragraph)
            entity, typ, how = got[:3]
            form = got[3] if len(got) > 3 else "name"
            gender = got[4] if len(got) > 4 else gender
        elif form == "role":
            entity, typ, how = res.role(info["noun"])
            if entity is None and info.get("epithet"):
                got = res.epithet(info["noun"], s, sentence)
                if got[0] is not None:
                    (entity, typ, how), form = got, "epithet"
        elif form == "organization noun":
            entity, typ, how = res.organization_noun(info["noun"], s)
        elif form == "spokesperson":
            entity, typ, how = res.spokesperson(info)
            gender = _descriptions()["gendered"].get(info["noun"])
        elif form == "epithet":
            entity, typ, how = res.epithet(info["noun"], s, sentence)
            if entity is None:
                continue  # a description of someone the text has not named: no mention of anyone
        else:
            entity, typ, how = res.pronoun(s, info["number"], sentence)
        if entity is not None:
            ent = res.entity(entity, typ, s, gender, info.get("roles", ()) if form in ("name", "surname") else (),
                             gender_from="surname" if form == "surname" else "stated")
            typ = ent["type"] if ent["type"] != "unknown" else typ
            gender = ent["gender"]
            if form != "spokesperson" or typ == "person":
                res.seen(entity, typ, s, sentence, subject, named=form in ("name", "surname"))
        res.resolved(s, e, entity, typ)
        out.append(Mention(s, e, text[s:e], form, entity, typ, gender, subject, how, sentence, paragraph))
    out.sort(key=lambda m: (m.start, -m.end))
    # a name read as of unknown kind before a title showed the person ("Obama, others …" in a headline)
    persons = {n for n, v in res.entities.items() if v["type"] == "person"}
    out = [m._replace(type="person") if m.type == "unknown" and m.entity in persons else m for m in out]
    doc.mentions = out
    doc._starts = [m.start for m in out]
    doc.entities = {n: Entity(n, v["type"], v["gender"], tuple(sorted(v["roles"])), v["first"]) for n, v in res.entities.items()}
    doc._found = []


_COMPONENTS = {
    "paragraphs": _c_paragraphs,
    "sentences": _c_sentences,
    "quotations": _c_quotations,
    "names": _c_names,
    "descriptions": _c_descriptions,
    "epithets": _c_epithets,
    "pronouns": _c_pronouns,
    "resolve": _c_resolve,
}


def parse(text: str, *, paragraphs=None) -> Article:
    """Parse one article once: paragraphs, sentences, and every mention resolved to its entity.

    The components of :data:`PIPELINE` run in that order; each fills one part of the
    :class:`Article` the next ones read.  Quotes, sources and stance read this one object.

    Parameters
    ----------
    text : str
        One article.
    paragraphs : list of (start, end), optional
        The article's paragraphs when the caller has them (blank-line paragraphs otherwise).

    Returns
    -------
    Article

    Examples
    --------
    >>> doc = parse("Gov. Marian Hale visited the mill. The governor said she would help.")
    >>> [(m.text, m.entity) for m in doc.mentions]
    [('Marian Hale', 'Marian Hale'), ('The governor', 'Marian Hale'), ('she', 'Marian Hale')]
    """
    doc = Article(text if isinstance(text, str) else "", paragraphs)
    for name in PIPELINE:
        _COMPONENTS[name](doc)
    return doc


def mentions(text: str) -> pd.DataFrame:
    """Every mention of a person or organisation in one article, with the entity it refers to.

    Names ("Marian Hale"), surnames ("Hale"), role nouns ("the governor"), organisation nouns
    ("the company"), spokespeople ("a spokeswoman for Hale" → "Marian Hale's spokeswoman"),
    epithets ("Donald Trump … The billionaire businessman said": another name for the one person
    named just before, kept only when resolved) and pronouns (he/she/they/it) are found and
    resolved within the article; ``how`` says how.

    Parameters
    ----------
    text : str
        One article (paragraphs separated by blank lines).

    Returns
    -------
    DataFrame
        :data:`MENTION_COLUMNS`: ``mention`` (as written), ``start``/``end`` (offsets into
        ``text``), ``paragraph``, ``sentence``, ``form`` (one of :data:`FORMS`), ``entity``
        (None when unresolved), ``type``, ``gender`` ("m", "f" or None), ``subject`` (the
        mention is the subject of its clause), ``how``.

    Examples
    --------
    >>> m = mentions("Marian Hale, the governor, spoke first.\\n\\nHale said she was proud.")
    >>> m[["mention", "form", "entity"]].values.tolist()
    [['Marian Hale', 'name', 'Marian Hale'], ['the governor', 'role', 'Marian Hale'], ['Hale', 'surname', 'Marian Hale'], ['she', 'pronoun', 'Marian Hale']]
    """
    return parse(text).to_frame()


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


TOPIC_PREPOSITIONS = frozenset({"about", "regarding", "concerning", "over", "into", "against"})
"""Prepositions opening the topic of a source noun: "a statement [about] the visit", "an inquiry [into] the crash"."""
_POST_MODIFIERS = TOPIC_PREPOSITIONS | frozenset({"familiar", "close", "briefed", "with", "who", "of", "for", "at", "in",
                                                  "inside", "within", "from", "to", "on",
                                                  # adjectives and participles that follow their noun: "the data
                                                  # [available from] the FBI", "officials [involved in] the talks"
                                                  "available", "involved", "released", "published", "obtained",
                                                  "compiled", "provided"})


def mention_kind(phrase: str) -> tuple[str, bool]:
    """``(kind, named)`` of a source phrase: kind 'person', 'organization' or 'anonymous'.

    A capitalised name is named; a description ("the ministry", "a senior official") is not,
    and its head noun decides its kind.

    >>> mention_kind("Ruth Kamau"), mention_kind("the ministry"), mention_kind("a senior official")
    (('person', True), ('organization', False), ('anonymous', False))
    >>> mention_kind("Hale's office"), mention_kind("a person familiar with the talks")
    (('organization', True), ('anonymous', False))
    >>> mention_kind("Acme's CEO"), mention_kind("the President"), mention_kind("Carole King")
    (('person', False), ('person', False), ('person', True))
    """
    t = _tables()
    toks = phrase.split() if isinstance(phrase, str) else []
    if not toks:
        return "anonymous", False
    if _role_description(toks):
        return "person", False
    if toks[0][:1].islower() or toks[0] in _DESC_OPENERS:
        head = _description_head(toks)
        if head is not None:  # "the GOP front-runner", "a Justice Department official": the noun decides
            return head
        if toks[-1] in t["groups"]:
            return "person", False  # "many Latinos", "two Catholics": people, unnamed
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
        return _description_head(toks) or ("organization", True)
    return "person", True


def _head_phrase(toks: list[str]) -> list[str]:
    """The words of a description before its first post-modifier, the head noun last: "a person
    [familiar with the talks]", "officials [in Riverton]", "The President [of Chile]"."""
    cut = next((i for i, w in enumerate(toks) if i >= 1 and w.lower() in _POST_MODIFIERS), len(toks))
    return toks[:cut]


def _description_head(toks: list[str]) -> tuple[str, bool] | None:
    """``(kind, False)`` of a description by its head noun, or None when the head is capitalised.

    The head noun comes before its modifiers: "a person [familiar with the talks]", "a spokesman
    [for the governor]"; its kind: an organisation noun or a document ("the ministry", "the DOJ
    document"), an anonymous source ("a senior official") or a person ("the GOP front-runner")."""
    t = _tables()
    last = _head_phrase(toks)[-1]
    if last[:1].isupper():
        return ("person", False) if last in t["party_members"] else None  # "the Nevada Democrat"
    head = last.lower().strip(".,")
    nouns = _descriptions()["org_nouns"]  # the parse's organisation nouns: "the party", "the city"
    if any(h in t["org_or_doc_heads"] or h in nouns for h in (head, _singular(head))):
        return "organization", False  # "the ministry", "the DOJ document", "police reports", "the party"
    if head in t["anon_heads"]:
        return "anonymous", False
    return "person", False


def _singular(noun: str) -> str:
    """The singular of a regular English plural ("reports" → "report", "studies" → "study"); other words as they are."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3:
        return noun[:-1]
    return noun


def _role_description(toks: list[str]) -> bool:
    """True when a phrase names a role, not a person: a determiner or a possessive before a title
    of the description lexicon's ``person_roles`` ("the CEO", "Acme's CEO", "The President of
    Chile").  A bare title ("President") or a name ending in one ("Carole King",
    "Mr. King") stays a name."""
    head = _head_phrase(toks)
    if len(head) < 2 or not (head[0][:1].islower() or head[0] in _DESC_OPENERS
                             or any(_POSSESSIVE.search(w) for w in head[:-1])):
        return False
    if not head[-1][:1].isupper():
        return False  # a lower-case head ("a spokesman", "the ministry") is read by its kind below
    titles = _descriptions()["by_title"]
    return any(" ".join(head[-k:]).lower().strip(",") in titles for k in range(1, min(3, len(head) - 1) + 1))


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
        self._within: dict[str, list[str]] = {}  # a run of words -> the full names holding it
        self._as_run: dict[str, list[str]] = {}  # the full names by their words joined by one space
        self._long = False  # a name too long to index its runs was recorded
        self._order: dict[str, int] = {}  # full name -> when it was recorded

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
            self._part.setdefault(surname_word(f), []).append(f)
            self._full[f] = None
            return
        conn = _tables()["connectors"]
        for w in words:
            if w in conn or len(w) < 2 or w.endswith("."):
                continue
            self._part.setdefault(w, []).append(f)
        padded = f" {f} "
        # a shorter full name inside a longer one ("Kim Jong" in "Kim Jong Un"), read in the order
        # recorded: the names holding f, and those among f's runs of words, looked up (a list of
        # thousands of names stays linear); a name of more than _LONG words is compared with all
        runs = _word_runs(words) if len(words) <= _LONG else None
        if runs is None or self._long:
            near = self._full
        else:
            near = set(self._within.get(" ".join(words), ()))
            near.update(g for r in runs for g in self._as_run.get(r, ()))
            near = sorted(near, key=self._order.__getitem__)
        for g in near:
            if padded in f" {g} ":
                self._part.setdefault(f, []).append(g)
            elif f" {g} " in padded:
                self._part.setdefault(g, []).append(f)
        self._full[f] = None
        self._order[f] = len(self._order)
        if runs is None:
            self._long = True  # from now on every name is compared with every one recorded
        else:
            for r in runs:
                self._within.setdefault(r, []).append(f)
            self._as_run.setdefault(" ".join(words), []).append(f)

    def resolve(self, name: str) -> str:
        """The full name ``name`` stands for, or ``name`` itself."""
        fulls = self._part.get(name)
        if not fulls:
            return name
        if self.first:
            return name if name in self._full else fulls[0]
        return fulls[0] if len(set(fulls)) == 1 else name

    def full_names_of(self, part: str) -> list[str]:
        """Every recorded full name ``part`` is a part of, in the order they were recorded."""
        return list(dict.fromkeys(self._part.get(part, ())))

    def __contains__(self, name) -> bool:
        return name in self._full


_LONG = 12  # words: a longer full name is compared with every name instead of through its runs


def _word_runs(words: list[str]) -> list[str]:
    """Every run of consecutive words, joined by one space ("Kim Jong Un": "Kim", "Kim Jong", …)."""
    return list(dict.fromkeys(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)))


def resolve_aliases(names) -> dict[str, str]:
    """Map every name form to the full name it stands for in the same text.

    Surname-only and given-name-only forms map to the one full person name that contains
    them ("Putin" → "Vladimir Putin", "Kim" → "Kim Jong Un"); a form shared by two full names
    ("Clinton" with "Bill Clinton" and "Hillary Clinton") is ambiguous and maps to itself.
    The leading words of one company's legal name map to it ("Northgate" → "Northgate Paper
    Co.", :data:`COMPANY_DESIGNATORS`) unless they are a place, a given name or a generic word.
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
    orgs = None
    for n, s in stripped.items():
        c = country_of(s)
        out[n] = c if c is not None else index.resolve(s)
        if out[n] == s and c is None:
            if orgs is None:  # companies' legal names by first word
                orgs = {}
                for o in dict.fromkeys(stripped.values()):
                    if o.split()[-1] in COMPANY_DESIGNATORS:
                        orgs.setdefault(o.split()[0], []).append(o.split())
            out[n] = _company_of(s, orgs.get(s.split()[0], []))
    return out


#: The words that end a company's legal name; news writes the name without them, and often
#: with only its first word ("Northgate Paper Co." → "Northgate").
COMPANY_DESIGNATORS = frozenset({"Co.", "Co", "Inc.", "Inc", "Corp.", "Corp", "Corporation", "Company", "Ltd.", "Ltd",
                                 "LLC", "L.L.C.", "plc", "PLC", "Group", "Holdings", "AG", "SA", "S.A.", "GmbH",
                                 "N.V.", "LP", "L.P."})


def _company_of(name: str, companies: list[list[str]]) -> str:
    """The one company whose legal name starts with ``name`` ("Northgate" of "Northgate Paper
    Co."), or ``name`` itself; never for a place, a given name or a generic word."""
    words = name.split()
    t = _tables()
    if (not words or not companies or generic_name_word(words[-1]) or name in t["places"]
            or (len(words) == 1 and words[0] in t["given"])):
        return name
    longer = {" ".join(o) for o in companies if len(o) > len(words) and o[:len(words)] == words}
    return longer.pop() if len(longer) == 1 else name


_INITIAL = re.compile(r"(?<=\S) (?:[A-Z]\. )+(?=[A-Z])")  # "John A. Boehner" → "John Boehner"


def link_names(table: pd.DataFrame, column: str = "target") -> pd.DataFrame:
    """One name per person across a corpus: a name some articles write only in part ("Hale",
    the governor of an article that never writes her first name) takes the full name that other
    articles of the table give it ("Marian Hale").

    Each article's resolver ties a surname to the full name written in the same article, so a
    table over many articles (``nl.stance(..., targets=None)``, ``nl.sources``) can hold "Hale"
    beside "Marian Hale".  This links them when exactly one name of the table contains the part
    (:func:`resolve_aliases` over the table's names: "Clinton" beside "Bill Clinton" and
    "Hillary Clinton" stays as it is), and a name written with and without middle initials
    ("John A. Boehner", "John Boehner") takes the form the table uses most.  Link only a corpus
    in which a surname names one person: the table cannot tell two people with one surname
    apart when an article gives neither's full name.

    Parameters
    ----------
    table : DataFrame
        A table with ``article_id`` and ``column``: ``nl.stance`` (any level), ``nl.sources``,
        ``nl.quotes`` (``column="speaker_name"``).
    column : str, default "target"
        The column of names (``"source"`` for ``nl.sources``).

    Returns
    -------
    DataFrame
        A copy with ``column`` linked and ``<column>_as_found`` (the name the article's own
        resolver gave).  A row whose article already has a row for the linked name at the same
        unit (``paragraph``, ``sentence``, ``start`` where the table has them) keeps its name.
        ``attrs["newslens"]["linked_names"]`` maps each linked name to its full name.

    Examples
    --------
    >>> t = pd.DataFrame({"article_id": ["a", "b"], "target": ["Marian Hale", "Hale"], "stance": [-0.4, -0.2]})
    >>> link_names(t)["target"].tolist()
    ['Marian Hale', 'Marian Hale']
    """
    if not isinstance(table, pd.DataFrame):
        raise OptionError(f"link_names() takes a table (DataFrame) such as nl.stance(...) or nl.sources(...); "
                          f"got a {type(table).__name__}.")
    missing = [c for c in ("article_id", column) if c not in table.columns]
    if missing:
        raise missing_columns("input", missing, table.columns,
                              fix="Pass a table of names per article (nl.stance, nl.sources) and name its column of names "
                                  "with `column=` ('target', 'source', 'speaker_name').")
    out = table.copy()
    out.attrs = {k: (dict(v) if isinstance(v, dict) else v) for k, v in table.attrs.items()}
    found = out[column].tolist()
    names = sorted({t for t in found if isinstance(t, str)})
    have = set(names)
    counts = Counter(t for t in found if isinstance(t, str))
    plain: dict[str, list[str]] = {}
    for t in names:
        key = _INITIAL.sub(" ", t)
        if key != t or key in have:
            plain.setdefault(key, []).append(t)
    link = {}
    for key, forms in plain.items():
        if len(forms) > 1:
            best = max(forms, key=lambda f: (counts[f], f == key, f))
            link.update({f: best for f in forms if f != best})
    amap = resolve_aliases(sorted({link.get(t, t) for t in names}))
    for t in names:
        f = amap.get(link.get(t, t), link.get(t, t))
        if f != t and f in have:
            link[t] = f
    units_ = [c for c in ("article_id", "paragraph", "sentence", "start") if c in out.columns]
    taken = set(zip(*(out[c].tolist() for c in units_), found))
    linked = []
    for row, t in zip(zip(*(out[c].tolist() for c in units_)), found):
        f = link.get(t) if isinstance(t, str) else None
        linked.append(f if f is not None and (*row, f) not in taken else t)
    out[f"{column}_as_found"] = found
    out[column] = linked
    used = {t: f for t, f in zip(found, linked) if isinstance(t, str) and t != f}
    out.attrs.setdefault("newslens", {})["linked_names"] = dict(sorted(used.items()))
    return out
