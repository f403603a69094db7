"""Regression tests for the layout defects seen in review (issue 11, item 6)."""

from __future__ import annotations

import re
import subprocess

import pytest
from docx import Document
from docx.shared import Pt
from pypdf import PdfReader

from authoring.builder.build import build
from authoring.charts.draw import media_for
from authoring.compose import compose
from authoring.source.evaluation import load_evaluation
from authoring.writers.pdf import LIST_SPACE_AFTER, _Story

from .conftest import EXAMPLES, INPUTS
from .pdftext import page_texts
from .test_libreoffice import framework_2007


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("layout")
    return {name: build(INPUTS / name, root / "out").paths for name in EXAMPLES}


def test_a_bullet_list_ends_with_space_before_the_next_paragraph_in_the_docx(built):
    for _, docx in built.values():
        paragraphs = Document(str(docx)).paragraphs
        ends = [p for p, after in zip(paragraphs, paragraphs[1:])
                if p.style.name == "List Bullet" and after.style.name == "Normal"]

        assert ends
        assert all(p.paragraph_format.space_after >= Pt(6) for p in ends)


def test_a_bullet_list_ends_with_space_before_the_next_paragraph_in_the_pdf():
    from reportlab.platypus import ListFlowable
    report = compose(load_evaluation(INPUTS / "kalix-2012"))

    lists = [f for f in _Story(report, media_for(report), {}).flowables() if isinstance(f, ListFlowable)]

    assert lists and all(getattr(f, "spaceAfter", 0) == LIST_SPACE_AFTER for f in lists)


def test_the_sentence_announcing_the_radar_is_on_the_page_of_the_radar(built):
    for name, (pdf, docx) in built.items():
        pages = [re.sub(r"\s+", " ", page) for page in page_texts(PdfReader(pdf))]
        announcing = next(p for p in Document(str(docx)).paragraphs if p.text.startswith("I nedanstående diagram"))

        page = next(page for page in pages if "I nedanstående diagram" in page)
        assert "Figur 2." in page, name
        assert announcing.paragraph_format.keep_with_next


def test_max_poang_of_the_2007_appendix_never_breaks_mid_word(tmp_path):
    folder = framework_2007(tmp_path)
    pdf = build(folder, tmp_path / "out", ("pdf",)).paths[0]

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout

    assert text.count("Max-poäng") == 8  # one per area table
    assert "Max-p\n" not in text and "Max-\n" not in text


def test_a_heading_and_the_sentence_announcing_a_table_move_with_the_table(tmp_path):
    from .rich import make_rich

    # The rich evaluation's text before Utvärderingen pushes the area table to the next page.
    pdf = build(make_rich(tmp_path / "in"), tmp_path / "out", ("pdf",)).paths[0]
    pages = [re.sub(r"\s+", " ", page) for page in page_texts(PdfReader(pdf))]

    page = next(page for page in pages if "1 Offentlighet och demokrati 41" in page)
    assert "Sammanfattning av resultat" in page and "Nedan visas poängfördelningen per område" in page
