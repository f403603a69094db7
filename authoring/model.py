"""The document model: a closed set of frozen block types that every writer lays out.

Compose builds one ``Report`` from an evaluation; writers only lay it out. Nothing here knows
about DOCX, PDF or matplotlib. Every number in the model is already a formatted string.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReviewComment:
    """A reviewer's open comment, kept in the notes beside the text it is anchored to
    (``<!-- kommentar: ... -->``, see docs/input-format.md) until it is resolved or deleted in Word."""

    author: str
    date: str  # YYYY-MM-DD as Word recorded it, or ""
    text: str  # paragraphs separated by "\n"
    anchor: str = ""  # the text it is anchored to; "" anchors the whole block it follows


@dataclass(frozen=True)
class Run:
    """A piece of inline text with one formatting.

    A placeholder (``{poäng område 3}``) is a run of its own: ``source`` is the placeholder as the
    evaluator wrote it and ``text`` its value once compose has filled it in. ``line`` is where the
    notes hold it (for messages only; not part of the run's identity).
    """

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    source: str | None = None
    line: int | None = field(default=None, compare=False, repr=False)
    # The reviewers' open comments anchored to this run (a Word comment in the DOCX; no other
    # format shows them). Not part of the run's identity: the text is the same with or without.
    comments: tuple[ReviewComment, ...] = field(default=(), compare=False, repr=False)


Inlines = tuple[Run, ...]


def plain(text: str) -> Inlines:
    """Return ``text`` as inlines without formatting."""
    return (Run(text),)


def inline_text(runs: Inlines) -> str:
    """Return the text of ``runs`` without formatting."""
    return "".join(run.text for run in runs)


@dataclass(frozen=True)
class Heading:
    """A numbered or unnumbered heading; ``level`` 1 is a chapter. ``anchor`` is unique."""

    level: int
    text: str
    anchor: str
    number: str | None = None
    in_contents: bool = True
    contents_text: str = ""  # its wording in the contents, where that differs from the heading

    @property
    def title(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text

    @property
    def contents_title(self) -> str:
        """Return the heading as the contents list it."""
        text = self.contents_text or self.text
        return f"{self.number} {text}" if self.number else text


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``keep_with_next`` keeps it on the page of the next block (a sentence that
    announces a table or chart below it)."""

    runs: Inlines
    style: str = "body"  # body | lead | note
    keep_with_next: bool = False


@dataclass(frozen=True)
class BulletList:
    """A list; ``ordered`` lists are numbered from ``start``."""

    items: tuple[Inlines, ...]
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True)
class Cell:
    blocks: tuple["Block", ...]
    align: str = "left"  # left | right | center


def text_cell(text: str, align: str = "left") -> Cell:
    """Return a cell holding one plain paragraph."""
    return Cell((Paragraph(plain(text)),), align)


@dataclass(frozen=True)
class Table:
    """A table; ``header`` repeats on every page; ``total`` marks the last row as a total row.

    ``caption`` names the table where it cannot be seen: a screen reader's list of tables, the
    HTML's ``<caption>`` (the printed formats leave it out, their reader sees the table in place).
    ``anchor`` is the id a figure's link to its numbers points at; ``row_header`` the column whose
    cells head their rows (the area's name, the question), if any.
    """

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    total: bool = False
    keep_together: bool = True
    caption: str | None = None
    anchor: str | None = None
    row_header: int | None = None
    title: str = ""  # a numbered caption printed above the table ("Tabell 1. Poäng per område"), if any


@dataclass(frozen=True)
class ScoreBox:
    """The box that opens an area chapter: the Rubriker (or questions) and the area's score."""

    heading: str
    score_heading: str
    items: tuple[str, ...]
    score: str
    note: str = ""  # e.g. "ej färdigbedömt, 3 av 6 frågor" under the score of an incomplete area
    caption: str = ""  # its name as a table (``Table.caption``): "Rubriker och poäng för område 1"


@dataclass(frozen=True)
class ChartSeries:
    name: str
    values: tuple[float | None, ...]  # None: not scored yet, drawn as missing
    role: str  # subject | earlier | reference


@dataclass(frozen=True)
class ChartSpec:
    """Everything needed to draw one chart; ``key`` names its image in the media mapping."""

    key: str
    kind: str  # bars | radar | hbars
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    value_max: float
    value_labels: tuple[str, ...] = ()  # formatted labels for the subject series
    axis_label: str = ""      # the value axis
    category_label: str = ""  # the category axis
    missing_label: str = ""   # how a missing value is marked and named in the legend


@dataclass(frozen=True)
class Figure:
    """A chart. ``alt`` says what it shows and names the table that holds its numbers; ``numbers``
    is a sentence that links to that table (a run whose ``href`` is ``#`` and the table's anchor),
    for the formats that can link within the document (HTML)."""

    chart: ChartSpec
    alt: str
    caption: str
    width: float = 1.0  # fraction of the text width
    numbers: Inlines = ()


@dataclass(frozen=True)
class Picture:
    """An evaluator's image (e.g. an organisation chart); ``key`` names its bytes in the media mapping
    (the file's path inside the evaluation folder)."""

    key: str
    alt: str
    caption: str
    width: float = 1.0


@dataclass(frozen=True)
class Region:
    """Evaluator-written content, marked in the output so it can be found again after editing."""

    name: str  # e.g. area-1.section-2, area-1.styrkor, kortfakta
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Contents:
    title: str
    levels: int = 2


@dataclass(frozen=True)
class Logo:
    """An image from the template; ``key`` names its bytes in the media mapping."""

    key: str
    alt: str
    folder: str = ""  # where the file lies: an evaluation's or campaign's folder; "" the templates


@dataclass(frozen=True)
class TitlePage:
    """The cover: ``lines`` under the title (subtitle, year), ``details`` (publishing unit, dates),
    ``footer`` at the foot (each author with their organisation)."""

    title: str
    lines: tuple[str, ...]
    footer: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    logo: Logo | None = None
    mark: str = ""  # a draft's note on the title page
    above: tuple[str, ...] = ()  # lines above the title (e.g. the publishing unit)


Block = (Heading | Paragraph | BulletList | Table | ScoreBox | Figure | Picture | Region | PageBreak | Contents
         | TitlePage)


@dataclass(frozen=True)
class Metadata:
    title: str
    subject: str
    author: str
    language: str = "sv-SE"
    keywords: str = "Kommunkompassen"
    date: datetime.datetime = datetime.datetime(2000, 1, 1)  # the document date (reproducible.py)


@dataclass(frozen=True)
class Report:
    """A composed report. ``todo`` lists what is missing; a report with any is a draft and
    carries ``watermark`` on every page."""

    metadata: Metadata
    blocks: tuple[Block, ...]
    charts: tuple[ChartSpec, ...] = field(default=())
    todo: tuple[str, ...] = ()
    watermark: str = ""
    images: dict[str, bytes] = field(default_factory=dict)  # Picture key -> bytes, beside the tree

    @property
    def draft(self) -> bool:
        return bool(self.todo)


def headings(blocks: tuple[Block, ...]):
    """Yield the headings among ``blocks`` in document order (those in regions too)."""
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Region):
            yield from headings(block.blocks)
