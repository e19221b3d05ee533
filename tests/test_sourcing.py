"""Sourcing profile (attributed / reported / commentary) and place/date consistency."""
from __future__ import annotations

import pandas as pd
import pytest

import newslens as nl
from newslens.errors import ColumnError, OptionError
from newslens.measures.sourcing import consistency, sourcing


def _seed_articles(seed_path) -> pd.DataFrame:
    """The seed as nl.load() gives it: title line and its repeat removed, text from 'LONDON —'."""
    raw = seed_path.read_text("utf-8")
    return pd.DataFrame({
        "article_id": [seed_path.stem], "title": [raw.splitlines()[0]], "text": [raw[raw.index("LONDON —"):]],
        "outlet": ["seed"], "published": [pd.NaT], "url": [None], "author": [None],
    })


def _labels(out):
    return out["label"].tolist()


def test_sourcing_seed_labels(seed_path):
    out = sourcing(_seed_articles(seed_path))
    labels = _labels(out)
    assert len(labels) == 9  # body paragraphs: captions, credit, byline and the repeated caption skipped
    assert all(lab != "commentary" for lab in labels[:4]), labels
    assert labels[-3:] == ["commentary"] * 3, labels
    # the quote of the second paragraph makes it attributed, with the quote as evidence
    assert labels[1] == "attributed"
    assert any(e["cue_type"] == "quote" and "unwavering support" in e["text"] for e in out["evidence"].iloc[1])


def test_sourcing_seed_through_load(seed_path):
    arts = nl.load(seed_path)
    assert arts["text"].iloc[0].startswith("LONDON —")
    labels = _labels(nl.sourcing(arts))
    assert all(lab != "commentary" for lab in labels[:4]) and labels[-3:] == ["commentary"] * 3


def test_sourcing_evidence_offsets_point_into_article(seed_path):
    arts = _seed_articles(seed_path)
    text = arts["text"].iloc[0]
    out = sourcing(arts)
    for ev, label in zip(out["evidence"], out["label"]):
        assert ev, "every decided paragraph carries the cues that decided it"
        for e in ev:
            assert set(e) == {"text", "start", "end", "cue_type", "label"}
            assert text[e["start"]:e["end"]] == e["text"]
            assert e["label"] == label
    last = out["evidence"].iloc[-1]
    assert {"Overall,", "underscores", "it is likely", "It remains to be seen"} <= {e["text"] for e in last}


def test_sourcing_hand_written_paragraphs():
    paras = [
        "“We will rebuild the school by September,” Mayor Ana Ruiz said on Monday.",
        "According to the fire service, 40 homes were evacuated.",
        "Flood water reached the town hall at 6 a.m. on Tuesday, and rescuers evacuated 120 residents from Main Street.",
        "The decision is significant. It remains to be seen whether the council can deliver, and it is likely that voters will remember.",
        "Overall, the vote underscores the complex dynamics of local politics.",
        "the and of",
    ]
    out = sourcing(["\n\n".join(paras)])
    assert _labels(out) == ["attributed", "attributed", "reported", "commentary", "commentary", None]
    assert out["evidence"].iloc[-1] == []
    assert {e["cue_type"] for e in out["evidence"].iloc[2]} >= {"time", "number", "event"}
    assert (out[["n_attributed", "n_reported", "n_commentary"]].iloc[-1] == 0).all()


def test_sourcing_attribution_wins_over_commentary():
    text = "The ruling is significant and it is likely to be appealed, the governor's spokesman said."
    assert _labels(sourcing([text])) == ["attributed"]


def test_sourcing_one_word_scare_quotes_are_not_attribution():
    out = sourcing(["The so-called “reform” is significant and underscores a complex situation."])
    assert _labels(out) == ["commentary"]


def test_sourcing_rule_is_a_registry_lookup():
    text = "Overall, the storm that hit the coast on Monday killed 3 people in Galveston."
    assert _labels(sourcing([text], rule="attribution_first")) == ["reported"]
    with pytest.raises(OptionError, match="`rule` must be one of 'attribution_first', 'majority'; got 'vote'"):
        sourcing([text], rule="vote")


def test_sourcing_registered_and_provenance():
    assert "sourcing" in nl.measures.available()
    out = nl.measures.get("sourcing")(["Officials said the road reopened."])
    meta = out.attrs["newslens"]
    assert meta["measure"] == "sourcing" and meta["resources"]["sourcing_cues"]


def test_sourcing_empty_and_bad_input():
    assert sourcing([""]).empty
    with pytest.raises(ColumnError, match="text"):
        sourcing(pd.DataFrame({"body": ["x"]}))


def test_sourcing_evidence_writes_to_parquet(tmp_path, seed_path):
    out = sourcing(_seed_articles(seed_path))
    out.to_parquet(tmp_path / "s.parquet")
    back = pd.read_parquet(tmp_path / "s.parquet")
    assert len(back) == len(out)


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
    ok = nl.consistency([
        "Workers will rally in Phoenix on Saturday.\n\nProtests erupt after the rally in Arizona.",
        "The rally in Milltown drew crowds.\n\nThe rally at Harbor Hall was loud.",
        "The rally in Milltown, Calder County drew crowds.\n\nThe rally in Calder County was loud.",
    ])
    assert ok.empty
    bad = nl.consistency(["The rally in Milltown drew crowds.\n\nThe rally in Port Calder was loud."])
    assert bad["values"].tolist() == [["Milltown", "Port Calder"]]
