"""The paragraphs of a PDF's text: a news database's PDF download or a web page saved as PDF.

A PDF holds positioned lines, not paragraphs.  :func:`pdf_paragraphs` reads each page's lines
with PDFium (``pypdfium2``: the characters, their boxes and the line breaks PDFium finds), leaves
out the page furniture, and joins lines into paragraphs by their geometry:

* **furniture**: a line in the top or bottom eighth of its page that recurs (digits aside) at
  the same height on three pages (or on each page of a shorter document), in a smaller type than
  the body or with other text next to it inwards (an article printed twice, each copy at the top
  of a page, is not a header), or says only a page number ("3", "Page 3 of 12", "3/12"), or,
  on a document of one page, sits in the outer twentieth of the page in a smaller type than the
  body (a browser's date, title, address and page count);
* **a new paragraph** starts where the line before it ended short of its column's right edge (the
  first word of the line would have fitted there), where the space above it is wider than the
  document's line spacing, where it is indented (unless the line before opens a list item, whose
  next lines hang under its text), or where the type size changes (a heading);
  across a page or column break, where no space shows, a paragraph goes on when the line before
  the break ran to the right edge, the first after it is not indented, and they do not read as a
  sentence's end and a new one's start;
* a line ending in a hyphen joins the next without a space; the hyphen is dropped only when it is
  a soft hyphen or the word it splits is written unbroken elsewhere in the document ("con-tinued"
  where "continued" occurs), and kept otherwise ("long-serving").

Columns are told apart by their left edges.  The line spacing is read from the lines
that wrapped into the next one; in a text without such lines each line is a paragraph.  When fewer
than ``THIN`` lines seem to wrap (a short text of one-line paragraphs, some as long as a line can
be), lines of the same size set closer together elsewhere (a line break) give the spacing instead,
so the space between those paragraphs still parts them.  A PDF
without text (a scan), one locked with a password and one whose compressed streams unpack to more
than :data:`~newslens.load.archives.MAX_UNPACKED` bytes raise :class:`NotWordDocument` saying so.
The geometry cannot tell a paragraph's last line from a line after it that starts at the line
spacing without an indent when the last line ran to the edge: they are read as one paragraph.
"""
from __future__ import annotations

import re
import threading
import zlib
from dataclasses import dataclass

import numpy as np

from ..errors import missing_dependency
from .archives import MAX_UNPACKED, NotWordDocument

__all__ = ["pdf_paragraphs"]

_lock = threading.Lock()  # PDFium is not thread-safe
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_AGAIN = "Download it again, or download the articles as text instead (Nexis Uni: Word or RTF; ProQuest: plain text)."
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,5}(?:\s*(?:of|/)\s*\d{1,5})?$", re.IGNORECASE)
_HYPHEN_MARK = "\ufffe"  # PDFium's mark of a hyphen that ends a line
_SOFT_HYPHEN = ("\x02", "\u00ad")
_LIST_ITEM = re.compile(r"(?:[\u2022\u25e6\u25aa\u00b7*\u2013-]|\d{1,3}[.)]|\(?[a-z][.)])\s")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_SENTENCE_START = re.compile(r"[\"'\u201c\u2018(\[]?[A-Z0-9]")
BAND = 0.125      # the top and bottom share of a page where running headers and footers sit
EDGE = 0.05       # the outer share where a lone page's small-type furniture sits
GAP = 1.35        # a space above a line wider than this many line spacings starts a paragraph
COLUMN = 6        # left edges further apart than this many body sizes are columns of their own
THIN = 3          # fewer pairs of full lines than this are weak evidence of the line step (see pdf_paragraphs)


@dataclass
class _Line:
    text: str
    left: float
    right: float
    bottom: float
    top: float
    page: int
    height: float  # the page's height
    first: float   # the width of its first word

    @property
    def size(self) -> float:
        return self.top - self.bottom

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _page_lines(page, number: int) -> list[_Line]:
    """A page's lines in PDFium's reading order, each with the loose box of its characters.  PDFium
    joins a line ending in a hyphen to the next, marking the hyphen U+FFFE: they are cut apart
    again there, the mark kept at the end of the first."""
    height = page.get_size()[1]
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        text = tp.get_text_range(0, n) if n else ""
        if len(text) != n:  # characters outside the basic plane: read one by one
            text = "".join(tp.get_text_range(i, 1) or " " for i in range(n))
        lines, start = [], 0
        for k in [m.end() for m in re.finditer("[\n\ufffe]", text)] + [n]:
            chars = [i for i in range(start, k) if not text[i].isspace() and text[i] != _HYPHEN_MARK]
            if chars:
                boxes = np.array([tp.get_charbox(i, loose=True) for i in chars])
                word = next((r for r in range(1, len(chars)) if chars[r] != chars[r - 1] + 1), len(chars))
                lines.append(_Line(text[start:k].replace("\r", "").strip(), boxes[:, 0].min(), boxes[:, 2].max(),
                                   float(np.median(boxes[:, 1])), float(np.median(boxes[:, 3])), number, height,
                                   float(boxes[:word, 2].max() - boxes[:word, 0].min())))
            start = k
        return lines
    finally:
        tp.close()


def _unpacked(data: bytes, cap: int) -> int:
    """Bytes the PDF's zlib-compressed streams unpack to, counted in steps of a megabyte and only up
    to just past ``cap`` (a decompression bomb is measured, never unpacked whole)."""
    total, pos = 0, 0
    while total <= cap and (m := _STREAM.search(data, pos)):
        end = data.find(b"endstream", m.end())
        end = len(data) if end < 0 else end
        inflate, rest = zlib.decompressobj(), data[m.end():end]
        try:
            while rest and total <= cap and not inflate.eof:
                total += len(inflate.decompress(rest, 1 << 20))
                rest = inflate.unconsumed_tail
        except zlib.error:  # not compressed with zlib (or broken): PDFium judges it
            pass
        pos = end + 1
    return total


def _read_lines(data: bytes) -> list[_Line]:
    if _unpacked(data, MAX_UNPACKED) > MAX_UNPACKED:
        raise NotWordDocument(f"its compressed streams unpack to more than {MAX_UNPACKED:,} bytes (a decompression "
                              "bomb is refused)", "If it is a genuine document, download the articles as text instead.")
    try:
        import pypdfium2 as pdfium
    except ImportError:  # a core dependency; only a broken install lacks it
        raise missing_dependency("pypdfium2", "reading a PDF") from None
    with _lock:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            if "password" in str(e).lower():
                raise NotWordDocument("the PDF is locked with a password",
                                      "Open it with its password and save a copy without one (Print, then Save as "
                                      "PDF), or download the articles as text.") from None
            raise NotWordDocument(f"not a PDF that can be read ({e})", _AGAIN) from None
        try:
            out = []
            for i in range(len(doc)):
                try:
                    page = doc[i]
                    try:
                        out.extend(_page_lines(page, i))
                    finally:
                        page.close()
                except pdfium.PdfiumError as e:
                    raise NotWordDocument(f"page {i + 1} of {len(doc)} of the PDF cannot be read ({e})", _AGAIN) from None
            return out
        finally:
            doc.close()


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _furniture(lines: list[_Line], body: float) -> list[bool]:
    """Whether each line is a running header, footer or page number (see the module's docstring)."""
    pages = len({x.page for x in lines})
    top = [x.middle > x.height * (1 - BAND) for x in lines]
    banded = [t or x.middle < x.height * BAND for x, t in zip(lines, top)]
    keys = [(_key(x.text), round(x.middle / body)) for x in lines]  # the text (digits aside) at its height
    inward = _inward(lines, top)
    seen: dict[tuple, tuple[set, set]] = {}  # pages it is on, texts inward of it
    for x, b, k, n in zip(lines, banded, keys, inward):
        if b:
            on, within = seen.setdefault(k, (set(), set()))
            on.add(x.page)
            within.add(n)
    out = []
    for x, b, k in zip(lines, banded, keys):
        edge = x.middle > x.height * (1 - EDGE) or x.middle < x.height * EDGE
        # a running line recurs on three pages (or on every page), in a smaller type or with other text
        # inward of it; the same start of two pages (a headline, its outlet, …) is an article printed twice
        on, within = seen[k] if b else ((), ())
        running = len(on) >= min(3, max(2, pages)) and (len(within) > 1 or x.size < 0.9 * body)
        out.append(b and (running or bool(_PAGE_NUMBER.match(x.text))
                          or (pages == 1 and edge and x.size < 0.85 * body)))
    return out


def _inward(lines: list[_Line], top: list[bool]) -> list[str]:
    """For each line, the text (digits aside) of the next line on its page towards the middle (below
    a line of the top band, above one of the bottom band)."""
    out = [""] * len(lines)
    pages: dict[int, list[int]] = {}
    for i, x in enumerate(lines):
        pages.setdefault(x.page, []).append(i)
    for members in pages.values():
        members.sort(key=lambda i: -lines[i].middle)
        for r, i in enumerate(members):
            j = r + 1 if top[i] else r - 1
            out[i] = _key(lines[members[j]].text) if 0 <= j < len(members) else ""
    return out


def _joined(lines: list[str], words: set[str]) -> str:
    """One paragraph's lines as one text: a space between lines, none after a hyphen that ends a line
    before a letter; the hyphen itself is dropped when it is a soft one, or when the word it splits
    is written unbroken elsewhere in the document (``words``), and kept otherwise ("long-serving")."""
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        if prev.endswith(_HYPHEN_MARK):
            head = re.search(r"(\w*)\W?$", prev[-80:-1]).group(1)  # (a bounded slice: a line may be very long)
            tail = re.match(r"\w*", line[:80]).group(0)
            out[-1] = prev[:-1] + ("" if (head + tail).lower() in words else "-")
        elif prev.endswith(_SOFT_HYPHEN):
            out[-1] = prev[:-1]
        elif not (prev.endswith("-") and line[:1].isalpha()):
            out.append(" ")
        out.append(line)
    return "".join(out)


def pdf_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a PDF's text, in reading order, without page headers, footers and numbers."""
    lines = _read_lines(data)
    if not lines:
        raise NotWordDocument("the PDF has no text (a scanned page is a picture of text)",
                              "Give it a text layer first with OCR (for example: ocrmypdf in.pdf out.pdf) and load "
                              "that, or find the articles as text.")
    body = float(np.median([x.size for x in lines]))
    if not body > 0:  # a damaged file whose fonts have no size: one point, so that the geometry stays defined
        body = 1.0
    lines = [x for x, f in zip(lines, _furniture(lines, body)) if not f]
    if not lines:
        return []
    left, right = _columns(lines, body)
    full = [not _short(a, b, r) for a, b, r in zip(lines, lines[1:], right)] + [True]
    steps = [a.bottom - b.bottom for a, b, f in zip(lines, lines[1:], full)
             if f and a.page == b.page and abs(a.size - b.size) < 0.2 * body and 0 < a.bottom - b.bottom < 3 * a.size]
    step = float(np.median(steps)) if steps else None
    if step is not None and len(steps) < THIN:
        # few pairs of full lines: they may be one-line paragraphs set apart by spacing rather than lines
        # wrapping; lines of the same size closer together elsewhere (a line break) show the real step
        closer = [a.bottom - b.bottom for a, b in zip(lines, lines[1:])
                  if a.page == b.page and abs(a.size - b.size) < 0.2 * body and 0.5 * a.size < a.bottom - b.bottom < step / GAP]
        step = min(closer, default=step)
    paragraphs: list[list[str]] = []
    for i, x in enumerate(lines):
        if i and _goes_on(lines[i - 1], x, full[i - 1], step, left[i], body):
            paragraphs[-1].append(x.text)
        else:
            paragraphs.append([x.text])
    words = {w.lower() for x in lines for w in re.findall(r"\w+", x.text)}
    return [re.sub(r"\s+", " ", _joined(p, words).replace(_HYPHEN_MARK, "-")).strip() for p in paragraphs]


def _columns(lines: list[_Line], body: float) -> tuple[list[float], list[float]]:
    """The left and right edge of each line's column: lines whose left edges lie within ``COLUMN``
    body sizes of one another (indents included) make a column; its edges are the 5th percentile of
    their left edges and the 95th of their right edges.  A right edge that fewer than two lines reach
    (within two body sizes) is no edge: nothing in that column wrapped (its right edge is infinite)."""
    lefts, rights = [0.0] * len(lines), [0.0] * len(lines)
    order = sorted(range(len(lines)), key=lambda i: lines[i].left)
    start = 0
    for k in range(1, len(order) + 1):
        if k == len(order) or lines[order[k]].left - lines[order[k - 1]].left > COLUMN * body:
            column = order[start:k]
            a = float(np.percentile([lines[i].left for i in column], 5))
            b = float(np.percentile([lines[i].right for i in column], 95))
            if sum(lines[i].right >= b - 2 * body for i in column) < 2:
                b = float("inf")
            for i in column:
                lefts[i], rights[i] = a, b
            start = k
    return lefts, rights


def _short(prev: _Line, cur: _Line, right: float) -> bool:
    """Whether ``prev`` ended so far short of its column's ``right`` edge that the first word of
    ``cur`` and a space would have fitted after it."""
    return right - prev.right > cur.first + 0.3 * cur.size


def _goes_on(prev: _Line, cur: _Line, prev_full: bool, step: float | None, left: float, body: float) -> bool:
    """Whether ``cur`` continues the paragraph of the line before it."""
    if prev.text.endswith(_HYPHEN_MARK):  # PDFium read a word broken across the two lines
        return True
    if step is None:  # no line wrapped into the next: each line is a paragraph
        return False
    indented = (cur.left > left + 0.8 * cur.size and cur.left > prev.left + 0.8 * cur.size
                and not _LIST_ITEM.match(prev.text))  # a list item's next line hangs under its text
    if not prev_full or indented or abs(cur.size - prev.size) >= 0.2 * body:
        return False
    if cur.page != prev.page or cur.bottom > prev.top:  # at the top of the next page or column, where no space shows
        return not (_SENTENCE_END.search(prev.text) and _SENTENCE_START.match(cur.text))
    return 0 < prev.bottom - cur.bottom <= GAP * step
