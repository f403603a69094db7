"""The DOCX's charts still to come (``media.LateMedia``): laid out with the guess of their size,
their own image put in once it is here, or else the document is made again (``docx.Prepared``)."""

from __future__ import annotations

import io
import struct
import zlib

from docx.parts.image import ImagePart

from ..media import LateMedia

IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # a PNG's last chunk


def add_chart(run, media: dict[str, bytes], key: str, width: int):
    """Add the picture of chart ``key`` to ``run``, ``width`` wide; return its image part if the image
    is still to come (laid out with its guess, whose bytes are in the part until ``put_late``), else None."""
    guess = media.guess(key) if isinstance(media, LateMedia) else None
    if guess is None or not guess.endswith(IEND):
        run.add_picture(io.BytesIO(media[key]), width=width)
        return None
    marked = _marked(guess, key)  # a part of its own: python-docx makes one part of equal images
    run.add_picture(io.BytesIO(marked), width=width)
    return run.part.related_parts[run.part.get_or_add_image(io.BytesIO(marked))[0]]


def put_late(late: dict[str, ImagePart], media: dict[str, bytes], document) -> bool:
    """Put the late images of ``media`` (waited for) into their ``late`` parts; return False if one is
    not of its guess's size, or equals another image (python-docx would have made them one part)."""
    for key, part in late.items():
        shown = part.image
        part._blob, part._image = media[key], None  # python-docx's ImagePart keeps its bytes and header there
        if _size(part.image) != _size(shown):
            return False
    images = [part for part in document.part.package.parts if isinstance(part, ImagePart)]
    return len({part.sha1 for part in images}) == len(images)


def _marked(png: bytes, key: str) -> bytes:
    """Return ``png`` with a text chunk naming ``key`` before its end."""
    body = b"Kompass\x00" + key.encode("utf-8")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return png[:-len(IEND)] + chunk + IEND


def _size(image) -> tuple:
    """Return what python-docx sizes a picture by: its pixels and resolution."""
    return image.px_width, image.px_height, image.horz_dpi, image.vert_dpi
