"""nl.highlight and the pure renderer: evidence marked in escaped, script-free HTML."""
from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest
from browser import chromium, dom_after_load

import newslens as nl
from newslens.errors import ColumnError, OptionError
from newslens.highlight import Highlight, Span, adapters, render, safe_url

ALLOWED_TAGS = {"div", "span", "p", "b", "style", "small", "a"}
ALLOWED_ATTRS = {"class", "title", "href", "target", "rel"}

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)></iframe>",
    "<style>body{display:none}</style>",
    "</style><script>alert(2)</script>",
    "&lt;script&gt;alert(3)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(4)&#62;",
    "<scr<script>ipt>alert(5)</script>",
    "<div style=\"background:url(javascript:alert(6))\">",
    "<!-- <b unclosed",
]


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.data: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if not self._in_style:
            self.data.append(data)

    def handle_comment(self, data):  # a comment would mean input leaked through unescaped
        self.tags.append(("!comment", {}))


def _parse(markup: str) -> _Collect:
    p = _Collect()
    p.feed(markup)
    p.close()
    return p


def _assert_inert(markup: str) -> _Collect:
    p = _parse(markup)
    tags = {t for t, _ in p.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert len([t for t, _ in p.tags if t == "style"]) == 1
    for tag, attrs in p.tags:
        assert set(attrs) <= ALLOWED_ATTRS, (tag, attrs)
        assert not any(k.startswith("on") for k in attrs)
        if "href" in attrs:
            assert tag == "a" and attrs["href"].lower().startswith(("http://", "https://"))
    assert "<script" not in markup.lower()
    return p


def _hostile_article() -> pd.DataFrame:
    body = "\n\n".join(f"Officials said the plan was a great success {p} but critics called it a disaster." for p in PAYLOADS)
    return pd.DataFrame({
        "article_id": ["x<script>"],
        "title": ["<script>alert('t')</script> Good news"],
        "text": ["<img src=x onerror=alert(1)> Headline\n\n" + body + "\n\nAP Photo/<b>Jane</b> Doe"],
        "outlet": ['"><svg onload=alert(1)>'],
        "author": ["&lt;script&gt;alert(1)&lt;/script&gt;"],
        "published": [pd.Timestamp("2024-06-19", tz="UTC")],
        "url": ["javascript:alert(1)"],
    })


# ------------------------------------------------------------------ render (pure)
def test_highlight_render_escapes_every_payload():
    text = "\n\n".join(PAYLOADS)
    spans = [(0, 8, "nl-pos", '"><script>alert(9)</script>'), (10, 30, 'x" onmouseover="alert(1)', "hover")]
    header = {"title": PAYLOADS[0], "outlet": PAYLOADS[1], "author": PAYLOADS[3], "url": "javascript:alert(1)"}
    out = render(text, spans, header=header, legend=[("nl-pos", PAYLOADS[2], PAYLOADS[4])], note=PAYLOADS[6])
    p = _assert_inert(out)
    shown = "".join(p.data)
    for payload in PAYLOADS:  # every payload is visible as text, characters intact
        assert payload.replace("\n", "") in shown or payload in shown
    assert not any("href" in a for _, a in p.tags)  # javascript: URL gave no link
    titles = [a["title"] for _, a in p.tags if "title" in a]
    assert '"><script>alert(9)</script>' in " ".join(titles)  # hover text escaped, not dropped
    for _, a in p.tags:
        if "class" in a:
            assert all(c.replace("-", "").replace("_", "").isalnum() for c in a["class"].split())


def test_highlight_render_splits_overlapping_spans():
    text = "abcdefghijklmnopqrst"
    out = render(text, [Span(0, 10, "a", "A"), Span(5, 15, "b", "B"), Span(7, 8, "c", "C")])
    p = _parse(out)
    spans = [(a.get("class"), a.get("title")) for t, a in p.tags if t == "span"]
    assert spans == [("a", "A"), ("a b", "A · B"), ("a b c", "A · B · C"), ("a b", "A · B"), ("b", "B")]
    assert "".join(d for d in p.data).endswith(text)  # text intact, in order, nothing duplicated


def test_highlight_render_paragraph_kinds_and_labels():
    text = "First body.\n\nAP Photo/Jane Doe\n\nThird body."
    paras = nl.paragraphs(pd.DataFrame({"article_id": ["a"], "text": [text]}))
    rows = paras.to_dict("records")
    rows[2]["label"] = "commentary"
    out = render(text, [(0, 5, "nl-pos", "first")], paragraphs=rows)
    p = _parse(out)
    pclasses = [a["class"].split() for t, a in p.tags if t == "p"]
    assert "nl-nonbody" not in pclasses[0] and "nl-nonbody" in pclasses[1] and "nl-kind-credit" in pclasses[1]
    assert "nl-src-commentary" in pclasses[2]
    assert "credit" in p.data and "commentary" in p.data  # visible badges, not colour only


def test_highlight_render_ignores_bad_spans_and_non_string_text():
    out = render("short", [(3, 99, "nl-pos", "x"), (-1, 2, "nl-neg", "y"), (4, 2, "nl-cue", "z")])
    assert "<span" not in out.split("</style>", 1)[1]
    assert "(no text)" in render(None)


def test_highlight_safe_url_only_http():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>", "//evil.org", "ftp://x.org", None, 3]:
        assert safe_url(bad) is None


def test_highlight_scoped_style_unique_per_output():
    a, b = render("one"), render("two")
    ca = _parse(a).tags[0][1]["class"]
    cb = _parse(b).tags[0][1]["class"]
    assert ca != cb and ca.startswith("newslens-hl-")
    css = a.split("<style>", 1)[1].split("</style>", 1)[0]
    rules = [r.split("{")[0].strip() for r in css.split("}") if "{" in r]
    assert rules and all(r.startswith(f"div.{ca}") for r in rules)


# ------------------------------------------------------------------ adapters (contract tables)
def test_highlight_sentiment_adapter_marks_valence():
    scores = pd.DataFrame({"start": [0], "end": [30], "sentiment": [0.2], "label": ["positive"],
                           "evidence": [[{"text": "good", "start": 2, "end": 6, "valence": 1.9},
                                         {"text": "bad", "start": 11, "end": 14, "valence": -2.5}]]})
    m = adapters.get("sentiment")(scores)
    by_css = {s.css: (s.start, s.end) for s in m.spans}
    assert by_css["nl-pos"] == (2, 6) and by_css["nl-neg"] == (11, 14)
    assert any("+0.20" in s.hover for s in m.spans)


def test_highlight_frames_adapter_names_frame_on_hover():
    scores = pd.DataFrame({"frame": ["economic", "conflict"], "cues": [
        [{"text": "costs", "start": 4, "end": 9, "frame": "economic", "cue": "cost*"}],
        [{"text": "war", "start": 20, "end": 23, "frame": "conflict", "cue": "war"}]]})
    m = adapters.get("frames")(scores)
    assert [s.hover for s in m.spans] == ["frame: economic (cue: cost*)", "frame: conflict (cue: war)"]
    assert [s.css for s in m.spans] == ["nl-frame-0", "nl-frame-1"]
    assert [lab for _, lab in m.legend] == ["economic", "conflict"]


def test_highlight_quotes_adapter_shows_speaker():
    text = 'The mayor said "we will rebuild" on Monday.'
    s = text.index("we")
    scores = pd.DataFrame({"start": [s], "end": [s + 14], "speaker": ["The mayor"], "cue": ["said"],
                           "evidence": [[{"text": "said", "start": 10, "end": 14, "role": "cue"}]]})
    m = adapters.get("quotes")(scores)
    out = render(text, m.spans)
    p = _parse(out)
    assert "— The mayor" in p.data
    assert any(a.get("class") == "nl-quote" and "The mayor" in a.get("title", "") for _, a in p.tags)


def test_highlight_quotes_badge_names_the_resolved_speaker_and_the_words_written():
    text = "Gov. Marian Hale visited the mill. “We will not let it close,” she said. Officials said the talks went on."
    q = nl.quotes([text])
    out = nl.highlight(text, by="quotes").html
    p = _parse(out)
    assert "— Marian Hale (she)" in p.data  # resolved name, then the mention as written
    assert "— officials" in " ".join(p.data).lower()
    kinds = {a.get("class") for _, a in p.tags}
    assert {"nl-quote", "nl-reported"} <= kinds
    assert set(q["kind"]) == {"direct", "indirect"}


def test_highlight_quotes_tooltip_names_the_speaker_resolved_across_paragraphs():
    text = ("Finance Minister Priya Nand toured the depot on Tuesday.\n\nThe strike had closed four routes.\n\n"
            "“Nobody wins a long strike,” the minister said.")
    p = _assert_inert(nl.highlight(text, by="quotes").html)
    titles = [a["title"] for _, a in p.tags if a.get("class") == "nl-quote" and a.get("title")]  # the legend has none
    assert titles == ["direct quote; speaker: Priya Nand (the minister); cue: said"]
    assert "— Priya Nand (the minister)" in p.data


def test_highlight_quotes_speaker_name_is_escaped_in_badge_and_tooltip():
    text = "“We will rebuild,” she said."
    bad = '<img src=x onerror="alert(1)">'
    scores = pd.DataFrame({"start": [1], "end": [16], "speaker": ["she"], "speaker_name": [bad], "kind": ["direct"],
                           "cue": ["said"], "evidence": [[{"text": "said", "start": 23, "end": 27, "role": "cue"}]]})
    out = render(text, adapters.get("quotes")(scores).spans)
    p = _assert_inert(out)
    assert "<img" not in out and "&lt;img" in out
    assert f"— {bad} (she)" in p.data  # the badge shows the name as text
    assert any(a.get("title", "").endswith(f"speaker: {bad} (she); cue: said") for _, a in p.tags)


def test_highlight_stance_adapter_labels_mentions():
    scores = pd.DataFrame({"target": ["Putin"], "mention": ["Putin"], "start": [0], "end": [5], "stance": [-0.6],
                           "label": ["negative"], "evidence": [[{"text": "condemned", "start": 10, "end": 19, "valence": -0.8, "role": "context"}]]})
    m = adapters.get("stance")(scores)
    mention = [s for s in m.spans if s.css == "nl-mention-negative"]
    assert mention and mention[0].start == 0 and "target: Putin" in mention[0].hover and "-0.60" in mention[0].hover
    assert any(s.css == "nl-ev-neg" and s.start == 10 and "Putin" in s.hover for s in m.spans)


# ------------------------------------------------------------------ nl.highlight
def test_highlight_bad_by_lists_valid_names():
    with pytest.raises(OptionError) as err:
        nl.highlight("Some text.", by="sentimentt")
    msg = str(err.value)
    assert "sentimentt" in msg and "'sentiment'" in msg and "'frames'" in msg


def test_highlight_input_shapes():
    arts = pd.DataFrame({"article_id": ["a", "b"], "text": ["A fine day.", "A sad day."], "title": ["T1", "T2"]})
    for article in ("A fine day.", arts.iloc[0], arts.iloc[[0]]):
        h = nl.highlight(article, by="sentiment")
        assert isinstance(h, Highlight) and h._repr_html_() == h.html and "fine" in h.html
    with pytest.raises(OptionError, match="exactly one article"):
        nl.highlight(arts)
    with pytest.raises(ColumnError):
        nl.highlight(pd.DataFrame({"body": ["x"]}))
    assert "T1" in nl.highlight(arts.iloc[0]).html
    before = arts.copy()
    nl.highlight(arts.iloc[[1]])
    pd.testing.assert_frame_equal(arts, before)


def test_highlight_hostile_article_is_inert():
    art = _hostile_article()
    for by in ("sentiment", "stance", "frames", "quotes", "sourcing"):
        h = nl.highlight(art, by=by)
        p = _assert_inert(h.html)
        shown = "".join(p.data)
        assert "<script>alert('t')</script> Good news" in shown
        assert '"><svg onload=alert(1)>' in shown
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # entity text shown literally, not decoded
        assert "link not shown" in shown


def test_highlight_sentiment_marks_words_in_real_article(seed_path):
    text = seed_path.read_text("utf-8")
    h = nl.highlight(text, by="sentiment")
    p = _assert_inert(h.html)
    classes = [a.get("class", "") for t, a in p.tags if t == "span"]
    assert any("nl-pos" in c for c in classes) and any("nl-neg" in c for c in classes)
    pcls = [a["class"] for t, a in p.tags if t == "p"]
    assert any("nl-kind-caption" in c for c in pcls) and any("nl-kind-byline" in c for c in pcls)
    assert len(h.scores) > 0


@pytest.mark.slow
def test_highlight_no_script_runs_in_chromium(tmp_path):
    exe = chromium()
    marker = "document.documentElement.setAttribute('data-pwned','1')"
    art = pd.DataFrame({"article_id": ["1"], "title": [f"<script>{marker}</script>"],
                        "outlet": [f"<img src=x onerror=\"{marker}\">"], "url": [f"javascript:{marker}"],
                        "text": [f"Good news.\n\n<svg onload=\"{marker}\"></svg>\n\n</style><script>{marker}</script>"]})
    page = tmp_path / "h.html"
    nl.highlight(art, by="sentiment").save(page)
    dom = dom_after_load(exe, page, tmp_path / "profile")  # fails, not skips, when Chromium cannot render
    assert 'data-pwned="1"' not in dom
    assert "&lt;script&gt;" in dom  # the payload is there, as text
    assert "nl-pos" in dom  # the page really rendered, "Good" marked positive
