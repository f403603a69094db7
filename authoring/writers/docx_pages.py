"""The DOCX writer's whole pages: the title page, the contents, and a draft's mark on every page."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from ..model import Block, Contents, Heading, PageBreak, TitlePage
from ..templates import colour
from . import ooxml


class PageLayout:
    """The title page, contents and draft mark methods of the DOCX writer (``docx._DocxWriter``)."""

    def contents(self, container, contents: Contents) -> None:
        self.new_paragraph(container, "TOC Heading", contents.title)
        entries = [b for b in self.report.blocks if isinstance(b, Heading) and b.in_contents
                   and b.level <= contents.levels]
        paragraphs = []
        for entry in entries:
            paragraph = self.new_paragraph(container, f"TOC {entry.level}")
            paragraphs.append(paragraph)
        ooxml.field_begin(paragraphs[0], f'TOC \\o "1-{contents.levels}" \\h \\z \\u')
        for paragraph, entry in zip(paragraphs, entries):
            anchor = ooxml.bookmark_name(entry.anchor)
            self.page_numbers[entry.anchor] = ooxml.add_internal_link(paragraph, entry.contents_title, anchor)
        ooxml.field_end(paragraphs[-1])

    def title_page(self, container, title: TitlePage) -> None:
        if title.logo:
            run = self.new_paragraph(container, "Normal").add_run()
            run.add_picture(io.BytesIO(self.media[title.logo.key]), width=Cm(4))
            ooxml.set_picture_description(run, title.logo.alt, title.logo.alt)
        for index, line in enumerate(title.above):
            above = self.new_paragraph(container, "Subtitle", line)
            if index == 0:
                above.paragraph_format.space_before = Cm(4 if title.logo else 6)
        heading = self.new_paragraph(container, "Title", title.title)
        heading.paragraph_format.space_before = Cm(0.6 if title.above else 4 if title.logo else 6)
        for line in title.lines:
            self.new_paragraph(container, "Subtitle", line)
        for index, line in enumerate(title.details):
            detail = self.new_paragraph(container, "Normal", line)
            detail.paragraph_format.space_before = Cm(0.6 if index == 0 else 0)
            for run in detail.runs:
                run.font.size = Pt(12)
        ooxml.cover_border(self.document.sections[0], colour("primary"))
        if title.mark:
            note = self.new_paragraph(container, "Normal")
            note.paragraph_format.space_before = Cm(1)
            draft_run(note, title.mark, bold=True)
        for index, line in enumerate(title.footer):
            paragraph = self.new_paragraph(container, "Title Page Footer", line)
            if index == 0:
                paragraph.paragraph_format.space_before = Cm(8)

    def draft_mark(self) -> None:
        """Put a draft's mark in the header of every page, the title page's included."""
        if not self.report.watermark:
            return
        for section in self.document.sections:
            for header in (section.header, section.first_page_header):
                header.is_linked_to_previous = False
                paragraph = header.paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                draft_run(paragraph, self.report.watermark, bold=True)


def draft_run(paragraph, text: str, bold: bool) -> None:
    """Add ``text`` to ``paragraph`` in the colour of a draft's marks."""
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.font.color.rgb = RGBColor.from_string(colour("draft").lstrip("#").upper())


def estimated_pages(blocks: tuple[Block, ...]) -> dict[str, int]:
    """Return a first guess of each heading's page (Word and LibreOffice recompute PAGEREF fields)."""
    page, pages = 1, {}
    for block in blocks:
        if isinstance(block, PageBreak):
            page += 1
        elif isinstance(block, Heading):
            pages[block.anchor] = page
    return pages
