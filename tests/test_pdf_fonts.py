"""The PDF's font splits text into subset codes as reportlab does, on its fast path too."""

from __future__ import annotations

import random

from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import TTFont

from authoring.templates import font_dir, style
from authoring.writers.pdf_styles import _Font

SWEDISH = "Kommunkompassen utvärderar åtta områden: 35\u00a0% – \u201dstyrning\u201d, Öppenhet & Ärlighet\u00ad."
OTHERS = "\u03b1\u03b2\u03b3 \u0416\u0418\u041a \u0142\u0144 \U0001f600 \ue000 \u2603"  # Greek, Cyrillic, Polish, no glyph


def _lines(count: int) -> list[str]:
    """Lines of report text, some repeated, then characters enough for a second subset (over 256)."""
    generator = random.Random(7)
    words = SWEDISH.split() + OTHERS.split()
    lines = [" ".join(generator.choice(words) for _ in range(generator.randint(0, 9))) for _ in range(count)]
    many = "".join(chr(c) for c in range(0x100, 0x17F)) + "".join(chr(c) for c in range(0x391, 0x3C9))
    many += "".join(chr(c) for c in range(0x410, 0x44F))
    return [*lines, SWEDISH, many, *lines[::-1], many[::-1], "", SWEDISH]


def test_the_fast_split_gives_reportlabs_codes_and_subsets():
    path = str(font_dir() / style()["fonts"]["regular"])
    ours, theirs = _Font("KompassTest", path), TTFont("KompassTestReference", path)
    our_doc, their_doc = PDFDocument(), PDFDocument()
    lines = _lines(300)
    for line in lines:
        assert ours.splitString(line, our_doc) == theirs.splitString(line, their_doc), line
    ours_state, theirs_state = ours.state[our_doc], theirs.state[their_doc]
    assert ours_state.assignments == theirs_state.assignments
    assert ours_state.subsets == theirs_state.subsets
    assert len(ours_state.subsets) > 1  # the lines reached a second subset
    # most lines took the fast path: their characters all had codes already
    assert len(ours_state.kompass_codes) > 100 and 0xA0 in ours_state.kompass_codes  # a no-break space too
    assert ours.splitString("\u0416\u0142", our_doc) == theirs.splitString("\u0416\u0142", their_doc)
