"""One process of bench/targets.py: times report builds in a warm process and prints JSON lines.

    <tree>/.venv/bin/python bench/report_child.py warm|rebuild FOLDER ROUNDS

Run with the Python of the tree being measured (its editable install decides which ``authoring``
is imported), so the same script times the code before and after a change. It only uses
functions that every version of Kompass has: load_evaluation, build_evaluation, compose, media_for,
WRITERS, build (found where the tree keeps them).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from authoring.compose import compose
from authoring.writers import WRITERS

try:  # the package in its wings
    from authoring.builder.build import build, build_evaluation
    from authoring.charts.draw import media_for
    from authoring.source.evaluation import load_evaluation
except ModuleNotFoundError:  # a baseline from before the wings: every module at the top of authoring/
    from authoring.build import build, build_evaluation
    from authoring.charts import media_for
    from authoring.evaluation import load_evaluation

EDIT = ('"1.3": 5', '"1.3": 4')  # one score of the Kalix example, toggled between rebuilds


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def warm(folder: Path, out: Path) -> dict[str, float]:
    """Return the seconds of one full report as ``kompass build`` makes it (read, then compose, charts
    and both formats), its CPU seconds, and for information each stage alone."""
    cpu = time.process_time()
    evaluation, t_read = timed(lambda: load_evaluation(folder))
    shutil.rmtree(out / "report", ignore_errors=True)
    _, t_build = timed(lambda: build_evaluation(evaluation, out / "report"))
    cpu = time.process_time() - cpu  # this process's; a child that drew charts or made the DOCX is not counted
    report, t_compose = timed(lambda: compose(evaluation))
    media, t_charts = timed(lambda: media_for(report))
    pages, t_pdf = timed(lambda: WRITERS["pdf"](report, media, out / "r.pdf"))
    _, t_docx = timed(lambda: WRITERS["docx"](report, media, out / "r.docx", pages))
    return {"read": t_read, "build": t_build, "compose": t_compose, "charts": t_charts, "pdf": t_pdf,
            "docx": t_docx, "total": t_read + t_build, "cpu": cpu}


def rebuild(folder: Path, out: Path, index: int) -> dict[str, float]:
    """Return the seconds of ``kompass build``'s work after one score of ``folder`` changed."""
    scores = folder / "scores.yaml"
    old, new = EDIT if index % 2 == 0 else EDIT[::-1]
    scores.write_text(scores.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    cpu = time.process_time()
    _, seconds = timed(lambda: build(folder, out))
    return {"total": seconds, "cpu": time.process_time() - cpu}


def main(mode: str, folder: Path, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if mode == "rebuild":
            folder = Path(shutil.copytree(folder, out / "inputs" / folder.name))
            build(folder, out)  # the build before the edit
        else:
            warm(folder, out)  # warm-up: imports, fonts, caches of the process
        for index in range(rounds):
            sample = rebuild(folder, out, index) if mode == "rebuild" else warm(folder, out)
            print(json.dumps(sample), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]).resolve(), int(sys.argv[3]))
