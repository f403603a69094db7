"""The HTML writer lays out the same Report: every text of the model, in order, in semantic HTML5.

The pages are read with a real HTML parser (lxml), as the LibreOffice test reads the DOCX through
LibreOffice. The clients (the Nu Html Checker, axe-core in chromium) are in test_html_clients.py.
"""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from click.testing import CliRunner

from authoring.builder.build import build
from authoring.cli.commands import main
from authoring.compose import compose
from authoring.builder.plan import plan
from authoring.model import (BulletList, Figure, Heading, Paragraph, PageBreak, Picture, Region, Report, ScoreBox,
                             Table, inline_text)
from authoring.writers import html as html_writer

from .conftest import EXAMPLES, INPUTS
from .test_libreoffice import prepared, squeezed, texts

DOCUMENTS = (*EXAMPLES, "draft", "rich")
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Build every document as HTML only; return document -> (its model, its page's path)."""
    root = tmp_path_factory.mktemp("html")
    found = {}
    for document in DOCUMENTS:
        folder = prepared(document, root / document)
        report = compose(plan([folder]).items[0].evaluation)
        [path] = build(folder, root / document / "out", ("html",)).paths
        found[document] = (report, path)
    return found


@pytest.fixture(params=DOCUMENTS)
def page(request, pages):
    """Return one document's model and its page parsed."""
    report, path = pages[request.param]
    return report, lxml.html.fromstring(path.read_bytes()), path


def in_order(wanted: list[str], text: str) -> list[str]:
    """Return the texts of ``wanted`` not found in ``text`` one after the other (squeezed: whitespace aside)."""
    missing, position = [], 0
    for item in wanted:
        found = text.find(squeezed(item), position)
        if found < 0:
            missing.append(item[:80])
        else:
            position = found + len(squeezed(item))
    return missing


def model_headings(blocks, level=1):
    """Yield (level, text) of the model's headings and notes sub-headings (one below their section), in order."""
    for block in blocks:
        match block:
            case Heading():
                level = block.level
                yield block.level, block.title
            case Paragraph(style="subheading"):
                yield level + 1, inline_text(block.runs)
            case Region():
                yield from model_headings(block.blocks, level)


def test_every_heading_paragraph_list_item_and_cell_of_the_model_is_in_the_page_in_order(page):
    report, tree, _ = page
    body = tree.find("body")

    wanted = texts(report.blocks)

    assert len(wanted) > 200
    assert in_order(wanted, squeezed(body.text_content())) == []


def test_headings_are_h1_to_h4_in_the_models_order_and_levels(page):
    report, tree, _ = page
    found = [(int(h.tag[1]), " ".join(h.text_content().split())) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]

    expected = [(level, " ".join(text.split())) for level, text in model_headings(report.blocks)]
    contents = [b for b in report.blocks if type(b).__name__ == "Contents"]

    assert found == ([(1, contents[0].title)] if contents else []) + expected
    assert {level for level, _ in found} <= {1, 2, 3, 4}
    assert all(b - a <= 1 for (a, _), (b, _) in zip(found, found[1:]))


def test_the_page_says_its_language_and_title_and_has_landmarks(page):
    report, tree, _ = page

    assert tree.get("lang") == "sv"
    assert tree.findtext(".//title") == report.metadata.title
    assert len(tree.findall(".//main")) == 1 and len(tree.findall(".//header")) == 1
    assert tree.find(".//main").getparent().tag == "body"


def test_the_contents_are_a_nav_of_links_to_every_heading_it_lists(page):
    report, tree, _ = page
    navs = tree.findall(".//nav")
    if not any(type(b).__name__ == "Contents" for b in report.blocks):
        assert navs == []
        return
    listed = [h for h in report.blocks if isinstance(h, Heading) and h.in_contents and h.level <= 2]

    links = navs[0].findall(".//a")

    assert [(a.get("href"), a.text_content()) for a in links] == [(f"#{h.anchor}", h.title) for h in listed]
    assert all(tree.get_element_by_id(h.anchor).tag == f"h{h.level}" for h in listed)


def test_every_table_has_a_caption_and_every_header_cell_a_scope(page):
    report, tree, _ = page
    tables = tree.findall(".//table")
    model_tables = [b for b in walk(report.blocks) if isinstance(b, (Table, ScoreBox))]

    assert len(tables) == len(model_tables) > 10
    assert all(t.find("caption") is not None and t.find("caption").text_content().strip() for t in tables)
    assert [t.find("caption").text_content() for t in tables] == [b.caption for b in model_tables]
    assert all(th.get("scope") in ("col", "row") for th in tree.iter("th"))
    assert all(th.get("scope") == "col" for t in tables for th in t.find("thead").iter("th"))


def test_the_lists_table_reads_row_by_row_styrkor_before_forbattringsmojligheter(pages):
    report, path = pages["kalix-2012"]
    tree = lxml.html.fromstring(path.read_bytes())
    table = next(t for t in tree.iter("table") if t.find("caption").text_content().startswith("Styrkor"))
    model = next(b for b in walk(report.blocks) if isinstance(b, Table) and b.caption == table.find("caption").text)

    cells = table.find("tbody").findall("tr/td")
    items = [[" ".join(li.text_content().split()) for li in cell.iter("li")] for cell in cells]

    assert [th.text_content() for th in table.find("thead").iter("th")] == ["Styrkor", "Förbättringsmöjligheter"]
    assert items == [[inline_text(i) for i in region.blocks[0].items] for cell in model.rows[0]
                     for region in cell.blocks]


def test_each_chart_has_its_alt_text_caption_and_a_link_to_the_table_with_its_numbers(page):
    report, tree, _ = page
    figures = [b for b in walk(report.blocks) if isinstance(b, Figure)]
    found = [f for f in tree.iter("figure") if "chart" in f.get("class")]

    assert len(found) == len(figures) == 10
    for element, figure in zip(found, figures):
        link = element.find("figcaption").find(".//a")
        assert element.find("img").get("alt") == figure.alt
        assert element.find("figcaption").text_content().startswith(figure.caption)
        target = tree.get_element_by_id(link.get("href")[1:])
        assert target.tag == "table" and target.find("caption").text == link.text_content()
        assert element.find("img").get("src").startswith("data:image/png;base64,")


def test_the_charts_are_the_same_images_as_the_pdfs_and_the_docxs(pages):
    from authoring.charts.draw import media_for

    report, path = pages["kalix-2012"]
    tree = lxml.html.fromstring(path.read_bytes())
    media = media_for(report)

    images = [base64.b64decode(i.get("src").split(",", 1)[1]) for i in tree.iter("img")]

    assert images == [media[f.chart.key] for f in walk(report.blocks) if isinstance(f, Figure)]


def test_the_score_box_is_a_small_table_of_the_rubriker_and_the_score(pages):
    report, path = pages["kalix-2012"]
    tree = lxml.html.fromstring(path.read_bytes())
    box = next(b for b in walk(report.blocks) if isinstance(b, ScoreBox))

    table = next(t for t in tree.iter("table") if "score-box" in (t.get("class") or ""))

    assert [th.text_content() for th in table.iter("th")] == [box.heading, box.score_heading]
    assert [li.text_content() for li in table.iter("li")] == list(box.items)
    assert table.find_class("score")[0].text_content() == box.score == "41"


def test_a_draft_says_utkast_at_the_top_and_ends_with_the_att_gora_list(pages):
    report, path = pages["draft"]
    tree = lxml.html.fromstring(path.read_bytes())
    final = lxml.html.fromstring(pages["kalix-2012"][1].read_bytes())

    last_list = tree.find("body/main").findall(".//ul")[-1]

    assert tree.find("body").get("class") == "draft"
    assert tree.find("body")[0].text_content() == "UTKAST" and tree.find_class("watermark")[0].get("aria-hidden")
    assert tree.find_class("title-note")[0].text_content().startswith("UTKAST – ej för publicering")
    assert [h.text_content() for h in tree.iter("h1")][-1] == "Att göra"
    assert [li.text_content() for li in last_list.iter("li")] == list(report.todo)
    assert "@top-center { content: \"UTKAST\"" in tree.findtext(".//style")
    assert not final.find_class("draft-mark") and final.find("body").get("class") is None
    assert "@top-center { content: \"" not in final.findtext(".//style")


def test_swedish_typography_decimal_comma_no_break_space_before_percent_and_a_dash_for_missing(pages):
    tree = lxml.html.fromstring(pages["draft"][1].read_bytes())
    text = tree.find("body").text_content()
    appendix = [t for t in tree.iter("table") if (t.get("id") or "").startswith("kk_table_area-")]
    percentages = [row[-1].text_content() for t in appendix for row in t.find("tbody")]
    areas = {row[0].text_content(): row[1].text_content() for row in tree.get_element_by_id("kk_table_areas").find("tbody")}

    assert f"uppnår kommunen 41 av 100 poäng (41{NBSP}%)" in text
    assert "65,6" in text and "65.6" not in text
    assert len(appendix) == 8 and all(re.fullmatch(rf"\d+{NBSP}%|–", p) for p in percentages)
    assert percentages.count("–") == 10  # 6.4-6.6 and 7.1-7.5 are not scored, nor are the totals of areas 6 and 7
    assert areas["6 Kommunen som arbetsgivare – personalpolitik"] == areas["Totalt"] == "–"
    assert areas["3 Politisk styrning och kontroll"] == "65,6"


def test_nothing_is_loaded_from_elsewhere_only_the_reports_own_links_lead_out(page):
    report, tree, path = page
    own = {run.href for block in walk(report.blocks) for run in runs_of(block) if run.href}
    source = path.read_text(encoding="utf-8")

    addresses = [e.get(a) for e in tree.iter() for a in ("src", "href") if e.get(a)]
    outside = {a for a in addresses if not a.startswith(("#", "data:"))}

    assert outside == {a for a in own if not a.startswith("#")}
    assert all(e.get("src").startswith("data:") for e in tree.iter() if e.get("src"))  # every image is in the file
    assert tree.findall(".//script") == [] and tree.findall(".//link") == [] and tree.findall(".//iframe") == []
    assert re.findall(r"url\((?!data:)", source) == []
    assert "@import" not in source


def test_the_font_is_embedded_as_woff2_and_covers_every_character_of_the_page(pages):
    from fontTools.ttLib import TTFont

    tree = lxml.html.fromstring(pages["rich"][1].read_bytes())
    style = tree.findtext(".//style")
    fonts = re.findall(r"font-weight: (\d+); font-style: (\w+);[^}]*base64,([A-Za-z0-9+/=]+)", style)
    shown = set(tree.find("body").text_content()) - set("\n\t")

    assert sorted((weight, slant) for weight, slant, _ in fonts) == [("400", "italic"), ("400", "normal"),
                                                                      ("700", "italic"), ("700", "normal")]
    for _, _, data in fonts:
        woff2 = base64.b64decode(data)
        font = TTFont(io.BytesIO(woff2))
        assert woff2[:4] == b"wOF2"
        assert {c for c in shown if ord(c) not in font.getBestCmap()} == set()


def test_an_unknown_block_is_refused_not_dropped():
    report = Report(compose(plan([INPUTS / "kalix-2012"]).items[0].evaluation).metadata, (object(),))

    with pytest.raises(TypeError, match="the HTML writer cannot lay out object"):
        html_writer.render(report, {})


def test_build_format_html_writes_one_file_and_format_takes_a_list(tmp_path):
    html_only = CliRunner().invoke(main, ["build", str(INPUTS / "kalix-2012"), "--out", str(tmp_path / "a"),
                                          "--format", "html"])
    listed = CliRunner().invoke(main, ["build", str(INPUTS / "kalix-2012"), "--out", str(tmp_path / "b"),
                                       "--format", "pdf,html"])
    wrong = CliRunner().invoke(main, ["build", str(INPUTS / "kalix-2012"), "--out", str(tmp_path / "c"),
                                      "--format", "pdf,odt"])

    assert html_only.exit_code == 0 and listed.exit_code == 0, (html_only.output, listed.output)
    assert sorted(p.name for p in (tmp_path / "a" / "kalix-2012").iterdir()) == [".kompass-build.json", "kalix-2012.html"]
    assert sorted(p.name for p in (tmp_path / "b" / "kalix-2012").iterdir()) == [
        ".kompass-build.json", "kalix-2012.html", "kalix-2012.pdf"]
    assert wrong.exit_code == 2 and "'odt' är inget format: välj bland pdf, docx och html" in wrong.output
    assert not (tmp_path / "c").exists()


def test_two_builds_in_separate_processes_give_the_same_page(tmp_path):
    def built(out: Path) -> bytes:
        subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", "build",
                        str(INPUTS / "norsjo-2015"), "--out", str(out), "--format", "html"], check=True,
                       capture_output=True, env={**os.environ})
        return (out / "norsjo-2015" / "norsjo-2015.html").read_bytes()

    assert built(tmp_path / "a") == built(tmp_path / "b")


def test_batch_site_writes_the_campaigns_page_with_the_summarys_numbers_and_links(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(INPUTS / "kampanj.yaml"), "--out", str(out), "--site"])
    tree = lxml.html.fromstring((out / "index.html").read_bytes())
    sheet = openpyxl.load_workbook(out / "sammanstallning.xlsx")["Sammanställning"]
    expected = [["–" if v is None else f"{v:g}".replace(".", ",") if isinstance(v, float) else str(v)
                 for v in row[3:]] for row in sheet.iter_rows(min_row=2, values_only=True)]

    rows = tree.find(".//tbody").findall("tr")
    shown = [[c.text_content() for c in row[2:-1]] for row in rows]
    links = {a.get("href") for a in tree.iter("a")}

    assert result.exit_code == 0, result.output
    assert tree.find(".//caption").text_content() and tree.findtext(".//h1") == "Exempelkampanj: sammanställning"
    assert shown == expected
    assert [r[0].text_content() for r in rows][:3] == [row[0] for row in sheet.iter_rows(min_row=2, max_row=4,
                                                                                         values_only=True)]
    assert all((out / link).is_file() for link in links)
    assert {f"kalix-2012/kalix-2012.{kind}" for kind in ("html", "pdf", "docx")} <= links
    assert "sammanstallning.xlsx" in links


def walk(blocks):
    """Yield every block, those inside regions and table cells too, in order."""
    for block in blocks:
        yield block
        if isinstance(block, Region):
            yield from walk(block.blocks)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield from walk(cell.blocks)


def runs_of(block):
    match block:
        case Paragraph():
            return block.runs
        case BulletList():
            return [run for item in block.items for run in item]
        case Figure():
            return block.numbers
        case _:
            return ()


def test_page_breaks_are_new_pages_in_print(pages):
    report, path = pages["kalix-2012"]
    tree = lxml.html.fromstring(path.read_bytes())

    breaks = [b for b in report.blocks if isinstance(b, PageBreak)]

    assert len(tree.find_class("page-break")) == len(breaks) - 2  # the cover and the contents end their own pages
    assert ".page-break { border: 0; margin: 0; break-before: page;" in tree.findtext(".//style")


def test_an_evaluators_image_keeps_its_alt_text_and_caption(pages):
    report, path = pages["rich"]
    tree = lxml.html.fromstring(path.read_bytes())
    picture = next(b for b in walk(report.blocks) if isinstance(b, Picture))

    figure = next(f for f in tree.iter("figure") if "picture" in f.get("class"))

    assert figure.find("img").get("alt") == picture.alt == "Organisationsschema för Kalix kommun"
    assert figure.find("figcaption").text_content() == picture.caption
    assert (figure.find("img").get("width"), figure.find("img").get("height")) == ("600", "300")


def test_a_face_cut_once_comes_from_kompass_cache_and_a_damaged_entry_is_cut_again(tmp_path, monkeypatch):
    from authoring.writers import html_fonts

    monkeypatch.setenv("KOMPASS_CACHE", str(tmp_path))
    characters = html_fonts.BASE | {"ŋ"}
    cuts = []
    monkeypatch.setattr(html_fonts, "_subset", lambda file, chars: cuts.append(file) or f"{file} {len(chars)}".encode())

    first = html_fonts.face("DejaVuSans.ttf", characters)
    again = html_fonts.face("DejaVuSans.ttf", characters)
    [entry] = (tmp_path / "fonts").iterdir()
    entry.write_bytes(entry.read_bytes()[:-3])
    after_damage = html_fonts.face("DejaVuSans.ttf", characters)
    monkeypatch.setenv("KOMPASS_CACHE", "off")
    html_fonts.face("DejaVuSans.ttf", characters)

    assert first == again == after_damage == f"DejaVuSans.ttf {len(characters)}".encode()
    assert cuts == ["DejaVuSans.ttf"] * 3  # cut, cached, cut again after the damage, and without a cache
