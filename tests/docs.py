"""Word-processor documents for the load tests: ``python tests/docs.py`` writes one story as a flat
OpenDocument file (``story.fodt``, the XML written here) and has LibreOffice save it as
``tests/data/story.odt``, ``story.doc`` (Word 97–2003), ``story.docx`` and ``story.rtf``, and saves
the Nexis Uni download of ``test_load.NEXIS`` as ``tests/data/nexis.doc`` (needs the ``soffice``
command: Debian's ``libreoffice-writer-nogui`` and ``libreoffice-calc-nogui``).  One document in
four formats, written by a word processor rather than by hand, lets a test check that the readers
agree.  It also writes ``locked.docx`` (``story.docx`` locked with the password "secret") and
``locked.xlsx`` (a sheet of one coded article, locked the same way) with msoffcrypto-tool
(``pip install msoffcrypto-tool``), as Word and Excel lock them, and ``locked.odt`` and
``locked.ods`` (``story.odt`` and that sheet saved by LibreOffice with that password, through its
UNO API: Debian's ``python3-uno``).

The story has a title, a quotation with curly quotes and a dash, letters outside Windows-1252, a
hyperlink (in ``.doc`` and ``.rtf`` a field whose instructions are not text), a footnote, a running
header and footer, a tracked change (a deleted word and an inserted one: the deletion is not
text), a line break inside a paragraph and a two-cell table.  (LibreOffice stores a ``.doc``'s text
as UTF-16; the 8-bit pieces Word also writes are checked with streams written by hand in
``test_load``.)
"""
import html
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent / "data"

STORY_TITLE = "Harbour ferry returns to service"
STORY = [
    "The harbour ferry ran again on Monday after six weeks in dry dock, the port authority said.",
    "“We are glad to have her back,” said Ana Ruiz — the authority’s director.",
    "The boat was refitted at the Gdańsk yard for €1.2 million; its crew of 12 trained in Łódź.",
    "Timetables are on the port’s website.",
    "Fares rise in July.",
    "Fares: adults 3.20\nchildren 1.60",
    "North pier",
    "South pier",
]
_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
       'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/"')


def _story_fodt() -> str:
    e = html.escape
    p = "".join
    changes = ('<text:tracked-changes>'
               '<text:changed-region text:id="del1"><text:deletion><office:change-info><dc:creator>Desk</dc:creator>'
               '<dc:date>2024-06-01T09:00:00</dc:date></office:change-info><text:p>next year</text:p></text:deletion>'
               '</text:changed-region>'
               '<text:changed-region text:id="ins1"><text:insertion><office:change-info><dc:creator>Desk</dc:creator>'
               '<dc:date>2024-06-01T09:00:00</dc:date></office:change-info></text:insertion></text:changed-region>'
               '</text:tracked-changes>')
    body = p([
        changes,
        f"<text:p>{e(STORY_TITLE)}</text:p>",
        f"<text:p>{e(STORY[0])}<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation>"
        "<text:note-body><text:p>The dry dock is at the south pier.</text:p></text:note-body></text:note></text:p>",
        *(f"<text:p>{e(t)}</text:p>" for t in STORY[1:3]),
        '<text:p>Timetables are on <text:a xlink:type="simple" xlink:href="https://example.org/ferry">the port’s website</text:a>.</text:p>',
        '<text:p>Fares rise <text:change text:change-id="del1"/><text:change-start text:change-id="ins1"/>in July'
        '<text:change-end text:change-id="ins1"/>.</text:p>',
        f"<text:p>{e(STORY[5]).replace(chr(10), '<text:line-break/>')}</text:p>",
        f'<table:table table:name="Piers"><table:table-column table:number-columns-repeated="2"/><table:table-row>'
        f'<table:table-cell><text:p>{e(STORY[6])}</text:p></table:table-cell>'
        f'<table:table-cell><text:p>{e(STORY[7])}</text:p></table:table-cell></table:table-row></table:table>',
    ])
    master = ('<office:master-styles><style:master-page style:name="Standard">'
              '<style:header><text:p>The Harbour Courier</text:p></style:header>'
              '<style:footer><text:p>Page footer</text:p></style:footer></style:master-page></office:master-styles>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document {_NS} office:version="1.2" '
            f'office:mimetype="application/vnd.oasis.opendocument.text">{master}'
            f"<office:body><office:text>{body}</office:text></office:body></office:document>")


def _convert(source: Path, to: str, out: Path) -> None:
    """``source`` saved by LibreOffice with the filter ``to`` ("doc:MS Word 97") as ``out``."""
    subprocess.run(["soffice", "--headless", "--convert-to", to, "--outdir", str(source.parent), str(source)],
                   check=True, capture_output=True)
    source.with_suffix("." + to.split(":")[0]).replace(out)


def write_locked() -> None:
    """``locked.docx`` and ``locked.xlsx``: Office files encrypted with the password "secret"; ``locked.odt``
    and ``locked.ods`` (``story.odt``, and the sheet as OpenDocument) saved by LibreOffice with that password."""
    import io

    import pandas as pd
    from msoffcrypto.format.ooxml import OOXMLFile

    sheet = io.BytesIO()
    pd.DataFrame({"title": ["Harbour vote"], "text": ["The council voted on Tuesday to rebuild the pier."]}).to_excel(
        sheet, index=False)
    for source, name in ((io.BytesIO((HERE / "story.docx").read_bytes()), "locked.docx"), (sheet, "locked.xlsx")):
        source.seek(0)
        with open(HERE / name, "wb") as out:
            OOXMLFile(source).encrypt("secret", out)
    # LibreOffice locks an OpenDocument file when it saves it with a password, which only its UNO API
    # asks for (Debian's python3 has the uno module: package python3-uno)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "coded.csv").write_text("title,text\nHarbour vote,The council voted on Tuesday to rebuild the pier.\n", "utf-8")
        _convert(Path(tmp) / "coded.csv", "ods", Path(tmp) / "coded.ods")
        for source, name, kind in ((HERE / "story.odt", "locked.odt", "writer8"), (Path(tmp) / "coded.ods", "locked.ods", "calc8")):
            subprocess.run(["/usr/bin/python3", "-c", _UNO_LOCK, str(source), str(HERE / name), kind], check=True, timeout=300)


_UNO_LOCK = """
import subprocess, sys, tempfile, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

with tempfile.TemporaryDirectory() as profile:
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
                               "--accept=socket,host=127.0.0.1,port=2083;urp;"])
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve("uno:socket,host=127.0.0.1,port=2083;urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(sys.argv[1]), "_blank", 0, (prop("Hidden", True),))
    doc.storeToURL(uno.systemPathToFileUrl(sys.argv[2]), (prop("FilterName", sys.argv[3]), prop("Password", "secret")))
    doc.close(True)
    try:
        desktop.terminate()
    except Exception:  # the office quits before it answers
        pass
    office.wait(timeout=60)
"""


def main() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from test_load import NEXIS

    with tempfile.TemporaryDirectory() as tmp:
        for to in ("odt:writer8", "doc:MS Word 97", "docx:MS Word 2007 XML", "rtf:Rich Text Format"):
            story = Path(tmp) / "story.fodt"
            story.write_text(_story_fodt(), "utf-8")
            _convert(story, to, HERE / f"story.{to.split(':')[0]}")
        nexis = Path(tmp) / "nexis.fodt"
        nexis.write_text(f'<?xml version="1.0" encoding="UTF-8"?><office:document {_NS} office:version="1.2" '
                         'office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>'
                         + "".join(f"<text:p>{html.escape(t)}</text:p>" for t in NEXIS)
                         + "</office:text></office:body></office:document>", "utf-8")
        _convert(nexis, "doc:MS Word 97", HERE / "nexis.doc")
    write_locked()


if __name__ == "__main__":
    main()
