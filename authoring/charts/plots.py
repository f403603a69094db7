"""The charts drawn with matplotlib: bars, a radar profile and horizontal bars, as PNG bytes.

Only a chart missing from the cache is drawn, so this module (and matplotlib with it) is imported
by ``draw.render`` when the first one is, never by a build whose charts are all cached.
"""

from __future__ import annotations

import sys
import textwrap
import warnings
from contextlib import contextmanager
from functools import cache


@contextmanager
def _without(module: str):
    """Let no import of ``module`` succeed in the block (``None`` in ``sys.modules``), and any after it."""
    sys.modules.setdefault(module, None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        if sys.modules.get(module, 0) is None:
            del sys.modules[module]


# matplotlib registers its 3D projection if it can import it (its only warning if not): no chart is
# 3D, and the import is a twentieth of matplotlib's, on a build's critical path where charts are drawn.
with _without("mpl_toolkits.mplot3d"):
    import matplotlib
    import numpy as np
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

from . import png
from ..model import ChartSpec
from ..swedish import NBSP
from ..templates import colour, font_dir, style

CM = 1 / 2.54

# Where colour tells series apart, these do as well (WCAG 1.4.11): the n-th series' hatch (bars),
# marker and line style (radar).
HATCHES = ("", "///", "...", "xx", "\\\\\\", "++")
MARKERS = ("o", "s", "^", "D", "v", "P")
LINES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1)))
RADAR_SIZE = 7.1  # cm, the circle's square: with its labels about 16 cm wide, the text width
LABEL_SIZE = 9  # points: figures are drawn at their printed width (compose places them so), never below 8
PAD = 0.1  # inches of white around what is drawn (matplotlib's own for a tight bounding box)
RADAR_ROOM = (6.0, 3.0)  # cm beside and above the circle for its labels: cut away after drawing
BELOW_LABELS = 1.3  # cm from the circle to the legend: two lines of the bottom label
MISSING_MARK = "\u00d7"  # a value not scored yet: a cross before its axis label, as in the legend


def render(chart: ChartSpec) -> bytes:
    """Return ``chart`` as PNG bytes: what is drawn, with a margin of ``PAD`` inches.

    The figure is drawn once and cut to what its pixels show. Only if something reaches its edge
    (and may go on beyond it) is it laid out again to hold all its parts (``bbox_inches="tight"``:
    a second layout and drawing, a sixth of a chart's time)."""
    dpi = style()["charts"]["dpi"]
    with drawn(chart) as figure:
        rgba = _drawn_once(figure, dpi)
        box = png.drawn_box(rgba)
        if box is None:
            pixels = png.Pixels()
            figure.savefig(pixels, format="raw", dpi=dpi, facecolor="white", bbox_inches="tight", pad_inches=PAD)
            rgba = pixels.rgba
    if box is None:
        return png.opaque_png(png.png_rows(rgba), dpi)
    return png.opaque_png(png.png_rows(rgba[box], round(PAD * dpi)), dpi)


def _drawn_once(figure, dpi: int) -> np.ndarray:
    """Return the RGBA pixels of ``figure`` drawn at ``dpi`` on white: what ``savefig(format="raw")``
    gives, drawn once. savefig draws a figure with a layout engine twice, the first time (drawing
    nothing) only to lay it out; the canvas's own draw lays it out as it draws."""
    figure.set_dpi(dpi)
    figure.set_facecolor("white")
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba())


@contextmanager
def drawn(chart: ChartSpec):
    """Yield the matplotlib figure of ``chart``, drawn with the style's fonts and colours; close it after."""
    settings = style()["charts"]
    # Glyphs unhinted: at print resolution hinting changes nothing one sees, and cost a tenth of a chart's time.
    with matplotlib.rc_context({"font.family": font_family(), "font.size": settings["font_size"],
                         "axes.edgecolor": colour("rule"), "text.color": colour("text"),
                         "axes.labelcolor": colour("text"), "xtick.color": colour("text"),
                         "ytick.color": colour("text"), "svg.fonttype": "none", "hatch.linewidth": 1.2,
                         "hatch.color": "white", "text.hinting": "no_hinting"}):
        yield _DRAW[chart.kind](chart)


def _figure(width: float, height: float, layout: str | None = None) -> Figure:
    """Return a new figure of ``width`` by ``height`` inches, drawn by Agg: made without pyplot, which
    a drawing does not need (its import, its registry of open figures to close)."""
    figure = Figure(figsize=(width, height), layout=layout)
    FigureCanvasAgg(figure)
    return figure


def font_family() -> str:
    """Return the family of the style's regular font (the reports' one family), known to matplotlib."""
    return _registered(str(font_dir() / style()["fonts"]["regular"]))


@cache
def _registered(path: str) -> str:
    """Register the font file ``path`` with matplotlib once per process; return its family name."""
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def series_colours(count: int) -> list[str]:
    """Return the colours of the first ``count`` series, in the order of the style's ``charts.series``."""
    names = style()["charts"]["series"]
    return [colour(names[index % len(names)]) for index in range(count)]


def _percent_axis(value: float, _position: int) -> str:
    return f"{value:.0f}{NBSP}%"


def _bars(chart: ChartSpec):
    count = len(chart.series)
    entries = count + _has_missing(chart)
    figure = _figure(16 * CM, (6.5 + 0.9 * (entries > 1)) * CM, layout="constrained")
    axes = figure.subplots()
    width = 0.8 / count
    positions = np.arange(len(chart.categories))
    offsets = [(index - (count - 1) / 2) * width for index in range(count)]
    for index, (series, fill) in enumerate(zip(chart.series, series_colours(count))):
        values = [0.0 if v is None else v for v in series.values]
        bars = axes.bar(positions + offsets[index], values, width * 0.92, color=fill, label=series.name,
                        hatch=HATCHES[index % len(HATCHES)], edgecolor="white", linewidth=0)
        if index == 0 and chart.value_labels:
            shown = [label if v is not None else "" for label, v in zip(chart.value_labels, series.values)]
            axes.bar_label(bars, labels=shown, padding=2, fontsize=LABEL_SIZE)
    for series, offset in zip(chart.series, offsets):  # after the series: its legend entry comes last
        _missing_bars(axes, positions + offset, series.values, width * 0.92, chart, vertical=True)
    axes.set_xticks(positions, list(chart.categories))
    axes.set_xlabel(chart.category_label)
    axes.set_ylim(0, chart.value_max * 1.1)
    axes.set_ylabel(chart.axis_label)
    _tidy(axes)
    if entries > 1:  # below the axis title, never over it
        figure.legend(frameon=False, loc="outside lower center", ncol=min(entries, 3))
    return figure


def _has_missing(chart: ChartSpec) -> bool:
    return any(v is None for series in chart.series for v in series.values)


def _missing_bars(axes, positions, values, width: float, chart: ChartSpec, vertical: bool) -> None:
    """Draw each missing value as a hatched, outlined slot over the whole axis: never as a bar of 0."""
    drawn_labels = set(axes.get_legend_handles_labels()[1])
    label = "_nolegend_" if chart.missing_label in drawn_labels else chart.missing_label
    for position, value in zip(positions, values):
        if value is not None:
            continue
        draw = axes.bar if vertical else axes.barh
        draw(position, chart.value_max, width, color="none", edgecolor=colour("muted"), hatch="///",
             linewidth=0.6, linestyle="--", label=label)
        label = "_nolegend_"  # one legend entry for all missing values


def radar_label(number: int, title: str, note: str = "", mark: str = "") -> str:
    """Return a radar category label, wrapped between words only, the number kept with the first word
    (and a ``mark`` before it)."""
    lead = f"{mark}{NBSP}" if mark else ""
    return "\n".join(textwrap.wrap(f"{lead}{number}{NBSP}{title}{note}", 20, break_long_words=False,
                                   break_on_hyphens=False))


def _radar(chart: ChartSpec):
    missing_values = _has_missing(chart)
    columns = min(len(chart.series) + missing_values, 3)
    legend_rows = -(-(len(chart.series) + missing_values) // columns)
    # A fixed place for the circle, with room around it for its labels and the legend below: the
    # saved image is cut to what is drawn.
    beside, above = RADAR_ROOM
    width, height = RADAR_SIZE + 2 * beside, above + RADAR_SIZE + BELOW_LABELS + 0.6 * legend_rows + 1
    figure = _figure(width * CM, height * CM)
    bottom = (height - above - RADAR_SIZE) / height
    axes = figure.add_axes((beside / width, bottom, RADAR_SIZE / width, RADAR_SIZE / height), polar=True)
    angles = np.linspace(0, 2 * np.pi, len(chart.categories), endpoint=False)
    closed = np.append(angles, angles[0])
    for index, (series, line) in enumerate(zip(chart.series, series_colours(len(chart.series)))):
        raw = [np.nan if v is None else v for v in series.values]
        values = np.append(raw, raw[0])  # a missing area breaks the line: no point is drawn at 0
        axes.plot(closed, values, color=line, linewidth=2.2 if index == 0 else 1.6, label=series.name,
                  linestyle=LINES[index % len(LINES)], marker=MARKERS[index % len(MARKERS)], markersize=4.5)
        if index == 0 and None not in series.values:
            axes.fill(closed, values, color=line, alpha=0.12)
    missing = [i for i in range(len(chart.categories)) if any(s.values[i] is None for s in chart.series)]
    if missing:  # the cross is on the axis label, off the scale: never at a radius that reads as a value
        axes.plot([], [], linestyle="none", marker="x", markersize=7, color=colour("muted"), label=chart.missing_label)
    axes.set_theta_offset(np.pi / 2)
    axes.set_theta_direction(-1)
    labels = [radar_label(n, c, f" ({chart.missing_label.lower()})", MISSING_MARK) if n - 1 in missing else
              radar_label(n, c) for n, c in enumerate(chart.categories, 1)]
    axes.set_xticks(angles, labels, fontsize=LABEL_SIZE)
    for label, angle in zip(axes.get_xticklabels(), angles):
        side = np.sin(angle)  # clockwise from the top: > 0 is the right half
        label.set_horizontalalignment("center" if abs(side) < 0.3 else "left" if side > 0 else "right")
    axes.set_ylim(0, chart.value_max)
    ticks = [20, 40, 60, 80, 100]
    axes.set_yticks(ticks, [str(t) for t in ticks], fontsize=LABEL_SIZE, color=colour("muted"))
    for label in axes.get_yticklabels():  # readable where a data line passes under it
        label.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85})
    axes.set_rlabel_position(180 / len(chart.categories))
    axes.tick_params(axis="x", pad=8)
    axes.grid(color=colour("rule"), linewidth=0.6)
    axes.set_axisbelow(False)  # the value labels (on their white) over the data lines
    figure.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, bottom - BELOW_LABELS / height),
                  ncol=columns)
    return figure


def _hbars(chart: ChartSpec):
    count = len(chart.categories)
    figure = _figure(12 * CM, (1.8 + 0.8 * count) * CM, layout="constrained")
    axes = figure.subplots()
    series = chart.series[0]
    positions = np.arange(count)[::-1]
    values = [0.0 if v is None else v for v in series.values]
    bars = axes.barh(positions, values, 0.6, color=series_colours(1)[0])
    axes.bar_label(bars, labels=[label if v is not None else "" for label, v in zip(chart.value_labels, series.values)],
                   padding=3, fontsize=LABEL_SIZE)
    _missing_bars(axes, positions, series.values, 0.6, chart, vertical=False)
    for position, value in zip(positions, series.values):
        if value is None:
            axes.text(chart.value_max / 2, position, chart.missing_label, ha="center", va="center",
                      fontsize=LABEL_SIZE, color=colour("text"),
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    axes.set_yticks(positions, list(chart.categories), fontsize=LABEL_SIZE)
    axes.set_xlabel(chart.axis_label, fontsize=LABEL_SIZE)
    axes.set_xlim(0, chart.value_max * 1.14)
    axes.set_xticks([0, 20, 40, 60, 80, 100])
    axes.xaxis.set_major_formatter(FuncFormatter(_percent_axis))
    axes.tick_params(axis="x", labelsize=LABEL_SIZE)
    _tidy(axes, grid_axis="x")
    if _has_missing(chart):
        figure.legend(frameon=False, loc="outside lower center", fontsize=LABEL_SIZE)
    return figure


def _tidy(axes, grid_axis: str = "y") -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis=grid_axis, color=colour("rule"), linewidth=0.5)
    axes.set_axisbelow(True)


_DRAW = {"bars": _bars, "radar": _radar, "hbars": _hbars}
