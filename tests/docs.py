"""Word-processor documents for the load tests: ``python tests/docs.py`` writes ``tests/data/story.odt``
(LibreOffice's own format) from a page written here, then saves it as ``story.doc`` (Word 97–2003),
``story.docx`` and ``story.rtf``, and writes ``tests/data/nexis.doc`` (needs the ``soffice`` command:
Debian's ``libreoffice-writer-nogui``).  One document in four formats, written by a word processor
rather than by hand, lets a test check that the readers agree.

``story`` is one article: a title, a quotation with curly quotes and a dash, a sentence with
letters outside Windows-1252, a hyperlink (in ``.doc`` a field whose instructions are not text), a
line break inside a paragraph and a two-cell table.  (LibreOffice stores a ``.doc``'s text as UTF-16;
the 8-bit pieces Word also writes are checked with streams written by hand in ``test_load``.)
``nexis.doc`` is the Nexis Uni download of ``test_load.NEXIS`` saved as Word 97–2003.
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
    "Fares: adults 3.20\nchildren 1.60",
    "North pier",
    "South pier",
]


def _page(paras: list[str]) -> str:
    return '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' + "".join(paras) + "</body></html>"


def _story_html() -> str:
    e = html.escape
    paras = [f"<p>{e(STORY_TITLE)}</p>", *(f"<p>{e(t)}</p>" for t in STORY[:3]),
             '<p>Timetables are on <a href="https://example.org/ferry">the port’s website</a>.</p>',
             f"<p>{e(STORY[4]).replace(chr(10), '<br>')}</p>",
             f"<table><tr><td>{e(STORY[5])}</td><td>{e(STORY[6])}</td></tr></table>"]
    return _page(paras)


def _convert(source: Path, to: str, out: Path) -> None:
    """``source`` saved by LibreOffice with the filter ``to`` ("doc:MS Word 97") as ``out``."""
    subprocess.run(["soffice", "--headless", "--convert-to", to, "--outdir", str(source.parent), str(source)],
                   check=True, capture_output=True)
    source.with_suffix("." + to.split(":")[0]).replace(out)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from test_load import NEXIS

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "story.html"
        page.write_text(_story_html(), "utf-8")
        _convert(page, "odt:writer8", HERE / "story.odt")
        for to in ("doc:MS Word 97", "docx:MS Word 2007 XML", "rtf:Rich Text Format"):
            story = Path(tmp) / "story.odt"
            story.write_bytes((HERE / "story.odt").read_bytes())
            _convert(story, to, HERE / f"story.{to.split(':')[0]}")
        nexis = Path(tmp) / "nexis.html"
        nexis.write_text(_page([f"<p>{html.escape(t)}</p>" for t in NEXIS]), "utf-8")
        _convert(nexis, "doc:MS Word 97", HERE / "nexis.doc")

if __name__ == "__main__":
    main()
