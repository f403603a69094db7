"""Marked content for the tagged PDF: structure nodes, tagged flowables and the marking canvas.

The writer builds a tree of ``Node``s from the model while it makes the flowables, and ties each
flowable that draws content to its node with ``tag``. While reportlab draws, the ``TaggingCanvas``
wraps each tagged flowable's drawing in ``/Role <</MCID n>> BDC ... EMC`` and records which node
the marked content belongs to; everything drawn outside them (page numbers, the draft mark, table
backgrounds and rules, list bullets without a label) is wrapped as ``/Artifact``. Tagging adds
only marked-content operators, so it moves nothing on the page. ``pdf_structure`` turns the tree
and the canvas's records into the PDF's structure tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple
from xml.sax.saxutils import unescape

from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ListFlowable, Paragraph
from reportlab.platypus.flowables import LIIndenter
from reportlab.platypus.tableofcontents import TableOfContents

ARTIFACT = "/Artifact BMC"
PAGINATION_ARTIFACT = "/Artifact <</Type /Pagination>> BDC"
END = "EMC"


@dataclass(eq=False)
class Node:
    """A structure element: its standard role, its attributes and its child elements in reading order."""

    role: str
    kids: list["Node"] = field(default_factory=list)
    alt: str | None = None
    attributes: dict[str, str] | None = None  # e.g. {"O": "Table", "Scope": "Column"}
    text: str = ""            # what a link inside it leads to, for the link's /Contents
    repeats_as_artifact: bool = False  # a table header drawn again on a later page is pagination

    def add(self, role: str, **details) -> "Node":
        """Return a new child element of ``role``, appended to the reading order."""
        child = Node(role, **details)
        self.kids.append(child)
        return child


class Mark(NamedTuple):
    """A marked-content sequence: ``mcid`` on page ``page`` (1-based) belongs to ``node``."""

    node: Node
    page: int
    mcid: int


class Annotation(NamedTuple):
    """An annotation (a link) of page ``page``, made while ``node``'s content was drawn."""

    node: Node
    page: int
    name: str  # the annotation object's name in reportlab's document


class TaggingCanvas(Canvas):
    """A canvas that marks the content of tagged flowables and makes the rest artifacts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.marks: list[Mark] = []
        self.annotations: list[Annotation] = []
        self.bboxes: dict[Node, tuple[float, float, float, float]] = {}
        self._depth = 0
        self._mcid = 0
        self._spans: list[tuple[int, int]] = []  # (start, end) indices in _code of this page's marked content
        self._open = 0
        self._marked = False
        self._pages_of: dict[Node, int] = {}

    def begin_tag(self, node: Node) -> None:
        """Start the marked content of ``node``; content nested in another tagged flowable stays in it."""
        self._depth += 1
        if self._depth > 1:
            return
        page = self.getPageNumber()
        self._open = len(self._code)
        if node.repeats_as_artifact and self._pages_of.get(node, page) != page:
            self._code.append(PAGINATION_ARTIFACT)
            return
        self._pages_of.setdefault(node, page)
        self._code.append(f"/{node.role} <</MCID {self._mcid}>> BDC")
        self.marks.append(Mark(node, page, self._mcid))
        self._mcid += 1

    def end_tag(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._code.append(END)
            self._spans.append((self._open, len(self._code)))

    def record_annotations(self, node: Node, before: int) -> None:
        """Tie the annotations made since there were ``before`` of them on this page to ``node``."""
        refs = self._annotationrefs
        if len(refs) > before:
            page = self.getPageNumber()
            self.annotations += [Annotation(node, page, ref.name) for ref in refs[before:]]

    def save(self) -> None:
        """Finish the last page but write nothing: ``pdf_structure.finish`` writes the last layout pass."""
        if self._code:
            self.showPage()

    def showPage(self) -> None:
        self._code[:] = _with_artifacts(self._code, self._spans)
        self._marked = self._mcid > 0
        self._spans, self._mcid = [], 0
        super().showPage()

    def _setAnnotations(self, page) -> None:
        """Give the page being finished its /StructParents key (its index) and, with links, /Tabs /S."""
        super()._setAnnotations(page)
        extra = {"StructParents": self._pageNumber - 1 if self._marked else None,
                 "Tabs": PDFName("S") if self._annotationrefs else None}
        page.__NoDefault__ = [*page.__NoDefault__, *extra]  # the keys reportlab writes for a page
        for key, value in extra.items():
            setattr(page, key, value)


def _with_artifacts(code: list[str], spans: list[tuple[int, int]]) -> list[str]:
    """Return ``code`` with every stretch outside the marked ``spans`` wrapped as an artifact."""
    result: list[str] = []
    position = 0
    for start, end in [*spans, (len(code), len(code))]:
        outside = code[position:start]
        if any(part.strip() for part in outside):
            result += [ARTIFACT, *outside, END]
        result += code[start:end]
        position = end
    return result


class _Tagged:
    """Mixed into a flowable's class by ``tag``: its drawing is the marked content of its node."""

    kompass_node: Node | None = None

    def drawOn(self, canvas, x, y, _sW=0, *args, **kwargs):
        node = self.kompass_node
        if node is None or not isinstance(canvas, TaggingCanvas):
            return super().drawOn(canvas, x, y, _sW, *args, **kwargs)
        if node.alt is not None:  # a figure: its box on the page
            left = self._hAlignAdjust(x, _sW)
            canvas.bboxes[node] = (left, y, left + self.drawWidth, y + self.drawHeight)
        before = len(canvas._annotationrefs)
        canvas.begin_tag(node)
        try:
            return super().drawOn(canvas, x, y, _sW, *args, **kwargs)
        finally:
            canvas.end_tag()
            canvas.record_annotations(node, before)

    def split(self, *args, **kwargs):
        parts = super().split(*args, **kwargs)
        for part in parts:  # a paragraph continued on the next page is still the same element
            if getattr(part, "kompass_node", None) is None:
                tag(part, self.kompass_node)
        return parts


_TAGGED_CLASSES: dict[type, type] = {}


def tag(flowable, node: Node | None):
    """Return ``flowable`` with its drawing marked as content of ``node`` (None: left untagged)."""
    if node is None:
        return flowable
    cls = type(flowable)
    if not issubclass(cls, _Tagged):
        if cls not in _TAGGED_CLASSES:
            _TAGGED_CLASSES[cls] = type(f"Tagged{cls.__name__}", (_Tagged, cls), {})
        flowable.__class__ = _TAGGED_CLASSES[cls]
    flowable.kompass_node = node
    return flowable


class LabelledList(ListFlowable):
    """A bulleted list whose bullets are the Lbl of their item (``kompass_label`` on the item's paragraph)."""

    def _makeLIIndenter(self, flowable, bullet, params=None):
        indenter = super()._makeLIIndenter(flowable, bullet, params)
        return _label(indenter, getattr(flowable, "kompass_label", None))


class _LabelledIndenter(LIIndenter):
    kompass_label: Node | None = None

    def drawOn(self, canv, x, y, _sW=0):
        if not (self._bullet and self.kompass_label and isinstance(canv, TaggingCanvas)):
            return super().drawOn(canv, x, y, _sW)
        canv.begin_tag(self.kompass_label)
        self._bullet.drawOn(self, canv, x, y, 0)
        canv.end_tag()
        self._flowable.drawOn(canv, x + self._leftIndent, y, max(0, _sW - self._leftIndent - self._rightIndent))

    def split(self, aW, aH):
        return [_label(part, self.kompass_label) for part in super().split(aW, aH)]


def _label(indenter: LIIndenter, label: Node | None) -> LIIndenter:
    if label is not None:
        object.__setattr__(indenter, "__class__", _LabelledIndenter)  # an indenter passes other attributes
        indenter.__dict__["kompass_label"] = label                   # on to its flowable
    return indenter


class TaggedContents(TableOfContents):
    """The table of contents as a TOC element with a TOCI per entry."""

    def __init__(self, node: Node, **kwargs):
        super().__init__(**kwargs)
        self.kompass_node = node

    def wrap(self, availWidth, availHeight):
        size = super().wrap(availWidth, availHeight)
        entries = iter(self._lastEntries)
        self.kompass_node.kids = []
        for row in self._table._cellvalues:
            for cell in row:
                for flowable in (cell if isinstance(cell, (tuple, list)) else (cell,)):
                    if isinstance(flowable, Paragraph):  # an entry; a spacer is not
                        _level, title, _page, _key = next(entries, (0, "", 0, None))
                        tag(flowable, self.kompass_node.add("TOCI", text=unescape(title)))
        return size
