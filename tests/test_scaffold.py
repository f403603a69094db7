"""`kompass new` writes a complete draft that `kompass check` accepts with warnings only."""

from __future__ import annotations

from click.testing import CliRunner

from authoring.cli import main
from authoring.evaluation import read_evaluation
from authoring.framework import load_framework


def test_new_draft_passes_check_with_warnings_only(tmp_path):
    runner = CliRunner()

    created = runner.invoke(main, ["new", "Östersund", "2020", "--inputs", str(tmp_path)])
    checked = runner.invoke(main, ["check", str(tmp_path / "ostersund-2020")])
    strict = runner.invoke(main, ["check", "--strict", str(tmp_path / "ostersund-2020")])

    assert created.exit_code == 0, created.output
    assert checked.exit_code == 0, checked.output
    assert "0 error(s), " in checked.output and "warning" in checked.output
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

    assert again.exit_code == 2 and "already exists" in again.output
    assert unknown.exit_code == 2 and "there is no framework '1999' (known: 2007, 2010)" in unknown.output
