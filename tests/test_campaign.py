"""Batch builds of a 12-evaluation campaign: failures isolated, unchanged work skipped, a summary.

Twelve are enough for what these tests prove (three broken, one changed, a summary over the rest);
the 30-evaluation campaign of the speed target is bench/targets.py's."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from authoring.cli.commands import main

from .campaign_factory import make_campaign
from .conftest import replace_in
from .pdftext import page_texts

SIZE = 12
BROKEN = ("testby-04-2013", "testby-08-2011", "testby-09-2012")
BUILT = SIZE - len(BROKEN)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    """Build the campaign once, with three broken evaluations; return its folders and the first run."""
    root = tmp_path_factory.mktemp("campaign")
    inputs, out = root / "inputs", root / "output"
    folders = make_campaign(inputs, SIZE)
    replace_in(inputs / BROKEN[0] / "scores.yaml", '"1.2": ', '"1.2": 999 #')
    (inputs / BROKEN[1] / "evaluation.yaml").write_text("framework: [2010\n", encoding="utf-8")
    (inputs / BROKEN[2] / "notes" / "area-3.md").write_text("## Rubrik utan text\n", encoding="utf-8")
    first = CliRunner().invoke(main, ["batch", str(inputs), "--out", str(out), "--format", "pdf"])
    return {"inputs": inputs, "out": out, "folders": folders, "first": first}


def run(campaign, *extra):
    return CliRunner().invoke(main, ["batch", str(campaign["inputs"]), "--out", str(campaign["out"]),
                                     "--format", "pdf", *extra])


def test_every_evaluation_builds_except_the_three_broken_ones(campaign):
    result = campaign["first"]
    built = sorted(p.parent.name for p in campaign["out"].glob("*/*.pdf"))

    assert len(campaign["folders"]) == SIZE
    assert result.exit_code == 1
    assert len(built) == BUILT and not set(BROKEN) & set(built)
    assert f"{BUILT} byggda, 0 oförändrade, 3 misslyckade" in result.output
    for name in BROKEN:
        assert re.search(rf"{name}\s+│\s+misslyckad", result.output), name
    assert "999 är mer än maxpoängen 20" in result.output
    assert "är inte giltig YAML" in result.output
    assert "har ingen text: skriv den eller ta bort rubriken" in result.output


def test_second_run_rebuilds_nothing_and_one_changed_score_rebuilds_one_report(campaign):
    pdfs = {p: p.stat().st_mtime_ns for p in campaign["out"].glob("*/*.pdf")}

    unchanged = run(campaign)
    assert f"0 byggda, {BUILT} oförändrade, 3 misslyckade; sammanställning oförändrad" in unchanged.output
    assert {p: p.stat().st_mtime_ns for p in pdfs} == pdfs

    replace_in(campaign["inputs"] / "testby-05-2014" / "scores.yaml", '"3.1": ', '"3.1": 1 #')
    changed = run(campaign)

    assert f"1 byggda, {BUILT - 1} oförändrade, 3 misslyckade; sammanställning skriven" in changed.output
    rebuilt = [p.parent.name for p in pdfs if p.stat().st_mtime_ns != pdfs[p]]
    assert rebuilt == ["testby-05-2014"]


def test_force_rebuilds_everything(campaign):
    result = run(campaign, "--force")

    assert f"{BUILT} byggda, 0 oförändrade, 3 misslyckade; sammanställning skriven" in result.output


def shown(value: float) -> str:
    text = str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def test_summary_workbook_numbers_equal_the_reports(campaign):
    sheets = pd.read_excel(campaign["out"] / "sammanstallning.xlsx", sheet_name=None)
    main_sheet = sheets["Sammanställning"]
    rows = main_sheet[~main_sheet["Kommun"].str.startswith("Medelvärde") & main_sheet["Anmärkning"].isna()]
    failing = main_sheet[main_sheet["Anmärkning"].notna()]

    assert len(rows) == BUILT
    assert sorted(failing["Kommun"]) == sorted(BROKEN) and set(failing["Anmärkning"]) == {"fel i indata"}
    assert failing[[f"Område {n}" for n in range(1, 9)] + ["Totalt", "Placering"]].isna().all().all()
    assert list(main_sheet.columns) == ["Kommun", "År", "Ramverk", *[f"Område {n}" for n in range(1, 9)],
                                        "Totalt", "Placering", "Anmärkning"]
    assert list(rows["Placering"]) == sorted(rows["Placering"])
    for _, row in rows.sample(5, random_state=1).iterrows():
        folder = next(p for p in campaign["out"].iterdir() if p.is_dir() and p.name.endswith(str(int(row["År"])))
                      and _municipality(campaign["inputs"] / p.name) == row["Kommun"])
        text = re.sub(r"\s+", " ", " ".join(page_texts(PdfReader(next(folder.glob("*.pdf"))))))
        for n in range(1, 9):
            assert f"{n} " in text and f" {shown(row[f'Område {n}'])} 100" in text
        assert f"uppnår {shown(row['Totalt'])} av 800 möjliga poäng" in text
    assert {f"Område {n}" for n in range(1, 9)} <= set(sheets)
    workbook = openpyxl.load_workbook(campaign["out"] / "sammanstallning.xlsx")
    first = workbook["Sammanställning"]
    assert first.freeze_panes == "A2" and first["A1"].font.bold
    assert first.column_dimensions["A"].width >= len(f"Medelvärde ({BUILT} kommuner)")
    assert first["D2"].data_type == "n"  # numbers, not text
    assert list(sheets["Område 1"].columns)[:4] == ["Kommun", "År", "1.1", "1.2"]


def _municipality(folder: Path) -> str:
    """Return the municipality named in the evaluation.yaml of the input ``folder``."""
    return re.search(r"^municipality: (.*)$", (folder / "evaluation.yaml").read_text(encoding="utf-8"), re.M)[1].strip().strip("\"")
