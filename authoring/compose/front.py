"""The title page, the contents and chapter 1 "Vad är Kommunkompassen?"."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from ..model import Block, Contents, Logo, PageBreak, Paragraph, Run, TitlePage
from ..swedish import day_range, month_year, word_list
from ..templates import fill, style
from .context import Context


def front_matter(context: Context) -> list[Block]:
    """Return the title page and the contents."""
    evaluation = context.evaluation
    texts = context.texts
    style = context.layout["title_page"]
    publication = evaluation.meta.publication
    evaluated = evaluation.meta.evaluated
    values = {"subtitle": fill(texts["subtitle"], **context.names), "year": str(evaluation.meta.year),
              "unit": publication.unit if publication and publication.unit else "",
              "dates": _dates(evaluated) if evaluated is not None else ""}

    def lines(names) -> tuple[str, ...]:
        return tuple(values[name] for name in names if values[name])

    title = TitlePage(
        title=texts["title"],
        lines=lines(style["lines"]),
        footer=author_lines(evaluation.meta.authors, style["authors"] == "by_organisation"),
        details=lines(style["details"]),
        logo=_logo(publication, evaluation.folder),
        mark=texts["draft"]["title_note"] if context.gaps else "",
        above=lines(style["above_title"]),
    )
    contents = context.layout["contents"]
    if not evaluation.meta.contents_page or not contents["show"]:
        return [title]
    return [title, PageBreak(), Contents(texts["contents"], contents["levels"])]


def author_lines(authors, grouped: bool = True) -> tuple[str, ...]:
    """Return one line per author ("Anna Andersson, SKL") or, ``grouped``, per run of authors sharing an
    organisation ("Anna Andersson och Bo Berg, SKL")."""
    lines = []
    runs = groupby(authors, key=lambda a: a.organisation) if grouped else ((a.organisation, [a]) for a in authors)
    for organisation, group in runs:
        names = word_list([a.name for a in group])
        lines.append(f"{names}, {organisation}" if organisation else names)
    return tuple(lines)


def _logo(publication, folder: Path) -> Logo | None:
    """Return the evaluation's or campaign's logo, else the template's, else None."""
    path = publication.logo_file(folder) if publication else None
    if path is not None:
        return Logo(path.name, publication.logo_alt or style().get("logo_alt") or path.name, str(path.parent))
    logo = style().get("logo")
    return Logo(logo, style().get("logo_alt") or logo) if logo else None


def _dates(evaluated) -> str:
    """Return when the evaluation took place as the title page says it: ``4–5 december 2007``."""
    return when(evaluated).removeprefix("i ")


def closing_matter(context: Context) -> list[Block]:
    """Return the back page: the closing text, then the colophon; nothing when neither is given."""
    publication = context.evaluation.meta.publication
    if publication is None:
        return []
    blocks: list[Block] = list(context.standard_text(publication.closing)) if publication.closing else []
    labels = context.texts["colophon"]
    rows = [(labels[key], str(value)) for key in ("publisher", "year", "contact", "registration")
            if (value := getattr(publication, key)) is not None]
    if rows:
        blocks += [Paragraph((Run(f"{label}: ", bold=True), Run(value)), "note") for label, value in rows]
    return blocks


def what_is(context: Context) -> list[Block]:
    """Return chapter 1: the framework's standard text."""
    heading = context.chapter_heading(context.texts["chapters"]["what_is"], "what_is")
    return [heading, *context.standard_text(context.evaluation.framework.texts.what_is)]


def when(evaluated) -> str:
    """Return when the evaluation took place, e.g. ``i november 2012`` or ``18–19 februari 2015``."""
    if isinstance(evaluated, str):
        year, month = evaluated.split("-")
        return f"i {month_year(int(year), int(month))}"
    if isinstance(evaluated, tuple):
        return day_range(*evaluated)
    return day_range(evaluated, evaluated)
