"""Write changed region blocks back into a notes Markdown file, touching nothing else.

Each region of a notes file (the text before the first heading, a ``## `` section, a reserved
list) is found by parsing the file as ``source/notes.py`` does. Its blocks (list items, for a list) are
compared with the new ones; only the lines of blocks that changed are replaced, so comments and
untouched blocks stay byte for byte as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from ..source.notes import LIST_HEADINGS, list_key, markdown
from ..regions import Place


@dataclass(frozen=True)
class Span:
    start: int  # first line (0-based)
    end: int  # line after the last


@dataclass
class _Region:
    anchor: int  # where text goes when the region has no block yet
    spans: list[Span]


def splice(text: str, place: Place, old: list[str], new: list[str]) -> str:
    """Return ``text`` with the region at ``place`` changed from the units ``old`` to ``new``.

    ``old`` and ``new`` are the region's Markdown units (``writers/notes_markdown.units``); ``old`` must be
    what the file holds now.
    """
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    region = _find(lines, place)
    separator = "\n" if place.kind == "list" else "\n\n"
    if region is None or len(region.spans) != len(old):
        raise ValueError(f"{place.name}: the notes do not hold the region as expected")
    edits = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        chunk = separator.join(new[j1:j2])
        if i1 < i2:
            start, end = region.spans[i1].start, region.spans[i2 - 1].end
            if not chunk:  # deleted: take a blank line with it, so no double gap remains
                end += 1 if end < len(lines) and not lines[end].strip() and place.kind != "list" else 0
                edits.append((start, end, ""))
            else:
                edits.append((start, end, chunk + "\n"))
        elif i1 < len(region.spans):
            edits.append((region.spans[i1].start, region.spans[i1].start, chunk + separator.replace("\n", "", 1) + "\n"
                          if place.kind != "list" else chunk + "\n"))
        else:
            at = region.spans[-1].end if region.spans else region.anchor
            gap = "" if place.kind == "list" and region.spans else "\n"
            edits.append((at, at, gap + chunk + "\n" + ("" if at < len(lines) and not lines[at].strip() else "\n")))
    for start, end, replacement in sorted(edits, reverse=True):
        lines[start:end] = [replacement] if replacement else []
    return "".join(lines)


def block_spans(text: str, place: Place) -> list[Span] | None:
    """Return the line spans of the blocks (list items, for a list) of the region at ``place`` in
    the notes ``text``, or None if the notes have no such region."""
    lines = text.splitlines(keepends=True)
    region = _find(lines, place)
    return None if region is None else region.spans


def _find(lines: list[str], place: Place) -> _Region | None:
    """Return the spans of the blocks of the region at ``place`` in the notes ``lines``."""
    tokens = markdown().parse("".join(lines))
    regions: dict[tuple, _Region] = {("intro",): _Region(0, [])}
    current: tuple = ("intro",)
    sections = 0
    for index, token in enumerate(tokens):
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        if token.type == "heading_open" and token.tag == "h2":
            heading = list_key(tokens[index + 1].content.strip())
            if heading in LIST_HEADINGS:
                current = ("list", heading)
            else:
                sections += 1
                current = ("section", sections)
            regions.setdefault(current, _Region(token.map[1], []))
        elif token.type == "bullet_list_open" and current[0] == "list":
            regions[current].spans += [Span(*t.map) for t in tokens[index:] if t.type == "list_item_open"
                                       and t.level == 1 and t.map[0] < token.map[1]]
        elif token.type in ("paragraph_open", "bullet_list_open", "ordered_list_open", "heading_open", "table_open"):
            regions[current].spans.append(Span(*token.map))
    for region in regions.values():
        region.spans = [_trimmed(span, lines) for span in region.spans]
    key = {"intro": ("intro",), "summary": ("intro",), "section": ("section", place.index),
           "list": ("list", place.heading)}.get(place.kind)
    return regions.get(key)


def _trimmed(span: Span, lines: list[str]) -> Span:
    """Return ``span`` without the blank lines at its end (a list item's map may hold them)."""
    end = span.end
    while end > span.start + 1 and not lines[end - 1].strip():
        end -= 1
    return Span(span.start, end)
