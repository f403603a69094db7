"""The web pages hold up in real clients: the Nu Html Checker finds no error, axe-core in chromium no
WCAG 2.1 A/AA violation, a phone shows them without sideways scrolling, nothing is loaded from
elsewhere, and chromium prints them as A4 pages like the PDF's.

The pages: every example, a draft, the rich evaluation, a house-styled one and a campaign's index.
The clients and how they are installed: ``tests/html_clients.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from authoring.builder.batch import batch
from authoring.builder.build import build
from authoring.builder.build import write_atomically
from authoring.builder.campaign import Campaign
from authoring.builder.plan import plan
from authoring.builder.site import write_index

from .conftest import EXAMPLES, INPUTS
from .html_clients import (axe_violations, browser, opened, require_chromium, require_vnu, vnu_errors)
from .test_libreoffice import prepared

DOCUMENTS = (*EXAMPLES, "draft", "rich", "house-style")
PAGES = (*DOCUMENTS, "campaign")
PHONE = 320  # the narrowest phone the pages are laid out for


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Build every document's page and a campaign's index (with PDF and DOCX links); return name -> path."""
    root = tmp_path_factory.mktemp("pages")
    found = {}
    for document in DOCUMENTS:
        folder = prepared(document, root / document)
        found[document] = build(folder, root / document / "out", ("html",)).paths[0]
    site = root / "site"
    result = batch([INPUTS / "kampanj.yaml"], site, ("html",))
    for outcome in result.outcomes:  # the index links the PDF and DOCX where they exist
        for kind in ("pdf", "docx"):
            (site / outcome.name / f"{outcome.name}.{kind}").write_bytes(b"")
    evaluations = tuple(item.evaluation for item in plan([INPUTS / "kampanj.yaml"]).items)
    found["campaign"] = write_index(Campaign(evaluations, "Exempelkampanj"), site, write_atomically)
    return found


@pytest.fixture(scope="module")
def chromium():
    require_chromium()
    with browser() as instance:
        yield instance


def test_the_nu_html_checker_finds_no_error_in_any_page(pages):
    require_vnu()

    errors = vnu_errors([pages[name] for name in PAGES])

    assert len(errors) == len(PAGES)
    assert errors == {pages[name].resolve(): [] for name in PAGES}


def test_the_nu_html_checker_is_not_blind_it_finds_a_broken_page(pages, tmp_path):
    require_vnu()
    broken = tmp_path / "broken.html"
    broken.write_text(pages["kalix-2012"].read_text(encoding="utf-8").replace('<th scope="col">', '<th scope="kolumn">', 1)
                      .replace('<html lang="sv">', "<html>"), encoding="utf-8")

    errors = vnu_errors([broken])[broken.resolve()]

    assert any("scope" in e for e in errors), errors


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_wcag_2_1_a_or_aa_violation(pages, chromium, name):
    page = opened(chromium, pages[name], 1280)

    violations = axe_violations(page)

    assert violations == []


def test_axe_is_not_blind_it_finds_a_chart_without_alt_text(pages, chromium, tmp_path):
    broken = tmp_path / "broken.html"
    text = pages["kalix-2012"].read_text(encoding="utf-8")
    broken.write_text(text.replace(' alt="', ' data-alt="', 1).replace('<html lang="sv">', "<html>"), encoding="utf-8")

    violations = axe_violations(opened(chromium, broken, 1280))

    assert {v.split()[0] for v in violations} == {"image-alt", "html-has-lang"}


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_320_px_wide_scrolls_no_page_sideways_only_wide_tables_in_their_frame(pages, chromium, name):
    page = opened(chromium, pages[name], PHONE, 640)

    width = page.evaluate("document.documentElement.scrollWidth")
    outside = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => !e.closest('.table')
        && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map(e => e.outerHTML.slice(0, 80))""")

    assert (width, outside) == (PHONE, [])


@pytest.mark.parametrize("name", PAGES)
def test_a_page_loads_nothing_from_elsewhere(pages, chromium, name):
    page = opened(chromium, pages[name], 1280)
    page.wait_for_load_state("networkidle")

    fonts = page.evaluate("document.fonts.check('16px Kompass') && [...document.fonts].map(f => f.status)")

    assert page.requests_elsewhere == []
    assert fonts and set(fonts) <= {"loaded", "unloaded"} and "loaded" in fonts  # the embedded font is used


def test_chromium_renders_each_page_at_360_and_1280_px(pages, chromium, tmp_path):
    """Screenshots to look at: ``python -m tests.screenshots FOLDER`` keeps them."""
    from PIL import Image

    for name in ("kalix-2012", "draft", "campaign"):
        for width in (360, 1280):
            shot = tmp_path / f"{name}-{width}.png"
            opened(chromium, pages[name], width).screenshot(path=str(shot), full_page=name == "campaign")
            with Image.open(shot) as image:
                assert image.size[0] == width
                assert len(image.convert("L").getcolors(1 << 16)) > 20  # text and colours, not a blank page


def test_chromium_prints_a4_pages_cover_alone_contents_next_each_chapter_on_a_new_page(pages, chromium, tmp_path):
    require_pdftotext()
    pdf = tmp_path / "printed.pdf"
    opened(chromium, pages["kalix-2012"], 1280).pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = [" ".join(page.split()) for page in text.split("\f")[:-1]]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout

    assert re.search(r"Page size: +59[45][.0-9]* x 841[.0-9]* pts \(A4\)", info), info
    assert printed[0].startswith("Kommunkompassen Analys av Kalix kommun 2012") and "Innehåll" not in printed[0]
    assert printed[1].startswith("Innehåll")
    for chapter in ("1 Vad är Kommunkompassen?", "2 Kalix kommun i förhållande", "3 Detaljerad genomgång",
                    "4 Översikt av poängfördelning", "5 Kortfakta om Kalix kommun"):
        assert any(page.startswith(chapter) for page in printed), chapter
    assert printed[2].endswith(" 3")  # the page number at the foot, from the second page's own count
    assert 20 <= len(printed) <= 60


def require_pdftotext() -> None:
    from .html_clients import require

    require("pdftotext", shutil.which("pdftotext") is not None, "apt-get install poppler-utils")
