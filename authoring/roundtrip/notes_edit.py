"""An area's notes as plain texts to edit, and a text typed for one of them written back into the file.

The parts are the regions pull knows (``regions.py``): the text before the first heading, each
``## `` section and each reserved list. A section's text is its blocks' Markdown, blank lines
between them (as ``writers/notes_markdown`` writes them); a list's text is one item per line,
without the ``- ``. Writing a typed text back goes through pull's splice (``notes_splice``): only
the blocks (items) that differ are replaced, so comments and untouched text stay byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import regions
from ..source.notes import LIST_HEADINGS, Notes
from ..writers.notes_markdown import units
from .notes_splice import splice


@dataclass(frozen=True)
class Part:
    """One editable region of an area's notes: its region name, kind, heading and text as typed."""

    name: str  # e.g. area-1.section-2, area-1.styrkor
    kind: str  # intro | section | list
    heading: str  # the section's or list's heading ("" for the text before the first heading)
    text: str


def parts(area: int, notes: Notes) -> list[Part]:
    """Return the editable parts of area ``area``'s ``notes``: intro, sections, then each list."""
    found = [Part(regions.intro(area), "intro", "", _blocks_text(notes.intro))]
    found += [Part(regions.section(area, index), "section", section.heading, _blocks_text(section.blocks))
              for index, section in enumerate(notes.sections, 1)]
    found += [Part(regions.area_list(area, heading), "list", heading,
                   "\n".join(unit[2:] for unit in _list_units(notes, heading)))
              for heading in LIST_HEADINGS]
    return found


def edited(text: str, area: int, notes: Notes, name: str, typed: str) -> str:
    """Return the notes file ``text`` with the part ``name`` holding ``typed``; ``notes`` is what
    ``text`` reads as now. Raise ValueError if ``name`` is no part of the area."""
    place = regions.parse(name)
    if place is None or place.area != area or place.kind not in ("intro", "section", "list"):
        raise ValueError(f"{name}: no part of area {area}")
    if place.kind == "list":
        old, new = _list_units(notes, place.heading), _typed_items(typed)
        if not old and not new:
            return text
        if not old and not _has_heading(text, place.heading):
            return _appended(text, f"## {place.heading}\n\n" + "\n".join(new) + "\n")
    else:
        blocks = notes.intro if place.kind == "intro" else notes.sections[place.index - 1].blocks
        old, new = units(blocks), _typed_blocks(typed)
    return splice(text, place, old, new)


def with_section(text: str, heading: str, typed: str) -> str:
    """Return the notes file ``text`` with a new ``## heading`` section holding ``typed``, placed
    after the last section (before the first reserved list)."""
    section = f"## {' '.join(heading.split())}\n\n" + "\n\n".join(_typed_blocks(typed)) + "\n"
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("## ") and line[3:].strip() in LIST_HEADINGS:
            return "".join(lines[:index]) + section + "\n" + "".join(lines[index:])
    return _appended(text, section)


def _blocks_text(blocks) -> str:
    return "\n\n".join(units(blocks))


def _list_units(notes: Notes, heading: str) -> list[str]:
    from ..model import BulletList

    return units((BulletList(notes.lists[heading]),), items=True) if notes.lists.get(heading) else []


def _typed_items(typed: str) -> list[str]:
    """Return the list items typed one per line (a leading ``- `` or ``* `` is taken away) as Markdown."""
    items = [re.sub(r"^[-*•]\s+", "", line.strip()) for line in typed.splitlines()]
    return [f"- {item}" for item in items if item]


def _typed_blocks(typed: str) -> list[str]:
    """Return the blocks typed with blank lines between them, each without surrounding blank space."""
    text = typed.replace("\r\n", "\n").replace("\r", "\n")
    return [block.strip("\n").rstrip() for block in re.split(r"\n[ \t]*\n", text) if block.strip()]


def _has_heading(text: str, heading: str) -> bool:
    return any(line.strip() == f"## {heading}" for line in text.splitlines())


def _appended(text: str, addition: str) -> str:
    if text and not text.endswith("\n"):
        text += "\n"
    return text + ("\n" if text and not text.endswith("\n\n") else "") + addition
