"""Every kind of bad input gets a problem that names the file, the line or key, and what to do."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from authoring.cli.commands import main
from authoring.source.evaluation import read_evaluation
from authoring.problems import Severity

from .conftest import line_of, replace_in


def problems_of(folder: Path):
    evaluation, problems = read_evaluation(folder)
    return evaluation, [str(p) for p in problems], problems


def test_unknown_question_id_names_file_line_and_key(kalix):
    scores = kalix / "scores.yaml"
    replace_in(scores, '"8.6":', '"8.9":')

    evaluation, messages, _ = problems_of(kalix)

    assert evaluation is None
    line = line_of(scores, '"8.9"')
    assert any(m.startswith(f"{scores}:{line}: 8.9: okänd fråga") for m in messages), messages


def test_missing_question_id_is_a_warning_not_an_error(kalix):
    scores = kalix / "scores.yaml"
    lines = [l for l in scores.read_text(encoding="utf-8").splitlines() if not l.startswith('"4.3"')]
    scores.write_text("\n".join(lines) + "\n", encoding="utf-8")

    evaluation, messages, problems = problems_of(kalix)

    assert evaluation is not None
    assert [p.key for p in problems.warnings] == ["4.3"]
    assert "fråga 4.3 saknas" in messages[0] and str(scores) in messages[0]


def test_score_above_max_names_the_maximum(kalix):
    scores = kalix / "scores.yaml"
    replace_in(scores, '"2.3": 7.5', '"2.3": 17')

    _, messages, _ = problems_of(kalix)

    assert f"{scores}:{line_of(scores, chr(34) + '2.3')}: 2.3: 17 är mer än maxpoängen 15" in messages


def test_negative_score_is_rejected(kalix):
    scores = kalix / "scores.yaml"
    replace_in(scores, '"1.2": 11', '"1.2": -1')

    _, messages, _ = problems_of(kalix)

    assert any(m.startswith(f"{scores}:{line_of(scores, chr(34) + '1.2')}: 1.2: poängen -1 är negativ") for m in messages)


def test_non_numeric_score_is_rejected(kalix):
    scores = kalix / "scores.yaml"
    replace_in(scores, '"1.2": 11', '"1.2": elva')

    _, messages, _ = problems_of(kalix)

    assert f"{scores}:{line_of(scores, chr(34) + '1.2')}: 1.2: poängen måste vara ett tal (angivet: 'elva')" in messages


def test_wrong_framework_version_lists_the_known_ones(kalix):
    meta = kalix / "evaluation.yaml"
    replace_in(meta, 'framework: "2010"', 'framework: "2011"')

    _, messages, _ = problems_of(kalix)

    line = line_of(meta, "framework:")
    assert any(m.startswith(f"{meta}:{line}: framework: det finns inget ramverk '2011' (kända: 2007, 2010)")
               for m in messages), messages


def test_missing_required_metadata_is_named(kalix):
    meta = kalix / "evaluation.yaml"
    replace_in(meta, "year: 2012", "")

    _, messages, _ = problems_of(kalix)

    assert any(m.startswith(f"{meta}:") and "year: saknas: lägg till den" in m for m in messages), messages


def test_values_a_draft_may_leave_empty_are_warned_about(kalix):
    meta = kalix / "evaluation.yaml"
    replace_in(meta, "interviewees: 40", "interviewees:")

    _, messages, _ = problems_of(kalix)

    line = line_of(meta, "interviewees:")
    assert (f"{meta}:{line}: varning: interviewees: är inte ifyllt: skriv ungefär hur många som intervjuades, "
            "t.ex. 40") in messages


def test_unknown_key_is_reported_as_a_likely_typo(kalix):
    meta = kalix / "evaluation.yaml"
    replace_in(meta, "interviewees: 40", "interviewees: 40\nintervewees: 40")

    _, messages, _ = problems_of(kalix)

    line = line_of(meta, "intervewees")
    assert f"{meta}:{line}: intervewees: okänd nyckel (felstavad?): ta bort den eller rätta namnet" in messages


def test_bad_value_deep_in_metadata_names_its_key_path(kalix):
    meta = kalix / "evaluation.yaml"
    replace_in(meta, "year: 2003", "year: tjugohundratre")

    _, messages, _ = problems_of(kalix)

    line = line_of(meta, "tjugohundratre")
    assert any(m.startswith(f"{meta}:{line}: earlier_evaluations nr 1 › year:") for m in messages), messages


def test_malformed_yaml_names_the_line(kalix):
    scores = kalix / "scores.yaml"
    replace_in(scores, '"1.2": 11', '"1.2": [11')

    _, messages, _ = problems_of(kalix)

    assert len(messages) == 1 and messages[0].startswith(f"{scores}:") and "är inte giltig YAML" in messages[0]


def test_duplicate_key_is_an_error(kalix):
    scores = kalix / "scores.yaml"
    replace_in(scores, '"1.2": 11', '"1.2": 11\n"1.2": 12')

    _, messages, _ = problems_of(kalix)

    assert f"{scores}:{line_of(scores, chr(34) + '1.2') + 1}: 1.2: nyckeln finns två gånger: behåll en" in messages


def test_empty_section_in_notes_is_an_error_with_its_line(kalix):
    notes = kalix / "notes" / "area-3.md"
    replace_in(notes, "## Samspel och dialog", "## Tom rubrik\n\n## Samspel och dialog")

    _, messages, _ = problems_of(kalix)

    line = line_of(notes, "## Tom rubrik")
    assert f"{notes}:{line}: avsnittet '## Tom rubrik' har ingen text: skriv den eller ta bort rubriken" in messages


def test_malformed_markdown_is_named(kalix):
    notes = kalix / "notes" / "area-2.md"
    replace_in(notes, "## Styrkor", "# Styrkor")
    replace_in(notes, "## Förbättringsmöjligheter\n", "## Förbättringsmöjligheter\n\nEn mening i stället för en lista.\n")

    _, messages, _ = problems_of(kalix)

    assert any(m.startswith(f"{notes}:{line_of(notes, '# Styrkor')}: rubriken 'Styrkor' ska börja med '## '")
               for m in messages), messages
    line = line_of(notes, "En mening")
    assert f"{notes}:{line}: under '## Förbättringsmöjligheter' skriver du bara en punktlista ('- punkt')" in messages


def test_missing_notes_file_is_an_error(kalix):
    (kalix / "notes" / "area-8.md").unlink()

    _, messages, problems = problems_of(kalix)

    assert problems.errors[0].severity is Severity.ERROR
    assert f"{kalix / 'notes' / 'area-8.md'}: filen saknas: skapa den (kompass new skriver en mall)" in messages


def test_all_problems_are_reported_at_once(kalix):
    replace_in(kalix / "scores.yaml", '"1.2": 11', '"1.2": 99')
    replace_in(kalix / "scores.yaml", '"5.2": 11', '"5.2": x')
    replace_in(kalix / "evaluation.yaml", "interviewees: 40", "interviewees: many")

    _, _, problems = problems_of(kalix)

    assert len(problems.errors) == 3


def test_binary_garbage_gives_a_message_not_a_traceback(kalix):
    (kalix / "scores.yaml").write_bytes(b"\xff\xfe\x00garbage")

    result = CliRunner().invoke(main, ["check", str(kalix)])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "är inte UTF-8-text" in result.output


def test_check_exit_codes_are_0_ok_1_invalid_2_usage(kalix):
    runner = CliRunner()

    ok = runner.invoke(main, ["check", str(kalix)])
    replace_in(kalix / "scores.yaml", '"1.2": 11', '"1.2": 99')
    invalid = runner.invoke(main, ["check", str(kalix)])
    usage = runner.invoke(main, ["check", "--no-such-option", str(kalix)])

    assert (ok.exit_code, invalid.exit_code, usage.exit_code) == (0, 1, 2)


def test_strict_turns_warnings_into_failure(kalix):
    replace_in(kalix / "scores.yaml", '"1.2": 11', '"1.2":')

    lenient = CliRunner().invoke(main, ["check", str(kalix)])
    strict = CliRunner().invoke(main, ["check", "--strict", str(kalix)])

    assert (lenient.exit_code, strict.exit_code) == (0, 1)
    assert "varning: 1.2: fråga 1.2 har ännu inga poäng (max 20)" in strict.output
