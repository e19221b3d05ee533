"""Tests of the name finder and its helpers (newslens.entities)."""
from __future__ import annotations

from collections import Counter

import pytest

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
