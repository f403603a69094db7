"""The score model: question scores as given, everything else computed from them.

Scores are exact decimals. Percentages are computed from the exact values; area totals and the
grand total are sums of question scores. Rounding for display happens only in ``rounded_points``,
``rounded_percent`` and ``shown_parts``: one policy, applied everywhere. A total is rounded half
up; the question scores shown beside it are rounded by largest remainder so that they add up to
the total as shown (9,15 + 9,75 + ... shows 9,1 + 9,8 when the area total needs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .framework import Area, Framework, Question

POINT_STEP = Decimal("0.1")    # points are shown to one decimal, ",0" dropped
PERCENT_STEP = Decimal("1")    # percentages are shown whole


def rounded_points(value: Decimal) -> Decimal:
    """Return ``value`` rounded half up to the display step of points."""
    return value.quantize(POINT_STEP, rounding=ROUND_HALF_UP)


def rounded_percent(value: Decimal) -> Decimal:
    """Return ``value`` rounded half up to whole percent."""
    return value.quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)


def shown_parts(parts: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    """Return ``parts`` rounded to the point step so that they sum to their rounded sum.

    Each part is rounded down, then the steps still missing go to the parts with the largest
    remainders (the earlier part first on a tie): no part is off by a step or more.
    """
    shown = [p.quantize(POINT_STEP, rounding=ROUND_FLOOR) for p in parts]
    missing = int((rounded_points(sum(parts, Decimal(0))) - sum(shown, Decimal(0))) / POINT_STEP)
    order = sorted(range(len(parts)), key=lambda i: (shown[i] - parts[i], i))
    for index in order[:missing]:
        shown[index] += POINT_STEP
    return tuple(shown)


def percent(achieved: Decimal, maximum: Decimal) -> Decimal:
    """Return ``achieved`` as an exact percentage of ``maximum``."""
    return achieved * 100 / maximum


@dataclass(frozen=True)
class QuestionScore:
    question: Question
    achieved: Decimal | None  # None: not scored yet

    @property
    def percent(self) -> Decimal | None:
        return None if self.achieved is None else percent(self.achieved, self.question.max)


@dataclass(frozen=True)
class AreaScore:
    """The scores of one area. Its total exists only when every question is scored."""

    area: Area
    questions: tuple[QuestionScore, ...]

    @property
    def achieved(self) -> Decimal | None:
        """Return the sum of the question scores, or None while any question is unscored."""
        if not self.complete:
            return None
        return sum((q.achieved for q in self.questions), Decimal(0))

    @property
    def max(self) -> Decimal:
        return self.area.max

    @property
    def shown_questions(self) -> tuple[Decimal | None, ...]:
        """Return the question scores as shown: summing to the shown total when the area is complete."""
        if not self.complete:
            return tuple(None if q.achieved is None else rounded_points(q.achieved) for q in self.questions)
        return shown_parts(tuple(q.achieved for q in self.questions))

    @property
    def percent(self) -> Decimal | None:
        return None if self.achieved is None else percent(self.achieved, self.max)

    @property
    def scored(self) -> int:
        """Return how many questions have a score."""
        return sum(q.achieved is not None for q in self.questions)

    @property
    def unscored(self) -> tuple[str, ...]:
        """Return the ids of the questions without a score."""
        return tuple(q.question.id for q in self.questions if q.achieved is None)

    @property
    def complete(self) -> bool:
        return all(q.achieved is not None for q in self.questions)


@dataclass(frozen=True)
class Scorecard:
    """The scores of one evaluation: per question, per area and in total."""

    areas: tuple[AreaScore, ...]

    @property
    def total(self) -> Decimal | None:
        """Return the grand total, or None while any area is incomplete."""
        if not self.complete:
            return None
        return sum((a.achieved for a in self.areas), Decimal(0))

    @property
    def complete(self) -> bool:
        return all(a.complete for a in self.areas)

    @property
    def scored(self) -> int:
        return sum(a.scored for a in self.areas)

    @property
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
