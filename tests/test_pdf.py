"""The PDF holds the same report: extract its text, outline, fonts and metadata and compare."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from authoring.builder.build import build

from . import expected
from .conftest import INPUTS
from .pdftext import page_texts


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    return {name: build(INPUTS / name, out, ("pdf",)).paths[0] for name in ("kalix-2012", "ostersund-2015")}


@pytest.fixture(scope="module")
def kalix(built) -> PdfReader:
    return PdfReader(built["kalix-2012"])


def flat(text: str) -> str:
    """Return ``text`` with runs of white space as one space and no line-break hyphen gaps."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


@pytest.fixture(scope="module")
def text(kalix) -> str:
    return flat(" ".join(page_texts(kalix)))


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)
    walk(reader.outline)
    return titles


EXPECTED_HEADINGS = [
    "1 Vad är Kommunkompassen?",
    "2 Kalix kommun i förhållande till Kommunkompassen: En sammanfattande genomgång",
    "Utvärderingen", "Sammanfattning av resultat", "Jämförelser",
    "3 Detaljerad genomgång i förhållande till Kommunkompassens åtta områden",
    *[f"Område {n} {t}" for n, t in enumerate(expected.area_titles(), 1)],
    "4 Översikt av poängfördelning",
    "5 Kortfakta om Kalix kommun",
]


def test_outline_lists_every_chapter_and_area_in_order(kalix):
    assert outline_titles(kalix) == EXPECTED_HEADINGS


def test_headings_appear_in_the_text_in_order_after_the_contents(kalix):
    body = flat(" ".join(page_texts(kalix)[2:]))

    positions = [body.find(flat(h)) for h in EXPECTED_HEADINGS]

    assert -1 not in positions
    assert positions == sorted(positions)


def test_contents_has_page_numbers_that_match_the_outline_and_links(kalix):
    contents = flat(page_texts(kalix)[1])
    links = [a.get_object() for a in kalix.pages[1].get("/Annots", [])]

    lines = page_texts(kalix)[1].splitlines()
    listed = [int(m.group(1)) for line in lines if (m := re.fullmatch(r"[ .]*?(\d+)", line.strip()))]
    outline = [kalix.get_destination_page_number(e) + 1 for e in _flat_outline(kalix.outline)]

    assert all(flat(title) in contents for title in EXPECTED_HEADINGS)
    assert listed == outline
    assert outline[-1] > outline[0] > 2
    assert len(links) >= len(EXPECTED_HEADINGS)


def _flat_outline(entries):
    for entry in entries:
        if isinstance(entry, list):
            yield from _flat_outline(entry)
        else:
            yield entry


def test_every_question_row_shows_achieved_max_and_percent(text):
    scores = expected.scores("kalix-2012")
    points = expected.shown_questions("kalix-2012")

    for question in expected.questions():
        achieved, maximum = scores[question["id"]], Decimal(question["max"])
        row = flat(f"{question['id']} {question['text']} {points[question['id']]} {question['max']} "
                   f"{expected.shown_percent(achieved, maximum)}")
        assert row in text, row


def test_totals_items_prose_and_kortfakta_are_in_the_text(text):
    totals = expected.area_totals("kalix-2012")

    assert "Kalix kommun uppnår 415,7 av 800 möjliga poäng (52\u00a0%)" in text.replace(" %", "\u00a0%")
    for area, total in totals.items():
        assert f"Totalt {expected.shown_points(total)} 100" in text
        notes = expected.notes("kalix-2012", area)
        for items in notes["lists"].values():
            for item in items:
                assert flat(item) in text, item
        for heading, prose in notes["sections"].items():
            assert flat(heading) in text
            for paragraph in prose:
                assert flat(paragraph) in text, paragraph[:60]
    for label, value in expected.kortfakta("kalix-2012"):
        assert flat(label) in text and flat(value) in text


def test_only_embedded_fonts(kalix):
    fonts = {}
    for page in kalix.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), name
        assert "Helvetica" not in name


def test_pdffonts_lists_only_embedded_fonts(built):
    if not shutil.which("pdffonts"):
        pytest.fail("pdffonts (Debian poppler-utils) is missing: .ci/run installs it")
    output = subprocess.run(["pdffonts", str(built["kalix-2012"])], capture_output=True, text=True, check=True).stdout

    rows = [line.split() for line in output.splitlines()[2:]]

    assert rows and all(row[-5] == "yes" for row in rows), output  # the "emb" column
    assert not any("Helvetica" in row[0] for row in rows)


def test_metadata_title_and_language(kalix):
    assert kalix.metadata.title == "Kommunkompassen: Analys av Kalix kommun 2012"
    assert kalix.metadata.author and kalix.metadata.subject
    assert kalix.trailer["/Root"]["/Lang"] == "sv-SE"


def test_no_page_number_on_the_title_page(kalix):
    assert kalix.pages[0].extract_text().split() == ["Kommunkompassen", "Analys", "av", "Kalix", "kommun", "2012",
                                                     "november", "2012"]  # the date of the evaluation
    assert kalix.pages[1].extract_text().splitlines()[0] == "2"


def test_ostersund_area_1_shows_70_in_box_summary_and_appendix(built):
    text = flat(" ".join(page_texts(PdfReader(built["ostersund-2015"]))))

    # the summary table: Östersund 2015, the campaign average (inputs/kampanj.yaml), max
    assert re.search(r"1 Offentlighet och demokrati 70 [0-9]+(,[0-9])? 100", text)
    assert "Etik – motverkan av korruption 70" in text
    assert "Totalt 70 100 70 %" in text
    assert "68" not in re.findall(r"Totalt (\d+)", text)
