"""No network: import, the whole pipeline, widgets and cards run with sockets blocked."""
from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import socket
    attempts = []
    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network blocked by the newslens offline test")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    import matplotlib
    matplotlib.use("Agg")
    import newslens as nl
    arts = nl.load_example()
    paras = nl.paragraphs(arts)
    sents = nl.sentences(arts)
    for name in nl.measures.available():
        nl.measures.get(name)(arts)
    nl.sources(arts)
    nl.consistency(arts)
    nl.summarize(nl.sentiment(arts, level="article"), arts, by=["outlet"])
    nl.duplicates(arts)
    for by in ("sentiment", "stance", "frames", "quotes", "sourcing"):
        nl.highlight(arts.iloc[0], by=by).html
    w = nl.explore(arts)
    w.measure.value = "frames"
    w.compare_button.click()
    c = nl.code(nl.sample(sents, 3, seed=0), measure="sentiment", coders=["ana"])
    c.choice.value = "neutral"
    for m in ("sentiment", "stance", "frames", "quotes", "sourcing"):
        nl.card(m)._repr_html_()
    print("ATTEMPTS", len(attempts))
    """
)


def test_offline_pipeline_makes_no_connection():
    res = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "ATTEMPTS 0" in res.stdout, res.stdout[-2000:]


def test_offline_guard_really_blocks():
    # the guard above must be able to fail: a connection attempt under it is refused and counted
    script = SCRIPT.split("import matplotlib")[0] + "\ntry:\n    socket.create_connection(('127.0.0.1', 9))\nexcept OSError:\n    pass\nprint('ATTEMPTS', len(attempts))\n"
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "ATTEMPTS 1" in res.stdout
