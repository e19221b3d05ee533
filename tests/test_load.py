"""Tests of nl.load, nl.iter_load, nl.load_example and the articles schema."""
from __future__ import annotations

import gzip
import json
import re
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import newslens as nl
import importlib
from newslens.errors import ColumnError, NewsLensError, NewsLensWarning, OptionError, SourceError
from newslens.load import clean_text, iter_load, load_partition, parse_dates, stable_id
from newslens.schema import ARTICLE_COLUMNS, validate_articles

load_mod = importlib.import_module("newslens.load")

BODY = "The council voted on Monday to expand the bus network.\n\nCritics said the plan costs too much."


def quiet_load(source, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NewsLensWarning)
        return nl.load(source, **kw)


def check_articles(df):
    assert list(df.columns[:7]) == list(ARTICLE_COLUMNS)
    assert str(df["published"].dtype) == "datetime64[ns, UTC]"
    assert df["article_id"].is_unique
    assert all(isinstance(i, str) for i in df["article_id"])
    validate_articles(df, strict=True)


# ------------------------------------------------------------------ formats
def test_load_every_tabular_format(tmp_path):
    recs = [
        {"id": "a1", "title": "Bus plan", "text": BODY, "outlet": "Daily", "date": "2024-06-19", "url": "http://x/1", "author": "Ann Lee", "score": 3},
        {"id": "a2", "title": "Rail plan", "text": "Trains will run later.", "outlet": "Weekly", "date": "2024-06-20T10:00:00Z", "url": "http://x/2", "author": "Bo Kim", "score": 5},
    ]
    df = pd.DataFrame(recs)
    df.to_csv(tmp_path / "a.csv", index=False)
    df.to_csv(tmp_path / "a.tsv", index=False, sep="\t")
    (tmp_path / "a.json").write_text(json.dumps(recs), "utf-8")
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in recs) + "\n", "utf-8")
    df.to_parquet(tmp_path / "a.parquet")
    for name in ("a.csv", "a.tsv", "a.json", "a.jsonl", "a.parquet"):
        arts = nl.load(tmp_path / name)
        check_articles(arts)
        assert arts["article_id"].tolist() == ["a1", "a2"], name
        assert arts["text"].tolist()[0] == BODY, name
        assert arts["outlet"].tolist() == ["Daily", "Weekly"], name
        assert str(arts["published"][1]) == "2024-06-20 10:00:00+00:00", name
        assert arts["file"].tolist() == [str(tmp_path / name)] * 2
        assert "score" in arts.columns and arts["score"].astype(int).tolist() == [3, 5], name


def test_load_json_single_object_and_lists_of_records(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"title": "T", "body": BODY}), "utf-8")
    arts = nl.load(tmp_path / "one.json")
    assert len(arts) == 1 and arts.loc[0, "text"] == BODY
    arts = nl.load([{"headline": "H", "content": "Some text."}, {"headline": "G", "content": "More text."}])
    assert arts["title"].tolist() == ["H", "G"] and arts["text"].tolist() == ["Some text.", "More text."]
    assert "file" not in arts.columns


def test_load_news_api_responses_saved_as_json(tmp_path):
    # NewsAPI: records under "articles", the outlet an object; the NYT Article Search API: records
    # inside an envelope, the headline and byline objects, the lead paragraph as text
    newsapi = {"status": "ok", "totalResults": 1, "articles": [
        {"source": {"id": None, "name": "Harbour Post"}, "author": "Lee Park", "title": "Ferry strike ends",
         "description": "The strike is over.", "url": "https://example.org/ferry", "urlToImage": None,
         "publishedAt": "2024-05-06T08:30:00Z", "content": "The harbour ferry ran again on Monday."}]}
    nyt = {"status": "OK", "response": {"docs": [
        {"_id": "nyt://article/1", "web_url": "https://example.org/pier", "lead_paragraph": "The pier reopened on Tuesday.",
         "headline": {"main": "Pier reopens", "print_headline": "Pier Is Back"}, "pub_date": "2024-05-07T09:00:00+0000",
         "byline": {"original": "By Ana Ruiz"}, "source": "The New York Times"}]}}
    (tmp_path / "newsapi.json").write_text(json.dumps(newsapi), "utf-8")
    (tmp_path / "nyt.json").write_text(json.dumps(nyt), "utf-8")
    a, b = nl.load(tmp_path / "newsapi.json"), nl.load(tmp_path / "nyt.json")
    assert a.loc[0, ["title", "text", "outlet", "author", "url"]].tolist() == [
        "Ferry strike ends", "The harbour ferry ran again on Monday.", "Harbour Post", "Lee Park", "https://example.org/ferry"]
    assert a.loc[0, "published"] == pd.Timestamp("2024-05-06T08:30:00Z")
    assert b.loc[0, ["article_id", "title", "text", "outlet", "author"]].tolist() == [
        "nyt://article/1", "Pier reopens", "The pier reopened on Tuesday.", "The New York Times", "By Ana Ruiz"]
    assert b.loc[0, "published"] == pd.Timestamp("2024-05-07T09:00:00Z")
    assert list(a.attrs["newslens"]["column_maps"]) == ["newsapi"] and list(b.attrs["newslens"]["column_maps"]) == ["nyt-api"]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Post</title><link>https://example.org</link>
<item><title>Ferry strike ends</title><link>https://example.org/ferry</link><guid>ferry-1</guid>
<pubDate>Mon, 06 May 2024 08:30:00 GMT</pubDate><dc:creator>Lee Park</dc:creator><description>The strike is over.</description>
<content:encoded><![CDATA[<p>The harbour ferry ran again on Monday.</p><p>&ldquo;We are glad,&rdquo; said Tom Reyes.</p>]]></content:encoded></item>
<item><title>Pier reopens</title><link>https://example.org/pier</link><description>The pier reopened &amp; crowds came.</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Calder Times</title>
<entry><title>Budget passes</title><link rel="alternate" href="https://example.org/budget"/><id>tag:example.org,2024:1</id>
<published>2024-03-05T10:00:00Z</published><author><name>Ana Ruiz</name></author>
<content type="html">&lt;p&gt;The council approved the budget.&lt;/p&gt;&lt;p&gt;Critics objected.&lt;/p&gt;</content></entry>
<entry><title>Bridge closes</title><link href="https://example.org/bridge"/><id>tag:example.org,2024:2</id>
<updated>2024-03-06T10:00:00Z</updated><summary>A short summary.</summary><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
<p>The old bridge closed &amp; traffic moved.</p><p>Repairs take six months.</p></div></content></entry></feed>"""


def test_load_rss_and_atom_feeds(tmp_path):
    (tmp_path / "post.rss").write_text(RSS, "utf-8")
    (tmp_path / "times.atom").write_text(ATOM, "utf-8")
    rss, atom = nl.load(tmp_path / "post.rss"), nl.load(tmp_path / "times.atom")
    assert rss[["article_id", "title", "outlet", "author", "url"]].values.tolist() == [
        ["ferry-1", "Ferry strike ends", "Harbour Post", "Lee Park", "https://example.org/ferry"],
        [rss.loc[1, "article_id"], "Pier reopens", "Harbour Post", None, "https://example.org/pier"]]
    # the full text where the feed carries it (its markup read as HTML), else the description
    assert rss["text"].tolist() == ["The harbour ferry ran again on Monday.\n\n\u201cWe are glad,\u201d said Tom Reyes.",
                                    "The pier reopened & crowds came."]
    assert rss.loc[0, "published"] == pd.Timestamp("2024-05-06T08:30:00Z")
    assert atom.loc[0, ["article_id", "title", "text", "outlet", "author", "url"]].tolist() == [
        "tag:example.org,2024:1", "Budget passes", "The council approved the budget.\n\nCritics objected.", "Calder Times",
        "Ana Ruiz", "https://example.org/budget"]
    # Atom content of type xhtml is markup in child elements: read as HTML, not skipped for the summary
    assert atom.loc[1, ["text", "url"]].tolist() == ["The old bridge closed & traffic moved.\n\nRepairs take six months.",
                                                     "https://example.org/bridge"]
    assert atom.loc[1, "published"] == pd.Timestamp("2024-03-06T10:00:00Z")
    # an external entity is never read (the item's text is lost, not replaced by the file)
    (tmp_path / "secret.txt").write_text("SECRET-TOKEN", "utf-8")
    (tmp_path / "x.xml").write_text(f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{(tmp_path / "secret.txt").as_uri()}">]>'
                                    "<rss><channel><title>X</title><item><title>T</title><description>&x; and more"
                                    "</description></item></channel></rss>", "utf-8")
    bad = quiet_load(tmp_path / "x.xml")
    assert not bad["text"].str.contains("SECRET").any()
    (tmp_path / "config.xml").write_text("<settings><a>1</a></settings>", "utf-8")
    with pytest.raises(SourceError, match="not an RSS or Atom feed"):
        nl.load(tmp_path / "config.xml")


NITF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "http://www.nitf.org/IPTC/NITF/3.3/specification/dtd/nitf-3-3.dtd">
<nitf change.date="June 10, 2005" change.time="19:30" version="-//IPTC//DTD NITF 3.3//EN">
<head>
<title>Ferry Fares Rise</title>
<meta content="1" name="publication_day_of_month"/>
<meta content="Metropolitan Desk" name="dsk"/>
<meta content="New York and Region" name="online_sections"/>
<docdata><doc-id id-string="1816032"/><doc.copyright holder="The Harbour Times" year="2007"/></docdata>
<pubdata date.publication="20070601T000000" ex-ref="https://harbour.example/2007/06/01/ferry.html" item-length="58"
 name="The Harbour Times" unit-of-measure="word"/>
</head>
<body>
<body.head>
<hedline><hl1>Ferry Fares to Rise by a Fifth</hl1></hedline>
<byline class="print_byline">By RUTH OKAFOR</byline>
<byline class="normalized_byline">Okafor, Ruth</byline>
<abstract><p>Harbour board raises ferry fares.</p></abstract>
</body.head>
<body.content>
<block class="lead_paragraph"><p>Ferry fares will rise by a fifth in July, the harbour board said.</p></block>
<block class="full_text"><p>Ferry fares will rise by a fifth in July, the harbour board said.</p>
<p>Commuters said they would drive   around the bay instead.</p></block>
</body.content>
</body>
</nitf>"""

NEWSITEM = """<?xml version="1.0" encoding="iso-8859-1" ?>
<newsitem itemid="2286" id="root" date="1996-08-20" xml:lang="en">
<title>HARBOUR: Ferry returns after refit.</title>
<headline>Ferry returns after refit.</headline>
<byline>Tom Reyes</byline>
<dateline>PORT CALDER 1996-08-20</dateline>
<text>
<p>The harbour ferry returned to service on Tuesday after a six-week refit, the port authority said.</p>
<p>Its operator said fares would not change this year.</p>
</text>
<copyright>(c) Harbour Wire Limited 1996</copyright>
<metadata><codes class="bip:topics:1.0"><code code="C31"><editdetail attribution="Harbour Wire:CODER" date="1996-08-20"/></code></codes>
<dc element="dc.publisher" value="Harbour Wire Holdings Plc"/></metadata>
</newsitem>"""


def test_load_news_agency_xml_one_article_a_file(tmp_path):
    """NITF, as in the New York Times Annotated Corpus (its doc-id, headline, print byline, publication
    date, address, name and online section; the full text, not the lead paragraph it repeats), and a Reuters RCV1
    ``<newsitem>`` (its item id, headline, byline, date, paragraphs, and the copyright holder as
    outlet): one article each, a folder of them one per file; the DTD is never fetched."""
    (tmp_path / "corpus" / "2007" / "06").mkdir(parents=True)
    (tmp_path / "corpus" / "2007" / "06" / "1816032.xml").write_text(NITF, "utf-8")
    (tmp_path / "corpus" / "2286newsML.xml").write_bytes(NEWSITEM.encode("latin-1"))
    got = nl.load(tmp_path / "corpus")
    check_articles(got)
    assert got[["file", "article_id", "title", "author", "outlet", "url"]].values.tolist() == [
        ["2007/06/1816032.xml", "1816032", "Ferry Fares to Rise by a Fifth", "RUTH OKAFOR", "The Harbour Times",
         "https://harbour.example/2007/06/01/ferry.html"],
        ["2286newsML.xml", "2286", "Ferry returns after refit.", "Tom Reyes", "Harbour Wire Limited", None]]
    assert got["text"].tolist() == [
        "Ferry fares will rise by a fifth in July, the harbour board said.\n\nCommuters said they would drive around the bay instead.",
        "The harbour ferry returned to service on Tuesday after a six-week refit, the port authority said.\n\n"
        "Its operator said fares would not change this year."]
    assert got["published"].tolist() == [pd.Timestamp("2007-06-01", tz="UTC"), pd.Timestamp("1996-08-20", tz="UTC")]
    assert got["section"].fillna("-").tolist() == ["New York and Region", "-"]


def _docx(body_xml: str) -> bytes:
    """A Word document whose body is ``body_xml`` (WordprocessingML, prefix ``w``)."""
    import io
    import zipfile

    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>{body_xml}</w:body></w:document>')
    return out.getvalue()


def _paras(*texts: str) -> str:
    from xml.sax.saxutils import escape

    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>' for t in texts)


NBSP = "\u00a0"
NEXIS = [  # a Nexis Uni download: a cover page, then articles each closed by "End of Document"
    "Date and Time: Monday, June 3, 2024 9:12:00 AM EDT", "Job Number: 220431", "Documents (2)", "1. Ferry fares to rise",
    "2. Library opens late", "Search Terms: ferry OR library",
    "Ferry fares to rise", "Calder Evening News", "June 1, 2024 Saturday", "Copyright 2024 Calder Media Group",
    f"Section:{NBSP}LOCAL; Pg. B2", f"Length:{NBSP}96 words", f"Byline:{NBSP}Ruth Okafor", "Body",
    "Ferry fares will rise by a fifth in July, the harbour board said.", "Commuters said they would drive instead.",
    "Classification", f"Language:{NBSP}ENGLISH", f"Load-Date:{NBSP}June 2, 2024", "End of Document",
    "Library opens late", "Westbay Courier", "2 Jun. 2024 Sunday 6:00 AM GMT", "Copyright 2024 Westbay Courier Ltd",
    f"Length:{NBSP}54 words", "Body", "The central library will stay open until ten on weekdays.",
    "Graphic", "Photo: the reading room", f"Load-Date:{NBSP}June 3, 2024", "End of Document",
]


def _export_read(got: pd.DataFrame, columns: list[str], rows: list[list], texts: list[str], dates: list[str]) -> None:
    """An archive export read as its articles: these columns (missing as "-"), texts and dates, and a note."""
    check_articles(got)
    assert got[columns].fillna("-").values.tolist() == rows
    assert got["text"].tolist() == texts
    assert got["published"].tolist() == [pd.Timestamp(d, tz="UTC") for d in dates]
    assert any(f"export, read as {len(rows)} article(s)" in n for n in got.attrs["notes"])


def _rtf(*paragraphs: str) -> bytes:
    r"""A Word-style RTF document of ``paragraphs``: font and colour tables, a style sheet, a generator,
    non-ASCII characters written as \uN with a fallback."""
    def esc(t: str) -> str:
        t = t.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
        return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in t)

    head = (r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\froman\fcharset0 Times New Roman;}}"
            r"{\colortbl ;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}{\*\generator Riched20 10.0.19041;}\uc1" "\n")
    return (head + "".join(rf"\pard\plain\f1\fs24 {esc(p)}\par" "\n" for p in paragraphs) + "}").encode("ascii")


LEXIS_ACADEMIC = """Download Request: Selected Items: 1-2
Terms: (harbour w/5 ferry)


                               1 of 2 DOCUMENTS


                              Calder Evening News

                            May 30, 2012 Wednesday
                                 Late Edition

Harbour board backs
new ferry route

BYLINE: Ruth Okafor

SECTION: LOCAL; Pg. B4

LENGTH: 61 words


The harbour board on Tuesday backed a ferry route to Westbay, the first new
crossing in a decade.

LENGTH: is a word the body may use, and so is BYLINE: it stays text.

LOAD-DATE: May 31, 2012

LANGUAGE: ENGLISH

                    Copyright 2012 Calder Media Group
                              All Rights Reserved

                               2 of 2 DOCUMENTS

                                Westbay Courier

                             1 Jun. 2012 Friday

Ferry plan wins praise

LENGTH: 40 words

Shopkeepers in Westbay welcomed the route.

LOAD-DATE: June 2, 2012
"""


def test_load_lexisnexis_academic_text_download(tmp_path):
    (tmp_path / "academic.txt").write_text(LEXIS_ACADEMIC, "utf-8")
    _export_read(nl.load(tmp_path / "academic.txt"), ["title", "outlet", "author", "section"],
                 [["Harbour board backs new ferry route", "Calder Evening News", "Ruth Okafor", "LOCAL; Pg. B4"],
                  ["Ferry plan wins praise", "Westbay Courier", "-", "-"]],
                 ["The harbour board on Tuesday backed a ferry route to Westbay, the first new crossing in a decade.\n\n"
                  "LENGTH: is a word the body may use, and so is BYLINE: it stays text.",
                  "Shopkeepers in Westbay welcomed the route."], ["2012-05-30", "2012-06-01"])
    # a text that only mentions such a line is one article
    (tmp_path / "memo.txt").write_text("Memo\n\nThe archive list said:\n\n1 of 2 DOCUMENTS\n\nnothing more.", "utf-8")
    assert len(nl.load(tmp_path / "memo.txt")) == 1


def _factiva_row(code: str, value: str) -> str:
    return f'<tr><td align="right" valign="top" class="index"><b>{code}</b>&nbsp;</td><td>{value}</td></tr>'


FACTIVA = ("<html><head><title>Factiva</title><style>.article{page-break-after:always;}</style></head><body>"
           "<div id='navcontainer'><h1>Factiva</h1></div><form><div id='contentWrapper'>"
           '<div class="article enArticle"><table cellpadding="1">'
           + _factiva_row("HD", "<b class='enHeadline'>Harbour board backs new ferry route</b>")
           + _factiva_row("BY", "Ruth Okafor") + _factiva_row("WC", "61 words") + _factiva_row("PD", "30 May 2012")
           + _factiva_row("SN", "Calder Evening News") + _factiva_row("SE", "Local") + _factiva_row("LA", "English")
           + _factiva_row("LP", '<p class="articleParagraph enarticleParagraph">The harbour board backed a ferry route to '
                                'Westbay &amp; Port Ellis.</p>')
           + _factiva_row("TD", '<p class="articleParagraph">It is the first new crossing in a decade.</p>'
                                '<p class="articleParagraph">Fares are not yet set.</p>')
           + _factiva_row("NS", "gtrans : Transport") + _factiva_row("AN", "Document CALDEN0020120530e85u0001x")
           + '</table></div><div class="article enArticle"><table>'
           + _factiva_row("HD", "Ferry plan wins praise") + _factiva_row("PD", "1 June 2012")
           + _factiva_row("SN", "Westbay Courier")
           + _factiva_row("LP", '<p class="articleParagraph">Shopkeepers welcomed the route.</p>')
           + _factiva_row("AN", "Document WESTCO0020120601e8610002y")
           + "</table></div></div></form><div id='pageFooter'>&copy; 2012 Factiva, Inc.</div></body></html>")


def test_load_factiva_page_saved_as_html(tmp_path):
    (tmp_path / "factiva.html").write_text(FACTIVA, "utf-8")
    got = nl.load(tmp_path / "factiva.html")
    _export_read(got, ["article_id", "title", "outlet", "author", "section"],
                 [["CALDEN0020120530e85u0001x", "Harbour board backs new ferry route", "Calder Evening News", "Ruth Okafor",
                   "Local"], ["WESTCO0020120601e8610002y", "Ferry plan wins praise", "Westbay Courier", "-", "-"]],
                 ["The harbour board backed a ferry route to Westbay & Port Ellis.\n\nIt is the first new crossing in a decade."
                  "\n\nFares are not yet set.", "Shopkeepers welcomed the route."], ["2012-05-30", "2012-06-01"])
    assert any("a Factiva export" in n for n in got.attrs["notes"])
    # a page with a table of articles that are no such export stays one article
    (tmp_path / "page.html").write_text("<html><body><h1>Prices</h1><div class='article'><table><tr><td>A</td>"
                                        "<td>1</td></tr></table><p>Prices rose again in May across the county.</p></div>"
                                        "</body></html>", "utf-8")
    assert len(quiet_load(tmp_path / "page.html")) == 1


def _factiva_article_div(head: str, lines: list[str], paragraphs: list[str]) -> str:
    """One article of a Factiva page displayed as "Article": its headline span, a division per line
    (the document number last) and its paragraphs."""
    from html import escape

    return ('<div class="article enArticle"><div id="hd"><span class="enHeadline">' + escape(head) + "</span></div>"
            + "".join(f"<div>{escape(x)}</div>" for x in lines[:-1])
            + "".join(f'<p class="articleParagraph enarticleParagraph">{escape(x)}</p>' for x in paragraphs)
            + f"<div>{escape(lines[-1])}</div></div>")


def test_load_factiva_page_displayed_as_articles(tmp_path):
    """A Factiva page saved as HTML in the "Article" display (no field codes): one article per
    division, its headline, byline, date, source and number read from its lines."""
    page = ("<html><body><div id='headlines'>2 results</div>"
            + _factiva_article_div("Ferry fares to rise by a fifth",
                                   ["By Ruth Okafor", "96 words", "1 June 2024", "06:30 GMT", "Calder Evening News", "CALDEN",
                                    "English", "(c) 2024 Calder Media Group", "Document calden0020240601ek610001a"],
                                   ["Ferry fares will rise by a fifth in July, the harbour board said.",
                                    "It is the first rise since 2019."])
            + _factiva_article_div("Library opens late",
                                   ["54 words", "2 June 2024", "Westbay Courier", "WSTBY", "English",
                                    "Copyright 2024 Westbay Courier Ltd", "Document wstby00020240602ek620002b"],
                                   ["The central library will stay open until ten on weekdays."])
            + "</body></html>")
    (tmp_path / "factiva.html").write_text(page, "utf-8")
    got = nl.load(tmp_path / "factiva.html")
    _export_read(got, ["article_id", "title", "outlet", "author"], FACTIVA_READ,
                 ["Ferry fares will rise by a fifth in July, the harbour board said.\n\nIt is the first rise since 2019.",
                  "The central library will stay open until ten on weekdays."], ["2024-06-01", "2024-06-02"])
    assert any("a Factiva export" in n for n in got.attrs["notes"])
    # a news page whose paragraphs carry that class but no Factiva number is one article
    (tmp_path / "page.html").write_text(
        "<html><body><div class='article'><h1>Ferry fares rise</h1><p class='articleParagraph'>Fares rise by a fifth in "
        "July, the harbour board said on Monday.</p></div></body></html>", "utf-8")
    assert len(nl.load(tmp_path / "page.html")) == 1


def test_load_opendocument_text(tmp_path):
    """A LibreOffice document (.odt): its heading the title, spans, links, spaces and tabs written as
    elements, a table cell and a text box read once; a footnote, a comment and a deleted revision left out."""
    import io
    import zipfile

    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"')
    body = ('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>next year</text:p>'
            '</text:deletion></text:changed-region></text:tracked-changes>'
            '<text:h text:outline-level="1">Harbour board raises fares</text:h>'
            '<text:p>Fares rise <text:span>in July</text:span>,<text:s text:c="2"/>said<text:tab/>the '
            '<text:a xlink:href="https://example.org">harbour board</text:a>.<text:note text:note-class="footnote">'
            '<text:note-citation>1</text:note-citation><text:note-body><text:p>Board minutes, 3 May.</text:p>'
            '</text:note-body></text:note><office:annotation><text:p>check the date</text:p></office:annotation></text:p>'
            '<table:table><table:table-row><table:table-cell><text:p>Adult: 3.20</text:p></table:table-cell>'
            '</table:table-row></table:table>'
            '<text:p>Commuters will drive.<draw:frame><draw:text-box><text:p>Pull quote: fares up</text:p>'
            '</draw:text-box></draw:frame></text:p>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}>'
                                  f'<office:body><office:text>{body}</office:text></office:body></office:document-content>')
    (tmp_path / "story.odt").write_bytes(out.getvalue())
    got = nl.load(tmp_path / "story.odt")
    assert got[["title", "text"]].values.tolist() == [[
        "Harbour board raises fares",
        "Fares rise in July, said the harbour board.\n\nAdult: 3.20\n\nCommuters will drive.\n\nPull quote: fares up"]]
    (tmp_path / "bad.odt").write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(SourceError, match="not an OpenDocument text") as e:
        nl.load(tmp_path / "bad.odt")
    assert "bad.odt" in str(e.value)


def test_load_rich_text_documents_and_nexis_rtf_downloads(tmp_path):
    # one article saved by TextEdit (a backslash ends a paragraph; curly quotes and accents as bytes of the
    # code page), with a picture, a header and a link: the link's text is kept, the rest left out
    (tmp_path / "story.rtf").write_bytes(
        b"{\\rtf1\\ansi\\ansicpg1252\\cocoartf2761\n\\cocoatextscaling0\\cocoaplatform0{\\fonttbl\\f0\\fswiss\\fcharset0 Helvetica;}\n"
        b"{\\colortbl;\\red255\\green255\\blue255;}\n{\\header Calder Evening News \\chpgn}\n"
        b"\\pard\\tx566\\pardirnatural\\partightenfactor0\n\n\\f0\\fs24 \\cf0 Harbour board raises fares\\\n\\\n"
        b"Fares rise in July, said Ren\\'e9e Ortiz: \\'93We had no choice.\\'94\\\n"
        b"{\\field{\\*\\fldinst{HYPERLINK \"https://example.org/fares\"}}{\\fldrslt The full table}} is online."
        b"{\\pict\\pngblip\\picw10\\pich10 89504e470d0a1a0a}\\\n}")
    one = nl.load(tmp_path / "story.rtf")
    assert one[["title", "text"]].values.tolist() == [[
        "Harbour board raises fares",
        "Fares rise in July, said Ren\u00e9e Ortiz: \u201cWe had no choice.\u201d\n\nThe full table is online."]]
    # bytes of another code page, and a character beyond U+FFFF written as two \u (a surrogate pair)
    from newslens.load.archives import rtf_paragraphs

    assert rtf_paragraphs(b"{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2 \\u-10179?\\u-8704?\\par}") == [
        "\u041f\u0440\u0438\u0432\u0435\u0442 \U0001f600", ""]
    # a file named .rtf that is not one
    (tmp_path / "bad.rtf").write_bytes(b"%PDF-1.7 not rich text")
    with pytest.raises(SourceError, match="not a Rich Text Format document") as e:
        nl.load(tmp_path / "bad.rtf")
    assert "bad.rtf" in str(e.value) and ".docx" in str(e.value)


FACTIVA_FIELDS = [  # a Factiva download, "Full Article/Report plus Indexing": each field a code and its value
    [("HD", ["Ferry fares to rise by a fifth"]), ("BY", ["Ruth Okafor"]), ("WC", ["96 words"]), ("PD", ["1 June 2024"]),
     ("SN", ["Calder Evening News"]), ("SC", ["CALDEN"]), ("LA", ["English"]), ("CY", ["(c) 2024 Calder Media Group"]),
     ("LP", ["Ferry fares will rise by a fifth in July, the harbour board said.", "It is the first rise since 2019."]),
     ("TD", ["Commuters said they would drive instead.", "(c) 2024 Calder Media Group."]),
     ("NS", ["c11 : Plans/Strategy | ccat : Corporate/Industrial News"]), ("AN", ["Document calden0020240601ek610001a"])],
    [("HD", ["Library opens late"]), ("WC", ["54 words"]), ("PD", ["2 June 2024"]), ("ET", ["06:00 GMT"]),
     ("SN", ["Westbay Courier"]), ("SC", ["WSTBY"]), ("LA", ["English"]), ("CY", ["\u00a9 2024 Westbay Courier Ltd"]),
     ("LP", ["The central library will stay open until ten on weekdays."]), ("AN", ["Document wstby00020240602ek620002b"])],
]


FACTIVA_READ = [["calden0020240601ek610001a", "Ferry fares to rise by a fifth", "Calder Evening News", "Ruth Okafor"],
                ["wstby00020240602ek620002b", "Library opens late", "Westbay Courier", "-"]]


def _factiva_text() -> str:
    """The download as text: a code on its own line, then its value's paragraphs."""
    out = []
    for fields in FACTIVA_FIELDS:
        out.append("\n\n")
        for code, value in fields:
            out.append(f"   {code}\n" + "".join(f" {v} \n\n" if len(value) > 1 else f"{v}\n" for v in value))
        out.append("  \n")
    return "".join(out)


def _factiva_rtf() -> bytes:
    """The download as RTF: a table row per field, the code in one cell and the value's paragraphs in the next."""
    def esc(t: str) -> str:
        return "".join(c if ord(c) < 128 else f"\\'{ord(c):02x}" for c in t)

    rows = []
    for fields in FACTIVA_FIELDS:
        for code, value in fields:
            rows.append(r"\itap1\trowd \trgaph108\trleft-108 \clvertalt \cellx4320 \clvertalt \cellx8640" "\n"
                        r"\pard\intbl\itap1\qr \cf0 " "\n" rf"\f2\b {code}" "\n" r"\f1\b0 \cell " "\n"
                        r"\pard\intbl\itap1 \cf0 " + "\\\n\\\n".join(f" {esc(v)} " for v in value) + r"\cell \lastrow\row" "\n")
        rows.append("\\pard \\cf0   \\page \\\n")  # a backslash before a line end: a paragraph
    return (r"{\rtf1\ansi\ansicpg1252{\fonttbl\f1\froman\fcharset0 TimesNewRomanPSMT;\f2\froman\fcharset0 "
            r"TimesNewRomanPS-BoldMT;}{\info{\title Factiva RTF Display Format}}" "\n" + "".join(rows) + "}").encode("ascii")


@pytest.mark.parametrize("name", ["factiva.rtf", "factiva.txt"])
def test_load_factiva_downloads_in_rtf_and_text(tmp_path, name):
    """A Factiva download in RTF (a table row per field) or saved as text (a code on its own line):
    one article per headline, its fields read, its accession number the id; the indexing left out."""
    path = tmp_path / name
    if name.endswith(".rtf"):
        path.write_bytes(_factiva_rtf())
    else:
        path.write_text(_factiva_text(), "utf-8")
    got = nl.load(path)
    _export_read(got, ["article_id", "title", "outlet", "author"], FACTIVA_READ,
                 ["Ferry fares will rise by a fifth in July, the harbour board said.\n\nIt is the first rise since 2019.\n\n"
                  "Commuters said they would drive instead.\n\n(c) 2024 Calder Media Group.",
                  "The central library will stay open until ten on weekdays."], ["2024-06-01", "2024-06-02"])
    assert any("a Factiva export" in n for n in got.attrs["notes"])
    # an article that merely has a line "HD" (a television listing) stays one article
    (tmp_path / "listing.txt").write_text("Tonight on Channel 4\n\nHD\n\nThe news at ten, in high definition.", "utf-8")
    assert len(nl.load(tmp_path / "listing.txt")) == 1


FACTIVA_ARTICLE_FORMAT = [  # the same download displayed as "Article": no codes, each closed by its number
    "Ferry fares to rise by a fifth", "By Ruth Okafor", "96 words", "1 June 2024", "06:30 GMT", "Calder Evening News",
    "CALDEN", "Late Edition", "B2", "English", "(c) 2024 Calder Media Group",
    "Ferry fares will rise by a fifth in July, the harbour board said.", "It is the first rise since 2019.",
    "Document calden0020240601ek610001a", "",
    "Library opens late", "54 words", "2 June 2024", "Westbay Courier", "WSTBY", "English",
    "Copyright 2024 Westbay Courier Ltd", "The central library will stay open until ten on weekdays.",
    "Document wstby00020240602ek620002b",
]


@pytest.mark.parametrize("name", ["article.rtf", "article.txt"])
def test_load_factiva_downloads_displayed_as_articles(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".rtf"):
        path.write_bytes(_rtf(*FACTIVA_ARTICLE_FORMAT))
    else:
        path.write_text("\n".join(FACTIVA_ARTICLE_FORMAT), "utf-8")
    _export_read(nl.load(path), ["article_id", "title", "outlet", "author"], FACTIVA_READ,
                 ["Ferry fares will rise by a fifth in July, the harbour board said.\n\nIt is the first rise since 2019.",
                  "The central library will stay open until ten on weekdays."], ["2024-06-01", "2024-06-02"])
    # a story that quotes a "Document …" line, with no word count where Factiva puts one, stays one article
    (tmp_path / "leak.txt").write_text("Council papers leaked\n\nThe papers were filed as\n\n"
                                       "Document abcdefghij0123456789abcde\n\nand the council said they were drafts.", "utf-8")
    assert len(nl.load(tmp_path / "leak.txt")) == 1


RULE = "_" * 60
PROQUEST = f"""{RULE}

Report Information from ProQuest
June 3 2024 09:12
{RULE}

Table of contents
1. Ferry fares to rise by a fifth
2. Library opens late
{RULE}

Document 1 of 2

Ferry fares to rise by a fifth

Author: Okafor, Ruth

Publication info: Calder Evening News ; Calder [Calder]. 01 June 2024: B.2.

Full text: Ferry fares will rise by a fifth in July, the harbour board said.

Commuters said they would drive instead.

Credit: By Ruth Okafor Staff Writer

Subject: Ferries; Fares

Title: Ferry fares to rise by a fifth

Publication title: Calder Evening News; Calder

Publication year: 2024

Publication date: Jun 1, 2024

Section: LOCAL

ProQuest document ID: 3061234567

Document URL: https://www.proquest.com/newspapers/ferry-fares/docview/3061234567/se-2

Copyright: Copyright Calder Media Group Jun 1, 2024

Database: U.S. Major Dailies
{RULE}

Document 2 of 2

Library opens late

Full Text: The central library will stay open until ten on weekdays.

Title: Library opens late

Publication title: Westbay Courier

Publication date: Jun 2, 2024

ProQuest document ID: 3061234999

Document URL: https://www.proquest.com/newspapers/library/docview/3061234999/se-2
{RULE}

Contact ProQuest
Copyright 2024 ProQuest LLC. All rights reserved.
"""


def test_load_proquest_text_download(tmp_path):
    """A ProQuest download saved as text: one article per "Document 1 of 2", its full text, title,
    publication, date, byline, section, id and link; the cover page, indexing and photo credit left out."""
    (tmp_path / "proquest.txt").write_text(PROQUEST, "utf-8")
    got = nl.load(tmp_path / "proquest.txt")
    _export_read(got, ["article_id", "title", "outlet", "author", "section"],
                 [["3061234567", "Ferry fares to rise by a fifth", "Calder Evening News", "Okafor, Ruth", "LOCAL"],
                  ["3061234999", "Library opens late", "Westbay Courier", "-", "-"]],
                 ["Ferry fares will rise by a fifth in July, the harbour board said.\n\nCommuters said they would drive instead.",
                  "The central library will stay open until ten on weekdays."], ["2024-06-01", "2024-06-02"])
    assert got["url"].str.startswith("https://www.proquest.com/").all()
    assert any("a ProQuest export" in n for n in got.attrs["notes"])
    # a story that mentions "Document 1 of 2" without ProQuest's fields stays one article
    (tmp_path / "memo.txt").write_text("Court papers\n\nDocument 1 of 2\n\nThe filing runs to forty pages.", "utf-8")
    assert len(nl.load(tmp_path / "memo.txt")) == 1


def test_load_word_documents_and_nexis_exports(tmp_path):
    # one article: the first paragraph its title; tabs, tables and text boxes read once, deletions left out
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = ('<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>' + _paras("Pull quote: fares up")
           + '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>' + _paras("Pull quote: fares up")
           + '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    body = (_paras("Harbour board raises fares", "")
            + '<w:p><w:r><w:t>Fares rise</w:t></w:r><w:r><w:tab/><w:t>in July</w:t></w:r>'
              '<w:del><w:r><w:delText>next year</w:delText></w:r></w:del><w:r><w:t>.</w:t></w:r></w:p>'
            + f'<w:tbl xmlns:w="{w}"><w:tr><w:tc>' + _paras("Adult: 3.20") + '</w:tc></w:tr></w:tbl>' + box)
    (tmp_path / "story.docx").write_bytes(_docx(body))
    one = nl.load(tmp_path / "story.docx")
    assert one[["title", "text"]].values.tolist() == [["Harbour board raises fares",
                                                       "Fares rise in July.\n\nAdult: 3.20\n\nPull quote: fares up"]]
    # a Nexis Uni export, as Word, as RTF and as plain text: one article per document, its fields read
    (tmp_path / "nexis.docx").write_bytes(_docx(_paras(*NEXIS)))
    (tmp_path / "nexis.rtf").write_bytes(_rtf(*NEXIS))
    (tmp_path / "nexis.txt").write_text("\n".join(NEXIS) + "\n", "utf-8")
    from xml.sax.saxutils import escape  # the same download with its lines set apart by line breaks, not paragraphs

    (tmp_path / "nexis_breaks.docx").write_bytes(_docx("<w:p>" + "<w:r><w:br/></w:r>".join(
        f'<w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r>' for t in NEXIS) + "</w:p>"))
    for name in ("nexis.docx", "nexis.rtf", "nexis.txt", "nexis_breaks.docx"):
        _export_read(nl.load(tmp_path / name), ["title", "outlet", "author", "section"],
                     [["Ferry fares to rise", "Calder Evening News", "Ruth Okafor", "LOCAL; Pg. B2"],
                      ["Library opens late", "Westbay Courier", "-", "-"]],
                     ["Ferry fares will rise by a fifth in July, the harbour board said.\n\nCommuters said they would drive instead.",
                      "The central library will stay open until ten on weekdays."], ["2024-06-01", "2024-06-02"])
    # a folder's metadata.csv fills what an export's articles lack, and never overrides them
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "nexis.txt").write_text("\n".join(NEXIS), "utf-8")
    (tmp_path / "desk" / "metadata.csv").write_text("file,outlet,author\nnexis.txt,Wire Desk,Staff\n", "utf-8")
    got = nl.load(tmp_path / "desk")
    assert got[["outlet", "author"]].values.tolist() == [["Calder Evening News", "Ruth Okafor"], ["Westbay Courier", "Staff"]]
    # a file named .docx that is not one
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(SourceError, match="not a Word document"):
        nl.load(tmp_path / "bad.docx")



DATA = Path(__file__).parent / "data"


def test_load_word_97_documents_and_what_databases_save_as_doc(tmp_path):
    """A Word 97–2003 ``.doc`` (``tests/data/story.doc``, saved by LibreOffice from a document written
    for it: ``python tests/docs.py``): its paragraphs, with letters outside Windows-1252, a hyperlink's
    text but not its address, a line break and a table's cells; Nexis Uni's download saved as ``.doc`` reads
    as its ``.docx``; an RTF file, a ``.docx`` or a web page under a ``.doc`` name (as databases save
    their "Word" downloads), or a ``.doc`` renamed ``.docx``, is read as what it is; anything else is
    an error that says what it is."""
    from docs import STORY, STORY_TITLE

    got = nl.load(DATA / "story.doc")
    check_articles(got)
    assert got[["title", "text"]].values.tolist() == [[STORY_TITLE, "\n\n".join(t.replace("\n", " ") for t in STORY)]]
    assert "https://" not in got.loc[0, "text"] and "HYPERLINK" not in got.loc[0, "text"]
    (tmp_path / "nexis.docx").write_bytes(_docx(_paras(*NEXIS)))
    (tmp_path / "rtf.doc").write_bytes(_rtf(*NEXIS))
    (tmp_path / "renamed.doc").write_bytes(_docx(_paras(*NEXIS)))
    want = nl.load(tmp_path / "nexis.docx").drop(columns="file")
    for doc in (DATA / "nexis.doc", tmp_path / "rtf.doc", tmp_path / "renamed.doc"):
        pd.testing.assert_frame_equal(nl.load(doc).drop(columns="file"), want)
    page_html = ("<!DOCTYPE html><html><head><title>Ferry back</title></head><body><article><h1>Ferry back</h1>"
                 "<p>The harbour ferry ran again on Monday, the port said.</p><p>Its crew was glad to be home.</p></article>"
                 "</body></html>")
    for name in ("page.doc", "page.docx"):
        (tmp_path / name).write_text(page_html, "utf-8")
        page = nl.load(tmp_path / name)
        assert page[["title", "text"]].values.tolist() == [["Ferry back", "The harbour ferry ran again on Monday, the port said."
                                                                          "\n\nIts crew was glad to be home."]]
    # a file renamed from .doc to .docx, or RTF named .docx, is read as what it is
    want_story = nl.load(DATA / "story.doc").drop(columns=["file", "article_id"])
    for source, name in (("story.doc", "renamed.docx"), ("story.rtf", "rich.docx")):
        (tmp_path / name).write_bytes((DATA / source).read_bytes())
        pd.testing.assert_frame_equal(nl.load(tmp_path / name).drop(columns=["file", "article_id"]), want_story)
    # a folder of .doc files: one article each, metadata.csv describes them
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "story.doc").write_bytes((DATA / "story.doc").read_bytes())
    (tmp_path / "desk" / "metadata.csv").write_text("file,outlet\nstory.doc,Harbour Times\n", "utf-8")
    assert nl.load(tmp_path / "desk")[["title", "outlet"]].values.tolist() == [[STORY_TITLE, "Harbour Times"]]
    (tmp_path / "sheet.doc").write_bytes((DATA / "coded.xls").read_bytes())
    with pytest.raises(SourceError, match=r"not a Word document \(it has no WordDocument stream.*read as \.xls"):
        nl.load(tmp_path / "sheet.doc")
    (tmp_path / "cut.doc").write_bytes((DATA / "story.doc").read_bytes()[:6000])
    (tmp_path / "notes.doc").write_text("just some notes", "utf-8")
    got = quiet_load(tmp_path)
    assert sorted(e["source"] for e in got.attrs["errors"]) == ["cut.doc", "notes.doc", "sheet.doc"]
    assert "damaged Word 97–2003 document" in next(e["detail"] for e in got.attrs["errors"] if e["source"] == "cut.doc")


def test_load_one_document_saved_by_a_word_processor_in_four_formats_reads_the_same():
    """One story saved by LibreOffice as .odt, .doc, .docx and .rtf (``python tests/docs.py``): the
    same title and paragraphs from each reader — a line break stays inside its paragraph, each table
    cell is a paragraph, a hyperlink is its text; the footnote, the running header and footer and
    the tracked deletion are not text (each is in every file)."""
    from docs import STORY, STORY_TITLE

    from newslens.load.archives import rtf_paragraphs
    from newslens.load.readers import _DOCUMENTS

    want = [STORY_TITLE, *STORY]
    for suffix in (".odt", ".doc", ".docx", ".rtf"):
        assert [p for p in _DOCUMENTS[suffix]((DATA / f"story{suffix}").read_bytes()) if p.strip()] == want, suffix
    # an RTF deletion ends with its group, at \deleted0 or at \plain (which resets character properties)
    rtf = rb"{\rtf1\ansi Fares rise {\deleted next year }in July\deleted  later\plain  now\deleted  gone\deleted0  too.\par}"
    assert rtf_paragraphs(rtf)[0] == "Fares rise in July now too."
    tables = [nl.load(DATA / f"story{suffix}").drop(columns=["file", "article_id"]) for suffix in (".odt", ".doc", ".docx", ".rtf")]
    for t in tables[1:]:
        pd.testing.assert_frame_equal(t, tables[0])


def test_load_office_files_locked_with_a_password_say_so(tmp_path):
    """Word and OpenDocument texts and Excel and OpenDocument workbooks locked with a password
    (``tests/data/locked.docx``, ``locked.odt``, ``locked.xlsx``, ``locked.ods``, encrypted as Office and
    LibreOffice do: ``python tests/docs.py``) are refused as locked, under their own names or renamed
    ``.doc``, with how to recover; in a folder they are error rows and the rest is read."""
    for name, as_name in (("locked.docx", "locked.docx"), ("locked.docx", "renamed.doc"), ("locked.xlsx", "coded.xlsx"),
                          ("locked.odt", "locked.odt"), ("locked.ods", "coded.ods")):
        (tmp_path / as_name).write_bytes((DATA / name).read_bytes())
        with pytest.raises(SourceError, match="locked with a password") as e:
            nl.load(tmp_path / as_name)
        assert as_name in str(e.value) and "save it again without one" in str(e.value)
    (tmp_path / "story.txt").write_text("Ferry back\n\nThe ferry ran again on Monday.", "utf-8")
    got = quiet_load(tmp_path)
    assert got["file"].tolist() == ["story.txt"] and len(got.attrs["errors"]) == 5


def _word97(pieces: list[tuple[bytes, bool]], *, ident: int = 0xA5EC, flags: int = 0x0200) -> dict:
    """The streams of a Word 97 document written by hand ([MS-DOC] 2.5.1 FIB, 2.9.38 Clx): ``pieces``
    of text each stored 8-bit (True: Windows-1252) or as UTF-16, at separate places of WordDocument."""
    import struct

    fib = bytearray(1024)
    struct.pack_into("<HHHHHH", fib, 0, ident, 0xC1, 0, 0, 0, flags)
    struct.pack_into("<H", fib, 32, 14)  # csw, then 28 bytes of fibRgW
    struct.pack_into("<H", fib, 62, 22)  # cslw, then fibRgLw: ccpText is its fourth number
    cps, fcs, doc = [0], [], bytes(fib)
    for text, eight_bit in pieces:
        doc += b"\0" * (512 - len(doc) % 512)
        raw = text.decode("utf-8")
        fcs.append(2 * len(doc) | 0x40000000 if eight_bit else len(doc))
        doc += raw.encode("cp1252" if eight_bit else "utf-16-le")
        cps.append(cps[-1] + len(raw))
    doc = bytearray(doc)
    struct.pack_into("<i", doc, 64 + 12, cps[-1])
    struct.pack_into("<H", doc, 152, 93)  # cbRgFcLcb
    plc = struct.pack(f"<{len(cps)}i", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for fc in fcs)
    table = b"\x01\x02\x00ab" + b"\x02" + struct.pack("<I", len(plc)) + plc  # one Prc (skipped), then the Pcdt
    struct.pack_into("<II", doc, 154 + 33 * 8, 0, len(table))
    return {"WordDocument": bytes(doc), "1Table" if flags & 0x0200 else "0Table": table}


class _Streams:
    """What :func:`newslens.load.word97._text` reads of a compound file."""

    def __init__(self, streams: dict):
        self.streams = streams

    def exists(self, name: str) -> bool:
        return name in self.streams

    def openstream(self, name: str):
        import io

        return io.BytesIO(self.streams[name])


def test_load_word_97_pieces_fields_and_refusals():
    """The piece table read by hand-written streams: 8-bit and UTF-16 pieces in their order, nested
    fields reduced to their results, control characters as Word shows them; a password-protected or
    a Word 6/95 document is refused with what to do."""
    from newslens.load.archives import NotWordDocument
    from newslens.load.word97 import _paragraphs, _text

    pieces = [("Café in Gdańsk?".encode(), False), (" Caf\u00e9 \u201cprices\u201d up\r".encode(), True),
              ("See \x13 HYPERLINK \x13 PAGE \x14 3\x15 x\x14the map\x15, non\x1ebreaking, soft\x1fhyphen\x0bline\rA\x07B\x07\x07\r".encode(), False)]
    text = _text(_Streams(_word97(pieces)))
    assert text.startswith("Café in Gdańsk? Café “prices” up\r")
    assert _paragraphs(text) == ["Café in Gdańsk? Café “prices” up", "See the map, non-breaking, softhyphen\nline",
                                 "A", "B", "", ""]
    with pytest.raises(NotWordDocument, match="password-protected") as e:
        _text(_Streams(_word97(pieces, flags=0x0300)))
    assert "remove the password" in e.value.fix
    with pytest.raises(NotWordDocument, match="Word 6 and 95"):
        _text(_Streams(_word97(pieces, ident=0xA5DC)))
    with pytest.raises(NotWordDocument, match="0Table stream is missing"):
        streams = _word97(pieces)
        streams["WordDocument"] = streams["WordDocument"][:10] + b"\0\0" + streams["WordDocument"][12:]  # says 0Table
        _text(_Streams(streams))


def test_load_pdf_downloads_and_pages_saved_as_pdf(tmp_path):
    """Nexis Uni's PDF download (``tests/data/nexis.pdf``: a cover page, two articles, a running header
    and "Page N of M" on every page, paragraphs spaced or indented, one running across a page break)
    is one article per document; a web page saved as PDF is one article without the browser's
    margins; both printed by Chromium from HTML written for them (``tests/pdfs.py``)."""
    from pdfs import FERRY, LIBRARY

    _export_read(nl.load(DATA / "nexis.pdf"), ["title", "outlet", "author", "section"],
                 [["Harbour board lifts ferry fares", "Calder Evening News", "Ruth Okafor", "LOCAL; Pg. B2"],
                  ["Library to open late", "Westbay Courier", "-", "-"]],
                 ["\n\n".join(FERRY), "\n\n".join(LIBRARY)], ["2024-06-01", "2024-06-02"])
    page = nl.load(DATA / "page.pdf")
    assert page[["title", "text"]].values.tolist() == [["Library to open late", "\n\n".join(LIBRARY)]]
    # a folder's metadata.csv says more about a one-article PDF, and its values win, as for a Word file
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "page.pdf").write_bytes((DATA / "page.pdf").read_bytes())
    (tmp_path / "desk" / "metadata.csv").write_text("file,title,outlet\npage.pdf,Library hours,Westbay Courier\n", "utf-8")
    assert nl.load(tmp_path / "desk")[["title", "outlet"]].values.tolist() == [["Library hours", "Westbay Courier"]]
    # a locked PDF, one without text (a scan), and a file named .pdf that is not one: each says how to recover
    from pypdfium2 import PdfDocument

    blank = PdfDocument.new()
    blank.new_page(612, 792)
    blank.save(tmp_path / "scan.pdf")
    (tmp_path / "bad.pdf").write_bytes(b"PK\x03\x04 not a pdf")
    for path, why, fix in ((DATA / "locked.pdf", "locked with a password", "without one"),
                           (tmp_path / "scan.pdf", "has no text", "OCR"), (tmp_path / "bad.pdf", "not a PDF", "as text")):
        with pytest.raises(SourceError, match=why) as e:
            nl.load(path)
        assert path.name in str(e.value) and fix in str(e.value)


def _lines_pdf(paragraphs, **layout_args) -> list[str]:
    from pdfs import layout, pdf

    from newslens.load.pdf import pdf_paragraphs

    return pdf_paragraphs(pdf(layout(paragraphs, **layout_args)))


@pytest.mark.parametrize("how", [{"indent": 3}, {"space": 6}, {"indent": 2, "space": 4, "per_page": 9},
                                 {"columns": 40, "per_page": 7, "space": 5, "header": "Calder Evening News",
                                  "footer": "Page {page} of {pages}"},
                                 {"columns": 50, "per_page": 11, "indent": 4, "header": "Harbour board lifts fares",
                                  "footer": "{page}"}])
def test_pdf_paragraphs_from_line_positions(how):
    """Paragraphs come back as written, marked by an indent or space (and a short last line), across
    page breaks, without running headers and page numbers."""
    from pdfs import FERRY, LIBRARY

    paragraphs = FERRY[:3] + LIBRARY + ["Short one.", "The last paragraph of the text ends the story here."]
    assert _lines_pdf(paragraphs, **how) == paragraphs


def test_pdf_paragraphs_hyphens_columns_and_headings():
    from pdfs import FERRY, LIBRARY, pdf

    from newslens.load.pdf import pdf_paragraphs

    # a word broken at a line's end: joined, its hyphen dropped only where the document writes it unbroken
    lines = ["The harbour board met on a cold morning, and its long-", "serving chair spoke first about the ferry which con-",
             "tinued to run through the storms of the winter before,", "when the pier was closed; it continued after that too."]
    assert pdf_paragraphs(pdf([[(72, 700 - 12 * i, 10, t) for i, t in enumerate(lines)]])) == [
        "The harbour board met on a cold morning, and its long-serving chair spoke first about the ferry which continued "
        "to run through the storms of the winter before, when the pier was closed; it continued after that too."]
    # two columns on a page, a paragraph running from the foot of one to the head of the next;
    # a heading in a larger type above them; lines that were never wrapped stay lines
    from pdfs import layout

    lines = layout([FERRY[0], FERRY[1], LIBRARY[0]], columns=34, space=6)[0]
    cut = 12  # the first twelve lines in the left column, the rest (from the middle of FERRY[1]) in the right
    top = lines[cut][1]
    page = [(x - 20, y, s, t) for x, y, s, t in lines[:cut]] + [(x + 250, y + 720 - top, s, t) for x, y, s, t in lines[cut:]]
    assert FERRY[1].startswith(lines[cut - 1][3]) is False and lines[cut - 1][3] in FERRY[1]  # the cut is inside it
    got = pdf_paragraphs(pdf([[(52, 740, 16, "Harbour news")] + page]))
    assert got == ["Harbour news", FERRY[0], FERRY[1], LIBRARY[0]]
    # a list whose items' next lines hang under their text
    items = [(72, "\u2022 The board will publish the summer timetable on its website"), (84, "and at both piers before May."),
             (72, "\u2022 Season tickets bought before July keep their old price until"), (84, "they run out.")]
    assert pdf_paragraphs(pdf([[(x, 700 - 12 * i, 10, t) for i, (x, t) in enumerate(items)]])) == [
        "\u2022 The board will publish the summer timetable on its website and at both piers before May.",
        "\u2022 Season tickets bought before July keep their old price until they run out."]
    assert pdf_paragraphs(pdf([[(72, 700, 10, "Calder Evening News"), (72, 688, 10, "June 1, 2024"),
                                (72, 676, 10, "Body")]])) == ["Calder Evening News", "June 1, 2024", "Body"]
    # one-line paragraphs set apart by space, two of them about as long as a line can be: not read as
    # lines of wrapped paragraphs, since a line break elsewhere shows the real line step
    short = ["Harbour ferry returns to service", "The harbour ferry ran again on Monday after six weeks in dry dock.",
             "We are glad to have her back, said Ana Ruiz, the director.",
             "The boat was refitted at the yard for 1.2 million, the port said.", "Timetables are on the website.",
             "Fares: adults 3.20", "children 1.60", "North pier"]
    ys = [720, 696, 672, 648, 624, 600, 588, 564]
    assert pdf_paragraphs(pdf([[(72, y, 10, t) for y, t in zip(ys, short)]])) == short


def test_pdf_running_headers_go_and_repeated_articles_stay():
    """A header and a page number on every page are left out; an article printed twice, each time at
    the top of a page (the same headline and outlet at the same height), keeps both its copies."""
    from pdfs import FERRY, LIBRARY, layout, pdf

    from newslens.load.pdf import pdf_paragraphs

    ferry = ["Harbour board lifts ferry fares", "Calder Evening News", FERRY[0]]
    library = ["Library to open late", "Westbay Courier", LIBRARY[0]]

    def page(n: int, paragraphs: list[str]) -> list:
        return layout(paragraphs, space=8)[0] + [(72, 760, 8, "Newsroom archive | printed 3 June"), (290, 30, 8, f"{n}")]

    assert pdf_paragraphs(pdf([page(1, ferry), page(2, library), page(3, ferry)])) == ferry + library + ferry
    assert pdf_paragraphs(pdf([page(1, ferry), page(2, ferry)])) == ferry + ferry


def _zip(path: Path, files: dict) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def _tar(path: Path, files: dict, mode: str = "w:gz") -> Path:
    import io
    import tarfile

    with tarfile.open(path, mode) as t:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return path


def test_load_tar_archives_as_they_stream(tmp_path, monkeypatch):
    """A tar archive — ``.tgz`` as the New York Times Annotated Corpus ships a month, ``.tar.gz``,
    ``.tar`` — is read as it streams, in the archive's order, each file by its type's reader,
    labelled by its path in the archive (after the archive's own in a folder): the same articles as
    the files unpacked; hidden files, ``._`` copies, an archive inside it and other types left out
    and noted (a metadata.csv too: it is not applied); a file its reader cannot read is an error row
    and the rest is read; one larger than MAX_UNPACKED ends the reading; a broken archive is an
    error naming it."""
    files = {"2007/06/01/1816032.xml": NITF.encode("utf-8"), "2007/06/01/2286.xml": NEWSITEM.encode("latin-1"),
             "more.jsonl.gz": gzip.compress(b'{"title": "Ferry late", "text": "The ferry ran late on Friday."}\n'),
             "rows.csv": b"title,text\nHarbour vote,The council voted on Tuesday.\n"}  # (in the order a folder is read)
    plain = tmp_path / "plain"
    for name, data in files.items():
        (plain / name).parent.mkdir(parents=True, exist_ok=True)
        (plain / name).write_bytes(data)
    want = nl.load(plain)
    extra = {"2007/06/01/._1816032.xml": b"\x00\x05\x16\x07", ".DS_Store": b"\x00", "scan.tiff": b"II*\x00",
             "old.tar": b"", "broken.docx": b"PK\x03\x04 not a zip", "metadata.csv": b"file,outlet\nrows.csv,Desk\n"}
    for name, mode in (("nyt-2007-06.tgz", "w:gz"), ("nyt.tar.gz", "w:gz"), ("nyt.tar", "w")):
        archive = _tar(tmp_path / name, {**files, **extra}, mode)
        got = quiet_load(archive)
        pd.testing.assert_frame_equal(got, want)
        assert [e["source"] for e in got.attrs["errors"]] == ["broken.docx"]
        assert any("ignored 2 file(s) of unsupported types (.tar, .tiff)" in n for n in got.attrs["notes"])
        assert any("its metadata.csv was not applied" in n for n in got.attrs["notes"])
    (tmp_path / "desk").mkdir()
    _tar(tmp_path / "desk" / "nyt.tgz", files)
    (tmp_path / "desk" / "loose.txt").write_text("Loose story\n\nThe loose file.", "utf-8")
    assert nl.load(tmp_path / "desk")["file"].tolist() == ["loose.txt", "nyt.tgz/2007/06/01/1816032.xml",
                                                          "nyt.tgz/2007/06/01/2286.xml", "nyt.tgz/more.jsonl.gz",
                                                          "nyt.tgz/rows.csv"]
    # a file beyond the cap ends the reading, said in its error (skipping it would mean unpacking it)
    monkeypatch.setattr(importlib.import_module("newslens.load.sources"), "MAX_UNPACKED", 200)
    got = quiet_load(_tar(tmp_path / "capped.tar", {"small.txt": b"Small story\n\nShort.", "big.txt": b"Big\n\n" + b"w " * 200,
                                                    "after.txt": b"After\n\nNot reached."}, "w"))
    assert got["file"].tolist() == ["small.txt"]
    assert "files after it in the archive were not read" in got.attrs["errors"][0]["detail"]
    monkeypatch.undo()
    whole = (tmp_path / "nyt-2007-06.tgz").read_bytes()
    (tmp_path / "cut.tgz").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(SourceError, match="cut.tgz.*not a readable tar archive"):
        nl.load(tmp_path / "cut.tgz")
    _tar(tmp_path / "pictures.tgz", {"a.tiff": b"II*\x00"})
    with pytest.raises(SourceError, match="holds no file of a supported type"):
        nl.load(tmp_path / "pictures.tgz")


def _partitioned(source, chunksize):
    from newslens.load import partitions

    parts = partitions(source, chunksize=chunksize)
    loaded = [load_partition(p) for p in parts]
    notes = [n for p in loaded for n in p.attrs["notes"]]
    errors = [e for p in loaded for e in p.attrs["errors"]]
    return parts, pd.concat(loaded, ignore_index=True), notes, errors


def test_load_partitions_cut_a_tar_archive_into_runs_of_its_files(tmp_path, monkeypatch):
    """A large tar archive is not one partition: each partition reads a run of ``chunksize`` of its
    files (streaming the archive from its start), and together they give the rows, errors and notes
    of the archive read whole; a file beyond the cap ends the runs where it ends the reading."""
    files = {f"2007/06/{d:02d}/{k}.txt": f"Story {d}-{k}\n\nThe harbour board met on June {d} and voted {k} to 2.".encode()
             for d in range(1, 4) for k in range(3)}
    files.update({"scan.tiff": b"II*\x00", "metadata.csv": b"file,outlet\nx.txt,Desk\n", "broken.docx": b"PK\x03\x04 not a zip"})
    for name, mode in (("nyt.tgz", "w:gz"), ("nyt.tar.gz", "w:gz"), ("nyt.tar", "w")):
        archive = _tar(tmp_path / name, files, mode)
        whole = quiet_load(archive)
        parts, got, notes, errors = _partitioned(archive, 4)
        assert [(p.pieces[0].span.first, p.pieces[0].span.stop) for p in parts] == [(0, 4), (4, 8), (8, 10)]
        pd.testing.assert_frame_equal(got, whole)
        assert errors == whole.attrs["errors"] and [e["source"] for e in errors] == ["broken.docx"]
        assert sorted(notes) == sorted(whole.attrs["notes"]) and len(notes) == 2
    assert _partitioned(tmp_path / "nyt.tar", 10)[0][0].pieces[0].span is None  # no more files than chunksize: whole
    monkeypatch.setattr(importlib.import_module("newslens.load.sources"), "MAX_UNPACKED", 200)
    capped = _tar(tmp_path / "capped.tar", {"a.txt": b"A\n\nShort.", "b.txt": b"B\n\nShort too.", "big.txt": b"Big\n\n" + b"w " * 200,
                                            "c.txt": b"C\n\nNot reached.", "d.txt": b"D\n\nNot reached either."}, "w")
    whole = quiet_load(capped)
    parts, got, notes, errors = _partitioned(capped, 2)
    assert len(parts) == 2 and got["file"].tolist() == whole["file"].tolist() == ["a.txt", "b.txt"]
    assert errors == whole.attrs["errors"] and "files after it in the archive were not read" in errors[0]["detail"]


def test_load_zip_archives(tmp_path):
    """A zip archive is read as the folder it packs (a database's download of many files, a zipped
    corpus): its files in name order, a metadata.csv inside describing them, hidden files and
    macOS's __MACOSX copies left out, other types (a zip inside it too) ignored and noted; zip
    archives in a folder or matched by a pattern are read the same way, labelled after them."""
    import zipfile

    files = {"b/story.txt": "Library opens late\n\nThe library stays open until ten.",
             "a.txt": "Ferry fares rise\n\nFares rise by a fifth in July.",
             "metadata.csv": "file,outlet\na.txt,Calder Evening News\nb/story.txt,Westbay Courier\n",
             "nexis.pdf": (DATA / "nexis.pdf").read_bytes(), ".DS_Store": b"\x00", "__MACOSX/._a.txt": b"\x00\x05",
             "photo.jpg": b"\xff\xd8", "inner.zip": _zip(tmp_path / "inner.zip", {"c.txt": "C\n\nc."}).read_bytes(),
             "sheet/coded.csv": "title,text,outlet\nHarbour vote,The council voted on Tuesday.,Calder Evening News\n"}
    desk = tmp_path / "desk"
    desk.mkdir()
    _zip(desk / "download.zip", files)
    (desk / "loose.txt").write_text("Loose story\n\nA loose file next to the archive.", "utf-8")
    got = nl.load(desk / "download.zip")
    assert got[["title", "outlet", "file"]].values.tolist() == [
        ["Ferry fares rise", "Calder Evening News", "a.txt"], ["Library opens late", "Westbay Courier", "b/story.txt"],
        ["Harbour board lifts ferry fares", "Calder Evening News", "nexis.pdf"],
        ["Library to open late", "Westbay Courier", "nexis.pdf"], ["Harbour vote", "Calder Evening News", "sheet/coded.csv"]]
    assert any("ignored 2 file(s) of unsupported types (.jpg, .zip)" in n for n in got.attrs["notes"])
    folder = nl.load(desk)
    assert folder["file"].tolist() == ["download.zip/a.txt", "download.zip/b/story.txt", "download.zip/nexis.pdf",
                                       "download.zip/nexis.pdf", "download.zip/sheet/coded.csv", "loose.txt"]
    assert folder.drop(columns="file").iloc[:5].equals(got.drop(columns="file"))
    assert nl.load(str(desk / "*.zip"))["file"].tolist()[0] == f"{desk / 'download.zip'}/a.txt"
    from newslens.load import load_partition, partitions

    assert sum(len(load_partition(p)) for p in partitions(desk, chunksize=2)) == 6
    # a broken archive among other files is an error, and the rest is read
    (desk / "broken.zip").write_bytes(b"PK\x03\x04 not a zip")
    got = quiet_load(desk)
    assert len(got) == 6 and got.attrs["errors"][0]["source"] == "broken.zip"
    assert "not a readable zip archive" in got.attrs["errors"][0]["detail"]
    with pytest.raises(SourceError, match="not a readable zip archive"):
        nl.load(desk / "broken.zip")
    assert zipfile.is_zipfile(desk / "download.zip")


def test_load_zip_member_that_unpacks_too_far_is_refused(tmp_path, monkeypatch):
    """A file in a zip archive that would be read whole and declares more than the cap is refused
    before it is unpacked (a zip bomb), with its name; the archive's other files are read, and a
    CSV or JSONL file, read as a stream, is not refused."""
    sources = importlib.import_module("newslens.load.sources")
    archive = _zip(tmp_path / "corpus.zip", {"big.txt": "Big story\n\n" + "Words. " * 400,
                                             "rows.jsonl": '{"title": "Row", "text": "' + "Words. " * 400 + '"}\n',
                                             "small.txt": "Small story\n\nA few words."})
    monkeypatch.setattr(sources, "MAX_UNPACKED", 1_000)
    got = quiet_load(archive)
    assert got["file"].tolist() == ["rows.jsonl", "small.txt"]
    assert got.attrs["errors"][0]["source"] == "big.txt" and "unpacks to 2,811 bytes" in got.attrs["errors"][0]["detail"]


def test_load_damaged_or_locked_zip_members_are_error_rows(tmp_path):
    """A file of a zip archive whose stored bytes are damaged (a wrong checksum, a corrupt compressed
    stream) or that is locked with a password is an error row naming the file and what to do; the
    archive's other files are read.  (zipfile's and zlib's own exceptions escaped nl.load.)"""
    import zipfile

    stories = {name: f"{name} story\n\nThe ferry ran again on Monday, the port said." for name in ("alpha", "beta", "gamma")}
    archive = _zip(tmp_path / "corpus.zip", {f"{k}.txt": v for k, v in stories.items()})
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        beta, gamma = z.getinfo("beta.txt"), z.getinfo("gamma.txt")
    start = beta.header_offset + 30 + len(beta.filename)  # beta's compressed bytes
    data[start + 5] ^= 0xFF
    data[gamma.header_offset + 6] |= 1  # gamma's flags: encrypted (local header and central directory)
    central = data.rindex(b"PK\x01\x02")  # gamma's entry in the central directory comes last
    data[central + 8] |= 1
    archive.write_bytes(bytes(data))
    got = quiet_load(archive)
    assert got["file"].tolist() == ["alpha.txt"]
    errors = {e["source"]: e["detail"] for e in got.attrs["errors"]}
    assert set(errors) == {"beta.txt", "gamma.txt"}
    assert "zip archive is damaged here" in errors["beta.txt"] and "Download it again" in errors["beta.txt"]
    assert "locked with a password" in errors["gamma.txt"] and "with its password" in errors["gamma.txt"]


def test_load_damaged_pages_are_read_not_raised(tmp_path):
    """A web page holding control characters (a damaged download) and a saved page whose address
    header holds raw 8-bit bytes are read: the story, not lxml's ValueError or an email Header
    object where the address should be text."""
    (tmp_path / "page.html").write_text("<html><head><title>Ferry back</title></head><body><p>The ferry ran again.</p>"
                                        "<script>track()</script>\x01 \x02<p>Fares rise in July.</p></body></html>", "utf-8")
    got = quiet_load(tmp_path / "page.html")
    assert got["text"].tolist() == ["The ferry ran again.\n\nFares rise in July."]
    (tmp_path / "page.mhtml").write_bytes(
        b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example/f\xe9rry\r\nSubject: Ferry back\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"B\"\r\n\r\n--B\r\n"
        b"Content-Type: text/html\r\n\r\n<html><head><title>Ferry back</title></head><body><p>The ferry ran again on "
        b"Monday.</p></body></html>\r\n--B--\r\n")
    got = quiet_load(tmp_path / "page.mhtml")
    assert got["text"].tolist() == ["The ferry ran again on Monday."]
    assert isinstance(got["url"][0], str) and got["url"][0].startswith("https://news.example/f")


def test_load_damaged_markup_and_web_archives_are_read_or_refused_cleanly(tmp_path):
    """Markup that makes lxml's HTML reader fail an internal check (a stray ``<Rhead>`` before the body)
    is read as text; a Safari web archive whose encoding name is not text is read as UTF-8, and one
    whose XML is not well-formed is an error naming the file (lxml's AssertionError, a TypeError and
    expat's error escaped nl.load)."""
    import plistlib

    page = "<html><head><title>Ferry</title><Rhead><body><p>The ferry ran again on Monday.</p></body></html>"
    (tmp_path / "rows.jsonl").write_text(json.dumps({"title": "Ferry back", "text": page}) + "\n", "utf-8")
    got = quiet_load(tmp_path / "rows.jsonl")
    assert "The ferry ran again on Monday." in got["text"][0]
    resource = {"WebResourceData": b"<html><head><title>Ferry back</title></head><body><p>The ferry ran again.</p></body></html>",
                "WebResourceMIMEType": "text/html", "WebResourceTextEncodingName": plistlib.UID(3)}
    (tmp_path / "odd.webarchive").write_bytes(plistlib.dumps({"WebMainResource": resource}, fmt=plistlib.FMT_BINARY))
    assert quiet_load(tmp_path / "odd.webarchive")["text"].tolist() == ["The ferry ran again."]
    (tmp_path / "bad.webarchive").write_bytes(b'<?xml version="1.0"?><plist version="1.0"><dict><key>A</key>'
                                              b'<string>\x01</string></dict></plist>')
    with pytest.raises(SourceError, match="not a Safari web archive") as e:
        nl.load(tmp_path / "bad.webarchive")
    assert "bad.webarchive" in str(e.value)


def test_load_damaged_parquet_is_an_error_naming_the_file(tmp_path):
    """A Parquet file whose text is not UTF-8 or whose pandas metadata is damaged is an error naming
    the file (pyarrow's ArrowException escaped from a later step, a KeyError from pandas' metadata);
    a timestamp beyond what Python's datetime can write is an unparsed date, not a
    NotImplementedError."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    offsets = pa.array([0, 5, 9], pa.int32()).buffers()[1]
    texts = pa.Array.from_buffers(pa.string(), 2, [None, offsets, pa.py_buffer(b"Ferry\xff\xfeab")])  # not UTF-8
    pq.write_table(pa.table({"title": ["Ferry", "Pier"], "text": texts}), tmp_path / "bytes.parquet")
    damaged = json.dumps({"columns": [{"name": "text"}], "index_columns": []})  # pandas metadata without its fields
    pq.write_table(pa.table({"title": ["Ferry"], "text": ["The ferry ran again on Monday."]})
                   .replace_schema_metadata({"pandas": damaged}), tmp_path / "meta.parquet")
    for name in ("bytes.parquet", "meta.parquet"):
        with pytest.raises(SourceError, match="Parquet data is corrupt") as e:
            nl.load(tmp_path / name)
        assert name in str(e.value) and "Re-export" in str(e.value)
    pq.write_table(pa.table({"title": ["Ferry"], "text": ["The ferry ran again on Monday."],
                             "published": pa.array([10 ** 14], pa.timestamp("s", tz="UTC"))}), tmp_path / "far.parquet")
    got = quiet_load(tmp_path / "far.parquet")
    assert got["title"].tolist() == ["Ferry"] and got["published"].isna().all() and got.attrs["unparsed_dates"] == 1


def test_load_gzip_compressed_files(tmp_path):
    """A file ending in .gz is read through gzip as the type before it (a corpus.jsonl.gz, a
    rows.csv.gz, a story.txt.gz): the same articles as the file unpacked, in a folder, a zip archive
    or by a pattern too; a broken or cut-off one is an error naming it, and the rest is read."""
    import gzip

    texts = {"corpus.jsonl": "".join(json.dumps({"title": f"Story {i}", "text": f"The text of story {i}.", "outlet": "Wire"})
                                     + "\n" for i in range(3)),
             "rows.csv": "title,text\nHarbour vote,The council voted on Tuesday.\n",
             "story.txt": "Library opens late\n\nThe library stays open until ten."}
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir()
    packed.mkdir()
    for name, text in texts.items():
        (plain / name).write_text(text, "utf-8")
        (packed / f"{name}.gz").write_bytes(gzip.compress(text.encode("utf-8")))
    want = nl.load(plain).drop(columns="file")
    got = nl.load(packed)
    assert got["file"].tolist() == ["corpus.jsonl.gz"] * 3 + ["rows.csv.gz", "story.txt.gz"]
    assert got.drop(columns="file").equals(want)
    assert nl.load(packed / "corpus.jsonl.gz")["title"].tolist() == ["Story 0", "Story 1", "Story 2"]
    assert len(nl.load(str(packed / "*.gz"))) == 5
    archive = _zip(tmp_path / "corpus.zip", {f"{n}.gz": (packed / f"{n}.gz").read_bytes() for n in texts})
    assert nl.load(archive).drop(columns="file").equals(want)
    from newslens.load import load_partition, partitions

    assert sum(len(load_partition(p)) for p in partitions(packed / "corpus.jsonl.gz", chunksize=1)) == 3
    whole = (packed / "story.txt.gz").read_bytes()
    (packed / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (packed / "plain.jsonl.gz").write_text('{"title": "x", "text": "y"}', "utf-8")
    got = quiet_load(packed)
    assert len(got) == 5 and sorted(e["source"] for e in got.attrs["errors"]) == ["cut.txt.gz", "plain.jsonl.gz"]
    assert all("not a readable gzip file" in e["detail"] for e in got.attrs["errors"])


def test_load_gzip_file_that_unpacks_too_far_is_refused(tmp_path, monkeypatch):
    """A gzip-compressed file read whole is refused when it unpacks beyond the cap (counted a
    megabyte at a time, never held); a JSONL file, read as a stream, is not."""
    import gzip

    sources = importlib.import_module("newslens.load.sources")
    (tmp_path / "big.txt.gz").write_bytes(gzip.compress(("Big story\n\n" + "Words. " * 400).encode()))
    (tmp_path / "rows.jsonl.gz").write_bytes(gzip.compress(('{"title": "Row", "text": "' + "Words. " * 400 + '"}\n').encode()))
    monkeypatch.setattr(sources, "MAX_UNPACKED", 1_000)
    got = quiet_load(tmp_path)
    assert got["file"].tolist() == ["rows.jsonl.gz"]
    error = got.attrs["errors"][0]
    assert error["source"] == "big.txt.gz" and "unpacks to more than 1,000 bytes" in error["detail"]

def test_load_gzip_file_of_no_readable_type_says_what_to_name_it(tmp_path):
    """A gzip file whose name says nothing of what it holds (``export.gz``), or holds a type that is
    not read (``minutes.pages.gz``), is named with its whole ending, and the fix says how to name it."""
    import gzip

    (tmp_path / "export.gz").write_bytes(gzip.compress(b"Ferry returns\n\nThe ferry ran again."))
    (tmp_path / "minutes.pages.gz").write_bytes(gzip.compress(b"PK\x03\x04 a Pages document"))
    (tmp_path / "ok.txt").write_text("Ferry returns\n\nThe ferry ran again.", "utf-8")
    got = nl.load(tmp_path)
    assert got["file"].tolist() == ["ok.txt"]
    assert any("ignored 2 file(s) of unsupported types (.gz, .pages.gz)" in n for n in got.attrs["notes"])
    with pytest.raises(SourceError, match=r"ending in '\.gz' .*Name it after the type it holds, e\.g\. corpus\.jsonl\.gz"):
        nl.load(tmp_path / "export.gz")
    with pytest.raises(SourceError, match=r"ending in '\.pages\.gz' .*Export it from Pages"):
        nl.load(tmp_path / "minutes.pages.gz")


def test_load_excel_workbook_first_sheet(tmp_path):
    """A spreadsheet of coded articles: the first sheet, a row per article, the usual column
    names mapped, dates and numeric ids read; a second sheet is named in the notes."""
    coded = pd.DataFrame({"id": [7, 8, 9], "headline": ["Ferry fares rise", "Library opens late", "Empty row"],
                          "body": ["Fares rise by a fifth in July.", "The library stays open until ten.", None],
                          "source": ["Calder Evening News", "Westbay Courier", "Westbay Courier"],
                          "date": pd.to_datetime(["2024-06-01", "2024-06-02", "2024-06-03"]), "coder": ["AB", "CD", "AB"]})
    with pd.ExcelWriter(tmp_path / "coded.xlsx") as book:
        coded.to_excel(book, sheet_name="articles", index=False)
        pd.DataFrame({"codebook": ["tone: -1..1"]}).to_excel(book, sheet_name="codebook", index=False)
    got = quiet_load(tmp_path / "coded.xlsx")
    check_articles(got)
    assert got[["article_id", "title", "text", "outlet", "coder"]].values.tolist() == [
        ["7", "Ferry fares rise", "Fares rise by a fifth in July.", "Calder Evening News", "AB"],
        ["8", "Library opens late", "The library stays open until ten.", "Westbay Courier", "CD"]]
    assert got["published"].tolist() == [pd.Timestamp("2024-06-01", tz="UTC"), pd.Timestamp("2024-06-02", tz="UTC")]
    assert got.attrs["errors"][0]["line"] == 4 and got.attrs["errors"][0]["reason"] == "missing text"  # the sheet's row
    assert any("first of 2 sheets" in n and "'articles'" in n for n in got.attrs["notes"])


def test_load_workbook_that_unpacks_too_far_is_refused(tmp_path, monkeypatch):
    """A zipped workbook is refused, before it is read, when its parts unpack beyond the cap (a zip
    bomb), with the file named and what to do; under the cap it reads."""
    readers = importlib.import_module("newslens.load.readers")
    pd.DataFrame({"title": ["Ferry fares rise"], "text": ["Fares rise by a fifth in July."]}).to_excel(
        tmp_path / "sheet.xlsx", index=False)
    assert len(nl.load(tmp_path / "sheet.xlsx")) == 1
    monkeypatch.setattr(readers, "MAX_UNPACKED", 1_000)
    with pytest.raises(SourceError, match="unpacks to .* bytes") as e:
        nl.load(tmp_path / "sheet.xlsx")
    assert "sheet.xlsx" in str(e.value) and "CSV" in str(e.value)


def test_load_pdf_that_unpacks_too_far_is_refused(monkeypatch):
    """A PDF whose compressed streams unpack beyond the cap (a decompression bomb) is refused before
    PDFium reads it, its unpacking measured a megabyte at a time; under the cap it reads."""
    pdf = importlib.import_module("newslens.load.pdf")
    assert len(nl.load(DATA / "page.pdf")) == 1
    monkeypatch.setattr(pdf, "MAX_UNPACKED", 1_000)
    with pytest.raises(SourceError, match="unpack to more than 1,000 bytes") as e:
        nl.load(DATA / "page.pdf")
    assert "page.pdf" in str(e.value) and "as text" in str(e.value)

@pytest.mark.parametrize("kind", [".xls", ".ods"])
def test_load_older_excel_and_opendocument_sheets(tmp_path, kind):
    """An Excel 97-2003 workbook (``tests/data/coded.xls``, written with xlwt 1.3) and a LibreOffice
    sheet read like the .xlsx workbook: first sheet, column names mapped, dates and ids read."""
    if kind == ".xls":
        path = Path(__file__).parent / "data" / "coded.xls"
    else:
        coded = pd.DataFrame({"id": [7, 8, 9], "headline": ["Ferry fares rise", "Library opens late", "Empty row"],
                              "body": ["Fares rise by a fifth in July.", "The library stays open until ten.", None],
                              "source": ["Calder Evening News", "Westbay Courier", "Westbay Courier"],
                              "date": pd.to_datetime(["2024-06-01", "2024-06-02", "2024-06-03"]), "coder": ["AB", "CD", "AB"]})
        path = tmp_path / "coded.ods"
        with pd.ExcelWriter(path, engine="odf") as book:
            coded.to_excel(book, sheet_name="articles", index=False)
            pd.DataFrame({"codebook": ["tone: -1..1"]}).to_excel(book, sheet_name="codebook", index=False)
    got = quiet_load(path)
    check_articles(got)
    assert got[["article_id", "title", "text", "outlet", "coder"]].values.tolist() == [
        ["7", "Ferry fares rise", "Fares rise by a fifth in July.", "Calder Evening News", "AB"],
        ["8", "Library opens late", "The library stays open until ten.", "Westbay Courier", "CD"]]
    assert got["published"].tolist() == [pd.Timestamp("2024-06-01", tz="UTC"), pd.Timestamp("2024-06-02", tz="UTC")]
    assert got.attrs["errors"][0]["line"] == 4 and got.attrs["errors"][0]["reason"] == "missing text"
    assert any("first of 2 sheets" in n and "'articles'" in n for n in got.attrs["notes"])


def test_load_damaged_excel_97_workbooks_are_errors_not_crashes(tmp_path):
    """A damaged ``.xls`` can make the workbook reader (calamine, in Rust) panic or ask for terabytes
    of memory, which ends the Python process: a sheet whose dimensions cannot be true (a first row
    beyond its last) is refused before it is read, and a workbook cut short is an error naming the
    file, with the rest of a folder read."""
    from newslens.load.word97 import xls_damage

    data = bytearray((DATA / "coded.xls").read_bytes())
    assert xls_damage(bytes(data)) is None
    at = data.index(b"\x00\x02\x0e\x00")  # the first sheet's DIMENSIONS record: first row, last row, ...
    data[at + 4:at + 8] = (7_929_856).to_bytes(4, "little")
    (tmp_path / "rows.xls").write_bytes(data)
    (tmp_path / "cut.xls").write_bytes((DATA / "coded.xls").read_bytes()[:4096])
    for name, why in (("rows.xls", "dimensions are damaged (rows 7,929,856"), ("cut.xls", "not a readable spreadsheet")):
        with pytest.raises(SourceError, match=re.escape(why)) as e:
            nl.load(tmp_path / name)
        assert name in str(e.value) and "Re-save it" in str(e.value)
    (tmp_path / "story.txt").write_text("Ferry back\n\nThe ferry ran again on Monday.", "utf-8")
    got = quiet_load(tmp_path)
    assert got["file"].tolist() == ["story.txt"] and len(got.attrs["errors"]) == 2


def test_load_list_of_strings_and_dataframe():
    arts = nl.load(["Storm hits coast\n\nThe storm hit the coast.", "Just one sentence here."])
    assert arts["title"].tolist()[0] == "Storm hits coast"
    assert arts["text"].tolist() == ["The storm hit the coast.", "Just one sentence here."]
    assert arts["title"].isna().tolist() == [False, True]
    df = pd.DataFrame({"text": ["A text.", "B text."], "source": ["X", "Y"], "extra": [1, 2]})
    out = nl.load(df)
    check_articles(out)
    assert out["outlet"].tolist() == ["X", "Y"] and out["extra"].tolist() == [1, 2]
    assert df.columns.tolist() == ["text", "source", "extra"]  # input not mutated


def test_load_pages_saved_complete_leave_their_files_folder_out(tmp_path):
    """A page saved by a browser as "Web Page, complete" comes with a folder of its files beside it
    (``Story_files``, ``Story-Dateien`` …): its frames and ads are pages too, but not articles, so
    the folder is left out and noted, in a folder or a zip archive; a folder of that name with no
    page beside it is read."""
    page = ("<html><head><title>{t}</title></head><body><article><h1>{t}</h1><p>The harbour ferry ran again on "
            "Monday after six weeks in dry dock, the port authority said.</p></article></body></html>")
    files = {"Ferry back.html": page.format(t="Ferry back"),
             "Ferry back_files/ad_frame.html": "<html><body><div>Buy a boat today at the best prices.</div></body></html>",
             "Ferry back_files/style.css": "body {}",
             "Fähre-Dateien/widget.htm": "<html><body><p>Share this story with friends and family.</p></body></html>",
             "Fähre.htm": page.format(t="Fähre fährt wieder"),
             "drafts_files/draft.html": page.format(t="A draft kept in a folder"),
             }
    for name, text in files.items():
        (tmp_path / "saved" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "saved" / name).write_text(text, "utf-8")
    got = nl.load(tmp_path / "saved")
    assert got["file"].tolist() == ["Ferry back.html", "Fähre.htm", "drafts_files/draft.html"]
    note = next(n for n in got.attrs["notes"] if "a browser saved" in n)
    assert "left out the 3 file(s)" in note and "Ferry back_files, Fähre-Dateien" in note
    assert not any("unsupported" in n for n in got.attrs["notes"])  # the style sheet is one of the page's files
    archive = _zip(tmp_path / "saved.zip", {name: text.encode("utf-8") for name, text in files.items()})
    assert nl.load(archive)["file"].tolist() == ["Ferry back.html", "Fähre.htm", "drafts_files/draft.html"]


def test_load_pages_saved_as_one_file(tmp_path):
    """A page saved as one file — Chromium's MHTML (``tests/data/page.mhtml``: the story with a photo
    and an advertising frame, "Save as… Webpage, Single File"; ``python tests/pdfs.py``) or Safari's
    web archive — is read as its page is: the story, not the frame's advertisement; its address
    from where it was saved; one article a file, described by metadata.csv; a broken one is an
    error naming it."""
    import plistlib

    from pdfs import LIBRARY

    got = nl.load(DATA / "page.mhtml")
    check_articles(got)
    assert got[["title", "text"]].values.tolist() == [["Library to open late", "\n\n".join(LIBRARY)]]
    assert "Advertisement" not in got.loc[0, "text"]
    assert got.loc[0, "url"].startswith("http://127.0.0.1:") and got.loc[0, "url"].endswith("/library-to-open-late-photo.html")
    page = ("<html><head><meta charset='windows-1252'><title>Ferry back</title></head><body><article><h1>Ferry back</h1>"
            "<p>The harbour ferry ran again on Monday after six weeks in dry dock, the port authority said.</p>"
            "<p>\u201cWe are glad to have her back,\u201d said its director.</p></article></body></html>")
    archive = {"WebMainResource": {"WebResourceData": page.encode("cp1252"), "WebResourceMIMEType": "text/html",
                                   "WebResourceTextEncodingName": "windows-1252", "WebResourceFrameName": "",
                                   "WebResourceURL": "https://harbour.example/ferry-back"},
               "WebSubframeArchives": [{"WebMainResource": {"WebResourceData": b"<html><body>Advertisement</body></html>",
                                                            "WebResourceMIMEType": "text/html",
                                                            "WebResourceURL": "https://ads.example/frame"}}]}
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "ferry.webarchive").write_bytes(plistlib.dumps(archive, fmt=plistlib.FMT_BINARY))
    (tmp_path / "desk" / "library.mhtml").write_bytes((DATA / "page.mhtml").read_bytes())
    (tmp_path / "desk" / "metadata.csv").write_text("file,outlet\nferry.webarchive,Harbour Times\nlibrary.mhtml,Westbay Courier\n",
                                                    "utf-8")
    desk = nl.load(tmp_path / "desk")
    assert desk[["file", "title", "outlet"]].values.tolist() == [["ferry.webarchive", "Ferry back", "Harbour Times"],
                                                                 ["library.mhtml", "Library to open late", "Westbay Courier"]]
    assert desk.loc[0, "url"] == "https://harbour.example/ferry-back" and "\u201cWe are glad" in desk.loc[0, "text"]
    (tmp_path / "desk" / "cut.webarchive").write_bytes(plistlib.dumps(archive, fmt=plistlib.FMT_BINARY)[:200])
    (tmp_path / "desk" / "notes.mht").write_text("just some notes, not a saved page", "utf-8")
    got = quiet_load(tmp_path / "desk")
    assert len(got) == 2 and sorted(e["source"] for e in got.attrs["errors"]) == ["cut.webarchive", "notes.mht"]
    assert all("save it again" in e["detail"] for e in got.attrs["errors"])


def _email(subject: str, sender: str, date: str, html: str | None, plain: str | None, attachment: bytes | None = None) -> bytes:
    from email.message import EmailMessage

    m = EmailMessage()
    m["Subject"], m["From"], m["To"], m["Date"] = subject, sender, "reader@example.org", date
    if plain is not None:
        m.set_content(plain)
    if html is not None:
        m.add_alternative(html, subtype="html") if plain is not None else m.set_content(html, subtype="html")
    if attachment is not None:
        m.add_attachment(attachment, maintype="text", subtype="html", filename="old-issue.html")
    return bytes(m)


def test_load_newsletters_saved_as_email_and_mailboxes(tmp_path):
    """A newsletter saved as ``.eml``: its subject the title (encoded words decoded), its date the
    publication date, its sender's name the outlet, its HTML part's text (not an attached file's);
    a message with only plain text keeps it.  A mailbox (``.mbox``, also gzipped) is one article per
    message, read as it streams, with the body lines the format escapes (``>From``) restored; a file
    that is neither is an error naming it."""
    brief = _email("Ferry fares to rise", "The Harbour Brief <brief@harbour.example>", "Fri, 31 May 2024 07:00:00 +0100",
                   "<html><body><h1>Ferry fares to rise</h1><p>Ferry fares across the harbour will rise by a fifth in "
                   "July, the harbour board said on Friday.</p><p>Commuters said they would drive around the bay instead, "
                   "a trip of forty minutes.</p></body></html>", "Ferry fares will rise (plain version).",
                   attachment=b"<html><body><p>An old issue about something else entirely.</p></body></html>")
    cafe = _email("=?utf-8?q?Caf=C3=A9_reopens?=", "Westbay Daily <daily@westbay.example>", "Sat, 1 Jun 2024 06:30:00 +0000",
                  None, "The harbour caf\u00e9 reopened on Saturday after a fire in March, its owner said.\n\n"
                        "From now on it opens at seven.\n")
    (tmp_path / "brief.eml").write_bytes(brief)
    got = nl.load(tmp_path / "brief.eml")
    check_articles(got)
    assert got[["title", "outlet", "text"]].values.tolist() == [[
        "Ferry fares to rise", "The Harbour Brief", "Ferry fares across the harbour will rise by a fifth in July, the harbour "
        "board said on Friday.\n\nCommuters said they would drive around the bay instead, a trip of forty minutes."]]
    assert got.loc[0, "published"] == pd.Timestamp("2024-05-31 06:00", tz="UTC")
    mbox = b"".join(b"From MAILER-DAEMON Sat Jun  1 06:30:00 2024\n" + m.replace(b"\nFrom now", b"\n>From now") + b"\n"
                    for m in (brief, cafe))
    (tmp_path / "inbox.mbox").write_bytes(mbox)
    (tmp_path / "packed").mkdir()
    (tmp_path / "packed" / "inbox.mbox.gz").write_bytes(gzip.compress(mbox))
    chunks = list(iter_load(tmp_path / "inbox.mbox", chunksize=1))
    assert [len(c) for c in chunks] == [1, 1]
    for box in (pd.concat(chunks, ignore_index=True), nl.load(tmp_path / "packed")):
        assert box[["title", "outlet"]].values.tolist() == [["Ferry fares to rise", "The Harbour Brief"],
                                                           ["Café reopens", "Westbay Daily"]]
        assert box.loc[1, "text"] == ("The harbour café reopened on Saturday after a fire in March, its owner said.\n\n"
                                      "From now on it opens at seven.")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "notes.mbox").write_text("just some notes\nFrom the desk: nothing\n", "utf-8")
    (tmp_path / "bad" / "empty.eml").write_bytes(b"\n\n")
    (tmp_path / "bad" / "ok.eml").write_bytes(cafe)
    got = quiet_load(tmp_path / "bad")
    assert got["file"].tolist() == ["ok.eml"]
    assert sorted(e["source"] for e in got.attrs["errors"]) == ["empty.eml", "notes.mbox"]


def test_load_partitions_cut_a_mailbox_at_its_messages(tmp_path):
    """A mailbox is cut for Dask into runs of ``chunksize`` messages, at their ``From`` lines (a
    body line that starts with "From" is escaped in the format, so it never starts a message):
    together the partitions give the articles of the mailbox read whole."""
    msgs = [_email(f"Pier update {k}", "The Harbour Brief <brief@harbour.example>", f"Fri, {k + 1} May 2024 07:00:00 +0100", None,
                   f"The pier works reached stage {k} on Friday, the harbour board said.\n\nFrom now on the path is closed.\n")
            for k in range(7)]
    mbox = b"".join(b"From MAILER-DAEMON Sat Jun  1 06:30:00 2024\n" + m.replace(b"\nFrom now", b"\n>From now") + b"\n" for m in msgs)
    (tmp_path / "inbox.mbox").write_bytes(mbox)
    whole = nl.load(tmp_path / "inbox.mbox")
    parts, got, _, errors = _partitioned(tmp_path / "inbox.mbox", 3)
    assert [len(p) for p in (load_partition(x) for x in parts)] == [3, 3, 1] and not errors
    pd.testing.assert_frame_equal(got, whole)
    assert got["title"].tolist() == [f"Pier update {k}" for k in range(7)]
    assert got["text"].str.contains("\n\nFrom now on the path is closed.", regex=False).all()


def test_load_folder_recursive_sorted_and_glob(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second title\n\nSecond body.", "utf-8")
    (tmp_path / "1.txt").write_text("First title\n\nFirst body.", "utf-8")
    (tmp_path / "notes.md").write_text("# not an article", "utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nNo.", "utf-8")
    arts = nl.load(tmp_path)
    assert arts["file"].tolist() == ["1.txt", "b/2.txt"]
    assert arts["title"].tolist() == ["First title", "Second title"]
    assert any("unsupported" in n for n in arts.attrs["notes"])
    globbed = nl.load(str(tmp_path / "**" / "*.txt"))
    assert len(globbed) == 2


@pytest.mark.parametrize("name, how", [("story.pages", "Export it from Pages (File > Export To > Word"),
                                       ("corpus.7z", "Unpack it and load the folder; .zip and .tar archives"),
                                       ("corpus.rar", "Unpack it and load the folder"),
                                       ("data.bin", "Convert it")])
def test_load_an_unsupported_file_says_how_to_convert_that_kind(tmp_path, name, how):
    (tmp_path / name).write_bytes(b"PK\x03\x04")
    with pytest.raises(SourceError, match="not supported") as e:
        nl.load(tmp_path / name)
    assert how in str(e.value)


def test_load_metadata_csv_fills_folder_articles(tmp_path):
    (tmp_path / "a.txt").write_text("Title A\n\nBody A.", "utf-8")
    (tmp_path / "b.txt").write_text("Title B\n\nBody B.", "utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,outlet,published,author,url,desk\na.txt,Daily,2024-01-02,Ann Lee,http://d/a,metro\nb.txt,Weekly,2024-01-03 09:00-05:00,,http://w/b,\n", "utf-8"
    )
    arts = nl.load(tmp_path)
    assert len(arts) == 2  # metadata.csv is not an article
    assert arts["outlet"].tolist() == ["Daily", "Weekly"]
    assert str(arts["published"][1]) == "2024-01-03 14:00:00+00:00"
    assert arts["author"].tolist()[0] == "Ann Lee" and arts["author"].isna().tolist()[1]
    assert arts["desk"].tolist()[0] == "metro"
    # loading one file of that folder uses the metadata too
    assert nl.load(tmp_path / "a.txt").loc[0, "outlet"] == "Daily"


# ------------------------------------------------------------------ export maps
def test_load_recognises_news_please_media_cloud_allsides_nela_basil():
    np_rec = {"maintext": "Body one.", "date_publish": "2024-06-19 10:00:00", "source_domain": "example.com",
              "authors": ["Ann Lee", "Bo Kim"], "title": "T1", "url": "http://e/1"}
    arts = nl.load([np_rec])
    assert arts.loc[0, ["text", "outlet", "author"]].tolist() == ["Body one.", "example.com", "Ann Lee, Bo Kim"]
    assert str(arts.loc[0, "published"]) == "2024-06-19 10:00:00+00:00"

    mc = pd.DataFrame({"stories_id": [11, 12], "publish_date": ["2024-06-19 10:00:00", "2024-06-20"], "media_name": ["M", "N"],
                       "url": ["http://m/1", "http://n/2"], "title": ["A", "B"], "text": ["Story a.", "Story b."]})
    arts = nl.load(mc)
    assert arts["article_id"].tolist() == ["11", "12"] and arts["outlet"].tolist() == ["M", "N"]

    al = {"ID": "x9", "content_original": "Original text.", "content": "tokenised text", "source": "Reason", "date": "2017-03-15",
          "authors": "John Doe, Jane Roe", "bias_text": "right", "title": "T", "url": "http://r/1"}
    arts = nl.load([al])
    assert arts.loc[0, ["article_id", "text", "outlet", "author"]].tolist() == ["x9", "Original text.", "Reason", "John Doe, Jane Roe"]
    assert arts.loc[0, "bias_text"] == "right" and arts.loc[0, "content"] == "tokenised text"
    assert arts.attrs["newslens"]["column_maps"].keys() == {"allsides"}
    al2 = {k: v for k, v in al.items() if k != "content_original"}
    assert nl.load([al2]).loc[0, "text"] == "tokenised text"

    nela = {"id": "n1", "content": "Nela text.", "source": "thenews", "date": "2019-01-01", "author": "A B", "title": "T", "url": "u"}
    arts = nl.load([nela])
    assert arts.loc[0, ["article_id", "text", "outlet", "author"]].tolist() == ["n1", "Nela text.", "thenews", "A B"]

    basil = {"uuid": "u1", "body-paragraphs": "[['First sentence.', 'Second one.'], ['Next paragraph.']]", "source": "fox",
             "date": "2010-07-02", "title": "T", "url": "u"}
    arts = nl.load([basil])
    assert arts.loc[0, "text"] == "First sentence. Second one.\n\nNext paragraph."
    assert arts.loc[0, "outlet"] == "Fox News"


def test_load_media_cloud_without_text_reports_each_row(tmp_path):
    p = tmp_path / "mc.csv"
    pd.DataFrame({"stories_id": [1, 2, 3], "publish_date": ["2024-01-01"] * 3, "media_name": ["M"] * 3,
                  "url": ["u1", "u2", "u3"], "title": ["a", "b", "c"]}).to_csv(p, index=False)
    with pytest.warns(NewsLensWarning, match="text_col"):
        arts = nl.load(p)
    assert len(arts) == 0 and len(arts.attrs["errors"]) == 3
    assert {e["reason"] for e in arts.attrs["errors"]} == {"no text column"}
    assert arts.attrs["errors"][0]["row"] == 0
    # naming the column fixes it
    pd.DataFrame({"stories_id": [1], "story": ["x"], "summary": ["The text."]}).to_csv(p, index=False)
    assert nl.load(p, text_col="summary").loc[0, "text"] == "The text."


def test_load_overrides_win_and_unknown_keyword_lists_valid_ones():
    df = pd.DataFrame({"text": ["teaser"], "full": ["The full text."], "hed": ["Head"], "when": ["2024-02-03"],
                       "paper": ["P"], "key": ["k1"], "link": ["L"], "by": ["Z"]})
    arts = nl.load(df, text_col="full", title_col="hed", date_col="when", outlet_col="paper", id_col="key", url_col="link", author_col="by")
    assert arts.loc[0, ["article_id", "title", "text", "outlet", "url", "author"]].tolist() == ["k1", "Head", "The full text.", "P", "L", "Z"]
    assert str(arts.loc[0, "published"]).startswith("2024-02-03")
    assert arts.loc[0, "text_original"] == "teaser"  # the unused `text` column is kept under another name
    with pytest.raises(OptionError, match="text_col") as e:
        nl.load(df, txt_col="full")
    assert "txt_col" in str(e.value)
    with pytest.raises(ColumnError, match="nope"):
        nl.load(df, text_col="nope")
    with pytest.raises(OptionError, match="basil"):
        nl.load(df, export="bassil")


@pytest.mark.shared
def test_load_allsides_test_articles(shared_data):
    path = shared_data("allsides_baly2020", "test_articles.jsonl")
    arts = quiet_load(path)
    check_articles(arts)
    assert len(arts) == 1300 and arts.attrs["errors"] == []
    assert arts["outlet"].nunique() == 29 and arts["outlet"].notna().all()
    first = json.loads(path.read_text("utf-8").splitlines()[0])
    row = arts.iloc[0]
    assert row["article_id"] == first["ID"] and row["outlet"] == first["source"]
    assert row["published"] == pd.Timestamp(first["date"], tz="UTC")
    dated = [json.loads(x)["date"] for x in path.read_text("utf-8").splitlines()]
    assert arts["published"].notna().sum() == sum(bool(d.strip()) for d in dated) - arts.attrs["unparsed_dates"]
    assert arts["published"].dropna().dt.year.between(2000, 2030).all()
    assert set(arts["bias_text"]) == {"left", "center", "right"}


@pytest.mark.shared
def test_load_basil_articles(shared_data):
    root = shared_data("basil", "articles")
    arts = quiet_load(root)
    check_articles(arts)
    assert len(arts) == 300
    assert arts["outlet"].value_counts().to_dict() == {"New York Times": 100, "Fox News": 100, "HuffPost": 100}
    first = json.loads((root / arts.loc[0, "file"]).read_text("utf-8"))
    paras = [" ".join(p) for p in first["body-paragraphs"] if p]
    assert arts.loc[0, "text"].split("\n\n") == [clean_text(p) for p in paras]
    assert arts["published"].notna().all()


# ------------------------------------------------------------------ txt and html
def test_load_seed_txt(seed_path):
    arts = nl.load(seed_path)
    assert arts.loc[0, "title"] == "Putin praises North Korea’s support for Ukrainian war during talks with Kim"
    assert arts.loc[0, "text"].startswith("LONDON —")
    assert "\n\n\n" not in arts.loc[0, "text"]


def test_load_txt_drops_repeated_title_with_other_apostrophe(tmp_path):
    (tmp_path / "a.txt").write_text("\n\nKim’s visit ends\n\nKim's visit ends\n\nThe visit ended.\n\nMore text.", "utf-8")
    arts = nl.load(tmp_path / "a.txt")
    assert arts.loc[0, "title"] == "Kim’s visit ends"
    assert arts.loc[0, "text"] == "The visit ended.\n\nMore text."


HTML = """<!doctype html><html><head><title>Bridge closes | City Daily</title>
<meta name="author" content="Ann Lee"><meta property="article:published_time" content="2024-06-19T10:30:00+02:00">
<style>p { color: red } .secret-style {}</style><script>var secretScript = 1;</script></head>
<body><article><h1>Bridge closes</h1>
<p>The old bridge closed on Monday &amp; traffic moved to the ring road, officials said after a long inspection.</p>
<p>A post that read &lt;script&gt;alert(1)&lt;/script&gt; was shared by residents who wanted the bridge repaired.</p>
<script>document.write("injected")</script>
<p>Engineers expect the repairs to take at least six months, according to the city transport office.</p>
</article></body></html>"""


def test_load_html_script_and_entities(tmp_path):
    (tmp_path / "a.html").write_text(HTML, "utf-8")
    arts = nl.load(tmp_path / "a.html")
    text = arts.loc[0, "text"]
    assert "<script>alert(1)</script>" in text  # decoded once: literal characters
    assert "&lt;" not in text and "&amp;" not in text and "Monday & traffic" in text
    for leak in ("secretScript", "injected", "color: red", "secret-style"):
        assert leak not in text
    assert arts.loc[0, "title"] == "Bridge closes"
    assert arts.loc[0, "author"] == "Ann Lee"
    assert arts.loc[0, "published"] == pd.Timestamp("2024-06-19T08:30:00Z")
    assert text.count("\n\n") == 2 and text.startswith("The old bridge")


def test_load_html_short_page_falls_back(tmp_path):
    (tmp_path / "s.htm").write_text(
        "<html><head><title>Tiny</title><script>evil()</script></head><body><h1>Tiny</h1><p>Short &lt;b&gt; note.</p></body></html>", "utf-8")
    arts = nl.load(tmp_path / "s.htm")
    assert arts.loc[0, "text"] == "Short <b> note."
    assert "evil" not in arts.loc[0, "text"]


def test_load_html_short_page_keeps_its_paragraphs(tmp_path):
    # a page too short for trafilatura's main-text extraction: its paragraphs stay paragraphs, and a
    # photo caption or an advert between them becomes a paragraph of its own, not part of the text
    (tmp_path / "short.html").write_text(
        "<html><head><title>Ferry service resumes</title></head><body><h1>Ferry service resumes</h1>"
        "<article><p>The harbour ferry ran again on Monday after a two-week strike, the operator said.</p>"
        "<figure><figcaption>The first ferry leaves the pier. (Photo: Lee Park/Harbour Post)</figcaption></figure>"
        "<p>\u201cWe are glad to be back,\u201d said Tom Reyes, a deckhand.</p><div>Advertisement</div>"
        "<p>Fares will not change this year.</p></article></body></html>", "utf-8")
    arts = nl.load(tmp_path / "short.html")
    paras = nl.paragraphs(arts)
    body = paras[paras["kind"] == "body"]["text"].tolist()
    assert body == ["The harbour ferry ran again on Monday after a two-week strike, the operator said.",
                    "\u201cWe are glad to be back,\u201d said Tom Reyes, a deckhand.", "Fares will not change this year."]
    assert paras["kind"].tolist() == ["body", "caption", "body", "boilerplate", "body"]


def test_load_text_fields_holding_html_markup_are_read_as_html(tmp_path):
    recs = [{"title": "Pier", "text": "<p>The pier reopened on Monday, the harbour office said.</p>"
                                      "<p>&ldquo;It is safe,&rdquo; said Lee Park. <a href='/x'>More</a><script>track()</script></p>"},
            {"title": "Fares", "text": "Fares rose by 5% while costs < revenue.\n\nThe board met."},
            {"title": "Ferry", "text": "The ferry ran late.<br><br>Two sailings were cancelled.<br/>Buses replaced them."}]
    want = ["The pier reopened on Monday, the harbour office said.\n\n\u201cIt is safe,\u201d said Lee Park. More",
            "Fares rose by 5% while costs < revenue.\n\nThe board met.",
            "The ferry ran late.\n\nTwo sailings were cancelled.\nBuses replaced them."]
    pd.DataFrame(recs).to_csv(tmp_path / "cms.csv", index=False)
    for source in (recs, pd.DataFrame(recs), tmp_path / "cms.csv"):
        arts = nl.load(source)
        assert arts["text"].tolist() == want
        assert any("2 text(s) held HTML markup" in n for n in arts.attrs["notes"])
    assert nl.paragraphs(nl.load(recs[:1]))["text"].str.contains("<").sum() == 0
    # a one-article file is read by its own reader: an .html page's decoded text is not parsed again
    (tmp_path / "a.html").write_text(HTML, "utf-8")
    page = nl.load(tmp_path / "a.html")
    assert "<script>alert(1)</script>" in page.loc[0, "text"] and page.attrs["notes"] == []


# ------------------------------------------------------------------ dates
def test_load_dates_many_formats_and_garbage():
    values = [
        "2024-06-19", "2024-06-19T10:00:00Z", "2024-06-19 12:00:00+02:00", "Wed, 19 Jun 2024 10:00:00 +0000",
        "June 19, 2024", "19 June 2024 10:00", "Jun 19 2024 6:00 AM EDT", "1718791200", "1718791200000", "20240619",
        "2024/06/19", "not a date", "", None,
    ]
    s, bad = parse_dates(values)
    assert str(s.dtype) == "datetime64[ns, UTC]"
    day = pd.Timestamp("2024-06-19", tz="UTC")
    assert all(x.normalize() == day for x in s[:11]), s[:11].tolist()
    assert s[1] == s[3] == pd.Timestamp("2024-06-19T10:00:00Z") == s[6] == s[2]
    assert s[7] == s[8] == pd.Timestamp(1718791200, unit="s", tz="UTC")
    assert s[11:].isna().all() and bad == 1
    recs = [{"text": f"Text {i}.", "date": v} for i, v in enumerate(values)]
    with pytest.warns(NewsLensWarning, match="could not be parsed"):
        arts = nl.load(recs)
    assert arts.attrs["unparsed_dates"] == 1 and len(arts) == len(values)


# ------------------------------------------------------------------ ids
def test_load_ids_stable_and_unique(tmp_path):
    recs = [{"title": "A", "text": "Same text.", "url": "http://a"}, {"title": "B", "text": "Other text."}]
    first, second = nl.load(recs), nl.load(list(reversed(recs)))
    assert set(first["article_id"]) == set(second["article_id"])
    assert first.loc[0, "article_id"] == stable_id("http://a", "A", "Same text.")
    assert len(first.loc[0, "article_id"]) == 16
    with pytest.warns(NewsLensWarning, match="unique"):
        dup = nl.load([{"id": "x", "text": "One."}, {"id": "x", "text": "Two."}, {"id": "x", "text": "Three."}])
    assert dup["article_id"].tolist() == ["x", "x-2", "x-3"]
    assert dup.attrs["duplicate_ids"] == {"x": ["x", "x-2", "x-3"]}
    same = quiet_load(["Same body text.", "Same body text."])
    assert same["article_id"].is_unique


# ------------------------------------------------------------------ repair and encodings
def test_load_text_repair():
    raw = "It\u00e2\u20ac\u2122s \u201cfine\u201d \u2014 he said.\r\n\r\n\r\n\r\nNext\x00 \t line   here.  \n\n"
    assert clean_text(raw) == "It’s “fine” — he said.\n\nNext line here."
    assert clean_text("Tom &amp; Jerry’s “show”") == "Tom &amp; Jerry’s “show”"  # no entity decoding, curly kept


def test_load_encodings(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfCaf\xc3\xa9 news\n\nThe caf\xc3\xa9 opened.")
    (tmp_path / "u16.txt").write_bytes("Café news\n\nThe café opened.".encode("utf-16"))
    (tmp_path / "cp.txt").write_bytes("Café news\n\nThe café opened – “today”.".encode("cp1252"))
    arts = quiet_load(tmp_path)
    assert arts["title"].tolist() == ["Café news"] * 3
    assert arts["text"].tolist()[1] == "The café opened – “today”."
    assert any("cp1252" in n for n in arts.attrs["notes"])


def test_load_bad_records_rows_in_equal_rows_out_plus_errors(tmp_path):
    lines = [
        json.dumps({"id": "1", "text": "Good one."}).encode(),
        b'{"id": "2", "text": "broken',  # malformed
        json.dumps({"id": "3", "text": ""}).encode(),  # empty
        json.dumps({"id": "4"}).encode(),  # missing
        json.dumps({"id": "5", "text": 42}).encode(),  # not a string
        b'{"id": "6", "text": "bad \xff byte"}',  # undecodable
        json.dumps([1, 2]).encode(),  # not an object
        "{\"id\": \"8\", \"text\": \"Caf\u00e9 good.\"}".encode("utf-8"),
        b"",
    ]
    p = tmp_path / "bad.jsonl"
    p.write_bytes(b"\n".join(lines))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        arts = nl.load(p)
    ours = [w for w in caught if issubclass(w.category, NewsLensWarning)]
    assert len(ours) == 1 and "skipped 6 of 8" in str(ours[0].message)
    assert arts["article_id"].tolist() == ["1", "8"]
    errs = arts.attrs["errors"]
    assert len(arts) + len(errs) == 8
    assert {e["line"]: e["reason"] for e in errs} == {
        2: "malformed JSON line", 3: "empty text", 4: "missing text", 5: "non-string text", 6: "undecodable bytes", 7: "not a JSON object"}
    assert all(e["source"] == str(p) for e in errs)

    c = tmp_path / "bad.csv"
    c.write_text('id,title,text\n1,a,Good.\n2,b,\n3,c,"x",extra\n4,d,Fine too.\n5,e,"   "\n', "utf-8")
    arts = quiet_load(c)
    assert arts["article_id"].tolist() == ["1", "4"]
    assert len(arts) + len(arts.attrs["errors"]) == 5
    assert sorted(e["reason"] for e in arts.attrs["errors"]) == ["empty text", "malformed row", "missing text"]

    recs = [{"text": "Ok."}, "not a dict", {"text": None}]
    arts = quiet_load(recs)
    assert len(arts) + len(arts.attrs["errors"]) == 3


def test_load_unreadable_sources_raise_helpful_errors(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        nl.load(tmp_path / "missing.csv")
    with pytest.raises(SourceError, match="matches no readable files"):
        nl.load(str(tmp_path / "*.jsonl"))
    (tmp_path / "a.numbers").write_bytes(b"PK\x03\x04")
    with pytest.raises(SourceError, match=r"'\.numbers'.*\.csv") as e:
        nl.load(tmp_path / "a.numbers")
    assert "a.numbers" in str(e.value)
    for name, data in (("a.xlsx", b"PK\x03\x04"), ("a.xls", b"\xd0\xcf\x11\xe0"), ("a.ods", b"PK\x03\x04")):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SourceError, match="not a readable spreadsheet") as e:
            nl.load(tmp_path / name)
        assert name in str(e.value) and "CSV" in str(e.value)
    (tmp_path / "bad.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(SourceError, match="bad.parquet"):
        nl.load(tmp_path / "bad.parquet")
    (tmp_path / "bad.json").write_text("{not json", "utf-8")
    with pytest.raises(SourceError, match="not valid JSON"):
        nl.load(tmp_path / "bad.json")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.md").write_text("x", "utf-8")
    with pytest.raises(SourceError, match="no files of a supported type"):
        nl.load(empty)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.parquet").write_bytes(b"junk")
    with pytest.raises(SourceError, match="None of the 1 file"):
        nl.load(broken)
    with pytest.raises(SourceError, match="list of dicts"):
        nl.load(42)
    assert issubclass(SourceError, NewsLensError)


def test_load_folder_with_one_corrupt_file_reports_it(tmp_path):
    (tmp_path / "a.txt").write_text("T\n\nBody.", "utf-8")
    (tmp_path / "b.json").write_text("{oops", "utf-8")
    with pytest.warns(NewsLensWarning, match="unreadable file"):
        arts = nl.load(tmp_path)
    assert len(arts) == 1 and arts.attrs["errors"][0]["source"] == "b.json"


# ------------------------------------------------------------------ iter_load, load_example, schema, speed
def test_load_iter_load_chunks(tmp_path):
    n = 2500
    pd.DataFrame({"id": [f"i{k}" for k in range(n)], "text": [f"Text {k}." if k % 500 else "" for k in range(n)]}).to_csv(tmp_path / "a.csv", index=False)
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps({"id": f"j{k}", "text": f"T {k}."}) for k in range(700)), "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NewsLensWarning)
        chunks = list(iter_load(tmp_path, chunksize=1000))
    assert all(len(c) <= 1000 for c in chunks)
    total = pd.concat(chunks)
    errors = sum(len(c.attrs["errors"]) for c in chunks)
    assert len(total) == 2500 + 700 - 5 and errors == 5
    assert total["article_id"].is_unique
    whole = quiet_load(tmp_path)
    assert whole["article_id"].tolist() == total["article_id"].tolist()
    with pytest.raises(OptionError, match="chunksize"):
        iter_load(tmp_path, chunksize=0)


def _write_corpus(root: Path):
    root.mkdir(parents=True)
    (root / "a.txt").write_text("Flood hits town\n\nThe river rose overnight.", "utf-8")
    (root / "b.html").write_text("<html><head><title>Flood</title></head><body><h1>Flood</h1><p>Water everywhere.</p></body></html>", "utf-8")
    (root / "c.jsonl").write_text(json.dumps({"title": "Flood aid", "text": "Aid arrived.", "outlet": "Wire"}) + "\n", "utf-8")
    (root / "metadata.csv").write_text("file,outlet,published,author,url\na.txt,Daily,2024-03-01,Ann,http://d/a\nb.html,Herald,2024-03-02,Bo,http://h/b\n", "utf-8")


def test_load_example_mechanics(tmp_path, monkeypatch):
    _write_corpus(tmp_path / "corpus")
    monkeypatch.setattr(load_mod, "_example_root", lambda: tmp_path / "corpus")
    arts = nl.load_example()
    check_articles(arts)
    assert arts["file"].tolist() == ["a.txt", "b.html", "c.jsonl"]
    assert arts["outlet"].tolist() == ["Daily", "Herald", "Wire"]
    assert arts.attrs["errors"] == []
    monkeypatch.setattr(load_mod, "_example_root", lambda: tmp_path / "nowhere")
    with pytest.raises(SourceError, match="Reinstall"):
        nl.load_example()


def test_load_example_bundled_corpus():
    arts = nl.load_example()
    check_articles(arts)
    assert len(arts) >= 24 and arts["outlet"].nunique() >= 4
    assert arts.attrs["errors"] == []


def test_load_validate_articles_errors():
    with pytest.raises(ColumnError, match="title"):
        validate_articles(pd.DataFrame({"article_id": ["a"], "text": ["x"]}))
    with pytest.raises(ColumnError, match="duplicated.*'a'.*-2"):
        validate_articles(pd.DataFrame({"article_id": ["a", "a"], "text": ["x", "y"]}), columns=["text"])
    with pytest.raises(ColumnError, match="datetime64"):
        validate_articles(nl.load(["x"]).assign(published="2024"), strict=True)


def test_load_100k_rows_csv_is_fast(tmp_path):
    n = 100_000
    p = tmp_path / "big.csv"
    pd.DataFrame({
        "id": range(n), "title": [f"Title {i}" for i in range(n)],
        "text": [f"Paragraph one of story {i}.\n\nIt’s paragraph two." for i in range(n)],
        "source": ["Daily", "Weekly"] * (n // 2), "date": ["2024-06-19T10:00:00Z"] * n,
    }).to_csv(p, index=False)
    t = time.perf_counter()
    arts = nl.load(p)
    took = time.perf_counter() - t
    assert len(arts) == n and arts["published"].notna().all()
    assert took < 15, took


def test_load_partitions_match_iter_load(tmp_path):
    from newslens.load import Partition, load_partition, partitions

    lines = [json.dumps({"id": f"j{k}", "title": f"Story {k}", "text": f"Body {k} text."}) for k in range(23)]
    lines[5] = "{not json"  # a bad line keeps its line number in the partition's errors
    lines.insert(9, "")  # blank lines are skipped, not counted
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "b.csv").write_text("id,text\nc1,First.\nc2,Second.\n", "utf-8")
    (tmp_path / "c.txt").write_text("Flood\n\nThe river rose.", "utf-8")
    parts = partitions(tmp_path, chunksize=5)
    assert all(isinstance(p, Partition) for p in parts) and len(parts) >= 5  # jsonl cut into ranges
    pieces = [load_partition(p) for p in parts]
    assert all(len(p) <= 5 for p in pieces[:-2])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NewsLensWarning)
        whole = nl.load(tmp_path)
    together = pd.concat(pieces, ignore_index=True)
    pd.testing.assert_frame_equal(together, whole)
    errs = [e for p in pieces for e in p.attrs["errors"]]
    assert [(e["reason"], e["line"]) for e in errs] == [(e["reason"], e["line"]) for e in whole.attrs["errors"]] == [("malformed JSON line", 6)]
    memory = partitions(["In memory.", "Not a file.", "Third."], chunksize=2)  # in-memory sources are sliced too
    assert [len(load_partition(p)) for p in memory] == [2, 1]


# ------------------------------------------------------------------ one date parser
def test_load_dates_same_alone_and_in_a_batch_and_partial_dates_start_the_period():
    cases = {"2024": "2024-01-01", "June 2024": "2024-06-01", "2024-06": "2024-06-01", "Jun. 2024": "2024-06-01",
             "20240619": "2024-06-19", "2024-06-19T10:00:00Z": "2024-06-19"}
    for value, day in cases.items():
        alone = parse_dates([value])[0][0]
        for batch in ([value] * 60, [value] * 33 + ["2023-01-02"] * 40):
            assert parse_dates(batch)[0][0] == alone, value
        assert str(alone.date()) == day, value
    got = load_mod.read_dates(["2024", "June 2024", "June 19, 2024", "June 19", "Monday", "10:00", None])
    assert got.partial.tolist() == [True, True, False, False, False, False, False]
    assert got.unparsed.tolist() == [False, False, False, True, True, True, False]  # no year: never today's


def test_load_dates_property_a_value_parses_the_same_in_any_batch():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pool = ["2024", "June 2024", "2024-06", "June 19, 2024", "19 Jun 2024 10:00 EST", "2024-06-19", "2024-06-19T10:00:00+02:00",
            "1718791200", "1718791200000", "20240619", "Wed, 19 Jun 2024 10:00:00 +0000", "not a date", "June 19", "", None, 2024, 20240619.0]

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.sampled_from(pool), min_size=1, max_size=80))
    def check(values):
        batch = load_mod.read_dates(values)
        for i, v in enumerate(values):
            one = load_mod.read_dates([v])
            assert (batch.dates[i] is pd.NaT and one.dates[0] is pd.NaT) or batch.dates[i] == one.dates[0], v
            assert (batch.partial[i], batch.unparsed[i]) == (one.partial[0], one.unparsed[0]), v

    check()


def test_load_partial_dates_are_listed_and_warned():
    recs = [{"id": "a", "text": "One.", "date": "June 2024"}, {"id": "b", "text": "Two.", "date": "2024-06-19"},
            {"id": "c", "text": "Three.", "date": "2023"}]
    with pytest.warns(NewsLensWarning, match="2 date.s. had no day or month"):
        arts = nl.load(recs)
    assert [str(d.date()) for d in arts["published"]] == ["2024-06-01", "2024-06-19", "2023-01-01"]
    assert [(p["article_id"], p["row"], p["value"]) for p in arts.attrs["partial_dates"]] == [("a", 0, "June 2024"), ("c", 2, "2023")]
    assert any("first day of the period" in n for n in arts.attrs["notes"])
    assert arts.attrs["errors"] == [] and arts.attrs["unparsed_dates"] == 0  # nothing skipped


# ------------------------------------------------------------------ lists of paths, empty paths
def test_load_list_of_path_strings_reads_files(tmp_path, monkeypatch):
    import glob

    (tmp_path / "corpus").mkdir()
    for i in range(3):
        (tmp_path / "corpus" / f"{i}.txt").write_text(f"Title {i}\n\nBody {i}.", "utf-8")
    monkeypatch.chdir(tmp_path)
    arts = nl.load(sorted(glob.glob("corpus/*.txt")))
    assert arts["title"].tolist() == ["Title 0", "Title 1", "Title 2"] and arts["text"].tolist() == ["Body 0.", "Body 1.", "Body 2."]
    assert arts["file"].tolist() == ["corpus/0.txt", "corpus/1.txt", "corpus/2.txt"]
    assert len(nl.load(["corpus"])) == 3 and len(nl.load(["corpus/*.txt"])) == 3  # a folder or a glob in a list
    with pytest.raises(SourceError, match="mixes paths.*'corpus/9.txt'.*Path"):
        nl.load(["corpus/0.txt", "corpus/9.txt"])
    texts = nl.load(["No file is named like this.", "Nor like this."])  # texts stay texts
    assert texts["text"].tolist() == ["No file is named like this.", "Nor like this."]


def test_load_empty_path_is_an_error_not_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("T\n\nBody.", "utf-8")
    monkeypatch.chdir(tmp_path)
    for empty in ("", "  "):
        with pytest.raises(SourceError, match=r"empty path.*'\.' for the current folder"):
            nl.load(empty)
    assert len(nl.load(".")) == 1  # the current folder, when asked for


# ------------------------------------------------------------------ URLs (fsspec)
def test_load_fsspec_urls_files_folders_globs_and_metadata():
    fsspec = pytest.importorskip("fsspec")

    def put(url, text):
        with fsspec.open(url, "w", encoding="utf-8") as f:
            f.write(text)

    root = "memory://newslens-test/corpus"
    put(f"{root}/a.txt", "Flood hits town\n\nThe river rose overnight.")
    put(f"{root}/sub/b.jsonl", json.dumps({"id": "b1", "title": "Aid", "text": "Aid arrived."}) + "\n")
    put(f"{root}/metadata.csv", "file,outlet,published\na.txt,Daily,2024-03-01\n")
    arts = nl.load(root)
    assert arts["file"].tolist() == ["a.txt", "sub/b.jsonl"]
    assert arts["outlet"].tolist()[0] == "Daily" and str(arts["published"][0].date()) == "2024-03-01"
    assert nl.load(f"{root}/sub/b.jsonl")["article_id"].tolist() == ["b1"]
    assert len(nl.load(f"{root}/**/*.jsonl")) == 1
    with pytest.raises(SourceError, match="no such file"):
        nl.load(f"{root}/missing.csv")
    with pytest.raises(SourceError, match="does not fetch web pages"):
        nl.load("https://example.org/story.html")


def test_load_csv_partitions_keep_line_numbers_of_bad_rows(tmp_path):
    from newslens.load import load_partition, partitions

    rows = ['id,text'] + [f'r{i},"Line one {i}\nline ""two"" {i}."' for i in range(7)]
    rows.insert(5, 'bad,"x",extra')
    rows.insert(3, "")  # a blank line is no record
    (tmp_path / "a.csv").write_text("\n".join(rows) + "\n", "utf-8")
    whole = quiet_load(tmp_path / "a.csv")
    pieces = [load_partition(p) for p in partitions(tmp_path / "a.csv", chunksize=3)]
    assert len(pieces) == 3
    pd.testing.assert_frame_equal(pd.concat(pieces, ignore_index=True), whole)
    errs = [(e["reason"], e["line"]) for p in pieces for e in p.attrs["errors"]]
    assert errs == [(e["reason"], e["line"]) for e in whole.attrs["errors"]] == [("malformed row", 7)]  # pandas counts a record as one line


def test_load_does_not_import_segment():
    """load and segment share newslens.textnorm; load never imports segment (no import circle)."""
    import subprocess
    import sys

    code = "import sys, newslens.load; assert 'newslens.segment' not in sys.modules, sorted(m for m in sys.modules if m.startswith('newslens'))"
    subprocess.run([sys.executable, "-c", code], check=True)
