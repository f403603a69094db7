"""Kompass Studio in a real browser (Debian's chromium, driven by Playwright): an evaluator's day through
the UI alone, a file changed on disk while its page is open, and axe-core on every page.

The studio runs as the evaluator starts it (``kompass studio FOLDER --no-browser``), in its own
process. Screenshots of each page go to ``$KOMPASS_STUDIO_SHOTS`` when it is set.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import INPUTS
from .html_clients import AXE, WCAG_TAGS, browser, require_chromium
from .pdftext import page_texts

KOMPASS = str(Path(sys.executable).parent / "kompass")
STRENGTH = "Provby har en tydlig plan för medborgardialog"
SECTION = "Kommunfullmäktige sänder sina möten och svarar på medborgarförslag inom tre månader."
WORD_EDIT = "Provby har en plan för medborgardialog som följs upp varje år"


@pytest.fixture(scope="module")
def chromium():
    require_chromium()
    with browser() as instance:
        yield instance


class Studio:
    """``kompass studio`` started on a workspace, stopped with Ctrl-C after the test."""

    def __init__(self, workspace: Path, out: Path):
        self.process = subprocess.Popen([KOMPASS, "studio", str(workspace), "--no-browser", "--out", str(out)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        cwd=workspace.parent)
        self.address = self.process.stdout.readline().strip()
        assert self.address.startswith("http://127.0.0.1:"), self.process.stderr.read()
        self.base = self.address.split("/?")[0]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.communicate(timeout=60)
        assert self.process.returncode == 0


@pytest.fixture
def studio(tmp_path):
    workspace = tmp_path / "inputs"
    workspace.mkdir()
    running = Studio(workspace, tmp_path / "output")
    yield running, workspace, tmp_path / "output"
    running.stop()


def shot(page, name: str, full_page: bool = True) -> None:
    folder = os.environ.get("KOMPASS_STUDIO_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        # caret="initial": Playwright would hide the caret with an inline style, which the CSP refuses
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page, caret="initial")


def new_page(chromium, **options):
    """Return a page of a fresh context with axe-core loaded into every document (an init script, which
    the studio's Content-Security-Policy does not stop: it allows no inline script), and every CSP
    violation the console reports gathered in ``page.csp``."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.csp = []
    page.on("console", lambda m: page.csp.append(f"{m.location}: {m.text}") if "Content Security Policy" in m.text else None)
    return page


def go(page, name: str) -> None:
    """Follow the menu link ``name`` and wait until the page has loaded: htmx listens from then on (what
    is typed before its scripts run asks for no check)."""
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("load")


def accessible(page) -> None:
    """Assert axe-core finds no WCAG 2.1 A/AA violation on ``page``, and no CSP violation occurred."""
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    violations = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in result["violations"]]
    assert violations == [], page.url
    assert page.csp == [], page.url


def test_an_evaluators_day_through_the_studio_alone(chromium, studio, tmp_path):
    running, workspace, out = studio
    page = new_page(chromium, accept_downloads=True)
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith((running.base, "data:")) else None)

    # 1. Översikt: create an evaluation
    page.goto(running.address)
    assert page.url == running.base + "/"
    page.get_by_role("heading", name="Ny utvärdering").wait_for()
    accessible(page)
    shot(page, "1-oversikt-tom")
    page.get_by_label("Kommun").fill("Provby")
    page.get_by_label("År").fill("2024")
    page.get_by_role("button", name="Skapa utvärderingen").click()
    page.wait_for_url(running.base + "/e/provby-2024/poang")
    assert (workspace / "provby-2024" / "evaluation.yaml").is_file()

    # 1b. Uppgifter: the metadata in a form, no YAML
    go(page, "Uppgifter")
    page.get_by_label("Antal intervjuade (ungefär)").fill("35")
    page.get_by_label("Namn nr 1").fill("Anna Berg")
    page.get_by_label("Organisation nr 1").fill("SKR")
    accessible(page)
    page.get_by_role("button", name="Spara uppgifterna").click()
    page.locator("#besked").filter(has_text="Sparat i evaluation.yaml").wait_for()
    shot(page, "1b-uppgifter")
    from PIL import Image

    logo = tmp_path / "logga.png"
    Image.new("RGB", (60, 30), (20, 60, 120)).save(logo)
    page.get_by_label("PNG- eller JPEG-fil").set_input_files(str(logo))
    page.get_by_role("button", name="Spara logotypen").click()
    page.locator("#besked").filter(has_text="Logotypen sparad som logotyp.png").wait_for()
    assert (workspace / "provby-2024" / "logotyp.png").is_file()
    facts = (workspace / "provby-2024" / "evaluation.yaml").read_text(encoding="utf-8")
    assert re.search(r"^interviewees: 35\b", facts, re.M) and 'name: "Anna Berg"\n    organisation: "SKR"' in facts
    go(page, "Poäng")

    # 2. Poäng: type area 1 with the keyboard, decimal comma; an error beside its field; save
    first = page.locator("#q-1-1")
    first.focus()
    page.keyboard.type("7,5")
    page.locator("#pct-1-1").filter(has_text="50 %").wait_for()
    page.keyboard.press("Tab")
    page.keyboard.type("99")
    page.locator("#fel-1-2").filter(has_text="mer än maxpoängen").wait_for()
    assert page.locator("#q-1-2").get_attribute("aria-invalid") == "true"
    page.locator("#q-1-2").fill("10")
    for qid, value in (("1-3", "5"), ("1-4", "12,25"), ("1-5", "8")):
        page.locator(f"#q-{qid}").fill(value)
    page.locator("#summa-1").filter(has_text="poäng (").wait_for()
    assert page.locator("#summa-2").inner_text().startswith("saknas")
    accessible(page)
    shot(page, "2-poang")
    page.get_by_role("button", name="Spara poängen").click()
    page.locator("#besked").filter(has_text="Sparat").wait_for()
    scores = (workspace / "provby-2024" / "scores.yaml").read_text(encoding="utf-8")
    assert re.search(r'^"1\.1": 7\.5 +# max 15', scores, re.M) and re.search(r'^"1\.4": 12\.25 ', scores, re.M)
    assert scores.startswith("# Poäng per fråga")  # the scaffold's comments stay

    # 3. Förhandsvisning: the draft with its Att göra list
    go(page, "Förhandsvisning")
    page.get_by_role("heading", name="Att göra").wait_for()
    assert page.locator(".att-gora li").count() > 0
    assert page.locator(".att-gora a[href='/e/provby-2024/poang#omrade-2']").count() == 1
    assert page.locator(".att-gora a[href='/e/provby-2024/uppgifter#evaluated']").count() == 1  # not filled in 1b
    frame = page.frame_locator("iframe.rapport")
    frame.locator("text=UTKAST").first.wait_for()
    assert "7,5" in frame.locator("body").inner_text()
    accessible(page)
    shot(page, "3-forhandsvisning")
    page.locator("iframe.rapport").scroll_into_view_if_needed()
    shot(page, "3-forhandsvisning-rapport", full_page=False)  # a full-page shot leaves the frame unpainted

    # 3b. Excel: the score sheet downloaded, the other areas filled in it, uploaded, shown and read in
    go(page, "Poäng")
    page.get_by_text("Excel: poängbladet").click()
    with page.expect_download() as waiting:
        page.get_by_role("link", name=re.compile("Ladda ner poängbladet")).click()
    sheet_file = tmp_path / "poang.xlsx"
    waiting.value.save_as(sheet_file)
    import openpyxl

    book = openpyxl.load_workbook(sheet_file)
    for row in book.active.iter_rows(min_row=5, max_col=6):
        if row[2].value and not str(row[2].value).startswith("1.") and row[5].value is None:
            row[5].value = row[4].value / 2
    book.save(sheet_file)
    page.get_by_label(re.compile("Ifyllt blad")).set_input_files(str(sheet_file))
    page.get_by_role("button", name="Visa vad som läses in").click()
    page.locator("#blad-svar").filter(has_text="Inget lästes in").or_(page.locator("#blad-svar").filter(
        has_text="nya poäng")).wait_for()
    assert "40 nya poäng, 0 ändrade, 5 som är desamma som nu" in page.locator("#blad-svar").inner_text()
    accessible(page)
    shot(page, "3c-excel")
    page.get_by_role("button", name="Läs in poängen").click()
    page.locator("#blad-svar").filter(has_text="45 poäng lästes in i scores.yaml").wait_for()
    scores = (workspace / "provby-2024" / "scores.yaml").read_text(encoding="utf-8")
    assert re.search(r'^"8\.1": \d', scores, re.M) and re.search(r'^"1\.1": 7\.5 ', scores, re.M)

    # 4. Text: a section and a Styrkor list for area 1
    go(page, "Text")
    page.get_by_label("Styrkor (en punkt per rad)").fill(STRENGTH + "\nWebbsända möten")
    page.get_by_label("Rubrik", exact=True).fill("Information till medborgarna")
    page.locator("#nytt-text").fill(SECTION)
    accessible(page)
    page.get_by_role("button", name="Spara texten").click()
    page.locator("#text-besked").filter(has_text="Sparat").wait_for()
    assert page.get_by_label("Avsnitt: Information till medborgarna").input_value() == SECTION
    shot(page, "4-text")
    notes = (workspace / "provby-2024" / "notes" / "area-1.md").read_text(encoding="utf-8")
    assert f"- {STRENGTH}\n" in notes and f"## Information till medborgarna\n\n{SECTION}\n" in notes
    assert notes.startswith("<!-- Område 1")  # the scaffold's guidance stays

    # 5. Bygg: the final version is refused with what is missing; the draft is built and downloaded
    go(page, "Bygg")
    accessible(page)
    page.get_by_role("button", name="Bygg slutlig version").click()
    page.locator("#bygge").filter(has_text="rapporten är ett utkast").wait_for(timeout=120_000)
    assert page.locator("#bygge li").count() > 3
    page.get_by_role("button", name="Bygg rapporten").click()
    link = page.get_by_role("link", name="Ladda ner provby-2024.pdf")
    link.wait_for(timeout=180_000)
    assert page.get_by_role("link", name="Ladda ner provby-2024.html").count() == 1  # the web page too
    shot(page, "5-bygg")
    with page.expect_download() as waiting:
        link.click()
    pdf = tmp_path / "nerladdad.pdf"
    waiting.value.save_as(pdf)
    from pypdf import PdfReader

    text = " ".join(" ".join(page_texts(PdfReader(str(pdf)))).split())
    assert STRENGTH in text and SECTION in text and "UTKAST" in text

    # 6. Word: an edited DOCX uploaded, its change shown and accepted
    edited = tmp_path / "provby-2024.docx"
    edit_docx(out / "provby-2024" / "provby-2024.docx", edited, STRENGTH, WORD_EDIT)
    go(page, "Word")
    page.get_by_label("Word-fil (.docx)").set_input_files(str(edited))
    page.get_by_role("button", name="Visa ändringarna").click()
    page.locator(".andring").first.wait_for()
    assert "område 1, Styrkor" in page.locator(".andring legend").first.inner_text()
    assert page.locator(".andring ins").first.inner_text().strip() != ""
    accessible(page)
    shot(page, "6-word")
    page.get_by_role("button", name="Skriv de valda ändringarna").click()
    page.locator("#word-svar").filter(has_text="skrevs till anteckningarna").wait_for()
    notes = (workspace / "provby-2024" / "notes" / "area-1.md").read_text(encoding="utf-8")
    assert f"- {WORD_EDIT}\n" in notes and f"- {STRENGTH}\n" not in notes

    # 6b. Historik: the list item taken from Word, as changed since the build of step 5, with its Markdown
    go(page, "Historik")
    page.get_by_role("heading", name=re.compile("Ändringar från provby-2024 \\(senaste bygget\\)")).wait_for()
    assert "Område 1 Offentlighet och demokrati, Styrkor, omformulerat" in page.locator(".andringar").inner_text()
    assert page.locator(".andringar del").all_inner_texts() == ["tydlig"]  # STRENGTH -> WORD_EDIT, word by word
    assert "Provby har en ~~tydlig~~ plan för medborgardialog" in page.get_by_label(
        re.compile("Ändringarna som Markdown")).input_value()
    accessible(page)
    shot(page, "6b-historik")

    # 7. Översikt shows the evaluation; the files pass kompass check
    go(page, "Översikt")
    row = page.get_by_role("row", name=re.compile("provby-2024"))
    assert "utkast" in row.inner_text() and "5/5" in row.inner_text()
    accessible(page)
    shot(page, "7-oversikt")
    go(page, "Kampanj")
    page.get_by_role("button", name="Spara kampanjen").wait_for()
    assert page.get_by_label("provby-2024").is_checked()  # no campaign file yet: every evaluation offered
    accessible(page)
    shot(page, "7b-kampanj")
    assert elsewhere == []
    done = subprocess.run([KOMPASS, "check", str(workspace / "provby-2024")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def edit_docx(source: Path, dest: Path, old: str, new: str) -> None:
    """Save a copy of the DOCX ``source`` with the paragraph reading ``old`` reading ``new`` (python-docx)."""
    import docx

    document = docx.Document(str(source))
    paragraphs = [p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    target = next(p for p in [*document.paragraphs, *paragraphs] if p.text.strip() == old)
    target.runs[0].text = new
    for run in target.runs[1:]:
        run.text = ""
    document.save(str(dest))


def test_a_file_edited_on_disk_while_its_page_is_open_is_a_conflict_shown_not_overwritten(chromium, tmp_path):
    workspace = tmp_path / "inputs"
    shutil.copytree(INPUTS / "kalix-2012", workspace / "kalix-2012")
    running = Studio(workspace, tmp_path / "output")
    try:
        page = new_page(chromium)
        page.goto(running.address.replace("/?", "/e/kalix-2012/poang?"))
        other_tab = page.context.new_page()
        other_tab.goto(running.base + "/e/kalix-2012/text/1")
        scores = workspace / "kalix-2012" / "scores.yaml"
        scores.write_text(scores.read_text(encoding="utf-8").replace('"1.2": 11', '"1.2": 12'), encoding="utf-8")
        edited = scores.read_text(encoding="utf-8")

        page.locator("#q-1-1").fill("6")
        page.get_by_role("button", name="Spara poängen").click()
        alert = page.get_by_role("alert").filter(has_text="har ändrats på disken")
        alert.wait_for()
        shot(page, "8-konflikt")
        accessible(page)

        assert scores.read_text(encoding="utf-8") == edited
        notes = workspace / "kalix-2012" / "notes" / "area-1.md"
        notes.write_text(notes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        other_tab.get_by_label("Styrkor (en punkt per rad)").fill("En annan styrka")
        other_tab.get_by_role("button", name="Spara texten").click()
        other_tab.locator("#text-besked").filter(has_text="har ändrats på disken").wait_for()
        assert "En annan styrka" not in notes.read_text(encoding="utf-8")
        assert other_tab.get_by_label("Styrkor (en punkt per rad)").input_value() == "En annan styrka"  # kept to copy
    finally:
        running.stop()


def test_axe_finds_no_violation_on_the_error_pages(chromium, tmp_path):
    workspace = tmp_path / "inputs"
    shutil.copytree(INPUTS / "kalix-2012", workspace / "kalix-2012")
    running = Studio(workspace, tmp_path / "output")
    try:
        page = new_page(chromium)
        page.goto(running.base + "/")
        assert "Nyckel saknas" in page.inner_text("body")
        accessible(page)
        page.goto(running.address)
        page.goto(running.base + "/e/finns-inte/poang")
        assert "finns inte" in page.inner_text("body")
        accessible(page)
        page.goto(running.base + "/e/kalix-2012/word")
        accessible(page)
    finally:
        running.stop()


def test_a_value_is_put_at_the_cursor_from_the_menu_and_saved_as_its_placeholder(chromium, tmp_path):
    workspace = tmp_path / "inputs"
    shutil.copytree(INPUTS / "kalix-2012", workspace / "kalix-2012")
    running = Studio(workspace, tmp_path / "output")
    try:
        page = new_page(chromium)
        page.goto(running.address.replace("/?", "/e/kalix-2012/text/3?"))
        page.get_by_role("button", name="Infoga vid markören").click()
        page.locator("#infoga-besked").filter(has_text="Ställ markören i en text först").wait_for()
        section = page.locator("form.text textarea").first
        section.focus()
        page.keyboard.press("Control+End")
        page.keyboard.type(" Området fick ")
        page.get_by_label("Värde", exact=True).select_option("{poäng område 3}")
        page.get_by_role("button", name="Infoga vid markören").click()
        page.keyboard.type(" poäng.")
        assert section.input_value().endswith(" Området fick {poäng område 3} poäng.")
        accessible(page)
        shot(page, "4b-text-infoga")
        page.get_by_role("button", name="Spara texten").click()
        page.locator("#text-besked").filter(has_text="Sparat").wait_for()
        notes = (workspace / "kalix-2012" / "notes" / "area-3.md").read_text(encoding="utf-8")
        assert "Området fick {poäng område 3} poäng." in notes
        done = subprocess.run([KOMPASS, "check", str(workspace / "kalix-2012")], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

        go(page, "Standardtexter")
        text = page.get_by_role("textbox", name=re.compile("Område 3: Allmänt"))
        text.fill("Styrningen i {kommunnamn} prövas här.")
        page.locator("#areas-3-general").get_by_role("button", name="Spara texten").click()
        page.locator("#areas-3-general").filter(has_text="rapportens egen formulering").first.wait_for()
        accessible(page)
        shot(page, "4c-standardtexter", full_page=False)
        own = workspace / "kalix-2012" / "notes" / "texts" / "areas.3.general.md"
        assert own.read_text(encoding="utf-8") == "Styrningen i {kommunnamn} prövas här.\n"
    finally:
        running.stop()
