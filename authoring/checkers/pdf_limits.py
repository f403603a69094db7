"""How much of a PDF ``kompass check-pdf`` unpacks and reads: every limit that keeps a hostile file small.

A stream is measured before qpdf decodes it: its filters are run here with a cap (Flate through
``zlib.decompressobj`` with ``max_length``, LZW counted code by code), so a 2 MB file whose page
content unpacks to gigabytes is refused after ``MAX_STREAM_BYTES``, not after it filled the memory.
Page content is parsed token by token within ``MAX_CONTENT_BYTES`` for the whole file (a stream
that a thousand pages share counts a thousand times). qpdf's own decoding limits guard what it
unpacks by itself (cross-reference and object streams, which it reads while it opens the file).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from contextlib import contextmanager

import pikepdf
from pikepdf import Array, Name, Stream
from pikepdf.settings import set_qpdf_limits

MAX_STREAM_BYTES = 64_000_000  # one stream unpacked (a dense map page is a few MB)
MAX_CONTENT_BYTES = 32_000_000  # all page content parsed, repeats included (a 300-page report: about 10 MB)
MAX_ELEMENTS = 500_000  # structure elements, ParentTree entries and resource dictionaries, each
CHUNK = 1 << 20


class TooLarge(Exception):
    """A part of the PDF exceeds what check-pdf reads; the message (Swedish) says which."""


@contextmanager
def qpdf_limits():
    """Cap what qpdf itself unpacks per stream while inside (process-wide settings, put back after)."""
    previous = set_qpdf_limits(flate_max_memory=MAX_STREAM_BYTES, png_max_memory=MAX_STREAM_BYTES,
                               run_length_max_memory=MAX_STREAM_BYTES, tiff_max_memory=MAX_STREAM_BYTES,
                               dct_max_memory=MAX_STREAM_BYTES)
    try:
        yield
    finally:
        set_qpdf_limits(**previous)


def check_object_streams(pdf: pikepdf.Pdf) -> None:
    """Raise TooLarge if an object stream (which qpdf unpacks whole to read one object) is too large."""
    containers = {entry.obj_stream_number for entry in pdf.get_xref_table().values() if entry.type == 2}
    for number in sorted(containers):
        stream = pdf.get_object((number, 0))
        if isinstance(stream, Stream):
            decoded_size(stream, f"objektströmmen {number}")


class Budget:
    """What page content may still be parsed; each stream is measured once."""

    def __init__(self):
        self.left = MAX_CONTENT_BYTES
        self.sizes: dict[tuple[int, int], int] = {}

    def spend(self, page: pikepdf.Page, number: int) -> None:
        """Measure the content streams of ``page`` (number ``number``); raise TooLarge beyond the budget."""
        contents = page.obj.get("/Contents")
        streams = contents if isinstance(contents, Array) else [contents]
        for stream in streams:
            if not isinstance(stream, Stream):
                continue
            key = stream.objgen
            if key not in self.sizes or key == (0, 0):
                self.sizes[key] = decoded_size(stream, f"sidan {number}")
            self.left -= self.sizes[key]
            if self.left < 0:
                raise TooLarge(f"sidan {number}: sidornas innehåll packas upp till mer än {MAX_CONTENT_BYTES} byte "
                               "tillsammans, mer än check-pdf läser")


def decoded_size(stream: Stream, where: str) -> int:
    """Return how many bytes ``stream`` decodes to; raise TooLarge beyond ``MAX_STREAM_BYTES``."""
    filters, data = _filters(stream), stream.read_raw_bytes()
    for index, name in enumerate(filters):
        last = index == len(filters) - 1
        if name == "/LZWDecode" and index > 0:
            raise TooLarge(f"{where}: LZWDecode efter ett annat filter går inte att packa upp säkert")
        decoder = DECODERS.get(name)
        if decoder is None:
            return len(data)  # not unpacked by qpdf here (e.g. DCTDecode): its size as stored
        result = decoder(data, MAX_STREAM_BYTES + 1, last)
        size = result if isinstance(result, int) else len(result)
        if size > MAX_STREAM_BYTES:
            raise TooLarge(f"{where}: en ström packas upp till mer än {MAX_STREAM_BYTES} byte (en "
                           "dekomprimeringsbomb?), mer än check-pdf läser")
        if last:
            return size
        data = result
    return len(data)


def _filters(stream: Stream) -> list[str]:
    value = stream.get("/Filter")
    items = value if isinstance(value, Array) else [value] if value is not None else []
    if len(items) > 25:
        raise TooLarge("en ström har fler än 25 filter")
    return [str(item) if isinstance(item, Name) else "?" for item in items]


def _flate(data: bytes, cap: int, count_only: bool) -> bytes | int:
    """Return the inflated ``data`` (or its length), stopping after ``cap`` bytes; damaged data ends it."""
    inflater = zlib.decompressobj()
    parts, size, pending = [], 0, data
    try:
        while pending and size < cap:
            chunk = inflater.decompress(pending, min(CHUNK, cap - size))
            pending = inflater.unconsumed_tail
            size += len(chunk)
            if not count_only:
                parts.append(chunk)
            if not chunk and not pending:
                break
    except zlib.error:
        pass  # qpdf, too, stops at damaged data
    return size if count_only else b"".join(parts)


def _lzw(data: bytes, cap: int, count_only: bool) -> bytes | int:
    """Return the LZW-decoded ``data`` (PDF's variant, EarlyChange 1) or its length, up to ``cap`` bytes."""
    table: list[bytes | int] = [bytes([n]) if not count_only else 1 for n in range(256)] + [b"", b""]
    out, size, previous, width, bits, value = [], 0, None, 9, 0, 0
    for byte in data:
        value, bits = (value << 8) | byte, bits + 8
        while bits >= width:
            bits -= width
            code, value = value >> bits, value & ((1 << bits) - 1)
            if code == 257:
                return size if count_only else b"".join(out)
            if code == 256:
                table, previous, width = table[:258], None, 9
                continue
            if code < len(table):
                entry = table[code]
            elif code == len(table) and previous is not None:
                entry = _extend(previous, previous, count_only)
            else:
                return size if count_only else b"".join(out)  # damaged: stop, as qpdf does
            if previous is not None and len(table) < 4096:
                table.append(_extend(previous, entry, count_only))
            previous = entry
            size += entry if count_only else len(entry)
            if not count_only:
                out.append(entry)
            if size >= cap:
                return size if count_only else b"".join(out)
            width = min(12, max(9, (len(table) + 1).bit_length()))
    return size if count_only else b"".join(out)


def _extend(previous, entry, count_only: bool):
    return previous + 1 if count_only else previous + entry[:1]


def _run_length(data: bytes, cap: int, count_only: bool) -> bytes | int:
    out, size, index = bytearray(), 0, 0
    while index < len(data) and data[index] != 128 and size < cap:
        length = data[index]
        if length < 128:
            piece = data[index + 1:index + 2 + length]
            index += 2 + length
        else:
            piece = data[index + 1:index + 2] * (257 - length)
            index += 2
        size += len(piece)
        if not count_only:
            out += piece
    return size if count_only else bytes(out)


def _hex(data: bytes, cap: int, count_only: bool) -> bytes:
    digits = re.sub(rb"\s", b"", data.split(b">", 1)[0])
    try:
        return binascii.unhexlify(digits + b"0" * (len(digits) % 2))
    except binascii.Error:
        return b""


def _ascii85(data: bytes, cap: int, count_only: bool) -> bytes:
    text = re.sub(rb"\s", b"", data.split(b"~>", 1)[0])
    try:
        return base64.a85decode(text)
    except ValueError:
        return b""


def _identity(data: bytes, cap: int, count_only: bool) -> bytes:
    return data  # /Crypt: qpdf has decrypted the data already


DECODERS = {"/Crypt": _identity, "/FlateDecode": _flate, "/Fl": _flate, "/LZWDecode": _lzw, "/LZW": _lzw,
            "/RunLengthDecode": _run_length, "/RL": _run_length, "/ASCIIHexDecode": _hex, "/AHx": _hex,
            "/ASCII85Decode": _ascii85, "/A85": _ascii85}
