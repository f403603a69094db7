"""The document level of the tagged PDF (PDF/UA-1), added to reportlab's document before it is written.

From the writer's tree of ``Node``s and the marked content the ``TaggingCanvas`` recorded this
makes the structure tree (StructTreeRoot, one StructElem per node, marked-content references,
Link elements holding their annotations), the ParentTree (the pages' /StructParents are set by
the canvas), and the catalog entries: /MarkInfo, /ViewerPreferences /DisplayDocTitle and an
XMP packet with dc:title and pdfuaid:part 1 (/Lang comes from the document template).

The elements are written as PDF text by reportlab's own document, in the same pass as the pages:
a thousand small objects built through a PDF library one by one would cost a tenth of the
writer's time.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (LinkAnnotation, PDFDictionary, PDFName, PDFObject, PDFObjectReference, PDFStream,
                                      PDFString)

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


def finish(canvas: TaggingCanvas, root: Node, metadata: Metadata, dest: Path) -> None:
    """Add the structure tree of ``root`` and the document entries to ``canvas``'s document; write it to ``dest``."""
    _Tree(canvas).add(root)
    canvas.setCatalogEntry("MarkInfo", PDFDictionary({"Marked": "true"}))
    canvas.setViewerPreference("DisplayDocTitle", "true")
    xmp = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), _xmp(metadata), filters=[])
    canvas.setCatalogEntry("Metadata", canvas._doc.Reference(xmp))
    canvas._doc.SaveToFile(str(dest), canvas)


class _Raw(PDFObject):
    """A PDF object given as text and references (``_Ref``), formatted when the document is written."""

    def __init__(self, parts: list):
        self.parts = parts

    def format(self, document) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        return "".join(part if type(part) is str else "%d 0 R" % numbers[part.name][0]
                       for part in self.parts).encode("latin-1")


class _Ref:
    """A reference to the object reportlab's document knows by ``name``."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class _Tree:
    """The structure tree of one document, built from the nodes and the canvas's records."""

    def __init__(self, canvas: TaggingCanvas):
        self.canvas = canvas
        self.document = canvas._doc
        self.marks = defaultdict(list)
        for mark in canvas.marks:
            self.marks[mark.node].append(mark)
        self.annotations = defaultdict(list)
        for annotation in canvas.annotations:
            self.annotations[annotation.node].append(annotation)
        self.kept = {}
        self.page_parents: dict[int, dict[int, _Ref]] = defaultdict(dict)  # page -> mcid -> element
        self.links: list[_Ref] = []  # the Link element of each annotation, in key order
        self.pages = canvas.getPageNumber() - 1

    def add(self, root: Node) -> None:
        """Register the structure tree in the document and make it the catalog's /StructTreeRoot."""
        tree = self._reference()
        document = [self._element(root, tree), " "] if self._kept(root) else []
        numbers = []
        for page in sorted(self.page_parents):
            by_mcid = self.page_parents[page]
            numbers += [f"{page - 1}[", *_joined(by_mcid.get(m) for m in range(max(by_mcid) + 1)), "]"]
        for key, link in enumerate(self.links, self.pages):
            numbers += [f"{key} ", link, " "]
        self.document.idToObject[tree.name].parts = [
            "<</Type/StructTreeRoot/K[", *document, "]/ParentTree<</Nums[", *numbers,
            f"]>>/ParentTreeNextKey {self.pages + len(self.links)}>>"]
        self.canvas.setCatalogEntry("StructTreeRoot", PDFObjectReference(tree.name))

    def _reference(self) -> _Ref:
        """Return a reference to a new, empty object, whose parts are set once they are known."""
        return _Ref(self.document.Reference(_Raw([])).name)

    def _kept(self, node: Node) -> bool:
        """Return True if ``node`` drew anything (or is a table cell, which keeps the grid)."""
        if node not in self.kept:
            kept = [self._kept(child) for child in node.kids]
            self.kept[node] = any(kept) or node.role in KEEP_EMPTY or node in self.marks or node in self.annotations
        return self.kept[node]

    def _element(self, node: Node, parent: _Ref) -> _Ref:
        """Return a reference to the element of ``node``, registered with its subtree."""
        reference = self._reference()
        kids = _joined(self._element(child, reference) for child in node.kids if self._kept(child))
        marks = self.marks.get(node, ())
        page = ["/Pg ", _page(marks[0].page)] if marks else []
        for mark in marks:
            self.page_parents[mark.page][mark.mcid] = reference
            kids += [f" {mark.mcid}"] if mark.page == marks[0].page else [
                "<</Type/MCR/Pg ", _page(mark.page), f"/MCID {mark.mcid}>>"]
        for annotation in self.annotations.get(node, ()):
            kids += [" ", self._link(annotation, node, reference)]
        extra = ""
        if node.alt is not None:
            extra += f"/Alt{_text(node.alt)}"
        if node in self.canvas.bboxes:  # a figure's place on its page
            extra += "/A<</O/Layout/BBox[{}]>>".format(" ".join(f"{v:.2f}" for v in self.canvas.bboxes[node]))
        elif node.attributes:
            extra += "/A<<{}>>".format("".join(f"/{key}/{value}" for key, value in node.attributes.items()))
        self.document.idToObject[reference.name].parts = [
            f"<</Type/StructElem/S/{node.role}/P ", parent, *page, f"{extra}/K[", *kids, "]>>"]
        return reference

    def _link(self, annotation, node: Node, parent: _Ref) -> _Ref:
        """Return a new Link element holding ``annotation``, which gets its /StructParent and /Contents."""
        link = self._reference()
        page = _page(annotation.page)
        self.document.idToObject[link.name].parts = [
            "<</Type/StructElem/S/Link/P ", parent, "/Pg ", page, "/K[<</Type/OBJR/Obj ",
            _Ref(annotation.name), "/Pg ", page, ">>]>>"]
        key = self.pages + len(self.links)
        self.links.append(link)
        annot = self.document.idToObject[annotation.name]
        if isinstance(annot, LinkAnnotation):  # a link inside the document: it says where it leads
            annot.permitted = (*annot.permitted, "StructParent")
            annot.otherkw["StructParent"] = key
            annot.Contents = node.text
        else:  # a web address
            annot["StructParent"] = key
            annot["Contents"] = PDFString(annot["A"]["URI"].s)
        return link


def _page(number: int) -> _Ref:
    return _Ref(f"Page{number}")  # the name reportlab's document gives each page


def _joined(references) -> list:
    parts = []
    for reference in references:
        parts += [reference, " "] if reference is not None else ["null "]
    return parts


def _text(value: str) -> str:
    """Return ``value`` as a PDF text string (UTF-16BE with its byte order mark, in hex)."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _xmp(metadata: Metadata) -> bytes:
    """Return the XMP packet: title, author, subject, language and the PDF/UA-1 identification."""
    return XMP.format(title=escape(metadata.title), author=escape(metadata.author), subject=escape(metadata.subject),
                      language=escape(metadata.language), keywords=escape(metadata.keywords)).encode("utf-8")
