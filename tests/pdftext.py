"""Text of PDF pages as a reader sees it."""

from __future__ import annotations

from pypdf import PdfReader


def page_texts(reader: PdfReader) -> list[str]:
    """Return each page's text without its footer line (the page number, drawn first)."""
    texts = []
    for number, page in enumerate(reader.pages, 1):
        lines = page.extract_text().splitlines()
        if lines and lines[0].strip() == str(number):
            lines = lines[1:]
        texts.append("\n".join(lines))
    return texts
