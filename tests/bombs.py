"""Hostile documents for the tests and the fuzz suite: zip and Flate bombs, made in a second or two.

A run of one byte deflates about 1,000 times; instead of compressing gigabytes, a 16 MB run is
compressed once with a full flush (a byte-aligned piece that needs nothing before it) and the
piece is repeated, so a 3 MB XLSX unpacks to 3.2 GB and a 2 MB PDF stream to 2 GB.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pikepdf
from openpyxl import Workbook

RUN = 1 << 24  # 16 MB of one byte, the repeated piece
XLSX_SHEET = "xl/worksheets/sheet1.xml"


def _piece(data: bytes) -> bytes:
    """Return ``data`` deflated (raw, no header) as a full-flushed piece that needs nothing before it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def _final() -> bytes:
    return zlib.compressobj(9, zlib.DEFLATED, -15).flush()


class Deflated:
    """Raw deflate data with the length, CRC-32 (for a zip) and Adler-32 (for zlib) of what it unpacks to."""

    def __init__(self, head: bytes, fill: int, tail: bytes, byte: bytes = b" "):
        self.run, self.repeats = byte * RUN, fill // RUN
        self.parts = (head, byte * (fill - self.repeats * RUN), tail)
        self.data = _piece(head) + _piece(self.run) * self.repeats + _piece(self.parts[1]) + _piece(tail) + _final()
        self.size = len(head) + fill + len(tail)

    def _checksum(self, function) -> int:
        value = function(self.parts[0])
        for _ in range(self.repeats):
            value = function(self.run, value)
        for part in self.parts[1:]:
            value = function(part, value)
        return value

    @property
    def crc(self) -> int:
        return self._checksum(zlib.crc32)

    def zlib_stream(self) -> bytes:
        """Return the data as a zlib stream (what a PDF's FlateDecode holds)."""
        return b"\x78\xda" + self.data + struct.pack(">I", self._checksum(zlib.adler32))


def write_zip(path: Path, members: dict[str, bytes | Deflated]) -> None:
    """Write a zip of ``members`` (plain bytes are deflated here) without zip64: each below 4 GB."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, content in members.items():
        entry = content if isinstance(content, Deflated) else None
        data = entry.data if entry else _piece(content) + _final()
        crc, size = (entry.crc, entry.size) if entry else (zlib.crc32(content), len(content))
        encoded, offset = name.encode(), out.tell()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset) + encoded)
    count, start = len(members), out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central.getvalue()), start, 0))
    path.write_bytes(out.getvalue())


def xlsx_members(rows: list[list]) -> dict[str, bytes]:
    """Return the parts of a real XLSX (openpyxl) holding ``rows``."""
    import zipfile

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {name: package.read(name) for name in package.namelist()}


def xlsx_bomb(path: Path, unpacked: int = 3_200_000_000) -> Path:
    """Write a real scores sheet whose worksheet unpacks to ``unpacked`` bytes (spaces between its rows)."""
    members: dict[str, bytes | Deflated] = dict(xlsx_members([["kommun", "år", "fråga", "poäng"]]))
    sheet = members[XLSX_SHEET]
    cut = sheet.index(b"</sheetData>")
    members[XLSX_SHEET] = Deflated(sheet[:cut], unpacked - len(sheet), sheet[cut:])
    write_zip(path, members)
    return path


def pdf_bomb(path: Path, unpacked: int = 2_000_000_000) -> Path:
    """Write a one-page PDF whose content stream (FlateDecode) unpacks to ``unpacked`` bytes of spaces."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pikepdf.Stream(pdf, Deflated(b"q ", unpacked - 4, b" Q").zlib_stream())
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return path
