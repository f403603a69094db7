"""The DOCX reader: the evaluator-written regions of an edited report, read back into model blocks.

The mirror of ``writers/docx.py``: every region the writer marked with a bookmark (names from
``regions.py``; its paragraphs, runs and text found as ``writers/docx_regions.py`` finds them) is
read into Paragraph, BulletList (bulleted or numbered), Table, Picture and sub-heading blocks, as
notes hold them. Captions are generated, so they are not read.
Word and LibreOffice may move a bookmark's ends around a paragraph when they save; a paragraph
belongs to a region when text of it lies between the region's bookmark start and end.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from ..model import Block, BulletList, Cell, Paragraph, Picture, Run, Table
from ..regions import KORTFAKTA, PLACEHOLDER, bookmark_name
from ..safeio import read_archive
from ..source.notes import merge_runs
from ..writers.docx_regions import (W_P, Rows, is_section_heading, kortfakta_table, outside_paragraphs,
                                    paragraph_runs, paragraph_text, recorded_digests, region_paragraphs,
                                    style_name)
from . import review
from .kortfakta import docx_rows

W_TBL, W_TC, W_TR, W_SDT, W_DRAWING = qn("w:tbl"), qn("w:tc"), qn("w:tr"), qn("w:sdt"), qn("w:drawing")
DOC_PR = qn("wp:docPr")


@dataclass(frozen=True)
class Follower:
    """An outside paragraph's relation to the region before it (see ``_followers``)."""

    region: str | None  # bookmark name of the region it follows, if any
    depth: int  # text paragraphs between that region and it
    block: Block | None  # the paragraph as a block, when it follows a region


@dataclass(frozen=True)
class ReadDocx:
    """The regions found in a DOCX (bookmark name -> blocks) and its recorded digests."""

    regions: dict[str, tuple[Block, ...]]
    digests: dict[str, str]
    outside: tuple[str, ...] = ()  # the text of every other paragraph, contents excluded
    kortfakta: Rows | None = None  # the Kortfakta table's rows (None: no such table)
    # A paragraph typed after a region's last one lands outside its bookmark in Word and LibreOffice.
    followers: tuple[Follower, ...] = ()  # parallel to ``outside``
    tracked: tuple[review.Tracked, ...] = ()  # unresolved tracked changes
    comments: tuple[review.Comment, ...] = ()
    subject: str = ""  # the document's subject property: which municipality and year Kompass wrote it for


def read(path: Path) -> ReadDocx:
    """Return the regions of the DOCX at ``path`` and the digests its custom properties record.

    The file is read as ``safeio.read_archive`` allows (a regular file, no zip bomb); Refused if not."""
    data = read_archive(path, "DOCX")
    document = Document(io.BytesIO(data))
    paragraphs = region_paragraphs(document.element.body)
    rels = document.part.rels
    digests = recorded_digests(io.BytesIO(data))
    recorded = {name: value for name, value in digests.items() if name.startswith(PLACEHOLDER)}
    regions = {name: _blocks(found, rels, document, recorded) for name, found in paragraphs.items()}
    table = kortfakta_table(document.element.body, bookmark_name(KORTFAKTA))
    kortfakta = docx_rows(table, _cell_text) if table is not None else None
    outside = tuple(outside_paragraphs(document))
    owner = {p: name for name, found in paragraphs.items() for p in found}
    body = document.element.body
    return ReadDocx(regions, digests, tuple(text for _, text in outside), kortfakta,
                    _followers(document, [p for p, _ in outside], owner, rels),
                    review.tracked_changes(body, owner), review.comments(io.BytesIO(data), body, owner),
                    document.core_properties.subject or "")


def _cell_text(tc) -> str:
    return " ".join("".join(r.text for r in paragraph_runs(p, {})) for p in tc.iter(W_P))


def _followers(document, outside: list, owner: dict, rels) -> tuple[Follower, ...]:
    """Return, for each paragraph ``outside_texts`` lists, the region it follows and its block.

    A paragraph follows a region when it comes after one of the region's paragraphs in the same
    container (the body or one table cell) with only empty paragraphs or other text paragraphs
    outside every region between (``depth`` counts those), and no heading of levels 1-3.
    """
    after: dict = {}  # w:p -> what a paragraph right after it follows: one pass in document order
    for p in document.element.body.iter(W_P):
        after[p] = _after(p, _before(p, after), owner)
    result = []
    for p in outside:
        region, depth = (None, 0) if is_section_heading(p) else _before(p, after)
        blocks = _blocks([p], rels, document) if region else ()
        result.append(Follower(region, depth, blocks[0] if blocks else None))
    return tuple(result)


def _before(p, after: dict) -> tuple[str | None, int]:
    """Return the region ``p`` follows and how many text paragraphs lie between, or (None, 0), from
    what ``after`` holds for the paragraph before it in its container."""
    previous = p.getprevious()
    while previous is not None and previous.tag != W_P:
        if previous.tag in (W_TBL, W_SDT):
            return None, 0  # a table or a content control between: no continuation
        previous = previous.getprevious()
    return (None, 0) if previous is None else after.get(previous, (None, 0))


def _after(p, before: tuple[str | None, int], owner: dict) -> tuple[str | None, int]:
    """Return what a paragraph right after ``p`` follows, given what ``p`` itself follows."""
    if is_section_heading(p) or (p not in owner and p.find(f".//{W_DRAWING}") is not None):
        return None, 0  # a heading or a figure between: no continuation
    if p in owner:
        return owner[p], 0
    region, depth = before
    return (region, depth + (1 if paragraph_text(p) else 0)) if region else (None, 0)


def _blocks(paragraphs, rels, document, placeholders: dict[str, str] | None = None) -> tuple[Block, ...]:
    """Return ``paragraphs`` as blocks: sub-headings, paragraphs, pictures, tables, and runs of list
    items as one list."""
    blocks: list[Block] = []
    container = _container(paragraphs)
    tables_read = set()
    for p in paragraphs:
        table = _content_table(p, container)
        if table is not None:
            if table not in tables_read:
                tables_read.add(table)
                blocks.append(_table(table, rels, placeholders))
            continue
        picture = p.find(f".//{DOC_PR}")
        if picture is not None:
            blocks.append(Picture(picture.get("name", ""), picture.get("descr", ""), picture.get("title", "")))
            continue
        runs = paragraph_runs(p, rels, placeholders)
        if not "".join(r.text for r in runs).strip() or style_name(p, document) == "caption":
            continue
        kind = _kind(p, document)
        if kind == "heading":
            blocks.append(Paragraph((Run("".join(r.text for r in runs).strip(), bold=True),), style="subheading"))
        elif kind in ("item", "number"):
            ordered = kind == "number"
            last = blocks[-1] if blocks else None
            if isinstance(last, list) and last[0] == ordered:
                last.append(runs)  # the list's items, made a BulletList at the end (not a tuple copied per item)
            else:
                blocks.append([ordered, _start(p, document) if ordered else 1, runs])
        else:
            blocks.append(Paragraph(runs))
    return tuple(BulletList(tuple(b[2:]), b[0], b[1]) if isinstance(b, list) else b for b in blocks)


def _container(paragraphs):
    """Return the innermost table cell that holds all ``paragraphs`` (a lists table's cell), or None."""
    if not paragraphs:
        return None
    cells = [c for c in paragraphs[0].iterancestors(W_TC)]
    return next((c for c in cells if all(c in p.iterancestors(W_TC) for p in paragraphs[1:])), None)


def _content_table(p, container):
    """Return the outermost table around ``p`` inside ``container`` (a table of the notes), or None."""
    found = None
    for ancestor in p.iterancestors():
        if ancestor is container:
            break
        if ancestor.tag == W_TBL:
            found = ancestor
    return found


def _table(tbl, rels, placeholders: dict[str, str] | None = None) -> Table:
    """Return the w:tbl ``tbl`` as a table; the header row's bold is the writer's, not the evaluator's."""
    rows = []
    for index, tr in enumerate(tbl.iterchildren(W_TR)):
        cells = []
        for tc in tr.iterchildren(W_TC):
            paragraphs = list(tc.iter(W_P))
            runs = tuple(r for p in paragraphs for r in paragraph_runs(p, rels, placeholders))
            if index == 0:
                runs = merge_runs([Run(r.text, False, r.italic, r.href) for r in runs])
            jc = paragraphs[0].find(f"{qn('w:pPr')}/{qn('w:jc')}") if paragraphs else None
            align = {"right": "right", "end": "right", "center": "center"}.get(
                jc.get(qn("w:val")) if jc is not None else "", "left")
            cells.append(Cell((Paragraph(runs),), align))
        rows.append(tuple(cells))
    header, *body = rows or [()]
    return Table(header, tuple(body), tuple(1.0 for _ in header))


def _start(p, document) -> int:
    """Return the number the numbered list of ``p`` starts at (its numbering's start override, else 1)."""
    num_id = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num_id is None:
        return 1
    numbering = document.part.numbering_part.element
    for num in numbering.iterchildren(qn("w:num")):
        if num.get(qn("w:numId")) == num_id.get(qn("w:val")):
            start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
            return int(start.get(qn("w:val"))) if start is not None else 1
    return 1


def _kind(p, document) -> str:
    """Return heading, number, item or paragraph for the w:p ``p``, from its style (and numbering)."""
    ppr = p.find(qn("w:pPr"))
    name = style_name(p, document)
    if re.fullmatch(r"heading[3-9]", name):
        return "heading"
    if name.startswith("listnumber"):
        return "number"
    if name.startswith("list") or (ppr is not None and ppr.find(qn("w:numPr")) is not None):
        return "item"
    return "paragraph"


