"""The early drawer: a child that loads matplotlib while a fresh build reads and composes, then draws.

A fresh build that draws charts spent about 0.3 s importing matplotlib after composing, on its
critical path. When the build will likely draw (``likely_drawn``: the last build of the folder had
other scores or facts, or a chart it had is no longer cached), the build command forks a ``Drawer`` before
it imports anything heavy; the drawer imports ``plots`` and waits. ``jobs.render_charts`` hands it
the charts the cache lacks: it draws them, half in a sibling it forks (a daemonic child may not
start a pool), and hands the PNGs back. Nothing to draw: it is killed, as an unused writer child
is. It failed: the build draws them itself, as without it. Light on purpose, as its callers.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .. import usercache

RECORDS = "drawn"  # the cache folder of each evaluation folder's last charts


def likely_drawn(folder: Path, inputs: str) -> bool:
    """Return whether a build of the evaluation in ``folder`` (``inputs``: a digest of the files its
    charts are drawn from) will likely draw a chart: unless its last build had the same such files
    and every chart it had is cached."""
    charts = usercache.folder("charts")
    if charts is None:
        return True
    try:
        last = json.loads(_record(charts, folder).read_text(encoding="utf-8"))
        return last["inputs"] != inputs or not all((charts / f"{key}.png").is_file() for key in last["charts"])
    except (OSError, ValueError, KeyError, TypeError):
        return True


def save_drawn(folder: Path, inputs: str | None, keys: list[str]) -> None:
    """Remember the chart keys (``cache.chart_key``) of the report just built from ``folder``, with
    the digest ``inputs`` of the files they were drawn from, for ``likely_drawn``."""
    charts = usercache.folder("charts")
    if charts is not None and inputs is not None:
        usercache.write_file(_record(charts, folder), json.dumps({"inputs": inputs, "charts": keys}).encode())


def _record(charts: Path, folder: Path) -> Path:
    return charts.parent / RECORDS / f"{hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()}.json"


class Drawer:
    """A forked child that imports matplotlib at once, then draws the charts it is handed (used once)."""

    def __init__(self, context):
        from ..orphans import OneJobChild

        self.child = OneJobChild(context, _loaded)

    @property
    def process(self):
        return self.child.process

    @classmethod
    def start(cls) -> Drawer | None:
        """Return a started drawer, or None where no child can be forked (Windows) or no core is spare."""
        import multiprocessing

        from ..portable import fork_context

        context = fork_context()
        if context is None or (os.cpu_count() or 1) < 2 or multiprocessing.parent_process() is not None:
            return None
        return cls(context)

    def draw(self, charts: list) -> list[bytes] | None:
        """Return ``charts`` (``ChartSpec``) drawn by the child, or None if it failed or was used
        (draw them here then); ask with none to end it."""
        if self.child.used or not charts:
            self.close()
            return None
        self.child.hand(charts)
        images = self.child.answer()
        return images if isinstance(images, list) and len(images) == len(charts) else None

    def close(self) -> None:
        """End the child (still loading, if it was never asked to draw), and wait for it."""
        self.child.close()


def _loaded():
    """Import matplotlib (``plots``) with the collector paused (9 % of the import); return what
    draws a list of charts, half of them in a sibling."""
    from ..imports import settled_import
    from .jobs import draw_with_sibling

    render = settled_import(".plots", __package__).render
    return lambda charts: draw_with_sibling(charts, render)
