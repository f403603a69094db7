"""Time each stage of building the example reports: read, compose, charts, PDF, DOCX, HTML.

    .venv/bin/python bench/build_examples.py [ROUNDS]

Prints the median seconds per stage and example; nothing is asserted (speed is measured, not tested).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KOMPASS_CACHE", "off")  # stage times of a first build: charts drawn, not cached

from authoring.charts.draw import media_for  # noqa: E402
from authoring.compose import compose  # noqa: E402
from authoring.source.evaluation import load_evaluation  # noqa: E402
from authoring.writers import WRITERS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main(rounds: int) -> None:
    print(f"{'example':<16}{'read':>8}{'compose':>9}{'charts':>8}{'pdf':>8}{'docx':>8}{'html':>8}{'total':>8}")
    for folder in sorted(p.parent for p in (ROOT / "inputs").glob("*/evaluation.yaml")):
        samples = []
        for _ in range(rounds):
            evaluation, t_read = timed(lambda: load_evaluation(folder))
            report, t_compose = timed(lambda: compose(evaluation))
            media, t_charts = timed(lambda: media_for(report))
            with tempfile.TemporaryDirectory() as tmp:
                pages, t_pdf = timed(lambda: WRITERS["pdf"](report, media, Path(tmp) / "r.pdf"))
                _, t_docx = timed(lambda: WRITERS["docx"](report, media, Path(tmp) / "r.docx", pages))
                _, t_html = timed(lambda: WRITERS["html"](report, media, Path(tmp) / "r.html"))
            samples.append((t_read, t_compose, t_charts, t_pdf, t_docx, t_html))
        medians = [statistics.median(column) for column in zip(*samples)]
        read, composing, charts, pdf, docx, html = medians
        print(f"{folder.name:<16}{read:8.2f}{composing:9.2f}{charts:8.2f}{pdf:8.2f}{docx:8.2f}{html:8.3f}"
              f"{sum(medians):8.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
