"""`kompass new` writes poäng.xlsx, a score sheet to fill in Excel, and import-scores reads it back
(issue 21, point 5)."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import openpyxl
import yaml
from click.testing import CliRunner

from authoring.cli.commands import main
from authoring.source.framework import load_framework


def _new(tmp_path, name="Bjurholm", year="2026"):
    result = CliRunner().invoke(main, ["new", name, year, "--inputs", str(tmp_path / "inputs")])
    assert result.exit_code == 0, result.output
    return tmp_path / "inputs" / f"{name.lower()}-{year}"


def _question_rows(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=5) if row[2].value]


def test_new_writes_a_sheet_with_every_question_its_text_and_max_and_an_empty_score_column(tmp_path):
    folder = _new(tmp_path)

    sheet = openpyxl.load_workbook(folder / "poäng.xlsx")["Poäng"]

    framework = load_framework("2010")
    questions = [q for area in framework.areas for q in area.questions]
    assert sheet["A1"].value == "Poäng för Bjurholms kommun 2026 (Kommunkompassen, ramverk 2010)"
    assert [c.value for c in sheet[4][:6]] == ["Kommun", "År", "Fråga", "Frågan", "Max", "Poäng"]
    rows = _question_rows(sheet)
    assert [(r[0].value, r[1].value, r[2].value, r[3].value, Decimal(r[4].value)) for r in rows] == [
        ("Bjurholm", 2026, q.id, q.text, q.max) for q in questions]
    assert all(r[5].value is None and r[5].number_format == "0.0#" for r in rows)  # 7,5 and 5,25 as typed
    assert all(r[2].data_type == "s" for r in rows)  # 1.10 stays 1.10, not the number 1.1


def test_every_score_cell_accepts_only_a_number_from_0_to_its_max(tmp_path):
    folder = _new(tmp_path)

    sheet = openpyxl.load_workbook(folder / "poäng.xlsx")["Poäng"]

    rules = {}
    for rule in sheet.data_validations.dataValidation:
        assert (rule.type, rule.operator, rule.formula1, rule.allow_blank, rule.showErrorMessage) == (
            "decimal", "between", "0", True, True)
        assert "decimaler med komma" in rule.error
        for cell_range in rule.sqref.ranges:
            for (row, column) in cell_range.cells:
                rules[(row, column)] = Decimal(rule.formula2)
    rows = _question_rows(sheet)
    assert {(r[5].row, 6): Decimal(r[4].value) for r in rows} == rules  # each Poäng cell, its own max, no other


def test_the_area_sums_are_formulas_over_the_areas_own_score_cells(tmp_path):
    folder = _new(tmp_path)

    sheet = openpyxl.load_workbook(folder / "poäng.xlsx")["Poäng"]

    rows = _question_rows(sheet)
    for number in range(1, 9):
        own = [r[5].row for r in rows if r[2].value.startswith(f"{number}.")]
        area = sheet.cell(4 + number, 8)
        assert area.value.startswith(f"{number} ")
        assert sheet.cell(area.row, 9).value == f"=SUM(E{own[0]}:E{own[-1]})"
        assert sheet.cell(area.row, 10).value == f"=SUM(F{own[0]}:F{own[-1]})"
        assert own == list(range(own[0], own[-1] + 1))
    assert [sheet.cell(13, c).value for c in (8, 9, 10)] == ["Totalt", "=SUM(I5:I12)", "=SUM(J5:J12)"]


def test_the_sheet_is_reproducible_and_dated_like_the_reports(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = tmp_path / "a", tmp_path / "b"
    for where in (first, second):
        where.mkdir()
        monkeypatch.chdir(where)
        assert CliRunner().invoke(main, ["new", "Bjurholm", "2026"]).exit_code == 0

    data = (first / "inputs" / "bjurholm-2026" / "poäng.xlsx").read_bytes()

    assert data == (second / "inputs" / "bjurholm-2026" / "poäng.xlsx").read_bytes()
    with zipfile.ZipFile(first / "inputs" / "bjurholm-2026" / "poäng.xlsx") as package:
        assert {info.date_time for info in package.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml")
        assert core.count(b"2026-01-01T00:00:00Z") == 2, core  # created and modified, never the clock
    assert "kompass import-scores inputs/bjurholm-2026/poäng.xlsx" in openpyxl.load_workbook(
        first / "inputs" / "bjurholm-2026" / "poäng.xlsx")["Poäng"]["A2"].value


def test_the_filled_in_sheet_is_read_back_by_import_scores(tmp_path):
    folder = _new(tmp_path)
    book = openpyxl.load_workbook(folder / "poäng.xlsx")
    sheet = book["Poäng"]
    rows = {r[2].value: r for r in _question_rows(sheet)}
    rows["1.1"][5].value = 7.5
    rows["1.2"][5].value = "12,25"  # typed as text where Excel did not take the comma as decimal
    rows["8.6"][5].value = 3
    book.save(folder / "poäng.xlsx")

    result = CliRunner().invoke(main, ["import-scores", str(folder / "poäng.xlsx"),
                                       "--inputs", str(tmp_path / "inputs")])

    assert result.exit_code == 0, result.output
    scores = yaml.safe_load((folder / "scores.yaml").read_text(encoding="utf-8"))
    assert (scores["1.1"], scores["1.2"], scores["8.6"], scores["1.3"]) == (7.5, 12.25, 3, None)
    assert f"{folder / 'scores.yaml'}: 3 poäng inlästa" in result.output
    assert f"{len(rows) - 3} frågor med tom cell i kolumnen poäng lämnades obedömda" in result.output
