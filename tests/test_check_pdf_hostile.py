"""`kompass check-pdf` on hostile PDFs: a Swedish failure and exit 1 for the file, never a traceback or a hang.

Issue 20, "Tracebacks left" and "Decompression limits": encrypted files, cyclic and 5,000-deep
structure trees and ParentTrees, values of the wrong type, a FIFO or /dev/zero as the file, and
streams that unpack to gigabytes.
"""

from __future__ import annotations

import os

import pikepdf
import pytest
from click.testing import CliRunner

from authoring.checkers.pdf import RULES, check_pdf
from authoring.cli.commands import main

from . import pdf_hostile
from .capped import kompass_capped

READABLE = {"cyclic_tree", "deep_tree", "cyclic_parent_tree", "deep_parent_tree", "junk_fonts",
            "junk_font_dictionary", "junk_annots", "annots_not_an_array", "junk_numbers", "junk_catalog",
            "long_role_map", "deep_forms"}
BOMBS = {"metadata_bomb": "XMP-metadata: en ström packas upp till mer än 64000000 byte",
         "content_bomb": "sidan 1: en ström packas upp till mer än 64000000 byte",
         "lzw_content_bomb": "sidan 1: en ström packas upp till mer än 64000000 byte",
         "shared_content": "sidan 1: sidornas innehåll packas upp till mer än 32000000 byte tillsammans"}


def _hostile(tmp_path, name: str):
    pdf = pdf_hostile.tagged()
    if name.endswith("bomb"):  # 300 MB is beyond every limit; tests/test_resource_limits.py unpacks to GB
        pdf_hostile.HOSTILE[name](pdf, unpacked=300_000_000)
    else:
        pdf_hostile.HOSTILE[name](pdf)
    return pdf_hostile.write(pdf, tmp_path / f"{name}.pdf")


def _rules(failures) -> set[str]:
    return {failure.rule for failure in failures}


def test_the_small_tagged_pdf_fails_only_for_its_standard_font(tmp_path):
    path = pdf_hostile.write(pdf_hostile.tagged(), tmp_path / "bas.pdf")

    assert [str(f) for f in check_pdf(path)] == ["[typsnitt] typsnittet Helvetica är inte inbäddat"]


@pytest.mark.parametrize("name", sorted(READABLE))
def test_a_hostile_structure_is_judged_by_the_rules_without_a_traceback(tmp_path, name):
    failures = check_pdf(_hostile(tmp_path, name))

    assert _rules(failures) <= set(RULES), failures


@pytest.mark.parametrize("name", ["cyclic_tree", "deep_tree", "cyclic_parent_tree", "deep_parent_tree", "deep_forms"])
def test_a_cyclic_or_5000_deep_tree_is_walked_once_and_judged_like_the_flat_one(tmp_path, name):
    failures = check_pdf(_hostile(tmp_path, name))

    assert [str(f) for f in failures] == ["[typsnitt] typsnittet Helvetica är inte inbäddat"]


def test_marked_content_with_a_junk_mcid_and_junk_parent_tree_keys_is_reported_not_crashed_on(tmp_path):
    failures = check_pdf(_hostile(tmp_path, "junk_numbers"))

    messages = [f.message for f in failures if f.rule == "märkt-innehåll"]
    assert "sidan 1: 1 ritoperationer ligger varken i märkt innehåll (MCID) eller i en artefakt" in messages
    assert any("MCID 99999999999 hör inte till något element" in m for m in messages)


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_stream_that_unpacks_far_beyond_the_limit_is_refused_before_it_is_unpacked(tmp_path, name):
    failures = check_pdf(_hostile(tmp_path, name))

    assert [f.rule for f in failures] == ["läsbar"]
    assert failures[0].message.startswith(BOMBS[name]) and failures[0].message.endswith("filen kontrolleras inte")


def test_an_object_stream_that_unpacks_far_beyond_the_limit_is_refused(tmp_path):
    failures = check_pdf(pdf_hostile.object_stream_bomb(tmp_path / "objstm.pdf", unpacked=300_000_000))

    assert [f.rule for f in failures] == ["läsbar"]


def test_a_pdf_encrypted_with_a_password_is_refused_in_swedish(tmp_path):
    failures = check_pdf(pdf_hostile.encrypted(tmp_path / "krypterad.pdf"))

    assert [str(f) for f in failures] == ["[läsbar] filen är krypterad med ett lösenord: kontrollera en kopia "
                                          "utan lösenord"]


def test_a_pdf_encrypted_without_a_user_password_is_checked(tmp_path):
    path = pdf_hostile.encrypted(tmp_path / "ägarlösenord.pdf", user="")

    assert [str(f) for f in check_pdf(path)] == ["[typsnitt] typsnittet Helvetica är inte inbäddat"]


@pytest.mark.parametrize("kind", ["fifo", "devzero", "link-to-devzero"])
def test_a_fifo_or_dev_zero_given_as_the_pdf_is_refused_without_hanging(tmp_path, kind):
    path = tmp_path / "rapport.pdf"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link-to-devzero":
        path.symlink_to("/dev/zero")
    else:
        path = "/dev/zero"

    result = kompass_capped("check-pdf", path, cwd=tmp_path, timeout=120)

    what = "en namngiven rörledning (FIFO)" if kind == "fifo" else "en enhetsfil"
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == f"{path}: [läsbar] filen är {what}, inte en vanlig fil: ange en vanlig PDF-fil"


def test_check_pdf_goes_on_to_the_next_file_after_a_hostile_one_and_exits_1(tmp_path):
    bomb = _hostile(tmp_path, "content_bomb")
    good = pdf_hostile.write(pdf_hostile.tagged(), tmp_path / "bra.pdf")

    result = CliRunner().invoke(main, ["check-pdf", str(bomb), str(good)])

    assert result.exit_code == 1
    assert f"{bomb}: [läsbar] sidan 1: en ström packas upp" in result.output
    assert f"{good}: [typsnitt] typsnittet Helvetica är inte inbäddat" in result.output


def test_the_decoding_limits_are_put_back_after_the_check(tmp_path):
    before = pikepdf.settings.get_qpdf_limits()

    check_pdf(_hostile(tmp_path, "content_bomb"))

    assert pikepdf.settings.get_qpdf_limits() == before
