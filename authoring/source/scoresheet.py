"""The score sheet ``kompass new`` writes beside scores.yaml: ``poäng.xlsx``, to fill in Excel and read
back with ``kompass import-scores``.

One row per question under a title: Kommun, År, Fråga (the columns the import reads), the question's
text and max, and an empty Poäng cell that accepts only a number from 0 to the max (decimals
allowed; Excel and LibreOffice show them with the evaluator's decimal comma). Beside them, each
area's max and sum as formulas, and the total. Its words are Swedish (the evaluator reads them).
The workbook is reproducible: dated like the reports (``SOURCE_DATE_EPOCH``, else 1 January of the
evaluation's year) in its properties and every zip entry.
"""

from __future__ import annotations

import io
from decimal import Decimal

from .framework import Area, Framework
from ..reproducible import dated_workbook, document_date

SHEET_FILE = "poäng.xlsx"
SHEET_NAME = "Poäng"
HEADER_ROW = 4
HEADER = ("Kommun", "År", "Fråga", "Frågan", "Max", "Poäng")
SUMS = ("Område", "Max", "Poäng", "Bedömda")
SUMS_COLUMN = 8  # H: the areas' sums, one empty column after the questions
SCORE = "F"
POINTS_FORMAT = "0.0#"  # 7,5 and 5,25 as typed; 7 as 7,0
WIDTHS = {"A": 16, "B": 7, "C": 7, "D": 70, "E": 6, "F": 8, "G": 3, "H": 42, "I": 6, "J": 8, "K": 12}


def score_sheet(municipality: str, official_name: str, year: int, framework: Framework, folder: str,
                scores: dict[str, Decimal | None] | None = None) -> bytes:
    """Return ``poäng.xlsx`` for ``municipality``'s evaluation of ``year`` in the folder named ``folder``,
    with the ``scores`` given so far in their Poäng cells (the studio's download; ``new`` has none).

    Where the folder is does not change a byte: the studio and ``kompass new`` write the same sheet."""
    from openpyxl import Workbook  # late: only new needs it
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet["A1"] = f"Poäng för {official_name} {year} (Kommunkompassen, ramverk {framework.version})"
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = ("Fyll i kolumnen Poäng: ett tal från 0 till frågans max, decimaler med komma (t.ex. 7,5). "
                   "En tom cell lämnar frågan obedömd. Läs sedan in bladet med kompass import-scores och filens sökväg, "
                   f"t.ex. kompass import-scores inputs/{folder}/{SHEET_FILE}")
    for column, name in enumerate((*HEADER, None, *SUMS), 1):
        if name is not None:
            sheet.cell(HEADER_ROW, column, name).font = Font(bold=True)
    row = HEADER_ROW + 1
    spans = []
    for area in framework.areas:
        first = row
        for question in area.questions:
            _question_row(sheet, row, municipality, year, question)
            if scores and scores.get(question.id) is not None:
                sheet[f"{SCORE}{row}"] = _number(scores[question.id])
            row += 1
        spans.append((area, first, row - 1))
    _validation(sheet, framework)
    _sums(sheet, spans)
    for letter, width in WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    for cells in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=4, max_col=4):
        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    moment = document_date(None, year)
    book.properties.creator = "Kompass"
    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.created = book.properties.modified = moment  # saving set modified to the clock
    return dated_workbook(buffer.getvalue(), book.properties, moment)


def _question_row(sheet, row: int, municipality: str, year: int, question) -> None:
    for column, value in enumerate((municipality, year, question.id, question.text, _number(question.max)), 1):
        cell = sheet.cell(row, column, value)
        if isinstance(value, str):
            cell.data_type = "s"  # a name or text that starts with "=" stays text
    sheet[f"{SCORE}{row}"].number_format = POINTS_FORMAT


def _validation(sheet, framework: Framework) -> None:
    """Let each Poäng cell take only a number from 0 to its question's max (one rule per max)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    rows: dict[Decimal, list[str]] = {}
    row = HEADER_ROW + 1
    for question in (q for area in framework.areas for q in area.questions):
        rows.setdefault(question.max, []).append(f"{SCORE}{row}")
        row += 1
    for maximum, cells in rows.items():
        shown = str(_number(maximum)).replace(".", ",")
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(_number(maximum)),
                              allow_blank=True, showErrorMessage=True, showInputMessage=True,
                              errorTitle="Poängen går inte att använda",
                              error=f"Skriv ett tal från 0 till {shown}, decimaler med komma (t.ex. 7,5), "
                                    "eller lämna cellen tom.",
                              promptTitle="Poäng", prompt=f"0 till {shown}")
        for cell in cells:
            rule.add(cell)
        sheet.add_data_validation(rule)


def _sums(sheet, spans: list[tuple[Area, int, int]]) -> None:
    """Write each area's max and sum (formulas over its questions' cells), and the total."""
    from openpyxl.styles import Font

    row = HEADER_ROW + 1
    for area, first, last in spans:
        scores = f"{SCORE}{first}:{SCORE}{last}"
        values = (f"{area.number} {area.title}", f"=SUM(E{first}:E{last})", f"=SUM({scores})",
                  f'=COUNT({scores})&" av {last - first + 1}"')
        for offset, value in enumerate(values):
            sheet.cell(row, SUMS_COLUMN + offset, value)
        sheet.cell(row, SUMS_COLUMN + 2).number_format = POINTS_FORMAT
        row += 1
    first, last = HEADER_ROW + 1, row - 1
    for offset, value in enumerate(("Totalt", f"=SUM(I{first}:I{last})", f"=SUM(J{first}:J{last})")):
        sheet.cell(row, SUMS_COLUMN + offset, value).font = Font(bold=True)
    sheet.cell(row, SUMS_COLUMN + 2).number_format = POINTS_FORMAT


def _number(value: Decimal) -> int | float:
    """Return a max as the sheet holds it: a whole number as int."""
    return int(value) if value == value.to_integral_value() else float(value)
