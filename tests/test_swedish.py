"""Swedish typography and wording."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from authoring.compose.front import when
from authoring.swedish import genitive, municipality_name, number, ordinal, year_list


def test_municipality_names_and_genitives():
    assert [municipality_name(n) for n in ("Östersund", "Kalix", "Norsjö", "Forshaga", "Vännäs")] == [
        "Östersunds kommun", "Kalix kommun", "Norsjö kommun", "Forshaga kommun", "Vännäs kommun"]
    assert [genitive(n) for n in ("Östersund", "Kalix", "Norsjö")] == ["Östersunds", "Kalix", "Norsjös"]


def test_dates_and_ordinals():
    assert when("2012-11") == "i november 2012"
    assert when((dt.date(2015, 2, 18), dt.date(2015, 2, 19))) == "18–19 februari 2015"
    assert when((dt.date(2015, 1, 30), dt.date(2015, 2, 2))) == "30 januari–2 februari 2015"
    assert [ordinal(n) for n in (1, 2, 4, 11)] == ["första", "andra", "fjärde", "11:e"]
    assert year_list([2003, 2007, 2010]) == "2003, 2007 och 2010"


def test_numbers_use_decimal_comma_and_no_break_thousands():
    assert number(Decimal("16591")) == "16\u00a0591"
    assert number(Decimal("48.5")) == "48,5"
