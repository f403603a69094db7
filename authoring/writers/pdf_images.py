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
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFImageXObject, PDFName, PDFStream
from reportlab.platypus import Flowable, Image

from ..media import LateMedia

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


def image_flowable(data: bytes, width: float, align: str, name: str | None = None) -> Flowable:
    """Return a flowable drawing the image ``data`` ``width`` wide, keeping its proportions (a
    pass-through PNG as the XObject ``name``, by default one named by its bytes)."""
    png = parse_png(data)
    if png is None:
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as image:
            pixels_w, pixels_h = image.size
        picture = Image(io.BytesIO(data), width=width, height=width * pixels_h / pixels_w)
    else:
        picture = PngImage(png, width, width * png.height / png.width, name)
    picture.hAlign = align
    return picture


def media_image(media: dict[str, bytes], key: str, width: float, align: str, wrong: list[str]) -> Flowable:
    """Return ``image_flowable`` of the image ``key`` of ``media``, its XObject named by ``key``. An
    image still to come (a ``LateMedia``) is laid out with the size of its guess and waited for only
    when the document is saved; if it is of another size, its key is added to ``wrong``."""
    name = "png" + hashlib.sha1(key.encode("utf-8")).hexdigest()
    guess = media.guess(key) if isinstance(media, LateMedia) else None
    png = parse_png(guess) if guess is not None else None
    if png is None:
        return image_flowable(media[key], width, align, name)
    picture = LatePngImage(media, key, png, width, name, wrong)
    picture.hAlign = align
    return picture


class _PngXObject(PDFImageXObject):
    """An image XObject whose stream is the PNG's compressed data, decoded by the PNG predictors
    (``image()``: asked for when the document is saved)."""

    def __init__(self, name: str, image: Callable[[], Png]):
        super().__init__(name)
        self.image = image
        self.bitsPerComponent, self.mask = 8, None

    def format(self, document):
        png = self.image()
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

    def __init__(self, png: Png, width: float, height: float, name: str | None = None):
        super().__init__()
        self.png = png
        self.drawWidth, self.drawHeight = width, height
        self.name = name or f"png{png.digest}"

    def wrap(self, available_width, available_height):
        return self.drawWidth, self.drawHeight

    def image(self) -> Png:
        return self.png

    def draw(self) -> None:
        canvas = self.canv
        name = self.name
        registered = canvas._doc.getXObjectName(name)
        if registered not in canvas._doc.idToObject:  # the same steps as reportlab's Canvas.drawImage
            xobject = _PngXObject(name, self.image)
            canvas._setXObjects(xobject)
            canvas._doc.Reference(xobject, registered)
            canvas._doc.addForm(name, xobject)
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.scale(self.drawWidth, self.drawHeight)
        canvas._code.append(f"/{registered} Do")
        canvas.restoreState()
        canvas._formsinuse.append(name)


class LatePngImage(PngImage):
    """A ``PngImage`` of an image still to come, laid out and drawn with the size of a guess: the
    image is waited for when the document is saved. If it is of another size, its key is added to
    ``wrong`` (and the guess saved), for the document to be laid out again."""

    def __init__(self, media: LateMedia, key: str, guess: Png, width: float, name: str, wrong: list[str]):
        super().__init__(guess, width, width * guess.height / guess.width, name)
        self.media, self.key, self.wrong = media, key, wrong

    def image(self) -> Png:
        png = parse_png(self.media[self.key])
        if png is None or (png.width, png.height) != (self.png.width, self.png.height):
            self.wrong.append(self.key)
            return self.png
        return png
