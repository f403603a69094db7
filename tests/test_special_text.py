"""Evaluator text is text in both writers: markup characters come out literally, Markdown renders."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from authoring.builder.build import build

from .conftest import replace_in
from .pdftext import page_texts

LITERAL = "Forskning R&D < 5 % och x<y hos AT&T, skrivet &nbsp; som text."
NOTE = (f"## Specialtecken\n\n{LITERAL} **Fetstil** och *kursiv* och "
        "[en länk](https://example.org/a?b=1&c=2).\n\n- Punkt med <b>R&D</b> < 5 %\n\n")


@pytest.fixture
def outputs(kalix, tmp_path):
    replace_in(kalix / "notes" / "area-1.md", "## Styrkor", NOTE + "## Styrkor")
    return build(kalix, tmp_path / "out").paths


def test_docx_keeps_markup_characters_and_renders_markdown(outputs):
    document = Document(str(next(p for p in outputs if p.suffix == ".docx")))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Forskning"))
    runs = {r.text: r for r in paragraph.runs}
    link = paragraph._p.find(qn("w:hyperlink"))
    target = document.part.rels[link.get(qn("r:id"))].target_ref

    assert LITERAL in paragraph.text
    assert runs["Fetstil"].bold and runs["kursiv"].italic
    assert "".join(t.text for t in link.iter(qn("w:t"))) == "en länk"
    assert target == "https://example.org/a?b=1&c=2"
    assert any(p.text == "Punkt med <b>R&D</b> < 5 %" for p in document.paragraphs)


def test_pdf_keeps_markup_characters_and_renders_markdown(outputs):
    reader = PdfReader(next(p for p in outputs if p.suffix == ".pdf"))
    text = re.sub(r"\s+", " ", " ".join(page_texts(reader)))
    uris = [a.get_object()["/A"].get("/URI") for page in reader.pages for a in page.get("/Annots", [])
            if a.get_object().get("/A", {}).get("/URI")]

    assert LITERAL in text
    assert "Fetstil och kursiv och en länk." in text
    assert "Punkt med <b>R&D</b> < 5 %" in text
    assert "https://example.org/a?b=1&c=2" in uris


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["&", "<", ">", '"', "'", "\n", "\r", "\t", "a", "ö", "&amp;", "&lt;", "&gt;",
                                 "&nbsp;", " ", "&#10;"]), max_size=12).map("".join))
def test_the_pdf_markups_escaping_is_that_of_xml_sax_saxutils(value):
    from xml.sax import saxutils

    from authoring.writers import pdf_markup

    assert pdf_markup.escape(value) == saxutils.escape(value)
    assert pdf_markup.quoteattr(value) == saxutils.quoteattr(value)
    assert pdf_markup.unescape(value) == saxutils.unescape(value)
    assert pdf_markup.unescape(value, {"&nbsp;": "\xa0"}) == saxutils.unescape(value, {"&nbsp;": "\xa0"})
