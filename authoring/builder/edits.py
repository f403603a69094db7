"""Edited outputs: a build never replaces a DOCX that was changed after Kompass wrote it.

An evaluator may open a report's DOCX in Word or LibreOffice and save it (to pull the edits back
into the notes later). Before a build replaces it, its SHA-256 is compared with the one the build
stamp recorded (``outputs`` in ``.kompass-build.json``). Without a record (no stamp, or one from
an older Kompass) a DOCX counts as Kompass's own only if its properties are still those a Kompass
version wrote (``origin``): Word and LibreOffice write their own name there whenever they save. A
refusal says what is true: changed after Kompass wrote it (and in which program), or never
written by Kompass.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import KompassError
from .stamps import file_hash, read_stamp

CHECKED = ("docx",)  # the formats an evaluator edits and saves
SET_ASIDE = "inaktuell"  # build.STALE_DIR: where outputs that no longer match their inputs are moved


class EditedOutputError(KompassError):
    """An output was changed after Kompass wrote it; it is not overwritten without --overwrite."""

    exit_code = 1


def edited_outputs(out_dir: Path, formats) -> list[Path]:
    """Return the outputs in ``out_dir`` of ``formats`` that were changed after Kompass wrote them."""
    return [path for path, _ in _edited(out_dir, formats)]


def _edited(out_dir: Path, formats) -> list[tuple[Path, str]]:
    """Return each output in ``out_dir`` of ``formats`` changed after Kompass wrote it, with what is
    true about it (``origin``)."""
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
        if isinstance(known, str) and file_hash(path) == known:
            continue
        said = origin(path)
        if said is not None or isinstance(known, str):
            edited.append((path, said or EDITED))
    return edited


def refuse_edited(out_dir: Path, formats, folder: Path | None = None) -> None:
    """Raise EditedOutputError naming each output in ``out_dir`` that was edited since it was written."""
    edited = _edited(out_dir, formats)
    if not edited:
        return
    source = f" {folder}" if folder else ""
    lines = [f"{path}: {said} och skrivs inte över. Hämta ändringarna till anteckningarna med kompass pull "
             f"{path}{source}, flytta filen, eller bygg med --overwrite för att skriva över ändringarna"
             for path, said in edited]
    raise EditedOutputError("\n".join(lines))


EDITED = "har ändrats efter att Kompass skrev den"


def origin(path: Path) -> str | None:
    """Return None if the DOCX at ``path`` is as a Kompass version wrote it, else what is true about it.

    Its own: ``docProps/app.xml`` names Kompass, or (before Kompass named itself there) still holds
    python-docx's default application while the core properties are as Kompass set them: created
    and last saved by Kompass, revision 1, modified when created. Word and LibreOffice write their
    own application name whenever they save; Word also its user, a new revision and the time."""
    try:
        with zipfile.ZipFile(path) as package:
            application = _text(package, "docProps/app.xml", "Application")
            core = {tag: _text(package, "docProps/core.xml", tag)
                    for tag in ("creator", "lastModifiedBy", "revision", "created", "modified")}
    except (OSError, zipfile.BadZipFile):
        return EDITED
    by_kompass = core["creator"] == "Kompass"
    if application == "Kompass":
        return None
    if (application == PYTHON_DOCX_APPLICATION and by_kompass and core["lastModifiedBy"] == "Kompass"
            and core["revision"] == "1" and core["created"] == core["modified"]):
        return None  # written by a Kompass version before it named itself: the file is as written
    saved_in = f" (sparad i {application.split('/')[0]})" if application and application != PYTHON_DOCX_APPLICATION else ""
    if not by_kompass:
        return f"skrevs inte av Kompass{saved_in}"
    return EDITED + saved_in


PYTHON_DOCX_APPLICATION = "Microsoft Macintosh Word"  # in python-docx's default template, which early Kompass used


def _text(package: zipfile.ZipFile, member: str, tag: str) -> str | None:
    """Return the text of the first element ``tag`` (any namespace) of ``member``, None if it has none."""
    try:
        match = re.search(rb"<(?:\w+:)?%s(?:\s[^>]*)?>([^<]*)</" % tag.encode(), package.read(member))
    except KeyError:
        return None
    return match.group(1).decode("utf-8", "replace").strip() if match else None
