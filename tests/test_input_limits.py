"""Nothing read without a limit, and nothing accepted that a build cannot write (issue 20).

Families (the issue's names): *reading without limits*, *decompression limits*, *logos are
inputs*, *format specs in per-report texts*, *super-linear paths* (shown by counting function
calls, which no machine load changes: linear work grows 4 times for 4 times the input,
quadratic 16 times), *pull writes what check refuses*, *tracebacks left* and *smaller*.
"""

from __future__ import annotations

import cProfile
import copy
import io
import os
import pstats
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from PIL import Image

from authoring.cli.commands import main

from .conftest import INPUTS, replace_in

NAME = "kalix-2012"
NOTES_PARAGRAPH = "Kalix arbete med information och demokratiutveckling"


def kompass(*args: str, input: str | None = None):
    return CliRunner().invoke(main, [*args], input=input)


def child(*args: str, timeout: int = 120, memory: int | None = None) -> subprocess.CompletedProcess:
    """Run kompass in a child process: a hang fails the test, and ``memory`` (bytes) caps its address space."""
    limit = "" if memory is None else (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}));")
    return subprocess.run([sys.executable, "-c", f"{limit}from authoring.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=timeout)


def calls(action) -> int:
    """Return how many Python function calls ``action()`` makes."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        action()
    finally:
        profile.disable()
    return pstats.Stats(profile).total_calls


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def add_section(folder: Path, markdown: str, area: int = 1) -> None:
    """Put a section holding ``markdown`` first in area ``area``'s notes."""
    path = folder / "notes" / f"area-{area}.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n## ") + 1
    path.write_text(text[:start] + f"## Prov\n\n{markdown}\n\n" + text[start:], encoding="utf-8")


# -- reading without limits -------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["status", "batch"])
def test_reading_without_limits_a_logo_turned_into_a_fifo_hangs_neither_status_nor_batch(tmp_path, command):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / "inputs" / NAME))
    Image.new("RGB", (40, 20), "navy").save(folder / "logo.png")
    replace_in(folder / "evaluation.yaml", "kortfakta:", "publication:\n  logo: logo.png\nkortfakta:")
    assert kompass("build", str(folder), "--out", str(tmp_path / "out"), "--format", "pdf").exit_code == 0
    (folder / "logo.png").unlink()
    os.mkfifo(folder / "logo.png")

    done = child(command, str(folder), "--out", str(tmp_path / "out"), timeout=60)

    assert "Traceback" not in done.stderr
    if command == "batch":
        assert done.returncode == 1
        assert "logo.png" in done.stdout + done.stderr and "FIFO" in done.stdout + done.stderr


def test_reading_without_limits_a_loop_of_symbolic_links_is_no_traceback(tmp_path):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / NAME))
    (folder / "slinga").symlink_to("slinga")
    (folder / "notes" / "upp").symlink_to("..")

    checked = kompass("check", str(folder))
    built = kompass("build", str(folder), "--out", str(tmp_path / "out"), "--format", "pdf")

    assert checked.exit_code == 0, checked.output
    assert built.exit_code == 0, built.output


def test_reading_without_limits_a_huge_unread_file_in_the_folder_is_not_read_whole(tmp_path):
    from authoring import safeio
    from authoring.builder.stamps import inputs_digest

    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / NAME))
    with open(folder / "gammal-backup.zip", "wb") as handle:  # sparse: large, but takes no disk
        handle.truncate(safeio.MAX_HASHED_BYTES + 1)
    read = []
    original = safeio.os.fdopen

    def counting(*args, **kwargs):
        handle = original(*args, **kwargs)
        read.append(os.fstat(handle.fileno()).st_size)
        return handle

    safeio.os.fdopen = counting
    try:
        inputs_digest(folder)
    finally:
        safeio.os.fdopen = original

    assert max(read) < safeio.MAX_HASHED_BYTES


# -- decompression limits ---------------------------------------------------------------------------

def docx_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<w:document>" + b" " * 400_000_000 + b"</w:document>")
    return path


def test_decompression_limits_a_docx_bomb_given_to_pull_is_refused_under_a_memory_cap(tmp_path):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / "inputs" / NAME))
    bomb = docx_bomb(tmp_path / f"{NAME}.docx")
    before = snapshot(folder)

    done = child("pull", str(bomb), str(folder), "--yes", memory=1_000_000_000)

    assert done.returncode == 2, done.stderr
    assert "zip-bomb" in done.stderr or "packas upp" in done.stderr
    assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr
    assert snapshot(folder) == before


# -- logos are inputs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("logo", ["../hemligt/skanning.png", "{absolute}", "cmyk.jpg", "trasig.png"])
def test_logos_are_inputs_a_logo_outside_the_folder_or_undecodable_is_a_check_error(tmp_path, logo):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / NAME))
    (tmp_path / "hemligt").mkdir()
    Image.new("RGB", (40, 20), "red").save(tmp_path / "hemligt" / "skanning.png")
    Image.new("CMYK", (40, 20)).save(folder / "cmyk.jpg")
    png = io.BytesIO()
    Image.new("RGB", (400, 200), "blue").save(png, "PNG")
    data = bytearray(png.getvalue())
    data[60:80] = bytes(20)  # inside the image data; checksums of other chunks untouched
    (folder / "trasig.png").write_bytes(bytes(data))
    name = logo.format(absolute=tmp_path / "hemligt" / "skanning.png")
    replace_in(folder / "evaluation.yaml", "kortfakta:", f"publication:\n  logo: {name}\nkortfakta:")

    result = kompass("check", str(folder))

    assert result.exit_code == 1
    assert "evaluation.yaml:" in result.output and "publication.logo: logotypen" in result.output


def test_logos_are_inputs_a_campaign_logo_outside_the_campaign_folder_is_a_check_error(tmp_path):
    shutil.copytree(INPUTS / NAME, tmp_path / "kampanj" / NAME)
    Image.new("RGB", (40, 20), "red").save(tmp_path / "privat.png")
    (tmp_path / "kampanj" / "kampanj.yaml").write_text(
        f"evaluations: [{NAME}]\npublication:\n  logo: ../privat.png\n", encoding="utf-8")

    result = kompass("check", str(tmp_path / "kampanj" / NAME))

    assert result.exit_code == 1
    assert "kampanj.yaml:3: publication.logo: logotypen '../privat.png' ska vara en fil i mappen" in result.output


# -- format specs in per-report texts ---------------------------------------------------------------

@pytest.mark.parametrize("spec", [":>2000000000", ":.5000f", ":x", "!r"])
def test_format_specs_in_per_report_texts_are_a_check_error(tmp_path, spec):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / NAME))
    replace_in(folder / "evaluation.yaml", "kortfakta:",
               f'texts:\n  sentences.total: "Totalt {{poäng{spec}}} poäng."\nkortfakta:')

    result = kompass("check", str(folder))

    assert result.exit_code == 1
    assert "evaluation.yaml:" in result.output and "har formatering" in result.output


# -- super-linear paths -----------------------------------------------------------------------------

def test_super_linear_placeholders_in_one_paragraph_cost_the_docx_writer_linear_work(tmp_path):
    from authoring.builder.plan import plan
    from authoring.charts.draw import media_for
    from authoring.compose import compose
    from authoring.writers import WRITERS

    def writer_calls(n: int, name: str = "") -> int:
        folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / (name or f"{n}") / NAME))
        add_section(folder, "Poäng: " + "{poäng} " * n)
        report = compose(plan([folder]).items[0].evaluation)
        media = media_for(report)
        return calls(lambda: WRITERS["docx"](report, media, tmp_path / f"{name or n}.docx"))

    writer_calls(0, "first")  # a process's first DOCX also reads the template's styles: not counted
    base, small, large = writer_calls(0), writer_calls(300), writer_calls(1200)

    assert (large - base) <= 5 * (small - base)


def test_super_linear_checking_a_campaign_is_linear_in_its_members(tmp_path):
    from authoring.builder.plan import plan

    from .campaign_factory import make_campaign

    make_campaign(tmp_path / "small", 6)
    make_campaign(tmp_path / "large", 24)

    small, large = calls(lambda: plan([tmp_path / "small"])), calls(lambda: plan([tmp_path / "large"]))

    assert large <= 4.6 * small


def test_super_linear_pull_of_a_docx_with_many_paragraphs_is_linear(tmp_path, kalix_reports):
    from authoring.roundtrip.pull import plan_pull

    folder, out = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")

    def pull_calls(n: int) -> int:
        document = Document(str(out / f"{NAME}.docx"))
        target = next(p for p in document.paragraphs if p.style.name == "Normal" and "Kalix" in p.text)
        anchor = target._p
        for index in range(n):  # typed after a region's last paragraph: each is read as its follower
            new = copy.deepcopy(target._p)
            for element in list(new):
                if element.tag.endswith(("bookmarkStart", "bookmarkEnd")):
                    new.remove(element)
            anchor.addnext(new)
            anchor = new
        path = tmp_path / f"{n}.docx"
        document.save(str(path))
        return calls(lambda: plan_pull(path, folder))

    base, small, large = pull_calls(0), pull_calls(250), pull_calls(1000)

    assert (large - base) <= 5 * (small - base)


def test_super_linear_a_pathological_custom_xml_is_parsed_not_backtracked(tmp_path, kalix_reports):
    folder, out = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")
    docx = out / f"{NAME}.docx"
    with zipfile.ZipFile(docx) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    parts["docProps/custom.xml"] = b"<Properties>" + b"<property " * 200_000 + b"</Properties>"
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():  # stored, so that it is the parser's work, not the zip-bomb guard
            target.writestr(name, data, zipfile.ZIP_STORED if name.endswith("custom.xml") else zipfile.ZIP_DEFLATED)

    done = child("pull", str(docx), str(folder), "--dry-run", timeout=60)  # the regular expression took minutes

    assert "Traceback" not in done.stderr
    assert "saknar de kontrollsummor" in done.stderr


# -- pull writes what check refuses -----------------------------------------------------------------

def edited(out: Path, change) -> Path:
    docx = out / f"{NAME}.docx"
    document = Document(str(docx))
    paragraph = next(p for p in document.paragraphs if p.text.startswith(NOTES_PARAGRAPH))  # area 1's notes
    change(paragraph)
    document.save(str(docx))
    return docx


@pytest.mark.parametrize("typed", ["{0.__class__}", "Ogiltigt \ufdd0 tecken", "x" * 1_100_000])
def test_pull_writes_what_check_refuses_is_refused_and_nothing_written(tmp_path, kalix_reports, typed):
    folder, out = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")
    docx = edited(out, lambda p: p.runs[0].__setattr__("text", typed))
    before = snapshot(folder)

    result = kompass("pull", str(docx), str(folder), "--yes")

    assert result.exit_code == 1, result.output
    assert "hämtas inte: DOCX-filens text skulle ge anteckningar som kompass check inte godtar" in result.output
    assert snapshot(folder) == before


def test_pull_writes_what_check_refuses_a_line_break_before_a_list_marker_stays_text(tmp_path, kalix_reports):
    folder, out = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")

    def typed(paragraph):
        paragraph.runs[0].text = "Före radbrytningen"
        paragraph.runs[0].add_break()
        paragraph.runs[0].add_text("- inte en punkt")
        paragraph.runs[0].add_break()
        paragraph.runs[0].add_text("## Styrkor")

    docx = edited(out, typed)

    result = kompass("pull", str(docx), str(folder), "--yes")
    rebuilt = kompass("check", str(folder))

    assert result.exit_code == 0, result.output
    assert rebuilt.exit_code == 0, rebuilt.output
    text = (folder / "notes" / "area-1.md").read_text(encoding="utf-8")
    assert "\\- inte en punkt" in text and "\\## Styrkor" in text


def test_pull_writes_what_check_refuses_a_symlinked_notes_file_stays_a_link(tmp_path, kalix_reports):
    folder, out = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")
    notes = folder / "notes"
    (notes / "area-1.md").rename(notes / "omrade-1-text.md")
    (notes / "area-1.md").symlink_to("omrade-1-text.md")
    docx = edited(out, lambda p: p.runs[0].__setattr__("text", "Korrekturläst: " + p.runs[0].text))

    result = kompass("pull", str(docx), str(folder), "--yes")

    assert result.exit_code == 0, result.output
    assert (notes / "area-1.md").is_symlink()
    assert "Korrekturläst: " in (notes / "omrade-1-text.md").read_text(encoding="utf-8")


# -- tracebacks left, and smaller -------------------------------------------------------------------

@pytest.mark.parametrize("markdown, message", [
    ("{poäng område ²}", "område ² finns inte"),
    ("| " + " | ".join(str(i) for i in range(1000)) + " |\n|" + "---|" * 1000, "tabellen har 1000 kolumner"),
    ("![Bild](file:///etc/passwd)", "bilden 'file:///etc/passwd' ska vara en fil i utvärderingsmappen"),
    ("Se [här](javascript:alert(1)).", "länken 'javascript:alert(1)' kan inte öppnas"),
])
def test_tracebacks_left_hostile_notes_are_check_errors_with_their_line(tmp_path, markdown, message):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / NAME))
    add_section(folder, markdown)

    result = kompass("check", str(folder))

    assert result.exit_code == 1, result.output
    assert "notes/area-1.md:" in result.output and message in result.output


def test_tracebacks_left_a_cmyk_jpeg_in_the_notes_is_a_check_error(tmp_path):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / NAME))
    Image.new("CMYK", (40, 20)).save(folder / "notes" / "tryck.jpg")
    add_section(folder, "![Tryckbild](tryck.jpg)")

    result = kompass("check", str(folder))

    assert result.exit_code == 1
    assert "bilden 'tryck.jpg' har färgläget CMYK" in result.output


def test_smaller_check_of_a_folder_without_evaluation_names_the_folder_not_a_missing_file(tmp_path):
    result = kompass("check", str(tmp_path))

    assert result.exit_code == 1
    assert f"{tmp_path}: är varken en utvärdering" in result.output
    assert "evaluation.yaml: filen saknas" not in result.output


def test_smaller_rich_markup_in_a_folder_name_is_printed_as_written(tmp_path):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / "[bold red]kalix"))

    result = kompass("status", str(folder), "--out", str(tmp_path / "out"))

    assert result.exit_code == 0, result.output
    assert "[bold red]kalix" in result.output


@pytest.mark.parametrize("name", ["Kal\x07ix", "Kal\u200bix", "Ka\x85lix"])
def test_smaller_kompass_new_refuses_an_invisible_character_in_the_name(tmp_path, name):
    result = kompass("new", name, "2024", "--inputs", str(tmp_path / "inputs"))

    assert result.exit_code == 2
    assert "osynligt tecken" in result.output
    assert not (tmp_path / "inputs").exists()


def test_tracebacks_left_a_label_worded_as_a_whole_page_is_a_check_error(tmp_path):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / NAME))
    (folder / "notes" / "texts").mkdir()
    (folder / "notes" / "texts" / "labels.improvements.md").write_text("x\u0301" * 6000, encoding="utf-8")

    result = kompass("check", str(folder))

    assert result.exit_code == 1
    assert "labels.improvements.md:1: labels.improvements: 12000 tecken" in result.output
