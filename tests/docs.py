"""Word 97–2003 documents for the load tests: ``python tests/docs.py`` writes ``tests/data/story.doc``
and ``tests/data/nexis.doc`` by converting documents written here with LibreOffice (needs the
``soffice`` command: Debian's ``libreoffice-writer-nogui``).

``story.doc`` is one article: a title, a quotation with curly quotes and a dash, a sentence with
letters outside Windows-1252 (so Word stores part of the text as UTF-16 and part as 8-bit), a
hyperlink (a field whose instructions are not text), a line break and a two-cell table.
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


def _convert(source: Path, out: Path) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", "doc:MS Word 97", "--outdir", str(source.parent), str(source)],
                   check=True, capture_output=True)
    source.with_suffix(".doc").replace(out)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from test_load import NEXIS

    with tempfile.TemporaryDirectory() as tmp:
        story = Path(tmp) / "story.html"
        story.write_text(_story_html(), "utf-8")
        _convert(story, HERE / "story.doc")
        nexis = Path(tmp) / "nexis.html"
        nexis.write_text(_page([f"<p>{html.escape(t)}</p>" for t in NEXIS]), "utf-8")
        _convert(nexis, HERE / "nexis.doc")


if __name__ == "__main__":
    main()
