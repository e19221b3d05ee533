"""Inert rendering: every HTML newslens emits shows hostile article text as text and runs nothing.

Static checks parse the HTML and allow only the tags and attributes newslens itself emits; the
browser check opens the pages in headless Chromium and looks for the DOM marker a payload would
set if it ran.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from browser import chromium
from browser import dom_after_load as _dom_after_load

import newslens as nl

MARK = "document.documentElement.setAttribute('data-pwned','{}')"
PAYLOADS = [
    f"<script>{MARK.format('script')}</script>",
    f"<img src=x onerror=\"{MARK.format('img')}\">",
    f"<svg onload=\"{MARK.format('svg')}\"></svg>",
    f"\"><script>{MARK.format('breakout')}</script>",
    f"' onmouseover='{MARK.format('attr')}' x='",
    f"<iframe srcdoc=\"<script>parent.{MARK.format('iframe')}</script>\"></iframe>",
    f"<a href=\"javascript:{MARK.format('jslink')}\">click me</a>",
    f"<body onload=\"{MARK.format('body')}\">",
    f"<details open ontoggle=\"{MARK.format('details')}\">",
    "<style>*{display:none !important}</style>",
    f"</span></div></p><script>{MARK.format('broken')}</script>",
    f"<scr<script>ipt>{MARK.format('nested')}</scr</script>ipt>",
    f"&lt;script&gt;{MARK.format('entity')}&lt;/script&gt;",
    f"&#60;img src=x onerror={MARK.format('numeric')}&#62;",
    f"<math><mtext><table><mglyph><style><img src=x onerror=\"{MARK.format('mxss')}\">",
    f"<object data=\"javascript:{MARK.format('object')}\"></object>",
    f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{MARK.format('meta')}\">",
]

ALLOWED_TAGS = {"div", "span", "p", "b", "i", "em", "strong", "small", "style", "h1", "h2", "h3", "h4", "ul", "li",
                "table", "thead", "tbody", "tr", "th", "td", "br", "code", "sup", "sub", "a", "mark", "header", "section", "svg", "rect"}


def hostile_article() -> pd.DataFrame:
    body = "\n\n".join(
        [f"Governor Hale praised the crews, officials said. {p} “This is {p} terrible,” Hale said." for p in PAYLOADS]
    )
    return nl.load([{
        "title": "<script>" + MARK.format("title") + "</script> Storm " + PAYLOADS[1],
        "text": "Storm hits coast\n\n" + body,
        "outlet": PAYLOADS[2],
        "author": PAYLOADS[3],
        "url": "javascript:" + MARK.format("url"),
        "published": "2024-05-01",
    }])


class _TagAudit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("srcdoc", "formaction"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src", "data", "action") and value and not value.lower().startswith(("http://", "https://", "#")):
                self.problems.append(f"{name}={value!r} on <{tag}>")


def audit(html: str) -> list[str]:
    a = _TagAudit()
    a.feed(html)
    return a.problems


@pytest.fixture(scope="module")
def rendered_outputs() -> dict[str, str]:
    art = hostile_article()
    out = {f"highlight-{by}": nl.highlight(art.iloc[0], by=by).html for by in ("sentiment", "stance", "frames", "quotes", "sourcing")}
    out["highlight-string"] = nl.highlight(" ".join(PAYLOADS), by="sentiment").html
    out["card"] = nl.card("sentiment")._repr_html_()
    return out


@pytest.mark.parametrize("name", ["highlight-sentiment", "highlight-stance", "highlight-frames", "highlight-quotes",
                                  "highlight-sourcing", "highlight-string", "card"])
def test_security_html_has_only_our_tags(rendered_outputs, name):
    html = rendered_outputs[name]
    assert audit(html) == []
    # the payload text is still there, shown as text
    assert "&lt;script&gt;" in html or name == "card"


def test_security_explorer_html_is_escaped():
    w = nl.explore(hostile_article())
    for measure in ("sentiment", "quotes"):
        w.measure.value = measure
        assert audit(w.text.value) == [], measure
        assert audit(w.numbers.value) == [], measure


@pytest.fixture(scope="module")
def browser() -> str:
    return chromium()


@pytest.mark.slow
def test_security_no_script_runs_in_chromium(tmp_path, browser, rendered_outputs):
    pages = rendered_outputs
    doc = "".join(f"<section><h2>{name}</h2>{html}</section>" for name, html in pages.items())
    page = tmp_path / "all.html"
    page.write_text(f"<!doctype html><html><head><meta charset='utf-8'></head><body>{doc}</body></html>", encoding="utf-8")
    dom = _dom_after_load(browser, page, tmp_path / "profile")
    _assert_inert(dom)
    assert "Governor Hale" in dom  # the page really rendered


def _assert_inert(dom: str) -> None:
    html_tag = re.search(r"<html[^>]*>", dom)
    assert html_tag is not None, dom[:500]
    assert "data-pwned" not in html_tag.group(0), html_tag.group(0)


@pytest.mark.slow
def test_security_report_runs_no_script_in_chromium(tmp_path, browser):
    from newslens.report import report

    art = hostile_article()
    corpus = tmp_path / "hostile.jsonl"
    art[["title", "text", "outlet", "author", "url"]].to_json(corpus, orient="records", lines=True)
    page = report(corpus, out=tmp_path / "report.html", title=PAYLOADS[0])
    dom = _dom_after_load(browser, page, tmp_path / "profile")
    _assert_inert(dom)
    assert "articles from" in dom  # the report really rendered


def test_security_guard_catches_a_live_payload(tmp_path, browser):
    # the browser check must be able to fail: an unescaped payload does set the marker
    page = tmp_path / "live.html"
    page.write_text(f"<!doctype html><html><body>{PAYLOADS[1]}</body></html>", encoding="utf-8")
    with pytest.raises(AssertionError):
        _assert_inert(_dom_after_load(browser, page, tmp_path / "profile"))
