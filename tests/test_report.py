import pytest

import newslens as nl
from newslens.cli import main as cli_main
from newslens.report import report


@pytest.mark.slow
def test_report_renders_html_with_inline_plots(tmp_path, capfd):
    corpus = tmp_path / "corpus.jsonl"
    arts = nl.load_example()
    arts[["article_id", "title", "text", "outlet", "url", "author"]].to_json(corpus, orient="records", lines=True)
    out = tmp_path / "report.html"
    assert cli_main(["report", str(corpus), "-o", str(out), "--title", "<b>Week 3</b>"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64") >= 5  # the plots travel with the file
    assert "&lt;b&gt;Week 3&lt;/b&gt;" in page and "<b>Week 3</b>" not in page
    for outlet in arts["outlet"].unique():
        assert outlet in page
    assert "Traceback" not in page
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page  # no warnings printed into the report
    err = capfd.readouterr().err
    assert "without encryption" not in err  # the kernel runs over local sockets
    assert "[3/8] Sentiment by outlet" in err and "[8/8] Internal contradictions" in err  # progress, section by section


@pytest.mark.slow
def test_report_of_pages_without_an_outlet(tmp_path):
    # pages saved from the web carry no outlet: the report groups them as "(unknown)" instead of failing
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, (title, body) in enumerate([("Ferry strike ends", "The harbour ferry ran again on Monday, the operator said."),
                                       ("Pier reopens", "\u201cIt is safe,\u201d said Lee Park, the harbour master."),
                                       ("Fares frozen", "Fares will not change this year, the council said.")]):
        (folder / f"{i}.txt").write_text(f"{title}\n\n{body}", "utf-8")
    seen = []
    out = report(folder, out=tmp_path / "r.html", on_cell=lambda i, n, heading: seen.append((i, n, heading)))
    page = out.read_text(encoding="utf-8")
    assert "Traceback" not in page  # no cell failed (nl.summarize raised KeyError on the missing outlet)
    assert [i for i, _, _ in seen] == list(range(1, 9)) and seen[2][2] == "Sentiment by outlet"


def test_report_refuses_to_overwrite_its_input(tmp_path):
    src = tmp_path / "a.html"
    src.write_text("<html><body><p>x</p></body></html>")
    with pytest.raises(ValueError, match="input"):
        report(src, out=src)
