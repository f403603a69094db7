"""The PDF's pages of the last build, kept in the report's stamp: the next build's first guess."""

from __future__ import annotations

from authoring.builder.build import build
from authoring.builder.stamps import STAMP, layout_hint, write_stamp
from authoring.writers import pdf

from .conftest import INPUTS


def test_a_damaged_layout_hint_is_ignored(tmp_path):
    write_stamp(tmp_path, "fingerprint", [], pages={"kapitel-1": 3})
    stamp = tmp_path / STAMP

    assert layout_hint(tmp_path) == {"kapitel-1": 3}
    for damage in ('{"pages": {"kapitel-1": 3}', '{"pages": {"kapitel-1": "3"}}', '{"pages": [3]}', "[3]"):
        stamp.write_text(damage, encoding="utf-8")
        assert layout_hint(tmp_path) == {}


def test_a_build_without_a_cache_guesses_the_pages_of_the_last_pdf(tmp_path, monkeypatch):
    monkeypatch.setenv("KOMPASS_CACHE", "off")  # a new machine, a cleared cache: the stamp is with the report
    guesses = []
    write = pdf.write

    def recorded(report, media, dest, pages=None, **options):
        guesses.append(dict(pages or {}))
        return write(report, media, dest, pages, **options)

    monkeypatch.setattr(pdf, "write", recorded)
    build(INPUTS / "kalix-2012", tmp_path, formats=("pdf",))
    first = layout_hint(tmp_path / "kalix-2012")
    build(INPUTS / "kalix-2012", tmp_path, formats=("docx",))  # the PDF is kept: so are its pages
    kept = layout_hint(tmp_path / "kalix-2012")
    build(INPUTS / "kalix-2012", tmp_path, formats=("pdf",))

    assert guesses[0] == {}
    assert first["kk_h1"] == 3 and len(first) > 20  # the first chapter, after the title page and the contents
    assert kept == first
    assert guesses[1] == first
