"""The display policy: how every score and percentage is rounded before it is shown.

Rounding for display happens only here, one policy applied everywhere. A total is rounded half
up; the question scores shown beside it are rounded by largest remainder so that they add up to
the total as shown (9,15 + 9,75 + ... shows 9,1 + 9,8 when the area total needs it).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

PERCENT_STEP = Decimal("1")    # percentages are shown whole
ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
# Points are shown to one decimal (",0" dropped) and rounded half up, unless the report's house style
# says otherwise (``numbers`` in report.yaml): compose applies it with ``display_policy``.
_POINT_STEP: ContextVar[Decimal] = ContextVar("point_step", default=Decimal("0.1"))
_ROUNDING: ContextVar[str] = ContextVar("rounding", default=ROUND_HALF_UP)


@contextmanager
def display_policy(numbers: dict) -> Iterator[None]:
    """Show points to ``numbers["point_decimals"]`` decimals, rounded by ``numbers["rounding"]``, within."""
    step = _POINT_STEP.set(Decimal(1).scaleb(-int(numbers["point_decimals"])))
    rule = _ROUNDING.set(ROUNDING[numbers["rounding"]])
    try:
        yield
    finally:
        _ROUNDING.reset(rule)
        _POINT_STEP.reset(step)


def rounded_points(value: Decimal) -> Decimal:
    """Return ``value`` rounded to the display step of points."""
    return value.quantize(_POINT_STEP.get(), rounding=_ROUNDING.get())


def rounded_percent(value: Decimal) -> Decimal:
    """Return ``value`` rounded to whole percent."""
    return value.quantize(PERCENT_STEP, rounding=_ROUNDING.get())


def shown_parts(parts: tuple[Decimal | Fraction, ...]) -> tuple[Decimal, ...]:
    """Return the non-negative ``parts`` rounded to the point step so that they sum to their rounded sum.

    Each part is rounded down, then the steps still missing go to the parts with the largest
    remainders (the earlier part first on a tie): no part is off by a step or more. The arithmetic
    is exact, so parts that are means (a third of a sum) still add up to the mean of the sums as
    ``rounded_points`` shows it.
    """
    point_step = _POINT_STEP.get()
    step = Fraction(point_step)
    exact = [Fraction(p) / step for p in parts]  # in steps
    steps = [math.floor(p) for p in exact]
    total = sum(exact, Fraction(0))
    # The sum rounded as rounded_points rounds it (Python's round() of a Fraction is half even).
    shown_total = round(total) if _ROUNDING.get() == ROUND_HALF_EVEN else math.floor(total + Fraction(1, 2))
    missing = shown_total - sum(steps)
    order = sorted(range(len(parts)), key=lambda i: (steps[i] - exact[i], i))
    for index in order[:missing]:
        steps[index] += 1
    return tuple(Decimal(n) * point_step for n in steps)
