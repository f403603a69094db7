"""The DOCX holds up in a real client: LibreOffice lays out every word of the model, on no blank page."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from click.testing import CliRunner

from authoring.builder.build import build
from authoring.cli.commands import main
from authoring.source.framework import load_framework
from authoring.compose import compose
from authoring.model import (BulletList, Contents, Heading, Paragraph, Picture, Region, ScoreBox, Table, TitlePage,
                             inline_text)
from authoring.builder.plan import plan

from .office import convert_all
from .conftest import EXAMPLES, INPUTS
from .rich import make_rich
from .test_drafts import half_scored

DOCUMENTS = (*EXAMPLES, "draft", "long-lists", "rich", "framework-2007", "house-style")
# A campaign's house style (docs/house-style.md) with what the writers lay out differently: the unit
# above the title, chapters only in the contents and one worded apart, captions over tables.
HOUSE_STYLE = """\
layout:
  title_page: {above_title: [unit], lines: [subtitle], details: [dates], authors: one_per_line}
  contents: {levels: 1, entries: {areas: Områdena i detalj}}
  area_table: {columns: [area, subject, max], caption: true}
  area: [score_box, general, score_sentence, notes, question_chart, lists]
  per_area: {3: {heading: "{nummer}. Styrning och kontroll"}}
headings: {area_row: "{nummer}. {titel}"}
numbers: {point_decimals: 0}
"""


def framework_2007(root: Path) -> Path:
    """Return a complete 2007-framework evaluation (scaffolded, every question at 55 %, Kalix's notes)."""
    result = CliRunner().invoke(main, ["new", "Bjurholm", "2007", "--inputs", str(root)])
    assert result.exit_code == 0, result.output
    folder = root / "bjurholm-2007"
    for notes in (INPUTS / "kalix-2012" / "notes").glob("*.md"):
        shutil.copy(notes, folder / "notes" / notes.name)
    questions = load_framework("2007").questions.values()
    (folder / "scores.yaml").write_text("".join(f'"{q.id}": {q.max * Decimal("0.55")}\n' for q in questions),
                                        encoding="utf-8")
    meta = folder / "evaluation.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("evaluated:\n", "evaluated: [2007-12-04, 2007-12-05]\n")
                    .replace("interviewees:\n", "interviewees: 30\n"), encoding="utf-8")
    return folder


def long_lists(folder: Path) -> Path:
    """Give area 2 a Styrkor list almost a page long (a row that may not split left a blank page) and
    a sub-heading."""
    notes = folder / "notes" / "area-2.md"
    items = "".join(f"- Styrka nummer {n} med en förklaring som tar upp en hel rad i tabellens cell\n"
                    for n in range(1, 35))
    text = notes.read_text(encoding="utf-8").replace("## Styrkor\n\n", f"## Styrkor\n\n{items}", 1)
    notes.write_text(text.replace("## Brukarundersökningar\n\n", "## Brukarundersökningar\n\n### Enkäter\n\n", 1),
                     encoding="utf-8")
    return folder


def texts(blocks) -> list[str]:
    """Return the text of every paragraph, list item, table cell and heading in ``blocks``."""
    found = []
    for block in blocks:
        match block:
            case Heading():
                found.append(block.title)
            case Paragraph():
                found.append(inline_text(block.runs))
            case BulletList():
                found += [inline_text(item) for item in block.items]
            case Region():
                found += texts(block.blocks)
            case Table():
                found.append(block.title)
                for row in (block.header, *block.rows):
                    for cell in row:
                        found += texts(cell.blocks)
            case ScoreBox():
                found += [block.heading, block.score_heading, *block.items, block.score]
            case TitlePage():
                found += [*block.above, block.title, *block.lines, *block.details, *block.footer]
            case Picture():
                found.append(block.caption)
    return [text for text in found if text.strip()]


def squeezed(text: str) -> str:
    """Return ``text`` without whitespace, hyphens or bullets, so line breaks, hyphenation and where a
    bullet glyph lands (a Symbol-font private-use character) do not matter."""
    return re.sub(r"[\s\-\u2010\u2011\u00ad\u2022\ue000-\uf8ff]+", "", unicodedata.normalize("NFKC", text))


def prepared(document: str, root: Path) -> Path:
    """Return the input folder of ``document`` (an example, or a variation of Kalix) under ``root``."""
    name = document if document in EXAMPLES else "kalix-2012"
    if document == "framework-2007":
        return framework_2007(root / "in")
    if document == "rich":
        return make_rich(root / "in")  # a table, a numbered list and an image in the notes
    if document == "house-style":
        inputs = Path(shutil.copytree(INPUTS, root / "in" / "inputs"))
        (inputs / "report.yaml").write_text(HOUSE_STYLE, encoding="utf-8")
        meta = inputs / name / "evaluation.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace("kortfakta:", (
            "authors:\n  - name: Leif Eldås\n    organisation: SKL\n  - name: Anna Andersson\n    organisation: SKL\n"
            "publication:\n  unit: Avdelningen för ekonomi och styrning\nkortfakta:"), 1), encoding="utf-8")
        return inputs / name
    folder = Path(shutil.copytree(INPUTS / name, root / "in" / name))
    if document == "draft":
        half_scored(folder)
    if document == "long-lists":
        long_lists(folder)
    return folder


@pytest.fixture(scope="module")
def all_converted(tmp_path_factory):
    """Build every document's DOCX and convert them all in one LibreOffice run (its start-up is most
    of a conversion's time); return document -> its model texts and PDF pages."""
    root = tmp_path_factory.mktemp("libreoffice")
    reports, docx = {}, []
    for document in DOCUMENTS:
        folder = prepared(document, root / document)
        reports[document] = compose(plan([folder]).items[0].evaluation)
        built = build(folder, root / document / "out").paths[1]  # with the PDF: its contents' page numbers
        docx.append(Path(shutil.copy(built, root / f"{document}.docx")))
    pdfs = convert_all(docx, root / "lo", "pdf")
    found = {}
    for document, pdf in zip(DOCUMENTS, pdfs):
        report = reports[document]
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        levels = next((b.levels for b in report.blocks if isinstance(b, Contents)), 0)
        headings = [(b.contents_title, b.title) for b in report.blocks if isinstance(b, Heading) and b.in_contents
                    and b.level <= levels]
        found[document] = {"texts": texts(report.blocks), "pages": text.split("\f")[:-1], "draft": report.draft,
                           "headings": headings}
    return found


@pytest.fixture(params=DOCUMENTS)
def converted(request, all_converted):
    """Return one document's model texts and the pages LibreOffice laid its DOCX out on."""
    return all_converted[request.param]


def body(page: str) -> str:
    """Return a page's text without its header (a draft's mark) and footer (the page number)."""
    lines = [line for line in page.splitlines() if line.strip()]
    if lines and lines[0].strip() == "UTKAST":
        lines = lines[1:]
    if lines and lines[-1].strip().isdigit():
        lines = lines[:-1]
    return "\n".join(lines)


def laid_out(text: str, pages: list[str]) -> bool:
    """Return True if ``text`` is on one page, or broken across two pages (a paragraph in a table cell
    that continues on the next page has the repeated header row, and the rest of its row, between
    its halves; a word too long for its column may be broken anywhere, even across the pages)."""
    wanted = squeezed(text)
    if wanted in "".join(pages):
        return True
    return any(wanted[:k] in first and wanted[k:] in second
               for first, second in zip(pages, pages[1:]) for k in range(1, len(wanted)))


def test_every_paragraph_list_item_and_cell_of_the_model_is_in_libreoffices_pdf(converted):
    pages = [squeezed(body(page)) for page in converted["pages"]]

    missing = [text[:80] for text in converted["texts"] if not laid_out(text, pages)]

    assert len(converted["texts"]) > 200
    assert missing == []


def test_libreoffice_lays_out_no_blank_page(converted):
    pages = converted["pages"]

    bodies = [body(page) for page in pages]

    assert len(pages) > 20
    assert [number for number, body in enumerate(bodies, 1) if len(body) < 20] == []


def test_the_contents_page_numbers_are_where_libreoffice_puts_each_heading(converted):
    if not converted["headings"]:
        pytest.skip("this report has no contents page")
    pages = [squeezed(body(page)) for page in converted["pages"]]
    contents = pages[1].replace(".", "")
    headings = [(squeezed(entry), squeezed(title)) for entry, title in converted["headings"]]

    for (entry, heading), following in zip(headings, [*headings[1:], None]):
        after = re.escape(following[0].replace(".", "")) if following else "$"
        listed = re.search(re.escape(entry.replace(".", "")) + rf"(\d+)(?={after})", contents)
        found = next(number for number, page in enumerate(pages[2:], 3) if heading in page)
        assert listed and int(listed.group(1)) == found, (heading, listed and listed.group(1), found)
