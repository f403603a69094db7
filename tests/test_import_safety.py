"""`kompass import-scores` reads a sheet only within limits and writes every scores.yaml or none (issue 20).

Families: reading without limits (FIFO, /dev/zero, oversize), decompression limits (the XLSX zip
bomb: tests/test_resource_limits.py), and not all-or-nothing (an unwritable folder, a failed move, a kill between two moves).
"""

from __future__ import annotations

import os

import pytest
import yaml
from click.testing import CliRunner

from authoring.builder import importer
from authoring.cli.commands import main

from .bombs import XLSX_SHEET, write_zip, xlsx_members
from .capped import kompass_capped
from .test_import import draft

HEADER = "kommun;år;fråga;poäng\n"


def _import(sheet, inputs):
    return CliRunner().invoke(main, ["import-scores", str(sheet), "--inputs", str(inputs)])


def _scores(inputs, folder: str) -> dict:
    return yaml.safe_load((inputs / folder / "scores.yaml").read_text(encoding="utf-8"))


# -- reading without limits ----------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_fifo_given_as_the_sheet_is_refused_without_hanging(tmp_path, suffix):
    inputs = draft(tmp_path, ("Kalix", 2024))
    os.mkfifo(tmp_path / f"poäng.{suffix}")

    result = kompass_capped("import-scores", f"poäng.{suffix}", "--inputs", inputs, cwd=tmp_path, timeout=120)

    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (f"poäng.{suffix}: är en namngiven rörledning (FIFO), inte en vanlig fil: "
                                     "ersätt den med en vanlig fil")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_link_to_dev_zero_given_as_the_sheet_is_refused_without_reading_it(tmp_path, suffix):
    inputs = draft(tmp_path, ("Kalix", 2024))
    (tmp_path / f"poäng.{suffix}").symlink_to("/dev/zero")

    result = kompass_capped("import-scores", f"poäng.{suffix}", "--inputs", inputs, cwd=tmp_path, timeout=120)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert result.stderr.startswith(f"poäng.{suffix}: leder till /dev/zero, utanför mappen")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_sheet_over_the_size_limit_is_refused_before_it_is_read(tmp_path, suffix):
    inputs = draft(tmp_path, ("Kalix", 2024))
    sheet = tmp_path / f"poäng.{suffix}"
    with open(sheet, "wb") as handle:
        handle.write(HEADER.encode())
        handle.truncate(101_000_000)  # sparse: no disk used

    result = kompass_capped("import-scores", sheet.name, "--inputs", inputs, cwd=tmp_path, timeout=120)

    assert result.returncode == 1, result.stderr
    assert f"poäng.{suffix}: är för stor (101000000 byte, högst " in result.stderr


# -- decompression limits ------------------------------------------------------------------------

def test_an_xlsx_that_unpacks_beyond_what_a_scores_sheet_needs_is_refused(tmp_path, monkeypatch):
    inputs = draft(tmp_path, ("Kalix", 2024))
    sheet = tmp_path / "poäng.xlsx"
    write_zip(sheet, xlsx_members([["kommun", "år", "fråga", "poäng"], ["Kalix", 2024, "1.1", 5]]))
    monkeypatch.setattr("authoring.builder.sheets.MAX_XLSX_UNPACKED", 2_000)

    result = _import(sheet, inputs)

    assert result.exit_code == 1
    assert f"{sheet}: packas upp till " in result.output and "(högst 2000 för ett poängblad)" in result.output
    assert _scores(inputs, "kalix-2024")["1.1"] is None


def test_an_xlsx_part_with_a_dtd_is_refused_before_it_is_parsed(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2024))
    members = xlsx_members([["kommun", "år", "fråga", "poäng"], ["Kalix", 2024, "1.1", 5]])
    laughs = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    members[XLSX_SHEET] = laughs + members[XLSX_SHEET].split(b"?>", 1)[-1]
    sheet = tmp_path / "poäng.xlsx"
    write_zip(sheet, members)

    result = _import(sheet, inputs)

    assert result.exit_code == 1, result.output
    assert f"{sheet}: delen '{XLSX_SHEET}' innehåller en DTD (<!DOCTYPE>)" in result.output


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_sheet_with_more_cells_than_the_limit_is_refused(tmp_path, monkeypatch, suffix):
    inputs = draft(tmp_path, ("Kalix", 2024))
    rows = [["kommun", "år", "fråga", "poäng"]] + [["Kalix", 2024, "1.1", 5]] * 30
    sheet = tmp_path / f"poäng.{suffix}"
    if suffix == "csv":
        sheet.write_text("".join(";".join(map(str, row)) + "\n" for row in rows), encoding="utf-8")
    else:
        write_zip(sheet, xlsx_members(rows))
    monkeypatch.setattr("authoring.builder.sheets.MAX_CELLS", 100)

    result = _import(sheet, inputs)

    assert result.exit_code == 1
    assert f"{sheet}: " in result.output and "har fler än 100 celler: ett poängblad behöver fyra" in result.output


def test_a_cell_on_row_one_billion_is_refused_without_counting_the_empty_rows_to_it(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2024))
    members = xlsx_members([["kommun", "år", "fråga", "poäng"]])
    members[XLSX_SHEET] = members[XLSX_SHEET].replace(
        b"</sheetData>", b'<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row>'
                         b"</sheetData>")
    write_zip(tmp_path / "poäng.xlsx", members)

    result = kompass_capped("import-scores", "poäng.xlsx", "--inputs", inputs, cwd=tmp_path, timeout=120)

    assert result.returncode == 1, result.stderr
    assert "poäng.xlsx: bladet 'Sheet' har fler än 1048576 rader" in result.stderr


def test_rows_are_named_by_their_number_in_the_sheet_even_after_blank_rows(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2024))
    sheet = tmp_path / "poäng.csv"
    sheet.write_text(HEADER + "Kalix;2024;1.1;5\n\n\nKalix;2024;1.9;3\n", encoding="utf-8")

    result = _import(sheet, inputs)

    assert result.exit_code == 1
    assert f"{sheet}:5: kolumn C (fråga): okänd fråga '1.9' i ramverket 2010: rätta den" in result.output


# -- all or nothing ------------------------------------------------------------------------------

def _three(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2024), ("Norsjö", 2024), ("Östersund", 2024))
    sheet = tmp_path / "poäng.csv"
    sheet.write_text(HEADER + "Kalix;2024;1.1;5\nNorsjö;2024;1.1;6\nÖstersund;2024;1.1;7\n", encoding="utf-8")
    return inputs, sheet


FOLDERS = ("kalix-2024", "norsjo-2024", "ostersund-2024")


def test_an_import_over_three_folders_with_one_unwritable_writes_none(tmp_path):
    inputs, sheet = _three(tmp_path)
    scores = inputs / "norsjo-2024" / "scores.yaml"
    scores.unlink()
    scores.symlink_to("saknas/scores.yaml")  # inside the folder, but its folder does not exist: nothing can be written

    result = _import(sheet, inputs)

    assert result.exit_code == 2
    assert "kan inte skriva (mappen finns inte)" in result.output
    assert [_scores(inputs, f)["1.1"] for f in ("kalix-2024", "ostersund-2024")] == [None, None]
    assert not [p for p in inputs.rglob(".kompass*")]  # no staged file, no journal left


def test_a_failure_while_moving_the_second_file_puts_the_first_back(tmp_path, monkeypatch):
    inputs, sheet = _three(tmp_path)
    before = {f: (inputs / f / "scores.yaml").read_bytes() for f in FOLDERS}
    real_replace = os.replace

    def replace(source, dest):
        if str(dest).endswith("norsjo-2024/scores.yaml"):
            raise OSError(28, "No space left on device")
        real_replace(source, dest)

    monkeypatch.setattr(os, "replace", replace)

    result = _import(sheet, inputs)

    assert result.exit_code == 2
    assert "kan inte skriva (disken är full)" in result.output
    assert {f: (inputs / f / "scores.yaml").read_bytes() for f in FOLDERS} == before
    assert not [p for p in inputs.rglob(".kompass*")]


def test_an_import_killed_between_two_moves_is_completed_by_the_next_run(tmp_path):
    inputs, sheet = _three(tmp_path)
    pid = os.fork()
    if pid == 0:  # the child dies (as by SIGKILL: no clean-up) right after its first move
        real_replace = os.replace

        def replace(source, dest):
            real_replace(source, dest)
            if str(dest).endswith("scores.yaml"):
                os._exit(9)

        os.replace = replace
        try:
            importer.import_scores(sheet, inputs)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert sum(_scores(inputs, f)["1.1"] is not None for f in FOLDERS) == 1  # the state the kill left
    other = tmp_path / "annat.csv"
    other.write_text(HEADER + "Kalix;2024;1.2;4\n", encoding="utf-8")

    result = _import(other, inputs)

    assert result.exit_code == 0, result.output
    assert [_scores(inputs, f)["1.1"] for f in FOLDERS] == [5, 6, 7]
    assert _scores(inputs, "kalix-2024")["1.2"] == 4
    assert not [p for p in inputs.rglob(".kompass*")]


def test_an_import_killed_while_staging_leaves_nothing_after_the_next_run(tmp_path):
    inputs, sheet = _three(tmp_path)
    before = {f: (inputs / f / "scores.yaml").read_bytes() for f in FOLDERS}
    pid = os.fork()
    if pid == 0:  # the child dies after it wrote its second staged file
        real_open, opened = os.open, []

        def open_(path, flags, mode=0o777, **kwargs):
            if str(path).endswith(".tmp") and ".kompass-" in str(path):
                opened.append(path)
                if len(opened) == 2:
                    os._exit(9)
            return real_open(path, flags, mode, **kwargs)

        os.open = open_
        try:
            importer.import_scores(sheet, inputs)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    other = tmp_path / "fel.csv"
    other.write_text(HEADER + "Kalix;2024;9.9;4\n", encoding="utf-8")  # the next run only recovers, then refuses

    result = _import(other, inputs)

    assert result.exit_code == 1
    assert {f: (inputs / f / "scores.yaml").read_bytes() for f in FOLDERS} == before
    assert not [p for p in inputs.rglob(".kompass*")]


def test_a_journal_half_written_by_a_killed_import_is_removed_by_the_next_run(tmp_path):
    inputs, sheet = _three(tmp_path)
    # a journal is written under a temporary name first: one half written by a process that is gone
    (inputs / "norsjo-2024" / ".kompass-99999999-halvskri.tmp").write_text('{"moves": [["/', encoding="utf-8")

    result = _import(sheet, inputs)

    assert result.exit_code == 0, result.output
    assert [_scores(inputs, f)["1.1"] for f in FOLDERS] == [5, 6, 7]
    assert not [p for p in inputs.rglob(".kompass*")]


def test_an_xlsx_whose_zip_header_names_an_unknown_zip_version_is_refused(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2024))
    sheet = tmp_path / "poäng.xlsx"
    write_zip(sheet, xlsx_members([["kommun", "år", "fråga", "poäng"], ["Kalix", 2024, "1.1", 5]]))
    data = bytearray(sheet.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 235  # "version needed to extract": 23.5, as a changed byte in the fuzz suite made it
    sheet.write_bytes(bytes(data))

    result = _import(sheet, inputs)

    assert result.exit_code == 1, result.output
    assert f"{sheet}: är ingen XLSX-fil (inget zip-paket)" in result.output


def test_a_csv_whose_first_line_is_a_long_run_of_quotes_and_separators_is_read_without_a_hang(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2024))
    (tmp_path / "poäng.csv").write_text(';"a' * 70_000 + "\nKalix;2024;1.1;5\n", encoding="utf-8")

    result = kompass_capped("import-scores", "poäng.csv", "--inputs", inputs, cwd=tmp_path, timeout=60)

    assert result.returncode == 1, result.stderr
    assert "poäng.csv:1: saknar kolumnen kommun, år, fråga, poäng" in result.stderr
