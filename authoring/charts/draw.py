"""Render the chart specs of a report to PNG images, once, for every writer to embed.

A chart already rendered with the same spec, style data and code comes from the content-addressed
cache (``cache.py``); only the others are drawn (``plots.py``), so matplotlib is imported only when
a chart is missing from the cache.
"""

from __future__ import annotations

from pathlib import Path

from ..source.evaluation import CAMPAIGN_FILE, EVALUATION_FILE
from . import jobs
from ..imports import settled_import
from ..model import ChartSpec, Report, TitlePage
from ..templates import TEMPLATES_DIR

Media = dict[str, bytes]


def render_all(charts: tuple[ChartSpec, ...], drawer=None) -> Media:
    """Return every chart rendered as PNG bytes, keyed by ``ChartSpec.key`` (``drawer``: ``drawn.Drawer``)."""
    return jobs.render_charts(charts, render, load_drawing, drawer)


def media_for(report: Report, drawer=None) -> Media:
    """Return the images ``report`` needs: its charts, rendered once, and the template's logo."""
    media = render_all(report.charts, drawer)
    media.update(report.images)
    title = next((b for b in report.blocks if isinstance(b, TitlePage)), None)
    if title and title.logo:
        from ..source.assets import read_logo  # late: Pillow is for a report with a logo

        folder = Path(title.logo.folder) if title.logo.folder else TEMPLATES_DIR
        named_in = folder / (CAMPAIGN_FILE if (folder / CAMPAIGN_FILE).is_file() else EVALUATION_FILE)
        media[title.logo.key] = read_logo(folder, title.logo.key, named_in if title.logo.folder else None)
    return media


def render(chart: ChartSpec) -> bytes:
    """Return ``chart`` drawn as PNG bytes (importing matplotlib the first time)."""
    return load_drawing().render(chart)


def helper_kept():
    """Return a context in which one child, forked once, draws half of the charts this process draws
    (``jobs.helper_kept``): for a process that draws again and again, once all is loaded; the child
    ends with the context."""
    return jobs.helper_kept()


def load_drawing():
    """Return the module that draws charts (``plots``), importing it and matplotlib the first time."""
    return settled_import(".plots", __package__)
