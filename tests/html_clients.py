"""The real clients the web pages are checked with: the Nu Html Checker (vnu), and axe-core in chromium.

vnu.jar and axe-core come from npm into ``.ci/node_modules`` (``make test`` installs them from
``.ci/package-lock.json``); Java and chromium are Debian packages that ``.ci/run`` installs.
Playwright for Python drives Debian's chromium (``executable_path``), never a browser of its own.
A test whose client is missing skips, saying which and how to install it; where
``KOMPASS_REQUIRE_CLIENTS`` is set (``.ci/run``) it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import ROOT

NODE_MODULES = ROOT / ".ci" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def require(what: str, present: bool, install: str) -> None:
    """Skip (or, under ``KOMPASS_REQUIRE_CLIENTS``, fail) the test when ``what`` is not ``present``."""
    if present:
        return
    message = f"{what} is missing: {install} (.ci/run installs it)"
    if os.environ.get("KOMPASS_REQUIRE_CLIENTS"):
        pytest.fail(message)
    pytest.skip(f"SKIPPED, NOT CHECKED: {message}")


def require_vnu() -> None:
    require("java", shutil.which("java") is not None, "apt-get install default-jre-headless")
    require("vnu.jar", VNU_JAR.is_file(), "make test installs it with npm (.ci/package.json)")


def require_chromium() -> None:
    require("chromium", CHROMIUM.is_file(), "apt-get install chromium")
    require("axe-core", AXE.is_file(), "make test installs it with npm (.ci/package.json)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        require("playwright (Python)", False, "pip install -e '.[test]'")


def vnu_errors(pages: list[Path]) -> dict[Path, list[str]]:
    """Return page -> the Nu Html Checker's errors (with line and message), for all ``pages`` in one run."""
    done = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, pages)],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    found: dict[Path, list[str]] = {page.resolve(): [] for page in pages}
    for message in messages:
        page = Path(message.get("url", "").removeprefix("file:")).resolve()
        found.setdefault(page, []).append(f"{message.get('lastLine')}: {message['message']}")
    return found


@contextmanager
def browser():
    """Yield a headless Debian chromium driven by Playwright, closed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        instance = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def opened(instance, page_file: Path, width: int, height: int = 900):
    """Return a new browser page ``width`` CSS pixels wide showing ``page_file``, with every request it
    made besides the file itself in ``page.requests_elsewhere``."""
    page = instance.new_page(viewport={"width": width, "height": height})
    address = page_file.resolve().as_uri()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url) if request.url != address
            and not request.url.startswith("data:") else None)
    page.goto(address)
    page.requests_elsewhere = requests
    return page


def axe_violations(page) -> list[str]:
    """Return axe-core's violations of WCAG 2.1 A and AA on ``page``: rule, impact and where."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in result["violations"]]
