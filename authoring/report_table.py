"""The table that ends a batch: what was built, skipped and failed."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .batch import BatchResult

STATUS = {"built": "byggd", "skipped": "oförändrad", "failed": "misslyckad"}


def print_outcomes(result: BatchResult, console: Console | None = None) -> None:
    """Print one row per evaluation and a count of each status."""
    console = console or Console(width=120)
    table = Table(title="Kompass batch", show_lines=False)
    table.add_column("Utvärdering", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Problem", no_wrap=True, overflow="ellipsis", max_width=70)
    for outcome in result.outcomes:
        style = {"failed": "red", "skipped": "dim"}.get(outcome.status, "green")
        problems = outcome.message.count("\n") + 1 if outcome.message else 0
        table.add_row(outcome.name, f"[{style}]{STATUS[outcome.status]}[/]", f"{problems} st." if problems else "")
    console.print(table)
    for outcome in result.failed:
        console.print(f"\n[bold red]{outcome.name}[/]:", highlight=False)
        console.print(outcome.message, markup=False, highlight=False, soft_wrap=True)
    counts = {s: sum(o.status == s for o in result.outcomes) for s in STATUS}
    summary = "skriven" if result.summary_built else "oförändrad"
    console.print(f"{counts['built']} byggda, {counts['skipped']} oförändrade, {counts['failed']} misslyckade; "
                  f"sammanställning {summary}")
