"""Write a report's formats: the DOCX made beside the PDF, on the other core, then the HTML.

The DOCX's contents need the PDF's page numbers, and only those. So a forked child makes the whole
DOCX while this process lays out the PDF, saves it with the pages of the PDF's last layout (the
guess the PDF starts from), then waits for the pages and saves it again only if they are others. If the
child fails, the DOCX is written again here, so the result is always what the serial order gives.
Batch workers (already one report per core) write in order.

A build command, which starts a fresh process, starts its writers before anything else
(``Ahead``): a forked child per format imports its writer and library (reportlab, python-docx)
while this process reads the evaluation and composes the report, and writes once handed it. A
writer that fails in its child is run again here, so a failure is raised here, as in order.

Where the system cannot fork (Windows), every format is written here in that order: the same bytes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path

from ..media import LateMedia, settled
from ..model import Report

Pages = dict[str, int]
AHEAD = ("pdf", "docx")  # the formats a child can write ahead: the ones with a library to import
BEHIND = 10  # the niceness of writers that wait for charts still to be drawn


def write_formats(report: Report, media: dict[str, bytes], names: list[str], temps: list[Path],
                  hint: Pages, ahead: Ahead | None = None, meanwhile: Callable[[], None] = lambda: None) -> Pages:
    """Write format ``names[i]`` of ``report`` to ``temps[i]``; return the PDF's pages ({} without a PDF).

    ``hint`` is the PDF's first guess of its pages (``builder/stamps.layout_hint``); ``ahead``, the
    writers a build command started (used once); ``meanwhile``, work of the caller's done while
    the children write (at once where none does)."""
    from . import WRITERS

    targets = dict(zip(names, temps))
    if ahead is not None and not ahead.used:
        pages = ahead.write(report, settled(media), targets, hint, meanwhile)
    else:
        meanwhile()
        pages = _write_here(report, media, targets, hint)
    if "html" in targets:
        WRITERS["html"](report, media, targets["html"])
    settled(media)  # a late image no writer asked for is stored all the same
    return pages


def _write_here(report: Report, media: dict[str, bytes], targets: dict[str, Path], hint: Pages) -> Pages:
    from . import WRITERS

    child = _docx_child(report, media, targets, hint) if _overlap(list(targets)) else None
    pages: Pages = {}
    done = False
    try:
        if "pdf" in targets:
            pages = WRITERS["pdf"](report, media, targets["pdf"], hint) or {}
            settled(media)  # late images the PDF did not need: the child waits for them before the pages
            done = child is not None and child.finish(pages)
    finally:
        if child is not None:
            child.stop(done)
    if "docx" in targets and not done:
        WRITERS["docx"](report, media, targets["docx"], pages)
    return pages


def _docx_child(report: Report, media: dict[str, bytes], targets: dict[str, Path], hint: Pages):
    """Return the child that writes the DOCX beside the PDF: the kept one of a watch, else one forked now."""
    from .kept import kept_docx

    kept = kept_docx(_fork())
    if kept is not None and kept.start(report, media, targets["docx"], hint, list(targets.values())):
        return kept
    return _DocxChild(report, media, targets["docx"], hint)


def _overlap(names: list[str]) -> bool:
    return {"pdf", "docx"} <= set(names) and _spare_core() and _fork() is not None


def _spare_core() -> bool:
    """Return True where a child can work on another core: not in a batch worker, which is one already."""
    import multiprocessing  # late: a build that forks no child needs none of it

    return (os.cpu_count() or 1) >= 2 and multiprocessing.parent_process() is None


def _fork():
    """Return multiprocessing's fork context, or None where the system has none (Windows)."""
    from ..portable import fork_context

    return fork_context()


class _DocxChild:
    """A forked child that makes the DOCX, then waits for the PDF's pages to save it (and first for
    the late images of a ``LateMedia``, handed over as they come)."""

    def __init__(self, report: Report, media: dict[str, bytes], dest: Path, hint: Pages):
        context = _fork()
        self.pages_in, self.pages_out = context.Pipe(duplex=False)
        self.process = context.Process(target=_write_docx, daemon=True,
                                       args=(report, media, dest, hint, self.pages_in, self.pages_out, os.getpid()))
        self.process.start()
        self.pages_in.close()
        if isinstance(media, LateMedia) and media.waiting:  # as the child's copy: it waits for them too
            media.when_settled(self._hand)

    def _hand(self, late: dict[str, bytes]) -> None:
        try:
            self.pages_out.send(late)
        except OSError:  # the child is gone already: the DOCX is written here
            pass

    def finish(self, pages: Pages) -> bool:
        """Hand the child ``pages``; return True once it has written its file."""
        try:
            self.pages_out.send(pages)
        except OSError:  # the child is gone already
            return False
        self.process.join()
        return self.process.exitcode == 0

    def stop(self, done: bool = False) -> None:
        """End the child if it still runs (the PDF failed), and wait for it."""
        self.pages_out.close()  # a child still waiting for pages reads end-of-file and stops
        self.process.join()


def _write_docx(report: Report, media: dict[str, bytes], dest: Path, hint: Pages, pages_in, pages_out,
                parent: int) -> None:
    from ..orphans import exit_failed, exit_with_parent
    from . import WRITERS
    from .kept import reading

    pages_out.close()
    exit_with_parent(parent, interval=0.1)
    if isinstance(media, LateMedia) and media.waiting:  # the late images come from the parent, before the pages
        media.rebind(reading(pages_in))
    try:
        WRITERS["docx"](report, media, dest, pages_in.recv, hint)  # made and saved as guessed, then the pages
    except BaseException as exc:  # the parent writes the DOCX again and reports what went wrong, once
        exit_failed(parent, exc)


class Ahead:
    """The PDF and DOCX writers of a build command, started before the inputs are read."""

    def __init__(self, names: tuple[str, ...], behind: bool = False):
        context = _fork()
        gc.freeze()  # the collector then leaves alone (and does not copy) what the children share
        self.children = {name: _WriterChild(context, name, behind) for name in AHEAD if name in names}
        self.used = False

    @classmethod
    def start(cls, names: tuple[str, ...], behind: bool = False) -> Ahead | None:
        """Return the started writers of ``names``, or None where no core is idle (or none has a child).

        Children cost CPU time of their own (a fork, the report handed over, the pages they copy):
        less than they save where a core is idle, more where other work keeps every core busy (a
        load within half a process of the core count: ``portable.load_average``). ``behind``: the
        charts are still to be drawn, which the writers wait for; the children then load their
        libraries at a lower priority (``os.nice``), so as not to slow the drawer loading matplotlib."""
        from ..portable import load_average

        load = load_average()
        idle = load is not None and load < (os.cpu_count() or 1) - 0.5  # no load average (Windows): no fork either
        wanted = idle and _spare_core() and set(AHEAD) & set(names)
        return cls(names, behind) if wanted and _fork() is not None else None

    def write(self, report: Report, media: dict[str, bytes], targets: dict[str, Path], hint: Pages,
              meanwhile: Callable[[], None] = lambda: None) -> Pages:
        """Write the PDF and the DOCX of ``targets`` (by the children, or here where one failed), doing
        ``meanwhile`` once they have their jobs; return the pages."""
        from . import WRITERS

        self.used = True
        pdf, docx = (self.children.get(name) if name in targets else None for name in AHEAD)
        try:
            if docx is not None:
                docx.send((report, media, targets["docx"], hint))
            if pdf is not None:
                pdf.send((report, media, targets["pdf"], hint))
            meanwhile()
            pages = pdf.written() if pdf is not None else {}
            if pages is None:  # the child failed: again here, which raises what went wrong
                pages = WRITERS["pdf"](report, media, targets["pdf"], hint) or {}
            elif "pdf" in targets and pdf is None:
                pages = WRITERS["pdf"](report, media, targets["pdf"], hint) or {}
            if "docx" in targets and (docx is None or docx.written(pages) is None):
                WRITERS["docx"](report, media, targets["docx"], pages)
        finally:
            self.close()
        return pages

    def close(self) -> None:
        """End the children (an unused one at once), and wait for them."""
        for child in self.children.values():
            child.stop()


class _WriterChild:
    """A forked child that imports the writer of one format, then writes what it is handed."""

    def __init__(self, context, name: str, behind: bool = False):
        self.jobs_out, jobs_in = context.Pipe()
        self.process = context.Process(target=_serve, args=(name, jobs_in, self.jobs_out, os.getpid(), behind),
                                       daemon=True)
        self.process.start()
        jobs_in.close()
        self.handed = False

    def send(self, job) -> None:
        try:
            self.jobs_out.send(job)
            self.handed = True
        except OSError:  # gone already: written here
            pass

    def written(self, job=None):
        """Hand the child ``job`` (or, to a DOCX child, its pages), unless None (sent already), and
        return its answer, None if it failed."""
        if job is not None:
            self.send(job)
        try:
            answer = self.jobs_out.recv() if self.handed else None
        except (EOFError, OSError):
            answer = None
        self.process.join()
        return answer

    def stop(self) -> None:
        if not self.handed and self.process.is_alive():
            self.process.kill()  # still loading what it was never asked to use
        self.jobs_out.close()
        self.process.join()


def _serve(name: str, jobs, parents_end, parent: int, behind: bool = False) -> None:
    """Import the writer of format ``name``, then write the one job handed over ``jobs`` (``behind``:
    at a lower priority, ``Ahead.start``)."""
    from ..orphans import exit_with_parent
    from . import WRITERS, writer_module

    parents_end.close()  # so that the parent closing its end reads here as the end
    exit_with_parent(parent, interval=0.1)
    if behind and hasattr(os, "nice"):
        os.nice(BEHIND)
    try:
        writer_module(name)
        prepare_writer(name)
        job = jobs.recv()
        if name == "pdf":
            jobs.send(WRITERS["pdf"](*job) or {})
        else:
            report, media, dest, hint = job
            WRITERS["docx"](report, media, dest, jobs.recv, hint)  # made and saved as guessed, then the pages
            jobs.send(True)
    except EOFError:  # never handed a job: the build stopped before writing
        os._exit(0)
    except BaseException:  # the parent writes this format again and reports what went wrong, once
        os._exit(1)
    os._exit(0)


def prepare_writer(name: str) -> None:
    """Do what each report of format ``name`` needs first, while the child waits for its report: the
    PDF's fonts registered, the DOCX's embedded faces deflated."""
    if name == "pdf":
        from .pdf_styles import register_fonts

        register_fonts()
    elif name == "docx":
        from .docx_fonts import prepare

        prepare()
