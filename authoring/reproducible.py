"""Reproducible outputs: the same input and Kompass version give byte-identical DOCX, PDF and XLSX.

The document date is ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set, else the day the
evaluation ended (``evaluated``: the first day of its month, the day, or the last day), at 00:00
UTC. It is the creation and modification date of both formats and the date of every DOCX zip
entry; the PDF's ID is computed from its content.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import zipfile
import zlib
from contextlib import contextmanager

EPOCH_ENV = "SOURCE_DATE_EPOCH"
ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest date a zip entry can hold
ZIP_END = dt.datetime(2107, 12, 31)  # and the latest


def document_date(evaluated, year: int) -> dt.datetime:
    """Return the document date (naive, UTC) for an evaluation ``evaluated`` as in evaluation.yaml.

    A draft without ``evaluated`` is dated the first day of its ``year``.
    """
    epoch = os.environ.get(EPOCH_ENV, "").strip()
    if epoch.isdigit():
        try:
            return min(dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None), ZIP_END)
        except (OverflowError, OSError, ValueError):
            pass  # beyond what dates can hold: use the evaluation's date
    if isinstance(evaluated, str):
        year, month = evaluated.split("-")
        day = dt.date(int(year), int(month), 1)
    elif isinstance(evaluated, tuple):
        day = evaluated[1]
    elif evaluated is None:
        day = dt.date(year, 1, 1)
    else:
        day = evaluated
    return dt.datetime(day.year, day.month, day.day)


@contextmanager
def source_date(moment: dt.datetime):
    """Set ``SOURCE_DATE_EPOCH`` to ``moment`` for the block (reportlab reads it for the PDF dates)."""
    previous = os.environ.get(EPOCH_ENV)
    os.environ[EPOCH_ENV] = str(int(moment.replace(tzinfo=dt.timezone.utc).timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ[EPOCH_ENV]
        else:
            os.environ[EPOCH_ENV] = previous


STORED = (".png", ".jpeg", ".jpg")  # compressed already: deflating them again costs time, saves nothing
FAST = (".odttf",)  # embedded fonts: large, so deflated at the fastest level
ZIP_LIMIT = 0xFFFFFFFF  # sizes and offsets of a zip without ZIP64 extensions, which no report comes near
_LOCAL, _CENTRAL, _END = "<4s2B4HL2L2H", "<4s4B4HL2L5H2L", "<4s4H2LH"  # the zip format's records
_VERSION, _UNIX, _UTF8 = 20, 3, 0x800


# Entry name -> the data its last deflate in this process was of, the level, the deflated data and
# the CRC-32: a process that writes report after report (a batch worker, the watch, the studio)
# deflates the parts that are the same in every report (the embedded fonts, the styles) once.
_LAST: dict[str, tuple[bytes, int, bytes, int]] = {}


def _last(name: str, blob: bytes) -> tuple[int, bytes, int] | None:
    """Return the level, deflated data and CRC-32 of the last deflate of entry ``name`` if it was of
    the same data as ``blob`` (compared: the same object at once), else None."""
    last = _LAST.get(name)
    if last is None or not (last[0] is blob or last[0] == blob):
        return None
    return last[1:]


def deflate(data: bytes, level: int) -> bytes:
    """Return ``data`` deflated at ``level`` (-1: zlib's default) as a zip entry holds it (raw deflate)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def prepack(name: str, blob: bytes, deflated=None) -> None:
    """Deflate the entry ``name`` holding ``blob`` now, as ``FixedZip.pack`` does: a later zip of this
    process takes it as it is (``deflated``: as for ``FixedZip``)."""
    FixedZip(ZIP_EPOCH, deflated).pack(name, blob)


class FixedZip:
    """A zip written once, entries in the order given, every entry dated ``moment`` with fixed
    attributes: the physical writer python-docx's package writer is handed (``write``, ``close``).

    The bytes are those Python's ``zipfile`` writes for the same entries (a test compares them);
    the records are written here so that an entry's deflated data may come from elsewhere:
    ``deflated(name, data, level)`` returns it (e.g. from a cache: the embedded fonts are the same
    in every report), or None to deflate it here."""

    def __init__(self, moment: dt.datetime, deflated=None):
        year, month, day, hour, minute, second = max(moment, ZIP_EPOCH).timetuple()[:6]
        self.date = (year - 1980) << 9 | month << 5 | day
        self.time = hour << 11 | minute << 5 | second // 2
        self.deflated = deflated or (lambda name, data, level: None)
        self.output = io.BytesIO()
        self.central: list[bytes] = []

    def pack(self, name: str, blob: bytes) -> tuple[int, bytes]:
        """Return the compression method and the data that the entry ``name`` holding ``blob`` stores."""
        if name.lower().endswith(STORED):
            return zipfile.ZIP_STORED, blob
        level = 1 if name.endswith(FAST) else zlib.Z_DEFAULT_COMPRESSION
        last = _last(name, blob)
        if last is not None and last[0] == level:
            return zipfile.ZIP_DEFLATED, last[1]
        packed = self.deflated(name, blob, level) or deflate(blob, level)
        _LAST[name] = (blob, level, packed, zlib.crc32(blob))
        return zipfile.ZIP_DEFLATED, packed

    def write(self, pack_uri, blob: bytes, packed: tuple[int, bytes] | None = None) -> None:
        """Add the entry ``pack_uri`` holding ``blob``; ``packed``: what ``pack`` returned for it before."""
        name = getattr(pack_uri, "membername", pack_uri)
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8
        method, data = packed or self.pack(name, blob)
        last = _last(name, blob)
        offset, crc = self.output.tell(), last[2] if last is not None else zlib.crc32(blob)
        if max(len(blob), len(data), offset) > ZIP_LIMIT:
            raise ValueError(f"{name}: too large for a zip without ZIP64 extensions")
        fields = (flags, method, self.time, self.date, crc, len(data), len(blob), len(encoded))
        self.output.write(struct.pack(_LOCAL, b"PK\003\004", _VERSION, 0, *fields, 0) + encoded + data)
        self.central.append(struct.pack(_CENTRAL, b"PK\001\002", _VERSION, _UNIX, _VERSION, 0, *fields, 0, 0, 0, 0,
                                        0o644 << 16, offset) + encoded)

    def close(self) -> bytes:
        start = self.output.tell()
        directory = b"".join(self.central)
        count = len(self.central)
        self.output.write(directory + struct.pack(_END, b"PK\005\006", 0, 0, count, count, len(directory), start, 0))
        return self.output.getvalue()


WORKBOOK_CORE = "docProps/core.xml"


def dated_workbook(package: bytes, properties, moment: dt.datetime) -> bytes:
    """Return the XLSX ``package`` that openpyxl saved with its core ``properties`` (openpyxl's
    ``DocumentProperties``, which it dates by the clock when it saves) and every entry dated ``moment``."""
    from openpyxl.xml.functions import tostring  # late: only a workbook needs it

    fixed = FixedZip(moment)
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        for name in source.namelist():
            fixed.write(name, tostring(properties.to_tree()) if name == WORKBOOK_CORE else source.read(name))
    return fixed.close()
