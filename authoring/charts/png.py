"""PNG images from matplotlib's raw pixels: cut to what is drawn, opaque (no alpha channel), no decode round trip."""

from __future__ import annotations

import struct

import numpy as np
from zlib_ng import zlib_ng as zlib  # zlib's format and levels, with a faster deflate

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL = 3  # unfiltered chart rows compress smaller than with Pillow's adaptive filters, in a fraction of the
# time; zlib-ng at 3 takes half its time at zlib's default 6 for 8 % more bytes (Kalix's ten charts: 25 ms less)
INCH = 0.0254
WHITE = int.from_bytes(b"\xff" * 4, "little")  # an opaque white RGBA pixel, read as one 32-bit number


class Pixels:
    """A file-like sink for ``savefig(format="raw")`` that keeps the renderer's RGBA pixels."""

    rgba: np.ndarray  # (height, width, 4)

    def write(self, data) -> int:
        rgba = np.asarray(data, dtype=np.uint8)  # matplotlib writes the renderer's (h, w, 4) buffer
        if rgba.ndim != 3 or rgba.shape[2] != 4:
            raise ValueError(f"expected RGBA rows from matplotlib, got an array of shape {rgba.shape}")
        self.rgba = rgba
        return rgba.nbytes

    def seek(self, *_args) -> int:  # matplotlib only accepts sinks that look like files
        return 0


def drawn_box(rgba: np.ndarray) -> tuple[slice, slice] | None:
    """Return the rows and columns of ``rgba`` (white where nothing is drawn) that hold all that is
    drawn, or None if something is drawn on its outermost pixels: it may go on beyond them."""
    blank = rgba.view(np.uint32)[:, :, 0] == WHITE
    rows, columns = np.flatnonzero(~blank.all(axis=1)), np.flatnonzero(~blank.all(axis=0))
    if not len(rows):
        return slice(0, 0), slice(0, 0)
    height, width = blank.shape
    if rows[0] == 0 or columns[0] == 0 or rows[-1] == height - 1 or columns[-1] == width - 1:
        return None
    return slice(rows[0], rows[-1] + 1), slice(columns[0], columns[-1] + 1)


def png_rows(rgba: np.ndarray, pad: int = 0) -> np.ndarray:
    """Return the RGB part of ``rgba`` as unfiltered PNG rows (the alpha channel dropped), with
    ``pad`` white pixels around it."""
    height, width, _ = rgba.shape
    rows = np.full((height + 2 * pad, 1 + 3 * (width + 2 * pad)), 255, dtype=np.uint8)
    rows[:, 0] = 0  # filter type None on every row
    rgb = rows[pad:pad + height, 1:].reshape(height, width + 2 * pad, 3)[:, pad:pad + width]
    for channel in range(3):  # a channel at a time: a quarter of the time of copying pixels of three bytes
        rgb[:, :, channel] = rgba[:, :, channel]
    return rows


def opaque_png(rows: np.ndarray, dpi: int) -> bytes:
    """Return PNG ``rows`` (from ``png_rows``) as PNG bytes with their resolution: opaque, so no soft mask in the PDF."""
    height, width = rows.shape[0], (rows.shape[1] - 1) // 3
    per_metre = round(dpi / INCH)
    return b"".join((SIGNATURE,
                     _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
                     _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
                     _chunk(b"IDAT", zlib.compress(rows, LEVEL)),
                     _chunk(b"IEND", b"")))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
