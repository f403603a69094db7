"""A build command starts its writers before it reads its inputs (``writers.jobs.Ahead``).

Each child imports its writer while the evaluation is read and composed, then writes when handed
the report: the files are those of writing in order, a writer failing in its child fails as it
would in order, and a build that stops before writing leaves no child behind. Children are
started only where a core is idle, so these tests make the load average look idle.
"""

from __future__ import annotations

import multiprocessing
import os

import pytest
from click.testing import CliRunner

import authoring.writers
from authoring.builder.build import build
from authoring.cli.commands import main
from authoring.writers import jobs

from .conftest import INPUTS, replace_in


@pytest.fixture
def idle(monkeypatch):
    """Make the machine look idle, and record each use of writers started ahead."""
    used = []
    real = jobs.Ahead.write
    monkeypatch.setattr(jobs.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(jobs.Ahead, "write", lambda self, *args: used.append(sorted(self.children)) or real(self, *args))
    return used


def _files(folder):
    return {p.suffix: p.read_bytes() for p in sorted(folder.glob(f"{folder.name}.*"))}


@pytest.mark.parametrize("formats", ["pdf,docx", "pdf", "docx", "pdf,docx,html"])
def test_writers_started_ahead_give_the_bytes_of_writing_in_order(tmp_path, idle, monkeypatch, formats):
    result = CliRunner().invoke(main, ["build", str(INPUTS / "kalix-2012"), "--out", str(tmp_path / "ahead"),
                                       "--format", formats])
    monkeypatch.setattr(jobs, "_spare_core", lambda: False)
    build(INPUTS / "kalix-2012", tmp_path / "in-order", tuple(formats.split(",")))

    assert result.exit_code == 0, result.output
    assert idle == [sorted(set(formats.split(",")) & {"pdf", "docx"})]
    assert _files(tmp_path / "ahead" / "kalix-2012") == _files(tmp_path / "in-order" / "kalix-2012")
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("failing", ["pdf", "docx"])
def test_a_writer_failing_in_its_child_fails_the_build_as_in_order_and_leaves_nothing(tmp_path, idle, monkeypatch,
                                                                                     failing):
    def full(report, media, dest, pages=None, *rest):
        dest.write_bytes(b"half")
        raise OSError(28, "simulated")

    monkeypatch.setitem(authoring.writers.WRITERS, failing, full)

    result = CliRunner().invoke(main, ["build", str(INPUTS / "kalix-2012"), "--out", str(tmp_path / "out")])

    assert idle == [["docx", "pdf"]]
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "kan inte skriva (disken är full)" in result.output
    assert list((tmp_path / "out" / "kalix-2012").iterdir()) == []
    assert multiprocessing.active_children() == []


def test_writers_started_for_a_build_that_stops_before_writing_end_with_it(kalix, tmp_path, idle):
    replace_in(kalix / "scores.yaml", '"1.2": 11', '"1.2": 99')

    result = CliRunner().invoke(main, ["build", str(kalix), "--out", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert idle == []
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="a process's niceness")
@pytest.mark.parametrize("behind", [False, True])
def test_writers_that_wait_for_charts_load_at_a_lower_priority(idle, behind):
    import time

    mine = os.getpriority(os.PRIO_PROCESS, 0)
    wanted = min(mine + jobs.BEHIND, 19) if behind else mine
    ahead = jobs.Ahead.start(("pdf", "docx"), behind=behind)
    assert ahead is not None
    try:
        pids = [child.process.pid for child in ahead.children.values()]
        deadline = time.monotonic() + (10 if behind else 0.5)  # a child sets its own, soon after it starts
        while time.monotonic() < deadline and any(os.getpriority(os.PRIO_PROCESS, pid) != wanted for pid in pids):
            time.sleep(0.02)
        niceness = [os.getpriority(os.PRIO_PROCESS, pid) for pid in pids]
    finally:
        ahead.close()

    assert len(pids) == 2 and niceness == [wanted, wanted]


def test_a_build_that_draws_starts_its_writers_behind_the_drawer(kalix, tmp_path, idle, monkeypatch):
    monkeypatch.setenv("KOMPASS_CACHE", str(tmp_path / "empty-cache"))  # every chart to be drawn
    started, start = [], jobs.Ahead.start.__func__
    monkeypatch.setattr(jobs.Ahead, "start", classmethod(lambda cls, names, behind=False: started.append(behind)
                                                         or start(cls, names, behind)))

    result = CliRunner().invoke(main, ["build", str(kalix), "--out", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    assert started == [True] and idle == [["docx", "pdf"]]
