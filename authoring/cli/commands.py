"""The ``kompass`` command line: new, check, status, build, batch, pull, diff, import-scores, schema,
texts, check-pdf, studio.

Everything it prints is Swedish: the evaluator's language. Heavy libraries (matplotlib, the
writers, pandas) are imported only by the commands that need them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import click_swedish
from .program import Program
from ..builder.formats import DEFAULT_FORMATS, FORMATS
from ..errors import KompassError
from ..swedish import count
from .running import EXIT_INVALID, EXIT_OK, EXIT_USAGE, run as _run, report as _report

click_swedish.install()

out_option = click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
                          help="Mappen att skriva till: en undermapp per utvärdering (och kampanjens sammanställning).")


def _formats(_ctx, param, value: str) -> tuple[str, ...]:
    """Return the formats that ``--format`` names: a comma-separated list (``both`` is pdf and docx)."""
    names: list[str] = []
    for part in value.split(","):
        name = part.strip().lower()
        for chosen in DEFAULT_FORMATS if name == "both" else (name,):
            if chosen not in FORMATS:
                raise click.BadParameter(f"{part.strip()!r} är inget format: välj bland pdf, docx och html, "
                                         "gärna flera med komma emellan (t.ex. --format pdf,html)", param=param)
            if chosen not in names:
                names.append(chosen)
    return tuple(names)


format_option = click.option("--format", "formats", default="both", show_default=True, metavar="FORMAT",
                             help="Vilka format som skrivs: pdf, docx och html, flera med komma emellan "
                             "(t.ex. pdf,docx,html). both = pdf och docx.", callback=_formats)
campaign_option = click.option("--campaign", "campaign_file", type=click.Path(path_type=Path, dir_okay=False),
                               default=None, help="Kampanjfilen att använda. Förval: en kampanj.yaml i "
                               "utvärderingens mapp eller en mapp ovanför som listar den.")
final_option = click.option("--final", is_flag=True, help="Bygg bara slutliga rapporter: vägra utkast och "
                            "lista vad som saknas.")
overwrite_option = click.option("--overwrite", is_flag=True, help="Skriv över en DOCX som har ändrats (t.ex. "
                                "sparats i Word) efter att Kompass skrev den. Förval: vägra och säga till.")
ignore_comments_option = click.option("--ignore-comments", is_flag=True, help="Bygg slutlig rapport (--final) "
                                      "även när anteckningarna har öppna kommentarer från granskare.")
paths_argument = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="SÖKVÄGAR...")
CONTEXT = {"help_option_names": ["-h", "--help"]}
OPTIONS = "[FLAGGOR]"


@click.group(cls=Program, context_settings=CONTEXT, options_metavar=OPTIONS,
             subcommand_metavar="KOMMANDO [ARGUMENT]...")
@click.version_option(package_name="kompass")
def main() -> None:
    """Kompass skriver utvärderingsrapporter enligt Kommunkompassen (Word och PDF).

    SÖKVÄGAR är en utvärderingsmapp (inputs/kalix-2012), en mapp med sådana (inputs) eller en
    kampanjfil (inputs/kampanj.yaml).
    """


@main.command(options_metavar=OPTIONS)
@click.argument("municipality", metavar="KOMMUN")
@click.argument("year", type=click.IntRange(1990, 2100), metavar="ÅR")
@click.option("--framework", "version", metavar="VERSION",
              help="Ramverkets version. [standard: det senaste ramverket som fanns ÅR]")
@click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"), show_default=True,
              help="Mappen som rymmer utvärderingsmapparna.")
def new(municipality: str, year: int, version: str | None, inputs: Path) -> None:
    """Skapa en ny utvärderingsmapp för KOMMUN (kommunens namn utan "kommun") och ÅR."""
    from ..source import scaffold
    from ..source.framework import available_versions, load_framework
    from ..source.municipalities import lookup

    near = inputs / scaffold.slug(municipality.strip(), year)  # a framework beside the campaign is found too
    version = version or scaffold.framework_of_year(year, available_versions(near=near))

    folder = _run(lambda: scaffold.create(inputs, municipality, year, load_framework(version, near=near)))
    if lookup(municipality.strip()) is None:
        click.echo(f"varning: {municipality.strip()} finns inte i listan över Sveriges kommuner: skriv "
                   f"official_name i {folder / 'evaluation.yaml'}", err=True)
    click.echo(f"skapade {folder}: fyll i evaluation.yaml, scores.yaml (eller poäng.xlsx) och notes/, och kör sedan "
               f"kompass status {folder}")


@main.command(options_metavar=OPTIONS)
@paths_argument
@click.option("--strict", is_flag=True, help="Räkna varningar (t.ex. poäng som saknas) som fel.")
@campaign_option
def check(paths: tuple[Path, ...], strict: bool, campaign_file: Path | None) -> None:
    """Kontrollera utvärderingarna i SÖKVÄGAR och visa alla problem på en gång."""
    from ..builder.plan import blocked_problems, plan  # not builder.build: a check writes nothing

    failed = False
    for item in _run(lambda: plan(list(paths), campaign_file)).items:
        problems = [*item.problems, *blocked_problems(item)]
        for problem in problems:
            click.echo(str(problem), err=True)
        errors = len(item.problems.errors) + len(blocked_problems(item))
        warnings = len(item.problems.warnings)
        bad = bool(errors) or (strict and bool(problems))
        failed |= bad
        click.echo(f"{item.folder}: {'ogiltig' if bad else 'ok'} ({errors} fel, "
                   f"{count(warnings, 'varning', 'varningar')})")
    sys.exit(EXIT_INVALID if failed else EXIT_OK)


@main.command(options_metavar=OPTIONS)
@paths_argument
@out_option
@campaign_option
def status(paths: tuple[Path, ...], out: Path, campaign_file: Path | None) -> None:
    """Visa hur långt varje utvärdering i SÖKVÄGAR har kommit och om dess rapport är aktuell."""
    from ..builder.plan import plan
    from .status_table import print_statuses
    from ..builder.status import statuses

    print_statuses(statuses(_run(lambda: plan(list(paths), campaign_file)), out))


@main.command(options_metavar=OPTIONS)
@paths_argument
@out_option
@format_option
@click.option("--strict", is_flag=True, help="Bygg inte när indata har varningar.")
@final_option
@campaign_option
@overwrite_option
@ignore_comments_option
@click.option("--watch", is_flag=True, help="Bevaka indata: bygg om varje gång en indatafil sparas, tills Ctrl-C.")
def build(paths: tuple[Path, ...], out: Path, formats: tuple[str, ...], strict: bool, final: bool,
          campaign_file: Path | None, overwrite: bool, ignore_comments: bool, watch: bool) -> None:
    """Bygg rapporterna för utvärderingarna i SÖKVÄGAR till mappen --out."""
    from ..builder.early import early_drawer

    drawer = None if watch else early_drawer(list(paths))  # matplotlib loads first, where a chart will be drawn
    from ..writers.jobs import Ahead

    # The writers load their libraries while this process imports its readers and reads the inputs,
    # or while the charts are drawn where any will be (the drawer then has the other core meanwhile).
    ahead = None if watch or drawer is not None else Ahead.start(formats)
    from ..builder.build import build_planned, check_out_root  # the readers, which the writers share
    from ..builder.plan import plan
    from ..compose.draft import draft_state
    try:
        planned = _run(lambda: plan(list(paths), campaign_file))
        _run(lambda: check_out_root(out, [item.folder for item in planned.items]))
        if drawer is not None:
            ahead = Ahead.start(formats, behind=True)  # the charts come first: the drawer has the priority
        if watch:
            _watch([item.folder for item in planned.items], out, formats, planned.campaign_file,
                   strict=strict, final=final, overwrite=overwrite, ignore_comments=ignore_comments)
        code = EXIT_OK
        for item in planned.items:
            try:
                built = build_planned(item, out, formats, strict, final, overwrite, ahead, ignore_comments,
                                      drawer=drawer)
            except KompassError as exc:
                _report(exc)
                code = max(code, exc.exit_code)
                continue
            for path in built.paths:
                click.echo(f"skrev {path}")
            warnings = (f", {count(built.warnings, 'varning', 'varningar')} (kompass check {item.folder} visar "
                        f"{'den' if built.warnings == 1 else 'dem'})") if built.warnings else ""
            comments = len(item.evaluation.comments)
            open_note = f", {count(comments, 'öppen kommentar', 'öppna kommentarer')} från granskare" if comments else ""
            click.echo(f"{item.name}: {draft_state(len(built.todo))}{open_note}{warnings}")
    finally:
        for child in (ahead, drawer):
            if child is not None:
                child.close()
    sys.exit(code)


def _watch(folders: list[Path], out: Path, formats: tuple[str, ...], campaign_file: Path | None,
           **options: bool) -> None:
    """Build ``folders``, then rebuild on every save until Ctrl-C; exit 0."""
    from ..builder.watch import Watcher

    try:
        Watcher(folders, out, formats, campaign_file, click.echo, **options).run()
    except KeyboardInterrupt:
        click.echo("avslutar: inga halvfärdiga filer finns kvar")
    sys.exit(EXIT_OK)


@main.command(options_metavar=OPTIONS)
@paths_argument
@out_option
@format_option
@click.option("--force", is_flag=True, help="Bygg om även det som inte har ändrats.")
@click.option("--jobs", type=click.IntRange(1), default=None, metavar="ANTAL", help="Antal samtidiga byggen (förval: alla kärnor).")
@final_option
@campaign_option
@overwrite_option
@ignore_comments_option
@click.option("--site", is_flag=True, help="Skriv också rapporterna som webbsidor (html) och kampanjens "
              "webbplats: --out/index.html med sammanställningen och länkar till varje rapport.")
@click.option("--exclude", multiple=True, metavar="MAPP", help="Lämna utvärderingen (t.ex. kalix-2012) utanför "
              "kampanjen och dess medelvärde, som exclude i kampanj.yaml. Kan upprepas.")
def batch(paths: tuple[Path, ...], out: Path, formats: tuple[str, ...], force: bool, jobs: int | None,
          final: bool, campaign_file: Path | None, overwrite: bool, ignore_comments: bool, site: bool,
          exclude: tuple[str, ...]) -> None:
    """Bygg alla utvärderingar i SÖKVÄGAR och kampanjens sammanställning.

    Med html bland formaten (eller --site) blir --out en webbplats som kan kopieras till en
    webbserver som den är: index.html med sammanställningen, länkad till varje rapport.
    """
    from ..builder.batch import batch as run_batch
    from .report_table import print_outcomes

    formats = (*formats, "html") if site and "html" not in formats else formats
    result = _run(lambda: run_batch(list(paths), out, formats, force, jobs, final=final,
                                    campaign_file=campaign_file, overwrite=overwrite, exclude=exclude,
                                    ignore_comments=ignore_comments))
    print_outcomes(result)
    sys.exit(EXIT_INVALID if result.failed else EXIT_OK)


@main.command(options_metavar=OPTIONS)
@click.argument("docx", type=click.Path(path_type=Path, dir_okay=False), metavar="DOCX")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), required=False, metavar="UTVÄRDERING")
@click.option("--yes", "-y", is_flag=True, help="Skriv ändringarna utan att fråga.")
@click.option("--dry-run", is_flag=True, help="Visa bara ändringarna; skriv ingenting.")
@click.option("--accept-changes", is_flag=True,
              help="Ta spårade ändringar som godkända (annars hämtas inte avsnitt som har sådana).")
@click.option("--force", is_flag=True, help="Hämta även en DOCX utan Kompass kontrollsummor eller från en annan "
              "utvärdering; varje ändrat avsnitt bekräftas då för sig.")
def pull(docx: Path, folder: Path | None, yes: bool, dry_run: bool, accept_changes: bool, force: bool) -> None:
    """Hämta ändringar i en redigerad DOCX tillbaka till anteckningarna (notes/*.md).

    UTVÄRDERING är utvärderingsmappen (förval: inputs/<DOCX-filens namn>). Ändringarna visas per
    avsnitt innan något skrivs. Spårade ändringar och kommentarer listas med författare.
    """
    from .pull_command import run_pull

    sys.exit(run_pull(docx, folder, yes, dry_run, accept_changes, force))


@main.command(options_metavar=OPTIONS)
@click.argument("old", type=click.Path(path_type=Path, file_okay=False), metavar="GAMMAL")
@click.argument("new", type=click.Path(path_type=Path, file_okay=False), required=False, metavar="[NY]")
@click.option("--rev", metavar="REVISION", default=None, help="Jämför mappen GAMMAL som den var i git-revisionen "
              "REVISION (t.ex. HEAD~1) med mappen som den är nu.")
@click.option("--markdown", "as_markdown", is_flag=True, help="Skriv ändringarna som Markdown (för ett e-postmeddelande).")
def diff(old: Path, new: Path | None, rev: str | None, as_markdown: bool) -> None:
    """Visa vad som ändrats mellan två versioner av en utvärdering.

    GAMMAL och NY är två utvärderingsmappar, eller en mapp och --rev: mappen i en tidigare
    git-revision mot mappen nu. Visar ändrade poäng (med område och totalt), ändrade genererade
    meningar, tillagda, borttagna och omformulerade stycken och punkter, och ändrade uppgifter.
    """
    import tempfile

    from ..builder.plan import ready
    from ..diff.compare import diff_evaluations, folder_label, git_version, read_in_revision
    from ..diff.render import markdown, print_rich

    if (new is None) == (rev is None):
        click.echo("kompass diff: ange två mappar (GAMMAL NY) eller en mapp och --rev REVISION", err=True)
        sys.exit(EXIT_USAGE)
    with tempfile.TemporaryDirectory(prefix="kompass-diff-") as tmp:
        if rev is not None:
            before = _run(lambda: git_version(old, rev, Path(tmp)))
            result = _run(lambda: diff_evaluations(read_in_revision(ready, before, Path(tmp), rev), ready(old),
                                                   f"{folder_label(old)} ({rev})", folder_label(old)))
        else:
            result = _run(lambda: diff_evaluations(ready(old), ready(new), folder_label(old), folder_label(new)))
    if as_markdown:
        click.echo(markdown(result))
    else:
        print_rich(result)


@main.command("import-scores", options_metavar=OPTIONS)
@click.argument("sheet", type=click.Path(path_type=Path), metavar="BLAD")
@click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"), show_default=True,
              help="Mappen som rymmer utvärderingsmapparna.")
@click.option("--sheet", "sheet_name", metavar="NAMN", default=None,
              help="Bladet i arbetsboken att läsa. [förval: de blad som har kolumnerna kommun, år, fråga och poäng]")
@click.option("--yes", "-y", is_flag=True, help="Skriv över befintliga poäng utan att fråga.")
def import_scores_command(sheet: Path, inputs: Path, sheet_name: str | None, yes: bool) -> None:
    """Läs in poäng från BLAD (.xlsx eller .csv, även Excels semikolonavgränsade, med kolumnerna kommun, år,
    fråga, poäng). Inget skrivs om någon rad är fel. Poäng som redan finns och ändras visas (gammal →
    ny) och skrivs över när du svarar j. En tom poängcell lämnar frågan obedömd."""
    from .import_report import import_and_report
    import_and_report(sheet, inputs, sheet_name, yes, _run)


@main.command(options_metavar=OPTIONS)
def schema() -> None:
    """Skriv ut JSON-schemat för evaluation.yaml och scores.yaml (för redigerare)."""
    from ..source.inputschema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@main.command(options_metavar=OPTIONS)
@click.option("--framework", "version", default="2010", show_default=True, metavar="VERSION",
              help="Ramverkets version, t.ex. 2010, eller en ramverksfil, t.ex. 2020.yaml.")
@click.option("--folder", "near", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, metavar="MAPP", help="Sök ramverket som en utvärdering i MAPP hittar det: i mappen, "
              "bredvid kampanj.yaml ovanför den, sedan bland Kompass egna.")
@click.option("--full", is_flag=True, help="Skriv hela förvalstexten, inte bara början.")
def texts(version: str, near: Path, full: bool) -> None:
    """Lista namnen på alla texter som en utvärdering kan ersätta, med förvalstexten.

    Ersätt en text i evaluation.yaml (texts: {namn: text}) eller i filen notes/texts/<namn>.md.
    """
    from ..source.framework import named_framework
    from ..source.overrides import text_names

    for name, default in _run(lambda: text_names(named_framework(version, near))).items():
        shown = default if full else " ".join(default.split())
        if not full and len(shown) > 70:
            shown = shown[:69] + "…"
        click.echo(f"{name}: {shown}" if not full else f"{name}:\n{default}\n")


@main.command("check-pdf", options_metavar=OPTIONS)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False),
                metavar="PDF...")
def check_pdf_command(files: tuple[Path, ...]) -> None:
    """Kontrollera att varje PDF är tillgänglig enligt de regler i PDF/UA-1 som går att pröva maskinellt.

    Varje fel namnger sin regel. Reglerna: struktur, märkt-innehåll, figur-alt, tabell-th,
    rubriknivåer, språk, dokumenttitel, xmp-pdfua, markinfo, typsnitt, länkar (se README).
    Om alternativtexterna är meningsfulla och läsordningen rimlig måste en människa bedöma.
    Slutkod 1 om någon fil bryter mot en regel.
    """
    from ..checkers.pdf import check_pdf, report_lines

    failed = False
    for path in files:
        failures = check_pdf(path)
        failed = failed or bool(failures)
        for line in report_lines(path, failures):
            click.echo(line, err=bool(failures))
    sys.exit(EXIT_INVALID if failed else EXIT_OK)


@main.command(options_metavar=OPTIONS)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), required=False, metavar="[MAPP]")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Porten (förval: en ledig).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Bara 127.0.0.1: studion visas bara på den här datorn.")
@click.option("--no-browser", is_flag=True, help="Öppna ingen webbläsare; skriv bara adressen (med nyckeln).")
@out_option
def studio(folder: Path | None, port: int, host: str, no_browser: bool, out: Path) -> None:
    """Starta Kompass Studio: utvärderingarna i MAPP i webbläsaren (förval: inputs/ eller mappen du står i)."""
    from ..studio.server import check_host, default_folder, serve

    _run(lambda: check_host(host))
    _run(lambda: serve(folder or default_folder(Path.cwd()), out, port, not no_browser, click.echo))
    click.echo("Kompass Studio har avslutats.", err=True)
