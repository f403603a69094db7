"""Writers: one module per output format (``WRITERS``), each with ``write(report, media, dest, pages)``.

``pages`` maps heading anchors to page numbers from a writer that paginated before (the PDF);
a writer that paginates returns its own map. Listed in the order they run: the PDF first, so the
DOCX can cache its contents' page numbers from the PDF's layout; the HTML has no pages. ``jobs``
writes a report's formats (the DOCX made beside the PDF). What the DOCX marks for pull is
``docx_regions``, and the notes' Markdown of model blocks, which pull writes back, is
``notes_markdown``. ``html_page`` is the web page's shell and style, which a campaign's page shares.

A writer's module (and its library: reportlab, python-docx) is imported when it first writes, so a
build imports only the writers of the formats it writes.
"""

from __future__ import annotations

from ..imports import settled_import


def writer_module(name: str):
    """Return the module of the writer of format ``name`` (``pdf``, ``docx``, ``html``), imported once."""
    return settled_import(f".{name}", __name__)


def _write_with(name: str):
    def write(*args, **kwargs):
        return writer_module(name).write(*args, **kwargs)

    write.__doc__ = f"Write a report as {name.upper()} (``writers.{name}.write``)."
    return write


WRITERS = {name: _write_with(name) for name in ("pdf", "docx", "html")}

__all__ = ["WRITERS", "docx_regions", "html", "html_page", "jobs", "kept", "notes_markdown", "writer_module"]
