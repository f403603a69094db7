"""A paragraph's first wrap takes the lines of an earlier paragraph of the same text, style and width
(``writers/pdf_text``, ``_BROKEN``): the same PDF as breaking every paragraph anew, also where such
paragraphs are split across pages, hyphenated in a table column or wrapped again at another width,
and the kept lines are never changed by a split."""

from __future__ import annotations

import io

import pytest
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Table

from authoring.writers import pdf_text
from authoring.writers.pdf_styles import derived, in_column, paragraph_styles
from authoring.writers.pdf_text import RLParagraph

LONG = " ".join(["Kommunen redovisar <b>måluppfyllelse</b> och ekonomi i delårsrapporten"] * 12)
CELL = "Medborgardialogsutvärderingsrapporterna och kvalitetsledningssystemet 2,5\u00a0%"


class _Breaking(dict):
    """A ``_BROKEN`` that never finds lines: every paragraph breaks its own."""

    def get(self, key, default=None):
        return None


def _story() -> list:
    styles = paragraph_styles()
    column = derived(in_column(styles["cell"], 60), "cell", alignment=0)
    story = []
    for _ in range(3):
        story += [RLParagraph(LONG, styles["body"]) for _ in range(7)]  # some split across pages
        story.append(Table([[RLParagraph(CELL, column), RLParagraph("Ja", column)] for _ in range(6)],
                           colWidths=(68, 68)))
        story.append(Table([[RLParagraph(LONG, styles["body"])]], colWidths=(250,)))  # the same text, narrower
        story += [RLParagraph(LONG[:300], styles["body"]),  # and in another style of the same name
                  RLParagraph(LONG[:300], derived(styles["body"], "body", leftIndent=40))]
        wrapped_again = RLParagraph(LONG, styles["body"])
        wrapped_again.wrap(200, 1000)  # a first wrap at another width; the frame wraps it anew
        story.append(wrapped_again)
    return story


def _pdf() -> bytes:
    out = io.BytesIO()
    document = BaseDocTemplate(out, invariant=1, title="Test")
    document.addPageTemplates([PageTemplate("body", [Frame(document.leftMargin, document.bottomMargin,
                                                           document.width, document.height / 2, id="text")])])
    document.build(_story())
    return out.getvalue()


def test_paragraphs_with_kept_lines_make_the_pdf_that_breaking_each_anew_makes(monkeypatch):
    monkeypatch.setattr(pdf_text, "_BROKEN", {})
    splits = []
    own = RLParagraph._own_lines
    monkeypatch.setattr(RLParagraph, "_own_lines", lambda self: splits.append(self._shared_lines) or own(self))
    kept = _pdf()
    assert len(pdf_text._BROKEN) >= 3 and any(splits)  # lines were kept, and kept lines were split

    monkeypatch.setattr(pdf_text, "_BROKEN", _Breaking())
    assert kept == _pdf()


def _words(lines) -> list:
    """Every word of ``lines`` with its class (a split may change a word's class)."""
    return [[(type(word).__name__, getattr(word, "text", word)) for word in (
        line.words if hasattr(line, "words") else line[1])] for line in lines]


@pytest.mark.parametrize("markup", [LONG, LONG.replace("<b>", "").replace("</b>", ""), CELL * 8])
def test_a_split_never_changes_the_kept_lines(monkeypatch, markup):
    monkeypatch.setattr(pdf_text, "_BROKEN", {})
    style = in_column(paragraph_styles()["cell"], 60) if markup.startswith(CELL) else paragraph_styles()["body"]
    first, second = RLParagraph(markup, style), RLParagraph(markup, style)
    first.wrap(300, 1000)
    kept = next(iter(pdf_text._BROKEN.values()))["blPara"]
    words = _words(kept.lines)
    second.wrap(300, 1000)
    assert second.blPara is kept  # taken, not broken again

    parts = second.split(300, 40)

    assert len(parts) == 2 and second.blPara is not kept
    assert _words(kept.lines) == words
    assert first.split(300, 40) and first.blPara is not kept  # the paragraph it was kept from also copies first


@pytest.mark.parametrize("limit", [1, 2])
def test_kept_lines_are_bounded(monkeypatch, limit):
    monkeypatch.setattr(pdf_text, "_BROKEN", {})
    monkeypatch.setattr(pdf_text, "BROKEN_LIMIT", limit)
    style = paragraph_styles()["body"]
    for width in range(200, 260, 10):
        RLParagraph(LONG, style).wrap(width, 1000)
    assert len(pdf_text._BROKEN) <= limit
