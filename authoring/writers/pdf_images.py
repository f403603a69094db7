"""PNG images in the PDF without decoding them: the PNG's own compressed data becomes the image stream.

A PNG's IDAT data is a zlib stream of rows, each prefixed by its filter byte; PDF's FlateDecode
with ``/Predictor 15`` reads exactly that. So an 8-bit, non-interlaced RGB or grey PNG can be
embedded as it is: no decode, no re-compression, no ASCII85, in either layout pass of the
document. Any other PNG (palette, alpha, 16-bit, interlaced) is left to reportlab's own Image.
"""

from __future__ import annotations

import hashlib
import io
import struct
from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFImageXObject, PDFName, PDFStream
from reportlab.platypus import Flowable, Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOURS = {0: (1, "DeviceGray"), 2: (3, "DeviceRGB")}  # PNG colour type -> components, PDF colour space


@dataclass(frozen=True)
class Png:
    """The parts of a PNG a PDF image stream needs."""

    width: int
    height: int
    components: int
    colour_space: str
    data: bytes  # the concatenated IDAT chunks
    digest: str


def parse_png(data: bytes) -> Png | None:
    """Return ``data`` as a Png that can pass through, or None when it must be decoded."""
    if not data.startswith(SIGNATURE):
        return None
    position, header, chunks = len(SIGNATURE), None, []
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if len(body) != length:
            return None
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind in (b"PLTE", b"tRNS"):
            return None
        elif kind == b"IEND":
            break
        position += 12 + length
    if header is None or not chunks:
        return None
    width, height, depth, colour_type, _compression, _filter, interlace = header
    if depth != 8 or interlace or colour_type not in COLOURS:
        return None
    components, space = COLOURS[colour_type]
    return Png(width, height, components, space, b"".join(chunks), hashlib.sha1(data).hexdigest())


def image_flowable(data: bytes, width: float, align: str) -> Flowable:
    """Return a flowable drawing the image ``data`` ``width`` wide, keeping its proportions."""
    png = parse_png(data)
    if png is None:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as image:
            pixels_w, pixels_h = image.size
        picture = Image(io.BytesIO(data), width=width, height=width * pixels_h / pixels_w)
    else:
        picture = PngImage(png, width, width * png.height / png.width)
    picture.hAlign = align
    return picture


class _PngXObject(PDFImageXObject):
    """An image XObject whose stream is the PNG's compressed data, decoded by the PNG predictors."""

    def __init__(self, name: str, png: Png):
        super().__init__(name)
        self.png = png
        self.width, self.height = png.width, png.height
        self.bitsPerComponent, self.colorSpace, self.mask = 8, png.colour_space, None

    def format(self, document):
        png = self.png
        stream = PDFStream(content=png.data)
        entries = stream.dictionary
        entries["Type"], entries["Subtype"] = PDFName("XObject"), PDFName("Image")
        entries["Width"], entries["Height"] = png.width, png.height
        entries["BitsPerComponent"], entries["ColorSpace"] = 8, PDFName(png.colour_space)
        entries["Filter"] = PDFName("FlateDecode")  # a name, not an array: DecodeParms then is one dictionary
        entries["DecodeParms"] = PDFDictionary({"Predictor": 15, "Colors": png.components, "BitsPerComponent": 8,
                                                "Columns": png.width})
        return stream.format(document)


class PngImage(Flowable):
    """A fixed-size image from a pass-through PNG; drawn once per document however often it is laid out."""

    def __init__(self, png: Png, width: float, height: float):
        super().__init__()
        self.png = png
        self.drawWidth, self.drawHeight = width, height

    def wrap(self, available_width, available_height):
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        canvas = self.canv
        name = f"png{self.png.digest}"
        registered = canvas._doc.getXObjectName(name)
        if registered not in canvas._doc.idToObject:  # the same steps as reportlab's Canvas.drawImage
            xobject = _PngXObject(name, self.png)
            canvas._setXObjects(xobject)
            canvas._doc.Reference(xobject, registered)
            canvas._doc.addForm(name, xobject)
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.scale(self.drawWidth, self.drawHeight)
        canvas._code.append(f"/{registered} Do")
        canvas.restoreState()
        canvas._formsinuse.append(name)
