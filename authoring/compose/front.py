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
    publication = evaluation.meta.publication
    evaluated = evaluation.meta.evaluated
    details = (publication.unit if publication and publication.unit else "",
               _dates(evaluated) if evaluated is not None else "")
    title = TitlePage(
        title=texts["title"],
        lines=(fill(texts["subtitle"], **context.names), str(evaluation.meta.year)),
        footer=author_lines(evaluation.meta.authors),
        details=tuple(d for d in details if d),
        logo=_logo(publication, evaluation.folder),
        mark=texts["draft"]["title_note"] if context.gaps else "",
    )
    if not evaluation.meta.contents_page:
        return [title]
    return [title, PageBreak(), Contents(texts["contents"])]


def author_lines(authors) -> tuple[str, ...]:
    """Return one line per run of authors sharing an organisation: "Anna Andersson och Bo Berg, SKL"."""
    lines = []
    for organisation, group in groupby(authors, key=lambda a: a.organisation):
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
    heading = context.chapter_heading(context.texts["chapters"]["what_is"])
    return [heading, *context.standard_text(context.evaluation.framework.texts.what_is)]


def when(evaluated) -> str:
    """Return when the evaluation took place, e.g. ``i november 2012`` or ``18–19 februari 2015``."""
    if isinstance(evaluated, str):
        year, month = evaluated.split("-")
        return f"i {month_year(int(year), int(month))}"
    if isinstance(evaluated, tuple):
        return day_range(*evaluated)
    return day_range(evaluated, evaluated)
