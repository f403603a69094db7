"""Writers: one module per output format (``WRITERS``), each with ``write(report, media, dest, pages)``.

``pages`` maps heading anchors to page numbers from a writer that paginated before (the PDF);
a writer that paginates returns its own map. Listed in the order they run: the PDF first, so the
DOCX can cache its contents' page numbers from the PDF's layout; the HTML has no pages. ``jobs``
writes a report's formats (the DOCX made beside the PDF). What the DOCX marks for pull is
``docx_regions``, and the notes' Markdown of model blocks, which pull writes back, is
``notes_markdown``. ``html_page`` is the web page's shell and style, which a campaign's page shares.
"""

from __future__ import annotations

from . import docx, html, pdf

WRITERS = {"pdf": pdf.write, "docx": docx.write, "html": html.write}

__all__ = ["WRITERS", "docx_regions", "html", "html_page", "jobs", "notes_markdown"]
