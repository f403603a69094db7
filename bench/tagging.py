"""Time the PDF writer with tagging on and off (what the tagged PDF costs), run by run alternating.

    .venv/bin/python bench/tagging.py [ROUNDS]

Prints the median CPU seconds of the writer per example, as a first build lays it out (no
layout hint: two passes) and as a rebuild does (with the last layout as hint: one pass), and the
growth. CPU time, so that other processes on the machine disturb it less. Nothing is asserted.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KOMPASS_CACHE", "off")

from authoring.charts.draw import media_for  # noqa: E402
from authoring.compose import compose  # noqa: E402
from authoring.builder.plan import plan  # noqa: E402
from authoring.writers import pdf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def cpu(action) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def main(rounds: int) -> None:
    print(f"{'example':<16}{'hint':>6}{'untagged':>10}{'tagged':>8}{'growth':>8}")
    for folder in sorted(p.parent for p in (ROOT / "inputs").glob("*/evaluation.yaml")):
        report = compose(plan([folder]).items[0].evaluation)
        media = media_for(report)
        with tempfile.TemporaryDirectory() as tmp:
            dest = Path(tmp) / "r.pdf"
            pages = pdf.write(report, media, dest)
            for hint in (None, pages):
                times: dict[bool, list[float]] = {True: [], False: []}
                for index in range(rounds):
                    for tagged in ((True, False) if index % 2 else (False, True)):
                        times[tagged].append(cpu(lambda: pdf.write(report, media, dest, hint, tagged=tagged)))
                on, off = statistics.median(times[True]), statistics.median(times[False])
                print(f"{folder.name:<16}{'yes' if hint else 'no':>6}{off:10.3f}{on:8.3f}{100 * (on / off - 1):7.1f}%")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
