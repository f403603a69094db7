"""The tagged PDF holds up under readers we did not write: poppler's structure text, LibreOffice's export
of our DOCX, and the defects independent PDF/UA validators found (issue 22). One test per defect."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from authoring.builder.build import build

from .conftest import INPUTS
from .test_libreoffice import prepared


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Build the PDF of Kalix, of a draft and of the rich evaluation."""
    root = tmp_path_factory.mktemp("pdfua")
    folders = {"kalix-2012": INPUTS / "kalix-2012", "draft": prepared("draft", root / "draft"),
               "rich": prepared("rich", root / "rich")}
    return {name: build(folder, root / "out" / name, ("pdf",)).paths[0] for name, folder in folders.items()}


# --- the document level ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["kalix-2012", "draft"])
def test_the_xmp_stream_has_no_empty_filter_array(built, name):
    with pikepdf.open(built[name]) as pdf:
        metadata = pdf.Root.Metadata

        assert "/Filter" not in metadata.stream_dict or len(metadata.stream_dict.Filter) > 0
        assert b"<pdfuaid:part>1</pdfuaid:part>" in metadata.read_bytes()


def test_the_fonts_map_no_code_to_u0000(built):
    with pikepdf.open(built["kalix-2012"]) as pdf:
        cmaps = {font.objgen: font.ToUnicode.read_bytes().decode("latin-1")
                 for page in pdf.pages for font in page.Resources.Font.values()}

    assert len(cmaps) >= 3  # regular, bold, italic
    for cmap in cmaps.values():
        mapped = re.findall(r"<([0-9A-F]{2})> <([0-9A-F]{4})>", cmap)
        assert mapped and all(value != "0000" for _code, value in mapped)
        assert all(int(block) <= 100 for block in re.findall(r"(\d+) beginbfchar", cmap))
