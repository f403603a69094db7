"""Placeholders in the notes: computed values in the evaluator's prose, in both formats and through pull."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from authoring import load_evaluation
from authoring.cli.commands import main
from authoring.compose import compose
from authoring.dump import dump
from authoring.model import Region
from authoring.swedish import points

from .conftest import INPUTS, line_of, replace_in
from .pdftext import page_texts
from .test_pull import paragraph_with, resave

SENTENCE = ("Med {poäng område 3} poäng av {max område 3} ({procent område 3}) och {poäng fråga 3.1} poäng "
            "på fråga 3.1 når kommunen totalt {poäng} av {max} poäng ({procent}).")
RENDERED = ("Med 65,6 poäng av 100 (66\u00a0%) och 12,5 poäng på fråga 3.1 når kommunen totalt 415,7 av 800 "
            "poäng (52\u00a0%).")
FIRST = "Kalix har ett styr- och ledningssystem"


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page_texts(PdfReader(path))).split())


def kompass(*args: str):
    return CliRunner().invoke(main, [*args])


@pytest.fixture
def with_placeholders(tmp_path: Path) -> Path:
    """Return a copy of Kalix whose area 3 prose states its figures through placeholders."""
    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))
    replace_in(folder / "notes" / "area-3.md", FIRST, f"{SENTENCE}\n\n{FIRST}")
    return folder


def region_text(report, name: str) -> str:
    region = next(b for b in report.blocks if isinstance(b, Region) and b.name == name)
    return dump(type(report)(report.metadata, (region,)))


def test_placeholders_render_by_the_display_policy_in_the_model(with_placeholders):
    report = compose(load_evaluation(with_placeholders))

    assert RENDERED in region_text(report, "area-3.section-1")


def test_placeholders_render_in_the_docx_and_the_pdf(with_placeholders, tmp_path):
    result = kompass("build", str(with_placeholders), "--out", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "kalix-2012"
    docx_text = "\n".join(p.text for p in Document(str(out / "kalix-2012.docx")).paragraphs)
    assert RENDERED in docx_text
    assert "{" not in docx_text
    assert " ".join(RENDERED.split()) in pdf_text(out / "kalix-2012.pdf")


def test_a_missing_value_in_a_draft_is_shown_as_missing_not_as_zero(with_placeholders):
    replace_in(with_placeholders / "scores.yaml", '"3.1": 12.45', '"3.1":')

    report = compose(load_evaluation(with_placeholders))

    text = region_text(report, "area-3.section-1")
    assert "Med [uppgift saknas: poäng område 3] poäng av 100 ([uppgift saknas: procent område 3])" in text
    assert "och [uppgift saknas: poäng fråga 3.1] poäng" in text
    assert "totalt [uppgift saknas: poäng] av 800" in text
    assert report.draft


@pytest.mark.parametrize(("written", "message"), [
    ("{poäng område 9}", "område 9 finns inte, områdena är 1–8"),
    ("{poäng fråga 3.9}", "fråga 3.9 finns inte i ramverket 2010"),
    ("{poang område 3}", "okänd platshållare {poang område 3}"),
    ("{rang område 3}", "'rang' finns bara för hela utvärderingen"),
    ("{förändring område 3}", "ingen tidigare utvärdering med poäng enligt samma ramverk"),
    ("{referens område 3}", "utvärderingen har ingen referens"),
])
def test_an_unknown_or_impossible_placeholder_is_a_check_error_with_file_and_line(with_placeholders, written, message):
    path = with_placeholders / "notes" / "area-3.md"
    replace_in(path, "Helt klart har det", f"Helt klart har det\n{written} har det")

    result = kompass("check", str(with_placeholders))

    assert result.exit_code == 1
    assert f"{path}:{line_of(path, written)}: " in result.output
    assert message in result.output


def test_a_placeholder_in_backticks_is_inline_code_which_notes_cannot_hold(with_placeholders):
    path = with_placeholders / "notes" / "area-3.md"
    replace_in(path, FIRST, f"Skriv `{{poäng område 3}}` i texten. {FIRST}")

    result = kompass("check", str(with_placeholders))

    assert result.exit_code == 1
    assert f"{path}:{line_of(path, 'Skriv `')}: kod ('`text`') stöds inte" in result.output


def test_change_reference_and_rank_follow_the_campaign(tmp_path):
    inputs = Path(shutil.copytree(INPUTS, tmp_path / "inputs"))
    replace_in(inputs / "norsjo-2015" / "notes" / "summary.md", "Forshaga kommun har",
               "Norsjö har plats {rang} i kampanjen och {referens område 1} som referens. Forshaga kommun har")

    result = kompass("build", str(inputs / "norsjo-2015"), "--out", str(tmp_path / "out"), "--format", "pdf")

    assert result.exit_code == 0, result.output
    evaluations = {name: load_evaluation(inputs / name) for name in ("kalix-2012", "norsjo-2015", "ostersund-2015")}
    totals = {name: e.scores.total for name, e in evaluations.items()}
    rank = 1 + sum(t > totals["norsjo-2015"] for t in totals.values())
    average = sum(e.scores.area(1).achieved for e in evaluations.values()) / 3  # the campaign's reference
    text = pdf_text(tmp_path / "out" / "norsjo-2015" / "norsjo-2015.pdf")
    assert f"Norsjö har plats {rank} i kampanjen och {points(average)} som referens." in text
    assert "{" not in text


def test_the_change_since_the_earlier_evaluation_is_stated_without_sign(with_placeholders):
    replace_in(with_placeholders / "evaluation.yaml", "# authors: the report names",
               "  - year: 2008\n    scores: {1: 45, 2: 40, 3: 50, 4: 50, 5: 50, 6: 40, 7: 50, 8: 60}\n"
               "# authors: the report names")
    replace_in(with_placeholders / "notes" / "area-3.md", FIRST,
               f"Området ökar med {{förändring område 3}} poäng, område 1 minskar med {{förändring område 1}} "
               f"och totalen ändras med {{förändring}} poäng. {FIRST}")

    report = compose(load_evaluation(with_placeholders))

    # 65,55 shown 65,6 minus 50; 41 minus 45; 415,65 minus 385
    assert ("Området ökar med 15,6 poäng, område 1 minskar med 4 och totalen ändras med 30,7 poäng."
            in region_text(report, "area-3.section-1"))


def test_pulling_an_untouched_docx_gives_back_the_placeholders(with_placeholders, tmp_path):
    before = (with_placeholders / "notes" / "area-3.md").read_bytes()
    assert kompass("build", str(with_placeholders), "--out", str(tmp_path / "out"), "--format", "docx").exit_code == 0
    docx = tmp_path / "out" / "kalix-2012" / "kalix-2012.docx"

    result = kompass("pull", str(docx), str(with_placeholders), "--yes")

    assert result.exit_code == 0, result.output
    assert "inga ändringar att hämta" in result.output
    assert (with_placeholders / "notes" / "area-3.md").read_bytes() == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_placeholders_survive_a_libreoffice_resave_and_pull(with_placeholders, tmp_path):
    assert kompass("build", str(with_placeholders), "--out", str(tmp_path / "out"), "--format", "docx").exit_code == 0
    docx = tmp_path / "out" / "kalix-2012" / "kalix-2012.docx"
    document = Document(str(docx))
    paragraph_with(document, "Med 65,6 poäng").add_run(" Tillagt av granskaren.")
    document.save(str(docx))
    docx = resave(docx, tmp_path / "lo")

    result = kompass("pull", str(docx), str(with_placeholders), "--yes")

    assert result.exit_code == 0, result.output
    text = (with_placeholders / "notes" / "area-3.md").read_text(encoding="utf-8")
    assert f"{SENTENCE} Tillagt av granskaren." in text


def test_an_edited_paragraph_keeps_its_placeholders_and_an_overtyped_value_stays_text(with_placeholders, tmp_path):
    assert kompass("build", str(with_placeholders), "--out", str(tmp_path / "out"), "--format", "docx").exit_code == 0
    docx = tmp_path / "out" / "kalix-2012" / "kalix-2012.docx"
    document = Document(str(docx))
    paragraph = paragraph_with(document, "Med 65,6 poäng")
    paragraph.runs[0].text = "Med hela "
    overtyped = next(run for run in paragraph.runs if run.text == "415,7")
    overtyped.text = "420"
    document.save(str(docx))

    result = kompass("pull", str(docx), str(with_placeholders), "--yes")

    assert result.exit_code == 0, result.output
    text = (with_placeholders / "notes" / "area-3.md").read_text(encoding="utf-8")
    expected = SENTENCE.replace("Med {poäng", "Med hela {poäng").replace("totalt {poäng} av", "totalt 420 av")
    assert expected in text


def test_a_rank_while_a_campaign_member_is_invalid_makes_a_draft_that_says_so(tmp_path):
    inputs = Path(shutil.copytree(INPUTS, tmp_path / "inputs"))
    replace_in(inputs / "ostersund-2015" / "notes" / "area-2.md", "Valfrihet avseende", "Valfrihet {rang} avseende")
    replace_in(inputs / "kalix-2012" / "scores.yaml", '"3.1": 12.45', '"3.1": 99')

    checked = kompass("check", str(inputs / "ostersund-2015"))
    final = kompass("build", str(inputs / "ostersund-2015"), "--final", "--out", str(tmp_path / "out"))

    assert checked.exit_code == 0, checked.output
    assert "varning: kampanjens medelvärde och placering räknas utan kalix-2012, som har fel i indata " \
           "(kalix-2012/scores.yaml:" in checked.output
    assert "rapporten blir ett utkast" in checked.output
    assert final.exit_code == 1 and "räknade utan kalix-2012" in final.output
    assert not (tmp_path / "out" / "ostersund-2015" / "ostersund-2015.pdf").exists()
