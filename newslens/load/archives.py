"""Word, OpenDocument and RTF documents, and the exports of news archives: Nexis Uni, LexisNexis
Academic, Factiva, ProQuest.

A ``.docx`` file is read as its paragraphs (the text of ``word/document.xml``; no macro, link
or embedded object is followed); so are an ``.odt`` file (``content.xml``) and an ``.rtf`` file
(its text, without fonts, styles, pictures, headers or field instructions).  A news database
export — Nexis Uni's Word or RTF download, or the same saved as plain text — holds many
articles, each ending with an "End of Document" line::

    Headline
    Publication
    March 3, 2020 Tuesday 5:30 PM EST
    Copyright 2020 The Publisher
    Section: NATIONAL; Pg. A12
    Length: 812 words
    Byline: Jane Roe
    Body
    First paragraph of the article …
    Classification
    Language: ENGLISH
    Load-Date: March 4, 2020
    End of Document

:func:`export_articles` splits it into one record per article (title, outlet, date, author,
section, text); a cover page ("Date and Time: …", "Documents (25)", a numbered list of titles)
before the first article is skipped.  The older LexisNexis Academic text download is read too:
each article opens with "1 of 25 DOCUMENTS", then the publication, the date (and edition), the
headline, capitalised fields ("BYLINE:", "SECTION:", "LENGTH: 812 words"), the body in
paragraphs of wrapped lines, and closing fields ("LOAD-DATE:", "LANGUAGE:") and a copyright
notice.  A Factiva page saved as HTML ("Full Article/Report plus Indexing") holds one
``<div class="article">`` per article, a table of its fields by code (HD headline, BY byline,
PD date, SN source, SE section, LP lead paragraphs, TD text, AN accession number):
:func:`factiva_articles` reads it, and the page in the "Article" display too (a division per
article: its headline, a line each for byline, word count, date, source, …, its paragraphs and its
"Document …" number).  Factiva's RTF download of the same display (a table row
per field), or that saved as text or Word (a code on its own line, then its value), is read by
:func:`factiva_text_articles`: one article from each headline to its "Document …" number; so is
the "Article" display, without codes (headline, word count, date, source, …, body, "Document …").
A ProQuest download saved as text holds records opened by "Document 3 of 25", each a title and
labelled fields ("Full text:", "Publication title:", "Publication date:", "ProQuest document
ID:", …): :func:`proquest_articles` reads it.
"""
from __future__ import annotations

import re
import zipfile
from datetime import date

from .locations import BROKEN_ZIP

__all__ = ["MAX_UNPACKED", "NotWordDocument", "docx_paragraphs", "odt_paragraphs", "rtf_paragraphs", "export_articles",
           "factiva_articles", "factiva_text_articles", "proquest_articles"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: bytes a zipped document or workbook may unpack to (a zip bomb is refused, not unpacked)
MAX_UNPACKED = 512 * 1024 * 1024

_END = re.compile(r"^end of document$", re.IGNORECASE)
_FIELD = re.compile(r"^([A-Z][A-Za-z]*(?:[- ][A-Za-z]+)?):[ \u00a0]+(.*)$")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_DATE = re.compile(rf"^(?:({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})|(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}}))\b", re.IGNORECASE)
_SECTION_END = {"classification", "graphic", "notes"}  # what follows an article's body


class NotWordDocument(ValueError):
    """The bytes are not a document that can be read (Word .docx, OpenDocument .odt, Rich Text Format
    or PDF); ``fix`` says how to recover when it is not "save it as .docx or text"."""

    def __init__(self, why: str, fix: str | None = None):
        super().__init__(why)
        self.fix = fix


LOCKED_FIX = "Open it with its password in Word, Excel or LibreOffice and save it again without one."
"""How to recover a document locked with a password (an encrypted Office or OpenDocument file)."""


def docx_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a Word document, in order (table cells and text boxes included;
    deleted revisions and field codes left out)."""
    out: list[str] = []
    _blocks(_zipped_xml(data, "word/document.xml", "a Word document"), out)
    return out


def _zipped_xml(data: bytes, member: str, kind: str, locked=None):
    """The parsed XML part ``member`` of a zipped document (no entity or network access; a part that
    would unpack to more than ``MAX_UNPACKED`` bytes is refused, not unpacked).  ``locked(zip)``, when
    given, says whether the document is encrypted: it is then refused as locked."""
    import io

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if locked is not None and locked(z):
                raise NotWordDocument(f"it is locked with a password (an encrypted {kind[kind.index(' ') + 1:]})", LOCKED_FIX)
            info = z.getinfo(member)
            if info.file_size > MAX_UNPACKED:
                raise NotWordDocument(f"its text part unpacks to {info.file_size:,} bytes "
                                      f"(at most {MAX_UNPACKED:,} are read)")
            xml = z.read(info)
    except NotWordDocument:
        raise
    except BROKEN_ZIP as e:
        raise NotWordDocument(f"it is not {kind} ({e})") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        raise NotWordDocument(f"its text part is not well-formed XML ({e.msg})") from None


def _blocks(el, out: list[str]) -> None:
    for child in el:
        if child.tag == _W + "p":
            buf: list[str] = []
            _runs(child, buf, out)
            out.append("".join(buf))
        elif child.tag != _FALLBACK:  # a text box is written twice: once as a drawing, once as fallback
            _blocks(child, out)


def _runs(el, buf: list[str], out: list[str]) -> None:
    for c in el:
        tag = c.tag
        if tag == _W + "t":
            buf.append(c.text or "")
        elif tag == _W + "tab":
            buf.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            buf.append("\n")
        elif tag == _W + "p":  # a paragraph of a text box inside this one: its own paragraph
            inner: list[str] = []
            _runs(c, inner, out)
            out.append("".join(inner))
        elif tag not in (_W + "del", _FALLBACK, _W + "instrText"):
            _runs(c, buf, out)


# ---------------------------------------------------------------- OpenDocument text
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# what an OpenDocument paragraph holds that is not its text: a footnote's body, an annotation, a
# deleted revision, the index of a table of contents
_ODT_SKIPPED = frozenset({_TEXT + "note", _OFFICE + "annotation", _TEXT + "tracked-changes", _TEXT + "table-of-content",
                          _TEXT + "alphabetical-index", _TEXT + "bibliography"})


def odt_paragraphs(data: bytes) -> list[str]:
    """The paragraphs and headings of an OpenDocument text (``.odt``, LibreOffice's), in order
    (table cells and frames included; footnotes, comments and deleted revisions left out)."""
    root = _zipped_xml(data, "content.xml", "an OpenDocument text", locked=_odf_encrypted)
    out: list[str] = []
    for el in root.iter(_TEXT + "p", _TEXT + "h"):
        if not any(a.tag in _ODT_SKIPPED for a in el.iterancestors()):
            buf: list[str] = []
            _odt_text(el, buf)
            out.append("".join(buf))
    return out


def odf_encrypted(data: bytes) -> bool:
    """Whether ``data`` is an OpenDocument file (text or spreadsheet) locked with a password."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return _odf_encrypted(z)
    except BROKEN_ZIP:  # not a zip, or a damaged one: the reader says what is wrong
        return False


def _odf_encrypted(z: zipfile.ZipFile) -> bool:
    """Whether an OpenDocument file is locked with a password: its manifest describes how its text part
    is encrypted (``manifest:encryption-data``, ODF 1.2–1.3), or the whole package is one encrypted
    part (``encrypted-package``, LibreOffice's wholesome encryption)."""
    from lxml import etree

    names = set(z.namelist())
    if "encrypted-package" in names:
        return True
    if "META-INF/manifest.xml" not in names or z.getinfo("META-INF/manifest.xml").file_size > MAX_UNPACKED:
        return False
    ns = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
    try:  # a damaged manifest says nothing: the text part's reader reports what is wrong
        manifest = etree.fromstring(z.read("META-INF/manifest.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, *BROKEN_ZIP):
        return False
    return any(e.get(ns + "full-path") == "content.xml" and e.find(ns + "encryption-data") is not None
               for e in manifest.iter(ns + "file-entry"))


def _odt_text(el, buf: list[str]) -> None:
    """The text of an OpenDocument paragraph: spans and links read, the spaces, tabs and line breaks
    written as elements turned into characters, notes and comments left out."""
    buf.append(el.text or "")
    for c in el:
        if c.tag == _TEXT + "s":
            buf.append(" " * int(c.get(_TEXT + "c", "1") or 1))
        elif c.tag == _TEXT + "tab":
            buf.append("\t")
        elif c.tag == _TEXT + "line-break":
            buf.append("\n")
        elif c.tag not in _ODT_SKIPPED and c.tag not in (_TEXT + "p", _TEXT + "h"):
            _odt_text(c, buf)  # a paragraph inside this one (a text box's) is its own, after it
        buf.append(c.tail or "")


# ---------------------------------------------------------------- Rich Text Format
# one token of RTF: a control word with its number (and the space that ends it), a byte in hex, a
# control symbol, a brace, a run of text, line ends (which RTF ignores)
_RTF_TOKEN = re.compile(r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+",
                        re.DOTALL)
# groups whose text is no part of the document's (fonts, styles, metadata, pictures, headers and
# footers, a field's instruction: its result is shown)
_RTF_SKIPPED = frozenset(
    "fonttbl colortbl stylesheet listtable listoverridetable info pict object shppict nonshppict themedata "
    "colorschememapping latentstyles datastore xmlnstbl rsidtbl generator header headerl headerr headerf "
    "footer footerl footerr footerf fldinst footnote annotation comment filetbl revtbl pgdsctbl".split())
_RTF_CHARS = {"par": "\n", "line": "\v", "sect": "\n", "page": "\n", "row": "\n", "cell": "\n", "tab": "\t",
              "emdash": "\u2014", "endash": "\u2013", "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c",
              "rdblquote": "\u201d", "bullet": "\u2022", "emspace": " ", "enspace": " ", "qmspace": " "}
_RTF_SYMBOLS = {"\\": "\\", "{": "{", "}": "}", "~": "\u00a0", "_": "\u2011", "-": "", "\n": "\n", "\r": "\n", "\t": "\t"}


def rtf_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a Rich Text Format document (a word processor's, or a news database's RTF
    download), in order: its text, with fonts, styles, pictures, headers, footers and field
    instructions and deleted revisions (``\\deleted``) left out; characters written as bytes of the
    document's code page (``\\'e9``) or as Unicode (``\\u8217?``) decoded.  Linear in the size of the
    document."""
    text = data.decode("latin-1")  # RTF is 7-bit; any 8-bit byte is read as a code-page byte below
    if not text.lstrip("\ufeff\x00 \t\r\n").startswith("{\\rtf"):
        raise NotWordDocument("it is not a Rich Text Format document (it does not open with '{\\rtf')")
    out: list[str] = []
    raw = bytearray()  # code-page bytes waiting to be decoded
    codepage = "cp1252"
    skip, uc, pending, binary = False, 1, 0, 0  # in a skipped group; \uN fallback length; fallback left; \binN left
    deleted = False  # in a deleted revision (a character property: kept with the group, reset by \plain)
    stack: list[tuple[bool, int, bool]] = []
    star = False  # "{\*" opens a group a reader that does not know it skips

    def flush() -> None:
        if raw:
            out.append(raw.decode(codepage, errors="replace"))
            raw.clear()

    for m in _RTF_TOKEN.finditer(text):
        if binary:  # the bytes of \binN are data, whatever they look like
            binary = max(0, binary - (m.end() - m.start()))
            continue
        word, arg, hexbyte, symbol, brace, run = m.groups()
        if hexbyte is not None:
            if pending:
                pending -= 1
            elif not (skip or deleted):
                raw.append(int(hexbyte, 16))
            continue
        flush()
        if brace == "{":
            stack.append((skip, uc, deleted))
            star = False
        elif brace == "}":
            skip, uc, deleted = stack.pop() if stack else (skip, uc, deleted)
            pending = 0
        elif word is not None:
            if word in _RTF_SKIPPED or star:
                skip, star = True, False
            elif word == "bin":
                binary = int(arg or 0)
            elif word == "uc":
                uc = max(0, int(arg or 1))
            elif word == "ansicpg" and arg:
                codepage = f"cp{arg}" if _known_codec(f"cp{arg}") else codepage
            elif word in ("deleted", "plain"):
                deleted = word == "deleted" and arg != "0"
            elif skip or deleted:
                continue
            elif word == "u" and arg:
                n = int(arg)
                out.append(chr(n + 65536 if n < 0 else n) if -32768 <= n < 65536 else "\ufffd")
                pending = uc
            elif word in _RTF_CHARS:
                out.append(_RTF_CHARS[word])
                pending = 0
        elif symbol is not None:
            if symbol == "*":
                star = True
            elif not (skip or deleted) and symbol in _RTF_SYMBOLS:
                out.append(_RTF_SYMBOLS[symbol])
        elif run is not None and not (skip or deleted):
            if pending:
                n = min(pending, len(run))
                run, pending = run[n:], pending - n
            out.append(run)
    flush()
    # characters beyond U+FFFF are written as two \u (a surrogate pair): join them, and replace a lone one
    text = "".join(out).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return [p.strip().replace("\v", "\n") for p in text.split("\n")]  # \line: a line break inside a paragraph


def _known_codec(name: str) -> bool:
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def export_articles(paragraphs: list[str]) -> list[dict] | None:
    """The articles of a news database export, or None when ``paragraphs`` are not one (no
    "End of Document" line, or no article with a "Body" line; in a text file, no "1 of 25
    DOCUMENTS" line either)."""
    if any(_LEGACY_START.match(p) for p in paragraphs):
        return _legacy_articles(paragraphs)
    lines = [p.strip() for p in paragraphs]
    lines = [p for p in lines if p]
    if not any(_END.match(p) for p in lines):
        return None
    closed, cur = _closed_documents(lines, _END)
    docs = [d for d, _ in closed]
    if any(x.lower() == "body" for x in cur):  # the last article without its closing line
        docs.append(cur)
    records = [r for r in (_article(d) for d in docs) if r is not None]
    return records or None


def _closed_documents(lines: list[str], closing: re.Pattern) -> tuple[list[tuple[list[str], re.Match]], list[str]]:
    """The non-empty ``lines`` cut after each line that ``closing`` matches: each document's lines with
    the match of its closing line, and the lines after the last one."""
    docs, cur = [], []
    for line in lines:
        if m := closing.match(line):
            docs.append((cur, m))
            cur = []
        elif line:
            cur.append(line)
    return docs, cur


def _article(lines: list[str]) -> dict | None:
    body_at = next((i for i, x in enumerate(lines) if x.lower() == "body"), None)
    if body_at is None:
        return None
    head, rest = lines[:body_at], lines[body_at + 1:]
    end = next((i for i, x in enumerate(rest) if x.lower() in _SECTION_END or x.lower().startswith("load-date:")), len(rest))
    body = rest[:end]
    fields = {m.group(1).lower(): m.group(2).strip() for m in map(_FIELD.match, head + rest[end:]) if m}
    dated = next((i for i, x in enumerate(head) if i >= 1 and _DATE.match(x)), None)
    if dated is not None:  # headline, publication, date: the date anchors them (a cover page comes before)
        title, outlet = (head[dated - 2] if dated >= 2 else None), head[dated - 1]
    else:
        plain = [x for x in head if not _FIELD.match(x)]
        title, outlet = (plain + [None, None])[:2]
    published = _date(head[dated]) if dated is not None else _date(fields.get("load-date", ""))
    return {"title": title, "text": "\n\n".join(body), "outlet": outlet, "published": published,
            "author": fields.get("byline"), "section": fields.get("section")}


def _date(line: str) -> str | None:
    """ISO date of a line that starts with one ("March 3, 2020 Tuesday 5:30 PM EST", "3 March 2020",
    "Sept. 3, 2020")."""
    m = _DATE.match(line)
    if not m:
        return None
    month, day, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
    try:
        return date(int(year), _MONTHS.index(month[:3].lower()) + 1, int(day)).isoformat()
    except ValueError:  # "February 30, 2020"
        return None


# ---------------------------------------------------------------- LexisNexis Academic (text, before Nexis Uni)
_LEGACY_START = re.compile(r"^\s*\d+\s+of\s+\d+\s+DOCUMENTS?\s*$")
_LEGACY_HEAD = frozenset({"BYLINE", "SECTION", "LENGTH", "DATELINE", "HIGHLIGHT", "BODY", "SOURCE", "TYPE", "SERIES"})
_LEGACY_TAIL = frozenset({"LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE", "JOURNAL-CODE", "URL", "GRAPHIC", "NOTES",
                          "CORRECTION", "CORRECTION-DATE", "DOCUMENT-TYPE", "SUBJECT", "GEOGRAPHIC", "ORGANIZATION",
                          "PERSON", "COMPANY", "TICKER", "INDUSTRY", "COUNTRY", "CITY", "STATE", "DISTRIBUTION",
                          "ACC-NO", "DOCUMENT-ID"})
_LEGACY_FIELD = re.compile(r"^([A-Z][A-Z-]+):\s*(.*)$")


def _legacy_field(block: list[str]) -> tuple[str, str] | None:
    m = _LEGACY_FIELD.match(block[0])
    if m is None or (m.group(1) not in _LEGACY_HEAD and m.group(1) not in _LEGACY_TAIL):
        return None
    return m.group(1), " ".join([m.group(2), *block[1:]]).strip()


def _legacy_articles(lines: list[str]) -> list[dict] | None:
    """The articles of a LexisNexis Academic text download (see the module's docstring)."""
    docs: list[list[list[str]]] = []
    cur: list[list[str]] | None = None  # the open article: its blocks of lines (blank lines between)
    block: list[str] = []
    for raw in [*lines, ""]:
        line = raw.strip()
        if _LEGACY_START.match(raw):
            if cur is not None and block:
                cur.append(block)
            block, cur = [], []
            docs.append(cur)
        elif not line:
            if cur is not None and block:
                cur.append(block)
            block = []
        else:
            block.append(line)
    records = [r for r in (_legacy_article(d) for d in docs) if r is not None]
    return records or None


def _legacy_article(blocks: list[list[str]]) -> dict | None:
    fields: dict[str, str] = {}
    dated = next((i for i, b in enumerate(blocks[:4]) if _DATE.match(b[0])), None)
    if dated is None or dated < 1:
        return None
    outlet, published = " ".join(blocks[dated - 1]), _date(blocks[dated][0])
    title, body, i = [], [], dated + 1
    while i < len(blocks) and _legacy_field(blocks[i]) is None:  # the headline, wrapped
        title.append(" ".join(blocks[i]))
        i += 1
    while i < len(blocks) and (f := _legacy_field(blocks[i])) is not None and f[0] in _LEGACY_HEAD:
        fields[f[0]] = f[1]
        i += 1
    while i < len(blocks) and not ((f := _legacy_field(blocks[i])) is not None and f[0] in _LEGACY_TAIL):
        body.append(" ".join(blocks[i]))  # a paragraph's wrapped lines joined
        i += 1
    for b in blocks[i:]:
        if (f := _legacy_field(b)) is not None:
            fields.setdefault(f[0], f[1])
    if not body and title:  # no field between headline and text: the first block is the headline
        title, body = title[:1], title[1:]
    return {"title": " ".join(title) or None, "text": "\n\n".join(body), "outlet": outlet,
            "published": published or _date(fields.get("LOAD-DATE", "")), "author": fields.get("BYLINE"),
            "section": fields.get("SECTION")}


# ---------------------------------------------------------------- ProQuest (text download)
_PROQUEST_START = re.compile(r"^Document \d+ of \d+$")
_PROQUEST_RULE = re.compile(r"^_{20,}$")
# the labels of a ProQuest record's fields ("Full text: …", "Publication title: …"), each opening a field
_PROQUEST_LABELS = frozenset(x.lower() for x in (
    "Author", "Publication info", "Abstract", "Links", "Full text", "Illustration", "Caption", "Credit", "Subject",
    "Location", "People", "Company / organization", "Organization", "Identifier / keyword", "URL", "Title",
    "Publication title", "Volume", "Issue", "Pages", "First page", "Publication year", "Publication date", "Year",
    "Dateline", "Section", "Publisher", "Place of publication", "Country of publication", "Publication subject",
    "ISSN", "e-ISSN", "Source type", "Language of publication", "Document type", "Document feature",
    "ProQuest document ID", "Document URL", "Copyright", "Last updated", "Database"))
_PROQUEST_FIELD = re.compile(r"^([A-Za-z][A-Za-z /-]{1,40}):\s*(.*)$")


def proquest_articles(paragraphs: list[str]) -> list[dict] | None:
    """The articles of a ProQuest text download, or None when ``paragraphs`` are not one: records
    opened by "Document 3 of 25" (a cover page before the first is skipped), each its title, then
    labelled fields ("Author:", "Full text:" and its paragraphs, "Publication title:", "Publication
    date:", "Section:", "ProQuest document ID:", "Document URL:", …)."""
    records: list[dict[str, list[str]]] = []
    label = None
    for para in paragraphs:
        line = para.strip()
        if _PROQUEST_START.match(line):
            records.append({})
            label = "_title"
            continue
        if not records or not line or _PROQUEST_RULE.match(line):
            continue
        m = _PROQUEST_FIELD.match(line)
        if m and m.group(1).lower() in _PROQUEST_LABELS:
            label = m.group(1).lower()
            records[-1].setdefault(label, []).extend([m.group(2).strip()] if m.group(2).strip() else [])
        elif label is not None:
            records[-1].setdefault(label, []).append(line)
            label = None if label == "_title" else label  # the title is one line; an unlabelled line after it is lost
    if not records or not all("proquest document id" in r and "full text" in r for r in records):
        return None
    out = []
    for r in records:
        one = {k: " ".join(v).strip() or None for k, v in r.items()}
        outlet = one.get("publication title")
        out.append({"article_id": one.get("proquest document id"), "title": one.get("title") or one.get("_title"),
                    "text": "\n\n".join(r["full text"]), "outlet": outlet.split(";")[0].strip() if outlet else None,
                    "published": _date(one.get("publication date") or "") or one.get("publication date"),
                    "author": one.get("author"), "section": one.get("section"), "url": one.get("document url")})
    return out


# ---------------------------------------------------------------- Factiva
_FACTIVA_HINT = re.compile(r"""class=["']article\b[^"']*["'][^>]*>\s*<table""", re.IGNORECASE)
_FACTIVA_PARAGRAPH_HINT = re.compile(r"""class=["'][^"']*\barticleParagraph\b""")
# the lines of the "Article" display: its accession number, word count and time
_FACTIVA_DOCUMENT = re.compile(r"^Document ([A-Za-z0-9]{20,32})$")
_FACTIVA_WORDS = re.compile(r"^[\d,.]+ words$")
_FACTIVA_TIME = re.compile(r"^\d{1,2}:\d{2}(?: [A-Z]{2,4})?$")
# the codes of Factiva's "Full Article/Report plus Indexing" display, each opening a field
_FACTIVA_CODES = frozenset("HD CLM SE HLP BY CR WC PD ET SN SC ED PG VOL LA CY LP TD CT RF ART CO IN NS RE IPC IPD "
                           "PUB AN".split())
_FACTIVA_FIELD = re.compile(r"^([A-Z]{2,3})(?:\t\s*(.*))?$")


def factiva_articles(html: str) -> list[dict] | None:
    """The articles of a Factiva page saved as HTML (see the module's docstring), or None when
    ``html`` is not one: no article division with a table of coded fields holding a headline
    ("Full Article/Report plus Indexing"), nor one with a headline and a "Document …" number
    ("Article" display: the headline, then a line each for byline, word count, date, source, …,
    the paragraphs, the number)."""
    coded, plain = _FACTIVA_HINT.search(html), _FACTIVA_PARAGRAPH_HINT.search(html)
    if not (coded or plain):
        return None
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    return (_factiva_coded_html(root) if coded else None) or _factiva_article_html(root)


def _factiva_article_html(root) -> list[dict] | None:
    """The articles of a Factiva page displayed as "Article": each division of class "article"
    with a headline span, its lines (divisions without attributes) and its paragraphs."""
    out = []
    for div in root.xpath('//div[contains(concat(" ", normalize-space(@class), " "), " article ")]'):
        head = " ".join(x.text_content().strip() for x in div.xpath('.//span[contains(@class, "Headline")]')).strip()
        lines = [x.text_content().strip() for x in div.xpath("./div[not(@*)]")]
        an = next((m.group(1) for x in lines if (m := _FACTIVA_DOCUMENT.match(x))), None)
        if not head or an is None:
            continue
        w = next((i for i, x in enumerate(lines) if _FACTIVA_WORDS.match(x)), -1)
        when, outlet, _ = _after_word_count(lines, w)
        paras = (p.text_content().strip() for p in div.xpath('.//p[contains(@class, "articleParagraph")]'))
        author = next((x[3:].strip() for x in lines[:max(w, 0)] if x.startswith("By ")), None)
        out.append({"article_id": an, "title": head, "text": "\n\n".join(t for t in paras if t), "outlet": outlet,
                    "published": when, "author": author})
    return out or None


def _after_word_count(lines: list[str], w: int) -> tuple[str | None, str | None, list[str]]:
    """``(date, source, the lines after it)`` of a Factiva article displayed as "Article", from the
    line ``w`` of its word count: the date, a time perhaps, then the source."""
    rest = lines[w + 1:]
    when = _date(rest[0]) if rest else None
    rest = rest[1:] if when else rest
    rest = rest[1:] if rest and _FACTIVA_TIME.match(rest[0]) else rest
    if not rest or _FACTIVA_DOCUMENT.match(rest[0]):
        return when, None, rest
    return when, rest[0], rest[1:]


def _factiva_coded_html(root) -> list[dict] | None:
    """The articles of a Factiva page displayed as "Full Article/Report plus Indexing"."""
    out = []
    for div in root.xpath('//div[contains(concat(" ", normalize-space(@class), " "), " article ")]'):
        fields: dict[str, list[str]] = {}
        for row in div.xpath("./table/tr | ./table/tbody/tr"):
            cells = row.xpath("./td")
            if len(cells) != 2:
                continue
            code = cells[0].text_content().strip().replace("\xa0", "")
            paras = [p.text_content().strip() for p in cells[1].xpath(".//p")]
            value = [p for p in paras if p] or [cells[1].text_content().strip()]
            if code.isupper() and code.isalpha() and len(code) <= 4:
                fields[code] = value
        if "HD" in fields:
            out.append(_factiva_record(fields))
    return out or None


def factiva_text_articles(paragraphs: list[str]) -> list[dict] | None:
    """The articles of a Factiva download in RTF (or the same saved as text or Word), displayed as
    "Full Article/Report plus Indexing": each field a code on its own ("HD", "PD", "LP", …, in a
    table cell or on a line) followed by its value, each article from its headline (HD) to its
    accession number (AN, "Document …"); or, displayed as "Article" (no codes), each document closed
    by its "Document …" line.  None when ``paragraphs`` are not one."""
    articles: list[dict[str, list[str]]] = []
    code = None
    for para in paragraphs:
        line = para.strip(" \u00a0")
        m = _FACTIVA_FIELD.match(line)
        if m and m.group(1) in _FACTIVA_CODES:
            code = m.group(1)
            if code == "HD":
                articles.append({})
            if articles:
                articles[-1].setdefault(code, [])
                if m.group(2):
                    articles[-1][code].append(m.group(2).strip())
        elif code is not None and articles and line.strip():
            articles[-1][code].append(line.strip())
    if not articles or not any(a.get("AN", [""])[0].startswith("Document ") for a in articles if a.get("AN")):
        return _factiva_article_format(paragraphs)
    return [_factiva_record(a) for a in articles]


_COPYRIGHT = re.compile(r"^(?:copyright\b|\(c\)|\u00a9)", re.IGNORECASE)


def _factiva_article_format(paragraphs: list[str]) -> list[dict] | None:
    """The articles of a Factiva download displayed as "Article" (no codes): each a headline (and
    byline), "812 words", the date (and time), the source, its code, edition, page and language
    lines, a copyright line, the body, and "Document …" (its accession number).  None unless every
    document has its word count among its first lines."""
    docs, _ = _closed_documents([p.strip(" \t\u00a0") for p in paragraphs], _FACTIVA_DOCUMENT)
    out = []
    for lines, closing in docs:
        an = closing.group(1)
        w = next((i for i, x in enumerate(lines[:8]) if _FACTIVA_WORDS.match(x)), None)
        if not w:
            return None
        head = lines[:w]
        author = next((x[3:].strip() for x in head[1:] if x.startswith("By ")), None)
        when, outlet, after = _after_word_count(lines, w)
        c = next((i for i, x in enumerate(after[:9]) if _COPYRIGHT.match(x)), None)
        body = after[c + 1:] if c is not None else [x for x in after if len(x.split()) >= 8]
        out.append({"article_id": an, "title": " ".join(x for x in head if not x.startswith("By ")) or None,
                    "text": "\n\n".join(body), "outlet": outlet, "published": when, "author": author})
    return out or None


def _factiva_record(fields: dict[str, list[str]]) -> dict:
    """An article's record from its Factiva fields (code -> paragraphs of the value)."""
    one = {k: " ".join(v).strip() or None for k, v in fields.items()}
    an = one.get("AN")
    return {"article_id": an[len("Document "):].strip() if an and an.startswith("Document ") else an,
            "title": one.get("HD"), "text": "\n\n".join([*fields.get("LP", []), *fields.get("TD", [])]),
            "outlet": one.get("SN"), "published": _date(one.get("PD") or "") or one.get("PD"),
            "author": one.get("BY"), "section": one.get("SE")}
