"""Render the chart specs of a report to PNG images, once, for every writer to embed.

A chart already rendered with the same spec, style data and code comes from the content-addressed
cache (``chartcache``) instead of matplotlib.
"""

from __future__ import annotations

import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .assets import read_logo  # noqa: E402
from . import chartjobs, png  # noqa: E402
from .model import ChartSpec, Report, TitlePage  # noqa: E402
from .swedish import NBSP  # noqa: E402
from .templates import TEMPLATES_DIR, colour, style  # noqa: E402

CM = 1 / 2.54
ROLE_COLOURS = {"subject": "primary", "earlier": "secondary", "reference": "accent"}

Media = dict[str, bytes]


def render_all(charts: tuple[ChartSpec, ...]) -> Media:
    """Return every chart rendered as PNG bytes, keyed by ``ChartSpec.key``."""
    return chartjobs.render_charts(charts, render)


def media_for(report: Report) -> Media:
    """Return the images ``report`` needs: its charts, rendered once, and the template's logo."""
    media = render_all(report.charts)
    media.update(report.images)
    title = next((b for b in report.blocks if isinstance(b, TitlePage)), None)
    if title and title.logo:
        media[title.logo.key] = read_logo(TEMPLATES_DIR, title.logo.key)
    return media


def render(chart: ChartSpec) -> bytes:
    """Return ``chart`` as PNG bytes."""
    settings = style()["charts"]
    with plt.rc_context({"font.family": "DejaVu Sans", "font.size": settings["font_size"],
                         "axes.edgecolor": colour("rule"), "text.color": colour("text"),
                         "axes.labelcolor": colour("text"), "xtick.color": colour("text"),
                         "ytick.color": colour("text"), "svg.fonttype": "none"}):
        figure = _DRAW[chart.kind](chart)
        pixels = png.Pixels()
        figure.savefig(pixels, format="raw", dpi=settings["dpi"], bbox_inches="tight", facecolor="white")
        plt.close(figure)
    return png.opaque_png(pixels.rows, settings["dpi"])


def _series_colours(chart: ChartSpec) -> list[str]:
    return [colour(ROLE_COLOURS.get(s.role, "muted")) for s in chart.series]


def _percent_axis(value: float, _position: int) -> str:
    return f"{value:.0f}{NBSP}%"


def _bars(chart: ChartSpec):
    figure, axes = plt.subplots(figsize=(16 * CM, 6.5 * CM))
    count = len(chart.series)
    width = 0.8 / count
    positions = np.arange(len(chart.categories))
    offsets = [(index - (count - 1) / 2) * width for index in range(count)]
    for index, (series, fill) in enumerate(zip(chart.series, _series_colours(chart))):
        values = [0.0 if v is None else v for v in series.values]
        bars = axes.bar(positions + offsets[index], values, width * 0.92, color=fill, label=series.name)
        if index == 0 and chart.value_labels:
            shown = [label if v is not None else "" for label, v in zip(chart.value_labels, series.values)]
            axes.bar_label(bars, labels=shown, padding=2, fontsize=8)
    for series, offset in zip(chart.series, offsets):  # after the series: its legend entry comes last
        _missing_bars(axes, positions + offset, series.values, width * 0.92, chart, vertical=True)
    axes.set_xticks(positions, list(chart.categories))
    axes.set_xlabel(chart.category_label)
    axes.set_ylim(0, chart.value_max * 1.08)
    axes.set_ylabel(chart.axis_label)
    _tidy(axes)
    entries = count + _has_missing(chart)
    if entries > 1:
        axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=entries)
    return figure


def _has_missing(chart: ChartSpec) -> bool:
    return any(v is None for series in chart.series for v in series.values)


def _missing_bars(axes, positions, values, width: float, chart: ChartSpec, vertical: bool) -> None:
    """Draw each missing value as a hatched, outlined slot over the whole axis: never as a bar of 0."""
    drawn = set(axes.get_legend_handles_labels()[1])
    label = "_nolegend_" if chart.missing_label in drawn else chart.missing_label
    for position, value in zip(positions, values):
        if value is not None:
            continue
        draw = axes.bar if vertical else axes.barh
        draw(position, chart.value_max, width, color="none", edgecolor=colour("muted"), hatch="///",
             linewidth=0.6, linestyle="--", label=label)
        label = "_nolegend_"  # one legend entry for all missing values


def _radar(chart: ChartSpec):
    figure = plt.figure(figsize=(15 * CM, 12 * CM))
    axes = figure.add_subplot(polar=True)
    angles = np.linspace(0, 2 * np.pi, len(chart.categories), endpoint=False)
    closed = np.append(angles, angles[0])
    for series, line in zip(chart.series, _series_colours(chart)):
        raw = [np.nan if v is None else v for v in series.values]
        values = np.append(raw, raw[0])  # a missing area breaks the line: no point is drawn at 0
        axes.plot(closed, values, color=line, linewidth=2 if series.role == "subject" else 1.5, label=series.name,
                  marker="o" if None in series.values else None, markersize=3)
        if series.role == "subject" and None not in series.values:
            axes.fill(closed, values, color=line, alpha=0.15)
    missing = [i for i in range(len(chart.categories)) if any(s.values[i] is None for s in chart.series)]
    if missing:
        axes.plot(angles[missing], [chart.value_max * 0.5] * len(missing), linestyle="none", marker="x",
                  markersize=7, color=colour("muted"), label=chart.missing_label)
    axes.set_theta_offset(np.pi / 2)
    axes.set_theta_direction(-1)
    labels = ["\n".join(textwrap.wrap(f"{n} {c}" + (f" ({chart.missing_label.lower()})" if n - 1 in missing else ""),
                                       22)) for n, c in enumerate(chart.categories, 1)]
    axes.set_xticks(angles, labels, fontsize=7.5)
    for label, angle in zip(axes.get_xticklabels(), angles):
        side = np.sin(angle)  # clockwise from the top: > 0 is the right half
        label.set_horizontalalignment("center" if abs(side) < 0.3 else "left" if side > 0 else "right")
    axes.set_ylim(0, chart.value_max)
    axes.set_yticks([20, 40, 60, 80, 100], ["20", "40", "60", "80", "100"], fontsize=7, color=colour("muted"))
    axes.set_rlabel_position(180 / len(chart.categories))
    axes.tick_params(axis="x", pad=6)
    axes.grid(color=colour("rule"), linewidth=0.6)
    axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.1),
                ncol=min(len(chart.series) + bool(missing), 3))
    return figure


def _hbars(chart: ChartSpec):
    count = len(chart.categories)
    figure, axes = plt.subplots(figsize=(14 * CM, (1.2 + 0.75 * count) * CM))
    series = chart.series[0]
    positions = np.arange(count)[::-1]
    values = [0.0 if v is None else v for v in series.values]
    bars = axes.barh(positions, values, 0.6, color=_series_colours(chart)[0])
    axes.bar_label(bars, labels=[label if v is not None else "" for label, v in zip(chart.value_labels, series.values)],
                   padding=3, fontsize=8)
    _missing_bars(axes, positions, series.values, 0.6, chart, vertical=False)
    for position, value in zip(positions, series.values):
        if value is None:
            axes.text(chart.value_max / 2, position, chart.missing_label, ha="center", va="center", fontsize=8,
                      color=colour("text"), bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    axes.set_yticks(positions, list(chart.categories), fontsize=8)
    axes.set_xlabel(chart.axis_label, fontsize=7.5)
    axes.set_xlim(0, chart.value_max * 1.12)
    axes.set_xticks([0, 20, 40, 60, 80, 100])
    axes.xaxis.set_major_formatter(FuncFormatter(_percent_axis))
    axes.tick_params(axis="x", labelsize=7.5)
    _tidy(axes, grid_axis="x")
    if _has_missing(chart):
        axes.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.35 * 5 / (count + 2)), fontsize=7.5)
    return figure


def _tidy(axes, grid_axis: str = "y") -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis=grid_axis, color=colour("rule"), linewidth=0.5)
    axes.set_axisbelow(True)


_DRAW = {"bars": _bars, "radar": _radar, "hbars": _hbars}
