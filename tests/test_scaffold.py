"""`kompass new` writes a complete draft that `kompass check` accepts with warnings only."""

from __future__ import annotations

import re

from click.testing import CliRunner
from pypdf import PdfReader

from authoring.cli.commands import main
from authoring.source.evaluation import read_evaluation
from authoring.source.framework import load_framework

from .conftest import replace_in


def test_new_draft_passes_check_with_warnings_only(tmp_path):
    runner = CliRunner()

    created = runner.invoke(main, ["new", "Östersund", "2020", "--inputs", str(tmp_path)])
    checked = runner.invoke(main, ["check", str(tmp_path / "ostersund-2020")])
    strict = runner.invoke(main, ["check", "--strict", str(tmp_path / "ostersund-2020")])

    assert created.exit_code == 0, created.output
    assert checked.exit_code == 0, checked.output
    assert "0 fel, " in checked.output and "varning" in checked.output
    assert strict.exit_code == 1


def test_new_draft_lists_every_question_with_its_max_and_no_score(tmp_path):
    CliRunner().invoke(main, ["new", "Kalix", "2024", "--framework", "2007", "--inputs", str(tmp_path)])

    evaluation, problems = read_evaluation(tmp_path / "kalix-2024")
    scores_text = (tmp_path / "kalix-2024" / "scores.yaml").read_text(encoding="utf-8")

    framework = load_framework("2007")
    assert evaluation.framework.version == "2007"
    assert evaluation.scores.missing == list(framework.questions)
    for qid, question in framework.questions.items():
        assert f'"{qid}":   # max {question.max}: {question.text}' in scores_text
    assert not problems.errors


def test_new_refuses_to_overwrite_and_unknown_framework_is_a_usage_error(tmp_path):
    runner = CliRunner()
    runner.invoke(main, ["new", "Kalix", "2024", "--inputs", str(tmp_path)])

    again = runner.invoke(main, ["new", "Kalix", "2024", "--inputs", str(tmp_path)])
    unknown = runner.invoke(main, ["new", "Kalix", "2025", "--framework", "1999", "--inputs", str(tmp_path)])

    assert again.exit_code == 2 and "finns redan" in again.output
    assert unknown.exit_code == 2 and "det finns inget ramverk '1999' (kända: 2007, 2010)" in unknown.output


def test_new_then_build_states_no_scaffold_value_as_fact(tmp_path):
    runner = CliRunner()
    runner.invoke(main, ["new", "Bjurholm", "2024", "--inputs", str(tmp_path / "inputs")])

    built = runner.invoke(main, ["build", str(tmp_path / "inputs" / "bjurholm-2024"), "--out", str(tmp_path / "out"),
                                 "--format", "pdf"])
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(
        tmp_path / "out" / "bjurholm-2024" / "bjurholm-2024.pdf").pages))

    assert built.exit_code == 0, built.output
    assert "bjurholm-2024: utkast" in built.output
    assert "genomfördes [uppgift saknas: när utvärderingen genomfördes]" in text
    assert "intervjuer med [uppgift saknas: antal intervjuade] personer" in text
    assert not re.search(r"genomfördes (i )?[a-z]+ 2024|ett [0-9]+-tal", text)
    assert "uppnår" not in text  # no score is stated: nothing is scored
    assert "Analys av Bjurholms kommun" in text and "kommuns kommun" not in text


def test_new_refuses_a_name_with_kommun_and_suggests_the_name(tmp_path):
    result = CliRunner().invoke(main, ["new", "Bjurholms kommun", "2024", "--inputs", str(tmp_path)])

    assert result.exit_code == 2
    assert "skriv kommunens namn utan \"kommun\": 'Bjurholm' (i rapporten blir det \"Bjurholms kommun\")" in result.output
    assert not list(tmp_path.iterdir())


def test_evaluation_yaml_with_kommun_in_the_name_is_an_error_with_line(kalix):
    replace_in(kalix / "evaluation.yaml", "municipality: Kalix", "municipality: Kalix kommun")

    evaluation, problems = read_evaluation(kalix)

    assert evaluation is None
    assert any(str(p).startswith(f"{kalix / 'evaluation.yaml'}:3: municipality: skriv kommunens namn utan")
               for p in problems.errors), [str(p) for p in problems]


def test_scaffold_comments_are_swedish_and_show_every_optional_block(tmp_path):
    CliRunner().invoke(main, ["new", "Kalix", "2007", "--framework", "2007", "--inputs", str(tmp_path)])
    meta = (tmp_path / "kalix-2007" / "evaluation.yaml").read_text(encoding="utf-8")

    for block in ("official_name", "earlier_evaluations", "authors", "reference",
                  "kind: campaign", "kind: municipality", "kind: average", "kortfakta"):
        assert f"# {block}" in meta or f"#   {block}" in meta, block
    assert "evaluated:\n" in meta and "interviewees:\n" in meta
    assert "\ninhabitants_genitive:\n" in meta  # empty, to be filled in: never guessed (issue 21)
    assert "- year: 2003" in meta  # an earlier evaluation before this one, not after
    assert "Fyll i det som är tomt" in meta
    assert (tmp_path / "kalix-2007" / "notes" / "summary.md").read_text(encoding="utf-8").startswith("<!-- Valfritt")


def test_new_for_2007_uses_the_2007_framework_and_suggests_no_later_year(tmp_path):
    result = CliRunner().invoke(main, ["new", "Bjurholm", "2007", "--inputs", str(tmp_path)])

    meta = (tmp_path / "bjurholm-2007" / "evaluation.yaml").read_text(encoding="utf-8")
    assert result.exit_code == 0, result.output
    assert 'framework: "2007"' in meta
    assert max(int(y) for y in re.findall(r"\b(19[9][0-9]|20[0-9]{2})\b", meta)) == 2007
    earlier = re.search(r"#   - year: (\d{4})", meta)
    assert earlier and int(earlier.group(1)) < 2007


def test_new_for_2012_uses_the_2010_framework(tmp_path):
    CliRunner().invoke(main, ["new", "Kalix", "2012", "--inputs", str(tmp_path)])

    assert 'framework: "2010"' in (tmp_path / "kalix-2012" / "evaluation.yaml").read_text(encoding="utf-8")


def test_the_scaffold_points_to_documentation_the_install_carries_not_to_a_repository(tmp_path):
    runner = CliRunner()

    runner.invoke(main, ["new", "Kalix", "2024", "--inputs", str(tmp_path)])
    scaffold = "\n".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "kalix-2024").rglob("*"))
                         if p.suffix in (".yaml", ".md"))
    shown = runner.invoke(main, ["hjälp", "format"])
    topics = runner.invoke(main, ["hjälp"])

    assert "docs/" not in scaffold  # a wheel install has no docs/ folder
    assert "kompass hjälp format" in scaffold
    assert shown.exit_code == 0 and shown.output.startswith("# Evaluation input format")
    assert "## Placeholders" in shown.output
    assert topics.exit_code == 0 and "kompass hjälp format" in topics.output and "kompass hjälp ramverk" in topics.output
