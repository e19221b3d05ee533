"""Reported speech: attributions found from their speech cue, any number per sentence.

Each speech cue of a sentence ("said", "told", "according to", "warning", "pledged") is read
in its frame; the frames are tried in this order and the first that fits names the speaker
and the content (``FRAMES``):

``according``    "According to X, …" / "…, according to X." / "…, according to X, …"
``tail``         "…, X said." / "…, said X." / "The warning, the source said, was ignored."
``as``           "As the paper noted, …" / "As reported by X, …"
``relative``     "X, who said …", "the study, which notes that …", "a rule which critics said was …"
``coordinated``  "X announced … and said …" (the subject of the first verb speaks)
``participle``   "…, warning that …" (the subject of the main clause speaks)
``quoted``       "Reuters quoted a senior official as saying …" (the person quoted speaks)
``subject``      "X (has long) said (that) …", "X told reporters …", "Both A and B say …",
                 "X pledged to …"

The speaker is a noun phrase read word by word from the cue (:func:`noun_phrase_before`,
:func:`noun_phrase_after`): a name, a pronoun, or a description whose head is a source noun
("officials", "a spokeswoman", "two Democratic speechwriters"); its resolution to a person
is left to the article's parse.  Only the words near each cue are read (a bounded window on
each side), so the work grows with the number of cues, never with the square of a sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .. import entities
from ..files import read_lexicon_json
from ..segment import _punkt_resources
from ..tokens import FUNCTION_WORDS

__all__ = ["FRAMES", "Attribution", "attributions", "cues", "speaker_at_cue"]

FRAMES = ("according", "tail", "as", "relative", "coordinated", "participle", "quoted", "subject")
_WINDOW = 160  # characters read before a cue (its speaker, appositions) …
_AHEAD = 120  # … and after it (object, adjuncts, the start of the content)
_MAX_NP = 12  # words in a speaker noun phrase

# a word (with inner apostrophes, hyphens, dots: "O'Neill", "U.S.", "Ki-moon"), a quotation
# mark, or one punctuation character
_TOKEN = re.compile(r"[^\W_]+(?:['’\-./&][^\W_]+)*+(?:\.['’]s(?!\w)|\.?+)|[\"“”‘’]|[^\w\s]")  # "U.N.'s" is one word


class Attribution(NamedTuple):
    """One reported statement: speaker span, cue span, content pieces and the frame that found it.

    ``speakers`` lists the ``(start, end)`` of each coordinated speaker ("A and B say": two).
    """

    speaker_start: int
    speaker_end: int
    cue_start: int
    cue_end: int
    pieces: tuple[tuple[int, int], ...]
    frame: str
    speakers: tuple[tuple[int, int], ...]


# ---------------------------------------------------------------- word classes
@lru_cache(maxsize=1)
def _words() -> dict:
    """The word lists the frames read, from ``quotes_cues.json`` and the entity lexicons."""
    lex = read_lexicon_json("quotes_cues.json")
    names = read_lexicon_json("entities_names.json")
    desc = read_lexicon_json("entities_descriptions.json")
    verbs = {v.lower() for v in lex["reported_verbs"]}
    base = {v.lower() for v in lex["reported_base"]}
    participles = {v.lower() for v in lex["reported_participles"]}
    heads = {w.lower() for w in lex["source_nouns"]}
    heads |= {w.lower() for k in ("organization", "anonymous") for w in names["description_heads"][k]}
    heads |= {r.lower() for r in desc["person_roles"]} | {n.lower() for n in desc["organization_nouns"]}
    heads |= {w.lower() for w in desc["spokes_nouns"]} | set(desc["gendered_roles"])
    heads |= {w + "s" for w in list(heads) if not w.endswith("s")}
    return {
        "verbs": frozenset(verbs),
        "base": frozenset(base),
        "participles": frozenset(participles),
        "heads": frozenset(heads),
        "object_verbs": frozenset(lex["object_verbs"]),
        "infinitive_verbs": frozenset(lex["infinitive_verbs"]),
        "no_bare": frozenset(lex["no_bare_complement"]),
        "aux": frozenset(lex["auxiliaries"]),
        "times": frozenset(lex["time_words"]),
        "adjunct_preps": frozenset(lex["adjunct_prepositions"]),
        "postmod": frozenset(lex["postmodifiers"]),
        # contractions in either apostrophe ("it's", "it’s")
        "stop": frozenset(x for w in lex["clause_words"] + lex["connective_adverbs"] for x in (w, w.replace("'", "’"))),
        "connectives": frozenset(lex["connective_adverbs"]),
        "function": frozenset(names["function_words"]),
        "pronouns": frozenset({"he", "she", "they", "it", "i", "we", "you"}),
        "determiners": frozenset(lex["determiners"]),
        "refusal": frozenset({"declined", "refused", "declines", "refuses", "decline", "refuse"}),
        "questions": frozenset(lex["question_words"]),
        "question_verbs": frozenset(lex["question_verbs"]),
        "needs_that": frozenset(lex["noun_like_cues"]),
        "about_verbs": frozenset(lex["about_verbs"]),
        # nouns of saying whose possessor's words follow ("his claim that …", "her promise to …")
        "nominal": frozenset(lex["nominal_cues"]),
        "nominal_to": frozenset(lex["nominal_infinitive"]),
        # "according to [F.A.A. records]", "according to [recent polling]": a document is a source there
        "documents": frozenset(d.lower() for d in names["description_heads"]["document"]),
    }


@lru_cache(maxsize=1)
def _cue_words() -> tuple[frozenset, dict]:
    """The one-word cues, and the first words of two-word cues with their second word
    ("according" → "to", "pointed" → "out")."""
    w = _words()
    singles, pairs = set(), {"according": "to"}
    for form in w["verbs"] | w["base"] | w["participles"]:
        words = form.split()
        if len(words) == 1:
            singles.add(form)
        elif len(words) == 2 and words[0] not in w["aux"]:
            pairs[words[0]] = words[1]
    return frozenset(singles), pairs


_LETTERS = re.compile(r"[A-Za-z]+")
_NEXT_WORD = re.compile(r"(?<!\s)[^\S\n]++([A-Za-z]+)")  # read at a word's end: one try per space run
_JOINERS = "'’-"


_ADD = frozenset({"added", "adds", "add"})
_DASHES = frozenset({"-", "—", "–"})
_ADD_FORMS = _ADD | {"adding"}
# "add" with an amount or an indefinite noun phrase as its object adds things, not words: "organizers
# added 160 security personnel", "the plan adds a new tax" (not "added that", "added, …", "added the plan …")
_ADD_OBJECT = re.compile(r"(?<![\s,])\s++(?:\$?\d|(?:a|an|another|more|new|some|several|dozens|hundreds|thousands|millions|billions)\s)")


def cues(text: str, s: int, e: int):
    """``(start, end, cue)`` of every speech cue in ``text[s:e]``, in order: a word of the cue
    lists, or a two-word cue ("according to", "pointed out").  A word scan and set look-ups:
    far cheaper than one pattern of every verb form, and linear on any input.

    A capitalised cue word inside a sentence and followed by a lower-case word belongs to a name
    ("the United States should", "Consumer Reports found"), and one right after an article, a
    possessive or a preposition is a noun ("the states", "his claims", "filled with chants"; a
    gerund after a preposition stays a cue: "by tweeting that"): neither is a cue.

    >>> [c for _, _, c in cues("Smith said, according to Ann, that she pointed out the flaw.", 0, 60)]
    ['said', 'according to', 'pointed out']
    >>> [c for _, _, c in cues("He argued that the United States should act.", 0, 45)]
    ['argued']
    >>> [c for _, _, c in cues("Aides dismissed his claims in statements, tweeting that all was well.", 0, 70)]
    ['tweeting']
    """
    singles, pairs = _cue_words()
    for m in _LETTERS.finditer(text, s, e):
        a, b = m.span()
        if (a and text[a - 1] in _JOINERS) or (b < len(text) and text[b] in _JOINERS):
            continue
        low = m.group().lower()
        if low in singles and (_in_name(text, a, b) or _noun_use(text, a, low)
                               or (low in _ADD_FORMS and _ADD_OBJECT.match(text, b) is not None)):
            continue
        if low in singles:
            yield a, b, low
        elif low in pairs:
            nxt = _NEXT_WORD.match(text, b, e)
            if nxt is not None and nxt.group(1).lower() == pairs[low]:
                yield a, nxt.end(), f"{low} {pairs[low]}"


_BEFORE_WORD = re.compile(r"([^\s])[^\S\n]*+$")


def _in_name(text: str, a: int, b: int) -> bool:
    """Is the word ``text[a:b]`` a capitalised (not all-capital) word inside a sentence, after a
    capitalised word and before a lower-case one — part of a name ("the United [States] should")?
    Before a comma or at the end of a sentence it is part of a name when the sentence is not in
    title case: a lower-case word follows the comma ("As in the United [States], the day …") or
    one of the words before it is a lower-case word other than a short function word ("300,000
    steel workers in the United [States].").  Headlines in title case ("Trump Says He …",
    "Clinton Is Unfit, Trump Says") and all-capital text keep their cues."""
    word = text[a:b]
    if not word[:1].isupper() or word.isupper():
        return False
    prev = _BEFORE_WORD.search(text, max(0, a - 40), a)
    if prev is None or not prev.group(1).isalpha():
        return False  # the first word of a sentence, a line or a quotation
    if not text[max(0, a - 40):prev.end(1)].split()[-1][:1].isupper():
        return False  # the word before is not capitalised
    nxt = _NEXT_WORD.match(text, b, min(len(text), b + 40))
    if nxt is not None:
        return nxt.group(1)[:1].islower()
    after = _AFTER_MARK.match(text, b, min(len(text), b + 40))
    if after is None:
        return False
    if after.group("word"):
        return after.group("word")[:1].islower()
    before = _LETTERS.findall(text, max(0, a - 60), a)[-6:-1]
    return any(w[:1].islower() and w not in _TITLE_CASE_SMALL for w in before)


# right after a cue word: a comma and the next word, or the end of the sentence
_AFTER_MARK = re.compile(r"(?:[,;:][^\S\n]++(?P<word>[A-Za-z]+)|[.!?](?:[^\S\n]|$))")
# the words title case leaves in lower case ("Clinton Is Unfit for Office, Trump Says")
_TITLE_CASE_SMALL = frozenset("a an the and but or nor for of in on at to by from with as up into over".split())


# words after which a cue word is a noun ("the states", "his claims", "filled with chants"):
# articles, demonstratives and possessives, and the prepositions that take a noun or a gerund
# ("to" takes an infinitive: "declined to comment")
_ARTICLES = frozenset({"the", "a", "an", "this", "these", "those", "his", "her", "their", "its", "our", "my", "your",
                       "every", "each"})
_NOUN_PREPOSITIONS = frozenset({"of", "in", "on", "at", "with", "from", "by", "for", "about", "into", "during", "after",
                                "before", "over", "under", "against", "among", "amid", "through", "despite", "without",
                                "via"})
_WORD_END = re.compile(r"(?<![\w'’\-])([A-Za-z]++)[^\S\n]++$")  # a whole word: not the "a" of "García"


def _noun_use(text: str, a: int, low: str) -> bool:
    """Is the cue word at ``text[a]`` (lower-cased ``low``) a noun: right after an article or a
    possessive, after a preposition unless it is a gerund ("by [tweeting] that"), or a plural after
    a participle that opens the sentence ("Leaked [emails] show")?"""
    prev = _WORD_END.search(text, max(0, a - 20), a)
    if prev is None:
        return False
    word = prev.group(1).lower()
    if low.endswith("s") and word.endswith("ed"):
        ps = prev.start(1)
        opens = ps == 0 or entities._SENT_START.search(text, max(0, ps - 4), ps) is not None
        if opens and entities._participle_opener(prev.group(1), text, prev.end(1)):
            return True
    return word in _ARTICLES or (word in _NOUN_PREPOSITIONS and not low.endswith("ing"))


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum()


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _possessive(tok: str) -> bool:
    return len(tok) > 2 and tok[-2:] in ("'s", "’s")


def _head_ok(tok: str, w: dict) -> bool:
    """Can ``tok`` end a speaker noun phrase?  A name, a pronoun, or a source noun."""
    low = tok.lower()
    if low in w["pronouns"] or low.replace("’", "'") in _CONTRACTED:
        return True
    if _possessive(tok) or not _is_word(tok):
        return False
    if _is_cap(tok) and tok not in w["function"]:
        return True
    return low in w["heads"]  # "officials", "Police" opening a sentence


_CONTRACTED = frozenset({"he's", "she's", "it's", "they've", "we've", "i've", "he'd", "she'd", "they'd", "we'd", "i'd"})


# prepositions written as participles: they open a phrase before the subject, never modify the
# speaker ("foolish [considering] IBM announced")
_NOT_MODIFIERS = frozenset({"considering", "including", "regarding", "concerning", "following", "given",
                            "excluding", "barring", "notwithstanding"})
# a time noun after one of these ends a time adverbial before the subject ("Last [week] Ann Cole
# said", "This [year] voters said"), not a modifier of it ("The night watchman said"; capitalised,
# it is part of a name: "CBS This Morning co-anchor")
_TIME_NOUNS = frozenset({"week", "weekend", "month", "year", "morning", "afternoon", "evening", "night"})
_TIME_DETERMINERS = frozenset({"last", "this", "next", "past", "every", "each", "that", "same", "previous"})


def _may_add(tok: str, w: dict) -> bool:
    """Can ``tok`` head the subject of "added" as a speaker ("The plan added a tax" adds no words;
    "Others added", "Another added" do)?"""
    return _head_ok(tok, w) or tok.lower() in INDEFINITE_SPEAKERS


def _modifier_ok(tok: str, w: dict) -> bool:
    """Can ``tok`` stand before the head of a speaker noun phrase ("two Democratic", "Clinton campaign")?"""
    low = tok.lower()
    if not _is_word(tok):
        return tok in ("-", "–") and False
    if low in w["stop"] or low in w["verbs"] or low in w["base"] or low in w["participles"] or low in w["aux"] \
            or low in _NOT_MODIFIERS:
        return False
    if _is_cap(tok):  # "Police [officers]": an organisation word modifies, though alone it names no one
        return tok not in w["function"] or low in w["determiners"] or tok in entities._tables()["org_words"]
    return True


# ---------------------------------------------------------------- windows of tokens
def _without_nicknames(text: str, toks: list) -> list:
    """``toks`` without the marks and word of a quoted nickname (:func:`entities.nickname_at`)."""
    out, skip_to = [], -1
    for tok in toks:
        if tok[1] < skip_to:
            continue
        if tok[0] in ('"', "“") and tok[1] >= 1:
            nick = entities.nickname_at(text, tok[1] - 1)
            if nick is not None and nick.start(1) == tok[1]:
                skip_to = nick.end(3)
                continue
        out.append(tok)
    return out


def _tokens(text: str, a: int, b: int) -> list[tuple[str, int, int]]:
    """Words and punctuation of ``text[a:b]``; a full stop is its own token unless it belongs to
    an abbreviation ("U.S.", "Sen.", "Co.").  A quoted nickname inside a name ('Robert C. "Bobby"
    Scott') is left out, so the name reads as one noun phrase."""
    out = [(m.group(), *m.span()) for m in _TOKEN.finditer(text, a, b)]
    if text.find('"', a, b) >= 0 or text.find("“", a, b) >= 0:
        out = _without_nicknames(text, out)
    if "." not in text[a:b]:
        return out
    fixed = []
    for tok, ts, te in out:
        if len(tok) > 1 and tok[-1] == "." and not _abbreviation(tok):
            fixed.append((tok[:-1], ts, te - 1))
            fixed.append((".", te - 1, te))
        else:
            fixed.append((tok, ts, te))
    return fixed


def _abbreviation(tok: str) -> bool:
    """A token whose full stop is its own: "U.S.", "Sen.", "Co.", "R-Tenn." — an initial, a dotted
    abbreviation or a capitalised one of the sentence splitter's news abbreviations; a short name
    at a sentence end is not one ("said Tom Reed.")."""
    core = tok[:-1].rsplit("-", 1)[-1]
    return "." in core or len(core) == 1 or (core[:1].isupper() and core.lower() in _punkt_resources()["abbrev"])


def noun_phrase_before(toks: list, k: int, w: dict) -> int | None:
    """Index of the first word of the speaker noun phrase ending at ``toks[k]``, or None.

    The head (``toks[k]``) is a name, pronoun or source noun; the phrase takes modifiers to its
    left ("the California congressman", "Clinton campaign spokesman Brian Fallon"), a
    post-modifier after an earlier head ("sources [inside the state budget office]", "a source
    [close to the administration]"), a coordinated name ("Both Mr. King and [Mr. Schultz]") and
    stops after a determiner or at a clause word.
    """
    if k < 0 or _possessive(toks[k][0]):
        return None  # "The county's [first] estimate": a possessive modifies, it does not speak
    quantity = quantity_start(toks, k)
    if quantity is not None:
        return quantity  # "Thirty percent said", "Two in three said", "nearly three in five said"
    if toks[k][0].lower() in _POLLED and k >= 1 and (toks[k - 1][0].lower() == "those" or _plural(toks[k - 1][0])):
        got = noun_phrase_before(toks, k - 1, w)  # "31 percent of [those surveyed]", "[teachers polled]"
        if got is not None:
            return got
    if toks[k][0].lower() in INDEFINITE_SPEAKERS and (k == 0 or toks[k - 1][0].lower() in _CLAUSE_OPENERS):
        return k  # "Some say …", "…, but others say …": unnamed people (a weasel attribution)
    # a head of two words: "the [first lady]" ("first" alone is an adverb: "she first said"; "lady"
    # alone no head, so "first lady and U.S. senator Ana Ruiz" is one person)
    pair = k >= 1 and f"{toks[k - 1][0].lower()} {toks[k][0].lower()}" in w["heads"]
    loose = not pair and not _head_ok(toks[k][0], w) and not _surname(toks, k) and not _organisation_end(toks, k) \
        and not _time_in_name(toks, k)  # "USA [Today] reported"
    if loose and not (_modifier_ok(toks[k][0], w) and toks[k][0][:1].islower() and toks[k][0].lower() not in w["determiners"]
                      or _object_pronoun(toks, k)):
        return None
    if toks[k][0].lower() in w["pronouns"] or toks[k][0].lower().replace("’", "'") in _CONTRACTED:
        return k
    first = _extend_left(toks, k - 1 if pair else k, w)
    if loose and not _object_pronoun(toks, k) and toks[first][0].lower() not in w["determiners"] \
            and not toks[first][0][:1].isdigit() and not toks[k][0].lower().endswith(_AGENT_ENDINGS) \
            and not _plural(toks[k][0]) and not _plural(toks[first][0].lower()):
        return None  # a common noun speaks only with a determiner ("One California delegate said")
    return first


INDEFINITE_SPEAKERS = frozenset({"some", "others", "another", "many", "most", "few", "several"})
_CLAUSE_OPENERS = frozenset({",", "and", "but", "while", "whereas", "yet", "though", "although", ";", "—", "–"})
_AGENT_ENDINGS = ("ers", "ors", "ists", "ians", "ants", "ents", "ives", "er", "or", "ist", "ian")


def _plural(tok: str) -> bool:
    """A lower-case plural noun ("advocates", "leaders"): it may speak without a determiner."""
    return tok[:1].islower() and len(tok) > 3 and tok.endswith("s") and not tok.endswith(("ss", "us", "is", "ous"))


_POLLED = frozenset({"surveyed", "polled", "questioned", "interviewed", "sampled"})
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                          "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred".split())
_APPROXIMATELY = frozenset("nearly almost about some just only roughly over under a mere more fewer less than".split())


def _numeric(tok: str) -> bool:
    """A number in figures or words ("58", "1,200", "Thirty", "thirty-one")."""
    low = tok.lower()
    return low.replace(",", "").replace(".", "").isdigit() or all(p in _NUMBER_WORDS for p in low.split("-"))


def quantity_start(toks: list, k: int) -> int | None:
    """First word of a share of people ending at ``toks[k]``: "[Thirty] percent", "[nearly] 58
    percent", "[Two] in three", "[one] in four", "[nine] out of 10"; None otherwise."""
    low = toks[k][0].lower()
    if low in ("percent", "%") and k >= 1 and _numeric(toks[k - 1][0]):
        j = k - 1
    elif _numeric(low) and k >= 2 and toks[k - 1][0].lower() == "in" and _numeric(toks[k - 2][0]):
        j = k - 2
    elif _numeric(low) and k >= 3 and toks[k - 1][0].lower() == "of" and toks[k - 2][0].lower() == "out" \
            and _numeric(toks[k - 3][0]):
        j = k - 3  # "[nine] out of 10"
    else:
        return None
    while j > 0 and toks[j - 1][0].lower() in _APPROXIMATELY:
        j -= 1
    return j


def _object_pronoun(toks: list, k: int) -> bool:
    """"most of [them]", "one of [us]", "a third of [those]": a pronoun after "of" heads a quantity phrase."""
    return toks[k][0].lower() in ("them", "us", "those") and k >= 2 and toks[k - 1][0].lower() == "of"


def _extend_left(toks: list, k: int, w: dict) -> int:
    """Index of the first word of the noun phrase headed by ``toks[k]`` (see noun_phrase_before)."""
    first, j = k, k - 1
    listed = False
    while j >= 0 and k - j < _MAX_NP:
        tok = toks[j][0]
        low = tok.lower()
        if low in _DEMONSTRATIVES and _demonstrative_for(low, toks[k][0], w):
            return j  # "[that same] governor", "[those two] officials"; not "the fund that officials said"
        if low in w["determiners"]:
            inner = _postmodified(toks, j - 1, w)
            before = _description_before_and(toks, j, w) if inner is None else None
            if before is not None:
                first, j = before, before - 1  # "[the mayor and] the police chief": two sources, coordinated
                continue
            if inner is None:
                dem = j >= 1 and toks[j - 1][0].lower() in _DEMONSTRATIVES and (low in _NUMBERS or low.isdigit())
                return j - 1 if dem and _demonstrative_for(toks[j - 1][0].lower(), toks[k][0], w) else j  # "[those] two officials"
            first, j = inner, inner - 1  # "a source close to [the administration]"
            continue
        inner = _postmodified(toks, j, w)
        if inner is not None:
            first, j = inner, inner - 1
            continue
        if tok == "," and first == j + 1 and j >= 1 and _thousands(toks, first) and toks[k][0][:1].islower():
            first, j = j - 1, j - 2  # "[1,]409 teachers": the tokens split a number at its thousands separator
            continue
        if low == "and" and j >= 1 and _head_ok(toks[j - 1][0], w) and _is_cap(toks[j + 1][0]):
            first, j = j - 1, j - 2  # "[Mr. King and] Mr. Schultz"
            listed = True
            continue
        if low == "," and listed and j >= 1 and _is_cap(toks[j - 1][0]):
            r = j - 1  # "[Carson,] Fiorina and Huckabee": a list of names before the "and"
            while r > 0 and j - r < 3 and _is_cap(toks[r - 1][0]) and toks[r - 1][0] not in w["function"]:
                r -= 1
            name = " ".join(t for t, _, _ in toks[r:j])
            # the list stands alone or after the preposition of a post-modifier ("voters in [Alabama,] Georgia and Virginia")
            opens = r == 0 or toks[r - 1][0] == "," or _postmodified(toks, r - 1, w) is not None
            if opens and toks[r][0] not in w["function"] and not entities.is_sentence_opener(name):
                first, j = r, r - 1
                continue
        if tok in _TIME_NOUNS and j >= 1 and toks[j - 1][0].lower() in _TIME_DETERMINERS:
            break
        if _possessive(tok) or _modifier_ok(tok, w) or (low == "of" and _object_pronoun(toks, k)):
            first, j = j, j - 1
            continue
        break
    # a share of people counted before the noun: "[about 4 in] 10 voters", "[30 percent of] voters"
    share = quantity_start(toks, first) if _numeric(toks[first][0]) else None
    if share is None and first >= 2 and toks[first - 1][0].lower() == "of" and toks[first][0][:1].islower():
        share = quantity_start(toks, first - 2)
    return first if share is None else share


def _description_before_and(toks: list, j: int, w: dict) -> int | None:
    """First word of a description coordinated with the one that opens with the determiner at
    ``toks[j]``: "[the mayor] and the police chief", "[a nurse] and a teacher" (a source noun after a
    determiner of its own, before "and"); else None."""
    if j < 3 or toks[j - 1][0].lower() != "and":
        return None
    head = toks[j - 2][0]
    if not (head[:1].islower() and head.lower() in w["heads"]):
        return None
    prev = noun_phrase_before(toks, j - 2, w)
    return prev if prev is not None and toks[prev][0].lower() in w["determiners"] else None


def _thousands(toks: list, j: int) -> bool:
    """Whether ``toks[j]`` is the last three digits of a number written with a thousands separator
    ("1", ",", "409"; the comma right between them)."""
    return (len(toks[j][0]) == 3 and toks[j][0].isdigit() and toks[j - 1][0] == "," and toks[j - 2][0].isdigit()
            and toks[j - 2][2] == toks[j - 1][1] and toks[j - 1][2] == toks[j][1])


_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
_NUMBERS = frozenset("two three four five six seven eight nine ten dozen several few".split())


def _demonstrative_for(dem: str, head: str, w: dict) -> bool:
    """Whether the demonstrative ``dem`` can open a noun phrase with the lower-case source noun
    ``head``: "this"/"that" a singular one, "these"/"those" a plural one ("that" before a plural
    opens a clause: "the fund that officials said …")."""
    low = head.lower()
    return head[:1].islower() and low in w["heads"] and _plural(head) == (dem in ("these", "those"))


_LINKED = {"to": ("close",), "with": ("familiar",), "on": ("briefed",)}


def _postmodified(toks: list, j: int, w: dict) -> int | None:
    """When ``toks[j]`` is the preposition of a post-modifier whose head stands before it
    ("officials [in] Washington", "a source close [to]"), the index of that head, else None."""
    if j < 1:
        return None
    low = toks[j][0].lower()
    if low not in w["postmod"] or low in ("close", "familiar", "briefed"):
        return None
    h = j - 1
    if toks[h][0].lower() in _LINKED.get(low, ()):
        h -= 1
    hl = toks[h][0].lower() if h >= 0 else ""
    # not a pronoun or a possessive ("taking [her] to …": "her" is no agent noun like "teacher")
    if h >= 0 and hl not in w["pronouns"] and hl not in w["determiners"] and hl not in ("him", "them") and (
            _head_ok(toks[h][0], w) or toks[h][0][:1].islower() and (hl.endswith(_AGENT_ENDINGS) or _plural(toks[h][0]))):
        return h  # "officials [in] Washington", "protest organizers [in] Cleveland", "cafes [in] the centre"
    return None


def apposition_before(toks: list, k: int, w: dict) -> tuple[int, int] | None:
    """``(first, last)`` word indices of the speaker when ``toks[k]`` is the comma closing one or
    more parenthetical phrases after it: an apposition ("Ban Ki-moon, the secretary general of
    the United Nations[,] vowed"), an age or a place ("Brianne Stone, 29, of Huntsville, Ala.[,]
    says"), a relative or participle clause ("X, who spoke on condition of anonymity[,]", "X,
    wearing a T-shirt[,]"), an aside ("Ted Cruz, by contrast[,] wrote").  The speaker is the
    leftmost noun phrase not governed by a preposition ("In Washington, [the minister], who …,
    said"); a person's name in apposition to a description wins ("A lawyer for the news
    outlets, David Schulz[,] said")."""
    if k < 2 or toks[k][0] != ",":
        return None
    segments = _comma_segments(toks, k)
    for i in range(len(segments) - 1, -1, -1):  # leftmost candidate first
        end = segments[i][0] - 2  # the word before the comma opening segment i
        if end > 1 and toks[end][0] == ")":  # "Sen. Rob Portman (R-Ohio), another …, said"
            opening = next((x for x in range(end - 1, max(0, end - 6), -1) if toks[x][0] == "("), None)
            end = opening - 1 if opening else end
        first = _subject_ending_at(toks, end, w)
        if first is None or (first, end) in segments and _place_after(toks, first, w):
            continue
        rest = segments[:i + 1]
        if not all(_parenthetical(toks[a:b + 1], w) or _person_name(toks[a:b + 1]) for a, b in rest):
            continue
        if not entities.mention_kind(" ".join(t[0] for t in toks[first:end + 1]))[1]:
            named = next(((a, b) for a, b in reversed(rest) if _person_name(toks[a:b + 1]) and not _place_after(toks, a, w)), None)
            if named is not None:
                return named  # "A lawyer for the news outlets, David Schulz, said"
        return first, end
    # "One pastor supporting Mr. Cruz, Darran Whiting of Liberty Baptist Church, said": the name
    named = next(((a, b) for a, b in segments[:1] if _person_name(toks[a:b + 1]) and not _place_after(toks, a, w)), None)
    return named if named is not None else _relative_subject(toks, k, w)


def _place_after(toks: list, a: int, w: dict) -> bool:
    """Whether the segment opening at ``toks[a]`` continues a place named before its comma: one or
    two capitalised words after "in|from|of … Capitalised," ("from Dayton, [Ohio]", "in Albany,
    [N.Y.]", "of Portland, [Ore.]"): a state or a country, not a speaker in apposition."""
    return _place_preposition(toks, a, w) is not None


def _place_preposition(toks: list, a: int, w: dict) -> int | None:
    """Index of the preposition opening the place that the segment at ``toks[a]`` continues
    (:func:`_place_after`), or None."""
    if a < 3 or toks[a - 1][0] != "," or not _is_cap(toks[a - 2][0]):
        return None
    b = a
    while b < len(toks) and b - a < 3 and _is_cap(toks[b][0]) and _is_word(toks[b][0]):
        b += 1
    if b - a not in (1, 2) or (b < len(toks) and _is_word(toks[b][0])) or entities._given_gender(toks[a][0]):
        return None  # "for Acme Media, [David Schulz]," is a person
    j = a - 2
    while j > 0 and a - 2 - j < 3 and _is_cap(toks[j - 1][0]) and _is_word(toks[j - 1][0]):
        j -= 1  # "in [New] York, N.Y."
    low = toks[j - 1][0].lower()
    return j - 1 if low in w["postmod"] or low in w["adjunct_preps"] else None


def _placed_speaker(toks: list, first: int, last: int, w: dict) -> tuple[int, int]:
    """``(first, last)`` of the speaker when the phrase found before the cue is the state or country
    of a place after the speaker's name ("[Stacy Baker] of Columbia, South Carolina says", the
    comma before the verb left out; a state or country the resolver knows): the noun phrase before
    the place's preposition; else as given."""
    prep = _place_preposition(toks, first, w)
    spans = entities.name_spans(" ".join(t[0] for t in toks[first:last + 1])) if prep is not None else ()
    if len(spans) != 1 or spans[0][3] not in ("place", "country"):
        return first, last  # "through Pasadena, [CNN] reported": only a known state or country continues a place
    head = prep - 1  # the word before the preposition
    got = _subject_ending_at(toks, head, w)
    return (got, head) if got is not None else (first, last)


def _agent_of_participle(toks: list, first: int, last: int, w: dict) -> tuple[int, int]:
    """``(first, last)`` of the speaker when the phrase found before the cue is the agent of a
    participle that modifies the subject ("[A witness] interviewed by congressional staff said",
    "[A commission] appointed by President Bush estimated"): the noun phrase before the
    participle; else as given."""
    if first < 3 or toks[first - 1][0].lower() != "by":
        return first, last
    part = toks[first - 2][0]
    if not part[:1].islower() or not entities.past_participle(part):
        return first, last
    got = _subject_ending_at(toks, first - 3, w)
    return (got, first - 3) if got is not None else (first, last)


def _participle_modified(toks: list, k: int, w: dict) -> tuple[int, int] | None:
    """``(first, last)`` of the speaker when the words before the cue at ``toks[k + 1]`` are a
    phrase of an -ing participle right after the speaker's head noun ("[Protesters] marching to the
    Capitol said", "[Officials] speaking on condition of anonymity said"); None otherwise, and when
    the noun before the participle cannot speak ("voters in six states going to the polls …").  The
    phrase holds no comma, pronoun or clause word and starts with a preposition or an article."""
    for j in range(k, max(0, k - 10), -1):
        tok = toks[j][0]
        low = tok.lower()
        preposition = low in w["postmod"] or low in w["adjunct_preps"]
        if not _is_word(tok) or (low in w["stop"] or low in w["aux"]) and not preposition or low in _OPENERS \
                or low in w["pronouns"]:
            return None  # "… began circulating after [it] announced": a clause of its own
        if j < k and j >= 1 and low.endswith("ing") and len(low) > 5 and tok[:1].islower():
            after = toks[j + 1][0].lower()
            if (after in w["postmod"] or after in w["adjunct_preps"] or after in w["determiners"]) \
                    and toks[j - 1][0][:1].isalpha() and toks[j - 1][0].lower() not in w["determiners"]:
                got = _subject_ending_at(toks, j - 1, w)
                return (got, j - 1) if got is not None else None
    return None


def _relative_subject(toks: list, k: int, w: dict, *, bare: bool = False) -> tuple[int, int] | None:
    """``(first, last)`` of the antecedent of a restrictive relative clause that runs up to the
    cue at ``toks[k + 1]``: "[Two officials] who spoke on condition of anonymity said", "[Two
    state officials] who visited the depot in Albany, N.Y., speaking on condition of anonymity,
    said"; None when no "who" opens the clause or no noun phrase that may speak stands before it.
    ``bare``: the clause has no comma and no word that opens another clause ("the crowd who had
    gathered [that] the mayor said")."""
    r = k
    stops = {".", ";", ":", '"', "“", "”"} | ({","} if bare else set())
    while r > 0 and k - r < 30 and toks[r][0] not in stops and not (bare and toks[r][0].lower() in _OPENERS):
        if toks[r][0].lower() == "who":
            break
        r -= 1
    if r < 1 or toks[r][0].lower() != "who" or r + 1 > k or not toks[r + 1][0][:1].islower():
        return None
    got = _antecedent_of(toks, r, w)
    if not got or not _clause_opens(toks, got[0], w):
        return None
    name = _name_before_comma(toks, got[0], w, _person_name)  # "[Bill Ames], a Tulsa grocer who …, said"
    return (name, got[0] - 2) if name is not None else got


def _subject_ending_at(toks: list, last: int, w: dict) -> int | None:
    """First word of a speaker noun phrase ending at ``toks[last]`` (:func:`noun_phrase_before`)
    that can be a clause's subject (:func:`_clause_opens`), or None."""
    first = noun_phrase_before(toks, last, w)
    return first if first is not None and _clause_opens(toks, first, w) else None


def _clause_opens(toks: list, first: int, w: dict) -> bool:
    """True when a noun phrase starting at ``toks[first]`` can be a subject: it opens the
    sentence, or follows punctuation, a conjunction or a subordinator (not a verb or a
    preposition: "supporting [Mr. Cruz]", "in [Washington]")."""
    if first == 0:
        return True
    prev = toks[first - 1][0]
    low = prev.lower()
    return not _is_word(prev) or low in _OPENERS or (_is_cap(prev) and prev in w["function"] and low not in w["postmod"])


_OPENERS = frozenset({"and", "but", "while", "when", "as", "because", "that", "after", "before", "since", "if", "though",
                      "although", "whereas", "so", "yet", "or", "nor", "until", "once", "where"})


def _comma_segments(toks: list, k: int) -> list[tuple[int, int]]:
    """The phrases between commas ending at the comma ``toks[k]``, right to left, as (first, last)."""
    out, right = [], k
    for _ in range(5):
        j = right - 1
        while j >= 0 and right - j <= 20 and (toks[j][0] not in (",", ".", ";", ":", '"', "“", "”") or _quoted_word(toks, j, right)):
            j -= 1
        if j < 1 or toks[j][0] != "," or j == right - 1:
            break
        out.append((j + 1, right - 1))
        right = j
    return out


def _quoted_word(toks: list, j: int, right: int) -> bool:
    """Whether the mark ``toks[j]`` encloses words inside the phrase that ends at ``toks[right]``
    ("who calls Trump a “sociopath,”"): an opening mark closed after it, by the phrase's end."""
    if toks[j][0] == "“":
        return any(t[0] == "”" for t in toks[j + 1:right + 2])
    return toks[j][0] == "”" and j + 1 < right and any(t[0] == "“" for t in toks[max(0, j - 6):j])


def _person_name(seg: list) -> bool:
    """A capitalised person's name, before any "of …" ("Darran Whiting [of Liberty Baptist Church]"),
    alone or after a description of lower-case content words ("retired teacher [Ann Lowe]",
    "Alabama Democratic Party chairwoman [Nancy Worley]"; not "led by president Ruth Kamau")."""
    words = [t[0] for t in seg]
    if "of" in words:
        words = words[:words.index("of")]
    if words and _is_cap(words[0]) and entities.mention_kind(" ".join(words)) == ("person", True):
        return True
    lower = [i for i, x in enumerate(words) if x[:1].islower()]
    if not lower or len(words) - lower[-1] < 3 or any(words[i] in FUNCTION_WORDS or words[i].endswith("ing") for i in lower):
        return False
    return entities.mention_kind(" ".join(words[lower[-1] + 1:])) == ("person", True)


def _parenthetical(inner: list, w: dict) -> bool:
    """A phrase that may stand between commas after a speaker: a description ("the president
    of X", "dean of the law school", "82"), a relative or participle clause ("who spoke …",
    "wearing …"), an aside ("by contrast", "however")."""
    first = inner[0][0]
    low = first.lower()
    return (low in w["determiners"] or first[:1].isdigit() or _head_ok(first, w) or low.startswith(("who", "which"))
            or (low.endswith(("ing", "ed")) and first[:1].islower()) or low in w["postmod"] | w["stop"]
            or low.endswith("ly") or low in _ASIDE_OPENERS or (_possessive(first) and len(inner) > 1)  # "Clinton's director of …"
            or (first[:1].islower() and len(inner) > 1 and entities.past_form(low)
                and inner[1][0].lower() in _PARTICIPLE_PREPOSITIONS)  # "struck by her story"; not "made an endless stream"
            or (first[:1].islower() and _is_word(first) and any(t[0] in ("of", "at", "for") for t in inner[1:4])
                and low not in w["verbs"] and not entities.past_form(low)))  # "dean of the law school", "ranking member of …"


_PARTICIPLE_PREPOSITIONS = frozenset("by in at on for from with to as into over under after".split())
# an intensifying reflexive ("X, himself up for reelection, said") or a participle that is no past
# form ("X, clad in a red cape, said", "X, born in Ohio, said")
_ASIDE_OPENERS = frozenset("himself herself themselves itself clad born known shown given taken seen driven written "
                           "chosen beaten hidden stricken sworn shaken spoken broken fallen grown drawn thrown".split())


def noun_phrase_after(toks: list, i: int, w: dict) -> int | None:
    """Index of the last word of a speaker noun phrase starting at ``toks[i]`` ("said [one
    Democratic source on the panel]"), which runs to a comma or the sentence end, or None."""
    j, last, n, in_pp = i, None, len(toks), False
    # a name under way at the limit is finished ("… at Cornell University in New [York]")
    while j < n and (j - i < _MAX_NP or (j - i < 2 * _MAX_NP and last == j - 1
                                          and _is_cap(toks[j][0]) and _is_cap(toks[last][0]))):
        tok = toks[j][0]
        if not _is_word(tok):
            break
        low = tok.lower()
        if low in w["postmod"] and last is not None and j + 1 < n and _is_word(toks[j + 1][0]):
            if low == "on" and last == j - 1 and _is_cap(toks[last][0]) and not in_pp and _is_cap(toks[i][0]) \
                    and toks[i][0].lower() not in w["determiners"]:
                # where a named person spoke: "wrote [Ann Cole] on the Web site …", "said [Cole] on
                # Twitter"; a description keeps it ("the top Democrat on the committee, Mark Warner")
                break
            j, in_pp = j + 1, True  # "a source [on] the panel", "a person [familiar with] the talks"
            continue
        if low in entities._AND and last == j - 1 and _is_cap(toks[last][0]) and _and_in_name(toks, i, j):
            j += 1  # "said former [Housing and Urban Development] Secretary Julian Castro"
            continue
        in_name = j > i and _is_cap(tok) and not tok.isupper() and _is_cap(toks[j - 1][0])  # "the United [States]"
        if in_name and low in w["aux"] and _surname(toks, j):
            last, j = j, j + 1  # "said Theresa [May]": a surname, not a modal
            continue
        if (low in w["verbs"] and not in_name) or (low in w["aux"] and not (j == i and low in w["determiners"])) \
                or low in w["stop"] and low not in w["determiners"] or low in w["times"] and not _time_in_name(toks, j):
            break  # ("[Both] parents": "both" opens a phrase, though after a subject it is skipped: "they both said")
        if low in w["pronouns"] or last == j - 1 and tok[:1].islower() and (
                low in _POSSESSIVE_DETERMINERS or low.replace("’", "'") in _CONTRACTED):
            if j == i:
                last = j
            break  # "told [the AP] his firm worked …", "told [the National Post] he’s …": a clause begins
        if (last == j - 1 and not in_pp and tok[:1].islower() and not _head_ok(tok, w)
                and toks[last][0][:1].islower() and toks[last][0].endswith("s")):
            break  # a lower-case word right after a plural head is its verb: "said [half the residents] work at …"
        if last == j - 1 and toks[last][0][:1].isalpha() and tok[:1].islower() and entities.past_form(low) and j + 1 < n and (
                toks[j + 1][0].lower() in w["determiners"] or _is_cap(toks[j + 1][0])):
            break  # a past verb and its object after the head: "said [his survey] showed Mr. Trump's support …"
        if (last == j - 1 or toks[j - 1][0].lower() in w["documents"]) and _participle_after_document(toks, i, j, w):
            break  # "according to [a poll of 400 voters] released on Friday", "[a fact sheet] lawmakers released"
        if last == j - 1 and toks[last][0].islower() and toks[last][0] in w["documents"] and _named_clause(toks, j):
            break  # a name and its verb after a document noun: "according to [reports] Mr. Schoen filed"
        if (_head_ok(tok, w) or (in_name and (_organisation_end(toks, j) or _time_in_name(toks, j)))
                or (in_pp and _modifier_ok(tok, w) and low not in w["determiners"])):
            last = j
        elif not (_possessive(tok) or _modifier_ok(tok, w) or low in w["determiners"] or _function_word_in_name(toks, j, w)):
            break
        j += 1
    return last


def _named_clause(toks: list, j: int) -> bool:
    """Whether a name starting at ``toks[j]`` is the subject of a past verb right after it ("[Mr.
    Schoen] filed"), not a name in apposition ("the website [UDN],")."""
    k = j
    while k < len(toks) and _is_cap(toks[k][0]):
        k += 1
    return k > j and k < len(toks) and toks[k][0].islower() and entities.past_form(toks[k][0])


def _function_word_in_name(toks: list, j: int, w: dict) -> bool:
    """Is the capitalised function word ``toks[j]`` inside a name, between capitalised words
    ("the Roper Center for Public [Opinion] Research")?"""
    return (0 < j < len(toks) - 1 and _is_cap(toks[j][0]) and _is_cap(toks[j - 1][0]) and _is_cap(toks[j + 1][0])
            and toks[j + 1][0] not in w["function"] and _is_word(toks[j + 1][0]))


def _participle_after_document(toks: list, i: int, j: int, w: dict) -> bool:
    """Whether ``toks[j]`` opens the post-modifier of a document the phrase from ``toks[i]``
    names: a plural noun and its past verb right after the document noun ("a memo [aides] wrote"),
    or a lower-case word in -ed after a lower-case word, before a preposition or a time, in a
    phrase with a document noun ("a poll [released] on Friday", "an email from the president of
    the federation [obtained] by …"); not a person's deed ("a speech Mrs. Clinton delivered at …")
    nor a description of people ("Democrats involved in the talks")."""
    tok = toks[j][0]
    after = toks[j + 1][0] if j + 1 < len(toks) else ""
    if toks[j - 1][0].lower() in w["documents"] and _plural(tok) and after[:1].islower() and entities.past_form(after):
        return True  # "a memo [aides] wrote", "the report [investigators] released": a clause of its own
    if not (tok[:1].islower() and tok.endswith("ed") and toks[j - 1][0][:1].islower()) or j + 1 >= len(toks):
        return False
    nxt = toks[j + 1][0].lower()
    return (nxt in _PARTICIPLE_PREPOSITIONS or nxt in w["times"]) and any(
        t.lower() in w["documents"] for t, _, _ in toks[i:j])


def _and_in_name(toks: list, i: int, j: int) -> bool:
    """Whether the "and" at ``toks[j]`` is inside an organisation's name that the phrase from
    ``toks[i]`` reads (``entities.name_spans`` of those words: "Food and Drug Administration")."""
    words = [t for t, _, _ in toks[i:j + 5]]
    at = len(" ".join(words[:j - i]))
    return any(k == "organization" and a < at < b for _, a, b, k in entities.name_spans(" ".join(words)))


def _skip_back(toks: list, k: int, w: dict) -> int:
    """Index of the word before a run of auxiliaries, adverbs and time words ending at
    ``toks[k]``: "X [has long] said", "X [on Thursday evening] said", "X [last week] told",
    "X [however] said"."""
    steps = 0
    while k >= 0 and steps < 6:
        low = toks[k][0].lower()
        if low == ")":  # "Kasich (who has 25 delegates) said", "Mitch McConnell (R-Ky.) said"
            j = next((j for j in range(k - 1, max(-1, k - 16), -1) if toks[j][0] == "("), None)
            if j is None:
                break
            k, steps = j - 1, steps + 1
        elif (low in w["aux"] and not _surname(toks, k)) or (
                low.endswith("ly") and len(low) > 4 and low.isalpha() and not _is_cap(toks[k][0])):
            k, steps = k - 1, steps + 1
        elif (low in w["connectives"] or low in ("here", "overall")) and not _is_cap(toks[k][0]):
            k, steps = k - 1, steps + 1  # "X [however] said", "campaign workers [here] said", "voters [overall] said"
        elif low in _WEEKDAYS or (low in w["times"] and low not in ("this", "first", "still", "now", "then")
                                  and not _time_in_name(toks, k)):
            k, steps = k - 1, steps + 1
            if k >= 0 and toks[k][0].lower() in ("on", "last", "this", "early", "late", "next"):
                k -= 1  # "on Thursday", "last week"
        else:
            break
    return k


def _time_in_name(toks: list, k: int) -> bool:
    """Is the time word ``toks[k]`` part of a name, capitalised after a capitalised word ("USA
    [Today]", "Good [Morning] America"), not a weekday ("CNN [Tuesday]" is when)?"""
    return k > 0 and _is_cap(toks[k][0]) and _is_cap(toks[k - 1][0]) and toks[k][0].lower() not in _WEEKDAYS


def _surname(toks: list, k: int) -> bool:
    """Is ``toks[k]`` a surname that is also a modal, a month or a verb, not the word: after a given
    name ("Theresa [May] said", "Brian [Will]") or opening the words before a cue ("[May] said",
    "[Read] told reporters")?"""
    if not _is_cap(toks[k][0]):
        return False
    if k == 0:
        return toks[0][0] in entities.FUNCTION_SURNAMES
    return entities.name_gender(f"{toks[k - 1][0]} {toks[k][0]}") is not None


def _organisation_end(toks: list, k: int) -> bool:
    """Is ``toks[k]`` a capitalised function word that ends an organisation's name here, after a
    capitalised word ("Judicial [Watch]", "Human Rights [Watch]"), not a word opening a sentence
    ("Watch: …")?"""
    return k > 0 and _is_cap(toks[k - 1][0]) and toks[k][0] in entities._tables()["org_words"]


_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


# ---------------------------------------------------------------- the frames
class _Cue:
    """One cue in its sentence; the words on either side are read when first needed."""

    def __init__(self, text: str, cue: tuple[int, int, str], s: int, e: int):
        self.text, self.s, self.e = text, s, e
        self.start, self.end, self.word = cue
        self._back = self._fwd = None

    @property
    def back(self) -> list:
        if self._back is None:
            self._back = _tokens(self.text, max(self.s, self.start - _WINDOW), self.start)
        return self._back

    @property
    def fwd_to_end(self) -> bool:
        """The words after the cue reach the sentence end."""
        return self.end + _AHEAD >= self.e

    @property
    def fwd(self) -> list:
        if self._fwd is None:
            self._fwd = _tokens(self.text, self.end, min(self.e, self.end + _AHEAD))
        return self._fwd


@lru_cache(maxsize=1)
def _with_document_heads() -> dict:
    """``_words()`` with the document nouns among the speaker heads (and no longer verbs: "according
    to [multiple news reports]") and "by" among the post-modifiers: "according to [F.A.A. records]",
    "[an analysis by the Tax Policy Center]"."""
    w = _words()
    return {**w, "heads": w["heads"] | w["documents"], "verbs": w["verbs"] - w["documents"], "postmod": w["postmod"] | {"by"}}


class _AnyNoun:
    """Speaker heads for a phrase after "according to": any lower-case word that is not a
    function word."""

    def __init__(self, function: frozenset):
        self.function = function

    def __contains__(self, low: str) -> bool:
        return low.isalpha() and low not in self.function


@lru_cache(maxsize=1)
def _with_any_heads() -> dict:
    w = _with_document_heads()
    return {**w, "heads": _AnyNoun(w["function"] | w["stop"] | w["determiners"])}


def _document_opener(word: str) -> bool:
    """An indefinite article or a possessive opening "according to …": the phrase is a document
    even with a name before its noun ("according to [a CNN poll]", "[July's Post/ABC poll]"),
    where "according to [the FBI] data" is the FBI's."""
    return word.lower() in ("a", "an") or _possessive(word)


def _frame_according(c: _Cue, w: dict, clause: int):
    if not c.word.startswith("according"):
        return None
    last = noun_phrase_after(c.fwd, 0, w)
    if last is not None and last + 1 < len(c.fwd) and c.fwd[last + 1][0] == "by":
        last = noun_phrase_after(c.fwd, 0, _with_document_heads())  # "according to [a new report by Politico]"
    lead = c.text[clause:c.start].strip(" ,")
    before_document = last is not None and last + 1 < len(c.fwd) and c.fwd[last + 1][0].lower() in w["documents"]
    if last is None or before_document and (c.fwd[last][0][:1].islower() or _document_opener(c.fwd[0][0])):
        # a document is the source: "according to [recent polling]", "[harbour authority records]"
        # (a named body before it stays the source: "according to [the FBI] data"), unless the
        # phrase sits inside what someone reported: "The AP reported that, according to an
        # analysis …, 85 meetings …" is the AP's
        if lead.lower().endswith("that"):
            return None
        last = noun_phrase_after(c.fwd, 0, _with_document_heads())
    if last is None and c.fwd:
        # "according to [an attendee]", "[media trackers]", "[a count by The Associated Press]": after
        # "according to" any noun names a source, with a determiner or in the plural; not "according
        # to plan"
        last = noun_phrase_after(c.fwd, 0, _with_any_heads())
        if last is not None and not (c.fwd[0][0].lower() in w["determiners"] | {"an", "a"}
                                     or _possessive(c.fwd[0][0]) or _plural(c.fwd[last][0])):
            last = None
    if last is None:
        last = _according_phrase(c.fwd, w)
    if last is None:
        return None
    sp = (c.fwd[0][1], c.fwd[last][2])
    k = last + 1
    while k < len(c.fwd) and c.fwd[k][0][:1].islower() and c.fwd[k][0].lower() in w["documents"]:
        k += 1  # the named body's document: "According to [Census Bureau] figures, the city grew …"
    if k < len(c.fwd) and _participle_after_document(c.fwd, 0, k, w):
        # "According to a report [released Friday], the dam failed": the post-modifier runs to a comma
        k = next((j for j in range(k + 1, min(len(c.fwd), k + _MAX_NP)) if not _is_word(c.fwd[j][0])), k)
    if k < len(c.fwd) and c.fwd[k][0] not in (",", ".", ";"):
        longer = _according_phrase(c.fwd, w)  # "according to [their friends] and advisers, …": read to the comma
        if longer is not None and longer >= k:
            sp, k = (c.fwd[0][1], c.fwd[longer][2]), longer + 1
    after = c.fwd[k][0] if k < len(c.fwd) else "."
    # "The plan, according to X, [would cut …]"; not X's apposition ("…, according to X, a former aide")
    rest = after == "," and k + 1 < len(c.fwd) and not (lead and c.fwd[k + 1][0].lower() in _APPOSITION_OPENERS)
    pieces = []
    if lead and not (rest and _ADJUNCT_LEAD.match(lead)):  # "[Over the long term], according to X, …": an adjunct
        pieces.append((clause, c.start))
    if rest:
        pieces.append((c.fwd[k + 1][1], c.e))
    return sp, pieces, "according", (sp,)


def _according_phrase(fwd: list, w: dict) -> int | None:
    """Index of the last word of the source after "according to" read as all the words up to the
    next comma or the sentence end, when the noun-phrase rules read none ("according to [early
    results of exit polls conducted for The Associated Press and television networks], …",
    "[their friends and advisers]", "[him]", "[complete but unofficial returns]"): up to 20 words,
    none of them a verb of saying or a mark, opening with a determiner, a possessive, a pronoun or a
    name, or ending in a plural; not "according to plan"."""
    k = 0
    while k < len(fwd) and k <= 20 and _is_word(fwd[k][0]) and fwd[k][0].lower() not in w["verbs"]:
        k += 1
    if k == 0 or k > 20 or (k < len(fwd) and fwd[k][0] not in (",", ".", ";", "—", "–")):
        return None
    first = fwd[0][0]
    low = first.lower()
    if (low in w["determiners"] or low in _POSSESSIVE_DETERMINERS or low in ("him", "her", "them", "me", "us")
            or _possessive(first) or _is_cap(first) or _plural(fwd[k - 1][0])):
        return k - 1
    return None


# a short prepositional phrase opening the sentence before "according to X, …"
_ADJUNCT_LEAD = re.compile(r"(?:In|On|At|Over|Under|By|For|After|Before|Since|During|Across|Among|Within|Outside)"
                           r"(?:\s++[\w'’.\-]++){1,4}$")


# after "…, according to X," these open an apposition to X, not the rest of the content:
# "…, according to Lily Batchelder, [a former tax aide]" ("the" opens content as often: "Over the
# long term, according to the budget office, [the rise in deficits] is …")
_APPOSITION_OPENERS = frozenset({"a", "an", "who", "whose", "which"})


def _frame_tail(c: _Cue, w: dict, clause: int):
    """"…, X said." / "…, said X." / "A, X said, B": the content is the clause around it."""
    if c.word in w["participles"]:
        return None
    k = _skip_back(c.back, len(c.back) - 1, w)
    if k >= 0 and c.back[k][0] == ",":  # ", said X"
        if not c.fwd or c.fwd[0][0].lower() in w["stop"]:
            return None
        last = noun_phrase_after(c.fwd, 0, w)
        if last is None or not _closes(c, last + 1, w):
            return None
        sp = (c.fwd[0][1], c.fwd[last][2])
        comma = c.back[k][1]
        rest = last + 1
        named = _apposed_name(c.fwd, 0, last)
        if named[1] != last:  # "…, said the company's chief executive, [John J. Ferriola], on Tuesday."
            sp, rest = (c.fwd[named[0]][1], c.fwd[named[1]][2]), len(c.fwd)  # what follows is about the speaker
    else:
        first = noun_phrase_before(c.back, k, w)
        if first is None or first == 0 or c.back[first - 1][0] != ",":
            return None
        if not _closes(c, 0, w):
            return None
        sp = (c.back[first][1], c.back[k][2])
        comma = c.back[first - 1][1]
        rest = _skip_adjuncts(c, 0, w)
    pieces = [(clause, comma)]
    if rest < len(c.fwd) and c.fwd[rest][0] == "," and rest + 1 < len(c.fwd) and c.fwd[rest + 1][0].lower() in _WHO:
        # "And Trump, said Sunshine, who remains friendly with him, doesn't forgive": the aside is the speaker's
        rest = next((x for x in range(rest + 2, len(c.fwd)) if c.fwd[x][0] == ","), len(c.fwd))
    if rest < len(c.fwd) and c.fwd[rest][0] == "," and rest + 1 < len(c.fwd):
        pieces.append((c.fwd[rest + 1][1], c.e))  # "The warning, the source said, was ignored."
    if not _has_words(c.text, pieces, 3):
        return None
    return sp, pieces, "tail", (sp,)


def _apposed_name(toks: list, first: int, last: int) -> tuple[int, int]:
    """``(first, last)`` of the speaker found after the cue at ``toks[first:last + 1]``: a person's
    name in apposition to a description that is no name ("said the bureau's director, [James B.
    Comey], on Tuesday"; a comma, a full stop or a semicolon after the name), else as given."""
    i = last + 1
    if i >= len(toks) or toks[i][0] != "," or i + 2 >= len(toks) or not _is_cap(toks[i + 1][0]):
        return first, last
    end = next((x for x in range(i + 1, min(len(toks), i + 8)) if not _is_word(toks[x][0])), len(toks))
    if end - i < 3 or (end < len(toks) and toks[end][0] not in (",", ".", ";")) or not _named_person(toks[i + 1:end]) \
            or _named_person(toks[first:last + 1]):
        return first, last
    return i + 1, end - 1


_WHO = frozenset({"who", "whose", "whom"})


def _at_least(toks: list, j: int) -> bool:
    """"at least" / "at most" at ``toks[j]``: a quantity opening a clause ("said [at least] 21 people
    died"), not an adjunct ("said [at the meeting]")."""
    return toks[j][0].lower() == "at" and j + 1 < len(toks) and toks[j + 1][0].lower() in ("least", "most")


def _skip_adjuncts(c: _Cue, i: int, w: dict) -> int:
    """Index of the first word after the cue's object and adjuncts: "told [the Sentinel]
    [last week]", "said [in a Friday interview] [with Univision]", "wrote [on Twitter]",
    "suggest [however] that"."""
    j, n = i, len(c.fwd)
    if c.word in w["object_verbs"] and j < n:
        if c.fwd[j][0].lower() in _OBJECT_PRONOUNS:
            j += 1
        else:
            last = noun_phrase_after(c.fwd, j, w)
            if last is not None:
                j = last + 1
    for _ in range(4):
        if j >= n:
            break
        low = c.fwd[j][0].lower()
        if low in w["times"]:
            if low in ("last", "this", "next", "early", "late") and j + 1 < n:
                if low == "this" and c.fwd[j + 1][0].lower() not in w["times"] and not _is_cap(c.fwd[j + 1][0]):
                    break  # "suggest [this incompatibility] has …": a clause's subject, not a time
                j += 2
            else:
                j += 1
        elif low in w["connectives"]:
            j += 1  # "suggest [however] that …"
        elif low in _HERE_THERE and j > i and j + 1 < n and (
                c.fwd[j + 1][0].lower() in w["times"] | w["adjunct_preps"] or c.fwd[j + 1][0].lower() == "that"):
            j += 1  # "told voters [here] Sunday that …"; not "said there was …"
        elif low in w["adjunct_preps"] and not _at_least(c.fwd, j):
            after = _prepositional_phrase(c.fwd, j + 1, w)
            if after == j + 1:
                break  # "said to be …": no object, not an adjunct
            j = after
        elif low == "," and j + 1 < n:
            close = next((x for x in range(j + 2, min(n, j + 12)) if c.fwd[x][0] == ","), None)
            if close is None or close + 1 >= n or c.fwd[close + 1][0].lower() != "that":
                break
            j = close + 1  # "testified, for example, that …", "said on CNN, where he is a contributor, that …"
        else:
            break
    return j


_OBJECT_PRONOUNS = frozenset({"me", "him", "her", "us", "them", "you", "it", "reporters", "journalists"})


def _prepositional_phrase(toks: list, j: int, w: dict) -> int:
    """Index after the object of a preposition at ``toks[j]``: a number or name ("on Monday",
    "in 2015", "on Fox News Sunday"), or a determiner and the shortest run of up to three
    words after which a clause boundary follows ("in [a statement]", "in [his victory speech]
    that night"); a year may be elided ("in [‘08]"); a bare noun before the clause's subject or
    "that" ("in [private] that …")."""
    n = len(toks)
    if j >= n:
        return j
    if toks[j][0].lower() not in w["determiners"]:
        k = j + (toks[j][0] in "‘’'" and j + 1 < n and toks[j + 1][0][:1].isdigit())  # "in ‘08"
        while k < n and k - j < 5 and _is_word(toks[k][0]) and (_is_cap(toks[k][0]) or toks[k][0][:1].isdigit()
                                                                 or toks[k][0].lower() in w["times"]):
            k += 1
        if k == j and 0 < k + 1 < n and toks[k][0][:1].islower() and toks[k][0].isalpha() and toks[k][0] not in w["stop"] \
                and (toks[k + 1][0].lower() == "that" or toks[k + 1][0].lower() in w["pronouns"]
                     and toks[k - 1][0].lower() != "to"):
            k += 1  # "said in [private] that …", "said in [politics] it takes time"; not "promised to [veto] it"
        return k if k > j else j
    k = j + 1
    for size in range(1, 4):
        end = k + size
        if end > n or not all(_is_word(t[0]) and t[0].lower() not in w["stop"] for t in toks[k:end]):
            break
        if end == n or _boundary(toks[end][0], w):
            return end
    return min(n, k + 1)


def _boundary(tok: str, w: dict) -> bool:
    low = tok.lower()
    return (not _is_word(tok)) or low == "that" or low in w["adjunct_preps"] or low in w["times"] or low in w["pronouns"]


def _closes(c: _Cue, i: int, w: dict) -> bool:
    """True when nothing but adjuncts follow the cue before the sentence end or a comma."""
    j = _skip_adjuncts(c, i, w)
    if j >= len(c.fwd):
        return c.fwd_to_end
    return c.fwd[j][0] in (".", ",", "!", "?", ";", '"', "”", "’", ")")


def _frame_relative(c: _Cue, w: dict, k: int):
    if k < 0 or c.back[k][0].lower() not in ("who", "which", "who's", "who’s", "that"):
        return None
    j = k - 1
    while j >= 0 and (c.back[j][0] == "," or c.back[j][0] in _DASHES):
        j -= 1
    first = noun_phrase_before(c.back, j, w)
    if first is None:
        return None
    return (c.back[first][1], c.back[j][2]), "relative"


def _frame_subject(c: _Cue, w: dict, k: int):
    """"X said …": the noun phrase before the cue (after auxiliaries and an apposition) speaks."""
    if c.word in w["participles"] and not any(t[0].lower() in _BE for t in c.back[k + 1:]):
        return None  # "…, warning" is a participle; "is warning" a verb
    if k >= 2 and c.back[k][0] in _DASHES:
        # "X, director of Y - which has endorsed Sanders - said": the aside between dashes is left out
        # (a dash may be written "--", two tokens)
        close = k
        while close > 0 and c.back[close - 1][0] in _DASHES:
            close -= 1
        opening = next((i for i in range(close - 1, max(0, close - 40), -1) if c.back[i][0] in _DASHES), None)
        while opening is not None and opening > 0 and c.back[opening - 1][0] in _DASHES:
            opening -= 1
        if opening is not None and opening >= 1:
            k = opening - 1
    if k >= 1 and c.back[k][0] in ("”", '"') and c.back[k - 1][0] == ",":
        k -= 1  # "Humphrey, who calls Trump a “sociopath,” said": the comma closes the aside
    if k >= 0 and c.back[k][0] == ",":
        got = apposition_before(c.back, k, w)
        if got is None:
            return None
        first, last = got
    elif (modified := _participle_modified(c.back, k, w)) is not None:
        first, last = modified
    else:
        first, last = noun_phrase_before(c.back, k, w), k
        obj = first if first is not None else _object_start(c.back, k, w)  # "Officials who oversaw [the program] said"
        got = _antecedent(c.back, obj, w) if obj is not None else None
        if got == ():
            return None  # the object inside a relative clause, with no speaker before it
        if got is not None:
            first, last = got
        rel = _relative_subject(c.back, k, w, bare=True)
        if _antecedent_speaks(c.back, first, rel):
            first, last = rel
        if first is None:
            return None
        first = _topic_of_source(c.back, first, w)
        first, last = _placed_speaker(c.back, first, last, w)
        first, last = _agent_of_participle(c.back, first, last, w)
        first, last = _name_before_description(c.back, first, last, w)
    if c.word in w["base"] and not _plural_or_aux(c, k, first, last, w):
        return None  # "a report that …", "his claim": a noun, not a verb
    if c.word in _ADD and not _may_add(c.back[last][0], w):
        return None  # "The plan added a new tax": only a speaker adds words
    heads = _coordinated(c.back, first, last, w)
    return (c.back[first][1], c.back[last][2]), "subject", heads


def _topic_of_source(toks: list, first: int, w: dict) -> int:
    """First word of the speaker when the phrase found before the cue is the topic of a source noun
    ("[A statement about] the planned visit noted", "[An inquiry into] the crash found"): the phrase
    the source noun heads; else ``first``."""
    if first < 2 or toks[first - 1][0].lower() not in entities.TOPIC_PREPOSITIONS:
        return first
    head = toks[first - 2][0]
    if not (head[:1].islower() and head.lower() in w["heads"]):
        return first
    outer = noun_phrase_before(toks, first - 2, w)
    return outer if outer is not None else first


def _name_before_description(toks: list, first: int, last: int, w: dict) -> tuple[int, int]:
    """``(first, last)`` of the speaker when the description ``toks[first:last + 1]`` follows a
    person's name and a comma, its closing comma missing ("Anthony Anton, president and CEO of the
    association stated"): the name; else the description's own span."""
    named = _name_before_comma(toks, first, w, _named_person) if toks[first][0][:1].islower() else None
    return (named, first - 2) if named is not None else (first, last)


def _name_before_comma(toks: list, a: int, w: dict, is_name) -> int | None:
    """First word of the name that a comma separates from the phrase opening at ``toks[a]`` ("[Bill
    Ames], a Tulsa grocer …"), when ``is_name`` takes its words and it may open a clause; else None."""
    if a < 2 or toks[a - 1][0] != ",":
        return None
    name = noun_phrase_before(toks, a - 2, w)
    return name if name is not None and _clause_opens(toks, name, w) and is_name(toks[name:a - 1]) else None


def _antecedent_speaks(toks: list, first: int | None, rel) -> bool:
    """Whether the antecedent ``rel`` of a relative clause before the cue speaks rather than the noun
    phrase at ``first`` inside it: "[Residents] who live below the dam say" (the dam does not speak;
    a subject pronoun does: "people who know him say")."""
    return rel is not None and (first is None or rel[1] < first and toks[first][0].lower() not in _SUBJECT_PRONOUNS)


def _named_person(seg: list) -> bool:
    """Whether the words of ``seg`` are one person's name as the resolver reads them ("Anthony
    Anton"; not "Rather", "South Carolina" or "Ariz.")."""
    text = " ".join(t[0] for t in seg)
    spans = entities.name_spans(text)
    return len(spans) == 1 and spans[0][3] == "person" and spans[0][2] - spans[0][1] == len(text) and " " in text


_RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
_SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "we", "they"})
_WHO_HEADS = frozenset({"those", "others", "many", "some", "most", "few", "all"})  # "[those] who …", plural
def _object_start(toks: list, k: int, w: dict) -> int | None:
    """First word of a plain object phrase ending at ``toks[k]``: an object pronoun ("him"), or a
    determiner or possessive pronoun and up to three lower-case words ("the program", "his candidacy")."""
    if k < 0 or toks[k][0] in _OBJECT_PRONOUNS:
        return k if k >= 0 else None
    j = k
    while j > 0 and k - j < 3 and toks[j][0][:1].islower() and toks[j][0].isalpha() and toks[j][0] not in w["determiners"]:
        j -= 1
    return j if j < k and toks[j][0].lower() in w["determiners"] else None


def _antecedent(toks: list, first: int, w: dict):
    """"Republicans who have praised [his candidacy] warned …": the noun phrase before the cue
    is the object of a verb inside a relative clause, and the clause's antecedent speaks.
    ``(first, last)`` of the antecedent ("Republicans"); ``()`` when the phrase is such an object
    but no noun phrase that may speak stands before the relative pronoun; None when the phrase is
    no such object (it is the speaker)."""
    j = first - 1
    verb = toks[j][0] if j >= 2 else ""
    if (not (verb.isalpha() and verb.islower()) or verb in w["stop"] or verb in w["determiners"] or verb in w["postmod"]
            or toks[first][0].lower() in _SUBJECT_PRONOUNS):
        return None  # "who stank [she] replied": a subject pronoun is no object
    rel = toks[j - 1][0].lower()
    if rel == "who" or rel in _RELATIVE_PRONOUNS and (entities.past_form(verb) or _plural(verb)):
        return _antecedent_of(toks, j - 1, w)  # "People who know [him] say"; not "At that time [the FBI] noted"
    if not entities.past_form(verb):
        return None
    j -= 1
    while j > 0 and first - j <= 4 and (toks[j][0].lower() in w["aux"] or toks[j][0] in ("not", "never")):
        j -= 1  # "who have [long] praised", "which had not paid"
    return _antecedent_of(toks, j, w) if toks[j][0].lower() in _RELATIVE_PRONOUNS else None


def _antecedent_of(toks: list, r: int, w: dict):
    """The speaker noun phrase ending just before the relative pronoun ``toks[r]`` ("those" in
    "those who back her opponents say"), or ()."""
    if r >= 1 and toks[r - 1][0].lower() in _WHO_HEADS:
        return r - 1, r - 1
    ante = noun_phrase_before(toks, r - 1, w) if r >= 1 else None
    return (ante, r - 1) if ante is not None else ()


_ASPECTUAL = frozenset({"continued", "continues", "continue", "went", "goes", "began", "begins", "proceeded", "used",
                        "moved", "rushed", "hastened", "took", "sought"})
_BE = frozenset({"is", "was", "are", "were", "been", "be", "am"})
_MODAL = frozenset({"will", "would", "can", "could", "may", "might", "should", "must", "did", "do", "does"})
_AUXILIARIES = _BE | _MODAL | {"have", "has", "had"}


def _plural_or_aux(c: _Cue, k: int, first: int, last: int, w: dict) -> bool:
    """A base verb form ("say") is a verb after a modal or a plural subject ("experts say")."""
    if any(t[0].lower() in _MODAL or t[0].lower() == "to" for t in c.back[k + 1:]) or quantity_start(c.back, last) == first:
        return True  # "… will say", "went on to say" (an aspectual verb's infinitive), "nine out of 10 say"
    head = next((c.back[j - 1][0] for j in range(first + 1, last + 1) if c.back[j][0].lower() in w["postmod"]),
                c.back[last][0])  # "[Sources] inside the administration say"
    if head.lower() in _POLLED and last > first:
        head = c.back[last - 1][0]  # "those surveyed say", "teachers polled say"
    low = head.lower()
    # "more [serious] note": a lower-case word in -ous, -us or -is is no plural ("Saudis" is)
    return low in ("they", "we", "i", "you") or (low.endswith("s") and not low.endswith("ss")
                                                  and (_is_cap(head) or not low.endswith(("us", "is")))) \
        or any(t[0].lower() == "and" for t in c.back[first:last]) or low in ("police", "people", "media") or low in _WHO_HEADS \
        or low in _QUANTITY or _numeric(low)  # "Thirty-one percent of those surveyed say", "Two in three say"


_QUANTITY = frozenset({"percent", "%", "half", "third", "quarter", "majority", "minority", "plurality", "share", "fraction",
                       "two-thirds", "three-quarters"})


def _coordinated(toks: list, first: int, k: int, w: dict) -> tuple:
    """The spans of coordinated names in one noun phrase ("Mr. King and Mr. Schultz")."""
    ands = [j for j in range(first, k) if toks[j][0].lower() == "and"]
    if not ands:
        return ((toks[first][1], toks[k][2]),)
    ands = sorted(ands + [j for j in range(first, ands[0]) if toks[j][0] == ","])  # "Carson, Fiorina and Huckabee"
    out, a = [], first + (toks[first][0].lower() in ("both", "either", "neither") and first < ands[0] - 1)  # "[Both] the mayor and …"
    for j in ands + [k + 1]:
        if j - 1 >= a:
            out.append((toks[a][1], toks[j - 1][2]))
        a = j + 1
    return tuple(out)


def _complement(c: _Cue, w: dict):
    """Start of the reported content after the cue, or None: after "that", a colon, an object
    and adjuncts, an infinitive ("pledged [to push …]") or a bare clause ("said [the plan failed]")."""
    n = len(c.fwd)
    j = _skip_adjuncts(c, 0, w)
    if j >= n:
        return None
    tok = c.fwd[j][0]
    low = tok.lower()
    if c.word in w["object_verbs"] and low != "that" and (j > 0 or low in w["determiners"]):
        # "told [The Post and Courier newspaper of Charleston on Saturday] that …": a long object
        # ("told [the inquiry] that …" too, an object the noun phrase reader does not take)
        for x, t in enumerate(c.fwd[j:j + 10], start=j):
            if t[0].lower() == "that":
                after = c.fwd[x + 1][0].lower() if x + 1 < n else ""
                if after in w["verbs"] or after in w["aux"] or entities.past_form(after):
                    break  # "wrote the budget [that left …]": a relative clause of the object, no content
                return t[2]
            low_t = t[0].lower()
            if not _is_word(t[0]) or low_t in w["verbs"] or low_t in w["aux"] or low_t in w["questions"] \
                    or low_t in w["pronouns"] or low_t == "to":
                break  # a clause or an infinitive begins: "asked Obama [what he thought …]", "ask X [to make …]"
    if low in ("only", "simply", "merely") and j + 1 < n and c.fwd[j + 1][0].lower() == "that":
        j, low = j + 1, "that"  # "said in his statement [only] that …"
    if low == "that" or tok == ":":
        return c.fwd[j + 1][1] if j + 1 < n else None
    if low == "about" and c.word in w["about_verbs"]:
        return c.fwd[j][2]  # "warned the governor about [the mill]"
    if c.word in w["question_verbs"]:
        # "asked whether …", "asked them why …", "asked about the loan": the question is the content
        for t in c.fwd[:6]:
            if t[0].lower() in w["questions"]:
                return t[1] if t[0].lower() != "about" else t[2]
        if c.fwd[0][0].lower() in ("to", "not") or not (
                c.word in w["infinitive_verbs"] and any(t[0].lower() == "to" for t in c.fwd[1:6])):
            return None  # a request is read below: "asked the network [to donate …]"; not "asked not to be named"
    if low == "to":
        if c.word in w["infinitive_verbs"]:
            return c.fwd[j][1]
        return None
    if c.word in w["infinitive_verbs"] and j + 1 < n and c.fwd[0][0].lower() != "to":
        # "urged supporters to monitor": the object is part of the content
        for t in c.fwd[:6]:
            if t[0].lower() == "to":
                return c.fwd[0][1]
    if c.word in w["needs_that"] and low in w["pronouns"] and _verb_after_subject(c, w):
        return c.fwd[j][1]  # "Podliska claims [he was …]": a subject before and after, so a verb
    if c.word in w["no_bare"] or c.word in w["needs_that"] or not (_is_word(tok) or tok in ('"', "“", "‘")):
        return None  # "the United States adjusts": "states" as a verb only before "that"
    if _at_least(c.fwd, j):
        return c.fwd[j][1]  # "said [at least 21 people had died]"
    if low in _FRONTED or low == "just" and j + 1 < n and c.fwd[j + 1][0].lower() in _FRONTED:
        return c.fwd[j][1]  # "said [if the levy fails, the mill will close]": a fronted clause, then the main one
    verb = j + 2 if j + 2 < n and c.fwd[j + 1][0].lower().endswith("ly") else j + 1  # "there [certainly] was"
    if low in _HERE_THERE and verb < n and c.fwd[verb][0].lower() in _EXPLETIVE_VERBS:
        return c.fwd[j][1]  # "said [there was no money left]": an expletive subject opens the clause
    subject, apostrophe, _ = low.replace("’", "'").partition("'")
    if apostrophe and (subject in w["pronouns"] or subject in _HERE_THERE):
        return c.fwd[j][1]  # "said [it's a mistake]", "said [we're ready]": a contracted subject and verb
    if c.word in w["object_verbs"] and low in w["questions"] and low != "about" and j > 0:
        return c.fwd[j][1]  # "told the host [how surprised he is …]": a question after the object
    if low in w["stop"] and low not in w["pronouns"] and low not in w["determiners"]:
        return None  # "said in …", "said as …": no clause follows
    return c.fwd[j][1]


_POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my", "your"})


def _verb_after_subject(c: _Cue, w: dict) -> bool:
    """Whether the cue stands right after a clause subject — a pronoun, or a capitalised name after
    no determiner or possessive, or a name of several words after "the" ("[he] notes", "[Podliska]
    claims", "the [United States] claims"; not "the [Clinton] claims", "her claims")."""
    k = _skip_back(c.back, len(c.back) - 1, w)
    if k < 0:
        return False
    tok = c.back[k][0]
    if tok.lower() in w["pronouns"]:
        return True
    if not _is_cap(tok) or tok in w["function"] or _possessive(tok):
        return False
    first = k
    while first > 0 and _is_cap(c.back[first - 1][0]) and c.back[first - 1][0] not in w["function"]:
        first -= 1
    before = c.back[first - 1][0] if first > 0 else ""
    if before.lower() == "the" and k > first:
        return True  # "the United States claims"
    return before.lower() not in w["determiners"] | _POSSESSIVE_DETERMINERS and not _possessive(before)


_FRONTED = frozenset({"if", "unless", "despite", "although", "though", "because"})
# an expletive subject ("said [there] was …") or, after an object, a place adverb ("told voters [here] Sunday that")
_HERE_THERE = frozenset({"there", "here"})
_EXPLETIVE_VERBS = frozenset("is was are were will would could can may might should must has have had needs need "
                             "seems seemed appears appeared remains remained isn't wasn't aren't weren't "
                             "won't wouldn't can't couldn't".split())


def _clause_subject(doc, text: str, s: int, pos: int, found: list, w: dict, *, main: bool = False):
    """The speaker of a participle or coordinated verb: the speaker of the previous attribution
    of the sentence, else the last subject mention before ``pos`` in the sentence.  ``main`` (a
    participle after a comma): not the subject of a clause "that", "whether" or "if" opens ("Trump
    welcomed the news that Kasich would quit, saying …" is Trump's); a coordinated verb shares its
    own clause's subject ("… showed that Schilling had shared it and added …")."""
    for a in reversed(found):
        if a.cue_start < pos:
            return (a.speaker_start, a.speaker_end), a.speakers
    best = None
    for m in doc.mentions_in(s, pos):
        if m.form == "pronoun" and m.entity is None and m.text.lower() in _POSSESSIVE_DETERMINERS:
            continue  # "Northgate keeps [its] books private but says …": an unresolved possessive names no one
        if m.subject and m.form != "spokesperson" or m.form == "spokesperson":
            if m.type in ("person", "organization", "unknown") and (best is None or m.start >= best[1]) \
                    and not (main and _subordinate(text, s, m.start)) and not _after_preposition(text, s, m.start, w):
                best = (m.start, _noun_after(text, m, w, pos))
    if best is None:
        return None
    return best, (best,)


def _after_preposition(text: str, s: int, a: int, w: dict) -> bool:
    """Whether the mention at ``a`` is the object of a preposition ("the head [of] the agency",
    "residents [in] Calder"): inside a noun phrase, no subject of its own."""
    m = _LAST_WORD.search(text, max(s, a - 20), a)
    if m is None or m.group(1) not in w["postmod"] or m.group(1) in ("close", "familiar", "briefed"):
        return False
    if m.group(1) == "of":  # "[All] of the GOP candidates … have pledged": a share of them, the subject still
        share = text[max(s, m.start(1) - 20):m.start(1)].split()[-1:]
        return not share or share[0].lower() not in _SHARES
    return True


_SHARES = frozenset({"all", "some", "many", "most", "none", "each", "few", "several", "both", "either", "neither",
                     "half", "majority", "one", "two", "three", "four", "five", "dozens", "hundreds", "thousands"})


_OPENING_CONJUNCTIONS = frozenset({"but", "and", "still", "yet", "so", "now"})
_ADVERBS = frozenset({"also", "even", "later", "then", "again", "still", "just", "once", "already", "first", "never",
                      "often", "quickly", "initially"})


def _opening_subject(c: _Cue, w: dict):
    """The speaker of a participle after a comma when no mention is the clause's subject: the
    sentence's opening noun phrase, when a finite verb follows it (after a dateline or an
    introductory phrase; an apposition or a parenthesis between them): "[The departments]
    declined to provide any documentation, saying …", "In May, [a federal judge] sided with the
    Democrats, saying …"."""
    if c.start - c.s > 2 * _WINDOW:
        return None
    toks = _tokens(c.text, entities.dateline_end(c.text, c.s), c.start)
    i, n = 0, len(toks)
    while i < n and toks[i][0].lower() in _OPENING_CONJUNCTIONS | w["connectives"]:
        i += 1 + (i + 1 < n and toks[i + 1][0] == ",")
    if i < n and (toks[i][0].lower() in w["adjunct_preps"] or toks[i][0].lower() in w["times"]):
        comma = next((x for x in range(i + 1, min(n, i + 9)) if toks[x][0] == ","), None)
        if comma is None:
            return None
        i = comma + 1
    # the phrase ends before a past or auxiliary verb ("a county judge [sided] with …")
    verb = next((x for x in range(i + 1, n) if toks[x][0][:1].islower()
                 and (toks[x][0] in w["aux"] or entities.past_form(toks[x][0]))), n)
    last = noun_phrase_after(toks[:verb], i, w) if i < n else None
    if last is None or not _head_ok(toks[last][0], w) or toks[last][0].lower() in w["pronouns"]:
        return None  # a pronoun subject is a mention the resolver already read
    first, j = i, last + 1
    if j < n and toks[j][0].lower() in w["postmod"]:  # "[Lawmakers from both parties] have criticised …"
        end = next((x for x in range(j + 2, min(n, j + 7)) if toks[x][0] in _AUXILIARIES
                    or (toks[x][0][:1].islower() and entities.past_form(toks[x][0]))), None)
        if end is not None and all(_is_word(t[0]) for t in toks[j:end]) and toks[end - 1][0].lower() not in w["function"]:
            last, j = end - 1, end
    for _ in range(4):  # ", R-Ill., who faces …," / "(I-Vt.)"
        if _finite_verb(toks, j) or j >= n or toks[j][0] not in (",", "("):
            break
        close = "," if toks[j][0] == "," else ")"
        end = next((x for x in range(j + 1, min(n, j + 30)) if toks[x][0] == close), n)
        if close == "," and end < n and first == i and not _is_cap(toks[last][0]) and _person_name(toks[j + 1:end]):
            first, last = j + 1, end - 1  # "The party chairman, Kelly Armstrong, called …": the name
        j = end if close == "," and not _finite_verb(toks, end + 1) else end + 1
    if not _finite_verb(toks, j):
        return None
    return (toks[first][1], toks[last][2]), _coordinated(toks, first, last, w)


def _finite_verb(toks: list, j: int) -> bool:
    """Whether a finite verb, after adverbs, opens ``toks[j:]`` (not as its last word): an
    auxiliary, a past form or a third-person present."""
    n = len(toks)
    while j < n - 1 and (toks[j][0] in _ADVERBS or toks[j][0].endswith("ly")):
        j += 1  # "also", "even", "quickly"
    if j >= n - 1 or not toks[j][0][:1].islower():
        return False
    verb = toks[j][0].lower()
    return verb in _words()["aux"] or entities.past_form(verb) or (len(verb) > 2 and verb.endswith("s") and verb[-2] != "s")


_SUBORDINATORS = frozenset({"that", "whether", "if"})
_LAST_WORD = re.compile(r"(?<![\w'’])([a-z]++)[^\S\n]++(?:the[^\S\n]++)?$")


def _subordinate(text: str, s: int, a: int) -> bool:
    """Whether the mention at ``a`` opens a clause "that", "whether" or "if" introduces ("the news
    [that] Kasich would quit"): its subject is not the one a participle of the main clause shares."""
    m = _LAST_WORD.search(text, max(s, a - 20), a)
    return m is not None and m.group(1) in _SUBORDINATORS


_NEXT_LOWER = re.compile(r"(?<![^\S\n])[^\S\n]++([a-z]++)\b(?:[^\S\n]++([A-Za-z]++))?")


def _noun_after(text: str, m, w: dict, limit: int) -> int:
    """End of the speaker phrase that a one-word name ``m`` (not a person's) opens as an adjective
    before a plural noun — "[GOP candidates]", "[CIA officers]" — else ``m.end``.  Not before a
    verb: a word of the cue lists, or a word followed by an article or determiner ("CITIC runs an
    …", "MSNBC hosts a debate")."""
    if m.form != "name" or " " in m.text or m.type == "person" or not m.text[:1].isupper():
        return m.end
    nxt = _NEXT_LOWER.match(text, m.end, limit)
    if nxt is None:
        return m.end
    word, after = nxt.group(1), (nxt.group(2) or "").lower()
    if not word.endswith("s") or word.endswith("ss") or word in w["verbs"] or word in w["aux"] \
            or after in w["determiners"] or after in ("a", "an", "the"):
        return m.end
    return nxt.end(1)


def _in_quote(quoted, pos: int) -> bool:
    return quoted(pos) if quoted is not None else False


def attributions(doc, s: int, e: int, *, quoted=None, skip=frozenset()) -> list[Attribution]:
    """Every reported-speech attribution of the sentence ``doc.text[s:e]``.

    Parameters
    ----------
    doc : newslens.entities.Article
        The parsed article.
    s, e : int
        The sentence's offsets.
    quoted : callable, optional
        ``quoted(pos)`` is True inside a quotation (a cue there is part of a quote).
    skip : set of int, or dict of int to (int, int), optional
        Offsets of cues already read (the cue of a direct quotation); a mapping also gives each
        one's speaker span, which a participle after it shares ("“…,” the businessman said,
        arguing that …").

    Returns
    -------
    list of Attribution, in text order; content pieces end at the next attribution's speaker.

    Examples
    --------
    >>> from newslens import entities
    >>> doc = entities.parse("Officials said the bridge was safe, but Mr. King and Mr. Lee say it is not.")
    >>> [(doc.text[a.speaker_start:a.speaker_end], a.frame) for a in attributions(doc, 0, len(doc.text))]
    [('Officials', 'subject'), ('Mr. King and Mr. Lee', 'subject')]
    """
    text = doc.text
    w = _words()
    found: list[Attribution] = []
    read: list[Attribution] = []  # found, and the cues read before (for the clause and subject after them)
    clause = s
    for cue in cues(text, s, e):
        if cue[0] in skip:
            sp = skip.get(cue[0]) if isinstance(skip, dict) else None
            if sp is not None:
                read.append(Attribution(sp[0], sp[1], cue[0], cue[1], (), "read", (sp,)))
            continue
        if _in_quote(quoted, cue[0]):
            continue
        c = _Cue(text, cue, s, e)
        got = _read_cue(doc, c, w, clause, read)
        if got is None:
            continue
        found.append(got)
        read.append(got)
    nominal = [a for a in _nominal(doc, s, e, w) if not _in_quote(quoted, a.cue_start)]
    if nominal:
        found = sorted(found + nominal, key=lambda a: a.cue_start)
    return _cut_contents(text, found, e)


def _nominal(doc, s: int, e: int, w: dict) -> list[Attribution]:
    """Attributions by a noun of saying after a possessive: "[his] claim that [Obama founded
    ISIS]", "[Donald Trump]'s earlier promise to [build a wall]", "[her] claim in a recent
    interview that [she never sent …]".  Not a relative clause ("his claim that was debunked") nor
    a noun without a possessor ("the claim that …": whose is unknown)."""
    text, out = doc.text, []
    for m in _LETTERS.finditer(text, s, e):  # a word scan and a set look-up, as cues() reads
        low = m.group().lower()
        if low not in w["nominal"]:
            continue
        a, b = m.span()
        back = _tokens(text, max(s, a - 80), a)
        j = len(back) - 1
        for _ in range(2):  # "his [earlier] claim", "Trump's [controversial] pledge"
            if j >= 0 and back[j][0][:1].islower() and back[j][0].isalpha() and back[j][0] not in _POSSESSIVE_DETERMINERS \
                    and back[j][0] not in w["function"] and not _possessive(back[j][0]):
                j -= 1
        if j < 0:
            continue
        tok = back[j][0]
        if tok.lower() in _POSSESSIVE_DETERMINERS:
            sp = (back[j][1], back[j][2])
        elif _possessive(tok) and tok[:1].isalpha():
            first = _extend_left(back[:j] + [(tok[:-2], back[j][1], back[j][2] - 2)], j, w)
            while first < j and back[first][0][:1].islower() and back[first][0].lower() not in w["determiners"]:
                first += 1  # "contradicting [Tulsa police]'s claim": a verb before the possessor is not part of it
            sp = (back[first][1], back[j][2] - 2)
        else:
            continue
        fwd = _tokens(text, b, min(e, b + 160))
        i = 0
        if fwd and fwd[0][0].lower() in w["adjunct_preps"] | w["times"] and fwd[0][0].lower() != "to":
            while i < len(fwd) and i < 10 and _is_word(fwd[i][0]) and fwd[i][0].lower() not in ("that", "to"):
                i += 1  # "her claim [in a recent interview] that …"
        if i + 1 >= len(fwd):
            continue
        comp, nxt = fwd[i][0].lower(), fwd[i + 1][0].lower()
        if comp == "that" and nxt not in w["aux"] and not (nxt[:1].isalpha() and entities.past_form(nxt)):
            cs = fwd[i + 1][1]
        elif comp == "to" and i == 0 and low in w["nominal_to"] and fwd[i + 1][0].isalpha() and fwd[i + 1][0].islower() \
                and nxt not in w["determiners"] and nxt not in _POSSESSIVE_DETERMINERS:  # "threat to [wall off]", not "to Europe"
            cs = fwd[i][1]
        else:
            continue
        # a noun's complement ends with its phrase ("His promises to cut taxes notwithstanding, …")
        end = _first_comma(fwd, cs) or e
        out.append(Attribution(sp[0], sp[1], a, b, ((cs, end),), "nominal", (sp,)))
    return out


def _read_cue(doc, c: _Cue, w: dict, clause: int, found: list):
    """The attribution one cue makes, trying the frames in order, or None."""
    start = _clause_start(c, found)
    for frame in (_frame_according, _frame_tail, _frame_as):
        got = frame(c, w, start)
        if got is not None:
            sp, pieces, name, heads = got
            return _make(sp, c, pieces, name, heads)
        if frame is _frame_according and c.word.startswith("according"):
            return None  # "according to" that its frame cannot read is read by no other frame
    k = _skip_back(c.back, len(c.back) - 1, w)
    if k >= 0 and c.back[k][0].lower() in w["refusal"] | {"not", "never"}:
        return None  # "declined to say", "did not say"
    if k >= 0 and c.back[k][0].lower() == "to":
        on = k >= 2 and c.back[k - 1][0].lower() == "on" and c.back[k - 2][0].lower() in _ASPECTUAL  # "went on to say"
        if not on and (k < 1 or c.back[k - 1][0].lower() not in _ASPECTUAL):
            return None  # "wants to say", "is expected to announce": not said (yet)
        k = _skip_back(c.back, k - 2 - on, w)  # "he continued to complain that …": the subject of "continued"
    if c.word not in w["participles"] and not c.word.endswith("s") and any(t[0].lower() in _BE for t in c.back[k + 1:]):
        if c.word == "asked":  # "Rubio was asked [to name …]", "was asked [whether …]": a question put to the subject
            cs = _complement(c, w)
            if cs is None and c.fwd and c.fwd[0][0].lower() == "to":
                cs = c.fwd[0][1]
            if cs is not None:
                return _question(c, cs)
        return None  # "had been warned that …": the subject heard it
    cs = _complement(c, w)
    if cs is None:
        return _frame_predicate(c, w, k)
    pieces = [(cs, c.e)]
    rel = _frame_relative(c, w, k)
    if rel is not None:
        return _make(rel[0], c, pieces, rel[1], (rel[0],))
    prev = _previous_word(c.back, k)
    if c.word in w["participles"]:
        quoted = _quoted_source(c.back, k, w) or _quoted_subject(c.back, k, w)
        if quoted is not None:  # "Reuters quoted [the minister] as saying …", "[Ruiz] was quoted as saying …"
            return _make(quoted, c, pieces, "quoted", (quoted,))
        share = _share_with(c.back, k)
        if share is not None:  # "with [50 percent of voters] saying she is prepared"
            return _make(share, c, pieces, "participle", (share,))
    coordinated = prev in ("and", "but") and c.word not in w["participles"]  # "… and said", "… but says"
    # a participle after a comma, "and", a dash, "by" or "while" ("drew boos by saying that …") is its clause subject's
    if coordinated or (c.word in w["participles"] and (prev in (",", "and", "by", "while") or prev in _DASHES)):
        sub = _clause_subject(doc, c.text, c.s, c.start, found, w, main=not coordinated and prev != "and")
        if sub is None:
            sub = _opening_subject(c, w)
        if sub is None:
            return None
        return _make(sub[0], c, pieces, "coordinated" if coordinated else "participle", sub[1])
    if c.word == "asked" and _unasked(c, k, w):
        # "Asked whether he would run, Cole said …", "… she said when asked about the levy": a question
        # put by no one the sentence names (the interviewer's)
        return _question(c, cs)
    sub = _frame_subject(c, w, k)
    if sub is None:
        return None
    return _make(sub[0], c, pieces, sub[1], sub[2])


_QUOTING = frozenset({"quoted", "quoting", "quotes", "quote", "cited", "citing", "cites", "cite"})


def _quoted_source(toks: list, k: int, w: dict) -> tuple[int, int] | None:
    """``(start, end)`` of the person a report quotes, when the participle cue follows "quoted X
    (as)" or "cited X (as)" ("Reuters quoted [a senior official] as saying …", "The Mail cited
    [an unnamed nurse] saying …"): that person speaks, the outlet only passes it on."""
    j = k - 1 if k >= 1 and toks[k][0].lower() == "as" else k
    first = noun_phrase_before(toks, j, w) if j >= 1 else None
    if first is None or first < 1 or toks[first - 1][0].lower() not in _QUOTING:
        return None
    return toks[first][1], toks[j][2]


def _quoted_subject(toks: list, k: int, w: dict) -> tuple[int, int] | None:
    """``(start, end)`` of the subject of a passive "is/was quoted as" before the participle cue
    ("[Ruiz] was quoted as saying …", "[the minister] has been quoted as saying …"), or None."""
    if k < 3 or toks[k][0].lower() != "as" or toks[k - 1][0].lower() != "quoted":
        return None
    j = k - 2
    while j >= 0 and (toks[j][0].lower() in _BE or toks[j][0].lower() in ("has", "have", "had", "widely", "also")):
        j -= 1
    if j == k - 2 or j < 0:
        return None  # no "is"/"was" before "quoted": an active clause, read by _quoted_source
    first = noun_phrase_before(toks, j, w)
    return (toks[first][1], toks[j][2]) if first is not None else None


def _first_comma(toks: list, start: int) -> int | None:
    """End of a phrase at its first comma after offset ``start`` (",”" closes a quoted one), or None."""
    return next((t[2] if j + 1 < len(toks) and toks[j + 1][0] in ("”", '"', "'", "’") else t[1]
                 for j, t in enumerate(toks) if t[0] == "," and t[1] > start), None)


def _share_with(back: list, k: int) -> tuple[int, int] | None:
    """The span of a share of people after "with" that ends at ``back[k]`` ("with [50 percent]",
    "with [three in 10]", "with [30 percent of voters]": a poll's respondents), or None."""
    end = k
    if k >= 2 and back[k - 1][0].lower() == "of" and back[k][0][:1].islower():
        k -= 2  # "30 percent of [voters]"
    j = quantity_start(back, k) if k >= 0 else None
    if j is None or j < 1 or back[j - 1][0].lower() != "with":
        return None
    return back[j][1], back[end][2]


def _asker(c: _Cue) -> int | None:
    """Index of the last word of the agent of a passive "asked" ("Asked [by Starnes] if …", "was
    asked [by a caller] why …"), or None when the sentence names no one."""
    if c.fwd and c.fwd[0][0].lower() == "by":
        return noun_phrase_after(c.fwd, 1, _with_any_heads())
    return None


def _question(c: _Cue, cs: int) -> Attribution:
    """The question a passive "asked" reports, from ``cs`` to its first comma ("Asked about X, [the
    main clause]"): its asker's (:func:`_asker`), or, when the sentence names none, no one's (an
    empty speaker span at the cue)."""
    last = _asker(c)
    sp = (c.fwd[1][1], c.fwd[last][2]) if last is not None else (c.start, c.start)
    return _make(sp, c, [(cs, _first_comma(c.fwd, cs) or c.e)], "question", (sp,) if last is not None else ())


def _unasked(c: _Cue, k: int, w: dict) -> bool:
    """Is "asked" at the cue a passive participle with no agent — opening its sentence ("Asked
    whether …, X said") or after "when", "after", "once", "if" ("… she said when asked about …")
    — whose content is a question (a question word or "about" within its first words)?"""
    if k >= 0 and c.back[k][0].lower() not in ("when", "after", "once", "if", "until", "before"):
        return False
    i = 0
    if c.fwd and c.fwd[0][0].lower() == "by":
        i = (_asker(c) or 0) + 1  # after "by X"
    return any(t[0].lower() in w["questions"] for t in c.fwd[i:i + 3])


def _previous_word(toks: list, k: int) -> str:
    """The word at ``toks[k]`` in lower case, a comma before a closing quotation mark counting
    as the comma (“…,” [saying] …)."""
    if k < 0:
        return ""
    if toks[k][0] in _QUOTE_MARKS and k >= 1 and toks[k - 1][0] == ",":
        return ","
    return toks[k][0].lower()


def _frame_as(c: _Cue, w: dict, clause: int):
    """"As the paper noted, …" / "As reported by Western Journalism, …": the content follows the comma."""
    if c.word in w["participles"]:
        return None
    k = _skip_back(c.back, len(c.back) - 1, w)
    j = k
    while j >= 0 and k - j < _MAX_NP and c.back[j][0].lower() != "as" and _is_word(c.back[j][0]):
        j -= 1
    if j < 0 or c.back[j][0].lower() != "as" or (j > 0 and _is_word(c.back[j - 1][0])):
        return None
    i = 0
    if j == k:  # "As reported by X,"
        if not c.fwd or c.fwd[0][0].lower() != "by":
            return None
        last = noun_phrase_after(c.fwd, 1, w)
        if last is None:
            return None
        sp, i = (c.fwd[1][1], c.fwd[last][2]), last + 1
    else:
        sp = (c.back[j + 1][1], c.back[k][2])
    i = _skip_adjuncts(c, i, w)
    if i >= len(c.fwd) or c.fwd[i][0] != "," or i + 1 >= len(c.fwd):
        return None
    return sp, [(c.fwd[i + 1][1], c.e)], "as", (sp,)


def _frame_predicate(c: _Cue, w: dict, k: int):
    """"a rule [which critics said] was discriminatory": the subject of the reported clause was
    taken out before the speaker; the content is the predicate after the cue."""
    if not c.fwd or c.fwd[0][0].lower() not in _PREDICATE_START:
        return None
    first = noun_phrase_before(c.back, k, w)
    if first is None or first == 0 or c.back[first - 1][0].lower() not in ("which", "that", "who"):
        return None
    sp = (c.back[first][1], c.back[k][2])
    return _make(sp, c, [(c.fwd[0][1], c.e)], "relative", (sp,))


_PREDICATE_START = frozenset({"was", "is", "were", "are", "would", "will", "could", "can", "had", "has", "have", "should",
                              "might", "may", "must", "did", "does"})


def _clause_start(c: _Cue, found: list) -> int:
    """Where the clause before a cue starts: the sentence start (after a dateline), or the end
    of the previous attribution's cue in the same sentence (not of a direct quotation's cue)."""
    start = entities.dateline_end(c.text, c.s)  # "MILLTOWN, April 10 (Civic Wire) — …, both sides said."
    last = next((a for a in reversed(found) if a.frame != "read"), None)
    if last is not None and last.cue_end <= c.start:  # attributions come in text order: the last is nearest
        start = max(start, last.cue_end)
        if last.frame == "question" and last.pieces and last.pieces[-1][1] <= c.start:
            start = last.pieces[-1][1]  # "Asked about the levy, [Cole said …]": after the question
    while start < c.start and c.text[start] in " ,;:\"“”‘’(":
        start += 1
    return start


def _make(sp, c: _Cue, pieces, frame: str, heads) -> Attribution:
    return Attribution(sp[0], sp[1], c.start, c.end, tuple(pieces), frame, tuple(heads))


_TRIM = " \t\n,;:—–-\"“”‘’•·▪●◦‣"  # bullets: a list item's content ends before the next item's marker


def _nested(text: str, a: Attribution, nxt: Attribution) -> bool:
    """True when ``nxt`` is reported inside ``a``'s content ("McFadden added that [Guccifer told
    her …]"): its speaker opens that content, in the same clause ("Cole said yes; Lee said no":
    Lee's words are not Cole's, nor a list's next item on its own line)."""
    start = a.pieces[0][0] if a.pieces else a.cue_end
    return a.frame not in ("tail", "according") and start <= nxt.speaker_start and \
        not _has_words(text, [(start, nxt.speaker_start)], 3) and not _CLAUSE_BREAK.search(text, start, nxt.speaker_start)


_CLAUSE_BREAK = re.compile(r"[\n;]")  # a line break (a list's next item) or a semicolon (the next clause)


def _cut_contents(text: str, found: list[Attribution], e: int) -> list[Attribution]:
    """End each content piece before the next attribution's speaker (or cue) and trim it; keep
    the attributions whose content has three words or more."""
    out = []
    for i, a in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        limit = e
        if nxt is not None and nxt.frame not in ("tail", "nominal") and not _nested(text, a, nxt):
            limit = min(nxt.speaker_start, nxt.cue_start) if nxt.speaker_start > a.cue_end else nxt.cue_start
        pieces = [(ps, min(pe, limit)) for ps, pe in a.pieces if ps < limit or a.frame == "tail" and ps < a.cue_start]
        if nxt is not None and a.frame == nxt.frame == "tail" and nxt.cue_start > a.cue_end:
            # "A, KING-TV reported, while B, the Sun-Times reported": B is the next tail's, not this one's
            pieces = [(ps, pe) for ps, pe in pieces if ps < a.cue_start]
        pieces = [p for p in (_trim(text, ps, pe) for ps, pe in pieces) if p is not None]
        if pieces and _has_words(text, pieces, 3):
            out.append(a._replace(pieces=tuple(pieces)))
    return out


_WORD_RUN = re.compile(r"\S+")


def _has_words(text: str, pieces, n: int) -> bool:
    """Whether the pieces hold ``n`` words or more (counted as ``str.split`` does, stopping at ``n``:
    a content that runs to the end of a long paragraph costs no more than a short one)."""
    k = 0
    for ps, pe in pieces:
        for _ in _WORD_RUN.finditer(text, ps, pe):
            k += 1
            if k >= n:
                return True
    return False


def _trim(text: str, ps: int, pe: int):
    """``(start, end)`` without spaces, dashes and closing punctuation at either end, or None."""
    while ps < pe and (text[ps] in _TRIM or text[ps].isspace()):
        ps += 1
    while pe > ps and (text[pe - 1] in _TRIM or text[pe - 1] in ".!?)" or text[pe - 1].isspace()):
        pe -= 1
    m = _TRAILING_CONJUNCTION.search(text, max(ps, pe - 8), pe)  # the last word only (the look-behind sees before it)
    if m is not None:
        return _trim(text, ps, m.start())
    return (ps, pe) if pe > ps else None


_TRAILING_CONJUNCTION = re.compile(r"(?<!\S)(?:and|but|or|while|as|because|so)$")


_QUOTE_MARKS = frozenset({'"', "“", "”", "‘", "’"})


def speaker_at_cue(doc, start: int) -> tuple[int, int] | None:
    """``(start, end)`` of the speaker of the speech cue at offset ``start`` of a direct
    quotation, read with the same noun-phrase rules as reported speech: after the cue when it
    follows the closing mark ("“…,” said [White House Press Secretary Sarah Sanders]"), else
    before it ("[Brianne Stone], 29, of Huntsville, Ala., said: “…”"); None when no noun
    phrase fits.

    >>> from newslens import entities
    >>> doc = entities.parse("“We will win,” said former Rep. George Miller (D-Calif.), a negotiator.")
    >>> a, b = speaker_at_cue(doc, 15)
    >>> doc.text[a:b]
    'former Rep. George Miller'
    """
    text = doc.text
    k = doc.sentence_at(start)
    cue = next(cues(text, start, min(len(text), start + 40)), None)
    if cue is None or cue[0] != start or k < 0:
        return None
    s, e = doc.sentences[k][0], doc.sentences[k][1]
    if k + 1 < len(doc.sentences) and e - start < 40:
        e = doc.sentences[k + 1][1]  # "… said Sen. Ruth Kamau" split after a title
    c = _Cue(text, cue, s, e)
    w = _words()
    j = _skip_back(c.back, len(c.back) - 1, w)
    if c.word.startswith("according") or j < 0 or c.back[j][0] in _QUOTE_MARKS or \
            (c.back[j][0] == "," and j >= 1 and c.back[j - 1][0] in _QUOTE_MARKS):
        i = 0
        while i < len(c.fwd) and c.fwd[i][0].lower() in w["aux"]:
            i += 1
        last = noun_phrase_after(c.fwd, i, w)
        if last is None:
            return None
        i, last = _apposed_name(c.fwd, i, last)  # "“…,” said the mayor, [Ann Cole]."
        return c.fwd[i][1], c.fwd[last][2]
    if c.back[j][0] == ",":
        got = apposition_before(c.back, j, w)
        return (c.back[got[0]][1], c.back[got[1]][2]) if got is not None else None
    if c.back[j][0].lower() in ("and", "who", "which", "that") or c.word in w["participles"]:
        return None
    first = noun_phrase_before(c.back, j, w)
    if first is not None:
        first, j = _name_before_description(c.back, first, j, w)
    rel = _relative_subject(c.back, j, w, bare=first is not None) if c.word not in _ADD else None
    if _antecedent_speaks(c.back, first, rel):
        return c.back[rel[0]][1], c.back[rel[1]][2]  # "[Two officials] who spoke on condition of anonymity said: “…”"
    if first is None or (c.word in _ADD and not _may_add(c.back[j][0], w)):
        return None  # "The plan added a “too big to fail” tax": no speaker adds words here
    return c.back[first][1], c.back[j][2]
