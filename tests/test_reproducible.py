"""The same input and version give byte-identical DOCX and PDF, in any process, at any time."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from authoring.builder.build import build
from authoring.builder.stamps import STAMP

from .conftest import INPUTS


def _build_in_child(folder, out, env=None):
    subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", "build", str(folder),
                    "--out", str(out)], check=True, capture_output=True, env={**os.environ, **(env or {})})
    return {p.suffix: p.read_bytes() for p in (out / folder.name).glob(f"{folder.name}.*")}


def test_two_builds_in_separate_processes_are_byte_identical(tmp_path):
    first = _build_in_child(INPUTS / "kalix-2012", tmp_path / "a")
    second = _build_in_child(INPUTS / "kalix-2012", tmp_path / "b")

    assert set(first) == {".pdf", ".docx"}
    assert first == second


def test_a_build_does_not_depend_on_what_the_process_built_before(tmp_path):
    [_, docx_first] = build(INPUTS / "norsjo-2015", tmp_path / "a").paths
    build(INPUTS / "kalix-2012", tmp_path / "b")
    [_, docx_again] = build(INPUTS / "norsjo-2015", tmp_path / "c").paths

    assert docx_first.read_bytes() == docx_again.read_bytes()


def test_a_pdf_does_not_depend_on_the_paragraphs_the_process_laid_out_before(tmp_path):
    """Paragraphs are parsed once per process (``pdf_text``): a PDF laid out after others, its
    paragraphs all parsed before, has the bytes of one laid out in a fresh process."""
    examples = ("norsjo-2015", "kalix-2012", "ostersund-2015")
    fresh = {}
    for name in examples:
        subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", "build", str(INPUTS / name),
                        "--out", str(tmp_path / "fresh"), "--format", "pdf"], check=True, capture_output=True)
        fresh[name] = (tmp_path / "fresh" / name / f"{name}.pdf").read_bytes()

    for round_ in ("first", "again"):
        for name in examples:
            [pdf] = build(INPUTS / name, tmp_path / round_, ("pdf",)).paths
            assert pdf.read_bytes() == fresh[name], (round_, name)


def test_the_document_date_is_the_evaluation_date_or_source_date_epoch(tmp_path):
    plain = _build_in_child(INPUTS / "norsjo-2015", tmp_path / "a", {"SOURCE_DATE_EPOCH": ""})
    dated = _build_in_child(INPUTS / "norsjo-2015", tmp_path / "b", {"SOURCE_DATE_EPOCH": "1700000000"})
    docx = tmp_path / "b" / "norsjo-2015" / "norsjo-2015.docx"

    assert plain != dated
    assert Document(str(docx)).core_properties.created == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    assert {info.date_time for info in zipfile.ZipFile(docx).infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert PdfReader(tmp_path / "b" / "norsjo-2015" / "norsjo-2015.pdf").metadata.creation_date.replace(
        tzinfo=None) == dt.datetime(2023, 11, 14, 22, 13, 20)
    assert Document(str(tmp_path / "a" / "norsjo-2015" / "norsjo-2015.docx")).core_properties.created.year == 2015


def test_the_docx_made_beside_the_pdf_gives_the_bytes_of_writing_in_order(tmp_path, monkeypatch):
    from authoring.builder.stamps import layout_hint
    from authoring.writers import jobs as writejobs

    out = tmp_path / "out"
    beside = []

    class Recorded(writejobs._DocxChild):
        def finish(self, pages):
            beside.append(super().finish(pages))
            return beside[-1]

    monkeypatch.setattr(writejobs, "_DocxChild", Recorded)
    first = {p.suffix: p.read_bytes() for p in build(INPUTS / "kalix-2012", out).paths}
    again = {p.suffix: p.read_bytes() for p in build(INPUTS / "kalix-2012", out).paths}
    stamp = out / "kalix-2012" / STAMP
    recorded = json.loads(stamp.read_text(encoding="utf-8"))
    assert recorded["pages"] == layout_hint(out / "kalix-2012") != {}
    stamp.write_text(json.dumps({**recorded, "pages": {key: page + 1 for key, page in recorded["pages"].items()}}))
    wrong_guess = {p.suffix: p.read_bytes() for p in build(INPUTS / "kalix-2012", out).paths}
    monkeypatch.setattr(writejobs, "_overlap", lambda names: False)
    in_order = {p.suffix: p.read_bytes() for p in build(INPUTS / "kalix-2012", tmp_path / "in-order").paths}

    assert beside == [True, True, True]  # every build but the last made the DOCX in a child
    assert first == again == wrong_guess == in_order


def test_a_build_does_not_depend_on_where_the_evaluation_lies(tmp_path):
    here = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "a" / "kalix-2012"))
    there = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "b" / "c" / "kalix-2012"))

    first = {p.name: p.read_bytes() for p in build(here, tmp_path / "out-a").paths}
    second = {p.name: p.read_bytes() for p in build(there, tmp_path / "d" / "out-b").paths}
    stamps = [(out / "kalix-2012" / STAMP).read_bytes() for out in (tmp_path / "out-a", tmp_path / "d" / "out-b")]

    assert first == second
    assert stamps[0] == stamps[1]


def _zipfile_bytes(moment: dt.datetime, entries: list[tuple[str, bytes]]) -> bytes:
    """Return the zip Python's zipfile writes for ``entries`` with FixedZip's dates, attributes and levels."""
    import io

    from authoring.reproducible import FAST, STORED, ZIP_EPOCH

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in entries:
            info = zipfile.ZipInfo(name, date_time=max(moment, ZIP_EPOCH).timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
            info.external_attr, info.create_system = 0o644 << 16, 3
            archive.writestr(info, blob, compresslevel=1 if name.endswith(FAST) else None)
    return output.getvalue()


def test_the_docx_zip_has_the_bytes_zipfile_writes_also_with_cached_font_data(tmp_path):
    from authoring.reproducible import FixedZip
    from authoring.writers.docx_fonts import deflated

    build(INPUTS / "kalix-2012", tmp_path, ("docx",))
    with zipfile.ZipFile(tmp_path / "kalix-2012" / "kalix-2012.docx") as built:
        entries = [(name, built.read(name)) for name in built.namelist()]
    entries += [("word/media/bild-å.png", b"\x89PNG"), ("word/tom.xml", b"")]
    assert any(name.endswith(".odttf") for name, _ in entries)

    for moment in (dt.datetime(2012, 10, 31), dt.datetime(1975, 5, 1), dt.datetime(2107, 12, 31, 23, 59, 59)):
        for cached in (None, deflated):
            archive = FixedZip(moment, cached)
            for name, blob in entries:
                archive.write(name, blob)

            assert archive.close() == _zipfile_bytes(moment, entries), (moment, cached)


def test_an_entry_deflated_before_in_this_process_is_deflated_again_when_its_data_changes():
    from authoring.reproducible import FixedZip

    moment = dt.datetime(2012, 10, 31)
    styles = b"<w:styles>" + b"<w:style/>" * 5000 + b"</w:styles>"
    versions = [styles, bytes(styles), styles.replace(b"<w:style/>", b"<w:stylf/>", 1), styles[:-1] + b"?", b"",
                styles]  # the same object, an equal copy, the same length with other bytes, none, again
    for data in versions:
        entries = [("word/styles.xml", data), ("word/fonts/font1.odttf", data[::-1])]
        archive = FixedZip(moment)
        for name, blob in entries:
            archive.write(name, blob)

        assert archive.close() == _zipfile_bytes(moment, entries)


def test_faces_deflated_while_a_docx_child_waits_are_not_deflated_again(tmp_path, monkeypatch):
    from authoring import reproducible
    from authoring.writers import docx, docx_fonts

    monkeypatch.setattr(reproducible, "_LAST", {})
    before = build(INPUTS / "kalix-2012", tmp_path / "before", ("docx",)).paths[0].read_bytes()
    monkeypatch.setattr(reproducible, "_LAST", {})
    docx_fonts.prepare()
    asked = []

    def deflated(name, data, level):
        asked.append(name)
        return docx_fonts.deflated(name, data, level)

    monkeypatch.setattr(docx, "deflated", deflated)
    after = build(INPUTS / "kalix-2012", tmp_path / "after", ("docx",)).paths[0].read_bytes()

    assert sorted(name for name in reproducible._LAST if name.endswith(".odttf")) == [
        f"word/fonts/font{n}.odttf" for n in range(1, 5)]
    assert asked and not [name for name in asked if name.endswith(".odttf")]
    assert after == before


def test_the_docx_made_beside_is_saved_with_the_guessed_pages_before_they_are_known(tmp_path):
    from authoring.source.evaluation import load_evaluation
    from authoring.charts.draw import media_for
    from authoring.compose import compose
    from authoring.writers import docx, pdf

    report = compose(load_evaluation(INPUTS / "kalix-2012"))
    media = media_for(report)
    pages = pdf.write(report, media, tmp_path / "r.pdf")
    docx.write(report, media, tmp_path / "in-order.docx", pages)
    saved_before = {}

    def awaited(result):
        def pages_now():
            saved_before["bytes"] = (tmp_path / "beside.docx").read_bytes()
            return result
        return pages_now

    docx.write(report, media, tmp_path / "beside.docx", awaited(pages), guess=pages)
    assert saved_before["bytes"] == (tmp_path / "beside.docx").read_bytes() == (tmp_path / "in-order.docx").read_bytes()

    wrong = {anchor: page + 1 for anchor, page in pages.items()}
    docx.write(report, media, tmp_path / "beside.docx", awaited(pages), guess=wrong)
    assert saved_before["bytes"] != (tmp_path / "beside.docx").read_bytes() == (tmp_path / "in-order.docx").read_bytes()
