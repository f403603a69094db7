"""The title page, the contents and chapter 1 "Vad är Kommunkompassen?"."""

from __future__ import annotations

from ..model import Block, Contents, Logo, PageBreak, TitlePage
from ..swedish import day_range, month_year
from ..templates import fill, style
from .context import Context


def front_matter(context: Context) -> list[Block]:
    """Return the title page and the contents."""
    evaluation = context.evaluation
    texts = context.texts
    authors = tuple(a.name for a in evaluation.meta.authors)
    organisations = tuple(dict.fromkeys(a.organisation for a in evaluation.meta.authors if a.organisation))
    logo = style().get("logo")
    title = TitlePage(
        title=texts["title"],
        lines=(fill(texts["subtitle"], **context.names), str(evaluation.meta.year)),
        footer=authors + organisations,
        logo=Logo(logo, style().get("logo_alt") or logo) if logo else None,
        mark=texts["draft"]["title_note"] if context.gaps else "",
    )
    if not evaluation.meta.contents_page:
        return [title]
    return [title, PageBreak(), Contents(texts["contents"])]


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
