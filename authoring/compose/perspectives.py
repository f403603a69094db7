"""The summary by perspective (a framework's optional level above its areas): a table of each
perspective's points and a chart of its share of the maximum, where the house style asks for them."""

from __future__ import annotations

from decimal import Decimal

from ..model import Block, ChartSeries, ChartSpec, Table, text_cell
from ..source.scores import percent as share
from ..swedish import number, percent, points
from ..templates import fill
from .context import Context, table_anchor
from .profiles import Profile


def perspective_table(context: Context, profiles: dict[str, list[Profile]]) -> list[Block]:
    """Return the table of each perspective's points in the area table's columns, or nothing without
    perspectives."""
    framework = context.evaluation.framework
    if not framework.perspectives:
        return []
    texts = context.texts
    style = context.layout["area_table"]
    missing = texts["draft"]["missing"]
    chosen = [p for name in style["columns"] for p in profiles.get(name, ())]
    show_max = "max" in style["columns"]
    header = (text_cell(texts["headings"]["perspective_column"]), *(text_cell(p.label, "right") for p in chosen),
              *([text_cell(texts["headings"]["max_column"], "right")] if show_max else []))
    rows = []
    for perspective in framework.perspectives:
        sums = [_sum(p, perspective.areas) for p in chosen]
        rows.append((text_cell(perspective.name), *(text_cell(missing if s is None else points(s), "right") for s in sums),
                     *([text_cell(number(_max(context, perspective.areas)), "right")] if show_max else [])))
    rows.append((text_cell(texts["headings"]["total_row"]), *(text_cell(p.shown_total, "right") for p in chosen),
                 *([text_cell(number(context.evaluation.scores.max), "right")] if show_max else [])))
    table = Table(header, tuple(rows), (5.0, *([1.4] * len(chosen)), *([1.2] if show_max else [])), total=True,
                  caption=texts["tables"]["perspectives"], anchor=table_anchor("perspectives"), row_header=0)
    return [context.captioned(table, texts["captions"]["perspective_table"]) if style["caption"] else table]


def perspective_chart(context: Context, subject: Profile) -> list[Block]:
    """Return the chart of each perspective's share of its maximum, or nothing without perspectives."""
    framework = context.evaluation.framework
    if not framework.perspectives:
        return []
    figures = context.texts["figures"]
    shares = [_share(context, subject, p.areas) for p in framework.perspectives]
    shown = tuple(figures["not_scored"] if s is None else percent(s) for s in shares)
    names = tuple(p.name for p in framework.perspectives)
    chart = ChartSpec(
        key="summary-perspectives", kind="hbars", categories=names,
        series=(ChartSeries(subject.label, tuple(None if s is None else float(s) for s in shares), "subject"),),
        value_max=100.0, value_labels=shown, axis_label=figures["axis_share"],
        missing_label=figures["not_scored_legend"],
    )
    values = "; ".join(fill(figures["alt_value"], namn=n, värde=v) for n, v in zip(names, shown))
    name = context.texts["tables"]["perspectives"]
    alt = fill(figures["alt_perspectives"], värden=values, tabell=name)
    caption = fill(figures["perspectives"], år=context.evaluation.meta.year)
    return context.figure_block(chart, caption, alt, (name, table_anchor("perspectives")), width=0.75)


def _sum(profile: Profile, areas: tuple[int, ...]) -> Decimal | None:
    scores = [profile.scores[n - 1] for n in areas]
    return None if None in scores else sum(scores, Decimal(0))


def _max(context: Context, areas: tuple[int, ...]) -> Decimal:
    return sum((context.evaluation.framework.area(n).max for n in areas), Decimal(0))


def _share(context: Context, profile: Profile, areas: tuple[int, ...]) -> Decimal | None:
    achieved = _sum(profile, areas)
    return None if achieved is None else share(achieved, _max(context, areas))
