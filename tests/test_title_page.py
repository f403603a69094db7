"""The title page names the authors and their organisation when they are given."""

from __future__ import annotations

from docx import Document
from pypdf import PdfReader

from authoring.builder.build import build

from .conftest import replace_in


def test_authors_and_organisation_on_the_title_page(kalix, tmp_path):
    replace_in(kalix / "evaluation.yaml", "kortfakta:", "authors:\n  - name: Anna Andersson\n"
               "    organisation: Sveriges Kommuner och Landsting\n  - name: Bo Berg\n"
               "    organisation: Sveriges Kommuner och Landsting\nkortfakta:")

    pdf, docx = build(kalix, tmp_path / "out").paths  # not tmp_path: its kalix-2012/ is the evaluation

    first_page = PdfReader(pdf).pages[0].extract_text()
    title = [p.text for p in Document(str(docx)).paragraphs[:8]]
    for text in (first_page, "\n".join(title)):
        assert "Anna Andersson" in text and "Bo Berg" in text
        assert text.count("Sveriges Kommuner och Landsting") == 1
    assert PdfReader(pdf).metadata.author == "Anna Andersson, Bo Berg"
