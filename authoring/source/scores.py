"""The score model: question scores as given, everything else computed from them.

Scores are exact decimals. Percentages are computed from the exact values; area totals and the
grand total are sums of question scores. Rounding for display follows the one policy of
``rounding.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal

from ..rounding import rounded_points, shown_parts
from .framework import Area, Framework, Question


def percent(achieved: Decimal, maximum: Decimal) -> Decimal:
    """Return ``achieved`` as an exact percentage of ``maximum``."""
    return achieved * 100 / maximum


@dataclass(frozen=True)
class QuestionScore:
    question: Question
    achieved: Decimal | None  # None: not scored yet

    @cached_property
    def percent(self) -> Decimal | None:
        return None if self.achieved is None else percent(self.achieved, self.question.max)


@dataclass(frozen=True)
class AreaScore:
    """The scores of one area. Its total exists only when every question is scored."""

    area: Area
    questions: tuple[QuestionScore, ...]

    @cached_property
    def achieved(self) -> Decimal | None:
        """Return the sum of the question scores, or None while any question is unscored."""
        if not self.complete:
            return None
        return sum((q.achieved for q in self.questions), Decimal(0))

    @property
    def max(self) -> Decimal:
        return self.area.max

    @cached_property
    def shown_questions(self) -> tuple[Decimal | None, ...]:
        """Return the question scores as shown: summing to the shown total when the area is complete."""
        if not self.complete:
            return tuple(None if q.achieved is None else rounded_points(q.achieved) for q in self.questions)
        return shown_parts(tuple(q.achieved for q in self.questions))

    @cached_property
    def percent(self) -> Decimal | None:
        return None if self.achieved is None else percent(self.achieved, self.max)

    @cached_property
    def scored(self) -> int:
        """Return how many questions have a score."""
        return sum(q.achieved is not None for q in self.questions)

    @cached_property
    def unscored(self) -> tuple[str, ...]:
        """Return the ids of the questions without a score."""
        return tuple(q.question.id for q in self.questions if q.achieved is None)

    @cached_property
    def complete(self) -> bool:
        return all(q.achieved is not None for q in self.questions)


@dataclass(frozen=True)
class Scorecard:
    """The scores of one evaluation: per question, per area and in total."""

    areas: tuple[AreaScore, ...]

    @cached_property
    def total(self) -> Decimal | None:
        """Return the grand total, or None while any area is incomplete."""
        if not self.complete:
            return None
        return sum((a.achieved for a in self.areas), Decimal(0))

    @cached_property
    def complete(self) -> bool:
        return all(a.complete for a in self.areas)

    @cached_property
    def scored(self) -> int:
        return sum(a.scored for a in self.areas)

    @cached_property
    def count(self) -> int:
        return sum(len(a.questions) for a in self.areas)

    @property
    def max(self) -> Decimal:
        return sum((a.max for a in self.areas), Decimal(0))

    @property
    def missing(self) -> list[str]:
        return [q.question.id for a in self.areas for q in a.questions if q.achieved is None]

    def area(self, number: int) -> AreaScore:
        return self.areas[number - 1]


def scorecard(framework: Framework, scores: dict[str, Decimal | None]) -> Scorecard:
    """Return the scorecard of ``scores`` (question id -> achieved) under ``framework``."""
    return Scorecard(tuple(
        AreaScore(area, tuple(QuestionScore(q, scores.get(q.id)) for q in area.questions))
        for area in framework.areas
    ))
