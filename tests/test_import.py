"""`kompass import-scores` fills scores from a spreadsheet, validating every row first."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from authoring.cli.commands import main
from authoring.source.evaluation import read_evaluation


def draft(tmp_path, *names):
    for name, year in names:
        CliRunner().invoke(main, ["new", name, str(year), "--inputs", str(tmp_path / "inputs")])
    return tmp_path / "inputs"


def test_scores_from_an_xlsx_with_two_sheets_fill_two_evaluations(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2024), ("Östersund", 2024))
    sheet = tmp_path / "poäng.xlsx"
    with pd.ExcelWriter(sheet) as writer:
        pd.DataFrame({"Kommun": ["Kalix", "Kalix"], "År": [2024, 2024], "Fråga": ["1.1", "1.2"],
                      "Poäng": [5.25, 11]}).to_excel(writer, sheet_name="Norr", index=False)
        pd.DataFrame({"kommun": ["Östersund"], "år": [2024], "fråga": ["8.6"], "poäng": ["13,5"]}).to_excel(
            writer, sheet_name="Mitt", index=False)

    result = CliRunner().invoke(main, ["import-scores", str(sheet), "--inputs", str(inputs)])

    assert result.exit_code == 0, result.output
    kalix = (inputs / "kalix-2024" / "scores.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(kalix)["1.1"] == 5.25 and yaml.safe_load(kalix)["1.2"] == 11
    assert '"1.1": 5.25  # max 15: Finns en plan/strategi' in kalix  # comments survive
    evaluation, problems = read_evaluation(inputs / "ostersund-2024")
    assert evaluation.scores.area(8).questions[5].achieved == 13.5 and not problems.errors


def test_every_bad_row_is_named_by_sheet_row_and_column_and_nothing_is_written(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2024))
    before = (inputs / "kalix-2024" / "scores.yaml").read_text(encoding="utf-8")
    sheet = tmp_path / "poäng.xlsx"
    pd.DataFrame({"Kommun": ["Kalix", "Kalix", "Kalix", "Kalmar", "Kalix", "Kalix"],
                  "År": [2024, 2024, 2024, 2024, "tjugo", 2024],
                  "Fråga": ["1.1", "1.9", "2.1", "1.1", "1.1", "1.1"],
                  "Poäng": [5, 3, 16, 2, 1, "x"]}).to_excel(sheet, sheet_name="Poäng", index=False)

    result = CliRunner().invoke(main, ["import-scores", str(sheet), "--inputs", str(inputs)])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{sheet}: bladet 'Poäng' rad 3, kolumn C (Fråga): okänd fråga '1.9' i ramverket 2010: rätta den" in lines
    assert f"{sheet}: bladet 'Poäng' rad 4, kolumn D (Poäng): 16 ligger utanför 0 till maxpoängen 15" in lines
    assert any(l.startswith(f"{sheet}: bladet 'Poäng' rad 5, kolumn A (Kommun): det finns ingen utvärdering")
               for l in lines)
    assert f"{sheet}: bladet 'Poäng' rad 6, kolumn B (År): året måste vara ett tal (angivet: 'tjugo')" in lines
    assert f"{sheet}: bladet 'Poäng' rad 7, kolumn D (Poäng): poängen måste vara ett tal (angivet: 'x')" in lines
    assert (inputs / "kalix-2024" / "scores.yaml").read_text(encoding="utf-8") == before


def test_csv_rows_are_named_by_line_and_a_missing_column_is_explained(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2024))
    good = tmp_path / "ok.csv"
    good.write_text("kommun;år;fråga;poäng\nKalix;2024;1.1;5,25\nKalix;2024;1.1;6\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("kommun,år,poäng\nKalix,2024,3\n", encoding="utf-8")

    duplicate = CliRunner().invoke(main, ["import-scores", str(good), "--inputs", str(inputs)])
    missing = CliRunner().invoke(main, ["import-scores", str(bad), "--inputs", str(inputs)])

    assert f"{good}:3: kolumn C (fråga): fråga 1.1 för kalix-2024 finns också på rad 2: behåll en" in duplicate.output
    assert f"{bad}:1: saknar kolumnen fråga" in missing.output
    assert duplicate.exit_code == missing.exit_code == 1


# -- hostile sheets and scores files (issue 13) --------------------------------------------------

def _sheet(tmp_path, rows: dict):
    sheet = tmp_path / "poäng.csv"
    pd.DataFrame(rows).to_csv(sheet, index=False, sep=";")
    return sheet


def _import(sheet, inputs):
    return CliRunner().invoke(main, ["import-scores", str(sheet), "--inputs", str(inputs)])


def test_a_non_integer_year_is_refused_and_nothing_is_written(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))
    before = (inputs / "kalix-2012" / "scores.yaml").read_bytes()

    result = _import(_sheet(tmp_path, {"kommun": ["Kalix"], "år": ["2012.7"], "fråga": ["1.1"], "poäng": [3]}),
                     inputs)

    assert result.exit_code == 1
    assert "kolumn B (år): året måste vara ett heltal, t.ex. 2012, men är '2012.7': rätta cellen" in result.output
    assert (inputs / "kalix-2012" / "scores.yaml").read_bytes() == before


def test_a_sheet_with_only_a_header_row_is_refused(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))

    result = _import(_sheet(tmp_path, {"kommun": [], "år": [], "fråga": [], "poäng": []}), inputs)

    assert result.exit_code == 1
    assert "poäng.csv:2: har inga rader med poäng under rubrikraden" in result.output


@pytest.mark.parametrize("content", ['"1.1": &a 3\n"1.2": *a\n', '"1.1":\n  3\n', "- 1\n- 2\n"])
def test_a_scores_file_that_cannot_be_edited_safely_is_a_message_not_a_traceback(tmp_path, content):
    inputs = draft(tmp_path, ("Kalix", 2012))
    (inputs / "kalix-2012" / "scores.yaml").write_text(content, encoding="utf-8")

    result = _import(_sheet(tmp_path, {"kommun": ["Kalix"], "år": [2012], "fråga": ["1.1"], "poäng": [5]}), inputs)

    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "poängen kan inte sättas utan att filens innehåll ändras" in result.output
    assert (inputs / "kalix-2012" / "scores.yaml").read_text(encoding="utf-8") == content


def test_a_symlinked_private_scores_file_stays_a_symlink_and_private(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2012))
    folder = inputs / "kalix-2012"
    (folder / "scores.yaml").rename(folder / "poäng-original.yaml")
    (folder / "poäng-original.yaml").chmod(0o600)
    (folder / "scores.yaml").symlink_to("poäng-original.yaml")

    result = _import(_sheet(tmp_path, {"kommun": ["Kalix"], "år": [2012], "fråga": ["1.1"], "poäng": [5]}), inputs)

    assert result.exit_code == 0, result.output
    assert (folder / "scores.yaml").is_symlink()
    assert yaml.safe_load((folder / "poäng-original.yaml").read_text(encoding="utf-8"))["1.1"] == 5
    assert (folder / "poäng-original.yaml").stat().st_mode & 0o777 == 0o600
