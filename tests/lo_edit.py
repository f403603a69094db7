"""Edit a DOCX through LibreOffice's own API (UNO) and save it with LibreOffice's DOCX filter.

    /usr/bin/python3 tests/lo_edit.py IN.docx OUT.docx EDITS.json

Run with the system Python that has Debian's python3-uno, not the project's virtualenv. EDITS.json
holds a list of edits, each one of:
  {"replace": [OLD, NEW]}                       reword text wherever it occurs
  {"after": ANCHOR, "insert": TEXT[, "style": S]}  a new paragraph after the one holding ANCHOR
  {"bold": WORD}                                  make the first occurrence of WORD bold
  {"delete": TEXT}                                remove the paragraph holding TEXT
A private LibreOffice profile is used, so the script can run beside other soffice processes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # noqa: F401  (python3-uno; makes the com.sun.star modules importable)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK


def prop(name, value):
    result = PropertyValue()
    result.Name, result.Value = name, value
    return result


def connect(pipe: str, profile: Path):
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"-env:UserInstallation={profile.as_uri()}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 120
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline or office.poll() is not None:
                office.kill()
                raise
            time.sleep(0.3)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return office, desktop


def found(document, text: str):
    descriptor = document.createSearchDescriptor()
    descriptor.SearchString = text
    descriptor.SearchCaseSensitive = True
    hit = document.findFirst(descriptor)
    if hit is None:
        raise SystemExit(f"lo_edit: {text!r} not found")
    return hit


def delete_paragraph(hit) -> None:
    """Remove the paragraph holding the text range ``hit`` and one paragraph break beside it."""
    cursor = hit.getText().createTextCursorByRange(hit)
    cursor.gotoStartOfParagraph(False)
    if cursor.goLeft(1, False):  # from the end of the previous paragraph to the end of this one
        cursor.goRight(1, True)
        cursor.gotoEndOfParagraph(True)
    else:  # the first paragraph of its text: from its start to the start of the next one
        cursor.gotoEndOfParagraph(True)
        cursor.goRight(1, True)
    cursor.setString("")


def apply(document, edit: dict) -> None:
    if "replace" in edit:
        old, new = edit["replace"]
        descriptor = document.createReplaceDescriptor()
        descriptor.SearchString, descriptor.ReplaceString = old, new
        descriptor.SearchCaseSensitive = True
        if document.replaceAll(descriptor) == 0:
            raise SystemExit(f"lo_edit: {old!r} not found")
    elif "after" in edit:
        hit = found(document, edit["after"])
        cursor = hit.getText().createTextCursorByRange(hit.getEnd())
        cursor.gotoEndOfParagraph(False)
        hit.getText().insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        hit.getText().insertString(cursor, edit["insert"], False)
        if "style" in edit:
            cursor.gotoStartOfParagraph(True)
            cursor.ParaStyleName = edit["style"]
    elif "bold" in edit:
        found(document, edit["bold"]).CharWeight = 150.0  # com.sun.star.awt.FontWeight.BOLD
    elif "delete" in edit:
        delete_paragraph(found(document, edit["delete"]))
    else:
        raise SystemExit(f"lo_edit: unknown edit {edit!r}")


def main(source: Path, target: Path, edits: list[dict]) -> None:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    office, desktop = connect(f"kompass_lo_edit_{os.getpid()}", profile)
    try:
        document = desktop.loadComponentFromURL(source.resolve().as_uri(), "_blank", 0, (prop("Hidden", True),))
        for edit in edits:
            apply(document, edit)
        document.storeToURL(target.resolve().as_uri(), (prop("FilterName", "MS Word 2007 XML"),))
        document.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:  # the office may already be gone; it is killed below either way
            pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), json.loads(Path(sys.argv[3]).read_text(encoding="utf-8")))
