"""The PDF writer's frame and table (``writers/pdf_layout``) lay a document out as reportlab's own do.

Each document is made twice, once with reportlab's ``Frame`` and ``Table`` and once with ours, and
the two PDFs must be the same bytes: tables that fit, tables split across pages (by rows and inside
a row), tables kept with their heading, wrapped again at other widths and heights.
"""

from __future__ import annotations

import copy
import io

import pytest
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table,
                                TableStyle)

from authoring.writers.pdf_layout import CopiedFrame, MeasuredTable

STYLES = getSampleStyleSheet()
GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")])


def _cell(row: int, column: int) -> Paragraph:
    words = " ".join(f"ord{row}x{column}x{n}" for n in range(1 + (row * 7 + column * 3) % 23))
    return Paragraph(words, STYLES["BodyText"])


def _story(table_class) -> list:
    story = []
    for rows, keep in ((4, None), (30, 0), (70, None), (12, None), (3, None)):
        data = [[_cell(r, c) for c in range(3)] for r in range(rows)]
        table = table_class(data, colWidths=(120, 150, 180), repeatRows=1, splitInRow=1, style=GRID)
        heading = Paragraph(f"Tabell med {rows} rader", STYLES["Heading2"])
        heading.keepWithNext = True
        story.append(KeepTogether([heading, table, Spacer(1, 8)], maxHeight=keep))
        story.append(Paragraph("Text mellan tabellerna. " * 20, STYLES["BodyText"]))
    story.append(KeepTogether([table_class([[_cell(1, 1)], [Paragraph("Sista raden", STYLES["BodyText"])]])]))
    return story


def _pdf(frame_class, table_class) -> bytes:
    out = io.BytesIO()
    document = BaseDocTemplate(out, invariant=1, title="Test")
    frame = frame_class(document.leftMargin, document.bottomMargin, document.width, document.height, id="text")
    document.addPageTemplates([PageTemplate("body", [frame])])
    document.multiBuild(_story(table_class))
    return out.getvalue()


def test_our_frame_and_table_make_the_same_pdf_as_reportlabs():
    ours, theirs = _pdf(CopiedFrame, MeasuredTable), _pdf(Frame, Table)

    assert ours.count(b"/Type /Page\n") > 5  # long tables, split across several pages
    assert ours == theirs


@pytest.mark.parametrize("frame_class", [Frame, CopiedFrame])
def test_a_copied_frame_holds_the_same_values_and_shares_no_container(frame_class):
    frame = frame_class(10, 20, 300, 400, id="text")
    frame._frameBGs = [[1, 2]]

    twin = copy.deepcopy(frame)

    assert type(twin) is frame_class and twin.__dict__ == frame.__dict__
    assert twin._frameBGs is not frame._frameBGs and twin._frameBGs[0] is not frame._frameBGs[0]


def test_a_table_is_measured_anew_at_another_width_or_in_less_room_than_it_needs(monkeypatch):
    measures = []
    calc = Table._calc
    monkeypatch.setattr(Table, "_calc", lambda self, *args: measures.append(args) or calc(self, *args))
    ours, theirs = (kind([[_cell(r, 0)] for r in range(20)], colWidths=("100%",)) for kind in (MeasuredTable, Table))
    height = theirs.wrap(200, 10_000)[1]
    rooms = [(200, 10_000), (200, 10_000), (200, height), (200, height - 1), (100, 10_000), (100, 10_000),
             (200, 10_000)]

    assert [ours.wrap(*room) for room in rooms] == [theirs.wrap(*room) for room in rooms]
    assert len(measures) == len(rooms) + 1 + 4  # theirs each time; ours: a new width, or less room than it needs
