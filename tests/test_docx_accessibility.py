"""The DOCX meets the accessibility rules Word's checker applies that can be checked statically."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn

from authoring.builder.build import build
from authoring.compose import compose
from authoring.model import Figure, Heading, Paragraph, Table, inline_text
from authoring.builder.plan import plan

from .conftest import INPUTS
from .test_tagged_pdf import model_blocks


@pytest.fixture(scope="module")
def kalix(tmp_path_factory):
    folder = INPUTS / "kalix-2012"
    path = build(folder, tmp_path_factory.mktemp("out"), ("docx",)).paths[0]
    return Document(str(path)), compose(plan([folder]).items[0].evaluation)


def test_every_heading_and_sub_heading_has_the_heading_style_of_its_level(kalix):
    document, report = kalix
    expected = [(f"Heading {b.level}", b.title) if isinstance(b, Heading) else ("Heading 4", inline_text(b.runs))
                for b in model_blocks(report.blocks)
                if isinstance(b, Heading) or (isinstance(b, Paragraph) and b.style == "subheading")]

    found = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]

    assert len(found) > 60
    assert found == expected


def test_every_picture_has_the_models_alt_text(kalix):
    document, report = kalix

    descriptions = [d.get("descr") for d in document.element.body.iter(qn("wp:docPr"))]

    assert descriptions == [b.alt for b in model_blocks(report.blocks) if isinstance(b, Figure)]


def test_every_data_table_has_a_repeated_header_row(kalix):
    document, report = kalix
    tables = [t for t in document.tables if t.style.name != "Kompass Poängruta"]

    assert len(tables) == len([b for b in model_blocks(report.blocks) if isinstance(b, Table)])
    assert all(t.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None for t in tables)


def test_the_document_title_is_set(kalix):
    document, report = kalix

    assert document.core_properties.title == report.metadata.title != ""


def test_no_empty_paragraph_makes_space_only_separators_where_word_needs_them(kalix):
    document, _ = kalix
    body = document.element.body
    empty = [p for p in body.iterchildren(qn("w:p"))
             if not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip() and p.find(f".//{qn('w:drawing')}") is None
             and p.find(f".//{qn('w:br')}") is None]

    for p in empty:  # between two tables (Word merges adjacent tables), or closing a body that ends in one
        before, after = p.getprevious(), p.getnext()
        assert before is not None and before.tag == qn("w:tbl"), "an empty paragraph not after a table"
        assert after.tag in (qn("w:tbl"), qn("w:sectPr")), "an empty paragraph used for space"
    assert len(empty) == 8  # the seven between the eight appendix tables, and the one closing the body


def test_the_score_boxes_are_small_data_tables_with_a_header_row(kalix):
    document, report = kalix
    boxes = [t for t in document.tables if t.style.name == "Kompass Poängruta"]

    assert len(boxes) == 8
    for box in boxes:
        assert box.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        assert [c.text for c in box.rows[0].cells] == ["Rubriker", "Poäng"]
