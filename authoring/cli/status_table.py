"""Print ``kompass status``: one row per evaluation, a column per area where the terminal is wide
enough, else one column that names only the areas not yet complete."""

from __future__ import annotations

import shutil

import click
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..builder.status import AreaState, Status
from ..swedish import count

STATE_STYLE = {"slutlig": "green", "utkast": "yellow", "ogiltig": "red", "blockerad": "red"}
OUTPUT_STYLE = {"aktuell": "green", "inaktuell": "red", "saknas": "dim"}
AREAS = 8
LEGEND = ("Område: bedömda frågor/alla, T = text finns, L = Styrkor och Förbättringsmöjligheter finns. "
          "Rapport: aktuell = byggd från nuvarande indata. kompass check visar felen och varningarna.")


def area_cell(area: AreaState) -> str:
    """Return e.g. ``5/5 TL`` (all scored, text and lists), ``3/6 T-`` or ``0/5 --``."""
    return f"{area.scored}/{area.count} {'T' if area.text else '-'}{'L' if area.lists else '-'}"


def _complete(area: AreaState) -> bool:
    return area.scored == area.count and area.text and area.lists


def areas_stacked(row: Status) -> str:
    """Return the areas of ``row`` in one cell: each incomplete area on a line of its own
    (``3: 3/6 T-``), or that all are complete, or that none is begun."""
    if not row.areas:
        return ""
    if not any(area.scored or area.text or area.lists for area in row.areas):
        return "[yellow]inget ifyllt[/]"
    lines = [f"{number}: {area_cell(area)}" for number, area in enumerate(row.areas, 1) if not _complete(area)]
    return "\n".join(f"[yellow]{line}[/]" for line in lines) if lines else "[green]alla klara[/]"


def print_statuses(rows: list[Status], console: Console | None = None) -> None:
    """Print the status table and a legend, as wide as the terminal (80 columns where it is not one)."""
    console = console or Console(width=terminal_width())
    table = _table(rows, stacked=False)
    if _natural_width(table) > console.width:
        table = _table(rows, stacked=True)
    console.print(table)
    for row in rows:
        if row.comments:
            files = ", ".join(str(path) for path in dict.fromkeys(row.comments))
            console.print(f"{escape(row.name)}: {count(len(row.comments), 'öppen kommentar', 'öppna kommentarer')} "
                          f"från granskare ({escape(files)}); --final bygger inte förrän de är lösta", highlight=False)
    console.print(LEGEND, highlight=False)


def _unset_and_reference(row: Status) -> str:
    lines = [f"ej ifyllt: {', '.join(row.unset)}"] if row.unset else []
    return "\n".join([*lines, *([f"referens: {escape(row.reference)}"] if row.reference else [])])


def _natural_width(table: Table) -> int:
    """Return the width ``table`` takes with no cell wrapped or cut."""
    return Console(width=10_000).measure(table).maximum


def terminal_width() -> int:
    """Return the width click was given (``terminal_width``), else the terminal's (``$COLUMNS``), else 80."""
    context = click.get_current_context(silent=True)
    return (context and context.terminal_width) or shutil.get_terminal_size((80, 24)).columns


def _table(rows: list[Status], stacked: bool) -> Table:
    """Return the table with a column per area, or (``stacked``) one column of the incomplete areas
    and one of what is not filled in and the reference."""
    table = Table(title="Kompass status", show_lines=stacked, box=box.SIMPLE_HEAD if stacked else box.HEAVY_HEAD)
    table.add_column("Utvärdering", no_wrap=True)
    table.add_column("Läge", no_wrap=True)
    table.add_column("Frågor", justify="right", no_wrap=True)
    for heading in ["Områden"] if stacked else [str(n) for n in range(1, AREAS + 1)]:
        table.add_column(heading, no_wrap=True)
    for heading in ["Ej ifyllt, referens"] if stacked else ["Ej ifyllt", "Referens"]:
        table.add_column(heading, overflow="fold")
    table.add_column("Rapport", no_wrap=True)
    for row in rows:
        state = row.state + (f"{chr(10) if stacked else ' '}({row.errors} fel)" if row.errors else "")
        if stacked:
            areas = [areas_stacked(row)]
            rest = [_unset_and_reference(row)]
        else:
            areas = [area_cell(a) if _complete(a) else f"[yellow]{area_cell(a)}[/]" for a in row.areas] or [""] * AREAS
            rest = [", ".join(row.unset), escape(row.reference)]
        table.add_row(escape(row.name), f"[{STATE_STYLE[row.state]}]{state}[/]",
                      f"{row.scored}/{row.count}" if row.areas else "", *areas, *rest,
                      f"[{OUTPUT_STYLE[row.outputs]}]{row.outputs}[/]")
    return table
