"""What the robustness and pathological-text suites share: every measure, and a time bound."""
from __future__ import annotations

import signal
import time
import warnings
from contextlib import contextmanager

import pandas as pd

import newslens as nl

MEASURES = {
    "paragraphs": lambda d: nl.paragraphs(d),
    "sentences": lambda d: nl.sentences(d),
    "sentiment": lambda d: nl.sentiment(d),
    "stance": lambda d: nl.stance(d),
    "frames": lambda d: nl.frames(d),
    "quotes": lambda d: nl.quotes(d),
    "sources": lambda d: nl.sources(d),
    "sourcing": lambda d: nl.sourcing(d),
    "consistency": lambda d: nl.consistency(d),
}


@contextmanager
def within(seconds: float, what: str):
    """Fail (TimeoutError) when the block uses more than ``seconds`` of this process's CPU time.

    CPU time (SIGPROF), not wall time: a bound on the work done, which a busy neighbour process
    cannot make fail; a quadratic step still blows through it.
    """

    def alarm(signum, frame):
        raise TimeoutError(f"{what} took longer than {seconds:.0f} s of CPU time")

    old = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def warm_up() -> None:
    """Load every measure's resources once, so timings are of the work, not of imports."""
    arts = nl.load(["Warm up\n\nThe mayor said “we will win,” Smith told reporters. Jobs were cut."])
    for fn in MEASURES.values():
        fn(arts)


def run_measures(data, label: str, bound: float, measures=MEASURES) -> tuple[dict, dict]:
    """Run each measure on ``data`` within ``bound`` seconds, warnings ignored; return tables and times.

    Every measure returns a DataFrame; sentiment stays in [-1, 1] or NaN.
    """
    out, times = {}, {}
    for name, fn in measures.items():
        t0 = time.perf_counter()
        with within(bound, f"{name} on {label}"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = fn(data)
        times[name] = time.perf_counter() - t0
        assert isinstance(res, pd.DataFrame), f"{name} on {label} returned {type(res).__name__}"
        out[name] = res
    s = out["sentiment"]["sentiment"].dropna() if len(out["sentiment"]) else pd.Series(dtype=float)
    assert ((s >= -1) & (s <= 1)).all(), f"sentiment out of [-1, 1] on {label}"
    return out, times
