import json

import pandas as pd
import pytest

import newslens as nl
from newslens.cli import main as cli_main
from newslens.errors import OptionError
from newslens.scale import read_results


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    arts = nl.load_example()
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    cols = ["article_id", "title", "text", "outlet", "published", "url", "author"]
    arts[cols].assign(published=arts["published"].astype(str)).to_json(path, orient="records", lines=True, force_ascii=False)
    return path


def _sorted(df):
    keys = [c for c in ("article_id", "paragraph", "sentence", "target", "frame", "start") if c in df.columns]
    return df.sort_values(keys).reset_index(drop=True)


def test_scale_analyze_writes_one_dataset_per_measure(corpus_file, tmp_path):
    res = nl.analyze(corpus_file, ["sentiment", "frames"], out=tmp_path / "out", chunksize=7, progress=False)
    n = len(nl.load(corpus_file))
    assert res.articles == n and res.chunks == -(-n // 7)
    sent = res.read("sentiment")
    direct = nl.sentiment(nl.load(corpus_file))
    assert len(sent) == len(direct) == res.rows["sentiment"]
    assert isinstance(sent["evidence"].iloc[0], list)
    pd.testing.assert_series_equal(_sorted(sent)["sentiment"], _sorted(direct)["sentiment"], check_names=False)
    assert sorted(p.name for p in (tmp_path / "out" / "frames").glob("*.parquet")) == [f"part-{i:05d}.parquet" for i in range(res.chunks)]


def test_scale_analyze_resumes_without_recomputing(corpus_file, tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = nl.analyze(corpus_file, ["sentiment"], out=out, chunksize=10, progress=False)
    manifest = json.loads((out / "_manifest.json").read_text())
    manifest["done"].remove(1)  # as if the run had stopped during chunk 1
    (out / "_manifest.json").write_text(json.dumps(manifest))
    calls = []
    import newslens.scale as scale

    real = scale.measure_chunk
    monkeypatch.setattr(scale, "measure_chunk", lambda chunk, m, *a: calls.append(len(chunk)) or real(chunk, m, *a))
    second = nl.analyze(corpus_file, ["sentiment"], out=out, chunksize=10, progress=False)
    assert len(calls) == 1 and second.resumed_chunks == first.chunks - 1
    assert len(read_results(out / "sentiment")) == first.rows["sentiment"]


def test_scale_analyze_refuses_to_write_into_its_input(corpus_file):
    with pytest.raises(ValueError, match="input"):
        nl.analyze(corpus_file.parent, ["sentiment"], out=corpus_file.parent, progress=False)


def test_scale_analyze_fast_profile_runs_the_lexicon_methods(corpus_file, tmp_path):
    res = nl.analyze(corpus_file, ["stance"], out=tmp_path / "fast", chunksize=12, progress=False, profile="fast")
    got = _sorted(res.read("stance"))
    direct = _sorted(nl.stance(nl.load(corpus_file), method="learned"))
    assert len(got) == len(direct) > 0
    pd.testing.assert_series_equal(got["stance"], direct["stance"], check_names=False)
    # a fast run and a default run of the same corpus are different runs: no resuming across them
    from newslens.scale import _fingerprint

    assert _fingerprint(corpus_file, ["stance"], 12) != _fingerprint(corpus_file, ["stance"], 12, "fast")


def test_scale_analyze_bad_options_list_valid_values(corpus_file, tmp_path):
    with pytest.raises(OptionError, match="'default', 'fast'"):
        nl.analyze(corpus_file, out=tmp_path, profile="quick")
    with pytest.raises(OptionError, match="pandas"):
        nl.analyze(corpus_file, out=tmp_path, engine="spark")
    with pytest.raises(OptionError, match="sentiment"):
        nl.analyze(corpus_file, ["sentimnet"], out=tmp_path)


@pytest.mark.slow
def test_scale_dask_engine_matches_pandas(corpus_file, tmp_path):
    distributed = pytest.importorskip("distributed")
    measures = ["sentiment", "stance", "frames", "quotes", "sourcing"]
    pd_res = nl.analyze(corpus_file, measures, out=tmp_path / "pd", chunksize=8, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dk_res = nl.analyze(corpus_file, measures, out=tmp_path / "dk", engine="dask", chunksize=8, client=client, progress=False)
    for m in measures:
        a, b = _sorted(pd_res.read(m)), _sorted(dk_res.read(m))
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert dk_res.articles == pd_res.articles


def test_scale_cli_analyze_and_help(corpus_file, tmp_path, capsys):
    assert cli_main(["analyze", str(corpus_file), "-o", str(tmp_path / "r"), "-m", "sentiment", "--quiet"]) == 0
    assert "articles" in capsys.readouterr().out
    assert len(read_results(tmp_path / "r" / "sentiment")) > 0
    with pytest.raises(SystemExit):
        cli_main(["--help"])
    helptext = capsys.readouterr().out
    assert "analyze" in helptext and "report" in helptext
    assert cli_main(["analyze", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "r2"), "--quiet"]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_scale_measures_of_a_chunk_share_one_segmentation(corpus_file, monkeypatch):
    from newslens import segment
    from newslens.measures import _base

    arts = nl.load(corpus_file)
    _base.clear_cache()
    calls = []
    real = _base._paragraphs
    monkeypatch.setattr(_base, "_paragraphs", lambda df: calls.append(len(df)) or real(df))
    first = {m: nl.measures.get(m)(arts) for m in ("sentiment", "sourcing")}
    assert len(calls) == 1  # both measures, one segmentation of the chunk
    _base.clear_cache()
    again = {m: nl.measures.get(m)(arts.copy()) for m in ("sentiment", "sourcing")}
    assert len(calls) == 2
    for m in first:
        pd.testing.assert_frame_equal(first[m], again[m])
    changed = arts.copy()
    changed.loc[0, "text"] = "Brand new text. It is different."
    sents = nl.sentiment(changed)  # a different input is segmented afresh, never served stale
    assert "Brand new text." in set(sents["text"]) and len(calls) == 3
    assert segment.sentences(changed)["text"].tolist() == sents["text"].tolist()


def test_scale_dask_engine_plans_partitions_and_matches_pandas(corpus_file, tmp_path):
    pytest.importorskip("dask")
    from newslens.load import Partition
    from newslens.scale import _dask_pieces

    pieces = _dask_pieces(corpus_file, 10, {})
    assert all(isinstance(p, Partition) for p in pieces) and len(pieces) == 3  # planned, nothing loaded
    measures = ["sentiment", "sourcing"]
    a = nl.analyze(corpus_file, measures, out=tmp_path / "pd", chunksize=10, progress=False)
    b = nl.analyze(corpus_file, measures, out=tmp_path / "dk", engine="dask", scheduler="sync", chunksize=10, progress=False)
    assert (b.articles, b.chunks, b.rows) == (a.articles, a.chunks, a.rows)
    for m in measures:
        pd.testing.assert_frame_equal(_sorted(a.read(m)), _sorted(b.read(m)), check_dtype=False)


def test_scale_cli_passes_engine_chunksize_measures_and_several_inputs(corpus_file, tmp_path, monkeypatch, capsys):
    import newslens.scale as scale

    second = tmp_path / "more.jsonl"
    second.write_text(corpus_file.read_text("utf-8").replace('"article_id":"', '"article_id":"b-'), "utf-8")
    seen = {}
    real = scale.analyze
    monkeypatch.setattr(scale, "analyze", lambda *a, **k: seen.update(args=a, kwargs=k) or real(*a, **k))
    code = cli_main(["analyze", str(corpus_file), str(second), "-o", str(tmp_path / "r"), "-m", "sentiment,frames",
                     "--engine", "dask", "--chunksize", "9", "--quiet"])
    assert code == 0
    assert seen["kwargs"]["engine"] == "dask" and seen["kwargs"]["chunksize"] == 9 and seen["args"][1] == ["sentiment", "frames"]
    n = len(nl.load(corpus_file))
    assert len(read_results(tmp_path / "r" / "articles")) == 2 * n  # two files, not two strings of text
    assert set(read_results(tmp_path / "r" / "frames")["article_id"]) == set(read_results(tmp_path / "r" / "articles")["article_id"])


def test_scale_measure_dask_map_partitions_matches_pandas():
    dd = pytest.importorskip("dask.dataframe")
    from newslens.scale import measure_chunk, measure_dask, measure_meta

    arts = nl.load_example()
    ddf = dd.from_pandas(arts, npartitions=4)
    for m in ("sentiment", "frames", "sourcing"):
        meta = measure_meta(m)
        got = measure_dask(ddf, m)
        assert list(got._meta.columns) == list(meta.columns)
        a = _sorted(got.compute(scheduler="sync").reset_index(drop=True))
        b = _sorted(measure_chunk(arts, m))
        pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_scale_analyze_accepts_a_dask_dataframe(tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    arts = nl.load_example()
    res = nl.analyze(dd.from_pandas(arts, npartitions=3), ["sentiment"], out=tmp_path / "o", engine="dask",
                     scheduler="sync", progress=False)
    assert res.articles == len(arts) and res.rows["sentiment"] == len(nl.sentiment(arts))


def test_scale_cli_results_parquet_reads_back_every_measure(corpus_file, tmp_path):
    """`newslens analyze … -o results.parquet` (all measures) reads back with nl.read_results."""
    out = tmp_path / "results.parquet"
    assert cli_main(["analyze", str(corpus_file), "-o", str(out), "--quiet"]) == 0
    tables = nl.read_results(out)
    assert list(tables) == ["articles", "sentiment", "stance", "frames", "quotes", "sourcing"]
    n = len(nl.load(corpus_file))
    assert len(tables["articles"]) == n
    direct = nl.stance(nl.load(corpus_file))
    assert len(tables["stance"]) == len(direct)
    assert isinstance(tables["stance"]["evidence"].iloc[0], list)  # decoded, not JSON text
    assert len(nl.read_results(out, "quotes")) == len(tables["quotes"])
    with pytest.raises(OptionError, match="'sourcing'"):
        nl.read_results(out, "sentimnet")
    with pytest.raises(ValueError, match="output folder of a run"):
        nl.read_results(out / "sentiment", "sentiment")
