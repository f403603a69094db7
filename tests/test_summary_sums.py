"""The campaign summary adds up as shown (issue 21, point 8).

Read as the evaluator reads it, in Excel: every number is what its cell displays (one decimal),
a row's question cells add up to its area total, and an average is the same number on the main
sheet and on its area's sheet.
"""

from __future__ import annotations

import shutil
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from authoring.builder.build import write_atomically
from authoring.builder.campaign import Campaign
from authoring.builder.workbook import write_summary
from authoring.source.evaluation import read_evaluation

from .conftest import ROOT

EXAMPLES = ("kalix-2012", "norsjo-2015", "ostersund-2015")


def _workbook(tmp_path, scores: dict[str, tuple[str, str]] | None = None):
    """Write the example campaign's summary (with ``scores``: folder -> (old line, new line)) and open it."""
    evaluations = []
    for name in EXAMPLES:
        folder = tmp_path / "inputs" / name
        shutil.copytree(ROOT / "inputs" / name, folder)
        if scores and name in scores:
            path = folder / "scores.yaml"
            old, new = scores[name]
            assert old in path.read_text(encoding="utf-8")
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        evaluation, problems = read_evaluation(folder)
        assert evaluation is not None and not problems.errors, [str(p) for p in problems]
        evaluations.append(evaluation)
    xlsx, _ = write_summary(Campaign(tuple(evaluations)), tmp_path / "out", write_atomically)
    return openpyxl.load_workbook(xlsx)


def displayed(cell) -> Decimal:
    """Return the number ``cell`` shows: its value under its number format (one decimal, half up as Excel)."""
    assert cell.number_format == "0.0", cell.coordinate
    return Decimal(repr(cell.value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _rows(sheet) -> dict[str, dict[str, object]]:
    header = [cell.value for cell in sheet[1]]
    return {row[0].value: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)}


def _area_sheets(workbook):
    return [(int(name.split()[1]), workbook[name]) for name in workbook.sheetnames if name.startswith("Område")]


CASES = {"example": None,
         # Östersund's 1.4 made 21.35: area 1's three totals then average exactly 51.25, its questions
         # average thirds (8.666..., 16.316..., 6.366...)
         "average on a half step": {"ostersund-2015": ('"1.4": 22', '"1.4": 21.35')}}


@pytest.mark.parametrize("scores", CASES.values(), ids=CASES.keys())
def test_the_question_cells_of_every_row_add_up_to_its_area_total_as_displayed(tmp_path, scores):
    workbook = _workbook(tmp_path, scores)

    for number, sheet in _area_sheets(workbook):
        for name, row in _rows(sheet).items():
            questions = [cell for key, cell in row.items() if key and key.startswith(f"{number}.")]
            if name == "Max":
                continue
            assert sum(displayed(c) for c in questions) == displayed(row["Totalt"]), (sheet.title, name)
            assert all(Decimal(repr(c.value)) == displayed(c) for c in [*questions, row["Totalt"]]), (
                sheet.title, name)  # what a cell holds is what it shows: no 51,25 behind a 51,3


@pytest.mark.parametrize("scores", CASES.values(), ids=CASES.keys())
def test_an_area_average_is_the_same_on_the_main_sheet_and_on_the_area_sheet(tmp_path, scores):
    workbook = _workbook(tmp_path, scores)

    main = _rows(workbook["Sammanställning"])
    average = main["Medelvärde (3 kommuner)"]
    for number, sheet in _area_sheets(workbook):
        assert displayed(_rows(sheet)["Medelvärde"]["Totalt"]) == displayed(average[f"Område {number}"]), number
        assert _rows(sheet)["Medelvärde"]["Totalt"].value == average[f"Område {number}"].value
        for name in ("Kalix", "Norsjö", "Östersund"):
            assert _rows(sheet)[name]["Totalt"].value == main[name][f"Område {number}"].value


def test_the_kalix_area_2_questions_are_those_of_its_report(tmp_path):
    workbook = _workbook(tmp_path)

    kalix = _rows(workbook["Område 2"])["Kalix"]

    assert [displayed(kalix[f"2.{n}"]) for n in range(1, 7)] == [
        Decimal(v) for v in ("3.0", "5.8", "7.5", "7.8", "9.1", "7.5")]
    assert displayed(kalix["Totalt"]) == Decimal("40.7")


def test_an_average_on_a_half_step_is_rounded_up_on_every_sheet(tmp_path):
    workbook = _workbook(tmp_path, CASES["average on a half step"])

    assert _rows(workbook["Sammanställning"])["Medelvärde (3 kommuner)"]["Område 1"].value == 51.3
    assert [c.value for c in list(_rows(workbook["Område 1"])["Medelvärde"].values())[2:]] == [
        8.5, 11.4, 8.7, 16.3, 6.4, 51.3]
