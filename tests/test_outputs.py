"""What is written: both formats or neither, stamps that can be trusted, OS errors as messages.

Each test reproduces one failure of issue 13 first: a new PDF beside an old DOCX, stale or broken
reports that batch skipped, temporary files left by kill -9, tracebacks for unusable --out.
"""

from __future__ import annotations

import errno
import shutil

import pytest
from click.testing import CliRunner
from docx import Document
from rich.console import Console

import authoring.writers
from authoring.builder.batch import batch
from authoring.builder.build import build
from authoring.cli.commands import main
from authoring.builder.stamps import STAMP, read_stamp

from .conftest import INPUTS, replace_in


def _run_batch(folder, out, **options):
    result = batch([folder], out, jobs=1, console=Console(quiet=True), **options)
    return {o.name: o.status for o in result.outcomes}


def _docx_text(path) -> str:
    """Return all text of the DOCX body, tables included."""
    return "".join(Document(str(path)).element.body.itertext())


@pytest.fixture
def built(kalix, tmp_path, kalix_reports):
    """Return (folder, output folder) of a private Kalix copy after one build."""
    folder, out = kalix_reports(kalix, tmp_path / "out")
    assert _run_batch(folder, out.parent) == {"kalix-2012": "skipped"}  # current, as if built here
    return folder, out


def test_a_failing_docx_writer_leaves_the_previous_pair_and_stamp_intact(built, monkeypatch):
    folder, out = built
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    replace_in(folder / "notes" / "area-1.md", "Webbsända KF möten", "Ny text som aldrig skrivs")

    def broken(report, media, dest, pages=None):
        dest.write_bytes(b"half")
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setitem(authoring.writers.WRITERS, "docx", broken)
    with pytest.raises(ValueError):
        build(folder, out.parent)

    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the PDF was not replaced alone


@pytest.mark.parametrize("damage", [
    lambda pdf, docx: pdf.write_bytes(pdf.read_bytes()[:1000]),   # truncated PDF
    lambda pdf, docx: docx.write_bytes(b""),                      # empty DOCX
    lambda pdf, docx: docx.unlink(),                              # missing DOCX
])
def test_batch_rebuilds_a_damaged_output_even_with_its_stamp_intact(built, damage):
    folder, out = built
    pdf, docx = out / "kalix-2012.pdf", out / "kalix-2012.docx"
    stamp = (out / STAMP).read_bytes()

    damage(pdf, docx)

    assert (out / STAMP).read_bytes() == stamp
    assert _run_batch(folder, out.parent) == {"kalix-2012": "built"}
    assert "Webbsända KF möten" in _docx_text(docx) and pdf.read_bytes().startswith(b"%PDF")
    assert _run_batch(folder, out.parent) == {"kalix-2012": "skipped"}


def test_build_updates_the_stamp_so_batch_never_skips_a_stale_report(built):
    folder, out = built
    notes = folder / "notes" / "area-1.md"
    original = notes.read_text(encoding="utf-8")
    replace_in(notes, "Webbsända KF möten", "Tillfällig text")
    assert CliRunner().invoke(main, ["build", str(folder), "--out", str(out.parent)]).exit_code == 0

    notes.write_text(original, encoding="utf-8")

    assert _run_batch(folder, out.parent) == {"kalix-2012": "built"}
    assert "Webbsända KF möten" in _docx_text(out / "kalix-2012.docx")
    assert "Tillfällig text" not in _docx_text(out / "kalix-2012.docx")


def test_the_stamp_records_the_hash_of_each_output(built):
    import hashlib

    _folder, out = built

    hashes = read_stamp(out)["outputs"]

    assert hashes == {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in (out / "kalix-2012.pdf", out / "kalix-2012.docx")}


def test_building_one_format_keeps_the_other_current_format_in_the_stamp(built):
    folder, out = built
    docx = (out / "kalix-2012.docx").read_bytes()

    build(folder, out.parent, formats=("pdf",))

    assert sorted(read_stamp(out)["outputs"]) == ["kalix-2012.docx", "kalix-2012.pdf"]
    assert (out / "kalix-2012.docx").read_bytes() == docx
    assert _run_batch(folder, out.parent) == {"kalix-2012": "skipped"}


def test_a_build_of_every_stamped_format_does_not_check_the_old_outputs(built, monkeypatch):
    import authoring.builder.build as building

    folder, out = built
    monkeypatch.setattr(building, "is_up_to_date", lambda *_: pytest.fail("checked outputs it replaces"))

    build(folder, out.parent)

    assert sorted(read_stamp(out)["outputs"]) == ["kalix-2012.docx", "kalix-2012.pdf"]
    assert _run_batch(folder, out.parent) == {"kalix-2012": "skipped"}


def test_temporary_files_of_killed_builds_are_removed_by_the_next_build(kalix, tmp_path):
    out = tmp_path / "out" / "kalix-2012"
    out.mkdir(parents=True)
    dead = [out / ".kompass-999999999-abcd1234.tmp", out / ".kalix-2012-x1y2z3w4.pdf"]  # new and old naming
    for path in dead:
        path.write_bytes(b"half a report")

    build(kalix, tmp_path / "out")

    assert sorted(p.name for p in out.iterdir()) == [STAMP, "kalix-2012.docx", "kalix-2012.pdf"]


# -- OS errors -----------------------------------------------------------------------------------

def _cli_build(folder, out):
    return CliRunner().invoke(main, ["build", str(folder), "--out", str(out)])


def test_out_that_is_a_file_is_a_usage_error_with_one_line(tmp_path):
    (tmp_path / "fil").write_text("x")

    result = _cli_build(INPUTS / "norsjo-2015", tmp_path / "fil")

    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip() == (f"kompass: {tmp_path / 'fil' / 'norsjo-2015'}: kan inte skriva (en del av "
                                     "sökvägen är en fil, inte en mapp): välj en annan plats med --out eller "
                                     "frigör utrymme och rättigheter där")


def test_out_that_is_a_device_is_a_usage_error(tmp_path):
    result = _cli_build(INPUTS / "norsjo-2015", "/dev/null")

    assert result.exit_code == 2 and "kan inte skriva (en del av sökvägen är en fil, inte en mapp)" in result.output


@pytest.mark.parametrize("code, reason", [(errno.ENOSPC, "disken är full"), (errno.EFBIG, "filen blir för stor för filsystemet"),
                                          (errno.EROFS, "filsystemet är skrivskyddat"),
                                          (errno.EACCES, "behörighet saknas")])
def test_a_full_or_unwritable_disk_is_a_message_and_the_old_pair_stays(built, monkeypatch, code, reason):
    folder, out = built
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(report, media, dest, pages=None):
        raise OSError(code, "simulated")

    monkeypatch.setitem(authoring.writers.WRITERS, "docx", full)
    result = _cli_build(folder, out.parent)

    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"kan inte skriva ({reason})" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_245_character_folder_name_builds_and_a_longer_one_is_a_message(tmp_path):
    long = tmp_path / ("k" * 245)
    longer = tmp_path / ("k" * 252)  # its report name, 257 characters, is too long for the file system
    shutil.copytree(INPUTS / "norsjo-2015", long)
    shutil.copytree(INPUTS / "norsjo-2015", longer)

    ok = _cli_build(long, tmp_path / "out")
    too_long = _cli_build(longer, tmp_path / "out")

    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "out" / long.name / f"{long.name}.pdf").is_file()
    assert too_long.exit_code == 2 and "kan inte skriva (namnet är för långt för filsystemet)" in too_long.output


def test_out_inside_the_evaluation_folder_is_refused(kalix):
    result = _cli_build(kalix, kalix / "output")

    assert result.exit_code == 2
    assert f"kompass: --out {kalix / 'output'} ligger i utvärderingsmappen {kalix}: välj en mapp utanför indata" \
        in result.output
    assert not (kalix / "output").exists()


# -- campaign identity ---------------------------------------------------------------------------

def test_two_evaluations_with_the_same_folder_name_are_refused(tmp_path):
    for group in ("a", "b"):
        shutil.copytree(INPUTS / "norsjo-2015", tmp_path / group / "norsjo-2015")
    replace_in(tmp_path / "b" / "norsjo-2015" / "evaluation.yaml", "municipality: Norsjö", "municipality: Annat")

    result = CliRunner().invoke(main, ["batch", str(tmp_path / "a" / "norsjo-2015"),
                                       str(tmp_path / "b" / "norsjo-2015"), "--out", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert f"{tmp_path / 'b' / 'norsjo-2015'}: har samma mappnamn som {tmp_path / 'a' / 'norsjo-2015'}" in result.output
    assert not (tmp_path / "out" / "norsjo-2015").exists()


def test_the_same_evaluation_listed_twice_in_a_campaign_file_is_refused(tmp_path):
    shutil.copytree(INPUTS / "norsjo-2015", tmp_path / "norsjo-2015")
    shutil.copytree(INPUTS / "kalix-2012", tmp_path / "kalix-2012")
    (tmp_path / "kampanj.yaml").write_text(
        "name: Test\nevaluations:\n  - norsjo-2015\n  - kalix-2012\n  - ./norsjo-2015/../norsjo-2015\n",
        encoding="utf-8")

    result = CliRunner().invoke(main, ["batch", str(tmp_path / "kampanj.yaml"), "--out", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert ("kampanj.yaml:5: evaluations nr 3: ./norsjo-2015/../norsjo-2015 är samma utvärdering som norsjo-2015: "
            "ta bort den ena raden") in result.output


def test_batch_with_out_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "fil").write_text("x")

    result = CliRunner().invoke(main, ["batch", str(INPUTS / "norsjo-2015"), "--out", str(tmp_path / "fil")])

    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"kompass: {tmp_path / 'fil'}: kan inte skriva" in result.output


def test_new_with_inputs_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "fil").write_text("x")

    result = CliRunner().invoke(main, ["new", "Kalix", "2024", "--inputs", str(tmp_path / "fil")])

    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "kan inte skriva (en del av sökvägen är en fil, inte en mapp)" in result.output


def test_notes_edited_during_a_build_leave_no_stamp_so_batch_rebuilds(kalix, tmp_path, monkeypatch):
    real = authoring.writers.WRITERS["docx"]

    def editing(report, media, dest, pages=None):
        replace_in(kalix / "notes" / "area-1.md", "Webbsända KF möten", "Ändrad under bygget")
        return real(report, media, dest, pages)

    monkeypatch.setitem(authoring.writers.WRITERS, "docx", editing)
    build(kalix, tmp_path / "out")
    monkeypatch.undo()

    assert not (tmp_path / "out" / "kalix-2012" / STAMP).exists()
    assert _run_batch(kalix, tmp_path / "out") == {"kalix-2012": "built"}
    assert "Ändrad under bygget" in _docx_text(tmp_path / "out" / "kalix-2012" / "kalix-2012.docx")
