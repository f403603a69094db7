"""The DOCX holds up in a real client: LibreOffice lays out every word of the model, on no blank page."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from authoring.build import build
from authoring.compose import compose
from authoring.model import (BulletList, Heading, Paragraph, Picture, Region, ScoreBox, Table, TitlePage,
                            inline_text)
from authoring.plan import plan

from .office import convert
from .conftest import EXAMPLES, INPUTS
from .rich import make_rich
from .test_drafts import half_scored

DOCUMENTS = (*EXAMPLES, "draft", "long-lists", "rich")


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
                for row in (block.header, *block.rows):
                    for cell in row:
                        found += texts(cell.blocks)
            case ScoreBox():
                found += [block.heading, block.score_heading, *block.items, block.score]
            case TitlePage():
                found += [block.title, *block.lines, *block.footer]
            case Picture():
                found.append(block.caption)
    return [text for text in found if text.strip()]


def squeezed(text: str) -> str:
    """Return ``text`` without whitespace, hyphens or bullets, so line breaks, hyphenation and where a
    bullet glyph lands (a Symbol-font private-use character) do not matter."""
    return re.sub(r"[\s\-\u2010\u2011\u00ad\u2022\ue000-\uf8ff]+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module", params=DOCUMENTS)
def converted(request, tmp_path_factory):
    """Build one document's DOCX, convert it with LibreOffice; return its model texts and PDF pages."""
    root = tmp_path_factory.mktemp(request.param)
    name = request.param if request.param in EXAMPLES else "kalix-2012"
    if request.param == "rich":
        folder = make_rich(root / "in")  # a table, a numbered list and an image in the notes
    else:
        folder = Path(shutil.copytree(INPUTS / name, root / "in" / name))
    if request.param == "draft":
        half_scored(folder)
    if request.param == "long-lists":
        long_lists(folder)
    report = compose(plan([folder]).items[0].evaluation)
    docx = build(folder, root / "out", ("docx",)).paths[0]
    pdf = convert(docx, root / "lo", "pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return {"texts": texts(report.blocks), "pages": text.split("\f")[:-1], "draft": report.draft}


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
