"""A batch worker builds each report with the garbage collector paused and collects once after it;
the batch leaves the collector of its own process as it found it (the studio runs batches in its
long-lived process)."""

from __future__ import annotations

import gc
import os
import shutil

import pytest
from rich.console import Console

from authoring.builder import batch as batching

from .conftest import INPUTS

QUIET = Console(file=open(os.devnull, "w"))


def test_a_report_is_built_with_the_collector_paused_and_it_runs_again_after_even_a_failure(monkeypatch):
    seen = []

    def build(*args):
        seen.append(gc.isenabled())
        raise ValueError("trasig")

    monkeypatch.setattr(batching, "build_evaluation", build)

    with pytest.raises(ValueError):
        batching._build_one("utvärdering")

    assert seen == [False] and gc.isenabled()


def test_a_batch_leaves_its_own_collector_enabled_and_nothing_frozen(tmp_path, monkeypatch):
    folder = shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012")
    log = tmp_path / "collector.txt"
    build = batching.build_evaluation

    def noted(*args):  # in the worker
        with open(log, "a", encoding="ascii") as file:
            file.write(f"{gc.isenabled()} {gc.get_freeze_count() > 0}\n")
        return build(*args)

    monkeypatch.setattr(batching, "build_evaluation", noted)
    gc.unfreeze()  # what an earlier test in this process froze (a build's writers do: ``writers.jobs.Ahead``)
    assert gc.isenabled() and gc.get_freeze_count() == 0

    result = batching.batch([folder], tmp_path / "out", force=True, jobs=1, console=QUIET)

    assert [o.status for o in result.outcomes] == ["built"]
    assert log.read_text(encoding="ascii").split() == ["False", "True"]  # paused; the batch's own objects frozen
    assert gc.isenabled() and gc.get_freeze_count() == 0
