import contextlib
import importlib.util
import json
import os
import warnings
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest

import newslens as nl
import newslens.scale as scale
from newslens.cli import main as cli_main
from newslens.errors import NewsLensError, NewsLensWarning, OptionError, SourceError
from newslens.scale import read_results


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    arts = nl.load_example()
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    cols = ["article_id", "title", "text", "outlet", "published", "url", "author"]
    arts[cols].assign(published=arts["published"].astype(str)).to_json(path, orient="records", lines=True, force_ascii=False)
    return path


@contextlib.contextmanager
def _counting():
    """Record the measure calls analyze makes (one per chunk and measure)."""
    calls = []
    real = scale._measure_table
    with mock.patch.object(scale, "_measure_table", lambda chunk, m, o=None: calls.append((len(chunk), m)) or real(chunk, m, o)):
        yield calls


@contextlib.contextmanager
def _interrupt_after(n_chunks: int):
    """Let analyze finish ``n_chunks`` chunks, then fail as a killed run would."""
    real, seen = scale._measure_table, set()

    def measure(chunk, m, o=None):
        seen.add(tuple(chunk["article_id"]))
        if len(seen) > n_chunks:
            raise RuntimeError("stopped")
        return real(chunk, m, o)

    with mock.patch.object(scale, "_measure_table", measure):
        yield


def _assert_same_results(a, b):
    """read_results of two output folders are equal, table by table."""
    ra, rb = read_results(a), read_results(b)
    assert list(ra) == list(rb)
    for name in ra:
        pd.testing.assert_frame_equal(ra[name], rb[name], obj=name)


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
    names = sorted(p.name for p in (tmp_path / "out" / "frames").glob("*.parquet"))
    assert [n[:10] for n in names] == [f"part-{i:05d}" for i in range(res.chunks)]
    manifest = json.loads(res.manifest.read_text())
    assert [c["files"]["frames"] for c in manifest["chunks"]] == [f"frames/{n}" for n in names]


def test_scale_analyze_resumes_without_recomputing(corpus_file, tmp_path):
    out = tmp_path / "out"
    fresh = nl.analyze(corpus_file, ["sentiment"], out=tmp_path / "fresh", chunksize=10, progress=False)
    with pytest.raises(RuntimeError, match="stopped"), _interrupt_after(1):  # the run dies in chunk 1
        nl.analyze(corpus_file, ["sentiment"], out=out, chunksize=10, progress=False)
    assert not (out / "_manifest.json").exists() and (out / "_progress.jsonl").exists()
    with pytest.raises(NewsLensError, match="no finished run"):
        read_results(out)
    with _counting() as calls:
        second = nl.analyze(corpus_file, ["sentiment"], out=out, chunksize=10, progress=False)
    assert len(calls) == fresh.chunks - 1 and second.resumed_chunks == 1
    assert (second.articles, second.rows) == (fresh.articles, fresh.rows)
    _assert_same_results(out, tmp_path / "fresh")
    assert not (out / "_progress.jsonl").exists()
    with _counting() as calls:  # a finished run with the same fingerprint is reused whole
        third = nl.analyze(corpus_file, ["sentiment"], out=out, chunksize=10, progress=False)
    assert calls == [] and third.resumed_chunks == fresh.chunks


def test_scale_analyze_refuses_to_write_into_its_input(corpus_file):
    with pytest.raises(ValueError, match="input"):
        nl.analyze(corpus_file.parent, ["sentiment"], out=corpus_file.parent, progress=False)


def test_scale_analyze_fast_profile_runs_the_lexicon_methods(corpus_file, tmp_path):
    res = nl.analyze(corpus_file, ["stance"], out=tmp_path / "fast", chunksize=12, progress=False, profile="fast")
    got = _sorted(res.read("stance"))
    direct = _sorted(nl.stance(nl.load(corpus_file), method="learned"))
    assert len(got) == len(direct) > 0
    pd.testing.assert_series_equal(got["stance"], direct["stance"], check_names=False)
    # options given for a measure override its profile's
    mine = nl.analyze(corpus_file, ["stance"], out=tmp_path / "rules", chunksize=12, progress=False, profile="fast",
                      options={"stance": {"method": "rules"}})
    pd.testing.assert_series_equal(_sorted(mine.read("stance"))["stance"],
                                   _sorted(nl.stance(nl.load(corpus_file), method="rules"))["stance"], check_names=False)
    # commentary: the sentence model's opinion head, not the encoder
    res = nl.analyze(corpus_file, ["sourcing"], out=tmp_path / "fast_sourcing", chunksize=12, progress=False, profile="fast")
    got = res.read("sourcing").sort_values(["article_id", "paragraph"]).reset_index(drop=True)
    direct = nl.sourcing(nl.load(corpus_file), opinion="neural").sort_values(["article_id", "paragraph"]).reset_index(drop=True)
    assert got["label"].tolist() == direct["label"].tolist() and len(got) > 0


def test_scale_accurate_profile_is_the_best_held_out_method_of_each_measure():
    """The "accurate" profile names, per measure, the method with the best held-out scores in the
    shipped benchmark table (sentiment: the most held-out news rows won; stance: NewsMTSC test-rw;
    sourcing: NewsSD-ENG test, the profile naming no scorer where the default is the best), and the
    command line offers it."""
    from newslens.cli import build_parser
    from newslens.opinion import DEFAULT
    from newslens.scale import PROFILES

    table = json.loads((Path(nl.__file__).parent / "data" / "benchmarks.json").read_text("utf-8"))
    acc = PROFILES["accurate"]
    rows = [r for r in table["sentiment"]["rows"] if r["held_out"] and r["method"] in ("vader", "pattern", "neural", "encoder", "combined")
            and not r["metric"].startswith(("sentences per second", "calibration")) and "tweets" not in r["dataset"]
            and "Review" not in r["dataset"]]
    wins: dict = {}
    for key in {(r["dataset"], r["split"], r["metric"]) for r in rows}:
        same = [r for r in rows if (r["dataset"], r["split"], r["metric"]) == key]
        best = max(same, key=lambda r: r["newslens"])["method"]
        wins[best] = wins.get(best, 0) + 1
    assert acc["sentiment"]["method"] == max(wins, key=wins.get) and wins[acc["sentiment"]["method"]] > sum(wins.values()) / 2, wins
    rw = [r for r in table["stance"]["rows"] if r["split"] == "test-rw" and r["metric"] == "macro-F1" and r["dataset"] == "NewsMTSC"]
    assert acc["stance"]["method"] == max(rw, key=lambda r: r["newslens"])["method"].split(" ")[0]
    subj = [r for r in table["sourcing"]["rows"] if r["dataset"] == "NewsSD-ENG" and r["split"] == "test"
            and r["metric"].startswith("macro-F1, opinion scorer alone")]
    best = max(subj, key=lambda r: r["newslens"])["method"]
    assert f"'{acc.get('sourcing', {}).get('opinion', DEFAULT)}'" in best.split(" (")[0], best
    parser = build_parser()
    analyze = parser._subparsers._group_actions[0].choices["analyze"]
    assert next(a for a in analyze._actions if a.dest == "profile").choices == tuple(PROFILES)


def test_scale_analyze_accurate_profile_runs_the_encoders(corpus_file, tmp_path):
    arts = nl.load(corpus_file).head(12)
    small = tmp_path / "small.jsonl"
    arts.assign(published=arts["published"].astype(str)).to_json(small, orient="records", lines=True, force_ascii=False)
    res = nl.analyze(small, ["sentiment", "stance", "sourcing"], out=tmp_path / "accurate", chunksize=6, progress=False,
                     profile="accurate")
    sent = res.read("sentiment").sort_values(["article_id", "sentence"]).reset_index(drop=True)
    direct = nl.sentiment(nl.load(small), method="encoder").sort_values(["article_id", "sentence"]).reset_index(drop=True)
    assert len(sent) == len(direct) > 0
    pd.testing.assert_series_equal(sent["sentiment"], direct["sentiment"], check_names=False)
    got = _sorted(res.read("stance"))
    neural = _sorted(nl.stance(nl.load(small), method="neural"))
    assert len(got) == len(neural) > 0
    pd.testing.assert_series_equal(got["stance"], neural["stance"], check_names=False)
    src = res.read("sourcing").sort_values(["article_id", "paragraph"]).reset_index(drop=True)
    encoder = nl.sourcing(nl.load(small), opinion="encoder").sort_values(["article_id", "paragraph"]).reset_index(drop=True)
    assert len(src) == len(encoder) > 0 and src["label"].tolist() == encoder["label"].tolist()


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
    # results written into the input folder: an error message, not a traceback
    assert cli_main(["analyze", str(corpus_file.parent), "-o", str(corpus_file.parent / "res"), "--quiet"]) == 2
    assert "newslens: error: `out`" in capsys.readouterr().err


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


def _folder_with_a_bad_file(folder: Path, good: bool = True) -> Path:
    folder.mkdir()
    (folder / "a_broken.docx").write_bytes(b"PK\x03\x04 not really a Word file")
    if good:
        (folder / "b_ferry.txt").write_text("Ferry returns\n\nThe harbour ferry ran again on Monday, the port said.", "utf-8")
    else:
        (folder / "b_scan.pdf").write_bytes(b"%PDF-1.4 cut off")
    return folder


def test_scale_dask_partition_of_only_an_unreadable_file_loses_nothing_else(tmp_path):
    pytest.importorskip("dask")
    from newslens.load import load_partition, partitions

    src = _folder_with_a_bad_file(tmp_path / "in")
    parts = partitions(src, chunksize=1)
    assert len(parts) == 2
    bad = load_partition(parts[0])  # the broken file alone: an empty table that names it, not a failure
    assert bad.empty and [e["source"] for e in bad.attrs["errors"]] == ["a_broken.docx"]
    assert "Word" in bad.attrs["errors"][0]["detail"]
    with pytest.warns(NewsLensWarning):
        a = nl.analyze(src, ["sentiment"], out=tmp_path / "pd", chunksize=1, progress=False)
    b = nl.analyze(src, ["sentiment"], out=tmp_path / "dk", engine="dask", scheduler="sync", chunksize=1, progress=False)
    assert a.articles == b.articles == 1 and b.rows == a.rows
    assert [e["source"] for e in a.errors] == [e["source"] for e in b.errors] == ["a_broken.docx"]
    assert read_results(tmp_path / "dk")["articles"]["title"].tolist() == ["Ferry returns"]


def test_scale_zip_with_a_damaged_file_is_analysed_with_an_error_row(tmp_path):
    """nl.analyze on a zip archive one of whose files is damaged (a wrong checksum) reads the others and
    names the damaged one, as nl.load does; fingerprinting the source for resuming read every file
    and failed the whole run on that one (with zipfile's own error)."""
    pytest.importorskip("dask")
    import zipfile

    archive = tmp_path / "corpus.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for name, title in (("a.txt", "Ferry returns"), ("b.txt", "Pier closes"), ("c.txt", "Fares rise")):
            z.writestr(name, f"{title}\n\nThe harbour ferry ran again on Monday after six weeks, the port said.")
        info = z.getinfo("b.txt")
    data = bytearray(archive.read_bytes())
    data[info.header_offset + 30 + len(info.filename) + 5] ^= 0xFF  # b.txt's compressed bytes
    archive.write_bytes(bytes(data))
    runs = []
    for engine, kw in (("pandas", {}), ("dask", {"scheduler": "sync"})):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NewsLensWarning)
            runs.append(nl.analyze(archive, ["sentiment"], out=tmp_path / engine, engine=engine, progress=False, **kw))
    for run in runs:
        assert run.articles == 2 and [e["source"] for e in run.errors] == ["b.txt"]
        assert sorted(read_results(run.out)["articles"]["title"]) == ["Fares rise", "Ferry returns"]


def test_scale_dask_source_with_no_readable_file_fails_like_pandas(tmp_path):
    pytest.importorskip("dask")
    src = _folder_with_a_bad_file(tmp_path / "in", good=False)
    msgs = []
    for engine, kw in (("pandas", {}), ("dask", {"scheduler": "sync"})):
        with pytest.raises(SourceError, match="None of the 2 file") as info:
            nl.analyze(src, ["sentiment"], out=tmp_path / engine, engine=engine, chunksize=1, progress=False, **kw)
        msgs.append(str(info.value))
    assert msgs[0] == msgs[1] and "a_broken.docx" in msgs[1]


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


# ---------------------------------------------------------------- one run per output folder
def test_scale_smaller_rerun_leaves_no_stale_rows(tmp_path):
    arts = nl.load_example()
    out = tmp_path / "R"
    nl.analyze(arts, ["sentiment"], out=out, chunksize=4, progress=False)
    assert len(read_results(out, "articles")) == len(arts)
    res = nl.analyze(arts.iloc[:6], ["sentiment"], out=out, chunksize=4, progress=False, resume=False)
    tables = read_results(out)
    assert len(tables["articles"]) == 6 == res.articles
    assert set(tables["sentiment"]["article_id"]) == set(arts["article_id"][:6])
    assert len(list((out / "sentiment").glob("*.parquet"))) == res.chunks == 2  # old parts deleted


def test_scale_analyze_of_a_table_with_every_record_skipped_writes_empty_results(tmp_path):
    with pytest.warns(NewsLensWarning):
        arts = nl.load(pd.DataFrame({"article_id": ["a"], "text": [" \n "]}))
    res = nl.analyze(arts, out=tmp_path / "R", progress=False)
    assert res.articles == 0 and not res.errors
    tables = read_results(tmp_path / "R")
    assert set(res.rows) == set(tables) - {"articles"} and "frames" in res.rows
    assert all(t.empty for t in tables.values())


def test_scale_rerun_with_fewer_measures_drops_their_folders(tmp_path):
    texts = ["Talks end\n\nThe mayor praised the deal.", "Storm hits\n\nThe storm was terrible."]
    nl.analyze(texts, ["sentiment", "sourcing"], out=tmp_path, progress=False)
    nl.analyze(texts, ["sentiment"], out=tmp_path, progress=False)
    assert list(read_results(tmp_path)) == ["articles", "sentiment"]
    assert not (tmp_path / "sourcing").exists()
    with pytest.raises(OptionError, match="'sentiment'"):
        read_results(tmp_path, "sourcing")


def test_scale_read_results_reads_only_the_manifest(tmp_path):
    texts = ["Talks end\n\nThe mayor praised the deal.", "Storm hits\n\nThe storm was terrible."]
    nl.analyze(texts, ["sentiment"], out=tmp_path, progress=False)
    before = read_results(tmp_path, "sentiment")
    stray = nl.sentiment(nl.load(["Stray\n\nA stray part of another run."]))
    table, encoded = scale.encode_columns(stray, always=("evidence",))
    scale.write_part(table, tmp_path / "sentiment" / "part-00007.parquet", encoded)
    pd.testing.assert_frame_equal(read_results(tmp_path, "sentiment"), before)
    pd.testing.assert_frame_equal(read_results(tmp_path / "sentiment"), before)  # one table's folder, too
    nl.analyze(texts, ["sentiment"], out=tmp_path, progress=False, resume=False)
    assert not (tmp_path / "sentiment" / "part-00007.parquet").exists()  # the next run removes it


def test_scale_interrupted_run_keeps_the_last_finished_one_readable(tmp_path):
    texts = [f"Story {i}\n\nThe council met on day {i} and praised the plan." for i in range(6)]
    first = nl.analyze(texts[:4], ["sentiment"], out=tmp_path, chunksize=2, progress=False)
    with pytest.raises(RuntimeError), _interrupt_after(1):
        nl.analyze(texts, ["sentiment"], out=tmp_path, chunksize=2, progress=False)
    with pytest.warns(NewsLensWarning, match="has not finished"):
        got = read_results(tmp_path, "articles")
    assert len(got) == first.articles == 4  # the old run, whole and alone


def test_scale_user_columns_named_like_encoded_ones_survive(tmp_path):
    arts = nl.load_example().iloc[:5]
    arts = arts.assign(evidence="a note", cues=["x", None, "y", "z", "w"], values=[[1, 2], None, [3], [], [4]],
                       tags=[{"desk": "metro"}] * 5)
    nl.analyze(arts, ["sentiment", "frames"], out=tmp_path, progress=False)
    back = read_results(tmp_path, "articles")
    assert back["evidence"].tolist() == ["a note"] * 5
    pd.testing.assert_series_equal(back["cues"], arts["cues"].reset_index(drop=True))  # text, missing value kept
    assert back["values"].tolist() == [[1, 2], None, [3], [], [4]]
    assert back["tags"].tolist() == [{"desk": "metro"}] * 5
    assert isinstance(read_results(tmp_path, "frames")["cues"].iloc[0], list)


# ---------------------------------------------------------------- what resuming compares
@pytest.mark.parametrize("change", ["text_col", "options", "profile", "chunksize", "version", "file content"])
def test_scale_fingerprint_changes_recompute_everything(tmp_path, change):
    src = tmp_path / "in.csv"
    pd.DataFrame({"id": ["a", "b", "c"], "text": ["Good news today.", "Bad news today.", "Plain news today."],
                  "teaser": ["Awful.", "Great.", "Fine."]}).to_csv(src, index=False)
    out = tmp_path / "out"
    nl.analyze(src, ["sentiment"], out=out, chunksize=2, progress=False)
    kw = {"chunksize": 2}
    patch = contextlib.nullcontext()
    if change == "text_col":
        kw["text_col"] = "teaser"
    elif change == "options":
        kw["options"] = {"sentiment": {"level": "article"}}
    elif change == "profile":
        kw["profile"] = "fast"
    elif change == "chunksize":
        kw["chunksize"] = 3
    elif change == "version":
        patch = mock.patch.object(scale, "resources_digest", lambda: {"newslens": "99.0", "lexicons": "x", "packages": {}})
    else:  # same size, same modification time, other bytes: only the content hash sees it
        stat = src.stat()
        src.write_text(src.read_text().replace("Good news", "Grim news"))
        os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert src.stat().st_size == stat.st_size
    with patch, _counting() as calls:
        res = nl.analyze(src, ["sentiment"], out=out, progress=False, **kw)
    assert res.resumed_chunks == 0 and len(calls) == res.chunks
    with patch:
        fresh = nl.analyze(src, ["sentiment"], out=tmp_path / "fresh", progress=False, **kw)
    _assert_same_results(out, fresh.out)


def test_scale_options_reach_the_measure_and_are_checked(tmp_path):
    texts = ["Talks end\n\nThe mayor praised the deal. Critics hated it."]
    res = nl.analyze(texts, ["sentiment"], out=tmp_path, progress=False, options={"sentiment": {"level": "article"}})
    got = res.read("sentiment")
    assert len(got) == 1 and "n_sentences" in got.columns
    with pytest.raises(OptionError, match="stance"):
        nl.analyze(texts, ["sentiment"], out=tmp_path, options={"stance": {"targets": ["Mayor"]}})


# ---------------------------------------------------------------- re-run sequences (property)
_TEXTS = [
    "Council backs plan\n\nThe council praised the new bus plan on Monday.",
    "Storm damage\n\nThe storm destroyed two bridges and angered residents.",
    "Budget talks\n\nTalks on the budget ended without a deal.",
    "School opens\n\nParents welcomed the new school warmly.",
    "Fire downtown\n\nA fire closed the market; nobody was hurt.",
    "Mayor resigns\n\nThe mayor resigned after a bitter row.",
    "Rail strike\n\nThe strike left commuters stranded and furious.",
]


def _write_input(path, n: int, variant: int) -> None:
    recs = [{"id": f"a{i}", "title": t.split("\n")[0], "text": t.split("\n\n")[1] + (" It was a surprise." if variant and i % 2 else ""),
             "teaser": f"Teaser {i} is nice."} for i, t in enumerate(_TEXTS[:n])]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), "utf-8")


def _run_config(cfg, src, out, **kw):
    n, variant, level, text_col = cfg
    _write_input(src, n, variant)
    opts = {"sentiment": {"level": level}} if level != "sentence" else None
    return nl.analyze(src, ["sentiment"], out=out, chunksize=2, progress=False, options=opts,
                      **({"text_col": "teaser"} if text_col else {}), **kw)


def test_scale_property_any_sequence_of_runs_reads_like_a_fresh_run():
    """Runs A, B, interrupted runs, resumes, smaller re-runs, changed files and options, in any
    order: the folder then reads exactly like one fresh run of the last configuration."""
    import tempfile

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    # (articles, input variant, sentiment level, text column): run A, a smaller re-run, a changed
    # input file, a changed measure option, another text column
    config = st.sampled_from([(7, 0, "sentence", False), (3, 0, "sentence", False), (7, 1, "sentence", False),
                              (7, 0, "article", False), (5, 0, "sentence", True)])
    step = st.tuples(config, st.booleans(), st.one_of(st.none(), st.integers(0, 2)))  # (config, resume, interrupt after k chunks)

    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    @given(steps=st.lists(step, min_size=1, max_size=4), last=config)
    def check(steps, last):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            src, out = tmp / "in" / "a.jsonl", tmp / "out"
            src.parent.mkdir()
            for cfg, resume, stop in steps:
                if stop is None:
                    _run_config(cfg, src, out, resume=resume)
                else:
                    with contextlib.suppress(RuntimeError), _interrupt_after(stop):
                        _run_config(cfg, src, out, resume=resume)
            _run_config(last, src, out)
            _run_config(last, src, tmp / "fresh")
            _assert_same_results(out, tmp / "fresh")
            assert not (out / "_progress.jsonl").exists()
            listed = {f for c in json.loads((out / "_manifest.json").read_text())["chunks"] for f in c["files"].values()}
            assert {p.relative_to(out).as_posix() for p in out.rglob("*.parquet")} == listed

    check()


# ---------------------------------------------------------------- dask partitions
def _csv_with_newlines(path, n):
    df = pd.DataFrame({"id": [f"c{i}" for i in range(n)], "title": [f'Title "{i}"' for i in range(n)],
                       "text": [f"First paragraph {i}, with \"quotes\".\n\nSecond paragraph {i}." for i in range(n)]})
    df.to_csv(path, index=False)
    return df


def test_scale_dask_splits_csv_and_parquet_into_chunksize_partitions(tmp_path):
    from newslens.load import load_partition, partitions

    _csv_with_newlines(tmp_path / "a.csv", 23)
    parts = partitions(tmp_path / "a.csv", chunksize=5)
    assert len(parts) == 5  # byte ranges; quoted newlines stay inside their record
    pieces = [load_partition(p) for p in parts]
    assert [len(p) for p in pieces] == [5, 5, 5, 5, 3]
    pd.testing.assert_frame_equal(pd.concat(pieces, ignore_index=True), nl.load(tmp_path / "a.csv"))

    df = nl.load(tmp_path / "a.csv").drop(columns=["file"])
    df.to_parquet(tmp_path / "b.parquet", row_group_size=4)
    parts = partitions(tmp_path / "b.parquet", chunksize=6)
    assert [len(load_partition(p)) for p in parts] == [6, 6, 6, 5]
    assert [p.pieces[0].span.row_groups for p in parts] == [(0, 1), (1, 2), (3, 4), (4, 5)]
    pd.testing.assert_frame_equal(pd.concat([load_partition(p) for p in parts], ignore_index=True),
                                  nl.load(tmp_path / "b.parquet"))
    df.to_parquet(tmp_path / "one_group.parquet")  # one big row group: sliced
    assert [len(load_partition(p)) for p in partitions(tmp_path / "one_group.parquet", chunksize=10)] == [10, 10, 3]


def test_scale_dask_plans_absolute_paths_and_keeps_urls(tmp_path, monkeypatch):
    from newslens.load import partitions

    (tmp_path / "corpus").mkdir()
    _csv_with_newlines(tmp_path / "corpus" / "a.csv", 4)
    monkeypatch.chdir(tmp_path)
    parts = partitions("corpus/a.csv", chunksize=10)
    assert parts[0].pieces[0].location == tmp_path / "corpus" / "a.csv" and parts[0].pieces[0].location.is_absolute()
    assert parts[0].pieces[0].label == "corpus/a.csv"  # the file column stays as given
    fsspec = pytest.importorskip("fsspec")
    with fsspec.open("memory://bucket/corpus/b.jsonl", "w") as f:
        f.write("".join(json.dumps({"id": f"m{i}", "text": f"Text {i}."}) + "\n" for i in range(5)))
    parts = partitions("memory://bucket/corpus/b.jsonl", chunksize=2)
    assert [p.pieces[0].location for p in parts] == ["memory://bucket/corpus/b.jsonl"] * 3


def test_scale_dask_loads_in_memory_sources_in_partitions(tmp_path):
    pytest.importorskip("dask")
    arts = nl.load_example()
    pieces = scale._dask_pieces(arts, 10, {})
    assert len(pieces) == 3 and all(len(p.pieces[0].data) <= 10 for p in pieces)  # slices, not loaded here
    a = nl.analyze(arts, ["sentiment"], out=tmp_path / "pd", chunksize=10, progress=False)
    b = nl.analyze(arts, ["sentiment"], out=tmp_path / "dk", engine="dask", scheduler="sync", chunksize=10, progress=False)
    _assert_same_results(a.out, b.out)


def test_scale_dask_csv_and_parquet_runs_match_pandas(tmp_path):
    pytest.importorskip("dask")
    _csv_with_newlines(tmp_path / "a.csv", 9)
    nl.load(tmp_path / "a.csv").drop(columns=["file"]).to_parquet(tmp_path / "b.parquet", row_group_size=3)
    for src in (tmp_path / "a.csv", tmp_path / "b.parquet"):
        a = nl.analyze(src, ["sentiment"], out=tmp_path / f"pd-{src.suffix}", chunksize=4, progress=False)
        b = nl.analyze(src, ["sentiment"], out=tmp_path / f"dk-{src.suffix}", engine="dask", scheduler="sync", chunksize=4, progress=False)
        assert b.chunks == 3 and (a.articles, a.rows) == (b.articles, b.rows)
        for m in ("articles", "sentiment"):
            pd.testing.assert_frame_equal(_sorted(a.read(m)), _sorted(b.read(m)))


def test_scale_dask_renames_ids_repeated_across_partitions_as_pandas_does(tmp_path):
    pytest.importorskip("dask")
    ids = ["m1", "m2", "m1", "m3", "m1", "m1-2", "m4", "m2"]  # the sixth's own id is taken by the third's rename
    texts = [f"Report {k}: the harbour board met on Monday and voted {k} to 2 for the new pier." for k in range(len(ids))]
    pd.DataFrame({"id": ids, "text": texts}).to_csv(tmp_path / "in.csv", index=False)
    folder = tmp_path / "files"
    folder.mkdir()
    for k in range(3):  # the same article saved three times: one id, files in different partitions
        (folder / f"copy{k}.txt").write_text("Pier vote\n\nThe harbour board approved the new pier on Monday.", "utf-8")
    for src, size in ((tmp_path / "in.csv", 2), (folder, 1)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NewsLensWarning)
            a = nl.analyze(src, ["sentiment", "sourcing"], out=tmp_path / f"pd-{src.name}", chunksize=size, progress=False)
        out = tmp_path / f"dk-{src.name}"
        b = nl.analyze(src, ["sentiment", "sourcing"], out=out, engine="dask", scheduler="sync", chunksize=size, progress=False)
        assert b.chunks > 1 and b.read("articles")["article_id"].is_unique
        for m in ("articles", "sentiment", "sourcing"):
            pd.testing.assert_frame_equal(_sorted(a.read(m)), _sorted(b.read(m)), obj=m)
        with _counting() as calls:  # resumed: every partition reused, the same ids
            again = nl.analyze(src, ["sentiment", "sourcing"], out=out, engine="dask", scheduler="sync", chunksize=size, progress=False)
        assert calls == [] and again.resumed_chunks == b.chunks
        pd.testing.assert_frame_equal(again.read("articles"), b.read("articles"))
    assert a.read("articles")["article_id"].nunique() == 3  # the folder's three copies, renamed


def test_scale_results_do_not_depend_on_how_the_run_was_cut(tmp_path):
    """A chunk whose articles all lack a title or an outlet stores those columns with no type; read
    back, the table has the same types and missing values however the source was cut into parts."""
    n = 6
    pd.DataFrame({"title": [None, None] + [f"Pier vote {k}" for k in range(n - 2)],
                  "outlet": [None, None, "Ledger", None, "Wire", "Ledger"],
                  "text": [f"The harbour board voted {k} to 2 on Monday for the new pier." for k in range(n)]}
                 ).to_csv(tmp_path / "in.csv", index=False)
    whole = nl.analyze(tmp_path / "in.csv", ["sentiment"], out=tmp_path / "whole", chunksize=100, progress=False)
    runs = [nl.analyze(tmp_path / "in.csv", ["sentiment"], out=tmp_path / "cut", chunksize=2, progress=False)]
    if importlib.util.find_spec("dask") is not None:
        runs.append(nl.analyze(tmp_path / "in.csv", ["sentiment"], out=tmp_path / "dk", engine="dask", scheduler="sync",
                               chunksize=2, progress=False))
    arts = whole.read("articles")
    assert whole.chunks == 1 and arts["title"].isna().sum() == 2 and arts["outlet"].isna().sum() == 3
    for run in runs:
        assert run.chunks == 3
        pd.testing.assert_frame_equal(run.read("articles"), arts)
        pd.testing.assert_frame_equal(run.read("sentiment"), whole.read("sentiment"))


def test_scale_dask_rerun_sequence_matches_a_fresh_run(tmp_path):
    pytest.importorskip("dask")
    src = tmp_path / "in.jsonl"
    out = tmp_path / "out"
    _write_input(src, 7, 0)
    nl.analyze(src, ["sentiment"], out=out, engine="dask", scheduler="sync", chunksize=2, progress=False)
    _write_input(src, 3, 1)  # a smaller, changed input
    with _counting() as calls:
        res = nl.analyze(src, ["sentiment"], out=out, engine="dask", scheduler="sync", chunksize=2, progress=False)
    assert res.resumed_chunks == 0 and len(calls) == 2
    with _counting() as calls:  # unchanged: every partition reused
        again = nl.analyze(src, ["sentiment"], out=out, engine="dask", scheduler="sync", chunksize=2, progress=False)
    assert calls == [] and again.resumed_chunks == 2
    fresh = nl.analyze(src, ["sentiment"], out=tmp_path / "fresh", engine="dask", scheduler="sync", chunksize=2, progress=False)
    _assert_same_results(out, fresh.out)
