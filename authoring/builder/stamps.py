"""Build stamps: what a report was made of and what was written, so a skip can be trusted.

``output/<evaluation>/.kompass-build.json`` records the fingerprint of everything the report is
made of (input files, framework, templates, Kompass code, resolved references, formats) and the
SHA-256 of each output file. A report is current only if the fingerprint matches and every output
exists with the recorded hash. The stamp is removed before outputs are replaced and written after
all of them are in place, so a kill at any moment leaves either a current pair or no stamp.

Beside them it keeps the PDF's page of each heading anchor (``layout_hint``): only the next build's
first guess for the contents, which the PDF writer checks by laying the document out (a wrong or
damaged guess costs one more layout pass, never a wrong page). Kept with the report, not in the
cache, so a build that finds no cache (a new machine, a cleared one) still guesses.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from ..source import placeholders
from ..source.framework import find_framework
from .early import inputs_digest
from ..remembered import library_version
from ..safeio import content_hash, publish, temporary
from ..source.framework_lookup import campaign_folder, versions_in
from ..source.housestyle import house_style_files
from ..templates import TEMPLATES_DIR

STAMP = ".kompass-build.json"
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # authoring/, every module of Kompass


def outside_files(folder: Path) -> list[Path]:
    """Return the files outside the evaluation ``folder`` that its reading depends on: a campaign's
    house style (report.yaml beside kampanj.yaml) and the frameworks beside kampanj.yaml."""
    files = [p for p in house_style_files(folder)[1:] if not p.is_relative_to(folder.resolve())]
    campaign = campaign_folder(folder)
    if campaign is not None and campaign != folder.resolve():
        files += [campaign / f"{version}.yaml" for version in sorted(versions_in(campaign))]
    return files


def outside_digest(folder: Path) -> str:
    """Return a hash of ``outside_files(folder)``: names and contents."""
    digest = hashlib.sha256()
    for path in outside_files(folder):
        digest.update(str(path).encode())
        digest.update((content_hash(path) or "").encode())
    return digest.hexdigest()


def fingerprint(evaluation, formats) -> str:
    """Return a hash of everything a report is made of: input files, framework, templates, code."""
    digest = hashlib.sha256()
    folder = evaluation.folder
    digest.update(inputs_digest(folder).encode())
    files = [find_framework(evaluation.framework.version, near=folder)]  # beside it, its campaign or the templates
    files += outside_files(folder)  # a campaign's house style and frameworks
    digest.update(files_digest(tuple(_signature(path) for path in files)).encode())
    digest.update(code_digest().encode())
    resolved = {"reference": evaluation.meta.all_references, "earlier": evaluation.meta.earlier_evaluations,
                "publication": evaluation.meta.publication,
                "rank": placeholders.value(evaluation, placeholders.Placeholder("rang")),  # {rang}: from the others
                "campaign_failed": evaluation.campaign_failed}  # on the Att göra list: a draft
    # a model as its fields (model_dump would build pydantic's serializer, and load its plugins, first)
    digest.update(json.dumps(resolved, default=lambda o: dict(o) if hasattr(o, "model_dump") else str(o),
                             sort_keys=True).encode())
    digest.update(json.dumps([package_version(), sorted(formats)]).encode())
    publication = evaluation.meta.publication
    logo = publication.logo_file(evaluation.folder) if publication else None
    if logo is not None:  # a campaign's logo lies outside the evaluation folder: its bytes count too
        digest.update((file_hash(logo) or "missing").encode())
    return digest.hexdigest()


@cache
def code_digest() -> str:
    """Return a hash of Kompass's code and templates (the web page's shell and style sheet among them),
    taken once per process: a process makes its reports with the code it loaded and the templates it
    read first (``templates`` keeps them), whatever is saved over them while it runs."""
    files = sorted(p for p in TEMPLATES_DIR.iterdir() if p.is_file() and p.suffix != ".py")
    files += sorted((TEMPLATES_DIR / "html").glob("*"))
    files += sorted(PACKAGE_DIR.rglob("*.py"))
    return files_digest(tuple(_signature(path) for path in files))


@cache
def files_digest(signatures: tuple[tuple, ...]) -> str:
    """Return a hash of the names and contents of the files whose ``_signature`` is ``signatures``.

    Kept per process by signature: a process that stamps again and again (batch, the watch) reads
    Kompass's code and templates once, and again only once a file of them has changed."""
    digest = hashlib.sha256()
    for path, *_ in signatures:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def _signature(path: Path) -> tuple:
    """Return what changes when ``path`` is written: its path, size, time and inode."""
    info = path.stat()
    return str(path), info.st_size, info.st_mtime_ns, info.st_ino


@cache
def package_version() -> str:
    return library_version("kompass") or "unknown"


def file_hash(path: Path) -> str | None:
    """Return the SHA-256 of ``path`` (``safeio.content_hash``), or None if it is no readable regular file."""
    return content_hash(path)


def read_stamp(out_dir: Path) -> dict:
    """Return the stamp in ``out_dir``, or an empty dict if there is none or it is unreadable."""
    try:
        data = json.loads((out_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_current(out_dir: Path, stamp: str, outputs: list[Path]) -> bool:
    """Return True if ``outputs`` were built from ``stamp`` and are unchanged since."""
    data = read_stamp(out_dir)
    hashes = data.get("outputs")
    if data.get("fingerprint") != stamp or not isinstance(hashes, dict):
        return False
    return all(hashes.get(p.name) is not None and hashes.get(p.name) == file_hash(p) for p in outputs)


def stamped_formats(out_dir: Path) -> tuple[str, ...]:
    """Return the formats whose outputs the stamp in ``out_dir`` records (``pdf``, ``docx``)."""
    outputs = read_stamp(out_dir).get("outputs")
    return tuple(sorted(Path(name).suffix[1:] for name in outputs)) if isinstance(outputs, dict) else ()


def is_up_to_date(evaluation, out_dir: Path) -> bool:
    """Return True if the outputs stamped in ``out_dir`` were built from exactly ``evaluation`` and are unchanged."""
    formats = stamped_formats(out_dir)
    outputs = [out_dir / f"{out_dir.name}.{f}" for f in formats]
    return bool(formats) and is_current(out_dir, fingerprint(evaluation, formats), outputs)


def clear_stamp(out_dir: Path) -> None:
    """Remove the stamp of ``out_dir`` (before its outputs are replaced)."""
    try:
        os.unlink(out_dir / STAMP)
    except FileNotFoundError:
        pass


def inputs_changed(out_dir: Path, folder: Path) -> bool:
    """Return True unless the stamp in ``out_dir`` records exactly the current files of ``folder``
    (``inputs_digest``) as what its outputs were made of; a stamp that records none counts as changed."""
    recorded = read_stamp(out_dir).get("inputs")
    return recorded is None or recorded != inputs_digest(folder)


def layout_hint(out_dir: Path) -> dict[str, int]:
    """Return the page of each heading anchor in the PDF the stamp in ``out_dir`` records, or {}."""
    pages = read_stamp(out_dir).get("pages")
    valid = isinstance(pages, dict) and all(isinstance(k, str) and type(v) is int for k, v in pages.items())
    return pages if valid else {}


def write_stamp(out_dir: Path, stamp: str, outputs: list[Path], inputs: str | None = None,
                pages: dict[str, int] | None = None) -> None:
    """Record ``stamp``, the hash of each of ``outputs`` (all in place), the ``inputs_digest`` of
    the evaluation they were made from and the PDF's ``pages`` (``layout_hint``), if given, in
    ``out_dir``, atomically."""
    data = {"fingerprint": stamp, "version": package_version(),
            "outputs": {p.name: file_hash(p) for p in outputs}}
    if inputs is not None:
        data["inputs"] = inputs
    if pages:
        data["pages"] = pages
    tmp = temporary(out_dir)
    try:
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        publish(tmp, out_dir / STAMP)
    finally:
        tmp.unlink(missing_ok=True)
