"""The PDF writer: lays out a composed Report natively with reportlab (platypus)."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, ListFlowable, ListItem,
                                NextPageTemplate, PageBreak as RLPageBreak, PageTemplate, Paragraph as RLParagraph,
                                Spacer, Table as RLTable, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

from ..reproducible import source_date
from ..model import (Block, BulletList, Cell, Contents, Figure, Heading, PageBreak, Paragraph, Picture, Region,
                     Report, ScoreBox, Table, TitlePage)
from .pdf_images import image_flowable
from .pdf_markup import markup, text
from .pdf_styles import ALIGN, in_column, page, paragraph_styles, register_fonts, rgb

KEEP_TABLE_ROWS = 25  # tables up to this many rows are never split across pages
MAX_PICTURE_HEIGHT = 180 * mm  # an evaluator's image never fills more of the page than this


def write(report: Report, media: dict[str, bytes], dest: Path, pages: dict[str, int] | None = None) -> dict[str, int]:
    """Write ``report`` as PDF to ``dest``; return the page number of every heading anchor.

    ``pages`` (e.g. from the last layout of the same report) is the contents' first guess. When it
    is right the document is laid out once; otherwise reportlab lays it out again, as without one.
    """
    document = _Document(str(dest), report)
    story = _Story(report, media, pages or {}).flowables()
    with source_date(report.metadata.date):  # fixed dates; with invariant, an ID from the content
        document.multiBuild(story)
    return document.pages


def _headings(blocks: tuple[Block, ...]):
    """Yield the headings among ``blocks`` in document order."""
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Region):
            yield from _headings(block.blocks)


CELL_PADDING = 4  # points left and right in a table cell
LIST_SPACE_AFTER = 6  # points after a bullet list: as after a paragraph, beyond its last item's own
COVER_BAND = 14 * mm  # the cover's band down the left edge
COVER_FOOT = 18 * mm  # and the tinted strip along its foot


class _HeadingParagraph(RLParagraph):
    """A heading paragraph that reports itself to the contents and the outline."""

    def __init__(self, heading: Heading, style):
        super().__init__(text(heading.title), style)
        self.heading = heading


class _Document(BaseDocTemplate):
    def __init__(self, filename: str, report: Report):
        geometry = page()
        meta = report.metadata
        super().__init__(filename, pagesize=geometry.size, leftMargin=geometry.left, rightMargin=geometry.right,
                         topMargin=geometry.top, bottomMargin=geometry.bottom, title=meta.title,
                         author=meta.author, subject=meta.subject, keywords=meta.keywords, creator="Kompass",
                         producer="Kompass", lang=meta.language, initialFontName=register_fonts(), invariant=1)
        frame = Frame(geometry.left, geometry.bottom, geometry.text_width,
                      geometry.size[1] - geometry.top - geometry.bottom, id="text", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        self.watermark = report.watermark
        self.addPageTemplates([PageTemplate("title", [frame], onPage=self._cover),
                               PageTemplate("body", [frame], onPage=self._footer)])
        self.pages: dict[str, int] = {}

    def _cover(self, canvas, doc) -> None:
        """Draw the cover's design behind its text: a band down the left edge and one along the foot."""
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFillColor(rgb("primary"))
        canvas.rect(0, 0, COVER_BAND, height, stroke=0, fill=1)
        canvas.setFillColor(rgb("box_fill"))
        canvas.rect(COVER_BAND, 0, width - COVER_BAND, COVER_FOOT, stroke=0, fill=1)
        canvas.setFillColor(rgb("accent"))
        canvas.rect(COVER_BAND, COVER_FOOT, width - COVER_BAND, 1.5 * mm, stroke=0, fill=1)
        canvas.restoreState()
        self._draft_mark(canvas, doc)

    def _draft_mark(self, canvas, _doc) -> None:
        """Mark every page of a draft: a large diagonal word behind the text and a line at the top."""
        if not self.watermark:
            return
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFillColor(rgb("watermark"))
        canvas.setFont(f"{paragraph_styles()['body'].fontName}-Bold", 110)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(55)
        canvas.drawCentredString(0, -40, self.watermark)
        canvas.restoreState()
        canvas.saveState()
        style = paragraph_styles()["draft_mark"]
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawCentredString(width / 2, height - 12 * mm, self.watermark)
        canvas.restoreState()

    def _footer(self, canvas, doc) -> None:
        self._draft_mark(canvas, doc)
        canvas.saveState()
        style = paragraph_styles()["footer"]
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawCentredString(self.pagesize[0] / 2, 12 * mm, str(canvas.getPageNumber()))
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, _HeadingParagraph):
            return
        heading = flowable.heading
        page_number = self.canv.getPageNumber()
        self.pages[heading.anchor] = page_number
        self.canv.bookmarkPage(heading.anchor)
        if heading.in_contents:
            self.canv.addOutlineEntry(heading.title, heading.anchor, level=heading.level - 1, closed=False)
            self.notify("TOCEntry", (heading.level - 1, text(heading.title), page_number, heading.anchor))


class _Story:
    """Turns model blocks into reportlab flowables."""

    def __init__(self, report: Report, media: dict[str, bytes], pages: dict[str, int]):
        self.report = report
        self.media = media
        self.pages = pages
        self.styles = paragraph_styles()
        self.width = page().text_width
        self.cell_width = self.width  # the text width of the table cell being laid out

    def flowables(self) -> list[Flowable]:
        return [f for block in self.report.blocks for f in self.block(block)]

    def block(self, block: Block, in_table: bool = False) -> list[Flowable]:
        match block:
            case Heading():
                return [_HeadingParagraph(block, self.styles[f"h{min(block.level, 3)}"])]
            case Paragraph():
                return [self.paragraph(block, in_table)]
            case BulletList():
                return [self.bullets(block, in_table)]
            case Table():
                return [self.table(block)]
            case ScoreBox():
                return [self.score_box(block)]
            case Figure():
                return [self.figure(block)]
            case Picture():
                return [self.picture(block)]
            case Region():
                return [f for child in block.blocks for f in self.block(child, in_table)]
            case PageBreak():
                return [RLPageBreak()]
            case Contents():
                return self.contents(block)
            case TitlePage():
                return self.title_page(block)
            case _:
                raise TypeError(f"the PDF writer cannot lay out {type(block).__name__}")

    def paragraph(self, block: Paragraph, in_table: bool) -> RLParagraph:
        name = "subheading" if block.style == "subheading" else ("cell" if in_table else "body")
        style = self.styles[name]
        if block.keep_with_next:
            style = style.clone(f"{name}_keep", keepWithNext=True)
        return RLParagraph(markup(block.runs), style)

    def bullets(self, block: BulletList, in_table: bool) -> ListFlowable:
        style = self.styles["cell_bullet" if in_table else "bullet"]
        if in_table:
            style = in_column(style, self.cell_width - 12)
        if block.ordered:
            items = [ListItem(RLParagraph(markup(item), style), leftIndent=18, value=number)
                     for number, item in enumerate(block.items, block.start)]
            return ListFlowable(items, bulletType="1", bulletFormat="%s.", leftIndent=18, bulletFontName=style.fontName,
                                bulletFontSize=style.fontSize, bulletColor=rgb("primary"), bulletDedent=18,
                                **({"spaceAfter": LIST_SPACE_AFTER} if items and not in_table else {}))
        items = [ListItem(RLParagraph(markup(item), style), leftIndent=12) for item in block.items]
        return ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontName=style.fontName,
                            bulletFontSize=style.fontSize, bulletColor=rgb("primary"),
                            **({"spaceAfter": LIST_SPACE_AFTER} if items and not in_table else {}))

    def cell(self, cell: Cell, header: bool, bold: bool, width: float) -> list[Flowable]:
        """Return the flowables of ``cell`` in a column ``width`` points wide."""
        flowables = []
        self.cell_width = width - 2 * CELL_PADDING
        for block in cell.blocks:
            if isinstance(block, Paragraph):
                name = "header" if header else "cell_bold" if bold else "cell"
                style = in_column(self.styles[name], self.cell_width).clone(name, alignment=ALIGN[cell.align])
                flowables.append(RLParagraph(markup(block.runs), style))
            else:
                flowables += self.block(block, in_table=True)
        return flowables

    def table(self, table: Table) -> Flowable:
        last = len(table.rows)
        total = sum(table.widths)
        widths = [self.width * w / total for w in table.widths]
        data = [[self.cell(c, header=True, bold=False, width=w) for c, w in zip(table.header, widths)]]
        data += [[self.cell(c, header=False, bold=table.total and index == last, width=w) for c, w in zip(row, widths)]
                 for index, row in enumerate(table.rows, 1)]
        flowable = RLTable(data, colWidths=widths, repeatRows=1, splitInRow=1, style=self.table_style(table, len(data)))
        small = table.keep_together and len(data) <= KEEP_TABLE_ROWS
        return KeepTogether([flowable, Spacer(1, 8)]) if small else KeepTogether([flowable, Spacer(1, 8)], maxHeight=0)

    def table_style(self, table: Table, rows: int) -> TableStyle:
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), self.styles["cell"].fontName),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), rgb("header_fill")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, rgb("rule")),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
        if table.total:
            commands.append(("BACKGROUND", (0, rows - 1), (-1, rows - 1), rgb("total_fill")))
        return TableStyle(commands)

    def score_box(self, box: ScoreBox) -> Flowable:
        items = ListFlowable([ListItem(RLParagraph(text(i), self.styles["cell_bullet"]), leftIndent=12)
                              for i in box.items], bulletType="bullet", start="•", leftIndent=12,
                             bulletFontName=self.styles["cell"].fontName, bulletColor=rgb("primary"))
        data = [[RLParagraph(text(box.heading), self.styles["header"]),
                 RLParagraph(text(box.score_heading), self.styles["header"].clone("hc", alignment=ALIGN["center"]))],
                [items, [RLParagraph(text(box.score), self.styles["score"]),
                         *([RLParagraph(text(box.note), self.styles["score_note"])] if box.note else [])]]]
        widths = [self.width * 0.78, self.width * 0.22]
        style = TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.styles["cell"].fontName),
            ("BACKGROUND", (0, 0), (-1, 0), rgb("header_fill")),
            ("BACKGROUND", (0, 1), (-1, 1), rgb("box_fill")),
            ("BOX", (0, 0), (-1, -1), 0.5, rgb("rule")), ("INNERGRID", (0, 0), (-1, -1), 0.5, rgb("rule")),
            ("VALIGN", (0, 0), (-1, 0), "TOP"), ("VALIGN", (1, 1), (1, 1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ])
        return KeepTogether([RLTable(data, colWidths=widths, style=style), Spacer(1, 6)])

    def figure(self, figure: Figure) -> Flowable:
        picture = self.image(self.media[figure.chart.key], self.width * figure.width, "CENTER")
        return KeepTogether([Spacer(1, 4), picture, RLParagraph(text(figure.caption), self.styles["caption"])])

    def picture(self, picture: Picture) -> Flowable:
        """Return an evaluator's image at most the text width wide (and 1:1 at 96 dpi), with its caption."""
        from PIL import Image

        data = self.media[picture.key]
        with Image.open(io.BytesIO(data)) as image:
            pixels_w, pixels_h = image.size
        width = min(self.width * picture.width, pixels_w * 72 / 96, MAX_PICTURE_HEIGHT * pixels_w / pixels_h)
        return KeepTogether([Spacer(1, 4), self.image(data, width, "CENTER"),
                             RLParagraph(text(picture.caption), self.styles["caption"])])

    def image(self, data: bytes, width: float, align: str) -> Flowable:
        """Return the image ``data`` scaled to ``width``, keeping its proportions."""
        return image_flowable(data, width, align)

    def contents(self, contents: Contents) -> list[Flowable]:
        toc = TableOfContents(dotsMinLevel=0, tableStyle=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.styles["body"].fontName),  # else the table says Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        toc.levelStyles = [self.styles["toc1"], self.styles["toc2"]][: contents.levels]
        headings = [h for h in _headings(self.report.blocks) if h.in_contents]
        if headings and all(h.anchor in self.pages for h in headings):  # the entries afterFlowable will notify
            toc.addEntries([(h.level - 1, text(h.title), self.pages[h.anchor], h.anchor) for h in headings])
        return [RLParagraph(text(contents.title), self.styles["toc_title"]), toc]

    def title_page(self, title: TitlePage) -> list[Flowable]:
        flowables: list[Flowable] = []
        if title.logo:
            flowables.append(self.image(self.media[title.logo.key], 40 * mm, "LEFT"))
        flowables.append(Spacer(1, (30 if title.logo else 55) * mm))  # the title a third down the page
        flowables.append(RLParagraph(text(title.title), self.styles["title"]))
        flowables += [RLParagraph(text(line), self.styles["subtitle"]) for line in title.lines]
        flowables += [RLParagraph(text(line), self.styles["title_detail"]) for line in title.details]
        if title.mark:
            flowables.append(RLParagraph(text(title.mark), self.styles["title_note"]))
        if title.footer:
            flowables.append(Spacer(1, 70 * mm))
            flowables += [RLParagraph(text(line), self.styles["title_footer"]) for line in title.footer]
        return [*flowables, NextPageTemplate("body")]
