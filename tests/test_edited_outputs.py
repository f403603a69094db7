"""A build never destroys edits silently: a DOCX saved by Word or LibreOffice is not overwritten."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from authoring.cli.commands import main
from authoring.builder.stamps import STAMP

from .office import convert
from .conftest import INPUTS

NAME = "norsjo-2015"


def kompass(*args: str):
    return CliRunner().invoke(main, [*args])


def application(docx: Path) -> str:
    with zipfile.ZipFile(docx) as package:
        return package.read("docProps/app.xml").decode()


@pytest.fixture(scope="module")
def resaved(tmp_path_factory) -> bytes:
    """Return the bytes of a built DOCX after LibreOffice opened and saved it."""
    root = tmp_path_factory.mktemp("resave")
    docx = kompass_build(root / "out")
    return convert(docx, root / "lo", "docx").read_bytes()


def kompass_build(out: Path, *more: str) -> Path:
    result = kompass("build", str(INPUTS / NAME), "--out", str(out), "--format", "docx", *more)
    assert result.exit_code == 0, result.output
    return out / NAME / f"{NAME}.docx"


def test_a_docx_resaved_by_libreoffice_is_not_overwritten_and_the_message_says_what_to_do(resaved, tmp_path):
    docx = kompass_build(tmp_path)
    docx.write_bytes(resaved)

    result = kompass("build", str(INPUTS / NAME), "--out", str(tmp_path), "--format", "docx")

    assert result.exit_code == 1
    assert f"{docx}: har ändrats efter att Kompass skrev den" in result.output
    assert "--overwrite" in result.output and "kompass pull" in result.output
    assert docx.read_bytes() == resaved


def test_overwrite_rebuilds_an_edited_docx(resaved, tmp_path):
    docx = kompass_build(tmp_path)
    docx.write_bytes(resaved)

    kompass_build(tmp_path, "--overwrite")

    assert docx.read_bytes() != resaved
    assert "<Application>Kompass</Application>" in application(docx)


def test_an_untouched_docx_is_rebuilt_without_overwrite(tmp_path):
    docx = kompass_build(tmp_path)
    before = docx.stat().st_mtime_ns

    kompass_build(tmp_path)

    assert docx.stat().st_mtime_ns != before


def test_without_a_stamp_a_docx_that_names_kompass_is_its_own_and_one_saved_elsewhere_is_not(resaved, tmp_path):
    docx = kompass_build(tmp_path)
    (docx.parent / STAMP).unlink()
    kompass_build(tmp_path)
    (docx.parent / STAMP).unlink()
    docx.write_bytes(resaved)

    result = kompass("build", str(INPUTS / NAME), "--out", str(tmp_path), "--format", "docx")

    assert result.exit_code == 1
    assert docx.read_bytes() == resaved


def test_a_pdf_only_build_refuses_too_and_leaves_the_edited_docx_where_it_is(resaved, tmp_path):
    docx = kompass_build(tmp_path)
    docx.write_bytes(resaved)

    result = kompass("build", str(INPUTS / NAME), "--out", str(tmp_path), "--format", "pdf")

    # Building one format sets a stale other format aside (and the next build deletes what was set aside).
    assert result.exit_code == 1
    assert f"{docx}: har ändrats efter att Kompass skrev den" in result.output
    assert docx.read_bytes() == resaved


def test_batch_fails_the_edited_evaluation_only_and_overwrites_on_request(resaved, tmp_path):
    inputs = tmp_path / "inputs"
    for name in (NAME, "kalix-2012"):
        shutil.copytree(INPUTS / name, inputs / name)
    out = tmp_path / "out"
    assert kompass("batch", str(inputs), "--out", str(out), "--format", "docx", "--jobs", "1").exit_code == 0
    docx = out / NAME / f"{NAME}.docx"
    docx.write_bytes(resaved)

    refused = kompass("batch", str(inputs), "--out", str(out), "--format", "docx", "--force", "--jobs", "1")
    overwritten = kompass("batch", str(inputs), "--out", str(out), "--format", "docx", "--force", "--jobs", "1",
                          "--overwrite")

    assert refused.exit_code == 1
    assert "har ändrats efter att Kompass skrev den" in refused.output
    assert overwritten.exit_code == 0, overwritten.output
    assert "<Application>Kompass</Application>" in application(docx)


def test_an_edited_docx_set_aside_for_invalid_input_is_not_deleted_by_the_next_build(resaved, tmp_path):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / "inputs" / NAME))
    out = tmp_path / "out"
    build = ("build", str(folder), "--out", str(out), "--format", "docx")
    assert kompass(*build).exit_code == 0
    (out / NAME / f"{NAME}.docx").write_bytes(resaved)
    scores = folder / "scores.yaml"
    valid = scores.read_bytes()
    scores.write_text("inte: [giltig\n", encoding="utf-8")
    invalid = kompass(*build)
    aside = out / NAME / "inaktuell" / f"{NAME}.docx"
    scores.write_bytes(valid)

    refused = kompass(*build)

    assert invalid.exit_code == 1 and aside.read_bytes() == resaved
    assert refused.exit_code == 1
    assert f"{aside}: har ändrats efter att Kompass skrev den" in refused.output
    assert aside.read_bytes() == resaved


def _as_early_kompass_wrote_it(docx: Path, **core: str) -> None:
    """Rewrite ``docx``'s properties as Kompass before it named itself wrote them (python-docx's
    default template: ``Microsoft Macintosh Word``, created and last saved by Kompass, revision 1,
    modified at creation), with ``core`` properties changed, e.g. as Word saves them."""
    with zipfile.ZipFile(docx) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    app = parts["docProps/app.xml"].decode().replace("<Application>Kompass</Application>",
                                                     "<Application>Microsoft Macintosh Word</Application>")
    parts["docProps/app.xml"] = app.encode()
    text = parts["docProps/core.xml"].decode()
    for tag, value in core.items():
        text = re.sub(rf"(<(?:\w+:)?{tag}[^>]*>)[^<]*(</)", rf"\g<1>{value}\g<2>", text)
    parts["docProps/core.xml"] = text.encode()
    del parts["docProps/custom.xml"]
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def test_a_docx_an_earlier_kompass_wrote_is_its_own_after_an_upgrade(tmp_path):
    docx = kompass_build(tmp_path)
    _as_early_kompass_wrote_it(docx)
    (docx.parent / STAMP).write_text('{"fingerprint": "from an earlier version"}', encoding="utf-8")

    result = kompass("build", str(INPUTS / NAME), "--out", str(tmp_path), "--format", "docx")

    assert result.exit_code == 0, result.output
    assert "har ändrats" not in result.output
    assert "<Application>Kompass</Application>" in application(docx)


def test_a_docx_an_earlier_kompass_wrote_and_word_saved_is_refused_saying_so(tmp_path):
    docx = kompass_build(tmp_path)
    _as_early_kompass_wrote_it(docx, lastModifiedBy="Anna Andersson", revision="2", modified="2026-12-01T10:00:00Z")
    (docx.parent / STAMP).unlink()
    saved = docx.read_bytes()

    result = kompass("build", str(INPUTS / NAME), "--out", str(tmp_path), "--format", "docx")

    assert result.exit_code == 1
    assert f"{docx}: har ändrats efter att Kompass skrev den" in result.output and "kompass pull" in result.output
    assert docx.read_bytes() == saved


def test_a_docx_kompass_never_wrote_is_refused_saying_so_not_as_changed(resaved, tmp_path):
    docx = kompass_build(tmp_path)
    (docx.parent / STAMP).unlink()
    docx.write_bytes(resaved)
    with zipfile.ZipFile(docx) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    parts["docProps/core.xml"] = re.sub(rb"<dc:creator>[^<]*</dc:creator>", b"<dc:creator>Anna Andersson</dc:creator>",
                                        parts["docProps/core.xml"])
    with zipfile.ZipFile(docx, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)

    result = kompass("build", str(INPUTS / NAME), "--out", str(tmp_path), "--format", "docx")

    assert result.exit_code == 1
    assert f"{docx}: skrevs inte av Kompass (sparad i LibreOffice) och skrivs inte över" in result.output
    assert "har ändrats" not in result.output
