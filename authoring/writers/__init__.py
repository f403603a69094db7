"""Writers: one module per output format, each with ``write(report, media, dest, pages)``.

``pages`` maps heading anchors to page numbers from a writer that paginated before (the PDF);
a writer that paginates returns its own map. Listed in the order they run: the PDF first, so the
DOCX can cache its contents' page numbers from the PDF's layout.
"""

from __future__ import annotations

from . import docx, pdf

WRITERS = {"pdf": pdf.write, "docx": docx.write}
