"""Tests of nl.quotes and nl.sources on hand-written sentences."""
from __future__ import annotations

import time

import pandas as pd

import newslens as nl


def _one(text):
    q = nl.quotes([text])
    return q


def test_quotes_said_after_with_title_and_apposition_stripped():
    q = _one("“We will rebuild the bridge,” Sen. Ruth Kamau, a Democrat from Ohio, said.")
    assert q["quote"].tolist() == ["We will rebuild the bridge"]
    assert q["speaker"].tolist() == ["Ruth Kamau"]
    assert q["cue"].tolist() == ["said"]


def test_quotes_said_x_straight_marks_and_organisation():
    q = _one('"The talks are over for now," said the ministry.')
    assert q.loc[0, "speaker"] == "the ministry"


def test_quotes_colon_intro_and_told_reporters():
    q = _one("Smith told reporters: “We are done here today.”")
    assert q.loc[0, "speaker"] == "Smith"
    assert q.loc[0, "cue"].startswith("told")


def test_quotes_according_to():
    q = _one("According to Maria Lopez, “the plan never had a chance in the Senate.”")
    assert q.loc[0, "speaker"] == "Maria Lopez"


def test_quotes_split_quote_two_rows_same_speaker_and_group():
    q = _one("Ms. Ana Ruiz arrived late. “It was a mistake,” she said, “and we regret it deeply.”")
    assert len(q) == 2
    assert q["speaker"].tolist() == ["Ana Ruiz", "Ana Ruiz"]
    assert q["group"].nunique() == 1


def test_quotes_pronoun_resolved_by_gender():
    q = _one("Ms. Ana Ruiz met Mr. Bo Lee on Monday. “We agree on this now,” she said. “We disagree on that,” he said.")
    assert q["speaker"].tolist() == ["Ana Ruiz", "Bo Lee"]
    ev = q.loc[0, "evidence"]
    assert {"cue", "speaker", "antecedent"} <= {d["role"] for d in ev}


def test_quotes_surname_resolved_to_full_name():
    q = _one("Michael Steele spoke first.\n\n“It was a joke, nothing more,” Steele said.")
    assert q.loc[0, "speaker"] == "Michael Steele"


def test_quotes_title_of_work_and_scare_quotes_are_not_quotes():
    q = _one("She loved the film “Gone With the Wind” and mocked the “fake news” slogan.")
    assert q.empty


def test_quotes_attributed_short_quote_is_partial():
    q = _one("The mayor called the plan “a disaster” on Monday.")
    assert q["kind"].tolist() == ["partial"]
    assert q["quote"].tolist() == ["a disaster"]


def test_quotes_multi_paragraph_quote_continues():
    text = "“The first paragraph of a long statement\n\n“The second paragraph ends it,” Jones said."
    q = _one(text)
    assert len(q) == 2 and q["group"].nunique() == 1
    assert q["speaker"].tolist() == ["Jones", "Jones"]


def test_quotes_offsets_slice_article_text_exactly():
    text = ("WASHINGTON — Talks resumed.\n\n“We will rebuild,” Sen. Ruth Kamau said, “and soon.”\n\n"
            "Officials said more was needed. ‘It is safe now,’ Mayor Ana Ruiz said.")
    arts = pd.DataFrame({"article_id": ["a1"], "title": ["T"], "text": [text]})
    q = nl.quotes(arts)
    assert len(q) == 3
    for row in q.itertuples():
        assert text[row.start:row.end] == row.quote
        assert text[row.speaker_start:row.speaker_end] in {"Sen. Ruth Kamau", "Mayor Ana Ruiz"}
        for ev in row.evidence:
            if ev["start"] is not None:
                assert text[ev["start"]:ev["end"]] == ev["text"]
    assert set(q["article_id"]) == {"a1"}
    assert q.attrs["newslens"]["measure"] == "quotes"


def test_quotes_keys_preserved_from_paragraph_table():
    paras = pd.DataFrame({"article_id": ["x", "x"], "paragraph": [3, 4],
                          "text": ["No quote here.", "“Budgets are moral documents,” the bishop said."],
                          "start": [0, 16], "end": [14, 62]})
    q = nl.quotes(nl.as_table(paras, "paragraphs"))
    assert q[["article_id", "paragraph"]].values.tolist() == [["x", 4]]
    assert q.loc[0, "start"] == 16 + 1


def test_quotes_empty_and_non_english_text():
    q = nl.quotes(["", "Der Minister sagte, die Lage sei ernst.", None])
    assert q.empty
    assert list(q.columns)[:4] == ["article_id", "paragraph", "group", "kind"]
    s = nl.sources(["", "这是一个测试。"])
    assert s.empty


def test_quotes_unattributed_quote_has_no_speaker():
    q = _one("“Nobody expected the river to rise this fast, not even the engineers.”")
    assert q["speaker"].tolist() == [None]


def test_quotes_linear_on_many_quote_marks():
    nl.quotes(["“Yes,” he said."])  # resources loaded before timing
    took = {}
    for n in (2_500, 25_000):  # 25k pairs = 50k marks
        text = " ".join(["“Yes,” he said."] * n)
        t0 = time.perf_counter()
        q = nl.quotes([text])
        took[n] = time.perf_counter() - t0
        assert len(q) == n and set(q["quote"]) == {"Yes"} and set(q["kind"]) == {"direct"}
    assert took[25_000] < 30 * took[2_500], took  # ten times the text: ~10x the time; quadratic work ~100x


def test_quotes_sources_named_and_anonymous():
    text = ("Officials said the bridge would reopen. A source familiar with the matter said repairs were late. "
            "“It is safe,” Mayor Ana Ruiz said. “We checked twice,” she said. "
            "The ministry said in a statement that the inspection was complete.")
    s = nl.sources([text]).set_index("source")
    assert s.loc["Ana Ruiz", "kind"] == "person" and s.loc["Ana Ruiz", "named"]
    assert s.loc["Ana Ruiz", "n_quotes"] == 2
    assert s.loc["officials", "kind"] == "anonymous" and not s.loc["officials", "named"]
    assert s.loc["a source familiar with the matter", "kind"] == "anonymous"
    assert s.loc["the ministry", "n_attributions"] == 1
    assert s.loc["the ministry", "kind"] == "organization"
    for ev in s.loc["Ana Ruiz", "evidence"]:
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_quotes_sources_condition_of_anonymity():
    s = nl.sources(["A senior diplomat, who spoke on condition of anonymity, said the deal was dead."])
    assert (s["kind"] == "anonymous").any()
    assert not s["named"].any()


def test_quotes_registered_measures():
    assert {"quotes", "sources"} <= set(nl.measures.available())


def test_quotes_seed_article(seed_path):
    text = seed_path.read_text("utf-8")
    q = nl.quotes([text])
    assert all(len(x.split()) > 3 or k == "partial" for x, k in zip(q["quote"], q["kind"]))
    # "Putin in his opening statement thanked Kim for his “unwavering support” …"
    row = q[q["quote"] == "unwavering support"]
    assert len(row) == 1
    assert row["kind"].iloc[0] == "partial"
    assert row["speaker"].iloc[0] == "Vladimir Putin"  # surname resolved to the earlier full name
    assert text[row["speaker_start"].iloc[0]:row["speaker_end"].iloc[0]] == "Putin"


def test_quotes_participle_speaker_is_clause_subject():
    q = _one("During a speech on Monday, Trump attacked Clinton for her record in Libya, saying, "
             "“She is trigger-happy and very unstable.”")
    assert q["speaker"].tolist() == ["Trump"]
    assert q["cue"].tolist() == ["saying"] and q["rule"].tolist() == ["subject"]


def test_quotes_relative_clause_is_not_the_speaker():
    q = _one("Marc Morial forcefully told a young woman who suggested otherwise that "
             "“not voting is not a viable nor intelligent strategy.”")
    assert q["speaker"].tolist() == ["Marc Morial"]


def test_quotes_follow_on_quote_same_paragraph_shares_speaker_and_group():
    q = _one("“This is a disgusting day,” said Rep. G.K. Butterfield (D-N.C.), head of the caucus. "
             "“He started this silliness years ago and never said sorry.”")
    assert q["speaker"].tolist() == ["G.K. Butterfield", "G.K. Butterfield"]
    assert q["group"].nunique() == 1
    assert q["rule"].tolist() == ["after", "same_paragraph"]


def test_quotes_paragraph_opening_quote_carries_previous_speaker():
    text = ("“No one is writing songs for her,” said Dan Ortiz, a party official.\n\n"
            "“Right now, the vote is against Trump, not for anyone in particular.”")
    q = _one(text)
    assert q["speaker"].tolist() == ["Dan Ortiz", "Dan Ortiz"]
    assert q["rule"].tolist()[1] == "previous_paragraph"
    # but a quote after narration that ends the paragraph elsewhere is not carried
    q2 = _one("“No one is writing songs for her,” said Dan Ortiz. The rally then moved on to other business "
              "in the hall and the crowd went home late in the evening after the speeches.\n\n"
              "“Right now, the vote is against Trump, not for anyone in particular.”")
    assert q2["speaker"].tolist()[1] is None


def test_quotes_transcript_labels():
    text = ('"WALLACE: Let us start with the news on the debate tonight.\n\n'
            '"PENCE: Well, look, this is serious business for the country.\n\n'
            '"(CROSSTALK.)')
    q = _one(text)
    assert q["speaker"].tolist()[:2] == ["Wallace", "Pence"]
    assert q["group"].tolist()[0] != q["group"].tolist()[1]
    assert text[q["speaker_start"].iloc[1]:q["speaker_end"].iloc[1]] == "PENCE"


def test_quotes_role_description_resolved_to_titled_person():
    q = _one("President Donald Trump spoke on Monday. “We will build it and it will be great,” the president said.")
    assert q["speaker"].tolist() == ["Donald Trump"]
    roles = {d["role"]: d["text"] for d in q.loc[0, "evidence"]}
    assert roles["speaker"] == "the president" and roles["antecedent"] == "Donald Trump"


def test_quotes_pronoun_gender_from_given_name():
    q = _one("Hillary Clinton and Donald Trump met in the hall. “I am ready for this fight,” she said. "
             "“So am I, believe me,” he said.")
    assert q["speaker"].tolist() == ["Hillary Clinton", "Donald Trump"]


def test_quotes_capitalised_verb_before_speaker_and_sentence_split_names():
    q = _one("Said Ryan Ellis: “I do not get the sense she cares at all.”")
    assert q["speaker"].tolist() == ["Ryan Ellis"]
    q2 = _one("“Nobody wants to bus their kids,” said Hester. Michael Mulgrew spoke next. "
              "“We support our schools,” said Mulgrew.")
    assert q2["speaker"].tolist() == ["Hester", "Michael Mulgrew"]


def test_quotes_pronoun_in_relative_clause_skips_its_head():
    text = ("Michael Bloomberg spoke on Wednesday. Bloomberg threw jabs at Donald Trump, whom he called "
            "a “dangerous demagogue and a bomb-thrower” in his speech.")
    q = nl.quotes([text])
    assert q.loc[0, "speaker"] == "Michael Bloomberg"


def test_quotes_office_prefix_and_sentence_final_name():
    q = nl.quotes(["“We will hold the line on spending,” said White House Press Secretary Sarah Sanders.",
                   "The mayor spoke to Donald Trump.\n\n“It went well for both of us,” Trump said."])
    assert q["speaker"].tolist() == ["Sarah Sanders", "Donald Trump"]


# ---------------------------------------------------------------- sources found by students' notebooks
def _sources(text):
    s = nl.sources([text])
    for row in s.itertuples():
        for ev in row.evidence:
            if ev["start"] is not None:
                assert text[ev["start"]:ev["end"]] == ev["text"]
    return s.set_index("source")


def test_quotes_refusal_is_not_a_speaker():
    text = ("The governor hid behind a written statement, blaming “supply shortages.” Her office refused to "
            "say how much had been paid to consultants.")
    q = nl.quotes([text])
    assert "Her office refused to" not in set(q["speaker"].dropna())
    assert "Her office refused to" not in _sources(text).index


def test_quotes_sentence_opening_adjective_is_not_a_named_source():
    text = ("But heartbreak is turning to fury. Furious residents say they were promised a new levee years ago. "
            "“Where did the money go?” asked shop owner Lin Chen, 52, whose bakery was wrecked.")
    s = _sources(text)
    assert "Furious residents" not in s.index and "Furious" not in s.index
    assert not s.loc[[i for i in s.index if "residents" in i], "named"].any()
    text2 = ("Furious neighbours say the warning came far too late. \"I gave my kids that water for two days!\" "
             "said dad-of-three Leo Martin, 39.")
    q = nl.quotes([text2])
    assert "Furious" not in set(q["speaker"].dropna())
    assert "Furious" not in _sources(text2).index


def test_quotes_companies_credited_with_speech_are_organisations():
    text = ("MILLTOWN — Northgate Paper Co. will close its mill, cutting 640 jobs.\n\n"
            "Sources in the state commerce department said that Northgate warned Hale's office last summer.\n\n"
            "About 4,000 homes were without power on Monday, the utility Calder Power said.")
    s = _sources(text)
    assert s.loc["Northgate", "kind"] == "organization" and s.loc["Northgate", "named"]
    assert s.loc["Calder Power", "kind"] == "organization"
    # a person credited the same way stays a person
    s2 = _sources("Ana Ruiz said that the repairs were late. Donald Trump spoke. Trump said that it was fine.")
    assert s2.loc["Ana Ruiz", "kind"] == "person"


def test_quotes_organisation_known_from_another_article_of_the_collection():
    arts = ["Northgate Paper Co. will close the mill in Milltown.",
            "Officials said that Northgate warned the governor about the mill last summer."]
    s = nl.sources(arts)
    row = s[s["source"] == "Northgate"]
    assert len(row) == 1 and row["kind"].iloc[0] == "organization"


def test_quotes_according_to_is_the_cue_not_the_source():
    text = ("The governor's team, according to one official, “sat on it for six months.” "
            "The plan, according to senior officials, was dropped.")
    s = _sources(text)
    assert not any(src.startswith("according to") for src in s.index)
    assert "one official" in s.index and s.loc["one official", "kind"] == "anonymous"
    assert not s.loc["one official", "named"]


def test_quotes_possessive_office_is_an_organisation():
    s = _sources("Hale's office insisted it had done “everything possible to save the mill jobs.”")
    assert s.loc["Hale's office", "kind"] == "organization"


def test_quotes_sources_makes_one_pass_over_the_quotes(monkeypatch):
    from newslens.measures import quotes as qm

    calls, splits = [], []
    real, real_units = qm._article_quotes, qm._paragraph_units
    monkeypatch.setattr(qm, "_article_quotes", lambda aid, paras: calls.append(aid) or real(aid, paras))
    monkeypatch.setattr(qm, "_paragraph_units", lambda data: splits.append(1) or real_units(data))
    texts = ["“We will rebuild the bridge,” Mayor Ana Ruiz said.", "Officials said it was safe.",
             "“It is late,” said Bo Lee. “Very late indeed, and costly,” he added."]
    s = nl.sources(texts)
    assert len(calls) == len(texts) and len(splits) == 1  # one split, one quote pass per article
    q = nl.quotes(texts)
    counted = s.groupby("source")["n_quotes"].sum()
    expected = q.dropna(subset=["speaker"]).groupby("speaker")["group"].nunique()
    assert counted.reindex(expected.index).tolist() == expected.tolist()


def test_quotes_bundled_corpus_sources_are_clean():
    arts = nl.load_example()
    s = nl.sources(arts)
    names = set(s["source"])
    for bad in ("Her office refused to", "Furious", "Furious residents", "according to one official"):
        assert bad not in names
    kinds = s.groupby("source")["kind"].agg(set)
    assert kinds["Northgate"] == {"organization"} and kinds["Calder Power"] == {"organization"}
    assert kinds["Tom Ortiz"] == {"person"} and "one official" in names
    assert (s.loc[s["kind"] == "anonymous", "named"] == False).all()  # noqa: E712


def test_quotes_two_appositions_before_the_verb():
    t = ("“It’s an invasion of the state regulatory domain,” Scott Pruitt, the attorney general of "
         "Oklahoma, one of the states suing the agency, said at an event.")
    q = nl.quotes([t])
    assert q["speaker"].tolist() == ["Scott Pruitt"]
    assert t[q["speaker_start"].iloc[0]:q["speaker_end"].iloc[0]] == "Scott Pruitt"


def test_quotes_full_stop_inside_the_quote_ends_the_sentence():
    t = ("Japan branded the North an “outlaw nation.” Russia insisted that Pyongyang “stop its "
         "dangerous escapades.” The agency said the North had shown “complete disregard.”")
    q = nl.quotes([t]).set_index("quote")
    # the capitalised words after “… nation.” open a new sentence: they are not its speaker
    assert q.loc["outlaw nation.", "speaker"] != "Russia"
    assert q.loc["stop its dangerous escapades.", "speaker"] == "Russia"
    # a comma inside the quote keeps the attribution after it
    assert nl.quotes(["“We will win,” Ana Ruiz said."])["speaker"].tolist() == ["Ana Ruiz"]


def test_quotes_attribution_does_not_cross_a_line_break():
    t = ("“It is over. Most people are upset.”\n"
         "Campaign spokesman Jason Miller added, “The media chased this.”")
    q = nl.quotes([t])
    assert q["speaker"].iloc[0] is None
    assert q["speaker"].iloc[1] == "Jason Miller"


def test_quotes_name_after_lower_case_modifiers():
    q = nl.quotes(["“They are wrong,” said 9/11 widow Terry Strada.",
                   "“No,” said former campaign aide Roger Stone, who left."])
    assert q["speaker"].tolist() == ["Terry Strada", "Roger Stone"]


def test_quotes_adverb_between_speaker_and_verb():
    t = ("The Times published the figures. “His fortunes have changed since then,” the Times wrote. "
         "“He continues to pursue trophy projects,” it further wrote.")
    q = nl.quotes([t])
    second = q.iloc[-1]
    assert t[second["speaker_start"]:second["speaker_end"]] == "it"
    assert second["rule"] == "after"


def test_quotes_subject_with_participial_phrase():
    q = nl.quotes(["Protesters marching through the streets chanted “What curfew?” and kept going."])
    assert q["speaker"].tolist() == ["Protesters"]


def test_quotes_main_clause_after_an_embedded_quote():
    t = "Sen. Ruth Kamau spoke. “Executives must face jail time” for fraud, she said."
    q = nl.quotes([t])
    assert q["rule"].tolist() == ["after"]
    assert t[q["speaker_start"].iloc[0]:q["speaker_end"].iloc[0]] == "she"


def test_quotes_description_with_a_name_in_apposition_credits_the_name():
    """"a spokesman, Dan Ito, said" is Dan Ito speaking, in quotes and in reported speech."""
    t = ("“We will comply,” a spokesman, Dan Ito, said. A spokeswoman for the agency, Mary Cole, said: "
         "“No comment.” A spokesman said the work would start in May.")
    q = nl.quotes([t])
    assert q["speaker"].tolist() == ["Dan Ito", "Mary Cole"]
    s = nl.sources([t]).set_index("source")
    assert s.loc["Dan Ito", "n_quotes"] == 1 and s.loc["Dan Ito", "n_attributions"] == 0  # the quote's own cue is not counted again
    assert s.loc["a spokesman", "kind"] == "anonymous" and s.loc["a spokesman", "n_attributions"] == 1
    assert not s.index.str.contains("plan|comply").any()


def test_quotes_sources_surname_joins_the_full_name():
    """A later surname-only source ("Ito told …") is the person named in full earlier."""
    t = ("“We are ready,” said Dan Ito, a city engineer. Ito told reporters the budget was fixed. "
         "Officials said the plan failed. Later, Ito said the crews were tired.")
    s = nl.sources([t]).set_index("source")
    assert "Ito" not in s.index
    assert s.loc["Dan Ito", "n_quotes"] == 1 and s.loc["Dan Ito", "n_attributions"] == 2
    assert [e["role"] for e in s.loc["Dan Ito", "evidence"]] == ["quote", "attribution", "attribution"]


def test_quotes_sources_anonymous_descriptions_whole_and_anonymous():
    """Anonymous sourcing keeps its whole description and is never a named or person source."""
    t = ("Another source close to the administration said the fund was empty. The warning, the source said, "
         "was ignored. “Everybody knew,” said a person familiar with the talks. "
         "“It was late,” a spokesman for the governor said. Officials in Washington said little.")
    s = nl.sources([t]).set_index("source")
    for desc in ("another source close to the administration", "the source", "a person familiar with the talks",
                 "a spokesman for the governor", "officials in Washington"):
        assert desc in s.index, (desc, list(s.index))
        assert s.loc[desc, "kind"] == "anonymous" and not s.loc[desc, "named"], desc
    assert "other source" not in s.index  # never a piece of "Another"
    assert s["named"].sum() == 0
