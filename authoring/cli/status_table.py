"""Print ``kompass status``: one row per evaluation, a column per area."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..builder.status import AreaState, Status
from ..swedish import count

STATE_STYLE = {"slutlig": "green", "utkast": "yellow", "ogiltig": "red", "blockerad": "red"}
OUTPUT_STYLE = {"aktuell": "green", "inaktuell": "red", "saknas": "dim"}


def area_cell(area: AreaState) -> str:
    """Return e.g. ``5/5 TL`` (all scored, text and lists), ``3/6 T-`` or ``0/5 --``."""
    return f"{area.scored}/{area.count} {'T' if area.text else '-'}{'L' if area.lists else '-'}"


def print_statuses(rows: list[Status], console: Console | None = None) -> None:
    """Print the status table and a legend."""
    console = console or Console(width=160)
    table = Table(title="Kompass status", show_lines=False)
    table.add_column("Utvärdering", no_wrap=True)
    table.add_column("Läge", no_wrap=True)
    table.add_column("Frågor", justify="right", no_wrap=True)
    for number in range(1, 9):
        table.add_column(str(number), no_wrap=True)
    table.add_column("Ej ifyllt")
    table.add_column("Referens")
    table.add_column("Rapport", no_wrap=True)
    for row in rows:
        areas = [area_cell(a) if a.scored == a.count and a.text and a.lists else f"[yellow]{area_cell(a)}[/]"
                 for a in row.areas] or [""] * 8
        state = row.state + (f" ({row.errors} fel)" if row.errors else "")
        table.add_row(escape(row.name), f"[{STATE_STYLE[row.state]}]{state}[/]",
                      f"{row.scored}/{row.count}" if row.areas else "", *areas, ", ".join(row.unset),
                      escape(row.reference), f"[{OUTPUT_STYLE[row.outputs]}]{row.outputs}[/]")
    console.print(table)
    for row in rows:
        if row.comments:
            files = ", ".join(str(path) for path in dict.fromkeys(row.comments))
            console.print(f"{escape(row.name)}: {count(len(row.comments), 'öppen kommentar', 'öppna kommentarer')} "
                          f"från granskare ({escape(files)}); --final bygger inte förrän de är lösta", highlight=False)
    console.print("Område: bedömda frågor/alla, T = text finns, L = Styrkor och Förbättringsmöjligheter finns. "
                  "Rapport: aktuell = byggd från nuvarande indata. kompass check visar felen och varningarna.",
                  highlight=False)
