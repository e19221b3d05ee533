"""PDFs and a saved page for the load tests: :func:`pdf` writes a PDF by hand (Courier lines at given positions, so a
test lays out wrapped paragraphs, indents, spacing, headers and footers exactly: :func:`layout`),
and ``python tests/pdfs.py`` writes ``tests/data/nexis.pdf`` and ``tests/data/page.pdf`` by
printing HTML written for them with Chromium, ``tests/data/locked.pdf``, ``page.pdf`` locked
with the password "secret" by pypdf, and ``tests/data/page.mhtml``, the same story with a photo and
an advertising frame saved by Chromium as one file ("Save as… Webpage, Single File", through
Selenium) (needs the ``chromium`` and ``chromedriver`` commands and ``pip install pypdf``).

``nexis.pdf`` is laid out as a Nexis Uni PDF download: a cover page, then articles each closed by
"End of Document", a running header and a "Page N of M" footer on every page; the first article's
paragraphs are spaced apart and run across a page break, the second's are indented, justified and
not spaced (a newspaper's layout).  ``page.pdf`` is a web page saved with the browser's "Print →
Save as PDF" (its date, title, address and page count in the margins).
"""
import functools
import html
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).parent / "data"

FERRY = [
    "Ferry fares across the harbour will rise by a fifth in July, the harbour board said on Friday, after a year "
    "in which fuel costs and repairs to the older of its two boats ate through the reserve it had built up over a "
    "decade of careful budgets.",
    "“We held the price for as long as we could,” said Tom Ortiz, who chairs the board. “Nobody on this board "
    "wanted to be the one to raise it, but the alternative was cutting the evening sailings, and that would hurt "
    "the same people far more.”",
    "Commuters waiting at the north pier on Friday evening were unimpressed. Several said they would drive around "
    "the bay instead, a trip of forty minutes in good traffic, and one said she would ask her employer whether she "
    "could work from home on the days the boat was late.",
] + [
    f"Paragraph {n} of the ferry report goes on about timetables, the cost of diesel, the state of the slipway at "
    f"the south pier and the number of passengers counted on each crossing in the spring, which the board "
    f"published alongside its decision so that riders could check its arithmetic for themselves."
    for n in range(4, 13)
] + ["The new fares take effect on the first sailing of July."]

LIBRARY = [
    "The central library will stay open until ten on weekdays from next month, the city council decided on "
    "Thursday, reversing a cut that had closed its doors at six since the winter.",
    "Librarians had collected more than four thousand signatures in favour of the later hours, many of them "
    "from students who said the reading room was the only quiet place they could work after school.",
    "The council will pay for the extra staff from a fund meant for the repair of public buildings, which its "
    "treasurer said was larger this year than the work planned for it.",
]


def pdf(pages: list[list[tuple[float, float, float, str]]], *, width: float = 612, height: float = 792) -> bytes:
    """A PDF of ``pages``, each a list of lines ``(x, y, size, text)`` in Courier (a standard font,
    every character 0.6 of its size wide), ``y`` the baseline from the bottom of the page."""
    def esc(t: str) -> str:
        return t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        stream = "".join(f"BT /F1 {s:g} Tf {x:g} {y:g} Td ({esc(t)}) Tj ET\n" for x, y, s, t in lines).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % (width, height, len(objects)))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def layout(paragraphs: list[str], *, columns: int = 70, size: float = 10, leading: float = 12, space: float = 0,
           indent: int = 0, per_page: int = 50, header: str | None = None, footer: str | None = None) -> list[list]:
    """Pages of ``paragraphs`` wrapped at ``columns`` characters (at x = 72), ``leading`` points
    from line to line, ``space`` more between paragraphs, the first line of each indented by
    ``indent`` characters, ``per_page`` lines a page; ``header`` and ``footer`` (``{page}``,
    ``{pages}`` filled in) on every page, in a smaller size, at the top and bottom edge."""
    lines = []  # (extra space above, indent, text)
    for p in paragraphs:
        cur, words = " " * indent, p.split()
        for w in words:
            if cur.strip() and len(cur) + 1 + len(w) > columns:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}" if cur.strip() else cur + w
        lines.append(cur)
        lines.append(None)  # a paragraph's end
    pages, y, page = [], None, None
    for line in lines:
        if line is None:
            if y is not None:
                y -= space
            continue
        if page is None or y < 72 or len(page) >= per_page:
            page, y = [], 792 - 72
            pages.append(page)
        page.append((72 + 6 * (len(line) - len(line.lstrip())) * size / 10, y, size, line.strip()))
        y -= leading
    for i, page in enumerate(pages, 1):
        for text, y in ((header, 792 - 36), (footer, 30)):
            if text:
                page.append((72, y, size * 0.8, text.format(page=i, pages=len(pages))))
    return pages


def _head(*lines: str) -> str:
    return "".join(f"<p class=h>{html.escape(x)}</p>" for x in lines)


def nexis_html() -> str:
    cover = _head("User Name: =", "Date and Time: Monday, June 3, 2024 9:12:00 AM EDT", "Job Number: 220431",
                  "Documents (2)", "1. Harbour board lifts ferry fares", "2. Library to open late",
                  "Search Terms: ferry OR library")
    a = (_head("Harbour board lifts ferry fares", "Calder Evening News", "June 1, 2024 Saturday",
               "Copyright 2024 Calder Media Group", "Section: LOCAL; Pg. B2", "Length: 612 words",
               "Byline: Ruth Okafor", "Body")
         + "".join(f"<p class=spaced>{html.escape(p)}</p>" for p in FERRY)
         + _head("Load-Date: June 2, 2024", "End of Document"))
    b = (_head("Library to open late", "Westbay Courier", "2 Jun. 2024 Sunday 6:00 AM GMT",
               "Copyright 2024 Westbay Courier Ltd", "Length: 148 words", "Body")
         + "".join(f"<p class=indented>{html.escape(p)}</p>" for p in LIBRARY)
         + _head("Load-Date: June 3, 2024", "End of Document"))
    return f"""<html><head><meta charset="utf-8"><title>Nexis Uni</title><style>
@page {{ size: letter; margin: 2cm 2.2cm;
  @top-right {{ content: "Harbour board lifts ferry fares"; font: 9pt serif; }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font: 9pt serif; }} }}
body {{ font: 11pt serif; }} p {{ margin: 0; }}
p.h {{ margin: 6pt 0; }} p.spaced {{ margin-bottom: 9pt; }}
p.indented {{ text-indent: 2em; text-align: justify; }}
.doc {{ break-before: page; }}
</style></head><body>{cover}<div class=doc>{a}</div><div class=doc>{b}</div></body></html>"""


def page_html() -> str:
    return ("<html><head><meta charset='utf-8'><title>Library to open late | Westbay Courier</title>"
            "<style>body{font:12pt sans-serif;margin:1.5cm} h1{font-size:20pt} p{margin:0 0 10pt}</style></head>"
            "<body><h1>Library to open late</h1>"
            + "".join(f"<p>{html.escape(p)}</p>" for p in LIBRARY) + "</body></html>")


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                     "1f15c4890000000d49444154789c6360f80f0000010100005f0a1d6d0000000049454e44ae426082")  # one pixel


def _save_mhtml(url: str, out: Path) -> None:
    """The page at ``url`` saved by Chromium as MHTML (DevTools' Page.captureSnapshot, what "Save as…
    Webpage, Single File" writes)."""
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)
    try:
        driver.get(url)
        out.write_text(driver.execute_cdp_cmd("Page.captureSnapshot", {"format": "mhtml"})["data"], "utf-8", newline="")
    finally:
        driver.quit()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "westbay" / "2024" / "06"
        site.mkdir(parents=True)
        (site / "library-to-open-late.html").write_text(page_html(), "utf-8")
        (site / "library-to-open-late-photo.html").write_text(page_html().replace(
            "<h1>Library to open late</h1>", "<h1>Library to open late</h1><img src='reading-room.png' alt='The reading room'>"
            "<iframe src='ad.html' width='300' height='60'></iframe>"), "utf-8")
        (site / "reading-room.png").write_bytes(_PNG)
        (site / "ad.html").write_text("<html><body><p>Advertisement: new sofas at half price this weekend only.</p></body></html>",
                                      "utf-8")
        (Path(tmp) / "nexis.html").write_text(nexis_html(), "utf-8")
        # the page is served over HTTP, as a browser would have it (its address is printed in the footer)
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp)
        with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            port = server.server_address[1]
            for name, url, extra in (("nexis", f"http://127.0.0.1:{port}/nexis.html", ["--no-pdf-header-footer"]),
                                     ("page", f"http://127.0.0.1:{port}/westbay/2024/06/library-to-open-late.html", [])):
                subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", *extra,
                                f"--print-to-pdf={HERE / (name + '.pdf')}", url], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _save_mhtml(f"http://127.0.0.1:{port}/westbay/2024/06/library-to-open-late-photo.html", HERE / "page.mhtml")
            server.shutdown()
    from pypdf import PdfReader, PdfWriter

    locked = PdfWriter(clone_from=PdfReader(HERE / "page.pdf"))
    locked.encrypt("secret", algorithm="RC4-128")
    locked.write(HERE / "locked.pdf")


if __name__ == "__main__":
    sys.exit(main())
