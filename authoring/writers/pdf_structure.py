"""The document level of the tagged PDF (PDF/UA-1), added with pikepdf to what reportlab drew.

From the writer's tree of ``Node``s and the marked content the ``TaggingCanvas`` recorded this
makes the structure tree (StructTreeRoot, one StructElem per node, marked-content references,
Link elements holding their annotations), the ParentTree with each page's /StructParents, and
the catalog entries: /MarkInfo, /Lang, /ViewerPreferences /DisplayDocTitle and an XMP packet
with dc:title and pdfuaid:part 1.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Dictionary, Name, String

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
    """Write the PDF ``data`` drawn on ``canvas`` to ``dest`` with its structure tree and document entries.

    The structure elements (a thousand small dictionaries) are appended to reportlab's output as
    one incremental update written as text, which qpdf reads in one go; the few entries of
    existing objects (catalog, pages, link annotations) are then set with pikepdf.
    """
    tree = _Tree(canvas)
    update, tree_root, xmp = tree.update(data, root, _xmp(metadata))
    with pikepdf.open(io.BytesIO(data + update)) as pdf:
        pdf.Root.StructTreeRoot = pdf.get_object((tree_root, 0))
        pdf.Root.Metadata = pdf.get_object((xmp, 0))
        tree.link_pages(pdf)
        _document_entries(pdf, metadata)
        # Object streams hold the many small structure elements; reportlab's streams are already
        # compressed, and recompressing them would cost more time than it saves bytes.
        pdf.save(dest, deterministic_id=True, compress_streams=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)


class _Tree:
    """The structure tree of one PDF as PDF objects, built from the nodes and the canvas's records."""

    def __init__(self, canvas: TaggingCanvas):
        self.canvas = canvas
        self.pages = canvas.page_objects
        self.marks = defaultdict(list)
        for mark in canvas.marks:
            self.marks[mark.node].append(mark)
        self.annotations = defaultdict(list)
        for annotation in canvas.annotations:
            self.annotations[annotation.node].append(annotation)
        self.page_parents: dict[int, dict[int, int]] = defaultdict(dict)  # page -> mcid -> element number
        self.links: list[tuple[int, object]] = []  # (Link element number, annotation), in key order
        self.objects: list[str | bytes] = []
        self.next = 0

    def update(self, data: bytes, root: Node, xmp: bytes) -> tuple[bytes, int, int]:
        """Return the incremental update to ``data`` that holds the structure tree and the ``xmp`` metadata
        stream, the tree root's number and the stream's."""
        trailer = data[data.rindex(b"trailer"):].decode("latin-1")
        size = int(re.search(r"/Size (\d+)", trailer).group(1))
        previous = int(re.search(r"startxref\s+(\d+)", trailer).group(1))
        self.next = size
        tree_root = self._number()
        self.objects.append("")  # the tree root, written when the parent tree is known
        document = self._element(root, tree_root) if self._kept(root) else None
        parent_tree = self._number()
        self.objects.append(self._parent_tree())
        metadata = self._number()
        self.objects.append(f"<</Type/Metadata/Subtype/XML/Length {len(xmp)}>>\nstream\n".encode("latin-1") + xmp
                            + b"\nendstream")
        kids = f"{document} 0 R" if document else ""
        self.objects[0] = (f"<</Type/StructTreeRoot/K[{kids}]/ParentTree {parent_tree} 0 R"
                           f"/ParentTreeNextKey {len(self.pages) + len(self.links)}>>")
        body, offsets = [], []
        position = len(data)
        for number, text in enumerate(self.objects, size):
            content = text if isinstance(text, bytes) else text.encode("latin-1")
            chunk = f"{number} 0 obj\n".encode("latin-1") + content + b"\nendobj\n"
            offsets.append(position)
            body.append(chunk)
            position += len(chunk)
        keys = " ".join(re.findall(r"/(?:Root|Info) \d+ 0 R", trailer))
        xref = "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
        tail = (f"xref\n{size} {len(offsets)}\n{xref}trailer\n<</Size {size + len(offsets)} {keys} /Prev {previous}>>\n"
                f"startxref\n{position}\n%%EOF\n")
        return b"".join(body) + tail.encode("latin-1"), tree_root, metadata

    def link_pages(self, pdf: pikepdf.Pdf) -> None:
        """Give each page with marked content its /StructParents, each link its /StructParent and /Contents."""
        pages = pdf.pages
        for page in self.page_parents:
            pages[page - 1].obj.StructParents = page - 1
        for key, (_, annotation) in enumerate(self.links, len(self.pages)):
            page = pages[annotation.page - 1].obj
            annot = page.Annots[annotation.index]
            annot.StructParent = key
            target = annot.A.get("/URI") if "/A" in annot else None
            annot.Contents = String(str(target) if target is not None else annotation.node.text)
            page.Tabs = Name.S

    def _number(self) -> int:
        self.next += 1
        return self.next - 1

    def _kept(self, node: Node) -> bool:
        """Return True if ``node`` drew anything (or is a table cell, which keeps the grid)."""
        kept = node.role in KEEP_EMPTY or node in self.marks or node in self.annotations
        return any([self._kept(child) for child in node.kids]) or kept

    def _element(self, node: Node, parent: int) -> int:
        """Return the object number of the element of ``node``, written with its subtree."""
        number = self._number()
        index = len(self.objects)
        self.objects.append("")
        kids = [f"{self._element(child, number)} 0 R" for child in node.kids if self._kept(child)]
        marks = self.marks.get(node, ())
        page = f"/Pg {self.pages[marks[0].page - 1]} 0 R" if marks else ""
        for mark in marks:
            self.page_parents[mark.page][mark.mcid] = number
            kids.append(str(mark.mcid) if mark.page == marks[0].page else
                        f"<</Type/MCR/Pg {self.pages[mark.page - 1]} 0 R/MCID {mark.mcid}>>")
        kids += [self._link(annotation, number) for annotation in self.annotations.get(node, ())]
        extra = ""
        if node.alt is not None:
            extra += f"/Alt{_text(node.alt)}"
        if node in self.canvas.bboxes:  # a figure's place on its page
            extra += "/A<</O/Layout/BBox[{}]>>".format(" ".join(f"{v:.2f}" for v in self.canvas.bboxes[node]))
        elif node.attributes:
            extra += "/A<<{}>>".format("".join(f"/{key}/{value}" for key, value in node.attributes.items()))
        self.objects[index] = f"<</Type/StructElem/S/{node.role}/P {parent} 0 R{page}{extra}/K[{' '.join(kids)}]>>"
        return number

    def _link(self, annotation, parent: int) -> str:
        """Return a reference to a new Link element holding ``annotation``."""
        number = self._number()
        page = self.pages[annotation.page - 1]
        annot = self.canvas.object_numbers[annotation.name]
        self.objects.append(f"<</Type/StructElem/S/Link/P {parent} 0 R/Pg {page} 0 R"
                            f"/K[<</Type/OBJR/Obj {annot} 0 R/Pg {page} 0 R>>]>>")
        self.links.append((number, annotation))
        return f"{number} 0 R"

    def _parent_tree(self) -> str:
        """Return the number tree from /StructParents and /StructParent keys to elements."""
        numbers = []
        for page in sorted(self.page_parents):
            by_mcid = self.page_parents[page]
            refs = " ".join(f"{by_mcid[m]} 0 R" if m in by_mcid else "null" for m in range(max(by_mcid) + 1))
            numbers.append(f"{page - 1}[{refs}]")
        numbers += [f"{key} {number} 0 R" for key, (number, _) in enumerate(self.links, len(self.pages))]
        return f"<</Nums[{' '.join(numbers)}]>>"


def _text(value: str) -> str:
    """Return ``value`` as a PDF text string (UTF-16BE with its byte order mark, in hex)."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def _document_entries(pdf: pikepdf.Pdf, metadata: Metadata) -> None:
    """Set the catalog entries of a tagged PDF."""
    root = pdf.Root
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(metadata.language)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def _xmp(metadata: Metadata) -> bytes:
    """Return the XMP packet: title, author, subject, language and the PDF/UA-1 identification."""
    return XMP.format(title=escape(metadata.title), author=escape(metadata.author), subject=escape(metadata.subject),
                      language=escape(metadata.language), keywords=escape(metadata.keywords)).encode("utf-8")
