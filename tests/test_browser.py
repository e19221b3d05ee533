"""The course in a real browser: JupyterLab driven through the page, and rendered pages opened offline.

Needs Debian's Chromium and its driver (``apt-get install -y chromium chromium-driver``) and the
``selenium`` package (in the ``dev`` extra); skipped with a one-line message when they are absent.
Chromium runs headless with a fresh profile and no background networking; JupyterLab listens on
127.0.0.1 only and everything it writes goes to a temporary folder.
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from newslens.report import run_notebook

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1100")
WAIT = 120  # seconds for anything a loaded 2-core machine may take

EXPLORE_CELLS = [
    "import newslens as nl\narticles = nl.load_example()",
    "explorer = nl.explore(articles)\nexplorer",
]


def _browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed: pip install 'newslens[dev]'")
    if not (CHROMIUM and DRIVER):
        pytest.skip("Chromium is not installed: apt-get install -y chromium chromium-driver")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(DRIVER), options=opts)


def _notebook(path: Path, cells: list[str]) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until(check, what: str, timeout: float = WAIT):
    end = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except Exception:  # the page is still changing under us
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.25)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 with its settings, workspaces and runtime files in a temporary folder."""
    if not (CHROMIUM and DRIVER):
        pytest.skip("Chromium is not installed: apt-get install -y chromium chromium-driver")
    tmp_path = tmp_path_factory.mktemp("lab")
    root, home = tmp_path / "work", tmp_path / "home"
    root.mkdir()
    home.mkdir()
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_DATA_DIR": str(home / "data"), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           "--LabApp.extension_manager=readonly",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
           "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--LabApp.workspaces_dir={home / 'workspaces'}", f"--LabApp.user_settings_dir={home / 'settings'}"]
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        _until(lambda: urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2).status == 200, "JupyterLab to start")
        yield {"url": url, "token": token, "root": root}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _select(driver, label: str):
    """The <select> of the ipywidgets Dropdown whose description is ``label``."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    for box in driver.find_elements(By.CSS_SELECTOR, ".widget-dropdown"):
        if box.find_element(By.CSS_SELECTOR, "label").text.strip() == label:
            return Select(box.find_element(By.CSS_SELECTOR, "select"))
    return None


def _shot(driver, tmp_path, name):
    out = Path(os.environ.get("NEWSLENS_SCREENSHOTS", tmp_path)) / f"{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(out))


NOTEBOOK_READY = """
const a = window.jupyterapp;
if (!a) return false;
// the notebook panel of the main area: shell.currentWidget follows the focus, which a headless window may not have
const w = Array.from(a.shell.widgets('main')).find(x => x.sessionContext);
const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
return !!(k && k.status === 'idle');
"""
"""JavaScript: whether JupyterLab shows the test notebook with its kernel idle."""


def test_browser_explorer_in_jupyterlab_follows_outlet_and_measure(lab, tmp_path):
    from selenium.webdriver.common.by import By

    _notebook(lab["root"] / "explore.ipynb", EXPLORE_CELLS)
    driver = _browser(tmp_path)
    try:
        driver.get(f"{lab['url']}/lab/tree/explore.ipynb?token={lab['token']}")
        _until(lambda: driver.execute_script(NOTEBOOK_READY), "the notebook's kernel")
        driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        _until(lambda: _select(driver, "Measure"), "the explorer to render")
        assert not driver.find_elements(By.CSS_SELECTOR, ".newslens-snapshot") or not any(
            e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, ".newslens-snapshot")), \
            "the static snapshot is hidden while the live widget shows"
        first_options = [o.text for o in _select(driver, "Article").options]
        live = lambda: driver.find_element(By.CSS_SELECTOR, ".newslens-live").text  # noqa: E731

        _select(driver, "Outlet").select_by_visible_text("The Daily Flash")
        _until(lambda: [o.text for o in _select(driver, "Article").options] != first_options, "the article list to follow the outlet")
        assert all(o.text.startswith("The Daily Flash") for o in _select(driver, "Article").options)
        title = _select(driver, "Article").first_selected_option.text.split(" — ", 1)[1].rstrip("…")[:40]
        _until(lambda: title in live(), "the article text to follow the outlet")

        images = lambda: [i.get_attribute("src") for i in driver.find_elements(By.CSS_SELECTOR, ".newslens-live img") if i.is_displayed()]  # noqa: E731
        before_img = images()
        _select(driver, "Measure").select_by_visible_text("frames")
        _until(lambda: images() and images() != before_img, "the chart to follow the measure")
        _until(lambda: "frame" in driver.find_element(By.CSS_SELECTOR, ".newslens-live table").text, "the frames table")
        _shot(driver, tmp_path, "explorer-article-frames")

        driver.find_element(By.XPATH, "//*[contains(@class,'lm-TabBar-tabLabel') and text()='Outlets']").click()
        _until(lambda: "Measure: frames" in driver.find_element(By.CSS_SELECTOR, ".newslens-live").text, "the Outlets tab to name its measure")
        _until(lambda: "Frames by outlet" in driver.find_element(By.CSS_SELECTOR, ".newslens-live").text, "the outlet comparison")
        _shot(driver, tmp_path, "explorer-outlets-frames")
        errors = [e for e in driver.find_elements(By.CSS_SELECTOR, ".newslens-error") if e.is_displayed()]
        assert not errors, errors[0].text
    finally:
        driver.quit()


def test_browser_rendered_pages_show_the_widget_snapshot_offline(lab, tmp_path):
    """An executed notebook as HTML (plain nbconvert) opened offline, and reopened in JupyterLab without its widgets."""
    import nbformat
    from selenium.webdriver.common.by import By

    src = _notebook(lab["root"] / "shared.ipynb", [*EXPLORE_CELLS, "explorer.measure.value = 'quotes'"])
    nb = nbformat.read(src, as_version=4)
    run_notebook(nb, cwd=lab["root"])
    nbformat.write(nb, src)  # saved with its outputs and the widget state, as after a run in JupyterLab
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(src)], check=True,
                   capture_output=True, cwd=lab["root"])
    page = src.with_suffix(".html")
    driver = _browser(tmp_path)
    try:
        for url, name in ((page.as_uri(), "offline-html"),
                          (f"{lab['url']}/lab/tree/shared.ipynb?token={lab['token']}", "reopened-in-lab")):
            driver.get(url)
            snap = _until(lambda: [e for e in driver.find_elements(By.CSS_SELECTOR, ".newslens-snapshot") if e.is_displayed()],
                          f"a visible widget snapshot ({name})")[0]
            driver.execute_script("arguments[0].scrollIntoView()", snap)
            assert "measure: quotes" in snap.text  # the view as it was last changed, not as first shown
            img = snap.find_element(By.CSS_SELECTOR, "img")
            assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 100
            assert "speaker" in snap.text  # the table
            _shot(driver, tmp_path, name)
    finally:
        driver.quit()


def test_a_notebook_whose_kernel_died_at_start_runs_once_more_and_no_other_failure_does():
    from browser import KERNEL_START_FAILURE, retry_kernel_start

    calls: list[str] = []

    def run(fail: list[str]):
        def runtest():
            calls.append("run")
            if fail:
                raise RuntimeError(fail.pop(0))
        return runtest

    retry_kernel_start(run([KERNEL_START_FAILURE]))()
    assert calls == ["run", "run"]
    calls.clear()
    with pytest.raises(RuntimeError, match="cell 3"):
        retry_kernel_start(run(["An error occurred while executing cell 3"]))()
    assert calls == ["run"]
    calls.clear()
    with pytest.raises(RuntimeError, match="kernel_info"):  # dead twice: a real failure
        retry_kernel_start(run([KERNEL_START_FAILURE, KERNEL_START_FAILURE]))()
    assert calls == ["run", "run"]
