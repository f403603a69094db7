"""The ``kompass`` command line: new, check, status, build, batch, import-scores, schema.

Everything it prints is Swedish: the evaluator's language. Heavy libraries (matplotlib, the
writers, pandas) are imported only by the commands that need them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import cli_swedish
from .build import FORMATS
from .errors import DraftError, InputError, KompassError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

cli_swedish.install()

out_option = click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
                          help="Mappen att skriva till: en undermapp per utvärdering (och kampanjens sammanställning).")
format_option = click.option("--format", "formats", type=click.Choice(["docx", "pdf", "both"]), default="both",
                             show_default=True, help="Vilket format som skrivs (both = båda).",
                             callback=lambda _ctx, _param, value: FORMATS if value == "both" else (value,))
campaign_option = click.option("--campaign", "campaign_file", type=click.Path(path_type=Path, dir_okay=False),
                               default=None, help="Kampanjfilen att använda. Förval: en kampanj.yaml i "
                               "utvärderingens mapp eller en mapp ovanför som listar den.")
final_option = click.option("--final", is_flag=True, help="Bygg bara slutliga rapporter: vägra utkast och "
                            "lista vad som saknas.")
paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="SÖKVÄGAR...")
CONTEXT = {"help_option_names": ["-h", "--help"]}
OPTIONS = "[FLAGGOR]"


@click.group(context_settings=CONTEXT, options_metavar=OPTIONS, subcommand_metavar="KOMMANDO [ARGUMENT]...")
@click.version_option(package_name="kompass")
def main() -> None:
    """Kompass skriver utvärderingsrapporter enligt Kommunkompassen (Word och PDF).

    SÖKVÄGAR är en utvärderingsmapp (inputs/kalix-2012), en mapp med sådana (inputs) eller en
    kampanjfil (inputs/kampanj.yaml).
    """


@main.command(options_metavar=OPTIONS)
@click.argument("municipality", metavar="KOMMUN")
@click.argument("year", type=click.IntRange(1990, 2100), metavar="ÅR")
@click.option("--framework", "version", default="2010", show_default=True, metavar="VERSION", help="Ramverkets version.")
@click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"), show_default=True,
              help="Mappen som rymmer utvärderingsmapparna.")
def new(municipality: str, year: int, version: str, inputs: Path) -> None:
    """Skapa en ny utvärderingsmapp för KOMMUN (kommunens namn utan "kommun") och ÅR."""
    from . import scaffold
    from .framework import load_framework

    folder = _run(lambda: scaffold.create(inputs, municipality, year, load_framework(version)))
    click.echo(f"skapade {folder}: fyll i evaluation.yaml, scores.yaml och notes/, och kör sedan "
               f"kompass status {folder}")


@main.command(options_metavar=OPTIONS)
@paths_argument
@click.option("--strict", is_flag=True, help="Räkna varningar (t.ex. poäng som saknas) som fel.")
@campaign_option
def check(paths: tuple[Path, ...], strict: bool, campaign_file: Path | None) -> None:
    """Kontrollera utvärderingarna i SÖKVÄGAR och visa alla problem på en gång."""
    from .build import blocked_problems
    from .plan import plan

    failed = False
    for item in _run(lambda: plan(list(paths), campaign_file)).items:
        problems = [*item.problems, *blocked_problems(item)]
        for problem in problems:
            click.echo(str(problem), err=True)
        errors = len(item.problems.errors) + len(blocked_problems(item))
        warnings = len(item.problems.warnings)
        bad = bool(errors) or (strict and bool(problems))
        failed |= bad
        click.echo(f"{item.folder}: {'ogiltig' if bad else 'ok'} ({errors} fel, {warnings} varningar)")
    sys.exit(EXIT_INVALID if failed else EXIT_OK)


@main.command(options_metavar=OPTIONS)
@paths_argument
@out_option
@campaign_option
def status(paths: tuple[Path, ...], out: Path, campaign_file: Path | None) -> None:
    """Visa hur långt varje utvärdering i SÖKVÄGAR har kommit och om dess rapport är aktuell."""
    from .plan import plan
    from .status_table import print_statuses
    from .status import statuses

    print_statuses(statuses(_run(lambda: plan(list(paths), campaign_file)), out))


@main.command(options_metavar=OPTIONS)
@paths_argument
@out_option
@format_option
@click.option("--strict", is_flag=True, help="Bygg inte när indata har varningar.")
@final_option
@campaign_option
def build(paths: tuple[Path, ...], out: Path, formats: tuple[str, ...], strict: bool, final: bool,
          campaign_file: Path | None) -> None:
    """Bygg rapporterna för utvärderingarna i SÖKVÄGAR till mappen --out."""
    from .build import build_planned
    from .plan import plan
    from .report_table import draft_state

    failed = False
    for item in _run(lambda: plan(list(paths), campaign_file)).items:
        try:
            built = build_planned(item, out, formats, strict, final)
        except KompassError as exc:
            _report(exc)
            failed = True
            continue
        for path in built.paths:
            click.echo(f"skrev {path}")
        warnings = f", {built.warnings} varningar (kompass check {item.folder} visar dem)" if built.warnings else ""
        click.echo(f"{item.name}: {draft_state(len(built.todo))}{warnings}")
    sys.exit(EXIT_INVALID if failed else EXIT_OK)


@main.command(options_metavar=OPTIONS)
@paths_argument
@out_option
@format_option
@click.option("--force", is_flag=True, help="Bygg om även det som inte har ändrats.")
@click.option("--jobs", type=click.IntRange(1), default=None, metavar="ANTAL", help="Antal samtidiga byggen (förval: alla kärnor).")
@final_option
@campaign_option
def batch(paths: tuple[Path, ...], out: Path, formats: tuple[str, ...], force: bool, jobs: int | None,
          final: bool, campaign_file: Path | None) -> None:
    """Bygg alla utvärderingar i SÖKVÄGAR och kampanjens sammanställning."""
    from .batch import batch as run_batch
    from .report_table import print_outcomes

    result = _run(lambda: run_batch(list(paths), out, formats, force, jobs, final=final,
                                    campaign_file=campaign_file))
    print_outcomes(result)
    sys.exit(EXIT_INVALID if result.failed else EXIT_OK)


@main.command("import-scores", options_metavar=OPTIONS)
@click.argument("sheet", type=click.Path(path_type=Path), metavar="BLAD")
@click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"), show_default=True,
              help="Mappen som rymmer utvärderingsmapparna.")
def import_scores_command(sheet: Path, inputs: Path) -> None:
    """Läs in poäng från BLAD (.xlsx eller .csv med kolumnerna kommun, år, fråga, poäng).

    Alla rader kontrolleras först; inget skrivs om någon rad är fel.
    """
    from .importer import import_scores

    for path, count in _run(lambda: import_scores(sheet, inputs)).items():
        click.echo(f"{path}: {count} poäng inlästa")


@main.command(options_metavar=OPTIONS)
def schema() -> None:
    """Skriv ut JSON-schemat för evaluation.yaml och scores.yaml (för redigerare)."""
    from .inputschema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def _report(exc: KompassError) -> None:
    if isinstance(exc, InputError):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
    else:
        click.echo(f"kompass: {exc}", err=True)


def _run(action):
    """Return ``action()``; turn a KompassError into its message and exit code."""
    try:
        return action()
    except (InputError, DraftError) as exc:
        _report(exc)
        sys.exit(EXIT_INVALID)
    except KompassError as exc:
        _report(exc)
        sys.exit(exc.exit_code)
