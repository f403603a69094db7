"""`kompass import-scores` reads what Swedish Excel makes (issue 21, point 5).

A "CSV (semikolonavgränsad)" file is Windows-1252 with semicolons and decimal commas; a sheet has
a title above its header; a workbook has other sheets; the Kommun column says "Kalix kommun". An
empty cell is "tom cell", a wrong year is the År column's fault, and an existing score is replaced
only after its old and new values are shown and the evaluator answers j.
"""

from __future__ import annotations

import shutil

import openpyxl
import yaml
from click.testing import CliRunner

from authoring.cli.commands import main

from .conftest import ROOT
from .test_import import draft

SWEDISH_CSV = ("Poängblad för Kalix kommun 2012;;;\r\n"
               "Kommun;År;Fråga;Poäng\r\n"
               "Kalix kommun;2012;1.3;4,5\r\n"
               "Kalix kommun;2012;2.1;2,5\r\n")


def _kalix(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs" / "kalix-2012", inputs / "kalix-2012")
    return inputs


def _import(sheet, inputs, *args, answer: str | None = None):
    return CliRunner().invoke(main, ["import-scores", str(sheet), "--inputs", str(inputs), *args], input=answer)


def _scores(inputs, folder="kalix-2012") -> dict:
    return yaml.safe_load((inputs / folder / "scores.yaml").read_text(encoding="utf-8"))


def test_a_windows_1252_semicolon_csv_with_a_title_row_and_decimal_commas_is_imported(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))
    sheet = tmp_path / "poäng.csv"
    sheet.write_bytes(SWEDISH_CSV.replace("2.1;2,5", "2.1;12,25").encode("cp1252"))
    assert b"Po\xe4ng" in sheet.read_bytes()  # ä as Windows-1252 writes it: not UTF-8

    result = _import(sheet, inputs)

    assert result.exit_code == 0, result.output
    assert "codec" not in result.output and "UTF-8" not in result.output
    assert _scores(inputs)["1.3"] == 4.5
    assert _scores(inputs)["2.1"] == 12.25
    assert f"{inputs / 'kalix-2012' / 'scores.yaml'}: 2 poäng inlästa" in result.output


def test_a_utf8_csv_with_a_bom_is_still_read_as_utf8(tmp_path):
    inputs = draft(tmp_path, ("Östersund", 2015))
    sheet = tmp_path / "poäng.csv"
    sheet.write_bytes("kommun;år;fråga;poäng\nÖstersund;2015;1.1;5\n".encode("utf-8-sig"))

    result = _import(sheet, inputs)

    assert result.exit_code == 0, result.output
    assert _scores(inputs, "ostersund-2015")["1.1"] == 5


def test_a_csv_that_is_neither_utf8_nor_windows_1252_is_refused_with_what_to_save_it_as(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))
    sheet = tmp_path / "poäng.csv"
    sheet.write_bytes("kommun;år;fråga;poäng\nKalix;2012;1.1;5\n".encode("cp1252") + b"\x81\xff\n")

    result = _import(sheet, inputs)

    assert result.exit_code == 1
    assert f"{sheet}:3: är varken UTF-8- eller Windows-1252-text (byte 40)" in result.output
    assert "CSV (semikolonavgränsad)" in result.output and "Traceback" not in result.output


def test_the_sheet_with_the_columns_is_read_and_the_others_are_left_alone(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))
    sheet = tmp_path / "poäng.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Instruktioner"
    book.active.append(["Fyll i poängen på bladet Poäng."])
    scores = book.create_sheet("Poäng")
    scores.append(["Kalix 2012, utvärderarnas poäng"])
    scores.append([])
    scores.append(["Kommun", "År", "Fråga", "Frågan", "Poäng"])
    scores.append(["Kalix", 2012, "1.1", "Finns en plan?", 7.5])
    book.create_sheet("Anteckningar").append(["Kommun", "Kommentar"])
    book.save(sheet)

    result = _import(sheet, inputs)

    assert result.exit_code == 0, result.output
    assert _scores(inputs)["1.1"] == 7.5


def test_sheet_names_the_one_sheet_to_read(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))
    sheet = tmp_path / "poäng.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Gammal"
    book.active.append(["kommun", "år", "fråga", "poäng"])
    book.active.append(["Kalix", 2012, "1.1", 2])
    new = book.create_sheet("Ny")
    new.append(["kommun", "år", "fråga", "poäng"])
    new.append(["Kalix", 2012, "1.1", 9])
    book.save(sheet)

    chosen = _import(sheet, inputs, "--sheet", "ny")
    missing = _import(sheet, inputs, "--sheet", "Blad3")

    assert chosen.exit_code == 0, chosen.output
    assert _scores(inputs)["1.1"] == 9
    assert missing.exit_code == 2
    assert f"{sheet}: har inget blad som heter 'Blad3' (bladen: 'Gammal', 'Ny')" in missing.output


def test_the_official_name_in_the_kommun_column_finds_the_evaluation(tmp_path):
    inputs = draft(tmp_path, ("Bjurholm", 2026), ("Falun", 2026))
    sheet = tmp_path / "poäng.csv"
    sheet.write_text("kommun;år;fråga;poäng\nBjurholms kommun;2026;1.1;5\nFalu kommun;2026;1.2;6\n"
                     "BJURHOLM;2026;1.3;7\n", encoding="utf-8")

    result = _import(sheet, inputs)

    assert result.exit_code == 0, result.output
    assert (_scores(inputs, "bjurholm-2026")["1.1"], _scores(inputs, "bjurholm-2026")["1.3"]) == (5, 7)
    assert _scores(inputs, "falun-2026")["1.2"] == 6


def test_an_empty_cell_is_a_tom_cell_never_nan(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))
    sheet = tmp_path / "poäng.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Poäng"
    for row in (["Kommun", "År", "Fråga", "Poäng"], [None, 2012, "1.1", 5], ["Kalix", None, "1.2", 5],
                ["Kalix", 2012, None, 5], ["Kalix", 2012, "1.4", 3]):
        book.active.append(row)
    book.save(sheet)

    result = _import(sheet, inputs)

    assert result.exit_code == 1
    assert "nan" not in result.output.lower().replace("kommunens namn", "")
    lines = result.output.splitlines()
    assert f"{sheet}: bladet 'Poäng' rad 2, kolumn A (Kommun): tom cell: fyll i kommunens namn" in lines
    assert f"{sheet}: bladet 'Poäng' rad 3, kolumn B (År): tom cell: fyll i året, t.ex. 2012" in lines
    assert f"{sheet}: bladet 'Poäng' rad 4, kolumn C (Fråga): tom cell: fyll i frågans nummer, t.ex. 1.1" in lines
    assert _scores(inputs)["1.4"] is None


def test_an_empty_score_cell_leaves_its_question_unscored_and_is_counted(tmp_path):
    inputs = _kalix(tmp_path)
    sheet = tmp_path / "poäng.csv"
    sheet.write_text("kommun;år;fråga;poäng\nKalix;2012;1.1;\nKalix;2012;1.2;11\n", encoding="utf-8")

    result = _import(sheet, inputs)

    assert result.exit_code == 0, result.output
    assert _scores(inputs)["1.1"] == 5.25  # as it was
    assert f"{sheet}: 1 fråga med tom cell i kolumnen poäng lämnades obedömda" in result.output


def test_a_year_without_an_evaluation_is_blamed_on_the_year_column(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))
    sheet = tmp_path / "poäng.csv"
    sheet.write_text("kommun;år;fråga;poäng\nKalix;2013;1.1;5\nKalmar;2012;1.1;5\n", encoding="utf-8")

    result = _import(sheet, inputs)

    assert result.exit_code == 1
    assert (f"{sheet}:2: kolumn B (år): det finns ingen utvärdering av Kalix 2013, bara 2012: rätta året"
            in result.output)
    assert f"{sheet}:3: kolumn A (kommun): det finns ingen utvärdering" in result.output


def test_existing_scores_are_shown_old_to_new_and_replaced_only_after_j(tmp_path):
    inputs = _kalix(tmp_path)
    sheet = tmp_path / "poäng.csv"
    sheet.write_bytes(SWEDISH_CSV.encode("cp1252"))
    before = (inputs / "kalix-2012" / "scores.yaml").read_bytes()

    refused = _import(sheet, inputs, answer="n\n")
    closed = _import(sheet, inputs, answer="")
    assert (inputs / "kalix-2012" / "scores.yaml").read_bytes() == before
    accepted = _import(sheet, inputs, answer="j\n")

    for result in (refused, closed, accepted):
        assert "2 befintliga poäng ändras:" in result.output
        assert "  kalix-2012 fråga 1.3: 5 → 4,5" in result.output
        assert "  kalix-2012 fråga 2.1: 3 → 2,5" in result.output
        assert "Skriva över de befintliga poängen? [j/N]" in result.output
    assert refused.exit_code == 0 and "inget skrevs" in refused.output
    assert closed.exit_code == 1 and "Avbrutet!" in closed.output
    assert accepted.exit_code == 0, accepted.output
    assert _scores(inputs)["1.3"] == 4.5
    assert "# " in (inputs / "kalix-2012" / "scores.yaml").read_text(encoding="utf-8")  # comments survive


def test_yes_replaces_existing_scores_without_asking_and_an_unchanged_score_is_not_listed(tmp_path):
    inputs = _kalix(tmp_path)
    sheet = tmp_path / "poäng.csv"
    sheet.write_text("kommun;år;fråga;poäng\nKalix;2012;1.2;11\nKalix;2012;1.3;6\n", encoding="utf-8")

    result = _import(sheet, inputs, "--yes")

    assert result.exit_code == 0, result.output
    assert "1 befintlig poäng ändras:\n  kalix-2012 fråga 1.3: 5 → 6\n" in result.output
    assert "[j/N]" not in result.output and "1.2" not in result.output
    assert _scores(inputs)["1.3"] == 6


def test_a_sheet_that_lacks_one_column_is_reported_even_beside_a_good_one(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))
    sheet = tmp_path / "poäng.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Område 1"
    book.active.append(["kommun", "år", "fråga", "poäng"])
    book.active.append(["Kalix", 2012, "1.1", 2])
    typo = book.create_sheet("Område 2")
    typo.append(["kommun", "år", "fråg", "poäng"])
    typo.append(["Kalix", 2012, "2.1", 9])
    book.save(sheet)

    result = _import(sheet, inputs)
    csv_sheet = _import(tmp_path / "x.csv", inputs, "--sheet", "Blad1")

    assert result.exit_code == 1
    assert f"{sheet}:1: bladet 'Område 2' saknar kolumnen fråga" in result.output
    assert _scores(inputs)["1.1"] is None
    assert csv_sheet.exit_code == 2 and "--sheet gäller bara en arbetsbok (.xlsx)" in csv_sheet.output


def test_a_title_without_separators_above_a_comma_separated_header_does_not_hide_the_separator(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))
    sheet = tmp_path / "poäng.csv"
    sheet.write_text("Poäng för Kalix kommun\nkommun,år,fråga,poäng\nKalix,2012,1.1,5\n", encoding="utf-8")

    result = _import(sheet, inputs)

    assert result.exit_code == 0, result.output
    assert _scores(inputs)["1.1"] == 5
