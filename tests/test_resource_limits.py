"""Every bomb of issue 20 under a 1 GB memory cap: a Swedish refusal and exit 1, not a MemoryError.

Each command runs in a child process with ``RLIMIT_AS`` at 1 GB (tests/capped.py), on the bombs at
their full size: a 3 MB XLSX that unpacks to 3.2 GB for import-scores; for check-pdf, 2 MB PDFs
whose page content unpacks to 2 GB (Flate, LZW), whose catalog lies in a 2 GB object stream, whose
XMP unpacks to 1 GB, whose one page shares a 40 MB stream 2,000 times, or holds 3 million operators.
"""

from __future__ import annotations

import pytest

from . import pdf_hostile
from .bombs import xlsx_bomb
from .capped import kompass_capped
from .test_import import draft


def _clean(result) -> None:
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr


def test_an_xlsx_zip_bomb_of_3_mb_is_refused_before_it_unpacks_under_a_1_gb_memory_cap(tmp_path):
    inputs = draft(tmp_path, ("Kalix", 2024))
    bomb = xlsx_bomb(tmp_path / "poäng.xlsx")  # 3 MB that unpack to 3.2 GB
    assert bomb.stat().st_size < 3_500_000

    result = kompass_capped("import-scores", bomb.name, "--inputs", inputs, cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    _clean(result)
    assert result.stderr.startswith("poäng.xlsx: packas upp till 32000")  # 3.2 GB and a few kB
    assert "byte (högst 300000000): är det en XLSX-fil?" in result.stderr


REFUSED = {"content_bomb": "sidan 1: en ström packas upp till mer än 64000000 byte",
           "lzw_content_bomb": "sidan 1: en ström packas upp till mer än 64000000 byte",
           "metadata_bomb": "XMP-metadata: en ström packas upp till mer än 64000000 byte",
           "shared_content": "sidan 1: sidornas innehåll packas upp till mer än 32000000 byte tillsammans"}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_pdf_bomb_is_refused_by_check_pdf_under_a_1_gb_memory_cap(tmp_path, name):
    pdf = pdf_hostile.tagged()
    pdf_hostile.HOSTILE[name](pdf)
    path = pdf_hostile.write(pdf, tmp_path / f"{name}.pdf")
    assert path.stat().st_size < 2_500_000

    result = kompass_capped("check-pdf", path.name, cwd=tmp_path)

    assert result.returncode == 1
    _clean(result)
    assert result.stderr.startswith(f"{path.name}: [läsbar] {REFUSED[name]}")


def test_an_object_stream_bomb_is_refused_by_check_pdf_under_a_1_gb_memory_cap(tmp_path):
    path = pdf_hostile.object_stream_bomb(tmp_path / "objektström.pdf")
    assert path.stat().st_size < 2_500_000

    result = kompass_capped("check-pdf", path.name, cwd=tmp_path)

    assert result.returncode == 1
    _clean(result)
    assert result.stderr.startswith("objektström.pdf: [läsbar] filen går inte att läsa som PDF")


def test_a_page_of_3_million_operators_is_checked_under_a_1_gb_memory_cap(tmp_path):
    pdf = pdf_hostile.tagged()
    pdf_hostile.many_operators(pdf)
    path = pdf_hostile.write(pdf, tmp_path / "operatorer.pdf")

    result = kompass_capped("check-pdf", path.name, cwd=tmp_path)

    assert result.returncode == 1
    _clean(result)
    assert result.stderr.strip() == "operatorer.pdf: [typsnitt] typsnittet Helvetica är inte inbäddat"
