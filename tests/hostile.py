"""What the robustness and pathological-text suites share: every measure, and a time bound."""
from __future__ import annotations

import signal
from contextlib import contextmanager

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
    """Fail (TimeoutError) when the block runs longer than ``seconds`` (main thread, SIGALRM)."""

    def alarm(signum, frame):
        raise TimeoutError(f"{what} took longer than {seconds:.0f} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def warm_up() -> None:
    """Load every measure's resources once, so timings are of the work, not of imports."""
    arts = nl.load(["Warm up\n\nThe mayor said “we will win,” Smith told reporters. Jobs were cut."])
    for fn in MEASURES.values():
        fn(arts)
