"""An optional logo from the template data appears on the title page of both formats."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

import authoring.charts.draw
from authoring.builder.build import build
from authoring.templates import style

from .conftest import INPUTS


def test_logo_from_style_data_is_on_the_title_page(tmp_path, monkeypatch):
    buffer = io.BytesIO()
    Image.new("RGB", (200, 80), "#1F4E79").save(buffer, format="PNG")
    (tmp_path / "logo.png").write_bytes(buffer.getvalue())
    monkeypatch.setitem(style(), "logo", "logo.png")
    monkeypatch.setitem(style(), "logo_alt", "Kommunens logotyp")
    monkeypatch.setattr(authoring.charts.draw, "TEMPLATES_DIR", tmp_path)

    pdf, docx = build(INPUTS / "kalix-2012", tmp_path / "out").paths

    first = next(Document(str(docx)).element.body.iter(qn("wp:docPr")))
    assert first.get("descr") == "Kommunens logotyp"
    assert len(PdfReader(pdf).pages[0].images) == 1
    assert len(PdfReader(pdf).pages[1].images) == 0
