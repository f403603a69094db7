"""Time the HTML writer: one report laid out as a web page in a warm process, charts excluded.

    .venv/bin/python bench/html_writer.py [ROUNDS]

Per example: the first page in the process (which reads the font's faces from Kompass's cache, or
cuts them with fontTools, a second, when the cache is off or new), then the median and the slowest
of ROUNDS more, each written to a file
(the chart PNGs drawn before, as a build gives them to every writer). Issue 24's target: Kalix
in at most 30 ms. Wall-clock and CPU time; nothing is asserted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from authoring.builder.plan import plan
from authoring.charts.draw import media_for
from authoring.compose import compose
from authoring.writers import html

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.030


def timed(action) -> tuple[float, float]:
    """Return the wall-clock and CPU seconds of ``action()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(rounds: int) -> None:
    print(f"{'example':<16}{'first':>8}{'median':>8}{'cpu':>8}{'max':>8}{'size':>9}  (ms, KB)")
    for folder in sorted(p.parent for p in (ROOT / "inputs").glob("*/evaluation.yaml")):
        report = compose(plan([folder]).items[0].evaluation)
        media = media_for(report)
        with tempfile.TemporaryDirectory() as tmp:
            dest = Path(tmp) / "r.html"
            first, _ = timed(lambda: html.write(report, media, dest))
            samples = [timed(lambda: html.write(report, media, dest)) for _ in range(rounds)]
            size = dest.stat().st_size
        walls, cpus = [s[0] for s in samples], [s[1] for s in samples]
        median = statistics.median(walls)
        mark = ("met" if median <= GOAL else "NOT met") if folder.name == "kalix-2012" else ""
        print(f"{folder.name:<16}{1000 * first:8.1f}{1000 * median:8.1f}{1000 * statistics.median(cpus):8.1f}"
              f"{1000 * max(walls):8.1f}{size / 1024:9.0f}  {mark}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
