"""The display policy: how every score and percentage is rounded before it is shown.

Rounding for display happens only here, one policy applied everywhere. A total is rounded half
up; the question scores shown beside it are rounded by largest remainder so that they add up to
the total as shown (9,15 + 9,75 + ... shows 9,1 + 9,8 when the area total needs it).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

POINT_STEP = Decimal("0.1")    # points are shown to one decimal, ",0" dropped
PERCENT_STEP = Decimal("1")    # percentages are shown whole


def rounded_points(value: Decimal) -> Decimal:
    """Return ``value`` rounded half up to the display step of points."""
    return value.quantize(POINT_STEP, rounding=ROUND_HALF_UP)


def rounded_percent(value: Decimal) -> Decimal:
    """Return ``value`` rounded half up to whole percent."""
    return value.quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)


def shown_parts(parts: tuple[Decimal | Fraction, ...]) -> tuple[Decimal, ...]:
    """Return the non-negative ``parts`` rounded to the point step so that they sum to their rounded sum.

    Each part is rounded down, then the steps still missing go to the parts with the largest
    remainders (the earlier part first on a tie): no part is off by a step or more. The arithmetic
    is exact, so parts that are means (a third of a sum) still add up to the mean of the sums as
    ``rounded_points`` shows it.
    """
    step = Fraction(POINT_STEP)
    exact = [Fraction(p) / step for p in parts]  # in steps
    steps = [math.floor(p) for p in exact]
    missing = math.floor(sum(exact, Fraction(0)) + Fraction(1, 2)) - sum(steps)
    order = sorted(range(len(parts)), key=lambda i: (steps[i] - exact[i], i))
    for index in order[:missing]:
        steps[index] += 1
    return tuple(Decimal(n) * POINT_STEP for n in steps)
