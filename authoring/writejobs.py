"""Write a report's formats: the DOCX beside the PDF when the PDF's page layout is known already.

The DOCX's contents need the PDF's page numbers, so normally the PDF is laid out first. On a
rebuild the last layout (``chartcache.layout_hint``) is usually still right: then a forked child
writes the DOCX with those pages while this process writes the PDF. If the PDF ends up with other
pages, or the child failed, the DOCX is written again here, so the result is always what the
serial order gives. Batch workers (already one report per core) and first builds write in order.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from .model import Report

Pages = dict[str, int]


def write_formats(report: Report, media: dict[str, bytes], names: list[str], temps: list[Path],
                  hint: Pages) -> Pages:
    """Write format ``names[i]`` of ``report`` to ``temps[i]``; return the PDF's pages ({} without a PDF)."""
    from .writers import WRITERS

    targets = dict(zip(names, temps))
    child = _docx_beside(report, media, targets["docx"], hint) if _overlap(names, hint) else None
    pages: Pages = {}
    try:
        if "pdf" in targets:
            pages = WRITERS["pdf"](report, media, targets["pdf"], hint) or {}
    finally:
        done = child is not None and _joined(child)
    if "docx" in targets and not (done and pages == hint):
        WRITERS["docx"](report, media, targets["docx"], pages)
    return pages


def _overlap(names: list[str], hint: Pages) -> bool:
    return (bool(hint) and {"pdf", "docx"} <= set(names) and (os.cpu_count() or 1) >= 2
            and multiprocessing.parent_process() is None)


def _docx_beside(report: Report, media: dict[str, bytes], dest: Path, pages: Pages):
    """Start a forked child that writes the DOCX to ``dest`` with ``pages``; return it."""
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_write_docx, args=(report, media, dest, pages, os.getpid()), daemon=True)
    child.start()
    return child


def _write_docx(report: Report, media: dict[str, bytes], dest: Path, pages: Pages, parent: int) -> None:
    from .orphans import exit_with_parent
    from .writers import WRITERS

    exit_with_parent(parent, interval=0.1)
    try:
        WRITERS["docx"](report, media, dest, pages)
    except BaseException:  # the parent writes the DOCX again and reports what went wrong, once
        os._exit(1)


def _joined(child) -> bool:
    """Wait for ``child``; return True if it wrote its file."""
    child.join()
    return child.exitcode == 0
