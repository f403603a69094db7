"""The one-pass lookups of ``writers/docx_regions`` find what the per-paragraph searches find: each
paragraph's style (``paragraph_style_ids`` against ``p.find``) and the runs whose text is not read
(``skipped_runs`` against a look at each run's ancestors), in documents built to be awkward, and the
outside text of a real report is the same either way."""

from __future__ import annotations

from docx import Document
from lxml import etree

from authoring.builder.build import build
from authoring.writers import docx_regions as regions

from .conftest import INPUTS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AWKWARD = f"""<w:body xmlns:w="{W}">
  <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Rubrik</w:t></w:r></w:p>
  <w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Andra</w:t></w:r></w:p>
  <w:p><w:pPr><w:pStyle/></w:pPr><w:r><w:t>Utan namn</w:t></w:r></w:p>
  <w:p><w:pPr><w:pStyle w:val="TOC1"/><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t>Innehåll</w:t></w:r></w:p>
  <w:p><w:r><w:rPr><w:pStyle w:val="Heading1"/></w:rPr><w:t>Fel ställe</w:t></w:r></w:p>
  <w:p><w:r><w:t>Före</w:t></w:r><w:del><w:r><w:delText>bort</w:delText></w:r><w:r><w:t>ock</w:t></w:r></w:del>
    <w:moveFrom><w:r><w:t>flyttad</w:t></w:r></w:moveFrom>
    <w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>efter</w:t></w:r>
    <w:r><w:drawing><w:txbxContent><w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr>
      <w:r><w:t>Ruta</w:t></w:r><w:del><w:r><w:t>ej</w:t></w:r></w:del></w:p></w:txbxContent></w:drawing></w:r></w:p>
  <w:del><w:p><w:r><w:t>Hel stycke borta</w:t></w:r></w:p></w:del>
  <w:p/>
</w:body>"""


def _checked(body) -> None:
    styles, skipped = regions.paragraph_style_ids(body), regions.skipped_runs(body)
    paragraphs = list(body.iter(regions.W_P))
    assert paragraphs
    for p in paragraphs:
        style = p.find(regions.P_STYLE)
        assert (p in styles) == (style is not None)
        assert styles.get(p) == (style.get(regions.W_VAL) if style is not None else None)
        assert regions._is_section_style(styles.get(p)) == regions.is_section_heading(p)
        assert regions.paragraph_text(p, skipped) == regions.paragraph_text(p)
    assert regions.region_paragraphs(body, styles) == regions.region_paragraphs(body)


def test_one_pass_finds_what_each_paragraphs_search_finds_in_an_awkward_body():
    body = etree.fromstring(AWKWARD)

    _checked(body)

    styles = regions.paragraph_style_ids(body)
    assert sorted(v for v in styles.values() if v) == ["Heading1", "Heading2", "Heading3", "TOC1"]
    texts = [regions.paragraph_text(p, regions.skipped_runs(body)) for p in body.iter(regions.W_P)]
    assert texts[5] == "FöreefterRuta" and texts[6] == "Ruta" and texts[7] == ""  # a text box is read in its paragraph


def test_the_outside_text_of_a_report_is_what_the_searches_read(tmp_path):
    docx = next(p for p in build(INPUTS / "kalix-2012", tmp_path, ("docx",)).paths if p.suffix == ".docx")
    document = Document(str(docx))
    body = document.element.body

    _checked(body)

    names = regions._style_names(document.styles.element)
    inside = {p for found in regions.region_paragraphs(body).values() for p in found}
    table = regions.kortfakta_table(body, regions.bookmark_name(regions.KORTFAKTA))
    inside |= {p for row in list(table.iterchildren(regions.qn("w:tr")))[1:] for p in row.iter(regions.W_P)}
    searched = tuple(text for p in body.iter(regions.W_P) if p not in inside and not regions._style_name(
        p, names).startswith(("toc", "contents")) for text in [regions.paragraph_text(p)] if text)
    assert regions.outside_texts(document) == searched
    assert len(searched) > 100
