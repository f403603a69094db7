"""Marked content for the tagged PDF: structure nodes, tagged flowables and the marking canvas.

The writer builds a tree of ``Node``s from the model while it makes the flowables, and ties each
flowable that draws content to its node with ``tag``. While reportlab draws, the ``TaggingCanvas``
wraps each tagged flowable's drawing in ``/Role <</MCID n>> BDC ... EMC`` and records which node
the marked content belongs to (a paragraph's text object marks its own text, and its links' text
as their Link nodes': ``pdf_text``); everything drawn outside them (page numbers, the draft mark,
table backgrounds and rules, list bullets without a label, underlines, leader dots) is wrapped as
``/Artifact``. Tagging adds
only marked-content operators, so it moves nothing on the page. ``pdf_structure`` turns the tree
and the canvas's records into the PDF's structure tree.
"""

from __future__ import annotations

from typing import NamedTuple

from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ListFlowable
from reportlab.platypus.flowables import LIIndenter

from .pdf_text import RLParagraph

ARTIFACT = "/Artifact BMC"
PAGINATION_ARTIFACT = "/Artifact <</Type /Pagination>> BDC"
END = "EMC"


class Node:
    """A structure element: its standard role, its attributes and its child elements in reading order.

    ``text`` is what a link inside it leads to (the link's /Contents); a node that
    ``repeats_as_artifact`` (a table header) is pagination where it is drawn again on a later page.
    A plain class with slots: a report has over a thousand.
    """

    __slots__ = ("role", "kids", "alt", "attributes", "text", "repeats_as_artifact")

    def __init__(self, role: str, alt: str | None = None, attributes: dict[str, str] | None = None, text: str = "",
                 repeats_as_artifact: bool = False):
        self.role = role
        self.kids: list[Node] | tuple = ()  # a list from the first child on: most nodes have none
        self.alt = alt
        self.attributes = attributes  # e.g. {"O": "Table", "Scope": "Column"}
        self.text = text
        self.repeats_as_artifact = repeats_as_artifact

    def add(self, role: str, **details) -> "Node":
        """Return a new child element of ``role``, appended to the reading order."""
        child = Node(role, **details)
        if not self.kids:
            self.kids = []
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
        self._open = False  # a sequence begun by begin_tag is open
        self.text_node: Node | None = None  # the paragraph being drawn marks its text as this node's
        self.kompass_text = None  # the text object marking it (pdf_text.ReadableText)
        self._marked = False
        self._pages_of: dict[Node, int] = {}
        self._code.append(ARTIFACT)  # a page is an artifact but where a tagged flowable draws

    def _startPage(self) -> None:
        super()._startPage()
        self._code.append(ARTIFACT)

    def begin_tag(self, node: Node, text: bool = False) -> None:
        """Start the marked content of ``node``; content nested in another tagged flowable stays in it.

        ``text``: a paragraph, whose text objects mark their own content (``pdf_text``); the rest it
        draws (a border, a link's underline) stays an artifact."""
        self._depth += 1
        if self._depth > 1:
            return
        page = self._pageNumber
        if node.repeats_as_artifact and self._pages_of.setdefault(node, page) != page:
            self._code += (END, PAGINATION_ARTIFACT)
            self._open = True
            return
        if text:
            self.text_node = node
            return
        self._code += (END, self.open_mark(node))
        self._open = True

    def end_tag(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self.text_node = None
            if self._open:
                self._code += (END, ARTIFACT)
                self._open = False

    def open_mark(self, node: Node) -> str:
        """Return the operator that begins a new marked-content sequence of ``node``, and record it."""
        mcid = self._mcid
        self.marks.append(Mark(node, self._pageNumber, mcid))
        self._mcid = mcid + 1
        return f"/{node.role} <</MCID {mcid}>> BDC"

    def drop_mark(self) -> None:
        """Forget the sequence ``open_mark`` began last (its operator was taken back)."""
        self.marks.pop()
        self._mcid -= 1

    def drawText(self, aTextObject) -> None:
        """Draw a text object; one that marked its own content lies between two artifacts, not in one."""
        if getattr(aTextObject, "kompass_marked", False):
            self._code += (END, aTextObject.getCode(), ARTIFACT)
        else:
            super().drawText(aTextObject)

    def _addAnnotation(self, annotation, name=None, addtopage=1) -> None:
        """Add an annotation; one a paragraph's link makes belongs to that link's Link node."""
        before = len(self._annotationrefs)
        super()._addAnnotation(annotation, name, addtopage)
        text = self.kompass_text
        if text is not None and len(self._annotationrefs) > before:
            self.record_annotations(text.annotation_node(), before)

    def record_annotations(self, node: Node, before: int) -> None:
        """Tie the annotations made since there were ``before`` of them on this page to ``node``."""
        page = self._pageNumber
        self.annotations += [Annotation(node, page, ref.name) for ref in self._annotationrefs[before:]]

    def save(self) -> None:
        """Finish the last page but write nothing: ``pdf_structure.finish`` writes the last layout pass."""
        if len(self._code) > 1:  # more than the artifact every page opens with
            self.showPage()

    def showPage(self) -> None:
        self._code.append(END)
        self._marked = self._mcid > 0
        self._mcid = 0
        super().showPage()

    def _setAnnotations(self, page) -> None:
        """Give the page being finished its /StructParents key (its index) and, with links, /Tabs /S."""
        super()._setAnnotations(page)
        extra = {"StructParents": self._pageNumber - 1 if self._marked else None,
                 "Tabs": PDFName("S") if self._annotationrefs else None}
        page.__NoDefault__ = [*page.__NoDefault__, *extra]  # the keys reportlab writes for a page
        for key, value in extra.items():
            setattr(page, key, value)


class _Tagged:
    """Mixed into a flowable's class by ``tag``: its drawing is the marked content of its node."""

    kompass_node: Node | None = None

    def drawOn(self, canvas, x, y, _sW=0, *args, **kwargs):
        if getattr(canvas, "kompass_dry", False):  # a layout pass that only counts pages (pdf._Document)
            return
        node = self.kompass_node
        if node is None or not isinstance(canvas, TaggingCanvas):
            return super().drawOn(canvas, x, y, _sW, *args, **kwargs)
        if node.alt is not None:  # a figure: its box on the page
            left = self._hAlignAdjust(x, _sW)
            canvas.bboxes[node] = (left, y, left + self.drawWidth, y + self.drawHeight)
        before, recorded = len(canvas._annotationrefs), len(canvas.annotations)
        canvas.begin_tag(node, text=isinstance(self, RLParagraph))
        super().drawOn(canvas, x, y, _sW, *args, **kwargs)
        canvas.end_tag()
        if len(canvas._annotationrefs) > before and len(canvas.annotations) == recorded:  # not a link's own
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
