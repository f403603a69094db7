"""The PDF writer: lays out a composed Report natively with reportlab (platypus), as a tagged PDF.

Each block's flowables are tied to the structure element its model type stands for
(``pdf_tags``); ``pdf_structure`` then writes the structure tree (PDF/UA-1).
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, KeepTogether, ListFlowable, ListItem, NextPageTemplate,
                                PageBreak as RLPageBreak, PageTemplate, Spacer, TableStyle)

from ..reproducible import source_date
from ..model import (Block, BulletList, Cell, Contents, Figure, Heading, PageBreak, Paragraph, Picture, Region,
                     Report, ScoreBox, Table, TitlePage, headings as all_headings)
from .pdf_images import image_flowable, media_image
from .pdf_layout import CopiedFrame, MeasuredTable
from .pdf_markup import links, markup, text
from .pdf_structure import finish
from .pdf_styles import ALIGN, derived, in_column, page, paragraph_styles, register_fonts, rgb
from .pdf_contents import TaggedContents
from .pdf_tags import LabelledList, Node, TaggingCanvas, tag
from .pdf_text import RLParagraph

KEEP_TABLE_ROWS = 25  # tables up to this many rows are never split across pages
MAX_PICTURE_HEIGHT = 180 * mm  # an evaluator's image never fills more of the page than this


def write(report: Report, media: dict[str, bytes], dest: Path, pages: dict[str, int] | None = None,
          tagged: bool = True) -> dict[str, int]:
    """Write ``report`` as PDF to ``dest``; return the page number of every heading anchor.

    ``pages`` (e.g. from the last layout of the same report) is the contents' first guess. When it
    is right the document is laid out once; otherwise reportlab lays it out again, as without one.
    ``tagged=False`` writes the same pages without structure (for comparison).
    """
    document = _Document(str(dest), report)
    document.poll = getattr(media, "poll", document.poll)  # late charts taken as they come (``LateMedia``)
    story = _Story(report, media, pages or {})
    flowables = story.flowables()
    document.dry_passes = 0 if story.contents_guessed else 1
    with source_date(report.metadata.date):  # fixed dates; with invariant, an ID from the content
        document.multiBuild(flowables, canvasmaker=TaggingCanvas if tagged else Canvas)
        if tagged:
            finish(document.canv, story.root, report.metadata, dest)
    if story.wrong:  # a late chart (``media.LateMedia``) of another size than guessed: laid out with it
        return write(report, dict(media), dest, pages, tagged)
    return document.pages


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
        frame = CopiedFrame(geometry.left, geometry.bottom, geometry.text_width,
                      geometry.size[1] - geometry.top - geometry.bottom, id="text", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        self.watermark = report.watermark
        self.addPageTemplates([PageTemplate("title", [frame], onPage=self._cover),
                               PageTemplate("body", [frame], onPage=self._footer)])
        self.pages: dict[str, int] = {}
        # The deepest heading level the contents list (none without contents).
        self.contents_levels = next((b.levels for b in report.blocks if isinstance(b, Contents)), 0)
        self.dry_passes = 0  # the first passes that cannot be the last: laid out, not drawn

    def _startBuild(self, filename=None, canvasmaker=Canvas):
        """Start a layout pass on a new canvas; a dry pass only finds each heading's page.

        Without a guess of its pages the contents are empty in the first pass, and so differ from
        the entries the pass finds: reportlab is sure to lay the document out again, and the first
        pass need not draw (its tagged flowables are most of the drawing)."""
        super()._startBuild(filename, canvasmaker)
        self.canv.kompass_dry = self.dry_passes > 0
        self.dry_passes -= 1

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

    def poll(self) -> None:
        """Called at each new page."""

    def _footer(self, canvas, doc) -> None:
        self.poll()
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
            if heading.level <= self.contents_levels:
                self.notify("TOCEntry", (heading.level - 1, text(heading.contents_title), page_number, heading.anchor))


def linked(node: Node, runs) -> Node:
    """Return ``node`` with a Link element for each link of ``runs``: a paragraph's text marks each
    link's text as its content (``pdf_text``)."""
    for href in links(runs):
        node.add("Link", text=href)
    return node


def kept_with_next(flowables: list[Flowable]) -> list[Flowable]:
    """Return ``flowables`` with each run of keep-with-next flowables put inside the KeepTogether
    after it (a table or figure kept whole). reportlab joins such a run with the next flowable
    itself, but not with a KeepTogether, so a heading and the sentence announcing a table were
    left at the foot of a page while the table began the next."""
    out: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether) and flowable._maxHeight != 0 and out and out[-1].getKeepWithNext():
            lead: list[Flowable] = []
            while out and out[-1].getKeepWithNext() and not isinstance(out[-1], KeepTogether):
                lead.insert(0, out.pop())
            flowable = KeepTogether([*lead, *flowable._content], maxHeight=flowable._maxHeight)
        out.append(flowable)
    return out


class _Story:
    """Turns model blocks into reportlab flowables."""

    def __init__(self, report: Report, media: dict[str, bytes], pages: dict[str, int]):
        self.report = report
        self.media = media
        self.pages = pages
        self.styles = paragraph_styles()
        self.width = page().text_width
        self.cell_width = self.width  # the text width of the table cell being laid out
        self.root = Node("Document")
        self.level = 1  # the level of the last heading: a notes sub-heading is one below it
        self.contents_guessed = True  # False: contents without their entries, the first pass cannot be the last
        self.wrong: list[str] = []  # late charts (``media.LateMedia``) of another size than their guess

    def flowables(self) -> list[Flowable]:
        return kept_with_next([f for block in self.report.blocks for f in self.block(block, self.root)])

    def block(self, block: Block, parent: Node, in_table: bool = False) -> list[Flowable]:
        """Return the flowables of ``block``, whose structure element is added to ``parent``."""
        match block:
            case Heading():
                self.level = block.level
                heading = _HeadingParagraph(block, self.styles[f"h{min(block.level, 3)}"])
                return [tag(heading, parent.add(f"H{min(block.level, 6)}"))]
            case Paragraph():
                return [self.paragraph(block, parent, in_table)]
            case BulletList():
                return [self.bullets(block, parent, in_table)]
            case Table():
                return [self.table(block, parent)]
            case ScoreBox():
                return [self.score_box(block, parent)]
            case Figure():
                return [self.figure(block, parent)]
            case Picture():
                return [self.picture(block, parent)]
            case Region():
                return [f for child in block.blocks for f in self.block(child, parent, in_table)]
            case PageBreak():
                return [RLPageBreak()]
            case Contents():
                return self.contents(block, parent)
            case TitlePage():
                return self.title_page(block, parent)
            case _:
                raise TypeError(f"the PDF writer cannot lay out {type(block).__name__}")

    def paragraph(self, block: Paragraph, parent: Node, in_table: bool) -> RLParagraph:
        if block.style == "subheading":
            return tag(RLParagraph(markup(block.runs), self.styles["subheading"]),
                       linked(parent.add(f"H{min(self.level + 1, 6)}"), block.runs))
        name = "cell" if in_table else "body"
        style = self.styles[name]
        if block.keep_with_next:
            style = derived(style, f"{name}_keep", keepWithNext=True)
        return tag(RLParagraph(markup(block.runs), style), linked(parent.add("P"), block.runs))

    def bullets(self, block: BulletList, parent: Node, in_table: bool) -> ListFlowable:
        style = self.styles["cell_bullet" if in_table else "bullet"]
        if in_table:
            style = in_column(style, self.cell_width - 12)
        spacing = {"spaceAfter": LIST_SPACE_AFTER} if block.items and not in_table else {}
        paragraphs = [RLParagraph(markup(item), style) for item in block.items]
        if block.ordered:
            return self.list_flowable(paragraphs, parent.add("L"), range(block.start, block.start + len(block.items)),
                                      runs=block.items, bulletType="1", bulletFormat="%s.", leftIndent=18,
                                      bulletFontName=style.fontName, bulletFontSize=style.fontSize, bulletDedent=18,
                                      **spacing)
        return self.list_flowable(paragraphs, parent.add("L"), runs=block.items, bulletType="bullet", start="•",
                                  leftIndent=12, bulletFontName=style.fontName, bulletFontSize=style.fontSize, **spacing)

    def list_flowable(self, paragraphs: list[RLParagraph], node: Node, numbers: range | None = None,
                      runs: tuple = (), **options) -> ListFlowable:
        """Return the list of ``paragraphs`` (numbered with ``numbers``), each an LI of ``node`` with its Lbl
        (the bullet or number) and LBody (with a Link for each link of the item's ``runs``)."""
        items = []
        for index, paragraph in enumerate(paragraphs):
            item = node.add("LI")
            paragraph.kompass_label = item.add("Lbl")
            value = {"value": numbers[index]} if numbers else {}
            body = linked(item.add("LBody"), runs[index] if runs else ())
            items.append(ListItem(tag(paragraph, body), leftIndent=options["leftIndent"], **value))
        return LabelledList(items, bulletColor=rgb("primary"), **options)

    def cell(self, cell: Cell, node: Node, header: bool, bold: bool, width: float) -> list[Flowable]:
        """Return the flowables of ``cell`` in a column ``width`` points wide; a cell of one paragraph is
        the content of its TH or TD itself."""
        flowables = []
        self.cell_width = width - 2 * CELL_PADDING
        for block in cell.blocks:
            if isinstance(block, Paragraph):
                name = "header" if header else "cell_bold" if bold else "cell"
                style = derived(in_column(self.styles[name], self.cell_width), name, alignment=ALIGN[cell.align])
                own = node if len(cell.blocks) == 1 else node.add("P")
                flowables.append(tag(RLParagraph(markup(block.runs), style), linked(own, block.runs)))
            else:
                flowables += self.block(block, node, in_table=True)
        return flowables

    def table(self, table: Table, parent: Node) -> Flowable:
        last = len(table.rows)
        total = sum(table.widths)
        widths = [self.width * w / total for w in table.widths]
        node = parent.add("Table")
        title = [tag(RLParagraph(text(table.title), self.styles["table_caption"]), node.add("Caption"))] if table.title else []
        header = node.add("THead").add("TR")
        body = node.add("TBody")
        data = [[self.cell(c, header.add("TH", attributes={"O": "Table", "Scope": "Column"}, repeats_as_artifact=True),
                           header=True, bold=False, width=w) for c, w in zip(table.header, widths)]]
        for index, row in enumerate(table.rows, 1):
            cells = body.add("TR")
            data.append([self.cell(c, cells.add("TD"), header=False, bold=table.total and index == last, width=w)
                         for c, w in zip(row, widths)])
        flowable = MeasuredTable(data, colWidths=widths, repeatRows=1, splitInRow=1,
                                 style=self.table_style(table, len(data)))
        small = table.keep_together and len(data) <= KEEP_TABLE_ROWS
        return KeepTogether([*title, flowable, Spacer(1, 8)], maxHeight=None if small else 0)

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

    def score_box(self, box: ScoreBox, parent: Node) -> Flowable:
        """Return the score box: a small table, its two header cells (Rubriker, Poäng) over the list of
        Rubriker and the score, as in the DOCX (whose first row is a header row)."""
        node = parent.add("Table")
        header = node.add("THead").add("TR")
        row = node.add("TBody").add("TR")
        column = {"O": "Table", "Scope": "Column"}
        centred = derived(self.styles["header"], "hc", alignment=ALIGN["center"])
        heading = tag(RLParagraph(text(box.heading), self.styles["header"]), header.add("TH", attributes=column))
        score_heading = tag(RLParagraph(text(box.score_heading), centred), header.add("TH", attributes=column))
        items = self.list_flowable([RLParagraph(text(i), self.styles["cell_bullet"]) for i in box.items],
                                   row.add("TD").add("L"), bulletType="bullet", start="•", leftIndent=12,
                                   bulletFontName=self.styles["cell"].fontName)
        cell = row.add("TD")
        own = cell if not box.note else cell.add("P")
        score = [tag(RLParagraph(text(box.score), self.styles["score"]), own)]
        if box.note:
            score.append(tag(RLParagraph(text(box.note), self.styles["score_note"]), cell.add("P")))
        data = [[heading, score_heading], [items, score]]
        widths = [self.width * 0.78, self.width * 0.22]
        style = TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.styles["cell"].fontName),
            ("BACKGROUND", (0, 0), (-1, 0), rgb("header_fill")),
            ("BACKGROUND", (0, 1), (-1, 1), rgb("box_fill")),
            ("BOX", (0, 0), (-1, -1), 0.5, rgb("rule")), ("INNERGRID", (0, 0), (-1, -1), 0.5, rgb("rule")),
            ("VALIGN", (0, 0), (-1, 0), "TOP"), ("VALIGN", (1, 1), (1, 1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ])
        return KeepTogether([MeasuredTable(data, colWidths=widths, style=style), Spacer(1, 6)])

    def figure(self, figure: Figure, parent: Node) -> Flowable:
        picture = tag(media_image(self.media, figure.chart.key, self.width * figure.width, "CENTER", self.wrong),
                      parent.add("Figure", alt=figure.alt))
        caption = tag(RLParagraph(text(figure.caption), self.styles["caption"]), parent.add("Caption"))
        return KeepTogether([Spacer(1, 4), picture, caption])

    def picture(self, picture: Picture, parent: Node) -> Flowable:
        """Return an evaluator's image at most the text width wide (and 1:1 at 96 dpi), with its caption."""
        from PIL import Image

        data = self.media[picture.key]
        with Image.open(io.BytesIO(data)) as image:
            pixels_w, pixels_h = image.size
        width = min(self.width * picture.width, pixels_w * 72 / 96, MAX_PICTURE_HEIGHT * pixels_w / pixels_h)
        image = tag(self.image(data, width, "CENTER"), parent.add("Figure", alt=picture.alt))
        caption = tag(RLParagraph(text(picture.caption), self.styles["caption"]), parent.add("Caption"))
        return KeepTogether([Spacer(1, 4), image, caption])

    def image(self, data: bytes, width: float, align: str) -> Flowable:
        """Return the image ``data`` scaled to ``width``, keeping its proportions."""
        return image_flowable(data, width, align)

    def contents(self, contents: Contents, parent: Node) -> list[Flowable]:
        title = tag(RLParagraph(text(contents.title), self.styles["toc_title"]), parent.add("H1"))
        toc = TaggedContents(parent.add("TOC"), dotsMinLevel=0, tableStyle=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.styles["body"].fontName),  # else the table says Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        toc.levelStyles = [self.styles["toc1"], self.styles["toc2"]][: contents.levels]
        headings = [h for h in all_headings(self.report.blocks) if h.in_contents and h.level <= contents.levels]
        if headings and all(h.anchor in self.pages for h in headings):  # the entries afterFlowable will notify
            toc.addEntries([(h.level - 1, text(h.contents_title), self.pages[h.anchor], h.anchor) for h in headings])
        else:
            self.contents_guessed = not headings  # no entries to find: the first pass is the last
        return [title, toc]

    def title_page(self, title: TitlePage, parent: Node) -> list[Flowable]:
        flowables: list[Flowable] = []
        if title.logo:
            flowables.append(tag(self.image(self.media[title.logo.key], 40 * mm, "LEFT"),
                                 parent.add("Figure", alt=title.logo.alt)))
        flowables.append(Spacer(1, (30 if title.logo else 55) * mm))  # the title a third down the page
        flowables += [tag(RLParagraph(text(line), self.styles["subtitle"]), parent.add("P")) for line in title.above]
        flowables.append(tag(RLParagraph(text(title.title), self.styles["title"]), parent.add("P")))
        flowables += [tag(RLParagraph(text(line), self.styles["subtitle"]), parent.add("P")) for line in title.lines]
        flowables += [tag(RLParagraph(text(line), self.styles["title_detail"]), parent.add("P"))
                      for line in title.details]
        if title.mark:
            flowables.append(tag(RLParagraph(text(title.mark), self.styles["title_note"]), parent.add("P")))
        if title.footer:
            flowables.append(Spacer(1, 70 * mm))
            flowables += [tag(RLParagraph(text(line), self.styles["title_footer"]), parent.add("P"))
                          for line in title.footer]
        return [*flowables, NextPageTemplate("body")]
