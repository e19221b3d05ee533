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
    assert "without encryption" not in capfd.readouterr().err  # the kernel runs over local sockets


def test_report_refuses_to_overwrite_its_input(tmp_path):
    src = tmp_path / "a.html"
    src.write_text("<html><body><p>x</p></body></html>")
    with pytest.raises(ValueError, match="input"):
        report(src, out=src)
