"""A framework kept in a criteria workbook: exported, imported, checked (kompass framework)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from authoring.builder.criteria import read_criteria
from authoring.builder.criteria_export import criteria_workbook
from authoring.cli import main
from authoring.errors import InputError
from authoring.source.framework import FRAMEWORK_DIR, load_framework, load_framework_file

from .conftest import ROOT, line_of, replace_in

TEST_2020 = ROOT / "tests" / "data" / "frameworks" / "2020.yaml"  # invented questions: test data only
ENGLISH = re.compile(r"\b(Error|Traceback|Usage|Warning|Aborted|Exception)\b")


def kompass(*args: str, answer: str | None = None):
    return CliRunner().invoke(main, ["framework", *map(str, args)], input=answer)


def exported(framework_file: Path, dest: Path) -> Path:
    dest.write_bytes(criteria_workbook(load_framework_file(framework_file)))
    return dest


@pytest.mark.parametrize("version", ["2010", "2007"])
def test_a_framework_exported_and_imported_again_is_the_same_framework_and_the_same_yaml(tmp_path, version):
    sheet, folder = tmp_path / "kriterier.xlsx", tmp_path / "kampanj"
    folder.mkdir()
    (folder / "kampanj.yaml").write_text("name: Test\n", encoding="utf-8")

    exported_run = kompass("export", version, sheet)
    imported_run = kompass("import", sheet, folder)

    assert exported_run.exit_code == 0, exported_run.output
    assert imported_run.exit_code == 0, imported_run.output
    written = folder / f"{version}.yaml"
    assert load_framework_file(written) == load_framework(version)
    assert yaml.safe_load(written.read_text(encoding="utf-8")) == \
        yaml.safe_load((FRAMEWORK_DIR / f"{version}.yaml").read_text(encoding="utf-8"))
    assert "\n  what_is: |\n" in written.read_text(encoding="utf-8")  # a human reads it: texts as blocks
    assert sorted(p.name for p in folder.iterdir()) == [f"{version}.yaml", "kampanj.yaml"]


def test_the_2020_test_framework_with_perspectives_survives_the_workbook(tmp_path):
    sheet = exported(TEST_2020, tmp_path / "kriterier.xlsx")

    framework = read_criteria(sheet)

    assert framework == load_framework_file(TEST_2020)
    assert [(p.name, p.areas) for p in framework.perspectives][3] == ("Arbetsgivarpolitik", (7, 8))


def test_a_workbook_is_read_as_excel_writes_it(tmp_path):
    sheet = exported(TEST_2020, tmp_path / "kriterier.xlsx")
    book = openpyxl.load_workbook(sheet)
    questions = book["Frågor"]
    for row in range(2, questions.max_row + 1):
        value = questions.cell(row, 4).value
        questions.cell(row, 4).value = f" {str(value).replace('.', ',')} " if row % 2 else float(value)
        questions.cell(row, 3).value = questions.cell(row, 3).value + "   "
    questions.insert_rows(5, 2)  # empty rows in the middle
    book["Områden"].cell(2, 1).value = "1 "
    book["Ramverk"].cell(2, 2).value = 2020  # the version as a number
    book.save(sheet)

    framework = read_criteria(sheet)

    assert framework == load_framework_file(TEST_2020)
    assert framework.questions["5.5"].max == 12.5


def planted(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Return a workbook of the 2020 test framework with six errors planted, and the cell of each."""
    sheet = exported(TEST_2020, tmp_path / "kriterier.xlsx")
    book = openpyxl.load_workbook(sheet)
    questions = book["Frågor"]
    rows = {questions.cell(row, 2).value: row for row in range(2, questions.max_row + 1)}
    questions[f"D{rows['1.2']}"] = "tjugo"
    questions[f"C{rows['2.3']}"] = None
    questions[f"D{rows['3.1']}"] = 25  # area 3 now sums to 105
    questions[f"B{rows['7.3']}"] = "7.2"
    book["Områden"]["D6"] = "Service och kvallitet"  # area 5
    texts = book["Texter"]
    text_row = next(r for r in range(2, texts.max_row + 1) if texts.cell(r, 1).value == "Jämförelser")
    texts[f"B{text_row}"] = "Jämför {kommun} med {grannkommun}."
    book.save(sheet)
    return sheet, {"max": f"Frågor!D{rows['1.2']}", "text": f"Frågor!C{rows['2.3']}",
                   "sum": f"Frågor!D{rows['3.1']}:D{rows['3.6']}", "id": f"Frågor!B{rows['7.3']}",
                   "perspective": "Områden!D6", "placeholder": f"Texter!B{text_row}"}


def test_a_workbook_with_planted_errors_gives_every_one_at_its_cell_and_writes_nothing(tmp_path):
    sheet, cells = planted(tmp_path)
    folder = tmp_path / "kampanj"
    folder.mkdir()

    result = kompass("import", sheet, folder)

    assert result.exit_code == 1
    lines = result.output.splitlines()
    expected = {"max": 'maxpoängen "tjugo" är inget tal: skriv ett tal, t.ex. 12,5',
                "text": "frågetexten saknas", "sum": "område 3: maxpoängen summerar till 105, inte 100",
                "id": "fråga 7.2 finns två gånger", "perspective": "okänt perspektiv 'Service och kvallitet'",
                "placeholder": "okänd platshållare {grannkommun}"}
    for name, message in expected.items():
        assert any(line.startswith(f"{sheet}: {cells[name]}: ") and message in line for line in lines), (name, lines)
    assert list(folder.iterdir()) == []
    assert not ENGLISH.search(result.output)


@pytest.mark.parametrize("limit", ["MAX_CELLS", "MAX_XLSX_UNPACKED"])
def test_a_workbook_beyond_the_limits_is_refused_in_the_words_of_a_criteria_workbook(tmp_path, monkeypatch, limit):
    sheet = exported(TEST_2020, tmp_path / "kriterier.xlsx")
    monkeypatch.setattr(f"authoring.builder.sheets.{limit}", 100)

    result = kompass("check", sheet)

    assert result.exit_code == 1, result.output
    assert "arbetsbok med kriterier" in result.output and "poängblad" not in result.output
    assert ENGLISH.search(result.output) is None


def test_check_lists_the_same_errors_and_exits_1(tmp_path):
    sheet, cells = planted(tmp_path)

    result = kompass("check", sheet)

    assert result.exit_code == 1
    assert all(cell in result.output for cell in cells.values())
    assert result.output.rstrip().endswith(f"{sheet}: ogiltigt ({len(result.output.splitlines()) - 1} fel)")


def test_a_framework_file_reports_every_broken_rule_with_its_line(tmp_path):
    broken = tmp_path / "2010.yaml"
    broken.write_text((FRAMEWORK_DIR / "2010.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    replace_in(broken, "    max: 15\n", "    max: 16\n")
    replace_in(broken, "- number: 4", "- number: 9")
    replace_in(broken, "{invanare_genitiv} åsikter", "{invånare} åsikter")

    with pytest.raises(InputError) as caught:
        load_framework_file(broken)

    found = {(p.line, p.message.split(":")[0]) for p in caught.value.problems}
    assert (line_of(broken, "- number: 1"), "område 1") in found
    assert (line_of(broken, "- number: 9"), "område nr 4 har numret 9") in found
    assert any("okänd platshållare {invånare}" in p.message and p.line == line_of(broken, "general:")
               for p in caught.value.problems)


def test_import_asks_before_it_replaces_a_framework_file(tmp_path):
    sheet = exported(TEST_2020, tmp_path / "kriterier.xlsx")
    (tmp_path / "2020.yaml").write_text("# mitt eget\n", encoding="utf-8")

    refused = kompass("import", sheet, tmp_path, answer="n\n")
    kept = (tmp_path / "2020.yaml").read_text(encoding="utf-8")
    replaced = kompass("import", sheet, tmp_path, "--yes")

    assert refused.exit_code == 0 and "Skriva över den? [j/N]" in refused.output and "inget skrevs" in refused.output
    assert kept == "# mitt eget\n"
    assert replaced.exit_code == 0, replaced.output
    assert load_framework_file(tmp_path / "2020.yaml") == load_framework_file(TEST_2020)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kompass-")]


def test_the_commands_exit_codes_and_swedish_messages(tmp_path):
    help_text = kompass("--help")
    missing = kompass("check", tmp_path / "saknas.yaml")
    unknown = kompass("export", "2099", tmp_path / "x.xlsx", "--folder", tmp_path)
    not_a_sheet = kompass("import", tmp_path / "x.csv", tmp_path)
    no_folder = kompass("import", exported(TEST_2020, tmp_path / "k.xlsx"), tmp_path / "ny-kampanj")
    a_file = kompass("import", tmp_path / "k.xlsx", tmp_path / "k.xlsx")
    fine = kompass("check", TEST_2020, FRAMEWORK_DIR / "2010.yaml")

    assert help_text.exit_code == 0 and "kontrollera" in help_text.output
    assert missing.exit_code == 2 and "finns inte" in missing.output
    assert unknown.exit_code == 2 and f"sökte efter 2099.yaml i {tmp_path.resolve()}" in unknown.output
    assert not (tmp_path / "x.xlsx").exists()
    assert not_a_sheet.exit_code == 2 and "ange en arbetsbok med kriterier (.xlsx)" in not_a_sheet.output
    assert no_folder.exit_code == 2 and f"{tmp_path / 'ny-kampanj'} finns inte:" in no_folder.output
    assert "skapa den först" in no_folder.output and not (tmp_path / "ny-kampanj").exists()
    assert a_file.exit_code == 2 and "är en fil" in a_file.output
    assert fine.exit_code == 0
    assert f"{TEST_2020}: ok (ramverket 2020: 8 områden i 4 perspektiv, 44 frågor)" in fine.output
    for result in (help_text, missing, unknown, not_a_sheet, no_folder, a_file, fine):
        assert not ENGLISH.search(result.output), result.output
