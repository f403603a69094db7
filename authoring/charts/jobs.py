"""Render a report's charts: from the cache where possible, the rest on both cores.

Drawing the ten charts of a report is most of a fresh build's time. When several charts must be
drawn and this process is not itself a worker (batch already keeps every core busy with one report
each), a forked child draws every other chart while this process draws the rest. The child is
forked after matplotlib is imported, so it starts in milliseconds, and it ends with its parent.
Where the system cannot fork (Windows), every chart is drawn here: the same images.

A process that draws again and again (``--watch``) keeps its child (``helper_kept``): forked once,
with everything loaded, it draws its half of each rebuild's charts at once, warm, where a child
forked per rebuild cost this process 25 ms before it could start its own half. It draws a chart
only if it makes the same cache key of it as this process (the same code, style and spec), so a
helper forked before a change of style never hands over an image of the old one.

A rebuild of the watch need not wait for the helper either: when every chart it draws was drawn
before (the same chart, other values), the rebuild goes on with a ``media.LateMedia``, which guesses
each image's size from the last one and waits for the helper only where a writer needs the bytes.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable
from contextlib import contextmanager

from . import cache
from ..media import LateMedia
from ..model import ChartSpec

MIN_PARALLEL = 3  # fewer charts than this are drawn here: a fork would cost more than it saves
COST = {"radar": 1.6, "bars": 1.2, "hbars": 1.0}  # relative drawing time, measured on Kalix's charts
REMEMBERED = 64  # the last images kept as guesses (``_Kept.last``): a few evaluations' charts


def render_charts(charts: tuple[ChartSpec, ...], render: Callable[[ChartSpec], bytes],
                  load: Callable[[], object] = lambda: None, drawer=None) -> dict[str, bytes]:
    """Return every chart as PNG bytes keyed by ``ChartSpec.key``; draw only what the cache lacks.

    ``load`` imports what drawing needs: called only when a chart must be drawn, before a child
    that draws is forked (so the child inherits it). ``drawer``: a ``drawn.Drawer`` started early,
    which has imported it already (used once; ended if nothing is to be drawn)."""
    media = {chart.key: cache.lookup(chart) for chart in charts}
    todo = [chart for chart in charts if media[chart.key] is None]
    drawn = drawer.draw(todo) if drawer is not None else None
    if todo and drawn is None:
        load()
        late = _late(charts, todo, render, media) if _kept.wanted else None
        if late is not None:
            return late
        drawn = _draw(todo, render)
    for chart, image in zip(todo, drawn or ()):
        cache.store(chart, image)
        media[chart.key] = image
    _kept.remember(charts, media)
    return media  # type: ignore[return-value]


def _late(charts: tuple[ChartSpec, ...], todo: list[ChartSpec], render: Callable[[ChartSpec], bytes],
          media: dict[str, bytes | None]) -> LateMedia | None:
    """Draw this process's half of ``todo`` and return ``media`` with the helper's half to come, or
    None (nothing drawn) where there is no guess of each of its images or no helper."""
    context = _sharing_context(todo)
    if context is None:
        return None
    ours, theirs = _halves(todo)
    guesses = {todo[i].key: _kept.last.get(_slot(todo[i])) for i in theirs}
    if None in guesses.values():
        return None
    answer = _ask_helper([todo[i] for i in theirs], render, context)
    helper = _kept.helper
    try:
        for i in ours:
            media[todo[i].key] = image = render(todo[i])
            cache.store(todo[i], image)
    except BaseException:
        _drop_helper()  # its answer is never read
        raise

    def settle() -> dict[str, bytes]:
        late = dict(zip((todo[i].key for i in theirs), answer()))
        for i in theirs:
            cache.store(todo[i], late[todo[i].key])
        _kept.remember(charts, {**media, **late})
        return late
    return LateMedia({key: image for key, image in media.items() if image is not None}, guesses, settle, helper.arrived)


def _draw(charts: list[ChartSpec], render: Callable[[ChartSpec], bytes]) -> list[bytes]:
    context = _sharing_context(charts)
    if context is None:  # few charts, one core, a batch worker or no fork (Windows): all drawn here
        return [render(chart) for chart in charts]
    from concurrent.futures import ProcessPoolExecutor  # late, as the pool: only where charts are drawn

    from ..orphans import exit_with_parent

    ours, theirs = _halves(charts)
    if _kept.wanted:
        return _with_helper(charts, ours, theirs, render, context)
    with ProcessPoolExecutor(1, mp_context=context, initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
        future = pool.submit(_render_each, [charts[i] for i in theirs], render)
        drawn = dict(zip(ours, (render(charts[i]) for i in ours)))
        drawn.update(zip(theirs, future.result()))
    return [drawn[i] for i in range(len(charts))]


def _halves(charts: list[ChartSpec]) -> tuple[list[int], list[int]]:
    """Return the chart indexes drawn here and in the child, about equal in drawing time each."""
    halves: tuple[list[int], list[int]] = ([], [])
    loads = [0.0, 0.0]
    for index in sorted(range(len(charts)), key=lambda i: -COST.get(charts[i].kind, 1.0)):
        lighter = loads.index(min(loads))
        halves[lighter].append(index)
        loads[lighter] += COST.get(charts[index].kind, 1.0)
    return halves


def _render_each(charts: list[ChartSpec], render: Callable[[ChartSpec], bytes]) -> list[bytes]:
    return [render(chart) for chart in charts]


def draw_with_sibling(charts: list[ChartSpec], render: Callable[[ChartSpec], bytes]) -> list[bytes]:
    """Return ``charts`` drawn by the drawer and a sibling forked from it (a daemonic child may not
    start a pool), about half each (``_halves``)."""
    if len(charts) < MIN_PARALLEL:
        return [render(chart) for chart in charts]
    import pickle

    from ..orphans import exit_with_parent

    ours, theirs = _halves(charts)
    read, write = os.pipe()
    drawer = os.getpid()
    pid = os.fork()
    if pid == 0:  # the sibling: draws its half, hands it over, and ends
        os.close(read)
        try:
            exit_with_parent(drawer, interval=0.1)
            data = pickle.dumps([render(charts[i]) for i in theirs])
            with os.fdopen(write, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(write)
    drawn = dict(zip(ours, (render(charts[i]) for i in ours)))
    with os.fdopen(read, "rb") as handed:
        data = handed.read()
    os.waitpid(pid, 0)
    drawn.update(zip(theirs, pickle.loads(data)))  # a sibling that failed handed nothing: a KeyError below
    return [drawn[i] for i in range(len(charts))]


class _Kept:
    """The helper of a process that draws again and again (``helper_kept``)."""

    wanted = False
    helper: Helper | None = None  # forked at the first drawing that has work for it

    def __init__(self) -> None:
        self.last: dict[tuple, bytes] = {}  # the last image of each chart (``_slot``), while wanted

    def remember(self, charts, media) -> None:
        if not self.wanted:
            return
        for chart in charts:
            self.last.pop(_slot(chart), None)  # the latest last: the oldest are forgotten first
            self.last[_slot(chart)] = media[chart.key]
        for slot in list(self.last)[:-REMEMBERED]:
            del self.last[slot]


_kept = _Kept()


@contextmanager
def helper_kept():
    """Keep a helper for the charts this process draws while the block runs (enter once all is
    loaded); end it after, so that no child outlives what it was kept for."""
    _kept.wanted = True
    try:
        yield
    finally:
        _kept.wanted = False
        _kept.last.clear()
        _drop_helper()


def _with_helper(charts: list[ChartSpec], ours: list[int], theirs: list[int], render, context) -> list[bytes]:
    answer = _ask_helper([charts[i] for i in theirs], render, context)
    try:
        drawn = dict(zip(ours, (render(charts[i]) for i in ours)))
    except BaseException:  # its answer is never read: a helper with one pending would hand it to the next drawing
        _drop_helper()
        raise
    drawn.update(zip(theirs, answer()))
    return [drawn[i] for i in range(len(charts))]


def _sharing_context(charts: list[ChartSpec]):
    """Return the fork context for a child (the kept helper, or one of this drawing) to draw half of
    ``charts``, or None where all are drawn here."""
    if len(charts) < MIN_PARALLEL or (os.cpu_count() or 1) < 2:
        return None
    import multiprocessing

    from ..portable import fork_context

    context = fork_context()
    return None if context is None or multiprocessing.parent_process() is not None else context


def _ask_helper(charts: list[ChartSpec], render, context) -> Callable[[], list[bytes]]:
    """Hand the kept helper ``charts`` (forking it first if there is none); return what waits for its images."""
    if _kept.helper is None or not _kept.helper.alive():
        _kept.helper = Helper(context, render)
    helper = _kept.helper
    asked = helper.ask(charts)

    def answer() -> list[bytes]:
        handed = helper.answer() if asked else None
        if handed is None:  # it failed, or would not draw them (a style it does not have): drawn here, a new one next time
            if _kept.helper is helper:
                _drop_helper()
            handed = [render(chart) for chart in charts]
        return handed
    return answer


def _slot(chart: ChartSpec) -> tuple:
    """Return what a chart's image size depends on but its values: the same chart, drawn again with other values."""
    return (chart.key, chart.kind, chart.categories, tuple(s.name for s in chart.series), chart.value_max,
            tuple(v is None for s in chart.series for v in s.values), chart.axis_label, chart.category_label,
            chart.missing_label)


def _drop_helper() -> None:
    if _kept.helper is not None:
        _kept.helper.close()
        _kept.helper = None


class Helper:
    """A forked child that draws the charts it is handed, again and again, while its parent lives."""

    def __init__(self, context, render: Callable[[ChartSpec], bytes]):
        self.ours, theirs = context.Pipe()
        self.process = context.Process(target=_help, args=(theirs, self.ours, os.getpid(), render), daemon=True)
        self.process.start()
        theirs.close()
        self.pending = False  # asked, and its answer not read

    def alive(self) -> bool:
        return self.process.is_alive()

    def ask(self, charts: list[ChartSpec]) -> bool:
        """Hand the child ``charts`` with this process's cache key of each; return False if it is gone."""
        if self.pending:  # an answer never read (a rebuild that failed before it needed it): never this one's
            self.answer()
        try:
            self.ours.send([(chart, cache.chart_key(chart)) for chart in charts])
            self.pending = True
            return True
        except OSError:
            return False

    def arrived(self) -> bool:
        """Return True if ``answer`` would not wait (the answer, or the end of a child that failed)."""
        try:
            return self.ours.poll()
        except OSError:
            return True

    def answer(self) -> list[bytes] | None:
        """Return the images of the charts asked for, or None if the child failed or would not draw them."""
        self.pending = False
        try:
            images = self.ours.recv()
        except (EOFError, OSError):
            return None
        return images if isinstance(images, list) else None

    def close(self) -> None:
        self.ours.close()
        self.process.kill()
        self.process.join()


def _help(conn, parents_end, parent: int, render: Callable[[ChartSpec], bytes]) -> None:
    from ..orphans import exit_with_parent

    parents_end.close()
    exit_with_parent(parent, interval=0.1)
    # Ctrl-C reaches every process of the terminal's group: the watch handles it and ends this
    # child, which (waiting for charts) would otherwise print a traceback over its goodbye.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()  # forked in a rebuild, with the parent's collector paused (``imports.collector_paused``): it lives on
    while True:
        try:
            asked = conn.recv()
        except EOFError:
            os._exit(0)
        try:
            same = all(cache.chart_key(chart) == key for chart, key in asked)
            conn.send([render(chart) for chart, _ in asked] if same else None)
        except BaseException:  # the parent draws them and reports what went wrong, once
            os._exit(1)
