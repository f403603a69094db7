"""A framework written as a criteria workbook (``kompass framework export``): the coordinator's starting sheet.

The layout is ``criteria_layout``'s; reading the workbook back (``criteria.read_criteria``) gives the
same framework. Text stays text (a text that starts with "=" is no formula; question numbers are
text, so 3.10 stays 3.10), long texts wrap, and the workbook is reproducible: dated 1 January of
the framework's version year, in its properties and every zip entry.
"""

from __future__ import annotations

import io
from decimal import Decimal

from ..reproducible import dated_workbook, document_date
from ..source.framework import Framework
from .criteria_layout import (AREAS, COLUMNS, FACTS, FRAMEWORK, GUIDE, GUIDE_LINES, PERSPECTIVES, QUESTIONS,
                              RUBRIKER, TEXT_NAMES, TEXTS)

WIDTHS = {"Uppgift": 26, "Värde": 40, "Text": 24, "Innehåll": 90, "Beskrivning": 40, "Perspektiv": 36,
          "Område": 8, "Rubrik": 40, "Tabellrubrik": 30, "Allmänt": 90, "Fråga": 7, "Frågetext": 70, "Max": 7,
          "Text i poängrutan": 40}
WRAPPED = {"Innehåll", "Allmänt", "Frågetext"}


def criteria_workbook(framework: Framework) -> bytes:
    """Return the criteria workbook (.xlsx) of ``framework``."""
    from openpyxl import Workbook  # late: only the framework's workbook commands need it

    book = Workbook()
    guide = book.active
    guide.title = GUIDE
    for row, line in enumerate(GUIDE_LINES, 1):
        _put(guide.cell(row, 1), line)
    guide.column_dimensions["A"].width = 110
    for name, rows in _sheets(framework).items():
        _sheet(book.create_sheet(name), name, rows)
    moment = document_date(None, int(framework.version))
    book.properties.creator = "Kompass"
    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.created = book.properties.modified = moment  # saving set modified to the clock
    return dated_workbook(buffer.getvalue(), book.properties, moment)


def _sheets(framework: Framework) -> dict[str, list[tuple]]:
    """Return each sheet's rows under its header, in ``COLUMNS`` order."""
    data = framework.model_dump()
    facts = []
    for fact, keys in FACTS.items():
        value = data
        for part in keys:
            value = value[part]
        facts.append((fact, value))
    texts = [(label, getattr(framework.texts, name).rstrip("\n"), about) for label, (name, about) in TEXT_NAMES.items()]
    perspectives = [(p.name,) for p in framework.perspectives]
    areas = [(a.number, a.title, a.table_title, _perspective(framework, a.number), a.general.rstrip("\n"))
             for a in framework.areas]
    rubriker = [(a.number, rubrik) for a in framework.areas if not _derived(a) for rubrik in a.rubriker]
    questions = [(a.number, q.id, q.text, _number(q.max), q.chapter_text) for a in framework.areas for q in a.questions]
    return {FRAMEWORK: facts, TEXTS: texts, PERSPECTIVES: perspectives, AREAS: areas, RUBRIKER: rubriker,
            QUESTIONS: questions}


def _sheet(sheet, name: str, rows: list[tuple]) -> None:
    from openpyxl.styles import Alignment, Font

    headers = [column for column, _ in COLUMNS[name]]
    for column, header in enumerate(headers, 1):
        _put(sheet.cell(1, column), header).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = WIDTHS[header]
    for row, values in enumerate(rows, 2):
        for column, value in enumerate(values, 1):
            cell = _put(sheet.cell(row, column), value)
            if headers[column - 1] in WRAPPED:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif headers[column - 1] == "Fråga":
                cell.number_format = "@"  # text: a number typed here stays as typed
    sheet.freeze_panes = "A2"


def _put(cell, value):
    """Set ``value`` into ``cell``: a text always as text (never a formula), a number as a number."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _perspective(framework: Framework, number: int) -> str | None:
    perspective = framework.perspective_of(number)
    return perspective.name if perspective else None


def _derived(area) -> bool:
    """Return True if the area's Rubriker are its questions (the framework file gives none, as 2007's)."""
    return area.rubriker == tuple(q.chapter_text or q.text for q in area.questions)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
