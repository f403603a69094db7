"""Writers: one module per output format, each with ``write(report, media, dest, **hints)``."""

from __future__ import annotations

from . import docx

WRITERS = {"docx": docx.write}
