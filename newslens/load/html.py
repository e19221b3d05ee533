"""One article from an HTML page: main text, title, author, date, url and site name.

trafilatura finds the main text; very short pages it declines fall back to a plain lxml
extraction.  Script and style content never reaches the text; entities are decoded once.
"""
from __future__ import annotations

import re

from ..textnorm import normalize_for_compare

__all__ = ["html_article", "looks_like_html"]


_PAGE_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML cannot hold (tab and line ends aside)


def looks_like_html(data: bytes) -> bool:
    """Whether the bytes open like a web page (a ``.doc`` or ``.mht`` some programs save is one).

    >>> looks_like_html(b"<!DOCTYPE html><html><body><p>Ferry back</p></body></html>")
    True
    >>> looks_like_html(b"{\\rtf1\\ansi Ferry back}")
    False
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    return _PAGE_START.match(head) is not None


def _doc_paragraphs(body) -> list[str]:
    paras = []
    for el in body:
        if el.tag == "list":
            items = [" ".join("".join(i.itertext()).split()) for i in el.iter("item")]
            paras.append("\n".join(i for i in items if i))
        elif el.tag == "table":
            rows = [" | ".join(" ".join("".join(c.itertext()).split()) for c in r.iter("cell")) for r in el.iter("row")]
            paras.append("\n".join(r for r in rows if r.strip(" |")))
        else:
            paras.append(" ".join("".join(el.itertext()).split()))
    return [p for p in paras if p]


_HTML_DROP = "//script|//style|//noscript|//template|//iframe|//svg|//form|//nav|//footer|//aside"
_HTML_BLOCKS = "//body//*[self::p or self::h2 or self::h3 or self::h4 or self::li or self::blockquote or self::pre]"


def _meta(tree, *xpaths):
    for xp in xpaths:
        vals = [v.strip() for v in tree.xpath(xp) if isinstance(v, str) and v.strip()]
        if vals:
            return vals[0]
    return None


def _lxml_article(html: str) -> dict:
    """Plain lxml extraction for pages trafilatura declines (very short pages)."""
    from lxml import etree
    from lxml import html as lhtml

    try:  # control characters (a damaged file's) would stop lxml when it rejoins text below
        tree = lhtml.document_fromstring(_CONTROL.sub("", html))
    except (etree.ParserError, ValueError):
        return {}
    out = {
        "author": _meta(tree, "//meta[@name='author']/@content", "//meta[@property='article:author']/@content", "//*[@rel='author']/text()"),
        "published": _meta(tree, "//meta[@property='article:published_time']/@content", "//meta[@name='date']/@content",
                           "//meta[@name='pubdate']/@content", "//meta[@itemprop='datePublished']/@content", "//time/@datetime"),
        "url": _meta(tree, "//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"),
        "outlet": _meta(tree, "//meta[@property='og:site_name']/@content"),
    }
    for el in tree.xpath(_HTML_DROP):
        el.drop_tree()
    h1 = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    title = _meta(tree, "//meta[@property='og:title']/@content") or (h1[0] if h1 else None) or _meta(tree, "//title/text()")
    blocks = [" ".join(b.text_content().split()) for b in tree.xpath(_HTML_BLOCKS) if not b.xpath("ancestor::p|ancestor::li|ancestor::blockquote")]
    blocks = [b for b in blocks if b]
    if not blocks:
        body = tree.find("body")
        text = body.text_content() if body is not None else ""
        blocks = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    out["title"] = title
    out["text"] = "\n\n".join(blocks)
    return out


def _cut_at_blocks(text: str, blocks: list[str]) -> list[str]:
    """``text`` cut into paragraphs where the page's own blocks begin and end.

    On short pages trafilatura's fallback runs every block of the page into one paragraph (a
    photo caption and "Advertisement" between them); the blocks found in it, in order, give the
    paragraph breaks back, and what lies between them becomes a paragraph of its own, so no word
    is lost.  Fewer than two blocks found: ``[text]``.
    """
    pieces, pos, found = [], 0, 0
    for block in blocks:
        i = text.find(block, pos)
        if i >= 0:
            pieces += [text[pos:i], block]
            pos, found = i + len(block), found + 1
    pieces.append(text[pos:])
    return [p.strip() for p in pieces if p.strip()] if found >= 2 else [text]


def html_article(html: str) -> dict:
    """Extract one article from an HTML page: ``title, text, author, published, url, outlet``.

    trafilatura finds the main text; if it returns nothing (very short pages) a plain lxml
    extraction is used.  ``<script>``/``<style>`` content never reaches ``text``; entities are
    decoded once by the HTML parser and never again.

    >>> html_article("<html><body><h1>Hi</h1><p>Tom &amp; Ann said &lt;b&gt; is bold.</p><script>x()</script></body></html>")["text"]
    'Tom & Ann said <b> is bold.'
    """
    import trafilatura

    rec: dict = {"title": None, "text": None, "author": None, "published": None, "url": None, "outlet": None}
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_images=False, favor_recall=True,
            date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
        )
    except Exception:  # trafilatura raises assorted errors on odd markup; fall back below
        doc = None
    fallback = _lxml_article(html) if html.strip() else {}
    if doc is not None and getattr(doc, "body", None) is not None:
        paras = _doc_paragraphs(doc.body)
        title = doc.title or fallback.get("title")
        if paras and title and normalize_for_compare(paras[0]) == normalize_for_compare(title):
            paras = paras[1:]
        rec.update(title=title, text="\n\n".join(paras) or None, author=doc.author, published=doc.date, url=doc.url, outlet=doc.sitename)
    fb_text, fb_title = fallback.get("text"), fallback.get("title")
    if rec["text"] and fb_text and fb_title:
        # on very short pages trafilatura may glue the headline onto the first paragraph
        if normalize_for_compare(rec["text"]) == normalize_for_compare(f"{fb_title} {fb_text}"):
            rec["text"] = fb_text
    if rec["text"] and fb_text and "\n\n" not in rec["text"] and "\n\n" in fb_text:
        rec["text"] = "\n\n".join(_cut_at_blocks(rec["text"], fb_text.split("\n\n")))
    if not rec["text"]:
        rec["text"] = fallback.get("text") or None
        if rec["text"] and rec["title"] is None and fallback.get("title"):
            first, _, rest = rec["text"].partition("\n\n")
            if normalize_for_compare(first) == normalize_for_compare(fallback["title"]):
                rec["text"] = rest or rec["text"]
    for k in ("title", "author", "published", "url", "outlet"):
        if not rec[k]:
            rec[k] = fallback.get(k)
    return rec
