"""The Word page's "Läs in den ändå": a DOCX without Kompass's digests is refused with what to do
in the studio (not the command's --force), then read forced, each change confirmed and written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
from .conftest import INPUTS
from .studio_client import signed_in_client

OLD = "Kalix webb-sänder sina KF möten"
NEW = "Kalix webbsänder sina fullmäktigemöten"


def without_digests(source: Path, dest: Path) -> None:
    """Save ``source`` with one sentence edited and without docProps/custom.xml (where the digests are)."""
    document = docx.Document(str(source))
    paragraph = next(p for p in document.paragraphs if OLD in p.text)
    text = paragraph.text.replace(OLD, NEW)
    for run in paragraph.runs[1:]:
        run.text = ""
    paragraph.runs[0].text = text
    edited = dest.with_suffix(".tmp.docx")
    document.save(str(edited))
    with zipfile.ZipFile(edited) as old, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename == "docProps/custom.xml":
                continue
            data = old.read(item.filename)
            if item.filename in ("_rels/.rels", "[Content_Types].xml"):  # the part's references go with it
                text = re.sub(r'<Relationship [^>]*Target="docProps/custom.xml"/>', "", data.decode("utf-8"))
                data = re.sub(r'<Override [^>]*PartName="/docProps/custom.xml"[^>]*/>', "", text).encode("utf-8")
            new.writestr(item, data)


def test_a_docx_without_digests_is_refused_then_read_anyway_each_change_confirmed(tmp_path):
    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))
    out = tmp_path / "output"
    subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", "build", str(folder), "--out",
                    str(out), "--format", "docx"], check=True, capture_output=True)
    upload = tmp_path / "granskad.docx"
    without_digests(out / "kalix-2012" / "kalix-2012.docx", upload)
    client = signed_in_client(folder.parent, 8768, out)
    notes = folder / "notes" / "area-1.md"
    before = notes.read_bytes()

    refused = client.post("/e/kalix-2012/word", files={"docx": ("granskad.docx", upload.read_bytes())}).text
    assert "saknar de kontrollsummor" in refused and "kryssa i ”Läs in den ändå”" in refused
    assert "--force" not in refused and notes.read_bytes() == before

    shown = client.post("/e/kalix-2012/word", files={"docx": ("granskad.docx", upload.read_bytes())},
                        data={"tvinga": "1"}).text
    assert "<del>webb-sänder</del>" in shown and "<ins>webbsänder</ins>" in shown
    upload_id = re.search(r'name="upload" value="([0-9a-f]{32})"', shown).group(1)
    regions = re.findall(r'name="region" value="([^"]+)"', shown)
    assert len(regions) == 1 and "<legend>område 1, avsnitt 2 " in shown  # the one edited; unchanged ones are not listed
    written = client.post("/e/kalix-2012/word/hamta", data={"upload": upload_id, "region": regions[0]}).text
    assert "skrevs till anteckningarna" in written
    assert NEW in notes.read_text(encoding="utf-8")


def test_a_standard_text_edited_in_word_is_offered_as_the_reports_own_wording(tmp_path):
    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))
    out = tmp_path / "output"
    subprocess.run([sys.executable, "-c", "from authoring.cli import main; main()", "build", str(folder), "--out",
                    str(out), "--format", "docx"], check=True, capture_output=True)
    document = docx.Document(str(out / "kalix-2012" / "kalix-2012.docx"))
    standard = next(p for p in document.paragraphs if p.text.startswith("En kommun är en politiskt styrd organisation"))
    standard.runs[0].text = standard.runs[0].text.replace("styrd organisation", "styrd orgnisation", 1)
    upload = tmp_path / "granskad.docx"
    document.save(str(upload))
    client = signed_in_client(folder.parent, 8771, out)

    shown = client.post("/e/kalix-2012/word", files={"docx": ("granskad.docx", upload.read_bytes())}).text

    assert "Standardtexten Område 1: Allmänt" in shown and "notes/texts/areas.1.general.md" in shown
    assert "<del>organisation</del> <ins>orgnisation</ins>" in shown
    assert "templates/frameworks" not in shown
    upload_id = re.search(r'name="upload" value="([0-9a-f]{32})"', shown).group(1)
    written = client.post("/e/kalix-2012/word/hamta", data={"upload": upload_id, "omformulering": "areas.1.general"}).text
    assert "skrevs till anteckningarna" in written
    own = folder / "notes" / "texts" / "areas.1.general.md"
    assert "En kommun är en politiskt styrd orgnisation" in own.read_text(encoding="utf-8")
