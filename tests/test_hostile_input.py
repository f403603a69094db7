"""Hostile input is refused with a message naming file and line, never a traceback, a hang or a leak.

Each test reproduces one failure of the probe in issue 13 first, then states the fixed behaviour.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from docx import Document
from PIL import Image
from pypdf import PdfReader

import authoring.charts.draw
from authoring.builder.build import build
from authoring.cli.commands import main
from authoring.errors import InputError
from authoring.templates import style

from .conftest import line_of, replace_in
from .pdftext import page_texts

SECRET = "kompass-hemlighet-4711"


def _check(folder):
    return CliRunner().invoke(main, ["check", str(folder)])


def _build(folder, out):
    return CliRunner().invoke(main, ["build", str(folder), "--out", str(out)])


def _kompass(*args, timeout=60):
    """Run kompass in a child process (a hang fails the test instead of stopping the suite)."""
    return subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=timeout)


def _report_text(out, name="kalix-2012") -> str:
    pdf = "\n".join(page_texts(PdfReader(out / name / f"{name}.pdf")))
    docx = "\n".join(p.text for p in Document(str(out / name / f"{name}.docx")).paragraphs)
    return pdf + docx


# -- containment ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["area-1.md", "summary.md"])
def test_a_notes_symlink_to_a_file_outside_the_folder_is_refused_and_not_printed(kalix, tmp_path, name):
    secret = tmp_path / "secret.txt"
    secret.write_text(f"## Hemligt\n\n{SECRET}\n", encoding="utf-8")
    link = kalix / "notes" / name
    link.unlink(missing_ok=True)
    link.symlink_to(secret)

    result = _build(kalix, tmp_path / "out")

    assert result.exit_code == 1
    assert f"notes/{name}: leder till {secret}, utanför mappen {kalix}: använd en vanlig fil" in result.output
    assert "Traceback" not in result.output and SECRET not in result.output
    assert not (tmp_path / "out" / "kalix-2012" / "kalix-2012.pdf").exists()


def test_a_symlink_to_proc_environ_does_not_print_the_environment(kalix, tmp_path, monkeypatch):
    monkeypatch.setenv("KOMPASS_PROBE_SECRET", SECRET)
    (kalix / "notes" / "summary.md").symlink_to("/proc/self/environ")

    result = _build(kalix, tmp_path / "out")

    assert result.exit_code == 1 and "utanför mappen" in result.output and SECRET not in result.output


def test_a_symlink_inside_the_folder_is_followed(kalix, tmp_path):
    (kalix / "notes" / "area-1.md").rename(kalix / "area-1-original.md")
    (kalix / "notes" / "area-1.md").symlink_to(kalix / "area-1-original.md")

    result = _build(kalix, tmp_path / "out")

    assert result.exit_code == 0, result.output
    assert "Webbsända KF möten" in _report_text(tmp_path / "out")


@pytest.mark.parametrize("make, kind", [
    (lambda p: p.mkdir(), "en mapp"),
    (lambda p: os.mkfifo(p), "en namngiven rörledning (FIFO)"),
])
def test_a_notes_path_that_is_no_regular_file_is_refused_without_hanging(kalix, tmp_path, make, kind):
    path = kalix / "notes" / "area-1.md"
    path.unlink()
    make(path)

    result = _kompass("build", str(kalix), "--out", str(tmp_path / "out"))

    assert result.returncode == 1
    assert f"notes/area-1.md: är {kind}, inte en vanlig fil" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_notes_symlink_to_dev_zero_is_refused_without_hanging(kalix, tmp_path):
    path = kalix / "notes" / "area-1.md"
    path.unlink()
    path.symlink_to("/dev/zero")

    result = _kompass("check", str(kalix))

    assert result.returncode == 1 and "leder till /dev/zero, utanför mappen" in result.stderr


def test_an_input_file_over_the_size_limit_is_refused(kalix):
    (kalix / "notes" / "area-2.md").write_text("ord " * 300_000, encoding="utf-8")

    result = _check(kalix)

    assert result.exit_code == 1
    assert "notes/area-2.md: är för stor (1200000 byte, högst 1000000 byte): korta den" in result.output


def _logo(tmp_path, monkeypatch, data: bytes, name="logo.png"):
    (tmp_path / name).write_bytes(data)
    monkeypatch.setitem(style(), "logo", name)
    monkeypatch.setattr(authoring.charts.draw, "TEMPLATES_DIR", tmp_path / "templates")


def test_a_logo_outside_the_template_folder_is_refused(tmp_path, monkeypatch, kalix):
    (tmp_path / "templates").mkdir()
    buffer = io.BytesIO()
    Image.new("RGB", (20, 8), "red").save(buffer, format="PNG")
    _logo(tmp_path, monkeypatch, buffer.getvalue(), "secret.png")
    monkeypatch.setitem(style(), "logo", "../secret.png")

    with pytest.raises(InputError, match=r"style.yaml: logo: .*secret.png leder till .*secret.png, utanför mappen"):
        build(kalix, tmp_path / "out")


@pytest.mark.parametrize("data, message", [
    (b"not an image", "är ingen läsbar PNG- eller JPEG-bild"),
    (None, "högst 25 megapixlar tillåts: spara en mindre bild"),
])
def test_a_logo_that_is_no_image_or_too_large_is_refused(tmp_path, monkeypatch, kalix, data, message):
    (tmp_path / "templates").mkdir()
    if data is None:  # a 14000 x 14000 (196 megapixel) PNG compresses to a few hundred kilobytes
        buffer = io.BytesIO()
        Image.new("1", (14_000, 14_000)).save(buffer, format="PNG")
        data = buffer.getvalue()
    (tmp_path / "templates" / "logo.png").write_bytes(data)
    monkeypatch.setitem(style(), "logo", "logo.png")
    monkeypatch.setattr(authoring.charts.draw, "TEMPLATES_DIR", tmp_path / "templates")

    with pytest.raises(InputError, match=message):
        build(kalix, tmp_path / "out")
    assert not (tmp_path / "out" / "kalix-2012" / "kalix-2012.pdf").exists()


def test_a_missing_logo_is_named(tmp_path, monkeypatch, kalix):
    (tmp_path / "templates").mkdir()
    monkeypatch.setitem(style(), "logo", "saknas.png")
    monkeypatch.setattr(authoring.charts.draw, "TEMPLATES_DIR", tmp_path / "templates")

    with pytest.raises(InputError, match="filen saknas.png finns inte i"):
        build(kalix, tmp_path / "out")


# -- characters ----------------------------------------------------------------------------------

@pytest.mark.parametrize("char, name", [("\x00", "U+0000, nolltecken"), ("\x0b", "U+000B, vertikal tabb"),
                                        ("\x1b", "U+001B, escape"), ("\ufffe", "U+FFFE, icke-tecken"),
                                        ("\uffff", "U+FFFF, icke-tecken")])
def test_control_characters_and_noncharacters_in_notes_are_reported_with_line_and_position(kalix, char, name):
    path = kalix / "notes" / "area-1.md"
    replace_in(path, "- Webbsända KF möten", f"- Webb{char}sända KF möten")

    result = _check(kalix)

    line = line_of(path, "- Webb")
    assert result.exit_code == 1
    assert f"notes/area-1.md:{line}: otillåtet tecken ({name}) i position 7: ta bort det" in result.output


def test_a_vertical_tab_in_kortfakta_is_refused_and_no_format_is_written(kalix, tmp_path):
    path = kalix / "evaluation.yaml"
    replace_in(path, '"16 591"', '"16\\v591"')  # an escape sequence: invisible in the file's text

    result = _build(kalix, tmp_path / "out")

    line = line_of(path, "16\\v591")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"evaluation.yaml:{line}: kortfakta.1.value: otillåtet tecken (U+000B, vertikal tabb) i tecken 3 "
            "av värdet, skrivet som escape-sekvens: ta bort det") in result.output
    assert not (tmp_path / "out").exists()


def test_a_raw_vertical_tab_in_yaml_is_reported_with_its_position(kalix):
    path = kalix / "evaluation.yaml"
    replace_in(path, '"16 591"', '"16\v591"')

    result = _check(kalix)

    assert f"evaluation.yaml:{line_of(path, '16')}: otillåtet tecken (U+000B, vertikal tabb) i position" \
        in result.output


# -- YAML ----------------------------------------------------------------------------------------

def test_a_yaml_alias_bomb_is_refused_before_it_grows(kalix):
    levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    levels += [f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]" for p, k in zip("abcdefgh", "bcdefghi")]
    (kalix / "scores.yaml").write_text("\n".join(levels) + "\n", encoding="utf-8")

    result = _kompass("check", str(kalix), timeout=30)

    assert result.returncode == 1
    assert "scores.yaml:1: YAML-ankare och alias (&namn, *namn) stöds inte" in result.stderr


def test_deep_nesting_is_refused_without_recursion_error(kalix):
    (kalix / "scores.yaml").write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")

    result = _check(kalix)

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "scores.yaml:1: är nästlad för djupt (mer än 20 nivåer)" in result.output


def test_an_unquoted_float_key_beside_its_quoted_twin_is_refused(kalix):
    path = kalix / "scores.yaml"
    replace_in(path, '"1.2": 11', '"1.2": 11\n1.20: 3')

    result = _check(kalix)

    assert result.exit_code == 1
    assert f'scores.yaml:{line_of(path, "1.20")}: 1.20: nyckeln 1.20 läses som talet 1.2: skriv den inom ' \
           'citattecken, "1.20"' in result.output


def test_a_score_of_minus_zero_is_printed_as_zero(kalix, tmp_path):
    replace_in(kalix / "scores.yaml", '"1.2": 11', '"1.2": -0.0')

    result = _build(kalix, tmp_path / "out")

    assert result.exit_code == 0
    assert "-0" not in _report_text(tmp_path / "out").replace("2010-2012", "")


# -- lengths -------------------------------------------------------------------------------------

def test_a_10000_character_municipality_name_is_refused_not_crashed_on(kalix, tmp_path):
    path = kalix / "evaluation.yaml"
    replace_in(path, "municipality: Kalix", "municipality: " + "K" * 10_000)

    result = _build(kalix, tmp_path / "out")

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"evaluation.yaml:{line_of(path, 'municipality:')}: municipality: texten har 10000 tecken, högst 100 " \
           "tillåts: korta den" in result.output


def test_a_10000_character_heading_and_5000_items_are_refused(kalix, tmp_path):
    path = kalix / "notes" / "area-1.md"
    replace_in(path, "## Information till medborgarna", "## " + "Information " * 800)
    replace_in(path, "- Webbsända KF möten", "\n".join(f"- punkt {n}" for n in range(5000)))

    result = _build(kalix, tmp_path / "out")

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "rubriken har 9599 tecken, högst 200 tillåts: korta den" in result.output
    assert "listan under '## Styrkor' har 5002 punkter, högst 200 tillåts: korta listan" in result.output


def test_text_at_every_limit_is_written_by_both_writers(kalix, tmp_path):
    long_word = "Ö" * 2000
    replace_in(kalix / "evaluation.yaml", "municipality: Kalix", "municipality: " + "K" * 100)
    replace_in(kalix / "evaluation.yaml", '"16 591"', f'"{long_word}"')
    path = kalix / "notes" / "area-1.md"
    replace_in(path, "## Information till medborgarna", "## " + "I" * 200)
    replace_in(path, "- Webbsända KF möten", "\n".join(f"- punkt {n} " + "ord " * 40 for n in range(197)) +
               f"\n- {long_word}")

    result = _build(kalix, tmp_path / "out")

    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "kalix-2012" / "kalix-2012.pdf"
    subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)
    text = _report_text(tmp_path / "out")
    assert "punkt 196" in text and "I" * 200 in text.replace("\n", "")
    assert long_word in "".join(Document(str(pdf.with_suffix(".docx"))).element.body.itertext())
