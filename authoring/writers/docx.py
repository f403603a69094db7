"""The DOCX writer: lays out a composed Report with the styles of ``templates/reference.docx``."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..model import (Block, BulletList, Contents, Figure, Heading, Inlines, PageBreak, Paragraph, Picture, Region,
                     Report, Run, ScoreBox, Table, TitlePage)
from .. import regions
from ..reproducible import FixedZip
from ..templates import REFERENCE_DOCX
from . import docx_regions, ooxml
from .docx_fonts import deflated, embed_fonts
from .docx_late import add_chart, put_late
from .docx_pages import PageLayout, estimated_pages
from .docx_tables import TEXT_WIDTH, TableLayout

LIST_SPACE_AFTER = Pt(8)
TABLE_GAP = Pt(7)  # above the paragraph after a table (the height of the separating paragraph it replaces)
MAX_PICTURE_HEIGHT = Cm(18)  # an evaluator's image never fills more of the page than this
SUBHEADING_STYLE = "Heading 4"  # a real heading that looks like bold text, below the contents' levels
PICTURE_STYLE = "Bildstycke"  # a picture's paragraph; LibreOffice tags a paragraph by its style's name
PARAGRAPH, SECTION = qn("w:p"), qn("w:sectPr")
ANCHORABLE = (qn("w:r"), qn("w:hyperlink"))  # what a comment's range may start or end at


def write(report: Report, media: dict[str, bytes], dest: Path,
          pages: dict[str, int] | Callable[[], dict[str, int]] | None = None,
          guess: dict[str, int] | None = None) -> None:
    """Write ``report`` as a Word document to ``dest``.

    ``pages`` (heading anchor -> page, from the PDF's layout) become the cached page numbers of the
    contents; Word recomputes them when fields are updated. Without it they are estimated. It may be
    a function that returns them, called once all else is made: the DOCX is made while the PDF is
    laid out (``jobs.py``). Then ``guess``, the PDF's pages the last time (``layout_hint``), is
    saved while they are awaited, and saved again only if the pages are others.
    """
    prepared = prepare(report, media)
    if not callable(pages):
        prepared.settled().save(dest, pages)
        return
    prepared.pack_ahead()  # laid out beside: what the pages do not change is packed while they are awaited
    prepared = prepared.settled()
    if guess:
        prepared.save(dest, guess)
    awaited = pages()
    if awaited != guess or not guess:
        prepared.save(dest, awaited)


def prepare(report: Report, media: dict[str, bytes]) -> Prepared:
    """Return the document of ``report`` made but for its contents' page numbers (which the PDF's
    layout gives), so that it can be made while the PDF is laid out."""
    writer = _DocxWriter(report, media)
    writer.blocks(writer.document, report.blocks)
    if writer.after_table:  # a body ends with a paragraph
        writer.spacer(writer.document)
    writer.draft_mark()
    writer.review_comments()
    writer.properties()  # the digests leave the contents out, so they do not wait for the pages
    embed_fonts(writer.document)
    return Prepared(report, writer.document, writer.page_numbers, media, writer.late)


class Prepared:
    """A document waiting for its contents' page numbers (and the images of its ``late`` parts:
    guesses of their size until ``settled``)."""

    def __init__(self, report: Report, document, page_numbers: dict[str, object], media: dict[str, bytes],
                 late: dict[str, object]):
        self.report, self.document, self.page_numbers = report, document, page_numbers
        self.media, self.late = media, late
        self.packer = self._zip()
        self.entries: list[tuple[str, bytes, tuple[int, bytes] | None]] = []

    def _zip(self) -> FixedZip:
        return FixedZip(self.report.metadata.date, deflated)  # every entry dated the report's date (reproducible)

    def pack_ahead(self) -> None:
        """Serialize and deflate every entry of the package but the document's text, which the pages
        change, and the late images (the styles, the fonts, the pictures, ...): while they are awaited."""
        later = {self.document.part.partname.membername, *(part.partname.membername for part in self.late.values())}
        self.entries = [(name, blob, None if name in later else self.packer.pack(name, blob))
                        for name, blob in package_entries(self.document)]

    def settled(self) -> Prepared:
        """Return this document with its late images in place, once they are here; if one is not of
        its guess's size (or is another's image), the document made again with them."""
        if not self.late:
            return self
        self.media.settle()
        if not put_late(self.late, self.media, self.document):
            again = prepare(self.report, dict(self.media))
            if self.entries:
                again.pack_ahead()
            return again
        blobs = {part.partname.membername: part.blob for part in self.late.values()}
        self.entries = [(name, blobs[name], self.packer.pack(name, blobs[name])) if name in blobs else (name, blob, packed)
                        for name, blob, packed in self.entries]
        self.late = {}
        return self

    def save(self, dest: Path, pages: dict[str, int] | None) -> None:
        """Write the document to ``dest`` with ``pages`` (heading anchor -> page; None: estimated)."""
        pages = pages or estimated_pages(self.report.blocks)
        for anchor, number in self.page_numbers.items():
            number.text = str(pages.get(anchor, ""))
        main = self.document.part
        archive = self._zip()
        for name, blob, packed in self.entries or [(name, blob, None) for name, blob in package_entries(self.document)]:
            archive.write(name, main.blob if packed is None and name == main.partname.membername else blob, packed)
        dest.write_bytes(archive.close())


def package_entries(document) -> list[tuple[str, bytes]]:
    """Return the name and bytes of every entry of the DOCX of ``document``, in the order of a DOCX.

    What ``Document.save`` hands its zip writer; ours (``reproducible.FixedZip``) dates every entry
    the report's date and deflates each once (python-docx's would date them now)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    entries = _Entries()
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, parts)
    return entries


class _Entries(list):
    """The entries python-docx's package writer hands over (``write``), kept in order."""

    def write(self, pack_uri, blob: bytes) -> None:
        self.append((getattr(pack_uri, "membername", pack_uri), blob))


class _DocxWriter(TableLayout, PageLayout):
    """Lays the blocks out in a document made from the reference DOCX; tables and whole pages are
    laid out by the methods of ``docx_tables`` and ``docx_pages``."""

    def __init__(self, report: Report, media: dict[str, bytes]):
        self.report = report
        self.media = media
        self.document = Document(str(REFERENCE_DOCX))
        ooxml.reset_bookmark_ids()  # ids depend on this document only, not on what was built before
        self.break_next = False
        self.after_table = False  # the last block was a table: the next paragraph keeps a gap above
        self.page_numbers: dict[str, object] = {}  # heading anchor -> the w:t of its page in the contents
        reference = REFERENCE_DOCX.stat()  # every document starts from its styles: ids found once per process
        self.style_ids = _STYLE_IDS.setdefault((str(REFERENCE_DOCX), reference.st_mtime_ns, reference.st_size), {})
        self.placeholders: dict[str, str] = {}  # bookmark name -> [source, text] as JSON (for pull)
        self.late: dict[str, object] = {}  # chart key -> the image part made with its guess (``LateMedia``)
        self.anchored: dict[int, list] = {}  # id of a ReviewComment -> [it, its first and last w:r or w:hyperlink]

    def style_id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """Return the id of the style called ``name``, looked up once per process (per reference DOCX).

        python-docx looks a style name up anew for every paragraph, scanning all styles for the
        default each time; that was most of the DOCX writer's time.
        """
        key = (name, kind)
        if key not in self.style_ids:
            self.style_ids[key] = self.document.styles.get_style_id(name, kind)
        return self.style_ids[key]

    def set_style(self, paragraph, name: str) -> None:
        paragraph._p.style = self.style_id(name)

    def set_paragraph_style(self, p, name: str) -> None:
        """Set the style of the w:p ``p`` (``set_style`` without a python-docx paragraph)."""
        ooxml.paragraph_property(p, "w:pStyle").set(qn("w:val"), self.style_id(name))

    def set_table_style(self, table, name: str) -> None:
        table._tbl.tblStyle_val = self.style_id(name, WD_STYLE_TYPE.TABLE)

    # -- dispatch -------------------------------------------------------------------------------

    def blocks(self, container, blocks: tuple[Block, ...], in_table: bool = False) -> None:
        for block in blocks:
            self.block(container, block, in_table)

    def block(self, container, block: Block, in_table: bool = False) -> None:
        match block:
            case Heading():
                self.heading(container, block)
            case Paragraph():
                self.paragraph(container, block, in_table)
            case BulletList(ordered=True):
                self.numbered(container, block)
            case BulletList():
                items = [self.new_paragraph(container, "List Bullet") for _ in block.items]
                for paragraph, item in zip(items, block.items):
                    self.inlines(paragraph, item)
                if items and not in_table:  # the list ends with a paragraph's space before the next
                    items[-1].paragraph_format.space_after = LIST_SPACE_AFTER
            case Picture():
                self.picture(container, block)
            case Table():
                self.table(container, block)
            case ScoreBox():
                self.score_box(container, block)
            case Figure():
                self.figure(container, block)
            case Region():
                self.region(container, block, in_table)
            case PageBreak():
                self.break_next = True
            case Contents():
                self.contents(container, block)
            case TitlePage():
                self.title_page(container, block)
            case _:
                raise TypeError(f"the DOCX writer cannot lay out {type(block).__name__}")

    # -- blocks ---------------------------------------------------------------------------------

    def new_paragraph(self, container, style: str, text: str = ""):
        paragraph = ooxml.new_paragraph(container, self.style_id(style), text)
        if self.break_next:
            paragraph.paragraph_format.page_break_before = True
            self.break_next = False
        elif self.after_table and not style.startswith("Heading"):  # headings have their own space
            paragraph.paragraph_format.space_before = TABLE_GAP
        self.after_table = False
        return paragraph

    def heading(self, container, heading: Heading) -> None:
        paragraph = self.new_paragraph(container, f"Heading {heading.level}", heading.title)
        ooxml.add_bookmark(paragraph._p, paragraph._p, ooxml.bookmark_name(heading.anchor))

    def paragraph(self, container, block: Paragraph, in_table: bool) -> None:
        style = SUBHEADING_STYLE if block.style == "subheading" else "Table Text" if in_table else "Normal"
        paragraph = self.new_paragraph(container, style)
        if block.keep_with_next:
            ooxml.keep_with_next(paragraph._p)
        self.inlines(paragraph, block.runs)

    def inlines(self, paragraph, runs: Inlines) -> None:
        for run in runs:
            if run.comments:
                before = len(paragraph._p)
                self.inline(paragraph, run)
                self.anchor(run, [e for e in paragraph._p[before:] if e.tag in ANCHORABLE])
            else:
                self.inline(paragraph, run)

    def inline(self, paragraph, run: Run) -> None:
        """Add one run: text (line breaks as w:br), a link or a placeholder's value."""
        if run.href:
            ooxml.add_external_link(paragraph, run.text, run.href, run.bold, run.italic)
            return
        if run.source:
            self.placeholder(paragraph, run)
            return
        for index, piece in enumerate(run.text.split("\n")):
            if index:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            ooxml.add_text_run(paragraph._p, piece, run.bold, run.italic, properties=True)

    def anchor(self, run: Run, elements: list) -> None:
        """Record ``elements`` (the run's w:r or w:hyperlink) as part of the text its comments are anchored to."""
        for comment in run.comments if elements else ():
            found = self.anchored.setdefault(id(comment), [comment, elements[0], elements[-1]])
            found[2] = elements[-1]

    def review_comments(self) -> None:
        """Make a Word comment of each reviewer's comment the notes keep, on the text it is anchored to,
        dated as the reviewer wrote it (the report's date if the notes give none)."""
        for comment, first, last in self.anchored.values():
            made = self.document.comments.add_comment(comment.text, comment.author, _initials(comment.author))
            made._comment_elm.date = _comment_date(comment.date, self.report.metadata.date)
            ooxml.mark_comment(first, last, made.comment_id)

    def placeholder(self, paragraph, run: Run) -> None:
        """Add a placeholder's value as a run inside a bookmark that records the placeholder (for pull)."""
        name = regions.placeholder_bookmark(len(self.placeholders) + 1)
        self.placeholders[name] = regions.placeholder_record(run.source, run.text)
        made = []  # not paragraph.runs[-1] after it, which walks every run of the paragraph again
        ooxml.bookmark_around(paragraph._p, name, lambda: made.append(paragraph.add_run(run.text)))
        added = made[0]
        added.bold = run.bold or None
        added.italic = run.italic or None

    def region(self, container, region: Region, in_table: bool) -> None:
        element = container.element.body if hasattr(container, "sections") else container._element
        trailing = 1 if len(element) and element[-1].tag == SECTION else 0  # a body ends with its w:sectPr
        before = len(element) - trailing
        self.blocks(container, region.blocks, in_table)  # new elements are always added last, before that
        paragraphs = [p for added in element[before:len(element) - trailing] for p in added.iter(PARAGRAPH)]
        if paragraphs:
            ooxml.add_bookmark(paragraphs[0], paragraphs[-1], ooxml.bookmark_name(region.name))

    def figure(self, container, figure: Figure) -> None:
        paragraph = self.new_paragraph(container, PICTURE_STYLE)
        run = paragraph.add_run()
        late = add_chart(run, self.media, figure.chart.key, int(TEXT_WIDTH * figure.width))
        if late is not None:  # a chart still to come, its image put in once it is here (``Prepared.settled``)
            self.late[figure.chart.key] = late
        ooxml.set_picture_description(run, figure.alt, figure.caption)
        self.new_paragraph(container, "Caption", figure.caption)

    def numbered(self, container, block: BulletList) -> None:
        """Lay out a numbered list that starts at its own number, whatever lists came before."""
        style = self.document.styles.get_style_id("List Number", WD_STYLE_TYPE.PARAGRAPH)
        style_num = self.document.styles.element.get_by_id(style).pPr.numPr.numId.val
        num_id = ooxml.restarted_numbering(self.document, str(style_num), block.start)
        paragraph = None
        for item in block.items:
            paragraph = self.new_paragraph(container, "List Number")
            ooxml.set_numbering(paragraph, num_id)
            self.inlines(paragraph, item)
        if paragraph is not None:  # the list ends with a paragraph's space before the next
            paragraph.paragraph_format.space_after = LIST_SPACE_AFTER

    def picture(self, container, picture: Picture) -> None:
        """Lay out an evaluator's image at most the text width wide, with its caption."""
        paragraph = self.new_paragraph(container, PICTURE_STYLE)
        run = paragraph.add_run()
        width, height = _image_size(self.media[picture.key])
        shown = min(int(TEXT_WIDTH * picture.width), int(Cm(2.54) * width / 96))  # 96 dpi at most 1:1
        shown = min(shown, int(MAX_PICTURE_HEIGHT * width / height))
        run.add_picture(io.BytesIO(self.media[picture.key]), width=shown)
        ooxml.set_picture_description(run, picture.alt, picture.caption)
        ooxml.set_picture_name(run, picture.key)
        self.new_paragraph(container, "Caption", picture.caption)

    def properties(self) -> None:
        meta = self.report.metadata
        props = self.document.core_properties
        now = meta.date
        props.title, props.subject, props.author = meta.title, meta.subject, meta.author
        props.keywords, props.language = meta.keywords, meta.language
        props.last_modified_by, props.comments, props.category = "Kompass", "", ""
        props.created = props.modified = now
        props.revision = 1
        ooxml.set_app_properties(self.document)
        digests = docx_regions.digests(self.report.blocks)  # what pull compares, seen as the reader sees it
        digests[regions.OUTSIDE] = regions.outside_digest(docx_regions.outside_texts(self.document))
        digests.update(self.placeholders)
        ooxml.set_custom_properties(self.document, digests)


_STYLE_IDS: dict[tuple, dict[tuple[str, WD_STYLE_TYPE], str | None]] = {}  # reference DOCX -> its style ids


def _image_size(data: bytes) -> tuple[int, int]:
    """Return the pixel width and height of a PNG or JPEG image."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


def _initials(author: str) -> str:
    return "".join(word[0] for word in author.split() if word[:1].isalpha()).upper()[:4]


def _comment_date(date: str, report_date) -> datetime.datetime:
    """Return a comment's date (YYYY-MM-DD) as midnight UTC, or the report's date if it has none."""
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError:
        day = report_date
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)
