"""What a real client needs of the DOCX beyond the table styles: direct bold, real sub-headings, true properties."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from authoring.builder.build import build

from .conftest import INPUTS, replace_in

SUBHEADING = "Kanaler för dialog"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Build Kalix with a '### ' sub-heading in area 1; return the DOCX."""
    root = tmp_path_factory.mktemp("clients")
    folder = Path(shutil.copytree(INPUTS / "kalix-2012", root / "kalix-2012"))
    replace_in(folder / "notes" / "area-1.md", "Dialog med medborgarna sker",
               f"### {SUBHEADING}\n\nDialog med medborgarna sker")
    return build(folder, root / "out", ("docx",)).paths[0]


@pytest.fixture(scope="module")
def document(built):
    return Document(str(built))


def runs_are_bold(cell) -> bool:
    runs = list(cell._tc.iter(qn("w:r")))
    return bool(runs) and all(r.find(qn("w:rPr")) is not None and r.find(qn("w:rPr")).find(qn("w:b")) is not None
                              for r in runs)


def test_every_header_row_is_bold_by_direct_formatting(document):
    for table in document.tables:
        assert all(runs_are_bold(cell) for cell in table.rows[0].cells), table.rows[0].cells[0].text


def test_total_rows_are_bold_and_body_rows_are_not(document):
    totals = [t for t in document.tables if t.rows[-1].cells[0].text == "Totalt" or
              (len(t.rows[-1].cells) > 1 and t.rows[-1].cells[1].text == "Totalt")]

    assert len(totals) == 9  # the summary table and the eight appendix tables
    for table in totals:
        assert all(runs_are_bold(cell) for cell in table.rows[-1].cells if cell.text)
        assert not any(runs_are_bold(cell) for cell in table.rows[1].cells)


def test_a_sub_heading_is_a_heading_4_that_looks_like_bold_text_outside_the_contents(document):
    paragraph = next(p for p in document.paragraphs if p.text == SUBHEADING)
    style = document.styles["Heading 4"]
    contents = [p.text for p in document.paragraphs if p.style.name.startswith("TOC ")]

    assert paragraph.style.name == "Heading 4"
    assert style.element.pPr.outlineLvl.val == 3
    body = document.styles["Normal"].font.size.pt  # looks like bold body text
    assert (style.font.bold, style.font.italic, style.font.size.pt, str(style.font.color.rgb)) == (True, False, body, "222222")
    assert style.paragraph_format.keep_with_next
    assert not any(SUBHEADING in entry for entry in contents)


def test_app_properties_say_kompass_and_claim_no_other_application(built):
    with zipfile.ZipFile(built) as package:
        app = package.read("docProps/app.xml").decode()

    assert "<Application>Kompass</Application>" in app
    assert "Microsoft" not in app and "Word" not in app and "Macintosh" not in app
    assert "<Pages>" not in app and "<Words>" not in app  # counts that would be false
