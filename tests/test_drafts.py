"""A half-scored evaluation builds as an unmistakable draft; missing is never shown as zero."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from authoring.builder.build import build
from authoring.cli.commands import main

from .office import convert
from .conftest import INPUTS

CHANGE = r"Det är en (förbättring|försämring) med [0-9,]+ poäng|Det är samma poäng som vid"  # generated sentences
UNSCORED = {6: ("6.4", "6.5", "6.6"), 7: ("7.1", "7.2", "7.3", "7.4", "7.5")}
EARLIER = ('  - year: 2009\n    framework: "2010"\n'
           "    scores: {1: 30, 2: 30, 3: 90, 4: 30, 5: 30, 6: 90, 7: 90, 8: 30}\n")


def earlier_2009(folder: Path) -> None:
    """Give ``folder`` an earlier evaluation on the same framework, so areas get change sentences."""
    text = (folder / "evaluation.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(  - year: 2003.*\n(?: {4}.*\n)*)", lambda m: m.group(1) + EARLIER, text, count=1)
    (folder / "evaluation.yaml").write_text(text, encoding="utf-8")


def half_scored(folder: Path) -> Path:
    """Leave areas 6 (half) and 7 (wholly) unscored and area 8 without its Styrkor."""
    scores = folder / "scores.yaml"
    for qid in (q for ids in UNSCORED.values() for q in ids):
        text = scores.read_text(encoding="utf-8")
        text = re.sub(rf'^"{re.escape(qid)}": *[0-9.]+', f'"{qid}":', text, count=1, flags=re.M)
        scores.write_text(text, encoding="utf-8")
    notes = folder / "notes" / "area-8.md"
    notes.write_text(re.sub(r"## Styrkor\n(- .*\n|\s*\n)*", "", notes.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Build Kalix twice, as a half-scored draft and complete; return the four outputs."""
    root = tmp_path_factory.mktemp("drafts")
    complete = Path(shutil.copytree(INPUTS / "kalix-2012", root / "complete" / "kalix-2012"))
    draft = Path(shutil.copytree(INPUTS / "kalix-2012", root / "draft" / "kalix-2012"))
    earlier_2009(complete)
    earlier_2009(draft)
    half_scored(draft)
    return {"draft": build(draft, root / "out-draft"), "complete": build(complete, root / "out-complete"),
            "folder": draft}


def pdf_pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return re.sub(r"\s+", " ", "\n".join(parts))


def libreoffice_pages(docx: Path, tmp_path: Path) -> list[str]:
    """Return the page texts of ``docx`` as LibreOffice lays it out (a real client)."""
    return pdf_pages(convert(docx, tmp_path, "pdf"))


def area_text(pages: list[str], number: int) -> str:
    """Return the text of area ``number``'s section in chapter 3."""
    text = " ".join(pages)
    start = text.index(f"Område {number} ", text.index("3 Detaljerad genomgång", text.index("Område 8 ") + 1))
    end = text.index(f"Område {number + 1} " if number < 8 else "4 Översikt", start + 1)
    return text[start:end]


def test_every_page_of_the_draft_pdf_says_utkast(pair):
    pages = pdf_pages(pair["draft"].paths[0])

    assert len(pages) > 20
    assert all("UTKAST" in page for page in pages)
    assert "UTKAST – ej för publicering" in pages[0]


def test_every_page_of_the_draft_docx_says_utkast_in_libreoffice(pair, tmp_path):
    document = Document(str(pair["draft"].paths[1]))
    pages = libreoffice_pages(pair["draft"].paths[1], tmp_path)

    for section in document.sections:
        assert "UTKAST" in section.header.paragraphs[0].text
        assert "UTKAST" in section.first_page_header.paragraphs[0].text
    assert len(pages) > 20
    assert all("UTKAST" in page for page in pages), [i for i, p in enumerate(pages, 1) if "UTKAST" not in p]


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_att_gora_lists_the_unscored_question_ids_and_missing_lists(pair, kind):
    text = " ".join(pdf_pages(pair["draft"].paths[0])) if kind == "pdf" else docx_text(pair["draft"].paths[1])
    todo = text[text.rindex("Att göra"):]

    assert "Område 6: poäng saknas för 6.4, 6.5, 6.6 (3 av 6 frågor)." in todo
    assert "Område 7: poäng saknas för 7.1, 7.2, 7.3, 7.4, 7.5 (5 av 5 frågor)." in todo
    assert "Område 8: listan Styrkor saknas" in todo
    assert "Område 1:" not in todo


def test_incomplete_areas_get_no_comparison_sentence_and_no_zero(pair):
    pages = pdf_pages(pair["draft"].paths[0])

    assert re.search(CHANGE, area_text(pages, 1))
    for number, ids in UNSCORED.items():
        area = area_text(pages, number)
        assert not re.search(CHANGE, area), area[:300]
        assert f"Området är ännu inte färdigbedömt: {6 - len(ids) if number == 6 else 0} av" in area
        assert "ej färdigbedömt" in area
        assert "uppnår kommunen" not in area


def test_unscored_areas_are_dashes_not_zero_in_summary_and_appendix(pair):
    text = " ".join(pdf_pages(pair["draft"].paths[0]))
    document = Document(str(pair["draft"].paths[1]))
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Område")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in summary.rows}
    boxes = [t for t in document.tables if t.rows[0].cells[-1].text == "Poäng"]

    assert rows["6 Kommunen som arbetsgivare – personalpolitik"][1] == "–"
    assert rows["7 Verksamhetsutveckling"][1] == "–"
    assert rows["Totalt"][1] == "–"
    assert "Totalpoängen anges när alla områden är färdigbedömda" in text
    assert "uppnår" not in text[text.index("Sammanfattning av resultat"):text.index("Jämförelser")]
    assert [b.rows[1].cells[1].paragraphs[0].text for b in boxes][5:7] == ["–", "–"]
    assert "Totalt (ej färdigbedömt, 0 av 5 frågor) – 100 –" in text


def test_alt_texts_say_ej_bedomd_not_zero(pair):
    document = Document(str(pair["draft"].paths[1]))
    alts = [d.get("descr") for d in document.element.body.iter() if d.tag.endswith("}docPr")]

    bars = next(a for a in alts if a.startswith("Stapeldiagram"))
    area7 = next(a for a in alts if "i område 7:" in a)
    assert "område 7: ej bedömd" in bars and "område 7: 0" not in bars
    assert "fråga 7.1: ej bedömd" in area7


def test_the_complete_evaluation_has_no_draft_marks(pair):
    pages = pdf_pages(pair["complete"].paths[0])
    docx = docx_text(pair["complete"].paths[1])

    assert not pair["complete"].draft and pair["draft"].draft
    for text in (" ".join(pages), docx):
        assert "UTKAST" not in text and "Att göra" not in text and "ej färdigbedömt" not in text
        assert "Inom området verksamhetsutveckling uppnår kommunen" in text
    assert re.search(r"Kalix kommun uppnår [0-9,]+ av 800 möjliga poäng", " ".join(pages))


def test_build_final_refuses_a_draft_and_lists_what_is_missing(pair, tmp_path):
    result = CliRunner().invoke(main, ["build", "--final", str(pair["folder"]), "--out", str(tmp_path)])

    assert result.exit_code == 1
    assert "är ett utkast och byggs inte som slutlig rapport" in result.output
    assert "Område 7: poäng saknas för 7.1, 7.2, 7.3, 7.4, 7.5" in result.output
    assert not (tmp_path / "kalix-2012").exists()


def test_build_final_builds_the_examples(tmp_path):
    result = CliRunner().invoke(main, ["build", "--final", "--format", "pdf", str(INPUTS / "norsjo-2015"),
                                       "--out", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert "norsjo-2015: slutlig" in result.output


def test_build_says_draft_state_and_warning_count(pair, tmp_path):
    result = CliRunner().invoke(main, ["build", "--format", "pdf", str(pair["folder"]), "--out", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert re.search(r"kalix-2012: utkast \(3 saker att göra\), 9 varningar", result.output), result.output
