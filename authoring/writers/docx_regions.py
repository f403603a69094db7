"""The regions of a Kompass DOCX as pull reads them, and the digests the writer records of them.

A region (names from ``regions.py``) is the paragraphs that a bookmark of its name holds. The
writer records, in the DOCX's custom properties, a digest of each region's notes Markdown and one
of the generated text outside every region; the reader (``roundtrip/docx_reader.py``) reads the
same paragraphs, runs and text with the functions here, so both compare like with like.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from functools import lru_cache

from docx.oxml.ns import qn

from ..model import Region, Run, Table, inline_text
from ..regions import KORTFAKTA, SUMMARY, bookmark_name, parse, placeholder_source
from ..source.notes import merge_runs
from .notes_markdown import digest as notes_digest
from .ooxml import CUSTOM_NS, CUSTOM_PART, VT_NS

W_P, W_R, W_T, W_DEL_TEXT = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:delText")
W_DRAWING = qn("w:drawing")
W_START, W_END, W_NAME, W_ID, W_VAL = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:name"), qn("w:id"), qn("w:val")
W_RPR, W_HYPERLINK, R_ID = qn("w:rPr"), qn("w:hyperlink"), qn("r:id")
W_PPR, W_PSTYLE = qn("w:pPr"), qn("w:pStyle")
P_STYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"  # a paragraph's style, as a path from its w:p
SECTION_HEADING = re.compile(r"(?i)heading ?[1-3]")
TEXT_TAGS = {W_T: None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "\u2011"}
SKIPPED = {qn("w:del"), qn("w:moveFrom"), qn("w:instrText"), qn("w:delText")}
Rows = tuple[tuple[str, str], ...]


def digests(blocks) -> dict[str, str]:
    """Return bookmark name -> notes digest of every region in ``blocks`` that pull can write back."""
    found: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, Region):
            place = parse(block.name)
            if place is not None and place.kind == KORTFAKTA:
                found[bookmark_name(block.name)] = kortfakta_digest(kortfakta_rows(block.blocks[0]))
            elif place is not None:
                found[bookmark_name(block.name)] = notes_digest(block.blocks)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    found.update(digests(cell.blocks))
    return found


def recorded_digests(package) -> dict[str, str]:
    """Return the digests (and placeholder records) a DOCX records in its custom properties.

    ``package`` is the DOCX's path or a file object of its bytes. The part is parsed as XML (no
    entities, no network), in time linear in its size."""
    from lxml import etree

    with zipfile.ZipFile(package) as archive:
        try:
            xml = archive.read(CUSTOM_PART.lstrip("/"))
        except KeyError:
            return {}
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        return {}
    found = {}
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        name, value = prop.get("name") or "", prop.find(f"{{{VT_NS}}}lpwstr")
        if name.startswith("kk_") and value is not None:
            found[name] = value.text or ""
    return found


def kortfakta_rows(table: Table) -> Rows:
    """Return the (label, value) rows of the Kortfakta table of the model."""
    return tuple(tuple(" ".join(inline_text(p.runs) for p in cell.blocks) for cell in row)  # type: ignore[misc]
                 for row in table.rows)


def kortfakta_digest(rows: Rows) -> str:
    """Return a short hash of Kortfakta ``rows`` (what pull compares)."""
    return hashlib.sha256("\n".join(f"{label}\t{value}" for label, value in rows).encode()).hexdigest()[:32]


def kortfakta_table(body, bookmark: str):
    """Return the w:tbl that holds the bookmark ``bookmark`` in the DOCX ``body``, or None."""
    for start in body.iter(qn("w:bookmarkStart")):
        if start.get(qn("w:name")) == bookmark:
            return next(start.iterancestors(qn("w:tbl")), None)
    return None


def outside_texts(document) -> tuple[str, ...]:
    """Return the text of each paragraph with text outside every region, contents entries excluded:
    what Kompass generates (headings, sentences, standard texts, tables, captions)."""
    return tuple(text for _, text in outside_paragraphs(document))


def outside_paragraphs(document):
    """Yield each paragraph with text outside every region (contents excluded) and its text."""
    # A set of the elements themselves: it keeps their proxies alive, so lxml hands out the same ones
    # again (ids of freed proxies are reused, which made this depend on what ran before).
    body = document.element.body
    styles = paragraph_style_ids(body)
    inside = {p for found in region_paragraphs(body, styles).values() for p in found}
    table = kortfakta_table(body, bookmark_name(KORTFAKTA))
    rows = list(table.iterchildren(qn("w:tr")))[1:] if table is not None else []  # pulled; the header is not
    inside |= {p for row in rows for p in row.iter(W_P)}
    names = _style_names(document.styles.element)
    skipped = skipped_runs(body)
    for p in body.iter(W_P):
        if p in inside or _named(styles.get(p), names).startswith(("toc", "contents")):
            continue
        text = paragraph_text(p, skipped)
        if text:
            yield p, text


def region_paragraphs(body, styles: dict | None = None) -> dict[str, list]:
    """Return bookmark name -> the w:p elements with text inside that bookmark, in order.

    A region runs from the first start of its name to the end of any bookmark of its name:
    LibreOffice (7.4) saves a range over several paragraphs as a start in the first paragraph that
    it never closes, and a second start and end of the same name around the last paragraph. A
    region never runs past a chapter or section heading (Heading 1-3), whatever a client did.
    ``styles``: ``paragraph_style_ids(body)``, if the caller has it.
    """
    styles = paragraph_style_ids(body) if styles is None else styles
    ids: dict[str, str] = {}  # bookmark id -> region name
    open_now: set[str] = set()
    found: dict[str, list] = {}
    current = None
    for element in body.iter(W_P, W_START, W_END, W_DEL_TEXT, W_DRAWING, *TEXT_TAGS):  # in document order
        tag = element.tag
        if tag == W_P:
            current = element
            if _is_section_style(styles.get(element)):
                open_now.clear()
        elif tag == W_START:
            name = element.get(W_NAME) or ""
            if _is_region(name):
                ids[element.get(W_ID)] = name
                open_now.add(name)
                found.setdefault(name, [])
        elif tag == W_END:
            open_now.discard(ids.get(element.get(W_ID), ""))
        elif (tag in TEXT_TAGS or tag in (W_DEL_TEXT, W_DRAWING)) and current is not None:
            # deleted text: for review marks; a drawing: a picture of the notes
            for name in open_now:
                if not found[name] or found[name][-1] is not current:
                    found[name].append(current)
    return found


def _is_region(name: str) -> bool:
    """Return True for the regions pull reads (Kortfakta, a table, is read as generated text)."""
    return name.startswith(("kk_area_", bookmark_name(SUMMARY)))


def is_section_heading(p) -> bool:
    style = p.find(P_STYLE)
    return _is_section_style(style.get(W_VAL) if style is not None else None)


def _is_section_style(style_id: str | None) -> bool:
    return SECTION_HEADING.fullmatch(style_id or "") is not None


def paragraph_style_ids(body) -> dict:
    """Return each w:p in ``body`` with a style -> its style id (None if the style names none): what
    ``p.find(P_STYLE)`` finds for each, found in one pass over the styles instead of a search per
    paragraph (the first w:pStyle of the first w:pPr child that has one, as that search)."""
    found: dict = {}
    for style in body.iter(W_PSTYLE):
        properties = style.getparent()
        p = properties.getparent() if properties.tag == W_PPR else None
        if p is not None and p.tag == W_P and p not in found:
            found[p] = style.get(W_VAL)
    return found


def skipped_runs(body) -> set:
    """Return the w:r elements in ``body`` inside an element whose text is not read (``SKIPPED``): a
    run ``paragraph_text`` leaves out, found in one pass instead of a look at each run's ancestors."""
    return {run for element in body.iter(*SKIPPED) for run in element.iter(W_R)}


def style_name(p, document) -> str:
    """Return the name of the paragraph style of ``p``, lower case without spaces ("" if none)."""
    return _style_name(p, _style_names(document.styles.element))


def _style_name(p, names: dict[str, str]) -> str:
    style = p.find(P_STYLE)
    return _named(style.get(W_VAL) if style is not None else None, names)


def _named(style_id: str | None, names: dict[str, str]) -> str:
    if not style_id:
        return ""
    return names.get(style_id, style_id).lower().replace(" ", "")


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


def paragraph_text(p, skipped: set | None = None) -> str:
    """Return the text of the w:p ``p`` on one line, spaces collapsed: the text of ``paragraph_runs``
    without its marks (read directly: it is read for every paragraph of a document written).
    ``skipped``: ``skipped_runs`` of its document, if the caller has it."""
    parts = []
    for run in p.iter(W_R):
        if run in skipped if skipped is not None else any(a.tag in SKIPPED for a in run.iterancestors()):
            continue
        for child in run:
            tag = child.tag
            if tag == W_T:
                parts.append(child.text or "")
            elif tag in TEXT_TAGS:
                parts.append(TEXT_TAGS[tag])
    return " ".join("".join(parts).split())


def paragraph_runs(p, rels, placeholders: dict[str, str] | None = None) -> tuple[Run, ...]:
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
        rpr = element.find(W_RPR)
        link = next((a for a in element.iterancestors(W_HYPERLINK)), None)
        href = None
        if link is not None and rels and link.get(R_ID) in rels:
            href = rels[link.get(R_ID)].target_ref
        runs.append(Run(text.replace("\t", " "), _flag(rpr, "w:b"), _flag(rpr, "w:i"), href, marker))
    return merge_runs(_restore(runs, placeholders or {}))


def _marked_runs(p, placeholders: dict[str, str]):
    """Yield each w:r of ``p`` with the name of the placeholder bookmark it lies in (or None)."""
    ids: dict[str, str] = {}
    current = None
    for element in p.iter(W_R, W_START, W_END):
        if element.tag == W_START and element.get(W_NAME) in placeholders:
            ids[element.get(W_ID)] = current = element.get(W_NAME)
        elif element.tag == W_END and ids.get(element.get(W_ID)) == current:
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
