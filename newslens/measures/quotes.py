"""Direct quotes, their speakers, and the sources an article relies on.

``quotes(data)`` finds every direct quotation (straight ``"…"``, curly ``“…”`` and curly
single ``‘…’`` marks), the speech cue that introduces it and who said it.  ``sources(data)``
lists, per article, the people, organisations and anonymous sources that are quoted or
credited with reported speech.

How it works (all rules, no model):

* A linear scan pairs quote marks paragraph by paragraph.  A paragraph that opens a quote and
  never closes it continues into the next paragraph when that one opens with a quote mark (the
  news convention for long quotations); the pieces share a ``group``.
* A quote split by its speech verb (``“…,” she said, “…”``) gives two rows with the same
  speaker; both carry the same ``group`` so they can be joined back.
* Titles of works (a short Title-Case span after "the film", "the book", "titled", …) are not
  quotes.  Scare quotes (1–3 words) are dropped unless a speaker is attributed, in which case
  they are kept with ``kind="partial"``.
* The speaker comes from the words right after the quote (``“…,” X said`` / ``said X``) or,
  failing that, from the same sentence before it (``X said: “…”``, ``according to X, “…”``,
  ``X told reporters “…”``, ``X called it “…”``).  Pronouns resolve to the nearest preceding
  named person of a compatible gender (known from Mr./Ms. and similar titles); a bare surname
  resolves to the full name used earlier in the article; titles, ages and appositions are
  stripped ("Sen. Ruth Kamau, a Democrat from Ohio" → "Ruth Kamau").  The words after a quote
  are not its attribution when the quote closes its sentence with a full stop and a capitalised
  word follows ("… nation.” Russia insisted …"), nor past a line break.
* Longer-distance rules, tried in this order when the local patterns fail (the rule used is in
  the ``rule`` column): a transcript label opening a quoted paragraph (``"PENCE: …``); the
  clause subject when the cue is a participle or the nearest noun phrase is not a subject
  ("Trump attacked Clinton for …, saying “…”", "Putin in his opening statement thanked Kim for
  his “…”", not "a woman who suggested …"); the subject of a speech clause earlier in the
  sentence; the speaker of the previous quote in the same paragraph (the quotes then share a
  ``group``); for a paragraph that opens with a quote, the speaker of the quote that ended the
  previous paragraph.  Role descriptions ("the president") resolve to the last person named
  with that title; he/she use the gender of titles and of common given names (a shipped list).
  When no rule applies the speaker is None.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

import pandas as pd

from .. import entities
from . import register
from ..files import read_lexicon_json
from ._base import input_kind, as_texts, provenance, units

__all__ = ["quotes", "sources", "QUOTE_COLUMNS", "SOURCE_COLUMNS"]

QUOTE_COLUMNS = [
    "article_id", "paragraph", "group", "kind", "quote", "speaker", "cue", "start", "end",
    "speaker_start", "speaker_end", "rule", "evidence",
]
SOURCE_COLUMNS = ["article_id", "source", "kind", "named", "n_quotes", "n_attributions", "evidence"]
_LEXICON = "quotes_cues.json"


# ---------------------------------------------------------------- resources
@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return read_lexicon_json(_LEXICON)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _cores(words) -> tuple[str, ...]:
    """The words none of the others is a part of: a text containing any word contains one of these."""
    out: list[str] = []
    for w in sorted(set(words), key=len):
        if not any(c in w for c in out):
            out.append(w)
    return tuple(out)


@lru_cache(maxsize=1)
def _patterns() -> dict:
    """Compile the attribution patterns once (from the shipped cue lists)."""
    lex = _lexicon()
    verb = rf"(?:{_alt(lex['speech_verbs'])})"
    pverb = rf"(?:{_alt(lex['speech_verbs'] + lex['partial_verbs'])})"
    cue_obj = rf"(?:\s+(?:{_alt(lex['cue_objects'])}))?"
    cap = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w'’\-]*\.?)"
    conn = r"(?:de|da|del|der|van|von|bin|al|di|la|le|du|of)"
    name = rf"(?:(?:[Tt]he\s+)?{cap}(?:\s+(?:{conn}\s+)?{cap}){{0,6}})"
    noun = rf"(?:{_alt(lex['source_nouns'])})"
    det = r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ther|[Aa]nother|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Mm]y|[Oo]ur|[Yy]our)"
    # words before the noun: no sentence end inside ("the plan failed. A spokesman" is not one)
    word = r"(?:[\w'’\-]+|(?:[A-Za-z]\.){2,}|[A-Z][a-z]{0,3}\.)"
    familiar = r"(?:\s+(?:familiar\s+with|close\s+to|briefed\s+on)\s+(?:(?:the|a|an|his|her|their|its)\s+)?[\w\-]+)"
    desc = rf"(?:{det}\s+(?:{word}\s+){{0,4}}?{noun}\b(?:\s+(?:of|for|at|with|in|to)\s+(?:the\s+)?{cap}(?:\s+{cap}){{0,4}}|{familiar})?)"
    bare = rf"(?:(?:{cap}\s+){{0,3}}(?:officials|sources|aides|analysts|experts|critics|police|authorities|prosecutors|investigators|residents|witnesses|diplomats|lawmakers|economists|observers|insiders))"
    pron = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)"
    paren = r"(?:\s*\([^()]{1,30}\))?"
    gdet = rf"(?:{det}\s+(?:[\w'’\-]+\s+){{0,3}}[\w'’\-]+(?=\s*[,.;]|\s*$))"
    gpre = rf"(?:{det}\s+(?:[\w'’.\-]+\s+){{0,2}}[a-z][\w'’\-]*)"
    poss = rf"(?:{cap}(?:\s+{cap}){{0,3}}['’]s\s+(?:[\w\-]+\s+){{0,3}}[a-z][\w\-]*)"
    spk = rf"(?<![\w’'])(?P<spk>{pron}|{desc}|{bare}|{name}){paren}"
    spk_pre = rf"(?<![\w’'])(?P<spk>{pron}|{desc}|{bare}|{poss}|{name}|{gpre}){paren}"
    appos = r"(?:,\s*[^,“”\"‘.;:]{1,80},)?"
    adv = r"(?:\s+(?:\w+ly|also|later|then|once|often|previously|further|again|even|still|just|had|has|have|would|will|was|is|did|does))?"
    lead = r"^[\s,.;:!?…—–\-]*"
    # anchored right after a closing quote mark
    after_vs = re.compile(rf"{lead}(?P<cue>{verb}{cue_obj})\s+(?P<spk>{pron}|{desc}|{bare}|{name}|{gdet})(?![\w’'])")
    # a name after lower-case or numeric modifiers, closing the clause: "said 9/11 widow Terry
    # Strada.", "said longtime adviser Kellyanne Conway, who …" (the name is the speaker)
    after_vs_mod = re.compile(rf"{lead}(?P<cue>{verb}{cue_obj})\s+(?:[a-z0-9][\w/'’\-]*\s+)(?:[\w/'’.\-]+\s+){{0,3}}?(?P<spk>{name})(?=\s*(?:[,.;!?]|$))")
    # a loose noun phrase right before the verb is safe when anchored at the quote mark
    np_generic = rf"(?P<spk>{pron}|{det}\s+(?:[\w'’.\-]+\s+){{0,5}}?[\w'’.\-]+|{bare}|{poss}|(?:{cap}\s+|[a-z][\w\-]*\s+){{0,4}}{name}){paren}"
    # one or two appositions closed by a single comma ("X, the attorney general of Oklahoma, one of
    # the states suing, said"): the closing comma of the first is the opening one of the second
    appos2 = r"(?:(?:,\s*[^,“”\"‘;:]{1,120}){1,2},)?"
    after_sv = re.compile(rf"{lead}{np_generic}{appos2}{adv}\s+(?P<cue>{verb}{cue_obj})\b")
    # the quote ends inside its sentence, whose main clause closes it: "“…” for criminal
    # behavior, she said."
    after_tail = re.compile(rf"^\s*[^.!?“”\"‘’\n]{{1,80}}?,\s+(?P<spk>{pron}|{desc}|{name}){adv}\s+(?P<cue>{verb})\s*[.!?]?\s*$")
    after_acc = re.compile(rf"{lead}(?P<cue>according\s+to)\s+{spk}")
    after_dash = re.compile(rf"^[\s,.]*(?P<cue>[―—–])\s*(?P<spk>{name})\s*[.,]?\s*$")
    before_sv = re.compile(rf"{spk_pre}{appos}{adv}\s+(?P<cue>{pverb}{cue_obj})\b")
    before_acc = re.compile(rf"(?P<cue>[Aa]ccording\s+to)\s+{spk}")
    before_vs = re.compile(rf"(?P<cue>(?i:{verb}){cue_obj})\s+{spk}\s*[,:]?\s*$")
    work = re.compile(rf"\b(?:{_alt(lex['work_nouns'])})\s*,?\s*$", re.I)
    reported_verb = r"(?:said|says|told|announced|stated|confirmed|reported|wrote|tweeted|argued|claimed|warned)"
    return {
        "after": (after_vs, after_vs_mod, after_sv, after_acc, after_dash, after_tail),
        "before": (before_acc, before_sv, before_vs),
        # per "before" pattern: strings one of which it cannot match without, and whether they
        # are tested on the case-folded text (a substring test is far cheaper than the scan)
        "before_needs": ((("ccording",), False),
                         (_cores(lex["speech_verbs"] + lex["partial_verbs"]), False),
                         (_cores(w.casefold() for w in lex["speech_verbs"]), True)),
        "work": work,
        "reported": re.compile(rf"{spk}{appos}{adv}\s+(?P<cue>{reported_verb}(?:\s+(?:in\s+a\s+statement|that|on\s+\w+|in\s+an\s+interview))?)\b"),
        "according": before_acc,
        # each anonymity pattern, anchored at a word start ("source" inside "Another source" is
        # not a match of its own), with the words one of which it cannot match without (a cheap
        # substring test on the case-folded paragraph skips the regex for most paragraphs)
        "anonymous": [(re.compile(rf"(?<![\w'’\-])(?:{p})", re.I), tuple(req))
                      for p, req in zip(lex["anonymous_patterns"], lex["anonymous_requires"])],
        "reported_cue": re.compile(rf"\s{reported_verb}\b"),
        "mention": re.compile(rf"(?P<spk>{name})"),
        # "a spokesman, Dan Ito, said": a source description with the person's name in apposition
        "description": re.compile(rf"\A(?:{desc}|{bare}|{gdet}){paren}\Z"),  # anchored: for fullmatch only
        "named_appos": re.compile(rf"(?<!\s)\s*,\s*(?P<name>{name})\s*,"),  # (?<!\s): one try per space run
        # the subject of a clause: a speaker-like noun phrase, an optional apposition or short
        # prepositional or participial phrase, then a finite verb ("Putin in his opening statement
        # thanked", "Protesters marching through the streets chanted")
        "subject": re.compile(
            rf"(?<![\w’'])(?P<spk>{pron}|{desc}|{bare}|{name}){paren}(?={appos}(?:\s+(?:in|at|during|on|from|after|before|with|by|[a-z]+ing)\s+[^,.;:“”\"]{{1,50}}?)?{adv}\s+(?P<verb>{_FINITE})(?![\w’']))"),
        "speech": re.compile(rf"(?<![\w’'])(?:{pverb})(?![\w’'])"),
        # "the president", "the four-term congressman", "the Texas governor": a role description
        "role": re.compile(rf"^[Tt]he\s+(?:[\w’'\-]+\s+){{0,3}}?(?P<role>{_alt(entities.role_nouns())})(?:\s+himself|\s+herself)?$"),
    }


# a finite verb after a subject: regular past / third person, or a common irregular form
_FINITE = (r"(?:[a-z]+ed|[a-z]+[^s\W]s|said|told|spoke|wrote|made|gave|took|went|came|put|read|sang|saw|sent|"
           r"began|drew|struck|hit|let|kept|held|brought|thought|felt|met|led|won|ran|stood|sat|fought|"
           r"sought|taught|shot|got|had|did|was|is|has|does|will|would|could|can|may|might|must)")
_PREPOSITIONS = frozenset(
    "in of for at during with to by from on about after before against into over under than as like between "
    "among through across including toward towards upon via per".split())
# a transcript speaker label opening a quoted paragraph: "PENCE: Well, look, ..."
_LABEL = re.compile(r"(?<![A-Z'’\-])(?P<spk>[A-Z][A-Z'’\-]++(?:\s+[A-Z][A-Z'’\-.]++){0,2}):\s")
_NEW_SENTENCE = re.compile(r"(?<!\s)\s++[A-Z]")  # used with .match at the end of a quote
_WORD_BEFORE = re.compile(r"([A-Za-z]+)(\W*)$")
_BAD_END = re.compile(r"\s(?:who|that|which|and|or|but)$")
_CONJUNCTIONS = frozenset({"and", "but", "so", "then", "while", "as", "when", "yet", "or", "because", "although"})


# ---------------------------------------------------------------- quote marks
_MARKS = re.compile(r"[\"“”‘’]")
_SENT_END = re.compile(r"[.!?…][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "o", "i": None, "we": None}


def _is_word(ch: str) -> bool:
    return bool(ch) and (ch.isalnum())


def _scan_marks(text: str) -> list[tuple[int, int | None, bool]]:
    """Pair quote marks in one paragraph: ``(open, close or None, opens_paragraph)``.

    ``open`` is the index of the opening mark, ``close`` that of the closing mark (None when the
    quote runs to the end of the paragraph).  One pass, no backtracking.
    """
    out = []
    state = None  # None, '"', '“', '‘'
    start = 0
    n = len(text)
    for m in _MARKS.finditer(text):
        ch, i = m.group(), m.start()
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if state is None:
            if ch == "“" or (ch == '"' and not prev.strip() or ch == '"' and prev in "([—–-/") :
                if ch == '"' and (not nxt or nxt.isspace()):
                    continue
                state, start = ch, i
            elif ch == "‘" and not _is_word(prev) and nxt and not nxt.isspace():
                state, start = ch, i
        elif state in ('"', "“"):
            if ch in "”\"":
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


# ---------------------------------------------------------------- names
_TRAIL = re.compile(r"(?<![\s,;:])[\s,;:]++$")
_POSS = re.compile(r"['’]s$")


@lru_cache(maxsize=65536)
def _bare_name(name: str) -> str | None:
    """``name`` without a possessive ending, or None when nothing is left."""
    name = _POSS.sub("", name)
    return name if name.strip() else None


@lru_cache(maxsize=65536)
def _person_facts(full: str) -> tuple[bool, str | None]:
    """(is a person name, gender of its given name) — pure functions of the name, cached."""
    return entities.is_person_name(full), entities.name_gender(full)


@lru_cache(maxsize=65536)
def _roles_of(raw: str) -> tuple[str, ...]:
    return tuple(entities.title_roles(raw))


@lru_cache(maxsize=65536)
def _mention_info(raw: str) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:
    """(name, name without possessive, gender, role nouns) of a raw capitalised mention, or
    Nones when no name is left; the same mentions recur, so cached."""
    nm, g = entities.strip_title(raw, gender=True, descriptions=True)
    if not nm:
        return None, None, None, ()
    return nm, _bare_name(nm), g, _roles_of(raw)


class _Names:
    """Named people mentioned in one article, in text order, for pronoun and role resolution."""

    def __init__(self):
        self.pos: list[int] = []
        self.names: list[str] = []
        self.gender: dict[str, str] = {}
        self.aliases = entities.AliasIndex(first=True)  # surname / partial name -> full name
        self.role: dict[str, str] = {}  # "president" -> the last person mentioned with that title

    def add(self, name: str, pos: int, gender: str | None = None):
        name = _bare_name(name)
        if name is not None:
            self._add_bare(name, pos, gender)

    def add_roles(self, raw: str, name: str):
        """Remember ``name`` under the titles written before it ("Gov. Mike Pence" → governor)."""
        self.add_role_nouns(_roles_of(raw), name)

    def add_role_nouns(self, roles, name: str):
        if roles:
            full = self.aliases.resolve(name)
            for r in roles:
                self.role[r] = full

    def add_mention(self, raw: str, pos: int):
        """A capitalised mention in running text: its name feeds pronoun and role resolution.

        The same steps as ``add`` then ``add_roles``, on the cached facts of the mention.
        """
        nm, name, gender, roles = _mention_info(raw)
        if nm is None:
            return
        if name is not None:
            self._add_bare(name, pos, gender)
        if roles:
            self.add_role_nouns(roles, nm)

    def _add_bare(self, name: str, pos: int, gender: str | None):
        full = self.aliases.add_resolve(name)
        person, given = _person_facts(full)
        known = self.gender
        if gender is None and full not in known:
            gender = given
        if gender:
            known[full] = gender
        if person or full in known:
            if not self.pos or pos >= self.pos[-1]:
                self.pos.append(pos)
                self.names.append(full)
            else:
                k = bisect.bisect_right(self.pos, pos)
                self.pos.insert(k, pos)
                self.names.insert(k, full)

    def antecedent(self, pos: int, gender: str | None, *, relative: bool = False) -> str | None:
        """The nearest earlier person of a compatible gender; ``relative``: the pronoun is inside a
        relative clause ("Trump, whom he called …"), so the name the clause hangs on is skipped."""
        k = bisect.bisect_left(self.pos, pos)
        if relative and k:
            k -= 1
        fallback = None
        for j in range(k - 1, max(-1, k - 40), -1):
            cand = self.names[j]
            g = self.gender.get(cand)
            if gender in ("m", "f"):
                if g == gender:
                    return cand
                if g is None and fallback is None:
                    fallback = cand
            else:
                return cand
        return fallback


# ---------------------------------------------------------------- attribution
def _named_apposition(text: str, m: re.Match) -> tuple[str, int, int]:
    """The speaker of match ``m`` as ``(text, start, end)``: the name when a description carries
    one in apposition ("a spokesman, Dan Ito, said" → Dan Ito), else the matched speaker."""
    spk, a, b = m.group("spk"), m.start("spk"), m.end("spk")
    if "," in text[b:m.start("cue")] and _patterns()["description"].fullmatch(spk):
        ap = _patterns()["named_appos"].match(text, b, m.start("cue"))
        if ap is not None and entities.mention_kind(ap.group("name")) == ("person", True):
            return ap.group("name"), ap.start("name"), ap.end("name")
    return spk, a, b


def _match_speaker(pre: str, post: str, pre_base: int, post_base: int):
    """Find ``(speaker_text, speaker_start, speaker_end, cue, cue_start, cue_end)`` or None."""
    pats = _patterns()
    for pat in pats["after"]:
        m = pat.match(post)
        if m and not _NOT_SPEAKER.search(m.group("spk")):
            spk, a, b = _named_apposition(post, m)
            return (spk, post_base + a, post_base + b,
                    m.group("cue"), post_base + m.start("cue"), post_base + m.end("cue"))
    best = None
    folded = None
    for pat, (needs, fold) in zip(pats["before"], pats["before_needs"]):
        if fold and folded is None:
            folded = pre.casefold()
        hay = folded if fold else pre
        if not any(map(hay.__contains__, needs)):
            continue
        for m in pat.finditer(pre):
            if (best is None or m.end() > best.end()) and not _NOT_SPEAKER.search(m.group("spk")):
                best = m
        if best is not None:
            break
    if best is not None:
        spk, a, b = _named_apposition(pre, best)
        return (spk, pre_base + a, pre_base + b,
                best.group("cue"), pre_base + best.start("cue"), pre_base + best.end("cue"))
    return None


def _subject(text: str, lo: int, hi: int):
    """The first clause subject in ``text[lo:hi]``: ``(match_text, start, end, verb)`` or None.

    A subject is a name, pronoun or source description followed (after an optional apposition
    or short prepositional phrase) by a finite verb and not preceded by a preposition — the
    "Trump" of "During a speech, Trump attacked Clinton ..., saying …".
    """
    for m in _patterns()["subject"].finditer(text, lo, hi):
        w = _WORD_BEFORE.search(text, max(lo, m.start() - 20), m.start())
        if w is not None and not w.group(2).strip():
            prev = w.group(1)
            if prev.lower() in _PREPOSITIONS:
                continue
            if prev[:1].islower() and prev not in _CONJUNCTIONS:
                continue  # the object of a verb, not a subject
        return m.group("spk"), m.start("spk"), m.end("spk"), m.group("verb")
    return None


def _not_subject(text: str, s0: int) -> bool:
    """True when the words right before ``text[s0]`` make the mention an object ("in his …")."""
    w = _WORD_BEFORE.search(text, max(0, s0 - 20), s0)
    return w is not None and not w.group(2).strip() and w.group(1).lower() in _PREPOSITIONS


_TAIL_OK = re.compile(r"^[\s\"”’,.!?…)]*(?:[^.!?“\"]{0,120}[.!?]?[\s\"”’)]*)?$")


def _ends_with_quote(text: str, qend: int) -> bool:
    """True when the paragraph ends with the quote at ``qend`` (plus at most its attribution)."""
    return bool(_TAIL_OK.match(text[qend:]))


# a "speaker" that ends in an infinitive marker or negation refused or failed to speak:
# "Her office refused to [say]", "The company declined to [comment]"
_NOT_SPEAKER = re.compile(r"\s(?:to|not|never)$")
_RELATIVE = re.compile(r"[\w’'.]\s*,\s*(?:whom|who)\s+$")


def _clean_speaker(raw: str, pos: int, names: _Names, before: str = ""):
    """Turn a raw speaker mention into (speaker, antecedent_or_None); ``before``: the text just before it."""
    raw = _TRAIL.sub("", raw)
    low = raw.lower()
    if low in _PRONOUNS:
        g = _PRONOUNS[low]
        if g in ("m", "f"):
            ante = names.antecedent(pos, g, relative=bool(_RELATIVE.search(before)))
            return ante, ante
        return None, None
    role = _patterns()["role"].match(raw)
    if role is not None and role.group("role") in names.role:
        ante = names.role[role.group("role")]
        return ante, ante
    name, gender = entities.strip_title(raw, gender=True, descriptions=True)
    if not name or entities.is_sentence_opener(name):
        return None, None
    if name != raw:
        names.add_roles(raw, name)
    full = names.aliases.resolve(name)
    names.add(full if len(full.split()) >= len(name.split()) else name, pos, gender)
    return full, None


_ABBR_BEFORE = re.compile(r"(?:^|[\s(])(?:[A-Z][a-z]{0,3}|[A-Za-z](?:\.[A-Za-z])*|[a-z]\.[a-z])$")


def _real_ends(text: str, lo: int, hi: int):
    """Sentence ends in ``text[lo:hi]``, skipping those after titles and initials (Sen., U.S.)."""
    for m in _SENT_END.finditer(text, lo, hi):
        if text[m.start()] == "." and _ABBR_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            continue
        yield m


def _sentence_start(text: str, upto: int, floor: int) -> int:
    """Start of the sentence containing ``upto`` (not before ``floor``)."""
    lo = max(floor, upto - 300)
    last = lo
    for m in _real_ends(text, lo, upto):
        last = m.end()
    return last


def _sentence_end(text: str, frm: int, ceil: int) -> int:
    hi = min(ceil, frm + 200)
    for m in _real_ends(text, frm, hi):
        return m.start() + 1
    return hi


def _is_title_of_work(text: str, qs: int, qe: int, content: str) -> bool:
    words = content.split()
    if not words or len(words) > 10:
        return False
    caps = sum(w[:1].isupper() or not w[:1].isalpha() for w in words)
    if caps < max(1, 0.6 * len(words)) or not words[0][:1].isupper():
        return False
    return bool(_patterns()["work"].search(text, max(0, qs - 30), qs))


def _article_quotes(aid, paras) -> list[dict]:
    """All quote rows of one article; ``paras`` = [(paragraph, text, base offset)]."""
    rows: list[dict] = []
    names = _Names()
    group = -1
    mention = _patterns()["mention"]
    cont = False  # the previous paragraph ended inside an open quote
    prev_tail = None
    prev_last = None
    all_marks = [_scan_marks(text) for _, text, _ in paras]
    # nothing after the last quote mark of the article can change a row: stop there
    last = max((i for i, m in enumerate(all_marks) if m), default=-1)
    for (pno, text, base), marks in zip(paras[:last + 1], all_marks):
        # mentions before each quote feed pronoun resolution
        mpos = 0
        prev_close = 0
        for qi, (o, c, at_start) in enumerate(marks):
            for mm in mention.finditer(text, mpos, o):
                names.add_mention(mm.group("spk"), base + mm.start())
            mpos = o
            cs = o + 1
            ce = c if c is not None else len(text)
            content = text[cs:ce]
            lead = len(content) - len(content.lstrip())
            content = content.strip()
            content = content.rstrip(" ,")
            if not content:
                continue
            qs, qe = cs + lead, cs + lead + len(content)
            if _is_title_of_work(text, o, c or ce, content):
                prev_close = (c + 1) if c is not None else len(text)
                continue
            continues = cont and at_start and qi == 0
            # attribution contexts
            pre_lo = _sentence_start(text, o, prev_close)
            pre = text[pre_lo:o]
            ptext, pbase = text, base
            if not pre.strip() and at_start and not continues and prev_tail is not None and prev_tail[0].rstrip().endswith(":"):
                ptext, pbase = prev_tail
                pre_lo = _sentence_start(ptext, len(ptext), 0)
                pre = ptext[pre_lo:]
            post_lo = (c + 1) if c is not None else len(text)
            nxt_open = marks[qi + 1][0] if qi + 1 < len(marks) else len(text)
            post_hi = min(nxt_open, _sentence_end(text, post_lo, nxt_open))
            post = text[post_lo:post_hi]
            nl_at = post.find("\n")
            if nl_at >= 0:  # a line break ends the attribution context: the next line is new text
                post = post[:nl_at]
            nwords = len(content.split())
            label = _LABEL.match(content) if (at_start or qi == 0) else None
            # a quotation closed by a full stop, followed by a capitalised word, ends its sentence:
            # what follows is a new sentence ("… neighborhood.” Russia insisted that …"), not the
            # attribution of this quote
            if content[-1:] == "." and not content.endswith("..") and _NEW_SENTENCE.match(post):
                post = ""
            hit = None if label else _match_speaker(pre, post, pre_lo, post_lo)
            hit_base = pbase if (hit is not None and ptext is not text and not any(p.match(post) for p in _patterns()["after"])) else base
            src = ptext if hit_base != base else text
            rule = None
            if hit is not None:
                rule = "after" if hit_base + hit[1] >= base + post_lo and hit_base == base else "before"
                if rule == "before" and (hit[3].endswith("ing") or _not_subject(src, hit[1]) or _BAD_END.search(hit[0])):
                    # "X attacked Y for …, saying “…”": the speaker is the clause subject
                    sub = _subject(src, pre_lo if hit_base == base else _sentence_start(src, hit[4], 0), hit[5])
                    if sub is not None:
                        hit = (sub[0], sub[1], sub[2]) + hit[3:]
                        rule = "subject"
                    elif _BAD_END.search(hit[0]):
                        hit, rule = None, None  # "a comment that described …": no speaker
            speaker = cue = None
            ev = []
            sp_s = sp_e = None
            split_of_prev = (bool(rows) and rows[-1]["paragraph"] == pno and pre.strip(" ,") and pre_lo == prev_close
                             and hit is not None and hit_base == base and prev_close <= hit[1] < o
                             and rows[-1]["speaker_start"] == base + hit[1])
            same_para = rows[-1] if rows and rows[-1]["paragraph"] == pno else None
            if label is not None:
                raw = label.group("spk")
                speaker, _ = _clean_speaker(raw.title(), base + qs, names)
                sp_s, sp_e, rule = base + qs, base + qs + len(raw), "label"
                ev.append({"text": raw, "start": sp_s, "end": sp_e, "role": "speaker"})
            elif hit is None and not continues and nwords > 3:
                # no pattern: the subject of a speech clause earlier in the same sentence …
                sv = _patterns()["speech"].search(pre)
                sub = _subject(text, pre_lo, pre_lo + sv.end()) if sv is not None else None
                if sub is not None:
                    hit = (sub[0], sub[1], sub[2], sv.group(), pre_lo + sv.start(), pre_lo + sv.end())
                    rule = "subject"
            if hit is not None:
                raw, s0, s1, cue, c0, c1 = hit
                speaker, ante = _clean_speaker(raw, hit_base + s0, names, src[max(0, s0 - 40):s0])
                sp_s, sp_e = hit_base + s0, hit_base + s1
                ev.append({"text": cue, "start": hit_base + c0, "end": hit_base + c1, "role": "cue"})
                ev.append({"text": src[s0:s1], "start": sp_s, "end": sp_e, "role": "speaker"})
                if ante is not None:
                    ev.append({"text": ante, "start": None, "end": None, "role": "antecedent"})
                if speaker is not None and entities.is_person_name(speaker):
                    names.add(speaker, hit_base + s0)
            elif continues and rows and label is None:
                speaker, cue, rule = rows[-1]["speaker"], rows[-1]["cue"], "continued"
                sp_s, sp_e = rows[-1]["speaker_start"], rows[-1]["speaker_end"]
            elif label is None and nwords > 3:
                # … or the speaker of the quote just before it: in the same paragraph, or at the
                # end of the previous one when this paragraph opens with the quote
                carry = same_para if same_para is not None else (prev_last if at_start and not pre.strip() else None)
                if carry is not None and carry["speaker"] is not None:
                    speaker, cue = carry["speaker"], carry["cue"]
                    sp_s, sp_e = carry["speaker_start"], carry["speaker_end"]
                    rule = "same_paragraph" if carry is same_para else "previous_paragraph"
                    ev.append({"text": speaker, "start": sp_s, "end": sp_e, "role": "carried"})
            if nwords <= 3 and hit is None and label is None and not continues:
                prev_close = post_lo
                continue  # scare quote
            # kind
            before = text[pre_lo:o].rstrip()
            partial = content[:1].islower() and not continues and (nwords <= 3 or not before or before[-1] not in ",:—–-")
            kind = "partial" if partial else "direct"
            if (continues and label is None) or (split_of_prev and rows[-1]["speaker"] == speaker) or rule == "same_paragraph":
                pass
            else:
                group += 1
            rows.append({
                "article_id": aid, "paragraph": pno, "group": group, "kind": kind,
                "quote": content, "speaker": speaker, "cue": cue,
                "start": base + qs, "end": base + qe,
                "speaker_start": sp_s, "speaker_end": sp_e, "rule": rule,
                "evidence": ev,
            })
            prev_close = post_lo
        # remaining mentions of the paragraph (they feed the next paragraphs' quotes)
        if marks is not all_marks[last]:
            for mm in mention.finditer(text, mpos):
                names.add_mention(mm.group("spk"), base + mm.start())
        cont = bool(marks) and marks[-1][1] is None
        prev_tail = (text, base)
        prev_last = rows[-1] if rows and rows[-1]["paragraph"] == pno and _ends_with_quote(text, rows[-1]["end"] - base) else None
    # a continued quote that found its speaker only in a later piece gives it to earlier pieces
    by_group: dict[int, tuple] = {}
    for r in rows:
        if r["speaker"] is not None and r["group"] not in by_group:
            by_group[r["group"]] = (r["speaker"], r["cue"])
    for r in rows:
        if r["speaker"] is None and r["group"] in by_group:
            r["speaker"], r["cue"] = by_group[r["group"]]
    return rows


def _quote_rows(paras: pd.DataFrame) -> list[dict]:
    """Quote rows (dicts) of paragraph units, article by article: the one pass both measures use."""
    rows: list[dict] = []
    if not len(paras):
        return rows
    current, buf = None, []
    for aid, pno, text, base in zip(paras["article_id"], paras["paragraph"], paras["text"], paras["start"]):
        if aid != current and buf:
            rows.extend(_article_quotes(current, buf))
            buf = []
        current = aid
        buf.append((int(pno), text, int(base)))
    if buf:
        rows.extend(_article_quotes(current, buf))
    return rows


def _paragraph_units(data) -> pd.DataFrame:
    df = as_texts(data)
    return units(df, "sentence" if input_kind(df) == "sentences" else "paragraph")


# ---------------------------------------------------------------- public
@register("quotes")
def quotes(data) -> pd.DataFrame:
    """One row per direct quote, with its speaker and speech cue.

    Parameters
    ----------
    data : DataFrame, list of str or str
        Articles (``nl.load()``), paragraphs, sentences, any table with ``text``, or strings.

    Returns
    -------
    DataFrame
        ``article_id, paragraph, group, kind, quote, speaker, cue, start, end, speaker_start,
        speaker_end, evidence``.  ``quote`` is the text inside the marks (trailing comma
        dropped); ``start``/``end`` are its offsets into the article text, ``speaker_start`` /
        ``speaker_end`` those of the speaker mention (a pronoun stays a pronoun there; the
        resolved name is in ``speaker``).  ``kind`` is ``"direct"`` or ``"partial"`` (a
        fragment inside a sentence, or an attributed 1–3 word quote).  Pieces of one quotation
        (split by its speech verb, or continued over paragraphs) share ``group``.
        ``rule`` names how the speaker was found: ``after``, ``before``, ``subject``, ``label``,
        ``continued``, ``same_paragraph``, ``previous_paragraph`` or None.
        ``evidence`` lists ``{text, start, end, role}`` for the cue, the speaker mention, for a
        pronoun or role description the antecedent (``start``/``end`` None), and for a carried
        speaker the earlier mention (role ``carried``).

    Examples
    --------
    >>> import newslens as nl
    >>> q = nl.quotes(["“We will rebuild,” Sen. Ruth Kamau, a Democrat from Ohio, said."])
    >>> q[["quote", "speaker", "cue"]].values.tolist()
    [['We will rebuild', 'Ruth Kamau', 'said']]
    """
    paras = _paragraph_units(data)
    out = pd.DataFrame(_quote_rows(paras), columns=QUOTE_COLUMNS)
    out = out.astype({"group": "int64", "start": "int64", "end": "int64"})
    for col in ("speaker", "cue"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    out["speaker_start"] = out["speaker_start"].astype("Int64")
    out["speaker_end"] = out["speaker_end"].astype("Int64")
    lex = _lexicon()
    return provenance(out, measure="quotes", method="rules", level="paragraph",
                      resources={lex["name"]: lex["version"]})


_ACCORDING = re.compile(r"according\s+to\s+", re.I)


def _anon_spans(text: str):
    """``(description, start, end)`` of anonymous sources; "according to" is the cue, not the source."""
    folded = text.casefold()
    for pat, requires in _patterns()["anonymous"]:
        if not any(map(folded.__contains__, requires)):
            continue
        for m in pat.finditer(text):
            a, b = m.start(), m.end()
            lead = _ACCORDING.match(text, a, b)
            if lead is not None:
                a = lead.end()
            desc = text[a:b]
            stripped = desc.strip(" ,")
            a += len(desc) - len(desc.lstrip(" ,"))
            yield stripped, a, a + len(stripped)


class _Disjoint:
    """Disjoint character spans kept sorted, so an overlap test costs O(log n), not O(n)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self.starts, b) - 1  # the last span starting before b reaches furthest
        return i >= 0 and self.ends[i] > a

    def add(self, a: int, b: int) -> None:
        i = bisect.bisect_left(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)


def _join_surnames(table: dict) -> None:
    """Fold a surname-only person source ("Ito told …") into the one full-named source of the
    same article that ends with it ("Dan Ito"), so a person is counted once; a surname shared
    by two full names stays apart."""
    full: dict = {}
    for (aid, name), e in table.items():
        if e["kind"] == "person" and e["named"] and len(name.split()) > 1:
            full.setdefault((aid, name.split()[-1]), []).append(name)
    for key in [k for k, e in table.items() if e["kind"] == "person" and e["named"] and " " not in k[1]]:
        owners = full.get(key, [])
        if len(owners) == 1:
            e = table.pop(key)
            into = table[(key[0], owners[0])]
            into["_groups"] |= e["_groups"]
            into["n_quotes"] = len(into["_groups"])
            into["n_attributions"] += e["n_attributions"]
            into["evidence"] += e["evidence"]


@register("sources")
def sources(data) -> pd.DataFrame:
    """Per article, who is quoted or credited: named people, organisations and anonymous sources.

    Parameters
    ----------
    data : DataFrame, list of str or str
        As for :func:`quotes`.

    Returns
    -------
    DataFrame
        ``article_id, source, kind, named, n_quotes, n_attributions, evidence`` — one row per
        source and article.  ``kind`` is ``"person"``, ``"organization"`` or ``"anonymous"``;
        ``named`` is False for anonymous sources and generic descriptions ("officials", "a
        source familiar with the matter").  ``n_quotes`` counts direct quotations (pieces of one
        quotation count once); ``n_attributions`` counts reported speech outside quote marks
        ("said that", "according to", "told", "said in a statement", "announced").
        ``evidence`` lists ``{text, start, end, role, cue}`` with role ``quote``,
        ``attribution`` or ``anonymous``.

    Examples
    --------
    >>> import newslens as nl
    >>> s = nl.sources(["Officials said the bridge would reopen. “It is safe,” Mayor Ana Ruiz said."])
    >>> sorted(s["source"])
    ['Ana Ruiz', 'officials']
    """
    paras = _paragraph_units(data)
    qrows = _quote_rows(paras)  # one pass: the quotes are not recomputed through quotes()
    pats = _patterns()
    table: dict[tuple, dict] = {}

    def entry(aid, name, kind):
        key = (aid, name)
        if key not in table:
            table[key] = {"article_id": aid, "source": name, "kind": kind[0], "named": kind[1],
                          "n_quotes": 0, "n_attributions": 0, "evidence": [], "_groups": set()}
        return table[key]

    qspans: dict = {}  # quote and speaker spans per article: reported speech is looked for outside them
    for r in qrows:
        aid, spk, qs, qe, s0 = r["article_id"], r["speaker"], r["start"], r["end"], r["speaker_start"]
        spans = qspans.setdefault(aid, [])
        spans.append((qs - 1, qe + 1))
        if s0 is not None:
            spans.append((s0, r["speaker_end"]))
        if not isinstance(spk, str):
            continue
        e = entry(aid, spk, entities.mention_kind(spk))
        if r["group"] not in e["_groups"]:
            e["_groups"].add(r["group"])
            e["n_quotes"] += 1
        e["evidence"].append({"text": r["quote"], "start": qs, "end": qe, "role": "quote", "cue": r["cue"]})

    # reported speech and anonymous sourcing, outside quote marks
    for v in qspans.values():
        v.sort()
    names_by_article: dict = {}
    for aid, text, base in zip(paras["article_id"], paras["text"], paras["start"]):
        base = int(base)
        spans = qspans.get(aid, [])
        starts = [s for s, _ in spans]

        def inside(pos, _spans=spans, _starts=starts):
            k = bisect.bisect_right(_starts, pos) - 1
            return k >= 0 and _spans[k][0] <= pos < _spans[k][1]

        names = names_by_article.setdefault(aid, _Names())
        taken = _Disjoint()
        for desc, a, b in _anon_spans(text):
            if inside(base + a) or taken.overlaps(a, b):
                continue
            taken.add(a, b)
            first = desc.split()[0]
            label = desc[0].lower() + desc[1:] if not (len(first) > 1 and first.isupper()) else desc
            e = entry(aid, label, ("anonymous", False))
            e["n_attributions"] += 1
            e["evidence"].append({"text": desc, "start": base + a, "end": base + b, "role": "anonymous", "cue": None})
        reported = []
        if pats["reported_cue"].search(text):
            reported.append(pats["reported"])
        if "ccording" in text:
            reported.append(pats["according"])
        for pat in reported:
            for m in pat.finditer(text):
                a, b = m.start("spk"), m.end("spk")
                if inside(base + a) or taken.overlaps(a, b):
                    continue
                # skip reported speech that introduces a direct quote (counted as a quote)
                after = text[m.end():m.end() + 3].lstrip(" ,:")
                if after[:1] in "\"“‘":
                    continue
                raw, n0, _ = _named_apposition(text, m)
                if n0 != a and inside(base + n0):  # the apposition names a quote's speaker
                    continue
                spk, _ = _clean_speaker(raw, base + n0, names)
                if not spk:
                    continue
                taken.add(a, b)
                kind = entities.mention_kind(spk)
                e = entry(aid, spk if kind[1] else spk[0].lower() + spk[1:], kind)
                e["n_attributions"] += 1
                e["evidence"].append({"text": m.group(), "start": base + m.start(), "end": base + m.end(),
                                      "role": "attribution", "cue": m.group("cue")})
    # a capitalised source taken for a person may be shown by its article to be an organisation
    # ("Northgate said …" with "Northgate Paper Co." elsewhere; "the utility Calder Power said")
    texts: dict | None = None
    known = None
    prefixes: dict = {}
    for e in table.values():
        if e["kind"] == "person" and e["named"] and entities.name_gender(e["source"]) is None:
            if texts is None:
                by_article: dict = {}
                for aid, text in zip(paras["article_id"], paras["text"]):
                    by_article.setdefault(aid, []).append(text)
                known = entities.organization_prefixes(t for ts in by_article.values() for t in ts)
                texts = {aid: "\n\n".join(ts) for aid, ts in by_article.items()}
            aid = e["article_id"]
            text = texts.get(aid, "")
            if aid not in prefixes:
                prefixes[aid] = entities.organization_prefixes([text])
            if entities.organization_in_context(e["source"], text, known=known, prefixes=prefixes[aid]):
                e["kind"] = "organization"
    _join_surnames(table)
    rows = []
    for e in table.values():
        e.pop("_groups")
        e["evidence"].sort(key=lambda d: (d["start"] is None, d["start"] or 0))
        rows.append(e)
    out = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    out = out.astype({"named": "bool", "n_quotes": "int64", "n_attributions": "int64"})
    lex = _lexicon()
    return provenance(out, measure="sources", method="rules", level="article",
                      resources={lex["name"]: lex["version"]})
