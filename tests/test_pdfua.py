"""The tagged PDF holds up under readers we did not write: poppler's structure text, LibreOffice's export
of our DOCX, and the defects independent PDF/UA validators found (issue 22). One test per defect."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn
from reportlab.pdfgen.canvas import Canvas

from authoring.builder.build import build
from authoring.builder.plan import plan
from authoring.checkers.pdf import check_pdf
from authoring.compose import compose
from authoring.model import Heading, Paragraph, Region, ScoreBox, Table, inline_text
from authoring.problems import Problems
from authoring.source.notes import parse_notes
from authoring.writers.notes_markdown import markdown
from authoring.writers.pdf_styles import paragraph_styles
from authoring.writers.pdf_text import RLParagraph

from .conftest import INPUTS
from .office import _profile
from .test_libreoffice import prepared


def rules(failures) -> set[str]:
    return {failure.rule for failure in failures}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Build the PDF of Kalix, of a draft and of the rich evaluation."""
    root = tmp_path_factory.mktemp("pdfua")
    folders = {"kalix-2012": INPUTS / "kalix-2012", "draft": prepared("draft", root / "draft"),
               "rich": prepared("rich", root / "rich")}
    return {name: build(folder, root / "out" / name, ("pdf",)).paths[0] for name, folder in folders.items()}


@pytest.fixture(scope="module")
def kalix_report():
    return compose(plan([INPUTS / "kalix-2012"]).items[0].evaluation)


# --- the document level ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["kalix-2012", "draft"])
def test_the_xmp_stream_has_no_empty_filter_array(built, name):
    with pikepdf.open(built[name]) as pdf:
        metadata = pdf.Root.Metadata

        assert "/Filter" not in metadata.stream_dict or len(metadata.stream_dict.Filter) > 0
        assert b"<pdfuaid:part>1</pdfuaid:part>" in metadata.read_bytes()


def test_the_fonts_map_no_code_to_u0000(built):
    with pikepdf.open(built["kalix-2012"]) as pdf:
        cmaps = {font.objgen: font.ToUnicode.read_bytes().decode("latin-1")
                 for page in pdf.pages for font in page.Resources.Font.values()}

    assert len(cmaps) >= 3  # regular, bold, italic
    for cmap in cmaps.values():
        mapped = re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
        assert mapped and all(value != "0000" for _code, value in mapped)
        assert all(int(block) <= 100 for block in re.findall(r"(\d+) beginbfchar", cmap))


# --- poppler's structure text --------------------------------------------------------------------

def structure_text(path: Path) -> list[tuple[int, str, str]]:
    """Return ``pdfinfo -struct-text``'s elements of ``path`` in order: (depth, role, text it holds)."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(path)], check=True, capture_output=True, text=True).stdout
    elements: list[list] = []
    for line in out.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        content = line.strip()
        if content.startswith('"'):
            for element in elements:  # the text belongs to every open element above it
                if element[0] < depth and element[3]:
                    element[2] += content[1:-1]
        elif content and not content.startswith(("Object ", "/")):  # not an annotation, not an attribute
            for element in elements:
                element[3] = element[3] and element[0] < depth
            elements.append([depth, content.split(" ")[0].rstrip(":"), "", True])
    return [(depth, role, text) for depth, role, text, _open in elements]


def test_the_contents_read_title_then_page_number_each_entry_one_link(built, kalix_report):
    elements = structure_text(built["kalix-2012"])
    entries = [text for _depth, role, text in elements if role == "TOCI"]
    links = [text for _depth, role, text in elements if role == "Link"]
    headings = [h for h in model_headings(kalix_report.blocks) if h.in_contents]

    assert entries[0] == "1 Vad är Kommunkompassen? 3"
    assert len(entries) == len(headings) > 10
    assert [re.sub(r" \d+$", "", entry) for entry in entries] == [h.title for h in headings]
    assert links[:len(entries)] == entries  # the entry's whole text is its one link's
    assert not any("." * 3 in entry.replace(" ", "") for entry in entries)  # leaders are artifacts


def test_a_wrapped_line_keeps_the_space_between_its_words(built, kalix_report):
    """Every paragraph of chapters 1 and 3 reads in the structure text as the model has it: no word
    glued to the first word of the next line ("ta till sigKalixbornas")."""
    elements = structure_text(built["kalix-2012"])
    chapters = [i for i, (depth, role, text) in enumerate(elements) if role == "H1"]
    titles = [elements[i][2] for i in chapters]
    one, three = (chapters[n] for n, t in enumerate(titles) if t.startswith(("1 ", "3 ")))
    end_one, end_three = (next(i for i in chapters if i > start) for start in (one, three))
    found = [text for depth, role, text in elements[one:end_one] + elements[three:end_three]
             if depth == 1 and role == "P"]
    model = {normalised(inline_text(p.runs)) for p in paragraphs(kalix_report.blocks)}

    assert len(found) > 40
    assert [normalised(text) for text in found if normalised(text) not in model] == []
    assert any("ta till sig Kalixbornas" in text for text in found)


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def paragraphs(blocks):
    for block in blocks:
        if isinstance(block, Region):
            yield from paragraphs(block.blocks)
        elif isinstance(block, Paragraph):
            yield block


def model_headings(blocks):
    for block in blocks:
        if isinstance(block, Region):
            yield from model_headings(block.blocks)
        elif isinstance(block, Heading):
            yield block


# --- links ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["kalix-2012", "rich"])
def test_every_link_element_holds_its_text_beside_its_annotation(built, name):
    with pikepdf.open(built[name]) as pdf:
        annotations = [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]
        links = []

        def walk(node):
            kids = node.get("/K", [])
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            if node.get("/S") == "/Link":
                links.append(kids)
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        texts = [[k for k in kids if isinstance(k, int) or isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"]
                 for kids in links]
        objects = [[k.Obj.objgen for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
                   for kids in links]

        assert len(links) == len(annotations) >= (17 if name == "kalix-2012" else 1)  # 16 entries and a web link
        assert all(texts) and all(objects)  # no Link element without its text or its annotation
        assert sorted(o for objs in objects for o in objs) == sorted(a.objgen for a in annotations)
        assert all(int(a.F) & 4 for a in annotations)  # printed, as the page


def test_a_web_address_in_the_notes_is_a_link_with_its_text_inside_the_paragraph(built):
    elements = structure_text(built["kalix-2012"])
    index = next(i for i, (_d, role, text) in enumerate(elements)
                 if role == "P" and "Millenniekommun" in text)

    assert elements[index + 1][1:] == ("Link", "http://www.millenniekommun.se/")
    with pikepdf.open(built["kalix-2012"]) as pdf:
        (web,) = [a for page in pdf.pages for a in page.get("/Annots", [])
                  if "millennie" in str(a.get("/A", {}).get("/URI"))]
        assert str(web.Contents) == str(web.A.URI) == "http://www.millenniekommun.se/"


# --- web addresses are links, in every format -----------------------------------------------------

SKL = "www.skl.se/kommunkompassen"


def test_a_web_address_in_a_standard_text_is_a_link_in_the_model(kalix_report):
    runs = [run for p in paragraphs(kalix_report.blocks) for run in p.runs if SKL in run.text]

    assert [(run.text, run.href) for run in runs] == [(SKL, f"http://{SKL}")]


def test_the_standard_texts_web_address_is_a_link_in_the_docx_and_the_pdf(built, tmp_path):
    docx = Document(build(INPUTS / "kalix-2012", tmp_path, ("docx",)).paths[0])
    elements = structure_text(built["kalix-2012"])

    assert [(link.text, link.url) for p in docx.paragraphs for link in p.hyperlinks if SKL in link.text] == \
        [(SKL, f"http://{SKL}")]
    assert ("Link", SKL) in [(role, text) for _depth, role, text in elements]


def test_notes_written_back_keep_an_address_as_the_evaluator_wrote_it():
    text = f"Se {SKL} och <http://www.millenniekommun.se/> eller [sidan](https://example.se/a)."
    blocks = parse_notes(Path("notes/area-1.md"), text, Problems()).intro

    assert markdown(blocks) == text
    assert [run.href for run in blocks[0].runs if run.href] == [f"http://{SKL}", "http://www.millenniekommun.se/",
                                                                 "https://example.se/a"]


# --- LibreOffice's PDF/UA export of our DOCX ---------------------------------------------------------

PDFUA_EXPORT = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
                '"PDFUACompliance":{"type":"boolean","value":"true"}}')


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory) -> dict[str, Path]:
    """LibreOffice's PDF/UA export of the Kalix DOCX and of the rich one (with an evaluator's picture)."""
    root = tmp_path_factory.mktemp("lo-pdfua")
    docx = [build(INPUTS / "kalix-2012", root / "kalix", ("docx",)).paths[0],
            build(prepared("rich", root / "rich"), root / "rich" / "out", ("docx",)).paths[0]]
    copies = [Path(shutil.copy(path, root / f"{name}.docx")) for name, path in zip(("kalix-2012", "rich"), docx)]
    subprocess.run(["soffice", _profile(), "--headless", "--convert-to", PDFUA_EXPORT, "--outdir", str(root / "lo"),
                    *map(str, copies)], check=True, capture_output=True, timeout=600)
    return {path.stem: root / "lo" / f"{path.stem}.pdf" for path in copies}


@pytest.mark.parametrize("name, pictures", [("kalix-2012", 10), ("rich", 11)])
def test_libreoffices_pdfua_export_of_our_docx_has_no_figure_without_alt_text(libreoffice_pdfs, name, pictures):
    with pikepdf.open(libreoffice_pdfs[name]) as pdf:
        role_map = {str(k): str(v) for k, v in pdf.Root.StructTreeRoot.get("/RoleMap", {}).items()}
        figures = []

        def walk(node):
            kids = node.get("/K", [])
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if "/Figure" in (str(kid.S), role_map.get(str(kid.S))):
                        figures.append(str(kid.get("/Alt", "")).strip())
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)

    assert "/Figure" not in role_map  # no paragraph style named as a structure type
    assert len(figures) == pictures and all(figures)
    assert rules(check_pdf(libreoffice_pdfs[name])) <= {"märkt-innehåll"}  # LibreOffice's title border line


# --- kompass check-pdf: the new rules fail what the validators failed --------------------------------

def damaged(source: Path, dest: Path, change) -> Path:
    """Return ``dest``: ``source`` with ``change(pdf)`` applied."""
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(dest)
    return dest


def elements(pdf: pikepdf.Pdf, role: str) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node):
        kids = node.get("/K", [])
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if kid.S == "/" + role:
                    found.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def test_the_checker_fails_a_standard_type_remapped_as_libreoffice_did_with_figure(built, tmp_path):
    """LibreOffice tagged our "Figure" paragraphs as Figure elements without /Alt and mapped Figure to P;
    the checker followed the map and passed the file."""
    def figure_paragraphs(pdf):
        pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(Figure=pikepdf.Name.P)
        elements(pdf, "P")[5].S = pikepdf.Name.Figure

    failures = check_pdf(damaged(built["kalix-2012"], tmp_path / "figure-p.pdf", figure_paragraphs))

    assert rules(failures) == {"rollkarta", "figur-alt"}
    assert any("mappar standardtypen Figure till P" in f.message for f in failures)


def test_the_checker_fails_a_link_element_that_holds_only_its_annotation(built, tmp_path):
    def empty_links(pdf):
        for link in elements(pdf, "Link")[:2]:
            link.K = pikepdf.Array([k for k in link.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"])

    failures = check_pdf(damaged(built["kalix-2012"], tmp_path / "empty-links.pdf", empty_links))

    assert rules(failures) == {"länktext"}
    assert "2 av 18 Link-element saknar text (sidan 2)" in failures[0].message


@pytest.mark.parametrize("reads, says", [(". . . . . . . . 3 1 Vad är Kommunkompassen?", "utfyllnadspunkterna"),
                                         ("3 1 Vad är Kommunkompassen?", "sidnumret före rubriken")])
def test_the_checker_fails_a_contents_entry_read_with_leaders_or_page_number_first(built, tmp_path, reads, says):
    def reread(pdf):
        elements(pdf, "Link")[0].ActualText = pikepdf.String(reads)

    failures = check_pdf(damaged(built["kalix-2012"], tmp_path / "contents.pdf", reread))

    assert rules(failures) == {"innehåll"}
    assert f"1 av 16 poster i innehållsförteckningen (sidan 2) läses med {says}" in failures[0].message


def test_the_checker_fails_words_glued_at_line_ends(built, tmp_path):
    """The space at the end of each wrapped line taken out again, as reportlab wrote it."""
    def glue(pdf):
        for page in pdf.pages:
            operations = pikepdf.parse_content_stream(page)
            for index, (operands, operator) in enumerate(operations[:-1]):
                if str(operator) == "Tj" and str(operations[index + 1][1]) == "T*" and bytes(operands[0]).endswith(b" "):
                    operations[index] = ([pikepdf.String(bytes(operands[0])[:-1])], operator)
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))

    failures = check_pdf(damaged(built["kalix-2012"], tmp_path / "glued.pdf", glue))

    assert rules(failures) == {"radslut"}
    assert "radbrytningar skriver ihop två ord utan mellanslag" in failures[0].message


def test_a_paragraph_continued_on_the_next_page_keeps_its_spaces_on_both_pages():
    """reportlab's text of a split paragraph's second part has lost its spaces ("bygga ihopdelarna"
    in Östersund); each part wraps where the paragraph's own text has a space."""
    words = " ".join(f"ord{n}" for n in range(120))
    paragraph = RLParagraph(words, paragraph_styles()["body"])
    paragraph.wrap(300, 10000)
    parts = paragraph.split(300, 80)
    canvas = Canvas(io.BytesIO())
    for part in parts:
        part.wrap(300, 10000)
        part.drawOn(canvas, 0, 0)

    shown = "".join(re.findall(r"\((.*?)\) Tj", " ".join(canvas._code)))

    assert len(parts) == 2
    assert shown.split() == words.split()


# --- a draft's charts and lists ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def draft_report(tmp_path_factory):
    return compose(plan([prepared("draft", tmp_path_factory.mktemp("draft-model"))]).items[0].evaluation)


def test_a_drafts_radar_draws_no_mark_at_a_value_for_an_area_not_scored_yet(draft_report):
    from matplotlib.lines import Line2D

    from authoring.charts.plots import drawn

    radar = next(c for c in draft_report.charts if c.kind == "radar")
    missing = [n for n, value in enumerate(radar.series[0].values, 1) if value is None]
    with drawn(radar) as figure:
        axes = figure.axes[0]
        marks = [line for line in axes.get_lines() if line.get_label() == radar.missing_label]
        labels = [label.get_text() for label in axes.get_xticklabels()]
        legend = [text.get_text() for legend in figure.legends for text in legend.get_texts()]

    assert missing == [6, 7]
    assert [len(line.get_ydata()) for line in marks] == [0]  # in the legend only: no point at a radius
    assert [n for n, label in enumerate(labels, 1) if label.startswith("\u00d7")] == missing
    assert radar.missing_label in legend


def test_a_drafts_missing_list_says_so_in_its_cell(draft_report, built):
    tables = [b for b in tables_of(draft_report.blocks) if b.header and
              inline_text(b.header[0].blocks[0].runs) == "Styrkor"]
    area_8 = tables[-1].rows[0][0]
    text = subprocess.run(["pdftotext", "-layout", str(built["draft"]), "-"], check=True, capture_output=True,
                          text=True).stdout

    assert [inline_text(b.runs) for b in area_8.blocks if isinstance(b, Paragraph)] == \
        ["Listan saknas ännu."]
    assert [b.blocks[0].items for b in area_8.blocks if isinstance(b, Region)] == [()]  # the region stays the evaluator's
    assert text.count("Listan saknas ännu") == 1
    assert all(not isinstance(b, Paragraph) for t in tables[:-1] for b in t.rows[0][0].blocks)


def tables_of(blocks):
    for block in blocks:
        if isinstance(block, Region):
            yield from tables_of(block.blocks)
        elif isinstance(block, Table):
            yield block


# --- the score box: a small table with header cells, in both formats ---------------------------------

def test_the_score_box_is_a_table_with_header_cells_in_the_pdf_and_the_docx(built, kalix_report, tmp_path):
    box = next(b for b in kalix_report.blocks if isinstance(b, ScoreBox))
    elements = structure_text(built["kalix-2012"])
    start = next(i for i, (_d, role, text) in enumerate(elements) if role == "Table" and text.startswith(box.heading))
    depth = elements[start][0]
    table = [(d - depth, role, text) for d, role, text in elements[start:start + 40]]
    table = table[:next((i for i, (d, _r, _t) in enumerate(table[1:], 1) if d <= 0), len(table))]
    docx = Document(build(INPUTS / "kalix-2012", tmp_path, ("docx",)).paths[0])
    first = next(t for t in docx.tables if t.rows[0].cells[0].text == box.heading)

    assert [text for _d, role, text in table if role == "TH"] == [box.heading, box.score_heading]
    assert [role for d, role, _t in table if d == 3] == ["TH", "TH", "TD", "TD"]  # THead/TBody > TR > cells
    assert [text for d, role, text in table if role == "TD"][1] == box.score
    assert [text for _d, role, text in table if role == "LBody"] == list(box.items)
    assert [c.text for c in first.rows[0].cells] == [box.heading, box.score_heading]
    assert first.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # Word's header row: TH in its PDF


def test_an_element_without_content_of_its_own_says_on_which_page_its_content_begins(built):
    """A Table, a TOCI or a list without /Pg could not be placed by a validator (a ruled grid "that no
    Table covers")."""
    with pikepdf.open(built["kalix-2012"]) as pdf:
        missing = [str(e.S) for role in ("Table", "TOCI", "L", "TR") for e in elements(pdf, role) if "/Pg" not in e]

    assert missing == []
