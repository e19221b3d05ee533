"""Headless Chromium for the browser checks (found on PATH, never installed by a test), and the
retry of a notebook whose Jupyter kernel died before it ran a cell.

CI installs Chromium (``.ci/run``); locally the browser tests skip with one line saying how to get it.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome")
MISSING = "headless Chromium is not installed; install it to run the browser checks: apt-get install chromium"


def chromium() -> str:
    """The path of a Chromium executable, or skip the calling test with how to install one."""
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip(MISSING)


def dom_after_load(browser: str, page: Path, profile: Path) -> str:
    """The DOM of ``page`` after its scripts had 3 s (virtual time) to run; fails when Chromium does."""
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom", page.as_uri()]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "<html" in res.stdout, f"Chromium did not render {page.name}: {res.stderr[-2000:]}"
    return res.stdout


KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"
"""What ``jupyter_client`` raises when a notebook's kernel exits before it answers: with two test
workers, two kernels starting at once can be given the same free port (``jupyter_client`` finds
ports by binding and releasing them), and the second one dies binding it ("ZMQError: Address
already in use"; nteract/papermill#511)."""


def retry_kernel_start(run):
    """``run`` (a notebook item's ``runtest``) run once more when its kernel died at start, before any
    cell ran; any other failure, and a second failure, propagate."""

    def runtest():
        try:
            run()
        except RuntimeError as err:
            if KERNEL_START_FAILURE not in str(err):
                raise
            run()

    return runtest
