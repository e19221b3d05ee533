"""Sourcing profile (attributed / reported / commentary) and place/date consistency."""
from __future__ import annotations

import pandas as pd
import pytest

import newslens as nl
from newslens.errors import ColumnError, OptionError
from newslens.measures.sourcing import attribution_cues, consistency, sourcing
from newslens.opinion import DEFAULT, threshold_of


def _seed_articles(seed_path) -> pd.DataFrame:
    """The seed as nl.load() gives it: title line and its repeat removed, text from 'LONDON —'."""
    raw = seed_path.read_text("utf-8")
    return pd.DataFrame({
        "article_id": [seed_path.stem], "title": [raw.splitlines()[0]], "text": [raw[raw.index("LONDON —"):]],
        "outlet": ["seed"], "published": [pd.NaT], "url": [None], "author": [None],
    })


def _labels(out):
    return out["label"].tolist()


# Text written for these tests from the definitions of the labels, not from the cue lists.
REPORT = ("The county council approved a budget of 4.2 million pounds on Tuesday. "
          "Work on the new bridge over the Avon begins in March.")
QUOTED = "“We will not close the library,” the council leader told a meeting in Bath on Monday."
MULTI_QUOTE = ("“Nobody warned us. The water came up in ten minutes. We lost the shop,” "
               "a baker on Mill Lane said.")
OPINION = ("Frankly, this shameful budget is a betrayal of everyone who trusted the council. "
           "We should demand better, and we surely deserve better.")


# The rules and the evidence are tested with the lexical scorer, whose reading of these sentences
# they were written against (a learned scorer may put a sentence such as "We should demand better …"
# just under its threshold).  How well each scorer reads opinion is measured by the sourcing
# benchmark on NewsSD-ENG test; test_opinion.py tests the scorers themselves.
LEX = {"opinion": "lexical"}


def test_sourcing_sentence_labels_on_independent_text():
    out = sourcing(["\n\n".join([REPORT, QUOTED, OPINION])], level="sentence", **LEX)
    assert list(out.columns) == ["article_id", "paragraph", "sentence", "label", "opinion", "evidence", "text", "start", "end"]
    assert _labels(out) == ["reported", "reported", "attributed", "commentary", "commentary"]
    assert out["opinion"].between(0, 1).all()
    assert out.loc[out["label"] == "commentary", "opinion"].min() > out.loc[out["label"] == "reported", "opinion"].max()


def test_sourcing_reported_sentence_without_details_shows_the_words_that_kept_it_reported():
    text = "The committee approved the plan and the work continues."  # no time, number, place or actor
    row = sourcing([text], level="sentence").iloc[0]
    assert row["label"] == "reported"
    ev = row["evidence"]
    assert ev and all(e["cue_type"] == "not_opinion" and e["weight"] < 0 for e in ev)
    assert all(text[e["start"]:e["end"]] == e["text"] for e in ev)
    detailed = sourcing(["The committee approved the plan on Tuesday."], level="sentence").iloc[0]
    assert {e["cue_type"] for e in detailed["evidence"]} == {"time"}  # concrete details come first


def test_sourcing_quotation_over_several_sentences_attributes_each():
    out = sourcing([MULTI_QUOTE], level="sentence")
    assert _labels(out) == ["attributed"] * len(out) and len(out) >= 3
    assert all(any(e["cue_type"] == "quote" for e in ev) for ev in out["evidence"])


def test_sourcing_evidence_offsets_point_into_article_at_both_levels():
    text = "\n\n".join([REPORT, QUOTED, OPINION])
    for level in ("sentence", "paragraph"):
        out = sourcing([text], level=level, **LEX)
        for ev, label in zip(out["evidence"], out["label"]):
            assert ev, "every decided unit carries the words or cues that decided it"
            for e in ev:
                assert text[e["start"]:e["end"]] == e["text"] and e["label"] == label
    com = sourcing([text], level="sentence", **LEX).query("label == 'commentary'")["evidence"]
    assert all(e["cue_type"] == "opinion" and e["weight"] > 0 for ev in com for e in ev)


def test_sourcing_paragraph_rule_aggregates_sentences():
    para = REPORT + " " + OPINION  # two reported sentences, two commentary sentences
    out = sourcing([para], **LEX)
    assert (out["n_reported"].item(), out["n_commentary"].item()) == (2, 2)
    assert _labels(out) == ["commentary"]  # attribution_first: at least half commentary
    assert _labels(sourcing([para], rule="majority", **LEX)) == ["reported"]  # a tie goes to reported
    assert _labels(sourcing([QUOTED + " " + OPINION], **LEX)) == ["attributed"]
    with pytest.raises(OptionError, match="`rule` must be one of 'attribution_first', 'majority'; got 'vote'"):
        sourcing([para], rule="vote")


def test_sourcing_one_word_scare_quotes_are_not_attribution():
    out = sourcing(["The so-called “reform” passed the council on Tuesday by 31 votes to 12."], level="sentence")
    assert _labels(out) == ["reported"]


def test_sourcing_two_word_scare_quotes_need_a_cue_in_their_paragraph():
    texts = ["The council spent years on the ‘left behind’ towns and built nothing there.",
             "The council spent years on the ‘left behind’ towns, the mayor said.",
             "A reporter for the Riverton Clarion called it “a shambles” on Tuesday.",
             "The council spent years on the towns it once called “utterly forgotten by everyone” and built nothing."]
    labels = _labels(sourcing(texts, level="sentence"))
    # a scare quote alone is no source's words; with a speech verb, a naming verb or three words it is
    assert labels[0] != "attributed" and labels[1:] == ["attributed"] * 3


def test_sourcing_counts_words_not_punctuation_in_a_scare_quote():
    # the comma inside the marks is no third word: "fresh start," is a two-word scare quote
    texts = ["Harbour Street has waited a decade for the “fresh start,” and its shops stand empty.",
             "Harbour Street has waited a decade for the “fresh start, at last,” and its shops stand empty."]
    labels = _labels(sourcing(texts, level="sentence"))
    assert labels[0] != "attributed" and labels[1] == "attributed"


def test_sourcing_opinion_scorer_is_a_registry_lookup_with_one_signature():
    """Any function with the scorers' signature plugs in by name; its threshold applies."""
    from newslens.opinion import scorers

    calls = []

    def exclaims(texts, *, evidence=True):
        calls.append(list(texts))
        return [(0.9 if "!" in t else 0.1, [{"word": "!", "start": t.index("!"), "end": t.index("!") + 1, "weight": 2.0}]
                 if evidence and "!" in t else []) for t in texts]

    exclaims.threshold = 0.8
    scorers.register("exclaims_for_test", exclaims)
    try:
        text = "The vote was held on Monday. What a disaster!"
        out = sourcing([text], level="sentence", opinion="exclaims_for_test")
        assert calls == [["The vote was held on Monday.", "What a disaster!"]]  # one batch call
        assert _labels(out) == ["reported", "commentary"]
        assert out["evidence"].iloc[1] == [{"text": "!", "start": len(text) - 1, "end": len(text), "cue_type": "opinion",
                                            "label": "commentary", "weight": 2.0}]
        assert _labels(sourcing([text], level="sentence", opinion="exclaims_for_test", threshold=0.95)) == ["reported"] * 2
        assert out.attrs["newslens"]["opinion"] == "exclaims_for_test"
    finally:
        scorers._items.pop("exclaims_for_test")
    with pytest.raises(OptionError, match="`opinion` must be one of 'combined', 'encoder', 'ensemble', 'lexical', 'neural'"):
        sourcing([text], opinion="nope")


def test_sourcing_reads_each_distinct_sentence_once_and_labels_repeats_alike():
    """A sentence repeated across articles (republished wire copy, boilerplate) is scored once,
    and every copy gets the label and evidence it gets when read alone (offsets its own)."""
    from newslens.opinion import scorers

    calls = []
    real = scorers.get(DEFAULT)

    def counted(texts, *, evidence=True):
        calls.append(list(texts))
        return real(texts, evidence=evidence)

    counted.threshold = threshold_of(real)
    scorers.register("counted_for_test", counted)
    repeated = "Frankly, the council should be ashamed of this shambles."
    texts = [f"The mayor said the bridge will reopen on Monday. {repeated}",
             f"{repeated} Officials counted 40 closures in May.", repeated]
    try:
        out = sourcing(texts, level="sentence", opinion="counted_for_test")
    finally:
        scorers._items.pop("counted_for_test")
    assert len(calls) == 1 and sorted(calls[0]) == sorted(set(calls[0])) and calls[0].count(repeated) == 1
    alone = sourcing([repeated], level="sentence")
    copies = out[out["text"] == repeated]
    assert len(copies) == 3 and set(copies["label"]) == set(alone["label"]) == {"commentary"}
    for (aid, ev), start in zip(zip(copies["article_id"], copies["evidence"]), copies["start"]):
        assert [(e["text"], e["start"] - start) for e in ev] == [(e["text"], e["start"]) for e in alone["evidence"].iloc[0]]
        article = texts[list(out["article_id"].unique()).index(aid)]
        assert all(article[e["start"]:e["end"]] == e["text"] for e in ev)


def test_sourcing_level_is_checked():
    with pytest.raises(OptionError, match="`level` must be one of 'sentence', 'paragraph'; got 'article'"):
        sourcing(["x"], level="article")


def test_sourcing_seed_demo(seed_path):
    """The seed, with no cue, rule or threshold taken from it, read by the lexical scorer: the
    reporting paragraphs are not commentary and the closing ones are (it misses the
    third-to-last; the sourcing benchmark reports every scorer, tests/test_opinion.py the default)."""
    out = sourcing(_seed_articles(seed_path), opinion="lexical")
    labels = _labels(out)
    assert len(labels) == 9  # body paragraphs: captions, credit, byline and the repeated caption skipped
    assert all(lab != "commentary" for lab in labels[:4]), labels
    assert labels[-2:] == ["commentary"] * 2, labels
    assert labels[1] == "attributed"
    assert any(e["cue_type"] == "quote" and "unwavering support" in e["text"] for e in out["evidence"].iloc[1])
    assert _labels(nl.sourcing(nl.load(seed_path), opinion="lexical")) == labels


def test_sourcing_registered_and_provenance():
    assert "sourcing" in nl.measures.available()
    out = nl.measures.get("sourcing")(["Officials said the road reopened."])
    meta = out.attrs["newslens"]
    assert meta["measure"] == "sourcing" and meta["resources"]["sourcing_cues"] and meta["opinion"] == DEFAULT
    assert 0 < meta["threshold"] < 1


def test_sourcing_empty_and_bad_input():
    assert sourcing([""]).empty and sourcing([""], level="sentence").empty
    with pytest.raises(ColumnError, match="text"):
        sourcing(pd.DataFrame({"body": ["x"]}))
    for bad in (0, 1, 2, -0.5, "0.5", True):
        with pytest.raises(OptionError, match=r"`threshold` must be a probability.*Leave it None"):
            sourcing(["The council voted."], threshold=bad)


def test_sourcing_evidence_writes_to_parquet(tmp_path, seed_path):
    for level in ("sentence", "paragraph"):
        out = sourcing(_seed_articles(seed_path), level=level)
        out.to_parquet(tmp_path / f"s_{level}.parquet")
        assert len(pd.read_parquet(tmp_path / f"s_{level}.parquet")) == len(out)


def test_opinion_lexical_scorer_signature_and_evidence():
    from newslens.opinion import lexical_scores, threshold_of

    out = lexical_scores([OPINION, REPORT, "", "42"], evidence=True)
    (p_op, ev_op), (p_rep, ev_rep), (p_empty, ev_empty), (p_num, _) = out
    assert p_op > threshold_of(lexical_scores) > p_rep
    assert p_empty != p_empty and ev_empty == [] and p_num != p_num
    for e in ev_op:
        assert OPINION[e["start"]:e["end"]] == e["word"] and set(e) == {"word", "start", "end", "weight"}
    assert [p for p, _ in lexical_scores([OPINION], evidence=False)] == [p_op]
    assert lexical_scores([OPINION], evidence=False)[0][1] == []


def test_opinion_cue_lists_are_not_fitted_to_the_seed(seed_path):
    """No phrase of the shipped cue lists that is longer than two words occurs in the seed article."""
    import json

    from newslens.files import read_lexicon

    seed = seed_path.read_text("utf-8").lower().replace("’", "'")
    cues = json.loads(read_lexicon("opinion_cues.json"))["groups"]
    att = json.loads(read_lexicon("sourcing_cues.json"))
    assert "commentary" not in att
    long = [c for g in cues.values() for c in g["cues"] if len(c.split()) > 2 and c in seed]
    assert long == []


# ---------------------------------------------------------------- consistency
def test_consistency_seed_place_conflict(seed_path):
    arts = _seed_articles(seed_path)
    out = consistency(arts)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["kind"] == "place" and row["values"] == ["Pyongyang", "Vladivostok"]
    text = arts["text"].iloc[0]
    for ev, val in zip(row["evidence"], row["values"]):
        assert text[ev["start"]:ev["end"]] == ev["text"] and val in ev["text"]


def test_consistency_city_and_its_country_is_no_conflict():
    text = (
        "Leaders of both countries met in Vladivostok, Russia, on Monday.\n\n"
        "The meeting in Russia lasted four hours, officials said.\n\n"
        "Putin and Kim met in Vladivostok on Monday and later toured a port in Vladivostok."
    )
    assert consistency([text]).empty


def test_consistency_capital_and_country_and_unknown_places():
    text = (
        "Macron and Scholz met in Paris on Friday.\n\n"
        "The meeting in France focused on trade, Macron and Scholz said.\n\n"
        "Macron and Scholz also held talks at the Elysee Palace."
    )
    assert consistency([text]).empty


def test_consistency_different_occasions_are_not_conflicts():
    text = (
        "Biden and Xi met in Bali on Monday.\n\n"
        "Biden and Xi met again in San Francisco a year later."
    )
    assert consistency([text]).empty


def test_consistency_date_conflict():
    text = (
        "The summit of Modi and Sharif began on Tuesday in Delhi.\n\n"
        "Modi and Sharif opened the summit on Thursday with a joint statement."
    )
    out = consistency([text])
    assert out["kind"].tolist() == ["date"]
    assert [v.lower() for v in out["values"].iloc[0]] == ["on tuesday", "on thursday"]


def test_consistency_one_event_given_two_dates_is_a_date_conflict():
    text = (
        "The city museum reopened to visitors on Friday, June 6, after a two-year renovation of its roof.\n\n"
        "Curators spent the spring hanging the collection again.\n\n"
        "Crowds have filled the museum, which reopened on Sunday, June 8, according to the ticket office."
    )
    out = consistency([text])
    assert out["kind"].tolist() == ["date"]
    row = out.iloc[0]
    assert row["values"] == ["on Friday, June 6", "on Sunday, June 8"]
    first, second = row["evidence"]
    assert first["text"].startswith("The city museum reopened") and second["text"].startswith("Crowds have filled")
    for ev in row["evidence"]:
        assert text[ev["start"]:ev["end"]] == ev["text"] and ev["value"] in ev["text"]


@pytest.mark.parametrize("first,second", [
    ("The old bridge reopened on March 3 after repairs.", "Traffic returned to the bridge, which reopened on March 5."),
    ("On Tuesday, the minister resigned over the contract.", "The minister, who resigned on Thursday, declined to comment."),
    ("Governor Ana Ruiz signed the water bill on Monday.", "Ruiz signed the water bill on Wednesday in the capital."),
])
def test_consistency_date_conflict_weekday_or_date(first, second):
    out = consistency([first + "\n\n" + second])
    assert out["kind"].tolist() == ["date"], out


@pytest.mark.parametrize("text", [
    # the same date written twice in two forms
    "The museum reopened on Friday, June 6.\n\nThe museum, which reopened on June 6, drew crowds.",
    "The museum reopened on Friday, June 6.\n\nThe museum, which reopened on Friday, was full.",
    # another occasion
    "The museum reopened on Friday, June 6.\n\nAfter a burst pipe the museum reopened again on Sunday, June 15.",
    "The museum reopened on Friday, June 6.\n\nThe museum will reopen its east wing next week.",
    "The museum reopened on June 6, 1998.\n\nThe museum reopened on June 8, 2024, after a fire.",
    # different events
    "The museum reopened on Friday, June 6.\n\nThe library reopened on Sunday, June 8.",
    "The museum reopened on Friday, June 6.\n\nThe mayor visited the museum on Sunday, June 8.",
    "The council approved the budget on Monday.\n\nThe council approved the zoning plan on Wednesday.",
    "The museum closed on Monday for repairs.\n\nThe museum reopened on Friday.",
    "It reopened on Friday.\n\nIt reopened on Sunday.",  # no subject to tie the two together
])
def test_consistency_no_date_conflict(text):
    assert consistency([text]).empty


def test_consistency_different_events_with_different_people():
    text = "Putin met Kim in Pyongyang on Wednesday.\n\nMacron met Scholz in Berlin on Friday."
    assert consistency([text]).empty


def test_consistency_registered_and_columns():
    out = nl.consistency(["Nothing happened here."])
    assert list(out.columns) == ["article_id", "kind", "values", "evidence"] and out.empty
    assert out.attrs["newslens"]["measure"] == "consistency"


def test_sourcing_consistency_finds_the_planted_local_contradiction():
    arts = nl.load_example()
    out = nl.consistency(arts)
    kinds = {r.kind: r["values"] for _, r in out.iterrows()}
    assert kinds.get("place") == ["Milltown", "Port Calder"]
    assert kinds.get("date") == ["on Saturday", "Sunday's"]
    assert out["article_id"].nunique() == 1


def test_sourcing_consistency_local_places_need_in_and_no_containment():
    """Two places the gazetteer does not know conflict only as towns: both written "in <Place>",
    neither inside the other.  A place written "in the …" is a venue ("the White House", "the
    Senate"), and a continent or world region holds places of many countries: neither conflicts.
    A place that ends its sentence is given without the full stop."""
    ok = nl.consistency([
        "Workers will rally in Phoenix on Saturday.\n\nProtests erupt after the rally in Arizona.",
        "The rally in Milltown drew crowds.\n\nThe rally at Harbor Hall was loud.",
        "The rally in Milltown, Calder County drew crowds.\n\nThe rally in Calder County was loud.",
        "The senators met in the Capitol on Tuesday.\n\nThe meeting in Ashford ran late, aides said.",
        "The ministers will meet in Africa next week.\n\nThe meeting in Harlow will set the agenda.",
        "The leaders held talks in Southeast Asia.\n\nThe talks in Harlow ran late, aides said.",
    ])
    assert ok.empty
    bad = nl.consistency(["The rally in Milltown drew crowds.\n\nThe rally in Port Calder was loud.",
                          "The leaders held talks in Ashford.\n\nThe talks in Harlow ran late, aides said."])
    assert bad["values"].tolist() == [["Milltown", "Port Calder"], ["Ashford", "Harlow"]]
    assert [e["value"] for e in bad["evidence"].iloc[1]] == ["Ashford", "Harlow"]


def test_paragraph_evidence_keeps_a_commentary_sentence_the_rule_outvotes():
    """One commentary sentence among three leaves its paragraph reported (the rule needs half), but
    its opinion words stay in the paragraph's evidence, labelled commentary, and the highlighted
    article marks them."""
    text = ("The council approved the budget on Tuesday. It passed by six votes to three.\n\n"
            "The vote came after a long debate. It ended at midnight. "
            "Frankly, this plan is a disgrace and the council should be ashamed of it.")
    sents = sourcing([text], level="sentence")
    par = sourcing([text])
    assert sents["label"].tolist()[2:] == ["reported", "reported", "commentary"]
    assert par["label"].tolist() == ["reported", "reported"] and par["n_commentary"].tolist() == [0, 1]
    opinion_words = [e for e in par["evidence"].iloc[1] if e["label"] == "commentary"]
    assert opinion_words == [e for e in sents["evidence"].iloc[4]]
    assert any(e["text"] == "disgrace" for e in opinion_words)
    assert all(e["label"] == "reported" for e in par["evidence"].iloc[0])
    html = nl.highlight(text, by="sourcing").html
    assert 'class="nl-srccue-commentary" title="commentary cue (opinion): disgrace">disgrace' in html


def test_sourcing_reads_quotations_as_nl_quotes_pairs_them():
    # a quotation closed by a mark of the other style; one that goes on in the next paragraph
    # (left open, as news writes it); a nickname inside a name, which quotes no one
    text = ("The ferry will stop running in March. The harbour master's verdict: “That is going to hurt "
            "every family on the island.\"\n\n"
            "“We have asked for help for two years. Nobody came.\n\n"
            "“Now the boats are gone.”\n\n"
            "Robert \"Bobby\" Vance runs the bait shop on the pier.")
    s = nl.sourcing([text], level="sentence").set_index("text")
    quoted = ["The harbour master's verdict: “That is going to hurt every family on the island.\"",
              "“We have asked for help for two years.", "Nobody came.", "“Now the boats are gone.”"]
    assert s.loc[quoted, "label"].tolist() == ["attributed"] * 4
    assert [e["cue_type"] for e in s.loc[quoted[0], "evidence"]] == ["quote"]
    assert s.loc["Robert \"Bobby\" Vance runs the bait shop on the pier.", "label"] != "attributed"


def test_sourcing_a_one_word_quotation_a_naming_verb_gives_is_attributed():
    label = {t: nl.sourcing([t], level="sentence")["label"].iloc[0]
             for t in ("Councilman Ortiz called it “reckless.”", "The mayor described the levy as “timid.”",
                       "The “plan” was late again.", "The so-called “plan” was late again.")}
    assert [lab == "attributed" for lab in label.values()] == [True, True, False, False]


def test_sourcing_a_naming_verb_with_its_object_and_article_before_a_short_quotation():
    # what is named can stand between the verb and the quotation ("called the levy a “…”"), and a
    # mark typed as two apostrophes opens the quotation as “ does
    texts = ("She called the levy a “grab” on Tuesday.", "He called the mayor ''timid'' twice.",
             "Ortiz called Mayor Cole “timid.”", "The ferry, a so-called “lifeline,” sailed late.")
    labels = nl.sourcing(list(texts), level="sentence")["label"].tolist()
    assert labels[:3] == ["attributed"] * 3 and labels[3] != "attributed"


@pytest.mark.parametrize("text", [
    "The inspector concluded that the levee would hold through the winter.",
    "Ortiz, pointing out that the bridge is ninety years old, voted for a new one.",
    "Reiterating her support for the ferry, Cole left the meeting early.",
    "Cole confided to friends that the ferry would be sold by spring.",
    "At the hearing, Councilman Ortiz criticized the harbour board for its slow repairs.",
    "Cole praised the volunteers who rebuilt the pier.",
    "The harbour board declined to say when the ferry would return.",
    "Ortiz hoped the new pier would open before the summer.",
    "Ortiz called the levy a disgrace after the vote.",
])
def test_sourcing_every_form_of_a_verb_of_saying_or_judging_attributes(text):
    s = nl.sourcing([text], level="sentence")
    assert s["label"].tolist() == ["attributed"]
    kinds = [e["cue_type"] for e in s["evidence"].iloc[0]]
    assert kinds and set(kinds) <= {"speech_verb", "belief"}


@pytest.mark.parametrize("text", [
    "County payment records show the contractor was paid twice for the same pump.",
    "The pier was rebuilt in 1998, harbour board filings indicate.",
    "Recent polls suggest most residents want the ferry back.",
])
def test_sourcing_records_and_polls_that_show_are_a_source(text):
    s = nl.sourcing([text], level="sentence")
    assert s["label"].tolist() == ["attributed"]
    assert [e["cue_type"] for e in s["evidence"].iloc[0]] == ["evidential"]


def test_sourcing_a_show_is_not_a_source():
    labels = nl.sourcing(["The show that opened on Friday drew long lines at the pier."], level="sentence")["label"]
    assert labels.tolist() != ["attributed"]


def test_sourcing_calling_off_a_strike_calling_it_a_day_or_a_name_are_no_source():
    labels = nl.sourcing(["The union called off a strike planned for May.", "After the vote the crews called it a day.",
                          "They rented a hall called Harbour House at a discount."], level="sentence")["label"]
    assert "attributed" not in labels.tolist()


def test_sourcing_pledged_delegates_are_no_source():
    labels = nl.sourcing(["Vance leads the race by 40 pledged delegates after the Calder primary.",
                          "Vance pledged to repeal the harbour levy."], level="sentence")["label"]
    assert labels.tolist()[0] != "attributed" and labels.tolist()[1] == "attributed"


def test_sourcing_a_headline_and_a_transcript_speak_as_nl_quotes_reads_them():
    text = ("Gov. Marian Hale: No new taxes this year.\n\n"
            "The governor spoke at a town hall in Riverton on Tuesday.\n\n"
            "JAKE TAPPER: The levee failed twice this spring.\n\n"
            "MARIAN HALE: We will rebuild it before the autumn storms.\n\n"
            "TAPPER: And the money is there?\n\n"
            "HALE: Every dollar of it is in the budget.")
    s = nl.sourcing([text], level="sentence")
    assert s["label"].tolist() == ["attributed", "reported"] + ["attributed"] * 4
    assert [e["cue_type"] for e in s["evidence"].iloc[0]] == ["reported_speech"]
    assert [e["text"] for e in s["evidence"].iloc[0]] == ["No new taxes this year"]


def test_sourcing_the_line_that_introduces_or_signs_a_quoted_paragraph_is_attributed():
    text = ("The harbour board met on Thursday to approve the dredging contract.\n\n"
            "Mayor Ann Cole went on:\n\n"
            "“The channel has silted up for a decade. We will clear it before the autumn storms.”\n\n"
            "“Nobody on this dock has been paid for three weeks.” ― Tom Reyes\n\n"
            "The contract runs for two years.")
    s = nl.sourcing([text], level="sentence")
    by_text = dict(zip(s["text"], s["label"]))
    assert by_text["Mayor Ann Cole went on:"] == "attributed"
    assert by_text["― Tom Reyes"] == "attributed"
    assert by_text["The contract runs for two years."] != "attributed"
    cue = s.loc[s["text"].eq("Mayor Ann Cole went on:"), "evidence"].iloc[0]
    assert [(e["text"], e["cue_type"]) for e in cue] == [("went on", "quote_cue")]
    # a quotation of two words is no quoted paragraph: its cue line stays as it was
    short = nl.sourcing(["The board met.\n\nCole went on:\n\n“Never again.”"], level="sentence")
    assert short.loc[short["text"].eq("Cole went on:"), "label"].tolist() == ["reported"]


def test_sourcing_the_writers_own_opinion_beside_a_source_is_commentary():
    texts = ["The mayor called the plan “a fresh start for the riverfront,” but it is a cynical, "
             "shameless giveaway to developers that will gut the neighbourhood.",
             "“This is a cynical, shameless giveaway to developers,” the councillor said of the plan on Tuesday.",
             "Ortiz said the plan was a cynical, shameless giveaway to developers.",
             "The council approved the plan, which the mayor called “a fresh start,” by nine votes to four on Tuesday."]
    s = sourcing(texts, level="sentence")
    assert _labels(s) == ["commentary", "attributed", "attributed", "attributed"]
    # the evidence of the commentary is the writer's words, none from inside the quotation
    first = s["evidence"].iloc[0]
    quote = (texts[0].index("“"), texts[0].index("”") + 1)
    assert {"cynical", "shameless"} <= {e["text"] for e in first}
    assert all(e["cue_type"] == "opinion" and not quote[0] <= e["start"] < quote[1] for e in first)


def test_sourcing_the_writer_saying_what_they_think_is_no_source():
    label = {t: nl.sourcing([t], level="sentence")["label"].iloc[-1]
             for t in ("I believe the levy plan falls short of what the island needs.",
                       "We can expect a long fight over the ferry before the spring.",
                       "“I believe the levy plan falls short,” Councilman Ortiz said.",
                       "Ortiz believes the levy plan falls short.",
                       "Two harbour pilots spoke to the council. One said the channel silts up every spring.")}
    assert [lab == "attributed" for lab in label.values()] == [False, False, True, True, True]
    assert [c[2] for c in attribution_cues("I believe the plan falls short, according to the mayor.")] == ["according_to"]
