"""Sourcing profile of each paragraph, and place/date conflicts inside an article.

``sourcing()`` labels every body paragraph (captions, credits, bylines and repeated
paragraphs are skipped) as

* ``attributed`` — its claims are tied to a source: a quotation of two or more words, a
  speech verb (*said, told, announced, wrote …*) or *according to*;
* ``reported`` — concrete description the reporter vouches for: times and dates, places,
  numbers, titled actors (*President Vladimir Putin*) and observable-event verbs (*met,
  arrived, hosted, strolled …*);
* ``commentary`` — unattributed evaluation, interpretation or speculation (*is significant,
  underscores, highlights, it is likely, it remains to be seen, Overall, …, complex
  dynamics, sending a message*).

The cues live in ``lexicons/sourcing_cues.json`` (written for newslens, MIT).

``consistency()`` finds the same event placed in two incompatible places, or on two
different dates, within one article (e.g. a summit said to be in Pyongyang and later in
Vladivostok, or a museum said to have reopened on Friday, June 6 and later on Sunday, June 8).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

import pandas as pd

from ..files import read_lexicon_json
from ..registry import Registry
from . import register
from ._base import provenance, units

__all__ = ["sourcing", "consistency", "LABELS", "rules"]

LABELS = ("attributed", "reported", "commentary")
_CUE_FILE = "sourcing_cues.json"
_PLACE_FILE = "sourcing_places.json"

# ---------------------------------------------------------------- cues
# a quotation: straight or curly double quotes, or curly single quotes not used as apostrophes
_QUOTE = re.compile(r"“([^“”]{1,1500})”|\"([^\"\n]{1,1500})\"|(?<![\w])‘([^‘’]{3,600})’(?![\w])")
_WORDS2 = re.compile(r"\w\W++\w")  # two words (linear: no run is re-scanned)
# "^" in a commentary pattern means: at the start of a sentence, not only of the paragraph
_SENT_START = r"(?:^|(?<=[.!?] )|(?<=[.!?][\"”’] ))"


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return read_lexicon_json(_CUE_FILE)


def _alternation(patterns: list[str], *, sentence_anchor: bool) -> str:
    parts = []
    for p in patterns:
        if p.startswith("^") and sentence_anchor:
            parts.append(_SENT_START + "(?:" + p[1:] + ")")
        else:
            parts.append("(?:" + p + ")")
    return r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"


_LITERAL_PREFIX = re.compile(r"[a-z]+")
_TOKEN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _compiled():
    """The cue lexicon compiled for one pass over the text.

    Returns ``(dispatch, lengths, scanned)``: ``dispatch`` maps the literal first letters of
    a cue (``"said"``, ``"underscor"``) to ``(label, cue_type, regex)`` entries that are tried
    only where a word starts with them; ``lengths`` maps a word's first two letters to the
    prefix lengths worth looking up;
    ``scanned`` are ``(label, cue_type, regex)`` searched over the whole text (cues that do
    not start with a literal word, and the case-sensitive place/actor cues).
    """
    lex = _lexicon()
    grouped: dict[str, dict[tuple[str, str], list[str]]] = {}
    scanned = []
    for label in LABELS:
        anchor = label == "commentary"
        for cue_type, pats in lex[label].items():
            general = []
            for pat in pats:
                body = pat[1:] if pat.startswith("^") else pat
                m = _LITERAL_PREFIX.match(body)
                prefix = m.group() if m else ""
                if m and m.end() < len(body) and body[m.end()] in "?*{":
                    prefix = prefix[:-1]  # the last letter is optional
                if len(prefix) >= 2:
                    grouped.setdefault(prefix, {}).setdefault((label, cue_type), []).append(pat)
                else:
                    general.append(pat)
            if general:
                scanned.append((label, cue_type, re.compile(_alternation(general, sentence_anchor=anchor), re.I)))
        for cue_type, pats in lex.get(f"{label}_cased", {}).items():
            scanned.append((label, cue_type, re.compile("(?:" + "|".join(pats) + ")", re.M)))
    dispatch = {
        prefix: tuple(
            (label, cue_type, re.compile(_alternation(pats, sentence_anchor=label == "commentary"), re.I))
            for (label, cue_type), pats in groups.items()
        )
        for prefix, groups in grouped.items()
    }
    # the prefix lengths worth looking up, by a word's first two letters (every prefix has >= 2)
    lengths: dict[str, tuple[int, ...]] = {}
    for p in dispatch:
        lengths[p[:2]] = tuple(sorted({*lengths.get(p[:2], ()), len(p)}))
    return dispatch, lengths, tuple(scanned)


def _find_cues(text: str) -> dict[str, list[tuple[int, int, str]]]:
    """Non-overlapping cues of each label: label -> [(start, end, cue_type), …] in text order."""
    found: dict[str, list[tuple[int, int, str]]] = {lab: [] for lab in LABELS}
    for m in _QUOTE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if _WORDS2.search(inner):  # one-word "scare quotes" are not attribution
            found["attributed"].append((m.start(), m.end(), "quote"))
    dispatch, lengths, scanned = _compiled()
    for tm in _TOKEN.finditer(text.lower()):
        tok = tm.group()
        ns = lengths.get(tok[:2])
        if ns is None:
            continue
        pos = tm.start()
        for n in ns:
            if n > len(tok):
                break
            entries = dispatch.get(tok[:n])
            if entries:
                for label, cue_type, rx in entries:
                    m = rx.match(text, pos)
                    if m and m.end() > pos:
                        found[label].append((pos, m.end(), cue_type))
    for label, cue_type, rx in scanned:
        for m in rx.finditer(text):
            s, e = m.span()
            s += len(m.group()) - len(m.group().lstrip())
            if e > s:
                found[label].append((s, e, cue_type))
    for label, cues in found.items():
        cues.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        kept: list[tuple[int, int, str]] = []
        for c in cues:
            if kept and c[0] < kept[-1][1]:  # overlaps the previous kept cue of this label
                continue
            kept.append(c)
        found[label] = kept
    return found


# ---------------------------------------------------------------- decision rules
rules = Registry("rule")


@rules.register("attribution_first")
def _attribution_first(n_att: int, n_rep: int, n_com: int) -> str | None:
    """Attribution cues win; else commentary when its cues are at least as many as the
    concrete-reporting cues; else reported when there is a concrete cue; else undecided (None)."""
    if n_att:
        return "attributed"
    if n_com and n_com >= n_rep:
        return "commentary"
    if n_rep:
        return "reported"
    return None


@rules.register("majority")
def _majority(n_att: int, n_rep: int, n_com: int) -> str | None:
    """The label with the most cues (ties: attributed > reported > commentary); None without cues."""
    counts = {"attributed": n_att, "reported": n_rep, "commentary": n_com}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


@register("sourcing")
def sourcing(articles, *, rule: str = "attribution_first") -> pd.DataFrame:
    """Label each body paragraph as attributed, reported or commentary, with the deciding cues.

    Parameters
    ----------
    articles : DataFrame or list of str
        ``nl.load()`` output (captions, credits, bylines and repeated paragraphs are skipped),
        a paragraphs table, any DataFrame with ``text`` or a list of strings (each string is
        an article; paragraphs are split on blank lines).
    rule : str, default "attribution_first"
        How cue counts become a label (see ``newslens.measures.sourcing.rules``):

        * ``"attribution_first"`` — any attribution cue (a quotation of two or more words, a
          speech verb, *according to*) makes the paragraph ``attributed``; otherwise
          ``commentary`` when commentary cues are at least as many as concrete-reporting
          cues (and there is at least one); otherwise ``reported`` when there is a concrete
          cue; a paragraph with no cue at all gets ``None`` (undecided).
        * ``"majority"`` — the label with the most cues.

    Returns
    -------
    DataFrame
        One row per paragraph: ``article_id, paragraph, label, evidence, n_attributed,
        n_reported, n_commentary, text, start, end``. ``evidence`` lists the cues of the
        winning label as dicts ``{text, start, end, cue_type, label}`` with offsets into
        the article text; ``cue_type`` is one of quote, speech_verb, according_to (attributed),
        time, place, number, actor, event (reported), evaluation, speculation,
        interpretation (commentary). ``n_*`` count the (non-overlapping) cues of each label.

    Examples
    --------
    >>> import newslens as nl
    >>> out = nl.sourcing(["The mayor said the bridge will reopen.\\n\\n"
    ...                    "Overall, the decision underscores a complex situation."])
    >>> out["label"].tolist()
    ['attributed', 'commentary']
    """
    decide = rules.get(rule)
    paras = units(articles, "paragraph")
    rows_label, rows_ev, n_att, n_rep, n_com = [], [], [], [], []
    for text, base in zip(paras["text"], paras["start"]):
        base = int(base) if base == base else 0
        cues = _find_cues(text)
        counts = (len(cues["attributed"]), len(cues["reported"]), len(cues["commentary"]))
        label = decide(*counts)
        ev = [
            {"text": text[s:e], "start": base + s, "end": base + e, "cue_type": ct, "label": label}
            for s, e, ct in (cues[label] if label else [])
        ]
        rows_label.append(label)
        rows_ev.append(ev)
        n_att.append(counts[0])
        n_rep.append(counts[1])
        n_com.append(counts[2])
    keys = [k for k in ("article_id", "paragraph") if k in paras.columns]
    out = paras[keys].copy().reset_index(drop=True)
    out["label"] = pd.Series(rows_label, dtype=object)
    out["evidence"] = pd.Series(rows_ev, dtype=object)
    out["n_attributed"] = pd.Series(n_att, dtype="int64")
    out["n_reported"] = pd.Series(n_rep, dtype="int64")
    out["n_commentary"] = pd.Series(n_com, dtype="int64")
    out["text"] = paras["text"].to_numpy()
    out["start"] = paras["start"].to_numpy()
    out["end"] = paras["end"].to_numpy()
    lex = _lexicon()
    return provenance(
        out, measure="sourcing", method=f"cue rules ({rule})", level="paragraph",
        resources={lex["name"]: lex["version"]}, rule=rule,
    )


# ---------------------------------------------------------------- consistency
_TRIGGER = re.compile(
    r"\b(met|meet|meets|meeting|meetings|talks|summit|summits|visit|visits|visited|visiting|trip|"
    r"ceremony|conference|forum|rally|held|hosted|hosts|hosting)\b",
    re.I,
)
_FAMILY = {
    **dict.fromkeys(("met", "meet", "meets", "meeting", "meetings", "talks", "summit", "summits"), "meeting"),
    **dict.fromkeys(("visit", "visits", "visited", "visiting", "trip"), "visit"),
    "ceremony": "ceremony", "conference": "conference", "forum": "conference", "rally": "rally",
}
_CAP = r"(?:[A-Z][a-z’'.]+|[A-Z]\.[A-Z]\.)"
_PLACE_NAME = rf"(?!(?:{'|'.join(('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'The', 'A', 'An', 'His', 'Her', 'Their', 'Its', 'Western', 'Eastern'))})\b){_CAP}(?:[ -](?:de |of )?{_CAP}){{0,3}}"
_PLACE_AFTER = re.compile(rf"\b(?P<prep>in|at)\s+(?:the\s+)?(?P<place>{_PLACE_NAME})(?:,\s+(?P<parent>{_PLACE_NAME}))?")
_CONTAINED = re.compile(rf"(?P<place>{_PLACE_NAME}),\s+(?P<parent>{_PLACE_NAME})")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_MONTH_DAY = rf"{_MONTH}\.?\s+\d{{1,2}}(?!\d)(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"\b[Oo]n\s+(?P<wd>{_WEEKDAY})\b(?:,?\s+(?P<wmd>{_MONTH_DAY}))?(?:,?\s+(?P<wy>\d{{4}})\b)?"
    rf"|\b(?P<wd2>{_WEEKDAY})['’]s\b"
    rf"|\b[Oo]n\s+(?P<md>{_MONTH_DAY})(?:,?\s+(?P<y>\d{{4}})\b)?"
)
_OTHER_EVENT = re.compile(r"\b(?:again|another|next|previous|earlier|last|upcoming|following|former|first|second|later|future|planned)\b", re.I)
_NAME_TOKEN = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_NOT_NAMES = frozenset(
    "The A An And But In On At Of For With During After Before While When Where Despite Overall "
    "President Prime Minister Leader Supreme Secretary Chancellor Governor Senator Mayor Chief General "
    "King Queen Prince Mr Mrs Ms Dr He She They It This That These Those His Her Their Its We "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Russian North South East West Korean American British "
    "Chinese Western Eastern Hundreds Thousands Dozens Many Some Several Most Few Workers Residents "
    "Officials Organisers Organizers Protesters Supporters Critics".split()
)
_NEAR = 90  # characters between an event word and its place
_NEAR_DATE = 40  # characters between an event word and its date ("on Monday", "Monday's")
_VERB_DATE = 50  # characters from a one-off event verb to the date after it

# Verbs of events that happen once to their subject (and object): a museum reopens, a minister
# resigns, a court rules, a bill is signed.  The same one of these given two dates is a
# contradiction; verbs of things that recur (rose, fell, met, said, won, voted) are not here.
_ONE_OFF_VERBS = frozenset("""
    opened reopened closed shut launched began started ended died resigned retired arrested indicted
    sentenced convicted acquitted released freed signed elected inaugurated founded unveiled collapsed
    exploded erupted crashed landed arrived departed married hired appointed nominated ruled passed
    approved vetoed enacted repealed filed sued invaded surrendered evacuated debuted premiered
    completed""".split())
_WORD = re.compile(r"[A-Za-z][\w’'-]*|[,;:—–()]")
# words skipped between a verb and its subject ("the museum, which had finally reopened")
_SUBJECT_SKIP = frozenset(
    "was were is are be been being had has have also then finally officially formally quietly reportedly "
    "eventually only just which that who , ( )".split()
)
_NOT_HEADS = frozenset(
    "the a an this that these those it its he she they we i you his her their our my your him them us "
    "of in on at to for with by from as and or but after before when while if than ; : — –".split()
)
_DETERMINERS = frozenset("the a an its his her their our this that these those some any".split())
_PREPOSITIONS = frozenset(
    "on in at to for with by from as after before during since until into onto over under about "
    "against between through and or but".split()
)


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], dict[str, str], frozenset[str], str]:
    """(city -> country, alias -> country, countries, version), all casefolded."""
    spec = read_lexicon_json(_PLACE_FILE)
    city_country: dict[str, str] = {}
    for country, cities in spec["countries"].items():
        for c in cities:
            city_country[c.casefold()] = country.casefold()
    alias_country = {a.casefold(): c.casefold() for c, aliases in spec.get("aliases", {}).items() for a in aliases}
    countries = frozenset(c.casefold() for c in spec["countries"])
    return city_country, alias_country, countries, spec["version"]


def _canon(place: str) -> str:
    return re.sub(r"^the\s+", "", place.strip(), flags=re.I).rstrip(".").casefold()


def _country_of(place: str, parents: dict[str, str]) -> tuple[str | None, bool]:
    """(country of ``place`` or None when unknown, whether ``place`` is itself a country)."""
    city_country, alias_country, countries, _ = _gazetteer()
    if place in countries:
        return place, True
    if place in alias_country:
        return alias_country[place], True
    seen = set()
    p = place
    while p in parents and p not in seen:  # the article's own "City, Country"
        seen.add(p)
        p = parents[p]
        if p in countries:
            return p, False
        if p in alias_country:
            return alias_country[p], False
        if p in city_country:
            return city_country[p], False
    if place in city_country:
        return city_country[place], False
    return None, False


def _places_conflict(a: str, b: str, parents: dict[str, str], *, both_in: bool = False) -> bool:
    """True when two places cannot both be right: different countries, or different cities of one country.

    Two places that are both unknown to the gazetteer conflict only when both are written as
    "in <Place>" (a town, not a venue "at <Place>") and the article never puts one inside the
    other ("Milltown, Calder County").
    """
    if a == b:
        return False
    ca, a_is_country = _country_of(a, parents)
    cb, b_is_country = _country_of(b, parents)
    if ca is None and cb is None:
        linked = parents.get(a) == b or parents.get(b) == a or a in b or b in a
        return both_in and not linked
    if ca is None or cb is None:
        return False  # one unknown place: cannot tell, so no claim
    if ca != cb:
        return True
    # same country: a country contains its cities; two different cities conflict
    return not (a_is_country or b_is_country or ca in (a, b) or cb in (a, b))


def _date_key(m: re.Match) -> tuple[str | None, str | None, str | None]:
    """``(weekday, month-day, year)`` of a date expression, each None when not written."""
    wd = m.group("wd") or m.group("wd2")
    md = m.group("wmd") or m.group("md")
    if md:
        month, day = re.sub(r"\s+", " ", md).replace(".", "").split(" ")
        md = f"{month[:3].lower()} {int(day.rstrip('stndrh'))}"
    return (wd.lower() if wd else None), md, m.group("wy") or m.group("y")


def _dates_conflict(a: tuple, b: tuple) -> bool:
    """Two dates of one event disagree: different weekdays or different days of the month.

    Dates written with two different years are taken as two occasions, not a conflict.
    """
    (wa, ma, ya), (wb, mb, yb) = a, b
    if ya and yb and ya != yb:
        return False
    return bool(wa and wb and wa != wb) or bool(ma and mb and ma != mb)


def _mentions(text: str):
    """Event mentions in one sentence: dicts with family, place, date, names."""
    out = []
    trig = list(_TRIGGER.finditer(text))
    families = [_FAMILY[m.group(1).lower()] for m in trig if m.group(1).lower() in _FAMILY]
    names = {t for t in _NAME_TOKEN.findall(text) if t not in _NOT_NAMES}
    for m in trig:
        word = m.group(1).lower()
        fam = _FAMILY.get(word) or (families[0] if families else None)
        if fam is None:
            continue
        if _OTHER_EVENT.search(text[max(0, m.start() - 25): m.end() + 25]):
            continue  # "another meeting", "met again", "last year's summit": a different event
        window_end = min(len(text), m.end() + _NEAR)
        place = prep = None
        pm = _PLACE_AFTER.search(text, m.end(), window_end)
        if pm:
            place, prep = pm.group("place"), pm.group("prep").lower()
        date = None
        best = None
        for dm in _DATE.finditer(text, max(0, m.start() - _NEAR_DATE), min(len(text), m.end() + _NEAR_DATE)):
            dist = abs(dm.start() - m.start())
            if best is None or dist < best:
                best, date = dist, dm
        out.append({
            "family": fam, "trigger": word, "place": place, "prep": prep, "date": _date_key(date) if date else None,
            "date_text": date.group(0) if date else None,
            "names": names - ({t for t in _NAME_TOKEN.findall(place)} if place else set()),
        })
    return out + _dated_deeds(text)


def _dated_deeds(text: str) -> list[dict]:
    """One-off events with a date in one sentence: "The museum reopened to visitors on Friday, June 6".

    Each is a mention ``{family: "deed", verb, subject, object, date, …}``: the verb (one of
    :data:`_ONE_OFF_VERBS`), the head word of its subject ("museum" in "the museum, which
    reopened …"; none for a pronoun), the head of its object if one follows directly, and the
    date written right after the verb (within 50 characters, no clause in between) or opening
    the sentence ("On Friday, the museum reopened").  A deed marked as another occasion
    (*again, next, last, first …*) is left out.
    """
    toks = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    dates = list(_DATE.finditer(text))
    if not dates:
        return []
    out = []
    for k, (w, s, e) in enumerate(toks):
        verb = w.lower()
        if verb not in _ONE_OFF_VERBS:
            continue
        if _OTHER_EVENT.search(text[max(0, s - 25): e + 25]):
            continue
        date = next((d for d in dates if e <= d.start() <= e + _VERB_DATE and not _CLAUSE_BREAK.search(text, e, d.start())), None)
        if date is None and dates[0].start() <= 3 and dates[0].end() < s:  # "On Friday, June 6, the museum reopened"
            date = dates[0]
        subject = _subject(toks, k)
        if date is None or subject is None:
            continue
        out.append({
            "family": "deed", "trigger": verb, "verb": verb, "subject": subject, "object": _object(toks, k),
            "place": None, "prep": None, "date": _date_key(date), "date_text": date.group(0), "names": set(),
        })
    return out


_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s*(?:and|but|while|after|before|when|which|who)\b|\b(?:and|but|while|when|after|before)\s")


def _subject(toks: list, k: int) -> str | None:
    """The head word of the subject of the verb at token ``k`` (None for a pronoun or no subject)."""
    j = k - 1
    while j >= 0 and (toks[j][0].lower() in _SUBJECT_SKIP or toks[j][0].lower().endswith("ly")):
        j -= 1
    if j < 0:
        return None
    head = re.sub(r"['’]s?$", "", toks[j][0]).lower()
    return None if head in _NOT_HEADS or not head.isalpha() else head


def _object(toks: list, k: int) -> str | None:
    """The head word of a noun phrase right after the verb at token ``k`` ("the budget"), else None."""
    words = []
    for w, _, _ in toks[k + 1:k + 6]:
        low = w.lower()
        if low in _PREPOSITIONS or not w[0].isalpha():
            break
        if low not in _DETERMINERS:
            words.append(low)
    return words[-1] if words else None


def _same_event(a: dict, b: dict) -> bool:
    if a["family"] != b["family"]:
        return False
    if a["family"] == "deed":  # one verb, one subject, and no two different objects
        return (a["verb"] == b["verb"] and a["subject"] == b["subject"]
                and (a["object"] is None or b["object"] is None or a["object"] == b["object"]))
    na, nb = a["names"], b["names"]
    if not na and not nb:
        return True
    need = min(2, len(na), len(nb))
    return need >= 1 and len(na & nb) >= need


@register("consistency")
def consistency(articles) -> pd.DataFrame:
    """Conflicts inside an article: the same event placed in two places or on two dates.

    An *event mention* is a sentence with an event word (met, meeting, talks, summit, visit,
    ceremony, conference, held, hosted …) and a place (``in/at <Place>`` within 90
    characters after it) and/or a date (``on <weekday>``, ``<weekday>'s``, ``on <Month day>``
    nearest to it, within 40 characters). Two mentions are the same event when their event words are of one kind
    (meeting/talks/summit, visit, ceremony, …), they share at least two named participants
    (one when a sentence names only one; none needed when neither names any), and neither is
    marked as another occasion (*again, another, earlier, last, next …*). Their places
    conflict when they lie in different countries or are different cities of one country;
    containment ("Vladivostok, Russia", a capital and its country) is not a conflict. A
    place whose country is unknown (not in ``lexicons/sourcing_places.json`` nor written as
    "City, Country" in the article) conflicts only with another unknown place, when both are
    written "in <Place>" and the article never puts one inside the other (local towns).

    A *dated deed* is a one-off event verb (reopened, resigned, signed, ruled, died … —
    ``_ONE_OFF_VERBS``; not verbs of things that recur such as rose, met or said) with its
    subject and a date written right after it or opening the sentence: "The museum reopened to
    visitors on Friday, June 6" and "the museum, which reopened on Sunday, June 8" are one deed
    (same verb, same subject head word, no two different objects).  A pronoun subject ties
    nothing together.

    Two dates of one event conflict when their weekdays differ or their days of the month
    differ ("on Friday, June 6" and "on June 6" agree); dates with two different years, and
    mentions marked as another occasion (*again, next, last, first …*), are not conflicts.

    Parameters
    ----------
    articles : DataFrame or list of str
        ``nl.load()`` output, a sentences/paragraphs table, a DataFrame with ``text`` or a
        list of strings.

    Returns
    -------
    DataFrame
        One row per conflict: ``article_id, kind`` ("place" or "date"), ``values`` (the two
        conflicting values in text order), ``evidence`` (the two sentences as dicts
        ``{text, start, end, value}`` with offsets into the article text). No conflict, no row.

    Examples
    --------
    >>> import newslens as nl
    >>> out = nl.consistency(["Putin met Kim Jong Un in Pyongyang on Wednesday.\\n\\n"
    ...                       "Putin recently met with Kim Jong Un in Vladivostok, Russia."])
    >>> out[["kind", "values"]].values.tolist()
    [['place', ['Pyongyang', 'Vladivostok']]]
    """
    sents = units(articles, "sentence")
    rows = []
    for aid, group in sents.groupby("article_id", sort=False):
        article_text = "\n".join(group["text"])
        parents: dict[str, str] = {}
        for cm in _CONTAINED.finditer(article_text):
            parents.setdefault(_canon(cm.group("place")), _canon(cm.group("parent")))
        mentions = []
        for text, start in zip(group["text"], group["start"]):
            start = int(start)
            for men in _mentions(text):
                men["sentence"] = {"text": text, "start": start, "end": start + len(text)}
                mentions.append(men)
        seen = set()
        for a, b in combinations(mentions, 2):
            if a["sentence"]["start"] == b["sentence"]["start"] or not _same_event(a, b):
                continue
            checks = []
            both_in = a["prep"] == "in" and b["prep"] == "in"
            if a["place"] and b["place"] and _places_conflict(_canon(a["place"]), _canon(b["place"]), parents, both_in=both_in):
                checks.append(("place", a["place"], b["place"]))
            if a["date"] and b["date"] and _dates_conflict(a["date"], b["date"]):
                checks.append(("date", a["date_text"], b["date_text"]))
            for kind, va, vb in checks:
                key = (kind, frozenset((_canon(va), _canon(vb))))
                if key in seen:
                    continue
                seen.add(key)
                rows.append({
                    "article_id": aid, "kind": kind, "values": [va, vb],
                    "evidence": [{**a["sentence"], "value": va}, {**b["sentence"], "value": vb}],
                })
    out = pd.DataFrame(rows, columns=["article_id", "kind", "values", "evidence"])
    gaz_version = _gazetteer()[3]
    return provenance(
        out, measure="consistency", method="event mentions with place/date, same participants", level="article",
        resources={"sourcing_places": gaz_version},
    )
