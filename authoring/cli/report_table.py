"""The table that ends a batch: what was built, skipped, failed and blocked, and which are drafts."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..builder.batch import BatchResult, Outcome
from ..compose.draft import draft_state

STATUS = {"built": "byggd", "skipped": "oförändrad", "failed": "misslyckad", "blocked": "blockerad",
          "excluded": "utesluten"}
PLURAL = {"built": "byggda", "skipped": "oförändrade", "failed": "misslyckade", "blocked": "blockerade",
          "excluded": "uteslutna"}


def print_outcomes(result: BatchResult, console: Console | None = None) -> None:
    """Print one row per evaluation and a count of each status."""
    console = console or Console(width=120)
    table = Table(title="Kompass batch", show_lines=False)
    table.add_column("Utvärdering", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Läge", no_wrap=True)
    table.add_column("Varningar", justify="right", no_wrap=True)
    table.add_column("Problem", no_wrap=True, overflow="ellipsis", max_width=40)
    for outcome in result.outcomes:
        style = {"failed": "red", "blocked": "red", "skipped": "dim", "excluded": "dim"}.get(outcome.status, "green")
        problems = outcome.message.count("\n") + 1 if outcome.message and outcome.status != "excluded" else 0
        table.add_row(escape(outcome.name), f"[{style}]{STATUS[outcome.status]}[/]", _state(outcome),
                      str(outcome.warnings) if outcome.warnings else "", f"{problems} st." if problems else "")
    console.print(table)
    for outcome in result.failed:
        console.print(f"\n[bold red]{escape(outcome.name)}[/] ({STATUS[outcome.status]}):", highlight=False)
        console.print(outcome.message, markup=False, highlight=False, soft_wrap=True)
    counts = {s: sum(o.status == s for o in result.outcomes) for s in STATUS}
    summary = "skriven" if result.summary_built else "oförändrad"
    line = ", ".join(f"{counts[s]} {PLURAL[s]}" for s in ("built", "skipped", "failed"))
    line += "".join(f", {counts[s]} {PLURAL[s]}" for s in ("blocked", "excluded") if counts[s])
    console.print(f"{line}; sammanställning {summary}")


def _state(outcome: Outcome) -> str:
    if outcome.status in ("failed", "blocked", "excluded") and not outcome.todo:
        return ""
    return draft_state(outcome.todo)
