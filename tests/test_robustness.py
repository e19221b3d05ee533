"""Hostile inputs (issue 7 §1) and safe files (§5).

Every generated file is written to ``tmp_path``.  For each input: ``nl.load`` either returns a
table or raises a ``NewsLensError`` (a source unreadable as a whole); records in = rows out +
``attrs["errors"]``, every error with a reason; nothing hangs (``BOUND`` seconds per article,
enforced with SIGALRM); every measure returns a table for what it cannot read.
Run with ``-s`` to see the counts tried.
"""
from __future__ import annotations

import collections

import json
import os
import pickle
import re
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newslens as nl
from hostile import run_measures, within
from newslens.errors import NewsLensError, NewsLensWarning

BOUND = 10.0  # seconds per article for load + measures (documented bound; typical: well under 0.1 s)


def quiet_load(source, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nl.load(source, **kw)


def try_load(path, bound=BOUND):
    """('ok', articles) or ('error', NewsLensError); anything else fails the test."""
    try:
        with within(bound, f"load {path}"):
            return "ok", quiet_load(path)
    except NewsLensError as e:
        assert str(e), "a NewsLensError needs a message"
        return "error", e


def check_accounting(arts, records: int):
    errors = arts.attrs["errors"]
    assert len(arts) + len(errors) == records, (len(arts), len(errors), records)
    for e in errors:
        assert e["reason"], e
        assert set(e) >= {"source", "row", "line", "reason", "detail"}
    assert arts["article_id"].is_unique


def check_measures(data, label: str):
    """Every measure returns a DataFrame within the bound; sentiment stays in [-1, 1] or NaN."""
    return run_measures(data, label, BOUND * max(1, len(data) // 50))[0]


# ---------------------------------------------------------------- random bytes
@pytest.mark.slow
def test_robustness_random_byte_files(tmp_path, warm):
    """200 files of random bytes under every supported suffix: a table or a NewsLensError."""
    rng = np.random.default_rng(7)
    suffixes = [".txt", ".html", ".csv", ".tsv", ".json", ".jsonl", ".parquet", ".rtf", ".docx", ".doc", ".odt", ".xlsx", ".xls",
                ".ods", ".pdf", ".mhtml", ".webarchive", ".eml", ".mbox", ".zip", ".tgz", ".jsonl.gz", ".txt.gz"]
    counts = {"ok": 0, "error": 0}
    for i in range(200):
        size = int(rng.integers(0, 4000))
        p = tmp_path / f"rand{i}{suffixes[i % len(suffixes)]}"
        p.write_bytes(rng.integers(0, 256, size, dtype=np.uint8).tobytes())
        kind, res = try_load(p)
        counts[kind] += 1
        if kind == "ok":
            assert res["article_id"].is_unique
            for e in res.attrs["errors"]:
                assert e["reason"]
            if len(res):
                check_measures(res, p.name)
    print(f"\ntried 200 random byte files: 0 crashes, {counts['error']} refused with NewsLensError, {counts['ok']} read")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".csv", ".jsonl", ".json", ".html"]))
def test_robustness_hypothesis_bytes(tmp_path, warm, data, suffix):
    p = tmp_path / f"h{suffix}"
    p.write_bytes(data)
    kind, res = try_load(p)
    if kind == "ok":
        assert res["article_id"].is_unique


_RTF_ATOMS = [b"{", b"}", b"\\", b"\\par ", b"\\u-10179?", b"\\u-8704?", b"\\u99999999?", b"\\'", b"\\'e9", b"\\'zz",
              b"\\bin5 ", b"\\bin99999999 ", b"\\uc0 ", b"\\uc9 ", b"\\ansicpg99999 ", b"\\ansicpg65001 ", b"\\*",
              b"{\\*\\fldinst ", b"{\\fonttbl ", b"\\cell ", b"\\row ", b"words ", b"\xff\xfe", b"\x00", b"\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_RTF_ATOMS), max_size=80), st.binary(max_size=200))
def test_robustness_hypothesis_rich_text(atoms, tail):
    """Any sequence of RTF groups, control words, escapes and stray bytes: paragraphs of text that can
    be written out (no lone surrogate), never an exception; anything else is refused as not RTF."""
    from newslens.load.archives import NotWordDocument, rtf_paragraphs

    paras = rtf_paragraphs(b"{\\rtf1 " + b"".join(atoms) + tail)
    assert all(isinstance(x, str) for x in paras)
    "\n".join(paras).encode("utf-8")
    with pytest.raises(NotWordDocument):
        rtf_paragraphs(b"x" + b"".join(atoms))


_MEMBER_NAME = st.lists(st.sampled_from(["a", "b", "/", ".", "_", "..", "__MACOSX/", "metadata.csv", "\u00e9"]), min_size=1,
                        max_size=6).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_MEMBER_NAME, st.sampled_from([".txt", ".csv", ".jsonl", ".json", ".html", ".zip", ".pdf", ""]),
                          st.binary(max_size=300)), max_size=8))
def test_robustness_hypothesis_zip(tmp_path, warm, members):
    """A zip archive of files with any names ("..", folders, repeats, a metadata.csv) and any bytes: a
    table or a NewsLensError, and nothing written outside the archive."""
    import zipfile

    p = tmp_path / "h.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about repeated names
        with zipfile.ZipFile(p, "w") as z:
            for name, sfx, data in members:
                z.writestr(name + sfx, data)
    before = sorted(tmp_path.rglob("*"))
    kind, res = try_load(p)
    if kind == "ok":
        assert res["article_id"].is_unique
    assert sorted(tmp_path.rglob("*")) == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_MEMBER_NAME, st.sampled_from([".txt", ".csv", ".jsonl", ".xml", ".eml", ".tar", ".txt.gz", ""]),
                          st.binary(max_size=300)), max_size=8), st.sampled_from(["w", "w:gz"]))
def test_robustness_hypothesis_tar(tmp_path, warm, members, mode):
    """A tar archive (plain or gzipped) of files with any names ("..", folders, repeats, hidden ones)
    and any bytes: a table or a NewsLensError, and nothing written anywhere."""
    import io
    import tarfile

    p = tmp_path / ("h.tar" if mode == "w" else "h.tgz")
    with tarfile.open(p, mode) as t:
        for name, sfx, data in members:
            info = tarfile.TarInfo(name + sfx)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    before = sorted(tmp_path.rglob("*"))
    kind, res = try_load(p)
    if kind == "ok":
        assert res["article_id"].is_unique
    assert sorted(tmp_path.rglob("*")) == before


_PDF_LINE = st.tuples(st.floats(0, 600), st.floats(0, 792), st.floats(3, 40),
                      st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=90))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_PDF_LINE, max_size=25), min_size=1, max_size=3), st.binary(max_size=64), st.integers(0, 30000))
def test_robustness_hypothesis_pdf(pages, junk, at):
    """Lines of any text at any place and size, on up to three pages: paragraphs that only carry the
    lines' own characters, never an exception; the same PDF with bytes overwritten: paragraphs or
    NotWordDocument."""
    from pdfs import pdf

    from newslens.load.archives import NotWordDocument
    from newslens.load.pdf import pdf_paragraphs

    data = pdf(pages)
    try:
        paras = pdf_paragraphs(data)
    except NotWordDocument:  # no visible character at all
        assert not any(t.strip() for page in pages for _, _, _, t in page)
    else:
        assert all(isinstance(p, str) and p for p in paras)
        given_chars = sorted("".join(t for page in pages for _, _, _, t in page).replace(" ", "").replace("-", ""))
        got_chars = sorted("".join(paras).replace(" ", "").replace("-", ""))
        assert not (collections.Counter(got_chars) - collections.Counter(given_chars))
    broken = data[:at] + junk + data[at + len(junk):]
    try:
        assert all(isinstance(p, str) for p in pdf_paragraphs(broken))
    except NotWordDocument:
        pass


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["story.doc", "nexis.doc"]), st.lists(st.tuples(st.integers(0, 12000), st.binary(min_size=1, max_size=8)),
                                                           min_size=1, max_size=6), st.integers(0, 12000))
def test_robustness_hypothesis_word97(name, patches, cut):
    """A Word 97–2003 document with any bytes overwritten (its compound-file sectors, the FIB, the
    piece table, the text) and cut short anywhere: paragraphs, or NotWordDocument."""
    from newslens.load.archives import NotWordDocument
    from newslens.load.word97 import doc_paragraphs

    data = bytearray((Path(__file__).parent / "data" / name).read_bytes())
    for at, junk in patches:
        data[at:at + len(junk)] = junk
    for broken in (bytes(data), bytes(data[:cut])):
        try:
            assert all(isinstance(p, str) for p in doc_paragraphs(broken))
        except NotWordDocument:
            pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["story.odt", "story.docx", "locked.odt", "locked.ods", "locked.xlsx", "page.mhtml", "nexis.pdf"]),
       st.lists(st.tuples(st.integers(0, 16000), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6), st.integers(0, 16000))
def test_robustness_hypothesis_document_files(tmp_path, name, patches, cut):
    """A zipped document or workbook (Word, OpenDocument, Excel; plain or locked with a password), a
    saved page or a PDF with any bytes overwritten (names, headers, checksums, compressed streams, the
    manifest) and cut short anywhere: a table, or a NewsLensError naming the file — never zipfile's,
    zlib's, lxml's or a decoder's own exception."""
    data = bytearray((Path(__file__).parent / "data" / name).read_bytes())
    for at, junk in patches:
        data[at:at + len(junk)] = junk
    for broken in (bytes(data), bytes(data[:cut])):
        path = tmp_path / ("broken" + Path(name).suffix)
        path.write_bytes(broken)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NewsLensWarning)  # records lost to the damage are reported
                assert isinstance(nl.load(path), pd.DataFrame)
        except NewsLensError as e:
            assert path.name in str(e)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=300), st.none(), st.floats(allow_nan=True), st.integers()), min_size=1, max_size=8))
def test_robustness_hypothesis_text_column(values):
    """Any mix of strings (incl. surrogates, controls), None, NaN and numbers in `text`."""
    df = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(values))], "text": pd.Series(values, dtype=object)})
    arts = quiet_load(df)
    check_accounting(arts, len(values))
    check_measures(df, "hypothesis text column")
    if len(arts):
        check_measures(arts, "hypothesis articles")


# ---------------------------------------------------------------- encodings, BOMs, newlines, NUL
ARTICLE = "Storm hits Port Calder\n\nThe mayor said “we will rebuild,” and residents cheered. Café owners were angry."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le-nobom"])
def test_robustness_encodings_txt(tmp_path, warm, encoding):
    text = ARTICLE.replace("“", '"').replace("”", '"') if encoding in ("latin-1",) else ARTICLE
    p = tmp_path / "a.txt"
    if encoding == "utf-16-le-nobom":
        p.write_bytes(text.encode("utf-16-le"))
    else:
        p.write_bytes(text.encode(encoding))
    kind, arts = try_load(p)
    assert kind == "ok"
    check_accounting(arts, 1)
    if encoding != "utf-16-le-nobom":
        assert "Café" in arts.loc[0, "text"]
        assert arts.loc[0, "title"] == "Storm hits Port Calder"
        assert "\ufeff" not in arts.loc[0, "text"]
    check_measures(arts, encoding)


def test_robustness_mixed_encodings_in_one_file(tmp_path, warm):
    """UTF-8 lines and cp1252 lines in one CSV/JSONL: good records read, bad ones reported."""
    lines = [json.dumps({"id": f"u{i}", "text": f"Caf\u00e9 story {i} said Ann."}, ensure_ascii=False).encode("utf-8") for i in range(5)]
    lines += [json.dumps({"id": f"c{i}", "text": f"Caf\u00e9 old {i}"}, ensure_ascii=False).encode("cp1252") for i in range(3)]
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b"\n".join(lines))
    kind, arts = try_load(p)
    assert kind == "ok"
    check_accounting(arts, 8)
    assert len(arts) >= 5
    csv = tmp_path / "mixed.csv"
    rows = [b"id,text"] + [f"u{i},Caf\u00e9 story {i}".encode() for i in range(5)] + [f"c{i},Caf\u00e9 old {i}".encode("cp1252") for i in range(3)]
    csv.write_bytes(b"\n".join(rows))
    kind, arts = try_load(csv)
    assert kind == "ok"
    check_accounting(arts, 8)
    print(f"\nmixed encodings: {len(arts)} read, {len(arts.attrs['errors'])} reported ({[e['reason'] for e in arts.attrs['errors']]})")


def test_robustness_newlines_nul_and_controls(tmp_path, warm):
    raw = "Title here\r\n\r\nFirst para\x00graph said Bob.\r\rSecond\x0b one.\n\r\nThird\x1b[31m one.\u2028Fourth."
    p = tmp_path / "n.txt"
    p.write_bytes(raw.encode("utf-8"))
    kind, arts = try_load(p)
    assert kind == "ok"
    text = arts.loc[0, "text"]
    assert "\x00" not in text and "\r" not in text and "\x1b" not in text
    paras = nl.paragraphs(arts)
    assert len(paras) >= 3
    for s, e, t in zip(paras["start"], paras["end"], paras["text"]):
        assert text[s:e] == t
    check_measures(arts, "newlines")


@pytest.mark.parametrize("suffix", [".txt", ".html", ".csv", ".tsv", ".json", ".jsonl", ".parquet", ".rtf", ".docx", ".doc",
                                    ".odt", ".xlsx", ".xls", ".ods", ".pdf", ".mhtml", ".webarchive", ".eml", ".mbox", ".zip",
                                    ".tar", ".tgz", ".jsonl.gz", ".txt.gz"])
def test_robustness_empty_files(tmp_path, suffix):
    p = tmp_path / f"empty{suffix}"
    p.write_bytes(b"")
    kind, res = try_load(p)
    if kind == "ok":
        assert len(res) == 0 and len(res.attrs["errors"]) >= 1
    else:
        assert "empty" in str(res).lower() or "cannot read" in str(res).lower()


def test_robustness_folder_of_hostile_files(tmp_path, warm):
    """One folder: good, empty and corrupt files; bad files become errors, good ones rows."""
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    (tmp_path / "bad.json").write_text("{broken", encoding="utf-8")
    arts = quiet_load(tmp_path)
    assert len(arts) == 1
    reasons = [e["reason"] for e in arts.attrs["errors"]]
    assert len(reasons) == 3, reasons
    print(f"\nfolder of 4 files: 1 read, errors {reasons}")


# ---------------------------------------------------------------- size
@pytest.mark.slow
def test_robustness_ten_megabyte_article(tmp_path, warm):
    """A 10 MB single article: loaded and measured within 60 s (measured: ~15–25 s)."""
    para = "The council said the budget would cut jobs, the mayor told reporters on Monday. " * 12
    text = "Big article\n\n" + "\n\n".join([para] * (10_000_000 // len(para)))
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    kind, arts = try_load(p, bound=60)
    assert kind == "ok" and len(arts) == 1
    with within(60, "sentiment on 10 MB"):
        s = nl.sentiment(arts, level="article")
    assert len(s) == 1
    print(f"\n10 MB article: load + article sentiment in {time.perf_counter() - t0:.1f}s")


@pytest.mark.slow
def test_robustness_100k_row_csv_with_malformed_rows(tmp_path):
    n = 100_000
    lines = ["id,title,text,date"]
    bad = {10, 5_000, 77_777}
    for i in range(n):
        if i in bad:
            lines.append(f"b{i},too,many,fields,here,x")
        else:
            lines.append(f"r{i},Title {i},Body text number {i} said the mayor.,2024-0{1 + i % 9}-1{i % 10}")
    p = tmp_path / "big.csv"
    p.write_text("\n".join(lines), encoding="utf-8")
    t0 = time.perf_counter()
    kind, arts = try_load(p, bound=120)
    assert kind == "ok"
    check_accounting(arts, n)
    assert len(arts) == n - len(bad)
    assert sorted(e["line"] for e in arts.attrs["errors"]) == sorted(i + 2 for i in bad)
    assert all(e["reason"] for e in arts.attrs["errors"])
    print(f"\n100k-row CSV with {len(bad)} malformed rows: {len(arts)} read, {len(arts.attrs['errors'])} errors "
          f"({sorted({e['reason'] for e in arts.attrs['errors']})}) in {time.perf_counter() - t0:.1f}s")


def test_robustness_jsonl_broken_lines(tmp_path, warm):
    good = [json.dumps({"id": f"g{i}", "text": f"Story {i}: the mayor said yes."}) for i in range(20)]
    broken = ['{"id": "x", "text": "unterminated', "not json at all", "[1, 2, 3]", '{"id": "n", "text": null}',
              '{"id": "num", "text": 42}', '{"id": "s", "text": "\\udc80 lone surrogate said Ann."}']
    p = tmp_path / "b.jsonl"
    p.write_text("\n".join(good[:10] + broken + good[10:]) + "\n\n", encoding="utf-8")
    kind, arts = try_load(p)
    assert kind == "ok"
    check_accounting(arts, 26)
    assert len(arts) == 21  # the surrogate record is readable: the surrogate becomes U+FFFD
    assert "\ufffd" in arts.set_index("article_id").loc["s", "text"]
    reasons = sorted(e["reason"] for e in arts.attrs["errors"])
    print(f"\nJSONL 26 lines: {len(arts)} read, errors {reasons}")
    check_measures(arts, "jsonl")
    arts.to_parquet(p.with_suffix(".parquet"))  # the table is writable (no lone surrogates)


# ---------------------------------------------------------------- HTML
@pytest.mark.parametrize("html", [
    "<html><head><title>Only a head</title></head></html>",
    "<p>No html or body tags, just a paragraph said Bob.</p>",
    "<html><body></body></html>",
    "<!-- only a comment -->",
    "<html><body><script>alert(1)</script><style>p{}</style></body></html>",
    "<<<>>>&&&;;</p></div></body>",
])
def test_robustness_html_without_body(tmp_path, warm, html):
    p = tmp_path / "x.html"
    p.write_text(html, encoding="utf-8")
    kind, arts = try_load(p)
    if kind == "ok":
        check_accounting(arts, 1)
        if len(arts):
            assert "alert(1)" not in arts.loc[0, "text"]
            check_measures(arts, "html")


@pytest.mark.slow
def test_robustness_deeply_nested_html(tmp_path, warm):
    """5,000 nested divs: read (or refused) within the bound, never a RecursionError."""
    html = "<html><body>" + "<div>" * 5000 + "<p>Deep text: the mayor said the plan works.</p>" + "</div>" * 5000 + "</body></html>"
    p = tmp_path / "deep.html"
    p.write_text(html, encoding="utf-8")
    t0 = time.perf_counter()
    kind, arts = try_load(p, bound=60)
    if kind == "ok":
        check_accounting(arts, 1)
    print(f"\n5,000 nested divs: {kind} in {time.perf_counter() - t0:.1f}s")


# ---------------------------------------------------------------- scripts, emoji, mixed types
SCRIPTS = {
    "arabic": "قال الرئيس إن الاقتصاد ينمو بسرعة. \"هذا جيد\" قال الوزير.",
    "hebrew": "ראש הממשלה אמר כי \"המצב טוב\". השר הסכים.",
    "chinese": "政府表示反对该计划。“这是错误的，”部长说。",
    "japanese": "首相は「経済は良い」と述べた。",
    "emoji": "😀 Great news!!! 🔥 “We won,” said Bob 👍🏽. 👨‍👩‍👧 family joy.",
    "bidi": "\u202eevil\u202c text \u200f said Ann. \u2066isolate\u2069 done.",
    "combining": "Z̷̢̛a̴l̶g̸o̵ text said Smith. " * 3,
}


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_robustness_scripts_and_emoji(warm, name):
    text = SCRIPTS[name]
    arts = quiet_load([f"Headline\n\n{text}"])
    check_accounting(arts, 1)
    out = check_measures(arts, name)
    article = arts.loc[0, "text"]
    for col in ("paragraphs", "sentences"):
        for s, e, t in zip(out[col]["start"], out[col]["end"], out[col]["text"]):
            assert article[s:e] == t


def test_robustness_nan_none_numbers_in_text_columns(warm):
    df = pd.DataFrame({
        "id": ["a", "b", "c", "d", "e", "f", "g"],
        "text": pd.Series(["Real text said Bob.", None, float("nan"), 42, 3.5, "", "   "], dtype=object),
        "title": pd.Series([None, 1, float("nan"), "T", "T", "T", "T"], dtype=object),
        "date": pd.Series([12345, None, "x", 1.5, "2024-01-01", "never", float("nan")], dtype=object),
    })
    arts = quiet_load(df)
    check_accounting(arts, 7)
    assert len(arts) == 1
    reasons = sorted(e["reason"] for e in arts.attrs["errors"])
    assert set(reasons) <= {"missing text", "non-string text", "empty text"}
    res = check_measures(df, "mixed types")
    sent = nl.sentiment(df, level="article").set_index("article_id")
    for aid in ("b", "c", "d", "e", "f", "g"):  # no text: no row, or a NaN/neutral score
        if aid in sent.index:
            v = sent.loc[aid, "sentiment"]
            assert pd.isna(v) or v == 0, (aid, v)
    assert len(res["quotes"]) == 0 or set(res["quotes"]["article_id"]) <= {"a"}


def test_robustness_duplicate_ids(warm):
    recs = [{"id": "x", "text": f"Story {i} said Ann."} for i in range(4)] + [{"id": "y", "text": "Other."}]
    arts = quiet_load(recs)
    check_accounting(arts, 5)
    assert sorted(arts["article_id"]) == ["x", "x-2", "x-3", "x-4", "y"]
    assert arts.attrs["duplicate_ids"]
    check_measures(arts, "duplicate ids")


DATES = [
    ("2024-06-19T10:00:00Z", "2024-06-19 10:00:00+00:00"),
    ("2024-06-19T12:00:00+02:00", "2024-06-19 10:00:00+00:00"),
    ("2024-06-19", "2024-06-19 00:00:00+00:00"),
    ("June 19, 2024", "2024-06-19 00:00:00+00:00"),
    ("19 Jun 2024 10:00 GMT", "2024-06-19 10:00:00+00:00"),
    ("Wed, 19 Jun 2024 10:00:00 +0000", "2024-06-19 10:00:00+00:00"),
    ("1718791200", "2024-06-19 10:00:00+00:00"),
    ("1718791200000", "2024-06-19 10:00:00+00:00"),
    ("20240619", "2024-06-19 00:00:00+00:00"),
    ("2024/06/19 10:00", "2024-06-19 10:00:00+00:00"),
]
GARBAGE = ["soon", "32/13/2024", "2024-02-30", "0000-00-00", "99999999999999999999", "NaN", "yesterday-ish", "🕐", "1e400", "-"]


def test_robustness_dates_ten_formats_and_garbage(warm):
    recs = [{"id": f"d{i}", "text": "Body said Ann.", "date": d} for i, (d, _) in enumerate(DATES)]
    recs += [{"id": f"g{i}", "text": "Body said Ann.", "date": g} for i, g in enumerate(GARBAGE)]
    arts = quiet_load(recs)
    check_accounting(arts, len(recs))
    got = dict(zip(arts["article_id"], arts["published"]))
    for i, (_, want) in enumerate(DATES):
        assert str(got[f"d{i}"]) == want, (DATES[i], got[f"d{i}"])
    bad = [g for i, g in enumerate(GARBAGE) if not pd.isna(got[f"g{i}"])]
    assert len(bad) <= 1, bad  # "-" or "NaN" may count as missing; none may become a date far off
    assert arts.attrs["unparsed_dates"] >= len(GARBAGE) - 3
    print(f"\ndates: {len(DATES)} formats parsed, {len(GARBAGE)} garbage → NaT ({arts.attrs['unparsed_dates']} counted unparsed)")


# ---------------------------------------------------------------- §5 safe files
PAYLOADS = ["__import__('os').system('touch PWNED')", "eval('1+1')", "${7*7}", "{{7*7}}", "!!python/object/apply:os.system ['touch PWNED']"]


class _Evil:
    def __reduce__(self):
        return (os.system, ("touch PWNED_PICKLE",))


def test_robustness_pickle_renamed_parquet_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("evil.parquet", "evil.json", "evil.csv", "evil.txt"):
        (tmp_path / name).write_bytes(pickle.dumps(_Evil()))
        kind, res = try_load(tmp_path / name)
        assert kind in ("ok", "error")
    assert not list(tmp_path.glob("PWNED*"))


def test_robustness_payload_strings_are_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    recs = [{"id": f"p{i}", "title": p, "text": f"{p}\n\nThe minister said {p}.", "author": f"['{p}']", "date": p} for i, p in enumerate(PAYLOADS)]
    (tmp_path / "p.json").write_text(json.dumps(recs), encoding="utf-8")
    (tmp_path / "p.jsonl").write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    pd.DataFrame(recs).to_csv(tmp_path / "p.csv", index=False)
    pd.DataFrame(recs).to_parquet(tmp_path / "p.parquet")
    (tmp_path / "p.html").write_text(f"<html><body><script>{PAYLOADS[0]}</script><p onload=\"{PAYLOADS[1]}\">"
                                      f"The minister said {PAYLOADS[0]} today.</p></body></html>", encoding="utf-8")
    for name in ("p.json", "p.jsonl", "p.csv", "p.parquet"):
        arts = quiet_load(tmp_path / name)
        assert len(arts) == len(PAYLOADS), name
        assert any("__import__" in t for t in arts["text"])
        check_measures(arts, name)
    arts = quiet_load(tmp_path / "p.html")
    assert "__import__" in " ".join(arts["text"])  # the paragraph text, kept as data
    assert not list(tmp_path.glob("PWNED*"))


def test_robustness_package_never_unpickles_or_evaluates():
    """No pickle, eval/exec, unsafe yaml.load or read_pickle anywhere in the package."""
    root = Path(nl.__file__).parent
    bad = re.compile(r"\bpickle\b|(?<![\w.])eval\(|(?<![\w.])exec\(|yaml\.load\(|yaml\.unsafe_load|read_pickle|\bmarshal\b|\bshelve\b|subprocess|os\.system")
    hits = []
    for f in sorted(root.rglob("*.py")):
        for no, line in enumerate(f.read_text("utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if bad.search(code):
                hits.append(f"{f.relative_to(root)}:{no}: {line.strip()}")
    assert hits == [], hits


def _crash_after_half(monkeypatch):
    real = pd.DataFrame.to_parquet

    def crashing(self, path, *a, **kw):
        real(self, path, *a, **kw)
        with open(path, "r+b") as f:
            size = f.seek(0, 2)
            f.truncate(size // 2)
        raise OSError("simulated crash mid-write")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", crashing)


def test_robustness_analyze_crash_mid_write_leaves_no_half_file(tmp_path, monkeypatch, warm):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"a{i}", "text": f"The mayor said story {i} is good."}) for i in range(6)), encoding="utf-8")
    out = tmp_path / "out"
    good = nl.analyze(src, ["sentiment"], out=out, progress=False, resume=False)
    before = {p: p.read_bytes() for p in out.rglob("*.parquet")}
    assert before and good.rows["sentiment"] > 0
    _crash_after_half(monkeypatch)
    with pytest.raises(OSError, match="simulated crash"):
        nl.analyze(src, ["sentiment"], out=out, progress=False, resume=False)
    monkeypatch.undo()
    after = {p: p.read_bytes() for p in out.rglob("*.parquet") if not p.name.startswith(".")}
    assert after == before  # the old results intact, nothing half-written under a result name
    assert len(pd.read_parquet(out / "sentiment")) == good.rows["sentiment"]  # hidden temp files are ignored
    fresh = tmp_path / "fresh"
    _crash_after_half(monkeypatch)
    with pytest.raises(OSError):
        nl.analyze(src, ["sentiment"], out=fresh, progress=False)
    monkeypatch.undo()
    assert not [p for p in fresh.rglob("*.parquet") if not p.name.startswith(".")]


def test_robustness_analyze_crash_cleans_temp_files(tmp_path, monkeypatch):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "The mayor said yes."}), encoding="utf-8")
    _crash_after_half(monkeypatch)
    with pytest.raises(OSError):
        nl.analyze(src, ["sentiment"], out=tmp_path / "o", progress=False)
    assert not list((tmp_path / "o").rglob("*.tmp*"))


def test_robustness_analyze_never_overwrites_input(tmp_path):
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    before = (src / "a.txt").read_bytes()
    for source, out in ((src, src), (src / "a.txt", src / "a.txt"), (src / "a.txt", tmp_path)):
        with pytest.raises(Exception, match="input"):
            nl.analyze(source, ["sentiment"], out=out, progress=False)
    assert (src / "a.txt").read_bytes() == before


def test_robustness_analyze_refuses_out_inside_input(tmp_path):
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(Exception, match="input"):
        nl.analyze(src, ["sentiment"], out=src / "results", progress=False)


def test_robustness_codes_crash_mid_write_keeps_old_file(tmp_path, monkeypatch):
    from newslens.widgets import _read_codes, _write_codes

    path = tmp_path / "codes.parquet"
    old = pd.DataFrame({"unit": ["u1"], "coder": ["ana"], "code": ["positive"]})
    _write_codes(old, path)
    old_bytes = path.read_bytes()
    _crash_after_half(monkeypatch)
    with pytest.raises(OSError):
        _write_codes(pd.concat([old, old.assign(unit="u2")]), path)
    monkeypatch.undo()
    assert path.read_bytes() == old_bytes
    pd.testing.assert_frame_equal(_read_codes(path), old)


def test_robustness_report_refuses_to_overwrite_input(tmp_path):
    from newslens.report import report

    p = tmp_path / "in.html"
    p.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    with pytest.raises(ValueError, match="input"):
        report(p, out=p)
    assert p.read_text(encoding="utf-8").startswith("<html>")
