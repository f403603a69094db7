"""A report fit for publication: several references, the title page, the back page, one font.

One test evaluation (Kalix with an earlier evaluation, two named reference municipalities,
authors of two organisations, a publishing unit, dates as a range and a colophon) is built once;
each test finds its feature in both formats, in the right place.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader
from rich.console import Console

from authoring.builder.batch import batch
from authoring.builder.build import build
from authoring.compose import compose
from authoring.source.evaluation import load_evaluation, read_evaluation
from authoring.model import Figure

from .conftest import INPUTS, replace_in
from .office import convert
from .pdftext import page_texts

VINDELN = "{1: 55, 2: 48, 3: 60, 4: 57, 5: 50, 6: 52, 7: 49, 8: 58}"
BJURHOLM = "{1: 45, 2: 58, 3: 50, 4: 47, 5: 60, 6: 42, 7: 59, 8: 48}"
PUBLICATION = """publication:
  unit: Avdelningen för Ekonomi och styrning
  publisher: Sveriges Kommuner och Landsting
  year: 2013
  contact: "118 82 Stockholm, tfn 08-452 70 00"
  registration: ISBN 978-91-7164-000-0
  closing: |
    Sveriges Kommuner och Landsting tackar Kalix kommun för ett gott samarbete.
"""
AUTHORS = """authors:
  - name: Anna Andersson
    organisation: Sveriges Kommuner och Landsting
  - name: Bo Berg
    organisation: Sveriges Kommuner och Landsting
  - name: Cecilia Ceder
    organisation: Umeå universitet
"""


def publication_evaluation(folder):
    """Write the test evaluation into ``folder`` (a copy of Kalix) and return it."""
    shutil.copytree(INPUTS / "kalix-2012", folder)
    meta = folder / "evaluation.yaml"
    replace_in(meta, 'evaluated: "2012-11"', "evaluated: [2012-11-04, 2012-11-05]")
    replace_in(meta, '    framework: "2007"', "    scores: {1: 40, 2: 45, 3: 50, 4: 42, 5: 38, 6: 47, 7: 35, 8: 52}\n"
               '    framework: "2007"')
    replace_in(meta, "kortfakta:", AUTHORS + PUBLICATION + "references:\n"
               f"  - {{kind: municipality, name: Vindeln, year: 2011, scores: {VINDELN}}}\n"
               f"  - {{kind: municipality, name: Bjurholm, year: 2010, scores: {BJURHOLM}}}\nkortfakta:")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("publication")
    folder = publication_evaluation(root / "kalix-2012")
    pdf, docx = build(folder, root / "out").paths
    pages = [re.sub(r"\s+", " ", page) for page in page_texts(PdfReader(pdf))]
    paragraphs = [p.text for p in Document(str(docx)).paragraphs]
    return folder, pdf, docx, pages, paragraphs


def test_the_title_page_has_unit_dates_and_each_author_with_their_organisation(built):
    _, _, _, pages, paragraphs = built
    cover = paragraphs[:paragraphs.index("Innehåll")]
    expected = ["Avdelningen för Ekonomi och styrning", "4–5 november 2012",
                "Anna Andersson och Bo Berg, Sveriges Kommuner och Landsting", "Cecilia Ceder, Umeå universitet"]

    for line in expected:
        assert line in pages[0]
        assert line in cover
    assert cover.index(expected[0]) < cover.index(expected[2])  # the unit above the authors


def test_both_references_are_described_in_correct_swedish_in_both_formats(built):
    _, _, _, pages, paragraphs = built
    pdf_text = " ".join(pages)
    docx_text = " ".join(paragraphs)
    sentences = ["Som referens visas Vindelns kommun, utvärderad 2011.",
                 "Som ytterligare referens visas Bjurholms kommun, utvärderad 2010."]

    for sentence in sentences:
        assert sentence in pdf_text
        assert sentence in docx_text
    assert "Vindeln kommun" not in pdf_text + docx_text
    caption = "Kalix profil jämfört med Kalix 2003, Vindelns kommun 2011 och Bjurholms kommun 2010"
    assert caption in pdf_text and caption in docx_text


def test_the_summary_table_and_the_radar_show_every_reference(built):
    folder, _, docx, _, _ = built
    table = next(t for t in Document(str(docx)).tables if t.rows[0].cells[0].text == "Område")
    radar = next(b.chart for b in compose(load_evaluation(folder)).blocks
                 if isinstance(b, Figure) and b.chart.kind == "radar")

    assert [c.text for c in table.rows[0].cells] == ["Område", "Kalix 2012", "Kalix 2003", "Vindeln 2011",
                                                    "Bjurholm 2010", "Max"]
    assert [c.text for c in table.rows[1].cells][3:5] == ["55", "45"]
    assert [s.name for s in radar.series] == ["Kalix 2012", "Kalix 2003", "Vindeln 2011", "Bjurholm 2010"]


def test_the_closing_text_and_the_back_page_end_the_report(built):
    _, _, _, pages, paragraphs = built

    assert "Sveriges Kommuner och Landsting tackar Kalix kommun" in pages[-1]
    for line in ("Utgivare: Sveriges Kommuner och Landsting", "Utgivningsår: 2013",
                 "Kontakt: 118 82 Stockholm, tfn 08-452 70 00", "Registreringsnummer: ISBN 978-91-7164-000-0"):
        assert line in pages[-1]
        assert line in paragraphs[-4:]


def test_the_document_subject_uses_the_official_name(tmp_path):
    folder = publication_evaluation(tmp_path / "bjurholm-2012")
    replace_in(folder / "evaluation.yaml", "municipality: Kalix", "municipality: Bjurholm")

    metadata = compose(load_evaluation(folder)).metadata

    assert metadata.subject == "Kommunkompassen 2012, Bjurholms kommun"


def test_reference_and_references_together_is_an_error_with_its_line(tmp_path):
    folder = publication_evaluation(tmp_path / "kalix-2012")
    replace_in(folder / "evaluation.yaml", "references:", f"reference: {{kind: municipality, name: Umeå, "
               f"scores: {VINDELN}}}\nreferences:")

    evaluation, problems = read_evaluation(folder)

    assert evaluation is None
    assert any("antingen reference" in str(p) for p in problems), [str(p) for p in problems]


def test_a_logo_in_the_evaluation_folder_is_on_the_title_page(tmp_path):
    folder = publication_evaluation(tmp_path / "kalix-2012")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "#1F4E79").save(buffer, format="PNG")
    (folder / "logo.png").write_bytes(buffer.getvalue())
    replace_in(folder / "evaluation.yaml", "  unit:", "  logo: logo.png\n  logo_alt: Kalix kommuns logotyp\n  unit:")

    pdf, docx = build(folder, tmp_path / "out").paths

    first = next(Document(str(docx)).element.body.iter(qn("wp:docPr")))
    assert first.get("descr") == "Kalix kommuns logotyp"
    assert len(PdfReader(pdf).pages[0].images) == 1


def test_the_docx_embeds_the_pdfs_font_family(built):
    _, pdf, docx, _, _ = built
    document = Document(str(docx))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    pdf_fonts = {font.split("+")[-1] for font in _fonts(pdf)}

    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "DejaVu Sans"
    assert pdf_fonts == {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}
    assert document.settings.element.find(qn("w:embedTrueTypeFonts")) is not None
    with zipfile.ZipFile(docx) as archive:
        table = archive.read("word/fontTable.xml").decode()
        keys = re.findall(r'<w:embed(\w+) r:id="(\w+)" w:fontKey="(\{[0-9A-F-]+\})"', table)
        targets = dict(re.findall(r'Id="(\w+)"[^>]*Target="(fonts/[^"]+)"',
                                  archive.read("word/_rels/fontTable.xml.rels").decode()))
        faces = {face: _deobfuscated(archive.read(f"word/{targets[rid]}"), key) for face, rid, key in keys}
    assert sorted(faces) == ["Bold", "BoldItalic", "Italic", "Regular"]
    for face, font in faces.items():
        assert font["name"].getBestFamilyName() == "DejaVu Sans", face


def test_libreoffice_shows_the_docx_in_the_same_font_family(built, tmp_path):
    _, _, docx, _, _ = built

    pdf = convert(docx, tmp_path, "pdf")

    families = {font.split("+")[-1].split("-")[0] for font in _fonts(pdf)}
    assert families == {"DejaVuSans"}  # bullets too: "•" in the family, no Symbol font


def _fonts(pdf) -> list[str]:
    output = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    return [line.split()[0] for line in output.splitlines()[2:]]


def _deobfuscated(data: bytes, key: str) -> TTFont:
    mask = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    plain = bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32])) + data[32:]
    return TTFont(io.BytesIO(plain))


def test_a_campaigns_publication_data_fills_what_the_evaluation_leaves_out(tmp_path):
    folder = publication_evaluation(tmp_path / "inputs" / "kalix-2012")
    replace_in(folder / "evaluation.yaml", "  unit: Avdelningen för Ekonomi och styrning\n", "")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "#C55A11").save(buffer, format="PNG")
    (tmp_path / "kampanj-logo.png").write_bytes(buffer.getvalue())
    (tmp_path / "kampanj.yaml").write_text(
        "name: Test\nevaluations: [inputs/kalix-2012]\npublication:\n  unit: Avdelningen för kampanjer\n"
        "  publisher: Kampanjens utgivare\n  logo: kampanj-logo.png\n", encoding="utf-8")

    pdf, docx = build(folder, tmp_path / "out").paths

    first_page = PdfReader(pdf).pages[0]
    assert "Avdelningen för kampanjer" in first_page.extract_text()
    assert len(first_page.images) == 1
    last = page_texts(PdfReader(pdf))[-1]
    assert "Utgivare: Sveriges Kommuner och Landsting" in last  # the evaluation's own key wins
    assert "Avdelningen för kampanjer" in [p.text for p in Document(str(docx)).paragraphs[:10]]


def test_a_new_campaign_logo_rebuilds_the_reports_that_show_it(tmp_path):
    folder = publication_evaluation(tmp_path / "inputs" / "kalix-2012")
    (tmp_path / "kampanj.yaml").write_text(
        "name: Test\nevaluations: [inputs/kalix-2012]\npublication:\n  logo: kampanj-logo.png\n", encoding="utf-8")
    for colour in ("#C55A11", "#2E75B6"):
        buffer = io.BytesIO()
        Image.new("RGB", (300, 100), colour).save(buffer, format="PNG")
        (tmp_path / "kampanj-logo.png").write_bytes(buffer.getvalue())
        statuses = _batch_statuses(tmp_path / "kampanj.yaml", tmp_path / "out")
        assert statuses == {"kalix-2012": "built"}, colour

    assert _batch_statuses(tmp_path / "kampanj.yaml", tmp_path / "out") == {"kalix-2012": "skipped"}


def _batch_statuses(campaign: Path, out: Path) -> dict[str, str]:
    result = batch([campaign], out, jobs=1, console=Console(quiet=True))
    return {o.name: o.status for o in result.outcomes}
