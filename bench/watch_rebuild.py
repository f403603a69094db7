"""Time the rebuild after one score change in watch mode (``kompass build --watch``).

    .venv/bin/python bench/watch_rebuild.py [ROUNDS] [--format pdf|docx|both]

Starts the watch on a copy of the Kalix example with a chart cache of its own, waits for the first
build, then changes one question score ROUNDS times and measures, from the save, the time until the
watch reports the rebuilt report. Each of the first ROUNDS changes sets a value the score never
had, so the charts it changes are drawn (the usual case: an evaluator corrects a score); then the
same values are set again in the same order, so the same rebuilds find every chart in the cache.
Prints the medians of both; nothing is asserted (speed is measured, not tested). ``bench/targets.py``
calls ``rebuild_seconds`` with the Python of each tree it measures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY = "väntar på ändringar"
QUESTION, FIRST = '"3.1": ', "12.45"  # a score of the Kalix example (area 3: its chart, the summary's two)
VALUES = ("14", "13", "11", "10.5", "9", "8", "7.5", "6", "5", "4", "3", "2")


def rebuild_seconds(python: Path, rounds: int = 6, formats: str = "both") -> tuple[float, list[float], list[float]]:
    """Return the first build's seconds (process start included) and the rebuilds' seconds after
    each change, charts drawn and charts cached, of a watch run by ``python``."""
    values = VALUES[:rounds]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(shutil.copytree(ROOT / "inputs" / "kalix-2012", Path(tmp) / "inputs" / "kalix-2012"))
        env = {**os.environ, "KOMPASS_CACHE": str(Path(tmp) / "cache")}
        process = subprocess.Popen(
            [str(python), "-c", "from authoring.cli import main; main()", "build", "--watch", str(folder),
             "--out", str(Path(tmp) / "out"), "--format", formats],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", env=env,
            cwd=python.parents[2])  # the tree of that Python: ``-c`` imports the package of the working folder
        try:
            start = time.perf_counter()
            _wait(process)
            first = time.perf_counter() - start
            samples = []
            current = FIRST
            for value in (*values, FIRST, *values):
                scores = folder / "scores.yaml"
                text = scores.read_text(encoding="utf-8")
                scores.write_text(text.replace(QUESTION + current, QUESTION + value, 1), encoding="utf-8")
                current = value
                start = time.perf_counter()
                _wait(process)
                samples.append(time.perf_counter() - start)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
    if process.returncode != 0:
        raise SystemExit(f"the watch exited {process.returncode} after Ctrl-C")
    return first, samples[:len(values)], samples[len(values):]


def _wait(process: subprocess.Popen) -> None:
    """Read the watch's output until it is waiting for changes again, after writing its files."""
    wrote = False
    for line in process.stdout:
        if "byggdes inte" in line:
            raise SystemExit(f"the watch did not build: {line.strip()}")
        wrote = wrote or line.startswith("skrev ")
        if READY in line:
            if not wrote:
                raise SystemExit("the watch was ready again without having written a report")
            return
    raise SystemExit(f"the watch ended early (exit {process.wait()})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rounds", type=int, nargs="?", default=6)
    parser.add_argument("--format", default="both")
    args = parser.parse_args()
    first, drawn, cached = rebuild_seconds(Path(sys.executable), args.rounds, args.format)
    print(f"watch mode, Kalix, --format {args.format}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"first build (cold cache, process start included): {first:.2f} s")
    for what, samples in (("its charts drawn", drawn), ("its charts cached", cached)):
        print(f"rebuild after one score change, {what}, from the save: median {statistics.median(samples):.2f} s "
              f"(min {min(samples):.2f}, max {max(samples):.2f}, {len(samples)} rounds)")


if __name__ == "__main__":
    main()
