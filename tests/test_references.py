"""References computed from data: the campaign average, a named evaluation, earlier evaluations."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from pypdf import PdfReader

from authoring.builder.plan import plan
from authoring.cli.commands import main
from authoring.compose import compose
from authoring.rounding import rounded_points
from authoring.model import Figure

from .campaign_factory import variation
from .conftest import INPUTS, replace_in
from .pdftext import page_texts


def small_campaign(root: Path) -> Path:
    """Five 2010-framework evaluations from 2012 to 2015 and one from 2009, in ``root/inputs``."""
    inputs = root / "inputs"
    for name in ("kalix-2012", "norsjo-2015", "ostersund-2015"):
        shutil.copytree(INPUTS / name, inputs / name)
    variation(INPUTS / "kalix-2012", inputs / "aby-2013", "Åby", 2013, Decimal("0.9"))
    variation(INPUTS / "norsjo-2015", inputs / "bodby-2014", "Bodby", 2014, Decimal("1.2"))
    variation(INPUTS / "norsjo-2015", inputs / "tidigby-2009", "Tidigby", 2009, Decimal("0.5"))
    return inputs


def radar_reference(report):
    radar = next(b.chart for b in report.blocks if isinstance(b, Figure) and b.chart.key == "summary-radar")
    return radar.series[-1]


def test_campaign_reference_states_n_and_period_and_equals_the_workbook_average(tmp_path):
    inputs = small_campaign(tmp_path)
    (tmp_path / "kampanj.yaml").write_text(
        "name: Testkampanj\nevaluations: [inputs/kalix-2012, inputs/norsjo-2015, inputs/ostersund-2015,\n"
        "  inputs/aby-2013, inputs/bodby-2014, inputs/tidigby-2009]\n"
        "reference:\n  kind: campaign\n  period: [2010, 2016]\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["batch", str(tmp_path / "kampanj.yaml"), "--out", str(tmp_path / "out"),
                                       "--format", "pdf"])

    assert result.exit_code == 0, result.output
    text = re.sub(r"\s+", " ", " ".join(page_texts(PdfReader(tmp_path / "out" / "kalix-2012" / "kalix-2012.pdf"))))
    assert ("Som referens visas ett medelvärde av 5 kommuner som utvärderats enligt Kommunkompassen "
            "mellan 2012–2015.") in text
    workbook = pd.read_excel(tmp_path / "out" / "sammanstallning.xlsx", sheet_name="Sammanställning")
    average = workbook[workbook["Kommun"].str.startswith("Medelvärde")].iloc[0]
    assert average["Kommun"] == "Medelvärde (6 kommuner)"  # the workbook averages the whole campaign
    kalix = plan([inputs / "kalix-2012"]).items[0].evaluation
    assert kalix.meta.reference.count == 5  # a plain build of kalix finds the campaign file in a parent folder


def test_radar_reference_series_equals_the_workbook_averages(tmp_path):
    inputs = small_campaign(tmp_path)
    shutil.rmtree(inputs / "tidigby-2009")
    replace_in(inputs / "kalix-2012" / "evaluation.yaml", "kortfakta:", "reference:\n  kind: campaign\nkortfakta:")

    CliRunner().invoke(main, ["batch", str(inputs), "--out", str(tmp_path / "out"), "--format", "pdf"])
    planned = plan([inputs / "kalix-2012"]).items[0]
    series = radar_reference(compose(planned.evaluation))

    workbook = pd.read_excel(tmp_path / "out" / "sammanstallning.xlsx", sheet_name="Sammanställning")
    average = workbook[workbook["Kommun"].str.startswith("Medelvärde")].iloc[0]
    assert not planned.problems.errors
    assert series.name == "Medelvärde 5 kommuner"
    # the workbook shows the averages rounded as the reports show them; the chart draws them exactly
    assert [float(rounded_points(Decimal(repr(v)))) for v in series.values] == [
        average[f"Område {n}"] for n in range(1, 9)]


def test_named_evaluation_and_earlier_evaluation_come_from_the_inputs(tmp_path):
    inputs = small_campaign(tmp_path)
    variation(INPUTS / "kalix-2012", inputs / "kalix-2008", "Kalix", 2008, Decimal("0.8"))
    meta = inputs / "kalix-2012" / "evaluation.yaml"
    replace_in(meta, "  - year: 2003", "  - year: 2003\n  - year: 2008")
    replace_in(meta, "kortfakta:", "reference:\n  kind: municipality\n  evaluation: bodby-2014\nkortfakta:")

    result = CliRunner().invoke(main, ["build", str(inputs / "kalix-2012"), "--out", str(tmp_path / "o")])
    text = re.sub(r"\s+", " ", " ".join(page_texts(PdfReader(tmp_path / "o" / "kalix-2012" / "kalix-2012.pdf"))))

    assert result.exit_code == 0, result.output
    assert "Som referens visas Bodby kommun, utvärderad 2014." in text
    assert "Även poängen från 2008 då kommunen utvärderades tidigare finns med." in text
    assert "Område Kalix 2012 Kalix 2008 Bodby 2014 Max" in text
    assert "Det är en förbättring med" in text


def test_a_reference_to_a_missing_evaluation_is_a_clear_error(tmp_path):
    inputs = small_campaign(tmp_path)
    replace_in(inputs / "kalix-2012" / "evaluation.yaml", "kortfakta:",
               "reference:\n  kind: municipality\n  evaluation: nowhere-2014\nkortfakta:")

    result = CliRunner().invoke(main, ["build", str(inputs / "kalix-2012"), "--out", str(tmp_path / "o")])
    checked = CliRunner().invoke(main, ["check", str(inputs / "kalix-2012")])

    assert result.exit_code == checked.exit_code == 1
    for output in (result.output, checked.output):
        assert "referensen 'nowhere-2014' är ingen giltig utvärdering i samma kampanj" in output
