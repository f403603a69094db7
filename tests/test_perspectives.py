"""Perspectives, a framework's optional level above its areas, in the summary: a table of each
perspective's points (grouped sums that add up to the total) and a chart of its share of the maximum.

The perspectives here are invented test data laid over the 2010 framework's areas; the 2020
revision's names are used only for realism."""

from __future__ import annotations

import dataclasses
from decimal import Decimal


from authoring.compose import compose
from authoring.model import Figure, Table, inline_text
from authoring.source.evaluation import read_evaluation
from authoring.source.framework import Framework

from .conftest import INPUTS
from .expected import area_totals, shown_points
from .test_house_style_parts import kalix

PERSPECTIVES = [{"name": "Demokrati och samhällsutveckling", "areas": [1, 8]},
                {"name": "Styrning och effektivitet", "areas": [3, 4, 5]},
                {"name": "Service och kvalitet", "areas": [2, 7]},
                {"name": "Arbetsgivarpolitik", "areas": [6]}]
STYLE = "layout:\n  results: [total, perspective_table, area_table, perspective_chart, profile]\n"


def with_perspectives(evaluation):
    data = evaluation.framework.model_dump(mode="json") | {"perspectives": PERSPECTIVES}
    return dataclasses.replace(evaluation, framework=Framework.model_validate(data))


def test_the_perspective_table_sums_its_areas_and_the_chart_shows_each_share(tmp_path):
    evaluation, problems = read_evaluation(kalix(tmp_path, STYLE))
    report = compose(with_perspectives(evaluation))
    [table] = [b for b in report.blocks if isinstance(b, Table) and b.anchor == "kk_table_perspectives"]
    totals = area_totals("kalix-2012")
    rows = [[inline_text(c.blocks[0].runs) for c in row] for row in table.rows]
    for row, perspective in zip(rows, PERSPECTIVES):
        assert row[0] == perspective["name"]
        assert row[1] == shown_points(sum(totals[n] for n in perspective["areas"]))
        assert row[-1] == str(100 * len(perspective["areas"]))
    assert rows[-1][0] == "Totalt" and rows[-1][1] == shown_points(sum(totals.values())) and rows[-1][-1] == "800"
    [chart] = [b.chart for b in report.blocks if isinstance(b, Figure) and b.chart.key == "summary-perspectives"]
    assert chart.categories == tuple(p["name"] for p in PERSPECTIVES)
    share = sum(totals[n] for n in (3, 4, 5)) * 100 / 300
    assert chart.series[0].values[1] == float(share)
    assert [b.anchor for b in report.blocks if isinstance(b, Table)].index("kk_table_perspectives") < \
        [b.anchor for b in report.blocks if isinstance(b, Table)].index("kk_table_areas")


def test_without_perspectives_the_parts_are_empty(tmp_path):
    evaluation, _ = read_evaluation(kalix(tmp_path, STYLE))
    report = compose(evaluation)
    assert not any(isinstance(b, Table) and b.anchor == "kk_table_perspectives" for b in report.blocks)


def test_a_framework_whose_perspectives_miss_an_area_is_refused():
    data = read_evaluation(INPUTS / "kalix-2012")[0].framework.model_dump(mode="json")
    data["perspectives"] = PERSPECTIVES[:3]
    try:
        Framework.model_validate(data)
    except ValueError as exc:
        assert "exakt en gång" in str(exc) and "6" not in str(exc).split("angivna:")[1]
    else:
        raise AssertionError("perspectives without area 6 were accepted")


def test_a_2020_campaign_shows_its_perspectives_in_pdf_docx_and_html(tmp_path):
    """The invented 2020 test framework beside kampanj.yaml, a house style with the perspective parts,
    every question scored at its max times its area number / 10: each perspective's sum in every format."""
    import re

    import lxml.html
    import yaml
    from docx import Document
    from pypdf import PdfReader

    from authoring.builder.build import build
    from authoring.swedish import points

    from .test_framework_beside import TEST_2020, campaign

    inputs = campaign(tmp_path)
    (inputs / "report.yaml").write_text(STYLE, encoding="utf-8")
    framework = yaml.safe_load(TEST_2020.read_text(encoding="utf-8"))
    scores = {q["id"]: Decimal(str(q["max"])) * a["number"] / 10 for a in framework["areas"] for q in a["questions"]}
    (inputs / "kalix-2024" / "scores.yaml").write_text(
        "".join(f'"{qid}": {value}\n' for qid, value in scores.items()), encoding="utf-8")
    pdf, docx, html = build(inputs / "kalix-2024", tmp_path / "out", ("pdf", "docx", "html")).paths
    document = Document(str(docx))
    found = {"pdf": " ".join(page.extract_text() for page in PdfReader(pdf).pages),
             "docx": " ".join(["\t".join(c.text for c in row.cells) for t in document.tables for row in t.rows]),
             "html": " ".join(lxml.html.fromstring(html.read_bytes()).body.itertext())}
    for kind, text in found.items():
        text = re.sub("[ \t\r\n]+", " ", text)
        for perspective in framework["perspectives"]:
            total = sum(Decimal(n * 10) for n in perspective["areas"])  # each area: its number times 10
            assert re.search(rf"{perspective['name']} {points(total)} 200(?![,\d])", text), (kind, perspective["name"])
        assert "800,0" not in text and "100,0" not in text  # a max summed from 12,5 and 7,5 is shown whole
        assert "Uppnådd andel av maxpoängen per perspektiv 2024" in text or kind == "docx", kind
    assert len(document.inline_shapes) == 8 + 2  # the area charts, the radar and the perspectives' chart
