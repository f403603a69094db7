"""What an evaluation still lacks before its report is final: the facts behind a draft.

Compose words these gaps as the report's "Att göra" page, ``kompass status`` tabulates them and
``build --final`` refuses while any is left. Nothing here decides wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..source.evaluation import REQUIRED_LISTS, Evaluation

REQUIRED_FIELDS = ("evaluated", "interviewees")


@dataclass(frozen=True)
class Gap:
    """One thing missing: ``kind`` says what, ``area`` where (if in an area), ``items`` which."""

    kind: str  # unscored | no_text | no_list | unset | reference | earlier | campaign
    area: int | None = None
    items: tuple[str, ...] = ()
    year: int | None = None


def gaps(evaluation: Evaluation) -> list[Gap]:
    """Return everything ``evaluation`` lacks for a final report, in report order."""
    found = [Gap("unset", items=(name,)) for name in REQUIRED_FIELDS if getattr(evaluation.meta, name) is None]
    for area_score in evaluation.scores.areas:
        number = area_score.area.number
        if area_score.unscored:
            found.append(Gap("unscored", number, area_score.unscored))
        notes = evaluation.notes[number]
        if not notes.sections and not notes.intro:
            found.append(Gap("no_text", number))
        found += [Gap("no_list", number, (heading,)) for heading in REQUIRED_LISTS if not notes.lists.get(heading)]
    for reference in evaluation.meta.all_references:
        missing = _missing_areas(reference.scores or {})
        if missing:
            found.append(Gap("reference", items=missing))
    for earlier in evaluation.meta.earlier_evaluations:
        missing = _missing_areas(earlier.scores or {})
        if earlier.scores is not None and missing:
            found.append(Gap("earlier", items=missing, year=earlier.year))
    found += [Gap("campaign", items=member) for member in evaluation.campaign_failed]
    return found


def _missing_areas(scores: dict) -> tuple[str, ...]:
    return tuple(str(n) for n in sorted(scores) if scores[n] is None)
