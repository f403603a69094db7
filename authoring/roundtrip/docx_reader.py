"""The DOCX reader: the evaluator-written regions of an edited report, read back into model blocks.

The mirror of ``writers/docx.py``: every region the writer marked with a bookmark (names from
``regions.py``) is read into Paragraph, BulletList (bulleted or numbered), Table, Picture and
sub-heading blocks, as notes hold them. Captions are generated, so they are not read.
Word and LibreOffice may move a bookmark's ends around a paragraph when they save; a paragraph
belongs to a region when text of it lies between the region's bookmark start and end.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from ..model import Block, BulletList, Cell, Paragraph, Picture, Run, Table
from ..source.notes import _merge
from .kortfakta import Rows, docx_rows, docx_table
from . import review
from ..regions import KORTFAKTA, PLACEHOLDER, SUMMARY, bookmark_name, placeholder_source
from ..writers.ooxml import CUSTOM_PART

W_P, W_R, W_T, W_DEL_TEXT = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:delText")
W_TBL, W_TC, W_TR, W_DRAWING = qn("w:tbl"), qn("w:tc"), qn("w:tr"), qn("w:drawing")
DOC_PR = qn("wp:docPr")
TEXT_TAGS = {W_T: None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "\u2011"}
SKIPPED = {qn("w:del"), qn("w:moveFrom"), qn("w:instrText"), qn("w:delText")}
_PROPERTY = re.compile(rb'<property [^>]*name="([^"]+)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>')


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


def read(path: Path) -> ReadDocx:
    """Return the regions of the DOCX at ``path`` and the digests its custom properties record."""
    document = Document(str(path))
    paragraphs = _region_paragraphs(document.element.body)
    rels = document.part.rels
    digests = _digests(path)
    recorded = {name: value for name, value in digests.items() if name.startswith(PLACEHOLDER)}
    regions = {name: _blocks(found, rels, document, recorded) for name, found in paragraphs.items()}
    table = docx_table(document.element.body, bookmark_name(KORTFAKTA))
    kortfakta = docx_rows(table, _cell_text) if table is not None else None
    outside = tuple(_outside(document))
    owner = {p: name for name, found in paragraphs.items() for p in found}
    body = document.element.body
    return ReadDocx(regions, digests, tuple(text for _, text in outside), kortfakta,
                    _followers(document, [p for p, _ in outside], owner, rels),
                    review.tracked_changes(body, owner), review.comments(path, body, owner))


def _cell_text(tc) -> str:
    return " ".join("".join(r.text for r in _runs(p, {})) for p in tc.iter(W_P))


def outside_texts(document) -> tuple[str, ...]:
    """Return the text of each paragraph with text outside every region, contents entries excluded:
    what Kompass generates (headings, sentences, standard texts, tables, captions)."""
    return tuple(text for _, text in _outside(document))


def _outside(document):
    """Yield each paragraph with text outside every region (contents excluded) and its text."""
    # A set of the elements themselves: it keeps their proxies alive, so lxml hands out the same ones
    # again (ids of freed proxies are reused, which made this depend on what ran before).
    inside = {p for found in _region_paragraphs(document.element.body).values() for p in found}
    table = docx_table(document.element.body, bookmark_name(KORTFAKTA))
    rows = list(table.iterchildren(qn("w:tr")))[1:] if table is not None else []  # pulled; the header is not
    inside |= {p for row in rows for p in row.iter(W_P)}
    for p in document.element.body.iter(W_P):
        if p in inside or _style_name(p, document).startswith(("toc", "contents")):
            continue
        text = _text(p)
        if text:
            yield p, text


def _followers(document, outside: list, owner: dict, rels) -> tuple[Follower, ...]:
    """Return, for each paragraph ``outside_texts`` lists, the region it follows and its block.

    A paragraph follows a region when it comes after one of the region's paragraphs in the same
    container (the body or one table cell) with only empty paragraphs or other text paragraphs
    outside every region between (``depth`` counts those), and no heading of levels 1-3.
    """
    result = []
    for p in outside:
        region, depth = _followed(p, owner)
        blocks = _blocks([p], rels, document) if region else ()
        result.append(Follower(region, depth, blocks[0] if blocks else None))
    return tuple(result)


def _followed(p, owner: dict) -> tuple[str | None, int]:
    """Return the region ``p`` follows and how many text paragraphs lie between, or (None, 0)."""
    depth = 0
    while not _is_section_heading(p):
        previous = p.getprevious()
        while previous is not None and previous.tag != W_P:
            if previous.tag in (qn("w:tbl"), qn("w:sdt")):
                return None, 0  # a table or a content control between: no continuation
            previous = previous.getprevious()
        if previous is None or _is_section_heading(previous):
            return None, 0
        if previous in owner:
            return owner[previous], depth
        if previous.find(f".//{qn('w:drawing')}") is not None:
            return None, 0  # a figure between
        depth += 1 if _text(previous) else 0
        p = previous
    return None, 0


def _text(p) -> str:
    return " ".join("".join(r.text for r in _runs(p, {})).split())


def _digests(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        try:
            xml = package.read(CUSTOM_PART.lstrip("/"))
        except KeyError:
            return {}
    return {name.decode(): html.unescape(value.decode()) for name, value in _PROPERTY.findall(xml)
            if name.startswith(b"kk_")}


def _region_paragraphs(body) -> dict[str, list]:
    """Return bookmark name -> the w:p elements with text inside that bookmark, in order.

    A region runs from the first start of its name to the end of any bookmark of its name:
    LibreOffice (7.4) saves a range over several paragraphs as a start in the first paragraph that
    it never closes, and a second start and end of the same name around the last paragraph. A
    region never runs past a chapter or section heading (Heading 1-3), whatever a client did.
    """
    ids: dict[str, str] = {}  # bookmark id -> region name
    open_now: set[str] = set()
    found: dict[str, list] = {}
    current = None
    for element in body.iter():
        tag = element.tag
        if tag == W_P:
            current = element
            if _is_section_heading(element):
                open_now.clear()
        elif tag == qn("w:bookmarkStart"):
            name = element.get(qn("w:name")) or ""
            if _is_region(name):
                ids[element.get(qn("w:id"))] = name
                open_now.add(name)
                found.setdefault(name, [])
        elif tag == qn("w:bookmarkEnd"):
            open_now.discard(ids.get(element.get(qn("w:id")), ""))
        elif (tag in TEXT_TAGS or tag in (W_DEL_TEXT, W_DRAWING)) and current is not None:
            # deleted text: for review marks; a drawing: a picture of the notes
            for name in open_now:
                if not found[name] or found[name][-1] is not current:
                    found[name].append(current)
    return found


def _is_region(name: str) -> bool:
    """Return True for the regions pull reads (Kortfakta, a table, is read as generated text)."""
    return name.startswith(("kk_area_", bookmark_name(SUMMARY)))


def _is_section_heading(p) -> bool:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style is not None and re.fullmatch(r"(?i)heading ?[1-3]", style.get(qn("w:val")) or "") is not None


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
        runs = _runs(p, rels, placeholders)
        if not "".join(r.text for r in runs).strip() or _style_name(p, document) == "caption":
            continue
        kind = _kind(p, document)
        if kind == "heading":
            blocks.append(Paragraph((Run("".join(r.text for r in runs).strip(), bold=True),), style="subheading"))
        elif kind in ("item", "number"):
            ordered = kind == "number"
            last = blocks[-1] if blocks else None
            if isinstance(last, BulletList) and last.ordered == ordered:
                blocks[-1] = BulletList((*last.items, runs), ordered, last.start)
            else:
                blocks.append(BulletList((runs,), ordered, _start(p, document) if ordered else 1))
        else:
            blocks.append(Paragraph(runs))
    return tuple(blocks)


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
            runs = tuple(r for p in paragraphs for r in _runs(p, rels, placeholders))
            if index == 0:
                runs = _merge([Run(r.text, False, r.italic, r.href) for r in runs])
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


def _style_name(p, document) -> str:
    """Return the name of the paragraph style of ``p``, lower case without spaces ("" if none)."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    style_id = style.get(qn("w:val")) if style is not None else None
    if not style_id:
        return ""
    return _style_names(document.styles.element).get(style_id, style_id).lower().replace(" ", "")


@lru_cache(maxsize=4)
def _style_names(styles) -> dict[str, str]:
    """Return style id -> name of a document's styles element, read once (not a search per paragraph).

    Keyed by the element itself, which the cache keeps alive, so no other document can be taken for it."""
    names = {}
    for style in styles.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        style_id = style.get(qn("w:styleId"))
        names.setdefault(style_id, (name.get(qn("w:val")) if name is not None else None) or style_id)
    return names


def _kind(p, document) -> str:
    """Return heading, number, item or paragraph for the w:p ``p``, from its style (and numbering)."""
    ppr = p.find(qn("w:pPr"))
    name = _style_name(p, document)
    if re.fullmatch(r"heading[3-9]", name):
        return "heading"
    if name.startswith("listnumber"):
        return "number"
    if name.startswith("list") or (ppr is not None and ppr.find(qn("w:numPr")) is not None):
        return "item"
    return "paragraph"


def _runs(p, rels, placeholders: dict[str, str] | None = None) -> tuple[Run, ...]:
    """Return the text of the w:p ``p`` as runs with bold, italic and links.

    The text inside a placeholder's bookmark that is still the value Kompass wrote there becomes a
    run with the placeholder's ``source`` again (``placeholders``: bookmark name -> record).
    """
    runs: list[Run] = []
    for element, marker in _marked_runs(p, placeholders or {}):
        if any(ancestor.tag in SKIPPED for ancestor in element.iterancestors()):
            continue
        text = "".join(child.text or "" if child.tag == W_T else TEXT_TAGS[child.tag]
                       for child in element if child.tag in TEXT_TAGS)
        if not text:
            continue
        rpr = element.find(qn("w:rPr"))
        link = next((a for a in element.iterancestors(qn("w:hyperlink"))), None)
        href = None
        if link is not None and rels and link.get(qn("r:id")) in rels:
            href = rels[link.get(qn("r:id"))].target_ref
        runs.append(Run(text.replace("\t", " "), _flag(rpr, "w:b"), _flag(rpr, "w:i"), href, marker))
    return _merge(_restore(runs, placeholders or {}))


def _marked_runs(p, placeholders: dict[str, str]):
    """Yield each w:r of ``p`` with the name of the placeholder bookmark it lies in (or None)."""
    ids: dict[str, str] = {}
    current = None
    for element in p.iter(W_R, qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
        if element.tag == qn("w:bookmarkStart") and element.get(qn("w:name")) in placeholders:
            ids[element.get(qn("w:id"))] = current = element.get(qn("w:name"))
        elif element.tag == qn("w:bookmarkEnd") and ids.get(element.get(qn("w:id"))) == current:
            current = None
        elif element.tag == W_R:
            yield element, current


def _restore(runs: list[Run], placeholders: dict[str, str]) -> list[Run]:
    """Return ``runs`` with each placeholder's runs joined into one run carrying its source again, if
    its text is unchanged; an edited value stays plain text."""
    restored: list[Run] = []
    for run in runs:
        if run.source and restored and restored[-1].source == run.source:
            last = restored.pop()
            run = Run(last.text + run.text, last.bold, last.italic, last.href, run.source)
        restored.append(run)
    result = []
    for run in restored:
        source = placeholder_source(placeholders[run.source], run.text) if run.source else None
        result.append(Run(run.text, run.bold, run.italic, run.href, source))
    return result


def _flag(rpr, tag: str) -> bool:
    element = rpr.find(qn(tag)) if rpr is not None else None
    return element is not None and element.get(qn("w:val"), "true").lower() not in ("0", "false", "off")
