"""The DOCX writer's direct XML is what python-docx's own API makes: elements, runs, table cells."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement as docx_element
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from authoring.writers import ooxml
from authoring.writers.docx_tables import _cells, _set_width, vertical_centre


def xml(element) -> bytes:
    return etree.tostring(element)


@pytest.mark.parametrize("tag", ["w:p", "w:r", "w:t", "w:pPr", "w:tbl", "w:hyperlink", "w:bookmarkStart", "wp:docPr"])
def test_an_element_is_python_docxs(tag):
    ours, theirs = ooxml.OxmlElement(tag), docx_element(tag)
    assert type(ours) is type(theirs) and xml(ours) == xml(theirs)
    assert ooxml.OxmlElement(tag) is not ours  # a new element each time


TEXTS = ["Poäng", " med blanksteg ", "kolumn\tett\ttvå", "rad ett\nrad två\r\nrad tre", "\t", "\n\n", "slut\n",
         "35\u00a0%", ""]


@pytest.mark.parametrize("text", TEXTS)
def test_a_run_of_text_is_python_docxs(text):
    document = Document()
    theirs = document.add_paragraph()
    theirs.add_run(text)
    ours = document.add_paragraph()
    ooxml.add_text_run(ours._p, text)
    assert xml(ours._p) == xml(theirs._p)


def test_the_cells_and_widths_of_a_new_table_are_python_docxs():
    document = Document()
    theirs, ours = (document.add_table(rows=3, cols=3) for _ in range(2))
    widths = [Cm(2.54), Cm(10.3), Cm(3.18)]
    for row in theirs.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    theirs.rows[1].cells[2].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row in ours.rows:
        cells = _cells(row, ours)
        assert [c._tc for c in cells] == [c._tc for c in row.cells]
        for cell, width in zip(cells, widths):
            _set_width(cell, width)
    vertical_centre(ours.rows[1].cells[2]._tc)
    assert xml(ours._tbl) == xml(theirs._tbl)
    assert theirs._tbl.find(qn("w:tr")).find(qn("w:tc")) is not None


@pytest.mark.parametrize("text", ["", "Allmänt", "rad ett\nrad två"])
def test_a_new_paragraph_in_the_body_or_a_cell_is_python_docxs(text):
    document = Document()
    style = document.styles["Heading 2"]
    theirs_table, ours_table = (document.add_table(rows=1, cols=1) for _ in range(2))
    for theirs_container, ours_container in ((document, document), (theirs_table.cell(0, 0), ours_table.cell(0, 0))):
        theirs = theirs_container.add_paragraph(text)
        theirs.style = style
        ours = ooxml.new_paragraph(ours_container, style.style_id, text)
        assert xml(ours._p) == xml(theirs._p)
        assert ours._p.getparent() is not None
    body = document.element.body
    assert body[-1].tag == qn("w:sectPr")  # still the body's last child: the paragraphs came before it
    assert xml(ours_table._tbl) == xml(theirs_table._tbl)
