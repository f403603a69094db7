"""A batch writes its campaign summary in a forked child while the workers build the reports: the
same files as writing it after them; a child that fails leaves it to the batch, which raises as before."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from authoring.builder import summary, workbook
from authoring.builder.batch import batch
from authoring.errors import UsageError

from .conftest import EXAMPLES, INPUTS

QUIET = Console(file=open(os.devnull, "w"))


@pytest.fixture
def inputs(tmp_path) -> Path:
    root = tmp_path / "inputs"
    for name in EXAMPLES:
        shutil.copytree(INPUTS / name, root / name)
    return root


@pytest.fixture
def writers(tmp_path, monkeypatch) -> Path:
    """Note in a file the process id of every writing of the summary's workbook."""
    log, write = tmp_path / "writers.txt", workbook.write_summary

    def noted(*args, **kwargs):
        with open(log, "a", encoding="ascii") as file:
            file.write(f"{os.getpid()}\n")
        return write(*args, **kwargs)

    monkeypatch.setattr(workbook, "write_summary", noted)
    return log


def _pids(log: Path) -> list[int]:
    return [int(line) for line in log.read_text(encoding="ascii").split()]


def test_the_summary_is_written_beside_the_workers_as_it_is_after_them(inputs, tmp_path, writers, monkeypatch):
    beside = batch([inputs], tmp_path / "beside", console=QUIET)
    assert beside.summary_built and [p.name for p in beside.summary] == list(summary.SUMMARY_FILES)
    (child,) = _pids(writers)
    assert child != os.getpid()  # written in a child of its own
    monkeypatch.setattr(summary.Ahead, "start", classmethod(lambda cls, formats: None))  # as where none can fork
    after = batch([inputs], tmp_path / "after", console=QUIET)
    assert _pids(writers)[1:] == [os.getpid()]
    for one, other in zip(beside.summary, after.summary):
        assert one.read_bytes() == other.read_bytes(), one.name
    # a batch with nothing to build and nothing changed writes no summary, in no child
    again = batch([inputs], tmp_path / "beside", console=QUIET)
    assert not again.summary_built and len(_pids(writers)) == 2


def test_a_summary_child_that_fails_leaves_the_summary_to_the_batch(inputs, tmp_path, writers, monkeypatch):
    parent, write = os.getpid(), workbook.write_summary

    def only_here(*args, **kwargs):
        if os.getpid() != parent:
            with open(writers, "a", encoding="ascii") as file:
                file.write(f"{os.getpid()}\n")
            raise OSError("Enheten är full")
        return write(*args, **kwargs)  # noted there

    monkeypatch.setattr(workbook, "write_summary", only_here)
    result = batch([inputs], tmp_path / "out", console=QUIET)
    pids = _pids(writers)
    assert len(pids) == 2 and pids[0] != parent and pids[1] == parent  # failed in the child, then here
    assert result.summary_built and all(path.stat().st_size > 0 for path in result.summary)
    assert not any(p.name.startswith(".") and p.is_file() for p in (tmp_path / "out").iterdir())  # no temporaries


def test_a_summary_that_cannot_be_written_fails_the_batch_as_it_did(inputs, tmp_path, monkeypatch):
    def full(campaign, out_dir, write_atomically):
        raise UsageError(f"kan inte skriva {out_dir / 'sammanstallning.xlsx'}: enheten är full")

    monkeypatch.setattr(workbook, "write_summary", full)
    with pytest.raises(UsageError, match="enheten är full"):
        batch([inputs], tmp_path / "out", console=QUIET)
    assert all((tmp_path / "out" / name / f"{name}.pdf").is_file() for name in EXAMPLES)  # the reports are built


def test_a_batch_whose_workers_fail_leaves_no_summary_child(inputs, tmp_path, monkeypatch):
    import multiprocessing

    from authoring.builder import batch as batch_module

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(batch_module, "_run", stopped)
    others = set(multiprocessing.active_children())  # of tests before this one in the same process
    with pytest.raises(KeyboardInterrupt):
        batch([inputs], tmp_path / "out", console=QUIET)
    assert set(multiprocessing.active_children()) - others == set()


def test_the_summary_child_loads_its_libraries_while_the_evaluations_are_read(inputs, tmp_path, monkeypatch):
    import multiprocessing

    from authoring.builder import batch as batch_module

    others = set(multiprocessing.active_children())
    seen, plan = [], batch_module.plan

    def reading(*args, **kwargs):
        seen.extend(set(multiprocessing.active_children()) - others)
        return plan(*args, **kwargs)

    monkeypatch.setattr(batch_module, "plan", reading)
    result = batch([inputs], tmp_path / "out", console=QUIET)

    assert len(seen) == 1 and result.summary_built  # forked before the plan, and it wrote the summary
    assert set(multiprocessing.active_children()) - others == set()


def test_a_batch_that_stops_before_building_leaves_no_summary_child(inputs, tmp_path):
    import multiprocessing

    others = set(multiprocessing.active_children())
    with pytest.raises(UsageError):
        batch([inputs], inputs / EXAMPLES[0] / "out", console=QUIET)  # --out in an evaluation: refused
    assert set(multiprocessing.active_children()) - others == set()


def test_the_summary_job_is_handed_once_the_workers_build(inputs, tmp_path, monkeypatch):
    import multiprocessing

    children_then = []
    hand = summary.Ahead.hand

    def noted(self, job):
        children_then.append(len(multiprocessing.active_children()))
        return hand(self, job)

    monkeypatch.setattr(summary.Ahead, "hand", noted)
    batch([inputs], tmp_path / "out", console=QUIET)  # three reports to build
    batch([inputs], tmp_path / "out", console=QUIET)  # none: handed (and ended) at once

    assert children_then[0] >= 2  # the summary's child and the workers: its pickling beside their work
    assert children_then[1] == 1
