"""Per-report wording: any framework text or report wording can be overridden by name, in
evaluation.yaml or notes/texts/<name>.md; bad overrides are check errors with file and line."""

from __future__ import annotations

import shutil

import yaml
from click.testing import CliRunner

from authoring.cli.commands import main
from authoring.compose import compose
from authoring.dump import dump
from authoring.source.evaluation import load_evaluation
from authoring.source.framework import load_framework, load_framework_file
from authoring.model import Table
from authoring.source.overrides import text_names
from authoring.templates import report_texts

from .conftest import ROOT, line_of

TEST_2020 = ROOT / "tests" / "data" / "frameworks" / "2020.yaml"  # invented questions: test data only


def check(folder):
    return CliRunner().invoke(main, ["check", str(folder)])


def add_texts(folder, texts: dict[str, str]) -> None:
    with open(folder / "evaluation.yaml", "a", encoding="utf-8") as handle:
        handle.write(yaml.safe_dump({"texts": texts}, allow_unicode=True, width=1000))


def test_every_text_name_comes_from_the_data_and_is_listed_by_kompass_texts():
    names = text_names(load_framework("2010"))

    listed = CliRunner().invoke(main, ["texts"]).output.splitlines()

    assert {"texts.what_is", "areas.3.general", "labels.improvements", "headings.evaluation",
            "sentences.total", "contents", "figures.caption"} <= set(names)
    assert [line.split(":")[0] for line in listed] == list(names)


def test_overriding_every_text_with_its_default_changes_nothing(kalix):
    before = dump(compose(load_evaluation(kalix)))
    add_texts(kalix, text_names(load_evaluation(kalix).framework))

    after = dump(compose(load_evaluation(kalix, strict=True)))

    assert after == before


def test_an_override_in_evaluation_yaml_and_one_in_notes_texts_are_used(kalix):
    add_texts(kalix, {"headings.results": "Resultatet i korthet"})
    (kalix / "notes" / "texts").mkdir()
    (kalix / "notes" / "texts" / "areas.2.general.md").write_text("Egen Allmänt-text för {kommun}.\n", encoding="utf-8")

    text = dump(compose(load_evaluation(kalix, strict=True)))

    assert "Heading2 'Resultatet i korthet'" in text and "Sammanfattning av resultat" not in text
    assert "Paragraph[body] Egen Allmänt-text för Kalix." in text


def test_an_unknown_name_is_an_error_with_file_line_and_a_suggestion(kalix):
    add_texts(kalix, {"headings.evalution": "Om utvärderingen"})
    (kalix / "notes" / "texts").mkdir()
    stray = kalix / "notes" / "texts" / "kapitel1.md"
    stray.write_text("Text.\n", encoding="utf-8")

    result = check(kalix)

    source = kalix / "evaluation.yaml"
    assert result.exit_code == 1
    assert (f"{source}:{line_of(source, 'headings.evalution')}: okänt textnamn 'headings.evalution': menar du "
            "headings.evaluation?") in result.output
    assert f"{stray}: okänt textnamn 'kapitel1'" in result.output


def test_an_unknown_placeholder_a_heading_and_a_double_override_are_errors(kalix):
    add_texts(kalix, {"sentences.total": "{kommunnamn} fick {poängen} poäng.", "texts.comparisons": "Text."})
    (kalix / "notes" / "texts").mkdir()
    method = kalix / "notes" / "texts" / "texts.evaluation_method.md"
    method.write_text("Metod.\n\n## En rubrik\n\nTappas bort.\n", encoding="utf-8")
    (kalix / "notes" / "texts" / "texts.comparisons.md").write_text("Annan text.\n", encoding="utf-8")

    result = check(kalix)

    source = kalix / "evaluation.yaml"
    assert f"{source}:{line_of(source, 'sentences.total')}: sentences.total: okänd platshållare {{poängen}}" \
        in result.output
    assert f"{method}:" in result.output and "utan rubriker ('## ')" in result.output
    assert "texts.comparisons.md: texten texts.comparisons ges också i" in result.output
    assert result.exit_code == 1


def test_the_contents_page_can_be_switched_off(kalix):
    with open(kalix / "evaluation.yaml", "a", encoding="utf-8") as handle:
        handle.write("contents_page: false\n")

    text = dump(compose(load_evaluation(kalix)))

    assert "Contents" not in text


def test_the_2007_framework_heads_its_list_förbättringsområden(tmp_path):
    CliRunner().invoke(main, ["new", "Kalix", "2007", "--framework", "2007", "--inputs", str(tmp_path)])
    notes = tmp_path / "kalix-2007" / "notes" / "area-1.md"
    notes.write_text("## Avsnitt\n\nText.\n\n## Styrkor\n\n- Bra\n\n## Förbättringsområden\n\n- Bättre\n",
                     encoding="utf-8")

    report = compose(load_evaluation(tmp_path / "kalix-2007"))

    tables = [b for b in report.blocks if isinstance(b, Table) and len(b.header) == 2]
    headers = [[c.blocks[0].runs[0].text for c in t.header] for t in tables]
    assert load_framework("2007").labels.improvements == "Förbättringsområden"
    assert ["Styrkor", "Förbättringsområden"] in headers
    assert "strengths" not in report_texts()["headings"]


def test_kompass_texts_finds_a_framework_where_an_evaluation_would(tmp_path, monkeypatch):
    campaign = tmp_path / "kampanj"
    (campaign / "kalix-2024").mkdir(parents=True)
    (campaign / "kampanj.yaml").write_text("name: Test\n", encoding="utf-8")
    shutil.copy(TEST_2020, campaign / "2020.yaml")
    expected = text_names(load_framework_file(TEST_2020))
    monkeypatch.chdir(tmp_path)

    beside = CliRunner().invoke(main, ["texts", "--framework", "2020", "--folder", str(campaign / "kalix-2024")])
    named = CliRunner().invoke(main, ["texts", "--framework", str(TEST_2020)])
    monkeypatch.chdir(campaign)
    here = CliRunner().invoke(main, ["texts", "--framework", "2020"])
    monkeypatch.chdir(tmp_path)
    elsewhere = CliRunner().invoke(main, ["texts", "--framework", "2020"])

    for result in (beside, named, here):
        assert result.exit_code == 0, result.output
        assert [line.split(":")[0] for line in result.output.splitlines()] == list(expected)
    assert elsewhere.exit_code == 2 and "2020.yaml" in elsewhere.output
