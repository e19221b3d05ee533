"""The page inside a web page saved as one file: a browser's MHTML (Chrome, Edge and Opera's "Save
as… Webpage, Single File": ``.mhtml``, ``.mht``) or Safari's web archive (``.webarchive``).

Each holds the page's HTML with its images, style sheets and frames; :func:`saved_page` returns the
page's own HTML as text and the address it was saved from, for :func:`newslens.load.html_article`.
"""
from __future__ import annotations

from .html import looks_like_html

__all__ = ["saved_page", "SAVED_PAGES", "NotSavedPage"]

SAVED_PAGES = (".mhtml", ".mht", ".webarchive")


class NotSavedPage(ValueError):
    """The bytes are not the saved page their name says."""


def saved_page(data: bytes, suffix: str) -> tuple[str, str | None]:
    """``(html, url)`` of the page a ``.mhtml``/``.mht`` or ``.webarchive`` file holds."""
    if suffix == ".webarchive":
        return _webarchive(data)
    return _mhtml(data)


def _mhtml(data: bytes) -> tuple[str, str | None]:
    """The first HTML part of a MIME multipart/related message (the page; its frames come after it)."""
    import email
    import email.policy

    if looks_like_html(data):  # some tools write a page's plain HTML under this name
        return data.decode("utf-8", errors="replace"), None
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    if not msg.is_multipart() and msg.get_content_type() != "text/html":
        raise NotSavedPage("it is not a page saved as MHTML (no MIME parts, no HTML)")
    start = msg.get_param("start")
    parts = [p for p in msg.walk() if not p.is_multipart()]
    html = [p for p in parts if p.get_content_type() == "text/html"]
    main = next((p for p in html if start and p.get("Content-ID") == start), html[0] if html else None)
    if main is None:
        raise NotSavedPage("the saved page has no HTML part")
    raw = main.get_payload(decode=True) or b""
    charset = main.get_content_charset() or "utf-8"
    try:
        text = raw.decode(charset, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    url = msg.get("Snapshot-Content-Location") or main.get("Content-Location")
    return text, (str(url).strip() or None) if url is not None else None  # a damaged header is an email Header object


def _webarchive(data: bytes) -> tuple[str, str | None]:
    """Safari's web archive: a property list whose WebMainResource holds the page's bytes."""
    import plistlib
    from xml.parsers.expat import ExpatError

    try:
        plist = plistlib.loads(data)
        main = plist["WebMainResource"]
        raw = bytes(main["WebResourceData"])
    except (plistlib.InvalidFileException, ExpatError, KeyError, TypeError, ValueError, IndexError, OverflowError) as e:
        raise NotSavedPage(f"it is not a Safari web archive ({type(e).__name__})") from None
    charset, url = main.get("WebResourceTextEncodingName"), main.get("WebResourceURL")
    try:  # a damaged archive can hold another type where a name should be
        text = raw.decode(charset if isinstance(charset, str) and charset else "utf-8", errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    return text, url if isinstance(url, str) else None
