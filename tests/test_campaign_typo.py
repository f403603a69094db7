"""One typo in one campaign member does not empty the campaign (issue 21, point 3).

A four-member campaign (the three examples and a copy of Norsjö as Lycksele) with ``"1.3": 70``
in one member: the other three are built as drafts compared with the average of the three, which
names them; the failing member gets its error and a summary row "fel i indata"; ``--final``
refuses until it is fixed or left out on purpose (``--exclude`` or ``exclude`` in kampanj.yaml).
Nothing is set aside unless its own inputs changed, and old set-aside files go once current.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from authoring.cli.commands import main

from .conftest import EXAMPLES, INPUTS, replace_in

MEMBERS = (*EXAMPLES, "lycksele-2015")
VALID = EXAMPLES
TYPO = '"1.3": 70'
NAMED = "Som referens visas ett medelvärde av 3 kommuner som utvärderats enligt Kommunkompassen mellan 2012–2015: " \
        "Kalix, Norsjö och Östersund."


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], terminal_width=200)


def digests(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    """The example campaign with a fourth member, Lycksele (a copy of Norsjö), in ``tmp_path/inputs``."""
    inputs = tmp_path / "inputs"
    for name in EXAMPLES:
        shutil.copytree(INPUTS / name, inputs / name)
    shutil.copytree(INPUTS / "norsjo-2015", inputs / "lycksele-2015")
    replace_in(inputs / "lycksele-2015" / "evaluation.yaml", "municipality: Norsjö", "municipality: Lycksele")
    replace_in(inputs / "lycksele-2015" / "evaluation.yaml", "Norsjöbornas", "Lyckselebornas")
    (inputs / "kampanj.yaml").write_text(f"name: Testkampanj\nevaluations: [{', '.join(MEMBERS)}]\n"
                                         "reference:\n  kind: campaign\n", encoding="utf-8")
    return inputs


def make_typo(campaign: Path) -> int:
    """Write ``"1.3": 70`` (the maximum is 25) into Lycksele's scores; return its line."""
    scores = campaign / "lycksele-2015" / "scores.yaml"
    replace_in(scores, '"1.3": 7\n', f"{TYPO}\n")
    return scores.read_text(encoding="utf-8").splitlines().index(TYPO) + 1


def fix_typo(campaign: Path) -> None:
    replace_in(campaign / "lycksele-2015" / "scores.yaml", f"{TYPO}\n", '"1.3": 7\n')


def summary_rows(out: Path) -> dict[str, tuple]:
    sheet = openpyxl.load_workbook(out / "sammanstallning.xlsx")["Sammanställning"]
    rows = list(sheet.iter_rows(values_only=True))
    return {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


def test_one_typo_builds_the_other_members_as_drafts_over_the_valid_ones(campaign, tmp_path):
    out = tmp_path / "out"
    first = invoke("batch", campaign, "--out", out, "--format", "pdf")
    line = make_typo(campaign)

    result = invoke("batch", campaign, "--out", out, "--format", "pdf")

    assert first.exit_code == 0, first.output
    assert result.exit_code == 1
    for name in VALID:
        assert re.search(rf"{name}\s+│\s+byggd\s+│\s+utkast \(1 sak att göra\)", result.output), result.output
        text = pdf_text(out / name / f"{name}.pdf")
        assert NAMED in text
        assert "UTKAST" in text
        assert (f"Kampanjens medelvärde och placering är räknade utan lycksele-2015, som har fel i indata: "
                f"lycksele-2015/scores.yaml:{line}: 1.3: 70 är mer än maxpoängen 25.") in text
        assert not (out / name / "inaktuell").exists()
    assert re.search(r"lycksele-2015\s+│\s+misslyckad", result.output)
    assert f"lycksele-2015/scores.yaml:{line}: 1.3: 70 är mer än maxpoängen 25" in result.output
    assert "3 byggda, 0 oförändrade, 1 misslyckade; sammanställning skriven" in result.output
    assert not (out / "inaktuell").exists()


def test_the_summary_lists_the_failing_member_and_averages_the_others(campaign, tmp_path):
    out = tmp_path / "out"
    make_typo(campaign)

    invoke("batch", campaign, "--out", out, "--format", "pdf")
    rows = summary_rows(out)

    assert rows["lycksele-2015"]["Anmärkning"] == "fel i indata"
    assert rows["lycksele-2015"]["Totalt"] is None and rows["lycksele-2015"]["Område 1"] is None
    assert {"Kalix", "Norsjö", "Östersund", "Medelvärde (3 kommuner)"} <= set(rows)
    assert "Lycksele" not in rows
    csv = (out / "sammanstallning.csv").read_text(encoding="utf-8-sig")
    assert "lycksele-2015;;;;;;;;;;;;;fel i indata" in csv.splitlines()


def test_build_of_one_member_gives_the_same_draft_as_batch(campaign, tmp_path):
    make_typo(campaign)

    batched = invoke("batch", campaign, "--out", tmp_path / "batch", "--format", "pdf")
    built = invoke("build", campaign / "kalix-2012", "--out", tmp_path / "build", "--format", "pdf")

    assert batched.exit_code == 1 and built.exit_code == 0, built.output
    assert pdf_text(tmp_path / "batch" / "kalix-2012" / "kalix-2012.pdf") == \
        pdf_text(tmp_path / "build" / "kalix-2012" / "kalix-2012.pdf")


def test_final_refuses_while_a_member_fails_and_touches_nothing(campaign, tmp_path):
    out = tmp_path / "out"
    invoke("batch", campaign, "--out", out, "--format", "pdf")
    before = digests(out)
    make_typo(campaign)

    result = invoke("batch", campaign, "--out", out, "--format", "pdf", "--final")

    assert result.exit_code == 1
    for name in VALID:
        assert re.search(rf"{name}\s+│\s+misslyckad", result.output)
    assert result.output.count("räknade utan lycksele-2015, som har fel i indata") == len(VALID)
    after = digests(out)
    assert all(after[f"{name}/{name}.pdf"] == before[f"{name}/{name}.pdf"] for name in VALID)
    assert not list(out.glob("*/inaktuell/*")) or list(out.glob("*/inaktuell/*")) == \
        [out / "lycksele-2015" / "inaktuell" / "lycksele-2015.pdf"]  # only its own inputs changed


def test_exclude_leaves_the_member_out_names_the_average_and_allows_final(campaign, tmp_path):
    out = tmp_path / "out"
    make_typo(campaign)

    result = invoke("batch", campaign, "--out", out, "--format", "pdf", "--final", "--exclude", "lycksele-2015")

    assert result.exit_code == 0, result.output
    assert re.search(r"lycksele-2015\s+│\s+utesluten", result.output)
    assert "3 byggda, 0 oförändrade, 0 misslyckade, 1 uteslutna; sammanställning skriven" in result.output
    for name in VALID:
        text = pdf_text(out / name / f"{name}.pdf")
        assert NAMED in text and "UTKAST" not in text and "Att göra" not in text
    assert not (out / "lycksele-2015").exists()
    rows = summary_rows(out)
    assert "lycksele-2015" not in rows and "Medelvärde (3 kommuner)" in rows


def test_exclude_is_repeatable(campaign, tmp_path):
    result = invoke("batch", campaign, "--out", tmp_path / "out", "--format", "pdf",
                    "--exclude", "lycksele-2015", "--exclude", "norsjo-2015")

    assert result.exit_code == 0, result.output
    assert "2 byggda, 0 oförändrade, 0 misslyckade, 2 uteslutna" in result.output
    assert "Som referens visas ett medelvärde av 2 kommuner som utvärderats enligt Kommunkompassen mellan " \
           "2012–2015: Kalix och Östersund." in pdf_text(tmp_path / "out" / "kalix-2012" / "kalix-2012.pdf")


def test_exclude_of_no_member_is_a_usage_error(campaign, tmp_path):
    result = invoke("batch", campaign, "--out", tmp_path / "out", "--exclude", "lyksele-2015")

    assert result.exit_code == 2
    assert "--exclude lyksele-2015: ingen av utvärderingarna som byggs heter så" in result.output
    assert "lycksele-2015" in result.output and "Traceback" not in result.output


def test_exclude_in_the_campaign_file(campaign, tmp_path):
    make_typo(campaign)
    replace_in(campaign / "kampanj.yaml", "reference:", "exclude:\n  - lycksele-2015\nreference:")

    result = invoke("batch", campaign / "kampanj.yaml", "--out", tmp_path / "out", "--format", "pdf", "--final")

    assert result.exit_code == 0, result.output
    assert re.search(r"lycksele-2015\s+│\s+utesluten", result.output)
    assert NAMED in pdf_text(tmp_path / "out" / "kalix-2012" / "kalix-2012.pdf")


def test_an_exclude_that_names_no_member_is_an_input_error_with_its_line(campaign, tmp_path):
    replace_in(campaign / "kampanj.yaml", "reference:", "exclude:\n  - lyksele-2015\nreference:")

    result = invoke("batch", campaign, "--out", tmp_path / "out", "--format", "pdf")

    assert result.exit_code == 1
    assert f"{campaign / 'kampanj.yaml'}:4: exclude nr 1: lyksele-2015 under exclude är ingen av kampanjens " \
           "utvärderingar" in result.output


def test_fixing_the_typo_rebuilds_all_and_removes_every_set_aside_file(campaign, tmp_path):
    out = tmp_path / "out"
    invoke("batch", campaign, "--out", out, "--format", "pdf")
    make_typo(campaign)
    broken = invoke("batch", campaign, "--out", out, "--format", "pdf")
    set_aside = (out / "lycksele-2015" / "inaktuell" / "lycksele-2015.pdf").is_file()
    (out / "inaktuell").mkdir()  # as an earlier Kompass left it: the summary set aside
    for name in ("sammanstallning.xlsx", "sammanstallning.csv"):
        shutil.copy(out / name, out / "inaktuell" / name)
    fix_typo(campaign)

    fixed = invoke("batch", campaign, "--out", out, "--format", "pdf")

    assert broken.exit_code == 1  # its own inputs changed: Lycksele's old report was set aside
    assert set_aside
    assert fixed.exit_code == 0, fixed.output
    assert "4 byggda" in fixed.output
    assert not list(out.rglob("inaktuell"))
    for name in MEMBERS:
        text = pdf_text(out / name / f"{name}.pdf")
        assert "medelvärde av 4 kommuner" in text and "UTKAST" not in text and ": Kalix" not in text
    assert "lycksele-2015" not in summary_rows(out) and "Lycksele" in summary_rows(out)


def test_a_current_report_loses_its_old_set_aside_copies(campaign, tmp_path):
    out = tmp_path / "out"
    invoke("batch", campaign, "--out", out, "--format", "pdf")
    (out / "kalix-2012" / "inaktuell").mkdir()
    (out / "kalix-2012" / "inaktuell" / "kalix-2012.pdf").write_bytes(b"%PDF- an old report")
    (out / "inaktuell").mkdir()
    (out / "inaktuell" / "sammanstallning.csv").write_text("old", encoding="utf-8")

    again = invoke("batch", campaign, "--out", out, "--format", "pdf")

    assert "0 byggda, 4 oförändrade" in again.output
    assert not list(out.rglob("inaktuell"))
