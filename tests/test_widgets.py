import base64
import re

import pandas as pd
import pytest

import newslens as nl
from newslens.errors import OptionError
from newslens.widgets import PAGE_ROWS, CodeConflictError, article_view, corpus_view


@pytest.fixture(scope="module")
def articles():
    return nl.load_example()


def test_widgets_explore_follows_outlet_article_and_measure(articles):
    w = nl.explore(articles)
    outlet = sorted(articles["outlet"].unique())[1]
    w.outlet.value = outlet
    ids = [v for _, v in w.article.options]
    assert set(ids) == set(articles.loc[articles["outlet"] == outlet, "article_id"])
    title = articles.set_index("article_id").loc[w.article.value, "title"]
    assert pd.isna(title) or str(title)[:20].replace("&", "&amp;").replace("'", "&#x27;") in w.text.value
    w.measure.value = "quotes"
    assert "speaker" in w.numbers.value
    w.measure.value = "frames"
    assert "frame" in w.numbers.value and len(w.image.value) > 1000  # a PNG was drawn
    assert w.status.value == ""
    assert w.article.value not in w.numbers.value  # the article's table shows no hash id


def test_widgets_explore_outlets_tab_names_its_measure_and_redraws(articles):
    w = nl.explore(articles)
    assert w.corpus_image.layout.display == "none"  # no broken image before the first comparison
    w.compare_button.click()
    assert "Sentiment" in w.corpus_status.value and "sentiment" in w.corpus_heading.value
    for outlet in articles["outlet"].unique():
        assert outlet in w.corpus_table.value
    first = w.corpus_image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    w.measure.value = "sourcing"  # the drawn comparison follows the measure
    assert "Reporting or commentary" in w.corpus_status.value and "sourcing" in w.corpus_heading.value
    assert w.corpus_image.value != first and "attributed" in w.corpus_table.value


def test_widgets_explore_long_tables_say_so_page_and_download(articles):
    w = nl.explore(articles)
    w.measure.value = "quotes"
    w.compare_button.click()
    df = w.corpus.df
    assert len(df) > PAGE_ROWS and "article_id" not in df.columns and {"outlet", "title"} <= set(df.columns)
    assert f"of {len(df)}" in w.corpus.note.value
    rows = lambda: re.findall(r"<tr>", w.corpus_table.value)  # noqa: E731
    assert len(rows()) == PAGE_ROWS  # one page of body rows
    page1 = w.corpus_table.value
    w.corpus.next.click()
    assert w.corpus_table.value != page1 and f"Rows {PAGE_ROWS + 1}" in w.corpus.note.value
    csv = base64.b64decode(re.search(r"base64,([^\"]+)\"", w.corpus.note.value).group(1)).decode()
    assert len(csv.strip().splitlines()) == len(df) + 1


def test_widgets_explore_shows_errors_in_the_widget(tmp_path):
    own = nl.load(["Flood hits town\n\nThe mayor said the flood was bad.\n\nKim Lee said the relief was good.",
                   "Mill reopens\n\nA good day for the town, said Kim Lee."])
    assert own["outlet"].isna().all()
    w = nl.explore(own)
    for m in ("sentiment", "sourcing", "stance"):
        w.measure.value = m
        w.compare_button.click()  # an exception here would only reach the log console
        assert "newslens-error" in w.corpus_status.value
        assert "outlet" in w.corpus_status.value and "nl.load" in w.corpus_status.value
        assert w.corpus_image.layout.display == "none"
    assert w.status.value == ""  # the article tab still works


def test_widgets_views_are_pure_functions(articles):
    aid = articles["article_id"].iloc[0]
    v = article_view(articles, aid, "sentiment")
    assert {"sentiment", "paragraph"} <= set(v["table"].columns) and "evidence" not in v["table"].columns
    assert v["png"][:4] == b"\x89PNG" and v["title"] == articles["title"].iloc[0]
    c = corpus_view(articles, "sourcing")
    assert set(c["table"]["outlet"]) == set(articles["outlet"])
    with pytest.raises(OptionError, match="sentiment"):
        article_view(articles, aid, "tone")


def test_widgets_code_records_resumes_and_feeds_agreement(articles, tmp_path):
    sents = nl.sentences(articles).merge(articles[["article_id", "outlet"]])
    sample = nl.sample(sents, 5, by="outlet", seed=0)
    path = tmp_path / "codes.csv"
    w = nl.code(sample, measure="sentiment", coders=["ana", "ben"], path=path)
    assert w.choice.options == ("negative", "neutral", "positive")
    w.choice.value = "negative"
    w.next_button.click()
    w.choice.value = "positive"
    assert w.progress.value == 2
    w.back_button.click()
    assert w.choice.value == "negative"  # the earlier code is shown again
    w.choice.value = "neutral"  # a code made in this widget can be changed
    w.coder.value = "ben"
    assert w.choice.value is None
    w.choice.value = "negative"
    codes = w.codes
    assert list(codes.columns) == ["unit", "coder", "code"] and len(codes) == 3
    assert set(codes["unit"]) <= set(sample["unit"])
    # resume from the file in a new widget
    again = nl.code(sample, measure="sentiment", coders=["ana", "ben"], path=path)
    pd.testing.assert_frame_equal(again.codes.sort_values(["unit", "coder"]).reset_index(drop=True),
                                  codes.sort_values(["unit", "coder"]).reset_index(drop=True))
    res = nl.agreement(again.codes, n_boot=0)
    assert res.loc[0, "n_units"] == 1  # only one unit has two codes


def test_widgets_code_never_replaces_saved_codes_unless_asked(articles, tmp_path):
    sample = nl.sample(nl.sentences(articles), 4, seed=1)
    path = tmp_path / "my_codes.csv"
    student = nl.code(sample, coders=["ana"], path=path)
    student.choice.value = "positive"  # the student's own answer
    saved = path.read_bytes()
    # a later cell (or a classmate) opens another widget on the same file and codes ana's unit
    later = nl.code(sample, coders=["ana", "ben"], path=path)
    later.choice.value = "negative"
    assert "already coded" in later.message.value and "Let me change saved codes" in later.message.value
    assert later.choice.value == "positive" and path.read_bytes() == saved
    with pytest.raises(CodeConflictError, match="replace=True"):
        later.set_code(0, "negative")
    # new codes by another coder or for other units are added, and nothing else is lost
    later.coder.value = "ben"
    later.set_code(0, "neutral")
    student.set_code(1, "negative")  # the first widget saves after the second: ben's code survives
    on_disk = pd.read_csv(path, dtype=str)
    assert set(map(tuple, on_disk[["coder", "code"]].to_numpy())) == {("ana", "positive"), ("ben", "neutral"), ("ana", "negative")}
    # asked explicitly: replaced
    later.coder.value = "ana"
    later.unlock.value = True
    later.set_code(0, "negative")
    assert pd.read_csv(path, dtype=str).query("coder == 'ana'")["code"].tolist().count("negative") == 2
    forced = nl.code(sample, coders=["ana"], path=path, replace=True)
    forced.set_code(0, "neutral")
    assert "neutral" in pd.read_csv(path, dtype=str).query("coder == 'ana'")["code"].tolist()


def test_widgets_code_rejects_bad_measure(articles):
    with pytest.raises(OptionError, match="sentiment"):
        nl.code(pd.DataFrame({"text": ["a"]}), measure="mood")


@pytest.mark.slow
def test_widgets_notebook_08_leaves_the_students_codes_alone(tmp_path, monkeypatch):
    """Run the validation notebook where a student has already coded: the file is untouched and used."""
    import shutil
    from pathlib import Path

    import nbformat

    from newslens.report import run_notebook

    nb_path = Path(__file__).resolve().parents[1] / "notebooks" / "08_validate.ipynb"
    shutil.copy(nb_path, tmp_path / nb_path.name)
    arts = nl.load_example()
    units = nl.sample(nl.sentences(arts).merge(arts[["article_id", "outlet"]]), 12, by=["outlet"], seed=42)["unit"]
    codes = pd.DataFrame({"unit": list(units) * 2, "coder": ["ana"] * 12 + ["ben"] * 12,
                          "code": ["neutral"] * 12 + ["negative"] * 12})
    student_file = tmp_path / "my_codes.csv"
    codes.to_csv(student_file, index=False)
    before = student_file.read_bytes()
    monkeypatch.setenv("NEWSLENS_SHARED", str(tmp_path / "no-shared"))  # the quick branch of step 4
    nb = nbformat.read(tmp_path / nb_path.name, as_version=4)
    run_notebook(nb, cwd=tmp_path)
    assert student_file.read_bytes() == before
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "Using your own codes from my_codes.csv: ana, ben" in printed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["08_validate.ipynb", "my_codes.csv"]  # no other codes file
