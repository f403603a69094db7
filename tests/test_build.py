"""Building never leaves a half-written file and reports bad input without a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import authoring.writers
from authoring.builder.build import build
from authoring.cli.commands import main

from .conftest import INPUTS, replace_in


def test_a_writer_that_fails_leaves_no_file_behind(tmp_path, monkeypatch):
    def broken(report, media, dest, pages=None):
        dest.write_bytes(b"half a document")
        raise RuntimeError("disk full")

    monkeypatch.setitem(authoring.writers.WRITERS, "docx", broken)

    with pytest.raises(RuntimeError):
        build(INPUTS / "kalix-2012", tmp_path, ("docx",))

    assert list((tmp_path / "kalix-2012").iterdir()) == []


def test_build_of_invalid_input_lists_problems_and_writes_nothing(kalix, tmp_path):
    replace_in(kalix / "scores.yaml", '"1.2": 11', '"1.2": 99')

    result = CliRunner().invoke(main, ["build", str(kalix), "--out", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert "1.2: 99 är mer än maxpoängen 20" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_build_writes_both_formats_by_default_and_one_on_request(tmp_path):
    both = CliRunner().invoke(main, ["build", str(INPUTS / "norsjo-2015"), "--out", str(tmp_path / "a")])
    pdf = CliRunner().invoke(main, ["build", str(INPUTS / "norsjo-2015"), "--out", str(tmp_path / "b"),
                                    "--format", "pdf"])

    assert both.exit_code == 0 and pdf.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "a" / "norsjo-2015").iterdir()) == [
        ".kompass-build.json", "norsjo-2015.docx", "norsjo-2015.pdf"]  # the stamp says what they were built from
    assert sorted(p.name for p in (tmp_path / "b" / "norsjo-2015").iterdir()) == [".kompass-build.json",
                                                                               "norsjo-2015.pdf"]
