"""Small WordprocessingML helpers the DOCX writer needs and python-docx does not offer."""

from __future__ import annotations

import re
from functools import cache, partial
from itertools import count

from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from docx.text.paragraph import Paragraph as DocxParagraph

from ..regions import bookmark_name  # noqa: F401  (one naming for the writer and the reader)

_ids = count(1)
_BREAKS = re.compile(r"([\t\r\n])")  # each one a part of its own
_PPR, _SECTION = qn("w:pPr"), qn("w:sectPr")
# The children of a w:pPr in the order ECMA-376 (CT_PPr) gives them, as python-docx inserts them.
_PPR_ORDER = {qn(f"w:{tag}"): rank for rank, tag in enumerate((
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))}


def OxmlElement(tag: str):  # noqa: N802  (python-docx's name)
    """Return a new element ``tag`` (e.g. ``w:p``), as python-docx's ``OxmlElement(tag)``: of its custom
    class, declaring its namespace; the tag's name and namespace are worked out once, not per element."""
    return _maker(tag)()


@cache
def _maker(tag: str):
    prefixed = NamespacePrefixedTag(tag)
    return partial(oxml_parser.makeelement, prefixed.clark_name, nsmap=prefixed.nsmap)


def reset_bookmark_ids() -> None:
    """Start bookmark ids at 1 again (once per document, so equal documents get equal ids)."""
    global _ids
    _ids = count(1)


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


def bookmark_around(p, name: str, add) -> None:
    """Call ``add()`` (which appends to the w:p ``p``) inside a bookmark called ``name``."""
    ident = str(next(_ids))
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), ident)
    start.set(qn("w:name"), name)
    p.append(start)
    add()
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), ident)
    p.append(end)


def new_paragraph(container, style_id: str | None, text: str = "") -> DocxParagraph:
    """Return a paragraph of style ``style_id`` (None: the default), holding ``text``, added to
    ``container`` (the document or a table cell).

    The XML that ``container.add_paragraph(text)`` and setting the style make, made directly:
    python-docx finds the place of each new element among all the elements that may follow it,
    which was most of the DOCX writer's time."""
    parent = getattr(container, "_body", container)  # a Document's paragraphs belong to its body
    p, properties = OxmlElement("w:p"), OxmlElement("w:pPr")
    element = parent._element
    last = element[-1] if len(element) else None
    if last is not None and last.tag == _SECTION:  # a body ends with its section's properties
        last.addprevious(p)
    else:  # a table cell's paragraphs come last
        element.append(p)
    if style_id is not None:
        properties.append(w_element("w:pStyle", val=style_id))
    p.append(properties)
    if text:
        add_text_run(p, text)
    return DocxParagraph(p, parent)


def add_text_run(p, text: str, bold: bool | None = None, italic: bool | None = None, properties: bool = False):
    """Append a run holding ``text`` to the w:p ``p`` and return it: what python-docx's
    ``paragraph.add_run(text)`` makes, with a w:rPr (and w:b, w:i where true) when ``properties``,
    as setting ``run.bold`` and ``run.italic`` (even to None) adds."""
    run = OxmlElement("w:r")
    if properties:
        formats = OxmlElement("w:rPr")
        for flag, tag in ((bold, "w:b"), (italic, "w:i")):
            if flag:
                formats.append(OxmlElement(tag))
        run.append(formats)
    for part in _BREAKS.split(text):  # as python-docx's _RunContentAppender: a tab is w:tab, a line end w:br
        if part in ("\t", "\r", "\n"):
            run.append(OxmlElement("w:tab" if part == "\t" else "w:br"))
        else:
            _add_text(run, part)
    p.append(run)
    return run


def _add_text(run, text: str) -> None:
    if text:
        element = OxmlElement("w:t")
        element.text = text
        if len(text.strip()) < len(text):
            element.set(qn("xml:space"), "preserve")
        run.append(element)


def paragraph_property(p, tag: str):
    """Return the child ``tag`` (e.g. ``w:jc``) of the w:pPr of the w:p ``p``, added where the
    schema orders it if missing: python-docx's ``get_or_add``, in one pass over the few children."""
    properties = p.find(_PPR)
    if properties is None:
        properties = OxmlElement("w:pPr")
        p.insert(0, properties)
    name = qn(tag)
    found = properties.find(name)
    if found is not None:
        return found
    found, rank = OxmlElement(tag), _PPR_ORDER[name]
    later = next((child for child in properties if _PPR_ORDER.get(child.tag, -1) > rank), None)
    if later is None:
        properties.append(found)
    else:
        later.addprevious(found)
    return found


def keep_with_next(p) -> None:
    """Keep the w:p ``p`` on the page of the next paragraph (``paragraph_format.keep_with_next = True``)."""
    paragraph_property(p, "w:keepNext").attrib.pop(qn("w:val"), None)  # on: the attribute's default


def align(p, alignment: str) -> None:
    """Align the w:p ``p`` (``left``, ``center``, ``right``: ``paragraph.alignment``)."""
    paragraph_property(p, "w:jc").set(qn("w:val"), alignment)


def w_element(tag: str, **attributes: str):
    """Return a new element ``tag`` with the w: attributes ``attributes`` (e.g. ``val``)."""
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


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


def add_internal_link(paragraph: DocxParagraph, text: str, anchor: str):
    """Append a contents entry: ``text``, a tab and a PAGEREF field, all linking to ``anchor``; return
    the (empty) text element of the field's result, the page number."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    _run(link, _text(text))
    _run(link, OxmlElement("w:tab"))
    _run(link, _fld_char("begin"))
    _run(link, _instr(f"PAGEREF {anchor} \\h"))
    _run(link, _fld_char("separate"))
    page = _text("")
    _run(link, page)
    _run(link, _fld_char("end"))
    paragraph._p.append(link)
    return page


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


def set_picture_description(run, alt: str, title: str) -> None:
    """Set the alt text of the picture in ``run``."""
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("descr", alt)
        doc_pr.set("title", title)


def bold_runs(element) -> None:
    """Make every run in ``element`` (a paragraph or cell) bold by direct formatting."""
    for run in element.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        if rpr.find(qn("w:b")) is None:
            rpr.insert(1 if rpr.find(qn("w:rStyle")) is not None else 0, OxmlElement("w:b"))


APP_PROPERTIES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                  "<Application>Kompass</Application><DocSecurity>0</DocSecurity></Properties>")


def set_app_properties(document) -> None:
    """Say that Kompass made the document (the reference document's own claims, e.g. a Word
    version, page and word counts, are not true of a report)."""
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_PROPERTIES.encode()


CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_PART = "/docProps/custom.xml"


def set_custom_properties(document, values: dict[str, str]) -> None:
    """Store ``values`` (name -> text) as the document's custom properties (File > Properties in Word)."""
    from html import escape  # not xml.sax.saxutils, which imports urllib.request, http and ssl (10 ms)

    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    properties = "".join(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{escape(name)}">'
                         f"<vt:lpwstr>{escape(value, quote=False)}</vt:lpwstr></property>"
                         for pid, (name, value) in enumerate(sorted(values.items()), 2))
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{properties}</Properties>').encode()
    package = document.part.package
    for part in package.iter_parts():
        if part.partname == CUSTOM_PART:
            part._blob = blob
            return
    part = Part(PackURI(CUSTOM_PART), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


def cover_border(section, hex_colour: str) -> None:
    """Give the first page of ``section`` (the cover) a broad band down its left edge."""
    properties = section._sectPr
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:display"), "firstPage")
    borders.set(qn("w:offsetFrom"), "page")
    left = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "96"), ("space", "24"), ("color", hex_colour.lstrip("#"))):
        left.set(qn(f"w:{key}"), value)
    borders.append(left)
    for existing in properties.findall(qn("w:pgBorders")):
        properties.remove(existing)
    # CT_SectPr's order: pgBorders comes after pgMar (and pgSz), before the rest.
    anchor = properties.find(qn("w:pgMar"))
    if anchor is None:
        properties.insert(0, borders)
    else:
        anchor.addnext(borders)


def restarted_numbering(document, style_num_id: str, start: int) -> str:
    """Return the id of a new list numbering that continues the style's but starts again at ``start``.

    Paragraphs of the List Number style share one numbering, so a second numbered list would go on
    counting from the first; each list gets its own w:num with a start override instead.
    """
    numbering = document.part.numbering_part.element
    nums = numbering.findall(qn("w:num"))
    source = next(n for n in nums if n.get(qn("w:numId")) == style_num_id)
    abstract = source.find(qn("w:abstractNumId")).get(qn("w:val"))
    num_id = str(max(int(n.get(qn("w:numId"))) for n in nums) + 1)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    abstract_ref = OxmlElement("w:abstractNumId")
    abstract_ref.set(qn("w:val"), abstract)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start_override = OxmlElement("w:startOverride")
    start_override.set(qn("w:val"), str(start))
    override.append(start_override)
    num.append(abstract_ref)
    num.append(override)
    numbering.append(num)
    return num_id


def set_numbering(paragraph: DocxParagraph, num_id: str) -> None:
    """Number ``paragraph`` with the list numbering ``num_id`` at level 0."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # in schema order
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = int(num_id)


def set_picture_name(run, name: str) -> None:
    """Name the picture in ``run`` (its source, so a reader can tell which image it is)."""
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("name", name)


def mark_comment(first, last, comment_id: int) -> None:
    """Put the range of the comment ``comment_id`` from the element ``first`` to ``last`` (w:r or
    w:hyperlink, in one paragraph or several), and its reference right after, as Word does."""
    start, end = OxmlElement("w:commentRangeStart"), OxmlElement("w:commentRangeEnd")
    for marker in (start, end):
        marker.set(qn("w:id"), str(comment_id))
    reference = OxmlElement("w:r")
    formats, style, mark = OxmlElement("w:rPr"), OxmlElement("w:rStyle"), OxmlElement("w:commentReference")
    style.set(qn("w:val"), "CommentReference")
    mark.set(qn("w:id"), str(comment_id))
    formats.append(style)
    reference.extend((formats, mark))
    first.addprevious(start)
    last.addnext(end)
    end.addnext(reference)
