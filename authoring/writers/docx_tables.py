"""The DOCX writer's tables: the model's tables and the score box, with their grids and cell layout."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import _Cell

from ..model import Cell, ScoreBox, Table
from . import ooxml
from .ooxml import OxmlElement
from .docx_pages import draft_run

TEXT_WIDTH = Cm(16)
PARAGRAPH, CELL, CELL_PROPERTIES, CELL_WIDTH = qn("w:p"), qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
WIDTH = qn("w:w")
EMU_PER_TWIP = 635
TABLE_STYLE = "Kompass Tabell"
BOX_STYLE = "Kompass Poängruta"


class TableLayout:
    """The table methods of the DOCX writer (``docx._DocxWriter``), whose state they share."""

    def table(self, container, table: Table) -> None:
        if table.title:  # generated, so a pull does not read it (a Caption paragraph)
            ooxml.keep_with_next(self.new_paragraph(container, "Caption", table.title)._p)
        self.separate_tables(container)
        rows = (table.header, *table.rows)
        docx_table = container.add_table(rows=len(rows), cols=len(table.header))
        self.set_table_style(docx_table, TABLE_STYLE)
        table_look(docx_table, first_row=True, last_row=table.total)
        widths = _widths(table.widths)
        _set_grid(docx_table, widths)
        for row_index, (row, cells) in enumerate(zip(docx_table.rows, rows)):
            if table.keep_together or row_index == 0:
                cant_split(row)  # a row taller than a page that may not split loses its text in LibreOffice
            if row_index == 0:
                repeat_header(row)
            for column, (docx_cell, cell) in enumerate(zip(_cells(row, docx_table), cells)):
                _set_width(docx_cell, widths[column])
                self.cell(docx_cell, cell, keep=table.keep_together and row_index < len(rows) - 1)
                if row_index == 0 or (table.total and row_index == len(rows) - 1):
                    ooxml.bold_runs(docx_cell._tc)  # LibreOffice ignores the table style's row formats
        self.page_break_into(docx_table)
        self.after_table = True

    def separate_tables(self, container) -> None:
        """Put a paragraph between this table and one right before it (adjacent tables merge in Word)."""
        if self.after_table:
            self.spacer(container)

    def spacer(self, container) -> None:
        """Add an empty separating paragraph: only between two tables, and after a table that ends
        the document (the space after other tables is the next paragraph's space before)."""
        self.after_table = False
        self.new_paragraph(container, "Table Spacer")

    def cell(self, docx_cell, cell: Cell, keep: bool) -> None:
        first = docx_cell._tc.find(PARAGRAPH)  # the empty paragraph a new cell has
        self.blocks(docx_cell, cell.blocks, in_table=True)
        docx_cell._tc.remove(first)
        for p in docx_cell._tc.iterchildren(PARAGRAPH):
            ooxml.align(p, cell.align)
            if keep:
                ooxml.keep_with_next(p)

    def page_break_into(self, docx_table) -> None:
        """Apply a pending page break to the first paragraph of ``docx_table``."""
        if self.break_next:
            docx_table.rows[0].cells[0].paragraphs[0].paragraph_format.page_break_before = True
            self.break_next = False

    def score_box(self, container, box: ScoreBox) -> None:
        self.separate_tables(container)
        pending, self.break_next = self.break_next, False
        table = container.add_table(rows=2, cols=2)
        self.set_table_style(table, BOX_STYLE)
        table_look(table, first_row=True, last_row=False)
        _set_grid(table, [Cm(12.5), Cm(3.5)])
        repeat_header(table.rows[0])
        (heading, score_heading), (items, score) = cells = [_cells(row, table) for row in table.rows]
        for row, (left, right) in zip(table.rows, cells):
            cant_split(row)
            _set_width(left, Cm(12.5))
            _set_width(right, Cm(3.5))
        first = {cell: cell._tc.find(PARAGRAPH) for cell in (heading, score_heading, items, score)}
        ooxml.add_text_run(first[heading], box.heading)  # the text of each cell's empty first paragraph
        ooxml.add_text_run(first[score_heading], box.score_heading)
        ooxml.align(first[score_heading], "center")
        self.set_paragraph_style(first[items], "List Bullet")
        ooxml.add_text_run(first[items], box.items[0])
        for item in box.items[1:]:
            ooxml.new_paragraph(items, self.style_id("List Bullet"), item)
        vertical_centre(score._tc)
        self.set_paragraph_style(first[score], "Score")
        ooxml.add_text_run(first[score], box.score)
        if box.note:
            note = score.add_paragraph(style="Table Text")
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            draft_run(note, box.note, bold=False)
        for cell in (heading, score_heading):
            for paragraph in cell._tc.iterchildren(PARAGRAPH):
                ooxml.keep_with_next(paragraph)
                ooxml.bold_runs(paragraph)
        self.break_next = pending
        self.page_break_into(table)
        self.after_table = True


def repeat_header(row) -> None:
    """Make ``row`` repeat at the top of every page the table continues on."""
    _row_property(row, "w:tblHeader")


def cant_split(row) -> None:
    _row_property(row, "w:cantSplit")


def _row_property(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(ooxml.w_element(tag, val="true"))


def vertical_centre(tc) -> None:
    """Centre the contents of the new w:tc ``tc`` vertically (``cell.vertical_alignment = CENTER``):
    its w:tcPr has only a w:tcW, which the schema puts before a w:vAlign."""
    tc.find(qn("w:tcPr")).append(ooxml.w_element("w:vAlign", val="center"))


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


def _cells(row, table) -> list[_Cell]:
    """Return the cells of ``row``: ``row.cells`` for a table without merged cells (all of ours),
    without python-docx's walk over the layout grid."""
    return [_Cell(tc, table) for tc in row._tr.iterchildren(CELL)]


def _set_width(docx_cell, width: int) -> None:
    """Set the width of a new cell (``cell.width = width``): its w:tcW, already of type dxa, in twips."""
    docx_cell._tc.find(CELL_PROPERTIES).find(CELL_WIDTH).set(WIDTH, str(round(width / EMU_PER_TWIP)))


def _set_grid(table, widths: list[int]) -> None:
    """Fix the column widths (Word and LibreOffice read the grid, not only the cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width


def _widths(relative: tuple[float, ...]) -> list[int]:
    total = sum(relative)
    return [int(TEXT_WIDTH * r / total) for r in relative]
