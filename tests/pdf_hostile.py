"""Hostile PDFs for ``kompass check-pdf``: a small tagged PDF and the ways a file can attack a checker.

``tagged()`` makes a one-page tagged PDF (structure tree, ParentTree, a font, a link, XMP) in a few
milliseconds; each function in ``HOSTILE`` changes it in one hostile way. The tests and the fuzz
suite use both.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .bombs import Deflated

XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
       b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
       b'pdfuaid:part="1"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Rapport</rdf:li></rdf:Alt>'
       b'</dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
CONTENT = (b"/H1 <</MCID 0>> BDC BT /F1 12 Tf 72 720 Td (Rubrik) Tj ET EMC "
           b"/P <</MCID 1>> BDC BT /F1 10 Tf 72 700 Td (Text) Tj ET EMC "
           b"/Artifact BMC 0 0 m 10 10 l S EMC")


def tagged() -> pikepdf.Pdf:
    """Return a one-page tagged PDF: Document > H1, P, Table > TR > TH; a Link with its annotation."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                                        Encoding=Name.WinAnsiEncoding))
    page.Resources = Dictionary(Font=Dictionary(F1=font))
    page.Contents = pdf.make_stream(CONTENT)
    page.StructParents = 0
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    h1 = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.H1, P=document, Pg=page, K=0))
    p = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=document, Pg=page, K=1))
    table = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Table, P=document))
    row = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TR, P=table))
    th = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.TH, P=row, A=Dictionary(O=Name.Table,
                                                                                           Scope=Name.Column)))
    link = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=document, Alt=String("Länk")))
    annot = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[72, 600, 200, 620],
                                         StructParent=1, Contents=String("Till webben"), P=page))
    link.K = Array([Dictionary(Type=Name.OBJR, Obj=annot)])
    row.K, table.K = Array([th]), Array([row])
    document.K = Array([h1, p, table, link])
    root.K = document
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([0, Array([h1, p]), 1, link])))
    page.Annots = Array([annot])
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("sv-SE")
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.Root.Metadata = pdf.make_stream(XMP, Type=Name.Metadata, Subtype=Name.XML)
    return pdf


def _elements(pdf: pikepdf.Pdf) -> list:
    document = pdf.Root.StructTreeRoot.K
    return [document, *document.K]


def cyclic_tree(pdf):
    document = pdf.Root.StructTreeRoot.K
    document.K.append(document)  # the Document is its own child


def deep_tree(pdf, depth: int = 5_000):
    parent = pdf.Root.StructTreeRoot.K
    for _ in range(depth):
        child = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Div, P=parent))
        parent.K = Array([child])
        parent = child


def cyclic_parent_tree(pdf):
    tree = pdf.Root.StructTreeRoot.ParentTree
    tree.Kids = Array([tree])


def deep_parent_tree(pdf, depth: int = 5_000):
    node = pdf.Root.StructTreeRoot.ParentTree
    for _ in range(depth):
        kid = pdf.make_indirect(Dictionary(Nums=Array([])))
        node.Kids = Array([kid])
        node = kid


def junk_fonts(pdf):
    page = pdf.pages[0].obj
    page.Resources.Font = Dictionary(F1=5, F2=Array([]), F3=Dictionary(Subtype=Name.Type0, DescendantFonts=Array([])),
                                     F4=Dictionary(Subtype=Name.Type0, DescendantFonts=7), F5=String("x"))
    page.Resources.XObject = Dictionary(X1=3, X2=Dictionary(Subtype=Name.Form))


def junk_font_dictionary(pdf):
    pdf.pages[0].obj.Resources.Font = 42


def junk_annots(pdf):
    pdf.pages[0].obj.Annots = Array([5, Name.Foo, Dictionary(Subtype=Name.Link, StructParent=Name.X), Array([1])])


def annots_not_an_array(pdf):
    pdf.pages[0].obj.Annots = Dictionary(Subtype=Name.Link)


def junk_numbers(pdf):
    pdf.pages[0].obj.StructParents = Name.Zero
    pdf.Root.StructTreeRoot.ParentTree.Nums = Array([Name.A, 1, String("x"), Array([]), 2.5, 3])
    pdf.pages[0].obj.Contents = pdf.make_stream(b"/P <</MCID /x>> BDC 0 0 m S EMC /P <</MCID 99999999999>> BDC EMC")


def junk_catalog(pdf):
    pdf.Root.MarkInfo = 3
    pdf.Root.ViewerPreferences = Array([1])
    pdf.Root.StructTreeRoot.RoleMap = Array([Name.P])
    pdf.Root.Lang = Dictionary()
    pdf.Root.StructTreeRoot.K.K[0].Pg = 7
    pdf.Root.StructTreeRoot.K.K[2].K[0].K[0].A = 5


def long_role_map(pdf, length: int = 3_000):
    roles = {f"/R{n}": Name(f"/R{n + 1}") for n in range(length)}
    pdf.Root.StructTreeRoot.RoleMap = Dictionary(roles)
    for element in _elements(pdf):
        element.S = Name.R0


def deep_forms(pdf, depth: int = 3_000):
    resources = pdf.pages[0].obj.Resources
    for _ in range(depth):
        form = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 1, 1],
                               Resources=Dictionary())
        resources.XObject = Dictionary(X=form)
        resources = form.Resources


def metadata_bomb(pdf, unpacked: int = 1_000_000_000):
    stream = pdf.make_stream(Deflated(b"<x>", unpacked, b"</x>").zlib_stream())  # untyped: qpdf would unpack XMP
    stream.Filter = Name.FlateDecode
    pdf.Root.Metadata = stream


def content_bomb(pdf, unpacked: int = 2_000_000_000):
    stream = pdf.make_stream(Deflated(b"q ", unpacked, b" Q").zlib_stream())
    stream.Filter = Name.FlateDecode
    pdf.pages[0].obj.Contents = stream


def many_operators(pdf, count: int = 3_000_000):
    pdf.pages[0].obj.Contents = pdf.make_stream(b"n\n" * count)  # 6 MB, parsed whole: 1.7 GB


def shared_content(pdf, pages: int = 2_000):
    big = pdf.make_stream(Deflated(b"", 40_000_000, b"").zlib_stream())
    big.Filter = Name.FlateDecode
    pdf.pages[0].obj.Contents = Array([big] * pages)


HOSTILE = {f.__name__: f for f in (cyclic_tree, deep_tree, cyclic_parent_tree, deep_parent_tree, junk_fonts,
                                   junk_font_dictionary, junk_annots, annots_not_an_array, junk_numbers,
                                   junk_catalog, long_role_map, deep_forms, metadata_bomb, content_bomb,
                                   many_operators, shared_content)}


def write(pdf: pikepdf.Pdf, path: Path) -> Path:
    """Save ``pdf`` to ``path`` as it is (streams not recompressed, no object streams); return ``path``."""
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none,
             object_stream_mode=pikepdf.ObjectStreamMode.disable, fix_metadata_version=False)
    return path


def encrypted(path: Path, user: str = "hemligt", owner: str = "ägare") -> Path:
    """Write the tagged PDF encrypted (AES-256) with a user password: it cannot be opened without it."""
    tagged().save(path, encryption=pikepdf.Encryption(user=user, owner=owner, R=6))
    return path


def lzw_bomb_data(unpacked: int) -> bytes:
    """Return LZW data (PDF's variant) that decodes to about ``unpacked`` bytes: each code is the
    previous string plus one byte, 1 + 2 + ... + 3,838 bytes per table, then a clear code."""
    bits, value, out, total = 0, 0, bytearray(), 0

    def put(code: int, width: int) -> None:
        nonlocal bits, value
        value, bits = (value << width) | code, bits + width
        while bits >= 8:
            bits -= 8
            out.append((value >> bits) & 0xFF)
            value &= (1 << bits) - 1

    width = 9
    while total < unpacked:
        put(256, width)
        put(ord("a"), 9)
        total += 1
        for size in range(258, 4096):  # the table holds size entries when this code is read
            width = min(12, (size + 1).bit_length())
            put(size, width)
            total += size - 256
            width = min(12, (size + 2).bit_length())
            if total >= unpacked:
                break
    put(257, width)
    return bytes(out) + (bytes([value << (8 - bits)]) if bits else b"")


def lzw_content_bomb(pdf, unpacked: int = 2_000_000_000):
    stream = pdf.make_stream(lzw_bomb_data(unpacked))
    stream.Filter = Name.LZWDecode
    pdf.pages[0].obj.Contents = stream


HOSTILE["lzw_content_bomb"] = lzw_content_bomb


def object_stream_bomb(path: Path, unpacked: int = 2_000_000_000) -> Path:
    """Write a PDF whose catalog lies in an object stream that unpacks to ``unpacked`` bytes (written by
    hand: qpdf rewrites object streams when it saves)."""
    catalog = b"3 0 <</Type/Catalog/Pages 1 0 R>>"
    packed = Deflated(catalog, unpacked - len(catalog), b"").zlib_stream()
    objects = {1: b"<</Type/Pages/Kids[2 0 R]/Count 1>>", 2: b"<</Type/Page/Parent 1 0 R/MediaBox[0 0 10 10]>>",
               4: b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(packed) + packed
               + b"\nendstream"}
    out, offsets = bytearray(b"%PDF-1.5\n"), {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[5] = len(out)
    rows = [(0, 0, 65535), (1, offsets[1], 0), (1, offsets[2], 0), (2, 4, 0), (1, offsets[4], 0), (1, offsets[5], 0)]
    table = b"".join(bytes([kind]) + value.to_bytes(4, "big") + extra.to_bytes(2, "big") for kind, value, extra in rows)
    out += (b"5 0 obj\n<</Type/XRef/Size 6/W[1 4 2]/Root 3 0 R/Length %d>>stream\n" % len(table) + table
            + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[5])
    path.write_bytes(bytes(out))
    return path
