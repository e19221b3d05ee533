"""Tests of the name finder and its helpers (newslens.entities)."""
from __future__ import annotations

from collections import Counter

import pytest

import newslens as nl
from newslens import entities as en


def test_entities_titles_stripped_and_person_kind():
    text = "Critics accused Governor Hale of squandering the fund, said Sen. Ruth Kamau."
    spans = en.name_spans(text)
    assert ("Hale", "person") in [(n, k) for n, _, _, k in spans]
    assert ("Ruth Kamau", "person") in [(n, k) for n, _, _, k in spans]
    assert not any(n.startswith(("Governor", "Sen")) for n, *_ in spans)
    assert all(n != "Critics" for n, *_ in spans)


def test_entities_offsets_slice_text():
    text = "Russian President Vladimir Putin's visit to Pyongyang pleased North Korean leader Kim Jong Un and Apple Inc."
    spans = en.name_spans(text)
    for name, s, e, _ in spans:
        assert text[s:e] == name
    kinds = {n: k for n, _, _, k in spans}
    assert kinds["Russian"] == "country"
    assert kinds["Vladimir Putin"] == "person"
    assert kinds["Pyongyang"] == "place"
    assert kinds["North Korean"] == "country"
    assert kinds["Kim Jong Un"] == "person"
    assert kinds["Apple Inc."] == "organization"


def test_entities_sentence_initial_function_words_are_not_names():
    text = "Despite the rain, Ukraine held. During talks, the Ministry of Defence said so. Overall it held."
    names = [n for n, *_ in en.name_spans(text)]
    assert "Despite" not in names and "During" not in names and "Overall" not in names
    assert "Ukraine" in names
    assert "Ministry of Defence" in names
    assert dict((n, k) for n, _, _, k in en.name_spans(text))["Ministry of Defence"] == "organization"


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Sen. Ruth Kamau, a Democrat from Ohio", "Ruth Kamau"),
        ("Ruth Kamau, 54,", "Ruth Kamau"),
        ("Russian President Vladimir Putin's", "Vladimir Putin"),
        ("Dr. Anthony Fauci", "Anthony Fauci"),
        ("Kim Jong Un", "Kim Jong Un"),
        ("Texas Gov. Greg Abbott", "Greg Abbott"),
        ("White House Press Secretary Sarah Sanders", "Sarah Sanders"),
        ("Hester. Michael Mulgrew", "Michael Mulgrew"),
        ("Mike Thompson of California", "Mike Thompson"),
        ("Senate Intelligence Committee", "Senate Intelligence Committee"),
        ("Dean Baquet", "Dean Baquet"),
        ("Donald Trump.", "Donald Trump"),
        ("U.S.", "U.S."),
        # an office "to" or "for" somewhere: the person after it, or the whole office when no one is named
        ("Ambassador to Spain Ana Ruiz", "Ana Ruiz"),
        ("Minister for Health Thomas Berg", "Thomas Berg"),
        ("Mali's Ambassador to Spain", "Mali's Ambassador to Spain"),
    ],
)
def test_entities_strip_title(raw, clean):
    assert en.strip_title(raw) == clean


def test_entities_demonym_to_country():
    assert en.demonym_to_country("Russian") == "Russia"
    assert en.demonym_to_country("North Korean") == "North Korea"
    assert en.demonym_to_country("North Koreans") == "North Korea"
    assert en.demonym_to_country("Western") == "the West"
    assert en.demonym_to_country("table") is None
    assert en.demonym_to_country(None) is None


def test_entities_resolve_aliases_surnames_and_countries():
    amap = en.resolve_aliases(["Vladimir Putin", "Putin", "Mr. Putin", "Kim Jong Un", "Kim", "Russian", "U.S."])
    assert amap["Putin"] == "Vladimir Putin"
    assert amap["Mr. Putin"] == "Vladimir Putin"
    assert amap["Kim"] == "Kim Jong Un"
    assert amap["Russian"] == "Russia"
    assert amap["U.S."] == "United States"


def test_entities_resolve_aliases_ambiguous_surname_stays():
    amap = en.resolve_aliases(["Bill Clinton", "Hillary Clinton", "Clinton"])
    assert amap["Clinton"] == "Clinton"
    assert amap["Bill Clinton"] == "Bill Clinton"


def test_entities_sentences_pasted_together_do_not_make_one_name():
    text = "Residents asked the county clerk, Ines Ortega.Vance’s office did not reply."
    assert [n for n, *_ in en.name_spans(text)] == ["Ines Ortega", "Vance"]
    assert [n for n, *_ in en.name_spans("The U.S. Army and FactCheck.org met J.K. Rowling.")] == [
        "U.S. Army", "FactCheck.org", "J.K. Rowling"]


def test_entities_prosecutors_and_whips_are_titles():
    got = [n for n, *_ in en.name_spans("U.S. Attorney Ana Ruiz and Majority Whip Tom Hale met District Attorney Li Wen.")]
    assert got == ["Ana Ruiz", "Tom Hale", "Li Wen"]


def test_entities_resolve_aliases_company_short_name():
    amap = en.resolve_aliases(["Pinewood Timber Co.", "Pinewood", "Ardent Holdings", "Ardent Foods Inc.", "Ardent",
                               "Carol", "Carol Mills Ltd."])
    assert amap["Pinewood"] == "Pinewood Timber Co."
    assert amap["Ardent"] == "Ardent"  # the leading word of two companies: ambiguous, kept
    assert amap["Carol"] == "Carol"  # a given name is not a company's short name


def test_entities_link_names_on_a_sources_table():

    texts = ["Mayor Ines Ortega said the bridge would open in May. Ortega added that it cost less than planned.",
             "Mayor Ortega said the bridge would open late.", "Tomas Ruiz said the bridge was unsafe."]
    src = nl.sources(texts)
    assert {"Ines Ortega", "Ortega"} <= set(src["source"])
    linked = en.link_names(src, column="source")
    assert set(linked["source"]) == {"Ines Ortega", "Tomas Ruiz"}
    assert linked.loc[linked["source"] == "Ines Ortega", "source_as_found"].tolist() == ["Ines Ortega", "Ortega"]
    assert linked["n_quotes"].tolist() == src["n_quotes"].tolist()
    with pytest.raises(nl.ColumnError, match="column="):
        en.link_names(src)  # a sources table has no `target`: the error says which argument to pass


def test_entities_dateline_credit_is_found_only_in_a_dateline():
    wire = "OSLO, June 9 (Nordic Press) — Fisheries Minister Ida Lund said on Monday that quotas would fall."
    a = wire.index("Nordic Press")
    assert en.dateline_credit(wire, a, a + len("Nordic Press"))
    assert en.dateline_credit("(Metro News) - A fire closed the bridge.", 1, 11)
    b = wire.index("Ida Lund")
    assert not en.dateline_credit(wire, b, b + len("Ida Lund"))
    aside = "The mayor thanked the paper (Nordic Press) — and its readers."
    c = aside.index("Nordic Press")
    assert not en.dateline_credit(aside, c, c + len("Nordic Press"))  # not at the start of a line


def test_entities_empty_and_non_english():
    assert en.name_spans("") == []
    assert en.name_spans(None) == []
    spans = en.name_spans("これは日本語の文章です。")
    assert spans == []


def test_entities_seed_article(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    spans = en.name_spans(text)
    for name, s, e, _ in spans:
        assert text[s:e] == name
    amap = en.resolve_aliases([n for n, *_ in spans])
    counts = Counter(amap[n] for n, *_ in spans)
    top = {c for c, _ in counts.most_common(8)}
    assert {"Vladimir Putin", "Russia", "Kim Jong Un", "North Korea", "Ukraine", "the West"} <= top
    assert "Overall" not in counts and "During" not in counts


def test_entities_lexicon_info_has_licence():
    info = en.lexicon_info()
    for meta in info.values():
        assert meta["licence"].startswith("MIT")
        assert meta["version"]



def test_entities_strip_title_gender_and_descriptions():
    assert en.strip_title("Mr. Steele", gender=True) == ("Steele", "m")
    assert en.strip_title("Ms. Ana Ruiz", gender=True) == ("Ana Ruiz", "f")
    assert en.strip_title("Sen. Ruth Kamau", gender=True) == ("Ruth Kamau", None)
    # a description keeps its determiner; a name loses a capitalised function word
    assert en.strip_title("the ministry", descriptions=True) == "the ministry"
    assert en.strip_title("But Maria Lopez", descriptions=True) == "Maria Lopez"
    assert en.strip_title(None, gender=True) == ("", None)


def test_entities_alias_index_reading_order_and_ambiguity():
    keep = en.AliasIndex()
    first = en.AliasIndex(first=True)
    for idx in (keep, first):
        assert idx.add("Bill Clinton") and idx.add("Hillary Clinton")
        assert not idx.add("Foreign Ministry") and not idx.add("the Trump")
    assert keep.resolve("Clinton") == "Clinton"
    assert first.resolve("Clinton") == "Bill Clinton"
    assert keep.resolve("Hillary") == "Hillary Clinton"
    assert first.resolve("Hillary Clinton") == "Hillary Clinton"


def test_entities_mention_kinds_gender_and_roles():
    assert en.mention_kind("Ruth Kamau") == ("person", True)
    assert en.mention_kind("the ministry") == ("organization", False)
    assert en.mention_kind("a senior official") == ("anonymous", False)
    # a plural of an organisation or document noun is theirs too; people stay people
    assert [en.mention_kind(p)[0] for p in ("police reports", "recent polls", "the authorities", "labor unions",
                                             "residents", "critics", "officials")] == \
        ["organization"] * 4 + ["person", "person", "anonymous"]
    assert en.mention_kind("Senate Intelligence Committee") == ("organization", True)
    assert en.mention_kind("The New York Times") == ("organization", True)
    # a description is read by its head noun, whatever organisation modifies it
    assert en.mention_kind("the GOP front-runner") == ("person", False)
    assert en.mention_kind("a Justice Department official") == ("anonymous", False)
    assert en.mention_kind("an FBI agent") == ("person", False) and en.mention_kind("the FBI") == ("organization", True)
    assert en.mention_kind("the DOJ document") == ("organization", False)
    # a post-posed adjective or participle is no head: the noun before it is
    assert [en.mention_kind(p) for p in ("the latest tallies available from the port authority",
                                         "an official involved in the audit", "the ruling released on Friday")] == \
        [("organization", False), ("anonymous", False), ("organization", False)]
    assert en.is_person_name("Ruth Kamau") and not en.is_person_name("White House")
    assert not en.is_person_name("Kamau")
    assert en.name_gender("Ana Ruiz") == "f" and en.name_gender("Michael Steele") == "m"
    assert en.name_gender("Ruiz") is None
    assert en.title_roles("Gov. Mike Pence") == ["governor"]
    assert "governor" in en.role_nouns() and "president" in en.role_nouns()


def test_entities_lexicon_serves_quotes_titles_once():
    import json
    from importlib import resources

    root = resources.files("newslens.lexicons")
    quotes = json.loads(root.joinpath("quotes_cues.json").read_text("utf-8"))
    names = json.loads(root.joinpath("entities_names.json").read_text("utf-8"))
    for key in ("titles", "male_titles", "female_titles", "organization_words", "leading_words"):
        assert key not in quotes
    for key in ("titles", "title_words", "title_gender", "roles", "org_suffixes", "given_names", "description_heads"):
        assert names[key]


# ---------------------------------------------------------------- names found by students' notebooks
def _kinds(text):
    spans = en.name_spans(text)
    for name, s, e, _ in spans:
        assert text[s:e] == name
    return [(n, k) for n, _, _, k in spans]


def test_entities_sentence_opener_is_not_part_of_a_name():
    text = "Wherever Governor Marian Hale's budget knife falls, ordinary families pay the price."
    assert _kinds(text) == [("Marian Hale", "person")]
    furious = _kinds("Furious residents say they were promised a new levee years ago.")
    assert furious == []
    # the same word inside a name is kept: only a sentence-initial opener is dropped
    assert ("Marian Hale", "person") in _kinds("Meanwhile Marian Hale left. Neil Young sang.")
    assert ("Neil Young", "person") in _kinds("Meanwhile Marian Hale left. Neil Young sang.")
    assert en.is_sentence_opener("Furious") and en.is_sentence_opener("Wherever")
    assert not en.is_sentence_opener("Hale") and not en.is_sentence_opener(None)


def test_entities_place_before_office_is_its_own_mention():
    assert _kinds("Milltown Mayor Tom Ortiz said the town would lose about $3 million.") == [
        ("Milltown", "place"), ("Tom Ortiz", "person")]
    assert _kinds("Northgate Chief Executive Lena Park said in a statement.") == [
        ("Northgate", "organization"), ("Lena Park", "person")]
    # a title phrase in front stays out, and organisation names are not split at a title word
    assert _kinds("White House Press Secretary Sarah Sanders spoke.") == [("Sarah Sanders", "person")]
    assert _kinds("Officials at the Calder County Health Department agreed.")[-1] == (
        "Calder County Health Department", "organization")


def test_entities_organisation_named_after_an_office_keeps_its_first_word():
    # "State", "Justice", "Health", "Supreme" open titles ("Health Minister Ruth Kamau") but here
    # they begin an organisation's name
    assert _kinds("The State Department and the Justice Department said on Monday that the "
                  "Supreme Court would hear the case.") == [
        ("State Department", "organization"), ("Justice Department", "organization"), ("Supreme Court", "organization")]
    assert _kinds("Health Minister Ruth Kamau said the Health Ministry was ready.") == [
        ("Ruth Kamau", "person"), ("Health Ministry", "organization")]
    assert _kinds("State Department spokesman Ned Price said no.") == [
        ("State Department", "organization"), ("Ned Price", "person")]
    spokes = en.mentions("The Health Ministry's spokeswoman said the outbreak was under control.")
    assert spokes.loc[spokes["form"] == "spokesperson", "entity"].tolist() == ["Health Ministry's spokeswoman"]


def test_entities_datelines_and_shouted_words_are_not_organisations():
    kinds = dict(_kinds("MILLTOWN — Senator Omar Vance stood on a flatbed truck."))
    assert kinds["MILLTOWN"] == "place" and kinds["Omar Vance"] == "person"
    assert dict(_kinds("PORT CALDER, March 4 (Civic Wire) - Storm Imogen hit."))["PORT CALDER"] == "place"
    # a shouted word inside a sentence is no organisation either; a short acronym still is
    shout = dict(_kinds("They said the water was POISONED, the FBI said."))
    assert shout.get("POISONED") != "organization" and shout["FBI"] == "organization"


def test_entities_lone_generic_organisation_word_is_not_a_name():
    text = ("The fund was run by the Calder Water Authority. Authority director Carl Brandt said the "
            "Council would meet.")
    names = [n for n, _ in _kinds(text)]
    assert "Calder Water Authority" in names and "Carl Brandt" in names
    assert "Authority" not in names and "Council" not in names


def test_entities_place_and_event_names_are_not_people():
    kinds = dict(_kinds("Storm Imogen flooded Harbor Street and Port Calder on Monday, Ana Ruiz said."))
    assert kinds["Harbor Street"] == "place" and kinds["Port Calder"] == "place"
    assert kinds["Storm Imogen"] != "person" and kinds["Ana Ruiz"] == "person"


def test_entities_bundled_corpus_discovers_clean_names():
    import newslens as nl

    arts = nl.load_example()
    found = {(n, k) for t in arts["text"] for n, _, _, k in en.name_spans(t)}
    names = {n for n, _ in found}
    for messy in ("Wherever Governor Marian Hale", "Milltown Mayor Tom Ortiz", "Authority", "Furious"):
        assert messy not in names
    assert ("MILLTOWN", "organization") not in found
    assert ("Tom Ortiz", "person") in found and ("Marian Hale", "person") in found


def test_entities_descriptions_and_possessive_offices_as_sources():
    assert en.mention_kind("Hale's office") == ("organization", True)
    assert en.mention_kind("Industry analysts") == ("person", False)
    assert en.mention_kind("Officials") == ("anonymous", False)
    assert en.strip_title("Mother-of-three Ana Ruiz", descriptions=True) == "Ana Ruiz"
    assert en.strip_title("Pensioner Edna Wills") == "Edna Wills"
    assert en.strip_title("Professor Alan Moss of Calder University", descriptions=True) == "Alan Moss"
    assert en.strip_title("Calder County Department of Health") == "Calder County Department of Health"


def test_entities_organisation_shown_by_context():
    assert en.organization_in_context("Northgate", "Northgate Paper Co. said it would close.")
    assert en.organization_in_context("Calder Power", "About 4,000 homes were dark, the utility Calder Power said.")
    assert not en.organization_in_context("Ana Ruiz", "Ana Ruiz Foundation staff said so.")
    assert not en.organization_in_context("Trump", "Donald Trump spoke. The Trump Organization said so.")
    known = en.organization_prefixes(["MILLTOWN — Northgate Paper Co. will close its mill."])
    assert "Northgate" in known and "Northgate Paper" in known
    assert en.organization_in_context("Northgate", "Northgate warned the governor.", known=known)


def test_entities_alias_index_add_resolve_matches_add_then_resolve():
    a, b = en.AliasIndex(first=True), en.AliasIndex(first=True)
    for name in ["Michael Steele", "Steele", "Foreign Ministry", "Bill Clinton", "Clinton", "Hillary Clinton", "Clinton"]:
        a.add(name)
        assert b.add_resolve(name) == a.resolve(name)


# ---------------------------------------------------------------- the parsed article and its resolver
_HALE = (
    "Gov. Marian Hale toured the Northgate Paper Co. mill on Monday with Mayor Tom Ortiz.\n\n"
    "The governor said she would not let the company close it. Ortiz said he agreed.\n\n"
    "Hale later told reporters that a spokeswoman for the company had called her office.\n\n"
    "Northgate Paper Co. said it had no comment. A spokesman for Hale said the talks would go on."
)


def _resolved(text):
    return [(m.text, m.form, m.entity) for m in en.parse(text).mentions]


def test_entities_parse_resolves_every_mention_of_a_person():
    found = _resolved(_HALE)
    hale = {(t, f) for t, f, e in found if e == "Marian Hale"}
    assert {("Marian Hale", "name"), ("The governor", "role"), ("she", "pronoun"), ("Hale", "surname"),
            ("her", "pronoun")} <= hale
    assert ("he", "pronoun", "Tom Ortiz") in found and ("Ortiz", "surname", "Tom Ortiz") in found


def test_entities_surname_that_is_also_a_demonym_resolves_to_the_person():
    text = ("Lena Jordan and Ray Cuban run the port authority. “We are ready,” Cuban said. "
            "Cuban officials in Havana disagreed, and the Cuban President did not comment. Cuban, who chairs it, laughed.")
    found = en.mentions(text)
    got = [(r.mention, r.entity) for r in found.itertuples() if r.mention == "Cuban"]
    assert got == [("Cuban", "Ray Cuban"), ("Cuban", "Cuba"), ("Cuban", "Cuba"), ("Cuban", "Ray Cuban")]


def test_entities_titled_surname_agrees_with_the_person_it_names():
    # a family: the surname alone goes to the first full name, a title to the person it fits
    text = ("Lena Ortiz opened the depot on Monday. Her father, Mayor Tom Ortiz, cut the ribbon. "
            "Ortiz thanked the crews. Later Mayor Ortiz said he was proud, and Mr. Ortiz left early. "
            "Ms. Ortiz stayed.")
    got = [(r.mention, r.entity) for r in en.mentions(text).itertuples() if r.mention == "Ortiz"]
    assert got == [("Ortiz", "Lena Ortiz"), ("Ortiz", "Tom Ortiz"), ("Ortiz", "Tom Ortiz"), ("Ortiz", "Lena Ortiz")]
    # a gendered title never takes a full name of the other gender: the surname stays its own person
    m = en.mentions("Ana Ruiz spoke first. Mr. Ruiz followed her.")
    row = m[m["mention"] == "Ruiz"].iloc[0]
    assert row["entity"] == "Ruiz" and row["gender"] == "m" and "Ana Ruiz" in row["how"]
    # a gender only a pronoun suggested rules out nobody; a headline's "Daughter Of" is no title of the name
    m = en.mentions("Kerry Vance met the board. She left at noon. Mr. Vance returned.")
    assert m[m["mention"] == "Vance"].iloc[0]["entity"] == "Kerry Vance"
    m = en.mentions("Omar Vance spoke on Monday.\n\nDaughter Of Vance: 'He Is Tired'")
    assert m[m["mention"] == "Vance"].iloc[0]["entity"] == "Omar Vance"


def test_entities_broadcasters_and_banks_are_organisations():
    m = en.mentions("The mayor told Radio Norte the bridge would reopen. Vatican Radio and Banco Sur agreed; Grupo Lenz did not.")
    kinds = dict(zip(m["mention"], m["type"]))
    assert {kinds[k] for k in ("Radio Norte", "Vatican Radio", "Banco Sur", "Grupo Lenz")} == {"organization"}
    assert en.name_spans("Workers at the depot were angry. Radio was silent.") == []  # a lone organisation word names nothing


def test_entities_titled_person_whose_surname_is_an_organisation_word():
    spans = en.name_spans("Atlantic City Mayor Don Guardian met Sen. Emily Post at The Washington Post.")
    assert [(n, k) for n, _, _, k in spans] == [("Atlantic City", "place"), ("Don Guardian", "person"),
                                                 ("Emily Post", "person"), ("Washington Post", "organization")]
    assert _kinds("Mayor Don Guardian spoke.") == [("Don Guardian", "person")]
    # an organisation word before "of" makes an organisation, not a person "of" a place
    spans = en.name_spans("The Communications Workers of America backed Rep. Ana Ruiz of Ohio.")
    assert [(n, k) for n, _, _, k in spans] == [("Communications Workers of America", "organization"),
                                                 ("Ana Ruiz", "person"), ("Ohio", "place")]


def test_entities_party_member_described_by_place_is_no_name():
    spans = en.name_spans("The Nevada Democrat met Democrat Ana Ruiz.")
    assert [(n, k) for n, _, _, k in spans] == [("Nevada", "place"), ("Ana Ruiz", "person")]
    assert en.mention_kind("the Nevada Democrat") == ("person", False)
    assert en.party_member_description(["A", "Texas", "Republican"]) and not en.party_member_description(["Republicans"])


def test_entities_office_words_before_a_given_name_are_not_part_of_the_name():
    spans = en.name_spans("Director of Parks Maria Ortiz said the pool would reopen. Harbor Institute Fellow Tom Ruiz agreed.")
    assert [n for n, _, _, k in spans if k == "person"] == ["Maria Ortiz", "Tom Ruiz"]
    assert ("Mary Ann Smith", "person") in _kinds("Mary Ann Smith spoke.")  # two given names stay one name
    # a title word inside a name followed only by a generation is part of the name
    assert _kinds("Martin Luther King Jr. spoke, and Tom Bishop III listened.") == [("Martin Luther King Jr", "person"),
                                                                                    ("Tom Bishop III", "person")]


def test_entities_given_name_alone_refers_to_the_one_person_of_that_name():
    m = en.mentions("Oskar Lindqvist resigned on Friday. Oskar said nothing to reporters.")
    assert m[m["mention"] == "Oskar"].iloc[0]["entity"] == "Oskar Lindqvist"  # not in the given-name list
    m = en.mentions("Vance Jr. spoke first. Vance left early.")  # a surname before a generation is no given name
    assert m[m["mention"] == "Vance"].iloc[0]["entity"] == "Vance"


def test_entities_sentence_opening_participle_is_no_name():
    text = "Reached by phone, Ana Ruiz declined to comment. Frustrated voters left. Mohammed said he would stay."
    assert [n for n, *_ in en.name_spans(text)] == ["Ana Ruiz", "Mohammed"]
    # "emails" could be a verb after a subject ("Khaled emails"), but "leaked" and "leak" are English words
    text = "Leaked emails show the plan. Released files say more. Khaled emails reporters daily."
    assert [n for n, *_ in en.name_spans(text)] == ["Khaled"]


def test_entities_and_inside_an_organisation_name():
    text = ("The Food and Drug Administration and Immigration and Customs Enforcement agents met officials "
            "of the Department of Health and Human Services. Former Housing and Urban Development Secretary "
            "Oskar Lindqvist spoke.")
    assert _kinds(text) == [
        ("Food and Drug Administration", "organization"), ("Immigration and Customs Enforcement", "organization"),
        ("Department of Health and Human Services", "organization"), ("Housing and Urban Development", "organization"),
        ("Oskar Lindqvist", "person")]
    # two names joined by "and" stay two: a person and an office, two whole organisations, a person and one word
    text = "Obama and Senate Majority Leader Harry Reid met. A Wall Street Journal and NBC News poll. Trump and Congress."
    assert [n for n, *_ in en.name_spans(text)] == ["Obama", "Harry Reid", "Wall Street Journal", "NBC News", "Trump",
                                                    "Congress"]
    # a word that is a name of its own elsewhere in the text is not the start of an organisation's name
    text = ("Senator Ilse Varga (D-Ore.) wrote first. On Friday, Varga and Finance Committee Chairman Tomas Reyes replied. "
            "She left Nordlicht in 2019 to run both Nordlicht and Harbor Film Studios. [Parks] officials and the "
            "Parks and Recreation Department agreed.")
    assert [n for n, *_ in en.name_spans(text) if "and" in n.split() or n in ("Varga", "Nordlicht")] == [
        "Varga", "Nordlicht", "Nordlicht", "Parks and Recreation Department"]


def test_entities_a_party_caucus_is_an_organisation():
    """"Senate Democrats" and "House Republicans" are groups of a party, not a person; "Michael J.
    Fox" stays a person (a name that ends in an organisation's name)."""
    text = "Senate Democrats met House Republicans. Michael J. Fox spoke."
    assert _kinds(text) == [
        ("Senate Democrats", "organization"), ("House Republicans", "organization"), ("Michael J. Fox", "person")]
    # the chamber is part of the group's name, not a title to strip from a speaker
    assert [en.strip_title(n) for n in ("Senate Democrats", "Oregon House Republicans", "Senate Majority Leader Ana Ruiz")] == [
        "Senate Democrats", "Oregon House Republicans", "Ana Ruiz"]


def test_entities_laws_events_and_buildings_are_no_person():
    """A capitalised run is a person by default; the words that end names of laws, wars, prizes,
    games and buildings say otherwise, unless a given name opens the run."""
    text = ("The Clean Harbors Act passed after the Gulf War. She won the Nobel Peace Prize at the Winter Olympics "
            "near Calder Tower. Doris Day sang. Since the Great Recession, Coastal Americans pay more for Social Security.")
    assert _kinds(text) == [
        ("Clean Harbors Act", "unknown"), ("Gulf War", "unknown"), ("Nobel Peace Prize", "unknown"),
        ("Winter Olympics", "unknown"), ("Calder Tower", "unknown"), ("Doris Day", "person"), ("Great Recession", "unknown"),
        ("Coastal Americans", "unknown"), ("Social Security", "unknown")]


def test_entities_us_territories_and_cities_are_places():
    text = "Puerto Rico is out of cash, and crowds in Des Moines and New Orleans agreed."
    assert _kinds(text) == [
        ("Puerto Rico", "place"), ("Des Moines", "place"), ("New Orleans", "place")]


def test_entities_research_groups_museums_and_watchdogs_are_organisations():
    text = ("Analysts at Harbor Policy Research, the Calder Museum of Art, Human Rights Watch and the Center for "
            "Coastal Studies agreed. A super PAC paid for the Brennan Institute for Fair Courts poll. Harbor Voters Action, "
            "Calder Nurses United and Bloomberg Politics disagreed.")
    assert _kinds(text) == [
        ("Harbor Policy Research", "organization"), ("Calder Museum of Art", "organization"),
        ("Human Rights Watch", "organization"), ("Center for Coastal Studies", "organization"),
        ("Brennan Institute for Fair Courts", "organization"), ("Harbor Voters Action", "organization"),
        ("Calder Nurses United", "organization"), ("Bloomberg Politics", "organization")]


def test_entities_local_offices_and_staff_titles_are_stripped():
    assert [en.strip_title(p) for p in ("Palm Beach County Supervisor of Elections Ana Ruiz", "White House Chief of Staff Tom Ortiz",
                                        "Magistrate Lena Park", "Lt. Gov. Ana Ruiz")] == [
        "Ana Ruiz", "Tom Ortiz", "Lena Park", "Ana Ruiz"]


def test_entities_an_office_with_no_name_after_it_is_no_person():
    """"The Springfield Mayor said": the place is a mention, the office names no one; a given
    name before the office keeps the person ("Rob Bishop"); an office that owns what follows
    ("County Sheriff's Department") and a word the text also writes in lower case ("Federal
    Judge" beside "federal") are left as they were."""
    text = ("The Springfield Mayor said so. The Palm Beach County Supervisor of Elections agreed, as did the Ohio "
            "Governor and the Acme Chief Executive. Rob Bishop and Mike Judge did not. The Kern County Sheriff's "
            "Department and a Federal Judge said nothing to the federal court.")
    found = _kinds(text)
    assert found[:6] == [
        ("Springfield", "place"), ("Palm Beach County", "place"), ("Ohio", "place"), ("Acme", "organization"),
        ("Rob Bishop", "person"), ("Mike Judge", "person")]
    assert [n for n, _ in found[6:]] == ["Kern County Sheriff"]
    assert [en.office_description(p.split()) for p in (
        "The Springfield Mayor", "former Oregon Gov.", "Mayor Tom Ortiz", "Rob Bishop", "the mayor")] == [
        True, True, False, False, False]


def test_entities_newspapers_are_organisations():
    text = ("The Des Moines Register, the Orlando Sentinel, the Boston Globe and the Daily Mail reported it. "
            "The Mail said more, and the Weekly Standard agreed.")
    assert _kinds(text) == [
        ("Des Moines Register", "organization"), ("Orlando Sentinel", "organization"), ("Boston Globe", "organization"),
        ("Daily Mail", "organization"), ("Mail", "organization"), ("Weekly Standard", "organization")]
    assert en.organization_in_context("Mail", text)


def test_entities_short_form_of_an_organisation_is_the_same_organisation():
    """"Northgate" after "Northgate Paper Co." and "the Gazette" after "the Daily Gazette" are
    those organisations (one source, not two); a place ("Washington" after "Washington Post")
    and a surname the article gives a person ("Henry Ford") are not."""
    text = ("Northgate Paper Co. will close the mill. Northgate said the market had collapsed. The Daily Gazette "
            "reported that 300 jobs would go. The Gazette said the town had not been told. The Washington Post "
            "agreed. Washington said it would not intervene. Ford Motor Co. said nothing. Henry Ford built it. "
            "Ford said the mill was a landmark.")
    m = en.mentions(text).set_index("start")
    at = {w: text.index(w + " said") for w in ("Northgate", "Gazette", "Washington", "Ford")}
    assert [(m.loc[at[w], "entity"], m.loc[at[w], "type"]) for w in at] == [
        ("Northgate Paper Co.", "organization"), ("Daily Gazette", "organization"), ("Washington", "place"),
        ("Henry Ford", "person")]
    assert "short form of Northgate Paper Co." in m.loc[at["Northgate"], "how"]
    sources = nl.sources([text])["source"].tolist()
    assert "Northgate Paper Co." in sources and "Daily Gazette" in sources
    assert "Northgate" not in sources and "Gazette" not in sources


def test_entities_police_and_tv_inside_a_name():
    """"Police" and "TV" alone name no one ("Police said …"), but inside a name they belong to it."""
    text = ("The Miami-Dade County Police Department confirmed it. U.S. Capitol Police officers fired. "
            "Police said the man fled. Bloomberg TV reported it.")
    assert _kinds(text) == [
        ("Miami-Dade County Police Department", "organization"), ("U.S. Capitol Police", "organization"),
        ("Bloomberg TV", "organization")]


def test_entities_parse_organisation_nouns_pronouns_and_spokespeople():
    found = _resolved(_HALE)
    assert ("the company", "organization noun", "Northgate Paper Co.") in found
    assert ("it", "pronoun", "Northgate Paper Co.") in found
    assert ("A spokesman for Hale", "spokesperson", "Marian Hale's spokesman") in found


def test_entities_mentions_frame_offsets_and_evidence():
    m = en.mentions(_HALE)
    assert list(m.columns) == en.MENTION_COLUMNS
    for text, s, e in zip(m["mention"], m["start"], m["end"]):
        assert _HALE[s:e] == text
    assert set(m["form"]) <= set(en.FORMS)
    assert m["how"].map(lambda h: isinstance(h, str) and len(h) > 3).all()
    assert m["paragraph"].tolist() == sorted(m["paragraph"])
    governor = m[m["mention"] == "The governor"].iloc[0]
    assert "governor" in governor["how"] and governor["paragraph"] == 1


def test_entities_pronoun_takes_the_gender_and_prefers_the_subject():
    text = "Ana Ruiz met Tom Ortiz at the depot. He said the buses were late. She said they were not."
    found = _resolved(text)
    assert ("He", "pronoun", "Tom Ortiz") in found and ("She", "pronoun", "Ana Ruiz") in found
    # two men: the subject of the earlier sentence, not the object nearest to the pronoun
    found = _resolved("Tom Ortiz criticised Omar Vance at the meeting. He said the plan was a disgrace.")
    assert ("He", "pronoun", "Tom Ortiz") in found


def test_entities_role_without_a_titled_person_stays_unresolved():
    m = en.mentions("The minister said the plan would go ahead. Ana Ruiz disagreed.")
    row = m[m["mention"] == "The minister"].iloc[0]
    assert row["entity"] is None and "no person" in row["how"]


def test_entities_role_given_in_apposition_and_title_before_name():
    text = "Dana Cole, the city's treasurer, resigned. Later the treasurer said she was sorry."
    assert ("the treasurer", "role", "Dana Cole") in _resolved(text)
    text = "The minister, Ruth Kamau, spoke. Then the minister left."
    assert ("the minister", "role", "Ruth Kamau") in _resolved(text)


def test_entities_epithet_is_another_name_for_the_person_just_named():
    found = _resolved("Omar Vance toured the mill. The billionaire businessman has promised to buy it.")
    assert ("The billionaire businessman", "epithet", "Omar Vance") in found
    # after a comma, with an adverb before the verb; a party member's capitalised noun
    found = _resolved("After the vote, Ruth Kamau thanked her staff. Asked about the levee, the veteran organizer "
                      "often said it was finished.\n\nTom Ortiz arrived late. The Ohio Republican shrugged.")
    assert ("the veteran organizer", "epithet", "Ruth Kamau") in found
    assert ("The Ohio Republican", "epithet", "Tom Ortiz") in found
    # a role that no title gave: "the candidate" is the candidate just named
    found = _resolved("Ruth Kamau spoke on Monday. The candidate said the plant would reopen.")
    assert ("The candidate", "epithet", "Ruth Kamau") in found


def test_entities_epithet_needs_one_named_person_a_subject_and_a_fitting_noun():
    unresolved = [
        # two people just named
        "Omar Vance met Tom Ortiz. The businessman said the deal was done.",
        # introduced with "a": that one, not the person named
        "Omar Vance met a businessman. The businessman said the deal was done.",
        # a noun before another noun, a preposition before it, no verb after it
        "Omar Vance spoke. The businessman lobby welcomed him.",
        "Omar Vance spoke about becoming the businessman of the year.",
        # a gendered noun that does not fit, or a gender only guessed from a pronoun
        "Omar Vance spoke. The actress said she disagreed.",
        "Kwame Osei denied it, and she said he lied. The actress said the film was never finished.",
        # a post-modifier or a name after it: someone else
        "Omar Vance spoke. The businessman from Ohio said no.",
    ]
    for text in unresolved:
        assert not [m for m in en.parse(text).mentions if m.form == "epithet"], text


def test_entities_census_given_names_tell_a_pronoun_whom_it_means():
    """A given name the curated list lacks ("Harvey", "Dexter") still has its usual gender, from the
    1990 US Census first names; an evenly shared name ("Jordan") and a rare one ("Chan") have none."""
    assert (en.name_gender("Harvey Weinstein"), en.name_gender("Dexter Wakefield")) == ("m", "m")
    assert en.name_gender("Jordan Lee") is None and en.name_gender("Chan Han Choi") is None
    found = _resolved("Mariam Emara was a regular at the church, said Dexter Wakefield. He said her family asked for privacy.")
    assert ("He", "pronoun", "Dexter Wakefield") in found and ("her", "pronoun", "Mariam Emara") in found


def test_entities_census_names_file_follows_its_build_script():
    """The shipped file records the rule of ``benchmarks/build_given_names.py``; with the ``names``
    package installed, the script rebuilds it exactly."""
    import json
    from pathlib import Path

    from benchmarks import build_given_names as b

    shipped = json.loads((Path(en.__file__).parent / "lexicons" / "given_names_census.json").read_text("utf-8"))
    assert str(b.SHARE) in shipped["_meta"]["rule"] and str(b.MIN_PERCENT) in shipped["_meta"]["rule"]
    names = pytest.importorskip("names")
    assert b.build(Path(names.__file__).parent)["gender"] == shipped["gender"]


def test_entities_parse_bad_input_is_a_result():
    for text in ("", None, "Der Minister sagte, die Lage sei ernst.", "“" * 1000, "she said " * 2000):
        doc = en.parse(text)
        assert isinstance(doc.mentions, list)
    assert en.mentions("").empty


def test_entities_pipeline_runs_in_its_declared_order(monkeypatch):
    calls = []
    for name in en.PIPELINE:
        real = en._COMPONENTS[name]
        monkeypatch.setitem(en._COMPONENTS, name, lambda doc, _r=real, _n=name: calls.append(_n) or _r(doc))
    en.parse("Ana Ruiz said she was glad.")
    assert calls == list(en.PIPELINE)


def test_entities_pronoun_outside_quotation_marks_skips_names_quoted_inside():
    text = ("Gov. Marian Hale met the press. “Senator Ruth Kamau does not speak for this state,” she said.")
    found = _resolved(text)
    assert ("she", "pronoun", "Marian Hale") in found
    doc = en.parse(text)
    assert doc.in_quotation(text.index("Senator")) and not doc.in_quotation(text.index("she said"))
    # a gender-neutral title gives no gender: "Rep." may be a congressman or a congresswoman
    text = "Rep. Dana Cole spoke. Tom Ortiz replied. “It is late,” she said."
    assert ("she", "pronoun", "Dana Cole") in _resolved(text)


def test_entities_unknown_gender_subject_comes_before_a_known_object():
    text = ("Felipe Calderon, who was president of Mexico, has also dismissed Donald Trump's idea. "
            "“We will not pay for such a wall,” he said.")
    assert ("he", "pronoun", "Felipe Calderon") in _resolved(text)


def test_entities_roles_capitalised_given_with_as_and_given_past_what_is_led():
    """"The Governor" and "the CEO" are role mentions as "the governor" is; "named Lena Park as
    chief executive" gives her the role (and its abbreviation); in "the chairman of Borr, Tom Hill,"
    the company is what is led and Tom Hill the leader."""
    text = ("Governor Marian Hale signed the budget on Monday. The Governor said the cuts were painful. "
            "The board of Ferro Mills named Lena Park as chief executive in May. The CEO said orders had doubled. "
            "The chairman of Borr, Tom Hill, disagreed. Later the chairman left the room.")
    got = en.mentions(text)
    by_mention = dict(zip(got["mention"], got["entity"]))
    assert by_mention["The Governor"] == "Marian Hale"
    assert by_mention["The CEO"] == "Lena Park"
    roles = got[got["form"] == "role"]
    assert "Borr" not in set(roles["entity"])
    assert roles["entity"].iloc[-1] == "Tom Hill"  # "Later the chairman": the one set off by commas after "of Borr"
    # without the role, a capitalised noun is no description: nothing resolves to her
    bare = en.mentions("The board of Ferro Mills hired Lena Park in May. The CEO said orders had doubled.")
    assert "Lena Park" not in set(bare.loc[bare["form"] == "role", "entity"])


# ------------------------------------------------------------------ headlines, things and slogans
_HEADLINE_ARTICLE = (
    "Storm Over Budget Leaves Okafor Fighting For Her Job\n\n"
    "Mayor Adaeze Okafor faced the council on Monday. Okafor said the budget would pass, and she "
    "thanked the treasurer for the figures.\n\n"
    "Critics said the plan was late. Okafor did not answer them.")


def test_entities_title_case_headline_is_no_full_name():
    # in a title-case headline capitals do not mark names: the run ending in the surname is not a
    # person of its own, and the surname keeps the full name the body gives it
    doc = en.parse(_HEADLINE_ARTICLE)
    persons = {n for n, ent in doc.entities.items() if ent.type == "person"}
    assert persons == {"Adaeze Okafor"}
    okafor = [m for m in doc.mentions if m.text == "Okafor"]
    assert len(okafor) == 3 and all(m.entity == "Adaeze Okafor" for m in okafor[1:])
    # a title-case line of names keeps the full names the body gives, and nothing else
    text = "Lena Park, Tom Ortiz And Ruth Kamau Met\n\nThe three met. Lena Park, Tom Ortiz and Ruth Kamau spoke."
    assert {n for n, *_ in en.name_spans(text)} == {"Lena Park", "Tom Ortiz", "Ruth Kamau"}


def test_entities_headline_run_keeps_the_names_the_body_gives():
    text = ("Governor Says Tomas Brandt Must Answer For Delays\n\n"
            "Governor Ruth Kamau said on Monday that Tomas Brandt, the contractor, must explain the delays.")
    spans = [(n, k) for n, _, _, k in en.name_spans(text)]
    assert ("Tomas Brandt", "person") in spans[:2]
    assert not any("Says" in n or "Must" in n for n, _ in spans)


def test_entities_names_of_things_are_no_persons_nor_antecedents():
    text = ("The Affordable Care Act passed in 2010. He said it would last. "
            "Farmers opposed the North American Free Trade Agreement for years.")
    ms = en.mentions(text)
    kinds = dict(zip(ms["mention"], ms["type"]))
    assert kinds["Affordable Care Act"] == "unknown"
    assert kinds["North American Free Trade Agreement"] == "unknown" and "Agreement" not in kinds
    he = ms[ms["mention"] == "He"].iloc[0]
    assert he["entity"] is None


def test_entities_a_slogan_in_quotation_marks_is_no_person():
    text = 'Her slogan, "Forward Together," was on every sign. Anna Reyes said it twice.'
    kinds = dict(zip(*[en.mentions(text)[c] for c in ("mention", "type")]))
    assert kinds["Forward Together"] == "unknown" and kinds["Anna Reyes"] == "person"


def test_entities_verb_form_opening_a_sentence_is_not_a_given_name():
    text = ("Maria Novak spoke for an hour. Watching Novak talk, the crowd cheered.\n\n"
            "Debating Novak's record, critics found little.")
    ms = en.mentions(text)
    assert set(ms["entity"].dropna()) == {"Maria Novak"}
    assert (ms["mention"] == "Novak").sum() == 2


def test_entities_a_name_alone_in_the_headline_does_not_block_the_person_it_names_later():
    text = ("Leaders Meet As Oskar Talks Trade\n\n"
            "Chancellor Oskar Lindqvist met the delegation on Monday. Oskar said the talks went well.")
    ms = en.mentions(text)
    oskar = ms[ms["mention"] == "Oskar"]
    assert oskar["entity"].tolist() == ["Oskar", "Oskar Lindqvist"]


def test_entities_a_demonym_and_one_common_word_name_one_thing():
    # "Western Journalism": not the West and a person; a country name stays one
    text = ("As reported by Western Journalism, the former minister was warned. Saudi Arabia declined to comment. "
            "Finnish President Sauli Niinisto spoke.")
    kinds = _kinds(text)
    assert ("Western Journalism", "unknown") in kinds and ("Journalism", "unknown") not in kinds
    assert ("Saudi Arabia", "country") in kinds
    assert ("Finnish", "country") in kinds and ("Sauli Niinisto", "person") in kinds
    # a surname the text gives stays a person after the demonym
    assert ("Niinisto", "unknown") in _kinds("Sauli Niinisto won. Finnish Niinisto spoke.")[1:]


def test_entities_a_name_of_a_thing_takes_no_role_from_the_clause_after_it():
    text = ("Lena Ortiz led the state until 2013.\n\n"
            "Under the Clean Water Act, the former governor was told of the rules. "
            "Marta Ruiz, the mayor of Riverton, disagreed.")
    ms = en.mentions(text)
    assert ms[ms["mention"] == "the former governor"]["entity"].tolist() != ["Clean Water Act"]
    assert "mayor" in en.parse(text).entities["Marta Ruiz"].roles
    s = nl.sources(["As reported by Western Journalism, the minister was warned. The Riverton Herald reported that "
                    "the mill would close."])
    assert s.set_index("source").loc["Western Journalism", "type"] == "organisation"


def test_entities_a_thing_named_after_a_person_is_not_that_person():
    # "Hale Victory" (a committee) and "Stop Hale" (a chant) are no persons; "her" and "Hale" stay Marian Hale
    text = ("Marian Hale won the vote on Monday, a victory for the party. Hale Victory, her fundraising committee, "
            "spent $2 million. Protesters chanted Stop Hale all night; they would not stop chanting. "
            "Hale said it was a proud day.")
    ms = en.mentions(text)
    kinds = dict(zip(ms["mention"], ms["type"]))
    assert kinds["Hale Victory"] == "unknown" and "Stop Hale" not in kinds
    assert ms[ms["mention"].isin(["her", "Hale"])]["entity"].tolist() == ["Marian Hale"] * 3


def test_entities_a_word_written_in_lower_case_before_a_full_stop_counts_as_lower_case():
    # "touring." is the text writing "touring" in lower case: "Touring Hartley" is no person
    ms = en.mentions("Nora Bell has always enjoyed touring. Touring Hartley on Monday, Bell met voters at a diner.")
    assert "Touring Hartley" not in ms["mention"].tolist() and "Hartley" in ms["mention"].tolist()


def test_entities_a_word_opening_a_headline_before_a_surname_is_no_given_name():
    text = ("Quiet Novak gains ground in the cabinet\n\n"
            "Labor Secretary Thomas Novak packed up his papers. Novak said he liked the back row. "
            "His brother Alastair Novak, a writer, agreed.")
    ms = en.mentions(text)
    assert "Quiet Novak" not in ms["mention"].tolist()
    body = ms[ms["paragraph"] > 0]
    assert body[body["mention"].isin(["Novak", "he"])]["entity"].tolist() == ["Thomas Novak", "Thomas Novak"]
    assert "Alastair Novak" in ms["entity"].tolist()  # a given name the lists lack is still a given name


def test_entities_a_charter_or_a_pact_is_no_person():
    text = ("Premier Lena Vos called the blockade a breach of the Harbor Charter and of the Calder Pact. "
            "She said the fleet would stay in port.")
    ms = en.mentions(text)
    kinds = dict(zip(ms["mention"], ms["type"]))
    assert kinds["Harbor Charter"] == "unknown" and kinds["Calder Pact"] == "unknown"
    assert ms.loc[ms["mention"] == "She", "entity"].tolist() == ["Lena Vos"]


def test_entities_a_name_first_seen_untitled_becomes_a_person_when_a_title_names_it():
    # the headline gives the bare surname among other words; the body's "Governor Okafor" shows a person,
    # so "He" is his
    text = ("Leaders condemn blast; Okafor, others vow action.\n\n"
            "In a statement, Governor Okafor condemned the blast as reckless. He said the state would rebuild the pier.")
    ms = en.mentions(text)
    assert ms.loc[ms["mention"] == "He", "entity"].tolist() == ["Okafor"]
    assert en.parse(text).entities["Okafor"].type == "person"
    assert set(ms.loc[ms["entity"] == "Okafor", "type"]) == {"person"}  # the headline's mention too


def test_entities_a_group_of_people_by_faith_or_ethnicity_is_no_one_name():
    text = ("Rita Khan, a Muslim, was elected mayor of Ashby on Monday. Muslims there welcomed her, and many "
            "Latinos said the levy was unfair.")
    doc = en.parse(text)
    assert [(m.text, m.entity) for m in doc.mentions if m.form != "pronoun"] == [("Rita Khan", "Rita Khan"), ("Ashby", "Ashby")]
    s = nl.sources([text])
    assert s[["source", "type", "named"]].values.tolist() == [["many Latinos", "person", False]]


def test_entities_a_paper_named_today_is_an_organisation_not_a_date():
    text = "The ferry will stop running, Harbour Today reported. Today the captain confirmed it."
    spans = [(name, kind) for name, _, _, kind in en.name_spans(text)]
    assert spans == [("Harbour Today", "organization")]


def test_entities_an_office_of_an_organisation_before_a_name_is_stripped_to_the_person():
    assert en.strip_title("Director of the Harbour Trust Ann Cole") == "Ann Cole"
    assert en.strip_title("Chair of Calder Polling Tom Reyes", descriptions=True) == "Tom Reyes"
    # with no person named after it, the office stays whole
    assert en.strip_title("Director of the Harbour Trust", descriptions=True) == "Director of the Harbour Trust"


def test_entities_a_surname_names_the_person_whose_full_name_ends_in_a_generational_suffix():
    text = ("“The appeal is weak,” said Thomas R. Vale Jr., the company’s lawyer.\n\n"
            "Vale added that the class was too large. “It cannot stand,” he said.")
    q = nl.quotes([text])
    assert q["speaker_name"].tolist() == ["Thomas R. Vale Jr"] * 3
    assert nl.sources([text])[["source", "n_quotes"]].values.tolist() == [["Thomas R. Vale Jr", 3]]
