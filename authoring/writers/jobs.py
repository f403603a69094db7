"""Write a report's formats: the DOCX made beside the PDF, on the other core, then the HTML.

The DOCX's contents need the PDF's page numbers, and only those. So a forked child makes the whole
DOCX while this process lays out the PDF, then waits for the pages, puts them in and saves. If the
child fails, the DOCX is written again here, so the result is always what the serial order gives.
Batch workers (already one report per core) write in order.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from ..model import Report

Pages = dict[str, int]


def write_formats(report: Report, media: dict[str, bytes], names: list[str], temps: list[Path],
                  hint: Pages) -> Pages:
    """Write format ``names[i]`` of ``report`` to ``temps[i]``; return the PDF's pages ({} without a PDF).

    ``hint`` is the PDF's first guess of its pages (``charts/cache.layout_hint``)."""
    from . import WRITERS

    targets = dict(zip(names, temps))
    child = _DocxChild(report, media, targets["docx"]) if _overlap(names) else None
    pages: Pages = {}
    done = False
    try:
        if "pdf" in targets:
            pages = WRITERS["pdf"](report, media, targets["pdf"], hint) or {}
            done = child is not None and child.finish(pages)
    finally:
        if child is not None:
            child.stop()
    if "docx" in targets and not done:
        WRITERS["docx"](report, media, targets["docx"], pages)
    if "html" in targets:
        WRITERS["html"](report, media, targets["html"])
    return pages


def _overlap(names: list[str]) -> bool:
    return ({"pdf", "docx"} <= set(names) and (os.cpu_count() or 1) >= 2
            and multiprocessing.parent_process() is None)


class _DocxChild:
    """A forked child that makes the DOCX, then waits for the PDF's pages to save it."""

    def __init__(self, report: Report, media: dict[str, bytes], dest: Path):
        context = multiprocessing.get_context("fork")
        self.pages_in, self.pages_out = context.Pipe(duplex=False)
        self.process = context.Process(target=_write_docx, daemon=True,
                                       args=(report, media, dest, self.pages_in, self.pages_out, os.getpid()))
        self.process.start()
        self.pages_in.close()

    def finish(self, pages: Pages) -> bool:
        """Hand the child ``pages``; return True once it has written its file."""
        try:
            self.pages_out.send(pages)
        except OSError:  # the child is gone already
            return False
        self.process.join()
        return self.process.exitcode == 0

    def stop(self) -> None:
        """End the child if it still runs (the PDF failed), and wait for it."""
        self.pages_out.close()  # a child still waiting for pages reads end-of-file and stops
        self.process.join()


def _write_docx(report: Report, media: dict[str, bytes], dest: Path, pages_in, pages_out, parent: int) -> None:
    from ..orphans import exit_with_parent
    from . import WRITERS

    pages_out.close()
    exit_with_parent(parent, interval=0.1)
    try:
        WRITERS["docx"](report, media, dest, pages_in.recv)  # made, then waits for the pages to save
    except BaseException:  # the parent writes the DOCX again and reports what went wrong, once
        os._exit(1)
