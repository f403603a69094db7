"""Swedish typography: decimal comma, no-break spaces, dates and ordinal words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .rounding import rounded_percent, rounded_points

NBSP = "\u00a0"
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
ORDINALS = ("första", "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde",
            "nionde", "tionde")


def number(value: Decimal | int | float, decimals: int | None = None) -> str:
    """Return ``value`` with a decimal comma and no-break spaces between thousands; an exact value
    without the zeros its sum left (a max of 100 summed from 12,5 + ... is 100, not 100,0)."""
    if decimals is None and isinstance(value, Decimal) and value.is_finite():
        value = value.to_integral_value() if value == value.to_integral_value() else value.normalize()
    text = f"{value:,.{decimals}f}" if decimals is not None else f"{value:,}"
    return text.replace(",", NBSP).replace(".", ",")


def points(value: Decimal) -> str:
    """Return points rounded by the display policy: ``48,5``, ``41`` (",0" dropped)."""
    shown = rounded_points(value)
    return number(shown.to_integral_value()) if shown == shown.to_integral_value() else number(shown)


def percent(value: Decimal) -> str:
    """Return a percentage rounded by the display policy, as ``35 %`` with a no-break space."""
    return f"{number(rounded_percent(value).to_integral_value())}{NBSP}%"


def month_year(year: int, month: int) -> str:
    """Return e.g. ``november 2012``."""
    return f"{MONTHS[month - 1]} {year}"


def day_range(first: dt.date, last: dt.date) -> str:
    """Return e.g. ``18–19 februari 2015`` or ``30 januari–2 februari 2015``."""
    if first == last:
        return f"{first.day} {MONTHS[first.month - 1]} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]}–{last.day} {MONTHS[last.month - 1]} {last.year}"
    return f"{day_range(first, first)}–{day_range(last, last)}"


def ordinal(n: int) -> str:
    """Return the Swedish ordinal word for ``n`` (``andra``), or ``n:e`` beyond ten."""
    return ORDINALS[n - 1] if 1 <= n <= len(ORDINALS) else f"{n}:e"


def year_list(years: list[int]) -> str:
    """Return ``2003``, ``2003 och 2007`` or ``2003, 2007 och 2010``."""
    return word_list([str(y) for y in years])


def word_list(words: list[str]) -> str:
    """Return ``a``, ``a och b`` or ``a, b och c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


def municipality_name(name: str) -> str:
    """Return the usual name of the municipality: ``Östersunds kommun``, ``Kalix kommun``, ``Norsjö kommun``."""
    last = name[-1:].lower()
    consonant = last.isalpha() and last not in "aeiouyåäöéüsxz"
    return f"{name}{'s' if consonant else ''} kommun"


def genitive(name: str) -> str:
    """Return the genitive of a name: ``Östersunds``, but ``Kalix`` and ``Vännäs`` unchanged."""
    return name if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


def count(n: int, singular: str, plural: str) -> str:
    """Return ``n`` with the noun phrase that agrees with it: ``1 varning``, ``2 varningar``."""
    return f"{n} {singular if n == 1 else plural}"
