"""The ``kompass`` command line: new, check, build, batch, import-scores, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import InputError, KompassError

# Each command imports what it needs when it runs: ``check`` never loads matplotlib, pandas or reportlab.

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
out_option = click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
                          help="Folder to write into: one sub-folder per evaluation (and the campaign summary).")
format_option = click.option("--format", "formats", type=click.Choice(["docx", "pdf", "both"]), default="both",
                             show_default=True, help="Which format to write.",
                             callback=lambda _ctx, _param, value: _formats(value))


@click.group()
@click.version_option(package_name="kompass")
def main() -> None:
    """Kompass writes Kommunkompassen evaluation reports."""


@main.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (e.g. missing scores) as errors.")
def check(folders: tuple[Path, ...], strict: bool) -> None:
    """Check evaluation FOLDERS and report every problem at once."""
    from .campaign import needs_campaign, resolve, siblings
    from .evaluation import read_evaluation

    failed = False
    for folder in folders:
        evaluation, problems = read_evaluation(folder)
        if evaluation is not None and needs_campaign(evaluation):
            problems += resolve(evaluation, siblings(folder))[1]
        for problem in problems:
            click.echo(str(problem), err=True)
        bad = bool(problems.errors) or (strict and bool(problems))
        failed |= bad
        summary = f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s)"
        click.echo(f"{folder}: {'invalid' if bad else 'ok'} ({summary})")
    sys.exit(EXIT_INVALID if failed else EXIT_OK)


@main.command()
@click.argument("municipality")
@click.argument("year", type=click.IntRange(1990, 2100))
@click.option("--framework", "version", default="2010", show_default=True, help="Framework version.")
@click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"), show_default=True,
              help="Folder that holds the evaluation folders.")
def new(municipality: str, year: int, version: str, inputs: Path) -> None:
    """Create a draft evaluation folder for MUNICIPALITY and YEAR."""
    from . import scaffold
    from .framework import load_framework

    folder = _run(lambda: scaffold.create(inputs, municipality, year, load_framework(version)))
    click.echo(f"created {folder}: fill in evaluation.yaml, scores.yaml and notes/, then run kompass check {folder}")


@main.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@out_option
@format_option
@click.option("--strict", is_flag=True, help="Refuse to build when the input has warnings.")
def build(folders: tuple[Path, ...], out: Path, formats: tuple[str, ...], strict: bool) -> None:
    """Build the reports of evaluation FOLDERS into OUT."""
    from .build import build as build_report

    for folder in folders:
        for path in _run(lambda: build_report(folder, out, formats, strict)):
            click.echo(f"wrote {path}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@out_option
@format_option
@click.option("--force", is_flag=True, help="Rebuild even what has not changed.")
@click.option("--jobs", type=click.IntRange(1), default=None, help="Parallel builds (default: all cores).")
def batch(paths: tuple[Path, ...], out: Path, formats: tuple[str, ...], force: bool, jobs: int | None) -> None:
    """Build every evaluation in PATHS (folders, folders of folders, or a campaign file)."""
    from .batch import batch as run_batch
    from .report_table import print_outcomes

    result = _run(lambda: run_batch(list(paths), out, formats, force, jobs))
    print_outcomes(result)
    sys.exit(EXIT_INVALID if result.failed else EXIT_OK)


@main.command("import-scores")
@click.argument("sheet", type=click.Path(path_type=Path))
@click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"), show_default=True,
              help="Folder that holds the evaluation folders.")
def import_scores_command(sheet: Path, inputs: Path) -> None:
    """Fill scores from SHEET (.xlsx or .csv: kommun, år, fråga, poäng), checking every row first."""
    from .importer import import_scores

    for path, count in _run(lambda: import_scores(sheet, inputs)).items():
        click.echo(f"{path}: {count} score(s) set")


@main.command()
def schema() -> None:
    """Print the JSON Schema of evaluation.yaml and scores.yaml."""
    from .inputschema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def _formats(value: str) -> tuple[str, ...]:
    from .build import FORMATS

    return FORMATS if value == "both" else (value,)


def _run(action):
    """Return ``action()``; turn a KompassError into its message and exit code."""
    try:
        return action()
    except InputError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(EXIT_INVALID)
    except KompassError as exc:
        click.echo(f"kompass: {exc}", err=True)
        sys.exit(exc.exit_code)
