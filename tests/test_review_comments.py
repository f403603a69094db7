"""Reviewers' comments survive a rebuild (issue 21.4): pull keeps each open comment in the notes
beside its text, the next DOCX has it again as a Word comment, resolving or deleting it in Word
takes it away, and only the DOCX shows it."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from pypdf import PdfReader

from authoring.model import ReviewComment
from authoring.source.comments import format_comment, parse

from .conftest import INPUTS
from .office import convert
from .test_pull import NAME, kompass, paragraph_with

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SENTENCE = "KF:s demokratiberedning har uppdraget att komma med förslag hur demokratin ska stärkas."
ANCHOR = "KF:s demokratiberedning"
KEPT = '<!-- kommentar: Anna Berg, 2026-11-30, om "KF:s demokratiberedning": Stämmer detta? -->'
FIRST = "Via information på hemsida eller tidningsannons"


def with_comment_line(folder: Path, line: str = KEPT) -> Path:
    """Put ``line`` right after the paragraph that ends with SENTENCE in notes/area-1.md."""
    path = folder / "notes" / "area-1.md"
    text = path.read_text(encoding="utf-8")
    assert SENTENCE + "\n" in text
    path.write_text(text.replace(SENTENCE + "\n", f"{SENTENCE}\n{line}\n", 1), encoding="utf-8")
    return path


def word_comments(docx: Path) -> list[tuple[str, str, str, str]]:
    """Return (author, date, text, anchored text) of every comment of ``docx``, in order."""
    with zipfile.ZipFile(docx) as archive:
        names = archive.namelist()
        if "word/comments.xml" not in names:
            return []
        comments = etree.fromstring(archive.read("word/comments.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
    anchored: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for element in body.iter():
        if element.tag == f"{W}commentRangeStart":
            open_ids.add(element.get(f"{W}id"))
            anchored.setdefault(element.get(f"{W}id"), [])
        elif element.tag == f"{W}commentRangeEnd":
            open_ids.discard(element.get(f"{W}id"))
        elif element.tag == f"{W}t":
            for ident in open_ids:
                anchored[ident].append(element.text or "")
    return [(c.get(f"{W}author"), (c.get(f"{W}date") or "")[:10], "".join(t.text or "" for t in c.iter(f"{W}t")),
             "".join(anchored.get(c.get(f"{W}id"), []))) for c in comments.iter(f"{W}comment")]


def build(folder: Path, out: Path, *args: str) -> Path:
    result = kompass("build", str(folder), "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return out / NAME / f"{NAME}.docx"


@pytest.fixture
def commented(tmp_path, kalix_reports) -> tuple[Path, Path]:
    """Return a copy of Kalix whose notes keep one comment, and its DOCX built from them."""
    folder, _ = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")
    with_comment_line(folder)
    return folder, build(folder, tmp_path / "out", "--format", "docx", "--overwrite")


def test_a_comment_in_the_notes_is_a_word_comment_on_its_text_and_in_no_other_format(tmp_path, kalix_reports):
    folder, _ = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")
    with_comment_line(folder)

    build(folder, tmp_path / "out", "--format", "pdf,docx,html", "--overwrite")

    report = tmp_path / "out" / NAME
    assert word_comments(report / f"{NAME}.docx") == [("Anna Berg", "2026-11-30", "Stämmer detta?", ANCHOR)]
    assert paragraph_with(Document(str(report / f"{NAME}.docx")), ANCHOR).text.endswith(SENTENCE)  # text as it was
    pdf = "".join(page.extract_text() for page in PdfReader(report / f"{NAME}.pdf").pages)
    html = (report / f"{NAME}.html").read_text(encoding="utf-8")
    for text in ("Stämmer detta", "Anna Berg", "kommentar"):
        assert text not in pdf and text not in html
    assert "demokratiberedning har uppdraget" in " ".join(pdf.split())


def test_pull_keeps_a_reviewers_new_comment_after_its_paragraph_and_the_rebuilt_docx_has_it(tmp_path, kalix_reports):
    folder, report = kalix_reports(tmp_path / "inputs" / NAME, tmp_path / "out")
    docx = report / f"{NAME}.docx"
    document = Document(str(docx))
    document.add_comment(paragraph_with(document, FIRST).runs[0], text="Källa för detta?\nGäller det 2012?",
                         author="Per Ek", initials="PE")
    document.save(str(docx))

    pulled = kompass("pull", str(docx), str(folder), "--yes")
    rebuilt = build(folder, tmp_path / "again", "--format", "docx")

    assert pulled.exit_code == 0, pulled.output
    assert "Per Ek" in pulled.output and f"sparas i {folder / 'notes' / 'area-1.md'}" in pulled.output
    lines = (folder / "notes" / "area-1.md").read_text(encoding="utf-8").splitlines()
    kept = next(index for index, line in enumerate(lines) if line.startswith("<!-- kommentar: Per Ek, "))
    assert lines[kept - 1].startswith(FIRST)  # on the line right after its paragraph
    assert lines[kept].endswith(": Källa för detta?&#10;Gäller det 2012? -->")
    assert [(a, t, anchored.startswith(FIRST)) for a, _, t, anchored in word_comments(rebuilt)] == [
        ("Per Ek", "Källa för detta?Gäller det 2012?", True)]
    assert kompass("pull", str(rebuilt), str(folder), "--yes").output.count("inga ändringar att hämta") == 1


def test_a_comment_deleted_in_word_is_taken_out_of_the_notes_at_the_next_pull(commented):
    folder, docx = commented
    assert word_comments(docx)
    _rewrite(docx, _deleted)

    result = kompass("pull", str(docx), str(folder), "--yes")

    assert result.exit_code == 0, result.output
    assert "Anna Berg: Stämmer detta? (löst eller borttagen i DOCX-filen: tas bort ur anteckningarna)" in result.output
    text = (folder / "notes" / "area-1.md").read_text(encoding="utf-8")
    assert "kommentar" not in text and f"{SENTENCE}\n\n" in text


def test_a_comment_resolved_in_word_is_taken_out_of_the_notes_at_the_next_pull(commented):
    folder, docx = commented
    _rewrite(docx, _resolved)

    result = kompass("pull", str(docx), str(folder), "--yes")

    assert result.exit_code == 0, result.output
    assert "löst i DOCX-filen" in result.output
    assert "kommentar" not in (folder / "notes" / "area-1.md").read_text(encoding="utf-8")


def test_status_counts_open_comments_and_a_final_build_refuses_them_unless_told_to_ignore_them(commented, tmp_path):
    folder, _ = commented

    status = kompass("status", str(folder), "--out", str(tmp_path / "out"))
    refused = kompass("build", str(folder), "--out", str(tmp_path / "final"), "--final", "--format", "pdf")
    written = (tmp_path / "final" / NAME / f"{NAME}.pdf").exists()
    ignored = kompass("build", str(folder), "--out", str(tmp_path / "final"), "--final", "--format", "pdf",
                      "--ignore-comments")

    assert f"{NAME}: 1 öppen kommentar från granskare" in status.output
    assert refused.exit_code == 1
    assert re.search(r"notes/area-1\.md:\d+: öppen kommentar från Anna Berg \(2026-11-30\): 'Stämmer detta\?'",
                     refused.output)
    assert "--ignore-comments" in refused.output
    assert not written
    assert ignored.exit_code == 0, ignored.output
    assert (tmp_path / "final" / NAME / f"{NAME}.pdf").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_comment_survives_libreoffice_and_pulling_its_file_changes_nothing(commented, tmp_path):
    folder, docx = commented
    before = (folder / "notes" / "area-1.md").read_bytes()

    converted = convert(docx, tmp_path / "lo", "docx")
    result = kompass("pull", str(converted), str(folder), "--yes")

    assert [(a, t, anchored) for a, _, t, anchored in word_comments(converted)] == [
        ("Anna Berg", "Stämmer detta?", ANCHOR)]
    assert result.exit_code == 0, result.output
    assert "inga ändringar att hämta" in result.output
    assert (folder / "notes" / "area-1.md").read_bytes() == before


def test_a_comment_line_keeps_any_text_and_reads_back_as_written():
    comment = ReviewComment("Berg, Anna: granskare", "2026-11-30", 'Se "--" här & där -\nNy rad', 'sa "ja" -- nej')

    line = format_comment(comment)

    assert line.startswith("<!-- kommentar: ") and line.endswith(" -->") and "--" not in line[4:-3]
    assert "\n" not in line
    assert parse(line) == comment


def test_a_comment_line_that_cannot_be_read_is_a_warning_that_names_its_line(kalix):
    with_comment_line(kalix, "<!-- kommentar utan kolon -->")

    result = kompass("check", str(kalix))

    assert re.search(r"notes/area-1\.md:\d+: .*kommentaren kan inte läsas", result.output), result.output


def _rewrite(docx: Path, change) -> None:
    """Rewrite ``docx`` with ``change(entries)`` applied to its entries (name -> bytes)."""
    with zipfile.ZipFile(docx) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    change(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    docx.write_bytes(buffer.getvalue())


def _deleted(entries: dict[str, bytes]) -> None:
    """Delete every comment as Word does: its text, its range and its reference."""
    body = etree.fromstring(entries["word/document.xml"])
    for element in list(body.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd")):
        element.getparent().remove(element)
    for reference in list(body.iter(f"{W}commentReference")):
        run = reference.getparent()
        run.getparent().remove(run)
    entries["word/document.xml"] = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
    comments = etree.fromstring(entries["word/comments.xml"])
    for comment in list(comments):
        comments.remove(comment)
    entries["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)


def _resolved(entries: dict[str, bytes]) -> None:
    """Mark every comment done as Word does: w15:done="1" in commentsExtended.xml, by paraId."""
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    comments = etree.fromstring(entries["word/comments.xml"])
    extended = etree.Element(f"{{{w15}}}commentsEx", nsmap={"w15": w15})
    for number, comment in enumerate(comments.iter(f"{W}comment"), 1):
        paragraph = list(comment.iter(f"{W}p"))[-1]
        paragraph.set(f"{{{w14}}}paraId", f"{number:08X}")
        etree.SubElement(extended, f"{{{w15}}}commentEx", {f"{{{w15}}}paraId": f"{number:08X}", f"{{{w15}}}done": "1"})
    entries["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)
    entries["word/commentsExtended.xml"] = etree.tostring(extended, xml_declaration=True, encoding="UTF-8",
                                                          standalone=True)
