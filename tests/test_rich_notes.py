"""The rich evaluation (tests/rich.py) in both formats: text overrides, summary sections before
"Utvärderingen" and after the results, a table, a numbered list and an image, each in its place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from authoring.cli.commands import main

from .pdftext import page_texts
from .rich import (ALT, COMPARISONS, EVALUATED_HEADING, IMPROVEMENTS, PARTIES, STEPS, WHAT_IS, make_rich)

NAME = "kalix-2012"
# Chapter 2 in order: the sections before "Utvärderingen", the results, the sections after them.
ORDER = ("Allmänt om Kalix", "Kommunorganisationen", EVALUATED_HEADING, "Sammanfattning av resultat",
         "Fortsatt arbete", "Jämförelser")


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> tuple[Path, Path, Path]:
    """Return the rich evaluation's folder and its built DOCX and PDF."""
    root = tmp_path_factory.mktemp("rich")
    folder = make_rich(root)
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(root / "out"), "--strict"])
    assert result.exit_code == 0, result.output
    return folder, root / "out" / NAME / f"{NAME}.docx", root / "out" / NAME / f"{NAME}.pdf"


def body_items(document):
    """Yield ("p", style, text, element) and ("tbl", rows, element) in body order."""
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            yield "p", style.get(qn("w:val")) if style is not None else "", text, child
        elif child.tag == qn("w:tbl"):
            rows = [["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc"))]
                    for tr in child.iter(qn("w:tr"))]
            yield "tbl", rows, child


def test_docx_chapter_2_has_the_sections_in_their_places(rich):
    items = list(body_items(Document(str(rich[1]))))
    headings = [item[2] for item in items if item[0] == "p" and item[1] == "Heading2"]

    positions = [headings.index(h) for h in ORDER]

    assert positions == sorted(positions)
    assert "Utvärderingen" not in headings  # overridden


def test_docx_has_the_table_numbered_list_and_figure_of_the_notes(rich):
    document = Document(str(rich[1]))
    items = list(body_items(document))
    tables = [item[1] for item in items if item[0] == "tbl"]
    numbered = [item for item in items if item[0] == "p" and item[1] == "ListNumber"]
    picture = next(d for d in document.element.body.iter(qn("wp:docPr")) if d.get("descr") == ALT)
    captions = [item[2] for item in items if item[0] == "p" and item[1] == "Caption"]
    organisation = next(i for i, item in enumerate(items) if item[0] == "p" and item[2] == "Kommunorganisationen")
    table_at = next(i for i, item in enumerate(items) if item[0] == "tbl" and item[1][0] == ["Parti", "Mandat"])
    evaluation_at = next(i for i, item in enumerate(items) if item[0] == "p" and item[2] == EVALUATED_HEADING)

    assert [["Parti", "Mandat"], *[list(p) for p in PARTIES]] in tables
    picture_at = next(i for i, item in enumerate(items) if item[0] == "p"
                      and any(d.get("descr") == ALT for d in item[3].iter(qn("wp:docPr"))))
    assert organisation < table_at < picture_at < evaluation_at
    assert [item[2] for item in numbered] == list(STEPS)
    assert all(item[3].find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None for item in numbered)
    assert picture.get("name") == "notes/bilder/organisation.png"
    assert f"Figur 1. {ALT}" in captions  # the first figure of the report, before the charts
    assert "Figur 2. Poäng per område 2012" in captions


def test_docx_uses_the_evaluations_own_texts_and_has_no_contents_page(rich):
    document = Document(str(rich[1]))
    texts = [p.text for p in document.paragraphs]
    styles = {p.style.name for p in document.paragraphs}
    list_headers = [t.rows[0].cells[1].text for t in document.tables if t.rows[0].cells[0].text == "Styrkor"]

    assert texts[texts.index("1 Vad är Kommunkompassen?") + 1] == WHAT_IS
    assert texts[texts.index("Jämförelser") + 1] == COMPARISONS
    assert not any(t.startswith("Kommunkompassen är ett verktyg för utvärdering och analys") for t in texts)
    assert "TOC Heading" not in styles and "Innehåll" not in texts
    assert list_headers and set(list_headers) == {IMPROVEMENTS}


@pytest.fixture(scope="module")
def pdf_text(rich) -> str:
    return "\n".join(page_texts(PdfReader(rich[2])))


def test_pdf_chapter_2_has_the_sections_in_their_places(pdf_text):
    start = pdf_text.index("2 Kalix kommun i förhållande till")
    positions = [pdf_text.index(f"\n{heading}\n", start) for heading in ORDER]

    assert positions == sorted(positions)
    assert "\nUtvärderingen\n" not in pdf_text


def test_pdf_has_the_table_numbered_list_and_figure_of_the_notes(rich, pdf_text):
    reader = PdfReader(rich[2])
    caption_page = next(i for i, text in enumerate(page_texts(reader)) if f"Figur 1. {ALT}" in text)
    images = reader.pages[caption_page]["/Resources"]["/XObject"]
    sizes = {(x.get_object()["/Width"], x.get_object()["/Height"]) for x in images.values()}
    words = " ".join(pdf_text.split())
    table = words.index("Parti Mandat")

    assert all(f"{party} {seats}" in words[table:] for party, seats in PARTIES)
    assert words.index("Kommunorganisationen") < table < words.index(f"Figur 1. {ALT}")
    assert all(re.search(rf"{number}\.\s*{step}", pdf_text) for number, step in enumerate(STEPS, 1))
    assert (600, 300) in sizes
    assert "|" not in pdf_text and "![" not in pdf_text and f"!{ALT}" not in pdf_text


def test_pdf_uses_the_evaluations_own_texts_and_has_no_contents_page(pdf_text):
    words = " ".join(pdf_text.split())

    assert f"1 Vad är Kommunkompassen? {WHAT_IS} 2 Kalix kommun" in words
    assert f"Jämförelser {COMPARISONS}" in words
    assert "Innehåll" not in pdf_text
    assert IMPROVEMENTS in pdf_text and "Förbättringsmöjligheter" not in pdf_text


def test_pulling_the_untouched_docx_changes_nothing(rich):
    result = CliRunner().invoke(main, ["pull", str(rich[1]), str(rich[0]), "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "inga ändringar" in result.output


def test_an_edited_table_cell_and_list_item_come_back_as_markdown(rich, tmp_path):
    document = Document(str(rich[1]))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Parti")
    table.rows[2].cells[1].paragraphs[0].runs[0].text = "6"
    item = next(p for p in document.paragraphs if p.text == STEPS[1])
    item.runs[0].text = "Följ upp planen varje halvår"
    edited = tmp_path / f"{NAME}.docx"
    document.save(str(edited))

    result = CliRunner().invoke(main, ["pull", str(edited), str(rich[0]), "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "-| Moderaterna | 5 |" in result.output and "+| Moderaterna | 6 |" in result.output
    assert "-2. Följ upp planen varje år" in result.output and "+2. Följ upp planen varje halvår" in result.output


def test_an_edit_to_an_own_text_says_where_that_text_is(rich, tmp_path):
    document = Document(str(rich[1]))
    paragraph = next(p for p in document.paragraphs if p.text == COMPARISONS)
    paragraph.runs[0].text = COMPARISONS.replace("Forshaga", "Bjurholms")
    edited = tmp_path / f"{NAME}.docx"
    document.save(str(edited))

    result = CliRunner().invoke(main, ["pull", str(edited), str(rich[0]), "--dry-run"])

    assert "rapportens egen text texts.comparisons: ändra den i" in result.output, result.output
