"""One article in a news agency's XML: NITF (the News Industry Text Format: the New York Times
Annotated Corpus, agency feeds) and the ``<newsitem>`` files of Reuters' RCV1 corpus.

:func:`news_xml_record` reads the root element lxml parsed (tags without their namespace) and
returns the article's record, or None when the document is neither kind (an RSS or Atom feed is
read elsewhere).
"""
from __future__ import annotations

import re

__all__ = ["news_xml_record"]

_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_NITF_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?")
_COPYRIGHT = re.compile(r"(?:\(c\)|©|copyright)\s*+(?:\d{4}\b)?", re.IGNORECASE)


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""


def _find(el, *path: str):
    """The first element along ``path`` (local names; each step any descendant), or None."""
    for name in path:
        if el is None:
            return None
        el = next((x for x in el.iter() if x is not el and _local(x) == name), None)
    return el


def _text(el) -> str | None:
    if el is None:
        return None
    t = " ".join("".join(el.itertext()).split())
    return t or None


def _paragraphs(el) -> list[str]:
    """The text of each ``<p>`` under ``el`` (the element's own text when it has none)."""
    if el is None:
        return []
    paras = [_text(p) for p in el.iter() if _local(p) == "p"]
    paras = [p for p in paras if p]
    return paras or ([t] if (t := _text(el)) else [])


def _nitf_date(value: str | None) -> str | None:
    m = _NITF_DATE.match(value or "")
    if not m:
        return value or None
    y, mo, d, h, mi, s = m.groups()
    return f"{y}-{mo}-{d}" + (f"T{h}:{mi}:{s}" if h else "")


def _nitf(root) -> dict:
    """A NITF article; ``section`` from the New York Times corpus's ``online_sections`` (else its desk)."""
    head, body = _find(root, "head"), _find(root, "body")
    content = _find(body, "body.content")
    blocks = [b for b in (content.iter() if content is not None else ()) if _local(b) == "block"]
    full = [b for b in blocks if (b.get("class") or "") == "full_text"]
    # the New York Times corpus repeats the first paragraphs as a "lead_paragraph" block before the full text
    paras = [p for b in (full or blocks) for p in _paragraphs(b)] if blocks else _paragraphs(content)
    bylines = [b for b in (body.iter() if body is not None else ()) if _local(b) == "byline"]
    byline = next((b for b in bylines if (b.get("class") or "") == "print_byline"), bylines[0] if bylines else None)
    metas = {m.get("name"): m.get("content") for m in (head.iter() if head is not None else ()) if _local(m) == "meta"}
    pubdata = _find(head, "pubdata")
    docid = _find(head, "doc-id")
    issue = _find(head, "date.issue")
    published = (pubdata.get("date.publication") if pubdata is not None else None) or (issue.get("norm") if issue is not None else None)
    return {"article_id": docid.get("id-string") if docid is not None else None,
            "title": _text(_find(body, "hedline", "hl1")) or _text(_find(head, "title")),
            "text": "\n\n".join(paras) or None,
            "published": _nitf_date(published),
            "author": _BY.sub("", _text(byline) or "") or None,
            "outlet": (pubdata.get("name") if pubdata is not None else None) or None,
            "url": (pubdata.get("ex-ref") if pubdata is not None else None) or None,
            "section": metas.get("online_sections") or metas.get("dsk") or None}


def _holder(copyright: str | None) -> str | None:
    """Who holds a copyright line: "(c) Reuters Limited 1996" -> "Reuters Limited"."""
    if not copyright:
        return None
    words = _COPYRIGHT.sub("", copyright, count=1).split()
    if words and len(words[-1]) == 4 and words[-1].isdigit():
        words.pop()
    return " ".join(words).strip(" .") or None


def _newsitem(root) -> dict:
    return {"article_id": root.get("itemid"),
            "title": _text(_find(root, "headline")) or _text(_find(root, "title")),
            "text": "\n\n".join(_paragraphs(_find(root, "text"))) or None,
            "published": root.get("date"),
            "author": _BY.sub("", _text(_find(root, "byline")) or "") or None,
            "outlet": _holder(_text(_find(root, "copyright"))), "url": None}


def news_xml_record(root) -> dict | None:
    """The article a NITF or RCV1 ``<newsitem>`` document holds, or None for other XML."""
    kind = _local(root)
    if kind == "nitf":
        return _nitf(root)
    if kind == "newsitem":
        return _newsitem(root)
    return None
