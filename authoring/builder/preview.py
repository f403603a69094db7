"""The report of an evaluation as a web page in memory, for a face to show (the studio's Förhandsvisning).

Planned as a build plans it (the campaign, its reference), composed once, its charts drawn (or
taken from the cache) and laid out by the HTML writer; nothing is written. With it come what the
draft lacks, as the Att göra list words it and as the gaps behind each item, so that a face can
link each item to the place where it is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .build import blocked_problems
from ..compose.completeness import Gap, gaps
from ..problems import Problem
from .plan import plan


@dataclass(frozen=True)
class Preview:
    """The page (None when the evaluation cannot be built), its Att göra items with their gaps, and
    the problems ``kompass check`` would list."""

    html: str | None
    todo: tuple[tuple[str, Gap], ...] = ()
    problems: tuple[Problem, ...] = field(default=())


def preview(folder: Path) -> Preview:
    """Return the web page of the report of the evaluation in ``folder``, as a build would make it."""
    from ..charts.draw import media_for  # late: matplotlib and the writers are for building only
    from ..compose import compose
    from ..writers.html import render

    item = plan([folder]).items[0]
    problems = (*item.problems, *blocked_problems(item))
    if item.status != "ready":
        return Preview(None, (), problems)
    report = compose(item.evaluation)
    return Preview(render(report, media_for(report)), tuple(zip(report.todo, gaps(item.evaluation))), problems)
