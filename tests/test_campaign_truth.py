"""One campaign, one truth: build and batch agree, and a failing member never changes the others' average."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from authoring.cli.commands import main

from .conftest import EXAMPLES, INPUTS, replace_in

AVERAGE = re.compile(r"Som referens visas ett medelvärde av (\d+) kommuner")


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    """Three examples in ``inputs/`` with a campaign file that compares each with their average."""
    inputs = tmp_path / "inputs"
    for name in EXAMPLES:
        shutil.copytree(INPUTS / name, inputs / name)
    (inputs / "kampanj.yaml").write_text(f"name: Testkampanj\nevaluations: [{', '.join(EXAMPLES)}]\n"
                                         "reference:\n  kind: campaign\n", encoding="utf-8")
    return inputs


def test_build_of_one_member_states_the_same_reference_as_batch(campaign, tmp_path):
    batched = invoke("batch", campaign, "--out", tmp_path / "batch", "--format", "pdf")
    built = invoke("build", campaign / "kalix-2012", "--out", tmp_path / "build", "--format", "pdf")

    assert batched.exit_code == 0 and built.exit_code == 0, batched.output + built.output
    in_batch = pdf_text(tmp_path / "batch" / "kalix-2012" / "kalix-2012.pdf")
    in_build = pdf_text(tmp_path / "build" / "kalix-2012" / "kalix-2012.pdf")
    assert AVERAGE.search(in_batch).group(0) == AVERAGE.search(in_build).group(0)
    assert AVERAGE.search(in_build).group(1) == "3"
    assert in_batch == in_build


def test_a_campaign_file_found_in_a_parent_folder_or_named_explicitly(campaign, tmp_path):
    moved = tmp_path / "elsewhere.yaml"
    shutil.move(campaign / "kampanj.yaml", moved)
    moved.write_text(moved.read_text(encoding="utf-8").replace("[", "[inputs/").replace(", ", ", inputs/"),
                     encoding="utf-8")

    plain = invoke("build", campaign / "norsjo-2015", "--out", tmp_path / "a", "--format", "pdf")
    named = invoke("build", campaign / "norsjo-2015", "--campaign", moved, "--out", tmp_path / "b", "--format", "pdf")

    assert plain.exit_code == named.exit_code == 0, plain.output + named.output
    assert not AVERAGE.search(pdf_text(tmp_path / "a" / "norsjo-2015" / "norsjo-2015.pdf"))
    assert AVERAGE.search(pdf_text(tmp_path / "b" / "norsjo-2015" / "norsjo-2015.pdf")).group(1) == "3"


def test_a_failing_member_makes_the_others_drafts_and_blocks_a_report_of_its_own_scores(campaign, tmp_path):
    out = tmp_path / "out"
    with (campaign / "kalix-2012" / "evaluation.yaml").open("a", encoding="utf-8") as file:
        file.write("reference:\n  kind: municipality\n  evaluation: norsjo-2015\n")
    first = invoke("batch", campaign, "--out", out, "--format", "pdf")
    kalix = (out / "kalix-2012" / "kalix-2012.pdf").read_bytes()
    replace_in(campaign / "norsjo-2015" / "scores.yaml", '"1.2": ', '"1.2": 999 #')

    second = invoke("batch", campaign, "--out", out, "--format", "pdf")
    single = invoke("build", campaign / "kalix-2012", "--out", out, "--format", "pdf")

    assert first.exit_code == 0, first.output
    assert second.exit_code == 1
    assert re.search(r"kalix-2012\s+│\s+blockerad", second.output)
    assert re.search(r"ostersund-2015\s+│\s+byggd\s+│\s+utkast \(1 sak att göra\)", second.output)
    assert re.search(r"norsjo-2015\s+│\s+misslyckad", second.output)
    assert "1 byggda, 0 oförändrade, 1 misslyckade, 1 blockerade" in second.output
    assert "referensen eller de tidigare poängen är poängen i norsjo-2015, som har fel" in second.output
    assert single.exit_code == 1 and "är poängen i norsjo-2015, som har fel" in single.output
    # Kalix's own inputs did not change: its report stays; Norsjö's did: its report is set aside.
    assert (out / "kalix-2012" / "kalix-2012.pdf").read_bytes() == kalix
    assert sorted(p.name for p in out.glob("*/inaktuell/*.pdf")) == ["norsjo-2015.pdf"]
    ostersund = pdf_text(out / "ostersund-2015" / "ostersund-2015.pdf")
    assert AVERAGE.search(ostersund).group(1) == "2" and "av 2 kommuner som utvärderats enligt Kommunkompassen " \
        "mellan 2012–2015: Kalix och Östersund." in ostersund
    assert (out / "sammanstallning.xlsx").exists() and not (out / "inaktuell").exists()


def test_fixing_the_member_rebuilds_everything_with_the_full_average(campaign, tmp_path):
    out = tmp_path / "out"
    replace_in(campaign / "norsjo-2015" / "scores.yaml", '"1.2": ', '"1.2": 999 #')
    invoke("batch", campaign, "--out", out, "--format", "pdf")
    replace_in(campaign / "norsjo-2015" / "scores.yaml", '"1.2": 999 #', '"1.2": ')

    fixed = invoke("batch", campaign, "--out", out, "--format", "pdf")

    assert fixed.exit_code == 0, fixed.output
    assert "3 byggda" in fixed.output
    assert {AVERAGE.search(pdf_text(p)).group(1) for p in out.glob("*/*.pdf")} == {"3"}
    assert not list(out.glob("*/inaktuell"))


def test_a_draft_member_makes_the_average_incomplete_not_smaller(campaign, tmp_path):
    scores = campaign / "ostersund-2015" / "scores.yaml"
    scores.write_text(re.sub(r'^"7\.1": *[0-9.]+', '"7.1":', scores.read_text(encoding="utf-8"), flags=re.M),
                      encoding="utf-8")

    result = invoke("batch", campaign, "--out", tmp_path / "out", "--format", "pdf")
    kalix = pdf_text(tmp_path / "out" / "kalix-2012" / "kalix-2012.pdf")

    assert result.exit_code == 0, result.output
    assert AVERAGE.search(kalix).group(1) == "3"
    assert "UTKAST" in kalix and "Referensen saknar poäng för område 7" in kalix
    assert re.search(r"kalix-2012\s+│\s+byggd\s+│\s+utkast \(1 sak att göra\)", result.output), result.output


def test_batch_final_refuses_drafts(campaign, tmp_path):
    scores = campaign / "norsjo-2015" / "scores.yaml"
    scores.write_text(re.sub(r'^"2\.2": *[0-9.]+', '"2.2":', scores.read_text(encoding="utf-8"), flags=re.M),
                      encoding="utf-8")

    result = invoke("batch", campaign, "--final", "--out", tmp_path / "out", "--format", "pdf")

    assert result.exit_code == 1
    assert re.search(r"norsjo-2015\s+│\s+misslyckad", result.output)
    assert "Område 2: poäng saknas för 2.2" in result.output
    assert not (tmp_path / "out" / "norsjo-2015" / "norsjo-2015.pdf").exists()


def test_check_and_status_take_a_folder_of_evaluations(campaign, tmp_path):
    invoke("batch", campaign, "--out", tmp_path / "out", "--format", "pdf")
    (campaign / "kalix-2012" / "notes" / "area-3.md").write_text("## Styrkor\n- En styrka\n", encoding="utf-8")

    checked = invoke("check", campaign)
    status = CliRunner().invoke(main, ["status", str(campaign), "--out", str(tmp_path / "out")],
                                terminal_width=200)

    assert checked.exit_code == 0, checked.output
    assert all(f"{campaign / name}: ok" in checked.output for name in EXAMPLES)
    rows = {line.split("│")[1].strip(): line for line in status.output.splitlines() if line.count("│") > 5}
    assert set(EXAMPLES) <= set(rows)
    assert re.search(r"│ utkast\s+│\s+45/45 │.*│ 5/5 --", rows["kalix-2012"])  # area 3: no text, one list
    assert "│ inaktuell" in rows["kalix-2012"] and "│ aktuell" in rows["norsjo-2015"]
    assert "slutlig" in rows["norsjo-2015"] and "Medelvärde 3 kommuner" in rows["norsjo-2015"]


def test_the_csv_rounds_like_the_reports(campaign, tmp_path):
    invoke("batch", campaign, "--out", tmp_path / "out", "--format", "pdf")

    lines = (tmp_path / "out" / "sammanstallning.csv").read_text(encoding="utf-8-sig").splitlines()
    kalix = next(line.split(";") for line in lines if line.startswith("Kalix;"))
    text = pdf_text(tmp_path / "out" / "kalix-2012" / "kalix-2012.pdf")

    assert kalix[3] == "41,0"  # area 1's questions sum to 40,95; the report shows 41
    assert "1 Offentlighet och demokrati 41 " in text
    assert kalix[11] == "415,7" and "uppnår 415,7 av 800" in text


def test_building_one_format_sets_a_stale_other_format_aside(tmp_path):
    folder = Path(shutil.copytree(INPUTS / "norsjo-2015", tmp_path / "inputs" / "norsjo-2015"))
    out = tmp_path / "out" / "norsjo-2015"
    invoke("build", folder, "--out", tmp_path / "out")
    again = invoke("build", folder, "--out", tmp_path / "out", "--format", "pdf")
    unchanged = sorted(p.name for p in out.iterdir())
    replace_in(folder / "scores.yaml", '"1.1": ', '"1.1": 1 #')

    changed = invoke("build", folder, "--out", tmp_path / "out", "--format", "pdf")

    assert again.exit_code == changed.exit_code == 0
    assert unchanged == [".kompass-build.json", "norsjo-2015.docx", "norsjo-2015.pdf"]  # both still current
    assert sorted(p.name for p in out.iterdir()) == [".kompass-build.json", "inaktuell", "norsjo-2015.pdf"]
    assert (out / "inaktuell" / "norsjo-2015.docx").is_file()


@pytest.mark.parametrize("columns", [80, 100])
def test_status_fits_the_terminal_and_names_each_incomplete_area(campaign, tmp_path, columns):
    (campaign / "kalix-2012" / "notes" / "area-3.md").write_text("## Styrkor\n- En styrka\n", encoding="utf-8")

    narrow = CliRunner().invoke(main, ["status", str(campaign), "--out", str(tmp_path / "out")],
                                env={"COLUMNS": str(columns)})

    assert narrow.exit_code == 0, narrow.output
    lines = narrow.output.splitlines()
    assert max(len(line) for line in lines) <= columns, narrow.output
    assert "…" not in narrow.output  # stacked, never cut
    kalix = next(i for i, line in enumerate(lines) if line.strip().startswith("kalix-2012"))
    assert "3: 5/5 --" in lines[kalix] and "utkast" in lines[kalix]  # only the incomplete area, in full
    norsjo = "\n".join(lines[next(i for i, line in enumerate(lines) if "norsjo-2015" in line):][:4])
    assert "alla klara" in norsjo and "slutlig" in norsjo and "Medelvärde 3" in norsjo
