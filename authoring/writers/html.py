"""The HTML writer: lays out a composed Report as one self-contained, accessible web page.

Semantic HTML5 in the model's order: the title page a ``<header>``, the contents a ``<nav>`` of
links, the rest ``<main>``; headings h1-h4 by the model's levels (a notes sub-heading one below
its section); every table with its ``<caption>`` and ``<th scope>``; each figure an ``<img>`` with
the model's alt text, its caption and a link to the table that holds its numbers. The charts are
the very PNGs the PDF and DOCX embed, as data URIs; the font and the style come with the page
(``html_page``). Nothing is loaded from elsewhere, and the bytes depend only on the report.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

from ..model import (Block, BulletList, Cell, Contents, Figure, Heading, Inlines, PageBreak, Paragraph, Picture,
                     Region, Report, ScoreBox, Table, TitlePage, headings)
from .html_page import page

CONTENTS_ID = "kk_contents"
# A table's printed caption (a house style that numbers tables): set in its place, so the stylesheet of
# every other report stays as it was.
PRINTED_CAPTION = "caption-side: top; text-align: left; font-style: italic; color: var(--muted)"


def write(report: Report, media: dict[str, bytes], dest: Path, pages: dict[str, int] | None = None) -> None:
    """Write ``report`` as one HTML file to ``dest`` (``pages`` is not used: a web page has none)."""
    dest.write_bytes(render(report, media).encode("utf-8"))


def render(report: Report, media: dict[str, bytes]) -> str:
    """Return ``report`` as the text of a complete HTML document."""
    writer = _HtmlWriter(report, media)
    writer.blocks(report.blocks)
    writer.close_main()
    return page(report.metadata, writer.body(), writer.seen, report.watermark)


class _HtmlWriter:
    """Turns model blocks into HTML, in order; ``seen`` gathers the text shown (for the font subset)."""

    def __init__(self, report: Report, media: dict[str, bytes]):
        self.report = report
        self.media = media
        self.out: list[str] = []
        self.seen: list[str] = []
        self.level = 1  # the level of the last heading: a notes sub-heading is one below it
        self.in_main = False
        self.tables = 0

    def body(self) -> str:
        if self.report.watermark:
            mark = self.text(self.report.watermark)
            self.out[:0] = [f'<p class="draft-mark">{mark}</p>\n<div class="watermark" aria-hidden="true">{mark}</div>\n']
        return "".join(self.out)

    def text(self, value: str) -> str:
        """Return ``value`` escaped for HTML text, line breaks as ``<br>``."""
        self.seen.append(value)
        return escape(value, quote=False).replace("\n", "<br>\n")

    def attribute(self, value: str) -> str:
        self.seen.append(value)
        return escape(value, quote=True)

    # -- dispatch -------------------------------------------------------------------------------

    def blocks(self, blocks: tuple[Block, ...], in_table: bool = False) -> None:
        for block in blocks:
            self.block(block, in_table)

    def block(self, block: Block, in_table: bool = False) -> None:
        if not isinstance(block, (TitlePage, Contents, PageBreak)) and not in_table:
            self.open_main()
        match block:
            case Heading():
                self.heading(block)
            case Paragraph():
                self.paragraph(block)
            case BulletList():
                self.bullets(block)
            case Table():
                self.table(block)
            case ScoreBox():
                self.score_box(block)
            case Figure():
                self.figure(block)
            case Picture():
                self.picture(block)
            case Region():
                self.out.append(f'<div class="region" data-region="{escape(block.name)}">\n')
                self.blocks(block.blocks, in_table)
                self.out.append("</div>\n")
            case PageBreak():
                if self.in_main:  # the title page and the contents end their own pages
                    self.out.append('<div class="page-break"></div>\n')
            case Contents():
                self.contents(block)
            case TitlePage():
                self.title_page(block)
            case _:
                raise TypeError(f"the HTML writer cannot lay out {type(block).__name__}")

    def open_main(self) -> None:
        if not self.in_main:
            self.out.append("<main>\n")
            self.in_main = True

    def close_main(self) -> None:
        if self.in_main:
            self.out.append("</main>\n")
            self.in_main = False

    # -- text -----------------------------------------------------------------------------------

    def heading(self, heading: Heading) -> None:
        self.level = heading.level
        tag = f"h{min(heading.level, 6)}"
        self.out.append(f'<{tag} id="{escape(heading.anchor)}">{self.text(heading.title)}</{tag}>\n')

    def paragraph(self, block: Paragraph) -> None:
        if block.style == "subheading":
            tag = f"h{min(self.level + 1, 6)}"
            self.out.append(f'<{tag} class="subheading">{self.inlines(block.runs)}</{tag}>\n')
            return
        style = "" if block.style == "body" else f' class="{escape(block.style)}"'
        self.out.append(f"<p{style}>{self.inlines(block.runs)}</p>\n")

    def inlines(self, runs: Inlines) -> str:
        parts = []
        for run in runs:
            html = self.text(run.text)
            if run.bold:
                html = f"<strong>{html}</strong>"
            if run.italic:
                html = f"<em>{html}</em>"
            if run.href:
                html = f'<a href="{escape(run.href)}">{html}</a>'
            parts.append(html)
        return "".join(parts)

    def bullets(self, block: BulletList) -> None:
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items = "".join(f"<li>{self.inlines(item)}</li>\n" for item in block.items)
        self.out.append(f"<{tag}{start}>\n{items}</{tag}>\n")

    # -- tables ---------------------------------------------------------------------------------

    def table(self, table: Table) -> None:
        """Lay out ``table`` in a frame that scrolls sideways when it is wider than the screen; a
        table of one body row (the Styrkor / Förbättringsmöjligheter / Svagheter lists) is stacked
        column by column on a phone, each column under its heading."""
        self.tables += 1
        caption_id = f"kk_caption_{self.tables}"
        stack = len(table.rows) == 1 and len(table.header) > 1
        named = f' role="region" aria-labelledby="{caption_id}" tabindex="0"' if table.caption or table.title else ""
        anchor = f' id="{escape(table.anchor)}"' if table.anchor else ""
        classes = ' class="stack"' if stack else ""
        self.out.append(f'<div class="table"{named}>\n<table{anchor}{classes}>\n')
        if table.title:  # a printed caption, which everyone reads
            self.out.append(f'<caption class="note" id="{caption_id}" style="{PRINTED_CAPTION}">'
                            f'{self.text(table.title)}</caption>\n')
        elif table.caption:
            self.out.append(f'<caption class="visually-hidden" id="{caption_id}">{self.text(table.caption)}</caption>\n')
        total = sum(table.widths)
        self.out.append("<colgroup>" + "".join(f'<col style="width: {100 * w / total:.1f}%">' for w in table.widths)
                        + "</colgroup>\n<thead>\n<tr>")
        for column, cell in enumerate(table.header):
            heads = ' class="heads"' if column == table.row_header else _align(cell)  # the column that gives way
            self.out.append(f'<th scope="col"{heads}>{self.cell(cell)}</th>')
        self.out.append("</tr>\n</thead>\n<tbody>\n")
        labels = [self.cell(cell) for cell in table.header] if stack else []
        for index, row in enumerate(table.rows, 1):
            total_row = table.total and index == len(table.rows)
            self.out.append('<tr class="total">' if total_row else "<tr>")
            for column, cell in enumerate(row):
                label = f'<span class="cell-label" aria-hidden="true">{labels[column]}</span>' if stack else ""
                if column == table.row_header:
                    self.out.append(f'<th scope="row"{_align(cell)}>{self.cell(cell)}</th>')
                else:
                    self.out.append(f"<td{_align(cell)}>{label}{self.cell(cell)}</td>")
            self.out.append("</tr>\n")
        self.out.append("</tbody>\n</table>\n</div>\n")

    def cell(self, cell: Cell) -> str:
        """Return the content of ``cell``: a lone paragraph's text as it is, else its blocks."""
        if len(cell.blocks) == 1 and isinstance(cell.blocks[0], Paragraph) and cell.blocks[0].style == "body":
            return self.inlines(cell.blocks[0].runs)
        mark = len(self.out)
        self.blocks(cell.blocks, in_table=True)
        content = "".join(self.out[mark:])
        del self.out[mark:]
        return content

    def score_box(self, box: ScoreBox) -> None:
        """Lay out the score box as a small table: the Rubriker beside the area's score."""
        caption = f'<caption class="visually-hidden">{self.text(box.caption)}</caption>\n' if box.caption else ""
        items = "".join(f"<li>{self.text(item)}</li>" for item in box.items)
        note = f'<span class="score-note">{self.text(box.note)}</span>' if box.note else ""
        self.out.append(
            f'<table class="score-box">\n{caption}<thead>\n<tr><th scope="col">{self.text(box.heading)}</th>'
            f'<th scope="col">{self.text(box.score_heading)}</th></tr>\n</thead>\n<tbody>\n'
            f'<tr><td><ul>{items}</ul></td><td class="score-cell"><span class="score">{self.text(box.score)}</span>'
            f"{note}</td></tr>\n</tbody>\n</table>\n")

    # -- images ---------------------------------------------------------------------------------

    def figure(self, figure: Figure) -> None:
        data = self.media[figure.chart.key]
        width, height = _png_size(data)
        numbers = f'\n<span class="numbers">{self.inlines(figure.numbers)}</span>' if figure.numbers else ""
        self.out.append(
            f'<figure class="chart" style="--width: {100 * figure.width:.0f}%">\n'
            f'<img src="{_data_uri(data)}" alt="{self.attribute(figure.alt)}" width="{width}" height="{height}">\n'
            f"<figcaption>{self.text(figure.caption)}{numbers}</figcaption>\n</figure>\n")

    def picture(self, picture: Picture) -> None:
        """Lay out an evaluator's image at most the text width wide, and at most 1:1 (a pixel a CSS pixel)."""
        data = self.media[picture.key]
        width, height = _image_size(data)
        self.out.append(
            f'<figure class="picture" style="--width: {100 * picture.width:.0f}%">\n'
            f'<img src="{_data_uri(data)}" alt="{self.attribute(picture.alt)}" width="{width}" height="{height}"'
            f' style="max-width: min(100%, {width}px)">\n'
            f"<figcaption>{self.text(picture.caption)}</figcaption>\n</figure>\n")

    # -- whole pages ----------------------------------------------------------------------------

    def contents(self, contents: Contents) -> None:
        """Lay out the contents as a navigation of links to the headings, nested by level."""
        entries = [h for h in headings(self.report.blocks) if h.in_contents and h.level <= contents.levels]
        self.out.append(f'<div class="contents">\n<h1 id="{CONTENTS_ID}">{self.text(contents.title)}</h1>\n'
                        f'<nav aria-labelledby="{CONTENTS_ID}">\n')
        self.out.append(_nested([(h.level, f'<a href="#{escape(h.anchor)}">{self.text(h.contents_title)}</a>')
                                 for h in entries]))
        self.out.append("</nav>\n</div>\n")

    def title_page(self, title: TitlePage) -> None:
        self.out.append('<header class="title-page">\n<div class="title-page-text">\n')
        if title.logo:
            data = self.media[title.logo.key]
            width, height = _image_size(data)
            self.out.append(f'<img class="logo" src="{_data_uri(data)}" alt="{self.attribute(title.logo.alt)}" '
                            f'width="{width}" height="{height}">\n')
        self.out += [f'<p class="subtitle">{self.text(line)}</p>\n' for line in title.above]
        self.out.append(f'<p class="title">{self.text(title.title)}</p>\n')
        self.out += [f'<p class="subtitle">{self.text(line)}</p>\n' for line in title.lines]
        self.out += [f'<p class="detail">{self.text(line)}</p>\n' for line in title.details]
        if title.mark:
            self.out.append(f'<p class="title-note">{self.text(title.mark)}</p>\n')
        lines = "".join(f"<p>{self.text(line)}</p>\n" for line in title.footer)
        self.out.append(f'</div>\n<div class="title-page-foot">\n<div class="title-page-text">\n{lines}</div>\n</div>\n'
                        "</header>\n")


def _nested(entries: list[tuple[int, str]]) -> str:
    """Return ``entries`` (level, item) as nested lists; a level never opens more than one deeper."""
    out, depth = ["<ul>\n"], 1
    for index, (wanted, item) in enumerate(entries):
        level = 1 if index == 0 else min(wanted, depth + 1)
        if level > depth:
            out.append("\n<ul>\n")
            depth += 1
        elif index:
            out.append("</li>\n")
            while depth > level:
                out.append("</ul>\n</li>\n")
                depth -= 1
        out.append(f"<li>{item}")
    if entries:
        out.append("</li>\n")
    while depth > 1:
        out.append("</ul>\n</li>\n")
        depth -= 1
    return "".join(out) + "</ul>\n"


def _align(cell: Cell) -> str:
    return "" if cell.align == "left" else f' class="{escape(cell.align)}"'


def _data_uri(data: bytes) -> str:
    kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _png_size(data: bytes) -> tuple[int, int]:
    """Return the pixel size of a PNG from its header (the charts are PNGs)."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _image_size(data: bytes) -> tuple[int, int]:
    """Return the pixel size of a PNG or JPEG image."""
    if data.startswith(b"\x89PNG"):
        return _png_size(data)
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size
