"""The watch keeps one child that writes each rebuild's DOCX beside its PDF (``writers/kept.py``): the
same file as a child forked for it, the same child rebuild after rebuild, and a new one when the
old one is gone or was left with a job it could not finish."""

from __future__ import annotations

import os
import time

import pytest

from authoring.builder.plan import ready
from authoring.charts.draw import media_for
from authoring.compose import compose
from authoring.writers import WRITERS, kept
from authoring.writers.jobs import _write_here

from .conftest import INPUTS

pytestmark = pytest.mark.skipif(os.name != "posix" or (os.cpu_count() or 1) < 2, reason="a forked child")


@pytest.fixture(scope="module")
def kalix():
    report = compose(ready(INPUTS / "kalix-2012"))
    return report, dict(media_for(report))


@pytest.fixture
def keeping(monkeypatch):
    state = kept._Kept()
    monkeypatch.setattr(kept, "_kept", state)
    with kept.docx_writer_kept():
        yield state
    assert state.child is None  # ended with the context


def write(report, media, folder, name: str) -> bytes:
    targets = {"pdf": folder / f"{name}.pdf", "docx": folder / f"{name}.docx"}
    _write_here(report, media, targets, {})
    return targets["docx"].read_bytes()


def test_the_kept_child_writes_every_rebuilds_docx_as_a_forked_child_does(kalix, tmp_path, keeping):
    report, media = kalix
    first = write(report, media, tmp_path, "first")
    child = keeping.child.process.pid
    second = write(report, media, tmp_path, "second")

    assert keeping.child.process.pid == child  # the same child, forked once
    kept.drop()
    keeping.wanted = False
    assert first == second == write(report, media, tmp_path, "forked")


def test_a_kept_child_that_is_gone_leaves_the_docx_to_this_process_and_a_new_one_to_the_next(kalix, tmp_path, keeping):
    report, media = kalix
    expected = write(report, media, tmp_path, "first")
    gone = keeping.child.process
    gone.kill()
    gone.join()

    assert write(report, media, tmp_path, "again") == expected
    assert keeping.child.process.pid != gone.pid and keeping.child.process.is_alive()


def test_a_rebuild_whose_pdf_fails_ends_the_kept_child_with_its_job(kalix, tmp_path, keeping, monkeypatch):
    report, media = kalix
    expected = write(report, media, tmp_path, "first")
    busy = keeping.child.process
    real = WRITERS["pdf"]

    def failing(*args, **kwargs):
        raise RuntimeError("a PDF that cannot be written")

    monkeypatch.setitem(WRITERS, "pdf", failing)
    with pytest.raises(RuntimeError):
        write(report, media, tmp_path, "failed")
    monkeypatch.setitem(WRITERS, "pdf", real)

    assert not busy.is_alive() and keeping.child is None  # never handed the next report after this one's job
    assert write(report, media, tmp_path, "next") == expected


def test_the_kept_child_of_a_watch_killed_in_a_rebuild_removes_the_rebuilds_temporary_files(kalix, tmp_path):
    from authoring.portable import fork_context

    report, media = kalix
    pages = WRITERS["pdf"](report, media, tmp_path / "pages.pdf")  # the guess: the DOCX is saved before the pages come
    temps = [tmp_path / ".kompass-1-pdf.tmp", tmp_path / ".kompass-1-docx.tmp"]
    written = tmp_path / "written"
    watch = os.fork()
    if watch == 0:  # the watch, ended abruptly while it lays out the PDF (its pipes close, as with kill -9)
        try:
            for path in temps:
                path.write_bytes(b"")
            child = kept.KeptDocx(fork_context())
            child.start(report, media, temps[1], pages, temps)
            for _ in range(3000):  # until the child has written the DOCX and waits for the pages
                if temps[1].stat().st_size:
                    break
                time.sleep(0.01)
            written.write_text(str(temps[1].stat().st_size))
        finally:
            os._exit(0)
    os.waitpid(watch, 0)
    for _ in range(300):
        if not any(path.exists() for path in temps):
            break
        time.sleep(0.01)

    assert int(written.read_text()) > 0  # the DOCX was written before the watch ended
    assert not any(path.exists() for path in temps)
