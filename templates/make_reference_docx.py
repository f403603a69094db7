"""Make ``templates/reference.docx``, the Word styles of every report.

Rebranding is editing ``reference.docx`` in Word (styles Title, Subtitle, Heading 1-4, TOC 1-2,
Caption, Bildstycke (a picture's paragraph), List Bullet, the table styles "Kompass Tabell" and "Kompass Poängruta", the
footer); this script only records how the first version was made from python-docx's default:

    .venv/bin/python templates/make_reference_docx.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

PRIMARY = RGBColor(0x1F, 0x4E, 0x79)
TEXT = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x66, 0x66, 0x66)
FONT = "DejaVu Sans"  # the PDF's family, from matplotlib's fonts; the writer embeds it
OUT = Path(__file__).resolve().parent / "reference.docx"


def main() -> None:
    document = Document()
    _defaults(document)
    _paragraph_styles(document)
    _table_styles(document)
    _page(document)
    _bullets(document)
    _drop_leftovers(document)
    document.save(OUT)
    print(f"wrote {OUT}")


def _defaults(document) -> None:
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:rFonts", "w:lang"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    rpr.append(parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'))
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="sv-SE" w:eastAsia="sv-SE" w:bidi="ar-SA"/>'))


def _style(document, name, size, bold=False, italic=False, color=TEXT, before=0, after=6, keep=False,
           base=None, kind=WD_STYLE_TYPE.PARAGRAPH, leading: float | None | str = "inherit"):
    """Set up style ``name``; ``leading`` is its exact line height in points, None for single spacing."""
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)
    if base:
        style.base_style = styles[base]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = color
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = keep
        if leading is None:
            fmt.line_spacing = 1.0
        elif leading != "inherit":
            fmt.line_spacing, fmt.line_spacing_rule = Pt(leading), WD_LINE_SPACING.EXACTLY
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    return style


def _paragraph_styles(document) -> None:
    # Sizes and leadings (exact line heights) are the PDF's (templates/style.yaml text), so that the
    # two formats, in one font, paginate alike.
    _style(document, "Normal", 10, after=5, leading=13.4)
    _style(document, "Title", 30, bold=True, color=PRIMARY, after=16, leading=36)
    _style(document, "Subtitle", 18, color=PRIMARY, after=6, italic=False, leading=23.4)
    _style(document, "Heading 1", 17, bold=True, color=PRIMARY, after=12, keep=True, leading=21.25)
    _style(document, "Heading 2", 13.5, bold=True, color=PRIMARY, before=14, after=6, keep=True, leading=16.9)
    _style(document, "Heading 3", 11, bold=True, color=TEXT, before=10, after=3, keep=True, leading=14.3)
    # The notes' "### " sub-headings: a real heading (navigation pane, screen readers) that looks like
    # bold body text; the contents cover levels 1-2 only.
    _style(document, "Heading 4", 10, bold=True, color=TEXT, before=0, after=2, keep=True, leading=13.4)
    _style(document, "TOC Heading", 17, bold=True, color=PRIMARY, after=14, base="Normal", leading=21.25)
    toc1 = _style(document, "TOC 1", 10, bold=True, before=5, after=5, base="Normal")
    toc2 = _style(document, "TOC 2", 10, after=1, base="Normal")
    toc2.paragraph_format.left_indent = Cm(0.56)
    for toc in (toc1, toc2):
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    _style(document, "Caption", 8.5, italic=True, color=MUTED, before=3, after=10, base="Normal", leading=11.05)
    # A picture's paragraph. Not "Figure": LibreOffice's PDF/UA export tags a paragraph by its style's
    # name, and a paragraph tagged Figure (a standard type, role-mapped to P) is a figure without alt
    # text. The id is English, and no structure type's name either.
    figure = _style(document, "Bildstycke", 10, before=6, after=0, keep=True, base="Normal", leading=None)
    figure.style_id = "PictureParagraph"
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _style(document, "Table Spacer", 6, after=0, base="Normal", leading=None)
    _style(document, "Table Text", 9, after=0, base="Normal", leading=11.4)
    _style(document, "Score", 26, bold=True, color=PRIMARY, after=0, base="Normal",
           leading=30).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _style(document, "Footer", 8.5, color=MUTED, after=0, base="Normal")
    _style(document, "Title Page Footer", 11, color=TEXT, after=2, base="Normal")
    link = _style(document, "Hyperlink", 10, color=PRIMARY, kind=WD_STYLE_TYPE.CHARACTER)
    link.font.size = None
    link.font.underline = True
    bullet = document.styles["List Bullet"]
    bullet.paragraph_format.space_after = Pt(2)


TABLE_STYLE = """<w:style {ns} w:type="table" w:customStyle="1" w:styleId="{id}">
  <w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="40"/><w:qFormat/>
  <w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="20"/></w:rPr>
  <w:tblPr><w:tblBorders>
    <w:top w:val="single" w:sz="4" w:space="0" w:color="{rule}"/>
    <w:bottom w:val="single" w:sz="4" w:space="0" w:color="{rule}"/>
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="{rule}"/>
    {vertical}
  </w:tblBorders>
  <w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>
  {body_fill}
  <w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="{header_text}"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{header_fill}"/></w:tcPr></w:tblStylePr>
  <w:tblStylePr w:type="lastRow"><w:rPr><w:b/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{total_fill}"/></w:tcPr></w:tblStylePr>
</w:style>"""


def _table_styles(document) -> None:
    common = dict(ns=nsdecls("w"), rule="BFBFBF", header_text="1F4E79", header_fill="D6E4F0", total_fill="DEEAF6")
    document.styles.element.append(parse_xml(TABLE_STYLE.format(
        id="KompassTabell", name="Kompass Tabell", vertical="", body_fill="", **common)))
    box_fill = '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F2F7FC"/></w:tcPr>'
    vertical = '<w:left w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:right w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
    document.styles.element.append(parse_xml(TABLE_STYLE.format(
        id="KompassPoangruta", name="Kompass Poängruta", vertical=vertical, body_fill=box_fill, **common)))


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for xml in ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r {ns}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                '<w:r {ns}><w:t>1</w:t></w:r>',
                '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml.format(ns=nsdecls("w"))))
    assert section.start_type == WD_SECTION.NEW_PAGE


def _bullets(document) -> None:
    """Draw list bullets as "•" in the report's font, not as a Symbol-font private character."""
    numbering = document.part.numbering_part.element
    for level in numbering.iter(qn("w:lvl")):
        text = level.find(qn("w:lvlText"))
        if text is None or text.get(qn("w:val")) != "\uf0b7":
            continue
        text.set(qn("w:val"), "\u2022")
        fonts = level.find(qn("w:rPr")).find(qn("w:rFonts"))
        for attr in ("w:ascii", "w:hAnsi"):
            fonts.set(qn(attr), FONT)


def _drop_leftovers(document) -> None:
    """Remove python-docx's thumbnail, sample text and core properties."""
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel.rId]
    props = document.core_properties
    props.author = props.last_modified_by = "Kompass"
    props.title = props.subject = props.keywords = props.comments = props.category = ""
    props.language = "sv-SE"
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


if __name__ == "__main__":
    main()
