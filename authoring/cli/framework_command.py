"""``kompass framework``: a framework revision made from a criteria workbook, written as one, and checked.

A coordinator who has a revision's questions (the 2020 revision's are SKR's material) adds it
without a developer: ``export`` gives a workbook to start from, ``check`` lists every problem with
its sheet, row and column, ``import`` writes ``<version>.yaml`` beside the campaign, where its
evaluations find it (docs/framework-format.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import click_swedish
from ..errors import InputError, KompassError
from ..swedish import count
from .running import EXIT_INVALID, EXIT_OK, EXIT_USAGE, run

OPTIONS = "[FLAGGOR]"
yes_option = click.option("--yes", "-y", is_flag=True, help="Skriv över en befintlig fil utan att fråga.")


@click.group("framework", options_metavar=OPTIONS, subcommand_metavar="KOMMANDO [ARGUMENT]...")
def framework_group() -> None:
    """Ramverk: gör ett ramverk av en arbetsbok med kriterier, skriv ut ett ramverk som arbetsbok,
    kontrollera ett ramverk.

    Ett ramverk <version>.yaml bredvid kampanj.yaml (eller evaluation.yaml) används av
    utvärderingarna där före Kompass egna.
    """


@framework_group.command("import", options_metavar=OPTIONS)
@click.argument("sheet", type=click.Path(path_type=Path, dir_okay=False), metavar="KRITERIER.xlsx")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), metavar="MAPP")
@yes_option
def import_command(sheet: Path, folder: Path, yes: bool) -> None:
    """Gör ramverket MAPP/<version>.yaml av arbetsboken KRITERIER.xlsx.

    MAPP är mappen med kampanj.yaml (eller en utvärderingsmapp). Inget skrivs om arbetsboken har
    fel: alla fel visas med blad, rad och kolumn. En befintlig fil skrivs över först när du svarar j.
    """
    from ..builder.framework_files import plan_import, write_file

    planned = run(lambda: plan_import(sheet, folder))
    for note in planned.notes:
        click.echo(note, err=True)
    if planned.dest.exists() and not yes and not click_swedish.confirm(f"{planned.dest} finns redan. Skriva över den?"):
        click.echo("inget skrevs")
        sys.exit(EXIT_OK)
    run(lambda: write_file(planned.dest, planned.text))
    click.echo(f"skrev {planned.dest}: {_summary(planned.framework)}")


@framework_group.command("export", options_metavar=OPTIONS)
@click.argument("version", metavar="VERSION")
@click.argument("sheet", type=click.Path(path_type=Path, dir_okay=False), metavar="FIL.xlsx")
@click.option("--folder", "near", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, metavar="MAPP", help="Sök ramverket som en utvärdering i MAPP hittar det: i mappen, "
              "bredvid kampanj.yaml ovanför den, sedan bland Kompass egna.")
@yes_option
def export_command(version: str, sheet: Path, near: Path, yes: bool) -> None:
    """Skriv ett ramverk som en arbetsbok med kriterier, FIL.xlsx.

    VERSION är ramverkets version, t.ex. 2010, eller en ramverksfil, t.ex. 2020.yaml. Arbetsboken är en mall att utgå från för ett nytt ramverk: ändra den och läs in den med
    kompass framework import.
    """
    from ..builder.framework_files import WORKBOOK_SUFFIXES, export_workbook, write_file

    if sheet.suffix.lower() not in WORKBOOK_SUFFIXES:
        click.echo(f"kompass: {sheet}: ge arbetsboken ett namn som slutar på .xlsx", err=True)
        sys.exit(EXIT_USAGE)
    workbook = run(lambda: export_workbook(version, near))
    if sheet.exists() and not yes and not click_swedish.confirm(f"{sheet} finns redan. Skriva över den?"):
        click.echo("inget skrevs")
        sys.exit(EXIT_OK)
    run(lambda: write_file(sheet, workbook))
    click.echo(f"skrev {sheet}")


@framework_group.command("check", options_metavar=OPTIONS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False), metavar="FIL...")
def check_command(files: tuple[Path, ...]) -> None:
    """Kontrollera ramverk: filer <version>.yaml eller arbetsböcker med kriterier (.xlsx).

    Visar alla fel på en gång, i en arbetsbok med blad, rad och kolumn (t.ex. Frågor!D14).
    Slutkod 1 om något ramverk har fel, 2 om en fil inte finns eller inte är ett ramverk.
    """
    from ..builder.framework_files import check_file

    code = EXIT_OK
    for path in files:
        try:
            framework = check_file(path)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{path}: ogiltigt ({count(len(exc.problems), 'fel', 'fel')})")
            code = max(code, EXIT_INVALID)
            continue
        except KompassError as exc:
            click.echo(f"kompass: {exc}", err=True)
            code = max(code, exc.exit_code)
            continue
        except OSError as exc:
            click.echo(f"kompass: {path}: kan inte läsas ({exc.strerror or 'okänt fel'})", err=True)
            code = max(code, EXIT_USAGE)
            continue
        click.echo(f"{path}: ok ({_summary(framework)})")
    sys.exit(code)


def _summary(framework) -> str:
    """Return what a framework holds, in a line: ``ramverket 2020: 8 områden i 4 perspektiv, 45 frågor``."""
    perspectives = f" i {len(framework.perspectives)} perspektiv" if framework.perspectives else ""
    return (f"ramverket {framework.version}: {count(len(framework.areas), 'område', 'områden')}{perspectives}, "
            f"{count(len(framework.questions), 'fråga', 'frågor')}")
