"""Text repair for loaded articles: mojibake, control characters, whitespace, titles.

Curly quotes are kept and HTML entities are never decoded again (an article about ``&amp;``
keeps it); a fix is only attempted where a cheap check sees the damage.
"""
from __future__ import annotations

import ast
import re

import numpy as np

from ..textnorm import normalize_for_compare, replace_surrogates

__all__ = ["clean_text", "clean_line", "clean_author", "split_title", "is_markup", "markup_text"]

_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_MOJI_TABLE = {
    "â€™": "’", "â€˜": "‘", "â€œ": "“", "â€\x9d": "”", "â€”": "—", "â€“": "–", "â€¦": "…",
    "â€¢": "•", "â€": "”", "Â ": " ", "Â\u00a0": " ",
}
_MOJI_FIX = re.compile("|".join(re.escape(k) for k in sorted(_MOJI_TABLE, key=len, reverse=True)))
_ODD_CHARS = re.compile("[\ud800-\udfff\r\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\t]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff]")
_HSPACE = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_EDGE = re.compile(" ?\n ?")
_PARA_BREAK = re.compile("\n{3,}")
_ANY_SPACE = re.compile(r"\s+")


def clean_text(text):
    """Repair one text: mojibake, control characters, whitespace; curly quotes kept.

    Returns None for anything that is not a string.

    Examples
    --------
    >>> clean_text("It\\u00e2\\u20ac\\u2122s  here.\\r\\n\\r\\n\\r\\nNext\\x00 line ")
    'It’s here.\\n\\nNext line'
    """
    if not isinstance(text, str):
        return None
    if ("\u00c3" in text or "\u00c2" in text or "\u00e2" in text) and _MOJIBAKE.search(text):
        text = _fix_mojibake(text)
    if "  " in text or " \n" in text or "\n " in text or "\n\n\n" in text or _ODD_CHARS.search(text):
        text = replace_surrogates(_NEWLINES.sub("\n", text))
        text = _CONTROL.sub("", text)
        text = _HSPACE.sub(" ", text)
        text = _LINE_EDGE.sub("\n", text)
        text = _PARA_BREAK.sub("\n\n", text)
    return text.strip()


_TAG = re.compile(r"<(?:p|div|br|li|ul|ol|h[1-6]|blockquote|figure|figcaption|span|a|strong|em|b|i)(?:\s[^<>]*)?/?>"
                  r"|</(?:p|div|li|ul|ol|h[1-6]|blockquote|figure|figcaption|span|a|strong|em|b|i)>", re.IGNORECASE)
_BLOCK_EDGE = re.compile(r"<br\s*/?>|</?(?:p|div|li|ul|ol|h[1-6]|blockquote|figure|figcaption|table|tr)(?:\s[^<>]*)?>",
                         re.IGNORECASE)


def is_markup(text: str) -> bool:
    """Whether a text field holds HTML markup (two tags or more such as ``<p>``, ``</p>``, ``<br>``, ``<a …>``)."""
    return "<" in text and _TAG.search(text) is not None and len(_TAG.findall(text, 0, 20000)) >= 2


def markup_text(text: str) -> str:
    """The text of an HTML fragment held in a text field: a paragraph per block (``<p>``, ``<div>``,
    ``<li>``, two ``<br>``), one ``<br>`` a line break, other tags dropped, script and style content
    dropped, entities decoded once.

    >>> markup_text("<p>Tom &amp; Ann met.</p><p>They <b>agreed</b>.<script>x()</script></p>")
    'Tom & Ann met.\\n\\nThey agreed.'
    """
    from lxml import etree
    from lxml import html as lhtml

    marked = _BLOCK_EDGE.sub(lambda m: "\n" if m.group()[1:3].lower() == "br" else "\n\n", text)
    try:
        root = lhtml.fragment_fromstring(marked, create_parent="div")
    except (etree.ParserError, ValueError, AssertionError):  # lxml asserts on some broken markup ("too many bodies")
        return text
    for el in root.xpath(".//script|.//style|.//noscript|.//template"):
        el.drop_tree()
    return clean_text(root.text_content()) or ""


def _fix_mojibake(text: str) -> str:
    import ftfy

    fixed = ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False, fix_line_breaks=False)
    return _MOJI_FIX.sub(lambda m: _MOJI_TABLE[m.group(0)], fixed)


def clean_line(value):
    """A one-line field (title, outlet, url, author): cleaned, whitespace collapsed, '' → None."""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v).strip() for v in value if isinstance(v, str) and v.strip()) or None
    if not isinstance(value, str):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return None
        value = str(value)
    value = clean_text(value)
    value = _ANY_SPACE.sub(" ", value) if value else value
    return value or None


def clean_author(value):
    """Authors as one string; lists (or their string repr) joined with ', '."""
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            parsed = None
        if isinstance(parsed, (list, tuple)):
            value = list(parsed)
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return clean_line(value)


def split_title(text: str, *, strict: bool) -> tuple[str | None, str]:
    """Take the first line of ``text`` as the title; drop its repeat as the next paragraph.

    With ``strict=False`` (strings passed directly) the first line is only taken when it looks
    like a heading: alone in its paragraph, at most 25 words, not ending like a sentence.

    >>> split_title("Storm hits coast\\n\\nStorm hits coast\\n\\nThe storm hit.", strict=True)
    ('Storm hits coast', 'The storm hit.')
    """
    first, _, rest = text.partition("\n")
    title, rest = first.strip(), rest.strip()
    if not rest or not title:
        return None, text
    if not strict and (
        text.partition("\n\n")[0].strip() != title or len(title.split()) > 25 or title[-1] in ".,;:"
    ):
        return None, text
    para, _, after = rest.partition("\n\n")
    if normalize_for_compare(para) == normalize_for_compare(title):
        rest = after.strip()
    if not rest:
        return None, text
    return title, rest
