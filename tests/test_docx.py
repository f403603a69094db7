"""The DOCX holds the whole report: open it with python-docx and compare with the input."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from authoring import load_evaluation
from authoring.builder.build import build
from authoring.compose import compose
from authoring.model import Region, Table
from authoring.writers.ooxml import bookmark_name

from . import expected
from .conftest import INPUTS

W_INSTR = qn("w:instrText")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    return {name: build(INPUTS / name, out, ("docx",)).paths[0] for name in ("kalix-2012", "ostersund-2015")}


@pytest.fixture(scope="module")
def kalix(built):
    return Document(str(built["kalix-2012"]))


def headings(document, levels=("Heading 1", "Heading 2")) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name in levels]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def appendix_tables(document) -> dict[int, list[list[str]]]:
    tables = {}
    for table in document.tables:
        first = table.rows[0].cells[0].text
        if first.endswith(".") and first[:-1].isdigit():
            tables[int(first[:-1])] = [[c.text for c in row.cells] for row in table.rows]
    return tables


def test_chapter_and_area_headings_in_order_with_numbers(kalix):
    areas = [f"Område {n} {t}" for n, t in enumerate(expected.area_titles(), 1)]

    assert headings(kalix) == [
        "1 Vad är Kommunkompassen?",
        "2 Kalix kommun i förhållande till Kommunkompassen: En sammanfattande genomgång",
        "Utvärderingen", "Sammanfattning av resultat", "Jämförelser",
        "3 Detaljerad genomgång i förhållande till Kommunkompassens åtta områden", *areas,
        "4 Översikt av poängfördelning",
        "5 Kortfakta om Kalix kommun",
    ]


def test_every_question_has_achieved_max_and_percent_as_computed(kalix):
    scores = expected.scores("kalix-2012")
    points = expected.shown_questions("kalix-2012")
    tables = appendix_tables(kalix)

    rows = [row for area in sorted(tables) for row in tables[area][1:-1]]

    assert len(rows) == 45
    for question, row in zip(expected.questions(), rows):
        achieved, maximum = scores[question["id"]], Decimal(question["max"])
        assert row == [question["id"], question["text"], points[question["id"]], str(question["max"]),
                       expected.shown_percent(achieved, maximum)]


def test_area_totals_and_grand_total_agree_everywhere(kalix):
    totals = expected.area_totals("kalix-2012")
    grand = expected.shown_points(sum(totals.values()))
    tables = appendix_tables(kalix)
    boxes = [t.rows[1].cells[1].text for t in kalix.tables if t.rows[0].cells[0].text == "Rubriker"]
    summary = next(t for t in kalix.tables if t.rows[0].cells[0].text == "Område")

    for area, total in totals.items():
        shown = expected.shown_points(total)
        assert tables[area][-1][1:4] == ["Totalt", shown, "100"]
        assert boxes[area - 1] == shown
        assert summary.rows[area].cells[1].text == shown
    assert grand == "415,7"
    assert summary.rows[9].cells[1].text == grand
    assert f"uppnår {grand} av 800 möjliga poäng" in all_text(kalix)


def test_every_strength_improvement_and_prose_paragraph_is_there(kalix):
    text = all_text(kalix)
    paragraphs = {p.text for p in kalix.paragraphs}

    for area in range(1, 9):
        notes = expected.notes("kalix-2012", area)
        for heading, items in notes["lists"].items():
            for item in items:
                assert item in text, (area, heading, item)
        for heading, prose in notes["sections"].items():
            assert heading in paragraphs, (area, heading)
            for paragraph in prose:
                assert paragraph in paragraphs, (area, paragraph[:60])


def test_kortfakta_rows_in_order(kalix):
    table = next(t for t in kalix.tables if t.rows[0].cells[0].text == "Uppgift")

    rows = [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]]

    assert rows == expected.kortfakta("kalix-2012")


def test_at_least_ten_pictures_each_with_alt_text(kalix):
    descriptions = [d.get("descr") for d in kalix.element.body.iter(qn("wp:docPr"))]

    assert len(descriptions) >= 10
    assert all(d and len(d) > 20 for d in descriptions)


def test_contents_is_a_toc_field_with_an_entry_per_chapter_and_area(kalix):
    instructions = "".join(e.text for e in kalix.element.body.iter(W_INSTR))
    entries = [p.text for p in kalix.paragraphs if p.style.name in ("TOC 1", "TOC 2")]

    assert 'TOC \\o "1-2"' in instructions
    assert [e.rsplit("\t", 1)[0] for e in entries] == headings(kalix)
    assert instructions.count("PAGEREF") == len(entries)


def test_language_is_swedish_and_properties_are_set(kalix, built):
    defaults = kalix.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    props = kalix.core_properties

    assert lang.get(qn("w:val")) == "sv-SE"
    assert props.language == "sv-SE"
    assert props.title == "Kommunkompassen: Analys av Kalix kommun 2012"
    assert props.subject and props.author
    # Reproducible: the evaluation's date (evaluated: 2012-11) unless SOURCE_DATE_EPOCH is set.
    assert props.created == props.modified == dt.datetime(2012, 11, 1, tzinfo=dt.timezone.utc)


def test_no_python_docx_leftovers(built):
    with zipfile.ZipFile(built["kalix-2012"]) as package:
        names = package.namelist()
        core = package.read("docProps/core.xml").decode()

    assert not any("thumbnail" in n for n in names)
    assert "python-docx" not in core and "2013-12-23" not in core


def test_header_rows_repeat_and_rows_do_not_split(kalix):
    for table in kalix.tables:
        first = table.rows[0]._tr.trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None


def test_every_evaluator_region_can_be_found_by_its_bookmark(kalix):
    body = kalix.element.body
    starts = {b.get(qn("w:id")): b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    # Collect the text between each bookmark's start and end, in document order.
    open_ids, texts = set(), {}
    for element in body.iter():
        if element.tag == qn("w:bookmarkStart"):
            open_ids.add(element.get(qn("w:id")))
        elif element.tag == qn("w:bookmarkEnd"):
            open_ids.discard(element.get(qn("w:id")))
        elif element.tag == qn("w:t"):
            for ident in open_ids:
                texts[starts[ident]] = texts.get(starts[ident], "") + (element.text or "")
    for area in range(1, 9):
        notes = expected.notes("kalix-2012", area)
        for index, (heading, prose) in enumerate(notes["sections"].items(), 1):
            assert prose[0][:40] in texts[f"kk_area_{area}_section_{index}"]
        assert notes["lists"]["Styrkor"][0] in texts[f"kk_area_{area}_styrkor"]
        assert notes["lists"]["Förbättringsmöjligheter"][-1] in texts[f"kk_area_{area}_forbattringar"]
    assert "16 591" in texts["kk_kortfakta"]


@pytest.mark.parametrize("name, special", [("norsjo-2015", {"kk_summary", "kk_area_2_intro"}),
                                           ("ostersund-2015", {"kk_area_1_svagheter"})])
def test_every_region_of_the_model_has_its_bookmark(name, special, tmp_path):
    evaluation = load_evaluation(INPUTS / name)
    regions = [b.name for b in _walk(compose(evaluation).blocks) if isinstance(b, Region)]
    document = Document(str(build(INPUTS / name, tmp_path, ("docx",)).paths[0]))

    names = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}

    assert special <= {bookmark_name(r) for r in regions}
    assert {bookmark_name(r) for r in regions} <= names


def _walk(blocks):
    for block in blocks:
        yield block
        if isinstance(block, Region):
            yield from _walk(block.blocks)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield from _walk(cell.blocks)


def test_ostersund_area_1_shows_70_everywhere(built):
    document = Document(str(built["ostersund-2015"]))
    box = next(t for t in document.tables if t.rows[0].cells[0].text == "Rubriker")
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Område")
    appendix = appendix_tables(document)[1]

    assert box.rows[1].cells[1].text == "70"
    assert summary.rows[1].cells[1].text == "70"
    assert appendix[-1][2] == "70" and appendix[-1][4] == "70\u00a0%"
    assert "Inom området offentlighet och demokrati uppnår kommunen 70 av 100 poäng (70\u00a0%)." in all_text(document)



def test_shown_question_points_add_up_to_the_shown_area_total(kalix):
    tables = appendix_tables(kalix)

    for rows in tables.values():
        shown = [Decimal(row[2].replace(",", ".")) for row in rows[1:-1]]
        assert sum(shown) == Decimal(rows[-1][2].replace(",", "."))
