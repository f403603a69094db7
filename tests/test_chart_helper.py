"""The watch keeps one child that draws half of each rebuild's charts: the same images as drawn here,
never an image of a style it does not have, and a new child when the old one is gone."""

from __future__ import annotations

import gc
import os

import pytest

from authoring.charts import cache, jobs, plots
from authoring.compose import compose
from authoring.source.evaluation import load_evaluation

from .conftest import INPUTS

pytestmark = pytest.mark.skipif(os.name != "posix" or (os.cpu_count() or 1) < 2, reason="a forked helper")


def of_kinds(charts) -> list:
    """Return the first chart of each kind: a radar, bars and hbars, the charts a score edit redraws."""
    kinds = {}
    for chart in charts:
        kinds.setdefault(chart.kind, chart)
    return list(kinds.values())


@pytest.fixture(scope="module")
def charts():
    return of_kinds(compose(load_evaluation(INPUTS / "kalix-2012")).charts)


@pytest.fixture(scope="module")
def here(charts):
    return [plots.render(chart) for chart in charts]


@pytest.fixture
def kept(monkeypatch):
    kept = jobs._Kept()
    monkeypatch.setattr(jobs, "_kept", kept)
    with jobs.helper_kept():
        yield kept
    assert kept.helper is None and not kept.wanted  # ended with the context


class Counting:
    """``plots.render``, counting the charts drawn in this process."""

    def __init__(self):
        self.drawn = 0

    def __call__(self, chart):
        self.drawn += 1
        return plots.render(chart)


def test_the_kept_helper_draws_half_of_every_drawing_with_the_same_images(charts, here, kept):
    render = Counting()

    first = jobs._draw(charts, render)
    helper = kept.helper.process.pid
    second = jobs._draw(charts, render)

    assert first == second == here
    assert kept.helper.process.pid == helper  # the same child, forked once
    assert render.drawn == 2 * len(jobs._halves(charts)[0]) < 2 * len(charts)


def test_a_helper_with_another_style_draws_nothing_and_is_replaced(charts, here, kept, monkeypatch):
    jobs._draw(charts, plots.render)
    stale = kept.helper.process
    key = cache.chart_key
    monkeypatch.setattr(cache, "chart_key", lambda chart: "another style " + key(chart))  # here only: forked before
    render = Counting()

    images = jobs._draw(charts, render)

    assert images == here
    assert render.drawn == len(charts)  # drawn here, every one
    assert not stale.is_alive() and kept.helper is None
    jobs._draw(charts, plots.render)
    assert kept.helper.process.pid != stale.pid


def test_a_helper_that_is_gone_is_forked_again(charts, here, kept):
    jobs._draw(charts, plots.render)
    gone = kept.helper.process
    gone.kill()
    gone.join()

    assert jobs._draw(charts, plots.render) == here
    assert kept.helper.process.pid != gone.pid and kept.helper.alive()


def test_a_drawing_that_fails_here_never_leaves_its_images_to_the_next(charts, kept):
    ours = set(jobs._halves(charts)[0])

    def failing(chart):
        if charts.index(chart) in ours:
            raise RuntimeError("a chart that cannot be drawn")
        return plots.render(chart)

    with pytest.raises(RuntimeError):
        jobs._draw(charts, failing)
    others = of_kinds(compose(load_evaluation(INPUTS / "norsjo-2015")).charts)  # a stale answer: Kalix's images

    assert jobs._draw(others, plots.render) == [plots.render(chart) for chart in others]


def test_a_helper_forked_while_the_collector_is_paused_collects_in_its_life_after(charts, kept):
    def collecting(chart) -> bytes:  # in both processes: whether the collector runs there
        return str(gc.isenabled()).encode()

    gc.disable()  # as in a rebuild of the watch (``imports.collector_paused``)
    try:
        drawn = jobs._draw(charts, collecting)
    finally:
        gc.enable()

    halves = jobs._halves(charts)
    assert [drawn[i] for i in halves[0]] == [b"False"] * len(halves[0])  # here
    assert [drawn[i] for i in halves[1]] == [b"True"] * len(halves[1])  # the helper


def test_ctrl_c_is_left_to_the_watch_which_ends_the_helper(charts, here, kept):
    import signal
    import time

    jobs._draw(charts, plots.render)  # the helper is up and waits for the next drawing
    helper = kept.helper.process
    os.kill(helper.pid, signal.SIGINT)  # as Ctrl-C reaches every process of the terminal's group
    time.sleep(0.3)

    assert helper.is_alive()  # no KeyboardInterrupt (and no traceback on the terminal)
    assert jobs._draw(charts, plots.render) == here and kept.helper.process is helper
