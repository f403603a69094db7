"""The contents page of the tagged PDF: a TOC element with a TOCI per entry, each entry one link.

Each entry is TOCI > Reference > Link, and the Link holds the entry's text, in reading order and
as one marked-content sequence (the title, a space, the page number), beside the one link
annotation that covers the entry; the leader dots between them are drawn after it, as an artifact. reportlab's own contents drew the dots and the page number
before the title (the page number ran into the next entry's chapter number) and made an empty
Link element for each of the title's lines and the page number.
"""

from __future__ import annotations


from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table
from reportlab.platypus.tableofcontents import TableOfContents

from .pdf_markup import text, unescape
from .pdf_tags import Node, TaggingCanvas
from .pdf_text import RLParagraph

LEADER = " . "  # repeated between an entry's title and its page number


class ContentsEntry(Flowable):
    """One entry: its title (wrapped beside the page number's column), leader dots and the page number."""

    def __init__(self, title: str, page: int, key: str | None, style: ParagraphStyle, link: Node | None):
        super().__init__()
        self.page, self.key, self.style, self.link = str(page), key, style, link
        self.title = RLParagraph(text(title), style, end_space=True)
        number_style = style.clone(f"{style.name}_page", leftIndent=0, rightIndent=0, firstLineIndent=0,
                                   spaceBefore=0, spaceAfter=0)
        self.number = RLParagraph(text(self.page), number_style)

    def wrap(self, availWidth, availHeight):
        _width, height = self.title.wrap(availWidth, availHeight)
        self.number_width = stringWidth(self.page, self.style.fontName, self.style.fontSize)
        self.number.wrap(self.number_width + 1, availHeight)
        self.width, self.height = availWidth, height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if getattr(canvas, "kompass_dry", False):  # a layout pass that only counts pages
            return
        tagging = isinstance(canvas, TaggingCanvas) and self.link is not None
        number_x = self.width - self.number_width
        if tagging:  # title and page number: one marked-content sequence, the link's text
            canvas.begin_tag(self.link)
        self.title.drawOn(canvas, 0, 0)
        self.number.drawOn(canvas, number_x, 0)
        if tagging:
            canvas.end_tag()
        self._leaders(self.title.getActualLineWidths0()[-1] - self.style.rightIndent, number_x)
        if self.key:
            before = len(canvas._annotationrefs)
            canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
            if tagging:
                canvas.record_annotations(self.link, before)

    def _leaders(self, start: float, end: float) -> None:
        """Draw leader dots from ``start`` to ``end`` on the last line (an artifact: drawn outside the entry's text)."""
        style, canvas = self.style, self.canv
        width = stringWidth(LEADER, style.fontName, style.fontSize)
        count = int((end - start) / width)
        if count <= 0:
            return
        baseline = self.number.height - style.fontSize  # the last line's, as reportlab places a first line
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.drawString(end - count * width, baseline, LEADER * count)
        canvas.restoreState()


class TaggedContents(TableOfContents):
    """The table of contents as a TOC element with a TOCI per entry (reportlab finds the entries and
    their pages; this lays them out)."""

    def __init__(self, node: Node, **kwargs):
        super().__init__(**kwargs)
        self.kompass_node = node

    def wrap(self, availWidth, availHeight):
        self.kompass_node.kids = []
        rows = []
        for level, title, page, key in self._lastEntries:
            style = self.getLevelStyle(level)
            link = self.kompass_node.add("TOCI").add("Reference").add("Link", text=_plain(title)) if key else None
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            rows.append([ContentsEntry(_plain(title), page, key, style, link)])
        self._table = Table(rows or [[Spacer(1, 0)]], colWidths=(availWidth,), style=self.tableStyle)
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height


def _plain(title: str) -> str:
    """Return an entry's title (reportlab markup, as the contents were notified of it) as plain text."""
    return unescape(title)

