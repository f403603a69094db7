"""The edit law with a real client: a proofreader's edits made and saved by LibreOffice come back."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
import subprocess
from pathlib import Path

import pytest
from docx import Document

from .conftest import INPUTS
from .test_pull import ADDED, BOLDED, DELETED, NAME, REWORDED, SUBHEADING, SUBTEXT, kompass, paragraph_with, snapshot

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-uno lives with the system Python
FIRST = "Via information på hemsida eller tidningsannons"
LAST_ITEM, NEW_ITEM = "Synpunktshantering", "Synpunkter besvaras inom en vecka"  # area 2's last Styrka
LAST_SENTENCE = "KF:s demokratiberedning har uppdraget att komma med förslag hur demokratin ska stärkas."
NEW_LAST = "Beredningen redovisar sitt förslag under hösten."  # after area 1 section 1's last paragraph


def uno_available() -> bool:
    return shutil.which("soffice") is not None and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


needs_uno = pytest.mark.skipif(not uno_available() and not os.environ.get("CI"),
                               reason="python3-uno is not installed (.ci/run installs it)")


@needs_uno
def test_edits_made_and_saved_in_libreoffice_come_back_and_are_in_the_rebuilt_outputs(tmp_path):
    folder = Path(shutil.copytree(INPUTS / NAME, tmp_path / "inputs" / NAME))
    assert kompass("build", str(folder), "--out", str(tmp_path / "out"), "--format", "docx").exit_code == 0
    built = tmp_path / "out" / NAME / f"{NAME}.docx"
    edits = [{"replace": list(REWORDED)},
             {"after": FIRST, "insert": ADDED},
             {"after": FIRST, "insert": SUBHEADING, "style": "Heading 4"},
             {"after": SUBHEADING, "insert": SUBTEXT, "style": "Text body"},
             {"bold": BOLDED},
             {"delete": DELETED},
             {"after": LAST_ITEM, "insert": NEW_ITEM},
             {"after": LAST_SENTENCE, "insert": NEW_LAST}]
    (tmp_path / "edits.json").write_text(json.dumps(edits), encoding="utf-8")
    edited = tmp_path / "lo" / f"{NAME}.docx"
    edited.parent.mkdir()
    subprocess.run([SYSTEM_PYTHON, str(Path(__file__).with_name("lo_edit.py")), str(built), str(edited),
                    str(tmp_path / "edits.json")], check=True, timeout=300)
    assert "LibreOffice" in zipfile.ZipFile(edited).read("docProps/app.xml").decode()  # saved by the client

    dry = kompass("pull", str(edited), str(folder), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert snapshot(folder) == snapshot(INPUTS / NAME)
    pulled = kompass("pull", str(edited), str(folder), "--yes")
    rebuilt = kompass("build", str(folder), "--out", str(tmp_path / "again"))

    assert pulled.exit_code == 0, pulled.output
    assert "konflikt" not in pulled.output and "borttaget" not in pulled.output and "hämtas inte" not in pulled.output
    assert rebuilt.exit_code == 0, rebuilt.output
    notes = {n: (folder / "notes" / f"area-{n}.md").read_text(encoding="utf-8") for n in (1, 2, 4)}
    assert REWORDED[1] in notes[1] and REWORDED[0] not in notes[1]
    assert f"\n\n### {SUBHEADING}\n\n{SUBTEXT}\n\n{ADDED}\n\n" in notes[1]
    assert f"**{BOLDED}**" in notes[4]
    assert DELETED not in notes[2]
    assert f"- {LAST_ITEM}\n- {NEW_ITEM}\n" in notes[2]
    assert f"{LAST_SENTENCE}\n\n{NEW_LAST}\n" in notes[1]
    document = Document(str(tmp_path / "again" / NAME / f"{NAME}.docx"))
    paragraphs = {p.text: p for p in document.paragraphs}
    assert any(REWORDED[1] in text for text in paragraphs) and ADDED in paragraphs and SUBTEXT in paragraphs
    assert paragraphs[SUBHEADING].style.name == "Heading 4"
    assert any(r.bold and r.text == BOLDED for r in paragraph_with(document, BOLDED).runs)
    pdf = subprocess.run(["pdftotext", str(tmp_path / "again" / NAME / f"{NAME}.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    flat = " ".join(pdf.split())
    for text in (REWORDED[1], ADDED, SUBHEADING, SUBTEXT, NEW_ITEM, NEW_LAST):
        assert text in flat, text
    assert DELETED not in flat
