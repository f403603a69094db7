"""A house style is data: Kalix built in a style after SKL's 2016 reports shows it in PDF, DOCX and HTML.

The style is a campaign's ``report.yaml`` beside ``kampanj.yaml`` (docs/house-style.md). Each
check is made against the same report built in the package's default style, where the opposite holds.
"""

from __future__ import annotations

import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import lxml.html
import pytest
from docx import Document
from pypdf import PdfReader

from authoring.builder.build import build

from .conftest import INPUTS, replace_in
from .expected import area_titles, area_totals, shown_points

STYLE_2016 = """\
# After SKL's reports of 2015-2016: the unit above the title, one line per author, no contents,
# whole points, no chart per area, "1." before each area, a numbered caption over the summary table.
layout:
  title_page:
    above_title: [unit]
    lines: [subtitle]
    details: [dates]
    authors: one_per_line
  contents:
    show: false
  area_table:
    columns: [area, earlier, subject]
    caption: true
  area: [score_box, general_heading, general, score_sentence, notes, lists]
headings:
  area_row: "{nummer}. {titel}"
numbers:
  point_decimals: 0
"""
EARLIER = {1: "35", 2: "48.4", 3: "52", 4: "40", 5: "33", 6: "45", 7: "38", 8: "50"}
UNIT = "Avdelningen för ekonomi och styrning"


def whole(value: Decimal) -> str:
    return str(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def texts(paths: list[Path]) -> dict[str, str]:
    """Return each format's text: the PDF's pages, the DOCX's paragraphs and cells, the web page's body."""
    pdf, docx, html = paths
    document = Document(str(docx))
    cells = ["\t".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows]
    found = {"pdf": "\n".join(page.extract_text() for page in PdfReader(pdf).pages),
             "docx": "\n".join([p.text for p in document.paragraphs] + cells),
             "html": " ".join(lxml.html.fromstring(html.read_bytes()).body.itertext())}
    # One space for each run of spaces and line ends (a justified PDF line, a wrapped cell); no-break spaces stay.
    return {kind: re.sub("[ \t\r\n]+", " ", text) for kind, text in found.items()}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, dict]:
    """Kalix with two authors of one organisation, a unit and 2003's scores, built in both styles."""
    built = {}
    for style in ("default", "2016"):
        root = tmp_path_factory.mktemp(style)
        inputs = Path(shutil.copytree(INPUTS, root / "inputs"))
        replace_in(inputs / "kalix-2012" / "evaluation.yaml", "kortfakta:", (
            "authors:\n  - name: Leif Eldås\n    organisation: SKL\n  - name: Anna Andersson\n    organisation: SKL\n"
            f"publication:\n  unit: {UNIT}\nkortfakta:"))
        replace_in(inputs / "kalix-2012" / "evaluation.yaml", '    framework: "2007"',
                   '    framework: "2007"\n    scores: {' + ", ".join(f"{k}: {v}" for k, v in EARLIER.items()) + "}")
        if style == "2016":
            (inputs / "report.yaml").write_text(STYLE_2016, encoding="utf-8")
        result = build(inputs / "kalix-2012", root / "out", ("pdf", "docx", "html"))
        built[style] = {"paths": result.paths, "texts": texts(result.paths)}
    return built


FORMATS = ("pdf", "docx", "html")


@pytest.mark.parametrize("kind", FORMATS)
def test_no_contents(reports, kind):
    assert "Innehåll" in reports["default"]["texts"][kind]
    assert "Innehåll" not in reports["2016"]["texts"][kind]


@pytest.mark.parametrize("kind", FORMATS)
def test_one_line_per_author(reports, kind):
    default, styled = reports["default"]["texts"][kind], reports["2016"]["texts"][kind]
    assert "Leif Eldås och Anna Andersson, SKL" in default
    assert "Leif Eldås, SKL" in styled and "Anna Andersson, SKL" in styled
    assert "Leif Eldås och Anna Andersson" not in styled


@pytest.mark.parametrize("kind", FORMATS)
def test_whole_numbers_and_numbered_labels_in_the_captioned_summary_table(reports, kind):
    totals = area_totals("kalix-2012")
    titles = area_titles()
    total = sum(totals.values())
    styled, default = reports["2016"]["texts"][kind], reports["default"]["texts"][kind]
    assert f"uppnår {whole(total)} av 800 möjliga poäng" in styled
    assert f"uppnår {shown_points(total)} av 800" in default and "," in shown_points(total)
    assert "Tabell 1. Poäng per område" in styled and "Tabell 1." not in default
    for number, title in enumerate(titles, 1):
        earlier = whole(Decimal(EARLIER[number]))
        # The row: "1. Offentlighet och demokrati", 2003's score, then 2012's, each whole.
        row = re.compile(rf"{number}\. {re.escape(title)}\W+{earlier}\W+{whole(totals[number])}(?!,)\b")
        assert row.search(styled), (number, title)
        assert not row.search(default)
        shown = str(Decimal(EARLIER[number])).replace(".", ",")
        assert re.search(rf"\b{number} {re.escape(title)}\W+{shown_points(totals[number])}\W+{shown}\W+[0-9,]+\W+100\b",
                         default)  # 2012, 2003, the campaign's average, max
    assert styled.index("Tabell 1. Poäng per område") < styled.index(f"1. {titles[0]}")


@pytest.mark.parametrize("kind", FORMATS)
def test_area_scores_are_whole_in_the_chapters_and_the_appendix(reports, kind):
    styled = reports["2016"]["texts"][kind]
    for number, total in area_totals("kalix-2012").items():
        assert f"uppnår kommunen {whole(total)} av 100 poäng" in styled
    assert not re.search(r"uppnår kommunen \d+,\d", styled)


def test_no_chart_per_area(reports):
    for style, charts in (("default", 10), ("2016", 2)):
        pdf, docx, html = reports[style]["paths"]
        text = reports[style]["texts"]["pdf"]
        assert text.count("Uppnådd andel av maxpoängen per fråga") == charts - 2
        assert len(Document(str(docx)).inline_shapes) == charts
        assert len(lxml.html.fromstring(html.read_bytes()).findall(".//figure")) == charts


def test_title_page_unit_above_the_title_and_no_year_line(reports):
    pdf = reports["2016"]["paths"][0]
    lines = [line.strip() for line in PdfReader(pdf).pages[0].extract_text().splitlines() if line.strip()]
    assert lines.index(UNIT) < lines.index("Kommunkompassen")
    assert "2012" not in lines and "november 2012" in lines
    default = [line.strip() for line in PdfReader(reports["default"]["paths"][0]).pages[0].extract_text().splitlines()]
    assert default.index("Kommunkompassen") < default.index(UNIT) and "2012" in default
    docx = [p.text for p in Document(str(reports["2016"]["paths"][1])).paragraphs[:6]]
    assert docx.index(UNIT) < docx.index("Kommunkompassen")
