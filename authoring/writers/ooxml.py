"""Small WordprocessingML helpers the DOCX writer needs and python-docx does not offer."""

from __future__ import annotations

import re
from itertools import count

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

_ids = count(1)


def reset_bookmark_ids() -> None:
    """Start bookmark ids at 1 again (once per document, so equal documents get equal ids)."""
    global _ids
    _ids = count(1)


def bookmark_name(name: str) -> str:
    """Return a valid Word bookmark name (letters, digits, _; at most 40) for a region or anchor."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "_", name)
    return (cleaned if cleaned.startswith("kk_") else f"kk_{cleaned}")[:40]


def add_bookmark(first_p, last_p, name: str) -> None:
    """Mark the range from the start of ``first_p`` to the end of ``last_p`` (w:p elements)."""
    ident = str(next(_ids))
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), ident)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), ident)
    ppr = first_p.find(qn("w:pPr"))
    if ppr is None:
        first_p.insert(0, start)
    else:
        ppr.addnext(start)
    last_p.append(end)


def _run(parent, *children) -> None:
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    parent.append(run)


def _fld_char(kind: str):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _instr(text: str):
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = f" {text} "
    return element


def _text(text: str):
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    return element


def field_begin(paragraph: DocxParagraph, instruction: str) -> None:
    """Open a complex field (e.g. ``TOC \\o "1-2" \\h``) whose result follows."""
    _run(paragraph._p, _fld_char("begin"))
    _run(paragraph._p, _instr(instruction))
    _run(paragraph._p, _fld_char("separate"))


def field_end(paragraph: DocxParagraph) -> None:
    _run(paragraph._p, _fld_char("end"))


def add_internal_link(paragraph: DocxParagraph, text: str, anchor: str, page: str) -> None:
    """Append a contents entry: ``text``, a tab and a PAGEREF field, all linking to ``anchor``."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    _run(link, _text(text))
    _run(link, OxmlElement("w:tab"))
    _run(link, _fld_char("begin"))
    _run(link, _instr(f"PAGEREF {anchor} \\h"))
    _run(link, _fld_char("separate"))
    _run(link, _text(page))
    _run(link, _fld_char("end"))
    paragraph._p.append(link)


def add_external_link(paragraph: DocxParagraph, text: str, url: str, bold: bool, italic: bool) -> None:
    """Append a hyperlink to ``url`` in the character style Hyperlink."""
    rel = paragraph.part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                                   is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    rpr.append(style)
    for flag, tag in ((bold, "w:b"), (italic, "w:i")):
        if flag:
            rpr.append(OxmlElement(tag))
    _run(link, rpr, _text(text))
    paragraph._p.append(link)


def repeat_header(row) -> None:
    """Make ``row`` repeat at the top of every page the table continues on."""
    _row_property(row, "w:tblHeader")


def cant_split(row) -> None:
    _row_property(row, "w:cantSplit")


def _row_property(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    trpr.append(element)


def table_look(table, first_row: bool, last_row: bool) -> None:
    """Say which conditional formats of the table style apply (header row, total row)."""
    tblpr = table._tbl.tblPr
    look = tblpr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tblpr.append(look)
    flags = (("w:firstRow", first_row, 0x20), ("w:lastRow", last_row, 0x40), ("w:firstColumn", False, 0x80),
             ("w:lastColumn", False, 0x100), ("w:noHBand", True, 0x200), ("w:noVBand", True, 0x400))
    for key, value, _ in flags:
        look.set(qn(key), "1" if value else "0")
    look.set(qn("w:val"), f"{sum(bit for _, value, bit in flags if value):04X}")  # older readers use this


def set_picture_description(run, alt: str, title: str) -> None:
    """Set the alt text of the picture in ``run``."""
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("descr", alt)
        doc_pr.set("title", title)
