"""Measure Kompass Studio as a browser meets it: page loads, a saved score seen in the preview, a build. Asserts nothing.

    .venv/bin/python bench/studio_pages.py [--rounds N]

Starts ``kompass studio --no-browser`` on a copy of inputs/ (its own output and chart cache, the
cache filled by a first build) and talks HTTP to it like a browser: the token, then the cookie,
and the CSRF token of the pages. Printed, as medians over the rounds, with the load before and
after: each page's load (the whole answer), a score saved on Poäng until the preview's report
shows it (save, the Förhandsvisning page, its report), and a build from the Bygg page (PDF, DOCX
and HTML) until it is done, against a fresh ``kompass build --format pdf,docx,html`` of the same
inputs (the two alternate which runs first, since the first draws the charts the saved score
changed). The issue's goals: a page ≤ 150 ms, a saved score in the preview ≤ 300 ms for Kalix, a
build as fast as ``kompass build``.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KOMPASS = ROOT / ".venv" / "bin" / "kompass"
NAME = "kalix-2012"
PAGES = ("/", f"/e/{NAME}/uppgifter", f"/e/{NAME}/poang", f"/e/{NAME}/text/3", f"/e/{NAME}/standardtexter",
         f"/e/{NAME}/bygg", f"/e/{NAME}/word", f"/e/{NAME}/historik", f"/e/{NAME}/forhandsvisning")


class Browser:
    """Just enough of a browser: a cookie jar, the CSRF token of the last page, form posts."""

    def __init__(self, address: str):
        self.base = address.split("/?")[0]
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""
        self.get(address.removeprefix(self.base))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=300) as answer:
            text = answer.read().decode("utf-8")
        found = re.search(r'"X-CSRF-Token": "([^"]+)"', text)
        self.csrf = found.group(1) if found else self.csrf
        return text

    def post(self, path: str, fields: dict[str, str]) -> str:
        request = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(fields).encode(),
                                         headers={"X-CSRF-Token": self.csrf, "Origin": self.base}, method="POST")
        with self.opener.open(request, timeout=300) as answer:
            return answer.read().decode("utf-8")


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def score_in_preview(browser: Browser, value: str) -> None:
    """Save question 3.1 as ``value`` on Poäng, then open the preview until its report shows the area's new score."""
    page = browser.get(f"/e/{NAME}/poang")
    digest = re.search(r'name="digest"[^>]*value="([^"]+)"', page).group(1)
    answer = browser.post(f"/e/{NAME}/poang", {"q-3.1": value, "digest": digest})
    assert "Sparat" in answer, answer[:500]
    preview = browser.get(f"/e/{NAME}/forhandsvisning")
    version = re.search(r'forhandsvisning/rapport\?v=([0-9a-f]+)', preview).group(1)
    report = browser.get(f"/e/{NAME}/forhandsvisning/rapport?v={version}")
    assert "Inom området politisk styrning och kontroll uppnår kommunen" in report


def build_from_studio(browser: Browser) -> None:
    state = browser.post(f"/e/{NAME}/bygg", {"skriv-over": "1"})
    while "Bygger" in state:
        time.sleep(0.02)
        state = browser.get(f"/e/{NAME}/bygg/lage")
    assert f"Ladda ner {NAME}.pdf" in state, state[:800]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    samples: dict[str, list[float]] = {}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kompass-bench-studio-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "inputs", work / "inputs")
        env = {**os.environ, "KOMPASS_CACHE": str(work / "cache")}
        server = subprocess.Popen([str(KOMPASS), "studio", str(work / "inputs"), "--no-browser", "--out",
                                   str(work / "output")], stdout=subprocess.PIPE, text=True, env=env, cwd=work)
        try:
            browser = Browser(server.stdout.readline().strip())
            build_from_studio(browser)  # fills the chart cache, starts the workers
            score_in_preview(browser, "13")
            for page in PAGES:
                browser.get(page)  # each page once before timing (templates compiled)
            for number in range(rounds):
                for page in PAGES:
                    samples.setdefault(f"page {page}", []).append(timed(lambda: browser.get(page))[0])
                value = "12.45" if number % 2 == 0 else "13"  # each round a change
                samples.setdefault("saved score seen in the preview", []).append(
                    timed(lambda: score_in_preview(browser, value))[0])
                # Both builds follow the score just saved: the one run first draws the changed charts,
                # the other finds them in the cache, so the order alternates round by round.
                command = [str(KOMPASS), "build", str(work / "inputs" / NAME), "--format", "pdf,docx,html",
                           "--out", str(work / "cli")]
                for which in (("studio", "cli") if number % 2 == 0 else ("cli", "studio")):
                    if which == "studio":
                        samples.setdefault("build from the studio (pdf, docx, html)", []).append(
                            timed(lambda: build_from_studio(browser))[0])
                    else:
                        seconds, done = timed(lambda: subprocess.run(command, capture_output=True, env=env))
                        assert done.returncode == 0, done.stderr
                        samples.setdefault("fresh `kompass build --format pdf,docx,html`", []).append(seconds)
        finally:
            server.terminate()
            server.wait(timeout=60)
    lines = [f"bench/studio_pages.py  {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}  rounds: {rounds}  "
             f"cores: {os.cpu_count()}  load before: {' '.join(f'{x:.2f}' for x in load_before)}  "
             f"after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", ""]
    lines += [f"{name:<58} median {statistics.median(values) * 1000:7.0f} ms   (min {min(values) * 1000:.0f}, "
              f"max {max(values) * 1000:.0f})" for name, values in samples.items()]
    text = "\n".join(lines)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"studio-{time.strftime('%Y%m%d-%H%M%S')}.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
