"""The document level of the tagged PDF (PDF/UA-1), added with pikepdf to what reportlab drew.

From the writer's tree of ``Node``s and the marked content the ``TaggingCanvas`` recorded this
makes the structure tree (StructTreeRoot, one StructElem per node, marked-content references,
Link elements holding their annotations), the ParentTree with each page's /StructParents, and
the catalog entries: /MarkInfo, /Lang, /ViewerPreferences /DisplayDocTitle and an XMP packet
with dc:title and pdfuaid:part 1.
"""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ..model import Metadata
from .pdf_tags import Node, TaggingCanvas

KEEP_EMPTY = {"TH", "TD", "TR"}  # a table keeps its grid even where a cell is empty

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>Kompass</pdf:Producer>
   <xmp:CreatorTool>Kompass</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def finish(data: bytes, dest: Path, root: Node, canvas: TaggingCanvas, metadata: Metadata) -> None:
    """Write the PDF ``data`` drawn on ``canvas`` to ``dest`` with its structure tree and document entries."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _Tree(pdf, canvas).write(root)
        _document_entries(pdf, metadata)
        pdf.save(dest, deterministic_id=True)


class _Tree:
    """The structure tree of one PDF, built from the nodes and the canvas's records."""

    def __init__(self, pdf: pikepdf.Pdf, canvas: TaggingCanvas):
        self.pdf = pdf
        self.pages = [page.obj for page in pdf.pages]
        self.marks = defaultdict(list)
        for mark in canvas.marks:
            self.marks[mark.node].append(mark)
        self.annotations = defaultdict(list)
        for annotation in canvas.annotations:
            self.annotations[annotation.node].append(annotation)
        self.bboxes = canvas.bboxes
        self.page_parents: dict[int, dict[int, Dictionary]] = defaultdict(dict)  # page -> mcid -> element
        self.annotation_parents: list[Dictionary] = []  # the Link element of each annotation, in order

    def write(self, root: Node) -> None:
        tree = self.pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = self._element(root, tree)
        tree.K = Array([document] if document is not None else [])
        tree.ParentTree, tree.ParentTreeNextKey = self._parent_tree()
        self.pdf.Root.StructTreeRoot = tree

    def _element(self, node: Node, parent) -> Dictionary | None:
        """Return the element of ``node`` (None for one that drew nothing), with its subtree."""
        element = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent))
        kids = [kid for kid in (self._element(child, element) for child in node.kids) if kid is not None]
        marks = self.marks.get(node, ())
        if marks:
            page = marks[0].page
            element.Pg = self.pages[page - 1]
            for mark in marks:
                self.page_parents[mark.page][mark.mcid] = element
                kids.append(mark.mcid if mark.page == page else
                            Dictionary(Type=Name.MCR, Pg=self.pages[mark.page - 1], MCID=mark.mcid))
        kids += [self._link(annotation, node, element) for annotation in self.annotations.get(node, ())]
        if not kids and node.role not in KEEP_EMPTY:
            return None
        element.K = Array(kids)
        if node.alt is not None:
            element.Alt = String(node.alt)
        if node in self.bboxes:  # a figure's place on its page
            element.A = Dictionary({"/O": Name.Layout, "/BBox": Array([round(v, 2) for v in self.bboxes[node]])})
        elif node.attributes:
            element.A = Dictionary({f"/{key}": Name("/" + value) for key, value in node.attributes.items()})
        return element

    def _link(self, annotation, node: Node, parent: Dictionary) -> Dictionary:
        """Return the Link element holding the annotation, which gets its /StructParent and /Contents."""
        page = self.pages[annotation.page - 1]
        annot = page.Annots[annotation.index]
        link = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=parent, Pg=page,
                                                 K=Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=page)])))
        annot.StructParent = len(self.pages) + len(self.annotation_parents)
        target = annot.get("/A", {}).get("/URI") if "/A" in annot else None
        annot.Contents = String(str(target) if target is not None else node.text or "")
        page.Tabs = Name.S
        self.annotation_parents.append(link)
        return link

    def _parent_tree(self) -> tuple[Dictionary, int]:
        """Return the number tree from /StructParents and /StructParent keys to elements, and the next key."""
        numbers = []
        for index, page in enumerate(self.pages):
            by_mcid = self.page_parents.get(index + 1)
            if by_mcid:
                page.StructParents = index
                numbers += [index, Array([by_mcid.get(mcid) for mcid in range(max(by_mcid) + 1)])]
        for offset, link in enumerate(self.annotation_parents):
            numbers += [len(self.pages) + offset, link]
        return Dictionary(Nums=Array(numbers)), len(self.pages) + len(self.annotation_parents)


def _document_entries(pdf: pikepdf.Pdf, metadata: Metadata) -> None:
    """Set the catalog entries of a tagged PDF and its XMP metadata."""
    root = pdf.Root
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(metadata.language)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    xmp = XMP.format(title=escape(metadata.title), author=escape(metadata.author), subject=escape(metadata.subject),
                     language=escape(metadata.language), keywords=escape(metadata.keywords))
    stream = pikepdf.Stream(pdf, xmp.encode("utf-8"))
    stream.Type, stream.Subtype = Name.Metadata, Name.XML
    root.Metadata = pdf.make_indirect(stream)
