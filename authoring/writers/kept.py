"""The DOCX writer of a process that builds again and again (``--watch``): one child, forked once
with everything loaded and kept, writes each rebuild's DOCX while this process lays out the PDF.

A child forked per rebuild (``jobs._DocxChild``) is handed the report for free, but pays for its
fork in both processes: every memory page either writes while the other lives is copied, and the
child starts cold. Handing the kept child the report and its images costs this process 3-4 ms (a
Kalix report pickles to 0.1 MB, its images to 1.5 MB), where the fork and its copied pages cost it
and the child several times that. The protocol is the per-rebuild child's: the job, then the late
images of a ``LateMedia`` (read at once, by a thread, so that this process never waits to send
them), then the PDF's pages; the child answers once its file is written. A child that fails ends:
this process then writes the DOCX itself, and forks a new child next time.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from ..media import LateMedia
from ..model import Report


class _Kept:
    wanted = False
    child: KeptDocx | None = None


_kept = _Kept()


@contextmanager
def docx_writer_kept():
    """Keep a DOCX writer child while the block runs (forked at the first DOCX written beside a PDF,
    so enter once all is loaded); end it after."""
    _kept.wanted = True
    try:
        yield
    finally:
        _kept.wanted = False
        drop()


def kept_docx(context) -> KeptDocx | None:
    """Return the kept DOCX writer (forking it if there is none alive), or None where none is kept."""
    if not _kept.wanted:
        return None
    if _kept.child is None or not _kept.child.process.is_alive():
        drop()
        _kept.child = KeptDocx(context)
    return _kept.child


def drop() -> None:
    if _kept.child is not None:
        _kept.child.close()
        _kept.child = None


class KeptDocx:
    """A forked child that writes the DOCX of each report it is handed (``start``, then ``finish``)."""

    def __init__(self, context):
        self.ours, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, self.ours, os.getpid()), daemon=True)
        self.process.start()
        theirs.close()

    def start(self, report: Report, media: dict[str, bytes], dest: Path, hint: dict[str, int],
              temporaries: list[Path]) -> bool:
        """Hand the child the DOCX of ``report`` to write to ``dest``; the late images of a ``LateMedia``
        follow as they come. ``temporaries``: this build's temporary files, which the child removes if
        this process is killed (as a child forked for the build would). Return False if it is gone."""
        late = isinstance(media, LateMedia) and media.waiting
        ready = dict(media)  # what is here; a LateMedia's rest follows
        try:
            self.ours.send((report, ready, media.guesses if late else {}, dest, hint, temporaries))
        except OSError:
            return False
        if late:
            media.when_settled(self._hand)
        return True

    def _hand(self, late: dict[str, bytes]) -> None:
        try:
            self.ours.send(late)
        except OSError:  # gone: its answer says so
            pass

    def finish(self, pages: dict[str, int]) -> bool:
        """Hand the child the PDF's ``pages``; return True once it has written its file."""
        try:
            self.ours.send(pages)
            return self.ours.recv() is True
        except (EOFError, OSError):
            drop()
            return False

    def stop(self, done: bool) -> None:
        """After a report: a child whose job was not done (the PDF failed) is ended, never reused."""
        if not done and _kept.child is self:
            drop()

    def close(self) -> None:
        self.ours.close()
        self.process.kill()
        self.process.join()


def _serve(conn, parents_end, parent: int) -> None:
    from ..orphans import exit_failed, exit_with_parent
    from ..safeio import temporaries_of_parent
    from . import WRITERS

    parents_end.close()
    exit_with_parent(parent, interval=0.1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the watch's, which ends this child
    while True:
        try:
            report, ready, guesses, dest, hint, temporaries = conn.recv()
        except EOFError:
            os._exit(0)
        temporaries_of_parent(temporaries)
        gc.disable()  # as the watch's own rebuild (``imports.collector_paused``); collected after
        try:
            media = LateMedia(ready, guesses, reading(conn)) if guesses else ready
            WRITERS["docx"](report, media, dest, conn.recv, hint)  # made and saved as guessed, then the pages
            conn.send(True)
        except BaseException as exc:  # the parent writes the DOCX again and reports what went wrong, once
            exit_failed(parent, exc)
        gc.enable()
        gc.collect()


def reading(connection) -> Callable[[], object]:
    """Read the next message of ``connection`` in a thread from now on (so that the parent, which
    sends it in the midst of its PDF, never waits for this process to read); return what waits for it."""
    import threading

    box: list[tuple[bool, object]] = []

    def read() -> None:
        try:
            box.append((True, connection.recv()))
        except BaseException as exc:  # noqa: BLE001  (raised where the message is waited for)
            box.append((False, exc))
    thread = threading.Thread(target=read, daemon=True)
    thread.start()

    def message():
        thread.join()
        read_it, value = box[0]
        if not read_it:
            raise value  # type: ignore[misc]
        return value
    return message
