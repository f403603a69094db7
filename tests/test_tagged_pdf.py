"""The PDF is tagged (PDF/UA-1): its structure tree follows the model, and kompass check-pdf proves it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from authoring.builder.build import build
from authoring.charts.draw import media_for
from authoring.cli.commands import main
from authoring.compose import compose
from authoring.model import BulletList, Contents, Figure, Heading, Paragraph, Region, ScoreBox, Table, inline_text
from authoring.checkers.pdf import RULES, check_pdf
from authoring.builder.plan import plan
from authoring.writers import pdf as pdf_writer

from .conftest import EXAMPLES, INPUTS
from .rich import ALT, STEPS
from .test_libreoffice import prepared

VARIANTS = (*EXAMPLES, "draft", "long-lists", "rich")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Build the PDF of every example and of a draft and a report whose lists table splits across pages."""
    root = tmp_path_factory.mktemp("tagged")
    folders = {name: INPUTS / name if name in EXAMPLES else prepared(name, root / name) for name in VARIANTS}
    return {name: build(folder, root / "out" / name, ("pdf",)).paths[0] for name, folder in folders.items()}


@pytest.fixture(scope="module")
def kalix_report():
    return compose(plan([INPUTS / "kalix-2012"]).items[0].evaluation)


@pytest.fixture(scope="module")
def untagged(tmp_path_factory, kalix_report) -> Path:
    """The Kalix PDF as reportlab writes it without tagging."""
    dest = tmp_path_factory.mktemp("untagged") / "kalix-untagged.pdf"
    pdf_writer.write(kalix_report, media_for(kalix_report), dest, tagged=False)
    return dest


def rules(failures) -> set[str]:
    return {failure.rule for failure in failures}


# --- every example passes ----------------------------------------------------------------------

@pytest.mark.parametrize("name", VARIANTS)
def test_every_example_pdf_is_tagged_and_passes_the_checker(built, name):
    info = subprocess.run(["pdfinfo", str(built[name])], check=True, capture_output=True, text=True).stdout
    qpdf = subprocess.run(["qpdf", "--check", str(built[name])], capture_output=True, text=True)

    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    assert check_pdf(built[name]) == []


def test_a_table_header_repeated_on_the_next_page_is_a_pagination_artifact(built):
    pdf = pikepdf.open(built["long-lists"])
    pages = [pikepdf.parse_content_stream(page) for page in pdf.pages]

    repeated = [n for n, ops in enumerate(pages, 1)
                if any(str(op) == "BDC" and operands[0] == "/Artifact"
                       and operands[1].get("/Type") == "/Pagination" for operands, op in ops)]

    assert repeated  # the Styrkor list is almost a page long: its table continues with the header
    assert check_pdf(built["long-lists"]) == []


# --- the checker rejects what is not accessible --------------------------------------------------

def test_the_checker_fails_an_untagged_reportlab_pdf_naming_each_rule(untagged):
    failures = check_pdf(untagged)

    assert {"struktur", "märkt-innehåll", "markinfo", "xmp-pdfua", "dokumenttitel"} <= rules(failures)
    assert rules(failures) <= set(RULES)
    assert any("sidan 3:" in f.message for f in failures if f.rule == "märkt-innehåll")


def test_the_checker_fails_a_pdf_whose_figure_lost_its_alt(built, tmp_path):
    damaged = tmp_path / "no-alt.pdf"
    with pikepdf.open(built["kalix-2012"]) as pdf:
        figure = next(e for e in structure(pdf) if e.S == "/Figure")
        del figure.Alt
        pdf.save(damaged)

    failures = check_pdf(damaged)

    assert rules(failures) == {"figur-alt"}
    assert len(failures) == 1 and "figur 1 av 10" in failures[0].message


def test_the_checker_fails_a_skipped_heading_level_and_a_table_without_scope(built, tmp_path):
    damaged = tmp_path / "damaged.pdf"
    with pikepdf.open(built["kalix-2012"]) as pdf:
        elements = structure(pdf)
        next(e for e in elements if e.S == "/H2").S = pikepdf.Name.H4
        del next(e for e in elements if e.S == "/TH").A
        pdf.save(damaged)

    failures = check_pdf(damaged)

    assert rules(failures) == {"rubriknivåer", "tabell-th"}
    assert any("är H4 men närmast föregående rubrik är H1" in f.message for f in failures)


def test_check_pdf_command_reports_each_file_and_exits_1_on_any_failure(built, untagged):
    runner = CliRunner()

    good = runner.invoke(main, ["check-pdf", str(built["kalix-2012"])])
    mixed = runner.invoke(main, ["check-pdf", str(built["norsjo-2015"]), str(untagged)])
    missing = runner.invoke(main, ["check-pdf", "finns-inte.pdf"])
    helped = runner.invoke(main, ["check-pdf", "--help"])

    assert good.exit_code == 0 and f"uppfyller alla {len(RULES)} regler" in good.output
    assert mixed.exit_code == 1
    assert "norsjo-2015.pdf: uppfyller alla" in mixed.output
    assert "kalix-untagged.pdf: [struktur] dokumentet saknar strukturträd" in mixed.output
    assert missing.exit_code == 2 and "finns-inte.pdf" in missing.output
    assert "Kontrollera att varje PDF är tillgänglig" in helped.output and "märkt-innehåll" in helped.output


def test_the_checker_fails_a_file_that_is_not_a_pdf(tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_text("inte en pdf", encoding="utf-8")

    assert rules(check_pdf(path)) == {"läsbar"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_checker_accepts_libreoffices_tagged_export_but_for_its_unmarked_title_page_rule(tmp_path):
    """A cross-check with a mature producer: LibreOffice's PDF/UA export of our DOCX passes every rule,
    except that LibreOffice 7.4 draws the title paragraph's border line outside marked content
    (a real PDF/UA defect, which veraPDF reports too)."""
    docx = build(INPUTS / "kalix-2012", tmp_path / "out", ("docx",)).paths[0]
    options = '{"UseTaggedPDF":{"type":"boolean","value":"true"},"PDFUACompliance":{"type":"boolean","value":"true"}}'
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"  # not another soffice's
    subprocess.run(["soffice", profile, "--headless", "--convert-to", f"pdf:writer_pdf_Export:{options}", "--outdir",
                    str(tmp_path / "lo"), str(docx)], check=True, capture_output=True, timeout=300)

    failures = check_pdf(tmp_path / "lo" / "kalix-2012.pdf")

    assert rules(failures) <= {"märkt-innehåll"}
    assert all(f.message.startswith("sidan 1: ") for f in failures)


# --- the structure tree follows the model --------------------------------------------------------

def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Return the structure elements in document order."""
    found = []

    def walk(node):
        kids = node.get("/K", [])
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                walk(kid)
    walk(pdf.Root.StructTreeRoot)
    return found


def marked_texts(path: Path) -> dict[tuple[int, int], str]:
    """Return the text of every marked-content sequence, by (page index, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    for index, page in enumerate(PdfReader(path).pages):
        stack: list[int | None] = []

        def before(operator, arguments, _cm, _tm):
            if operator in (b"BDC", b"BMC"):
                properties = arguments[1] if len(arguments) > 1 else None
                mcid = properties.get("/MCID") if hasattr(properties, "get") else None
                stack.append(mcid if mcid is not None else (stack[-1] if stack else None))
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(value, *_):
            if stack and stack[-1] is not None:
                texts[index, stack[-1]] = texts.get((index, stack[-1]), "") + value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


class Tree:
    """The Kalix PDF's structure elements with the text each holds."""

    def __init__(self, path: Path):
        self.pdf = pikepdf.open(path)
        self.elements = structure(self.pdf)
        self.pages = {page.objgen: index for index, page in enumerate(self.pdf.pages)}
        self.marked = marked_texts(path)

    def text(self, element) -> str:
        parts = []
        kids = element.get("/K", [])
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int):
                parts.append(self.marked.get((self.pages[element.Pg.objgen], kid), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                parts.append(self.marked.get((self.pages[kid.Pg.objgen], int(kid.MCID)), ""))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                parts.append(self.text(kid))
        return re.sub(r"\s+", " ", " ".join(parts)).strip()

    def of(self, role: str) -> list:
        return [e for e in self.elements if e.S == "/" + role]

    def kids(self, element, role: str) -> list:
        kids = element.get("/K", [])
        return [k for k in (kids if isinstance(kids, pikepdf.Array) else [kids])
                if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/" + role]


@pytest.fixture(scope="module")
def tree(built) -> Tree:
    return Tree(built["kalix-2012"])


def model_blocks(blocks):
    for block in blocks:
        if isinstance(block, Region):
            yield from model_blocks(block.blocks)
        else:
            yield block


def model_headings(report) -> list[tuple[int, str]]:
    """Return (level, text) of every heading the model has, the contents' title and sub-headings included."""
    found, level = [], 1
    for block in model_blocks(report.blocks):
        if isinstance(block, Heading):
            level = block.level
            found.append((level, block.title))
        elif isinstance(block, Contents):
            found.append((1, block.title))
        elif isinstance(block, Paragraph) and block.style == "subheading":
            found.append((level + 1, inline_text(block.runs)))
    return found


def test_the_structure_tree_has_every_heading_of_the_model_in_order_with_its_level(tree, kalix_report):
    headings = [(int(str(e.S)[2:]), tree.text(e)) for e in tree.elements if re.fullmatch(r"/H[1-6]", str(e.S))]

    assert len(headings) > 60
    assert headings == model_headings(kalix_report)


def test_every_chart_is_a_figure_with_the_models_alt_text(tree, kalix_report):
    alts = [str(f.Alt) for f in tree.of("Figure")]

    assert alts == [b.alt for b in model_blocks(kalix_report.blocks) if isinstance(b, Figure)]
    assert len(alts) == 10
    assert all(len(f.A.BBox) == 4 for f in tree.of("Figure"))
    assert [tree.text(c) for c in tree.of("Caption")][:2] == ["Figur 1. Poäng per område 2012",
                                                                "Figur 2. Kalix profil jämfört med medelvärdet av 3 kommuner"]


def test_every_table_of_the_model_is_a_table_with_column_header_cells(tree, kalix_report):
    blocks = [b for b in model_blocks(kalix_report.blocks) if isinstance(b, (Table, ScoreBox))]
    found = tree.of("Table")
    tables = [(b, e) for b, e in zip(blocks, found) if isinstance(b, Table)]

    assert len(found) == len(blocks) == len(tables) + 8 >= 8 + 8 + 2  # each area's score box is a table too
    for table, element in tables:
        (head,), (body,) = tree.kids(element, "THead"), tree.kids(element, "TBody")
        header = tree.kids(tree.kids(head, "TR")[0], "TH")
        rows = tree.kids(body, "TR")
        assert [tree.text(th) for th in header] == [inline_text(c.blocks[0].runs) for c in table.header]
        assert all(th.A.Scope == "/Column" and th.A.O == "/Table" for th in header)
        assert len(rows) == len(table.rows)
        assert all(len(tree.kids(row, "TD")) == len(table.header) for row in rows)


def test_the_appendix_tables_hold_the_question_scores_row_by_row(tree, kalix_report):
    appendix = [e for e in tree.of("Table")
                if tree.text(tree.kids(tree.kids(tree.kids(e, "THead")[0], "TR")[0], "TH")[0]) == "1."]
    rows = tree.kids(tree.kids(appendix[0], "TBody")[0], "TR")

    assert [tree.text(td) for td in tree.kids(rows[0], "TD")][0] == "1.1"
    assert [tree.text(td) for td in tree.kids(rows[-1], "TD")][1:3] == ["Totalt", "41"]


def test_a_lists_table_is_read_row_by_row_each_cell_a_list_with_labelled_items(tree, kalix_report):
    lists = [b for b in model_blocks(kalix_report.blocks)
             if isinstance(b, Table) and isinstance(b.rows[0][0].blocks[0], Region)]
    element = next(e for e in tree.of("Table")
                   if tree.text(tree.kids(tree.kids(tree.kids(e, "THead")[0], "TR")[0], "TH")[0]) == "Styrkor")
    cells = tree.kids(tree.kids(tree.kids(element, "TBody")[0], "TR")[0], "TD")

    items = [b for b in model_blocks(lists[0].rows[0][0].blocks) if isinstance(b, BulletList)][0].items
    (first,) = tree.kids(cells[0], "L")
    labelled = tree.kids(first, "LI")
    assert len(labelled) == len(items)
    assert [tree.text(tree.kids(li, "Lbl")[0]) for li in labelled] == ["•"] * len(items)
    assert tree.text(tree.kids(labelled[0], "LBody")[0]) == inline_text(items[0])


def test_the_document_entries_of_a_tagged_pdf(tree, kalix_report):
    root = tree.pdf.Root
    xmp = root.Metadata.read_bytes().decode("utf-8")

    assert root.MarkInfo.Marked is True and str(root.Lang) == "sv-SE"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and kalix_report.metadata.title in xmp
    assert [p.get("/Tabs") for p in tree.pdf.pages if "/Annots" in p][0] == "/S"
    assert all(str(link.get("/Contents", "")) for p in tree.pdf.pages for link in p.get("/Annots", []))


def test_an_evaluators_picture_table_and_numbered_list_are_tagged(built):
    rich = Tree(built["rich"])

    figures = {str(f.Alt) for f in rich.of("Figure")}
    numbered = next(l for l in rich.of("L") if rich.text(rich.kids(rich.kids(l, "LI")[0], "LBody")[0]) == STEPS[0])

    assert ALT in figures
    assert [rich.text(rich.kids(li, "Lbl")[0]) for li in rich.kids(numbered, "LI")] == ["1.", "2."]
    assert any(rich.text(th) == "Parti" for th in rich.of("TH"))


# --- tagging moves nothing -----------------------------------------------------------------------

def renders(path: Path, folder: Path) -> list[bytes]:
    """Return the pixels of every page rendered at 40 dpi."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(folder / "p")], check=True, timeout=120)
    return [Image.open(io.BytesIO(page.read_bytes())).convert("RGB").tobytes() for page in sorted(folder.glob("*.png"))]


def test_tagging_does_not_move_a_pixel(built, untagged, tmp_path):
    tagged = renders(built["kalix-2012"], tmp_path / "tagged")
    plain = renders(untagged, tmp_path / "plain")

    assert len(tagged) == len(plain) > 20
    assert [n for n, (a, b) in enumerate(zip(tagged, plain), 1) if a != b] == []
