"""Time the rebuild after one score change in watch mode (``kompass build --watch``).

    .venv/bin/python bench/watch_rebuild.py [ROUNDS] [--format pdf|docx|both]

Starts the watch on a copy of the Kalix example with a chart cache of its own, waits for the first
build, then changes one question score ROUNDS times (alternating between two values, so every
round is a real change and its charts were drawn before only from round three on) and measures,
from the save, the time until the watch reports the rebuilt report. Prints the median; nothing is
asserted (speed is measured, not tested).
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
SCORES = ('"3.1": 12.45', '"3.1": 14')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rounds", type=int, nargs="?", default=6)
    parser.add_argument("--format", default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(shutil.copytree(ROOT / "inputs" / "kalix-2012", Path(tmp) / "inputs" / "kalix-2012"))
        env = {**os.environ, "KOMPASS_CACHE": str(Path(tmp) / "cache")}
        process = subprocess.Popen(
            [sys.executable, "-c", "from authoring.cli import main; main()", "build", "--watch", str(folder),
             "--out", str(Path(tmp) / "out"), "--format", args.format],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", env=env)
        start = time.perf_counter()
        _wait(process)
        first = time.perf_counter() - start
        samples = []
        for round_ in range(args.rounds):
            scores = folder / "scores.yaml"
            old, new = SCORES if round_ % 2 == 0 else SCORES[::-1]
            scores.write_text(scores.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
            start = time.perf_counter()
            _wait(process)
            samples.append(time.perf_counter() - start)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    print(f"watch mode, Kalix, --format {args.format}, {os.cpu_count()} cores")
    print(f"first build (cold cache, process start included): {first:.2f} s")
    print(f"rebuild after one score change, from the save: median {statistics.median(samples):.2f} s "
          f"(min {min(samples):.2f}, max {max(samples):.2f}, {len(samples)} rounds)")


def _wait(process: subprocess.Popen) -> None:
    """Read the watch's output until it is waiting for changes again."""
    for line in process.stdout:
        if READY in line:
            return
    raise SystemExit(f"the watch ended early (exit {process.wait()})")


if __name__ == "__main__":
    main()
