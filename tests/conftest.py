"""Shared fixtures: the bundled corpus, the seed article and the public data beside the repo."""
from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSLENS_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "000_6ba9c892179121a1.txt"


def shared_path(*parts: str) -> Path:
    """Path under ../shared; skip the calling test cleanly when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent (public data lives in ../shared beside the repository)")
    return p


@pytest.fixture
def seed_path() -> Path:
    return shared_path("seed", "000_6ba9c892179121a1.txt")


@pytest.fixture
def shared_data():
    return lambda *parts: shared_path("data", *parts)


@pytest.fixture(scope="module")
def warm():
    """Load every measure's resources once, so timings are of the work, not of imports."""
    from hostile import warm_up

    warm_up()
    return True


def pytest_collection_modifyitems(config, items):
    """Each notebook run by ``--nbmake`` is run once more if its kernel died at start
    (:func:`browser.retry_kernel_start`: a port race between the two test workers, not the notebook)."""
    from browser import retry_kernel_start

    for item in items:
        if type(item).__name__ == "NotebookItem":
            item.runtest = retry_kernel_start(item.runtest)
