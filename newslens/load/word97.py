"""The text of a Word 97–2003 document (``.doc``), paragraph by paragraph.

A ``.doc`` file is an OLE compound file whose ``WordDocument`` stream starts with the File
Information Block (FIB); the FIB points into the ``0Table`` or ``1Table`` stream at the piece
table (``Clx``), which lists where each run of the document's characters lies in
``WordDocument`` — as 8-bit Windows-1252 bytes or as UTF-16 ([MS-DOC] 2.4.1, "Retrieving Text").
The main document is the first ``ccpText`` characters; footnotes, headers, comments and text boxes
follow it and are left out, as are deleted revisions (tracked changes: text whose character
properties carry the deletion mark).  Control characters become text as Word shows it: a
paragraph mark (13), a cell or row end (7) and a page or section break (12) end a paragraph, a
line break (11) is a line break, a non-breaking hyphen (30) is "-", an optional hyphen (31) is
dropped; of a field (19 instructions 20 result 21: a hyperlink, a page number, a date) the result
is kept and the instructions dropped; object anchors (pictures, footnote marks) are dropped.

Databases have long saved their "Word" downloads as RTF or as a web page under a ``.doc`` name,
and files renamed between ``.doc`` and ``.docx`` are common too: :func:`doc_paragraphs` reads each
as what it is.  Two checks of other compound files live here too: :func:`encrypted_office` (an
Office file locked with a password) and :func:`xls_damage` (an Excel 97–2003 workbook too damaged
to hand to its reader).
"""
from __future__ import annotations

import bisect
import io
import struct

from .archives import LOCKED_FIX, NotWordDocument, docx_paragraphs, rtf_paragraphs

__all__ = ["doc_paragraphs", "word97_paragraphs", "encrypted_office", "xls_damage", "LOCKED_FIX"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENDS = {13, 7, 12}  # paragraph mark, cell/row end, page or section break
_DROPPED = {1, 2, 3, 4, 5, 6, 8, 31}  # object anchors (picture, footnote and comment marks, drawings), optional hyphen


def xls_damage(data: bytes) -> str | None:
    """What is wrong with an Excel 97–2003 workbook (``.xls``) whose sheet dimensions cannot be
    true, or None.  Each sheet's DIMENSIONS record (BIFF8 ``0x0200``) gives its first and last row
    and column; a damaged one (a first row beyond the last, more than Excel's 65,536 rows or 256
    columns) makes the workbook reader ask for terabytes of memory, which ends the Python process
    instead of raising an error, so such a file is refused before it is read.  Linear in the size
    of the workbook stream."""
    if not data.startswith(_OLE):
        return None
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return None
            stream = ole.openstream(name).read()
    except (OSError, ValueError, IndexError, struct.error):
        return None
    at = 0
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        if kind == 0x0200 and size >= 14 and at + 4 + size <= len(stream):
            first_row, end_row, first_col, end_col = struct.unpack_from("<IIHH", stream, at + 4)
            if not (first_row <= end_row <= 65536 and first_col <= end_col <= 256):
                return (f"a sheet's dimensions are damaged (rows {first_row:,}–{end_row:,}, "
                        f"columns {first_col:,}–{end_col:,})")
        at += 4 + size
    return None


def encrypted_office(data: bytes) -> bool:
    """Whether the bytes are an Office document locked with a password: Word, Excel and PowerPoint
    2007 or later save one as a compound file holding an ``EncryptedPackage`` stream."""
    if not data.startswith(_OLE):
        return False
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return ole.exists("EncryptedPackage")
    except (OSError, ValueError, IndexError, struct.error):
        return False


def doc_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a file named ``.doc`` or ``.docx``: a Word 97–2003 document, a Word 2007 or
    later document, or RTF, whichever the bytes are (a file renamed from one to the other is read
    as what it is).  A web page under that name is for the caller
    (:func:`newslens.load.html.looks_like_html`);
    anything else is :class:`NotWordDocument`."""
    if data.startswith(_OLE):
        return word97_paragraphs(data)
    if data.lstrip(b"\xef\xbb\xbf\x00 \t\r\n").startswith(b"{\\rtf"):
        return rtf_paragraphs(data)
    if data.startswith(b"PK\x03\x04"):
        return docx_paragraphs(data)
    raise NotWordDocument("it is not a Word document (neither Word 97–2003, nor Word 2007 or later, nor RTF)")


def word97_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a Word 97–2003 document's main text, in order (see the module docstring)."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, IndexError, struct.error) as e:
        raise NotWordDocument(f"it is a damaged Word 97–2003 document ({e})") from None
    with ole:
        if ole.exists("EncryptedPackage"):
            raise NotWordDocument("it is locked with a password (an encrypted Office document)", LOCKED_FIX)
        if not ole.exists("WordDocument"):
            raise NotWordDocument("it is an Office file but not a Word document (it has no WordDocument stream: a "
                                  "workbook or a presentation under a .doc name?)",
                                  "Give it the suffix of what it is (an Excel 97–2003 workbook is read as .xls), or "
                                  "save the document as .docx or plain text (.txt).")
        try:
            return _paragraphs(_text(ole))
        except (OSError, ValueError, IndexError, struct.error) as e:
            raise NotWordDocument(f"it is a damaged Word 97–2003 document ({e})") from None


def _text(ole) -> str:
    """The main document's characters, through the piece table."""
    doc = ole.openstream("WordDocument").read()
    ident, nfib, _, _, _, flags = struct.unpack_from("<HHHHHH", doc, 0)
    if ident != 0xA5EC:
        raise NotWordDocument("its WordDocument stream is not Word 97–2003 (Word 6 and 95 files are not read)",
                              "Open it in a word processor and save it as .docx or plain text (.txt).")
    if flags & 0x0100:
        raise NotWordDocument("it is password-protected",
                              "Open it in Word with its password, remove the password and save it as .docx.")
    table_name = "1Table" if flags & 0x0200 else "0Table"
    if not ole.exists(table_name):
        raise NotWordDocument(f"its {table_name} stream is missing")
    table = ole.openstream(table_name).read()
    csw = struct.unpack_from("<H", doc, 32)[0]
    lw = 34 + 2 * csw  # cslw, then fibRgLw: cbMac, lProductCreated, lProductRevised, ccpText, ...
    cslw = struct.unpack_from("<H", doc, lw)[0]
    ccp_text = struct.unpack_from("<i", doc, lw + 2 + 12)[0]
    blob = lw + 2 + 4 * cslw + 2  # fibRgFcLcbBlob, after cbRgFcLcb
    fc_clx, lcb_clx = struct.unpack_from("<II", doc, blob + 33 * 8)  # fcClx / lcbClx: the 34th pair
    if lcb_clx == 0 or fc_clx + lcb_clx > len(table) or ccp_text < 0:
        raise NotWordDocument("its piece table is missing or out of bounds")
    clx = table[fc_clx:fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: formatting, skipped
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise NotWordDocument("its piece table has no text pieces")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n < 1:
        raise NotWordDocument("its piece table has no text pieces")
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    deleted = _deleted(doc, table, blob)
    ends = [b for _, b in deleted]
    out, have = [], 0
    for k in range(n):
        if have >= ccp_text:
            break
        fc = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * k + 2)[0]
        count = min(cps[k + 1] - cps[k], ccp_text - have)
        if count <= 0:
            continue
        if fc & 0x40000000:  # 8-bit characters (Word's "compressed" pieces: Windows-1252)
            start, width = (fc & 0x3FFFFFFF) // 2, 1
            piece = doc[start:start + count].decode("cp1252", "replace")
        else:
            start, width = fc & 0x3FFFFFFF, 2
            piece = doc[start:start + 2 * count].decode("utf-16-le", "replace")
        if len(piece) < count:
            raise NotWordDocument("a text piece lies beyond the end of the document")
        out.append(_kept(piece, start, width, deleted, ends))
        have += count
    return "".join(out)


def _deleted(doc: bytes, table: bytes, blob: int) -> list[tuple[int, int]]:
    """The byte ranges of WordDocument whose characters are a deleted revision: the runs of the
    character-formatting pages (PlcBteChpx, the 13th pair of the FIB; each 512-byte page a list of
    runs and their properties) that set sprmCFRMarkDel (0x0800), in order."""
    fc, lcb = struct.unpack_from("<II", doc, blob + 12 * 8)
    if lcb < 12 or fc + lcb > len(table):
        return []
    n = (lcb - 4) // 8
    pages = sorted({v & 0x3FFFFF for v in struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1))})
    runs = []
    view = memoryview(doc)
    for pn in pages:
        page = view[pn * 512:pn * 512 + 512]
        if len(page) < 512:
            continue
        crun = page[511]
        if 5 * crun + 4 > 511:  # its run bounds and offsets would overrun the page
            continue
        bounds = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for r in range(crun):
            at = 2 * page[4 * (crun + 1) + r]
            if at and at < 511 and _marks_deleted(bytes(page[at + 1:at + 1 + page[at]])):
                runs.append((bounds[r], bounds[r + 1]))
    return sorted(runs)


_SPRM_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # operand bytes by the sprm's spra (6: the first byte says)


def _marks_deleted(grpprl: bytes) -> bool:
    """Whether character properties (a list of sprms) mark the text deleted (sprmCFRMarkDel on)."""
    i = 0
    while i + 2 < len(grpprl):
        op = grpprl[i] | grpprl[i + 1] << 8
        i += 2
        if op == 0x0800:
            return grpprl[i] in (1, 0x81)
        i += _SPRM_SIZE.get(op >> 13) or 1 + grpprl[i]
    return False


def _kept(piece: str, start: int, width: int, deleted: list[tuple[int, int]], ends: list[int]) -> str:
    """``piece`` (its first character's byte at ``start``, ``width`` bytes a character) without the
    characters that lie in ``deleted`` ranges (``ends``: their ends)."""
    if not deleted:
        return piece
    end = start + width * len(piece)
    kept, pos = [], 0
    for a, b in deleted[bisect.bisect_right(ends, start):]:
        if a >= end:
            break
        i, j = max(0, (a - start) // width), min(len(piece), -(-(b - start) // width))
        if i > pos:
            kept.append(piece[pos:i])
        pos = max(pos, j)
    kept.append(piece[pos:])
    return "".join(kept)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs from the main document's characters: fields reduced to their results, control
    characters to what Word shows."""
    paras: list[str] = []
    buf: list[str] = []
    fields: list[bool] = []  # per open field: whether its result has begun
    hidden = 0  # open fields still in their instructions (a field nested in instructions is hidden too)
    for ch in text:
        o = ord(ch)
        if o == 19:
            fields.append(False)
            hidden += 1
            continue
        if o == 20:
            if fields and not fields[-1]:
                fields[-1] = True
                hidden -= 1
            continue
        if o == 21:
            if fields and not fields.pop():
                hidden -= 1
            continue
        if hidden:
            continue  # a field's instructions ("HYPERLINK …", "PAGE")
        if o in _ENDS:
            paras.append("".join(buf))
            buf = []
        elif o == 11:
            buf.append("\n")
        elif o == 30:
            buf.append("-")
        elif o == 9:
            buf.append("\t")
        elif o in _DROPPED or o < 32:
            continue
        else:
            buf.append(ch)
    if buf:  # text after the last paragraph mark (Word always writes one)
        paras.append("".join(buf))
    return paras
