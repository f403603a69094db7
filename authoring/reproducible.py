"""Reproducible outputs: the same input and Kompass version give byte-identical DOCX and PDF.

The document date is ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set, else the day the
evaluation ended (``evaluated``: the first day of its month, the day, or the last day), at 00:00
UTC. It is the creation and modification date of both formats and the date of every DOCX zip
entry; the PDF's ID is computed from its content.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
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


class FixedZip:
    """A zip written once, entries in the order given, every entry dated ``moment`` with fixed
    attributes: the physical writer python-docx's package writer is handed (``write``, ``close``)."""

    def __init__(self, moment: dt.datetime):
        self.stamp = max(moment, ZIP_EPOCH).timetuple()[:6]
        self.output = io.BytesIO()
        self.zip = zipfile.ZipFile(self.output, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        name = getattr(pack_uri, "membername", pack_uri)
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3
        self.zip.writestr(info, blob, compresslevel=1 if name.endswith(FAST) else None)

    def close(self) -> bytes:
        self.zip.close()
        return self.output.getvalue()
