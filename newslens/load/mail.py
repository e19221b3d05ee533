"""Newsletters and other news read as e-mail: one message saved as ``.eml``, or a mailbox ``.mbox``
(what Gmail's Takeout, Thunderbird and Apple Mail export), one article per message.

A message's subject is the article's title, its date the publication date, its sender's name (or
address) the outlet; its text is the HTML part read as a web page is (:func:`newslens.load.html_article`:
the newsletter's own text, not its navigation, buttons and footer), or the plain-text part when there
is no HTML.  A mailbox is read message by message as it streams, so a mailbox of gigabytes is never
held whole; lines that the mbox format escapes (``>From …``) are restored.
"""
from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterable, Iterator
from email.utils import getaddresses, parsedate_to_datetime

__all__ = ["message_record", "mailbox_messages", "mailbox_start"]

_SEPARATOR = re.compile(rb"^From \S")
_ESCAPED = re.compile(rb"^>(>*From )")


def message_record(data: bytes) -> dict:
    """The article an e-mail message is: ``title, text, published, outlet, url``."""
    from .html import html_article

    msg = email.message_from_bytes(data, policy=email.policy.default)
    html = _part(msg, "html")
    plain = _part(msg, "plain")
    rec = html_article(html) if html else {}
    text = rec.get("text") or (plain or "").strip() or None
    title = _header(msg, "subject") or rec.get("title")
    sender = getaddresses([_header(msg, "from") or ""])
    name, address = sender[0] if sender else ("", "")
    published = None
    if _header(msg, "date"):
        try:
            published = parsedate_to_datetime(_header(msg, "date")).isoformat()
        except (TypeError, ValueError, IndexError, OverflowError):
            published = _header(msg, "date")
    return {"title": title, "text": text, "published": published, "outlet": name or address or None,
            "url": rec.get("url")}


def _header(msg, name: str) -> str | None:
    try:
        value = msg.get(name)
    except (ValueError, IndexError, TypeError, AttributeError):  # a malformed header the parser cannot decode
        return None
    return " ".join(str(value).split()) if value is not None else None


def _part(msg, subtype: str) -> str | None:
    """The first ``text/<subtype>`` part's text (not an attachment), or None."""
    for part in msg.walk():
        if part.is_multipart() or part.get_content_type() != f"text/{subtype}":
            continue
        if part.get_content_disposition() == "attachment":
            continue
        try:
            return part.get_content()
        except (LookupError, ValueError, AssertionError):  # an unknown charset or a broken encoding
            raw = part.get_payload(decode=True) or b""
            return raw.decode("utf-8", errors="replace")
    return None


def mailbox_start(line: bytes) -> bool:
    """Whether a line of an mbox file starts a message (a ``From `` separator line)."""
    return _SEPARATOR.match(line) is not None


def mailbox_messages(lines: Iterable[bytes]) -> Iterator[bytes]:
    """The messages of an mbox file given line by line: each starts after a ``From `` separator line;
    ``>From `` lines in a body lose one ``>``."""
    cur: list[bytes] | None = None
    for line in lines:
        if mailbox_start(line):
            if cur is not None:
                yield b"".join(cur)
            cur = []
        elif cur is not None:
            cur.append(_ESCAPED.sub(rb"\1", line))
    if cur is not None:
        yield b"".join(cur)
