"""Every part, column, caption and wording the 2007-2016 originals differ in is a house style entry
(docs/house-style.md): each is set in a report.yaml here and found in the composed report, and
against the default where the opposite holds. Bad entries are errors with file and line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from click.testing import CliRunner

from authoring.builder.build import build
from authoring.cli.commands import main
from authoring.compose import compose
from authoring.dump import dump
from authoring.model import Contents, Heading, PageBreak, Paragraph, ScoreBox, Table, inline_text
from authoring.source.evaluation import read_evaluation

from .conftest import INPUTS, line_of, replace_in


def kalix(tmp_path: Path, style: str = "", own: str = "") -> Path:
    """Return Kalix inside a copy of the example campaign, with the campaign's and its own report.yaml."""
    inputs = Path(shutil.copytree(INPUTS, tmp_path / "inputs"))
    if style:
        (inputs / "report.yaml").write_text(style, encoding="utf-8")
    if own:
        (inputs / "kalix-2012" / "report.yaml").write_text(own, encoding="utf-8")
    return inputs / "kalix-2012"


def composed(folder: Path):
    evaluation, problems = read_evaluation(folder)
    assert evaluation is not None, [str(p) for p in problems]
    return compose(evaluation)


def problems_of(folder: Path) -> list[str]:
    evaluation, problems = read_evaluation(folder)
    assert evaluation is None
    return [str(p) for p in problems.errors]


def headings(report) -> list[str]:
    return [b.title for b in report.blocks if isinstance(b, Heading)]


def paragraphs(report) -> list[str]:
    return [inline_text(b.runs) for b in report.blocks if isinstance(b, Paragraph)]


def summary_table(report) -> Table:
    return next(b for b in report.blocks if isinstance(b, Table) and b.anchor == "kk_table_areas")


def cell(c) -> str:
    return inline_text(c.blocks[0].runs)


LEFT_OUT = """\
layout:
  results: [area_table, profile]
  area: [general, score_sentence, notes, question_chart, lists]
  summary: [notes_before, evaluation, results, notes]
  appendix: [intro, tables]
  appendix_table:
    total_row: false
  area_table:
    columns: [area, subject, reference]
headings:
  comparisons: ""
"""


def test_parts_left_out(tmp_path):
    default = composed(INPUTS / "kalix-2012")
    report = composed(kalix(tmp_path, LEFT_OUT))
    text, before = dump(report), dump(default)
    for gone in ("Poäng per område 2012",  # the bar chart's caption
                 "Heading2 'Jämförelser'", "Allmänt", "möjliga poäng", "Totalt uppnår"):
        assert gone in before and gone not in text, gone
    assert any(isinstance(b, ScoreBox) for b in default.blocks)
    assert not any(isinstance(b, ScoreBox) for b in report.blocks)
    table = summary_table(report)
    assert [cell(c) for c in table.header][-1] != "Max" and [cell(c) for c in summary_table(default).header][-1] == "Max"
    appendix = [b for b in report.blocks if isinstance(b, Table) and (b.anchor or "").startswith("kk_table_area-")]
    assert len(appendix) == 8 and not any(t.total for t in appendix)
    assert all(cell(row[1]) != "Totalt" for t in appendix for row in t.rows)


PER_AREA = """\
layout:
  contents:
    levels: 1
    entries:
      areas: Områdena i detalj
  per_area:
    3:
      heading: "{nummer}. Styrning och kontroll"
      score_sentence: "Kommunen får {poäng} poäng av {max} inom politisk styrning."
  notes_tables:
    caption: true
  closing: after
  evaluation: [sentence]
sentences:
  evaluation: >-
    Utvärderingen av {kommunnamn} genomfördes {månad} och bygger på intervjuer med {antal_intervjuade}
    personer.
"""


def test_per_area_wording_contents_captions_closing_and_one_evaluation_paragraph(tmp_path):
    folder = kalix(tmp_path, PER_AREA)
    replace_in(folder / "notes" / "area-1.md", "\n## ", "\n| Nämnd | Möten |\n|---|---|\n| KS | 12 |\n\n## ")
    replace_in(folder / "evaluation.yaml", "kortfakta:", "publication:\n  closing: Tack till alla som medverkat.\nkortfakta:")
    report = composed(folder)
    assert "3. Styrning och kontroll" in headings(report)
    assert "Område 3 Politisk styrning och kontroll" not in headings(report)
    assert any(p.startswith("Kommunen får ") and "poäng av 100 inom politisk styrning." in p for p in paragraphs(report))
    [contents] = [b for b in report.blocks if isinstance(b, Contents)]
    assert contents.levels == 1
    chapter = next(b for b in report.blocks if isinstance(b, Heading) and b.number == "3")
    assert chapter.contents_title == "3 Områdena i detalj" and chapter.title != chapter.contents_title
    captions = [b.title for b in report.blocks if isinstance(b, Table) and b.title]
    region_tables = [t for b in report.blocks if type(b).__name__ == "Region" and b.name.startswith("area-")
                     for t in b.blocks if isinstance(t, Table)]
    # The table ends area 1's first section: the caption is numbered and names the section.
    assert [t.title for t in region_tables] == ["Tabell 1. Strategi för demokratiutveckling och information"]
    assert not captions  # the generated tables keep no printed caption unless asked
    assert ("Utvärderingen av Kalix kommun genomfördes november 2012 och bygger på intervjuer med 40 personer. "
            "Den första genomfördes 2003.") in paragraphs(report)
    assert not any(p.startswith("Utvärderingsgruppen har studerat") for p in paragraphs(report))
    closing = next(i for i, b in enumerate(report.blocks) if isinstance(b, Paragraph)
                   and inline_text(b.runs) == "Tack till alla som medverkat.")
    assert not isinstance(report.blocks[closing - 1], PageBreak)
    default = composed(INPUTS / "kalix-2012")
    assert "Område 3 Politisk styrning och kontroll" in headings(default)

    pdf, docx = build(folder, tmp_path / "out").paths
    first = "\n".join(page.extract_text() for page in PdfReader(pdf).pages[:3])
    assert "3 Områdena i detalj" in first and "Område 1 Offentlighet" not in first.split("Vad är")[0]


def test_an_evaluations_style_wins_over_its_campaigns_and_both_over_the_package(tmp_path):
    campaign = "numbers:\n  point_decimals: 0\nheadings:\n  results: Resultatet\n  evaluation: Om utvärderingen\n"
    own = "headings:\n  results: Resultat i korthet\n"
    report = composed(kalix(tmp_path, campaign, own))
    assert "Resultat i korthet" in headings(report) and "Om utvärderingen" in headings(report)
    assert "Resultatet" not in headings(report) and "Sammanfattning av resultat" not in headings(report)
    assert any(p.startswith("Kalix kommun uppnår 416 av 800") for p in paragraphs(report))


def test_kompass_templates_report_yaml_is_over_the_package_and_under_the_campaign(tmp_path):
    templates = Path(shutil.copytree(Path(__file__).parent.parent / "templates", tmp_path / "templates"))
    (templates / "report.yaml").write_text("headings:\n  results: Från mallmappen\n  comparisons: Jämför\n",
                                           encoding="utf-8")
    folder = kalix(tmp_path, "headings:\n  comparisons: Från kampanjen\n")
    code = ("import sys; from pathlib import Path; from authoring.source.evaluation import read_evaluation;"
            "from authoring.compose import compose; from authoring.model import Heading;"
            "e, p = read_evaluation(Path(sys.argv[1])); print([b.text for b in compose(e).blocks if isinstance(b, Heading)])")
    env = {**os.environ, "KOMPASS_TEMPLATES": str(templates)}
    result = subprocess.run([sys.executable, "-c", code, str(folder)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "'Från mallmappen'" in result.stdout and "'Från kampanjen'" in result.stdout
    assert "'Jämför'" not in result.stdout and "'Utvärderingen'" in result.stdout  # the package's, untouched


@pytest.mark.parametrize(("style", "needle", "message"), [
    ("layout:\n  chapters: [what_is, summary, areas, kortfakta, bilaga]\n", "chapters", "måste vara ett av"),
    ("layout:\n  area: [score_box, notes, notes, lists]\n", "area:", "står två gånger"),
    ("layout:\n  area: [score_box, general]\n", "area:", "håller utvärderarens text"),
    ("layout:\n  title_page:\n    authors: en_per_rad\n", "authors", "by_organisation"),
    ("numbers:\n  point_decimals: 2\n", "point_decimals", "måste vara ett av"),
    ("layout:\n  contents:\n    show: kanske\n", "show", "show"),
    ("headings:\n  resultat: Resultat\n", "resultat", "okänt textnamn 'headings.resultat'"),
    ("headings:\n  results: \"\"\n", "results", "kan inte vara tom"),
    ("sentences:\n  total: \"{kommun} får {poängen}\"\n", "total", "okänd platshållare {poängen}"),
    ("layout:\n  per_area:\n    3:\n      heading: \"{nr} {titel}\"\n", "heading", "okänd platshållare {nr}"),
    ("layout:\n  per_area:\n    9:\n      heading: Nio\n", "per_area", "område 9 finns inte"),
    ("layout: [a, b]\n", "layout", "måste bestå av"),
])
def test_a_wrong_entry_is_an_error_with_file_and_line(tmp_path, style, needle, message):
    folder = kalix(tmp_path, style)
    errors = problems_of(folder)
    path = folder.parent / "report.yaml"
    assert any(e.startswith(f"{path}:{line_of(path, needle)}:") and message in e for e in errors), errors


def test_an_empty_heading_may_head_a_part_that_is_left_out(tmp_path):
    style = "layout:\n  summary: [notes_before, evaluation, results, notes]\nheadings:\n  comparisons: \"\"\n"
    report = composed(kalix(tmp_path, style))
    assert not any(isinstance(b, Heading) and b.level == 2 and b.text in ("", "Jämförelser") for b in report.blocks)
    folder = kalix(tmp_path / "own", "layout:\n  summary: [notes_before, evaluation, results, notes]\n")
    with open(folder / "evaluation.yaml", "a", encoding="utf-8") as file:
        file.write('texts:\n  headings.comparisons: ""\n  labels.general_heading: ""\n')
    errors = problems_of(folder)  # Allmänt still heads its part
    assert len(errors) == 1 and "labels.general_heading" in errors[0] and "kan inte vara tom" in errors[0]


def test_kompass_check_names_the_house_style_file_and_line(tmp_path):
    folder = kalix(tmp_path, "layout:\n  results: [total, stapeldiagram]\n")
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 1
    assert f"{folder.parent / 'report.yaml'}:2:" in result.output and "stapeldiagram" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_changed_campaign_house_style_rebuilds_its_members_in_a_batch(tmp_path):
    folder = kalix(tmp_path, "numbers:\n  point_decimals: 1\n")
    campaign, out = folder.parent / "kampanj.yaml", tmp_path / "out"
    first = CliRunner().invoke(main, ["batch", str(campaign), "--out", str(out), "--format", "pdf"])
    again = CliRunner().invoke(main, ["batch", str(campaign), "--out", str(out), "--format", "pdf"])
    (folder.parent / "report.yaml").write_text("numbers:\n  point_decimals: 0\n", encoding="utf-8")
    changed = CliRunner().invoke(main, ["batch", str(campaign), "--out", str(out), "--format", "pdf"])
    assert "3 byggda" in first.output and "0 byggda, 3 oförändrade" in again.output, again.output
    assert "3 byggda, 0 oförändrade" in changed.output, changed.output
