"""Edited outputs: a build never replaces a DOCX that was changed after Kompass wrote it.

An evaluator may open a report's DOCX in Word or LibreOffice and save it (to pull the edits back
into the notes later). Before a build replaces it, its SHA-256 is compared with the one the build
stamp recorded (``outputs`` in ``.kompass-build.json``). Without a record (no stamp, or one from
an older Kompass) a DOCX counts as Kompass's own only if ``docProps/app.xml`` still names Kompass
as its application: Word and LibreOffice write their own name there whenever they save.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import KompassError
from .stamps import file_hash, read_stamp

CHECKED = ("docx",)  # the formats an evaluator edits and saves
SET_ASIDE = "inaktuell"  # build.STALE_DIR: where outputs that no longer match their inputs are moved
_APPLICATION = re.compile(rb"<Application>\s*Kompass\s*</Application>")


class EditedOutputError(KompassError):
    """An output was changed after Kompass wrote it; it is not overwritten without --overwrite."""

    exit_code = 1


def edited_outputs(out_dir: Path, formats) -> list[Path]:
    """Return the outputs in ``out_dir`` of ``formats`` that were changed after Kompass wrote them."""
    recorded = (read_stamp(out_dir) or {}).get("outputs")
    recorded = recorded if isinstance(recorded, dict) else {}
    edited = []
    names = [f"{out_dir.name}.{f}" for f in formats if f in CHECKED]
    # An output set aside (invalid inputs, a stale other format) is deleted by the next build.
    paths = [out_dir / name for name in names] + [out_dir / SET_ASIDE / name for name in names]
    for path in paths:
        if not path.is_file() or not zipfile.is_zipfile(path):
            continue  # missing or damaged: no document, so no edits to keep
        known = recorded.get(path.name) if path.parent == out_dir else None
        if (file_hash(path) != known) if isinstance(known, str) else not _says_kompass(path):
            edited.append(path)
    return edited


def refuse_edited(out_dir: Path, formats, folder: Path | None = None) -> None:
    """Raise EditedOutputError naming each output in ``out_dir`` that was edited since it was written."""
    edited = edited_outputs(out_dir, formats)
    if not edited:
        return
    source = f" {folder}" if folder else ""
    lines = [f"{path}: har ändrats efter att Kompass skrev den (t.ex. sparats i Word eller LibreOffice) "
             f"och skrivs inte över. Hämta ändringarna till anteckningarna med kompass pull {path}{source}, "
             "flytta filen, eller bygg med --overwrite för att skriva över ändringarna" for path in edited]
    raise EditedOutputError("\n".join(lines))


def _says_kompass(path: Path) -> bool:
    """Return True if the DOCX at ``path`` names Kompass as the application that saved it."""
    try:
        with zipfile.ZipFile(path) as package:
            return bool(_APPLICATION.search(package.read("docProps/app.xml")))
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
