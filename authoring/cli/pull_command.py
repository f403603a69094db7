"""``kompass pull``: what pulling an edited DOCX changes, shown and confirmed before it is written."""

from __future__ import annotations

from pathlib import Path

import click

from . import click_swedish
from ..swedish import count
from .running import EXIT_INVALID, EXIT_OK, run as _run


def run_pull(docx: Path, folder: Path | None, yes: bool, dry_run: bool, accept_changes: bool, force: bool) -> int:
    """Pull ``docx`` into ``folder``: show every change, ask, write; return the exit code."""
    from ..roundtrip.pull import Pull, default_folder, plan_pull, select, with_rewordings, write

    result = _run(lambda: plan_pull(docx, folder or default_folder(docx), accept_changes, force))
    for change in result.changes:
        click.echo(change.diff())
    for line in result.comments:
        click.echo(f"kommentar: {line}", err=True)
    for line in result.tracked:
        click.echo(f"spårad ändring: {line}", err=True)
    if result.accepted:
        click.echo(f"{count(result.accepted, 'spårad ändring togs som godkänd', 'spårade ändringar togs som godkända')}"
                   " (--accept-changes)", err=True)
    for line in result.not_pulled:
        click.echo(f"hämtas inte: {line}", err=True)
    for line in result.conflicts:
        click.echo(f"konflikt: {line}", err=True)
    for line in result.deleted:
        click.echo(f"borttaget: {line}", err=True)
    reworded = _chosen_rewordings(result.rewordings, yes, dry_run)  # written with the rest, all or nothing
    what = _what(len(result.changes), result.comment_files)
    if not what and not reworded:
        click.echo(f"{docx}: inga {'andra ' if result.rewordings else ''}ändringar att hämta")
    elif dry_run:
        click.echo(f"{what} skulle skrivas (--dry-run: inget skrevs)")
    elif result.unverified and not yes:
        chosen = [c for c in result.changes if click_swedish.confirm(
            f"{c.where}: DOCX-filen saknar kontrollsummor, så en ändring i {c.file} sedan bygget går förlorad. "
            "Skriva DOCX-filens text?")]
        kept = with_rewordings(select(result, chosen), reworded)
        for path in _run(lambda: write(kept)) if kept.texts else ():
            click.echo(f"skrev {path}")
        click.echo(f"{len(chosen)} av {len(result.changes)} avsnitt skrevs"
                   + (f", och kommentarerna i {_files(kept.comment_files)}" if kept.comment_files else ""))
    elif what and (yes or click_swedish.confirm(f"Skriva {what} till anteckningarna?")):
        for path in _run(lambda: write(with_rewordings(result, reworded))):
            click.echo(f"skrev {path}")
        click.echo(f"ändringarna finns nu i anteckningarna: bygg om med --overwrite för att ersätta {docx}")
    elif reworded:
        for path in _run(lambda: write(with_rewordings(Pull(), reworded))):
            click.echo(f"skrev {path}")
        click.echo(f"rapportens egen text gäller från nästa bygge: bygg om med --overwrite för att ersätta {docx}")
    else:
        click.echo("inget skrevs")
    return EXIT_INVALID if result.failed else EXIT_OK



def _what(changes: int, comment_files: list[Path]) -> str:
    """Return what a pull writes, e.g. "2 ändrade avsnitt och kommentarerna i notes/area-1.md" ("": nothing)."""
    parts = [f"{changes} ändrade avsnitt"] if changes else []
    parts += [f"kommentarerna i {_files(comment_files)}"] if comment_files else []
    return " och ".join(parts)


def _files(files: list[Path]) -> str:
    return ", ".join(str(f) for f in files)


def _chosen_rewordings(rewordings: list, yes: bool, dry_run: bool) -> list:
    """Show each standard text edited in the DOCX as a word diff and offer to write it as the report's
    own text; return those to write (``--yes``: all, without asking; ``--dry-run``: none)."""
    chosen = []
    for rewording in rewordings:
        click.echo(f"standardtexten {rewording.name} är ändrad i DOCX-filen (ramverkets text gäller alla "
                   f"rapporter och ändras inte här):\n{rewording.diff()}")
        question = (f"Skriva den ändrade texten som rapportens egen text, {rewording.file} (gäller bara den "
                    "här rapporten)?")
        if dry_run:
            click.echo(f"{question} (--dry-run: inget skrevs)")
        elif yes or click_swedish.confirm(question):
            chosen.append(rewording)
        else:
            click.echo(f"{rewording.file} skrivs inte: standardtexten står kvar i rapporten")
    return chosen
