"""Region naming, in one place for compose, the DOCX writer and the DOCX reader.

A region is evaluator-written content marked in the DOCX so that edits made there can be pulled
back into the notes. Its model name (``area-1.section-2``) becomes a Word bookmark
(``kk_area_1_section_2``) and, with its content hash (``writers/docx_regions.py``), a custom
document property.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LIST_SLUGS = {"Styrkor": "styrkor", "Förbättringsmöjligheter": "forbattringar", "Svagheter": "svagheter"}
SUMMARY, KORTFAKTA = "summary", "kortfakta"
BEFORE = "summary-before"  # the summary's sections placed before "Utvärderingen"
OUTSIDE = "kk_outside"  # the custom property with the digest of the text outside every region
PLACEHOLDER = "kk_ph_"  # bookmarks around a placeholder's value, and custom properties recording it
_AREA = re.compile(r"area-(\d+)\.(intro|section-(\d+)|styrkor|forbattringar|svagheter)")
_SUMMARY = re.compile(r"(summary|summary-before)\.(intro|section-(\d+))")


def intro(area: int) -> str:
    return f"area-{area}.intro"


def section(area: int, index: int) -> str:
    """Return the name of the ``index``-th (from 1) ``## `` section of area ``area``'s notes."""
    return f"area-{area}.section-{index}"


def summary_part(stem: str, index: int = 0) -> str:
    """Return the name of the text before the first heading (``index`` 0) or of the ``index``-th
    section of the summary file ``stem`` (``summary`` or ``summary-before``). The text before the
    first heading of summary.md keeps its old name, ``summary``."""
    if index:
        return f"{stem}.section-{index}"
    return SUMMARY if stem == SUMMARY else f"{stem}.intro"


def area_list(area: int, heading: str) -> str:
    """Return the name of the reserved list ``heading`` (Styrkor, ...) of area ``area``."""
    return f"area-{area}.{LIST_SLUGS[heading]}"


def bookmark_name(name: str) -> str:
    """Return a valid Word bookmark name (letters, digits, _; at most 40) for a region or anchor."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "_", name)
    return (cleaned if cleaned.startswith("kk_") else f"kk_{cleaned}")[:40]


@dataclass(frozen=True)
class Place:
    """Where a region's text lives in the notes: area (None for summary/kortfakta) and part."""

    name: str
    area: int | None
    kind: str  # intro | section | list | summary | kortfakta
    index: int = 0  # the section's position (from 1)
    heading: str = ""  # the list's heading
    file: str = ""  # the notes file, e.g. area-1.md (empty for Kortfakta)


def parse(name: str) -> Place | None:
    """Return the place of region ``name`` (a model name), or None if it is no region."""
    if name == KORTFAKTA:
        return Place(name, None, name)
    if name == SUMMARY:
        return Place(name, None, SUMMARY, file="summary.md")
    summary = _SUMMARY.fullmatch(name)
    if summary:
        file = f"{summary.group(1)}.md"
        if summary.group(3):
            return Place(name, None, "section", int(summary.group(3)), file=file)
        return Place(name, None, SUMMARY, file=file)
    match = _AREA.fullmatch(name)
    if not match:
        return None
    area, part = int(match.group(1)), match.group(2)
    file = f"area-{area}.md"
    if part == "intro":
        return Place(name, area, "intro", file=file)
    if match.group(3):
        return Place(name, area, "section", int(match.group(3)), file=file)
    heading = next(h for h, slug in LIST_SLUGS.items() if slug == part)
    return Place(name, area, "list", heading=heading, file=file)


def placeholder_bookmark(index: int) -> str:
    """Return the bookmark name of the ``index``-th (from 1) placeholder of a document."""
    return f"{PLACEHOLDER}{index}"


def placeholder_record(source: str, text: str) -> str:
    """Return what a DOCX records of a placeholder: its source and the value written."""
    import json

    return json.dumps([source, text], ensure_ascii=False)


def placeholder_source(record: str, text: str) -> str | None:
    """Return the placeholder source if ``text`` is still the value recorded in ``record``, else None."""
    import json

    try:
        source, written = json.loads(record)
    except (ValueError, TypeError):
        return None
    return source if isinstance(source, str) and written == text else None


def outside_digest(texts) -> str:
    """Return the digest of the generated paragraphs' ``texts`` (what lies outside every region)."""
    import hashlib

    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:32]
