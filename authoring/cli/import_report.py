"""What ``kompass import-scores`` prints: the existing scores it would change (and the question), then what it read."""

from __future__ import annotations

from pathlib import Path

import click

from . import click_swedish
from ..builder.importer import ImportPlan, plan_import, write_import
from ..swedish import count


def import_and_report(sheet: Path, inputs: Path, sheet_name: str | None, yes: bool, run) -> None:
    """Import ``sheet`` into ``inputs`` once any existing score it changes is confirmed; ``run`` turns
    an error into its message and exit code."""
    planned = run(lambda: plan_import(sheet, inputs, sheet_name))
    if not confirm_changes(planned, yes):
        click.echo("inget skrevs")
        return
    run(lambda: write_import(planned))
    print_imported(planned, sheet)


def confirm_changes(planned: ImportPlan, yes: bool) -> bool:
    """Show each existing score ``planned`` replaces, old → new, and return whether to write them:
    True if there are none or ``yes``, else the evaluator's answer to a [j/N] question."""
    if not planned.changes:
        return True
    click.echo(f"{count(len(planned.changes), 'befintlig poäng ändras', 'befintliga poäng ändras')}:")
    for change in planned.changes:
        click.echo(f"  {change}")
    return yes or click_swedish.confirm("Skriva över de befintliga poängen?")


def print_imported(planned: ImportPlan, sheet: Path) -> None:
    """Print the scores read into each scores.yaml, and how many questions an empty cell left unscored."""
    for path, number in planned.counts().items():
        click.echo(f"{path}: {count(number, 'poäng inläst', 'poäng inlästa')}")
    if planned.empty:
        click.echo(f"{sheet}: {count(planned.empty, 'fråga', 'frågor')} med tom cell i kolumnen poäng "
                   "lämnades obedömda")
