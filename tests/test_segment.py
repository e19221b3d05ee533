"""Paragraph kinds, duplicates and sentence boundaries (newslens.segment)."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest

import newslens as nl
from newslens.segment import normalize_for_compare, paragraph_kind, split_sentences

BOUNDARIES = Path(__file__).parent / "data" / "sentence_boundaries.jsonl"
CANDIDATE = re.compile(r"[.?!…]+[\"”'’)\]]*(?=\s)")

SEED_TITLE = "Putin praises North Korea's support for Ukrainian war during talks with Kim"


# ---------------------------------------------------------------- the seed
@pytest.fixture
def seed(seed_path):
    return nl.load(seed_path)


def test_segment_seed_title_and_body(seed):
    assert seed["title"].iloc[0].replace("’", "'") == SEED_TITLE
    paras = nl.paragraphs(seed)
    body = paras[(paras["kind"] == "body") & ~paras["duplicate"]]
    assert len(body) == 9
    assert body["text"].iloc[0].startswith("LONDON —")
    assert body["paragraph"].is_monotonic_increasing
    # the title is not repeated as a body paragraph
    assert not any(normalize_for_compare(t) == normalize_for_compare(SEED_TITLE) for t in body["text"])


def test_segment_seed_debris(seed):
    paras = nl.paragraphs(seed)
    caps = paras[paras["text"].str.contains("welcoming ceremony")]
    assert caps["kind"].tolist() == ["caption", "caption"]
    assert caps["duplicate"].tolist() == [False, True]
    assert paras.loc[paras["text"] == "Contributor/Getty Images", "kind"].tolist() == ["credit"]
    assert paras.loc[paras["text"].str.contains("contributed to this report"), "kind"].tolist() == ["byline"]


def test_segment_seed_sentences_slice_article_text(seed):
    sents = nl.sentences(seed)
    text = seed["text"].iloc[0]
    assert len(sents) > 15
    for s, e, t in zip(sents["start"], sents["end"], sents["text"]):
        assert text[s:e] == t
    assert not sents["text"].str.contains("Getty|contributed to this report|Photo by").any()
    assert sents["sentence"].tolist() == list(range(len(sents)))


# ---------------------------------------------------------------- paragraph kinds
DEBRIS = {
    "caption": [
        "Residents wade through floodwater on Main Street in Port Calder on March 4, 2024. (Photo by Jane Roe/Civic Wire)",
        "Chief Dana Blake speaks to reporters outside the fire station. Credit: Tom Reyes for The Harbor Ledger",
        "Volunteers stack sandbags near the river on Tuesday. (AP Photo/Sam Ortiz)",
        "PHOTO: Governor Hale tours the damaged school.",
        "Senator Omar Vance addresses mill workers on Saturday. Grant Wilder/Calder Sentinel",
        "A family waits at the shelter. (Reuters)",
    ],
    "credit": ["Jane Roe/Civic Wire Photo", "Contributor/Getty Images", "AP Photo/Sam Ortiz", "Sam Ortiz/Reuters",
               "Photo: Harbor Ledger staff", "(Getty Images)"],
    "byline": ["By Maria Lund", "By MARIA LUND and TOM REYES, Civic Wire", "Reporting by Tom Reyes; Editing by Ann Cole",
               "Ann Cole contributed to this report.", "ABC News’ Joe Simonetti contributed to this report.",
               "Additional reporting by Sam Ortiz in Port Calder", "Wilder can be reached at tips@caldersentinel.example.",
               "— Kelly Shaw, The Daily Flash", "-- The Associated Press", "– Sam Ortiz"],
    "boilerplate": ["Sign up for our newsletter to get the latest news every morning.", "Read more: Storm leaves thousands without power",
                    "© 2024 The Harbor Ledger. All rights reserved.", "Copyright 2024 Civic Wire", "ADVERTISEMENT",
                    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
                    "Share this article on Facebook", "This story was originally published by Civic Wire.",
                    "Follow the Sentinel on social media for updates.", "Sign up for The Harbor Ledger's morning briefing.",
                    # a newsletter's furniture
                    "View in browser", "Read this email in your browser", "Unsubscribe | Manage preferences",
                    "You are receiving this email because you signed up for The Harbour Brief.",
                    "Was this newsletter forwarded to you? Get it in your inbox every morning.",
                    "Forward this email to a friend who cares about the harbour."],
}
BODY = [
    "By Tuesday night, crews had restored power to most of the town.",
    "By law, the fund can only be spent on flood defences.",
    "A photo of the flooded school spread quickly on social media.",
    "Photographs taken by residents show the water reaching the second floor.",
    "Residents said they were told to pay with a credit card or wait a week.",
    "Credit agencies downgraded the city’s bonds on Friday.",
    "The lawsuit turns on copyright law and who owns the images.",
    "Copyright laws protect the photographs, the judge said.",
    "Reporting by local outlets suggested the fund was empty.",
    "She read more than 200 letters from residents.",
    "Share prices of Calder Power fell 8 percent.",
    "He signed up for the volunteer crews on Monday.",
    "The 24/7 hotline opened on Monday.",
    "Nobody died.",
    "“We will rebuild,” she said.",
    "\"They're angels,\" said Price. \"Every one of them.\"",
    "The picture is grim, said Blake: “We lost 300 homes.”",
    "Follow the money, Vance told the committee.",
    "— Blake said the crews would stay until Friday.",
    "— and then the levee broke.",
    "Readers who want to stop the paper can unsubscribe online, the publisher said.",
    "He forwarded the message to the council on Monday.",
    "View the budget in full on the council's website.",
]


@pytest.mark.parametrize("kind,text", [(k, t) for k, ts in DEBRIS.items() for t in ts])
def test_segment_debris_kinds(kind, text):
    assert paragraph_kind(text) == kind


@pytest.mark.parametrize("text", BODY)
def test_segment_body_stays_body(text):
    assert paragraph_kind(text) == "body"


def test_segment_duplicates_flagged_and_skipped():
    text = "Storm hits\n\nThe river rose.\n\n“They are angels,” she said.\n\n\"They are angels,\" she said.\n\nThe end came."
    arts = pd.DataFrame({"article_id": ["a"], "title": ["Storm hits"], "text": [text]})
    paras = nl.paragraphs(arts)
    assert paras["duplicate"].tolist() == [True, False, False, True, False]
    sents = nl.sentences(arts)
    assert sents["text"].tolist() == ["The river rose.", "“They are angels,” she said.", "The end came."]
    assert arts["text"].iloc[0] == text  # input not mutated


# ---------------------------------------------------------------- sentence boundaries
def _cases():
    with open(BOUNDARIES, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_segment_boundary_set_is_well_formed():
    cases = _cases()
    assert len(cases) >= 80
    for c in cases:
        assert " ".join(c["sentences"]) == c["text"]


def _accuracy(cases):
    right = total = 0
    for c in cases:
        gold, pos = set(), 0
        for s in c["sentences"][:-1]:
            pos += len(s)
            gold.add(pos)
            pos += 1
        spans = split_sentences(c["text"])
        pred = {e for _, e in spans[:-1]}
        for m in CANDIDATE.finditer(c["text"]):
            total += 1
            right += (m.end() in gold) == (m.end() in pred)
    return right / total


def test_segment_boundary_accuracy_on_the_dev_split():
    # The held-out split is measured by `python -m benchmarks boundaries`, never used as a pass
    # threshold: a test that fails on it would turn it into data the rules are tuned on.
    dev = [c for c in _cases() if c.get("split", "dev") == "dev"]
    assert len(dev) >= 80
    assert _accuracy(dev) >= 0.98


@pytest.mark.parametrize("text,expected", [
    ("“Why?” she asked. Nobody answered.", ["“Why?” she asked.", "Nobody answered."]),
    ("The council meets at 5 p.m. The public may attend.", ["The council meets at 5 p.m.", "The public may attend."]),
    ("Trade with the U.S. fell. The U.S. Army came.", ["Trade with the U.S. fell.", "The U.S. Army came."]),
    ("Gen. Smith met Dr. Lee in St. Louis on Jan. 5. No. 1 Calder won 3-1.", ["Gen. Smith met Dr. Lee in St. Louis on Jan. 5.", "No. 1 Calder won 3-1."]),
    ("The budget grew 3.5 percent to $3.5 billion. Critics balked.", ["The budget grew 3.5 percent to $3.5 billion.", "Critics balked."]),
    # pasted without a space after the full stop: two sentences, unless an abbreviation or a domain
    ("Turnout was 61 percent, the clerk said.Officials expected less.", ["Turnout was 61 percent, the clerk said.", "Officials expected less."]),
    ("“It is over,” she said.By noon the roads were open.", ["“It is over,” she said.", "By noon the roads were open."]),
    ("Gov.Smith and Mrs.Lee read Example.com in St.Louis.", ["Gov.Smith and Mrs.Lee read Example.com in St.Louis."]),
    # an ellipsis glued to the next sentence, typed or printed
    ("Tenants waited and waited...Nobody came.", ["Tenants waited and waited...", "Nobody came."]),
    ("Tenants waited and waited…Nobody came.", ["Tenants waited and waited…", "Nobody came."]),
])
def test_segment_split_sentences_examples(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_segment_split_sentences_offsets_cover_text():
    text = "  Officials said the fund was empty.  A source disagreed.\nThe end. "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Officials said the fund was empty.", "A source disagreed.", "The end."]
    assert split_sentences("") == [] and split_sentences("   ") == []


def test_segment_sentences_speed():
    paras = [c["text"] for c in _cases()]
    paras = [f"{t} Entry {i} was filed at 9:30 a.m. on Jan. 5." for i, t in enumerate((paras * (2000 // len(paras) + 1))[:2000])]
    arts = pd.DataFrame({"article_id": ["x"], "text": ["\n\n".join(paras)]})
    t0 = time.perf_counter()
    out = nl.sentences(arts)
    elapsed = time.perf_counter() - t0
    assert len(out) > 4000
    assert elapsed < 2.0, f"sentences() on 2,000 paragraphs took {elapsed:.2f}s"


# ---------------------------------------------------------------- the bundled corpus
@pytest.fixture(scope="module")
def corpus():
    return nl.load_example()


def test_segment_corpus_shape(corpus):
    assert len(corpus) >= 24
    assert corpus["outlet"].value_counts().min() >= 6
    assert corpus["outlet"].nunique() == 4
    assert corpus["published"].notna().all()
    assert corpus["published"].dt.year.eq(2024).all()
    words = corpus["text"].str.split().str.len()
    assert words.between(150, 520).all()
    assert not corpus["text"].str.contains("dataLayer|Subscribe to|Most read|Privacy policy").any()


def test_segment_corpus_planted_debris(corpus):
    paras = nl.paragraphs(corpus)
    kinds = set(paras["kind"])
    assert kinds == {"body", "caption", "credit", "byline", "boilerplate"}
    assert paras["duplicate"].sum() >= 1
    dup = paras[paras["duplicate"]]
    assert dup["text"].str.contains("They're angels").any()
    sents = nl.sentences(corpus)
    assert not sents["text"].str.contains(r"\(Photo by|Credit:|Sign up|©|Editing by|contributed to this report").any()
    # the wire story republished by two outlets shares its body paragraphs
    body = paras[paras["kind"] == "body"].merge(corpus[["article_id", "outlet"]], on="article_id")
    key = body["text"].map(normalize_for_compare)
    shared = body[key.str.contains("northgate paper co will close its milltown mill")]
    assert set(shared["outlet"]) >= {"Civic Wire", "The Harbor Ledger", "The Daily Flash"}


def test_segment_corpus_titles_not_doubled(corpus):
    paras = nl.paragraphs(corpus).merge(corpus[["article_id", "title"]], on="article_id")
    body = paras[(paras["kind"] == "body") & ~paras["duplicate"]]
    same = body["text"].map(normalize_for_compare) == body["title"].map(normalize_for_compare)
    assert not same.any()


def _kind_without_guards(text):
    """paragraph_kind as written before its cheap substring guards: every pattern searched."""
    from newslens import segment as S

    t = text.strip()
    if not t:
        return "boilerplate"
    words = len(t.split())
    if words <= 8 and any(p.match(t) for p in S._CREDIT_PATTERNS):
        return "credit"
    if words <= 40 and any(p.search(t) for p in S._BYLINE_PATTERNS):
        return "byline"
    if words <= 80 and any(p.search(t) for p in S._CAPTION_PATTERNS):
        return "caption"
    if words <= 60 and any(p.search(t) for p in S._BOILERPLATE_PATTERNS):
        return "boilerplate"
    return "body"


def test_segment_paragraph_kind_guards_change_nothing(corpus):
    paras = nl.paragraphs(corpus)["text"].tolist()
    odd = ["SIGN UP for our newsletter today", "Sıgn up for the newsletter here", "© 2024 Harbor Ledger",
           "(C) Calder Media. All Rights Reserved.", "Photo credit: Harbor Ledger staff",
           "Jane Roe/Civic Wire Photo", "Reporting by Tom Reyes; Editing by Ann Cole",
           "We use COOKIES to improve the site; accept or change settings.", "Get the app for alerts.",
           "Kelly Shaw is a senior reporter at the Flash.", "Follow us on Instagram", "Click HERE to read more"]
    for t in paras + odd:
        assert paragraph_kind(t) == _kind_without_guards(t), t
    assert paragraph_kind(odd[0]) == "boilerplate" and paragraph_kind(odd[4]) == "credit"


def test_segment_normalize_for_compare_folds_quotes_and_dashes():
    assert normalize_for_compare("“Hale’s plan” — FAILED") == normalize_for_compare("\"hale's plan\" - failed") == "hale s plan failed"
    assert normalize_for_compare("Ｃａｆé") == normalize_for_compare("cafe\u0301")  # NFKC composes and folds width
    assert normalize_for_compare("a′b″c") == "a b c"


def test_segment_an_article_and_an_abbreviation_are_no_sentence():
    """"A U.S." cannot end a sentence: after "a" a noun follows the abbreviation; "the U.S." closing
    a sentence still ends it."""
    t = ("A U.S. District Court judge blocked the rule on Friday. In May, a U.S. Marshal testified. "
         "They moved to the U.S. The move was hard.")
    assert [t[a:b] for a, b in split_sentences(t)] == [
        "A U.S. District Court judge blocked the rule on Friday.", "In May, a U.S. Marshal testified.",
        "They moved to the U.S.", "The move was hard."]
