"""Who is quoted, saying what: direct, reported, mixed and floating quotations, and the sources
an article relies on.

``quotes(data)`` finds every attribution of speech or writing and who made it; ``sources(data)``
lists, per article, the people, organisations and anonymous sources credited with them, so
"Marian Hale", "Hale", "the governor" and "she" count as one source.

How it works (all rules, no model).  Each article is parsed once by
:func:`newslens.entities.parse` (paragraphs, sentences, quotation marks, and every name, role
noun, spokesperson and pronoun resolved to its entity); the steps of :data:`QUOTE_PIPELINE` then
read that parse in order:

``quotations``     a linear scan pairs quotation marks paragraph by paragraph (straight, curly,
                   single curly, two apostrophes); a paragraph that opens a quotation and never
                   closes it continues into the next one that opens with a mark.  Titles of
                   works ("the film “…”") are not quotations.
``attribution``    each quotation's speech cue from its own sentence (after the closing mark:
                   "“…,” X said" / "said X"; before it: "X said: “…”", "according to X"), or a
                   transcript label ("PENCE: …", "Matthews: …" in a dialogue, an interview's
                   "Q:" and "A:"); the speaker noun phrase at the cue is read as
                   for reported speech (``speaker_at_cue``).
``carried``        a quotation without a speaker of its own takes the speaker of the quotation
                   it continues, or of the quotation before it in the paragraph, or — opening a
                   paragraph after one that ended with a quotation — of that one (floating);
                   unattributed quotes of 1–3 words are scare quotes and dropped.
``reported``       reported speech without quotation marks, every speech cue of every sentence
                   (:mod:`newslens.measures._reported`: "X said (that) …", "…, X said.", "according
                   to X, …", "…, warning that …", "As the paper noted, …"), and a headline that
                   opens with a name and a colon ("Lynch: No outside influence on FBI probe");
                   a content holding a quoted fragment is ``mixed``.
``after_reported`` a quotation opening a paragraph with no speaker of its own, after a paragraph
                   that ends with reported speech, is that speaker's (floating).
``block``          a paragraph after one that ends with a speech verb and a colon ("The governor
                   added:") and holds no one else's quotation is that speaker's: a block quotation
                   whose marks went with the page's layout (floating).
``kinds``          direct, indirect, mixed or floating.
``speaker_names``  the speaker mention resolved through the parse: the entity its head refers to
                   (pronouns, surnames, role nouns, "a spokesman for X"), or the description
                   itself for an unnamed source ("a person familiar with the talks"), typed
                   person, organisation or anonymous.

Speed: the parse and the reported-speech windows cost about the same; only sentences with a
speech cue are read word by word, and every step is linear in the length of the article.
"""
from __future__ import annotations

import bisect
import itertools
import re
import threading
from collections import Counter, OrderedDict
from functools import lru_cache

import pandas as pd

from .. import entities
from . import _reported, register
from ..files import read_lexicon_json
from ._base import input_kind, as_texts, provenance, units

__all__ = ["quotes", "sources", "QUOTE_COLUMNS", "SOURCE_COLUMNS", "KINDS", "SOURCE_TYPES", "QUOTE_PIPELINE"]

QUOTE_COLUMNS = [
    "article_id", "paragraph", "group", "kind", "quote", "speaker", "speaker_name", "speaker_type", "cue", "start",
    "end", "speaker_start", "speaker_end", "rule", "evidence",
]
SOURCE_COLUMNS = ["article_id", "source", "type", "named", "n_quotes", "n_direct", "n_indirect", "n_attributions",
                  "paragraph", "evidence"]
KINDS = ("direct", "indirect", "mixed", "floating")
SOURCE_TYPES = ("person", "organisation", "anonymous")
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
    # … and a statement announced before its words: "Sanders made the following comment: “…”"
    pverb = rf"(?:{_alt(lex['speech_verbs'] + lex['partial_verbs'] + lex['statement_cues'])})"
    cue_obj = rf"(?:\s+(?:{_alt(lex['cue_objects'])}))?"
    cap = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w'’\-]*\.?)"
    conn = r"(?:de|da|del|der|van|von|bin|al|di|la|le|du|of)"
    nick = rf"(?:\s+(?:\"{entities._NICKNAME_WORD}\"|“{entities._NICKNAME_WORD}”)(?=\s+[A-Z]))?"  # 'Robert C. "Bobby" Scott'
    name = rf"(?:(?:[Tt]he\s+)?{cap}{nick}(?:\s+(?:{conn}\s+)?{cap}{nick}){{0,6}})"
    noun = rf"(?:{_alt(lex['source_nouns'])})"
    det = r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ther|[Aa]nother|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Mm]y|[Oo]ur|[Yy]our)"
    # words before the noun: no sentence end inside ("the plan failed. A spokesman" is not one)
    word = r"(?:[\w'’\-]+|(?:[A-Za-z]\.){2,}|[A-Z][a-z]{0,3}\.)"
    familiar = r"(?:\s+(?:familiar\s+with|close\s+to|briefed\s+on)\s+(?:(?:the|a|an|his|her|their|its)\s+)?[\w\-]+)"
    desc = rf"(?:{det}\s+(?:{word}\s+){{0,4}}?{noun}\b(?:\s+(?:of|for|at|with|in|to)\s+(?:the\s+)?{cap}(?:\s+{cap}){{0,4}}|{familiar})?)"
    # a demonstrative opens a description right before a source noun ("this governor", "that same
    # official") or, plural, a plural noun ("those three inspectors"); not "that is what officials"
    mod = r"(?:(?!(?:the|an?|his|her|their|its|our|my|your)\s)[a-z][\w\-]*\s+)?"  # not "that [the] person"
    dem = (rf"(?:(?:[Tt]his|[Tt]hat)\s+(?:same\s+)?{mod}{noun}\b"
           rf"|(?:[Tt]hese|[Tt]hose)\s+(?:same\s+)?{mod}[a-z][\w\-]*[^\Ws]s\b)")
    desc = rf"(?:{desc}|{dem})"
    bare = (rf"(?:(?:{cap}\s+){{0,3}}(?i:officials|sources|aides|analysts|experts|critics|police|authorities|prosecutors|investigators|residents|witnesses|diplomats|lawmakers|economists|observers|insiders)"
            rf"(?:\s+(?:in|at|from)\s+(?:the\s+)?{cap}(?:\s+{cap}){{0,2}})?)")
    pron = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)"
    other = r"(?:[Aa]nother)"  # alone, after every longer reading: one more of the people just quoted
    paren = r"(?:\s*\([^()]{1,30}\))?"
    gdet = rf"(?:{det}\s+(?:[\w'’\-]+\s+){{0,3}}[\w'’\-]+(?=\s*[,.;]|\s*$))"
    gpre = rf"(?:{det}\s+(?:[\w'’.\-]+\s+){{0,2}}[a-z][\w'’\-]*)"
    poss = rf"(?:{cap}(?:\s+{cap}){{0,3}}['’]s\s+(?:[\w\-]+\s+){{0,3}}[a-z][\w\-]*)"
    spk = rf"(?<![\w’'])(?P<spk>{pron}|{desc}|{bare}|{name}|{other}){paren}"
    spk_pre = rf"(?<![\w’'])(?P<spk>{pron}|{desc}|{bare}|{poss}|{name}|{gpre}|{other}){paren}"
    appos = r"(?:,\s*[^,“”\"‘.;:]{1,80},)?"
    adv = r"(?:\s+(?:\w+ly|also|later|then|once|often|previously|further|again|even|still|just|now|had|has|have|would|will|was|is|did|does|on\s+[A-Z][a-z]+day))?"
    lead = r"^[\s,.;:!?…—–\-]*"
    # anchored right after a closing quote mark
    after_vs = re.compile(rf"{lead}(?P<cue>{verb}{cue_obj})\s+(?P<spk>{pron}|{desc}|{bare}|{name}|{gdet}|{other})(?![\w’'])")
    # a name after lower-case or numeric modifiers, closing the clause: "said 9/11 widow Terry
    # Strada.", "said longtime adviser Kellyanne Conway, who …", "said former governor Howard Dean
    # (D), a …" (the name is the speaker)
    after_vs_mod = re.compile(rf"{lead}(?P<cue>{verb}{cue_obj})\s+(?:[a-z0-9][\w/'’\-]*\s+)(?:[\w/'’.\-]+\s+){{0,3}}?(?P<spk>{name})(?={paren}\s*(?:[,.;!?]|$))")
    # a loose noun phrase right before the verb is safe when anchored at the quote mark ("federal
    # prosecutors wrote")
    np_generic = rf"(?P<spk>{pron}|{dem}|{det}\s+(?:[\w'’.\-]+\s+){{0,5}}?[\w'’.\-]+|(?:[a-z][\w\-]*\s+){{0,2}}{bare}|{poss}|(?:{cap}\s+|[a-z][\w\-]*\s+){{0,4}}{name}|{other}){paren}"
    # up to three appositions closed by a single comma ("X, the attorney general of Oklahoma, one of
    # the states suing, said"; "Rosa Delgado, 71, a retired teacher in Bayview, Ohio, said"): the
    # closing comma of one is the opening one of the next
    appos2 = r"(?:(?:,\s*[^,“”\"‘;:]{1,120}){1,3},)?"
    # a restrictive relative clause may stand between them ("two officials [who spoke on condition of
    # anonymity] said"); the speaker noun phrase is read at the cue (_reported.speaker_at_cue)
    rel = r"(?:\s+who\s+[^,“”\"‘.;:!?]{1,80}?)?"
    after_sv = re.compile(rf"{lead}{np_generic}{rel}{appos2}{adv}\s+(?P<cue>{verb}{cue_obj})\b")
    # the quote ends inside its sentence, whose main clause closes it: "“…” for criminal
    # behavior, she said."
    after_tail = re.compile(rf"^\s*[^.!?“”\"‘’\n]{{1,80}}?,\s+(?P<spk>{pron}|{desc}|{name}){adv}\s+(?P<cue>{verb})\s*[.!?]?\s*$")
    # … and the verb before its subject: "“…” for Clinton, said Kunin."
    after_tail_vs = re.compile(rf"^\s*[^.!?“”\"‘’\n]{{1,80}}?,\s+(?P<cue>{verb})\s+(?P<spk>{pron}|{desc}|{name})\s*[.!?]?\s*$")
    after_acc = re.compile(rf"{lead}(?P<cue>according\s+to)\s+{spk}")
    after_dash = re.compile(rf"^[\s,.]*(?P<cue>[―—–])\s*(?P<spk>{name})\s*[.,]?\s*$")
    # … a verb coordinated before the cue: "Ms. Sherry smiled and said, “…”"
    before_sv = re.compile(rf"{spk_pre}{appos}{adv}(?:\s+[a-z]+ed\s+and)?\s+(?P<cue>{pverb}{cue_obj})\b")
    before_acc = re.compile(rf"(?P<cue>[Aa]ccording\s+to)\s+{spk}")
    # … with a relative clause about the speaker ("Said Dora Poynter, who grew up with her, “…”")
    before_vs = re.compile(rf"(?P<cue>(?i:{verb}){cue_obj})\s+{spk}(?:,\s*who\s[^,“”\"‘’:;.!?]{{1,100}}(?=,))?\s*[,:]?\s*$")
    # … and a name after words that describe the person, closed by a comma or a colon ("explained
    # CBS moderator Nancy Cordes: “…”")
    before_vs_mod = re.compile(rf"(?<![\w’'])(?P<cue>{verb}{cue_obj})\s+(?:[\w/'’.\-]+\s+){{1,3}}?(?P<spk>{name}){paren}\s*[,:]\s*$")
    # a name and a colon opening the sentence, as in headlines and debate excerpts: "Kasich: ‘We
    # Are Going …’", "Gillibrand on the speeches: ‘I Think She Will.’", "Bush: “The mission is …”"
    # … also after a digest's heading and a dash, or "More from": "POLLS NOT WRONG - Michael P.
    # McDonald: “…”", "- More from Jones: “…”"
    before_label = re.compile(rf"^(?:[^\n]*?\s[-–—]\s*+(?:[Mm]ore\s+from\s+)?|[\s\-–—]*+[Mm]ore\s+from\s+)?[\s.…]*+(?P<spk>{name})(?:\s+(?:on|about|to)\s+[^:“”\"‘’\n]{{1,100}}?)?\s*(?P<cue>:)[^:\n]*$")
    # a title after its kind ("the book “…”"), after "on" or "of" ("on “Meet the Press,”", "a broadcast
    # of “Fox News Sunday,”") or after a possessive ("CBS's “Face the Nation,”")
    work = re.compile(rf"(?:\b(?:{_alt(lex['work_nouns'])})\s*,?|(?<![\w'’])(?:on|of)|[\w.&\-]['’]s)\s*$", re.I)
    return {
        "after": (after_vs, after_vs_mod, after_sv, after_acc, after_dash, after_tail, after_tail_vs),
        "before": (before_acc, before_sv, before_vs, before_vs_mod, before_label),
        # per "before" pattern: strings one of which it cannot match without, and whether they
        # are tested on the case-folded text (a substring test is far cheaper than the scan)
        "before_needs": ((("ccording",), False),
                         (_cores(lex["speech_verbs"] + lex["partial_verbs"] + lex["statement_cues"]), False),
                         (_cores(w.casefold() for w in lex["speech_verbs"]), True),
                         (_cores(lex["speech_verbs"]), False),
                         ((":",), False)),
        "work": work,
        # a sentence of a name and a verb of saying only: "“… missing.” Trump said." attributes the
        # quote that ends before it (anchored at the closing quote mark)
        "said_alone": re.compile(rf"^\s*(?:{pron}|{name})\s+(?:{verb})\s*[.!?]"),
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
# a "speaker" cut off before its clause or noun: "a comment that [described]", "the rest of the
# [states]", "his list by [saying]", "Kasich's speech was [interrupted]" (a passive)
_BAD_END = re.compile(r"\s(?:who|that|which|and|or|but|the|a|an|of|in|on|at|with|from|by|for|was|is|were|are|been)$")
_PERFECT = re.compile(r"(?<!\s)\s++(?:has|have|had)(?:\s++[a-z]+ly)?$")  # "has", "has repeatedly"
def _subject_of_content(post: str, m: re.Match) -> bool:
    """Whether the phrase after a finite speech verb is the subject of what was said, a verb right
    after it ("…,'' said [the candidate] could be …"), not a speaker written after the verb.  (A
    participle's phrase is read elsewhere: "“…,” saying the council had …" is the subject's.)"""
    if m.start("cue") > m.start("spk") or m.group("cue").split()[0].endswith("ing"):
        return False
    if m.group("spk").lower() in _PRONOUNS:  # "…,” said he doesn’t believe …": a pronoun before any
        return _LOWER_NEXT.match(post, m.end("spk")) is not None  # lower-case word opens the clause
    return _VERB_NEXT.match(post, m.end("spk")) is not None


_VERB_NEXT = re.compile(r"(?<!\s)\s++(?:could|would|will|should|might|may|must|can|cannot|is|was|are|were|has|had|have|did|does)"
                        r"(?:n['’]t)?(?![\w'’\-])")
_LOWER_NEXT = re.compile(r"(?<!\s)\s++[a-z]")  # (?<!\s): read at a phrase's end, one try per space run
_CONJUNCTIONS = frozenset({"and", "but", "so", "then", "while", "as", "when", "yet", "or", "because", "although"})


# ---------------------------------------------------------------- quote marks
_SENT_END = re.compile(r"[.!?…][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "o", "i": None, "we": None}
_readable_quote_marks = entities.readable_quote_marks
_scan_marks = entities.quote_marks


# ---------------------------------------------------------------- names
_TRAIL = re.compile(r"(?<![\s,;:])[\s,;:]++$")


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
        if m and not _refused(m.group("spk")) and not _subject_of_content(post, m):
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
            if (best is None or m.end() > best.end()) and not _refused(m.group("spk"), pre, m.start("spk")):
                best = m
        if best is not None:
            break
    if best is not None:
        spk, a, b = _named_apposition(pre, best)
        perfect = _PERFECT.search(spk)
        if perfect is not None:  # "Blake's family [has] called": the auxiliary is no part of the speaker
            spk, b = spk[:perfect.start()], a + perfect.start()
        return (spk, pre_base + a, pre_base + b,
                best.group("cue"), pre_base + best.start("cue"), pre_base + best.end("cue"))
    return None


_WHO_BEFORE = re.compile(r"(?<![\w'’])who\s++(?:(?:has|had|have|also|then|later|once|long|repeatedly|often)\s++){0,2}$")
_BE_BEFORE = re.compile(r"(?<![\w'’])(?:is|was|are|were|been|being|be)\s++(?:[a-z]+ly\s++)?$")
_AGENT_LEAD = re.compile(r"(?<!\s)\s++by\s++(?:[\w.'’\-]++\s++){0,2}")  # "by [host] Bill Maher", "by [Mayor] Tom Reyes"
_TITLE_GAP = re.compile(r"(?<!\s)\s++[a-z]++\s++")
_BY = re.compile(r"(?<!\s)\s++by\s++(?!(?:[a-z]+\s+)?[a-z]+ing\b)")  # a passive: "proclaimed [by] George Wallace"; not "responded by (first) saying"
_TO_BEFORE = re.compile(r"(?<![\w'’])to\s++$")  # "…, to [state]": an infinitive, not a finite speech verb
# where a clause subject may start: the text's start, punctuation or a word that opens a clause
# (_reported._OPENERS: "and", "because", "although" …; not "which [examines] …"); searched in the 16
# characters before it ("^" matches only at the text's real start)
_CLAUSE_EDGE = re.compile(r"(?:^|[.!?,;:—–(“”\"]|(?<![\w'’])(?:" + "|".join(sorted(_reported._OPENERS)) + r"))\s*+$")


def _subject(text: str, lo: int, hi: int):
    """The first clause subject in ``text[lo:hi]``: ``(match_text, start, end, verb)`` or None.

    A subject is a name, pronoun or source description followed (after an optional apposition
    or short prepositional phrase) by a finite verb and not preceded by a preposition — the
    "Trump" of "During a speech, Trump attacked Clinton ..., saying …".
    """
    for m in _patterns()["subject"].finditer(text, lo, hi):
        if _refused(m.group("spk"), text, m.start("spk")) or _cut_off(m.group("spk")):
            continue
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


def _refused(spk: str, text: str | None = None, at: int = 0) -> bool:
    """No speaker: a phrase that refused to speak (:data:`_NOT_SPEAKER`); with ``text``, also one
    word opening the sentence at ``text[at]`` that opens a clause or a phrase instead — "[When]
    asked whom she supported, Ms. Sherry said", "[In] declaring …", "[So] says a voice"
    (mid-sentence, a capitalised "Will" or "From" is a surname)."""
    if _NOT_SPEAKER.search(spk):
        return True
    word = spk.strip()
    if text is None or " " in word or not _opens_sentence(text, at):
        return False
    w = _reported._words()
    low = word.lower()
    return low not in w["pronouns"] and low != "another" and (low in w["stop"] or low in _PREPOSITIONS or low in ("the", "a", "an"))


def _cut_off(spk: str) -> bool:
    """A "speaker" cut off before its clause or noun (:data:`_BAD_END`), or a time ("this past
    [week]", "last [month]"; "Some" and "Several" do speak)."""
    if _BAD_END.search(spk):
        return True
    w = _reported._words()
    words = spk.lower().split()
    return any(x in w["times"] for x in words) and all(x in w["times"] or x in w["determiners"] for x in words)


def _names_a_person(doc, name: str) -> bool:
    """Is ``name``, written before a colon, a person: a full name, or the surname of a person the
    article names — not a label ("Update", "Watch", "Editor's note") nor a dateline in capitals?"""
    words = name.split()
    if name.isupper() or any(w in _reported._words()["function"] for w in words):
        return False
    if 1 < len(words) <= 3 and entities.is_person_name(name):
        return True
    full = doc.surname_of(words[-1])  # "Kasich", "McCain Challenger Kelli Ward": a person named elsewhere
    return full is not None and full != name and len(full.split()) <= 3


def _opens_sentence(text: str, at: int) -> bool:
    """Is ``text[at]`` the first word of a sentence (or of the text)?"""
    before = text[max(0, at - 10):at].rstrip(" \t").rstrip("\"“‘'(").rstrip(" \t")
    return not before or before[-1] in ".!?…:\n"


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


# ---------------------------------------------------------------- one article, step by step
# The steps of QUOTE_PIPELINE run in this order over one article's parsed representation
# (newslens.entities.parse: sentences, mentions and their referents), each adding to the rows.
QUOTE_PIPELINE = ("quotations", "attribution", "carried", "reported", "after_reported", "block", "kinds", "speaker_names")


class _Quotes:
    """The state one article's steps share: its text, its parse, quote candidates and rows."""

    def __init__(self, aid, paras):
        self.aid = aid
        self.paras = [(p, _readable_quote_marks(t), b) for p, t, b in paras]  # [(paragraph, text, base offset)]
        paras = self.paras
        self.doc = entities.parse(_article_text(paras), paragraphs=[(b, b + len(t)) for _, t, b in paras])
        self.cands: list[dict] = []
        self.rows: list[dict] = []


def _article_text(paras) -> str:
    """The article text rebuilt from its paragraphs at their offsets (gaps become line breaks)."""
    out, pos = [], 0
    for _, text, base in paras:
        if base > pos:
            out.append("\n" * (base - pos))
            pos = base
        elif base < pos:  # overlapping units (a sentences table without offsets): keep reading order
            continue
        out.append(text)
        pos += len(text)
    return "".join(out)


def _step_quotations(ctx: _Quotes) -> None:
    """Pair quote marks paragraph by paragraph and gather each quotation's context: the words
    before it in its sentence and after it up to the next quotation or sentence end."""
    cont = False  # the previous paragraph ended inside an open quote
    prev_text = None
    for pno, text, base in ctx.paras:
        # the marks of a nickname inside a name ('Robert C. "Bobby" Scott') quote no one
        marks = [m for m in _scan_marks(text) if not entities.nickname_marks(text, m[0], m[1])]
        prev_close = 0
        for qi, (o, c, at_start) in enumerate(marks):
            ce = c if c is not None else len(text)
            raw = text[o + 1:ce]
            content = raw.strip().rstrip(" ,")
            post_lo = (c + 1) if c is not None else len(text)
            if not content:
                continue
            lead = len(raw) - len(raw.lstrip())
            qs, qe = o + 1 + lead, o + 1 + lead + len(content)
            if _is_title_of_work(text, o, c or ce, content):
                prev_close = post_lo
                continue
            continues = cont and at_start and qi == 0
            pre_lo = _sentence_start(text, o, prev_close)
            pre, ptext, pbase = text[pre_lo:o], text, base
            if not pre.strip() and at_start and not continues and prev_text is not None and prev_text[0].rstrip().endswith(":"):
                ptext, pbase = prev_text  # "X said:" closing the paragraph before
                pre_lo = _sentence_start(ptext, len(ptext), 0)
                pre = ptext[pre_lo:]
            nxt_open = marks[qi + 1][0] if qi + 1 < len(marks) else len(text)
            post = text[post_lo:min(nxt_open, _sentence_end(text, post_lo, nxt_open))]
            if "\n" in post:  # a line break ends the attribution context: the next line is new text
                post = post[:post.find("\n")]
            if content[-1:] == "." and not content.endswith("..") and _NEW_SENTENCE.match(post) \
                    and not _patterns()["said_alone"].match(post):
                post = ""  # "… nation.” Russia insisted …": a new sentence, not this quote's attribution
            ctx.cands.append({
                "pno": pno, "text": text, "base": base, "o": o, "qs": qs, "qe": qe, "content": content,
                "at_start": at_start, "qi": qi, "continues": continues, "pre_lo": pre_lo, "pre": pre,
                "ptext": ptext, "pbase": pbase, "post_lo": post_lo, "post": post, "prev_close": prev_close,
                "nwords": len(content.split()),
                "label": _LABEL.match(content) if (at_start or qi == 0) else None,
            })
            prev_close = post_lo
        cont = bool(marks) and marks[-1][1] is None
        prev_text = (text, base)


def _who_antecedent(text: str, lo: int, c0: int):
    """``(name, start, end)`` when the speech verb at ``text[c0]`` opens a relative clause on a name:
    "…, in the mouth of Donald Trump, [who] proclaimed that …" (the name speaks); else None."""
    who = _WHO_BEFORE.search(text, max(lo, c0 - 40), c0)
    if who is None:
        return None
    head = text[lo:who.start()].rstrip(" ,")
    name = next((n for n in reversed(entities.name_spans(head)) if n[2] == len(head) and n[3] != "place"), None)
    return (name[0], lo + name[1], lo + name[2]) if name is not None else None


def _passive_before(text: str, c0: int) -> bool:
    """Whether the speech verb at ``text[c0]`` is a passive participle: after a form of "be" ("was
    proclaimed by …") or right after a common noun that cannot speak ("the feeling proclaimed by …");
    not "Mr. Trump said by telephone", "officials said by phone"."""
    if _BE_BEFORE.search(text, max(0, c0 - 30), c0):
        return True
    w = _WORD_BEFORE.search(text, max(0, c0 - 30), c0)
    if w is None or w.group(2).strip():
        return False
    word, low, words = w.group(1), w.group(1).lower(), _reported._words()
    return word[:1].islower() and low not in words["heads"] and low not in words["pronouns"]


def _clause_subject(doc, text: str, base: int, lo: int, c0: int, c1: int):
    """:func:`_subject` of ``text[lo:c1]`` (the speech verb at ``text[c0:c1]``), or the noun phrase
    read at a finite verb (:func:`_reported.speaker_at_cue`) where the pattern finds none or only its
    first word: "[Two officials] who spoke on condition of anonymity said: “…”"."""
    who = _who_antecedent(text, lo, c0)
    if who is not None:
        return who
    sub = _subject(text, lo, c1)
    if text[c0:c1].endswith("ing") or _TO_BEFORE.search(text, lo, c0):
        return sub
    span = _reported.speaker_at_cue(doc, base + c0)
    if span is None or span[1] > base + c0 or span[0] < base + lo or (sub is not None and sub[1] != span[0] - base) \
            or not _CLAUSE_EDGE.search(text, max(0, span[0] - base - 16), span[0] - base):
        return sub
    return doc.text[span[0]:span[1]], span[0] - base, span[1] - base


def _local_attribution(q: dict, doc):
    """``(speaker, speaker_start, speaker_end, cue, cue_start, cue_end, rule)`` of one quotation
    from its own sentence (article offsets), or None.  The cue is found by the patterns below;
    the speaker noun phrase at a speech cue is then read as for reported speech
    (:func:`newslens.measures._reported.speaker_at_cue`), the patterns' speaker kept when that
    finds none."""
    text, base, pre, post, pre_lo = q["text"], q["base"], q["pre"], q["post"], q["pre_lo"]
    hit = _match_speaker(pre, post, pre_lo, q["post_lo"])
    if hit is not None and hit[3] == ":" and not _names_a_person(doc, hit[0]):
        hit = None  # "Update: …", "WASHINGTON: …": a label, not a speaker
    from_prev = hit is not None and q["ptext"] is not text and not any(p.match(post) for p in _patterns()["after"])
    src, sbase = (q["ptext"], q["pbase"]) if from_prev else (text, base)
    rule = None
    if hit is not None:
        rule = "after" if not from_prev and hit[1] >= q["post_lo"] else "before"
        later = None if rule != "before" or from_prev else next(
            (w + (m.group(), m.start(), m.end()) for m in _patterns()["speech"].finditer(pre, hit[5] - pre_lo)
             if (w := _who_antecedent(text, pre_lo, pre_lo + m.start())) is not None), None)
        if later is not None:  # "The levy began …, with Omar Reyes, who proclaimed that “…”"
            hit, rule = later[:3] + (later[3], pre_lo + later[4], pre_lo + later[5]), "subject"
        elif rule == "after" and hit[1] > hit[4] and hit[3].split()[0].endswith("ing") and not hit[3].startswith("according"):
            # "X defended “New York values,” saying the city …": a participle has no subject after
            # it (the city is what was said); the clause's subject speaks ("“…?” a reporter can be
            # heard asking" keeps its speaker)
            sub = _clause_subject(doc, text, base, pre_lo, hit[4], hit[5])
            if sub is None:
                return None
            hit, rule = (sub[0], sub[1], sub[2]) + hit[3:], "subject"
        elif rule == "before" and (hit[3].endswith("ing") or _not_subject(src, hit[1]) or _cut_off(hit[0])):
            # "X attacked Y for …, saying “…”": the speaker is the clause subject
            lo = pre_lo if not from_prev else _sentence_start(src, hit[4], 0)
            sub = _clause_subject(doc, src, sbase, lo, hit[4], hit[5])
            if sub is not None:
                hit, rule = (sub[0], sub[1], sub[2]) + hit[3:], "subject"
            elif _cut_off(hit[0]):
                return None  # "a comment that described …": no speaker
    elif not q["continues"] and q["nwords"] > 3:
        # the subject of a speech clause earlier in the same sentence
        sv = _patterns()["speech"].search(pre)
        sub = _clause_subject(doc, text, base, pre_lo, pre_lo + sv.start(), pre_lo + sv.end()) if sv is not None else None
        if sub is not None:
            hit, rule = (sub[0], sub[1], sub[2], sv.group(), pre_lo + sv.start(), pre_lo + sv.end()), "subject"
    if hit is None:
        return None
    raw, s0, s1, cue, c0, c1 = hit
    if rule == "before" and _BY.match(src, c1) and _passive_before(src, c0):
        # "the feeling proclaimed by George Wallace was “…”", "was asked by host Bill Maher, “…”": a
        # passive; its agent (the name right after "by" and up to two words) speaks, or no one
        phrase = src[c1:c1 + 80].split(",")[0]
        names = [(a, b) for _, a, b, kind in entities.name_spans(phrase) if kind in ("person", "organization", "unknown")]
        if not names or not _AGENT_LEAD.fullmatch(phrase, 0, names[0][0]):
            return None  # "responded by first saying “…” about Mr. Trump": no agent
        agent = names[0]
        for nxt in names[1:]:  # "by Fox Business [moderator] Gerard Baker": the name after its title
            if not _TITLE_GAP.fullmatch(phrase, agent[1], nxt[0]):
                break
            agent = nxt
        return src[c1 + agent[0]:c1 + agent[1]], sbase + c1 + agent[0], sbase + c1 + agent[1], cue, sbase + c0, sbase + c1, "before"
    if rule in ("after", "before"):
        span = _reported.speaker_at_cue(doc, sbase + c0)
        if span is not None:
            raw, s0, s1 = doc.text[span[0]:span[1]], span[0] - sbase, span[1] - sbase
        elif rule == "before" and cue.split()[0].lower() in ("added", "adds", "add"):
            return None  # "The plan added a new “too big to fail” tax": nobody speaks
    if _cut_off(raw):
        return None  # "… in all” the rest of the states": a phrase cut off, no speaker
    return raw, sbase + s0, sbase + s1, cue, sbase + c0, sbase + c1, rule


def _step_attribution(ctx: _Quotes) -> None:
    """Each quotation's speaker from its own sentence: a transcript label, the words after the
    closing mark, the sentence before the quote, or the subject of a speech clause."""
    for q in ctx.cands:
        q["hit"] = None
        if q["label"] is not None:
            raw = q["label"].group("spk")
            s = q["base"] + q["qs"]
            q["hit"] = (raw, s, s + len(raw), None, None, None, "label")
        else:
            q["hit"] = _local_attribution(q, ctx.doc)


def _step_carried(ctx: _Quotes) -> None:
    """Quotations without a speaker of their own: a paragraph that continues an open quotation,
    a follow-on quotation in the same paragraph, or a paragraph opening with a quotation after
    a paragraph that ended with one, take that speaker; the rest (1–3 words) are scare quotes.
    Pieces of one quotation share ``group``."""
    rows, group, prev_last = ctx.rows, -1, None
    for i, q in enumerate(ctx.cands):
        if i and q["pno"] != ctx.cands[i - 1]["pno"]:
            last = rows[-1] if rows and rows[-1]["paragraph"] == ctx.cands[i - 1]["pno"] else None
            prev_last = last if last is not None and _ends_with_quote(ctx.cands[i - 1]["text"], last["end"] - ctx.cands[i - 1]["base"]) else None
        hit, pno, base = q["hit"], q["pno"], q["base"]
        same_para = rows[-1] if rows and rows[-1]["paragraph"] == pno else None
        ev, rule, carry = [], None, None
        if hit is not None:
            raw, sp_s, sp_e, cue, c0, c1, rule = hit
            if cue is not None:
                ev.append({"text": cue, "start": c0, "end": c1, "role": "cue"})
            ev.append({"text": ctx.doc.text[sp_s:sp_e], "start": sp_s, "end": sp_e, "role": "speaker"})
        elif q["continues"] and rows:
            carry, rule = rows[-1], "continued"
        elif q["nwords"] > 3:
            at_start = q["at_start"] and not q["pre"].strip()
            carry = same_para if same_para is not None else (prev_last if at_start else None)
            if carry is not None and carry["speaker"] is not None:
                rule = "same_paragraph" if carry is same_para else "previous_paragraph"
            else:
                carry = None
        if hit is None and carry is None and q["nwords"] <= 3 and not q["continues"]:
            continue  # a scare quote
        if carry is not None:
            raw, sp_s, sp_e, cue = carry["speaker"], carry["speaker_start"], carry["speaker_end"], carry["cue"]
            if rule != "continued" and raw is not None:
                ev.append({"text": ctx.doc.text[sp_s:sp_e], "start": sp_s, "end": sp_e, "role": "carried"})
        elif hit is None:
            raw = sp_s = sp_e = cue = None
        split_of_prev = (same_para is not None and q["pre"].strip(" ,") and q["pre_lo"] == q["prev_close"]
                         and hit is not None and q["prev_close"] + base <= sp_s < base + q["o"]
                         and same_para["speaker_start"] == sp_s)
        continued = q["continues"] and q["label"] is None and group >= 0  # nothing to continue: a new quotation
        if not (continued or rule == "same_paragraph" or split_of_prev):
            group += 1
        before = q["text"][q["pre_lo"]:q["o"]].rstrip()
        fragment = q["content"][:1].islower() and not q["continues"] and (q["nwords"] <= 3 or not before or before[-1] not in ",:—–-")
        label = q["label"].end() if q["label"] is not None else 0  # "“PENCE: Well, …": the words after the label
        rows.append({
            "article_id": ctx.aid, "paragraph": pno, "group": group, "kind": "fragment" if fragment else "direct",
            "quote": q["content"][label:], "speaker": _written(raw), "cue": cue,
            "start": base + q["qs"] + label, "end": base + q["qe"], "speaker_start": sp_s, "speaker_end": sp_e,
            "rule": rule, "evidence": ev,
        })
    # a continued quote that found its speaker only in a later piece gives it to earlier pieces
    by_group: dict[int, dict] = {}
    for r in rows:
        if r["speaker"] is not None:
            by_group.setdefault(r["group"], r)
    for r in rows:
        src = by_group.get(r["group"])
        if r["speaker"] is None and src is not None:
            r.update(speaker=src["speaker"], cue=src["cue"], speaker_start=src["speaker_start"], speaker_end=src["speaker_end"])


_DESCRIPTION_OPENERS = frozenset("A An One Two Three Four Five Several Some Many Another Other Both All Most Few Nearly "
                                 "Almost About Roughly Just Only".split())  # … "Nearly nine out of 10"
# "Economists at the Chamber of Commerce": a source noun opening the sentence, then where the people
# are: a description, kept whole ("of" is left out: "Secretary of State Mike Pompeo" is a title)
_PLACE_PREPOSITIONS = frozenset({"at", "in", "from", "inside", "within", "among", "near", "outside", "across", "around"})


def _plural_head(word: str) -> bool:
    """"Residents", "Parents": a capitalised plural of a source noun for people (not "Banks": a
    plural of an organisation noun is more often a surname)."""
    return (word[:1].isupper() and word.endswith("s") and word.lower() in _reported._words()["heads"]
            and entities.mention_kind(word[:-1].lower())[0] != "organization")


def _placed_description(words: list[str]) -> bool:
    """"Economists at the Chamber of Commerce", "Teachers in Ashford": a capitalised source noun
    (not a name: "Clinton in Ohio" is Clinton) followed by where the people are; a plural source
    noun alone at the start of a sentence ("Residents said …") or followed by whose they are
    ("Residents of the Harbor Street block", "Executives for Acme", not "Secretary of State Ruth Kamau"); a party member
    described by place ("The Nevada Democrat", :func:`newslens.entities.party_member_description`);
    an office with no name after it ("The Springfield Mayor", :func:`newslens.entities.office_description`)."""
    if len(words) == 1:
        return _plural_head(words[0])
    if entities.party_member_description(words) or entities.office_description(words):
        return True  # "The Nevada Democrat", "The Springfield Mayor"
    if len(words) >= 3 and words[1] in ("of", "for"):
        return _plural_head(words[0])  # "Residents of …", "Executives for Acme"
    if len(words) < 3 or words[1] not in _PLACE_PREPOSITIONS:
        return False
    if words[0].lower() in _reported._words()["heads"]:
        return True
    stripped = entities.strip_title(" ".join(words), descriptions=True)  # "Parents" read as a description word
    return bool(stripped) and stripped.split()[0] in _PLACE_PREPOSITIONS


# a comma or parenthesis opens an apposition; a thousands separator does not ("1,409 teachers")
_APPOSITION = re.compile(r"(?:\(|(?<!\d),|,(?!\d{3}\b)).*$", re.S)


def _modified_head(words: list[str]) -> bool:
    """Capitalised words, no determiner, possessive or preposition among them, before a lower-case head noun: a
    description of a source ("White House officials", "Senate aides", "French officials"), not a
    title before a name."""
    return (len(words) > 1 and words[-1][:1].islower() and words[0][:1].isupper()
            and words[0] not in entities._DETERMINERS
            and not any(w.endswith(("'s", "’s", "'", "’")) or w.lower() in _LINKS for w in words))


# words that link a name to what follows it ("Robert Antonacci [of] the delegation", "Reid [on] the floor")
_LINKS = frozenset("of on in at for to with from by and or about after before during is was the a an".split())


def _written(raw):
    """The speaker mention as written, without titles, ages or appositions ("Sen. Ruth Kamau,
    54," → "Ruth Kamau"); a pronoun or description stays as it is."""
    if raw is None:
        return None
    raw = _TRAIL.sub("", raw)
    if not raw:
        return None
    words = raw.split()
    first = words[0]
    if raw.lower() in _PRONOUNS or raw.lower() == "another" or _patterns()["role"].match(raw) \
            or first.lower() in _ANONYMOUS_HEADS or _people_share(words):
        return raw  # a pronoun, "another", a role, an unnamed source, a share of people ("30 percent of voters")
    core = _APPOSITION.sub("", raw).rstrip()
    if first[:1].islower() or first in _DESCRIPTION_OPENERS or _placed_description(words) \
            or _reported._numeric(first) and len(words) > 1 and all(x[:1].islower() for x in words[1:]):
        return core  # "one person with knowledge of the governor's dilemma", "1,409 teachers": a description, whole
    cw = core.split()
    if _modified_head(cw):
        return core  # "White House officials", "State health officials": their words, not titles
    if len(cw) > 2 and cw[0] in ("The", "the") and cw[-1][:1].islower() and cw[-1].isalpha():
        return core  # "The Iranian commander", "The British government": a description, its demonym kept
    name = entities.strip_title(raw, descriptions=True)
    return name if name and not entities.is_sentence_opener(name) else None


# ---------------------------------------------------------------- reported speech
_CLAUSE_AFTER_QUOTE = re.compile(r"(?:[”’\"']|,[”’\"'](?=\s++(?:and|but|or|as|because|while)\s))"
                                 r"\s++[a-z][\w'’\-]*+(?:\s++[\w'’\-]++){2,}\s*+,")


def _step_reported(ctx: _Quotes) -> None:
    """Reported speech outside quotation marks, every cue of every sentence
    (:func:`newslens.measures._reported.attributions`): "X said (that) …", "…, X said.",
    "according to X, …", "…, warning that …".  A content that holds a quoted fragment is
    ``mixed`` and absorbs the fragment's row; a content that is mostly a direct quotation
    already found adds nothing."""
    doc = ctx.doc
    quoted = _Spans((r["start"] - 1, r["end"] + 1) for r in ctx.rows)
    # the cue after a direct quotation ("“…,” she said in a statement") introduces no other content;
    # one that closes a sentence the quotation only opens ("More leaders became “conversant” about
    # the climate, Ban said.", "“There's a sense of stability now,” and donations rose, he said.")
    # introduces the whole clause, read below as mixed
    after = {d["start"]: (r["speaker_start"], r["speaker_end"]) for r in ctx.rows if r["rule"] == "after"
             for d in r["evidence"] if d["role"] == "cue" and not _CLAUSE_AFTER_QUOTE.match(doc.text, r["end"], d["start"])}
    group = max((r["group"] for r in ctx.rows), default=-1)
    absorbed: set[int] = set()
    new = []
    for s, e, pno in doc.sentences:
        for a in _reported.attributions(doc, s, e, quoted=quoted.inside, skip=after):
            inner = quoted.overlapping(a.pieces)
            if a.frame == "question" and any(ctx.rows[j]["speaker"] is not None for j in inner):
                continue  # "asked about it she said “…”": the quotation is the answer, not the question
            size = sum(pe - ps for ps, pe in a.pieces)
            if inner and a.frame != "question" and sum(_overlap(a.pieces, ctx.rows[j]) for j in inner) >= 0.6 * size:
                _credit_quotations(ctx, a, inner)  # the content is a direct quotation already found
                continue
            group += 1
            absorbed.update(inner)
            new.extend(_reported_rows(ctx, a, pno, group, inner))
    # a headline opened by a name and a colon, and a transcript's labelled paragraphs: each one piece,
    # its speaker's unless mostly a quotation found ("PENCE: “…”"); reported speech inside stays
    # as well ("BENENSON: This is a man who said he'd never …"), and a quoted fragment inside makes
    # it mixed ("Joe Scarborough: Trump Playing Dumb Is ‘Disqualifying.’")
    headline = _headline(doc)
    for pno, a in ([(0, headline)] if headline is not None else []) + _transcript(doc):
        inner = quoted.overlapping(a.pieces)
        if inner and sum(_overlap(a.pieces, ctx.rows[j]) for j in inner) >= 0.6 * (a.pieces[0][1] - a.pieces[0][0]):
            continue
        group += 1
        absorbed.update(inner)
        new.extend(_reported_rows(ctx, a, pno, group, inner))
    ctx.rows[:] = sorted([r for k, r in enumerate(ctx.rows) if k not in absorbed] + new, key=lambda r: r["start"])


# a transcript's paragraph opened by its speaker's name in capitals and a colon: "TAPPER: Do you think …"
# (a pasted excerpt may open with a quotation mark: '"PENCE: Well, look, …')
_TRANSCRIPT = re.compile(r"(?<![ \t])[ \t]*+[\"“]?(?<![\w'’\-.])(?P<spk>[A-Z][A-Z'’\-.]++(?:[ \t]++[A-Z][A-Z'’\-.]++){0,2})[ \t]*+(?P<cue>:)[ \t]++(?=\S)")
# labels in capitals that name no speaker
_NOT_SPEAKERS = frozenset({"UPDATE", "UPDATED", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION", "CLARIFICATION",
                           "WATCH", "READ", "READ MORE", "RELATED", "BREAKING", "EXCLUSIVE", "VIDEO", "PHOTOS", "FULL TEXT",
                           "ABSTRACT", "SOURCE", "SOURCES", "DISCLOSURE", "ADVERTISEMENT", "TRANSCRIPT", "LIVE", "WARNING"})


_LONG_LABEL = re.compile(r"(?<![\w'’])([A-Z][A-Z'’\-]+)[ \t]+([A-Z][A-Z'’\-]+):")


def _long_labels(doc) -> dict[str, str]:
    """A transcript's two-word labels by their last word ("TAPPER" -> "Jake Tapper" after "JAKE
    TAPPER:"), read once per article."""
    got = getattr(doc, "_long_labels", None)
    if got is None:
        got = {}
        for m in _LONG_LABEL.finditer(doc.text):
            got.setdefault(m.group(2), f"{m.group(1)} {m.group(2)}".title())
        doc._long_labels = got
    return got


def _transcript(doc) -> list[tuple[int, object]]:
    """``(paragraph, attribution)`` for each paragraph of a transcript: one opened by its speaker's
    name in capitals and a colon ("TAPPER: Do you think …", "FALLIN: I think …") is that speaker's,
    all of it.  Only a label that opens two paragraphs or more, or names a person of the article
    ("TRUMP:" beside "Donald Trump"), is a speaker: not a dateline ("WASHINGTON: …") nor a section
    label ("UPDATE:").  A name written as in running text ("Matthews: Well, …") is a speaker in a
    dialogue only: three such paragraphs or more, one speaker's name opening two of them (a list
    of people with a paragraph each, "Jeb Bush: Student loans …", is the writer's).  An
    interview's "Q:" and "A:" paragraphs (both present) are the interviewer's and the
    interviewee's (:func:`_interviewee`)."""
    found, named, asked = [], [], []
    for pno, (ps, pe) in enumerate(doc.paragraphs):
        m = _TRANSCRIPT.match(doc.text, ps, pe)
        if m is not None:
            spk = m.group("spk")
            if not (len(spk.replace(".", "")) < 3 or spk in _NOT_SPEAKERS or entities.country_of(spk.title()) is not None):
                found.append((pno, pe, m))
            continue
        m = _INTERVIEW.match(doc.text, ps, pe)
        if m is not None:
            asked.append((pno, pe, m))
            continue
        m = _NAMED_LABEL.match(doc.text, ps, pe)
        if m is not None and _names_a_person(doc, m.group("spk")):
            named.append((pno, pe, m))
    def last_word(m):  # a speaker by the last word of the label: "JAKE TAPPER:" then "TAPPER:" is one
        return m.group("spk").split()[-1]

    counts = Counter(last_word(m) for _, _, m in found)
    keep = [(pno, pe, m, 10) for pno, pe, m in found if counts[last_word(m)] > 1 or doc.surname_of(last_word(m))]
    by_name = Counter(last_word(m) for _, _, m in named)
    if len(named) > 2 and max(by_name.values()) > 1:
        keep += [(pno, pe, m, 10) for pno, pe, m in named]
    if {m.group("spk") for _, _, m in asked} == {"Q", "A"}:
        doc._interviewee = _interviewee(doc, doc.paragraphs[asked[0][0]][0])
        keep += [(pno, pe, m, 2) for pno, pe, m in asked]  # an answer may be short: "A: No."
    out = []
    for pno, pe, m, least in sorted(keep, key=lambda k: k[0]):
        ce = pe
        while ce > m.end() and doc.text[ce - 1] in " \t\n":
            ce -= 1
        if ce - m.end() < least:
            continue
        sp = (m.start("spk"), m.end("spk"))
        out.append((pno, _reported.Attribution(sp[0], sp[1], m.start("cue"), m.end("cue"), ((m.end(), ce),), "label", (sp,))))
    return out


# an interview's questions and answers: "Q: What did you see …", "A: The water came …" ("Q." too)
_INTERVIEW = re.compile(r"(?<![ \t])[ \t]*+[\"“]?(?<![\w'’\-.])(?P<spk>[QA])[ \t]*+(?P<cue>[:.])[ \t]++(?=\S)")
# a transcript's speaker named as in running text: "Matthews: Well, …", "Alex Seitz-Wald: She is right …"
_NAMED_LABEL = re.compile(r"(?<![ \t])[ \t]*+[\"“]?(?<![\w'’\-.])(?P<spk>[A-Z][\w'’\-.]*+(?:[ \t]++[A-Z][\w'’\-.]*+){0,3})[ \t]*+(?P<cue>:)[ \t]++(?=\S)")


def _interviewee(doc, before: int) -> str | None:
    """Who answers an interview's questions: the person its introduction (the text before the
    first "Q:" or "A:") names or refers to most often, the first of them on a tie; None when it
    names no one."""
    counts: dict[str, int] = {}
    for m in doc.mentions_in(0, before):
        if m.type == "person" and m.entity:
            counts[m.entity] = counts.get(m.entity, 0) + 1
    return max(counts, key=counts.get) if counts else None


# a headline that opens with a name and a colon: "Graham: Trump's rhetoric is destroying the GOP's chance"
_HEADLINE = re.compile(r"(?<![\w'’.&\-\s\"“‘])[\s\"“‘']*+(?P<spk>[A-Z][\w.'’&\-]*+(?:[ \t]++[A-Z][\w.'’&\-]*+){0,4})[ \t]*+(?P<cue>:)[ \t]++(?=[\w\"“‘'])")


_OPENING_MARKS, _CLOSING_MARKS = "'\"‘“", "'\"’”"
# last words of a column's or a show's name before a colon ("Monday's Morning Email:", "Paid Notice:")
_SECTIONS = frozenset({"Daily", "Report", "Email", "Notice", "Review", "Digest", "Briefing", "Show", "Podcast",
                       "Newsletter", "Edition", "Roundup", "Latest", "Update", "Live"})


def _headline(doc):
    """"Lynch: No outside influence on FBI probe": a headline — the article's first paragraph,
    one sentence — that opens with the name of a person or an organisation and a colon reports
    what they said (news style; PolNeAR annotates these with the cue ":").  A label ("The
    Latest:", "Update:", "WASHINGTON:", "TOWN HERO:") names no one and is left alone."""
    if not doc.sentences:
        return None
    s, e, pno = doc.sentences[0]
    if pno != 0 or (len(doc.sentences) > 1 and doc.sentences[1][2] == 0) or e - s > 300:
        return None
    m = _HEADLINE.match(doc.text[s:e])  # the headline alone (a look-behind sees nothing before it)
    if m is None:
        return None
    spk = m.group("spk")
    words = spk.split()
    if words[0] in _reported._words()["function"] or words[-1] in _SECTIONS or not (
            _names_a_person(doc, spk) or (not spk.isupper() and entities.mention_kind(spk) == ("organization", True))):
        return None
    cs, ce = s + m.end(), len(doc.text[:e].rstrip(" \t\n.!…"))
    if doc.text[cs] in _OPENING_MARKS and doc.text[ce - 1] in _CLOSING_MARKS:
        # all of it quoted, often in single straight marks: "Trump: 'We are going to win so much.'"
        cs, ce = cs + 1, len(doc.text[:ce - 1].rstrip(" \t\n.!…"))
    if ce - cs < 10 or doc.text[ce - 1] == "?":
        return None  # "Ted Cruz: Constitutional conservative or career politician?": a question about them
    sp = _headline_subject(doc, s + m.start("spk"), s + m.end("spk"))
    return _reported.Attribution(sp[0], sp[1], s + m.start("cue"), s + m.end("cue"), ((cs, ce),), "headline", (sp,))


def _headline_subject(doc, s: int, e: int) -> tuple[int, int]:
    """The speaker's span in a headline's words before the colon: all of them, unless they name
    two people with a verb of the present tense between them ("Carly Fiorina Endorses Ted Cruz:",
    "Obama Says Trump …:"), where the first — the subject — speaks; a title between them
    ("Trump Aide Hope Hicks:") leaves the words as they are."""
    persons = [m for m in doc.mentions_in(s, e) if m.type == "person" and m.form in ("name", "surname")]
    if len(persons) > 1 and persons[0].entity != persons[-1].entity:
        between = doc.text[persons[0].end:persons[-1].start].split()
        if any(len(w) > 3 and w[:1].isupper() and w.endswith("s") and not w.endswith("ss") for w in between):
            return persons[0].start, persons[0].end
    return s, e


_CLOSERS = " \t\n.!?…\"”’)"  # what may follow the last words of a paragraph


def _step_after_reported(ctx: _Quotes) -> None:
    """A quotation that opens a paragraph with no speaker of its own, after a paragraph that
    ends with reported speech ("Hale said on Monday that the mill would close.\n\n“We tried
    everything …”"), is that speaker's (floating)."""
    paras = {pno: (text, base) for pno, text, base in ctx.paras}
    previous = {b[0]: a[0] for a, b in zip(ctx.paras, ctx.paras[1:])}
    last_in: dict[int, dict] = {}
    first_in: dict[int, dict] = {}
    groups: dict[int, list[dict]] = {}
    for r in ctx.rows:
        last_in[r["paragraph"]] = r
        first_in.setdefault(r["paragraph"], r)
        groups.setdefault(r["group"], []).append(r)
    for pno, r in first_in.items():
        prev = last_in.get(previous.get(pno))
        if r["speaker"] is not None or r["kind"] != "direct" or prev is None or prev["kind"] not in ("indirect", "mixed") \
                or prev["speaker"] is None or prev["speaker_end"] is None:
            continue  # nothing to carry: reported speech whose speaker was not found ("when asked about …")
        text, base = paras[pno]
        if text[:r["start"] - base].strip(" \t\"“‘'"):
            continue  # the quotation does not open its paragraph
        ptext, pbase = paras[prev["paragraph"]]
        said_end = max(prev["end"], prev["speaker_end"],
                       *(d["end"] for d in prev["evidence"] if d["role"] == "cue" and d["end"] is not None))
        if ptext[said_end - pbase:].strip(_CLOSERS):
            continue  # narration follows the reported speech
        for piece in groups[r["group"]]:
            if piece["speaker"] is None:
                piece.update(speaker=prev["speaker"], speaker_start=prev["speaker_start"], speaker_end=prev["speaker_end"],
                             cue=prev["cue"], rule="previous_paragraph", _speakers=prev.get("_speakers"))
                piece["evidence"].append({"text": ctx.doc.text[prev["speaker_start"]:prev["speaker_end"]],
                                          "start": prev["speaker_start"], "end": prev["speaker_end"], "role": "carried"})


def _step_block(ctx: _Quotes) -> None:
    """A paragraph that ends with a speech verb and a colon ("The governor added:", "In a post,
    Wallnau wrote:") followed by a paragraph that holds no one else's quotation: that paragraph is
    the speaker's words, a block quotation whose marks went with the page's layout
    (rule ``block``; floating, as its speaker is in the paragraph before); reported speech and
    quotations without a speaker in it are read as inside quotation marks (the speaker's, not
    the writer's).  A quotation in it that has a speaker of its own ends the case.  Not a list, a link or
    markup after the colon ("Watch the ad below:", "This year's winners are:"), nor a colon after
    more than the verb ("The poll also found that:", "noted the sparse attendance:")."""
    pairs = [(p, q) for p, q in zip(ctx.paras, ctx.paras[1:]) if p[1].rstrip().endswith(":")]
    if not pairs:
        return
    doc, text = ctx.doc, ctx.doc.text
    rows = _Spans((r["start"], r["end"]) for r in ctx.rows)
    last_sentence = {pno: (s, e) for s, e, pno in doc.sentences}
    group = max((r["group"] for r in ctx.rows), default=-1)
    new, absorbed = [], set()
    for (ppno, _, _), (qpno, qtext, qbase) in pairs:
        if ppno not in last_sentence:
            continue
        q0 = qbase + len(qtext) - len(qtext.lstrip())
        q1 = qbase + len(qtext.rstrip())
        inside = rows.overlapping([(q0, q1)])
        if q1 <= q0 or not (text[q0].isalnum() or text[q0] == "…") or any(
                ctx.rows[j]["kind"] != "indirect" and ctx.rows[j]["speaker"] is not None for j in inside):
            continue
        s, e = last_sentence[ppno]
        colon = text.rindex(":", s, e) if ":" in text[s:e] else -1
        for a in _reported.attributions(doc, s, q1):
            if not (s <= a.cue_start < colon) or a.speaker_start == a.speaker_end \
                    or text[max(a.cue_end, a.speaker_end):colon].strip():
                continue
            group += 1
            new.extend(_reported_rows(ctx, a._replace(pieces=((q0, q1),), frame="block"), qpno, group, []))
            absorbed.update(inside)  # reported speech inside the block is the speaker's, as inside quotation marks
            break
    if new:
        ctx.rows[:] = sorted([r for k, r in enumerate(ctx.rows) if k not in absorbed] + new, key=lambda r: r["start"])


def _credit_quotations(ctx: _Quotes, a, inner: list[int]) -> None:
    """Quotations without a speaker that make up the content of the attribution ``a`` ("Trump
    himself said that the controversy was “a very sad day …”") take its speaker and cue."""
    text = ctx.doc.text
    for j in inner:
        r = ctx.rows[j]
        if r["speaker"] is not None:
            continue
        r.update(speaker=_written(text[a.speaker_start:a.speaker_end]), speaker_start=a.speaker_start,
                 speaker_end=a.speaker_end, cue=text[a.cue_start:a.cue_end], rule=a.frame, _speakers=a.speakers)
        r["evidence"] += [{"text": r["cue"], "start": a.cue_start, "end": a.cue_end, "role": "cue"},
                          {"text": text[a.speaker_start:a.speaker_end], "start": a.speaker_start, "end": a.speaker_end,
                           "role": "speaker"}]


def _reported_rows(ctx: _Quotes, a, pno: int, group: int, inner: list[int]) -> list[dict]:
    """One row per content piece of the attribution ``a`` (pieces share ``group``)."""
    text = ctx.doc.text
    sp_s, sp_e = a.speaker_start, a.speaker_end
    ev = [{"text": text[a.cue_start:a.cue_end], "start": a.cue_start, "end": a.cue_end, "role": "cue"},
          {"text": text[sp_s:sp_e], "start": sp_s, "end": sp_e, "role": "speaker"}]
    ev += [{"text": ctx.rows[j]["quote"], "start": ctx.rows[j]["start"], "end": ctx.rows[j]["end"], "role": "quoted"}
           for j in inner]
    written = _written(text[sp_s:sp_e]) if len(a.speakers) == 1 else text[sp_s:sp_e]
    if sp_s == sp_e:  # "Asked whether …": a question no one in the sentence puts
        sp_s = sp_e = written = None
        del ev[1]
    return [{"article_id": ctx.aid, "paragraph": pno, "group": group, "kind": "mixed" if inner else "indirect",
             "quote": text[cs:ce], "speaker": written, "cue": text[a.cue_start:a.cue_end], "start": cs, "end": ce,
             "speaker_start": sp_s, "speaker_end": sp_e, "rule": a.frame, "evidence": [dict(d) for d in ev],
             "_speakers": a.speakers}
            for cs, ce in a.pieces]


def _overlap(pieces, row: dict) -> int:
    return sum(max(0, min(pe, row["end"]) - max(ps, row["start"])) for ps, pe in pieces)


class _Spans:
    """Disjoint-enough character spans, sorted, for "is this offset inside one?" and "which
    spans overlap these pieces?" in O(log n) each."""

    def __init__(self, spans):
        self.spans = sorted((a, b, k) for k, (a, b) in enumerate(spans))
        self.starts = [a for a, _, _ in self.spans]
        self.reach = []  # the furthest end among spans[0..i]: overlap tests stay correct when spans nest
        far = -1
        for _, b, _ in self.spans:
            far = max(far, b)
            self.reach.append(far)

    def inside(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.reach[k] > pos and any(a < pos < b for a, b, _ in self.spans[max(0, k - 3):k + 1])

    def overlapping(self, pieces) -> list[int]:
        out = []
        for ps, pe in pieces:
            k = bisect.bisect_left(self.starts, pe)
            j = k - 1
            while j >= 0 and self.reach[j] > ps:
                a, b, idx = self.spans[j]
                if b > ps and a < pe and idx not in out:
                    out.append(idx)
                j -= 1
        return sorted(out)


def _step_kinds(ctx: _Quotes) -> None:
    """A quotation whose speaker comes from the paragraph before is ``floating``; a quoted
    fragment inside a sentence is ``mixed`` (reported speech with a quoted fragment), and
    dropped when no one says it (a scare quote or a slogan: the “too big to fail” tax)."""
    groups: dict[int, int] = {}
    for r in ctx.rows:
        groups[r["group"]] = groups.get(r["group"], 0) + 1
    ctx.rows[:] = [r for r in ctx.rows if not (r["kind"] == "fragment" and r["speaker"] is None and groups[r["group"]] == 1)]
    for r in ctx.rows:
        if r["kind"] == "fragment" and groups[r["group"]] > 1:
            r["kind"] = "direct"  # the second piece of a quotation split by its speech verb
        if r["rule"] in ("continued", "previous_paragraph", "block"):
            r["kind"] = "floating"
        elif r["kind"] == "fragment":
            r["kind"] = "mixed"


def _step_speaker_names(ctx: _Quotes) -> None:
    """Each speaker mention resolved through the article's parse: the entity its head mention
    refers to, or, for an unnamed source, its description; coordinated speakers ("Mr. King and
    Mr. Schultz say") each resolved and joined with "and"; the evidence says how."""
    doc = ctx.doc
    done: dict[tuple, tuple] = {}

    def resolve(s0, s1, written):
        key = (s0, s1, written)
        if key not in done:
            done[key] = _speaker_name(doc, s0, s1, written)
        return done[key]

    for r in ctx.rows:
        s0, s1 = r["speaker_start"], r["speaker_end"]
        if s0 is None:
            r["speaker_name"], r["speaker_type"], r["_names"] = None, None, ()
            continue
        parts = r.get("_speakers") or ()
        if len(parts) > 1:
            got = [resolve(a, b, _written(doc.text[a:b])) for a, b in parts]
            got = [g for g in got if g[0]]
        else:
            got = [resolve(s0, s1, r["speaker"])]
        names = tuple(dict.fromkeys((g[0], g[1]) for g in got if g[0]))
        r["_names"] = names
        # the names the article itself shows to be persons (a title, an honorific, a gendered pronoun)
        r["_persons"] = frozenset(n for n, _ in names if _person_shown(doc, n))
        joined = [n for n, _ in names]  # "Ann Cole, Tom Reyes and Lena Park"
        r["speaker_name"] = (", ".join(joined[:-1]) + " and " + joined[-1] if len(joined) > 1 else "".join(joined)) or None
        r["speaker_type"] = names[0][1] if names else None
        for name, typ, how, head in got:
            r["evidence"].append({"text": head, "start": None, "end": None, "role": "resolved", "how": how})
    by_speaker = sorted((r for r in ctx.rows if r["speaker_start"] is not None), key=lambda r: r["speaker_start"])
    _same_unnamed_source(by_speaker)
    _pronouns_after_unnamed_sources(doc, by_speaker)


def _resolved(r: dict) -> dict | None:
    """The evidence of how the row's speaker was resolved (the last such entry), or None."""
    return next((d for d in reversed(r["evidence"]) if d["role"] == "resolved"), None)


def _unnamed(r: dict) -> tuple[str, str, dict] | None:
    """``(description, type, resolved evidence)`` when the row's one speaker is an unnamed source."""
    names, ev = r.get("_names") or (), _resolved(r)
    if len(names) != 1 or ev is None or not (ev.get("how") or "").startswith(_UNNAMED):
        return None
    return names[0][0], names[0][1], ev


# a short definite description: "the official", "the senior official", "the mayor"
_ANAPHOR = re.compile(r"the(?: [\w'’\-]+){1,3}")
_NEAREST = 20  # earlier descriptions of one head noun tried for a shortened one (bounded: linear on any input)


def _same_unnamed_source(by_speaker: list[dict]) -> None:
    """"The official added …" after "a senior official said …": a short definite description
    whose words all belong to the description of an unnamed source quoted earlier in the
    article, with the same head noun, is that source again (news style describes a source once
    and shortens the description after).  The nearest such source counts; a person named with
    that role was resolved before this step and is not an unnamed source.  ``by_speaker``: the
    rows with a speaker, in the order of their speaker mentions."""
    earlier: dict[str, dict[str, tuple[str, frozenset]]] = {}  # head noun -> {description: (type, words)}, latest last
    for r in by_speaker:
        unnamed = _unnamed(r)
        if unnamed is None:
            continue
        desc, typ, ev = unnamed
        words = desc.lower().split()
        head = _head_noun(words)
        same = earlier.setdefault(head, {})
        if _ANAPHOR.fullmatch(desc):
            want = set(words[1:])
            for d in itertools.islice(reversed(same), _NEAREST):  # distinct descriptions of this head, nearest first
                t, ws = same[d]
                if d != desc and want <= ws and len(ws) > 1:  # not a bare "woman"
                    r["_names"], r["speaker_name"], r["speaker_type"] = ((d, t),), d, t
                    ev.update(text=d, how=f"{_UNNAMED}: '{desc}' is '{d}' again, described earlier")
                    desc, typ, words = d, t, d.lower().split()
                    break
        same.pop(desc, None)
        same[desc] = (typ, frozenset(words))


def _pronouns_after_unnamed_sources(doc, by_speaker: list[dict]) -> None:
    """"A police officer said the road was closed. He said …": a pronoun speaker refers to the
    unnamed source that spoke in its sentence or the one before, when that source is nearer
    than anyone the parse gave the pronoun (no mention of that entity comes between them) and
    agrees with it: "he" and "she" a singular description of no other gender ("a spokeswoman"
    is no "he"), "they" a plural one ("two officials").  The parse knows names, roles and
    pronouns; a description such as "a police officer" is a speaker only here."""
    heads, gendered = _reported._words()["heads"], entities._descriptions()["gendered"]
    last = None  # the latest unnamed person source: (speaker_start, sentence, description, type, gender, plural)
    for r in by_speaker:
        pos, names, ev = r["speaker_start"], r.get("_names") or (), _resolved(r)
        if ev is None:
            continue
        unnamed = _unnamed(r)
        if unnamed is None and r["speaker"] and _head_noun(r["speaker"].lower().split()) == "police" and len(names) == 1:
            unnamed = (names[0][0], names[0][1], ev)  # "Police said …": the police, whom "they" goes on with
        if unnamed is not None and (unnamed[1] in ("person", "anonymous") or unnamed[0].lower().endswith("police")):
            desc, typ = unnamed[:2]
            words = desc.lower().split()
            head = _head_noun(words)
            plural = entities._singular(head) != head or head in ("people", "police")
            # a source introduced here: a plural ("two officials", "prosecutors") or an indefinite
            # singular ("a police officer"); "the candidate" is more often another name for a person
            # the text has named; "according to a source, …" is not the subject the next sentence goes on with
            new = plural or words[0] in _INDEFINITE
            last = None if (not new or r["rule"] == "according" or head not in heads or doc.after_a_name(pos)) else \
                (pos, doc.sentence_at(pos), desc, typ, gendered.get(head), plural)
            continue
        pronoun = (r["speaker"] or "").lower()
        if last is None or pronoun not in ("he", "she", "they") or last[0] >= pos:
            continue
        src, sentence, desc, typ, gender, plural = last
        if doc.sentence_at(pos) - sentence > 1 or plural != (pronoun == "they"):
            continue
        if pronoun != "they" and gender not in (None, _PRONOUNS[pronoun]):
            continue
        entity = names[0][0] if names else None
        if entity is not None and doc.mentioned_between(entity, src, pos):
            continue
        r["_names"], r["speaker_name"], r["speaker_type"] = ((desc, typ),), desc, typ
        ev.update(text=desc, how=f"{_UNNAMED}: '{r['speaker']}' is '{desc}', the unnamed source that spoke just before")


_INDEFINITE = frozenset({"a", "an", "one", "another"})


def _head_noun(words: list[str]) -> str:
    """The head noun of a description, as written: its last word before a post-modifier
    ("two people [familiar with the talks]", "officials [in Riverton]", "the Wisconsin [Republican]")."""
    head = entities._head_phrase(words)
    return head[-1].strip(".,;:") if head else ""


# a possessive ending and the noun it governs: what follows a possessor in a speaker phrase
_POSSESSED = re.compile(r"['’]s?\s+\w")


def _speaker_name(doc, s0: int, s1: int, written: str | None) -> tuple:
    """``(speaker_name, type, how, resolved_to)`` of the speaker mention ``[s0, s1)``."""
    if written is None:
        return None, None, "no speaker", None
    if written.lower() in _PRONOUNS and _PRONOUNS[written.lower()] is None:
        return None, None, f"'{written}' inside a quotation names no one", None
    if written in ("Q", "A") and hasattr(doc, "_interviewee") and doc.text.startswith((":", "."), s1):
        if written == "Q":
            return None, None, "interview question: the interviewer's", None
        who = doc._interviewee
        if who is None:
            return None, None, "interview answer: the introduction names no one", None
        return who, "person", f"interview answer: {who}, the person its introduction names most", who
    shouted = written.isupper() and len(written) > 2
    full = doc.surname_of(written) if shouted else None
    if shouted and full is None and " " not in written:  # "TAPPER:" after "JAKE TAPPER:" in a transcript
        full = _long_labels(doc).get(written)
    if full or (shouted and doc.text.startswith(":", s1)):
        # a transcript label: "PENCE:", or the surname of a person named in the article ("PENCE"),
        # not an acronym ("according to CNN", "NRA")
        return full or written.title(), "person", f"transcript label{' of ' + full if full else ''}", full or written.title()
    anonymous = _ANONYMITY.match(doc.text, s1, min(len(doc.text), s1 + 120)) is not None
    # "officials in Riverton", "sources close to Hale", "Economists at the Chamber of Commerce": a
    # description, whatever names follow it
    words = written.split()
    if _people_share(words):
        desc = written[0].lower() + written[1:]
        return desc, "person", f"{_UNNAMED}: people, unnamed or counted (person)", desc
    # "White House officials", "Senate aides": capitalised words before a lower-case head noun
    # describe a source; its head says what kind, and it is not named
    headed = _modified_head(words)
    described = words[0].lower() in _ANONYMOUS_HEADS or _placed_description(words) or headed
    head = doc.head(s0, s1)
    if head is not None and _POSSESSED.match(doc.text, head.end, s1):
        head = None  # "Cole’s Son Says …" in a headline: the son speaks, not Cole
    if described and (head is None or head.form != "epithet"):
        head = None  # "The Nevada Democrat" is a description, unless the parse read it as the person just named
    people = head is not None and _people_of_a_country(doc, head, s0)
    if people:
        head = None  # "Mexicans often say", "many Britons said": people, not the state ("the Russians said" stays)
    if _common_opener(doc, s0, written, head):
        # "Another said", "Allies say", "Polls suggest": a common word opening the sentence describes the source
        kind, _ = entities.mention_kind(written.lower())
        typ = "anonymous" if anonymous else _TYPES.get(kind, kind)
        return written.lower(), typ, f"{_UNNAMED}: the description ({typ})", written.lower()
    if head is not None and (head.entity is not None or head.form in ("name", "surname")):
        typ = _TYPES.get(head.type, head.type)
        if typ == "person" and _title_after_the(doc, s0, written, head.entity):
            typ = "organisation"  # "As The Hill reported", "according to The Blaze": a title's name, not a person's
        if typ == "person" and not _person_shown(doc, head.entity) and (
                (head.type == "unknown" and " " in head.entity) or _is_organization(doc, head.entity)):
            # "Northgate said …" with "Northgate Paper Co." elsewhere (not "Mr. Trump"); a name of
            # several words the parse found no person in ("Western Journalism", "American Legion")
            typ = "organisation"
        if head.form == "spokesperson" and head.entity.endswith(tuple("'s " + w for w in _SPOKES)) or anonymous:
            typ = "anonymous"  # an unnamed spokesperson speaks for X without being named
        full = doc.surname_of(head.entity) if typ == "person" and " " not in head.entity else None
        if full is not None:  # a surname before the full name ("Hale: ‘…’" in a headline)
            return full, typ, f"{head.form} '{head.text}': surname of {full}, named later", full
        return head.entity, typ, f"{head.form} '{head.text}': {head.how}", head.entity
    if head is not None and head.form == "pronoun":
        return None, None, head.how, None
    # "Parents [at the school]": people; "the Nevada Democrat": a person (mention_kind reads the whole)
    whole = entities.party_member_description(words) or entities.office_description(words)
    kind, named = entities.mention_kind(words[0] if described and not whole else written)
    if headed:
        kind, named = entities._description_head(words) or (kind, False)
    elif described and entities.office_description(words):
        kind, named = "person", False  # "the Springfield Mayor": whoever holds the office, unnamed
    if words[0].lower() in _ANONYMOUS_HEADS:
        kind, named = "anonymous", False  # "Officials in Washington"
    elif people:
        kind, named = "person", False
    if named and head is None and written[:1].isupper() and not described:
        full = doc.surname_of(written) if " " not in written else None
        name = full or written
        typ = "anonymous" if anonymous else "organisation" if kind == "organization" else "person"
        return name, typ, "name as written" if not full else f"surname of {full}", name
    if anonymous:
        kind = "anonymous"  # "a diplomat, who spoke on condition of anonymity"
    # a sentence's capital goes ("Federal prosecutors"), a name's stays ("FBI agents", "White House officials")
    first = words[0]
    proper = ((len(first) > 1 and first.isupper()) or entities.demonym_to_country(first) is not None
              or first in _PARTY_WORDS or first in entities._tables()["org_words"]
              or (len(words) > 1 and words[1][:1].isupper() and first not in entities._DETERMINERS)
              or _name_word(doc, entities._bare(first)))  # "Peru's president": a possessive name keeps its capital
    desc = " ".join((written if proper else written[0].lower() + written[1:]).split())  # "a\xa0poll": "a poll"
    typ = _TYPES.get(kind, kind)
    return desc, typ, f"{_UNNAMED}: the description ({typ})", desc


def _people_share(words: list[str]) -> bool:
    """"Some", "Others", "Many": unnamed people; "About 4 in 10", "30 percent", "nine out of 10": a
    share of people counted (a poll's respondents)."""
    if len(words) == 1:
        return words[0].lower() in _reported.INDEFINITE_SPEAKERS
    toks = [(w, 0, 0) for w in words]
    # the share may be followed by who is counted: "4 in 10 voters", "30 percent of voters"
    return any(_reported.quantity_start(toks, k) == 0 for k in range(1, min(len(words), 6)))


def _people_of_a_country(doc, head, s0: int) -> bool:
    """Whether the mention ``head`` is a bare plural demonym ("Mexicans", "many Britons"): people of
    the country, where "the Russians" is often its government."""
    return (head.type == "country" and head.text.endswith("s") and head.text != head.entity
            and entities.demonym_to_country(head.text) is not None
            and not doc.text[max(s0, head.start - 4):head.start].lower().endswith("the "))


_UNNAMED = "unnamed source"
_PARTY_WORDS = frozenset({"Democratic", "Democrat", "Republican", "Conservative", "Labour", "Liberal", "Libertarian",
                          "Socialist", "Green"})

_TYPES = {"country": "organisation", "place": "organisation", "organization": "organisation", "unknown": "person"}


def _is_organization(doc, name: str) -> bool:
    """The article shows the one-word ``name`` to be an organisation ("Northgate" … "Northgate
    Paper Co."); the article's organisation names are found once."""
    if not hasattr(doc, "_org_prefixes"):
        doc._org_prefixes = entities.organization_prefixes([doc.text])
    return entities.organization_in_context(name, doc.text, prefixes=doc._org_prefixes)


def _common_opener(doc, s0: int, written: str, head) -> bool:
    """Whether the one-word speaker ``written`` at ``s0`` opens its sentence and is an English
    word the article also writes in lower case and gives no person ("Another", "Allies",
    "Polls"; not "Small" where the text names "Marty Small", nor "Cruz" after "Sen. Cruz")."""
    if " " in written or not written[:1].isupper() or written.isupper():
        return False
    if head is not None and (head.form != "name" or head.type != "unknown" or head.entity != written
                             or _person_shown(doc, head.entity)):
        return False
    if doc.surname_of(written) or (s0 and not entities._SENT_START.search(doc.text, max(0, s0 - 4), s0)):
        return False
    if not hasattr(doc, "_lower_words"):
        doc._lower_words = entities._lower_words([(m.group(), 0, 0) for m in entities._TOKEN.finditer(doc.text)])
    return written.lower() in doc._lower_words and entities._common_word(written, doc.text)


def _title_after_the(doc, s0: int, written: str, name: str) -> bool:
    """Whether the one-word name ``name``, spoken by as ``written`` at ``s0``, follows a capital
    "The" ("The Hill", "The Blaze") and the article shows no person by it: no given name, no
    surname the text gives, no plural ("The Clintons"), no title or pronoun of a person."""
    if " " in name or name.endswith("s") or _person_shown(doc, name) or entities._given_gender(name):
        return False
    if written != "The " + name and not doc.text.endswith("The ", 0, s0):
        return False
    return name not in entities._surnames_in(doc.text)


def _name_word(doc, word: str) -> bool:
    """Whether ``word`` is a word of the name of a person, organisation or country the article gives
    ("Acme" … "Acme Corp.", "Trump" … "Donald Trump"): a description that opens with it keeps its capital."""
    if not hasattr(doc, "_name_words"):
        doc._name_words = frozenset(w for n, e in doc.entities.items() if e.type in ("person", "organization", "country")
                                    for w in n.split())
    return word in doc._name_words


def _person_shown(doc, name: str) -> bool:
    """The article shows ``name`` to be a person: the parse typed it so or gave it a gender or a
    role ("Mr. Obama", "President Obama", "he")."""
    ent = doc.entities.get(name)
    return ent is not None and (ent.type == "person" or ent.gender is not None or bool(ent.roles))


# words after a speaker that keep it unnamed: "a diplomat, who spoke on condition of anonymity, said"
_ANONYMITY = re.compile(r"[^.;:“”\"]{0,60}?(?<![\w'’\-])(?:on\s++(?:the\s++)?condition\s++of\s++anonymity|anonymously|"
                        r"not\s++(?:to\s++be\s++)?(?:named|identified|authori[sz]ed\s++to\s++(?:speak|discuss|comment)))")
_ANONYMOUS_HEADS = frozenset({"officials", "sources", "aides", "insiders", "diplomats", "people", "persons"})
_SPOKES = ("spokesperson", "spokesman", "spokeswoman", "spokespeople", "spokesmen", "spokeswomen")


_STEPS = {
    "quotations": _step_quotations,
    "attribution": _step_attribution,
    "carried": _step_carried,
    "reported": _step_reported,
    "after_reported": _step_after_reported,
    "block": _step_block,
    "kinds": _step_kinds,
    "speaker_names": _step_speaker_names,
}


def _article_quotes(aid, paras) -> list[dict]:
    """All quotation rows of one article (``paras`` = [(paragraph, text, base offset)]): the
    steps of :data:`QUOTE_PIPELINE` in order over one shared parse of the article."""
    ctx = _Quotes(aid, paras)
    for name in QUOTE_PIPELINE:
        _STEPS[name](ctx)
    _as_written(ctx, _article_text(paras))
    return ctx.rows


def _as_written(ctx: _Quotes, original: str) -> None:
    """Quotes and evidence in the article's own characters: the steps read its quotation marks made
    readable (guillemets, straight marks paired as curly ones, one character for one), and a slice
    of that text is given back as the article wrote it."""
    read = ctx.doc.text
    if read == original:
        return
    for r in ctx.rows:
        if r["quote"] is not None and read[r["start"]:r["end"]] == r["quote"]:
            r["quote"] = original[r["start"]:r["end"]]
        if r["speaker"] is not None and r["speaker_start"] is not None and read[r["speaker_start"]:r["speaker_end"]] == r["speaker"]:
            r["speaker"] = original[r["speaker_start"]:r["speaker_end"]]
        for d in r["evidence"]:
            if read[d["start"]:d["end"]] == d["text"]:
                d["text"] = original[d["start"]:d["end"]]


def _quote_rows(paras: pd.DataFrame) -> list[dict]:
    """Quote rows (dicts) of paragraph units, article by article: the one pass both measures use.

    The rows of the last two inputs are remembered (keyed on their ids, offsets and texts), so
    ``sources`` after ``quotes`` on the same articles parses each article once.  Callers must
    not change the rows (they copy what they return)."""
    if not len(paras):
        return []
    try:
        key = (tuple(paras["article_id"]), tuple(paras["start"]), tuple(paras["text"]))
        hash(key)
    except TypeError:  # unhashable ids: no memory
        return _compute_rows(paras)
    with _ROWS_LOCK:
        if key in _ROWS:
            _ROWS.move_to_end(key)
            return _ROWS[key]
    rows = _compute_rows(paras)
    with _ROWS_LOCK:
        _ROWS[key] = rows
        while len(_ROWS) > 2:
            _ROWS.popitem(last=False)
    return rows


_ROWS: OrderedDict = OrderedDict()
_ROWS_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget the quote rows remembered for the last inputs (the next call computes them afresh).

    >>> clear_cache()
    """
    with _ROWS_LOCK:
        _ROWS.clear()


def _compute_rows(paras: pd.DataFrame) -> list[dict]:
    rows: list[dict] = []
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
    """Every attribution of speech or writing: direct, indirect, mixed and floating quotes.

    Parameters
    ----------
    data : DataFrame, list of str or str
        Articles (``nl.load()``), paragraphs, sentences, any table with ``text``, or strings.

    Returns
    -------
    DataFrame
        One row per quotation piece: ``article_id, paragraph, group, kind, quote, speaker,
        speaker_name, speaker_type, cue, start, end, speaker_start, speaker_end, rule,
        evidence``.

        ``kind``: ``direct`` (in quotation marks, its speaker in the same paragraph),
        ``indirect`` (reported speech: "X said (that) …", "…, X said", "according to X, …"),
        ``mixed`` (reported speech with a quoted fragment, or a quoted fragment inside a
        sentence), ``floating`` (a quotation whose speaker is carried over from the paragraph
        before).  ``quote`` is the content (the words inside the marks, or the reported clause);
        ``start``/``end`` its offsets into the article text.  ``speaker`` is the speaker mention
        as written (titles and appositions dropped: "she", "Hale", "a senior official");
        ``speaker_start``/``speaker_end`` the offsets of the whole mention, its title included
        ("Senator Omar Vance" for ``speaker`` "Omar Vance").  ``speaker_name`` is who that is, resolved
        within the article by :func:`newslens.entities.parse` ("she" → "Marian Hale", "the
        governor" → "Marian Hale", "a spokeswoman for Hale" → "Marian Hale's spokeswoman"), or
        the description itself for an unnamed source ("a person familiar with the talks");
        ``speaker_type`` is ``person``, ``organisation`` or ``anonymous`` (a document cited
        "according to" — "F.A.A. records", "recent polling" — is the source, typed
        ``organisation``: a record speaks for the body that keeps it).  Pieces of one
        quotation (split by its speech verb, or continued over paragraphs) share ``group``.
        ``rule`` names how the speaker was found: ``after``, ``before``, ``subject``,
        ``according``, ``label``, ``headline``, ``continued``, ``same_paragraph``,
        ``previous_paragraph``, ``block`` (the paragraph after "X added:", a block quotation
        whose marks went with the page's layout), a frame of reported speech (``question``: "Asked whether …, X
        said", a question whose asker the sentence does not name has no speaker; ``nominal``:
        "his claim that …", "Hale's promise to …", the possessor's words) or None.  ``evidence`` lists ``{text, start, end, role}`` for the cue, the speaker mention,
        a carried speaker (role ``carried``), quoted fragments of a mixed quote (``quoted``) and
        how the speaker was resolved (role ``resolved``, with ``how``).

    Examples
    --------
    >>> import newslens as nl
    >>> q = nl.quotes(["“We will rebuild,” Sen. Ruth Kamau, a Democrat from Ohio, said. "
    ...                "Kamau later told reporters that the money had arrived."])
    >>> q[["kind", "quote", "speaker", "speaker_name"]].values.tolist()
    [['direct', 'We will rebuild', 'Ruth Kamau', 'Ruth Kamau'], ['indirect', 'the money had arrived', 'Kamau', 'Ruth Kamau']]
    """
    paras = _paragraph_units(data)
    rows = [{**r, "evidence": [dict(d) for d in r["evidence"]]} for r in _quote_rows(paras)]
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    out = out.astype({"group": "int64", "start": "int64", "end": "int64"})
    for col in ("speaker", "speaker_name", "speaker_type", "cue", "rule"):
        out[col] = pd.Series(out[col].tolist(), dtype=object, index=out.index).where(out[col].notna(), None)
    out["speaker_start"] = out["speaker_start"].astype("Int64")
    out["speaker_end"] = out["speaker_end"].astype("Int64")
    lex = _lexicon()
    return provenance(out, measure="quotes", method="rules", level="paragraph",
                      resources={lex["name"]: lex["version"], **entities.lexicon_info()})


def _source_table(rows: list[dict]) -> dict[tuple, dict]:
    """(article_id, source) → the source's entry: type, first paragraph, quotation kinds by
    group, evidence.  A quotation of coordinated speakers counts for each of them."""
    table: dict[tuple, dict] = {}
    for r in rows:
        how = next((d.get("how") for d in r["evidence"] if d["role"] == "resolved"), None)
        described = {d["text"] for d in r["evidence"] if d["role"] == "resolved" and (d.get("how") or "").startswith(_UNNAMED)}
        for name, typ in r.get("_names") or ():
            key = (r["article_id"], name)
            e = table.get(key)
            if e is None:
                e = table[key] = {"article_id": r["article_id"], "source": name, "type": typ or "person",
                                  "named": typ != "anonymous" and name[:1].isupper() and not name.endswith(_SPOKES)
                                  and name not in described,
                                  "paragraph": r["paragraph"], "evidence": [], "_groups": {}, "_person": False}
            e["_person"] = e["_person"] or name in (r.get("_persons") or ())
            e["_groups"].setdefault(r["group"], r["kind"])
            e["evidence"].append({"text": r["quote"], "start": r["start"], "end": r["end"], "kind": r["kind"],
                                  "cue": r["cue"], "how": how})
    return table


def _organisations_of_the_collection(table: dict, paras: pd.DataFrame) -> None:
    """A one-word named source taken for a person becomes an organisation when the collection
    shows it to be one ("Northgate said …" in one article, "Northgate Paper Co." in another),
    unless its own article shows a person ("Mr. Obama", "President Obama" … "he" stays a
    person where another article names "the Obama Administration")."""
    maybe = [e for e in table.values() if e["type"] == "person" and e["named"] and " " not in e["source"]
             and not e["_person"] and entities.name_gender(e["source"]) is None]
    if not maybe:
        return
    texts: dict = {}
    for aid, text in zip(paras["article_id"], paras["text"]):
        texts.setdefault(aid, []).append(text)
    known = entities.organization_prefixes(t for ts in texts.values() for t in ts)
    joined: dict = {}  # article id -> (its text, its own organisation prefixes), read once per article
    for e in maybe:
        aid = e["article_id"]
        if aid not in joined:
            text = "\n\n".join(texts.get(aid, ()))
            joined[aid] = (text, entities.organization_prefixes([text]))
        text, own = joined[aid]
        if entities.organization_in_context(e["source"], text, known=known, prefixes=own):
            e["type"] = "organisation"


@register("sources")
def sources(data) -> pd.DataFrame:
    """Who gets to speak: one row per source (person, organisation or unnamed source) per article.

    Built from :func:`quotes` (one pass): every quotation and reported statement counts for
    the source its speaker resolves to, so "Marian Hale", "Hale", "the governor" and "she" are
    one source; so are "Northgate Paper Co." and "Northgate", and an unnamed source and its
    shortened description ("a senior official" … "the official").  An office with no name
    ("the Springfield Mayor") is an unnamed person.  A one-word name that its own article does
    not show to be a person is an organisation when another article passed in the same call shows
    it to be one ("Northgate Paper Co."), so its type can depend on the articles read with it: in
    ``nl.analyze``, those of its chunk.

    Parameters
    ----------
    data : DataFrame, list of str or str
        As for :func:`quotes`.

    Returns
    -------
    DataFrame
        ``article_id, source, type, named, n_quotes, n_direct, n_indirect, n_attributions,
        paragraph, evidence``.  ``type`` is ``person``, ``organisation`` or ``anonymous``;
        ``named`` is False for unnamed sources (descriptions, spokespeople without a name).
        ``n_quotes`` counts quotations (pieces of one count once); ``n_direct`` those in
        quotation marks (direct and floating), ``n_indirect`` reported speech (indirect and
        mixed); ``n_attributions`` is ``n_indirect`` (kept for older notebooks).
        ``paragraph``: the first paragraph the source speaks in.  ``evidence`` lists
        ``{text, start, end, kind, cue, how}`` per quotation.  Join ``articles`` on
        ``article_id`` to count by outlet with :func:`newslens.summarize`.

    Examples
    --------
    >>> import newslens as nl
    >>> s = nl.sources(["Officials said the bridge would reopen soon. “It is safe,” Mayor Ana Ruiz said."])
    >>> s[["source", "type", "n_direct", "n_indirect"]].values.tolist()
    [['officials', 'anonymous', 0, 1], ['Ana Ruiz', 'person', 1, 0]]
    """
    paras = _paragraph_units(data)
    table = _source_table(_quote_rows(paras))
    _organisations_of_the_collection(table, paras)
    rows = []
    for e in table.values():
        kinds = list(e.pop("_groups").values())
        del e["_person"]
        e["n_quotes"] = len(kinds)
        e["n_direct"] = sum(k in ("direct", "floating") for k in kinds)
        e["n_indirect"] = e["n_attributions"] = sum(k in ("indirect", "mixed") for k in kinds)
        rows.append(e)
    out = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    out = out.astype({"named": "bool", "n_quotes": "int64", "n_direct": "int64", "n_indirect": "int64",
                      "n_attributions": "int64", "paragraph": "int64"})
    lex = _lexicon()
    return provenance(out, measure="sources", method="rules", level="article",
                      resources={lex["name"]: lex["version"], **entities.lexicon_info()})
