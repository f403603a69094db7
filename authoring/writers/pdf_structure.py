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

from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFDictionary, PDFObjectReference, PDFString

from ..model import Metadata
from .pdf_markup import escape
from .pdf_tags import Node, TaggingCanvas

KEEP_EMPTY = {"TH", "TD", "TR"}  # a table keeps its grid even where a cell is empty
PRINT = 4  # an annotation's flag: printed, as the page it lies on (ISO 32000-1 12.5.3)

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
    canvas.setCatalogEntry("Metadata", _metadata_stream(canvas, _xmp(metadata)))
    canvas._doc.SaveToFile(str(dest), canvas)


class _Tree:
    """The structure tree of one document, built from the nodes and the canvas's records.

    reportlab numbers an object when it is registered, so each element is registered first and
    its text, which refers to its parent, its page and its children by number, written after.
    An object is its text as bytes, which reportlab writes as it is.
    """

    def __init__(self, canvas: TaggingCanvas):
        self.canvas = canvas
        self.document = canvas._doc
        self.numbers = self.document.idToObjectNumberAndVersion
        self.marks = defaultdict(list)
        for mark in canvas.marks:
            self.marks[mark.node].append(mark)
        self.annotations = defaultdict(list)
        for annotation in canvas.annotations:
            self.annotations[annotation.node].append(annotation)
        self.kept: dict[Node, bool] = {}
        self.first: dict[Node, tuple[int, int]] = {}  # where a node's content begins: (page, MCID)
        self.page_parents: dict[int, dict[int, int]] = defaultdict(dict)  # page -> mcid -> element number
        self.links: list[int] = []  # the Link element of each annotation, in key order
        self.pages = canvas.getPageNumber() - 1
        self.page_refs = [""] + [f"{self.numbers[f'Page{n}'][0]} 0 R" for n in range(1, self.pages + 1)]

    def add(self, root: Node) -> None:
        """Register the structure tree in the document and make it the catalog's /StructTreeRoot."""
        tree, number = self._object()
        document = f"{self._element(root, number)} 0 R" if self._kept(root) else ""
        nums = []
        for page in sorted(self.page_parents):
            by_mcid = self.page_parents[page]
            refs = " ".join(f"{by_mcid[m]} 0 R" if m in by_mcid else "null" for m in range(max(by_mcid) + 1))
            nums.append(f"{page - 1}[{refs}]")
        nums += [f"{key} {link} 0 R" for key, link in enumerate(self.links, self.pages)]
        self.document.idToObject[tree] = (f"<</Type/StructTreeRoot/K[{document}]/ParentTree<</Nums[{' '.join(nums)}]>>"
                                          f"/ParentTreeNextKey {self.pages + len(self.links)}>>").encode("latin-1")
        self.canvas.setCatalogEntry("StructTreeRoot", PDFObjectReference(tree))

    def _object(self) -> tuple[str, int]:
        """Return the name and number of a new registered object; its text is set later."""
        name = f"KompassStruct{len(self.document.idToObject)}"
        self.document.Reference(b"", name)
        return name, self.numbers[name][0]

    def _kept(self, node: Node) -> bool:
        """Note in ``kept`` whether ``node`` and each node below it drew anything (a table cell is kept
        anyway: it keeps the grid), and in ``first`` where its content begins; return it for ``node``."""
        kept = [self._kept(child) for child in node.kids]
        marks = self.marks.get(node)
        starts = [self.first[child] for child in node.kids if child in self.first]
        if marks:
            starts.append((marks[0].page, marks[0].mcid))
        if starts:
            self.first[node] = min(starts)
        self.kept[node] = any(kept) or node.role in KEEP_EMPTY or bool(marks) or node in self.annotations
        return self.kept[node]

    def _element(self, node: Node, parent: int) -> int:
        """Return the object number of the element of ``node``, registered with its subtree."""
        name, number = self._object()
        page = extra = ""
        marks = self.marks.get(node, ())
        first = marks[0].page if marks else self.first[node][0] if node in self.first else 0
        if first:  # an element without content of its own: the page its first child's content is on
            page = f"/Pg {self.page_refs[first]}"
        kids, pending = [], list(marks)
        for child in node.kids:
            if not self.kept[child]:
                continue
            while pending and child in self.first and (pending[0].page, pending[0].mcid) < self.first[child]:
                kids.append(self._mark(pending.pop(0), number, first))  # its own text before this child's
            kids.append(f"{self._element(child, number)} 0 R")
        kids += [self._mark(mark, number, first) for mark in pending]
        if node in self.annotations:
            kids += [self._annotation(annotation, node, number) for annotation in self.annotations[node]]
        if node.alt is not None:
            extra = f"/Alt{_text(node.alt)}"
            if node in self.canvas.bboxes:  # a figure's place on its page
                extra += "/A<</O/Layout/BBox[{}]>>".format(" ".join(f"{v:.2f}" for v in self.canvas.bboxes[node]))
        elif node.attributes:
            extra = "/A<<{}>>".format("".join(f"/{key}/{value}" for key, value in node.attributes.items()))
        self.document.idToObject[name] = (f"<</Type/StructElem/S/{node.role}/P {parent} 0 R{page}{extra}"
                                          f"/K[{' '.join(kids)}]>>").encode("latin-1")
        return number

    def _mark(self, mark, number: int, first: int) -> str:
        """Return the reference to the marked content ``mark`` of element ``number`` (whose /Pg is ``first``)."""
        self.page_parents[mark.page][mark.mcid] = number
        return str(mark.mcid) if mark.page == first else f"<</Type/MCR/Pg {self.page_refs[mark.page]}/MCID {mark.mcid}>>"

    def _annotation(self, annotation, node: Node, number: int) -> str:
        """Return the reference to ``annotation`` in the element of ``node``: a Link holds it itself
        (beside the text the link shows); an annotation drawn by a flowable without a Link of its own
        gets a Link element around it."""
        if node.role != "Link":
            return f"{self._link(annotation, node, number)} 0 R"
        self._tie(annotation, node, number)
        return self._objr(annotation)

    def _objr(self, annotation) -> str:
        page = self.page_refs[annotation.page]
        return f"<</Type/OBJR/Obj {self.numbers[annotation.name][0]} 0 R/Pg {page}>>"

    def _link(self, annotation, node: Node, parent: int) -> int:
        """Return a new Link element holding ``annotation``."""
        name, number = self._object()
        page = self.page_refs[annotation.page]
        self.document.idToObject[name] = (f"<</Type/StructElem/S/Link/P {parent} 0 R/Pg {page}"
                                          f"/K[{self._objr(annotation)}]>>").encode("latin-1")
        self._tie(annotation, node, number)
        return number

    def _tie(self, annotation, node: Node, link: int) -> None:
        """Give ``annotation`` its /StructParent (the Link element ``link``), its /Contents (where it
        leads: ``node.text``, else the web address) and the print flag (a link is part of the page)."""
        key = self.pages + len(self.links)
        self.links.append(link)
        annot = self.document.idToObject[annotation.name]
        if isinstance(annot, LinkAnnotation):  # a link inside the document
            annot.permitted = (*annot.permitted, "StructParent")
            annot.otherkw["StructParent"] = key
            annot.otherkw["F"] = PRINT
            annot.Contents = node.text
        else:  # a web address
            annot["StructParent"] = key
            annot["F"] = PRINT
            annot["Contents"] = PDFString(node.text or annot["A"]["URI"].s)


def _metadata_stream(canvas: TaggingCanvas, xmp: bytes) -> PDFObjectReference:
    """Return a reference to a new metadata stream holding ``xmp`` as it is: no /Filter at all (reportlab
    writes an empty ``/Filter []`` for a stream without filters, which validators read as broken XMP)."""
    name = "KompassMetadata"
    canvas._doc.Reference(b"", name)
    canvas._doc.idToObject[name] = (b"<</Type/Metadata/Subtype/XML/Length %d>>\nstream\n" % len(xmp)) + xmp + \
        b"\nendstream"
    return PDFObjectReference(name)


def _text(value: str) -> str:
    """Return ``value`` as a PDF text string (UTF-16BE with its byte order mark, in hex)."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _xmp(metadata: Metadata) -> bytes:
    """Return the XMP packet: title, author, subject, language and the PDF/UA-1 identification."""
    return XMP.format(title=escape(metadata.title), author=escape(metadata.author), subject=escape(metadata.subject),
                      language=escape(metadata.language), keywords=escape(metadata.keywords)).encode("utf-8")
