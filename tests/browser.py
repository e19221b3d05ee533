"""Headless Chromium for the browser checks: found on PATH, never installed by a test.

CI installs it (``.ci/run``); locally the browser tests skip with one line saying how to get it.
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
