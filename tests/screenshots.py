"""Screenshots of the web pages to look at, as a reader sees them: chromium at 360 and 1280 px wide.

    .venv/bin/python -m tests.screenshots FOLDER [EVALUATION...]

Builds each evaluation's page (default: the examples and the campaign's index, from inputs/), then
writes FOLDER/<name>-<width>-<part>.png for its title page, the summary with its charts, the first
area, the lists table, the appendix and the print of the page (chromium's PDF, first pages as PNG).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from authoring.builder.batch import batch

from .conftest import INPUTS
from .html_clients import browser, opened

PARTS = (("title", "body"), ("summary", "#kk_table_areas"), ("charts", "figure.chart"), ("area", ".score-box"),
         ("lists", "table.stack"), ("appendix", "#kk_table_area-1"))


def shoot(page_file: Path, out: Path, name: str) -> list[Path]:
    """Write the screenshots of ``page_file``; return their paths."""
    written = []
    with browser() as instance:
        for width in (360, 1280):
            page = opened(instance, page_file, width, 900 if width > 400 else 760)
            for part, selector in PARTS:
                if page.query_selector(selector) is None:
                    continue
                page.eval_on_selector(selector, "e => e.scrollIntoView()")
                written.append(out / f"{name}-{width}-{part}.png")
                page.screenshot(path=str(written[-1]))
        printed = out / f"{name}-print.pdf"
        opened(instance, page_file, 1280).pdf(path=str(printed), prefer_css_page_size=True, print_background=True)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-l", "6", str(printed), str(out / f"{name}-print")], check=True)
    return written


def main(out: Path, names: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        batch([INPUTS / name for name in names] if names else [INPUTS / "kampanj.yaml"], site, ("html",))
        for page_file in sorted(site.glob("*/*.html")) + [site / "index.html"]:
            name = page_file.stem if page_file.name != "index.html" else "campaign"
            for path in shoot(page_file, out, name):
                print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
